"""Reading and pairing texts without the web: `flask parse`, `flask compare`."""

from __future__ import annotations

import json
import sys

import click
from flask.cli import with_appcontext

from tracker.commands.sources import compared_documents, read_file
from tracker.text.align import Alignment, to_json
from tracker.text.document import Document, public_json
from tracker.text.outline import outline


def _print_structure(doc: Document) -> None:
    """A readable outline: what was read, heading by heading, with the first words of each."""
    for line in outline(doc):
        click.echo(line)
    for warning in doc.warnings:
        click.echo(f"warning: {warning}", err=True)


def _print_alignment(alignment: Alignment) -> None:
    for pair in alignment.pairs:
        old, new = pair.old_label or "—", pair.new_label or "—"
        click.echo(f"{old:>10} -> {new:<10} {pair.change.value:<9} {pair.similarity:.2f}")
    click.echo(", ".join(f"{n} {change}" for change, n in alignment.summary().items() if n))


@click.command("parse")
@with_appcontext
@click.argument("file")
@click.option("--json", "as_json", is_flag=True, help="Print the documented JSON.")
def parse(file: str, as_json: bool) -> None:
    """Print the structure the app reads from FILE (.txt, .md, .docx, .pdf)."""
    doc = read_file(file)
    if as_json:
        json.dump(public_json(doc), sys.stdout, ensure_ascii=False, indent=2)
        click.echo()
    else:
        _print_structure(doc)


@click.command("compare")
@with_appcontext
@click.argument("old")
@click.argument("new")
@click.option("--json", "as_json", is_flag=True, help="Print the documented JSON.")
def compare(old: str, new: str, as_json: bool) -> None:
    """Pair and diff two texts: files, or stored revisions as revision:ID."""
    _, _, alignment = compared_documents(old, new)
    if as_json:
        json.dump(to_json(alignment), sys.stdout, ensure_ascii=False, indent=2)
        click.echo()
    else:
        _print_alignment(alignment)
