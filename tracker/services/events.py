"""Live events: every change in a negotiation as a row of the events table, for the pages that
follow it as it happens.

Rows are written by subscribers to the domain signals in `tracker.signals`, inside the
transaction of the change, so an event exists exactly when its change does; the services that
make changes know nothing of this module. A page reads the rows after the last id it saw, so a
reconnecting page gets what it missed, in order, once.

Ordering: on PostgreSQL the writer of a negotiation's event holds a transaction-scoped
advisory lock on that negotiation from before the id is drawn until commit, so a negotiation's
ids become visible in increasing order and a reader that has seen id N never later finds a
smaller one. SQLite has one writer at a time anyway. On PostgreSQL the same transaction sends
`NOTIFY` with the negotiation and event id; one listening connection per app process wakes the
streams waiting on that negotiation, which then read the rows from the table. On SQLite the
streams poll the table.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event as orm_event
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

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
)
from tracker.services.access import Actor, can_see

#: The PostgreSQL channel; payload "<negotiation id>:<event id>".
CHANNEL = "tracker_events"
#: First key of the advisory lock that orders one negotiation's events ("evnt").
_LOCK_CLASS = 0x65766E74
#: The kind of an event the reader may not see (a comment not open to them); never sent.
HIDDEN = "hidden"
#: How many rows one read of the table returns at most; a long replay is read in batches.
BATCH = 500


# Writing -------------------------------------------------------------------------------------


def _add(
    negotiation_id: int, kind: str, payload: dict[str, Any], comment: Comment | None = None
) -> None:
    """Add the event to the session of the change; it is stored by the change's own commit."""
    with db.session.no_autoflush:
        db.session.add(
            Event(negotiation_id=negotiation_id, kind=kind, payload=payload, comment=comment)
        )


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    """Take the negotiation's ordering lock before any of its new events draws an id."""
    negotiations = sorted({e.negotiation_id for e in session.new if isinstance(e, Event)})
    if not negotiations or session.get_bind().dialect.name != "postgresql":
        return
    for negotiation_id in negotiations:
        session.execute(
            text("SELECT pg_advisory_xact_lock(:lock_class, :negotiation)"),
            {"lock_class": _LOCK_CLASS, "negotiation": negotiation_id},
        )


def _after_flush(session: Session, _context: Any) -> None:
    """Queue the wake-up with the rows: PostgreSQL delivers it at commit, or never."""
    new = [e for e in session.new if isinstance(e, Event)]
    if not new or session.get_bind().dialect.name != "postgresql":
        return
    for live_event in new:
        session.execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {"channel": CHANNEL, "payload": f"{live_event.negotiation_id}:{live_event.id}"},
        )


orm_event.listen(Session, "before_flush", _before_flush)
orm_event.listen(Session, "after_flush", _after_flush)


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
    (signals.comment_replied, _on_comment("comment-replied")),
    (signals.comment_joined, _on_comment("comment-joined")),
    (signals.comment_triaged, _on_comment("comment-triaged")),
    (signals.silence_opened, _on_silence("silence-opened")),
    (signals.silence_broken, _on_silence("silence-broken")),
    (signals.silence_passed, _on_silence("silence-passed")),
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


def latest_event_id(negotiation: Negotiation) -> int:
    """The id of the negotiation's newest event (0 before the first): a page rendered now shows
    everything up to it."""
    newest = db.session.scalar(
        select(func.max(Event.id)).where(Event.negotiation_id == negotiation.id)
    )
    return newest or 0


@dataclass(frozen=True)
class _StoredEvent:
    """A row of the events table, as read once and shared by the streams of a process."""

    id: int
    kind: str
    payload: dict[str, Any]
    comment_id: int | None


def _stored_after(negotiation_id: int, after: int, woken: bool) -> list[_StoredEvent]:
    """The next batch of rows after that id: from the process's newest read when a wake-up
    sent the reader here and that read covers every announced id, else from the table."""
    if woken:
        cached = _listener.cached_after(negotiation_id, after)
        if cached is not None:
            return cached
    stored = [
        _StoredEvent(*row)
        for row in db.session.execute(
            select(Event.id, Event.kind, Event.payload, Event.comment_id)
            .where(Event.negotiation_id == negotiation_id, Event.id > after)
            .order_by(Event.id)
            .limit(BATCH)
        )
    ]
    if db.engine.dialect.name == "postgresql":
        # Complete from `after` to the newest row read: the negotiation's ids commit in order.
        _listener.remember(negotiation_id, after, stored)
    return stored


