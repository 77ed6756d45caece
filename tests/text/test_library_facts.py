"""What the library records of an adopted text: its title and the day it was adopted, read from
the text and from a catalogue's front matter, each where it says more."""

from __future__ import annotations

from datetime import date

from tests.conftest import STARTER_LIBRARY
from tracker.text.library import split_front_matter, text_facts
from tracker.text.read import read_markdown


def _facts(name: str):
    fields, body = split_front_matter((STARTER_LIBRARY / name).read_text(encoding="utf-8"))
    document = read_markdown(body)
    facts = text_facts(
        symbol="", title=document.title, front_matter=fields, document_front=document.front_matter
    )
    return document, fields, facts


def test_a_title_cut_at_its_first_line_is_taken_whole_from_the_catalogue():
    # The text prints `80/16. Open-ended working group on security of and in the use of`: its
    # second line was lost; the catalogue's title goes on from the same words.
    document, _, facts = _facts("A_RES_80_16.md")
    assert document.title.endswith("in the use of")
    assert facts.title == (
        "Open-ended Working Group on Security of and in the Use of Information and "
        "Communications Technologies 2021-2025 established pursuant to General Assembly "
        "resolution 75/240"
    )
    # A catalogue's subtitle is set apart as the text sets it.
    assert _facts("A_RES_80_2.md")[2].title.endswith(
        "the United Nations: requests under Article 19 of the Charter"
    )


def test_the_texts_own_title_stands_when_the_catalogue_names_another():
    # The catalogue's entry for 80/52 carries the title of another resolution.
    _, fields, facts = _facts("A_RES_80_52.md")
    assert "Bangkok Treaty" in fields["title"]
    assert facts.title == "Implementation of the Convention on Cluster Munitions"


def test_the_date_is_the_day_of_adoption_by_which_a_resolution_is_cited():
    # Adopted on 1 December 2025 (`resolution 80/16 of 1 December 2025`); the catalogue gives
    # the day it was issued.
    _, fields, facts = _facts("A_RES_80_16.md")
    assert fields["date"] == "2025-12-05"
    assert facts.date == date(2025, 12, 1)


def test_the_catalogues_date_serves_when_the_text_names_no_day_of_adoption():
    facts = text_facts(
        symbol="A/RES/80/99",
        title="A title",
        front_matter={"date": "2025-12-05"},
        document_front="United Nations\nGeneral Assembly\nDistr.: General\n9 December 2025",
    )
    assert facts.date == date(2025, 12, 5)
