"""Revisions: upload and preview, publish (computing lineage), correct a pairing (comparing
two of them is `comparisons`)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import PurePath
from typing import Final, Literal, NamedTuple, TypeVar

from sqlalchemy import (
    ColumnElement,
    Integer,
    ScalarSelect,
    Select,
    and_,
    bindparam,
    func,
    insert,
    inspect,
    or_,
    select,
)
from sqlalchemy import text as sql_text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, undefer

from tracker import signals
from tracker.extensions import db
from tracker.models import (
    Lineage,
    LineageCorrection,
    Meeting,
    Negotiation,
    NegotiationStatus,
    Paragraph,
    Revision,
    RevisionState,
    User,
    utcnow,
)
from tracker.services import Conflict, Invalid
from tracker.services.access import (
    Actor,
    acting_details,
    get_negotiation,
    require_facilitation,
)
from tracker.services.audit import record
from tracker.services.meeting_held import open_meeting
from tracker.services.reading import read_upload
from tracker.services.structure import store_structure
from tracker.text.align import Alignment, Change, Pair, align_documents
from tracker.text.days import written_day, written_moment
from tracker.text.diff import DiffOp, similarity, word_diff
from tracker.text.document import Document, ParseError, document_to_dict, paragraph_path
from tracker.text.document import Paragraph as TextParagraph
from tracker.text.export_text import same_text
from tracker.text.read import SUPPORTED_EXTENSIONS

CONTENT_TYPES = {
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
}


def original_file(revision: Revision) -> tuple[str, str]:
    """The name and content type to serve a revision's original under: the type of what the
    bytes are (a PDF uploaded under a .docx name is served as a PDF, named .pdf), and only the
    last part of the name it was uploaded under."""
    name = PurePath(revision.source_filename.replace("\\", "/")).name or "original"
    data = revision.source_data or b""
    real = ".pdf" if data.startswith(b"%PDF") else ".docx" if data.startswith(b"PK") else None
    extension = _extension(name)
    if real is None:
        real = extension if extension in (".txt", ".md") else ".txt"
    if extension != real:
        name = (name[: -len(extension)] if extension else name) + real
    return name, CONTENT_TYPES[real]


def latest_published(negotiation: Negotiation) -> Revision | None:
    """The most recent published revision, if any."""
    return db.session.scalar(_latest_published_statement(), {"negotiation_id": negotiation.id})


def latest_published_with_paragraph(
    negotiation: Negotiation, lineage_id: int
) -> tuple[Revision | None, Paragraph | None]:
    """The most recent published revision and its paragraph of that lineage (None when it has
    none), in one query."""
    row = db.session.execute(
        _latest_published_with_paragraph_statement(),
        {"negotiation_id": negotiation.id, "lineage_id": lineage_id},
    ).first()
    return (row[0], row[1]) if row is not None else (None, None)


_Row = TypeVar("_Row")


def latest_published_id(negotiation_id: ColumnElement[int]) -> ScalarSelect[int | None]:
    """The id of the negotiation's most recent published revision, as a query column (to be
    read with something a page asks for first)."""
    return _newest_published(select(Revision.id), negotiation_id).scalar_subquery()


#: The negotiation of the statements below, built once (several pages ask them on every
#: request, and building a statement took longer than running it).
_NEGOTIATION_ID = bindparam("negotiation_id", type_=Integer)


@cache
def _latest_published_statement() -> Select[Revision]:
    return _newest_published(select(Revision), _NEGOTIATION_ID)


@cache
def _latest_published_with_paragraph_statement() -> Select[Revision, Paragraph]:
    lineage_id = bindparam("lineage_id", type_=Integer)
    return (
        _latest_published_statement()
        .add_columns(Paragraph)
        .outerjoin(
            Paragraph,
            (Paragraph.revision_id == Revision.id) & (Paragraph.lineage_id == lineage_id),
        )
        .order_by(Paragraph.position)
    )


def _newest_published(query: Select[_Row], negotiation_id: object) -> Select[_Row]:
    return (
        query.where(
            Revision.negotiation_id == negotiation_id,
            Revision.state == RevisionState.PUBLISHED,
        )
        .order_by(Revision.sequence.desc())
        .limit(1)
    )


def next_label(negotiation: Negotiation) -> str:
    """The label practice gives the next revision: Zero draft, then Rev.1, Rev.2 ...; after a
    withdrawn revision, its label marked as the corrected text, "(corrected 2)" after a
    corrected one withdrawn too (a label is never reused)."""
    circulated = circulation(negotiation)
    latest = circulated.latest_sequence
    label = "Zero draft" if latest is None else f"Rev.{latest + 1}"
    candidate, corrections = label, 0
    while candidate.casefold() in circulated.labels:
        corrections += 1
        candidate = f"{label} (corrected{f' {corrections}' if corrections > 1 else ''})"
    return candidate


def reflecting_label(revision: Revision) -> str:
    """The text that reflects what delegations proposed on `revision`: the first published
    after it, or the next to come while it is the latest (a proposal on the zero draft
    triaged after Rev.2 is reflected in Rev.1, not in a Rev.3 no one has seen)."""
    later = db.session.scalar(
        select(Revision.label)
        .where(
            Revision.negotiation_id == revision.negotiation_id,
            Revision.state == RevisionState.PUBLISHED,
            Revision.sequence > revision.sequence,
        )
        .order_by(Revision.sequence)
        .limit(1)
    )
    return later if later is not None else next_label(revision.negotiation)


@dataclass(frozen=True)
class Circulation:
    """What a negotiation has circulated so far (published texts and withdrawn ones)."""

    #: The most recent published revision and its number, None before the first.
    latest_id: int | None
    latest_sequence: int | None
    #: Their labels, casefolded: a label is never used twice.
    labels: frozenset[str]
    #: The highest number given so far (a withdrawn text keeps its number); -1 before the first.
    highest_sequence: int
    #: The ids of every circulated text (withdrawn ones included).
    ids: frozenset[int] = frozenset()


def circulation(negotiation: Negotiation) -> Circulation:
    """The negotiation's circulated texts, read in one query (a handful of rows)."""
    rows = db.session.execute(
        select(Revision.id, Revision.label, Revision.state, Revision.sequence).where(
            Revision.negotiation_id == negotiation.id,
            Revision.state.in_([RevisionState.PUBLISHED, RevisionState.WITHDRAWN]),
        )
    ).all()
    published = [row for row in rows if row.state == RevisionState.PUBLISHED]
    latest = max(published, key=lambda row: row.sequence or 0, default=None)
    return Circulation(
        latest_id=latest.id if latest is not None else None,
        latest_sequence=(latest.sequence or 0) if latest is not None else None,
        labels=frozenset(row.label.casefold() for row in rows),
        highest_sequence=max((row.sequence or 0 for row in rows), default=-1),
        ids=frozenset(row.id for row in rows),
    )


