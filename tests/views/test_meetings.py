"""Meeting pages: the co-facilitators change the working text through plain forms that post and
redirect; each wrong or hostile form is refused with the right status and a message saying
what, and nothing is lost or half-stored; delegations follow the text as it stands."""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import docx
import pytest

from tests.conftest import publish, schedule_round, sign_in
from tests.services.test_consultations import ZERO, rev1_with_new_op3, top
from tracker.extensions import db
from tracker.models import Comment, MeetingChange, Paragraph, TriageStatus
from tracker.services.amendable import amendable_text
from tracker.services.comments import create_comment
from tracker.services.exports import DOCX
from tracker.services.meeting import (
    edit_paragraph,
    end_meeting_to_preview,
    start_meeting,
    working_view,
)
from tracker.services.rounds import create_round
from tracker.text.days import written_day


@pytest.fixture
def zero(cast):
    return publish(cast.cofac_a, cast.negotiation_a, ZERO)


@pytest.fixture
def consultation_round(cast, zero):
    now = datetime.now(UTC)
    return create_round(
        cast.cofac_a,
        cast.negotiation_a,
        title="First informal consultations",
        revision=zero,
        starts_at=now + timedelta(hours=1),
        ends_at=now + timedelta(hours=4),
        comment_deadline=now + timedelta(days=2),
    )


@pytest.fixture
def meeting(cast, consultation_round):
    return start_meeting(cast.cofac_a, consultation_round)


@pytest.fixture
def cofac(app, cast):
    return sign_in(app.test_client(), cast.cofac_a)


@pytest.fixture
def delegate(app, cast):
    return sign_in(app.test_client(), cast.delegate_a)


def url(meeting, path: str = "") -> str:
    return f"/negotiations/{meeting.negotiation_id}/meetings/{meeting.id}{path}"


def paragraph(meeting, label: str):
    """The working text's paragraph of that label, as it stands now."""
    db.session.expire_all()
    return next(p for p in working_view(meeting) if p.label == label)


def fields(meeting, label: str, **more: str) -> dict[str, str]:
    """What a form about that paragraph sends: its key and the version it was shown."""
    shown = paragraph(meeting, label)
    return {"key": shown.key, "version": str(shown.version), **more}


def text_of(response) -> str:
    return response.get_data(as_text=True)


def block(page: str, key: str) -> str:
    """The HTML of one paragraph of the working text on a page."""
    start = page.rindex('<div class="mp ', 0, page.index(f'id="mp-{key}"'))
    end = page.find('<div class="mp ', start + 1)
    return page[start : end if end != -1 else None]


# Starting --------------------------------------------------------------------------------


def test_a_co_facilitator_starts_the_meeting_from_the_round_page(app, cast, consultation_round):
    base = f"/negotiations/{cast.negotiation_a.id}"
    cofac = sign_in(app.test_client(), cast.cofac_a)
    delegate = sign_in(app.test_client(), cast.delegate_a)
    round_url = f"{base}/rounds/{consultation_round.id}"
    assert "Start the meeting on Zero draft" in text_of(cofac.get(round_url))
    assert "Start the meeting" not in text_of(delegate.get(round_url))

    response = cofac.post(f"{round_url}/meetings")
    assert response.status_code == 302
    assert re.search(r"/meetings/\d+/chair$", response.headers["Location"])

    # Where delegations look for it: the negotiation, round and draft pages.
    draft_url = f"{base}/revisions/{consultation_round.revision_id}"
    for page in (
        text_of(delegate.get(base)),
        text_of(delegate.get(round_url)),
        text_of(delegate.get(draft_url)),
    ):
        assert "A meeting is being held now" in page
        assert "Follow the meeting" in page and "Run the meeting" not in page

    again = cofac.post(f"{round_url}/meetings")
    assert again.status_code == 409
    assert "already" in text_of(again) or "open" in text_of(again)


def test_a_round_on_a_superseded_text_points_to_the_round_on_the_latest(
    app, cast, consultation_round
):
    base = f"/negotiations/{cast.negotiation_a.id}"
    cofac = sign_in(app.test_client(), cast.cofac_a)
    rev1 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=rev1_with_new_op3())
    second = schedule_round(cast, rev1, "Second reading")
    first_page = " ".join(text_of(cofac.get(f"{base}/rounds/{consultation_round.id}")).split())
    assert (
        f'Zero draft has been superseded: Rev.1 is read in <a href="{base}/rounds/{second.id}">'
        "Second reading</a>, where its meeting belongs."
    ) in first_page
    assert "Start the meeting on Rev.1 in this round" in first_page
    second_page = text_of(cofac.get(f"{base}/rounds/{second.id}"))
    assert "has been superseded" not in second_page
    assert "Start the meeting on Rev.1</button>" in second_page


def test_a_delegate_cannot_start_or_change_a_meeting(app, cast, meeting, delegate):
    before = paragraph(meeting, "OP3")
    assert (
        delegate.post(
            f"/negotiations/{cast.negotiation_a.id}/rounds/{meeting.round_id}/meetings"
        ).status_code
        == 403
    )
    for path, data in [
        ("/edit", fields(meeting, "OP3", text="Decides otherwise;")),
        ("/status", fields(meeting, "OP3", status="agreed_ad_ref")),
        ("/focus", {"key": before.key}),
        ("/end", {"confirmed": "yes"}),
    ]:
        assert delegate.post(url(meeting, path), data=data).status_code == 403, path
    assert paragraph(meeting, "OP3") == before
    assert delegate.get(url(meeting, "/chair")).status_code == 403


def test_a_meeting_of_another_negotiation_is_not_found(app, cast, meeting, cofac):
    other = f"/negotiations/{cast.negotiation_b.id}/meetings/{meeting.id}"
    assert cofac.get(other).status_code == 404
    assert cofac.get(f"/negotiations/{cast.negotiation_a.id}/meetings/99999").status_code == 404


# The delegates' view ------------------------------------------------------------------------


def test_delegates_follow_tracked_changes_status_and_the_paragraph_under_discussion(
    app, cast, zero, meeting, cofac, delegate
):
    op3 = paragraph(meeting, "OP3")
    new_text = op3.text.replace("will be webcast", "will be webcast live")
    assert (
        cofac.post(url(meeting, "/edit"), data=fields(meeting, "OP3", text=new_text)).status_code
        == 302
    )
    op4 = paragraph(meeting, "OP4")
    assert (
        cofac.post(
            url(meeting, "/status"), data={"key": op4.key, "status": "agreed_ad_ref"}
        ).status_code
        == 302
    )
    assert cofac.post(url(meeting, "/focus"), data={"key": op3.key}).status_code == 302

    page = text_of(delegate.get(url(meeting)))
    op3_html = block(page, op3.key)
    assert "<ins>live </ins>" in op3_html or "<ins> live</ins>" in op3_html
    assert "mp-focus" in op3_html and 'aria-current="true"' in op3_html
    assert "Under discussion:" in page and f'href="#mp-{op3.key}">OP3</a>' in page
    assert "Agreed ad ref" in block(page, op4.key)
    # The comment and proposal forms of the paragraph in front of the delegate.
    circulated = top(zero, "OP3")
    assert f"/paragraphs/{circulated.id}/comments#form-heading" in op3_html
    # The stream starts where the page ends: nothing in between is lost.
    assert re.search(r'data-meeting-events="/negotiations/\d+/events\?after=\d+"', page)
    # Delegates get no controls.
    assert "/edit" not in page and "Discuss" not in page


