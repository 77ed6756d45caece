"""The live meeting of a consultation round: the co-facilitators edit a working text on screen
while every delegation follows it, and when the meeting ends the working text becomes the
preview of the next revision, its lineage taken straight from the edits.

Every change takes the acting user, checks permission (`require_facilitation`: the
co-facilitators, or the secretariat acting for them, write; every signed-in participant reads),
changes the working text, adds a `MeetingChange` to the meeting's record and an audit event,
sends `signals.meeting_changed` (the events table stores it in the same transaction) and
commits.

One writer per paragraph at a time: every paragraph has a version; a change names the version
it was made on, and a change made on an older one is refused with `MeetingConflict`, whose
message shows the text the other writer saved. Nothing is ever overwritten unseen.

Event payloads (kind `meeting.<change>`: start, focus, edit, insert, delete, restore, move,
bracket, alternative, status, read-in, end, close), enough for a page to update the paragraphs
a change touched without reloading:

    {"meeting_id": 3, "change": "edit", "by": "Ana Ruiz",
     "focus": "p4",                       # key of the paragraph under discussion, or null
     "paragraphs": [<paragraph>, ...],    # the paragraphs the change touched (not on start,
                                          # end, close); a focus change: old and new focus
     "order": ["p1", "p2", ...]}          # only when the order changed (insert, move, a
                                          # read-in adding a paragraph): every key, in order

    <paragraph> = {"key": "p4", "parent": null, "depth": 0, "label": "OP3",
                   "kind": "operative", "status": "pending", "version": 2,
                   "focus": true, "deleted": false, "inserted": false, "moved": false,
                   "text": "...", "ops": [["equal", "Decides "], ["insert", "to"], ...]}

`ops` are the word-diff operations of the paragraph against the base revision's paragraph it
continues (`equal`, `insert`, `delete`): the tracked changes; an inserted paragraph is one
`insert`. `deleted` is true also for the sub-paragraphs of a deleted paragraph (a delete event
lists them). Also: `meeting.start` carries "round_id"; `meeting.end` "preview_id" and "label"
(of the preview), or, when the room changed no words and marked its statuses on the base
revision instead, "statuses_on" (the base revision's label); `meeting.read-in` "proposal"
(its kind) and, for a proposal open to all, "comment_id" and "delegation". Texts are plain;
an op in italics has a third element, 1 (`["equal", "Decides", 1]`). The co-facilitators
write italics as the marked text format does (`*Decides* to ...`); a paragraph edited or
inserted without marks keeps its italics, or is given the italic opening words the genre
prints.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, ParamSpec, TypeVar

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from tracker import signals
from tracker.extensions import db
from tracker.models import (
    Comment,
    CommentKind,
    ConsultationRound,
    Meeting,
    MeetingChange,
    MeetingParagraph,
    MeetingState,
    Negotiation,
    Paragraph,
    ParagraphState,
    ParagraphStatusChange,
    Revision,
    RevisionState,
    TriageStatus,
    User,
    Visibility,
    utcnow,
)
from tracker.services import Conflict, Invalid, NotFound, ServiceError
from tracker.services.access import (
    Actor,
    acting_details,
    acts_for_facilitators,
    can_see,
    get_of_negotiation,
    require_facilitation,
    visible_comments,
)
from tracker.services.amendable import amendable_text
from tracker.services.audit import record
from tracker.services.comparisons import standing_in
from tracker.services.exports import DOCX, revision_identity, slug, title_part
from tracker.services.meeting_held import open_meeting
from tracker.services.revisions import (
    add_preview,
    hold_circulation,
    latest_published,
    next_label,
)
from tracker.services.triage import (
    STATE_LABELS,
    paragraph_states,
    write_paragraph_state,
    write_triage,
)
from tracker.text import brackets
from tracker.text.align import Change
from tracker.text.brackets import BracketError
from tracker.text.days import written_day
from tracker.text.diff import DiffOp, Op, word_diff
from tracker.text.document import Emphasis, FootnoteRef, Kind
from tracker.text.document import Paragraph as TextParagraph
from tracker.text.docx_identity import identify_docx
from tracker.text.export_meeting_summary import write_meeting_summary_docx
from tracker.text.export_text import same_text, write_text
from tracker.text.rebase import Overlap, rebase
from tracker.text.working_text import (
    MeetingSummaryText,
    RecordEntry,
    Sibling,
    StatusLine,
    StyledOp,
    WorkingDocument,
    WorkingItem,
    carry_styling,
    insertion_labels,
    opening_italics,
    read_italics,
    styled_ops,
    with_italic_marks,
    working_document,
    write_meeting_summary,
)

#: The longest paragraph text accepted (characters); a whole resolution is rarely longer.
MAX_TEXT = 20_000
#: The longest phrase to bracket, alternative wording and holder accepted.
MAX_PHRASE = 2_000
MAX_HOLDER = 200
#: Paragraphs a meeting may hold, inserted ones included (keys issued); far beyond any text.
MAX_PARAGRAPHS = 5_000
#: How much of a paragraph's text the record and the audit summary quote.
QUOTED = 200

#: What each change reads as in the record and the summary.
CHANGE_PHRASES = {
    "start": "started the meeting",
    "focus": "put the paragraph under discussion",
    "edit": "edited the text",
    "insert": "inserted the paragraph",
    "delete": "deleted the paragraph",
    "restore": "restored the paragraph",
    "move": "moved the paragraph",
    "bracket": "bracketed a phrase",
    "alternative": "recorded an alternative",
    "status": "changed the status",
    "read-in": "read in a proposal",
    "end": "ended the meeting",
    "close": "closed the meeting without making a preview",
}

#: How messages name each kind of paragraph.
KIND_NAMES = {
    Kind.PREAMBULAR: "a preambular paragraph",
    Kind.OPERATIVE: "an operative paragraph",
    Kind.ANNEX: "an annex paragraph",
    Kind.SUB: "a sub-paragraph",
}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class MeetingConflict(Conflict):
    """Someone else changed the paragraph first: nothing was saved; the message shows what
    the paragraph now reads and who changed it."""

    def __init__(self, message: str, *, key: str, text: str, version: int, by: str) -> None:
        super().__init__(message)
        self.key = key
        self.text = text
        self.version = version
        self.by = by


@dataclass(frozen=True)
class WorkingParagraph:
    """A paragraph of the working text as pages and event payloads show it."""

    key: str
    parent: str | None
    depth: int
    label: str
    kind: str
    status: str
    version: int
    focus: bool
    #: Struck out in the meeting (itself, or the paragraph it belongs to).
    deleted: bool
    inserted: bool
    moved: bool
    text: str
    #: The base paragraph's text ("" for an inserted one).
    base_text: str
    #: Word-diff against the base paragraph: the tracked changes.
    ops: tuple[DiffOp, ...]
    #: The italic runs of `text`.
    emphasis: tuple[Emphasis, ...] = ()

    @property
    def pieces(self) -> tuple[StyledOp, ...]:
        """The tracked changes with the paragraph's italics, as pages show them."""
        return styled_ops(self.ops, self.emphasis)

    @property
    def marked_text(self) -> str:
        """The text with its italics marked `*...*`, as the edit box shows it."""
        return with_italic_marks(self.text, self.emphasis)

    @property
    def changed(self) -> bool:
        """Whether the paragraph differs from the circulated text in any way."""
        return self.inserted or self.deleted or self.moved or self.text != self.base_text

    @property
    def status_label(self) -> str:
        """`Pending`, `Agreed ad ref`, `Bracketed`."""
        return STATE_LABELS[ParagraphState(self.status)]

    def as_payload(self) -> dict[str, Any]:
        """The paragraph as event payloads carry it (see the module's docstring)."""
        return {
            "key": self.key,
            "parent": self.parent,
            "depth": self.depth,
            "label": self.label,
            "kind": self.kind,
            "status": self.status,
            "version": self.version,
            "focus": self.focus,
            "deleted": self.deleted,
            "inserted": self.inserted,
            "moved": self.moved,
            "text": self.text,
            "ops": [
                [op.op.value, op.text, 1] if op.italic else [op.op.value, op.text]
                for op in self.pieces
            ],
        }


@dataclass(frozen=True)
class MeetingSummary:
    """A meeting summary export: file name, content type, bytes."""

    filename: str
    content_type: str
    data: bytes


# Finding -------------------------------------------------------------------------------------


def meetings_of(negotiation: Negotiation) -> list[Meeting]:
    """The negotiation's meetings, newest first."""
    return list(
        db.session.scalars(
            select(Meeting)
            .where(Meeting.negotiation_id == negotiation.id)
            .order_by(Meeting.id.desc())
        )
    )


def get_meeting(user: Actor, negotiation_id: int, meeting_id: int) -> Meeting:
    """A meeting of that negotiation, for any signed-in participant (NotFound otherwise)."""
    return get_of_negotiation(user, negotiation_id, Meeting, meeting_id, "meeting")


def _rows(meeting: Meeting, *, fresh: bool = False) -> list[MeetingParagraph]:
    query = select(MeetingParagraph).where(MeetingParagraph.meeting_id == meeting.id)
    if fresh:
        query = query.execution_options(populate_existing=True)
    return list(db.session.scalars(query.order_by(MeetingParagraph.id)))


