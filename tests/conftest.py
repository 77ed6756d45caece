"""Shared fixtures: an app per database engine, a cast of users, a negotiation with a text.

Every test that uses `app` runs on SQLite, and also on PostgreSQL when TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection, func, select, text

FIXTURES = Path(__file__).parent / "fixtures"
CHROMIUM = "/usr/bin/chromium"

#: Suites that need a program from Debian: marker -> (is it there?, why skipped otherwise).
SUITE_REQUIREMENTS = {
    "browser": (
        lambda: Path(CHROMIUM).exists(),
        f"Chromium not found at {CHROMIUM} (apt-get install chromium)",
    ),
    "libreoffice": (
        lambda: shutil.which("soffice") is not None,
        "LibreOffice not found (apt-get install libreoffice-writer-nogui)",
    ),
}


def printed_by_libreoffice(document: bytes, folder: Path) -> bytes:
    """The Word file printed to PDF by LibreOffice, as a co-facilitator's word processor would
    (with a profile of its own in `folder`); for tests marked `libreoffice`."""
    (folder / "printed.docx").write_bytes(document)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{folder}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(folder / "printed.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (folder / "printed.pdf").read_bytes()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip whole suites whose program is missing."""
    for marker, (available, reason) in SUITE_REQUIREMENTS.items():
        if available():
            continue
        for item in items:
            if item.get_closest_marker(marker):
                item.add_marker(pytest.mark.skip(reason=reason))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say plainly which suites did not run on this machine and why (asked here rather than
    remembered from the collection, which pytest-xdist runs in its workers)."""
    lines = [
        f"{name} suite skipped: {why}"
        for name, (available, why) in sorted(SUITE_REQUIREMENTS.items())
        if not available()
    ]
    if not os.environ.get("TEST_DATABASE_URL"):
        lines.append("PostgreSQL runs skipped: TEST_DATABASE_URL is not set (SQLite ran)")
    if lines:
        terminalreporter.section("suites not run here")
        for line in lines:
            terminalreporter.write_line(line)


ENGINES = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
PASSWORD = "correct horse battery"


#: The pytest-xdist worker running this process ("gw0", "gw1", ...), or "" without xdist.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def postgres_url(suffix: str = "") -> str | None:
    """TEST_DATABASE_URL for SQLAlchemy, its database name followed by `suffix` and, under
    pytest-xdist, the worker's name: each worker needs a database of its own."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return None
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix) :]
    name = suffix + (f"_{WORKER}" if WORKER else "")
    return url + name if name else url


def redis_url_or_skip(database: int) -> str:
    """The URL of a database of the Redis at 127.0.0.1:6379, or a skip saying it is absent
    (CI runs one)."""
    redis = pytest.importorskip("redis")
    url = f"redis://127.0.0.1:6379/{database}"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except (OSError, redis.RedisError):
        pytest.skip("no Redis at 127.0.0.1:6379 (CI runs one)")
    return url


def drop_postgres_database(url: str, *, create_again: bool = False) -> None:
    """Drop the database the URL names (and create it empty), through the server's `postgres`
    database."""
    from sqlalchemy import create_engine, make_url

    name = make_url(url).database
    server = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if create_again:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()


