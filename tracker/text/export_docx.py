"""The clean text of a resolution as a Word document in the layout of UN draft resolutions.

python-docx has no API for footnotes or list definitions, so this module writes those parts of
WordprocessingML itself: a numbering definition per list (so operative paragraphs are Word's own
automatic numbering and renumber when a delegate edits the file) and a footnotes part with real
footnote references. The building blocks (`RunPiece`, `FootnoteWriter`, `new_un_document`,
`paragraph_element`) are shared with the comparison and compilation exports.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal, cast

import docx
import docx.section
from docx.enum.section import WD_ORIENT
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.run import CT_R
from docx.shared import Mm, Pt
from lxml import etree

from tracker.text.document import (
    ITEM_WORD,
    Document,
    FootnoteRef,
    Heading,
    Kind,
    MarkedLine,
    MarkedText,
    Paragraph,
)
from tracker.text.export_text import sponsor_line
from tracker.text.numbering import LETTERS, ROMANS

PageSize = Literal["A4", "Letter"]

FONT = "Times New Roman"
#: Indentation steps in twentieths of a point: UN texts indent the body 1.27 cm (0.5 inch).
STEP = 720
#: Footnotes are set a point smaller than the 10-point text.
FOOTNOTE_SIZE = Pt(9)
_PAGE_SIZES = {"A4": (Mm(210), Mm(297)), "Letter": (Mm(215.9), Mm(279.4))}
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

#: Revision mark around a run: None for plain text, "ins" or "del" for tracked changes.
Mark = Literal["ins", "del"] | None


@dataclass(frozen=True)
class RunPiece:
    """A stretch of text with one formatting, or a footnote reference when `footnote_id` is set."""

    text: str = ""
    italic: bool = False
    bold: bool = False
    underline: bool = False
    strike: bool = False
    superscript: bool = False
    #: Id of the footnote in the footnotes part; the piece is then a footnote reference.
    footnote_id: int | None = None
    #: Printed mark for a footnote whose mark is not Word's automatic number (`*`, `a`).
    custom_mark: str = ""
    tab: bool = False


class RevisionMarks:
    """Hands out the unique w:id every w:ins and w:del needs, with one author and date."""

    def __init__(self, author: str, date: str) -> None:
        self.author = author
        self.date = date
        self._next = 1

    def element(self, mark: Literal["ins", "del"]) -> etree._Element:
        """A fresh, empty w:ins or w:del element with author, date and a unique id."""
        el = OxmlElement(f"w:{mark}")
        el.set(qn("w:id"), str(self._next))
        el.set(qn("w:author"), self.author)
        el.set(qn("w:date"), self.date)
        self._next += 1
        return el


def _run(piece: RunPiece, deleted: bool) -> etree._Element:
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    for flag, tag in (
        (piece.bold, "w:b"),
        (piece.italic, "w:i"),
        (piece.strike, "w:strike"),
    ):
        if flag:
            props.append(OxmlElement(tag))
    if piece.underline:
        u = OxmlElement("w:u")
        u.set(qn("w:val"), "single")
        props.append(u)
    if piece.superscript or piece.footnote_id is not None:
        va = OxmlElement("w:vertAlign")
        va.set(qn("w:val"), "superscript")
        props.append(va)
    if len(props):
        run.append(props)
    if piece.footnote_id is not None:
        ref = OxmlElement("w:footnoteReference")
        if piece.custom_mark:
            ref.set(qn("w:customMarkFollows"), "1")
        ref.set(qn("w:id"), str(piece.footnote_id))
        run.append(ref)
        if not piece.custom_mark:
            return run
    if piece.tab:
        run.append(OxmlElement("w:tab"))
    text = piece.custom_mark if piece.footnote_id is not None else piece.text
    if text:
        t = OxmlElement("w:delText" if deleted else "w:t")
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = text
        run.append(t)
    return run


def append_pieces(
    p: etree._Element,
    pieces: Iterable[RunPiece],
    mark: Mark = None,
    revisions: RevisionMarks | None = None,
) -> None:
    """Append runs for `pieces` to paragraph `p`, wrapped in one w:ins or w:del when marked."""
    target = p
    if mark is not None:
        if revisions is None:
            raise ValueError("a revision mark needs RevisionMarks")
        target = revisions.element(mark)
        p.append(target)
    for piece in pieces:
        target.append(_run(piece, deleted=mark == "del"))


@dataclass(frozen=True)
class ParagraphFormat:
    """Layout of one Word paragraph (indents in twentieths of a point)."""

    align: Literal["left", "center", "both", "right"] = "both"
    left: int = STEP
    first_line: int = STEP
    #: Tab stop after a printed number, in twentieths of a point from the margin.
    tab: int = 0
    space_after: int = 120
    keep_next: bool = False
    page_break_before: bool = False
    #: (numId, level) of a Word automatic list, or None.
    numbering: tuple[int, int] | None = None


def paragraph_element(
    fmt: ParagraphFormat,
    mark: Mark = None,
    revisions: RevisionMarks | None = None,
) -> etree._Element:
    """An empty w:p with its layout; a marked paragraph mark makes Accept/Reject remove it."""
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    if fmt.keep_next:
        ppr.append(OxmlElement("w:keepNext"))
    if fmt.page_break_before:
        ppr.append(OxmlElement("w:pageBreakBefore"))
    if fmt.numbering is not None:
        num_pr = OxmlElement("w:numPr")
        ilvl = OxmlElement("w:ilvl")
        ilvl.set(qn("w:val"), str(fmt.numbering[1]))
        num_id = OxmlElement("w:numId")
        num_id.set(qn("w:val"), str(fmt.numbering[0]))
        num_pr.append(ilvl)
        num_pr.append(num_id)
        ppr.append(num_pr)
    if fmt.tab:
        tabs = OxmlElement("w:tabs")
        tab = OxmlElement("w:tab")
        tab.set(qn("w:val"), "left")
        tab.set(qn("w:pos"), str(fmt.tab))
        tabs.append(tab)
        ppr.append(tabs)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:after"), str(fmt.space_after))
    ppr.append(spacing)
    ind = OxmlElement("w:ind")
    ind.set(qn("w:left"), str(fmt.left))
    ind.set(qn("w:firstLine" if fmt.first_line >= 0 else "w:hanging"), str(abs(fmt.first_line)))
    ppr.append(ind)
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), fmt.align)
    ppr.append(jc)
    if mark is not None:
        if revisions is None:
            raise ValueError("a revision mark needs RevisionMarks")
        rpr = OxmlElement("w:rPr")
        rpr.append(revisions.element(mark))
        ppr.append(rpr)
    p.append(ppr)
    return p


class FootnoteWriter:
    """Collects footnote bodies and adds word/footnotes.xml, its relationship and content type."""

    def __init__(self) -> None:
        self._bodies: list[tuple[int, list[tuple[RunPiece, Mark]], str]] = []

    def add(self, text: str | Sequence[tuple[RunPiece, Mark]], custom_mark: str = "") -> int:
        """Register a footnote body; returns the id to cite with a footnote reference."""
        pieces: list[tuple[RunPiece, Mark]] = (
            [(RunPiece(text), None)] if isinstance(text, str) else list(text)
        )
        footnote_id = len(self._bodies) + 1
        self._bodies.append((footnote_id, pieces, custom_mark))
        return footnote_id

    def __len__(self) -> int:
        return len(self._bodies)

    def attach(
        self, document: docx.document.Document, revisions: RevisionMarks | None = None
    ) -> None:
        """Write the footnotes part into the package (nothing when no footnote was added)."""
        if not self._bodies:
            return
        root = etree.Element(qn("w:footnotes"), nsmap={"w": _W})
        for footnote_id, kind in ((-1, "separator"), (0, "continuationSeparator")):
            note = etree.SubElement(root, qn("w:footnote"))
            note.set(qn("w:type"), kind)
            note.set(qn("w:id"), str(footnote_id))
            p = etree.SubElement(note, qn("w:p"))
            ppr = etree.SubElement(p, qn("w:pPr"))
            spacing = etree.SubElement(ppr, qn("w:spacing"))
            spacing.set(qn("w:after"), "0")
            etree.SubElement(etree.SubElement(p, qn("w:r")), qn(f"w:{kind}"))
        for footnote_id, pieces, custom_mark in self._bodies:
            note = etree.SubElement(root, qn("w:footnote"))
            note.set(qn("w:id"), str(footnote_id))
            fmt = ParagraphFormat(align="left", left=STEP * 2, first_line=-STEP, space_after=0)
            p = paragraph_element(fmt)
            ref_run = OxmlElement("w:r")
            ref_props = OxmlElement("w:rPr")
            va = OxmlElement("w:vertAlign")
            va.set(qn("w:val"), "superscript")
            ref_props.append(va)
            ref_run.append(ref_props)
            if custom_mark:
                t = OxmlElement("w:t")
                t.text = custom_mark
                ref_run.append(t)
            else:
                ref_run.append(OxmlElement("w:footnoteRef"))
            p.append(ref_run)
            append_pieces(p, [RunPiece(tab=True)])
            for piece, mark in pieces:
                append_pieces(p, [piece], mark, revisions)
            # A note prints smaller than the text that cites it, as in every UN document.
            for run in p.iter(qn("w:r")):
                cast(CT_R, run).get_or_add_rPr().sz_val = FOOTNOTE_SIZE
            note.append(p)
        blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, blob, document.part.package)
        document.part.relate_to(part, RT.FOOTNOTES)


def _level(ilvl: int, fmt: str, text: str, left: int, first_line: int, tab: int) -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{tab}"/></w:tabs>'
        f'<w:ind w:left="{left}" w:firstLine="{first_line}"/></w:pPr></w:lvl>'
    )


#: Where numbers and text start: number at the first-line indent, text at the tab stop.
OP_FORMAT = ParagraphFormat(left=STEP, first_line=STEP, tab=STEP * 3)
SUB_FORMATS = (
    ParagraphFormat(left=STEP, first_line=STEP, tab=STEP * 3),
    ParagraphFormat(left=STEP, first_line=STEP * 2, tab=STEP * 4),
)


def add_list_definition(document: docx.document.Document) -> int:
    """Add a fresh UN-style list (1. / (a) / (i)) to the numbering part; returns its numId."""
    numbering = document.part.numbering_part.element
    abstract_ids = [
        int(e.get(qn("w:abstractNumId"))) for e in numbering.findall(qn("w:abstractNum"))
    ]
    num_ids = [int(e.get(qn("w:numId"))) for e in numbering.findall(qn("w:num"))]
    abstract_id = max(abstract_ids, default=-1) + 1
    num_id = max(num_ids, default=0) + 1
    levels = (
        _level(0, "decimal", "%1.", OP_FORMAT.left, OP_FORMAT.first_line, OP_FORMAT.tab),
        _level(1, "lowerLetter", "(%2)", STEP, STEP, STEP * 3),
        _level(2, "lowerRoman", "(%3)", STEP, STEP * 2, STEP * 4),
    )
    abstract = etree.fromstring(
        f'<w:abstractNum xmlns:w="{_W}" w:abstractNumId="{abstract_id}">'
        f'<w:nsid w:val="{0x5A000000 + abstract_id:08X}"/>'
        f'<w:multiLevelType w:val="multilevel"/>{"".join(levels)}</w:abstractNum>'
    )
    num = etree.fromstring(
        f'<w:num xmlns:w="{_W}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    )
    # The schema wants every abstractNum before the first num.
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)
    return num_id


def new_un_document(page_size: PageSize = "A4") -> docx.document.Document:
    """An empty python-docx document set up like UN documents: Times New Roman 10 pt, A4/Letter."""
    if page_size not in _PAGE_SIZES:
        raise ValueError(f"page size must be A4 or Letter, not {page_size!r}")
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = _PAGE_SIZES[page_size]
    section.top_margin = section.bottom_margin = Mm(25)
    section.left_margin = Mm(25)
    section.right_margin = Mm(20)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)
    normal.paragraph_format.line_spacing = Pt(12)
    return document


def text_width(section: docx.section.Section) -> int:
    """The width between the section's margins (EMU), as new_un_document sets them."""
    width, left, right = section.page_width, section.left_margin, section.right_margin
    if width is None or left is None or right is None:
        raise ValueError("the section's page width and margins are not set")
    return int(width - left - right)


