"""Which meeting a negotiation is holding now: asked by every draft page and paragraph page,
so kept apart from the meeting's use cases (`tracker.services.meeting`), which read the
proposals of `tracker.services.comments`, itself asking this."""

from __future__ import annotations

import functools

from sqlalchemy import ColumnElement, Integer, ScalarSelect, Select, bindparam, select

from tracker.extensions import db
from tracker.models import Meeting, Negotiation


def open_meeting(negotiation: Negotiation) -> Meeting | None:
    """The negotiation's open meeting, if one is being held."""
    return db.session.scalar(_open_meeting_statement(), {"negotiation_id": negotiation.id})


def open_meeting_column(negotiation_id: ColumnElement[int]) -> ScalarSelect[int | None]:
    """The id of the negotiation's open meeting as a query column, to be read with what a page
    asks first (None when no meeting is being held): see `meeting_held`."""
    return select(Meeting.id).where(Meeting.open_negotiation_id == negotiation_id).scalar_subquery()


def meeting_held(meeting_id: int | None) -> Meeting | None:
    """The open meeting whose id was read with `open_meeting_column`, if there was one."""
    return db.session.get(Meeting, meeting_id) if meeting_id is not None else None


@functools.cache
def _open_meeting_statement() -> Select[Meeting]:
    """The query of `open_meeting`, built once: every draft page asks it."""
    return select(Meeting).where(
        Meeting.open_negotiation_id == bindparam("negotiation_id", type_=Integer)
    )
