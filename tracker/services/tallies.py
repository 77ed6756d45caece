"""A negotiation's comments and joins in figures (`CommentTally`), kept by the transactions that
write them, so that the draft view's marks (comments.summary_marks) read one row however many
comments the negotiation has.

The rule lives here, once, at the level of the session, as tracker.services.events' does:
every flush that inserts or changes a comment or a join, whichever service made it, notes what
it adds to its negotiation's figures, and just before the transaction commits they are added to
the negotiation's row in one statement (an insert that adds to the row where there is one). The
row is locked from there to the commit only: writers of one negotiation take turns at it, so no
addition is lost to another, and the figures become visible together with the rows they count.
A comment made in a savepoint that was rolled back is not counted (only rows still in the
session at the commit are); a change rolled back that way is counted as a change, which makes
the marks read everything once more, never less.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, TypeVar, cast

from sqlalchemy import (
    ColumnElement,
    Insert,
    Integer,
    Table,
    bindparam,
    delete,
    func,
    inspect,
    select,
)
from sqlalchemy import event as orm_event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import InstanceState, Session, SessionTransaction, UOWTransaction
from sqlalchemy.types import TypeEngine

from tracker.extensions import db
from tracker.models import Comment, CommentJoin, CommentTally, UTCDateTime, utcnow

#: Where a session keeps what its transaction's flushes added, until the commit.
_NOTED = "tracker.comment_tallies"


@dataclass
class _Addition:
    """What one transaction adds to one negotiation's figures."""

    comments: int = 0
    newest_comment: int | None = None
    latest_change: datetime | None = None
    joins: int = 0
    newest_join: int | None = None
    joins_left: int = 0

    def comment(self, comment: Comment, made: int) -> None:
        self.comments += made
        if made > 0:
            self.newest_comment = _later(self.newest_comment, comment.id)
        # Read from what the flush set, never loaded: a change's time is at the latest now.
        changed = inspect(comment).dict.get("updated_at") or utcnow()
        self.latest_change = _later(self.latest_change, changed)

    def join(self, join: CommentJoin, made: int, left: int) -> None:
        self.joins += made
        self.joins_left += left
        if made > 0:
            self.newest_join = _later(self.newest_join, join.id)


_Mark = TypeVar("_Mark", int, datetime)


def _later(known: _Mark | None, new: _Mark) -> _Mark:
    return new if known is None or new > known else known


@dataclass(frozen=True)
class _Noted:
    """A row one flush wrote, and what it adds to its negotiation's figures."""

    negotiation_id: int
    row: Comment | CommentJoin
    made: int
    left: int = 0


def _note_flush(session: Session, _flush: UOWTransaction) -> None:
    """After each flush (the session still lists what it wrote, with each attribute's
    history): note every comment and join made, changed or deleted."""
    noted: list[_Noted] = []
    for rows, made in ((session.new, 1), (session.dirty, 0), (session.deleted, -1)):
        for row in rows:
            if isinstance(row, Comment):
                if made or session.is_modified(row, include_collections=False):
                    noted.append(_Noted(row.negotiation_id, row, made))
            elif isinstance(row, CommentJoin):
                left = _left_change(row, made)
                if made or left:
                    negotiation_id = _negotiation_of(session, row)
                    noted.append(_Noted(negotiation_id, row, made, left))
    if noted:
        session.info.setdefault(_NOTED, []).extend(noted)


def _left_change(join: CommentJoin, made: int) -> int:
    """How the join changes the number of joins ended: +1 when it ends (or is made ended),
    -1 when an ended one is taken up again (or deleted)."""
    ended = inspect(join).dict.get("left_at") is not None
    if made:
        return made if ended else 0
    history = inspect(join).attrs.left_at.history
    if not history.has_changes():
        return 0
    was_ended = any(value is not None for value in history.deleted)
    return int(ended) - int(was_ended)


def _negotiation_of(session: Session, join: CommentJoin) -> int:
    comment = inspect(join).dict.get("comment") or session.get(Comment, join.comment_id)
    return cast(Comment, comment).negotiation_id