def used_labels(negotiation: Negotiation) -> frozenset[str]:
    """Labels of the texts circulated so far (withdrawn ones included), casefolded."""
    return circulation(negotiation).labels


def publication_problem(
    preview: Revision, previous: Revision | None, used: Collection[str] | None = None
) -> str:
    """Why publishing this preview would be refused (a label already used, a text identical
    to the last one), or empty. `used`: the labels circulated so far, when already read."""
    if used is None:
        used = used_labels(preview.negotiation)
    if " ".join(preview.label.split()).casefold() in used:
        return (
            f"The label “{preview.label}” was already used for a circulated text; upload the "
            "text again with another label."
        )
    if previous is not None and same_text(previous.document, preview.document):
        return (
            f"The text is identical to {previous.label}, the last one published; there is "
            "nothing new to circulate."
        )
    return ""


#: The number a label gives its text: `Rev.3`, `Rev. 3`, `Revision 3`, `Rev.2 (corrected)`.
_REVISION_NUMBER_RE = re.compile(r"\bRev(?:ision)?\.?\s*(\d{1,3})\b", re.IGNORECASE)


def _revision_number(label: str) -> int | None:
    match = _REVISION_NUMBER_RE.search(label)
    return int(match.group(1)) if match else None


def label_warnings(preview: Revision, previous: Revision | None) -> list[str]:
    """What the review warns of in a preview's label before it is published: a revision
    number out of the sequence of the texts circulated (`Rev.9` after Rev.1 skips Rev.2 to
    Rev.8), and another preview waiting under the same label (the first of them published
    takes the label, and the other can no longer be published under it)."""
    warnings = []
    number = _revision_number(preview.label)
    if previous is not None and number is not None:
        numbers = [_revision_number(label) for label in used_labels(preview.negotiation)]
        # A withdrawn text keeps its number: its corrected text comes after the latest.
        highest = max((n for n in numbers if n is not None), default=0)
        latest = _revision_number(previous.label) or 0
        change = "discard this preview and upload the text again with the right label"
        if number > highest + 1:
            skipped = f"Rev.{highest + 1}" + (
                f" to Rev.{number - 1}" if number > highest + 2 else ""
            )
            warnings.append(
                f"The label “{preview.label}” skips {skipped}: the last text circulated is "
                f"{previous.label}. If the label is wrong, {change}."
            )
        elif number <= latest:
            warnings.append(
                f"The label “{preview.label}” does not follow {previous.label}, the latest text "
                f"circulated. If the label is wrong, {change}."
            )
    name = " ".join(preview.label.split()).casefold()
    twins = db.session.execute(
        select(Revision.label, Revision.source_filename, Revision.created_at, User.name)
        .join(User, User.id == Revision.uploaded_by_id)
        .where(
            Revision.negotiation_id == preview.negotiation_id,
            Revision.state == RevisionState.PREVIEW,
            Revision.id != preview.id,
        )
        .order_by(Revision.id)
    )
    for label, filename, created_at, uploader in twins:
        if " ".join(label.split()).casefold() == name:
            source = f" from {filename}" if filename else ""
            warnings.append(
                f"Another preview is labelled “{label}” too, uploaded{source} by {uploader} "
                f"on {written_day(created_at)}: only the first of them published can take the "
                "label. Check that this is the text to circulate, and discard the other."
            )
    return warnings


def _extension(filename: str) -> str:
    match = re.search(r"\.[A-Za-z0-9]+$", filename)
    return match.group(0).lower() if match else ""


def upload_revision(
    user: Actor, negotiation: Negotiation, *, filename: str, data: bytes, label: str = ""
) -> Revision:
    """Parse an upload (or pasted text) and keep it as a preview; nothing is stored if it fails.

    Raises Invalid with the parser's message (and line) when the file cannot be read.
    """
    actor = require_facilitation(user, negotiation)
    filename = (filename or "").strip() or "pasted.txt"
    extension = _extension(filename)
    if extension not in SUPPORTED_EXTENSIONS:
        raise Invalid(
            f"“{filename}” is not a file the app reads: upload "
            + ", ".join(sorted(SUPPORTED_EXTENSIONS))
            + "."
        )
    if not data:
        raise Invalid(f"“{filename}” is empty.")
    try:
        document = read_upload(filename, data)
    except ParseError as error:
        raise Invalid(f"“{filename}” could not be read: {error}") from error
    _check_unique_labels(document, filename)
    label = " ".join(label.split()) or next_label(negotiation)
    if label.casefold() in used_labels(negotiation):
        raise Invalid(
            f"The label “{label}” was already used for a circulated text; choose another."
        )
    revision = add_preview(actor, negotiation, document, label=label, filename=filename, data=data)
    record(
        actor,
        "revision.upload",
        f"Uploaded {filename} as a preview of {revision.label}",
        negotiation=negotiation,
        revision_id=revision.id,
        **acting_details(actor, negotiation),
    )
    db.session.commit()
    return revision


