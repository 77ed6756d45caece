"""Connections kept open are spread over gunicorn's workers (tracker/workers.py).

gunicorn runs for real on a free loopback port with four workers. Three of them are stopped
while eight connections open, so that the one left could take them all, as the first worker to
accept often did; it takes no more than its part, and the others take the rest once they run
again (it stops above twice its share, where a fair share here is two). Which worker holds
each connection is read from /proc.
"""

from __future__ import annotations

import collections
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import pytest

from tests.faults.servers import free_port, healthy, sqlite_app, stop, wait_for, workers_of

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
WORKERS = 4
CONNECTIONS = 8

pytestmark = [
    pytest.mark.skipif(
        not GUNICORN.exists() and shutil.which("gunicorn") is None,
        reason="gunicorn is not installed",
    ),
    pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux's /proc"),
]


def _server_socket_inodes(port: int, client_ports: set[int]) -> dict[int, int]:
    """The inode of the server's end of each connection from `client_ports` to `port`."""
    inodes = {}
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local_port = int(fields[1].split(":")[1], 16)
        remote_port = int(fields[2].split(":")[1], 16)
        if local_port == port and remote_port in client_ports:
            inodes[int(fields[9])] = remote_port
    return inodes


def _holders(workers: set[int], inodes: dict[int, int]) -> collections.Counter[int]:
    """How many of those connections each worker holds open."""
    held: collections.Counter[int] = collections.Counter()
    for pid in workers:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:[") and int(target[8:-1]) in inodes:
                held[pid] += 1
    return held


def _answered(client: socket.socket) -> bool:
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = client.recv(4096)
        if not chunk:
            return False
        received += chunk
    return received.startswith(b"HTTP/1.1 200")


def test_no_worker_takes_every_connection_kept_open(tmp_path):
    env = sqlite_app(tmp_path)
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as server_log:
        _spread_over_workers(env, port, log, server_log)


def _spread_over_workers(env: dict[str, str], port: int, log: Path, server_log: IO[bytes]) -> None:
    server = subprocess.Popen(
        [
            str(GUNICORN),
            "--workers",
            str(WORKERS),
            "--threads",
            "8",
            "--bind",
            f"127.0.0.1:{port}",
            "--keep-alive",
            "30",
            "app:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=server_log,
    )
    clients: list[socket.socket] = []
    stopped: list[int] = []
    try:
        wait_for(lambda: healthy(port), 30, "the server")
        wait_for(lambda: log.read_text().count("Worker ready") == WORKERS, 60, "every worker")
        time.sleep(1.5)  # each has been through its loop, counting its connections, since
        workers = workers_of(server.pid)
        stopped = sorted(workers)[1:]
        for pid in stopped:
            os.kill(pid, signal.SIGSTOP)
        for _ in range(CONNECTIONS):
            client = socket.create_connection(("127.0.0.1", port), timeout=30)
            client.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            clients.append(client)
        time.sleep(1)  # the running worker accepts what it will
        for pid in stopped:
            os.kill(pid, signal.SIGCONT)
        stopped = []
        assert all(_answered(client) for client in clients)
        ports = {client.getsockname()[1] for client in clients}
        held = _holders(workers, _server_socket_inodes(port, ports))
        assert sum(held.values()) == CONNECTIONS  # every connection is still open
        # A share is two each; a worker stops above twice that, and counts as it goes.
        assert max(held.values()) <= 5 and len(held) >= 2, held
    finally:
        for pid in stopped:
            os.kill(pid, signal.SIGCONT)
        for client in clients:
            client.close()
        stop(server)
