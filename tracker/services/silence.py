"""The silence procedure: a published text under silence until a deadline, delegations breaking
it on named paragraphs, and the co-facilitators recording whether it passed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from tracker import signals
from tracker.extensions import db
from tracker.models import (
    Delegation,
    Negotiation,
    NegotiationStatus,
    Paragraph,
    Revision,
    SilenceBreak,
    SilenceOutcome,
    SilenceProcedure,
    User,
    alphabetical_key,
    utcnow,
)
from tracker.moments import in_words
from tracker.services import Conflict, Invalid, NotFound
from tracker.services.access import (
    Actor,
    get_of_negotiation,
    is_facilitator,
    require_facilitator,
    signed_in,
)
from tracker.services.audit import record
from tracker.services.comments import speaking_for
from tracker.services.revisions import latest_published
from tracker.services.typed_text import checked_text

MAX_STATEMENT = 10_000
MAX_NOTE = 2_000

OUTCOME_LABELS = {
    SilenceOutcome.PASSED: "Silence passed",
    SilenceOutcome.BROKEN: "Silence broken",
    SilenceOutcome.WITHDRAWN: "Withdrawn from silence",
}


def current_silence(negotiation: Negotiation) -> SilenceProcedure | None:
    """The procedure still awaiting its outcome, if any."""
    return db.session.scalar(
        select(SilenceProcedure)
        .where(
            SilenceProcedure.negotiation_id == negotiation.id,
            SilenceProcedure.outcome.is_(None),
        )
        .order_by(SilenceProcedure.id.desc())
        .limit(1)
    )


def procedures_of(negotiation: Negotiation) -> list[SilenceProcedure]:
    """Every silence procedure of the negotiation, newest first."""
    return list(
        db.session.scalars(
            select(SilenceProcedure)
            .where(SilenceProcedure.negotiation_id == negotiation.id)
            .order_by(SilenceProcedure.id.desc())
        )
    )


def get_procedure(user: Actor, negotiation_id: int, procedure_id: int) -> SilenceProcedure:
    """A silence procedure of that negotiation; every signed-in participant may follow it."""
    return get_of_negotiation(
        user, negotiation_id, SilenceProcedure, procedure_id, "silence procedure"
    )


def start_silence(
    user: Actor, negotiation: Negotiation, revision: Revision | None, deadline: datetime
) -> SilenceProcedure:
    """Put the latest published text under silence until the deadline (co-facilitators)."""
    actor = require_facilitator(user, negotiation)
    if revision is None or revision.negotiation_id != negotiation.id or not revision.is_published:
        raise Invalid("Choose a published revision of this negotiation to put under silence.")
    latest = latest_published(negotiation)
    if latest is None or latest.id != revision.id:
        raise Invalid(
            f"Only the latest text, {latest.label if latest else ''}, can be put under silence; "
            f"{revision.label} has been superseded."
        )
    if deadline.tzinfo is None:
        raise Invalid("The deadline must carry a time zone.")
    if deadline <= utcnow():
        raise Invalid(
            f"The deadline, {in_words(deadline)}, has already passed: choose a later one."
        )
    running = current_silence(negotiation)
    if running is not None:
        raise Conflict(
            f"{running.revision.label} is already under silence (deadline "
            f"{in_words(running.deadline)}); record its outcome first."
        )
    procedure = SilenceProcedure(
        negotiation=negotiation,
        revision=revision,
        deadline=deadline,
        previous_status=negotiation.status,
        started_by=actor,
    )
    negotiation.status = NegotiationStatus.SILENCE
    db.session.add(procedure)
    db.session.flush()
    record(
        actor,
        "silence.start",
        f"Put {revision.label} under silence until {in_words(deadline)}",
        negotiation=negotiation,
        procedure_id=procedure.id,
        revision_id=revision.id,
    )
    signals.silence_opened.send(actor, silence=procedure)
    db.session.commit()
    return procedure


def _paragraphs(procedure: SilenceProcedure, paragraph_ids: Iterable[int | str]) -> list[Paragraph]:
    chosen: list[Paragraph] = []
    for raw in paragraph_ids:
        if not str(raw).isdigit():
            raise Invalid(f"“{raw}” is not a paragraph.")
        paragraph = db.session.get(Paragraph, int(raw))
        if paragraph is None or paragraph.revision.negotiation_id != procedure.negotiation_id:
            raise NotFound("There is no such paragraph in this negotiation.")
        if paragraph.revision_id != procedure.revision_id:
            raise Invalid(
                f"{paragraph.revision.label} {paragraph.path} is not in {procedure.revision.label},"
                " the text under silence."
            )
        if paragraph not in chosen:
            chosen.append(paragraph)
    if not chosen:
        raise Invalid("Name the paragraphs on which silence is broken: choose at least one.")
    return sorted(chosen, key=lambda p: p.position)


@dataclass(frozen=True)
class PreparedBreak:
    """A statement breaking silence, checked but not yet recorded (for the confirmation step)."""

    delegation: Delegation
    paragraphs: list[Paragraph]
    statement: str


def prepare_silence_break(
    user: Actor,
    procedure: SilenceProcedure,
    *,
    paragraph_ids: Iterable[int | str],
    statement: str,
    on_behalf_of: int | str | None = None,
) -> PreparedBreak:
    """Check a statement breaking silence as `break_silence` would, without recording it."""
    actor = signed_in(user)
    delegation = speaking_for(actor, on_behalf_of, procedure.negotiation)
    if procedure.outcome is not None:
        raise Invalid(
            f"The silence procedure on {procedure.revision.label} is closed: "
            f"{OUTCOME_LABELS[SilenceOutcome(procedure.outcome)].lower()}."
        )
    if utcnow() > procedure.deadline:
        raise Invalid(
            f"The silence procedure on {procedure.revision.label} ended on "
            f"{in_words(procedure.deadline)}; silence can no longer be broken."
        )
    paragraphs = _paragraphs(procedure, paragraph_ids)
    statement = checked_text(statement, "The statement")
    if not statement:
        raise Invalid("Write the statement explaining why silence is broken.")
    if len(statement) > MAX_STATEMENT:
        raise Invalid(f"The statement is longer than {MAX_STATEMENT:,} characters.")
    _refuse_repeat(procedure, delegation, paragraphs, statement)
    return PreparedBreak(delegation=delegation, paragraphs=paragraphs, statement=statement)


def _refuse_repeat(
    procedure: SilenceProcedure,
    delegation: Delegation,
    paragraphs: list[Paragraph],
    statement: str,
    besides: int | None = None,
) -> None:
    """Refuse a break its delegation already made on this procedure, on the same paragraphs in
    the same words, and has not lifted (a form sent twice, the back button, a second tab or
    a second delegate): every delegation would be told twice of one objection. A break on
    other paragraphs or in other words is a new objection; so is one made again after the
    delegation lifted the earlier one. `besides`: the break being recorded, not a repeat of
    itself."""
    wanted = {p.id for p in paragraphs}
    earlier = db.session.scalars(
        select(SilenceBreak).where(
            SilenceBreak.procedure_id == procedure.id,
            SilenceBreak.delegation_id == delegation.id,
            SilenceBreak.lifted_at.is_(None),
            *([SilenceBreak.id != besides] if besides is not None else []),
        )
    )
    for silence_break in earlier:
        if _same_words(silence_break.statement, statement) and (
            {p.id for p in silence_break.paragraphs} == wanted
        ):
            raise Conflict(
                f"{delegation.name} already broke silence on "
                f"{', '.join(p.path for p in paragraphs)} with this statement, on "
                f"{in_words(silence_break.created_at)}: it was not recorded again, and no one "
                "was told twice."
            )


def _same_words(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def break_silence(
    user: Actor,
    procedure: SilenceProcedure,
    *,
    paragraph_ids: Iterable[int | str],
    statement: str,
    on_behalf_of: int | str | None = None,
) -> SilenceBreak:
    """Break silence on named paragraphs with a statement, before the deadline (delegates).
    The same break made again by its delegation (not lifted since) is refused: Conflict."""
    actor = signed_in(user)
    # Breaks of one procedure are recorded one after the other (PostgreSQL; SQLite has one
    # writer), so two copies of one form sent at once cannot both pass the check of repeats;
    # rows written with the procedure's id meanwhile are not held up (`FOR NO KEY UPDATE`, as
    # revisions.hold_circulation takes).
    db.session.execute(
        select(SilenceProcedure.id)
        .where(SilenceProcedure.id == procedure.id)
        .with_for_update(key_share=True)
    ).all()
    prepared = prepare_silence_break(
        actor,
        procedure,
        paragraph_ids=paragraph_ids,
        statement=statement,
        on_behalf_of=on_behalf_of,
    )
    delegation, paragraphs, statement = (
        prepared.delegation,
        prepared.paragraphs,
        prepared.statement,
    )
    silence_break = SilenceBreak(
        procedure=procedure,
        delegation=delegation,
        user=actor,
        statement=statement,
        paragraphs=paragraphs,
    )
    db.session.add(silence_break)
    db.session.flush()
    try:
        # Checked again with this break written: on SQLite, a copy recorded since the check
        # above is seen now (the write waited for it).
        _refuse_repeat(procedure, delegation, paragraphs, statement, besides=silence_break.id)
    except Conflict:
        db.session.rollback()
        raise
    labels = ", ".join(p.path for p in paragraphs)
    record(
        actor,
        "silence.break",
        f"{delegation.name} broke silence on {procedure.revision.label} {labels}",
        negotiation=procedure.negotiation,
        procedure_id=procedure.id,
        silence_break_id=silence_break.id,
        paragraph_ids=[p.id for p in paragraphs],
    )
    signals.silence_broken.send(actor, silence=procedure, silence_break=silence_break)
    db.session.commit()
    return silence_break


def get_break(procedure: SilenceProcedure, break_id: int) -> SilenceBreak:
    """A statement breaking this procedure's silence."""
    silence_break = db.session.get(SilenceBreak, break_id)
    if silence_break is None or silence_break.procedure_id != procedure.id:
        raise NotFound("There is no such statement breaking this silence.")
    return silence_break


