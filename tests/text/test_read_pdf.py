"""Reading official UN PDFs through their text layer."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfWriter

from tracker.text.document import Document, Kind, ParseError
from tracker.text.read import read_pdf

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="module")
def res_73_8() -> Document:
    return read_pdf((FIXTURES / "A_RES_73_8.pdf").read_bytes())


@pytest.fixture(scope="module")
def res_73_3() -> Document:
    return read_pdf((FIXTURES / "A_RES_73_3.pdf").read_bytes())


def test_resolution_73_8(res_73_8: Document) -> None:
    # Counted from `pdftotext -layout A_RES_73_8.pdf`: 8 preambular, 5 operative, 1 footnote.
    counts = res_73_8.counts()
    assert (counts["preambular"], counts["operative"], counts["footnotes"]) == (8, 5, 1)
    assert res_73_8.symbol == "A/RES/73/8"
    assert res_73_8.title == (
        "Necessity of ending the economic, commercial and financial embargo imposed by the "
        "United States of America against Cuba"
    )
    assert [p.italic_text() for p in res_73_8.preamble] == [
        "Determined", "Reaffirming", "Recalling", "Concerned", "Taking note", "Recalling",
        "Recalling also", "Concerned",
    ]  # fmt: skip
    assert res_73_8.operative[2].italic_text() == "Once again urges"
    assert res_73_8.back_matter == "30th plenary meeting\n1 November 2018"
    assert res_73_8.warnings == ()


def test_resolution_73_8_paragraph_split_by_page_break(res_73_8: Document) -> None:
    pp6 = res_73_8.preamble[5]
    assert "57/11 of 12 November 2002, 58/7 of 4 November 2003" in pp6.text
    assert pp6.text.endswith("72/4 of 1 November 2017,")
    for paragraph in res_73_8.walk():
        assert "18-18418" not in paragraph.text and "A/RES/73/8" not in paragraph.text
        assert "Necessity of ending" not in paragraph.text or paragraph.label == "OP5"


def test_resolution_73_8_footnote(res_73_8: Document) -> None:
    footnote = res_73_8.footnotes[0]
    assert (footnote.mark, footnote.text, footnote.paragraph_label) == ("1", "A/73/85.", "OP1")
    op1 = res_73_8.operative[0]
    assert op1.text.endswith("resolution 72/4;")
    assert op1.footnote_refs[0].offset == len(op1.text)


def test_resolution_73_3_declaration(res_73_3: Document) -> None:
    # Counted from `pdftotext A_RES_73_3.pdf`: the declaration runs from 1. to 53.
    assert len(res_73_3.preamble) == 0
    assert len(res_73_3.operative) == 1
    adopts = res_73_3.operative[0]
    assert adopts.text.startswith("Adopts the following political declaration")
    assert adopts.number == ""
    assert res_73_3.annex is not None
    paragraphs = res_73_3.annex.paragraphs
    assert [p.label for p in paragraphs] == [f"Annex {n}" for n in range(1, 54)]
    assert all(p.kind is Kind.ANNEX for p in paragraphs)
    assert res_73_3.annex.title.startswith("Political declaration of the high-level meeting")
    assert res_73_3.annex.intro.startswith("We, Heads of State and Government")
    assert res_73_3.annex.intro.endswith("and we therefore:")
    assert paragraphs[1].italic_text() == "Further reaffirm"
    assert "18th plenary meeting" in res_73_3.back_matter


def test_resolution_73_3_footnotes_and_page_breaks(res_73_3: Document) -> None:
    assert len(res_73_3.footnotes) == 7
    assert [f.paragraph_label for f in res_73_3.footnotes] == [
        "Annex 1", "Annex 1", "Annex 2", "Annex 2", "Annex 2", "Annex 3", "Annex 23",
    ]  # fmt: skip
    assert res_73_3.annex is not None
    sixth = res_73_3.annex.paragraphs[5]
    # The paragraph runs over a page break with footnotes and headers in between.
    assert "the heavy burden of tuberculosis, HIV and AIDS, and other co-morbidities" in sixth.text
    assert "tuberculosis-associated deaths" in sixth.text
    assert res_73_3.warnings == ()


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_without_text_layer() -> None:
    with pytest.raises(ParseError, match="no text layer"):
        read_pdf(_blank_pdf())


def test_encrypted_pdf() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ParseError, match="encrypted"):
        read_pdf(buffer.getvalue())


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.4\n%garbage that is no PDF at all", b"%PDF", _blank_pdf()[:200]],
)
def test_damaged_pdf(data: bytes) -> None:
    with pytest.raises(ParseError):
        read_pdf(data)


def test_not_a_pdf() -> None:
    with pytest.raises(ParseError, match="not a PDF"):
        read_pdf(b"The General Assembly,")
