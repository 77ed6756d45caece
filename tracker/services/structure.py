"""A published revision's structure besides its paragraphs (sponsors and their note, section
headings, annex title and intro, link line, symbol), kept in columns and tables of its own.

`store_structure` writes them when the revision is published; `stored_document` gives the
revision's Document with those parts read back from the database, for the draft view and
every export.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Delegation, Paragraph, Revision, RevisionHeading, RevisionSponsor
from tracker.text.document import Annex, Document, FootnoteRef, Heading


def store_structure(revision: Revision, document: Document) -> None:
    """Copy the Document's sponsors, headings, symbol, link line, sponsor note and annex title
    into the revision's own columns and tables (its paragraph rows must be added already).

    Nothing is flushed here: publishing flushes once, so that a revision published by someone
    else at the same moment fails as a whole.
    """
    with db.session.no_autoflush:
        _store(revision, document)


def _store(revision: Revision, document: Document) -> None:
    revision.symbol = document.symbol[:100]
    revision.link_line = document.link
    note = document.sponsor_note()
    revision.sponsor_mark = document.sponsor_mark[:10] if note else ""
    revision.sponsor_note = note
    revision.annex_title = None if document.annex is None else document.annex.title
    revision.annex_intro = "" if document.annex is None else document.annex.intro
    delegations: dict[str, int] = {}
    if document.sponsors:
        delegations = dict(
            db.session.execute(
                select(Delegation.name, Delegation.id).where(Delegation.name.in_(document.sponsors))
            ).all()
        )
    for position, (name, mark) in enumerate(document.marked_sponsors()):
        db.session.add(
            RevisionSponsor(
                revision=revision,
                position=position,
                name=name[:200],
                mark=mark[:10] or None,
                delegation_id=delegations.get(name),
            )
        )
    if not document.headings:
        return
    top = dict(
        db.session.execute(
            select(Paragraph.label, Paragraph.id).where(
                Paragraph.revision_id == revision.id, Paragraph.parent_id.is_(None)
            )
        ).all()
    )
    for position, heading in enumerate(document.headings):
        db.session.add(
            RevisionHeading(
                revision=revision,
                position=position,
                part=heading.part,
                number=heading.number,
                text=heading.text,
                paragraph_id=top.get(heading.before) if heading.before else None,
                line=heading.line,
                marks=[[ref.mark, ref.offset] for ref in heading.footnote_refs] or None,
            )
        )


def stored_document(revision: Revision) -> Document:
    """The revision's Document; for a published revision, its sponsors, headings, symbol, link
    line, sponsor note and annex title and intro as stored in the database."""
    document = revision.document
    if not revision.is_published:
        return document
    annex = document.annex
    if annex is not None or revision.annex_title is not None:
        annex = replace(
            annex or Annex(), title=revision.annex_title or "", intro=revision.annex_intro
        )
    mark = revision.sponsor_mark if revision.sponsor_note else ""
    return replace(
        document,
        symbol=revision.symbol,
        link=revision.link_line,
        sponsors=tuple(s.name for s in revision.sponsors),
        sponsor_name_marks=(
            tuple(s.mark or "" for s in revision.sponsors)
            if any(s.mark for s in revision.sponsors)
            else ()
        ),
        sponsor_mark=mark,
        footnotes=tuple(
            replace(f, text=revision.sponsor_note) if mark and f.mark == mark else f
            for f in document.footnotes
        ),
        headings=tuple(
            Heading(
                text=h.text,
                number=h.number,
                before=h.paragraph.label if h.paragraph is not None else "",
                part=h.part,
                line=h.line,
                footnote_refs=tuple(
                    FootnoteRef(str(mark), int(offset)) for mark, offset in h.marks or ()
                ),
            )
            for h in revision.headings
        ),
        annex=annex,
    )
