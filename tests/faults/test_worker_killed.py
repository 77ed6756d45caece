"""A gunicorn worker killed mid-publish: the master replaces it, nothing is half-stored, and
the request slot it died holding is free again (one slot for the whole server here, so the new
worker answers only if the master gave it back).

gunicorn runs for real on a free loopback port with one worker, on its own SQLite file.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.faults.servers import (
    form_token,
    free_port,
    healthy,
    sign_in,
    sqlite_app,
    stop,
    wait_for,
    workers_of,
)

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
PARAGRAPHS = 1500

pytestmark = pytest.mark.skipif(
    not GUNICORN.exists() and shutil.which("gunicorn") is None, reason="gunicorn is not installed"
)


def _draft(edited: bool) -> bytes:
    lines = ["Appraisal of a large text", "", "The General Assembly,", ""]
    for n in range(1, PARAGRAPHS + 1):
        word = "further " if edited and n % 3 == 0 else ""
        end = "." if n == PARAGRAPHS else ";"
        lines += [f"{n}. *Decides* {word}to consider item {n} of the programme of work{end}", ""]
    return "\n".join(lines).encode()


def test_killed_worker_is_replaced_and_leaves_no_partial_revision(tmp_path):
    env = sqlite_app(tmp_path, REQUESTS_AT_ONCE="1")
    setup = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from tracker import create_app\n"
            "from tracker.services.accounts import create_account\n"
            "from tracker.services.negotiations import create_negotiation\n"
            "from tracker.services.revisions import publish_revision, upload_revision\n"
            "app = create_app()\n"
            "with app.app_context():\n"
            "    sec = create_account(None, email='s@x.org', name='S', role='secretariat',"
            " password='fault-test-pw')\n"
            "    cof = create_account(None, email='c@x.org', name='C', role='facilitator',"
            " password='fault-test-pw')\n"
            "    neg = create_negotiation(sec, title='N', mandate='',"
            " facilitator_emails=[cof.email])\n"
            "    data = open(sys.argv[1], 'rb').read(), open(sys.argv[2], 'rb').read()\n"
            "    zero = publish_revision(cof, upload_revision(cof, neg, filename='z.txt',"
            " data=data[0]))\n"
            "    rev = upload_revision(cof, neg, filename='r.txt', data=data[1])\n"
            "    print(neg.id, rev.id, zero.id)\n",
            str(_write(tmp_path / "zero.txt", _draft(False))),
            str(_write(tmp_path / "rev1.txt", _draft(True))),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    negotiation_id, preview_id, zero_id = (int(n) for n in setup.stdout.split())
    port = free_port()
    server = subprocess.Popen(
        [str(GUNICORN), "--workers", "1", "--bind", f"127.0.0.1:{port}", "app:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(lambda: healthy(port), 30, "gunicorn to answer")
        worker = wait_for(lambda: workers_of(server.pid), 10, "a worker")
        base = f"http://127.0.0.1:{port}"
        opener, cookie = sign_in(base, "c@x.org", "fault-test-pw")
        token = form_token(opener, f"{base}/negotiations/{negotiation_id}/revisions/{preview_id}")
        body = urllib.parse.urlencode(
            {"csrf_token": token, "confirmed": "yes", "reviewed_against": zero_id}
        ).encode()
        request = (
            f"POST /negotiations/{negotiation_id}/revisions/{preview_id}/publish HTTP/1.1\r\n"
            f"Host: 127.0.0.1\r\nCookie: {cookie}\r\nReferer: {base}/\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode() + body
        # The test holds the database's write lock, so the publish, once it has read what it
        # needs, waits mid-request (SQLite's busy timeout is 10 s) with its slot taken.
        holder = sqlite3.connect(tmp_path / "tracker.sqlite", isolation_level=None)
        try:
            holder.execute("BEGIN IMMEDIATE")
            with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
                connection.sendall(request)
                time.sleep(1.0)
                for pid in worker:
                    os.kill(pid, signal.SIGKILL)
                answer = connection.recv(1024)
            holder.execute("ROLLBACK")
        finally:
            holder.close()
        assert answer == b"", f"the publish was answered before the kill: {answer[:40]!r}"

        replaced = wait_for(lambda: workers_of(server.pid) - worker, 30, "a new worker")
        assert replaced and server.poll() is None
        wait_for(lambda: healthy(port), 30, "the app to answer again")
    finally:
        stop(server)

    with sqlite3.connect(tmp_path / "tracker.sqlite") as db:
        state, sequence = db.execute(
            "SELECT state, sequence FROM revisions WHERE id = ?", (preview_id,)
        ).fetchone()
        stored = db.execute(
            "SELECT count(*) FROM paragraphs WHERE revision_id = ?", (preview_id,)
        ).fetchone()[0]
    assert (state, sequence, stored) == ("preview", None, 0)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