def test_text_written_in_the_meeting_is_shown_as_text(app, cast, meeting, cofac, delegate):
    hostile = "Decides <script>alert(1)</script> & <b>more</b>;"
    cofac.post(url(meeting, "/edit"), data=fields(meeting, "OP1", text=hostile))
    for client in (cofac, delegate):
        for path in ("", "/chair", "/projector", "/record"):
            if client is delegate and path == "/chair":
                continue
            page = text_of(client.get(url(meeting, path)))
            assert "<script>alert(1)</script>" not in page and "<b>more</b>" not in page, path
            assert "&lt;script&gt;" in page, path


def test_italics_are_shown_and_edited_between_asterisks(app, cast, meeting, cofac, delegate):
    op3 = paragraph(meeting, "OP3")
    opening = op3.text[: op3.emphasis[0].end]
    chair = text_of(cofac.get(url(meeting, f"/chair?key={op3.key}")))
    box = re.search(r'<textarea name="text" id="edit-text"[^>]*>([^<]*)</textarea>', chair)
    assert box and box.group(1).startswith(f"*{opening}*")
    assert f"<em>{opening}</em>" in block(chair, op3.key)
    rest = op3.text[len(opening) :]
    cofac.post(
        url(meeting, "/edit"),
        data=fields(meeting, "OP3", text=f"*Further {opening.lower()}*{rest}"),
    )
    cofac.post(url(meeting, "/insert"), data={"after_key": op3.key, "text": "Decides to act;"})
    page = text_of(delegate.get(url(meeting)))
    words = re.search(r'<p class="mp-words">(.*?)</p>', block(page, op3.key)).group(1)
    assert words.startswith("<del>Also</del><ins><em>Further also</em></ins><em> decides</em> that")
    inserted = paragraph(meeting, "OP3 bis")
    assert "<ins><em>Decides</em></ins><ins> to act;</ins>" in block(page, inserted.key)


# Editing ----------------------------------------------------------------------------------


def test_an_edit_on_a_stale_version_shows_both_texts_and_keeps_the_writers(app, cast, meeting):
    first = sign_in(app.test_client(), cast.cofac_a)
    second = sign_in(app.test_client(), cast.secretariat)
    shown = fields(meeting, "OP3")
    op3 = paragraph(meeting, "OP3")
    theirs = op3.text.replace("webcast", "broadcast")
    mine = op3.text.replace("webcast", "webcast and archived")
    assert second.post(url(meeting, "/edit"), data={**shown, "text": theirs}).status_code == 302

    refused = first.post(url(meeting, "/edit"), data={**shown, "text": mine})
    assert refused.status_code == 409
    page = text_of(refused)
    assert theirs in page  # what it reads now
    assert f">{mine}</textarea>" in page  # the writer's text, kept
    newer = paragraph(meeting, "OP3")
    assert f'name="version" type="hidden" value="{newer.version}"' in page or (
        f'value="{newer.version}"' in page
    )
    assert paragraph(meeting, "OP3").text == theirs

    # Sent again from that page (the newer version), the writer's text is saved.
    again = first.post(url(meeting, "/edit"), data={**fields(meeting, "OP3"), "text": mine})
    assert again.status_code == 302
    assert paragraph(meeting, "OP3").text == mine


@pytest.mark.parametrize(
    ("sent", "status", "message"),
    [
        ({"text": ""}, 422, "Write the paragraph"),
        ({"text": "x" * 20_001}, 422, "at most 20,000 characters"),
        ({"version": "abc"}, 422, "which version"),
        ({"version": "99999999999999999999"}, 422, "which version"),
        ({"key": ""}, 422, "Write the paragraph"),
    ],
)
def test_a_wrong_edit_is_refused_and_changes_nothing(
    app, cast, meeting, cofac, sent, status, message
):
    before = paragraph(meeting, "OP3")
    data = {**fields(meeting, "OP3", text="Decides to meet;"), **sent}
    response = cofac.post(url(meeting, "/edit"), data=data)
    assert response.status_code == status
    assert message in text_of(response)
    assert paragraph(meeting, "OP3") == before


def test_an_edit_of_a_paragraph_not_in_the_text_is_refused(app, cast, meeting, cofac):
    response = cofac.post(
        url(meeting, "/edit"), data={"key": "p99999", "version": "1", "text": "Decides;"}
    )
    assert response.status_code in (404, 422)
    assert db.session.query(MeetingChange).filter_by(kind="edit").count() == 0


# Focus, insert, delete, move --------------------------------------------------------------


def test_the_co_facilitator_moves_the_discussion_by_key_and_by_step(app, cast, meeting, cofac):
    op3 = paragraph(meeting, "OP3")
    cofac.post(url(meeting, "/focus"), data={"key": op3.key})
    assert paragraph(meeting, "OP3").focus
    cofac.post(url(meeting, "/focus"), data={"step": "next"})
    assert paragraph(meeting, "OP4").focus and not paragraph(meeting, "OP3").focus
    cofac.post(url(meeting, "/focus"), data={"step": "previous"})
    assert paragraph(meeting, "OP3").focus

    wrong = cofac.post(url(meeting, "/focus"), data={"step": "sideways"})
    assert wrong.status_code == 422 and "step=next" in text_of(wrong)
    assert paragraph(meeting, "OP3").focus


def test_past_the_last_paragraph_the_discussion_stays(app, cast, meeting, cofac):
    last = [p for p in working_view(meeting) if p.depth == 0][-1]
    shown = [p for p in working_view(meeting) if not p.deleted][-1]
    cofac.post(url(meeting, "/focus"), data={"key": shown.key})
    response = cofac.post(url(meeting, "/focus"), data={"step": "next"}, follow_redirects=True)
    assert "no paragraph that way" in text_of(response)
    assert paragraph(meeting, shown.label).focus
    assert last.label


def test_insert_delete_restore_and_move(app, cast, meeting, cofac, delegate):
    op5 = paragraph(meeting, "OP5")
    response = cofac.post(
        url(meeting, "/insert"), data={"after_key": op5.key, "text": "*Welcomes* the new plan;"}
    )
    assert response.status_code == 302
    bis = paragraph(meeting, "OP5 bis")
    assert bis.inserted
    page = text_of(delegate.get(url(meeting)))
    assert page.index(f'id="mp-{op5.key}"') < page.index(f'id="mp-{bis.key}"')
    assert "mp-inserted" in block(page, bis.key)

    assert (
        cofac.post(url(meeting, "/insert"), data={"after_key": op5.key, "text": ""}).status_code
        == 422
    )

    op6 = paragraph(meeting, "OP6")
    cofac.post(url(meeting, "/delete"), data=fields(meeting, "OP6"))
    assert paragraph(meeting, "OP6").deleted
    assert "mp-deleted" in block(text_of(delegate.get(url(meeting))), op6.key)
    chair = text_of(cofac.get(url(meeting, f"/chair?key={op6.key}")))
    assert "Restore OP6" in chair
    cofac.post(url(meeting, "/restore"), data=fields(meeting, "OP6"))
    assert not paragraph(meeting, "OP6").deleted

    op1 = paragraph(meeting, "OP1")
    cofac.post(
        url(meeting, "/move"), data=fields(meeting, "OP1", after_key=paragraph(meeting, "OP2").key)
    )
    order = [p.key for p in working_view(meeting) if p.depth == 0]
    assert order.index(op1.key) > order.index(paragraph(meeting, "OP2").key)
    assert paragraph(meeting, "OP1").moved


def test_a_move_after_a_paragraph_not_in_the_text_is_refused_with_the_form_kept(
    app, cast, meeting, cofac
):
    order = [p.key for p in working_view(meeting)]
    response = cofac.post(url(meeting, "/move"), data=fields(meeting, "OP1", after_key="p99999"))
    assert response.status_code in (404, 409, 422)
    assert [p.key for p in working_view(meeting)] == order


# Brackets, alternatives, status -----------------------------------------------------------


