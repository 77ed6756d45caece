"""A live app server in a thread on a fresh SQLite database, and a Chromium page to drive it."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.conftest import CHROMIUM, PASSWORD

SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
T = TypeVar("T")


@dataclass
class LiveServer:
    """The running app: its base URL, and a way to set data up through the services."""

    app: Flask
    url: str

    def run(self, action: Callable[[], T]) -> T:
        """Call `action` inside the server's app context (for setting up accounts and texts)."""
        with self.app.app_context():
            return action()


def _static_read_whole(app: Flask) -> Callable[..., Any]:
    """The app, with a static file's body read whole and its file closed before werkzeug's
    development server sends it. When the browser drops a connection mid-file (it often does
    with the favicon), that server leaves the file open for the garbage collector, and the
    ResourceWarning fails whichever test is running then. gunicorn closes it in any case."""

    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        body = app(environ, start_response)
        if not environ.get("PATH_INFO", "").startswith("/static/"):
            return body
        try:
            return [b"".join(body)]
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()

    return serve


@pytest.fixture
def live_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveServer]:
    """The app served by werkzeug on 127.0.0.1 with a free port, migrated and with the
    reference delegations, CSRF on as in production."""
    from flask_migrate import upgrade

    from tracker import create_app
    from tracker.extensions import db
    from tracker.services.delegations import ensure_reference_delegations

    instance = tmp_path / "instance"
    instance.mkdir()
    monkeypatch.setenv("TRACKER_INSTANCE_PATH", str(instance))
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'live.sqlite'}",
            "RATELIMIT_ENABLED": False,
            "SECRET_KEY": "browser-tests",
            # One round of PBKDF2, as in the other suites: accounts are made for every test.
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
            # Draft pages' live streams end soon, so none outlives its test by long.
            "LIVE_STREAM_SECONDS": 5,
        }
    )
    with app.app_context():
        upgrade()
        ensure_reference_delegations()
    server = make_server("127.0.0.1", 0, _static_read_whole(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(app=app, url=f"http://127.0.0.1:{server.port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """The system Chromium driven by Playwright, shared by the session's browser tests."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium: Any) -> Iterator[Callable[[], Any]]:
    """Open pages in separate browser contexts (one per signed-in person)."""
    contexts = []

    def open_page() -> Any:
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def sign_in_page(page: Any, server: LiveServer, email: str, password: str = PASSWORD) -> None:
    """Sign in through the login form, as a person would."""
    page.goto(server.url + "/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot under tests/browser/screenshots/ to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


@dataclass
class DemoSite:
    """The live server with the demo negotiation loaded, and the ids its pages need."""

    server: LiveServer
    negotiation_id: int
    zero_id: int
    rev1_id: int

    @property
    def negotiation_url(self) -> str:
        """The demo negotiation's page."""
        return f"{self.server.url}/negotiations/{self.negotiation_id}"


DEMO_PASSWORD = "demo-password"


@pytest.fixture
def demo_site(live_server: LiveServer) -> DemoSite:
    """The demo (accounts for every role, the zero draft, Rev.1, rounds and comments) loaded
    into the live server, as `make run` shows it to a new user."""
    from sqlalchemy import select

    from tracker.demo import load_demo
    from tracker.extensions import db
    from tracker.models import Negotiation

    def load() -> DemoSite:
        load_demo()
        negotiation = db.session.scalars(select(Negotiation)).one()
        zero, rev1 = negotiation.published_revisions[:2]
        return DemoSite(live_server, negotiation.id, zero.id, rev1.id)

    return live_server.run(load)


def sign_in_demo(page: Any, site: DemoSite, email: str) -> None:
    """Sign in as one of the demo accounts through the login form."""
    sign_in_page(page, site.server, email, DEMO_PASSWORD)


def break_silence_as_african_group(page: Any, site: DemoSite, statement: str) -> None:
    """Nigeria, designated for the African Group, breaks silence on OP2 through the form."""
    sign_in_demo(page, site, "nigeria@demo.example")
    page.goto(site.negotiation_url)
    page.get_by_role("link", name="Statements and how to break silence").click()
    page.get_by_role("checkbox", name="OP2 —").first.check()
    page.get_by_label("On behalf of").select_option(label="African Group")
    page.get_by_role("textbox", name="Statement").fill(statement)
    page.get_by_role("button", name="Break silence").click()
    # A real second step, without script: the statement is shown back before it is recorded.
    # The click only starts the navigation; the caller reads the page that records the break.
    with page.expect_navigation():
        page.get_by_role("button", name="Yes, break silence").click()


def review_and_publish(page: Any, label: str) -> None:
    """From a preview: open its review page, then confirm publishing there (two steps)."""
    with page.expect_navigation():
        page.get_by_role("link", name=f"Review and publish {label}").click()
    with page.expect_navigation():
        page.get_by_role(
            "button", name=re.compile(rf"^Publish {re.escape(label)} and notify")
        ).click()


@dataclass
class SmallNegotiation:
    """A short published zero draft (tests/fixtures/pairing-zero.txt) and the people around it:
    the secretariat, one co-facilitator, Mexico and Chile."""

    negotiation: Any
    zero: Any
    secretariat: Any
    cofac: Any
    mexico: Any
    chile: Any


def small_negotiation() -> SmallNegotiation:
    """Set up `SmallNegotiation` through the services (call inside `LiveServer.run`)."""
    from tests.conftest import fixture_bytes, make_user
    from tracker.services.negotiations import create_negotiation
    from tracker.services.revisions import publish_revision, upload_revision

    secretariat = make_user("sec@example.org", "secretariat", name="Secretariat Officer")
    cofac = make_user("cofac@example.org", "facilitator", name="Co-facilitator One")
    mexico = make_user("mexico@example.org", "delegate", "MEX", name="Delegate of Mexico")
    chile = make_user("chile@example.org", "delegate", "CHL", name="Delegate of Chile")
    negotiation = create_negotiation(
        secretariat,
        title="Appraisal of the Global Plan of Action",
        mandate="",
        facilitator_emails=[cofac.email],
    )
    preview = upload_revision(
        cofac, negotiation, filename="zero.txt", data=fixture_bytes("pairing-zero.txt")
    )
    zero = publish_revision(cofac, preview)
    return SmallNegotiation(negotiation, zero, secretariat, cofac, mexico, chile)
