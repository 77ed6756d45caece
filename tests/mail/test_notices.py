"""Every event the participants rely on reaches them in the app and by e-mail: the circulation
letter of a new text, rounds and their reminders, comments, replies, joins, triage and the
silence procedure; daily digests collect a day's events, and every message unsubscribes."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
from docx import Document as DocxDocument
from icalendar import Calendar
from sqlalchemy import select

from tests.conftest import fixture_bytes, make_user, publish, sign_in
from tests.mail.conftest import app_path, parts
from tracker.extensions import db
from tracker.models import Notification
from tracker.services import Invalid, comments, mail, rounds, silence, triage
from tracker.services.announcements import send_due_reminders

ZERO = "zero-draft-2021-hlm-modalities.txt"


def kinds(user) -> list[str]:
    return list(
        db.session.scalars(
            select(Notification.kind)
            .where(Notification.user_id == user.id)
            .order_by(Notification.id)
        )
    )


def deliver(inbox, expected: int):
    """Deliver the outbox and wait for that many messages in all."""
    mail.deliver_pending(limit=500)
    return inbox.wait_for(expected)


def top(revision, label: str):
    return next(p for p in revision.paragraphs if p.path == label)


@pytest.fixture
def zero(cast):
    return publish(cast.cofac_a, cast.negotiation_a, ZERO)


def test_a_new_revision_goes_out_as_the_cofacilitators_circulation_letter(app, cast, inbox):
    mail.set_preference(cast.delegate_b, cast.negotiation_a.id, mode="every", attach_docx=True)
    cast.cofac_a.name = "Ambassador Lana Zaki Nusseibeh"
    db.session.commit()
    revision = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    deliver(inbox, 2)
    mexico, chile = inbox.to("mexico@example.org"), inbox.to("chile@example.org")
    assert len(mexico) == len(chile) == 1
    assert inbox.to("cofac.a@example.org") == []  # the sender does not write to themselves
    letter = chile[0]
    assert letter["Subject"] == f"Negotiation A: {revision.label}"
    text, html = parts(letter)
    assert "Excellency" in text and "Ambassador Lana Zaki Nusseibeh" in text
    # The title once, the negotiation's after it only where it differs.
    assert (
        f"circulate herewith {revision.label} of the draft resolution\r\n"
        f'entitled "{revision.title}" (Negotiation A).' in text
    )
    assert revision.title in text and revision.label in html
    link = f"https://tracker.example/negotiations/{revision.negotiation_id}/revisions/{revision.id}"
    assert link in text and f'href="{link}"' in html
    assert app.test_client().get(app_path(link)).status_code == 302  # sign in first: it exists
    # Chile asked for the clean text; Mexico did not.
    (attachment,) = list(letter.iter_attachments())
    assert attachment.get_filename().endswith(".docx")
    document = DocxDocument(BytesIO(attachment.get_content()))
    assert any("General Assembly" in p.text for p in document.paragraphs)
    assert list(mexico[0].iter_attachments()) == []
    # The in-app notification as before.
    assert kinds(cast.delegate_b) == ["revision_published"]


def test_one_click_unsubscribe_stops_that_kind_of_mail_only(app, cast, inbox, zero):
    deliver(inbox, 2)
    letter = inbox.to("mexico@example.org")[0]
    assert letter["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = letter["List-Unsubscribe"].strip("<>")
    # A mail client posts to the link without a session or a form (RFC 8058).
    client = app.test_client()
    assert client.get(app_path(url)).status_code == 200
    assert client.post(app_path(url)).status_code == 200
    assert mail.unsubscribed_kinds(cast.delegate_a) == {"revision_published"}
    rev1 = fixture_bytes(ZERO).replace(b"webcast", b"shown")
    publish(cast.cofac_a, cast.negotiation_a, ZERO, data=rev1)
    start = datetime.now(UTC) + timedelta(days=3)
    rounds.create_round(
        cast.cofac_a,
        cast.negotiation_a,
        title="Second reading",
        revision=zero.negotiation.published_revisions[-1],
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        comment_deadline=start + timedelta(hours=1),
    )
    deliver(inbox, 5)
    subjects = [m["Subject"] for m in inbox.to("mexico@example.org")]
    assert subjects == [
        "Negotiation A: Zero draft",
        "Negotiation A: Second reading on Rev.1 was scheduled.",
    ]
    assert len(inbox.to("chile@example.org")) == 3
    # A forged link is refused.
    assert client.post("/mail/unsubscribe/forged").status_code == 404


def test_choosing_none_stops_mail_about_that_negotiation_but_not_the_bell(cast, inbox):
    mail.set_preference(cast.delegate_a, cast.negotiation_a.id, mode="none")
    publish(cast.cofac_a, cast.negotiation_a, ZERO)
    deliver(inbox, 1)
    assert inbox.to("mexico@example.org") == []
    assert kinds(cast.delegate_a) == ["revision_published"]


def test_a_daily_digest_collects_a_days_events_into_one_message(app, cast, inbox, zero):
    mail.set_preference(cast.cofac_a, cast.negotiation_a.id, mode="digest")
    op1, op2 = top(zero, "OP1"), top(zero, "OP2")
    first = comments.create_comment(
        cast.delegate_a, zero, paragraph=op1, kind="comment", body="Shorter, please."
    )
    comments.create_comment(
        cast.delegate_b, zero, paragraph=op2, kind="amend", proposed_text="A new OP2 text."
    )
    comments.create_comment(
        cast.delegate_b, zero, paragraph=None, kind="question", body="When is the next round?"
    )
    comments.reply_to(cast.delegate_b, first, "We agree.")
    deliver(inbox, 2)
    # Nothing went to the digest reader at once; the bell has every comment.
    assert inbox.to("cofac.a@example.org") == []
    assert kinds(cast.cofac_a).count("comment_posted") == 3
    # Not before the day is over.
    assert mail.send_digests() == 0
    assert mail.send_digests(datetime.now(UTC) + timedelta(days=1, minutes=1)) == 1
    deliver(inbox, 3)
    (digest,) = inbox.to("cofac.a@example.org")
    assert digest["Subject"] == "Your daily digest: 3 updates"
    text, html = parts(digest)
    assert "Comment by Mexico on Zero draft OP1" in text
    assert "Proposal to amend by Chile on Zero draft OP2" in text
    assert "Question by Chile on Zero draft the text as a whole" in html
    assert "https://tracker.example/negotiations/" in text
    assert digest["List-Unsubscribe"]
    # The next day starts empty.
    assert mail.send_digests(datetime.now(UTC) + timedelta(days=2, minutes=2)) == 0


def test_joins_replies_and_triage_reach_the_delegation_that_commented(cast, inbox, zero):
    comment = comments.create_comment(
        cast.delegate_a, zero, paragraph=top(zero, "OP1"), kind="comment", body="Shorter."
    )
    comments.join_comment(cast.delegate_b, comment)
    comments.reply_to(cast.cofac_a, comment, "Noted, thank you.")
    triage.triage_comment(cast.cofac_a, comment, status="noted", version=comment.version)
    assert kinds(cast.delegate_a)[-3:] == ["join", "reply", "triage"]
    deliver(inbox, 1)
    subjects = [m["Subject"] for m in inbox.to("mexico@example.org")]
    assert "Negotiation A: Chile joined your comment on Zero draft OP1." in subjects
    assert any("replied to your comment" in s for s in subjects), subjects
    [replied] = [m for m in inbox.to("mexico@example.org") if "replied to" in m["Subject"]]
    assert f"/comments/{comment.id}#reply-{comment.replies[0].id}" in parts(replied)[0]
    assert "Negotiation A: Your comment on Zero draft OP1 is now “Noted”." in subjects
    # Chile, which joined the comment, reads of Mexico's comment, in the app and by mail.
    joined = "The comment of Mexico on Zero draft OP1, which you joined, is now “Noted”."
    assert f"Negotiation A: {joined}" in [m["Subject"] for m in inbox.to("chile@example.org")]
    assert db.session.scalars(
        select(Notification.text).where(Notification.user_id == cast.delegate_b.id)
    ).all()[-1:] == [joined]
    # The co-facilitator heard of the comment itself.
    assert any("Comment by Mexico" in m["Subject"] for m in inbox.to("cofac.a@example.org"))


def test_silence_opened_broken_and_passed_reach_the_right_people(cast, inbox, zero):
    mail.set_preference(cast.cofac_a, cast.negotiation_a.id, mode="digest")
    deadline = datetime.now(UTC) + timedelta(days=3)
    procedure = silence.start_silence(cast.cofac_a, cast.negotiation_a, zero, deadline)
    assert kinds(cast.delegate_b)[-1] == "silence_opened"
    silence.break_silence(
        cast.delegate_b,
        procedure,
        paragraph_ids=[top(zero, "OP3").id],
        statement="Chile cannot accept OP3.",
    )
    # Co-facilitators and the secretariat at once, even a digest reader; not the delegates.
    for user in (cast.cofac_a, cast.secretariat, cast.admin):
        assert kinds(user)[-1] == "silence_broken"
    assert "silence_broken" not in kinds(cast.delegate_a)
    deliver(inbox, 1)
    broken = inbox.to("cofac.a@example.org")
    assert [m["Subject"] for m in broken] == [
        "Negotiation A: Chile broke silence on Zero draft OP3."
    ]
    assert "Chile cannot accept OP3." in parts(broken[0])[0]
    assert any("under silence until" in m["Subject"] for m in inbox.to("mexico@example.org"))

    silence.break_silence(
        cast.delegate_a, procedure, paragraph_ids=[top(zero, "OP1").id], statement="Not OP1."
    )
    # The co-facilitators lift Chile's objection on its word in the room: Chile hears of it.
    chiles = next(b for b in procedure.breaks if b.delegation_id == cast.delegate_b.delegation_id)
    silence.lift_objection(cast.cofac_a, chiles, note="Chile agreed to OP3 as read out.")
    assert kinds(cast.delegate_b)[-1] == "silence_lifted"
    # Mexico's stands: recorded as broken, everyone hears, where Chile heard nothing of it.
    silence.record_outcome(cast.cofac_a, procedure, outcome="broken")
    assert kinds(cast.delegate_b)[-1] == "silence_broken"
    note = db.session.scalars(
        select(Notification)
        .where(Notification.user_id == cast.delegate_b.id)
        .order_by(Notification.id.desc())
    ).first()
    assert note is not None
    assert note.text == "Silence on Zero draft was broken: the text goes back to consultations."

    # Another text passes silence: everyone hears.
    passed = silence.start_silence(
        cast.cofac_a, cast.negotiation_a, zero, datetime.now(UTC) + timedelta(hours=1)
    )
    passed.deadline = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()
    silence.record_outcome(cast.cofac_a, passed, outcome="passed")
    assert kinds(cast.delegate_a)[-1] == "silence_passed"


def test_an_extended_or_withdrawn_silence_reaches_even_a_digest_reader_at_once(cast, inbox, zero):
    mail.set_preference(cast.delegate_a, cast.negotiation_a.id, mode="digest")
    procedure = silence.start_silence(
        cast.cofac_a, cast.negotiation_a, zero, datetime.now(UTC) + timedelta(days=3)
    )
    silence.extend_silence(cast.cofac_a, procedure, datetime.now(UTC) + timedelta(days=5))
    silence.record_outcome(
        cast.cofac_a, procedure, outcome="withdrawn", note="A revised text follows tomorrow."
    )
    assert kinds(cast.delegate_a)[-2:] == ["silence_extended", "silence_withdrawn"]
    mail.deliver_pending(limit=500)
    subjects = [
        m["Subject"] for m in inbox.to("mexico@example.org") if "silence" in m["Subject"].lower()
    ]
    assert len(subjects) == 3
    assert subjects[0].startswith("Negotiation A: Zero draft is under silence until ")
    assert subjects[1].startswith("Negotiation A: Silence on Zero draft is extended until ")
    # Deadlines in messages read as on the pages: New York time, with UTC beside it.
    assert re.search(
        r"until \d\d \w+ \d{4}, \d\d:\d\d New York time \(\d\d:\d\d UTC\)\.$", subjects[1]
    )
    assert subjects[2] == (
        "Negotiation A: Zero draft is no longer under silence: A revised text follows tomorrow."
    )


def reading(
    revision, at: datetime, title: str = "First reading", comments_until: datetime | None = None
) -> rounds.RoundDetails:
    """A round meeting at `at` for three hours in Conference Room 5, comments taken until an
    hour before unless told otherwise."""
    return rounds.RoundDetails(
        title=title,
        revision=revision,
        venue="Conference Room 5",
        starts_at=at,
        ends_at=at + timedelta(hours=3),
        comment_deadline=comments_until or at - timedelta(hours=1),
    )


def test_a_round_and_its_new_schedule_come_with_a_calendar_file_that_moves_the_meeting(
    cast, inbox, zero
):
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    consultation_round = rounds.create_round(
        cast.cofac_a, cast.negotiation_a, **reading(zero, start)
    )
    later = start + timedelta(days=1)
    rounds.update_round(cast.cofac_a, consultation_round, **reading(zero, later))
    mail.deliver_pending(limit=500)
    letters = [m for m in inbox.to("chile@example.org") if "First reading" in m["Subject"]]
    assert [m["Subject"] for m in letters] == [
        "Negotiation A: First reading on Zero draft was scheduled.",
        "Negotiation A: First reading on Zero draft was rescheduled.",
    ]
    assert (
        "The attached calendar file (.ics) puts the meeting in your calendar"
        in parts(letters[0])[0]
    )
    events = []
    for letter in letters:
        (attached,) = letter.iter_attachments()
        assert attached.get_content_type() == "text/calendar"
        assert attached.get_filename() == f"round-{consultation_round.id}.ics"
        calendar = Calendar.from_ical(attached.get_content())
        assert calendar["method"] == "PUBLISH"
        (event,) = calendar.walk("VEVENT")
        events.append(event)
    # The same event, so that a calendar moves the meeting rather than adding a second one;
    # made when the mail is sent, each file carries the schedule as it then is.
    assert (
        events[0]["uid"] == events[1]["uid"] == f"round-{consultation_round.id}@resolution-tracker"
    )
    assert events[1].decoded("dtstart") == later
    # A higher SEQUENCE than the first schedule's (0): calendars take it as the newer meeting.
    assert events[1].decoded("sequence") == 1
    assert str(events[1]["location"]) == "Conference Room 5"
    assert str(events[1]["url"]).endswith(
        f"/negotiations/{cast.negotiation_a.id}/rounds/{consultation_round.id}"
    )


def test_a_round_change_says_what_changed_and_a_held_meeting_corrected_sends_nothing(
    cast, inbox, zero
):
    """A new room is announced as such, with the calendar file; a round saved unchanged is
    refused and tells no one; the record of a meeting already held corrected (its room) tells
    no one; its deadline, still ahead, moved later is announced without a calendar file."""
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    details = reading(zero, start)
    ahead = rounds.create_round(cast.cofac_a, cast.negotiation_a, **details)
    details["venue"] = "Conference Room 4"
    rounds.update_round(cast.cofac_a, ahead, **details)
    with pytest.raises(Invalid, match="Nothing was changed"):
        rounds.update_round(cast.cofac_a, ahead, **details)

    met = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    held = reading(zero, met, "Second reading", comments_until=met + timedelta(days=3))
    past = rounds.create_round(cast.cofac_a, cast.negotiation_a, **held)
    held["venue"] = "Conference Room 1"
    rounds.update_round(cast.cofac_a, past, **held)
    held["comment_deadline"] = met + timedelta(days=4)
    rounds.update_round(cast.cofac_a, past, **held)

    mail.deliver_pending(limit=500)
    letters = {m["Subject"]: m for m in inbox.to("chile@example.org")}
    assert [subject for subject in letters if "reading" in subject] == [
        "Negotiation A: First reading on Zero draft was scheduled.",
        "Negotiation A: First reading on Zero draft moved to Conference Room 4.",
        "Negotiation A: Second reading on Zero draft was scheduled.",
        "Negotiation A: Second reading on Zero draft has a new comment deadline.",
    ]
    moved = letters["Negotiation A: First reading on Zero draft moved to Conference Room 4."]
    assert [a.get_content_type() for a in moved.iter_attachments()] == ["text/calendar"]
    deadline = letters["Negotiation A: Second reading on Zero draft has a new comment deadline."]
    assert list(deadline.iter_attachments()) == []
    body = " ".join(parts(deadline)[0].split())
    assert "Met " in body and "calendar file" not in body


def test_a_superseded_round_rescheduled_says_comments_go_to_the_later_text(cast, inbox, zero):
    """Its letter and calendar file say comments are now taken on the later text, not the
    round's deadline, which no longer takes them."""
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    details = reading(zero, start)
    consultation_round = rounds.create_round(cast.cofac_a, cast.negotiation_a, **details)
    rev1 = publish(
        cast.cofac_a,
        cast.negotiation_a,
        ZERO,
        data=fixture_bytes(ZERO).replace(b"webcast", b"shown"),
    )
    later = start + timedelta(days=1)
    details["starts_at"], details["ends_at"] = later, later + timedelta(hours=3)
    rounds.update_round(cast.cofac_a, consultation_round, **details)
    mail.deliver_pending(limit=500)
    (letter,) = [m for m in inbox.to("chile@example.org") if "rescheduled" in m["Subject"]]
    said = f"Written comments {rounds.comment_period(consultation_round).state}."
    assert f"comments are now taken on {rev1.label}" in said
    body = " ".join(parts(letter)[0].split())
    assert said in body and "Written comments by" not in body
    (attached,) = letter.iter_attachments()
    (event,) = Calendar.from_ical(attached.get_content()).walk("VEVENT")
    assert said in str(event["description"])


