"""A form sent signed out or with an expired form token: nothing is recorded, the person is told
so, gets back what they typed, and is offered to sign in and return to the page they were on,
never to another site."""

from __future__ import annotations

import io
import re
import time
from html import unescape
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from lxml import html as lxml_html

from tests.conftest import PASSWORD, count, publish, sign_in
from tests.services.test_consultations import ZERO, top
from tracker.models import Comment

HOST = "http://localhost"
PROPOSAL = "Decides to convene the high-level meeting <b>on 21 September</b> & to hold it"
EXPLANATION = 'Aligns with the Pact. </textarea><script>alert("x")</script><img src=x onerror=1>'


@pytest.fixture
def zero(cast):
    return publish(cast.cofac_a, cast.negotiation_a, ZERO)


def _pages(cast, zero):
    """The paragraph's page (where the form is) and the address its form posts to."""
    op1 = top(zero, "OP1")
    negotiation = f"/negotiations/{cast.negotiation_a.id}"
    return (
        op1,
        f"{negotiation}/paragraphs/{op1.id}/comments",
        f"{negotiation}/revisions/{zero.id}/comments",
    )


def _comment(op1, **extra):
    return {
        "paragraph_id": str(op1.id),
        "kind": "amend",
        "proposed_text": PROPOSAL,
        "body": EXPLANATION,
        "submission_key": "a-one-time-key-never-shown",
        **extra,
    }


def _send_from_the_page(client, cast, zero, meanwhile=None, **extra):
    """Open the paragraph's page, let `meanwhile(client)` happen, then send its comment form as
    a browser does: with the page's form token (if it had one) and the page as Referer."""
    op1, paragraph_page, form_address = _pages(cast, zero)
    html = client.get(paragraph_page).get_data(as_text=True)
    fields = _comment(op1, **extra)
    if token := re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html):
        fields["csrf_token"] = token.group(1)
    if meanwhile:
        meanwhile(client)
    return client.post(form_address, data=fields, headers={"Referer": HOST + paragraph_page})


def _typed(page: str) -> dict[str, str]:
    """The boxes the page gives the typed text back in, by label."""
    tree = lxml_html.fromstring(page)
    boxes = {}
    for area in tree.iter("textarea"):
        label = tree.xpath(f'//label[@for="{area.get("id")}"]')[0].text_content()
        assert area.get("readonly") is not None
        boxes[label] = area.text_content()
    return boxes


def _sign_in_link(page: str) -> str:
    """Where signing in from the page leads afterwards (its `next`)."""
    match = re.search(r'href="(/login\?[^"]*)"', page)
    assert match, "the page offers no sign-in"
    return parse_qs(urlsplit(unescape(match.group(1))).query)["next"][0]


#: How a session ends while its form is being written, and whether forms carry a token then.
SESSION_ENDS = {
    # Signed out in another tab of the same browser: the form token is still good.
    "signed out in another tab": (False, lambda client: client.post("/logout")),
    # The session expired, or the browser's cookies were cleared: the form token is gone too.
    "session cookie gone": (True, lambda client: client.delete_cookie("session")),
}


@pytest.mark.parametrize("how", sorted(SESSION_ENDS))
def test_a_proposal_sent_after_the_session_ended_is_given_back(app, cast, zero, variant_app, how):
    _, paragraph_page, _ = _pages(cast, zero)
    with_token, session_ends = SESSION_ENDS[how]
    client = sign_in(variant_app(WTF_CSRF_ENABLED=with_token).test_client(), cast.delegate_a)
    response = _send_from_the_page(client, cast, zero, session_ends)

    assert response.status_code == 401
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert "Nothing was recorded: you are signed out" in page
    assert _typed(page) == {"Your proposed text": PROPOSAL, "Your comment": EXPLANATION}
    assert list(_typed(page)) == ["Your proposed text", "Your comment"]  # as the page has them
    assert "a-one-time-key-never-shown" not in page and 'name="csrf_token"' not in page
    # After signing in: the paragraph's page, not the page of the form's address.
    assert _sign_in_link(page) == paragraph_page
    assert count(Comment) == 0


