"""gunicorn settings for `make serve-prod` (the number of workers and threads, the bind address
and the timeouts come from the Makefile's command line; `bench/load.py` and `bench/abuse.py`
start gunicorn with this file too). gunicorn reads this file from the directory it starts in."""

from __future__ import annotations

import gc
import math
import os
import sys
from typing import Any

#: Threads in each worker: a request waiting on something slow (an upload read in its child
#: process, a large export, the database) leaves the worker's other threads free for everyone
#: else, and each open event stream (the live pages) holds one thread for its lifetime. With too
#: few threads, short requests such as /healthz wait in the worker's queue behind slow ones.
#: LIVE_STREAMS_PER_PROCESS (80 by default) bounds a worker's open streams, and each worker
#: lowers it as it starts to keep 20 threads (or half of fewer) for ordinary requests
#: (tracker.fit_streams_to_threads), so a smaller `--threads` never leaves them none. gthread
#: rather than gevent: a draft render would stall every stream of a gevent worker
#: (bench/README.md). gunicorn's own gthread worker, except that a worker holding more than
#: twice its share of the open connections lets the others accept the next ones while one of
#: them holds none (tracker/workers.py).
worker_class = "tracker.workers.SpreadThreadWorker"
threads = 100
#: The worker classes that run requests in threads (`--worker-class gthread` is the plain one).
THREADED = ("gthread", worker_class)

#: Access lines without feed tokens or one-time links (invitations, resets).
logger_class = "tracker.logging.RedactingAccessLogger"
accesslog = "-"

#: How long a thread holding the interpreter runs before another may: CPython's own 5 ms, set
#: here so that it is a choice. A shorter turn let a short request pass a long render sooner
#: when texts were rendered per request; now that they are rendered once, the consultation day
#: (bench/load.py) answered about 5% fewer requests with 1 ms turns, and /healthz no sooner
#: (bench/README.md, ninth round).
SWITCH_INTERVAL = 0.005

#: Requests the server works on at once, all its workers together (tracker/admission.py), when
#: the environment sets it (0 runs every request as it comes); else `requests_at_once` decides.
REQUESTS_AT_ONCE = os.environ.get("REQUESTS_AT_ONCE", "")


def requests_at_once(workers: int) -> int:
    """The server's shared slots for `workers` workers: REQUESTS_AT_ONCE when set, else one
    per worker but at least the cores and one more (so that a core is not left idle while a
    request waits for the database). Each worker runs at most its share of them, one request at
    a time with 4 workers on 2 cores, and the rest wait their turn, the newest first. Fewer
    slots than workers made a worker with a request ready wait for a slot that another worker
    gave back, so that the request ran in another process than the one that had just run: on
    2 cores with 4 workers, the consultation day (bench/load.py) answered 111 requests/s with
    3 slots against 127 with 4, on the means of four alternating pairs, at 18.0 against 15.7
    ms of the machine per request (bench/README.md, twenty-second round). The turns in each
    worker remain what saves the CPU: every request running as it came cost a tenth to a fifth
    more (eighteenth round)."""
    if REQUESTS_AT_ONCE:
        return int(REQUESTS_AT_ONCE)
    return max(workers, len(os.sched_getaffinity(0)) + 1)


#: The server's slots, made in the master before it forks the workers (on_starting).
shared_slots: Any = None
#: How many connections each worker holds, made in the master too (on_starting).
shared_connections: Any = None


def _threaded(cfg: Any) -> bool:
    return cfg.worker_class_str in THREADED


def on_starting(server: Any) -> None:
    """In the master, before any worker: the slots and the connection counts all the workers
    share."""
    global shared_slots, shared_connections
    from tracker.process_lock import ProcessLock

    lock = ProcessLock()  # one for both: see tracker/process_lock.py
    slots = requests_at_once(server.cfg.workers)
    if slots > 0 and _threaded(server.cfg):
        from tracker.admission import SharedSlots

        shared_slots = SharedSlots(slots, lock)
    if server.cfg.worker_class_str == worker_class:
        from tracker.workers import SharedConnections

        # Room for a reload's new workers beside the old ones still finishing.
        shared_connections = SharedConnections(2 * server.cfg.workers + 2, lock)


def on_reload(server: Any) -> None:
    """After `kill -HUP` the master has read this file again: the workers it starts now share
    new slots (those still finishing keep theirs)."""
    on_starting(server)


def child_exit(server: Any, worker: Any) -> None:
    """In the master, once a worker has gone: the slots it died holding (killed mid-request)
    are free again, and its connections no longer count."""
    if shared_slots is not None and (freed := shared_slots.give_back_for(worker.pid)):
        server.log.warning("worker %s ended holding %s request slot(s): freed", worker.pid, freed)
    if shared_connections is not None:
        shared_connections.forget(worker.pid)


def post_worker_init(worker: Any) -> None:
    """Once the app is loaded in a worker: its templates are compiled (not by the first
    requests that use them); it counts its connections with the others'; a gthread worker's
    open live streams are bounded by its threads and its requests run in turns (its share of
    the server's REQUESTS_AT_ONCE); everything it holds so far (modules, templates, the app)
    lives as long as the worker, so the cycle collector stops walking it on each of its full
    passes; requests take turns at the interpreter every SWITCH_INTERVAL; and the log says the
    worker is ready."""
    from tracker import admission, compile_templates, fit_streams_to_threads

    templates = compile_templates(worker.wsgi)
    if shared_connections is not None:
        worker.shared = shared_connections
    if _threaded(worker.cfg):  # other classes hold streams otherwise
        fit_streams_to_threads(worker.wsgi, worker.cfg.threads)
        if shared_slots is not None:
            at_once = math.ceil(shared_slots.slots / worker.cfg.workers)
            admission.install(worker.wsgi, at_once, shared_slots)
    gc.freeze()
    sys.setswitchinterval(SWITCH_INTERVAL)
    worker.log.info("Worker ready (pid: %s, %s templates compiled)", worker.pid, templates)
