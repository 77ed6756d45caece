"""An app server dies mid-meeting: the pages it served reconnect to the other and miss nothing.

Two gunicorn servers run for real on one PostgreSQL database behind a small forwarder in the
test (a load balancer handing each new connection to the next live server). Delegates' event
streams are open on both; while the co-facilitator changes paragraph statuses, one server is
killed with SIGKILL. Every stream must reconnect through the forwarder with the last event id it
saw and end up with every event exactly once, in order.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import drop_postgres_database, postgres_url
from tests.faults.servers import form_token, free_port, healthy, sign_in, wait_for

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PASSWORD = "failover-test-pw"
STREAMS = 6
CHANGES = 16

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("TEST_DATABASE_URL"),
        reason="needs PostgreSQL (TEST_DATABASE_URL): servers share it and wake by NOTIFY",
    ),
    pytest.mark.skipif(
        not (BIN / "gunicorn").exists() and shutil.which("gunicorn") is None,
        reason="gunicorn is not installed",
    ),
]

SEED = """
from tracker import create_app
from tracker.services.accounts import create_account
from tracker.services.negotiations import create_negotiation
from tracker.services.revisions import publish_revision, upload_revision

app = create_app()
with app.app_context():
    sec = create_account(None, email='s@x.org', name='S', role='secretariat', password=PW)
    cof = create_account(None, email='c@x.org', name='C', role='facilitator', password=PW)
    create_account(None, email='d@x.org', name='D', role='delegate', password=PW,
                   delegation_code='CHL')
    neg = create_negotiation(sec, title='N', mandate='', facilitator_emails=[cof.email])
    text = 'The General Assembly,\\n\\n' + ''.join(
        f'{n}. *Decides* to consider item {n};\\n\\n' for n in range(1, 21))
    rev = publish_revision(cof, upload_revision(cof, neg, filename='z.txt', data=text.encode()))
    ids = [p.id for p in rev.paragraphs if p.parent_id is None]
    print(neg.id, rev.id, *ids)
"""


def _refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return True
    return False


class Forwarder:
    """Hands each new connection to the next server that accepts it, in turn, and copies bytes
    both ways until either side closes; remembers which server each connection went to."""

    def __init__(self, backends: list[int]) -> None:
        self.backends = backends
        self.turn = 0
        self.served: list[int] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.turn += 1
            threading.Thread(target=self._serve, args=(client, self.turn), daemon=True).start()

    def _serve(self, client: socket.socket, turn: int) -> None:
        for step in range(len(self.backends)):
            port = self.backends[(turn + step) % len(self.backends)]
            try:
                server = socket.create_connection(("127.0.0.1", port), timeout=5)
            except OSError:
                continue
            server.settimeout(None)
            self.served.append(port)
            threading.Thread(target=self._copy, args=(server, client), daemon=True).start()
            self._copy(client, server)
            return
        client.close()

    @staticmethod
    def _copy(source: socket.socket, target: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                target.sendall(chunk)
        except OSError:
            pass
        for end in (source, target):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()

    def close(self) -> None:
        self.listener.close()


class Page:
    """A delegate's event stream that reconnects, as a browser's EventSource does, sending the
    last event id it saw."""

    def __init__(self, port: int, path: str, cookie: str) -> None:
        self.port, self.path, self.cookie = port, path, cookie
        self.ids: list[int] = []
        self.connections = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stopped.is_set():
            with contextlib.suppress(OSError):
                self._follow()
            time.sleep(0.2)

    def _follow(self) -> None:
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as connection:
            headers = [f"GET {self.path} HTTP/1.0", f"Cookie: {self.cookie}"]
            if self.ids:
                headers.append(f"Last-Event-ID: {self.ids[-1]}")
            connection.sendall(("\r\n".join(headers) + "\r\n\r\n").encode())
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = connection.recv(4096)
                if not chunk:
                    return
                data += chunk
            head, _, data = data.partition(b"\r\n\r\n")
            if b" 200 " not in head.split(b"\r\n", 1)[0]:
                return
            self.connections += 1
            while not self.stopped.is_set():
                *blocks, data = data.split(b"\n\n")
                for block in blocks:
                    found = re.match(rb"id: (\d+)\n", block)
                    if found:
                        self.ids.append(int(found.group(1)))
                chunk = connection.recv(65536)
                if not chunk:
                    return
                data += chunk


def _event_ids(url: str, negotiation_id: int) -> list[int]:
    """The ids of the negotiation's events, oldest first, as stored."""
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain) as connection:
        rows = connection.execute(
            "SELECT id FROM events WHERE negotiation_id = %s ORDER BY id", (negotiation_id,)
        ).fetchall()
    return [int(row[0]) for row in rows]