def add_preview(
    actor: User,
    negotiation: Negotiation,
    document: Document,
    *,
    label: str,
    filename: str,
    data: bytes,
) -> Revision:
    """Add an unpublished preview of `document` read from `data` (its original, kept for
    download), flushed so it has an id; the caller records why and commits."""
    revision = Revision(
        negotiation=negotiation,
        label=label[:100],
        state=RevisionState.PREVIEW,
        title=document.title,
        formula=document.formula,
        document_data=document_to_dict(document),
        source_filename=filename[:255],
        source_content_type=CONTENT_TYPES[_extension(filename)],
        source_data=data,
        source_sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor,
    )
    db.session.add(revision)
    db.session.flush()
    return revision


def _check_unique_labels(document: Document, filename: str) -> None:
    """Every paragraph and sub-paragraph must be addressable by its path; a repeated number is
    refused (a sub-paragraph's letter repeated within its paragraph too)."""
    seen: dict[str, TextParagraph] = {}
    for path, paragraph in document.walk_with_paths():
        first = seen.setdefault(path, paragraph)
        if first is paragraph:
            continue
        where = f" (lines {first.line} and {paragraph.line})" if paragraph.line else ""
        if path == paragraph.label:
            raise Invalid(
                f"“{filename}” numbers two paragraphs {path}{where}. Renumber one (for an "
                f"inserted paragraph write “{paragraph.number or paragraph.label} bis”) and "
                "upload again."
            )
        raise Invalid(
            f"“{filename}” letters two sub-paragraphs {path}{where}. Reletter one and upload again."
        )


def choose_text(user: Actor, revision: Revision, index: int) -> Revision:
    """Make the preview show another of the texts its file holds (`Draft resolution II`).

    `index` counts the preview's other texts from 0, in the order the file prints them; the
    text set aside joins the others, so the choice can be changed back.
    """
    actor = require_facilitation(user, revision.negotiation)
    if revision.state != RevisionState.PREVIEW:
        raise Conflict("Only an unpublished preview can show another text.")
    current = revision.document
    if not 0 <= index < len(current.others):
        raise Invalid("That text is not in the uploaded file.")
    texts = [replace(current, others=()), *current.others]
    chosen = texts.pop(index + 1)
    document = replace(chosen, others=tuple(texts))
    _check_unique_labels(document, revision.source_filename)
    revision.document_data = document_to_dict(document)
    revision.__dict__.pop("_document", None)
    revision.title, revision.formula = document.title, document.formula
    record(
        actor,
        "revision.choose_text",
        f"The preview of {revision.label} now shows “{document.title[:200]}”",
        negotiation=revision.negotiation,
        revision_id=revision.id,
        **acting_details(actor, revision.negotiation),
    )
    db.session.commit()
    return revision


def discard_preview(user: Actor, revision: Revision) -> None:
    """Set a preview aside (it stays on record, never deleted)."""
    actor = require_facilitation(user, revision.negotiation)
    if revision.state != RevisionState.PREVIEW:
        raise Conflict("Only an unpublished preview can be discarded.")
    revision.state = RevisionState.DISCARDED
    record(
        actor,
        "revision.discard",
        f"Discarded the preview of {revision.label} ({revision.source_filename})",
        negotiation=revision.negotiation,
        revision_id=revision.id,
        **acting_details(actor, revision.negotiation),
    )
    signals.preview_discarded.send(actor, revision=revision)
    db.session.commit()


def _path(parent_path: str, paragraph: TextParagraph) -> str:
    return paragraph_path(parent_path, paragraph.label)


def _continuations(pairs: list[Pair]) -> dict[str, Pair]:
    """new label -> the pair whose old paragraph it continues.

    Of a split or a merge only the main part (the one sharing most words with the single side)
    keeps the old lineage; the other parts of a split start lineages of their own.
    """
    return {
        pair.new.label: pair
        for pair in pairs
        if pair.old is not None and pair.new is not None and pair.main
    }


class _Continued(NamedTuple):
    """A paragraph of the previous revision, as much as its continuation needs of it."""

    id: int
    lineage_id: int


@dataclass
class _PlannedParagraph:
    """A paragraph to store, before the database has given it (and a new lineage) an id."""

    values: dict[str, object]
    depth: int
    parent: _PlannedParagraph | None
    #: the lineage it continues; None for a new lineage (split from `split_from_id`, if any)
    lineage_id: int | None
    split_from_id: int | None
    id: int | None = None


def record_merges(merges: Mapping[int, int], revision: Revision) -> None:
    """Record lineages merged into others in `revision` (merged lineage id -> the lineage it
    was merged into): each ends there, and its comments follow into the paragraph that took it
    in, as do those of its sub-paragraphs that the revision does not continue. The one rule
    for a merge, whether the aligner found it or a co-facilitator recorded it; a pairing
    correction that gives the lineage to a paragraph again undoes it."""
    if not merges:
        return
    merges = _ending_below(merges, revision) | dict(merges)
    for lineage in db.session.scalars(select(Lineage).where(Lineage.id.in_(sorted(merges)))):
        lineage.merged_into_id = merges[lineage.id]


def _ending_below(merges: Mapping[int, int], revision: Revision) -> dict[int, int]:
    """The lineages of the sub-paragraphs (at any depth) that merged paragraphs had where they
    last stood before `revision`, and that `revision` does not continue -> the lineage their
    paragraph was merged into: they end with it (one query per level of sub-paragraphs; one
    deleted before its paragraph was merged stays deleted)."""
    parent = aliased(Paragraph)
    below: dict[int, int] = {}
    level = dict(merges)
    while level:
        rows = db.session.execute(
            select(Paragraph.lineage_id, parent.lineage_id, Revision.sequence)
            .join(parent, parent.id == Paragraph.parent_id)
            .join(Revision, Revision.id == parent.revision_id)
            .where(
                parent.lineage_id.in_(sorted(level)),
                Revision.state.in_([RevisionState.PUBLISHED, RevisionState.WITHDRAWN]),
                Revision.sequence < (revision.sequence or 0),
            )
        ).all()
        last: dict[int, int] = {}
        for _, top, sequence in rows:
            last[top] = max(last.get(top, sequence or 0), sequence or 0)
        level = {
            child: level[top]
            for child, top, sequence in rows
            if (sequence or 0) == last[top] and child not in below and child not in merges
        }
        below |= level
    continued = db.session.scalars(
        select(Paragraph.lineage_id).where(
            Paragraph.revision_id == revision.id, Paragraph.lineage_id.in_(sorted(below))
        )
    )
    for lineage_id in continued:
        below.pop(lineage_id, None)
    return below


