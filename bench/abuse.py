"""Abuse on gunicorn and PostgreSQL: one account writing as fast as it can, hostile uploads.

Seeds a negotiation whose OP1 already carries 10,000 proposals (as if a script had run for
days), a round on it, one abusive delegate, 50 reading delegates and a co-facilitator. Then,
on gunicorn with the production limits (Redis-backed, `RATELIMIT_STORAGE_URI`):

1. for `--seconds` (60) the abuser posts comments as fast as it can (a fresh form key each
   time, as a script would) while the 50 delegates read OP1's comment page and the round's
   compilation in turn (15 s on each page) and `/healthz` is polled: prints how many writes
   were accepted, the readers' p99 and `/healthz` p99 of the same run, and their ratio (goal:
   under 10);
2. the co-facilitator uploads four hostile files at once (100,000 paragraphs, numbering from
   2,000,000,000, 5 MB of `0 0 Td`, 10 MB of text) while `/healthz` is polled: prints `/healthz`
   p99 during them (goal: under 1 s) and what each upload was told.

    .venv/bin/python bench/abuse.py [--seconds 60] [--database postgresql://...]

The database is created when missing (and then dropped afterwards), as bench/load.py does.

The last line reads `writes_accepted=W reader_p99_ratio=R upload_healthz_p99_ms=H lost=0`;
`lost` counts accepted writes missing from the database and reader requests that failed.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import secrets
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from load import (  # noqa: E402
    PASSWORD,
    Browser,
    _free_port,
    draft_text,
    drop_database,
    ensure_database,
    percentile,
    start_server,
    stop_server,
)

from tests.security.hostile_files import HOSTILE_UPLOADS  # noqa: E402

DEFAULT_DATABASE = "postgresql://postgres@127.0.0.1:5432/test_abuse"
#: Redis database of this benchmark's rate-limit counters (emptied before the run).
REDIS_URL = "redis://127.0.0.1:6379/13"
READERS = 50
#: Seconds a delegate spends reading a page before opening the next.
READING_SECONDS = 15
SEEDED_PROPOSALS = 10_000
ABUSER = "abuser@abuse.example"
FACILITATOR = "cofac@abuse.example"


def seed(database_url: str, instance: str) -> dict[str, Any]:
    """A fresh schema; the negotiation, round, accounts and 10,000 proposals on OP1."""
    import subprocess
    from datetime import UTC, datetime, timedelta

    import psycopg

    admin_url = database_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")
    subprocess.run(
        [str(ROOT / ".venv/bin/flask"), "--app", "app", "init-db"],
        cwd=ROOT,
        env=server_environment(database_url, instance),
        check=True,
        capture_output=True,
    )
    os.environ.update(TRACKER_INSTANCE_PATH=instance)
    from sqlalchemy import select
    from werkzeug.security import generate_password_hash

    from tracker import create_app
    from tracker.extensions import db
    from tracker.models import Comment, Delegation, DelegationKind, User
    from tracker.services.accounts import create_account
    from tracker.services.negotiations import create_negotiation
    from tracker.services.revisions import publish_revision, upload_revision
    from tracker.services.rounds import create_round

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True})
    with app.app_context():
        secretariat = create_account(
            None, email="sec@abuse.example", name="Secretariat", role="secretariat",
            password=PASSWORD,
        )  # fmt: skip
        cofac = create_account(
            None, email=FACILITATOR, name="Co-facilitator", role="facilitator", password=PASSWORD
        )
        states = db.session.scalars(
            select(Delegation)
            .where(Delegation.kind == DelegationKind.MEMBER_STATE)
            .order_by(Delegation.code)
            .limit(READERS + 1)
        ).all()
        password_hash = generate_password_hash(PASSWORD)
        people = [
            User(
                email=ABUSER if index == 0 else f"{state.code.lower()}@abuse.example",
                name=f"Delegate of {state.name}",
                password_hash=password_hash,
                role="delegate",
                delegation=state,
            )
            for index, state in enumerate(states)
        ]
        db.session.add_all(people)
        db.session.commit()
        negotiation = create_negotiation(
            secretariat,
            title="Abuse test negotiation",
            mandate="",
            facilitator_emails=[FACILITATOR],
        )
        revision = publish_revision(
            cofac,
            upload_revision(
                cofac, negotiation, filename="zero.txt", data=draft_text(0).encode(), label=""
            ),
        )
        now = datetime.now(UTC)
        consultation_round = create_round(
            cofac,
            negotiation,
            title="First reading",
            revision=revision,
            starts_at=now + timedelta(days=1),
            ends_at=now + timedelta(days=1, hours=3),
            comment_deadline=now + timedelta(days=2),
        )
        op1 = next(p for p in revision.paragraphs if p.label == "OP1" and p.parent_id is None)
        abuser = people[0]
        long_text = (op1.text + " ") * 40  # about 8,000 characters each
        db.session.add_all(
            Comment(
                negotiation=negotiation,
                revision=revision,
                paragraph=op1,
                lineage_id=op1.lineage_id,
                round=consultation_round,
                delegation=abuser.delegation,
                author=abuser,
                kind="amend",
                body=f"Seeded proposal {number}.",
                proposed_text=f"{long_text}({number})",
                visibility="all",
            )
            for number in range(SEEDED_PROPOSALS)
        )
        db.session.commit()
        seeded = {
            "negotiation": negotiation.id,
            "revision": revision.id,
            "round": consultation_round.id,
            "paragraph": op1.id,
            "abuser": abuser.id,
            "readers": [p.email for p in people[1:]],
        }
        db.session.remove()
        db.engine.dispose()
    return seeded


def server_environment(database_url: str, instance: str) -> dict[str, str]:
    """Production limits on, counted in Redis; plain HTTP on loopback, so cookies not Secure."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_hex(32),
        TRACKER_INSTANCE_PATH=instance,
        RATELIMIT_ENABLED="true",
        RATELIMIT_STORAGE_URI=REDIS_URL,
        UPLOAD_PARSE_ISOLATED="true",
    )
    return env


