"""Mail commands: the outbox worker and invitations from a list."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.services import ServiceError


@click.command("send-mail")
@click.option("--once", is_flag=True, help="One pass over what is due, then exit.")
@click.option("--poll", default=5.0, show_default=True, help="Seconds between passes.")
def send_mail(once: bool, poll: float) -> None:
    """Deliver the outbox over SMTP, with reminders and digests when due (runs until stopped;
    several workers may run at once on PostgreSQL)."""
    from tracker.services.announcements import run_worker
    from tracker.services.mail import mail_configured

    if not mail_configured():
        click.echo("No MAIL_SERVER configured: messages stay in the outbox (see /admin/outbox).")
    report = run_worker(poll_seconds=poll, once=once)
    click.echo(f"Sent {report.sent}, failed {report.failed}.")


@click.command("invite")
@click.argument("file")
def invite_list(file: str) -> None:
    """Invite everyone on a .csv or .xlsx list (name, email, delegation, role)."""
    from tracker.services.invitations import import_invitations

    path = Path(file)
    if not path.is_file():
        raise click.ClickException(f"{file}: no such file")
    try:
        report = import_invitations(None, path.name, path.read_bytes())
    except ServiceError as error:
        raise click.ClickException(f"{file}: {error.message}") from error
    for row in report:
        click.echo(f"line {row.line}: {row.email or '-'}: {row.message}")
    created = sum(row.created for row in report)
    click.echo(f"{created} invited, {len(report) - created} refused.")
