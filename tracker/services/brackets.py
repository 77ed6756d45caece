"""Brackets and alternatives written by the co-facilitators in the app, without uploading a
file: the next text is prepared from the latest one as a preview, phrases are bracketed and
alternatives recorded in it, and it is published like any upload. Also: the paragraphs still
bracketed or pending (for the silence procedure), and status markers for exported texts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from tracker.extensions import db
from tracker.models import Negotiation, ParagraphState, Revision, RevisionState
from tracker.services import Conflict, Invalid
from tracker.services.access import Actor, acting_details, require_facilitation
from tracker.services.audit import record
from tracker.services.revisions import add_preview, latest_published, next_label
from tracker.services.triage import paragraph_states
from tracker.text.brackets import (
    BracketError,
    add_alternative,
    bracket_phrase,
    change_paragraph,
    is_bracketed,
)
from tracker.text.document import Document, document_to_dict
from tracker.text.document import Paragraph as TextParagraph
from tracker.text.export_text import write_text

#: How an exported negotiation text marks a paragraph agreed ad ref.
AGREED_MARKER = " (agreed ad ref)"


def prepare_next_text(user: Actor, negotiation: Negotiation) -> Revision:
    """A preview of the next text made from the latest published one, to edit in the app
    (brackets, alternatives) and publish; no file is uploaded."""
    actor = require_facilitation(user, negotiation)
    latest = latest_published(negotiation)
    if latest is None:
        raise Invalid("Nothing has been published yet: upload the zero draft first.")
    document = latest.document
    data = write_text(document).encode("utf-8")
    preview = add_preview(
        actor,
        negotiation,
        document,
        label=next_label(negotiation),
        filename=f"{latest.label} edited in the app.md",
        data=data,
    )
    record(
        actor,
        "revision.prepare",
        f"Prepared a preview of {preview.label} from {latest.label}, to edit in the app",
        negotiation=negotiation,
        revision_id=preview.id,
        **acting_details(actor, negotiation),
    )
    db.session.commit()
    return preview


def _edit_preview(
    user: Actor,
    preview: Revision,
    path: str,
    change: Callable[[TextParagraph], TextParagraph],
    summary: str,
) -> Revision:
    actor = require_facilitation(user, preview.negotiation)
    if preview.state != RevisionState.PREVIEW:
        raise Conflict("Only an unpublished preview can be edited; published texts never change.")
    try:
        document = change_paragraph(preview.document, path, change)
    except BracketError as error:
        raise Invalid(f"Nothing was changed: {error}") from error
    preview.document_data = document_to_dict(document)
    preview.__dict__.pop("_document", None)
    record(
        actor,
        "revision.edit",
        f"Preview of {preview.label} {path}: {summary}",
        negotiation=preview.negotiation,
        revision_id=preview.id,
        path=path,
        **acting_details(actor, preview.negotiation),
    )
    db.session.commit()
    return preview


def bracket_in_preview(
    user: Actor, preview: Revision, path: str, phrase: str, holder: str = ""
) -> Revision:
    """Put a phrase of a preview's paragraph in square brackets, with who holds it."""
    held = f" (held by {holder.strip()})" if holder.strip() else ""
    return _edit_preview(
        user,
        preview,
        path,
        lambda p: bracket_phrase(p, phrase, holder),
        f"bracketed “{phrase.strip()[:200]}”{held}",
    )


def alternative_in_preview(user: Actor, preview: Revision, path: str, wording: str) -> Revision:
    """Record an alternative wording of a preview's paragraph (`Alt 1`, `Alt 2` ...)."""
    return _edit_preview(
        user,
        preview,
        path,
        lambda p: add_alternative(p, wording),
        f"alternative “{' '.join(wording.split())[:200]}”",
    )


def paragraph_paths(document: Document) -> list[str]:
    """Every paragraph's and sub-paragraph's path, in reading order (`OP2`, `OP2 (a)`)."""
    return [path for path, _ in document.walk_with_paths()]


@dataclass(frozen=True)
class Unsettled:
    """Paragraphs of a text not yet agreed: with brackets, or still pending."""

    bracketed: list[str]
    pending: list[str]

    def __bool__(self) -> bool:
        return bool(self.bracketed or self.pending)


def unsettled_paragraphs(revision: Revision) -> Unsettled:
    """The top-level paragraphs of a published text that still have brackets (in their words
    or marked bracketed) and those still pending (not agreed ad ref)."""
    states = paragraph_states(revision)
    by_label = {p.label: p for p in revision.document.paragraphs}
    bracketed, pending = [], []
    for row in revision.paragraphs:
        if row.parent_id is not None:
            continue
        state = states.get(row.id, ParagraphState.PENDING)
        text = by_label.get(row.label)
        if state == ParagraphState.BRACKETED or (text is not None and is_bracketed(text)):
            bracketed.append(row.label)
        elif state != ParagraphState.AGREED_AD_REF:
            pending.append(row.label)
    return Unsettled(bracketed, pending)


def with_status_markers(revision: Revision) -> Document:
    """The revision's text with `(agreed ad ref)` printed after each paragraph so agreed."""
    states = paragraph_states(revision)
    document = revision.document
    for row in revision.paragraphs:
        if states.get(row.id) == ParagraphState.AGREED_AD_REF:
            document = change_paragraph(
                document, row.path, lambda p: replace(p, text=p.text + AGREED_MARKER)
            )
    return document
