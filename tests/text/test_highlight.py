"""Reading a search query and marking where its words occur in a text."""

from __future__ import annotations

import pytest

from tracker.text.highlight import (
    MAX_QUERY,
    MAX_TERMS,
    QueryTooLong,
    Segment,
    highlighted,
    query_terms,
    shortened,
)


def marked(segments: tuple[Segment, ...]) -> str:
    return "".join(f"[{s.text}]" if s.found else s.text for s in segments)


def test_words_and_quoted_phrases_typed_with_any_quotation_marks():
    assert query_terms('climate  finance "common   but differentiated"') == (
        "climate",
        "finance",
        "common but differentiated",
    )
    assert query_terms("“loss and damage” «SIDS»") == ("loss and damage", "SIDS")
    assert query_terms('"unclosed phrase') == ("unclosed phrase",)
    assert query_terms('"" "  " ') == ()
    assert query_terms("Finance finance FINANCE") == ("Finance",)


def test_symbols_are_terms_like_any_other():
    assert query_terms("% _ * NEAR( a:b") == ("%", "_", "*", "NEAR(", "a:b")


def test_a_query_too_long_or_with_too_many_terms_is_refused():
    with pytest.raises(QueryTooLong):
        query_terms("x" * (MAX_QUERY + 1))
    with pytest.raises(QueryTooLong, match="one pair of quotation marks"):
        query_terms('"a b" ' + " ".join(str(n) for n in range(MAX_TERMS)))
    assert len(query_terms(" ".join(str(n) for n in range(MAX_TERMS)))) == MAX_TERMS


def test_wording_pasted_without_quotation_marks_is_one_phrase():
    """A sentence of a proposal pasted to find where it stands: more words than a search
    takes one by one, read as the phrase it is."""
    pasted = "encourages the President of the General  Assembly and the Secretary-General"
    assert query_terms(pasted) == (" ".join(pasted.split()),)


def test_occurrences_are_marked_case_accents_and_forms_aside():
    text = "The Côte d’Ivoire and CLIMATE finance; climate‑finance again."
    assert marked(highlighted(text, ("cote d'ivoire", "climate-finance", "finance"))) == (
        "The [Côte d’Ivoire] and CLIMATE [finance]; [climate‑finance] again."
    )
    assert marked(highlighted(text, ("climate", "finance"))) == (
        "The Côte d’Ivoire and [CLIMATE finance]; [climate]‑[finance] again."
    )


def test_a_long_text_is_cut_around_the_first_occurrence_at_spaces():
    text = "before " * 100 + "the climate finance goal " + "after " * 100
    segments = highlighted(text, ("climate finance",), width=120, before=30)
    assert segments[0] == Segment("…") and segments[-1] == Segment("…")
    assert [s.text for s in segments if s.found] == ["climate finance"]
    middle = "".join(s.text for s in segments[1:-1])
    assert len(middle) <= 120
    assert middle.startswith("before ") and middle.endswith("after")


def test_a_letter_that_folds_into_two_is_marked_whole():
    assert marked(highlighted("ﬁnance and more", ("fin",))) == "[ﬁn]ance and more"


def test_nothing_found_or_nothing_asked_gives_the_text_unmarked():
    assert highlighted("A short text.", ()) == (Segment("A short text."),)
    assert highlighted("A short text.", ("absent",)) == (Segment("A short text."),)
    assert highlighted("", ("x",)) == ()


def test_a_long_text_is_shortened_at_a_word_on_one_line():
    text = "Chile can join this proposal,\n if the reference to the regional commissions is kept."
    assert shortened(text, 200) == " ".join(text.split())
    assert shortened(text, 40) == "Chile can join this proposal, if the…"
    assert shortened("x" * 50, 20) == "x" * 19 + "…"  # no space late enough: cut in the word
