"""The `flask` commands: every one registered, each reading files or stored revisions as the web
does and saying plainly what went wrong."""

from __future__ import annotations

import json

from tests.conftest import FIXTURES, PASSWORD
from tracker.models import Role

ZERO = str(FIXTURES / "zero-draft-2021-hlm-modalities.txt")
REV1 = str(FIXTURES / "align-zero-draft-rev1.txt")


def test_every_command_and_group_is_registered(app):
    names = set(app.cli.list_commands(None))
    assert {"init-db", "create-user", "demo", "parse", "compare", "export"} <= names
    assert "import-negotiation" in names
    export = app.cli.get_command(None, "export")
    assert set(export.list_commands(None)) == {"clean", "compare", "comments", "archive"}


def test_parse_prints_the_structure_of_a_file(app):
    result = app.test_cli_runner().invoke(args=["parse", ZERO])
    assert result.exit_code == 0, result.output
    assert " PP, " in result.output and " OP, " in result.output
    missing = app.test_cli_runner().invoke(args=["parse", "/nonexistent.txt"])
    assert missing.exit_code != 0 and "no such file" in missing.output


def test_parse_names_who_submits_a_draft_no_delegation_sponsors(app):
    # A/C.5/80/L.22, `Draft decision submitted by the Chair`: the reader kept the line, but
    # neither the outline nor the documented JSON said who submitted the draft.
    draft = str(FIXTURES / "corpus" / "docs" / "A_C.5_80_L.22.txt")
    outline = app.test_cli_runner().invoke(args=["parse", draft])
    assert "submitted by the Chair" in outline.output
    as_json = app.test_cli_runner().invoke(args=["parse", "--json", draft])
    parsed = json.loads(as_json.output)
    assert (parsed["submitted_by"], parsed["sponsors"]) == ("the Chair", [])
    assert (parsed["kind"], parsed["subkind"]) == ("decision", None)
    sponsored = app.test_cli_runner().invoke(args=["parse", "--json", ZERO])
    assert json.loads(sponsored.output)["submitted_by"] is None


def test_parse_says_what_kind_of_text_it_read(app):
    # A draft, a draft decision, an amendment and an adopted resolution of the corpus, as the
    # corpus's truth names them (`kind`, `subkind`).
    corpus = FIXTURES / "corpus" / "docs"
    expected = {
        "A_80_L.12.txt": ("draft", None),
        "A_80_L.1.txt": ("decision", None),
        "A_C.3_80_L.61.txt": ("draft", "amendment"),
        "A_RES_80_73.txt": ("resolution", None),
    }
    for name, kind in expected.items():
        result = app.test_cli_runner().invoke(args=["parse", "--json", str(corpus / name)])
        parsed = json.loads(result.output)
        assert (parsed["kind"], parsed["subkind"]) == kind, name


def test_compare_pairs_two_files(app):
    result = app.test_cli_runner().invoke(args=["compare", ZERO, REV1])
    assert result.exit_code == 0, result.output
    assert " -> " in result.output


def test_export_clean_writes_the_format_the_name_asks_for(app, tmp_path):
    out = tmp_path / "clean.txt"
    result = app.test_cli_runner().invoke(args=["export", "clean", ZERO, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "The General Assembly" in out.read_text(encoding="utf-8")
    wrong = app.test_cli_runner().invoke(
        args=["export", "clean", ZERO, "-o", str(tmp_path / "clean.pdf")]
    )
    assert wrong.exit_code != 0 and "must end in .docx, .txt, .md, .xml" in wrong.output


def test_create_user_offers_the_roles_of_the_enum(app):
    runner = app.test_cli_runner()
    args = ["create-user", "--email", "new@example.org", "--name", "New", "--password", PASSWORD]
    wrong = runner.invoke(args=[*args, "--role", "president"])
    assert wrong.exit_code != 0
    assert all(role.value in wrong.output for role in Role)
    result = runner.invoke(args=[*args, "--role", Role.SECRETARIAT.value])
    assert result.exit_code == 0, result.output
    assert "Created secretariat new@example.org." in result.output
