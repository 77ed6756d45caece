"""Uploading, previewing, publishing and reading revisions through the web pages."""

from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from tests.conftest import fixture_bytes, publish, sign_in
from tracker.extensions import db
from tracker.models import AuditEvent, Paragraph, Revision

ZERO = "zero-draft-2021-hlm-modalities.txt"


def _upload(client, negotiation, filename: str, data: bytes, label: str = ""):
    return client.post(
        f"/negotiations/{negotiation.id}/revisions/new",
        data={"label": label, "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def _revision_count() -> int:
    return db.session.scalar(select(func.count(Revision.id))) or 0


def test_upload_shows_a_preview_with_counts_and_the_set_aside_cover_letter(app, cast):
    client = sign_in(app.test_client(), cast.cofac_a)
    response = _upload(client, cast.negotiation_a, ZERO, fixture_bytes(ZERO))
    assert response.status_code == 302
    preview = client.get(response.headers["Location"])
    html = preview.get_data(as_text=True)
    assert (
        '<h1>Preview of Zero draft <span class="badge badge-preview">not yet published</span>'
        in html
    )
    counts = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", html))
    assert counts["Preambular paragraphs"] == "5"
    assert counts["Operative paragraphs"] == "15"
    assert counts["Footnotes"] == "4"
    assert "Text before the resolution, set aside (" in html
    assert re.search(r"set aside \((\d+) lines:", html)
    assert "Volkan BOZKIR" in html  # the cover letter is shown, but not as a paragraph
    assert "Review and publish Zero draft" in html


def test_one_line_set_aside_before_the_resolution_is_counted_as_one_line(app, cast):
    # A PDF saved from Word, with only the line naming the report above the title: the preview
    # said `(1 lines: ...)`.
    client = sign_in(app.test_client(), cast.cofac_a)
    text = (
        "[on the report of the Third Committee (A/76/462/Add.2, para. 114)]\n\n"
        "Subregional Centre\n\nThe General Assembly,\n\nRecalling its resolution 74/162,\n\n"
        "1. Welcomes the Centre.\n"
    )
    response = client.post(
        f"/negotiations/{cast.negotiation_a.id}/revisions/new", data={"label": "", "text": text}
    )
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "set aside (1 line: cover letters" in html


def test_pasted_text_is_read_like_an_upload(app, cast):
    client = sign_in(app.test_client(), cast.cofac_a)
    text = fixture_bytes(ZERO).decode("utf-8")
    response = client.post(
        f"/negotiations/{cast.negotiation_a.id}/revisions/new", data={"label": "", "text": text}
    )
    assert response.status_code == 302
    revision = db.session.scalars(select(Revision)).one()
    assert revision.source_filename == "pasted.txt"
    assert revision.document.counts()["operative"] == 15


def test_a_failed_parse_stores_nothing_and_shows_the_parsers_message(app, cast):
    client = sign_in(app.test_client(), cast.cofac_a)
    response = _upload(client, cast.negotiation_a, "draft.docx", b"this is not a zip file")
    assert response.status_code == 422
    assert "draft.docx" in response.get_data(as_text=True)
    assert "could not be read" in response.get_data(as_text=True)
    assert _revision_count() == 0


def test_unknown_file_types_and_empty_uploads_are_refused(app, cast):
    client = sign_in(app.test_client(), cast.cofac_a)
    response = _upload(client, cast.negotiation_a, "draft.exe", b"MZ....")
    assert response.status_code == 422
    assert "is not a file the app reads" in response.get_data(as_text=True)
    response = client.post(f"/negotiations/{cast.negotiation_a.id}/revisions/new", data={})
    assert response.status_code == 422
    assert "Choose a file to upload or paste the text" in response.get_data(as_text=True)
    assert _revision_count() == 0


def test_the_upload_form_tells_that_text_copied_out_of_a_pdf_loses_its_notes(app, cast):
    # Pasted out of a PDF saved from Word, a draft's notes and title are lost (no separator,
    # no sizes, no page breaks to read them by); the PDF itself is read with them.
    client = sign_in(app.test_client(), cast.cofac_a)
    html = client.get(f"/negotiations/{cast.negotiation_a.id}/revisions/new").get_data(as_text=True)
    textarea = re.search(r"<textarea[^>]*>", html)
    assert textarea is not None and 'aria-describedby="text-help"' in textarea.group(0)
    assert re.search(r'id="text-help">[^<]*upload the PDF itself', html)


def test_an_upload_over_the_limit_gets_a_readable_413(app, cast):
    client = sign_in(app.test_client(), cast.cofac_a)
    form = f"http://localhost/negotiations/{cast.negotiation_a.id}/revisions/new"
    app.config["MAX_CONTENT_LENGTH"] = 1000
    try:
        response = client.post(
            f"/negotiations/{cast.negotiation_a.id}/revisions/new",
            data={"label": "", "file": (io.BytesIO(b"x" * 5000), "big.txt")},
            content_type="multipart/form-data",
            headers={"Referer": form},
        )
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 10 * 1024 * 1024
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
    assert _revision_count() == 0
    # The way back is the upload form, to choose a smaller file, not only the negotiations.
    back = re.search(r'<a href="([^"]*)">Back to the page you came from</a>', response.text)
    assert (
        back is not None and back.group(1) == f"/negotiations/{cast.negotiation_a.id}/revisions/new"
    )
    # A page elsewhere is no way back.
    response = client.get("/negotiations/999999", headers={"Referer": "https://evil.example/x"})
    assert response.status_code == 404 and "Back to the page you came from" not in response.text


def test_publishing_makes_the_draft_view_with_anchors_toc_and_one_op13(app, cast):
    revision = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    client = sign_in(app.test_client(), cast.delegate_a)
    html = client.get(f"/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}").get_data(
        as_text=True
    )
    assert 'id="OP11"' in html and 'href="#OP11"' in html
    assert 'id="OP2-a"' in html
    op13 = re.search(r'id="OP13".*?<p>(.*?)</p>', html, re.S).group(1)
    assert "broadest possible" in op13 and "where applicable;" in op13
    assert "<em>Encourages</em>" in op13
    assert "United Nations, Treaty Series" in html  # footnotes listed
    assert html.count('class="para para-operative') == 15


def test_published_revisions_are_immutable(app, cast):
    revision = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    client = sign_in(app.test_client(), cast.cofac_a)
    base = f"/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}"
    assert client.post(base + "/publish").status_code == 409
    assert client.post(base + "/discard").status_code == 409
    db.session.refresh(revision)
    assert revision.state == "published" and revision.sequence == 0


def test_the_original_upload_is_kept_and_downloadable(app, cast):
    revision = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    client = sign_in(app.test_client(), cast.delegate_b)
    response = client.get(f"/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}/source")
    assert response.status_code == 200
    assert response.data == fixture_bytes(ZERO)
    assert "attachment" in response.headers["Content-Disposition"]


def test_a_text_numbering_two_paragraphs_alike_is_refused_with_lines(app, cast):
    client = sign_in(app.test_client(), cast.cofac_a)
    text = fixture_bytes(ZERO).replace(b"6. *Encourages*", b"5. *Encourages*")
    response = _upload(client, cast.negotiation_a, "rev.txt", text)
    assert response.status_code == 422
    assert re.search(
        r"numbers two paragraphs OP5 \(lines \d+ and \d+\)", response.get_data(as_text=True)
    )
    assert _revision_count() == 0


def test_a_text_lettering_two_sub_paragraphs_alike_is_refused_with_lines(app, cast):
    # A programme of work (A/C.3/80/L.60) lists items with lettered sub-items under one
    # paragraph, each list from (a) again: storing two sub-paragraphs at one address failed
    # with a database error instead of saying what to fix.
    client = sign_in(app.test_client(), cast.cofac_a)
    text = (
        "Programme of work\n\nThe General Assembly,\n\nRecalling its resolution 70/1,\n\n"
        "1. Decides to include the following items in the agenda:\n\n(a) First item;\n\n"
        "(b) Second item;\n\n(a) Third item;\n\n2. Requests a report.\n"
    )
    response = _upload(client, cast.negotiation_a, "programme.txt", text.encode())
    assert response.status_code == 422
    assert "letters two sub-paragraphs OP1 (a) (lines 9 and 13)" in response.get_data(as_text=True)
    assert _revision_count() == 0


def test_revisions_are_labelled_zero_draft_then_rev_n(app, cast):
    text = fixture_bytes(ZERO)
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    rev1 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=text.replace(b"webcast", b"shown"))
    final = publish(
        cast.cofac_a,
        cast.negotiation_a,
        ZERO,
        data=text.replace(b"webcast", b"streamed"),
        label="Final text",
    )
    assert [zero.label, rev1.label, final.label] == ["Zero draft", "Rev.1", "Final text"]
    assert [zero.sequence, rev1.sequence, final.sequence] == [0, 1, 2]


def _edited_zero_draft() -> bytes:
    text = fixture_bytes(ZERO).decode("utf-8")
    # Insert a paragraph before OP5, so OP5 and after renumber; edit OP3; swap nothing.
    for number in range(15, 4, -1):
        text = re.sub(rf"(?m)^{number}\. \*", f"{number + 1}. *", text)
    text = text.replace(
        "6. *Invites* Member States",
        "5. *Welcomes* the contributions of civil society to the appraisal;\n"
        "6. *Invites* Member States",
    )
    text = text.replace("will be webcast, and encourages", "will be webcast live, and urges")
    return text.encode("utf-8")


def test_lineage_survives_renumbering_and_the_draft_marks_changes(app, cast):
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    rev1 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=_edited_zero_draft())
    old = {p.label: p for p in zero.paragraphs if p.parent_id is None}
    new = {p.label: p for p in rev1.paragraphs if p.parent_id is None}
    assert new["OP6"].lineage_id == old["OP5"].lineage_id
    assert new["OP11"].lineage_id == old["OP10"].lineage_id
    assert new["OP3"].lineage_id == old["OP3"].lineage_id
    assert new["OP3"].change == "modified"
    assert new["OP5"].change == "added"
    assert new["OP6"].change == "unchanged"  # renumbered by the insertion, not moved
    client = sign_in(app.test_client(), cast.delegate_a)
    html = client.get(f"/negotiations/{cast.negotiation_a.id}/revisions/{rev1.id}").get_data(
        as_text=True
    )
    assert re.search(r'id="OP5".*?badge-added', html, re.S)
    assert re.search(r'id="OP3".*?badge-modified', html, re.S)


