"""Admission: how many requests a server works on at once, and which waiting request is next.

A 2-core machine answering 24 requests at once spends a tenth to a third more CPU on each of
them than when it runs two or three at a time (bench/README.md, eighteenth round), most likely
because two dozen requests' data crowd each other out of the processor's caches and the
interpreter's lock changes hands around every database wait. So a gunicorn server
(gunicorn.conf.py) admits at most `slots` requests at once across all its worker processes (by
default one per worker, and at least the cores and one more, so that a core is not left idle
while a request waits for the database), and each worker at most its share of them: one at a
time with 4 workers on 2 cores. The others wait in their worker's threads, holding no database
connection, no transaction and no CPU.

Which waiting request goes next: the newest. When a queue has formed, serving the newest keeps
most waits short (the person who just clicked gets the page while they still want it), where
first come, first served makes every request wait as long as the whole queue. A request that
has waited PROMOTE_AFTER seconds goes before any newer one, so that none waits without bound.

Everything a request does runs inside its turn, except receiving its body (read before the
turn: a delegate sending a file over a slow connection holds nobody up), what it reads after
the app returned (a live stream's events) and what it steps aside for (`stepped_aside`: a wait
that uses no CPU of this process and holds nothing another request could wait for, such as an
upload read in a child process). A turn that lasts LONG_TURN seconds stops counting (a large
export, a wait for a lock held outside the app): the next request goes in beside it, so that a
few slow requests cannot stop a worker, or the server, from answering.
"""

from __future__ import annotations

import collections
import contextlib
import multiprocessing
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from tracker.process_lock import ProcessLock

#: Seconds after which a waiting request goes before newer ones.
PROMOTE_AFTER = 0.5
#: Seconds after which a turn no longer counts against the limit.
LONG_TURN = 2.0
#: A body up to this size is received into memory before the turn, a larger one into a file.
BODY_IN_MEMORY = 1024 * 1024
#: Where the request log finds how long the request waited for its turn (seconds).
WAITED_KEY = "tracker.admission.waited"

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class SharedSlots:
    """The server's slots, counted for all its worker processes: made in gunicorn's master
    before it forks the workers, which inherit it. Each slot in use records the process using
    it, so that the master gives back the slot of a worker that died holding one
    (`give_back_for`); otherwise a killed worker would leave the server a slot short for
    good. (Killed in the few instructions between taking a slot and writing down that it holds
    it, a worker still does; killed under the lock, it holds up no one.)"""

    def __init__(self, slots: int, lock: ProcessLock) -> None:
        context = multiprocessing.get_context("fork")
        self.slots = slots
        self._free = context.BoundedSemaphore(slots)
        # The server's one lock, shared with everything else its processes share
        # (tracker.process_lock): a worker killed under it keeps nothing.
        self._lock = lock
        self._holders = context.Array("i", slots, lock=False)  # a process id per slot in use

    def take(self, timeout: float) -> bool:
        """Take a slot, waiting at most `timeout` seconds; whether one was taken (none is when
        every slot has been held that long: the request then runs without one)."""
        if not self._free.acquire(timeout=timeout):
            return False
        with self._lock:
            self._holders[self._holders[:].index(0)] = os.getpid()
        return True

    def give_back(self) -> None:
        with self._lock:
            self._holders[self._holders[:].index(os.getpid())] = 0
        self._free.release()

    def give_back_for(self, pid: int) -> int:
        """Free the slots a process that no longer runs still holds; how many there were."""
        freed = 0
        with self._lock:
            for index, holder in enumerate(self._holders[:]):
                if holder == pid:
                    self._holders[index] = 0
                    self._free.release()
                    freed += 1
        return freed

    def in_use(self) -> int:
        with self._lock:
            return sum(1 for holder in self._holders[:] if holder)


@dataclass(eq=False)
class _Turn:
    started: float
    #: Whether it counts against the process's limit (until it has lasted LONG_TURN).
    counted: bool = True
    #: Whether it holds one of the server's shared slots.
    shared: bool = False


