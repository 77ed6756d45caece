"""Word-level diff: what a delegate sees highlighted when comparing two versions of a paragraph."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.text.diff import (
    DiffOp,
    Op,
    diff_ratio,
    diff_stats,
    diff_with_similarity,
    new_text,
    old_text,
    similarity,
    tokenize,
    word_diff,
)


def pairs(ops: tuple[DiffOp, ...]) -> list[tuple[str, str]]:
    return [(op.op.value, op.text) for op in ops]


def test_changed_verb_is_shown_as_whole_words() -> None:
    ops = word_diff(
        "Further decides that the meeting will be held",
        "Also decides that the meeting will be held",
    )
    assert pairs(ops) == [
        ("delete", "Further"),
        ("insert", "Also"),
        ("equal", " decides that the meeting will be held"),
    ]


def test_changed_word_inside_a_word_is_not_split() -> None:
    # A character diff would keep "decide" and insert only "s"; people read whole words.
    ops = word_diff("The Assembly decide to act", "The Assembly decides to act")
    assert pairs(ops) == [
        ("equal", "The Assembly "),
        ("delete", "decide"),
        ("insert", "decides"),
        ("equal", " to act"),
    ]


def test_punctuation_change_is_a_change_of_the_mark_only() -> None:
    ops = word_diff(
        "Decides that the meeting will be held;", "Decides that the meeting will be held."
    )
    assert pairs(ops) == [
        ("equal", "Decides that the meeting will be held"),
        ("delete", ";"),
        ("insert", "."),
    ]


def test_unicode_quotes_are_compared_as_marks() -> None:
    ops = word_diff("entitled “Transforming our world”", 'entitled "Transforming our world"')
    assert pairs(ops) == [
        ("equal", "entitled "),
        ("delete", "“"),
        ("insert", '"'),
        ("equal", "Transforming our world"),
        ("delete", "”"),
        ("insert", '"'),
    ]
    assert (
        0.6
        < similarity("entitled “Transforming our world”", 'entitled "Transforming our world"')
        < 1
    )


def test_accented_words_stay_whole() -> None:
    ops = word_diff("Côte d’Ivoire and Türkiye", "Côte d’Ivoire and Czechia")
    assert pairs(ops) == [
        ("equal", "Côte d’Ivoire and "),
        ("delete", "Türkiye"),
        ("insert", "Czechia"),
    ]


def test_adjacent_changes_read_as_one_replacement() -> None:
    # Semantic cleanup folds the lone shared space between two changed words into the edit.
    ops = word_diff("Further decides that", "Also requests that")
    assert pairs(ops) == [
        ("delete", "Further decides"),
        ("insert", "Also requests"),
        ("equal", " that"),
    ]


def test_empty_sides() -> None:
    assert word_diff("", "") == ()
    assert pairs(word_diff("", "Decides to act;")) == [("insert", "Decides to act;")]
    assert pairs(word_diff("Decides to act;", "")) == [("delete", "Decides to act;")]
    assert similarity("", "Decides to act;") == 0.0
    assert similarity("", "") == 1.0


def test_identical_texts_are_one_equal_run() -> None:
    text = "Encourages Member States to consider including in their delegations"
    assert pairs(word_diff(text, text)) == [("equal", text)]
    assert similarity(text, text) == 1.0
    assert diff_ratio(word_diff(text, text)) == 1.0


def test_similarity_counts_shared_words() -> None:
    # 4 of 5 tokens shared on each side: 2*4 / (5+5).
    assert similarity("Further decides that the meeting", "Also decides that the meeting") == 0.8
    assert similarity("alpha beta", "gamma delta") == 0.0


def test_similarity_counts_marks_alike_in_plain_and_accented_texts() -> None:
    # Plain ASCII texts are counted by a faster route than the rest; both must agree.
    old = "Further decides, that the (high-level) meeting; will be held_now in 2025."
    new = "Also decides, that the (high-level) meeting; will be held_now in 2026."
    accented = similarity(old.replace("meeting", "réunion"), new.replace("meeting", "réunion"))
    assert similarity(old, new) == accented == 2 * 16 / (18 + 18)


def test_respacing_alone_keeps_full_similarity() -> None:
    assert similarity("Decides  that the\nmeeting", "Decides that the meeting") == 1.0


def test_diff_stats_count_words_not_marks() -> None:
    ops = word_diff("Further decides that the meeting;", "Also decides, that the big meeting;")
    stats = diff_stats(ops)
    assert (stats.equal, stats.inserted, stats.deleted) == (4, 2, 1)


def test_tokenize_is_lossless_and_word_based() -> None:
    text = "OP5 bis. Requests the Secretary-General, (a) to report;"
    tokens = tokenize(text)
    assert "".join(tokens) == text
    assert tokens[:4] == ["OP5", " ", "bis", "."]
    assert "Secretary" in tokens and "-" in tokens


def test_diff_is_deterministic() -> None:
    old = " ".join(f"word{i % 37}" for i in range(400))
    new = " ".join(f"word{(i * 7) % 41}" for i in range(400))
    assert word_diff(old, new) == word_diff(old, new)


def test_many_distinct_words_still_diff_exactly() -> None:
    # More distinct words than one pool of stand-in characters holds.
    old = " ".join(f"w{i}" for i in range(25_000))
    new = old + " extra"
    ops = word_diff(old, new)
    assert old_text(ops) == old and new_text(ops) == new


texts = st.lists(
    st.sampled_from(list("ab cd,;.“”é\n") + ["decides", "Further", "  "]), max_size=30
).map("".join)


@settings(deadline=None)  # a busy machine must not fail a test of behaviour
@given(texts, texts)
def test_ops_reconstruct_both_sides(old: str, new: str) -> None:
    ops = word_diff(old, new)
    assert old_text(ops) == old
    assert new_text(ops) == new
    # Runs are merged: no two neighbours share an op, and none is empty.
    assert all(op.text for op in ops)
    assert all(a.op is not b.op for a, b in zip(ops, ops[1:], strict=False))
    assert 0.0 <= similarity(old, new) <= 1.0


long_texts = st.lists(
    st.sampled_from(["decides", "Further", "the", "meeting", " ", ", ", "; ", ".", ":", "é"]),
    min_size=60,
    max_size=200,
).map("".join)


@settings(deadline=None)  # a busy machine must not fail a test of behaviour
@given(long_texts, long_texts)
def test_long_texts_still_reconstruct(old: str, new: str) -> None:
    ops = word_diff(old, new)
    assert old_text(ops) == old
    assert new_text(ops) == new
    assert all(a.op is not b.op for a, b in zip(ops, ops[1:], strict=False))


def test_diff_with_similarity_agrees_with_the_separate_functions() -> None:
    old = "Decides that the meeting, to be held in 2025, will be webcast; " * 6
    new = old.replace("2025", "2026", 1).replace("webcast", "broadcast live")
    ops, ratio = diff_with_similarity(old, new)
    assert ops == word_diff(old, new)
    assert ratio == similarity(old, new)
    assert ("delete", "2025") in pairs(ops) and ("insert", "2026") in pairs(ops)


@settings(deadline=None)  # a busy machine must not fail a test of behaviour
@given(st.lists(st.sampled_from(["Recalls", "the", "resolution", ",", "Member", "States"])))
def test_edits_fall_on_token_boundaries(words: list[str]) -> None:
    old = " ".join(words)
    new = " ".join(reversed(words))
    tokens_old, tokens_new = set(tokenize(old)), set(tokenize(new))
    for op in word_diff(old, new):
        if op.op is Op.DELETE:
            assert all(t in tokens_old for t in tokenize(op.text))
        elif op.op is Op.INSERT:
            assert all(t in tokens_new for t in tokenize(op.text))


def test_a_full_shared_vocabulary_is_replaced_without_changing_the_diff(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tracker.text import diff as diff_module

    old, new = "Further decides that the meeting", "Also decides that the meeting"
    expected = word_diff(old, new)
    full = diff_module._TokenCodec(shared=True)
    full._used["word"] = len(diff_module._WORD_CHARS)  # no word stand-in left
    monkeypatch.setattr(diff_module, "_shared_codec", full)
    assert word_diff(old, new) == expected
    assert diff_module._shared_codec is not full
    assert word_diff(old, new) == expected
