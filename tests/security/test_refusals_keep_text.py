"""A refused comment, proposal, reply or edit lost what the person typed: a NUL character in it
answered a bare error page (400) before any form could be shown, and a delegate suspended
while typing got a bare 403. Every refusal now answers with its status (422 invalid, 403 not
allowed), says what is wrong and where, and gives the text back."""

from __future__ import annotations

from lxml import html

from tests.conftest import count, schedule_round, sign_in
from tests.security.abuse import (
    commented,
    first_operative,
    post_comment,
    published_zero,
)
from tracker.models import Comment, CommentReply
from tracker.services import comments as comment_service


def _page(response):
    return html.fromstring(response.get_data(as_text=True))


def _textarea(response, name: str) -> str:
    """The text of the page's (first) form field `name`, as the person's browser shows it."""
    return _page(response).xpath(f"string(//textarea[@name='{name}'])")


def _error(response) -> str:
    return _page(response).xpath("string(//*[contains(@class, 'flash-error')])")


def test_a_comment_with_a_nul_character_comes_back_in_its_form_saying_where(app, cast):
    zero = published_zero(cast)
    client = sign_in(app.test_client(), cast.delegate_a)
    typed = "We welcome the text.\nWe support\x00 the second sentence."
    response = post_comment(client, zero, first_operative(zero), typed)
    assert response.status_code == 422
    message = _error(response)
    assert "The comment contains a NUL character on line 2, after “We support”" in message
    assert "Nothing was recorded" in message
    assert _textarea(response, "body") == "We welcome the text.\nWe support the second sentence."
    assert count(Comment) == 0


def test_a_proposal_with_a_control_character_comes_back_as_typed_kind_and_all(app, cast):
    zero = published_zero(cast)
    paragraph = first_operative(zero)
    client = sign_in(app.test_client(), cast.delegate_a)
    proposed = paragraph.text.replace(" ", " \x1b", 1)
    response = post_comment(
        client, zero, paragraph, "Clearer.", kind="amend", proposed_text=proposed
    )
    assert response.status_code == 422
    assert "The proposed text contains a control character (U+001B) on line 1" in _error(response)
    assert _textarea(response, "proposed_text") == proposed.replace("\x1b", "")
    assert _textarea(response, "body") == "Clearer."
    page = _page(response)
    assert page.xpath("//select[@name='kind']/option[@selected]/@value") == ["amend"]
    assert count(Comment) == 0


def test_a_comment_on_the_whole_text_refused_comes_back_in_its_form(app, cast):
    zero = published_zero(cast)
    client = sign_in(app.test_client(), cast.delegate_a)
    url = f"/negotiations/{zero.negotiation_id}/revisions/{zero.id}/comments"
    response = client.post(url, data={"kind": "comment", "body": "On the whole\x00 text."})
    assert response.status_code == 422
    assert "The comment contains a NUL character" in _error(response)
    assert _textarea(response, "body") == "On the whole text."
    assert count(Comment) == 0


def test_replies_edits_and_triage_replies_with_a_nul_character_come_back(app, cast):
    zero, comment, page = commented(cast, "First.")
    chile = sign_in(app.test_client(), cast.delegate_b)
    reply = chile.post(page + "/replies", data={"body": "We agree\x00 with Mexico."})
    assert reply.status_code == 422
    assert "The reply contains a NUL character on line 1, after “We agree”" in _error(reply)
    assert _textarea(reply, "body") == "We agree with Mexico."
    mexico = sign_in(app.test_client(), cast.delegate_a)
    edit = mexico.post(
        page + "/edit", data={"version": comment.version, "body": "First,\x00 and better."}
    )
    assert edit.status_code == 422
    assert "The comment contains a NUL character" in _error(edit)
    assert _page(edit).xpath("string(//textarea[@id='edit-body'])") == "First, and better."
    facilitator = sign_in(app.test_client(), cast.cofac_a)
    triaged = facilitator.post(
        page + "/triage",
        data={"version": comment.version, "status": "noted", "reply": "Thank\x00 you."},
    )
    assert triaged.status_code == 422
    assert _textarea(triaged, "reply") == "Thank you."
    assert count(CommentReply) == 0
    assert comment_service.get_comment(cast.delegate_a, zero.negotiation_id, comment.id).body == (
        "First."
    )


def test_a_nul_character_in_a_field_nobody_types_is_still_refused_before_any_page(app, cast):
    zero = published_zero(cast)
    client = sign_in(app.test_client(), cast.delegate_a)
    response = post_comment(client, zero, first_operative(zero), "Fine.", kind="comment\x00")
    assert response.status_code == 422
    assert "The field “kind” of the form contains a NUL character" in response.get_data(
        as_text=True
    )
    assert count(Comment) == 0


