"""Finding 1: one delegate posting thousands of long proposals made every comment page, the
compilation and its .docx time out for everybody. Writing is now limited per account, lists
are paged, and co-facilitators hide abusive comments and suspend an account's writing."""

from __future__ import annotations

from tests.conftest import count, one, schedule_round, sign_in
from tests.security.abuse import (
    comment_form,
    commented,
    first_operative,
    post_comment,
    published_zero,
)
from tracker.models import AuditEvent, Comment
from tracker.services import comments as comment_service
from tracker.services import compilation


def _post_many(cast, zero, how_many: int, kind: str = "comment") -> None:
    paragraph = first_operative(zero)
    for number in range(how_many):
        comment_service.create_comment(
            cast.delegate_a,
            zero,
            paragraph=paragraph,
            kind=kind,
            body=f"Comment number {number}.",
            proposed_text=f"{paragraph.text} ({number})" if kind == "amend" else None,
        )


def test_one_account_writing_faster_than_a_person_is_stopped_with_a_readable_page(
    app, cast, variant_app
):
    limited = variant_app(RATELIMIT_ENABLED=True, WRITE_RATE_LIMIT="5 per minute")
    zero = published_zero(cast)
    client = sign_in(limited.test_client(), cast.delegate_a)
    statuses = []
    for number in range(7):
        url, form = comment_form(zero, first_operative(zero), f"Posted by a script, {number}.")
        statuses.append(client.post(url, data=form).status_code)
    assert statuses[:5] == [302] * 5
    assert statuses[5:] == [429, 429]
    refused = post_comment(client, zero, first_operative(zero), "Once more.")
    assert "sending too much too quickly" in refused.get_data(as_text=True)
    assert count(Comment) == 5
    # Joins and replies draw on the same budget; another delegation is not affected.
    other = sign_in(limited.test_client(), cast.delegate_b)
    assert post_comment(other, zero, first_operative(zero), "Chile speaks.").status_code == 302


def test_a_paragraph_with_many_comments_is_shown_a_page_at_a_time(app, cast):
    zero = published_zero(cast)
    _post_many(cast, zero, comment_service.PAGE_SIZE * 2 + 7)
    client = sign_in(app.test_client(), cast.delegate_b)
    url = f"/negotiations/{zero.negotiation_id}/paragraphs/{first_operative(zero).id}/comments"
    first = client.get(url).get_data(as_text=True)
    assert first.count('class="comment"') == comment_service.PAGE_SIZE
    assert "page 1 of 3" in first and "Comment number 0." in first
    last = client.get(url, query_string={"page": "3"}).get_data(as_text=True)
    assert last.count('class="comment"') == 7
    newest = f"Comment number {comment_service.PAGE_SIZE * 2 + 6}."
    assert newest in last and "Comment number 0." not in last
    # A page beyond the last shows the last; nonsense shows the first.
    assert newest in client.get(url, query_string={"page": "99"}).get_data(as_text=True)
    assert client.get(url, query_string={"page": "x"}).status_code == 200


def test_the_compilation_is_shown_a_page_at_a_time_and_the_docx_has_everything(app, cast):
    zero = published_zero(cast)
    consultation_round = schedule_round(cast, zero)
    _post_many(cast, zero, compilation.PAGE_SIZE + 5, kind="amend")
    client = sign_in(app.test_client(), cast.cofac_a)
    url = f"/negotiations/{zero.negotiation_id}/rounds/{consultation_round.id}/compilation"
    page = client.get(url).get_data(as_text=True)
    assert page.count('class="compiled ') == compilation.PAGE_SIZE
    assert f"{compilation.PAGE_SIZE + 5} entries" in page
    second = client.get(url, query_string={"page": "2"}).get_data(as_text=True)
    assert second.count('class="compiled ') == 5
    docx = client.get(url + ".docx")
    assert docx.status_code == 200
    whole = compilation.compile_text(cast.cofac_a, consultation_round)
    entries = sum(len(items) for items in whole.entries.values())
    assert whole.total == entries == compilation.PAGE_SIZE + 5


def test_co_facilitators_hide_an_abusive_comment_without_deleting_it(app, cast):
    zero, abusive, page = commented(cast, "Abuse.")
    facilitator = sign_in(app.test_client(), cast.cofac_a)
    assert facilitator.post(page + "/hidden", data={"hidden": "1"}).status_code == 302
    chile = sign_in(app.test_client(), cast.delegate_b)
    assert chile.get(page).status_code == 404
    paragraph_page = (
        f"/negotiations/{zero.negotiation_id}/paragraphs/{first_operative(zero).id}/comments"
    )
    assert "Abuse." not in chile.get(paragraph_page).get_data(as_text=True)
    author = sign_in(app.test_client(), cast.delegate_a)
    assert "Hidden by the co-facilitators" in author.get(page).get_data(as_text=True)
    assert one(Comment, id=abusive.id).body == "Abuse."
    assert count(AuditEvent, action="comment.hide") == 1
    # Reversible.
    assert facilitator.post(page + "/hidden", data={"hidden": "0"}).status_code == 302
    assert chile.get(page).status_code == 200
    # Delegations cannot hide comments.
    assert chile.post(page + "/hidden", data={"hidden": "1"}).status_code == 403


