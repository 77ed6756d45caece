"""The main pages of the demo negotiation, as the people who use them open them.

The pages are found by following the links a person would follow from the demo negotiation, so a
page added to the negotiation page is checked by every test that walks them, without editing
this file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from tests.browser.conftest import DemoSite, sign_in_demo

#: (the page, signed in as its person; a name for the report and screenshots; the address)
Visit = tuple[Any, str, str]


def main_page_visits(site: DemoSite, new_page: Callable[[], Any], width: int) -> list[Visit]:
    """Every main page with the person who opens it, in windows `width` pixels wide: the
    co-facilitator's pages found from the negotiation page, a delegate's, the secretariat's, the
    meeting's as each person in the room sees it, and the sign-in page. Uploads an unpublished
    Rev.2 and starts a meeting so that their pages have something to show."""
    preview_url = _make_preview(site)
    cofac = new_page()
    cofac.set_viewport_size({"width": width, "height": 900})
    sign_in_demo(cofac, site, "cofac.georgia@demo.example")
    pages = _discover_pages(cofac, site)
    pages["preview"] = preview_url
    expected = {"round", "compilation", "positions", "dashboard", "notifications"}
    assert expected <= set(pages), f"consultation pages not linked: {expected - set(pages)}"

    secretariat = new_page()
    secretariat.set_viewport_size({"width": width, "height": 900})
    sign_in_demo(secretariat, site, "secretariat@demo.example")
    # A delegate has notifications in the demo (texts published, comments triaged).
    mexico = new_page()
    mexico.set_viewport_size({"width": width, "height": 900})
    sign_in_demo(mexico, site, "mexico@demo.example")
    visits = [
        (mexico if name == "notifications" else cofac, name, url) for name, url in pages.items()
    ]
    # The delegate's view of a paragraph carries the comment form and the join buttons.
    visits += [(mexico, "paragraph-comments-delegate", pages["paragraph-comments"])]
    visits += [(mexico, "draft-delegate", pages["draft"])]
    # A delegate finds fewer comments than the co-facilitators do.
    visits += [(mexico, "search-delegate", pages["search"])]
    # What is new since the demo's Mexico last looked, the evening of the first meeting.
    visits += [(mexico, "whats-new-delegate", pages["negotiation"] + "/new")]
    # The meeting on screen, as each person in the room sees it.
    meeting_url = _start_meeting(site)
    visits += [(mexico, "meeting-follow", meeting_url)]
    visits += [(cofac, "meeting-chair", meeting_url + "/chair")]
    visits += [(cofac, "meeting-projector", meeting_url + "/projector")]
    visits += [(cofac, "meeting-record", meeting_url + "/record")]
    visits += [(secretariat, "accounts", site.server.url + "/admin/accounts")]
    visits += [(secretariat, "new-account", site.server.url + "/admin/accounts/new")]
    visits += [(secretariat, "delegations", site.server.url + "/admin/delegations")]
    signed_out = new_page()
    signed_out.set_viewport_size({"width": width, "height": 900})
    visits += [(signed_out, "login", site.server.url + "/login")]
    return visits


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
    # The negotiation page's search box, with a word the demo's text and comments hold.
    search = page.locator("form.negotiation-search[role=search]").first
    pages["search"] = search.evaluate("form => form.action") + "?q=webcast"
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
