"""Live events: every change in a negotiation as a row of the events table, for the pages that
follow it as it happens.

Rows are written by subscribers to the domain signals in `tracker.signals`, inside the
transaction of the change, so an event exists exactly when its change does; the services that
make changes know nothing of this module. A page reads the rows after the last id it saw, so a
reconnecting page gets what it missed, in order, once.

Ordering: on PostgreSQL the writer of a negotiation's event holds a transaction-scoped
advisory lock on that negotiation from before the id is drawn until commit, so a negotiation's
ids become visible in increasing order and a reader that has seen id N never later finds a
smaller one. The events are written last, just before the commit, by the statement that takes
the lock: writers of one negotiation wait for each other's commit only, not for each other's
whole change. SQLite has one writer at a time anyway. On PostgreSQL the same transaction sends
`NOTIFY` with the negotiation and event id. One listening connection per app process reads
each announced negotiation's new rows once into that negotiation's feed (its newest events, in
memory) and wakes only the streams following it, which take their events from the feed: a new
event costs one read per process, not one per stream, and is encoded as JSON once. Only a
comment not open to all is checked per reader. On SQLite the streams poll the table.
"""

from __future__ import annotations

import bisect
import json
import logging
import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import (
    JSON,
    ColumnElement,
    Integer,
    ScalarSelect,
    Select,
    String,
    Table,
    bindparam,
    create_engine,
    func,
    insert,
    select,
)
from sqlalchemy import event as orm_event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, SessionTransaction, scoped_session
from sqlalchemy.pool import NullPool
from sqlalchemy.sql.dml import ReturningInsert

from tracker import signals
from tracker.extensions import db
from tracker.models import (
    Comment,
    ConsultationRound,
    Event,
    Meeting,
    Negotiation,
    Paragraph,
    Revision,
    SilenceProcedure,
    User,
    UTCDateTime,
    utcnow,
)
from tracker.services import ServiceError
from tracker.services.access import Actor, can_see, open_to_all

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger("tracker.events")

#: The PostgreSQL channel; payload "<negotiation id>:<event id>".
CHANNEL = "tracker_events"
#: First key of the advisory lock that orders one negotiation's events ("evnt").
_LOCK_CLASS = 0x65766E74
#: The kind of an event the reader may not see (a comment not open to them); never sent.
HIDDEN = "hidden"
#: How many rows one read of the table returns at most; a long replay is read in batches.
BATCH = 500
#: How many of a negotiation's newest events each process keeps for its streams.
FEED_KEEP = 2000
#: Share of a stream's lifetime cut off at random, to spread the pages' reconnections.
LIFETIME_SPREAD = 0.2
#: Seconds between the listener's reads of every feed without a notification, in case one was
#: lost (it cannot be on a live connection; a reconnect re-reads at once).
REFRESH_SECONDS = 10.0


# Writing -------------------------------------------------------------------------------------


#: Where a session keeps the events of its transaction until the transaction commits.
_PENDING = "tracker.pending_events"


@dataclass(frozen=True)
class _PendingEvent:
    negotiation_id: int
    kind: str
    payload: dict[str, Any]
    comment: Comment | None


def _add(
    negotiation_id: int, kind: str, payload: dict[str, Any], comment: Comment | None = None
) -> None:
    """Keep the event with the session of the change; the change's own commit stores it."""
    db.session.info.setdefault(_PENDING, []).append(
        _PendingEvent(negotiation_id, kind, payload, comment)
    )


def _write_pending(session: Session) -> None:
    """Just before the transaction commits, once the change's own rows are flushed (a comment's
    event names its id): write the transaction's events. On PostgreSQL each event is one
    statement that takes the negotiation's ordering lock, draws the id and queues the wake-up
    (delivered at commit, or never), so the lock is held only from there to the commit, not
    across the change's own writes: writers of one negotiation queue on it one after another."""
    pending: list[_PendingEvent] = session.info.pop(_PENDING, [])
    if not pending:
        return
    session.flush()
    created_at = utcnow()
    if session.get_bind().dialect.name != "postgresql":
        session.execute(
            insert(Event),
            [
                {
                    "negotiation_id": e.negotiation_id,
                    "kind": e.kind,
                    "payload": e.payload,
                    "comment_id": e.comment.id if e.comment is not None else None,
                    "created_at": created_at,
                }
                for e in pending
            ],
        )
        return
    # Negotiations in one order whoever writes, so two transactions never wait on each other.
    for live_event in sorted(pending, key=lambda e: e.negotiation_id):
        session.execute(
            _ordered_insert_statement(),
            {
                "negotiation_id": live_event.negotiation_id,
                "kind": live_event.kind,
                "payload": live_event.payload,
                "comment_id": live_event.comment.id if live_event.comment else None,
                "created_at": created_at,
            },
        )


