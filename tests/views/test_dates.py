"""Pages write dates one way, through the `when` filter."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tracker.views import when

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
MOMENT = datetime(2026, 3, 12, 14, 0, 5, tzinfo=UTC)


def test_each_style_of_the_date_filter():
    assert when(MOMENT) == "12 March 2026, 14:00 UTC"
    assert when(MOMENT, "day") == "12 March 2026"
    assert when(MOMENT, "exact") == "2026-03-12 14:00:05"
    # New York is five hours behind UTC in winter, four from the second Sunday of March.
    assert when(MOMENT, "new_york") == "12 March 2026, 10:00 New York time (14:00 UTC)"
    assert when(datetime(2026, 1, 5, 15, 30, tzinfo=UTC), "new_york").startswith(
        "5 January 2026, 10:30"
    )
    assert when(None) == ""


def test_no_template_formats_a_date_by_itself():
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if "strftime" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_messages_and_pages_write_a_new_york_moment_the_same_way():
    from tracker.moments import in_words

    assert in_words(MOMENT) == when(MOMENT, "new_york")
    # A moment read back without its zone is UTC, as stored.
    assert in_words(MOMENT.replace(tzinfo=None)) == when(MOMENT, "new_york")
