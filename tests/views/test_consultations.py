"""Consultation pages: what delegates and co-facilitators see and can do from the browser."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from lxml import html as lxml_html
from sqlalchemy import select

from tests.conftest import (
    clock_past,
    count,
    fixture_bytes,
    make_user,
    one,
    publish,
    schedule_round,
    sign_in,
)
from tests.services.test_consultations import ZERO, rev1_with_new_op3, top
from tracker.extensions import db
from tracker.models import Comment, ConsultationRound, Delegation, NegotiationFacilitator
from tracker.moments import NEW_YORK, in_words


@pytest.fixture
def zero(cast):
    return publish(cast.cofac_a, cast.negotiation_a, ZERO)


def base(cast) -> str:
    return f"/negotiations/{cast.negotiation_a.id}"


def post_comment(client, cast, revision, paragraph, **fields):
    data = {"paragraph_id": str(paragraph.id), "kind": "comment", "body": "", **fields}
    return client.post(f"{base(cast)}/revisions/{revision.id}/comments", data=data)


def test_a_delegate_comments_from_the_draft_and_markup_is_shown_as_text(app, cast, zero):
    client = sign_in(app.test_client(), cast.delegate_a)
    page = client.get(f"{base(cast)}/revisions/{zero.id}").get_data(as_text=True)
    assert "No comments on OP3 yet" in page and "Comment or propose" in page
    op3 = top(zero, "OP3")
    response = post_comment(
        client, cast, zero, op3, body="<script>alert(1)</script> Please clarify.", kind="question"
    )
    assert response.status_code == 302
    page = client.get(f"{base(cast)}/revisions/{zero.id}").get_data(as_text=True)
    assert "1 comment on OP3</a>:" in page, page[page.find('id="OP3"') :][:1500]
    assert "Mexico" in page[page.find('id="OP3"') :][:3000]
    paragraph_page = client.get(f"{base(cast)}/paragraphs/{op3.id}/comments")
    for html in (page, paragraph_page.get_data(as_text=True)):
        assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Please clarify." in paragraph_page.get_data(
        as_text=True
    )


def test_an_amendment_shows_as_a_diff_and_an_identical_one_is_refused(app, cast, zero):
    client = sign_in(app.test_client(), cast.delegate_a)
    op3 = top(zero, "OP3")
    response = post_comment(client, cast, zero, op3, kind="amend", proposed_text=op3.text)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "identical to the current text" in page
    response = post_comment(
        client,
        cast,
        zero,
        op3,
        kind="amend",
        proposed_text=op3.text.replace("will be webcast", "will be webcast live"),
    )
    comment = one(Comment)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<ins>live </ins>" in page or "<ins> live</ins>" in page
    assert f"/comments/{comment.id}" in response.headers["Location"]


def test_the_same_question_sent_twice_is_refused_on_the_paragraph_page_with_the_text_kept(
    app, cast, zero
):
    """A second form (another tab, a colleague's laptop) with the delegation's own question
    again: the page says it is there already and keeps what was typed; one question is stored."""
    client = sign_in(app.test_client(), cast.delegate_a)
    op3 = top(zero, "OP3")
    question = "Will the webcast be archived?"
    assert post_comment(client, cast, zero, op3, kind="question", body=question).status_code == 302
    response = post_comment(client, cast, zero, op3, kind="question", body=question)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f"Mexico already posted this question on OP3 of {zero.label}" in page
    assert f">{question}</textarea>" in page
    assert count(Comment) == 1


def test_a_proposal_started_from_a_paragraph_with_sub_paragraphs_shows_only_its_change(
    app, cast, zero
):
    """The browser sends the text area's line breaks as CR LF: the proposal, the paragraph's
    own text with one word changed, is stored and compared with "\n" line breaks, so its diff
    marks that word and nothing at the line breaks."""
    from tracker.services.amendable import amendable_text

    client = sign_in(app.test_client(), cast.delegate_a)
    op2 = top(zero, "OP2")
    start = amendable_text(op2)
    assert "\n(c) " in start and "by October 2021" in start
    proposed = start.replace("by October 2021", "by September 2021").replace("\n", "\r\n")
    response = post_comment(client, cast, zero, op2, kind="amend", proposed_text=proposed)
    assert response.status_code == 302
    comment = one(Comment)
    assert "\r" not in comment.proposed_text
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert page.count("<ins") == 1 and page.count("<del") == 1, page
    assert "small-change" not in page


def test_a_forged_delegation_is_refused(app, cast, zero):
    client = sign_in(app.test_client(), cast.delegate_a)
    eu = one(Delegation, code="EU")
    response = post_comment(client, cast, zero, top(zero, "OP1"), body="x", on_behalf_of=eu.id)
    assert response.status_code == 403
    assert count(Comment) == 0


def test_a_paragraph_of_another_negotiation_is_not_found(app, cast, zero):
    client = sign_in(app.test_client(), cast.delegate_a)
    other = f"/negotiations/{cast.negotiation_b.id}"
    op1 = top(zero, "OP1")
    assert client.get(f"{other}/paragraphs/{op1.id}/comments").status_code == 404
    response = client.post(
        f"{base(cast)}/revisions/{zero.id}/comments",
        data={"paragraph_id": "999999", "kind": "comment", "body": "x"},
    )
    assert response.status_code == 404
    response = client.post(
        f"{other}/revisions/{zero.id}/comments",
        data={"paragraph_id": str(op1.id), "kind": "comment", "body": "x"},
    )
    assert response.status_code == 404


def test_facilitator_only_comments_never_reach_other_delegations(app, cast, zero):
    mexico = sign_in(app.test_client(), cast.delegate_a)
    post_comment(
        mexico,
        cast,
        zero,
        top(zero, "OP2"),
        kind="reservation",
        body="Secret reservation",
        visibility="facilitators",
    )
    comment = one(Comment)
    chile = sign_in(app.test_client(), cast.delegate_b)
    for url in (
        f"{base(cast)}/revisions/{zero.id}",
        f"{base(cast)}/revisions/{zero.id}/comments",
        f"{base(cast)}/paragraphs/{top(zero, 'OP2').id}/comments",
    ):
        assert "Secret reservation" not in chile.get(url).get_data(as_text=True)
    assert chile.get(f"{base(cast)}/comments/{comment.id}").status_code == 404
    for who in (cast.delegate_a, cast.cofac_a, cast.secretariat):
        client = sign_in(app.test_client(), who)
        assert "Secret reservation" in client.get(f"{base(cast)}/comments/{comment.id}").get_data(
            as_text=True
        )


def test_an_edit_from_a_tab_opened_before_another_edit_keeps_what_was_typed(app, cast, zero):
    mexico = sign_in(app.test_client(), cast.delegate_a)
    post_comment(mexico, cast, zero, top(zero, "OP1"), body="Please shorten.")
    comment = one(Comment)
    url, seen = f"{base(cast)}/comments/{comment.id}", comment.version
    first = mexico.post(url + "/edit", data={"body": "Please shorten it.", "version": seen})
    assert first.status_code == 302
    typed = "Please shorten it to one line, and drop the last clause."
    response = mexico.post(url + "/edit", data={"body": typed, "version": seen})
    assert response.status_code == 409
    tree = lxml_html.fromstring(response.get_data(as_text=True))
    assert "your edit was not saved" in tree.xpath("string(//div[@role='alert'])")
    assert tree.xpath("string(//textarea[@id='edit-body'])") == typed
    version = tree.xpath("//form[contains(@action, '/edit')]/input[@name='version']/@value")
    db.session.refresh(comment)
    assert comment.body == "Please shorten it." and version == [str(comment.version)]
    again = mexico.post(url + "/edit", data={"body": typed, "version": version[0]})
    assert again.status_code == 302
    db.session.refresh(comment)
    assert comment.body == typed


def test_two_facilitators_triaging_at_once_the_second_gets_a_conflict(app, cast, zero):
    mexico = sign_in(app.test_client(), cast.delegate_a)
    post_comment(mexico, cast, zero, top(zero, "OP1"), body="Please shorten.")
    comment = one(Comment)
    cofac_c = make_user("cofac.c@example.org", "facilitator", name="Second Cofac")
    db.session.add(NegotiationFacilitator(negotiation_id=cast.negotiation_a.id, user=cofac_c))
    db.session.commit()
    url = f"{base(cast)}/comments/{comment.id}"
    first, second = (sign_in(app.test_client(), u) for u in (cast.cofac_a, cofac_c))
    seen = comment.version
    response = first.post(
        url + "/triage", data={"status": "noted", "reply": "Thank you.", "version": seen}
    )
    assert response.status_code == 302
    response = second.post(
        url + "/triage", data={"status": "not_retained", "reply": "", "version": seen}
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "changed while you were triaging" in page and "“Noted”" in page
    db.session.refresh(comment)
    assert comment.triage_status == "noted"
    # The delegate sees the outcome on the paragraph's page.
    response = mexico.get(f"{base(cast)}/paragraphs/{top(zero, 'OP1').id}/comments")
    assert "Thank you." in response.get_data(as_text=True)


def test_join_leave_reply_edit_and_withdraw_from_the_pages(app, cast, zero):
    mexico = sign_in(app.test_client(), cast.delegate_a)
    chile = sign_in(app.test_client(), cast.delegate_b)
    op3 = top(zero, "OP3")
    post_comment(mexico, cast, zero, op3, kind="delete", body="Redundant with OP14.")
    comment = one(Comment)
    url = f"{base(cast)}/comments/{comment.id}"
    chl = one(Delegation, code="CHL")
    assert chile.post(url + "/join", data={"on_behalf_of": chl.id}).status_code == 302
    assert "Mexico, joined by Chile" in mexico.get(url).get_data(as_text=True)
    assert chile.post(url + "/leave", data={"on_behalf_of": chl.id}).status_code == 302
    page = mexico.get(url).get_data(as_text=True)
    assert "Mexico, joined by Chile" not in page and "left" in page
    assert chile.post(url + "/replies", data={"body": "We disagree."}).status_code == 302
    cofac = sign_in(app.test_client(), cast.cofac_a)
    assert cofac.post(url + "/replies", data={"body": "Noted for Rev.1."}).status_code == 302
    response = chile.post(url + "/edit", data={"body": "hijack", "version": comment.version})
    assert response.status_code == 403
    response = mexico.post(url + "/edit", data={"body": "Duplicates OP14.", "version": 1})
    assert response.status_code == 302
    page = mexico.get(url).get_data(as_text=True)
    assert "Duplicates OP14." in page and "Redundant with OP14." in page  # earlier wording kept
    assert "We disagree." in page and "Noted for Rev.1." in page
    # The first press asks for confirmation and changes nothing.
    asked = mexico.post(url + "/withdraw")
    assert asked.status_code == 200 and "Yes, withdraw the comment" in asked.get_data(as_text=True)
    assert "Withdrawn" not in chile.get(url).get_data(as_text=True)
    assert mexico.post(url + "/withdraw", data={"confirmed": "yes"}).status_code == 302
    shown = chile.get(url).get_data(as_text=True)
    # One state: withdrawn, not also "Open".
    assert "Withdrawn" in shown and "triage-open" not in shown


def test_the_paragraph_page_tells_which_comments_were_edited_and_counts_their_replies(
    app, cast, zero
):
    mexico = sign_in(app.test_client(), cast.delegate_a)
    chile = sign_in(app.test_client(), cast.delegate_b)
    op3 = top(zero, "OP3")
    post_comment(mexico, cast, zero, op3, body="First remark.")
    post_comment(mexico, cast, zero, op3, body="Second remark.")
    first, second = db.session.scalars(select(Comment).order_by(Comment.id)).all()
    url = f"{base(cast)}/comments/{first.id}"
    edit = mexico.post(url + "/edit", data={"body": "First, edited.", "version": 1})
    assert edit.status_code == 302
    for body in ("We disagree.", "So do we."):
        assert chile.post(url + "/replies", data={"body": body}).status_code == 302
    page = chile.get(f"{base(cast)}/paragraphs/{op3.id}/comments").get_data(as_text=True)
    cards = {
        comment.id: page[page.find(f'id="comment-{comment.id}"') :].split("</article>")[0]
        for comment in (first, second)
    }
    assert "· edited" in cards[first.id] and "2 replies" in cards[first.id]
    # (Its link to open it offers to reply or edit: no mark of an edit, no count of replies.)
    assert "· edited" not in cards[second.id] and not re.search(r"\d+ repl", cards[second.id])


def test_the_comment_page_shows_each_history_it_has_and_no_empty_one(app, cast, zero):
    mexico = sign_in(app.test_client(), cast.delegate_a)
    post_comment(mexico, cast, zero, top(zero, "OP1"), body="Please shorten.")
    comment = one(Comment)
    url = f"{base(cast)}/comments/{comment.id}"
    sections = ("Joined by", "Triage history", "Earlier wordings", "We disagree.")
    fresh = mexico.get(url).get_data(as_text=True)
    assert not [section for section in sections if section in fresh]
    chile = sign_in(app.test_client(), cast.delegate_b)
    chl = one(Delegation, code="CHL")
    assert chile.post(url + "/join", data={"on_behalf_of": chl.id}).status_code == 302
    assert chile.post(url + "/replies", data={"body": "We disagree."}).status_code == 302
    cofac = sign_in(app.test_client(), cast.cofac_a)
    triaged = cofac.post(url + "/triage", data={"status": "noted", "reply": "", "version": 1})
    assert triaged.status_code == 302
    edit = mexico.post(url + "/edit", data={"body": "Shorten it.", "version": 2})
    assert edit.status_code == 302
    page = mexico.get(url).get_data(as_text=True)
    assert [section for section in sections if section in page] == list(sections)
    assert "Chile — joined" in page and "Please shorten." in page


def round_fields(revision, **changed: str) -> dict[str, str]:
    """What the form scheduling a round sends: a morning meeting in 2099 on `revision`."""
    return {
        "title": "First informal consultations",
        "revision_id": str(revision.id),
        "day": "2099-03-12",
        "starts": "10:00",
        "ends": "13:00",
        "venue": "Conference Room 7",
        "virtual_link": "",
        "deadline_day": "2099-03-11",
        "deadline_time": "18:00",
        **changed,
    }


def test_rounds_are_scheduled_shown_and_exported(app, cast, zero):
    cofac = sign_in(app.test_client(), cast.cofac_a)
    form = round_fields(zero)
    bad = cofac.post(f"{base(cast)}/rounds/new", data={**form, "day": "tomorrow"})
    assert bad.status_code == 422 and "Start: " in bad.get_data(as_text=True)
    response = cofac.post(f"{base(cast)}/rounds/new", data=form)
    assert response.status_code == 302
    delegate = sign_in(app.test_client(), cast.delegate_a)
    page = delegate.get(base(cast)).get_data(as_text=True)
    assert "First informal consultations" in page
    assert "12 March 2099, 10:00 New York time (14:00 UTC)" in page
    round_url = response.headers["Location"]
    ics = delegate.get(round_url + "/calendar.ics")
    assert ics.mimetype == "text/calendar" and b"BEGIN:VEVENT" in ics.data
    edit = cofac.post(round_url + "/edit", data={**form, "title": "Second reading", "version": "0"})
    assert edit.status_code == 302
    assert "Second reading" in delegate.get(round_url).get_data(as_text=True)
    # Once the deadline has passed, the draft no longer takes comments.
    scheduled = one(ConsultationRound)
    scheduled.comment_deadline = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()
    response = post_comment(delegate, cast, zero, top(zero, "OP1"), body="late")
    assert response.status_code == 422 and "deadline" in response.get_data(as_text=True)


def test_compilation_page_and_docx(app, cast, zero):
    from tests.services.test_consultations import schedule

    consultation_round = schedule(cast, zero)
    mexico = sign_in(app.test_client(), cast.delegate_a)
    chile = sign_in(app.test_client(), cast.delegate_b)
    op3 = top(zero, "OP3")
    post_comment(
        mexico,
        cast,
        zero,
        op3,
        kind="amend",
        proposed_text=op3.text.replace("will be webcast", "will be webcast live"),
    )
    comment = one(Comment)
    chile.post(f"{base(cast)}/comments/{comment.id}/join")
    post_comment(chile, cast, zero, top(zero, "OP5"), kind="new_after", proposed_text="New one;")
    url = f"{base(cast)}/rounds/{consultation_round.id}/compilation"
    page = chile.get(url).get_data(as_text=True)
    assert "Mexico, joined by Chile" in page and "amend to read" in page
    assert "OP5 bis" in page
    assert chile.get(url + ".docx").status_code == 403
    secretariat = sign_in(app.test_client(), cast.secretariat)
    docx = secretariat.get(url + ".docx")
    assert docx.status_code == 200 and docx.data[:2] == b"PK"
    # Named as the other exports are: the negotiation, the text, its date, the round.
    assert re.search(
        r'filename="negotiation-a-zero-draft-\d{4}-\d\d-\d\d-first-informal-consultations-'
        r'compilation\.docx"',
        docx.headers["Content-Disposition"],
    ), docx.headers["Content-Disposition"]


def test_paragraph_status_from_the_page(app, cast, zero):
    cofac = sign_in(app.test_client(), cast.cofac_a)
    op1 = top(zero, "OP1")
    url = f"{base(cast)}/paragraphs/{op1.id}/status"
    assert cofac.post(url, data={"status": "agreed_ad_ref"}).status_code == 302
    page = cofac.get(f"{base(cast)}/revisions/{zero.id}").get_data(as_text=True)
    assert "Agreed ad ref" in page
    assert cofac.post(url, data={"status": "nonsense"}).status_code == 302
    delegate = sign_in(app.test_client(), cast.delegate_a)
    assert delegate.post(url, data={"status": "bracketed"}).status_code == 403


def test_carried_forward_comment_shows_where_it_was_made(app, cast, zero):
    mexico = sign_in(app.test_client(), cast.delegate_a)
    post_comment(mexico, cast, zero, top(zero, "OP3"), body="On webcasting.")
    rev1 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=rev1_with_new_op3())
    page = mexico.get(f"{base(cast)}/revisions/{rev1.id}").get_data(as_text=True)
    assert "1 comment on OP4" in page and "No comments on OP3 yet" in page
    op4 = top(rev1, "OP4")
    page = mexico.get(f"{base(cast)}/paragraphs/{op4.id}/comments").get_data(as_text=True)
    assert "made on Zero draft OP3" in page


def test_a_superseded_paragraph_leads_to_where_it_stands_in_the_latest_text(app, cast, zero):
    # OP3 of the zero draft is OP4 of Rev.1; OP15 is no longer in Rev.2. Each page of the
    # superseded text says where comments are taken now (it had named the text only).
    mexico = sign_in(app.test_client(), cast.delegate_a)
    rev1 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=rev1_with_new_op3())
    page = mexico.get(f"{base(cast)}/paragraphs/{top(zero, 'OP3').id}/comments")
    link = f'href="{base(cast)}/paragraphs/{top(rev1, "OP4").id}/comments">comment on OP4 of Rev.1'
    assert link in page.get_data(as_text=True)
    text = rev1_with_new_op3().decode("utf-8")
    without_op16 = "\n".join(line for line in text.split("\n") if not line.startswith("16. "))
    rev2 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=without_op16.encode())
    page = mexico.get(f"{base(cast)}/paragraphs/{top(rev1, 'OP16').id}/comments")
    html = " ".join(page.get_data(as_text=True).split())
    assert "comments are taken on Rev.2: this paragraph is not in it" in html
    assert f'href="{base(cast)}/revisions/{rev2.id}">open Rev.2</a>' in html
    assert "<form" not in html.split('id="form-heading"')[1]


def test_whole_text_comments_and_comments_on_deleted_paragraphs_are_shown(app, cast, zero):
    mexico = sign_in(app.test_client(), cast.delegate_a)
    url = f"{base(cast)}/revisions/{zero.id}/comments"
    response = mexico.post(url, data={"kind": "reservation", "body": "On the whole text."})
    assert response.status_code == 302
    refused = mexico.post(url, data={"kind": "amend", "proposed_text": "x"})
    assert refused.status_code == 422 and "choose the paragraph" in refused.get_data(as_text=True)
    post_comment(mexico, cast, zero, top(zero, "OP15"), kind="retain", body="Keep the Fund.")
    text = fixture_bytes(ZERO).decode("utf-8")
    without_op15 = "\n".join(line for line in text.split("\n") if not line.startswith("15. "))
    rev1 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=without_op15.encode())
    chile = sign_in(app.test_client(), cast.delegate_b)
    for page_url in (
        f"{base(cast)}/revisions/{rev1.id}",
        f"{base(cast)}/revisions/{rev1.id}/comments",
    ):
        page = chile.get(page_url).get_data(as_text=True)
        assert "On the whole text." in page
        orphaned = page[page.index("Comments on paragraphs no longer in the text") :]
        assert "Keep the Fund." in orphaned and "made on Zero draft OP15" in orphaned


def test_the_draft_summary_names_only_the_delegations_a_reader_may_see(app, cast, zero):
    chile = sign_in(app.test_client(), cast.delegate_b)
    mexico = sign_in(app.test_client(), cast.delegate_a)
    op2 = top(zero, "OP2")
    post_comment(chile, cast, zero, op2, body="Only for you.", visibility="facilitators")
    post_comment(mexico, cast, zero, op2, body="For everyone.")
    url = f"{base(cast)}/revisions/{zero.id}"

    def summary(client) -> str:
        page = client.get(url).get_data(as_text=True)
        start = page.find('id="OP2"')
        return page[start : page.find('id="OP3"')]

    assert "1 comment on OP2" in summary(mexico) and "Chile" not in summary(mexico)
    assert "2 comments on OP2" in summary(chile) and "Chile; Mexico" in summary(chile)
    cofac = sign_in(app.test_client(), cast.cofac_a)
    assert "2 comments on OP2" in summary(cofac)
    comment = one(Comment, body="For everyone.")
    mexico.post(f"{base(cast)}/comments/{comment.id}/withdraw", data={"confirmed": "yes"})
    assert "1 comment on OP2" in summary(cofac)


def test_after_the_deadline_a_comment_offers_delegations_nothing_they_would_be_refused(
    app, cast, zero, monkeypatch
):
    """Once the round's deadline has passed, delegations are no longer shown forms the server
    refuses: no joining on the paragraph's cards and no form for a new comment on its page, no
    editing, withdrawing or replying on the comment's page; both pages say why. The
    co-facilitators still reply."""
    from datetime import timedelta

    from tracker.services import comments

    closing = schedule_round(cast, zero, comments_for=timedelta(minutes=1))
    paragraph = top(zero, "OP1")
    comment = comments.create_comment(
        cast.delegate_a, zero, paragraph=paragraph, kind="comment", body="Ours."
    )
    paragraph_url = f"{base(cast)}/paragraphs/{paragraph.id}/comments"
    comment_url = f"{base(cast)}/comments/{comment.id}"
    chile = sign_in(app.test_client(), cast.delegate_b)
    mexico = sign_in(app.test_client(), cast.delegate_a)
    page = chile.get(paragraph_url).get_data(as_text=True)
    assert "join-form" in page and 'class="comment-form"' in page
    assert "Save the edit" in mexico.get(comment_url).get_data(as_text=True)

    # Nothing written: the clock alone moves past the deadline.
    clock_past(monkeypatch, closing.comment_deadline)
    page = chile.get(paragraph_url).get_data(as_text=True)
    assert "join-form" not in page and 'class="comment-form"' not in page
    assert "The last deadline for comments on" in page
    assert chile.post(f"{comment_url}/join").status_code == 422  # as the server decides
    refused = chile.post(
        f"{base(cast)}/revisions/{zero.id}/comments",
        data={"paragraph_id": str(paragraph.id), "kind": "comment", "body": "Too late."},
    )
    assert refused.status_code == 422 and "deadline" in refused.get_data(as_text=True)
    page = mexico.get(comment_url).get_data(as_text=True)
    assert "Save the edit" not in page and "Withdraw the comment" not in page
    assert "Post reply" not in page
    assert "The deadline of First reading passed on" in page
    cofac = sign_in(app.test_client(), cast.cofac_a)
    assert "Post reply" in cofac.get(comment_url).get_data(as_text=True)


def test_a_comment_on_a_superseded_or_withdrawn_text_offers_no_join_or_reply_it_would_refuse(
    app, cast, zero
):
    """Once Rev.1 supersedes the zero draft, its comments (shown on Rev.1's pages as carried
    forward) offer no joining or replying, which the server refuses, and say why; a withdrawn
    comment's thread offers no reply to anyone. A refused reply comes back on the comment's
    page with the words as written, never on a dead-end page that loses them."""
    from tracker.services import comments

    paragraph = top(zero, "OP1")
    carried = comments.create_comment(
        cast.delegate_a, zero, paragraph=paragraph, kind="comment", body="Ours."
    )
    withdrawn = comments.create_comment(
        cast.delegate_a, zero, paragraph=paragraph, kind="question", body="Which year?"
    )
    comments.withdraw_comment(cast.delegate_a, withdrawn)
    chile = sign_in(app.test_client(), cast.delegate_b)
    cofac = sign_in(app.test_client(), cast.cofac_a)
    carried_url = f"{base(cast)}/comments/{carried.id}"
    withdrawn_url = f"{base(cast)}/comments/{withdrawn.id}"
    assert "Post reply" in chile.get(carried_url).get_data(as_text=True)
    assert "Post reply" not in chile.get(withdrawn_url).get_data(as_text=True)
    assert "Post reply" not in cofac.get(withdrawn_url).get_data(as_text=True)

    rev1 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=rev1_with_new_op3())
    on_rev1 = chile.get(f"{base(cast)}/revisions/{rev1.id}/comments").get_data(as_text=True)
    assert "Ours." in on_rev1 and "join-form" not in on_rev1
    page = chile.get(carried_url).get_data(as_text=True)
    assert "Post reply" not in page and "join-form" not in page
    assert "superseded; it can no longer be replied to. Comment on Rev.1 instead." in page
    assert "Post reply" in cofac.get(carried_url).get_data(as_text=True)

    refused = chile.post(f"{carried_url}/replies", data={"body": "We would add 2030."})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "it can no longer be replied to" in page and "We would add 2030." in page
    refused = chile.post(f"{carried_url}/join", data={})
    assert refused.status_code == 422 and "Comment on Rev.1 instead." in refused.get_data(
        as_text=True
    )


def test_an_empty_reply_is_refused_on_the_comment_page(app, cast, zero):
    from tracker.services import comments

    comment = comments.create_comment(
        cast.delegate_a, zero, paragraph=top(zero, "OP1"), kind="comment", body="Ours."
    )
    chile = sign_in(app.test_client(), cast.delegate_b)
    refused = chile.post(f"{base(cast)}/comments/{comment.id}/replies", data={"body": "  "})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "Write the reply." in page and 'id="reply-body"' in page and "Ours." in page


def test_a_refused_page_names_the_refusal_alike_in_its_title_and_its_heading(app, cast):
    """A screen reader reads the window's title first: it says what the heading says."""
    client = sign_in(app.test_client(), cast.delegate_a)
    response = client.get("/admin/accounts")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "<title>That did not work · Resolution Tracker</title>" in page
    assert "<h1>That did not work</h1>" in page
    assert "Only the secretariat can do that." in page


#: A text whose OP2 opens with italic words, has two sub-paragraphs and cites a note in (a).
NOTED = """The General Assembly,

*Recalling* its resolution 75/1,[^1]

1. *Decides* to convene a high-level meeting in 2026;[^2]

2. *Also decides* that the meeting will be organized as follows:

(a) An opening plenary meeting;[^3]

(b) Two interactive panel discussions;

3. *Requests* the Secretary-General to report on the meeting.

[^1]: A/RES/75/1.

[^2]: See A/80/100.

[^3]: In the General Assembly Hall.
"""


def test_the_paragraph_page_shows_the_paragraph_as_the_draft_prints_it(app, cast):
    # A delegate commenting on OP2 sees OP2 as it stands in the draft: its number, its italic
    # opening, its sub-paragraphs each with its label, and the note its mark links to (not
    # the text's other notes); the proposal to amend still starts from the plain text.
    revision = publish(cast.cofac_a, cast.negotiation_a, "noted.md", NOTED.encode())
    mexico = sign_in(app.test_client(), cast.delegate_a)
    op2 = top(revision, "OP2")
    page = mexico.get(f"{base(cast)}/paragraphs/{op2.id}/comments").get_data(as_text=True)
    shown = page[page.index("</h1>") : page.index('id="comments-heading"')]
    assert '<span class="num">2.</span> <em>Also decides</em> that the meeting' in shown
    assert '<span class="num">(a)</span> An opening plenary meeting;' in shown
    assert '<span class="num">(b)</span> Two interactive panel discussions;' in shown
    assert '<sup class="fn-ref"><a href="#fn3">3</a></sup>' in shown
    note = re.search(r'<li id="fn3"[^>]*><sup>3</sup> (.*?)</li>', shown)
    assert note is not None and note.group(1) == "In the General Assembly Hall."
    assert 'id="fn1"' not in page and 'id="fn2"' not in page
    proposal = re.search(r'<textarea name="proposed_text"[^>]*>(.*?)</textarea>', page, re.S)
    assert proposal is not None and proposal.group(1) == (
        "Also decides that the meeting will be organized as follows:\n"
        "(a) An opening plenary meeting;\n(b) Two interactive panel discussions;"
    )
    # A sub-paragraph's own page shows it with its label and its note; a preambular
    # paragraph's, its italic opening and its note.
    sub = next(p for p in revision.paragraphs if p.path == "OP2 (a)")
    page = mexico.get(f"{base(cast)}/paragraphs/{sub.id}/comments").get_data(as_text=True)
    assert '<span class="num">(a)</span> An opening plenary meeting;' in page
    assert "(b) Two interactive" not in page and 'id="fn3"' in page
    pp1 = top(revision, "PP1")
    page = mexico.get(f"{base(cast)}/paragraphs/{pp1.id}/comments").get_data(as_text=True)
    assert "<em>Recalling</em> its resolution 75/1," in page
    assert '<a href="#fn1">1</a>' in page and "A/RES/75/1." in page


#: NOTED with sub-paragraphs of a sub-paragraph, in OP2 (b).
NESTED = NOTED.replace(
    "(b) Two interactive panel discussions;",
    "(b) Two interactive panel discussions on:\n\n(i) Financing;\n\n(ii) Data;",
)


def _between(page: str, start: str, end: str) -> str:
    """The part of the page from `start` to `end`."""
    return page[page.index(start) : page.index(end, page.index(start))]


def test_the_compilation_prints_each_paragraph_as_the_draft_does(app, cast):
    # The compilation is the text with the proposals under each paragraph: each paragraph
    # reads as in the draft (its number, italic opening, sub-paragraphs to the last level, note
    # marks linking to the notes it cites, listed beneath it), and its proposals follow.
    from tests.services.test_consultations import schedule

    revision = publish(cast.cofac_a, cast.negotiation_a, "nested.md", NESTED.encode())
    consultation_round = schedule(cast, revision)
    mexico = sign_in(app.test_client(), cast.delegate_a)
    sub = next(p for p in revision.paragraphs if p.path == "OP2 (a)")
    proposals = (
        (sub, "amend", "A solemn opening plenary meeting;"),
        (top(revision, "OP2"), "new_after", "Decides also to hold a closing meeting;"),
    )
    for paragraph, kind, words in proposals:
        response = post_comment(mexico, cast, revision, paragraph, kind=kind, proposed_text=words)
        assert response.status_code == 302
    url = f"{base(cast)}/rounds/{consultation_round.id}/compilation"
    for reader in (mexico, sign_in(app.test_client(), cast.cofac_a)):
        page = reader.get(url).get_data(as_text=True)
        op2 = _between(page, 'id="c-OP2"', 'id="c-OP3"')
        assert '<span class="num">2.</span> <em>Also decides</em> that the meeting' in op2
        assert (
            '<span class="num">(a)</span> An opening plenary meeting;'
            '<sup class="fn-ref"><a href="#fn3">3</a></sup>'
        ) in op2
        assert '<span class="num">(i)</span> Financing;' in op2
        assert '<span class="num">(ii)</span> Data;' in op2
        note = re.search(r'<li id="fn3"[^>]*><sup>3</sup> (.*?)</li>', op2)
        assert note is not None and note.group(1) == "In the General Assembly Hall."
        # The proposals stay under the paragraph, after its text and notes.
        assert op2.index('id="fn3"') < op2.index("amend to read") < op2.index("OP2 bis")
        pp1 = _between(page, 'id="c-PP1"', 'id="c-OP1"')
        assert "<em>Recalling</em> its resolution 75/1," in pp1
        assert '<a href="#fn1">1</a>' in pp1 and "A/RES/75/1." in pp1
        assert page.count('id="fn3"') == 1


def test_a_comment_page_quotes_its_paragraph_as_the_draft_prints_it(app, cast):
    # A delegate opening a comment reads the paragraph it is on as the draft printed it:
    # number, italic opening, sub-paragraphs, and the note its mark links to; the list of
    # the text's comments quotes each paragraph alike.
    revision = publish(cast.cofac_a, cast.negotiation_a, "noted.md", NOTED.encode())
    mexico = sign_in(app.test_client(), cast.delegate_a)
    op2 = top(revision, "OP2")
    response = post_comment(mexico, cast, revision, op2, kind="question", body="Which panels?")
    comment_url = response.headers["Location"]
    sub = next(p for p in revision.paragraphs if p.path == "OP2 (a)")
    response = post_comment(mexico, cast, revision, sub, kind="question", body="Where?")
    sub_url = response.headers["Location"]
    chile = sign_in(app.test_client(), cast.delegate_b)
    for page in (
        chile.get(comment_url).get_data(as_text=True),
        _between(
            chile.get(f"{base(cast)}/revisions/{revision.id}/comments").get_data(as_text=True),
            'id="h-OP2"',
            'id="h-OP2-a"',
        ),
    ):
        quoted = page[: page.index('<article class="comment')]
        assert '<span class="num">2.</span> <em>Also decides</em> that the meeting' in quoted
        assert '<span class="num">(b)</span> Two interactive panel discussions;' in quoted
        assert '<sup class="fn-ref"><a href="#fn3">3</a></sup>' in quoted
        note = re.search(r'<li id="fn3"[^>]*><sup>3</sup> (.*?)</li>', quoted)
        assert note is not None and note.group(1) == "In the General Assembly Hall."
    # A comment on a sub-paragraph quotes the sub-paragraph alone.
    page = chile.get(sub_url).get_data(as_text=True)
    quoted = page[: page.index('<article class="comment')]
    assert '<span class="num">(a)</span> An opening plenary meeting;' in quoted
    assert "Two interactive" not in quoted and 'id="fn3"' in quoted


def test_a_round_on_a_superseded_text_says_it_is_closed_on_every_page(app, cast, zero):
    from tests.services.test_consultations import schedule

    consultation_round = schedule(cast, zero)  # meets tomorrow, comments until the day after
    delegate = sign_in(app.test_client(), cast.delegate_a)
    round_url = f"{base(cast)}/rounds/{consultation_round.id}"
    assert "— open" in delegate.get(round_url).get_data(as_text=True)

    rev1 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=rev1_with_new_op3())
    rev2_text = rev1_with_new_op3(("will be webcast,", "will be webcast live,"))
    publish(cast.cofac_a, cast.negotiation_a, ZERO, data=rev2_text)
    closed = (
        f"closed: Rev.1 was circulated on {in_words(rev1.published_at)} — comments are now "
        "taken on Rev.2"
    )
    for url in (round_url, base(cast)):
        page = " ".join(delegate.get(url).get_data(as_text=True).split())
        assert closed in page, url
        assert "— open" not in page, url
        assert "still scheduled" in page and "superseded" in page, url
    round_page = " ".join(delegate.get(round_url).get_data(as_text=True).split())
    assert "this round takes no more comments; they are taken on" in round_page