def check_lift(user: Actor, silence_break: SilenceBreak, note: str = "") -> str:
    """Check that the objection may be lifted by this person now, as `lift_objection` would;
    returns the note, tidied. The delegation that broke silence lifts it (a delegate speaking
    for it), or the co-facilitators record that it told them so."""
    actor = signed_in(user)
    procedure = silence_break.procedure
    if not is_facilitator(actor, procedure.negotiation):
        speaking_for(actor, silence_break.delegation_id, procedure.negotiation)
    _require_running(procedure)
    if silence_break.lifted_at is not None:
        raise Conflict(
            f"{silence_break.delegation.name} already lifted this objection on "
            f"{in_words(silence_break.lifted_at)}."
        )
    return _tidy_note(note)


def lift_objection(user: Actor, silence_break: SilenceBreak, note: str = "") -> SilenceBreak:
    """Lift the objection with which a delegation broke silence, before the outcome is
    recorded; its statement stays on record, marked lifted."""
    note = check_lift(user, silence_break, note)
    actor = signed_in(user)
    procedure = silence_break.procedure
    silence_break.lifted_at = utcnow()
    silence_break.lifted_by = actor
    silence_break.lift_note = note
    labels = ", ".join(p.path for p in silence_break.paragraphs)
    record(
        actor,
        "silence.lift",
        f"{silence_break.delegation.name} lifted its objection to {procedure.revision.label} "
        f"{labels}" + (f": {note}" if note else ""),
        negotiation=procedure.negotiation,
        procedure_id=procedure.id,
        silence_break_id=silence_break.id,
    )
    signals.silence_lifted.send(actor, silence=procedure, silence_break=silence_break)
    db.session.commit()
    return silence_break


