"""A Document as clean plain text that people can read and `read_text` reads back."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tracker.text.document import (
    Document,
    FootnoteRef,
    Heading,
    MarkedLine,
    MarkedText,
    Paragraph,
)

_INDENT = "    "


def write_text(doc: Document) -> str:
    """Clean plain text: sponsors, title, formula, headings, paragraphs (italics as `*...*`),
    annex, footnotes at the end; `read_text` reads it back to the same structure."""
    return "".join(_text_pieces(doc))


def same_text(a: Document, b: Document) -> bool:
    """Whether `write_text` gives the same text for both, written only as far as the first
    difference (two revisions usually differ early on)."""
    left, right = _text_pieces(a), _text_pieces(b)
    ahead_left = ahead_right = ""
    while True:
        if not ahead_left:
            ahead_left = next(left, "")
        if not ahead_right:
            ahead_right = next(right, "")
        if not ahead_left or not ahead_right:
            # One text has ended (`_text_pieces` never yields an empty piece).
            return not ahead_left and not ahead_right
        common = min(len(ahead_left), len(ahead_right))
        if ahead_left[:common] != ahead_right[:common]:
            return False
        ahead_left, ahead_right = ahead_left[common:], ahead_right[common:]


def _text_pieces(doc: Document) -> Iterator[str]:
    """The text of `write_text` in pieces, none of them empty: the blocks and their breaks."""
    first = True
    for block in _blocks(doc):
        if not first:
            yield "\n\n"
        first = False
        if block:
            yield block
    yield "\n"


def _blocks(doc: Document) -> Iterator[str]:
    """The blocks of the text, in order, to be joined by blank lines."""
    if doc.symbol:
        yield f"{doc.symbol}{_escape(doc.symbol_mark)}"
    if doc.sponsors:
        names = "".join(f"{text}{_escape(mark)}" for text, mark in sponsor_list(doc))
        kind = f"{doc.sponsored_as}{_escape(doc.sponsored_as_mark)}"
        yield f"{names}:{_escape(doc.sponsor_mark)} {kind}"
    elif doc.submitted_by:
        yield f"{doc.submitted_by}{_escape(doc.sponsored_as_mark)}"
    if doc.link:
        yield f"[{doc.link}]"
    if doc.title:
        yield doc.title
    headings = {label: list(group) for label, group in doc.headings_before().items()}
    body = doc.body()

    def part_titles(label: str) -> Iterator[str]:
        """The titles of the part whose first paragraph is `label`; its other headings wait."""
        titles, headings[label] = doc.part_titles(headings.pop(label, ()))
        return (_render_heading(h) for h in titles)

    if doc.parts:
        yield doc.parts[0]
        if body:
            yield from part_titles(body[0].label)
    run_in = bool(body) and body[0].text[:1].islower()
    if doc.formula and not run_in:
        yield doc.formula
    for index, paragraph in enumerate(body):
        if index and (part := doc.opens_part(paragraph, body[index - 1])):
            # The next part of a resolution in parts opens with its letter, its title and
            # its formula.
            yield from (part, *part_titles(paragraph.label), doc.formula)
        yield from (_render_heading(h) for h in headings.pop(paragraph.label, ()))
        rendered = _render_paragraph(paragraph)
        if index == 0 and run_in:
            # `The General Assembly, recalling ..., decides ...`: one sentence, as printed.
            rendered = f"{doc.formula} {rendered}"
        yield rendered
    yield from (
        _render_heading(h) for h in headings.get("", ()) if h.part in ("preamble", "operative")
    )
    inline_declaration = doc.declares_inline()
    if doc.annex is not None and not inline_declaration:
        if doc.back_matter:
            yield doc.back_matter
        yield "Annex"
    if doc.annex is not None:
        yield from (
            marked_text(line) for line in doc.annex.marked_title.split("\n") if line.text.strip()
        )
        yield from (
            marked_text(chunk)
            for chunk in doc.annex.marked_intro.split("\n\n")
            if chunk.text.strip()
        )
        for paragraph in doc.annex.paragraphs:
            yield from (_render_heading(h) for h in headings.pop(paragraph.label, ()))
            yield _render_paragraph(paragraph)
        yield from (_render_heading(h) for h in headings.get("", ()) if h.part == "annex")
    if doc.back_matter and (doc.annex is None or inline_declaration):
        yield doc.back_matter
    if doc.footnotes:
        yield "\n".join(f"[^{f.mark}]: {_escape(f.text)}" for f in doc.footnotes)


def join_names(names: tuple[str, ...]) -> str:
    """`Austria, Belgium and Chile`, as a list of sponsors is printed."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def sponsor_list(doc: Document) -> list[tuple[str, str]]:
    """The list of sponsors as printed, in pieces each followed by the mark of a note (empty
    for most): `Armenia, China, Egypt,` `*`, ` Equatorial Guinea and Viet Nam` ``. A sponsor's
    mark follows the comma after its name, or the name itself before `and`."""
    pieces: list[tuple[str, str]] = []
    text = ""
    marked = doc.marked_sponsors()
    for index, (name, mark) in enumerate(marked):
        comma = index < len(marked) - 2
        text += f"{name}," if comma else name
        if mark:
            pieces.append((text, mark))
            text = ""
        text += " " if comma else " and " if index == len(marked) - 2 else ""
    return [*pieces, (text, "")] if text or not pieces else pieces


