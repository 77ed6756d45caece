"""What a proposal to amend a paragraph starts from and is read against: asked by the
comments a delegation writes (`tracker.services.comments`) and by the meeting that reads them
into the room's text (`tracker.services.meeting`), so kept apart from both."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Paragraph


class _Sub(NamedTuple):
    id: int
    label: str
    text: str


#: Where a session keeps the sub-paragraphs of each revision it read them for: a published
#: text's paragraphs never change, and a page shows many proposals on the same text.
_SESSION_KEY = "amendable_subparagraphs"


def _sub_paragraphs(revision_id: int) -> dict[int, list[_Sub]]:
    """The revision's sub-paragraphs by parent id, in order; read once per session (one
    query: a text has few, and hundreds of top-level paragraphs)."""
    known: dict[int, dict[int, list[_Sub]]] = db.session.info.setdefault(_SESSION_KEY, {})
    if revision_id not in known:
        children: dict[int, list[_Sub]] = {}
        for sub_id, parent_id, label, text in db.session.execute(
            select(Paragraph.id, Paragraph.parent_id, Paragraph.label, Paragraph.text)
            .where(Paragraph.revision_id == revision_id, Paragraph.parent_id.is_not(None))
            .order_by(Paragraph.position)
        ):
            if parent_id is not None:
                children.setdefault(parent_id, []).append(_Sub(sub_id, label, text))
        known[revision_id] = children
    return known[revision_id]


def amendable_text(paragraph: Paragraph) -> str:
    """The paragraph as a proposal to amend it starts from, and is read against: its own text
    and, for an OP with sub-paragraphs, each sub-paragraph on a line of its own with its label
    (`(a) ...`). A proposal without a sub-paragraph's line deletes it: a proposal that keeps
    only the chapeau is shown and compiled deleting every sub-paragraph, as it would read."""
    children = _sub_paragraphs(paragraph.revision_id)

    def text_of(at_id: int, text: str) -> list[str]:
        lines = [text]
        for child in children.get(at_id, []):
            first, *rest = text_of(child.id, child.text)
            lines += [f"{child.label} {first}", *rest]
        return lines

    return "\n".join(line for line in text_of(paragraph.id, paragraph.text) if line)
