"""Keeping participants informed and closing a text: in-app notifications, personal feed keys,
and the silence procedure with the statements that break it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import Model
from tracker.models.columns import UTCDateTime, association_table, enum_type, utcnow
from tracker.models.consultation import Comment
from tracker.models.people import Delegation, User
from tracker.models.texts import Negotiation, NegotiationStatus, Paragraph, Revision

__all__ = [
    "Event",
    "FeedKey",
    "Notification",
    "NotificationKind",
    "SilenceBreak",
    "SilenceOutcome",
    "SilenceProcedure",
    "silence_break_paragraphs",
]


class NotificationKind(StrEnum):
    """The events people hear of in the app (and by mail, under the same names)."""

    REVISION_PUBLISHED = "revision_published"
    ROUND = "round"
    ROUND_REMINDER = "round_reminder"
    COMMENT_POSTED = "comment_posted"
    REPLY = "reply"
    JOIN = "join"
    TRIAGE = "triage"
    SILENCE_OPENED = "silence_opened"
    SILENCE_BROKEN = "silence_broken"
    SILENCE_PASSED = "silence_passed"


class Event(Model):
    """One change in a negotiation, as live pages receive it: written in the transaction of the
    change, so a page that reconnects with the last id it saw gets exactly what it missed."""

    __tablename__ = "events"
    # AUTOINCREMENT on SQLite: ids are never reused, even after the newest row is gone.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    #: What changed, for the page to show: ids, labels and counts, never the text of a comment.
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Set when the event tells of a comment: only those who may see it receive the event.
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    comment: Mapped[Comment | None] = relationship()


class Notification(Model):
    """Something that happened which one person should know about; read_at marks it seen."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    negotiation_id: Mapped[int | None] = mapped_column(ForeignKey("negotiations.id"))
    kind: Mapped[NotificationKind] = mapped_column(enum_type(NotificationKind, length=40))
    text: Mapped[str] = mapped_column(Text)
    #: A path inside the app (not a full URL), so it stays valid behind any host name.
    link: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
    negotiation: Mapped[Negotiation | None] = relationship()

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class FeedKey(Model):
    """A person's random secret for feed links; replacing it invalidates every old link."""

    __tablename__ = "feed_keys"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    #: Random; signed together with the user id into the token a feed reader sends.
    secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SilenceOutcome(StrEnum):
    PASSED = "passed"
    BROKEN = "broken"


class SilenceProcedure(Model):
    """A published revision put under silence until a deadline; the outcome is recorded once."""

    __tablename__ = "silence_procedures"

    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"), index=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    #: The negotiation's status before silence, restored when silence is broken.
    previous_status: Mapped[NegotiationStatus] = mapped_column(enum_type(NegotiationStatus))
    started_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: None while the procedure runs; then passed or broken.
    outcome: Mapped[SilenceOutcome | None] = mapped_column(enum_type(SilenceOutcome))
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    outcome_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    negotiation: Mapped[Negotiation] = relationship()
    revision: Mapped[Revision] = relationship()
    started_by: Mapped[User] = relationship(foreign_keys=[started_by_id])
    outcome_by: Mapped[User | None] = relationship(foreign_keys=[outcome_by_id])
    breaks: Mapped[list[SilenceBreak]] = relationship(
        back_populates="procedure", order_by=lambda: SilenceBreak.id
    )

    @property
    def is_open(self) -> bool:
        return self.outcome is None


silence_break_paragraphs = association_table(
    "silence_break_paragraphs", silence_break_id="silence_breaks.id", paragraph_id="paragraphs.id"
)


class SilenceBreak(Model):
    """A delegation's statement breaking silence on named paragraphs; never deleted."""

    __tablename__ = "silence_breaks"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("silence_procedures.id"), index=True)
    #: The delegation or group on whose behalf silence is broken.
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    statement: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    procedure: Mapped[SilenceProcedure] = relationship(back_populates="breaks")
    delegation: Mapped[Delegation] = relationship()
    user: Mapped[User] = relationship()
    paragraphs: Mapped[list[Paragraph]] = relationship(
        secondary=silence_break_paragraphs, order_by=lambda: Paragraph.position
    )