class _ParagraphWriter:
    """Stores a Document's paragraphs in reading order, each in the lineage it continues: all
    of them planned first, then written with one INSERT for the new lineages and one per
    nesting level of paragraphs (a sub-paragraph names its parent's id)."""

    def __init__(self, revision: Revision, previous: dict[str, _Continued]) -> None:
        self.revision = revision
        self.previous = previous
        self.planned: list[_PlannedParagraph] = []
        #: Old paragraphs merged into a new one that continues another: their lineage, and
        #: the planned paragraph that took them in.
        self.merged: list[tuple[int, _PlannedParagraph]] = []

    def plan_all(
        self,
        paragraphs: tuple[TextParagraph, ...],
        pairs: list[Pair],
        parent: _PlannedParagraph | None = None,
        parent_path: str = "",
        old_parent_path: str = "",
    ) -> None:
        continuing = _continuations(pairs)
        # A merged paragraph appears in several pairs: its main one names its predecessor.
        by_new = {pair.new.label: pair for pair in pairs if pair.new is not None} | continuing
        planned_here: dict[str, _PlannedParagraph] = {}
        for text in paragraphs:
            pair = by_new.get(text.label)
            old = None
            if pair is not None and pair.old is not None:
                old = self.previous.get(_path(old_parent_path, pair.old))
            continues = old is not None and text.label in continuing
            path = _path(parent_path, text)
            row = _PlannedParagraph(
                values={
                    "revision_id": self.revision.id,
                    "position": len(self.planned),
                    "kind": text.kind.value,
                    "label": text.label,
                    "path": path,
                    "text": text.text,
                    "change": pair.change.value if pair is not None else Change.ADDED.value,
                    "previous_id": old.id if old is not None else None,
                    "similarity": pair.similarity if pair is not None else 0.0,
                },
                depth=parent.depth + 1 if parent is not None else 0,
                parent=parent,
                lineage_id=old.lineage_id if continues and old is not None else None,
                split_from_id=old.lineage_id if old is not None and not continues else None,
            )
            self.planned.append(row)
            planned_here[text.label] = row
            if text.subparagraphs:
                old_path = _path(old_parent_path, pair.old) if pair and pair.old else ""
                subpairs = list(pair.subpairs) if pair is not None and old is not None else []
                self.plan_all(text.subparagraphs, subpairs, row, path, old_path)
        for pair in pairs:
            # The lesser parts of a merge: their old paragraph ends in the one it became.
            if pair.change != Change.MERGED or pair.main or pair.old is None or pair.new is None:
                continue
            old = self.previous.get(_path(old_parent_path, pair.old))
            into = planned_here.get(pair.new.label)
            if old is not None and into is not None:
                self.merged.append((old.lineage_id, into))

    def write(self) -> None:
        """Insert the new lineages, then the paragraphs level by level."""
        fresh = [row for row in self.planned if row.lineage_id is None]
        if fresh:
            ids = db.session.scalars(
                insert(Lineage).returning(Lineage.id, sort_by_parameter_order=True),
                [
                    {
                        "negotiation_id": self.revision.negotiation_id,
                        "split_from_id": r.split_from_id,
                    }
                    for r in fresh
                ],
            ).all()
            for row, lineage_id in zip(fresh, ids, strict=True):
                row.lineage_id = lineage_id
        depths = sorted({row.depth for row in self.planned})
        for depth in depths:
            level = [row for row in self.planned if row.depth == depth]
            rows = [
                row.values
                | {
                    "lineage_id": row.lineage_id,
                    "parent_id": row.parent.id if row.parent is not None else None,
                }
                for row in level
            ]
            # Only a level with sub-paragraphs below needs its ids back (for their parent_id).
            read_ids = depth != depths[-1]
            ids = _insert_paragraphs(rows, read_ids=read_ids)
            for row, paragraph_id in zip(level if read_ids else [], ids, strict=True):
                row.id = paragraph_id
        record_merges(
            {merged: into.lineage_id for merged, into in self.merged if into.lineage_id},
            self.revision,
        )


#: One revision's paragraphs, sent to PostgreSQL as one JSON parameter and read by the server
#: into rows of the table's own types.
_INSERT_PARAGRAPHS_FROM_JSON = """
INSERT INTO paragraphs ({columns})
SELECT {columns} FROM json_populate_recordset(NULL::paragraphs, :rows)"""


def _insert_paragraphs(rows: list[dict[str, object]], *, read_ids: bool) -> list[int]:
    """Insert paragraph rows (every row with the same keys, distinct positions) and, when
    `read_ids`, return their ids in the rows' order (else nothing is read back). On PostgreSQL
    the rows go as one JSON parameter, read by the server: a multi-row INSERT of 200 paragraphs
    with 2,400 bound values cost the web worker five times the CPU. Elsewhere, SQLAlchemy's
    multi-row INSERT."""
    if db.session.get_bind().dialect.name != "postgresql":
        if not read_ids:
            db.session.execute(insert(Paragraph), rows)
            return []
        return list(
            db.session.scalars(
                insert(Paragraph).returning(Paragraph.id, sort_by_parameter_order=True), rows
            )
        )
    columns = ", ".join(Paragraph.__table__.c[name].name for name in rows[0])
    statement = _INSERT_PARAGRAPHS_FROM_JSON.format(columns=columns)
    stored = db.session.execute(
        sql_text(statement + (" RETURNING id, position" if read_ids else "")),
        {"rows": json.dumps(rows)},
    )
    if not read_ids:
        return []
    by_position = {position: paragraph_id for paragraph_id, position in stored}
    return [by_position[row["position"]] for row in rows]


