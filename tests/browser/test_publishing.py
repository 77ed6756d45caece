"""Publishing safely in a browser: the preview compared and its pairing corrected before any
delegation sees it, the confirmation step, and withdrawing a revision published by mistake."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    review_and_publish,
    screenshot,
    sign_in_page,
    small_negotiation,
)
from tests.conftest import fixture_bytes

pytestmark = pytest.mark.browser


def _set_up() -> dict[str, int]:
    """A published zero draft with Mexico's proposal on OP2 (the Secretary-General's report)."""
    from tracker.services.comments import create_comment

    world = small_negotiation()
    zero, mexico = world.zero, world.mexico
    op2 = next(p for p in zero.paragraphs if p.path == "OP2")
    create_comment(
        mexico, zero, paragraph=op2, kind="comment", body="The report should come a year earlier."
    )
    return {"negotiation": world.negotiation.id, "zero": zero.id}


def _preview_of_rev1(live_server, new_page, fixture: str):
    """The set-up world, and the co-facilitator's page on the preview of Rev.1 pasted from a
    fixture; returns the ids, the negotiation's URL and the page."""
    ids = live_server.run(_set_up)
    negotiation_url = f"{live_server.url}/negotiations/{ids['negotiation']}"
    page = new_page()
    sign_in_page(page, live_server, "cofac@example.org")
    page.goto(negotiation_url)
    page.get_by_role("link", name="Upload Rev.1").click()
    page.get_by_label("… or paste the text").fill(fixture_bytes(fixture).decode())
    with page.expect_navigation():
        page.get_by_role("button", name="Read and preview").click()
    return ids, negotiation_url, page


def test_a_wrong_pairing_is_corrected_in_the_preview_and_the_comment_follows(live_server, new_page):
    ids, negotiation_url, cofac = _preview_of_rev1(live_server, new_page, "pairing-rev1.txt")
    with cofac.expect_navigation():
        cofac.get_by_role("link", name="Review and publish Rev.1").click()
    # The same comparison as the compare page, before anyone else can see the text.
    expect(
        cofac.get_by_role("heading", name="Rev.1 (preview) compared with Zero draft")
    ).to_be_visible()
    carried = cofac.locator("table.carried tbody tr")
    expect(carried).to_have_count(1)
    # The app pairs the old OP2 with the new OP2, which only shares its words.
    assert carried.first.locator("td").nth(2).inner_text() == "OP2"
    confirm = cofac.get_by_role("button", name="Publish Rev.1 and notify 2")
    expect(confirm).to_be_visible()  # the two delegates; the one publishing is not notified
    screenshot(cofac, "publishing-1-review-before-correction")

    # The co-facilitator says the new OP3 continues the old OP2.
    cofac.get_by_label("Paragraph of the preview").select_option("OP3")
    cofac.get_by_label("continues").select_option("OP2")
    with cofac.expect_navigation():
        cofac.get_by_role("button", name="Correct the pairing").click()
    expect(cofac.locator(".corrections")).to_contain_text("OP3 continues Zero draft OP2")
    expect(carried.first.locator("td").nth(2)).to_have_text("OP3")
    row_op3 = cofac.locator("tr.pair", has=cofac.locator("td.label", has_text="OP3"))
    expect(row_op3.first.locator("td.label").first).to_have_text("OP2")
    screenshot(cofac, "publishing-2-review-after-correction")

    with cofac.expect_navigation():
        cofac.get_by_role("button", name="Publish Rev.1 and notify 2").click()
    expect(cofac.locator("body")).to_contain_text("Rev.1 is published.")

    # Mexico finds the comment on OP3, where the correction put it.
    mexico = new_page()
    sign_in_page(mexico, live_server, "mexico@example.org")
    mexico.goto(cofac.url.split("#")[0])
    expect(mexico.locator("#OP3 .speakers")).to_have_text("Mexico")
    assert mexico.locator("#OP2").get_by_text("No comments on OP2 yet").count() == 1

    # The audit trail records the correction made in the preview.
    cofac.goto(negotiation_url + "/audit")
    expect(cofac.get_by_text("Preview of Rev.1: OP3 now continues Zero draft OP2")).to_be_visible()


