"""The review of a preview: correcting its pairing, as the co-facilitator does it and as the
delegations see the result."""

from __future__ import annotations

import re

from tests.conftest import count, fixture_bytes, publish, schedule_round, sign_in
from tracker.extensions import db
from tracker.models import (
    NegotiationFacilitator,
    Notification,
    OutboxLetter,
    OutboxMessage,
    Revision,
)
from tracker.services import revisions
from tracker.services.meeting import (
    edit_paragraph,
    end_meeting_to_preview,
    start_meeting,
    working_view,
)
from tracker.services.publishing import withdraw_revision

ZERO = "pairing-zero.txt"
REV1 = "pairing-rev1.txt"


def undo(cofac, base: str, label: str, against) -> str:
    """The review page (made against the published text `against`) after the co-facilitator
    undoes the correction of `label`."""
    return cofac.post(
        base + "/preview-pairing",
        data={"new_label": label, "continues": "automatic", "reviewed_against": str(against.id)},
        follow_redirects=True,
    ).text


def test_a_correction_says_what_else_it_changed_can_be_undone_and_its_trials_stay_private(
    app, cast
):
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    preview = revisions.upload_revision(
        cast.cofac_a, cast.negotiation_a, filename=REV1, data=fixture_bytes(REV1)
    )
    base = f"/negotiations/{cast.negotiation_a.id}/revisions/{preview.id}"
    cofac = sign_in(app.test_client(), cast.cofac_a)
    corrected = cofac.post(
        base + "/preview-pairing",
        data={"new_label": "OP3", "continues": "OP2", "reviewed_against": str(zero.id)},
        follow_redirects=True,
    ).text
    assert (
        "OP3 now continues OP2; publishing will follow this pairing. It also changed: OP2 now "
        "continues no paragraph (a new one)." in corrected
    )
    # A trial, then undone: the review lists the correction that stands, with its undo.
    cofac.post(
        base + "/preview-pairing",
        data={"new_label": "OP4", "continues": "", "reviewed_against": str(zero.id)},
    )
    undone = undo(cofac, base, "OP4", zero)
    assert "OP4 is paired as the app pairs it again" in undone
    assert "Undo: pair OP3 as the app does" in undone and "Undo: pair OP4" not in undone
    cofac.post(base + "/publish", data={"confirmed": "yes", "reviewed_against": str(zero.id)})
    mexico = sign_in(app.test_client(), cast.delegate_a)
    compared = mexico.get(
        f"/negotiations/{cast.negotiation_a.id}/compare?old={zero.id}&new={preview.id}"
    ).text
    assert "Pairings corrected by hand (1)" in compared
    assert "Rev.1 OP3 continues Zero draft OP2 (set before publishing)" in compared
    assert "OP4" not in compared.split("Pairings corrected by hand")[1].split("</section>")[0]


def test_a_text_made_in_a_meeting_is_paired_as_the_room_edited_it_not_corrected_by_hand(app, cast):
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    meeting = start_meeting(cast.cofac_a, schedule_round(cast, zero))
    op3 = next(p for p in working_view(meeting) if p.label == "OP3")
    # Edited beyond what the app would pair: the room's edit says it is still OP3.
    edit_paragraph(
        cast.cofac_a, meeting, op3.key, "Decides on something else entirely;", op3.version
    )
    preview = end_meeting_to_preview(cast.cofac_a, meeting)
    base = f"/negotiations/{cast.negotiation_a.id}/revisions/{preview.id}"
    cofac = sign_in(app.test_client(), cast.cofac_a)
    review = cofac.get(base + "/review").text
    assert "corrected by hand</span>" not in review and "Undo:" not in review
    assert "edited in a meeting from Zero draft" in review
    assert 'OP3 continues Zero draft OP3 <span class="muted">(as the meeting paired it)' in review
    # A real correction is listed as such, and undoing it goes back to the room's pairing.
    cofac.post(
        base + "/preview-pairing",
        data={"new_label": "OP2", "continues": "", "reviewed_against": str(zero.id)},
    )
    review = cofac.get(base + "/review").text
    assert review.count("corrected by hand</span>") == 1
    assert "OP2 continues no paragraph (a new one)" in review
    assert "Undo: pair OP2 as the meeting does" in review
    undone = undo(cofac, base, "OP2", zero)
    assert "OP2 is paired as the meeting pairs it again" in undone
    assert "Undo:" not in undone
    assert preview.preview_pairing["OP2"] == "OP2"
    cofac.post(base + "/publish", data={"confirmed": "yes", "reviewed_against": str(zero.id)})
    compared = (
        sign_in(app.test_client(), cast.delegate_a)
        .get(f"/negotiations/{cast.negotiation_a.id}/compare?old={zero.id}&new={preview.id}")
        .text
    )
    assert "Pairings corrected by hand" not in compared


