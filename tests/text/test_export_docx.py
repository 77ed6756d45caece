"""The clean .docx: UN layout, Word's own numbering and footnotes, literal numbers for `bis`."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from typing import Any

import docx
import pytest
from lxml import etree

from tracker.text.document import Annex, Document, Emphasis, Footnote, FootnoteRef, Kind, Paragraph
from tracker.text.export_docx import PageSize, can_auto_number, write_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def para(kind: Kind, label: str, text: str, number: str = "", **extra: Any) -> Paragraph:
    verb = text.split(" ")[0]
    return Paragraph(kind, label, text, number, emphasis=(Emphasis(0, len(verb)),), **extra)


def sub(letter: str, text: str, **extra: Any) -> Paragraph:
    return Paragraph(Kind.SUB, f"({letter})", text, letter, **extra)


def draft(*op_numbers: str) -> Document:
    numbers = op_numbers or ("1", "2", "3")
    recalling = (
        "Recalling its resolution 55/25 of 15 November 2000, by which it adopted the Convention,"
    )
    return Document(
        title="Modalities of the high-level meeting",
        formula="The General Assembly,",
        preamble=(
            para(
                Kind.PREAMBULAR,
                "PP1",
                recalling,
                footnote_refs=(FootnoteRef("1", len(recalling) - 1),),
            ),
            para(Kind.PREAMBULAR, "PP2", "Reaffirming its resolution 72/1 of 27 September 2017,"),
        ),
        operative=(
            para(
                Kind.OPERATIVE,
                f"OP{numbers[0]}",
                "Decides that the meeting will be held;",
                numbers[0],
            ),
            para(
                Kind.OPERATIVE,
                f"OP{numbers[1]}",
                "Also decides that:",
                numbers[1],
                subparagraphs=(
                    sub("a", "The opening meeting will hear the President;"),
                    sub(
                        "b",
                        "The plenary meetings will hear statements:",
                        subparagraphs=(
                            Paragraph(Kind.SUB, "(i)", "by Member States;", "i"),
                            Paragraph(Kind.SUB, "(ii)", "by observers;", "ii"),
                        ),
                    ),
                ),
            ),
            para(
                Kind.OPERATIVE,
                f"OP{numbers[2]}",
                "Requests the Secretary-General to report.",
                numbers[2],
                footnote_refs=(FootnoteRef("2", 41),),
            ),
        ),
        footnotes=(
            Footnote("1", "United Nations, Treaty Series, vol. 2225, No. 39574.", "PP1"),
            Footnote("2", "A/75/123.", f"OP{numbers[2]}"),
        ),
        annex=Annex(
            "Political declaration",
            "We, the Heads of State and Government,",
            (
                para(Kind.ANNEX, "Annex 1", "Reaffirm our commitment;", "1"),
                para(Kind.ANNEX, "Annex 2", "Commit to act.", "2"),
            ),
        ),
    )


def parts(data: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {
            name: etree.fromstring(package.read(name))
            for name in package.namelist()
            if name.endswith(".xml") or name.endswith(".rels")
        }


def body_paragraphs(data: bytes) -> list[etree._Element]:
    return list(parts(data)["word/document.xml"].iter(f"{W}p"))


def text_of(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def numbering_of(p: etree._Element) -> tuple[str, str] | None:
    num = p.find(f"{W}pPr/{W}numPr")
    if num is None:
        return None
    return num.find(f"{W}numId").get(f"{W}val"), num.find(f"{W}ilvl").get(f"{W}val")


def test_operative_paragraphs_use_word_automatic_numbering() -> None:
    data = write_docx(draft())
    paragraphs = {text_of(p): p for p in body_paragraphs(data)}
    decides = numbering_of(paragraphs["Decides that the meeting will be held;"])
    also = numbering_of(paragraphs["Also decides that:"])
    letter = numbering_of(paragraphs["The opening meeting will hear the President;"])
    roman = numbering_of(paragraphs["by observers;"])
    assert decides is not None and also is not None and letter is not None and roman is not None
    assert decides[0] == also[0] == letter[0] == roman[0]
    assert (decides[1], letter[1], roman[1]) == ("0", "1", "2")
    # The printed numbers come from the list definition, not from the text.
    assert "1." not in text_of(paragraphs["Decides that the meeting will be held;"])
    numbering = parts(data)["word/numbering.xml"]
    num = next(n for n in numbering.iter(f"{W}num") if n.get(f"{W}numId") == decides[0])
    abstract_id = num.find(f"{W}abstractNumId").get(f"{W}val")
    abstract = next(
        a for a in numbering.iter(f"{W}abstractNum") if a.get(f"{W}abstractNumId") == abstract_id
    )
    levels = [
        (lvl.find(f"{W}numFmt").get(f"{W}val"), lvl.find(f"{W}lvlText").get(f"{W}val"))
        for lvl in abstract.iter(f"{W}lvl")
    ]
    assert levels == [("decimal", "%1."), ("lowerLetter", "(%2)"), ("lowerRoman", "(%3)")]


def test_annex_has_its_own_numbering_restarting_at_one() -> None:
    paragraphs = {text_of(p): p for p in body_paragraphs(write_docx(draft()))}
    op = numbering_of(paragraphs["Decides that the meeting will be held;"])
    annex = numbering_of(paragraphs["Reaffirm our commitment;"])
    assert op is not None and annex is not None and op[0] != annex[0]
    assert paragraphs["Political declaration"] is not None


def test_bis_numbers_are_written_as_literal_text() -> None:
    doc = draft("1", "1 bis", "2")
    assert not can_auto_number(doc)
    texts = [text_of(p) for p in body_paragraphs(write_docx(doc))]
    assert "1 bis.Also decides that:" in texts
    assert "(a)The opening meeting will hear the President;" in texts
    assert "(ii)by observers;" in texts
    assert all(numbering_of(p) is None for p in body_paragraphs(write_docx(doc)))


def test_numbers_out_of_order_are_not_auto_numbered() -> None:
    assert can_auto_number(draft("1", "2", "3"))
    assert not can_auto_number(draft("1", "3", "4"))


def test_footnotes_print_smaller_than_the_text() -> None:
    # Their size was built and never attached: notes printed at the text's 10 points.
    package = parts(write_docx(draft()))
    notes = [n for n in package["word/footnotes.xml"].iter(f"{W}footnote") if not n.get(f"{W}type")]
    assert notes
    for note in notes:
        runs = list(note.iter(f"{W}r"))
        assert runs
        assert {r.find(f"{W}rPr/{W}sz").get(f"{W}val") for r in runs} == {"18"}


def test_footnotes_are_real_word_footnotes() -> None:
    data = write_docx(draft())
    package = parts(data)
    refs = [r.get(f"{W}id") for r in package["word/document.xml"].iter(f"{W}footnoteReference")]
    assert len(refs) == 2
    notes = {
        n.get(f"{W}id"): (n.get(f"{W}type"), "".join(n.itertext()))
        for n in package["word/footnotes.xml"].iter(f"{W}footnote")
    }
    assert notes["-1"][0] == "separator" and notes["0"][0] == "continuationSeparator"
    assert "Treaty Series, vol. 2225" in notes[refs[0]][1]
    assert "A/75/123." in notes[refs[1]][1]
    rels = package["word/_rels/document.xml.rels"]
    assert any(r.get("Target") == "footnotes.xml" for r in rels)
    types = etree.tostring(package["[Content_Types].xml"]).decode()
    assert 'PartName="/word/footnotes.xml"' in types
    # The reference sits right after the word it annotates.
    ops = [p for p in package["word/document.xml"].iter(f"{W}p") if "Requests" in text_of(p)]
    runs = list(ops[0].iter(f"{W}r"))
    ref_run = next(i for i, r in enumerate(runs) if r.find(f"{W}footnoteReference") is not None)
    assert text_of(runs[ref_run - 1]).endswith("report.")


def test_python_docx_reads_italics_title_and_fonts() -> None:
    document = docx.Document(io.BytesIO(write_docx(draft())))
    title = document.paragraphs[0]
    assert title.text == "Modalities of the high-level meeting" and title.runs[0].bold
    formula = document.paragraphs[1]
    assert formula.runs[0].italic
    recalling = document.paragraphs[2]
    assert recalling.runs[0].text == "Recalling" and recalling.runs[0].italic
    assert not recalling.runs[1].italic
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size.pt == 10


@pytest.mark.parametrize(("size", "width_mm"), [("A4", 210), ("Letter", 216)])
def test_page_size(size: PageSize, width_mm: int) -> None:
    section = docx.Document(io.BytesIO(write_docx(draft(), page_size=size))).sections[0]
    assert round(section.page_width.mm) == width_mm


def test_unknown_page_size_is_refused() -> None:
    with pytest.raises(ValueError, match="A4 or Letter"):
        unknown: Any = "A3"
        write_docx(draft(), page_size=unknown)


def test_labels_prefix_each_paragraph() -> None:
    texts = [p.text for p in docx.Document(io.BytesIO(write_docx(draft(), labels=True))).paragraphs]
    assert any(t.startswith("[PP2] Reaffirming") for t in texts)
    assert any(t.startswith("[OP1] Decides") for t in texts)
    assert any(t.startswith("[Annex 2] Commit") for t in texts)
    literal = [
        p.text
        for p in docx.Document(
            io.BytesIO(write_docx(draft("1", "1 bis", "2"), labels=True))
        ).paragraphs
    ]
    assert "[OP1 bis] 1 bis. Also decides that:" in literal


def test_zero_draft_numbers_every_operative_paragraph_and_keeps_its_footnotes() -> None:
    from pathlib import Path

    from tracker.text.read import read_text

    fixture = Path(__file__).parent.parent / "fixtures" / "zero-draft-2021-hlm-modalities.txt"
    doc = read_text(fixture.read_text())
    data = write_docx(doc)
    numbered = [p for p in body_paragraphs(data) if numbering_of(p)]
    levels = [numbering_of(p)[1] for p in numbered]
    assert levels.count("0") == len(doc.operative)
    assert levels.count("1") + levels.count("2") == doc.counts()["subparagraphs"]
    package = parts(data)
    refs = list(package["word/document.xml"].iter(f"{W}footnoteReference"))
    assert len(refs) == sum(len(p.footnote_refs) for p in doc.walk())
    notes = [n for n in package["word/footnotes.xml"].iter(f"{W}footnote") if not n.get(f"{W}type")]
    assert len(notes) == len(doc.footnotes)


def structure(doc: Document) -> tuple[object, ...]:
    """What a reader must recover: labels, kinds, texts, footnote places and bodies."""
    paragraphs = [
        (p.label, p.kind, p.text, tuple((f.mark, f.offset) for f in p.footnote_refs))
        for p in doc.walk()
    ]
    return doc.title, doc.formula, paragraphs, [(f.mark, f.text) for f in doc.footnotes]


@pytest.mark.parametrize(
    "name", ["zero-draft-2021-hlm-modalities.txt", "A_RES_79_286.pdf-text.txt"]
)
def test_clean_docx_reads_back_with_the_same_structure(name: str) -> None:
    from pathlib import Path

    from tracker.text.read import read_docx, read_text

    doc = read_text((Path(__file__).parent.parent / "fixtures" / name).read_text())
    assert structure(read_docx(write_docx(doc))) == structure(doc)


def test_literal_bis_numbers_read_back() -> None:
    from tracker.text.read import read_docx

    doc = replace(draft("1", "1 bis", "2"), annex=None)
    back = read_docx(write_docx(doc))
    assert structure(back) == structure(doc)
    assert [p.label for p in back.operative] == ["OP1", "OP1 bis", "OP2"]


NOTING = "Noting the highest number of fatalities ever recorded in a single conflict,"


def two_notes_at_one_place() -> Document:
    """A paragraph that cites two notes at its end (`conflict,10,11`)."""
    return replace(
        draft(),
        preamble=(
            para(
                Kind.PREAMBULAR,
                "PP1",
                NOTING,
                footnote_refs=(FootnoteRef("1", len(NOTING)), FootnoteRef("2", len(NOTING))),
            ),
        ),
        footnotes=(Footnote("1", "A/80/1.", "PP1"), Footnote("2", "A/80/2.", "PP1")),
    )


def test_two_footnotes_cited_at_one_place_are_set_apart_by_a_comma() -> None:
    doc = two_notes_at_one_place()
    package = parts(write_docx(doc))
    noting = next(p for p in package["word/document.xml"].iter(f"{W}p") if "Noting" in text_of(p))
    runs = list(noting.iter(f"{W}r"))
    refs = [i for i, r in enumerate(runs) if r.find(f"{W}footnoteReference") is not None]
    assert len(refs) == 2 and refs[1] == refs[0] + 2
    between = runs[refs[0] + 1]
    assert text_of(between) == ","
    assert between.find(f"{W}rPr/{W}vertAlign").get(f"{W}val") == "superscript"


def test_two_footnotes_cited_at_one_place_read_back_without_their_comma() -> None:
    # The secretariat edits the exported Word file and uploads it as the next revision: the
    # comma between the two marks is theirs, and the paragraph's text is unchanged.
    from tracker.text.read import read_docx

    back = read_docx(write_docx(two_notes_at_one_place())).preamble[0]
    assert back.text == NOTING
    assert back.footnote_refs == (FootnoteRef("1", len(NOTING)), FootnoteRef("2", len(NOTING)))


def test_a_note_numbered_past_a_gap_reads_back_with_its_number_and_text() -> None:
    # A/RES/80/77 as read cites note 15 but not note 14: Word would count the first exported
    # note 14, so it is written with its printed mark, 15, which opens its text as well.
    from tracker.text.read import read_docx

    text = "Recalling the Convention on the Rights of the Child,"
    doc = replace(
        draft(),
        preamble=(para(Kind.PREAMBULAR, "PP1", text, footnote_refs=(FootnoteRef("15", 19),)),),
        footnotes=(Footnote("14", "A/80/14."), Footnote("15", "Treaty Series, vol. 1577.", "PP1")),
    )
    back = read_docx(write_docx(doc))
    assert [(f.mark, f.text) for f in back.footnotes] == [("15", "Treaty Series, vol. 1577.")]
    assert back.preamble[0].footnote_refs == (FootnoteRef("15", 19),)


def test_an_annex_title_over_its_subtitle_reads_back_as_the_title() -> None:
    # A/RES/80/117: the political declaration's title stands over its subtitle; written as one
    # Word paragraph, the two lines were too long for a title and read back as its introduction.
    from tracker.text.read import read_docx

    title = (
        "Political declaration of the fourth high-level meeting of the General Assembly on the "
        "prevention and control of noncommunicable diseases and the promotion of mental health "
        "and well-being\nEquity and integration: transforming lives and livelihoods through "
        "leadership and action on noncommunicable diseases"
    )
    doc = draft()
    assert doc.annex is not None
    doc = replace(doc, annex=replace(doc.annex, title=title))
    back = read_docx(write_docx(doc)).annex
    assert back is not None
    assert (back.title, back.intro) == (title, "We, the Heads of State and Government,")


def test_a_draft_decision_is_exported_as_one() -> None:
    # A/C.1/80/L.39 (`Canada, Germany and Netherlands (Kingdom of the): draft decision`) was
    # exported as a draft resolution.
    from tracker.text.export_text import write_text

    doc = replace(draft(), sponsors=("Canada", "Germany"), sponsored_as="draft decision")
    package = parts(write_docx(doc))
    lines = [text_of(p) for p in package["word/document.xml"].iter(f"{W}p")]
    assert "Canada and Germany: draft decision" in lines
    assert "Canada and Germany: draft decision" in write_text(doc).splitlines()


def test_who_submits_a_draft_no_delegation_sponsors_is_exported_and_read_back() -> None:
    # A/C.2/80/L.61 prints `Draft decision submitted by the Bureau` where sponsors stand; Word
    # and plain text left the line out, and the text read back said `draft resolution`.
    from tracker.text.export_text import write_text
    from tracker.text.read import read_docx, read_text

    line = "Draft decision submitted by the Bureau"
    doc = replace(draft(), sponsors=(), sponsored_as="draft decision", submitted_by=line)
    package = parts(write_docx(doc))
    assert line in [text_of(p) for p in package["word/document.xml"].iter(f"{W}p")]
    assert line in write_text(doc).splitlines()
    for again in (read_docx(write_docx(doc)), read_text(write_text(doc))):
        assert (again.sponsors, again.submitted_by, again.sponsored_as) == (
            (),
            line,
            "draft decision",
        )


def test_a_formula_with_its_chapeau_reads_back_as_the_formula() -> None:
    # A/RES/79/261, Working Capital Fund for 2025: `The General Assembly` / `Resolves that:` is
    # read as one formula and written on one line; read back, that line was taken for the
    # title and the title was lost.
    from tracker.text.export_text import write_text
    from tracker.text.read import read_docx, read_text

    doc = replace(draft(), title="Working Capital Fund for 2025", preamble=())
    doc = replace(doc, formula="The General Assembly Resolves that:")
    for again in (read_docx(write_docx(doc)), read_text(write_text(doc))):
        assert (again.title, again.formula) == (doc.title, doc.formula)
        assert [p.label for p in again.walk()] == [p.label for p in doc.walk()]


def test_two_notes_on_the_sponsors_survive_word_and_plain_text() -> None:
    # A/80/L.23, tabled on behalf of the Group of 77 and China: `Iraq:*,** draft resolution`.
    from tracker.text.export_text import write_text
    from tracker.text.read import read_docx, read_text

    doc = replace(
        draft(),
        sponsors=("Iraq",),
        sponsor_mark="*,**",
        footnotes=(
            Footnote("*", "On behalf of the States that are members of the Group of 77."),
            Footnote("**", "Any changes to the list of sponsors will be reflected."),
            *draft().footnotes,
        ),
    )
    for again in (read_docx(write_docx(doc)), read_text(write_text(doc))):
        assert (again.sponsors, again.sponsor_notes()) == (doc.sponsors, doc.sponsor_notes())
        assert [(f.mark, f.text) for f in again.footnotes] == [
            (f.mark, f.text) for f in doc.footnotes
        ]


def test_an_amendment_of_one_instruction_reads_back_as_its_operative_paragraph() -> None:
    # A/C.3/80/L.56: one instruction with the paragraph it inserts, which ends as that
    # paragraph does (`;`); read back from Word it became a preambular paragraph.
    from tracker.text.read import read_docx

    instruction = (
        "After operative paragraph 3, insert a new operative paragraph, reading: Notes with "
        "alarm that the pretextual use of neo-Nazism undermines genuine attempts to combat it;"
    )
    doc = Document(
        title="Combating glorification of Nazism",
        formula="",
        operative=(para(Kind.OPERATIVE, "OP1", instruction),),
        sponsors=("Albania", "Ukraine"),
        sponsored_as="amendment to draft resolution A/C.3/80/L.2",
    )
    back = read_docx(write_docx(doc))
    assert [(p.kind, p.label, p.text) for p in back.paragraphs] == [
        (Kind.OPERATIVE, "OP1", instruction)
    ]
    assert back.sponsored_as == doc.sponsored_as


def _cited_twice() -> Document:
    """A/RES/74/159's first paragraph: both Covenants share note 2."""
    text = (
        "Recalling the Universal Declaration of Human Rights, the International Covenant on "
        "Economic, Social and Cultural Rights and the International Covenant on Civil and "
        "Political Rights, as well as other pertinent human rights instruments,"
    )
    offsets = [text.index(" the International"), text.index(" and the"), text.index(" as well")]
    return Document(
        title="Human rights and cultural diversity",
        formula="The General Assembly,",
        preamble=(
            para(
                Kind.PREAMBULAR,
                "PP1",
                text,
                footnote_refs=tuple(
                    FootnoteRef(m, o) for m, o in zip(["1", "2", "2"], offsets, strict=True)
                ),
            ),
        ),
        operative=(para(Kind.OPERATIVE, "OP1", "Takes note of the report;", "1"),),
        footnotes=(
            Footnote("1", "Resolution 217 A (III)."),
            Footnote("2", "See resolution 2200 A (XXI), annex."),
        ),
    )