def test_signing_in_from_the_page_leads_back_to_the_page_the_form_was_on(app, cast, zero):
    _, paragraph_page, _ = _pages(cast, zero)
    client = app.test_client()
    page = _send_from_the_page(client, cast, zero).get_data(as_text=True)
    landing = client.post(
        unescape(re.search(r'href="(/login\?[^"]*)"', page).group(1)),
        data={"email": cast.delegate_a.email, "password": PASSWORD},
    )
    assert landing.status_code == 302
    assert landing.headers["Location"] == paragraph_page


def test_an_expired_form_while_signed_in_gives_the_text_back(
    app, cast, zero, variant_app, monkeypatch
):
    _, paragraph_page, _ = _pages(cast, zero)
    client = sign_in(variant_app(WTF_CSRF_ENABLED=True).test_client(), cast.delegate_a)
    later = time.time() + 13 * 3600
    response = _send_from_the_page(
        client, cast, zero, lambda c: monkeypatch.setattr(time, "time", lambda: later)
    )

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Nothing was recorded: the form expired" in page
    assert _typed(page) == {"Your proposed text": PROPOSAL, "Your comment": EXPLANATION}
    assert f'href="{paragraph_page}"' in page
    assert count(Comment) == 0


def test_the_text_given_back_is_text_not_markup(app, cast, zero):
    page = _send_from_the_page(app.test_client(), cast, zero).get_data(as_text=True)
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;/textarea&gt;&lt;script&gt;" in page
    assert len(lxml_html.fromstring(page).xpath("//textarea")) == 2


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example", "Referer": "https://evil.example/form"},
        {"Origin": "http://localhost.evil.example", "Referer": HOST + "/negotiations"},
        {"Origin": "null", "Referer": HOST + "/negotiations"},
        {"Sec-Fetch-Site": "cross-site", "Referer": HOST + "/negotiations"},
        {"Referer": "https://evil.example/form"},
        {},
    ],
)
def test_a_form_posted_from_another_site_is_not_shown_back(app, cast, zero, headers):
    """Otherwise any site could make the app show its words to a person signed out."""
    op1, _, form_address = _pages(cast, zero)
    response = app.test_client().post(form_address, data=_comment(op1), headers=headers)
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert "Nothing was recorded" in page
    assert "convene" not in page and "Aligns" not in page
    assert _sign_in_link(page) == "/"


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin"},
        # Behind a proxy that ends TLS the app sees http, the browser says https.
        {"Origin": "https://localhost"},
        {"Referer": HOST + "/negotiations"},
    ],
)
def test_a_form_posted_from_a_page_of_the_app_is_shown_back(app, cast, zero, headers):
    op1, _, form_address = _pages(cast, zero)
    response = app.test_client().post(form_address, data=_comment(op1), headers=headers)
    assert _typed(response.get_data(as_text=True))["Your comment"] == EXPLANATION


