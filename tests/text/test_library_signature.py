"""Signatures of library paragraphs: near copies share bands, unrelated wording does not."""

from __future__ import annotations

from tracker.text.library import SIGNATURE_BANDS, signature

OP1 = (
    "1. Reaffirms the importance and urgency of the objective of preventing an arms race in "
    "outer space and the willingness of States to contribute to reaching this common goal;"
)
#: One word changed, one added: most of the word pairs are the same.
EDITED_OP1 = (
    "1. Reaffirms the importance and urgency of the objective of preventing an arms race in "
    "outer space and the readiness of all States to contribute to reaching this common goal;"
)
#: Rewritten: two pairs of words in three changed; its precedent is found by its words.
REWORDED_OP1 = (
    "1. Reaffirms the importance of the objective of preventing an arms race in outer space "
    "and the readiness of all States to contribute to reaching this common goal;"
)
PP5 = (
    "Reaffirming that practical measures should be examined and taken in the search for "
    "agreements to prevent an arms race in outer space in a common effort towards a community "
    "of shared future for humankind,"
)


def _shared(a: str, b: str) -> int:
    """Bands two paragraphs share: a band's value depends on its place."""
    return sum(x == y for x, y in zip(signature(a), signature(b), strict=True))


def test_an_edited_paragraph_shares_bands_with_its_source_and_not_with_another():
    assert _shared(OP1, EDITED_OP1) >= 2
    assert _shared(OP1, PP5) == 0
    assert _shared(EDITED_OP1, PP5) == 0
    assert _shared(OP1, REWORDED_OP1) < 2


def test_numbers_quotes_spacing_and_footnote_marks_leave_the_signature_alone():
    renumbered = OP1.replace("1. ", "4. ")
    restyled = OP1.replace("1. ", "1.  ").replace("urgency", '"urgency"\u00b9')
    assert signature(renumbered) == signature(OP1)
    assert _shared(restyled, OP1.replace("urgency", "\u201curgency\u201d")) == SIGNATURE_BANDS


def test_signature_is_sixteen_signed_32_bit_bands_or_empty_without_words():
    bands = signature(OP1)
    assert len(bands) == SIGNATURE_BANDS
    assert all(-(2**31) <= band < 2**31 for band in bands)
    assert signature("12. 2024") == []
    assert signature("") == []
    # A one-word paragraph still has a signature, so its copies are found.
    assert signature("Decides") == signature("decides.")
