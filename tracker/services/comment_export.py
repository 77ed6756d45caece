"""Delegations' comments of a negotiation as a spreadsheet (.csv or .xlsx), one row per comment.

Each person gets the comments they may see in the app and no others: the visibility rule is the
access rule `can_see`, not a copy of it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from tracker.extensions import db
from tracker.models import (
    Comment,
    ConsultationRound,
    Delegation,
    DelegationKind,
    Negotiation,
    Paragraph,
    TriageStatus,
    User,
)
from tracker.services import Invalid
from tracker.services.access import (
    Actor,
    can_see,
    comments_of_delegation,
    delegation_wrote_any,
    get_existing,
    get_negotiation,
    visible_comments,
)
from tracker.services.audit import record
from tracker.services.comments import KIND_LABELS, load_joins
from tracker.services.exports import ExportFile, snapshot_name
from tracker.services.revisions import latest_published
from tracker.services.triage import triage_label
from tracker.text.typed import contained

FORMATS = ("csv", "xlsx")
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
#: Spreadsheet programs run a cell starting with one of these as a formula (OWASP adds tab and CR).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: Column heading -> width in characters in the .xlsx.
COLUMNS = {
    "Comment": 9,
    "Revision": 12,
    "Made on paragraph": 12,
    "Current paragraph": 12,
    "Delegation": 22,
    "On behalf of": 22,
    "Joined by": 30,
    "Kind": 22,
    "Text": 60,
    "Proposed text": 60,
    # A proposal made in a meeting on the room's wording: what its proposed text changes.
    "Made on the room's wording": 60,
    "Visibility": 16,
    "Status": 22,
    "Facilitators' reply": 40,
    "Created (UTC)": 18,
    "Updated (UTC)": 18,
    "Withdrawn (UTC)": 18,
    "Link": 40,
}
VISIBILITY_LABELS = {"all": "All delegations", "facilitators": "Co-facilitators only"}


@dataclass(frozen=True)
class CommentFilters:
    """Which comments to export; every field left empty means "all"."""

    round_id: int | None = None
    #: A paragraph label of the latest text (`OP5`, `OP2 (a)`) or a lineage id.
    paragraph: str = ""
    #: Delegation code: comments made by it or on its behalf.
    delegation: str = ""
    #: A triage status value (`open`, `reflected` …).
    status: str = ""

    def describe(self) -> dict[str, str | int]:
        """The filters that are set, for the audit trail."""
        return {
            name: value
            for name, value in (
                ("round_id", self.round_id),
                ("paragraph", self.paragraph),
                ("delegation", self.delegation),
                ("status", self.status),
            )
            if value
        }


@dataclass(frozen=True)
class CommentRow:
    """One comment flattened into spreadsheet cells, in COLUMNS order."""

    comment_id: int
    revision: str
    made_on: str
    current: str
    delegation: str
    on_behalf_of: str
    joined_by: str
    kind: str
    text: str
    proposed_text: str
    room_text: str
    visibility: str
    status: str
    reply: str
    created_at: datetime | None
    updated_at: datetime | None
    withdrawn_at: datetime | None
    link: str
    cells: tuple[int | str | datetime | None, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "cells",
            (
                self.comment_id,
                self.revision,
                self.made_on,
                self.current,
                self.delegation,
                self.on_behalf_of,
                self.joined_by,
                self.kind,
                self.text,
                self.proposed_text,
                self.room_text,
                self.visibility,
                self.status,
                self.reply,
                self.created_at,
                self.updated_at,
                self.withdrawn_at,
                self.link,
            ),
        )


def parse_filters(
    round_id: str | int | None = None,
    paragraph: str | None = None,
    delegation: str | None = None,
    status: str | None = None,
) -> CommentFilters:
    """Filters from a query string or the command line; a malformed value says which one."""
    round_value: int | None = None
    if round_id not in (None, ""):
        try:
            round_value = int(str(round_id))
        except ValueError as error:
            raise Invalid(f"round: “{round_id}” is not a round number.") from error
    status_value = (status or "").strip().lower()
    if status_value and status_value not in {s.value for s in TriageStatus}:
        choices = ", ".join(s.value for s in TriageStatus)
        raise Invalid(f"status: “{status}” is not a triage status; choose one of {choices}.")
    return CommentFilters(
        round_id=round_value,
        paragraph=" ".join((paragraph or "").split()),
        delegation=(delegation or "").strip().upper(),
        status=status_value,
    )


@dataclass
class DelegationChoices:
    """The delegation filter's choices: those with comments in the negotiation, then the rest
    (every delegation and group stays a valid filter)."""

    spoken: list[Delegation]
    others: list[Delegation]


def delegation_choices(user: Actor, negotiation: Negotiation) -> DelegationChoices:
    """Delegations to filter on: first those that made comments (in their name or by their
    delegates) the user may see in this negotiation, then every other; in each, groups (G-77
    and China, EU …) first, then States, by name."""
    everyone = db.session.scalars(
        select(Delegation).order_by(Delegation.kind != DelegationKind.GROUP, Delegation.sort_name)
    )
    spoken_ids = set(
        db.session.scalars(
            select(Delegation.id).where(
                delegation_wrote_any(
                    Delegation.id.expression,
                    Comment.negotiation_id == negotiation.id,
                    visible_comments(user, negotiation),
                )
            )
        )
    )
    choices = DelegationChoices([], [])
    for delegation in everyone:
        (choices.spoken if delegation.id in spoken_ids else choices.others).append(delegation)
    return choices


def _lineage_filter(negotiation: Negotiation, paragraph: str) -> int:
    """The lineage a paragraph filter names: a lineage id, or a label of the latest text."""
    if paragraph.isdigit():
        return int(paragraph)
    latest = latest_published(negotiation)
    if latest is None:
        raise Invalid(f"paragraph: there is no published text in which to find {paragraph}.")
    wanted = "".join(paragraph.split()).upper()
    for row in latest.paragraphs:
        if "".join(row.path.split()).upper() == wanted:
            return row.lineage_id
    raise Invalid(f"paragraph: {latest.label} has no paragraph {paragraph}.")


def _query(negotiation: Negotiation, filters: CommentFilters) -> Select[Comment]:
    query = select(Comment).where(Comment.negotiation_id == negotiation.id).order_by(Comment.id)
    if filters.round_id is not None:
        found = db.session.get(ConsultationRound, filters.round_id)
        if found is None or found.negotiation_id != negotiation.id:
            raise Invalid(f"round: this negotiation has no round {filters.round_id}.")
        query = query.where(Comment.round_id == filters.round_id)
    if filters.paragraph:
        query = query.where(Comment.lineage_id == _lineage_filter(negotiation, filters.paragraph))
    if filters.delegation:
        delegation = db.session.scalar(
            select(Delegation).where(Delegation.code == filters.delegation)
        )
        if delegation is None:
            raise Invalid(f"delegation: there is no delegation with the code {filters.delegation}.")
        query = query.where(comments_of_delegation(delegation.id))
    if filters.status:
        query = query.where(Comment.triage_status == filters.status)
    return query


def _current_paths(negotiation: Negotiation) -> dict[int, str]:
    latest = latest_published(negotiation)
    if latest is None:
        return {}
    rows = db.session.scalars(select(Paragraph).where(Paragraph.revision_id == latest.id))
    return {row.lineage_id: f"{latest.label} {row.path}" for row in rows}


def _row(comment: Comment, current: dict[int, str], link: str) -> CommentRow:
    author_delegation = comment.author.delegation or comment.delegation
    return CommentRow(
        comment_id=comment.id,
        revision=comment.revision.label,
        made_on=comment.paragraph.path if comment.paragraph else "Whole text",
        current=(
            current.get(comment.lineage_id, "No longer in the text")
            if comment.lineage_id is not None
            else "Whole text"
        ),
        delegation=author_delegation.name,
        on_behalf_of=comment.delegation.name,
        joined_by="; ".join(join.delegation.name for join in comment.active_joins),
        kind=KIND_LABELS.get(comment.kind, comment.kind),
        # Without the controls that could show a cell as other words (typed.contained).
        text=contained(comment.body),
        proposed_text=contained(comment.proposed_text or ""),
        room_text=contained(comment.room_text or ""),
        visibility=VISIBILITY_LABELS.get(comment.visibility, comment.visibility),
        status=triage_label(comment),
        reply=contained(comment.triage_reply or ""),
        created_at=comment.created_at,
        updated_at=comment.updated_at,
        withdrawn_at=comment.withdrawn_at,
        link=link,
    )


def comment_rows(
    negotiation: Negotiation,
    filters: CommentFilters,
    *,
    visible: Callable[[Comment], bool],
    link_for: Callable[[Comment], str],
) -> list[CommentRow]:
    """The negotiation's comments that pass the filters and `visible`, oldest first."""
    current = _current_paths(negotiation)
    # What each row names, read with the comments (it was read comment by comment).
    found = list(
        db.session.scalars(
            _query(negotiation, filters).options(
                joinedload(Comment.author).joinedload(User.delegation),
                joinedload(Comment.delegation),
                joinedload(Comment.revision),
                joinedload(Comment.paragraph),
            )
        )
    )
    shown = [comment for comment in found if visible(comment)]
    load_joins(shown)
    return [_row(comment, current, link_for(comment)) for comment in shown]


