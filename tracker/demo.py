"""The demo negotiation a new user sees: the 2021 modalities zero draft, Rev.1, and accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from tracker import moments
from tracker.extensions import db
from tracker.models import (
    ConsultationRound,
    Delegation,
    Negotiation,
    NegotiationStatus,
    ParagraphState,
    Revision,
    Role,
    User,
    Visibility,
    as_of,
    utcnow,
)
from tracker.services import (
    accounts,
    comments,
    delegations,
    library,
    negotiations,
    revisions,
    rounds,
    triage,
    whats_new,
)
from tracker.services.delegations import ensure_reference_delegations

DEMO_DATA = Path(__file__).parent / "demo_data"
DEMO_PASSWORD = "demo-password"

#: (e-mail, name, role, delegation code)
DEMO_ACCOUNTS = [
    ("admin@demo.example", "Ada Admin", Role.ADMIN, None),
    ("secretariat@demo.example", "Sam Secretariat (DGACM)", Role.SECRETARIAT, None),
    ("cofac.georgia@demo.example", "Kaha Imnadze", Role.FACILITATOR, None),
    ("cofac.philippines@demo.example", "Enrique Manalo", Role.FACILITATOR, None),
    ("mexico@demo.example", "Delegate of Mexico", Role.DELEGATE, "MEX"),
    ("chile@demo.example", "Delegate of Chile", Role.DELEGATE, "CHL"),
    ("france@demo.example", "Delegate of France", Role.DELEGATE, "FRA"),
    ("nigeria@demo.example", "Delegate of Nigeria", Role.DELEGATE, "NGA"),
    ("norway@demo.example", "Delegate of Norway", Role.DELEGATE, "NOR"),
]

NEGOTIATION_TITLE = (
    "Modalities of the high-level meeting on the appraisal of the Global Plan of Action "
    "to Combat Trafficking in Persons"
)


def load_demo(only_if_empty: bool = False) -> list[tuple[str, str]] | None:
    """Create the demo accounts and negotiation; None when skipped because data exists. Each
    step is written at the moment it happened in the demo's story (`Story`), so the dates on
    the pages, notifications and audit trail read as a negotiation two weeks in."""
    ensure_reference_delegations()
    if only_if_empty and db.session.scalar(select(func.count(Negotiation.id))):
        return None
    story = Story.told_today()
    created = []
    with as_of(story.opened - timedelta(hours=1)):
        for email, name, role, delegation in DEMO_ACCOUNTS:
            if db.session.scalar(select(User.id).where(User.email == email)) is None:
                accounts.create_account(
                    None,
                    email=email,
                    name=name,
                    role=role,
                    password=DEMO_PASSWORD,
                    delegation_code=delegation,
                )
            label = f"{role.value}" + (f" ({delegation})" if delegation else "")
            created.append((email, label))
        secretariat = db.session.scalars(
            select(User).where(User.role == Role.SECRETARIAT).limit(1)
        ).one()
        load_starter_library(secretariat)
        negotiation = negotiations.create_negotiation(
            secretariat,
            title=NEGOTIATION_TITLE,
            mandate="General Assembly resolution 74/176 of 18 December 2019",
            facilitator_emails=["cofac.georgia@demo.example", "cofac.philippines@demo.example"],
        )
        # Groups speak only through the delegations designated for them in the negotiation.
        for group_code, delegation_code in (("EU", "FRA"), ("AFRICAN", "NGA")):
            delegations.designate_speaker(
                secretariat, negotiation, group_code=group_code, delegation_code=delegation_code
            )
    facilitator = db.session.scalars(
        select(User).where(User.email == "cofac.georgia@demo.example")
    ).one()
    zero = _circulate(facilitator, negotiation, "zero-draft.txt", "Zero draft", story.opened)
    _first_consultations(story, zero, facilitator)
    with as_of(story.after_meeting(7)):
        # Mexico last looked the evening of the first meeting: signed in as Mexico, the
        # negotiation page says what was written and circulated since.
        whats_new.record_visit(_delegate("MEX"), negotiation)
    revised = _circulate(facilitator, negotiation, "rev1.txt", "Rev.1", story.revised)
    _second_reading(story, revised, facilitator)
    negotiation.status = NegotiationStatus.CONSULTATIONS
    db.session.commit()
    with as_of(story.revised + timedelta(minutes=40)):
        _progress_on_latest_text(negotiation, facilitator)
    return created


def _circulate(
    facilitator: User, negotiation: Negotiation, filename: str, label: str, moment: datetime
) -> Revision:
    """One of the demo's texts, uploaded at `moment` and published ten minutes later."""
    with as_of(moment):
        preview = revisions.upload_revision(
            facilitator,
            negotiation,
            filename=filename,
            data=(DEMO_DATA / filename).read_bytes(),
            label=label,
        )
    with as_of(moment + timedelta(minutes=10)):
        return revisions.publish_revision(facilitator, preview)