def test_a_withdrawal_reason_ending_with_a_full_stop_is_printed_with_one(app, cast):
    publish(cast.cofac_a, cast.negotiation_a, ZERO)
    rev1 = publish(cast.cofac_a, cast.negotiation_a, REV1)
    withdraw_revision(cast.cofac_a, rev1, "Circulated before the co-facilitators agreed.")
    page = sign_in(app.test_client(), cast.delegate_a).get(
        f"/negotiations/{cast.negotiation_a.id}/revisions/{rev1.id}"
    )
    assert ": Circulated before the co-facilitators agreed. It is kept in the record" in page.text


def test_withdrawing_a_text_a_meeting_is_held_on_says_so_and_closes_the_meeting(app, cast):
    publish(cast.cofac_a, cast.negotiation_a, ZERO)
    rev1 = publish(cast.cofac_a, cast.negotiation_a, REV1)
    meeting = start_meeting(cast.cofac_a, schedule_round(cast, rev1))
    first = working_view(meeting)[0]
    edit_paragraph(cast.cofac_a, meeting, first.key, "Recalling something else,", first.version)
    cofac = sign_in(app.test_client(), cast.cofac_a)
    url = f"/negotiations/{cast.negotiation_a.id}/revisions/{rev1.id}/withdraw"
    asked = cofac.get(url).text
    assert f"A meeting is being held on {rev1.label} now" in asked
    assert "closes the meeting without a preview" in asked
    done = cofac.post(
        url, data={"confirmed": "yes", "reason": "The wrong file."}, follow_redirects=True
    ).text
    assert "The meeting held on it was closed without a preview" in done
    assert "A meeting is being held now" not in done
    record = cofac.get(f"/negotiations/{cast.negotiation_a.id}/meetings/{meeting.id}/record")
    assert (
        record.status_code == 200 and "Closed the meeting without making a preview" in record.text
    )


def _reviewed_against(review_html: str) -> str:
    """The text the review page's publish form says the review was made against."""
    found = re.search(r'name="reviewed_against" value="([^"]*)"', review_html)
    return found.group(1) if found else ""


def _during_meeting(review_html: str) -> str:
    """The meeting the review page's publish form confirms publishing during, if it asks."""
    found = re.search(r'name="during_meeting" value="([^"]*)"', review_html)
    return found.group(1) if found else ""


def _letters_and_notices() -> int:
    return count(OutboxMessage) + count(OutboxLetter) + count(Notification)


