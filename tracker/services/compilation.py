"""The compilation text of a round: the revision with every delegation's proposal under its
paragraph, as co-facilitators circulate it before a reading."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.extensions import db
from tracker.models import (
    Comment,
    CommentJoin,
    CommentKind,
    ConsultationRound,
    Paragraph,
    User,
    Visibility,
)
from tracker.services.access import Actor, require_overseer, signed_in
from tracker.services.audit import record
from tracker.services.comments import CommentView, Pager, pager, view_of
from tracker.services.exports import export_name, revision_identity, slug
from tracker.services.structure import stored_document
from tracker.text.docx_identity import identify_docx
from tracker.text.export_compilation import (
    KIND_PHRASES,
    ROOM_AMEND_PHRASE,
    CompilationEntry,
    write_compilation_docx,
)

#: Entries per page of the compilation page (the .docx has them all).
PAGE_SIZE = 50

_LATIN = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies")


@dataclass(frozen=True)
class CompiledProposal:
    """One entry under a paragraph: who, what kind, and the words."""

    view: CommentView
    #: The sub-paragraph it concerns (`(a)`), empty for the paragraph itself.
    sublabel: str
    #: For a new paragraph: `OP5 bis`.
    new_label: str = ""

    @property
    def phrase(self) -> str:
        """“amend to read”, “delete”, “add a new paragraph” …"""
        if self.view.room_changes:
            return ROOM_AMEND_PHRASE
        return KIND_PHRASES.get(self.view.comment.kind, self.view.comment.kind)


@dataclass
class Compilation:
    """Proposals made on a round's revision, by top-level paragraph label."""

    consultation_round: ConsultationRound
    entries: dict[str, list[CompiledProposal]] = field(default_factory=dict)
    #: Every entry of the compilation, on this page or another.
    count: int = 0
    #: The page shown, when the compilation is paged.
    page: Pager | None = None
    #: The top-level paragraphs this page shows (the whole text is spread over the pages).
    shown: set[str] | None = None

    @property
    def total(self) -> int:
        return self.count

    def shows(self, label: str) -> bool:
        """Whether the paragraph appears on this page."""
        return self.shown is None or label in self.shown


def _top(paragraph: Paragraph) -> Paragraph:
    while paragraph.parent is not None:
        paragraph = paragraph.parent
    return paragraph


