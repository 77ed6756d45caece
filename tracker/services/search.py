"""Search within one negotiation: the paragraphs of its latest text and the comments and
proposals the person may see that hold the words and phrases asked for.

Unlike the library (hundreds of thousands of paragraphs, hence FTS5 and PostgreSQL full-text
indexes), a negotiation is small: a few hundred paragraphs per revision, a few thousand
comments. So the database reads the rows of this one negotiation through the indexes it
already has (paragraphs by revision, comments by negotiation) and checks each with
`unaccent(text) ILIKE '%words%'` (`library.holds_wording`), the same on SQLite and PostgreSQL:
no index to keep in step, no query syntax a person could get wrong (`%`, `_`, quotes and FTS
operators are characters like any other), phrases and parts of words found as typed, and the
work bounded by the negotiation's size, the query's length and number of terms
(`tracker.text.highlight.MAX_QUERY`, `MAX_TERMS`), with at most PARAGRAPHS_SHOWN paragraphs
and a page of COMMENTS_PAGE comments read per request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload

from tracker.extensions import db
from tracker.models import Comment, Negotiation, Paragraph, Revision, RevisionState, User
from tracker.services.access import Actor, can_see, get_negotiation, visible_comments
from tracker.services.comments import (
    CommentView,
    Pager,
    load_joins,
    pager,
    view_of,
)
from tracker.services.library import holds_wording
from tracker.services.pairing import merged_into
from tracker.services.revisions import latest_published
from tracker.text.highlight import QueryTooLong, Segment, highlighted, query_terms

#: Paragraphs of the latest text listed at most; past that the page asks for more words.
PARAGRAPHS_SHOWN = 100
#: Comments and proposals per page of results.
COMMENTS_PAGE = 20


@dataclass(frozen=True)
class ParagraphHit:
    """A paragraph of the latest text that holds every term, with the passage that does."""

    paragraph: Paragraph
    passage: tuple[Segment, ...]


@dataclass(frozen=True)
class CommentHit:
    """A comment or proposal that holds every term: as its card shows it (`view`, placed on
    the paragraph as it now stands), with the passages of its text and of its proposed
    wording that hold them (`proposal` empty when the wording holds none)."""

    view: CommentView
    passage: tuple[Segment, ...]
    proposal: tuple[Segment, ...]

    @property
    def comment(self) -> Comment:
        return self.view.comment


@dataclass
class NegotiationSearch:
    """What a search within a negotiation found."""

    negotiation: Negotiation
    query: str
    terms: tuple[str, ...] = ()
    #: The text whose paragraphs were searched; None before any was circulated.
    latest: Revision | None = None
    paragraphs: list[ParagraphHit] = field(default_factory=list)
    #: How many paragraphs hold the terms (more than are listed past PARAGRAPHS_SHOWN).
    paragraph_total: int = 0
    comments: list[CommentHit] = field(default_factory=list)
    page: Pager | None = None
    #: Why the query was not run, said to the person who typed it.
    problem: str = ""


def _holding_all(terms: tuple[str, ...], *columns: Any) -> list[ColumnElement[bool]]:
    """Each term in one of the columns (a comment's text or its proposed wording)."""
    return [or_(*(holds_wording(column, term) for column in columns)) for term in terms]


def _matching_paragraphs(revision: Revision, terms: tuple[str, ...]) -> Select[Any]:
    return select(Paragraph).where(
        Paragraph.revision_id == revision.id, *_holding_all(terms, Paragraph.text)
    )


def _matching_comments(
    user: Actor, negotiation: Negotiation, terms: tuple[str, ...]
) -> Select[Any]:
    """The negotiation's comments the user may see (`access.visible_comments`, as every list
    of comments asks) that hold every term, on the texts comments are made on."""
    return (
        select(Comment)
        .join(Revision, Comment.revision_id == Revision.id)
        .where(
            Comment.negotiation_id == negotiation.id,
            # Comments made on a text later withdrawn still count, as on the draft view.
            Revision.state.in_([RevisionState.PUBLISHED, RevisionState.WITHDRAWN]),
            visible_comments(user, negotiation),
            *_holding_all(terms, Comment.body, Comment.proposed_text),
        )
    )


def _count(statement: Select[Any]) -> int:
    return db.session.scalar(select(func.count()).select_from(statement.subquery())) or 0


def search_negotiation(
    user: Actor, negotiation_id: int, query: str, page: int | str | None = None
) -> NegotiationSearch:
    """Paragraphs of the negotiation's latest text, and the comments and proposals the user may
    see, that hold every word and "quoted phrase" of the query (comments newest first, a page
    at a time)."""
    negotiation = get_negotiation(user, negotiation_id)
    found = NegotiationSearch(negotiation, query=(query or "").strip())
    try:
        found.terms = query_terms(query)
    except QueryTooLong as error:
        found.problem = f"{error} Shorten it and search again."
        return found
    if not found.terms:
        return found
    found.latest = latest_published(negotiation)
    if found.latest is not None:
        _find_paragraphs(found, found.latest)
    _find_comments(found, user, page)
    return found


def _find_paragraphs(found: NegotiationSearch, revision: Revision) -> None:
    statement = _matching_paragraphs(revision, found.terms)
    paragraphs = list(
        db.session.scalars(statement.order_by(Paragraph.position).limit(PARAGRAPHS_SHOWN + 1))
    )
    found.paragraph_total = (
        _count(statement) if len(paragraphs) > PARAGRAPHS_SHOWN else len(paragraphs)
    )
    found.paragraphs = [
        ParagraphHit(paragraph, highlighted(paragraph.text, found.terms, width=600))
        for paragraph in paragraphs[:PARAGRAPHS_SHOWN]
    ]


def _find_comments(found: NegotiationSearch, user: Actor, page: int | str | None) -> None:
    statement = _matching_comments(user, found.negotiation, found.terms)
    found.page = shown = pager(page, _count(statement), COMMENTS_PAGE)
    if not shown.total:
        return
    comments = list(
        db.session.scalars(
            statement.order_by(Comment.id.desc())
            .offset(shown.offset)
            .limit(shown.size)
            .options(
                contains_eager(Comment.revision),
                joinedload(Comment.paragraph),
                joinedload(Comment.delegation),
                joinedload(Comment.author).joinedload(User.delegation),
            )
        )
    )
    # Who joined, for "Mexico, joined by Chile": one query for the page.
    load_joins(comments)
    standing = _paragraphs_now(found.latest, comments)
    for comment in comments:
        if not can_see(user, comment):  # the query asked it; asked again of each, as lists do
            continue
        current = standing.get(comment.lineage_id) if comment.lineage_id is not None else None
        proposed = comment.proposed_text or ""
        proposal = highlighted(proposed, found.terms) if proposed else ()
        found.comments.append(
            CommentHit(
                view_of(comment, current),
                highlighted(comment.body or "", found.terms),
                proposal if any(segment.found for segment in proposal) else (),
            )
        )


def _paragraphs_now(latest: Revision | None, comments: list[Comment]) -> dict[int, Paragraph]:
    """lineage id -> the paragraph of the latest text it now stands as, for the lineages of
    these comments (a lineage merged into another stands as the paragraph it was merged
    into)."""
    lineages = {comment.lineage_id for comment in comments if comment.lineage_id is not None}
    if latest is None or not lineages:
        return {}
    merged = {old: new for old, new in merged_into(latest).items() if old in lineages}
    wanted = (lineages - set(merged)) | set(merged.values())
    here = {
        paragraph.lineage_id: paragraph
        for paragraph in db.session.scalars(
            select(Paragraph).where(
                Paragraph.revision_id == latest.id, Paragraph.lineage_id.in_(wanted)
            )
        )
    }
    standing = {lineage: here[lineage] for lineage in lineages if lineage in here}
    standing |= {old: here[new] for old, new in merged.items() if new in here}
    return standing
