"""The meeting on screen, in three browsers: the co-facilitator edits OP3 and agrees OP4 ad ref;
a delegate and the projector show both without reloading; the delegate's page, cut off and
back online, catches up; the working text is then published as Rev.2 and OP3's comments
follow it."""

from __future__ import annotations

import re

import docx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DemoSite, review_and_publish, screenshot, sign_in_demo

pytestmark = pytest.mark.browser

ADDED = "and archived for those who cannot attend"


def _paragraph(page, label: str):
    """A paragraph of the working text by its label as shown."""
    return page.locator(".mp").filter(
        has=page.locator(".mp-name", has_text=re.compile(rf"^{re.escape(label)}$"))
    )


def _start_second_reading(page, demo_site: DemoSite, email: str) -> None:
    """Signed in as that co-facilitator, start the demo's second reading's meeting on Rev.1."""
    sign_in_demo(page, demo_site, email)
    page.goto(demo_site.negotiation_url)
    page.get_by_role("link", name="Second reading").click()
    page.get_by_role("button", name="Start the meeting on Rev.1").click()


def test_a_meeting_followed_live_on_three_screens(demo_site: DemoSite, chromium) -> None:
    # Streams end every few seconds here, so the pages also reconnect during the test.
    demo_site.server.app.config["LIVE_STREAM_SECONDS"] = 3
    contexts = []

    def open_page(email: str, width: int = 1280, height: int = 900):
        context = chromium.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        sign_in_demo(page, demo_site, email)
        return page

    try:
        cofac = open_page("cofac.georgia@demo.example", 1440, 900)
        delegate = open_page("chile@demo.example")
        projector = open_page("cofac.philippines@demo.example", 1920, 1080)

        # The delegate reads Rev.1 when the co-facilitator starts the meeting from the round's
        # page: the draft page says so, with the way in.
        delegate.goto(f"{demo_site.negotiation_url}/revisions/{demo_site.rev1_id}")
        cofac.goto(demo_site.negotiation_url)
        cofac.get_by_role("link", name="Second reading").click()
        cofac.get_by_role("button", name="Start the meeting on Rev.1").click()
        cofac.get_by_role("heading", name=re.compile("Run the meeting on Rev.1")).wait_for()
        delegate.locator(".live-notice").get_by_role("link", name="Follow the meeting").click(
            timeout=10_000
        )
        delegate.get_by_role("heading", name=re.compile("Meeting on Rev.1")).wait_for()
        meeting_url = delegate.url
        # The negotiation page shows it to everyone; the room's screen opens the projector.
        projector.goto(demo_site.negotiation_url)
        projector.get_by_role("link", name="Projector").first.click()
        projector.locator(".projector-waiting").wait_for()
        for page in (delegate, projector):
            page.evaluate("window.notReloaded = true")

        # OP3 is taken up and edited.
        _paragraph(cofac, "OP3").get_by_role("button", name="Discuss").click()
        cofac.get_by_text("Under discussion on every screen.").wait_for()
        text_box = cofac.get_by_label("Text of OP3")
        original = text_box.input_value()
        text_box.fill(original.rstrip(";") + " " + ADDED + ";")
        cofac.get_by_role("button", name="Save the text").click()
        cofac.get_by_text("OP3 changed.").wait_for()

        delegate_op3 = _paragraph(delegate, "OP3")
        delegate_op3.locator("ins", has_text="archived").wait_for(timeout=10_000)
        assert "mp-focus" in (delegate_op3.get_attribute("class") or "")
        assert delegate.locator(".follow-now").inner_text() == "Under discussion: OP3"
        projector_op3 = projector.locator(".mp-focus")
        projector_op3.locator("ins", has_text="archived").wait_for(timeout=10_000)
        assert projector_op3.locator(".mp-name").inner_text() == "OP3"
        assert _paragraph(projector, "OP4").is_visible()  # its neighbour
        assert not _paragraph(projector, "OP1").is_visible()

        # OP4 is agreed ad ref.
        _paragraph(cofac, "OP4").get_by_role("link", name="Work on OP4").click()
        cofac.get_by_role("button", name="Agree ad ref").click()
        cofac.get_by_text("OP4 is now agreed ad ref.").wait_for()
        for page in (delegate, projector):
            _paragraph(page, "OP4").locator(".state-agreed_ad_ref").wait_for(timeout=10_000)

        # The delegate can comment on the paragraph in front of them.
        comment_link = delegate.locator(".follow-bar").get_by_role(
            "link", name="Comment or propose on OP3"
        )
        assert comment_link.is_visible()

        screenshot(cofac, "meeting-cofacilitator")
        screenshot(delegate, "meeting-delegate")
        screenshot(projector, "meeting-projector")

        # The delegate stops following: the discussion moves on, the page stays where it is.
        delegate.get_by_label("Follow the discussion").uncheck()
        delegate.evaluate("window.scrollTo(0, 0)")
        _paragraph(cofac, "OP8").get_by_role("button", name="Discuss").click()
        _paragraph(delegate, "OP8").and_(delegate.locator(".mp-focus")).wait_for(timeout=10_000)
        assert delegate.locator(".follow-now").inner_text() == "Under discussion: OP8"
        assert delegate.evaluate("window.scrollY") == 0
        delegate.get_by_label("Follow the discussion").check()
        # (Polled from here: the page's CSP forbids Playwright's evaluated predicates.)
        for _ in range(100):
            if delegate.evaluate("window.scrollY") > 0:
                break
            delegate.wait_for_timeout(100)
        assert delegate.evaluate("window.scrollY") > 0
        assert _paragraph(delegate, "OP8").is_visible()

        # The delegate's connection drops; meanwhile OP5 is bracketed. Back online, the page
        # catches up from the last event it saw.
        delegate.context.set_offline(True)
        _paragraph(cofac, "OP5").get_by_role("link", name="Work on OP5").click()
        cofac.get_by_text("Bracket words").click()
        cofac.get_by_label("Words to put in brackets").fill("Member States")
        cofac.get_by_label("Held by (optional)").fill("EU")
        cofac.get_by_role("button", name="Bracket", exact=True).click()
        cofac.get_by_text("Bracketed in OP5").wait_for()
        delegate.wait_for_timeout(4000)
        delegate.context.set_offline(False)
        _paragraph(delegate, "OP5").locator(".mp-words", has_text="[Member States").wait_for(
            timeout=15_000
        )
        for page in (delegate, projector):
            assert page.evaluate("window.notReloaded") is True
        # Each change once.
        assert _paragraph(delegate, "OP4").locator(".badge").count() == 1
        assert delegate.locator(".mp-words", has_text="[Member States").count() == 1

        # Chile comments on OP3 from the meeting page, through the paragraph's own form.
        _paragraph(delegate, "OP3").get_by_role("link", name="Comment or propose on OP3").click()
        delegate.get_by_label("Kind").select_option("comment")
        delegate.get_by_label("Comment or explanation").fill(
            "Chile supports archiving the webcast."
        )
        delegate.get_by_role("button", name="Submit").click()
        delegate.get_by_text("Comment recorded.").wait_for()

        # The working text becomes Rev.2: end -> preview -> review -> publish.
        cofac.get_by_role("button", name="End the meeting…").click()
        cofac.get_by_role("button", name="End the meeting and make the preview").click()
        cofac.get_by_text("The meeting ended.").wait_for()
        # The room's screen, still open, no longer looks live: no badge, nothing under
        # discussion (it kept both until reloaded).
        projector.locator(".badge", has_text="Ended").wait_for(timeout=10_000)
        assert projector.locator(".badge-live").count() == 0
        assert projector.locator(".mp-focus").count() == 0
        review_and_publish(cofac, "Rev.2")
        cofac.get_by_role("heading", name="Rev.2").wait_for()
        op3_line = cofac.locator("#OP3 > .para-body > .para-consult")
        assert ADDED in cofac.locator("#OP3").inner_text()
        assert re.search(r"\d+ comments? on OP3", op3_line.inner_text())
        op3_line.get_by_role("link", name=re.compile("comments? on OP3")).click()
        cofac.get_by_text("Chile supports archiving the webcast.").wait_for()
        assert cofac.get_by_text("Multilingualism").count() >= 1  # Mexico's, from the zero draft

        # The meeting is over; its record stays, and its summary downloads as a Word file.
        delegate.goto(demo_site.negotiation_url)
        assert delegate.get_by_text("A meeting is being held now").count() == 0
        delegate.goto(f"{meeting_url}/record")
        screenshot(delegate, "meeting-record")
        with delegate.expect_download() as download:
            delegate.get_by_role("link", name="Download the meeting summary (Word)").click()
        assert download.value.suggested_filename.endswith("-summary.docx")
        summary = docx.Document(download.value.path())
        cells = [cell.text for table in summary.tables for row in table.rows for cell in row.cells]
        assert any(ADDED in text for text in cells)
        # The exports page lists it with the negotiation's other downloads.
        delegate.goto(f"{demo_site.negotiation_url}/exports")
        meetings = delegate.locator(
            "section", has=delegate.get_by_role("heading", name="Meetings on screen")
        )
        assert "Second reading" in meetings.inner_text()
        meetings.scroll_into_view_if_needed()
        screenshot(delegate, "exports-meetings")
        assert meetings.get_by_role("link", name="Word").count() == 1
    finally:
        for context in contexts:
            context.close()


