"""Brackets and alternatives written into the text, italics and footnote marks kept in place."""

from __future__ import annotations

import pytest

from tracker.text.brackets import (
    BracketError,
    add_alternative,
    bracket_phrase,
    change_paragraph,
    is_bracketed,
)
from tracker.text.document import Document, Emphasis, FootnoteRef, Kind, Paragraph

OP = Paragraph(
    kind=Kind.OPERATIVE,
    label="OP1",
    number="1",
    text="Decides to convene a meeting in 2025 in New York;",
    emphasis=(Emphasis(0, 7),),
    footnote_refs=(FootnoteRef("1", 36),),
)


def _italic(paragraph: Paragraph) -> str:
    return paragraph.italic_text()


def test_a_phrase_is_bracketed_with_its_holder_and_marks_stay_on_their_words():
    bracketed = bracket_phrase(OP, "in 2025", "EU")
    assert bracketed.text == "Decides to convene a meeting [in 2025 (EU)] in New York;"
    assert _italic(bracketed) == "Decides"
    # The footnote mark after "2025" now follows the closing bracket.
    assert bracketed.text[: bracketed.footnote_refs[0].offset].endswith("[in 2025 (EU)]")
    assert is_bracketed(bracketed) and not is_bracketed(OP)


def test_an_italic_opening_word_in_brackets_stays_italic():
    bracketed = bracket_phrase(OP, "Decides")
    assert bracketed.text.startswith("[Decides]")
    assert _italic(bracketed) == "Decides"


def test_alternatives_are_numbered_in_the_text():
    once = add_alternative(OP, "Decides to hold the meeting online;")
    assert once.text == (
        "[Alt 1: Decides to convene a meeting in 2025 in New York;] "
        "[Alt 2: Decides to hold the meeting online;]"
    )
    assert _italic(once) == "Decides"
    twice = add_alternative(once, "Decides to postpone the meeting;")
    assert twice.text.endswith("[Alt 3: Decides to postpone the meeting;]")


def test_a_missing_phrase_or_paragraph_is_named():
    with pytest.raises(BracketError, match="OP1 does not contain “in 2026”"):
        bracket_phrase(OP, "in 2026")
    sub = Paragraph(kind=Kind.SUB, label="(c)", number="c", text="A closing meeting;")
    doc = Document(
        title="T",
        formula="The General Assembly,",
        operative=(
            Paragraph(
                kind=Kind.OPERATIVE,
                label="OP5 bis",
                number="5 bis",
                text="Decides:",
                subparagraphs=(sub,),
            ),
        ),
    )
    changed = change_paragraph(doc, "OP5 bis (c)", lambda p: bracket_phrase(p, "closing"))
    assert changed.operative[0].subparagraphs[0].text == "A [closing] meeting;"
    with pytest.raises(BracketError, match="no paragraph OP5 bis \\(d\\)"):
        change_paragraph(doc, "OP5 bis (d)", lambda p: p)


@pytest.mark.parametrize("holder", ["<script>x</script>]", "EU)", "[G-77", "G-77 (and China)"])
def test_a_holder_that_would_end_or_open_the_bracket_is_refused(holder):
    # A holder `x]` wrote `[Recalling (x])]`: named again for the EU, the bracket read
    # `[[Recalling (EU)] (x])]`, a bracket in a bracket no one wrote.
    with pytest.raises(BracketError, match="without brackets or parentheses"):
        bracket_phrase(OP, "in 2025", holder)
    assert bracket_phrase(OP, "in 2025", "G-77 and China").text.count("(G-77 and China)]") == 1


def test_words_already_in_brackets_take_a_further_holder_not_a_bracket_in_a_bracket():
    # The room bracketed "non-governmental organizations" for the G-77, then for the EU: Rev.2
    # printed "[[non-governmental organizations (G-77)] (EU)]".
    once = bracket_phrase(OP, "in 2025", "G-77")
    twice = bracket_phrase(once, "in 2025", "EU")
    assert twice.text == "Decides to convene a meeting [in 2025 (G-77, EU)] in New York;"
    assert twice.text[: twice.footnote_refs[0].offset].endswith("[in 2025 (G-77, EU)]")
    with pytest.raises(BracketError, match="already in brackets"):
        bracket_phrase(twice, "in 2025", "EU")
    plain = bracket_phrase(OP, "in 2025")
    assert bracket_phrase(plain, "in 2025", "EU").text.count("[in 2025 (EU)]") == 1
    with pytest.raises(BracketError, match="already in brackets"):
        bracket_phrase(plain, "in 2025")
