"""Each role's main path through the pages, driven in Chromium as a person would, keyboard too."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.browser.conftest import (
    DemoSite,
    review_and_publish,
    screenshot,
    sign_in_demo,
    sign_in_page,
)
from tests.conftest import FIXTURES, PASSWORD, make_user

pytestmark = pytest.mark.browser

ZERO_DRAFT = FIXTURES / "zero-draft-2021-hlm-modalities.txt"
REV1 = FIXTURES / "align-zero-draft-rev1.txt"
TITLE = "Modalities of the 2021 high-level meeting on trafficking in persons"


def _count(page: Any, term: str) -> str:
    """The figure shown beside a term in the preview's counts."""
    return (
        page.locator(".counts div", has=page.get_by_text(term, exact=True))
        .locator("dd")
        .inner_text()
    )


def _create_account(
    page: Any, name: str, email: str, role: str, delegation: str = "", press_enter: bool = False
) -> None:
    page.get_by_role("link", name="Accounts").click()
    page.get_by_role("link", name="New account").click()
    page.get_by_label("Name").fill(name)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Role").select_option(role)
    if delegation:
        page.get_by_label("Delegation (delegates only)").select_option(label=delegation)
    page.get_by_label("Initial password").fill(PASSWORD)
    with page.expect_navigation():
        if press_enter:
            page.get_by_label("Initial password").press("Enter")
        else:
            page.get_by_role("button", name="Create account").click()
    expect(page.locator("body")).to_contain_text(f"The account for {email} was created.")


def _in_viewport(page: Any, selector: str) -> bool:
    """Whether the element's top edge is on screen (scrolling to an anchor can stop a pixel
    fraction above it)."""
    check = (
        "selector => { const el = document.querySelector(selector);"
        " if (!el) return false; const r = el.getBoundingClientRect();"
        " return r.top > -2 && r.top < window.innerHeight; }"
    )
    try:  # smooth scrolling or a busy machine may need a moment to settle
        page.wait_for_function(check, arg=selector, timeout=5000)
    except PlaywrightTimeout:
        return False
    return True


def test_secretariat_sets_up_cofacilitator_publishes_delegate_reads(live_server, new_page):
    live_server.run(lambda: make_user("sec@example.org", "secretariat", name="Secretariat"))

    # The secretariat creates the co-facilitator's and a delegate's accounts, then the negotiation.
    secretariat = new_page()
    sign_in_page(secretariat, live_server, "sec@example.org")
    _create_account(secretariat, "Co-facilitator One", "cofac@example.org", "facilitator")
    _create_account(
        secretariat, "Delegate of Mexico", "mexico@example.org", "delegate", "Mexico", True
    )
    rows = secretariat.locator("table.list tbody tr")
    mexico_row = rows.filter(has_text="mexico@example.org")
    assert "Mexico" in mexico_row.inner_text()
    screenshot(secretariat, "roles-01-accounts")
    secretariat.get_by_role("link", name="Negotiations").click()
    secretariat.get_by_role("link", name="New negotiation").click()
    secretariat.get_by_label("Title").fill(TITLE)
    secretariat.get_by_label("Co-facilitators").fill("cofac@example.org")
    screenshot(secretariat, "roles-02-new-negotiation")
    with secretariat.expect_navigation():
        secretariat.get_by_role("button", name="Create negotiation").click()
    assert secretariat.get_by_role("heading", name=TITLE).count() == 1
    assert "Co-facilitator One" in secretariat.locator("main").inner_text()
    negotiation_url = secretariat.url

    # The co-facilitator uploads the zero draft as circulated, cover letter and all.
    cofac = new_page()
    sign_in_page(cofac, live_server, "cofac@example.org")
    cofac.get_by_role("link", name=TITLE).click()
    cofac.get_by_role("link", name="Upload Zero draft").click()
    assert cofac.get_by_label("Label").input_value() == "Zero draft"
    cofac.get_by_label("File (.txt, .md, .docx or .pdf)").set_input_files(str(ZERO_DRAFT))
    screenshot(cofac, "roles-03-upload")
    with cofac.expect_navigation():
        cofac.get_by_role("button", name="Read and preview").click()
    assert _count(cofac, "Preambular paragraphs") == "5"
    assert _count(cofac, "Operative paragraphs") == "15"
    assert _count(cofac, "Footnotes") == "4"
    set_aside = cofac.locator("details.set-aside").first
    set_aside.locator("summary").click()
    assert "THE PRESIDENT" in set_aside.locator("pre").inner_text()
    screenshot(cofac, "roles-04-preview")
    review_and_publish(cofac, "Zero draft")
    expect(cofac.locator("body")).to_contain_text("Zero draft is published.")
    op13 = cofac.locator("#OP13 > .para-body > p").first
    op13_text = op13.inner_text()
    assert op13_text.startswith("13.")
    assert "broadest possible participation" in op13_text
    assert op13_text.rstrip().endswith("where applicable;")
    assert cofac.locator("#OP14").count() == 1 and cofac.locator("#OP16").count() == 0
    screenshot(cofac, "roles-05-zero-draft")

    # Rev.1: upload, publish, compare.
    cofac.goto(negotiation_url)
    cofac.get_by_role("link", name="Upload Rev.1").click()
    cofac.get_by_label("File (.txt, .md, .docx or .pdf)").set_input_files(str(REV1))
    with cofac.expect_navigation():
        cofac.get_by_role("button", name="Read and preview").click()
    review_and_publish(cofac, "Rev.1")
    expect(cofac.locator("body")).to_contain_text("Rev.1 is published.")
    with cofac.expect_navigation():
        cofac.get_by_role("link", name="Compare with Zero draft").click()
    assert cofac.get_by_role("heading", name="Rev.1 compared with Zero draft").count() == 1
    assert cofac.locator("tr.pair-modified").count() >= 1

    # The delegate reads Rev.1 and jumps to OP11 from the table of contents.
    mexico = new_page()
    sign_in_page(mexico, live_server, "mexico@example.org")
    mexico.get_by_role("link", name=TITLE).click()
    with mexico.expect_navigation():
        mexico.get_by_role("link", name="Rev.1", exact=True).first.click()
    mexico.locator("nav.toc").get_by_role("link", name="OP11", exact=True).click()
    mexico.wait_for_url("**#OP11")
    assert mexico.url.endswith("#OP11")
    assert _in_viewport(mexico, "#OP11")
    screenshot(mexico, "roles-06-delegate-op11")

    # Compare, side by side with only the changes, then the next change and a history.
    mexico.get_by_role("link", name="Compare with Zero draft").click()
    mexico.get_by_label("Side by side").check()
    mexico.get_by_label("Hide unchanged").check()
    with mexico.expect_navigation():
        mexico.get_by_role("button", name="Show").click()
    assert "mode=side" in mexico.url and "changed=1" in mexico.url
    assert mexico.locator("table.compare-side thead th").count() == 5
    assert mexico.locator("tr.pair-unchanged").count() == 0
    screenshot(mexico, "roles-07-compare-side")
    next_link = mexico.locator("tr.pair").first.get_by_role("link", name="Next change")
    target = next_link.get_attribute("href")
    # With unchanged rows hidden, the next change is the very next row.
    assert target == "#" + mexico.locator("tr.pair").nth(1).get_attribute("id")
    next_link.click()
    mexico.wait_for_url(f"**{target}")
    assert _in_viewport(mexico, target)
    screenshot(mexico, "roles-08-compare-next-change")
    mexico.get_by_role("link", name=TITLE).click()
    mexico.get_by_role("link", name="Rev.1", exact=True).first.click()
    with mexico.expect_navigation():
        mexico.locator("#OP9 .para-label a").first.click()
    assert mexico.get_by_role("heading", name="History of OP9").count() == 1
    steps = mexico.locator("ol.history > li")
    assert steps.count() == 2
    assert steps.nth(0).locator("h2").inner_text().startswith("Zero draft: OP9")
    assert steps.nth(1).locator("ins, del").count() >= 1
    screenshot(mexico, "roles-09-history")


