"""The app's own Word export "with PP/OP labels", edited in Word and uploaded again: the
labels it prints (`[PP1]`, `[OP1]`) are set aside, not read as text, and the preview says
so; a paragraph moved in Word (which renumbers it) keeps its old label and is read by its
numbering, with a warning that names it."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from tests.text.corpus import DOCS
from tracker.text.document import Document
from tracker.text.export_docx import write_docx
from tracker.text.read import read_document, read_text

FIXTURES = Path(__file__).parent.parent / "fixtures"
W_P = re.compile(rb"<w:p[ >].*?</w:p>", re.DOTALL)


def _texts(doc: Document) -> list[tuple[str, str]]:
    return [(p.label, p.full_text()) for p in doc.walk()]


def _messages(doc: Document) -> list[str]:
    return [str(w) for w in doc.warnings]


@pytest.mark.parametrize(
    "source",
    [
        FIXTURES / "zero-draft-2021-hlm-modalities.txt",
        FIXTURES / "subparagraphs-rev1.txt",
        FIXTURES / "pact-with-two-annexes.txt",
        DOCS / "A_RES_80_234.txt",
        DOCS / "A_C.5_80_L.17.txt",
    ],
    ids=lambda p: p.name,
)
def test_labels_of_the_export_are_set_aside_with_a_note(source: Path) -> None:
    doc = read_document(source.name, source.read_bytes())
    clean = read_document("clean.docx", write_docx(doc))
    labelled = read_document("labelled.docx", write_docx(doc, labels=True))
    assert _texts(labelled) == _texts(clean)
    assert not any("[" in text[:12] for _, text in _texts(labelled))
    added = [m for m in _messages(labelled) if m not in _messages(clean)]
    assert len(added) == 1, added
    assert "labels" in added[0] and "set aside" in added[0]


def _swapped(data: bytes, first: str, second: str) -> bytes:
    """The .docx with the Word paragraphs that start with the two labels swapped, as a
    co-facilitator moves a paragraph in Word (Word renumbers it; its label stays)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    xml = source.read("word/document.xml")
    paragraphs = W_P.findall(xml)
    a = next(p for p in paragraphs if f"[{first}]".encode() in p)
    b = next(p for p in paragraphs if f"[{second}]".encode() in p)
    xml = xml.replace(a, b"\0").replace(b, a).replace(b"\0", b)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(
                item, xml if item.filename == "word/document.xml" else source.read(item)
            )
    return out.getvalue()


def test_a_paragraph_moved_in_word_is_read_by_its_numbering_with_a_warning() -> None:
    source = FIXTURES / "zero-draft-2021-hlm-modalities.txt"
    doc = read_document(source.name, source.read_bytes())
    moved = read_document("moved.docx", _swapped(write_docx(doc, labels=True), "OP2", "OP3"))
    assert moved.find("OP2").text == doc.find("OP3").text
    assert moved.find("OP3").text == doc.find("OP2").text
    messages = _messages(moved)
    assert any("OP2 is labelled [OP3]" in m for m in messages), messages
    assert any("OP3 is labelled [OP2]" in m for m in messages), messages
    assert not any("OP1 is labelled" in m for m in messages)


def test_many_labels_that_disagree_are_named_in_one_warning() -> None:
    lines = ["The General Assembly,", "[PP9] Recalling its resolution 1,"]
    lines += [f"{n}. [OP{n + 1}] Decides item {n};" for n in range(1, 9)]
    doc = read_text("\n\n".join(lines))
    assert [p.text for p in doc.operative][:2] == ["Decides item 1;", "Decides item 2;"]
    disagree = [m for m in _messages(doc) if "label other than their number" in m]
    assert len(disagree) == 1 and "PP1 (labelled [PP9])" in disagree[0]
    assert "OP8 (labelled [OP9])" in disagree[0]


def test_bracketed_words_at_the_start_of_a_paragraph_stay_text() -> None:
    doc = read_text(
        "The General Assembly,\n\n[Welcoming] [Noting] the report,\n\n"
        "1. [Strongly] condemns the attacks;\n\n2. [OP 3] stays as written."
    )
    assert doc.preamble[0].text == "[Welcoming] [Noting] the report,"
    assert doc.operative[0].text == "[Strongly] condemns the attacks;"
    assert not any("set aside" in m for m in _messages(doc))
