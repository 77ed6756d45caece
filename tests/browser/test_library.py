"""A delegate reads a draft against the library of adopted texts, in Chromium."""

from __future__ import annotations

import pytest

from tests.browser.conftest import LiveServer, screenshot, sign_in_page
from tests.conftest import STARTER_LIBRARY, make_user, publish
from tests.views.test_library import _draft

pytestmark = pytest.mark.browser


def _negotiation_with_a_draft(server: LiveServer) -> tuple[int, int]:
    from tracker.services.library import import_file
    from tracker.services.negotiations import create_negotiation

    def setup() -> tuple[int, int]:
        for name in ("A_RES_80_19.md", "A_RES_80_20.md", "A_RES_80_44.md"):
            import_file(None, name, (STARTER_LIBRARY / name).read_bytes())
        secretariat = make_user("sec@example.org", "secretariat")
        cofac = make_user("cofac@example.org", "facilitator")
        make_user("mexico@example.org", "delegate", "MEX")
        negotiation = create_negotiation(
            secretariat, title="Outer space", mandate="", facilitator_emails=[cofac.email]
        )
        revision = publish(cofac, negotiation, "draft.txt", data=_draft())
        return negotiation.id, revision.id

    return server.run(setup)


def test_delegate_sees_agreed_language_and_opens_the_nearest_precedent(live_server, new_page):
    negotiation_id, revision_id = _negotiation_with_a_draft(live_server)
    page = new_page()
    sign_in_page(page, live_server, "mexico@example.org")
    page.goto(f"{live_server.url}/negotiations/{negotiation_id}/revisions/{revision_id}")

    copied = page.locator("#PP1")
    assert "agreed language" in copied.inner_text()
    assert copied.get_by_role("link", name="A/RES/80/20 PP5").is_visible()
    # A paragraph never adopted has no mark of agreed language, only its nearest precedents.
    assert "agreed language" not in page.locator("#PP2").inner_text()
    screenshot(page, "library-draft")

    edited = page.locator("#OP1")
    assert "agreed language" not in edited.inner_text()
    with page.expect_navigation():
        edited.get_by_role("link", name="Nearest precedents of OP1").click()
    assert page.get_by_role("heading", name="Precedents of Zero draft OP1").is_visible()
    first = page.locator(".precedent-item").first
    assert first.get_by_role("link", name="A/RES/80/20 OP1").is_visible()
    assert "% similar" in first.inner_text()
    assert first.locator("del").first.inner_text().strip() == "and urgency"
    assert "readiness" in first.locator("ins").all_inner_texts()
    screenshot(page, "library-precedents")

    # The precedent opens in the whole adopted text, at its paragraph.
    with page.expect_navigation():
        first.get_by_role("link", name="A/RES/80/20 OP1").click()
    assert page.url.endswith("#OP1")
    assert page.get_by_role("heading", name="A/RES/80/20").is_visible()

    # The library's search: the words field is a field like the others beside it, wide enough
    # for a phrase.
    page.goto(f"{live_server.url}/library/?q=outer+space")
    words, organ = page.locator("#q"), page.locator("#organ")
    style = "e => [getComputedStyle(e).fontSize, getComputedStyle(e).borderTopColor]"
    assert words.evaluate(style) == organ.evaluate(style)
    words_box = words.bounding_box()
    assert words_box is not None and words_box["width"] >= 280
    screenshot(page, "library-search")
