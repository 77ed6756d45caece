"""Positions at a glance: for each paragraph of the current text, what each delegation said."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import (
    CommentKind,
    Delegation,
    DelegationKind,
    Negotiation,
    Paragraph,
    Revision,
    User,
)
from tracker.services import NotFound
from tracker.services.access import Actor, get_negotiation
from tracker.services.audit import record
from tracker.services.comment_export import MIMETYPES, kept_as_text, printed_across
from tracker.services.comments import CommentView, comments_on
from tracker.services.exports import ExportFile, slug, snapshot_name
from tracker.services.revisions import latest_published
from tracker.services.triage import is_settled, triage_label


class Position(StrEnum):
    """What a delegation's words on a paragraph amount to, strongest first."""

    DELETION = "deletion"
    PROPOSED_CHANGE = "proposed_change"
    RESERVATION = "reservation"
    SUPPORTS = "supports"
    REMARK = "remark"


POSITION_LABELS = {
    Position.DELETION: "Wants it deleted",
    Position.PROPOSED_CHANGE: "Proposed change",
    Position.RESERVATION: "Reservation",
    Position.SUPPORTS: "Supports it as it stands",
    Position.REMARK: "Question or comment",
}
#: The letter shown in a cell; the legend and hidden text spell it out.
POSITION_CODES = {
    Position.DELETION: "D",
    Position.PROPOSED_CHANGE: "C",
    Position.RESERVATION: "R",
    Position.SUPPORTS: "S",
    Position.REMARK: "Q",
}
_KIND_POSITIONS = {
    CommentKind.AMEND: Position.PROPOSED_CHANGE,
    CommentKind.DELETE: Position.DELETION,
    CommentKind.NEW_AFTER: Position.PROPOSED_CHANGE,
    CommentKind.RETAIN: Position.SUPPORTS,
    CommentKind.RESERVATION: Position.RESERVATION,
    CommentKind.QUESTION: Position.REMARK,
    CommentKind.COMMENT: Position.REMARK,
}
_ORDER = list(Position)


@dataclass(frozen=True)
class SettledPosition:
    """A position whose comment the co-facilitators have triaged: no longer open business."""

    position: Position
    #: The triage outcome in words: “Reflected in Rev.1”, “Not retained” …
    outcome: str

    @property
    def text(self) -> str:
        """“Proposed change: reflected in Rev.1”."""
        return f"{POSITION_LABELS[self.position]}: {self.outcome[:1].lower()}{self.outcome[1:]}"


@dataclass
class PositionCell:
    """One delegation on one paragraph: its open positions, those settled by triage, and the
    comments they come from."""

    positions: list[Position] = field(default_factory=list)
    settled: list[SettledPosition] = field(default_factory=list)
    comment_ids: list[int] = field(default_factory=list)

    def add(self, position: Position, comment_id: int) -> None:
        """Record an open position (once) and the comment it was expressed in."""
        if position not in self.positions:
            self.positions.append(position)
            self.positions.sort(key=_ORDER.index)
        if comment_id not in self.comment_ids:
            self.comment_ids.append(comment_id)

    def add_settled(self, position: Position, outcome: str, comment_id: int) -> None:
        """Record a position whose comment was triaged, with the outcome in words."""
        entry = SettledPosition(position, outcome)
        if entry not in self.settled:
            self.settled.append(entry)
            self.settled.sort(key=lambda e: _ORDER.index(e.position))
        if comment_id not in self.comment_ids:
            self.comment_ids.append(comment_id)

    @property
    def settled_only(self) -> bool:
        """Whether everything the delegation said here has been settled by triage."""
        return not self.positions and bool(self.settled)

    @property
    def text(self) -> str:
        """The positions in words, settled ones with their outcome; “No comment” if none."""
        open_text = ", ".join(POSITION_LABELS[p] for p in self.positions)
        settled_text = "; ".join(e.text for e in self.settled)
        if open_text and settled_text:
            return f"{open_text}; settled: {settled_text}"
        if settled_text:
            return f"Settled: {settled_text}"
        return open_text or "No comment"


@dataclass
class PositionRow:
    paragraph: Paragraph
    cells: list[PositionCell]


