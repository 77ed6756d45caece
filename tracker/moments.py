"""How the app writes a moment for people, in pages and in messages alike: New York time,
where informal consultations on General Assembly texts are held and scheduled, with UTC
beside it for delegations elsewhere."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from tracker.text.days import written_day

NEW_YORK = ZoneInfo("America/New_York")


def in_words(moment: datetime) -> str:
    """“12 March 2026, 10:00 New York time (14:00 UTC)” (a moment without a zone is UTC)."""
    utc = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    local = utc.astimezone(NEW_YORK)
    return f"{written_day(local)}, {local:%H:%M} New York time ({utc:%H:%M} UTC)"


def form_day_and_time(moment: datetime) -> tuple[str, str]:
    """The New York date (`2026-03-12`) and time (`10:00`) of a moment, as a form's date and
    time fields show them (`rounds.new_york_time` reads them back)."""
    local = moment.astimezone(NEW_YORK)
    return f"{local:%Y-%m-%d}", f"{local:%H:%M}"