def test_a_round_whose_meeting_is_past_on_a_superseded_text_is_not_said_to_be_scheduled(
    app, cast, zero
):
    from tests.services.test_consultations import schedule

    consultation_round = schedule(cast, zero)
    consultation_round.starts_at = datetime.now(UTC) - timedelta(days=1)
    consultation_round.ends_at = consultation_round.starts_at + timedelta(hours=3)
    db.session.commit()
    publish(cast.cofac_a, cast.negotiation_a, ZERO, data=rev1_with_new_op3())
    delegate = sign_in(app.test_client(), cast.delegate_a)
    for url in (f"{base(cast)}/rounds/{consultation_round.id}", base(cast)):
        page = " ".join(delegate.get(url).get_data(as_text=True).split())
        assert "comments are now taken on Rev.1" in page and "still scheduled" not in page


def test_a_comment_page_names_the_text_it_quotes_and_links_to_the_paragraph_as_it_stands(
    app, cast, zero
):
    # OP3 of the zero draft is OP4 of Rev.1 and reworded in Rev.2: the comment page quotes
    # the wording commented on, says which it is, and leads to the paragraph as it now stands.
    mexico = sign_in(app.test_client(), cast.delegate_a)
    comment_url = post_comment(mexico, cast, zero, top(zero, "OP3"), body="On OP3.").location
    rev1 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=rev1_with_new_op3())
    caption = re.compile(r"<figcaption[^>]*>(.*?)</figcaption>", re.S)
    page = mexico.get(comment_url).text
    unchanged = f'href="{base(cast)}/paragraphs/{top(rev1, "OP4").id}/comments">where it is OP4'
    assert caption.search(page).group(1) == (
        f"Zero draft OP3, as commented on; unchanged in Rev.1, <a {unchanged}</a>"
    )
    op4 = top(rev1, "OP4").text
    reworded = rev1_with_new_op3(extra_edit=(op4[20:40], op4[20:40] + " also"))
    rev2 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=reworded)
    page = mexico.get(comment_url).text
    now = f'href="{base(cast)}/paragraphs/{top(rev2, "OP4").id}/comments">Rev.2 OP4 as it now'
    assert caption.search(page).group(1) == (
        f"Zero draft OP3, as commented on. It has changed since: <a {now} stands</a>"
    )