def _children(rows: Iterable[MeetingParagraph]) -> dict[int | None, list[MeetingParagraph]]:
    """parent id -> its paragraphs in order (None: the top level)."""
    found: dict[int | None, list[MeetingParagraph]] = {}
    for row in rows:
        found.setdefault(row.parent_id, []).append(row)
    for siblings in found.values():
        siblings.sort(key=lambda r: (r.position, r.id))
    return found


def _reading_order(rows: Sequence[MeetingParagraph]) -> list[tuple[MeetingParagraph, int]]:
    """Every paragraph with its depth, in reading order (a paragraph, then its sub-paragraphs)."""
    children = _children(rows)
    ordered: list[tuple[MeetingParagraph, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for row in children.get(parent_id, []):
            ordered.append((row, depth))
            walk(row.id, depth + 1)

    walk(None, 0)
    return ordered


def _paragraph(meeting: Meeting, key: object, *, fresh: bool = False) -> MeetingParagraph:
    """The paragraph with that key, or NotFound naming the key."""
    wanted = str(key or "").strip()[:20]
    query = select(MeetingParagraph).where(
        MeetingParagraph.meeting_id == meeting.id, MeetingParagraph.key == wanted
    )
    if fresh:
        query = query.execution_options(populate_existing=True)
    row = db.session.scalar(query)
    if row is None:
        raise NotFound(f"The working text has no paragraph “{wanted}”; reload the page.")
    return row


def _where(row: MeetingParagraph) -> str:
    """How a paragraph is named in messages: its label, its parent's for a sub-paragraph."""
    label = row.label or "the new preambular paragraph"
    parent = row.parent
    return f"{parent.label} {label}".strip() if parent is not None else label


Params = ParamSpec("Params")
Result = TypeVar("Result")


def _all_or_nothing(change: Callable[Params, Result]) -> Callable[Params, Result]:
    """A change refused half-way (a conflict found once its turn came, a wrong key) leaves
    nothing behind in the session: not even the turn it took."""

    @functools.wraps(change)
    def guarded(*args: Params.args, **kwargs: Params.kwargs) -> Result:
        try:
            return change(*args, **kwargs)
        except ServiceError:
            db.session.rollback()
            raise

    return guarded


# Checks --------------------------------------------------------------------------------------


def _time_and_day(moment: datetime) -> str:
    """`15:05 UTC on 30 March 2026`, as a sentence of a refusal says when."""
    return f"{moment:%H:%M} UTC on {written_day(moment)}"


def _ended(meeting: Meeting) -> Conflict:
    preview = f"; its text became the preview of {meeting.preview.label}" if meeting.preview else ""
    ended = f" at {_time_and_day(meeting.ended_at)}" if meeting.ended_at else ""
    return Conflict(f"This meeting ended{ended}{preview}. Nothing was changed.")


def _writer(user: Actor, meeting: Meeting) -> User:
    """The acting co-facilitator (or secretariat) of an open meeting."""
    actor = require_facilitation(user, meeting.negotiation)
    if not meeting.is_open:
        raise _ended(meeting)
    return actor


def _check_still_open(meeting: Meeting) -> None:
    """Once a change holds its paragraph (or the meeting's order), the meeting may have ended
    in between: the end waited for nothing it could miss, so the change is refused."""
    state = db.session.scalar(select(Meeting.state).where(Meeting.id == meeting.id))
    if state != MeetingState.OPEN:
        db.session.rollback()
        db.session.refresh(meeting)
        raise _ended(meeting)


def _clean(text: object, what: str, limit: int, *, required: bool = True) -> str:
    """Text from a form on one line, without control characters; Invalid when empty (if
    required) or longer than `limit`."""
    cleaned = " ".join(_CONTROL.sub("", str(text or "")).split())
    if required and not cleaned:
        raise Invalid(f"Write {what}.")
    if len(cleaned) > limit:
        raise Invalid(
            f"{what[0].upper()}{what[1:]} is {len(cleaned):,} characters long; at most "
            f"{limit:,} are accepted. Nothing was changed."
        )
    return cleaned


def _version(version: object) -> int:
    text = str(version).strip() if version is not None else ""
    if not text.isdigit() or len(text) > 9:
        raise Invalid("The form did not say which version of the paragraph it changes; reload.")
    return int(text)


def _latest_change(meeting: Meeting, key: str) -> MeetingChange | None:
    return db.session.scalar(
        select(MeetingChange)
        .where(MeetingChange.meeting_id == meeting.id, MeetingChange.key == key)
        .order_by(MeetingChange.id.desc())
        .limit(1)
    )


def _conflict(meeting: Meeting, key: str) -> MeetingConflict:
    """The conflict to raise when a change was made on an old version: rolls back what this
    request had started and reads the paragraph as the other writer left it."""
    db.session.rollback()
    row = _paragraph(meeting, key, fresh=True)
    latest = _latest_change(meeting, key)
    by = latest.user.name if latest is not None else "another co-facilitator"
    when = f" at {latest.created_at:%H:%M UTC}" if latest is not None else ""
    what = CHANGE_PHRASES.get(latest.kind, "changed it") if latest is not None else "changed it"
    state = " It is now deleted." if row.deleted else ""
    return MeetingConflict(
        f"{_where(row)} was changed while you were working on it: {by} {what}{when}.{state} "
        f"It now reads: “{row.text}”. Your change was not saved; apply it to this wording if "
        "it is still needed.",
        key=row.key,
        text=row.text,
        version=row.version,
        by=by,
    )


def _claim(meeting: Meeting, row: MeetingParagraph, version: int) -> None:
    """Take the paragraph from `version` to the next one, or raise MeetingConflict when
    another change was made on it first. The conditional UPDATE waits for a change being
    written at the same moment and then finds the version moved on: never a lost edit."""
    result = db.session.execute(
        update(MeetingParagraph)
        .where(MeetingParagraph.id == row.id, MeetingParagraph.version == version)
        .values(version=MeetingParagraph.version + 1)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        _check_still_open(meeting)
        raise _conflict(meeting, row.key)
    _check_still_open(meeting)
    set_committed_value(row, "version", version + 1)


def _lock_structure(meeting: Meeting) -> list[MeetingParagraph]:
    """Take the meeting's turn for a change of order (insert, move) and read the paragraphs as
    they stand once the turn is ours: two such changes never interleave."""
    db.session.execute(
        update(Meeting)
        .where(Meeting.id == meeting.id)
        .values(structure_version=Meeting.structure_version + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(meeting)
    if not meeting.is_open:
        db.session.rollback()
        raise _ended(meeting)
    return _rows(meeting, fresh=True)


def _hold_everything(meeting: Meeting) -> None:
    """Take the meeting's order and every paragraph for ending it: changes being written wait
    for the end (and are then refused), and the end reads every change committed before."""
    _lock_structure(meeting)
    db.session.execute(
        select(MeetingParagraph.id)
        .where(MeetingParagraph.meeting_id == meeting.id)
        .with_for_update()
    ).all()
    _rows(meeting, fresh=True)


# Recording -----------------------------------------------------------------------------------


def _base_texts(rows: Iterable[MeetingParagraph]) -> dict[int, str]:
    origins = {row.origin_id for row in rows if row.origin_id is not None}
    if not origins:
        return {}
    query = select(Paragraph.id, Paragraph.text).where(Paragraph.id.in_(origins))
    return {paragraph_id: text for paragraph_id, text in db.session.execute(query)}


def _views(
    meeting: Meeting, ordered: list[tuple[MeetingParagraph, int]], wanted: set[str] | None = None
) -> list[WorkingParagraph]:
    by_id = {row.id: row for row, _ in ordered}
    chosen = [(row, depth) for row, depth in ordered if wanted is None or row.key in wanted]
    base = _base_texts(row for row, _ in chosen)
    views = []
    for row, depth in chosen:
        deleted = row.deleted
        parent = by_id.get(row.parent_id) if row.parent_id is not None else None
        step = parent
        while step is not None and not deleted:
            deleted = step.deleted
            step = by_id.get(step.parent_id) if step.parent_id is not None else None
        base_text = base.get(row.origin_id, "") if row.origin_id is not None else ""
        if row.origin_id is None:
            ops: tuple[DiffOp, ...] = (DiffOp(Op.INSERT, row.text),)
        elif base_text == row.text:
            ops = (DiffOp(Op.EQUAL, row.text),)
        else:
            ops = word_diff(base_text, row.text)
        views.append(
            WorkingParagraph(
                key=row.key,
                parent=parent.key if parent is not None else None,
                depth=depth,
                label=row.label,
                kind=row.kind.value,
                status=row.status.value,
                version=row.version,
                focus=row.key == meeting.focus_key,
                deleted=deleted,
                inserted=row.origin_id is None,
                moved=row.moved,
                text=row.text,
                base_text=base_text,
                ops=ops,
                emphasis=tuple(Emphasis(s, e) for s, e in (row.styling or {}).get("emphasis", [])),
            )
        )
    return views


def working_view(meeting: Meeting) -> list[WorkingParagraph]:
    """The working text in reading order, each paragraph with its tracked changes."""
    return _views(meeting, _reading_order(_rows(meeting)))


def full_names(paragraphs: Iterable[WorkingParagraph]) -> dict[str, str]:
    """key -> the paragraph's full name (`OP2 (a)` for a sub-paragraph), from the working
    text in reading order."""
    names: dict[str, str] = {}
    for paragraph in paragraphs:  # reading order: a parent comes before its sub-paragraphs
        parent = names.get(paragraph.parent or "", "")
        names[paragraph.key] = f"{parent} {paragraph.label}".strip()
    return names


def _descendants(row: MeetingParagraph, rows: Sequence[MeetingParagraph]) -> list[str]:
    children = _children(rows)
    keys: list[str] = []

    def walk(parent: MeetingParagraph) -> None:
        for child in children.get(parent.id, []):
            keys.append(child.key)
            walk(child)

    walk(row)
    return keys


def _quoted(text: str) -> str:
    return text if len(text) <= QUOTED else text[: QUOTED - 1] + "…"


def _changed(
    actor: User,
    meeting: Meeting,
    kind: str,
    *,
    touched: Iterable[str] = (),
    order: bool = False,
    row: MeetingParagraph | None = None,
    before: str = "",
    after: str = "",
    holder: str = "",
    comment: Comment | None = None,
    extra: dict[str, Any] | None = None,
) -> MeetingChange:
    """Record a change: the meeting's record, the audit trail, and the event pages follow
    (sent as a signal, stored in this transaction)."""
    negotiation = meeting.negotiation
    label = _where(row) if row is not None else ""
    change = MeetingChange(
        meeting=meeting,
        user=actor,
        kind=kind,
        key=row.key if row is not None else "",
        label=label[:100],
        before=before,
        after=after,
        holder=holder,
        comment=comment,
        for_facilitators=acts_for_facilitators(actor, negotiation),
    )
    db.session.add(change)
    summary = f"Meeting {meeting.id}: {label + ': ' if label else ''}{CHANGE_PHRASES[kind]}"
    if after and kind != "status":
        summary += f" “{_quoted(after)}”"
    elif kind == "status":
        summary += f" to {STATE_LABELS[ParagraphState(after)]}"
    record(
        actor,
        f"meeting.{kind}",
        summary,
        negotiation=negotiation,
        meeting_id=meeting.id,
        key=change.key,
        **acting_details(actor, negotiation),
    )
    payload: dict[str, Any] = {
        "meeting_id": meeting.id,
        "change": kind,
        "by": actor.name,
        "focus": meeting.focus_key,
    }
    keys = set(touched)
    if keys or order:
        rows = _rows(meeting)
        ordered = _reading_order(rows)
        payload["paragraphs"] = [v.as_payload() for v in _views(meeting, ordered, keys)]
        if order:
            payload["order"] = [r.key for r, _ in ordered]
    payload.update(extra or {})
    signals.meeting_changed.send(actor, meeting=meeting, kind=kind, payload=payload)
    return change


# Starting ------------------------------------------------------------------------------------


def _styling(paragraph: TextParagraph) -> dict[str, Any]:
    return {
        "emphasis": [[e.start, e.end] for e in paragraph.emphasis],
        "refs": [[r.mark, r.offset] for r in paragraph.footnote_refs],
    }


def _text_paragraph(row: MeetingParagraph) -> TextParagraph:
    styling = row.styling or {}
    return TextParagraph(
        kind=row.kind,
        label=row.label,
        text=row.text,
        number=row.number,
        emphasis=tuple(Emphasis(s, e) for s, e in styling.get("emphasis", [])),
        footnote_refs=tuple(FootnoteRef(m, o) for m, o in styling.get("refs", [])),
    )


def _new_key(meeting: Meeting) -> str:
    if meeting.keys_issued >= MAX_PARAGRAPHS:
        raise Invalid(
            f"The working text holds {MAX_PARAGRAPHS:,} paragraphs already; end the meeting "
            "and start another on the next revision."
        )
    meeting.keys_issued += 1
    return f"p{meeting.keys_issued}"


def start_meeting(user: Actor, consultation_round: ConsultationRound) -> Meeting:
    """Start the round's meeting with a working text made from the latest published revision;
    refused while another meeting of the negotiation is open."""
    negotiation = consultation_round.negotiation
    actor = require_facilitation(user, negotiation)
    # One after the other with publications: a publication that asked whether a meeting is
    # held on the text it supersedes is stored before this reads the latest text, or sees
    # this meeting.
    hold_circulation(negotiation)
    already = open_meeting(negotiation)
    if already is not None:
        raise Conflict(
            f"A meeting of this negotiation is already open: {already.round.title}, started by "
            f"{already.started_by.name} at {_time_and_day(already.started_at)}. End it before "
            "starting another."
        )
    base = latest_published(negotiation)
    if base is None:
        raise Invalid("Nothing has been published yet: publish the zero draft first.")
    meeting = Meeting(
        negotiation=negotiation,
        round=consultation_round,
        base_revision=base,
        state=MeetingState.OPEN,
        open_negotiation_id=negotiation.id,
        started_by=actor,
        keys_issued=0,
    )
    db.session.add(meeting)
    texts = {path: paragraph for path, paragraph in _paths(base.document.paragraphs)}
    # The room starts where the circulated text stands: agreed ad ref and bracketed
    # paragraphs are shown so, and may be reopened.
    states = paragraph_states(base)
    made: dict[int, MeetingParagraph] = {}
    positions: dict[int | None, int] = {}
    for stored in base.paragraphs:
        text = texts.get(stored.path)
        position = positions.get(stored.parent_id, 0)
        positions[stored.parent_id] = position + 1
        made[stored.id] = MeetingParagraph(
            meeting=meeting,
            key=_new_key(meeting),
            parent=made.get(stored.parent_id) if stored.parent_id is not None else None,
            position=position,
            kind=stored.kind,
            label=stored.label,
            number=text.number if text is not None else "",
            text=stored.text,
            styling=_styling(text) if text is not None else {},
            origin=stored,
            status=ParagraphState(states[stored.id]),
        )
        db.session.add(made[stored.id])
    try:
        # The database refuses a second open meeting started at the same moment.
        db.session.flush()
        _changed(actor, meeting, "start", extra={"round_id": consultation_round.id})
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise Conflict(
            "Another meeting of this negotiation was started at the same moment; reload to join it."
        ) from error
    return meeting


def _paths(
    paragraphs: Sequence[TextParagraph], prefix: str = ""
) -> Iterable[tuple[str, TextParagraph]]:
    for paragraph in paragraphs:
        path = f"{prefix} {paragraph.label}".strip()
        yield path, paragraph
        yield from _paths(paragraph.subparagraphs, path)


# Changing ------------------------------------------------------------------------------------


@_all_or_nothing
def focus_paragraph(user: Actor, meeting: Meeting, key: str) -> Meeting:
    """Choose the paragraph under discussion (highlighted and kept in view on every page)."""
    actor = _writer(user, meeting)
    row = _paragraph(meeting, key)
    previous = meeting.focus_key
    if previous == row.key:
        return meeting
    meeting.focus_key = row.key
    touched = {row.key} | ({previous} if previous else set())
    _changed(actor, meeting, "focus", touched=touched, row=row)
    db.session.commit()
    return meeting


def _set_text(row: MeetingParagraph, paragraph: TextParagraph) -> None:
    """New words for the paragraph; agreed ad ref was agreed on the old ones, so it is pending
    again (bracketed stays bracketed). Words newly put in square brackets make it bracketed,
    as a circulated text with brackets counts (`services.brackets.unsettled_paragraphs`); a
    status the co-facilitators choose afterwards stands until brackets are added again."""
    newly_bracketed = paragraph.text.count("[") > row.text.count("[")
    row.text = paragraph.text
    row.styling = _styling(paragraph)
    if newly_bracketed:
        row.status = ParagraphState.BRACKETED
    elif row.status == ParagraphState.AGREED_AD_REF:
        row.status = ParagraphState.PENDING


def _italics_marked(written: str) -> tuple[str, tuple[Emphasis, ...]] | None:
    """The words and italic runs of a text written with `*...*` marks; None without marks;
    Invalid when the marks hold all there is."""
    marked = read_italics(written)
    if marked is not None and not marked[0].strip():
        raise Invalid("Write the paragraph's words, not only the marks of italics (*...*).")
    return marked


def _edited(row: MeetingParagraph, written: str) -> TextParagraph:
    """The paragraph with new words, its footnote marks carried over; its italics as marked
    (`*Decides*`), else carried over with the words, else the genre's italic opening."""
    current = _text_paragraph(row)
    marked = _italics_marked(written)
    text = marked[0] if marked is not None else written
    emphasis, refs = carry_styling(current.text, text, current.emphasis, current.footnote_refs)
    if marked is not None:
        emphasis = marked[1]
    elif not emphasis:
        emphasis = opening_italics(text, row.kind)
    return TextParagraph(
        kind=row.kind,
        label=row.label,
        text=text,
        number=row.number,
        emphasis=emphasis,
        footnote_refs=refs,
    )


def _check_live(row: MeetingParagraph, doing: str) -> None:
    if row.deleted:
        raise Conflict(f"{_where(row)} was deleted in this meeting; restore it to {doing}.")


@_all_or_nothing
def edit_paragraph(user: Actor, meeting: Meeting, key: str, text: str, version: int | str) -> int:
    """Replace a paragraph's (or sub-paragraph's) text; returns its new version.
    MeetingConflict when `version` is not the paragraph's current one (nothing is saved)."""
    actor = _writer(user, meeting)
    row = _paragraph(meeting, key)
    seen = _version(version)
    new_text = _clean(text, f"the text of {_where(row)}", MAX_TEXT)
    if seen != row.version:
        raise _conflict(meeting, row.key)
    _check_live(row, "edit it")
    paragraph = _edited(row, new_text)
    if not any(c.isalnum() for c in paragraph.text):
        # `**` alone (the italics marks with nothing between) is no text.
        raise Invalid(f"Write the text of {_where(row)}; nothing changed.")
    if (paragraph.text, paragraph.emphasis) == (row.text, _text_paragraph(row).emphasis):
        return row.version
    before = row.text
    _claim(meeting, row, seen)
    _set_text(row, paragraph)
    _changed(actor, meeting, "edit", touched={row.key}, row=row, before=before, after=row.text)
    db.session.commit()
    return row.version


def _kind_of(value: str) -> Kind:
    try:
        return Kind(str(value))
    except ValueError as error:
        raise Invalid(f"“{str(value)[:40]}” is not a kind of paragraph.") from error


def _relabel(siblings: list[MeetingParagraph]) -> set[str]:
    """Label the inserted paragraphs among these siblings as the genre does; the keys of
    those whose label changed."""
    labels = insertion_labels(
        [
            Sibling(
                label=s.label,
                number=s.number,
                inserted=s.origin_id is None,
                numbered=s.kind != Kind.PREAMBULAR,
                kind=s.kind.value,
            )
            for s in siblings
        ]
    )
    changed = set()
    for sibling, (label, number) in zip(siblings, labels, strict=True):
        if (sibling.label, sibling.number) != (label, number):
            sibling.label, sibling.number = label, number
            changed.add(sibling.key)
    return changed


def _place(siblings: list[MeetingParagraph], row: MeetingParagraph, index: int) -> None:
    """Put `row` at `index` among the siblings and number their positions again."""
    ordered = [s for s in siblings if s is not row]
    ordered.insert(index, row)
    siblings[:] = ordered
    for position, sibling in enumerate(ordered):
        if sibling.position != position:
            sibling.position = position


def _insertion_point(
    rows: list[MeetingParagraph],
    after_key: str | None,
    within_key: str | None,
    kind: Kind | None,
    moving: MeetingParagraph | None = None,
) -> tuple[MeetingParagraph | None, list[MeetingParagraph], int, Kind]:
    """(parent, its paragraphs in order, index to insert at, kind) for a paragraph going after
    `after_key`, or first of its kind (under `within_key` for a sub-paragraph)."""
    by_key = {row.key: row for row in rows}
    children = _children(rows)
    if after_key:
        after = by_key.get(str(after_key)[:20])
        if after is None:
            raise NotFound(f"The working text has no paragraph “{str(after_key)[:20]}”.")
        if moving is not None and after.id == moving.id:
            raise Invalid("Choose another paragraph to put it after.")
        kind = kind or after.kind
        if kind != after.kind:
            raise Invalid(
                f"{KIND_NAMES[kind].capitalize()} cannot follow {_where(after)}, which is "
                f"{KIND_NAMES[after.kind]}; choose {KIND_NAMES[kind]} to put it after."
            )
        parent = after.parent
        siblings = children.get(after.parent_id, [])
        return parent, siblings, siblings.index(after) + 1, kind
    if within_key:
        parent = by_key.get(str(within_key)[:20])
        if parent is None:
            raise NotFound(f"The working text has no paragraph “{str(within_key)[:20]}”.")
        return parent, children.get(parent.id, []), 0, Kind.SUB
    if kind is None or kind == Kind.SUB:
        raise Invalid(
            "Say which paragraph the new one follows (or, for a sub-paragraph, which "
            "paragraph it belongs to)."
        )
    siblings = children.get(None, [])
    order = [Kind.PREAMBULAR, Kind.OPERATIVE, Kind.ANNEX]
    index = next(
        (i for i, s in enumerate(siblings) if order.index(s.kind) >= order.index(kind)),
        len(siblings),
    )
    return None, siblings, index, kind


def _insert(
    actor: User,
    meeting: Meeting,
    after_key: str | None,
    text: str,
    kind: str,
    within_key: str | None,
) -> tuple[MeetingParagraph, set[str]]:
    """Add the paragraph (structure already locked by the caller); its key and the keys of
    the paragraphs relabelled with it."""
    rows = _lock_structure(meeting)
    parent, siblings, index, chosen = _insertion_point(
        rows, after_key, within_key, _kind_of(kind) if kind else None
    )
    if parent is not None and parent.deleted:
        raise Conflict(f"{_where(parent)} was deleted in this meeting; restore it first.")
    marked = _italics_marked(text)
    if marked is not None:
        text, emphasis = marked
    else:
        emphasis = opening_italics(text, chosen)
    row = MeetingParagraph(
        meeting=meeting,
        key=_new_key(meeting),
        parent=parent,
        position=index,
        kind=chosen,
        label="",
        number="",
        text=text,
        styling={"emphasis": [[e.start, e.end] for e in emphasis], "refs": []},
        origin=None,
        version=1,
        # Written with brackets, it is bracketed from the start (see `_set_text`).
        status=ParagraphState.BRACKETED if "[" in text else ParagraphState.PENDING,
    )
    db.session.add(row)
    _place(siblings, row, index)
    relabelled = _relabel(siblings)
    return row, relabelled | {row.key}


@_all_or_nothing
def insert_paragraph(
    user: Actor,
    meeting: Meeting,
    after_key: str | None,
    text: str,
    kind: str = "",
    within_key: str | None = None,
) -> str:
    """Insert a paragraph after `after_key` (among its siblings; None: first of `kind`, or
    first sub-paragraph of `within_key`), labelled as the genre does (`OP5 bis`, `OP5 ter`,
    `(a bis)`; a preambular paragraph unlabelled); returns its key."""
    actor = _writer(user, meeting)
    new_text = _clean(text, "the text of the new paragraph", MAX_TEXT)
    row, touched = _insert(actor, meeting, after_key, new_text, kind, within_key)
    _changed(actor, meeting, "insert", touched=touched, order=True, row=row, after=row.text)
    db.session.commit()
    return row.key


@_all_or_nothing
def _strike(user: Actor, meeting: Meeting, key: str, version: int | str, *, deleted: bool) -> int:
    actor = _writer(user, meeting)
    row = _paragraph(meeting, key)
    seen = _version(version)
    if seen != row.version:
        raise _conflict(meeting, row.key)
    if row.deleted == deleted:
        state = "deleted" if deleted else "in the text"
        raise Invalid(f"{_where(row)} is already {state}.")
    _claim(meeting, row, seen)
    row.deleted = deleted
    touched = {row.key, *_descendants(row, _rows(meeting))}
    kind = "delete" if deleted else "restore"
    _changed(actor, meeting, kind, touched=touched, row=row, before=row.text)
    db.session.commit()
    return row.version


def delete_paragraph(user: Actor, meeting: Meeting, key: str, version: int | str) -> int:
    """Strike a paragraph (and its sub-paragraphs) out of the working text; it stays shown
    as deleted until the meeting ends; returns its new version."""
    return _strike(user, meeting, key, version, deleted=True)


def restore_paragraph(user: Actor, meeting: Meeting, key: str, version: int | str) -> int:
    """Bring a paragraph struck out in the meeting back; returns its new version."""
    return _strike(user, meeting, key, version, deleted=False)


def _out_of_order(row: MeetingParagraph, siblings: list[MeetingParagraph]) -> bool:
    """Whether the paragraph stands elsewhere than among the circulated text's order: the
    kept paragraphs before and after it came before and after it there."""
    if row.origin_id is None:
        return False
    kept = [s for s in siblings if s.origin_id is not None]
    at = kept.index(row)
    before = kept[at - 1].origin_id if at > 0 else None
    after = kept[at + 1].origin_id if at + 1 < len(kept) else None
    own = row.origin_id
    return (before is not None and before > own) or (after is not None and after < own)


@_all_or_nothing
def move_paragraph(
    user: Actor, meeting: Meeting, key: str, after_key: str | None, version: int | str
) -> int:
    """Move a paragraph after another of its siblings (None: first of its kind, or first
    sub-paragraph); it keeps its label; returns its new version."""
    actor = _writer(user, meeting)
    seen = _version(version)
    rows = _lock_structure(meeting)
    row = _paragraph(meeting, key)
    if seen != row.version:
        raise _conflict(meeting, row.key)
    after = next((r for r in rows if after_key and r.key == str(after_key)[:20]), None)
    if after is not None and after.parent_id != row.parent_id:
        raise Invalid(
            f"{_where(row)} can only move among the paragraphs of its own level; "
            "to put it elsewhere, delete it and insert its text there."
        )
    parent, siblings, index, _ = _insertion_point(
        rows,
        after_key,
        row.parent.key if row.parent is not None and not after_key else None,
        row.kind,
        moving=row,
    )
    if (parent.id if parent is not None else None) != row.parent_id:
        raise Invalid(
            f"{_where(row)} can only move among the paragraphs of its own level; "
            "to put it elsewhere, delete it and insert its text there."
        )
    current = siblings.index(row)
    if index > current:
        index -= 1
    if index == current:
        raise Invalid(f"{_where(row)} is already there.")
    _claim(meeting, row, seen)
    _place(siblings, row, index)
    row.moved = _out_of_order(row, siblings)
    touched = _relabel(siblings) | {row.key}
    _changed(actor, meeting, "move", touched=touched, order=True, row=row)
    db.session.commit()
    return row.version


@_all_or_nothing
def _rewrite(
    user: Actor,
    meeting: Meeting,
    key: str,
    version: int | str,
    kind: str,
    change: Any,
    holder: str,
) -> int:
    actor = _writer(user, meeting)
    row = _paragraph(meeting, key)
    seen = _version(version)
    if seen != row.version:
        raise _conflict(meeting, row.key)
    _check_live(row, "change it")
    try:
        paragraph = change(_text_paragraph(row))
    except BracketError as error:
        raise Invalid(f"Nothing was changed: {error}") from error
    if len(paragraph.text) > MAX_TEXT:
        raise Invalid(f"{_where(row)} would be longer than {MAX_TEXT:,} characters.")
    before = row.text
    _claim(meeting, row, seen)
    _set_text(row, paragraph)
    _changed(
        actor,
        meeting,
        kind,
        touched={row.key},
        row=row,
        before=before,
        after=row.text,
        holder=holder,
    )
    db.session.commit()
    return row.version


def bracket_phrase(
    user: Actor, meeting: Meeting, key: str, phrase: str, holder: str, version: int | str
) -> int:
    """Put a phrase of the paragraph in square brackets, naming who holds it
    (`[in 2025 (EU)]`); returns the paragraph's new version."""
    words = _clean(phrase, "the words to put in brackets", MAX_PHRASE)
    held = _clean(holder, "who holds the bracket", MAX_HOLDER, required=False)
    return _rewrite(
        user,
        meeting,
        key,
        version,
        "bracket",
        lambda p: brackets.bracket_phrase(p, words, held),
        held,
    )


def add_alternative(
    user: Actor, meeting: Meeting, key: str, wording: str, holder: str, version: int | str
) -> int:
    """Record an alternative wording (`[Alt 1: ...] [Alt 2: ... (holder)]`); returns the
    paragraph's new version."""
    words = _clean(wording, "the alternative wording", MAX_PHRASE)
    held = _clean(holder, "who holds the alternative", MAX_HOLDER, required=False)
    written = f"{words} ({held})" if held else words
    return _rewrite(
        user,
        meeting,
        key,
        version,
        "alternative",
        lambda p: brackets.add_alternative(p, written),
        held,
    )


@_all_or_nothing
def set_status(
    user: Actor, meeting: Meeting, key: str, status: str, version: int | str | None = None
) -> int:
    """Mark a paragraph pending, agreed ad ref or bracketed (on the version seen, when given);
    returns its new version."""
    actor = _writer(user, meeting)
    row = _paragraph(meeting, key)
    try:
        state = ParagraphState(str(status))
    except ValueError as error:
        raise Invalid(f"“{str(status)[:40]}” is not a paragraph status.") from error
    seen = row.version if version is None else _version(version)
    if seen != row.version:
        raise _conflict(meeting, row.key)
    _check_live(row, "mark it")
    if row.status == state:
        raise Invalid(f"{_where(row)} is already {STATE_LABELS[state].lower()}.")
    if state == ParagraphState.AGREED_AD_REF:
        rows = _rows(meeting)
        within = set(_descendants(row, rows))
        if any("[" in r.text for r in rows if (r is row or r.key in within) and not r.deleted):
            raise Invalid(
                f"{_where(row)} still has words in brackets: settle them before agreeing it "
                "ad ref; nothing changed."
            )
    before = row.status.value
    _claim(meeting, row, seen)
    row.status = state
    _changed(actor, meeting, "status", touched={row.key}, row=row, before=before, after=state.value)
    db.session.commit()
    return row.version


# Reading in a proposal -----------------------------------------------------------------------

#: What reading each kind of proposal in does.
READ_IN_KINDS = (CommentKind.AMEND, CommentKind.NEW_AFTER, CommentKind.DELETE)


def proposal_paragraph(meeting: Meeting, comment: Comment) -> MeetingParagraph | None:
    """The working-text paragraph a proposal is about: the one continuing the paragraph of
    the comment's lineage in the base revision."""
    if comment.lineage_id is None or comment.negotiation_id != meeting.negotiation_id:
        return None
    return db.session.scalar(
        select(MeetingParagraph)
        .join(Paragraph, Paragraph.id == MeetingParagraph.origin_id)
        .where(
            MeetingParagraph.meeting_id == meeting.id,
            Paragraph.revision_id == meeting.base_revision_id,
            Paragraph.lineage_id == comment.lineage_id,
        )
    )


def _changed_in_meeting(row: MeetingParagraph) -> bool:
    """Whether the room changed the paragraph's words (or inserted it) in this meeting."""
    return row.origin is None or row.text != row.origin.text


def _amendment(
    row: MeetingParagraph, proposed: str, rows: list[MeetingParagraph]
) -> dict[str, str | None]:
    """key -> new text for an amendment (None: struck out): the whole paragraph, its own text
    on the first line and each sub-paragraph on its line after its label (`(a) ...`); one
    that keeps only the paragraph's own text strikes its sub-paragraphs out."""
    lines = [line.strip() for line in proposed.split("\n") if line.strip()]
    if not lines:
        raise Invalid("The proposal has no wording to read in.")
    texts: dict[str, str | None] = {
        row.key: _clean(lines[0], f"the text of {_where(row)}", MAX_TEXT)
    }
    children = [c for c in _children(rows).get(row.id, []) if not c.deleted]
    if len(lines) == 1:
        return texts | dict.fromkeys((c.key for c in children), None)
    if len(children) != len(lines) - 1:
        raise Invalid(
            f"The proposal gives {len(lines) - 1} sub-paragraphs where {_where(row)} now has "
            f"{len(children)}; edit the paragraph by hand."
        )
    for child, line in zip(children, lines[1:], strict=True):
        if not line.startswith(child.label + " "):
            raise Invalid(
                f"The proposal's line “{_quoted(line)}” does not start with {child.label}; "
                "edit the paragraph by hand."
            )
        text = line[len(child.label) :]
        texts[child.key] = _clean(text, f"the text of {_where(child)}", MAX_TEXT)
    return texts


def _room_whole(row: MeetingParagraph, rows: Sequence[MeetingParagraph]) -> str:
    """The paragraph as the room has it now, written whole as a proposal to amend all of it is
    (`amendable.amendable_text`, which `_amendment` reads back line by line): its own text,
    then each sub-paragraph still in it on a line of its own after its label."""
    subs = [c for c in _children(rows).get(row.id, []) if not c.deleted]
    return "\n".join([row.text, *(f"{c.label} {c.text}" for c in subs)])


class NotReadable(Invalid):
    """A proposal that does not apply to the room's text as it stands; `brief` says why in a
    line, for the chair's list of proposals, and `made_on` is the wording it changed."""

    def __init__(self, message: str, brief: str, made_on: str = "") -> None:
        super().__init__(message)
        self.brief = brief
        self.made_on = made_on


def _carried_onto_room(
    row: MeetingParagraph, rows: Sequence[MeetingParagraph], comment: Comment
) -> str:
    """The amendment as it reads on the room's current wording: its change, from the wording
    it was made on (the room's, when it was proposed during the meeting, else the circulated
    paragraph's), made on what the room has now, where the room's changes since do not touch
    it (`rebase`). NotReadable, saying what each changed, when they do."""
    proposed = (comment.proposed_text or "").strip()
    if not proposed:
        raise NotReadable(
            "The proposal has no wording to read in.", "It has no wording to read in."
        )
    # Read whole, sub-paragraphs included: a proposal without a sub-paragraph's line deletes it.
    current = _room_whole(row, rows)
    if comment.room_text is not None:
        base = comment.room_text
        made_on = "the room's wording it was made on"
    else:
        assert row.origin is not None  # proposal_paragraph finds paragraphs with an origin
        base = amendable_text(row.origin)
        made_on = f"{row.origin.revision.label}, on which it was made"
    proposer = comment.delegation.name
    try:
        carried = rebase(base, proposed, current)
    except Overlap as overlap:
        raise NotReadable(
            f"{_where(row)} was changed in this meeting since {proposer}'s proposal was made, "
            f"and the changes meet: in the room's text {overlap.room_change}, in the proposal "
            f"{overlap.proposal_change} (against {made_on}). Read in, it could undo or "
            "garble the room's change; take its wording in by editing the paragraph. "
            "Nothing changed.",
            "It no longer applies cleanly to the room's text, changed since at the same place: "
            f"in the room's text {overlap.room_change}, in the proposal "
            f"{overlap.proposal_change}. Read its wording out, or take it in by editing the "
            "paragraph.",
            base,
        ) from overlap
    if carried == current:
        raise NotReadable(
            f"{_where(row)} already reads as {proposer}'s proposal would make it; "
            "nothing changed. Triage the proposal instead.",
            "The room's text already reads as it would make it: triage it instead.",
        )
    return carried


@dataclass(frozen=True)
class ReadInOutcome:
    """What reading a proposal in would do to the room's text now: the wording before and
    after; or, when it does not apply to the room's text as it stands, why in a line
    (`refused`), with the wording it was made on and the wording proposed, to read out."""

    before: str
    after: str
    refused: str = ""


def read_in_outcomes(
    meeting: Meeting, key: str, comments: Sequence[Comment]
) -> list[ReadInOutcome]:
    """What reading each proposal on the working paragraph `key` in would make of the room's
    text now, for the chair to see before reading it in: an amendment against the paragraph
    as the room has it (carried onto it when the room changed the paragraph since), a new
    paragraph as proposed. The room's text is read once, however many proposals there are."""
    rows = _rows(meeting)
    row = next((r for r in rows if r.key == key), None)
    return [_read_in_outcome(row, rows, comment) for comment in comments]


def _read_in_outcome(
    row: MeetingParagraph | None, rows: Sequence[MeetingParagraph], comment: Comment
) -> ReadInOutcome:
    if comment.kind == CommentKind.NEW_AFTER or row is None:
        return ReadInOutcome("", comment.proposed_text or "")
    if comment.kind != CommentKind.AMEND:
        return ReadInOutcome("", "")
    current = _room_whole(row, rows)
    try:
        return ReadInOutcome(current, _carried_onto_room(row, rows, comment))
    except NotReadable as refused:
        return ReadInOutcome(refused.made_on or current, comment.proposed_text or "", refused.brief)


@dataclass(frozen=True)
class RoomWording:
    """A paragraph as the room has it in a live meeting, for a proposal to amend it to start
    from: the whole paragraph, the meeting, and since when it reads so."""

    text: str
    meeting: Meeting
    #: The paragraph's version in the working text (its changes so far, plus one).
    version: int
    #: When the room last changed it; None while it reads as circulated.
    changed_at: datetime | None
    #: When it was read so.
    taken_at: datetime

    @property
    def changed(self) -> bool:
        """Whether the room changed it from the circulated text."""
        return self.changed_at is not None


def room_wording(paragraph: Paragraph, meeting: Meeting | None) -> RoomWording | None:
    """While `meeting` (the negotiation's open one, if any) is live on the paragraph's text:
    the paragraph as the room has it now (`_room_whole`), which a proposal to amend it starts
    from; None otherwise (no meeting, a meeting on another text, or the paragraph deleted or a
    sub-paragraph: a proposal on a sub-paragraph starts from the circulated text)."""
    if (
        meeting is None
        or meeting.base_revision_id != paragraph.revision_id
        or paragraph.parent_id is not None
    ):
        return None
    row = db.session.scalar(
        select(MeetingParagraph).where(
            MeetingParagraph.meeting_id == meeting.id, MeetingParagraph.origin_id == paragraph.id
        )
    )
    if row is None or row.deleted:
        return None
    rows = _rows(meeting)
    children = _children(rows)
    if any(children.get(child.id) for child in children.get(row.id, [])):
        # Sub-paragraphs of sub-paragraphs: the room's text is read in a level at a time.
        return None
    changes = db.session.scalar(
        select(MeetingChange.created_at)
        .where(
            MeetingChange.meeting_id == meeting.id,
            MeetingChange.key.in_([row.key, *_descendants(row, rows)]),
            MeetingChange.kind.in_(TEXT_CHANGES),
        )
        .order_by(MeetingChange.id.desc())
        .limit(1)
    )
    return RoomWording(_room_whole(row, rows), meeting, row.version, changes, utcnow())


#: Keeps the seal of the room's wording (`room_seal`) apart from the app's other signatures.
_ROOM_SEAL_SALT = "room-wording"


def _room_sealer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_ROOM_SEAL_SALT)


def _wording_digest(paragraph_id: int, text: str) -> list[Any]:
    wording = text.replace("\r\n", "\n").strip()
    return [paragraph_id, hashlib.sha256(wording.encode()).hexdigest()]


def room_seal(paragraph_id: int, text: str) -> str:
    """A seal of the room's wording of a paragraph as the app gave it to a proposal form
    (`room_wording`): the form sends both back, and `room_seal_holds` tells a wording the room
    had from one written in the browser."""
    return str(_room_sealer().dumps(_wording_digest(paragraph_id, text)))


def room_seal_holds(paragraph_id: int, text: str, seal: str) -> bool:
    """Whether the seal is the app's own for this wording of this paragraph."""
    try:
        sealed = _room_sealer().loads(seal or "")
    except BadSignature:
        return False
    return bool(sealed == _wording_digest(paragraph_id, text))


#: The changes of the record that change a paragraph's words.
TEXT_CHANGES = ("edit", "delete", "restore", "bracket", "alternative", "read-in")


def _proposal_payload(comment: Comment) -> dict[str, Any]:
    """What the event of a read-in says of the proposal: its kind and, when it is open to
    all, its id and delegation (pages show the rest from the comment itself)."""
    payload: dict[str, Any] = {"proposal": comment.kind.value}
    if comment.visibility == Visibility.ALL and comment.hidden_at is None:
        payload |= {"comment_id": comment.id, "delegation": comment.delegation.name}
    return payload


def pending_proposals(user: Actor, meeting: Meeting) -> dict[str, list[Comment]]:
    """paragraph key -> the proposals on it the user may see that can be read in and are not
    yet triaged (oldest first): what the co-facilitators have in front of them."""
    found: dict[str, list[Comment]] = {}
    query = (
        select(MeetingParagraph.key, Comment)
        .join(Paragraph, Paragraph.id == MeetingParagraph.origin_id)
        .join(Comment, Comment.lineage_id == Paragraph.lineage_id)
        .where(
            MeetingParagraph.meeting_id == meeting.id,
            Comment.negotiation_id == meeting.negotiation_id,
            Comment.kind.in_(READ_IN_KINDS),
            Comment.triage_status == TriageStatus.OPEN,
            Comment.withdrawn_at.is_(None),
            visible_comments(user, meeting.negotiation),
        )
        .order_by(Comment.id)
    )
    for key, comment in db.session.execute(query):
        found.setdefault(key, []).append(comment)
    return found


#: What a delegation said on a paragraph that no button reads in but the chair should have in
#: view before settling it: its reservations, and its comments and questions not yet answered.
REMARK_KINDS = (CommentKind.RESERVATION, CommentKind.COMMENT, CommentKind.QUESTION)


def standing_remarks(user: Actor, meeting: Meeting, key: str) -> list[Comment]:
    """The reservations standing on the working paragraph `key` (not withdrawn, and not
    reflected in a text: a reservation noted or not retained still stands), then its comments
    and questions not yet triaged, oldest first, those the user may see; none for a paragraph
    inserted in the meeting. One query, however many there are."""
    reservation = Comment.kind == CommentKind.RESERVATION
    query = (
        select(Comment)
        .join(Paragraph, Paragraph.lineage_id == Comment.lineage_id)
        .join(MeetingParagraph, MeetingParagraph.origin_id == Paragraph.id)
        .where(
            MeetingParagraph.meeting_id == meeting.id,
            MeetingParagraph.key == key,
            Comment.negotiation_id == meeting.negotiation_id,
            Comment.kind.in_(REMARK_KINDS),
            Comment.withdrawn_at.is_(None),
            Comment.hidden_at.is_(None),
            or_(
                and_(reservation, Comment.triage_status != TriageStatus.REFLECTED),
                Comment.triage_status == TriageStatus.OPEN,
            ),
            visible_comments(user, meeting.negotiation),
        )
        .options(joinedload(Comment.delegation))
        .order_by(reservation.desc(), Comment.id)
    )
    return list(db.session.scalars(query).unique())


def base_paragraph(meeting: Meeting, key: str) -> Paragraph | None:
    """The circulated paragraph a working paragraph continues (where delegates comment and
    propose); None for one inserted in the meeting."""
    return _paragraph(meeting, key).origin


@_all_or_nothing
def read_in_proposal(
    user: Actor, meeting: Meeting, comment: Comment, version: int | str | None = None
) -> str:
    """Read a delegation's pending proposal into the working text in one action (an amendment
    replaces the paragraph's text, a new paragraph is inserted after it, a deletion strikes it)
    and triage the proposal reflected; returns the key of the paragraph changed or inserted."""
    actor = _writer(user, meeting)
    if comment.negotiation_id != meeting.negotiation_id:
        raise NotFound("There is no such proposal in this negotiation.")
    if comment.is_withdrawn:
        raise Conflict("The proposal was withdrawn by its delegation; nothing was read in.")
    if comment.kind not in READ_IN_KINDS:
        raise Invalid(
            "Only a proposal to amend, delete or add a paragraph can be read into the text; "
            "triage the others."
        )
    if comment.triage_status == TriageStatus.REFLECTED:
        raise Conflict(
            f"This proposal is already triaged “reflected in {comment.triage_revision_label}”."
        )
    row = proposal_paragraph(meeting, comment)
    if row is None:
        raise Invalid(
            f"The paragraph this proposal is about is not in {meeting.base_revision.label}, "
            "the text of the meeting; read it in by hand."
        )
    seen = row.version if version is None else _version(version)
    if seen != row.version:
        raise _conflict(meeting, row.key)
    _check_live(row, "read a proposal into it")
    proposer = comment.delegation.name
    if comment.kind == CommentKind.AMEND:
        rows = _rows(meeting)
        texts = _amendment(row, _carried_onto_room(row, rows, comment), rows)
        by_key = {r.key: r for r in rows}
        before = row.text
        touched = set(texts)
        for key, text in texts.items():
            target = by_key[key]
            if text is None:
                _claim(meeting, target, target.version)
                target.deleted = True
                touched.update(_descendants(target, rows))
                continue
            changed = _edited(target, text)
            _claim(meeting, target, target.version)
            _set_text(target, changed)
        order, changed_row, after = False, row, row.text
    elif comment.kind == CommentKind.NEW_AFTER:
        text = _clean(comment.proposed_text, "the text of the new paragraph", MAX_TEXT)
        inserted, touched = _insert(actor, meeting, row.key, text, "", None)
        before, order, changed_row, after = "", True, inserted, text
    else:
        _claim(meeting, row, seen)
        row.deleted = True
        touched = {row.key, *_descendants(row, _rows(meeting))}
        before, order, changed_row, after = row.text, False, row, ""
    write_triage(
        actor, comment, TriageStatus.REFLECTED, "", next_label(meeting.negotiation), read_in=True
    )
    _changed(
        actor,
        meeting,
        "read-in",
        touched=touched,
        order=order,
        row=changed_row,
        before=before,
        after=after,
        holder=proposer,
        comment=comment,
        extra=_proposal_payload(comment),
    )
    db.session.commit()
    return changed_row.key


# Ending --------------------------------------------------------------------------------------


def _working_items(meeting: Meeting) -> list[WorkingItem]:
    """The working text's paragraphs still in it, as the next revision is written from."""
    rows = _rows(meeting)
    children = _children(rows)
    origins = {
        paragraph_id: path
        for paragraph_id, path in db.session.execute(
            select(Paragraph.id, Paragraph.path).where(
                Paragraph.revision_id == meeting.base_revision_id
            )
        )
    }

    def items(parent_id: int | None) -> tuple[WorkingItem, ...]:
        found = []
        for row in children.get(parent_id, []):
            if row.deleted:
                continue
            paragraph = _text_paragraph(row)
            found.append(
                WorkingItem(
                    key=row.key,
                    kind=row.kind,
                    label=row.label,
                    number=row.number,
                    text=row.text,
                    emphasis=paragraph.emphasis,
                    footnote_refs=paragraph.footnote_refs,
                    origin=origins.get(row.origin_id) if row.origin_id is not None else None,
                    children=items(row.id),
                    moved=row.moved,
                )
            )
        return tuple(found)

    return list(items(None))


def written_text(meeting: Meeting) -> WorkingDocument:
    """The working text as the document it would circulate, with each paragraph's path and
    its pairing with the base revision."""
    return working_document(meeting.base_revision.document, _working_items(meeting))


def text_unchanged(meeting: Meeting) -> bool:
    """Whether the working text still reads as the revision the meeting started from (the
    room marked statuses, if anything)."""
    return same_text(meeting.base_revision.document, written_text(meeting).document)


@_all_or_nothing
def end_meeting_to_preview(user: Actor, meeting: Meeting) -> Revision | None:
    """End the meeting: the working text becomes the preview of the next revision, paired
    with the base revision as the edits say (no re-alignment guesses); it is then reviewed and
    published as usual. When the room changed no words (a reading that agreed paragraphs ad
    ref), there is no new text to circulate: the statuses the meeting ended with become those
    of the base revision's paragraphs, and None is returned."""
    actor = _writer(user, meeting)
    negotiation = meeting.negotiation
    base = meeting.base_revision
    _hold_everything(meeting)
    refused = why_it_cannot_end(meeting)
    if refused is not None:
        raise Conflict(refused)
    written = written_text(meeting)
    if not written.document.paragraphs:
        raise Invalid("Every paragraph was deleted: there is no text to circulate.")
    now = utcnow()
    if same_text(base.document, written.document):
        _statuses_onto_base(actor, meeting)
        _undo_read_ins(actor, meeting)
        _close(actor, meeting, now)
        _changed(actor, meeting, "end", extra={"statuses_on": base.label})
        db.session.commit()
        return None
    preview = add_preview(
        actor,
        negotiation,
        written.document,
        label=next_label(negotiation),
        filename=f"{base.label} as edited in the meeting of {written_day(now)}.md",
        data=write_text(written.document).encode("utf-8"),
    )
    preview.preview_pairing = written.pairing
    _close(actor, meeting, now)
    meeting.preview = preview
    _changed(
        actor,
        meeting,
        "end",
        after=preview.label,
        extra={"preview_id": preview.id, "label": preview.label},
    )
    db.session.commit()
    return preview


@dataclass(frozen=True)
class Overtaken:
    """An open meeting whose text is no longer the latest: withdrawn, or another circulated
    since. Every meeting page says so, and the chair is told the way out."""

    meeting: Meeting
    #: The latest published text now (None: none is, the meeting's own withdrawn).
    latest: Revision | None

    @property
    def withdrawn(self) -> bool:
        """Whether the meeting's own text was withdrawn (rather than another circulated)."""
        return self.meeting.base_revision.state == RevisionState.WITHDRAWN

    @property
    def during(self) -> bool:
        """Whether the latest text was published while the meeting was being held."""
        latest = self.latest
        return (
            latest is not None
            and latest.published_at is not None
            and latest.published_at >= self.meeting.started_at
        )

    @property
    def what_happened(self) -> str:
        """`Rev.2 was published during the meeting, at 15:05 UTC on 30 March 2026`, or how
        else the meeting's text was overtaken."""
        base = self.meeting.base_revision
        latest = self.latest
        if self.withdrawn:
            when = f" at {_time_and_day(base.withdrawn_at)}" if base.withdrawn_at else ""
            return f"{base.label}, the text this meeting was held on, was withdrawn{when}"
        if latest is not None and latest.published_at is not None and self.during:
            return (
                f"{latest.label} was published during the meeting, at "
                f"{_time_and_day(latest.published_at)}"
            )
        return (
            f"{base.label}, the text this meeting was held on, is no longer the latest text"
            f"{f' ({latest.label} is)' if latest else ''}"
        )

    @property
    def cannot_become_next(self) -> str:
        """Why the working text cannot become the next revision, and the way out."""
        working = (
            "the working text made from it"
            if self.withdrawn or not self.during
            else f"the working text, made from {self.meeting.base_revision.label},"
        )
        return (
            f"{self.what_happened}: {working} cannot become the next revision. "
            "Close the meeting without a preview: its record and summary stay."
        )


def overtaken(meeting: Meeting) -> Overtaken | None:
    """What overtook the open meeting's text (withdrawn, or another text circulated since), or
    None while it is the latest text (or once the meeting has ended)."""
    return _overtaking(meeting) if meeting.is_open else None


def _overtaking(meeting: Meeting) -> Overtaken | None:
    latest = latest_published(meeting.negotiation)
    if latest is not None and latest.id == meeting.base_revision_id:
        return None
    return Overtaken(meeting, latest)


def why_it_cannot_end(meeting: Meeting) -> str | None:
    """Why the meeting's working text cannot become the next revision (the text it was made
    from withdrawn, or another circulated since), with the way out; None when it can."""
    found = _overtaking(meeting)
    return f"{found.cannot_become_next} Nothing was changed." if found is not None else None


def standing_in_latest(meeting: Meeting, latest: Revision) -> dict[str, Paragraph]:
    """key -> where each paragraph of the working text that continues a circulated one stands
    in `latest`, the text that superseded the meeting's (its own paragraph, or the one it was
    merged into): where delegations comment on it now. Paragraphs `latest` lacks are left out."""
    lineages = {row.key: row.origin.lineage_id for row in _rows(meeting) if row.origin is not None}
    standing = standing_in(latest, lineages.values())
    return {
        key: standing[lineage]
        for key, lineage in lineages.items()
        if lineage is not None and lineage in standing
    }


def ended_with_statuses_marked(meeting: Meeting) -> bool:
    """Whether the meeting ended with no words changed, its statuses marked on the revision
    it started from (`end_meeting_to_preview`), rather than closed or made into a preview."""
    if meeting.is_open or meeting.preview_id is not None:
        return False
    ended = select(MeetingChange.id).where(
        MeetingChange.meeting_id == meeting.id, MeetingChange.kind == "end"
    )
    return db.session.scalar(ended.limit(1)) is not None


def _undo_read_ins(actor: User, meeting: Meeting, label: str | None = None) -> None:
    """Proposals read into a working text that becomes no revision are reflected in none: each
    goes back to the triage it had before it was read in, unless it was triaged since.
    `label`: the preview they went into, when the meeting made one (else those still marked
    read into the room are taken back, whatever the next revision is called by now)."""
    for comment in _read_in(meeting):
        history = sorted(comment.triage_changes, key=lambda change: change.id)
        # Still as it was read in: triaged since, it is no longer marked read into the room.
        still_read_in = comment.triage_revision_label == label if label else comment.read_into_room
        if comment.triage_status != TriageStatus.REFLECTED or not still_read_in or not history:
            continue
        if len(history) > 1:
            earlier = history[-2]
            write_triage(actor, comment, earlier.status, earlier.reply, earlier.revision_label)
        else:
            write_triage(actor, comment, TriageStatus.OPEN, "", "")


def _read_in(meeting: Meeting) -> list[Comment]:
    """The proposals read into the meeting's working text."""
    return list(
        db.session.scalars(
            select(Comment)
            .join(MeetingChange, MeetingChange.comment_id == Comment.id)
            .where(MeetingChange.meeting_id == meeting.id, MeetingChange.kind == "read-in")
        ).unique()
    )


def _statuses_onto_base(actor: User, meeting: Meeting) -> None:
    """Mark on the base revision's paragraphs the statuses the room gave them (its words
    unchanged), where they differ."""
    states = paragraph_states(meeting.base_revision)
    for row in _rows(meeting):
        origin = row.origin
        if origin is not None and not row.deleted and row.status != states[origin.id]:
            write_paragraph_state(actor, origin, row.status, states[origin.id])


def _close(actor: User, meeting: Meeting, now: datetime) -> None:
    meeting.state = MeetingState.ENDED
    meeting.open_negotiation_id = None
    meeting.ended_at = now
    meeting.ended_by = actor


@_all_or_nothing
def close_meeting(user: Actor, meeting: Meeting) -> Meeting:
    """End the meeting without making a preview (the room did not finish, or another text
    was circulated meanwhile): the working text and the record stay to read."""
    actor = _writer(user, meeting)
    _hold_everything(meeting)
    _undo_read_ins(actor, meeting)
    _close(actor, meeting, utcnow())
    _changed(actor, meeting, "close")
    db.session.commit()
    return meeting


def close_with_withdrawn_text(actor: Actor, revision: Revision, **_: object) -> None:
    """A text withdrawn while a meeting is held on it takes the meeting with it: closed
    without a preview, as `close_meeting` does, its record and summary kept (a receiver of
    `revision_withdrawn`, in the withdrawal's transaction)."""
    meeting = open_meeting(revision.negotiation)
    if meeting is None or meeting.base_revision_id != revision.id or not isinstance(actor, User):
        return
    _hold_everything(meeting)
    _undo_read_ins(actor, meeting)
    _close(actor, meeting, utcnow())
    _changed(actor, meeting, "close", extra={"withdrawn": revision.label})


def meeting_of_preview(revision: Revision) -> Meeting | None:
    """The meeting whose working text became this preview (or revision), if any."""
    return db.session.scalar(select(Meeting).where(Meeting.preview_id == revision.id))


def carry_statuses(_actor: Actor, revision: Revision, **_: object) -> None:
    """When a meeting's preview is published, the statuses the meeting ended with become the
    statuses of the paragraphs of the new revision: marked where they differ from what the
    paragraph would have without a mark (its predecessor's while the text is unchanged,
    else pending), so that a paragraph reopened in the room is pending in the new text."""
    meeting = meeting_of_preview(revision)
    if meeting is None or not isinstance(_actor, User):
        return
    written = written_text(meeting)
    stored = {p.path: p for p in revision.paragraphs}
    before = paragraph_states(meeting.base_revision)
    for row in _rows(meeting):
        path = written.paths.get(row.key)
        paragraph = stored.get(path) if path is not None else None
        if paragraph is None or row.deleted:
            continue
        unmarked = ParagraphState.PENDING.value
        if paragraph.change == Change.UNCHANGED and paragraph.previous_id is not None:
            unmarked = before.get(paragraph.previous_id, unmarked)
        if row.status != unmarked:
            db.session.add(
                ParagraphStatusChange(paragraph=paragraph, status=row.status, user=_actor)
            )


def read_ins_circulated(_actor: Actor, revision: Revision, **_: object) -> None:
    """When a meeting's preview is published, the proposals read into it (and not triaged
    otherwise since) are reflected in a text everyone has: their label names it now."""
    meeting = meeting_of_preview(revision)
    if meeting is None:
        return
    for comment in _read_in(meeting):
        if comment.read_into_room:
            comment.read_into_room = False
            comment.triage_revision_label = revision.label


def undo_read_ins_of_discarded(_actor: Actor, revision: Revision, **_: object) -> None:
    """When a meeting's preview is discarded, the proposals read into it are reflected in no
    text: they go back to their earlier triage (`_undo_read_ins`)."""
    meeting = meeting_of_preview(revision)
    if meeting is not None and isinstance(_actor, User):
        _undo_read_ins(_actor, meeting, revision.label)


#: Held here: blinker keeps only a weak reference to a receiver.
_CARRY_STATUSES = signals.without_autoflush(carry_statuses)
_UNDO_READ_INS = signals.without_autoflush(undo_read_ins_of_discarded)
_READ_INS_CIRCULATED = signals.without_autoflush(read_ins_circulated)
_CLOSE_WITH_WITHDRAWN_TEXT = signals.without_autoflush(close_with_withdrawn_text)


def subscribe() -> None:
    """Connect the receivers that carry a meeting's statuses and its read-in proposals into
    the revision it became, take back those proposals' triage when its preview is
    discarded, and close a meeting whose text is withdrawn."""
    signals.revision_published.connect(_CARRY_STATUSES)
    signals.revision_published.connect(_READ_INS_CIRCULATED)
    signals.preview_discarded.connect(_UNDO_READ_INS)
    signals.revision_withdrawn.connect(_CLOSE_WITH_WITHDRAWN_TEXT)


# The record ----------------------------------------------------------------------------------


def meeting_record(meeting: Meeting) -> list[MeetingChange]:
    """Every change made in the meeting, oldest first."""
    return list(
        db.session.scalars(
            select(MeetingChange)
            .where(MeetingChange.meeting_id == meeting.id)
            .order_by(MeetingChange.id)
        )
    )


@dataclass(frozen=True)
class RecordedChange:
    """A change of the meeting's record as one participant may read it."""

    change: MeetingChange
    #: The delegation whose proposal was read in, or `a delegation` for a reader who may not
    #: see that proposal; empty when no proposal was read in.
    proposer: str


def visible_record(user: Actor, meeting: Meeting) -> list[RecordedChange]:
    """Every change made in the meeting, oldest first, as `user` may read it: a proposal read
    in is named with its delegation only to those who may see the proposal."""
    get_meeting(user, meeting.negotiation_id, meeting.id)
    recorded = []
    for change in meeting_record(meeting):
        comment = change.comment
        proposer = ""
        if comment is not None:
            proposer = comment.delegation.name if can_see(user, comment) else "a delegation"
        recorded.append(RecordedChange(change, proposer))
    return recorded


def _entry(recorded: RecordedChange) -> RecordEntry:
    change = recorded.change
    what = CHANGE_PHRASES[change.kind]
    if change.kind == "status":
        states = [STATE_LABELS[ParagraphState(s)] for s in (change.before, change.after)]
        what = f"changed the status from {states[0]} to {states[1]}"
        before = after = ""
    else:
        before, after = change.before, change.after
    if change.holder and change.kind in ("bracket", "alternative"):
        what += f", held by {change.holder}"
    proposal = ""
    comment = change.comment
    if comment is not None:
        proposal = (
            f"{recorded.proposer}'s proposal ({comment.kind.value.replace('_', ' ')}, "
            f"comment {comment.id})"
        )
    if change.for_facilitators:
        what += " (for the co-facilitators)"
    return RecordEntry(
        when=change.created_at,
        who=change.user.name,
        what=what,
        label=change.label,
        before=before,
        after=after,
        proposal=proposal,
    )


#: The meeting summary's files: Word to circulate and file, Markdown to paste into a message.
SUMMARY_FORMATS = ("docx", "md")


def meeting_summary(user: Actor, meeting: Meeting, file_format: str = "md") -> MeetingSummary:
    """The meeting summary as a file (SUMMARY_FORMATS): who changed what, when; proposals read in;
    the paragraphs' statuses at the end. For any participant (a proposal they may not see is
    named without its delegation)."""
    if file_format not in SUMMARY_FORMATS:
        raise NotFound(f"There is no .{file_format} meeting summary; choose .docx or .md.")
    record_seen = visible_record(user, meeting)
    views = working_view(meeting)
    names = full_names(views)
    paragraphs = tuple(
        StatusLine(
            label=names[view.key],
            status=view.status_label,
            text=view.text,
            note=", ".join(
                note
                for note, applies in (
                    ("deleted", view.deleted),
                    ("inserted", view.inserted),
                    ("moved", view.moved),
                    ("edited", not view.inserted and view.text != view.base_text),
                )
                if applies
            ),
        )
        for view in views
    )
    summary = MeetingSummaryText(
        negotiation=meeting.negotiation.title,
        round=meeting.round.title,
        base_label=meeting.base_revision.label,
        started=meeting.started_at,
        ended=meeting.ended_at,
        started_by=meeting.started_by.name,
        # Which paragraph was under discussion when is in the record, not the summary.
        entries=tuple(_entry(r) for r in record_seen if r.change.kind != "focus"),
        paragraphs=paragraphs,
        preview_label=meeting.preview.label if meeting.preview else "",
    )
    # Named and headed like the negotiation's other files: whose meeting, which, and when.
    held = meeting.ended_at or meeting.started_at
    name = (
        f"{title_part(meeting.negotiation.title)}-{slug(meeting.round.title)}-"
        f"{held:%Y-%m-%d}-summary.{file_format}"
    )
    if file_format == "docx":
        identity = replace(
            revision_identity(meeting.base_revision),
            label=f"Summary of the meeting on {meeting.base_revision.label}",
            circulated=held.date(),
        )
        data = identify_docx(write_meeting_summary_docx(summary), identity)
        return MeetingSummary(name, DOCX, data)
    text = write_meeting_summary(summary)
    return MeetingSummary(name, "text/markdown; charset=utf-8", text.encode("utf-8"))
