"""The search page of a negotiation as people use it: the box on its pages, what it lists,
what it leaves out, and queries that would trip a naive search."""

from __future__ import annotations

import pytest

from tests.conftest import publish, sign_in
from tracker.services import comments as comment_service
from tracker.text.highlight import MAX_QUERY

ZERO = "zero-draft-2021-hlm-modalities.txt"


@pytest.fixture
def zero(cast):
    return publish(cast.cofac_a, cast.negotiation_a, ZERO)


def top(revision, label: str):
    return next(p for p in revision.paragraphs if p.label == label and p.parent_id is None)


def search_url(cast) -> str:
    return f"/negotiations/{cast.negotiation_a.id}/search"


def test_the_negotiation_page_and_the_draft_have_a_labelled_search_box(app, cast, zero):
    client = sign_in(app.test_client(), cast.delegate_a)
    for url in (
        f"/negotiations/{cast.negotiation_a.id}",
        f"/negotiations/{cast.negotiation_a.id}/revisions/{zero.id}",
    ):
        page = client.get(url).get_data(as_text=True)
        assert f'action="{search_url(cast)}"' in page, url
        assert 'role="search"' in page
        assert '<label for="negotiation-search-q">Search this negotiation</label>' in page
        assert 'id="negotiation-search-q" name="q"' in page


def test_a_word_lists_paragraphs_and_comments_with_links_and_the_words_marked(app, cast, zero):
    op14 = top(zero, "OP14")
    made = comment_service.create_comment(
        cast.delegate_a, zero, paragraph=op14, kind="comment", body="Who pays for the webcast?"
    )
    client = sign_in(app.test_client(), cast.delegate_b)
    response = client.get(search_url(cast), query_string={"q": "webcast"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    negotiation = cast.negotiation_a.id
    assert '<h2 id="paragraphs-heading">Paragraphs of Zero draft</h2>' in page
    assert f'href="/negotiations/{negotiation}/paragraphs/{op14.id}/comments">OP14</a>' in page
    assert f'href="/negotiations/{negotiation}/revisions/{zero.id}#OP14"' in page
    assert "<mark>webcast</mark>" in page
    assert f'href="/negotiations/{negotiation}/comments/{made.id}">Mexico: Comment</a>' in page
    assert "Who pays for the <mark>webcast</mark>?" in page
    assert 'class="search-results"' in page and "<ol" in page


def test_a_comment_for_the_co_facilitators_does_not_show_to_another_delegation(app, cast, zero):
    comment_service.create_comment(
        cast.delegate_a,
        zero,
        paragraph=top(zero, "OP1"),
        kind="reservation",
        body="Our red line on the webcast.",
        visibility="facilitators",
    )
    chile = sign_in(app.test_client(), cast.delegate_b)
    page = chile.get(search_url(cast), query_string={"q": "red line"}).get_data(as_text=True)
    assert "red line on" not in page
    assert "0 comments or proposals found" in page
    for who in (cast.delegate_a, cast.cofac_a):
        client = sign_in(app.test_client(), who)
        page = client.get(search_url(cast), query_string={"q": "red line"}).get_data(as_text=True)
        assert "Our <mark>red line</mark> on the webcast." in page
        assert "Co-facilitators only" in page


def test_what_a_comment_says_is_escaped_not_run(app, cast, zero):
    comment_service.create_comment(
        cast.delegate_a,
        zero,
        paragraph=top(zero, "OP1"),
        kind="comment",
        body="<script>alert('webcast')</script>",
    )
    client = sign_in(app.test_client(), cast.delegate_b)
    page = client.get(search_url(cast), query_string={"q": "script"}).get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;<mark>script</mark>&gt;alert(" in page


@pytest.mark.parametrize(
    "query",
    [
        "%",
        "_",
        "\\",
        "'",
        '"',
        '"unclosed phrase',
        "*",
        "NEAR(a b)",
        "a OR b AND NOT c",
        "col:webcast",
        "'; DROP TABLE comments; --",
        "<b>webcast</b>",
        "{{ 7*7 }}",
        "ﷺ",
        "\u202e\u200b",
        "😀",
    ],
)
def test_hostile_queries_answer_a_page_never_an_error(app, cast, zero, query):
    client = sign_in(app.test_client(), cast.delegate_a)
    response = client.get(search_url(cast), query_string={"q": query})
    assert response.status_code == 200, query
    page = response.get_data(as_text=True)
    assert "<b>webcast</b>" not in page


def test_a_query_too_long_is_refused_with_a_message(app, cast, zero):
    client = sign_in(app.test_client(), cast.delegate_a)
    response = client.get(search_url(cast), query_string={"q": "webcast " * MAX_QUERY})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f"A search is at most {MAX_QUERY} characters long." in page
    assert 'role="alert"' in page


def test_a_nul_character_is_refused(app, cast, zero):
    client = sign_in(app.test_client(), cast.delegate_a)
    assert client.get(search_url(cast), query_string={"q": "web\x00cast"}).status_code == 400


@pytest.mark.parametrize("page", ["0", "-1", "junk", "9" * 30, "1e9", "²"])
def test_any_page_number_answers_a_page(app, cast, zero, page):
    client = sign_in(app.test_client(), cast.delegate_a)
    response = client.get(search_url(cast), query_string={"q": "webcast", "page": page})
    assert response.status_code == 200


def test_an_empty_search_shows_the_box_and_nothing_else(app, cast, zero):
    client = sign_in(app.test_client(), cast.delegate_a)
    response = client.get(search_url(cast))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<label for="negotiation-search-q">' in page
    assert "paragraphs-heading" not in page


def test_a_negotiation_that_does_not_exist_is_not_found(app, cast):
    client = sign_in(app.test_client(), cast.delegate_a)
    assert client.get("/negotiations/99999/search?q=webcast").status_code == 404