def test_bracket_with_holder_and_a_phrase_not_in_the_paragraph(app, cast, meeting, cofac, delegate):
    op3 = paragraph(meeting, "OP3")
    refused = cofac.post(
        url(meeting, "/bracket"), data=fields(meeting, "OP3", phrase="no such words", holder="EU")
    )
    assert refused.status_code == 422
    page = text_of(refused)
    assert "no such words" in page  # the form is shown again as it was sent
    assert paragraph(meeting, "OP3") == op3

    assert (
        cofac.post(
            url(meeting, "/bracket"), data=fields(meeting, "OP3", phrase="webcast", holder="EU")
        ).status_code
        == 302
    )
    assert "[webcast" in paragraph(meeting, "OP3").text
    assert "[webcast" in block(text_of(delegate.get(url(meeting))), op3.key)

    empty = cofac.post(url(meeting, "/bracket"), data=fields(meeting, "OP3", phrase=""))
    assert empty.status_code == 422 and "Write the words to bracket" in text_of(empty)


def test_an_alternative_with_its_holder(app, cast, meeting, cofac):
    response = cofac.post(
        url(meeting, "/alternative"),
        data=fields(meeting, "OP5", wording="*Invites* all States to attend;", holder="G-77"),
    )
    assert response.status_code == 302
    assert "Alt" in paragraph(meeting, "OP5").text
    record = text_of(cofac.get(url(meeting, "/record")))
    assert "Recorded an alternative" in record and "held by G-77" in record


def test_status_buttons_and_a_status_that_does_not_exist(app, cast, meeting, cofac):
    op4 = paragraph(meeting, "OP4")
    chair = text_of(cofac.get(url(meeting, f"/chair?key={op4.key}")))
    assert 'name="status" value="agreed_ad_ref">Agree ad ref</button>' in chair
    cofac.post(url(meeting, "/status"), data={"key": op4.key, "status": "agreed_ad_ref"})
    assert paragraph(meeting, "OP4").status == "agreed_ad_ref"
    wrong = cofac.post(url(meeting, "/status"), data={"key": op4.key, "status": "adopted"})
    assert wrong.status_code == 422
    assert paragraph(meeting, "OP4").status == "agreed_ad_ref"
    nothing = cofac.post(url(meeting, "/status"), data={"key": "", "status": "pending"})
    assert nothing.status_code == 422 and "Choose the paragraph" in text_of(nothing)


# Proposals --------------------------------------------------------------------------------


def test_a_pending_proposal_is_read_in_with_one_button(app, cast, zero, meeting, cofac):
    op3 = top(zero, "OP3")
    proposal = create_comment(
        cast.delegate_a,
        zero,
        paragraph=op3,
        kind="amend",
        proposed_text=op3.text.replace("webcast", "webcast live"),
    )
    key = paragraph(meeting, "OP3").key
    chair = text_of(cofac.get(url(meeting, f"/chair?key={key}")))
    assert "Read in the proposal of Mexico" in chair
    response = cofac.post(url(meeting, "/read-in"), data={"comment_id": str(proposal.id)})
    assert response.status_code == 302
    assert "webcast live" in paragraph(meeting, "OP3").text
    db.session.expire_all()
    assert db.session.get(Comment, proposal.id).triage_status == TriageStatus.REFLECTED
    assert "Read in the proposal of Mexico" not in text_of(
        cofac.get(url(meeting, f"/chair?key={key}"))
    )
    record = text_of(cofac.get(url(meeting, "/record")))
    assert "the proposal of Mexico" in record


def test_the_panel_asks_for_its_proposals_again_and_only_co_facilitators_get_them(
    app, cast, zero, meeting, cofac, delegate
):
    """What the co-facilitators' page fetches when a proposal on its paragraph arrives: the
    list as the panel shows it, a co-facilitators-only proposal marked so; no delegation gets
    it, not even the one that wrote the proposal."""
    op3 = top(zero, "OP3")
    key = paragraph(meeting, "OP3").key
    listed = url(meeting, f"/chair/proposals?key={key}")
    empty = text_of(cofac.get(listed))
    assert 'id="panel-proposals"' in empty and "Read in the proposal" not in empty

    private = create_comment(
        cast.delegate_b,
        zero,
        paragraph=op3,
        kind="amend",
        proposed_text=op3.text.replace("webcast", "webcast and archived"),
        visibility="facilitators",
    )
    response = cofac.get(listed)
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    fragment = text_of(response)
    assert f'<li data-comment-id="{private.id}">' in fragment
    assert "Read in the proposal of Chile" in fragment
    assert "Co-facilitators only" in fragment and "<ins> and archived</ins>" in fragment
    assert "<html" not in fragment  # the list alone, to put in the open page
    # The chair page lists it the same way.
    assert f'<li data-comment-id="{private.id}">' in text_of(
        cofac.get(url(meeting, f"/chair?key={key}"))
    )

    chile = sign_in(app.test_client(), cast.delegate_b)
    for reader in (delegate, chile):
        refused = reader.get(listed)
        assert refused.status_code == 403
        assert "archived" not in text_of(refused)
    assert cofac.get(url(meeting, "/chair/proposals?key=p99999")).status_code == 404
    assert cofac.get(url(meeting, "/chair/proposals")).status_code == 404


def test_the_panel_shows_reservations_standing_and_open_comments_and_warns_before_agreeing(
    app, cast, zero, meeting, cofac
):
    from tracker.services.comments import withdraw_comment
    from tracker.services.triage import triage_comment

    op3 = next(p for p in zero.paragraphs if p.path == "OP3")
    op4 = next(p for p in zero.paragraphs if p.path == "OP4")

    def say(user, kind: str, body: str, on=op3, visibility: str = "all") -> Comment:
        return create_comment(user, zero, paragraph=on, kind=kind, body=body, visibility=visibility)

    reservation = say(cast.delegate_b, "reservation", "We cannot accept a review in 2025.")
    noted = say(cast.delegate_a, "reservation", "Mexico reserves on the summary.")
    triage_comment(cast.cofac_a, noted, status="noted", version=noted.version)
    met = say(cast.delegate_a, "reservation", "A reservation the next text met.")
    triage_comment(cast.cofac_a, met, status="reflected", version=met.version)
    gone = say(cast.delegate_b, "reservation", "A reservation taken back.")
    withdraw_comment(cast.delegate_b, gone)
    question = say(cast.delegate_a, "question", "Who prepares it?", visibility="facilitators")
    answered = say(cast.delegate_b, "comment", "An answered comment.")
    triage_comment(cast.cofac_a, answered, status="noted", version=answered.version)
    say(cast.delegate_b, "reservation", "On another paragraph.", on=op4)

    page = text_of(cofac.get(url(meeting, "/chair?key=" + paragraph(meeting, "OP3").key)))
    panel = page[page.index('id="working-on"') :]
    assert "Reservations and open comments" in panel
    listed = re.findall(r'data-remark-id="(\d+)"', panel)
    assert listed == [str(reservation.id), str(noted.id), str(question.id)]
    assert "We cannot accept a review in 2025." in panel and "(Noted)" in panel
    shown_question = panel[panel.index(f'data-remark-id="{question.id}"') :]
    assert "Co-facilitators only" in shown_question.split("</li>")[0]
    assert f"/comments/{reservation.id}" in panel
    # Before Agree ad ref, the chair is told who holds a reservation on the paragraph.
    note = re.search(r'<p class="reservation-note" id="reservation-note">([^<]*)</p>', panel)
    assert note and note.group(1).startswith("Chile, Mexico hold reservations on this paragraph")
    assert 'value="agreed_ad_ref" aria-describedby="reservation-note"' in panel
    # The list fetched again as things happen carries the same, and the note with it.
    fetched = text_of(
        cofac.get(url(meeting, "/chair/proposals?key=" + paragraph(meeting, "OP3").key))
    )
    assert re.findall(r'data-remark-id="(\d+)"', fetched) == listed
    assert 'data-reservation-note="Chile, Mexico hold reservations' in fetched
    # The projector, on the room's screen, says the same before its key agrees the paragraph.
    assert 'data-room-note="Chile, Mexico hold reservations' in fetched
    # A reservation sent to the co-facilitators only is named on the chair's page, never on
    # the room's screen.
    say(cast.delegate_a, "reservation", "Between us.", on=op4, visibility="facilitators")
    private = text_of(
        cofac.get(url(meeting, "/chair/proposals?key=" + paragraph(meeting, "OP4").key))
    )
    assert 'data-reservation-note="Chile, Mexico hold reservations' in private
    room = re.search(r'data-room-note="([^"]*)"', private)
    assert room and "Mexico" not in room.group(1) and "Chile" not in room.group(1)
    assert room.group(1).startswith("A reservation seen by the co-facilitators only stands")

    # A paragraph with nothing standing on it says nothing.
    quiet = text_of(cofac.get(url(meeting, "/chair?key=" + paragraph(meeting, "OP5").key)))
    quiet_panel = quiet[quiet.index('id="working-on"') :]
    assert "Reservations and open comments" not in quiet_panel
    assert '<p class="reservation-note" id="reservation-note" hidden></p>' in quiet_panel