def neutralise_formula(value: str) -> str:
    """A cell text a spreadsheet will show as text, never run as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def kept_as_text(cell: Cell | MergedCell) -> None:
    """A spreadsheet cell whose text starts like a formula (`=`, `+`, `-`, `@`) is stored as
    text: openpyxl would store it as a formula, which the spreadsheet program would run."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M:%S}"
    if isinstance(value, str):
        return neutralise_formula(value)
    return str(value)


def comments_csv(rows: list[CommentRow]) -> bytes:
    """UTF-8 CSV with a byte-order mark, so Excel reads Côte d'Ivoire and Türkiye correctly."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row.cells])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def comments_xlsx(rows: list[CommentRow], *, title: str = "Comments") -> bytes:
    """An Excel workbook: bold frozen header, sized columns, a filter on every column."""
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet), "a new workbook opens on a worksheet"
    sheet.title = "Comments"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row.cells, start=1):
            cell = sheet.cell(row=number, column=column)
            if isinstance(value, datetime):
                # Excel has no time zones; the heading says the times are UTC.
                cell.value = value.replace(tzinfo=None)
                cell.number_format = "yyyy-mm-dd hh:mm"
            else:
                cell.value = value
            kept_as_text(cell)
            if isinstance(value, str) and len(value) > 40:
                cell.alignment = wrap
        if row.link:
            link_cell = sheet.cell(row=number, column=len(COLUMNS))
            link_cell.hyperlink = row.link
            link_cell.style = "Hyperlink"
    for column, width in enumerate(COLUMNS.values(), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(len(rows) + 1, 1)}"
    # Seventeen columns, some of whole paragraphs: one page wide would be too small to read,
    # so each printed page carries the comment's number beside its slice of the columns.
    printed_across(sheet, "A:A", one_page_wide=False)
    book.properties.title = title[:200]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def printed_across(sheet: Worksheet, title_columns: str, *, one_page_wide: bool = True) -> None:
    """Printed across the page (as wide as it fits on one, unless told otherwise), with the
    heading row and `title_columns` ("A:B") on every page: printed upright, a wide table ran
    over pages of its columns with nothing to say which row each page's cells belong to."""
    sheet.page_setup.orientation = "landscape"
    if one_page_wide:
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = "1:1"
    sheet.print_title_cols = title_columns