@pytest.fixture
def database(tmp_path):
    url = postgres_url("_failover")
    drop_postgres_database(url, create_again=True)
    env = dict(
        os.environ,
        DATABASE_URL=url,
        SECRET_KEY="failover-test",
        TRACKER_INSTANCE_PATH=str(tmp_path),
        RATELIMIT_ENABLED="false",
        LIVE_STREAM_SECONDS="60",
    )
    subprocess.run(
        [str(BIN / "flask"), "--app", "app", "init-db"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    seeded = subprocess.run(
        [sys.executable, "-c", f"PW = {PASSWORD!r}\n" + SEED],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    yield env, [int(n) for n in seeded.stdout.split()]
    drop_postgres_database(url)


def _start(env: dict[str, str], port: int) -> subprocess.Popen:
    command = [str(BIN / "gunicorn"), "--worker-class", "gthread", "--workers", "1"]
    command += ["--threads", "20", "--bind", f"127.0.0.1:{port}", "app:app"]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def test_a_killed_server_loses_no_event(database):
    env, (negotiation_id, revision_id, *paragraphs) = database
    ports = [free_port(), free_port()]
    servers = [_start(env, port) for port in ports]
    forwarder = Forwarder(ports)
    pages: list[Page] = []
    try:
        for port in ports:
            wait_for(functools.partial(healthy, port), 60, f"gunicorn on {port}")
        base = f"http://127.0.0.1:{forwarder.port}"
        _, delegate_cookie = sign_in(base, "d@x.org", PASSWORD)
        cofac, _ = sign_in(base, "c@x.org", PASSWORD)
        token = form_token(
            cofac, f"{base}/negotiations/{negotiation_id}/paragraphs/{paragraphs[0]}/comments"
        )
        start = _event_ids(env["DATABASE_URL"], negotiation_id)[-1]
        forwarder.served.clear()
        path = f"/negotiations/{negotiation_id}/events?after={start}"
        pages = [Page(forwarder.port, path, delegate_cookie) for _ in range(STREAMS)]
        wait_for(lambda: all(p.connections for p in pages), 30, "every stream to open")
        # The forwarder took turns: both servers hold streams.
        assert set(forwarder.served) == set(ports)

        for number in range(CHANGES):
            if number == CHANGES // 2:
                os.killpg(servers[1].pid, signal.SIGKILL)
                servers[1].wait(timeout=10)
                # Its workers die a moment after it: until then the kernel still accepts
                # connections on the port, which they never answer.
                wait_for(functools.partial(_refused, ports[1]), 10, "the port to close")
            form = {"csrf_token": token, "status": "agreed_ad_ref"}
            cofac.open(
                f"{base}/negotiations/{negotiation_id}/paragraphs/{paragraphs[number]}/status",
                urllib.parse.urlencode(form).encode(),
                timeout=30,
            ).read()
            time.sleep(0.1)

        expected = [i for i in _event_ids(env["DATABASE_URL"], negotiation_id) if i > start]
        assert len(expected) == CHANGES
        newest = expected[-1]
        wait_for(
            lambda: all(p.ids and p.ids[-1] >= newest for p in pages),
            30,
            "every page to catch up",
        )
        # The pages on the killed server reconnected (to the live one, the only one left).
        assert sum(1 for p in pages if p.connections > 1) >= STREAMS // 2
        assert forwarder.served[-1] == ports[0]
    finally:
        for page in pages:
            page.stopped.set()
        forwarder.close()
        for server in servers:
            if server.poll() is None:
                # Streams are open: a graceful stop would wait for them.
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=30)

    for page in pages:
        assert page.ids == expected