def test_each_comment_on_a_paragraph_page_has_a_plain_link_to_open_it(app, cast, zero):
    # Replying, joining, editing and withdrawing happen on the comment's page: the list says
    # so in a link of its own, named for the comment for those who list a page's links.
    mexico = sign_in(app.test_client(), cast.delegate_a)
    op3 = top(zero, "OP3")
    comment_url = post_comment(mexico, cast, zero, op3, kind="question", body="Why?").location
    page = sign_in(app.test_client(), cast.delegate_b).get(
        f"{base(cast)}/paragraphs/{op3.id}/comments"
    )
    link = re.search(r'<p class="meta comment-open"><a href="([^"]+)">(.*?)</a>', page.text)
    assert link is not None and link.group(1) == comment_url
    assert link.group(2) == (
        'Open<span class="visually-hidden"> Mexico: Question</span> to reply, join or edit'
    )
    assert "comment-open" not in mexico.get(comment_url).text


def test_the_notification_of_a_reply_lands_at_the_reply(app, cast, zero):
    mexico = sign_in(app.test_client(), cast.delegate_a)
    comment_url = post_comment(mexico, cast, zero, top(zero, "OP3"), body="Shorter.").location
    chile = sign_in(app.test_client(), cast.delegate_b)
    chile.post(comment_url + "/replies", data={"body": "Chile shares the concern."})
    [reply] = one(Comment, id=int(comment_url.rsplit("/", 1)[1])).replies
    inbox = mexico.get("/notifications").text
    opened = re.search(r'<a href="(/notifications/\d+)">Chile replied to your comment', inbox)
    assert opened is not None
    landed = mexico.get(opened.group(1))
    assert landed.location == f"{comment_url}#reply-{reply.id}"
    page = mexico.get(comment_url).text
    assert f'<article class="reply" id="reply-{reply.id}">' in page


