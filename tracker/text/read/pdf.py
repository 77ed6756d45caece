"""Read a resolution from a PDF's text layer (pypdf), entering the pipeline at the lines stage."""

from __future__ import annotations

import io
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from pypdf import PageObject, PdfReader

from tracker.text.document import Document, ParseError
from tracker.text.read.text import MAX_LINES, read_text
from tracker.text.read.vocabulary import SEPARATOR_RE

#: Pages beyond this are not read: no resolution is this long, a hostile file may be.
MAX_PAGES = 500
#: Likewise for text: far beyond the longest omnibus resolution (well under 1 MB).
MAX_TEXT_CHARS = 20_000_000


def read_pdf(data: bytes) -> Document:
    """Read a resolution from a PDF file's text layer."""
    if not data.startswith(b"%PDF"):
        raise ParseError("The file is not a PDF (it does not start with %PDF)")
    # pypdf logs every recoverable flaw it meets; only its errors matter to this reader.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ParseError("The PDF is encrypted; save an unprotected copy and upload that")
        if len(reader.pages) > MAX_PAGES:
            raise ParseError(f"The PDF has {len(reader.pages)} pages; at most {MAX_PAGES} are read")
        pages: list[PageLines] = []
        total = lines = 0
        for page in reader.pages:
            pages.append(_page_lines(page, MAX_LINES - lines))
            total += pages[-1].length
            lines += pages[-1].line_count
            if total > MAX_TEXT_CHARS:
                raise ParseError(
                    f"The PDF holds more than {MAX_TEXT_CHARS:,} characters of text; "
                    "that is not a resolution"
                )
            if lines > MAX_LINES:
                raise ParseError(
                    f"The PDF's text has more than {MAX_LINES:,} lines; no resolution has "
                    "that many. Upload the draft alone"
                )
    except ParseError:
        raise
    except Exception as error:
        # A damaged or hostile file can trip any error inside pypdf; the person uploading it
        # needs to hear that the file is unreadable, not see a traceback.
        raise ParseError(f"The PDF cannot be read (it looks damaged): {error}") from error
    if not any(line.text.strip() for page in pages for line in page.lines):
        raise ParseError(
            "The PDF has no text layer (it is probably a scanned document): run it through "
            "OCR, or upload the Word or text version"
        )
    layout = _layout(pages)
    if layout.margin is not None:
        _drop_running_lines(pages, layout)
    texts: list[str] = []
    notes_before = False
    for printed in pages:
        notes = printed.notes_start(layout, notes_before)
        texts.append(printed.text(layout, notes))
        notes_before = notes is not None or printed.prints_separator()
    # A form feed marks the page break, so a footnote block ends with its page.
    return read_text("\n\f\n".join(texts), markdown=False)


#: What a UN document prints between a page's text and its footnotes; a PDF saved from Word
#: draws that line instead, so the reader is given it where the notes begin.
NOTES_SEPARATOR = "__________________"
#: A line set at most this share of the text's size is in small print (a footnote's 9 or 8.5
#: points under 10-point text, 10 under 12).
SMALL_PRINT = 0.92
#: A note's mark raised in the text is set smaller still.
RAISED_MARK = 0.8
#: A footnote's first line: its mark (a number or stars), then its text.
_NOTE_START_RE = re.compile(r"^\s*(\d{1,3}|\*{1,3})\s+\S")
#: A piece of text that may be a note's mark, raised in the text or opening the note.
_MARK_RE = re.compile(r"\d{1,3}|\*{1,3}")
#: A line that starts this many points right of the usual left edge is indented (a first
#: line, a centred title); one that stands this many times the usual distance below the line
#: before begins after a space (a new paragraph set apart by its spacing).
INDENT = 4.0
SPACED = 1.35
#: A text layer that starts this share of its lines with a space shows indents that way (the
#: UN's own PDFs): its lines are read as extracted.
SPACES_SHOW_INDENTS = 0.05
#: A line among the first or last EDGE_LINES of a page that recurs, its figures aside, on
#: this share of the pages (two at least) is a running header or footer (`Zero draft - 6 May
#: 2026`, `Page 2 of 5`), as is a page's number alone at its top or foot.
RUNNING_SHARE = 0.6
EDGE_LINES = 2
_PAGE_NUMBER_RE = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)