def test_publishing_from_a_review_made_before_another_text_was_circulated_is_refused(app, cast):
    """Two co-facilitators each upload a revision of Rev.1; the second publishes from the
    review he opened before the first published: his text would have been aligned with the
    other's, undoing it, with a pairing and carried comments he never saw."""
    negotiation = cast.negotiation_a
    db.session.add(NegotiationFacilitator(negotiation_id=negotiation.id, user=cast.cofac_b))
    db.session.commit()
    publish(cast.cofac_a, negotiation, ZERO)
    rev1 = publish(cast.cofac_a, negotiation, REV1)
    text = fixture_bytes(REV1)
    theirs = revisions.upload_revision(
        cast.cofac_a,
        negotiation,
        filename="georgia.txt",
        data=text.replace(b"concise note", b"short note"),
        label="Rev.2",
    )
    mine = revisions.upload_revision(
        cast.cofac_b,
        negotiation,
        filename="philippines.txt",
        data=text.replace(b"highest possible level", b"highest level"),
        label="Rev.3",
    )
    base = f"/negotiations/{negotiation.id}/revisions/{mine.id}"
    georgia = sign_in(app.test_client(), cast.cofac_a)
    philippines = sign_in(app.test_client(), cast.cofac_b)
    opened = philippines.get(base + "/review").text
    assert "Rev.3 (preview) compared with Rev.1" in opened
    philippines.post(
        base + "/preview-pairing",
        data={"new_label": "OP4", "continues": "OP4", "reviewed_against": str(rev1.id)},
    )
    georgia.post(
        f"/negotiations/{negotiation.id}/revisions/{theirs.id}/publish",
        data={"confirmed": "yes", "reviewed_against": str(rev1.id)},
    )
    assert theirs.state == "published"
    sent = _letters_and_notices()

    refused = philippines.post(
        base + "/publish", data={"confirmed": "yes", "reviewed_against": _reviewed_against(opened)}
    )
    assert refused.status_code == 409
    assert (
        "Rev.2 was circulated since you reviewed this preview; review it again against Rev.2. "
        "Nothing was published or sent. The pairing set on the preview was chosen against the "
        "earlier text: check it." in refused.text
    )
    # Nothing stored or sent; the review is shown again, now against the text that is latest.
    db.session.expire_all()
    assert db.session.get(Revision, mine.id).state == "preview"
    assert count(Revision, negotiation_id=negotiation.id, state="published") == 3
    assert _letters_and_notices() == sent
    assert "Rev.3 (preview) compared with Rev.2" in refused.text
    assert _reviewed_against(refused.text) == str(theirs.id)
    # A missing, malformed or other text's id does not pass for the latest either.
    for forged in (
        {},
        {"reviewed_against": ""},
        {"reviewed_against": "x"},
        {"reviewed_against": "none"},
        {"reviewed_against": str(mine.id)},
    ):
        response = philippines.post(base + "/publish", data={"confirmed": "yes", **forged})
        assert response.status_code == 409, forged
        assert "review it again against Rev.2. Nothing was published or sent." in response.text
    assert db.session.get(Revision, mine.id).state == "preview"
    # Reviewed again, it is published against Rev.2, keeping Rev.2's change.
    published = philippines.post(
        base + "/publish",
        data={"confirmed": "yes", "reviewed_against": _reviewed_against(refused.text)},
        follow_redirects=True,
    )
    assert "Rev.3 is published." in published.text
    db.session.expire_all()
    assert db.session.get(Revision, mine.id).state == "published"


def test_publishing_from_a_review_of_a_text_withdrawn_since_says_so(app, cast):
    negotiation = cast.negotiation_a
    zero = publish(cast.cofac_a, negotiation, ZERO)
    rev1 = publish(cast.cofac_a, negotiation, REV1)
    preview = revisions.upload_revision(
        cast.cofac_a,
        negotiation,
        filename=REV1,
        data=fixture_bytes(REV1).replace(b"concise note", b"short note"),
        label="Rev.2",
    )
    cofac = sign_in(app.test_client(), cast.cofac_a)
    base = f"/negotiations/{negotiation.id}/revisions/{preview.id}"
    opened = cofac.get(base + "/review").text
    withdraw_revision(cast.cofac_a, rev1, "The wrong file.")
    refused = cofac.post(
        base + "/publish", data={"confirmed": "yes", "reviewed_against": _reviewed_against(opened)}
    )
    assert refused.status_code == 409
    assert (
        "Rev.1 was withdrawn since you reviewed this preview; review it again against Zero draft."
        in refused.text
    )
    assert "Rev.2 (preview) compared with Zero draft" in refused.text
    assert _reviewed_against(refused.text) == str(zero.id)


def test_a_pairing_correction_from_a_review_of_an_earlier_text_is_refused(app, cast):
    """The labels a review offers are those of the text it compared with: "OP2 continues
    OP1" chosen on a review against Rev.1 would be stored as a pairing with Rev.2's OP1."""
    negotiation = cast.negotiation_a
    publish(cast.cofac_a, negotiation, ZERO)
    publish(cast.cofac_a, negotiation, REV1)
    text = fixture_bytes(REV1)
    theirs = revisions.upload_revision(
        cast.cofac_a, negotiation, filename="a.txt", data=text.replace(b"concise", b"short")
    )
    mine = revisions.upload_revision(
        cast.cofac_a, negotiation, filename="b.txt", data=text.replace(b"highest possible", b"high")
    )
    cofac = sign_in(app.test_client(), cast.cofac_a)
    base = f"/negotiations/{negotiation.id}/revisions/{mine.id}"
    opened = cofac.get(base + "/review").text
    cofac.post(
        f"/negotiations/{negotiation.id}/revisions/{theirs.id}/publish",
        data={"confirmed": "yes", "reviewed_against": _reviewed_against(opened)},
    )
    refused = cofac.post(
        base + "/preview-pairing",
        data={
            "new_label": "OP2",
            "continues": "OP1",
            "reviewed_against": _reviewed_against(opened),
        },
    )
    assert refused.status_code == 409
    assert (
        f"{theirs.label} was circulated since you reviewed this preview; review it again against "
        f"{theirs.label}. The pairing was not changed." in refused.text
    )
    db.session.expire_all()
    assert not db.session.get(Revision, mine.id).preview_pairing
    assert _reviewed_against(refused.text) == str(theirs.id)


