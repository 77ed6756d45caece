"""The plain-text export: no Markdown marks, the text's own brackets and stars kept exactly."""

from __future__ import annotations

from tracker.text.document import Document, Emphasis, Footnote, FootnoteRef, Kind, Paragraph
from tracker.text.export_plain import write_plain_text


def test_plain_text_has_no_markdown_and_keeps_literal_brackets_and_stars():
    op = Paragraph(
        kind=Kind.OPERATIVE,
        label="OP1",
        number="1",
        text="Decides to meet [in 2025 (EU)] on item *5* of the_agenda;",
        emphasis=(Emphasis(0, 7),),
        footnote_refs=(FootnoteRef("1", 30),),
    )
    doc = Document(
        title="Title",
        formula="The General Assembly,",
        operative=(op,),
        footnotes=(Footnote(mark="1", text="See [A/80/1]."),),
    )
    text = write_plain_text(doc)
    assert "1. Decides to meet [in 2025 (EU)]¹ on item *5* of the_agenda;" in text
    assert "¹ See [A/80/1]." in text
    assert "\\" not in text and "[^" not in text
