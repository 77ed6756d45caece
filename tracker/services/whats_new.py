"""What is new in a negotiation since a person's last visit: the comments and proposals other
delegations made, the ones they edited, the delegations that joined a comment (their own
delegation's above all), the replies to their own delegation's comments, the triage decisions
on them and the texts circulated since.

A visit is a sitting: pages a person opens less than VISIT_GAP apart belong to the same visit,
and every page of it counts from the same moment, where their previous visit ended. Only the
negotiation page and the page of what is new record visits (the draft view, opened far more
often, is left as fast as it is).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    bindparam,
    func,
    literal,
    select,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import contains_eager, joinedload

from tracker.data_generation import NOT_DATA
from tracker.extensions import db
from tracker.models import (
    Comment,
    CommentJoin,
    CommentKind,
    CommentReply,
    Negotiation,
    NegotiationVisit,
    Paragraph,
    Revision,
    RevisionOpening,
    TriageChange,
    User,
    UTCDateTime,
    utcnow,
)
from tracker.services import commit_keeping_loaded
from tracker.services.access import (
    Actor,
    can_see,
    comment_eyes,
    comments_of_delegation,
    comments_visible_to,
    signed_in,
    speaks_for,
)
from tracker.services.comments import KIND_LABELS
from tracker.services.comparisons import standing_in
from tracker.services.triage import triage_label
from tracker.text.highlight import shortened

#: Pages opened further apart than this belong to two visits: the later one starts a new visit,
#: and what is new is counted from where the earlier one ended.
VISIT_GAP = timedelta(hours=1)
#: The latest page of a visit is written again only when the one noted is at least this old: a
#: person going back and forth between the negotiation and its texts writes once a minute at
#: most.
SEEN_STEP = timedelta(minutes=1)
#: How many comments and proposals the page of what is new lists (the oldest first); the draft
#: view shows the others under their paragraphs. Replies and triage decisions likewise.
LISTED = 200
#: How many characters of a comment the list quotes.
EXCERPT = 240

#: Visits are written apart from the data: no page that is kept and sent again
#: (tracker.views.kept_pages) shows them, so recording one must not make every reader's kept
#: draft pages be made again (`data_generation.NOT_DATA`). The two pages that show them are
#: made at every request.
_APART = {NOT_DATA: True}

_USER_ID = bindparam("user_id", type_=Integer)
_NEGOTIATION_ID = bindparam("negotiation_id", type_=Integer)
_OWN = bindparam("own", type_=Integer)
_SINCE = bindparam("since", type_=UTCDateTime)
_NOW = bindparam("now", type_=UTCDateTime)
_SEEN = bindparam("seen", type_=UTCDateTime)
#: The person and negotiation of a visit's statements (the columns' own names are taken by
#: INSERT and UPDATE).
_VISITOR = bindparam("visitor", type_=Integer)
_VISITED = bindparam("visited", type_=Integer)
_SIZE = bindparam("size", type_=Integer, literal_execute=True)


# Visits -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Visit:
    """A person's current visit to a negotiation."""

    #: Where their previous visit ended: what was written after it is new to them. None during
    #: their first visit, when nothing is new.
    since: datetime | None

    @property
    def first(self) -> bool:
        """Whether this is the person's first visit to the negotiation."""
        return self.since is None


def record_visit(user: Actor, negotiation: Negotiation) -> Visit:
    """Note that the person is looking at the negotiation now, and say since when things are
    new to them: a page opened more than VISIT_GAP after their last one starts a new visit,
    and the previous one is taken to have ended at that last page."""
    actor = signed_in(user)
    now = utcnow()
    key = {"visitor": actor.id, "visited": negotiation.id}
    row = db.session.execute(_visit_statement(), key).first()
    if row is None:
        # Visits are remembered from their first page on; a person who took part before that
        # (they opened a text, commented or replied) was last here at their last such act.
        active = db.session.scalar(_last_active_statement(), key)
        dialect = db.session.get_bind().dialect.name
        db.session.execute(
            _first_visit_statement(dialect),
            key | {"now": now, "seen": active},
            execution_options=_APART,
        )
        commit_keeping_loaded()
        return Visit(since=active)
    last_seen, previous = row
    if now - last_seen > VISIT_GAP:
        previous = last_seen
        # Moved on only from the page it read: of two pages opened at once, one moves it.
        parameters = key | {"now": now, "seen": last_seen}
        db.session.execute(_new_visit_statement(), parameters, execution_options=_APART)
        commit_keeping_loaded()
    elif now - last_seen >= SEEN_STEP:
        db.session.execute(_seen_statement(), key | {"now": now}, execution_options=_APART)
        commit_keeping_loaded()
    return Visit(since=previous)


