"""The demo negotiation a new user sees: the 2021 modalities zero draft, Rev.1, and accounts."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path

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
)
from tracker.services.delegations import ensure_reference_delegations

DEMO_DATA = Path(__file__).parent / "demo_data"
DEMO_PASSWORD = "demo-password"

#: (e-mail, name, role, delegation code)
DEMO_ACCOUNTS = [
    ("admin@demo.example", "Ada Admin", Role.ADMIN, None),
    ("secretariat@demo.example", "Sam Secretariat (DGACM)", Role.SECRETARIAT, None),
    ("cofac.georgia@demo.example", "Kaha Imnadze (co-facilitator)", Role.FACILITATOR, None),
    ("cofac.philippines@demo.example", "Enrique Manalo (co-facilitator)", Role.FACILITATOR, None),
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
    """Create the demo accounts and negotiation; None when skipped because data exists."""
    ensure_reference_delegations()
    if only_if_empty and db.session.scalar(select(func.count(Negotiation.id))):
        return None
    created = []
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
    facilitator = db.session.scalars(
        select(User).where(User.email == "cofac.georgia@demo.example")
    ).one()
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
    first_round = None
    for filename, label in (("zero-draft.txt", "Zero draft"), ("rev1.txt", "Rev.1")):
        path = DEMO_DATA / filename
        if not path.exists():
            continue
        preview = revisions.upload_revision(
            facilitator, negotiation, filename=filename, data=path.read_bytes(), label=label
        )
        published = revisions.publish_revision(facilitator, preview)
        if first_round is None:
            first_round = _first_consultations(negotiation, published, facilitator)
    if first_round is not None:
        _schedule_after_first_round(negotiation, first_round, facilitator)
    negotiation.status = NegotiationStatus.CONSULTATIONS
    db.session.commit()
    _progress_on_latest_text(negotiation, facilitator)
    return created


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
    UTC; a weekend is left the way the days are counted (to the Monday after, or before a
    deadline counted back from a meeting, the Friday). The demo's meetings sit at 10:00 and
    its deadlines at 18:00 there, whatever the hour the demo was loaded."""
    start = after if after is not None else utcnow()
    day = start.astimezone(moments.NEW_YORK).date() + timedelta(days=days)
    step = timedelta(days=-1 if days < 0 and after is not None else 1)
    while day.weekday() >= 5:
        day += step
    return datetime.combine(day, time(hour), tzinfo=moments.NEW_YORK).astimezone(UTC)


def _first_consultations(
    negotiation: Negotiation, zero: Revision, facilitator: User
) -> ConsultationRound:
    """A first reading of the zero draft with comments from several delegations, some triaged,
    so a new user sees the consultation side at once."""
    meets = _working_day(1, 10)
    first = rounds.create_round(
        facilitator,
        negotiation,
        title="First informal consultations",
        revision=zero,
        starts_at=meets,
        ends_at=_working_day(0, 13, after=meets),
        comment_deadline=_working_day(0, 18, after=meets),
        venue="Conference Room 7, United Nations Headquarters",
    )
    paragraphs = {p.path: p for p in zero.paragraphs}
    mexico, chile, france = _delegate("MEX"), _delegate("CHL"), _delegate("FRA")
    nigeria, norway = _delegate("NGA"), _delegate("NOR")
    eu = db.session.scalars(select(Delegation).where(Delegation.code == "EU")).one()
    op3 = paragraphs["OP3"]
    amendment = comments.create_comment(
        mexico,
        zero,
        paragraph=op3,
        kind="amend",
        proposed_text=op3.text.rstrip(" ;.") + ", in all official languages of the United Nations;",
        body="Multilingualism: the webcast should reach every capital.",
    )
    comments.join_comment(chile, amendment)
    comments.join_comment(norway, amendment)
    # A reply between delegations, so Mexico finds one among its notifications.
    comments.reply_to(chile, amendment, "Chile thanks Mexico and will co-sponsor the wording.")
    eu_comment = comments.create_comment(
        france,
        zero,
        paragraph=paragraphs["OP1"],
        kind="comment",
        body="The European Union supports a two-day meeting and asks that the panels be "
        "interactive, with civil society speakers.",
        on_behalf_of=eu.id,
    )
    question = comments.create_comment(
        nigeria,
        zero,
        paragraph=paragraphs["OP9"],
        kind="question",
        body="Will the list of non-governmental organizations be circulated before the "
        "non-objection period starts?",
    )
    comments.create_comment(
        norway,
        zero,
        paragraph=paragraphs["OP11"],
        kind="reservation",
        body="Norway reserves its position on a short and concise declaration pending the "
        "outcome of the hearing.",
    )
    comments.create_comment(
        mexico,
        zero,
        paragraph=paragraphs["OP2"],
        kind="comment",
        body="For the co-facilitators only: we could accept three minutes if groups get five.",
        visibility=Visibility.FACILITATORS,
    )
    new_paragraph = comments.create_comment(
        chile,
        zero,
        paragraph=paragraphs["OP5"],
        kind="new_after",
        proposed_text="Encourages Member States to include survivors of trafficking in persons "
        "in their delegations;",
    )
    comments.reply_to(facilitator, question, "The list will be circulated two weeks ahead.")
    triage.triage_comment(
        facilitator, amendment, status="reflected", reply="Reflected.", version=amendment.version
    )
    triage.triage_comment(
        facilitator, eu_comment, status="noted", reply="", version=eu_comment.version
    )
    triage.triage_comment(
        facilitator,
        new_paragraph,
        status="not_retained",
        reply="Covered by OP6.",
        version=new_paragraph.version,
    )
    triage.set_paragraph_state(facilitator, paragraphs["PP1"], ParagraphState.AGREED_AD_REF)
    return first


def _schedule_after_first_round(
    negotiation: Negotiation, first: ConsultationRound, facilitator: User
) -> None:
    """Move the first reading into the past and schedule a second reading of the latest text."""
    held = _working_day(-7, 10)
    rounds.update_round(
        facilitator,
        first,
        title=first.title,
        revision=first.revision,
        starts_at=held,
        ends_at=_working_day(0, 13, after=held),
        comment_deadline=_working_day(2, 18, after=held),
        venue=first.venue,
    )
    latest = revisions.latest_published(negotiation)
    if latest is None or latest.id == first.revision_id:
        return
    meets = _working_day(7, 10)
    rounds.create_round(
        facilitator,
        negotiation,
        title="Second reading",
        revision=latest,
        starts_at=meets,
        ends_at=_working_day(0, 13, after=meets),
        comment_deadline=_working_day(-2, 18, after=meets),
        virtual_link="https://meetings.example.org/second-reading",
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
