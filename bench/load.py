"""A consultation day under load: 200 delegates on gunicorn and PostgreSQL, on loopback only.

Seeds a negotiation (the zero draft and Rev.1 of 200 paragraphs, 2,000 comments on Rev.1 or
`--comments`, 190 delegations with one delegate each) straight through the models and
services, starts gunicorn, signs every delegate in through the real login form, then lets them
read drafts, compare revisions, comment, edit and join for `--seconds` while a co-facilitator
publishes Rev.2 half-way through. `/healthz` is measured in the same mix as the ceiling; every
endpoint is printed as a ratio of it.

Before the mix, each read-only page is driven alone by `wrk` (Debian package `wrk`; without it,
by a Python client) for `--throughput-seconds`, `/healthz` first: its requests per second are
printed as a share of `/healthz` on the same server in the same run. Each page is asked by one
signed-in delegate again and again (so a page kept for that person is sent again); the
`draft_readers` row asks the draft page as 120 delegates in turn, each a new reader for the
worker that answers (the text and its lines are shared, the page is made for the person).

The database (`tracker_load` on loopback unless `--database` names another) is created when it
does not exist, and then dropped at the end; an existing one is emptied and kept. The simulated
delegates run in a child process of their own.
`--app-root` serves another checkout (e.g. the code before a change, from `git worktree add`)
with this script, for before/after figures from the same machine and session.

    .venv/bin/python bench/load.py --seconds 30

Besides each endpoint's rate and latencies, it prints the mix's requests per second in each
five seconds, with the moment the next revision was published: a stall at the start or after a
publication shows there, where the run's mean hides it.

The last line reads `acknowledged=A stored=S lost=L errors=E draft_p99_ratio=R
requests_per_s=Q draft_share_of_healthz=D`.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE = "postgresql://postgres@127.0.0.1:5432/tracker_load"
PASSWORD = "load-test-password"
PARAGRAPHS = 200
PREAMBULAR = 40
COMMENTS = 2000
DELEGATES = 190
FACILITATOR_EMAIL = "cofac@load.example"

#: What a delegate does next, and how often: reading dominates a consultation day.
ACTIONS = [
    ("draft", 30),
    ("compare", 12),
    ("paragraph", 12),
    ("comment_page", 8),
    ("comment_create", 14),
    ("comment_edit", 6),
    ("comment_join", 6),
    ("healthz", 12),
]


def _paragraph_text(index: int, revision: int) -> str:
    """A paragraph in the genre: PPs open with a participle, OPs with a verb; each later
    revision edits every seventh one again."""
    edit = " and its follow-up" * revision if index % 7 == 0 else ""
    topic = (
        f"the implementation of measure {index} of the Global Plan of Action{edit}, including "
        "the exchange of information and best practices among Member States"
    )
    if index < PREAMBULAR:
        return f"*Recalling* {topic},"
    number = index - PREAMBULAR + 1
    end = "." if index == PARAGRAPHS - 1 else ";"
    return f"{number}. *Decides* to continue to consider {topic}{end}"


def draft_text(revision: int) -> str:
    """A resolution of PARAGRAPHS paragraphs; each later revision edits every seventh one."""
    lines = [
        "Appraisal of the Global Plan of Action (load test)",
        "",
        "The General Assembly,",
        "",
    ]
    for index in range(PARAGRAPHS):
        lines += [_paragraph_text(index, revision), ""]
    return "\n".join(lines)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


#: The checkout gunicorn serves and whose `flask init-db` builds the schema (--app-root).
APP_ROOT = ROOT


def _server_environment(database_url: str, instance: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY="load-test-secret",
        TRACKER_INSTANCE_PATH=instance,
        RATELIMIT_ENABLED="false",
    )
    return env


@dataclass
class Seeded:
    negotiation_id: int
    #: the latest revision, which the comments are on
    revision_id: int
    #: the published revisions, oldest first: the compare page compares the last two
    revision_ids: list[int]
    delegate_emails: list[str]
    comment_ids: list[int]
    seeded_comments: int


def seed(database_url: str, instance: str, comment_count: int = COMMENTS) -> Seeded:
    """A fresh schema, then the negotiation, accounts and `comment_count` comments through
    models and services."""
    import psycopg

    admin_url = database_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")
    env = _server_environment(database_url, instance)
    subprocess.run(
        [str(ROOT / ".venv/bin/flask"), "--app", "app", "init-db"],
        cwd=APP_ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    os.environ.update(TRACKER_INSTANCE_PATH=instance)
    from sqlalchemy import select
    from werkzeug.security import generate_password_hash

    from tracker import create_app
    from tracker.extensions import db
    from tracker.models import Comment, CommentKind, Delegation, DelegationKind, User
    from tracker.services.accounts import create_account
    from tracker.services.negotiations import create_negotiation
    from tracker.services.revisions import publish_revision, upload_revision

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True})
    with app.app_context():
        secretariat = create_account(
            None,
            email="sec@load.example",
            name="Secretariat",
            role="secretariat",
            password=PASSWORD,
        )
        cofac = create_account(
            None,
            email=FACILITATOR_EMAIL,
            name="Co-facilitator",
            role="facilitator",
            password=PASSWORD,
        )
        states = db.session.scalars(
            select(Delegation)
            .where(Delegation.kind == DelegationKind.MEMBER_STATE)
            .order_by(Delegation.code)
            .limit(DELEGATES)
        ).all()
        # One hash for every delegate: hashing 190 passwords one by one would dominate seeding.
        password_hash = generate_password_hash(PASSWORD)
        delegates = [
            User(
                email=f"{state.code.lower()}@load.example",
                name=f"Delegate of {state.name}",
                password_hash=password_hash,
                role="delegate",
                delegation=state,
            )
            for state in states
        ]
        db.session.add_all(delegates)
        db.session.commit()
        negotiation = create_negotiation(
            secretariat, title="Load test negotiation", mandate="", facilitator_emails=[cofac.email]
        )
        # Two revisions from the start: the compare page measured is a comparison.
        published = [
            publish_revision(
                cofac,
                upload_revision(
                    cofac,
                    negotiation,
                    filename=f"rev{number}.txt",
                    data=draft_text(number).encode(),
                    label=f"Rev.{number}" if number else "",
                ),
            )
            for number in (0, 1)
        ]
        revision = published[-1]
        top_level = [p for p in revision.paragraphs if p.parent_id is None]
        kinds = [CommentKind.COMMENT, CommentKind.QUESTION, CommentKind.RETAIN]
        comments = []
        for number in range(comment_count):
            paragraph = top_level[number % len(top_level)]
            author = delegates[number % len(delegates)]
            comments.append(
                Comment(
                    negotiation=negotiation,
                    revision=revision,
                    paragraph=paragraph,
                    lineage_id=paragraph.lineage_id,
                    delegation=author.delegation,
                    author=author,
                    kind=kinds[number % len(kinds)].value,
                    body=f"Seeded remark {number} on {paragraph.label}.",
                    visibility="all",
                )
            )
        db.session.add_all(comments)
        db.session.commit()
        result = Seeded(
            negotiation_id=negotiation.id,
            revision_id=revision.id,
            revision_ids=[r.id for r in published],
            delegate_emails=[d.email for d in delegates],
            comment_ids=[c.id for c in comments],
            seeded_comments=len(comments),
        )
        db.session.remove()
        db.engine.dispose()
    # Statistics for the planner, as autovacuum gathers them on a live server within a minute
    # of such a load: without them every query is planned for empty tables.
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute("ANALYZE")
    return result


def ensure_database(database_url: str) -> bool:
    """Create the database when it does not exist; True when this run created it."""
    import psycopg

    url = database_url.replace("postgresql+psycopg://", "postgresql://")
    name = urllib.parse.urlparse(url).path.lstrip("/")
    server = url[: url.rindex("/") + 1] + "postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if found.fetchone():
            return False
        connection.execute(f'CREATE DATABASE "{name}"')
    return True


def drop_database(database_url: str) -> None:
    """Drop the database this run created."""
    import psycopg

    url = database_url.replace("postgresql+psycopg://", "postgresql://")
    name = urllib.parse.urlparse(url).path.lstrip("/")
    server = url[: url.rindex("/") + 1] + "postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def count_comments(database_url: str, negotiation_id: int) -> int:
    """Comments stored for the negotiation, read straight from the database after the run."""
    import psycopg

    with psycopg.connect(database_url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        row = conn.execute(
            "SELECT count(*) FROM comments WHERE negotiation_id = %s", (negotiation_id,)
        ).fetchone()
    return int(row[0]) if row else 0


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003 (urllib's signature)
        return None


class Browser:
    """One person's cookie jar and connection to the server; redirects are not followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
        """Status, Location header and body of one GET (or POST when data is given)."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:
                return (
                    response.status,
                    response.headers.get("Location", ""),
                    response.read().decode(),
                )
        except urllib.error.HTTPError as error:
            text = error.read().decode(errors="replace")
            return error.code, error.headers.get("Location", ""), text

    def csrf_token(self, path: str) -> str:
        status, _, page = self.request(path)
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        if status != 200 or not match:
            raise RuntimeError(f"no CSRF token on {path} (status {status})")
        return match.group(1)

    def sign_in(self, email: str) -> None:
        """Sign in through the real form, CSRF token and all."""
        token = self.csrf_token("/login")
        status, _, _ = self.request(
            "/login", {"csrf_token": token, "email": email, "password": PASSWORD}
        )
        if status != 302:
            raise RuntimeError(f"sign-in of {email} answered {status}")


class InProcessBrowser(Browser):
    """The same person's requests (forms, CSRF tokens and all) over a Flask test client of
    `app`, without HTTP: for the benches that do the day's actions in-process."""

    def __init__(self, app: Any) -> None:
        self.client = app.test_client()

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
        response = self.client.get(path) if data is None else self.client.post(path, data=data)
        location = response.headers.get("Location", "")
        return response.status_code, location, response.get_data(as_text=True)


