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


#: A line of a made-up PDF: its text in 10 points, or its pieces with their sizes (a raised
#: note mark in 6 points, a note in 9).
PdfLine = str | list[tuple[str, float]]


def _shown(line: PdfLine) -> str:
    """A line's text-showing operators, each piece in its size."""
    pieces = [(line, 10.0)] if isinstance(line, str) else line
    escaped = (text.replace("(", "\\(").replace(")", "\\)") for text, _ in pieces)
    return "".join(
        f"/F1 {size} Tf ({text}) Tj\n"
        for text, (_, size) in zip(escaped, pieces, strict=True)
        if text
    )


def _pdf_of_pages(*pages: list[PdfLine]) -> bytes:
    """A PDF of `pages`, each a list of lines set in Helvetica one under the other, at the same
    left edge (12 points apart; an empty line leaves a line's space), as a PDF saved from a word
    processor."""
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    for lines in pages:
        page = writer.add_blank_page(width=595, height=842)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        stream = DecodedStreamObject()
        shown = "0 -12 Td\n".join(_shown(line) for line in lines)
        stream.set_data(f"BT 72 780 Td\n{shown}ET".encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_note_set_on_the_page_after_its_mark_is_a_note() -> None:
    # A/RES/76/3 as a PDF saved from Word sets it: note 2, cited on the first page's last line,
    # stands at the foot of the second. It ran into the text, and every note after it was lost
    # with it (eleven notes read as one).
    doc = read_pdf(
        _pdf_of_pages(
            [
                "Space2030 Agenda",
                "The General Assembly,",
                [("Recalling the report of the Committee,", 10), ("1", 6)],
                "1. Welcomes the Agenda as a strategy for space activities and the",
                [("achievement of global agendas,", 10), ("2", 6), (" addressing long-term", 10)],
                "",
                [("1", 9), (" See A/AC.105/1137.", 9)],
            ],
            [
                "development concerns;",
                "2. Encourages Member States to implement it;",
                "",
                [("2", 9), (" The 2030 Agenda for Sustainable Development.", 9)],
            ],
        )
    )
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("1", "PP1"), ("2", "OP1")]
    assert doc.operative[0].text == (
        "Welcomes the Agenda as a strategy for space activities and the achievement of global "
        "agendas, addressing long-term development concerns;"
    )


def test_a_note_running_over_a_whole_foot_of_page_stays_out_of_the_text() -> None:
    # A/RES/80/46 as a PDF saved from Word sets it: note 9, a long list of States, runs over to
    # the foot of the next page, where no note begins. Its lines ran into paragraph 11, which
    # was cut in two at the page break.
    doc = read_pdf(
        _pdf_of_pages(
            [
                "Small arms",
                "The General Assembly,",
                [("Recalling its resolution 79/1,", 10), ("1", 6)],
                "",
                [("1", 9), (" Adopted by Albania, Andorra, Argentina, Armenia, Australia,", 9)],
            ],
            [
                "11. Recalls the report of the Conference to Review the Programme of Action to",
                "Prevent, Combat",
                "",
                [(" Zealand, North Macedonia, Norway, Panama, Paraguay and Peru.", 9)],
            ],
            ["and Eradicate the Illicit Trade in Small Arms;"],
        )
    )
    assert doc.operative[0].text == (
        "Recalls the report of the Conference to Review the Programme of Action to Prevent, "
        "Combat and Eradicate the Illicit Trade in Small Arms;"
    )
    assert doc.footnotes[0].text.endswith(
        "Zealand, North Macedonia, Norway, Panama, Paraguay and Peru."
    )


def test_running_headers_and_page_numbers_of_a_pdf_saved_from_word_are_left_out() -> None:
    # A zero draft saved from Word with a header (`Zero draft – 6 December 2026`) and a
    # footer (`Page 1 of 2`): both had been read into the paragraph running over the page
    # (`... in the field of Page 1 of 2 Zero draft – 6 December 2026 human rights;`).
    header: PdfLine = [("Zero draft - 6 December 2026", 9.0)]
    doc = read_pdf(
        _pdf_of_pages(
            [
                header,
                "Subregional Centre for Human Rights",
                "The General Assembly,",
                "Recalling its resolution 74/162,",
                "1. Welcomes the activities of the Centre in the field of",
                "",
                [("Page 1 of 2", 9)],
            ],
            [
                header,
                "human rights;",
                "2. Requests the Secretary-General to report on the Centre.",
                "",
                "",
                "",
                [("Page 2 of 2", 9)],
            ],
        )
    )
    assert doc.title == "Subregional Centre for Human Rights"
    assert [p.text for p in doc.operative] == [
        "Welcomes the activities of the Centre in the field of human rights;",
        "Requests the Secretary-General to report on the Centre.",
    ]
    assert "Page" not in doc.front_matter + doc.back_matter


def _pdf_of_lines(count: int) -> bytes:
    """A one-page PDF whose text layer holds `count` lines of one word each."""
    return _pdf_of_pages(["Recalling"] * count)