def save(document: docx.document.Document) -> bytes:
    """The document as .docx bytes."""
    cross_reference_repeated_notes(body(document))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def cross_reference_repeated_notes(root: etree._Element) -> None:
    """A note cited again (both Covenants under note 2: `Cultural Rights2 and ... Political
    Rights,2`) stays one note. Word makes a note of its own for every footnote reference, and
    renumbers the notes after it; so every citation after the first becomes Word's own
    cross-reference to a note: a NOTEREF field, formatted as a note's mark, to a bookmark on
    the first citation, showing the same mark. A comparison's inserted or deleted text keeps
    its references as they are: one of them goes when the changes are accepted or rejected."""
    first: dict[str, etree._Element] = {}
    shown: dict[str, str] = {}
    bookmarked: set[str] = set()
    numbered = 0
    for reference in list(root.iter(qn("w:footnoteReference"))):
        note = reference.get(qn("w:id")) or ""
        run = reference.getparent()
        holder = run.getparent() if run is not None else None
        if run is None or holder is None:
            continue
        if note not in shown:  # the mark Word prints for the note: its own, or its number
            if reference.get(qn("w:customMarkFollows")):
                shown[note] = "".join(t.text or "" for t in run.iter(qn("w:t")))
            else:
                numbered += 1
                shown[note] = str(numbered)
        if any(a.tag in (qn("w:ins"), qn("w:del")) for a in run.iterancestors()):
            continue  # a comparison's change: accepted or rejected, the other citation stays
        if note not in first:
            first[note] = run
            continue
        name = f"_RefNote{note}"
        if note not in bookmarked:
            bookmarked.add(note)
            start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
            start.set(qn("w:id"), str(len(bookmarked)))
            start.set(qn("w:name"), name)
            end.set(qn("w:id"), str(len(bookmarked)))
            first[note].addprevious(start)
            first[note].addnext(end)
        for field_run in reversed(_note_reference_field(name, shown[note])):
            run.addnext(field_run)
        holder.remove(run)