def test_compare_page_pairs_by_lineage_and_shows_word_diffs(app, cast):
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    rev1 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=_edited_zero_draft())
    client = sign_in(app.test_client(), cast.delegate_b)
    url = f"/negotiations/{cast.negotiation_a.id}/compare?old={zero.id}&new={rev1.id}"
    html = client.get(url).get_data(as_text=True)
    assert "Rev.1 compared with Zero draft" in html
    assert re.search(r"<strong>1</strong> modified", html)
    assert re.search(r"<strong>1</strong> added", html)
    assert "webcast<ins> live</ins>" in html
    assert "<del>encourages</del><ins>urges</ins>" in html
    assert re.search(r'<td class="label">OP10</td>\s*<td class="label">OP11</td>', html)
    hidden = client.get(url + "&changed=1").get_data(as_text=True)
    assert "pair-unchanged" not in hidden and "pair-modified" in hidden
    side = client.get(url + "&mode=side").get_data(as_text=True)
    _each_note_described_once(side)
    side = _ids_as_one(side)
    assert "Zero draft text" in side
    # OP2's sub-paragraphs each stand on a line of their own, as printed, not run together.
    op2 = re.search(
        r'<td class="label">OP2</td>.*?<span class="text-lines">(.*?)</span>', html, re.S
    )
    assert op2 is not None
    assert "<em>Also decides</em> that:\n(a) The opening" in op2.group(1)
    assert ";\n(b) The plenary meetings will hear" in op2.group(1)


