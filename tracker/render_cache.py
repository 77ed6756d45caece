"""Rendered HTML of what never changes, kept once and reused by every request and worker.

A published revision never changes, and neither does the comparison of two of them; only a
co-facilitator's pairing correction changes how they are marked. Their HTML is therefore
rendered once and stored under a key naming everything it was built from: the revision (or
pair), the latest pairing correction that touches it, and a fingerprint of the templates that
drew it. A correction gives the affected pages a new key (the old entries age out unused); a
new release (any change to the code or the templates) gives every page a new key. Nothing per
person (forms, the viewer's own comments) is stored with them: pages compose that around the
stored HTML. What a text's page shows under each paragraph at one moment of the consultation
(comment counts, speakers, statuses; the same for every viewer of one kind) is kept apart, in
the store of such moments (`moment_store`), under a key naming that moment.

With `CACHE_URL` set (`redis://127.0.0.1:6379/0`) the entries live in Redis, shared by every
worker and app server, and each worker keeps those it used lately in memory as well.
Otherwise each worker keeps a bounded in-process store, and on PostgreSQL the lasting entries
(texts, comparisons) are shared through the database too.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any, Protocol, TypeVar

import redis
from flask import Flask, current_app
from sqlalchemy import delete, func, select, text
from sqlalchemy.dialects.postgresql import insert

from tracker.data_generation import NOT_DATA
from tracker.extensions import db
from tracker.models import StoredRendering, utcnow
from tracker.services import commit_if_nothing_written

#: Entries kept by the in-process store; a published text is some 100-300 KB of HTML.
MEMORY_ENTRIES = 128
#: Whole pages kept per person by the in-process store (tracker.views.kept_pages), apart from
#: the texts so that many people's pages never push the shared texts out.
MEMORY_PAGES = 64
#: Entries of what pages show at one moment kept by the in-process store: only the newest of
#: each text and kind of viewer are asked for again.
MEMORY_MOMENTS = 32
#: Seconds an entry is kept in Redis after it was last written.
REDIS_TTL = 7 * 24 * 3600
#: Seconds a page's composed per-person lines are kept in Redis: they are stored per moment of
#: the consultation, so each comment makes a new entry, of use only until the next one.
FLEETING_TTL = 600


class Store(Protocol):
    """Where rendered fragments are kept: JSON-able values by string key."""

    def get(self, key: str) -> Any | None: ...
    def set(self, key: str, value: Any, seconds: int = REDIS_TTL) -> None: ...
    def clear(self) -> None: ...
    def exclusive(self, key: str) -> AbstractContextManager[None]:
        """Taken before this process builds the entry: another process that shares the store
        and builds the same entry waits until this one has stored it (where the store can
        tell)."""
        ...


class MemoryStore:
    """A bounded least-recently-used store inside one worker process."""

    def __init__(self, entries: int = MEMORY_ENTRIES) -> None:
        self.entries = entries
        self._values: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Any | None:
        """The value stored under key, or None."""
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def set(self, key: str, value: Any, seconds: int = REDIS_TTL) -> None:
        """Store value, dropping the least recently used entry when full (the store is
        bounded, so `seconds` is not needed here)."""
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.entries:
                self._values.popitem(last=False)

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._values.clear()

    def exclusive(self, key: str) -> AbstractContextManager[None]:
        """Nothing to hold: no other process shares this store (`fetch` builds each entry once
        per process)."""
        return nullcontext()


class RedisStore:
    """Entries shared by every worker and app server through Redis, under one key prefix."""

    def __init__(self, url: str, prefix: str) -> None:
        self.client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self.prefix = prefix

    def get(self, key: str) -> Any | None:
        """The value stored under key, or None (also when Redis cannot be reached)."""
        try:
            raw = self.client.get(self.prefix + key)
        except (OSError, redis.RedisError):
            return None
        return json.loads(raw) if raw is not None else None

    def set(self, key: str, value: Any, seconds: int = REDIS_TTL) -> None:
        """Store value for `seconds`; a Redis outage only costs the next render."""
        try:
            self.client.set(self.prefix + key, json.dumps(value), ex=seconds)
        except (OSError, redis.RedisError):
            return

    def clear(self) -> None:
        """Forget every entry under this store's prefix."""
        try:
            keys = list(self.client.scan_iter(match=self.prefix + "*", count=500))
            if keys:
                self.client.delete(*keys)
        except (OSError, redis.RedisError):
            return

    def exclusive(self, key: str) -> AbstractContextManager[None]:
        """Nothing held: each process builds what it does not find."""
        return nullcontext()


