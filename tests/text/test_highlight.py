"""Reading a search query and marking where its words occur in a text."""

from __future__ import annotations

import pytest

from tracker.text.highlight import (
    MAX_QUERY,
    MAX_TERMS,
    QueryTooLong,
    Segment,
    Term,
    highlighted,
    query_terms,
    shortened,
)


def marked(segments: tuple[Segment, ...]) -> str:
    return "".join(f"[{s.text}]" if s.found else s.text for s in segments)


def words(*texts: str) -> tuple[Term, ...]:
    return tuple(Term(text) for text in texts)


def texts(terms: tuple[Term, ...]) -> tuple[str, ...]:
    return tuple(term.text for term in terms)


def test_words_and_quoted_phrases_typed_with_any_quotation_marks():
    assert query_terms('climate  finance "common   but differentiated"') == (
        Term("climate"),
        Term("finance"),
        Term("common but differentiated", phrase=True),
    )
    assert query_terms("“loss and damage” «SIDS»") == (
        Term("loss and damage", phrase=True),
        Term("SIDS", phrase=True),
    )
    assert query_terms('"unclosed phrase') == (Term("unclosed phrase", phrase=True),)
    assert query_terms('"" "  " ') == ()
    assert query_terms("Finance finance FINANCE") == (Term("Finance"),)


def test_symbols_are_terms_like_any_other():
    assert texts(query_terms("% _ * NEAR( a:b")) == ("%", "_", "*", "NEAR(", "a:b")


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
    assert query_terms(pasted) == (Term(" ".join(pasted.split()), phrase=True),)


def test_occurrences_are_marked_case_accents_and_forms_aside():
    text = "The Côte d’Ivoire and CLIMATE finance; climate‑finance again."
    assert marked(
        highlighted(
            text, (Term("cote d'ivoire", phrase=True), *words("climate-finance", "finance"))
        )
    ) == ("The [Côte d’Ivoire] and CLIMATE [finance]; [climate‑finance] again.")
    assert marked(highlighted(text, words("climate", "finance"))) == (
        "The Côte d’Ivoire and [CLIMATE finance]; [climate]‑[finance] again."
    )


def test_a_word_is_found_at_the_start_of_a_word_only():
    """Delegates search for words: `art` is in `article`, not in `participate`, and `develop`
    finds `developing` and `development`."""
    text = "Participate in the Development Agenda; article 2 on developing States."
    assert marked(highlighted(text, words("art"))) == (
        "Participate in the Development Agenda; [art]icle 2 on developing States."
    )
    assert marked(highlighted(text, words("develop"))) == (
        "Participate in the [Develop]ment Agenda; article 2 on [develop]ing States."
    )
    assert marked(highlighted("l’Agenda and the agenda", words("agenda"))) == (
        "l’[Agenda] and the [agenda]"
    )


def test_a_quoted_phrase_is_found_as_whole_words_in_order():
    phrase = (Term("common but differentiated", phrase=True),)
    assert marked(highlighted("uncommon but differentiated", phrase)) == (
        "uncommon but differentiated"
    )
    assert marked(highlighted("common but differentiatedness", phrase)) == (
        "common but differentiatedness"
    )
    assert marked(highlighted("Common but\ndifferentiated, and", phrase)) == (
        "[Common but\ndifferentiated], and"
    )
    assert marked(highlighted("the arts and art.", (Term("art", phrase=True),))) == (
        "the arts and [art]."
    )


def test_a_term_starting_with_a_symbol_is_found_wherever_it_is():
    assert marked(highlighted("OP2(a) and 50%", words("(a)", "%"))) == "OP2[(a)] and 50[%]"


def test_a_long_text_is_cut_around_the_first_occurrence_at_spaces():
    text = "before " * 100 + "the climate finance goal " + "after " * 100
    segments = highlighted(text, (Term("climate finance", phrase=True),), width=120, before=30)
    assert segments[0] == Segment("…") and segments[-1] == Segment("…")
    assert [s.text for s in segments if s.found] == ["climate finance"]
    middle = "".join(s.text for s in segments[1:-1])
    assert len(middle) <= 120
    assert middle.startswith("before ") and middle.endswith("after")


def test_a_letter_that_folds_into_two_is_marked_whole():
    assert marked(highlighted("ﬁnance and more", words("fin"))) == "[ﬁn]ance and more"


def test_nothing_found_or_nothing_asked_gives_the_text_unmarked():
    assert highlighted("A short text.", ()) == (Segment("A short text."),)
    assert highlighted("A short text.", words("absent")) == (Segment("A short text."),)
    assert highlighted("", words("x")) == ()


def test_a_long_text_is_shortened_at_a_word_on_one_line():
    text = "Chile can join this proposal,\n if the reference to the regional commissions is kept."
    assert shortened(text, 200) == " ".join(text.split())
    assert shortened(text, 40) == "Chile can join this proposal, if the…"
    assert shortened("x" * 50, 20) == "x" * 19 + "…"  # no space late enough: cut in the word
