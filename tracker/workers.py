"""gunicorn's threaded worker, with the open connections spread over the workers.

All workers wait on one listening socket, and the one that accepts a connection first keeps it
for as long as it stays open: a browser's, or a reverse proxy's kept for its next requests. The
first to accept is often the same worker several times running, so a few connections kept open
could all end up with one worker while the others held none (seven of eight, in the load
bench's pages-alone measure); each worker runs its requests in turns on one interpreter
(tracker.admission), so the server then answered them at the pace of one core. Here each worker
tells the others how many connections it holds (`SharedConnections`, made in gunicorn's master
before it forks them), and while another worker holds none, a worker holding more than twice
its share stops accepting: the next connections go to the others. Which worker takes a
connection is otherwise left to the race it was: a worker busy with its own requests is slower
to accept, so the race favours the idle ones.
"""

from __future__ import annotations

import math
import multiprocessing
import os
from typing import Any

from gunicorn.workers.gthread import ThreadWorker

from tracker.process_lock import ProcessLock


class SharedConnections:
    """How many connections each worker holds, readable by all of them. Made in the master
    (gunicorn.conf.py, on_starting) with room for `places` workers at once, a new one taking
    the place of one that ended (`forget`, from the master's child_exit)."""

    def __init__(self, places: int, lock: ProcessLock) -> None:
        context = multiprocessing.get_context("fork")
        # The server's one lock, shared with everything else its processes share
        # (tracker.process_lock): a worker killed under it keeps nothing.
        self._lock = lock
        self._pids = context.Array("i", places, lock=False)
        self._counts = context.Array("i", places, lock=False)

    def report(self, count: int) -> None:
        """Record how many connections this process holds now."""
        pid = os.getpid()
        with self._lock:
            pids = self._pids[:]
            if pid in pids:
                place = pids.index(pid)
            elif 0 in pids:
                place = pids.index(0)
                self._pids[place] = pid
            else:  # more workers than places: this one counts for none
                return
            self._counts[place] = count

    def crowded(self, count: int) -> bool:
        """Whether a worker holding `count` connections should let the others accept: while
        another worker holds none at all (it is idle) and this one holds more than twice its
        share (the workers' mean, rounded up). Only that lopsided spread is corrected: among
        busy workers the race to accept is left to favour the least busy, as it does (taking
        every worker down to twice its share whatever the others held made `/healthz` in the
        consultation day wait a third longer, bench/README.md)."""
        with self._lock:
            held = [c for p, c in zip(self._pids[:], self._counts[:], strict=True) if p]
        if len(held) < 2 or min(held) > 0:
            return False
        return count > 2 * max(1, math.ceil(sum(held) / len(held)))

    def forget(self, pid: int) -> None:
        """Free the place of a worker that has ended."""
        with self._lock:
            pids = self._pids[:]
            if pid in pids:
                place = pids.index(pid)
                self._pids[place] = 0
                self._counts[place] = 0


class SpreadThreadWorker(ThreadWorker):
    """gunicorn's gthread worker that stops accepting while it holds more than twice its share
    of the server's open connections and another worker holds none (`shared`, set by
    gunicorn.conf.py's post_worker_init; with none it is gthread as it comes)."""

    shared: SharedConnections | None = None

    def notify(self) -> None:
        # Called on every turn of the worker's loop, after whatever it just handled.
        super().notify()
        if self.shared is not None:
            self.shared.report(self.nr_conns)

    def accept(self, listener: Any) -> None:
        super().accept(listener)
        if self.shared is not None:
            self.shared.report(self.nr_conns)
            if self.shared.crowded(self.nr_conns):
                self.set_accept_enabled(False)

    def set_accept_enabled(self, enabled: bool) -> None:
        # The loop asks again on each of its turns while accepting is off and it could accept.
        if enabled and self.shared is not None and self.shared.crowded(self.nr_conns):
            return
        super().set_accept_enabled(enabled)