def _note_reference_field(bookmark: str, mark: str) -> list[etree._Element]:
    """The runs of a NOTEREF field to `bookmark`, its result the note's `mark` as a
    superscript."""

    def run(*children: etree._Element, superscript: bool = False) -> etree._Element:
        element = OxmlElement("w:r")
        if superscript:
            props, align = OxmlElement("w:rPr"), OxmlElement("w:vertAlign")
            align.set(qn("w:val"), "superscript")
            props.append(align)
            element.append(props)
        element.extend(children)
        return element

    def field_char(kind: str) -> etree._Element:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    instruction, result = OxmlElement("w:instrText"), OxmlElement("w:t")
    instruction.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instruction.text = f" NOTEREF {bookmark} \\f \\h "
    result.text = mark
    return [
        run(field_char("begin")),
        run(instruction),
        run(field_char("separate")),
        run(result, superscript=True),
        run(field_char("end")),
    ]


def body(document: docx.document.Document) -> etree._Element:
    """The w:body element, where paragraphs go before the final section properties."""
    element: etree._Element = document.element.body
    return element


def append_paragraph(document: docx.document.Document, p: etree._Element) -> None:
    """Append a w:p to the body, keeping w:sectPr last as the schema requires."""
    sect_pr = body(document).find(qn("w:sectPr"))
    if sect_pr is not None:
        sect_pr.addprevious(p)
    else:
        body(document).append(p)


