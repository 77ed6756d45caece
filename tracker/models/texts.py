"""Negotiations and the texts they circulate: revisions, their paragraphs and the lineages
that follow a paragraph from one revision to the next, hand corrections of those pairings, and
the structure of a text besides its paragraphs (sponsors, headings)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import Model
from tracker.models.columns import UTCDateTime, enum_type, utcnow
from tracker.models.people import Delegation, NegotiationFacilitator, User
from tracker.text.align import Change
from tracker.text.document import Document, Kind, document_from_dict

__all__ = [
    "Lineage",
    "LineageCorrection",
    "Negotiation",
    "NegotiationStatus",
    "Paragraph",
    "Revision",
    "RevisionHeading",
    "RevisionSponsor",
    "RevisionState",
]


class NegotiationStatus(StrEnum):
    DRAFTING = "drafting"
    CONSULTATIONS = "consultations"
    SILENCE = "silence"
    CONCLUDED = "concluded"


class RevisionState(StrEnum):
    #: Uploaded and parsed, shown as a preview; not visible to delegations.
    PREVIEW = "preview"
    PUBLISHED = "published"
    #: A preview the co-facilitator set aside; kept, never deleted.
    DISCARDED = "discarded"
    #: Published by mistake and withdrawn: kept in the record, no longer the latest text.
    WITHDRAWN = "withdrawn"


class Negotiation(Model):
    __tablename__ = "negotiations"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    #: What requested the text, e.g. "General Assembly resolution 74/176, para. 5".
    mandate: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[NegotiationStatus] = mapped_column(
        enum_type(NegotiationStatus), default=NegotiationStatus.DRAFTING
    )
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    created_by: Mapped[User] = relationship()
    facilitator_links: Mapped[list[NegotiationFacilitator]] = relationship(
        cascade="all, delete-orphan"
    )
    revisions: Mapped[list[Revision]] = relationship(
        back_populates="negotiation", order_by=lambda: Revision.id
    )

    @property
    def facilitators(self) -> list[User]:
        return [link.user for link in self.facilitator_links]

    @property
    def published_revisions(self) -> list[Revision]:
        """Published revisions, oldest first."""
        return sorted(
            (r for r in self.revisions if r.state == RevisionState.PUBLISHED),
            key=lambda r: r.sequence or 0,
        )


class Revision(Model):
    """One circulated text of a negotiation (zero draft, Rev.1, ...); immutable once published."""

    __tablename__ = "revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"), index=True)
    #: 0 for the zero draft, 1 for Rev.1 ...; set when published, None while a preview.
    sequence: Mapped[int | None] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(100))
    state: Mapped[RevisionState] = mapped_column(
        enum_type(RevisionState), default=RevisionState.PREVIEW
    )
    title: Mapped[str] = mapped_column(Text)
    formula: Mapped[str] = mapped_column(String(200))
    # The document's own structure besides its paragraphs, stored when it is published (see
    # tracker.services.structure); sponsors and headings have tables of their own.
    #: The document's own symbol as printed (`A/80/L.9`, `A/RES/80/13`); empty when none.
    symbol: Mapped[str] = mapped_column(String(100), default="", server_default="")
    #: `without reference to a Main Committee (A/80/L.9)`, without its brackets.
    link_line: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: The star mark after the sponsors (`*`) and the text of the note it calls.
    sponsor_mark: Mapped[str] = mapped_column(String(10), default="", server_default="")
    sponsor_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: The annex's title lines; None when the text has no annex.
    annex_title: Mapped[str | None] = mapped_column(Text)
    #: The annex's unnumbered opening text (`We, the Heads of State ...`).
    annex_intro: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: The parsed Document, losslessly (tracker.text.document.document_to_dict).
    document_data: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)
    source_filename: Mapped[str] = mapped_column(String(255))
    source_content_type: Mapped[str] = mapped_column(String(100))
    #: The original upload, byte for byte, so it can always be downloaded again.
    source_data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    source_sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    #: Pairings the co-facilitators corrected before publishing: new label -> old label (None:
    #: a new paragraph). Publishing computes the lineages with them.
    preview_pairing: Mapped[dict[str, str | None] | None] = mapped_column(JSON)

    negotiation: Mapped[Negotiation] = relationship(back_populates="revisions")
    uploaded_by: Mapped[User] = relationship(foreign_keys=[uploaded_by_id])
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])
    withdrawn_by: Mapped[User | None] = relationship(foreign_keys=[withdrawn_by_id])
    paragraphs: Mapped[list[Paragraph]] = relationship(
        back_populates="revision", order_by=lambda: Paragraph.position
    )
    #: The sponsors of a draft and the section headings printed between its paragraphs.
    sponsors: Mapped[list[RevisionSponsor]] = relationship(
        back_populates="revision", order_by="RevisionSponsor.position"
    )
    headings: Mapped[list[RevisionHeading]] = relationship(
        back_populates="revision", order_by="RevisionHeading.position"
    )

    __table_args__ = (UniqueConstraint("negotiation_id", "sequence"),)

    @property
    def document(self) -> Document:
        """The parsed text as a Document (parsed once per loaded revision)."""
        cached = self.__dict__.get("_document")
        if cached is None:
            cached = self.__dict__["_document"] = document_from_dict(self.document_data)
        return cached

    @property
    def is_published(self) -> bool:
        return self.state == RevisionState.PUBLISHED

    @property
    def was_circulated(self) -> bool:
        """Published, now or before it was withdrawn: delegations have seen it."""
        return self.state in (RevisionState.PUBLISHED, RevisionState.WITHDRAWN)


class Lineage(Model):
    """The identity of a paragraph across all revisions of a negotiation."""

    __tablename__ = "lineages"

    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The lineage this one was split from, when a paragraph was divided in two.
    split_from_id: Mapped[int | None] = mapped_column(ForeignKey("lineages.id"))
    #: The lineage this one was merged into, when two paragraphs became one: its comments
    #: follow into the merged paragraph.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("lineages.id"))

    paragraphs: Mapped[list[Paragraph]] = relationship(back_populates="lineage")
    split_from: Mapped[Lineage | None] = relationship(
        remote_side=lambda: Lineage.id, foreign_keys=[split_from_id]
    )
    merged_into: Mapped[Lineage | None] = relationship(
        remote_side=lambda: Lineage.id, foreign_keys=[merged_into_id]
    )


class Paragraph(Model):
    """A stored paragraph or sub-paragraph of one revision."""

    __tablename__ = "paragraphs"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"), index=True)
    lineage_id: Mapped[int] = mapped_column(ForeignKey("lineages.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("paragraphs.id"))
    #: Reading order within the revision, sub-paragraphs included.
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[Kind] = mapped_column(enum_type(Kind))
    label: Mapped[str] = mapped_column(String(50))
    #: For sub-paragraphs: the full label with the parent's, e.g. `OP2 (a)`.
    path: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    #: Change against the previous published revision (tracker.text.align.Change values).
    change: Mapped[Change] = mapped_column(enum_type(Change), default=Change.ADDED)
    #: The paragraph of the previous published revision this one continues.
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("paragraphs.id"))
    similarity: Mapped[float] = mapped_column(Float, default=0.0)

    revision: Mapped[Revision] = relationship(back_populates="paragraphs")
    lineage: Mapped[Lineage] = relationship(back_populates="paragraphs")
    parent: Mapped[Paragraph | None] = relationship(
        remote_side=lambda: Paragraph.id, foreign_keys=[parent_id]
    )
    previous: Mapped[Paragraph | None] = relationship(
        remote_side=lambda: Paragraph.id, foreign_keys=[previous_id]
    )

    __table_args__ = (UniqueConstraint("revision_id", "path"),)

    @property
    def anchor(self) -> str:
        return self.path.replace(" ", "-").replace("(", "").replace(")", "")


class LineageCorrection(Model):
    """A co-facilitator's hand correction of a pairing; kept as an audit record."""

    __tablename__ = "lineage_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    paragraph_id: Mapped[int] = mapped_column(ForeignKey("paragraphs.id"))
    #: Paragraph of the previous revision it now continues; None means "a new paragraph".
    continues_id: Mapped[int | None] = mapped_column(ForeignKey("paragraphs.id"))
    previous_lineage_id: Mapped[int] = mapped_column(ForeignKey("lineages.id"))
    new_lineage_id: Mapped[int] = mapped_column(ForeignKey("lineages.id"))
    #: `continues` (the paragraph continues `continues`), `split` (it is a part split off
    #: it) or `merge` (it also takes in `continues`, merged into it).
    kind: Mapped[str] = mapped_column(String(20), default="continues", server_default="continues")
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    paragraph: Mapped[Paragraph] = relationship(foreign_keys=[paragraph_id])
    continues: Mapped[Paragraph | None] = relationship(foreign_keys=[continues_id])
    user: Mapped[User] = relationship()


