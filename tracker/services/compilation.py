"""The compilation text of a round: the revision with every delegation's proposal under its
paragraph, as co-facilitators circulate it before a reading."""

from __future__ import annotations

from dataclasses import dataclass, field

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
from tracker.services.comments import CommentView, view_of
from tracker.text.export_compilation import KIND_PHRASES, CompilationEntry, compilation_docx

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
        return KIND_PHRASES.get(self.view.comment.kind, self.view.comment.kind)


@dataclass
class Compilation:
    """Proposals made on a round's revision, by top-level paragraph label."""

    consultation_round: ConsultationRound
    entries: dict[str, list[CompiledProposal]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(len(items) for items in self.entries.values())


def _top(paragraph: Paragraph) -> Paragraph:
    while paragraph.parent is not None:
        paragraph = paragraph.parent
    return paragraph


def compile_text(user: Actor, consultation_round: ConsultationRound) -> Compilation:
    """Every comment open to all delegations and not withdrawn, made on the round's revision,
    grouped under its paragraph in reading order; new paragraphs numbered bis, ter …"""
    signed_in(user)
    compilation = Compilation(consultation_round)
    comments = db.session.scalars(
        select(Comment)
        .where(
            Comment.revision_id == consultation_round.revision_id,
            Comment.paragraph_id.is_not(None),
            Comment.visibility == Visibility.ALL,
            Comment.withdrawn_at.is_(None),
        )
        .order_by(Comment.id)
        # Loaded together: a compilation lists every proposal with who joined it.
        .options(
            selectinload(Comment.paragraph),
            selectinload(Comment.revision),
            selectinload(Comment.delegation),
            selectinload(Comment.author).selectinload(User.delegation),
            selectinload(Comment.joins).selectinload(CommentJoin.delegation),
        )
    )
    by_paragraph: dict[str, list[tuple[Paragraph, Comment]]] = {}
    for comment in comments:
        paragraph = comment.paragraph
        assert paragraph is not None
        by_paragraph.setdefault(_top(paragraph).label, []).append((paragraph, comment))
    for paragraph in consultation_round.revision.paragraphs:
        if paragraph.parent_id is not None or paragraph.label not in by_paragraph:
            continue
        items = by_paragraph[paragraph.label]
        # Amendments and deletions first, new paragraphs last, as compilations read.
        items.sort(key=lambda pair: (pair[1].kind == CommentKind.NEW_AFTER, pair[0].position))
        new_count = 0
        compiled = []
        for target, comment in items:
            new_label = ""
            if comment.kind == CommentKind.NEW_AFTER:
                suffix = _LATIN[new_count] if new_count < len(_LATIN) else f"({new_count + 1})"
                new_label = f"{paragraph.label} {suffix}"
                new_count += 1
            sublabel = target.label if target.parent_id is not None else ""
            compiled.append(CompiledProposal(view_of(comment, target), sublabel, new_label))
        compilation.entries[paragraph.label] = compiled
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
                )
            )
        result[label] = entries
    return result


def compilation_document(user: Actor, consultation_round: ConsultationRound) -> bytes:
    """The compilation as .docx for circulation (secretariat and co-facilitators); audited."""
    negotiation = consultation_round.negotiation
    actor = require_overseer(user, negotiation, "export the compilation")
    compilation = compile_text(actor, consultation_round)
    revision = consultation_round.revision
    data = compilation_docx(
        revision.document,
        compilation_entries(compilation),
        title=f"Compilation of proposals on {revision.label}: {consultation_round.title}",
    )
    record(
        actor,
        "compilation.export",
        f"Exported the compilation of “{consultation_round.title}” ({compilation.total} entries)",
        negotiation=negotiation,
        round_id=consultation_round.id,
    )
    db.session.commit()
    return data
