"""Co-facilitators' decisions: triage of each comment, and the status of each paragraph."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from sqlalchemy import BindParameter, Integer, ScalarSelect, Select, bindparam, literal, select
from sqlalchemy.orm import aliased
from sqlalchemy.orm.exc import StaleDataError

from tracker import signals
from tracker.extensions import db
from tracker.models import (
    Comment,
    ConsultationRound,
    Paragraph,
    ParagraphState,
    ParagraphStatusChange,
    Revision,
    TriageChange,
    TriageStatus,
    User,
)
from tracker.services import Conflict, Invalid
from tracker.services.access import Actor, acting_details, require_facilitation
from tracker.services.audit import record
from tracker.services.revisions import reflecting_label
from tracker.services.typed_text import checked_text
from tracker.text.align import Change

TRIAGE_LABELS = {
    TriageStatus.OPEN: "Open",
    TriageStatus.REFLECTED: "Reflected",
    TriageStatus.PARTLY_REFLECTED: "Partly reflected",
    TriageStatus.NOT_RETAINED: "Not retained",
    TriageStatus.NOTED: "Noted",
}
STATE_LABELS = {
    ParagraphState.PENDING: "Pending",
    ParagraphState.AGREED_AD_REF: "Agreed ad ref",
    ParagraphState.BRACKETED: "Bracketed",
}
MAX_REPLY = 2_000
#: Comments triaged in one go from the compilation page (a round rarely has more).
MAX_BULK = 1_000


def is_settled(comment: Comment) -> bool:
    """Whether the co-facilitators have answered the comment (reflected, partly reflected, not
    retained, noted; a proposal read in during a meeting is reflected): no longer open business."""
    return comment.triage_status != TriageStatus.OPEN


#: A proposal read into a meeting's working text, until the revision it becomes is circulated.
READ_INTO_ROOM = "Read into the room's text"


def triage_label(comment: Comment | TriageChange) -> str:
    """“Reflected in Rev.2”, “Not retained”, “Open” …, or “Read into the room's text” for a
    proposal read in during a meeting whose text is not yet circulated; of a comment (its
    triage now) or of one decision of its history (what it was when made). Every page, export
    and message naming a triage takes it from here."""
    if isinstance(comment, TriageChange):
        status, revision_label, read_in = comment.status, comment.revision_label, comment.read_in
    else:
        status, revision_label = comment.triage_status, comment.triage_revision_label
        read_in = comment.read_into_room
    status = TriageStatus(status)
    if read_in and status == TriageStatus.REFLECTED:
        return READ_INTO_ROOM
    label = TRIAGE_LABELS.get(status, status)
    if status in (TriageStatus.REFLECTED, TriageStatus.PARTLY_REFLECTED) and revision_label:
        return f"{label} in {revision_label}"
    return label


class TriageConflict(Conflict):
    """Another co-facilitator triaged or the author edited the comment first."""

    def __init__(self, comment: Comment) -> None:
        latest = comment.triage_changes[-1] if comment.triage_changes else None
        who = f" by {latest.user.name}" if latest else ""
        reply = f" with the reply “{comment.triage_reply}”" if comment.triage_reply else ""
        super().__init__(
            "This comment changed while you were triaging it: it is now "
            f"“{triage_label(comment)}”{who}{reply}. Nothing was overwritten; "
            "review the current state and triage again if needed."
        )
        self.comment = comment


def triage_comment(
    user: Actor, comment: Comment, *, status: str, reply: str = "", version: int | str | None
) -> Comment:
    """Set a comment's triage status and short reply; the change is kept and audited.

    `version` is the comment version the co-facilitator saw; if the comment changed since,
    TriageConflict is raised and nothing is written.
    """
    negotiation = comment.negotiation
    actor = require_facilitation(user, negotiation)
    if comment.is_withdrawn:
        raise Conflict("The comment was withdrawn by its delegation; there is nothing to triage.")
    new_status, reply = _checked_triage(status, reply)
    if version is None or str(version) != str(comment.version):
        raise TriageConflict(comment)
    if new_status == comment.triage_status and reply == comment.triage_reply:
        raise Invalid("The triage is unchanged.")
    revision_label = (
        reflecting_label(comment.revision)
        if new_status in (TriageStatus.REFLECTED, TriageStatus.PARTLY_REFLECTED)
        else ""
    )
    try:
        write_triage(actor, comment, new_status, reply, revision_label)
        db.session.commit()
    except StaleDataError as error:
        # The version check above passed, but another request committed in between.
        db.session.rollback()
        fresh = db.session.get(Comment, comment.id)
        raise TriageConflict(fresh or comment) from error
    return comment


def write_triage(
    actor: User,
    comment: Comment,
    status: TriageStatus,
    reply: str,
    revision_label: str,
    *,
    read_in: bool = False,
) -> None:
    """Record a triage decision in the current transaction (the caller has checked permission
    and commits): the comment's status, its history row, the audit event and the signal.
    `read_in`: the decision is the proposal's reading into a meeting's working text."""
    previous = triage_label(comment)
    comment.triage_status = status
    comment.triage_reply = reply
    comment.triage_revision_label = revision_label
    comment.read_into_room = read_in
    db.session.add(
        TriageChange(
            comment=comment,
            status=status.value,
            reply=reply,
            revision_label=revision_label,
            read_in=read_in,
            user=actor,
        )
    )
    record(
        actor,
        "comment.triage",
        f"Comment {comment.id} by {comment.delegation.name}: {previous} → {triage_label(comment)}",
        negotiation=comment.negotiation,
        comment_id=comment.id,
        status=status.value,
        **acting_details(actor, comment.negotiation),
    )
    signals.comment_triaged.send(actor, comment=comment, status_label=triage_label(comment))


def _checked_triage(status: str, reply: str) -> tuple[TriageStatus, str]:
    try:
        new_status = TriageStatus(status)
    except ValueError as error:
        raise Invalid(f"“{status}” is not a triage status.") from error
    reply = checked_text(reply, "The reply to the delegation")
    if len(reply) > MAX_REPLY:
        raise Invalid(f"The reply is longer than {MAX_REPLY:,} characters.")
    return new_status, reply


def triage_many(
    user: Actor,
    consultation_round: ConsultationRound,
    comment_ids: Iterable[int | str],
    *,
    status: str,
    reply: str = "",
) -> list[Comment]:
    """Triage many comments of a round's revision at once (from the compilation page): all of
    them or, if one cannot be, none. Comments already so triaged are left as they are."""
    negotiation = consultation_round.negotiation
    actor = require_facilitation(user, negotiation)
    new_status, reply = _checked_triage(status, reply)
    wanted = sorted({int(i) for i in comment_ids if str(i).isdigit() and len(str(i)) < 19})
    if not wanted:
        raise Invalid("Choose at least one comment to triage.")
    if len(wanted) > MAX_BULK:
        raise Invalid(f"Triage at most {MAX_BULK} comments at once; nothing was triaged.")
    chosen = list(
        db.session.scalars(
            select(Comment).where(
                Comment.id.in_(wanted),
                Comment.revision_id == consultation_round.revision_id,
                Comment.withdrawn_at.is_(None),
            )
        )
    )
    if len(chosen) != len(wanted):
        raise Invalid(
            "Some of the chosen comments are not open comments on this round's text; "
            "nothing was triaged."
        )
    revision_label = (
        reflecting_label(consultation_round.revision)
        if new_status in (TriageStatus.REFLECTED, TriageStatus.PARTLY_REFLECTED)
        else ""
    )
    changed = [c for c in chosen if not (c.triage_status == new_status and c.triage_reply == reply)]
    try:
        for comment in changed:
            write_triage(actor, comment, new_status, reply, revision_label)
        db.session.commit()
    except StaleDataError as error:
        db.session.rollback()
        raise Conflict(
            "One of the comments changed while you were triaging; nothing was triaged. "
            "Reload the compilation and try again."
        ) from error
    return changed


def paragraph_state(paragraph: Paragraph) -> str:
    """A paragraph's status: its own latest mark, else its predecessor's while its text is
    unchanged, else pending (one query, however far back the mark is)."""
    return state_or_pending(db.session.scalar(_state_statement(), {"paragraph_id": paragraph.id}))


def state_or_pending(mark: str | None) -> str:
    """The status a paragraph's mark (`marked_state`) gives it: pending when it has none."""
    return mark if mark is not None else ParagraphState.PENDING.value