def text_pieces(
    paragraph: MarkedText,
    footnote_ids: dict[str, tuple[int, str]],
    start: int = 0,
    end: int | None = None,
) -> list[RunPiece]:
    """The paragraph's text from `start` to `end` as pieces: italics and footnote references
    placed at their character offsets."""
    text = paragraph.text
    end = len(text) if end is None else end
    cuts = {start, end}
    for e in paragraph.emphasis:
        cuts.update(c for c in (e.start, e.end) if start <= c <= end)
    refs_at: dict[int, list[str]] = {}
    for ref in paragraph.footnote_refs:
        if start <= ref.offset <= end:
            refs_at.setdefault(ref.offset, []).append(ref.mark)
            cuts.add(ref.offset)
    pieces: list[RunPiece] = []
    ordered = sorted(cuts)
    if start == 0:
        # A reference before the first character is rare; keep it where it stood.
        pieces.extend(marks_pieces(refs_at.get(0, []), footnote_ids))
    for a, b in zip(ordered, ordered[1:], strict=False):
        italic = any(e.start <= a and b <= e.end for e in paragraph.emphasis)
        pieces.append(RunPiece(text[a:b], italic=italic))
        pieces.extend(marks_pieces(refs_at.get(b, []), footnote_ids))
    return pieces