def first_reading_in_two_days(cast, revision):
    """A round meeting in two days on the revision, comments taken until an hour before."""
    start = datetime.now(UTC) + timedelta(days=2)
    return rounds.create_round(
        cast.cofac_a,
        cast.negotiation_a,
        title="First reading",
        revision=revision,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        comment_deadline=start - timedelta(hours=1),
    )


def test_a_reminder_goes_24_hours_before_the_deadline_to_delegations_that_have_not_commented(
    cast, inbox, zero
):
    make_user("peru@example.org", "delegate", "PER")
    consultation_round = first_reading_in_two_days(cast, zero)
    start = consultation_round.starts_at
    comments.create_comment(
        cast.delegate_a, zero, paragraph=top(zero, "OP1"), kind="comment", body="Fine."
    )
    assert send_due_reminders() == 0  # more than a day before the deadline
    a_day_before = consultation_round.comment_deadline - timedelta(hours=23)
    assert send_due_reminders(a_day_before) == 1
    assert send_due_reminders(a_day_before) == 0  # once
    deliver(inbox, 1)
    reminded = {m["To"] for m in inbox.messages if "close" in m["Subject"]}
    assert reminded == {"chile@example.org", "peru@example.org"}
    assert "round_reminder" not in kinds(cast.delegate_a)
    # The reminder opens the text to comment on.
    reminder = db.session.scalars(
        select(Notification).where(
            Notification.user_id == cast.delegate_b.id, Notification.kind == "round_reminder"
        )
    ).one()
    assert reminder.link == f"/negotiations/{cast.negotiation_a.id}/revisions/{zero.id}"
    text, _ = parts(next(m for m in inbox.messages if "close" in m["Subject"]))
    assert reminder.link in text
    # Moving the deadline brings a new reminder.
    rounds.update_round(
        cast.cofac_a,
        consultation_round,
        title="First reading",
        revision=zero,
        starts_at=start + timedelta(days=1),
        ends_at=start + timedelta(days=1, hours=3),
        comment_deadline=start + timedelta(hours=20),
    )
    assert kinds(cast.delegate_b)[-1] == "round"
    assert send_due_reminders(start - timedelta(hours=2)) == 1