def stored_by(database_url: str, user_id: int) -> int:
    """Comments the account has stored, read straight from the database."""
    import psycopg

    with psycopg.connect(database_url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        row = conn.execute("SELECT count(*) FROM comments WHERE author_id = %s", (user_id,))
        found = row.fetchone()
        return int(found[0]) if found else 0


class Poller(threading.Thread):
    """Polls `/healthz` every 50 ms until stopped; keeps the latencies."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.browser = Browser(base)
        self.latencies: list[float] = []
        self.failures = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            started = time.perf_counter()
            try:
                status = self.browser.request("/healthz")[0]
            except OSError:
                status = 0
            self.latencies.append(time.perf_counter() - started)
            self.failures += status != 200
            self.stopped.wait(0.05)


def upload(browser: Browser, negotiation: str, filename: str, data: bytes) -> tuple[int, str]:
    """Send a file through the upload form; the status and the message shown."""
    token = browser.csrf_token(f"{negotiation}/revisions/new")
    boundary = uuid.uuid4().hex
    body = io.BytesIO()
    for name, value in (("csrf_token", token), ("label", "")):
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        body.write(f"{head}{value}\r\n".encode())
    body.write(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
    )
    body.write(data + f"\r\n--{boundary}--\r\n".encode())
    request = urllib.request.Request(
        browser.base + f"{negotiation}/revisions/new",
        data=body.getvalue(),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    try:
        with browser.opener.open(request, timeout=120) as response:
            status, page = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, page = error.code, error.read().decode(errors="replace")
    message = re.search(r'class="flash flash-error"[^>]*>([^<]+)', page)
    return status, (message.group(1).strip() if message else "")[:160]


def main() -> None:
    """Seed, serve, abuse, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="length of the writing phase")
    parser.add_argument("--database", default=DEFAULT_DATABASE, help="PostgreSQL URL (emptied)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    args = parser.parse_args()
    database_url = args.database.replace("postgresql://", "postgresql+psycopg://", 1)
    created = ensure_database(database_url)
    try:
        abuse(args, database_url)
    finally:
        if created:
            drop_database(database_url)


def abuse(args: argparse.Namespace, database_url: str) -> None:
    """Everything between creating the database (when it was missing) and dropping it."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    instance = tempfile.mkdtemp(prefix="tracker-abuse-")
    print(f"Seeding {SEEDED_PROPOSALS:,} proposals on OP1 ...", flush=True)
    seeded = seed(database_url, instance)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = server_environment(database_url, instance)
    log = Path(instance) / "gunicorn.log"
    server = start_server(database_url, instance, port, args.workers, log, env)
    try:
        negotiation = f"/negotiations/{seeded['negotiation']}"
        paragraph_page = f"{negotiation}/paragraphs/{seeded['paragraph']}/comments"
        compilation_page = f"{negotiation}/rounds/{seeded['round']}/compilation"
        abuser = Browser(base)
        abuser.sign_in(ABUSER)
        readers = [Browser(base) for _ in seeded["readers"]]
        for browser, email in zip(readers, seeded["readers"], strict=True):
            browser.sign_in(email)

        stop = threading.Event()
        reader_latencies: list[float] = []
        reader_failures = [0]
        lock = threading.Lock()
        outcomes: dict[int, int] = {}

        def write() -> None:
            token = abuser.csrf_token(paragraph_page)
            number = 0
            while not stop.is_set():
                number += 1
                status, _, _ = abuser.request(
                    f"{negotiation}/revisions/{seeded['revision']}/comments",
                    {
                        "csrf_token": token,
                        "paragraph_id": str(seeded["paragraph"]),
                        "kind": "comment",
                        "body": f"Scripted comment {number}. " + "x" * 9_000,
                        "visibility": "all",
                        "submission_key": secrets.token_urlsafe(16),
                    },
                )
                outcomes[status] = outcomes.get(status, 0) + 1

        def read(browser: Browser, arrives: float) -> None:
            pages = (paragraph_page, compilation_page)
            turn = 0
            stop.wait(arrives)  # people open the page over a while, not all at one instant
            while not stop.is_set():
                started = time.perf_counter()
                try:
                    status = browser.request(pages[turn % 2])[0]
                except OSError:
                    status = 0
                with lock:
                    reader_latencies.append(time.perf_counter() - started)
                    reader_failures[0] += status != 200
                turn += 1
                stop.wait(READING_SECONDS)

        poller = Poller(base)
        threads = [threading.Thread(target=write, daemon=True)]
        threads += [
            threading.Thread(target=read, args=(b, READING_SECONDS * n / len(readers)), daemon=True)
            for n, b in enumerate(readers)
        ]
        print(f"Writing and reading for {args.seconds:g} s ...", flush=True)
        poller.start()
        for thread in threads:
            thread.start()
        time.sleep(args.seconds)
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
        poller.stopped.set()
        poller.join()
        accepted = outcomes.get(302, 0)
        stored = stored_by(database_url, int(seeded["abuser"])) - SEEDED_PROPOSALS
        reader_p99 = percentile(reader_latencies, 0.99)
        health_p99 = percentile(poller.latencies, 0.99)
        ratio = reader_p99 / health_p99
        print(f"abuser: {sum(outcomes.values())} posts, answered {dict(sorted(outcomes.items()))}")
        print(f"abuser: {accepted} accepted, {stored} stored")
        print(
            f"readers: {len(reader_latencies)} pages, p50 "
            f"{percentile(reader_latencies, 0.5) * 1000:.0f} ms, p99 {reader_p99 * 1000:.0f} ms, "
            f"{reader_failures[0]} failed"
        )
        print(
            f"/healthz meanwhile: p99 {health_p99 * 1000:.0f} ms; readers' p99 / it = {ratio:.1f}"
        )

        facilitator = Browser(base)
        facilitator.sign_in(FACILITATOR)
        files = {name: make() for name, make in HOSTILE_UPLOADS.items()}
        results: dict[str, tuple[int, str, float]] = {}

        def send(name: str) -> None:
            browser = Browser(base)
            browser.sign_in(FACILITATOR)
            started = time.perf_counter()
            status, message = upload(browser, negotiation, name, files[name])
            results[name] = (status, message, time.perf_counter() - started)

        poller = Poller(base)
        poller.start()
        time.sleep(1)
        senders = [threading.Thread(target=send, args=(name,)) for name in files]
        for thread in senders:
            thread.start()
        for thread in senders:
            thread.join()
        time.sleep(0.5)
        poller.stopped.set()
        poller.join()
        upload_p99 = percentile(poller.latencies, 0.99)
        for name, (status, message, seconds) in results.items():
            size = f"{len(files[name]):,} bytes"
            print(f"upload {name} ({size}): {status} in {seconds:.1f} s: {message}")
        print(
            f"/healthz during the uploads: {len(poller.latencies)} polls, p99 "
            f"{upload_p99 * 1000:.0f} ms, {poller.failures} failed"
        )
        lost = max(0, accepted - stored) + reader_failures[0] + poller.failures
        print(
            f"writes_accepted={accepted} reader_p99_ratio={ratio:.1f} "
            f"upload_healthz_p99_ms={upload_p99 * 1000:.0f} lost={lost}"
        )
    finally:
        stop_server(server)


if __name__ == "__main__":
    main()
