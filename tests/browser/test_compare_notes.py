"""What a note says, told by its mark in a comparison (which lists no notes), to a delegate with
a keyboard, on a laptop or on a phone in the room, and to a screen reader: not in a tooltip that
only a mouse can bring up."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DemoSite, screenshot, sign_in_demo

pytestmark = pytest.mark.browser

#: The demo's zero draft cites the Palermo Convention in PP3, note 1.
FIRST_NOTE = "United Nations, Treaty Series, vol. 2225, No. 39574."


@pytest.fixture
def open_page(chromium: Any) -> Iterator[Any]:
    """A page in a browser context of its own, at a screen's size, touch or not."""
    contexts = []

    def open_at(width: int, height: int, touch: bool = False) -> Any:
        context = chromium.new_context(
            viewport={"width": width, "height": height}, has_touch=touch, is_mobile=touch
        )
        contexts.append(context)
        return context.new_page()

    yield open_at
    for context in contexts:
        context.close()


def _compare(page: Any, site: DemoSite, mode: str = "") -> None:
    sign_in_demo(page, site, "mexico@demo.example")
    page.goto(f"{site.negotiation_url}/compare?old={site.zero_id}&new={site.rev1_id}{mode}")


def _note_of(mark: Any) -> Any:
    return mark.page.locator(f"#{mark.get_attribute('aria-describedby')}")


def _within_screen(page: Any, box: dict[str, float]) -> bool:
    width = page.viewport_size["width"]
    return box["x"] >= 0 and box["x"] + box["width"] <= width


@pytest.mark.parametrize("mode", ["", "&mode=side"])
def test_a_keyboard_reaches_a_note_mark_and_reads_its_note(demo_site, open_page, mode):
    page = open_page(1366, 900)
    _compare(page, demo_site, mode)
    marks = page.locator("table.compare .fn-mark")
    first = marks.first
    note = _note_of(first)
    # Nothing is shown until asked for: a comparison of hundreds of paragraphs stays readable.
    expect(page.locator(".fn-note:visible")).to_have_count(0)
    # A screen reader hears what the note says as the mark's description, on any browser.
    expect(first).to_have_accessible_name("Note 1")
    expect(first).to_have_accessible_description(FIRST_NOTE)
    page.get_by_role("link", name="Jump to the first change").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if first.evaluate("el => el === document.activeElement"):
            break
    expect(first).to_be_focused()
    expect(note).to_be_visible()
    expect(note).to_have_text(FIRST_NOTE)
    box = note.bounding_box()
    assert _within_screen(page, box)
    # Under the mark's line, not over it.
    assert box["y"] > first.bounding_box()["y"]
    screenshot(page, f"compare-notes-1-keyboard{mode.replace('&mode=', '-')}")
    # The mark keeps its look: a superscript number.
    assert first.evaluate("el => el.closest('sup') !== null && el.textContent") == "1"
    # Escape puts it away, the focus staying on the mark; leaving the mark and coming back
    # shows it again.
    page.keyboard.press("Escape")
    expect(note).to_be_hidden()
    expect(first).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    expect(first).to_be_focused()
    expect(note).to_be_visible()
    page.keyboard.press("Tab")
    expect(note).to_be_hidden()
    # Pointed at with a mouse, the note shows too, and stays while the pointer goes straight
    # down onto it to read it.
    first.hover()
    expect(note).to_be_visible()
    mark_box, note_box = first.bounding_box(), note.bounding_box()
    x = mark_box["x"] + mark_box["width"] / 2
    page.mouse.move(x, mark_box["y"] + mark_box["height"] / 2)
    page.mouse.move(x, note_box["y"] + note_box["height"] / 2, steps=12)
    expect(note).to_be_visible()
    page.mouse.move(0, 0)
    expect(note).to_be_hidden()
    # On paper a mark is a mark: the notes a comparison does not list stay off the page.
    first.focus()
    page.emulate_media(media="print")
    expect(note).to_be_hidden()
    expect(first).to_be_visible()
    assert first.evaluate("el => getComputedStyle(el).outlineStyle") == "none"


def test_a_tap_on_a_phone_shows_the_note_on_the_screen(demo_site, open_page):
    page = open_page(390, 844, touch=True)
    _compare(page, demo_site)
    marks = page.locator("table.compare .fn-mark")
    long_note = marks.filter(has_text="3").first
    note = _note_of(long_note)
    long_note.scroll_into_view_if_needed()
    long_note.tap()
    expect(note).to_be_visible()
    expect(note).to_contain_text("The list will include proposed as well as final names.")
    box = note.bounding_box()
    # The whole note on the phone's screen, wrapped to its width.
    assert _within_screen(page, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "compare-notes-2-phone-tap")
    # A tap elsewhere puts it away.
    page.locator("h1").tap()
    expect(note).to_be_hidden()
