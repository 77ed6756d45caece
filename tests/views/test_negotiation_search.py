"""The search page of a negotiation as people use it: the box on its pages, what it lists,
what it leaves out, and queries that would trip a naive search."""

from __future__ import annotations

import re

import pytest

from tests.conftest import designate, fixture_bytes, one, publish, sign_in
from tests.services import test_consultations as consultation_tests
from tests.services.test_consultations import ZERO, top
from tests.services.test_negotiation_search import publish_rev1
from tracker.models import Delegation, Paragraph
from tracker.services import comments as comment_service
from tracker.text.highlight import MAX_QUERY

# The zero draft, published as the consultation tests publish it.
zero = consultation_tests.zero


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


def test_the_box_on_an_earlier_text_searches_that_text_and_offers_the_latest(app, cast, zero):
    rev1 = publish_rev1(cast)
    client = sign_in(app.test_client(), cast.delegate_a)
    negotiation = cast.negotiation_a.id
    old_page = client.get(f"/negotiations/{negotiation}/revisions/{zero.id}").get_data(True)
    assert "Search this negotiation in Zero draft</label>" in old_page
    assert f'<input type="hidden" name="revision" value="{zero.id}">' in old_page
    latest_page = client.get(f"/negotiations/{negotiation}/revisions/{rev1.id}").get_data(True)
    assert '<label for="negotiation-search-q">Search this negotiation</label>' in latest_page
    assert 'name="revision"' not in latest_page

    response = client.get(search_url(cast), query_string={"q": "webcast", "revision": zero.id})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<h2 id="paragraphs-heading">Paragraphs of Zero draft</h2>' in page
    assert f'href="/negotiations/{negotiation}/revisions/{zero.id}#OP14"' in page
    assert "Searching Zero draft, an earlier text: the latest is Rev.1." in page
    assert (
        f'<a href="/negotiations/{negotiation}/search?q=webcast">Search Rev.1 instead</a>' in page
    )
    # Searching again from the results page stays on the zero draft.
    assert f'<input type="hidden" name="revision" value="{zero.id}">' in page
    latest = client.get(search_url(cast), query_string={"q": "webcast"}).get_data(as_text=True)
    assert '<h2 id="paragraphs-heading">Paragraphs of Rev.1</h2>' in latest
    assert "an earlier text" not in latest


def test_a_text_that_cannot_be_found_is_said_not_an_error(app, cast, zero):
    client = sign_in(app.test_client(), cast.delegate_a)
    response = client.get(search_url(cast), query_string={"q": "webcast", "revision": "999999"})
    assert response.status_code == 400
    assert "There is no such text in this negotiation" in response.get_data(as_text=True)


def test_a_paragraph_typed_in_the_box_opens_its_page(app, cast, zero):
    client = sign_in(app.test_client(), cast.delegate_a)
    negotiation = cast.negotiation_a.id
    response = client.get(search_url(cast), query_string={"q": "op 4 (b)"})
    assert response.status_code == 302
    op4b = one(Paragraph, revision_id=zero.id, path="OP4 (b)")
    assert response.location == f"/negotiations/{negotiation}/paragraphs/{op4b.id}/comments"
    page = client.get(response.location).get_data(as_text=True)
    assert "OP4 (b)" in page
    missing = client.get(search_url(cast), query_string={"q": "OP 99"})
    assert missing.status_code == 200
    assert "Zero draft has no paragraph OP99. The results below hold the words you typed." in (
        missing.get_data(as_text=True)
    )


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
    assert "0 comments or proposals and 0 replies found" in page
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


# Filters on the page: by delegation, paragraph and kind; replies; values that cannot be read.


def delegation_id(code: str) -> int:
    return one(Delegation, code=code).id


