"""Informal consultations: rounds, delegations' comments and proposals, joins, replies, triage,
and the paragraph status co-facilitators mark in the room."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import Model
from tracker.models.columns import UTCDateTime, enum_type, utcnow
from tracker.models.people import Delegation, User
from tracker.models.texts import Lineage, Negotiation, Paragraph, Revision

__all__ = [
    "Comment",
    "CommentJoin",
    "CommentKind",
    "CommentReply",
    "CommentTally",
    "CommentVersion",
    "ConsultationRound",
    "ParagraphState",
    "ParagraphStatusChange",
    "TriageChange",
    "TriageStatus",
    "Visibility",
    "WritingSuspension",
]


class CommentKind(StrEnum):
    """What a delegation says about a paragraph; values match the compilation's KIND_PHRASES."""

    COMMENT = "comment"
    QUESTION = "question"
    AMEND = "amend"
    DELETE = "delete"
    RETAIN = "retain"
    NEW_AFTER = "new_after"
    RESERVATION = "reservation"

    @property
    def is_proposal(self) -> bool:
        return self in (self.AMEND, self.DELETE, self.RETAIN, self.NEW_AFTER)


class Visibility(StrEnum):
    ALL = "all"
    #: Seen only by the author delegation, the co-facilitators and the secretariat.
    FACILITATORS = "facilitators"


class TriageStatus(StrEnum):
    OPEN = "open"
    REFLECTED = "reflected"
    PARTLY_REFLECTED = "partly_reflected"
    NOT_RETAINED = "not_retained"
    NOTED = "noted"


class ParagraphState(StrEnum):
    PENDING = "pending"
    AGREED_AD_REF = "agreed_ad_ref"
    BRACKETED = "bracketed"


class ConsultationRound(Model):
    """A meeting of informal consultations on one revision, with a deadline for written input."""

    __tablename__ = "consultation_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"), index=True)
    #: The revision under discussion.
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    venue: Mapped[str] = mapped_column(String(300), default="")
    #: A link to join virtually; empty for in-person meetings.
    virtual_link: Mapped[str] = mapped_column(String(500), default="")
    #: Comments on the revision are taken until then, and may be edited or withdrawn until then.
    comment_deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    #: Moved on by every change of the schedule: its calendar file's SEQUENCE, without which a
    #: calendar takes the changed meeting for the one it already has. Also the version the
    #: edit form carries: a change is written only over the version it was made on.
    sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    negotiation: Mapped[Negotiation] = relationship()
    revision: Mapped[Revision] = relationship()
    created_by: Mapped[User] = relationship()

    # Set by `update_round` (the calendar's numbering), checked by every update of the row.
    __mapper_args__ = {"version_id_col": sequence, "version_id_generator": False}


class Comment(Model):
    """A delegation's comment, question, proposal or reservation on a paragraph or the whole text.

    Anchored to the paragraph's lineage so it follows the paragraph into later revisions.
    """

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"), index=True)
    #: The revision the comment was made on.
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"), index=True)
    #: The paragraph as it stood when commented on; None for the text as a whole.
    paragraph_id: Mapped[int | None] = mapped_column(ForeignKey("paragraphs.id"))
    lineage_id: Mapped[int | None] = mapped_column(ForeignKey("lineages.id"), index=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("consultation_rounds.id"), index=True)
    #: The delegation or group on whose behalf the comment is made.
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[CommentKind] = mapped_column(enum_type(CommentKind))
    body: Mapped[str] = mapped_column(Text, default="")
    #: For amend: the paragraph as proposed; for new_after: the new paragraph.
    proposed_text: Mapped[str | None] = mapped_column(Text)
    #: For an amendment proposed while a meeting was live on the paragraph: the room's wording
    #: it was made on (written as `proposed_text` is), which reading it in carries forward from;
    #: None when made on the text as circulated.
    room_text: Mapped[str | None] = mapped_column(Text)
    visibility: Mapped[Visibility] = mapped_column(enum_type(Visibility), default=Visibility.ALL)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    triage_status: Mapped[TriageStatus] = mapped_column(
        enum_type(TriageStatus), default=TriageStatus.OPEN
    )
    triage_reply: Mapped[str] = mapped_column(Text, default="")
    #: The revision label a "reflected" triage points at (Rev.N at the time of triage).
    triage_revision_label: Mapped[str] = mapped_column(String(100), default="")
    #: True while the "reflected" triage is the proposal's reading into a meeting's working
    #: text that is not yet circulated: it then reads "Read into the room's text", not a
    #: revision no one has seen (`triage.triage_label`).
    read_into_room: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: Bumped on every change; a form that saw an older value is refused (optimistic locking).
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: The one-time key of the form that posted it: a resubmission finds this comment instead of
    #: storing a second one.
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: Set when a co-facilitator hides the comment as abusive (kept, and reversible).
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Indexed: the draft view reads the comments changed since it last looked.
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, index=True
    )
    #: When its wording was last changed (its earlier wordings are the versions); None while it
    #: reads as it was made. Kept on the row, so that a list of comments says which were edited
    #: without looking into the versions for each one.
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    negotiation: Mapped[Negotiation] = relationship()
    revision: Mapped[Revision] = relationship()
    paragraph: Mapped[Paragraph | None] = relationship()
    lineage: Mapped[Lineage | None] = relationship()
    round: Mapped[ConsultationRound | None] = relationship()
    delegation: Mapped[Delegation] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    hidden_by: Mapped[User | None] = relationship(foreign_keys=[hidden_by_id])
    joins: Mapped[list[CommentJoin]] = relationship(
        back_populates="comment", order_by=lambda: CommentJoin.id
    )
    replies: Mapped[list[CommentReply]] = relationship(
        back_populates="comment", order_by=lambda: CommentReply.id
    )
    versions: Mapped[list[CommentVersion]] = relationship(
        back_populates="comment", order_by=lambda: CommentVersion.id
    )
    triage_changes: Mapped[list[TriageChange]] = relationship(
        back_populates="comment", order_by=lambda: TriageChange.id
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # What is new since a person's last visit: the negotiation's comments made since then.
        Index("ix_comments_negotiation_id_created_at", "negotiation_id", "created_at"),
    )

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_edited(self) -> bool:
        """Whether its wording changed since it was made (it has earlier wordings)."""
        return self.edited_at is not None

    @property
    def active_joins(self) -> list[CommentJoin]:
        """Delegations currently joining the comment (those who left are kept on record)."""
        return [join for join in self.joins if join.left_at is None]


