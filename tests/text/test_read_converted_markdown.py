"""Adopted resolutions in the Markdown a public pipeline converts from the official PDFs
(railcar): the conversion sets some notes as plain numbered paragraphs between the text's,
drops some sub-paragraphs' letters, and joins an annex's heading to its title. Each text is cut
from a real resolution of the eightieth session (named in the test)."""

from __future__ import annotations

import pytest

from tracker.text.document import Document
from tracker.text.read import read_markdown

#: The first lines of such a file, after its YAML front matter.
HEAD = (
    "United Nations A/RES/80/{number}\n\n"
    "General Assembly Distr.: General 5 December 2025\n\n"
    "Eightieth session Agenda item 90\n\n"
    "Resolution adopted by the General Assembly on 1 December 2025\n\n"
    "[on the report of the First Committee (A/80/534, para. 7)]\n\n"
)


def _read(number: int, text: str) -> Document:
    return read_markdown(HEAD.format(number=number) + text)


def test_notes_set_as_plain_numbered_paragraphs_are_notes() -> None:
    # A/RES/80/14: notes 1 to 3 stand between operative paragraphs 2 and 3 as `1 A/50/426,
    # annex.`; they were kept as the end of paragraph 2, and the marks cited nothing.
    doc = _read(
        14,
        "80/14. African Nuclear-Weapon-Free Zone Treaty\n\nThe General Assembly,\n\n"
        "Recalling also the signing of the African Nuclear-Weapon-Free Zone Treaty\n"
        "(Treaty of Pelindaba) in Cairo on 11 April 1996,1\n\n"
        "Recalling further the Cairo Declaration adopted on that occasion,2 in which it was "
        "emphasized that nuclear-weapon-free zones enhance global and regional peace,\n\n"
        "Recalling the statement made by the President of the Security Council on 12 April "
        "1996,3\n\n"
        "1. Recalls with satisfaction the entry into force of the Treaty on 15 July 2009;\n\n"
        "2. Calls upon African States that have not yet done so to sign and ratify the Treaty "
        "as soon as possible;\n\n"
        "1 A/50/426, annex.\n\n2 A/51/113-S/1996/276, annex.\n\n"
        "3 S/PRST/1996/17; see Resolutions and Decisions of the Security Council, 1996 "
        "(S/INF/52).\n\n"
        "3. Recalls the convening of the first Conference of States Parties to the Treaty, "
        "on 4 November 2010;\n\n"
        "52nd plenary meeting 1 December 2025\n",
    )
    assert doc.warnings == ()
    assert [p.label for p in doc.operative] == ["OP1", "OP2", "OP3"]
    assert doc.operative[1].text.endswith("as soon as possible;")
    assert [(f.mark, f.paragraph_label, f.text) for f in doc.footnotes] == [
        ("1", "PP1", "A/50/426, annex."),
        ("2", "PP2", "A/51/113-S/1996/276, annex."),
        ("3", "PP3", "S/PRST/1996/17; see Resolutions and Decisions of the Security Council, "
         "1996 (S/INF/52)."),
    ]  # fmt: skip