def _warnings(page: str) -> str:
    """The review's warnings at the top of the page, empty when it has none."""
    if "Check before publishing" not in page:
        return ""
    return page.split("Check before publishing")[1].split("</section>")[0]


def test_the_review_warns_of_an_unrelated_text_and_of_a_label_out_of_sequence(app, cast):
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    wrong = revisions.upload_revision(
        cast.cofac_a,
        cast.negotiation_a,
        filename="other.txt",
        data=fixture_bytes("sponsor-on-behalf-of-a-group.txt"),
        label="Rev.9",
    )
    cofac = sign_in(app.test_client(), cast.cofac_a)
    base = f"/negotiations/{cast.negotiation_a.id}/revisions"
    page = cofac.get(f"{base}/{wrong.id}/review").text
    warned = _warnings(page)
    assert "Almost nothing of Zero draft continues into Rev.9: 0 of its 4 paragraphs" in warned
    assert "The label “Rev.9” skips Rev.1 to Rev.8: the last text circulated is Zero draft" in (
        warned
    )
    # Said again at the confirmation step, beside the button.
    confirm = page.split('id="confirm-heading"')[1]
    assert "Almost nothing of Zero draft continues" in confirm and "skips Rev.1 to Rev.8" in confirm
    # The right text, labelled as practice has it, is published without a warning; a
    # second preview under the same label is pointed out on both.
    right = revisions.upload_revision(
        cast.cofac_a, cast.negotiation_a, filename=REV1, data=fixture_bytes(REV1)
    )
    assert right.label == "Rev.1"
    assert _warnings(cofac.get(f"{base}/{right.id}/review").text) == ""
    again = revisions.upload_revision(
        cast.cofac_a, cast.negotiation_a, filename=REV1, data=fixture_bytes(REV1)
    )
    for preview in (right, again):
        warned = _warnings(cofac.get(f"{base}/{preview.id}/review").text)
        assert "Another preview is labelled “Rev.1” too, uploaded from pairing-rev1.txt" in warned
    assert zero.label == "Zero draft"


def test_a_label_that_goes_back_is_warned_of_and_a_corrected_text_is_not(app, cast):
    publish(cast.cofac_a, cast.negotiation_a, ZERO)
    rev1 = publish(cast.cofac_a, cast.negotiation_a, REV1)
    cofac = sign_in(app.test_client(), cast.cofac_a)
    base = f"/negotiations/{cast.negotiation_a.id}/revisions"
    back = revisions.upload_revision(
        cast.cofac_a,
        cast.negotiation_a,
        filename="rev1-pasted-from-e-mail.txt",
        data=fixture_bytes("rev1-pasted-from-e-mail.txt") + b"\n",
        label="Rev.1/Corr.1",
    )
    warned = _warnings(cofac.get(f"{base}/{back.id}/review").text)
    assert "The label “Rev.1/Corr.1” does not follow Rev.1, the latest text circulated" in warned
    withdraw_revision(cast.cofac_a, rev1, "Published by mistake")
    corrected = revisions.upload_revision(
        cast.cofac_a, cast.negotiation_a, filename=REV1, data=fixture_bytes(REV1)
    )
    assert corrected.label == "Rev.1 (corrected)"
    assert _warnings(cofac.get(f"{base}/{corrected.id}/review").text) == ""


