"""A Document as plain text, for the `.txt` export: no Markdown marks at all. Italics are
plain, footnote marks are superscript numbers, and square brackets, asterisks and
underscores are the text's own characters, kept exactly."""

from __future__ import annotations

import re

from tracker.text.document import Document
from tracker.text.export_text import write_text

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
#: What `write_text` adds to the text: escapes, footnote marks and notes, italic stars.
_MARKS = re.compile(r"\\([\\*_\[\]])|^\[\^([^\]]+)\]: |\[\^([^\]]+)\]|\*", re.MULTILINE)


def _mark(mark: str) -> str:
    """A note's mark as printed: digits in superscript, stars as they are (`Iraq:*`), other
    marks in brackets (`(a)`)."""
    if mark.isdigit():
        return mark.translate(_SUPERSCRIPT)
    return mark if set(mark) == {"*"} else f"({mark})"


def write_plain_text(doc: Document) -> str:
    """The clean text as `write_text` lays it out, without its Markdown. Two marks printed
    together get a comma between them, as in the printed resolution (`conflict,¹⁰,¹¹`), so
    that they do not read as one number."""
    last_reference_end = -1

    def plain(match: re.Match[str]) -> str:
        nonlocal last_reference_end
        escaped, note, reference = match.groups()
        if escaped is not None:
            return escaped
        if note is not None:
            return f"{_mark(note)} "
        if reference is not None:
            together = match.start() == last_reference_end and reference.isdigit()
            last_reference_end = match.end() if reference.isdigit() else -1
            return ("," if together else "") + _mark(reference)
        return ""

    return _MARKS.sub(plain, write_text(doc))