def load_starter_library(secretariat: User) -> int:
    """Import the starter library of adopted texts (45 resolutions of the 80th session)."""
    files = [(p.name, p.read_bytes()) for p in sorted((DEMO_DATA / "library").glob("*.md"))]
    return sum(1 for r in library.import_files(secretariat, files) if not r.error)


def _delegate(code: str) -> User:
    return db.session.scalars(
        select(User)
        .join(Delegation, User.delegation_id == Delegation.id)
        .where(Delegation.code == code)
    ).one()


def _working_day(days: int, hour: int, *, after: datetime | None = None) -> datetime:
    """That many days from today (or from the day of `after`), at that hour New York time, in
    UTC; a weekend is left the way the days are counted (to the Monday after, or, counting
    back from a moment, the Friday before). The demo's meetings sit at 10:00 and its deadlines
    at 18:00 there, whatever the hour the demo was loaded."""
    start = after if after is not None else utcnow()
    day = start.astimezone(moments.NEW_YORK).date() + timedelta(days=days)
    step = timedelta(days=-1 if days < 0 and after is not None else 1)
    while day.weekday() >= 5:
        day += step
    return datetime.combine(day, time(hour), tzinfo=moments.NEW_YORK).astimezone(UTC)


@dataclass(frozen=True)
class Story:
    """When the demo negotiation's steps happened, on working days in New York, counted back
    from today: the zero draft circulated with its first round, five days later the round met and
    comments came in until its deadline, the co-facilitators answered them, and Rev.1 was
    circulated on the last working day before today with a second reading scheduled next
    week."""

    #: the zero draft circulated and its first round announced
    opened: datetime
    #: the first informal consultations met (10:00 to 13:00)
    first_meeting: datetime
    #: written comments on the zero draft closed
    first_deadline: datetime
    #: the co-facilitators answered and triaged the comments
    answered: datetime
    #: Rev.1 circulated and the second reading announced
    revised: datetime
    #: the second reading meets
    second_meeting: datetime

    @classmethod
    def told_today(cls) -> Story:
        revised = _working_day(-1, 16, after=utcnow())
        answered = _working_day(-1, 11, after=revised)
        first_deadline = _working_day(-1, 18, after=answered)
        first_meeting = _working_day(-2, 10, after=first_deadline)
        return cls(
            opened=_working_day(-5, 15, after=first_meeting),
            first_meeting=first_meeting,
            first_deadline=first_deadline,
            answered=answered,
            revised=revised,
            second_meeting=_working_day(7, 10),
        )

    def after_meeting(self, hours: float) -> datetime:
        """That many hours after the first meeting opened (the afternoon of its day)."""
        return self.first_meeting + timedelta(hours=hours)

    def day_after_meeting(self, hour: int, minute: int = 0) -> datetime:
        """The working day after the first meeting, at that time New York time (before the
        deadline, two working days after the meeting)."""
        return _working_day(1, hour, after=self.first_meeting) + timedelta(minutes=minute)


