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
    return mark.translate(_SUPERSCRIPT) if mark.isdigit() else f"({mark})"


def _plain(match: re.Match[str]) -> str:
    escaped, note, reference = match.groups()
    if escaped is not None:
        return escaped
    if note is not None:
        return f"{_mark(note)} "
    if reference is not None:
        return _mark(reference)
    return ""


def write_plain_text(doc: Document) -> str:
    """The clean text as `write_text` lays it out, without its Markdown."""
    return _MARKS.sub(_plain, write_text(doc))
