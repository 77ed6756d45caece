"""Clean plain text: readable by people and read back by the parser to the same structure."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tracker.text.document import Document, Paragraph
from tracker.text.export_text import marked_text, same_text, write_text
from tracker.text.read import read_document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SOURCES = sorted(
    p.name for p in FIXTURES.iterdir() if p.suffix in (".txt", ".pdf", ".docx") and p.is_file()
)


def _structure(paragraph: Paragraph) -> tuple[object, ...]:
    return (
        paragraph.label,
        paragraph.kind,
        paragraph.number,
        paragraph.text,
        paragraph.emphasis,
        paragraph.footnote_refs,
        tuple(_structure(s) for s in paragraph.subparagraphs),
    )


def _document_structure(doc: Document) -> tuple[object, ...]:
    annex = doc.annex
    return (
        doc.title,
        doc.formula,
        doc.symbol,
        tuple(_structure(p) for p in doc.paragraphs),
        doc.footnotes,
        None if annex is None else (annex.title, annex.intro),
        doc.back_matter,
    )


def test_every_fixture_is_covered() -> None:
    assert len(SOURCES) >= 6


@pytest.mark.parametrize("name", SOURCES)
def test_round_trip_keeps_the_structure(name: str) -> None:
    original = read_document(name, (FIXTURES / name).read_bytes())
    text = write_text(original)
    again = read_document("rendered.txt", text.encode("utf-8"))
    assert _document_structure(again) == _document_structure(original)


def test_rendered_text_reads_like_a_resolution() -> None:
    doc = read_document("r.txt", (FIXTURES / "A_RES_79_286.pdf-text.txt").read_bytes())
    text = write_text(doc)
    assert text.startswith(
        "A/RES/79/286\n\n[without reference to a Main Committee (A/79/L.79)]\n\n"
        "Modalities, format and organization"
    )
    assert doc.link == "without reference to a Main Committee (A/79/L.79)"
    assert "\n\nThe General Assembly,\n\n*Recalling* its resolutions 76/186" in text
    assert "\n\n1. *Decides* that the two-day high-level meeting" in text
    assert "\n\n    (a) A plenary meeting on 24 November" in text
    assert "Combat Trafficking in Persons[^3] will be held" in text
    assert text.rstrip().endswith("[^5]: Resolution 48/134, annex.")
    assert "67th plenary meeting\n29 April 2025" in text


def test_marked_text_places_marks_and_italics() -> None:
    doc = read_document("d.docx", (FIXTURES / "draft-autonumbered.docx").read_bytes())
    pp2 = doc.find("PP2")
    assert pp2 is not None
    assert marked_text(pp2) == (
        "*Reaffirming also* the 2030 Agenda for Sustainable Development,[^1]"
    )


def test_round_trip_of_every_construction() -> None:
    source = (
        "A/75/L.12\n\nDraft resolution\n\nA title\n\nThe Security Council,\n\n"
        "*Bearing in mind* the Charter,[^1]\n\n"
        "1. *Decides* that:\n(a) First:\n(i) one;\n(ii) two;\n(b) Second;\n\n"
        "1 bis. *Also decides* to act;\n\n2. *Requests* a report.\n\n"
        "9th plenary meeting\n1 June 2021\n\nAnnex\n\nTerms of reference\n\n"
        "The group shall be guided by:\n\n1. The Charter;[^2]\n\n2. Its rules.\n\n"
        "[^1]: Charter of the United Nations.\n[^2]: See note 1.\n"
    )
    original = read_document("draft.md", source.encode("utf-8"))
    assert original.symbol == "A/75/L.12"
    assert original.annex is not None and len(original.annex.paragraphs) == 2
    assert [f.paragraph_label for f in original.footnotes] == ["PP1", "Annex 1"]
    again = read_document("again.txt", write_text(original).encode("utf-8"))
    assert _document_structure(again) == _document_structure(original)


def _variants(doc: Document) -> list[Document]:
    """The document and texts close to it: the last paragraph dropped (a prefix of its text),
    one paragraph more, the first or last paragraph edited, an empty last paragraph."""
    body = doc.paragraphs
    first, last = body[0], body[-1]
    return [
        doc,
        replace(doc, preamble=(), operative=body[:-1]),
        replace(doc, preamble=(), operative=(*body, replace(last, label=f"{last.label} bis"))),
        replace(doc, preamble=(), operative=(replace(first, text=first.text + "."), *body[1:])),
        replace(doc, preamble=(), operative=(*body[:-1], replace(last, text=last.text + "."))),
        replace(doc, preamble=(), operative=(*body[:-1], replace(last, text=""))),
        replace(doc, footnotes=()),
    ]


@pytest.mark.parametrize("name", SOURCES)
def test_same_text_agrees_with_comparing_the_written_texts(name: str) -> None:
    doc = read_document(name, (FIXTURES / name).read_bytes())
    variants = _variants(doc)
    # The same text read again from its own written form: equal text, other line numbers.
    again = read_document("again.txt", ("\n\n" + write_text(doc)).encode())
    assert again != doc and same_text(again, doc)
    variants.append(again)
    for a in variants:
        for b in variants:
            assert same_text(a, b) == (write_text(a) == write_text(b))
