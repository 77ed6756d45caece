"""Positions at a glance: for each paragraph of the current text, what each delegation said."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import CommentKind, Delegation, DelegationKind, Negotiation, Paragraph, Revision
from tracker.services import NotFound
from tracker.services.access import Actor, get_negotiation
from tracker.services.comments import CommentView, comments_on
from tracker.services.revisions import latest_published
from tracker.services.triage import is_settled, triage_label


class Position(StrEnum):
    """What a delegation's words on a paragraph amount to, strongest first."""

    PROPOSED_CHANGE = "proposed_change"
    RESERVATION = "reservation"
    SUPPORTS = "supports"
    REMARK = "remark"


POSITION_LABELS = {
    Position.PROPOSED_CHANGE: "Proposed change",
    Position.RESERVATION: "Reservation",
    Position.SUPPORTS: "Supports",
    Position.REMARK: "Question or comment",
}
#: The letter shown in a cell; the legend and hidden text spell it out.
POSITION_CODES = {
    Position.PROPOSED_CHANGE: "C",
    Position.RESERVATION: "R",
    Position.SUPPORTS: "S",
    Position.REMARK: "Q",
}
_KIND_POSITIONS = {
    CommentKind.AMEND: Position.PROPOSED_CHANGE,
    CommentKind.DELETE: Position.PROPOSED_CHANGE,
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
    entries = [(comment.delegation, _KIND_POSITIONS[CommentKind(comment.kind)])]
    # Joining a proposal supports it, whatever its kind.
    entries += [(join.delegation, Position.SUPPORTS) for join in comment.active_joins]
    return entries


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
