"""Finding 3: a copied session cookie outlived sign-out and a password change, and the current
password could be guessed without limit from a borrowed session."""

from __future__ import annotations

from tests.conftest import PASSWORD

NEW_PASSWORD = "a new password of some length"


def _signed_in_client(app, user, address: str = "127.0.0.1"):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _copy(app, client):
    """Another browser holding a copy of the client's session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def _signed_in(client) -> bool:
    return client.get("/").status_code == 200


def test_signing_out_ends_a_copied_session_too(app, cast):
    owner = _signed_in_client(app, cast.delegate_a)
    thief = _copy(app, owner)
    assert _signed_in(thief)
    owner.post("/logout")
    assert not _signed_in(thief)
    assert not _signed_in(owner)


def test_a_new_password_ends_every_other_session_but_the_one_that_changed_it(app, cast):
    owner = _signed_in_client(app, cast.delegate_a)
    laptop = _signed_in_client(app, cast.delegate_a)
    thief = _copy(app, owner)
    response = owner.post(
        "/account/password",
        data={"current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert _signed_in(owner)
    assert not _signed_in(thief)
    assert not _signed_in(laptop)


def test_deactivating_an_account_ends_its_sessions(app, cast):
    from tracker.services.accounts import set_active

    delegate = _signed_in_client(app, cast.delegate_a)
    set_active(cast.secretariat, cast.delegate_a.id, False)
    set_active(cast.secretariat, cast.delegate_a.id, True)
    assert not _signed_in(delegate)


def test_wrong_current_passwords_are_counted_like_failed_sign_ins(app, cast):
    borrowed = _signed_in_client(app, cast.delegate_a)
    for attempt in range(5):
        response = borrowed.post(
            "/account/password",
            data={
                "current": f"guess {attempt} guess",
                "new": NEW_PASSWORD,
                "confirm": NEW_PASSWORD,
            },
        )
        assert response.status_code == 422
    response = borrowed.post(
        "/account/password",
        data={"current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.get_data(as_text=True)
