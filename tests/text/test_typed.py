"""What people type: the characters no text may hold found and named with where they are, and
the bidirectional controls that could reorder text beyond a person's words taken out, with
Arabic and Hebrew text and the marks its writers use left as typed."""

from __future__ import annotations

import pytest

from tracker.text.typed import (
    FSI,
    LRE,
    LRI,
    LRO,
    PDF,
    PDI,
    RLE,
    RLI,
    RLO,
    contained,
    described,
    invalid_characters,
    isolated,
    one_kind_of_line_break,
    without_invalid_characters,
)

RLM, LRM, ALM = "\u200f", "\u200e", "\u061c"
ARABIC = "نقترح حذف هذه الفقرة" + RLM + ". (UNODC, 2025)"
HEBREW = "אנו תומכים בפסקה"


def test_nul_and_control_characters_are_named_with_their_line_and_the_words_before():
    found = invalid_characters("First line.\nWe support the\x00 text\x1b.")
    assert [(f.character, f.line, f.after) for f in found] == [
        ("\x00", 2, "We support the"),
        ("\x1b", 2, "We support the text"),
    ]
    assert described(found) == (
        "a NUL character on line 2, after “We support the” (and 1 more such character)"
    )
    assert invalid_characters("\x07Bell")[0].place == "on line 1, at its start"
    assert without_invalid_characters("We\x00 agree\r\n\x7f") == "We agree\n"


@pytest.mark.parametrize("text", ["Tab\tand\nbreak", ARABIC, HEBREW, "Türkiye, Côte d'Ivoire"])
def test_ordinary_text_holds_no_invalid_character(text):
    assert invalid_characters(text) == []


def test_line_breaks_of_every_kind_read_as_one():
    assert (
        one_kind_of_line_break("a\r\nb\rc\x0bd\x0ce\u2028f\u2029g\x85h") == "a\nb\nc\nd\ne\nf\ng\nh"
    )


def test_an_override_is_taken_out_and_the_words_read_as_they_are_stored():
    # Shown with the override, the stored words "troppus ton od" read "do not support".
    assert contained(f"We {RLO}troppus ton od{PDF} it.") == "We troppus ton od it."
    assert contained(f"We {LRO}accept") == "We accept"


def test_an_embedding_becomes_an_isolate_and_what_is_left_open_or_unopened_goes():
    assert contained(f"the {RLE}{HEBREW}{PDF} text") == f"the {RLI}{HEBREW}{PDI} text"
    assert contained(f"the {LRE}UN{PDF} text") == f"the {LRI}UN{PDI} text"
    assert contained(f"open {FSI}to the end") == "open to the end"
    assert contained(f"closing{PDI} nothing{PDF}") == "closing nothing"
    # A paragraph break closes everything: nothing reaches the next paragraph.
    assert contained(f"a {RLI}b\nc{PDI} d") == "a b\nc d"
    # An isolate closes what was left open inside it.
    assert contained(f"{FSI}x{RLE}y{PDI}z") == f"{FSI}xy{PDI}z"


@pytest.mark.parametrize(
    "text",
    [ARABIC, HEBREW, f"{HEBREW}{LRM} (A/RES/79/1)", f"٥{ALM}-٦", f"the {RLI}{HEBREW}{PDI} text"],
)
def test_right_to_left_text_its_marks_and_closed_isolates_are_kept_as_typed(text):
    assert contained(text) == text


def test_words_set_in_a_line_of_other_text_are_isolated_when_they_could_reorder_it():
    assert isolated(ARABIC) == f"{FSI}{ARABIC}{PDI}"
    assert isolated(f"Stored {RLO}long ago") == "Stored long ago"
    assert isolated("Left to right only") == "Left to right only"
    assert isolated("") == ""
