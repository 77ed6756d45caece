"""Live events under load: two app servers on one PostgreSQL, hundreds of open event streams.

Seeds a negotiation (200 paragraphs) and delegates; starts two gunicorn servers on different
ports sharing the database; the co-facilitator schedules a round and starts its meeting through
the app's forms. Then `--streams` event streams of the negotiation are opened, spread over both
servers (as delegates following the meeting do), from a client process of their own, and the
co-facilitator makes `--changes` changes in the meeting over HTTP, alternately on each server:
in turn, moves the discussion to a paragraph, edits its text and marks it agreed ad ref. Every
client must receive every `meeting.*` event once and in order. Latency runs from the moment the
server stored the event (its `created_at`, written in the transaction just before the commit)
to its arrival at the client, both read from this machine's clock; it counts the events a
client received on a connection that was open when the event was stored ("live"), and apart
from them those it received by replay after reconnecting. Half-way, `--cut` clients lose their
connection and reconnect with Last-Event-ID; with `--kill` the second server is killed at three
quarters and its clients reconnect to the first. `/healthz` and the draft page are timed on
both servers throughout, as ordinary requests in the same run.

    .venv/bin/python bench/live.py                      # gthread workers
    .venv/bin/python bench/live.py --worker-class gevent --workers 2
    .venv/bin/python bench/live.py --streams 20 --changes 20 --kill

The last line reads
`received=R expected=E out_of_order=O p50_ms=A p99_ms=B healthz_p99_ms=C`.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import load  # noqa: E402
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
#: Seconds a client waits before reconnecting (a browser waits the `retry:` the server sent).
RECONNECT_DELAY = 0.5
#: Threads of a gthread worker left for ordinary requests beyond the streams it may hold.
SPARE_THREADS = 20
#: How a meeting change's event starts its kind in the stream's JSON (`"kind": "meeting.edit"`);
#: the clients count these events only, without parsing the JSON.
MEETING_EVENT = b'"kind": "meeting.'
#: The status the co-facilitator gives each paragraph after editing it, pass after pass over
#: the text (an edit makes an agreed paragraph pending again; a bracketed one stays bracketed).
STATUSES = ("agreed_ad_ref", "bracketed")


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _ms(values: list[float], share: float) -> str:
    return f"{_percentile(values, share) * 1000:.0f}"


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


def start_server(env: dict[str, str], port: int, args: argparse.Namespace) -> subprocess.Popen:
    """One gunicorn app server on loopback; returns the process once /healthz answers."""
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "--worker-class",
        args.worker_class,
        "--workers",
        str(args.workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "60",
        "--backlog",
        "2048",
    ]
    if args.worker_class == "gthread":
        command += ["--threads", str(args.threads)]
    if args.worker_class == "gevent":
        command += ["--worker-connections", "2000"]
    process = subprocess.Popen(
        [*command, "app:app"],
        cwd=args.app_root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(args.server_log, "a") if args.server_log else subprocess.DEVNULL,  # noqa: SIM115
        start_new_session=True,
    )
    for _ in range(150):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return process
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn on port {port} did not start")


# The clients, in a process of their own ------------------------------------------------------


@dataclass
class Client:
    """One delegate's event stream, reconnecting as a browser's EventSource does."""

    ports: list[int]
    cookie: str
    path: str
    after: int
    #: The last event of any kind received (what Last-Event-ID sends back).
    last_id: int = 0
    #: The meeting events received: event id and arrival time (whether the connection was open
    #: when the event was stored is decided later from `connections`).
    ids: list[int] = field(default_factory=list)
    arrivals: list[float] = field(default_factory=list)
    #: Wall-clock moments each connection's response began.
    connections: list[float] = field(default_factory=list)
    connection_of: list[int] = field(default_factory=list)
    refused: int = 0
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
                # A dead or busy server: the next attempt goes to the other one.
                self.ports.reverse()
            if not stop.is_set():
                await asyncio.sleep(RECONNECT_DELAY)

    async def _follow(self) -> None:
        reader, self.writer = await asyncio.open_connection("127.0.0.1", self.ports[0])
        headers = [f"GET {self.path}?after={self.after} HTTP/1.0", f"Cookie: {self.cookie}"]
        if self.last_id:
            headers.append(f"Last-Event-ID: {self.last_id}")
        self.writer.write(("\r\n".join(headers) + "\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = await reader.read(4096)
            if not chunk:
                raise ConnectionError("closed before the response")
            head += chunk
        head, _, rest = head.partition(b"\r\n\r\n")
        if b" 200 " not in head.split(b"\r\n", 1)[0]:
            self.refused += 1
            self.writer.close()
            raise ConnectionError(f"stream answered {head[:40]!r}")
        self.connections.append(time.time())
        connection = len(self.connections) - 1
        buffer = rest
        while True:
            arrived = time.time()
            blocks = buffer.split(b"\n\n")
            buffer = blocks.pop()
            for block in blocks:
                if block.startswith(b"id: "):
                    event_id = int(block[4 : block.index(b"\n")])
                    if MEETING_EVENT in block:
                        self.ids.append(event_id)
                        self.arrivals.append(arrived)
                        self.connection_of.append(connection)
                    self.last_id = event_id
            chunk = await reader.read(65536)
            if not chunk:
                break
            buffer += chunk
        self.writer.close()


def run_clients(specs: list[dict], commands, results) -> None:  # noqa: ANN001 (queues)
    """The client process: open every stream, cut some on command, and at the end send back
    what each received."""
    asyncio.run(_clients(specs, commands, results))


async def _clients(specs: list[dict], commands, results) -> None:  # noqa: ANN001
    clients = [Client(**spec) for spec in specs]
    stop = asyncio.Event()
    tasks = [asyncio.create_task(client.run(stop)) for client in clients]
    loop = asyncio.get_running_loop()
    results.put("open")
    while True:
        command, value = await loop.run_in_executor(None, commands.get)
        if command == "cut":
            for client in clients[:value]:
                client.cut()
        elif command == "finish":
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and any(c.last_id < value for c in clients):
                await asyncio.sleep(0.2)
            break
    stop.set()
    for client in clients:
        client.cut()
    await asyncio.gather(*tasks, return_exceptions=True)
    results.put(
        (
            time.process_time(),
            [
                (c.ids, c.arrivals, [c.connections[n] for n in c.connection_of], c.refused)
                for c in clients
            ],
        )
    )


# The co-facilitator and the probes, in this process -------------------------------------------


@dataclass
class WorkingText:
    """What the co-facilitator knows of the meeting's working text: its top-level paragraphs in
    reading order, with the text and version each form sends, kept up to date by the changes
    made."""

    #: `/negotiations/<id>/meetings/<id>`
    path: str
    keys: list[str]
    texts: dict[str, str]
    versions: dict[str, int]

    def change(self, number: int) -> tuple[str, dict[str, str]]:
        """The route and fields of change `number`: the discussion moves to the next paragraph,
        its text is edited, then it is marked agreed ad ref (bracketed on the next pass)."""
        key = self.keys[(number // 3) % len(self.keys)]
        step = number % 3
        if step == 0:
            return f"{self.path}/focus", {"key": key}
        if step == 1:
            text = _edited(self.texts[key])
            return f"{self.path}/edit", {
                "key": key,
                "version": str(self.versions[key]),
                "text": text,
            }
        passes = number // (3 * len(self.keys))
        return f"{self.path}/status", {"key": key, "status": STATUSES[passes % len(STATUSES)]}

    def stored(self, fields: dict[str, str]) -> None:
        """The change of these fields is stored: an edit or a status makes a new version."""
        if "text" in fields:
            self.texts[fields["key"]] = fields["text"]
        if "version" in fields or "status" in fields:
            self.versions[fields["key"]] += 1


def _edited(text: str) -> str:
    """The paragraph with a few words more, as a proposal read out in the room."""
    body, end = (text[:-1], text[-1]) if text[-1:] in (";", ".", ",") else (text, "")
    return f"{body}, and lessons learned{end}"


def open_meeting(base: str, seeded, database_url: str) -> WorkingText:  # noqa: ANN001 (load.Seeded)
    """The co-facilitator schedules a round on the circulated draft and starts its meeting,
    through the app's forms; returns the working text as the meeting starts."""
    import psycopg

    cofac = Browser(base)
    cofac.sign_in(FACILITATOR_EMAIL)
    negotiation = f"/negotiations/{seeded.negotiation_id}"
    token = cofac.csrf_token(f"{negotiation}/rounds/new")
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    status, location, body = cofac.request(
        f"{negotiation}/rounds/new",
        {
            "csrf_token": token,
            "title": "Informal consultations (live bench)",
            "revision_id": str(seeded.revision_id),
            "day": tomorrow,
            "starts": "10:00",
            "ends": "13:00",
            "venue": "Conference Room 7",
            "virtual_link": "",
            "deadline_day": tomorrow,
            "deadline_time": "18:00",
        },
    )
    if status != 302:
        raise RuntimeError(f"scheduling the round answered {status}: {body[:200]}")
    round_path = urllib.parse.urlsplit(location).path
    status, location, body = cofac.request(f"{round_path}/meetings", {"csrf_token": token})
    chair = urllib.parse.urlsplit(location).path
    if status != 302 or not chair.endswith("/chair"):
        raise RuntimeError(f"starting the meeting answered {status}: {body[:200]}")
    meeting_id = int(chair.rsplit("/", 2)[1])
    # What the chair page shows of each paragraph, read from the table rather than the page.
    plain = database_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain) as connection:
        rows = connection.execute(
            "SELECT key, text, version FROM meeting_paragraphs"
            " WHERE meeting_id = %s AND parent_id IS NULL ORDER BY position",
            (meeting_id,),
        ).fetchall()
    return WorkingText(
        path=chair.removesuffix("/chair"),
        keys=[key for key, _, _ in rows],
        texts={key: text for key, text, _ in rows},
        versions={key: version for key, _, version in rows},
    )