def compile_text(
    user: Actor, consultation_round: ConsultationRound, page: int | str | None = None
) -> Compilation:
    """Every comment open to all delegations, neither withdrawn nor hidden, made on the round's
    revision, grouped under its paragraph in reading order; new paragraphs numbered bis, ter …

    With `page`, only that page's PAGE_SIZE entries are loaded and shown, with the paragraphs
    they stand under (the first page also has the text before them, the last the text after).
    """
    signed_in(user)
    compilation = Compilation(consultation_round)
    rows = db.session.execute(
        select(Comment.id, Comment.paragraph_id, Comment.kind).where(
            Comment.revision_id == consultation_round.revision_id,
            Comment.paragraph_id.is_not(None),
            Comment.visibility == Visibility.ALL,
            Comment.withdrawn_at.is_(None),
            Comment.hidden_at.is_(None),
        )
    ).all()
    paragraphs = {p.id: p for p in consultation_round.revision.paragraphs}
    order = [p.label for p in consultation_round.revision.paragraphs if p.parent_id is None]
    position = {label: index for index, label in enumerate(order)}
    by_paragraph: dict[str, list[tuple[Paragraph, int, CommentKind]]] = {}
    for comment_id, paragraph_id, kind in rows:
        if paragraph_id is None:
            continue
        paragraph = paragraphs[paragraph_id]
        by_paragraph.setdefault(_top(paragraph).label, []).append((paragraph, comment_id, kind))
    # (top label, target paragraph, comment id, new paragraph label) in the compilation's order
    placed: list[tuple[str, Paragraph, int, str]] = []
    for label in order:
        items = by_paragraph.get(label, [])
        # Amendments and deletions first, new paragraphs last, as compilations read.
        items.sort(key=lambda item: (item[2] == CommentKind.NEW_AFTER, item[0].position, item[1]))
        new_count = 0
        for target, comment_id, comment_kind in items:
            new_label = ""
            if comment_kind == CommentKind.NEW_AFTER:
                suffix = _LATIN[new_count] if new_count < len(_LATIN) else f"({new_count + 1})"
                new_label = f"{label} {suffix}"
                new_count += 1
            placed.append((label, target, comment_id, new_label))
    compilation.count = len(placed)
    if page is not None:
        compilation.page = pager(page, len(placed), PAGE_SIZE)
        start, end = compilation.page.offset, compilation.page.offset + PAGE_SIZE
        placed = placed[start:end]
        first = position[placed[0][0]] if placed and compilation.page.number > 1 else 0
        last = (
            position[placed[-1][0]]
            if placed and compilation.page.number < compilation.page.pages
            else len(order) - 1
        )
        compilation.shown = set(order[first : last + 1])
    loaded = (
        {
            comment.id: comment
            for comment in db.session.scalars(
                select(Comment)
                .where(Comment.id.in_([item[2] for item in placed]))
                # Loaded together: a compilation lists every proposal with who joined it.
                .options(
                    selectinload(Comment.paragraph),
                    selectinload(Comment.revision),
                    selectinload(Comment.delegation),
                    selectinload(Comment.author).selectinload(User.delegation),
                    selectinload(Comment.joins).selectinload(CommentJoin.delegation),
                )
            )
        }
        if placed
        else {}
    )
    for label, target, comment_id, new_label in placed:
        sublabel = target.label if target.parent_id is not None else ""
        compilation.entries.setdefault(label, []).append(
            CompiledProposal(view_of(loaded[comment_id], target), sublabel, new_label)
        )
    return compilation


def compilation_entries(compilation: Compilation) -> dict[str, list[CompilationEntry]]:
    """The compilation in the shape the .docx writer takes."""
    result: dict[str, list[CompilationEntry]] = {}
    for label, items in compilation.entries.items():
        entries = []
        for item in items:
            comment = item.view.comment
            body = comment.body
            if item.sublabel:
                body = f"On subparagraph {item.sublabel}. {body}".strip()
            entries.append(
                CompilationEntry(
                    kind=comment.kind,
                    delegations=item.view.speakers,
                    text=body,
                    proposed_text=comment.proposed_text,
                    diff=item.view.proposal,
                    room_changes=item.view.room_changes,
                )
            )
        result[label] = entries
    return result


def compilation_name(consultation_round: ConsultationRound) -> str:
    """`modalities-of-the-high-level-meeting-zero-draft-2026-03-12-first-informal-consultations-
    compilation`: the text's export name, the round and what the file is."""
    revision = consultation_round.revision
    text = export_name(consultation_round.negotiation.title, revision)
    return f"{text}-{slug(consultation_round.title)}-compilation"


def compilation_document(user: Actor, consultation_round: ConsultationRound) -> bytes:
    """The compilation as .docx for circulation (secretariat and co-facilitators); audited."""
    negotiation = consultation_round.negotiation
    actor = require_overseer(user, negotiation, "export the compilation")
    compilation = compile_text(actor, consultation_round)
    revision = consultation_round.revision
    heading = f"Compilation of proposals on {revision.label}: {consultation_round.title}"
    data = write_compilation_docx(
        stored_document(revision), compilation_entries(compilation), title=heading
    )
    identity = revision_identity(revision)
    data = identify_docx(data, replace(identity, label=f"Compilation on {revision.label}"))
    record(
        actor,
        "compilation.export",
        f"Exported the compilation of “{consultation_round.title}” ({compilation.total} entries)",
        negotiation=negotiation,
        round_id=consultation_round.id,
    )
    db.session.commit()
    return data
