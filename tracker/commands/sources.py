"""Where commands read texts from (files, or stored revisions as `revision:ID`) and how they
name what they write."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.extensions import db
from tracker.models import Revision, RevisionState
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
        revision = db.session.get(Revision, int(spec[9:]))
        if revision is None or revision.state != RevisionState.PUBLISHED:
            raise click.ClickException(f"{spec}: no published revision with that id")
        from tracker.services.structure import stored_document

        return stored_document(revision)
    return read_file(spec)


def stored_corrections(old: str, new: str) -> dict[str, str | None] | None:
    """For two stored revisions of one negotiation, the pairing their lineages record."""
    if not (old.startswith("revision:") and new.startswith("revision:")):
        return None
    from tracker.services.revisions import lineage_corrections

    older = db.session.get(Revision, int(old[9:]))
    newer = db.session.get(Revision, int(new[9:]))
    if older and newer and older.negotiation_id == newer.negotiation_id:
        return lineage_corrections(older, newer)
    return None


def output_format(output: str, formats: tuple[str, ...]) -> str:
    """The format the output file's extension names, if it is one of `formats`."""
    fmt = Path(output).suffix.lower().lstrip(".")
    if fmt not in formats:
        allowed = ", ".join("." + f for f in formats)
        raise click.ClickException(f"{output}: the output must end in {allowed}")
    return fmt