def test_paragraph_history_and_a_facilitators_correction(app, cast):
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    rev1 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=_edited_zero_draft())
    new_op5 = next(p for p in rev1.paragraphs if p.label == "OP5")
    old_op14 = next(p for p in zero.paragraphs if p.label == "OP14")
    client = sign_in(app.test_client(), cast.cofac_a)
    base = f"/negotiations/{cast.negotiation_a.id}/paragraphs/{new_op5.id}"
    response = client.post(base + "/pairing", data={"continues": str(old_op14.id)})
    assert response.status_code == 302
    db.session.expire_all()
    new_op5 = db.session.get(Paragraph, new_op5.id)
    assert new_op5.lineage_id == old_op14.lineage_id
    # The paragraph that held that lineage before (Rev.1's OP15) starts a lineage of its own.
    new_op15 = next(p for p in rev1.paragraphs if p.label == "OP15")
    assert new_op15.lineage_id != old_op14.lineage_id
    history = client.get(base + "/history").get_data(as_text=True)
    assert "Zero draft <strong>OP14</strong> → Rev.1 <strong>OP5</strong>" in history
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "lineage.correct"))
    assert "OP5 now continues Zero draft OP14" in event.one().summary


def test_exports_download_clean_texts_and_comparisons(app, cast):
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    rev1 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=_edited_zero_draft())
    client = sign_in(app.test_client(), cast.delegate_a)
    base = f"/negotiations/{cast.negotiation_a.id}"
    docx = client.get(f"{base}/revisions/{zero.id}/export.docx")
    assert docx.status_code == 200 and docx.data[:2] == b"PK"
    assert ".docx" in docx.headers["Content-Disposition"]
    labelled = client.get(f"{base}/revisions/{zero.id}/export.docx?labels=1")
    assert docx.headers["Content-Disposition"] != labelled.headers["Content-Disposition"]
    text = client.get(f"{base}/revisions/{zero.id}/export.txt")
    # Plain text is plain: no Markdown marks; Markdown is its own .md.
    assert text.mimetype == "text/plain"
    assert "15. Encourages Member States" in text.get_data(as_text=True)
    markdown = client.get(f"{base}/revisions/{zero.id}/export.md")
    assert markdown.mimetype == "text/markdown"
    assert "15. *Encourages* Member States" in markdown.get_data(as_text=True)
    xml = client.get(f"{base}/revisions/{zero.id}/export.xml").data
    assert b"akomaNtoso" in xml
    compare = client.get(f"{base}/compare/export.docx?old={zero.id}&new={rev1.id}")
    assert compare.status_code == 200 and compare.data[:2] == b"PK"
    html = client.get(f"{base}/compare/export.html?old={zero.id}&new={rev1.id}")
    assert "webcast<ins> live</ins>" in html.get_data(as_text=True)
    assert client.get(f"{base}/revisions/{zero.id}/export.pdf").status_code == 404
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions.count("export.clean") == 5 and actions.count("export.compare") == 2