def sponsor_line(doc: Document) -> MarkedLine:
    """The line above a draft's title, as printed: `Armenia, China, Egypt,* ... and Viet
    Nam:** draft resolution***` with each mark where it stands, or who submits a draft that no
    delegation sponsors; empty for a resolution."""
    if not doc.sponsors:
        ends = len(doc.submitted_by)
        return MarkedLine(
            doc.submitted_by, tuple(FootnoteRef(m, ends) for m in doc.sponsored_as_marks())
        )
    text = ""
    refs: list[FootnoteRef] = []
    for piece, mark in sponsor_list(doc):
        text += piece
        if mark:
            refs.append(FootnoteRef(mark, len(text)))
    text += ":"
    refs.extend(FootnoteRef(mark, len(text)) for mark in doc.sponsor_marks())
    text += f" {doc.sponsored_as}"
    refs.extend(FootnoteRef(mark, len(text)) for mark in doc.sponsored_as_marks())
    return MarkedLine(text, tuple(refs))


def _render_heading(heading: Heading) -> str:
    """`I. Global context`, or the heading's text alone when it is unnumbered; with the marks
    of the notes it cites."""
    text = marked_text(heading)
    return f"{heading.number}. {text}" if heading.number else text


def _render_paragraph(paragraph: Paragraph, depth: int = 0) -> str:
    """One paragraph with its number, then its sub-paragraphs indented one step further."""
    # `5.`, a decision's lettered `(a) Expresses ...`, a programme of work's `Item 3.`
    prefix = f"{paragraph.printed_number} " if paragraph.number and depth == 0 else ""
    if depth:
        prefix = f"{_INDENT * depth}{paragraph.label} "
    lines = [prefix + marked_text(paragraph)]
    lines.extend(_render_paragraph(sub, depth + 1) for sub in paragraph.subparagraphs)
    lines.extend(_INDENT * depth + marked_text(line) for line in paragraph.tail_lines)
    return "\n\n".join(lines)


def marked_text(paragraph: MarkedText) -> str:
    """The paragraph's (or heading's) text with italics as `*...*` and footnote marks as
    `[^1]`."""
    text = paragraph.text
    # At one offset: close an italic run, then place the mark, then open the next run.
    events: list[tuple[int, int, str]] = []
    for emphasis in paragraph.emphasis:
        events.append((emphasis.start, 2, "*"))
        events.append((emphasis.end, 0, "*"))
    for ref in paragraph.footnote_refs:
        events.append((ref.offset, 1, f"[^{ref.mark}]"))
    pieces: list[str] = []
    position = 0
    for offset, _, insert in sorted(events, key=lambda e: (e[0], e[1])):
        offset = max(0, min(offset, len(text)))
        pieces.append(_escape(text[position:offset]))
        pieces.append(insert)
        position = offset
    pieces.append(_escape(text[position:]))
    return "".join(pieces)


def _escape(text: str) -> str:
    """Literal `*`, `_` and brackets escaped as Markdown does, so reading back keeps them."""
    return _MARKUP_RE.sub(r"\\\g<0>", text)


_MARKUP_RE = re.compile(r"[\\*_\[\]]")
