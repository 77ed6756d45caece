"""What a published text's page is made from besides its stored text, read in one statement:
the negotiation's newest event, its open meeting, the text's pairing stamp and the library's
stamp. Each is a small read of its own service; as four statements they cost a draft page more
than the database took to answer them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import Integer, Select, bindparam, select

from tracker.extensions import db
from tracker.models import Revision
from tracker.services import events, library, meeting_held, revisions


@dataclass(frozen=True)
class TextMarks:
    #: the negotiation's newest event (0 before the first): the page shows everything up to
    #: it, and its live updates start after it (`events.latest_event_id`)
    latest_event: int
    #: the negotiation's open meeting, if one is being held (`meeting_held.meeting_held`)
    open_meeting_id: int | None
    #: the latest pairing correction that changes how the text is marked against the one
    #: before it (`revisions.pairing_stamp`)
    pairing: int
    #: the library's stamp (`library.library_stamp_columns`)
    library: str


def text_marks(revision: Revision) -> TextMarks:
    """The marks of the revision's page, read before anything else the page shows."""
    after, upto = revisions.pairing_span(None, revision)
    latest_event, meeting_id, pairing, texts, latest_text = db.session.execute(
        _statement(),
        {"negotiation_id": revision.negotiation_id, "after": after, "upto": upto},
    ).one()
    return TextMarks(
        latest_event=latest_event or 0,
        open_meeting_id=meeting_id,
        pairing=pairing or 0,
        library=library.library_stamp_of(texts, latest_text),
    )


@cache
def _statement() -> Select[int | None, int | None, int | None, int, int | None]:
    negotiation_id = bindparam("negotiation_id", type_=Integer)
    return select(
        events.latest_event_column(negotiation_id),
        meeting_held.open_meeting_column(negotiation_id),
        revisions.latest_correction_column(
            negotiation_id, bindparam("after", type_=Integer), bindparam("upto", type_=Integer)
        ),
        *library.library_stamp_columns(),
    )
