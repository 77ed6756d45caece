"""Shapes of real drafts and resolutions beyond the corpus, read from the text of their PDFs.

Each text is cut from a real document of the seventy-eighth or eightieth session (named in the
test), with its page furniture, footnote blocks and blank lines as the PDF's text layer gives
them.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tracker.text.document import Document, FootnoteRef
from tracker.text.export_docx import write_docx
from tracker.text.export_plain import write_plain_text
from tracker.text.export_text import write_text
from tracker.text.read import read_docx
from tracker.text.read.text import read_text

#: The first page's furniture of a draft, as PyMuPDF gives it.
HEAD = (
    "United Nations \n{symbol}\n \n \nGeneral Assembly \nDistr.: Limited \n20 November 2025 \n"
    "Original: English \n \n25-18981 (E)    251125 \n*2518981* \n \n \nEightieth session \n"
)


#: A/RES/79/1 cut short: the Pact for the Future adopted inline, then annexes I and II.
PACT = Path(__file__).resolve().parents[1] / "fixtures" / "pact-with-two-annexes.txt"


def _read(symbol: str, text: str) -> Document:
    return read_text(HEAD.format(symbol=symbol) + text, markdown=False)


def _assert_only_warned_of_the_excerpts_start(doc: Document, number: int) -> None:
    """An excerpt that starts at operative paragraph `number` is warned of that alone."""
    assert [w.message for w in doc.warnings] == [
        f"The first operative paragraph is numbered {number}, not 1"
    ]


def test_a_title_that_opens_with_a_year_is_the_title() -> None:
    # A/80/L.15: the title under `Draft resolution submitted by the President ...` starts with
    # a number, which after a line that does not end a sentence would run on into it.
    doc = _read(
        "A/80/L.15",
        "Agenda item 62 \nPeacebuilding and sustaining peace \n \n \n \n \n \n"
        "Draft resolution submitted by the President of the General Assembly \n \n \n \n"
        " 2025 review of the United Nations peacebuilding architecture \n \n \n \n"
        "The General Assembly, \n \n"
        "Guided by the purposes and principles of the Charter of the United Nations, \n \n"
        "1. \nReaffirms all relevant resolutions; \n",
    )
    assert doc.title == "2025 review of the United Nations peacebuilding architecture"
    assert "submitted by the President of the General Assembly" in doc.front_matter
    assert [p.label for p in doc.paragraphs] == ["PP1", "OP1"]


def test_a_section_heading_at_the_top_of_a_page_is_a_heading() -> None:
    # A/80/L.15: the last section's heading stands first on the last page, after the page's
    # furniture; it is neither the end of paragraph 23 nor text of paragraph 24.
    doc = _read(
        "A/80/L.15",
        "Peacebuilding \n \n \n \n"
        "The General Assembly, \n \n"
        "Guided by the Charter of the United Nations, \n \n"
        "23. Urges efforts to address existing financing gaps for youth-led initiatives \n"
        "and youth organizations, and encourages all financing stakeholders to increase \n"
        "coordination and collaboration with youth on financing national priorities; \n \n"
        "\nA/80/L.15\n \n7/7\n25-18981 \n \n \n \n"
        "Department of Political and Peacebuilding Affairs/Peacebuilding Support Office \n \n \n"
        "24. Encourages the Peacebuilding Support Office to further enhance internal \n"
        "coordination; \n",
    )
    op23, op24 = doc.operative
    assert op23.text.endswith("on financing national priorities;")
    assert op24.text == (
        "Encourages the Peacebuilding Support Office to further enhance internal coordination;"
    )
    heading = doc.headings[-1]
    assert heading.text == (
        "Department of Political and Peacebuilding Affairs/Peacebuilding Support Office"
    )
    assert heading.before == "OP24"
    _assert_only_warned_of_the_excerpts_start(doc, 23)


def test_a_paragraph_that_goes_on_over_a_page_after_a_colon_stays_whole() -> None:
    # A/C.2/80/L.9: a report's title is cut by the page break after its colon, and the next
    # page opens with a word that would open a preambular paragraph (`Financing ...`).
    doc = _read(
        "A/C.2/80/L.9",
        "Follow-up \n \n \n \n"
        "The General Assembly, \n \n"
        "Recalling its resolutions, \n \n"
        "7. \nRecalls the report of the Inter-Agency Task Force on Financing for \n"
        "Development entitled Financing for Sustainable Development Report 2024: \n"
        "__________________ \n \n9  Sales No. E.24.I.4. \n"
        "\nA/C.2/80/L.9 \n \n25-16547\n4/4 \n \n"
        "Financing for Development at a Crossroads,9 calls upon the Inter-Agency Task Force \n"
        "to continue to report annually;  \n \n"
        "8. \nReiterates its commitment; \n",
    )
    assert [p.label for p in doc.operative] == ["OP7", "OP8"]
    assert doc.operative[0].text.endswith(
        "Report 2024: Financing for Development at a Crossroads, calls upon the Inter-Agency "
        "Task Force to continue to report annually;"
    )
    assert not [w for w in doc.warnings if "Unnumbered text" in w.message]


def test_a_title_ending_with_session_is_the_title() -> None:
    # A/C.6/80/L.10: `... on the work of its fifty-eighth session` is the title, not the
    # `Eightieth session` line of the front matter.
    doc = _read(
        "A/C.6/80/L.10",
        "Sixth Committee \nAgenda item 78 \nReport of the United Nations Commission on "
        "International \nTrade Law on the work of its fifty-eighth session \n \n \n \n \n \n"
        "Armenia, Austria and Zambia: draft resolution \n \n \n \n"
        " Report of the United Nations Commission on International Trade \n"
        "Law on the work of its fifty-eighth session \n \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 2205 (XXI), \n \n"
        "1. \nTakes note of the report; \n",
    )
    assert doc.title == (
        "Report of the United Nations Commission on International Trade Law on the work of its "
        "fifty-eighth session"
    )
    assert doc.sponsors == ("Armenia", "Austria", "Zambia")


def test_sections_that_number_on_from_the_last_are_read_without_warnings() -> None:
    # A/C.6/80/L.10: ten sections (I Legislative activities, II ...) whose paragraphs number on
    # from the section before; a section that starts again at 1, or a number skipped, is
    # still said.
    doc = _read(
        "A/C.6/80/L.10",
        "Trade law \n \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 2205 (XXI), \n \n"
        "1. \nTakes note of the report; \n \n \n \nI \n \n \nLegislative activities \n \n \n"
        "2. \nCommends the Commission; \n \n \n \nII \n \n \nTravel assistance \n \n \n"
        "3. \nAppeals to Governments; \n",
    )
    assert [p.label for p in doc.operative] == ["OP1", "OP2", "OP3"]
    assert [(h.number, h.text, h.before) for h in doc.headings] == [
        ("I", "Legislative activities", "OP2"),
        ("II", "Travel assistance", "OP3"),
    ]
    assert not doc.warnings

    skipped = _read(
        "A/C.6/80/L.10",
        "Trade law \n \n \n \nThe General Assembly, \n \n1. \nTakes note of the report; \n \n"
        "I \n \nLegislative activities \n \n3. \nCommends the Commission; \n",
    )
    assert [w.message for w in skipped.warnings] == [
        "The first operative paragraph is numbered 3, not 1"
    ]


def test_an_amendment_of_one_instruction_is_its_paragraph() -> None:
    # A/80/L.20, whole: no formula and no number, one instruction.
    doc = _read(
        "A/80/L.20",
        "Agenda item 72 (a) \nStrengthening of the coordination of humanitarian and \n"
        "disaster relief assistance of the United Nations \n \n \n \n \n \n"
        "Russian Federation:* amendment to draft resolution A/80/L.18  \n \n \n \n"
        " Safety and security of humanitarian personnel and protection of \n"
        "United Nations personnel \n \n \n \n"
        "Delete operative paragraph 9. \n \n \n \n"
        "* Any changes to the list of sponsors will be reflected in the official record of the "
        "meeting. \n",
    )
    assert doc.title == (
        "Safety and security of humanitarian personnel and protection of United Nations personnel"
    )
    assert doc.sponsors == ("Russian Federation",)
    assert [(p.label, p.text) for p in doc.paragraphs] == [("OP1", "Delete operative paragraph 9.")]
    assert not doc.warnings  # an amendment has no formula of its own


def test_an_amendment_names_a_committees_draft_by_its_number_in_the_report() -> None:
    # A/80/L.38 amends a draft that the Second Committee recommended: `...:* amendment to` /
    # `draft resolution 4 recommended by the Second Committee in its report` / `contained in
    # document A/80/555`. Only `amendment to draft resolution` was kept, so the Word export's
    # sponsors line did not say which draft the text amends.
    doc = _read(
        "A/80/L.38",
        "Agenda item 18 \nMacroeconomic policy questions \n \n \n \n"
        "Austria, Belgium, Bulgaria, Spain and Sweden:* amendment to \n"
        "draft resolution 4 recommended by the Second Committee in its report \n"
        "contained in document A/80/555 \n \n \n"
        " International trade and development \n \n \n \n"
        "Delete the twenty-first preambular paragraph and operative paragraphs 35, 38 \n"
        "and 39. \n \n \n \n"
        "* Any changes to the list of sponsors will be reflected in the official record of the "
        "meeting. \n",
    )
    named = (
        "amendment to draft resolution 4 recommended by the Second Committee in its report "
        "contained in document A/80/555"
    )
    assert doc.sponsored_as == named
    assert doc.sponsors[-1] == "Sweden"
    assert doc.title == "International trade and development"
    for again in (read_text(write_plain_text(doc), markdown=False), read_docx(write_docx(doc))):
        assert (again.sponsored_as, again.sponsors) == (named, doc.sponsors)


def test_an_amendment_quoting_a_paragraph_cites_its_star_note_after_a_comma() -> None:
    # A/80/L.19 deletes a paragraph it quotes, whose note on the Rome Statute it marks with
    # two stars after a comma (`Criminal Court,** and noting`). The mark stayed in the text,
    # the note was cited nowhere, and a Word export lost it; the plain text export, its two
    # star notes on consecutive lines, read back as one note.
    doc = _read(
        "A/80/L.19",
        "Agenda item 72 (a) \nStrengthening of the coordination of humanitarian and \n"
        "disaster relief assistance of the United Nations \n \n \n \n \n \n"
        "Russian Federation:* amendment to draft resolution A/80/L.18 \n \n \n"
        "Safety and security of humanitarian personnel and protection of \n"
        "United Nations personnel \n \n \n \n"
        "Delete the thirty-eighth preambular paragraph reading: \n \n"
        "Recalling the inclusion of attacks as a war crime in the Rome \n"
        "Statute of the International Criminal Court,** and noting the role that the Court can \n"
        "play in appropriate cases, \n \n \n \n"
        "* Any changes to the list of sponsors will be reflected in the official record of the "
        "meeting. \n \n** United Nations, Treaty Series, vol. 2187, No. 38544. \n",
    )
    (paragraph,) = doc.paragraphs
    assert "Criminal Court, and noting" in paragraph.text
    at = paragraph.text.index("Court,") + len("Court,")
    assert paragraph.footnote_refs == (FootnoteRef("**", at),)
    assert [(f.mark, f.text) for f in doc.footnotes] == [
        (
            "*",
            "Any changes to the list of sponsors will be reflected in the official record of "
            "the meeting.",
        ),
        ("**", "United Nations, Treaty Series, vol. 2187, No. 38544."),
    ]
    assert write_text(read_text(write_plain_text(doc), markdown=False)) == write_text(doc)
    assert write_text(read_docx(write_docx(doc))) == write_text(doc)


def test_an_amendment_whose_title_opens_like_a_preambular_paragraph() -> None:
    # A/80/L.30: numbered instructions under a title that starts with an -ing word.
    doc = _read(
        "A/80/L.30",
        "Agenda item 72 (a) \nStrengthening of the coordination \n \n \n \n"
        "United States of America:* amendment to draft resolution A/80/L.25 \n \n \n"
        "Strengthening of the coordination of emergency humanitarian \n"
        "assistance of the United Nations  \n \n \n"
        "1. \nIn the fourth preambular paragraph, delete “and expressing deep concern about \n"
        "the impact of climate change,”. \n"
        "2. \nDelete the sixteenth preambular paragraph. \n \n \n \n"
        "* Any changes to the list of sponsors will be reflected in the official record of the "
        "meeting. \n",
    )
    assert doc.title == (
        "Strengthening of the coordination of emergency humanitarian assistance of the United "
        "Nations"
    )
    assert [p.label for p in doc.paragraphs] == ["OP1", "OP2"]
    assert doc.operative[1].text == "Delete the sixteenth preambular paragraph."
    assert not doc.warnings


def test_footnote_marks_at_a_line_start_and_after_a_year() -> None:
    # A/C.3/80/L.10 (a mark printed at the start of the next line), A/C.3/80/L.40 (a mark set
    # apart after a year, inside a line) and A/C.3/80/L.51 (the same at a line's end).
    doc = _read(
        "A/C.3/80/L.10",
        "Social inclusion \n \n \n \n"
        "The General Assembly, \n \n"
        "Welcoming the Copenhagen Declaration on Social Development and Programme of \n"
        "Action of the World Summit for Social Development\n"
        "1  and its implementation, \n \n"
        "Recalling the reports on resolutions 52/120 of 12 December 1997 2 and 55/110 of \n"
        "4 December 2000, \n \n"
        "Recalling Commission on Human Rights resolution 1993/51 of 9 March 1993 3 \n"
        "and all its subsequent resolutions, \n \n"
        "1. \nDecides to act; \n"
        "__________________ \n \n"
        "1  Report of the World Summit for Social Development. \n"
        "2  A/53/293. \n3 See Official Records of the Economic and Social Council, 1993. \n",
    )
    texts = [
        (p.text, [(r.mark, p.text[: r.offset][-12:]) for r in p.footnote_refs])
        for p in doc.preamble
    ]
    assert texts == [
        (
            "Welcoming the Copenhagen Declaration on Social Development and Programme of Action "
            "of the World Summit for Social Development and its implementation,",
            [("1", " Development")],
        ),
        (
            "Recalling the reports on resolutions 52/120 of 12 December 1997 and 55/110 of "
            "4 December 2000,",
            [("2", "ecember 1997")],
        ),
        (
            "Recalling Commission on Human Rights resolution 1993/51 of 9 March 1993 and all its "
            "subsequent resolutions,",
            [("3", "9 March 1993")],
        ),
    ]
    assert not doc.warnings


def test_a_running_title_over_two_lines_is_taken_out() -> None:
    # A/RES/80/60: the running title wraps, and its last line (`in Africa`) is too short to be
    # known as the title alone.
    doc = read_text(
        "United Nations \nA/RES/80/60 \n \nGeneral Assembly \nDistr.: General \n"
        "8 December 2025 \n \nEightieth session \nAgenda item 98 (c) \n \n"
        "Resolution adopted by the General Assembly on 1 December 2025 \n \n"
        "[on the report of the First Committee (A/80/536, para. 12)] \n \n"
        "80/60. United Nations Regional Centre for Peace and Disarmament in Africa \n \n"
        "The General Assembly, \n \nRecalling its resolutions, \n \n"
        "1. \nNotes with appreciation the assistance that the Centre provides to control \n"
        "small arms \n"
        "_______________ \n \n1 See resolution 70/1. \n\n"
        "United Nations Regional Centre for Peace and Disarmament \nin Africa \nA/RES/80/60\n \n"
        "25-20011 \n3/4 \n \n"
        "and light weapons;1 \n",
        markdown=False,
    )
    assert doc.title == "United Nations Regional Centre for Peace and Disarmament in Africa"
    assert doc.operative[0].text == (
        "Notes with appreciation the assistance that the Centre provides to control small arms "
        "and light weapons;"
    )


def test_markdown_with_written_and_plain_footnote_marks() -> None:
    # A/RES/80/18 as converted to Markdown: some marks written as `[^2]`, others left as the
    # PDF's plain digits (`,3`), each with its `[^n]:` note.
    doc = read_text(
        "The General Assembly,\n\n"
        "Recalling the special report of the Committee on Disarmament[^1] submitted at its "
        "twelfth special session,[^2] the second special session devoted to disarmament,3 "
        "and of the Conference on Disarmament,[^4] the third special session,[^5] as well as "
        "the report of the Conference on its 1992 session,6\n\n"
        "1. Decides to act;\n\n"
        "---\n\n[^1]: The Committee was redesignated.\n\n[^2]: A/S-12/2.\n\n"
        "[^3]: A/S-12/3.\n\n[^4]: A/S-15/2.\n\n[^5]: A/S-15/3.\n\n[^6]: A/47/27.\n",
        markdown=True,
    )
    paragraph = doc.preamble[0]
    assert "devoted to disarmament, and of the Conference" in paragraph.text
    assert paragraph.text.endswith("as well as the report of the Conference on its 1992 session,")
    assert [r.mark for r in paragraph.footnote_refs] == ["1", "2", "3", "4", "5", "6"]
    assert not doc.warnings


def test_footnote_marks_set_apart_after_a_plain_word_or_before_a_name() -> None:
    # A/80/L.11 (`girls 12 and`), A/C.5/80/L.20 (`oversight 2 and`), A/C.1/80/L.55 (`the
    # 2000 7 and the 2010 8 Review Conferences`), A/C.2/80/L.5 (`on COVID-19 13 and`) and
    # A/RES/79/105 (`the ruling 8 issued on`); a number after a word that counts stays.
    doc = _read(
        "A/80/L.11",
        "Indigenous women \n \n \n \n"
        "The General Assembly, \n \n"
        "Recalling general recommendation No. 39 (2022) on the rights of Indigenous women and "
        "girls 1 and \ngeneral recommendation No. 40 (2024), \n \n"
        "Recalling the report on internal oversight 2 and the related report, \n \n"
        "Recalling the Final Documents of the 2000 3 and the 2010 4 Review Conferences, and "
        "the cost of 5 and 6 per cent in stage 5 of the plan, \n \n"
        "Taking note of the statement of the Group on COVID-19 5 and its implementation, \n \n"
        "Noting the ruling 6 issued on 21 December 2018, \n \n"
        "1. \nDecides to act; \n"
        "__________________ \n \n1  CEDAW/C/GC/39. \n \n2  A/80/90/Add.1. \n \n"
        "3  NPT/CONF.2000/28. \n \n4  NPT/CONF.2010/50. \n \n5  See A/74/843, annex. \n \n"
        "6  District Court of Guam, decision of 21 December 2018. \n",
    )
    assert [p.text for p in doc.preamble] == [
        "Recalling general recommendation No. 39 (2022) on the rights of Indigenous women and "
        "girls and general recommendation No. 40 (2024),",
        "Recalling the report on internal oversight and the related report,",
        "Recalling the Final Documents of the 2000 and the 2010 Review Conferences, and the cost "
        "of 5 and 6 per cent in stage 5 of the plan,",
        "Taking note of the statement of the Group on COVID-19 and its implementation,",
        "Noting the ruling issued on 21 December 2018,",
    ]
    marks = [[r.mark for r in p.footnote_refs] for p in doc.preamble]
    assert marks == [["1"], ["2"], ["3", "4"], ["5"], ["6"]]
    assert not doc.warnings


def test_a_mark_after_a_units_name_at_a_lines_end_is_a_mark() -> None:
    # A/C.1/80/L.60, paragraph 15: `the Implementation Support Unit 11` / `and taking ...`
    # cites note 11; the number was kept as a count of units, and note 11 cited nothing.
    doc = _read(
        "A/C.1/80/L.60",
        "Biological Weapons Convention \n \n \n \nThe General Assembly, \n \n"
        "Recalling its previous resolutions, \n \n"
        "1. \nAlso welcomes the decision of the Ninth Review Conference, without prejudice to "
        "the decision of the \nSixth Review Conference on the establishment of the "
        "Implementation Support Unit 11 \nand taking into account its decisions; \n"
        "__________________ \n \n11 See BWC/CONF.VI/6. \n",
    )
    assert doc.operative[0].text == (
        "Also welcomes the decision of the Ninth Review Conference, without prejudice to the "
        "decision of the Sixth Review Conference on the establishment of the Implementation "
        "Support Unit and taking into account its decisions;"
    )
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("11", "OP1")]


def test_an_amendment_quoting_the_paragraph_it_deletes() -> None:
    # A/80/L.19: the instruction ends with `reading:` and the paragraph follows as printed.
    doc = _read(
        "A/80/L.19",
        "Humanitarian personnel \n \n \n \n"
        "Russian Federation:* amendment to draft resolution A/80/L.18 \n \n \n \n"
        " Safety and security of humanitarian personnel \n \n \n \n"
        "Delete the thirty-eighth preambular paragraph reading: \n \n"
        "Recalling the inclusion of attacks intentionally directed against personnel \n"
        "involved in a humanitarian assistance or peacekeeping mission as a war crime, \n \n \n \n"
        "* Any changes to the list of sponsors will be reflected in the official record of the "
        "meeting. \n",
    )
    assert doc.annex is None
    assert [p.text for p in doc.paragraphs] == [
        "Delete the thirty-eighth preambular paragraph reading: Recalling the inclusion of "
        "attacks intentionally directed against personnel involved in a humanitarian assistance "
        "or peacekeeping mission as a war crime,"
    ]


def test_a_sentence_left_open_at_a_page_break_goes_on() -> None:
    # A/C.2/80/L.33: the page breaks after `made during the`, and the next page opens with a
    # word that would open a preambular paragraph.
    doc = _read(
        "A/C.2/80/L.33",
        "Education \n \n \n \n"
        "The General Assembly, \n \nRecalling its resolutions, \n \n"
        "14. Notes Member States’ engagement, and invites Member States to implement the \n"
        "national commitments made during the \n\nA/C.2/80/L.33\n \n7/7\n25-16897 \n \n"
        "Transforming Education Summit process; \n \n"
        "15. Reaffirms the role of the Organization; \n",
    )
    assert [p.text for p in doc.operative] == [
        "Notes Member States’ engagement, and invites Member States to implement the national "
        "commitments made during the Transforming Education Summit process;",
        "Reaffirms the role of the Organization;",
    ]
    _assert_only_warned_of_the_excerpts_start(doc, 14)


def test_a_list_inside_a_sentence_whose_letter_starts_a_line() -> None:
    # A/C.2/80/L.33: `(a)` and `(b)` run in the sentence, and the line breaks before `(c)`.
    doc = _read(
        "A/C.2/80/L.33",
        "Education \n \n \n \n"
        "The General Assembly, \n \nRecalling its resolutions, \n \n"
        "1. \nEncourages Governments to commit to building resilient education systems by (a) \n"
        "providing support to teachers; (b) investing in skills development; \n"
        "(c) eradicating poverty; and (d) building emergency preparedness; \n",
    )
    paragraph = doc.operative[0]
    assert paragraph.subparagraphs == ()
    assert paragraph.text.endswith(
        "(b) investing in skills development; (c) eradicating poverty; and (d) building "
        "emergency preparedness;"
    )
    assert not doc.warnings


def test_a_footnote_mark_glued_to_the_word_that_starts_a_line() -> None:
    # A/RES/80/181, whose text layer gives a word a line: the mark after `inclusion”,` opens
    # the next line, glued to `and`; an ordinal there (`3rd`) is no mark.
    doc = _read(
        "A/RES/80/181",
        "Social inclusion \n \n \n \n"
        "The General Assembly, \n \nRecalling its resolutions, \n \n"
        "1. \nTakes note of the report of the Secretary-General, entitled “Promoting \nsocial \n"
        "inclusion”, \n1and \nof \nits \nfindings, and of the \n3rd \nmeeting; \n"
        "__________________ \n \n1 A/80/155. \n",
    )
    paragraph = doc.operative[0]
    assert paragraph.text == (
        "Takes note of the report of the Secretary-General, entitled “Promoting social "
        "inclusion”, and of its findings, and of the 3rd meeting;"
    )
    assert [(r.mark, paragraph.text[: r.offset][-11:]) for r in paragraph.footnote_refs] == [
        ("1", "inclusion”,")
    ]


def test_a_note_whose_next_line_starts_with_the_next_number_goes_on() -> None:
    # A/C.2/80/L.36: note 2's place and dates wrap to `3 – 14 June 1992`, which is not note 3.
    doc = _read(
        "A/C.2/80/L.36",
        "Biological diversity \n \n \n \n"
        "The General Assembly, \n \n"
        "Recalling the Convention on Biological Diversity,1 \n \n"
        "Reaffirming the outcomes of the United Nations Conference on Environment and \n"
        "Development,2 \n \n"
        "Reaffirming also its resolution 66/288,3 \n \n"
        "1. \nDecides to act; \n"
        "__________________ \n \n"
        "1 United Nations, Treaty Series, vol. 1760, No. 30619. \n \n"
        "2 Report of the United Nations Conference on Environment and Development, Rio de Janeiro, "
        "\n3 – 14 June 1992, vol. I, resolution 1, annex I. \n \n"
        "3 Resolution 66/288, annex. \n",
    )
    assert [(f.mark, f.text) for f in doc.footnotes] == [
        ("1", "United Nations, Treaty Series, vol. 1760, No. 30619."),
        (
            "2",
            "Report of the United Nations Conference on Environment and Development, Rio de "
            "Janeiro, 3 – 14 June 1992, vol. I, resolution 1, annex I.",
        ),
        ("3", "Resolution 66/288, annex."),
    ]
    assert [[r.mark for r in p.footnote_refs] for p in doc.preamble] == [["1"], ["2"], ["3"]]
    assert not doc.warnings


def test_a_running_title_of_two_words_is_taken_out() -> None:
    # A/RES/79/25: the whole title, `Regional disarmament`, is too short to be known by its
    # words alone, and its running title stood at the end of a preambular paragraph.
    doc = read_text(
        "United Nations \nA/RES/79/25 \n \nGeneral Assembly \nDistr.: General \n"
        "9 December 2024 \n \nSeventy-ninth session \nAgenda item 97 \n \n"
        "Resolution adopted by the General Assembly on 2 December 2024 \n \n"
        "79/25. Regional disarmament \n \n"
        "The General Assembly, \n \n"
        "Noting the guidelines adopted at the tenth special session of the General Assembly, 1 \n"
        "__________________ \n \n1  Resolution S-10/2. \n\n"
        "A/RES/79/25 \nRegional disarmament\n \n24-23034\n2/2 \n \n \n"
        "Recalling the guidelines for regional approaches to disarmament, \n \n"
        "1. \nStresses that sustained efforts are needed; \n",
        markdown=False,
    )
    assert doc.title == "Regional disarmament"
    assert [p.text for p in doc.preamble] == [
        "Noting the guidelines adopted at the tenth special session of the General Assembly,",
        "Recalling the guidelines for regional approaches to disarmament,",
    ]


def test_a_budget_resolution_in_parts_with_titles_and_tables() -> None:
    # A/C.5/80/L.6: parts A, B and C, each with its own title between its letter and the
    # formula (`C`, a roman numeral too, is read with its title), `Resolves that, for 2026:`
    # over numbered provisions, and a table whose numbered rows are no paragraphs.
    doc = _read(
        "A/C.5/80/L.6",
        "Fifth Committee \nAgenda item 136 \nProposed programme budget for 2026 \n \n \n \n"
        "Draft resolutions submitted by the Chair of the Committee following \n"
        "informal consultations \n \n \n \n Programme budget for 2026 \n \n \n \n"
        "A \n \n \nBudget appropriations for 2026 \n \n \n"
        "The General Assembly \n \nResolves that, for 2026: \n \n"
        "1. \nAppropriations totalling 3,450,426,300 United States dollars are hereby \n"
        "approved for the purposes set out in the budget; \n \n"
        "2. \nThe Secretary-General shall be authorized to transfer credits between sections; \n"
        " \n \n \n \nB \n \n \nIncome estimates for 2026 \n \n \n"
        "The General Assembly \n \nResolves that, for 2026: \n \n"
        "1. \nEstimates of income totalling 312,115,000 United States dollars are \n"
        "approved as follows: \n \nIncome section \nAmount (United States dollars) \n"
        "1. Income from staff assessment \n278 735 200 \n2. General income \n32 815 100 \n"
        "Total \n312 115 000 \n \n"
        "2. \nThe income from staff assessment shall be credited to the Tax Equalization Fund; \n"
        " \n \n \n \nC \n \n \nFinancing of appropriations for the year 2026 \n \n \n"
        "The General Assembly \n \nResolves that, for 2026: \n \n"
        "1. \nBudget appropriations totalling 3,461,385,200 United States dollars shall be \n"
        "financed as follows; \n",
    )
    assert doc.title == "Programme budget for 2026"
    assert doc.parts == ("A", "B", "C")
    assert doc.formula == "The General Assembly Resolves that, for 2026:"
    assert doc.annex is None and doc.preamble == ()
    assert [p.label for p in doc.operative] == ["OP1", "OP2", "B OP1", "B OP2", "C OP1"]
    income = doc.operative[2]
    assert "1. Income from staff assessment 278 735 200" in income.tail
    assert [(h.text, h.before) for h in doc.headings if h.text.endswith("2026")] == [
        ("Budget appropriations for 2026", "OP1"),
        ("Income estimates for 2026", "B OP1"),
        ("Financing of appropriations for the year 2026", "C OP1"),
    ]


def test_part_c_over_its_formula_is_a_part() -> None:
    # `C` is a roman numeral too: it was read with the formula below it, and part C's
    # paragraphs repeated part B's labels.
    doc = read_text(
        "The General Assembly,\n\nRecalling its resolutions,\n\n1. Decides to act;\n\n"
        "B\n\nThe General Assembly,\n\n1. Decides to act again;\n\n"
        "C\n\nThe General Assembly,\n\n1. Decides to act once more;\n",
        markdown=False,
    )
    assert doc.parts == ("B", "C")
    assert [p.label for p in doc.operative] == ["OP1", "B OP1", "C OP1"]
    assert not doc.warnings


def test_a_convention_in_the_annex_numbers_each_article_from_1() -> None:
    # A/C.6/80/L.8 adopts a convention: every article numbers its paragraphs from 1, some
    # articles have one paragraph without a number, and the upload refused the text for
    # repeating `Annex 1`.
    doc = _read(
        "A/C.6/80/L.8",
        "Cargo documents \n \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 2205 (XXI), \n \n"
        "1. \nAdopts the United Nations Convention on Negotiable Cargo Documents contained "
        "in the annex to the present resolution; \n \n \n \nAnnex \n \n \n"
        "United Nations Convention on Negotiable Cargo Documents \n \n \n"
        "The States Parties to this Convention, \n \n"
        "Conscious of the role of negotiable transport documents, \n \n"
        "Have agreed as follows: \n \n \n \nChapter I \n \n \nGeneral provisions \n \n \n \n"
        "Article 1 \n \n \nScope of application \n \n"
        "1. \nThis Convention applies to negotiable cargo documents. \n"
        "2. \nThis Convention does not affect national law. \n \n \n \n"
        "Article 2 \n \n \nDefinitions \n \n \nFor the purposes of this Convention:  \n"
        "1. \n“Consignor” means a person. \n2. \n“Consignee” means a person. \n \n \n \n"
        "Article 3 \n \n \nParty autonomy \n \n"
        "The parties may not derogate from this Convention. \n",
    )
    labels = [p.label for p in doc.annex.paragraphs] if doc.annex else []
    assert doc.annex is not None and doc.annex.intro == "The States Parties to this Convention,"
    # The chapter's and the first article's titles are headings, not lines of the annex's
    # title (A/RES/79/243's articles showed it).
    assert doc.annex.title == "United Nations Convention on Negotiable Cargo Documents"
    assert [h.text for h in doc.headings[:4]] == [
        "Chapter I", "General provisions", "Article 1", "Scope of application"
    ]  # fmt: skip
    # The convention's preamble is paragraphs of its own, without numbers.
    assert labels == [
        "Annex",
        "Annex (2)",
        "Article 1 Annex 1",
        "Article 1 Annex 2",
        "Article 2",
        "Article 2 Annex 1",
        "Article 2 Annex 2",
        "Article 3",
    ]
    article_3 = doc.find("Article 3")
    assert article_3 is not None
    assert article_3.text == "The parties may not derogate from this Convention."
    assert not doc.warnings


def test_a_number_in_a_list_of_numbers_is_no_footnote_mark() -> None:
    # A/C.1/80/L.58: `agenda items 5, 6 and 7, 5 for the 2025 session`, where mark 5 was due:
    # 6, an agenda item, was taken for the next mark but one, and 5 after the list was lost.
    doc = _read(
        "A/C.1/80/L.58",
        "Conference on Disarmament \n \n \n \n"
        "The General Assembly, \n \nRecalling its resolutions, \n \n"
        "1. \nWelcomes the subsidiary bodies on agenda items 3 to 4 and one on agenda items \n"
        "1, 2 and 3, 1 for the 2025 session; \n \n"
        "2. \nRequests a report;2 \n"
        "__________________ \n \n1 Ibid., para. 13. \n \n2 Ibid., para. 14. \n",
    )
    paragraph = doc.operative[0]
    assert paragraph.text.endswith("on agenda items 1, 2 and 3, for the 2025 session;")
    assert [(r.mark, paragraph.text[: r.offset][-9:]) for r in paragraph.footnote_refs] == [
        ("1", " 2 and 3,")
    ]
    assert not doc.warnings


#: The first page's furniture of an adopted resolution of the seventy-eighth session.
RESOLUTION_HEAD = (
    "United Nations \nA/RES/{number}\n \n \nGeneral Assembly \nDistr.: General \n"
    "22 December 2023 \n \n23-25985 (E)    100124 \n*2325985* \n \n \n"
    "Seventy-eighth session \nAgenda item 107 \nCrime prevention and criminal justice \n \n \n \n"
    " Resolution adopted by the General Assembly \non 19 December 2023 \n \n \n"
    "[on the report of the Third Committee (A/78/482, para. 29)] \n \n \n"
)


def _read_resolution(number: str, text: str) -> Document:
    return read_text(RESOLUTION_HEAD.format(number=number) + text, markdown=False)


def test_a_year_wrapped_to_the_start_of_a_line_ends_the_sentence() -> None:
    # A/RES/78/125: `... until 13 December` / `2028.` closes operative paragraph 5; the year
    # was read as paragraph 2028.
    doc = _read_resolution(
        "78/125",
        " 78/125. Graduation of Bhutan from the least developed country category \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 67/221, \n \n"
        "5. \nInvites development partners to extend the support measures, as per the \n"
        "Doha Programme of Action for the Least Developed Countries, until 13 December \n"
        "2028.  \n \n48th plenary meeting \n18 December 2023 \n",
    )
    assert [p.label for p in doc.operative] == ["OP5"]
    assert doc.operative[0].text.endswith("until 13 December 2028.")
    assert [w.message for w in doc.warnings] == [
        "The first operative paragraph is numbered 5, not 1"
    ]


def test_without_its_formula_a_resolution_loses_no_preambular_paragraph() -> None:
    # A/RES/78/225: the text layer has no `The General Assembly,`. The running title over the
    # second page, known then only by the resolution's number above the text, stayed text: in
    # a paragraph of its own it kept the first page's five preambular paragraphs in the front
    # matter; here it is glued to the paragraph above it.
    doc = _read_resolution(
        "78/225",
        " 78/225. Enhancing the contributions of the Commission on Crime \n"
        "Prevention and Criminal Justice to the accelerated \n"
        "implementation of the 2030 Agenda for Sustainable Development \n \n \n \n"
        "Reaffirming its resolution 70/1 of 25 September 2015, \n \n"
        "Bearing in mind the Kyoto Declaration on Advancing Crime Prevention, Criminal \n"
        "Justice and the Rule of Law,1 \n"
        "__________________ \n \n1 Resolution 76/181, annex. \n\n"
        "A/RES/78/225 \nEnhancing the contributions of the Commission on Crime \n"
        "Prevention and Criminal Justice to the accelerated implementation \n"
        "of the 2030 Agenda for Sustainable Development\n \n23-25985\n2/3 \n \n \n"
        "Underscoring the role of the Commission on Crime Prevention and Criminal \n"
        "Justice in the field of crime prevention, \n \n"
        "1. \nRecalls the commitment made by States; \n",
    )
    assert doc.title.startswith("Enhancing the contributions of the Commission")
    assert [p.text for p in doc.preamble] == [
        "Reaffirming its resolution 70/1 of 25 September 2015,",
        "Bearing in mind the Kyoto Declaration on Advancing Crime Prevention, Criminal Justice "
        "and the Rule of Law,",
        "Underscoring the role of the Commission on Crime Prevention and Criminal Justice in the "
        "field of crime prevention,",
    ]
    assert doc.footnotes[0].paragraph_label == "PP2"
    assert [w.message for w in doc.warnings] == [
        "No formula such as 'The General Assembly,' was found; the paragraphs were read without one"
    ]


def test_a_mark_fused_with_a_numbered_name_is_found() -> None:
    # A/C.2/80/L.40: `Agenda 212` is Agenda 21 and mark 2; A/RES/78/102: `59/3009` is
    # resolution 59/300 and mark 9 (here mark 4). Both notes were left uncited, and the
    # numbers misprinted.
    doc = _read(
        "A/C.2/80/L.40",
        "Sustainable mountain development \n \n \nThe General Assembly, \n \n"
        "Recalling the outcome document, entitled “The future we want”, 1 Agenda 212 and the \n"
        "Plan of Implementation,3 and the report of the Group of Legal Experts established \n"
        "pursuant to its resolution 59/3004 and the note by the Secretariat,5 \n \n"
        "1. \nDecides to include the item in its provisional agenda. \n"
        "__________________ \n \n1 Resolution 66/288, annex. \n \n"
        "2 Report of the United Nations Conference on Environment and Development. \n \n"
        "3 Report of the World Summit on Sustainable Development. \n \n4 See A/60/980. \n \n"
        "5 A/62/329. \n",
    )
    preamble = doc.preamble[0]
    assert "Agenda 21 and" in preamble.text
    assert "resolution 59/300 and" in preamble.text
    assert [ref.mark for ref in preamble.footnote_refs] == ["1", "2", "3", "4", "5"]
    assert doc.warnings == ()


def test_the_number_of_a_decisions_symbol_is_no_mark() -> None:
    # A/C.2/80/L.55: `decisions 2/CP.27 and 2/CMA.4 on` took mark 4 from `2015–2030,3` and
    # the paragraph after it, and left note 3 uncited.
    doc = _read(
        "A/C.2/80/L.55",
        "Development cooperation with middle-income countries \n \n \nThe General Assembly, \n \n"
        "Stressing the urgency of climate action, and welcoming the adoption of \n"
        "decisions 2/CP.27 and 2/CMA.4 on funding arrangements for loss and damage, \n \n"
        "Reaffirming the Sendai Framework for Disaster Risk Reduction 2015–2030,3 \n"
        "and the convening of the Midterm Review, \n \n"
        "Welcoming the New Urban Agenda, adopted in Quito, Ecuador, \n"
        "from 17 to 20 October 2016,4 \n \n"
        "1. \nTakes note of the report of the Secretary-General. \n"
        "__________________ \n \n3 Resolution 69/283, annex II. \n \n"
        "4 Resolution 71/256, annex. \n",
    )
    assert "2/CMA.4 on" in doc.preamble[0].text
    assert [[ref.mark for ref in p.footnote_refs] for p in doc.preamble] == [[], ["3"], ["4"]]


def test_a_sections_own_preamble_keeps_each_of_its_paragraphs() -> None:
    # A/C.5/80/L.18: section II opens with two preambular paragraphs of its own; the second
    # was kept as the end of the first, and its note went uncited.
    doc = _read(
        "A/C.5/80/L.18",
        "Report on the activities of the Office of Internal Oversight Services \n \n \n"
        "The General Assembly, \n \n \n \nI \n \n \n"
        "Activities of the Office of Internal Oversight Services \n \n \n"
        "Recalling its resolutions 48/218 B of 29 July 1994 and 78/247 of 22 December 2023, \n \n"
        "Having considered the report of the Office of Internal Oversight Services on its \n"
        "activities for the period from 1 July 2024 to 30 June 2025,1 \n \n"
        "1. \nReaffirms its primary role in the consideration of reports submitted to it; \n \n"
        "II \n \n \nActivities of the Independent Audit Advisory Committee \n \n \n"
        "Recalling its resolutions 61/275 of 29 June 2007 and 78/247, \n \n"
        "Having considered the report of the Independent Audit Advisory Committee on \n"
        "its activities for the period from 1 August 2024 to 31 July 2025, 2 \n \n"
        "1. \nNotes with appreciation the work of the Independent Audit Advisory \nCommittee; \n"
        "__________________ \n \n1  A/80/332 (Part I). \n \n2  A/80/309. \n",
    )
    assert [(p.label, p.section) for p in doc.preamble] == [
        ("PP1", "I"),
        ("PP2", "I"),
        ("PP3", "II"),
        ("PP4", "II"),
    ]
    assert doc.preamble[3].text.startswith("Having considered the report of the Independent")
    assert [f.paragraph_label for f in doc.footnotes] == ["PP2", "PP4"]
    assert doc.warnings == ()


def test_a_budget_sections_long_heading_and_its_preamble() -> None:
    # A/RES/80/243: section III's heading runs to four lines under its numeral, too long for a
    # heading, so section III's paragraphs went on section II's labels; section XXIV opens
    # with `Recalls ..., or 27,880,300 dollars,` over `1. Notes ...`, which was read as an
    # unnumbered operative paragraph 1 beside the numbered one: the upload was refused. Each
    # paragraph of a section that numbers afresh names its section (`III OP2`, not `OP2`).
    doc = _read(
        "A/RES/80/243",
        "Special subjects relating to the proposed programme budget for 2026 \n \n \n"
        "The General Assembly, \n \nII \nStrategic heritage plan of the United Nations Office "
        "at Geneva \n \nRecalling part XI of its resolution 64/243 of 24 December 2009, \n \n"
        "1. \nTakes note of the report of the Secretary-General; \n \n"
        "III \nConditions of service and compensation for officials, other than Secretariat \n"
        "officials, serving the General Assembly: full-time members of the International \n"
        "Civil Service Commission and the Chair of the Advisory Committee on \n"
        "Administrative and Budgetary Questions \n \n"
        "Recalling section VI of its resolution 71/272 A of 23 December 2016, \n \n"
        "1. \nTakes note of the report of the Secretary-General; \n \n"
        "2. \nRequests the Secretary-General to report every five years; \n \n"
        "XXIV \nContingency fund \n \n"
        "Recalls its resolution 79/258 A, in which the level of the contingency fund for \n"
        "the year 2026 was set at 0.75 per cent of the approved programme budget for 2025, \n"
        "or 27,880,300 dollars, \n \n"
        "1. \nNotes that a balance of 15,869,600 dollars remains in the contingency fund; \n",
    )
    assert [p.label for p in doc.paragraphs] == [
        "PP1", "PP2", "PP3", "OP1", "III OP1", "III OP2", "XXIV OP1"
    ]  # fmt: skip
    assert [(h.number, h.text[:30]) for h in doc.headings] == [
        ("II", "Strategic heritage plan of the"),
        ("III", "Conditions of service and comp"),
        ("XXIV", "Contingency fund"),
    ]
    assert doc.warnings == ()


def test_a_mark_fused_with_a_reports_paragraph_number_is_found() -> None:
    # A/RES/80/242: `paragraphs VIII.7441 and VIII.9642` are paragraphs VIII.74 and VIII.96 of
    # the Advisory Committee's reports with marks 41 and 42; missing them left the last six
    # of the resolution's 46 notes unlinked.
    doc = _read(
        "A/RES/80/242",
        "Questions relating to the proposed programme budget for 2026 \n \n \n"
        "The General Assembly, \n \n"
        "40. Takes note of paragraph VIII.60 of the report of the Advisory Committee,40 \n"
        "and decides against the abolishment of two D-1 posts; \n \n"
        "41. Recalls paragraphs VIII.7441 and VIII.9642 of the reports of the Advisory \n"
        "Committee, and requests the Secretary-General to enhance functional reporting; \n \n"
        "42. Also recalls paragraph VIII.82 of the report of the Advisory Committee,43 and "
        "requests \nconsolidated information; \n"
        "__________________ \n \n40 A/80/7. \n \n41 A/80/7/Add.9. \n \n"
        "42 Official Records of the General Assembly, Eightieth Session. \n \n43 Ibid. \n",
    )
    recalling = doc.find("OP41")
    assert recalling is not None and "paragraphs VIII.74 and VIII.96 of" in recalling.text
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [
        ("40", "OP40"), ("41", "OP41"), ("42", "OP41"), ("43", "OP42")
    ]  # fmt: skip


def test_a_page_that_opens_with_an_adverb_and_participle_starts_a_preambular_paragraph() -> None:
    # A/RES/78/213 and A/RES/80/215 open preambular paragraphs with `Unequivocally condemning`
    # and drafts with `Re-emphasizing`: after a page break (here a footnote and the page's
    # running head between them) either opens a paragraph as `Recalling` does, and is not run
    # on into the paragraph the page before ended.
    doc = _read(
        "A/C.3/80/L.30",
        "Third Committee \n \n \n \n"
        "The General Assembly, \n \n"
        "Recalling its resolution 78/213 of 19 December 2023,1 \n"
        "__________________ \n \n1  See A/78/PV.50. \n"
        "\nA/C.3/80/L.30 \n \n25-17321\n2/5 \n \n"
        "Unequivocally condemning the use of blanket Internet shutdowns, \n"
        "__________________ \n \n2  See A/79/PV.51. \n"
        "\nA/C.3/80/L.30 \n \n25-17321\n3/5 \n \n"
        "Re-emphasizing the right to freedom of expression,2 \n \n"
        "1. \nCalls upon all States to refrain from such measures. \n",
    )
    assert [p.text for p in doc.preamble] == [
        "Recalling its resolution 78/213 of 19 December 2023,",
        "Unequivocally condemning the use of blanket Internet shutdowns,",
        "Re-emphasizing the right to freedom of expression,",
    ]


def test_a_number_after_a_designations_letter_is_no_footnote_mark() -> None:
    # A/80/L.7: `GC(69)/RES/9 A.2` and `A.3` are parts of a resolution, and the page's notes 2
    # and 3 are cited after `September 2025;` and `Board of Governors”;` on the next page. The
    # two numbers were taken for the marks, which then stayed in the text where they stand.
    doc = _read(
        "A/80/L.7",
        "Agenda item 88 \nReport of the International Atomic Energy Agency \n \n \n \n"
        "The General Assembly, \n \n"
        "Having received the report of the International Atomic Energy Agency for \n2024,1 \n \n"
        "1. \nTakes note of resolutions GC(69)/RES/9, entitled “Strengthening the Agency’s \n"
        "activities”, comprising GC(69)/RES/9 A.2, entitled “Support to the African Union’s \n"
        "Campaign (AU-PATTEC)”, GC(69)/RES/9 A.3, entitled “Zoonotic Disease Integrated \n"
        "Action (ZODIAC) Project”, and decisions GC(69)/DEC/10, entitled “Amendment to \n"
        "Article XIV.A of the Statute”; \n"
        "__________________ \n \n1  See A/80/348. \n"
        "\nA/80/L.7 \n \n25-17051\n2/2 \n \n"
        "GC(69)/DEC/11, adopted by the General Conference of the Agency at its sixty-ninth \n"
        "regular session, held from 15 to 19 September 2025;2 and of the statements by the \n"
        "President of the General Conference with regard to agenda item 8 entitled \n"
        "“Election of Members to the Board of Governors”;3 item 15 entitled “Strengthening \n"
        "of the Agency’s technical cooperation activities”; \n \n"
        "2. \nRequests the Secretary-General to transmit the records. \n"
        "__________________ \n \n2  See GC(69)/RES/DEC(2025). \n \n"
        "3  See GC(67)/RES/15. \n",
    )
    paragraph = doc.operative[0]
    assert "GC(69)/RES/9 A.2, entitled" in paragraph.text
    assert "GC(69)/RES/9 A.3, entitled" in paragraph.text
    cited = {r.mark: paragraph.text[: r.offset] for r in paragraph.footnote_refs}
    assert cited["2"].endswith("September 2025;")
    assert cited["3"].endswith("Board of Governors”;")
    assert [f.paragraph_label for f in doc.footnotes] == ["PP1", "OP1", "OP1"]


def test_a_mark_after_the_sustainable_development_goals_is_a_mark() -> None:
    # A/C.1/80/L.11: `Development Goals 5 and to make` cites note 5 (resolution 70/1); a
    # number after `Goals` was always taken as one they count, which left the note uncited.
    # `paragraphs 3 and 4` still counts.
    doc = _read(
        "A/C.1/80/L.11",
        "First Committee \n \n \n \n"
        "The General Assembly, \n \n"
        "Recalling paragraphs 3 and 4 of its resolution 79/43 of 2 December 2024,4 \n \n"
        "1. \nEncourages the international community to achieve the Sustainable \n"
        "Development Goals 5 and to make reference to the contribution that disarmament \n"
        "could provide in meeting them; \n"
        "__________________ \n \n4  A/80/125. \n \n5  See resolution 70/1. \n",
    )
    assert "paragraphs 3 and 4 of" in doc.preamble[0].text
    paragraph = doc.operative[0]
    assert "Sustainable Development Goals and to make" in paragraph.text
    assert [f.paragraph_label for f in doc.footnotes] == ["PP1", "OP1"]
    assert doc.warnings == ()


def test_the_comma_between_two_marks_printed_together_is_theirs() -> None:
    # A/80/L.18: `in a single conflict,10,11` cites notes 10 and 11 after the paragraph's own
    # comma; the comma between the marks stayed in the text (`conflict,,`).
    doc = _read(
        "A/80/L.18",
        "Agenda item 73 \n \n \n \n"
        "The General Assembly, \n \n"
        "Noting with deep concern the highest number of United Nations fatalities ever \n"
        "recorded in a single conflict,1,2 \n \n"
        "1. \nCondemns all acts of violence. \n"
        "__________________ \n \n1  A/80/1. \n \n2  A/80/2. \n",
    )
    paragraph = doc.preamble[0]
    assert paragraph.text.endswith("in a single conflict,")
    assert [(r.mark, r.offset) for r in paragraph.footnote_refs] == [
        ("1", len(paragraph.text)),
        ("2", len(paragraph.text)),
    ]


#: A/80/L.34: a declaration adopted in an annex, up to its first paragraph.
DECLARATION_HEAD = (
    "Agenda item 127 \nGlobal health and foreign policy \n \n \n \n"
    "Draft resolution submitted by the President of the General Assembly \n \n \n"
    "Political declaration of the fourth high-level meeting on noncommunicable diseases \n"
    " \n \n \nThe General Assembly \n \n"
    "Adopts the following political declaration. \n \nAnnex \n \n"
    "Political declaration of the fourth high-level meeting on noncommunicable diseases \n"
    " \n \nWe, Heads of State and Government, assembled at the United Nations on \n"
    "25 September 2025, in this regard we: \n \n"
)


def test_items_of_a_list_run_inline_stay_in_their_paragraph_where_a_line_starts_with_one() -> None:
    # A/80/L.34: sub-paragraph (a) lists `(i) ...; (ii) ...;` in its own text, and `(iii)` is
    # wrapped to a line's start; paragraph 42 lists (a) to (h) inline and `(f)` starts a line.
    # Each was read as a sub-paragraph out of sequence, and the real (b) after it too.
    doc = _read(
        "A/80/L.34",
        DECLARATION_HEAD + "42. Address key determinants of noncommunicable diseases by: "
        "(a) eradicating \npoverty; (b) promoting universal access to quality education; "
        "(c) promoting decent \nworking conditions; (d) providing social protection; "
        "(e) promoting social connection; \n"
        "(f) addressing air, water and soil pollution; and (g) increasing access to "
        "healthy diets; \n \n"
        "43. Encourage legislation and regulation, policies and actions to: \n \n"
        "(a) \nSignificantly reduce tobacco and nicotine use by: (i) implementing health \n"
        "warnings on all tobacco and nicotine packages; (ii) restricting tobacco and nicotine \n"
        "advertising, promotion and sponsorship, including cross-border, as appropriate; \n"
        "(iii) comprehensively reducing exposure to second-hand tobacco smoke; and \n"
        "(iv) promoting safe and evidence-based quitting programmes; \n \n"
        "(b) \nRegulate, as appropriate, electronic nicotine delivery systems; \n",
    )
    assert [w.message for w in doc.warnings] == ["The first annex paragraph is numbered 42, not 1"]
    address, encourage = doc.annex.paragraphs
    assert address.subparagraphs == ()
    assert "social connection; (f) addressing air, water" in address.text
    assert [s.label for s in encourage.subparagraphs] == ["(a)", "(b)"]
    reduce = encourage.subparagraphs[0]
    assert reduce.subparagraphs == ()
    assert reduce.text.endswith(
        "as appropriate; (iii) comprehensively reducing exposure to second-hand tobacco smoke; "
        "and (iv) promoting safe and evidence-based quitting programmes;"
    )


def test_a_lead_in_to_numbered_paragraphs_stands_above_them() -> None:
    # A/80/L.34: `We therefore commit to urgently:` leads into paragraph 41, and `..., we
    # will:` at a page's foot leads, over the next page's heading, into paragraph 42. Both
    # were kept as the end of the paragraph before, and the heading with them.
    doc = _read(
        "A/80/L.34",
        DECLARATION_HEAD + "40. Recognize further that leadership is important; \n \n"
        "We therefore commit to urgently: \n \n"
        "41. Fast-track efforts to accelerate progress over the next five years; \n \n"
        "To deliver on our commitment, and in line with our respective national contexts \n"
        "and where appropriate, we will: \n \n"
        "\nA/80/L.34\n \n7/13\n25-20155 \n \n"
        "Create health-promoting environments through action across government \n \n \n"
        "42. Address key social, economic and environmental determinants; \n",
    )
    assert [w.message for w in doc.warnings] == ["The first annex paragraph is numbered 40, not 1"]
    assert [p.text for p in doc.annex.paragraphs] == [
        "Recognize further that leadership is important;",
        "Fast-track efforts to accelerate progress over the next five years;",
        "Address key social, economic and environmental determinants;",
    ]
    assert [(h.text, h.before) for h in doc.headings] == [
        ("We therefore commit to urgently:", "Annex 41"),
        (
            "To deliver on our commitment, and in line with our respective national contexts "
            "and where appropriate, we will:",
            "Annex 42",
        ),
        ("Create health-promoting environments through action across government", "Annex 42"),
    ]


def test_a_paragraph_number_printed_without_its_full_stop_is_its_number() -> None:
    # A/C.3/80/L.2: paragraphs 25 and 26 are printed `25` and `26`, without the full stop;
    # they were kept as the end of paragraph 24, and the numbering jumped from 24 to 27.
    doc = _read(
        "A/C.3/80/L.2",
        "Third Committee \n \n \n \nThe General Assembly, \n \n"
        "Recalling its resolution 79/160 of 17 December 2024, \n \n"
        "24. Recalls the recommendation of the Special Rapporteur on education;14 \n \n"
        "25 \nCondemns without reservation any denial of or attempt to deny the \n"
        "Holocaust; \n \n"
        "26 \nAffirms its deep commitment to the duty of remembrance;15 \n \n"
        "27. Recalls the conclusions of the Special Rapporteur; \n"
        "__________________ \n \n14  A/73/305, para. 56. \n \n15  A/72/291, para. 91. \n",
    )
    assert [p.label for p in doc.operative] == ["OP24", "OP25", "OP26", "OP27"]
    assert (
        doc.operative[1].text
        == "Condemns without reservation any denial of or attempt to deny the Holocaust;"
    )
    assert [f.paragraph_label for f in doc.footnotes] == ["OP24", "OP26"]
    _assert_only_warned_of_the_excerpts_start(doc, 24)


def test_a_symbol_the_front_matter_cites_on_a_line_of_its_own_is_no_page_furniture() -> None:
    # A/C.2/80/L.59: `... on the basis of informal consultations on draft resolution` /
    # `A/C.2/80/L.3`, as every Vice-Chair's draft says. Taken out as a running header's
    # symbol, it left the title to run on into that line, and the masthead was the title.
    doc = _read(
        "A/C.2/80/L.59",
        "Second Committee \nAgenda item 23 (a) \n"
        "Operational activities for development: operational \n"
        "activities for development of the United Nations system \n \n \n \n \n \n"
        "Draft resolution submitted by the Vice-Chair of the Committee, Jenni Mikkola \n"
        "(Finland), on the basis of informal consultations on draft resolution \n"
        "A/C.2/80/L.3 \n \n \n \n"
        " Operational activities for development of the United Nations system \n \n \n \n"
        "The General Assembly, \n \n"
        "Reaffirming its resolution 79/226 of 19 December 2024, \n \n"
        "1. Takes note of the reports of the Secretary-General; \n"
        "\nA/C.2/80/L.59\n \n25-18783\n2/2 \n \n"
        "2. Requests the Secretary-General to report. \n",
    )
    assert doc.title == "Operational activities for development of the United Nations system"
    assert doc.front_matter.endswith("on draft resolution\nA/C.2/80/L.3")
    assert [p.label for p in doc.operative] == ["OP1", "OP2"]
    assert doc.warnings == ()


def test_a_draft_without_a_title_above_its_formula_is_named_by_its_agenda_item() -> None:
    # A/80/L.41: a draft by the President adopts an outcome document whose title stands
    # under the formula; nothing stands between `Draft resolution submitted by ...` and
    # `The General Assembly`, and the whole masthead was taken for the title.
    doc = _read(
        "A/80/L.41",
        "Agenda item 15 \nInformation and communications technologies for \n"
        "sustainable development  \n \n \n \n \n \n"
        "Draft resolution submitted by the President of the General Assembly \n \n \n \n"
        "The General Assembly \n \n"
        "Adopts the following outcome document of the high-level meeting: \n \n \n \n"
        " Outcome document of the high-level meeting \n \n \n \n"
        "1. We reaffirm our commitment to the vision of the World Summit. \n",
    )
    assert doc.title == "Information and communications technologies for sustainable development"
    assert [w.message for w in doc.warnings] == [
        "No title above the formula: the agenda item's title was used"
    ]


def test_a_sentence_cut_by_a_page_goes_on_whatever_word_opens_the_next_page() -> None:
    # A/RES/80/38: paragraph 30 breaks after `as well as the International` and the next page
    # opens with `Tracing Instrument, ...`, a word that would open a preambular paragraph.
    # A line of a paragraph's body without closing punctuation leaves its sentence open.
    doc = _read(
        "A/C.1/80/L.40",
        "First Committee \n \n \n \nThe General Assembly, \n \n"
        "Recalling its resolution 79/60 of 2 December 2024, \n \n"
        "30. Encourages interested States and relevant international and regional \n"
        "organizations in a position to do so to convene regional meetings to consider and \n"
        "advance the implementation of the Programme of Action, as well as the International \n"
        "\nA/C.1/80/L.40 \n \n25-19985\n7/7 \n \n"
        "Tracing Instrument, including in preparation for the meetings on the Programme of \n"
        "Action; \n \n"
        "31. Encourages civil society to strengthen their cooperation. \n",
    )
    assert [p.label for p in doc.operative] == ["OP30", "OP31"]
    assert doc.operative[0].text.endswith(
        "as well as the International Tracing Instrument, including in preparation for the "
        "meetings on the Programme of Action;"
    )
    _assert_only_warned_of_the_excerpts_start(doc, 30)


def test_a_line_naming_part_of_the_title_before_a_page_break_is_text() -> None:
    # A/C.1/80/L.30: `... to implement the Convention on the` / `Prohibition of the Use,
    # Stockpiling, Production and Transfer of Anti-Personnel Mines` stands just above the
    # page's furniture, and was taken out as a running title for being a run of the title's
    # words. A running title starts or ends as the title does.
    doc = _read(
        "A/C.1/80/L.30",
        "First Committee \nAgenda item 98 \n \n \n \n"
        "Implementation of the Convention on the Prohibition of the Use, \n"
        "Stockpiling, Production and Transfer of Anti-Personnel Mines and on \n"
        "Their Destruction \n \n \n \nThe General Assembly, \n \n"
        "Noting with satisfaction the work undertaken to implement the Convention on the \n"
        "Prohibition of the Use, Stockpiling, Production and Transfer of Anti-Personnel Mines \n"
        "\nA/C.1/80/L.30 \n \n25-16557\n2/3 \n \n"
        "and on Their Destruction1 and the substantial progress made, \n \n"
        "1. Invites all States to accede to the Convention. \n"
        "__________________ \n \n1  United Nations, Treaty Series, vol. 2056, No. 35597. \n",
    )
    assert doc.preamble[0].text == (
        "Noting with satisfaction the work undertaken to implement the Convention on the "
        "Prohibition of the Use, Stockpiling, Production and Transfer of Anti-Personnel Mines "
        "and on Their Destruction and the substantial progress made,"
    )


def test_a_title_wrapped_to_the_start_of_a_line_goes_on_the_paragraph() -> None:
    # A/RES/80/39 and 79/35: `... the Secretary-General's disarmament agenda,` / `Securing Our
    # Common Future: An Agenda for Disarmament,` was read as a paragraph of its own, opened by
    # `Securing`, so every later preambular paragraph was numbered one too high.
    doc = _read(
        "A/RES/80/39",
        "Nuclear-weapon-free world \n \n \n \nThe General Assembly, \n \n"
        "Recalling also the report of the Secretary-General, and \n"
        "recalling further the importance of the Secretary-General’s disarmament agenda, \n"
        "Securing Our Common Future: An Agenda for Disarmament,  \n \n"
        "Recalling further the Pact for the Future, \n \n"
        "1. Calls upon all States to act; \n",
    )
    assert [p.text for p in doc.preamble] == [
        "Recalling also the report of the Secretary-General, and recalling further the "
        "importance of the Secretary-General’s disarmament agenda, Securing Our Common "
        "Future: An Agenda for Disarmament,",
        "Recalling further the Pact for the Future,",
    ]


def test_a_heading_over_the_first_operative_paragraph_heads_the_operative_part() -> None:
    # A/80/L.15 (adopted as A/RES/80/11): `Peacebuilding Commission` stands between the last
    # preambular paragraph and paragraph 1, and was placed in the preamble, while the text's
    # later headings (`Peacebuilding financing`) were in the operative part.
    doc = _read(
        "A/80/L.15",
        "Peacebuilding architecture \n \n \n \nThe General Assembly, \n \n"
        "Affirming that the 2025 review of the peacebuilding architecture is aimed at \n"
        "further enhancing the implementation of peacebuilding activities, \n \n \n \n"
        "Peacebuilding Commission \n \n \n1. \nReaffirms all relevant resolutions; \n \n"
        "Peacebuilding financing \n \n2. \nDecides to act; \n",
    )
    assert [(h.text, h.before, h.part) for h in doc.headings] == [
        ("Peacebuilding Commission", "OP1", "operative"),
        ("Peacebuilding financing", "OP2", "operative"),
    ]


@pytest.mark.parametrize(
    ("items", "resumed"),
    [
        # A/RES/79/248 (and 80/234), paragraph 79: the request goes on after its list.
        (
            "(a) \nA summary of the report; \n \n(b) \nConsolidated conclusions; \n \n"
            "(c) \nRelevant background information; \n",
            "and its request that all documents submitted to legislative organs have "
            "conclusions and recommendations in bold \nprint; \n",
        ),
        # A/C.6/80/L.8, article 9, paragraph 2, under a blank line.
        (
            "(a) \nAttributable to the person exercising such a right; or \n \n"
            "(b) \nThat arises from the exercise of that right under the transport contract to "
            "\nthe extent that such liability is ascertainable from the document; \n \n",
            "as if it were a party to the transport contract. \n",
        ),
    ],
)
def test_the_paragraphs_sentence_resumed_after_its_last_item_is_its_end(
    items: str, resumed: str
) -> None:
    # The words that resume the paragraph's sentence after the last item of its list were
    # read as the end of that item.
    doc = _read(
        "A/RES/79/248",
        "Pattern of conferences \n \n \n \nThe General Assembly, \n \n"
        "Recalling its resolutions, \n \n"
        "1. Reiterates its request that the Secretary-General include the following: \n \n"
        + items
        + resumed
        + " \n2. \nNotes with concern the rate of compliance; \n",
    )
    paragraph = doc.operative[0]
    assert paragraph.subparagraphs[-1].text.endswith(";")
    assert paragraph.tail == " ".join(resumed.split())
    assert [p.label for p in doc.operative] == ["OP1", "OP2"]
    assert doc.warnings == ()


def test_an_items_own_clause_after_a_semicolon_stays_in_the_item() -> None:
    # Words that go on after an item's semicolon, with a further item below, are the item's.
    doc = _read(
        "A/RES/79/248",
        "Pattern of conferences \n \n \n \nThe General Assembly, \n \n"
        "Recalling its resolutions, \n \n1. Decides: \n \n"
        "(a) \nTo hold the meetings in New York; \nand to hold them in English; \n \n"
        "(b) \nTo report thereon; \n",
    )
    assert [s.text for s in doc.operative[0].subparagraphs] == [
        "To hold the meetings in New York; and to hold them in English;",
        "To report thereon;",
    ]


def test_a_note_that_runs_over_a_page_goes_on_under_the_next_pages_separator() -> None:
    # A/C.3/80/L.17: note 42 ends a page with `Supplement No. 7 and` and goes on under the next
    # page's separator (`corrigendum (E/2005/27 ...), chap. I, sect. D.`), before note 43. The
    # reading of that page's notes stopped at the line that starts no note, which with note
    # 43 was kept as the end of paragraph 42, and note 44's mark was left in the text.
    doc = _read(
        "A/C.3/80/L.17",
        "Third Committee \n \n \n \nThe General Assembly, \n \n"
        "Recalling its resolution 79/159 of 17 December 2024, \n \n"
        "34. Encourages States to report on Commission on the Status of Women resolutions "
        "49/7 \nof 11 March 2005, 42 and 56/4 of 9 March 2012; 43 \n"
        "__________________ \n \n42 See Official Records of the Economic and Social Council, "
        "2005, Supplement No. 7 and \n"
        "\nA/C.3/80/L.17 \n \n12/15 \n25-16913 \n \n"
        "35. Invites Member States to consider establishing national mechanisms; \n"
        "__________________ \n"
        "corrigendum (E/2005/27 and E/2005/27/Corr.1), chap. I, sect. D. \n \n"
        "43 Ibid., 2012, Supplement No. 7 and corrigendum (E/2012/27 and E/2012/27/Corr.1), "
        "chap. I, \nsect. D. \n"
        "\nA/C.3/80/L.17 \n \n13/15 \n25-16913 \n \n"
        "36. Recalls the report of the Secretary-General,44 and recalls its work. \n"
        "__________________ \n \n44 A/75/255. \n",
    )
    assert [(f.mark, f.paragraph_label, f.text) for f in doc.footnotes] == [
        ("42", "OP34", "See Official Records of the Economic and Social Council, 2005, "
         "Supplement No. 7 and corrigendum (E/2005/27 and E/2005/27/Corr.1), chap. I, sect. D."),
        ("43", "OP34", "Ibid., 2012, Supplement No. 7 and corrigendum (E/2012/27 and "
         "E/2012/27/Corr.1), chap. I, sect. D."),
        ("44", "OP36", "A/75/255."),
    ]  # fmt: skip
    assert doc.operative[1].text == (
        "Invites Member States to consider establishing national mechanisms;"
    )
    _assert_only_warned_of_the_excerpts_start(doc, 34)


def test_a_number_that_ends_a_symbol_is_no_footnote_mark() -> None:
    # A/C.2/80/L.13: `decision WT/L/508/Add.1 of 25 July 2012` took note 1, due four lines on
    # after `small economies,1`, which then stayed in the text. `E/CN.6/2025/3` is the same.
    doc = _read(
        "A/C.2/80/L.13",
        "Second Committee \n \n \n \nThe General Assembly, \n \n"
        "Reaffirming also World Trade Organization decision WT/L/508/Add.1 of \n"
        "25 July 2012 on accession by the least developed countries, encouraging progress on \n"
        "the implementation of the World Trade Organization work programme on small \n"
        "economies,1 which supports their efforts, and the report E/CN.6 2025/3, \n \n"
        "1. Takes note of the report of the Secretary-General. \n"
        "__________________ \n \n1 World Trade Organization, document WT/MIN(24)/33. \n",
    )
    paragraph = doc.preamble[0]
    assert "WT/L/508/Add.1 of 25 July 2012" in paragraph.text
    assert "small economies, which supports" in paragraph.text
    assert [(r.mark, paragraph.text[: r.offset][-10:]) for r in paragraph.footnote_refs] == [
        ("1", "economies,")
    ]


def test_a_page_that_opens_with_encouraged_by_starts_a_preambular_paragraph() -> None:
    # A/C.1/80/L.43: the page breaks after `nuclear testing could be resumed,` and the next
    # opens `Encouraged by the signing of the Treaty ...`, a preambular paragraph of its own
    # (A/RES/80/70 prints them apart); it ran on into the paragraph before. `Seized of`,
    # `Disappointed at` and `Ever mindful` open preambular paragraphs in other texts.
    doc = _read(
        "A/C.1/80/L.43",
        "First Committee \n \n \n \nThe General Assembly, \n \n"
        "Deeply concerned by the long-standing lack of progress towards the ratification \n"
        "of the Treaty, with the associated risks that nuclear testing could be \nresumed, \n"
        "\nA/C.1/80/L.43 \n \n25-16697\n2/3 \n \n \n"
        "Encouraged by the signing of the Treaty by 187 States, \n \n"
        "1. Stresses the vital importance of the entry into force of the Treaty. \n",
    )
    assert [p.text[:20] for p in doc.preamble] == ["Deeply concerned by ", "Encouraged by the si"]


def test_a_conventions_articles_number_their_paragraphs_afresh() -> None:
    # A/RES/80/162: the annexed convention prints `Article 1` over its title on the next line
    # (`Scope of application`), and each article numbers its paragraphs from 1. The articles
    # were not known for their titles, so articles 1 and 2 both had an `Annex 1` and the
    # upload was refused; `Article 17` at a page's top, over its title, ran on into the last
    # paragraph of article 16.
    doc = _read_resolution(
        "80/162",
        "80/162. United Nations Convention on Negotiable Cargo Documents \n \n \n"
        "The General Assembly, \n \n"
        "Recalling its resolution 2205 (XXI) of 17 December 1966, \n \n"
        "1. Adopts the United Nations Convention on Negotiable Cargo Documents, contained in the "
        "annex to the present resolution; \n \n"
        "2. Requests the Secretary-General to open the Convention for signature. \n \n"
        "60th plenary meeting \n15 December 2025 \n \n"
        "Annex \nUnited Nations Convention on Negotiable Cargo Documents \n \n"
        "The States Parties to this Convention, \n \nHave agreed as follows: \n \n"
        "Chapter I \nGeneral provisions \n \nArticle 1 \nScope of application \n \n"
        "1. \nThis Convention applies to the issuance of a negotiable cargo document. \n"
        "2. \nThis Convention does not affect the application of any national law. \n \n"
        "Article 2 \nDefinitions \n \n \nFor the purposes of this Convention:  \n"
        "1. \n“Consignor” means a person with which the transport operator has concluded a "
        "transport contract. \n \n"
        "Article 16 \nEndorsement requirements \n \n \n"
        "For the purposes of this Convention, a requirement for a negotiable cargo \n"
        "document to be endorsed is met if the information is included in the record. \n \n"
        "\nUnited Nations Convention on Negotiable Cargo Documents \nA/RES/80/162\n \n9/12\n"
        "25-20856 \n \nArticle 17 \nChange of medium \n \n"
        "1. \nIf so agreed, the transport operator shall change the medium of the document. \n",
    )
    assert doc.warnings == ()
    assert doc.annex is not None
    assert doc.annex.title == "United Nations Convention on Negotiable Cargo Documents"
    assert [p.label for p in doc.annex.paragraphs] == [
        "Article 1 Annex 1",
        "Article 1 Annex 2",
        "Article 2",
        "Article 2 Annex 1",
        "Article 16",
        "Article 17 Annex 1",
    ]
    assert doc.annex.paragraphs[4].text.endswith("is included in the record.")
    assert [h.text for h in doc.headings] == [
        "Chapter I General provisions",
        "Article 1 Scope of application",
        "Article 2 Definitions",
        "Article 16 Endorsement requirements",
        "Article 17 Change of medium",
    ]


def test_a_paragraph_number_without_its_full_stop_before_also_reaffirms() -> None:
    # A/RES/80/167: `6` / `Also reaffirms the important role ...`: an operative paragraph may
    # open with `Also`, `Further` or an adverb before its verb in lower case, and was not
    # known for one, so paragraph 6 was kept as the end of paragraph 5.
    doc = _read_resolution(
        "80/167",
        "80/167. The rule of law at the national and international levels \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 79/128, \n \n"
        "5. \nReaffirms the role of the General Assembly in encouraging the progressive \n"
        "development of international law; \n \n"
        "6 \nAlso reaffirms the important role of the International Law Commission; \n \n"
        "7. \nFurther reaffirms the imperative of upholding the rule of law. \n",
    )
    assert [p.label for p in doc.operative] == ["OP5", "OP6", "OP7"]
    assert doc.operative[1].text == (
        "Also reaffirms the important role of the International Law Commission;"
    )


def test_a_number_after_no_is_no_mark_and_a_mark_before_or_comma_is_one() -> None:
    # A/C.3/80/L.8: `legal adviser 11 or, in the case of need, ... provider 12 in order` cites
    # notes 11 and 12, which were not taken for the comma after `or`; the marks due went on
    # to the numbers of the annex's `Model strategy No. 13` and those after it.
    doc = _read(
        "A/C.3/80/L.8",
        "Third Committee \n \n \n \nThe General Assembly, \n \n"
        "Recalling the Tokyo Rules, \n \n"
        "23. Pretrial detainees should be provided with access to a legal adviser 11 or, in the \n"
        "case of need, a legal aid provider 12 in order to prepare their defence; \n \n"
        "24. States should apply model strategy No. 13 to the needs of women. \n"
        "__________________ \n \n11  See the Nelson Mandela Rules, rule 61. \n \n"
        "12  See the Principles and Guidelines on Access to Legal Aid, paras. 8 and 9. \n \n"
        "13  See the Bangkok Rules, rule 57. \n",
    )
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [
        ("11", "OP23"),
        ("12", "OP23"),
        ("13", ""),
    ]
    assert doc.operative[1].text == (
        "States should apply model strategy No. 13 to the needs of women."
    )


def test_a_mark_glued_to_the_next_word_after_a_counting_word_is_a_mark() -> None:
    # A/RES/80/129: `all previous resolutions 3on the follow-up` cites note 3; set apart, as in
    # `resolutions 3 and 4`, the number after `resolutions` would be one it counts.
    doc = _read(
        "A/RES/80/129",
        "Agenda item 17 \n \n \nThe General Assembly, \n \n"
        "Recalling its resolution 79/199 of 19 December 2024 and all previous \n"
        "resolutions 3on the follow-up to the International Conferences, \n \n"
        "1. Decides to consider paragraphs 3 and 4 of the present resolution; \n"
        "_______________ \n \n"
        "3 Resolutions 70/192, 71/217 and 78/231. \n",
    )
    assert doc.preamble[0].text.endswith(
        "all previous resolutions on the follow-up to the International Conferences,"
    )
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("3", "PP1")]
    assert (
        doc.operative[0].text == "Decides to consider paragraphs 3 and 4 of the present resolution;"
    )
    assert doc.warnings == ()


def test_a_numbered_heading_at_a_page_top_with_its_paragraph_under_it() -> None:
    # A/RES/80/119: `VI. Corrective measures` opens a page and paragraph 18 follows on the next
    # line, its first line running on without closing punctuation; the heading was read as the
    # end of the last sub-paragraph on the page before.
    doc = _read_resolution(
        "80/119",
        " 80/119. Consumer product safety \n \n \nThe General Assembly, \n \n"
        "Recalling its resolutions, \n \n"
        "1. Adopts the guidelines annexed to the present resolution; \n \n"
        "Annex \nGuidelines \nV. \nRisk assessment and management \n"
        "17. When assessing the safety of a product, the following elements may be taken into \n"
        "account: \n \n(a) \nThe characteristics of the product; \n \n"
        "(b) The number of products on the market, their location and the conditions in \n"
        "which they may be used. \n \n\nA/RES/80/119 \nConsumer product safety\n \n"
        "25-20734\n6/8 \n \nVI. Corrective measures \n"
        "18. Where a product made available to consumers appears to be unsafe, businesses \n"
        "should take appropriate and timely corrective measures. \n",
    )
    assert [(h.number, h.text, h.before) for h in doc.headings] == [
        ("V", "Risk assessment and management", "Annex 17"),
        ("VI", "Corrective measures", "Annex 18"),
    ]
    assert doc.annex is not None
    assert doc.annex.paragraphs[0].subparagraphs[1].text == (
        "The number of products on the market, their location and the conditions in which "
        "they may be used."
    )
    assert doc.annex.paragraphs[1].section == "VI"


def test_entries_without_letters_under_a_sub_paragraph_are_its_text() -> None:
    # A/RES/79/273: `(b) The multi-stakeholder panels will address the following themes:` and
    # its two entries, `Panel 1: ...;` and `Panel 2: ...;`, printed without letters. They were
    # given letters of their own, (b) (i) and (c), and the real (c) was out of sequence.
    doc = _read_resolution(
        "79/273",
        " 79/273. Scope and modalities of the high-level meeting \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 78/4, \n \n"
        "4. \nDecides that the organizational arrangements for the panels will be as follows: \n"
        " \n(a) \nTwo multi-stakeholder panels will be held in parallel; \n \n"
        "(b) \nThe multi-stakeholder panels will address the following themes: \n \n"
        "Panel 1: Tackling the determinants of noncommunicable diseases through \n"
        "multisectoral and effective governance;  \n \n"
        "Panel 2: Reshaping and strengthening health systems and all forms of financing; \n \n"
        "(c) \nEach of the two panels will be co-chaired by two representatives; \n \n"
        "5. \nAlso decides that the high-level meeting shall approve a political declaration. \n",
    )
    op4 = doc.operative[0]
    assert [s.label for s in op4.subparagraphs] == ["(a)", "(b)", "(c)"]
    assert op4.subparagraphs[1].text == (
        "The multi-stakeholder panels will address the following themes: Panel 1: Tackling "
        "the determinants of noncommunicable diseases through multisectoral and effective "
        "governance; Panel 2: Reshaping and strengthening health systems and all forms of "
        "financing;"
    )
    assert op4.subparagraphs[1].subparagraphs == ()
    _assert_only_warned_of_the_excerpts_start(doc, 4)


def test_a_mark_glued_between_a_comma_and_a_word_and_after_a_plural_goal() -> None:
    # A/RES/80/207: `Human Rights,1as well as` cites note 1; A/RES/80/212: `the Sustainable
    # Development Goals 6 in Central America` cites note 6, where `Goals 5 and 6` would count.
    doc = _read_resolution(
        "80/207",
        " 80/207. Human rights and extreme poverty \n \n \nThe General Assembly, \n \n"
        "Recalling the Universal Declaration of Human Rights,1as well as the Covenants, \n \n"
        "1. Welcomes progress towards the Sustainable Development Goals 5 and 6 and towards \n"
        "the attainment of the Sustainable Development Goals 2 in Central America; \n"
        "_______________ \n \n1 Resolution 217 A (III). \n \n2 See resolution 70/1. \n",
    )
    assert doc.preamble[0].text == (
        "Recalling the Universal Declaration of Human Rights, as well as the Covenants,"
    )
    assert doc.operative[0].text == (
        "Welcomes progress towards the Sustainable Development Goals 5 and 6 and towards the "
        "attainment of the Sustainable Development Goals in Central America;"
    )
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("1", "PP1"), ("2", "OP1")]
    assert doc.warnings == ()


def test_a_provision_quoted_after_a_colon_ends_the_paragraph_without_a_warning() -> None:
    # A/RES/79/280: OP1 `... continues to read as follows:` quotes staff rule 3.3, `“(a) On
    # appointment, ...` and `“(b) On promotion, ...”`; each quoted block was warned of as
    # unnumbered text, which it is not: the resolution prints it so.
    doc = _read_resolution(
        "79/280",
        " 79/280. Human resources management \n \n \nThe General Assembly, \n \n"
        "1. \nRecalls its resolution 78/275, and notes that rule 3.3 continues to \n"
        "read as follows:  \n \n"
        "“(a) On appointment, a staff member shall normally be placed at the first \n"
        "step of the level of his or her post. \n \n"
        "“(b) On promotion, a staff member shall be placed at the lowest step of the \n"
        "level to which he or she has been promoted.” \n \n"
        "2. \nStresses that paragraph 66 of its resolution 79/257 does not relate to cases; \n \n"
        "Extraneous text at the end. \n",
    )
    op1 = doc.operative[0]
    assert op1.subparagraphs == ()
    assert op1.tail.startswith("“(a) On appointment, a staff member") and op1.tail.endswith(
        "to which he or she has been promoted.”"
    )
    assert [w.message for w in doc.warnings] == [
        "Unnumbered text after OP2 was kept as the end of OP2"
    ]


def test_a_number_pages_before_its_note_is_no_mark() -> None:
    # A/RES/79/155: `girls aged 15` ends a line on the third page, when note 15 is the next;
    # note 15 is printed at the foot of the fourth page, under `the Pact for the Future,15`.
    # The count had been taken for the mark (`girls aged to 19`) and the mark left in the text.
    doc = _read_resolution(
        "79/155",
        " 79/155. Intensification of efforts to end obstetric fistula \n \n \n"
        "The General Assembly, \n \nRecalling the Declaration,14 \n"
        "__________________ \n \n14  A/79/112. \n \n"
        "A/RES/79/155\nIntensification of efforts to end obstetric fistula\n \n24-24147\n3/9 \n \n"
        "Recognizing that the leading cause of death among girls aged 15 \n"
        "to 19 is complications from pregnancy and childbirth, \n \n"
        "A/RES/79/155 \nIntensification of efforts to end obstetric fistula\n \n24-24147\n4/9 \n \n"
        "Taking note of the Pact for the Future,15 while emphasizing particular actions, \n \n"
        "1. Calls upon States to end obstetric fistula; \n"
        "__________________ \n \n15  Resolution 79/1. \n",
    )
    assert doc.preamble[1].text == (
        "Recognizing that the leading cause of death among girls aged 15 to 19 is complications "
        "from pregnancy and childbirth,"
    )
    assert doc.preamble[2].text == (
        "Taking note of the Pact for the Future, while emphasizing particular actions,"
    )
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("14", "PP1"), ("15", "PP3")]


def test_what_the_last_paragraph_sets_out_after_its_colon_ends_it_without_a_warning() -> None:
    # A/RES/79/232: operative paragraph 10 asks the International Court of Justice for an
    # advisory opinion `... on account of its occupation:` and the question follows, unnumbered,
    # before the plenary meeting's line. It is the paragraph's end as printed; text after a
    # paragraph that does not lead into it is still warned of.
    doc = _read_resolution(
        "79/232",
        " 79/232. Request for an advisory opinion of the International Court of Justice \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 79/1, \n \n"
        "10. Decides to request the Court to render an advisory opinion on the following \n"
        "question, considering the rules of international law, on account of its occupation: \n"
        " \nWhat are the obligations of Israel, as an occupying Power and as a member of \n"
        "the United Nations, in relation to the presence and activities of the United \n"
        "Nations, including its agencies and bodies, other international organizations and \n"
        "third States, in and in relation to the Occupied Palestinian Territory?  \n \n"
        "54th plenary meeting \n19 December 2024 \n",
    )
    assert doc.operative[0].tail == (
        "What are the obligations of Israel, as an occupying Power and as a member of the "
        "United Nations, in relation to the presence and activities of the United Nations, "
        "including its agencies and bodies, other international organizations and third "
        "States, in and in relation to the Occupied Palestinian Territory?"
    )
    assert [w.message for w in doc.warnings] == [
        "The first operative paragraph is numbered 10, not 1"
    ]


def test_a_number_after_aged_counts_years_and_is_no_mark() -> None:
    # A/RES/79/155 as its plain-text export gives it back, without pages: `girls aged 15` at a
    # line's end, when note 15 is the next, had been taken for its mark.
    doc = _read_resolution(
        "79/155",
        " 79/155. Intensification of efforts to end obstetric fistula \n \n \n"
        "The General Assembly, \n \n"
        "Recognizing that the leading cause of death among girls aged 15 \n"
        "to 19 is complications from pregnancy and childbirth, \n \n"
        "Taking note of the Pact for the Future,15 while emphasizing particular actions, \n \n"
        "1. Calls upon States to end obstetric fistula; \n"
        "__________________ \n \n15  Resolution 79/1. \n",
    )
    assert "girls aged 15 to 19" in doc.preamble[0].text
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("15", "PP2")]


def test_a_number_the_next_line_goes_on_counting_is_no_mark() -> None:
    # `Sustainable Development Goals 2` at a line's end and `and 3` on the next: the reader,
    # reading a line at a time, had taken the 2 for note 2's mark when that note was the next.
    doc = _read_resolution(
        "79/155",
        " 79/155. Intensification of efforts to end obstetric fistula \n \n \n"
        "The General Assembly, \n \n"
        "Recalling the Beijing Declaration,1 \n \n"
        "Recognizing the contribution of the Sustainable Development Goals 2 \n"
        "and 3 to ending fistula, and the 2030 Agenda for Sustainable Development,2 \n \n"
        "1. Calls upon States to end obstetric fistula; \n"
        "__________________ \n \n1  A/CONF.177/20. \n \n2  Resolution 70/1. \n",
    )
    assert doc.preamble[1].text == (
        "Recognizing the contribution of the Sustainable Development Goals 2 and 3 to ending "
        "fistula, and the 2030 Agenda for Sustainable Development,"
    )
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("1", "PP1"), ("2", "PP2")]


def test_a_mark_set_apart_after_a_resolutions_number() -> None:
    # A/C.3/80/L.33: `submitted pursuant to resolutions 71/205 20  and 72/190, 21  and the
    # reports`: mark 20 stands apart after the number it follows; it had stayed in the text
    # and note 20 had been cited by nothing.
    doc = _read(
        "A/C.3/80/L.33",
        "Third Committee \n \n \n \nThe General Assembly, \n \n"
        "Welcoming the reports of the Office of the High Commissioner on the situation, \n"
        "submitted pursuant to resolutions 71/205 20  and 72/190, 21  and the reports of the \n"
        "Secretary-General, \n \n"
        "1. Condemns the violations; \n"
        "__________________ \n \n20 See A/72/498. \n \n21 See A/73/404. \n",
    )
    assert doc.preamble[0].text == (
        "Welcoming the reports of the Office of the High Commissioner on the situation, "
        "submitted pursuant to resolutions 71/205 and 72/190, and the reports of the "
        "Secretary-General,"
    )
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("20", "PP1"), ("21", "PP1")]
    assert doc.warnings == ()


def test_a_draft_submitted_by_an_officer_says_so() -> None:
    # A/C.2/80/L.61: `Draft decision submitted by the Bureau`, where a sponsored draft lists
    # its sponsors. The line was kept only in the front matter, which no export prints, and
    # the document called the draft decision a draft resolution.
    doc = _read(
        "A/C.2/80/L.61",
        "Second Committee \nAgenda item 121 \nRevitalization of the work of the General "
        "Assembly \n \n \nDraft decision submitted by the Bureau \n \n \n"
        " Revitalization of the work of the Second Committee \n \n \n"
        "The General Assembly, recalling its resolution 79/327 of 5 September 2025: \n \n"
        "(a) Decides that the Bureau will organize a series of informal dialogues; \n",
    )
    assert doc.sponsors == ()
    assert doc.submitted_by == "Draft decision submitted by the Bureau"
    assert doc.sponsored_as == "draft decision"
    assert doc.title == "Revitalization of the work of the Second Committee"


def test_the_documents_a_decision_defers_close_it_without_a_warning() -> None:
    # A/C.5/80/L.22: `The General Assembly decides to defer ... consideration of the following
    # documents:`, then the documents under their agenda item, unnumbered, to the end. Each
    # entry after the first had been warned of as unnumbered text.
    doc = _read(
        "A/C.5/80/L.22",
        "Fifth Committee \n \n \nDraft decision submitted by the Chair \n \n \n"
        " Questions deferred for future consideration \n \n \n"
        "The General Assembly decides to defer until the main part of its eighty-first \n"
        "session consideration of the following documents: \n \n \nItem 136 \n \n \n"
        "Proposed programme budget for 2026 \n \n \n \n"
        "Estimates in respect of special political missions \n \n \n"
        "Report of the Secretary-General on the review of arrangements for funding and \n"
        "backstopping special political missions1 \n \n"
        "Related report of the Advisory Committee on Administrative and Budgetary \n"
        "Questions2 \n \n__________________ \n \n1  A/66/340. \n \n2  A/66/7/Add.21. \n",
    )
    # The agenda item and its headings stand over the documents they group, in the list the
    # paragraph sets out: they had been printed after the documents, at the end of the text.
    headings = ["Item 136", "Proposed programme budget for 2026"]
    headings.append("Estimates in respect of special political missions")
    assert doc.operative[0].tail == "\n".join(
        [
            *headings,
            "Report of the Secretary-General on the review of arrangements for funding and "
            "backstopping special political missions",
            "Related report of the Advisory Committee on Administrative and Budgetary Questions",
        ]
    )
    assert [(h.text, h.before, h.in_list) for h in doc.headings] == [
        (text, "OP1", True) for text in headings
    ]
    assert doc.headings_before() == {}
    plain = write_text(doc)
    assert plain.index("Item 136") < plain.index("Report of the Secretary-General")
    assert plain.count("Item 136") == 1
    # The entries, as the paragraph's end, cite the notes that give their symbols (they had
    # been cited by nothing, and left out of every export).
    tail = doc.operative[0].tail
    assert [(r.mark, tail[: r.offset][-8:]) for r in doc.operative[0].tail_refs] == [
        ("1", "missions"),
        ("2", "uestions"),
    ]
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("1", "OP1"), ("2", "OP1")]
    assert not doc.warnings
    for again in (read_text(write_text(doc)), read_docx(write_docx(doc))):
        assert again.operative[0].tail == tail
        assert again.operative[0].tail_refs == doc.operative[0].tail_refs
        assert [(h.text, h.before, h.part) for h in again.headings] == [
            (h.text, h.before, h.part) for h in doc.headings
        ]
        assert [f.text for f in again.footnotes] == ["A/66/340.", "A/66/7/Add.21."]


def test_a_short_question_after_a_colon_is_no_heading() -> None:
    # A question a request for an advisory opinion puts to the Court ends with its question
    # mark: short, it had been taken for a section heading standing after the last paragraph.
    doc = _read_resolution(
        "79/232",
        " 79/232. Request for an advisory opinion of the International Court of Justice \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 79/1, \n \n"
        "1. Decides to request the Court to render an advisory opinion on the following \n"
        "question: \n \nWhat are the obligations of Israel in relation to the presence of the \n"
        "United Nations?  \n \n54th plenary meeting \n19 December 2024 \n",
    )
    assert doc.headings == ()
    assert doc.operative[0].tail == (
        "What are the obligations of Israel in relation to the presence of the United Nations?"
    )
    assert doc.warnings == ()


def test_the_day_of_a_date_is_no_mark() -> None:
    # A/RES/79/51: `held on 22 October 2015, 12 October 2017, ...` when note 11 was the next:
    # the 12 had been taken for note 12's mark, skipping 11, so the date lost its day and both
    # real marks (`activities,11` and `of 2013;12`) stayed in the text.
    doc = _read_resolution(
        "79/51",
        " 79/51. Transparency and confidence-building measures in outer space activities \n"
        " \n \nThe General Assembly, \n \nRecalling its resolution 78/52,10 \n \n"
        "7. Welcomes the joint meetings of the First and Fourth Committees, held on \n"
        "22 October 2015, 12 October 2017, 31 October 2019 and 27 October 2022; \n \n"
        "10. Recalls the report of the Secretary-General on measures in outer space \n"
        "activities,11 as well as the report of the Group of Governmental Experts of 2013;12 \n"
        "__________________ \n \n10  Resolution 78/52. \n \n11  A/72/65 and A/72/65/Add.1. \n"
        " \n12  A/78/75. \n",
    )
    assert "held on 22 October 2015, 12 October 2017, 31 October 2019" in doc.operative[0].text
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [
        ("10", "PP1"),
        ("11", "OP10"),
        ("12", "OP10"),
    ]


def test_marks_after_resolutions_of_other_bodies() -> None:
    # A/RES/79/204: `resolutions 5/7 27 and 5/8 28 of 2 March 2022 and resolution 6/929 of`
    # (Environment Assembly resolutions): marks 27 and 28 set apart before the next word, mark
    # 29 fused with resolution 6/9. All three had stayed in the text, their notes cited by
    # nothing. A General Assembly resolution's three-digit number (`70/229`) stays whole.
    doc = _read_resolution(
        "79/204",
        " 79/204. Towards the sustainable development of the Caribbean Sea \n \n \n"
        "The General Assembly, \n \n"
        "Recalling its resolution 70/229 of 22 December 2015,26 \n \n"
        "Recalling also the decisions of the United Nations Environment Assembly, in line with \n"
        "United Nations Environment Assembly resolutions 5/7 27 and 5/8 28 of 2 March 2022 and \n"
        "resolution 6/929 of 1 March 2024, \n \n"
        "1. Takes note of the report of the Secretary-General; \n"
        "__________________ \n \n26 A/79/399. \n \n27 UNEP/EA.5/Res.7. \n \n"
        "28 UNEP/EA.5/Res.8. \n \n29 UNEP/EA.6/Res.9. \n",
    )
    assert doc.preamble[0].text == "Recalling its resolution 70/229 of 22 December 2015,"
    assert doc.preamble[1].text == (
        "Recalling also the decisions of the United Nations Environment Assembly, in line with "
        "United Nations Environment Assembly resolutions 5/7 and 5/8 of 2 March 2022 and "
        "resolution 6/9 of 1 March 2024,"
    )
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [
        ("26", "PP1"),
        ("27", "PP2"),
        ("28", "PP2"),
        ("29", "PP2"),
    ]
    assert doc.warnings == ()


def test_a_mark_fused_with_a_human_rights_council_resolution() -> None:
    # A/RES/80/222: `Human Rights Council` / `resolution 55/197 and the report` is resolution
    # 55/19 and mark 7: the Council's resolutions never number 100 in a session.
    doc = _read_resolution(
        "80/222",
        " 80/222. Situation of human rights in the Islamic Republic of Iran \n \n \n"
        "The General Assembly, \n \nGuided by the Charter of the United Nations, \n \n"
        "1. Welcomes the report of the Secretary-General submitted pursuant to \n"
        "resolution 79/183,6 the report of the Fact-Finding Mission submitted pursuant to Human "
        "Rights Council \nresolution 55/197 and the report of the Special Rapporteur; \n"
        "__________________ \n \n6 A/80/484. \n \n7 A/HRC/58/63. \n",
    )
    assert doc.operative[0].text == (
        "Welcomes the report of the Secretary-General submitted pursuant to resolution 79/183, "
        "the report of the Fact-Finding Mission submitted pursuant to Human Rights Council "
        "resolution 55/19 and the report of the Special Rapporteur;"
    )
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("6", "OP1"), ("7", "OP1")]


def test_a_count_in_a_list_of_counts_is_no_mark() -> None:
    # A/RES/79/138: `17 abductions, 9 sexual assaults, 103 arrests ... harassment,8 and`: the 9
    # had been taken for note 9's mark, skipping note 8, whose mark then stayed in the text. A
    # mark after a count that ends the list is still one (`91 kidnapped, 12 and noting`, here
    # note 10).
    doc = _read_resolution(
        "79/138",
        " 79/138. Safety and security of humanitarian personnel \n \n \n"
        "The General Assembly, \n \n"
        "Noting with deep concern that, in 2023, 284 injuries, \n"
        "17 abductions, 9 sexual assaults, 103 arrests and detentions and 399 \n"
        "reported cases of intimidation and harassment,8 and noting that of them 141 \n"
        "were killed in 2023,9 \n \n"
        "Strongly condemning the attacks, resulting in at least 280 personnel killed, 224 "
        "wounded and 91 kidnapped, 10 and noting the toll, \n \n"
        "1. Condemns the attacks; \n"
        "__________________ \n \n8 See A/79/149, annexes I and III. \n \n9 Ibid., annex V. \n \n"
        "10 See Aid Worker Security Report, August 2024. \n",
    )
    assert "17 abductions, 9 sexual assaults, 103 arrests" in doc.preamble[0].text
    assert "harassment, and noting" in doc.preamble[0].text
    assert "91 kidnapped, and noting the toll," in doc.preamble[1].text
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [
        ("8", "PP1"),
        ("9", "PP1"),
        ("10", "PP2"),
    ]


def test_a_mark_after_a_numbers_full_stop_before_a_new_sentence() -> None:
    # A/RES/80/226, annex: `referred to under model strategy 10.24 Furthermore, access to`
    # is strategy 10, its full stop and mark 24; `10.24` had been read as one number.
    doc = _read_resolution(
        "80/226",
        " 80/226. United Nations Model Strategies on Reducing Reoffending \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 79/1,23 \n \n"
        "1. Adopts the Model Strategies; \n \n"
        "2. Encourages States to support the programmes referred to under model strategy \n"
        "10.24 Furthermore, access to training remains open, in line with chapter 10.25 of "
        "the Rules; \n"
        "__________________ \n \n23 A/79/1. \n \n24 See para. 48. \n",
    )
    assert doc.operative[1].text == (
        "Encourages States to support the programmes referred to under model strategy 10. "
        "Furthermore, access to training remains open, in line with chapter 10.25 of the Rules;"
    )
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("23", "PP1"), ("24", "OP2")]


def test_a_mark_two_spaces_after_a_semicolon() -> None:
    # A/RES/79/208: `of the Conference of the Parties to the Convention;  28` ends a line,
    # the mark two spaces from the semicolon; it had stayed in the text.
    doc = _read_resolution(
        "79/208",
        " 79/208. Implementation of the Convention on Biological Diversity \n \n \n"
        "The General Assembly, \n \nRecalling the Convention,27 \n \n"
        "34. Urges the parties to apply annex III to decision 15/8 of \n"
        "19 December 2022 of the Conference of the Parties to the Convention;  28 \n \n"
        "35. Urges parties to recognize the role of science; \n"
        "__________________ \n \n27 United Nations, Treaty Series, vol. 1760, No. 30619. \n \n"
        "28 Ibid., decision 15/8. \n",
    )
    assert doc.operative[0].text == (
        "Urges the parties to apply annex III to decision 15/8 of 19 December 2022 of the "
        "Conference of the Parties to the Convention;"
    )
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("27", "PP1"), ("28", "OP34")]


def test_paragraphs_without_numbers_in_one_section_have_labels_of_their_own() -> None:
    # A/RES/80/226, annex: each section holds a boxed core principle and model strategies,
    # unnumbered, between numbered paragraphs. The second and later ones of a section had
    # all been labelled `A.C A.C`, so the section headings after the first were all printed
    # before the first of them, in the draft view and in every export.
    doc = _read_resolution(
        "80/226",
        " 80/226. United Nations Model Strategies on Reducing Reoffending \n \n \n"
        "The General Assembly, \n \nRecalling its resolutions, \n \n"
        "1. Adopts the Model Strategies annexed to the present resolution; \n \n"
        "3rd plenary meeting \n16 December 2025 \n \n"
        "Annex \n \nUnited Nations Model Strategies on Reducing Reoffending \n \n"
        "1. Reducing reoffending is one of the main goals of criminal justice systems. \n \n"
        "C. Rehabilitation in the community \n \n"
        "Core principle II \nStates should promote the use of non-custodial measures. \n \n"
        "15. In decision-making, consideration should be given to the least restrictive "
        "measure. \n \nDiversion \n \n"
        "Model strategy No. 2 \nStates should promote the use of diversion. \n \n"
        "17. At any stage of the process, offenders may be diverted. \n \n"
        "Pretrial detention \n \n"
        "Model strategy No. 3 \nPretrial detention should be used as a means of last resort. \n \n"
        "20. The use of pretrial detention may generate risks of reoffending. \n \n"
        "Sentencing \n \n"
        "Model strategy No. 4 \nStates should include non-custodial measures in sentencing. \n \n"
        "24. With due regard to proportionality, sentencing policies should be reviewed. \n",
    )
    assert doc.annex is not None
    labels = [p.label for p in doc.annex.paragraphs]
    assert labels == [
        "Annex 1",
        "C",
        "Annex 15",
        "C (2)",
        "Annex 17",
        "C (3)",
        "Annex 20",
        "C (4)",
        "Annex 24",
    ]
    before = {h.text: h.before for h in doc.headings}
    assert before["Diversion"] == "C (2)"
    assert before["Pretrial detention"] == "C (3)"
    assert before["Sentencing"] == "C (4)"


def test_further_annexes_number_their_paragraphs_afresh() -> None:
    # A/RES/79/1 adopts the Pact for the Future, its text numbered 1-84, and its annexes: annex
    # I (the Global Digital Compact, numbered from 1) and annex II (the Declaration on Future
    # Generations, a preamble and paragraphs from 1). All three had been read as one annex:
    # numbering jumps warned of, both annexes' titles run into the Pact's, annex II's preamble
    # kept as the annex's introduction without its notes' marks.
    doc = read_text(PACT.read_text(encoding="utf-8"), markdown=False)
    assert doc.annex is not None
    assert doc.annex.title == "The Pact for the Future"
    assert [p.label for p in doc.annex.paragraphs] == [
        "Annex 1",
        "Annex 2",
        "Annex I.1",
        "Annex I.2",
        "Annex II",
        "Annex II (2)",
        "Annex II (3)",
        "Annex II.1",
        "Annex II.2",
    ]
    assert [p.number for p in doc.annex.paragraphs] == ["1", "2", "1", "2", "", "", "", "1", "2"]
    assert [(h.text, h.before) for h in doc.headings] == [
        ("Annex I", "Annex I.1"),
        ("Global Digital Compact", "Annex I.1"),
        ("Annex II", "Annex II"),
        ("Declaration on Future Generations", "Annex II"),
        ("Preamble", "Annex II"),
        ("Guiding principles", "Annex II.1"),
    ]
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("23", "Annex II (2)")]
    assert doc.warnings == ()


def test_a_programme_of_actions_bulleted_targets_and_sections_named_alike() -> None:
    # A/RES/79/233, the Programme of Action for Landlocked Developing Countries: its annex
    # numbers on from 1 to the end, each priority area has sections `I.`, `II.` again, and
    # `Targets:` stand as bulleted items. Every section's first paragraph had been warned of
    # as a numbering jump (from the last paragraph of the section of that name before), each
    # bullet as unnumbered text kept as the end of the paragraph above, and the list of
    # priority areas a paragraph sets out after its colon likewise: 78 warnings in all.
    doc = _read_resolution(
        "79/233",
        " 79/233. Programme of Action for Landlocked Developing Countries \n \n \n"
        "The General Assembly \n \nAdopts the Programme of Action, as contained in the annex. \n \n"
        "55th (resumed) plenary meeting \n24 December 2024 \n \n"
        "Annex \nProgramme of Action for Landlocked Developing Countries \n \n"
        "1. We are at a defining moment in history. \n \n"
        "2. The present Programme of Action will have two priority areas, as follows: \n \n"
        "Priority area 1: Structural transformation. \n \n"
        "Priority area 2: Trade, trade facilitation and regional integration. \n \n"
        "Priority area 1: Structural transformation \nI. \nProductive capacity development \n"
        "3. We recognize that productive capacity is key. \n"
        "Targets:  \n \n"
        "• Increase labour productivity by 50 per cent by 2034.  \n \n"
        "• Double the output of services sectors by 2034.  \n \n"
        "4. We commit to promoting national strategies. \n \n"
        "Priority area 2: Trade, trade facilitation and regional integration \nI. \n"
        "International trade \n"
        "5. We recognize that international trade offers extraordinary opportunities. \n",
    )
    assert doc.annex is not None
    paragraphs = doc.annex.paragraphs
    assert [(p.label, p.number) for p in paragraphs] == [
        ("Annex 1", "1"),
        ("Annex 2", "2"),
        ("Annex 3", "3"),
        ("I", ""),
        ("I (2)", ""),
        ("Annex 4", "4"),
        ("Annex 5", "5"),
    ]
    assert paragraphs[3].text == "• Increase labour productivity by 50 per cent by 2034."
    assert paragraphs[3].emphasis == ()
    assert paragraphs[1].tail == (
        "Priority area 1: Structural transformation.\nPriority area 2: Trade, trade "
        "facilitation and regional integration."
    )
    assert doc.warnings == ()


def test_marks_after_a_comma_that_ends_a_year_or_a_resolutions_number() -> None:
    # A/RES/79/144 (oceans and the law of the sea, 170 notes): `19 to 30 May 2008,140 in
    # which` and `resolution 5/14,118 and` (here 142) had been read as numbers in thousands,
    # and after the missed mark 140 every later note was left cited by nothing. `1,500`
    # stays a number. The same text's `recommendations 57 emanating from` is a mark too.
    doc = _read_resolution(
        "79/144",
        " 79/144. Oceans and the law of the sea \n \n \nThe General Assembly, \n \n"
        "Recalling decision IX/20 of the Conference of the Parties, held in Bonn, from \n"
        "19 to 30 May 2008,140 in which the Conference of the Parties, inter alia, noted \n"
        "that 1,500 species were at risk, and decision X/29, held in Nagoya, Japan, from \n"
        "18 to 29 October 2010, 141  in which the Conference of the Parties agreed, \n \n"
        "217. Also welcomes the work in line with the mandate of United Nations Environment \n"
        "Assembly resolution 5/14,142 and notes the sessions held on recommendations 143 "
        "emanating from the committee; \n"
        "__________________ \n \n"
        "140 See UNEP/CBD/COP/9/29, annex I. \n \n141 See UNEP/CBD/COP/10/27, annex. \n \n"
        "142 UNEP/EA.5/Res.14. \n \n143 See A/79/66. \n",
    )
    assert doc.preamble[0].text == (
        "Recalling decision IX/20 of the Conference of the Parties, held in Bonn, from 19 to 30 "
        "May 2008, in which the Conference of the Parties, inter alia, noted that 1,500 species "
        "were at risk, and decision X/29, held in Nagoya, Japan, from 18 to 29 October 2010, in "
        "which the Conference of the Parties agreed,"
    )
    assert doc.operative[0].text == (
        "Also welcomes the work in line with the mandate of United Nations Environment Assembly "
        "resolution 5/14, and notes the sessions held on recommendations emanating from the "
        "committee;"
    )
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [
        ("140", "PP1"),
        ("141", "PP1"),
        ("142", "OP217"),
        ("143", "OP217"),
    ]


def test_a_mark_fused_with_a_special_sessions_resolution() -> None:
    # A/RES/79/183: `pursuant to Human Rights Council resolution` / `S-35/16 and the report`
    # is resolution S-35/1 and mark 6: a special session adopts fewer than ten.
    doc = _read_resolution(
        "79/183",
        " 79/183. Situation of human rights in the Islamic Republic of Iran \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 78/220,5 \n \n"
        "1. Takes note of the report of the Fact-Finding Mission submitted pursuant to Human "
        "Rights Council resolution \nS-35/16 and the report of the Special Rapporteur on the "
        "situation, submitted pursuant to resolution S-10/2; \n"
        "__________________ \n \n5 A/79/509. \n \n6 A/HRC/55/67. \n",
    )
    assert doc.operative[0].text == (
        "Takes note of the report of the Fact-Finding Mission submitted pursuant to Human Rights "
        "Council resolution S-35/1 and the report of the Special Rapporteur on the situation, "
        "submitted pursuant to resolution S-10/2;"
    )
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("5", "PP1"), ("6", "OP1")]


def test_after_two_marks_lost_a_mark_over_its_own_note_takes_the_reading_on() -> None:
    # When two marks in a row are lost (printed where the text layer drops them), the reader
    # had looked for those two alone to the end, and every later note was left cited by
    # nothing: one oversight became thirty warnings in a text of 170 notes. A mark glued to
    # its text on the page whose foot prints its note is that note's mark all the same.
    doc = _read_resolution(
        "79/144",
        " 79/144. Oceans and the law of the sea \n \n \nThe General Assembly, \n \n"
        "Recalling the Convention, \n \nRecalling the Protocol, \n \n"
        "Recalling the Agreement,3 \n"
        "__________________ \n \n1 Treaty Series, vol. 1833. \n \n2 Ibid., vol. 2167. \n \n"
        "3 Ibid., vol. 2337. \n"
        "A/RES/79/144 \nOceans and the law of the sea\n \n24-23832\n2/59 \n \n"
        "Recalling the Declaration,4 \n \n1. Decides to act; \n"
        "__________________ \n \n4 Resolution 78/1. \n",
    )
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [
        ("1", ""),
        ("2", ""),
        ("3", "PP3"),
        ("4", "PP4"),
    ]
    assert doc.preamble[2].text == "Recalling the Agreement,"


def test_a_mark_after_the_word_age_in_a_title() -> None:
    # A/RES/79/222: the reports entitled `... in a post-pandemic world, 19  industrializing in
    # the digital age 20  and other topics`: `age` names no quantity there, and note 20 had
    # been cited by nothing. `girls aged 15 to 19` still counts years.
    doc = _read_resolution(
        "79/222",
        " 79/222. Industrial development cooperation \n \n \nThe General Assembly, \n \n"
        "Noting the reports on the future of industrialization in a post-pandemic \n"
        "world, 19  industrializing in the digital age 20  and other topics, and on girls \n"
        "aged 15 to 19, \n \n1. Decides to act; \n"
        "__________________ \n \n19 UNIDO, Industrial Development Report 2022. \n \n"
        "20 UNIDO, Industrial Development Report 2020. \n",
    )
    assert doc.preamble[0].text == (
        "Noting the reports on the future of industrialization in a post-pandemic world, "
        "industrializing in the digital age and other topics, and on girls aged 15 to 19,"
    )
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("19", "PP1"), ("20", "PP1")]


def test_a_name_whose_line_opens_with_an_ing_word_goes_on() -> None:
    # A/RES/79/185: `... on the Prohibition of the Development, Production,` / `Stockpiling
    # and Use of Chemical Weapons and on Their Destruction (Chemical` / `Weapons Convention);`.
    # The line opening `Stockpiling` had been read as a new preambular-like paragraph and kept,
    # with a warning, as the end of paragraph 4. A/RES/80/35's title had lost its first line
    # the same way (`Stockpiling, Production and Transfer of Anti-Personnel Mines ...`).
    doc = _read_resolution(
        "79/185",
        " 79/185. Situation of human rights in the Syrian Arab Republic \n \n \n"
        "The General Assembly, \n \nRecalling its resolutions, \n \n"
        "4. \nStrongly condemns the use of chemical weapons in the Syrian Arab \n"
        "Republic, and recalls in \nthis regard decision C-25/DEC.9 of 21 April 2021 of the "
        "Conference of the States \n"
        "Parties to the Convention on the Prohibition of the Development, Production, \n"
        "Stockpiling and Use of Chemical Weapons and on Their Destruction (Chemical \n"
        "Weapons Convention); \n \n5. \nWelcomes the work of the Team; \n",
    )
    assert doc.operative[0].text.endswith(
        "Prohibition of the Development, Production, Stockpiling and Use of Chemical Weapons "
        "and on Their Destruction (Chemical Weapons Convention);"
    )
    assert doc.operative[0].tail == ""
    assert [w.message for w in doc.warnings] == [
        "The first operative paragraph is numbered 4, not 1"
    ]
    title = read_text(
        "80/35. Implementation of the Convention on the Prohibition of the Use,\n"
        "Stockpiling, Production and Transfer of Anti-Personnel Mines and on Their Destruction"
        "\n\nThe General Assembly,\n\nRecalling its resolutions,\n\n1. Decides to act;\n",
        markdown=True,
    ).title
    assert title == (
        "Implementation of the Convention on the Prohibition of the Use, Stockpiling, "
        "Production and Transfer of Anti-Personnel Mines and on Their Destruction"
    )


def test_a_mark_after_a_bare_number_of_a_decision_or_a_plural_subject() -> None:
    # A/RES/79/218: `welcomes that the parties 20 urged developed country parties` and
    # `reiterates the decision 21 to provide financial support`: a decision's number carries
    # its session (`decision 1/CP.21`), so a bare number before a word of the sentence is a
    # mark. `Security Council resolution 2334 (2016)` and `resolution 1, annex` stay numbers.
    doc = _read_resolution(
        "79/218",
        " 79/218. Follow-up to the Fourth United Nations Conference \n \n \n"
        "The General Assembly, \n \nRecalling Security Council resolution 2334 (2016), \n \n"
        "19. Welcomes that the parties 20 urged developed country parties to scale up support, "
        "and reiterates the decision 21 to provide financial and technical support, as in the "
        "report, chap. I, resolution 1, annex; \n"
        "__________________ \n \n20 United Nations Framework Convention on Climate Change. \n \n"
        "21 Resolution 69/313, annex, para. 46. \n",
    )
    assert doc.operative[0].text == (
        "Welcomes that the parties urged developed country parties to scale up support, and "
        "reiterates the decision to provide financial and technical support, as in the report, "
        "chap. I, resolution 1, annex;"
    )
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [
        ("20", "OP19"),
        ("21", "OP19"),
    ]


def test_a_mark_set_apart_after_a_resolution_as_the_sentence_goes_on() -> None:
    # A/RES/75/193: `regretting that a draft resolution 38 was not adopted`, note 38 giving
    # the draft's symbol. The mark had stayed in the text as a number and the note was cited
    # by nothing; `draft resolution 8` at a line's end was already read as a mark.
    doc = _read_resolution(
        "75/193",
        " 75/193. Situation of human rights in the Syrian Arab Republic \n \n \n"
        "The General Assembly, \n \nRecalling the report of the Commission of Inquiry,37 \n \n"
        "Recalling the statements made by the Secretary-General, and regretting that a draft "
        "resolution 38 was not adopted \nnotwithstanding broad support from Member States, "
        "\n \nRecalling also the report of the United Nations Board of \nInquiry39 into "
        "strikes, \n \n1. Demands that the Syrian authorities cooperate; \n"
        "__________________ \n \n37 A/HRC/45/31. \n \n38 S/2014/348. \n \n"
        "39 See S/2020/278, annex. \n",
    )
    assert doc.preamble[1].text == (
        "Recalling the statements made by the Secretary-General, and regretting that a draft "
        "resolution was not adopted notwithstanding broad support from Member States,"
    )
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [
        ("37", "PP1"),
        ("38", "PP2"),
        ("39", "PP3"),
    ]
    assert not doc.warnings


def test_a_mark_set_apart_before_who_made_the_thing_it_follows() -> None:
    # A/RES/75/235: `the global action plan on antimicrobial resistance 30 developed by the
    # World Health Organization`, note 30 giving the plan's document. A count before a
    # participle (`including 30 developed countries`) names no maker and stays a number.
    doc = _read_resolution(
        "75/235",
        " 75/235. Agriculture development, food security and nutrition \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 74/242,29 \n \n"
        "Welcoming the efforts of Member States, including 30 developed countries, to "
        "implement \nthe global action plan on antimicrobial resistance 30 developed by the "
        "World Health \nOrganization, \n \n1. Takes note of the report of the "
        "Secretary-General; \n__________________ \n \n29 A/74/PV.52. \n \n"
        "30 World Health Organization, document WHA68/2015/REC/1, annex 3. \n",
    )
    assert doc.preamble[1].text == (
        "Welcoming the efforts of Member States, including 30 developed countries, to "
        "implement the global action plan on antimicrobial resistance developed by the World "
        "Health Organization,"
    )
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("29", "PP1"), ("30", "PP2")]
    assert not doc.warnings


def test_an_annex_of_prose_has_no_italic_opening_words_and_a_declaration_keeps_them() -> None:
    # A/RES/80/226's annex (model strategies) and A/RES/79/233's (a programme of action) are
    # prose: `1. Reducing reoffending is one of the main goals`, `2. Definitions of
    # reoffending vary`. Their first words had been set in italics, as an operative
    # paragraph's verb is. A political declaration's paragraphs open with verbs (A/RES/73/3:
    # `1. Reaffirm the 2030 Agenda`, `2. Further reaffirm`), and keep their italics.
    prose = _read_resolution(
        "80/226",
        " 80/226. United Nations Model Strategies on Reducing Reoffending \n \n \n"
        "The General Assembly, \n \nRecalling its resolutions, \n \n"
        "1. Adopts the Model Strategies annexed to the present resolution; \n \n"
        "3rd plenary meeting \n16 December 2025 \n \nAnnex \n \n"
        "United Nations Model Strategies on Reducing Reoffending \n \n"
        "1. Reducing reoffending is one of the main goals of criminal justice systems. \n \n"
        "2. Definitions of reoffending vary widely across and even within jurisdictions. \n \n"
        "3. Attempts to reduce reoffending require gender-sensitive approaches. \n",
    )
    assert prose.annex is not None
    assert [p.emphasis for p in prose.annex.paragraphs] == [(), (), ()]
    assert prose.operative[0].emphasis != ()
    declaration = _read_resolution(
        "73/3",
        " 73/3. Political declaration of the high-level meeting on the fight against "
        "tuberculosis \n \n \nThe General Assembly \n \n"
        "Approves the following political declaration: \n \n"
        "Political declaration of the high-level meeting \n \n"
        "We, Heads of State and Government, assembled at the United Nations, \n \n"
        "1. Reaffirm the 2030 Agenda for Sustainable Development; \n \n"
        "2. Further reaffirm the 2016 political declaration; \n \n"
        "3. Acknowledge that tuberculosis is preventable and curable; \n",
    )
    assert declaration.annex is not None
    assert [p.text[: p.emphasis[0].end] for p in declaration.annex.paragraphs] == [
        "Reaffirm",
        "Further reaffirm",
        "Acknowledge",
    ]


def test_an_annexed_outcome_documents_preamble_is_paragraphs_with_their_notes() -> None:
    # A/RES/80/173 annexes the WSIS+20 outcome document: `We, the Ministers ...,` then
    # preambular paragraphs (`Recalling ...,`, `Recalling also ... the Sevilla Commitment,1
    # which ...,`), then paragraphs numbered from 1. The preamble had been kept as the annex's
    # introduction, plain text that no delegation could comment on, with note 1 cited by
    # nothing; the opening words stay the introduction.
    doc = _read_resolution(
        "80/173",
        " 80/173. Outcome document of the high-level meeting on the World Summit \n \n \n"
        "The General Assembly \n \nAdopts the following outcome document: \n \n"
        "Outcome document of the high-level meeting of the General Assembly \n \n"
        "We, the Ministers and heads of delegations participating in the high-level meeting, \n"
        " \nRecalling resolution 79/277, adopted by the General Assembly on 27 March \n"
        "2025, in which it established modalities for the 20-year review, \n \n"
        "Recalling also the Fourth International Conference on Financing for \n"
        "Development and its outcome, the Sevilla Commitment,1 which renews the global \n"
        "framework, \n \n"
        "1. \nWe reaffirm our commitment to the vision of the World Summit. \n \n"
        "2. \nWe further reaffirm our commitment to the Geneva Declaration. \n"
        "_______________ \n \n1 Resolution 79/323, annex. \n",
    )
    assert doc.annex is not None
    assert doc.annex.intro == (
        "We, the Ministers and heads of delegations participating in the high-level meeting,"
    )
    paragraphs = doc.annex.paragraphs
    assert [(p.label, p.number) for p in paragraphs] == [
        ("Annex", ""),
        ("Annex (2)", ""),
        ("Annex 1", "1"),
        ("Annex 2", "2"),
    ]
    assert paragraphs[1].text == (
        "Recalling also the Fourth International Conference on Financing for Development and "
        "its outcome, the Sevilla Commitment, which renews the global framework,"
    )
    assert paragraphs[1].text[: paragraphs[1].emphasis[0].end] == "Recalling also"
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("1", "Annex (2)")]
    assert doc.warnings == ()


def test_a_programme_of_actions_lists_under_its_section_headings() -> None:
    # A/RES/78/317 (the Antigua and Barbuda Agenda for Small Island Developing States): under
    # `III. How do small island developing States get there?` each lettered section lists its
    # actions `(a)`, `(b)` ... with romans under them, no numbered paragraph above. The lists
    # had all been hung on paragraph 32 (here 31), their letters repeated, and the upload
    # refused the text; the question heading was kept as a paragraph's end, the long `B.`
    # heading too, and `I` after `H` was read as a roman section.
    doc = _read_resolution(
        "78/317",
        " 78/317. The Antigua and Barbuda Agenda for Small Island Developing States \n \n \n"
        "The General Assembly \n \nAdopts the Agenda, as contained in the annex. \n \n"
        "4th plenary meeting \n22 June 2024 \n \nAnnex \n \n"
        "The Antigua and Barbuda Agenda for Small Island Developing States \n \n"
        "II. \nWhat do small island developing States want? \n \n"
        "30. Small island developing States seek the support of the international community: \n"
        " \n(a) \nTo build resilient economies; \n \n \n \n"
        "III. How do small island developing States get there? \n \n"
        "31. Therefore, we commit to the following actions. \n \n \n \n"
        "A. \nBuild economic resilience \n \n \n"
        "(a) \nReform the international financial architecture by: \n \n"
        "(i) \nReviewing the terms of lending; \n \n(ii) Scaling up concessional finance; \n \n"
        "(b) \nSupport the sustainable management of debt. \n \n \n \n"
        "B. \nScale up climate action and support, including climate finance, in line \n"
        "with existing commitments and obligations under the United Nations \n"
        "Framework Convention on Climate Change and the Paris Agreement  \n \n \n"
        "(a) \nAccelerated actions towards full implementation of the Convention by: \n \n"
        "(i) \nTaking urgent actions to hold the increase in temperature; \n \n \n \n"
        "H. \nScience, technology and innovation \n \n \n(a) \nInvest in science. \n \n \n \n"
        "I. \nProductive populations \n \n \n(a) \nInvest in people. \n \n \n \n"
        "IV. \nA more effective United Nations in support of small island developing States \n"
        " \n32. We call for a more effective United Nations system. \n",
    )
    assert doc.annex is not None
    assert [(p.label, [s.label for s in p.subparagraphs]) for p in doc.annex.paragraphs] == [
        ("Annex 30", ["(a)"]),
        ("Annex 31", []),
        ("III.A (a)", ["(i)", "(ii)"]),
        ("III.A (b)", []),
        ("III.B (a)", ["(i)"]),
        ("III.H (a)", []),
        ("III.I (a)", []),
        ("Annex 32", []),
    ]
    assert [(h.number, h.before) for h in doc.headings] == [
        ("II", "Annex 30"),
        ("III", "Annex 31"),
        ("A", "III.A (a)"),
        ("B", "III.B (a)"),
        ("H", "III.H (a)"),
        ("I", "III.I (a)"),
        ("IV", "Annex 32"),
    ]
    assert [w.message for w in doc.warnings] == ["The first annex paragraph is numbered 30, not 1"]


def test_a_tables_cells_are_no_heading() -> None:
    # A/RES/78/253 (the programme budget's special subjects): `15. Approves the conversion of
    # eight temporary positions ... as reflected in the table below:`, then the table's cells,
    # then `Abbreviations: ...`. The cells had been read as a section heading, the line under
    # them as an unnumbered paragraph labelled `XII OP16`, the same label as paragraph 16, and
    # the upload refused the text. The cells are the paragraph's end, warned of.
    doc = _read_resolution(
        "78/253",
        " 78/253. Special subjects relating to the proposed programme budget for 2024 \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 77/262, \n \n"
        "15. Approves the conversion of eight temporary positions to posts, as reflected in \n"
        "the table below: \n \nD-2 \nD-1 \nP-5 \nP-4 \nTotal \nDepartment of Management \n"
        "1 \n– \n3 \n3 \n7 \nTotal \n1 \n– \n3 \n3 \n7 \n \n"
        "Abbreviations: GS (OL), General Service (Other level). \n \n \n \n"
        "16. Also approves an additional appropriation of 1,041,000 dollars; \n",
    )
    assert [p.label for p in doc.operative] == ["OP15", "OP16"]
    assert doc.operative[0].tail.startswith("D-2 D-1 P-5 P-4 Total Department of Management 1")
    assert doc.headings == ()


def test_a_paragraph_of_a_report_numbered_in_roman_is_no_mark() -> None:
    # A/RES/78/252 as its plain-text export gives it back, without pages: `Takes note of
    # paragraph IV.7 of the report` when note 7 is the next; the 7 had been taken for its mark.
    doc = read_text(
        "The General Assembly,\n\nRecalling its resolution 77/262,\n\n"
        "46. Takes note of paragraph IV.7 of the report of the Advisory Committee;\n\n"
        "47. Decides to establish two posts, as requested;⁷\n\n⁷ A/78/7.\n",
        markdown=False,
    )
    assert doc.operative[0].text == (
        "Takes note of paragraph IV.7 of the report of the Advisory Committee;"
    )
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("7", "OP47")]


def test_rules_of_procedure_number_each_rules_paragraphs_from_1() -> None:
    # A/RES/78/327 annexes the rules of procedure of the 2026 Water Conference: `Rule 7` /
    # `Powers of the President` / `1.` / `2.`, then `Rule 8` / `1.` again. Each rule's `1.`
    # had been warned of as a numbering jump; a rule is read as a convention's article is.
    doc = _read_resolution(
        "78/327",
        " 78/327. Modalities of the 2026 United Nations Water Conference \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 77/334, \n \n"
        "1. Adopts the provisional rules of procedure contained in the annex; \n \n"
        "56th plenary meeting \n3 September 2024 \n \nAnnex \n \n"
        "Provisional rules of procedure of the 2026 United Nations Water Conference \n \n"
        "Rule 7 \nPowers of the President \n \n"
        "1. \nThe President shall preside at the plenary meetings of the Conference. \n"
        "2. \nThe presiding President remains under the authority of the Conference. \n \n"
        "Rule 8 \nActing President  \n \n"
        "1. \nIf both Presidents are to be absent, they may designate a Vice-President. \n"
        "2. \nA Vice-President acting as President shall have the same powers. \n",
    )
    assert doc.annex is not None
    assert [p.label for p in doc.annex.paragraphs] == [
        "Rule 7 Annex 1",
        "Rule 7 Annex 2",
        "Rule 8 Annex 1",
        "Rule 8 Annex 2",
    ]
    assert doc.warnings == ()


def test_a_statutes_paragraph_an_amendment_quotes_is_its_end() -> None:
    # A/RES/78/248 (administration of justice): `14. Decides to approve the following
    # amendment to the statute of the United Nations Dispute Tribunal:` / `Article 9, new
    # paragraph 4:` / `4. In hearing an application ...`. The statute's paragraph 4 had been
    # read as operative paragraph 4 (`Numbering jumps from 14 to 4`), and paragraph 15 after it
    # as the first of a new numbering.
    doc = _read_resolution(
        "78/248",
        " 78/248. Administration of justice at the United Nations \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 61/261, \n \n"
        "13. Recalls paragraph 7 of its resolution 63/253; \n \n"
        "14. Decides to approve the following amendment to the statute of the United \n"
        "Nations Dispute Tribunal:  \nArticle 9, new paragraph 4: \n4. \n"
        "In hearing an application to appeal an administrative decision imposing a \n"
        "disciplinary measure, the Dispute Tribunal shall pass judgment on the \n"
        "application by conducting a judicial review. \n \n \n \n"
        "15. Invites the Sixth Committee to consider the legal aspects of the report; \n",
    )
    assert [p.number for p in doc.operative] == ["13", "14", "15"]
    assert doc.operative[1].tail.startswith("4. In hearing an application to appeal")
    assert [w.message for w in doc.warnings] == [
        "The first operative paragraph is numbered 13, not 1"
    ]


def test_a_list_a_paragraph_numbers_from_1_after_its_colon_is_its_end() -> None:
    # A/RES/78/223: `11. Approves the following provisional agenda for the Fifteenth Congress`
    # `...:` / `1. Opening of the Congress.` ... `7. Adoption of the report of the Congress.`,
    # then `12.`. The agenda's items had been read as operative paragraphs 1 to 7 again (two
    # numbering jumps), two paragraphs then had each label OP1 to OP7, and the upload refused
    # the text.
    doc = _read_resolution(
        "78/223",
        " 78/223. Follow-up to the Fourteenth United Nations Congress on Crime Prevention \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 56/119, \n \n"
        "10. Takes note of the report of the Secretary-General; \n \n"
        "11. Approves the following provisional agenda for the Fifteenth Congress, \n"
        "finalized by the Commission at its thirty-second session: \n \n \n"
        "1. \nOpening of the Congress. \n \n \n2. \nOrganizational matters. \n \n \n"
        "3. \nAdoption of the report of the Congress. \n \n"
        "12. Decides that the following issues shall be considered in workshops: \n \n"
        "(a) \nBuilding resilient societies; \n",
    )
    assert [p.label for p in doc.operative] == ["OP10", "OP11", "OP12"]
    assert doc.operative[1].tail == (
        "1. Opening of the Congress.\n2. Organizational matters.\n3. Adoption of the report of "
        "the Congress."
    )
    assert [s.label for s in doc.operative[2].subparagraphs] == ["(a)"]
    assert [w.message for w in doc.warnings] == [
        "The first operative paragraph is numbered 10, not 1"
    ]


def test_a_numbered_list_ends_at_a_heading_or_a_number_out_of_its_turn() -> None:
    # After a list a paragraph numbers from 1 (A/RES/78/223's provisional agenda), a section
    # that numbers afresh under its heading, or a paragraph misnumbered, is no item of it: the
    # list had no end but the paragraph's next number.
    doc = _read_resolution(
        "78/223",
        " 78/223. Follow-up to the Fourteenth United Nations Congress on Crime Prevention \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 56/119, \n \n"
        "11. Approves the following provisional agenda: \n \n"
        "1. \nOpening of the Congress. \n \n2. \nOrganizational matters. \n \n \n"
        "II \n \nPreparations for the Congress \n \n"
        "1. Requests the Secretariat to prepare the Congress; \n \n"
        "2. Decides to hold the Congress in 2026: \n \n1. \nOpening of the Congress. \n \n"
        "5. Requests a report; \n",
    )
    assert [p.label for p in doc.operative] == ["OP11", "OP1", "OP2", "OP5"]
    assert doc.operative[0].tail == "1. Opening of the Congress.\n2. Organizational matters."
    assert doc.operative[2].tail == "1. Opening of the Congress."


def test_a_rules_heading_set_under_the_rule_before_and_a_rules_title_citing_a_note() -> None:
    # A/RES/78/128 annexes the rules of procedure of the 2025 Ocean Conference. `Rule 27`
    # stands right under the last line of rule 26, without a blank line, and had been read as
    # part of it: rule 26's text went to rule 25 and rule 27's to rule 26. `Rule 61` /
    # `Associate members of regional commissions17` cites a note in its title, and had been
    # read as text: rules 60-62 became one paragraph.
    doc = _read_resolution(
        "78/128",
        " 78/128. 2025 United Nations Conference to Support the Implementation of Sustainable "
        "Development Goal 14 \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 73/292, \n \n"
        "1. Adopts the provisional rules of procedure contained in annex III; \n \n"
        "56th plenary meeting \n7 December 2023 \n \nAnnex III \n \n"
        "Provisional rules of procedure \n \n"
        "Rule 24 \nRight of reply \n \n"
        "1. \nThe presiding President shall accord the right of reply to any representative. \n"
        "2. \nThe statements shall normally be made at the end of the last meeting of the day. \n"
        " \n"
        "Rule 25 \nAdjournment of debate \n \n \n"
        "A representative may at any time move the adjournment of the debate.  \n \n"
        "Rule 26 \nClosure of debate \n \n \n"
        "A representative may at any time move the closure of the debate on the question \n"
        "under discussion, after which the motion shall be immediately put to the vote.  \n"
        "Rule 27 \nSuspension or adjournment of the meeting \n \n \n"
        "A representative may at any time move the suspension or the adjournment of the \n"
        "meeting. \n \n"
        "Rule 61 \nAssociate members of regional commissions17  \n \n \n"
        "Representatives designated by the associate members of regional commissions \n"
        "may participate as observers, without the right to vote. \n"
        "__________________ \n \n17 American Samoa, Anguilla, Aruba and Bermuda. \n",
    )
    assert doc.annex is not None
    assert [(p.label, p.text[:40]) for p in doc.annex.paragraphs] == [
        ("Rule 24 Annex 1", "The presiding President shall accord the"),
        ("Rule 24 Annex 2", "The statements shall normally be made at"),
        ("Rule 25", "A representative may at any time move th"),
        ("Rule 26", "A representative may at any time move th"),
        ("Rule 27", "A representative may at any time move th"),
        ("Rule 61", "Representatives designated by the associ"),
    ]
    assert "closure" in doc.annex.paragraphs[3].text
    assert "suspension" in doc.annex.paragraphs[4].text
    assert [(h.text, h.before) for h in doc.headings if h.part == "annex"][-2:] == [
        ("Rule 27 Suspension or adjournment of the meeting", "Rule 27"),
        ("Rule 61 Associate members of regional commissions", "Rule 61"),
    ]
    # The title's note is the heading's: linked, not warned of as cited by nothing.
    assert doc.headings[-1].footnote_refs == (
        FootnoteRef("17", len("Rule 61 Associate members of regional commissions")),
    )
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("17", "Rule 61")]
    assert doc.warnings == ()


def test_a_schedule_a_paragraph_sets_out_after_its_colon_is_its_end() -> None:
    # A/RES/78/128: `10. Further decides that ... the plenary meetings will be held as
    # follows:` / `Monday, 9 June: from 9 a.m. ...` / ... / `Friday, 13 June: ...;`. The days
    # were kept as the end of paragraph 10, but each was warned of as unnumbered text; and the
    # text as exported, the days on one line ending with a semicolon, read back as a
    # sub-paragraph (a) whose letter was lost.
    doc = _read_resolution(
        "78/128",
        " 78/128. 2025 United Nations Conference to Support the Implementation of Sustainable "
        "Development Goal 14 \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 73/292, \n \n"
        "10. Further decides that the first plenary meeting of the Conference will \n"
        "commence at 9 a.m. on Monday, 9 June, and that the plenary meetings will be held \n"
        "as follows: \n \n"
        "Monday, 9 June: from 9 a.m. to 1 p.m. and from 3 to 6 p.m.  \n \n"
        "Tuesday, 10 June: from 10 a.m. to 1 p.m. and from 3 to 6 p.m.  \n \n"
        "Friday, 13 June: from 10 a.m. to 1 p.m. and from 4 to 7 p.m.; \n \n"
        "11. \nDecides that 10 Ocean Action panels will be held; \n",
    )
    assert [p.number for p in doc.operative] == ["10", "11"]
    assert doc.operative[0].tail == (
        "Monday, 9 June: from 9 a.m. to 1 p.m. and from 3 to 6 p.m.\n"
        "Tuesday, 10 June: from 10 a.m. to 1 p.m. and from 3 to 6 p.m.\n"
        "Friday, 13 June: from 10 a.m. to 1 p.m. and from 4 to 7 p.m.;"
    )
    assert [w.message for w in doc.warnings] == [
        "The first operative paragraph is numbered 10, not 1"
    ]
    again = read_text(write_plain_text(doc))
    assert again.operative[0].subparagraphs == ()
    assert again.operative[0].tail == doc.operative[0].tail


def test_a_paragraph_that_opens_as_an_operative_one_after_a_colon_is_still_warned_of() -> None:
    # What follows a paragraph's colon is its end, but text that opens as an operative
    # paragraph does (`Requests ...`) may have lost its number: the co-facilitator is told.
    doc = _read_resolution(
        "78/128",
        " 78/128. 2025 United Nations Conference \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 73/292, \n \n"
        "1. Decides that the Conference shall be held as follows: \n \n"
        "Monday, 9 June: from 9 a.m. to 1 p.m. \n \n"
        "Requests the Secretary-General to support the Conference; \n \n"
        "3. Decides to remain seized of the matter. \n",
    )
    assert "Unnumbered text after OP1 was kept as the end of OP1" in [
        w.message for w in doc.warnings
    ]


def test_a_mark_fused_with_a_conference_of_the_parties_decision() -> None:
    # A/RES/78/153: `in accordance with decisions` / `1/CP.2731 and 1/CMA.4;` is decision
    # 1/CP.27 and mark 31: a conference of the parties has not met a hundred times. Note 31
    # had been cited by nothing.
    doc = _read_resolution(
        "78/153",
        " 78/153. Protection of global climate for present and future generations of "
        "humankind \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 77/165,30 \n \n"
        "12. Welcomes the establishment of the work programme on just transition pathways, in \n"
        "accordance with decisions 1/CP.2731 and 1/CMA.4;  \n \n"
        "13. Recalls decision 2/CMA.4 and decision 1/CP.21; \n"
        "__________________ \n \n30 A/78/209. \n \n31 See FCCC/CP/2022/10/Add.1. \n",
    )
    assert doc.operative[0].text == (
        "Welcomes the establishment of the work programme on just transition pathways, in "
        "accordance with decisions 1/CP.27 and 1/CMA.4;"
    )
    assert doc.operative[1].text == "Recalls decision 2/CMA.4 and decision 1/CP.21;"
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("30", "PP1"), ("31", "OP12")]


def test_a_mark_after_a_session_named_by_its_ordinal() -> None:
    # A/RES/78/181: `the agreed conclusions of the Commission on the Status of Women at` /
    # `its sixty-second session 13 and its priority theme`. `session 13` had been read as a
    # session's number; notes 13, 14 and 15 were then cited by nothing. A session counted by
    # its number (`session 5 of the Working Group`) is still no mark.
    doc = _read_resolution(
        "78/181",
        " 78/181. Improvement of the situation of women and girls in rural areas \n \n \n"
        "The General Assembly, \n \n"
        "Recalling the agreed conclusions of the Commission on the Status of Women at \n"
        "its sixty-second session 13 and its priority theme, and the outcome of session 5 and \n"
        "session 6 of the Working Group, \n \n"
        "Recalling also the Voluntary Guidelines on the Responsible Governance of Tenure of \n"
        "Land, Fisheries and Forests in the Context of National Food Security 14 and the \n"
        "Principles for Responsible Investment in Agriculture and Food Systems, 15 \n \n"
        "1. Urges Member States to support rural women; \n"
        "__________________ \n \n"
        "13  Official Records of the Economic and Social Council, 2018, Supplement No. 7. \n \n"
        "14  Food and Agriculture Organization of the United Nations, document CL 144/9. \n \n"
        "15  Food and Agriculture Organization of the United Nations, document C 2015/20. \n",
    )
    assert doc.preamble[0].text == (
        "Recalling the agreed conclusions of the Commission on the Status of Women at its "
        "sixty-second session and its priority theme, and the outcome of session 5 and "
        "session 6 of the Working Group,"
    )
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [
        ("13", "PP1"),
        ("14", "PP2"),
        ("15", "PP2"),
    ]


def test_a_mark_before_a_superscripts_gap_after_a_word_that_counts() -> None:
    # A/RES/78/16: `the first 1  and` / `second2 annual progress reports`: mark 1 follows
    # `first`, a word that counts, before the wide gap a superscript leaves; it had stayed in
    # the text and note 1 was cited by nothing. A number such a word counts without a gap
    # after it stays (`the first 3 meetings`), and so does one that more numbers follow (`the
    # first 4  and 5 sessions`), though notes 3 and 4 come next.
    doc = _read_resolution(
        "78/16",
        " 78/16. Developments in the field of information and telecommunications \n \n \n"
        "The General Assembly, \n \n"
        "Calling upon Member States to be guided by the first 1  and \nsecond2 annual progress "
        "reports of the open-ended working group, by the first 3 meetings of the group and by "
        "the first 4  and 5 sessions, \n \n"
        "1. Welcomes the report,3 and the review;4 \n"
        "__________________ \n \n1  See A/77/275. \n \n2  See A/78/265. \n \n3  A/78/1. \n \n"
        "4  A/78/2. \n",
    )
    assert doc.preamble[0].text == (
        "Calling upon Member States to be guided by the first and second annual progress "
        "reports of the open-ended working group, by the first 3 meetings of the group and by "
        "the first 4 and 5 sessions,"
    )
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [
        ("1", "PP1"),
        ("2", "PP1"),
        ("3", "OP1"),
        ("4", "OP1"),
    ]


def test_a_mark_glued_between_two_words() -> None:
    # A/RES/78/163: `Reaffirming further the Paris Agreement4and its early entry into force`:
    # mark 4 glued to the words on both sides had stayed in the text (`Agreement4and`).
    doc = _read_resolution(
        "78/163",
        " 78/163. Follow-up to the Second United Nations Conference on Landlocked Developing "
        "Countries \n \n \n"
        "The General Assembly, \n \n"
        "Reaffirming further the Paris Agreement4and its early entry into force, \n \n"
        "1. Welcomes the report; \n"
        "__________________ \n \n4  Adopted under the UNFCCC in FCCC/CP/2015/10/Add.1. \n",
    )
    assert doc.preamble[0].text == (
        "Reaffirming further the Paris Agreement and its early entry into force,"
    )
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("4", "PP1")]


def test_a_row_of_stars_and_a_heading_at_a_pages_top_in_the_preamble() -> None:
    # A/RES/78/148 groups its preamble under headings with rows of stars between them. A row
    # set right under a paragraph's last line had been read as the paragraph's end (`...
    # least developed countries, * * *`), and the heading `Social aspects` at the top of a
    # page, after a paragraph that ends with its comma, as the end of the paragraph before.
    doc = _read_resolution(
        "78/148",
        " 78/148. Strengthening the links between all modes of transport to achieve the "
        "Sustainable Development Goals \n \n \n"
        "The General Assembly, \n \n"
        "Reiterating the importance of infrastructure development and maintenance in the \n"
        "least developed countries, \n* * * \n \n"
        "Recalling the importance of international collaboration to enhance the \n"
        "sustainability of international shipping, aviation, and road transport, \n \n"
        "\nStrengthening the links between all modes of transport to achieve \n"
        "the Sustainable Development Goals \nA/RES/78/148\n \n5/7\n23-25914 \n \n \n \n"
        "Social aspects \n \n \n"
        "Noting the importance of supporting efforts to provide communities in rural \n"
        "areas with access to major roads, \n \n"
        "1. Encourages Member States to support transport; \n",
    )
    assert [p.text.split()[-1] for p in doc.preamble] == ["countries,", "transport,", "roads,"]
    assert [(h.text, h.before) for h in doc.headings] == [("Social aspects", "PP3")]


def test_a_count_in_parallel_counts_is_no_mark() -> None:
    # A/RES/78/107: `Decides to appoint 25 Member States, 6 from African States, 5 from Asia-`
    # / `Pacific States, ...` / `beginning on 1 January 2024;5`. The count `5 from` had been
    # taken for note 5's mark, and the mark itself left in the text.
    doc = _read_resolution(
        "78/107",
        " 78/107. United Nations Programme of Assistance in the Teaching, Study, Dissemination "
        "and Wider Appreciation of International Law \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 77/103, \n \n"
        "28. Decides to appoint 25 Member States, 6 from African States, 5 from Asia-\n"
        "Pacific States, 3 from Eastern European States, 5 from Latin American and Caribbean \n"
        "States and 6 from Western European and other States, as members of the Advisory \n"
        "Committee for a period of four years, beginning on 1 January 2024;5 \n \n"
        "29. \nRequests the Secretary-General to report; \n \n"
        "45th plenary meeting \n7 December 2023 \n \n__________________ \n \n"
        "5  The following States have been appointed members of the Advisory Committee: Canada "
        "and Chile. \n",
    )
    assert doc.operative[0].text.startswith(
        "Decides to appoint 25 Member States, 6 from African States, 5 from Asia-Pacific States,"
    )
    assert doc.operative[0].text.endswith("beginning on 1 January 2024;")
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("5", "OP28")]
    assert doc.operative[0].footnote_refs[0].offset == len(doc.operative[0].text)


def test_a_mark_after_a_place_named_after_a_year_is_no_parallel_count() -> None:
    # A/RES/76/180: `held on 24 April 2021 in Jakarta, 18 in which the Chair ...`. The year,
    # the word after it and the comma looked like the counts above (`6 from African States, 5
    # from ...`), so mark 18 was left in the text as a number and its note was cited nowhere.
    doc = _read_resolution(
        "76/180",
        " 76/180. Situation of human rights of Rohingya Muslims \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 75/238,1 \n \n"
        "Welcoming the statement made by the Chair of the Association of Southeast \n"
        "Asian Nations at its Leaders’ Meeting, held on 24 April 2021 in Jakarta, 2 in which \n"
        "the Chair encouraged the Secretary-General of the Association, \n \n"
        "1. \nRequests the Secretary-General to report. \n \n"
        "52nd plenary meeting \n16 December 2021 \n \n__________________ \n \n"
        "1 A/75/PV.48. \n \n2  A/75/868, annex. \n",
    )
    paragraph = doc.preamble[1]
    assert "Jakarta, in which the Chair" in paragraph.text
    at = paragraph.text.index("Jakarta,") + len("Jakarta,")
    assert paragraph.footnote_refs == (FootnoteRef("2", at),)


#: A/C.2/80/L.60 cut short: a programme of work under a heading that cites a note.
PROGRAMME_OF_WORK = (
    Path(__file__).resolve().parents[1] / "fixtures" / "programme-of-work-with-noted-heading.txt"
)


def test_a_heading_citing_a_note_over_numbered_paragraphs() -> None:
    # A/C.2/80/L.60: `(b) Invites the Bureau ... A/C.2/80/CRP.1.` / `Draft programme of
    # work1` / `1. Information and communications technologies ...`. The heading, which cites
    # a note and begins as the title does, had been read as the end of (b) without its mark,
    # and note 1 was cited by nothing; the Word and plain-text exports then lost the heading.
    doc = read_text(PROGRAMME_OF_WORK.read_text(), markdown=False)
    assert [p.label for p in doc.operative] == ["OP (a)", "OP (b)", "OP1", "OP2", "OP3"]
    assert doc.operative[1].tail == ""
    assert [(h.text, h.before, h.footnote_refs) for h in doc.headings] == [
        ("Draft programme of work", "OP1", (FootnoteRef("1", len("Draft programme of work")),))
    ]
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("1", "OP1")]
    assert doc.warnings == ()
    # The decision's verbs are printed in italics, the agenda items' first words upright.
    assert [p.italic_text() for p in doc.operative] == ["Approves", "Invites", "", "", ""]
    for exported in (
        read_text(write_plain_text(doc)),
        read_text(write_text(doc)),
        read_docx(write_docx(doc)),
    ):
        assert [replace(h, line=0) for h in exported.headings] == [
            replace(h, line=0) for h in doc.headings
        ]
        assert exported.footnotes == doc.footnotes


def test_a_running_header_that_prints_the_symbol_twice_is_taken_out() -> None:
    # A/RES/78/18: the third page's header reads `Conclusion of effective ...` / `nuclear
    # weapons` / `A/RES/78/18A/RES/78/18` / `3/3`: the symbol printed twice over had stayed in
    # the paragraph the page break cut (`... 47/50 of A/RES/78/18A/RES/78/18 9 December
    # 1992`), read as a document the text cites.
    doc = _read_resolution(
        "78/18",
        " 78/18. Conclusion of effective international arrangements to assure \n"
        "non-nuclear-weapon States against the use or threat of use of \nnuclear weapons \n"
        " \n \n \nThe General Assembly, \n \n"
        "Recalling its relevant resolutions adopted in previous years, in particular \n"
        "resolutions 45/54 of 4 December 1990, 46/32 of 6 December 1991, 47/50 of \n"
        "__________________ \n \n1  Resolution S-10/2. \n\n"
        "Conclusion of effective international arrangements to assure \n"
        "non-nuclear-weapon States against the use or threat of use of \nnuclear weapons \n"
        "A/RES/78/18A/RES/78/18\n \n3/3\n23-24443 \n \n"
        "9 December 1992 and 48/73 of 16 December 1993, \n \n"
        "1. Reaffirms the urgent need to reach an early agreement;1 \n",
    )
    assert doc.preamble[0].text == (
        "Recalling its relevant resolutions adopted in previous years, in particular "
        "resolutions 45/54 of 4 December 1990, 46/32 of 6 December 1991, 47/50 of 9 December "
        "1992 and 48/73 of 16 December 1993,"
    )


def test_a_mark_fused_with_a_count_before_the_next_word() -> None:
    # A/RES/80/77 (UNRWA): `including over 300` / `staff members among at least 56514
    # humanitarian workers killed` is 565 workers and mark 14; the note was cited by nothing.
    # Here with notes 10 and 11, so that a treaty's number before the first (`vol. 2515, No.
    # 44910 and`), which ends as the next mark would, stays whole.
    doc = _read_resolution(
        "80/77",
        " 80/77. Operations of the United Nations Relief and Works Agency for Palestine "
        "Refugees in the Near East \n \n \n"
        "The General Assembly, \n \n"
        "Recalling the Convention on the Rights of Persons with Disabilities, vol. 2515, "
        "No. 44910 and its Optional Protocol,10 \n \n"
        "14. Condemns the killing and injury of Agency personnel, including over 300 \n"
        "staff members among at least 56511 humanitarian workers killed in the conflict; \n"
        "_______________ \n \n10 United Nations, Treaty Series, vol. 2515, No. 44910. \n \n"
        "11 United Nations, Office for the Coordination of Humanitarian Affairs, situation "
        "report of \n9 October 2025. \n",
    )
    assert doc.preamble[0].text.endswith("vol. 2515, No. 44910 and its Optional Protocol,")
    assert doc.operative[0].text == (
        "Condemns the killing and injury of Agency personnel, including over 300 staff members "
        "among at least 565 humanitarian workers killed in the conflict;"
    )
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("10", "PP1"), ("11", "OP14")]


#: A/C.3/80/L.26, whole: one sponsor of seven marked in the list.
MARKED_SPONSOR = (
    Path(__file__).resolve().parents[1] / "fixtures" / "sponsor-on-behalf-of-a-group.txt"
)


def test_a_sponsor_marked_in_the_list_keeps_its_note() -> None:
    # A/C.3/80/L.26: `Armenia, China, Egypt,* Equatorial Guinea, Norway, Russian Federation and`
    # / `Viet Nam: draft resolution`, the note `* On behalf of the States that are members of
    # the Organization of Islamic Cooperation ...`. The mark had been dropped with the name's
    # star: the note was cited by nothing, and the Word and plain-text exports lost it.
    doc = read_text(MARKED_SPONSOR.read_text(), markdown=False)
    assert doc.marked_sponsors() == (
        ("Armenia", ""),
        ("China", ""),
        ("Egypt", "*"),
        ("Equatorial Guinea", ""),
        ("Norway", ""),
        ("Russian Federation", ""),
        ("Viet Nam", ""),
    )
    assert doc.sponsor_mark == ""
    assert doc.footnotes[0].mark == "*"
    assert doc.footnotes[0].text.startswith("On behalf of the States that are members of the")
    plain = write_plain_text(doc)
    assert (
        "Armenia, China, Egypt,* Equatorial Guinea, Norway, Russian Federation and Viet Nam:"
        in (plain)
    )
    for exported in (read_text(plain), read_text(write_text(doc)), read_docx(write_docx(doc))):
        assert exported.marked_sponsors() == doc.marked_sponsors()
        assert exported.footnotes == doc.footnotes


def test_a_table_a_paragraph_sets_out_after_its_colon_is_its_end() -> None:
    # A/RES/79/253 (the Pension Fund's budget): `19. Approves the changes to the staffing table
    # as set out in the table below:`, a table in lettered parts (`A. Secretariat of the
    # Pension Board`, `D. Audit`), one cell a line, and its note on abbreviations, then `20.`.
    # The parts' captions had been read as section headings, so paragraphs 20 and 21 stood in
    # a section `A.D` that the text does not have, and the note became an operative
    # paragraph 1, all without a warning.
    doc = _read_resolution(
        "79/253",
        " 79/253. United Nations pension system \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 78/253, \n \n"
        "18. Recalls paragraph 55 of the report of the Advisory Committee, and decides \n"
        "to further reduce the proposed increases under contractual services and consultants \n"
        "by 5 per cent;  \n \n"
        "19. Approves the changes to the staffing table as set out in the table below:  \n"
        " \n \n \nA. Secretariat of the Pension Board \n \n \nAction \nTitle of post \n"
        "Category/level \nNumber \nEstablishment \nProgramme Management Officer \nP-4 \n1 \n"
        "Total net change \n \n \n1 \n \n \n \n"
        "D. Audit \n \n \nAction \nTitle of post \nCategory/level \nNumber \nConversion \n"
        "Senior Auditor \nP-5 \n1 \nTotal net change \n \n \n1 \n \n"
        "Abbreviations: GS (OL), General Service (Other level); GS (PL), General Service "
        "(Principal level). \n \n \n \n"
        "20. Also approves the estimates of 156,944,800 United States dollars for the \n"
        "administration of the Fund for 2025;  \n \n"
        "21. Further approves expenses, chargeable directly to the Fund, totalling \n"
        "151,456,000 dollars net for 2025;  \n \n"
        "55th (resumed) plenary meeting \n24 December 2024 \n",
    )
    assert [(p.label, p.section) for p in doc.operative] == [
        ("OP18", ""), ("OP19", ""), ("OP20", ""), ("OP21", "")
    ]  # fmt: skip
    assert doc.headings == ()
    assert [w.message for w in doc.warnings] == [
        "The first operative paragraph is numbered 18, not 1"
    ]
    table = doc.operative[1].tail
    assert table.startswith("A. Secretariat of the Pension Board\nAction Title of post")
    assert table.endswith("GS (PL), General Service (Principal level).")
    assert "D. Audit" in table
    # Word keeps each of the table's lines; plain text its words (a cell's lone figure, `1`,
    # set apart by one blank line only, goes on the line before it when read back).
    exported = read_docx(write_docx(doc))
    assert [(p.label, p.tail) for p in exported.operative] == [
        (p.label, p.tail) for p in doc.operative
    ]
    exported = read_text(write_plain_text(doc))
    assert [(p.label, p.tail.split()) for p in exported.operative] == [
        (p.label, p.tail.split()) for p in doc.operative
    ]


def test_sections_numbered_afresh_after_a_table_stay_sections() -> None:
    # A table after a paragraph's colon ends where the paragraph numbered next stands; when
    # the next number opens a section afresh (`II` / `1.`), the section's heading is one.
    doc = _read_resolution(
        "78/253",
        " 78/253. Special subjects \n \n \nThe General Assembly, \n \n"
        "I \nFirst subject \n \n"
        "1. Approves the posts as set out in the table below: \n \n"
        "Action \nTitle of post \nNumber \nEstablishment \nAuditor \n1 \n \n"
        "II \nSecond subject \n \n"
        "1. Approves the estimates of 1,000 dollars; \n \n"
        "55th plenary meeting \n24 December 2023 \n",
    )
    assert [p.section for p in doc.operative] == ["I", "II"]
    assert "II. Second subject" in [h.printed for h in doc.headings]


def test_a_section_heading_of_three_lines_at_a_page_top_is_a_heading() -> None:
    # A/RES/78/252 (the programme budget's questions): `Section 2` over a title of two lines
    # opens page 5, after a running title. It had been read into the paragraph that ended
    # page 4 (`... without setting a precedent; Section 2 General Assembly and ...`).
    doc = _read_resolution(
        "78/252",
        " 78/252. Questions relating to the proposed programme budget for 2024 \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 77/262, \n \n"
        "Section 1 \nOverall policymaking, direction and coordination \n \n \n"
        "36. Also decides to approve the conversion of one P-5 post within the Office \n"
        "of the Special Representative of the Secretary-General for Children and Armed \n"
        "Conflict without setting a precedent; \n \n\n"
        "Questions relating to the proposed programme budget for 2024 \nA/RES/78/252\n \n"
        "5/11\n23-26052 \n \nSection 2 \n"
        "General Assembly and Economic and Social Council affairs and \n"
        "conference management \n \n \n"
        "37. Takes note of paragraphs I.87, I.88 and I.89 of the report of the Advisory \n"
        "Committee, and approves the proposal of the Secretary-General for non-post \n"
        "resources;  \n \n"
        "55th plenary meeting \n22 December 2023 \n",
    )
    assert doc.operative[0].text.endswith("without setting a precedent;")
    assert [(h.text, h.before) for h in doc.headings] == [
        ("Section 1 Overall policymaking, direction and coordination", "OP36"),
        ("Section 2 General Assembly and Economic and Social Council affairs and conference "
         "management", "OP37"),
    ]  # fmt: skip


def test_a_star_in_a_table_after_a_colon_survives_the_text_exports() -> None:
    # A/RES/79/250 (peacekeeping's scale): the table after `11. ... in the table below:` ends
    # `a Member States in level H* have a discount of 70 per cent.`; the plain-text export
    # had taken that star for Markdown and dropped it.
    doc = _read_resolution(
        "79/250",
        " 79/250. Scale of assessments for the apportionment of the expenses of United "
        "Nations peacekeeping operations \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 55/235, \n \n"
        "11. Decides that, as from 1 January 2025, the rates of assessment for \n"
        "peacekeeping should be based on the 10 levels of contribution and parameters set \n"
        "forth in the table below:  \n \nLevel \nCriterion \nDiscount \n(percentage) \nJ \n"
        "Least developed countries (except level A and C contributors) \n90 \n \n \n"
        "a Member States in level H* have a discount of 70 per cent. \n \n \n \n"
        "12. Encourages States Members of the United Nations at all levels to move up \n"
        "voluntarily in their level of contribution; \n \n"
        "55th plenary meeting \n24 December 2024 \n",
    )
    assert doc.operative[0].tail.endswith("in level H* have a discount of 70 per cent.")
    for exported in (read_text(write_plain_text(doc)), read_text(write_text(doc))):
        assert [p.tail for p in exported.operative] == [p.tail for p in doc.operative]


def test_what_a_paragraph_sets_out_after_its_colon_is_looked_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Whether the lines after a colon are a table is decided once for the whole stretch up to
    # the next numbered paragraph, not again at each of its lines: a schedule of thousands of
    # entries is read in time linear in its length.
    from tracker.text.read import assemble

    looked = []
    stretch = assemble._stretch_after_colon

    def counted(*args: object) -> tuple[int, bool]:
        result = stretch(*args)  # type: ignore[arg-type]
        looked.append(result)
        return result

    monkeypatch.setattr(assemble, "_stretch_after_colon", counted)
    entries = "\n\n".join(f"Day {n}: from 9 a.m. to 1 p.m.;" for n in range(2000))
    doc = read_text(
        "Draft\n\nThe General Assembly,\n\nRecalling its resolution,\n\n"
        f"1. Decides that the schedule shall be as follows:\n\n{entries}\n\n"
        "2. Decides to remain seized of the matter.\n",
        markdown=False,
    )
    assert [p.label for p in doc.operative] == ["OP1", "OP2"]
    assert len(doc.operative[0].tail.split("Day ")) == 2001
    # One look at the stretch after paragraph 1's colon, which is no table; none elsewhere.
    assert [is_table for end, is_table in looked if end] == [False]


#: A/RES/79/243, cut down: the resolution adopting the United Nations Convention against
#: Cybercrime, whose title is set in two blocks and printed whole in four lines over each
#: page, the convention's chapters and articles with their titles, and its closing words.
CONVENTION = (
    "United Nations \nA/RES/79/243\n \n \nGeneral Assembly \nDistr.: General \n"
    "31 December 2024 \n \n24-24621 (E) \n*2424621* \n \n \nSeventy-ninth session \n"
    "Agenda item 108 \nCountering the use of information and communications \n"
    "technologies for criminal purposes \n \n \n \n \n"
    " Resolution adopted by the General Assembly \non 24 December 2024 \n \n \n \n \n"
    "[on the report of the Third Committee (A/79/460, para. 15)] \n \n \n"
    " 79/243. United Nations Convention against Cybercrime; \n \n \n"
    " Strengthening International Cooperation for Combating Certain \n"
    "Crimes Committed by Means of Information and Communications \n"
    "Technology Systems and for the Sharing of Evidence in Electronic \n"
    "Form of Serious Crimes \n \n \n \n"
    "The General Assembly, \n \nRecalling its resolution 74/247 of 27 December 2019, \n \n"
    "6. \nFurther decides that the Ad Hoc Committee will complete its tasks by holding a \n"
    "session in order to prepare the draft text of the rules of procedure of the \n"
    "Conference of the States Parties \n\n"
    "United Nations Convention against Cybercrime; Strengthening International \n"
    "Cooperation for Combating Certain Crimes Committed by Means of Information \n"
    "and Communications Technology Systems and for the Sharing of Evidence in \n"
    "Electronic Form of Serious Crimes \nA/RES/79/243\n \n3/46\n24-24621 \n \n"
    "to the Convention, which will be submitted to the Conference at its first session; \n"
    " \n55th (resumed) plenary meeting \n24 December 2024 \n \n \n \n"
    "Annex \n \n \nUnited Nations Convention against Cybercrime; \n \n \n \n"
    "Strengthening International Cooperation for Combating Certain Crimes \n"
    "Committed by Means of Information and Communications Technology Systems \n"
    "and for the Sharing of Evidence in Electronic Form of Serious Crimes \n \n \n \n"
    "Preamble \n \n \nThe States Parties to the present Convention, \n \n"
    "Bearing in mind the purposes and principles of the Charter of the United \n"
    "Nations,  \n\nA/RES/79/243 \n"
    "United Nations Convention against Cybercrime; Strengthening International \n"
    "Cooperation for Combating Certain Crimes Committed by Means of Information \n"
    "and Communications Technology Systems and for the Sharing of Evidence in\n"
    "Electronic Form of Serious Crimes\n \n24-24621\n6/46 \n \n \n"
    "Have agreed as follows: \n \n \n \n"
    "Chapter I \n \n \nGeneral provisions \n \n \n \nArticle 1 \n \n \n"
    "Statement of purpose \n \n \nThe purposes of this Convention are to: \n \n(a) \n"
    "Promote and strengthen measures to prevent and combat cybercrime more \n"
    "efficiently and effectively;  \n \n(b) \n"
    "Promote, facilitate and strengthen international cooperation in preventing \n"
    "and combating cybercrime. \n \n \n \n"
    "Article 13. \n \n \n"
    "Information and communications technology system-related theft or fraud \n \n \n"
    "Each State Party shall adopt such legislative and other measures as may be \n"
    "necessary to establish as a criminal offence the causing of a loss of property. \n"
    " \n \n \nArticle 23 \n \n \nScope of procedural measures \n \n1. \n"
    "Each State Party shall adopt such legislative and other measures as may be \n"
    "necessary to establish the powers and procedures provided for in this chapter. \n"
    "2. \n(a) \nEach State Party may reserve the right to apply the measures referred to in \n"
    "article 29 of this Convention only to offences specified in the reservation; \n \n"
    "(b) \nWhere a State Party is not able to apply the measures to communications \n"
    "being transmitted within a system of a service provider which: \n(i) \n"
    "Is being operated for the benefit of a closed group of users; and \n"
    "(ii) Does not employ public communications networks; \n"
    "that State Party may reserve the right not to apply these measures. \n \n \n \n"
    "Article 41 \n \n \n24/7 network \n \n1. \n"
    "Each State Party shall designate a point of contact available 24 hours a day. \n"
    " \n \n \nArticle 57 \n \n \nConference of the States Parties to the Convention \n \n"
    "1. \nA Conference of the States Parties to the Convention is hereby established. \n"
    "2. \nThe Conference of the States Parties shall adopt rules of procedure and rules \n"
    "governing the activities set forth in this article. \n \n \n \n"
    "Article 68 \n \n \nDepositary and languages \n \n1. \n"
    "The Secretary-General of the United Nations is designated depositary of this \n"
    "Convention. \n \nIN WITNESS WHEREOF, the undersigned plenipotentiaries, being duly \n"
    "authorized thereto by their respective Governments, have signed this Convention.1  \n"
    " \n \n \nAnnex \n \n \n"
    "Interpretative notes on specific articles of the United Nations Convention against \n"
    "Cybercrime; Strengthening International Cooperation for Combating Certain \n"
    "Crimes Committed by Means of Information and Communications Technology \n"
    "Systems and for the Sharing of Evidence in Electronic Form of Serious Crimes \n \n \n \n"
    "Article 2 \n \n1. \n"
    "The definition of the term “service provider” includes those entities that store \n"
    "electronic data on behalf of the users of the services. \n"
    "__________________ \n \n"
    "1  It is noted that interpretative notes on articles 2, 17, 23 and 35 of this "
    "Convention were annexed \nby the Ad Hoc Committee to the report on its reconvened "
    "concluding session. \n"
)


def test_a_conventions_closing_words_done_in_one_original_stand_in_no_article() -> None:
    # A/C.6/80/L.8: `DONE in a single original, of which the Arabic, ... texts are equally
    # authentic.` after article 27 was kept as the end of its paragraph 2, with a warning.
    doc = _read(
        "A/C.6/80/L.8",
        "Negotiable cargo documents \n \n \n \nThe General Assembly, \n \n"
        "Recalling its resolution 2205 (XXI), \n \n"
        "1. \nAdopts the United Nations Convention on Negotiable Cargo Documents, \n"
        "contained in the annex to the present resolution; \n \n \n \nAnnex \n \n \n"
        "United Nations Convention on Negotiable Cargo Documents \n \n \n"
        "The States Parties to this Convention, \n \n"
        "Reaffirming their belief that international trade is a key factor, \n \n"
        "Have agreed as follows: \n \n \n \nArticle 27 \n \n \nDenunciation \n \n1. \n"
        "A State Party may denounce this Convention by a formal notification in writing \n"
        "addressed to the depositary. \n2. \n"
        "The denunciation shall take effect 365 days after the date of the receipt of the \n"
        "notification by the depositary.  \n \n \n"
        "DONE in a single original, of which the Arabic, Chinese, English, French, Russian \n"
        "and Spanish texts are equally authentic. \n",
    )
    assert doc.annex is not None
    last, closing = doc.annex.paragraphs[-2:]
    assert (last.label, last.text, last.tail) == (
        "Article 27 Annex 2",
        "The denunciation shall take effect 365 days after the date of the receipt of the "
        "notification by the depositary.",
        "",
    )
    assert closing.text.startswith("DONE in a single original") and closing.section == ""
    assert doc.warnings == ()


def test_a_convention_in_the_annex_with_its_chapters_articles_and_closing_words() -> None:
    # A/RES/79/243 had been read with 43 warnings and refused at upload: the running title of
    # four lines went into the paragraphs (the title it is known by was read from its second
    # block only); the articles' titles went into the annex's title; an article's text
    # without a number, and its lettered items, stood under no paragraph; `Article 13.`
    # (with a full stop) was no article; `The Conference of the States Parties shall adopt
    # ...` was taken for a formula, and the articles after it for operative paragraphs; the
    # closing words and their note ended the last article; `2.` / `(a)` lost its first items;
    # `Have agreed as follows:` after a page break ended the preamble's last paragraph.
    doc = read_text(CONVENTION, markdown=False)
    assert doc.title == (
        "United Nations Convention against Cybercrime; Strengthening International "
        "Cooperation for Combating Certain Crimes Committed by Means of Information and "
        "Communications Technology Systems and for the Sharing of Evidence in Electronic "
        "Form of Serious Crimes"
    )
    assert [w.message for w in doc.warnings] == [
        "The first operative paragraph is numbered 6, not 1"
    ]
    assert doc.operative[0].text.endswith(
        "the rules of procedure of the Conference of the States Parties to the Convention, "
        "which will be submitted to the "
        "Conference at its first session;"
    )
    assert doc.annex is not None
    assert doc.annex.title.split("\n") == [
        "United Nations Convention against Cybercrime;",
        "Strengthening International Cooperation for Combating Certain Crimes Committed by "
        "Means of Information and Communications Technology Systems and for the Sharing of "
        "Evidence in Electronic Form of Serious Crimes",
        "Preamble",
    ]
    assert doc.annex.intro == "The States Parties to the present Convention,"
    paragraphs = {p.label: p for p in doc.annex.paragraphs}
    assert paragraphs["Annex (2)"].text == "Have agreed as follows:"
    assert list(paragraphs) == [
        "Annex",
        "Annex (2)",
        "Article 1",
        "Article 13",
        "Article 23 Annex 1",
        "Article 23 Annex 2",
        "Article 41 Annex 1",
        "Article 57 Annex 1",
        "Article 57 Annex 2",
        "Article 68 Annex 1",
        "Annex (3)",
        "Annex.1",
    ]
    assert [s.label for s in paragraphs["Article 1"].subparagraphs] == ["(a)", "(b)"]
    second = paragraphs["Article 23 Annex 2"]
    assert second.text == ""
    assert [s.label for s in second.subparagraphs] == ["(a)", "(b)"]
    assert [s.label for s in second.subparagraphs[1].subparagraphs] == ["(i)", "(ii)"]
    assert paragraphs["Article 57 Annex 2"].text.startswith(
        "The Conference of the States Parties shall adopt rules of procedure"
    )
    closing = paragraphs["Annex (3)"]
    assert closing.text.startswith("IN WITNESS WHEREOF") and closing.section == ""
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("1", "Annex (3)")]
    titles = [(h.text, h.before) for h in doc.headings]
    assert ("Statement of purpose", "Article 1") in titles
    assert ("24/7 network", "Article 41 Annex 1") in titles
    assert (
        "Interpretative notes on specific articles of the United Nations Convention against "
        "Cybercrime; Strengthening International Cooperation for Combating Certain Crimes "
        "Committed by Means of Information and Communications Technology Systems and for the "
        "Sharing of Evidence in Electronic Form of Serious Crimes",
        "Annex.1",
    ) in titles
    for exported in (read_text(write_plain_text(doc)), read_docx(write_docx(doc))):
        assert [(p.label, p.full_text()) for p in exported.walk()] == [
            (p.label, p.full_text()) for p in doc.walk()
        ]
        assert exported.annex is not None and exported.annex.title == doc.annex.title
        assert [(h.text, h.before) for h in exported.headings] == titles


#: A/RES/78/5, cut down: the declaration on tuberculosis, whose opening words cite two notes.
OPENING_CITES_NOTES = (
    Path(__file__).resolve().parents[1] / "fixtures" / "declaration-opening-cites-notes.txt"
)


def tuberculosis_declaration() -> Document:
    """A/RES/78/5, cut down: a declaration whose opening words cite notes 1 and 2."""
    return read_text(OPENING_CITES_NOTES.read_text(), markdown=False)


def test_a_declarations_opening_words_keep_the_notes_they_cite() -> None:
    # A/RES/78/5: the political declaration on tuberculosis opens `We, Heads of State ... on
    # the fight against tuberculosis,1 ... End TB Strategy,2 and in this regard we:`. An
    # annex's opening words carried no marks: notes 1 and 2 were cited by nothing, and every
    # export left them out.
    doc = tuberculosis_declaration()
    annex = doc.annex
    assert annex is not None and annex.intro.startswith("We, Heads of State")
    assert [(r.mark, annex.intro[: r.offset][-13:]) for r in annex.intro_refs] == [
        ("1", "tuberculosis,"),
        ("2", " TB Strategy,"),
    ]
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("1", ""), ("2", "")]
    assert doc.warnings == ()
    for exported in (read_text(write_plain_text(doc)), read_docx(write_docx(doc))):
        assert exported.annex is not None
        assert exported.annex.marked_intro == annex.marked_intro
        assert exported.footnotes == doc.footnotes


def test_a_heading_at_a_page_top_over_the_first_operative_paragraph() -> None:
    # A/RES/78/322: the preamble's last paragraph ends a page with its comma; `Final report`
    # opens the next page over `1. Welcomes ...`. It had been read into that paragraph.
    doc = _read_resolution(
        "78/322",
        "78/322. Multidimensional vulnerability index \n \n \nThe General Assembly, \n \n"
        "Recognizing also that the multidimensional vulnerability index may inform \n"
        "future initiatives that go beyond gross domestic product, \n \n\n"
        "Multidimensional vulnerability index \nA/RES/78/322\n \n3/5\n24-14710 \n \n"
        "Final report \n \n \n1. \nWelcomes the work of the High-level Panel, takes note \n"
        "of its final report, and decides to advance the multidimensional vulnerability index; \n"
        " \nScope \n \n \n2. \nNotes that the index aims to capture vulnerabilities; \n",
    )
    assert doc.preamble[-1].text.endswith("go beyond gross domestic product,")
    assert [(h.text, h.before) for h in doc.headings] == [
        ("Final report", "OP1"),
        ("Scope", "OP2"),
    ]


def test_a_headings_letter_alone_at_a_page_top_stays_with_its_title() -> None:
    # A/RES/78/327 (the 2026 Water Conference's modalities): `B.` alone on the first line of
    # a page over `Interactive dialogues` had been read into paragraph 8's end.
    doc = _read_resolution(
        "78/327",
        "78/327. Modalities of the 2026 United Nations Water Conference \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 77/334, \n \n"
        "1. \nDecides on the organization of the Conference, as contained in the annex. \n \n"
        "89th plenary meeting \n14 August 2024 \n \n \n \nAnnex \n \n \n"
        "Organization of the Conference \n \n \nA. \nPlenary meetings \n \n"
        "8. \nThe plenary meetings will run in parallel with the interactive dialogues, unless \n"
        "otherwise specified in the present resolution. \n \n\n"
        "Modalities of the 2026 United Nations Water Conference \nA/RES/78/327\n \n9/23\n"
        "24-16429 \n \n \nB. \nInteractive dialogues \n \n"
        "9. \nThe Conference will include six interactive dialogues. \n",
    )
    assert doc.annex is not None
    assert doc.annex.paragraphs[0].text.endswith("otherwise specified in the present resolution.")
    assert [h.printed for h in doc.headings] == ["A. Plenary meetings", "B. Interactive dialogues"]


def test_a_parts_and_its_first_sections_headings_at_a_page_top_stand_apart() -> None:
    # A/RES/80/242 (questions relating to the programme budget for 2026): paragraph 46 ends
    # a page, its notes and the running header follow, then `Part I` / `Overall policymaking,
    # direction and coordination` / `Section 1` / `Overall policymaking, direction and
    # coordination` open the next page. Four lines were more than a heading was taken to
    # take at a page's top, so they were read into paragraph 46's end (so for Parts IV, V
    # and XI), and the text had no such heading.
    doc = _read_resolution(
        "80/242",
        "\n".join(
            [
                "80/242. Questions relating to the proposed programme budget for 2026 ",
                " \n \nThe General Assembly, \n \nRecalling its resolution 79/257, \n ",
                "45. Further decides to further reduce non\u2011post resources under travel of ",
                "staff by 3,800,000 United States dollars; \n ",
                "46. Recalls paragraph 29 of its resolution 79/257, and decides to further ",
                "reduce the recosting amount by 8,400,000 dollars; \n \n",
                # The page's notes were taken out above its running header.
                "Questions relating to the proposed programme budget for 2026 ",
                "A/RES/80/242",
                " \n7/15",
                "25-21246 \n ",
                "Part I ",
                "Overall policymaking, direction and coordination ",
                "Section 1 ",
                "Overall policymaking, direction and coordination \n ",
                "47. Requests the Secretary-General to explore synergies among entities under ",
                "section 1 to enhance efficiencies; ",
            ]
        ),
    )
    assert doc.operative[1].text.endswith("the recosting amount by 8,400,000 dollars;")
    assert [(h.printed, h.before) for h in doc.headings] == [
        (
            "Part I Overall policymaking, direction and coordination Section 1 Overall "
            "policymaking, direction and coordination",
            doc.operative[2].label,
        )
    ]


def test_lists_of_one_section_under_their_numbered_paragraphs_keep_labels_apart() -> None:
    # A/RES/79/323 (the Sevilla Commitment): in section II.B, `32. To promote investment ...:`
    # / `Domestic financial and private sector development ...` / `(a) ... (p)`, then `33. To
    # scale up foreign direct investment ...:` / `Foreign direct investment` / `(a) ...`. Both
    # lists were labelled `II.B (a)` ..., and the third `II.B II.B (a)` twice: the upload
    # refused the text for a path read twice.
    doc = _read_resolution(
        "79/323",
        "79/323. Sevilla Commitment \n \n \nThe General Assembly, \n \n"
        "1. \nEndorses the Sevilla Commitment, annexed to the present resolution. \n \n"
        "105th plenary meeting \n25 August 2025 \n \n \nAnnex \n \n \nSevilla Commitment \n \n"
        "II. Action areas \n \nB. Domestic and international private business and finance \n \n"
        "32. To promote investment in sustainable development and build domestic financial \n"
        "and capital markets: \n \n"
        "Domestic financial and private sector development and enabling environments \n \n"
        "(a) \nWe will promote policy frameworks that create an enabling environment; \n \n"
        "(b) \nWe will promote the development of domestic financial sectors. \n"
        "33. To scale up foreign direct investment and private capital mobilization: \n \n"
        "Foreign direct investment \n \n"
        "(a) \nWe will promote sustained foreign direct investment in developing countries; \n \n"
        "(b) \nWe support a platform for investment. \n"
        "34. To support efforts of private business and finance: \n \n"
        "Financial incentives aimed at sustainable development impact \n \n"
        "(a) \nWe will promote the take-up of impact investing. \n",
    )
    assert doc.annex is not None
    labels = [p.label for p in doc.annex.paragraphs]
    assert labels == [
        "Annex 32", "II.B (a)", "II.B (b)",
        "Annex 33", "II.B 33 (a)", "II.B 33 (b)",
        "Annex 34", "II.B 34 (a)",
    ]  # fmt: skip
    paths = [path for path, _ in doc.walk_with_paths()]
    assert len(paths) == len(set(paths))
    assert [(h.text, h.before) for h in doc.headings][-3:] == [
        ("Domestic financial and private sector development and enabling environments", "II.B (a)"),
        ("Foreign direct investment", "II.B 33 (a)"),
        ("Financial incentives aimed at sustainable development impact", "II.B 34 (a)"),
    ]


def test_a_title_opening_with_a_year_reads_back_from_the_text_exports() -> None:
    # A/80/L.15 and A/80/L.8, A/80/L.14: `Draft resolution submitted by the President of the
    # General Assembly` (or `...: draft resolution`) over `2025 review of the United Nations
    # peacebuilding architecture`. The text exports put one blank line between them, and the
    # title read back ran on from the line above, as a year does after an open sentence.
    masthead = HEAD + "Agenda item 62 \nPeacebuilding and sustaining peace \n \n \n \n \n \n"
    submitted = read_text(
        masthead.format(symbol="A/80/L.15")
        + "Draft resolution submitted by the President of the General Assembly \n \n \n \n"
        " 2025 review of the United Nations peacebuilding architecture \n \n \n \n"
        "The General Assembly, \n \nGuided by the purposes and principles of the Charter, \n"
        " \n1. \nDecides to remain seized of the matter. \n",
        markdown=False,
    )
    sponsored = read_text(
        masthead.format(symbol="A/80/L.14")
        + "Austria, Chile and Costa Rica: draft resolution \n \n \n \n"
        " 2028 United Nations Conference to Support the Implementation of Sustainable \n"
        "Development Goal 14 \n \n \n \nThe General Assembly, \n \nRecalling its resolution, \n"
        " \n1. \nDecides to convene the Conference. \n",
        markdown=False,
    )
    assert submitted.submitted_by.startswith("Draft resolution submitted by the President")
    assert sponsored.sponsors == ("Austria", "Chile", "Costa Rica")
    assert submitted.title == "2025 review of the United Nations peacebuilding architecture"
    assert sponsored.title.startswith("2028 United Nations Conference")
    for doc in (submitted, sponsored):
        for exported in (read_text(write_plain_text(doc)), read_text(write_text(doc))):
            assert (exported.title, exported.submitted_by, exported.sponsors) == (
                doc.title,
                doc.submitted_by,
                doc.sponsors,
            )


def test_a_star_note_cited_within_a_quoted_sentence_is_its_paragraphs() -> None:
    """A/C.3/80/L.58: an amendment quotes the draft's words with the star mark of the note it
    gives instead of the draft's own number; the note goes with the paragraph, in every export."""
    doc = _read(
        "A/C.3/80/L.58",
        "Third Committee \nAgenda item 71 (b) \nPromotion and protection of human rights \n \n"
        " \nRussian Federation: amendment to draft resolution A/C.3/80/L.50 \n \n \n \n"
        " Protection of and assistance to internally displaced persons \n \n \n \n"
        "In the twenty-eighth preambular paragraph, delete “and recalling the relevant \n"
        "provisions of the Rome Statute of the International Criminal Court* that define the \n"
        "deportation or forcible transfer of population as a crime against humanity,”. \n \n \n \n"
        "* United Nations, Treaty Series, vol. 2187, No. 38544. \n",
    )
    (paragraph,) = doc.paragraphs
    assert "Criminal Court that define" in paragraph.text
    assert [r.mark for r in paragraph.footnote_refs] == ["*"]
    assert paragraph.text[: paragraph.footnote_refs[0].offset].endswith("Criminal Court")
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("*", "OP1")]
    assert not doc.warnings
    for again in (read_docx(write_docx(doc)), read_text(write_text(doc))):
        assert again.paragraphs[0].text == paragraph.text
        assert again.paragraphs[0].footnote_refs == paragraph.footnote_refs
        assert [f.text for f in again.footnotes] == [
            "United Nations, Treaty Series, vol. 2187, No. 38544."
        ]