def test_sub_paragraphs_whose_letters_were_dropped_take_the_letters_due() -> None:
    # A/RES/80/11: paragraph 1's (a) to (d) and (b)'s (i) lost their letters, (ii) and (e)
    # kept theirs; paragraph 2 lists four sub-paragraphs, none lettered. They were all kept
    # as the end of their paragraph. The reader tells the co-facilitator which it lettered.
    doc = _read(
        11,
        "80/11. 2025 review of the United Nations peacebuilding architecture\n\n"
        "The General Assembly,\n\n"
        "Affirming that the 2025 review is aimed at enhancing peacebuilding activities,\n\n"
        "1. Reaffirms the mandate of the Peacebuilding Commission, and also reaffirms the need "
        "to strengthen its fulfilment by:\n\n"
        "Requesting the Peacebuilding Commission to establish an annual programme of work;\n\n"
        "Requesting the Peacebuilding Commission to serve as a platform to support Member "
        "States by:\n\n"
        "Assisting Member States in building their national capacities;\n\n"
        "(ii) Inviting international financial institutions to engage in relevant "
        "country-specific discussions;\n\n"
        "Taking note of the decision of the Security Council to consider referring countries "
        "to the Peacebuilding Commission;\n\n"
        "Requesting the Peacebuilding Commission to strengthen its impact;\n\n"
        "(e) Requesting the Peacebuilding Commission to continue serving as a platform;\n\n"
        "2. Recognizes the importance of the advisory role of the Commission, and in this "
        "regard:\n\n"
        "Decides to consider seeking strategic advice from the Peacebuilding Commission;\n\n"
        "May consider diverse formats of engagement, as appropriate;\n\n"
        "3. Encourages improved cooperation with the Economic and Social Council.\n\n"
        "26th plenary meeting 30 October 2025\n",
    )
    first, second, _ = doc.operative
    assert [s.label for s in first.subparagraphs] == ["(a)", "(b)", "(c)", "(d)", "(e)"]
    assert [s.label for s in first.subparagraphs[1].subparagraphs] == ["(i)", "(ii)"]
    assert first.subparagraphs[1].subparagraphs[0].text.startswith("Assisting Member States")
    assert first.tail == ""
    assert [s.label for s in second.subparagraphs] == ["(a)", "(b)"]
    assert [w.message for w in doc.warnings] == [
        "A sub-paragraph of OP1 has no letter; it was read as (a)",
        "A sub-paragraph of OP1 has no letter; it was read as (b)",
        "A sub-paragraph of OP1 has no letter; it was read as (b) (i)",
        "A sub-paragraph of OP1 has no letter; it was read as (c)",
        "A sub-paragraph of OP1 has no letter; it was read as (d)",
        "A sub-paragraph of OP2 has no letter; it was read as (a)",
        "A sub-paragraph of OP2 has no letter; it was read as (b)",
    ]


def test_a_line_that_goes_on_a_sentence_after_a_comma_is_no_paragraph_of_its_own() -> None:
    # A/RES/80/34: after paragraph 5's colon, the sub-paragraph that lost its letter breaks
    # its line after `in Sarmin,` and goes on in the next (`Syrian Arab Republic, on 16 March
    # 2015, ...;`), which is no paragraph of its own: in Markdown a single line break ends no
    # paragraph. A/RES/80/35 and 80/46 broke preambular paragraphs the same way. A line that
    # opens a paragraph (`Recalling also`) still starts one.
    doc = _read(
        34,
        "80/34. Implementation of the Chemical Weapons Convention\n\n"
        "The General Assembly,\n\n"
        "Recalling the First to Twenty-first Meetings of the States Parties to the Convention, "
        "held in Maputo (1999), Geneva (2000), Managua (2001), Geneva (2002), Bangkok (2003),\n"
        "Maputo (2014), Oslo (2019) and Siem Reap, Cambodia (2024),\n"
        "Recalling also the Fifth Review Conference of the States Parties to the Convention, "
        "at which the States Parties adopted a declaration and an action plan for 2025-2029,\n"
        "\n"
        "5. Also condemns the use of chemical weapons, as reported in the following reports:\n\n"
        "The reports of the Joint Investigative Mechanism of 24 August 2016, which concluded "
        "that the Syrian Arab Armed Forces were responsible for the attacks in Sarmin,\n"
        "Syrian Arab Republic, on 16 March 2015;\n\n"
        "6. Recognizes the secretive nature of the programme.\n",
    )
    assert [p.text[:30] for p in doc.preamble] == [
        "Recalling the First to Twenty-",
        "Recalling also the Fifth Revie",
    ]
    assert doc.preamble[0].text.endswith("Oslo (2019) and Siem Reap, Cambodia (2024),")
    condemns, _ = doc.operative
    (reports,) = condemns.subparagraphs
    assert reports.text.endswith("in Sarmin, Syrian Arab Republic, on 16 March 2015;")


