"""Notifications reach the right people when texts are published, comments answered and
triaged; feeds are personal, revocable and show only what their owner may see."""

from __future__ import annotations

import pytest
from lxml import etree

from tests.conftest import count, fixture_bytes, make_user, publish, schedule_round
from tests.services.test_consultations import rev1_with_new_op3
from tracker.extensions import db
from tracker.models import Notification
from tracker.services import NotFound, notifications, triage
from tracker.services import comments as comment_service
from tracker.services.revisions import upload_revision

ZERO = "zero-draft-2021-hlm-modalities.txt"
ATOM = "{http://www.w3.org/2005/Atom}"


def inbox(user) -> list[Notification]:
    return notifications.notifications_for(user)


def top(revision, label: str):
    return next(p for p in revision.paragraphs if p.label == label and p.parent_id is None)


@pytest.fixture
def zero(cast):
    return publish(cast.cofac_a, cast.negotiation_a, ZERO)


def comment_by_mexico(cast, zero, visibility: str = "all"):
    return comment_service.create_comment(
        cast.delegate_a,
        zero,
        paragraph=top(zero, "OP1"),
        kind="comment",
        body="We would like clarity on the date.",
        visibility=visibility,
    )


def test_publishing_notifies_every_delegate_and_the_other_cofacilitators(cast):
    colleague = make_user("cofac.c@example.org", "facilitator")
    cast.negotiation_a.facilitator_links.append(
        type(cast.negotiation_a.facilitator_links[0])(user=colleague)
    )
    db.session.commit()
    revision = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    for user in (cast.delegate_a, cast.delegate_b, colleague):
        [note] = inbox(user)
        assert note.kind == "revision_published" and "Zero draft" in note.text
        assert note.link == f"/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}"
        assert note.created_at.tzinfo is not None
    # The publisher, other negotiations' co-facilitators and the secretariat are not told.
    for user in (cast.cofac_a, cast.cofac_b, cast.secretariat):
        assert inbox(user) == []


def test_an_inactive_account_is_not_notified(cast):
    cast.delegate_b.active = False
    db.session.commit()
    publish(cast.cofac_a, cast.negotiation_a, ZERO)
    assert count(Notification, user_id=cast.delegate_b.id) == 0


def test_a_reply_notifies_every_user_of_the_commenting_delegation(cast, zero):
    colleague = make_user("mexico2@example.org", "delegate", "MEX")
    comment = comment_by_mexico(cast, zero)
    comment_service.reply_to(cast.delegate_b, comment, "Chile shares the concern.")
    for user in (cast.delegate_a, colleague):
        replies = [n for n in inbox(user) if n.kind == "reply"]
        assert len(replies) == 1
        assert "Chile replied to your comment on Zero draft OP1" in replies[0].text
    assert [n for n in inbox(cast.delegate_b) if n.kind == "reply"] == []
    comment_service.reply_to(cast.delegate_a, comment, "Thank you.")
    # Mexico answering its own thread notifies the rest of Mexico's delegation only.
    assert len([n for n in inbox(colleague) if n.kind == "reply"]) == 2
    assert len([n for n in inbox(cast.delegate_a) if n.kind == "reply"]) == 1


def test_triage_notifies_the_author_delegation_and_those_who_joined(cast, zero):
    norway = make_user("norway@example.org", "delegate", "NOR")
    comment = comment_by_mexico(cast, zero)
    comment_service.join_comment(cast.delegate_b, comment)
    triage.triage_comment(
        cast.cofac_a, comment, status="reflected", reply="See Rev.1.", version=comment.version
    )
    for user in (cast.delegate_a, cast.delegate_b):
        [note] = [n for n in inbox(user) if n.kind == "triage"]
        assert "“Reflected in Rev.1”" in note.text
    assert [n for n in inbox(norway) if n.kind == "triage"] == []


def test_a_stale_triage_still_reports_a_conflict_and_notifies_nobody(cast, zero):
    comment = comment_by_mexico(cast, zero)
    seen = comment.version
    triage.triage_comment(cast.cofac_a, comment, status="noted", version=seen)
    with pytest.raises(triage.TriageConflict):
        triage.triage_comment(cast.cofac_a, comment, status="not_retained", version=seen)
    assert len([n for n in inbox(cast.delegate_a) if n.kind == "triage"]) == 1


def test_marking_read_one_and_all(cast, zero):
    comment = comment_by_mexico(cast, zero)
    comment_service.reply_to(cast.delegate_b, comment, "One.")
    comment_service.reply_to(cast.cofac_a, comment, "Two.")
    newest, *_ = inbox(cast.delegate_a)
    assert "Two" not in newest.text and newest.kind == "reply"
    assert [n.id for n in inbox(cast.delegate_a)] == sorted(
        (n.id for n in inbox(cast.delegate_a)), reverse=True
    )
    assert notifications.unread_count(cast.delegate_a) == 3
    notifications.mark_read(cast.delegate_a, newest.id)
    assert notifications.unread_count(cast.delegate_a) == 2
    with pytest.raises(NotFound):
        notifications.mark_read(cast.delegate_b, newest.id)
    assert notifications.mark_all_read(cast.delegate_a) == 2
    assert notifications.unread_count(cast.delegate_a) == 0