def _round_form(consultation_round_page: str) -> dict[str, str]:
    """The values the edit form of a round carries, as the browser would send them."""
    fields = {
        name: unescape(value)
        for name, value in re.findall(
            r'<input type="[a-z]+" name="(\w+)"[^>]*? value="([^"]*)"', consultation_round_page
        )
    }
    fields.pop("csrf_token", None)
    selected = re.search(r'<option value="(\d+)" selected>', consultation_round_page)
    return {**fields, "revision_id": selected.group(1) if selected else ""}


def test_a_round_edited_from_a_form_opened_before_another_change_is_refused_keeping_the_input(
    app, cast, zero
):
    """Two co-facilitators edit the same round: the second, from a tab opened before the
    first saved, would have put back the old values and sent every delegation a second
    "rescheduled" letter."""
    from tracker.models import OutboxLetter, OutboxMessage

    cofac_c = make_user("cofac.c@example.org", "facilitator", name="Second Cofac")
    db.session.add(NegotiationFacilitator(negotiation_id=cast.negotiation_a.id, user=cofac_c))
    db.session.commit()
    consultation_round = schedule_round(cast, zero, comments_for=timedelta(days=5))
    url = f"{base(cast)}/rounds/{consultation_round.id}/edit"
    georgia, philippines = (sign_in(app.test_client(), u) for u in (cast.cofac_a, cofac_c))
    seen_by_georgia = _round_form(georgia.get(url).text)
    seen_by_philippines = _round_form(philippines.get(url).text)
    saved = georgia.post(url, data={**seen_by_georgia, "venue": "Conference Room 4"})
    assert saved.status_code == 302
    sent = count(OutboxMessage) + count(OutboxLetter)

    typed = {**seen_by_philippines, "title": "First reading (continued)"}
    refused = philippines.post(url, data=typed)
    assert refused.status_code == 409
    page = refused.text
    assert "The round was changed by someone else since you opened this form" in page
    # What the other changed, taken into the form where the person left the field as it was;
    # what the person typed, still in the form.
    assert "Changed by someone else since you opened this form" in page
    assert (
        "Venue</th><td>Conference Room 4</td><td>Conference Room 4 "
        '<span class="muted">(taken into your form)</span>' in page
    )
    assert "Title</th>" not in page
    assert _round_form(page)["title"] == "First reading (continued)"
    assert _round_form(page)["venue"] == "Conference Room 4"
    db.session.expire_all()
    stored = db.session.get(ConsultationRound, consultation_round.id)
    assert stored.title == "First reading" and stored.venue == "Conference Room 4"
    assert count(OutboxMessage) + count(OutboxLetter) == sent
    # Saved again from the form shown, it is written over the round as it is now.
    again = philippines.post(url, data=_round_form(page))
    assert again.status_code == 302
    db.session.expire_all()
    stored = db.session.get(ConsultationRound, consultation_round.id)
    assert stored.title == "First reading (continued)" and stored.venue == "Conference Room 4"
    # A form that names no version is not written over whatever is stored either.
    no_version = {k: v for k, v in _round_form(page).items() if k != "version"}
    assert philippines.post(url, data=no_version).status_code == 409


