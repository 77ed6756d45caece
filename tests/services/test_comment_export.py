"""Comments as spreadsheets: one row per comment with where its paragraph now stands, the same
visibility as in the app, filters, accents intact and no cell a spreadsheet would run."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.services.test_archive import build_negotiation
from tracker.extensions import db
from tracker.models import AuditEvent
from tracker.services import Invalid
from tracker.services.comment_export import (
    COLUMNS,
    CommentFilters,
    comments_csv,
    export_comments,
    neutralise_formula,
    parse_filters,
)


def link(comment) -> str:
    return f"https://tracker.example/negotiations/{comment.negotiation_id}/comments/{comment.id}"


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def read_xlsx(data: bytes) -> list[dict[str, object]]:
    sheet = load_workbook(io.BytesIO(data)).active
    header = [str(cell.value) for cell in sheet[1]]
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)]


def export(user, negotiation, fmt="csv", **filters) -> list[dict]:
    file = export_comments(user, negotiation.id, fmt, parse_filters(**filters), link_for=link)
    return read_csv(file.data) if fmt == "csv" else read_xlsx(file.data)


def test_a_row_per_comment_with_the_paragraph_then_and_now(cast):
    built = build_negotiation(cast)
    rows = {int(row["Comment"]): row for row in export(cast.cofac_a, built.negotiation)}
    assert list(rows) == sorted(rows) and len(rows) == 5
    amend = rows[built.amend.id]
    assert amend["Revision"] == "Zero draft"
    assert amend["Made on paragraph"] == "OP3"
    assert amend["Current paragraph"] == "Rev.1 OP4"  # carried forward past the new OP3
    assert amend["Delegation"] == "Mexico" and amend["On behalf of"] == "Mexico"
    assert amend["Joined by"] == "Chile; Côte d'Ivoire"  # Türkiye left again
    assert amend["Kind"] == "Proposal to amend"
    assert amend["Text"] == "Live webcasting reaches capitals and civil society."
    assert "webcast live" in amend["Proposed text"]
    assert amend["Status"] == "Reflected in Rev.1"
    assert amend["Facilitators' reply"] == "Reflected in OP4."
    assert amend["Link"] == link(built.amend)
    assert amend["Withdrawn (UTC)"] == ""
    group = rows[built.whole_text.id]
    assert (group["Delegation"], group["On behalf of"]) == ("Mexico", "Group of 77 and China")
    assert group["Made on paragraph"] == group["Current paragraph"] == "Whole text"
    assert rows[built.private.id]["Visibility"] == "Co-facilitators only"
    withdrawn = [row for row in rows.values() if row["Withdrawn (UTC)"]]
    assert [row["Delegation"] for row in withdrawn] == ["Côte d'Ivoire"]


def test_a_delegate_exports_only_what_they_see_in_the_app(cast):
    built = build_negotiation(cast)
    mexico = {int(row["Comment"]) for row in export(cast.delegate_a, built.negotiation)}
    chile = {int(row["Comment"]) for row in export(cast.delegate_b, built.negotiation)}
    other_facilitator = {int(r["Comment"]) for r in export(cast.cofac_b, built.negotiation)}
    secretariat = {int(r["Comment"]) for r in export(cast.secretariat, built.negotiation, "xlsx")}
    assert built.private.id not in mexico  # Chile's note to the co-facilitators
    assert built.private.id not in other_facilitator  # co-facilitates another negotiation
    assert built.private.id in chile and built.private.id in secretariat
    assert mexico == secretariat - {built.private.id}


def test_filters_by_round_paragraph_delegation_and_status(cast):
    built = build_negotiation(cast)
    negotiation, user = built.negotiation, cast.cofac_a
    round_id = built.amend.round_id
    assert round_id is not None

    def ids(**filters) -> set[int]:
        return {int(row["Comment"]) for row in export(user, negotiation, **filters)}

    assert ids(round_id=round_id) == ids()  # every comment was made in the first round
    assert ids(paragraph="OP4") == {built.amend.id}  # today's OP4 was OP3 of the zero draft
    assert ids(paragraph="op 4") == {built.amend.id}
    assert ids(paragraph=str(built.amend.lineage_id)) == {built.amend.id}
    assert ids(delegation="CHL") == {built.private.id}
    assert ids(delegation="g77") == {built.whole_text.id}
    assert ids(delegation="MEX") == {built.amend.id, built.whole_text.id}
    assert ids(delegation="TUR") == {built.new_after.id}
    assert ids(status="not_retained") == {built.new_after.id}
    assert ids(status="reflected", delegation="MEX") == {built.amend.id}
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export.comments"))
    last = list(events)[-1]
    assert last.details == {
        "format": "csv",
        "count": 1,
        "delegation": "MEX",
        "status": "reflected",
    }


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"round_id": "first"}, "round: “first” is not a round number"),
        ({"round_id": 99999}, "round: this negotiation has no round 99999"),
        ({"paragraph": "OP99"}, "paragraph: Rev.1 has no paragraph OP99"),
        ({"delegation": "ATLANTIS"}, "delegation: there is no delegation with the code ATLANTIS"),
        ({"status": "approved"}, "status: “approved” is not a triage status; choose one of open"),
    ],
)
def test_a_bad_filter_says_which_and_why(cast, filters, message):
    built = build_negotiation(cast)
    with pytest.raises(Invalid) as caught:
        export(cast.cofac_a, built.negotiation, **filters)
    assert message in caught.value.message


def test_no_cell_starts_a_formula_in_csv_or_xlsx(cast):
    built = build_negotiation(cast)
    rows = {int(row["Comment"]): row for row in export(cast.cofac_a, built.negotiation)}
    assert rows[built.private.id]["Text"].startswith("'=HYPERLINK(")
    assert rows[built.new_after.id]["Proposed text"].startswith("'+ Türkiye proposes")
    assert rows[built.new_after.id]["Text"] == "'-- see the statement of Côte d'Ivoire"
    for row in rows.values():
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value
    file = export_comments(
        cast.cofac_a, built.negotiation.id, "xlsx", CommentFilters(), link_for=link
    )
    sheet = load_workbook(io.BytesIO(file.data)).active
    texts = {row[0].value: row[8] for row in sheet.iter_rows(min_row=2)}
    cell = texts[built.private.id]
    # The cell keeps the delegate's words exactly, stored as text, never as a formula.
    assert cell.value == built.private.body and cell.data_type == "s"
    assert neutralise_formula("@SUM(A1)") == "'@SUM(A1)" and neutralise_formula("ok") == "ok"


def test_the_workbook_has_a_bold_frozen_filtered_header_and_sized_columns(cast):
    built = build_negotiation(cast)
    file = export_comments(
        cast.secretariat, built.negotiation.id, "xlsx", CommentFilters(), link_for=link
    )
    assert re.fullmatch(r"negotiation-a-comments-\d{4}-\d\d-\d\d\.xlsx", file.filename)
    sheet = load_workbook(io.BytesIO(file.data)).active
    assert [cell.value for cell in sheet[1]] == list(COLUMNS)
    # Printed across the page, the heading and each comment's number on every page.
    assert sheet.page_setup.orientation == "landscape"
    assert (sheet.print_title_rows, sheet.print_title_cols) == ("$1:$1", "$A:$A")
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:R6"
    assert sheet.column_dimensions["I"].width == COLUMNS["Text"]
    link_cell = sheet.cell(row=2, column=len(COLUMNS))
    assert link_cell.hyperlink.target == link_cell.value
    created = sheet.cell(row=2, column=list(COLUMNS).index("Created (UTC)") + 1).value
    assert isinstance(created, datetime) and created.year >= 2024  # a date Excel can sort
    names = {row[4] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {"Côte d'Ivoire", "Türkiye"} <= names


def test_the_command_line_export_has_every_comment_and_writes_both_formats(app, cast, tmp_path):
    built = build_negotiation(cast)
    runner = app.test_cli_runner()
    out = tmp_path / "comments.csv"
    args = ["export", "comments", str(built.negotiation.id), "-o", str(out)]
    result = runner.invoke(args=[*args, "--delegation", "CHL", "--base-url", "https://ga.example"])
    assert result.exit_code == 0, result.output
    [row] = read_csv(out.read_bytes())
    assert int(row["Comment"]) == built.private.id
    assert row["Link"] == (
        f"https://ga.example/negotiations/{built.negotiation.id}/comments/{built.private.id}"
    )
    xlsx = tmp_path / "comments.xlsx"
    result = runner.invoke(args=["export", "comments", str(built.negotiation.id), "-o", str(xlsx)])
    assert result.exit_code == 0, result.output
    assert len(read_xlsx(xlsx.read_bytes())) == 5
    result = runner.invoke(args=[*args, "--status", "approved"])
    assert result.exit_code != 0 and "'approved' is not one of 'open'" in result.output
    result = runner.invoke(args=["export", "comments", "99999", "-o", str(out)])
    assert result.exit_code != 0 and "no negotiation 99999" in result.output
    result = runner.invoke(args=["export", "comments", "1", "-o", str(tmp_path / "c.pdf")])
    assert result.exit_code != 0 and "must end in .csv, .xlsx" in result.output


def test_an_empty_export_still_has_its_header(cast):
    assert read_csv(comments_csv([])) == []
    file = export_comments(None, cast.negotiation_b.id, "csv", CommentFilters(), link_for=link)
    assert file.data.decode("utf-8-sig").splitlines() == [",".join(COLUMNS)]


def test_a_long_title_is_cut_at_a_word_in_the_file_name_and_the_day_is_given():
    from tracker.services.exports import snapshot_name

    title = "Promoting care and support systems for social development and the rights of carers"
    name = snapshot_name(title, "comments")
    assert re.fullmatch(
        r"promoting-care-and-support-systems-for-social-development-and-the-comments-"
        r"\d{4}-\d\d-\d\d",
        name,
    ), name