def test_the_filters_are_labelled_and_offer_the_delegations_that_spoke(app, cast, zero):
    designate(cast, "G77", "MEX")
    comment_service.create_comment(
        cast.delegate_a,
        zero,
        paragraph=top(zero, "OP1"),
        kind="comment",
        body="For the Group.",
        on_behalf_of=delegation_id("G77"),
    )
    comment_service.create_comment(
        cast.delegate_b, zero, paragraph=top(zero, "OP1"), kind="comment", body="Chile."
    )
    client = sign_in(app.test_client(), cast.delegate_a)
    page = client.get(search_url(cast)).get_data(as_text=True)
    assert '<label for="search-delegation">Delegation or group</label>' in page
    assert '<label for="search-paragraph">Paragraph</label>' in page
    assert '<label for="search-kind">Show</label>' in page
    assert re.search(r'<optgroup label="Groups"><option value="\d+">Group of 77', page)
    assert re.search(
        r'<optgroup label="Delegations"><option value="\d+">Chile</option></optgroup>', page
    )
    assert "Mexico</option>" not in page  # it spoke for the Group only
    assert 'name="paragraph"' in page and 'placeholder="OP12"' in page


def test_a_delegation_alone_lists_what_it_said_with_the_filter_shown_and_kept(app, cast, zero):
    chiles = comment_service.create_comment(
        cast.delegate_b, zero, paragraph=top(zero, "OP14"), kind="comment", body="Chile's view."
    )
    comment_service.join_comment(cast.delegate_a, chiles)
    comment_service.create_comment(
        cast.delegate_b, zero, paragraph=top(zero, "OP3"), kind="comment", body="Chile alone."
    )
    reply = comment_service.reply_to(cast.delegate_a, chiles, "Mexico's reply.")
    mexico = delegation_id("MEX")
    client = sign_in(app.test_client(), cast.cofac_a)
    response = client.get(search_url(cast), query_string={"delegation": mexico})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Everything said, narrowed as below: 1 comment or proposal and 1 reply found." in page
    assert "Chile, joined by Mexico: Comment</a>" in page and "Chile alone" not in page
    assert f'<option value="{mexico}" selected>Mexico</option>' in page
    assert "Made or joined by Mexico" in page
    assert f'href="{search_url(cast)}" aria-label="Any delegation"' in page
    assert "paragraphs-heading" not in page  # the text is no one's
    negotiation = cast.negotiation_a.id
    thread = f"/negotiations/{negotiation}/comments/{chiles.id}#reply-{reply.id}"
    assert f'href="{thread}">Mexico replied to Chile: Comment</a>' in page
    comment_page = client.get(thread.split("#")[0]).get_data(as_text=True)
    assert f'id="reply-{reply.id}"' in comment_page