def test_a_field_both_co_facilitators_changed_keeps_the_persons_value_and_says_so(app, cast, zero):
    consultation_round = schedule_round(cast, zero, comments_for=timedelta(days=5))
    url = f"{base(cast)}/rounds/{consultation_round.id}/edit"
    cofac = sign_in(app.test_client(), cast.cofac_a)
    first_tab, second_tab = _round_form(cofac.get(url).text), _round_form(cofac.get(url).text)
    assert cofac.post(url, data={**first_tab, "venue": "Conference Room 4"}).status_code == 302
    refused = cofac.post(url, data={**second_tab, "venue": "Trusteeship Council Chamber"})
    assert refused.status_code == 409
    assert (
        "Venue</th><td>Conference Room 4</td><td>Trusteeship Council Chamber "
        '<span class="badge">yours, kept</span>' in refused.text
    )
    assert _round_form(refused.text)["venue"] == "Trusteeship Council Chamber"


def test_a_round_is_not_scheduled_with_its_comment_deadline_past_but_a_past_round_is_corrected(
    app, cast, zero
):
    """Scheduled with a deadline already past, a round was announced to every delegation with
    its comments closed; a round whose deadline has passed still has its venue corrected."""
    from tracker.models import OutboxLetter, OutboxMessage

    cofac = sign_in(app.test_client(), cast.cofac_a)
    form = {
        "title": "First informal consultations",
        "revision_id": str(zero.id),
        "day": "2099-03-12",
        "starts": "10:00",
        "ends": "13:00",
        "venue": "Conference Room 7",
        "deadline_day": "2020-01-01",
        "deadline_time": "18:00",
    }
    sent = count(OutboxMessage) + count(OutboxLetter)
    refused = cofac.post(f"{base(cast)}/rounds/new", data=form)
    assert refused.status_code == 422
    assert (
        "The comment deadline, 1 January 2020, 18:00 New York time (23:00 UTC), has already "
        "passed: choose a later one." in refused.text
    )
    assert count(ConsultationRound) == 0
    assert count(OutboxMessage) + count(OutboxLetter) == sent

    # A round whose deadline passed (read, as a minute ago, to the second).
    consultation_round = schedule_round(cast, zero, comments_for=timedelta(days=2))
    consultation_round.comment_deadline = datetime.now(UTC).replace(microsecond=0) - timedelta(
        minutes=1, seconds=7
    )
    db.session.commit()
    deadline = consultation_round.comment_deadline
    url = f"{base(cast)}/rounds/{consultation_round.id}/edit"
    opened = _round_form(cofac.get(url).text)
    corrected = cofac.post(url, data={**opened, "venue": "Conference Room 4"})
    assert corrected.status_code == 302
    db.session.expire_all()
    stored = db.session.get(ConsultationRound, consultation_round.id)
    assert stored.venue == "Conference Room 4" and stored.comment_deadline == deadline
    # Its deadline is not moved into the past either.
    moved = cofac.post(url, data={**_round_form(cofac.get(url).text), "deadline_day": "2020-01-01"})
    assert moved.status_code == 422 and "has already passed: choose a later one." in moved.text
    db.session.expire_all()
    assert db.session.get(ConsultationRound, consultation_round.id).comment_deadline == deadline


