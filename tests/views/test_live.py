"""Live events: every change is an event stored with it; a page's stream replays what it missed
after the last id it saw, in order and once, and leaves out comments the reader may not see."""

from __future__ import annotations

import json
import threading
import time

import pytest
from sqlalchemy import event, func, insert, select, text

from tests.conftest import publish, sign_in
from tracker.extensions import db
from tracker.models import Event
from tracker.services import comments as comment_service
from tracker.services import events, triage

ZERO = "zero-draft-2021-hlm-modalities.txt"


def top(revision, label: str):
    return next(p for p in revision.paragraphs if p.label == label and p.parent_id is None)


def comment_for_facilitators(cast, zero) -> None:
    """Delegation A writes to the co-facilitators only, on OP2."""
    comment_service.create_comment(
        cast.delegate_a,
        zero,
        paragraph=top(zero, "OP2"),
        kind="comment",
        body="Between us.",
        visibility="facilitators",
    )


@pytest.fixture
def short_streams(app, monkeypatch):
    """Streams that end after a moment, as they do after their lifetime in production."""
    monkeypatch.setitem(app.config, "LIVE_STREAM_SECONDS", 0.3)
    monkeypatch.setitem(app.config, "LIVE_POLL_SECONDS", 0.05)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def zero(cast):
    return publish(cast.cofac_a, cast.negotiation_a, ZERO)


def received(client, negotiation, *, last_id=None, after=None) -> list[tuple[int, dict]]:
    """(id, data) of every event one stream delivered before it ended."""
    headers = {"Last-Event-ID": str(last_id)} if last_id is not None else {}
    query = {"after": after} if after is not None else {}
    response = client.get(
        f"/negotiations/{negotiation.id}/events", query_string=query, headers=headers
    )
    assert response.status_code == 200
    assert response.mimetype == "text/event-stream"
    found = []
    for block in response.get_data(as_text=True).split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "id" in lines:
            found.append((int(lines["id"]), json.loads(lines["data"])))
    return found


def test_every_change_is_an_event_in_its_own_transaction(cast, zero):
    assert [e.kind for e in db.session.scalars(db.select(Event))] == ["revision-published"]
    triage.set_paragraph_state(cast.cofac_a, top(zero, "OP3"), "agreed_ad_ref")
    comment_service.create_comment(
        cast.delegate_a, zero, paragraph=top(zero, "OP3"), kind="question", body="Why?"
    )
    kinds = [e.kind for e in db.session.scalars(db.select(Event).order_by(Event.id))]
    assert kinds == ["revision-published", "paragraph-status", "comment-posted"]
    # A refused change stores no event.
    with pytest.raises(Exception, match="already agreed ad ref"):
        triage.set_paragraph_state(cast.cofac_a, top(zero, "OP3"), "agreed_ad_ref")
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(Event.id))) == 3


def test_a_proposal_edited_or_withdrawn_reaches_those_who_may_see_it(
    client, cast, zero, short_streams
):
    """The chair's panel of proposals follows these as it follows a new proposal (meeting.js
    asks for its list again): an edit and a withdrawal are each an event naming the comment,
    left out for those who may not see it."""
    op3 = top(zero, "OP3")
    public = comment_service.create_comment(
        cast.delegate_a, zero, paragraph=op3, kind="amend",
        proposed_text=op3.text.replace("webcast", "webcast live"),
    )  # fmt: skip
    private = comment_service.create_comment(
        cast.delegate_a, zero, paragraph=op3, kind="amend",
        proposed_text=op3.text.replace("webcast", "webcast and archived"),
        visibility="facilitators",
    )  # fmt: skip
    start = events.latest_event_id(cast.negotiation_a)
    comment_service.edit_comment(
        cast.delegate_a, public, body="Live.", proposed_text=public.proposed_text + " now",
        version=public.version,
    )  # fmt: skip
    comment_service.withdraw_comment(cast.delegate_a, private)
    comment_service.withdraw_comment(cast.delegate_a, public)
    sign_in(client, cast.cofac_a)
    assert [
        (d["kind"], d["comment_id"], d["paragraph_id"], d["delegation"])
        for _, d in received(client, cast.negotiation_a, after=start)
    ] == [
        ("comment-edited", public.id, op3.id, "Mexico"),
        ("comment-withdrawn", private.id, op3.id, "Mexico"),
        ("comment-withdrawn", public.id, op3.id, "Mexico"),
    ]
    sign_in(client, cast.delegate_b)
    assert [
        (d["kind"], d["comment_id"]) for _, d in received(client, cast.negotiation_a, after=start)
    ] == [("comment-edited", public.id), ("comment-withdrawn", public.id)]


