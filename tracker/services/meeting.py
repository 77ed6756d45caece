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

Event payloads (kind `meeting.<change>`, e.g. `meeting.edit`), enough for a page to update one
paragraph without reloading:

    {"meeting_id": 3, "change": "edit", "by": "Ana Ruiz",
     "focus": "p4",                       # key of the paragraph under discussion, or null
     "paragraphs": [<paragraph>, ...],    # the paragraphs the change touched
     "order": ["p1", "p2", ...]}          # only when the order changed: every key, reading order

    <paragraph> = {"key": "p4", "parent": null, "depth": 0, "label": "OP3",
                   "kind": "operative", "status": "pending", "version": 2,
                   "focus": true, "deleted": false, "inserted": false, "moved": false,
                   "text": "...", "ops": [["equal", "Decides "], ["insert", "to"], ...]}

`ops` are the word-diff operations of the paragraph against the base revision's paragraph it
continues (`equal`, `insert`, `delete`): the tracked changes. `meeting.start` and `meeting.end`
carry {"meeting_id", "change", "by"} and, for the end, "preview_id" and "label".
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.models import (
    Comment,
    ConsultationRound,
    Meeting,
    MeetingChange,
    Negotiation,
    Revision,
)
from tracker.services import Conflict
from tracker.services.access import Actor
from tracker.text.diff import DiffOp

#: The longest paragraph text accepted (characters); a whole resolution is rarely longer.
MAX_TEXT = 20_000
#: The longest phrase to bracket, alternative wording and holder accepted.
MAX_PHRASE = 2_000
MAX_HOLDER = 200
#: Paragraphs a meeting may insert (keys issued); far beyond any real meeting.
MAX_PARAGRAPHS = 5_000


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
    deleted: bool
    inserted: bool
    moved: bool
    text: str
    #: The base paragraph's text ("" for an inserted one).
    base_text: str
    #: Word-diff against the base paragraph: the tracked changes.
    ops: tuple[DiffOp, ...]

    @property
    def changed(self) -> bool:
        """Whether the paragraph differs from the circulated text in any way."""
        return self.inserted or self.deleted or self.moved or self.text != self.base_text


@dataclass(frozen=True)
class MeetingSummary:
    """A meeting summary export: file name, content type, bytes."""

    filename: str
    content_type: str
    data: bytes


def open_meeting(negotiation: Negotiation) -> Meeting | None:
    """The negotiation's open meeting, if one is being held."""
    raise NotImplementedError


def get_meeting(user: Actor, negotiation_id: int, meeting_id: int) -> Meeting:
    """A meeting of that negotiation, for any signed-in participant (NotFound otherwise)."""
    raise NotImplementedError


def start_meeting(user: Actor, consultation_round: ConsultationRound) -> Meeting:
    """Start the round's meeting with a working text made from the latest published revision;
    refused while another meeting of the negotiation is open."""
    raise NotImplementedError


def focus_paragraph(user: Actor, meeting: Meeting, key: str) -> Meeting:
    """Choose the paragraph under discussion (highlighted and kept in view on every page)."""
    raise NotImplementedError


def edit_paragraph(user: Actor, meeting: Meeting, key: str, text: str, version: int) -> int:
    """Replace a paragraph's (or sub-paragraph's) text; returns its new version.
    MeetingConflict when `version` is not the paragraph's current one."""
    raise NotImplementedError


def insert_paragraph(
    user: Actor, meeting: Meeting, after_key: str | None, text: str, kind: str = ""
) -> str:
    """Insert a paragraph after `after_key` (its sibling; None: first of `kind`), labelled
    as the genre does (`OP5 bis`, `OP5 ter`, `(a bis)`; a PP unlabelled); returns its key."""
    raise NotImplementedError


def delete_paragraph(user: Actor, meeting: Meeting, key: str, version: int) -> int:
    """Strike a paragraph (and its sub-paragraphs) out of the working text; kept, shown
    deleted; returns its new version."""
    raise NotImplementedError


def restore_paragraph(user: Actor, meeting: Meeting, key: str, version: int) -> int:
    """Bring a paragraph struck out in the meeting back; returns its new version."""
    raise NotImplementedError


def move_paragraph(
    user: Actor, meeting: Meeting, key: str, after_key: str | None, version: int
) -> int:
    """Move a paragraph after another of its siblings (None: first of its kind); it keeps
    its label; returns its new version."""
    raise NotImplementedError


def bracket_phrase(
    user: Actor, meeting: Meeting, key: str, phrase: str, holder: str, version: int
) -> int:
    """Put a phrase of the paragraph in square brackets, naming who holds it; returns the
    paragraph's new version."""
    raise NotImplementedError


def add_alternative(
    user: Actor, meeting: Meeting, key: str, wording: str, holder: str, version: int
) -> int:
    """Record an alternative wording (`[Alt 1: ...] [Alt 2: ... (holder)]`); returns the
    paragraph's new version."""
    raise NotImplementedError


def set_status(user: Actor, meeting: Meeting, key: str, status: str) -> int:
    """Mark a paragraph pending, agreed ad ref or bracketed; returns its new version."""
    raise NotImplementedError


def read_in_proposal(user: Actor, meeting: Meeting, comment: Comment) -> str:
    """Read a delegation's pending proposal into the working text in one action (an amendment
    replaces the paragraph's text, a new paragraph is inserted after it, a deletion strikes it)
    and triage the proposal reflected; returns the key of the paragraph changed."""
    raise NotImplementedError


def working_view(meeting: Meeting) -> list[WorkingParagraph]:
    """The working text in reading order, each paragraph with its tracked changes."""
    raise NotImplementedError


def end_meeting_to_preview(user: Actor, meeting: Meeting) -> Revision:
    """End the meeting: the working text becomes the preview of the next revision, paired
    with the base revision as the edits say; it is then reviewed and published as usual."""
    raise NotImplementedError


def meeting_record(meeting: Meeting) -> list[MeetingChange]:
    """Every change made in the meeting, oldest first."""
    raise NotImplementedError


def meeting_summary(user: Actor, meeting: Meeting) -> MeetingSummary:
    """The meeting summary as a Markdown file: who changed what, when; proposals read in;
    the paragraphs' statuses at the end."""
    raise NotImplementedError
