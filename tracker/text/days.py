"""Days as the United Nations writes them: `2 December 2024`, never `02 December 2024`."""

from __future__ import annotations

from datetime import date, datetime

__all__ = ["written_day", "written_moment"]


def written_day(moment: date) -> str:
    """`2 December 2024`: the day's number without a leading zero, the month's name, the year."""
    return f"{moment.day} {moment:%B %Y}"


def written_moment(moment: datetime) -> str:
    """`30 March 2026 15:05 UTC`: the day as `written_day` writes it, then the time (the moment
    is taken as UTC, as every stored moment is)."""
    return f"{written_day(moment)} {moment:%H:%M} UTC"
