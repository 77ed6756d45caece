"""Closing a text: the silence procedure, and the statements of delegations that break it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import Model
from tracker.models.columns import UTCDateTime, association_table, enum_type, utcnow
from tracker.models.people import Delegation, User
from tracker.models.texts import Negotiation, NegotiationStatus, Paragraph, Revision

__all__ = ["SilenceBreak", "SilenceOutcome", "SilenceProcedure", "silence_break_paragraphs"]


class SilenceOutcome(StrEnum):
    PASSED = "passed"
    BROKEN = "broken"
    #: Ended early by the co-facilitators, or by a new text circulated or the text withdrawn.
    WITHDRAWN = "withdrawn"


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
    #: None while the procedure runs; then passed, broken or withdrawn.
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

    @property
    def standing_breaks(self) -> list[SilenceBreak]:
        """The statements whose objection has not been lifted."""
        return [b for b in self.breaks if b.lifted_at is None]


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
    #: When the delegation lifted its objection (after consultations, say); None while it
    #: stands. The statement stays on record either way.
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lift_note: Mapped[str] = mapped_column(Text, default="", server_default="")

    procedure: Mapped[SilenceProcedure] = relationship(back_populates="breaks")
    delegation: Mapped[Delegation] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    lifted_by: Mapped[User | None] = relationship(foreign_keys=[lifted_by_id])
    paragraphs: Mapped[list[Paragraph]] = relationship(
        secondary=silence_break_paragraphs, order_by=lambda: Paragraph.position
    )
