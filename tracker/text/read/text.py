"""Read plain text, Markdown or text copied from a UN PDF: the stages from lines to Document.

    text -> lines (furniture removed) -> footnote bodies taken out, marks found -> blocks
         -> assembled Document

`read_text` and `read_markdown` differ only in whether `*`, `_` and `[text](link)` are markup.
"""

from __future__ import annotations

import re

from tracker.text.document import Document, ParseError, ParseWarning
from tracker.text.read.assemble import assemble_document
from tracker.text.read.blocks import segment
from tracker.text.read.footnotes import (
    bracketed_notes_as_written,
    extract_footnote_bodies,
    mark_pdf_footnote_refs,
    mark_star_refs_in_sentences,
    marks_left_in,
)
from tracker.text.read.lines import (
    Line,
    find_symbol,
    looks_like_markdown,
    normalise_text,
    remove_page_furniture,
    remove_repeated_column_headings,
    remove_stray_title_lines,
)
from tracker.text.read.vocabulary import (
    FORMULA_RE,
    NUMBERED_RE,
    TRAILING_SEPARATOR_RE,
    is_heading_like,
)

_MARKDOWN_HEADING_RE = re.compile(r"^\s*#{1,6}\s+")
#: The longest resolutions, annexes included, run to a few thousand lines; a text far beyond
#: this is refused at once rather than read for seconds.
MAX_LINES = 50_000


def read_text(text: str, markdown: bool | None = None) -> Document:
    """Read a resolution from plain text or text copied from a UN PDF.

    `*` and `_` are literal characters (`A/75/123*`, `2*3`) unless the text is Markdown; with
    `markdown=None` (the default) the text's own signs decide (`[^1]:` notes, `*Recalling*`).
    """
    text = normalise_text(text)
    if not text.strip():
        raise ParseError("The file is empty")
    lines_in_text = text.count("\n") + 1
    if lines_in_text > MAX_LINES:
        raise ParseError(
            f"The text has {lines_in_text:,} lines; no resolution has more than "
            f"{MAX_LINES:,}. Upload the draft alone"
        )
    if markdown is None:
        markdown = looks_like_markdown(text)
    # After the choice above: notes in brackets make no plain text Markdown.
    text = bracketed_notes_as_written(text)
    lines = split_lines(text, markdown)
    formula_index = next((i for i, ln in enumerate(lines) if FORMULA_RE.match(ln.text)), None)
    symbol, symbol_mark = find_symbol(lines, formula_index)
    remove_page_furniture(lines, formula_index)
    remove_repeated_column_headings(lines)
    remove_stray_title_lines(lines, formula_index)
    footnotes = extract_footnote_bodies(lines, markdown, formula_index or 0)
    mark_pdf_footnote_refs(lines, footnotes, formula_index or 0)
    if not markdown:
        mark_star_refs_in_sentences(lines, footnotes)
    blocks = segment(lines, markdown)
    warnings: list[ParseWarning] = []
    doc = assemble_document(
        blocks, footnotes, warnings, symbol=symbol, symbol_mark=symbol_mark, markdown=markdown
    )
    return marks_without_notes(doc)


#: How many places the warning names.
_LEFT_MARKS_NAMED = 3


def marks_without_notes(doc: Document) -> Document:
    """The document, warned when it has no notes but its paragraphs keep numbers that look
    like their marks: text copied out of Word or a PDF leaves the notes behind and the marks as
    plain digits in the paragraphs (`General Assembly,1`), where they would be circulated."""
    if doc.footnotes:
        return doc
    places = [
        (path, paragraph, match)
        for path, paragraph in doc.walk_with_paths()
        for match in marks_left_in(paragraph.text)
    ]
    if not places:
        return doc
    named = "; ".join(
        f"{path} “{' '.join(p.text[: m.end()].split()[-2:])}”"
        for path, p, m in places[:_LEFT_MARKS_NAMED]
    )
    more = f" and {len(places) - _LEFT_MARKS_NAMED} more" if len(places) > _LEFT_MARKS_NAMED else ""
    first_path, first, _ = places[0]
    return doc.with_warnings(
        ParseWarning(
            f"The text has no notes, but numbers after words look like their marks ({named}"
            f"{more}): they stay in the text. If it was copied out of Word or a PDF, upload the "
            "file itself to keep its notes",
            first.line,
            first_path,
        )
    )


