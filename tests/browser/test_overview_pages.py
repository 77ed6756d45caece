"""In Chromium at 1280 px: the positions matrix scrolls inside its own box with the paragraph
column kept in view, the dashboard renders under the strict CSP, and silence is broken through
the real forms (CSRF on)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import break_silence_as_african_group, sign_in_demo
from tracker.moments import NEW_YORK

pytestmark = pytest.mark.browser


def csp_errors(page) -> list[str]:
    """Collect console messages about blocked inline styles or scripts."""
    messages: list[str] = []
    page.on(
        "console",
        lambda message: (
            messages.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return messages


def test_the_matrix_of_a_large_group_scrolls_inside_its_box(demo_site, new_page):
    page = new_page()
    blocked = csp_errors(page)
    sign_in_demo(page, demo_site, "chile@demo.example")
    page.goto(demo_site.negotiation_url)
    page.get_by_role("link", name="Positions at a glance").click()
    page.get_by_label("Columns").select_option("G77")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    columns = page.locator("table.positions thead th[scope=col]").count() - 1
    assert columns > 40
    widths = page.evaluate(
        "() => { const box = document.querySelector('.matrix-scroll');"
        " return {page: document.documentElement.scrollWidth,"
        " viewport: document.documentElement.clientWidth,"
        " inner: box.scrollWidth, outer: box.clientWidth}; }"
    )
    assert widths["page"] <= widths["viewport"]  # only the matrix scrolls sideways
    assert widths["inner"] > widths["outer"]
    box = page.locator(".matrix-scroll")
    first_cell = page.locator("table.positions tbody th[scope=row]").first
    before = first_cell.bounding_box()["x"]
    box.evaluate("element => { element.scrollLeft = 2000; }")
    assert first_cell.bounding_box()["x"] == pytest.approx(before, abs=1)
    assert blocked == []


def test_the_dashboard_draws_its_charts_under_the_strict_policy(demo_site, new_page):
    page = new_page()
    blocked = csp_errors(page)
    sign_in_demo(page, demo_site, "mexico@demo.example")
    page.goto(demo_site.negotiation_url)
    page.get_by_role("link", name="Dashboard").click()
    page.wait_for_url("**/dashboard")  # the click only starts the navigation
    assert page.locator("figure.chart svg[role=img]").count() == 3
    bars = page.locator("figure.chart svg rect[fill^='url(#']")
    assert bars.count() > 3
    assert bars.first.bounding_box()["height"] > 0
    page.get_by_text("Paragraph status per revision as a table").click()
    assert page.get_by_role("row", name="Rev.1").first.is_visible()
    assert blocked == []


def test_a_delegate_breaks_silence_through_the_forms(demo_site, new_page):
    deadline = (datetime.now(UTC) + timedelta(days=3)).astimezone(NEW_YORK)
    cofac = new_page()
    sign_in_demo(cofac, demo_site, "cofac.georgia@demo.example")
    cofac.goto(demo_site.negotiation_url)
    cofac.get_by_role("link", name="Put the text under silence").click()
    cofac.get_by_label("Date").fill(f"{deadline:%Y-%m-%d}")
    cofac.get_by_label("Time").fill("18:00")
    cofac.get_by_role("button", name="Put under silence").click()
    expect(cofac.locator("body")).to_contain_text("Rev.1 is under silence until")

    delegate = new_page()
    break_silence_as_african_group(
        delegate, demo_site, "The African Group cannot join consensus on OP2."
    )
    expect(
        delegate.get_by_role("heading", name="African Group broke silence on OP2")
    ).to_be_visible()

    cofac.reload()
    cofac.get_by_label("Silence broken").check()
    cofac.get_by_label("Note").fill("Consultations resume on OP2.")
    cofac.get_by_role("button", name="Record outcome").click()
    expect(cofac.locator("body")).to_contain_text("Recorded: silence broken.")
