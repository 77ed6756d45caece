"""Sign-in under attack: forged forms, guessed passwords, stolen cookies, redirects elsewhere."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest

from tests.conftest import PASSWORD, make_user, sign_in


def _csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "the page has no CSRF token field"
    return match.group(1)


def test_forms_without_a_csrf_token_are_refused_with_a_readable_page(app, cast, variant_app):
    guarded = variant_app(WTF_CSRF_ENABLED=True)
    client = guarded.test_client()

    response = client.post("/login", data={"email": cast.delegate_a.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "The form expired or was sent from elsewhere" in response.get_data(as_text=True)
    assert "/login" in client.get("/").headers.get("Location", "")

    sign_in(client, cast.secretariat)
    before = client.get("/").get_data(as_text=True)
    response = client.post(
        "/negotiations/new", data={"title": "Forged", "facilitators": cast.cofac_a.email}
    )
    assert response.status_code == 400
    assert "Reload the page and try again" in response.get_data(as_text=True)
    assert "Forged" not in client.get("/").get_data(as_text=True)
    assert "Forged" not in before


def test_the_real_login_form_carries_a_token_that_works(app, cast, variant_app):
    guarded = variant_app(WTF_CSRF_ENABLED=True)
    client = guarded.test_client()
    token = _csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login",
        data={"email": cast.delegate_a.email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_session_cookie_is_httponly_samesite_and_secure_in_production(
    app, cast, variant_app, monkeypatch
):
    monkeypatch.setenv("TRACKER_ENV", "production")
    production = variant_app(SECRET_KEY="a-strong-key-of-64-hex-digits-" + "0f" * 17)
    response = production.test_client().post(
        "/login", data={"email": cast.delegate_a.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"httponly", "secure", "samesite"} <= attributes
    assert "SameSite=Lax" in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_session_cookie_is_not_marked_secure_outside_production(app, cast, variant_app):
    response = (
        variant_app()
        .test_client()
        .post("/login", data={"email": cast.delegate_a.email, "password": PASSWORD})
    )
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie
    # `make run` serves plain HTTP on loopback; a Secure cookie would never come back.
    assert "Secure" not in cookie


def test_sign_ins_beyond_the_address_limit_in_a_minute_get_429(app, cast, variant_app):
    limited = variant_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="10 per minute")
    client = limited.test_client()
    statuses = [
        client.post(
            "/login", data={"email": f"nobody{i}@example.org", "password": "x" * 12}
        ).status_code
        for i in range(11)
    ]
    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429
    # Reading the page is not limited, so a person can still see the form and the message.
    assert client.get("/login").status_code == 200


def test_an_account_locks_after_five_failures_even_with_the_right_password(app, cast):
    client = app.test_client()
    for _ in range(5):
        response = client.post(
            "/login", data={"email": cast.delegate_a.email, "password": "wrong password"}
        )
        assert response.status_code == 401
        assert "Wrong e-mail address or password." in response.get_data(as_text=True)
    response = client.post("/login", data={"email": cast.delegate_a.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.get_data(as_text=True)
    # Another account from the same address is not affected.
    other = client.post("/login", data={"email": cast.delegate_b.email, "password": PASSWORD})
    assert other.status_code == 302


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "https:evil.example",
        "/%2F%2Fevil.example",
        " //evil.example",
        "javascript:alert(1)",
    ],
)
def test_sign_in_never_redirects_outside_the_app(app, target):
    user = make_user("redirect@example.org", "delegate", "MEX")
    response = app.test_client().post(
        "/login", query_string={"next": target}, data={"email": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    # Resolve the Location as a browser would, against the page's own address.
    landing = urlsplit(urljoin("http://tracker.test/login", response.headers["Location"]))
    assert (landing.scheme, landing.netloc) == ("http", "tracker.test")
    assert "\\" not in response.headers["Location"]  # browsers read a backslash as a slash


def test_sign_in_keeps_a_redirect_inside_the_app(app, cast):
    response = app.test_client().post(
        "/login",
        query_string={"next": "/admin/delegations"},
        data={"email": cast.delegate_a.email, "password": PASSWORD},
    )
    assert response.headers["Location"] == "/admin/delegations"


def test_a_password_manager_fills_only_a_persons_own_sign_in(app, cast):
    """The sign-in form names the person's own address and password for the browser to fill;
    every new password is never filled with a saved one; and the account the secretariat
    creates for a delegate is not filled with the secretariat's own address and password."""
    from bs4 import BeautifulSoup

    def autocomplete(client, path: str) -> dict[str, str]:
        page = BeautifulSoup(client.get(path).get_data(as_text=True), "html.parser")
        fields = page.select("main input[type=email], main input[type=password]")
        return {str(field["name"]): str(field.get("autocomplete")) for field in fields}

    assert autocomplete(app.test_client(), "/login") == {
        "email": "username",
        "password": "current-password",
    }
    secretariat = sign_in(app.test_client(), cast.secretariat)
    assert autocomplete(secretariat, "/account/password") == {
        "current": "current-password",
        "new": "new-password",
        "confirm": "new-password",
    }
    assert autocomplete(secretariat, "/admin/accounts/new") == {
        "email": "off",
        "password": "new-password",
    }
