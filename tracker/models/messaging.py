"""People and messages: the mail outbox, each person's mail choices per negotiation, who opened
which text and when each person last visited a negotiation, round reminders sent, and the
delegations that speak for a group in a negotiation."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import Model
from tracker.models.columns import UTCDateTime, enum_type, utcnow
from tracker.models.people import Delegation, User
from tracker.models.texts import Negotiation, Revision

__all__ = [
    "DigestCursor",
    "GroupSpeaker",
    "MailMode",
    "MailPreference",
    "MailUnsubscription",
    "NegotiationVisit",
    "OutboxLetter",
    "OutboxMessage",
    "OutboxState",
    "RevisionOpening",
    "RoundReminder",
]


class OutboxState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    #: Every attempt failed; kept with the last error for the admin page.
    FAILED = "failed"


class OutboxMessage(Model):
    """One e-mail to one address, written in the same transaction as what it reports (a copy
    of a letter to many is written by the mail worker from its `OutboxLetter`)."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: What kind of message (invitation, password_reset, revision_published, digest ...).
    kind: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    negotiation_id: Mapped[int | None] = mapped_column(ForeignKey("negotiations.id"))
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(500))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    #: Extra headers (List-Unsubscribe ...), name -> value.
    headers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: Files to attach: [{"filename", "content_type", "revision_id"}]; built when sending.
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    state: Mapped[OutboxState] = mapped_column(enum_type(OutboxState), default=OutboxState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: Not tried again before then (backoff after a failure).
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User | None] = relationship()

    __table_args__ = (
        Index("ix_outbox_state_next_attempt_at", "state", "next_attempt_at"),
        # A person's recent messages of a kind (the reset links mailed lately).
        Index("ix_outbox_user_id_kind_created_at", "user_id", "kind", "created_at"),
    )


class OutboxLetter(Model):
    """One letter to many people, rendered once and written in the transaction of what it
    reports: who gets it (id, address and name as they were then) and its text with each
    reader's name and unsubscribe link left to fill in. The mail worker writes one
    `OutboxMessage` per reader from it and removes it in one transaction."""

    __tablename__ = "outbox_letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    negotiation_id: Mapped[int | None] = mapped_column(ForeignKey("negotiations.id"))
    subject: Mapped[str] = mapped_column(String(500))
    #: The text part as rendered once, cut where each reader's own words go: literal text at
    #: even places, at odd places the name of what goes there ("name", "unsubscribe_url").
    text_parts: Mapped[list[str]] = mapped_column(JSON)
    #: The HTML part, cut the same way (what goes in is escaped).
    html_parts: Mapped[list[str]] = mapped_column(JSON)
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: [[user id, address, name], ...] in the order the copies are written.
    recipients: Mapped[list[list[Any]]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MailMode(StrEnum):
    EVERY = "every"
    DIGEST = "digest"
    NONE = "none"


class MailPreference(Model):
    """How a person wants mail about one negotiation; without a row, every event."""

    __tablename__ = "mail_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"), primary_key=True)
    mode: Mapped[MailMode] = mapped_column(enum_type(MailMode), default=MailMode.EVERY)
    #: Attach the clean .docx to the circulation letter of a new revision.
    attach_docx: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class MailUnsubscription(Model):
    """A person who unsubscribed from one kind of e-mail (from the link in a message)."""

    __tablename__ = "mail_unsubscriptions"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DigestCursor(Model):
    """The last notification a person's daily digest covered."""

    __tablename__ = "digest_cursors"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    last_notification_id: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RevisionOpening(Model):
    """The first time a person opened a published revision."""

    __tablename__ = "revision_openings"

    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    #: The reader's delegation at the time; None for co-facilitators and the secretariat.
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegations.id"), index=True)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    revision: Mapped[Revision] = relationship()
    delegation: Mapped[Delegation | None] = relationship()


class NegotiationVisit(Model):
    """When a person last looked at a negotiation, and when their visit before this one ended:
    what was written after that is new to them, the same moment for every page of one
    sitting (tracker.services.whats_new)."""

    __tablename__ = "negotiation_visits"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"), primary_key=True)
    #: The latest page of the current visit (written again at most once a minute).
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Where the visit before the current one ended; None during the person's first visit.
    previous_visit_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RoundReminder(Model):
    """A round whose deadline reminder went out; the primary key makes it go out once."""

    __tablename__ = "round_reminders"

    round_id: Mapped[int] = mapped_column(ForeignKey("consultation_rounds.id"), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class GroupSpeaker(Model):
    """A delegation the secretariat designated to speak for a group in one negotiation."""

    __tablename__ = "group_speakers"

    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"), primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"), primary_key=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"), primary_key=True)
    #: "chair" (the chair or coordinator) or "alternate".
    capacity: Mapped[str] = mapped_column(String(20), default="chair")
    designated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    negotiation: Mapped[Negotiation] = relationship()
    group: Mapped[Delegation] = relationship(foreign_keys=[group_id])
    delegation: Mapped[Delegation] = relationship(foreign_keys=[delegation_id])