def test_a_sponsors_star_stays_the_sponsors_beside_a_quoted_one() -> None:
    """The sponsors' `Egypt:*` and a title's end keep their notes out of the paragraphs."""
    doc = _read(
        "A/C.3/80/L.70",
        "Third Committee \nAgenda item 71 \n \n \n"
        "Egypt:* amendment to draft resolution A/C.3/80/L.50 \n \n \n"
        " Protection of displaced persons \n \n \n"
        "In the second preambular paragraph, delete “the Statute** that defines”. \n \n \n"
        "* On behalf of the Group of African States. \n \n"
        "** United Nations, Treaty Series, vol. 2187, No. 38544. \n",
    )
    assert doc.sponsor_mark == "*"
    (paragraph,) = doc.paragraphs
    assert [r.mark for r in paragraph.footnote_refs] == ["**"]
    assert "the Statute that defines" in paragraph.text


def test_a_parts_title_is_written_between_its_letter_and_its_formula() -> None:
    """A/C.5/80/L.6, the programme budget: each part's title stands over its formula; the
    exports print it there, so that `Financing of appropriations ...` reads back as the title
    of part C, not as a preambular paragraph under the formula."""
    doc = _read(
        "A/C.5/80/L.6",
        "Fifth Committee \nAgenda item 136 \nProposed programme budget for 2026 \n \n \n"
        "Draft resolutions submitted by the Chair of the Committee following \n"
        "informal consultations \n \n \n \n Programme budget for 2026 \n \n \n \n"
        "A \n \n \nBudget appropriations for 2026 \n \n \n \nThe General Assembly \n \n"
        "Resolves that, for 2026: \n \n1. \nAppropriations totalling 3,450,426,300 United "
        "States dollars are hereby \napproved. \n \n \n \n"
        "B \n \n \nIncome estimates for 2026 \n \n \nThe General Assembly \n \n"
        "Resolves that, for 2026: \n \n1. \nEstimates of income totalling 312,115,000 United "
        "States dollars are \napproved. \n \n \n \n"
        "C \n \n \nFinancing of appropriations for the year 2026 \n \n \nThe General Assembly \n"
        " \nResolves that, for 2026: \n \n1. \nBudget appropriations totalling 3,461,385,200 "
        "United States dollars \nshall be financed. \n",
    )
    assert doc.parts == ("A", "B", "C")
    titles = [h.text for h in doc.headings]
    assert titles == [
        "Budget appropriations for 2026",
        "Income estimates for 2026",
        "Financing of appropriations for the year 2026",
    ]
    text = write_text(doc)
    assert "C\n\nFinancing of appropriations for the year 2026\n\nThe General Assembly" in text
    for again in (read_text(text), read_docx(write_docx(doc))):
        assert [h.text for h in again.headings] == titles
        assert [p.label for p in again.paragraphs] == ["OP1", "B OP1", "C OP1"]