def test_the_mail_choice_page_saves_the_choice(app, cast):
    client = sign_in(app.test_client(), cast.delegate_a)
    url = f"/negotiations/{cast.negotiation_a.id}/mail"
    assert "Every event" in client.get(url).text
    response = client.post(url, data={"mode": "digest", "attach_docx": "y"})
    assert response.status_code == 302
    chosen = mail.preference_for(cast.delegate_a, cast.negotiation_a)
    assert (chosen.mode, chosen.attach_docx) == ("digest", True)
    assert client.post(url, data={"mode": "hourly"}).status_code == 400
    page = client.get(f"/negotiations/{cast.negotiation_a.id}")
    assert "E-mail about this negotiation: a daily digest" in page.text


def test_the_negotiation_page_shows_which_delegations_opened_the_latest_text(app, cast, zero):
    rev1 = publish(
        cast.cofac_a,
        cast.negotiation_a,
        ZERO,
        data=fixture_bytes(ZERO).replace(b"Invites", b"Urges"),
    )
    mexico = sign_in(app.test_client(), cast.delegate_a)
    chile = sign_in(app.test_client(), cast.delegate_b)
    neg = f"/negotiations/{cast.negotiation_a.id}"
    chile.get(f"{neg}/revisions/{zero.id}")  # the older text does not count
    mexico.get(f"{neg}/revisions/{rev1.id}")
    mexico.get(f"{neg}/revisions/{rev1.id}")
    sign_in(app.test_client(), cast.cofac_a).get(f"{neg}/revisions/{rev1.id}")
    page = chile.get(neg).text
    assert "Who has opened Rev.1" in page
    assert "1 delegation:" in page and "Mexico" in page.split("Who has opened")[1]
    assert "Chile" not in page.split("Who has opened")[1].split("</section>")[0]