def render_comments(rows: list[CommentRow], fmt: str, *, title: str) -> bytes:
    """The rows in one of FORMATS."""
    if fmt == "csv":
        return comments_csv(rows)
    if fmt == "xlsx":
        return comments_xlsx(rows, title=title)
    raise Invalid(f"Unknown format {fmt!r}: choose one of {', '.join(FORMATS)}.")


def comments_filename(negotiation: Negotiation, fmt: str) -> str:
    """`negotiation-title-comments-2026-12-08.csv`."""
    return f"{snapshot_name(negotiation.title, 'comments')}.{fmt}"


def export_comments(
    user: Actor | None,
    negotiation_id: int,
    fmt: str,
    filters: CommentFilters,
    *,
    link_for: Callable[[Comment], str],
) -> ExportFile:
    """The comments the user may see in the app, as .csv or .xlsx; recorded in the audit trail.

    Co-facilitators and the secretariat get every comment; a delegate gets what the comment
    pages show them, so never another delegation's comments meant for the co-facilitators only.
    With no user (the command line, run by whoever operates the server) every comment.
    """
    if user is None:
        negotiation = get_existing(
            Negotiation, negotiation_id, f"There is no negotiation {negotiation_id}."
        )
    else:
        negotiation = get_negotiation(user, negotiation_id)
    if fmt not in FORMATS:
        raise Invalid(f"Unknown format {fmt!r}: choose one of {', '.join(FORMATS)}.")
    rows = comment_rows(
        negotiation,
        filters,
        visible=lambda comment: user is None or can_see(user, comment),
        link_for=link_for,
    )
    data = render_comments(rows, fmt, title=negotiation.title)
    record(
        user if isinstance(user, User) else None,
        "export.comments",
        f"Exported {len(rows)} comments as .{fmt}"
        + (" from the command line" if user is None else ""),
        negotiation=negotiation,
        format=fmt,
        count=len(rows),
        **filters.describe(),
    )
    db.session.commit()
    return ExportFile(comments_filename(negotiation, fmt), MIMETYPES[fmt], data)
