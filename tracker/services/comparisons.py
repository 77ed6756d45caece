"""Two stored revisions compared: the one pairing that the compare page, the Word and HTML
comparisons and the commands (`flask compare`, `flask export compare`) all show, read from
the stored lineages with every pairing correction and merge applied, so no two of them can
disagree; and, by the same merges, where a paragraph's lineage stands in a later text
(`standing_in`), which search, what is new and a superseded meeting's pages ask."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Lineage, Paragraph, Revision
from tracker.services import NotFound
from tracker.services.structure import stored_document
from tracker.text.align import Alignment, Change, Pair, align_documents
from tracker.text.diff import similarity, word_diff
from tracker.text.structure_changes import StructureChanges, structure_changes
from tracker.text.styled_runs import ComparedNotes


@dataclass(frozen=True)
class Comparison:
    """Two revisions and the pairs between them, in the newer one's reading order."""

    old: Revision
    new: Revision
    alignment: Alignment

    @property
    def notes(self) -> ComparedNotes:
        """The notes of the two texts, paired (a note renumbered is the same note)."""
        return ComparedNotes.of(self.old.document.footnotes, self.new.document.footnotes)


def _lineage_corrections(old: Revision, new: Revision) -> dict[str, str | None]:
    """Pairs between two stored revisions as the stored lineages say (new label -> old label)."""
    old_by_lineage = {p.lineage_id: p.label for p in old.paragraphs if p.parent_id is None}
    top = [p for p in new.paragraphs if p.parent_id is None]
    split_from: dict[int, int] = {
        lineage_id: split_from_id
        for lineage_id, split_from_id in db.session.execute(
            select(Lineage.id, Lineage.split_from_id).where(
                Lineage.id.in_([p.lineage_id for p in top]), Lineage.split_from_id.is_not(None)
            )
        )
        if split_from_id is not None
    }
    corrections: dict[str, str | None] = {}
    for paragraph in top:
        continued = old_by_lineage.get(paragraph.lineage_id)
        if continued is None:
            # A part split off an old paragraph pairs with it too, so the split shows.
            split = split_from.get(paragraph.lineage_id)
            continued = old_by_lineage.get(split) if split is not None else None
        corrections[paragraph.label] = continued
    return corrections


def compare_revisions(old: Revision, new: Revision) -> Comparison:
    """Pair two published revisions of one negotiation by their stored lineages (pairing
    corrections and merges included) and diff them: the pairing every comparison of stored
    texts shows, on the page, in the exports and from the commands."""
    if old.negotiation_id != new.negotiation_id:
        raise NotFound("Both revisions must belong to the same negotiation.")
    alignment = align_documents(old.document, new.document, _lineage_corrections(old, new))
    return Comparison(old=old, new=new, alignment=_with_merges(alignment, old, new))


def compared_structure(old: Revision, new: Revision, alignment: Alignment) -> StructureChanges:
    """The section headings and sponsors of two published revisions compared, as stored,
    placed among the alignment's pairs."""
    return structure_changes(stored_document(old), stored_document(new), alignment.pairs)


def merged_into(revision: Revision) -> dict[int, int]:
    """merged lineage id -> the lineage of one of the revision's paragraphs it was merged
    into (one query, however long the text)."""
    here = select(Paragraph.lineage_id).where(Paragraph.revision_id == revision.id)
    rows = db.session.execute(
        select(Lineage.id, Lineage.merged_into_id).where(Lineage.merged_into_id.in_(here))
    ).all()
    return {lineage_id: target for lineage_id, target in rows if target is not None}


def _with_merges(alignment: Alignment, old: Revision, new: Revision) -> Alignment:
    """The alignment with recorded merges shown as the aligner shows a merge it finds: an old
    paragraph merged into a new one is paired with it as `merged` instead of shown deleted,
    beside the pair that continues the new paragraph's lineage (itself `merged`, the main
    part), each naming the others."""
    new_by_lineage = {p.lineage_id: p.label for p in new.paragraphs if p.parent_id is None}
    merged = {m: t for m, t in merged_into(new).items() if t in new_by_lineage}
    if not merged:
        return alignment
    new_texts = {p.label: p for p in new.document.paragraphs}
    old_label_target = {
        p.label: new_by_lineage[merged[p.lineage_id]]
        for p in old.paragraphs
        if p.parent_id is None and p.lineage_id in merged
    }
    # The old paragraphs merged away, as the stored lineages pair them: with no paragraph.
    merged_away: dict[str, Pair] = {}
    for pair in alignment.pairs:
        if pair.old is not None and pair.new is None:
            target = old_label_target.get(pair.old.label)
            if target is not None and target in new_texts:
                merged_away[pair.old.label] = replace(
                    pair,
                    new=new_texts[target],
                    change=Change.MERGED,
                    similarity=similarity(pair.old.full_text(), new_texts[target].full_text()),
                    diff=word_diff(pair.old.full_text(), new_texts[target].full_text()),
                    manual=True,
                    main=False,
                )
    if not merged_away:
        return alignment
    # new label -> the pairs that make it up: the one continuing it and those merged into it.
    groups: dict[str, list[Pair]] = {pair.new_label or "": [] for pair in merged_away.values()}
    for pair in alignment.pairs:
        if pair.old is not None and pair.new is not None and pair.new.label in groups:
            groups[pair.new.label].append(pair)
    for pair in merged_away.values():
        groups[pair.new_label or ""].append(pair)
    old_order = {p.label: position for position, p in enumerate(old.document.paragraphs)}
    for label, members in groups.items():
        members.sort(key=lambda member: old_order.get(member.old_label or "", 0))
        olds = [member.old_label or "" for member in members]
        groups[label] = [
            member
            if member.change == Change.SPLIT  # also a part split off another: said so
            else replace(
                member,
                change=Change.MERGED,
                related=tuple(other for other in olds if other != member.old_label),
            )
            for member in members
        ]
    pairs: list[Pair] = []
    for pair in alignment.pairs:
        if pair.old_label in merged_away and pair.new is None:
            continue  # shown with the paragraph it was merged into
        label = pair.new_label or ""
        if pair.old is None or label not in groups:
            pairs.append(pair)
            if pair.old is None and label in groups:  # merged into a paragraph otherwise new
                pairs.extend(groups.pop(label))
            continue
        pairs.extend(groups.pop(label, []))
    return Alignment(tuple(pairs))


def standing_in(revision: Revision, lineages: Iterable[int | None]) -> dict[int, Paragraph]:
    """lineage id -> the paragraph of the revision it now stands as, for these lineages: its
    own, or for a lineage merged into another the paragraph it was merged into; lineages not
    in the revision are left out (two queries, however long the text)."""
    wanted = {lineage for lineage in lineages if lineage is not None}
    if not wanted:
        return {}
    merged = {old: new for old, new in merged_into(revision).items() if old in wanted}
    here = {
        paragraph.lineage_id: paragraph
        for paragraph in db.session.scalars(
            select(Paragraph).where(
                Paragraph.revision_id == revision.id,
                Paragraph.lineage_id.in_(sorted((wanted - set(merged)) | set(merged.values()))),
            )
        )
    }
    standing = {lineage: here[lineage] for lineage in wanted if lineage in here}
    standing |= {old: here[new] for old, new in merged.items() if new in here}
    return standing