@cache
def _ordered_insert_statement() -> ReturningInsert[Any]:
    """PostgreSQL's insert of one event (_write_pending), built once: it takes the
    negotiation's ordering lock, draws the id and queues the wake-up in one statement."""
    negotiation_id = bindparam("negotiation_id", type_=Integer)
    ordered = select(func.pg_advisory_xact_lock(_LOCK_CLASS, negotiation_id))
    row = select(
        negotiation_id,
        bindparam("kind", type_=String()),
        bindparam("payload", type_=JSON()),
        bindparam("comment_id", type_=Integer()),
        bindparam("created_at", type_=UTCDateTime()),
    ).select_from(ordered.subquery())
    # The table's insert, not the model's: with its values given as parameters, the model's
    # would be taken for an insert of many rows.
    events = cast(Table, Event.__table__)
    return (
        insert(events)
        .from_select(["negotiation_id", "kind", "payload", "comment_id", "created_at"], row)
        .returning(func.pg_notify(CHANNEL, func.concat(events.c.negotiation_id, ":", events.c.id)))
    )


def _forget_pending(session: Session, transaction: SessionTransaction) -> None:
    """The transaction ended without committing them (rolled back, or the session closed):
    its events never happened."""
    if transaction.parent is None:
        session.info.pop(_PENDING, None)


orm_event.listen(Session, "before_commit", _write_pending)
orm_event.listen(Session, "after_transaction_end", _forget_pending)


def _revision_payload(revision: Revision) -> dict[str, Any]:
    return {"revision_id": revision.id, "label": revision.label}


def _comment_payload(comment: Comment) -> dict[str, Any]:
    paragraph: Paragraph | None = comment.paragraph
    return {
        "revision_id": comment.revision_id,
        "paragraph_id": paragraph.id if paragraph is not None else None,
        "path": paragraph.path if paragraph is not None else None,
        "delegation": comment.delegation.name,
    }


def on_revision_published(_actor: Actor, revision: Revision, **_: object) -> None:
    """A revision was circulated."""
    _add(revision.negotiation_id, "revision-published", _revision_payload(revision))


def on_revision_withdrawn(_actor: Actor, revision: Revision, **_: object) -> None:
    """A circulated revision was withdrawn."""
    _add(revision.negotiation_id, "revision-withdrawn", _revision_payload(revision))


def _on_round(kind: str) -> Callable[..., None]:
    def receiver(_actor: Actor, consultation_round: ConsultationRound, **_: object) -> None:
        payload = {"round_id": consultation_round.id, "title": consultation_round.title}
        _add(consultation_round.negotiation_id, kind, payload)

    receiver.__doc__ = f"A consultation round event ({kind})."
    return receiver


def _on_comment(kind: str) -> Callable[..., None]:
    def receiver(_actor: Actor, comment: Comment, **kwargs: object) -> None:
        payload = _comment_payload(comment)
        if "status_label" in kwargs:
            payload["status"] = str(kwargs["status_label"])
        _add(comment.negotiation_id, kind, payload, comment=comment)

    receiver.__doc__ = f"A comment event ({kind}); only those who may see the comment get it."
    return receiver


def _on_silence(kind: str) -> Callable[..., None]:
    def receiver(_actor: Actor, silence: SilenceProcedure, **_: object) -> None:
        payload = {"silence_id": silence.id, "revision_id": silence.revision_id}
        _add(silence.negotiation_id, kind, payload)

    receiver.__doc__ = f"A silence procedure event ({kind})."
    return receiver


def on_paragraph_status(_actor: Actor, paragraph: Paragraph, status: str, **_: object) -> None:
    """A co-facilitator marked a paragraph pending, agreed ad ref or bracketed."""
    revision = paragraph.revision
    payload = {
        "revision_id": revision.id,
        "paragraph_id": paragraph.id,
        "path": paragraph.path,
        "status": status,
    }
    _add(revision.negotiation_id, "paragraph-status", payload)