def _visit_key() -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    return (
        NegotiationVisit.user_id == _VISITOR,
        NegotiationVisit.negotiation_id == _VISITED,
    )


@cache
def _visit_statement() -> Select[datetime, datetime | None]:
    return select(NegotiationVisit.last_seen_at, NegotiationVisit.previous_visit_at).where(
        *_visit_key()
    )


@cache
def _first_visit_statement(dialect: str) -> Any:
    """The first visit's row; nothing when a page opened at the same moment wrote it first."""
    inserts: dict[str, Callable[..., Any]] = {
        "postgresql": postgresql.insert,
        "sqlite": sqlite.insert,
    }
    if dialect not in inserts:
        raise ValueError(f"visits are kept on PostgreSQL and SQLite, not on {dialect}")
    return (
        inserts[dialect](NegotiationVisit)
        .values(
            user_id=_VISITOR,
            negotiation_id=_VISITED,
            last_seen_at=_NOW,
            previous_visit_at=_SEEN,
        )
        .on_conflict_do_nothing()
    )


@cache
def _last_active_statement() -> Any:
    """The last time the person opened a text of the negotiation, commented or replied in it
    (None if never)."""
    acts = union_all(
        select(RevisionOpening.opened_at.label("at"))
        .join(Revision, Revision.id == RevisionOpening.revision_id)
        .where(RevisionOpening.user_id == _VISITOR, Revision.negotiation_id == _VISITED),
        select(Comment.created_at.label("at")).where(
            Comment.author_id == _VISITOR, Comment.negotiation_id == _VISITED
        ),
        select(CommentReply.created_at.label("at"))
        .join(Comment, Comment.id == CommentReply.comment_id)
        .where(CommentReply.author_id == _VISITOR, Comment.negotiation_id == _VISITED),
    ).subquery()
    return select(func.max(acts.c.at))


@cache
def _new_visit_statement() -> Any:
    return (
        update(NegotiationVisit)
        .where(*_visit_key(), NegotiationVisit.last_seen_at == _SEEN)
        .values(last_seen_at=_NOW, previous_visit_at=_SEEN)
    )


@cache
def _seen_statement() -> Any:
    return (
        update(NegotiationVisit)
        .where(*_visit_key(), NegotiationVisit.last_seen_at < _NOW)
        .values(last_seen_at=_NOW)
    )