def test_agreeing_from_the_room_screen_asks_first_when_a_reservation_stands(
    app, cast, zero, meeting, cofac
):
    """The projector shows no reservations: its Agree ad ref, sent without the page's script,
    gets a page naming what stands (as the room may see it) before anything is agreed."""
    create_comment(
        cast.delegate_b, zero, paragraph=top(zero, "OP3"), kind="reservation", body="Not 2025."
    )
    projector = url(meeting, "/projector")
    sent = {"status": "agreed_ad_ref", "reservations_unseen": "yes", "next": projector}

    asked = cofac.post(url(meeting, "/status"), data={**sent, "key": paragraph(meeting, "OP3").key})

    assert asked.status_code == 200
    page = text_of(asked)
    assert "Agree OP3 ad ref?" in page and "Chile holds a reservation on this paragraph" in page
    assert re.search(r'<input[^>]*name="confirmed"[^>]*value="yes"', page)
    assert paragraph(meeting, "OP3").status == "pending"
    # Confirmed on that page, it is agreed, and the room's screen is shown again.
    done = cofac.post(
        url(meeting, "/status"),
        data={**sent, "key": paragraph(meeting, "OP3").key, "confirmed": "yes"},
    )
    assert done.status_code == 302 and done.headers["Location"].endswith(projector)
    assert paragraph(meeting, "OP3").status == "agreed_ad_ref"
    # Where nothing stands, nothing is asked.
    quiet = cofac.post(url(meeting, "/status"), data={**sent, "key": paragraph(meeting, "OP4").key})
    assert quiet.status_code == 302
    assert paragraph(meeting, "OP4").status == "agreed_ad_ref"


def test_the_panel_marks_only_the_change_of_a_proposal_to_amend_a_whole_paragraph(
    app, cast, zero, meeting, cofac
):
    """A proposal to amend OP2 with its sub-paragraphs (as its page offers it) changing one
    date: the panel's preview marks that date, not the sub-paragraphs as words added to the
    paragraph's opening line."""
    op2 = top(zero, "OP2")
    whole = amendable_text(op2)
    create_comment(
        cast.delegate_b,
        zero,
        paragraph=op2,
        kind="amend",
        proposed_text=whole.replace("by October 2021", "by September 2021"),
    )
    key = paragraph(meeting, "OP2").key
    fragment = text_of(cofac.get(url(meeting, f"/chair/proposals?key={key}")))
    assert "Read in the proposal of Chile" in fragment
    assert fragment.count("<ins") == 1 and fragment.count("<del") == 1, fragment
    assert "<ins>September</ins>" in fragment and "<del>October</del>" in fragment


def test_during_the_meeting_a_proposal_starts_from_the_room_wording_and_reads_in(
    app, cast, zero, meeting, cofac, delegate
):
    """A delegate opening OP3's page while the room has changed it finds the form filled with
    the room's wording and told so; the proposal keeps that wording, the chair's panel marks
    only the delegate's change against the room's text as it now stands, and one button reads
    it in though the room went on changing other words."""
    op3 = top(zero, "OP3")
    page_url = f"/negotiations/{zero.negotiation_id}/paragraphs/{op3.id}/comments"
    room = op3.text.replace("will be webcast", "will be webcast live")
    edit_paragraph(cast.cofac_a, meeting, paragraph(meeting, "OP3").key, room, 1)
    page = text_of(delegate.get(page_url))
    assert f'proposed-room">{html.escape(room, quote=False)}</textarea>' in page
    assert f'<input type="hidden" name="room_text" value="{html.escape(room)}">' in page
    assert "This starts from OP3 as the room has it now, in the meeting on screen: changed by " in (
        page
    )
    assert "(version 2)" in page
    seal = re.search(r'name="room_seal" value="([^"]+)"', page).group(1)
    proposed = room.replace("highest visibility", "widest visibility")
    form = {
        "paragraph_id": str(op3.id), "kind": "amend", "proposed_text": proposed,
        "room_text": room, "room_seal": seal,
        "on_behalf_of": str(cast.delegate_a.delegation_id), "visibility": "all",
    }  # fmt: skip
    posts_to = f"/negotiations/{zero.negotiation_id}/revisions/{zero.id}/comments"
    # A wording the page did not give (written in the browser, or another paragraph's seal)
    # is refused: a proposal would say it was made on words the room never had.
    stored_before = db.session.scalar(db.select(db.func.count(Comment.id)))
    for forged in ({"room_text": room.replace("live", "in full")}, {"room_seal": "forged"}):
        refused = delegate.post(posts_to, data={**form, **forged})
        assert refused.status_code == 422
        shown = text_of(refused)
        assert "is not the one this page gave" in shown
        assert 'name="room_text"' not in shown  # shown again without the wording refused
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == stored_before
    posted = delegate.post(posts_to, data=form)
    assert posted.status_code == 302
    comment = db.session.scalars(db.select(Comment).order_by(Comment.id.desc())).first()
    assert (comment.proposed_text, comment.room_text) == (proposed, room)

    # The room moves on elsewhere in the paragraph.
    moved_on = room.replace("all relevant media", "all media")
    edit_paragraph(cast.cofac_a, meeting, paragraph(meeting, "OP3").key, moved_on, 2)
    key = paragraph(meeting, "OP3").key
    fragment = text_of(cofac.get(url(meeting, f"/chair/proposals?key={key}")))
    assert "Made on the paragraph as the room had it." in fragment
    assert fragment.count("<ins") == 1 and fragment.count("<del") == 1, fragment
    assert "<ins>widest</ins>" in fragment and "<del>highest</del>" in fragment
    response = cofac.post(url(meeting, "/read-in"), data={"comment_id": str(comment.id)})
    assert response.status_code == 302
    assert paragraph(meeting, "OP3").text == moved_on.replace("highest", "widest")
    # Its page shows the delegate's change against the wording it was made on, and its label
    # says what is true until the next text is circulated.
    shown = text_of(delegate.get(f"/negotiations/{zero.negotiation_id}/comments/{comment.id}"))
    assert "made on Zero draft OP3 as the room had it" in shown
    own = re.search(r'<p class="proposal">(.*?)</p>', shown, re.S)
    assert own is not None
    assert "<del>highest</del>" in own.group(1) and "<ins>widest</ins>" in own.group(1)
    assert "<ins> live</ins>" not in own.group(1)
    # The room's change, apart: not the delegation's.
    room_changes = re.search(r'<p class="room-changes">(.*?)</p>', shown, re.S)
    assert room_changes is not None
    assert "<ins> live</ins>" in room_changes.group(1) and "widest" not in room_changes.group(1)
    assert "Read into the room&#39;s text" in shown and "Reflected in Rev.1" not in shown