def test_the_co_facilitator_runs_the_projector_from_the_keyboard(
    demo_site: DemoSite, new_page
) -> None:
    cofac = new_page()
    _start_second_reading(cofac, demo_site, "cofac.georgia@demo.example")
    cofac.get_by_role("link", name="Projector").click()
    cofac.locator(".projector-waiting").wait_for()
    assert "agree ad ref" in cofac.locator(".projector-legend").inner_text()
    cofac.evaluate("window.notReloaded = true")

    # j takes up the first paragraph, then the next; k goes back.
    cofac.keyboard.press("j")
    cofac.locator(".mp-focus .mp-name", has_text="PP1").wait_for(timeout=10_000)
    cofac.keyboard.press("ArrowRight")
    cofac.locator(".mp-focus .mp-name", has_text="PP2").wait_for(timeout=10_000)
    cofac.keyboard.press("k")
    cofac.locator(".mp-focus .mp-name", has_text="PP1").wait_for(timeout=10_000)

    # a agrees it ad ref; b brackets the words selected on the screen.
    cofac.keyboard.press("a")
    cofac.locator(".mp-focus .state-agreed_ad_ref").wait_for(timeout=10_000)
    cofac.keyboard.press("j")
    cofac.locator(".mp-focus .mp-name", has_text="PP2").wait_for(timeout=10_000)
    cofac.evaluate(
        """() => {
            const words = document.querySelector('.mp-focus .mp-words');
            // The opening words are in italics: the words to select are in a later text node.
            const walker = document.createTreeWalker(words, NodeFilter.SHOW_TEXT);
            let text = walker.nextNode();
            while (!text.textContent.includes('64/293')) text = walker.nextNode();
            const start = text.textContent.indexOf('64/293');
            const range = document.createRange();
            range.setStart(text, start);
            range.setEnd(text, start + '64/293'.length);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        }"""
    )
    cofac.keyboard.press("b")
    cofac.locator(".mp-focus .mp-words", has_text="[64/293]").wait_for(timeout=10_000)
    # A key that needs a selection says so rather than doing anything.
    cofac.evaluate("getSelection().removeAllRanges()")
    cofac.keyboard.press("b")
    assert "Select the words" in cofac.locator(".projector-notice").inner_text()
    assert cofac.evaluate("window.notReloaded") is True

    # The buttons act on the paragraph under discussion now, not on the one the page was
    # opened on (none here): moved on to PP3 by key, "Agree ad ref" clicked agrees PP3.
    cofac.keyboard.press("j")
    cofac.locator(".mp-focus .mp-name", has_text="PP3").wait_for(timeout=10_000)
    with cofac.expect_navigation():
        cofac.get_by_role("button", name="Agree ad ref").click()
    expect(_paragraph(cofac, "PP3").locator(".state-agreed_ad_ref")).to_be_visible()
    expect(_paragraph(cofac, "PP2").locator(".state-agreed_ad_ref")).to_have_count(0)