#: A/C.3/80/L.60 cut short: a decision in one unnumbered paragraph approves the programme of
#: work set out below it, whose items are printed `Item 1.` with lettered sub-items.
PROGRAMME_OF_ITEMS = (
    "Third Committee \nAgenda item 121 \nRevitalization of the work of the General Assembly \n"
    " \n \nDraft decision submitted by the Chair of the Committee \n \n \n \n"
    " Draft programme of work of the Third Committee for the eighty-\n"
    "first session of the General Assembly \n \n \n \n"
    "The General Assembly approves, subject to any subsequent decision by the \n"
    "Assembly, the draft programme of work of the Third Committee for the eighty-first \n"
    "session of the Assembly as set out below. \n \n \n \n Draft programme of work \n \n \n"
    "Item 1. \nSocial development: \n(a) \nImplementation of the outcome of the World Summit "
    "for Social \nDevelopment; \n(b) \nLiteracy for life: shaping future agendas. \n"
    "Item 2. \nRights of Indigenous Peoples. \n"
    "Item 3. \nPromotion and protection of the rights of children: \n(a) \n"
    "Promotion and protection of the rights of children; \n(b) \n"
    "Follow-up to the outcome of the special session on children. \n"
)


def test_a_programme_of_works_items_are_read_by_their_printed_numbers() -> None:
    """A/C.3/80/L.60 had every item's lettered sub-items under the decision's paragraph
    (`OP1 (a)` read three times, so the upload was refused): each `Item N.` is a paragraph of
    its own, labelled as printed, under the heading the programme stands under."""
    doc = _read("A/C.3/80/L.60", PROGRAMME_OF_ITEMS)
    paths = [path for path, _ in doc.walk_with_paths()]
    assert paths == [
        "OP1",
        "Item 1",
        "Item 1 (a)",
        "Item 1 (b)",
        "Item 2",
        "Item 3",
        "Item 3 (a)",
        "Item 3 (b)",
    ]
    assert not doc.warnings
    assert doc.find("Item 2") is not None and doc.find("Item 2").printed_number == "Item 2."
    # An item opens with its subject, not with a verb to italicize (`Rights of ...`).
    assert [p.label for p in doc.paragraphs if p.emphasis] == []
    # The heading repeats the title's first words on the decision's own page: no running title.
    assert [(h.text, h.before) for h in doc.headings] == [("Draft programme of work", "Item 1")]
    text = write_text(doc)
    assert "Draft programme of work\n\nItem 1. Social development:" in text
    for again in (read_text(text), read_docx(write_docx(doc))):
        assert [path for path, _ in again.walk_with_paths()] == paths
        assert [h.text for h in again.headings] == ["Draft programme of work"]


