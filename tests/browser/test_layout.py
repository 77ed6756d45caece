"""Every main page fits a laptop, a narrow window and a phone without sideways scrolling (a wide
table scrolls by itself), and prints clean.

The pages are found by following the links a person would follow from the demo negotiation, so a
page added to the negotiation page is checked without editing this file.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import SCREENSHOTS, DemoSite, screenshot, sign_in_demo

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


def _href(page: Any, selector: str) -> str:
    """The absolute URL of the first link matching the selector on the current page."""
    link = page.locator(selector).first
    assert link.count() == 1, f"no link {selector!r} on {page.url}"
    return link.evaluate("a => a.href")


def _discover_pages(page: Any, site: DemoSite) -> dict[str, str]:
    """Name -> URL of every main page, found by following links from the negotiation page."""
    page.goto(site.server.url + "/")
    pages = {"negotiations": page.url}
    pages["negotiation"] = _href(page, f"main a[href$='/negotiations/{site.negotiation_id}']")
    page.goto(pages["negotiation"])
    revisions = "section[aria-labelledby=revisions-heading]"
    pages["draft"] = _href(page, f"{revisions} td a[href*='/revisions/{site.rev1_id}']")
    pages["compare-inline"] = _href(page, f"{revisions} a[href*='/compare?']")
    pages["compare-side"] = pages["compare-inline"] + "&mode=side"
    pages["upload"] = _href(page, "a[href$='/revisions/new']")
    pages["round"] = _href(page, "section[aria-labelledby=rounds-heading] td a[href*='/rounds/']")
    for link in page.locator("nav.overview-nav a").all():
        name = link.inner_text().strip()
        if name == "Positions at a glance":
            pages["positions"] = link.evaluate("a => a.href")
        elif name == "Dashboard":
            pages["dashboard"] = link.evaluate("a => a.href")
    pages["notifications"] = _href(page, "header a.bell")
    # The co-facilitator's other pages, when the negotiation page offers them.
    for name, text in [
        ("exports", "Exports"),
        ("audit", "Audit trail"),
        ("round-form", "Schedule a round"),
        ("silence-form", "Put the text under silence"),
    ]:
        link = page.get_by_role("link", name=text, exact=True)
        if link.count():
            pages[name] = link.first.evaluate("a => a.href")
    page.goto(pages["round"])
    pages["compilation"] = _href(page, "main a[href*='/compilation']:not([href$='.docx'])")
    page.goto(pages["draft"])
    pages["history"] = _href(page, "#OP9 .para-label a")
    pages["paragraph-comments"] = _href(page, "#OP3 .para-consult a[href*='/paragraphs/']")
    every_comment = page.get_by_role("link", name=re.compile(r"^Every comment on "))
    if every_comment.count():
        pages["revision-comments"] = every_comment.first.evaluate("a => a.href")
    return pages


def _make_preview(site: DemoSite) -> str:
    """Upload Rev.2 without publishing it, so the preview page has something to show."""
    from sqlalchemy import select

    from tracker.demo import DEMO_DATA
    from tracker.extensions import db
    from tracker.models import Negotiation, User
    from tracker.services.revisions import upload_revision

    def upload() -> int:
        negotiation = db.get_or_404(Negotiation, site.negotiation_id)
        cofac = db.session.scalars(
            select(User).where(User.email == "cofac.georgia@demo.example")
        ).one()
        data = (DEMO_DATA / "rev1.txt").read_bytes()
        return upload_revision(cofac, negotiation, filename="rev2.txt", data=data).id

    revision_id = site.server.run(upload)
    return f"{site.negotiation_url}/revisions/{revision_id}"


def _start_meeting(site: DemoSite) -> str:
    """Start the second reading's meeting, with an edit, a status and a paragraph under
    discussion, so its pages have something to show; the meeting's address."""
    from sqlalchemy import select

    from tracker.extensions import db
    from tracker.models import ConsultationRound, User
    from tracker.services import meeting

    def start() -> int:
        cofac = db.session.scalars(
            select(User).where(User.email == "cofac.georgia@demo.example")
        ).one()
        second = db.session.scalars(
            select(ConsultationRound).where(ConsultationRound.title == "Second reading")
        ).one()
        held = meeting.start_meeting(cofac, second)
        op3 = next(p for p in meeting.working_view(held) if p.label == "OP3")
        meeting.edit_paragraph(cofac, held, op3.key, op3.text + " Also.", op3.version)
        meeting.set_status(cofac, held, op3.key, "bracketed")
        meeting.focus_paragraph(cofac, held, op3.key)
        return held.id

    return f"{site.negotiation_url}/meetings/{site.server.run(start)}"


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
    preview_url = _make_preview(demo_site)
    cofac = new_page()
    cofac.set_viewport_size({"width": width, "height": 900})
    sign_in_demo(cofac, demo_site, "cofac.georgia@demo.example")
    pages = _discover_pages(cofac, demo_site)
    pages["preview"] = preview_url
    expected = {"round", "compilation", "positions", "dashboard", "notifications"}
    assert expected <= set(pages), f"consultation pages not linked: {expected - set(pages)}"

    secretariat = new_page()
    secretariat.set_viewport_size({"width": width, "height": 900})
    sign_in_demo(secretariat, demo_site, "secretariat@demo.example")
    # A delegate has notifications in the demo (texts published, comments triaged).
    mexico = new_page()
    mexico.set_viewport_size({"width": width, "height": 900})
    sign_in_demo(mexico, demo_site, "mexico@demo.example")
    visits = [
        (mexico if name == "notifications" else cofac, name, url) for name, url in pages.items()
    ]
    # The delegate's view of a paragraph carries the comment form and the join buttons.
    visits += [(mexico, "paragraph-comments-delegate", pages["paragraph-comments"])]
    visits += [(mexico, "draft-delegate", pages["draft"])]
    # The meeting on screen, as each person in the room sees it.
    meeting_url = _start_meeting(demo_site)
    visits += [(mexico, "meeting-follow", meeting_url)]
    visits += [(cofac, "meeting-chair", meeting_url + "/chair")]
    visits += [(cofac, "meeting-projector", meeting_url + "/projector")]
    visits += [(cofac, "meeting-record", meeting_url + "/record")]
    visits += [(secretariat, "accounts", demo_site.server.url + "/admin/accounts")]
    visits += [(secretariat, "new-account", demo_site.server.url + "/admin/accounts/new")]
    visits += [(secretariat, "delegations", demo_site.server.url + "/admin/delegations")]
    signed_out = new_page()
    signed_out.set_viewport_size({"width": width, "height": 900})
    visits += [(signed_out, "login", demo_site.server.url + "/login")]

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