def record_outcome(
    user: Actor, procedure: SilenceProcedure, *, outcome: str, note: str = ""
) -> SilenceProcedure:
    """Record that silence passed (after the deadline, unbroken), was broken, or that the
    co-facilitators withdrew the text from silence (co-facilitators).

    Passing concludes the negotiation; breaking or withdrawing returns it to the status it had
    before.
    """
    negotiation = procedure.negotiation
    actor = require_facilitator(user, negotiation)
    try:
        result = SilenceOutcome(outcome)
    except ValueError as error:
        raise Invalid(
            f"“{outcome}” is not an outcome: choose passed, broken or withdrawn."
        ) from error
    _require_running(procedure)
    note = _tidy_note(note)
    standing = procedure.standing_breaks
    if result == SilenceOutcome.PASSED:
        if utcnow() <= procedure.deadline:
            raise Invalid(
                f"Silence runs until {in_words(procedure.deadline)}; it can pass only after that."
            )
        if standing:
            names = ", ".join(sorted({b.delegation.name for b in standing}, key=alphabetical_key))
            raise Invalid(
                f"Silence was broken by {names}: record it as broken, or pass it once the "
                "objection is lifted."
            )
    elif result == SilenceOutcome.BROKEN and not standing:
        raise Invalid(
            "Every objection was lifted; silence cannot be recorded as broken."
            if procedure.breaks
            else "No delegation has broken silence; it cannot be recorded as broken."
        )
    _close(actor, procedure, result, note)
    db.session.commit()
    return procedure


