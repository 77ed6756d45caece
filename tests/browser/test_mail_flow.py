"""In Chromium: a delegate breaks silence through the form, and the co-facilitator learns of it
both ways at once: a message in their inbox (a real SMTP server, fed by a mail worker running
beside the app) whose link opens the statement, and the bell of the app."""

from __future__ import annotations

import re
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import break_silence_as_african_group, screenshot, sign_in_demo
from tests.mail.conftest import Inbox, parts, smtp  # noqa: F401 - the smtp fixture

pytestmark = pytest.mark.browser

COFAC = "cofac.georgia@demo.example"


def bell_count(page) -> int:
    text = page.locator("a.bell").inner_text()
    match = re.search(r"(\d+)", text)
    return int(match.group(1)) if match else 0


@pytest.fixture
def mail_worker(demo_site, smtp):  # noqa: F811
    """The app sends through the test SMTP server; a worker delivers as `flask send-mail` does."""
    from tracker.services.mail import deliver_pending

    inbox, port = smtp
    app = demo_site.server.app
    app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False, PUBLIC_URL=demo_site.server.url
    )
    stop = threading.Event()

    def work() -> None:
        with app.app_context():
            while not stop.is_set():
                deliver_pending()
                time.sleep(0.1)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    yield inbox
    stop.set()
    worker.join(timeout=10)


def test_silence_broken_reaches_the_cofacilitators_inbox_and_bell(
    demo_site, new_page, mail_worker: Inbox
):
    from tracker.extensions import db
    from tracker.models import Negotiation, User
    from tracker.services.silence import start_silence

    def under_silence() -> None:
        negotiation = db.session.get(Negotiation, demo_site.negotiation_id)
        facilitator = db.session.query(User).filter_by(email=COFAC).one()
        rev1 = negotiation.published_revisions[-1]
        start_silence(facilitator, negotiation, rev1, datetime.now(UTC) + timedelta(days=3))

    demo_site.server.run(under_silence)
    cofac = new_page()
    sign_in_demo(cofac, demo_site, COFAC)
    cofac.goto(demo_site.negotiation_url)
    before = bell_count(cofac)
    letters_before = len(mail_worker.to(COFAC))

    delegate = new_page()
    break_silence_as_african_group(
        delegate, demo_site, "The African Group cannot join consensus on OP2."
    )
    expect(
        delegate.get_by_role("heading", name="African Group broke silence on OP2")
    ).to_be_visible()

    # The inbox: one message, at once, with the statement and a link that works. The worker
    # may still be delivering the demo's own letters, so only letters about silence count.
    def about_silence() -> list:
        return [
            m for m in mail_worker.to(COFAC)[letters_before:] if "broke silence" in m["Subject"]
        ]

    deadline = time.time() + 15
    while not about_silence() and time.time() < deadline:
        time.sleep(0.1)
    arrived = about_silence()
    assert [m["Subject"] for m in arrived] == [
        f"{demo_title(demo_site)}: African Group broke silence on Rev.1 OP2."
    ]
    text, html = parts(arrived[0])
    assert "The African Group cannot join consensus on OP2." in text
    link = re.search(r"Open it: (\S+)", text).group(1)
    assert link.startswith(demo_site.server.url + "/negotiations/")

    # The bell: one more unread notification, and the list says what happened.
    cofac.reload()
    assert bell_count(cofac) == before + 1
    cofac.locator("a.bell").click()
    expect(cofac.get_by_text("African Group broke silence on Rev.1 OP2.").first).to_be_visible()
    screenshot(cofac, "silence-broken-bell")

    # The link in the message opens the statement.
    cofac.goto(link)
    expect(cofac.locator("body")).to_contain_text("The African Group cannot join consensus on OP2.")


def demo_title(demo_site) -> str:
    from tracker.extensions import db
    from tracker.models import Negotiation

    return demo_site.server.run(lambda: db.session.get(Negotiation, demo_site.negotiation_id).title)
