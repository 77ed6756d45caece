"""The consultation flow in a browser: propose, join, triage, publish, see it carried forward."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import review_and_publish, screenshot, sign_in_page
from tests.conftest import fixture_bytes, make_user
from tests.services.test_consultations import ZERO, rev1_with_new_op3

pytestmark = pytest.mark.browser


def _set_up() -> dict[str, int]:
    from tracker.services.negotiations import create_negotiation
    from tracker.services.revisions import publish_revision, upload_revision

    secretariat = make_user("sec@example.org", "secretariat")
    cofac = make_user("cofac@example.org", "facilitator", name="Co-facilitator One")
    make_user("mexico@example.org", "delegate", "MEX", name="Delegate of Mexico")
    make_user("chile@example.org", "delegate", "CHL", name="Delegate of Chile")
    negotiation = create_negotiation(
        secretariat,
        title="Modalities of the high-level meeting",
        mandate="",
        facilitator_emails=[cofac.email],
    )
    preview = upload_revision(cofac, negotiation, filename=ZERO, data=fixture_bytes(ZERO))
    zero = publish_revision(cofac, preview)
    return {"negotiation": negotiation.id, "zero": zero.id}


def test_proposal_joined_triaged_and_carried_into_rev1(live_server, new_page):
    ids = live_server.run(_set_up)
    negotiation_url = f"{live_server.url}/negotiations/{ids['negotiation']}"
    zero_url = f"{negotiation_url}/revisions/{ids['zero']}"

    # Mexico proposes to amend OP3 from the draft view.
    mexico = new_page()
    sign_in_page(mexico, live_server, "mexico@example.org")
    mexico.goto(zero_url)
    with mexico.expect_navigation():
        mexico.locator("#OP3").get_by_role("link", name="Comment or propose on OP3").click()
    op3 = mexico.locator("form.comment-form")
    proposed = op3.get_by_label("Proposed text")
    # The script (allowed by the CSP) hides the box for kinds that take no proposed text.
    expect(proposed).to_be_hidden()
    op3.get_by_label("Kind").select_option("amend")
    expect(proposed).to_be_visible()
    original = proposed.input_value()
    assert original.startswith("Also decides that the proceedings")
    proposed.fill(original.replace("will be webcast", "will be webcast live"))
    op3.get_by_label("Comment or explanation").fill("Live webcasting reaches capitals.")
    screenshot(mexico, "1-mexico-proposes")
    op3.get_by_role("button", name="Submit").click()
    mexico.wait_for_load_state()
    expect(mexico.locator("body")).to_contain_text("Proposal to amend recorded.")

    # Chile joins it from the same paragraph.
    chile = new_page()
    sign_in_page(chile, live_server, "chile@example.org")
    chile.goto(zero_url)
    assert "Mexico" in chile.locator("#OP3 .speakers").inner_text()
    chile.locator("#OP3").get_by_role("link", name="1 comment on OP3").click()
    op3 = chile.locator("article.comment")
    # Chile speaks for no group here, so it joins for itself alone.
    op3.get_by_role("button", name="Join as Chile").click()
    chile.wait_for_load_state()
    expect(chile.locator("body")).to_contain_text("Joined: Mexico, joined by Chile.")
    screenshot(chile, "2-chile-joined")

    # The co-facilitator marks it reflected, then uploads and publishes Rev.1.
    cofac = new_page()
    sign_in_page(cofac, live_server, "cofac@example.org")
    cofac.goto(zero_url)
    cofac.locator("#OP3").get_by_role("link", name="1 comment on OP3").click()
    cofac.get_by_role("link", name="Open Mexico, joined by Chile: Proposal to amend").click()
    cofac.get_by_label("Status").select_option("reflected")
    cofac.get_by_label("Short reply to the delegation").fill("Reflected in the next revision.")
    cofac.get_by_role("button", name="Save triage").click()
    cofac.wait_for_load_state()
    expect(cofac.locator("body")).to_contain_text("Triaged: Reflected in Rev.1.")
    screenshot(cofac, "3-cofac-triaged")
    cofac.goto(f"{negotiation_url}/revisions/new")
    cofac.get_by_label("… or paste the text").fill(
        rev1_with_new_op3(("will be webcast,", "will be webcast live,")).decode("utf-8")
    )
    cofac.get_by_role("button", name="Read and preview").click()
    cofac.wait_for_load_state()
    review_and_publish(cofac, "Rev.1")
    expect(cofac.locator("body")).to_contain_text("Rev.1 is published.")
    rev1_url = cofac.url.split("#")[0]

    # Mexico finds the comment under OP4 (the old OP3), with its status and the diff.
    mexico.goto(rev1_url)
    assert mexico.locator("#OP3").get_by_text("No comments on OP3 yet").count() == 1
    mexico.locator("#OP4").get_by_role("link", name="1 comment on OP4").click()
    card = mexico.locator("article.comment")
    assert card.locator(".comment-head").inner_text() == (
        "Mexico, joined by Chile: Proposal to amend"
    )
    assert card.locator(".badge").first.inner_text() == "Reflected in Rev.1"
    assert "made on Zero draft OP3" in card.inner_text()
    assert card.locator(".since ins").first.inner_text().strip() == "live"
    assert card.locator(".proposal ins").first.inner_text().strip() == "live"
    assert "Reflected in the next revision." in card.inner_text()
    card.scroll_into_view_if_needed()
    screenshot(mexico, "4-mexico-sees-op4")

    # The negotiation page and the comment page are reachable by keyboard-visible headings.
    mexico.goto(negotiation_url)
    assert mexico.get_by_role("heading", name="Informal consultations").count() == 1
