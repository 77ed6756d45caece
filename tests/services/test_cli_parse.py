"""`flask parse`: the outline by default, the documented JSON with --json."""

from __future__ import annotations

import json

from tests.conftest import FIXTURES


def test_parse_prints_an_outline_and_the_json_has_the_new_fields(app) -> None:
    runner = app.test_cli_runner()
    path = FIXTURES / "corpus" / "docs" / "A_C.2_80_L.42.txt"
    result = runner.invoke(args=["parse", str(path)])
    assert result.exit_code == 0, result.output
    assert "§      I. General principles for the safety of products on the market" in result.output
    result = runner.invoke(args=["parse", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["sponsors"] == []
    assert data["headings"][0] == {
        "text": "General principles for the safety of products on the market",
        "number": "I",
        "before": "Annex 1",
        "part": "annex",
        "footnotes": [],
    }
    assert len(data["annex"]["paragraphs"]) == 38
    assert data["parts"] == [] and data["link"] == ""
    assert {"label", "kind", "text", "section"} <= set(data["paragraphs"][0])
    assert data["sponsor_note"] is None


def test_the_json_names_the_note_on_the_list_of_sponsors(app) -> None:
    path = FIXTURES / "corpus" / "docs" / "A_80_L.1.txt"
    result = app.test_cli_runner().invoke(args=["parse", str(path), "--json"])
    data = json.loads(result.output)
    assert data["sponsors"][-1] == "State of Palestine"
    assert data["sponsor_note"]["mark"] == "**"  # `*` is the agenda item's note
    assert data["sponsor_note"]["text"].startswith("Any changes to the list of sponsors")


def test_the_json_gives_a_paragraphs_end_with_its_lines_and_notes(app) -> None:
    # A/C.5/80/L.22: the documents a decision defers end its one paragraph, each with a note.
    path = FIXTURES / "corpus" / "docs" / "A_C.5_80_L.22.txt"
    result = app.test_cli_runner().invoke(args=["parse", str(path), "--json"])
    assert result.exit_code == 0, result.output
    (decision,) = json.loads(result.output)["paragraphs"]
    assert decision["tail"].split("\n") == [
        "Item 136",
        "Proposed programme budget for 2026",
        "Estimates in respect of special political missions",
        "Report of the Secretary-General on the review of arrangements for funding and "
        "backstopping special political missions",
        "Related report of the Advisory Committee on Administrative and Budgetary Questions",
    ]
    assert decision["tail_footnotes"] == ["1", "2"]
    assert decision["subparagraphs"] == [] and decision["footnotes"] == []