def test_receiving_a_kind_again_after_unsubscribing(app, cast):
    url = mail.unsubscribe_url(cast.delegate_a.id, "round")
    app.test_client().post("/mail/" + url.split("/mail/", 1)[1])
    assert mail.unsubscribed_kinds(cast.delegate_a) == {"round"}
    client = sign_in(app.test_client(), cast.delegate_a)
    page = f"/negotiations/{cast.negotiation_a.id}/mail"
    assert "consultation rounds opened or changed" in client.get(page).text
    response = client.post("/mail/resubscribe/round", data={"next": page})
    assert response.headers["Location"] == page
    assert mail.unsubscribed_kinds(cast.delegate_a) == set()
    elsewhere = client.post("/mail/resubscribe/round", data={"next": "https://evil.example/"})
    assert elsewhere.headers["Location"] == "/"


def test_each_copy_of_a_letter_to_many_has_its_readers_name_and_own_link(app, cast, inbox, zero):
    cast.delegate_b.name = "<b>Ana & Co</b>"
    db.session.commit()
    start = datetime.now(UTC) + timedelta(days=3)
    rounds.create_round(
        cast.cofac_a,
        cast.negotiation_a,
        title="Second reading",
        revision=zero,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        comment_deadline=start + timedelta(hours=1),
    )
    deliver(inbox, 4)
    (mexico,) = [m for m in inbox.to("mexico@example.org") if "Second reading" in m["Subject"]]
    (chile,) = [m for m in inbox.to("chile@example.org") if "Second reading" in m["Subject"]]
    assert "Dear mexico," in parts(mexico)[0]
    text, html = parts(chile)
    assert "Dear <b>Ana & Co</b>," in text
    assert "Dear &lt;b&gt;Ana &amp; Co&lt;/b&gt;," in html
    links = {m["List-Unsubscribe"] for m in (mexico, chile)}
    assert len(links) == 2
    app.test_client().post(app_path(chile["List-Unsubscribe"].strip("<>")))
    assert mail.unsubscribed_kinds(cast.delegate_b) == {"round"}
    assert mail.unsubscribed_kinds(cast.delegate_a) == set()