def test_the_projector_key_does_not_agree_over_a_reservation_unseen(
    demo_site: DemoSite, new_page
) -> None:
    """Norway holds a reservation on OP12: on the projector, a (or its Agree ad ref button)
    shows the note the chair's panel shows beside Agree ad ref and agrees nothing; pressed
    again, it agrees. A paragraph without a reservation is agreed at the first press."""
    cofac = new_page()
    _start_second_reading(cofac, demo_site, "cofac.georgia@demo.example")
    _paragraph(cofac, "OP12").get_by_role("link", name="Work on OP12").click()
    cofac.get_by_role("button", name="Discuss OP12 now").click()
    note = cofac.locator("#reservation-note").inner_text()
    assert note.startswith("Norway holds a reservation on this paragraph")
    cofac.get_by_role("link", name="Projector").click()
    cofac.locator(".mp-focus .mp-name", has_text="OP12").wait_for()
    cofac.evaluate("window.notReloaded = true")
    notice = cofac.locator(".projector-notice")
    agreed = cofac.locator(".mp-focus .state-agreed_ad_ref")

    # The button, then the key: each says what the panel says, and nothing is agreed.
    cofac.get_by_role("button", name="Agree ad ref").click()
    expect(notice).to_contain_text(note, timeout=10_000)
    expect(notice).to_contain_text("Press a again")
    cofac.keyboard.press("j")
    cofac.locator(".mp-focus .mp-name", has_text="OP13").wait_for(timeout=10_000)
    cofac.keyboard.press("a")  # no reservation on OP13: agreed at once
    expect(agreed).to_have_count(1, timeout=10_000)
    cofac.keyboard.press("k")
    cofac.locator(".mp-focus .mp-name", has_text="OP12").wait_for(timeout=10_000)
    cofac.keyboard.press("a")
    expect(notice).to_contain_text(note, timeout=10_000)
    cofac.wait_for_timeout(1_000)  # an agreement would have come back by now
    expect(_paragraph(cofac, "OP12").locator(".state-agreed_ad_ref")).to_have_count(0)
    screenshot(cofac, "meeting-projector-reservation")

    # Pressed again, having seen it: agreed.
    cofac.keyboard.press("a")
    expect(_paragraph(cofac, "OP12").locator(".state-agreed_ad_ref")).to_have_count(
        1, timeout=10_000
    )
    expect(notice).to_be_hidden()
    assert cofac.evaluate("window.notReloaded") is True


