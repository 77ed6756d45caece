"""Exports of revisions: clean text (.docx, .txt, Akoma Ntoso, HTML) and comparisons."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from flask import current_app

from tracker.extensions import db
from tracker.models import Revision, User, utcnow
from tracker.services import Invalid
from tracker.services.access import Actor, get_negotiation
from tracker.services.audit import record
from tracker.services.brackets import with_status_markers
from tracker.services.comparisons import compare_revisions
from tracker.services.structure import stored_document
from tracker.text.align import Alignment
from tracker.text.document import Document
from tracker.text.docx_identity import DocumentIdentity, identify_docx
from tracker.text.export_akn import FrbrIdentity, write_akn
from tracker.text.export_compare import write_tracked_docx
from tracker.text.export_docx import write_docx
from tracker.text.export_plain import write_plain_text
from tracker.text.export_text import write_text
from tracker.text.structure_changes import structure_changes
from tracker.text.styled_runs import ComparedNotes

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MIMETYPES = {
    "docx": DOCX,
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "xml": "application/akn+xml",
    "html": "text/html; charset=utf-8",
}
CLEAN_FORMATS = ("docx", "txt", "md", "xml")
COMPARE_FORMATS = ("docx", "html")


@dataclass(frozen=True)
class ExportFile:
    """A file ready to download or write."""

    filename: str
    mimetype: str
    data: bytes


def slug(text: str) -> str:
    """A short, safe file-name part: `Rev.1` -> `rev-1`."""
    return _words(text)[:60] or "text"


def _words(text: str) -> str:
    """The text's letters and digits, lower case, each run joined to the next by a hyphen."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def render_clean(
    document: Document,
    fmt: str,
    *,
    labels: bool = False,
    lineage_ids: dict[str, str] | None = None,
    frbr: FrbrIdentity | None = None,
) -> bytes:
    """The clean text of a Document in one of CLEAN_FORMATS (no database needed)."""
    if fmt == "docx":
        return write_docx(document, labels=labels)
    if fmt == "txt":
        return write_plain_text(document).encode("utf-8")
    if fmt == "md":
        return write_text(document).encode("utf-8")
    if fmt == "xml":
        return write_akn(document, lineage_ids=lineage_ids, frbr=frbr)
    raise Invalid(f"Unknown format {fmt!r}: choose one of {', '.join(CLEAN_FORMATS)}.")


def render_comparison(
    old: Document,
    new: Document,
    alignment: Alignment,
    fmt: str,
    *,
    old_label: str,
    new_label: str,
    author: str,
    when: datetime,
) -> bytes:
    """A comparison in one of COMPARE_FORMATS (no database needed)."""
    if fmt == "docx":
        return write_tracked_docx(old, new, alignment, author=author, date=when)
    if fmt == "html":
        template = current_app.jinja_env.get_template("exports/tracked.html")
        stylesheet = Path(current_app.root_path, "static", "app.css").read_text(encoding="utf-8")
        html = template.render(
            alignment=alignment,
            structure=structure_changes(old, new, alignment.pairs),
            notes=ComparedNotes.of(old.footnotes, new.footnotes),
            old_label=old_label,
            new_label=new_label,
            title=new.title,
            stylesheet=stylesheet,
            generated=when,
        )
        return html.encode("utf-8")
    raise Invalid(f"Unknown format {fmt!r}: choose one of {', '.join(COMPARE_FORMATS)}.")


def lineage_ids(revision: Revision) -> dict[str, str]:
    """Paragraph label -> stable lineage identifier, for Akoma Ntoso `wId`s."""
    return {p.label: f"lineage-{p.lineage_id}" for p in revision.paragraphs if not p.parent_id}


