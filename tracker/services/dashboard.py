"""The negotiation dashboard: progress over revisions and rounds, with bar charts laid out here
so the template only draws rectangles (inline SVG, no script)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Comment, Negotiation, ParagraphState, TriageStatus
from tracker.services.access import Actor, can_see, get_negotiation
from tracker.services.rounds import rounds_of
from tracker.services.triage import paragraph_states

#: Chart canvas in SVG user units; the SVG scales to its container.
WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 34, 46
#: A segment shorter than this carries no number inside (the total above and the table do).
MIN_LABELLED_HEIGHT = 14


@dataclass(frozen=True)
class Series:
    key: str
    label: str


@dataclass(frozen=True)
class Segment:
    series: Series
    value: int
    y: float
    height: float

    @property
    def labelled(self) -> bool:
        """Whether the number fits inside the segment."""
        return self.value > 0 and self.height >= MIN_LABELLED_HEIGHT

    @property
    def label_y(self) -> float:
        """Where the number inside the segment sits."""
        return self.y + self.height / 2 + 4


@dataclass(frozen=True)
class Bar:
    label: str
    x: float
    width: float
    total: int
    top: float
    segments: tuple[Segment, ...]

    @property
    def centre(self) -> float:
        """Horizontal middle of the bar, for its labels."""
        return self.x + self.width / 2


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class BarChart:
    """A stacked bar chart, ready to draw, and the same figures for a table."""

    key: str
    title: str
    unit: str
    series: tuple[Series, ...]
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: float = HEIGHT - BOTTOM

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to count yet."""
        return not self.bars or all(bar.total == 0 for bar in self.bars)


def _step(maximum: int) -> int:
    """A round tick step giving about five gridlines."""
    if maximum <= 5:
        return 1
    raw = maximum / 5
    magnitude: int = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def stacked_chart(
    key: str,
    title: str,
    unit: str,
    series: list[Series],
    categories: list[tuple[str, dict[str, int]]],
) -> BarChart:
    """Lay out a stacked bar per category (label, {series key: value}) on a shared scale."""
    totals = [sum(values.get(s.key, 0) for s in series) for _, values in categories]
    step = _step(max(totals, default=0))
    top_value = max(step, math.ceil(max(totals, default=0) / step) * step)
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = HEIGHT - BOTTOM

    def y_of(value: float) -> float:
        return baseline - value / top_value * plot_height

    band = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    bar_width = min(band * 0.6, 64)
    bars = []
    for index, ((label, values), total) in enumerate(zip(categories, totals, strict=True)):
        x = LEFT + band * index + (band - bar_width) / 2
        running = 0
        segments = []
        for s in series:
            value = values.get(s.key, 0)
            top = y_of(running + value)
            segments.append(Segment(s, value, round(top, 1), round(y_of(running) - top, 1)))
            running += value
        bars.append(
            Bar(
                label,
                round(x, 1),
                round(bar_width, 1),
                total,
                round(y_of(total), 1),
                tuple(segments),
            )
        )
    ticks = tuple(Tick(v, round(y_of(v), 1)) for v in range(0, top_value + 1, step))
    return BarChart(key, title, unit, tuple(series), tuple(bars), ticks)


STATE_SERIES = [
    Series(ParagraphState.AGREED_AD_REF.value, "Agreed ad ref"),
    Series(ParagraphState.PENDING.value, "Pending"),
    Series(ParagraphState.BRACKETED.value, "Bracketed"),
]
COMMENT_SERIES = [Series("comments", "Comments and proposals")]
TRIAGE_SERIES = [Series("open", "Open"), Series("triaged", "Triaged")]


@dataclass(frozen=True)
class Dashboard:
    negotiation: Negotiation
    paragraphs: BarChart
    rounds: BarChart
    triage: BarChart
    open_count: int
    triaged_count: int
    #: Triage status -> how many comments are in it (open included).
    by_status: dict[str, int]

    @property
    def charts(self) -> tuple[BarChart, ...]:
        """The charts in the order the page shows them."""
        return (self.paragraphs, self.rounds, self.triage)


def negotiation_dashboard(user: Actor, negotiation_id: int) -> Dashboard:
    """Progress of the negotiation as the user may see it: facilitator-only comments of other
    delegations are not counted for a delegate."""
    negotiation = get_negotiation(user, negotiation_id)
    revisions = negotiation.published_revisions
    paragraph_rows = []
    for revision in revisions:
        counts = {s.key: 0 for s in STATE_SERIES}
        for state in paragraph_states(revision).values():
            counts[state] = counts.get(state, 0) + 1
        paragraph_rows.append((revision.label, counts))
    visible = [
        comment
        for comment in db.session.scalars(
            select(Comment).where(Comment.negotiation_id == negotiation.id).order_by(Comment.id)
        )
        if not comment.is_withdrawn and can_see(user, comment)
    ]
    schedule = rounds_of(negotiation)
    per_round = {r.id: 0 for r in schedule}
    outside = 0
    for comment in visible:
        if comment.round_id in per_round:
            per_round[comment.round_id] += 1
        else:
            outside += 1
    round_rows = [(r.title, {"comments": per_round[r.id]}) for r in schedule]
    if outside:
        round_rows.append(("Outside any round", {"comments": outside}))
    by_status = {status.value: 0 for status in TriageStatus}
    per_revision = {r.id: {"open": 0, "triaged": 0} for r in revisions}
    for comment in visible:
        by_status[comment.triage_status] = by_status.get(comment.triage_status, 0) + 1
        bucket = "open" if comment.triage_status == TriageStatus.OPEN else "triaged"
        per_revision.setdefault(comment.revision_id, {"open": 0, "triaged": 0})[bucket] += 1
    triage_rows = [(r.label, per_revision[r.id]) for r in revisions]
    return Dashboard(
        negotiation=negotiation,
        paragraphs=stacked_chart(
            "paragraphs",
            "Paragraph status per revision",
            "paragraphs and sub-paragraphs",
            STATE_SERIES,
            paragraph_rows,
        ),
        rounds=stacked_chart(
            "rounds", "Comments per round", "comments", COMMENT_SERIES, round_rows
        ),
        triage=stacked_chart(
            "triage",
            "Open and triaged comments, by the revision commented on",
            "comments",
            TRIAGE_SERIES,
            triage_rows,
        ),
        open_count=by_status[TriageStatus.OPEN.value],
        triaged_count=sum(v for k, v in by_status.items() if k != TriageStatus.OPEN.value),
        by_status=by_status,
    )
