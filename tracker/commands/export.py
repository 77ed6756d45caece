"""Files out of and into the app: `flask export clean|compare|comments|archive` and
`flask import-negotiation`. Each export is the web's use case, run with no acting user."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app, url_for
from flask.cli import AppGroup, with_appcontext

from tracker.commands.sources import compared_documents, load_document, output_format
from tracker.models import TriageStatus
from tracker.services import ServiceError

export = AppGroup(
    "export", help="Write clean texts and comparisons from files or stored revisions."
)


@export.command("clean")
@click.argument("source")
@click.option("-o", "--output", required=True, help="OUT.docx, OUT.txt or OUT.xml")
@click.option("--labels", is_flag=True, help="Prefix paragraphs with PP/OP labels.")
def export_clean(source: str, output: str, labels: bool) -> None:
    """The clean text of SOURCE (a file, or revision:ID) as .docx, .txt or Akoma Ntoso .xml."""
    from tracker.services.exports import CLEAN_FORMATS, render_clean

    fmt = output_format(output, CLEAN_FORMATS)
    Path(output).write_bytes(render_clean(load_document(source), fmt, labels=labels))
    click.echo(f"Wrote {output}.")


@export.command("compare")
@click.argument("old")
@click.argument("new")
@click.option("-o", "--output", required=True, help="OUT.docx or OUT.html")
@click.option("--author", default="United Nations", help="Author of the tracked changes.")
def export_compare(old: str, new: str, output: str, author: str) -> None:
    """NEW marked up against OLD: .docx with Word tracked changes, or an HTML page."""
    from datetime import UTC, datetime

    from tracker.services.exports import COMPARE_FORMATS, render_comparison

    fmt = output_format(output, COMPARE_FORMATS)
    old_doc, new_doc, alignment = compared_documents(old, new)
    data = render_comparison(
        old_doc,
        new_doc,
        alignment,
        fmt,
        old_label=Path(old).stem if not old.startswith("revision:") else old,
        new_label=Path(new).stem if not new.startswith("revision:") else new,
        author=author,
        when=datetime.now(UTC),
    )
    Path(output).write_bytes(data)
    click.echo(f"Wrote {output}.")


@export.command("comments")
@click.argument("negotiation_id", type=int)
@click.option("-o", "--output", required=True, help="OUT.csv or OUT.xlsx")
@click.option("--round", "round_id", type=int, help="Only comments of this round (its id).")
@click.option("--paragraph", help="Only comments on this paragraph: OP5 or a lineage id.")
@click.option("--delegation", help="Only comments by or on behalf of this delegation code.")
@click.option(
    "--status",
    type=click.Choice([status.value for status in TriageStatus]),
    help="Only comments with this triage status.",
)
@click.option(
    "--base-url",
    default="http://127.0.0.1:5000",
    show_default=True,
    help="Address of the app, for the link to each comment.",
)
def export_comments(
    negotiation_id: int,
    output: str,
    round_id: int | None,
    paragraph: str | None,
    delegation: str | None,
    status: str | None,
    base_url: str,
) -> None:
    """Every comment of a negotiation, one row each, as .csv or .xlsx."""
    from tracker.services.comment_export import FORMATS, export_comments, parse_filters

    fmt = output_format(output, FORMATS)
    with current_app.test_request_context(base_url=base_url):
        try:
            file = export_comments(
                None,
                negotiation_id,
                fmt,
                parse_filters(round_id, paragraph, delegation, status),
                link_for=lambda comment: url_for(
                    "consultations.show_comment",
                    negotiation_id=comment.negotiation_id,
                    comment_id=comment.id,
                    _external=True,
                ),
            )
        except ServiceError as error:
            raise click.ClickException(error.message) from error
    Path(output).write_bytes(file.data)
    click.echo(f"Wrote {output}.")


@export.command("archive")
@click.argument("negotiation_id", type=int)
@click.option("-o", "--output", required=True, help="OUT.json")
def export_archive(negotiation_id: int, output: str) -> None:
    """The whole negotiation as one JSON archive (see import-negotiation)."""
    from tracker.services.archive import export_archive

    output_format(output, ("json",))
    try:
        file = export_archive(None, negotiation_id)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    Path(output).write_bytes(file.data)
    click.echo(f"Wrote {output}.")


@click.command("import-negotiation")
@click.argument("file")
@with_appcontext
def import_negotiation(file: str) -> None:
    """Restore a negotiation archive as a new negotiation; nothing is stored if it is bad."""
    from tracker.services.archive import import_negotiation, read_archive

    path = Path(file)
    if not path.is_file():
        raise click.ClickException(f"{file}: no such file")
    try:
        negotiation = import_negotiation(read_archive(path.read_bytes()))
    except ServiceError as error:
        raise click.ClickException(f"{file}: {error.message}") from error
    click.echo(f"Imported “{negotiation.title}” as negotiation {negotiation.id}.")