def test_the_feed_carries_the_silence_procedure_and_new_comments(cast, zero):
    from tracker.services.notifications import feed_entries

    comments.create_comment(
        cast.delegate_a, zero, paragraph=top(zero, "OP1"), kind="comment", body="Shorter."
    )
    procedure = silence.start_silence(
        cast.cofac_a, cast.negotiation_a, zero, datetime.now(UTC) + timedelta(days=3)
    )
    silence.break_silence(
        cast.delegate_b, procedure, paragraph_ids=[top(zero, "OP3").id], statement="No."
    )
    titles = [entry.title for entry in feed_entries(cast.delegate_b, cast.negotiation_a)]
    for title in ("Zero draft under silence", "Chile broke silence", "Mexico on Zero draft OP1"):
        assert title in titles


def test_a_negotiation_with_the_longest_title_still_publishes_and_takes_comments(app, cast, inbox):
    """A title of the 500 characters the form allows made every subject longer than the
    outbox keeps: on PostgreSQL publishing failed (500), and at 460 every comment did."""
    from tracker.models import OutboxLetter, OutboxMessage

    title = ("Modalities, format and organization of the high-level plenary meeting " * 8)[:500]
    cast.negotiation_a.title = title.strip()
    db.session.commit()
    revision = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    paragraph = next(p for p in revision.paragraphs if p.path == "OP1")
    comments.create_comment(
        cast.delegate_a, revision, paragraph=paragraph, kind="comment", body="Yes."
    )
    deliver(inbox, 2)
    subjects = [m.subject for m in db.session.scalars(select(OutboxMessage))]
    subjects += [letter.subject for letter in db.session.scalars(select(OutboxLetter))]
    assert subjects and all(len(s) <= mail.SUBJECT_LIMIT for s in subjects)
    letter = inbox.to("chile@example.org")[0]
    assert letter["Subject"].startswith("Modalities, format and organization of the")
    assert letter["Subject"].endswith("…")


def test_no_reminder_for_a_round_whose_text_a_later_one_superseded(cast, inbox, zero):
    consultation_round = first_reading_in_two_days(cast, zero)
    publish(
        cast.cofac_a,
        cast.negotiation_a,
        ZERO,
        data=fixture_bytes(ZERO).replace(b"webcast", b"shown"),
    )
    a_day_before = consultation_round.comment_deadline - timedelta(hours=23)
    assert send_due_reminders(a_day_before) == 0
    assert "round_reminder" not in kinds(cast.delegate_b)