class Admission:
    """One process's turns: at most `at_once` of its requests run, newest waiting first (oldest
    first once it has waited PROMOTE_AFTER), each also taking one of the server's `shared`
    slots when there are any; a turn stops counting once it has lasted LONG_TURN."""

    def __init__(self, at_once: int, shared: SharedSlots | None = None) -> None:
        if at_once < 1:
            raise ValueError("a process must be able to run at least one request at once")
        self.at_once = at_once
        self.shared = shared
        self._lock = threading.Lock()
        self._counted = 0
        self._turns: set[_Turn] = set()
        #: (since, handover) of each waiting request, oldest first; `handover` is a held lock
        #: that is released to give the request its turn.
        self._waiting: collections.deque[tuple[float, threading.Lock]] = collections.deque()
        self._holding = threading.local()

    def enter(self, *, first: bool = False) -> float:
        """Wait for this thread's turn; the seconds it waited. `first`: before everyone
        waiting (a request coming back from stepping aside has waited its turn already)."""
        started = time.monotonic()
        with self._lock:
            if self._counted < self.at_once and not self._waiting:
                self._counted += 1
                handover = None
            else:
                handover = threading.Lock()
                handover.acquire()
                if first:
                    self._waiting.appendleft((float("-inf"), handover))
                else:
                    self._waiting.append((started, handover))
        if handover is not None:
            while not handover.acquire(timeout=LONG_TURN / 2):
                self._stop_counting_long_turns()
        turn = _Turn(started=time.monotonic())
        with self._lock:
            self._turns.add(turn)
        self._holding.turn = turn
        try:
            if self.shared is not None:
                turn.shared = self.shared.take(timeout=LONG_TURN)
        except BaseException:
            self.leave()
            raise
        return time.monotonic() - started

    def leave(self) -> None:
        """End this thread's turn and pass it to the request that goes next."""
        turn: _Turn = self._holding.turn
        self._holding.turn = None
        if turn.shared and self.shared is not None:
            self.shared.give_back()
        with self._lock:
            self._turns.discard(turn)
            handover = self._pass_turn() if turn.counted else None
        if handover is not None:
            handover.release()

    def holds_turn(self) -> bool:
        return getattr(self._holding, "turn", None) is not None

    def waiting(self) -> int:
        with self._lock:
            return len(self._waiting)

    def _pass_turn(self) -> threading.Lock | None:
        """With the lock held: the next request's handover, or None when no one waits (one
        counted turn fewer)."""
        if not self._waiting:
            self._counted -= 1
            return None
        oldest_since, _ = self._waiting[0]
        if time.monotonic() - oldest_since >= PROMOTE_AFTER:
            return self._waiting.popleft()[1]
        return self._waiting.pop()[1]

    def _stop_counting_long_turns(self) -> None:
        """Turns that have lasted LONG_TURN no longer count: each lets the next request in."""
        handovers = []
        with self._lock:
            now = time.monotonic()
            for turn in self._turns:
                if turn.counted and now - turn.started >= LONG_TURN:
                    turn.counted = False
                    handovers.append(self._pass_turn())
        for handover in handovers:
            if handover is not None:
                handover.release()

    def wsgi(self, app: WsgiApp, max_body: int | None = None) -> WsgiApp:
        """`app` run only in turn. The request's body (up to `max_body` bytes and one more) is
        received before the turn; the response's body is sent after it (a page's is rendered
        by then, and a live stream's waits for events without holding a turn)."""

        def admitted(
            environ: dict[str, Any], start_response: Callable[..., Any]
        ) -> Iterable[bytes]:
            received = receive_body(environ, max_body)
            environ[WAITED_KEY] = self.enter()
            try:
                return app(environ, start_response)
            finally:
                self.leave()
                if received is not None:
                    received.close()

        return admitted


def receive_body(environ: dict[str, Any], max_body: int | None) -> IO[bytes] | None:
    """Read the request's body from the client now, into memory or a temporary file, and hand
    the app that instead (returned, for closing once the app has answered). A body declared
    larger than `max_body` is left unread for the app to refuse (413); one sent in chunks is
    read up to one byte past it, enough for the app to see that it is too large."""
    declared = environ.get("CONTENT_LENGTH") or ""
    chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
    if not chunked and not (declared.isdigit() and int(declared) > 0):
        return None
    if max_body is not None and declared.isdigit() and int(declared) > max_body:
        return None
    remaining = int(declared) if declared else (max_body + 1 if max_body is not None else None)
    source = environ["wsgi.input"]
    received = tempfile.SpooledTemporaryFile(max_size=BODY_IN_MEMORY)  # noqa: SIM115 (closed by the caller)
    while remaining is None or remaining > 0:
        chunk = source.read(65536 if remaining is None else min(65536, remaining))
        if not chunk:
            break
        received.write(chunk)
        if remaining is not None:
            remaining -= len(chunk)
    received.seek(0)
    environ["wsgi.input"] = received
    return received


#: This process's admission once gunicorn's worker has installed it (`install`); None in
#: tests, `flask run` and the command line, where every request runs at once as it comes.
_admission: Admission | None = None


def install(flask_app: Any, at_once: int, shared: SharedSlots | None) -> Admission:
    """Run the app's requests in turns (gunicorn.conf.py, in each worker)."""
    global _admission
    _admission = Admission(at_once, shared)
    max_body = flask_app.config.get("MAX_CONTENT_LENGTH")
    flask_app.wsgi_app = _admission.wsgi(flask_app.wsgi_app, max_body)
    return _admission


@contextlib.contextmanager
def stepped_aside() -> Iterator[None]:
    """Give this request's turn to another while it waits for something that needs no CPU of
    this process and holds nothing another request could wait for (no lock, no write); it
    comes back before everyone waiting. Outside a turn, it does nothing."""
    admission = _admission
    if admission is None or not admission.holds_turn():
        yield
        return
    admission.leave()
    try:
        yield
    finally:
        admission.enter(first=True)
