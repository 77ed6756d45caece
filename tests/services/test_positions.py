"""Positions at a glance: each delegation's stance per paragraph, following lineage into the
current text, without revealing what a reader may not see."""

from __future__ import annotations

import re

import pytest

from tests.conftest import designate, fixture_bytes, make_user, one, publish
from tracker.models import Delegation
from tracker.services import NotFound, triage
from tracker.services import comments as comment_service
from tracker.services.positions import Position, export_positions, positions_matrix

ZERO = "zero-draft-2021-hlm-modalities.txt"


def top(revision, label: str):
    return next(p for p in revision.paragraphs if p.label == label and p.parent_id is None)


def rev1_with_new_op3() -> bytes:
    """The zero draft with a new OP3, so the old OP3 becomes OP4."""
    lines = fixture_bytes(ZERO).decode("utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("3. *Also decides*"))
    for i in range(start, len(lines)):
        lines[i] = re.sub(r"^(\d+)\. ", lambda m: f"{int(m.group(1)) + 1}. ", lines[i])
    lines.insert(start, "3. *Welcomes* the contributions of Member States to the preparations;")
    return "\n".join(lines).encode("utf-8")


def cell(matrix, label: str, code: str):
    row = next(r for r in matrix.rows if r.paragraph.path == label)
    column = [d.code for d in matrix.columns].index(code)
    return row.cells[column]


@pytest.fixture
def zero(cast):
    return publish(cast.cofac_a, cast.negotiation_a, ZERO)


def say(user, revision, label: str, kind: str, **extra):
    paragraph = top(revision, label)
    if kind == "amend":
        extra.setdefault("proposed_text", paragraph.text + " and beyond")
    return comment_service.create_comment(
        user, revision, paragraph=paragraph, kind=kind, body=extra.pop("body", "Why?"), **extra
    )


def test_positions_follow_the_paragraph_into_the_current_text(cast, zero):
    amendment = say(cast.delegate_a, zero, "OP3", "amend")
    comment_service.join_comment(cast.delegate_b, amendment)
    say(cast.delegate_b, zero, "OP1", "reservation", body="We reserve our position.")
    say(cast.delegate_a, zero, "OP1", "question")
    say(cast.delegate_a, zero, "OP1", "retain")
    publish(cast.cofac_a, cast.negotiation_a, ZERO, data=rev1_with_new_op3())
    matrix = positions_matrix(cast.delegate_a, cast.negotiation_a.id)
    assert matrix.revision.label == "Rev.1"
    assert [d.code for d in matrix.columns] == ["CHL", "MEX"]
    assert cell(matrix, "OP4", "MEX").positions == [Position.PROPOSED_CHANGE]
    # Chile joined Mexico's proposal: it proposes the change too.
    assert cell(matrix, "OP4", "CHL").positions == [Position.PROPOSED_CHANGE]
    assert cell(matrix, "OP3", "MEX").text == "No comment"
    assert cell(matrix, "OP1", "CHL").text == "Reservation"
    assert cell(matrix, "OP1", "MEX").positions == [Position.SUPPORTS, Position.REMARK]
    assert [r.paragraph.path for r in matrix.rows][:3] == [
        p.path for p in matrix.revision.paragraphs
    ][:3]
    assert matrix.count(Position.SUPPORTS) == 1
    assert matrix.count(Position.PROPOSED_CHANGE) == 2


def test_a_delegate_never_sees_another_delegations_facilitator_only_comment(cast, zero):
    say(cast.delegate_a, zero, "OP2", "amend", visibility="facilitators")
    chile = positions_matrix(cast.delegate_b, cast.negotiation_a.id)
    assert chile.columns == []
    assert all(not c.positions for row in chile.rows for c in row.cells)
    mexico = positions_matrix(cast.delegate_a, cast.negotiation_a.id)
    assert cell(mexico, "OP2", "MEX").positions == [Position.PROPOSED_CHANGE]
    cofac = positions_matrix(cast.cofac_a, cast.negotiation_a.id)
    assert cell(cofac, "OP2", "MEX").positions == [Position.PROPOSED_CHANGE]


def test_withdrawn_comments_and_left_joins_count_for_nothing(cast, zero):
    comment = say(cast.delegate_a, zero, "OP2", "delete")
    comment_service.join_comment(cast.delegate_b, comment)
    comment_service.leave_comment(cast.delegate_b, comment)
    comment_service.withdraw_comment(cast.delegate_a, comment)
    assert positions_matrix(cast.cofac_a, cast.negotiation_a.id).columns == []


def test_group_filter_shows_every_member_and_the_group_itself(cast, zero):
    designate(cast, "G77", "MEX")
    g77 = one(Delegation, code="G77")
    say(cast.delegate_a, zero, "OP2", "amend", on_behalf_of=g77.id)
    make_user("norway@example.org", "delegate", "NOR")
    matrix = positions_matrix(cast.delegate_b, cast.negotiation_a.id, "G77")
    codes = [d.code for d in matrix.columns]
    assert codes[0] == "G77" and "MEX" in codes and "CHL" in codes and "NOR" not in codes
    assert len(codes) > 100
    assert cell(matrix, "OP2", "G77").positions == [Position.PROPOSED_CHANGE]
    assert cell(matrix, "OP2", "MEX").text == "No comment"
    with pytest.raises(NotFound, match="XYZ"):
        positions_matrix(cast.delegate_b, cast.negotiation_a.id, "XYZ")
    with pytest.raises(NotFound):
        positions_matrix(cast.delegate_b, cast.negotiation_a.id, "MEX")


def test_a_negotiation_without_a_text_has_an_empty_matrix(cast):
    matrix = positions_matrix(cast.delegate_a, cast.negotiation_b.id)
    assert matrix.revision is None and matrix.rows == []


def test_triaged_proposals_are_settled_not_counted_as_open_positions(cast, zero):
    reflected = say(cast.delegate_a, zero, "OP3", "amend")
    comment_service.join_comment(cast.delegate_b, reflected)
    dropped = say(cast.delegate_b, zero, "OP5", "amend")
    still_open = say(cast.delegate_a, zero, "OP5", "reservation", body="We reserve.")
    triage.triage_comment(cast.cofac_a, reflected, status="reflected", version=reflected.version)
    triage.triage_comment(cast.cofac_a, dropped, status="not_retained", version=dropped.version)
    publish(cast.cofac_a, cast.negotiation_a, ZERO, data=rev1_with_new_op3())

    matrix = positions_matrix(cast.cofac_a, cast.negotiation_a.id)
    mexico_op4 = cell(matrix, "OP4", "MEX")
    assert mexico_op4.positions == [] and mexico_op4.settled_only
    assert mexico_op4.text == "Settled: Proposed change: reflected in Rev.1"
    assert cell(matrix, "OP4", "CHL").text == "Settled: Proposed change: reflected in Rev.1"
    assert cell(matrix, "OP6", "CHL").text == "Settled: Proposed change: not retained"
    assert cell(matrix, "OP6", "MEX").positions == [Position.RESERVATION]
    assert still_open.id in cell(matrix, "OP6", "MEX").comment_ids
    assert matrix.count(Position.PROPOSED_CHANGE) == 0
    assert matrix.count(Position.SUPPORTS) == 0
    assert matrix.count(Position.RESERVATION) == 1
    assert matrix.settled_count == 3

    hidden = positions_matrix(cast.cofac_a, cast.negotiation_a.id, show_settled=False)
    assert cell(hidden, "OP4", "MEX").text == "No comment"
    assert cell(hidden, "OP6", "MEX").text == "Reservation"
    assert hidden.settled_count == 3 and hidden.count(Position.PROPOSED_CHANGE) == 0


def test_a_proposal_triaged_open_again_is_an_open_position_again(cast, zero):
    proposal = say(cast.delegate_a, zero, "OP2", "delete")
    triage.triage_comment(cast.cofac_a, proposal, status="noted", version=proposal.version)
    assert cell(positions_matrix(cast.cofac_a, cast.negotiation_a.id), "OP2", "MEX").settled
    triage.triage_comment(cast.cofac_a, proposal, status="open", version=proposal.version)
    again = cell(positions_matrix(cast.cofac_a, cast.negotiation_a.id), "OP2", "MEX")
    assert again.positions == [Position.DELETION] and again.settled == []


def test_a_proposal_to_delete_and_those_joining_it_want_the_paragraph_deleted(cast, zero):
    """Not "proposed change", and never "supports", which read as keeping the paragraph."""
    proposal = say(cast.delegate_a, zero, "OP2", "delete")
    comment_service.join_comment(cast.delegate_b, proposal)
    say(cast.delegate_b, zero, "OP3", "retain")
    matrix = positions_matrix(cast.cofac_a, cast.negotiation_a.id)
    assert cell(matrix, "OP2", "MEX").text == "Wants it deleted"
    assert cell(matrix, "OP2", "CHL").text == "Wants it deleted"
    assert cell(matrix, "OP3", "CHL").text == "Supports it as it stands"
    assert matrix.count(Position.DELETION) == 2 and matrix.count(Position.SUPPORTS) == 1


def _workbook(export):
    from io import BytesIO

    from openpyxl import load_workbook

    return load_workbook(BytesIO(export.data))


def _link(paragraph) -> str:
    return f"https://tracker.example/paragraphs/{paragraph.id}"


def test_the_spreadsheet_holds_the_matrix_the_reader_sees_in_words(cast, zero):
    say(cast.delegate_a, zero, "OP3", "amend")
    say(cast.delegate_b, zero, "OP1", "reservation", body="We reserve our position.")
    say(cast.delegate_b, zero, "OP2", "amend", visibility="facilitators")
    dropped = say(cast.delegate_a, zero, "OP5", "delete")
    triage.triage_comment(cast.cofac_a, dropped, status="not_retained", version=dropped.version)

    export = export_positions(cast.cofac_a, cast.negotiation_a.id, link_for=_link)
    assert re.fullmatch(
        r"negotiation-a-positions-zero-draft-\d{4}-\d\d-\d\d\.xlsx", export.filename
    )
    sheet = _workbook(export)["Positions"]
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["Paragraph", "Text of Zero draft"]
    mexico, chile = header.index("Mexico") + 1, header.index("Chile") + 1
    rows = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
    assert list(rows) == [p.path for p in zero.paragraphs]
    assert sheet.cell(row=rows["OP3"], column=mexico).value == "Proposed change"
    assert sheet.cell(row=rows["OP3"], column=chile).value is None
    assert sheet.cell(row=rows["OP1"], column=chile).value == "Reservation"
    assert sheet.cell(row=rows["OP2"], column=chile).value == "Proposed change"
    settled = sheet.cell(row=rows["OP5"], column=mexico)
    assert settled.value == "Settled: Wants it deleted: not retained"
    assert settled.font.color.rgb.endswith("808080")
    op3 = top(zero, "OP3")
    assert sheet.cell(row=rows["OP3"], column=1).hyperlink.target == _link(op3)
    assert sheet.cell(row=rows["OP3"], column=2).value.split()[:3] == op3.text.split()[:3]
    counts = {row[0].value: row[1].value for row in _workbook(export)["Counts"].iter_rows()}
    assert counts["Proposed change"] == 2 and counts["Settled by triage"] == 1

    # A delegate's spreadsheet is what their page shows: not Chile's co-facilitators-only
    # proposal, and no settled positions when they are hidden.
    mine = export_positions(
        cast.delegate_a, cast.negotiation_a.id, show_settled=False, link_for=_link
    )
    sheet = _workbook(mine)["Positions"]
    chile = [c.value for c in sheet[1]].index("Chile") + 1
    rows = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
    assert sheet.cell(row=rows["OP2"], column=chile).value is None
    assert sheet.cell(row=rows["OP1"], column=chile).value == "Reservation"
    assert all("Settled" not in str(cell.value or "") for row in sheet.iter_rows() for cell in row)


def test_a_delegation_name_that_reads_as_a_formula_stays_text(cast, zero):
    from tracker.extensions import db
    from tracker.models import DelegationKind

    name = '=HYPERLINK("https://evil.example","Mexico")'
    db.session.add(Delegation(code="ZZF", name=name, kind=DelegationKind.OBSERVER_STATE))
    db.session.commit()
    say(make_user("formula@example.org", "delegate", "ZZF"), zero, "OP3", "amend")
    export = export_positions(cast.cofac_a, cast.negotiation_a.id, link_for=_link)
    header = _workbook(export)["Positions"][1]
    formula_like = next(c for c in header if str(c.value).startswith("=HYPERLINK"))
    assert formula_like.data_type == "s"


def test_no_spreadsheet_before_a_text_is_circulated(cast):
    with pytest.raises(NotFound, match="No text has been circulated"):
        export_positions(cast.delegate_a, cast.negotiation_b.id, link_for=_link)
