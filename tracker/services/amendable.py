"""What a proposal to amend a paragraph starts from and is read against: asked by the
comments a delegation writes (`tracker.services.comments`) and by the meeting that reads them
into the room's text (`tracker.services.meeting`), so kept apart from both."""

from __future__ import annotations

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Paragraph


def amendable_text(paragraph: Paragraph) -> str:
    """The paragraph as a proposal to amend it starts from: its own text and, for an OP with
    sub-paragraphs, each sub-paragraph on a line of its own with its label (`(a) ...`)."""
    # Only the revision's sub-paragraphs are read (one query): a text has few, and hundreds
    # of top-level paragraphs.
    subs = db.session.scalars(
        select(Paragraph)
        .where(Paragraph.revision_id == paragraph.revision_id, Paragraph.parent_id.is_not(None))
        .order_by(Paragraph.position)
    ).all()
    children: dict[int, list[Paragraph]] = {}
    for sub in subs:
        if sub.parent_id is not None:
            children.setdefault(sub.parent_id, []).append(sub)

    def text_of(at: Paragraph) -> list[str]:
        lines = [at.text]
        for child in children.get(at.id, []):
            first, *rest = text_of(child)
            lines += [f"{child.label} {first}", *rest]
        return lines

    return "\n".join(line for line in text_of(paragraph) if line)


def amended_text(paragraph: Paragraph, proposed: str) -> str:
    """What a proposal to amend the paragraph is read against: the whole paragraph with its
    sub-paragraphs, unless the proposal is one line (an amendment to the chapeau alone)."""
    return amendable_text(paragraph) if "\n" in proposed.strip() else paragraph.text