def test_two_co_facilitators_on_one_paragraph_lose_nothing(demo_site: DemoSite, new_page) -> None:
    georgia = new_page()
    _start_second_reading(georgia, demo_site, "cofac.georgia@demo.example")
    philippines = new_page()
    sign_in_demo(philippines, demo_site, "cofac.philippines@demo.example")
    philippines.goto(demo_site.negotiation_url)
    philippines.get_by_role("link", name="Run the meeting").click()
    for page in (georgia, philippines):
        _paragraph(page, "OP6").get_by_role("link", name="Work on OP6").click()

    theirs = "Encourages Member States to include survivors in their delegations;"
    philippines.get_by_label("Text of OP6").fill(theirs)
    philippines.get_by_role("button", name="Save the text").click()
    philippines.get_by_text("OP6 changed.").wait_for()

    # Georgia's page says so before she saves, without reloading.
    georgia.locator(".panel-stale", has_text="has just changed OP6").wait_for(timeout=10_000)
    mine = "Strongly encourages Member States to include survivors;"
    georgia.get_by_label("Text of OP6").fill(mine)
    georgia.get_by_role("button", name="Save the text").click()
    conflict = georgia.locator(".conflict-box")
    conflict.wait_for()
    assert theirs in conflict.inner_text()
    assert georgia.get_by_label("Text of OP6").input_value() == mine
    screenshot(georgia, "meeting-conflict")
    georgia.get_by_role("button", name="Save my text").click()
    georgia.get_by_text("OP6 changed.").wait_for()
    # And the other co-facilitator's page shows it as it stands now.
    _paragraph(philippines, "OP6").locator("ins", has_text="Strongly").wait_for(timeout=10_000)


def test_without_script_every_page_shows_the_current_state_on_reload(
    demo_site: DemoSite, chromium
) -> None:
    contexts = [chromium.new_context(java_script_enabled=False) for _ in range(2)]
    try:
        cofac, delegate = (context.new_page() for context in contexts)
        sign_in_demo(cofac, demo_site, "cofac.georgia@demo.example")
        sign_in_demo(delegate, demo_site, "chile@demo.example")
        cofac.goto(demo_site.negotiation_url)
        cofac.get_by_role("link", name="Second reading").click()
        cofac.get_by_role("button", name="Start the meeting on Rev.1").click()
        _paragraph(cofac, "OP3").get_by_role("button", name="Discuss").click()
        text_box = cofac.get_by_label("Text of OP3")
        text_box.fill(text_box.input_value().rstrip(";") + " " + ADDED + ";")
        cofac.get_by_role("button", name="Save the text").click()
        cofac.get_by_role("button", name="Agree ad ref").click()
        cofac.get_by_text("OP3 is now agreed ad ref.").wait_for()

        delegate.goto(demo_site.negotiation_url)
        delegate.get_by_role("link", name="Follow the meeting").click()
        op3 = _paragraph(delegate, "OP3")
        assert "archived" in op3.locator("ins").inner_text()
        assert op3.locator(".state-agreed_ad_ref").count() == 1
        assert delegate.locator(".follow-now").inner_text() == "Under discussion: OP3"
        # The toggle needs the script, so it is not offered without it.
        assert not delegate.get_by_label("Follow the discussion").is_visible()

        # The projector's buttons do what its keys do.
        cofac.get_by_role("link", name="Projector").click()
        cofac.get_by_role("button", name="Next").click()
        expect(cofac.locator(".mp-focus .mp-name")).to_have_text("OP4")
        delegate.reload()
        assert delegate.locator(".follow-now").inner_text() == "Under discussion: OP4"
    finally:
        for context in contexts:
            context.close()


def test_without_script_the_projector_asks_before_agreeing_over_a_reservation(
    demo_site: DemoSite, chromium
) -> None:
    """Norway holds a reservation on OP12: the projector's Agree ad ref, without its script,
    opens a page saying so; agreed from there, the room's screen comes back with OP12 agreed."""
    context = chromium.new_context(java_script_enabled=False)
    try:
        cofac = context.new_page()
        _start_second_reading(cofac, demo_site, "cofac.georgia@demo.example")
        _paragraph(cofac, "OP12").get_by_role("button", name="Discuss").click()
        cofac.get_by_role("link", name="Projector").click()
        cofac.get_by_role("button", name="Agree ad ref").click()
        expect(cofac.get_by_role("heading", name="Agree OP12 ad ref?")).to_be_visible()
        expect(cofac.locator(".confirm-step")).to_contain_text(
            "Norway holds a reservation on this paragraph"
        )
        screenshot(cofac, "meeting-projector-reservation-without-script")
        cofac.get_by_role("button", name="Agree OP12 ad ref all the same").click()
        expect(cofac.locator(".mp-focus .mp-name")).to_have_text("OP12")
        expect(cofac.locator(".mp-focus .state-agreed_ad_ref")).to_have_count(1)
    finally:
        context.close()


