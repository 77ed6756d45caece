"""A document written out as plain text and read again keeps its structure.

Every corpus document goes through `write_text` and back; generated documents (Hypothesis)
with sponsors and their `*` note, section headings and square brackets in their text keep them
all, through the plain text and through the Word export.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.text.corpus import DOCS, PAIR_DOCS
from tracker.text.document import Document, Footnote, Heading, Kind, Paragraph
from tracker.text.export_docx import write_docx
from tracker.text.export_text import write_text
from tracker.text.read import read_document, read_docx, read_text

EXAMPLES = int(os.environ.get("PARSE_FUZZ_EXAMPLES", "100"))
PROPERTY = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
CORPUS = sorted(DOCS.iterdir()) + sorted(PAIR_DOCS.iterdir())


def _structure(doc: Document) -> tuple[object, ...]:
    return (
        doc.title,
        doc.formula,
        doc.symbol,
        doc.sponsors,
        doc.sponsor_mark,
        doc.submitted_by,
        doc.link,
        doc.parts,
        [(h.text, h.number, h.before, h.part) for h in doc.headings],
        [
            (p.label, p.kind, p.number, p.section, p.text, p.tail, p.footnote_refs)
            for top in doc.paragraphs
            for p in top.walk()
        ],
        [(f.mark, f.text, f.paragraph_label) for f in doc.footnotes],
        _annex(doc),
    )


def _annex(doc: Document) -> object:
    """An annex's title and intro; of an annex that is only tables, only that it exists (its
    table cells are kept as text, not structure)."""
    if doc.annex is None:
        return None
    if not doc.annex.paragraphs:
        return "tables"
    return (doc.annex.title, doc.annex.intro)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_corpus_document_reads_back_the_same(path) -> None:
    doc = read_document(path.name, path.read_bytes())
    again = read_document("rendered.txt", write_text(doc).encode("utf-8"))
    assert _structure(again) == _structure(doc)


# -- generated documents -----------------------------------------------------------------------

WORDS = st.sampled_from(
    ["the", "implementation", "of", "sustainable", "development", "States", "report", "2030"]
)
BRACKETED = st.sampled_from(
    ["[agreed ad ref]", "[to be reviewed]", "[strongly]/[firmly]", "[OP5 alt]", "[a]", "[1]"]
)
phrase = st.lists(st.one_of(WORDS, BRACKETED), min_size=2, max_size=12).map(" ".join)
SPONSORS = st.lists(
    st.sampled_from(
        ["Austria", "Chile", "Trinidad and Tobago", "Iran (Islamic Republic of)", "Viet Nam"]
    ),
    max_size=4,
    unique=True,
).map(tuple)
HEADING_TEXTS = st.sampled_from(
    ["Global context", "Peacebuilding financing", "Follow-up and review", "Means of action"]
)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    """A draft with sponsors, preambular and operative paragraphs, headings and brackets."""
    preamble = tuple(
        Paragraph(Kind.PREAMBULAR, f"PP{n}", f"Recalling {draw(phrase)},")
        for n in range(1, draw(st.integers(1, 4)) + 1)
    )
    count = draw(st.integers(1, 6))
    operative = tuple(
        Paragraph(
            Kind.OPERATIVE,
            f"OP{n}",
            f"Requests {draw(phrase)}{'.' if n == count else ';'}",
            number=str(n),
        )
        for n in range(1, count + 1)
    )
    headed = draw(st.lists(st.integers(1, count), unique=True, max_size=3))
    roman = ["I", "II", "III", "IV", "V", "VI"]
    headings = tuple(
        Heading(draw(HEADING_TEXTS), roman[i] if draw(st.booleans()) else "", f"OP{n}")
        for i, n in enumerate(sorted(headed))
    )
    sponsors = draw(SPONSORS)
    noted = bool(sponsors) and draw(st.booleans())
    return Document(
        title="Test draft",
        formula="The General Assembly,",
        preamble=preamble,
        operative=operative,
        sponsors=sponsors,
        sponsor_mark="*" if noted else "",
        footnotes=(Footnote("*", SPONSOR_NOTE),) if noted else (),
        headings=headings,
    )


SPONSOR_NOTE = "Any changes to the list of sponsors will be reflected in the official record."


def _kept(again: Document, doc: Document) -> None:
    assert again.sponsors == doc.sponsors
    assert (again.sponsor_mark, again.sponsor_note()) == (doc.sponsor_mark, doc.sponsor_note())
    assert [(h.text, h.number, h.before) for h in again.headings] == [
        (h.text, h.number, h.before) for h in doc.headings
    ]
    assert [p.text for p in again.paragraphs] == [p.text for p in doc.paragraphs]


@PROPERTY
@given(documents())
def test_headings_sponsors_and_brackets_survive_rendering(doc: Document) -> None:
    _kept(read_text(write_text(doc)), doc)


@PROPERTY
@given(documents())
def test_headings_sponsors_and_brackets_survive_the_word_export(doc: Document) -> None:
    _kept(read_docx(write_docx(doc)), doc)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_corpus_document_keeps_its_front_lines_and_headings_through_word(path) -> None:
    doc = read_document(path.name, path.read_bytes())
    again = read_docx(write_docx(doc))

    def kept(d: Document) -> tuple[object, ...]:
        headings = [(h.text, h.number, h.before) for h in d.headings]
        return (
            d.title,
            d.symbol,
            d.sponsors,
            d.sponsor_mark,
            d.sponsor_note(),
            d.sponsored_as,
            d.submitted_by,
            d.link,
            headings,
        )

    assert kept(again) == kept(doc)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_corpus_document_keeps_its_paragraphs_through_word(path) -> None:
    # The secretariat edits the exported Word file and uploads it as the next revision: a
    # decision's paragraph under its formula (A/C.1/80/L.39) stays operative, and lettered
    # paragraphs (A/C.4/80/L.3's `(a) Urges`) keep their letters.
    doc = read_document(path.name, path.read_bytes())
    again = read_docx(write_docx(doc))

    def paragraphs(d: Document) -> list[tuple[object, ...]]:
        return [
            (p.kind, p.label, p.text, p.tail, [(r.mark, r.offset) for r in p.footnote_refs])
            for p in d.walk()
        ]

    assert paragraphs(again) == paragraphs(doc)
