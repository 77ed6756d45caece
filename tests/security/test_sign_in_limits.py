"""Finding 4: sign-in told existing accounts from unknown ones by its speed, kept its limit per
worker, let anyone lock any account (the co-facilitators' before a meeting), and refused a room
of delegations behind one conference address."""

from __future__ import annotations

import uuid

import pytest

from tests.conftest import PASSWORD, make_user, redis_url_or_skip


def _attempt(client, email: str, password: str = "not the password"):
    return client.post("/login", data={"email": email, "password": password})


def _from(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_an_unknown_account_costs_the_same_password_check_as_a_known_one(app, cast, monkeypatch):
    import werkzeug.security

    checks: list[str] = []
    real = werkzeug.security._hash_internal

    def counting(method, salt, password):
        checks.append(method)
        return real(method, salt, password)

    client = app.test_client()
    _attempt(client, "first-unknown@example.org")  # the first refusal may prepare its hash
    monkeypatch.setattr(werkzeug.security, "_hash_internal", counting)
    assert _attempt(client, cast.delegate_a.email).status_code == 401
    known = len(checks)
    assert _attempt(client, "nobody-here@example.org").status_code == 401
    assert known == 1 and len(checks) == 2


def test_guessing_from_one_address_does_not_lock_the_owner_out_elsewhere(app, cast):
    attacker = _from(app, "203.0.113.9")
    for _ in range(5):
        assert _attempt(attacker, cast.cofac_a.email).status_code == 401
    assert _attempt(attacker, cast.cofac_a.email, PASSWORD).status_code == 429
    owner = _from(app, "198.51.100.20")
    assert _attempt(owner, cast.cofac_a.email, PASSWORD).status_code == 302


def test_the_secretariat_unlocks_an_account(app, cast):
    from tests.conftest import sign_in

    office = _from(app, "192.0.2.44")
    for _ in range(5):
        _attempt(office, cast.delegate_a.email)
    assert _attempt(office, cast.delegate_a.email, PASSWORD).status_code == 429
    secretariat = sign_in(app.test_client(), cast.secretariat)
    assert "sign-in locked" in secretariat.get("/admin/accounts").get_data(as_text=True)
    assert secretariat.post(f"/admin/accounts/{cast.delegate_a.id}/unlock").status_code == 302
    assert _attempt(office, cast.delegate_a.email, PASSWORD).status_code == 302


def test_two_hundred_delegates_behind_one_address_sign_in_within_a_minute(app, cast, variant_app):
    limited = variant_app(RATELIMIT_ENABLED=True)
    delegates = [make_user(f"delegate{n}@example.org", "delegate", "NOR") for n in range(200)]
    room = _from(limited, "192.0.2.1")
    statuses = [_attempt(room, d.email, PASSWORD).status_code for d in delegates]
    assert statuses == [302] * 200


def test_a_refused_sign_in_gets_the_apps_own_page(app, cast, variant_app):
    limited = variant_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="1 per minute")
    client = limited.test_client()
    _attempt(client, cast.delegate_a.email)
    refused = _attempt(client, cast.delegate_a.email)
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert "Too many sign-in attempts" in page
    assert 'href="/login"' in page or "Sign in" in page


def test_per_account_attempts_from_one_address_are_limited_by_the_shared_limiter(
    app, cast, variant_app
):
    limited = variant_app(RATELIMIT_ENABLED=True, LOGIN_ACCOUNT_RATE_LIMIT="3 per minute")
    client = _from(limited, "192.0.2.77")
    statuses = [
        _attempt(client, cast.secretariat.email, f"guess {n} guess").status_code for n in range(4)
    ]
    assert statuses == [401, 401, 401, 429]
    # Another account from the same address is still tried.
    assert _attempt(client, cast.delegate_b.email, PASSWORD).status_code == 302


def test_limits_are_counted_in_redis_when_configured(app, cast, variant_app):
    url = redis_url_or_skip(12)
    server = pytest.importorskip("redis").Redis.from_url(url)
    unique = uuid.uuid4().hex
    limited = variant_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=url)
    _attempt(_from(limited, "192.0.2.12"), f"{unique}@example.org")
    keys = server.keys(f"*{unique}*") + server.keys("*192.0.2.12/auth.login*")
    try:
        assert keys, "no sign-in counter was stored in Redis"
    finally:
        if keys:
            server.delete(*keys)
        server.close()