def test_a_proposal_whose_change_meets_the_room_is_shown_so_and_refused(
    app, cast, zero, meeting, cofac
):
    op3 = top(zero, "OP3")
    proposal = create_comment(
        cast.delegate_a, zero, paragraph=op3, kind="amend",
        proposed_text=op3.text.replace("will be webcast", "will be broadcast"),
    )  # fmt: skip
    key = paragraph(meeting, "OP3").key
    room = op3.text.replace("will be webcast", "will be webcast live")
    edit_paragraph(cast.cofac_a, meeting, key, room, 1)
    response = cofac.post(url(meeting, "/read-in"), data={"comment_id": str(proposal.id)})
    assert response.status_code == 422
    said = "OP3 was changed in this meeting since Mexico&#39;s proposal was made"
    assert said in text_of(response)
    assert paragraph(meeting, "OP3").text == room
    db.session.expire_all()
    assert db.session.get(Comment, proposal.id).triage_status == TriageStatus.OPEN


def test_a_proposal_that_no_longer_applies_is_listed_to_read_out_until_it_applies_again(
    app, cast, zero, meeting, cofac
):
    """The chair's list says, beside the proposal, why it would be refused and shows its
    wording to read out; the button that would be refused again is not offered, and is back
    once the room's text lets it apply."""
    op3 = top(zero, "OP3")
    create_comment(
        cast.delegate_a, zero, paragraph=op3, kind="amend",
        proposed_text=op3.text.replace("will be webcast", "will be broadcast"),
    )  # fmt: skip
    key = paragraph(meeting, "OP3").key
    listed = url(meeting, f"/chair/proposals?key={key}")
    edit_paragraph(
        cast.cofac_a, meeting, key, op3.text.replace("will be webcast", "will be webcast live"), 1
    )
    fragment = text_of(cofac.get(listed))
    note = re.search(r'<p class="read-in-refused">(.*?)</p>', fragment, re.S)
    assert note is not None, fragment
    assert "no longer applies cleanly to the room&#39;s text" in note.group(1)
    assert "in the room&#39;s text “live” was added" in note.group(1)
    assert "in the proposal “webcast” became “broadcast”" in note.group(1)
    assert "Read its wording out" in note.group(1)
    assert "Read in the proposal of Mexico" not in fragment
    # Its own change, against the text it was made on: not the room's change undone.
    shown = re.search(r'<p class="proposal-text">(.*?)</p>', fragment, re.S)
    assert shown is not None
    assert "<del>webcast</del><ins>broadcast</ins>" in shown.group(1)
    assert "live" not in shown.group(1)
    # The room's text back as it was: the proposal applies again, and can be read in.
    edit_paragraph(cast.cofac_a, meeting, key, op3.text, 2)
    fragment = text_of(cofac.get(listed))
    assert "read-in-refused" not in fragment
    assert "Read in the proposal of Mexico" in fragment


def test_the_paragraph_page_shows_the_room_wording_under_the_circulated_text(
    app, cast, zero, meeting, delegate
):
    """The paragraph page prints OP3 as circulated and, once the room has changed it, "As the
    room has it now" with the room's changes marked against it: the wording the proposal box
    starts from is never one the page does not show."""
    op3 = top(zero, "OP3")
    page_url = f"/negotiations/{zero.negotiation_id}/paragraphs/{op3.id}/comments"
    assert "room-now" not in text_of(delegate.get(page_url))  # the room has not changed it
    room = op3.text.replace("will be webcast", "will be webcast live")
    edit_paragraph(cast.cofac_a, meeting, paragraph(meeting, "OP3").key, room, 1)
    page = text_of(delegate.get(page_url))
    now = re.search(r'<section class="room-now".*?</section>', page, re.S)
    assert now is not None, page
    assert "As the room has it now" in now.group(0)
    assert "(version 2)" in now.group(0) and "Zero draft as circulated" in now.group(0)
    assert "will be webcast<ins> live</ins>, and encourages" in now.group(0)
    assert "webcast live" not in page[: now.start()]  # the paragraph as circulated, above it


@dataclass
class OnRoomWording:
    """Two proposals on OP3 during the meeting: Chile's while the room's OP3 read as
    circulated, Mexico's after the room added "live"."""

    op3: Paragraph
    room: str
    chile: Comment
    mexico: Comment


@pytest.fixture
def on_room_wording(cast, zero, meeting) -> OnRoomWording:
    op3 = top(zero, "OP3")
    chile = create_comment(
        cast.delegate_b, zero, paragraph=op3, kind="amend",
        proposed_text=op3.text.replace("all relevant media", "all media"), room_text=op3.text,
    )  # fmt: skip
    room = op3.text.replace("will be webcast", "will be webcast live")
    edit_paragraph(cast.cofac_a, meeting, paragraph(meeting, "OP3").key, room, 1)
    mexico = create_comment(
        cast.delegate_a, zero, paragraph=op3, kind="amend",
        proposed_text=room.replace("highest visibility", "widest visibility"), room_text=room,
    )  # fmt: skip
    return OnRoomWording(op3, room, chile, mexico)


def marks(html_text: str) -> list[tuple[str, str]]:
    """The <ins> and <del> of a piece of a page, in order."""
    return re.findall(r"<(ins|del)>([^<]*)</", html_text)


def test_a_proposal_on_the_room_wording_shows_the_room_changes_apart_on_its_card(
    app, zero, on_room_wording, cofac
):
    """Mexico's card marks only Mexico's change against the room's wording it was made on,
    and the room's change apart, against the text as circulated: "live" is never read as
    Mexico's. Chile's, made while the room's OP3 read as circulated, reads as any proposal."""
    made = on_room_wording
    page = text_of(
        cofac.get(f"/negotiations/{zero.negotiation_id}/paragraphs/{made.op3.id}/comments")
    )

    def card(comment) -> str:
        start = page.index(f'id="comment-{comment.id}"')
        return page[start : page.index("</article>", start)]

    own = re.search(r'<p class="proposal">(.*?)</p>', card(made.mexico), re.S).group(1)
    assert "Amend the room&#39;s wording to read:" in own
    assert marks(own) == [("del", "highest"), ("ins", "widest")]
    room_changes = re.search(r'<p class="room-changes">(.*?)</p>', card(made.mexico), re.S)
    assert room_changes is not None
    assert "Made on the room's wording, which reads against Zero draft as circulated:" in (
        room_changes.group(1)
    )
    assert marks(room_changes.group(1)) == [("ins", " live")]
    assert "room-changes" not in card(made.chile)
    assert "Amend to read:" in card(made.chile)