def test_a_tables_captions_over_its_numbered_rows_stay_in_the_table() -> None:
    """A/C.5/80/L.6, part B: the income table's rows are numbered like the paragraphs around
    them (`1. Income from staff assessment` / `278 735 200`); its column captions had been read
    as a heading, printed after the rows, which end paragraph 1."""
    doc = _read(
        "A/C.5/80/L.6",
        "Fifth Committee \n \n \nDraft resolutions submitted by the Chair \n \n \n"
        " Programme budget for 2026 \n \n \nThe General Assembly \n \nResolves that, for 2026: \n"
        " \n1. \nEstimates of income totalling 312,115,000 United States dollars are \n"
        "approved as follows: \n \nIncome section \nAmount (United States dollars) \n"
        "1. Income from staff assessment \n278 735 200 \n2. General income \n32 815 100 \n"
        "3. Services to the public \n564 700 \nTotal \n312 115 000 \n \n \n2. \n"
        "The income from staff assessment shall be credited to the Tax Equalization \n"
        "Fund. \n",
    )
    assert [p.label for p in doc.operative] == ["OP1", "OP2"]
    assert doc.headings == ()
    table = doc.operative[0].tail
    assert table.startswith("Income section Amount (United States dollars)\n")
    assert "1. Income from staff assessment 278 735 200" in table
    assert not doc.warnings
    for again in (read_text(write_text(doc)), read_docx(write_docx(doc))):
        assert again.headings == ()
        assert [(p.label, p.tail) for p in again.operative] == [
            (p.label, p.tail) for p in doc.operative
        ]


