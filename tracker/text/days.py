"""Days as the United Nations writes them: `2 December 2024`, never `02 December 2024`."""

from __future__ import annotations

from datetime import date

__all__ = ["written_day"]


def written_day(moment: date) -> str:
    """`2 December 2024`: the day's number without a leading zero, the month's name, the year."""
    return f"{moment.day} {moment:%B %Y}"