def test_admin_sees_accounts_and_delegations(demo_site: DemoSite, new_page):
    admin = new_page()
    sign_in_demo(admin, demo_site, "admin@demo.example")
    with admin.expect_navigation():
        admin.get_by_role("link", name="Accounts").click()
    accounts = admin.locator("table.list tbody").inner_text()
    for email in ("secretariat@demo.example", "cofac.georgia@demo.example", "norway@demo.example"):
        assert email in accounts
    screenshot(admin, "roles-10-admin-accounts")
    with admin.expect_navigation():
        admin.get_by_role("link", name="Delegations").click()
    groups = admin.locator("dl.groups").inner_text()
    assert "G-77 and China" in groups or "Group of 77" in groups
    assert "Mexico" in admin.locator("ul.columns").inner_text()
    screenshot(admin, "roles-11-admin-delegations")


#: The text of the focused link when it is in the main navigation, else "".
MAIN_NAV_FOCUS = (
    "document.activeElement.closest('nav[aria-label=Main]')"
    " ? document.activeElement.textContent.trim() : ''"
)


def test_keyboard_skip_link_navigation_and_enter_submits(demo_site: DemoSite, new_page):
    page = new_page()
    page.goto(demo_site.server.url + "/login")
    # Forms submit with Enter: sign in without touching the mouse.
    page.get_by_label("E-mail address").fill("mexico@demo.example")
    page.get_by_label("Password").fill("demo-password")
    with page.expect_navigation():
        page.get_by_label("Password").press("Enter")
    assert "/login" not in page.url

    page.goto(demo_site.negotiation_url)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    screenshot(page, "roles-12-skip-link")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.goto(demo_site.negotiation_url)
    reached = set()
    for _ in range(15):
        page.keyboard.press("Tab")
        reached.add(page.evaluate(MAIN_NAV_FOCUS))
    assert {"Negotiations", "Delegations"} <= reached

    # The comparison form submits with Enter from its checkbox.
    page.goto(f"{demo_site.negotiation_url}/compare")
    page.get_by_label("Hide unchanged").focus()
    page.keyboard.press("Space")
    with page.expect_navigation():
        page.get_by_label("Hide unchanged").press("Enter")
    assert "changed=1" in page.url
