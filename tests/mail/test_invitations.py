"""Invitations and password resets through a real SMTP server: the message arrives with a text
and an HTML part, and its link works once, until it expires."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import select

from tests.conftest import PASSWORD, sign_in
from tests.mail.conftest import PUBLIC_URL, app_path, parts
from tracker.extensions import db
from tracker.models import OutboxMessage, User
from tracker.services import Invalid, accounts, invitations
from tracker.services.mail import deliver_pending

NEW_PASSWORD = "a brand new passphrase"


def link_in(text: str, path: str) -> str:
    match = re.search(rf"{re.escape(PUBLIC_URL)}/{path}/\S+", text)
    assert match, text
    return match.group(0)


def later(monkeypatch: pytest.MonkeyPatch, seconds: int) -> None:
    """Make signed links believe `seconds` have passed."""
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: real(self) + seconds)


def test_an_invitation_arrives_and_its_link_sets_the_password(app, cast, inbox):
    invitations.invite(
        cast.secretariat,
        email="Ana.Torres@Example.org",
        name="Ana Torres",
        role="delegate",
        delegation_code="per",
    )
    assert deliver_pending().sent == 1
    (message,) = inbox.wait_for(1)
    assert message["To"] == "ana.torres@example.org"
    assert message["Subject"] == "Your invitation to Resolution Tracker"
    assert message["Message-ID"].startswith("<outbox-")
    text, html = parts(message)
    assert "delegation of Peru" in text and "Ana Torres" in html
    link = link_in(text, "invitation")
    assert f'href="{link}"' in html

    client = app.test_client()
    page = client.get(app_path(link))
    assert page.status_code == 200 and "Welcome, Ana Torres" in page.text
    # Nobody can sign in to an invited account before its owner chose a password.
    with pytest.raises(Invalid):
        accounts.authenticate("ana.torres@example.org", "")
    response = client.post(app_path(link), data={"new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert accounts.authenticate("ana.torres@example.org", NEW_PASSWORD).name == "Ana Torres"
    # The link worked once.
    again = client.get(app_path(link))
    assert again.status_code == 422 and "already" in again.text
    # A first password is no change to tell anyone of.
    assert deliver_pending().sent == 0


def test_an_invitation_link_expires_and_the_secretariat_can_send_it_again(
    app, cast, inbox, monkeypatch
):
    account = invitations.invite(
        cast.secretariat, email="late@example.org", name="Late", role="facilitator"
    )
    deliver_pending()
    first = link_in(parts(inbox.wait_for(1)[0])[0], "invitation")
    later(monkeypatch, 8 * 24 * 3600)
    expired = app.test_client().get(app_path(first))
    assert expired.status_code == 422 and "expired" in expired.text
    monkeypatch.undo()

    client = sign_in(app.test_client(), cast.secretariat)
    assert client.post(f"/admin/accounts/{account.id}/resend").status_code == 302
    deliver_pending()
    second = link_in(parts(inbox.wait_for(2)[1])[0], "invitation")
    response = app.test_client().post(
        app_path(second), data={"new": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert accounts.authenticate("late@example.org", NEW_PASSWORD).id == account.id


def test_a_short_password_is_refused_and_the_link_still_works(app, cast, inbox):
    invitations.invite(cast.secretariat, email="x@example.org", name="X", role="facilitator")
    deliver_pending()
    link = link_in(parts(inbox.wait_for(1)[0])[0], "invitation")
    client = app.test_client()
    short = client.post(app_path(link), data={"new": "short", "confirm": "short"})
    assert short.status_code == 400
    assert client.get(app_path(link)).status_code == 200


def test_a_password_reset_works_once_and_its_link_expires(app, cast, inbox, monkeypatch):
    client = app.test_client()
    response = client.post("/password-reset", data={"email": "CHILE@example.org"})
    assert response.status_code == 302
    # An unknown address gets the same answer and no message.
    assert client.post("/password-reset", data={"email": "nobody@x.org"}).status_code == 302
    assert deliver_pending().sent == 1
    (message,) = inbox.wait_for(1)
    assert message["To"] == "chile@example.org"
    text, html = parts(message)
    link = link_in(text, "password-reset")
    assert f'href="{link}"' in html

    assert client.get(app_path(link)).status_code == 200
    done = client.post(app_path(link), data={"new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert accounts.authenticate("chile@example.org", NEW_PASSWORD).id == cast.delegate_b.id
    with pytest.raises(Invalid):
        accounts.authenticate("chile@example.org", PASSWORD)
    used = client.get(app_path(link))
    assert used.status_code == 422 and "already used" in used.text
    # The owner hears of it, in case the reset was not theirs.
    assert deliver_pending().sent == 1
    notice = inbox.wait_for(2)[1]
    assert notice["To"] == "chile@example.org"
    assert "changed on" in parts(notice)[0] and "through a reset link" in parts(notice)[0]

    # A new link, asked for minutes later and opened after an hour, has expired and changes
    # nothing.
    _minutes_pass(6)
    invitations.request_password_reset("chile@example.org")
    deliver_pending()
    fresh = link_in(parts(inbox.wait_for(3)[2])[0], "password-reset")
    later(monkeypatch, 3601)
    expired = client.post(
        app_path(fresh), data={"new": "another passphrase", "confirm": "another passphrase"}
    )
    assert expired.status_code == 422 and "expired" in expired.text
    db.session.expire_all()
    assert db.session.get(User, cast.delegate_b.id).check_password(NEW_PASSWORD)


def test_invited_accounts_get_no_reset_mail_until_they_accept(app, cast, inbox):
    invitations.invite(cast.secretariat, email="new@example.org", name="New", role="facilitator")
    invitations.request_password_reset("new@example.org")
    deliver_pending()
    time.sleep(0.1)
    assert [m["Subject"] for m in inbox.messages] == ["Your invitation to Resolution Tracker"]


def test_the_owner_hears_of_a_new_password_and_the_old_address_of_a_new_one(app, cast, inbox):
    """Someone who took over an account (a borrowed session that knew the password, a member
    of the secretariat who moved its address elsewhere) does not do so unnoticed: the owner is
    told at the address they had."""
    accounts.change_password(cast.delegate_a, PASSWORD, NEW_PASSWORD)

    def edit(name: str) -> None:
        invitations.edit_account(
            cast.secretariat,
            cast.delegate_a.id,
            name=name,
            email="elsewhere@example.net",
            role="delegate",
            delegation_code="MEX",
        )

    edit(cast.delegate_a.name)  # a new address
    edit("Mexico's delegate")  # a new name alone is not worth a message
    assert deliver_pending().sent == 2
    password, address = inbox.wait_for(2)
    assert password["To"] == address["To"] == "mexico@example.org"
    assert password["Subject"] == "A change to your Resolution Tracker account"
    text, html = parts(password)
    assert "The password of your account was changed on" in text
    assert "tell the secretariat at once" in html
    text, _ = parts(address)
    assert cast.secretariat.name in text
    assert "from mexico@example.org to elsewhere@example.net" in text


def _minutes_pass(minutes: int) -> None:
    """Make the mail written so far look `minutes` older."""
    for message in db.session.scalars(select(OutboxMessage)):
        message.created_at -= timedelta(minutes=minutes)
    db.session.commit()


def test_a_reset_link_is_mailed_to_an_account_at_most_every_five_minutes(app, cast, inbox):
    """Whoever knows a delegate's address cannot fill their inbox with reset links, from one
    place or many: the last link mailed still works."""
    for _ in range(3):
        invitations.request_password_reset("chile@example.org")
    assert deliver_pending().sent == 1
    _minutes_pass(4)
    invitations.request_password_reset("chile@example.org")
    assert deliver_pending().sent == 0
    _minutes_pass(2)
    invitations.request_password_reset("chile@example.org")
    assert deliver_pending().sent == 1
    assert [m["To"] for m in inbox.wait_for(2)] == ["chile@example.org"] * 2