def _first_consultations(story: Story, zero: Revision, facilitator: User) -> None:
    """A first reading of the zero draft with comments from several delegations, some triaged,
    so a new user sees the consultation side at once."""
    _announce_round(
        facilitator,
        zero,
        story.opened + timedelta(minutes=20),
        title="First informal consultations",
        meets=story.first_meeting,
        comment_deadline=story.first_deadline,
        venue="Conference Room 7, United Nations Headquarters",
    )
    paragraphs = {p.path: p for p in zero.paragraphs}
    mexico, chile, france = _delegate("MEX"), _delegate("CHL"), _delegate("FRA")
    nigeria, norway = _delegate("NGA"), _delegate("NOR")
    eu = db.session.scalars(select(Delegation).where(Delegation.code == "EU")).one()
    with as_of(story.after_meeting(2.6)):  # in the room
        triage.set_paragraph_state(facilitator, paragraphs["PP1"], ParagraphState.AGREED_AD_REF)
    op3 = paragraphs["OP3"].text.rstrip(" ;.")
    said: list[tuple[datetime, User, str, dict[str, Any]]] = [
        (
            story.after_meeting(3.5),
            mexico,
            "OP3",
            {
                "kind": "amend",
                "proposed_text": op3 + ", in all official languages of the United Nations;",
                "body": "Multilingualism: the webcast should reach every capital.",
            },
        ),
        (
            story.after_meeting(5.1),
            france,
            "OP1",
            {
                "kind": "comment",
                "body": "The European Union supports a two-day meeting and asks that the panels "
                "be interactive, with civil society speakers.",
                "on_behalf_of": eu.id,
            },
        ),
        (
            story.after_meeting(6.4),
            nigeria,
            "OP9",
            {
                "kind": "question",
                "body": "Will the list of non-governmental organizations be circulated before "
                "the non-objection period starts?",
            },
        ),
        (
            story.day_after_meeting(9, 50),
            norway,
            "OP11",
            {
                "kind": "reservation",
                "body": "Norway reserves its position on a short and concise declaration "
                "pending the outcome of the hearing.",
            },
        ),
        (
            story.day_after_meeting(12, 5),
            mexico,
            "OP2",
            {
                "kind": "comment",
                "body": "For the co-facilitators only: we could accept three minutes if groups "
                "get five.",
                "visibility": Visibility.FACILITATORS,
            },
        ),
        (
            story.day_after_meeting(16, 30),
            chile,
            "OP5",
            {
                "kind": "new_after",
                "proposed_text": "Encourages Member States to include survivors of trafficking "
                "in persons in their delegations;",
            },
        ),
    ]
    made = []
    for moment, author, path, details in said:
        with as_of(moment):
            made.append(
                comments.create_comment(author, zero, paragraph=paragraphs[path], **details)
            )
    amendment, eu_comment, question, _, _, new_paragraph = made
    with as_of(story.after_meeting(4.2)):
        comments.join_comment(chile, amendment)
    with as_of(story.after_meeting(4.3)):
        # A reply between delegations, so Mexico finds one among its notifications.
        comments.reply_to(chile, amendment, "Chile thanks Mexico and will co-sponsor the wording.")
    with as_of(story.day_after_meeting(9, 40)):
        comments.join_comment(norway, amendment)
    with as_of(story.answered):
        comments.reply_to(facilitator, question, "The list will be circulated two weeks ahead.")
    decisions = [
        (amendment, "reflected", "Reflected."),
        (eu_comment, "noted", ""),
        (new_paragraph, "not_retained", "Covered by OP6."),
    ]
    for minutes, (comment, status, reply) in enumerate(decisions, start=1):
        with as_of(story.answered + timedelta(minutes=4 * minutes)):
            triage.triage_comment(
                facilitator, comment, status=status, reply=reply, version=comment.version
            )


def _second_reading(story: Story, latest: Revision, facilitator: User) -> None:
    """The second reading of the latest text, announced with it: written comments close two
    working days before it meets."""
    _announce_round(
        facilitator,
        latest,
        story.revised + timedelta(minutes=20),
        title="Second reading",
        meets=story.second_meeting,
        comment_deadline=_working_day(-2, 18, after=story.second_meeting),
        virtual_link="https://meetings.example.org/second-reading",
    )


def _announce_round(
    facilitator: User,
    revision: Revision,
    announced: datetime,
    *,
    title: str,
    meets: datetime,
    comment_deadline: datetime,
    venue: str = "",
    virtual_link: str = "",
) -> ConsultationRound:
    """A round on `revision` scheduled at `announced`, meeting from 10:00 to 13:00."""
    with as_of(announced):
        return rounds.create_round(
            facilitator,
            revision.negotiation,
            title=title,
            revision=revision,
            starts_at=meets,
            ends_at=_working_day(0, 13, after=meets),
            comment_deadline=comment_deadline,
            venue=venue,
            virtual_link=virtual_link,
        )


def _progress_on_latest_text(negotiation: Negotiation, facilitator: User) -> None:
    """Statuses on the latest text, so the dashboard shows progress from one revision to the
    next."""
    latest = revisions.latest_published(negotiation)
    if latest is None:
        return
    paragraphs = [p for p in latest.paragraphs if p.parent_id is None]
    marks = [ParagraphState.AGREED_AD_REF] * 4 + [ParagraphState.BRACKETED]
    for paragraph, state in zip(paragraphs, marks, strict=False):
        if triage.paragraph_state(paragraph) != state:
            triage.set_paragraph_state(facilitator, paragraph, state)