def on_meeting_changed(
    _actor: Actor, meeting: Meeting, kind: str, payload: dict[str, Any], **_: object
) -> None:
    """A change in a live meeting's working text (payload: see tracker.services.meeting)."""
    _add(meeting.negotiation_id, f"meeting.{kind}", payload)


_HANDLERS = (
    (signals.revision_published, on_revision_published),
    (signals.revision_withdrawn, on_revision_withdrawn),
    (signals.round_opened, _on_round("round-opened")),
    (signals.round_changed, _on_round("round-changed")),
    (signals.comment_posted, _on_comment("comment-posted")),
    (signals.comment_edited, _on_comment("comment-edited")),
    (signals.comment_withdrawn, _on_comment("comment-withdrawn")),
    (signals.comment_replied, _on_comment("comment-replied")),
    (signals.comment_joined, _on_comment("comment-joined")),
    (signals.comment_triaged, _on_comment("comment-triaged")),
    (signals.silence_opened, _on_silence("silence-opened")),
    (signals.silence_broken, _on_silence("silence-broken")),
    (signals.silence_lifted, _on_silence("silence-lifted")),
    (signals.silence_passed, _on_silence("silence-passed")),
    (signals.silence_extended, _on_silence("silence-extended")),
    (signals.silence_withdrawn, _on_silence("silence-withdrawn")),
    (signals.paragraph_status_changed, on_paragraph_status),
    (signals.meeting_changed, on_meeting_changed),
)
_RECEIVERS = [(signal, signals.without_autoflush(handler)) for signal, handler in _HANDLERS]


def subscribe() -> None:
    """Connect the receivers (idempotent: blinker keeps one connection per receiver)."""
    for signal, receiver in _RECEIVERS:
        signal.connect(receiver)


# Reading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LiveEvent:
    """An event as a page receives it."""

    id: int
    kind: str
    data: dict[str, Any]

    @cached_property
    def encoded(self) -> str:
        """The data as JSON, encoded once however many streams of the process send it."""
        return json.dumps(self.data)


def latest_event_id(negotiation: Negotiation) -> int:
    """The id of the negotiation's newest event (0 before the first): a page rendered now shows
    everything up to it."""
    newest = db.session.scalar(_latest_event_statement(), {"negotiation_id": negotiation.id})
    return newest or 0


@cache
def _latest_event_statement() -> Select[int]:
    """The query of `latest_event_id`, built once: every page with live updates asks it."""
    return select(latest_event_column(bindparam("negotiation_id", type_=Integer)))


def latest_event_column(negotiation_id: ColumnElement[int]) -> ScalarSelect[int | None]:
    """`latest_event_id` as a query column, to be read with what a page asks first (None
    before the first event)."""
    return (
        select(func.max(Event.id)).where(Event.negotiation_id == negotiation_id).scalar_subquery()
    )


@dataclass(frozen=True)
class _StoredEvent:
    """A row of the events table, read once and shared by the streams of a process."""

    #: The event as every reader who may see it receives it.
    event: LiveEvent
    #: The comment it tells of when that comment is not open to all: each reader's permission
    #: then decides whether they get it.
    restricted_comment_id: int | None

    @property
    def id(self) -> int:
        return self.event.id


def _read_after(
    connection: Connection | Session | scoped_session[Any], negotiation_id: int, after: int
) -> list[_StoredEvent]:
    """The next batch of the negotiation's rows after that id, oldest first: every row with an
    id from `after` to the last one returned (the negotiation's ids commit in order)."""
    rows = connection.execute(
        select(
            Event.id,
            Event.kind,
            Event.payload,
            Event.comment_id,
            Comment.visibility,
            Comment.hidden_at,
        )
        .outerjoin(Comment, Comment.id == Event.comment_id)
        .where(Event.negotiation_id == negotiation_id, Event.id > after)
        .order_by(Event.id)
        .limit(BATCH)
    )
    stored = []
    for event_id, kind, payload, comment_id, visibility, hidden_at in rows:
        data = dict(payload, kind=kind)
        restricted = None
        if comment_id is not None:
            data["comment_id"] = comment_id
            if not open_to_all(visibility, hidden_at):
                restricted = comment_id
        stored.append(_StoredEvent(LiveEvent(event_id, kind, data), restricted))
    return stored