def _store_paragraphs(
    revision: Revision, document: Document, alignment: Alignment | None, previous: Revision | None
) -> None:
    previous_rows = {}
    if previous is not None:
        previous_rows = {
            path: _Continued(paragraph_id, lineage_id)
            for path, paragraph_id, lineage_id in db.session.execute(
                select(Paragraph.path, Paragraph.id, Paragraph.lineage_id).where(
                    Paragraph.revision_id == previous.id
                )
            )
        }
    pairs = list(alignment.pairs) if alignment is not None else []
    writer = _ParagraphWriter(revision, previous_rows)
    writer.plan_all(document.paragraphs, pairs)
    writer.write()
    # The revision's paragraphs are read again from the database when next asked for.
    db.session.expire(revision, ["paragraphs"])


class StaleReview(Conflict):
    """The preview was reviewed against a text that is no longer the latest published one:
    its comparison, pairing and carried comments no longer say what publishing would do."""


class MeetingNotConfirmed(Conflict):
    """A meeting is being held on the latest text, and publishing during it was not confirmed
    (or was confirmed for another meeting): the room would be left working on a superseded
    text without the co-facilitator publishing having been told."""


#: `reviewed_against` of a program publishing without a review page (the demo, scripts):
#: the preview is aligned with whatever text is the latest when it is published.
UNREVIEWED: Final = "unreviewed"


def meeting_superseded_by_publishing(
    negotiation: Negotiation, latest_id: int | None
) -> Meeting | None:
    """The meeting being held on the latest text (`latest_id`), which publishing another text
    would leave working on a superseded one; None when no meeting is open, or the one open is
    held on an older text already."""
    held = open_meeting(negotiation)
    if held is None or latest_id is None or held.base_revision_id != latest_id:
        return None
    return held


def _check_meeting_confirmed(
    revision: Revision, latest_id: int | None, during_meeting: int | None | Literal["unreviewed"]
) -> None:
    """Refuse, with MeetingNotConfirmed, to publish during a meeting held on the latest text
    unless the co-facilitator confirmed publishing during that very meeting."""
    held = meeting_superseded_by_publishing(revision.negotiation, latest_id)
    if held is None or isinstance(during_meeting, str) or during_meeting == held.id:
        return
    base = held.base_revision.label
    raise MeetingNotConfirmed(
        f"A meeting is being held on {base} now ({held.round.title}, started by "
        f"{held.started_by.name} at {written_moment(held.started_at)}): published now, "
        f"{revision.label} would leave the room working on a superseded text. Nothing was "
        f"published or sent: confirm on the review page that {revision.label} is to be "
        "published during the meeting."
    )


def publish_revision(
    user: Actor,
    revision: Revision,
    reviewed_against: int | None | Literal["unreviewed"] = UNREVIEWED,
    during_meeting: int | None | Literal["unreviewed"] = UNREVIEWED,
) -> Revision:
    """Publish a preview: it becomes the next revision, immutable, with lineage computed once
    (with the pairing the co-facilitators corrected in the preview). `reviewed_against`: the
    id of the published text the co-facilitator's review compared it with (None: nothing was
    published then); when another text is the latest now, nothing is published.
    `during_meeting`: the meeting held on the latest text that the co-facilitator confirmed
    publishing during (None: none); while a meeting is held on it, nothing is published
    unless it is that meeting (MeetingNotConfirmed). A program publishing without a review
    page leaves both UNREVIEWED."""
    actor = require_facilitation(user, revision.negotiation)
    negotiation = revision.negotiation
    if revision.state != RevisionState.PREVIEW:
        raise Conflict(f"{revision.label} is not an unpublished preview; nothing was changed.")
    hold_circulation(negotiation)
    circulated = circulation(negotiation)
    if revision.id in circulated.ids:
        # Published from another tab since this request read it (read again under the lock).
        raise Conflict(f"{revision.label} is not an unpublished preview; nothing was changed.")
    if not isinstance(reviewed_against, str) and reviewed_against != circulated.latest_id:
        done = "Nothing was published or sent."
        if revision.preview_pairing:
            # Kept with the preview, but chosen among the labels of the earlier text.
            done += " The pairing set on the preview was chosen against the earlier text: check it."
        raise StaleReview(
            stale_review_message(negotiation, reviewed_against, circulated.latest_id, done)
        )
    _check_meeting_confirmed(revision, circulated.latest_id, during_meeting)
    previous = _read_with_texts(revision, circulated.latest_id)
    problem = publication_problem(revision, previous, circulated.labels)
    if problem:
        raise Invalid(problem)
    document = revision.document
    alignment = (
        align_documents(previous.document, document, revision.preview_pairing or {})
        if previous
        else None
    )
    # Withdrawn texts keep their number, so the next one takes the one after the highest.
    revision.sequence = circulated.highest_sequence + 1
    revision.state = RevisionState.PUBLISHED
    revision.published_at = utcnow()
    revision.published_by = actor
    # A circulated text opens the consultations on it (the status stays as set otherwise:
    # under silence, concluded, or already in consultations).
    if negotiation.status == NegotiationStatus.DRAFTING:
        negotiation.status = NegotiationStatus.CONSULTATIONS
    # Claims the number first: a publication racing this one fails here, storing nothing.
    _settle_publication(db.session.flush)
    _store_paragraphs(revision, document, alignment, previous)
    store_structure(revision, document)
    counts = document.counts()
    record(
        actor,
        "revision.publish",
        f"Published {revision.label} ({counts['preambular']} PP, {counts['operative']} OP)",
        negotiation=negotiation,
        revision_id=revision.id,
        **acting_details(actor, negotiation),
    )
    signals.revision_published.send(actor, revision=revision)
    _settle_publication(db.session.commit)
    return revision


def hold_circulation(negotiation: Negotiation) -> None:
    """Take the negotiation's row until commit (PostgreSQL; SQLite has one writer anyway):
    publications and withdrawals of one negotiation then run one after the other, each
    reading what the one before circulated, so a review checked against the latest text
    stays checked until the publication is stored. The lock is `FOR NO KEY UPDATE`: every row
    written with the negotiation's id (a comment, an event) takes `FOR KEY SHARE` on it, which
    `FOR UPDATE` would make wait, and a comment committing while holding the events' order
    deadlocked with a publication waiting for that order."""
    db.session.execute(
        select(Negotiation.id)
        .where(Negotiation.id == negotiation.id)
        .with_for_update(key_share=True)
    ).all()