#: Between two footnote references at one place, as printed: `conflict,10,11`.
MARK_SEPARATOR = RunPiece(",", superscript=True)


def marks_pieces(marks: Sequence[str], footnote_ids: dict[str, tuple[int, str]]) -> list[RunPiece]:
    """The footnote references at one place, a superscript comma between each two."""
    pieces: list[RunPiece] = []
    for index, mark in enumerate(marks):
        if index:
            pieces.append(MARK_SEPARATOR)
        pieces.extend(footnote_pieces(mark, footnote_ids))
    return pieces


def footnote_pieces(mark: str, footnote_ids: dict[str, tuple[int, str]]) -> list[RunPiece]:
    """A footnote reference piece for `mark`, or the mark as superscript text when the
    document has no body for it (so nothing the source printed is lost)."""
    if mark in footnote_ids:
        footnote_id, custom = footnote_ids[mark]
        return [RunPiece(footnote_id=footnote_id, custom_mark=custom)]
    return [RunPiece(mark, superscript=True)]


def register_footnotes(doc: Document, footnotes: FootnoteWriter) -> dict[str, tuple[int, str]]:
    """Add every footnote of `doc` to the writer; mark -> (footnote id, custom mark or '')."""
    ids: dict[str, tuple[int, str]] = {}
    numbered = 0
    citing: tuple[MarkedText, ...] = (*doc.headings, *annex_lines(doc))
    cited = {ref.mark for marked in citing for ref in marked.footnote_refs}
    cited |= {ref.mark for paragraph in doc.paragraphs for ref in paragraph.cited_refs()}
    cited |= {*doc.sponsor_marks(), *doc.sponsored_as_marks(), *doc.sponsor_name_marks} - {""}
    cited |= {doc.symbol_mark} - {""}
    for footnote in doc.footnotes:
        if footnote.mark in ids or footnote.mark not in cited:
            # A note nothing here cites (the agenda item's `*`) belongs to the front matter,
            # which is not exported; word processors read notes in the order they are cited.
            continue
        custom = custom_mark(footnote.mark, numbered)
        numbered += 0 if custom else 1
        ids[footnote.mark] = (footnotes.add(footnote.text, custom_mark=custom), custom)
    return ids


def custom_mark(mark: str, numbered: int) -> str:
    """The mark a note is written with after `numbered` notes Word numbered itself: none when
    Word's own number is the printed one. Word numbers footnotes 1, 2, 3 in order, skipping
    those with a mark of their own (the `*` note on the sponsors); any other printed mark is
    kept as it was."""
    return "" if mark == str(numbered + 1) else mark


