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
from collections.abc import Sequence
from functools import cached_property
from types import SimpleNamespace
from typing import Any, overload

import psycopg
from flask import Flask
from psycopg.pq import ExecStatus
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


#: Result statuses that describe columns, even none ("SELECT ;"), as psycopg's own cursor says.
_RETURNS_ROWS = (ExecStatus.TUPLES_OK, ExecStatus.SINGLE_TUPLE, ExecStatus.TUPLES_CHUNK)


class _Columns(Sequence[psycopg.Column]):
    """A result's column descriptions, each made when first asked for. SQLAlchemy asks a
    result's description for every statement but reads its entries only the first time it
    meets the statement (later runs take what it worked out then): psycopg's own cursor made
    every column's description for every statement, about a twentieth of a page's CPU."""

    def __init__(self, cursor: psycopg.Cursor[Any], result: psycopg.pq.abc.PGresult) -> None:
        # What psycopg's Column reads of its cursor, as it stands for this result.
        self._source = SimpleNamespace(
            pgresult=result, _encoding=cursor._encoding, adapters=cursor.adapters
        )
        self._count = result.nfields

    def __len__(self) -> int:
        return self._count

    @cached_property
    def _made(self) -> list[psycopg.Column]:
        return [psycopg.Column(self._source, index) for index in range(self._count)]  # type: ignore[arg-type]

    @overload
    def __getitem__(self, index: int) -> psycopg.Column: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[psycopg.Column]: ...
    def __getitem__(self, index: int | slice) -> psycopg.Column | Sequence[psycopg.Column]:
        return self._made[index]


class DescribedOnDemand(psycopg.Cursor[Any]):
    """The app's cursor: psycopg's, with column descriptions made when read (_Columns)."""

    @property
    def description(self) -> Sequence[psycopg.Column] | None:  # type: ignore[override]
        result = self.pgresult
        if result and (result.nfields or result.status in _RETURNS_ROWS):
            return _Columns(self, result)
        return None
