"""A right-to-left override in a comment laid its characters out backwards: stored words
“troppus ton od” read “do not support”, and an override left open could reorder what follows
it on the page. Overrides and unpaired controls are taken out as the text is typed, every
person's words are shown isolated (`dir="auto"`, `<bdi>`), words stored before are contained
when shown and exported, and Arabic and Hebrew are kept exactly as typed."""

from __future__ import annotations

import io

from lxml import html
from openpyxl import load_workbook

from tests.conftest import sign_in
from tests.security.abuse import commented, first_operative, post_comment, published_zero
from tracker.extensions import db
from tracker.models import Comment, CommentVersion, utcnow
from tracker.services.comment_export import CommentFilters, export_comments

RLO, PDF, FSI, PDI, RLM = "\u202e", "\u202c", "\u2068", "\u2069", "\u200f"
ARABIC = "نقترح حذف هذه الفقرة" + RLM + ". (UNODC, 2025)"
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _page(client, path: str):
    return html.fromstring(client.get(path).get_data(as_text=True))


def test_an_override_typed_is_taken_out_and_arabic_is_kept_as_typed(app, cast):
    zero = published_zero(cast)
    paragraph = first_operative(zero)
    client = sign_in(app.test_client(), cast.delegate_a)
    assert post_comment(client, zero, paragraph, f"We {RLO}troppus ton od{PDF}.").status_code == 302
    assert post_comment(client, zero, paragraph, ARABIC).status_code == 302
    stored = db.session.scalars(db.select(Comment.body).order_by(Comment.id)).all()
    assert stored == ["We troppus ton od.", ARABIC]
    page = _page(client, f"/negotiations/{zero.negotiation_id}/paragraphs/{paragraph.id}/comments")
    bodies = page.xpath("//p[contains(@class, 'comment-body')]")
    assert [(p.get("dir"), p.text_content()) for p in bodies] == [
        ("auto", "We troppus ton od."),
        ("auto", ARABIC),
    ]
    # Typed in, each line of Arabic or Hebrew reads right to left as it is written.
    assert {area.get("dir") for area in page.xpath("//textarea")} == {"auto"}


def test_words_stored_before_are_contained_and_isolated_wherever_they_are_shown(app, cast):
    zero, comment, page_url = commented(cast, "Placeholder.")
    # As stored before overrides were taken out at input: each left open, to the line's end.
    comment.body = f"Stored long ago: {RLO}we accept"
    comment.triage_reply = f"{RLO}Noted with thanks"
    comment.edited_at = utcnow()
    db.session.add(
        CommentVersion(
            comment=comment,
            body=f"{RLO}Earlier words",
            proposed_text=f"{RLO}Earlier proposal",
            edited_by=cast.delegate_a,
        )
    )
    db.session.commit()
    client = sign_in(app.test_client(), cast.delegate_b)
    page = _page(client, page_url)
    shown = page.xpath("string(//main)") or page.text_content()
    assert not BIDI_CONTROLS & set(shown), "no override reaches the page"
    body = page.xpath("//p[contains(@class, 'comment-body')]")[0]
    assert body.get("dir") == "auto" and body.text_content() == "Stored long ago: we accept"
    # Words set in a line of the page's own are isolated from the labels and names around them.
    isolated = [b.text_content() for b in page.xpath("//bdi")]
    assert "Noted with thanks" in isolated
    assert "Earlier words" in isolated and "Earlier proposal" in isolated


def test_exports_carry_no_override_and_set_right_to_left_words_apart(app, cast):
    from docx import Document as WordDocument

    from tracker.text.document import Document, Kind, Paragraph
    from tracker.text.export_compilation import CompilationEntry, write_compilation_docx

    zero, comment, _ = commented(cast, "Placeholder.")
    comment.body = f"Stored long ago: {RLO}we accept"
    db.session.commit()
    file = export_comments(
        cast.cofac_a, zero.negotiation_id, "xlsx", CommentFilters(), link_for=lambda c: ""
    )
    sheet = load_workbook(io.BytesIO(file.data)).active
    texts = [row[8].value for row in sheet.iter_rows(min_row=2)]
    assert texts == ["Stored long ago: we accept"]

    text = Document(
        title="T",
        formula="The General Assembly,",
        preamble=(),
        operative=(Paragraph(Kind.OPERATIVE, "OP1", "Decides to meet;", "1"),),
    )
    proposals = {
        "OP1": (
            CompilationEntry("comment", "Egypt", ARABIC),
            CompilationEntry("comment", "Mexico", f"We {RLO}accept"),
        )
    }
    data = write_compilation_docx(text, proposals, title="Compilation")
    lines = [p.text for p in WordDocument(io.BytesIO(data)).paragraphs]
    assert f"Egypt: comment: {FSI}{ARABIC}{PDI}" in lines
    assert "Mexico: comment: We accept" in lines
