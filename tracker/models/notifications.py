"""What each person hears of in the app: notifications, and the secret behind their feed
links."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import Model
from tracker.models.columns import UTCDateTime, enum_type, utcnow
from tracker.models.people import User
from tracker.models.texts import Negotiation

__all__ = ["FeedKey", "Notification", "NotificationKind"]


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
    SILENCE_LIFTED = "silence_lifted"
    SILENCE_PASSED = "silence_passed"
    SILENCE_EXTENDED = "silence_extended"
    SILENCE_WITHDRAWN = "silence_withdrawn"


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