class LayeredStore:
    """A bounded in-process store in front of a shared one. An entry's key names everything it
    was made from, so it never changes under its key: once read from the shared store it is
    served from memory, and a 200 KB text is not fetched and decoded again on every page."""

    def __init__(self, near: MemoryStore, shared: Store) -> None:
        self.near = near
        self.shared = shared

    def get(self, key: str) -> Any | None:
        """The value from memory, else from the shared store (then kept in memory too)."""
        value = self.near.get(key)
        if value is None:
            value = self.shared.get(key)
            if value is not None:
                self.near.set(key, value)
        return value

    def set(self, key: str, value: Any, seconds: int = REDIS_TTL) -> None:
        """Store value in memory and in the shared store."""
        self.near.set(key, value)
        self.shared.set(key, value, seconds)

    def clear(self) -> None:
        """Forget every entry, in memory and in the shared store."""
        self.near.clear()
        self.shared.clear()

    def exclusive(self, key: str) -> AbstractContextManager[None]:
        """As the shared store holds it."""
        return self.shared.exclusive(key)


class DatabaseStore:
    """Lasting entries (published texts, comparisons) shared by every worker and app server
    through the app's own PostgreSQL database, for a deployment without Redis: without it, each
    worker process rendered a new text itself, four times in the first seconds after a
    publication. (On SQLite, which takes one writer at a time, each process keeps its own.)

    Only lasting entries come here (`fetch` keeps what a page shows at one moment of the
    consultation in each process's memory: written here it would cost more than it saves).
    Everything runs in the request's own transaction, on its one connection (a second one per
    request could leave a busy pool with every request waiting for another), and writing an
    entry is not a change of data (`data_generation.NOT_DATA`). A request building an entry
    holds a transaction-level advisory lock on its key, and the others wait until the entry is
    committed, then read it: at once after it is stored when the builder wrote nothing else
    (`exclusive`), else with the builder's request."""

    def get(self, key: str) -> Any | None:
        """The value stored under key, or None."""
        raw = db.session.execute(
            select(StoredRendering.value).where(StoredRendering.key == key)
        ).scalar()
        return json.loads(raw) if raw is not None else None

    def set(self, key: str, value: Any, seconds: int = REDIS_TTL) -> None:
        """Store value when the transaction commits (another process may have stored it first:
        the same value); the first write of this process also removes what earlier releases
        stored."""
        _forget_earlier_releases()
        row = {"key": key, "value": json.dumps(value), "stored_at": utcnow()}
        db.session.execute(
            insert(StoredRendering).values(row).on_conflict_do_nothing(), execution_options=_APART
        )

    def clear(self) -> None:
        """Forget every entry (committed at once)."""
        with db.engine.connect().execution_options(**_APART) as connection:
            connection.execute(delete(StoredRendering))
            connection.commit()

    @contextmanager
    def exclusive(self, key: str) -> Iterator[None]:
        """An advisory lock on the key, the transaction's; a request that finds it taken waits,
        at most BUILD_WAIT seconds, then builds anyway. When the request has written nothing
        else, the entry is committed (and the lock released) as soon as it is stored, so the
        others wait for the render only, not for the rest of the builder's page."""
        lock = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
        deadline = time.monotonic() + BUILD_WAIT
        while not db.session.execute(_TRY_LOCK, {"lock": lock}).scalar():
            if time.monotonic() > deadline:
                break
            time.sleep(LOCK_POLL)
        yield
        commit_if_nothing_written()