class CommentVersion(Model):
    """The wording of a comment before an edit, so edits keep their history."""

    __tablename__ = "comment_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    proposed_text: Mapped[str | None] = mapped_column(Text)
    #: Who made the edit that replaced this wording.
    edited_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: When this wording was replaced.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    comment: Mapped[Comment] = relationship(back_populates="versions")
    edited_by: Mapped[User] = relationship()


class CommentJoin(Model):
    """A delegation joining a comment; leaving sets left_at, the row stays."""

    __tablename__ = "comment_joins"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"), index=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    comment: Mapped[Comment] = relationship(back_populates="joins")
    delegation: Mapped[Delegation] = relationship()
    user: Mapped[User] = relationship()


class CommentTally(Model):
    """A negotiation's comments and joins in figures, kept by every transaction that writes one
    (tracker.services.tallies): the draft view's marks read this one row instead of counting
    every comment of the negotiation at each view. Comments and joins are never deleted, so
    the figures only grow, but for joins ended (a delegation may join again)."""

    __tablename__ = "comment_tallies"

    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"), primary_key=True)
    #: how many comments, the newest one's id, the latest `updated_at` of any
    comments: Mapped[int] = mapped_column(Integer, default=0)
    newest_comment: Mapped[int | None] = mapped_column(Integer)
    latest_change: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: how many joins, the newest one's id, how many of them ended (`left_at` set)
    joins: Mapped[int] = mapped_column(Integer, default=0)
    newest_join: Mapped[int | None] = mapped_column(Integer)
    joins_left: Mapped[int] = mapped_column(Integer, default=0)


class CommentReply(Model):
    """A reply in a comment's thread, by a delegate or a co-facilitator."""

    __tablename__ = "comment_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: The delegation spoken for; None for co-facilitators.
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegations.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    comment: Mapped[Comment] = relationship(back_populates="replies")
    author: Mapped[User] = relationship()
    delegation: Mapped[Delegation | None] = relationship()


class TriageChange(Model):
    """One triage decision on a comment; the comment holds the latest, these the history."""

    __tablename__ = "triage_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"), index=True)
    status: Mapped[TriageStatus] = mapped_column(enum_type(TriageStatus))
    reply: Mapped[str] = mapped_column(Text, default="")
    revision_label: Mapped[str] = mapped_column(String(100), default="")
    #: Made by reading the proposal into a live meeting's working text.
    read_in: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    comment: Mapped[Comment] = relationship(back_populates="triage_changes")
    user: Mapped[User] = relationship()


class ParagraphStatusChange(Model):
    """A co-facilitator marking a paragraph of a revision pending, agreed ad ref or bracketed.

    The latest row per paragraph is its status; a paragraph with none inherits its predecessor's
    while its text is unchanged.
    """

    __tablename__ = "paragraph_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    paragraph_id: Mapped[int] = mapped_column(ForeignKey("paragraphs.id"), index=True)
    status: Mapped[ParagraphState] = mapped_column(enum_type(ParagraphState))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    paragraph: Mapped[Paragraph] = relationship()
    user: Mapped[User] = relationship()


class WritingSuspension(Model):
    """An account's writing suspended in one negotiation by its co-facilitators (abuse): it
    still reads. Lifting the suspension sets lifted_at; the row stays on record."""

    __tablename__ = "writing_suspensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    suspended_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    suspended_by: Mapped[User] = relationship(foreign_keys=[suspended_by_id])
    lifted_by: Mapped[User | None] = relationship(foreign_keys=[lifted_by_id])