def _tidy_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise Invalid(f"The note is longer than {MAX_NOTE:,} characters.")
    return note


def _require_running(procedure: SilenceProcedure) -> None:
    if procedure.outcome is not None:
        raise Conflict(
            f"The outcome was already recorded: "
            f"{OUTCOME_LABELS[SilenceOutcome(procedure.outcome)].lower()}."
        )


def _close(
    actor: User | None, procedure: SilenceProcedure, result: SilenceOutcome, note: str
) -> None:
    """Write the outcome, set the negotiation's status, audit it and tell whom it concerns."""
    negotiation = procedure.negotiation
    negotiation.status = (
        NegotiationStatus.CONCLUDED
        if result == SilenceOutcome.PASSED
        else procedure.previous_status
    )
    procedure.outcome = result
    procedure.outcome_note = note
    procedure.outcome_by = actor
    procedure.outcome_at = utcnow()
    record(
        actor,
        "silence.outcome",
        f"{OUTCOME_LABELS[result]} on {procedure.revision.label}" + (f": {note}" if note else ""),
        negotiation=negotiation,
        procedure_id=procedure.id,
        outcome=result.value,
    )
    if result == SilenceOutcome.PASSED:
        signals.silence_passed.send(actor, silence=procedure)
    elif result == SilenceOutcome.BROKEN:
        signals.silence_ended_broken.send(actor, silence=procedure)
    elif result == SilenceOutcome.WITHDRAWN:
        signals.silence_withdrawn.send(actor, silence=procedure)


def extend_silence(
    user: Actor, procedure: SilenceProcedure, deadline: datetime
) -> SilenceProcedure:
    """Move a running procedure's deadline later, before it has passed (co-facilitators)."""
    actor = require_facilitator(user, procedure.negotiation)
    _require_running(procedure)
    if deadline.tzinfo is None:
        raise Invalid("The deadline must carry a time zone.")
    earlier = procedure.deadline
    if utcnow() > earlier:
        raise Invalid(
            f"The silence period ended on {in_words(earlier)}; record its outcome instead."
        )
    if deadline <= earlier:
        raise Invalid(
            f"The new deadline, {in_words(deadline)}, must be later than the present one, "
            f"{in_words(earlier)}."
        )
    procedure.deadline = deadline
    record(
        actor,
        "silence.extend",
        f"Extended silence on {procedure.revision.label} from {in_words(earlier)} "
        f"to {in_words(deadline)}",
        negotiation=procedure.negotiation,
        procedure_id=procedure.id,
    )
    signals.silence_extended.send(actor, silence=procedure, earlier=earlier)
    db.session.commit()
    return procedure


def withdraw_on_new_text(actor: User | None, revision: Revision, **_: object) -> None:
    """A text circulated while an earlier one is under silence supersedes it: the earlier one
    is withdrawn from silence (a receiver of `revision_published`)."""
    procedure = current_silence(revision.negotiation)
    if procedure is not None and procedure.revision_id != revision.id:
        _close(actor, procedure, SilenceOutcome.WITHDRAWN, f"{revision.label} was circulated.")


def withdraw_with_text(actor: User | None, revision: Revision, **_: object) -> None:
    """A text withdrawn while under silence is withdrawn from silence with it (a receiver of
    `revision_withdrawn`)."""
    procedure = current_silence(revision.negotiation)
    if procedure is not None and procedure.revision_id == revision.id:
        _close(actor, procedure, SilenceOutcome.WITHDRAWN, f"{revision.label} was withdrawn.")


#: Held here: blinker keeps only a weak reference to a receiver.
_RECEIVERS = (
    (signals.revision_published, signals.without_autoflush(withdraw_on_new_text)),
    (signals.revision_withdrawn, signals.without_autoflush(withdraw_with_text)),
)


def subscribe() -> None:
    """Connect the receivers that end a silence procedure when its text is superseded."""
    for signal, receiver in _RECEIVERS:
        signal.connect(receiver)
