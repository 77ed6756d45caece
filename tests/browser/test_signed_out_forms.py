"""A delegate signs out in another tab while writing a proposal, then sends it: Chromium shows
that nothing was recorded, gives the text back, and signing in leads back to the paragraph."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DEMO_PASSWORD, DemoSite, screenshot, sign_in_demo
from tests.browser.test_accessibility import _violations

pytestmark = pytest.mark.browser

PROPOSAL = "Also decides that the meeting will be webcast <b>in all official languages</b>;"
EXPLANATION = "The African Group asks for all six languages.\nSecond line </textarea> & more."


def _paragraph_url(site: DemoSite) -> str:
    """The page of Rev.1's OP3, with its comment form."""
    from sqlalchemy import select

    from tracker.extensions import db
    from tracker.models import Paragraph

    def find() -> int:
        return db.session.scalars(
            select(Paragraph.id).where(
                Paragraph.revision_id == site.rev1_id,
                Paragraph.label == "OP3",
                Paragraph.parent_id.is_(None),
            )
        ).one()

    return f"{site.negotiation_url}/paragraphs/{site.server.run(find)}/comments"


def test_a_proposal_sent_after_signing_out_elsewhere_is_given_back(demo_site, new_page):
    paragraph_url = _paragraph_url(demo_site)
    page = new_page()
    sign_in_demo(page, demo_site, "nigeria@demo.example")
    page.goto(paragraph_url)
    page.get_by_label("Kind").select_option(label="Proposal to amend")
    page.get_by_label("Proposed text").fill(PROPOSAL)
    page.get_by_label("Comment or explanation").fill(EXPLANATION)

    other_tab = page.context.new_page()
    other_tab.goto(demo_site.negotiation_url)
    other_tab.get_by_role("button", name="Sign out").click()
    other_tab.close()

    with page.expect_navigation():
        page.get_by_role("button", name="Submit").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Nothing was recorded: you are signed out"
    )
    assert page.get_by_label("Your proposed text").input_value() == PROPOSAL
    assert page.get_by_label("Your comment").input_value() == EXPLANATION
    screenshot(page, "signed-out-form-given-back")
    assert not _violations(page)

    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Sign in and go back to the page you were on").click()
    sign_in = opened.value
    sign_in.wait_for_load_state()
    sign_in.get_by_label("E-mail address").fill("nigeria@demo.example")
    sign_in.get_by_label("Password").fill(DEMO_PASSWORD)
    sign_in.get_by_role("button", name="Sign in").click()
    sign_in.wait_for_load_state()
    assert sign_in.url == paragraph_url
    # The text is still on the first tab, to paste into the form.
    assert page.get_by_label("Your proposed text").input_value() == PROPOSAL