@pytest.mark.parametrize(
    "referrer",
    [
        "https://evil.example/negotiations/1",
        HOST + "//evil.example/x",
        HOST + "/\\evil.example",
        "http://localhost.evil.example/negotiations",
        "javascript:alert(1)",
        HOST + "/logout",
        HOST + "/negotiations/1/revisions/1/comments/1/withdraw",
    ],
)
def test_the_page_to_go_back_to_is_never_elsewhere_nor_a_forms_address(app, cast, zero, referrer):
    op1, _, form_address = _pages(cast, zero)
    response = app.test_client().post(
        form_address,
        data=_comment(op1),
        headers={"Referer": referrer, "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 401
    target = _sign_in_link(response.get_data(as_text=True))
    landing = urlsplit(urljoin(HOST + "/login", target))
    assert (landing.scheme, landing.netloc) == ("http", "localhost")
    assert "evil" not in target and "\\" not in target
    # The form's own address is a page too (the revision's comments): the next best place.
    assert target == form_address


@pytest.mark.parametrize(
    ("named", "leads_to"),
    [
        ("paragraph", "paragraph"),
        ("https://evil.example/negotiations", "sender"),
        ("//evil.example", "sender"),
        ("/logout", "sender"),
    ],
)
def test_the_page_a_form_names_to_return_to_comes_first(app, cast, zero, named, leads_to):
    """A comment form shown again at its own address after a refusal names its paragraph's
    page (`next`); its Referer is then the form's address, the revision's comments."""
    op1, paragraph_page, form_address = _pages(cast, zero)
    places = {"paragraph": paragraph_page, "sender": form_address}
    response = app.test_client().post(
        form_address,
        data=_comment(op1, next=places.get(named, named)),
        headers={"Referer": HOST + places["sender"]},
    )
    assert response.status_code == 401
    assert _sign_in_link(response.get_data(as_text=True)) == places[leads_to]


def test_sign_in_goes_on_to_a_page_never_to_a_forms_address(app, cast, zero):
    _, paragraph_page, _ = _pages(cast, zero)
    for target, landing in [
        ("/logout", "/"),
        (f"/negotiations/{cast.negotiation_a.id}/comments/1/withdraw", "/"),
        ("/login", "/"),
        (paragraph_page + "?page=2", paragraph_page + "?page=2"),
    ]:
        response = app.test_client().post(
            "/login",
            query_string={"next": target},
            data={"email": cast.delegate_a.email, "password": PASSWORD},
        )
        assert response.headers["Location"] == landing, target


def test_passwords_and_tokens_are_never_given_back(app, cast, zero):
    response = app.test_client().post(
        "/account/password",
        data={
            "current": "old secret words",
            "new": "new secret words",
            "confirm": "new secret words",
        },
        headers={"Referer": HOST + "/account/password"},
    )
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert "secret words" not in page
    assert _sign_in_link(page) == "/account/password"


def test_a_huge_paste_is_given_back_cut_and_the_cookie_stays_small(app, cast, zero):
    huge = "Reaffirms " * 40_000  # 400,000 characters
    response = _send_from_the_page(app.test_client(), cast, zero, body=huge)
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert "The last 350,000 characters are not shown" in page
    assert len(page) < 200_000
    assert len(response.headers.get("Set-Cookie", "")) < 1000


def test_a_pasted_draft_is_given_back_whole_up_to_what_its_form_takes(app, cast):
    """A resolution's text, pasted to upload it, is longer than any comment."""
    draft = "Recalling its resolution 75/283 of 7 June 2021,\n" * 1_500  # 73,500 characters
    upload = f"/negotiations/{cast.negotiation_a.id}/revisions/new"
    response = app.test_client().post(
        upload,
        data={"label": "Rev.2", "text": draft, "file": (io.BytesIO(b""), "")},
        headers={"Referer": HOST + upload},
    )
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert _typed(page) == {"… or paste the text": draft}
    assert "not shown" not in page


def test_a_sign_in_with_an_expired_form_shows_the_sign_in_form_again(app, cast, variant_app):
    guarded = variant_app(WTF_CSRF_ENABLED=True)
    client = guarded.test_client()
    response = client.post(
        "/login?next=/admin/delegations",
        data={"email": cast.delegate_a.email, "password": PASSWORD},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "you were not signed in" in page
    assert f'value="{cast.delegate_a.email}"' in page and PASSWORD not in page
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    again = client.post(
        "/login?next=/admin/delegations",
        data={"email": cast.delegate_a.email, "password": PASSWORD, "csrf_token": token},
    )
    assert again.headers["Location"] == "/admin/delegations"


def test_a_page_asked_for_signed_out_still_leads_to_sign_in_and_back(app, cast, zero):
    _, paragraph_page, _ = _pages(cast, zero)
    response = app.test_client().get(paragraph_page)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert parse_qs(urlsplit(response.headers["Location"]).query)["next"] == [paragraph_page]
