"""`flask library`: fill the library of adopted texts and ask it for a draft's precedents."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from flask.cli import AppGroup

from tracker.services import ServiceError
from tracker.services.library import Match, import_paths, match_file
from tracker.text.document import ParseError

library = AppGroup("library", help="The library of adopted texts: import them, match a draft.")


@library.command("import")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--replace",
    is_flag=True,
    help="Replace a text already in the library even when its wording differs.",
)
def import_command(paths: tuple[str, ...], replace: bool) -> None:
    """Import adopted texts from files and directories (.pdf, .docx, .txt, .md); drafts are
    refused. A text whose symbol is already in the library replaces it when the wording is
    the same, and with other wording only with --replace."""
    try:
        results = import_paths(paths, replace=replace)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    failed = 0
    for result in results:
        if result.error:
            failed += 1
            click.echo(f"skipped  {result.error}", err=True)
        else:
            click.echo(result.line())
    click.echo(f"{len(results) - failed} imported, {failed} skipped")
    if failed:
        sys.exit(1)


@library.command("match")
@click.argument("file")
@click.option("--json", "as_json", is_flag=True, help="Print the documented JSON.")
@click.option("--top", default=3, show_default=True, help="Precedents per paragraph.")
def match_command(file: str, as_json: bool, top: int) -> None:
    """Print the nearest adopted precedents of every paragraph of FILE."""
    path = Path(file)
    if not path.is_file():
        raise click.ClickException(f"{file}: no such file")
    try:
        match = match_file(path.name, path.read_bytes(), top=top)
    except (ParseError, ServiceError) as error:
        raise click.ClickException(f"{file}: {error}") from error
    if as_json:
        json.dump(match_json(match), sys.stdout, ensure_ascii=False, indent=2)
        click.echo()
        return
    if match.base is not None:
        click.echo(f"base: {match.base.symbol} {match.base.title}")
    for paragraph in match.paragraphs:
        if paragraph.agreed:
            click.echo(f"{paragraph.label:<10} agreed language: {paragraph.agreed.citation}")
            continue
        found = ", ".join(f"{p.citation} ({p.similarity:.0%})" for p in paragraph.precedents)
        click.echo(f"{paragraph.label:<10} {found or 'no precedent'}")


def match_json(match: Match) -> dict[str, Any]:
    """The documented JSON of `flask library match --json`."""
    return {
        "base": match.base.symbol if match.base is not None else None,
        "paragraphs": [
            {
                "label": paragraph.label,
                "precedents": [
                    {
                        "symbol": p.symbol,
                        "label": p.label,
                        "similarity": round(p.similarity, 3),
                        "verbatim": p.verbatim,
                        "holds_wording": p.holds_wording,
                    }
                    for p in paragraph.precedents
                ],
            }
            for paragraph in match.paragraphs
        ],
    }