def test_a_tables_lettered_caption_at_a_page_top_after_the_colon_opens_the_table() -> None:
    """A/C.5/80/L.5, section XII: `17. Approves the changes to the staffing table as set out in
    the table below:`, a page break, then `A. Pension Administration` over the table's cells.
    The caption had been read into paragraph 17's text across the page break, and `B. Office of
    Investment Management` further down as a section, so that paragraphs 18 and 19 were
    labelled `B OP18` and `B OP19` in a section the text does not have, with two warnings."""
    doc = _read(
        "A/C.5/80/L.5",
        "Fifth Committee \n \n \nDraft resolution submitted by the Chair \n \n \n"
        " Special subjects \n \n \nThe General Assembly, \n \nRecalling its resolutions, \n \n"
        "17. Approves the changes to the staffing table as set out in the table below: \n \n\n"
        "A/C.5/80/L.5\n \n15/21\n25-21159 \n \n \n \nA. Pension Administration \n \n \n"
        "Action \nTitle of post \nCategory/level \nNumber \nEstablishment \nLegal Officer \nP-4 \n"
        "1 \nTotal new posts \n \n \n1 \n \nB. Office of Investment Management \n \n \nAction \n"
        "Title of post \nCategory/level \nNumber \nEstablishment \nRisk Officer \nP-3 \n1 \n"
        "Total new posts \n \n \n1 \n \n18. Also approves the estimates for the administration of "
        "the Fund; \n \n19. Further approves the expenses chargeable directly to the Fund. \n",
    )
    assert [p.label for p in doc.operative] == ["OP17", "OP18", "OP19"]
    assert [h.text for h in doc.headings] == []
    (approves, _, _) = doc.operative
    assert approves.text.endswith("as set out in the table below:")
    assert approves.tail.startswith("A. Pension Administration\n")
    assert "B. Office of Investment Management" in approves.tail
    assert [w.message for w in doc.warnings] == [
        "The first operative paragraph is numbered 17, not 1"
    ]


