"""Ending a sentence with words a person wrote, which may end one already."""

from __future__ import annotations

#: What ends a sentence already, before any closing quotation mark or bracket.
_ENDINGS = (".", "!", "?", "…")
_CLOSING = "\"'”’)]"


def as_sentence(text: str) -> str:
    """The text with a full stop at its end unless it ends a sentence already (`mistake.`
    stays as it is, `mistake` becomes `mistake.`), so a page adding its own stop after
    a reason never prints two."""
    text = text.rstrip()
    if not text or text.rstrip(_CLOSING).endswith(_ENDINGS):
        return text
    return text + "."
