"""The Exports page and its downloads: comments as .csv/.xlsx and the archive, for whom."""

from __future__ import annotations

import csv
import io
import json
import re

from lxml import html
from sqlalchemy import func, select

from tests.conftest import sign_in
from tests.services.test_archive import build_negotiation
from tracker.extensions import db
from tracker.models import ConsultationRound, Delegation


def rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_the_negotiation_page_links_to_its_exports(app, cast):
    build_negotiation(cast)
    base = f"/negotiations/{cast.negotiation_a.id}"
    client = sign_in(app.test_client(), cast.delegate_a)
    assert f'href="{base}/exports"'.encode() in client.get(base).data
    page = client.get(f"{base}/exports")
    assert page.status_code == 200
    html = page.data.decode()
    assert f'action="{base}/comments/export.xlsx"' in html
    assert f'formaction="{base}/comments/export.csv"' in html
    assert "First reading (Zero draft)" in html  # the round to filter on
    assert '<option value="G77">Group of 77 and China</option>' in html
    assert "Côte d&#39;Ivoire" in html or "Côte d'Ivoire" in html
    assert "archive.json" not in html  # the archive is the secretariat's
    secretariat = sign_in(app.test_client(), cast.secretariat)
    assert f'href="{base}/archive.json"' in secretariat.get(f"{base}/exports").data.decode()


def test_comments_download_with_filters_and_links_back(app, cast):
    built = build_negotiation(cast)
    base = f"/negotiations/{cast.negotiation_a.id}"
    client = sign_in(app.test_client(), cast.cofac_a)
    response = client.get(f"{base}/comments/export.csv?delegation=TUR&status=&round=&paragraph=")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert re.search(
        r"negotiation-a-comments-\d{4}-\d\d-\d\d\.csv", response.headers["Content-Disposition"]
    )
    [row] = rows(response)
    assert row["Delegation"] == "Türkiye"
    assert row["Link"] == f"http://localhost{base}/comments/{built.new_after.id}"
    assert client.get(row["Link"].removeprefix("http://localhost")).status_code == 200
    xlsx = client.get(f"{base}/comments/export.xlsx?paragraph=OP4")
    assert xlsx.status_code == 200 and xlsx.data.startswith(b"PK")


def test_a_delegate_never_downloads_another_delegations_private_comments(app, cast):
    built = build_negotiation(cast)
    base = f"/negotiations/{cast.negotiation_a.id}"
    mexico = sign_in(app.test_client(), cast.delegate_a)
    exported = {int(row["Comment"]) for row in rows(mexico.get(f"{base}/comments/export.csv"))}
    assert built.private.id not in exported and built.amend.id in exported
    # Asking for Chile's comments only does not reveal its note to the co-facilitators either.
    only_chile = mexico.get(f"{base}/comments/export.csv?delegation=CHL")
    assert rows(only_chile) == []
    # A co-facilitator of negotiation B is an ordinary reader of negotiation A.
    cofac_b = sign_in(app.test_client(), cast.cofac_b)
    exported = {int(row["Comment"]) for row in rows(cofac_b.get(f"{base}/comments/export.csv"))}
    assert built.private.id not in exported


def test_anonymous_visitors_are_sent_to_sign_in(app, cast):
    base = f"/negotiations/{cast.negotiation_a.id}"
    client = app.test_client()
    for url in (f"{base}/exports", f"{base}/comments/export.csv", f"{base}/archive.json"):
        response = client.get(url)
        assert response.status_code == 302 and "/login?next=" in response.headers["Location"]


def test_bad_requests_say_what_is_wrong(app, cast):
    build_negotiation(cast)
    base = f"/negotiations/{cast.negotiation_a.id}"
    client = sign_in(app.test_client(), cast.cofac_a)
    response = client.get(f"{base}/comments/export.csv?status=approved")
    assert response.status_code == 422
    assert "is not a triage status" in response.data.decode()
    response = client.get(f"{base}/comments/export.csv?paragraph=OP99")
    assert response.status_code == 422 and "Rev.1 has no paragraph OP99" in response.data.decode()
    assert client.get(f"{base}/comments/export.pdf").status_code == 404
    assert client.get("/negotiations/99999/comments/export.csv").status_code == 404


def test_the_archive_downloads_for_the_secretariat_only(app, cast):
    build_negotiation(cast)
    url = f"/negotiations/{cast.negotiation_a.id}/archive.json"
    for user in (cast.delegate_a, cast.cofac_a, cast.cofac_b):
        assert sign_in(app.test_client(), user).get(url).status_code == 403
    response = sign_in(app.test_client(), cast.secretariat).get(url)
    assert response.status_code == 200 and response.mimetype == "application/json"
    archive = json.loads(response.data)
    assert archive["format"] == "resolution-tracker-negotiation"
    assert archive["negotiations"][0]["title"] == "Negotiation A"
    assert (
        sign_in(app.test_client(), cast.admin).get("/negotiations/99999/archive.json").status_code
        == 404
    )


def delegation_filter(client, base: str) -> dict[str, list[str]]:
    """The comment filter's delegations by the group of options they are listed under."""
    page = html.fromstring(client.get(f"{base}/exports").data.decode())
    return {
        group.get("label"): group.xpath("./option/@value")
        for group in page.xpath("//select[@name='delegation']/optgroup")
    }


def test_the_delegation_filter_lists_those_with_comments_first_and_keeps_the_rest(app, cast):
    build_negotiation(cast)
    base = f"/negotiations/{cast.negotiation_a.id}"
    mexico = delegation_filter(sign_in(app.test_client(), cast.delegate_a), base)
    spoken = mexico["With comments in this negotiation"]
    assert spoken == ["G77", "CIV", "MEX", "TUR"]
    # Chile's only comment is for the co-facilitators: Mexico is not told Chile spoke.
    others = mexico["Other delegations and groups"]
    assert "CHL" in others and "EU" in others
    assert len(spoken) + len(others) == db.session.scalar(select(func.count(Delegation.id)))
    cofac = delegation_filter(sign_in(app.test_client(), cast.cofac_a), base)
    assert "CHL" in cofac["With comments in this negotiation"]
    # A delegation without a comment still filters (to nothing).
    norway = sign_in(app.test_client(), cast.delegate_a).get(
        f"{base}/comments/export.csv?delegation=NOR"
    )
    assert norway.status_code == 200 and rows(norway) == []


def test_the_exports_page_offers_each_rounds_compilation_to_those_who_may_download_it(app, cast):
    build_negotiation(cast)
    [consultation_round] = db.session.scalars(select(ConsultationRound)).all()
    base = f"/negotiations/{cast.negotiation_a.id}"
    docx = f"{base}/rounds/{consultation_round.id}/compilation.docx"
    page = f"{base}/rounds/{consultation_round.id}/compilation"
    for user in (cast.secretariat, cast.cofac_a):
        client = sign_in(app.test_client(), user)
        links = html.fromstring(client.get(f"{base}/exports").data.decode()).xpath("//a/@href")
        assert docx in links and page in links
        download = client.get(docx)
        assert download.status_code == 200 and download.data.startswith(b"PK")
    delegate = sign_in(app.test_client(), cast.delegate_a)
    links = html.fromstring(delegate.get(f"{base}/exports").data.decode()).xpath("//a/@href")
    assert page in links and docx not in links
