"""Setting an installation up: `flask init-db`, `flask create-user`, `flask demo`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from flask_migrate import upgrade

from tracker.models import Role
from tracker.services import ServiceError


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Bring the database to the current schema and load the delegations."""
    from tracker.services.delegations import ensure_reference_delegations

    upgrade()
    added = ensure_reference_delegations()
    click.echo(f"Database ready ({added} delegations added).")


@click.command("create-user")
@with_appcontext
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([role.value for role in Role]), required=True)
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


@click.command("demo")
@with_appcontext
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