def export_clean(
    user: Actor, revision: Revision, fmt: str, *, labels: bool = False, markers: bool = False
) -> ExportFile:
    """The clean text of a published revision, for every participant; recorded in the audit.
    `markers` prints `(agreed ad ref)` after the paragraphs so agreed."""
    negotiation = get_negotiation(user, revision.negotiation_id)
    if not revision.is_published:
        raise Invalid("Only published revisions are exported.")
    published = revision.published_at or datetime.now(UTC)
    frbr = FrbrIdentity(
        date=date(published.year, published.month, published.day),
        version="original" if revision.sequence == 0 else slug(revision.label),
    )
    document = with_status_markers(revision) if markers else stored_document(revision)
    data = render_clean(document, fmt, labels=labels, lineage_ids=lineage_ids(revision), frbr=frbr)
    if fmt == "docx":
        data = identify_docx(data, revision_identity(revision))
    record(
        user if isinstance(user, User) else None,
        "export.clean",
        f"Exported {revision.label} as .{fmt}"
        + (" with labels" if labels else "")
        + (" with status markers" if markers else ""),
        negotiation=negotiation,
        revision_id=revision.id,
    )
    db.session.commit()
    version = "with-paragraph-labels" if labels else "clean"
    if markers:
        version += "-with-status-markers"
    return ExportFile(
        f"{export_name(negotiation.title, revision)}-{version}.{fmt}", MIMETYPES[fmt], data
    )


def title_part(title: str) -> str:
    """The negotiation's title as a file-name part, cut at a word so it stays readable."""
    words = _words(title[:200]).split("-")
    kept: list[str] = []
    for word in words:
        if len("-".join([*kept, word])) > 70:
            break
        kept.append(word)
    return "-".join(kept) or "text"


def snapshot_name(title: str, *what: str) -> str:
    """`modalities-of-the-high-level-meeting-comments-2026-12-08`: a file of the negotiation
    as it stands today (its comments, positions, archive), named as the texts are, with the
    day it was taken, so that two downloads a day apart do not carry the same name."""
    return "-".join([title_part(title), *what, f"{utcnow():%Y-%m-%d}"])


def identified_clean_docx(revision: Revision) -> bytes:
    """The clean .docx of a revision with its header, footer and properties (the circulation
    letter's attachment)."""
    data = render_clean(stored_document(revision), "docx")
    return identify_docx(data, revision_identity(revision))


def export_name(title: str, revision: Revision) -> str:
    """`modalities-of-the-high-level-meeting-rev-1-2026-03-12`: negotiation, text and date."""
    when = revision.published_at or revision.created_at
    dated = f"-{when:%Y-%m-%d}" if when is not None else ""
    return f"{title_part(title)}-{slug(revision.label)}{dated}"


def _facilitators(revision: Revision) -> str:
    names = [user.name for user in revision.negotiation.facilitators]
    return " and ".join(names) or "United Nations"


def revision_identity(revision: Revision, opening: str = "") -> DocumentIdentity:
    """What a Word file of this revision says about itself."""
    when = revision.published_at or revision.created_at
    return DocumentIdentity(
        negotiation=revision.negotiation.title,
        label=revision.label,
        circulated=when.date() if when is not None else None,
        author=f"Co-facilitators: {_facilitators(revision)}",
        opening=opening,
    )


def export_comparison(user: Actor, old: Revision, new: Revision, fmt: str) -> ExportFile:
    """Two published revisions compared, as .docx with tracked changes or as HTML."""
    negotiation = get_negotiation(user, new.negotiation_id)
    comparison = compare_revisions(old, new)
    author = "United Nations"
    if new.published_by is not None:
        author = new.published_by.name
    data = render_comparison(
        stored_document(old),
        stored_document(new),
        comparison.alignment,
        fmt,
        old_label=old.label,
        new_label=new.label,
        author=author,
        when=new.published_at or datetime.now(UTC),
    )
    heading = f"{new.label} compared with {old.label}"
    if fmt == "docx":
        identity = revision_identity(new, opening=heading)
        data = identify_docx(data, replace(identity, label=heading))
    record(
        user if isinstance(user, User) else None,
        "export.compare",
        f"Exported {heading} as .{fmt}",
        negotiation=negotiation,
    )
    db.session.commit()
    name = f"{export_name(negotiation.title, new)}-compared-with-{slug(old.label)}"
    return ExportFile(f"{name}.{fmt}", MIMETYPES[fmt], data)
