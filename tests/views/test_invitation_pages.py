"""The secretariat's pages for inviting one person and editing an account."""

from __future__ import annotations

from sqlalchemy import select

from tests.conftest import sign_in
from tracker.extensions import db
from tracker.models import AuditEvent, OutboxMessage, User


def test_inviting_one_person_writes_the_account_and_its_invitation(app, cast):
    client = sign_in(app.test_client(), cast.secretariat)
    assert "Invite someone" in client.get("/admin/accounts").text
    response = client.post(
        "/admin/accounts/invite",
        data={
            "name": "Ana Torres",
            "email": "ana@example.org",
            "role": "delegate",
            "delegation": "PER",
        },
    )
    assert response.status_code == 302
    account = db.session.scalar(select(User).where(User.email == "ana@example.org"))
    assert account.delegation.code == "PER" and not account.password_hash
    (message,) = db.session.scalars(select(OutboxMessage)).all()
    assert (message.to_address, message.kind) == ("ana@example.org", "invitation")
    listing = client.get("/admin/accounts").text
    assert "invited, no password yet" in listing
    again = client.post(
        "/admin/accounts/invite",
        data={"name": "Ana", "email": "ANA@example.org", "role": "delegate", "delegation": "PER"},
    )
    assert again.status_code == 409 and "already an account for ana@example.org" in again.text


def test_the_secretariat_cannot_invite_staff_accounts(app, cast):
    client = sign_in(app.test_client(), cast.secretariat)
    response = client.post(
        "/admin/accounts/invite",
        data={"name": "Boss", "email": "boss@example.org", "role": "admin"},
    )
    assert response.status_code in (400, 403)
    assert db.session.scalar(select(User).where(User.email == "boss@example.org")) is None


def test_editing_an_account_changes_it_and_is_audited(app, cast):
    client = sign_in(app.test_client(), cast.secretariat)
    url = f"/admin/accounts/{cast.delegate_b.id}/edit"
    page = client.get(url)
    assert page.status_code == 200 and 'value="chile@example.org"' in page.text
    response = client.post(
        url,
        data={
            "name": "Chile Two",
            "email": "chile2@example.org",
            "role": "delegate",
            "delegation": "PER",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    edited = db.session.get(User, cast.delegate_b.id)
    assert (edited.name, edited.email, edited.delegation.code) == (
        "Chile Two",
        "chile2@example.org",
        "PER",
    )
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "account.edit"))
    assert "e-mail chile@example.org → chile2@example.org" in event.summary
    clash = client.post(
        url,
        data={"name": "X", "email": "mexico@example.org", "role": "delegate", "delegation": "PER"},
    )
    assert clash.status_code == 409
    # Staff accounts are for admins to edit.
    assert client.get(f"/admin/accounts/{cast.admin.id}/edit").status_code == 403
    assert (
        sign_in(app.test_client(), cast.admin)
        .get(f"/admin/accounts/{cast.secretariat.id}/edit")
        .status_code
        == 200
    )


def test_resending_to_someone_who_chose_a_password_is_refused(app, cast):
    client = sign_in(app.test_client(), cast.secretariat)
    response = client.post(f"/admin/accounts/{cast.delegate_a.id}/resend")
    assert response.status_code == 422 and "already chosen a password" in response.text


def test_an_account_form_starts_on_no_role_and_a_role_must_be_chosen(app, cast):
    """An admin filling the form without touching the role list made an admin account: the
    list opened on its first role. It now opens on none, and the form says to choose one."""
    from lxml import html

    client = sign_in(app.test_client(), cast.admin)
    for path in ("/admin/accounts/invite", "/admin/accounts/new"):
        page = html.fromstring(client.get(path).text)
        options = page.xpath("//select[@name='role']/option")
        assert options[0].get("value") == "" and not page.xpath(
            "//select[@name='role']/option[@selected][@value!='']"
        )
        assert [o.get("value") for o in options[1:]] == [
            "delegate",
            "facilitator",
            "secretariat",
            "admin",
        ]
    response = client.post(
        "/admin/accounts/invite", data={"name": "Ana Torres", "email": "ana@example.org"}
    )
    assert response.status_code == 400
    assert "Choose the person's role." in html.fromstring(response.text).text_content()
    assert db.session.scalar(select(User).where(User.email == "ana@example.org")) is None