def _for_reader(user: User, stored: list[_StoredEvent]) -> list[LiveEvent]:
    """The events as this reader receives them: a comment they may not see becomes a hidden
    event, kept so the reader's position moves past it."""
    found = []
    for row in stored:
        if row.restricted_comment_id is not None:
            comment = db.session.get(Comment, row.restricted_comment_id)
            if comment is None or not can_see(user, comment):
                found.append(LiveEvent(row.id, HIDDEN, {}))
                continue
        found.append(row.event)
    return found


def events_after(user: User, negotiation: Negotiation, after: int) -> list[LiveEvent]:
    """The next batch of the negotiation's events after that id, oldest first, leaving out
    comments the user may not see (as hidden events)."""
    return _for_reader(user, _next_stored(negotiation.id, after))


def _next_stored(negotiation_id: int, after: int) -> list[_StoredEvent]:
    """The next batch after that id: from this process's shared feed of the negotiation when
    it holds them, else from the table (and the read is offered to the feed)."""
    if db.engine.dialect.name != "postgresql":
        return _read_after(db.session, negotiation_id, after)
    shared = _listener.rows_after(negotiation_id, after)
    if shared is not None:
        return shared
    stored = _read_after(db.session, negotiation_id, after)
    _listener.offer(negotiation_id, after, stored)
    return stored


# Admitting ---------------------------------------------------------------------------------


class TooManyStreams(ServiceError):
    """This process holds as many open streams as it may; the page retries in a while."""

    status = 503