def stale_review_message(
    negotiation: Negotiation, reviewed_against: int | None, latest_id: int | None, done: str
) -> str:
    """What changed since the preview was reviewed (against `reviewed_against`; the latest
    text is now `latest_id`), what to do, and `done`: what was not done."""
    latest = db.session.get(Revision, latest_id) if latest_id else None
    again = f"review it again against {latest.label}" if latest else "review it again"
    reviewed = db.session.get(Revision, reviewed_against) if reviewed_against else None
    if reviewed is not None and reviewed.negotiation_id != negotiation.id:
        reviewed = None
    if reviewed is not None and reviewed.state == RevisionState.WITHDRAWN:
        change = f"{reviewed.label} was withdrawn since you reviewed this preview"
    elif latest is not None and (reviewed is not None or reviewed_against is None):
        change = f"{latest.label} was circulated since you reviewed this preview"
    else:
        change = "The page you sent this from did not say which text you reviewed it against"
    return f"{change}; {again}. {done}"


def _read_with_texts(preview: Revision, previous_id: int | None) -> Revision | None:
    """The revision `previous_id` (None: none), read with its parsed text in one query that
    also reads the preview's when not read yet."""
    wanted = [previous_id] if previous_id is not None else []
    if "document_data" in inspect(preview).unloaded:
        wanted.append(preview.id)
    if not wanted:
        return None
    found = {
        revision.id: revision
        for revision in db.session.scalars(
            select(Revision).where(Revision.id.in_(wanted)).options(undefer(Revision.document_data))
        )
    }
    return found[previous_id] if previous_id is not None else None


def _settle_publication(step: Callable[[], None]) -> None:
    """Flush or commit a publication; when another revision took its number at the same
    moment, nothing is stored and the co-facilitator is told to publish again."""
    try:
        step()
    except IntegrityError as error:
        db.session.rollback()
        raise Conflict(
            "Another revision was published at the same moment; nothing was published or "
            "sent: review this preview again against it."
        ) from error


def pairing_stamp(old: Revision | None, new: Revision) -> int:
    """The latest pairing correction that changes how `new` is marked (against `old`, or
    against the revision before it): corrections on revisions after `old`, up to `new`.

    A correction re-pairs a paragraph with the previous revision: it changes that revision's
    change marks and the lineages of it and every later revision, so only pairs that straddle
    it compare differently. 0 when there was none. Rendered texts are stored under this stamp.
    """
    return _latest_correction(new.negotiation_id, *pairing_span(old, new))


def pairing_span(old: Revision | None, new: Revision) -> tuple[int, int]:
    """The revisions whose corrections `pairing_stamp` counts: numbered after the first
    (excluded) up to the second."""
    if old is None:
        return (new.sequence or 0) - 1, new.sequence or 0
    low, high = sorted((old.sequence or 0, new.sequence or 0))
    return low, high


def lineage_stamp(revision: Revision) -> int:
    """The latest pairing correction that changed the lineages of the revision's paragraphs:
    one made on it or on an earlier revision (0 when there was none)."""
    return _latest_correction(revision.negotiation_id, -1, revision.sequence or 0)


def _latest_correction(negotiation_id: int, after: int, upto: int) -> int:
    """Id of the latest correction on the revisions numbered `after` (excluded) to `upto`."""
    stamp = db.session.scalar(
        _latest_correction_statement(),
        {"negotiation_id": negotiation_id, "after": after, "upto": upto},
    )
    return stamp or 0


@cache
def _latest_correction_statement() -> Select[int | None]:
    """The query of `_latest_correction`, built once: every draft and compare page asks it."""
    return select(
        latest_correction_column(
            bindparam("negotiation_id", type_=Integer),
            bindparam("after", type_=Integer),
            bindparam("upto", type_=Integer),
        )
    )


def latest_correction_column(
    negotiation_id: ColumnElement[int], after: ColumnElement[int], upto: ColumnElement[int]
) -> ScalarSelect[int | None]:
    """`_latest_correction` as a query column (None for none), to be read with what a page
    asks first; `pairing_span` says which revisions a pairing stamp covers."""
    return (
        select(func.max(LineageCorrection.id))
        .join(Paragraph, Paragraph.id == LineageCorrection.paragraph_id)
        .join(Revision, Revision.id == Paragraph.revision_id)
        .where(
            Revision.negotiation_id == negotiation_id,
            Revision.sequence > after,
            Revision.sequence <= upto,
        )
        .scalar_subquery()
    )


def paragraph_lineages(revision: Revision) -> dict[int, int]:
    """paragraph id -> lineage id for every paragraph of the revision (one narrow query)."""
    return dict(
        db.session.execute(
            select(Paragraph.id, Paragraph.lineage_id).where(Paragraph.revision_id == revision.id)
        ).all()
    )


