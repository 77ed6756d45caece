"""Reading resolutions from plain text, e-mail Markdown and text copied from UN PDFs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tracker.text.document import Document, Kind, ParseError
from tracker.text.read.text import read_text
from tracker.text.read.vocabulary import derive_emphasis

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _read(name: str) -> Document:
    return read_text((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def zero_draft() -> Document:
    return _read("zero-draft-2021-hlm-modalities.txt")


@pytest.fixture(scope="module")
def res_79_286() -> Document:
    return _read("A_RES_79_286.pdf-text.txt")


def _subs(doc: Document, label: str) -> list[str]:
    paragraph = doc.find(label)
    assert paragraph is not None, label
    return [s.label for s in paragraph.subparagraphs]


# -- the 2021 zero draft (e-mail Markdown with a cover letter) --------------------------------


def test_zero_draft_structure(zero_draft: Document) -> None:
    assert zero_draft.counts()["preambular"] == 5
    assert zero_draft.counts()["operative"] == 15
    assert [p.label for p in zero_draft.operative] == [f"OP{n}" for n in range(1, 16)]
    assert _subs(zero_draft, "OP2") == ["(a)", "(b)", "(c)"]
    assert _subs(zero_draft, "OP4") == ["(a)", "(b)", "(c)", "(d)"]
    assert zero_draft.formula == "The General Assembly,"
    assert zero_draft.title.startswith("Modalities, format and organization")
    assert zero_draft.warnings == ()


def test_zero_draft_cover_letters_are_front_matter(zero_draft: Document) -> None:
    assert "Excellency" in zero_draft.front_matter
    assert "Volkan BOZKIR" in zero_draft.front_matter
    assert all("Excellency" not in p.text for p in zero_draft.walk())
    assert zero_draft.preamble[0].text.startswith("Recalling its resolution 74/176")


def test_zero_draft_paragraphs_split_by_footnotes_are_rejoined(zero_draft: Document) -> None:
    op2 = zero_draft.find("OP2")
    assert op2 is not None
    op2a = op2.subparagraphs[0]
    assert op2a.text.startswith("The opening plenary meeting will feature")
    assert "a representative of civil society, at least one of whom should be a survivor" in (
        op2a.text
    )
    assert op2a.text.endswith("identified by the President of the Assembly;")
    op13 = zero_draft.find("OP13")
    assert op13 is not None
    assert "broadest possible participation, and requests the Secretary-General" in op13.text
    assert op13.text.endswith("where applicable;")
    assert all("Treaty Series" not in p.text for p in zero_draft.walk())


def test_zero_draft_footnotes(zero_draft: Document) -> None:
    assert [(f.mark, f.paragraph_label) for f in zero_draft.footnotes] == [
        ("1", "PP3"),
        ("2", "PP3"),
        ("3", "OP9"),
        ("4", "OP10"),
    ]
    assert zero_draft.footnotes[0].text == "United Nations, Treaty Series, vol. 2225, No. 39574."
    assert zero_draft.footnotes[3].text == "Resolution 48/134, annex."
    pp3 = zero_draft.find("PP3")
    assert pp3 is not None
    first = pp3.footnote_refs[0]
    assert pp3.text[: first.offset].endswith("against Transnational Organized Crime")


def test_zero_draft_has_no_markdown_left(zero_draft: Document) -> None:
    texts = [p.text for p in zero_draft.walk()] + [f.text for f in zero_draft.footnotes]
    texts += [zero_draft.title, zero_draft.front_matter]
    for text in texts:
        assert "[" not in text and "](#)" not in text and "*" not in text, text[:80]
    pp1 = zero_draft.find("PP1")
    assert pp1 is not None and "resolution 68/192 of 18 December 2013" in pp1.text
    assert all(c not in p.text for p in zero_draft.walk() for c in "¹²³⁴")


def test_zero_draft_emphasis(zero_draft: Document) -> None:
    italics = {p.label: p.italic_text() for p in zero_draft.paragraphs}
    assert italics["OP1"] == "Decides"
    assert italics["OP2"] == "Also decides"
    assert italics["OP4"] == "Further decides"
    assert italics["OP10"] == "Also requests"
    # Preambular paragraphs come without asterisks; their opening words are derived.
    assert italics["PP1"] == "Recalling"
    assert italics["PP2"] == "Recalling also"
    assert italics["PP4"] == "Reaffirming"


# -- resolution 79/286 as copied from the official PDF ----------------------------------------


def test_pdf_text_structure(res_79_286: Document) -> None:
    counts = res_79_286.counts()
    assert (counts["preambular"], counts["operative"], counts["footnotes"]) == (6, 13, 5)
    assert _subs(res_79_286, "OP1") == ["(a)", "(b)", "(c)"]
    assert _subs(res_79_286, "OP2") == ["(a)", "(b)", "(c)"]
    assert _subs(res_79_286, "OP4") == ["(a)", "(b)", "(c)", "(d)"]
    assert res_79_286.symbol == "A/RES/79/286"
    assert res_79_286.title.startswith("Modalities, format and organization")
    assert not res_79_286.title.startswith("79/286")
    assert res_79_286.title.endswith("Trafficking in Persons")
    assert "67th plenary meeting" in res_79_286.back_matter
    assert "[without reference to a Main Committee (A/79/L.79)]" in res_79_286.front_matter


def test_pdf_text_has_no_page_furniture_in_paragraphs(res_79_286: Document) -> None:
    for paragraph in res_79_286.walk():
        for furniture in ("A/RES/79/286", "25-06952", "2506952", "2/4", "3/4", "4/4", "____"):
            assert furniture not in paragraph.text, (paragraph.label, furniture)
        assert "Treaty Series" not in paragraph.text
        assert "The list will include" not in paragraph.text
        assert "plenary meeting 29 April" not in paragraph.text
    op4 = res_79_286.find("OP4")
    assert op4 is not None
    assert op4.subparagraphs[0].text.endswith(
        "challenges, gaps and opportunities in implementation of the Global Plan of Action, "
        "including child trafficking, trafficking for forced labour and the link between "
        "trafficking in persons and organized crime groups”;"
    )
    op10 = res_79_286.find("OP10")
    assert op10 is not None and op10.text.endswith(
        "opening segment of the high-level meeting, on the implementation of the Global Plan of "
        "Action to Combat Trafficking in Persons;"
    )


def test_pdf_text_footnotes(res_79_286: Document) -> None:
    assert [(f.mark, f.paragraph_label) for f in res_79_286.footnotes] == [
        ("1", "PP3"),
        ("2", "PP3"),
        ("3", "OP1"),
        ("4", "OP9"),
        ("5", "OP11"),
    ]
    op1 = res_79_286.find("OP1")
    assert op1 is not None
    assert op1.text[: op1.footnote_refs[0].offset].endswith("Combat Trafficking in Persons")
    assert "Persons will be held" in op1.text
    op11 = res_79_286.find("OP11")
    assert op11 is not None
    assert "(Paris Principles), non-governmental" in op11.text


def test_pdf_text_hyphens_and_numbers_on_their_own_line(res_79_286: Document) -> None:
    op3 = res_79_286.find("OP3")
    op7 = res_79_286.find("OP7")
    assert op3 is not None and op7 is not None
    assert op3.text.startswith("Further decides that the proceedings")
    assert "the Secretary-General to give" in op3.text
    assert "the Inter-Agency Coordination Group" in op7.text
    assert "in the high-level meeting;" in op7.text
    op4 = res_79_286.find("OP4")
    assert op4 is not None and "two Co-Chairs" in op4.text  # U+2011 normalised


def test_pdf_text_emphasis_is_derived(res_79_286: Document) -> None:
    italics = {p.label: p.italic_text() for p in res_79_286.paragraphs}
    assert italics["PP3"] == "Recalling further"
    assert italics["PP6"] == "Welcoming"
    assert italics["OP2"] == "Also decides"
    assert italics["OP11"] == "Further requests"


# -- genre rules ------------------------------------------------------------------------------

MINIMAL = """Test resolution

