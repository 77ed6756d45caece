"""`flask` commands, one module per group of use cases. Each command is a module-level click
command calling the same service function as the web, with `None` as the acting user."""

from __future__ import annotations

import click
from flask import Flask

from tracker.commands import export, library, mail, setup, text

#: Every command and group the `flask` CLI offers, one a line.
COMMANDS: tuple[click.Command, ...] = (
    setup.init_db,
    setup.create_user,
    setup.demo,
    text.parse,
    text.compare,
    export.export,
    export.import_negotiation,
    mail.send_mail,
    mail.invite_list,
    library.library,
)


def register_commands(app: Flask) -> None:
    """Attach the commands to the app's CLI."""
    for command in COMMANDS:
        app.cli.add_command(command)
