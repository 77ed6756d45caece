"""Shared fixtures: an app per database engine, a cast of users, a negotiation with a text.

Every test that uses `app` runs on SQLite, and also on PostgreSQL when TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

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
_skipped_suites: dict[str, str] = {}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip whole suites whose program is missing, and remember why for the summary."""
    for marker, (available, reason) in SUITE_REQUIREMENTS.items():
        if available():
            continue
        for item in items:
            if item.get_closest_marker(marker):
                item.add_marker(pytest.mark.skip(reason=reason))
                _skipped_suites[marker] = reason


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say plainly which suites did not run on this machine and why."""
    lines = [f"{name} suite skipped: {why}" for name, why in sorted(_skipped_suites.items())]
    if not os.environ.get("TEST_DATABASE_URL"):
        lines.append("PostgreSQL runs skipped: TEST_DATABASE_URL is not set (SQLite ran)")
    if lines:
        terminalreporter.section("suites not run here")
        for line in lines:
            terminalreporter.write_line(line)


ENGINES = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
PASSWORD = "correct horse battery"


def _database_url(engine: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    if engine == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
    url = os.environ["TEST_DATABASE_URL"]
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix) :]
    return url


class RequestClient(FlaskClient):
    """A test client whose every request starts with a fresh `g`, as real requests do.

    The tests hold an application context open so they can use the database; Flask then reuses
    it for requests, and Flask-Login's cached user would leak from one request to the next.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        from flask import g

        g.pop("_login_user", None)
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


#: Tables that keep their rows between tests (reference data).
KEEP = {"delegations", "group_memberships", "alembic_version"}


@pytest.fixture(autouse=True)
def _clean_database(request: pytest.FixtureRequest) -> Iterator[None]:
    """Each test starts with only the reference data in the database."""
    if "app" not in request.fixturenames:
        yield
        return
    app: Flask = request.getfixturevalue("app")
    from tracker.extensions import db

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


@dataclass
class Cast:
    """Everyone the permission tests need, and two negotiations A and B."""

    admin: object
    secretariat: object
    cofac_a: object
    cofac_b: object
    delegate_a: object  # Mexico
    delegate_b: object  # Chile
    negotiation_a: object
    negotiation_b: object


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
    return client


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
