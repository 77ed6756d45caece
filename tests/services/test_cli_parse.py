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