#: The symbol's line, at the top right of every page's first lines.
SYMBOL_FORMAT = ParagraphFormat(align="right", left=0, first_line=0)
#: `Annex`, over the annex's title.
ANNEX_LABEL_FORMAT = ParagraphFormat(align="right", left=0, first_line=0, keep_next=True)
ANNEX_LABEL = "Annex"


def symbol_line(doc: Document) -> MarkedLine:
    """The symbol with the note its mark cites (`A/C.3/80/L.26*`); empty without a symbol."""
    if not doc.symbol or not doc.symbol_mark:
        return MarkedLine(doc.symbol)
    return MarkedLine(doc.symbol, (FootnoteRef(doc.symbol_mark, len(doc.symbol)),))


def prints_annex_label(doc: Document) -> bool:
    """Whether the text prints `Annex` over its annex's title: an annex after the meeting line,
    not a declaration the text adopts inline."""
    return doc.annex is not None and not doc.declares_inline()


def annex_lines(doc: Document) -> tuple[MarkedLine, ...]:
    """The annex's title and opening words, which may cite notes (none without an annex)."""
    return () if doc.annex is None else (doc.annex.marked_title, doc.annex.marked_intro)


def _sequence_ok(paragraphs: Sequence[Paragraph], depth: int) -> bool:
    expected: Sequence[str]
    if depth == 0:
        expected = [str(i) for i in range(1, len(paragraphs) + 1)]
    elif depth == 1:
        expected = list(LETTERS[: len(paragraphs)])
    else:
        expected = list(ROMANS[: len(paragraphs)])
    if [p.number for p in paragraphs] != list(expected):
        return False
    return all(
        not p.subparagraphs or (depth < 2 and _sequence_ok(p.subparagraphs, depth + 1))
        for p in paragraphs
    )


def can_auto_number(doc: Document) -> bool:
    """True when every list of the document is numbered 1..n, (a)..(z), (i)..(xx) in order, so
    Word's automatic numbering prints exactly the numbers of the text (no `5 bis`)."""
    numbered_ops = [p for p in doc.operative if p.number]
    if numbered_ops and len(numbered_ops) != len(doc.operative):
        return False
    if any(p.printed_number.startswith(ITEM_WORD) for p in numbered_ops):
        return False  # Word's list numbers would leave out the word (`Item 3.`)
    if numbered_ops and not _sequence_ok(numbered_ops, 0):
        return False
    annex = doc.annex.paragraphs if doc.annex else ()
    return not annex or _sequence_ok(annex, 0)


def printed_number(paragraph: Paragraph, depth: int) -> str:
    """The number as printed before the text: `5.` for top-level paragraphs, `(a)` below and
    for a decision's lettered paragraphs."""
    if depth == 0:
        return paragraph.printed_number
    return f"({paragraph.number})" if paragraph.number else ""


def paragraph_format(paragraph: Paragraph, depth: int) -> ParagraphFormat:
    """UN layout of a paragraph at a depth (0: PP/OP/annex paragraph, 1: (a), 2: (i))."""
    if depth == 0:
        return OP_FORMAT
    return SUB_FORMATS[min(depth, 2) - 1]


#: A section heading between paragraphs: bold, kept with the paragraph it opens.
SECTION_HEADING_FORMAT = ParagraphFormat(
    align="left", left=STEP * 2, first_line=-STEP, keep_next=True, space_after=120
)


def append_front_lines(
    document: docx.document.Document, doc: Document, footnote_ids: dict[str, tuple[int, str]]
) -> None:
    """The list of sponsors (`Egypt and Jordan:* draft decision`) with the note its mark
    calls, or who submits the draft (`Draft decision submitted by the Bureau`), and the link
    line, as a draft prints them above its title."""
    lines: list[list[RunPiece]] = []
    sponsors = sponsor_line(doc)
    if sponsors.text:
        lines.append(text_pieces(sponsors, footnote_ids))
    if doc.link:
        lines.append([RunPiece(f"[{doc.link}]")])
    for pieces in lines:
        p = paragraph_element(ParagraphFormat(align="left", left=0, first_line=0))
        append_pieces(p, pieces)
        append_paragraph(document, p)