def test_a_line_that_ends_without_closing_punctuation_goes_on_in_the_next() -> None:
    # A/RES/80/47: `... the Treaty on the South-East Asia Nuclear-Weapon-Free Zone` /
    # `(Bangkok Treaty) by implementing ...`; A/RES/80/61 breaks a preambular paragraph
    # before `(Caribbean Firearms Roadmap) and ...` the same way. Each rest was read as text
    # of its own.
    doc = _read(
        47,
        "80/47. Treaty on the South-East Asia Nuclear-Weapon-Free Zone\n\n"
        "The General Assembly,\n\n"
        "Recalling the applicable principles and rules of international law relating to the "
        "freedom of the high seas and the rights of innocent passage,\n\n"
        "1. Welcomes the commitment and efforts of the Commission for the South-East Asia "
        "Nuclear-Weapon-Free Zone to further enhance and strengthen the implementation of the "
        "Treaty on the South-East Asia Nuclear-Weapon-Free Zone\n"
        "(Bangkok Treaty) by implementing the Plan of Action;\n\n"
        "2. Encourages States to continue to work together.\n",
    )
    assert doc.warnings == ()
    assert doc.operative[0].text.endswith(
        "Nuclear-Weapon-Free Zone (Bangkok Treaty) by implementing the Plan of Action;"
    )


def test_a_title_cased_line_inside_a_paragraph_is_no_heading() -> None:
    # A/RES/80/63: `... the Code of Conduct concerning the Repression of Piracy,` / `Armed
    # Robbery against Ships and Illicit Maritime Activity in West and Central Africa` /
    # `(Yaoundé Code of Conduct), ...`: the middle line looks like a heading, but the
    # paragraph goes on under it. A heading stands apart: a blank line or a numbered
    # paragraph follows it.
    doc = _read(
        63,
        "80/63. Regional confidence-building measures\n\nThe General Assembly,\n\n"
        "Recalling also the Summit of Heads of State and Government on Maritime Safety and "
        "Security in the Gulf of Guinea, held in Yaoundé on 24 and 25 June 2013, which led to "
        "the adoption of the Code of Conduct concerning the Repression of Piracy,\n"
        "Armed Robbery against Ships and Illicit Maritime Activity in West and Central Africa\n"
        "(Yaoundé Code of Conduct), the tenth anniversary of which was celebrated in 2023,\n\n"
        "1. Reaffirms its support for efforts aimed at promoting confidence-building measures."
        "\n",
    )
    (recalling,) = doc.preamble
    assert recalling.text.endswith(
        "Repression of Piracy, Armed Robbery against Ships and Illicit Maritime Activity in West "
        "and Central Africa (Yaoundé Code of Conduct), the tenth anniversary of which was "
        "celebrated in 2023,"
    )
    assert doc.headings == ()


def test_an_annex_heading_joined_to_its_title_opens_the_annex() -> None:
    # A/RES/80/9: `Annex 2025 Political Declaration on ...` after the plenary meeting's line;
    # the declaration's paragraphs were read as the end matter.
    doc = _read(
        9,
        "80/9. 2025 Political Declaration on Trafficking in Persons\n\n"
        "The General Assembly\n\n"
        "Adopts the 2025 Political Declaration on Trafficking in Persons, annexed to the "
        "present resolution.\n\n"
        "48th plenary meeting 24 November 2025\n\n"
        "Annex 2025 Political Declaration on Trafficking in Persons\n\n"
        "1. We, the States Members of the United Nations, welcome the fifteenth anniversary "
        "of the Global Plan of Action;\n\n"
        "2. We recall our commitments to the 2030 Agenda for Sustainable Development.\n",
    )
    assert doc.annex is not None
    assert doc.annex.title == "2025 Political Declaration on Trafficking in Persons"
    assert [p.label for p in doc.annex.paragraphs] == ["Annex 1", "Annex 2"]
    assert doc.back_matter == "48th plenary meeting 24 November 2025"


