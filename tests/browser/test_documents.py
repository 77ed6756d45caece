"""Documents identify themselves, checked in a browser and by reading the downloads back: the
Word files carry the negotiation, the label and date, a header, page numbers and real core
properties; the comparison opens with what it compares; names are complete and distinct; the
.txt is plain text and Markdown its own .md; the comparisons are linked from the compare page
and the Exports page."""

from __future__ import annotations

import io

import docx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in_page, small_negotiation
from tests.conftest import fixture_bytes
from tracker.text.export_compare import accept_all, reject_all

pytestmark = pytest.mark.browser


def _set_up() -> dict[str, int]:
    from tracker.services.revisions import publish_revision, upload_revision

    world = small_negotiation()
    preview = upload_revision(
        world.cofac, world.negotiation, filename="rev1.txt", data=fixture_bytes("pairing-rev1.txt")
    )
    rev1 = publish_revision(world.cofac, preview)
    return {"negotiation": world.negotiation.id, "zero": world.zero.id, "rev1": rev1.id}


def _download(page, link) -> tuple[str, bytes]:
    with page.expect_download() as info:
        link.click()
    download = info.value
    return download.suggested_filename, download.path().read_bytes()


def _header_and_footer(document) -> tuple[str, str]:
    section = document.sections[0]
    cells = [cell for table in section.header.tables for row in table.rows for cell in row.cells]
    header = "\t".join(cell.text for cell in cells)
    footer_xml = section.footer._element.xml
    return header, footer_xml


def test_word_files_identify_themselves(live_server, new_page):
    ids = live_server.run(_set_up)
    negotiation_url = f"{live_server.url}/negotiations/{ids['negotiation']}"
    mexico = new_page()
    sign_in_page(mexico, live_server, "mexico@example.org")
    mexico.goto(negotiation_url + "/exports")
    screenshot(mexico, "documents-1-exports")
    rev1_row = mexico.locator("tr", has=mexico.get_by_role("cell", name="Rev.1", exact=True))
    word = rev1_row.get_by_role("link", name="Word", exact=True)
    clean_name, clean = _download(mexico, word.first)
    labelled_name, _ = _download(mexico, word.last)
    assert clean_name.startswith("appraisal-of-the-global-plan-of-action-rev-1-")
    assert clean_name.endswith("-clean.docx")
    assert labelled_name.endswith("-with-paragraph-labels.docx") and labelled_name != clean_name

    document = docx.Document(io.BytesIO(clean))
    properties = document.core_properties
    assert properties.title == "Appraisal of the Global Plan of Action: Rev.1"
    assert properties.author == "Co-facilitators: Co-facilitator One"
    assert properties.created is not None and properties.created.year >= 2026
    header, footer = _header_and_footer(document)
    assert header.startswith("Appraisal of the Global Plan of Action\tRev.1, ")
    assert "PAGE" in footer and "NUMPAGES" in footer

    # Plain text is plain, and Markdown is its own file.
    name, text = _download(mexico, rev1_row.get_by_role("link", name="plain text"))
    assert name.endswith("-clean.txt") and b"*" not in text and b"Encourages" in text
    name, markdown = _download(mexico, rev1_row.get_by_role("link", name="Markdown"))
    assert name.endswith("-clean.md") and b"*Encourages*" in markdown

    # The comparisons are linked from the Exports page and from the compare page.
    exports_links = mexico.locator(".comparisons")
    expect(exports_links.get_by_role("link", name="HTML comparison")).to_have_count(1)
    mexico.goto(f"{negotiation_url}/compare?old={ids['zero']}&new={ids['rev1']}")
    name, tracked = _download(
        mexico, mexico.get_by_role("link", name="Word with tracked changes (.docx)")
    )
    assert name.endswith("-compared-with-zero-draft.docx")
    compared = docx.Document(io.BytesIO(tracked))
    assert compared.paragraphs[0].text == "Rev.1 compared with Zero draft"
    assert compared.core_properties.title.endswith("Rev.1 compared with Zero draft")
    # Real tracked changes survive: rejecting them gives back the zero draft's wording.
    assert any("Requests the Secretary-General to submit" in p for p in reject_all(tracked))
    assert any("Also requests the Secretary-General to prepare" in p for p in accept_all(tracked))
    html_name, html = _download(mexico, mexico.get_by_role("link", name="HTML comparison"))
    assert html_name.endswith("-compared-with-zero-draft.html") and b"<ins>" in html


def _two_marks_at_one_place() -> dict[str, int]:
    from tracker.services.revisions import publish_revision, upload_revision

    world = small_negotiation()
    text = (
        "Safety and security of humanitarian personnel\n\nThe General Assembly,\n\n"
        "Noting with deep concern the highest number of United Nations fatalities ever "
        "recorded in a single conflict,[^1][^2] and in the year since,[^3]\n\n"
        "1. Condemns all acts of violence against humanitarian personnel.\n\n"
        "[^1]: A/80/1.\n\n[^2]: A/80/2.\n\n[^3]: A/80/3.\n"
    )
    preview = upload_revision(
        world.cofac, world.negotiation, filename="rev1.md", data=text.encode()
    )
    rev1 = publish_revision(world.cofac, preview)
    return {"negotiation": world.negotiation.id, "rev1": rev1.id}


def test_two_notes_cited_at_one_place_read_with_a_comma_between(live_server, new_page):
    # As printed (`conflict,10,11`): two marks side by side would read as one number, `1011`.
    # A mark after words (`since,12`) takes no comma of its own.
    ids = live_server.run(_two_marks_at_one_place)
    mexico = new_page()
    sign_in_page(mexico, live_server, "mexico@example.org")
    mexico.goto(f"{live_server.url}/negotiations/{ids['negotiation']}/revisions/{ids['rev1']}")
    marks = mexico.locator("#PP1 .fn-ref")
    expect(marks).to_have_count(3)
    before = "(el) => getComputedStyle(el, '::before').content"
    assert [marks.nth(k).evaluate(before) for k in range(3)] == ["none", '","', "none"]
    mexico.locator("#PP1").scroll_into_view_if_needed()
    screenshot(mexico, "documents-2-two-marks")
