"""Search within one negotiation: the paragraphs of its latest text (or of an earlier one the
person is reading), and the comments,
proposals and replies the person may see, that hold the words and phrases asked for, narrowed
if asked to one delegation, one paragraph or one kind of comment ("what did the EU propose on
OP12?", "everything Brazil said": filters work with words or without).

Unlike the library (hundreds of thousands of paragraphs, hence FTS5 and PostgreSQL full-text
indexes), a negotiation is small: a few hundred paragraphs per revision, a few thousand
comments. So the database reads the rows of this one negotiation through the indexes it already
has (paragraphs by revision, comments by negotiation) and checks each with `unaccent(text) ILIKE
'%word%word%'` and then the term as words (`library.holds_term`: a word at the start of a word,
a phrase as whole words apart by any run of spaces and line breaks, by one regular expression
that PostgreSQL and SQLite read alike), the same on both: no index to keep in step, no query
syntax a person could get wrong (`%`, `_`, quotes and FTS operators are characters like any
other), and the work bounded by the negotiation's size, the query's length and number of terms
(`tracker.text.highlight.MAX_QUERY`, `MAX_TERMS`), with at most PARAGRAPHS_SHOWN paragraphs and
a page of COMMENTS_PAGE comments and one of replies read per request. The filters are conditions
on the same queries: whatever is found, filtered or not, has passed `access.visible_comments` in
the database and `access.can_see` on each row read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, func, or_, select, union
from sqlalchemy.orm import contains_eager, joinedload

from tracker.extensions import db
from tracker.models import (
    Comment,
    CommentJoin,
    CommentKind,
    CommentReply,
    Delegation,
    Lineage,
    Negotiation,
    Paragraph,
    Revision,
    RevisionState,
    User,
)
from tracker.services.access import Actor, can_see, get_negotiation, visible_comments
from tracker.services.comments import (
    CommentView,
    Pager,
    load_joins,
    pager,
    view_of,
)
from tracker.services.comparisons import standing_in
from tracker.services.library import holds_term
from tracker.services.revisions import latest_published
from tracker.text.highlight import QueryTooLong, Segment, Term, highlighted, query_terms
from tracker.text.references import paragraph_reference

#: Paragraphs of the text listed at most; past that the page asks for more words.
PARAGRAPHS_SHOWN = 100
#: Comments and proposals per page of results; replies likewise, on pages of their own.
COMMENTS_PAGE = 20
#: The kinds of comment a search may be narrowed to, as the address names them, with how the
#: page names them ("": every kind, and replies).
KINDS = {
    "": "Everything",
    "proposals": "Proposals only",
    "questions": "Questions only",
}
_KIND_VALUES = {
    "proposals": tuple(kind for kind in CommentKind if kind.is_proposal),
    "questions": (CommentKind.QUESTION,),
}
#: Longest paragraph reference read (`OP12 bis (a) (iii)` and the like are far shorter).
MAX_PARAGRAPH = 40
#: How a paragraph is asked for, said when it is not found.
PARAGRAPH_EXAMPLES = "such as OP12, PP3 or OP2 (b)"


@dataclass(frozen=True)
class SearchFilters:
    """What a search is narrowed to, as the address gives it: a delegation's id, a paragraph's
    path in the text searched, a kind of comment (KINDS), and the text whose paragraphs are
    searched (a revision's id; the latest text when empty); any text, `search_negotiation` says
    what it cannot read."""

    delegation: str = ""
    paragraph: str = ""
    kind: str = ""
    revision: str = ""


@dataclass(frozen=True)
class ParagraphHit:
    """A paragraph of the text searched that holds every term, with the passage that does."""

    paragraph: Paragraph
    passage: tuple[Segment, ...]


@dataclass(frozen=True)
class CommentHit:
    """A comment or proposal found: as its card shows it (`view`, placed on the paragraph as it
    now stands), with the passages of its text and of its proposed wording that hold the terms
    (`proposal` empty when the wording holds none; found without words, their openings)."""

    view: CommentView
    passage: tuple[Segment, ...]
    proposal: tuple[Segment, ...]

    @property
    def comment(self) -> Comment:
        return self.view.comment


@dataclass(frozen=True)
class ReplyHit:
    """A reply in a comment's thread found, with the passage that holds the terms, and
    the paragraph of the text searched the comment replied to stands as (None when on the
    text as a whole or on a paragraph no longer in it)."""

    reply: CommentReply
    passage: tuple[Segment, ...]
    current: Paragraph | None

    @property
    def comment(self) -> Comment:
        return self.reply.comment


@dataclass
class NegotiationSearch:
    """What a search within a negotiation found."""

    negotiation: Negotiation
    query: str
    terms: tuple[Term, ...] = ()
    #: The filters as asked for, to fill the form again (even when they could not be read).
    asked: SearchFilters = field(default_factory=SearchFilters)
    #: The delegations the search may be narrowed to: those who made, joined or replied to a
    #: comment the person may see, groups included, in alphabetical order.
    speakers: list[Delegation] = field(default_factory=list)
    #: The filters read: the delegation, the paragraph of the text searched, the kind (KINDS).
    delegation: Delegation | None = None
    paragraph: Paragraph | None = None
    kind: str = ""
    #: Whether anything was looked for (words, or a filter alone).
    searched: bool = False
    #: The text whose paragraphs were searched (the latest, or the one asked for); None
    #: before any was circulated.
    text: Revision | None = None
    #: The latest text, when an earlier one was asked for (to offer searching it instead).
    newer: Revision | None = None
    #: The earlier text asked for (kept by every link to this search); None for the latest.
    chosen: Revision | None = None
    paragraphs: list[ParagraphHit] = field(default_factory=list)
    #: How many paragraphs hold the terms (more than are listed past PARAGRAPHS_SHOWN).
    paragraph_total: int = 0
    comments: list[CommentHit] = field(default_factory=list)
    page: Pager | None = None
    replies: list[ReplyHit] = field(default_factory=list)
    reply_page: Pager | None = None
    #: Why the query was not run, said to the person who typed it, and which of the form's
    #: fields ("q", "delegation", "paragraph", "kind") hold what could not be read.
    problem: str = ""
    invalid: tuple[str, ...] = ()
    #: The paragraph of the text searched that the query names (`OP3`, `para 5`), if any.
    referenced: Paragraph | None = None
    #: What the person is told beside the results (a paragraph named that the text lacks).
    note: str = ""

    @property
    def goes_to(self) -> Paragraph | None:
        """The paragraph the search takes the person straight to: the one the query names,
        unless narrowed by filters (it is then offered beside what is found)."""
        return None if self.filtered else self.referenced

    @property
    def filtered(self) -> bool:
        return bool(self.delegation or self.paragraph or self.kind)

    @property
    def lists_paragraphs(self) -> bool:
        """Whether paragraphs are looked for: what the text says, not what anyone said, so not
        when narrowed to a delegation or a kind of comment."""
        return self.delegation is None and not self.kind

    def address(self, **changes: str | int | None) -> dict[str, str]:
        """The arguments of a link to this search (the filters as read), with `changes`: a
        page, or None to drop an argument; empty ones left out."""
        arguments: dict[str, str | int | None] = {
            "q": self.query,
            "delegation": self.delegation.id if self.delegation else None,
            "paragraph": self.paragraph.path if self.paragraph else None,
            "kind": self.kind,
            "revision": self.chosen.id if self.chosen else None,
        }
        arguments |= changes
        return {name: str(value) for name, value in arguments.items() if value}

    @property
    def lists_replies(self) -> bool:
        """Whether replies are looked for: not when narrowed to a kind of comment (a reply is
        neither a proposal nor a question)."""
        return not self.kind


def _holding_all(terms: tuple[Term, ...], *columns: Any) -> list[ColumnElement[bool]]:
    """Each term in one of the columns (a comment's text or its proposed wording)."""
    return [or_(*(holds_term(column, term) for column in columns)) for term in terms]


def _matching_paragraphs(found: NegotiationSearch, revision: Revision) -> Select[Any]:
    conditions = _holding_all(found.terms, Paragraph.text)
    if found.paragraph is not None:
        conditions.append(_with_subparagraphs(found.paragraph))
    return select(Paragraph).where(Paragraph.revision_id == revision.id, *conditions)


def _with_subparagraphs(paragraph: Paragraph) -> ColumnElement[bool]:
    """The paragraph and its sub-paragraphs (`OP2`, `OP2 (a)`, `OP2 (a) (i)`; not `OP2 bis`),
    as a condition on the paragraphs of its revision."""
    return or_(
        Paragraph.id == paragraph.id,
        Paragraph.path.startswith(paragraph.path + " (", autoescape=True),
    )


def _on_texts_commented(user: Actor, negotiation: Negotiation) -> list[ColumnElement[bool]]:
    """The negotiation's comments the user may see (`access.visible_comments`, as every list
    of comments asks), on the texts comments are made on: conditions on Comment joined to its
    Revision."""
    return [
        Comment.negotiation_id == negotiation.id,
        # Comments made on a text later withdrawn still count, as on the draft view.
        Revision.state.in_([RevisionState.PUBLISHED, RevisionState.WITHDRAWN]),
        visible_comments(user, negotiation),
    ]


def _filtered_comments(found: NegotiationSearch) -> list[ColumnElement[bool]]:
    """The paragraph filter as a condition on Comment, and the kind filter."""
    conditions: list[ColumnElement[bool]] = []
    if found.paragraph is not None:
        conditions.append(_on_lineages_of(found.paragraph))
    if found.kind:
        conditions.append(Comment.kind.in_(_KIND_VALUES[found.kind]))
    return conditions


def _on_lineages_of(paragraph: Paragraph) -> ColumnElement[bool]:
    """Comments on the paragraph or its sub-paragraphs, whatever text they were made on: on
    their lineages, or on lineages merged into them (as the paragraph's own page places
    them)."""
    here = select(Paragraph.lineage_id).where(
        Paragraph.revision_id == paragraph.revision_id, _with_subparagraphs(paragraph)
    )
    lineages = select(Lineage.id).where(or_(Lineage.id.in_(here), Lineage.merged_into_id.in_(here)))
    return Comment.lineage_id.in_(lineages)


def _made_or_joined_by(delegation: Delegation) -> ColumnElement[bool]:
    """Comments made in the delegation's name, or that it joins (and has not stopped
    joining): "Chile, joined by Mexico" is something Mexico said too."""
    return or_(
        Comment.delegation_id == delegation.id,
        exists().where(
            CommentJoin.comment_id == Comment.id,
            CommentJoin.delegation_id == delegation.id,
            CommentJoin.left_at.is_(None),
        ),
    )


def _matching_comments(user: Actor, found: NegotiationSearch) -> Select[Any]:
    """The comments the user may see that hold every term, on the texts comments are made on,
    within the filters."""
    conditions = _holding_all(found.terms, Comment.body, Comment.proposed_text)
    if found.delegation is not None:
        conditions.append(_made_or_joined_by(found.delegation))
    return (
        select(Comment)
        .join(Revision, Comment.revision_id == Revision.id)
        .where(
            *_on_texts_commented(user, found.negotiation),
            *_filtered_comments(found),
            *conditions,
        )
    )


def _matching_replies(user: Actor, found: NegotiationSearch) -> Select[Any]:
    """Replies that hold every term, in the threads of comments the user may see (a reply is
    seen by whoever sees the comment it answers), within the filters: by the delegation, on
    the paragraph."""
    conditions = _holding_all(found.terms, CommentReply.body)
    if found.delegation is not None:
        conditions.append(CommentReply.delegation_id == found.delegation.id)
    return (
        select(CommentReply)
        .join(Comment, CommentReply.comment_id == Comment.id)
        .join(Revision, Comment.revision_id == Revision.id)
        .where(
            *_on_texts_commented(user, found.negotiation),
            *_filtered_comments(found),
            *conditions,
        )
    )


def _count(statement: Select[Any]) -> int:
    return db.session.scalar(select(func.count()).select_from(statement.subquery())) or 0


def speakers_in(user: Actor, negotiation: Negotiation) -> list[Delegation]:
    """The delegations that made, joined or replied to a comment of the negotiation the user
    may see, groups included, in alphabetical order (one query): those a search may be
    narrowed to. One whose every word is hidden from the user is not named."""
    seen = _on_texts_commented(user, negotiation)
    made = select(Comment.delegation_id).join(Revision, Comment.revision_id == Revision.id)
    joined = (
        select(CommentJoin.delegation_id)
        .join(Comment, CommentJoin.comment_id == Comment.id)
        .join(Revision, Comment.revision_id == Revision.id)
        .where(CommentJoin.left_at.is_(None))
    )
    replied = (
        select(CommentReply.delegation_id)
        .join(Comment, CommentReply.comment_id == Comment.id)
        .join(Revision, Comment.revision_id == Revision.id)
        .where(CommentReply.delegation_id.is_not(None))
    )
    spoke = union(*(statement.where(*seen) for statement in (made, joined, replied)))
    return list(
        db.session.scalars(
            select(Delegation)
            .where(Delegation.id.in_(select(spoke.subquery().c[0])))
            .order_by(Delegation.sort_name, Delegation.id)
        )
    )


def search_negotiation(
    user: Actor,
    negotiation_id: int,
    query: str,
    page: int | str | None = None,
    filters: SearchFilters | None = None,
    reply_page: int | str | None = None,
) -> NegotiationSearch:
    """Paragraphs of the negotiation's latest text (or of the earlier one the filters name), and
    the comments, proposals and replies the user may see, that hold every word and "quoted
    phrase" of the query (comments and replies newest first, a page at a time), within the
    filters, which also work without words:

    - a delegation: what it *made or joined* (a comment by Chile joined by Mexico is Mexico's
      too), and its replies; a comment one of its delegates made for a group it speaks for is
      the group's, found under the group (in the room, speaking for the group is not speaking
      in one's national capacity);
    - a paragraph of the text searched (`OP12`, `PP3`, `OP2 (b)`; case and spaces aside): the
      comments on it and its sub-paragraphs, made on this text or on an earlier one it
      continues, and the replies to them;
    - a kind (KINDS): proposals or questions only, and no replies.

    Paragraphs of the text are listed unless narrowed to a delegation or a kind. A filter
    that cannot be read is said in `problem`, and nothing is looked for. A query that names a
    paragraph of the text searched (`OP3`, `op 3 (a)`, `para 5`) goes to it
    (`goes_to`, nothing else looked for); one the text lacks is said in `note`,
    beside what its words find."""
    negotiation = get_negotiation(user, negotiation_id)
    asked = filters or SearchFilters()
    found = NegotiationSearch(negotiation, query=(query or "").strip(), asked=asked)
    found.speakers = speakers_in(user, negotiation)
    problems: dict[str, str] = {}
    try:
        found.terms = query_terms(query)
    except QueryTooLong as error:
        problems["q"] = f"{error} Shorten it and search again."
    read = {
        # The text first: the paragraph asked for is one of its paragraphs.
        "revision": _read_revision(found, asked.revision),
        "delegation": _read_delegation(found, asked.delegation),
        "paragraph": _read_paragraph(found, asked.paragraph),
        "kind": _read_kind(found, asked.kind),
    }
    problems |= {name: problem for name, problem in read.items() if problem}
    if problems:
        found.problem = " ".join(problems.values())
        found.invalid = tuple(problems)
        return found
    if not found.terms and not found.filtered:
        return found
    _read_reference(found)
    if found.goes_to is not None:
        return found
    found.searched = True
    if found.text is None:  # read already when a text or a paragraph was asked for
        found.text = latest_published(negotiation)
    if found.text is not None and found.lists_paragraphs:
        _find_paragraphs(found, found.text)
    comments = _find_comments(found, user, page)
    replies = _find_replies(found, user, reply_page) if found.lists_replies else []
    lineages = (comment.lineage_id for comment in comments + [r.comment for r in replies])
    standing = standing_in(found.text, lineages) if found.text is not None else {}
    _show(found, user, comments, replies, standing)
    return found


def _read_revision(found: NegotiationSearch, asked: str) -> str:
    """Set the text searched (found.text), and found.chosen and found.newer when it is not the
    latest, from a revision's id as the address gives it; what is wrong, if anything."""
    text = (asked or "").strip()
    if not text:
        return ""
    revision = None
    if text.isascii() and text.isdigit() and len(text) < 10:
        revision = db.session.get(Revision, int(text))
    if (
        revision is None
        or revision.negotiation_id != found.negotiation.id
        or not revision.was_circulated  # a preview is searched by nobody
    ):
        return "There is no such text in this negotiation; search the latest text instead."
    found.text = revision
    newest = latest_published(found.negotiation)
    if newest is not None and newest.id != revision.id:
        found.chosen, found.newer = revision, newest
    return ""


def _read_delegation(found: NegotiationSearch, asked: str) -> str:
    """Set found.delegation from its id as the address gives it; what is wrong, if anything."""
    text = (asked or "").strip()
    if not text:
        return ""
    if not (text.isascii() and text.isdigit() and len(text) < 10):
        return "Choose the delegation from the list."
    wanted = int(text)
    chosen = next((d for d in found.speakers if d.id == wanted), None)
    # One that said nothing the person may see is no mistake: nothing is found.
    found.delegation = chosen or db.session.get(Delegation, wanted)
    return "" if found.delegation is not None else "There is no such delegation."


def _read_kind(found: NegotiationSearch, asked: str) -> str:
    text = (asked or "").strip().lower()
    if text in ("", "all"):
        return ""
    if text not in KINDS:
        return f"Choose what to list from: {', '.join(KINDS.values())}."
    found.kind = text
    return ""


def _read_paragraph(found: NegotiationSearch, asked: str) -> str:
    """Set found.paragraph (and found.text, the latest unless read already) from a path of the
    text searched, case and spaces aside (`op2(b)` is `OP2 (b)`); what is wrong, if anything."""
    text = " ".join((asked or "").split())
    if not text:
        return ""
    if len(text) > MAX_PARAGRAPH:
        return f"Write the paragraph as the text numbers it, {PARAGRAPH_EXAMPLES}."
    if found.text is None:
        found.text = latest_published(found.negotiation)
    latest = found.text
    if latest is None:
        return "No text has been circulated yet: there is no paragraph to search on."
    found.paragraph = _paragraph_at(latest, text)
    if found.paragraph is None:
        return (
            f"{latest.label} has no paragraph “{text}”: write it as the text numbers it, "
            f"{PARAGRAPH_EXAMPLES}."
        )
    return ""


def _paragraph_at(revision: Revision, path: str) -> Paragraph | None:
    """The revision's paragraph at this path, case and spaces aside (`op2(b)` is `OP2 (b)`)."""
    key = "".join(path.split()).lower()
    return db.session.scalars(
        select(Paragraph)
        .where(
            Paragraph.revision_id == revision.id,
            func.lower(func.replace(Paragraph.path, " ", "")) == key,
        )
        .order_by(Paragraph.position)
        .limit(1)
    ).first()


def _read_reference(found: NegotiationSearch) -> None:
    """When the query names a paragraph (`OP3`, `op 3 (a)`, `operative paragraph 3`,
    `para 5`: `references.paragraph_reference`), find it in the text searched
    (found.referenced), or say the text has none (found.note)."""
    path = paragraph_reference(found.query)
    if path is None:
        return
    if found.text is None:
        found.text = latest_published(found.negotiation)
    if found.text is None:
        return
    found.referenced = _paragraph_at(found.text, path)
    if found.referenced is None:
        found.note = f"{found.text.label} has no paragraph {path}."


def _find_paragraphs(found: NegotiationSearch, revision: Revision) -> None:
    statement = _matching_paragraphs(found, revision)
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


def _find_comments(found: NegotiationSearch, user: Actor, page: int | str | None) -> list[Comment]:
    """The page of comments found, with what their cards show (who joined them in one query
    for the page)."""
    statement = _matching_comments(user, found)
    found.page = shown = pager(page, _count(statement), COMMENTS_PAGE)
    if not shown.total:
        return []
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
    return comments


def _find_replies(
    found: NegotiationSearch, user: Actor, page: int | str | None
) -> list[CommentReply]:
    """The page of replies found, each with the comment it answers and who wrote both."""
    statement = _matching_replies(user, found)
    found.reply_page = shown = pager(page, _count(statement), COMMENTS_PAGE)
    if not shown.total:
        return []
    thread = contains_eager(CommentReply.comment)
    return list(
        db.session.scalars(
            statement.order_by(CommentReply.id.desc())
            .offset(shown.offset)
            .limit(shown.size)
            .options(
                thread.contains_eager(Comment.revision),
                thread.joinedload(Comment.paragraph),
                thread.joinedload(Comment.delegation),
                thread.joinedload(Comment.author).joinedload(User.delegation),
                joinedload(CommentReply.author),
                joinedload(CommentReply.delegation),
            )
        )
    )


def _show(
    found: NegotiationSearch,
    user: Actor,
    comments: list[Comment],
    replies: list[CommentReply],
    standing: dict[int, Paragraph],
) -> None:
    """The hits as the page lists them, each placed on the paragraph as it now stands."""

    def now(comment: Comment) -> Paragraph | None:
        return standing.get(comment.lineage_id) if comment.lineage_id is not None else None

    for comment in comments:
        if not can_see(user, comment):  # the query asked it; asked again of each, as lists do
            continue
        proposed = comment.proposed_text or ""
        proposal = highlighted(proposed, found.terms) if proposed else ()
        found.comments.append(
            CommentHit(
                view_of(comment, now(comment)),
                highlighted(comment.body or "", found.terms),
                # Found by its words, the wording is shown where it holds them; found by the
                # filters alone ("what did the EU propose"), it is what was asked for.
                proposal if not found.terms or any(segment.found for segment in proposal) else (),
            )
        )
    for reply in replies:
        if not can_see(user, reply.comment):  # likewise: a reply is seen with its comment
            continue
        found.replies.append(
            ReplyHit(reply, highlighted(reply.body, found.terms), now(reply.comment))
        )
