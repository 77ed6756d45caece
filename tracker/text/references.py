"""A paragraph named as delegates say or type it (`OP3`, `op 3`, `OP 3 (a)`, `OP3(a)`,
`operative paragraph 3`, `preambular paragraph 2`, `para 5`), read as the path its revision
gives it (`OP3`, `OP3 (a)`, `PP2`, `OP5`: `document.paragraph_path`), to go to it.

Only a whole query that is a reference is read as one: `OP3 climate` is words to find.
"""

from __future__ import annotations

import re

from tracker.text.document import Kind, paragraph_path, top_label
from tracker.text.working_text import SUFFIXES

__all__ = ["paragraph_reference"]

#: Longest reference read: `preambular paragraph 12 quinquies (a) (iii)` is shorter.
MAX_REFERENCE = 60

_PREAMBULAR = r"pp|preambular(?:\s+para(?:graph)?)?|preamble\s+para(?:graph)?"
#: `para 5` and `paragraph 5` alone mean an operative paragraph, as in the room.
_OPERATIVE = r"op|operative(?:\s+para(?:graph)?)?|para(?:graph)?"
_REFERENCE = re.compile(
    rf"""
    (?:(?P<preambular>{_PREAMBULAR})|(?P<operative>{_OPERATIVE}))\.?\s*
    (?P<number>\d{{1,3}})\.?
    (?:\s*(?P<suffix>{"|".join(SUFFIXES)})\b)?
    (?P<subparagraphs>(?:\s*\(\s*[a-z]{{1,6}}\s*\))*)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_SUBPARAGRAPH = re.compile(r"\(\s*([a-z]{1,6})\s*\)", re.IGNORECASE)


def paragraph_reference(query: str) -> str | None:
    """The path of the paragraph the query names (`op 3 (a)` -> `OP3 (a)`, `para 5` -> `OP5`,
    `preambular paragraph 2` -> `PP2`), or None when it is not a reference alone."""
    text = " ".join((query or "").split())
    if len(text) > MAX_REFERENCE:
        return None
    found = _REFERENCE.fullmatch(text)
    if found is None:
        return None
    kind = Kind.PREAMBULAR if found["preambular"] else Kind.OPERATIVE
    path = top_label(kind, int(found["number"]))
    if found["suffix"]:
        path = f"{path} {found['suffix'].lower()}"
    for letters in _SUBPARAGRAPH.findall(found["subparagraphs"]):
        path = paragraph_path(path, f"({letters.lower()})")
    return path