def test_a_paragraph_cut_after_a_word_no_paragraph_ends_with_goes_on() -> None:
    # A/RES/80/6: paragraph 14 breaks at `issued by the` and goes on, after a blank line, with
    # `International Criminal Court, 7 and ...;8`; A/RES/80/22 and 80/45 break preambular
    # paragraphs the same way. The rest was kept as the end of the paragraph, or read as a
    # preambular paragraph of its own, and its two notes went uncited.
    doc = _read(
        6,
        "80/6. Report of the International Criminal Court\n\nThe General Assembly,\n\n"
        "Recalling the Relationship Agreement between the United Nations and the "
        "International Criminal Court,\n\n"
        "1. Welcomes the report of the Court;\n\n"
        "2. Recalls the guidance issued by the Secretary-General on contacts with persons who "
        "are the subject of arrest warrants or summonses issued by the\n\n"
        "International Criminal Court, 7  and in this regard takes note of the information "
        "included in the report of the Secretary-General;8\n\n"
        "3. Recalls the Relationship Agreement.\n\n"
        "[^7]: A/67/828-S/2013/210, annex.\n\n[^8]: A/80/344.\n",
    )
    assert doc.warnings == ()
    recalls = doc.operative[1]
    assert "summonses issued by the International Criminal Court, and in this regard" in (
        recalls.text
    )
    assert [f.paragraph_label for f in doc.footnotes] == ["OP2", "OP2"]


def test_a_number_far_past_the_last_notes_goes_on_that_note() -> None:
    # A/RES/80/10 and 80/70: the conversion read a note's second line, starting with a year
    # or a resolution's number, as a note of its own (`[^1994]: (United Nations publication,
    # ...)`), which nothing cites.
    doc = _read(
        70,
        "80/70. Comprehensive Nuclear-Test-Ban Treaty\n\nThe General Assembly,\n\n"
        "Recalling the relevant resolutions of the Security Council,1\n\n"
        "1. Stresses the importance of the Treaty.\n\n"
        "[^1]: Security Council resolutions 1718 (2006), 1874 (2009), 2087 (2013), 2094 (2013), "
        "2270 (2016),\n\n[^2321]: (2016) and 2375 (2017).\n",
    )
    assert doc.warnings == ()
    assert [(f.mark, f.text) for f in doc.footnotes] == [
        ("1", "Security Council resolutions 1718 (2006), 1874 (2009), 2087 (2013), "
         "2094 (2013), 2270 (2016), 2321 (2016) and 2375 (2017)."),
    ]  # fmt: skip


def test_a_conventions_name_wrapped_onto_a_line_of_its_own_goes_on() -> None:
    # A/RES/80/62: `... the Convention on the Prohibition of the Development, Production,` /
    # `Stockpiling and Use of Chemical Weapons and on Their Destruction 3  and the` / blank /
    # `implementation of ...`; A/RES/80/34 breaks after `Production,` the same way. The rest
    # of the name opens with a word in `-ing` after a comma, and ends on `and the`, so it was
    # read as a preambular paragraph of its own, with the notes it cites.
    doc = _read(
        62,
        "80/62. United Nations Regional Centre for Peace and Disarmament in Asia and the "
        "Pacific\n\nThe General Assembly,\n\n"
        "Taking note of the report of the Secretary-General, 1  and expressing its appreciation "
        "to the Regional Centre for its workshops on the full and universal implementation of "
        "the Convention on the Prohibition of the Development, Production and Stockpiling of "
        "Bacteriological (Biological) and Toxin Weapons and on Their Destruction[^2] and the "
        "Convention on the Prohibition of the Development, Production,\n"
        "Stockpiling and Use of Chemical Weapons and on Their Destruction 3  and the\n\n"
        "implementation of the Global Framework for Through-life Conventional Ammunition "
        "Management, 4 as well as preparations for the third Conference,\n\n"
        "Expressing its appreciation to the Regional Centre for its capacity-building "
        "training,\n\n"
        "1. Expresses its satisfaction at the activities carried out by the Regional Centre.\n\n"
        "[^1]: A/80/129.\n\n[^2]: United Nations, Treaty Series, vol. 1015, No. 14860.\n\n"
        "[^3]: Ibid., vol. 1974, No. 33757.\n\n[^4]: A/78/111, annex.\n",
    )
    assert [p.label for p in doc.preamble] == ["PP1", "PP2"]
    assert "Development, Production, Stockpiling and Use of Chemical Weapons" in (
        doc.preamble[0].text
    )
    assert doc.preamble[1].text.startswith("Expressing its appreciation")
    assert [f.paragraph_label for f in doc.footnotes] == ["PP1"] * 4