@dataclass
class PrintedLine:
    """One line of a page's text layer: how many characters it sets at each size, and where
    its first words stand on the page (points from the left and from the bottom)."""

    text: str = ""
    sizes: Counter[float] = field(default_factory=Counter)
    x: float | None = None
    y: float | None = None

    def size(self) -> float:
        """The size most of its characters are set at (0 for a blank line)."""
        return self.sizes.most_common(1)[0][0] if self.sizes else 0.0


@dataclass(frozen=True)
class Layout:
    """What a document's pages share: the size of its text and, where the text layer does not
    show indents and spacing by itself, the usual left edge of a line and distance between
    two lines of text."""

    text_size: float = 0.0
    margin: float | None = None
    pitch: float | None = None
    #: The note marks the text raises somewhere (`Rights,1`): a note may be set on the page
    #: after the one that cites it.
    raised: frozenset[str] = frozenset()


@dataclass
class PageLines:
    """A page's text as pypdf extracts it, line by line, with the size and place of what each
    line prints and the raised marks (`Rights,1`) set small within the text."""

    lines: list[PrintedLine]
    #: The smallest size each number or row of stars standing alone is set at (a raised note
    #: mark, `Rights,1`, or a note's own mark).
    marks: dict[str, float]
    length: int
    #: The page's lines, counted beyond those kept.
    line_count: int

    def text(self, layout: Layout, notes: int | None) -> str:
        """The page's text, with a separator before line `notes` (where its footnotes begin,
        when it does not print a separator of its own) and, where the text layer does not
        show them, a space before an indented line and a blank line before a spaced one."""
        out: list[str] = []
        previous: PrintedLine | None = None
        for index, line in enumerate(self.lines):
            if index == notes:
                out.append(NOTES_SEPARATOR)
            text = line.text
            if text.strip():
                if _spaced(previous, line, layout.pitch):
                    out.append("")
                if (
                    layout.margin is not None
                    and line.x is not None
                    and line.x > layout.margin + INDENT
                    and not text.startswith(" ")
                ):
                    text = " " + text
                previous = line
            out.append(text)
        return "\n".join(out)

    def edge_lines(self) -> list[int]:
        """The indexes of the page's first and last EDGE_LINES lines with text."""
        filled = [i for i, line in enumerate(self.lines) if line.text.strip()]
        return sorted(set(filled[:EDGE_LINES] + filled[-EDGE_LINES:]))

    def prints_separator(self) -> bool:
        """Whether the page prints the row of underscores over its notes itself."""
        return any(SEPARATOR_RE.match(line.text) for line in self.lines)

    def notes_start(self, layout: Layout, notes_before: bool) -> int | None:
        """Where the page's notes begin: the lines in small print that end the page, below
        some of the text, one of them opening with the mark of a note the text raises, or,
        after a page with notes, none opening with a mark (a note running over). None when
        the page prints its own separator or has no such lines."""
        if not layout.text_size or self.prints_separator():
            return None
        small = layout.text_size * SMALL_PRINT
        start = len(self.lines)
        while start > 0 and (
            not self.lines[start - 1].text.strip() or 0 < self.lines[start - 1].size() <= small
        ):
            start -= 1
        while start < len(self.lines) and not self.lines[start].text.strip():
            start += 1
        above, notes = self.lines[:start], self.lines[start:]
        if not notes or not any(line.size() > small for line in above):
            return None
        marks = {m.group(1) for line in notes if (m := _NOTE_START_RE.match(line.text))}
        return start if marks & layout.raised or (notes_before and not marks) else None


def _drop_running_lines(pages: list[PageLines], layout: Layout) -> None:
    """Take out the running headers and footers of a PDF whose text layer is read by the
    place of its lines (a PDF saved from Word): the UN's own have theirs taken out by the text
    reader, which knows their symbol, job number and page number. A note's line is none, alike
    as notes may be from page to page (`5 United Nations, Treaty Series, vol. 2153`, `9 United
    Nations, Treaty Series, vol. 2101`, each the last line of its page)."""

    def key(line: PrintedLine) -> tuple[str, float | None]:
        # Its words, figures aside, and its height on the page.
        words = re.sub(r"\d+", "#", " ".join(line.text.split())).lower()
        return words, None if line.y is None else round(line.y)

    def a_note(line: PrintedLine) -> bool:
        start = _NOTE_START_RE.match(line.text)
        return start is not None and start.group(1) in layout.raised

    edges = [page.edge_lines() for page in pages]
    counts: Counter[tuple[str, float | None]] = Counter()
    for page, indexes in zip(pages, edges, strict=True):
        counts.update({key(page.lines[i]) for i in indexes})
    need = max(2, math.ceil(RUNNING_SHARE * len(pages)))
    for page, indexes in zip(pages, edges, strict=True):
        running = {
            i
            for i in indexes
            if not a_note(page.lines[i])
            and (
                counts[key(page.lines[i])] >= need
                or _PAGE_NUMBER_RE.match(page.lines[i].text.strip())
            )
        }
        page.lines = [line for i, line in enumerate(page.lines) if i not in running]