def test_the_compilation_prints_the_room_changes_apart_from_the_proposal(
    app, zero, consultation_round, on_room_wording, cofac
):
    """On the compilation page and in its .docx, Mexico's entry amends the room's wording,
    marks Mexico's change alone, and prints the room's change on a line of its own."""
    compiled_url = f"/negotiations/{zero.negotiation_id}/rounds/{consultation_round.id}/compilation"
    compiled = text_of(cofac.get(compiled_url))
    entry = compiled[compiled.index("<strong>Mexico</strong>") :]
    entry = entry[: entry.index("</div>")]
    assert "amend the room&#39;s wording to read: <bdi" in entry
    assert marks(entry) == [("del", "highest"), ("ins", "widest"), ("ins", " live")]
    assert "The room's wording it was made on, against Zero draft as circulated:" in entry
    chile = compiled[compiled.index("<strong>Chile</strong>") :]
    assert "room-changes" not in chile[: chile.index("</div>")]

    response = cofac.get(f"{compiled_url}.docx")
    lines = docx.Document(io.BytesIO(response.data)).paragraphs
    heading = next(i for i, line in enumerate(lines) if line.text.startswith("Mexico: "))
    assert lines[heading].text == "Mexico: amend the room's wording to read:"

    def marked(line) -> list[tuple[str, str]]:
        return [
            ("ins" if run.bold and run.underline else "del", run.text)
            for run in line.runs
            if (run.bold and run.underline) or run.font.strike
        ]

    assert marked(lines[heading + 1]) == [("del", "highest"), ("ins", "widest")]
    assert lines[heading + 2].text.startswith(
        "The room's wording it was made on, against the text as circulated: "
    )
    assert marked(lines[heading + 2]) == [("ins", " live")]
    chile_at = next(i for i, line in enumerate(lines) if line.text.startswith("Chile: "))
    assert lines[chile_at].text == "Chile: amend to read:"
    assert not lines[chile_at + 2].text.startswith("The room's wording")


def test_the_comments_spreadsheet_gives_the_room_wording_a_proposal_was_made_on(
    app, zero, on_room_wording, cofac
):
    """Its proposed text alone would read as if every word differing from the circulated
    paragraph were the delegation's."""
    made = on_room_wording
    sheet = text_of(cofac.get(f"/negotiations/{zero.negotiation_id}/comments/export.csv"))
    rows = {row["Comment"]: row for row in csv.DictReader(io.StringIO(sheet.lstrip("\ufeff")))}
    assert rows[str(made.mexico.id)]["Made on the room's wording"] == made.room
    assert rows[str(made.mexico.id)]["Proposed text"] == made.mexico.proposed_text
    assert rows[str(made.chile.id)]["Made on the room's wording"] == made.op3.text


@pytest.mark.parametrize("comment_id", ["", "abc", "-1", "99999999999"])
def test_read_in_of_no_proposal_is_refused(app, cast, meeting, cofac, comment_id):
    response = cofac.post(url(meeting, "/read-in"), data={"comment_id": comment_id})
    assert response.status_code == 422
    assert "Choose the proposal" in text_of(response)


def test_read_in_of_a_comment_of_another_negotiation_is_not_found(app, cast, meeting, cofac):
    other = publish(cast.cofac_b, cast.negotiation_b, ZERO)
    elsewhere = create_comment(
        cast.delegate_a, other, paragraph=top(other, "OP1"), kind="amend", proposed_text="Decides;"
    )
    response = cofac.post(url(meeting, "/read-in"), data={"comment_id": str(elsewhere.id)})
    assert response.status_code == 404


# Projector ---------------------------------------------------------------------------------


def test_the_projector_shows_the_paragraph_under_discussion_and_its_neighbours(
    app, cast, meeting, cofac, delegate
):
    op3 = paragraph(meeting, "OP3")
    cofac.post(url(meeting, "/focus"), data={"key": op3.key})
    page = text_of(cofac.get(url(meeting, "/projector")))
    assert "mp-focus" in block(page, op3.key)
    order = [p.key for p in working_view(meeting)]
    before = order[order.index(op3.key) - 1]  # OP2's last sub-paragraph
    assert "mp-near" in block(page, before)
    assert "mp-near" in block(page, paragraph(meeting, "OP4").key)
    assert "mp-near" not in block(page, paragraph(meeting, "OP1").key)
    assert "<kbd>a</kbd> agree ad ref" in page
    # Delegations may put it on their own screen, without the controls.
    assert "<kbd>a</kbd>" not in text_of(delegate.get(url(meeting, "/projector")))


# Ending ------------------------------------------------------------------------------------


def edit_op3(meeting, cofac) -> None:
    """A word changed in the room, so that ending the meeting makes a preview."""
    op3 = paragraph(meeting, "OP3")
    cofac.post(url(meeting, "/edit"), data=fields(meeting, "OP3", text=op3.text + " Also."))


def test_ending_asks_first_then_opens_the_preview_and_the_meeting_stays_on_record(
    app, cast, meeting, cofac, delegate
):
    edit_op3(meeting, cofac)
    asked = cofac.post(url(meeting, "/end"))
    assert asked.status_code == 200 and "End the meeting and make the preview" in text_of(asked)
    db.session.expire_all()
    assert meeting.is_open

    ended = cofac.post(url(meeting, "/end"), data={"confirmed": "yes"})
    assert ended.status_code == 302
    assert re.search(r"/revisions/\d+$", ended.headers["Location"])
    preview_page = text_of(cofac.get(ended.headers["Location"]))
    assert "Review and publish" in preview_page

    assert cofac.get(url(meeting, "/chair")).status_code == 302
    # The preview is the co-facilitators' until it is circulated.
    ended_page = text_of(delegate.get(url(meeting)))
    assert "This meeting has ended: the co-facilitators prepare the next revision" in ended_page
    assert ended.headers["Location"] not in ended_page
    assert ended.headers["Location"] in text_of(cofac.get(url(meeting, "/record")))
    late = cofac.post(url(meeting, "/edit"), data=fields(meeting, "OP3", text="Decides;"))
    assert late.status_code in (409, 422)

    record = text_of(delegate.get(url(meeting, "/record")))
    assert "Edited the text" in record and "Ended the meeting" in record
    summary = delegate.get(url(meeting, "/summary"))
    assert summary.status_code == 200
    assert "attachment" in summary.headers["Content-Disposition"]
    assert summary.headers["Content-Type"].count("charset") == 1
    assert "OP3" in summary.get_data(as_text=True)

    # Discarding the meeting's preview says what becomes of the proposals read into it.
    asked_to_discard = text_of(cofac.post(ended.headers["Location"] + "/discard"))
    assert "Any proposal read into it during the meeting goes back" in asked_to_discard


def test_the_end_and_close_pages_reloaded_or_reached_by_going_back_ask_again(
    app, cast, meeting, cofac, delegate
):
    edit_op3(meeting, cofac)
    again = cofac.get(url(meeting, "/end"))
    assert again.status_code == 200 and "End the meeting and make the preview" in text_of(again)
    closing = cofac.get(url(meeting, "/close"))
    assert closing.status_code == 200 and "Close the meeting" in text_of(closing)
    assert delegate.get(url(meeting, "/end")).status_code == 403
    db.session.expire_all()
    assert meeting.is_open
    cofac.post(url(meeting, "/end"), data={"confirmed": "yes"})
    # Once ended, going back to either page leads to the meeting's record, saying so.
    for path in ("/end", "/close"):
        late = cofac.get(url(meeting, path))
        assert late.status_code == 302 and late.headers["Location"].endswith("/record")
        assert "This meeting has already ended" in text_of(cofac.get(late.headers["Location"]))


def _posted_only_rules(app) -> list[str]:
    """The meeting actions only a form sends (end and close have pages of their own)."""
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("meetings.")
        and "POST" in (rule.methods or ())
        and not rule.rule.endswith(("/end", "/close"))
    )


