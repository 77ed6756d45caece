"""The running header of every exported Word file: the negotiation's title at the left, the
text's label and date together at the right, however long the title (General Assembly titles
mostly fill a line by themselves)."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from pypdf import PdfReader

from tests.conftest import printed_by_libreoffice
from tracker.text.docx_identity import DocumentIdentity, identify_docx
from tracker.text.export_docx import text_width, write_docx
from tracker.text.read import read_text

LONG_TITLE = (
    "Modalities of the high-level meeting on the appraisal of the Global Plan of Action to "
    "Combat Trafficking in Persons"
)
COMPARED = "Rev.1 compared with Zero draft"


def _exported(title: str = LONG_TITLE, label: str = COMPARED) -> bytes:
    text = write_docx(
        read_text("The General Assembly,\n\n1. Decides to remain seized of the matter.")
    )
    return identify_docx(
        text,
        DocumentIdentity(
            negotiation=title, label=label, circulated=date(2026, 3, 12), author="Co-facilitators"
        ),
    )


def test_the_title_and_the_dated_label_each_have_a_cell_across_the_text_width() -> None:
    document = docx.Document(io.BytesIO(_exported()))
    section = document.sections[0]
    (table,) = section.header.tables
    title, label = table.rows[0].cells
    assert title.text == LONG_TITLE
    assert label.text == f"{COMPARED}, 12 March 2026"
    assert label.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert all(run.bold for run in label.paragraphs[0].runs)
    widths = [column.width for column in table.columns]
    assert sum(widths) == text_width(section)
    assert widths[1] < widths[0]  # the title keeps the larger share
    # A short label takes no more than its quarter of the line.
    short = docx.Document(io.BytesIO(_exported(label="Rev.1"))).sections[0].header.tables[0]
    assert short.columns[1].width < widths[1]


def test_the_header_is_ruled_below_only_and_its_parts_are_in_the_schemas_order() -> None:
    header = docx.Document(io.BytesIO(_exported())).sections[0].header
    properties = header.tables[0]._tbl.tblPr
    names = [child.tag.split("}")[1] for child in properties]
    order = ["tblW", "tblBorders", "tblLayout", "tblCellMar", "tblLook"]
    assert [name for name in names if name in order] == order
    borders = {
        child.tag.split("}")[1]: child.get(qn("w:val"))
        for child in properties.find(qn("w:tblBorders"))
    }
    assert borders == {
        "top": "nil",
        "left": "nil",
        "bottom": "single",
        "right": "nil",
        "insideH": "nil",
        "insideV": "nil",
    }
    # Word wants a paragraph after a table: the header ends with one.
    assert header._element[-1].tag == qn("w:p")


@pytest.mark.libreoffice
def test_printed_the_label_and_its_date_stay_on_one_line_at_the_right(tmp_path: Path) -> None:
    printed = printed_by_libreoffice(_exported(), tmp_path)
    page = PdfReader(io.BytesIO(printed)).pages[0].extract_text()
    lines = [re.sub(r"\s+", " ", line).strip() for line in page.splitlines()]
    assert any(line.endswith(f"{COMPARED}, 12 March 2026") for line in lines), lines[:4]
