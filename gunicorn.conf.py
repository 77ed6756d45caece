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
#: (bench/README.md).
worker_class = "gthread"
threads = 100

#: Access lines without feed tokens or one-time links (invitations, resets).
logger_class = "tracker.logging.RedactingAccessLogger"
accesslog = "-"

#: How long a thread holding the interpreter runs before another may: CPython's own 5 ms, set
#: here so that it is a choice. A shorter turn let a short request pass a long render sooner
#: when texts were rendered per request; now that they are rendered once, the consultation day
#: (bench/load.py) answered about 5% fewer requests with 1 ms turns, and /healthz no sooner
#: (bench/README.md, ninth round).
SWITCH_INTERVAL = 0.005

#: Requests the server works on at once, all its workers together (tracker/admission.py): by
#: default this machine's cores and one more; the rest wait their turn, the newest first. On 2
#: cores, the consultation day (bench/load.py) answered a tenth to a quarter more requests at 3
#: at once than with every request running as it came, each costing the machine a tenth to a
#: fifth less CPU (bench/README.md, eighteenth round). 0 runs every request as it comes.
REQUESTS_AT_ONCE = int(os.environ.get("REQUESTS_AT_ONCE", len(os.sched_getaffinity(0)) + 1))
#: The server's slots, made in the master before it forks the workers (on_starting).
shared_slots: Any = None


def on_starting(server: Any) -> None:
    """In the master, before any worker: the slots all the workers share."""
    global shared_slots
    if REQUESTS_AT_ONCE > 0 and server.cfg.worker_class_str == "gthread":
        from tracker.admission import SharedSlots

        shared_slots = SharedSlots(REQUESTS_AT_ONCE)


def on_reload(server: Any) -> None:
    """After `kill -HUP` the master has read this file again: the workers it starts now share
    new slots (those still finishing keep theirs)."""
    on_starting(server)


def child_exit(server: Any, worker: Any) -> None:
    """In the master, once a worker has gone: the slots it died holding (killed mid-request)
    are free again."""
    if shared_slots is not None and (freed := shared_slots.give_back_for(worker.pid)):
        server.log.warning("worker %s ended holding %s request slot(s): freed", worker.pid, freed)


def post_worker_init(worker: Any) -> None:
    """Once the app is loaded in a worker: its templates are compiled (not by the first
    requests that use them); a gthread worker's open live streams are bounded by its threads
    and its requests run in turns (its share of the server's REQUESTS_AT_ONCE); everything it
    holds so far (modules, templates, the app) lives as long as the worker, so the cycle
    collector stops walking it on each of its full passes; and requests take turns at the
    interpreter every SWITCH_INTERVAL."""
    from tracker import admission, compile_templates, fit_streams_to_threads

    compile_templates(worker.wsgi)
    if worker.cfg.worker_class_str == "gthread":  # other classes hold streams otherwise
        fit_streams_to_threads(worker.wsgi, worker.cfg.threads)
        if shared_slots is not None:
            at_once = math.ceil(shared_slots.slots / worker.cfg.workers)
            admission.install(worker.wsgi, at_once, shared_slots)
    gc.freeze()
    sys.setswitchinterval(SWITCH_INTERVAL)