def test_a_meeting_action_opened_by_its_address_leads_to_the_meeting_and_changes_nothing(
    app, cast, consultation_round, meeting, cofac, delegate
):
    """A reload after signing in, a link from the browser's history: never a bare 405, and
    never a change."""
    actions = _posted_only_rules(app)
    assert len(actions) == 11  # every one of them, the start of a meeting included
    changes = db.session.query(MeetingChange).count()
    for rule in actions:
        address = rule.replace("<int:negotiation_id>", str(meeting.negotiation_id))
        address = address.replace("<int:meeting_id>", str(meeting.id))
        address = address.replace("<int:round_id>", str(consultation_round.id))
        for reader, page in ((cofac, "/chair"), (delegate, "")):
            opened = reader.get(address)
            assert opened.status_code == 302, address
            assert opened.headers["Location"].endswith(url(meeting, page)), address
            shown = text_of(reader.get(opened.headers["Location"]))
            assert "Nothing was changed: that address only takes a form" in shown
    assert db.session.query(MeetingChange).count() == changes
    # Once the meeting has ended, they lead to its record, saying so.
    cofac.post(url(meeting, "/close"), data={"confirmed": "yes"})
    late = cofac.get(url(meeting, "/status"))
    assert late.status_code == 302 and late.headers["Location"].endswith(url(meeting, "/record"))
    assert "This meeting has already ended" in text_of(cofac.get(late.headers["Location"]))
    # With no meeting open, starting one opened by its address leads to the round's page.
    round_page = f"/negotiations/{meeting.negotiation_id}/rounds/{consultation_round.id}"
    opened = cofac.get(round_page + "/meetings")
    assert opened.status_code == 302 and opened.headers["Location"].endswith(round_page)
    assert "a meeting starts from the button" in text_of(cofac.get(opened.headers["Location"]))
    db.session.expire_all()
    assert not meeting.is_open


def test_a_meeting_overtaken_by_a_later_text_is_asked_to_close_instead_of_ending(
    app, cast, zero, meeting, cofac
):
    edit_op3(meeting, cofac)
    publish(cast.cofac_a, cast.negotiation_a, "rev1.txt", data=rev1_with_new_op3())
    asked = cofac.post(url(meeting, "/end"))
    assert asked.status_code == 302 and asked.headers["Location"].endswith("/close")
    page = text_of(cofac.get(asked.headers["Location"]))
    assert "Rev.1 was published during the meeting" in page
    assert "Close the meeting without a preview" in page


def _rev1_without_the_last_op() -> bytes:
    """Rev.1 with a new OP3 (the zero draft's OP3 becomes its OP4) and without the zero
    draft's last paragraph (OP15, which would have been OP16)."""
    lines = rev1_with_new_op3().decode("utf-8").split("\n")
    return "\n".join(line for line in lines if not line.startswith("16. ")).encode("utf-8")


def test_every_page_of_a_meeting_says_when_another_text_supersedes_its_own(
    app, cast, meeting, cofac, delegate
):
    edit_op3(meeting, cofac)
    assert "has been superseded" not in text_of(delegate.get(url(meeting)))
    rev1 = publish(cast.cofac_a, cast.negotiation_a, "rev1.txt", data=_rev1_without_the_last_op())
    published = f"{rev1.published_at:%H:%M} UTC on {written_day(rev1.published_at)}"
    superseded = "Zero draft, the text of this meeting, has been superseded by Rev.1"
    # The chair's page: what happened, and the way out; ending is no longer offered.
    chair = " ".join(text_of(cofac.get(url(meeting, "/chair"))).split())
    assert superseded in chair
    assert (
        f"Rev.1 was published during the meeting, at {published}: the working text, made from "
        "Zero draft, cannot become the next revision. Close the meeting without a preview: its "
        "record and summary stay."
    ) in chair
    assert "Close without a preview…" in chair and "End the meeting…" not in chair
    assert superseded in " ".join(text_of(cofac.get(url(meeting, "/record"))).split())
    # The delegates' page: the same, and where comments are taken now.
    follow = text_of(delegate.get(url(meeting)))
    assert superseded in " ".join(follow.split())
    assert "Comments and proposals are taken on" in follow
    # Each paragraph's link leads to where it stands in Rev.1, where comments are taken ...
    op3 = paragraph(meeting, "OP3")
    moved = " ".join(block(follow, op3.key).split())
    rev1_op4 = top(rev1, "OP4")
    assert f"/paragraphs/{rev1_op4.id}/comments#form-heading" in moved
    assert "as OP4</span> of Rev.1" in moved
    form = text_of(
        delegate.get(f"/negotiations/{meeting.negotiation_id}/paragraphs/{rev1_op4.id}/comments")
    )
    assert 'id="form-heading"' in form and "has been superseded" not in form
    # ... and one Rev.1 lacks says so and leads to Rev.1, not to a page taking no comments.
    op15 = paragraph(meeting, "OP15")
    lacking = " ".join(block(follow, op15.key).split())
    assert "is not in Rev.1" in lacking
    assert f'/revisions/{rev1.id}">comment on Rev.1</a>' in lacking
    assert f"/paragraphs/{top(meeting.base_revision, 'OP15').id}/" not in lacking
    # The projector, and the negotiation page where people look for the meeting.
    projector = " ".join(text_of(delegate.get(url(meeting, "/projector"))).split())
    assert superseded in projector and "it will not become the next revision" in projector
    negotiation = " ".join(text_of(delegate.get(f"/negotiations/{meeting.negotiation_id}")).split())
    assert "Its text, Zero draft, has been superseded by Rev.1:" in negotiation
    assert "comments are taken on Rev.1" in negotiation
    draft = text_of(delegate.get(f"/negotiations/{meeting.negotiation_id}/revisions/{rev1.id}"))
    assert "Its text, Zero draft, has been superseded by Rev.1:" in " ".join(draft.split())
    for_chair = " ".join(text_of(cofac.get(f"/negotiations/{meeting.negotiation_id}")).split())
    assert "close the meeting without a preview from its page" in for_chair


def test_ending_a_meeting_that_changed_no_words_says_so_and_keeps_its_statuses(
    app, cast, meeting, cofac, delegate
):
    from tracker.services.triage import paragraph_state

    cofac.post(url(meeting, "/status"), data=fields(meeting, "OP1", status="agreed_ad_ref"))
    asked = text_of(cofac.post(url(meeting, "/end")))
    assert "No words were changed in the meeting" in asked
    assert "End the meeting and mark the statuses on Zero draft" in asked
    ended = cofac.post(url(meeting, "/end"), data={"confirmed": "yes"})
    assert ended.headers["Location"].endswith(f"/revisions/{meeting.base_revision_id}")
    page = text_of(cofac.get(ended.headers["Location"]))
    assert "the statuses marked in the meeting are now those of Zero draft" in page
    assert paragraph_state(top(meeting.base_revision, "OP1")) == "agreed_ad_ref"
    # Whoever opens the meeting afterwards reads how it ended (a closed one made no text).
    ended_page = " ".join(text_of(delegate.get(url(meeting))).split())
    assert "no words were changed, and the statuses marked in it are those of Zero draft" in (
        ended_page
    )


def test_the_meeting_summary_downloads_as_word(app, cast, meeting, delegate):
    edited = paragraph(meeting, "OP3").text.replace("will be webcast", "will be webcast live")
    cofac = sign_in(app.test_client(), cast.cofac_a)
    assert (
        cofac.post(url(meeting, "/edit"), data=fields(meeting, "OP3", text=edited)).status_code
        == 302
    )
    record = text_of(delegate.get(url(meeting, "/record")))
    assert url(meeting, "/summary.docx") in record

    word = delegate.get(url(meeting, "/summary.docx"))
    assert word.status_code == 200
    assert word.headers["Content-Type"] == DOCX
    # Named and headed like the negotiation's other files: whose meeting, which, and when.
    day = meeting.started_at.date()
    assert (
        f'filename="negotiation-a-first-informal-consultations-{day:%Y-%m-%d}-summary.docx"'
        in word.headers["Content-Disposition"]
    )
    document = docx.Document(io.BytesIO(word.data))
    (heading,) = document.sections[0].header.tables
    assert [cell.text for cell in heading.rows[0].cells] == [
        "Negotiation A",
        f"Summary of the meeting on Zero draft, {written_day(day)}",
    ]
    assert "NUMPAGES" in document.sections[0].footer._element.xml
    assert document.core_properties.author == "Co-facilitators: cofac.a"
    header = ["Time", "By", "Paragraph", "Change", "Text"]
    changes = next(t for t in document.tables if [c.text for c in t.rows[0].cells] == header)
    added = [
        run.text
        for row in changes.rows[1:]
        for run in row.cells[4].paragraphs[0].runs
        if run.bold and run.underline
    ]
    assert added == [" live"]
    # The Markdown stays where it was; its suffix leads there.
    markdown = delegate.get(url(meeting, "/summary.md"), follow_redirects=True)
    assert markdown.data == delegate.get(url(meeting, "/summary")).data
    assert markdown.data.startswith(b"# Meeting summary")

    unknown = delegate.get(url(meeting, "/summary.pdf"))
    assert unknown.status_code == 404 and "choose .docx or .md" in text_of(unknown)
    assert app.test_client().get(url(meeting, "/summary.docx")).status_code == 302