def test_publishing_refuses_an_identical_text_and_a_used_label(live_server, new_page):
    ids, negotiation_url, cofac = _preview_of_rev1(live_server, new_page, "pairing-zero.txt")
    with cofac.expect_navigation():
        cofac.get_by_role("link", name="Review and publish Rev.1").click()
    expect(cofac.get_by_role("alert")).to_contain_text("identical to Zero draft")
    assert cofac.get_by_role("button", name="Publish Rev.1 and notify 2").count() == 0

    cofac.goto(negotiation_url + "/revisions/new")
    cofac.get_by_label("Label").fill("Zero draft")
    cofac.get_by_label("… or paste the text").fill(fixture_bytes("pairing-rev1.txt").decode())
    with cofac.expect_navigation():
        cofac.get_by_role("button", name="Read and preview").click()
    expect(cofac.get_by_text("“Zero draft” was already used")).to_be_visible()


def test_a_withdrawn_revision_leaves_latest_and_stays_in_the_record(live_server, new_page):
    ids, negotiation_url, cofac = _preview_of_rev1(live_server, new_page, "pairing-rev1.txt")
    review_and_publish(cofac, "Rev.1")
    rev1_url = cofac.url.split("#")[0]

    with cofac.expect_navigation():
        cofac.get_by_role("link", name="Withdraw Rev.1…").click()
    expect(cofac.get_by_text("2 people will receive a correction")).to_be_visible()
    # Without a reason the browser does not even send the form.
    expect(cofac.get_by_label("Why it is withdrawn")).to_have_attribute("required", "")
    cofac.get_by_label("Why it is withdrawn").fill("The wrong file was circulated.")
    screenshot(cofac, "publishing-3-withdraw-confirm")
    with cofac.expect_navigation():
        cofac.get_by_role("button", name="Withdraw Rev.1").click()
    expect(cofac.locator("body")).to_contain_text("Rev.1 was withdrawn")

    # The negotiation page lists Zero draft as the latest text, Rev.1 in the record.
    revisions = cofac.locator("#revisions-heading + table tbody tr")
    expect(revisions).to_have_count(1)
    expect(revisions.first).to_contain_text("Zero draft")
    withdrawn = cofac.locator(".withdrawn-texts li")
    expect(withdrawn).to_contain_text("Rev.1")
    expect(withdrawn).to_contain_text("The wrong file was circulated.")
    expect(cofac.get_by_role("link", name="Upload Rev.1 (corrected)")).to_be_visible()
    screenshot(cofac, "publishing-4-withdrawn-in-record")

    # Mexico can still open it, marked withdrawn, and was told of the correction.
    mexico = new_page()
    sign_in_page(mexico, live_server, "mexico@example.org")
    mexico.goto(rev1_url)
    expect(mexico.locator(".withdrawn-notice")).to_contain_text(
        "by Co-facilitator One: The wrong file was circulated."
    )
    mexico.goto(live_server.url + "/notifications")
    expect(
        mexico.get_by_role(
            "link", name="Rev.1 of “Appraisal of the Global Plan of Action” was published."
        )
    ).to_be_visible()
    # The correction leads to the text that stands again, and is read once followed.
    mexico.get_by_role("link", name="Correction: Rev.1 was withdrawn").click()
    expect(mexico).to_have_url(
        f"{live_server.url}/negotiations/{ids['negotiation']}/revisions/{ids['zero']}"
    )
    mexico.goto(live_server.url + "/notifications")
    correction = mexico.locator(".notification-list li", has_text="Correction: Rev.1")
    expect(correction).to_have_class("read")


def test_a_draft_pasted_from_an_e_mail_keeps_its_notes(live_server, new_page):
    # An e-mail sets a Word draft's notes as `[1]` after the words and `[1] ...` at the end:
    # the preview counts them as notes and says nothing is wrong.
    _, _, page = _preview_of_rev1(live_server, new_page, "rev1-pasted-from-e-mail.txt")
    counts = page.locator("dl.counts")
    expect(counts.locator("div", has_text="Footnotes").locator("dd")).to_have_text("2")
    expect(page.get_by_text("No warnings.")).to_be_visible()
    note = page.locator("[id='fn2']")
    expect(note).to_contain_text("See A/79/123.")
    expect(page.get_by_text("to the meeting;[2]")).to_have_count(0)
    screenshot(page, "publishing-6-pasted-from-an-e-mail")


def test_marks_pasted_without_their_notes_are_pointed_out_before_publishing(live_server, new_page):
    # Text copied out of a Word file leaves its notes behind and their marks glued to the
    # words: the preview names where, before the text is circulated with them.
    _, _, page = _preview_of_rev1(live_server, new_page, "rev1-copied-without-its-notes.txt")
    warning = page.locator("ul.warnings li")
    expect(warning).to_have_count(1)
    expect(warning).to_contain_text("PP1 “July 2010,1”; OP2 “the meeting;2”")
    expect(warning).to_contain_text("upload the file itself to keep its notes")
    screenshot(page, "publishing-7-marks-without-their-notes")