def test_a_note_cited_twice_is_one_note_and_a_cross_reference_to_it() -> None:
    # Word gives every footnote reference a note of its own: the second citation of note 2
    # made a third note and renumbered every note after it.
    from tracker.text.read import read_docx

    doc = _cited_twice()
    data = write_docx(doc)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = package.read("word/document.xml").decode()
        notes = package.read("word/footnotes.xml").decode()
    assert body.count("<w:footnoteReference ") == 2
    assert notes.count("See resolution 2200 A (XXI), annex.") == 1
    assert body.count(" NOTEREF _RefNote") == 1 and 'w:name="_RefNote' in body
    back = read_docx(data)
    assert [(r.mark, r.offset) for r in back.preamble[0].footnote_refs] == [
        (r.mark, r.offset) for r in doc.preamble[0].footnote_refs
    ]
    assert [(f.mark, f.text) for f in back.footnotes] == [(f.mark, f.text) for f in doc.footnotes]


def test_words_simple_cross_reference_to_a_note_reads_as_its_mark() -> None:
    # Word writes a cross-reference also as one simple field; its printed `2` is no text.
    from tracker.text.read import read_docx

    data = write_docx(_cited_twice())
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    body = parts["word/document.xml"].decode()
    begin = body.index("<w:r><w:fldChar")
    end = body.index("</w:r>", body.index('w:fldCharType="end"')) + len("</w:r>")
    simple = (
        '<w:fldSimple w:instr=" NOTEREF _RefNote2 \\h "><w:r><w:rPr><w:vertAlign '
        'w:val="superscript"/></w:rPr><w:t>2</w:t></w:r></w:fldSimple>'
    )
    parts["word/document.xml"] = (body[:begin] + simple + body[end:]).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, content in parts.items():
            package.writestr(name, content)
    back = read_docx(out.getvalue())
    assert [r.mark for r in back.preamble[0].footnote_refs] == ["1", "2", "2"]
    assert "Rights,2" not in back.preamble[0].text