def append_section_headings(
    document: docx.document.Document,
    headings: Iterable[Heading],
    footnote_ids: dict[str, tuple[int, str]],
) -> None:
    """Section headings as printed between paragraphs (`I.` tab `Global context`), with the
    notes they cite."""
    for heading in headings:
        p = paragraph_element(SECTION_HEADING_FORMAT)
        number = [RunPiece(f"{heading.number}.", bold=True), RunPiece(tab=True)]
        text = [
            replace(piece, bold=True) if piece.text else piece
            for piece in text_pieces(heading, footnote_ids)
        ]
        append_pieces(p, [*(number if heading.number else []), *text])
        append_paragraph(document, p)


class _CleanWriter:
    def __init__(self, doc: Document, labels: bool, page_size: PageSize) -> None:
        self.doc = doc
        self.labels = labels
        self.document = new_un_document(page_size)
        self.footnotes = FootnoteWriter()
        self.footnote_ids = register_footnotes(doc, self.footnotes)
        self.auto = can_auto_number(doc)
        self.headings = {label: list(hs) for label, hs in doc.headings_before().items()}

    def heading(self, line: MarkedText) -> None:
        fmt = ParagraphFormat(align="center", left=0, first_line=0, keep_next=True, space_after=240)
        p = paragraph_element(fmt)
        pieces = text_pieces(line, self.footnote_ids)
        append_pieces(p, [replace(piece, bold=True) if piece.text else piece for piece in pieces])
        append_paragraph(self.document, p)

    # -- what the text prints besides its paragraphs --------------------------------------

    def front_lines(self) -> None:
        """The list of sponsors with the note its mark calls, and the link line."""
        append_front_lines(self.document, self.doc, self.footnote_ids)

    def section_headings(self, label: str) -> None:
        """The headings printed before the paragraph `label` (`I.` tab `Global context`)."""
        append_section_headings(self.document, self.headings.pop(label, ()), self.footnote_ids)

    def part_opening(self, paragraph: Paragraph, before: Paragraph | None) -> None:
        """The letter, title and formula of the part of a resolution in parts (`B`) that
        `paragraph` opens, printed before it; nothing when it opens none."""
        letter = self.doc.opens_part(paragraph, before)
        if not letter:
            return
        p = paragraph_element(ParagraphFormat(align="center", left=0, first_line=0, keep_next=True))
        append_pieces(p, [RunPiece(letter, bold=True)])
        append_paragraph(self.document, p)
        titles, self.headings[paragraph.label] = self.doc.part_titles(
            self.headings.pop(paragraph.label, ())
        )
        append_section_headings(self.document, titles, self.footnote_ids)
        formula = paragraph_element(ParagraphFormat(left=STEP, first_line=STEP, keep_next=True))
        append_pieces(formula, [RunPiece(self.doc.formula, italic=True)])
        append_paragraph(self.document, formula)

    def annex_label(self) -> None:
        """`Annex` over the annex title, as the resolution prints it after the meeting line."""
        p = paragraph_element(ANNEX_LABEL_FORMAT)
        append_pieces(p, [RunPiece(ANNEX_LABEL, bold=True)])
        append_paragraph(self.document, p)

    def paragraph(self, paragraph: Paragraph, depth: int, num_id: int | None) -> None:
        if depth == 0:
            self.section_headings(paragraph.label)
        fmt = paragraph_format(paragraph, depth)
        pieces: list[RunPiece] = []
        if self.labels and depth == 0:
            pieces.append(RunPiece(f"[{paragraph.label}] ", bold=True))
        numbered = bool(paragraph.number) and paragraph.kind is not Kind.PREAMBULAR
        if numbered and num_id is not None:
            fmt = replace(fmt, numbering=(num_id, min(depth, 2)))
        elif numbered:
            pieces.append(RunPiece(printed_number(paragraph, depth)))
            # A label already pushes the text past the number's tab stop.
            pieces.append(RunPiece(" ") if self.labels and depth == 0 else RunPiece(tab=True))
        elif paragraph.kind is Kind.PREAMBULAR or not paragraph.number:
            fmt = ParagraphFormat(left=STEP, first_line=STEP)
        pieces.extend(text_pieces(paragraph, self.footnote_ids))
        p = paragraph_element(fmt)
        append_pieces(p, pieces)
        append_paragraph(self.document, p)
        for sub in paragraph.subparagraphs:
            self.paragraph(sub, depth + 1, num_id)
        for line in paragraph.tail_lines:
            tail = paragraph_element(ParagraphFormat(left=STEP, first_line=0))
            append_pieces(tail, text_pieces(line, self.footnote_ids))
            append_paragraph(self.document, tail)

    def write(self) -> bytes:
        doc = self.doc
        if doc.symbol:
            p = paragraph_element(SYMBOL_FORMAT)
            append_pieces(p, text_pieces(symbol_line(doc), self.footnote_ids))
            append_paragraph(self.document, p)
        self.front_lines()
        if doc.title:
            title = paragraph_element(
                ParagraphFormat(align="left", left=STEP, first_line=0, space_after=240)
            )
            append_pieces(title, [RunPiece(doc.title, bold=True)])
            # Titles are set larger than the body text in UN documents.
            for run in title.iter(qn("w:r")):
                size = OxmlElement("w:sz")
                size.set(qn("w:val"), "24")
                properties = run.find(qn("w:rPr"))
                assert properties is not None, "bold runs carry their properties"
                properties.append(size)
            append_paragraph(self.document, title)
        if doc.formula and not doc.parts:
            # A resolution in parts prints its formula under each part's letter instead.
            formula = paragraph_element(ParagraphFormat(left=STEP, first_line=STEP))
            append_pieces(formula, [RunPiece(doc.formula, italic=True)])
            append_paragraph(self.document, formula)
        op_list = add_list_definition(self.document) if self.auto and doc.operative else None
        before: Paragraph | None = None
        for paragraph in doc.body():
            self.part_opening(paragraph, before)
            before = paragraph
            operative = paragraph.kind is Kind.OPERATIVE and paragraph.number
            self.paragraph(paragraph, 0, op_list if operative else None)
        self.section_headings("")
        meeting_first = prints_annex_label(doc)
        if meeting_first:
            self.back_matter()
            self.annex_label()
        if doc.annex is not None:
            annex = doc.annex
            # A title over a subtitle, and an introduction of several paragraphs, are
            # printed line by line and paragraph by paragraph, as read, with their notes.
            for line in annex.marked_title.split("\n"):
                if line.text.strip():
                    self.heading(line)
            for opening in annex.marked_intro.split("\n\n"):
                if opening.text.strip():
                    intro = paragraph_element(ParagraphFormat(left=STEP, first_line=STEP))
                    append_pieces(intro, text_pieces(opening, self.footnote_ids))
                    append_paragraph(self.document, intro)
            annex_list = add_list_definition(self.document) if self.auto else None
            for paragraph in annex.paragraphs:
                self.paragraph(paragraph, 0, annex_list if paragraph.number else None)
        if not meeting_first:
            self.back_matter()
        self.footnotes.attach(self.document)
        return save(self.document)

    def back_matter(self) -> None:
        """The meeting line and date, right-aligned."""
        for line in self.doc.back_matter.splitlines():
            if line.strip():
                p = paragraph_element(ParagraphFormat(align="right", left=0, first_line=0))
                append_pieces(p, [RunPiece(line.strip())])
                append_paragraph(self.document, p)


def write_docx(doc: Document, *, labels: bool = False, page_size: PageSize = "A4") -> bytes:
    """The clean text as .docx in UN layout; `labels` prefixes paragraphs with [PP1]/[OP5]."""
    return _CleanWriter(doc, labels, page_size).write()