def marked_state(paragraph_id: BindParameter[int]) -> ScalarSelect[str | None]:
    """The mark that gives the paragraph its status (see paragraph_state), None when none
    does, as a query column: the paragraph and, while the text is unchanged, each predecessor
    in turn (a recursive CTE), then the latest mark of the nearest of them that has one."""
    chain = (
        select(Paragraph.id, Paragraph.previous_id, Paragraph.change, literal(0).label("depth"))
        .where(Paragraph.id == paragraph_id)
        .cte("status_chain", recursive=True)
    )
    earlier = aliased(Paragraph)
    chain = chain.union_all(
        select(earlier.id, earlier.previous_id, earlier.change, chain.c.depth + 1).where(
            earlier.id == chain.c.previous_id, chain.c.change == Change.UNCHANGED
        )
    )
    return (
        select(ParagraphStatusChange.status)
        .join(chain, chain.c.id == ParagraphStatusChange.paragraph_id)
        .order_by(chain.c.depth, ParagraphStatusChange.id.desc())
        .limit(1)
        .scalar_subquery()
    )


@cache
def _state_statement() -> Select[str | None]:
    """The query of paragraph_state, built once."""
    return select(marked_state(bindparam("paragraph_id", type_=Integer)))


def paragraph_states(revision: Revision) -> dict[int, str]:
    """paragraph id -> status for every paragraph of the revision (see paragraph_state)."""
    marks: dict[int, str] = {}
    for paragraph_id, status in db.session.execute(
        select(ParagraphStatusChange.paragraph_id, ParagraphStatusChange.status)
        .join(Paragraph, Paragraph.id == ParagraphStatusChange.paragraph_id)
        .join(Revision, Revision.id == Paragraph.revision_id)
        .where(Revision.negotiation_id == revision.negotiation_id)
        .order_by(ParagraphStatusChange.id)
    ):
        marks[paragraph_id] = status
    pending = ParagraphState.PENDING.value
    paragraph_ids = db.session.scalars(
        select(Paragraph.id).where(Paragraph.revision_id == revision.id)
    ).all()
    if not marks:
        return dict.fromkeys(paragraph_ids, pending)
    # One query for the chain links of the whole negotiation, walked in memory.
    links = {
        paragraph_id: (previous_id, change)
        for paragraph_id, previous_id, change in db.session.execute(
            select(Paragraph.id, Paragraph.previous_id, Paragraph.change)
            .join(Revision, Revision.id == Paragraph.revision_id)
            .where(Revision.negotiation_id == revision.negotiation_id)
        )
    }
    states = {}
    for paragraph_id in paragraph_ids:
        step: int | None = paragraph_id
        state = pending
        while step is not None:
            if step in marks:
                state = marks[step]
                break
            previous_id, change = links.get(step, (None, ""))
            if change != "unchanged":
                break
            step = previous_id
        states[paragraph_id] = state
    return states


