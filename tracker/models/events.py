"""Every change in a negotiation, stored for the live pages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import Model
from tracker.models.columns import UTCDateTime, utcnow
from tracker.models.consultation import Comment

__all__ = ["Event"]


class Event(Model):
    """One change in a negotiation, as live pages receive it: written in the transaction of the
    change, so a page that reconnects with the last id it saw gets exactly what it missed."""

    __tablename__ = "events"
    __table_args__ = (
        # A negotiation's events in the order of their ids: its newest one, which every page
        # with live updates asks, is the last entry of its run, and a stream's next events
        # follow the id it saw, however many the negotiation has had.
        Index("ix_events_negotiation_id_id", "negotiation_id", "id"),
        # AUTOINCREMENT on SQLite: ids are never reused, even after the newest row is gone.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"))
    kind: Mapped[str] = mapped_column(String(40))
    #: What changed, for the page to show: ids, labels and counts, never the text of a comment.
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Set when the event tells of a comment: only those who may see it receive the event.
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    comment: Mapped[Comment | None] = relationship()