def test_a_request_takes_the_count_read_with_the_person_until_it_writes(cast, zero, app):
    """Every page's header counts the unread notifications from the person's own row, read as
    the request began; once the request writes anything (even before it commits), it counts
    them again."""
    from flask import g

    from tracker import data_generation
    from tracker.models import Notification as Stored

    comment = comment_by_mexico(cast, zero)
    comment_service.reply_to(cast.delegate_b, comment, "One.")
    newest, *_ = inbox(cast.delegate_a)
    unread = len([n for n in inbox(cast.delegate_a) if n.read_at is None])
    with app.test_request_context("/"):
        g.pop("data_generation", None)
        data_generation.read_first(data_generation.current())
        notifications.read_with_person(cast.delegate_a.id, 7)  # as if read with the person
        assert notifications.unread_count(cast.delegate_a) == 7
        # Someone else's count is read, never taken from the person's.
        assert notifications.unread_count(cast.delegate_b) == len(
            [n for n in inbox(cast.delegate_b) if n.read_at is None]
        )
        db.session.get(Stored, newest.id).read_at = zero.published_at
        db.session.flush()  # written, not committed
        assert notifications.unread_count(cast.delegate_a) == unread - 1
        db.session.commit()
        assert notifications.unread_count(cast.delegate_a) == unread - 1


def test_a_feed_token_identifies_its_user_until_replaced(cast, app):
    token = notifications.feed_token(cast.delegate_a)
    assert notifications.feed_token(cast.delegate_a) == token
    assert notifications.user_for_feed_token(token) == cast.delegate_a
    assert notifications.feed_token(cast.delegate_b) != token
    for bad in ("", None, token + "x", "abc", token.replace(".", ".x", 1)):
        with pytest.raises(NotFound):
            notifications.user_for_feed_token(bad)
    fresh = notifications.reset_feed_token(cast.delegate_a)
    assert fresh != token
    with pytest.raises(NotFound):
        notifications.user_for_feed_token(token)
    assert notifications.user_for_feed_token(fresh) == cast.delegate_a
    cast.delegate_a.active = False
    db.session.commit()
    with pytest.raises(NotFound):
        notifications.user_for_feed_token(fresh)


def feed_titles(user, negotiation) -> list[str]:
    atom = notifications.negotiation_feed(
        user, negotiation, base_url="https://tracker.example/", feed_url="https://x/feed.atom"
    )
    root = etree.fromstring(atom)
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


def test_the_feed_shows_texts_and_triage_of_comments_open_to_all(cast, zero):
    upload_revision(cast.cofac_a, cast.negotiation_a, filename="p.txt", data=fixture_bytes(ZERO))
    public = comment_by_mexico(cast, zero)
    private = comment_by_mexico(cast, zero, visibility="facilitators")
    triage.triage_comment(cast.cofac_a, public, status="noted", version=public.version)
    triage.triage_comment(cast.cofac_a, private, status="not_retained", version=private.version)
    mexico = feed_titles(cast.delegate_a, cast.negotiation_a)
    chile = feed_titles(cast.delegate_b, cast.negotiation_a)
    cofac = feed_titles(cast.cofac_a, cast.negotiation_a)
    assert "Zero draft published" in chile
    assert sum("noted" in t for t in chile) == 1
    # Decisions on facilitator-only comments stay in the app, even for their authors.
    for titles in (chile, mexico, cofac):
        assert not any("not retained" in t for t in titles)
    # Newest first; the unpublished preview never appears.
    assert chile[-1] == "Zero draft published"
    # The comment open to all is an entry of its own; the facilitator-only one is not.
    assert cofac.count("Mexico on Zero draft OP1") == 1
    assert len(cofac) == 3


def test_the_feed_hides_triage_of_comments_the_reader_may_not_see(cast, zero, monkeypatch):
    public = comment_by_mexico(cast, zero)
    triage.triage_comment(cast.cofac_a, public, status="noted", version=public.version)
    assert any("noted" in t for t in feed_titles(cast.delegate_b, cast.negotiation_a))
    monkeypatch.setattr(notifications, "can_see", lambda user, comment: False)
    assert not any("noted" in t for t in feed_titles(cast.delegate_b, cast.negotiation_a))


def test_a_round_whose_title_names_its_text_is_not_said_to_be_on_it_twice(cast, zero):
    schedule_round(cast, zero, title="Informal consultations on the zero draft")
    rev1 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=rev1_with_new_op3())
    schedule_round(cast, rev1, title="Informal consultations on Rev.1")
    schedule_round(cast, rev1, title="Consultations on Rev.10 ideas")
    texts = [n.text for n in inbox(cast.delegate_a) if n.kind == "round"]
    assert texts == [
        "Consultations on Rev.10 ideas on Rev.1 was scheduled.",
        "Informal consultations on Rev.1 was scheduled.",
        "Informal consultations on the zero draft was scheduled.",
    ]
