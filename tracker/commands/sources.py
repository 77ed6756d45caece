"""Where commands read texts from (files, or stored revisions as `revision:ID`) and how they
name what they write."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.extensions import db
from tracker.models import Revision, RevisionState
from tracker.text.align import Alignment, align_documents
from tracker.text.document import Document, ParseError
from tracker.text.read import read_document


def read_file(path: str) -> Document:
    """The Document in a file, or a ClickException saying why it cannot be read."""
    file = Path(path)
    if not file.is_file():
        raise click.ClickException(f"{path}: no such file")
    try:
        return read_document(file.name, file.read_bytes())
    except ParseError as error:
        raise click.ClickException(f"{path}: {error}") from error


def load_document(spec: str) -> Document:
    """A Document from a file path, or from a stored revision given as `revision:ID`."""
    if spec.startswith("revision:") and spec[9:].isdigit():
        revision = _stored(spec)
        if revision is None or revision.state != RevisionState.PUBLISHED:
            raise click.ClickException(f"{spec}: no published revision with that id")
        from tracker.services.structure import stored_document

        return stored_document(revision)
    return read_file(spec)


def _stored(spec: str) -> Revision | None:
    """The stored revision a `revision:ID` names, if that is what `spec` is."""
    if spec.startswith("revision:") and spec[9:].isdigit():
        return db.session.get(Revision, int(spec[9:]))
    return None


def compared_documents(old: str, new: str) -> tuple[Document, Document, Alignment]:
    """Two texts and their pairing: two stored revisions of one negotiation as every
    comparison of them pairs them (their lineages, corrections and merges: the compare page's
    pairing), any other two as the aligner pairs them."""
    old_doc, new_doc = load_document(old), load_document(new)
    older, newer = _stored(old), _stored(new)
    if older is not None and newer is not None and older.negotiation_id == newer.negotiation_id:
        from tracker.services.comparisons import compare_revisions

        return old_doc, new_doc, compare_revisions(older, newer).alignment
    return old_doc, new_doc, align_documents(old_doc, new_doc)


def output_format(output: str, formats: tuple[str, ...]) -> str:
    """The format the output file's extension names, if it is one of `formats`."""
    fmt = Path(output).suffix.lower().lstrip(".")
    if fmt not in formats:
        allowed = ", ".join("." + f for f in formats)
        raise click.ClickException(f"{output}: the output must end in {allowed}")
    return fmt