#: Seconds between two tries at a stored rendering's lock while another process builds it.
LOCK_POLL = 0.02
_TRY_LOCK = text("SELECT pg_try_advisory_xact_lock(:lock)")
#: How the store's writes are executed: not counted as writes of data.
_APART = {NOT_DATA: True}
#: Whether this process has removed the entries of earlier releases (once per process).
_earlier_releases_forgotten = threading.Event()


def _forget_earlier_releases() -> None:
    """Every key begins with the release that rendered it; those of earlier releases are never
    asked for again. (Tried once per process: if that request's transaction rolls back, the
    next process to start removes them.)"""
    if _earlier_releases_forgotten.is_set():
        return
    _earlier_releases_forgotten.set()
    current = release() + ":"
    db.session.execute(
        delete(StoredRendering).where(func.substr(StoredRendering.key, 1, len(current)) != current),
        execution_options=_APART,
    )


def init_app(app: Flask) -> None:
    """Choose the store (Redis with CACHE_URL, behind a bounded store in each process; else
    in-process only) and fingerprint the release."""
    url = app.config.get("CACHE_URL") or ""
    store: Store
    pages: Store
    moments: Store
    if url:
        shared = RedisStore(url, app.config.get("CACHE_KEY_PREFIX", "tracker:render:"))
        store = LayeredStore(MemoryStore(), shared)
        moments = LayeredStore(MemoryStore(MEMORY_MOMENTS), shared)
        pages = LayeredStore(MemoryStore(MEMORY_PAGES), shared)
    else:
        on_postgresql = app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
        store = LayeredStore(MemoryStore(), DatabaseStore()) if on_postgresql else MemoryStore()
        moments, pages = MemoryStore(MEMORY_MOMENTS), MemoryStore(MEMORY_PAGES)
    app.extensions["render_cache"] = store
    app.extensions["render_cache_moments"] = moments
    app.extensions["render_cache_pages"] = pages
    app.extensions["render_cache_version"] = release_fingerprint(
        Path(app.root_path), Path(app.template_folder or "templates")
    )


def release_fingerprint(package: Path, templates: Path) -> str:
    """A digest of the app's code and templates: what every stored rendering and every ETag
    was made by, so that a new release never serves what an older one drew."""
    if not templates.is_absolute():
        templates = package / templates
    digest = hashlib.sha256()
    for root, pattern in ((package, "*.py"), (templates, "*.html")):
        for path in sorted(root.rglob(pattern)):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def release() -> str:
    """The current app's release fingerprint."""
    return current_app.extensions["render_cache_version"]


def store() -> Store:
    """The current app's store."""
    return current_app.extensions["render_cache"]


def moment_store() -> Store:
    """Where the current app keeps what pages show at one moment (the composed per-paragraph
    lines of a text): Redis as for the texts, else each worker's memory only."""
    return current_app.extensions["render_cache_moments"]


def page_store() -> Store:
    """Where the current app keeps whole pages (the same Redis as the texts, or a bounded store
    per worker of its own)."""
    return current_app.extensions["render_cache_pages"]


def identity(revision: Any) -> str:
    """A published revision as stored: its id, upload digest and moment of publication, so a
    database rebuilt from scratch (ids counted again) never meets an entry of the old one."""
    published = revision.published_at.timestamp() if revision.published_at else 0
    return f"{revision.id}.{revision.source_sha256[:12]}.{published:.6f}"


def revision_text_key(revision: Any, pairing: int, library: str) -> str:
    """Key of a published revision's text, as marked after the given pairing correction and
    against the library of adopted texts as it stands (its marks of agreed language)."""
    return f"{release()}:text:{identity(revision)}:p{pairing}:l{library}"


