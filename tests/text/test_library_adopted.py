"""Which texts the library takes: adopted ones only, by one rule for every way in (an import,
a negotiation's revision). A draft (an L. symbol, sponsors, `Draft resolution submitted by`)
is refused with the reason, and so is a text that nothing shows was adopted."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES, STARTER_LIBRARY
from tracker.text.library import draft_symbol, split_front_matter, why_not_adopted
from tracker.text.read import read_markdown, read_text

DOCS = FIXTURES / "corpus" / "docs"


def _read(path: Path):
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        return read_markdown(split_front_matter(text)[1])
    return read_text(text)


@pytest.mark.parametrize("path", sorted(DOCS.glob("A_*L.*.txt")), ids=lambda p: p.name)
def test_every_l_document_of_the_corpus_is_a_draft(path):
    document = _read(path)
    assert draft_symbol(document.symbol)
    assert "is a draft (an L. document)" in why_not_adopted((document.symbol,), document)
    # Read without its symbol (pasted from the body only), its sponsors or the officer who
    # submits it still tell it is a draft; a draft decision too.
    unsigned = why_not_adopted((), document)
    assert unsigned.startswith("the text is a draft"), unsigned


@pytest.mark.parametrize(
    "path",
    [*sorted(DOCS.glob("A_RES_*")), *sorted(STARTER_LIBRARY.glob("*.md"))],
    ids=lambda p: p.name,
)
def test_every_adopted_resolution_of_the_corpus_and_the_starter_library_is_taken(path):
    document = _read(path)
    assert why_not_adopted((document.symbol,), document) == ""
    # By its `Resolution adopted by the General Assembly on ...` line alone, too.
    assert why_not_adopted((), document) == ""


def test_a_committee_adopted_draft_stays_a_draft_for_the_plenary():
    document = _read(DOCS / "A_C.2_80_L.42.txt")
    reason = why_not_adopted(("A/C.2/80/L.42",), document)
    assert reason.startswith("A/C.2/80/L.42 is a draft (an L. document)")
    assert "import the resolution it becomes (A/RES/...)" in reason


def test_sponsors_are_named_in_the_reason():
    document = _read(DOCS / "A_C.1_80_L.23.txt")
    reason = why_not_adopted((), document)
    assert "it lists sponsors (" in reason and "and 9 more: draft resolution)" in reason


def test_an_informal_zero_draft_is_no_adopted_text():
    document = read_text(
        "Zero draft\n\nOceans and the law of the sea\n\nThe General Assembly,\n\n"
        "Recalling its earlier resolutions,\n\n1. Decides to remain seized of the matter.\n"
    )
    assert why_not_adopted((document.symbol,), document).startswith(
        "nothing shows the text was adopted"
    )
    # A resolution symbol given for it (front matter, a file's name) is what says it was.
    assert why_not_adopted(("A/RES/80/300",), document) == ""
    assert why_not_adopted(("A/HRC/DEC/55/101",), document) == ""


def test_a_draft_symbol_wins_over_a_resolution_symbol():
    document = _read(STARTER_LIBRARY / "A_RES_80_20.md")
    assert why_not_adopted(("A/RES/80/20", "A/C.1/80/L.3/Rev.1"), document).startswith(
        "A/C.1/80/L.3/Rev.1 is a draft"
    )
