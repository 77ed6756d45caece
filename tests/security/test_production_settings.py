"""Finding 10: production took any SECRET_KEY, the limiter ignored proxies, CSRF tokens never
expired, signed-in pages could be cached, text downloads named their charset twice, and the
original upload kept `../` in its name and the type its name claimed."""

from __future__ import annotations

import re
import time

import pytest
from sqlalchemy import select

from tests.conftest import PASSWORD, count, fixture_bytes, sign_in
from tests.security.abuse import published_zero, upload
from tracker.extensions import db
from tracker.models import Revision


@pytest.mark.parametrize("key", ["x", "dev", "short-but-not-random"])
def test_production_refuses_a_secret_key_anyone_could_guess(app, monkeypatch, key):
    from tracker import create_app

    monkeypatch.setenv("TRACKER_ENV", "production")
    with pytest.raises(RuntimeError, match="SECRET_KEY is too weak"):
        create_app({"SECRET_KEY": key, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_behind_a_trusted_proxy_the_limit_counts_each_client_address(app, cast, variant_app):
    limited = variant_app(
        RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute", TRUSTED_PROXIES=1
    )
    client = limited.test_client()
    statuses = [
        client.post(
            "/login",
            data={"email": cast.delegate_a.email, "password": PASSWORD},
            headers={"X-Forwarded-For": f"198.51.100.{n}"},
        ).status_code
        for n in range(5)
    ]
    assert statuses == [302] * 5
    same = [
        client.post(
            "/login",
            data={"email": cast.delegate_b.email, "password": PASSWORD},
            headers={"X-Forwarded-For": "198.51.100.200"},
        ).status_code
        for _ in range(3)
    ]
    assert same == [302, 302, 429]


def test_a_form_left_open_longer_than_a_working_day_is_refused(app, cast, variant_app, monkeypatch):
    guarded = variant_app(WTF_CSRF_ENABLED=True)
    client = guarded.test_client()
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    later = time.time() + 13 * 3600
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.post(
        "/login",
        data={"email": cast.delegate_a.email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 400
    assert "The form expired" in response.get_data(as_text=True)


def test_signed_in_pages_are_never_kept_in_a_cache(app, cast):
    client = sign_in(app.test_client(), cast.delegate_a)
    assert "no-store" in client.get("/").headers.get("Cache-Control", "")


def test_a_text_download_names_its_charset_once(app, cast):
    zero = published_zero(cast)
    client = sign_in(app.test_client(), cast.delegate_a)
    response = client.get(f"/negotiations/{zero.negotiation_id}/revisions/{zero.id}/export.txt")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"


def test_the_original_keeps_no_folder_of_its_uploaded_name(app, cast):
    client = sign_in(app.test_client(), cast.cofac_a)
    data = fixture_bytes("zero-draft-2021-hlm-modalities.txt")
    assert (
        upload(client, cast.negotiation_a.id, "../../etc/zero draft.txt", data).status_code == 302
    )
    revision = db.session.scalars(select(Revision)).one()
    response = client.get(f"/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}/source")
    disposition = response.headers["Content-Disposition"]
    assert ".." not in disposition and "/" not in disposition.split("filename*")[0]
    assert 'filename="zero_draft.txt"' in disposition or 'filename="zero draft.txt"' in disposition
    assert response.data == data


def test_a_pdf_uploaded_under_a_docx_name_is_served_as_the_pdf_it_is(app, cast):
    client = sign_in(app.test_client(), cast.cofac_a)
    data = fixture_bytes("A_RES_73_8.pdf")
    assert upload(client, cast.negotiation_a.id, "resolution.docx", data).status_code == 302
    revision = db.session.scalars(select(Revision)).one()
    response = client.get(f"/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}/source")
    assert response.headers["Content-Type"] == "application/pdf"
    assert 'filename="resolution.pdf"' in response.headers["Content-Disposition"]
    assert count(Revision) == 1
