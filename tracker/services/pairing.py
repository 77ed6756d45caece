"""Pairing corrections beyond "continues": a paragraph recorded as a part split off an old one,
two old paragraphs merged into one, earlier corrections never undone silently, and the list
of every correction for the compare page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import AuditEvent, Lineage, LineageCorrection, Paragraph, Revision
from tracker.services import Invalid
from tracker.services.access import Actor, acting_details, require_facilitation
from tracker.services.audit import record
from tracker.services.meeting import meeting_of_preview, written_text
from tracker.services.revisions import previous_published, record_merges
from tracker.text.align import Change, align_documents
from tracker.text.diff import similarity

#: How each kind of correction reads in the compare page and the audit trail.
KIND_PHRASES = {
    "continues": "continues",
    "split": "is a part split off",
    "merge": "also takes in (merged)",
}


def _check_pairable(paragraph: Paragraph, old: Paragraph) -> Revision:
    revision = paragraph.revision
    previous = previous_published(revision)
    if not revision.is_published or paragraph.parent_id is not None:
        raise Invalid("Only top-level paragraphs of a published revision can be re-paired.")
    if previous is None or old.revision_id != previous.id or old.parent_id is not None:
        raise Invalid("Choose a paragraph of the previous revision.")
    return previous


def record_split(user: Actor, paragraph: Paragraph, old: Paragraph) -> Paragraph:
    """Record that `paragraph` is a part split off `old`, which another paragraph continues:
    it keeps a lineage of its own, marked as split from the old one, and its history starts
    with the old paragraph's."""
    actor = require_facilitation(user, paragraph.revision.negotiation)
    previous = _check_pairable(paragraph, old)
    if paragraph.lineage_id == old.lineage_id:
        raise Invalid(
            f"{paragraph.label} continues {old.label} itself; choose “continues” for another "
            "paragraph first, then record this one as a part split off it."
        )
    before = paragraph.lineage_id
    paragraph.lineage.split_from_id = old.lineage_id
    paragraph.previous_id = old.id
    paragraph.change = Change.SPLIT
    paragraph.similarity = similarity(old.text, paragraph.text)
    _remember(actor, paragraph, old, before, paragraph.lineage_id, "split", previous)
    db.session.commit()
    return paragraph


def record_merge(user: Actor, paragraph: Paragraph, old: Paragraph) -> Paragraph:
    """Record that `old` was merged into `paragraph` (which continues another old paragraph):
    the old paragraph's lineage ends there, and its comments follow into `paragraph`."""
    actor = require_facilitation(user, paragraph.revision.negotiation)
    previous = _check_pairable(paragraph, old)
    if paragraph.lineage_id == old.lineage_id:
        raise Invalid(f"{paragraph.label} already continues {old.label}.")
    continued_here = db.session.scalar(
        select(Paragraph).where(
            Paragraph.revision_id == paragraph.revision_id,
            Paragraph.lineage_id == old.lineage_id,
        )
    )
    if continued_here is not None:
        raise Invalid(
            f"{old.label} of {previous.label} is continued by {continued_here.label}; "
            f"correct {continued_here.label}'s pairing first, or record a split instead."
        )
    record_merges({old.lineage_id: paragraph.lineage_id}, paragraph.revision)
    paragraph.change = Change.MERGED
    _remember(actor, paragraph, old, old.lineage_id, paragraph.lineage_id, "merge", previous)
    db.session.commit()
    return paragraph


def _remember(
    actor: object,
    paragraph: Paragraph,
    old: Paragraph,
    previous_lineage_id: int,
    new_lineage_id: int,
    kind: str,
    previous: Revision,
) -> None:
    revision = paragraph.revision
    db.session.add(
        LineageCorrection(
            paragraph=paragraph,
            continues=old,
            previous_lineage_id=previous_lineage_id,
            new_lineage_id=new_lineage_id,
            kind=kind,
            user=actor,
        )
    )
    record(
        actor,  # type: ignore[arg-type]
        f"lineage.{kind}",
        f"{revision.label} {paragraph.label} {KIND_PHRASES[kind]} {previous.label} {old.label}",
        negotiation=revision.negotiation,
        paragraph_id=paragraph.id,
        **acting_details(actor, revision.negotiation),
    )