def _database_url(engine: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    if engine == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
    url = postgres_url()
    assert url is not None
    if WORKER:
        drop_postgres_database(url, create_again=True)
    return url


class RequestClient(FlaskClient):
    """A test client whose every request starts with a fresh `g`, as real requests do.

    The tests hold an application context open so they can use the database; Flask then reuses
    it for requests, and Flask-Login's cached user, Flask-WTF's signed form token and the
    database generation read with the user would leak from one request to the next.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        from flask import g

        g.pop("_login_user", None)
        g.pop("csrf_token", None)  # Flask-WTF signs each request's form token once, in g
        g.pop("data_generation", None)  # read with the person as a request begins
        g.pop("unread_notifications", None)  # likewise
        return super().open(*args, **kwargs)


@pytest.fixture(scope="session", params=ENGINES)
def app(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    """The app on a database brought to the current schema by the migrations."""
    from flask_migrate import upgrade

    from tracker import create_app
    from tracker.extensions import db
    from tracker.services.delegations import ensure_reference_delegations

    instance = tmp_path_factory.mktemp("instance")
    os.environ["TRACKER_INSTANCE_PATH"] = str(instance)
    url = _database_url(request.param, tmp_path_factory)
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "SECRET_KEY": "test",
            # One round of PBKDF2: the suite creates hundreds of accounts, and scrypt costs
            # a third of a second each.
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
            # Uploads are read in this process: a child per upload would slow the suite; one
            # test reads them in a child with a budget, as production does.
            "UPLOAD_PARSE_ISOLATED": False,
            # Live event streams end at once (a test that follows one longer says so).
            "LIVE_STREAM_SECONDS": 0.2,
        }
    )
    app.test_client_class = RequestClient
    with app.app_context():
        if request.param == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        upgrade()
        ensure_reference_delegations()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if WORKER and request.param == "postgresql":
        drop_postgres_database(url)


#: Tables that keep their rows between tests: the reference data, stored once per session.
KEEP = {"delegations", "group_memberships", "alembic_version", "data_generation"}


#: The connection of the module rolling back, while one is.
_rolling_back: list[Connection] = []


@pytest.fixture(scope="module")
def rolled_back(app: Flask) -> Iterator[Connection]:
    """For a module whose tests need no real commit: the module runs in one transaction that is
    rolled back at its end, and each test in a savepoint rolled back after it. What the module
    sets up once is seen by every test, what a test changes by no other, and nothing is deleted
    between tests. Services commit as usual: their commits release savepoints of their own.

    Once it has started, the module's other tests that use the database roll back too: one
    committing for real would wait on this transaction's lock."""
    from sqlalchemy.orm import scoped_session, sessionmaker

    from tracker.extensions import db

    with app.app_context():
        connection = db.engine.connect()
    transaction = connection.begin()
    if connection.dialect.name == "sqlite":
        # pysqlite opens a transaction only before a write, so a SAVEPOINT would open the
        # outermost one and its RELEASE commit it: open it explicitly first.
        connection.exec_driver_sql("BEGIN")
    real_session = db.session
    _rolling_back.append(connection)
    # A plain SQLAlchemy session on the one connection stands in for Flask-SQLAlchemy's.
    on_connection: sessionmaker[Any] = sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint"
    )
    db.session = scoped_session(on_connection, scopefunc=lambda: "rolled back")
    try:
        yield connection
    finally:
        db.session.remove()
        db.session = real_session
        _rolling_back.remove(connection)
        transaction.rollback()
        connection.close()
        _forget_kept_pages(app)


def _forget_kept_pages(app: Flask) -> None:
    """After a rollback or emptying the tables: the database's generation and its ids went
    back, and the same numbers will be reached again with other data (a real database never
    takes back a commit)."""
    from tracker import render_cache
    from tracker.services import comments, openings

    with app.app_context():
        render_cache.page_store().clear()
    comments.forget_speakers()
    render_cache.forget_remembered()
    openings.forget_known_openings()


@pytest.fixture(autouse=True)
def _clean_database(request: pytest.FixtureRequest) -> Iterator[None]:
    """Each test starts with only the reference data in the database (and, in a module that
    rolls back, what the module set up)."""
    if "app" not in request.fixturenames:
        yield
        return
    app: Flask = request.getfixturevalue("app")
    from tracker.extensions import db

    if "rolled_back" in request.fixturenames or _rolling_back:
        connection: Connection = request.getfixturevalue("rolled_back")
        with app.app_context():
            # End the session the module set up in: its open savepoint must not enclose the test's.
            db.session.remove()
            savepoint = connection.begin_nested()
            yield
            db.session.remove()
            savepoint.rollback()
        _forget_kept_pages(app)
        return
    with app.app_context():
        yield
        db.session.rollback()
        db.session.remove()
        tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in KEEP]
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                names = ", ".join(t.name for t in tables)
                connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    connection.execute(table.delete())
    _forget_kept_pages(app)


if TYPE_CHECKING:
    from tracker.models import Negotiation, User


@dataclass
class Cast:
    """Everyone the permission tests need, and two negotiations A and B."""

    admin: User
    secretariat: User
    cofac_a: User
    cofac_b: User
    delegate_a: User  # Mexico
    delegate_b: User  # Chile
    negotiation_a: Negotiation
    negotiation_b: Negotiation


def make_user(email: str, role: str, delegation: str | None = None, name: str | None = None):
    """Create an account through the service, as the command line does."""
    from tracker.services.accounts import create_account

    return create_account(
        None,
        email=email,
        name=name or email.split("@")[0],
        role=role,
        password=PASSWORD,
        delegation_code=delegation,
    )


@pytest.fixture
def cast(app: Flask) -> Cast:
    """Accounts for each role and two negotiations with different co-facilitators."""
    return build_cast()