#: Paragraphs broken after a line left open, a blank line between, and what the break must not
#: split: A/RES/80/57, whose rest opens with a capitalised word in `s` (an operative paragraph
#: opens with one only as one of its verbs, `Decides`, `Requests`; A/RES/80/39 breaks `the
#: Final` / `Documents of the 2000 ...` the same way), and A/RES/80/8, whose line is shorter than
#: a paragraph set on one line usually is (it goes on a paragraph that opened as one does,
#: where a heading's line would not). Each rest was read as a paragraph of its own.
LINES_LEFT_OPEN = [
    (
        57,
        "80/57. Lethal autonomous weapons systems\n\nThe General Assembly,\n\n"
        "Welcoming the growing interest and sustained efforts on these issues, in particular "
        "through the ongoing and valuable work of the Group of Governmental Experts on "
        "Emerging Technologies in the Area of Lethal Autonomous Weapons\n\n"
        "Systems, established under the Convention on Prohibitions or Restrictions on the Use "
        "of Certain Conventional Weapons, and appreciating the substantial progress made in "
        "these discussions,\n\n"
        "Mindful of the importance of addressing artificial intelligence in the military "
        "domain,\n\n"
        "1. Requests the Secretary-General to seek the views of Member States.\n",
        "Lethal Autonomous Weapons Systems, established under the",
        "Mindful of the importance",
    ),
    (
        8,
        "80/8. Building a peaceful and better world through sport and the Olympic ideal\n\n"
        "The General Assembly,\n\n"
        "Recalling the importance of the meaningful engagement of local communities in the "
        "organization and implementation of the Olympic and Paralympic Winter\n\n"
        "Games, as a defining feature of Milano-Cortina 2026, in order to promote a strong "
        "sense of local ownership,\n\n"
        "Noting with appreciation the commitment of the Milano-Cortina 2026 Olympic and "
        "Paralympic Winter Games to advancing all three dimensions of sustainable development,"
        "\n\n1. Invites Member States to observe the Olympic Truce.\n",
        "Olympic and Paralympic Winter Games, as a defining feature",
        "Noting with appreciation",
    ),
]


@pytest.mark.parametrize(("number", "text", "joined", "next_opening"), LINES_LEFT_OPEN)
def test_a_line_left_open_goes_on_after_the_blank_line(
    number: int, text: str, joined: str, next_opening: str
) -> None:
    doc = _read(number, text)
    first, second = doc.preamble
    assert joined in first.text
    assert second.text.startswith(next_opening)
    assert [p.label for p in doc.operative] == ["OP1"]


