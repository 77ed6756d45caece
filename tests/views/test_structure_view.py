"""The draft view shows what a resolution prints besides its paragraphs, from the database:
the sponsors under the title, section headings where they stand, the annex with its title."""

from __future__ import annotations

import re

from tests.conftest import FIXTURES, publish, sign_in, sponsored_draft_and_revision
from tests.text.corpus import DOCS, PAIR_DOCS

SPONSORED = PAIR_DOCS / "A_C.2_80_L.16.txt"
ANNEXED = DOCS / "A_C.2_80_L.42.txt"
IN_PARTS = DOCS / "A_C.5_80_L.17.txt"


def _draft_view(app, cast, path) -> str:
    revision = publish(cast.cofac_a, cast.negotiation_a, path.name, path.read_bytes())
    client = sign_in(app.test_client(), cast.delegate_a)
    response = client.get(f"/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _order(html: str, *needles: str) -> list[int]:
    return [html.index(needle) for needle in needles]


def test_sponsors_under_the_title_and_headings_between_paragraphs(app, cast):
    html = _draft_view(app, cast, SPONSORED)
    sponsors = re.search(r'<p class="sponsors">(.*?)</p>', html, re.S)
    assert sponsors is not None and "Turkmenistan" in sponsors.group(1)
    assert "A/C.2/80/L.16" in html
    positions = _order(
        html,
        'id="title"',
        'class="sponsors"',
        'id="OP6"',
        "Implementation plan</h3>",
        'id="OP7"',
        "Implementation frameworks</h3>",
        'id="OP11"',
    )
    assert positions == sorted(positions)


def test_the_sponsor_note_is_linked_from_the_list(app, cast):
    html = _draft_view(app, cast, DOCS / "A_80_L.1.txt")
    sponsors = re.search(r'<p class="sponsors">(.*?)</p>', html, re.S)
    assert sponsors is not None
    assert 'href="#fn**"' in sponsors.group(1)
    assert "Any changes to the list of sponsors" in sponsors.group(1)


def test_the_headings_of_a_decisions_list_stand_over_its_entries(app, cast):
    # A/C.5/80/L.22 defers two reports under their agenda item and headings: set in bold where
    # they stand in the decision's list, not as section headings after the text.
    html = _draft_view(app, cast, DOCS / "A_C.5_80_L.22.txt")
    positions = _order(
        html,
        "consideration of the following documents:",
        '<p class="list-heading">Item 136</p>',
        '<p class="list-heading">Proposed programme budget for 2026</p>',
        '<p class="list-heading">Estimates in respect of special political missions</p>',
        "<p>Report of the Secretary-General on the review of arrangements",
        "<p>Related report of the Advisory Committee",
    )
    assert positions == sorted(positions)
    assert 'class="section-heading' not in html


def test_an_annex_shows_its_title_and_its_own_headings(app, cast):
    html = _draft_view(app, cast, ANNEXED)
    positions = _order(
        html,
        'id="OP7"',
        'class="annex-label"',
        "United Nations principles for consumer product safety</h3>",
        "General principles for the safety of products on the market</h3>",
        'id="Annex-1"',
        "Product safety regulation and standards</h3>",
        'id="Annex-4"',
    )
    assert positions == sorted(positions)


def test_further_annexes_publish_and_show_under_their_names(app, cast):
    # A/RES/79/1: the Pact for the Future, then annexes I and II, each numbered from 1. Read
    # as one annex, two paragraphs had one label and the upload was refused.
    html = _draft_view(app, cast, FIXTURES / "pact-with-two-annexes.txt")
    positions = _order(
        html,
        'id="Annex-2"',
        "Annex I</h3>",
        "Global Digital Compact</h3>",
        'id="Annex-I.1"',
        "Annex II</h3>",
        "Declaration on Future Generations</h3>",
        'id="Annex-II"',
        'id="Annex-II-2"',
        "Guiding principles</h3>",
        'id="Annex-II.1"',
    )
    assert positions == sorted(positions)
    # A paragraph without a number prints none (an empty number had left a full stop).
    assert '<span class="num">.</span>' not in html


def test_a_resolution_in_parts_shows_its_sections_in_printed_order(app, cast):
    html = _draft_view(app, cast, IN_PARTS)
    positions = _order(
        html,
        'id="OP15"',
        "Conditions of service applicable to both categories of staff</h3>",
        'id="A.I-OP1"',
        "Base/floor salary scale</h3>",
        'id="PP5"',
        'id="A.II.A-OP1"',
        '<p class="part-letter">B</p>',
        'id="PP7"',
        'id="B-OP1"',
    )
    assert positions == sorted(positions)


def test_another_organs_formula_is_stored_and_shown(app, cast):
    text = (
        "A/HRC/RES/58/1\n\nPromotion of human rights\n\nThe Human Rights Council —\n\n"
        "Recalling its earlier resolutions,\n\n1. Decides to continue its work;\n\n"
        "2. Requests a report.\n"
    )
    revision = publish(cast.cofac_a, cast.negotiation_a, "hrc.txt", text.encode())
    assert revision.formula == "The Human Rights Council —"
    assert revision.symbol == "A/HRC/RES/58/1"
    client = sign_in(app.test_client(), cast.delegate_a)
    html = client.get(f"/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}").text
    assert '<p class="formula"><em>The Human Rights Council —</em></p>' in html


def test_the_contents_list_the_headings_over_their_paragraphs_and_link_to_them(app, cast):
    html = _draft_view(app, cast, SPONSORED)
    toc = re.search(r'<nav class="toc".*?</nav>', html, re.S)
    assert toc is not None
    entry = re.search(
        r'<ul class="toc-section"><li><a href="#(heading-\d+)">[^<]*Implementation plan</a>'
        r"\s*<ul class=\"toc-grid\">(.*?)</ul>",
        toc.group(0),
        re.S,
    )
    assert entry is not None, "the heading is missing from the contents"
    assert 'href="#OP7"' in entry.group(2) and 'href="#OP6"' not in entry.group(2)
    assert re.search(rf'<h3 [^>]*id="{entry.group(1)}"[^>]*>.*?Implementation plan</h3>', html)
    annexed = _draft_view(app, cast, ANNEXED)
    toc = re.search(r'<nav class="toc".*?</nav>', annexed, re.S)
    assert toc is not None and "Product safety regulation and standards</a>" in toc.group(0)


def _compare_page(app, cast, mode: str = "inline") -> str:
    name, original, revised = sponsored_draft_and_revision()
    zero = publish(cast.cofac_a, cast.negotiation_a, name, original)
    rev1 = publish(cast.cofac_a, cast.negotiation_a, name, revised)
    client = sign_in(app.test_client(), cast.delegate_a)
    url = f"/negotiations/{cast.negotiation_a.id}/compare?old={zero.id}&new={rev1.id}&mode={mode}"
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _summary(html: str) -> list[str]:
    listed = re.search(r'<ul class="summary-list">(.*?)</ul>', html, re.S)
    assert listed is not None
    items = re.findall(r"<li[^>]*>(.*?)</li>", listed.group(1), re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in items]


def _heading_rows(html: str) -> list[str]:
    return re.findall(r'<tr class="heading-row heading-(\w+)">', html)


def test_the_summary_counts_headings_and_says_the_sponsors_changed(app, cast):
    summary = _summary(_compare_page(app, cast))
    assert "1 heading added" in summary and "1 heading deleted" in summary
    assert "sponsors changed" in summary


def test_the_review_before_publishing_shows_headings_and_sponsors_as_the_comparison_does(app, cast):
    """The co-facilitator checks a preview against the last text: a renamed heading and a new
    sponsor are shown and counted there too, before anyone else sees them."""
    from tracker.services.revisions import upload_revision

    name, original, revised = sponsored_draft_and_revision()
    publish(cast.cofac_a, cast.negotiation_a, name, original)
    preview = upload_revision(cast.cofac_a, cast.negotiation_a, filename=name, data=revised)
    client = sign_in(app.test_client(), cast.cofac_a)
    response = client.get(f"/negotiations/{cast.negotiation_a.id}/revisions/{preview.id}/review")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "1 heading added" in _summary(html) and "sponsors changed" in _summary(html)
    assert {"added", "deleted", "unchanged"} <= set(_heading_rows(html))
    sponsors = re.search(r'<p class="sponsors compare-sponsors">(.*?)</p>', html, re.S)
    assert sponsors is not None and "<ins>" in sponsors.group(1)


def test_the_html_comparison_file_carries_headings_and_sponsors(app, cast):
    name, original, revised = sponsored_draft_and_revision()
    zero = publish(cast.cofac_a, cast.negotiation_a, name, original)
    rev1 = publish(cast.cofac_a, cast.negotiation_a, name, revised)
    client = sign_in(app.test_client(), cast.delegate_a)
    base = f"/negotiations/{cast.negotiation_a.id}"
    response = client.get(f"{base}/compare/export.html?old={zero.id}&new={rev1.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert {"added", "deleted", "unchanged"} <= set(_heading_rows(html))
    assert "sponsors changed" in _summary(html)
    assert "Mongolia" in re.sub(r"</?ins>", "", html)


def test_the_comparison_shows_headings_in_place_and_the_sponsors_changed(app, cast):
    html = _compare_page(app, cast)
    sponsors = re.search(r'<p class="sponsors compare-sponsors">(.*?)</p>', html, re.S)
    assert sponsors is not None
    assert "Turkmenistan" in sponsors.group(1) and "<ins>" in sponsors.group(1)
    assert "Mongolia" in re.sub(r"</?ins>", "", sponsors.group(1))
    rows = re.findall(r'<tr class="(heading-row heading-\w+|pair pair-\w+)"(.*?)</tr>', html, re.S)
    labels = []
    for kind, body in rows:
        if kind.startswith("heading-row"):
            text = re.sub(
                r"<[^>]+>",
                "",
                re.search(r'class="compare-heading">(.*?)</strong>', body, re.S).group(1),
            )
            labels.append(f"{kind.split()[1]}:{text.strip()}")
        else:
            labels.append(
                re.search(
                    r'<td class="label">(.*?)</td>\s*<td class="label">(.*?)</td>', body, re.S
                ).group(2)
            )
    assert labels[labels.index("OP6") + 1 : labels.index("OP7")] == [
        "heading-deleted:Implementation plan",
        "heading-added:Implementation roadmap",
    ]
    assert labels[labels.index("OP10") + 1 : labels.index("OP11")] == [
        "heading-unchanged:Implementation frameworks"
    ]


def test_side_by_side_shows_a_deleted_heading_on_the_old_side_only(app, cast):
    html = _compare_page(app, cast, mode="side")
    row = re.search(r'<tr class="heading-row heading-deleted">(.*?)</tr>', html, re.S)
    assert row is not None
    old_text, new_text = re.findall(r'<td class="text">(.*?)</td>', row.group(1), re.S)
    assert "Implementation plan" in old_text and "Implementation plan" not in new_text


#: A/80/L.23 as its PDF's text gives it, cut short: a draft tabled on behalf of a group, whose
#: sponsors' line calls two notes (`Iraq:*,** draft resolution`).
ON_BEHALF_OF_A_GROUP = (
    "United Nations \nA/80/L.23\n \n \nGeneral Assembly \nDistr.: Limited \n28 November 2025 \n"
    "Original: English \n \n25-19539 (E)    081225     \n*2519539* \n \n \nEightieth session \n"
    "Agenda item 72 (a) \nStrengthening of the coordination of humanitarian and disaster "
    "relief \nassistance of the United Nations \n \n \n \nIraq:*,** draft resolution \n \n \n"
    " International cooperation on humanitarian assistance in the field \nof natural "
    "disasters, from relief to development \n \n \nThe General Assembly, \n \n"
    "Reaffirming its resolution 46/182 of 19 December 1991, \n \n"
    "1. Takes note of the report of the Secretary-General; \n"
    "__________________ \n \n* On behalf of the States that are members of the Group of 77 "
    "and China. \n \n** Any changes to the list of sponsors will be reflected in the official "
    "record of the meeting. \n"
)


def test_two_notes_on_the_sponsors_are_each_linked_from_the_list(app, cast):
    # The sponsors' line of A/80/L.23 was not read at all: Iraq was no sponsor, and neither
    # note was linked from anywhere.
    revision = publish(
        cast.cofac_a, cast.negotiation_a, "A_80_L.23.txt", ON_BEHALF_OF_A_GROUP.encode()
    )
    client = sign_in(app.test_client(), cast.delegate_a)
    html = client.get(f"/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}").get_data(
        as_text=True
    )
    sponsors = re.search(r'<p class="sponsors">(.*?)</p>', html, re.S)
    assert sponsors is not None and "Iraq" in sponsors.group(1)
    assert re.search(
        r'href="#fn\*" title="On behalf of the States that are members of the Group of 77 and '
        r'China.">\*</a></sup><sup>,<a href="#fn\*\*" title="Any changes to the list of sponsors',
        sponsors.group(1),
    )


def test_a_draft_no_delegation_sponsors_says_who_submits_it(app, cast):
    # A Vice-Chair's draft prints who submits it where sponsors stand; the page says it too.
    html = _draft_view(app, cast, ANNEXED)
    submitted = re.search(r'<p class="sponsors submitted-by">(.*?)</p>', html, re.S)
    assert submitted is not None
    assert submitted.group(1) == (
        "Draft resolution submitted by the Vice-Chair of the Committee, Weronika Garbacz (Poland)"
    )
    assert html.index('id="title"') < html.index("submitted-by") < html.index('id="PP1"')


def test_the_note_on_who_submits_a_draft_is_linked_and_exported(app, cast):
    # A/80/L.37: the note after `... submitted by the President of the General Assembly*` is
    # linked from that line on the draft page and printed with its mark in the exports.
    from tests.text.test_read_draft_shapes import SUBMITTED_WITH_NOTE

    revision = publish(
        cast.cofac_a, cast.negotiation_a, "A_80_L.37.txt", SUBMITTED_WITH_NOTE.encode()
    )
    client = sign_in(app.test_client(), cast.delegate_a)
    base = f"/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}"
    html = client.get(base).get_data(as_text=True)
    submitted = re.search(r'<p class="sponsors submitted-by">(.*?)</p>', html, re.S)
    assert submitted is not None
    assert submitted.group(1) == (
        "Draft decision submitted by the President of the General Assembly"
        '<sup><a href="#fn*">*</a></sup>'
    )
    plain = client.get(f"{base}/export.txt").get_data(as_text=True)
    assert "submitted by the President of the General Assembly*\n" in plain
    assert "* In order for the General Assembly to take action" in plain


def test_a_reissued_drafts_symbol_links_the_note_on_its_reissue(app, cast):
    from tests.text.test_read_draft_shapes import REISSUED

    revision = publish(cast.cofac_a, cast.negotiation_a, "A_C.1_80_L.42.txt", REISSUED.encode())
    client = sign_in(app.test_client(), cast.delegate_a)
    base = f"/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}"
    html = client.get(base).get_data(as_text=True)
    assert '<span class="doc-symbol">A/C.1/80/L.42<sup><a href="#fn*">*</a></sup></span>' in html
    plain = client.get(f"{base}/export.txt").get_data(as_text=True)
    assert plain.startswith("A/C.1/80/L.42*\n")
    assert "* Reissued for technical reasons on 4 November 2025." in plain


def test_a_lettered_paragraph_prints_its_letter_as_the_resolution_does(app, cast):
    # A/80/L.1's decision letters its operative paragraphs: `(a) Decides ...`, as the Word
    # export prints them; the draft view had printed `a.`.
    html = _draft_view(app, cast, DOCS / "A_80_L.1.txt")
    assert '<span class="num">(a)</span>' in html
    assert '<span class="num">a.</span>' not in html


def test_each_parts_title_stands_between_its_letter_and_its_formula(app, cast):
    # A/C.5/80/L.6, the programme budget in parts A, B and C, each with its title.
    text = (
        "A/C.5/80/L.6\n\nProgramme budget for 2026\n\nA\n\nBudget appropriations for 2026\n\n"
        "The General Assembly\n\nResolves that, for 2026:\n\n1. Appropriations totalling "
        "3,450,426,300 United States dollars are hereby approved.\n\nB\n\n"
        "Income estimates for 2026\n\nThe General Assembly\n\nResolves that, for 2026:\n\n"
        "1. Estimates of income totalling 312,115,000 United States dollars are approved.\n"
    )
    revision = publish(cast.cofac_a, cast.negotiation_a, "budget.txt", text.encode())
    client = sign_in(app.test_client(), cast.delegate_a)
    html = client.get(f"/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}").text
    formula = '<p class="formula"><em>The General Assembly Resolves that, for 2026:</em></p>'
    assert html.count(formula) == 2
    first_formula = html.index(formula)
    positions = _order(
        html,
        '<p class="part-letter">A</p>',
        "Budget appropriations for 2026</h3>",
        formula,
        'id="OP1"',
        '<p class="part-letter">B</p>',
        "Income estimates for 2026</h3>",
    )
    assert positions == sorted(positions)
    assert html.index(formula, first_formula + 1) > positions[-1]
    assert html.index(formula, first_formula + 1) < html.index('id="B-OP1"')


def test_a_programme_of_work_publishes_and_shows_its_items_as_printed(app, cast):
    # A/C.3/80/L.60, whose upload was refused for `OP1 (a)` read three times.
    from tests.text.test_read_draft_shapes import HEAD, PROGRAMME_OF_ITEMS

    text = HEAD.format(symbol="A/C.3/80/L.60") + PROGRAMME_OF_ITEMS
    revision = publish(cast.cofac_a, cast.negotiation_a, "programme.txt", text.encode())
    assert [p.path for p in revision.paragraphs][:3] == ["OP1", "Item 1", "Item 1 (a)"]
    client = sign_in(app.test_client(), cast.delegate_a)
    html = client.get(f"/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}").text
    positions = _order(
        html,
        'id="OP1"',
        "Draft programme of work</h3>",
        'id="Item-1"',
        '<span class="num">Item 1.</span> Social development:',
        '<span class="num">Item 2.</span> Rights of Indigenous Peoples',
    )
    assert positions == sorted(positions)


def test_the_end_of_a_paragraph_shows_the_notes_it_cites(app, cast):
    # A/C.5/80/L.22: each deferred document ends the decision with the note giving its symbol.
    html = _draft_view(app, cast, DOCS / "A_C.5_80_L.22.txt")
    # One line a document, as printed, each with its note.
    entries = re.search(
        r"<p>(Report of the Secretary-General on the review.*?)</p>\s*<p>(Related report.*?)</p>",
        html,
        re.S,
    )
    assert entries is not None
    assert re.findall(r'<sup class="fn-ref"><a href="#fn(\d)"', entries.group(1)) == ["1"]
    assert re.findall(r'<sup class="fn-ref"><a href="#fn(\d)"', entries.group(2)) == ["2"]
    assert 'id="fn1"' in html and "A/66/340." in html


def test_the_comparison_shows_the_end_of_a_paragraph_a_line_a_block(app, cast):
    # A/C.5/80/L.22, then the same decision with a document's title edited: each document
    # stays on its own line in the comparison, as in the reading view.
    original = (DOCS / "A_C.5_80_L.22.txt").read_text()
    revised = original.replace("Related report", "Second related report")
    zero = publish(cast.cofac_a, cast.negotiation_a, "L22.txt", original.encode())
    rev1 = publish(cast.cofac_a, cast.negotiation_a, "L22.txt", revised.encode())
    client = sign_in(app.test_client(), cast.delegate_a)
    for mode in ("inline", "side"):
        url = (
            f"/negotiations/{cast.negotiation_a.id}/compare?old={zero.id}&new={rev1.id}&mode={mode}"
        )
        html = client.get(url).text
        cells = re.findall(r'<span class="text-lines">(.*?)</span>(?!</sup>)', html, re.S)
        cell = next(c for c in cells if "backstopping" in c and "Second" in c)
        assert re.search(r"missions\s*\n", cell), cell
        assert "<ins>Second" in cell


def test_the_note_on_what_the_sponsors_line_calls_the_text_is_linked_and_exported(app, cast):
    # A/80/L.42 (`Tajikistan:* draft decision**`): the draft view and the exports of the
    # published text say what it is and cite the note that goes with that.
    from tests.text.test_read_draft_shapes import MARKED_KIND

    revision = publish(cast.cofac_a, cast.negotiation_a, "A_80_L.42.txt", MARKED_KIND.encode())
    client = sign_in(app.test_client(), cast.delegate_a)
    base = f"/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}"
    sponsors = re.search(r'<p class="sponsors">(.*?)</p>', client.get(base).get_data(as_text=True))
    assert sponsors is not None
    assert re.search(
        r'<span class="sponsored-as">· draft decision<sup><a href="#fn\*\*">\*\*</a></sup></span>',
        sponsors.group(1),
    )
    plain = client.get(f"{base}/export.txt").get_data(as_text=True)
    assert "Tajikistan:* draft decision**" in plain
    assert "** In order for the General Assembly to take action" in plain