def test_a_range_or_a_name_broken_after_its_dash_is_joined_without_a_space() -> None:
    # A/RES/75/234, 76/133 as a PDF's text layer breaks their lines: `COVID-` / `19` and
    # `2015–` / `2030` were joined with a space (`COVID- 19`, `2015– 2030`); a dash set between
    # spaces stays punctuation.
    doc = _read_resolution(
        "75/234",
        " 75/234. South-South cooperation \n \n \nThe General Assembly, \n \n"
        "Recalling the Sendai Framework for Disaster Risk Reduction 2015–\n"
        "2030 and the New Urban Agenda, \n \n"
        "1. \nWelcomes South-South cooperation on COVID-\n19 response and recovery – \n"
        "in the spirit of solidarity – and Israeli–\nPalestinian dialogue; \n",
    )
    assert doc.preamble[0].text == (
        "Recalling the Sendai Framework for Disaster Risk Reduction 2015–2030 and the New "
        "Urban Agenda,"
    )
    assert doc.operative[0].text == (
        "Welcomes South-South cooperation on COVID-19 response and recovery – in the spirit of "
        "solidarity – and Israeli–Palestinian dialogue;"
    )


def test_an_opening_word_after_a_note_mark_that_follows_a_comma_starts_a_paragraph() -> None:
    # A PDF's text layer without blank lines or indents (A/RES/75/31 saved from Word):
    # `... of the General Assembly,1` / `Determined to prevent ...` ran into one paragraph,
    # because the line ended in the note's mark and not in its comma.
    doc = _read_resolution(
        "75/31",
        " 75/31. Prohibition of new types of weapons of mass destruction \n \n \n"
        "The General Assembly, \n \n"
        "Recalling further paragraph 77 of the Final Document of the Tenth Special Session of the "
        "General\nAssembly,1\nDetermined to prevent the emergence of new types of weapons,2\n"
        "Noting the desirability of keeping the matter under review,\n \n"
        "1. \nReaffirms that effective measures should be taken. \n"
        "__________________ \n \n1 Resolution S-10/2. \n \n2 See A/75/27. \n",
    )
    assert [p.label for p in doc.preamble] == ["PP1", "PP2", "PP3"]
    assert doc.preamble[1].text == "Determined to prevent the emergence of new types of weapons,"
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("1", "PP1"), ("2", "PP2")]