def test_a_split_paragraph_keeps_its_lineage_and_the_compare_page_shows_the_split(app, cast):
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    rev1 = publish(cast.cofac_a, cast.negotiation_a, "align-zero-draft-rev1.txt")
    old_op10 = next(p for p in zero.paragraphs if p.label == "OP10")
    parts = {p.label: p for p in rev1.paragraphs if p.label in ("OP10", "OP11")}
    assert parts["OP10"].lineage_id == old_op10.lineage_id
    assert parts["OP11"].lineage.split_from_id == old_op10.lineage_id
    client = sign_in(app.test_client(), cast.delegate_a)
    url = f"/negotiations/{cast.negotiation_a.id}/compare?old={zero.id}&new={rev1.id}"
    html = client.get(url).get_data(as_text=True)
    assert re.search(r'<td class="label">OP10</td>\s*<td class="label">OP11</td>', html)
    assert re.search(r"<strong>2</strong> split", html)
    history = client.get(
        f"/negotiations/{cast.negotiation_a.id}/paragraphs/{parts['OP11'].id}/history"
    ).get_data(as_text=True)
    assert "Zero draft <strong>OP10</strong> → Rev.1 <strong>OP11</strong>" in history


def test_a_split_says_on_the_history_page_where_the_other_part_went(app, cast):
    publish(cast.cofac_a, cast.negotiation_a, ZERO)
    rev1 = publish(cast.cofac_a, cast.negotiation_a, "align-zero-draft-rev1.txt")
    client = sign_in(app.test_client(), cast.delegate_a)
    parts = {p.label: p for p in rev1.paragraphs if p.label in ("OP10", "OP11")}
    history = f"/negotiations/{cast.negotiation_a.id}/paragraphs/{{}}/history"
    page = client.get(history.format(parts["OP10"].id)).text
    assert '<span class="badge badge-split">split: part became OP11</span>' in page
    page = client.get(history.format(parts["OP11"].id)).text
    assert '<span class="badge badge-split">split: the rest continues as OP10</span>' in page