def test_an_opening_word_before_a_comma_or_and_still_opens_a_paragraph() -> None:
    # The name rule reads a capitalised word after the opening word as a name's nouns; a
    # paragraph that goes on in lower case after a comma or `and` still opens on its own line.
    doc = _read(
        62,
        "80/62. Regional disarmament\n\nThe General Assembly,\n\n"
        "Recalling its resolutions on regional disarmament adopted in the past decade and "
        "their implementation by the States of the region concerned,\n"
        "Noting, in this regard, the proposals put forward at the regional and subregional "
        "levels,\n"
        "Recognizing and welcoming the efforts of the regional centres,\n\n"
        "1. Stresses that sustained efforts are needed.\n",
    )
    assert [p.text.split()[0] for p in doc.preamble] == ["Recalling", "Noting,", "Recognizing"]


def test_the_next_numbered_paragraph_run_on_in_a_line_stands_apart() -> None:
    # A/RES/80/9's annex: `5. We also reaffirm ... relevant to trafficking in persons.8 6. We
    # recall ... in the context of global migration.11 7. We also reaffirm ...` on one line
    # (A/RES/80/5's declaration runs on paragraphs 2 and 9 the same way). Paragraphs 6 and 7
    # were read into 5, with a warning that the numbering jumps, and their notes cited from 5.
    # A number the text cites that is not the next one stays text.
    doc = _read(
        9,
        "80/9. Political declaration on trafficking in persons\n\nThe General Assembly\n\n"
        "Adopts the political declaration annexed to the present resolution.\n\n"
        "48th plenary meeting 24 November 2025\n\nAnnex\n\nPolitical declaration\n\n"
        "5. We also reaffirm the importance of implementation of the Convention on the Rights "
        "of the Child 7 and its optional protocols relevant to trafficking in persons.8 6. We "
        "recall the Global Compact for Safe, Orderly and Regular Migration, as set out in "
        "paragraph 4. 9. Nothing in it is new, in the context of global migration.11 7. We "
        "also reaffirm our recognition of the definition of trafficking in persons.\n\n"
        "8. We reiterate our strong condemnation of trafficking in persons.\n\n"
        "[^7]: Ibid., vol. 1577, No. 27531.\n\n[^8]: Ibid., vols. 2171 and 2173, No. 27531.\n\n"
        "[^11]: CEDAW/C/GC/38.\n",
    )
    assert doc.annex is not None
    assert [p.label for p in doc.annex.paragraphs] == ["Annex 5", "Annex 6", "Annex 7", "Annex 8"]
    recall = doc.annex.paragraphs[1]
    assert recall.text.startswith("We recall the Global Compact")
    assert "paragraph 4. 9. Nothing in it is new" in recall.text
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [
        ("7", "Annex 5"),
        ("8", "Annex 5"),
        ("11", "Annex 6"),
    ]
    assert [w.message for w in doc.warnings] == ["The first annex paragraph is numbered 5, not 1"]


def test_a_heading_run_on_with_the_next_numbered_paragraph_stands_apart() -> None:
    # A/RES/80/3's annex (the Awaza declaration): `I.` / `Global context and shared
    # commitments 3. We gather ...`, `... the Pact for the Future. 16 9. We note ...`, and
    # `II. Implementation of the Awaza Programme of Action ... 2024-2034 13. We strongly
    # commit ...`. Paragraphs 3, 9 and 13 and both headings were read into the paragraph
    # before, and the text had no headings.
    doc = _read(
        3,
        "80/3. Awaza Political Declaration\n\nThe General Assembly\n\n"
        "Adopts the Awaza Political Declaration annexed to the present resolution.\n\n"
        "48th plenary meeting 24 November 2025\n\nAnnex\n\nAwaza Political Declaration\n\n"
        "2. We welcome the Awaza Programme of Action for Landlocked Developing Countries.\n\n"
        "I.\nGlobal context and shared commitments 3. We gather at a critical juncture marked "
        "by overlapping global challenges.\n"
        "8. We welcome the outcome document, as well as the relevant commitments in the Pact "
        "for the Future. 16 9. We note the interest and commitment of transit countries.\n"
        "12. We further welcome the convening of the fifteenth meeting of the Conference.\n\n"
        "II. Implementation of the Awaza Programme of Action for Landlocked Developing "
        "Countries for the Decade 2024\u20132034 13. We strongly commit ourselves to its full "
        "implementation.\n\n[^16]: Resolution 79/1.\n",
    )
    assert doc.annex is not None
    paragraphs = doc.annex.paragraphs
    assert [p.number for p in paragraphs] == ["2", "3", "8", "9", "12", "13"]
    assert [p.text.split(".")[0] for p in paragraphs][1:4] == [
        "We gather at a critical juncture marked by overlapping global challenges",
        "We welcome the outcome document, as well as the relevant commitments in the Pact for "
        "the Future",
        "We note the interest and commitment of transit countries",
    ]
    assert [(h.printed, h.before) for h in doc.headings] == [
        ("I. Global context and shared commitments", paragraphs[1].label),
        (
            "II. Implementation of the Awaza Programme of Action for Landlocked Developing "
            "Countries for the Decade 2024\u20132034",
            paragraphs[5].label,
        ),
    ]
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("16", paragraphs[2].label)]