def set_paragraph_state(user: Actor, paragraph: Paragraph, status: str) -> Paragraph:
    """Mark a paragraph pending, agreed ad ref or bracketed in its revision; audited."""
    revision = paragraph.revision
    actor = require_facilitation(user, revision.negotiation)
    try:
        state = ParagraphState(status)
    except ValueError as error:
        raise Invalid(f"“{status}” is not a paragraph status.") from error
    if not revision.is_published:
        raise Invalid("Statuses are marked on published revisions.")
    previous = paragraph_state(paragraph)
    if previous == state:
        raise Invalid(f"{paragraph.path} is already {STATE_LABELS[state].lower()}.")
    write_paragraph_state(actor, paragraph, state, previous)
    db.session.commit()
    return paragraph


def write_paragraph_state(
    actor: User, paragraph: Paragraph, state: ParagraphState, previous: str
) -> None:
    """Mark the paragraph's new status (it was `previous`), audited and announced; the caller
    checked that the actor may and commits."""
    revision = paragraph.revision
    db.session.add(ParagraphStatusChange(paragraph=paragraph, status=state.value, user=actor))
    record(
        actor,
        "paragraph.status",
        f"{revision.label} {paragraph.path}: {STATE_LABELS[ParagraphState(previous)]} → "
        f"{STATE_LABELS[state]}",
        negotiation=revision.negotiation,
        paragraph_id=paragraph.id,
        status=state.value,
        **acting_details(actor, revision.negotiation),
    )
    signals.paragraph_status_changed.send(actor, paragraph=paragraph, status=state.value)
