"""The database's generation: a number every transaction that writes moves on as it commits.

Two reads that find the same generation saw the same data, whatever table it is in, so what was
made from the database at one generation can be reused until the next (tracker.views.
kept_pages). The rule lives here, once, at the level of the connection: every statement that
writes (INSERT, UPDATE, DELETE, from the ORM, Core or text) marks its connection, and a marked
connection adds one to the `data_generation` row just before it commits, in the same
transaction, so the new data and the new generation become visible together. A savepoint that
is released counts as a commit (it is one, for the transaction around it).

A signed-in request reads the generation with the person, in the same statement, before
anything else (`VALUE`, `read_first`); a write the request commits itself makes the next
reading fresh.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from flask import Flask, g, has_app_context
from sqlalchemy import event, inspect, select, text
from sqlalchemy.engine import Connection

from tracker.extensions import db
from tracker.models import DataGeneration, starting_value

#: Statements that change data; the generation's own update is sent below SQLAlchemy, unseen.
_WRITES = re.compile(r"\s*(?:INSERT|UPDATE|DELETE|MERGE|REPLACE)\b", re.IGNORECASE)
_MOVE_ON = "UPDATE data_generation SET value = value + 1 WHERE id = 1"
_READ = text("SELECT value FROM data_generation WHERE id = 1")
_START_AGAIN = text(
    "UPDATE data_generation SET value = CASE WHEN value + 1 > :start THEN value + 1 "
    "ELSE :start END WHERE id = 1"
)
#: Where a connection notes that its transaction wrote something.
_WROTE = "tracker.wrote"
#: Set on the connection that runs the migrations: the table may not exist yet.
_MIGRATING = "tracker.migrating"
#: The execution option of statements that write no data, only a copy of something made from it
#: (tracker.render_cache's stored renderings, whose keys name what they were made from): they
#: change nothing any page shows, so they do not move the generation.
NOT_DATA = "tracker.not_data"


def init_app(app: Flask) -> None:
    """Watch the app's database connections for writes."""
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", _note_write)
    event.listen(engine, "commit", _move_on)
    event.listen(engine, "release_savepoint", _move_on_at_savepoint)
    event.listen(engine, "rollback", _forget)


#: The generation as a column, to read with the signed-in person at the start of a request.
VALUE = select(DataGeneration.value).where(DataGeneration.id == 1).scalar_subquery()
#: Where a request keeps the generation it read first (in `g`).
_READ_FIRST = "data_generation"


def read_first(value: int | None) -> None:
    """Keep the generation read with the person as this request's first reading of it."""
    setattr(g, _READ_FIRST, value)


def current() -> int | None:
    """The generation no later than now: the one read with the person when this request
    began, else read now (None where the database has none yet: nothing is then reused)."""
    if hasattr(g, _READ_FIRST):
        value = getattr(g, _READ_FIRST)
    else:
        value = db.session.execute(_READ).scalar()
    return int(value) if value is not None else None


def first_reading_stands() -> bool:
    """Whether what this request read with the person still stands: it read the generation
    then, and has written nothing since (committed or not). Other values read in the same
    statement (tracker.services.notifications' unread count) are as current as it is."""
    return hasattr(g, _READ_FIRST) and not wrote(db.session.connection())


def wrote(connection: Connection) -> bool:
    """Whether the connection's transaction has written anything so far."""
    return bool(connection.info.get(_WROTE))


@contextmanager
def migrating(connection: Connection) -> Iterator[None]:
    """Around the migrations, on their connection: their writes are not counted one by one
    (the generation's table may not exist yet); once they ran and committed, the generation
    moves on, at least to `starting_value()`, in a transaction of its own."""
    connection.info[_MIGRATING] = True
    try:
        yield
        if inspect(connection).has_table("data_generation"):
            connection.execute(_START_AGAIN, {"start": starting_value()})
            connection.commit()
    finally:
        connection.info.pop(_MIGRATING, None)
        connection.info.pop(_WROTE, None)


def _note_write(
    connection: Connection,
    _cursor: Any,
    statement: str,
    _parameters: Any,
    context: Any,
    _executemany: bool,
) -> None:
    if connection.info.get(_WROTE) or connection.info.get(_MIGRATING):
        return
    if context is not None and context.execution_options.get(NOT_DATA):
        return
    compiled = context is not None and (context.isinsert or context.isupdate or context.isdelete)
    if compiled or _WRITES.match(statement):
        connection.info[_WROTE] = True


def _move_on(connection: Connection) -> None:
    """As the transaction commits: if it wrote, one generation on, in the same transaction.

    On PostgreSQL the update and the COMMIT go to the server together: the row is locked from
    the update until the commit, and every other writing transaction waits for it, so not one
    moment longer than the server takes (a busy worker could take many milliseconds to send
    the COMMIT after the update came back). The driver's own commit then finds nothing left."""
    if not _moved_on(connection):
        return
    dbapi_connection = connection.connection.dbapi_connection
    if isinstance(dbapi_connection, psycopg.Connection) and psycopg.Pipeline.is_supported():
        with dbapi_connection.pipeline():
            dbapi_connection.execute(_MOVE_ON)
            dbapi_connection.execute("COMMIT")
        return
    _execute_unseen(connection, _MOVE_ON)


def _move_on_at_savepoint(connection: Connection, _name: str, _context: Any) -> None:
    """A released savepoint: one generation on inside the transaction around it."""
    if _moved_on(connection):
        _execute_unseen(connection, _MOVE_ON)


def _moved_on(connection: Connection) -> bool:
    """Whether the transaction wrote (and so moves the generation on): the mark is taken off,
    and a request's own write makes its next reading of the generation fresh."""
    if not connection.info.pop(_WROTE, False):
        return False
    if has_app_context():
        g.pop(_READ_FIRST, None)  # this request's own write: the value read first is past
    return True


def _execute_unseen(connection: Connection, statement: str) -> None:
    """Run a statement below SQLAlchemy, so that it is not noted as a write itself."""
    cursor = connection.connection.cursor()
    try:
        cursor.execute(statement)
    finally:
        cursor.close()


def _forget(connection: Connection) -> None:
    if connection.invalidated:
        return  # a lost connection: what it wrote is gone with it, and its state is unreadable
    connection.info.pop(_WROTE, None)