The General Assembly,

Recalling its resolution 1/1,

1. Decides to act;
{rest}"""


def test_line_end_hyphen_rule() -> None:
    text = (
        "The General Assembly,\n\nRecalling the report of the Secretary-\nGeneral and the "
        "high-\nlevel meeting on inter-\nnational cooperation, noting that international "
        "law applies,\n\n1. Decides to act;\n"
    )
    pp1 = read_text(text).preamble[0]
    assert "Secretary-General" in pp1.text
    assert "high-level meeting" in pp1.text
    # `international` occurs elsewhere, `inter-national` does not: a soft split.
    assert "on international cooperation" in pp1.text


def test_a_hyphen_spaced_inside_a_line_is_closed_up() -> None:
    # A/RES/79/65, as one public pipeline took it from the PDF: `non- governmental` inside a
    # line; the adopted text of the next year prints `non-governmental`, and the paragraph
    # showed as changed.
    text = (
        "The General Assembly,\n\nRecalling its resolution 78/42,\n\n1. Appeals to "
        "intergovernmental and\nnon- governmental organizations and to small- and "
        "medium-sized enterprises to contribute;\n"
    )
    assert read_text(text).operative[0].text == (
        "Appeals to intergovernmental and non-governmental organizations and to small- and "
        "medium-sized enterprises to contribute;"
    )


def test_roman_after_h_is_a_letter_and_nested_roman_is_nested() -> None:
    letters = "\n".join(f"({c}) Item {c};" for c in "abcdefghij")
    doc = read_text(f"The General Assembly,\n\n1. Decides that:\n{letters}\n")
    assert _subs(doc, "OP1") == [f"({c})" for c in "abcdefghij"]
    nested = "(a) First:\n(i) one;\n(ii) two;\n(b) Second;\n"
    doc = read_text(f"The General Assembly,\n\n1. Decides that:\n{nested}")
    op1 = doc.find("OP1")
    assert op1 is not None
    assert [s.label for s in op1.subparagraphs] == ["(a)", "(b)"]
    assert [s.label for s in op1.subparagraphs[0].subparagraphs] == ["(i)", "(ii)"]
    assert op1.subparagraphs[0].subparagraphs[1].kind is Kind.SUB


def test_numbering_jumps_and_repeats_are_warnings_with_lines() -> None:
    text = MINIMAL.format(rest="2. Requests a report;\n4. Decides to remain seized;\n4. Again;\n")
    doc = read_text(text)
    assert [p.label for p in doc.operative] == ["OP1", "OP2", "OP4", "OP4"]
    messages = {(w.line, w.message) for w in doc.warnings}
    assert (9, "Numbering jumps from 2 to 4 (operative paragraph)") in messages
    assert (10, "Paragraph number 4 is repeated (operative paragraph)") in messages


def test_bis_paragraphs_keep_their_printed_number() -> None:
    doc = read_text(MINIMAL.format(rest="1 bis. Also decides to act;\n2. Requests a report.\n"))
    assert [p.label for p in doc.operative] == ["OP1", "OP1 bis", "OP2"]
    assert doc.operative[1].number == "1 bis"
    assert doc.warnings == ()


def test_other_formulas_and_symbol() -> None:
    doc = read_text(
        "A/HRC/RES/47/1\n\nThe right to development\n\nThe Human Rights Council,\n\n"
        "Guided by the Charter,\n\n1. Decides to act.\n"
    )
    assert doc.formula == "The Human Rights Council,"
    assert doc.symbol == "A/HRC/RES/47/1"
    assert doc.title == "The right to development"
    assert doc.preamble[0].italic_text() == "Guided by"
    ecosoc = read_text("Title\n\nThe Economic and Social Council,\n\n1. Decides to act.\n")
    assert ecosoc.formula == "The Economic and Social Council,"


def test_markdown_bullets_links_and_explicit_italics() -> None:
    doc = read_text(
        "# Title\n\n**The General Assembly,**\n\n*Recalling* resolution [70/1](#),\n\n"
        "1. *Calls upon* all States:\n - (a) To act;\n - (b) To report.\n"
    )
    assert doc.formula == "The General Assembly,"
    assert doc.title == "Title"
    assert doc.preamble[0].text == "Recalling resolution 70/1,"
    assert doc.operative[0].italic_text() == "Calls upon"
    assert _subs(doc, "OP1") == ["(a)", "(b)"]


def test_unwrapped_paragraphs_without_blank_lines() -> None:
    doc = read_text(
        "The General Assembly,\nRecalling its resolution 1/1,\nNoting with concern the "
        "situation,\n1. Decides to act;\n2. Requests a report.\n"
    )
    assert [p.label for p in doc.paragraphs] == ["PP1", "PP2", "OP1", "OP2"]
    assert doc.preamble[1].italic_text() == "Noting with concern"


@pytest.mark.parametrize(
    ("text", "kind", "italic"),
    [
        ("Once again urges States to act;", Kind.OPERATIVE, "Once again urges"),
        (
            "Takes note with appreciation of the report;",
            Kind.OPERATIVE,
            "Takes note with appreciation",
        ),
        ("Bearing in mind the Charter,", Kind.PREAMBULAR, "Bearing in mind"),
        ("Deeply concerned by the crisis,", Kind.PREAMBULAR, "Deeply concerned"),
        ("Taking note also of the report,", Kind.PREAMBULAR, "Taking note also"),
        ("Mindful of the need,", Kind.PREAMBULAR, "Mindful"),
        ("The Conference shall meet;", Kind.ANNEX, ""),
        ("United Nations entities are invited,", Kind.PREAMBULAR, ""),
        # A verb after a prefix and its hyphen (A/RES/72/76, paragraph 3) is italic as well.
        ("Re-emphasizes the need for the Committee;", Kind.OPERATIVE, "Re-emphasizes"),
        ("Re-emphasizing the right,", Kind.PREAMBULAR, "Re-emphasizing"),
        ("Also re-emphasizes the need;", Kind.OPERATIVE, "Also re-emphasizes"),
        ("Non-Self-Governing Territories of the Pacific;", Kind.OPERATIVE, ""),
        ("Well-being of all,", Kind.PREAMBULAR, ""),
        # Any adverb of manner before the verb or participle is italic with it, as printed
        # (A/RES/78/213, A/C.1/80/L.54); a word in -ly that is no such adverb is not.
        (
            "Unequivocally condemning the use of blanket Internet shutdowns,",
            Kind.PREAMBULAR,
            "Unequivocally condemning",
        ),
        ("Warmly congratulates the new leadership;", Kind.OPERATIVE, "Warmly congratulates"),
        ("Early warning systems save lives,", Kind.PREAMBULAR, ""),
        ("Monthly reports shall be submitted;", Kind.OPERATIVE, ""),
    ],
)
def test_derived_emphasis(text: str, kind: Kind, italic: str) -> None:
    spans = derive_emphasis(text, kind)
    assert " ".join(text[e.start : e.end] for e in spans) == italic


def test_declaration_adopted_inline() -> None:
    doc = read_text(
        "Political declaration\n\nThe General Assembly\n\nAdopts the following political "
        "declaration:\n\nPolitical declaration on things\n\nWe, Heads of State and Government, "
        "assembled here:\n\n1. Reaffirm our commitment;\n\n2. Commit to act.\n\n"
        "18th plenary meeting\n10 October 2018\n"
    )
    assert [p.label for p in doc.operative] == ["OP1"]
    assert doc.operative[0].number == ""
    assert doc.annex is not None
    assert doc.annex.title == "Political declaration on things"
    assert doc.annex.intro.startswith("We, Heads of State")
    assert [(p.label, p.kind) for p in doc.annex.paragraphs] == [
        ("Annex 1", Kind.ANNEX),
        ("Annex 2", Kind.ANNEX),
    ]
    assert doc.annex.paragraphs[0].italic_text() == "Reaffirm"
    assert doc.back_matter == "18th plenary meeting\n10 October 2018"


def test_annex_after_back_matter() -> None:
    doc = read_text(
        MINIMAL.format(
            rest="\n73rd plenary meeting\n7 June 2021\n\nAnnex\n\nTerms of reference"
            "\n\n1. The group shall meet;\n"
        )
    )
    assert doc.back_matter == "73rd plenary meeting\n7 June 2021"
    assert doc.annex is not None and doc.annex.title == "Terms of reference"
    assert [p.label for p in doc.annex.paragraphs] == ["Annex 1"]


def test_numbered_paragraphs_without_formula_are_read_with_a_warning() -> None:
    doc = read_text("Recalling its resolution 1/1,\n\n1. Decides to act;\n2. Requests more.\n")
    assert [p.label for p in doc.paragraphs] == ["PP1", "OP1", "OP2"]
    assert any("No formula" in w.message for w in doc.warnings)


@pytest.mark.parametrize("text", ["", "   \n\n\t  \n", "\ufeff"])
def test_empty_input(text: str) -> None:
    with pytest.raises(ParseError, match="The file is empty"):
        read_text(text)


def test_text_without_a_resolution_says_what_was_expected() -> None:
    with pytest.raises(ParseError) as error:
        read_text("Dear colleagues,\n\nPlease find the agenda below.\n\nBest regards\n")
    assert "The General Assembly" in error.value.message
    assert error.value.line == 1


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_text_copied_with_a_column_layout() -> None:
    # `pdftotext -layout` indents every line; first lines of paragraphs are indented deeper.
    def layout_text(name: str) -> str:
        return subprocess.run(
            ["pdftotext", "-layout", str(FIXTURES / name), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    res_73_8 = read_text(layout_text("A_RES_73_8.pdf"))
    counts = res_73_8.counts()
    assert (counts["preambular"], counts["operative"], counts["footnotes"]) == (8, 5, 1)
    assert res_73_8.footnotes[0].paragraph_label == "OP1"
    res_73_3 = read_text(layout_text("A_RES_73_3.pdf"))
    assert res_73_3.annex is not None and len(res_73_3.annex.paragraphs) == 53
    assert len(res_73_3.footnotes) == 7


def test_paragraph_labels_printed_in_a_negotiation_text() -> None:
    doc = read_text(
        "The General Assembly,\nPP1 Recalling its resolution 1/1,\nPP2 Noting the report,\n"
        "OP1 Decides to act;\nOP1 bis: Also decides to report;\n**OP2** Requests more.\n"
    )
    assert [p.label for p in doc.paragraphs] == ["PP1", "PP2", "OP1", "OP1 bis", "OP2"]
    assert doc.preamble[1].text == "Noting the report,"
    assert doc.operative[1].text == "Also decides to report;"
    assert doc.operative[1].italic_text() == "Also decides"


def test_form_feed_ends_a_footnote_block_and_keeps_line_numbers() -> None:
    doc = read_text(
        "The General Assembly,\n\nRecalling the Convention,1 and the Protocol\n_____\n"
        "1 Treaty Series.\n\fsupplementing it,\n\n1. Decides.\n"
    )
    assert doc.preamble[0].text == "Recalling the Convention, and the Protocol supplementing it,"
    assert [(f.mark, f.text, f.paragraph_label) for f in doc.footnotes] == [
        ("1", "Treaty Series.", "PP1")
    ]
    assert doc.operative[0].line == 8


def test_literal_stars_underscores_and_brackets_are_text_outside_markdown() -> None:
    text = (
        "The General Assembly,\n\n"
        "Recalling document A/75/123* and the ratio 2*3 of file_name_v2,\n\n"
        "1. Decides [agreed ad ref] to act [strongly]/[firmly];\n\n"
        "2. Requests [to be reviewed] a report.\n"
    )
    doc = read_text(text)
    assert doc.preamble[0].text == "Recalling document A/75/123* and the ratio 2*3 of file_name_v2,"
    assert doc.operative[0].text == "Decides [agreed ad ref] to act [strongly]/[firmly];"
    assert doc.operative[1].text == "Requests [to be reviewed] a report."
    assert not doc.footnotes


def test_markdown_marks_are_markup_only_in_markdown() -> None:
    from tracker.text.read import read_markdown

    doc = read_markdown("The General Assembly,\n\n*Recalling* A/75/123\\* and 2\\*3,\n\n1. Acts.\n")
    assert doc.preamble[0].text == "Recalling A/75/123* and 2*3,"
    assert doc.preamble[0].italic_text() == "Recalling"


@pytest.mark.parametrize(
    "formula",
    [
        "The Security Council,",
        "The Human Rights Council —",
        "The Economic and Social Council –",
        "The General Assembly",
    ],
)
def test_formulas_of_other_organs_with_a_dash_or_no_comma(formula: str) -> None:
    doc = read_text(f"Title\n\n{formula}\n\nRecalling its resolution 1/1,\n\n1. Decides to act.\n")
    assert doc.formula == formula
    assert [p.label for p in doc.paragraphs] == ["PP1", "OP1"]


def test_footnote_marks_set_apart_are_taken_by_the_bodies_that_exist() -> None:
    text = (
        "The General Assembly,\n\n"
        "Recalling the Beijing Declaration 1 and the Treaty on Nuclear Weapons 2and the\n"
        "opinion of the Court, 3in which about 5 million people and Goal 4 are named,\n\n"
        "1. Decides to act in 2022.4\n\n"
        "______________\n1 A/1.\n2 A/2.\n3 A/3.\n4 A/4.\n"
    )
    doc = read_text(text, markdown=False)
    assert doc.preamble[0].text == (
        "Recalling the Beijing Declaration and the Treaty on Nuclear Weapons and the opinion "
        "of the Court, in which about 5 million people and Goal 4 are named,"
    )
    assert [r.mark for r in doc.preamble[0].footnote_refs] == ["1", "2", "3"]
    assert doc.operative[0].text == "Decides to act in 2022."
    assert [r.mark for r in doc.operative[0].footnote_refs] == ["4"]


@pytest.mark.parametrize("rule", ["________________________________\n\n", ""])
def test_notes_numbered_in_brackets_as_an_e_mail_sets_them(rule: str) -> None:
    # A Word draft sent as the text of an e-mail (or copied from a web page): each note's
    # reference is its number in brackets after the word, and the notes follow at the end,
    # under a rule or not. They were left in the paragraphs' text and no note was read.
    text = (
        "80/27. Regional disarmament\n\nThe General Assembly,\n\n"
        "Noting that essential guidelines were adopted at the tenth special session of the "
        "General Assembly,[1]\n\n"
        "Recalling the guidelines adopted by the Disarmament Commission at its 1993 "
        "substantive session,[2] and the Charter [of the United Nations],\n\n"
        "1. Stresses that sustained efforts are needed[1] within the Conference [1];\n\n"
        "2. Decides to include the sub-item in its provisional agenda.\n\n"
        "52nd plenary meeting\n1 December 2025\n\n" + rule + "[1] Resolution S-10/2.\n\n"
        "[2] Official Records of the General Assembly, Forty-eighth Session, Supplement "
        "No. 42 (A/48/42), annex II.\n"
    )
    doc = read_text(text)
    assert [f.mark for f in doc.footnotes] == ["1", "2"]
    assert doc.footnotes[0].text == "Resolution S-10/2."
    assert doc.footnotes[1].text.endswith("(A/48/42), annex II.")
    assert [[r.mark for r in p.footnote_refs] for p in doc.paragraphs] == [
        ["1"],
        ["2"],
        ["1", "1"],
        [],
    ]
    assert doc.preamble[1].text == (
        "Recalling the guidelines adopted by the Disarmament Commission at its 1993 "
        "substantive session, and the Charter [of the United Nations],"
    )
    assert doc.operative[0].text == (
        "Stresses that sustained efforts are needed within the Conference;"
    )
    assert not doc.warnings


def test_a_number_in_brackets_with_no_note_of_its_own_stays_text() -> None:
    # A negotiated text's brackets hold words, and sometimes a number: without a note that
    # starts with the same number in brackets, `[2]` is the text's own.
    doc = read_text(
        "The General Assembly,\n\n1. Decides to hold [2] [two] meetings;\n\n"
        "[3] Alternatives are listed below.\n"
    )
    assert doc.operative[0].text == "Decides to hold [2] [two] meetings;"
    assert not doc.footnotes


def test_marks_left_without_their_notes_are_pointed_out() -> None:
    # Text copied out of a Word file keeps the notes' marks as digits after the words and
    # leaves the notes behind: the digits would be circulated as part of the text, and the
    # preview said nothing.
    doc = read_text(
        "The General Assembly,\n\n"
        "Noting the guidelines adopted at the tenth special session of the General Assembly,1\n\n"
        "Recalling the draft A/80/L.5/Rev.1 and 1,000 signatures, 12 in all,\n\n"
        "1. Welcomes the report of its 1993 substantive session;2\n\n"
        "2. Decides to remain seized of the matter.3\n"
    )
    assert doc.preamble[0].text.endswith("General Assembly,1")
    assert [str(w) for w in doc.warnings] == [
        "line 3: The text has no notes, but numbers after words look like their marks (PP1 "
        "“General Assembly,1”; OP1 “substantive session;2”; OP2 “the matter.3”): they stay in "
        "the text. If it was copied out of Word or a PDF, upload the file itself to keep its "
        "notes"
    ]


def test_a_symbols_number_is_no_mark_left_without_its_note() -> None:
    doc = read_text(
        "The General Assembly,\n\nRecalling A/80/L.5/Rev.1, para.7 and 1,000 signatures,\n\n"
        "1. Takes note of A/80/L.6/Add.1\n"
    )
    assert not doc.warnings


@pytest.mark.parametrize("where", ["between", "at the end"])
def test_notes_set_as_paragraphs_without_a_rule(where: str) -> None:
    # Text copied out of a PDF saved from Word, and the other public pipeline's plain text of
    # A/RES/80/27, print no rule over the notes: each note stands as a paragraph of its own,
    # at its page's foot between the text's paragraphs or all at the end. They were read into
    # the paragraph before, or set aside after the meeting's line, their marks left as text.
    note_1 = "1 Resolution S-10/2.\n\n"
    note_2 = (
        "2 Official Records of the General Assembly, Forty-eighth Session, Supplement No. 42.\n"
    )
    text = (
        "80/27. Regional disarmament\n\nThe General Assembly,\n\n"
        "Noting that guidelines were adopted at the tenth special session of the General "
        "Assembly, 1\n\n" + (note_1 if where == "between" else "") + "Recalling the guidelines "
        "adopted by the Disarmament Commission at its 1993 substantive session,2\n\n"
        "1. Stresses that sustained efforts are needed;\n\n"
        "2. Decides to include the sub-item in its provisional agenda.\n\n"
        "52nd plenary meeting 1 December 2025\n\n" + ("" if where == "between" else note_1) + note_2
    )
    doc = read_text(text, markdown=False)
    assert [(f.mark, f.text[:20]) for f in doc.footnotes] == [
        ("1", "Resolution S-10/2."),
        ("2", "Official Records of "),
    ]
    assert [[r.mark for r in p.footnote_refs] for p in doc.paragraphs] == [["1"], ["2"], [], []]
    assert doc.preamble[0].text.endswith("special session of the General Assembly,")
    assert not doc.warnings


def test_a_numbered_line_of_its_own_is_no_note_unless_a_mark_cites_it() -> None:
    # Without a rule, a line that starts with a number is a note only for a number cited
    # before it: a date on a line of its own, or a list numbered without stops, is text.
    doc = read_text(
        "The General Assembly,\n\nRecalling its resolution 79/25 of 2 December 2024 and Goal 1,"
        "\n\n1. Decides to convene the meeting on:\n\n1 December 2026 in New York;\n\n"
        "2. Requests a report.\n\n1 Introduction of the report\n",
        markdown=False,
    )
    assert not doc.footnotes
    assert doc.preamble[0].text.endswith("and Goal 1,")


def test_a_converters_rule_sets_the_pages_notes_apart() -> None:
    # The other public pipeline's plain text writes the rule over a page's notes as `---`, on
    # a line of its own (A/RES/80/18) or left at the end of the line before, the paragraph
    # running on after the notes (A/RES/80/22). The rule was read as a preambular paragraph
    # or kept in the paragraph's text, and the notes as text.
    doc = read_text(
        "80/22. Role of science and technology\n\nThe General Assembly,\n\n"
        "Noting the support expressed in the Conference on Disarmament,1\n---\n\n"
        "1 Resolution S-10/2.\n\n2 A/80/237.\n\n"
        "1. Takes note of the updated report of the Secretary-General;2\n\n"
        "2. Encourages Member States to organize events at the national, regional and "
        "international ---\n\n3 United Nations, Treaty Series, vol. 1015, No. 14860.\n\n"
        "levels, on the role of science and technology;3\n\n"
        "3. Decides to include the item in its provisional agenda.\n",
        markdown=False,
    )
    assert [p.label for p in doc.paragraphs] == ["PP1", "OP1", "OP2", "OP3"]
    assert [f.text for f in doc.footnotes] == [
        "Resolution S-10/2.",
        "A/80/237.",
        "United Nations, Treaty Series, vol. 1015, No. 14860.",
    ]
    assert doc.operative[1].text == (
        "Encourages Member States to organize events at the national, regional and "
        "international levels, on the role of science and technology;"
    )
    assert [[r.mark for r in p.footnote_refs] for p in doc.paragraphs] == [
        ["1"],
        ["2"],
        ["3"],
        [],
    ]


def test_a_run_of_notes_without_a_rule_takes_each_note_of_it() -> None:
    # A/RES/80/20's notes stand at the end as paragraphs of their own: its fifth is cited
    # after a plain word (`the agenda 5 and`), its seventh lists States over lines that end
    # with commas. Only the notes before them were read.
    doc = read_text(
        "80/20. No first placement of weapons in outer space\n\nThe General Assembly,\n\n"
        "Recalling the Treaty on Outer Space,1 and the draft treaty,2\n\n"
        "Welcoming the adoption of the agenda 3 and of the statements made by a number of "
        "States 4 that they would not be the first to place weapons in outer space,\n\n"
        "1. Urges the start of substantive work;\n\n"
        "2. Decides to include the item in its provisional agenda.\n\n"
        "52nd plenary meeting 1 December 2025\n\n1 United Nations, Treaty Series, vol. 610.\n\n"
        "2 See CD/1839.\n\n3 Argentina, Armenia, Belarus,\nBrazil and Zimbabwe.\n\n"
        "4 See resolution S-10/2.\n",
        markdown=False,
    )
    assert [f.mark for f in doc.footnotes] == ["1", "2", "3", "4"]
    assert doc.footnotes[2].text == "Argentina, Armenia, Belarus, Brazil and Zimbabwe."
    assert [[r.mark for r in p.footnote_refs] for p in doc.preamble] == [["1", "2"], ["3", "4"]]


def test_the_whole_title_left_between_preambular_paragraphs_is_a_running_title() -> None:
    # A/RES/80/27, titled `Regional disarmament`: the page's running title is left between
    # two preambular paragraphs, in the Markdown of the library as in plain text, and was read
    # as a section heading. Four words or more of the title were taken out already.
    doc = read_text(
        "80/27. Regional disarmament\n\nThe General Assembly,\n\n"
        "Noting the guidelines adopted at the tenth special session,\n\n"
        "Regional disarmament\n\nRecalling the guidelines adopted in 1993,\n\n"
        "1. Stresses that sustained efforts are needed;\n",
        markdown=False,
    )
    assert doc.headings == ()
    assert [p.label for p in doc.paragraphs] == ["PP1", "PP2", "OP1"]


def test_a_converters_note_made_of_a_date_goes_on_the_note_before() -> None:
    # The Markdown of A/RES/80/18 breaks note 2 at a date and makes its end a note of its own
    # (`... as from` / `[^7]: February 1984.`), note 7 coming later: the text had two notes 7,
    # and note 2 stopped at `as from`.
    from tracker.text.read import read_markdown

    doc = read_markdown(
        "The General Assembly,\n\nRecalling the Final Document,[^1] and the Conference on "
        "Disarmament,[^2]\n\n1. Notes the declarations of States.[^3]\n\n"
        "52nd plenary meeting 1 December 2025\n\n---\n\n[^1]: Resolution S-10/2.\n\n"
        "[^2]: The Committee on Disarmament was redesignated the Conference on Disarmament as "
        "from\n[^7]: February 1984.\n\n[^3]: See A/57/759-S/2003/332, annex I.\n\n"
        "[^7]: Not cited.\n"
    )
    assert doc.footnotes[1].text == (
        "The Committee on Disarmament was redesignated the Conference on Disarmament as from "
        "7 February 1984."
    )
    assert [f.mark for f in doc.footnotes][:3] == ["1", "2", "3"]


def test_notes_without_a_rule_set_one_under_another() -> None:
    # Notes at the end without a rule or a blank line between them: each starts on the line
    # under the end of the one before. They were read as one note, its second mark left in
    # the text. A date under a note's unfinished text goes on it.
    doc = read_text(
        "The General Assembly,\n\nRecalling the session,1 the Treaty,2 and the report,3\n\n"
        "1. Decides to act.\n\n52nd plenary meeting\n1 December 2025\n\n"
        "1 Resolution S-10/2.\n2 A/80/237.\n3 The Committee was renamed as from\n"
        "4 February 1984.\n",
        markdown=False,
    )
    assert [(f.mark, f.text) for f in doc.footnotes] == [
        ("1", "Resolution S-10/2."),
        ("2", "A/80/237."),
        ("3", "The Committee was renamed as from 4 February 1984."),
    ]
    assert doc.preamble[0].text == "Recalling the session, the Treaty, and the report,"
    assert [r.mark for r in doc.preamble[0].footnote_refs] == ["1", "2", "3"]


def test_forty_notes_set_one_under_another_are_forty_notes() -> None:
    # A long resolution's notes at the end, one under another without a rule or blank lines:
    # a block that long is read note by note, each to the next one's first line.
    citing = " ".join(f"item {n},{n}" for n in range(1, 41))
    notes = "\n".join(f"{n} A/80/{100 + n}." for n in range(1, 41))
    doc = read_text(
        f"The General Assembly,\n\nRecalling {citing}\n\n1. Decides to act.\n\n{notes}\n",
        markdown=False,
    )
    assert [f.mark for f in doc.footnotes] == [str(n) for n in range(1, 41)]
    assert doc.footnotes[39].text == "A/80/140."
    assert len(doc.preamble[0].footnote_refs) == 40
