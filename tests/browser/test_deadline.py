"""A delegate opening their comment, its paragraph or the text after the round's deadline is
told the round has closed, and is offered no form the server would refuse."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.browser.conftest import screenshot, sign_in_page
from tests.conftest import build_cast, clock_past, publish, schedule_round
from tests.services.test_consultations import ZERO

pytestmark = pytest.mark.browser


def test_after_the_deadline_the_comment_page_says_the_round_has_closed(
    live_server, new_page, monkeypatch
):
    from tracker.services import comments

    def setup() -> tuple[str, str, str, object]:
        cast = build_cast()
        zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
        closing = schedule_round(cast, zero, comments_for=timedelta(minutes=1))
        paragraph = next(p for p in zero.paragraphs if p.parent_id is None)
        comment = comments.create_comment(
            cast.delegate_a, zero, paragraph=paragraph, kind="comment", body="Our remark."
        )
        base = f"{live_server.url}/negotiations/{cast.negotiation_a.id}"
        return (
            f"{base}/comments/{comment.id}",
            f"{base}/paragraphs/{paragraph.id}/comments",
            f"{base}/revisions/{zero.id}",
            closing.comment_deadline,
        )

    url, paragraph_url, draft_url, deadline = live_server.run(setup)
    page = new_page()
    sign_in_page(page, live_server, "mexico@example.org")
    page.goto(url)
    assert page.get_by_role("button", name="Save the edit").is_visible()
    page.goto(paragraph_url)
    assert page.get_by_role("button", name="Submit").is_visible()

    clock_past(monkeypatch, deadline)
    page.goto(url)
    notice = page.locator(".deadline-passed")
    assert notice.is_visible() and "First reading" in notice.inner_text()
    assert page.get_by_role("button", name="Save the edit").count() == 0
    assert page.get_by_role("button", name="Post reply").count() == 0
    screenshot(page, "deadline-01-comment-after-the-deadline")

    page.goto(paragraph_url)
    notice = page.locator(".deadline-passed")
    assert notice.is_visible() and "no more comments are taken" in notice.inner_text()
    assert page.get_by_role("button", name="Submit").count() == 0
    screenshot(page, "deadline-02-paragraph-after-the-deadline")

    page.goto(draft_url)
    assert page.get_by_role("link", name="Comment or propose").count() == 0
    notice = page.locator(".deadline-passed")
    notice.scroll_into_view_if_needed()
    assert notice.is_visible() and "no more comments are taken" in notice.inner_text()
    screenshot(page, "deadline-03-draft-after-the-deadline")