@dataclass
class PositionsMatrix:
    """Rows: the paragraphs of the current text in order; columns: delegations."""

    negotiation: Negotiation
    revision: Revision | None
    columns: list[Delegation]
    rows: list[PositionRow]
    #: Groups whose members can be shown instead of those who spoke.
    groups: list[Delegation]
    group: Delegation | None
    #: Whether positions settled by triage are shown (greyed, with their outcome) or left out.
    show_settled: bool = True
    #: How many positions (a delegation's kind of position on a paragraph) were settled by
    #: triage, counted whether shown or not.
    settled_count: int = 0

    def count(self, position: Position) -> int:
        """How many cells hold the position as open business (settled ones are not counted)."""
        return sum(position in cell.positions for row in self.rows for cell in row.cells)


def _entries(view: CommentView) -> list[tuple[Delegation, Position]]:
    comment = view.comment
    position = _KIND_POSITIONS[CommentKind(comment.kind)]
    # A delegation joining a comment takes its position: joined to a proposal to delete, it
    # wants the paragraph deleted too (not "supports", which reads as keeping it).
    return [(comment.delegation, position)] + [
        (join.delegation, position) for join in comment.active_joins
    ]


def _group(code: str | None) -> Delegation | None:
    code = (code or "").strip()
    if not code:
        return None
    group: Delegation | None = db.session.scalar(
        select(Delegation).where(Delegation.code == code, Delegation.kind == DelegationKind.GROUP)
    )
    if group is None:
        raise NotFound(f"There is no group with the code “{code}”.")
    return group


def positions_matrix(
    user: Actor, negotiation_id: int, group_code: str | None = None, *, show_settled: bool = True
) -> PositionsMatrix:
    """The positions the user may see on the latest text, by delegation (or a group's members).

    Comments follow their paragraph's lineage from earlier revisions; withdrawn comments and
    comments the user may not see count for nothing. Positions whose comment was triaged
    (reflected, not retained, read in …) are settled: kept apart from the open ones, with
    their outcome, and left out when `show_settled` is false.
    """
    negotiation = get_negotiation(user, negotiation_id)
    group = _group(group_code)
    groups = list(
        db.session.scalars(
            select(Delegation)
            .where(Delegation.kind == DelegationKind.GROUP)
            .order_by(Delegation.sort_name)
        )
    )
    revision = latest_published(negotiation)
    if revision is None:
        return PositionsMatrix(negotiation, None, [], [], groups, group, show_settled)
    placed = comments_on(user, revision)
    cells: dict[tuple[int, int], PositionCell] = {}
    spoke: dict[int, Delegation] = {}
    everything = [*placed.whole_text, *placed.orphaned]
    settled_keys: set[tuple[int, int, Position]] = set()
    for lineage_id, views in placed.by_lineage.items():
        for view in views:
            everything.append(view)
            comment = view.comment
            if comment.is_withdrawn:
                continue
            settled = is_settled(comment)
            for delegation, position in _entries(view):
                if settled:
                    settled_keys.add((lineage_id, delegation.id, position))
                    if not show_settled:
                        continue
                cell = cells.setdefault((lineage_id, delegation.id), PositionCell())
                if settled:
                    cell.add_settled(position, triage_label(comment), comment.id)
                else:
                    cell.add(position, comment.id)
    for view in everything:
        if not view.comment.is_withdrawn:
            for delegation, _ in _entries(view):
                spoke[delegation.id] = delegation
    if group is not None:
        columns = [group, *group.members]
    else:
        columns = sorted(spoke.values(), key=lambda d: d.sort_name)
    rows = [
        PositionRow(
            paragraph,
            [cells.get((paragraph.lineage_id, d.id)) or PositionCell() for d in columns],
        )
        for paragraph in revision.paragraphs
    ]
    return PositionsMatrix(
        negotiation, revision, columns, rows, groups, group, show_settled, len(settled_keys)
    )


#: Words of a paragraph's text the spreadsheet shows beside its number, to tell it at a glance.
OPENING_WORDS = 12
#: Column widths in characters: the paragraph, its opening words, each delegation.
_WIDTHS = (11, 45, 18)
#: A line of wrapped text in a row, in points.
_LINE_HEIGHT = 15
#: Cells read from their top; a sub-paragraph's number stands indented under its paragraph's.
_TOP, _SUB = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top", indent=1)
#: How a settled position's cell looks: present, but not open business.
_SETTLED_FONT = Font(color="808080", italic=True)