def test_a_comment_on_a_superseded_text_can_be_withdrawn_but_not_edited(app, cast, zero):
    """Once Rev.1 is circulated, a proposal on the zero draft no longer changes its wording
    (the co-facilitators drafted Rev.1 from it); its page says so and offers to withdraw it."""
    from tracker.services.comments import create_comment

    comment = create_comment(
        cast.delegate_a, zero, paragraph=top(zero, "OP3"), kind="comment", body="Shorten it."
    )
    publish(cast.cofac_a, cast.negotiation_a, ZERO, data=rev1_with_new_op3())
    mexico = sign_in(app.test_client(), cast.delegate_a)
    url = f"{base(cast)}/comments/{comment.id}"

    page = mexico.get(url).get_data(as_text=True)
    assert "Save the edit" not in page and "Withdraw the comment" in page
    assert "which Rev.1 has superseded; it can no longer be edited" in page

    typed = "Shorten it, and drop the date."
    refused = mexico.post(url + "/edit", data={"body": typed, "version": comment.version})
    assert refused.status_code == 422
    assert "it can no longer be edited. Comment on Rev.1 instead." in refused.text
    db.session.expire_all()
    assert comment.body == "Shorten it."

    withdrawn = mexico.post(url + "/withdraw", data={"confirmed": "yes"})
    assert withdrawn.status_code == 302
    db.session.expire_all()
    assert comment.is_withdrawn