def negotiation_merges(negotiation_id: int) -> dict[int, int]:
    """Every lineage of the negotiation merged into another: lineage id -> that lineage (one
    query; merges are few)."""
    rows = db.session.execute(
        select(Lineage.id, Lineage.merged_into_id).where(
            Lineage.negotiation_id == negotiation_id, Lineage.merged_into_id.is_not(None)
        )
    ).all()
    return {lineage_id: target for lineage_id, target in rows if target is not None}


@dataclass(frozen=True)
class CorrectionNote:
    """One hand correction as the compare page and audit trail list it."""

    who: str
    when: object
    text: str


def _note(correction: LineageCorrection, old: Revision, new: Revision) -> CorrectionNote:
    continued = correction.continues
    what = f"{old.label} {continued.label}" if continued else "no paragraph (new)"
    phrase = KIND_PHRASES.get(correction.kind, correction.kind)
    return CorrectionNote(
        correction.user.name,
        correction.created_at,
        f"{new.label} {correction.paragraph.label} {phrase} {what}",
    )


def corrections_shown(old: Revision, new: Revision) -> list[CorrectionNote]:
    """Every hand correction of the pairing between two consecutive revisions: those the
    text was published with, then those made on the published text."""
    before = previous_published(new)
    if before is None or before.id != old.id:
        return []
    notes = _published_with(old, new)
    corrections = db.session.scalars(
        select(LineageCorrection)
        .join(Paragraph, Paragraph.id == LineageCorrection.paragraph_id)
        .where(Paragraph.revision_id == new.id)
        .order_by(LineageCorrection.id)
    )
    return notes + [_note(correction, old, new) for correction in corrections]


def room_pairing(revision: Revision) -> dict[str, str | None] | None:
    """How the meeting whose working text became this revision paired it with the text it
    started from (new label -> old label, None: inserted in the room); None when no meeting
    made it."""
    meeting = meeting_of_preview(revision)
    return None if meeting is None else written_text(meeting).pairing


def hand_corrections(
    revision: Revision, room: dict[str, str | None] | None
) -> dict[str, str | None]:
    """The pairings a co-facilitator set by hand on the preview: all of them for an uploaded
    text; for a text a meeting made (`room`: its pairing), those that differ from the room's,
    the rest being the room's own edits and nobody's correction."""
    pairing = revision.preview_pairing or {}
    if room is None:
        return dict(pairing)
    return {
        label: target
        for label, target in pairing.items()
        if label not in room or room[label] != target
    }


def _published_with(old: Revision, new: Revision) -> list[CorrectionNote]:
    """The hand corrections the text was published with that pair a paragraph otherwise than
    the app does, each with who set it last: not the trials of the preview, which no one but
    the co-facilitators saw (the audit trail keeps them)."""
    room = room_pairing(new)
    corrections = hand_corrections(new, room)
    if not corrections:
        return []
    own = room if room is not None else align_documents(old.document, new.document).continued()
    differing = {label: target for label, target in corrections.items() if own.get(label) != target}
    if not differing:
        return []
    last: dict[str, AuditEvent] = {}
    for event in db.session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.negotiation_id == new.negotiation_id,
            AuditEvent.action == "lineage.correct_preview",
        )
        .order_by(AuditEvent.id)
    ):
        if event.details.get("revision_id") == new.id:
            last[event.details.get("new_label", "")] = event
    notes = []
    for label, target in differing.items():
        setter = last.get(label)
        what = f"{old.label} {target}" if target else "no paragraph (new)"
        notes.append(
            CorrectionNote(
                setter.user.name if setter is not None and setter.user else "system",
                setter.created_at if setter is not None else new.published_at,
                f"{new.label} {label} continues {what} (set before publishing)",
            )
        )
    return notes