def correct_lineage(
    user: Actor,
    paragraph: Paragraph,
    continues: Paragraph | None,
    *,
    replace_earlier: bool = False,
) -> Paragraph:
    """A co-facilitator says which paragraph of the previous revision this one continues (or
    that it is new). The paragraph and its continuations in later revisions follow; the
    correction is kept on record. A correction that would undo an earlier one is refused
    unless `replace_earlier` says so."""
    revision = paragraph.revision
    actor = require_facilitation(user, revision.negotiation)
    if not revision.is_published or paragraph.parent_id is not None:
        raise Invalid("Only top-level paragraphs of a published revision can be re-paired.")
    previous = previous_published(revision)
    if continues is not None and (
        previous is None or continues.revision_id != previous.id or continues.parent_id
    ):
        raise Invalid("Choose a paragraph of the previous revision.")
    old_lineage = paragraph.lineage
    undone = ""
    if continues is None:
        target = Lineage(negotiation_id=revision.negotiation_id)
        db.session.add(target)
        db.session.flush()
    else:
        target = continues.lineage
        if target.id == old_lineage.id:
            raise Invalid(f"{paragraph.label} already continues {continues.label}.")
        undone = earlier_correction_undone(paragraph, target.id)
        if undone and not replace_earlier:
            raise Conflict(
                f"{undone} Nothing was changed; confirm that this correction replaces it."
            )
    if target.merged_into_id is not None:
        _undo_merge(target, revision)
    later = _revisions_from(revision)
    displaced = [p for p in _lineage_rows(target.id, later) if p.revision_id == revision.id]
    moving = _lineage_rows(old_lineage.id, later)
    if displaced:
        # The paragraph that held the target lineage in this revision starts a lineage of its own.
        fresh = Lineage(negotiation_id=revision.negotiation_id)
        db.session.add(fresh)
        db.session.flush()
        for row in _lineage_rows(target.id, later):
            row.lineage_id = fresh.id
        for row in displaced:
            row.previous_id, row.change, row.similarity = None, Change.ADDED, 0.0
    for row in moving:
        row.lineage_id = target.id
    paragraph.previous_id = continues.id if continues else None
    if continues is None:
        paragraph.change, paragraph.similarity = Change.ADDED, 0.0
    else:
        paragraph.change = _change_from(continues, paragraph)
        paragraph.similarity = similarity(continues.text, paragraph.text)
    db.session.add(
        LineageCorrection(
            paragraph=paragraph,
            continues=continues,
            previous_lineage_id=old_lineage.id,
            new_lineage_id=target.id,
            user=actor,
        )
    )
    record(
        actor,
        "lineage.correct",
        f"{revision.label} {paragraph.label} now continues "
        + (f"{previous.label} {continues.label}" if continues and previous else "no paragraph")
        + (f" (replacing an earlier correction: {undone})" if undone else ""),
        negotiation=revision.negotiation,
        paragraph_id=paragraph.id,
        **acting_details(actor, revision.negotiation),
    )
    db.session.commit()
    return paragraph


def _change_from(before: Paragraph, paragraph: Paragraph) -> Change:
    """How a paragraph continuing `before` alone changed it."""
    same = " ".join(before.text.split()) == " ".join(paragraph.text.split())
    return Change.UNCHANGED if same else Change.MODIFIED


def _undo_merge(merged: Lineage, revision: Revision) -> None:
    """A paragraph of `revision` continues the lineage `merged` again: it was not merged into
    the paragraph that took it in, which, when it took in no other, just continues its own."""
    target = merged.merged_into_id
    if target is None:
        return
    into = db.session.scalar(
        select(Paragraph).where(
            Paragraph.revision_id == revision.id, Paragraph.lineage_id == target
        )
    )
    # Its sub-paragraphs, which ended with it (`record_merges`), are no longer merged either.
    undone = [merged.id, *_ending_below({merged.id: target}, revision)]
    others = db.session.scalar(
        select(func.count(Lineage.id)).where(
            Lineage.merged_into_id == target, Lineage.id.not_in(undone)
        )
    )
    for lineage in db.session.scalars(
        select(Lineage).where(Lineage.id.in_(undone), Lineage.merged_into_id == target)
    ):
        lineage.merged_into_id = None
    if into is not None and not others and into.change == Change.MERGED:
        before = into.previous
        into.change = _change_from(before, into) if before is not None else Change.ADDED


def earlier_correction_undone(paragraph: Paragraph, target_lineage_id: int) -> str:
    """What an earlier hand correction would lose if `paragraph` took `target_lineage_id`:
    the paragraph of the same revision holding that lineage was put there by hand. Empty
    when nothing would be lost."""
    holder = db.session.scalar(
        select(Paragraph).where(
            Paragraph.revision_id == paragraph.revision_id,
            Paragraph.lineage_id == target_lineage_id,
            Paragraph.id != paragraph.id,
        )
    )
    if holder is None:
        return _earlier_merge_undone(paragraph, target_lineage_id)
    earlier = db.session.scalar(
        select(LineageCorrection)
        .where(
            LineageCorrection.paragraph_id == holder.id,
            LineageCorrection.new_lineage_id == target_lineage_id,
        )
        .order_by(LineageCorrection.id.desc())
        .limit(1)
    )
    if earlier is None:
        return ""
    old = earlier.continues.label if earlier.continues else "no paragraph"
    return (
        f"{earlier.user.name} recorded on {written_day(earlier.created_at)} that "
        f"{holder.label} continues {old}; this correction would undo it."
    )


def _earlier_merge_undone(paragraph: Paragraph, target_lineage_id: int) -> str:
    """What giving the lineage to `paragraph` would undo of a merge recorded by hand into its
    revision: a merge the aligner found is nobody's correction and is undone silently."""
    earlier = db.session.scalar(
        select(LineageCorrection)
        .join(Paragraph, Paragraph.id == LineageCorrection.paragraph_id)
        .join(Lineage, Lineage.id == LineageCorrection.previous_lineage_id)
        .where(
            Paragraph.revision_id == paragraph.revision_id,
            LineageCorrection.kind == "merge",
            LineageCorrection.previous_lineage_id == target_lineage_id,
            Lineage.merged_into_id == LineageCorrection.new_lineage_id,
        )
        .order_by(LineageCorrection.id.desc())
        .limit(1)
    )
    if earlier is None:
        return ""
    old = earlier.continues.label if earlier.continues else "a paragraph"
    return (
        f"{earlier.user.name} recorded on {written_day(earlier.created_at)} that "
        f"{earlier.paragraph.label} also takes in (merged) {old}; this correction would undo it."
    )


def _revisions_from(revision: Revision) -> list[int]:
    return list(
        db.session.scalars(
            select(Revision.id).where(
                Revision.negotiation_id == revision.negotiation_id,
                Revision.state == RevisionState.PUBLISHED,
                Revision.sequence >= (revision.sequence or 0),
            )
        )
    )


