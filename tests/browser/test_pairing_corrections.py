"""Pairing corrections are complete, in a browser: a split and a merge recorded on the history
page, a correction that would undo an earlier one refused until confirmed, and every
correction shown on the compare page and in the audit trail."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in_page, small_negotiation
from tests.conftest import fixture_bytes

pytestmark = pytest.mark.browser


def _set_up() -> dict[str, object]:
    """Rev.1 published with the app's wrong pairing (new OP2 taken for the old OP2); Mexico
    commented on the zero draft's OP2, Chile on its OP1."""
    from tracker.services.comments import create_comment
    from tracker.services.revisions import publish_revision, upload_revision

    world = small_negotiation()
    zero = world.zero
    op = {p.path: p for p in zero.paragraphs}
    create_comment(world.mexico, zero, paragraph=op["OP2"], kind="comment", body="Earlier.")
    create_comment(world.chile, zero, paragraph=op["OP1"], kind="comment", body="In Vienna.")
    preview = upload_revision(
        world.cofac, world.negotiation, filename="rev1.txt", data=fixture_bytes("pairing-rev1.txt")
    )
    rev1 = publish_revision(world.cofac, preview)
    return {
        "negotiation": world.negotiation.id,
        "rev1": rev1.id,
        "rev1_paragraphs": {p.path: p.id for p in rev1.paragraphs},
    }


def _correct(page, url: str, how: str, old: str, *, replacing: bool = False) -> None:
    """On a paragraph's history page: say how it relates to `old` (a label of the previous
    text, or "" for a new paragraph) and save."""
    page.goto(url)
    page.get_by_label("This paragraph").select_option(label=how)
    choice = page.locator("#continues option", has_text=f"{old}:") if old else None
    value = choice.first.get_attribute("value") if choice is not None else ""
    page.get_by_label("Paragraph of the previous revision").select_option(value=value)
    if replacing:
        page.get_by_label("Replace an earlier correction that this one would undo").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save pairing").click()


def test_splits_merges_and_earlier_corrections_on_the_history_page(live_server, new_page):
    ids = live_server.run(_set_up)
    negotiation_url = f"{live_server.url}/negotiations/{ids['negotiation']}"
    rev1 = ids["rev1_paragraphs"]

    def history(label: str) -> str:
        return f"{negotiation_url}/paragraphs/{rev1[label]}/history"

    cofac = new_page()
    sign_in_page(cofac, live_server, "cofac@example.org")
    # The Secretary-General's report of OP2 became the note of OP3.
    _correct(cofac, history("OP3"), "continues", "OP2")
    expect(cofac.get_by_text("OP3's pairing was corrected and recorded.")).to_be_visible()
    # Saying the new OP2 continues the old OP2 again would undo that: refused, named.
    _correct(cofac, history("OP2"), "continues", "OP2")
    expect(cofac.locator(".flash-error")).to_contain_text(
        "that OP3 continues OP2; this correction would undo it"
    )
    screenshot(cofac, "pairing-1-refused")
    # The new OP2 is a part split off the old OP2 instead.
    _correct(cofac, history("OP2"), "is a part split off", "OP2")
    expect(cofac.locator(".history h2").first).to_contain_text("Zero draft: OP2")
    # The old OP1 is merged into OP4 (OP1 of Rev.1 first made a new paragraph).
    _correct(cofac, history("OP1"), "continues", "")
    _correct(cofac, history("OP4"), "also takes in (merged into it)", "OP1")
    expect(cofac.get_by_text("OP4's pairing was corrected and recorded.")).to_be_visible()

    # Comments follow: Mexico's onto OP3, Chile's (on the merged OP1) onto OP4.
    cofac.goto(f"{negotiation_url}/revisions/{ids['rev1']}")
    expect(cofac.locator("#OP3 .speakers")).to_have_text("Mexico")
    expect(cofac.locator("#OP4 .speakers")).to_have_text("Chile")

    # The compare page lists every correction and shows the merge.
    cofac.goto(negotiation_url + "/compare")
    corrections = cofac.locator(".corrections-made li")
    expect(corrections).to_have_count(4)
    expect(corrections.nth(0)).to_contain_text("Rev.1 OP3 continues Zero draft OP2")
    expect(corrections.nth(1)).to_contain_text("Rev.1 OP2 is a part split off Zero draft OP2")
    expect(corrections.nth(3)).to_contain_text("Rev.1 OP4 also takes in (merged) Zero draft OP1")
    merged = cofac.locator("tr.pair-merged")
    expect(merged.first.locator("td.label")).to_have_text(["OP1", "OP4"])
    screenshot(cofac, "pairing-2-compare")

    cofac.goto(negotiation_url + "/audit")
    for action in ("lineage.correct", "lineage.split", "lineage.merge"):
        expect(cofac.get_by_text(action, exact=True).first).to_be_visible()
