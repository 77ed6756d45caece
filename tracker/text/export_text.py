"""A Document as clean plain text that people can read and `read_text` reads back."""

from __future__ import annotations

import re

from tracker.text.document import Document, Heading, Paragraph

_INDENT = "    "


def write_text(doc: Document) -> str:
    """Clean plain text: sponsors, title, formula, headings, paragraphs (italics as `*...*`),
    annex, footnotes at the end; `read_text` reads it back to the same structure."""
    out: list[str] = []
    if doc.symbol:
        out.append(doc.symbol)
    if doc.sponsors:
        out.append(f"{join_names(doc.sponsors)}:{_escape(doc.sponsor_mark)} draft resolution")
    if doc.link:
        out.append(f"[{doc.link}]")
    if doc.title:
        out.append(doc.title)
    if doc.parts:
        out.append(doc.parts[0])
    body = doc.body()
    run_in = bool(body) and body[0].text[:1].islower()
    if doc.formula and not run_in:
        out.append(doc.formula)
    headings: dict[str, list[Heading]] = {}
    for heading in doc.headings:
        headings.setdefault(heading.before, []).append(heading)
    part = doc.parts[0] if doc.parts else ""
    for index, paragraph in enumerate(body):
        paragraph_part = paragraph.section.split(".")[0]
        if doc.parts and paragraph_part in doc.parts and paragraph_part != part:
            # The next part of a resolution in parts opens with its letter and formula.
            part = paragraph_part
            out.extend((part, doc.formula))
        out.extend(_render_heading(h) for h in headings.pop(paragraph.label, ()))
        rendered = _render_paragraph(paragraph)
        if index == 0 and run_in:
            # `The General Assembly, recalling ..., decides ...`: one sentence, as printed.
            rendered = f"{doc.formula} {rendered}"
        out.append(rendered)
    out.extend(
        _render_heading(h) for h in headings.get("", ()) if h.part in ("preamble", "operative")
    )
    inline_declaration = doc.declares_inline()
    if doc.annex is not None and not inline_declaration:
        if doc.back_matter:
            out.append(doc.back_matter)
        out.append("Annex")
    if doc.annex is not None:
        out.extend(line for line in doc.annex.title.split("\n") if line.strip())
        out.extend(chunk for chunk in doc.annex.intro.split("\n\n") if chunk.strip())
        for paragraph in doc.annex.paragraphs:
            out.extend(_render_heading(h) for h in headings.pop(paragraph.label, ()))
            out.append(_render_paragraph(paragraph))
        out.extend(_render_heading(h) for h in headings.get("", ()) if h.part == "annex")
    if doc.back_matter and (doc.annex is None or inline_declaration):
        out.append(doc.back_matter)
    if doc.footnotes:
        out.append("\n".join(f"[^{f.mark}]: {_escape(f.text)}" for f in doc.footnotes))
    return "\n\n".join(out) + "\n"


def join_names(names: tuple[str, ...]) -> str:
    """`Austria, Belgium and Chile`, as a list of sponsors is printed."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _render_heading(heading: Heading) -> str:
    """`I. Global context`, or the heading's text alone when it is unnumbered."""
    text = _escape(heading.text)
    return f"{heading.number}. {text}" if heading.number else text


def _render_paragraph(paragraph: Paragraph, depth: int = 0) -> str:
    """One paragraph with its number, then its sub-paragraphs indented one step further."""
    prefix = f"{paragraph.number}. " if paragraph.number and depth == 0 else ""
    if depth == 0 and paragraph.number.isalpha():
        # A lettered operative paragraph of a decision: `(a) Expresses ...`.
        prefix = f"({paragraph.number}) "
    if depth:
        prefix = f"{_INDENT * depth}{paragraph.label} "
    lines = [prefix + marked_text(paragraph)]
    lines.extend(_render_paragraph(sub, depth + 1) for sub in paragraph.subparagraphs)
    if paragraph.tail:
        lines.append(_INDENT * depth + paragraph.tail)
    return "\n\n".join(lines)


def marked_text(paragraph: Paragraph) -> str:
    """The paragraph text with italics as `*...*` and footnote marks as `[^1]`."""
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
