"""The meeting summary as a Word document, for the secretariat to circulate or file with the
meeting's other papers: the facts of the Markdown summary
(tracker.text.working_text.write_meeting_summary) in the type of UN documents, with the
proposals read in, the changes (the words each added and took out marked, as the meeting's
record page shows them) and the paragraphs' statuses at the end as tables."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import docx.document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Emu, Pt

from tracker.text.days import written_moment
from tracker.text.diff import DiffOp, Op, word_diff
from tracker.text.export_docx import PageSize, new_un_document, save, text_width
from tracker.text.working_text import (
    MeetingSummaryText,
    RecordEntry,
    meeting_facts,
    paragraph_name,
    proposals_read_in,
)


def write_meeting_summary_docx(summary: MeetingSummaryText, page_size: PageSize = "A4") -> bytes:
    """The meeting summary as .docx: its facts, the proposals read in, every change with who
    made it and when, and each paragraph's status and text at the end."""
    document = new_un_document(page_size)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading = title.add_run(f"Meeting summary: {summary.negotiation}")
    heading.bold = True
    heading.font.size = Pt(14)
    for what, value in meeting_facts(summary):
        fact = document.add_paragraph()
        fact.add_run(f"{what}: ").bold = True
        fact.add_run(value)

    def clock(moment: datetime) -> str:
        # The facts above give the day; a change after midnight (UTC) gives its own.
        same_day = moment.date() == summary.started.date()
        return f"{moment:%H:%M}" if same_day else written_moment(moment)

    read_in = proposals_read_in(summary)
    _heading(document, f"Proposals read in ({len(read_in)})")
    _table(
        document,
        (("Time", 2), ("Paragraph", 2), ("Proposal", 8), ("Read in by", 4)),
        [(clock(e.when), e.label, e.proposal, e.who) for e in read_in],
    )

    _heading(document, f"Changes ({len(summary.entries)})")
    changes = [(clock(e.when), e.who, e.label, e.what, _changed_text(e)) for e in summary.entries]
    if any(text for *_, text in changes):
        document.add_paragraph(
            "In the text of a change, words added are in bold and underlined, words taken out "
            "struck through."
        )
    _table(
        document,
        (("Time", 2), ("By", 3), ("Paragraph", 3), ("Change", 4), ("Text", 12)),
        changes,
    )

    _heading(document, "Paragraphs at the end of the meeting")
    _table(
        document,
        (("Paragraph", 3), ("Status", 4), ("Text", 15)),
        [
            (
                paragraph_name(line),
                f"{line.status} ({line.note})" if line.note else line.status,
                line.text,
            )
            for line in summary.paragraphs
        ],
    )
    return save(document)


def _heading(document: docx.document.Document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(12)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run(text).bold = True


#: What a table cell holds: plain text, or a text with its words added and taken out.
Cell = str | tuple[DiffOp, ...]


def _changed_text(entry: RecordEntry) -> Cell:
    """The paragraph's text as the change left it, the words it added and took out marked;
    nothing for a change that left the text as it was."""
    if entry.before == entry.after:
        return ""
    return word_diff(" ".join(entry.before.split()), " ".join(entry.after.split()))


def _table(
    document: docx.document.Document,
    columns: Sequence[tuple[str, int]],
    rows: Sequence[Sequence[Cell]],
) -> None:
    """A table of `columns` (heading, share of the width) with a bold header row repeated on
    every page; "None." when there are no rows."""
    if not rows:
        document.add_paragraph("None.")
        return
    width = text_width(document.sections[-1])
    shares = sum(share for _, share in columns)
    widths = [Emu(width * share // shares) for _, share in columns]
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, column_width in zip(table.columns, widths, strict=True):
        column.width = column_width  # the grid, which LibreOffice reads
    header = [heading for heading, _ in columns]
    first = table.rows[0]
    # Word repeats a row marked as the table's header at the top of every page (python-docx
    # has no property for it).
    first._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, text, cell_width in zip(first.cells, header, widths, strict=True):
        cell.width = cell_width
        cell.paragraphs[0].add_run(text).bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, value, cell_width in zip(cells, values, widths, strict=True):
            cell.width = cell_width  # each cell, which Word reads
            paragraph = cell.paragraphs[0]
            if isinstance(value, str):
                paragraph.add_run(" ".join(value.split()))
                continue
            for piece in value:
                run = paragraph.add_run(piece.text)
                if piece.op == Op.INSERT:
                    run.bold = run.underline = True
                elif piece.op == Op.DELETE:
                    run.font.strike = True