# What is new ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """What is new to a person since their last visit, in figures, for the negotiation page."""

    visit: Visit
    #: comments and proposals by other delegations, and on how many paragraphs of them
    comments: int = 0
    paragraphs: int = 0
    #: of them, on the text as a whole
    whole_text: int = 0
    #: replies to their delegation's comments, triage decisions on them
    replies: int = 0
    triaged: int = 0
    #: comments and proposals of other delegations made before and edited since
    edited: int = 0
    #: delegations that joined their delegation's comments
    joining_own: int = 0
    #: other delegations' comments and proposals that delegations joined
    joined: int = 0
    #: texts circulated since, oldest first
    revisions: tuple[Revision, ...] = ()
    #: the latest text circulated before the visit, if any: the one the person last had
    seen: Revision | None = None

    @property
    def to_compare(self) -> tuple[Revision, Revision] | None:
        """The texts whose comparison shows what changed since the visit: the last text the
        person had against the latest (or the first new text against the latest when none
        came before); None when nothing new was circulated, or only a first text."""
        if not self.revisions:
            return None
        older = self.seen or self.revisions[0]
        newest = self.revisions[-1]
        return None if older.id == newest.id else (older, newest)

    @property
    def nothing_new(self) -> bool:
        """Whether there is nothing to tell."""
        return not (
            self.comments
            or self.replies
            or self.triaged
            or self.edited
            or self.joining_own
            or self.joined
            or self.revisions
        )

    @property
    def phrases(self) -> list[str]:
        """`23 comments and proposals on 12 paragraphs`, `2 replies to your delegation`, ...
        (nothing for what there is none of)."""
        said: list[str] = []
        if self.comments:
            what = _counted(self.comments, "comment or proposal", "comments and proposals")
            where = []
            if self.paragraphs:
                where.append(_counted(self.paragraphs, "paragraph", "paragraphs"))
            if self.whole_text:
                where.append("the text as a whole")
            said.append(f"{what} on {' and '.join(where)}")
        if self.replies:
            said.append(_counted(self.replies, "reply", "replies") + " to your delegation")
        if self.triaged:
            decisions = _counted(self.triaged, "triage decision", "triage decisions")
            said.append(f"{decisions} on your delegation's comments")
        if self.joining_own:
            joining = _counted(self.joining_own, "delegation", "delegations")
            said.append(f"{joining} joined your delegation's comments")
        if self.edited:
            said.append(_counted(self.edited, _SOME, _MANY) + " edited")
        if self.joined:
            said.append(_counted(self.joined, _SOME, _MANY) + " joined by other delegations")
        said.extend(f"{revision.label} published" for revision in self.revisions)
        return said


_SOME, _MANY = "comment or proposal", "comments and proposals"


