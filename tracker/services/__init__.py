"""Use cases: each takes the acting user, checks permission, changes state and commits."""

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
    session = db.session()
    if not (session.new or session.dirty or session.deleted or wrote(session.connection())):
        commit_keeping_loaded()


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
