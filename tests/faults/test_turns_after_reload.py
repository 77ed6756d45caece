"""gunicorn runs requests in turns (tracker.admission) from its first workers, and still after
a reload (`kill -HUP`), when the master reads gunicorn.conf.py again and starts new workers.

gunicorn runs for real on a free loopback port with one worker, on its own SQLite file; the
request log's `waited_ms` says whether a request went through the turns.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.faults.servers import free_port, healthy, sqlite_app, stop, wait_for, workers_of

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"

pytestmark = pytest.mark.skipif(
    not GUNICORN.exists() and shutil.which("gunicorn") is None, reason="gunicorn is not installed"
)


def _waits_logged(log: Path) -> list[float | None]:
    """`waited_ms` of every /healthz line of the request log so far."""
    waits = []
    for line in log.read_text().splitlines():
        if line.startswith("{") and '"/healthz"' in line:
            waits.append(json.loads(line).get("waited_ms"))
    return waits


def test_requests_run_in_turns_before_and_after_a_reload(tmp_path):
    env = sqlite_app(tmp_path)
    port, log = free_port(), tmp_path / "server.log"
    with log.open("wb") as errors:
        server = subprocess.Popen(
            [str(GUNICORN), "--workers", "1", "--bind", f"127.0.0.1:{port}", "app:app"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
    try:
        wait_for(lambda: healthy(port), 30, "gunicorn to answer")
        first = wait_for(lambda: workers_of(server.pid), 10, "a worker")
        waits = wait_for(lambda: _waits_logged(log), 10, "the request log's lines")
        assert all(wait is not None for wait in waits)

        server.send_signal(signal.SIGHUP)
        wait_for(lambda: workers_of(server.pid) - first, 30, "a worker started by the reload")
        wait_for(lambda: not (workers_of(server.pid) & first), 30, "the first worker to end")
        before = len(_waits_logged(log))
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as answer:
            assert answer.status == 200
        after_reload = wait_for(lambda: _waits_logged(log)[before:], 10, "its request's line")
        assert after_reload[0] is not None, "the reloaded worker ran the request without turns"
    finally:
        stop(server)