def _counted(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def summary(user: Actor, negotiation: Negotiation, visit: Visit) -> Summary:
    """What is new to the person since their previous visit, counted (three queries at most,
    however busy the negotiation)."""
    actor = signed_in(user)
    if visit.since is None:
        return Summary(visit)
    parameters = _parameters(actor, negotiation, visit.since)
    eyes = comment_eyes(actor, negotiation)
    delegate = actor.delegation_id is not None
    comments, on_lineages, lineages = db.session.execute(
        _counts_statement(eyes, delegate), parameters
    ).one()
    replies = triaged = 0
    if delegate:
        replies, triaged = db.session.execute(_own_counts_statement(), parameters).one()
    edited, joining_own, joined = db.session.execute(
        _changes_counts_statement(eyes, delegate), parameters
    ).one()
    seen, new = _circulated_around(negotiation, visit.since)
    return Summary(
        visit,
        comments=comments or 0,
        paragraphs=lineages or 0,
        whole_text=(comments or 0) - (on_lineages or 0),
        replies=replies or 0,
        triaged=triaged or 0,
        edited=edited or 0,
        joining_own=joining_own or 0,
        joined=joined or 0,
        revisions=tuple(new),
        seen=seen[-1] if seen else None,
    )


def _parameters(actor: User, negotiation: Negotiation, since: datetime) -> dict[str, Any]:
    return {
        "user_id": actor.id,
        "negotiation_id": negotiation.id,
        "own": actor.delegation_id,
        "since": since,
        "size": LISTED + 1,
    }


def _circulated_around(
    negotiation: Negotiation, since: datetime
) -> tuple[list[Revision], list[Revision]]:
    """The texts circulated up to the moment, and those after it, oldest first."""
    before: list[Revision] = []
    after: list[Revision] = []
    for revision in negotiation.published_revisions:
        if revision.published_at is not None and revision.published_at > since:
            after.append(revision)
        else:
            before.append(revision)
    return before, after


def _seen_comments(eyes: str) -> list[ColumnElement[bool]]:
    """The negotiation's comments, not withdrawn, that the person may see
    (`access.comments_visible_to`)."""
    return [
        Comment.negotiation_id == _NEGOTIATION_ID,
        Comment.withdrawn_at.is_(None),
        comments_visible_to(eyes),
    ]


def _others_comments(eyes: str, delegate: bool) -> list[ColumnElement[bool]]:
    """`_seen_comments`, but not their own delegation's (`access.comments_of_delegation`) nor
    their own."""
    conditions = [*_seen_comments(eyes), Comment.author_id != _USER_ID]
    if delegate:
        conditions.append(~comments_of_delegation(_OWN))
    return conditions


def _new_comments(eyes: str, delegate: bool) -> list[ColumnElement[bool]]:
    """The comments new to the person: other delegations' made since the moment."""
    return [Comment.created_at > _SINCE, *_others_comments(eyes, delegate)]


def _edited_comments(eyes: str, delegate: bool) -> list[ColumnElement[bool]]:
    """Other delegations' comments made before the moment and edited since (their last
    wording is newer than it; one made since is new whatever its edits)."""
    return [
        Comment.created_at <= _SINCE,
        Comment.edited_at > _SINCE,
        *_others_comments(eyes, delegate),
    ]


def _new_joins(eyes: str, delegate: bool) -> list[ColumnElement[bool]]:
    """Joins made since the moment and still standing, on comments the person may see (their
    own delegation's included), by anyone but them and their delegation: conditions on
    CommentJoin joined to its Comment."""
    conditions = [
        *_seen_comments(eyes),
        CommentJoin.created_at > _SINCE,
        CommentJoin.left_at.is_(None),
        CommentJoin.user_id != _USER_ID,
    ]
    if delegate:
        conditions.append(CommentJoin.delegation_id != _OWN)
    return conditions


@cache
def _changes_counts_statement(eyes: str, delegate: bool) -> Select[int, int, int]:
    """How many comments were edited; how many delegations joined the person's delegation's
    comments, and how many other comments were joined."""
    edited = select(func.count(Comment.id)).where(*_edited_comments(eyes, delegate))
    joins = select(CommentJoin).join(Comment, CommentJoin.comment_id == Comment.id)
    joined = joins.with_only_columns(func.count(Comment.id.distinct())).where(
        *_new_joins(eyes, delegate)
    )
    if not delegate:
        return select(edited.scalar_subquery(), literal(0), joined.scalar_subquery())
    joining_own = joins.with_only_columns(func.count(CommentJoin.delegation_id.distinct()))
    return select(
        edited.scalar_subquery(),
        joining_own.where(
            *_new_joins(eyes, delegate), comments_of_delegation(_OWN)
        ).scalar_subquery(),
        joined.where(~comments_of_delegation(_OWN)).scalar_subquery(),
    )


@cache
def _counts_statement(eyes: str, delegate: bool) -> Select[int, int, int]:
    return select(
        func.count(Comment.id),
        func.count(Comment.lineage_id),
        func.count(Comment.lineage_id.distinct()),
    ).where(*_new_comments(eyes, delegate))


def _replies_to_own() -> list[ColumnElement[bool]]:
    """Replies made since the moment to a comment of the person's delegation, by anyone but
    its delegates."""
    return [
        Comment.negotiation_id == _NEGOTIATION_ID,
        CommentReply.created_at > _SINCE,
        comments_of_delegation(_OWN),
        CommentReply.author_id.not_in(select(User.id).where(User.delegation_id == _OWN)),
    ]


def _triage_of_own() -> list[ColumnElement[bool]]:
    """Triage decisions made since the moment on a comment of the person's delegation."""
    return [
        Comment.negotiation_id == _NEGOTIATION_ID,
        TriageChange.created_at > _SINCE,
        comments_of_delegation(_OWN),
    ]


@cache
def _own_counts_statement() -> Select[int, int]:
    replies = (
        select(func.count(CommentReply.id))
        .join(Comment, CommentReply.comment_id == Comment.id)
        .where(*_replies_to_own())
        .scalar_subquery()
    )
    triaged = (
        select(func.count(TriageChange.id))
        .join(Comment, TriageChange.comment_id == Comment.id)
        .where(*_triage_of_own())
        .scalar_subquery()
    )
    return select(replies, triaged)


@dataclass(frozen=True)
class NewComment:
    """A comment or proposal as the list of what is new shows it."""

    comment: Comment
    kind: str
    excerpt: str


@dataclass
class ParagraphNews:
    """The new comments on one paragraph (or on the text as a whole, or on a paragraph no
    longer in the text)."""

    #: `OP3` as the latest text numbers it; `Zero draft OP12` for a paragraph no longer in it
    heading: str
    #: the paragraph in the latest text, for its page; None for the others
    paragraph: Paragraph | None
    items: list[NewComment] = field(default_factory=list)
    #: whether the paragraph is no longer in the latest text
    gone: bool = False


@dataclass(frozen=True)
class OwnNews:
    """A reply or triage decision on a comment of the person's delegation."""

    record: CommentReply | TriageChange
    comment: Comment
    #: where the comment is (`Rev.1 OP3`), the reply's or decision's words
    place: str
    excerpt: str
    #: the decision as the comment page names it (triage decisions only)
    status: str = ""


@dataclass(frozen=True)
class CommentChange:
    """An edit, or delegations joining, as one line of what is new: `Chile edited its comment
    on OP4`, `3 delegations joined Mexico's proposal on OP2 (Brazil, Chile and Peru)`."""

    sentence: str
    #: the comment it is about, for its page; None for a delegation's edits of several
    comment: Comment | None = None
    #: the paragraph of the latest text several edited comments are on, for its page
    paragraph: Paragraph | None = None


@dataclass(frozen=True)
class News:
    """Everything new to the person since their last visit, for its page."""

    summary: Summary
    latest: Revision | None = None
    groups: tuple[ParagraphNews, ...] = ()
    #: the comments listed in `groups` (at most LISTED; `summary.comments` were made)
    listed: int = 0
    replies: tuple[OwnNews, ...] = ()
    triaged: tuple[OwnNews, ...] = ()
    #: joins on their delegation's comments first, then other delegations' edits (one line a
    #: delegation and paragraph) and the joins on their comments (one line a comment)
    changes: tuple[CommentChange, ...] = ()
    #: whether edits or joins were left out past LISTED of each (the latest ones)
    changes_cut: bool = False

    @property
    def more(self) -> int:
        """How many new comments are not listed."""
        return max(self.summary.comments - self.listed, 0)


def news(user: Actor, negotiation: Negotiation, visit: Visit) -> News:
    """Everything new to the person since their previous visit: the comments and proposals of
    other delegations grouped by the paragraph they are on in the latest text (the oldest
    LISTED), the replies and triage decisions on their delegation's comments, the edits and
    joins (`CommentChange`; LISTED of each) and the texts circulated since. A fixed number of
    queries, however busy the negotiation."""
    actor = signed_in(user)
    counted = summary(actor, negotiation, visit)
    published = negotiation.published_revisions
    latest = published[-1] if published else None
    if visit.since is None:
        return News(counted, latest)
    parameters = _parameters(actor, negotiation, visit.since)
    eyes = comment_eyes(actor, negotiation)
    delegate = actor.delegation_id is not None
    found: list[Comment] = []
    if counted.comments:
        rows = db.session.scalars(_comments_statement(eyes, delegate), parameters)
        # The rules of access.can_see, asked again of each comment as every list does.
        found = [comment for comment in rows if can_see(actor, comment)][:LISTED]
    replies: list[CommentReply] = []
    if counted.replies:
        replies = list(db.session.scalars(_replies_statement(), parameters).unique())
    triaged: list[TriageChange] = []
    if counted.triaged:
        triaged = list(db.session.scalars(_triage_statement(), parameters).unique())
    edited: list[Comment] = []
    if counted.edited:
        rows = db.session.scalars(_edited_statement(eyes, delegate), parameters)
        edited = [comment for comment in rows if can_see(actor, comment)]
    joins: list[CommentJoin] = []
    if counted.joined or counted.joining_own:
        joined = db.session.scalars(_joins_statement(eyes, delegate), parameters)
        joins = [join for join in joined if can_see(actor, join.comment)]
    # LISTED + 1 were read: one more than listed says that some are left out.
    changes_cut = len(edited) > LISTED or len(joins) > LISTED
    edited, joins = edited[:LISTED], joins[:LISTED]
    # Where each comment stands in the latest text, all of them in one question.
    lineages = [c.lineage_id for c in found + edited] + [j.comment.lineage_id for j in joins]
    here = standing_in(latest, lineages) if latest is not None else {}
    return News(
        counted,
        latest,
        groups=tuple(_grouped(found, here)),
        changes=tuple(_changes(actor, edited, joins, here)),
        changes_cut=changes_cut,
        listed=len(found),
        replies=tuple(
            OwnNews(reply, reply.comment, _place(reply.comment), _excerpt(reply.body))
            for reply in replies
        ),
        triaged=tuple(
            OwnNews(
                change,
                change.comment,
                _place(change.comment),
                _excerpt(change.reply),
                status=triage_label(change),
            )
            for change in triaged
        ),
    )


#: What the list shows of each comment, read with it.
_COMMENT_SHOWN = (
    joinedload(Comment.delegation),
    joinedload(Comment.author).joinedload(User.delegation),
    joinedload(Comment.revision),
    joinedload(Comment.paragraph),
)


@cache
def _comments_statement(eyes: str, delegate: bool) -> Select[Comment]:
    return (
        select(Comment)
        .where(*_new_comments(eyes, delegate))
        .order_by(Comment.created_at, Comment.id)
        .limit(_SIZE)
        .options(*_COMMENT_SHOWN)
    )


@cache
def _replies_statement() -> Select[CommentReply]:
    return (
        select(CommentReply)
        .join(Comment, CommentReply.comment_id == Comment.id)
        .where(*_replies_to_own())
        .order_by(CommentReply.created_at, CommentReply.id)
        .limit(_SIZE)
        .options(
            joinedload(CommentReply.author),
            joinedload(CommentReply.delegation),
            joinedload(CommentReply.comment).joinedload(Comment.revision),
            joinedload(CommentReply.comment).joinedload(Comment.paragraph),
        )
    )


@cache
def _triage_statement() -> Select[TriageChange]:
    return (
        select(TriageChange)
        .join(Comment, TriageChange.comment_id == Comment.id)
        .where(*_triage_of_own())
        .order_by(TriageChange.created_at, TriageChange.id)
        .limit(_SIZE)
        .options(
            joinedload(TriageChange.comment).joinedload(Comment.revision),
            joinedload(TriageChange.comment).joinedload(Comment.paragraph),
        )
    )


@cache
def _edited_statement(eyes: str, delegate: bool) -> Select[Comment]:
    return (
        select(Comment)
        .where(*_edited_comments(eyes, delegate))
        .order_by(Comment.edited_at, Comment.id)
        .limit(_SIZE)
        .options(*_COMMENT_SHOWN)
    )


@cache
def _joins_statement(eyes: str, delegate: bool) -> Select[CommentJoin]:
    comment = contains_eager(CommentJoin.comment)
    return (
        select(CommentJoin)
        .join(Comment, CommentJoin.comment_id == Comment.id)
        .where(*_new_joins(eyes, delegate))
        .order_by(CommentJoin.created_at, CommentJoin.id)
        .limit(_SIZE)
        .options(
            joinedload(CommentJoin.delegation),
            comment.joinedload(Comment.delegation),
            comment.joinedload(Comment.author).joinedload(User.delegation),
            comment.joinedload(Comment.revision),
            comment.joinedload(Comment.paragraph),
        )
    )


def _changes(
    actor: User, edited: list[Comment], joins: list[CommentJoin], here: dict[int, Paragraph]
) -> list[CommentChange]:
    """The edits and joins as lines (`CommentChange`): the joins on the person's delegation's
    comments, then each delegation's edits on a paragraph, then the joins on other comments,
    each comment's joins on one line."""
    joined_own: list[CommentChange] = []
    joined: list[CommentChange] = []
    by_comment: dict[int, list[CommentJoin]] = {}
    for join in joins:
        by_comment.setdefault(join.comment_id, []).append(join)
    for comment_joins in by_comment.values():
        comment = comment_joins[0].comment
        names = list(dict.fromkeys(join.delegation.name for join in comment_joins))
        own = speaks_for(actor, comment)
        whose = "your delegation's" if own else f"{comment.delegation.name}'s"
        what = f"{whose} {_noun(comment)} on {_where(comment, here)}"
        if len(names) < 3:
            sentence = f"{' and '.join(names)} joined {what}"
        else:
            sentence = f"{len(names)} delegations joined {what} ({_listed(names)})"
        (joined_own if own else joined).append(CommentChange(sentence, comment))
    edits: dict[tuple[int, str], list[Comment]] = {}
    for comment in edited:
        edits.setdefault((comment.delegation_id, _where(comment, here)), []).append(comment)
    edit_lines: list[CommentChange] = []
    for (_, where), comments in edits.items():
        first = comments[0]
        if len(comments) == 1:
            sentence = f"{first.delegation.name} edited its {_noun(first)} on {where}"
            edit_lines.append(CommentChange(sentence, first))
        else:
            sentence = f"{first.delegation.name} edited {len(comments)} of its {_MANY} on {where}"
            standing = here.get(first.lineage_id) if first.lineage_id is not None else None
            edit_lines.append(CommentChange(sentence, paragraph=standing))
    return joined_own + edit_lines + joined


def _noun(comment: Comment) -> str:
    """What a comment is, as a sentence names it: `proposal`, `question`, `comment`."""
    if comment.kind.is_proposal:
        return "proposal"
    return {CommentKind.QUESTION: "question", CommentKind.RESERVATION: "reservation"}.get(
        comment.kind, "comment"
    )


def _listed(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1]


def _where(comment: Comment, here: dict[int, Paragraph]) -> str:
    """Where a comment stands: its paragraph in the latest text (`OP4`), `the text as a
    whole`, or where it was made when its paragraph is no longer in the text."""
    if comment.lineage_id is None or comment.paragraph is None:
        return "the text as a whole"
    if (paragraph := here.get(comment.lineage_id)) is not None:
        return paragraph.path
    return _place(comment)


def _place(comment: Comment) -> str:
    """Where the comment was made: `Rev.1 OP3`, or `Rev.1, the text as a whole`."""
    if comment.paragraph is None:
        return f"{comment.revision.label}, the text as a whole"
    return f"{comment.revision.label} {comment.paragraph.path}"


def _excerpt(text: str | None) -> str:
    return shortened(text or "", EXCERPT)


def _new_comment(comment: Comment) -> NewComment:
    body = comment.body.strip() or comment.proposed_text or ""
    return NewComment(comment, KIND_LABELS[comment.kind], _excerpt(body))


def _grouped(found: list[Comment], here: dict[int, Paragraph]) -> list[ParagraphNews]:
    """The comments under the paragraph their lineage is in the latest text (`here`: reading
    order), then those on the text as a whole, then those on paragraphs no longer in it."""
    placed: dict[int, ParagraphNews] = {}
    whole_text = ParagraphNews("The text as a whole", None)
    gone: dict[int, ParagraphNews] = {}
    for comment in found:
        shown = _new_comment(comment)
        if comment.lineage_id is None or comment.paragraph is None:
            whole_text.items.append(shown)
        elif (paragraph := here.get(comment.lineage_id)) is not None:
            group = placed.setdefault(paragraph.id, ParagraphNews(paragraph.path, paragraph))
            group.items.append(shown)
        else:
            made = comment.paragraph
            heading = f"{comment.revision.label} {made.path}"
            gone.setdefault(made.id, ParagraphNews(heading, None, gone=True)).items.append(shown)
    ordered = sorted(
        placed.values(), key=lambda group: group.paragraph.position if group.paragraph else 0
    )
    if whole_text.items:
        ordered.append(whole_text)
    return ordered + list(gone.values())
