"""Inviting a list: 200 delegates from a CSV (or an XLSX) with some wrong rows are invited with
a report for every row, and a refused row leaves no account and no message behind."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from tests.conftest import sign_in
from tracker.extensions import db
from tracker.models import OutboxMessage, User
from tracker.services import Invalid, PermissionDenied, invitations

STATES = ["MEX", "CHL", "PER", "FRA", "NGA", "NOR", "JPN", "BRA", "EGY", "IND"]
#: Row number in the list (1-based, after the header) -> (the wrong row, why it is refused).
WRONG = {
    7: (["", "noname@example.org", "MEX", "delegate"], "Enter the person's name."),
    19: (["Bad Address", "not-an-address", "CHL", "delegate"], "must have an @-sign"),
    # As pasted from an address book or a list: a name with the address, a separator kept.
    23: (["Jane Doe", "Jane Doe <jane.doe@fco.example>", "CHL", "delegate"], "angle brackets"),
    27: (["Ola Nordmann", "ola@mfa-no.example;", "NOR", "delegate"], "invalid characters"),
    29: (["Twice At", "a@b@c.example", "NOR", "delegate"], "invalid characters"),
    31: (["No Local", "@chile.example", "CHL", "delegate"], "something before the @-sign"),
    33: (["No Delegation", "nodeleg@example.org", "", "delegate"], "exactly one delegation"),
    48: (["Atlantis", "atl@example.org", "ATL", "delegate"], "no Member State or observer"),
    61: (["A Group", "group@example.org", "G77", "delegate"], "no Member State or observer"),
    77: (["Twice", "delegate004@example.org", "PER", "delegate"], "same e-mail is on line 5"),
    90: (["Existing", "mexico@example.org", "MEX", "delegate"], "already an account"),
    104: (["Wrong Role", "role@example.org", "", "ambassador"], "Unknown role"),
    150: (["Promoted", "boss@example.org", "", "secretariat"], "Only administrators"),
    199: (["Observer", "obs@example.org", "MEX", "facilitator"], "Only delegates belong"),
}


def the_list() -> list[list[str]]:
    rows = [["Name", "E-mail", "Delegation", "Role"]]
    for n in range(1, 201):
        if n in WRONG:
            rows.append(WRONG[n][0])
        else:
            rows.append([f"Delegate {n}", f"delegate{n:03}@example.org", STATES[n % 10], ""])
    return rows


def as_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def as_xlsx(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_200_delegates_with_wrong_rows_import_with_a_report_per_row(cast, fmt):
    users_before = count(User)
    data = as_csv(the_list()) if fmt == "csv" else as_xlsx(the_list())
    report = invitations.import_invitations(cast.secretariat, f"delegates.{fmt}", data)
    assert len(report) == 200
    assert [row.line for row in report] == list(range(2, 202))
    refused = {row.line - 1: row for row in report if not row.created}
    assert sorted(refused) == sorted(WRONG)
    for n, (_, why) in WRONG.items():
        assert why in refused[n].message, (n, refused[n].message)
    # Every good row has an account and its invitation; no wrong row left anything.
    good = 200 - len(WRONG)
    assert count(User) == users_before + good
    invited = set(db.session.scalars(select(OutboxMessage.to_address)))
    assert len(invited) == good == count(OutboxMessage)
    for n in WRONG:
        email = WRONG[n][0][1].lower()
        if email in ("mexico@example.org", "delegate004@example.org"):
            continue  # those accounts exist, from the cast or line 5 of the list
        assert db.session.scalar(select(User).where(User.email == email)) is None
        assert email not in invited
    delegate = db.session.scalar(select(User).where(User.email == "delegate011@example.org"))
    assert (delegate.role, delegate.delegation.code) == ("delegate", "CHL")
    assert invitations.is_pending(delegate)


def test_a_row_that_fails_half_way_leaves_no_account(cast, monkeypatch):
    real = invitations._write_invitation

    def failing(actor, account):  # noqa: ANN001
        if account.email == "b@example.org":
            raise Invalid("The mail for this row could not be written.")
        real(actor, account)

    monkeypatch.setattr(invitations, "_write_invitation", failing)
    rows = [["name", "email", "delegation"], ["A", "a@example.org", "MEX"]]
    rows += [["B", "b@example.org", "CHL"], ["C", "c@example.org", "PER"]]
    report = invitations.import_invitations(cast.secretariat, "list.csv", as_csv(rows))
    assert [row.created for row in report] == [True, False, True]
    assert report[1].message == "The mail for this row could not be written."
    emails = set(db.session.scalars(select(User.email)))
    assert {"a@example.org", "c@example.org"} <= emails
    assert "b@example.org" not in emails


def test_a_list_without_the_columns_or_of_another_kind_is_refused_whole(cast):
    users_before = count(User)
    with pytest.raises(Invalid, match="missing: email"):
        invitations.import_invitations(cast.secretariat, "l.csv", b"name,country\nA,MEX\n")
    with pytest.raises(Invalid, match=".csv or .xlsx"):
        invitations.import_invitations(cast.secretariat, "l.pdf", b"%PDF")
    with pytest.raises(Invalid, match="Excel workbook"):
        invitations.import_invitations(cast.secretariat, "l.xlsx", b"not a zip")
    with pytest.raises(PermissionDenied):
        invitations.import_invitations(cast.delegate_a, "l.csv", b"name,email\nA,a@x.org\n")
    assert count(User) == users_before


def test_the_upload_page_shows_the_report(app, cast):
    client = sign_in(app.test_client(), cast.secretariat)
    rows = [["Name", "Email", "Delegation", "Role"], ["Ana", "ana@example.org", "PER", ""]]
    rows += [["Bo", "bo@example.org", "XXX", ""]]
    response = client.post(
        "/admin/accounts/import",
        data={"file": (io.BytesIO(as_csv(rows)), "list.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "1 invited, 1 refused" in response.text
    assert "There is no Member State or observer State" in response.text
    assert client.post("/admin/accounts/import", data={}).status_code == 400


def test_the_report_names_each_row_by_its_line_in_the_file_and_reads_excels_unicode_text(cast):
    # A blank line before "Bad Row" (line 5) made the report say line 3; a list saved by
    # Excel as "Unicode text" (UTF-16) was read as having no header.
    listed = (
        "Name,E-mail,Delegation,Role\n\nAna Lima,ana@example.org,BRA,delegate\n\n"
        "Bad Row,not-an-address,BRA,delegate\n"
    )
    report = invitations.import_invitations(cast.secretariat, "list.csv", listed.encode())
    assert [(row.line, row.created) for row in report] == [(3, True), (5, False)]
    unicode_text = "Name\tE-mail\tDelegation\nJoão Souza\tjoao@example.org\tBRA\n"
    report = invitations.import_invitations(
        cast.secretariat, "list.txt", unicode_text.encode("utf-16")
    )
    assert [(row.line, row.name, row.created) for row in report] == [(2, "João Souza", True)]


def test_a_list_may_name_delegations_by_name_and_roles_as_people_write_them(cast):
    # Lists as missions send them: "Germany", not "DEU"; "Co-facilitator", not "facilitator".
    listed = (
        "Name,E-mail,Country,Role\n"
        "Anna Schmidt,anna@example.org,Germany,Delegate\n"
        "Lars Berg,lars@example.org,,Co-facilitator\n"
        "No Such,nosuch@example.org,Atlantis,delegate\n"
    )
    report = invitations.import_invitations(cast.secretariat, "list.csv", listed.encode())
    assert [(row.line, row.created) for row in report] == [(2, True), (3, True), (4, False)]
    anna = db.session.scalar(select(User).where(User.email == "anna@example.org"))
    assert anna.delegation.code == "DEU"
    lars = db.session.scalar(select(User).where(User.email == "lars@example.org"))
    assert lars.role == "facilitator"
    assert "no Member State or observer State 'Atlantis'" in report[2].message