def test_a_paragraph_and_a_kind_with_words_and_pages_that_keep_them(app, cast, zero, monkeypatch):
    from tracker.services import search as search_service

    monkeypatch.setattr(search_service, "COMMENTS_PAGE", 1)
    for words in ("live", "later"):
        comment_service.create_comment(
            cast.delegate_b,
            zero,
            paragraph=top(zero, "OP14"),
            kind="amend",
            proposed_text=f"Decides that the meeting shall be webcast {words};",
        )
    comment_service.create_comment(
        cast.delegate_b, zero, paragraph=top(zero, "OP14"), kind="comment", body="A webcast."
    )
    client = sign_in(app.test_client(), cast.delegate_a)
    response = client.get(
        search_url(cast), query_string={"q": "webcast", "paragraph": "op14", "kind": "proposals"}
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Looked for “webcast”, narrowed as below: 2 proposals found." in page
    assert '<h2 id="comments-heading">Proposals</h2>' in page
    assert "Proposal to amend</a>" in page and "A webcast." not in page
    assert "replies-heading" not in page
    assert "On <a href=" in page and ">OP14</a> of Zero draft <a href=" in page
    assert 'value="OP14"' in page  # as the text numbers it
    assert '<option value="proposals" selected>Proposals only</option>' in page
    assert (
        f'href="/negotiations/{cast.negotiation_a.id}/search?q=webcast&amp;paragraph=OP14&amp;kind=proposals&amp;page=2#comments-heading"'
        in page
    )


def test_a_restricted_comment_does_not_come_through_a_filter_on_the_page(app, cast, zero):
    private = comment_service.create_comment(
        cast.delegate_a,
        zero,
        paragraph=top(zero, "OP14"),
        kind="question",
        body="Our red line.",
        visibility="facilitators",
    )
    comment_service.reply_to(cast.cofac_a, private, "Noted, red line.")
    chile = sign_in(app.test_client(), cast.delegate_b)
    for query in (
        {"delegation": delegation_id("MEX")},
        {"paragraph": "OP14"},
        {"kind": "questions"},
        {"paragraph": "OP14", "q": "red line"},
    ):
        page = chile.get(search_url(cast), query_string=query).get_data(as_text=True)
        assert "Our red line" not in page and "Noted, red line" not in page, query
        assert "<mark>red line</mark>" not in page, query
        assert re.search(r"0 (comments or proposals|questions)( and 0 replies)? found", page), query
        assert "<optgroup" not in page  # no delegation Chile may read spoke
    mexico = sign_in(app.test_client(), cast.delegate_a)
    page = mexico.get(search_url(cast), query_string={"paragraph": "OP14"}).get_data(as_text=True)
    assert "Our red line." in page and "Noted, red line." in page
    assert "In a thread for the co-facilitators only" in page


@pytest.mark.parametrize(
    "query",
    [
        {"delegation": "abc"},
        {"delegation": "99999999"},
        {"delegation": "9" * 40},
        {"delegation": "<script>"},
        {"paragraph": "OP99"},
        {"paragraph": "<b>OP1</b>"},
        {"paragraph": "x" * 500},
        {"paragraph": "%"},
        {"kind": "everything"},
        {"kind": "<i>"},
    ],
)
def test_a_filter_that_cannot_be_read_answers_a_message_never_an_error(app, cast, zero, query):
    client = sign_in(app.test_client(), cast.delegate_a)
    response = client.get(search_url(cast), query_string={"q": "webcast", **query})
    assert response.status_code == 400, query
    page = response.get_data(as_text=True)
    assert 'class="flash flash-error" role="alert"' in page
    assert "<b>OP1" not in page and "<script>" not in page and "<i>" not in page


def test_the_field_that_cannot_be_read_is_marked_and_focused(app, cast, zero):
    client = sign_in(app.test_client(), cast.delegate_a)
    page = client.get(search_url(cast), query_string={"paragraph": "OP99"}).get_data(as_text=True)
    assert re.search(r'id="search-paragraph"[^>]*aria-invalid="true" autofocus>', page)
    assert 'aria-describedby="search-paragraph-help search-problem"' in page
    assert 'role="alert" id="search-problem">Zero draft has no paragraph “OP99”' in page
    assert page.count("autofocus") == 1


@pytest.mark.parametrize("replies_page", ["0", "junk", "9" * 30])
def test_any_page_of_replies_answers_a_page(app, cast, zero, replies_page):
    client = sign_in(app.test_client(), cast.delegate_a)
    response = client.get(
        search_url(cast), query_string={"q": "webcast", "replies_page": replies_page}
    )
    assert response.status_code == 200


def test_the_paragraph_page_links_to_everything_said_on_it(app, cast, zero):
    client = sign_in(app.test_client(), cast.delegate_a)
    negotiation = cast.negotiation_a.id
    op2a = next(p for p in zero.paragraphs if p.path == "OP2 (a)")
    page = client.get(f"/negotiations/{negotiation}/paragraphs/{op2a.id}/comments")
    assert (
        f'<a href="{search_url(cast)}?paragraph=OP2+(a)">Everything said on OP2 (a)</a>'
        in page.get_data(as_text=True)
    )
    data = fixture_bytes(ZERO).replace(
        b"14. *Decides*", b"14. *Welcomes* the hearing;\n15. *Decides*"
    )
    data = data.replace(
        b"\n15. *Encourages* Member States and other", b"\n16. *Encourages* Member States and other"
    )
    publish(cast.cofac_a, cast.negotiation_a, ZERO, data=data)
    old = client.get(f"/negotiations/{negotiation}/paragraphs/{top(zero, 'OP14').id}/comments")
    assert '?paragraph=OP15">Everything said on it (as OP15 of Rev.1)</a>' in old.get_data(
        as_text=True
    )
