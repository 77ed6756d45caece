"""Carrying a proposed change onto a text that moved on: patches of the word diff applied where
the text still has their words and context, or refused saying what each side changed."""

from __future__ import annotations

import pytest

from tracker.text.rebase import Overlap, changed_words, rebase

BASE = "Requests the President of the General Assembly to prepare a summary of the meeting;"


def test_a_proposal_on_the_current_text_is_taken_as_it_is() -> None:
    proposed = BASE.replace("Requests", "Also requests")
    assert rebase(BASE, proposed, BASE) == proposed


def test_changes_apart_from_each_other_are_both_kept() -> None:
    room = BASE.replace("a summary", "a concise summary")
    proposed = BASE.replace("Requests", "Also requests").replace("meeting;", "meeting and more;")
    assert rebase(BASE, proposed, room) == (
        "Also requests the President of the General Assembly to prepare a concise summary of "
        "the meeting and more;"
    )


def test_a_change_the_text_already_made_is_not_made_twice() -> None:
    room = BASE.replace("a summary", "a concise summary")
    assert rebase(BASE, room.replace("Requests", "Asks"), room) == room.replace("Requests", "Asks")


@pytest.mark.parametrize(
    ("room", "proposed", "said"),
    [
        # The same words changed both ways.
        (
            BASE.replace("summary", "report"),
            BASE.replace("summary", "record"),
            "“summary” became “report” in the text, “summary” became “record” in the proposal",
        ),
        # A word added right next to the proposal's change: its context is gone.
        (
            BASE.replace("a summary", "a concise summary"),
            BASE.replace("summary", "report"),
            "“concise” was added in the text, “summary” became “report” in the proposal",
        ),
        # Words added at the very same point: which first is anyone's guess.
        (
            "Also " + BASE,
            "Further " + BASE,
            "“Also” was added in the text, “Further” was added in the proposal",
        ),
    ],
)
def test_changes_that_meet_are_refused_saying_what_each_changed(
    room: str, proposed: str, said: str
) -> None:
    with pytest.raises(Overlap) as refused:
        rebase(BASE, proposed, room)
    assert str(refused.value) == said


def test_a_paragraph_with_sub_paragraphs_is_carried_line_by_line() -> None:
    base = "Decides:\n(a) One plenary;\n(b) Two panels;"
    room = base.replace("One", "A single")
    assert rebase(base, base.replace("Two", "Three"), room) == (
        "Decides:\n(a) A single plenary;\n(b) Three panels;"
    )


def test_changes_are_said_in_words() -> None:
    assert changed_words("", " concise ") == "“concise” was added"
    assert changed_words("summary", "") == "“summary” was deleted"
    assert changed_words("a", "b") == "“a” became “b”"