def test_a_letter_cited_at_a_line_start_goes_on_the_sentence_a_sub_paragraph_does_not() -> None:
    # A/C.5/80/L.17 and A/RES/80/28 as a PDF breaks their lines: `... as stated in article 3` /
    # `(b) of the Fund's regulations;` and `... paragraph 129 (a) to` / `(s) of the consensus
    # report` were read as sub-paragraphs (b) and (s), out of sequence. A/RES/76/193's `... and`
    # / `(a) welcomes ...` is a sub-paragraph that opens in lower case.
    doc = _read_resolution(
        "80/28",
        " 80/28. Transparency in armaments \n \n \nThe General Assembly, \n \n"
        "Recalling its resolution 79/1, \n \n"
        "1. \nRecalls the participation of organizations in the Fund, as stated in article 3\n"
        "(b) of the Fund’s regulations; \n \n"
        "2. \nRequests the Secretary-General to implement paragraph 129 (a) to\n"
        "(s) of the consensus report; \n \n"
        "3. \nReaffirms the urgency of dealing with solvency risks, and \n"
        "(a) welcomes the allocation of special drawing rights; \n"
        "(b) recommends assisting developing countries. \n",
    )
    assert [path for path, _ in doc.walk_with_paths()] == [
        "PP1", "OP1", "OP2", "OP3", "OP3 (a)", "OP3 (b)",
    ]  # fmt: skip
    assert doc.operative[0].text.endswith("as stated in article 3 (b) of the Fund’s regulations;")
    assert doc.operative[1].text.endswith("paragraph 129 (a) to (s) of the consensus report;")
    assert doc.warnings == ()


def test_a_hyphen_left_hanging_for_the_next_compound_keeps_its_space() -> None:
    # A/RES/79/185 as a PDF breaks it: `the victim-` / `and survivor-centric Independent
    # Institution` was joined as `victim-and`.
    doc = _read_resolution(
        "79/185",
        " 79/185. Situation of human rights \n \n \nThe General Assembly, \n \n"
        "Recalling its resolution 78/1, \n \n"
        "1. \nCalls upon all parties to cooperate fully with the victim-\n"
        "and survivor-centric Independent Institution and with short-\n"
        "or long-term mechanisms. \n",
    )
    assert doc.operative[0].text == (
        "Calls upon all parties to cooperate fully with the victim- and survivor-centric "
        "Independent Institution and with short- or long-term mechanisms."
    )


def test_a_note_running_over_below_the_separator_and_a_blank_line_goes_on() -> None:
    # A/RES/80/24 as a PDF sets it: note 19 runs over to the next page, where its end stands
    # under the separator after a blank line; the notes of that page were all lost (note 20's
    # mark stayed in the text as `Coordinator20`).
    doc = _read_resolution(
        "80/24",
        " 80/24. Nuclear disarmament \n \n \nThe General Assembly, \n \n"
        "Recalling its resolution 79/1, \n \n"
        "1. \nReaffirms the unequivocal undertaking of the nuclear-weapon States;19 \n"
        "__________________ \n \n"
        "19 Final Document, section entitled “Article VII and the security\n"
        "\f\n"
        "2. \nCalls upon the Conference on Disarmament to act on the report of the Special "
        "Coordinator20 and the mandate contained therein. \n"
        "__________________ \n \nof non-nuclear-weapon States”, para. 2. \n20 CD/1299. \n",
    )
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("19", "OP1"), ("20", "OP2")]
    assert doc.footnotes[0].text.endswith(
        "“Article VII and the security of non-nuclear-weapon States”, para. 2."
    )
    assert "Coordinator20" not in doc.operative[1].text


def test_a_heading_that_opens_a_page_after_its_notes_is_no_part_of_the_paragraph_above() -> None:
    # A/RES/74/137 as a PDF saved from Word has it: page 4 ends with paragraph 18 and its
    # notes, page 5 opens with `IV. Group of Independent Eminent Experts ...` over two lines.
    # The notes took the blank line before the page break with them, and the heading was read
    # as the end of paragraph 18.
    doc = _read_resolution(
        "74/137",
        " 74/137. Elimination of racism \n \n \nThe General Assembly, \n \n"
        "Recalling its resolution 73/262, \n \n"
        "18. \nRequests the Secretary-General to support the implementation of the Declaration "
        "and\nProgramme of Action;4 \n__________________ \n \n4 A/74/308. \n\f\n"
        "IV. Group of Independent Eminent Experts on the Implementation of the Durban \n"
        "Declaration and Programme of Action \n \n"
        "19. \nTakes note of the report of the Group of Independent Eminent Experts. \n",
    )
    assert doc.operative[0].text.endswith("Declaration and Programme of Action;")
    assert [h.printed for h in doc.headings] == [
        "IV. Group of Independent Eminent Experts on the Implementation of the Durban "
        "Declaration and Programme of Action"
    ]
    assert [p.label for p in doc.operative] == ["OP18", "OP19"]


def test_a_section_s_number_over_its_title_is_no_note_mark() -> None:
    # A/RES/74/262, the programme budget's questions: `Section 11` over its title took note
    # 11's mark, so the heading was read as `Section` at the end of paragraph 48 (a warning),
    # the marks after it fell out of step and note 10, cited in paragraph 51 (`... 1997, 10
    # the Malmö ...`), was cited by nothing.
    doc = _read_resolution(
        "74/262",
        " 74/262. Questions relating to the proposed programme budget for 2020 \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 73/279, \n \n"
        "48. Notes the planned deliverables of subprogramme 2; \n \n \n \nSection 11 \n \n \n"
        "United Nations support for the New Partnership for Africa’s Development \n \n \n"
        "49. Recalls that the development of Africa is an established priority; \n \n \n \n"
        "Section 14 \n \n \nEnvironment \n \n \n"
        "51. Reaffirms the Nairobi Declaration on the Role and Mandate of the United Nations "
        "Environment \nProgramme of 7 February 1997, 10 the Malmö Ministerial Declaration of 31 "
        "May \n200011 and the Nusa Dua Declaration of 26 February 2010;12 \n \n"
        "__________________ \n \n10 A/52/25, annex, decision 19/1, annex. \n \n"
        "11 A/55/25, annex I, decision SS.VI/1, annex. \n \n12 A/65/25, annex I. \n",
    )
    assert [h.printed for h in doc.headings][:2] == [
        "Section 11",
        "United Nations support for the New Partnership for Africa’s Development",
    ]
    assert doc.operative[0].text.endswith("subprogramme 2;")
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [
        ("10", "OP51"), ("11", "OP51"), ("12", "OP51"),
    ]  # fmt: skip
    # Only the excerpt's own gaps are warned of: it starts at 48 and skips 50.
    assert not [w for w in doc.warnings if "cited" in w.message or "Unnumbered" in w.message]


def test_an_adopted_resolution_in_parts_each_closed_by_the_meeting_reads_every_part() -> None:
    # A/RES/76/247 A–C, the programme budget: each part ends with `54th (resumed) plenary
    # meeting`, so parts B and C were read as back matter, and the two notes part C cites were
    # cited by nothing. Part A's letter and title, read as one line, had gone into the title.
    meeting = "54th (resumed) plenary meeting \n24 December 2021 \n \n \n"
    doc = _read_resolution(
        "76/247",
        "76/247.  Programme budget for 2022 \n \n \nA \nBudget appropriations for 2022 \n \n \n"
        "The General Assembly \n \nResolves that, for 2022: \n \n"
        "1. \nAppropriations totalling 3,121,651,000 United States dollars are approved; \n \n"
        + meeting
        + "B \nIncome estimates for 2022 \n \n \nThe General Assembly \n \n"
        "Resolves that, for 2022: \n \n"
        "1. \nEstimates of income totalling 295,499,900 United States dollars are approved; \n \n"
        + meeting
        + "C \nFinancing of appropriations for the year 2022 \n \n \nThe General Assembly \n \n"
        "Resolves that, for 2022: \n \n"
        "1. \nBudget appropriations shall be financed in accordance with the Financial Rules,1 "
        "and the financial performance report for 2020.2 \n \n"
        + meeting
        + "__________________ \n \n1 ST/SGB/2013/4. \n \n2 A/76/347. \n",
    )
    assert doc.title == "Programme budget for 2022"
    assert doc.formula == "The General Assembly Resolves that, for 2022:"
    assert doc.parts == ("A", "B", "C")
    assert [p.label for p in doc.operative] == ["OP1", "B OP1", "C OP1"]
    assert [h.printed for h in doc.headings] == [
        "Budget appropriations for 2022",
        "Income estimates for 2022",
        "Financing of appropriations for the year 2022",
    ]
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("1", "C OP1"), ("2", "C OP1")]
    assert doc.back_matter == "54th (resumed) plenary meeting\n24 December 2021"
    assert doc.warnings == ()


#: A/80/L.42 cut short: a draft decision whose kind carries a note of its own
#: (`Tajikistan:* draft decision**`), beside the list's note.
MARKED_KIND = HEAD.format(symbol="A/80/L.42") + (
    "Agenda item 18 \nSustainable development \n \n \n \n \n \nTajikistan:* draft decision** \n"
    " \n \n \n Postponement of the consideration of the modalities of the 2028 \nUnited Nations "
    "Water Conference to the eighty-first session of the \nGeneral Assembly \n \n \n \n"
    "The General Assembly, \n \nRecalling its resolution 77/334 of 1 September 2023, \n \n"
    "Decides: \n \n(a) \nTo postpone to its eighty-first session the consideration of the "
    "modalities \nof the 2028 United Nations Water Conference; \n \n(b) \nThat the "
    "consideration of the modalities shall be undertaken in the most efficient manner. \n"
    " \n \n \n* Any changes to the list of sponsors will be reflected in the official record of "
    "the meeting. \n \n** In order for the General Assembly to take action on the present "
    "proposal, it will be necessary to \ndecide to consider agenda item 18 directly in plenary "
    "meeting. \n"
)


def test_a_note_on_what_the_sponsors_line_calls_the_text_is_kept_and_exported() -> None:
    # A/80/L.42: the `**` after `draft decision` called a note that nothing cited, so the
    # Word export left it out and the plain-text export lost its mark.
    doc = read_text(MARKED_KIND, markdown=False)
    assert (doc.sponsors, doc.sponsor_mark) == (("Tajikistan",), "*")
    assert (doc.sponsored_as, doc.sponsored_as_mark) == ("draft decision", "**")
    assert doc.sponsored_as_note().startswith("In order for the General Assembly to take action")
    assert "Tajikistan:* draft decision**" in write_plain_text(doc)
    for exported in (read_text(write_text(doc)), read_docx(write_docx(doc))):
        assert (exported.sponsor_mark, exported.sponsored_as_mark) == ("*", "**")
        assert exported.footnotes == doc.footnotes


def test_a_star_after_the_kind_without_its_note_is_no_mark() -> None:
    # A mark whose note is missing (cut off with the page) is dropped, as on the list itself.
    doc = read_text(MARKED_KIND.split("** In order")[0], markdown=False)
    assert (doc.sponsored_as, doc.sponsored_as_mark) == ("draft decision", "")


#: A/80/L.37, whole but for its first page's furniture: a draft decision that no delegation
#: sponsors, with a note on how the Assembly may take it up marked after who submits it.
SUBMITTED_WITH_NOTE = HEAD.format(symbol="A/80/L.37") + (
    "Agenda item 23 \nOperational activities for development \n \n \n \n \n \n"
    "Draft decision submitted by the President of the General Assembly* \n \n \n \n"
    " United Nations Pledging Conference for Development Activities \n \n \n \n"
    "The General Assembly, recalling its decision 75/511 B of 9 September 2021, by \n"
    "which it decided to adjust the scope of the United Nations Pledging Conference for \n"
    "Development Activities, decides to convene the next Pledging Conference for \n"
    "Development Activities in 2027. \n \n \n \n"
    "* In order for the General Assembly to take action on the present proposal, it will be "
    "necessary to \ndecide to reopen consideration of agenda item 23 and to consider it "
    "directly in plenary meeting. \n"
)


def test_a_note_on_who_submits_a_draft_is_kept_and_exported() -> None:
    # A/80/L.37: the `*` after `... submitted by the President of the General Assembly` stayed
    # in that line, its note was cited nowhere, the Word export left the note out and the
    # plain-text export read back with the note as loose text.
    doc = read_text(SUBMITTED_WITH_NOTE, markdown=False)
    assert doc.submitted_by == "Draft decision submitted by the President of the General Assembly"
    assert (doc.sponsored_as, doc.sponsored_as_mark) == ("draft decision", "*")
    assert doc.sponsored_as_note().startswith("In order for the General Assembly to take action")
    assert "General Assembly*\n" in write_plain_text(doc)
    for exported in (
        read_text(write_text(doc)),
        read_text(write_plain_text(doc), markdown=False),
        read_docx(write_docx(doc)),
    ):
        assert (exported.submitted_by, exported.sponsored_as_mark) == (doc.submitted_by, "*")
        assert exported.footnotes == doc.footnotes
    # A mark whose note is missing (cut off with the page) is dropped, as after `draft decision`.
    cut = read_text(SUBMITTED_WITH_NOTE.split("* In order")[0], markdown=False)
    assert (cut.submitted_by, cut.sponsored_as_mark) == (doc.submitted_by, "")


#: A/C.1/80/L.42, reissued, cut short: the symbol's star calls the note on the reissue.
REISSUED = (
    "United Nations \nA/C.1/80/L.42*\n \n \nGeneral Assembly \nDistr.: Limited \n"
    "15 October 2025 \nOriginal: English \n \n25-16698* (E)    051125 \n*2516698* \n \n \n"
    "Eightieth session \nFirst Committee \nAgenda item 100 (c) \n \n \n \n"
    "Peru:** draft resolution \n \n \n \n United Nations Regional Centre for Peace, "
    "Disarmament and \nDevelopment in Latin America and the Caribbean \n \n \n \n"
    "The General Assembly, \n \nRecalling its resolution 79/66 of 2 December 2024, \n \n"
    "1. \nReaffirms its strong support for the role of the Regional Centre. \n \n \n"
    "__________________ \n \n* Reissued for technical reasons on 4 November 2025. \n \n"
    "** On behalf of the States Members of the United Nations that are members of the Group "
    "of Latin American and Caribbean States. \n"
)


def test_the_star_after_a_reissued_documents_symbol_cites_the_note_on_its_reissue() -> None:
    # A/C.1/80/L.42* and the corpus's A/C.1/80/L.23*: the note on the reissue was cited by
    # nothing, so the Word export left it out and the plain text read back without it.
    doc = read_text(REISSUED, markdown=False)
    assert (doc.symbol, doc.symbol_mark) == ("A/C.1/80/L.42", "*")
    assert (doc.sponsors, doc.sponsor_mark) == (("Peru",), "**")
    assert [f.mark for f in doc.footnotes] == ["*", "**"]
    assert write_plain_text(doc).startswith("A/C.1/80/L.42*\n")
    for exported in (
        read_text(write_text(doc)),
        read_text(write_plain_text(doc), markdown=False),
        read_docx(write_docx(doc)),
    ):
        assert (exported.symbol, exported.symbol_mark) == ("A/C.1/80/L.42", "*")
        assert exported.footnotes == doc.footnotes
    # Without its note (cut off with the page), the star calls nothing.
    cut = read_text(REISSUED.replace("* Reissued for", "Reissued for"), markdown=False)
    assert (cut.symbol, cut.symbol_mark) == ("A/C.1/80/L.42", "")


def test_a_note_cited_again_at_a_paragraphs_end_is_its_mark() -> None:
    # A/RES/73/193: the Credentials Committee's report is cited twice with the same note. The
    # second `1` stayed in the text (`... Committee.1`), which made the resolution's one
    # operative paragraph a preambular one; A/RES/73/281 kept `;1` and `;2` the same way.
    doc = _read_resolution(
        "73/193",
        " 73/193. Credentials of representatives to the seventy-third session \nof the General "
        "Assembly  \n \n \n \n \nThe General Assembly, \n \n \nHaving considered the report of "
        "the Credentials Committee 1  and the \nrecommendation contained therein, \n \n \n"
        "Approves the report of the Credentials Committee.1 \n \n56th plenary meeting  \n"
        "17 December 2018 \n \n__________________ \n \n1  A/73/600. \n",
    )
    assert [(p.label, p.text) for p in doc.paragraphs] == [
        (
            "PP1",
            "Having considered the report of the Credentials Committee and the recommendation "
            "contained therein,",
        ),
        ("OP1", "Approves the report of the Credentials Committee."),
    ]
    assert [[r.mark for r in p.footnote_refs] for p in doc.paragraphs] == [["1"], ["1"]]
    assert not doc.warnings


def test_a_number_at_a_paragraphs_end_that_no_note_had_is_no_mark() -> None:
    # The rule above takes only a note already cited, after a word: `section 3.1` is a
    # number, and a number past the notes stays text.
    doc = _read_resolution(
        "73/281",
        " 73/281. Shifting the management paradigm \n \n \nThe General Assembly, \n \n"
        "Recalling its resolution 72/266 A,1 \n \n1. \nTakes note of the report of the "
        "Secretary-General;1 \n \n2. \nDecides to revert to the matter in section 3.1 \n \n"
        "3. \nRequests a report at its next session.7 \n \n"
        "103rd plenary meeting \n3 July 2019 \n \n__________________ \n \n1  A/73/688. \n",
    )
    assert [p.text for p in doc.operative] == [
        "Takes note of the report of the Secretary-General;",
        "Decides to revert to the matter in section 3.1",
        "Requests a report at its next session.7",
    ]
    assert [[r.mark for r in p.footnote_refs] for p in doc.operative] == [["1"], [], []]


def test_a_section_titled_as_the_resolution_and_a_date_for_the_meeting_line() -> None:
    # A/RES/74/271, adopted under the silence procedure of 2020: section I bears the
    # resolution's own title, which was dropped as a running title (its `I` went into the
    # first paragraph), and the date that stands where the meeting's line would was read as a
    # heading after the last paragraph.
    doc = _read_resolution(
        "74/271",
        " 74/271. Progress towards an accountability system in the \nUnited Nations Secretariat "
        "\n \n \n \nThe General Assembly, \n \n \n \nI \n \n \nProgress towards an "
        "accountability system in the United Nations Secretariat \n \n \nRecalling its "
        "resolutions 59/272 of 23 December 2004, \n \n1. \nTakes note of the ninth progress "
        "report; \n \n2. \nRequests a report at its seventy-fifth session. \n \n \n \nII \n \n \n"
        "Report of the Joint Inspection Unit on the review of audit and oversight \ncommittees "
        "in the United Nations system \n \n \n1. \nNotes with appreciation the review; \n \n2. \n"
        "Requests the Secretary-General to take action. \n \n13 April 2020 \n",
    )
    assert [(h.number, h.text, h.before) for h in doc.headings] == [
        ("I", "Progress towards an accountability system in the United Nations Secretariat", "PP1"),
        (
            "II",
            "Report of the Joint Inspection Unit on the review of audit and oversight committees "
            "in the United Nations system",
            "II OP1",
        ),
    ]
    assert doc.preamble[0].text == "Recalling its resolutions 59/272 of 23 December 2004,"
    assert doc.back_matter == "13 April 2020"
    assert not doc.warnings


def test_a_note_cited_again_within_a_paragraph_is_its_mark() -> None:
    # A/RES/74/159: both Covenants share note 2, the second glued to its comma (`Political
    # Rights,2 as well as`); A/RES/74/206 names the Convention against Corruption again with
    # its note 1 (`Corruption1 have`), A/RES/74/26 the Treaty (`the Protocols to the Treaty1
    # that`), A/RES/72/188 the Covenant after the same words as before (`Cultural Rights, 5
    # and`). Such numbers stayed in the text. A symbol's number that is also a note's stays
    # the symbol's (A/RES/79/185: `decision C-25/DEC.9 of`), and so does a formula's (`CO2`).
    doc = _read_resolution(
        "74/159",
        " 74/159. Human rights and cultural diversity \n \n \nThe General Assembly, \n \n"
        "Recalling the Universal Declaration of Human Rights, 1  the International \nCovenant "
        "on Economic, Social and Cultural Rights 2 and the International Covenant \non Civil "
        "and Political Rights,2 as well as other pertinent human rights instruments,  \n \n"
        "Recalling also the United Nations Convention against Corruption,3 \n \n1. \nNotes "
        "that proceeds of offences under the United Nations Convention against Corruption3 "
        "have yet to be returned, and recalls decision C-25/DEC.3 of 21 April 2021; \n \n"
        "2. \nCalls upon States parties to the Covenants2 to report under the Covenant on Civil "
        "\nand Political Rights, 2 and to cut CO2 emissions; "
        "\n \n77th plenary meeting \n18 December 2019 \n \n__________________ \n \n"
        "1  Resolution 217 A (III). \n \n2  See resolution 2200 A (XXI), annex. \n \n"
        "3  United Nations, Treaty Series, vol. 2349, No. 42146. \n",
    )
    assert [p.text for p in doc.paragraphs] == [
        "Recalling the Universal Declaration of Human Rights, the International Covenant on "
        "Economic, Social and Cultural Rights and the International Covenant on Civil and "
        "Political Rights, as well as other pertinent human rights instruments,",
        "Recalling also the United Nations Convention against Corruption,",
        "Notes that proceeds of offences under the United Nations Convention against "
        "Corruption have yet to be returned, and recalls decision C-25/DEC.3 of 21 April 2021;",
        "Calls upon States parties to the Covenants to report under the Covenant on Civil and "
        "Political Rights, and to cut CO2 emissions;",
    ]
    assert [[r.mark for r in p.footnote_refs] for p in doc.paragraphs] == [
        ["1", "2", "2"],
        ["3"],
        ["3"],
        ["2", "2"],
    ]


def test_a_running_header_that_prints_the_agenda_items_title_is_page_furniture() -> None:
    # A/RES/76/233, titled `Problems arising from the accumulation of conventional ammunition
    # stockpiles in surplus`: its pages are headed by its agenda item's title, `General and
    # complete disarmament: problems arising from the` / `accumulation ...`, whose first line
    # was read as a section heading over operative paragraph 17.
    doc = read_text(
        "United Nations \nA/RES/76/233\n \n \nGeneral Assembly \nDistr.: General \n"
        "30 December 2021 \n \n21-19664 (E)    050122     \n*2119664* \n \n \n"
        "Seventy-sixth session \nAgenda item 100 (u) \nGeneral and complete disarmament: "
        "problems arising from \nthe accumulation of conventional ammunition stockpiles \n"
        "in surplus \n \n \n \n \n Resolution adopted by the General Assembly \n"
        "on 24 December 2021 \n \n \n \n \n[on the report of the First Committee (A/76/444, "
        "para. 93)] \n \n \n 76/233. Problems arising from the accumulation of conventional \n"
        "ammunition stockpiles in surplus \n \n \n \nThe General Assembly, \n \n"
        "Mindful of the dangers posed by unplanned explosions at munitions sites, \n \n"
        "16. Encourages States to consider the recommendations contained in the \nreport of "
        "the Group of Governmental Experts; \n\nGeneral and complete disarmament: problems "
        "arising from the \naccumulation of conventional ammunition stockpiles in surplus \n"
        "A/RES/76/233\n \n5/5\n21-19664 \n \n \n17. Decides to establish an open-ended "
        "working group; \n \n18. Decides to include in the provisional agenda of its "
        "seventy-eighth session the item. \n \n54th plenary meeting \n24 December 2021 \n",
        markdown=False,
    )
    assert doc.headings == ()
    assert [p.label for p in doc.operative] == ["OP16", "OP17", "OP18"]
    assert doc.operative[0].text.endswith("the Group of Governmental Experts;")


def test_a_declaration_adopted_inline_keeps_its_long_title() -> None:
    # A/RES/74/3: the declaration's title under `Adopts the following political declaration
    # ...:` has 215 characters, longer than a heading, and was read as the declaration's
    # opening words.
    title = (
        "Political declaration of the high-level meeting to review progress made in addressing "
        "the priorities of small island developing States through the implementation of the "
        "SIDS Accelerated Modalities of Action (SAMOA) Pathway"
    )
    doc = _read_resolution(
        "74/3",
        "74/3. \nPolitical declaration of the high-level meeting to review progress \nmade in "
        "addressing the priorities of small island developing States \nthrough the "
        "implementation of the SIDS Accelerated Modalities of \nAction (SAMOA) Pathway \n \n \n \n"
        "The General Assembly \n \nAdopts the following political declaration approved by the "
        "high-level meeting \non 27 September 2019: \n \n \n \n Political declaration of the "
        "high-level meeting to review progress \nmade in addressing the priorities of small "
        "island developing States \nthrough the implementation of the SIDS Accelerated "
        "Modalities of \nAction (SAMOA) Pathway \n \n \n1. \nWe, Heads of State and Government, "
        "reaffirm our commitment; \n \n2. \nWe call for action. \n \n"
        "9th plenary meeting \n10 October 2019 \n",
    )
    assert doc.annex is not None
    assert (doc.annex.title, doc.annex.intro) == (title, "")
    assert [p.text for p in doc.annex.paragraphs] == [
        "We, Heads of State and Government, reaffirm our commitment;",
        "We call for action.",
    ]


def test_two_notes_cited_again_together_are_both_marks() -> None:
    # A/RES/72/18 section III: `Notes with appreciation the reports of the Joint Inspection
    # Unit.3,4`, the two reports its preamble cited; the `3` was read and the `,4` kept.
    doc = _read_resolution(
        "72/18",
        " 72/18. Joint Inspection Unit \n \n \nThe General Assembly, \n \n"
        "Having considered the reports of the Joint Inspection Unit on the state of the \n"
        "internal audit function in the United Nations system1 and on donor-led assessments \n"
        "of the United Nations system organizations,2 \n \n"
        "Notes with appreciation the reports of the Joint Inspection Unit.1,2 \n \n"
        "61st plenary meeting \n1 December 2017 \n \n__________________ \n \n"
        "1  A/72/120. \n \n2  A/72/298. \n",
    )
    assert (
        doc.operative[0].text == "Notes with appreciation the reports of the Joint Inspection Unit."
    )
    assert [r.mark for r in doc.operative[0].footnote_refs] == ["1", "2"]


