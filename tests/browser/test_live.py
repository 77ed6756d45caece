"""A delegate's draft page follows the room: a co-facilitator's status change and a new comment
appear without reloading, and a page whose stream was cut catches up when it reconnects."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DemoSite, screenshot, sign_in_demo

pytestmark = pytest.mark.browser


def _consult_line(page, path: str):
    return page.locator(f"#{path} > .para-body > .para-consult")


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
    cofac.goto(draft_url)
    cofac.locator("#OP3").get_by_role("link", name="Status and comments").click()
    cofac.get_by_label("Status in Rev.1").select_option("agreed_ad_ref")
    cofac.get_by_role("button", name="Set status").click()

    badge = _consult_line(delegate, "OP3").locator(".state-agreed_ad_ref")
    badge.wait_for(timeout=10_000)
    assert badge.inner_text() == "Agreed ad ref"
    assert "OP3 is now agreed ad ref." in delegate.locator(".live-notice").inner_text()

    # The delegate's connection drops; meanwhile OP5 is bracketed. Back online, the page
    # catches up from the last event it saw.
    delegate.context.set_offline(True)
    cofac.goto(draft_url)
    cofac.locator("#OP5").get_by_role("link", name="Status and comments").click()
    cofac.get_by_label("Status in Rev.1").select_option("bracketed")
    cofac.get_by_role("button", name="Set status").click()
    delegate.wait_for_timeout(3000)
    delegate.context.set_offline(False)
    _consult_line(delegate, "OP5").locator(".state-bracketed").wait_for(timeout=15_000)
    assert delegate.evaluate("window.notReloaded") is True
    # Each change once: one badge per paragraph.
    assert _consult_line(delegate, "OP3").locator(".badge").count() == 1
    screenshot(delegate, "live-status-delegate")
