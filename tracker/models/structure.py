"""The parts of a published revision's text that are neither paragraphs nor footnotes: its
sponsors and the section headings printed between its paragraphs.

Stored at publish time from the parsed Document, beside the columns of `revisions` that hold
the document's symbol, link line, sponsor note and annex title, so that they can be queried
and survive an archive like every other row.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from tracker.extensions import Model
from tracker.models.core import Delegation, Paragraph, Revision

__all__ = ["RevisionHeading", "RevisionSponsor"]


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

    revision: Mapped[Revision] = relationship(
        backref=backref("sponsors", order_by=lambda: RevisionSponsor.position)
    )
    delegation: Mapped[Delegation | None] = relationship()

    __table_args__ = (UniqueConstraint("revision_id", "position"),)


class RevisionHeading(Model):
    """A section heading printed between paragraphs (`I. Global context`); never a paragraph."""

    __tablename__ = "revision_headings"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"), index=True)
    #: Reading order among the revision's headings.
    position: Mapped[int] = mapped_column(Integer)
    #: `preamble`, `operative` or `annex`.
    part: Mapped[str] = mapped_column(String(20))
    #: The printed numeral or letter without its full stop (`I`, `B`); empty when unnumbered.
    number: Mapped[str] = mapped_column(String(20), default="")
    text: Mapped[str] = mapped_column(Text)
    #: The first paragraph under the heading; None when nothing follows it.
    paragraph_id: Mapped[int | None] = mapped_column(ForeignKey("paragraphs.id"))
    #: Line of the source where the heading stands; 0 if unknown.
    line: Mapped[int] = mapped_column(Integer, default=0)

    revision: Mapped[Revision] = relationship(
        backref=backref("headings", order_by=lambda: RevisionHeading.position)
    )
    paragraph: Mapped[Paragraph | None] = relationship()

    __table_args__ = (UniqueConstraint("revision_id", "position"),)