def test_a_suspended_account_reads_but_writes_nothing_until_the_suspension_is_lifted(app, cast):
    zero = published_zero(cast)
    negotiation = f"/negotiations/{zero.negotiation_id}"
    facilitator = sign_in(app.test_client(), cast.cofac_a)
    response = facilitator.post(
        f"{negotiation}/moderation/accounts/{cast.delegate_a.id}/suspend",
        data={"reason": "Two thousand copies of one proposal."},
    )
    assert response.status_code == 302
    mexico = sign_in(app.test_client(), cast.delegate_a)
    refused = post_comment(mexico, zero, first_operative(zero), "Still here.")
    assert refused.status_code == 403
    assert "suspended" in refused.get_data(as_text=True)
    assert count(Comment) == 0
    assert mexico.get(f"{negotiation}/revisions/{zero.id}").status_code == 200
    assert "Two thousand copies" in facilitator.get(f"{negotiation}/moderation").get_data(
        as_text=True
    )
    lifted = facilitator.post(f"{negotiation}/moderation/accounts/{cast.delegate_a.id}/lift")
    assert lifted.status_code == 302
    assert post_comment(mexico, zero, first_operative(zero), "Back.").status_code == 302
    assert count(Comment) == 1
    assert count(AuditEvent, action="writing.suspend") == 1


def test_a_suspended_delegate_is_told_where_the_forms_would_be_not_refused_after_typing(app, cast):
    """A suspended delegate was shown every comment form and refused only on sending, the
    words typed lost: the pages now say so where the forms would be, and offer them again
    once the suspension is lifted."""
    from lxml import html

    zero = published_zero(cast)
    negotiation = f"/negotiations/{zero.negotiation_id}"
    paragraph = f"{negotiation}/paragraphs/{first_operative(zero).id}/comments"
    draft = f"{negotiation}/revisions/{zero.id}"
    facilitator = sign_in(app.test_client(), cast.cofac_a)
    mexico, chile = (sign_in(app.test_client(), who) for who in (cast.delegate_a, cast.delegate_b))

    def page(client, path: str):
        return html.fromstring(client.get(path).get_data(as_text=True))

    def forms(client, path: str) -> int:
        action = f"{negotiation}/revisions/{zero.id}/comments"
        return len(page(client, path).xpath(f"//form[@action='{action}']"))

    assert forms(mexico, paragraph) == 1 and forms(mexico, draft) == 1
    facilitator.post(f"{negotiation}/moderation/accounts/{cast.delegate_a.id}/suspend")
    for path in (paragraph, draft):
        assert forms(mexico, path) == 0, path
        notice = page(mexico, path).xpath("string(//p[contains(@class, 'writing-suspended')])")
        assert "suspended your account's comments, joins and replies" in notice
        assert forms(chile, path) == 1  # only the suspended account loses its forms
    assert "Comment or propose" not in mexico.get(draft).get_data(as_text=True)
    facilitator.post(f"{negotiation}/moderation/accounts/{cast.delegate_a.id}/lift")
    assert forms(mexico, paragraph) == 1 and forms(mexico, draft) == 1


def test_every_page_offering_writing_asks_the_one_rule_the_comment_page_too(app, cast):
    """A suspended delegate was still offered the reply, join and edit forms on a comment's own
    page, and the join buttons under every comment card, and was refused only on sending them:
    every page now asks the rule the writes refuse by, and shows the notice in their place."""
    from lxml import html

    zero = published_zero(cast)
    negotiation = f"/negotiations/{zero.negotiation_id}"
    paragraph = first_operative(zero)
    theirs = comment_service.create_comment(
        cast.delegate_a, zero, paragraph=paragraph, kind="comment", body="Mexico speaks."
    )
    own = comment_service.create_comment(
        cast.delegate_b, zero, paragraph=paragraph, kind="comment", body="Chile speaks."
    )
    comment_page = f"{negotiation}/comments/{theirs.id}"
    own_page = f"{negotiation}/comments/{own.id}"
    paragraph_page = f"{negotiation}/paragraphs/{paragraph.id}/comments"
    chile = sign_in(app.test_client(), cast.delegate_b)

    def forms(path: str) -> dict[str, int]:
        page = html.fromstring(chile.get(path).get_data(as_text=True))
        return {
            kind: len(page.xpath(f"//form[contains(@action, '/{kind}')]"))
            for kind in ("join", "replies", "edit")
        } | {"notices": len(page.xpath("//p[contains(@class, 'writing-suspended')]"))}

    assert forms(comment_page) == {"join": 1, "replies": 1, "edit": 0, "notices": 0}
    assert forms(own_page) == {"join": 0, "replies": 1, "edit": 1, "notices": 0}
    assert forms(paragraph_page)["join"] == 1
    facilitator = sign_in(app.test_client(), cast.cofac_a)
    facilitator.post(f"{negotiation}/moderation/accounts/{cast.delegate_b.id}/suspend")
    assert forms(comment_page) == {"join": 0, "replies": 0, "edit": 0, "notices": 1}
    assert forms(own_page) == {"join": 0, "replies": 0, "edit": 0, "notices": 2}
    assert forms(paragraph_page)["join"] == 0
    # Withdrawing stays open to the suspended delegate, as the service allows it.
    assert "Withdraw the comment" in chile.get(own_page).get_data(as_text=True)
    # Mexico, not suspended, is offered every form still.
    mexico = sign_in(app.test_client(), cast.delegate_a)
    page = html.fromstring(mexico.get(own_page).get_data(as_text=True))
    assert page.xpath("//form[contains(@action, '/join')]")
    assert page.xpath("//form[contains(@action, '/replies')]")