def events_after(
    user: User, negotiation: Negotiation, after: int, *, woken: bool = False
) -> list[LiveEvent]:
    """The next batch of the negotiation's events after that id, oldest first, leaving out
    comments the user may not see."""
    found = []
    for row in _stored_after(negotiation.id, after, woken):
        comment = db.session.get(Comment, row.comment_id) if row.comment_id is not None else None
        if comment is not None and not can_see(user, comment):
            # Kept in the batch, empty, so the reader's position moves past it.
            found.append(LiveEvent(row.id, HIDDEN, {}))
            continue
        data = dict(row.payload, kind=row.kind)
        if row.comment_id is not None:
            data["comment_id"] = row.comment_id
        found.append(LiveEvent(row.id, row.kind, data))
    return found


# Waiting -------------------------------------------------------------------------------------


class _Listener:
    """One LISTEN connection per app process, waking the streams of the negotiations named in
    each notification. Started on first use in each process (after gunicorn forks)."""

    def __init__(self) -> None:
        self.condition = threading.Condition()
        self.newest: dict[int, int] = {}
        self.pid = 0
        self.dsn = ""
        self.listening = threading.Event()
        #: negotiation id -> (after, end, rows): one read holding every row in (after, end].
        self.windows: dict[int, tuple[int, int, list[_StoredEvent]]] = {}

    def ensure_running(self, engine: Engine) -> bool:
        """Start the listening thread in this process if it is not running; True when it was
        just started (and listens), so the caller reads the table again: what committed before
        LISTEN took effect sent it no wake-up."""
        with self.condition:
            if self.pid == os.getpid():
                return False
            self.pid = os.getpid()
            self.newest = {}
            self.windows = {}
            self.listening = threading.Event()
            self.dsn = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        threading.Thread(target=self._run, name="tracker-events-listener", daemon=True).start()
        self.listening.wait(timeout=5)
        return True

    def _run(self) -> None:
        import psycopg

        while True:
            try:
                with psycopg.connect(self.dsn, autocommit=True) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    for notify in connection.notifies():
                        self._wake(notify.payload)
            except psycopg.Error:
                # The streams still read the table at every timeout; retry the connection.
                time.sleep(1)

    def _wake(self, payload: str) -> None:
        negotiation, _, event_id = payload.partition(":")
        if not (negotiation.isdigit() and event_id.isdigit()):
            return
        with self.condition:
            key = int(negotiation)
            self.newest[key] = max(self.newest.get(key, 0), int(event_id))
            self.condition.notify_all()

    def wait(self, negotiation_id: int, after: int, timeout: float) -> bool:
        """Return True when an event after that id was announced, False after the timeout."""
        with self.condition:
            return self.condition.wait_for(
                lambda: self.newest.get(negotiation_id, 0) > after, timeout
            )

    def cached_after(self, negotiation_id: int, after: int) -> list[_StoredEvent] | None:
        """The rows after that id from the newest read, if it covers them and every announced
        id; None when the table must be read."""
        with self.condition:
            window = self.windows.get(negotiation_id)
            if window is None:
                return None
            start, end, rows = window
            if after < start or end < self.newest.get(negotiation_id, 0):
                return None
            return [row for row in rows if row.id > after]

    def remember(self, negotiation_id: int, after: int, rows: list[_StoredEvent]) -> None:
        """Keep a read of the rows after that id, unless a read reaching further is kept."""
        end = rows[-1].id if rows else after
        with self.condition:
            kept = self.windows.get(negotiation_id)
            if kept is None or end >= kept[1]:
                self.windows[negotiation_id] = (after, end, rows)


_listener = _Listener()


def wait_for_events(negotiation_id: int, after: int, timeout: float, poll: float) -> bool:
    """Block until the negotiation may have events after that id: woken by NOTIFY on
    PostgreSQL (True; after `timeout` seconds without one False, and the caller reads the
    table in case a wake-up was lost), every `poll` seconds on SQLite (False)."""
    engine = db.engine
    if engine.dialect.name == "postgresql":
        if _listener.ensure_running(engine):
            return False
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
    """The negotiation's events after that id as they happen, for `lifetime` seconds; None
    every `heartbeat` seconds without one. The session is released between reads, so an open
    stream holds no database connection while it waits."""
    ends = time.monotonic() + lifetime
    last_sent = time.monotonic()
    negotiation_id = negotiation.id
    woken = False
    while True:
        batch = events_after(user, negotiation, after, woken=woken)
        db.session.rollback()
        for live_event in batch:
            after = live_event.id
            if live_event.kind != HIDDEN:
                yield live_event
                last_sent = time.monotonic()
        if len(batch) == BATCH:
            woken = False
            continue
        now = time.monotonic()
        if now >= ends:
            return
        if now - last_sent >= heartbeat:
            yield None
            last_sent = now
        woken = wait_for_events(negotiation_id, after, min(heartbeat, ends - now), poll)
