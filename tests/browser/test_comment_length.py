"""A delegate's long statement pasted into the comment form, and a file too large to upload."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in_page

pytestmark = pytest.mark.browser


def _set_up() -> dict[str, int]:
    from tests.browser.conftest import small_negotiation

    world = small_negotiation()
    paragraph = next(p for p in world.zero.paragraphs if p.path == "OP1")
    return {"negotiation": world.negotiation.id, "paragraph": paragraph.id}


def test_a_statement_too_long_is_refused_whole_never_cut_short(live_server, new_page):
    # Pasted, 12,000 characters went into a box that kept 10,000 without a word, and the
    # comment was stored cut mid-word. Now the box takes all of it, counts it, and the server's
    # refusal gives it back whole to be shortened.
    ids = live_server.run(_set_up)
    page = new_page()
    sign_in_page(page, live_server, "mexico@example.org")
    page.goto(
        f"{live_server.url}/negotiations/{ids['negotiation']}/paragraphs/{ids['paragraph']}"
        "/comments"
    )
    statement = ("Mexico considers that the paragraph should stay as drafted. " * 200)[:12_000]
    body = page.locator("form.comment-form textarea[name=body]")
    body.focus()
    page.keyboard.insert_text(statement)
    assert len(body.input_value()) == 12_000
    expect(page.locator("form.comment-form textarea[name=body] + .char-count")).to_have_text(
        "12,000 characters: 2,000 over the limit of 10,000."
    )
    page.locator("form.comment-form button[type=submit]").click()
    expect(page.get_by_text("The comment is longer than 10,000 characters.")).to_be_visible()
    assert page.locator("form.comment-form textarea[name=body]").input_value() == statement
    screenshot(page, "comment-too-long")


def test_a_file_over_the_upload_limit_is_said_to_be_so_when_chosen(live_server, new_page, tmp_path):
    # Sent, the whole file went up before the server answered with an error page; now the
    # field says so at once, and the form is not sent.
    ids = live_server.run(_set_up)
    page = new_page()
    sign_in_page(page, live_server, "cofac@example.org")
    upload = f"{live_server.url}/negotiations/{ids['negotiation']}/revisions/new"
    page.goto(upload)
    large = tmp_path / "draft.pdf"
    large.write_bytes(b"%PDF-1.7\n" + b"0" * (11 * 1024 * 1024))
    page.get_by_label("File (.txt, .md, .docx or .pdf)").set_input_files(large)
    expect(page.locator(".file-size")).to_have_text(
        "This file is 11 MB: uploads are limited to 10 MB. Choose a smaller file, or paste "
        "its text below."
    )
    page.get_by_role("button", name="Read and preview").click()
    page.wait_for_timeout(300)
    assert page.url == upload
    expect(page.get_by_label("File (.txt, .md, .docx or .pdf)")).to_be_focused()