def make_changes(
    bases: list[str],
    working: WorkingText,
    count: int,
    changed: list[float],
    failures: list[Exception],
    done: threading.Event,
) -> None:
    """The co-facilitator changes the meeting's text through the app's forms, alternately on
    each server; `changed` gets how long each change's request took, as it is stored."""
    try:
        _make_changes(bases, working, count, changed)
    except Exception as error:  # reported by the main thread, which then stops the servers
        failures.append(error)
    finally:
        done.set()


def _make_changes(bases: list[str], working: WorkingText, count: int, changed: list[float]) -> None:
    people = []
    for base in bases:
        cofac = Browser(base)
        cofac.sign_in(FACILITATOR_EMAIL)
        people.append((cofac, cofac.csrf_token(f"{working.path}/chair")))
    for number in range(count):
        path, fields = working.change(number)
        sent = time.monotonic()
        for attempt in range(len(people)):
            # A server that is gone: the co-facilitator's next try reaches the other one.
            cofac, token = people[(number + attempt) % len(people)]
            try:
                status, _, body = cofac.request(path, {"csrf_token": token, **fields})
                break
            except OSError:
                if attempt == len(people) - 1:
                    raise
        # On a second try, the first may have reached the killed server and been stored: the
        # edit then finds a newer version (409), the status the one it sets (422), and the
        # focus where it already is (302, no event).
        if status != 302 and not (attempt and status in (409, 422)):
            raise RuntimeError(f"change {number} ({path}) answered {status}: {body[:200]}")
        working.stored(fields)
        changed.append(time.monotonic() - sent)
        time.sleep(0.05)


