"""Admission: how many requests a server works on at once, and which waiting request is next.

A 2-core machine answering 24 requests at once spends about a third more CPU on each of them
than when it runs two or three at a time (bench/README.md, eighteenth round): two dozen
requests' data crowd each other out of the processor's caches, and the interpreter's lock
changes hands around every database wait. So a gunicorn server (gunicorn.conf.py) admits at
most `slots` requests at once across all its worker processes (by default the cores and one
more, so that a core is not left idle while a request waits for the database), and each
worker at most its share of them. The others wait in their worker's threads, holding no
database connection, no transaction and no CPU.

Which waiting request goes next: the newest. When a queue has formed, serving the newest keeps
most waits short (the person who just clicked gets the page while they still want it), where
first come, first served makes every request wait as long as the whole queue. A request that
has waited PROMOTE_AFTER seconds goes before any newer one, so that none waits without bound.

Everything a request does runs inside its turn, except what it reads after the app returned
(a live stream's events) and what it steps aside for (`stepped_aside`: a wait that uses no CPU
of this process and holds nothing another request could wait for, such as an upload read in a
child process).
"""

from __future__ import annotations

import collections
import contextlib
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

#: Seconds after which a waiting request goes before newer ones.
PROMOTE_AFTER = 0.5
#: Where the request log finds how long the request waited for its turn (seconds).
WAITED_KEY = "tracker.admission.waited"

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class SharedSlots:
    """The server's slots, counted for all its worker processes: made in gunicorn's master
    before it forks the workers, which inherit it. Each slot in use records the process using
    it, so that the master gives back the slot of a worker that died holding one
    (`give_back_for`); otherwise a killed worker would leave the server a slot short for
    good."""

    def __init__(self, slots: int) -> None:
        context = multiprocessing.get_context("fork")
        self.slots = slots
        self._free = context.BoundedSemaphore(slots)
        self._holders = context.Array("i", slots)  # a process id per slot in use, else 0

    def take(self) -> None:
        self._free.acquire()
        with self._holders.get_lock():
            self._holders[self._holders[:].index(0)] = os.getpid()

    def give_back(self) -> None:
        with self._holders.get_lock():
            self._holders[self._holders[:].index(os.getpid())] = 0
        self._free.release()

    def give_back_for(self, pid: int) -> int:
        """Free the slots a process that no longer runs still holds; how many there were."""
        freed = 0
        with self._holders.get_lock():
            for index, holder in enumerate(self._holders[:]):
                if holder == pid:
                    self._holders[index] = 0
                    self._free.release()
                    freed += 1
        return freed

    def in_use(self) -> int:
        with self._holders.get_lock():
            return sum(1 for holder in self._holders[:] if holder)


class Admission:
    """One process's turns: at most `at_once` of its requests run, newest waiting first (oldest
    first once it has waited PROMOTE_AFTER), each also taking one of the server's `shared`
    slots when there are any."""

    def __init__(self, at_once: int, shared: SharedSlots | None = None) -> None:
        if at_once < 1:
            raise ValueError("a process must be able to run at least one request at once")
        self.at_once = at_once
        self.shared = shared
        self._lock = threading.Lock()
        self._running = 0
        #: (since, handover) of each waiting request, oldest first; `handover` is a held lock
        #: that the request leaving releases to pass its turn on.
        self._waiting: collections.deque[tuple[float, threading.Lock]] = collections.deque()
        self._holding = threading.local()

    def enter(self, *, first: bool = False) -> float:
        """Wait for this thread's turn; the seconds it waited. `first`: before everyone
        waiting (a request coming back from stepping aside has waited its turn already)."""
        started = time.monotonic()
        with self._lock:
            if self._running < self.at_once and not self._waiting:
                self._running += 1
                handover = None
            else:
                handover = threading.Lock()
                handover.acquire()
                if first:
                    self._waiting.appendleft((float("-inf"), handover))
                else:
                    self._waiting.append((started, handover))
        if handover is not None:
            handover.acquire()  # released by the request that passes its turn on
        try:
            if self.shared is not None:
                self.shared.take()
        except BaseException:
            self._pass_turn()
            raise
        self._holding.turn = True
        return time.monotonic() - started

    def leave(self) -> None:
        """End this thread's turn and pass it to the request that goes next."""
        self._holding.turn = False
        if self.shared is not None:
            self.shared.give_back()
        self._pass_turn()

    def holds_turn(self) -> bool:
        return getattr(self._holding, "turn", False)

    def waiting(self) -> int:
        with self._lock:
            return len(self._waiting)

    def _pass_turn(self) -> None:
        with self._lock:
            if not self._waiting:
                self._running -= 1
                return
            oldest_since, _ = self._waiting[0]
            if time.monotonic() - oldest_since >= PROMOTE_AFTER:
                _, handover = self._waiting.popleft()
            else:
                _, handover = self._waiting.pop()
        handover.release()  # the turn goes on: _running stays as it is

    def wsgi(self, app: WsgiApp) -> WsgiApp:
        """`app` run only in turn. The response's body is read after the turn ends: a page's
        is rendered by then, and a live stream's waits for events without holding a turn."""

        def admitted(
            environ: dict[str, Any], start_response: Callable[..., Any]
        ) -> Iterable[bytes]:
            environ[WAITED_KEY] = self.enter()
            try:
                return app(environ, start_response)
            finally:
                self.leave()

        return admitted


#: This process's admission once gunicorn's worker has installed it (`install`); None in
#: tests, `flask run` and the command line, where every request runs at once as it comes.
_admission: Admission | None = None


def install(flask_app: Any, at_once: int, shared: SharedSlots | None) -> Admission:
    """Run the app's requests in turns (gunicorn.conf.py, in each worker)."""
    global _admission
    _admission = Admission(at_once, shared)
    flask_app.wsgi_app = _admission.wsgi(flask_app.wsgi_app)
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