class _Slots:
    """Counts the streams open in this process."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.open = 0

    def take(self, limit: int) -> Callable[[], None]:
        """Count one more open stream, or TooManyStreams at the limit; returns the function
        that gives the place back (once, however often it is called)."""
        with self.lock:
            if self.open >= limit:
                raise TooManyStreams(
                    "This server follows as many live pages as it can; the page will try "
                    "again in a moment."
                )
            self.open += 1
        released = threading.Event()

        def release() -> None:
            with self.lock:
                if not released.is_set():
                    released.set()
                    self.open -= 1

        return release


_slots = _Slots()


def admit_stream(limit: int) -> Callable[[], None]:
    """Take one of this process's places for an open stream (at most `limit`); call the
    returned function when the stream ends. Over the limit TooManyStreams (503), so ordinary
    requests always find a worker thread free."""
    return _slots.take(limit)


# Waiting -------------------------------------------------------------------------------------


class _Feed:
    """The newest events of one negotiation as this process read them: every event with an id
    in (start, end], oldest first. The streams of the process that follow the negotiation take
    their events from here, so a new event is read from the table once per process, not once
    per stream, and a page reconnecting after a short cut replays from memory."""

    def __init__(self, start: int) -> None:
        self.start = start
        self.end = start
        self.rows: list[_StoredEvent] = []
        self.ids: list[int] = []

    def merge(self, base: int, rows: list[_StoredEvent]) -> None:
        """Take a read holding every event in (base, last row]; kept only if it touches what
        is held, so the feed stays without gaps. The newest `FEED_KEEP` rows are kept."""
        if not rows:
            return
        top = rows[-1].id
        if base > self.end or top < self.start:
            return
        older = [row for row in rows if row.id <= self.start]
        newer = [row for row in rows if row.id > self.end]
        self.rows = older + self.rows + newer
        self.start = min(self.start, base)
        self.end = max(self.end, top)
        if len(self.rows) > FEED_KEEP:
            dropped = len(self.rows) - FEED_KEEP
            self.start = self.rows[dropped - 1].id
            del self.rows[:dropped]
        self.ids = [row.id for row in self.rows]

    def after(self, position: int) -> list[_StoredEvent] | None:
        """The next batch after that id, or None when the feed does not reach back to it."""
        if position < self.start:
            return None
        first = bisect.bisect_right(self.ids, position)
        return self.rows[first : first + BATCH]


class _Channel:
    """What a process keeps for one negotiation followed by its streams."""

    def __init__(self, lock: threading.Lock) -> None:
        self.woken = threading.Condition(lock)
        self.feed: _Feed | None = None
        self.followers = 0


class _Listener:
    """One LISTEN connection per app process. On a notification it reads the negotiation's new
    rows once, adds them to the negotiation's feed and wakes only that negotiation's streams.
    Started on first use in each process (after gunicorn forks)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        #: negotiation id -> the newest event id announced and read (or announced, for a
        #: negotiation without a feed)
        self.newest: dict[int, int] = {}
        self.channels: dict[int, _Channel] = {}
        self.pid = 0
        self.engine: Engine | None = None
        self.listening = threading.Event()

    def ensure_running(self, engine: Engine) -> None:
        """Start the listening thread in this process if it is not running, and wait until it
        listens: an event committed from then on wakes the streams."""
        with self.lock:
            started = self.pid == os.getpid()
            if not started:
                self.pid = os.getpid()
                self.newest = {}
                self.channels = {}
                # Its own connections, outside the pool of the requests: the listener never
                # waits behind them, and they never wait behind it.
                self.engine = create_engine(engine.url, poolclass=NullPool)
                self.listening = threading.Event()
        if not started:
            threading.Thread(target=self._run, name="tracker-events-listener", daemon=True).start()
        self.listening.wait(timeout=5)

    def _channel(self, negotiation_id: int) -> _Channel:
        channel = self.channels.get(negotiation_id)
        if channel is None:
            channel = self.channels[negotiation_id] = _Channel(self.lock)
        return channel

    def join(self, negotiation_id: int) -> None:
        """A stream of this process starts following the negotiation."""
        with self.lock:
            self._channel(negotiation_id).followers += 1

    def leave(self, negotiation_id: int) -> None:
        """A stream ended; the negotiation's feed goes with its last stream."""
        with self.lock:
            channel = self.channels.get(negotiation_id)
            if channel is not None:
                channel.followers -= 1
                if channel.followers <= 0:
                    del self.channels[negotiation_id]

    def rows_after(self, negotiation_id: int, after: int) -> list[_StoredEvent] | None:
        """The next batch after that id from the feed, if the feed reaches back to it and
        holds every announced event; None when the table must be read."""
        with self.lock:
            channel = self.channels.get(negotiation_id)
            feed = channel.feed if channel is not None else None
            if feed is None or feed.end < self.newest.get(negotiation_id, 0):
                return None
            return feed.after(after)

    def offer(self, negotiation_id: int, after: int, rows: list[_StoredEvent]) -> None:
        """A stream's read of the table: it starts the negotiation's feed, or extends it.

        Only a read that reached the table's end (fewer rows than a batch) is taken: a feed
        counts as holding every event up to the newest one announced, and events stored
        before this process listened were never announced, so a feed ending at a cut-off
        batch would hide the rest of a long replay from every stream."""
        if len(rows) >= BATCH:
            return
        with self.lock:
            channel = self.channels.get(negotiation_id)
            if channel is None:
                return
            if channel.feed is None:
                channel.feed = _Feed(after)
            channel.feed.merge(after, rows)

    def wait(self, negotiation_id: int, after: int, timeout: float) -> bool:
        """Return True when an event after that id was announced, False after the timeout."""
        with self.lock:
            channel = self._channel(negotiation_id)
            return channel.woken.wait_for(
                lambda: self.newest.get(negotiation_id, 0) > after, timeout
            )

    def _run(self) -> None:
        import psycopg

        assert self.engine is not None
        dsn = self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        while True:
            try:
                with (
                    psycopg.connect(dsn, autocommit=True) as connection,
                    self.engine.connect() as reader,
                ):
                    connection.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    # Whatever committed while nobody listened sent no wake-up.
                    self._read_feeds(reader, None)
                    refreshed = time.monotonic()
                    while True:
                        announced = _announced(connection)
                        if time.monotonic() - refreshed >= REFRESH_SECONDS:
                            self._read_feeds(reader, None)
                            refreshed = time.monotonic()
                        if announced:
                            self._read_feeds(reader, announced)
            except Exception:
                # A lost connection (or anything else) must not end the process's wake-ups:
                # log it and listen again; the first read after that catches up.
                log.exception("The live events listener failed; listening again")
                time.sleep(1)

    def _read_feeds(self, reader: Connection, announced: dict[int, int] | None) -> None:
        """Read the new rows of the negotiations announced (None: of every feed), once, into
        their feeds, and wake their streams."""
        announced = announced or {}
        with self.lock:
            ends = {
                negotiation_id: channel.feed.end
                for negotiation_id, channel in self.channels.items()
                if channel.feed is not None and (not announced or negotiation_id in announced)
            }
            for negotiation_id, event_id in announced.items():
                if negotiation_id not in ends:
                    self._announce(negotiation_id, event_id)
        for negotiation_id, end in ends.items():
            rows: list[_StoredEvent] = []
            while True:
                batch = _read_after(reader, negotiation_id, rows[-1].id if rows else end)
                rows += batch
                if len(batch) < BATCH:
                    break
            reader.rollback()  # not idle in a transaction while waiting for the next one
            with self.lock:
                followed = self.channels.get(negotiation_id)
                if followed is not None and followed.feed is not None:
                    followed.feed.merge(end, rows)
                newest = rows[-1].id if rows else 0
                self._announce(negotiation_id, max(newest, announced.get(negotiation_id, 0)))

    def _announce(self, negotiation_id: int, event_id: int) -> None:
        """Record the newest event of a negotiation and wake its streams (lock held)."""
        if event_id > self.newest.get(negotiation_id, 0):
            self.newest[negotiation_id] = event_id
            channel = self.channels.get(negotiation_id)
            if channel is not None:
                channel.woken.notify_all()