def _add_to_figures(session: Session) -> None:
    """Just before the transaction commits, once its last changes are flushed: add what it
    noted to each negotiation's row, in one order whoever writes (two writers of the same
    negotiations never each wait for the other)."""
    session.flush()  # the commit's own flush comes after this: its notes would be lost
    noted: list[_Noted] = session.info.pop(_NOTED, [])
    if not noted:
        return
    additions: dict[int, _Addition] = {}
    for note in noted:
        state: InstanceState[Any] = inspect(note.row)
        if note.made > 0 and not state.persistent:
            continue  # made in a savepoint that was rolled back: it never happened
        addition = additions.setdefault(note.negotiation_id, _Addition())
        if isinstance(note.row, Comment):
            addition.comment(note.row, note.made)
        else:
            addition.join(note.row, note.made, note.left)
    statement = _addition_statement(session.get_bind().dialect.name)
    for negotiation_id in sorted(additions):
        addition = additions[negotiation_id]
        session.execute(statement, {"negotiation_id": negotiation_id, **vars(addition)})


def count_again(negotiation_id: int) -> None:
    """Count a negotiation's figures again from its rows, in the caller's transaction: for rows
    written below the session (an archive's import inserts them as they were), which no flush
    noted."""
    session = db.session
    session.flush()
    # What was noted of this negotiation is in the rows counted now.
    noted: list[_Noted] = session.info.get(_NOTED, [])
    noted[:] = [note for note in noted if note.negotiation_id != negotiation_id]
    comments = select(
        func.count(Comment.id), func.max(Comment.id), func.max(Comment.updated_at)
    ).where(Comment.negotiation_id == negotiation_id)
    joins = (
        select(
            func.count(CommentJoin.id), func.max(CommentJoin.id), func.count(CommentJoin.left_at)
        )
        .join(Comment, Comment.id == CommentJoin.comment_id)
        .where(Comment.negotiation_id == negotiation_id)
    )
    counted = session.execute(comments).one()
    joined = session.execute(joins).one()
    session.execute(delete(CommentTally).where(CommentTally.negotiation_id == negotiation_id))
    session.add(
        CommentTally(
            negotiation_id=negotiation_id,
            comments=counted[0],
            newest_comment=counted[1],
            latest_change=counted[2],
            joins=joined[0],
            newest_join=joined[1],
            joins_left=joined[2],
        )
    )
    session.flush()


def _forget_noted(session: Session, transaction: SessionTransaction) -> None:
    """The transaction ended without committing (rolled back, or the session closed): what
    it noted never happened."""
    if transaction.parent is None:
        session.info.pop(_NOTED, None)


@cache
def _addition_statement(dialect: str) -> Insert:
    """The insert of a negotiation's first figures that adds to them where there are some,
    built once per database kind (both say it as INSERT ... ON CONFLICT DO UPDATE)."""
    dialects: dict[str, Callable[[Table], Any]] = {
        "postgresql": postgresql.insert,
        "sqlite": sqlite.insert,
    }
    if dialect not in dialects:
        raise ValueError(f"comment tallies are kept on PostgreSQL and SQLite, not on {dialect}")
    table = cast(Table, CommentTally.__table__)
    columns: dict[str, TypeEngine[Any]] = {
        "negotiation_id": Integer(),
        "comments": Integer(),
        "newest_comment": Integer(),
        "latest_change": UTCDateTime(),
        "joins": Integer(),
        "newest_join": Integer(),
        "joins_left": Integer(),
    }
    adding = dialects[dialect](table).values(
        {name: bindparam(name, type_=kind) for name, kind in columns.items()}
    )
    kept, added = table.c, adding.excluded

    def later(known: ColumnElement[Any], new: ColumnElement[Any]) -> ColumnElement[Any]:
        if dialect == "postgresql":
            return func.greatest(known, new)  # which passes over a null
        # SQLite's max of several values is null when one is: each stands in for the other.
        return func.max(func.coalesce(known, new), func.coalesce(new, known))

    return cast(
        Insert,
        adding.on_conflict_do_update(
            index_elements=[kept.negotiation_id],
            set_={
                "comments": kept.comments + added.comments,
                "newest_comment": later(kept.newest_comment, added.newest_comment),
                "latest_change": later(kept.latest_change, added.latest_change),
                "joins": kept.joins + added.joins,
                "newest_join": later(kept.newest_join, added.newest_join),
                "joins_left": kept.joins_left + added.joins_left,
            },
        ),
    )


orm_event.listen(Session, "after_flush", _note_flush)
# First of the commit's writers whatever the order the modules were imported in: the event of
# the change (tracker.services.events) is its last write, and the statement that writes it
# takes the negotiation's ordering lock, held to the commit.
orm_event.listen(Session, "before_commit", _add_to_figures, insert=True)
orm_event.listen(Session, "after_transaction_end", _forget_noted)