def test_a_merge_says_on_the_history_page_what_went_into_the_paragraph(app, cast):
    zero = publish(cast.cofac_a, cast.negotiation_a, "merge-and-split-zero.txt")
    rev1 = publish(cast.cofac_a, cast.negotiation_a, "merge-and-split-rev1.txt")
    client = sign_in(app.test_client(), cast.delegate_a)
    history = f"/negotiations/{cast.negotiation_a.id}/paragraphs/{{}}/history"
    merged = next(p for p in rev1.paragraphs if p.label == "OP2")
    page = client.get(history.format(merged.id)).text
    assert (
        '<span class="badge badge-merged badge-names">merged: also took in Zero draft OP2</span>'
        in page
    )
    gone = next(p for p in zero.paragraphs if p.label == "OP2")
    page = client.get(history.format(gone.id)).text
    assert '<span class="badge badge-merged badge-names">merged: went into Rev.1 OP2</span>' in page


def test_a_comma_added_is_boxed_to_be_seen(app, cast):
    # Rev.1 added a comma after "22 November": underlined alone it was 4 pixels wide.
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    edited = fixture_bytes(ZERO).replace(b"Monday, 22 November and", b"Monday, 22 November, and")
    rev1 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=edited)
    client = sign_in(app.test_client(), cast.delegate_b)
    html = client.get(
        f"/negotiations/{cast.negotiation_a.id}/compare?old={zero.id}&new={rev1.id}"
    ).text
    assert 'November<ins class="small-change">,</ins> and Tuesday' in html


_PRINTED_ZERO = (
    "A/80/L.1\n\nDraft resolution\n\nA title\n\nThe General Assembly,\n\n"
    "*Recalling* its resolution 75/1,[^1]\n\n"
    "*Noting* the report,[^2]\n\n"
    "1. *Decides* to convene a meeting;\n\n"
    "2. *Requests* a report.\n\n"
    "[^1]: Resolution 75/1.\n[^2]: A/75/100.\n"
)
_PRINTED_REV1 = (
    _PRINTED_ZERO.replace("*Recalling*", "*Recalling also*")
    .replace("the report,[^2]", "the report,")
    .replace("a meeting;", "a meeting;[^2]")
    .replace("A/75/100", "A/75/200")
)


def _ids_as_one(html: str) -> str:
    """The page with every note's id as `ID`, to compare marks wherever they stand."""
    return re.sub(r'(aria-describedby|id)="note-[^"]*"', r'\1="ID"', html)


def _each_note_described_once(html: str) -> None:
    """Every mark that tells its note names a note of the page, one of its own."""
    described = re.findall(r'aria-describedby="(note-[^"]*)"', html)
    notes = re.findall(r'class="fn-note" role="tooltip" id="(note-[^"]*)"', html)
    assert described and described == notes and len(set(notes)) == len(notes)
    assert 'class="fn-ref" title=' not in html