def test_the_ordering_lock_is_taken_after_the_changes_own_writes(cast, zero):
    """On PostgreSQL a negotiation's writers queue on its ordering lock from the moment they
    take it to their commit: it is taken by the statement that writes the event, after every
    other write of the change, so nothing else is written while it is held."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("The ordering lock is PostgreSQL's; SQLite has one writer at a time")
    sent: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):  # noqa: ARG001
        sent.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        comment_service.create_comment(
            cast.delegate_a, zero, paragraph=top(zero, "OP3"), kind="question", body="Why?"
        )
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    locking = [i for i, s in enumerate(sent) if "pg_advisory_xact_lock" in s]
    assert len(locking) == 1, "\n".join(sent)
    assert sent[locking[0]].startswith("INSERT INTO events")
    # Then only the commit (or, in a test that rolls back, the release of its savepoint).
    assert [s for s in sent[locking[0] + 1 :] if not s.startswith("RELEASE")] == []


def test_reconnect_replays_what_was_missed_in_order_and_once(client, cast, zero, short_streams):
    sign_in(client, cast.delegate_b)
    start = events.latest_event_id(cast.negotiation_a)
    triage.set_paragraph_state(cast.cofac_a, top(zero, "OP1"), "agreed_ad_ref")
    triage.set_paragraph_state(cast.cofac_a, top(zero, "OP2"), "bracketed")
    first = received(client, cast.negotiation_a, after=start)
    assert [(d["path"], d["status"]) for _, d in first] == [
        ("OP1", "agreed_ad_ref"),
        ("OP2", "bracketed"),
    ]
    # While the page is away, more happens; it reconnects with the last id it saw.
    triage.set_paragraph_state(cast.cofac_a, top(zero, "OP3"), "bracketed")
    triage.set_paragraph_state(cast.cofac_a, top(zero, "OP1"), "pending")
    second = received(client, cast.negotiation_a, last_id=first[-1][0], after=start)
    assert [(d["path"], d["status"]) for _, d in second] == [
        ("OP3", "bracketed"),
        ("OP1", "pending"),
    ]
    ids = [i for i, _ in first + second]
    assert ids == sorted(set(ids))
    # Nothing new: a reconnect gets nothing at all.
    assert received(client, cast.negotiation_a, last_id=ids[-1]) == []


def test_a_stream_without_position_starts_now(client, cast, zero, short_streams):
    triage.set_paragraph_state(cast.cofac_a, top(zero, "OP1"), "agreed_ad_ref")
    sign_in(client, cast.delegate_a)
    assert received(client, cast.negotiation_a) == []


def test_a_long_replay_is_read_in_batches(client, cast, zero, short_streams, monkeypatch):
    monkeypatch.setattr(events, "BATCH", 2)
    start = events.latest_event_id(cast.negotiation_a)
    for label, status in [("OP1", "bracketed"), ("OP2", "bracketed"), ("OP3", "bracketed")]:
        triage.set_paragraph_state(cast.cofac_a, top(zero, label), status)
    # As in a process that started listening after these were stored (on PostgreSQL): no
    # announcement says how far the negotiation's events go, and the replay must not stop at
    # the end of its first batch.
    monkeypatch.setattr(events._listener, "newest", {})
    sign_in(client, cast.delegate_a)
    assert [d["path"] for _, d in received(client, cast.negotiation_a, after=start)] == [
        "OP1",
        "OP2",
        "OP3",
    ]


def test_comments_reach_only_those_who_may_see_them(client, cast, zero, short_streams):
    start = events.latest_event_id(cast.negotiation_a)
    comment_for_facilitators(cast, zero)
    comment_service.create_comment(
        cast.delegate_a, zero, paragraph=top(zero, "OP3"), kind="question", body="Why?"
    )
    sign_in(client, cast.delegate_b)
    seen = received(client, cast.negotiation_a, after=start)
    assert [(d["kind"], d["path"]) for _, d in seen] == [("comment-posted", "OP3")]
    assert "Why?" not in json.dumps(seen)
    sign_in(client, cast.cofac_a)
    assert [d["path"] for _, d in received(client, cast.negotiation_a, after=start)] == [
        "OP2",
        "OP3",
    ]


@pytest.mark.parametrize("value", ["abc", "-1", "1" * 40, "1; drop"])
def test_a_bad_position_is_refused_with_a_message(client, cast, zero, value):
    sign_in(client, cast.delegate_a)
    response = client.get(
        f"/negotiations/{cast.negotiation_a.id}/events", headers={"Last-Event-ID": value}
    )
    assert response.status_code == 422
    assert "Last-Event-ID" in response.get_data(as_text=True)


def test_postgresql_notify_wakes_a_waiting_stream(app, cast, zero):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("NOTIFY is PostgreSQL's; SQLite streams poll the table")
    start = events.latest_event_id(cast.negotiation_a)
    # The listener is up before the change, as it is for an open page.
    events.wait_for_events(cast.negotiation_a.id, start, timeout=0.5, poll=1)
    woken = {}
    negotiation_id = cast.negotiation_a.id

    def wait() -> None:
        began = time.monotonic()
        with app.app_context():
            events.wait_for_events(negotiation_id, start, timeout=10, poll=10)
        woken["after"] = time.monotonic() - began

    waiter = threading.Thread(target=wait)
    waiter.start()
    time.sleep(0.2)
    triage.set_paragraph_state(cast.cofac_a, top(zero, "OP1"), "agreed_ad_ref")
    waiter.join(timeout=10)
    # Woken by the commit, long before the ten-second read of the table.
    assert woken["after"] < 3


def test_the_draft_page_names_its_stream_from_the_newest_event(client, cast, zero):
    triage.set_paragraph_state(cast.cofac_a, top(zero, "OP1"), "agreed_ad_ref")
    sign_in(client, cast.delegate_a)
    page = client.get(f"/negotiations/{cast.negotiation_a.id}/revisions/{zero.id}")
    newest = events.latest_event_id(cast.negotiation_a)
    assert newest > 0
    stream = f"/negotiations/{cast.negotiation_a.id}/events?after={newest}"
    assert f'data-live-events="{stream}"' in page.get_data(as_text=True)


def test_streams_woken_by_notify_get_every_change_once_in_order(app, cast, zero):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("NOTIFY is PostgreSQL's; SQLite streams poll the table")
    from tracker.models import Negotiation, User

    start = events.latest_event_id(cast.negotiation_a)
    negotiation_id, user_ids = cast.negotiation_a.id, [cast.delegate_a.id, cast.delegate_b.id]
    got: dict[int, list[int]] = {}

    def follow(user_id: int) -> None:
        with app.app_context():
            user = db.session.get(User, user_id)
            negotiation = db.session.get(Negotiation, negotiation_id)
            stream = events.follow(user, negotiation, start, lifetime=4, heartbeat=10, poll=1)
            got[user_id] = [e.id for e in stream if e is not None]

    followers = [threading.Thread(target=follow, args=(u,)) for u in user_ids]
    for follower in followers:
        follower.start()
    time.sleep(0.5)
    made = []
    for label in ["OP1", "OP2", "OP3", "OP4", "OP5"]:
        triage.set_paragraph_state(cast.cofac_a, top(zero, label), "bracketed")
        made.append(events.latest_event_id(cast.negotiation_a))
        time.sleep(0.1)
    for follower in followers:
        follower.join(timeout=10)
    assert got == {user_id: made for user_id in user_ids}


def test_a_full_server_asks_the_page_to_come_back(app, client, cast, zero, monkeypatch):
    # Each open stream holds a worker thread: past the limit a page is told to retry, so
    # ordinary requests still find a thread.
    monkeypatch.setitem(app.config, "LIVE_STREAMS_PER_PROCESS", 1)
    # A count of its own: streams of other tests may not have been closed by the test client.
    monkeypatch.setattr(events, "_slots", events._Slots())
    sign_in(client, cast.delegate_a)
    url = f"/negotiations/{cast.negotiation_a.id}/events"
    first = client.get(url, buffered=False)
    assert first.status_code == 200
    refused = client.get(url)
    assert refused.status_code == 503
    assert "try again in a moment" in refused.get_data(as_text=True)
    assert client.get("/healthz").status_code == 200
    first.close()
    # The place is free again once the stream has ended.
    again = client.get(url, buffered=False)
    assert again.status_code == 200
    again.close()


def test_streams_woken_together_each_get_what_they_may_see(app, cast, zero):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("NOTIFY is PostgreSQL's; SQLite streams poll the table")
    from tracker.models import Negotiation, User

    start = events.latest_event_id(cast.negotiation_a)
    negotiation_id = cast.negotiation_a.id
    readers = [cast.delegate_a.id, cast.delegate_b.id, cast.cofac_a.id]
    got: dict[int, list[tuple[str, str]]] = {}

    def follow(user_id: int) -> None:
        with app.app_context():
            user = db.session.get(User, user_id)
            negotiation = db.session.get(Negotiation, negotiation_id)
            stream = events.follow(user, negotiation, start, lifetime=4, heartbeat=10, poll=1)
            got[user_id] = [(e.kind, e.data["path"]) for e in stream if e is not None]

    followers = [threading.Thread(target=follow, args=(u,)) for u in readers]
    for follower in followers:
        follower.start()
    time.sleep(0.5)
    comment_for_facilitators(cast, zero)
    time.sleep(0.1)
    triage.set_paragraph_state(cast.cofac_a, top(zero, "OP3"), "bracketed")
    for follower in followers:
        follower.join(timeout=10)
    both = [("comment-posted", "OP2"), ("paragraph-status", "OP3")]
    # The author's delegation and the co-facilitator see the restricted comment; others do not.
    assert got == {
        cast.delegate_a.id: both,
        cast.delegate_b.id: [("paragraph-status", "OP3")],
        cast.cofac_a.id: both,
    }


def test_a_position_beyond_the_newest_event_follows_from_now(app, cast, zero):
    # A page left open across a restore of the database, or a made-up id, still follows.
    if db.engine.dialect.name != "postgresql":
        pytest.skip("NOTIFY is PostgreSQL's; SQLite streams poll the table")
    from tracker.models import Negotiation, User

    negotiation_id, user_id = cast.negotiation_a.id, cast.delegate_b.id
    got: list[int] = []

    def follow() -> None:
        with app.app_context():
            user = db.session.get(User, user_id)
            negotiation = db.session.get(Negotiation, negotiation_id)
            stream = events.follow(user, negotiation, 10**15, lifetime=3, heartbeat=10, poll=1)
            got.extend(e.id for e in stream if e is not None)

    follower = threading.Thread(target=follow)
    follower.start()
    time.sleep(0.5)
    triage.set_paragraph_state(cast.cofac_a, top(zero, "OP1"), "agreed_ad_ref")
    follower.join(timeout=10)
    assert got == [events.latest_event_id(cast.negotiation_a)]


def test_the_newest_event_is_found_without_reading_the_negotiations_others(app, cast):
    """Every page with live updates asks for its negotiation's newest event: found as the last
    of the negotiation's run in an index, not among all of its events (a negotiation gathers
    one for every comment of its weeks)."""
    negotiation, other = cast.negotiation_a, cast.negotiation_b
    rows = [{"negotiation_id": negotiation.id, "kind": "test", "payload": {}}] * 3000
    db.session.execute(insert(Event), rows)
    db.session.execute(insert(Event), [{"negotiation_id": other.id, "kind": "test", "payload": {}}])
    db.session.commit()
    newest = db.session.scalar(
        select(func.max(Event.id)).where(Event.negotiation_id == negotiation.id)
    )
    assert events.latest_event_id(negotiation) == newest
    if db.engine.dialect.name == "postgresql":
        # As the app runs it: prepared, with the one plan made for any negotiation.
        db.session.execute(
            text(
                "PREPARE newest_event(int) AS SELECT max(id) FROM events WHERE negotiation_id = $1"
            )
        )
        (plan,) = db.session.execute(
            text(
                f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE newest_event({negotiation.id:d})"
            )
        ).scalar_one()
        db.session.execute(text("DEALLOCATE newest_event"))
        read = plan["Plan"]["Shared Hit Blocks"] + plan["Plan"]["Shared Read Blocks"]
        assert read < 10, plan
    else:
        newest_of = "SELECT max(id) FROM events WHERE negotiation_id = :id"
        steps = db.session.execute(
            text(f"EXPLAIN QUERY PLAN {newest_of}"), {"id": negotiation.id}
        ).all()
        assert any("ix_events_negotiation_id_id" in str(step) for step in steps), steps
    db.session.rollback()