def read_markdown(text: str) -> Document:
    """Read a resolution written in Markdown: `*italic*`, `**bold**`, `[^1]` notes, `# title`."""
    return read_text(text, markdown=True)


#: Where a converter ran the next numbered paragraph on in the same line: after a sentence's
#: end and the mark of the note it cites, if any (`... in persons.8 6. We recall ...`, `... the
#: Pact for the Future. 16 9. We note ...`).
_NEXT_NUMBER_RUN_ON_RE = re.compile(r"(?<=[.;])(?:\s?\d{1,3})?\s+(\d{1,3})\.\s+(?=[A-Z])")
#: Or after a heading's words (`Global context and shared commitments 3. We gather ...`).
_NUMBER_AFTER_HEADING_RE = re.compile(r"(?<=[\w)])\s+(\d{1,3})\.\s+(?=[A-Z])")


def _numbered_paragraphs_apart(lines: list[Line]) -> list[Line]:
    """Each numbered paragraph on a line of its own, where Markdown converted from a PDF ran
    the next one on: after the paragraph before (A/RES/80/9's annex: `5. We also reaffirm ...
    in persons.8 6. We recall ... global migration.11 7. We also reaffirm ...`), or after a
    heading over it (A/RES/80/3's: `Global context and shared commitments 3. We gather ...`,
    `II. Implementation of the Awaza Programme ... 2024\u20132034 13. We strongly ...`). Only
    the number that comes next after the last one, so that a number the text cites stays
    text; a heading's words end without a sentence's punctuation, as a heading does."""
    apart: list[Line] = []
    last: int | None = None
    for line in lines:
        text = line.text
        numbered = NUMBERED_RE.match(text)
        if numbered:
            last = int(numbered.group(1))
        elif last is not None and (after := _number_after_heading(text, last + 1)) is not None:
            apart.append(Line(line.number, text[:after].rstrip()))
            text, last = text[after:], last + 1
        while last is not None:
            run_on = next(
                (m for m in _NEXT_NUMBER_RUN_ON_RE.finditer(text) if int(m.group(1)) == last + 1),
                None,
            )
            if run_on is None:
                break
            apart.append(Line(line.number, text[: run_on.start(1)].rstrip()))
            text, last = text[run_on.start(1) :], last + 1
        apart.append(line if text is line.text else Line(line.number, text))
    return apart


def _number_after_heading(text: str, number: int) -> int | None:
    """Where paragraph `number` starts in a line that opens with a heading's words and runs
    the paragraph on (None if it does not)."""
    match = _NUMBER_AFTER_HEADING_RE.search(text)
    if match is None or int(match.group(1)) != number:
        return None
    words = text[: match.start()].strip()
    if not words[:1].isupper() or not is_heading_like(words):
        return None
    return match.start(1)


def split_lines(text: str, markdown: bool) -> list[Line]:
    """Normalised text -> numbered lines; a form feed marks where a page starts, and a rule
    left at a line's end stands on a line of its own (with the same number)."""
    lines: list[Line] = []
    for i, t in enumerate(text.split("\n")):
        rule = TRAILING_SEPARATOR_RE.search(t) if "---" in t else None
        if rule and t[: rule.start()].strip():
            lines += (Line(i + 1, t[: rule.start()]), Line(i + 1, rule.group().strip()))
        else:
            lines.append(Line(i + 1, t))
    if markdown:
        lines = _numbered_paragraphs_apart(lines)
    for line in lines:
        if "\f" in line.text:
            # A form feed starts a new page: it ends any footnote block of the page before.
            line.page_break = True
            line.removed = not line.text.strip()
            line.text = line.text.replace("\f", " ")
        if markdown:
            line.text = _MARKDOWN_HEADING_RE.sub("", line.text)
    return lines