def test_publishing_while_a_meeting_is_held_on_the_latest_text_says_what_it_does_and_asks(
    app, cast
):
    """Georgia chairs a meeting on Rev.1 with the room at work on it; Philippines opens the
    review of his Rev.2: the page says a meeting is being held on Rev.1, by whom, and what
    publishing does to it, and publishing asks that this be confirmed."""
    negotiation = cast.negotiation_a
    db.session.add(NegotiationFacilitator(negotiation_id=negotiation.id, user=cast.cofac_b))
    db.session.commit()
    publish(cast.cofac_a, negotiation, ZERO)
    rev1 = publish(cast.cofac_a, negotiation, REV1)
    meeting = start_meeting(cast.cofac_a, schedule_round(cast, rev1))
    first = working_view(meeting)[0]
    edit_paragraph(cast.cofac_a, meeting, first.key, "Recalling something else,", first.version)
    preview = revisions.upload_revision(
        cast.cofac_b,
        negotiation,
        filename="philippines.txt",
        data=fixture_bytes(REV1).replace(b"highest possible level", b"highest level"),
    )
    base = f"/negotiations/{negotiation.id}/revisions/{preview.id}"
    philippines = sign_in(app.test_client(), cast.cofac_b)
    review = philippines.get(base + "/review").text
    plain = " ".join(review.split())
    assert "A meeting is being held on Rev.1 now" in plain
    assert f"started by {cast.cofac_a.name}" in plain
    assert "The room has made 1 change to the working text" in plain
    assert "the meeting's working text can no longer become the next revision" in plain
    assert "ask whoever is chairing to end the meeting first" in plain
    assert _during_meeting(review) == str(meeting.id)
    assert "Publish Rev.2 during the meeting and notify" in plain
    sent = _letters_and_notices()
    # Sent without the confirmation (or with another meeting's): refused, nothing sent.
    for confirmation in ({}, {"during_meeting": str(meeting.id + 1)}):
        refused = philippines.post(
            base + "/publish",
            data={
                "confirmed": "yes",
                "reviewed_against": _reviewed_against(review),
                **confirmation,
            },
        )
        assert refused.status_code == 409, confirmation
        assert "A meeting is being held on Rev.1 now (" in refused.text
        assert "Nothing was published or sent" in refused.text
        db.session.expire_all()
        assert db.session.get(Revision, preview.id).state == "preview"
        assert _letters_and_notices() == sent
    published = philippines.post(
        base + "/publish",
        data={
            "confirmed": "yes",
            "reviewed_against": _reviewed_against(review),
            "during_meeting": _during_meeting(review),
        },
        follow_redirects=True,
    )
    assert "Rev.2 is published." in published.text
    db.session.expire_all()
    assert db.session.get(Revision, preview.id).state == "published"
    # A review of a text no meeting is held on asks nothing of the kind.
    rev3 = revisions.upload_revision(
        cast.cofac_b,
        negotiation,
        filename="rev3.txt",
        data=fixture_bytes(REV1).replace(b"highest possible level", b"high level"),
    )
    third = philippines.get(f"/negotiations/{negotiation.id}/revisions/{rev3.id}/review").text
    assert "A meeting is being held" not in third and _during_meeting(third) == ""


def test_a_meeting_started_after_the_review_was_opened_stops_the_publication(app, cast):
    """The review was opened before the other co-facilitator started the meeting: it said
    nothing of one, so publishing from it is refused and the review shown again, warning."""
    negotiation = cast.negotiation_a
    zero = publish(cast.cofac_a, negotiation, ZERO)
    preview = revisions.upload_revision(
        cast.cofac_a, negotiation, filename=REV1, data=fixture_bytes(REV1)
    )
    base = f"/negotiations/{negotiation.id}/revisions/{preview.id}"
    cofac = sign_in(app.test_client(), cast.cofac_a)
    opened = cofac.get(base + "/review").text
    assert _during_meeting(opened) == ""
    meeting = start_meeting(cast.cofac_a, schedule_round(cast, zero))
    refused = cofac.post(
        base + "/publish",
        data={"confirmed": "yes", "reviewed_against": _reviewed_against(opened)},
    )
    assert refused.status_code == 409
    assert "A meeting is being held on Zero draft now" in refused.text
    assert _during_meeting(refused.text) == str(meeting.id)
    db.session.expire_all()
    assert db.session.get(Revision, preview.id).state == "preview"
