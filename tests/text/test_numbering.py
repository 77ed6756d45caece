"""Sub-paragraph letters and roman numerals in the order UN texts print them."""

from tracker.text.numbering import LETTERS, ROMANS, roman


def test_roman_numerals_as_printed_in_sub_paragraphs():
    assert [roman(n) for n in (1, 4, 9, 14, 19, 40, 1999)] == [
        "i",
        "iv",
        "ix",
        "xiv",
        "xix",
        "xl",
        "mcmxcix",
    ]
    assert ROMANS[:5] == ("i", "ii", "iii", "iv", "v") and len(ROMANS) == 40


def test_letters_continue_with_doubled_letters_after_z():
    assert LETTERS[0] == "a" and LETTERS[25] == "z" and LETTERS[26] == "aa"
