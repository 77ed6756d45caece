"""Sub-paragraph numbering as UN texts print it: (a) ... (z), (aa) ..., and (i), (ii) ..."""

from __future__ import annotations


def roman(number: int) -> str:
    """Lower-case roman numeral for 1..3999: 4 -> `iv`."""
    values = (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    )
    digits = []
    for value, letters in values:
        count, number = divmod(number, value)
        digits.append(letters * count)
    return "".join(digits)


#: Letters of sub-paragraphs in order: a ... z, then aa ... zz as General Assembly texts do.
LETTERS: tuple[str, ...] = tuple(chr(c) for c in range(ord("a"), ord("z") + 1))
LETTERS = LETTERS + tuple(letter * 2 for letter in LETTERS)

#: Roman numerals of second-level sub-paragraphs, far beyond what any resolution uses.
ROMANS: tuple[str, ...] = tuple(roman(n) for n in range(1, 41))