# The parts of a published revision's text that are neither paragraphs nor footnotes, stored
# at publish time from the parsed Document beside the columns of `revisions` that hold its
# symbol, link line, sponsor note and annex title, so that they can be queried and survive an
# archive like every other row.


class RevisionSponsor(Model):
    """One sponsor of a draft, in the order the list prints them."""

    __tablename__ = "revision_sponsors"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    #: As printed (`Iran (Islamic Republic of)`).
    name: Mapped[str] = mapped_column(String(200))
    #: The delegation of that name, when this database has one.
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegations.id"))
    #: The mark of a note printed after the name in the list (`Egypt,*`: on behalf of a
    #: group); None for most.
    mark: Mapped[str | None] = mapped_column(String(10))

    revision: Mapped[Revision] = relationship(back_populates="sponsors")
    delegation: Mapped[Delegation | None] = relationship()

    __table_args__ = (UniqueConstraint("revision_id", "position"),)


class RevisionHeading(Model):
    """A section heading printed between paragraphs (`I. Global context`); never a paragraph."""

    __tablename__ = "revision_headings"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"), index=True)
    #: Reading order among the revision's headings.
    position: Mapped[int] = mapped_column(Integer)
    #: `preamble`, `operative` or `annex`; `list` for a heading in the list a paragraph sets out
    #: (`tracker.text.document.LIST_PART`), printed with that paragraph.
    part: Mapped[str] = mapped_column(String(20))
    #: The printed numeral or letter without its full stop (`I`, `B`); empty when unnumbered.
    number: Mapped[str] = mapped_column(String(20), default="")
    text: Mapped[str] = mapped_column(Text)
    #: The first paragraph under the heading (for one in a paragraph's list, that paragraph);
    #: None when nothing follows it.
    paragraph_id: Mapped[int | None] = mapped_column(ForeignKey("paragraphs.id"))
    #: Line of the source where the heading stands; 0 if unknown.
    line: Mapped[int] = mapped_column(Integer, default=0)
    #: The notes the heading cites, each as `[mark, offset into text]`; None when it cites
    #: none.
    marks: Mapped[list[list[str | int]] | None] = mapped_column(JSON)

    revision: Mapped[Revision] = relationship(back_populates="headings")
    paragraph: Mapped[Paragraph | None] = relationship()

    __table_args__ = (UniqueConstraint("revision_id", "position"),)