def _cpu_seconds(pid: int) -> float:
    """CPU time (user and system) of a process and its children still running, in seconds."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
        pending += [int(child) for child in children]
    return total


async def probe(port: int, path: str, cookie: str, timings: list[float], failures: list[str]):
    """One ordinary request, timed from connect to the end of the body."""
    began = time.monotonic()
    try:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection("127.0.0.1", port), PROBE_TIMEOUT
        )
        writer.write(f"GET {path} HTTP/1.0\r\nCookie: {cookie}\r\n\r\n".encode())
        body = await asyncio.wait_for(reader.read(-1), PROBE_TIMEOUT)
        writer.close()
        if b" 200 " not in body.split(b"\r\n", 1)[0]:
            failures.append(f"{path}: {body[:80]!r}")
            return
        timings.append(time.monotonic() - began)
    except (TimeoutError, OSError) as error:
        failures.append(f"{path}: {type(error).__name__}")


def _sign_in_cookies(base: str, emails: list[str]) -> list[str]:
    cookies = []
    for email in emails:
        browser = Browser(base)
        browser.sign_in(email)
        cookies.append("; ".join(f"{c.name}={c.value}" for c in browser.cookies))
    return cookies


def _query(database_url: str, sql: str, *params: object) -> list[tuple]:
    import psycopg

    plain = database_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain) as connection:
        return connection.execute(sql, params).fetchall()


def _stored_events(database_url: str, negotiation_id: int, after: int) -> dict[int, float]:
    """Event id -> the moment it was stored (seconds since the epoch) for the run's meeting
    events."""
    rows = _query(
        database_url,
        "SELECT id, extract(epoch FROM created_at) FROM events"
        " WHERE negotiation_id = %s AND id > %s AND kind LIKE 'meeting.%%' ORDER BY id",
        negotiation_id,
        after,
    )
    return {int(event_id): float(stamp) for event_id, stamp in rows}


def _latest_event(database_url: str, negotiation_id: int) -> int:
    rows = _query(
        database_url, "SELECT max(id) FROM events WHERE negotiation_id = %s", negotiation_id
    )
    return rows[0][0] or 0


def _event_sizes(database_url: str, negotiation_id: int, after: int) -> str:
    """How many events of each kind the run stored and the size of their data, as sent."""
    rows = _query(
        database_url,
        "SELECT kind, count(*), avg(octet_length(payload::text)), max(octet_length(payload::text))"
        " FROM events WHERE negotiation_id = %s AND id > %s GROUP BY kind ORDER BY kind",
        negotiation_id,
        after,
    )
    return ", ".join(
        f"{kind} {count} (data {mean:.0f} B on average, {largest} B at most)"
        for kind, count, mean, largest in rows
    )


async def run(args: argparse.Namespace) -> int:
    ensure_database(args.database)
    instance = tempfile.mkdtemp(prefix="tracker-live-bench-")
    print(f"seeding {args.database} ...", flush=True)
    seeded = seed(args.database, instance)
    env = _server_environment(args.database, instance)
    env["LIVE_STREAM_SECONDS"] = str(STREAM_SECONDS)
    env["LIVE_STREAMS_PER_PROCESS"] = str(
        args.threads - SPARE_THREADS if args.worker_class == "gthread" else 100_000
    )
    if args.pythonpath:
        env["PYTHONPATH"] = args.pythonpath
    ports = [_free_port(), _free_port()]
    servers = [start_server(env, port, args) for port in ports]
    try:
        return await _measure(args, seeded, ports, servers)
    finally:
        for server in servers:
            if server.poll() is None:
                # A graceful stop waits for open streams up to gunicorn's graceful timeout.
                os.killpg(server.pid, signal.SIGTERM)
                try:
                    server.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(server.pid, signal.SIGKILL)
                    server.wait(timeout=30)


async def _measure(args, seeded, ports, servers) -> int:  # noqa: ANN001, PLR0915
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    cookies = _sign_in_cookies(bases[0], seeded.delegate_emails[:SIGNED_IN])
    negotiation = f"/negotiations/{seeded.negotiation_id}"
    working = open_meeting(bases[0], seeded, args.database)
    start = _latest_event(args.database, seeded.negotiation_id)
    specs = [
        {
            "ports": [ports[n % 2], ports[(n + 1) % 2]],
            "cookie": cookies[n % len(cookies)],
            "path": f"{negotiation}/events",
            "after": start,
        }
        for n in range(args.streams)
    ]
    context = multiprocessing.get_context("spawn")
    commands, results = context.Queue(), context.Queue()
    client_process = context.Process(target=run_clients, args=(specs, commands, results))
    client_process.start()
    results.get(timeout=60)
    await asyncio.sleep(5)  # every stream open before the first change

    changed: list[float] = []
    change_failures: list[Exception] = []
    done = threading.Event()
    changer = threading.Thread(
        target=make_changes,
        args=(bases, working, args.changes, changed, change_failures, done),
        daemon=True,
    )
    began = time.monotonic()
    changer.start()
    healthz: list[float] = []
    draft: list[float] = []
    failures: list[str] = []
    cut_done = killed = False
    turn = 0
    while not done.is_set():
        alive = [p for n, p in enumerate(ports) if not (killed and n == 1)]
        port = alive[turn % len(alive)]
        turn += 1
        await asyncio.gather(
            probe(port, "/healthz", cookies[0], healthz, failures),
            probe(
                port,
                f"{negotiation}/revisions/{seeded.revision_id}",
                cookies[0],
                draft,
                failures,
            ),
        )
        if not cut_done and len(changed) >= args.changes // 2:
            commands.put(("cut", args.cut))
            cut_done = True
        if args.kill and not killed and len(changed) >= args.changes * 3 // 4:
            os.killpg(servers[1].pid, signal.SIGKILL)
            killed = True
        await asyncio.sleep(0.1)
    changing = time.monotonic() - began
    changer.join()
    if change_failures:
        commands.put(("finish", 0))
        client_process.join(timeout=60)
        raise RuntimeError("the co-facilitator's changes failed") from change_failures[0]
    stored = _stored_events(args.database, seeded.negotiation_id, start)
    expected = sorted(stored)
    commands.put(("finish", expected[-1] if expected else 0))
    server_cpu = sum(_cpu_seconds(server.pid) for server in servers)
    client_cpu, received_by = results.get(timeout=120)
    client_process.join(timeout=30)

    received = out_of_order = duplicates = refused = 0
    live: list[float] = []
    replayed: list[float] = []
    wanted = set(expected)
    complete = []
    for ids, arrivals, connected, refusals in received_by:
        refused += refusals
        seen: set[int] = set()
        previous = 0
        for event_id, arrived, opened in zip(ids, arrivals, connected, strict=True):
            if event_id not in wanted:
                continue
            if event_id in seen:
                duplicates += 1
                continue
            seen.add(event_id)
            if event_id <= previous:
                out_of_order += 1
            previous = event_id
            latency = arrived - stored[event_id]
            (live if opened <= stored[event_id] else replayed).append(latency)
        received += len(seen)
        complete.append(seen == wanted)
    total_expected = len(expected) * len(received_by)
    model = f"{args.worker_class}, {args.workers} workers" + (
        f" x {args.threads} threads" if args.worker_class == "gthread" else ""
    )
    print(
        f"{model} on each of 2 servers; {len(received_by)} streams; {len(changed)} changes "
        f"({len(expected)} events) in {changing:.0f} s; load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"the co-facilitator's changes: {len(changed)} ({_steps(len(changed))}), "
        f"each request p50={_ms(changed, 0.5)} ms p99={_ms(changed, 0.99)} ms; one meeting "
        f"event per change: {'yes' if len(expected) == len(changed) else 'NO'}; events stored: "
        f"{_event_sizes(args.database, seeded.negotiation_id, start)}"
    )
    print(
        f"cut mid-run and reconnected: {sum(complete[: args.cut])}/{args.cut} received "
        f"everything; second server killed at 3/4: {'yes' if killed else 'no'}; "
        f"duplicates={duplicates}; stream requests not answered 200 (busy, or failing)={refused}"
    )
    print(
        f"delivery on open streams: {len(live)} events, p50={_ms(live, 0.5)} ms "
        f"p99={_ms(live, 0.99)} ms max={_ms(live, 1.0)} ms; by replay after a reconnect: "
        f"{len(replayed)} events, p50={_ms(replayed, 0.5)} ms p99={_ms(replayed, 0.99)} ms"
    )
    print(
        f"CPU time over the run: app servers {server_cpu:.1f} s (start, sign-ins, probes and "
        f"streams; a killed server's not counted), clients {client_cpu:.1f} s"
    )
    print(
        f"draft page p50={_ms(draft, 0.5)} ms p99={_ms(draft, 0.99)} ms ({len(draft)} requests); "
        f"healthz p50={_ms(healthz, 0.5)} ms p99={_ms(healthz, 0.99)} ms ({len(healthz)} "
        f"requests); failed probes={len(failures)} {failures[:3]}"
    )
    print(
        f"received={received} expected={total_expected} out_of_order={out_of_order} "
        f"p50_ms={_ms(live, 0.5)} p99_ms={_ms(live, 0.99)} healthz_p99_ms={_ms(healthz, 0.99)}"
    )
    delivered = received == total_expected and out_of_order == 0 and not duplicates
    return 0 if delivered and len(expected) == len(changed) else 1


def _steps(count: int) -> str:
    """How many of `count` changes were focus moves, edits and statuses (they take turns)."""
    focus, edits, statuses = ((count - step + 2) // 3 for step in range(3))
    return f"{focus} focus moves, {edits} edits, {statuses} statuses"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    )
    parser.add_argument("--streams", type=int, default=500)
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--cut", type=int, default=50)
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "gevent", "sync"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=300)
    parser.add_argument("--kill", action="store_true", help="kill the second server at 3/4")
    parser.add_argument(
        "--pythonpath", default="", help="PYTHONPATH of the servers (e.g. where gevent is)"
    )
    parser.add_argument("--server-log", default="", help="append the servers' stderr to this file")
    parser.add_argument(
        "--app-root",
        default=str(ROOT),
        help="the checkout the servers run (e.g. the code before a change, from git archive)",
    )
    args = parser.parse_args()
    load.APP_ROOT = Path(args.app_root).resolve()
    args.cut = min(args.cut, args.streams)
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
