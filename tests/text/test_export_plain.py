"""The plain-text export: no Markdown marks, the text's own brackets and stars kept exactly."""

from __future__ import annotations

from tracker.text.document import Document, Emphasis, Footnote, FootnoteRef, Kind, Paragraph
from tracker.text.export_plain import write_plain_text
from tracker.text.read import read_document


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


def test_marks_printed_together_and_a_sponsor_star_read_back_as_written() -> None:
    # A/RES/79/138: `conflict,10,11`. Written together as `¹⁰¹¹`, the two marks had read back
    # as one mark 1011 and both notes as cited by nothing. A/C.2/80/L.5: the sponsor note's
    # star had been written `(*)`, which reads back as text. The reading back also had taken a
    # plain number for a note's mark (`SDGs 1 and 9`), not seeing the superscripts before it.
    pp = Paragraph(
        kind=Kind.PREAMBULAR,
        label="PP1",
        text="Noting the highest number of fatalities ever recorded in a single conflict,",
        footnote_refs=(FootnoteRef("1", 75), FootnoteRef("2", 75)),
    )
    op = Paragraph(
        kind=Kind.OPERATIVE,
        label="OP1",
        number="1",
        text="Decides to lower broadband costs (SDGs 1 and 9);",
        footnote_refs=(FootnoteRef("3", 48),),
    )
    doc = Document(
        title="Title",
        formula="The General Assembly,",
        symbol="A/C.2/80/L.5",
        sponsors=("Iraq",),
        sponsor_mark="*",
        preamble=(pp,),
        operative=(op,),
        footnotes=(
            Footnote(mark="*", text="On behalf of the Group of 77 and China."),
            Footnote(mark="1", text="See A/79/149.", paragraph_label="PP1"),
            Footnote(mark="2", text="Ibid., annex V.", paragraph_label="PP1"),
            Footnote(mark="3", text="Resolution 70/1.", paragraph_label="OP1"),
        ),
    )
    text = write_plain_text(doc)
    assert "in a single conflict,¹,²" in text
    assert "Iraq:* draft resolution" in text
    assert "* On behalf of the Group of 77 and China." in text
    back = read_document("export.txt", text.encode())
    assert back.preamble[0].text == pp.text
    assert back.preamble[0].footnote_refs == pp.footnote_refs
    assert back.operative[0].text == op.text
    assert back.sponsor_mark == "*"
    assert [f.mark for f in back.footnotes] == ["*", "1", "2", "3"]


def test_a_note_of_the_agenda_item_reads_back_as_a_note() -> None:
    # A/80/L.1: the star note of the agenda item (`* A/80/150.`), which the plain text prints
    # without the agenda item that cites it, read back as the end of the last paragraph, so
    # that paragraph showed as changed against the text it came from.
    op = Paragraph(
        kind=Kind.OPERATIVE,
        label="OP1",
        number="1",
        text="Endorses the New York Declaration.",
        footnote_refs=(FootnoteRef("1", 34),),
    )
    doc = Document(
        title="Endorsement of the New York Declaration",
        formula="The General Assembly,",
        symbol="A/80/L.1",
        sponsors=("France", "Saudi Arabia"),
        sponsor_mark="**",
        operative=(op,),
        footnotes=(
            Footnote(mark="*", text="A/80/150."),
            Footnote(mark="**", text="Any changes to the list of sponsors will be reflected."),
            Footnote(mark="1", text="A/CONF.243/2025/1, annex.", paragraph_label="OP1"),
        ),
    )
    back = read_document("export.txt", write_plain_text(doc).encode())
    assert back.operative[0].text == op.text and back.operative[0].tail == ""
    assert [(f.mark, f.text) for f in back.footnotes] == [(f.mark, f.text) for f in doc.footnotes]