def test_a_heading_at_the_top_of_a_pdf_page_is_no_part_of_the_paragraph_above() -> None:
    # A/RES/80/234 saved from Word: `V. Matters related to language services` opened a page
    # after paragraph 81's last line and, no blank line coming between them, was read as its
    # end.
    doc = read_pdf(
        _pdf_of_pages(
            [
                "Language services",
                "The General Assembly,",
                "Recalling its resolution 79/248,",
                "81. Reiterates paragraph 91 of its resolution 79/248 related to the transition",
                "to digital recordings of meetings as a cost-saving measure;",
            ],
            [
                "V. Matters related to language services",
                "",
                "82. Reiterates that language posts are not subject to the system of desirable",
                "ranges;",
            ],
        )
    )
    assert [p.label for p in doc.operative] == ["OP81", "OP82"]
    assert doc.operative[0].text.endswith("as a cost-saving measure;")
    assert [h.printed for h in doc.headings] == ["V. Matters related to language services"]


def test_a_pdf_of_more_lines_than_any_resolution_is_refused_before_they_are_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each line is kept with its sizes and place while the page is read: a page of millions
    # of lines would have held them all before the text reader counted them.
    import tracker.text.read.pdf as pdf

    monkeypatch.setattr(pdf, "MAX_LINES", 40)
    with pytest.raises(ParseError, match="more than 40 lines"):
        read_pdf(_pdf_of_lines(60))
    with pytest.raises(ParseError, match="No resolution found"):
        read_pdf(_pdf_of_lines(30))  # read through: lines of one word are no resolution


def test_not_a_pdf() -> None:
    with pytest.raises(ParseError, match="not a PDF"):
        read_pdf(b"The General Assembly,")


@pytest.fixture(scope="module")
def res_76_171_from_word() -> Document:
    return read_pdf((FIXTURES / "A_RES_76_171-libreoffice.pdf").read_bytes())


def test_a_pdf_saved_from_word_has_its_notes_under_a_drawn_line(
    res_76_171_from_word: Document,
) -> None:
    # A PDF saved from Word (here from LibreOffice) draws the line over its notes instead of
    # printing underscores, and sets its notes smaller than its text. Without the line, all six
    # notes ran into the text and paragraphs ending in a note's mark (`Human Rights,1`) ran
    # into the next: 8 preambular paragraphs instead of 12, no notes, no title.
    doc = res_76_171_from_word
    counts = doc.counts()
    assert (counts["preambular"], counts["operative"], counts["footnotes"]) == (12, 10, 6)
    assert doc.title == "Subregional Centre for Human Rights and Democracy in Central Africa"
    assert doc.link == "on the report of the Third Committee (A/76/462/Add.2, para. 114)"
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [
        ("1", "PP4"), ("2", "PP5"), ("3", "PP6"), ("4", "PP8"), ("5", "OP8"), ("6", "OP9"),
    ]  # fmt: skip
    assert doc.footnotes[0].text == "See A/CONF.157/24 (Part I), chap. III."
    pp4 = doc.preamble[3]
    assert pp4.text.endswith("Office of the United Nations High Commissioner for Human Rights,")
    assert [ref.offset for ref in pp4.footnote_refs] == [len(pp4.text)]
    assert doc.preamble[4].text == (
        "Recalling also the report of the United Nations High Commissioner for Human Rights,"
    )
    assert doc.back_matter == "53rd plenary meeting\n16 December 2021"
    assert doc.warnings == ()


def test_a_pdf_saved_from_word_shows_paragraphs_by_their_indent_and_spacing() -> None:
    # No blank line and no leading space marks a new paragraph in such a PDF's text layer:
    # the title, set apart by spacing, had gone to the front matter, and the one operative
    # paragraph, unnumbered and known only by its indent, into the last preambular one.
    doc = read_pdf((FIXTURES / "A_RES_76_145-libreoffice.pdf").read_bytes())
    assert doc.title == "Report of the Human Rights Council"
    assert [p.label for p in doc.paragraphs] == ["PP1", "PP2", "PP3", "OP1"]
    assert doc.preamble[2].text == (
        "Having considered the recommendations contained in the report of the Human Rights Council,"
    )
    assert doc.operative[0].italic_text() == "Takes note"
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("1", "PP3")]


@pytest.mark.libreoffice
@pytest.mark.parametrize(
    "name", ["zero-draft-2021-hlm-modalities.txt", "A_RES_79_286.pdf-text.txt"]
)
def test_a_word_export_printed_to_pdf_by_libreoffice_reads_back_the_same(
    name: str, tmp_path: Path
) -> None:
    # The committed PDFs saved from Word above are frozen; this prints today's Word export
    # with today's LibreOffice, as a co-facilitator's word processor would, and reads it back.
    import re

    from tests.conftest import printed_by_libreoffice
    from tracker.text.export_docx import write_docx
    from tracker.text.read import read_text

    doc = read_text((FIXTURES / name).read_text())
    back = read_pdf(printed_by_libreoffice(write_docx(doc), tmp_path))

    def spaced(text: str) -> str:
        return re.sub(r"\s+", " ", text).strip()

    assert [(p.label, spaced(p.text)) for p in back.walk()] == [
        (p.label, spaced(p.text)) for p in doc.walk()
    ]
    assert [(f.mark, f.paragraph_label, spaced(f.text)) for f in back.footnotes] == [
        (f.mark, f.paragraph_label, spaced(f.text)) for f in doc.footnotes
    ]
    assert back.title == doc.title
    assert back.warnings == ()