def test_a_delegate_suspended_while_typing_gets_their_words_back_with_the_notice(app, cast):
    zero = published_zero(cast)
    paragraph = first_operative(zero)
    negotiation = f"/negotiations/{zero.negotiation_id}"
    comment = comment_service.create_comment(
        cast.delegate_b, zero, paragraph=paragraph, kind="comment", body="Chile's remark."
    )
    page = f"{negotiation}/comments/{comment.id}"
    mexico = sign_in(app.test_client(), cast.delegate_a)
    own = comment_service.create_comment(
        cast.delegate_a, zero, paragraph=paragraph, kind="comment", body="Mexico's remark."
    )
    # Mexico opens the forms; meanwhile the co-facilitators suspend its writing.
    facilitator = sign_in(app.test_client(), cast.cofac_a)
    facilitator.post(f"{negotiation}/moderation/accounts/{cast.delegate_a.id}/suspend")

    def refused(response, typed: str) -> None:
        assert response.status_code == 403
        assert "suspended your account's comments" in _error(response)
        notice = _page(response).xpath("//p[contains(@class, 'writing-suspended')]")
        assert notice, "the notice in the forms' place"
        kept = _page(response).xpath("//textarea[@readonly]/text()")
        assert typed in kept, kept

    long_comment = "A long statement typed for an hour.\nIts second paragraph."
    refused(post_comment(mexico, zero, paragraph, long_comment), long_comment)
    proposed = paragraph.text + " and its follow-up"
    refused(
        post_comment(mexico, zero, paragraph, "Why.", kind="amend", proposed_text=proposed),
        proposed,
    )
    refused(mexico.post(page + "/replies", data={"body": "Our reply."}), "Our reply.")
    refused(
        mexico.post(
            f"{negotiation}/comments/{own.id}/edit",
            data={"version": own.version, "body": "Mexico's better remark."},
        ),
        "Mexico's better remark.",
    )
    joined = mexico.post(page + "/join", data={})
    assert joined.status_code == 403
    assert "suspended" in _error(joined)
    assert count(Comment) == 2 and count(CommentReply) == 0


def from_its_page(client):
    """The client, sending its forms as a browser sends a form of one of the app's pages (it
    says so: a form from another site gets nothing of its text back)."""
    client.environ_base["HTTP_SEC_FETCH_SITE"] = "same-origin"
    return client


def test_a_form_refused_before_its_page_could_be_shown_gives_the_typed_text_back(
    app, cast, variant_app
):
    """An expired form (its CSRF token) or too many writes in a minute are answered before the
    form's page can be made: the error page gives back what was typed, to copy."""
    zero = published_zero(cast)
    expired = from_its_page(
        sign_in(variant_app(WTF_CSRF_ENABLED=True).test_client(), cast.delegate_a)
    )
    typed = "An hour of careful drafting.\nSecond paragraph."
    response = post_comment(expired, zero, first_operative(zero), typed, csrf_token="stale")
    assert response.status_code == 400
    assert "The form expired" in response.get_data(as_text=True)
    boxes = _page(response).xpath("//textarea[@readonly]")
    assert [(box.getparent().xpath("string(label)"), box.text) for box in boxes] == [
        ("Your comment", typed)
    ]
    limited = variant_app(RATELIMIT_ENABLED=True, WRITE_RATE_LIMIT="1 per minute")
    client = from_its_page(sign_in(limited.test_client(), cast.delegate_a))
    assert post_comment(client, zero, first_operative(zero), "First.").status_code == 302
    again = post_comment(client, zero, first_operative(zero), "Second, typed at length.")
    assert again.status_code == 429
    assert _page(again).xpath("//textarea[@readonly]/text()") == ["Second, typed at length."]


def test_a_statement_breaking_silence_refused_comes_back_too(app, cast):
    """The statement breaking silence is a delegation's own words as well: the same rule, the
    same page given back (a NUL character), or the error page giving it back (not allowed)."""
    from datetime import UTC, datetime, timedelta

    from tests.conftest import one
    from tracker.models import Delegation, SilenceBreak
    from tracker.services.silence import start_silence

    zero = published_zero(cast)
    procedure = start_silence(
        cast.cofac_a, cast.negotiation_a, zero, datetime.now(UTC) + timedelta(hours=72)
    )
    url = f"/negotiations/{zero.negotiation_id}/silence/{procedure.id}/break"
    mexico = from_its_page(sign_in(app.test_client(), cast.delegate_a))
    op1 = str(first_operative(zero).id)
    invalid = mexico.post(url, data={"statement": "We object\x00 to OP1.", "paragraph_ids": op1})
    assert invalid.status_code == 422
    assert "The statement contains a NUL character on line 1, after “We object”" in _error(invalid)
    assert _textarea(invalid, "statement") == "We object to OP1."
    group = str(one(Delegation, code="EU").id)  # Mexico is not designated to speak for it
    forged = mexico.post(
        url, data={"statement": "For a group.", "paragraph_ids": op1, "on_behalf_of": group}
    )
    assert forged.status_code == 403
    assert _page(forged).xpath("//textarea[@readonly]/text()") == ["For a group."]
    assert count(SilenceBreak) == 0


def test_a_refused_triage_of_many_comments_gives_the_reply_and_the_choice_back(app, cast):
    zero = published_zero(cast)
    consultation_round = schedule_round(cast, zero)
    comment = comment_service.create_comment(
        cast.delegate_a, zero, paragraph=first_operative(zero), kind="comment", body="Ours."
    )
    url = f"/negotiations/{zero.negotiation_id}/rounds/{consultation_round.id}"
    facilitator = sign_in(app.test_client(), cast.cofac_a)
    response = facilitator.post(
        url + "/triage",
        data={"comment_ids": str(comment.id), "status": "noted", "reply": "Thank\x00 you all."},
    )
    assert response.status_code == 422
    assert "The reply to the delegation contains a NUL character" in _error(response)
    page = _page(response)
    assert _textarea(response, "reply") == "Thank you all."
    assert page.xpath("//input[@name='comment_ids'][@checked]/@value") == [str(comment.id)]
    assert page.xpath("//select[@name='status']/option[@selected]/@value") == ["noted"]
