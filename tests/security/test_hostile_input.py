"""Finding 8: ids beyond PostgreSQL's integer, NUL characters and a line break in `next` gave
500 pages (one after the comment was stored), and a form sent twice stored two comments."""

from __future__ import annotations

import pytest

from tests.conftest import count, sign_in
from tests.security.abuse import comment_form, first_operative, post_comment, published_zero
from tracker.models import Comment


@pytest.mark.parametrize("number", [2**31, 2**63, 2**64, 10**30])
def test_ids_no_database_can_hold_are_pages_not_found(app, cast, number):
    client = sign_in(app.test_client(), cast.delegate_a)
    negotiation = cast.negotiation_a.id
    for url in (
        f"/negotiations/{number}",
        f"/negotiations/{negotiation}/revisions/{number}",
        f"/negotiations/{negotiation}/comments/{number}",
    ):
        assert client.get(url).status_code == 404, url


def test_a_paragraph_id_beyond_any_row_in_the_form_is_refused(app, cast):
    zero = published_zero(cast)
    client = sign_in(app.test_client(), cast.delegate_a)
    url, form = comment_form(zero, first_operative(zero), "Hello.")
    response = client.post(url, data={**form, "paragraph_id": str(2**64)})
    assert response.status_code == 422
    assert count(Comment) == 0


def test_a_nul_character_in_a_field_or_filter_is_refused_saying_where(app, cast):
    zero = published_zero(cast)
    client = sign_in(app.test_client(), cast.delegate_a)
    # Typed text is refused on its form's page, given back (test_refusals_keep_text.py).
    response = post_comment(client, zero, first_operative(zero), "Before\x00after")
    assert response.status_code == 422
    assert "The comment contains a NUL character on line 1, after “Before”" in (
        response.get_data(as_text=True)
    )
    assert count(Comment) == 0
    search = client.get("/library", query_string={"q": "oceans\x00"})
    assert search.status_code == 400


def test_a_line_break_in_next_lands_on_the_stored_comment_not_a_500(app, cast):
    zero = published_zero(cast)
    client = sign_in(app.test_client(), cast.delegate_a)
    response = post_comment(
        client, zero, first_operative(zero), "Recorded once.", next="/\r\nX-Injected: 1"
    )
    assert response.status_code == 302
    assert "X-Injected" not in response.headers
    assert "\n" not in response.headers["Location"]
    assert count(Comment) == 1


def test_a_form_sent_again_stores_nothing_twice_and_shows_the_stored_comment(app, cast):
    zero = published_zero(cast)
    client = sign_in(app.test_client(), cast.delegate_a)
    page = client.get(
        f"/negotiations/{zero.negotiation_id}/paragraphs/{first_operative(zero).id}/comments"
    ).get_data(as_text=True)
    assert 'name="submission_key"' in page
    key = "form-key-0123456789"
    first = post_comment(client, zero, first_operative(zero), "Once.", submission_key=key)
    for _ in range(3):
        again = post_comment(client, zero, first_operative(zero), "Once.", submission_key=key)
        assert again.status_code == 302
        assert again.headers["Location"] == first.headers["Location"]
    assert count(Comment) == 1
    shown = client.get(first.headers["Location"]).get_data(as_text=True)
    assert "already sent" in shown and "Once." in shown
    # Another delegate cannot use the key to reach that comment.
    other = sign_in(app.test_client(), cast.delegate_b)
    assert (
        post_comment(other, zero, first_operative(zero), "Mine", submission_key=key).status_code
        == 409
    )
