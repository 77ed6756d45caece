"""`flask` commands: init-db, create-user, demo, parse, compare, export."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import Flask
from flask_migrate import upgrade

from tracker.extensions import db
from tracker.models import Revision, RevisionState
from tracker.services import ServiceError
from tracker.text.align import Alignment, align_documents, to_json
from tracker.text.document import Document, ParseError, public_json
from tracker.text.outline import outline
from tracker.text.read import read_document


def _read_file(path: str) -> Document:
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
        return revision.document
    return _read_file(spec)


def _stored_corrections(old: str, new: str) -> dict[str, str | None] | None:
    """For two stored revisions of one negotiation, the pairing their lineages record."""
    if not (old.startswith("revision:") and new.startswith("revision:")):
        return None
    from tracker.services.revisions import lineage_corrections

    older = db.session.get(Revision, int(old[9:]))
    newer = db.session.get(Revision, int(new[9:]))
    if older and newer and older.negotiation_id == newer.negotiation_id:
        return lineage_corrections(older, newer)
    return None


def _output_format(output: str, formats: tuple[str, ...]) -> str:
    fmt = Path(output).suffix.lower().lstrip(".")
    if fmt not in formats:
        allowed = ", ".join("." + f for f in formats)
        raise click.ClickException(f"{output}: the output must end in {allowed}")
    return fmt


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


def register_commands(app: Flask) -> None:
    """Attach the commands to the app's CLI."""

    @app.cli.command("init-db")
    def init_db() -> None:
        """Bring the database to the current schema and load the delegations."""
        from tracker.services.delegations import ensure_reference_delegations

        upgrade()
        added = ensure_reference_delegations()
        click.echo(f"Database ready ({added} delegations added).")

    @app.cli.command("create-user")
    @click.option("--email", required=True)
    @click.option("--name", required=True)
    @click.option(
        "--role",
        type=click.Choice(["admin", "secretariat", "delegate", "facilitator"]),
        required=True,
    )
    @click.option("--delegation", "delegation_code", help="ISO code of a delegate's State")
    @click.password_option()
    def create_user(
        email: str, name: str, role: str, delegation_code: str | None, password: str
    ) -> None:
        """Create an account."""
        from tracker.services.accounts import create_account

        try:
            user = create_account(
                None,
                email=email,
                name=name,
                role=role,
                password=password,
                delegation_code=delegation_code,
            )
        except ServiceError as error:
            raise click.ClickException(error.message) from error
        click.echo(f"Created {user.role} {user.email}.")

    @app.cli.command("demo")
    @click.option("--if-empty", is_flag=True, help="Only when the database has no negotiation.")
    def demo(if_empty: bool) -> None:
        """Load the demo negotiation and demo accounts, and print the logins."""
        from tracker.demo import DEMO_PASSWORD, load_demo

        accounts = load_demo(only_if_empty=if_empty)
        if accounts is None:
            click.echo("The database already has negotiations; demo data not loaded.")
            accounts = []
        click.echo("Demo accounts (password for all: " + DEMO_PASSWORD + "):")
        for email, role in accounts:
            click.echo(f"  {role:<28} {email}")

    @app.cli.command("parse")
    @click.argument("file")
    @click.option("--json", "as_json", is_flag=True, help="Print the documented JSON.")
    def parse(file: str, as_json: bool) -> None:
        """Print the structure the app reads from FILE (.txt, .md, .docx, .pdf)."""
        doc = _read_file(file)
        if as_json:
            json.dump(public_json(doc), sys.stdout, ensure_ascii=False, indent=2)
            click.echo()
        else:
            _print_structure(doc)

    @app.cli.group("export")
    def export() -> None:
        """Write clean texts and comparisons from files or stored revisions."""

    @export.command("clean")
    @click.argument("source")
    @click.option("-o", "--output", required=True, help="OUT.docx, OUT.txt or OUT.xml")
    @click.option("--labels", is_flag=True, help="Prefix paragraphs with PP/OP labels.")
    def export_clean(source: str, output: str, labels: bool) -> None:
        """The clean text of SOURCE (a file, or revision:ID) as .docx, .txt or Akoma Ntoso .xml."""
        from tracker.services.exports import CLEAN_FORMATS, render_clean

        fmt = _output_format(output, CLEAN_FORMATS)
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

        fmt = _output_format(output, COMPARE_FORMATS)
        old_doc, new_doc = load_document(old), load_document(new)
        alignment = align_documents(old_doc, new_doc, _stored_corrections(old, new))
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

    @app.cli.command("compare")
    @click.argument("old")
    @click.argument("new")
    @click.option("--json", "as_json", is_flag=True, help="Print the documented JSON.")
    def compare(old: str, new: str, as_json: bool) -> None:
        """Pair and diff two texts: files, or stored revisions as revision:ID."""
        old_doc, new_doc = load_document(old), load_document(new)
        alignment = align_documents(old_doc, new_doc, _stored_corrections(old, new))
        if as_json:
            json.dump(to_json(alignment), sys.stdout, ensure_ascii=False, indent=2)
            click.echo()
        else:
            _print_alignment(alignment)

    @export.command("comments")
    @click.argument("negotiation_id", type=int)
    @click.option("-o", "--output", required=True, help="OUT.csv or OUT.xlsx")
    @click.option("--round", "round_id", type=int, help="Only comments of this round (its id).")
    @click.option("--paragraph", help="Only comments on this paragraph: OP5 or a lineage id.")
    @click.option("--delegation", help="Only comments by or on behalf of this delegation code.")
    @click.option("--status", help="Only comments with this triage status (open, reflected …).")
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
        from flask import url_for

        from tracker.models import Negotiation
        from tracker.services.comment_export import FORMATS, export_all_comments, parse_filters

        fmt = _output_format(output, FORMATS)
        negotiation = db.session.get(Negotiation, negotiation_id)
        if negotiation is None:
            raise click.ClickException(f"There is no negotiation {negotiation_id}.")
        with app.test_request_context(base_url=base_url):
            try:
                file = export_all_comments(
                    negotiation,
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
        from tracker.services.archive import export_archive_from_command_line

        _output_format(output, ("json",))
        try:
            file = export_archive_from_command_line(negotiation_id)
        except ServiceError as error:
            raise click.ClickException(error.message) from error
        Path(output).write_bytes(file.data)
        click.echo(f"Wrote {output}.")

    @app.cli.command("import-negotiation")
    @click.argument("file")
    def import_negotiation_command(file: str) -> None:
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
