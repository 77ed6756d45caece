"""The dashboard counts what the reader may see, per revision and round, and lays bars out on a
shared scale so taller bars mean more."""

from __future__ import annotations

import pytest

from tests.conftest import fixture_bytes, publish, schedule_round
from tracker.services import comments as comment_service
from tracker.services import triage
from tracker.services.dashboard import Series, negotiation_dashboard, stacked_chart

ZERO = "zero-draft-2021-hlm-modalities.txt"


def top(revision, label: str):
    return next(p for p in revision.paragraphs if p.label == label and p.parent_id is None)


@pytest.fixture
def zero(cast):
    return publish(cast.cofac_a, cast.negotiation_a, ZERO)


def figures(chart) -> dict[str, dict[str, int]]:
    return {bar.label: {s.series.key: s.value for s in bar.segments} for bar in chart.bars}


def test_paragraph_states_are_counted_per_revision(cast, zero):
    triage.set_paragraph_state(cast.cofac_a, top(zero, "OP1"), "agreed_ad_ref")
    triage.set_paragraph_state(cast.cofac_a, top(zero, "OP2"), "bracketed")
    rev1 = publish(
        cast.cofac_a,
        cast.negotiation_a,
        ZERO,
        data=fixture_bytes(ZERO).replace(b"*Invites* Member States", b"*Invites* all States"),
    )
    board = negotiation_dashboard(cast.delegate_a, cast.negotiation_a.id)
    counts = figures(board.paragraphs)
    total = len(zero.paragraphs)
    assert counts["Zero draft"] == {"agreed_ad_ref": 1, "pending": total - 2, "bracketed": 1}
    # Unchanged paragraphs keep their status into Rev.1.
    assert counts["Rev.1"]["agreed_ad_ref"] == 1
    assert sum(counts["Rev.1"].values()) == len(rev1.paragraphs)


def test_comments_per_round_and_triage_respect_visibility(cast, zero):
    first = schedule_round(cast, zero)
    public = comment_service.create_comment(
        cast.delegate_a, zero, paragraph=top(zero, "OP1"), kind="question", body="When?"
    )
    comment_service.create_comment(
        cast.delegate_a,
        zero,
        paragraph=top(zero, "OP2"),
        kind="comment",
        body="Between us.",
        visibility="facilitators",
    )
    withdrawn = comment_service.create_comment(
        cast.delegate_b, zero, paragraph=top(zero, "OP2"), kind="comment", body="Oops."
    )
    comment_service.withdraw_comment(cast.delegate_b, withdrawn)
    triage.triage_comment(cast.cofac_a, public, status="noted", version=public.version)
    chile = negotiation_dashboard(cast.delegate_b, cast.negotiation_a.id)
    cofac = negotiation_dashboard(cast.cofac_a, cast.negotiation_a.id)
    assert figures(chile.rounds) == {first.title: {"comments": 1}}
    assert figures(cofac.rounds) == {first.title: {"comments": 2}}
    assert (chile.open_count, chile.triaged_count) == (0, 1)
    assert (cofac.open_count, cofac.triaged_count) == (1, 1)
    assert figures(cofac.triage) == {"Zero draft": {"open": 1, "triaged": 1}}
    assert chile.by_status["noted"] == 1


def test_bars_share_one_scale_and_stack_from_the_baseline():
    chart = stacked_chart(
        "t",
        "Test",
        "things",
        [Series("a", "A"), Series("b", "B")],
        [("one", {"a": 3, "b": 1}), ("two", {"a": 8}), ("three", {})],
    )
    one, two, three = chart.bars
    assert [b.total for b in chart.bars] == [4, 8, 0]
    assert one.segments[0].y + one.segments[0].height == pytest.approx(chart.baseline)
    assert one.segments[1].y + one.segments[1].height == pytest.approx(one.segments[0].y)
    assert two.segments[0].height == pytest.approx(one.segments[0].height * 8 / 3, abs=0.2)
    assert two.top < one.top and three.top == pytest.approx(chart.baseline)
    assert chart.ticks[0].value == 0 and chart.ticks[-1].value >= 8
    assert one.x + one.width < two.x
    assert not chart.is_empty
    empty = stacked_chart("e", "Empty", "things", [Series("a", "A")], [])
    assert empty.is_empty and empty.ticks[-1].value >= 1