def in_process_delegates(app: Any, emails: list[str]) -> list[Delegate]:
    """These delegates, each signed in through the real form over a test client of `app`."""
    delegates = [Delegate(email=email, browser=InProcessBrowser(app)) for email in emails]
    for delegate in delegates:
        delegate.browser.sign_in(delegate.email)
    return delegates


def next_action(rng: random.Random) -> str:
    """A delegate's next action, drawn as often as ACTIONS says."""
    return rng.choices([name for name, _ in ACTIONS], [weight for _, weight in ACTIONS])[0]


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    #: Refusals a person would see and act on (a superseded text, a stale edit): not failures.
    refused: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    acknowledged: int = 0
    #: (when it ended, on the perf_counter clock; endpoint) for every request, in order
    timeline: list[tuple[float, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, endpoint: str, seconds: float, outcome: str, sample: str = "") -> None:
        with self.lock:
            self.latencies[endpoint].append(seconds)
            self.timeline.append((time.perf_counter(), endpoint))
            if outcome == "error":
                self.errors[endpoint] += 1
                if len(self.error_samples) < 10:
                    self.error_samples.append(f"{endpoint}: {sample}")
            elif outcome == "refused":
                self.refused[endpoint] += 1


@dataclass
class Delegate:
    email: str
    browser: Browser
    lock: threading.Lock = field(default_factory=threading.Lock)
    own_comments: list[int] = field(default_factory=list)


class Day:
    """Shared state of the simulated day: the latest revision and the comments so far."""

    def __init__(self, seeded: Seeded) -> None:
        self.negotiation = f"/negotiations/{seeded.negotiation_id}"
        self.revisions = list(seeded.revision_ids)
        self.comment_ids = list(seeded.comment_ids)
        self.lock = threading.Lock()

    @property
    def latest(self) -> int:
        return self.revisions[-1]


def _paragraph_ids(page: str) -> list[int]:
    return [int(n) for n in re.findall(r"/paragraphs/(\d+)/comments", page)]


def act(delegate: Delegate, action: str, day: Day, results: Results, rng: random.Random) -> None:
    """One thing a delegate does; its latency and outcome go into the results."""
    browser, base = delegate.browser, day.negotiation
    started = time.perf_counter()
    outcome, sample = "ok", ""
    try:
        if action == "healthz":
            status, _, body = browser.request("/healthz")
            ok = status == 200
        elif action == "draft":
            status, _, body = browser.request(f"{base}/revisions/{day.latest}")
            ok = status == 200 and "Decides" in body
        elif action == "compare":
            status, _, body = browser.request(f"{base}/compare?mode=side")
            ok = status == 200
        elif action == "paragraph":
            paragraph = rng.choice(day_paragraphs(day, browser))
            status, _, body = browser.request(f"{base}/paragraphs/{paragraph}/comments")
            ok = status == 200
        elif action == "comment_page":
            comment = rng.choice(day.comment_ids)
            status, _, body = browser.request(f"{base}/comments/{comment}")
            ok = status == 200
        elif action == "comment_create":
            revision = day.latest
            paragraph = rng.choice(day_paragraphs(day, browser))
            token = browser.csrf_token(f"{base}/paragraphs/{paragraph}/comments")
            started = time.perf_counter()  # the POST is what is measured
            status, location, body = browser.request(
                f"{base}/revisions/{revision}/comments",
                {
                    "csrf_token": token,
                    "paragraph_id": str(paragraph),
                    "kind": "comment",
                    "body": f"Load remark by {delegate.email} at {time.time():.6f}",
                    "visibility": "all",
                },
            )
            match = re.search(r"/comments/(\d+)", location)
            ok = status == 302 and match is not None
            if ok and match is not None:
                with results.lock:
                    results.acknowledged += 1
                delegate.own_comments.append(int(match.group(1)))
                with day.lock:
                    day.comment_ids.append(int(match.group(1)))
            elif status == 422 and "superseded" in body:
                outcome = "refused"
        elif action == "comment_edit":
            if not delegate.own_comments:
                return
            comment = rng.choice(delegate.own_comments)
            status, _, page = browser.request(f"{base}/comments/{comment}")
            version = re.search(r'name="version" value="(\d+)"', page)
            edit_token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
            if status == 200 and "it can no longer be edited" in page:
                # Made on a text the next revision superseded: it can be withdrawn, not edited.
                ok, outcome = False, "refused"
            elif status != 200 or not version or not edit_token:
                ok, body = False, page
            else:
                started = time.perf_counter()
                status, _, body = browser.request(
                    f"{base}/comments/{comment}/edit",
                    {
                        "csrf_token": edit_token.group(1),
                        "version": version.group(1),
                        "body": f"Edited at {time.time():.6f}",
                    },
                )
                ok = status == 302
                if status == 422 and "it can no longer be edited" in body:
                    outcome = "refused"  # the next revision was published since the page
        else:  # comment_join
            comment = rng.choice(day.comment_ids)
            token = browser.csrf_token(f"{base}/comments/{comment}")
            started = time.perf_counter()
            status, _, body = browser.request(
                f"{base}/comments/{comment}/join", {"csrf_token": token}
            )
            ok = status == 302
            if not ok and status in (409, 422, 403):
                outcome = "refused"  # own comment, joined already, or withdrawn
        if not ok and outcome == "ok":
            outcome, sample = "error", f"status {status}: {body[:200]!r}"
    except Exception as error:  # a dropped connection or timeout is an error of the run
        outcome, sample = "error", repr(error)
    results.record(action, time.perf_counter() - started, outcome, sample)


_paragraph_cache: dict[int, list[int]] = {}
_paragraph_lock = threading.Lock()


def day_paragraphs(day: Day, browser: Browser) -> list[int]:
    """Paragraph ids of the latest revision, read once from its page."""
    revision = day.latest
    with _paragraph_lock:
        if revision in _paragraph_cache:
            return _paragraph_cache[revision]
    _, _, page = browser.request(f"{day.negotiation}/revisions/{revision}/comments")
    ids = _paragraph_ids(page) or _paragraph_ids(
        browser.request(f"{day.negotiation}/revisions/{revision}")[2]
    )
    if not ids:
        raise RuntimeError(f"no paragraphs found on revision {revision}")
    with _paragraph_lock:
        _paragraph_cache[revision] = ids
    return ids


def publish_midway(base: str, day: Day, results: Results, at: float) -> None:
    """The co-facilitator uploads the next revision (Rev.2) as pasted text at `at` and
    publishes it."""
    time.sleep(max(0.0, at - time.time()))
    publish_next(base, day, results, "")


def publish_next(base: str, day: Day, results: Results, suffix: str) -> None:
    """Sign in as the co-facilitator, upload the next revision as pasted text, publish it.

    The upload (reading and pairing the text into a preview) and the publication (the
    confirmed press of the button) are timed apart, as `upload{suffix}` and `publish{suffix}`.
    """
    browser = Browser(base)
    number = len(day.revisions)
    step, started = "upload", time.perf_counter()
    try:
        browser.sign_in(FACILITATOR_EMAIL)
        token = browser.csrf_token(f"{day.negotiation}/revisions/new")
        started = time.perf_counter()
        status, location, body = browser.request(
            f"{day.negotiation}/revisions/new",
            {"csrf_token": token, "label": f"Rev.{number}", "text": draft_text(number)},
        )
        preview = re.search(r"/revisions/(\d+)", location)
        if status != 302 or not preview:
            raise RuntimeError(f"upload answered {status}: {body[:200]!r}")
        results.record("upload" + suffix, time.perf_counter() - started, "ok")
        step = "publish"
        # As from the review page, which names the text it compared the preview with (a bare
        # press of the button only shows that page; one made against another text is refused).
        # Code from before that rule (--app-root) names none, and is sent none.
        review = f"{day.negotiation}/revisions/{preview.group(1)}/review"
        against = re.search(r'name="reviewed_against" value="([^"]*)"', browser.request(review)[2])
        form = {"csrf_token": token, "confirmed": "yes"}
        if against is not None:
            form["reviewed_against"] = against.group(1)
        started = time.perf_counter()
        status, location, body = browser.request(
            f"{day.negotiation}/revisions/{preview.group(1)}/publish", form
        )
        if status != 302 or not location.endswith(f"/revisions/{preview.group(1)}"):
            raise RuntimeError(f"publish answered {status} {location}: {body[:200]!r}")
        results.record("publish" + suffix, time.perf_counter() - started, "ok")
        with day.lock:
            day.revisions.append(int(preview.group(1)))
    except Exception as error:  # reported with the other errors
        results.record(step + suffix, time.perf_counter() - started, "error", repr(error))


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the sorted values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def start_server(
    database_url: str,
    instance: str,
    port: int,
    workers: int,
    log: Path,
    env: dict[str, str] | None = None,
    threads: int | None = None,
):
    """gunicorn on loopback (with `env`, else the load test's environment); returns the
    process once /healthz answers."""
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "--workers",
            str(workers),
            *(["--threads", str(threads)] if threads else []),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
            "app:app",
        ],
        cwd=APP_ROOT,
        env=env or _server_environment(database_url, instance),
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
        start_new_session=True,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
    stop_server(process)  # a server left behind would hold its port and its workers
    raise RuntimeError("gunicorn did not answer /healthz within 30 s")


