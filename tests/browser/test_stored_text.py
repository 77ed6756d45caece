"""In Chromium: the draft view served from the store of rendered texts reads as the first
rendering did, with each paragraph's comment line in place and the versioned stylesheet
applied."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot, sign_in_demo

pytestmark = pytest.mark.browser


def test_the_stored_draft_view_keeps_its_layout_and_per_person_lines(demo_site, new_page):
    page = new_page()
    sign_in_demo(page, demo_site, "mexico@demo.example")
    url = f"{demo_site.negotiation_url}/revisions/{demo_site.rev1_id}"
    page.goto(url)
    first = page.locator("#OP3 .para-consult").inner_text()
    page.goto(url)  # from the store now
    assert page.locator("#OP3 .para-consult").inner_text() == first
    assert "Comment or propose" in first
    # The stylesheet, linked under a versioned name, is applied: the contents sit beside the text.
    toc, text = page.locator("nav.toc").bounding_box(), page.locator("article.resolution")
    assert toc and text.bounding_box() and toc["x"] < text.bounding_box()["x"]
    page.locator("#OP3").scroll_into_view_if_needed()
    screenshot(page, "stored-draft-view")

    page.goto(f"{demo_site.negotiation_url}/compare?mode=side")
    page.goto(f"{demo_site.negotiation_url}/compare?mode=side")
    assert page.locator("table.compare tr.pair").count() > 10
    screenshot(page, "stored-compare-view")