def _announced(connection: psycopg.Connection[Any]) -> dict[int, int]:
    """Wait up to `REFRESH_SECONDS` for a notification, then take every one already there:
    negotiation id -> newest event id announced."""
    newest: dict[int, int] = {}
    for wait in (REFRESH_SECONDS, 0.0):
        for notify in connection.notifies(timeout=wait, stop_after=1 if wait else None):
            negotiation, _, event_id = notify.payload.partition(":")
            if negotiation.isdigit() and event_id.isdigit():
                key = int(negotiation)
                newest[key] = max(newest.get(key, 0), int(event_id))
        if not newest:
            break
    return newest


_listener = _Listener()


def wait_for_events(negotiation_id: int, after: int, timeout: float, poll: float) -> bool:
    """Block until the negotiation may have events after that id: woken by the process's
    listener on PostgreSQL (True; after `timeout` seconds without one False), every `poll`
    seconds on SQLite (False)."""
    engine = db.engine
    if engine.dialect.name == "postgresql":
        _listener.ensure_running(engine)
        return _listener.wait(negotiation_id, after, timeout)
    time.sleep(min(poll, timeout))
    return False


def follow(
    user: User,
    negotiation: Negotiation,
    after: int,
    *,
    lifetime: float,
    heartbeat: float,
    poll: float,
) -> Iterator[LiveEvent | None]:
    """The negotiation's events after that id as they happen, for `lifetime` seconds (up to a
    fifth less); None every `heartbeat` seconds without one. The session is released between
    reads, so an open stream holds no database connection while it waits."""
    # Up to a fifth shorter at random: pages that connected together (after a server
    # restart) do not all come back together at the end of every lifetime.
    ends = time.monotonic() + lifetime * (1 - LIFETIME_SPREAD * random.random())
    last_sent = time.monotonic()
    negotiation_id = negotiation.id
    # An id beyond the negotiation's newest (from another database, or made up) would start
    # the process's feed of the negotiation in the future.
    after = min(after, latest_event_id(negotiation))
    listening = db.engine.dialect.name == "postgresql"
    db.session.rollback()  # no pooled connection held while the listener starts
    if listening:
        # Listening before the first read: what commits after it wakes this stream.
        _listener.ensure_running(db.engine)
        _listener.join(negotiation_id)
    try:
        while True:
            batch = events_after(user, negotiation, after)
            db.session.rollback()
            for live_event in batch:
                after = live_event.id
                if live_event.kind != HIDDEN:
                    yield live_event
                    last_sent = time.monotonic()
            if len(batch) == BATCH:
                continue
            now = time.monotonic()
            if now >= ends:
                return
            if now - last_sent >= heartbeat:
                yield None
                last_sent = now
            wait_for_events(negotiation_id, after, min(heartbeat, ends - now), poll)
    finally:
        if listening:
            _listener.leave(negotiation_id)