def stop_server(process: subprocess.Popen) -> None:
    """Ask gunicorn to stop, and make sure it did."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


#: Read-only pages driven alone for the throughput figures, `/healthz` first.
THROUGHPUT_PAGES = ["healthz", "draft", "draft_readers", "compare", "paragraph", "comment_page"]
#: Delegates whose sessions take turns on the "draft_readers" row: more than the pages a worker
#: keeps (render_cache.MEMORY_PAGES), so it shows a new reader's draft page, not a kept one.
READERS = 120


def page_paths(seeded: Seeded, paragraph_id: int) -> dict[str, str]:
    """The path of each read-only page of THROUGHPUT_PAGES."""
    base = f"/negotiations/{seeded.negotiation_id}"
    return {
        "healthz": "/healthz",
        "draft": f"{base}/revisions/{seeded.revision_id}",
        "draft_readers": f"{base}/revisions/{seeded.revision_id}",
        "compare": f"{base}/compare?mode=side",
        "paragraph": f"{base}/paragraphs/{paragraph_id}/comments",
        "comment_page": f"{base}/comments/{seeded.comment_ids[0]}",
    }


def _wrk_seconds(value: str) -> float:
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    if found is None:
        raise ValueError(f"wrk printed a time this bench cannot read: {value!r}")
    number, unit = found.groups()
    return float(number) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def _rotating_cookies(cookies: list[str]) -> str:
    """A wrk script sending each request with the next session of `cookies` in turn."""
    listed = ",\n".join(json.dumps(cookie) for cookie in cookies)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            f"cookies = {{\n{listed}\n}}\nturn = math.random(#cookies)\n"
            "request = function()\n"
            "  turn = turn % #cookies + 1\n"
            '  return wrk.format(nil, nil, {["Cookie"] = cookies[turn]})\n'
            "end\n"
        )
    return script.name


def drive_with_wrk(
    url: str, cookies: list[str], seconds: float, connections: int
) -> dict[str, float]:
    """Requests per second and p50/p99 latency of one URL under wrk, the sessions of
    `cookies` taking turns."""
    script = _rotating_cookies(cookies)
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            # A slow answer is slow, not lost (wrk's own limit is 2 s): as the Python client.
            "--timeout",
            "60s",
            "--latency",
            "--script",
            script,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(script)
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if found is None:
        raise RuntimeError(f"wrk printed no request rate:\n{out}")
    rate = float(found.group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    failures = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    latency = dict(re.findall(r"^\s+(50|99)(?:\.0+)?%\s+(\S+)\s*$", out, re.M))
    if set(latency) != {"50", "99"}:
        raise RuntimeError(f"wrk printed no latency distribution for {url}:\n{out}")
    return {
        "rate": rate,
        "p50": _wrk_seconds(latency["50"]),
        "p99": _wrk_seconds(latency["99"]),
        "errors": (int(errors.group(1)) if errors else 0)
        + (sum(int(n) for n in failures.groups()) if failures else 0),
    }


def _drive_with_python(
    url: str, cookies: list[str], seconds: float, connections: int, queue
) -> None:
    """The fallback of drive_with_wrk, in its own process: threads in a closed loop."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.time() + seconds

    def loop() -> None:
        opener = urllib.request.build_opener()
        turn = random.randrange(len(cookies))
        while time.time() < deadline:
            turn = (turn + 1) % len(cookies)
            started = time.perf_counter()
            try:
                asked = urllib.request.Request(url, headers={"Cookie": cookies[turn]})
                with opener.open(asked, timeout=60) as response:
                    response.read()
                    ok = response.status == 200
            except OSError:
                ok = False
            with lock:
                latencies.append(time.perf_counter() - started)
                errors[0] += not ok

    threads = [threading.Thread(target=loop) for _ in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    queue.put(
        {
            "rate": len(latencies) / elapsed,
            "p50": percentile(latencies, 0.5),
            "p99": percentile(latencies, 0.99),
            "errors": errors[0],
        }
    )


def drive(url: str, cookies: list[str], seconds: float, connections: int) -> dict[str, float]:
    """Requests per second of one URL alone, the sessions of `cookies` taking turns: wrk when
    installed, else a Python client process."""
    if shutil.which("wrk"):
        return drive_with_wrk(url, cookies, seconds, connections)
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(
        target=_drive_with_python, args=(url, cookies, seconds, connections, queue)
    )
    child.start()
    result = queue.get()
    child.join()
    return result


def server_cpu_seconds(pid: int, database_url: str) -> tuple[float, float]:
    """CPU time (user and system) used so far by gunicorn's master and its workers, and by the
    PostgreSQL backends connected to the bench's database (the machine's other work aside;
    a backend that exits takes its time with it)."""
    import psycopg

    url = database_url.replace("postgresql+psycopg://", "postgresql://")
    name = urllib.parse.urlparse(url).path.lstrip("/")
    with psycopg.connect(url, autocommit=True) as connection:
        backends = [
            str(row[0])
            for row in connection.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
        ]
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return _cpu_seconds([str(pid), *children]), _cpu_seconds(backends)


def _cpu_seconds(processes: list[str]) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for process in processes:
        try:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a worker or backend that ended meanwhile
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def machine_cpu_seconds() -> float:
    """CPU time used so far by everything on the machine (/proc/stat): with the server's own
    figure, what the rest costs (exited processes, the database's own work, the kernel)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def throughput(
    base: str,
    seeded: Seeded,
    seconds: float,
    connections: int,
    server_pid: int,
    database_url: str,
) -> dict[str, dict]:
    """Each read-only page alone, as one signed-in delegate (and the draft page as READERS
    delegates in turn), `/healthz` first; with the server's CPU time per request, which the
    other work of a shared machine moves far less than the rate."""
    browsers = [Browser(base) for _ in range(READERS)]
    signing = [
        threading.Thread(target=browser.sign_in, args=(email,))
        for browser, email in zip(browsers, seeded.delegate_emails, strict=False)
    ]
    for thread in signing:
        thread.start()
    for thread in signing:
        thread.join()
    cookies = ["; ".join(f"{c.name}={c.value}" for c in b.cookies) for b in browsers]
    browser = browsers[0]
    page = browser.request(f"/negotiations/{seeded.negotiation_id}/revisions/{seeded.revision_id}")
    paths = page_paths(seeded, _paragraph_ids(page[2])[0])
    results = {}
    for name in THROUGHPUT_PAGES:
        browser.request(paths[name])  # the first render is not what is measured here
        sessions = cookies if name == "draft_readers" else cookies[:1]
        used = sum(server_cpu_seconds(server_pid, database_url))
        results[name] = drive(base + paths[name], sessions, seconds, connections)
        used = sum(server_cpu_seconds(server_pid, database_url)) - used
        results[name]["cpu_ms"] = used * 1000 / max(1.0, results[name]["rate"] * seconds)
    return results


def run_mix(base: str, seeded: Seeded, args: argparse.Namespace, queue, phases) -> None:
    """The consultation day, in a child process of its own (not sharing the GIL or the
    interpreter of the script that seeded the database and measured the pages alone). `phases`
    are two events it sets when the timed mix starts and ends, for the parent to read the
    server's CPU time between them."""
    results = Results()
    emails = [
        seeded.delegate_emails[i % len(seeded.delegate_emails)] for i in range(args.delegates)
    ]
    delegates = [Delegate(email=email, browser=Browser(base)) for email in emails]
    started = time.perf_counter()
    signing = threading.BoundedSemaphore(args.concurrency)

    def sign_in(delegate: Delegate) -> None:
        with signing:
            delegate.browser.sign_in(delegate.email)

    threads = [threading.Thread(target=sign_in, args=(d,)) for d in delegates]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(
        f"{len(delegates)} delegates signed in through the form in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )

    day = Day(seeded)
    deadline = time.time() + args.seconds
    publisher = threading.Thread(
        target=publish_midway, args=(base, day, results, time.time() + args.seconds / 2)
    )
    publisher.start()

    def simulate(worker: int) -> None:
        rng = random.Random(args.seed * 1000 + worker)
        while time.time() < deadline:
            delegate = rng.choice(delegates)
            if not delegate.lock.acquire(blocking=False):
                continue  # one person does one thing at a time
            try:
                act(delegate, next_action(rng), day, results, rng)
            finally:
                delegate.lock.release()

    load_started, client_started = time.perf_counter(), time.process_time()
    phases[0].set()
    workers = [threading.Thread(target=simulate, args=(n,)) for n in range(args.concurrency)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    publisher.join()
    elapsed = time.perf_counter() - load_started
    client_cpu = time.process_time() - client_started
    phases[1].set()
    # The same steps once more with the server otherwise idle: what the load adds to them.
    quiet = Results()
    publish_next(base, day, quiet, "")
    queue.put(
        {
            "quiet": {name: values[0] for name, values in quiet.latencies.items()},
            "quiet_errors": quiet.error_samples,
            "latencies": dict(results.latencies),
            "errors": dict(results.errors),
            "refused": dict(results.refused),
            "error_samples": results.error_samples,
            "acknowledged": results.acknowledged,
            "elapsed": elapsed,
            "client_cpu": client_cpu,
            "timeline": [(at - load_started, name) for at, name in results.timeline],
        }
    )


def main() -> None:
    """Seed, serve, measure each page alone, then the mix, report."""
    global APP_ROOT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--delegates", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=24, help="requests in flight at once")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument(
        "--threads", type=int, help="threads per worker (default: the served gunicorn.conf.py)"
    )
    parser.add_argument("--database", default=os.environ.get("LOAD_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--comments", type=int, default=COMMENTS, help="comments made before the day begins"
    )
    parser.add_argument(
        "--throughput-seconds", type=float, default=8, help="each page alone; 0 skips"
    )
    parser.add_argument("--connections", type=int, default=8, help="in flight, each page alone")
    parser.add_argument("--app-root", default=str(ROOT), help="the checkout to serve")
    args = parser.parse_args()
    APP_ROOT = Path(args.app_root).resolve()
    # Seeding goes through the served checkout's own models and services (its schema may differ).
    sys.path.insert(0, str(APP_ROOT))

    database_url = args.database
    if database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://") :]
    created = ensure_database(database_url)
    instance = tempfile.mkdtemp(prefix="tracker-load-")
    try:
        measure(database_url, instance, args)
    finally:
        if created:
            drop_database(database_url)


def measure(database_url: str, instance: str, args: argparse.Namespace) -> None:
    """Everything between creating the database and dropping it."""
    started = time.perf_counter()
    seeded = seed(database_url, instance, args.comments)
    print(
        f"seeded {PARAGRAPHS} paragraphs, {seeded.seeded_comments} comments, "
        f"{len(seeded.delegate_emails)} delegates in {time.perf_counter() - started:.1f} s"
        f" (serving {APP_ROOT})",
        flush=True,
    )
    port = _free_port()
    log = Path(instance) / "gunicorn.log"
    server = start_server(database_url, instance, port, args.workers, log, threads=args.threads)
    base = f"http://127.0.0.1:{port}"
    alone: dict[str, dict] = {}
    try:
        if args.throughput_seconds > 0:
            alone = throughput(
                base, seeded, args.throughput_seconds, args.connections, server.pid, database_url
            )
        context = multiprocessing.get_context("fork")
        queue = context.Queue()
        phases = (context.Event(), context.Event())
        client = context.Process(target=run_mix, args=(base, seeded, args, queue, phases))
        client.start()
        phases[0].wait()
        workers_cpu, database_cpu = server_cpu_seconds(server.pid, database_url)
        machine_cpu = machine_cpu_seconds()
        mix_began = datetime.now(UTC)
        phases[1].wait()
        workers_after, database_after = server_cpu_seconds(server.pid, database_url)
        workers_cpu, database_cpu = workers_after - workers_cpu, database_after - database_cpu
        machine_cpu = machine_cpu_seconds() - machine_cpu
        mix_ended = datetime.now(UTC)
        mixed = queue.get()
        client.join()
    finally:
        stop_server(server)

    results = Results()
    results.latencies.update(mixed["latencies"])
    results.errors.update(mixed["errors"])
    results.refused.update(mixed["refused"])
    results.error_samples = mixed["error_samples"]
    results.acknowledged = mixed["acknowledged"]
    stored = count_comments(database_url, seeded.negotiation_id) - seeded.seeded_comments
    results.error_samples += mixed["quiet_errors"]
    results.timeline = mixed["timeline"]
    cpu = {
        "gunicorn": workers_cpu,
        "database": database_cpu,
        "client": mixed["client_cpu"],
        "machine": machine_cpu,
    }
    print_cpu_by_page(log, mix_began, mix_ended)
    print_workers_lost(log)
    report(results, mixed["elapsed"], args, stored, alone, mixed["quiet"], cpu)


#: What gunicorn writes when a worker ends other than by being told to, with its process id.
WORKER_LOST = re.compile(
    r"\[(\d+)\] \[ERROR\] Exception in worker process"
    r"|WORKER TIMEOUT \(pid:(\d+)\)|Worker \(pid:(\d+)\) (?:exited|was sent)"
)


def print_workers_lost(log: Path) -> None:
    """Say so when a worker died during the run: its requests were answered by the others,
    but its CPU time left with it (the figures per request come out too low) and a server
    that loses workers under load has a fault of its own to find in the log."""
    lost = {
        next(pid for pid in found.groups() if pid)
        for found in WORKER_LOST.finditer(log.read_text(errors="replace"))
    }
    if lost:
        print(f"\nworkers that died during the run: {len(lost)}; see {log}")


def print_cpu_by_page(log: Path, began: datetime, ended: datetime) -> None:
    """The CPU time of the thread that answered each request of the mix (the request log's
    `cpu_ms`), summed by page: what to make cheaper first."""
    spent: dict[str, list[float]] = defaultdict(list)
    for line in log.read_text(errors="replace").splitlines():
        if not line.startswith("{"):
            continue
        entry = json.loads(line)
        if (
            entry.get("cpu_ms") is None
            or not began <= datetime.fromisoformat(entry["time"]) <= ended
        ):
            continue
        spent[f"{entry['method']} {entry['endpoint']}"].append(entry["cpu_ms"])
    total = sum(sum(values) for values in spent.values()) or 1.0
    print("\nthread CPU per request in the mix, by page (request log):")
    print(f"{'page':44} {'count':>6} {'mean ms':>8} {'p50 ms':>7} {'share':>6}")
    for page, values in sorted(spent.items(), key=lambda item: -sum(item[1])):
        values.sort()
        print(
            f"{page:44} {len(values):6d} {sum(values) / len(values):8.1f} "
            f"{values[len(values) // 2]:7.1f} {sum(values) / total:6.1%}"
        )


#: Seconds of the mix counted together in its time course.
WINDOW = 5


def print_by_window(timeline: list[tuple[float, str]], elapsed: float) -> None:
    """Requests answered in each WINDOW seconds of the mix, and when the next revision was
    published: a mean over the run hides a server that stalls for seconds at the start or
    after a publication (the issue's code did both) as well as one that slows as comments
    accumulate."""
    windows = [0] * max(1, int(elapsed // WINDOW))
    published = [at for at, name in timeline if name == "publish" and at <= elapsed]
    for at, _ in timeline:
        if 0 <= at < len(windows) * WINDOW:
            windows[int(at // WINDOW)] += 1
    rates = " ".join(f"{count / WINDOW:.0f}" for count in windows)
    when = f"; the next revision published at {published[0]:.0f} s" if published else ""
    print(f"requests/s in each {WINDOW} s of the mix{when}: {rates}")


def report(
    results: Results,
    elapsed: float,
    args: argparse.Namespace,
    stored: int,
    alone: dict[str, dict],
    quiet: dict[str, float],
    cpu: dict[str, float],
) -> None:
    """Each page alone as a share of /healthz; the mix per endpoint as ratios of /healthz;
    then the summary line."""
    share = float("nan")
    if alone:
        tool = "wrk" if shutil.which("wrk") else "a Python client"
        print(
            f"\neach page alone ({tool}, {args.connections} in flight, "
            f"{args.throughput_seconds:.0f} s each, one signed-in delegate):"
        )
        print(
            f"{'page':16} {'req/s':>8} {'share':>7} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} "
            f"{'CPU ms':>7} {'CPU share':>9}"
        )
        ceiling_rate = alone["healthz"]["rate"]
        ceiling_cpu = alone["healthz"]["cpu_ms"]
        for name, figures in alone.items():
            print(
                f"{name:16} {figures['rate']:8.1f} {figures['rate'] / ceiling_rate:7.2f} "
                f"{figures['p50'] * 1000:8.1f} {figures['p99'] * 1000:8.1f} "
                f"{int(figures['errors']):6d} {figures['cpu_ms']:7.2f} "
                f"{ceiling_cpu / figures['cpu_ms']:9.2f}"
            )
        print(
            "(CPU ms: CPU time per request of gunicorn and of the database's backends; CPU "
            "share: /healthz's CPU per request over the page's, the share of /healthz's rate "
            "the page would reach on a server with its cores to itself)"
        )
        share = alone["draft"]["rate"] / ceiling_rate
    ceiling = results.latencies.get("healthz") or [float("nan")]
    ceiling_p50, ceiling_p99 = percentile(ceiling, 0.5), percentile(ceiling, 0.99)
    total = sum(len(v) for v in results.latencies.values())
    print(
        f"\n{args.delegates} delegates, {args.concurrency} in flight, {args.workers} gunicorn "
        f"workers, {elapsed:.1f} s: {total} requests, {total / elapsed:.1f} requests/s"
    )
    print(
        f"{'endpoint':16} {'count':>6} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'p50/hz':>7} {'p99/hz':>7} {'errors':>6} {'refused':>7}"
    )
    for name in sorted(results.latencies):
        values = results.latencies[name]
        p50, p95, p99 = (percentile(values, q) for q in (0.5, 0.95, 0.99))
        print(
            f"{name:16} {len(values):6d} {len(values) / elapsed:7.1f} {p50 * 1000:8.1f} "
            f"{p95 * 1000:8.1f} {p99 * 1000:8.1f} {p50 / ceiling_p50:7.1f} "
            f"{p99 / ceiling_p99:7.1f} "
            f"{results.errors.get(name, 0):6d} {results.refused.get(name, 0):7d}"
        )
    per_request = {name: seconds * 1000 / max(1, total) for name, seconds in cpu.items()}
    print(
        f"CPU per request in the mix: "
        f"{per_request['gunicorn'] + per_request['database']:.1f} ms of the server "
        f"({per_request['gunicorn']:.1f} of gunicorn, {per_request['database']:.1f} of the "
        f"database's backends), {per_request['client']:.1f} ms of the load client, "
        f"{per_request['machine']:.1f} ms of the whole machine "
        f"({cpu['machine'] / elapsed:.2f} of {os.cpu_count()} cores busy)"
    )
    print_by_window(results.timeline, elapsed)
    for step in ("upload", "publish"):
        during = results.latencies.get(step)
        if during:
            print(
                f"{step} of the next revision (pasted text): {during[0]:.2f} s during the mix, "
                f"{quiet.get(step, float('nan')):.2f} s with the server idle after it"
            )
    if results.error_samples:
        print("\nfirst errors:")
        for sample in results.error_samples:
            print("  " + sample)
    draft = results.latencies.get("draft") or [float("nan")]
    ratio = percentile(draft, 0.99) / ceiling_p99
    errors = sum(results.errors.values())
    lost = results.acknowledged - stored
    print(
        f"acknowledged={results.acknowledged} stored={stored} lost={lost} errors={errors} "
        f"draft_p99_ratio={ratio:.2f} requests_per_s={total / elapsed:.1f} "
        f"draft_share_of_healthz={share:.2f}"
    )


if __name__ == "__main__":
    main()