def test_a_page_whose_stream_was_refused_follows_the_meeting_again(
    demo_site: DemoSite, new_page
) -> None:
    """A busy server refuses a stream (503, its limit of open pages): the delegate's page
    starts one again after a while and shows the discussion where it is, where it had stopped
    silently on the paragraph under discussion when it was refused."""
    cofac = new_page()
    _start_second_reading(cofac, demo_site, "cofac.georgia@demo.example")
    chair_url = cofac.url
    delegate = new_page()
    sign_in_demo(delegate, demo_site, "mexico@demo.example")
    refused: list[str] = []

    def refuse_first(route) -> None:  # noqa: ANN001
        if not refused:
            refused.append(route.request.url)
            route.fulfill(status=503, body="Too many open pages; try again shortly.")
        else:
            route.continue_()

    delegate.route(re.compile(r".*/events(\?.*)?$"), refuse_first)
    delegate.goto(chair_url.split("/chair")[0])
    expect(delegate.locator("#meeting-text")).to_be_visible()
    _paragraph(cofac, "PP1").get_by_role("button", name="Discuss").click()
    cofac.locator(".mp-focus .mp-name", has_text="PP1").wait_for(timeout=10_000)
    assert refused, "the delegate's first stream was not refused"
    delegate.locator(".mp-focus .mp-name", has_text="PP1").wait_for(timeout=15_000)


def test_the_chairs_panel_follows_the_discussion_as_it_moves(demo_site: DemoSite, new_page) -> None:
    """Working on OP6 under discussion, one co-facilitator's panel kept saying "Under
    discussion on every screen" and hid its Discuss button once the other moved the room on."""
    georgia = new_page()
    _start_second_reading(georgia, demo_site, "cofac.georgia@demo.example")
    _paragraph(georgia, "OP6").get_by_role("link", name="Work on OP6").click()
    georgia.get_by_role("button", name="Discuss OP6 now").click()
    panel = georgia.locator("#working-on")
    expect(panel.locator(".under-discussion")).to_be_visible()
    expect(panel.get_by_role("button", name="Discuss OP6 now")).to_be_hidden()
    philippines = new_page()
    sign_in_demo(philippines, demo_site, "cofac.philippines@demo.example")
    philippines.goto(demo_site.negotiation_url)
    philippines.get_by_role("link", name="Run the meeting").click()
    _paragraph(philippines, "OP7").get_by_role("button", name="Discuss").click()
    philippines.locator(".mp-focus .mp-name", has_text="OP7").wait_for(timeout=10_000)
    expect(panel.get_by_role("button", name="Discuss OP6 now")).to_be_visible(timeout=15_000)
    expect(panel.locator(".under-discussion")).to_be_hidden()


#: Run before the page's own scripts: every message its event streams receive, in order.
RECORD_STREAM = """
window.received = [];
window.EventSource = class extends window.EventSource {
  constructor(url, options) {
    super(url, options);
    this.addEventListener("message", (message) => window.received.push(JSON.parse(message.data)));
  }
};
"""


def _chair_on_op3(demo_site: DemoSite, new_page):
    """Georgia starts the second reading's meeting and takes up OP3; her page, not reloaded
    from here on."""
    georgia = new_page()
    _start_second_reading(georgia, demo_site, "cofac.georgia@demo.example")
    _paragraph(georgia, "OP3").get_by_role("link", name="Work on OP3").click()
    georgia.get_by_role("button", name="Discuss OP3 now").click()
    expect(georgia.locator("#working-on .under-discussion")).to_be_visible()
    georgia.evaluate("window.notReloaded = true")
    return georgia


def _propose_on_op3(page, demo_site: DemoSite, kind: str, seen_by: str = "all", **words: str):
    """A delegate, following the meeting, comments on OP3 through its form."""
    page.goto(demo_site.negotiation_url)
    page.get_by_role("link", name="Follow the meeting").click()
    page.locator(".follow-bar").get_by_role("link", name="Comment or propose on OP3").click()
    _fill_and_send(page, kind, seen_by, **words)


def _fill_and_send(page, kind: str, seen_by: str = "all", **words: str) -> None:
    """Fill in the comment form open on the page and send it."""
    page.get_by_label("Kind").select_option(kind)
    page.get_by_label("Seen by").select_option(seen_by)
    if "replace" in words:
        proposed = page.get_by_label("Proposed text")
        proposed.fill(proposed.input_value().replace(*words["replace"].split("|")))
    page.get_by_label("Comment or explanation").fill(words.get("body", ""))
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("recorded").first.wait_for()