def test_the_exports_page_lists_ended_meetings_with_their_summaries(cast, meeting, delegate):
    exports = f"/negotiations/{meeting.negotiation_id}/exports"
    assert url(meeting, "/summary.docx") not in text_of(delegate.get(exports))  # still open
    op3 = paragraph(meeting, "OP3")
    edit_paragraph(cast.cofac_a, meeting, op3.key, op3.text + " Also.", op3.version)
    end_meeting_to_preview(cast.cofac_a, meeting)
    page = text_of(delegate.get(exports))
    assert "First informal consultations" in page and "which became Rev.1" in page
    for suffix in ("/record", "/summary.docx", "/summary"):
        assert f'href="{url(meeting, suffix)}"' in page


def test_every_chair_form_carries_its_csrf_field(app, cast, meeting, cofac):
    page = text_of(cofac.get(url(meeting, "/chair")))
    forms = re.findall(r"<form method=\"post\".*?</form>", page, re.S)
    assert len(forms) >= 8
    assert all('name="csrf_token"' in form for form in forms)


def test_a_refused_form_comes_back_with_what_was_written(app, cast, meeting, cofac):
    long_text = "Decides " + "again " * 4000
    response = cofac.post(url(meeting, "/edit"), data=fields(meeting, "OP3", text=long_text))
    assert response.status_code == 422
    assert f">{long_text}</textarea>" in text_of(response)
    wording = "*Invites* all observers;"
    response = cofac.post(
        url(meeting, "/alternative"), data=fields(meeting, "OP5", wording=wording, version="x")
    )
    assert response.status_code == 422
    assert "which version" in text_of(response) and wording in text_of(response)


@pytest.mark.parametrize(
    ("path", "sent", "status", "message"),
    [
        ("/insert", {"after": "OP3", "kind": "bogus", "text": "Decides;"}, 422, "not a kind"),
        ("/insert", {"after_key": "p99999", "text": "Decides;"}, 404, "no paragraph"),
        ("/move", {"on": "OP3", "after": "OP3"}, 422, ""),
        ("/focus", {"key": "p99999"}, 404, "no paragraph"),
        ("/status", {"key": "p99999", "status": "pending"}, 404, "no paragraph"),
        ("/delete", {"on": "OP3", "version": "999"}, 409, "was changed while you were"),
        ("/bracket", {"on": "OP3", "phrase": "webcast", "holder": "x" * 201}, 422, "at most 200"),
        ("/alternative", {"on": "OP3", "wording": "y" * 2_001}, 422, "at most 2,000"),
        ("/restore", {"on": "OP3"}, 422, "already"),
    ],
)
def test_hostile_forms_are_refused_and_change_nothing(
    app, cast, meeting, cofac, path, sent, status, message
):
    before = working_view(meeting)
    data = dict(sent)
    if "on" in data:
        data = {**fields(meeting, data.pop("on")), **data}
    if "after" in data:
        data["after_key"] = paragraph(meeting, data.pop("after")).key
    if data.get("after_key") == "OP3":
        data["after_key"] = paragraph(meeting, "OP3").key
    response = cofac.post(url(meeting, path), data=data)
    assert response.status_code == status, text_of(response)[-600:]
    assert message in text_of(response)
    db.session.expire_all()
    assert working_view(meeting) == before


def test_closing_without_a_preview_keeps_the_text_and_record(app, cast, meeting, cofac, delegate):
    edit_op3(meeting, cofac)
    asked = cofac.post(url(meeting, "/close"))
    assert asked.status_code == 200 and "Close the meeting without a preview?" in text_of(asked)
    closed = cofac.post(url(meeting, "/close"), data={"confirmed": "yes"})
    assert closed.status_code == 302 and closed.headers["Location"].endswith("/record")
    db.session.expire_all()
    assert not meeting.is_open and meeting.preview_id is None
    page = text_of(delegate.get(url(meeting)))
    assert "This meeting has ended" in page and "Also." in page
    record = text_of(delegate.get(url(meeting, "/record")))
    assert "Closed the meeting without making a preview" in record
    assert cofac.post(url(meeting, "/close"), data={"confirmed": "yes"}).status_code == 409


def test_a_bracket_on_a_stale_version_comes_back_ready_to_send_again(app, cast, meeting, cofac):
    shown = fields(meeting, "OP3")
    op3 = paragraph(meeting, "OP3")
    cofac.post(url(meeting, "/edit"), data={**shown, "text": op3.text.replace("webcast", "shown")})
    refused = cofac.post(url(meeting, "/bracket"), data={**shown, "phrase": "media platforms"})
    assert refused.status_code == 409
    page = text_of(refused)
    assert "was changed while you were working on it" in page
    newer = str(paragraph(meeting, "OP3").version)
    form = page[page.index('action="' + url(meeting, "/bracket")) :]
    form = form[: form.index("</form>")]
    assert f'name="version" value="{newer}"' in form and 'value="media platforms"' in form
    again = cofac.post(
        url(meeting, "/bracket"), data={**fields(meeting, "OP3"), "phrase": "media platforms"}
    )
    assert again.status_code == 302
    assert "[media platforms]" in paragraph(meeting, "OP3").text


def test_an_edit_of_no_words_is_refused_and_one_that_changes_nothing_says_so(
    app, cast, meeting, cofac
):
    # Saving "**" (the italics marks alone) replaced OP3's text with "**"; saving the text
    # as it stood said "OP3 changed."
    op3 = paragraph(meeting, "OP3")
    refused = cofac.post(url(meeting, "/edit"), data=fields(meeting, "OP3", text="**"))
    assert refused.status_code == 422 and "Write the text of OP3" in text_of(refused)
    assert paragraph(meeting, "OP3").text == op3.text
    chair = text_of(cofac.get(url(meeting, f"/chair?key={op3.key}")))
    box = re.search(r'<textarea name="text" id="edit-text"[^>]*>([^<]*)</textarea>', chair)
    assert box is not None
    same = cofac.post(
        url(meeting, "/edit"),
        data=fields(meeting, "OP3", text=html.unescape(box.group(1))),
        follow_redirects=True,
    )
    assert "OP3 is unchanged." in text_of(same)


def test_each_paragraph_followed_is_a_heading_a_level_deeper_for_a_sub_paragraph(
    app, cast, zero, meeting, delegate
):
    """A screen reader's user follows the meeting from heading to heading, as the room moves
    from paragraph to paragraph."""
    page = text_of(delegate.get(url(meeting)))
    op2 = block(page, paragraph(meeting, "OP2").key)
    assert '<div class="mp-label" role="heading" aria-level="2">' in op2
    sub = next(p for p in working_view(meeting) if p.depth == 1)
    assert '<div class="mp-label" role="heading" aria-level="3">' in block(page, sub.key)
