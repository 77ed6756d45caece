"""Word files that identify themselves: the negotiation, the text's label and date in a UN-style
header, page numbers in the footer, real core properties, and for a comparison an opening line
saying what is compared with what. Applied to the bytes a writer produced, so every writer
(clean text, comparison, compilation) gets the same furniture."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime

import docx
import docx.table
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Pt
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run
from lxml.etree import _Element

from tracker.text.days import written_day
from tracker.text.export_docx import FONT, text_width


@dataclass(frozen=True)
class DocumentIdentity:
    """What a Word file says about itself."""

    #: The negotiation's title, e.g. "Modalities of the high-level meeting ...".
    negotiation: str
    #: The text: "Rev.1", or for a comparison "Rev.1 compared with Zero draft".
    label: str
    #: When the text was circulated.
    circulated: date | None
    #: Who made the file: the co-facilitators, or the secretariat.
    author: str
    #: Printed as the first line of the body (comparisons), or empty.
    opening: str = ""


def identify_docx(data: bytes, identity: DocumentIdentity) -> bytes:
    """The same .docx with its header, footer, core properties and opening line set."""
    document = docx.Document(io.BytesIO(data))
    _core_properties(document, identity)
    dated = identity.label
    if identity.circulated is not None:
        dated = f"{identity.label}, {written_day(identity.circulated)}"
    for section in document.sections:
        section.different_first_page_header_footer = False
        _header(section.header, identity.negotiation, dated, section)
        _footer(section.footer)
    if identity.opening:
        _opening(document, identity.opening)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _core_properties(document: docx.document.Document, identity: DocumentIdentity) -> None:
    properties = document.core_properties
    properties.title = f"{identity.negotiation}: {identity.label}"[:255]
    properties.subject = identity.negotiation[:255]
    properties.author = identity.author[:255]
    properties.last_modified_by = identity.author[:255]
    properties.keywords = identity.label[:255]
    properties.comments = "Exported by Resolution Tracker"
    moment = (
        datetime(identity.circulated.year, identity.circulated.month, identity.circulated.day)
        if identity.circulated is not None
        else datetime.now(UTC).replace(tzinfo=None)
    )
    properties.created = moment
    properties.modified = moment
    properties.revision = 1


def _small(run: Run) -> None:
    run.font.name = FONT
    run.font.size = Pt(9)


#: The share of the line the label and date take at most, and at least.
_LABEL_SHARE = (0.25, 0.5)
#: A generous average advance of a bold 9-point Times character, for sizing the label's cell.
_LABEL_CHARACTER = Pt(4.6)


def _header(
    header: docx.section._Header, left: str, right: str, section: docx.section.Section
) -> None:
    """`Negotiation title | Rev.1, 12 March 2026`, ruled below, as UN documents head their
    pages: a table of two cells without borders, so that a long title wraps within its own
    cell and the label and its date stay together at the right margin."""
    header.is_linked_to_previous = False
    width = text_width(section)
    least, most = _LABEL_SHARE
    label_width = int(min(most * width, max(least * width, len(right) * _LABEL_CHARACTER)))
    table = header.add_table(1, 2, Emu(width))
    table.autofit = False
    for column, cell, cell_width, text, is_label in zip(
        table.columns,
        table.rows[0].cells,
        (width - label_width, label_width),
        (left, right),
        (False, True),
        strict=True,
    ):
        column.width = cell.width = Emu(cell_width)
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        _small(run)
        if is_label:
            run.bold = True
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _rule_below(table)
    # A header ends with a paragraph: the one it came with, after the table, empty and two
    # points high (its mark's size sets an empty paragraph's height), keeping the text a few
    # points below the rule when a long title pushes it down.
    ending = header.paragraphs[0]
    ending._p.addprevious(table._tbl)
    ending.text = ""
    ending.paragraph_format.space_before = Pt(0)
    ending.paragraph_format.space_after = Pt(8)
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "4")
    mark.append(size)
    ending._p.get_or_add_pPr().append(mark)


def _rule_below(table: docx.table.Table) -> None:
    """No borders but a thin rule under the table, and no inner margin at its sides (the
    title starts and the date ends where the text does), a point and a half above the rule."""
    properties: _Element = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{side}")
        values = (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "auto"))
        for name, value in values if side == "bottom" else (("w:val", "nil"),):
            border.set(qn(name), value)
        borders.append(border)
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("left", "0"), ("bottom", "30"), ("right", "0")):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), twips)
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    # In the order the schema gives a table's properties, or Word calls the file damaged.
    _insert_before(properties, borders, ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"))
    _insert_before(properties, margins, ("w:tblLook",))


def _insert_before(parent: _Element, child: _Element, later: tuple[str, ...]) -> None:
    """Put `child` before the first of the `later` elements `parent` has, else last."""
    for name in later:
        found = parent.find(qn(name))
        if found is not None:
            found.addprevious(child)
            return
    parent.append(child)


def _field(paragraph: DocxParagraph, instruction: str) -> None:
    run = paragraph.add_run()
    _small(run)
    # The run's XML, seen as a plain lxml element: a field is built of raw children.
    run_xml: _Element = run._r
    for kind, text in (("begin", ""), ("instr", instruction), ("separate", ""), ("end", "")):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run_xml.append(element)
        if kind == "separate":
            number = OxmlElement("w:t")
            number.text = "1"
            run_xml.append(number)


def _footer(footer: docx.section._Footer) -> None:
    """`Page 2 of 5`, centred, with Word's own page fields."""
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.text = ""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _small(paragraph.add_run("Page "))
    _field(paragraph, "PAGE")
    _small(paragraph.add_run(" of "))
    _field(paragraph, "NUMPAGES")


def _opening(document: docx.document.Document, text: str) -> None:
    """A bold, centred first line of the body."""
    first = document.paragraphs[0] if document.paragraphs else None
    paragraph = first.insert_paragraph_before() if first is not None else document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(12)
    run = paragraph.add_run(text)
    run.bold = True
    run.font.name = FONT
    run.font.size = Pt(12)