def test_the_chair_sees_a_proposal_posted_during_the_meeting_without_reloading(
    demo_site: DemoSite, new_page
) -> None:
    """While OP3 is under discussion Chile proposes an amendment to it from its laptop: the
    co-facilitator's panel lists it, ready to read in, where it used to appear only after a
    reload."""
    georgia = _chair_on_op3(demo_site, new_page)
    panel = georgia.locator("#working-on")
    expect(panel.get_by_role("heading", name="Proposals to read in")).to_have_count(0)

    chile = new_page()
    sign_in_demo(chile, demo_site, "chile@demo.example")
    _propose_on_op3(
        chile,
        demo_site,
        "amend",
        replace="will be webcast,|will be webcast and archived,",
        body="For delegations in other time zones.",
    )

    read_in = panel.get_by_role("button", name="Read in the proposal of Chile")
    expect(read_in).to_be_visible(timeout=15_000)
    expect(panel.locator(".proposal-text ins")).to_have_text(" and archived")
    expect(panel.locator(".panel-notice")).to_have_text(
        re.compile(r"^Chile made a proposal on OP3\.")
    )
    assert georgia.evaluate("window.notReloaded") is True
    screenshot(georgia, "meeting-proposal-arrives")

    # What arrived works as if the page had been loaded with it.
    read_in.click()
    georgia.get_by_text("The proposal of Chile was read into OP3").wait_for()
    expect(_paragraph(georgia, "OP3").locator("ins")).to_have_text("and archived")