def _lines(text: str, width: int) -> int:
    """About how many lines `text` takes wrapped in a column `width` characters wide."""
    return max(1, -(-len(text) // max(1, width - 2)))


def positions_xlsx(matrix: PositionsMatrix, link_for: Callable[[Paragraph], str]) -> bytes:
    """The matrix as an Excel workbook: a row per paragraph with its opening words, a column
    per delegation (its name in full), each cell its positions in words (settled ones grey);
    the paragraph and header stay in view when scrolling. A second sheet gives the counts."""
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet), "a new workbook opens on a worksheet"
    label = matrix.revision.label if matrix.revision is not None else ""
    sheet.title = "Positions"
    sheet.append(["Paragraph", f"Text of {label}", *(d.name for d in matrix.columns)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = _TOP
        kept_as_text(cell)
    for number, row in enumerate(matrix.rows, start=2):
        paragraph = row.paragraph
        words = paragraph.text.split()
        opening = " ".join(words[:OPENING_WORDS]) + (" …" if len(words) > OPENING_WORDS else "")
        path = sheet.cell(row=number, column=1, value=paragraph.path)
        path.hyperlink = link_for(paragraph)
        path.style = "Hyperlink"
        path.alignment = _TOP if paragraph.parent_id is None else _SUB
        sheet.cell(row=number, column=2, value=opening).alignment = _TOP
        lines = _lines(opening, _WIDTHS[1])
        for column, said in enumerate(row.cells, start=3):
            if not (said.positions or said.settled):
                continue
            cell = sheet.cell(row=number, column=column, value=said.text)
            cell.alignment = _TOP
            if said.settled_only:
                cell.font = _SETTLED_FONT
            lines = max(lines, _lines(said.text, _WIDTHS[2]))
        # Spreadsheet programs do not size a row to its wrapped text when opening a file.
        sheet.row_dimensions[number].height = _LINE_HEIGHT * lines
    for column in range(1, len(matrix.columns) + 3):
        width = _WIDTHS[min(column, len(_WIDTHS)) - 1]
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.row_dimensions[1].height = _LINE_HEIGHT * max(
        (_lines(d.name, _WIDTHS[2]) for d in matrix.columns), default=1
    )
    sheet.freeze_panes = "C2"
    # Printed with the paragraphs and the delegations' names on every page.
    printed_across(sheet, "A:B")
    summary = book.create_sheet("Counts")
    summary.append(["Position", "Open positions"])
    for position in Position:
        summary.append([POSITION_LABELS[position], matrix.count(position)])
    summary.append(["Settled by triage", matrix.settled_count])
    summary.append([])
    columns = (
        f"{matrix.group.name} and its members"
        if matrix.group is not None
        else "the delegations that have spoken in this negotiation"
    )
    settled = "shown in grey" if matrix.show_settled else "left out"
    summary.append([f"Paragraphs of {label}; columns: {columns}; settled positions {settled}."])
    for cell in summary[1]:
        cell.font = Font(bold=True)
    for row_cells in summary.iter_rows():
        for cell in row_cells:
            kept_as_text(cell)
    summary.column_dimensions["A"].width = 24
    summary.column_dimensions["B"].width = 16
    book.properties.title = f"Positions on {label} · {matrix.negotiation.title}"[:200]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_positions(
    user: Actor,
    negotiation_id: int,
    group_code: str | None = None,
    *,
    show_settled: bool = True,
    link_for: Callable[[Paragraph], str],
) -> ExportFile:
    """Positions at a glance as the user sees them on the page, as an .xlsx spreadsheet to brief
    from or circulate; recorded in the audit trail."""
    matrix = positions_matrix(user, negotiation_id, group_code, show_settled=show_settled)
    if matrix.revision is None:
        raise NotFound("No text has been circulated yet, so there are no positions to export.")
    data = positions_xlsx(matrix, link_for)
    record(
        user if isinstance(user, User) else None,
        "export.positions",
        f"Exported the positions on {matrix.revision.label} as .xlsx",
        negotiation=matrix.negotiation,
        revision=matrix.revision.label,
        group=matrix.group.code if matrix.group is not None else "",
        settled="shown" if show_settled else "hidden",
    )
    db.session.commit()
    filename = (
        f"{snapshot_name(matrix.negotiation.title, 'positions', slug(matrix.revision.label))}.xlsx"
    )
    return ExportFile(filename, MIMETYPES["xlsx"], data)