def build_cast() -> Cast:
    """Make the accounts and negotiations of a `Cast` through the services."""
    from tracker.services.negotiations import create_negotiation

    admin = make_user("admin@example.org", "admin")
    secretariat = make_user("sec@example.org", "secretariat")
    cofac_a = make_user("cofac.a@example.org", "facilitator")
    cofac_b = make_user("cofac.b@example.org", "facilitator")
    delegate_a = make_user("mexico@example.org", "delegate", "MEX")
    delegate_b = make_user("chile@example.org", "delegate", "CHL")
    negotiation_a = create_negotiation(
        secretariat, title="Negotiation A", mandate="", facilitator_emails=[cofac_a.email]
    )
    negotiation_b = create_negotiation(
        secretariat, title="Negotiation B", mandate="", facilitator_emails=[cofac_b.email]
    )
    return Cast(
        admin, secretariat, cofac_a, cofac_b, delegate_a, delegate_b, negotiation_a, negotiation_b
    )


def sign_in(client: FlaskClient, user) -> FlaskClient:
    """Sign the test client in as the user without going through the form."""
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
        session["session_version"] = user.session_version
    return client


def rows(model: type, **where: Any) -> list[Any]:
    """Every stored `model` whose columns equal `where`, in the database's order."""
    from tracker.extensions import db

    return list(db.session.scalars(select(model).filter_by(**where)))


def one(model: type, **where: Any) -> Any:
    """The one stored `model` whose columns equal `where` (an error if none or several)."""
    from tracker.extensions import db

    return db.session.scalars(select(model).filter_by(**where)).one()


def count(model: type, **where: Any) -> int:
    """How many stored `model`s have columns equal to `where`."""
    from tracker.extensions import db

    return db.session.scalar(select(func.count()).select_from(model).filter_by(**where)) or 0


def fixture_bytes(name: str) -> bytes:
    """The bytes of a file in tests/fixtures."""
    return (FIXTURES / name).read_bytes()


def publish(user, negotiation, filename: str, data: bytes | None = None, label: str = ""):
    """Upload and publish a text as the co-facilitator; returns the revision."""
    from tracker.services.revisions import publish_revision, upload_revision

    revision = upload_revision(
        user,
        negotiation,
        filename=filename,
        data=data if data is not None else fixture_bytes(filename),
        label=label,
    )
    return publish_revision(user, revision)


def sponsored_draft_and_revision() -> tuple[str, bytes, bytes]:
    """A real sponsored draft (its file name and text) and a revision of it with one sponsor
    more and one section heading renamed ("Implementation plan" to "roadmap")."""
    from tests.text.corpus import PAIR_DOCS

    path = PAIR_DOCS / "A_C.2_80_L.16.txt"
    original = path.read_text(encoding="utf-8")
    revised = original.replace(
        "Turkmenistan: draft resolution", "Turkmenistan and Mongolia: draft resolution"
    ).replace("Implementation plan \n", "Implementation roadmap \n")
    assert revised.count("Implementation roadmap") == 1
    return path.name, original.encode(), revised.encode()


def schedule_round(cast, revision, title: str = "First reading", comments_for=None):
    """Co-facilitator A schedules a round on the revision of negotiation A: meeting now for
    three hours, comments taken for two days (or for the timedelta `comments_for`)."""
    from datetime import UTC, datetime, timedelta

    from tracker.services import rounds

    now = datetime.now(UTC)
    return rounds.create_round(
        cast.cofac_a,
        cast.negotiation_a,
        title=title,
        revision=revision,
        starts_at=now,
        ends_at=now + timedelta(hours=3),
        comment_deadline=now + (comments_for or timedelta(days=2)),
    )


def clock_past(monkeypatch, deadline) -> None:
    """Move the clock a minute past `deadline`, with nothing written: the deadline checks
    (tracker.services.comments) and the moment a kept page expires (time.time) both read it."""
    import time
    from datetime import timedelta

    from tracker.services import comments

    later = deadline + timedelta(minutes=1)
    monkeypatch.setattr(comments, "utcnow", lambda: later)
    monkeypatch.setattr(time, "time", lambda: later.timestamp())


def designate(cast, group: str, delegation: str, negotiation=None) -> None:
    """The secretariat lets a delegation speak for a group in a negotiation (A by default)."""
    from tracker.services.delegations import designate_speaker

    designate_speaker(
        cast.secretariat,
        negotiation or cast.negotiation_a,
        group_code=group,
        delegation_code=delegation,
    )


#: The starter library of adopted texts the demo loads.
STARTER_LIBRARY = Path(__file__).parent.parent / "tracker" / "demo_data" / "library"


def library_text_id(symbol: str) -> int:
    """The id of the library text with that symbol."""
    from sqlalchemy import select

    from tracker.extensions import db
    from tracker.models import LibraryText

    text_id = db.session.scalar(select(LibraryText.id).where(LibraryText.symbol == symbol))
    assert text_id is not None, f"{symbol} is not in the library"
    return text_id
