"""A paragraph's text cut into runs for display: plain, italic, and footnote marks."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.text.document import MarkedText


@dataclass(frozen=True)
class Run:
    """A piece of text in one style, or a footnote mark (text empty, mark set)."""

    text: str
    italic: bool = False
    footnote: str = ""


def runs(paragraph: MarkedText) -> list[Run]:
    """The paragraph's (or heading's) text as runs in reading order, footnote marks placed at
    their offsets."""
    text = paragraph.text
    cuts = {0, len(text)}
    for emphasis in paragraph.emphasis:
        cuts.update((max(0, min(emphasis.start, len(text))), max(0, min(emphasis.end, len(text)))))
    for ref in paragraph.footnote_refs:
        cuts.add(max(0, min(ref.offset, len(text))))
    points = sorted(cuts)
    marks: dict[int, list[str]] = {}
    for ref in paragraph.footnote_refs:
        marks.setdefault(max(0, min(ref.offset, len(text))), []).append(ref.mark)
    result: list[Run] = []
    for start, end in zip(points, points[1:], strict=False):
        result.extend(Run("", footnote=mark) for mark in marks.pop(start, []))
        italic = any(e.start <= start and end <= e.end for e in paragraph.emphasis)
        if end > start:
            result.append(Run(text[start:end], italic=italic))
    for offset in sorted(marks):
        result.extend(Run("", footnote=mark) for mark in marks[offset])
    return result