def _spaced(previous: PrintedLine | None, line: PrintedLine, pitch: float | None) -> bool:
    """Whether `line` stands farther below `previous` than lines of one paragraph do."""
    if pitch is None or previous is None or previous.y is None or line.y is None:
        return False
    return previous.y - line.y > pitch * SPACED


def _page_lines(page: PageObject, most_lines: int) -> PageLines:
    """Extract a page's text with the size and place of each line (the font's size scaled,
    and the text's origin moved, by the text and drawing matrices, as the page prints it).
    Past `most_lines` lines only their number is kept, for the caller to refuse the file."""
    lines = [PrintedLine()]
    marks: dict[str, float] = {}
    count = 1

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        nonlocal count
        place: tuple[float, float] | None = None
        scale = 1.0
        if tm and cm and len(tm) == 6 and len(cm) == 6:
            scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3]) or 1.0
            place = (tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5])
        printed = round(size * scale, 1)
        if _MARK_RE.fullmatch(stripped := text.strip()) and printed > 0:
            marks[stripped] = min(printed, marks.get(stripped, printed))
        for k, part in enumerate(text.split("\n")):
            if k:
                count += 1
                if count > most_lines:
                    continue
                lines.append(PrintedLine())
            line = lines[-1]
            line.text += part
            if part.strip():
                line.sizes[printed] += len(part.strip())
                if line.x is None and place is not None and k == 0:
                    line.x, line.y = place

    text = page.extract_text(visitor_text=visit) or ""
    if count <= most_lines and "\n".join(line.text for line in lines) != text:
        # The pieces do not make up the text (another pypdf): the lines without their sizes.
        plain = [PrintedLine(line) for line in text.split("\n")]
        return PageLines(plain, {}, len(text), len(plain))
    return PageLines(lines, marks, len(text), count)


def _layout(pages: list[PageLines]) -> Layout:
    """The document's text size, and the usual left edge and line distance of its text
    where the text layer does not show indents by leading spaces."""
    sizes: Counter[float] = Counter()
    lines = [line for page in pages for line in page.lines if line.text.strip()]
    for line in lines:
        sizes.update(line.sizes)
    if not sizes:
        return Layout()
    text_size = sizes.most_common(1)[0][0]
    raised = frozenset(
        mark
        for page in pages
        for mark, size in page.marks.items()
        if size <= text_size * RAISED_MARK
    )
    if sum(line.text.startswith(" ") for line in lines) >= SPACES_SHOW_INDENTS * len(lines):
        return Layout(text_size, raised=raised)
    edges: Counter[float] = Counter()
    pitches: Counter[float] = Counter()
    for page in pages:
        previous: PrintedLine | None = None
        for line in page.lines:
            if not line.text.strip() or line.size() != text_size or line.x is None:
                continue
            edges[round(line.x)] += 1
            if (
                previous is not None
                and previous.y is not None
                and line.y is not None
                and previous.y > line.y
            ):
                pitches[round(previous.y - line.y, 1)] += 1
            previous = line
    margin = float(edges.most_common(1)[0][0]) if edges else None
    return Layout(text_size, margin, _line_distance(pitches, text_size), raised)


def _line_distance(pitches: Counter[float], text_size: float) -> float | None:
    """The distance between two lines of one paragraph: the smallest found that a line of the
    text's size can have (from single to double spacing). Short paragraphs make the distance
    to the next paragraph (the line's and the spacing's) as common as the lines' own, or more,
    and a text of one-line paragraphs may have a single pair of lines closer together."""
    lines = [pitch for pitch in pitches if text_size * 0.9 <= pitch <= text_size * 2.1]
    return min(lines) if lines else None