def test_the_comparison_prints_italics_and_note_marks_as_the_texts_do(app, cast):
    zero = publish(cast.cofac_a, cast.negotiation_a, "zero.md", data=_PRINTED_ZERO.encode())
    rev1 = publish(cast.cofac_a, cast.negotiation_a, "rev1.md", data=_PRINTED_REV1.encode())
    client = sign_in(app.test_client(), cast.delegate_b)
    base = f"/negotiations/{cast.negotiation_a.id}"
    url = f"{base}/compare?old={zero.id}&new={rev1.id}"
    # A mark is a button a keyboard reaches and a finger taps, described by its note (shown
    # by the stylesheet while it is focused or pointed at), not a tooltip only a mouse finds.
    mark = (
        '<sup class="fn-ref fn-told"><button type="button" class="fn-mark" aria-label="Note {1}"'
        ' aria-describedby="ID">{1}</button><span class="fn-note" role="tooltip" id="ID">{0}'
        "</span></sup>"
    )
    # "Recalling" became "Recalling also": the opening stays italic, the edit word-exact.
    recalling = "<em>Recalling </em><ins><em>also</em> </ins>its resolution 75/1," + mark.format(
        "Resolution 75/1.", 1
    )
    # A note mark dropped or added is shown deleted or inserted, boxed to be seen, and says
    # what its note said or says.
    dropped = (
        '<em>Noting</em> the report,<del class="small-change">'
        + mark.format("A/75/100.", 2)
        + "</del>"
    )
    added = f'a meeting;<ins class="small-change">{mark.format("A/75/200.", 2)}</ins>'
    inline = client.get(url).get_data(as_text=True)
    exported = client.get(f"{base}/compare/export.html?old={zero.id}&new={rev1.id}")
    for html in (inline, exported.get_data(as_text=True)):
        _each_note_described_once(html)
        html = _ids_as_one(html)
        assert recalling in html
        assert dropped in html
        assert f"<em>Decides</em> to convene {added}" in html
        assert "<em>Requests</em> a report." in html
    # Side by side, each column is its own text: the zero draft's italics and marks on the left.
    side = client.get(url + "&mode=side").get_data(as_text=True)
    _each_note_described_once(side)
    side = _ids_as_one(side)
    cell = r'data-caption="{}"><span class="text-lines">(.*?)</span>(?!</sup>)'
    old_column = re.findall(cell.format("Zero draft"), side, re.S)
    new_column = re.findall(cell.format("Rev.1"), side, re.S)
    assert old_column[:2] == [
        "<em>Recalling</em> its resolution 75/1," + mark.format("Resolution 75/1.", 1),
        dropped,
    ]
    assert new_column[:2] == [recalling, "<em>Noting</em> the report,"]
    assert added not in old_column[2] and added in new_column[2]
    # The comparison lists no notes: its marks link nowhere, they tell.
    assert 'href="#fn' not in inline


def test_a_long_text_pasted_into_the_upload_form_is_read_not_refused_as_a_large_file(app, cast):
    """Sent as the form sends it (multipart), a paste over half a million bytes was refused as
    "the file is too large" by the form parser's own limit for one field. (Just over it: the
    test client writes a larger body to a temporary file it leaves open.)"""
    client = sign_in(app.test_client(), cast.cofac_a)
    text = fixture_bytes(ZERO).decode("utf-8").rstrip().rstrip(".")
    measures: list[str] = []
    while len((text + "".join(measures)).encode("utf-8")) < 501_000:
        measures.append(
            f";\n\n{16 + len(measures)}. *Requests* the Secretary-General to report on measure "
            f"{len(measures)} of the plan, including the exchange of information and best "
            "practices among Member States and the relevant entities of the United Nations system"
        )
    pasted = text + "".join(measures) + "."
    assert 500_000 < len(pasted.encode("utf-8")) < 505_000
    response = client.post(
        f"/negotiations/{cast.negotiation_a.id}/revisions/new",
        data={"label": "", "text": pasted},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    revision = db.session.scalars(select(Revision)).one()
    assert revision.document.counts()["operative"] == 15 + len(measures)
