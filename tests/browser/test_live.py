"""A delegate's draft page follows the room: a co-facilitator's status change and a new comment
appear without reloading, and a page whose stream was cut catches up when it reconnects."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import DemoSite, screenshot, sign_in_demo

pytestmark = pytest.mark.browser


def _consult_line(page, path: str):
    return page.locator(f"#{path} > .para-body > .para-consult")


def _set_status(cofac, draft_url: str, path: str, status: str) -> None:
    """The co-facilitator sets a paragraph's status from its page, as in the room."""
    cofac.goto(draft_url)
    cofac.locator(f"#{path}").get_by_role("link", name="Status and comments").click()
    cofac.get_by_label("Status in Rev.1").select_option(status)
    cofac.get_by_role("button", name="Set status").click()


def test_status_changes_reach_a_delegate_without_reload(demo_site: DemoSite, new_page) -> None:
    # Streams end every few seconds here, so the page also reconnects during the test.
    demo_site.server.app.config["LIVE_STREAM_SECONDS"] = 2
    draft_url = f"{demo_site.negotiation_url}/revisions/{demo_site.rev1_id}"

    delegate = new_page()
    sign_in_demo(delegate, demo_site, "chile@demo.example")
    delegate.goto(draft_url)
    assert "agreed" not in _consult_line(delegate, "OP3").inner_text().lower()
    delegate.evaluate("window.notReloaded = true")

    cofac = new_page()
    sign_in_demo(cofac, demo_site, "cofac.georgia@demo.example")
    _set_status(cofac, draft_url, "OP3", "agreed_ad_ref")

    badge = _consult_line(delegate, "OP3").locator(".state-agreed_ad_ref")
    badge.wait_for(timeout=10_000)
    assert badge.inner_text() == "Agreed ad ref"
    assert "OP3 is now agreed ad ref." in delegate.locator(".live-notice").inner_text()

    # The delegate's connection drops; meanwhile OP5 is bracketed. Back online, the page
    # catches up from the last event it saw.
    delegate.context.set_offline(True)
    _set_status(cofac, draft_url, "OP5", "bracketed")
    delegate.wait_for_timeout(3000)
    delegate.context.set_offline(False)
    _consult_line(delegate, "OP5").locator(".state-bracketed").wait_for(timeout=15_000)
    assert delegate.evaluate("window.notReloaded") is True
    # Each change once: one badge per paragraph.
    assert _consult_line(delegate, "OP3").locator(".badge").count() == 1
    screenshot(delegate, "live-status-delegate")


def test_a_page_turned_away_comes_back_after_its_last_event(demo_site: DemoSite, new_page) -> None:
    app = demo_site.server.app
    app.config["LIVE_STREAM_SECONDS"] = 2
    draft_url = f"{demo_site.negotiation_url}/revisions/{demo_site.rev1_id}"
    streams: list[tuple[int, int]] = []

    def record(response) -> None:  # noqa: ANN001 (Playwright's Response)
        found = re.search(r"/events\?after=(\d+)", response.url)
        if found:
            streams.append((int(found.group(1)), response.status))

    delegate = new_page()
    sign_in_demo(delegate, demo_site, "chile@demo.example")
    delegate.on("response", record)
    delegate.goto(draft_url)
    delegate.evaluate("window.notReloaded = true")
    cofac = new_page()
    sign_in_demo(cofac, demo_site, "cofac.georgia@demo.example")
    _set_status(cofac, draft_url, "OP3", "agreed_ad_ref")
    _consult_line(delegate, "OP3").locator(".state-agreed_ad_ref").wait_for(timeout=10_000)

    # The server is full (or a proxy answers for a server that is down): the browser's own
    # reconnection gets an error page instead of the stream, and EventSource gives up.
    app.config["LIVE_STREAMS_PER_PROCESS"] = 0
    for _ in range(100):
        if any(status == 503 for _, status in streams):
            break
        delegate.wait_for_timeout(100)
    assert any(status == 503 for _, status in streams)
    _set_status(cofac, draft_url, "OP5", "bracketed")
    app.config["LIVE_STREAMS_PER_PROCESS"] = 80

    # The script starts a stream again after the last event the page received.
    _consult_line(delegate, "OP5").locator(".state-bracketed").wait_for(timeout=20_000)
    assert delegate.evaluate("window.notReloaded") is True
    assert _consult_line(delegate, "OP3").locator(".badge").count() == 1
    first_after = streams[0][0]
    assert any(after > first_after and status == 200 for after, status in streams)
