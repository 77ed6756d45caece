"""The live meeting of a consultation round: the working text the co-facilitators edit on screen
while delegations follow, and the record of every change made to it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import Model
from tracker.models.consultation import Comment, ConsultationRound, ParagraphState
from tracker.models.core import (
    Negotiation,
    Paragraph,
    Revision,
    User,
    UTCDateTime,
    enum_type,
    utcnow,
)
from tracker.text.document import Kind

__all__ = ["Meeting", "MeetingChange", "MeetingParagraph", "MeetingState"]


class MeetingState(StrEnum):
    OPEN = "open"
    #: Its working text became a preview of the next revision; nothing changes any more.
    ENDED = "ended"


class Meeting(Model):
    """A meeting of a consultation round with a working text, started from the latest
    published revision; one open meeting per negotiation at a time."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("consultation_rounds.id"), index=True)
    #: The circulated text the working text started from; tracked changes are shown against it.
    base_revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    state: Mapped[MeetingState] = mapped_column(enum_type(MeetingState), default=MeetingState.OPEN)
    #: The negotiation's id while the meeting is open, None once ended: unique, so a second
    #: meeting started at the same moment is refused by the database too.
    open_negotiation_id: Mapped[int | None] = mapped_column(
        ForeignKey("negotiations.id"), unique=True
    )
    #: Key of the paragraph under discussion, highlighted on every screen; None before one is
    #: chosen.
    focus_key: Mapped[str | None] = mapped_column(String(20))
    #: Bumped by every change of order (insert, delete, move): such changes take their turn.
    structure_version: Mapped[int] = mapped_column(Integer, default=1)
    #: How many paragraph keys were handed out (keys are never reused).
    keys_issued: Mapped[int] = mapped_column(Integer, default=0)
    started_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The preview of the next revision the working text became when the meeting ended.
    preview_id: Mapped[int | None] = mapped_column(ForeignKey("revisions.id"))

    negotiation: Mapped[Negotiation] = relationship(foreign_keys=[negotiation_id])
    round: Mapped[ConsultationRound] = relationship()
    base_revision: Mapped[Revision] = relationship(foreign_keys=[base_revision_id])
    preview: Mapped[Revision | None] = relationship(foreign_keys=[preview_id])
    started_by: Mapped[User] = relationship(foreign_keys=[started_by_id])
    ended_by: Mapped[User | None] = relationship(foreign_keys=[ended_by_id])
    paragraphs: Mapped[list[MeetingParagraph]] = relationship(
        back_populates="meeting", order_by=lambda: MeetingParagraph.id
    )

    @property
    def is_open(self) -> bool:
        return self.state == MeetingState.OPEN


class MeetingParagraph(Model):
    """A paragraph or sub-paragraph of a meeting's working text."""

    __tablename__ = "meeting_paragraphs"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    #: Stable for the whole meeting, whatever is inserted, moved or relabelled: `p7`.
    key: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_paragraphs.id"))
    #: Order among the paragraphs of the same parent (or the top level).
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[Kind] = mapped_column(enum_type(Kind))
    #: As shown: `OP5`, `OP5 bis`, `(a)`; empty for a preambular paragraph inserted here.
    label: Mapped[str] = mapped_column(String(50))
    #: The number as printed without punctuation (`5 bis`, `a`); empty for PPs.
    number: Mapped[str] = mapped_column(String(30), default="")
    text: Mapped[str] = mapped_column(Text)
    #: Italics and footnote marks of the text, as offsets ({"emphasis": [[s, e]], "refs":
    #: [[mark, offset]]}), carried through every edit.
    styling: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: The base revision's paragraph this one continues; None for one inserted in the meeting.
    origin_id: Mapped[int | None] = mapped_column(ForeignKey("paragraphs.id"))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    moved: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[ParagraphState] = mapped_column(
        enum_type(ParagraphState), default=ParagraphState.PENDING
    )
    #: Bumped on every change to the paragraph; a change made on an older one is refused.
    version: Mapped[int] = mapped_column(Integer, default=1)

    meeting: Mapped[Meeting] = relationship(back_populates="paragraphs")
    parent: Mapped[MeetingParagraph | None] = relationship(
        remote_side=lambda: MeetingParagraph.id, foreign_keys=[parent_id]
    )
    origin: Mapped[Paragraph | None] = relationship()

    __table_args__ = (UniqueConstraint("meeting_id", "key"),)

    @property
    def inserted(self) -> bool:
        return self.origin_id is None


class MeetingChange(Model):
    """One change made in a meeting: the meeting's record. Append-only."""

    __tablename__ = "meeting_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: `start`, `focus`, `edit`, `insert`, `delete`, `move`, `bracket`, `alternative`,
    #: `status`, `read-in`, `end`.
    kind: Mapped[str] = mapped_column(String(20))
    #: The paragraph's key and its label at the time; empty for changes of the whole meeting.
    key: Mapped[str] = mapped_column(String(20), default="")
    label: Mapped[str] = mapped_column(String(100), default="")
    before: Mapped[str] = mapped_column(Text, default="")
    after: Mapped[str] = mapped_column(Text, default="")
    #: Who holds the bracket or alternative recorded, as the co-facilitator wrote it.
    holder: Mapped[str] = mapped_column(String(200), default="")
    #: The proposal read into the text.
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"))
    #: The secretariat acting for the co-facilitators.
    for_facilitators: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship()
    user: Mapped[User] = relationship()
    comment: Mapped[Comment | None] = relationship()
