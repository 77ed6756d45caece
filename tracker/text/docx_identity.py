"""Word files that identify themselves: the negotiation, the text's label and date in a UN-style
header, page numbers in the footer, real core properties, and for a comparison an opening line
saying what is compared with what. Applied to the bytes a writer produced, so every writer
(clean text, comparison, compilation) gets the same furniture."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
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


def _header(
    header: docx.section._Header, left: str, right: str, section: docx.section.Section
) -> None:
    """`Negotiation title <tab> Rev.1, 12 March 2026`, ruled below, as UN documents head
    their pages."""
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.text = ""
    width = Emu(text_width(section))
    paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    _small(paragraph.add_run(left))
    _small(paragraph.add_run("\t"))
    label = paragraph.add_run(right)
    _small(label)
    label.bold = True
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(name), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


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
