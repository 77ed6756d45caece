"""Brackets and alternatives as in the room, in a browser: the co-facilitator brackets a phrase
and records an alternative without uploading a file; the brackets survive into the draft view,
the comparison, the clean and tracked .docx (read back), the .txt, Akoma Ntoso and the
compilation; `agreed ad ref` is printed as a marker; silence warns of what is not agreed."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import docx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import review_and_publish, screenshot, sign_in_page, small_negotiation
from tracker.text.export_compare import accept_all, reject_all

pytestmark = pytest.mark.browser

BRACKETED = "[in 2025 (EU)]"


def _download(page, link) -> bytes:
    with page.expect_download() as info:
        link.click()
    return info.value.path().read_bytes()


def _round_on_latest(negotiation_id: int) -> int:
    from tracker.extensions import db
    from tracker.models import Negotiation, User
    from tracker.services.revisions import latest_published
    from tracker.services.rounds import create_round

    negotiation = db.session.get(Negotiation, negotiation_id)
    cofac = db.session.scalars(db.select(User).filter_by(email="cofac@example.org")).one()
    now = datetime.now(UTC)
    return create_round(
        cofac,
        negotiation,
        title="Second reading",
        revision=latest_published(negotiation),
        starts_at=now + timedelta(days=1),
        ends_at=now + timedelta(days=1, hours=3),
        comment_deadline=now + timedelta(days=2),
    ).id


def test_a_bracketed_phrase_survives_into_every_text(live_server, new_page):
    negotiation_id = live_server.run(lambda: small_negotiation().negotiation.id)
    negotiation_url = f"{live_server.url}/negotiations/{negotiation_id}"
    cofac = new_page()
    sign_in_page(cofac, live_server, "cofac@example.org")
    cofac.goto(negotiation_url)
    with cofac.expect_navigation():
        cofac.get_by_role("button", name="Prepare Rev.1 here, without a file").click()

    edits = cofac.locator("#room-edits")
    bracket = edits.get_by_role("form", name="Put words in brackets")
    bracket.get_by_label("Paragraph").select_option("OP1")
    bracket.get_by_label("Words to put in brackets").fill("in 2025")
    bracket.get_by_label("Held by (optional)").fill("EU")
    with cofac.expect_navigation():
        bracket.get_by_role("button", name="Put in brackets").click()
    expect(cofac.locator("#OP1")).to_contain_text(f"Global Plan of Action {BRACKETED};")
    alternative = edits.get_by_role("form", name="Record an alternative")
    alternative.get_by_label("Paragraph").select_option("OP3")
    alternative.get_by_label("Alternative wording").fill(
        "Invites Member States to participate at the level of Heads of State."
    )
    with cofac.expect_navigation():
        alternative.get_by_role("button", name="Record the alternative").click()
    expect(cofac.locator("#OP3")).to_contain_text("[Alt 1: Encourages Member States")
    expect(cofac.locator("#OP3")).to_contain_text("[Alt 2: Invites Member States")
    screenshot(cofac, "brackets-1-preview")
    review_and_publish(cofac, "Rev.1")
    expect(cofac.locator("#OP1")).to_contain_text(BRACKETED)

    # OP2 is agreed ad ref in the room.
    cofac.locator("#OP2").get_by_role("link", name="Status and comments of OP2").click()
    cofac.get_by_label("Status in Rev.1").select_option("agreed_ad_ref")
    with cofac.expect_navigation():
        cofac.get_by_role("button", name="Set status").click()

    # The comparison shows the brackets going in.
    cofac.goto(negotiation_url + "/compare")
    expect(cofac.locator("tr.pair-modified").first.locator("ins").first).to_contain_text("[")
    tracked = _download(cofac, cofac.get_by_role("link", name="Word with tracked changes (.docx)"))
    assert any(BRACKETED in text for text in accept_all(tracked))
    assert not any(BRACKETED in text for text in reject_all(tracked))

    # Every export of Rev.1 keeps the brackets as written.
    cofac.goto(negotiation_url + "/exports")
    row = cofac.locator("tr", has=cofac.get_by_role("cell", name="Rev.1", exact=True))
    clean = docx.Document(
        io.BytesIO(_download(cofac, row.get_by_role("link", name="Word", exact=True).first))
    )
    assert any(BRACKETED in p.text for p in clean.paragraphs)
    assert any("[Alt 2: Invites Member States" in p.text for p in clean.paragraphs)
    assert BRACKETED.encode() in _download(cofac, row.get_by_role("link", name="plain text"))
    assert BRACKETED.encode() in _download(cofac, row.get_by_role("link", name="Akoma Ntoso"))
    marked = docx.Document(
        io.BytesIO(_download(cofac, row.get_by_role("link", name="Word with status markers")))
    )
    op2 = next(p.text for p in marked.paragraphs if "Secretary-General to submit" in p.text)
    assert op2.endswith("(agreed ad ref)")

    # The compilation shows the text with its brackets.
    round_id = live_server.run(lambda: _round_on_latest(negotiation_id))
    cofac.goto(f"{negotiation_url}/rounds/{round_id}/compilation")
    expect(cofac.locator(".compilation")).to_contain_text(BRACKETED)

    # Silence warns that OP1 and OP3 are bracketed and PP1 still pending.
    cofac.goto(negotiation_url + "/silence/new")
    warning = cofac.locator(".unsettled")
    expect(warning).to_contain_text("Still in brackets: OP1, OP3.")
    expect(warning).to_contain_text("Still pending (not agreed ad ref): PP1.")
    screenshot(cofac, "brackets-2-silence-warning")
