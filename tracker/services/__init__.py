"""Use cases: each takes the acting user, checks permission, changes state and commits."""

from sqlalchemy.exc import SQLAlchemyError

from tracker.data_generation import wrote
from tracker.extensions import db


def commit_keeping_loaded() -> None:
    """Commit, leaving what the session loaded readable without reading it again: the page or
    redirect that follows reads no row a second time (a new comment's address, who joined it).
    Only for a transaction whose every change to rows the session holds went through its
    objects (rows added, attributes set), so that they hold what was committed; one that
    changes such rows by a statement of its own commits with `db.session.commit()`."""
    session = db.session()
    expire, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire


def commit_if_nothing_written() -> None:
    """Commit the transaction, keeping what was loaded, when it has written nothing (nothing
    pending in the session, no statement that writes sent): a read ends with COMMIT, which
    keeps the connection's prepared statements, and a lock taken for a stored rendering is
    released."""
    if _nothing_written():
        commit_keeping_loaded()


def end_refused_transaction() -> None:
    """End the transaction of a request that was refused or failed: whatever it wrote is rolled
    back (nothing is half-stored). One that wrote nothing (a refusal, found before any change)
    commits instead, the same to the database: psycopg forgets every prepared statement of the
    connection at a ROLLBACK, and the statements planned again afterwards cost the database more
    than running them (the paragraph page's comment query takes 5 ms to plan, 0.2 ms to run).
    A transaction the database already failed, or a connection lost, is rolled back as
    before."""
    session = db.session()
    try:
        if session.in_transaction() and session.is_active and _nothing_written():
            commit_keeping_loaded()
            return
    except SQLAlchemyError:
        pass  # the connection is gone or the transaction failed: rolled back below
    session.rollback()


def _nothing_written() -> bool:
    """Whether the session's transaction has written nothing: nothing pending in the session,
    no statement that writes sent."""
    session = db.session()
    return not (session.new or session.dirty or session.deleted or wrote(session.connection()))


class ServiceError(Exception):
    """Base for errors a person can act on; views turn them into pages with the right status."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PermissionDenied(ServiceError):
    status = 403


class NotFound(ServiceError):
    status = 404


class Invalid(ServiceError):
    """The input was wrong; the message says what and where."""

    status = 422


class Conflict(ServiceError):
    """Someone else changed the same thing first."""

    status = 409
