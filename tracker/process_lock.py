"""A lock shared by a server's processes and their threads that a killed holder cannot keep.

gunicorn's workers share a little state with each other and with their master (the request
slots, tracker.admission; the open connections, tracker.workers), guarded by a lock. A
multiprocessing lock stays taken when the process holding it dies: a worker killed in the
middle of a few lines under the lock (by the out-of-memory killer, or by the master when it no
longer answers) would leave every other worker waiting for it at its next request, and the
master waiting in the hook that should free what the worker held, so that it never started a
replacement. The lock here is a POSIX record lock on a file (`fcntl.lockf`), which the kernel
releases when its holder ends however it ends, with a thread lock in front of it, because a
record lock is held by a process, not by one of its threads.

A server has one such lock for everything its processes share. The kernel watches record
locks for deadlocks by process: with two of them, a worker whose request thread held one while
its main thread waited for the other, held by a worker waiting in turn for the first, was
refused with EDEADLK although each thread would have let go (the worker died of it, in the load
bench). With one lock, and at most one thread of each process waiting for it, no process holds
it while it waits for it.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import threading
import weakref
from types import TracebackType


class ProcessLock:
    """Made in the master before it forks the workers, which inherit it (the file is open in
    every process and named in none); one per server (gunicorn.conf.py)."""

    def __init__(self) -> None:
        descriptor, path = tempfile.mkstemp(prefix="tracker-lock-")
        os.unlink(path)
        self._descriptor = descriptor
        weakref.finalize(self, os.close, descriptor)
        self._threads = threading.Lock()

    def __enter__(self) -> None:
        self._threads.acquire()
        try:
            fcntl.lockf(self._descriptor, fcntl.LOCK_EX)
        except BaseException:
            self._threads.release()
            raise

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            fcntl.lockf(self._descriptor, fcntl.LOCK_UN)
        finally:
            self._threads.release()
