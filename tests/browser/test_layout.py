"""Every main page fits a laptop, a narrow window and a phone without sideways scrolling (a wide
table scrolls by itself), and prints clean.

The pages are those of tests/browser/main_pages.py, found from the demo negotiation's links.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import SCREENSHOTS, DemoSite, screenshot, sign_in_demo, sign_in_page
from tests.browser.main_pages import main_page_visits

pytestmark = pytest.mark.browser

#: A laptop, half of a wide screen, and a phone held in the room.
WIDTHS = [1280, 800, 390]

#: Finds what sticks out past the right edge of the viewport, leaving out what sits inside a
#: horizontal scroll container (a wide table the reader scrolls on purpose), and reports only
#: the outermost offender of each nest so one wide box gives one line.
OVERFLOW_JS = """
() => {
  const limit = document.documentElement.clientWidth;
  const scrolls = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  const offenders = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    // Text too long for its box (a URL, a <pre>) spills out while the box itself fits.
    // (SVG elements have no CSS box and report no scroll width of their own.)
    const spills = el instanceof HTMLElement && getComputedStyle(el).overflowX === 'visible'
      ? el.scrollWidth : 0;
    const right = Math.max(box.right, box.left + spills);
    if (right <= limit + 1) continue;
    let inside = false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (scrolls(up)) { inside = true; break; }
    }
    if (inside) continue;
    if (offenders.some(o => o.el.contains(el))) continue;
    offenders.push({el, right: Math.round(right)});
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: limit,
    offenders: offenders.map(({el, right}) => ({
      tag: el.tagName.toLowerCase(),
      cls: el.className && el.className.baseVal === undefined ? el.className : '',
      text: (el.innerText || el.textContent || '').trim().slice(0, 60),
      right,
    })),
  };
}
"""


def _overflow_problems(page: Any) -> list[str]:
    found = page.evaluate(OVERFLOW_JS)
    problems = []
    if found["scrollWidth"] > found["clientWidth"]:
        problems.append(f"page scrolls sideways: {found['scrollWidth']} > {found['clientWidth']}")
    for o in found["offenders"]:
        where = o["tag"] + ("." + ".".join(o["cls"].split()) if o["cls"] else "")
        problems.append(f"<{where}> reaches {o['right']}px: {o['text']!r}")
    return problems


@pytest.mark.parametrize("width", WIDTHS)
def test_main_pages_fit_the_window_without_sideways_scrolling(
    demo_site: DemoSite, new_page, width: int
):
    visits = main_page_visits(demo_site, new_page, width)
    failures = []
    for page, name, url in visits:
        response = page.goto(url)
        assert response is not None and response.ok, f"{name}: {url} answered {response}"
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"layout-{width}-{name}.png"), full_page=True)
        failures += [f"{name} at {width}px: {problem}" for problem in _overflow_problems(page)]
    assert not failures, "\n".join(failures)


def test_print_shows_the_resolution_without_navigation_forms_or_contents(
    demo_site: DemoSite, new_page
):
    page = new_page()
    sign_in_demo(page, demo_site, "mexico@demo.example")
    page.goto(f"{demo_site.negotiation_url}/revisions/{demo_site.rev1_id}")
    assert page.locator("nav.toc").is_visible()
    assert page.locator("main form").first.count() == 1
    page.emulate_media(media="print")
    for hidden in ("header.site-header", "nav.toc", ".skip-link"):
        assert not page.locator(hidden).is_visible(), f"{hidden} shows in print"
    visible_forms = [f for f in page.locator("form").all() if f.is_visible()]
    assert not visible_forms, f"{len(visible_forms)} forms show in print"
    assert page.locator(".resolution").is_visible()
    op1 = page.locator("#OP1 .para-body > p").first
    assert op1.is_visible()
    assert re.match(r"1\.\s+\S", op1.inner_text())
    assert page.locator(".footnotes").is_visible()
    screenshot(page, "layout-print-draft")
    page.screenshot(path=str(SCREENSHOTS / "layout-print-draft-full.png"), full_page=True)


def test_overflow_check_names_the_offender_and_spares_scroll_containers(new_page):
    page = new_page()
    page.set_viewport_size({"width": 800, "height": 600})
    page.set_content(
        "<body style='margin:0'>"
        "<div style='overflow-x:auto'><table><tr><td style='min-width:2000px'>wide on purpose"
        "</td></tr></table></div>"
        "<div class='too wide' style='width:1500px'>Recalling its resolution</div>"
        "<pre>" + "x" * 300 + "</pre></body>"
    )
    problems = _overflow_problems(page)
    assert problems[0].startswith("page scrolls sideways")
    assert "<div.too.wide> reaches 1500px: 'Recalling its resolution'" in problems
    assert any(p.startswith("<pre>") for p in problems)
    assert not any("wide on purpose" in p for p in problems)


@pytest.mark.parametrize("mode", ["inline", "side"])
def test_a_phone_reads_each_compared_text_the_whole_width_of_the_comparison(
    demo_site: DemoSite, new_page, mode: str
):
    # As a table of four or five columns, a 390px screen left each text a column of a few
    # words beside its labels; each row now puts its labels on one line and its texts below.
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_demo(page, demo_site, "mexico@demo.example")
    page.goto(f"{demo_site.negotiation_url}/compare?mode={mode}")
    table = page.locator("table.compare").bounding_box()
    row = page.locator("tr.pair-modified").first
    texts = row.locator("td.text")
    assert texts.count() == (2 if mode == "side" else 1)
    labels = row.locator("td.label").all()
    for cell in texts.all():
        box = cell.bounding_box()
        assert box["width"] > 0.85 * table["width"], (box, table)
        assert box["y"] > labels[0].bounding_box()["y"]
    if mode == "side":
        old, new = (cell.bounding_box() for cell in texts.all())
        assert new["y"] > old["y"]
        caption = texts.first.evaluate("c => getComputedStyle(c, '::before').content")
        assert caption == '"Zero draft"'
    assert labels[0].bounding_box()["y"] == labels[1].bounding_box()["y"]
    screenshot(page, f"layout-390-compare-{mode}-stacked")


def test_a_phone_reads_each_paragraph_the_whole_width_of_the_text(demo_site: DemoSite, new_page):
    # With its label in a column beside it, a 390px screen left a paragraph about two thirds
    # of the text's width; the label and its badge now stand on a line above the paragraph.
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_demo(page, demo_site, "mexico@demo.example")
    page.goto(demo_site.negotiation_url)
    page.get_by_role("link", name="Rev.1", exact=True).first.click()
    text = page.locator("article.resolution").bounding_box()
    paragraph = page.locator(".para.para-operative").first
    label, body = paragraph.locator(".para-label"), paragraph.locator(".para-body")
    assert body.bounding_box()["width"] > 0.85 * text["width"], (body.bounding_box(), text)
    assert body.bounding_box()["y"] > label.bounding_box()["y"] + label.bounding_box()["height"] - 1
    screenshot(page, "layout-390-draft-paragraphs")


#: A link pasted into a comment, as delegates paste them: one word far wider than a phone.
LONG_LINK = (
    "https://www.unodc.org/documents/human-trafficking/2025/"
    "Global_Report_on_Trafficking_in_Persons_2025_country_profiles_Latin_America_and_the_"
    "Caribbean_full_text_with_annexes_and_statistical_tables_final_version_for_circulation.pdf"
)


def _comment_with_a_long_link() -> dict[str, int]:
    from tests.browser.conftest import small_negotiation
    from tracker.services import comments

    world = small_negotiation()
    paragraph = next(p for p in world.zero.paragraphs if p.path == "OP1")
    comment = comments.create_comment(
        world.mexico, world.zero, paragraph=paragraph, kind="comment", body=f"See {LONG_LINK}"
    )
    return {
        "negotiation": world.negotiation.id,
        "revision": world.zero.id,
        "paragraph": paragraph.id,
        "comment": comment.id,
    }


def test_a_long_link_in_a_comment_wraps_instead_of_widening_the_page(live_server, new_page):
    ids = live_server.run(_comment_with_a_long_link)
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_page(page, live_server, "chile@example.org")
    base = f"{live_server.url}/negotiations/{ids['negotiation']}"
    failures = []
    for name, url in [
        ("paragraph", f"{base}/paragraphs/{ids['paragraph']}/comments"),
        ("revision-comments", f"{base}/revisions/{ids['revision']}/comments"),
        ("comment", f"{base}/comments/{ids['comment']}"),
    ]:
        page.goto(url)
        assert LONG_LINK in page.locator("main").inner_text().replace("\n", "")
        failures += [f"{name}: {problem}" for problem in _overflow_problems(page)]
    screenshot(page, "layout-390-long-link")
    assert not failures, "\n".join(failures)


def test_a_phone_header_is_one_row_and_its_menu_opens_from_the_keyboard(
    demo_site: DemoSite, new_page
):
    # A delegate on a phone reads the text, not the header: one row with the product, the
    # notifications and "Menu", whose links open without script and from the keyboard.
    page = new_page()
    sign_in_demo(page, demo_site, "secretariat@demo.example")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(demo_site.negotiation_url)
    header = page.locator("header.site-header")
    assert header.bounding_box()["height"] <= 64
    assert page.get_by_role("link", name="Notifications").is_visible()
    assert not page.get_by_role("link", name="Accounts").is_visible()
    screenshot(page, "layout-phone-header")
    menu = page.locator("summary", has_text="Menu")
    menu.focus()
    page.keyboard.press("Enter")
    for name in ("Negotiations", "Library", "Accounts", "Delegations", "Password"):
        assert page.get_by_role("link", name=name).is_visible(), name
    assert page.get_by_role("button", name="Sign out").is_visible()
    screenshot(page, "layout-phone-menu-open")
    assert _overflow_problems(page) == []
    # A laptop: every link in the header's row, no "Menu" to open.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    assert not menu.is_visible()
    for name in ("Negotiations", "Accounts", "Password", "Notifications"):
        assert page.get_by_role("link", name=name).is_visible(), name
    assert header.bounding_box()["height"] <= 64
    screenshot(page, "layout-laptop-header")
    # A delegate with unread notifications: their count fits the row too.
    delegate = new_page()
    sign_in_demo(delegate, demo_site, "mexico@demo.example")
    delegate.set_viewport_size({"width": 390, "height": 844})
    delegate.goto(demo_site.negotiation_url)
    assert delegate.locator("a.bell .count").is_visible()
    assert delegate.locator("header.site-header").bounding_box()["height"] <= 64
    screenshot(delegate, "layout-phone-header-unread")
