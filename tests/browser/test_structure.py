"""A delegate reads a real draft in the browser: sponsors under the title, section headings
between the paragraphs they open, an annex with its title and its own headings."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import screenshot, sign_in_page
from tests.conftest import FIXTURES, build_cast, publish, sponsored_draft_and_revision
from tests.text.corpus import DOCS, PAIR_DOCS

pytestmark = pytest.mark.browser

SPONSORED = PAIR_DOCS / "A_C.2_80_L.16.txt"
ANNEXED = DOCS / "A_C.2_80_L.42.txt"


def _publish_both(live_server) -> tuple[str, str]:
    def setup() -> tuple[str, str]:
        cast = build_cast()
        base = f"{live_server.url}/negotiations/{cast.negotiation_a.id}/revisions"
        urls = []
        for path in (SPONSORED, ANNEXED):
            revision = publish(cast.cofac_a, cast.negotiation_a, path.name, path.read_bytes())
            urls.append(f"{base}/{revision.id}")
        return urls[0], urls[1]

    return live_server.run(setup)


def _draft_view(live_server, new_page, path: Path):
    """A delegate's page open on the draft view of the text at `path`, just published."""

    def setup() -> str:
        cast = build_cast()
        revision = publish(cast.cofac_a, cast.negotiation_a, path.name, path.read_bytes())
        return f"{live_server.url}/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}"

    url = live_server.run(setup)
    page = new_page()
    sign_in_page(page, live_server, "mexico@example.org")
    page.goto(url)
    return page


def test_sponsors_headings_and_annex_in_the_draft_view(live_server, new_page):
    sponsored, annexed = _publish_both(live_server)
    page = new_page()
    sign_in_page(page, live_server, "mexico@example.org")

    page.goto(sponsored)
    sponsors = page.locator(".resolution .sponsors")
    assert "Turkmenistan" in sponsors.inner_text()
    title_box = page.locator("#title").bounding_box()
    assert title_box is not None and sponsors.bounding_box()["y"] > title_box["y"]
    heading = page.get_by_role("heading", name="Implementation plan")
    heading.scroll_into_view_if_needed()
    above, below = page.locator("#OP6").bounding_box(), page.locator("#OP7").bounding_box()
    box = heading.bounding_box()
    assert above["y"] < box["y"] < below["y"]
    page.locator("#title").scroll_into_view_if_needed()
    screenshot(page, "structure-01-sponsors-and-title")
    heading.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -200)")
    screenshot(page, "structure-02-heading-between-paragraphs")

    contents_entry = page.locator(".toc .toc-section a", has_text="Implementation plan")
    contents_entry.click()
    page.wait_for_url("**#heading-*")
    assert heading.is_visible()
    screenshot(page, "structure-04-contents-with-headings")

    page.goto(annexed)
    # A Vice-Chair's draft says who submits it where a sponsored draft lists its sponsors.
    submitted = page.locator(".resolution .submitted-by")
    assert submitted.inner_text() == (
        "Draft resolution submitted by the Vice-Chair of the Committee, Weronika Garbacz (Poland)"
    )
    assert submitted.bounding_box()["y"] > page.locator("#title").bounding_box()["y"]
    screenshot(page, "structure-07-submitted-by")
    annex_title = page.get_by_role(
        "heading", name="United Nations principles for consumer product safety"
    )
    annex_title.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -150)")
    assert page.get_by_role("heading", name="General principles for the safety").is_visible()
    screenshot(page, "structure-03-annex")


def test_the_comparison_shows_headings_and_sponsors(live_server, new_page):
    def setup() -> str:
        cast = build_cast()
        name, original, revised = sponsored_draft_and_revision()
        zero = publish(cast.cofac_a, cast.negotiation_a, name, original)
        rev1 = publish(cast.cofac_a, cast.negotiation_a, name, revised)
        negotiation = cast.negotiation_a.id
        return f"{live_server.url}/negotiations/{negotiation}/compare?old={zero.id}&new={rev1.id}"

    url = live_server.run(setup)
    page = new_page()
    sign_in_page(page, live_server, "mexico@example.org")
    page.goto(url)
    _shows_headings_and_sponsors_changed(page, "structure-05-compare", "structure-06-compare")


def test_the_review_before_publishing_shows_headings_and_sponsors(live_server, new_page):
    """The co-facilitator reviewing a preview sees the renamed heading and the new sponsor, and
    the summary counts them, before anyone else sees the text."""

    def setup() -> str:
        from tracker.services.revisions import upload_revision

        cast = build_cast()
        name, original, revised = sponsored_draft_and_revision()
        publish(cast.cofac_a, cast.negotiation_a, name, original)
        preview = upload_revision(cast.cofac_a, cast.negotiation_a, filename=name, data=revised)
        negotiation = cast.negotiation_a.id
        return f"{live_server.url}/negotiations/{negotiation}/revisions/{preview.id}/review"

    url = live_server.run(setup)
    page = new_page()
    sign_in_page(page, live_server, "cofac.a@example.org")
    page.goto(url)
    _shows_headings_and_sponsors_changed(page, "structure-07-review", "structure-08-review")


def _shows_headings_and_sponsors_changed(page, summary_shot: str, headings_shot: str) -> None:
    """A comparison of sponsored_draft_and_revision: the summary counts the renamed heading and
    says the sponsors changed, the new sponsor is marked inserted, and the old and new headings
    stand as rows (screenshots of the top and of the headings)."""
    summary = page.locator(".compare-summary .summary-list").inner_text()
    assert "1 heading added" in summary and "1 heading deleted" in summary
    assert "sponsors changed" in summary
    assert "Mongolia" in page.locator(".compare-sponsors ins").inner_text()
    screenshot(page, f"{summary_shot}-summary-and-sponsors")
    added = page.locator("tr.heading-added")
    added.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -250)")
    assert added.is_visible() and page.locator("tr.heading-deleted").is_visible()
    screenshot(page, f"{headings_shot}-headings")


def test_further_annexes_stand_under_their_names(live_server, new_page):
    # A/RES/79/1, cut short: the Pact for the Future, then annex I and annex II, each
    # numbered from 1; a delegate sees where each annex begins, and annex II's preamble as
    # paragraphs of its own, its note linked.
    page = _draft_view(live_server, new_page, FIXTURES / "pact-with-two-annexes.txt")
    annex_two = page.get_by_role("heading", name="Annex II", exact=True)
    annex_two.scroll_into_view_if_needed()
    last_of_annex_one = page.locator("#Annex-I\\.2").bounding_box()
    preamble = page.locator("#Annex-II-2")
    assert last_of_annex_one["y"] < annex_two.bounding_box()["y"] < preamble.bounding_box()["y"]
    assert "Universal Declaration of Human Rights" in preamble.inner_text()
    assert preamble.locator("a[href='#fn23']").count() == 1
    page.evaluate("window.scrollBy(0, -150)")
    screenshot(page, "structure-09-further-annexes")


def test_the_note_on_what_the_sponsors_line_calls_the_text_is_a_click_away(live_server, new_page):
    # A/80/L.42: `Tajikistan:* draft decision**`, the second note saying how the Assembly may
    # take the proposal up.
    page = _draft_view(live_server, new_page, DOCS / "A_80_L.42.txt")
    kind = page.locator(".resolution .sponsored-as")
    assert kind.inner_text() == "· draft decision**"
    screenshot(page, "structure-10-draft-decision-with-its-note")
    kind.get_by_role("link", name="**").click()
    note = page.locator('[id="fn**"]')
    assert "directly in plenary meeting" in note.inner_text()
    assert note.is_visible()