def test_a_reservation_posted_during_the_meeting_is_shown_by_agree_ad_ref_without_reloading(
    demo_site: DemoSite, new_page
) -> None:
    """While OP3 is under discussion Chile enters a reservation on it: the chair's panel
    lists it with the open comments, and the note by Agree ad ref names Chile, before the
    chair agrees the paragraph."""
    georgia = _chair_on_op3(demo_site, new_page)
    panel = georgia.locator("#working-on")
    chile = new_page()
    sign_in_demo(chile, demo_site, "chile@demo.example")
    _propose_on_op3(chile, demo_site, "reservation", body="Chile cannot join consensus on OP3.")

    listed = panel.locator(".remark-list li").filter(has_text="Chile cannot join consensus")
    expect(listed).to_be_visible(timeout=15_000)
    expect(listed).to_contain_text("Reservation")
    note = panel.locator("#reservation-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text(re.compile(r"\bChile\b.*on this paragraph"))
    expect(panel.get_by_role("button", name="Agree ad ref")).to_have_attribute(
        "aria-describedby", "reservation-note"
    )
    assert georgia.evaluate("window.notReloaded") is True


def test_a_proposal_made_on_the_room_wording_is_followed_live_and_read_in(
    demo_site: DemoSite, new_page
) -> None:
    """The room has changed OP3 when Chile proposes on it: Chile's form starts from the room's
    wording and says so; the chair's panel marks only Chile's change, follows Chile's edit of
    it and, for a second proposal, its withdrawal, without a reload; read in, the proposal
    keeps the room's change and Chile's comment says it was read into the room's text."""
    georgia = _chair_on_op3(demo_site, new_page)
    panel = georgia.locator("#working-on")
    text_box = georgia.get_by_label("Text of OP3")
    text_box.fill(text_box.input_value().replace("will be webcast,", "will be webcast live,"))
    georgia.get_by_role("button", name="Save the text").click()
    georgia.get_by_text("OP3 changed.").wait_for()
    georgia.evaluate("window.notReloaded = true")

    chile = new_page()
    sign_in_demo(chile, demo_site, "chile@demo.example")
    chile.goto(demo_site.negotiation_url)
    chile.get_by_role("link", name="Follow the meeting").click()
    chile.locator(".follow-bar").get_by_role("link", name="Comment or propose on OP3").click()
    expect(chile.get_by_label("Proposed text")).to_have_value(re.compile("will be webcast live,"))
    expect(chile.locator(".room-wording")).to_contain_text(
        "This starts from OP3 as the room has it now, in the meeting on screen: changed by the "
        "room, last at"
    )
    chile.get_by_label("Kind").select_option("amend")
    chile.locator(".room-wording").scroll_into_view_if_needed()
    screenshot(chile, "meeting-proposal-from-the-room-wording")
    _fill_and_send(chile, "amend", replace="highest visibility|widest visibility")

    proposal = panel.locator(".read-in-list li", has_text="Chile")
    expect(proposal).to_be_visible(timeout=15_000)
    expect(proposal.locator(".proposal-text ins")).to_have_text("widest")
    expect(proposal.locator(".proposal-text del")).to_have_text("highest")
    comment_url = (
        f"{demo_site.negotiation_url}/comments/{proposal.get_attribute('data-comment-id')}"
    )

    # Chile changes its proposal: the panel shows the new wording as it is saved.
    chile.goto(comment_url)
    edited = chile.get_by_label("Proposed text")
    edited.fill(edited.input_value().replace("widest", "broadest"))
    chile.get_by_role("button", name="Save the edit").click()
    chile.get_by_text("The comment was edited").wait_for()
    expect(panel.locator(".panel-notice")).to_have_text(
        re.compile(r"^Chile changed its proposal on OP3\."), timeout=15_000
    )
    expect(proposal.locator(".proposal-text ins")).to_have_text("broadest")
    screenshot(georgia, "meeting-proposal-edited-live")

    # Read in: the room's change stays, Chile's is made.
    panel.get_by_role("button", name="Read in the proposal of Chile").click()
    georgia.get_by_text("The proposal of Chile was read into OP3").wait_for()
    op3 = _paragraph(georgia, "OP3")
    expect(op3).to_contain_text("will be webcast live,")
    expect(op3.locator("ins", has_text="broadest")).to_be_visible()
    expect(op3.locator("del", has_text="highest")).to_be_visible()
    chile.goto(comment_url)
    expect(chile.locator(".badge.triage-reflected").first).to_have_text("Read into the room's text")

    # A second proposal, withdrawn: it leaves the chair's list as it is withdrawn.
    georgia.evaluate("window.notReloaded = true")
    _propose_on_op3(chile, demo_site, "amend", replace="all relevant media|all media")
    second = panel.locator(".read-in-list li", has_text="Chile")
    expect(second).to_be_visible(timeout=15_000)
    chile.goto(f"{demo_site.negotiation_url}/comments/{second.get_attribute('data-comment-id')}")
    chile.get_by_role("button", name="Withdraw the comment").click()
    chile.get_by_role("button", name="Yes, withdraw the comment").click()
    expect(panel.locator(".panel-notice")).to_have_text(
        re.compile(r"^Chile withdrew its proposal on OP3: it is no longer among the proposals"),
        timeout=15_000,
    )
    expect(panel.locator(".read-in-list li")).to_have_count(0)
    assert georgia.evaluate("window.notReloaded") is True
    screenshot(georgia, "meeting-proposal-withdrawn-live")


def test_a_proposal_for_the_co_facilitators_only_reaches_no_other_delegation(
    demo_site: DemoSite, new_page
) -> None:
    """Chile's proposal seen by the co-facilitators only shows in their panel, marked so;
    Mexico's meeting page, open meanwhile, receives nothing of it and cannot ask for the
    panel's list, while an open comment that follows reaches both."""
    georgia = _chair_on_op3(demo_site, new_page)
    panel = georgia.locator("#working-on")
    mexico = new_page()
    mexico.add_init_script(RECORD_STREAM)
    sign_in_demo(mexico, demo_site, "mexico@demo.example")
    mexico.goto(demo_site.negotiation_url)
    mexico.get_by_role("link", name="Follow the meeting").click()
    expect(mexico.locator("#meeting-text")).to_be_visible()

    chile = new_page()
    sign_in_demo(chile, demo_site, "chile@demo.example")
    _propose_on_op3(
        chile, demo_site, "amend", "facilitators", replace="webcast,|webcast in private,"
    )
    private = panel.locator(".read-in-list li", has_text="Chile")
    expect(private).to_be_visible(timeout=15_000)
    expect(private.locator(".badge-private")).to_have_text("Co-facilitators only")
    private_id = int(private.get_attribute("data-comment-id") or "0")
    assert private_id

    _propose_on_op3(chile, demo_site, "comment", body="Chile can go along with OP3 as it is.")
    # The open comment is not one to read in: the panel says it came, with the way to read it.
    expect(panel.locator(".panel-notice")).to_have_text(
        re.compile(r"^Chile commented on OP3\."), timeout=15_000
    )
    expect(panel.locator(".read-in-list li")).to_have_count(1)

    # Mexico's stream carried the open comment, posted after the private one, and not that.
    for _ in range(150):
        received = mexico.evaluate("window.received")
        if any(event["kind"] == "comment-posted" for event in received):
            break
        mexico.wait_for_timeout(100)
    posted = [event for event in received if event["kind"] == "comment-posted"]
    assert len(posted) == 1 and posted[0]["comment_id"] != private_id
    assert all(event.get("comment_id") != private_id for event in received)
    assert "in private" not in mexico.content()
    proposals_url = panel.locator("#panel-proposals").get_attribute("data-proposals-url")
    refused = mexico.request.get(demo_site.server.url + (proposals_url or ""))
    assert refused.status == 403
    assert "in private" not in refused.text()
    assert georgia.evaluate("window.notReloaded") is True


def test_the_projector_acts_on_a_paragraph_inserted_while_it_is_open(
    demo_site: DemoSite, new_page
) -> None:
    """A paragraph inserted in the room appears on the open projector with its key, so the
    discussion moves to it and the keys act on it without a reload."""
    georgia = new_page()
    _start_second_reading(georgia, demo_site, "cofac.georgia@demo.example")
    projector = new_page()
    sign_in_demo(projector, demo_site, "cofac.philippines@demo.example")
    projector.goto(demo_site.negotiation_url)
    projector.get_by_role("link", name="Projector").first.click()
    projector.locator(".projector-waiting").wait_for()
    projector.evaluate("window.notReloaded = true")

    _paragraph(georgia, "OP6").get_by_role("link", name="Work on OP6").click()
    georgia.get_by_text("Insert a paragraph after OP6").click()
    georgia.get_by_label("New paragraph after OP6").fill(
        "Invites survivors to address the meeting;"
    )
    georgia.get_by_role("button", name="Insert after OP6").click()
    georgia.get_by_text("OP6 bis inserted.").wait_for()
    georgia.get_by_role("button", name="Discuss OP6 bis now").click()
    expect(georgia.locator("#working-on .under-discussion")).to_be_visible()

    inserted = projector.locator(".mp-focus")
    expect(inserted.locator(".mp-name")).to_have_text("OP6 bis", timeout=15_000)
    key = inserted.get_attribute("id").removeprefix("mp-")
    assert inserted.get_attribute("data-key") == key
    # The script that made the block listens: a key pressed now is not lost.
    projector.keyboard.press("a")
    expect(inserted.locator(".state-agreed_ad_ref")).to_be_visible(timeout=15_000)
    assert projector.evaluate("window.notReloaded") is True
    expect(_paragraph(georgia, "OP6 bis").locator(".state-agreed_ad_ref")).to_be_visible(
        timeout=15_000
    )


def _rev1_without_op3() -> str:
    """The demo's Rev.1 without its OP3, the later paragraphs numbered one lower."""
    from tracker.demo import DEMO_DATA

    lines = (DEMO_DATA / "rev1.txt").read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("3. *Also decides*"))
    del lines[start]
    for i in range(start, len(lines)):
        lines[i] = re.sub(r"^(\d+)\. ", lambda m: f"{int(m.group(1)) - 1}. ", lines[i])
    return "\n".join(lines).replace("Rev.1,", "Rev.2,", 1)