def test_a_late_session_past_midnight_is_scheduled_and_edited_a_mistyped_one_refused(
    app, cast, zero
):
    """The form gives a date and two times in New York: a meeting from 21:00 to 01:00 ends the
    next day (it was refused as ending before it starts, and a round scheduled in the evening
    could not be edited); 10:00 to 09:00 is a slip of the keyboard, not a 23-hour meeting."""
    cofac = sign_in(app.test_client(), cast.cofac_a)
    form = round_fields(zero, title="Final informal consultations", starts="21:00", ends="01:00")
    response = cofac.post(f"{base(cast)}/rounds/new", data=form)
    assert response.status_code == 302
    scheduled = one(ConsultationRound)
    assert scheduled.ends_at - scheduled.starts_at == timedelta(hours=4)
    assert scheduled.ends_at.astimezone(NEW_YORK).day == 13
    round_url = response.headers["Location"]
    assert "13 March 2099, 01:00 New York time" in cofac.get(round_url).get_data(as_text=True)
    # Its edit form shows it as it was typed, and saving a change keeps it overnight.
    shown = _round_form(cofac.get(round_url + "/edit").text)
    assert (shown["day"], shown["starts"], shown["ends"]) == ("2099-03-12", "21:00", "01:00")
    assert cofac.post(round_url + "/edit", data={**shown, "venue": "Trusteeship Council"})
    db.session.expire_all()
    assert scheduled.venue == "Trusteeship Council"
    assert scheduled.ends_at - scheduled.starts_at == timedelta(hours=4)

    mistyped = cofac.post(
        f"{base(cast)}/rounds/new", data={**form, "starts": "10:00", "ends": "09:00"}
    )
    assert mistyped.status_code == 422
    assert "The meeting must end after it starts." in mistyped.get_data(as_text=True)


