"""Sub-paragraphs are the unit of negotiation, in a browser: a delegate proposes on OP2 (c),
the proposal follows (c) into Rev.1 when a new (c) pushes it to (d), and an amendment to the
whole OP2 starts from OP2 with its sub-paragraphs."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import review_and_publish, screenshot, sign_in_page
from tests.conftest import fixture_bytes, make_user

pytestmark = pytest.mark.browser


def _set_up() -> dict[str, int]:
    from tracker.services.negotiations import create_negotiation
    from tracker.services.revisions import publish_revision, upload_revision

    secretariat = make_user("sec@example.org", "secretariat")
    cofac = make_user("cofac@example.org", "facilitator", name="Co-facilitator One")
    make_user("mexico@example.org", "delegate", "MEX", name="Delegate of Mexico")
    negotiation = create_negotiation(
        secretariat, title="Appraisal", mandate="", facilitator_emails=[cofac.email]
    )
    preview = upload_revision(
        cofac, negotiation, filename="zero.txt", data=fixture_bytes("subparagraphs-zero.txt")
    )
    return {"negotiation": negotiation.id, "zero": publish_revision(cofac, preview).id}


def test_a_proposal_on_op2_c_follows_it_to_op2_d(live_server, new_page):
    ids = live_server.run(_set_up)
    negotiation_url = f"{live_server.url}/negotiations/{ids['negotiation']}"
    mexico = new_page()
    sign_in_page(mexico, live_server, "mexico@example.org")
    mexico.goto(f"{negotiation_url}/revisions/{ids['zero']}")

    # Each sub-paragraph has its own entry point.
    for label in ("OP2 (a)", "OP2 (b)", "OP2 (c)", "OP2"):
        expect(
            mexico.get_by_role("link", name=f"Comment or propose on {label}", exact=True)
        ).to_have_count(1)
    screenshot(mexico, "sub-1-entry-points")

    # An amendment to the whole OP2 starts from OP2 with its sub-paragraphs.
    with mexico.expect_navigation():
        mexico.get_by_role("link", name="Comment or propose on OP2", exact=True).click()
    form = mexico.locator("form.comment-form")
    form.get_by_label("Kind").select_option("amend")
    whole = form.get_by_label("Proposed text").input_value()
    assert (
        whole.splitlines()[0]
        == "Also decides that the high-level meeting will be organized as follows:"
    )
    assert [line[:3] for line in whole.splitlines()[1:]] == ["(a)", "(b)", "(c)"]
    mexico.go_back()

    # Mexico proposes on (c) alone.
    with mexico.expect_navigation():
        mexico.get_by_role("link", name="Comment or propose on OP2 (c)", exact=True).click()
    expect(mexico.get_by_role("heading", name="OP2 (c) of Zero draft")).to_be_visible()
    form = mexico.locator("form.comment-form")
    form.get_by_label("Kind").select_option("amend")
    proposed = form.get_by_label("Proposed text")
    assert proposed.input_value().startswith("A closing plenary meeting")
    proposed.fill(proposed.input_value().replace("summaries", "a report"))
    form.get_by_role("button", name="Submit").click()
    mexico.wait_for_load_state()
    expect(mexico.locator("body")).to_contain_text("Proposal to amend recorded.")

    # The co-facilitator inserts a new (c); the review lists where the proposal goes.
    cofac = new_page()
    sign_in_page(cofac, live_server, "cofac@example.org")
    cofac.goto(negotiation_url + "/revisions/new")
    cofac.get_by_label("… or paste the text").fill(fixture_bytes("subparagraphs-rev1.txt").decode())
    with cofac.expect_navigation():
        cofac.get_by_role("button", name="Read and preview").click()
    cofac.get_by_role("link", name="Review and publish Rev.1").click()
    carried = cofac.locator("table.carried tbody tr")
    expect(carried).to_have_count(1)
    expect(carried.first.locator("td")).to_have_text(
        ["Mexico: Proposal to amend", "OP2 (c)", "OP2 (d)"]
    )
    cofac.go_back()
    review_and_publish(cofac, "Rev.1")
    rev1_url = cofac.url.split("#")[0]

    # In Rev.1 the proposal sits under (d), the old (c); the new (c) has none.
    mexico.goto(rev1_url)
    expect(mexico.locator("#OP2-d .speakers")).to_have_text("Mexico")
    expect(mexico.locator("#OP2-c .speakers")).to_have_count(0)
    screenshot(mexico, "sub-2-rev1-op2-d")
    mexico.locator("#OP2-d").get_by_role("link", name="1 comment on OP2 (d)").click()
    card = mexico.locator("article.comment")
    expect(card).to_contain_text("made on Zero draft OP2 (c)")
    # Copying the proposal takes its new wording only: deleted words are never selected.
    copied = card.locator(".proposal").evaluate(
        "node => { const range = document.createRange(); range.selectNodeContents(node);"
        " const s = getSelection(); s.removeAllRanges(); s.addRange(range); return s.toString(); }"
    )
    assert "present a report of the discussions" in copied and "summaries" not in copied

    # The positions at a glance have a row of its own for OP2 (d), with Mexico's mark.
    mexico.goto(negotiation_url + "/positions")
    row = mexico.locator("tr", has=mexico.get_by_role("rowheader", name="OP2 (d)"))
    expect(row).to_contain_text("Mexico")
