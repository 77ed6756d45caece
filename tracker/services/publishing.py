"""Publishing safely: the preview compared with the last published text, its pairing corrected
before anyone sees it, the comments that will be carried forward, the confirmation step, and
withdrawing a revision published by mistake."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from tracker import signals
from tracker.extensions import db
from tracker.models import (
    Comment,
    Meeting,
    MeetingChange,
    Negotiation,
    NegotiationFacilitator,
    Revision,
    RevisionState,
    Role,
    User,
    utcnow,
)
from tracker.services import Conflict, Invalid
from tracker.services.access import Actor, acting_details, require_facilitation
from tracker.services.audit import record
from tracker.services.comments import KIND_LABELS, load_joins, speakers
from tracker.services.comparisons import Comparison, compared_structure
from tracker.services.pairing import hand_corrections, room_pairing
from tracker.services.revisions import (
    UNREVIEWED,
    StaleReview,
    hold_circulation,
    label_warnings,
    latest_published,
    meeting_superseded_by_publishing,
    publication_problem,
    stale_review_message,
)
from tracker.text.align import Alignment, Change, CorrectionError, Pair, align_documents
from tracker.text.structure_changes import StructureChanges


@dataclass(frozen=True)
class CarriedComment:
    """An open comment on the last published text and where publishing will put it."""

    comment: Comment
    speakers: str
    kind: str
    old_path: str
    #: The paragraph of the preview it will be shown on; empty when it has no continuation.
    new_path: str


@dataclass(frozen=True)
class PreviewReview:
    """What a co-facilitator checks before publishing a preview."""

    comparison: Comparison
    #: the section headings and sponsors compared, as on the comparison page
    structure: StructureChanges
    carried: list[CarriedComment]
    #: new label -> old label (None: a new paragraph) as corrected by hand so far.
    corrections: dict[str, str | None]
    #: For a text a meeting made: the pairing its edits made (new label -> old label, None:
    #: inserted in the room) where no one corrected it since; empty for an uploaded text.
    room_pairing: dict[str, str | None]
    #: Whether a meeting made the text (its pairing is then the room's, not the app's guess).
    made_in_meeting: bool
    #: Labels of the last published text's top-level paragraphs, for the correction form.
    old_labels: list[str]
    #: Labels of the preview's top-level paragraphs.
    new_labels: list[str]
    #: Why publishing would be refused (identical text, label used), or empty.
    problem: str
    #: What to check before publishing, though it may be right (`publication_warnings`).
    warnings: list[str]
    #: How many people the publication notifies.
    notified: int


def _continuations(
    pairs: tuple[Pair, ...], old_prefix: str = "", new_prefix: str = ""
) -> Iterator[tuple[str, str]]:
    """(old path, new path) for every paragraph and sub-paragraph that continues its lineage,
    or that is merged into a new one (publishing records it merged, its comments following)."""
    for pair in pairs:
        if pair.old is None:
            continue
        old_path = f"{old_prefix} {pair.old.label}".strip()
        if pair.new is None:
            yield old_path, ""
            continue
        new_path = f"{new_prefix} {pair.new.label}".strip()
        if not pair.main:
            # The other parts of a split are new paragraphs; its main part carries the comments.
            if pair.change == Change.MERGED:
                # Merged away whole: its sub-paragraphs end in it too (`record_merges`).
                for path, _ in pair.old.walk_with_paths(old_prefix):
                    yield path, new_path
            continue
        yield old_path, new_path
        yield from _continuations(pair.subpairs, old_path, new_path)


def preview_alignment(previous: Revision, preview: Revision) -> Alignment:
    """The pairing publishing will store: the aligner's, with the preview's hand corrections."""
    return align_documents(previous.document, preview.document, preview.preview_pairing or {})


def carried_comments(user: Actor, previous: Revision, alignment: Alignment) -> list[CarriedComment]:
    """The open comments anchored on the last published text, each with the paragraph of the
    preview it will follow into (in reading order of the old text)."""
    require_facilitation(user, previous.negotiation)
    destination = dict(_continuations(alignment.pairs))
    rows = {p.lineage_id: p for p in previous.paragraphs}
    comments = list(
        db.session.scalars(
            select(Comment)
            .where(
                Comment.negotiation_id == previous.negotiation_id,
                Comment.lineage_id.in_(list(rows)),
                Comment.withdrawn_at.is_(None),
            )
            .order_by(Comment.id)
            # Each is listed with who spoke: read together, not two queries per comment.
            .options(joinedload(Comment.delegation))
        )
    )
    load_joins(comments)
    carried = []
    for comment in comments:
        if comment.lineage_id is None:
            continue
        paragraph = rows[comment.lineage_id]
        carried.append(
            CarriedComment(
                comment=comment,
                speakers=speakers(comment),
                kind=KIND_LABELS.get(comment.kind, comment.kind),
                old_path=paragraph.path,
                new_path=destination.get(paragraph.path, ""),
            )
        )
    carried.sort(key=lambda c: (rows[c.comment.lineage_id].position, c.comment.id))  # type: ignore[index]
    return carried


def notified_count(revision: Revision, actor: User) -> int:
    """How many people a publication notifies: every delegate and the co-facilitators, less the
    person publishing (the same audience as the circulation letter)."""
    facilitators = select(NegotiationFacilitator.user_id).where(
        NegotiationFacilitator.negotiation_id == revision.negotiation_id
    )
    return (
        db.session.scalar(
            select(func.count(User.id)).where(
                or_(User.role == Role.DELEGATE.value, User.id.in_(facilitators)),
                User.id != actor.id,
                User.active.is_(True),
            )
        )
        or 0
    )


@dataclass(frozen=True)
class MeetingUnderway:
    """The meeting being held on the text a publication would supersede, as the review page
    warns of it: who started it, and whether the room is at work on it now."""

    meeting: Meeting
    #: Changes made to the working text in the room (not its start, nor the paragraph chosen
    #: for discussion): what can no longer become the next revision.
    changes: int
    #: The room's latest change of any kind (its start when nothing else was done).
    last_change: MeetingChange | None


#: Changes of a meeting's record that leave its working text as it was.
_NOT_TEXT_CHANGES = ("start", "focus")


def meeting_underway(
    user: Actor, negotiation: Negotiation, latest_id: int | None
) -> MeetingUnderway | None:
    """The meeting held on the latest text (`latest_id`, the one the review compares with),
    which publishing would leave working on a superseded text; None when there is none."""
    require_facilitation(user, negotiation)
    held = meeting_superseded_by_publishing(negotiation, latest_id)
    if held is None:
        return None
    of_meeting = MeetingChange.meeting_id == held.id
    return MeetingUnderway(
        meeting=held,
        changes=db.session.scalar(
            select(func.count(MeetingChange.id)).where(
                of_meeting, MeetingChange.kind.not_in(_NOT_TEXT_CHANGES)
            )
        )
        or 0,
        last_change=db.session.scalar(
            select(MeetingChange).where(of_meeting).order_by(MeetingChange.id.desc()).limit(1)
        ),
    )


def review_preview(user: Actor, preview: Revision) -> PreviewReview | None:
    """The preview compared with the last published text, the carried comments, and what
    the confirmation step says; None when nothing has been published yet."""
    actor = require_facilitation(user, preview.negotiation)
    previous = latest_published(preview.negotiation)
    problem = publication_problem(preview, previous)
    if previous is None:
        return None
    alignment = preview_alignment(previous, preview)
    room = room_pairing(preview)
    corrections = hand_corrections(preview, room)
    return PreviewReview(
        comparison=Comparison(old=previous, new=preview, alignment=alignment),
        structure=compared_structure(previous, preview, alignment),
        carried=carried_comments(actor, previous, alignment),
        corrections=corrections,
        room_pairing={
            label: target for label, target in (room or {}).items() if label not in corrections
        },
        made_in_meeting=room is not None,
        old_labels=[p.label for p in previous.document.paragraphs],
        new_labels=[p.label for p in preview.document.paragraphs],
        problem=problem,
        warnings=publication_warnings(preview, previous, alignment),
        notified=notified_count(preview, actor),
    )


def publication_warnings(
    preview: Revision, previous: Revision | None, alignment: Alignment | None
) -> list[str]:
    """What the review page and its confirmation step warn of before a preview is published,
    though it may be right: its label out of sequence or shared with another preview
    (`label_warnings`), and almost nothing of the last text continuing into it (the wrong
    file: every comment would be left without a paragraph)."""
    warnings = label_warnings(preview, previous)
    if previous is not None and alignment is not None:
        continuity = alignment.continuity()
        if continuity.almost_nothing:
            warnings.insert(
                0,
                f"Almost nothing of {previous.label} continues into {preview.label}: "
                f"{continuity.old_continued} of its {continuity.old_total} paragraphs pair "
                f"with any of the {continuity.new_total} paragraphs of {preview.label}. "
                "Check that this is the right file, a later text of the same resolution: "
                f"published, it would leave the comments on {previous.label} without a "
                "paragraph.",
            )
    return warnings


#: What `correct_preview_pairing` is told to set for a paragraph that goes back to the app's
#: own pairing, or the meeting's for a text a meeting made (its hand correction undone).
AUTOMATIC = "automatic"


def correct_preview_pairing(
    user: Actor,
    preview: Revision,
    new_label: str,
    old_label: str | None,
    reviewed_against: int | None | Literal["unreviewed"] = UNREVIEWED,
) -> dict[str, str | None]:
    """Before publishing, say which paragraph of the last published text a paragraph of the
    preview continues (or that it is new, or AUTOMATIC: as the app, or the meeting that made
    the text, pairs it). Stored with the
    preview and audited; publishing computes the lineages with it, so comments follow the
    corrected pairing. Returns the other paragraphs whose pairing it changed (new label ->
    the old label each continues now, None: none), so the co-facilitator is told: giving a
    paragraph another's predecessor leaves that one without it. `reviewed_against`: the text
    the review page paired with; the labels it offered are that text's, so when another is
    the latest now, StaleReview and nothing is changed."""
    actor = require_facilitation(user, preview.negotiation)
    if preview.state != RevisionState.PREVIEW:
        raise Conflict("Only an unpublished preview's pairing can be corrected here.")
    previous = latest_published(preview.negotiation)
    if previous is None:
        raise Invalid("Nothing has been published yet: there is nothing to pair with.")
    if not isinstance(reviewed_against, str) and reviewed_against != previous.id:
        raise StaleReview(
            stale_review_message(
                preview.negotiation, reviewed_against, previous.id, "The pairing was not changed."
            )
        )
    earlier = dict(preview.preview_pairing or {})
    corrections = dict(earlier)
    room = room_pairing(preview)
    if old_label == AUTOMATIC and room is not None and new_label in room:
        corrections[new_label] = room[new_label]
    elif old_label == AUTOMATIC:
        corrections.pop(new_label, None)
    else:
        corrections[new_label] = old_label
    try:
        before = align_documents(previous.document, preview.document, earlier).continued()
        after = align_documents(previous.document, preview.document, corrections).continued()
    except CorrectionError as error:
        raise Invalid(f"The pairing was not changed: {error}.") from error
    was = hand_corrections(preview, room).get(new_label, AUTOMATIC)
    preview.preview_pairing = corrections
    now = (
        f"is paired as {'the meeting' if room is not None else 'the app'} pairs it"
        if old_label == AUTOMATIC
        else "now continues "
        + (f"{previous.label} {old_label}" if old_label else "no paragraph (new)")
    )
    record(
        actor,
        "lineage.correct_preview",
        f"Preview of {preview.label}: {new_label} {now}"
        + (f" (was: {was or 'new'})" if was != AUTOMATIC else ""),
        negotiation=preview.negotiation,
        revision_id=preview.id,
        new_label=new_label,
        old_label=old_label,
        **acting_details(actor, preview.negotiation),
    )
    db.session.commit()
    return {
        label: after[label]
        for label in after
        if label != new_label and after[label] != before.get(label)
    }


def withdraw_revision(user: Actor, revision: Revision, reason: str) -> Revision:
    """Withdraw a revision published by mistake: it stays in the record, marked withdrawn with
    who and why, and is no longer the latest text; everyone notified of it hears of the
    correction. Nothing is deleted."""
    actor = require_facilitation(user, revision.negotiation)
    reason = " ".join((reason or "").split())
    if not reason:
        raise Invalid("Say why the revision is withdrawn: delegations will read it.")
    # One after the other with publications: a preview reviewed against this text is then
    # either published before it is withdrawn (and this is no longer the latest) or refused.
    hold_circulation(revision.negotiation)
    db.session.refresh(revision, ["state"])
    if revision.state != RevisionState.PUBLISHED:
        raise Conflict(f"{revision.label} is not a published revision; nothing was changed.")
    latest = latest_published(revision.negotiation)
    if latest is None or latest.id != revision.id:
        raise Conflict(
            f"Only the latest text can be withdrawn; {revision.label} has been followed by "
            f"{latest.label if latest else 'another text'}."
        )
    revision.state = RevisionState.WITHDRAWN
    revision.withdrawn_at = utcnow()
    revision.withdrawn_by = actor
    revision.withdrawn_reason = reason[:2000]
    record(
        actor,
        "revision.withdraw",
        f"Withdrew {revision.label}: {reason[:300]}",
        negotiation=revision.negotiation,
        revision_id=revision.id,
        **acting_details(actor, revision.negotiation),
    )
    signals.revision_withdrawn.send(actor, revision=revision)
    db.session.commit()
    return revision
