"""A kept PostgreSQL connection is checked before each use without asking the server anything.

A connection the server has closed (a restart, a terminated backend, an idle timeout) has its
socket readable while idle: the server's last message and the end of the stream wait there. A
healthy idle connection has nothing to read. So the pool looks at the socket when it hands a
connection out and, if anything is waiting, replaces the connection before the request uses it.
SQLAlchemy's own check (`pool_pre_ping`) asks the server instead: a round trip, and the
transaction's BEGIN in another, for every request, each a wait for the interpreter's turn on a
busy worker. A connection lost without a word (a network cut) is found by its first query, as
with any check made before the loss.
"""

from __future__ import annotations

import select
from typing import Any

from flask import Flask
from sqlalchemy import event, exc

from tracker.extensions import db


def closed_by_server(connection: Any) -> bool:
    """Whether the server has ended this idle psycopg connection, or anything else is waiting
    on it that an idle connection never has."""
    try:
        if connection.closed or connection.broken:
            return True
        poller = select.poll()
        poller.register(connection.fileno(), select.POLLIN | select.POLLERR | select.POLLHUP)
        return bool(poller.poll(0))
    except Exception:  # a connection that cannot even say so is no use either
        return True


def check_before_use(app: Flask) -> None:
    """On PostgreSQL, every connection the pool hands out is checked by `closed_by_server`; one
    that fails is replaced (SQLAlchemy retries the checkout with a new connection)."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return
    with app.app_context():

        @event.listens_for(db.engine, "checkout")
        def _replace_if_closed(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
            if closed_by_server(dbapi_connection):
                raise exc.DisconnectionError("the database closed this connection")