def test_a_line_end_hyphen_the_conversion_spaced_is_closed_up() -> None:
    # A/RES/80/63 and 80/14: the conversion joined `Secretary-` / `General` and `Nuclear-` /
    # `Weapon-Free` with a space, so the text read `Secretary- General`, and a revision
    # that prints the word whole showed a change where there was none. A compound left hanging
    # for the next one keeps its space (A/RES/80/232: `the cost- and time-effective`).
    doc = _read(
        63,
        "80/63. Regional confidence-building measures\n\nThe General Assembly,\n\n"
        "Recalling the African Nuclear- Weapon-Free Zone Treaty and the cost- and "
        "time-effective resolution of the remaining cases,\n\n"
        "1. Requests the Secretary- General to convene the review conference of the Kinshasa "
        "Convention, with short- or long-term support;\n",
    )
    assert [p.text for p in doc.paragraphs] == [
        "Recalling the African Nuclear-Weapon-Free Zone Treaty and the cost- and "
        "time-effective resolution of the remaining cases,",
        "Requests the Secretary-General to convene the review conference of the Kinshasa "
        "Convention, with short- or long-term support;",
    ]


def test_a_one_word_heading_that_opens_like_a_paragraph_stands_apart() -> None:
    # A/RES/80/226's annex, as its text export writes it (one blank line between blocks):
    # `Sentencing`, a heading that opens as a preambular paragraph does, was joined to the
    # boxed strategy under it and read as the end of paragraph 23, with a warning, so a text
    # exported and read again had lost a heading and a paragraph.
    doc = _read(
        226,
        "80/226. Reducing reoffending\n\nThe General Assembly,\n\n"
        "1. Adopts the model strategies annexed to the present resolution.\n\n"
        "48th plenary meeting 1 December 2025\n\nAnnex\n\nModel strategies\n\n"
        "C. Rehabilitation in the community and non-custodial measures\n\n"
        "Pretrial detention\n\n"
        "23. Pretrial detainees should be provided with access to a legal adviser.\n\n"
        "Sentencing\n\n"
        "Model strategy No. 4 States should include the use of non-custodial measures in "
        "their sentencing, whenever appropriate, including for repeat offenders.\n\n"
        "24. Preventing reoffending should be recognized as one of the formal objectives of "
        "sentencing.\n",
    )
    assert doc.annex is not None
    paragraphs = doc.annex.paragraphs
    assert [p.text[:30] for p in paragraphs] == [
        "Pretrial detainees should be p",
        "Model strategy No. 4 States sh",
        "Preventing reoffending should ",
    ]
    assert paragraphs[0].tail == ""
    assert [(h.text, h.before) for h in doc.headings][-1] == ("Sentencing", paragraphs[1].label)
    assert [w.message for w in doc.warnings] == ["The first annex paragraph is numbered 23, not 1"]
