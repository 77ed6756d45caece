"""The column types and helpers every model module uses: UTC timestamps, enum columns and
tables that only pair two rows."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import Column, DateTime, Enum, ForeignKey, Table, TypeDecorator

from tracker.extensions import db

__all__ = ["UTCDateTime", "as_of", "association_table", "enum_type", "utcnow"]

#: An enum whose members are strings, as every enum stored in a column is.
Stored = TypeVar("Stored", bound=StrEnum)


#: The moment `utcnow()` gives instead of the clock's, inside `as_of`.
_told_moment: ContextVar[datetime | None] = ContextVar("told_moment", default=None)


def utcnow() -> datetime:
    """Now, in UTC (the default for every created_at)."""
    return _told_moment.get() or datetime.now(UTC)


@contextmanager
def as_of(moment: datetime) -> Iterator[None]:
    """Within the block, `utcnow()` is `moment`: what is written is dated then, and every check
    against the time (a deadline passed, a meeting in the future) is made as of then. The demo
    negotiation is written this way, at the moments its story happened; nothing else uses it."""
    token = _told_moment.set(moment.astimezone(UTC))
    try:
        yield
    finally:
        _told_moment.reset(token)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored naive in UTC and always read back timezone-aware.

    SQLite has no time zones; normalising here keeps comparisons with `utcnow()` correct on both
    engines.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None


def enum_type(kind: type[Stored], length: int = 20) -> Enum:
    """A column type holding one of `kind`'s values, read back as the enum member.

    Stored as VARCHAR(length) with the member's value (not its name), so the schema and the
    rows are those of the plain strings it replaces; a value outside the enum is refused.
    """
    return Enum(
        kind,
        native_enum=False,
        create_constraint=False,
        length=length,
        validate_strings=True,
        values_callable=lambda members: [member.value for member in members],
    )


def association_table(name: str, **columns: str) -> Table:
    """A table that only pairs rows: one primary-key column per keyword, naming the column it
    refers to (`group_id="delegations.id"`)."""
    return Table(
        name,
        db.metadata,
        *(
            Column(column, ForeignKey(target), primary_key=True)
            for column, target in columns.items()
        ),
    )
