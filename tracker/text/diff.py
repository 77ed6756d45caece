"""Word-level diff of two texts on diff-match-patch.

Interface: `word_diff(old, new)` returns a tuple of `DiffOp`; the implementation tokenises into
words, spaces and punctuation so that a change reads "Further decides" rather than
"Fu(rther de)cides".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Op(StrEnum):
    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


@dataclass(frozen=True)
class DiffOp:
    """A run of text that both sides share, or that only the new (insert) or old (delete) has."""

    op: Op
    text: str