def _struck_in_compilation(data: bytes) -> str:
    """The struck-through words of a compilation .docx (what its proposals delete)."""
    import io
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    return " ".join(
        "".join(t.text or "" for t in run.iter(w + "t"))
        for run in root.iter(w + "r")
        if run.find(f"{w}rPr/{w}strike") is not None
    )


def test_a_proposal_keeping_only_the_chapeau_shows_its_sub_paragraphs_deleted(app, cast, zero):
    """An amendment to an OP starts from the OP with its sub-paragraphs; one that keeps only
    the chapeau deletes them, and its diff says so on the page and in the compilation (not
    only the words it adds to the chapeau)."""
    from tests.services.test_consultations import schedule
    from tracker.services.amendable import amendable_text

    consultation_round = schedule(cast, zero)
    mexico = sign_in(app.test_client(), cast.delegate_a)
    op2 = top(zero, "OP2")
    subs = amendable_text(op2).split("\n")[1:]
    assert [sub[:3] for sub in subs] == ["(a)", "(b)", "(c)"]
    proposed = op2.text.rstrip(":") + ", as appropriate:"
    response = post_comment(mexico, cast, zero, op2, kind="amend", proposed_text=proposed)
    assert response.status_code == 302
    page = mexico.get(response.headers["Location"]).get_data(as_text=True)
    deleted = unescape(" ".join(re.findall(r"<del[^>]*>(.*?)</del>", page, re.DOTALL)))
    inserted = unescape(" ".join(re.findall(r"<ins[^>]*>(.*?)</ins>", page, re.DOTALL)))
    assert "as appropriate" in inserted
    for sub in subs:
        assert sub[4:60] in deleted, sub
    secretariat = sign_in(app.test_client(), cast.secretariat)
    url = f"{base(cast)}/rounds/{consultation_round.id}/compilation"
    struck = _struck_in_compilation(secretariat.get(url + ".docx").data)
    for sub in subs:
        assert sub[4:60] in struck, sub
