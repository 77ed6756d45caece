"""Thin blueprints: read the form, call one service, render or redirect."""

from __future__ import annotations

from datetime import UTC, date, datetime
from urllib.parse import urlsplit

from flask import url_for

from tracker.services.rounds import NEW_YORK

#: How `when` writes a moment, by style.
WHEN_STYLES = {
    "utc": "%d %B %Y, %H:%M UTC",
    "day": "%d %B %Y",
    "exact": "%Y-%m-%d %H:%M:%S",
}


def when(moment: date | datetime | None, style: str = "utc") -> str:
    """The one date filter of the templates: “12 March 2026, 14:00 UTC” (style `utc`),
    “12 March 2026” (`day`), “2026-03-12 14:00:05” (`exact`, for the audit trail) or
    “12 March 2026, 10:00 New York time (14:00 UTC)” (`new_york`, for meetings and deadlines)."""
    if moment is None:
        return ""
    if not isinstance(moment, datetime):  # a calendar day, such as a text's adoption date
        return moment.strftime(WHEN_STYLES["day"])
    utc = moment.astimezone(UTC) if moment.tzinfo else moment
    if style == "new_york":
        local = moment.astimezone(NEW_YORK)
        return f"{local:%d %B %Y, %H:%M} New York time ({utc:%H:%M} UTC)"
    return utc.strftime(WHEN_STYLES[style])


def safe_next(target: str | None, default_endpoint: str = "negotiations.index") -> str:
    """A redirect target inside this app; anything pointing elsewhere falls back to the default."""
    if target:
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
            and "\\" not in target
            # A line break would end the Location header and start another.
            and not any(ord(c) < 32 or ord(c) == 127 for c in target)
        ):
            return target
    return url_for(default_endpoint)


#: The largest id stored (PostgreSQL's `integer`): a larger one names nothing.
MAX_ID = 2**31 - 1


def form_id(value: str | None) -> int | None:
    """An id sent in a form or query: None unless it is digits naming a possible row."""
    if not value or not value.isascii() or not value.isdigit() or len(value) > 10:
        return None
    number = int(value)
    return number if number <= MAX_ID else None
