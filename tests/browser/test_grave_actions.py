"""Grave actions are deliberate, in a browser with script turned off: withdrawing a comment,
discarding a preview and breaking silence are confirmed on a page of their own; the
secretariat triages many comments at once from the compilation, recorded as acting for the
co-facilitators."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in_page, small_negotiation
from tests.conftest import fixture_bytes

pytestmark = pytest.mark.browser


def _set_up() -> dict[str, int]:
    """A zero draft under consultation, with two proposals from Mexico and one from Chile."""
    from tracker.services.comments import create_comment
    from tracker.services.revisions import upload_revision
    from tracker.services.rounds import create_round

    world = small_negotiation()
    cofac, zero, negotiation = world.cofac, world.zero, world.negotiation
    mexico, chile = world.mexico, world.chile
    now = datetime.now(UTC)
    consultation_round = create_round(
        cofac,
        negotiation,
        title="First reading",
        revision=zero,
        starts_at=now + timedelta(days=1),
        ends_at=now + timedelta(days=1, hours=3),
        comment_deadline=now + timedelta(days=2),
    )
    op = {p.path: p for p in zero.paragraphs}
    withdrawn = create_comment(
        mexico, zero, paragraph=op["OP1"], kind="comment", body="Say 2026, not 2025."
    )
    for who, path, body in ((mexico, "OP2", "A year earlier."), (chile, "OP3", "Add youth.")):
        create_comment(who, zero, paragraph=op[path], kind="comment", body=body)
    preview = upload_revision(
        cofac, negotiation, filename="rev1.txt", data=fixture_bytes("pairing-rev1.txt")
    )
    return {
        "negotiation": negotiation.id,
        "round": consultation_round.id,
        "comment": withdrawn.id,
        "preview": preview.id,
    }


@pytest.fixture
def no_script_page(chromium):
    """A page with JavaScript turned off: the confirmations must work as plain forms."""
    context = chromium.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    yield context.new_page
    context.close()


def test_withdrawing_a_comment_is_confirmed_and_then_shows_one_state(live_server, no_script_page):
    ids = live_server.run(_set_up)
    base = f"{live_server.url}/negotiations/{ids['negotiation']}"
    mexico = no_script_page()
    sign_in_page(mexico, live_server, "mexico@example.org")
    mexico.goto(f"{base}/comments/{ids['comment']}")
    mexico.get_by_role("button", name="Withdraw the comment").click()
    expect(mexico.get_by_role("heading", name="Withdraw this comment?")).to_be_visible()
    expect(mexico.locator("blockquote")).to_have_text("Say 2026, not 2025.")
    screenshot(mexico, "grave-1-withdraw-comment-confirm")
    # Going back changes nothing.
    mexico.get_by_role("link", name="Go back").click()
    expect(mexico.locator("article.comment .badge-withdrawn")).to_have_count(0)
    mexico.get_by_role("button", name="Withdraw the comment").click()
    mexico.get_by_role("button", name="Yes, withdraw the comment").click()
    expect(mexico.get_by_text("The comment was withdrawn")).to_be_visible()
    badges = mexico.locator("article.comment .comment-head + .meta .badge")
    expect(badges).to_have_text(["Withdrawn"])


def test_discarding_a_preview_is_confirmed(live_server, no_script_page):
    ids = live_server.run(_set_up)
    base = f"{live_server.url}/negotiations/{ids['negotiation']}"
    cofac = no_script_page()
    sign_in_page(cofac, live_server, "cofac@example.org")
    cofac.goto(f"{base}/revisions/{ids['preview']}")
    cofac.get_by_role("button", name="Discard this preview").click()
    expect(cofac.get_by_role("heading", name="Discard the preview of Rev.1?")).to_be_visible()
    cofac.goto(f"{base}/revisions/{ids['preview']}")
    expect(cofac.get_by_text("This preview was discarded.")).to_have_count(0)
    cofac.get_by_role("button", name="Discard this preview").click()
    cofac.get_by_role("button", name="Yes, discard the preview").click()
    expect(cofac.get_by_text("The preview of Rev.1 was set aside.")).to_be_visible()


def test_the_secretariat_triages_many_comments_from_the_compilation(live_server, no_script_page):
    ids = live_server.run(_set_up)
    base = f"{live_server.url}/negotiations/{ids['negotiation']}"
    secretariat = no_script_page()
    sign_in_page(secretariat, live_server, "sec@example.org")
    secretariat.goto(f"{base}/rounds/{ids['round']}/compilation")
    secretariat.get_by_label("Choose Mexico on OP2").check()
    secretariat.get_by_label("Choose Chile on OP3").check()
    secretariat.get_by_label("Status for every chosen comment").select_option("noted")
    secretariat.get_by_label("Short reply to the delegations").fill("Noted for the second reading.")
    screenshot(secretariat, "grave-2-bulk-triage")
    secretariat.get_by_role("button", name="Triage the chosen comments").click()
    expect(secretariat.get_by_text("2 comments triaged: Noted.")).to_be_visible()
    expect(secretariat.locator(".compiled .triage-noted")).to_have_count(2)
    expect(secretariat.locator(".compiled .triage-open")).to_have_count(1)
    secretariat.goto(f"{base}/audit")
    acting = secretariat.locator("tr", has=secretariat.get_by_text("comment.triage"))
    expect(acting).to_have_count(2)
    expect(acting.first).to_contain_text("secretariat, for the co-facilitators")