def test_a_text_published_during_the_meeting_is_said_on_its_pages_as_it_happens(
    demo_site: DemoSite, new_page
) -> None:
    """Georgia chairs the second reading on Rev.1, OP3 under discussion; Philippines publishes
    Rev.2, which has no OP3. The chair's page, the delegates' page and the projector say at
    once that Rev.1 was superseded, and the delegate's comment links lead into Rev.2."""
    chair, delegate, projector, publisher = new_page(), new_page(), new_page(), new_page()
    sign_in_demo(chair, demo_site, "cofac.georgia@demo.example")
    chair.goto(demo_site.negotiation_url)
    chair.get_by_role("link", name="Second reading").click()
    chair.get_by_role("button", name="Start the meeting on Rev.1").click()
    _paragraph(chair, "OP3").get_by_role("button", name="Discuss").click()
    chair.get_by_text("Under discussion on every screen.").wait_for()
    meeting_url = chair.url.split("/chair")[0]
    sign_in_demo(delegate, demo_site, "mexico@demo.example")
    delegate.goto(meeting_url)
    sign_in_demo(projector, demo_site, "chile@demo.example")
    projector.goto(meeting_url + "/projector")
    for page in (chair, delegate, projector):
        assert page.locator("#meeting-superseded").is_hidden()
        page.evaluate("window.notReloaded = true")

    sign_in_demo(publisher, demo_site, "cofac.philippines@demo.example")
    publisher.goto(demo_site.negotiation_url + "/revisions/new")
    publisher.get_by_label("… or paste the text").fill(_rev1_without_op3())
    publisher.get_by_role("button", name="Read and preview").click()
    publisher.get_by_role("link", name="Review and publish Rev.2").click()
    warning = publisher.locator("#meeting-underway")
    assert "A meeting is being held on Rev.1 now" in warning.inner_text()
    screenshot(publisher, "meeting-publish-review")
    publisher.get_by_label("Publish Rev.2 during the meeting on Rev.1").check()
    with publisher.expect_navigation():
        publisher.get_by_role(
            "button", name=re.compile("^Publish Rev.2 during the meeting")
        ).click()
    publisher.get_by_text("Rev.2 is published.").wait_for()

    superseded = "Rev.1, the text of this meeting, has been superseded by Rev.2"
    for page in (chair, delegate, projector):
        page.locator("#meeting-superseded h2", has_text=superseded).wait_for(timeout=15_000)
    notice = chair.locator("#meeting-superseded")
    assert "cannot become the next revision" in notice.inner_text()
    assert notice.get_by_role("button", name="Close without a preview…").is_visible()
    assert chair.get_by_role("button", name="End the meeting…").count() == 0
    # The delegate: OP3 is not in Rev.2, said where its link was; OP4 is Rev.2's OP3.
    delegate_op3 = _paragraph(delegate, "OP3").locator(".mp-consult")
    assert delegate_op3.inner_text().startswith("OP3 is not in Rev.2")
    assert delegate.locator(".follow-consult").inner_text().startswith("OP3 is not in Rev.2")
    link = _paragraph(delegate, "OP4").locator("a.mp-comment")
    assert link.inner_text() == "Comment or propose on OP4 as OP3 of Rev.2"
    for page in (chair, delegate, projector):
        assert page.evaluate("window.notReloaded") is True
    screenshot(chair, "meeting-superseded-chair")
    screenshot(delegate, "meeting-superseded-delegate")
    screenshot(projector, "meeting-superseded-projector")
    link.click()
    delegate.get_by_role("heading", name="Comment or propose").wait_for()
    assert "has been superseded" not in delegate.locator("main").inner_text()
