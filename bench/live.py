"""Live events under load: two app servers on one PostgreSQL, hundreds of open event streams.

Seeds a negotiation (200 paragraphs) and delegates, starts two gunicorn servers on different
ports sharing the database, opens `--streams` event streams spread over both (as delegates'
draft pages do), then has the co-facilitator make `--changes` paragraph status changes, a
delegation commenting after every fourth one, through the services in this process. Every
client must receive every event once and in order; latency is from the change's commit to its
arrival at the client (both clocks are this process's). Half-way, `--cut` clients lose their
connection and reconnect with Last-Event-ID; at three quarters the second server is killed and
its clients reconnect to the first. `/healthz` and the draft page are timed on the first server
throughout, as ordinary requests in the same run.

    .venv/bin/python bench/live.py                      # gthread workers (the recommendation)
    .venv/bin/python bench/live.py --worker-class sync --streams 20 --changes 20

The last line reads
`received=R expected=E out_of_order=O p50_ms=A p99_ms=B healthz_p99_ms=C`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from load import (  # noqa: E402 (the bench directory is put on the path just above)
    FACILITATOR_EMAIL,
    Browser,
    _free_port,
    _server_environment,
    seed,
)

DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/tracker_live_bench"
#: Delegates signed in; the streams share their sessions, as several tabs of one person do.
SIGNED_IN = 10
#: How long a stream lives before the server ends it and the client reconnects.
STREAM_SECONDS = 20
#: Seconds a probe of /healthz or the draft page may take before it counts as failed.
PROBE_TIMEOUT = 10.0


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def ensure_database(url: str) -> None:
    """Create the benchmark database when it does not exist yet."""
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://")
    name = plain.rsplit("/", 1)[1]
    server = plain.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def start_server(env: dict[str, str], port: int, worker_class: str, workers: int, threads: int):
    """One gunicorn app server on loopback; returns the process once /healthz answers."""
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "--worker-class",
        worker_class,
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "60",
    ]
    if worker_class == "gthread":
        command += ["--threads", str(threads)]
    process = subprocess.Popen(
        [*command, "app:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return process
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn on port {port} did not start")


@dataclass
class Client:
    """One delegate's event stream, reconnecting as a browser's EventSource does."""

    ports: list[int]
    cookie: str
    path: str
    after: int
    last_id: int = 0
    ids: list[int] = field(default_factory=list)
    arrived: dict[int, float] = field(default_factory=dict)
    reconnects: int = 0
    writer: asyncio.StreamWriter | None = None

    def cut(self) -> None:
        """Drop the connection, as a lost network does."""
        if self.writer is not None:
            self.writer.transport.abort()

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await self._follow()
            except (OSError, asyncio.IncompleteReadError, ConnectionError):
                # A dead server: the next attempt goes to the other one.
                self.ports.reverse()
            self.reconnects += 1
            await asyncio.sleep(0.5)

    async def _follow(self) -> None:
        reader, self.writer = await asyncio.open_connection("127.0.0.1", self.ports[0])
        headers = [f"GET {self.path}?after={self.after} HTTP/1.0", f"Cookie: {self.cookie}"]
        if self.last_id:
            headers.append(f"Last-Event-ID: {self.last_id}")
        self.writer.write(("\r\n".join(headers) + "\r\n\r\n").encode())
        await self.writer.drain()
        status = await reader.readline()
        if b" 200 " not in status:
            raise ConnectionError(f"stream answered {status!r}")
        while (await reader.readline()) not in (b"\r\n", b""):
            pass
        event_id = None
        async for raw in reader:
            line = raw.decode().rstrip("\n")
            if line.startswith("id: "):
                event_id = int(line[4:])
            elif line == "" and event_id is not None:
                self.arrived.setdefault(event_id, time.monotonic())
                self.ids.append(event_id)
                self.last_id = event_id
                event_id = None
        self.writer.close()


async def probe(port: int, path: str, cookie: str, timings: list[float], failures: list[str]):
    """One ordinary request, timed from connect to the end of the body."""
    began = time.monotonic()
    try:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection("127.0.0.1", port), PROBE_TIMEOUT
        )
        writer.write(f"GET {path} HTTP/1.0\r\nCookie: {cookie}\r\n\r\n".encode())
        body = await asyncio.wait_for(reader.read(), PROBE_TIMEOUT)
        writer.close()
        if b" 200 " not in body.split(b"\r\n", 1)[0]:
            failures.append(f"{path}: {body[:80]!r}")
            return
        timings.append(time.monotonic() - began)
    except (TimeoutError, OSError) as error:
        failures.append(f"{path}: {type(error).__name__}")


def make_changes(database_url: str, count: int, committed: dict[int, float], done: threading.Event):
    """The co-facilitator marks paragraphs agreed or bracketed; every fourth change a delegation
    comments. Each event id is stamped with the moment its commit returned."""
    from sqlalchemy import select

    from tracker import create_app
    from tracker.extensions import db
    from tracker.models import Negotiation, User
    from tracker.services import comments, events, triage

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        cofac = db.session.scalars(select(User).where(User.email == FACILITATOR_EMAIL)).one()
        delegate = db.session.scalars(select(User).where(User.role == "delegate")).first()
        negotiation = db.session.scalars(select(Negotiation)).one()
        revision = negotiation.published_revisions[-1]
        paragraphs = [p for p in revision.paragraphs if p.parent_id is None]
        for number in range(count):
            paragraph = paragraphs[number % len(paragraphs)]
            if number % 4 == 3:
                comments.create_comment(
                    delegate, revision, paragraph=paragraph, kind="comment", body=f"Remark {number}"
                )
            else:
                status = "agreed_ad_ref" if (number // len(paragraphs)) % 2 == 0 else "bracketed"
                triage.set_paragraph_state(cofac, paragraph, status)
            stamp = time.monotonic()
            committed[events.latest_event_id(negotiation)] = stamp
            db.session.rollback()
            time.sleep(0.05)
    done.set()


async def run(args: argparse.Namespace) -> int:
    ensure_database(args.database)
    instance = tempfile.mkdtemp(prefix="tracker-live-bench-")
    print(f"seeding {args.database} ...", flush=True)
    seeded = seed(args.database, instance)
    env = _server_environment(args.database, instance)
    env["LIVE_STREAM_SECONDS"] = str(STREAM_SECONDS)
    ports = [_free_port(), _free_port()]
    servers = [
        start_server(env, port, args.worker_class, args.workers, args.threads) for port in ports
    ]
    try:
        return await _measure(args, seeded, ports, servers)
    finally:
        for server in servers:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)


async def _measure(args, seeded, ports, servers) -> int:
    cookies = []
    for email in seeded.delegate_emails[:SIGNED_IN]:
        browser = Browser(f"http://127.0.0.1:{ports[0]}")
        browser.sign_in(email)
        jar = getattr(browser.opener, "handlers", [])  # urllib keeps its handlers untyped
        cookie_jar = next(h.cookiejar for h in jar if hasattr(h, "cookiejar"))
        cookies.append("; ".join(f"{c.name}={c.value}" for c in cookie_jar))
    negotiation = f"/negotiations/{seeded.negotiation_id}"
    with urllib.request.urlopen(f"http://127.0.0.1:{ports[0]}/healthz"):
        pass
    start = _latest_event(args.database, seeded.negotiation_id)
    clients = [
        Client(
            ports=[ports[n % 2], ports[(n + 1) % 2]],
            cookie=cookies[n % len(cookies)],
            path=f"{negotiation}/events",
            after=start,
        )
        for n in range(args.streams)
    ]
    stop = asyncio.Event()
    tasks = [asyncio.create_task(client.run(stop)) for client in clients]
    await asyncio.sleep(3)  # every stream open before the first change
    opened = time.monotonic()

    committed: dict[int, float] = {}
    done = threading.Event()
    changer = threading.Thread(
        target=make_changes, args=(args.database, args.changes, committed, done), daemon=True
    )
    changer.start()
    healthz: list[float] = []
    draft: list[float] = []
    failures: list[str] = []
    cut_done = killed = False
    while not done.is_set():
        await asyncio.gather(
            probe(ports[0], "/healthz", cookies[0], healthz, failures),
            probe(
                ports[0],
                f"{negotiation}/revisions/{seeded.revision_id}",
                cookies[0],
                draft,
                failures,
            ),
        )
        if not cut_done and len(committed) >= args.changes // 2:
            for client in clients[: args.cut]:
                client.cut()
            cut_done = True
        if args.kill and not killed and len(committed) >= args.changes * 3 // 4:
            os.killpg(servers[1].pid, signal.SIGKILL)
            killed = True
        await asyncio.sleep(0.1)
    expected = sorted(committed)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(c.last_id < expected[-1] for c in clients):
        await asyncio.sleep(0.2)
    stop.set()
    for client in clients:
        client.cut()
    await asyncio.gather(*tasks, return_exceptions=True)

    received = out_of_order = duplicates = 0
    latencies = []
    wanted = set(expected)
    for client in clients:
        mine = [i for i in client.ids if i in wanted]
        received += len(set(mine))
        duplicates += len(mine) - len(set(mine))
        out_of_order += sum(1 for a, b in zip(mine, mine[1:], strict=False) if b <= a)
        latencies += [client.arrived[i] - committed[i] for i in set(mine)]
    total_expected = len(expected) * len(clients)
    cut = clients[: args.cut]
    cut_complete = sum(1 for c in cut if {i for i in c.ids if i in wanted} == wanted)
    print(
        f"worker class {args.worker_class}, {args.workers} workers"
        + (f" x {args.threads} threads" if args.worker_class == "gthread" else "")
        + f" on each of 2 servers; {len(clients)} streams open "
        f"{time.monotonic() - opened:.0f} s; {len(expected)} changes"
    )
    print(f"cut mid-run and reconnected: {cut_complete}/{len(cut)} received everything")
    print(f"second server killed at 3/4: {'yes' if killed else 'no'}; duplicates={duplicates}")
    print(
        f"draft page p50={_percentile(draft, 0.5) * 1000:.0f} ms "
        f"p99={_percentile(draft, 0.99) * 1000:.0f} ms ({len(draft)} requests); "
        f"healthz p50={_percentile(healthz, 0.5) * 1000:.0f} ms ({len(healthz)} requests); "
        f"failed probes={len(failures)} {failures[:3]}"
    )
    if latencies:
        print(f"delivery mean={statistics.mean(latencies) * 1000:.0f} ms")
    print(
        f"received={received} expected={total_expected} out_of_order={out_of_order} "
        f"p50_ms={_percentile(latencies, 0.5) * 1000:.0f} "
        f"p99_ms={_percentile(latencies, 0.99) * 1000:.0f} "
        f"healthz_p99_ms={_percentile(healthz, 0.99) * 1000:.0f}"
    )
    return 0 if received == total_expected and out_of_order == 0 and not duplicates else 1


def _latest_event(database_url: str, negotiation_id: int) -> int:
    import psycopg

    plain = database_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain) as connection:
        row = connection.execute(
            "SELECT coalesce(max(id), 0) FROM events WHERE negotiation_id = %s", (negotiation_id,)
        ).fetchone()
    return int(row[0]) if row else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    )
    parser.add_argument("--streams", type=int, default=500)
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--cut", type=int, default=50)
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=300)
    parser.add_argument("--no-kill", dest="kill", action="store_false")
    args = parser.parse_args()
    args.cut = min(args.cut, args.streams)
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
