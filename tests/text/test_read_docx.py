"""Reading Word drafts: automatic numbering, italics, footnotes, tracked changes, hostile files."""

from __future__ import annotations

import importlib.util
import io
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from tracker.text.document import Document, ParseError
from tracker.text.read import read_document, read_docx

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_docx_fixtures", FIXTURES / "make_docx_fixtures.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make = _load_generator()


@pytest.fixture(scope="module")
def autonumbered() -> Document:
    return read_docx((FIXTURES / "draft-autonumbered.docx").read_bytes())


def test_committed_fixtures_match_the_generator() -> None:
    assert (FIXTURES / "draft-autonumbered.docx").read_bytes() == make.autonumbered_draft()
    assert (FIXTURES / "draft-tracked-changes.docx").read_bytes() == make.tracked_changes_draft()


def test_numbers_that_exist_only_as_word_numbering(autonumbered: Document) -> None:
    assert [p.label for p in autonumbered.preamble] == ["PP1", "PP2", "PP3"]
    assert [p.label for p in autonumbered.operative] == ["OP1", "OP2", "OP3", "OP4"]
    op2 = autonumbered.find("OP2")
    assert op2 is not None
    assert [s.label for s in op2.subparagraphs] == ["(a)", "(b)", "(c)"]
    assert [s.label for s in op2.subparagraphs[1].subparagraphs] == ["(i)", "(ii)"]
    op4 = autonumbered.find("OP4")
    assert op4 is not None
    # Letters restart under each new operative paragraph, as Word displays them.
    assert [s.label for s in op4.subparagraphs] == ["(a)", "(b)"]
    assert autonumbered.title == "Modalities of the high-level meeting on road safety"
    assert "Draft resolution submitted" in autonumbered.front_matter


def test_italic_runs_are_emphasis(autonumbered: Document) -> None:
    italics = [p.italic_text() for p in autonumbered.paragraphs]
    assert italics == [
        "Recalling", "Reaffirming also", "Deeply concerned", "Decides", "Also decides",
        "Requests", "Invites",
    ]  # fmt: skip


def test_footnotes_from_the_footnotes_part(autonumbered: Document) -> None:
    assert [(f.mark, f.text, f.paragraph_label) for f in autonumbered.footnotes] == [
        ("1", "Resolution 70/1.", "PP2"),
        ("2", "See A/76/100, annex.", "OP3"),
    ]
    op3 = autonumbered.find("OP3")
    assert op3 is not None
    assert op3.text == "Requests the Secretary-General to prepare a report for the meeting;"
    assert op3.text[: op3.footnote_refs[0].offset].endswith("prepare a report")


def test_tracked_changes_read_as_accepted_with_a_warning() -> None:
    doc = read_docx((FIXTURES / "draft-tracked-changes.docx").read_bytes())
    assert doc.preamble[0].text == "Recalling its resolution 74/299 of 31 August 2020,"
    assert doc.operative[0].text == "Decides to convene a one-day high-level meeting;"
    assert doc.operative[1].text == "Requests the Secretary-General to report in good time."
    tracked = [w for w in doc.warnings if "tracked changes" in w.message]
    assert [w.line for w in tracked] == [3]  # the third Word paragraph: PP1


def test_start_and_level_override() -> None:
    numbering = make.NUMBERING.replace(
        '<w:num w:numId="2"><w:abstractNumId w:val="0"/>\n'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>',
        '<w:num w:numId="2"><w:abstractNumId w:val="0"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride></w:num>',
    )
    assert numbering != make.NUMBERING
    body = "".join(
        [
            make.paragraph(make.run("The General Assembly,")),
            make.paragraph(make.run("Decides to act;"), num_id=2),
            make.paragraph(make.run("Requests a report."), num_id=2),
        ]
    )
    doc = read_docx(make.build_docx(body, numbering=numbering))
    assert [p.label for p in doc.operative] == ["OP7", "OP8"]
    assert any("numbered 7, not 1" in w.message for w in doc.warnings)


def test_typed_numbers_are_read_too() -> None:
    body = "".join(
        make.paragraph(make.run(t))
        for t in ["The General Assembly,", "1. Decides to act;", "(a) First;", "2. Requests."]
    )
    doc = read_docx(make.build_docx(body))
    assert [p.label for p in doc.operative] == ["OP1", "OP2"]
    assert [s.label for s in doc.operative[0].subparagraphs] == ["(a)"]


def test_not_a_zip() -> None:
    with pytest.raises(ParseError, match="is not a Word .docx file"):
        read_docx(b"The General Assembly,\n\n1. Decides.")


def test_zip_without_a_document_part() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(ParseError, match="is not a Word .docx file"):
        read_docx(buffer.getvalue())


def test_zip_bomb_is_refused_before_reading() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<" + b" " * (60 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 200 * 1024  # small on disk, 60 MB once expanded
    with pytest.raises(ParseError, match="MB"):
        read_docx(data)


def test_highly_compressed_part_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"a" * (20 * 1024 * 1024))
    with pytest.raises(ParseError, match="zip bomb"):
        read_docx(buffer.getvalue())


def test_entity_expansion_doctype_is_refused() -> None:
    lol = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        f"<w:document {make.NS}><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body>"
        "</w:document>"
    )
    data = make.build_docx("", extra_parts={})
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = lol.encode() if item.filename == "word/document.xml" else source.read(item)
            target.writestr(item.filename, content)
    with pytest.raises(ParseError, match="DOCTYPE"):
        read_docx(buffer.getvalue())


def test_malformed_xml() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document><unclosed>")
    with pytest.raises(ParseError, match="not well-formed"):
        read_docx(buffer.getvalue())


