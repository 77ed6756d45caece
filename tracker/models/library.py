"""The library of adopted texts: resolutions and decisions with their paragraphs, searched for
the precedents of a draft's wording.

The full-text indexes are not columns here: on PostgreSQL `library_paragraphs` also has a
generated `search_vector` (tsvector, GIN-indexed) and `library_terms` counts the paragraphs
each word occurs in; on SQLite an FTS5 table `library_paragraphs_fts` mirrors the text. The
migration creates both, with the triggers that keep them in step with the rows below.
`library_signatures` holds each paragraph's MinHash bands, GIN-indexed on PostgreSQL, where
they find the near copies of a draft's paragraph.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import Model
from tracker.models.columns import UTCDateTime, utcnow
from tracker.models.people import User
from tracker.models.texts import Revision
from tracker.text.document import Document, document_from_dict

__all__ = ["LibraryParagraph", "LibrarySignature", "LibraryTerm", "LibraryText"]


class LibraryText(Model):
    """An adopted resolution or decision (or a negotiation's published text) in the library."""

    __tablename__ = "library_texts"
    id: Mapped[int] = mapped_column(primary_key=True)
    #: `A/RES/80/20`; importing a text with the same symbol replaces this one.
    symbol: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(Text, default="")
    #: Adoption date (distribution date when the text gives no other).
    date: Mapped[date | None] = mapped_column(Date)
    organ: Mapped[str] = mapped_column(String(80), default="", index=True)
    session: Mapped[int | None] = mapped_column(Integer, index=True)
    #: `resolution`, `decision`, `draft` (a negotiation's revision) or `final`.
    kind: Mapped[str] = mapped_column(String(20), default="resolution")
    source_filename: Mapped[str] = mapped_column(String(255), default="")
    #: The whole text as read, for the page that shows it (`document_to_dict`).
    document_data: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)
    #: Set when the text is a revision of a negotiation in this app.
    revision_id: Mapped[int | None] = mapped_column(ForeignKey("revisions.id"), index=True)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    revision: Mapped[Revision | None] = relationship()
    imported_by: Mapped[User | None] = relationship()
    paragraphs: Mapped[list[LibraryParagraph]] = relationship(
        back_populates="library_text",
        order_by="LibraryParagraph.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def document(self) -> Document:
        return document_from_dict(self.document_data)

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None


class LibraryParagraph(Model):
    """One top-level paragraph of a library text, sub-paragraphs included in its text."""

    __tablename__ = "library_paragraphs"
    id: Mapped[int] = mapped_column(primary_key=True)
    library_text_id: Mapped[int] = mapped_column(
        ForeignKey("library_texts.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    #: `PP2`, `OP5`, `Annex 3`, as the reader labels it.
    label: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    #: `fingerprint(text)`: equal for paragraphs whose wording is the same, so "agreed
    #: language" is one index lookup.
    fingerprint: Mapped[str] = mapped_column(String(40), index=True)

    library_text: Mapped[LibraryText] = relationship(back_populates="paragraphs")


class LibraryTerm(Model):
    """PostgreSQL only: how many library paragraphs contain a word (a lexeme of the English
    text-search configuration), kept by triggers, so retrieval can ask for the rare words."""

    __tablename__ = "library_terms"
    term: Mapped[str] = mapped_column(Text, primary_key=True)
    paragraphs: Mapped[int] = mapped_column(Integer, default=0)


class LibrarySignature(Model):
    """The MinHash bands of a library paragraph's wording (`tracker.text.library.signature`),
    in a narrow table of its own so that finding near copies reads little: PostgreSQL finds
    the paragraphs sharing a band through a GIN index over `bands`."""

    __tablename__ = "library_signatures"
    paragraph_id: Mapped[int] = mapped_column(
        ForeignKey("library_paragraphs.id", ondelete="CASCADE"), primary_key=True
    )
    #: The paragraph's text, copied so that a draft's own texts can be left out without
    #: reading the wide paragraphs table.
    library_text_id: Mapped[int] = mapped_column(Integer)
    bands: Mapped[list[int]] = mapped_column(JSON().with_variant(ARRAY(Integer), "postgresql"))
