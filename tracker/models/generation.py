"""The database's generation: a number every committed write moves on; and the renderings
stored beside the data, which are not data and do not move it."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, String, Text, event, insert
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import Model
from tracker.models.columns import UTCDateTime, utcnow

__all__ = ["DataGeneration", "StoredRendering", "starting_value"]


def starting_value() -> int:
    """Where a database's generation starts, and is moved on to at each migration run: the
    clock in microseconds, beyond any generation an earlier database could have reached. So a
    database made anew, or restored from a backup and migrated as the app starts, never meets
    pages kept for another at the same number (Redis outlives them)."""
    return time.time_ns() // 1000


class DataGeneration(Model):
    """One row whose value every transaction that writes adds one to as it commits
    (tracker.data_generation): two reads that find the same value saw the same data."""

    __tablename__ = "data_generation"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


@event.listens_for(DataGeneration.__table__, "after_create")
def _first_generation(table: Any, connection: Any, **_: Any) -> None:
    """The one row, in a schema made from the models (migrations insert it themselves)."""
    connection.execute(insert(table).values(id=1, value=starting_value()))


class StoredRendering(Model):
    """HTML rendered once from what never changes (a published text, a comparison), shared by
    every worker and app server of a deployment without Redis (tracker.render_cache). The key
    names everything it was made from, so an entry never changes; the value is JSON."""

    __tablename__ = "stored_renderings"

    key: Mapped[str] = mapped_column(String(500), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    stored_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