def test_empty_document() -> None:
    with pytest.raises(ParseError, match="empty"):
        read_docx(make.build_docx(make.paragraph(make.run("   "))))


def test_text_boxes_are_not_read_into_the_flow() -> None:
    text_box = (
        "<w:r><w:pict><w:txbxContent><w:p><w:r><w:t>Logo caption</w:t></w:r></w:p>"
        "</w:txbxContent></w:pict></w:r>"
    )
    body = "".join(
        [
            make.paragraph(make.run("The General Assembly,")),
            make.paragraph(make.run("Decides to act."), text_box, num_id=1),
        ]
    )
    doc = read_docx(make.build_docx(body))
    assert [p.text for p in doc.operative] == ["Decides to act."]


def test_word_file_saved_by_libreoffice_from_pasted_text() -> None:
    # A paragraph per line, footnote text typed where it fell: read like the pasted text.
    doc = read_docx((FIXTURES / "zero-draft-libreoffice.docx").read_bytes())
    counts = doc.counts()
    assert (counts["preambular"], counts["operative"], counts["footnotes"]) == (5, 15, 4)
    assert [f.paragraph_label for f in doc.footnotes] == ["PP3", "PP3", "OP9", "OP10"]
    op13 = doc.find("OP13")
    assert op13 is not None and op13.text.endswith("where applicable;")
    assert doc.warnings == ()


def test_endnotes_are_read_as_footnotes_and_hidden_text_is_not_read() -> None:
    endnotes = make.footnotes_part({1: "Resolution 70/1."}).replace("footnote", "endnote")
    body = "".join(
        [
            make.paragraph(make.run("The General Assembly,")),
            make.paragraph(
                make.run("Decides", True),
                make.run(" to act"),
                '<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve"> (hidden)</w:t></w:r>',
                '<w:r><w:endnoteReference w:id="1"/></w:r>',
                make.run("."),
                num_id=1,
            ),
        ]
    )
    doc = read_docx(make.build_docx(body, extra_parts={"word/endnotes.xml": endnotes.encode()}))
    assert doc.operative[0].text == "Decides to act."
    assert [(f.mark, f.text, f.paragraph_label) for f in doc.footnotes] == [
        ("1", "Resolution 70/1.", "OP1")
    ]
    assert doc.operative[0].footnote_refs[0].offset == len("Decides to act")


def test_a_huge_list_start_is_bounded_with_a_warning() -> None:
    # A list that starts at 2,000,000,000: its letters and roman numerals would run to
    # megabytes; the reader prints the largest number a resolution could use and says so.
    numbering = make.NUMBERING.replace(
        '<w:startOverride w:val="1"/>', '<w:startOverride w:val="2000000000"/>'
    ).replace(
        '<w:lvl w:ilvl="1"><w:start w:val="1"/>', '<w:lvl w:ilvl="1"><w:start w:val="2000000000"/>'
    )
    assert numbering.count("2000000000") == 2
    body = "".join(
        [
            make.paragraph(make.run("The General Assembly,")),
            make.paragraph(make.run("Decides to act:"), num_id=2),
            make.paragraph(make.run("First;"), num_id=2, level=1),
            make.paragraph(make.run("Requests a report."), num_id=2),
        ]
    )
    doc = read_docx(make.build_docx(body, numbering=numbering))
    assert sum(len(p.label) + len(p.text) for p in doc.walk()) < 200
    assert any("beyond 9,999" in w.message for w in doc.warnings)


def test_stars_and_underscores_in_word_text_are_kept() -> None:
    body = "".join(
        make.paragraph(make.run(t))
        for t in [
            "The General Assembly,",
            "Recalling document A/75/123* and the *starred* and _underlined_ words,",
            "1. Decides [agreed ad ref] to act.",
        ]
    )
    doc = read_docx(make.build_docx(body))
    assert doc.preamble[0].text == (
        "Recalling document A/75/123* and the *starred* and _underlined_ words,"
    )
    assert doc.operative[0].text == "Decides [agreed ad ref] to act."


@pytest.mark.parametrize("line_breaks", [False, True], ids=["a paragraph a line", "line breaks"])
def test_a_pdfs_text_pasted_into_word_line_by_line_reads_as_the_text(line_breaks: bool) -> None:
    # A delegate's copy of the official PDF, pasted into Word and saved: each line of the text
    # layer a paragraph of its own (or a line break in one), running heads, page numbers and
    # notes among them. Each line was read as a paragraph: A/C.1/80/L.60 gave 109 paragraphs
    # for 36, no notes and 42 warnings. It now reads as the same text does.
    source = (FIXTURES / "corpus" / "docs" / "A_C.1_80_L.23.txt").read_text(encoding="utf-8")
    if line_breaks:
        blocks = source.split("\n \n")
        body = "".join(
            make.paragraph(*(f"{make.run(line)}<w:r><w:br/></w:r>" for line in block.split("\n")))
            for block in blocks
        )
    else:
        body = "".join(make.paragraph(make.run(line)) for line in source.split("\n"))
    pasted = read_docx(make.build_docx(body))
    text = read_document("A_C.1_80_L.23.txt", source.encode())
    assert [(p.label, p.text, p.tail) for p in pasted.paragraphs] == [
        (p.label, p.text, p.tail) for p in text.paragraphs
    ]
    assert [(f.mark, f.paragraph_label) for f in pasted.footnotes] == [
        (f.mark, f.paragraph_label) for f in text.footnotes
    ]
    assert (pasted.title, pasted.symbol, pasted.sponsors) == (
        text.title,
        text.symbol,
        text.sponsors,
    )
    assert pasted.footnotes and pasted.warnings == text.warnings
