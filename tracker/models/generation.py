"""The database's generation: a number every committed write moves on."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, event, insert
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import Model

__all__ = ["DataGeneration"]


class DataGeneration(Model):
    """One row whose value every transaction that writes adds one to as it commits
    (tracker.data_generation): two reads that find the same value saw the same data."""

    __tablename__ = "data_generation"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


@event.listens_for(DataGeneration.__table__, "after_create")
def _first_generation(table: Any, connection: Any, **_: Any) -> None:
    """The one row, in a schema made from the models (migrations insert it themselves)."""
    from tracker.data_generation import starting_value

    connection.execute(insert(table).values(id=1, value=starting_value()))