def _lineage_rows(lineage_id: int, revision_ids: list[int]) -> list[Paragraph]:
    return list(
        db.session.scalars(
            select(Paragraph).where(
                Paragraph.lineage_id == lineage_id, Paragraph.revision_id.in_(revision_ids)
            )
        )
    )


def lineage_history(user: Actor, paragraph: Paragraph) -> list[Paragraph]:
    """Every published version of the paragraph's lineage, oldest first; for a part split off
    another paragraph, that paragraph's versions before the split come first."""
    get_negotiation(user, paragraph.revision.negotiation_id)
    steps: list[Paragraph] = []
    lineage: Lineage | None = paragraph.lineage
    before: int | None = None
    while lineage is not None:
        query = (
            select(Paragraph)
            .join(Revision)
            .where(Paragraph.lineage_id == lineage.id, Revision.state == RevisionState.PUBLISHED)
            .order_by(Revision.sequence)
        )
        if before is not None:
            query = query.where(Revision.sequence < before)
        rows = list(db.session.scalars(query))
        steps = rows + steps
        if rows:
            before = rows[0].revision.sequence
        lineage = lineage.split_from
    return steps


def split_notes(steps: list[Paragraph]) -> dict[int, str]:
    """For each step of a history where an old paragraph was split, where the other part went
    (`part became OP7`, for the paragraph that continues it; `the rest continues as OP6`, for
    a part split off), by the step's paragraph id."""
    split = [s for s in steps if s.change == Change.SPLIT.value and s.previous_id is not None]
    if not split:
        return {}
    partners = db.session.scalars(
        select(Paragraph)
        .where(
            or_(
                *(
                    and_(
                        Paragraph.revision_id == s.revision_id,
                        Paragraph.previous_id == s.previous_id,
                    )
                    for s in split
                )
            ),
            Paragraph.parent_id.is_(None),
        )
        .order_by(Paragraph.position)
    ).all()
    notes = {}
    for step in split:
        others = [
            p.label
            for p in partners
            if p.revision_id == step.revision_id
            and p.previous_id == step.previous_id
            and p.id != step.id
        ]
        if not others:
            continue
        named = " and ".join(others)
        continues = step.previous is not None and step.lineage_id == step.previous.lineage_id
        notes[step.id] = f"part became {named}" if continues else f"the rest continues as {named}"
    return notes


def merge_notes(steps: list[Paragraph]) -> dict[int, str]:
    """For each step of a history where paragraphs were merged, what: the old paragraphs a
    merged step took in (`also took in Zero draft PP10`) and, for the last step of a
    paragraph merged away, the one it went into (`went into Rev.1 PP10`), by the
    step's paragraph id."""
    notes: dict[int, list[str]] = {}
    for step in steps:
        if step.change != Change.MERGED.value or step.previous is None:
            continue
        # Lineages merged into this one whose last paragraph stood just before this step.
        later = aliased(Paragraph)
        taken = db.session.scalars(
            select(Paragraph)
            .join(Lineage, Lineage.id == Paragraph.lineage_id)
            .where(
                Lineage.merged_into_id == step.lineage_id,
                Paragraph.revision_id == step.previous.revision_id,
                ~select(later.id)
                .where(later.lineage_id == Lineage.id, later.revision_id == step.revision_id)
                .exists(),
            )
            .order_by(Paragraph.position)
        ).all()
        # A paragraph taken in brings its sub-paragraphs with it: it alone is named.
        taken = [p for p in taken if p.parent_id not in {t.id for t in taken}]
        if taken:
            named = " and ".join(p.path for p in taken)
            notes.setdefault(step.id, []).append(
                f"also took in {step.previous.revision.label} {named}"
            )
    last = steps[-1] if steps else None
    if last is not None and last.lineage.merged_into_id is not None:
        into = db.session.scalar(
            select(Paragraph)
            .join(Revision)
            .where(
                Paragraph.lineage_id == last.lineage.merged_into_id,
                Revision.state == RevisionState.PUBLISHED,
                Revision.sequence > (last.revision.sequence or 0),
            )
            .order_by(Revision.sequence)
            .limit(1)
        )
        if into is not None:
            notes.setdefault(last.id, []).append(f"went into {into.revision.label} {into.path}")
    return {step_id: "; ".join(parts) for step_id, parts in notes.items()}


def previous_and_latest_published(revision: Revision) -> tuple[Revision | None, Revision | None]:
    """The published revision before this one (for a preview: the latest published) and the
    latest published one, in one query (a revision's page shows both)."""
    if revision.state == RevisionState.PREVIEW or revision.sequence is None:
        latest = latest_published(revision.negotiation)
        return latest, latest
    found = db.session.scalars(
        _previous_and_latest_statement(),
        {"negotiation_id": revision.negotiation_id, "sequence": revision.sequence},
    ).all()
    previous = next((r for r in found if (r.sequence or 0) < revision.sequence), None)
    return previous, (found[-1] if found else None)


@cache
def _previous_and_latest_statement() -> Select[Revision]:
    """The query of `previous_and_latest_published`: the published revisions numbered last
    before `sequence`, and last of all."""
    published = (Revision.negotiation_id == _NEGOTIATION_ID) & (
        Revision.state == RevisionState.PUBLISHED
    )
    newest = select(func.max(Revision.sequence)).where(published)
    before = newest.where(Revision.sequence < bindparam("sequence", type_=Integer))
    return (
        select(Revision)
        .where(
            published,
            Revision.sequence.in_([newest.scalar_subquery(), before.scalar_subquery()]),
        )
        .order_by(Revision.sequence)
    )


def previous_published(revision: Revision) -> Revision | None:
    """The published revision before this one (for a preview: the latest published)."""
    return previous_and_latest_published(revision)[0]


def history_diffs(steps: list[Paragraph]) -> list[tuple[DiffOp, ...]]:
    """For each step of a lineage, the word diff from the step before (empty for the first)."""
    diffs: list[tuple[DiffOp, ...]] = [()]
    for before, after in zip(steps, steps[1:], strict=False):
        diffs.append(word_diff(before.text, after.text))
    return diffs