def test_a_number_a_word_gives_at_a_lines_end_is_no_mark() -> None:
    # A/RES/73/161 as its Word export printed to PDF reads it back: `as reflected in article 2`
    # ends a line, and note 2, cited after `Disabilities,` further on, took the article's
    # number.
    doc = _read_resolution(
        "73/161",
        " 73/161. World Braille Day \n \n \nThe General Assembly, \n \n"
        "Recalling the Convention on the Rights of the Child,1 \n \n"
        "Recalling also that Braille is a means of communication, as reflected in article 2 \n"
        "of the Convention on the Rights of Persons with Disabilities,2 \n \n"
        "1. \nDecides to proclaim 4 January World Braille Day. \n \n"
        "62nd plenary meeting \n17 December 2018 \n \n__________________ \n \n"
        "1  United Nations, Treaty Series, vol. 1577, No. 27531. \n \n"
        "2  Ibid., vol. 2515, No. 44910. \n",
    )
    assert doc.preamble[1].text == (
        "Recalling also that Braille is a means of communication, as reflected in article 2 of "
        "the Convention on the Rights of Persons with Disabilities,"
    )
    assert [r.mark for r in doc.preamble[1].footnote_refs] == ["2"]


def test_a_notes_line_broken_after_a_hyphen_or_a_dash_runs_on() -> None:
    # A/RES/75/31's note 3 (`ibid., Seventy-` / `first Session`) and A/RES/74/189's note
    # (`the Secretary-` / `General`) kept a space after the hyphen; a range broken after its
    # dash (`paras. 22–` / `23`) did too. A hyphen left hanging for the next compound keeps it.
    doc = _read_resolution(
        "75/31",
        " 75/31. New types of weapons of mass destruction \n \n \nThe General Assembly, \n \n"
        "Recalling the reports of the Conference on Disarmament,1 \n \n"
        "1. \nRequests a report.2 \n \n46th plenary meeting \n7 December 2020 \n"
        " \n__________________ \n \n"
        "1  Official Records of the General Assembly, Seventy-\nfirst Session, Supplement No. "
        "27 (A/71/27), paras. 22–\n23, and short- \nand long-term plans. \n \n"
        "2  See the reports of the Secretary-\nGeneral. \n",
    )
    assert [f.text for f in doc.footnotes] == [
        "Official Records of the General Assembly, Seventy-first Session, Supplement No. 27 "
        "(A/71/27), paras. 22–23, and short- and long-term plans.",
        "See the reports of the Secretary-General.",
    ]


def test_a_count_in_parallel_with_one_ending_the_line_before_is_no_mark() -> None:
    # A/RES/74/116 as its Word export printed to PDF reads it back: `of whom 3` ends a line,
    # `were killed, 10 were injured` opens the next, and the `10` was read as note 10, one
    # ahead of the note 9 that ends the paragraph (here `2` and note 1).
    doc = _read_resolution(
        "74/116",
        " 74/116. Safety and security of humanitarian personnel \n \n \nThe General Assembly, \n"
        " \nNoting that these figures do not include locally recruited staff, of whom 3\n"
        "were killed, 2 were injured and 3 were arrested in 2018,1 \n \n"
        "1. \nUrges States to protect humanitarian personnel.2 \n \n"
        "52nd plenary meeting \n16 December 2019 \n \n__________________ \n \n"
        "1  A/74/464. \n \n2  A/74/465. \n",
    )
    assert "of whom 3 were killed, 2 were injured" in doc.preamble[0].text
    assert [r.mark for r in doc.preamble[0].footnote_refs] == ["1"]


def test_an_annex_opening_with_a_colon_over_a_lettered_list_keeps_the_list() -> None:
    # A/RES/73/5: the annex's opening words end with a colon over the modalities (a) to (f);
    # the words were read as the annex's opening, and every item of the list was dropped with
    # a warning that it had no numbered paragraph above it.
    doc = _read_resolution(
        "73/5",
        " 73/5. Chair of the Group of 77 for 2019 \n \n \nThe General Assembly, \n \n"
        "Recalling its resolution 67/19 of 29 November 2012, \n \n1. \nDecides to adopt the "
        "modalities set out in the annex to the present resolution; \n \n"
        "20th plenary meeting  \n16 October 2018 \n \n \n \n Annex \n \n"
        "The additional rights and privileges of participation of the State of Palestine for \n"
        "2019 shall be given effect through the following modalities: \n \n(a) \n"
        "The right to make statements on behalf of the Group of 77 and China; \n \n(b) \n"
        "The right to co-sponsor proposals and amendments. \n",
    )
    assert doc.annex is not None and doc.annex.intro == ""
    [opening] = doc.annex.paragraphs
    assert opening.text.endswith("shall be given effect through the following modalities:")
    assert [(s.label, s.text) for s in opening.subparagraphs] == [
        ("(a)", "The right to make statements on behalf of the Group of 77 and China;"),
        ("(b)", "The right to co-sponsor proposals and amendments."),
    ]
    assert not doc.warnings


def test_a_note_cited_again_set_apart_after_a_names_comma_is_its_mark() -> None:
    # A/RES/73/96 (`including the Fourth Geneva Convention, 1` / `the United Nations ...`),
    # 73/62 (`the 1995 resolution on the Middle East, 2 and`): set apart after the comma, before
    # the sentence goes on, the numbers stayed in the text. A count there goes on with what it
    # counts, and stays (`Member States, 2 of which`).
    doc = _read_resolution(
        "73/96",
        " 73/96. Occupied Palestinian territory \n \n \nThe General Assembly, \n \n"
        "Recalling the Convention relative to the Protection of Civilian Persons in Time of "
        "War,1 and the resolution of the 1995 Review Conference,2 \n \n"
        "1. \nDemands respect for the rules of international law, including the Fourth Geneva "
        "Convention, 1 \nthe United Nations Charter and the 1995 resolution on the Middle East, "
        "2 and notes \nthat 12 Member States, 2 of which reported, responded; \n \n"
        "55th plenary meeting \n7 December 2018 \n \n__________________ \n \n"
        "1  United Nations, Treaty Series, vol. 75, No. 973. \n \n2  NPT/CONF.1995/32. \n",
    )
    assert doc.operative[0].text == (
        "Demands respect for the rules of international law, including the Fourth Geneva "
        "Convention, the United Nations Charter and the 1995 resolution on the Middle East, and "
        "notes that 12 Member States, 2 of which reported, responded;"
    )
    assert [r.mark for r in doc.operative[0].footnote_refs] == ["1", "2"]


def test_a_resolutions_number_alone_on_a_line_is_no_page_number() -> None:
    # A/RES/73/272's table: `As listed in the annex to General Assembly resolution` / `55/235`;
    # the number was taken for a page's (`3/4`) and dropped from the text. The text's footers
    # count four pages.
    doc = _read_resolution(
        "73/272",
        " 73/272. Scale of assessments for peacekeeping \n \n \nThe General Assembly, \n \n"
        "Recalling its resolution 55/235, \n \n1. \nDecides that the level C shall be as listed "
        "in the annex to General Assembly resolution \n55/235  \nand shall be reviewed by the "
        "Committee on \nContributions at its next session; \n \n2. \nDecides to review the "
        "levels at its \n\nA/RES/73/272\n \n2/4\n18-22657 \n \nseventy-sixth session. \n \n"
        "61st plenary meeting \n22 December 2018 \n",
    )
    assert [p.text for p in doc.operative] == [
        "Decides that the level C shall be as listed in the annex to General Assembly "
        "resolution 55/235 and shall be reviewed by the Committee on Contributions at its next "
        "session;",
        "Decides to review the levels at its seventy-sixth session.",
    ]


def test_an_unnumbered_operative_paragraph_after_a_page_break_is_its_own() -> None:
    # A/RES/77/5: the last preambular paragraph ends on page 1 above the notes, and page 2
    # opens, under its running title, with the resolution's only operative paragraph, printed
    # without a number. It was read as the end of the preambular paragraph, and the resolution
    # had no operative part.
    doc = _read_resolution(
        "77/5",
        " 77/5. Plenary meetings of the General Assembly on 8 and 9 December 2022 \n \n \n"
        "The General Assembly, \n \nRecalling that the Convention1 was opened for \n"
        "signature on 10 December 1982 in Montego Bay, Jamaica, \n \n"
        "Recognizing the recommendation of the General Committee,2 which was adopted at the "
        "third plenary meeting of \nthe Assembly, on 16 September 2022, \n"
        "__________________ \n \n1 United Nations, Treaty Series, vol. 1833, No. 31363. \n \n"
        "2 A/77/250, para. 82. \n\nA/RES/77/5 \n"
        "Plenary meetings of the General Assembly on 8 and 9 December\n"
        "2022\n \n22-25005\n2/2 \n \n \n"
        "Decides to adopt the organizational arrangements for the plenary meetings on \n"
        "8 and 9 December 2022 as outlined in the annex to the present resolution. \n \n"
        "27th plenary meeting \n2 November 2022 \n",
    )
    assert doc.preamble[-1].text.endswith("on 16 September 2022,")
    assert [(p.label, p.text) for p in doc.operative] == [
        (
            "OP1",
            "Decides to adopt the organizational arrangements for the plenary meetings on 8 "
            "and 9 December 2022 as outlined in the annex to the present resolution.",
        )
    ]


def test_a_name_going_on_over_a_page_break_stays_in_its_paragraph() -> None:
    # The rule above takes an operative verb for a new paragraph only when words in lower case
    # follow it: a name whose first word is one goes on the sentence over the page.
    doc = _read_resolution(
        "77/5",
        " 77/5. Plenary meetings of the General Assembly on 8 and 9 December 2022 \n \n \n"
        "The General Assembly, \n \nTaking note of the communications of the host country and "
        "of the Permanent \nMissions concerned, in particular the exchange of letters,1\n"
        "__________________ \n \n1 A/77/250, para. 82. \n\nA/RES/77/5 \n"
        "Plenary meetings of the General Assembly on 8 and 9 December\n"
        "2022\n \n22-25005\n2/2 \n \n \n"
        "Notes Verbales and aide-memoires of 5 May 2022, \n \n"
        "1. \nDecides to adopt the organizational arrangements. \n \n"
        "27th plenary meeting \n2 November 2022 \n",
    )
    assert [p.text for p in doc.preamble] == [
        "Taking note of the communications of the host country and of the Permanent Missions "
        "concerned, in particular the exchange of letters, Notes Verbales and aide-memoires of "
        "5 May 2022,"
    ]


@pytest.mark.parametrize(
    "decision",
    [
        # A/RES/76/205: `pursuant to its decision 1/CP.13 31 and to enhance ambition`.
        "1/CP.13",
        # A/RES/76/71: `as well as decision VII/11 13 and other relevant decisions of the
        # Conference of the Parties to the Convention on Biological Diversity`.
        "VII/11",
    ],
)
def test_a_mark_after_a_conferences_decision_is_read(decision: str) -> None:
    # The mark, set apart after the decision's symbol, stayed in the text and its note was
    # cited nowhere.
    doc = _read_resolution(
        "76/205",
        " 76/205. Protection of global climate for present and future generations \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 75/217,1 \n \n"
        "1. \nReiterates the resolve to accelerate the full implementation of the decisions \n"
        f"constituting the agreed outcome pursuant to its decision {decision} 2 and to enhance \n"
        "ambition in the pre-2020 period; \n \n"
        "2. \nDecides to include the item in its provisional agenda. \n \n"
        "53rd plenary meeting \n17 December 2021 \n \n__________________ \n \n"
        "1 A/75/PV.48. \n \n2  See FCCC/CP/2007/6/Add.1. \n",
    )
    paragraph = doc.operative[0]
    assert f"its decision {decision} and to enhance" in paragraph.text
    at = paragraph.text.index(decision) + len(decision)
    assert paragraph.footnote_refs == (FootnoteRef("2", at),)


def test_a_declaration_adopted_inline_under_the_same_title_reads_back_from_plain_text() -> None:
    # A/RES/76/1 adopts the Durban political declaration inline, under the resolution's own
    # title (`United against racism, ...`). Written as plain text, the declaration's title
    # follows `Adopts the following political declaration ...:[^1]`; the note's mark hid the
    # colon, the title was dropped as a running title left in the text, and the resolution
    # read back with its decision as a preambular paragraph and no declaration.
    title = "United against racism, racial discrimination, xenophobia and related intolerance"
    doc = _read_resolution(
        "76/1",
        f" 76/1. {title} \n \n \nThe General Assembly \n \n"
        "Adopts the following political declaration of the high-level meeting of the \n"
        "General Assembly to commemorate the twentieth anniversary:1 \n \n \n \n"
        f" {title} \n \n \n"
        "We, Heads of State and Government, gathered at United Nations Headquarters, \n \n"
        "1. \nReaffirm that the Durban Declaration and Programme of Action provide a \n"
        "comprehensive United Nations framework; \n \n"
        "2. \nAlso reaffirm that racism constitutes a negation of the Charter. \n \n"
        "3rd plenary meeting \n22 September 2021 \n \n__________________ \n \n"
        "1 A/76/L.2. \n",
    )
    assert [p.label for p in doc.paragraphs] == ["OP1", "Annex 1", "Annex 2"]
    again = read_text(write_text(doc))
    assert again.annex is not None and again.annex.title == title
    assert [p.label for p in again.paragraphs] == ["OP1", "Annex 1", "Annex 2"]


def test_sections_lettered_alone_on_their_lines_number_their_paragraphs_afresh() -> None:
    # A/RES/76/240 (Fifth Committee): after operative paragraph 21, sections `A` and `B`, each
    # its letter alone on a line over its title, with a preambular paragraph of its own and
    # operative paragraphs numbered from 1. The letters were read as headings of their own,
    # outside any section: the paragraphs numbered afresh took the labels OP1 and OP2 again,
    # which the upload refuses, with two warnings that the numbering jumps back.
    doc = _read_resolution(
        "76/240",
        " 76/240. United Nations common system \n \n \nThe General Assembly, \n \n"
        "Recalling its resolutions 44/198 of 21 December 1989, \n \n"
        "1. \nTakes note of the report of the Commission for 2021; \n \n"
        "2. \nRequests the Commission to review the non-family service allowance; \n \n \n \n"
        "Conditions of service of staff in the Professional and higher categories \n \n \n \n"
        "A \n \n \nBase/floor salary scale \n \n \n"
        "Recalling its resolution 44/198, by which it established a floor net salary level, \n \n"
        "1. \nApproves the revised unified base/floor salary scale; \n \n"
        "2. \nRequests the Commission to report on the impact of such revision; \n \n \n \n"
        "B \n \n \nEvolution of the margin and margin management around the \n"
        "desirable midpoint \n \n \n"
        "Recalling section I.B of its resolution 51/216, \n \n"
        "1. \nReaffirms that the range of 110 to 120 for the margin should continue to apply; "
        "\n \n54th (resumed) plenary meeting \n24 December 2021 \n",
    )
    assert doc.warnings == ()
    assert [p.label for p in doc.walk()] == [
        "PP1", "PP2", "PP3", "OP1", "OP2", "A OP1", "A OP2", "B OP1"
    ]  # fmt: skip
    assert [(h.printed, h.before) for h in doc.headings] == [
        ("Conditions of service of staff in the Professional and higher categories", "PP2"),
        ("A. Base/floor salary scale", "PP2"),
        ("B. Evolution of the margin and margin management around the desirable midpoint", "PP3"),
    ]
    again = read_text(write_text(doc))
    assert [p.label for p in again.walk()] == [p.label for p in doc.walk()]
    assert [(h.printed, h.before) for h in again.headings] == [
        (h.printed, h.before) for h in doc.headings
    ]


def test_a_page_number_under_a_running_title_of_two_lines_is_no_resolutions_number() -> None:
    # A/RES/76/17: page 2's header is the symbol, the title over two lines and `2/2`, with no
    # job number. Three lines from the symbol, the page's number was taken for a resolution's
    # number that the line above cites (`... as` / `a Zone of Peace` / `2/2`) and was read
    # into the preambular paragraph before the page break.
    doc = _read_resolution(
        "76/17",
        " 76/17. Implementation of the Declaration of the Indian Ocean as a Zone \n"
        "of Peace \n \n \n \nThe General Assembly, \n \n"
        "Recalling the Declaration of the Indian Ocean as a Zone of Peace,1 \n \n"
        "Emphasizing the need to foster consensual approaches that are conducive to the \n"
        "pursuit of such endeavours, \n__________________ \n \n"
        "1 Resolution 2832 (XXVI). \n\nA/RES/76/17 \n"
        "Implementation of the Declaration of the Indian Ocean as \na Zone of Peace\n \n"
        "2/2 \n \n \n"
        "Noting the initiatives taken by countries of the region to promote cooperation, \n \n"
        "1. \nTakes note of the report of the Secretary-General; \n \n"
        "53rd plenary meeting \n6 December 2021 \n",
    )
    assert [p.text for p in doc.preamble][1:] == [
        "Emphasizing the need to foster consensual approaches that are conducive to the "
        "pursuit of such endeavours,",
        "Noting the initiatives taken by countries of the region to promote cooperation,",
    ]


def test_guidelines_annexed_from_the_law_commission_number_their_paragraphs_afresh() -> None:
    # A/RES/76/113 annexes the International Law Commission's Guide to Provisional Application
    # of Treaties: `Guideline 5` / `Commencement` / its text, ..., `Guideline 9` / `Termination`
    # / `1.` / `2.`. The guidelines were read as headings of nothing: their texts were kept as
    # the end of the paragraph before, each with a warning, and the numbered paragraphs of
    # each guideline were warned of as numbering jumping back.
    doc = _read_resolution(
        "76/113",
        " 76/113. Provisional application of treaties \n \n \nThe General Assembly, \n \n"
        "Having considered chapter IV of the report of the International Law Commission,1 \n \n"
        "1. \nTakes note of the Guide to Provisional Application of Treaties, the text of "
        "which is annexed to the present resolution; \n \n"
        "54th plenary meeting \n9 December 2021 \n \n \nAnnex \n \n"
        "Guide to Provisional Application of Treaties \n \n"
        "Guideline 5 \nCommencement \n \n \n"
        "The provisional application of a treaty takes effect on such date as the treaty "
        "provides. \n \n"
        "Guideline 9 \nTermination \n \n"
        "1. \nThe provisional application of a treaty terminates with its entry into force. \n"
        "2. \nThe provisional application terminates on notification of an intention not to "
        "become a party. \n__________________ \n \n1 A/76/10. \n",
    )
    assert doc.warnings == ()
    assert doc.annex is not None
    assert [(p.label, p.text[:40]) for p in doc.annex.paragraphs] == [
        ("Guideline 5", "The provisional application of a treaty "),
        ("Annex 1", "The provisional application of a treaty "),
        ("Annex 2", "The provisional application terminates o"),
    ]
    assert [h.printed for h in doc.headings if h.part == "annex"] == [
        "Guideline 5 Commencement",
        "Guideline 9 Termination",
    ]


def test_a_count_above_a_notes_written_reference_is_no_mark_of_it() -> None:
    # A/RES/75/90: PP11 counts `170 United Nations Member States, 1 non-member observer State
    # and 1 observer`; note 1 is first cited in OP17. Read from its PDF the `1` is on a page
    # before the note's, so no mark; written as plain text, where OP17 cites `[^1]`, it was read
    # back as note 1's mark and dropped from the count.
    doc = _read_resolution(
        "75/90",
        " 75/90. The situation in Afghanistan \n \n \nThe General Assembly, \n \n"
        "Welcoming the statement of support by 170 United Nations Member States, 1 non-member \n"
        "observer State and 1 observer, \n\nA/RES/75/90 \nThe situation in Afghanistan\n \n"
        "20-16835\n2/3 \n \n \n"
        "1. \nStresses the importance of the Agreement on Bringing Peace to Afghanistan;1 \n"
        "__________________ \n \n1 S/2020/184, annex. \n\nThe situation in Afghanistan\n"
        "A/RES/75/90 \n \n3/3\n20-16835 \n \n \n"
        "2. \nDecides to remain seized of the matter. \n \n"
        "41st plenary meeting \n10 December 2020 \n",
    )
    count = "170 United Nations Member States, 1 non-member observer State and 1 observer,"
    assert doc.preamble[0].text.endswith(count)
    again = read_text(write_text(doc))
    assert again.preamble[0].text.endswith(count)
    assert again.preamble[0].footnote_refs == ()
    assert [r.mark for r in again.operative[0].footnote_refs] == ["1"]


def test_a_number_of_years_in_a_quoted_title_is_no_mark() -> None:
    # A/RES/75/130: `the ministerial communiqué of the Initiative entitled “Renewing 10 years
    # of concerted efforts ...”, of 22 September 2017,10`. After the capitalized `Renewing`,
    # the count of years was taken for mark 10, and the real mark stayed in the text.
    doc = _read_resolution(
        "75/130",
        " 75/130. Global health and foreign policy \n \n \nThe General Assembly, \n \n"
        "Recalling the Oslo Ministerial Declaration,9 which was reaffirmed in the ministerial \n"
        "communiqué of the Initiative entitled “Renewing 10 years of concerted efforts and \n"
        "preparing for new challenges”, of 22 September 2017,10 \n \n"
        "1. \nDecides to continue to consider the matter. \n \n"
        "37th plenary meeting \n14 December 2020 \n \n__________________ \n \n"
        "9 A/63/591, annex. \n \n10 A/72/559, annex. \n",
    )
    paragraph = doc.preamble[0]
    assert "entitled “Renewing 10 years of concerted efforts" in paragraph.text
    assert paragraph.text.endswith("of 22 September 2017,")
    assert [r.mark for r in paragraph.footnote_refs] == ["9", "10"]
    assert paragraph.footnote_refs[1].offset == len(paragraph.text)


def test_a_mark_set_apart_before_a_bracket_is_read() -> None:
    # A/RES/75/213: `... Desertification, Particularly in Africa 17 (the Rio conventions)`.
    # Set apart after a name, a mark was read before a word in lower case but not before a
    # bracket the sentence goes on in: 17 stayed in the text and note 17 was cited nowhere.
    doc = _read_resolution(
        "75/213",
        " 75/213. Promoting sustainable consumption and production patterns \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 74/215,1 \n \n"
        "1. \nRecognizes the Convention on Biological Diversity and the United Nations \n"
        "Convention to Combat Desertification in Those Countries Experiencing Serious \n"
        "Drought and/or Desertification, Particularly in Africa 2 (the Rio conventions); \n \n"
        "2. \nDecides to include the item in its provisional agenda. \n \n"
        "48th plenary meeting \n21 December 2020 \n \n__________________ \n \n"
        "1 A/74/PV.52. \n \n2  United Nations, Treaty Series, vol. 1954, No. 33480. \n",
    )
    paragraph = doc.operative[0]
    assert "Particularly in Africa (the Rio conventions);" in paragraph.text
    at = paragraph.text.index("Africa") + len("Africa")
    assert paragraph.footnote_refs == (FootnoteRef("2", at),)


def test_a_resumed_meeting_printed_without_brackets_ends_the_text() -> None:
    # A/RES/76/242: `54th resumed plenary meeting` (the other resolutions of that day print
    # `54th (resumed) plenary meeting`). The line was read as a heading after the last
    # paragraph, and the text had no meeting line.
    doc = _read_resolution(
        "76/242",
        " 76/242. Administration of justice at the United Nations \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 75/248, \n \n"
        "IV \n \n \nOther issues \n \n \n"
        "21. \nInvites the Sixth Committee to consider the legal aspects of the report; \n \n"
        "22. Decides to approve the proposed amendments to the rules of procedure of the \n"
        "Appeals Tribunal.8 \n \n"
        "54th resumed plenary meeting \n24 December 2021 \n \n__________________ \n \n"
        "8 See A/75/162, annex I, and A/76/99, annex I. \n",
    )
    assert doc.back_matter == "54th resumed plenary meeting\n24 December 2021"
    assert [h.text for h in doc.headings] == ["Other issues"]
    assert doc.operative[-1].text.endswith("Appeals Tribunal.")
    assert [f.mark for f in doc.footnotes] == ["8"]


def test_a_lettered_heading_after_a_paragraphs_full_stop_is_a_heading() -> None:
    # A/RES/76/258, the Doha Programme of Action: `135. ... green bonds.` / `(b)` / `Energy` /
    # `136. ...`. The heading was read as a sub-paragraph of the paragraph above it (out of
    # sequence when its letter was (b), silently when (a)).
    doc = _read_resolution(
        "76/258",
        " 76/258. Doha Programme of Action for the Least Developed Countries \n \n \n"
        "The General Assembly, \n \nRecalling its resolution 76/251, \n \n"
        "1. Endorses the Doha Programme of Action, as contained in the annex to the present \n"
        "resolution. \n \n"
        "60th plenary meeting \n1 April 2022 \n \n"
        "Annex \n \nDoha Programme of Action for the Least Developed Countries \n \n"
        "132. We recognize the importance of infrastructure. \n \n"
        "(a) \nTransport \n \n"
        "133. We will ensure sustainable transport infrastructure; \n \n"
        "134. We call upon development partners to provide support: \n \n"
        "(a) Financial support; \n \n(b) Technical support. \n \n"
        "135. We stress the importance of green bonds. \n \n"
        "(b) \nEnergy \n \n"
        "136. Notwithstanding the importance of access to energy, challenges remain. \n",
    )
    assert doc.annex is not None
    assert [(p.label, [s.label for s in p.subparagraphs]) for p in doc.annex.paragraphs] == [
        ("Annex 132", []),
        ("Annex 133", []),
        ("Annex 134", ["(a)", "(b)"]),
        ("Annex 135", []),
        ("Annex 136", []),
    ]
    assert [(h.text, h.before) for h in doc.headings] == [
        ("(a) Transport", "Annex 133"),
        ("(b) Energy", "Annex 136"),
    ]
    assert [w.message for w in doc.warnings] == ["The first annex paragraph is numbered 132, not 1"]


#: A/C.4/80/L.15 cut short: a decision approves the programme of work set out below it, under
#: a caption that repeats the title, as a timetable whose column headings (`Date/time` /
#: `Programme`) each page prints again under its running header.
TIMETABLE_OVER_PAGES = (
    "Special Political and Decolonization Committee \n(Fourth Committee) \nAgenda item 121 \n"
    "Revitalization of the work of the General Assembly \n \n \n \n \n \n"
    "Draft decision submitted by the Bureau \n \n \n \n"
    " Proposed programme of work and timetable of the Special \n"
    "Political and Decolonization Committee (Fourth Committee) for \n"
    "the eighty-first session of the General Assembly \n \n \n \n"
    "The General Assembly approves the proposed programme of work and timetable \n"
    "of the Special Political and Decolonization Committee (Fourth Committee) for the \n"
    "eighty-first session of the Assembly as set out below: \n \n \n \n"
    "Proposed programme of work and timetable of the Special Political and Decolonization \n"
    "Committee (Fourth Committee) for the eighty-first session of the General Assembly \n \n \n"
    "Date/time \nProgramme \nWeek of \n28 September–2 October \n \nThursday, 1 October  \n \n"
    "10 a.m. \nOrganization of work \nApproval of programme of work \n"
    "Eradicating colonialism in all its forms and manifestations \nGeneral debate \n\n"
    "A/C.4/80/L.15 \n \n25-17939\n2/7 \n \nDate/time \nProgramme \nProgramme planning \n"
    "11 a.m. \nClosure of the list of speakers \nFriday, 2 October \n \n10 a.m. \n"
    "Information from Non-Self-Governing Territories \n"
    "\nA/C.4/80/L.15\n \n3/7\n25-17939 \n \nDate/time \nProgramme \n6 p.m. \n"
    "Deadline for submission of proposals on decolonization items \n"
)


def test_a_timetable_over_pages_keeps_its_caption_and_prints_its_column_headings_once() -> None:
    """The caption that repeats the title, right after the decision's colon, had been taken
    for a running title left by a converter and lost (no paragraph starts after a page break
    here, nor in the text written back, so the whole title alone between two blocks read as
    one); and the column headings each page repeats stood in the timetable once per page."""
    doc = _read("A/C.4/80/L.15", TIMETABLE_OVER_PAGES)
    caption = (
        "Proposed programme of work and timetable of the Special Political and Decolonization "
        "Committee (Fourth Committee) for the eighty-first session of the General Assembly"
    )
    assert doc.title == caption
    assert [p.label for p in doc.operative] == ["OP1"]
    table = doc.operative[0].tail
    assert table.startswith(caption + "\nDate/time Programme Week of 28 September–2 October")
    assert table.count("Date/time") == 1
    assert table.count("Programme") == 1 + table.count("Programme planning")
    assert "Programme planning 11 a.m. Closure of the list of speakers" in table
    assert "6 p.m. Deadline for submission of proposals on decolonization items" in table
    assert caption in [h.text for h in doc.headings]
    for again in (read_text(write_text(doc)), read_docx(write_docx(doc))):
        assert [(p.label, p.tail) for p in again.operative] == [("OP1", table)]


#: A/C.5/80/L.13 cut short: two annexes of tables, each under its title, after the last
#: operative paragraph.
TWO_ANNEXES_OF_TABLES = (
    "Fifth Committee \nAgenda item 147 \nFinancing of the International Residual Mechanism \n"
    "for Criminal Tribunals \n \n \nDraft resolution submitted by the Chair of the Committee \n"
    " \n \n Financing of the International Residual Mechanism for Criminal \nTribunals \n \n \n"
    "The General Assembly, \n \nRecalling its resolution 66/240 A of 24 December 2011, \n \n"
    "1. \nDecides to appropriate the amount set out in annex I to the present resolution; \n"
    " \n2. \nAlso decides to credit the amounts detailed in annex II to the present "
    "resolution. \n \n \n \nAnnex I \n \n \n"
    "Financing for 2026 of the International Residual Mechanism for Criminal Tribunals \n \n \n"
    "Gross \nNet of staff \nassessment \n(United States dollars) \nEstimated appropriation "
    "for 2026 \n56 234 300 \n51 375 900 \nAppropriation for 2026 \n56 126 600 \n51 268 200 \n"
    "Of which: \n \n \nContributions apportioned to Member States \n28 063 300 \n25 634 100 \n"
    " \n \nAnnex II \n \n \nCredits reported in the financial performance report for 2024 \n"
    " \n \nGross \nNet of staff \nassessment \n(United States dollars) \n"
    "Cancellation of commitments for the year 2023, and \nother revenue \n(8 894 000) \n"
    "(8 894 000) \n"
)


def test_a_second_annex_of_tables_stays_apart_from_the_first() -> None:
    """A/C.5/80/L.13: the second annex's name was lost and its title added to the first's
    (`Financing for 2026 ...` / `Credits reported ...` as one annex title over both tables),
    as was any line like a heading inside a table (A/RES/79/257's `Professional and higher`,
    a row group's label); once an annex's text has begun, such a line is a line of it."""
    doc = _read("A/C.5/80/L.13", TWO_ANNEXES_OF_TABLES)
    assert [p.label for p in doc.operative] == ["OP1", "OP2"]
    assert doc.annex is not None
    assert doc.annex.title == (
        "Financing for 2026 of the International Residual Mechanism for Criminal Tribunals"
    )
    first, second = doc.annex.intro.split("\n\nAnnex II\n\n")
    assert first.startswith("Gross Net of staff assessment (United States dollars)")
    assert "Contributions apportioned to Member States 28 063 300 25 634 100" in first
    assert second.startswith("Credits reported in the financial performance report for 2024")
    assert second.endswith(
        "Cancellation of commitments for the year 2023, and other revenue (8 894 000) (8 894 000)"
    )
    for again in (read_text(write_text(doc)), read_docx(write_docx(doc))):
        assert (again.annex.title, again.annex.intro) == (doc.annex.title, doc.annex.intro)