def paragraph_texts_key(revision: Any) -> str:
    """Key of a published revision's paragraphs as their own pages show them (each with the
    notes it cites): made from the text alone, which never changes once published."""
    return f"{release()}:paragraphs:{identity(revision)}"


def comparison_key(
    old: Any, new: Any, pairing: int, mode: str, changed_only: bool, published: list[Any]
) -> str:
    """Key of the comparison table of two revisions, in one display mode, with the pairings
    corrected by hand between them: those are listed only when no published revision lies
    between the two, so the key names the published revisions between them (a withdrawal
    between them makes it anew; a later publication leaves it as it was)."""
    hidden = "changed" if changed_only else "all"
    low, high = sorted((old.sequence or 0, new.sequence or 0))
    between = [r.id for r in published if low < (r.sequence or 0) < high]
    circulated = hashlib.sha256(",".join(map(str, between)).encode()).hexdigest()[:12]
    return (
        f"{release()}:compare:{identity(old)}:{identity(new)}:p{pairing}:{mode}:{hidden}"
        f":c{circulated}"
    )


def lines_key(text_key: str, stamp: str, viewer: str) -> str:
    """Key of a published text composed with its per-paragraph lines: the stored text's key,
    the stamp of what the lines are made from (`comments.summary_marks`, which also names whose
    eyes they are for) and what the viewer may do there (comment, oversee)."""
    return f"{text_key}:lines:{stamp}:{viewer}"


Read = TypeVar("Read")

#: What this process read lately (remembered): (when, value) by key.
_remembered = MemoryStore(256)
#: How long (seconds) something remembered is trusted even when its key says nothing changed:
#: a change committed after a newer one was read (its key names the newer) shows within this.
REMEMBERED_FOR = 30.0


def remembered(key: str, read: Callable[[], Read]) -> Read:
    """What `read` gives, as this process read it last under the same key, for at most
    REMEMBERED_FOR seconds. The key names what the value is made from (a revision and the
    marks of what changes it), so a change means a new key; the value is shared between
    requests and must not be changed."""
    now = time.monotonic()
    found = _remembered.get(key)
    if found is not None and now - found[0] < REMEMBERED_FOR:
        return found[1]
    value = read()
    _remembered.set(key, (now, value))
    return value


def forget_remembered() -> None:
    """Forget what this process remembered (the database went back, as in tests)."""
    _remembered.clear()


#: Keys being built in this process, each with the event set when its builder is done.
_building: dict[str, threading.Event] = {}
_building_lock = threading.Lock()
#: How long (seconds) a request waits for another thread building the same entry before it
#: builds the entry itself.
BUILD_WAIT = 30.0


def fetch(key: str, build: Callable[[], Any], seconds: int = REDIS_TTL) -> Any:
    """The value stored under key, built (and stored, for `seconds` in Redis) on first use.

    Built once per process however many requests ask at the same moment (200 delegations
    opening a new revision; every draft page after a comment): the others wait for the first
    and take what it stored, rather than each spending the same CPU on it; and, where the
    store can tell, once for every process that shares it. An entry kept for less than
    REDIS_TTL (what a page shows at one moment) goes to the store of such entries."""
    cache = store() if seconds >= REDIS_TTL else moment_store()
    value = cache.get(key)
    if value is not None:
        return value
    with _building_lock:
        building = _building.get(key)
        if building is None:
            building = _building[key] = threading.Event()
            builder = True
        else:
            builder = False
    if not builder:
        building.wait(BUILD_WAIT)
        value = cache.get(key)
        if value is not None:
            return value
        # The builder failed (its request's error is its own) or the entry is gone already.
        value = build()
        cache.set(key, value, seconds)
        return value
    try:
        with cache.exclusive(key):
            # Another process may have stored it while this one waited for the lock.
            value = cache.get(key)
            if value is None:
                value = build()
                cache.set(key, value, seconds)
        return value
    finally:
        with _building_lock:
            del _building[key]
        building.set()
