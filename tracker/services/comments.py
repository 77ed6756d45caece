"""Delegations' comments and proposals on paragraphs: making, editing, withdrawing, joining,
replying, and reading them back under the paragraph they follow in any later revision."""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache, cached_property
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    any_,
    bindparam,
    cast,
    func,
    inspect,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, aliased, contains_eager, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from tracker import signals
from tracker.extensions import db
from tracker.models import (
    Comment,
    CommentJoin,
    CommentKind,
    CommentReply,
    CommentTally,
    CommentVersion,
    ConsultationRound,
    Delegation,
    Lineage,
    LineageCorrection,
    Meeting,
    Negotiation,
    Paragraph,
    ParagraphStatusChange,
    Revision,
    RevisionState,
    TriageChange,
    User,
    Visibility,
    utcnow,
)
from tracker.moments import in_words
from tracker.render_cache import REMEMBERED_FOR, MemoryStore
from tracker.services import (
    Conflict,
    Invalid,
    NotFound,
    PermissionDenied,
    ServiceError,
    commit_keeping_loaded,
)
from tracker.services.access import (
    Actor,
    can_see,
    comment_eyes,
    comments_visible_to,
    delegation_wrote_any,
    designated_for_group,
    get_negotiation,
    get_of_negotiation,
    hold_negotiation,
    is_facilitator,
    oversees,
    signed_in,
    speaks_for,
)
from tracker.services.amendable import amendable_text
from tracker.services.comparisons import merged_into
from tracker.services.delegations import group_speakers, speaking_options
from tracker.services.library import Precedent, proposal_agreed
from tracker.services.meeting_held import open_meeting_column
from tracker.services.moderation import check_can_write, keep_read, writing_suspended
from tracker.services.pairing import negotiation_merges
from tracker.services.revisions import latest_published, latest_published_id
from tracker.services.rounds import last_deadline, rounds_on
from tracker.services.triage import marked_state, paragraph_state, state_or_pending
from tracker.services.typed_text import checked_text
from tracker.text.diff import DiffOp, word_diff
from tracker.text.library import fingerprint

MAX_BODY = 10_000
MAX_PROPOSED = 20_000
#: Comments per page of a list: a paragraph with ten thousand comments opens as fast as one
#: with fifty.
PAGE_SIZE = 25
#: The one-time key a comment form carries is this long at most.
MAX_SUBMISSION_KEY = 64

#: How each kind reads in lists and compilations.
KIND_LABELS = {
    CommentKind.COMMENT: "Comment",
    CommentKind.QUESTION: "Question",
    CommentKind.AMEND: "Proposal to amend",
    CommentKind.DELETE: "Proposal to delete",
    CommentKind.RETAIN: "Proposal to retain",
    CommentKind.NEW_AFTER: "Proposal of a new paragraph after this one",
    CommentKind.RESERVATION: "Reservation",
}
#: Kinds that make sense on the text as a whole rather than one paragraph.
WHOLE_TEXT_KINDS = (CommentKind.COMMENT, CommentKind.QUESTION, CommentKind.RESERVATION)


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def get_comment(user: Actor, negotiation_id: int, comment_id: int) -> Comment:
    """A comment of that negotiation the user may see; others are reported as missing."""
    comment = get_of_negotiation(user, negotiation_id, Comment, comment_id, "comment")
    if not can_see(user, comment):
        raise NotFound("There is no such comment in this negotiation.")
    return comment


def get_paragraph(user: Actor, negotiation_id: int, paragraph_id: int) -> Paragraph:
    """A paragraph of a published revision of that negotiation."""
    negotiation = get_negotiation(user, negotiation_id)
    paragraph = db.session.get(Paragraph, paragraph_id, options=[joinedload(Paragraph.revision)])
    return _published_in(paragraph, negotiation)


def _published_in(paragraph: Paragraph | None, negotiation: Negotiation) -> Paragraph:
    """The paragraph (read with its revision) if a published revision of the negotiation has
    it; reported as missing otherwise."""
    if (
        paragraph is None
        or paragraph.revision.negotiation_id != negotiation.id
        or not paragraph.revision.is_published
    ):
        raise NotFound("There is no such paragraph in this negotiation.")
    hold_negotiation(paragraph.revision, negotiation)
    return paragraph


@dataclass
class ParagraphPage:
    """A paragraph with what its own page shows around its comments."""

    paragraph: Paragraph
    #: its status in the room (tracker.services.triage)
    state: str
    #: the negotiation's latest published revision, which takes the comments
    latest: Revision | None
    #: False when it is known to have none, which spares reading them for `whole_text`
    has_subparagraphs: bool = True
    #: the last deadline of the rounds on its revision (rounds.last_deadline; None: no round)
    comments_close_at: datetime | None = None
    #: the negotiation's open meeting, if one is being held (meeting_held.open_meeting_column)
    open_meeting_id: int | None = None
    #: whether the co-facilitators have suspended the reader's writing in the negotiation
    writing_suspended: bool = False

    @property
    def closed_for_comments(self) -> bool:
        return comments_closed(self.comments_close_at)

    @cached_property
    def whole_text(self) -> str:
        """The paragraph as a proposal to amend it starts from (`amendable_text`)."""
        return amendable_text(self.paragraph) if self.has_subparagraphs else self.paragraph.text


def paragraph_page(user: Actor, paragraph: Paragraph) -> ParagraphPage:
    """What the page of a paragraph already read shows around its comments, to the user."""
    negotiation_id = literal(paragraph.revision.negotiation_id)
    suspended = bool(
        db.session.scalar(select(writing_suspended(negotiation_id, literal(_user_id(user)))))
    )
    keep_read(user, paragraph.revision.negotiation_id, suspended)
    return ParagraphPage(
        paragraph,
        paragraph_state(paragraph),
        latest_published(paragraph.revision.negotiation),
        comments_close_at=db.session.scalar(select(last_deadline(literal(paragraph.revision_id)))),
        open_meeting_id=db.session.scalar(select(open_meeting_column(negotiation_id))),
        writing_suspended=suspended,
    )


def _user_id(user: Actor | None) -> int:
    """The signed-in account's id; 0, which names no account, for anyone else."""
    return user.id if isinstance(user, User) else 0


def get_paragraph_for_its_page(
    user: Actor, negotiation_id: int, paragraph_id: int
) -> ParagraphPage:
    """`get_paragraph`, the paragraph read in the same query as what its page shows around its
    comments: its status, whether it has sub-paragraphs, the latest published revision and
    until when comments are taken on it."""
    negotiation = get_negotiation(user, negotiation_id)
    row = db.session.execute(
        _paragraph_page_statement(),
        {"paragraph_id": paragraph_id, "negotiation_id": negotiation.id, "user_id": _user_id(user)},
    ).first()
    found, mark, has_subparagraphs, latest_id, close_at, meeting_id, suspended = row or (
        (None, None, False, None, None, None, False)
    )
    paragraph = _published_in(found, negotiation)
    keep_read(user, negotiation.id, bool(suspended))
    if latest_id == paragraph.revision_id:
        latest: Revision | None = paragraph.revision
    else:
        latest = db.session.get(Revision, latest_id) if latest_id is not None else None
    return ParagraphPage(
        paragraph,
        state_or_pending(mark),
        latest,
        bool(has_subparagraphs),
        close_at,
        meeting_id,
        bool(suspended),
    )


@cache
def _paragraph_page_statement() -> Select[
    Paragraph, str | None, bool, int | None, datetime | None, int | None, bool
]:
    """The query of get_paragraph_for_its_page, built once."""
    paragraph_id = bindparam("paragraph_id", type_=Integer)
    negotiation_id = bindparam("negotiation_id", type_=Integer)
    sub = aliased(Paragraph)
    has_subparagraphs = (
        select(sub.id)
        .where(sub.revision_id == Paragraph.revision_id, sub.parent_id == Paragraph.id)
        .exists()
    )
    return (
        select(
            Paragraph,
            marked_state(paragraph_id),
            has_subparagraphs,
            latest_published_id(negotiation_id),
            last_deadline(Paragraph.revision_id),
            open_meeting_column(negotiation_id),
            writing_suspended(negotiation_id, bindparam("user_id", type_=Integer)),
        )
        .where(Paragraph.id == paragraph_id)
        .options(joinedload(Paragraph.revision))
    )


def _delegate(user: Actor) -> User:
    actor = signed_in(user)
    _own_delegation(actor)
    return actor


def _own_delegation(user: Actor) -> Delegation:
    delegation = signed_in(user).delegation
    if delegation is None:
        raise PermissionDenied("Only delegates comment, on behalf of their delegation.")
    return delegation


def speaking_for(
    user: Actor, on_behalf_of: int | str | None, negotiation: Negotiation | None = None
) -> Delegation:
    """The delegation or group the delegate may speak for; a forged choice is refused, and so
    is a group statement from a delegation not designated to speak for that group."""
    own = _own_delegation(user)
    if on_behalf_of in (None, "") or str(on_behalf_of) == str(own.id):
        return own  # its own delegation, first of its options: its groups need not be read
    for delegation in speaking_options(own):
        if str(delegation.id) == str(on_behalf_of):
            if negotiation is not None and delegation.is_group:
                check_group_speaker(negotiation, delegation, own)
            return delegation
    raise PermissionDenied(
        f"You speak for {own.name} and its groups only; the comment was not recorded."
    )


def check_group_speaker(negotiation: Negotiation, group: Delegation, own: Delegation) -> None:
    """PermissionDenied, naming who does speak, unless `own` is designated for the group."""
    if designated_for_group(negotiation, group, own):
        return
    speakers = [s.delegation.name for s in group_speakers(negotiation) if s.group_id == group.id]
    who = (
        f"only {', '.join(speakers)} speak{'s' if len(speakers) == 1 else ''} for it"
        if speakers
        else "the secretariat has designated no delegation to speak for it"
    )
    raise PermissionDenied(
        f"{own.name} is not designated to speak for {group.name} in this negotiation: {who}. "
        f"You can join its statements on behalf of {own.name}; nothing was recorded."
    )


def open_round(revision: Revision) -> ConsultationRound | None:
    """The round taking comments on this revision, or None when no round was scheduled.

    Raises Invalid when rounds were scheduled and every deadline has passed.
    """
    rounds = rounds_on(revision)
    if not rounds:
        return None
    now = utcnow()
    for consultation_round in rounds:
        if now <= consultation_round.comment_deadline:
            return consultation_round
    last = rounds[-1]
    raise Invalid(
        f"The deadline for comments on {revision.label} ({last.title}) passed on "
        f"{in_words(last.comment_deadline)}."
    )


def comments_closed(close_at: datetime | None) -> bool:
    """Whether the last round on a text has closed (`close_at`: rounds.last_deadline), so that
    no comment is taken on it (`open_round`); a text with no round takes comments."""
    return close_at is not None and utcnow() > close_at


def forms_change_at(shown: Iterable[Comment], close_at: datetime | None) -> datetime | None:
    """When a page's forms change by the clock alone: the next deadline of the rounds of the
    comments it shows (their join, edit and reply forms close), or the last deadline of the
    rounds on its text (`close_at`: its comment forms close); None if none lies ahead."""
    deadlines = [d for comment in shown if (d := open_until(comment)) is not None]
    if close_at is not None and not comments_closed(close_at):
        deadlines.append(close_at)
    return min(deadlines, default=None)


def deadline_passed(comment: Comment) -> bool:
    """Whether the deadline of the comment's round has passed: a delegation can then no longer
    change, withdraw, join or reply to it (a comment made outside a round has none)."""
    return _closed_round(comment) is not None


def open_until(comment: Comment) -> datetime | None:
    """The deadline of the comment's round while it lies ahead (pages showing the comment's
    forms change then), else None."""
    if comment.round is None or deadline_passed(comment):
        return None
    return comment.round.comment_deadline


def _closed_round(comment: Comment) -> ConsultationRound | None:
    """The comment's round once its deadline has passed."""
    closed = comment.round
    return closed if closed is not None and utcnow() > closed.comment_deadline else None


def _after_the_deadline(comment: Comment, doing: str) -> Invalid | None:
    if (closed := _closed_round(comment)) is None:
        return None
    return Invalid(
        f"The deadline of {closed.title} passed on "
        f"{in_words(closed.comment_deadline)}; the comment can no longer be {doing}."
    )


def _check_open_for_changes(comment: Comment) -> None:
    if comment.is_withdrawn:
        raise Conflict("The comment was withdrawn; it can no longer be changed.")
    if (refusal := _after_the_deadline(comment, "changed")) is not None:
        raise refusal


def closed_to_taking_part(
    comment: Comment, doing: str, latest: Revision | None
) -> ServiceError | None:
    """Why delegations can no longer join or reply to the comment (`doing`: "joined"), or None
    while they can. Joining and replying end with the comment's round and its text: not on a
    withdrawn comment, after the round's deadline, or on a text `latest` (the negotiation's
    latest published revision) superseded. Pages offer the forms by it; the writes refuse by
    it."""
    if comment.is_withdrawn:
        return Conflict(f"The comment was withdrawn; it can no longer be {doing}.")
    if (refusal := _after_the_deadline(comment, doing)) is not None:
        return refusal
    return superseded(comment, doing, latest)


def superseded(comment: Comment, doing: str, latest: Revision | None) -> Invalid | None:
    """Why the comment can no longer be `doing` ("edited") now that `latest` (the latest
    published revision) superseded the text it was made on, or None while that text is the
    latest: its wording, joins and replies answer that text, from which the co-facilitators
    drafted the next; its delegation may still withdraw it until the deadline."""
    if latest is not None and latest.id != comment.revision_id:
        return Invalid(
            f"The comment was made on {comment.revision.label}, which {latest.label} has "
            f"superseded; it can no longer be {doing}. Comment on {latest.label} instead."
        )
    return None


def _check_open_for_taking_part(comment: Comment, doing: str) -> None:
    latest = latest_published(comment.negotiation)
    if (refusal := closed_to_taking_part(comment, doing, latest)) is not None:
        raise refusal


def paragraph_of_lineage(revision: Revision, lineage_id: int) -> Paragraph | None:
    """The revision's paragraph of that lineage, if it has one (read alone, not with the
    revision's hundreds of others)."""
    return db.session.scalars(
        select(Paragraph)
        .where(Paragraph.revision_id == revision.id, Paragraph.lineage_id == lineage_id)
        .order_by(Paragraph.position)
        .limit(1)
    ).first()


def _room_base(
    revision: Revision, paragraph: Paragraph | None, kind: CommentKind, room_text: str | None
) -> str | None:
    """The room's wording an amendment was made on (the form started from it while a meeting
    was live on the paragraph), kept to read the proposal into the room's text later; None
    for a proposal made on the circulated text, or of another kind."""
    wording = (room_text or "").replace("\r\n", "\n").strip()
    if kind != CommentKind.AMEND or paragraph is None or not wording:
        return None
    if len(wording) > MAX_PROPOSED:
        raise Invalid(f"The room's wording is longer than {MAX_PROPOSED:,} characters.")
    held = select(Meeting.id).where(Meeting.base_revision_id == revision.id).limit(1)
    if db.session.scalar(held) is None:
        raise Invalid(
            f"No meeting has been held on {revision.label}: a proposal is made on the text as "
            "circulated. Reload the page; nothing was recorded."
        )
    return wording


def _made_on(paragraph: Paragraph, room: str | None) -> str:
    """The wording a proposal to amend is read against, whole with its sub-paragraphs: the
    room's it was made on, if any, else the circulated paragraph's (`amendable_text`)."""
    return amendable_text(paragraph) if room is None else room


def room_changes(circulated: str, room: str) -> tuple[DiffOp, ...]:
    """The room's changes to a paragraph as circulated, word by word (empty when the room's
    wording reads as circulated): shown apart from a delegation's own changes wherever a
    proposal made on the room's wording, or the form that starts from it, is shown."""
    return () if _same_text(circulated, room) else word_diff(circulated, room)


def _check_wording(kind: CommentKind, body: str, proposed: str | None, current: str | None) -> None:
    if len(body) > MAX_BODY:
        raise Invalid(f"The comment is longer than {MAX_BODY:,} characters.")
    if proposed is not None and len(proposed) > MAX_PROPOSED:
        raise Invalid(f"The proposed text is longer than {MAX_PROPOSED:,} characters.")
    if kind == CommentKind.AMEND:
        if not proposed:
            raise Invalid("A proposal to amend needs the paragraph as you propose it.")
        if current is not None and _same_text(proposed, current):
            raise Invalid(
                "The proposed text is identical to the current text: change the wording "
                "or choose another kind of comment."
            )
    elif kind == CommentKind.NEW_AFTER:
        if not proposed:
            raise Invalid("A proposal of a new paragraph needs the text of that paragraph.")
    elif kind in WHOLE_TEXT_KINDS and not body:
        raise Invalid(f"Write the {KIND_LABELS[kind].lower()}.")


def _refuse_repeat(
    revision: Revision,
    paragraph: Paragraph | None,
    delegation: Delegation,
    kind: CommentKind,
    visibility: Visibility,
    body: str,
    proposed: str | None,
) -> None:
    """Refuse a comment its delegation already made in the same words, for the same readers,
    on the same paragraph of the same text and has not withdrawn (two of its delegates, or a
    form filled in twice): the compilation would list the proposal twice. A later text may
    take it again."""
    earlier = db.session.execute(
        select(Comment.body, Comment.proposed_text).where(
            Comment.revision_id == revision.id,
            Comment.delegation_id == delegation.id,
            Comment.kind == kind,
            Comment.visibility == visibility,
            Comment.withdrawn_at.is_(None),
            Comment.paragraph_id.is_(None)
            if paragraph is None
            else Comment.paragraph_id == paragraph.id,
        )
    )
    for earlier_body, earlier_proposed in earlier:
        if _same_text(earlier_body, body) and _same_text(earlier_proposed or "", proposed or ""):
            place = paragraph.path if paragraph is not None else "the text as a whole"
            raise Invalid(
                f"{delegation.name} already posted this {KIND_LABELS[kind].lower()} on {place} "
                f"of {revision.label} in the same words: it was not recorded again."
            )


def _kind(value: str) -> CommentKind:
    try:
        return CommentKind(value)
    except ValueError as error:
        raise Invalid(f"“{value}” is not a kind of comment.") from error


def _visibility(value: str) -> Visibility:
    try:
        return Visibility(value or Visibility.ALL)
    except ValueError as error:
        raise Invalid(f"“{value}” is not a choice of who sees the comment.") from error


def create_comment(
    user: Actor,
    revision: Revision,
    *,
    paragraph: Paragraph | None,
    kind: str,
    body: str = "",
    proposed_text: str | None = None,
    on_behalf_of: int | str | None = None,
    visibility: str = Visibility.ALL,
    submission_key: str | None = None,
    room_text: str | None = None,
) -> Comment:
    """Record a delegation's comment or proposal on a paragraph (or on the whole text).

    `submission_key` is the one-time key of the form: sent again (a double click, a retry after
    a lost connection), it finds the comment already stored instead of storing another.
    `room_text`: the room's wording a proposal to amend was made on, when the form started from
    it during a meeting (`meeting.room_wording`).
    """
    actor = _delegate(user)
    get_negotiation(actor, revision.negotiation_id)
    key = (submission_key or "").strip()[:MAX_SUBMISSION_KEY] or None
    if key is not None and (stored := _submitted(actor, key)) is not None:
        return stored
    check_can_write(actor, revision.negotiation)
    if paragraph is not None and paragraph.revision_id != revision.id:
        raise NotFound("There is no such paragraph in this revision.")
    if not revision.is_published:
        raise NotFound("There is no such revision in this negotiation.")
    latest = latest_published(revision.negotiation)
    if latest is None or latest.id != revision.id:
        raise Invalid(
            f"Comments are taken on the latest text, {latest.label if latest else ''}; "
            f"{revision.label} has been superseded."
        )
    delegation = speaking_for(actor, on_behalf_of, revision.negotiation)
    comment_kind = _kind(kind)
    if paragraph is None and comment_kind not in WHOLE_TEXT_KINDS:
        raise Invalid("Proposals concern a paragraph: choose the paragraph first.")
    body = checked_text(body, "The comment")
    proposed = checked_text(proposed_text, "The proposed text") or None
    if comment_kind not in (CommentKind.AMEND, CommentKind.NEW_AFTER):
        proposed = None
    room = _room_base(revision, paragraph, comment_kind, room_text)
    current = _made_on(paragraph, room) if paragraph and comment_kind == CommentKind.AMEND else None
    _check_wording(comment_kind, body, proposed, current)
    consultation_round = open_round(revision)  # refuses once its deadline has passed
    seen_by = _visibility(visibility)
    _refuse_repeat(revision, paragraph, delegation, comment_kind, seen_by, body, proposed)
    comment = Comment(
        negotiation=revision.negotiation,
        revision=revision,
        paragraph=paragraph,
        lineage_id=paragraph.lineage_id if paragraph else None,
        round=consultation_round,
        delegation=delegation,
        author=actor,
        kind=comment_kind,
        body=body,
        proposed_text=proposed,
        room_text=room,
        visibility=seen_by,
        submission_key=key,
    )
    db.session.add(comment)
    try:
        db.session.flush()
    except IntegrityError:
        # The same form, sent twice at once: the other request stored it.
        db.session.rollback()
        stored = _submitted(actor, key) if key else None
        if stored is None:
            raise
        return stored
    signals.comment_posted.send(actor, comment=comment)
    commit_keeping_loaded()
    return comment


def _submitted(actor: User, key: str) -> Comment | None:
    """The comment the actor already stored with this form key (a resubmission)."""
    stored = db.session.scalar(select(Comment).where(Comment.submission_key == key))
    if stored is not None and stored.author_id != actor.id:
        raise Conflict("The form was already used by someone else; reload the page.")
    return stored


def new_submission_key() -> str:
    """A fresh one-time key for a comment form."""
    return secrets.token_urlsafe(24)


def find_submission(user: Actor, submission_key: str | None) -> Comment | None:
    """The comment the user already stored from the form with this one-time key, if any."""
    key = (submission_key or "").strip()[:MAX_SUBMISSION_KEY]
    return _submitted(signed_in(user), key) if key else None


def _require_own(user: Actor, comment: Comment) -> User:
    actor = _delegate(user)
    if not speaks_for(actor, comment):
        raise PermissionDenied("Only the delegation that made the comment can change it.")
    return actor


class EditConflict(Conflict):
    """The comment changed since the person opened it: their edit was not saved."""

    def __init__(self, comment: Comment) -> None:
        super().__init__(
            "The comment changed since you opened it (someone else edited or triaged it), so "
            "your edit was not saved. The comment is shown as it now stands; your wording is "
            "kept in the form below: save it again to replace the comment with it."
        )
        self.comment = comment


def _check_version(comment: Comment, version: int | str | None) -> None:
    if version is not None and str(version) != str(comment.version):
        raise EditConflict(comment)


def edit_comment(
    user: Actor,
    comment: Comment,
    *,
    body: str,
    proposed_text: str | None = None,
    version: int | str | None = None,
) -> Comment:
    """Change the wording of one's own comment before the deadline, while the text it was made
    on is the latest; the old wording is kept."""
    actor = _require_own(user, comment)
    check_can_write(actor, comment.negotiation)
    _check_open_for_changes(comment)
    if (
        refusal := superseded(comment, "edited", latest_published(comment.negotiation))
    ) is not None:
        raise refusal
    _check_version(comment, version)
    kind = CommentKind(comment.kind)
    body = checked_text(body, "The comment")
    proposed = checked_text(proposed_text, "The proposed text") or None
    if kind not in (CommentKind.AMEND, CommentKind.NEW_AFTER):
        proposed = None
    made = comment.paragraph
    current = _made_on(made, comment.room_text) if made and kind == CommentKind.AMEND else None
    _check_wording(kind, body, proposed, current)
    if body == comment.body and proposed == comment.proposed_text:
        raise Invalid("Nothing was changed in the comment.")
    db.session.add(
        CommentVersion(
            comment=comment, body=comment.body, proposed_text=comment.proposed_text, edited_by=actor
        )
    )
    comment.body = body
    comment.proposed_text = proposed
    comment.edited_at = utcnow()
    signals.comment_edited.send(actor, comment=comment)
    commit_keeping_loaded()
    return comment


def check_withdrawable(user: Actor, comment: Comment) -> None:
    """Raise what `withdraw_comment` would refuse, changing nothing (the confirmation step)."""
    _require_own(user, comment)
    _check_open_for_changes(comment)
    if comment.is_withdrawn:
        raise Conflict("The comment was already withdrawn.")


def withdraw_comment(user: Actor, comment: Comment) -> Comment:
    """Withdraw one's own comment before the deadline; it stays on record, shown as withdrawn."""
    check_withdrawable(user, comment)
    comment.withdrawn_at = utcnow()
    signals.comment_withdrawn.send(signed_in(user), comment=comment)
    db.session.commit()
    return comment


def join_comment(user: Actor, comment: Comment, on_behalf_of: int | str | None = None) -> Comment:
    """Join another delegation's proposal, for one's own delegation or one of its groups."""
    actor = _delegate(user)
    delegation = speaking_for(actor, on_behalf_of, comment.negotiation)
    check_can_write(actor, comment.negotiation)
    _check_open_for_taking_part(comment, "joined")
    if delegation.id == comment.delegation_id:
        raise Invalid(f"{delegation.name} made this comment; it cannot join it too.")
    if any(join.delegation_id == delegation.id for join in comment.active_joins):
        raise Invalid(f"{delegation.name} has already joined this comment.")
    db.session.add(CommentJoin(comment=comment, delegation=delegation, user=actor))
    signals.comment_joined.send(actor, comment=comment, delegation=delegation)
    commit_keeping_loaded()
    return comment


def leave_comment(user: Actor, comment: Comment, on_behalf_of: int | str | None = None) -> Comment:
    """Stop joining a comment; the join stays on record with the time it ended.

    A delegation ends only a join its own delegates made: for a group, the join of the
    delegation that joined on the group's behalf, never another's."""
    actor = _delegate(user)
    delegation = speaking_for(actor, on_behalf_of, comment.negotiation)
    for join in comment.active_joins:
        if join.delegation_id == delegation.id:
            if join.user.delegation_id != actor.delegation_id:
                raise PermissionDenied(
                    f"{join.user.delegation.name if join.user.delegation else 'Another delegation'}"
                    f" joined this comment for {delegation.name}; only it can stop joining."
                )
            join.left_at = utcnow()
            db.session.commit()
            return comment
    raise Invalid(f"{delegation.name} has not joined this comment.")


def reply_to(
    user: Actor, comment: Comment, body: str, on_behalf_of: int | str | None = None
) -> CommentReply:
    """Reply in a comment's thread, as a delegate (for a delegation) or as a co-facilitator."""
    actor = signed_in(user)
    body = checked_text(body, "The reply")
    if not body:
        raise Invalid("Write the reply.")
    if len(body) > MAX_BODY:
        raise Invalid(f"The reply is longer than {MAX_BODY:,} characters.")
    if is_facilitator(actor, comment.negotiation):
        delegation = None
        if comment.is_withdrawn:
            raise Conflict("The comment was withdrawn; its thread is closed.")
    elif actor.delegation is not None:
        delegation = speaking_for(actor, on_behalf_of, comment.negotiation)
        check_can_write(actor, comment.negotiation)
        _check_open_for_taking_part(comment, "replied to")
    else:
        raise PermissionDenied("Only delegates and the co-facilitators take part in threads.")
    reply = CommentReply(comment=comment, author=actor, delegation=delegation, body=body)
    db.session.add(reply)
    # Its id first: what tells of the reply links to it.
    db.session.flush()
    signals.comment_replied.send(actor, comment=comment, reply=reply)
    commit_keeping_loaded()
    return reply


def speakers(comment: Comment) -> str:
    """As read out in the room: “Mexico, joined by Chile and Norway”."""
    return _speakers(
        comment.delegation.name, [join.delegation.name for join in comment.active_joins]
    )


def _speakers(author: str, joined: list[str]) -> str:
    if not joined:
        return author
    names = joined[0] if len(joined) == 1 else ", ".join(joined[:-1]) + " and " + joined[-1]
    return f"{author}, joined by {names}"


#: Who spoke on a paragraph is listed on the draft view up to this many comments, then counted.
SHOWN_SPEAKERS = 4


@dataclass(frozen=True)
class ParagraphSpeakers:
    """Who spoke on one paragraph, for the draft view's summary line."""

    #: comments on it the viewer may see (withdrawn ones left out)
    count: int
    #: who made the first SHOWN_SPEAKERS of them, with who joined each
    first: tuple[str, ...]


@dataclass(frozen=True)
class _Spoken:
    """One of the first comments on a paragraph, as speakers_by_lineage reads it."""

    id: int
    lineage_id: int
    #: comments on that paragraph the viewer may see
    total: int
    #: the delegation that made it
    name: str


def _one_of(column: InstrumentedAttribute[Any], name: str, dialect: str) -> ColumnElement[bool]:
    """`column` is one of the whole numbers bound as `name`. On PostgreSQL they are bound as one
    array, so that the statement reads the same for any number of them and is prepared and
    planned once on each connection, not once for each length of the list."""
    if dialect == "postgresql":
        return column == any_(bindparam(name, type_=postgresql.ARRAY(Integer)))
    return column.in_(bindparam(name, expanding=True))


@cache
def _speakers_statement(eyes: str, dialect: str, some_lineages: bool = False) -> Select[Any]:
    """The query of speakers_by_lineage for whose eyes ("all" for those who oversee, "own" for
    a delegate, "public" for anyone else), on every lineage or on the list bound as
    `lineages`; built once: building and keying it cost more than running it."""
    negotiation_id = bindparam("negotiation_id", type_=Integer)
    conditions = [
        Comment.negotiation_id == negotiation_id,
        _one_of(Comment.lineage_id, "lineages", dialect)
        if some_lineages
        else Comment.lineage_id.is_not(None),
        Comment.withdrawn_at.is_(None),
        # Comments made on a text later withdrawn still follow their paragraph.
        Revision.state.in_([RevisionState.PUBLISHED, RevisionState.WITHDRAWN]),
        Revision.sequence <= bindparam("sequence", type_=Integer),
    ]
    if eyes != "all":
        conditions.append(comments_visible_to(eyes))
    # One pass: each comment's rank on its paragraph and the paragraph's count of comments.
    rank = func.row_number().over(partition_by=Comment.lineage_id, order_by=Comment.id)
    total = func.count(Comment.id).over(partition_by=Comment.lineage_id)
    ranked = (
        select(
            Comment.id,
            Comment.lineage_id,
            Comment.delegation_id,
            rank.label("rank"),
            total.label("total"),
        )
        .join(Revision, Comment.revision_id == Revision.id)
        .where(*conditions)
        .subquery()
    )
    # The first comments of each paragraph with who joined them, in the same pass: a list of
    # their ids sent back as bound parameters cost more than the query.
    joiner = aliased(Delegation)
    return (
        select(ranked.c.id, ranked.c.lineage_id, ranked.c.total, Delegation.name, joiner.name)
        .join(Delegation, Delegation.id == ranked.c.delegation_id)
        .outerjoin(
            CommentJoin,
            and_(CommentJoin.comment_id == ranked.c.id, CommentJoin.left_at.is_(None)),
        )
        .outerjoin(joiner, joiner.id == CommentJoin.delegation_id)
        .where(ranked.c.rank <= SHOWN_SPEAKERS)
        .order_by(ranked.c.id, CommentJoin.id)
    )


def _eyes_of_statement(eyes: str) -> str:
    """The speakers query for whose eyes a stamp names: a delegation whose comments are all open
    to everyone sees what the public sees."""
    return "own" if eyes.startswith("delegation") else eyes


@cache
def _changes_statement() -> Select[Any]:
    """Comments made or changed, and joins made, between two marks: (comment id, lineage id,
    whether the row tells of a join). Bounded above by the newer marks, so that what was
    committed after they were read (each statement reads its own snapshot on PostgreSQL) is
    left to the next request rather than counted against them. Built once.

    A comment never changed since it was made (its version is the first) is found by its id
    alone: the window of times (CHANGES_OVERLAP before the latest change read) is for changes
    committed out of their order, and a comment made out of order is caught by the count.
    Searched by time too, every comment made in the window's two seconds was read again by
    every draft view after it; in a busy room that was about half of the paragraphs at each
    view, and the database's largest statement (bench/README.md, twenty-first round)."""
    negotiation_id = bindparam("negotiation_id", type_=Integer)
    newest = bindparam("newest_comment", type_=Integer)
    newest_now = bindparam("newest_comment_now", type_=Integer)
    changed = bindparam("changed_since", type_=Comment.updated_at.type)
    changed_now = bindparam("changed_until", type_=Comment.updated_at.type)
    newest_join = bindparam("newest_join", type_=Integer)
    newest_join_now = bindparam("newest_join_now", type_=Integer)
    made_or_changed = select(Comment.id, Comment.lineage_id, literal(0).label("joined")).where(
        Comment.negotiation_id == negotiation_id,
        or_(
            and_(Comment.id > newest, Comment.id <= newest_now),
            and_(
                Comment.version > 1,
                Comment.updated_at > changed,
                Comment.updated_at <= changed_now,
            ),
        ),
    )
    joined = (
        select(Comment.id, Comment.lineage_id, literal(1).label("joined"))
        .join(CommentJoin, CommentJoin.comment_id == Comment.id)
        .where(
            Comment.negotiation_id == negotiation_id,
            CommentJoin.id > newest_join,
            CommentJoin.id <= newest_join_now,
        )
    )
    return made_or_changed.union_all(joined)  # type: ignore[return-value]


#: Each lineage's visible comments and the first of them, before merges are applied: lineage
#: id -> (how many, ((comment id, who spoke), ...) in the order they were made).
_RawSpeakers = dict[int, tuple[int, tuple[tuple[int, str], ...]]]


def _read_speakers(
    revision: Revision, eyes: str, own: int | None, lineages: list[int] | None
) -> _RawSpeakers:
    """Who spoke on each lineage (on the given ones only, when given), as the database counts
    and ranks them."""
    params: dict[str, Any] = {
        "negotiation_id": revision.negotiation_id,
        "sequence": revision.sequence or 0,
        "own": own,
    }
    if lineages is not None:
        params["lineages"] = lineages
    found = db.session.execute(
        _speakers_statement(
            _eyes_of_statement(eyes), db.session.get_bind().dialect.name, lineages is not None
        ),
        params,
    ).all()
    rows: list[_Spoken] = []
    joined: dict[int, list[str]] = {}
    for comment_id, lineage_id, total, name, joiner_name in found:
        if not rows or rows[-1].id != comment_id:
            rows.append(_Spoken(comment_id, lineage_id, total, name))
        if joiner_name is not None:
            joined.setdefault(comment_id, []).append(joiner_name)
    spoken: dict[int, list[tuple[int, str]]] = {}
    totals: dict[int, int] = {}
    for row in rows:
        totals[row.lineage_id] = row.total
        spoken.setdefault(row.lineage_id, []).append(
            (row.id, _speakers(row.name, joined.get(row.id, [])))
        )
    return {lineage: (totals[lineage], tuple(first)) for lineage, first in spoken.items()}


@dataclass(frozen=True)
class _SpeakersRead:
    """Who spoke, as read at some marks (per process, see _SPEAKERS_READ)."""

    marks: SummaryMarks
    raw: _RawSpeakers
    #: when it was read in full (time.monotonic)
    read_in_full_at: float
    #: the negotiation's merged lineages, read with it (negotiation_merges)
    merges: dict[int, int]
    #: what the draft view shows, merges applied (shared: read, never changed)
    shown: dict[int, ParagraphSpeakers]


#: The speakers last read in this process per revision and eyes: after a comment or a join,
#: only the paragraphs it touched are read again, not the 2,000 comments of all 200 of them.
#: How many revisions and eyes a process remembers.
SPEAKERS_REMEMBERED = 64
#: Keyed "revision id:eyes".
_SPEAKERS_READ = MemoryStore(SPEAKERS_REMEMBERED)
#: After this long (seconds) a revision's speakers are read in full again, whatever the marks
#: say: a change committed after later ones were read is then shown within this time (as long
#: as anything else a process remembers by marks, render_cache.remembered).
SPEAKERS_FULL_READ_EVERY = REMEMBERED_FOR
#: Comments changed this long (seconds) before the newest change already seen are read again:
#: one whose transaction committed after a later one's is usually caught at once.
CHANGES_OVERLAP = timedelta(seconds=2)


def forget_speakers() -> None:
    """Forget every revision's speakers read so far (the database went back, as in tests)."""
    _SPEAKERS_READ.clear()


def _only_comments_and_joins_added_or_changed(before: SummaryMarks, now: SummaryMarks) -> bool:
    """Whether everything but comments made or changed and joins made is as before: then only
    the paragraphs those touched need reading again."""
    return (
        before.eyes == now.eyes
        and before.joins_left == now.joins_left
        and before.newest_correction == now.newest_correction
        and before.latest_publication == now.latest_publication
        and before.latest_withdrawal == now.latest_withdrawal
        and now.comments >= before.comments
        and now.joins >= before.joins
    )


def _touched_lineages(
    negotiation_id: int, before: SummaryMarks, now: SummaryMarks
) -> set[int | None] | None:
    """The lineages whose comments were made, changed or joined since `before`, or None when
    the counts say that something else happened too (a comment or a join gone, or one
    committed after a newer one was read)."""
    newest_comment = before.newest_comment or 0
    never = datetime(1970, 1, 1, tzinfo=UTC)
    changed_since = (
        before.latest_change - CHANGES_OVERLAP if before.latest_change is not None else never
    )
    found = db.session.execute(
        _changes_statement(),
        {
            "negotiation_id": negotiation_id,
            "newest_comment": newest_comment,
            "newest_comment_now": now.newest_comment or 0,
            "changed_since": changed_since,
            "changed_until": now.latest_change or never,
            "newest_join": before.newest_join or 0,
            "newest_join_now": now.newest_join or 0,
        },
    ).all()
    made = sum(1 for comment_id, _, joined in found if not joined and comment_id > newest_comment)
    joins = sum(1 for _, _, joined in found if joined)
    if now.comments - before.comments != made or now.joins - before.joins != joins:
        return None
    return {lineage_id for _, lineage_id, _ in found}


def speakers_by_lineage(
    user: Actor, revision: Revision, marks: SummaryMarks | None = None
) -> dict[int, ParagraphSpeakers]:
    """lineage id -> who spoke on that paragraph, for the draft view's summary lines: counted
    and ranked by the database, so the page reads a few rows per paragraph however many
    comments the text has.

    With the `marks` read before (summary_marks), what this process read at earlier marks is
    brought up to date by reading again only the paragraphs touched since."""
    actor = signed_in(user)
    if not revision.is_published:
        return {}
    if marks is None:
        marks = summary_marks(actor, revision)
    own = actor.delegation_id if isinstance(actor, User) else None
    key = f"{revision.id}:{marks.eyes}"
    before: _SpeakersRead | None = _SPEAKERS_READ.get(key)
    now = time.monotonic()
    read: _SpeakersRead | None = None
    if before is not None and now - before.read_in_full_at < SPEAKERS_FULL_READ_EVERY:
        if before.marks == marks:
            return before.shown
        if _only_comments_and_joins_added_or_changed(before.marks, marks):
            read = _brought_up_to_date(revision, before, marks, own)
    if read is None:
        raw = _read_speakers(revision, marks.eyes, own, None)
        merges = negotiation_merges(revision.negotiation_id)
        read = _SpeakersRead(marks, raw, now, merges, _merged_speakers(raw, merges))
    _SPEAKERS_READ.set(key, read)
    return read.shown


def _brought_up_to_date(
    revision: Revision, before: _SpeakersRead, marks: SummaryMarks, own: int | None
) -> _SpeakersRead | None:
    """What was read at earlier marks with the paragraphs touched since read again, or None
    when the counts say that something else happened too. No pairing was corrected since
    (the marks say so), so the merges are those read before."""
    touched = _touched_lineages(revision.negotiation_id, before.marks, marks)
    if touched is None:
        return None
    lineages = sorted(lineage for lineage in touched if lineage is not None)
    fresh = _read_speakers(revision, marks.eyes, own, lineages) if lineages else {}
    raw = {lineage: spoken for lineage, spoken in before.raw.items() if lineage not in touched}
    raw.update(fresh)
    if before.merges:
        shown = _merged_speakers(raw, before.merges)
    else:  # each line its own: only the touched ones change
        shown = {
            lineage: spoken for lineage, spoken in before.shown.items() if lineage not in touched
        }
        shown.update(_merged_speakers(fresh, {}))
    return _SpeakersRead(marks, raw, before.read_in_full_at, before.merges, shown)


def _merged_speakers(raw: _RawSpeakers, merged: dict[int, int]) -> dict[int, ParagraphSpeakers]:
    """A paragraph merged into another is spoken of under the one it was merged into."""
    counts: dict[int, int] = {}
    first: dict[int, list[tuple[int, str]]] = {}
    for lineage_id, (count, spoken) in raw.items():
        target = merged.get(lineage_id, lineage_id)
        counts[target] = counts.get(target, 0) + count
        first.setdefault(target, []).extend(spoken)
    return {
        lineage: ParagraphSpeakers(
            count, tuple(name for _, name in sorted(first.get(lineage, ()))[:SHOWN_SPEAKERS])
        )
        for lineage, count in counts.items()
    }


@cache
def _summary_statement() -> Select[Any]:
    """The query of summary_marks, built once (building it took longer than running it). The
    comments and joins are read as the figures kept of them (tracker.services.tallies), so its
    cost does not grow with them."""
    negotiation_id = bindparam("negotiation_id", type_=Integer)
    own = bindparam("own", type_=Integer)
    in_negotiation = Revision.negotiation_id == negotiation_id
    not_public = or_(Comment.visibility != Visibility.ALL, Comment.hidden_at.is_not(None))
    own_unpublic = delegation_wrote_any(own, Comment.negotiation_id == negotiation_id, not_public)
    tally = select(CommentTally).where(CommentTally.negotiation_id == negotiation_id).subquery()
    statuses = (
        select(func.max(ParagraphStatusChange.id))
        .join(Paragraph, Paragraph.id == ParagraphStatusChange.paragraph_id)
        .join(Revision, Revision.id == Paragraph.revision_id)
        .where(in_negotiation)
    )
    corrections = (
        select(func.max(LineageCorrection.id))
        .join(Paragraph, Paragraph.id == LineageCorrection.paragraph_id)
        .join(Revision, Revision.id == Paragraph.revision_id)
        .where(in_negotiation)
    )
    texts = (
        select(func.max(Revision.published_at), func.max(Revision.withdrawn_at))
        .where(in_negotiation)
        .subquery()
    )
    return select(
        func.coalesce(tally.c.comments, 0),
        tally.c.newest_comment,
        tally.c.latest_change,
        own_unpublic.label("own_unpublic"),
        func.coalesce(tally.c.joins, 0),
        tally.c.newest_join,
        func.coalesce(tally.c.joins_left, 0),
        statuses.scalar_subquery(),
        corrections.scalar_subquery(),
        *texts.c,
        last_deadline(bindparam("revision_id", type_=Integer)),
        writing_suspended(
            bindparam("negotiation_id", type_=Integer), bindparam("user_id", type_=Integer)
        ),
    ).select_from(texts.outerjoin(tally, true()))


@dataclass(frozen=True)
class SummaryMarks:
    """Everything the draft view's per-paragraph lines are made from, as one viewer may see it,
    read in one query (summary_marks)."""

    #: the negotiation's comments: how many, the newest, the latest change to any (a
    #: withdrawal, hiding, triage or edit bumps `updated_at`)
    comments: int
    newest_comment: int | None
    latest_change: datetime | None
    #: their joins: how many, the newest, how many ended
    joins: int
    newest_join: int | None
    joins_left: int
    #: the newest paragraph status and pairing correction (merges and splits included)
    newest_status: int | None
    newest_correction: int | None
    #: the revisions' latest publication and withdrawal
    latest_publication: datetime | None
    latest_withdrawal: datetime | None
    #: whose eyes: "all" for everyone who oversees, "delegation<id>" for a delegate whose
    #: delegation has comments not open to all (they see those too), else "public"
    eyes: str
    #: the last deadline of the rounds on the revision (rounds.last_deadline; None: no round)
    comments_close_at: datetime | None = None
    #: whether the co-facilitators have suspended the viewer's writing in the negotiation
    writing_suspended: bool = False

    @property
    def stamp(self) -> str:
        """The marks as one string, changing whenever a line could: the lines are composed
        once per stamp and reused (tracker.render_cache)."""
        return "-".join(str(getattr(self, name)) for name in self.__dataclass_fields__)


def summary_marks(user: Actor, revision: Revision) -> SummaryMarks:
    """The marks of everything the draft view's per-paragraph lines are made from, as this
    user may see it (one query). Read before the lines themselves, so lines stored under its
    stamp are never older than it."""
    actor = signed_in(user)
    negotiation = revision.negotiation
    own = actor.delegation_id if isinstance(actor, User) else None
    row = db.session.execute(
        _summary_statement(),
        {
            "negotiation_id": negotiation.id,
            "own": own,
            "revision_id": revision.id,
            "user_id": _user_id(actor),
        },
    ).one()
    keep_read(actor, negotiation.id, bool(row[12]))
    if oversees(actor, negotiation):
        eyes = "all"
    elif row.own_unpublic:
        eyes = f"delegation{own}"
    else:
        eyes = "public"
    return SummaryMarks(
        comments=row[0],
        newest_comment=row[1],
        latest_change=row[2],
        joins=row[4],
        newest_join=row[5],
        joins_left=row[6],
        newest_status=row[7],
        newest_correction=row[8],
        latest_publication=row[9],
        latest_withdrawal=row[10],
        eyes=eyes,
        comments_close_at=row[11],
        writing_suspended=bool(row[12]),
    )


class CommentView:
    """A comment as shown under a paragraph of some revision.

    The word diffs are computed when a page first shows them: the draft view lists only counts,
    and a busy negotiation has thousands of comments.
    """

    def __init__(
        self,
        comment: Comment,
        current: Paragraph | None = None,
        *,
        reply_count: int | None = None,
    ) -> None:
        self.comment = comment
        self.current = current
        self._reply_count = reply_count
        self.speakers = speakers(comment)
        made = comment.paragraph
        moved_on = made is not None and (current is None or current.id != made.id)
        #: "Zero draft OP10" when the comment was made on an earlier text, "Rev.1 OP3 as the
        #: room had it" when on a meeting's wording of it; empty otherwise.
        self.made_on = f"{comment.revision.label} {made.path}" if moved_on and made else ""
        if made is not None and comment.room_text is not None:
            self.made_on = f"{comment.revision.label} {made.path} as the room had it"
        #: whether agreed_wording was looked up (with the other comments of the page)
        self.wording_checked = False
        #: the adopted paragraph the proposal's wording restores word for word, if any
        self.agreed_wording: Precedent | None = None

    @property
    def reply_count(self) -> int:
        """Replies in the comment's thread."""
        return len(self.comment.replies) if self._reply_count is None else self._reply_count

    @cached_property
    def since(self) -> tuple[DiffOp, ...]:
        """How the paragraph changed since the comment was made (empty if it did not)."""
        made, current = self.comment.paragraph, self.current
        if made is None or current is None or current.id == made.id:
            return ()
        return () if _same_text(made.text, current.text) else word_diff(made.text, current.text)

    @cached_property
    def reads_as_proposed(self) -> bool:
        """For a proposal to amend made on an earlier text: whether the paragraph has changed
        since to read as proposed (the co-facilitators took it up word for word)."""
        comment, current = self.comment, self.current
        if not self.since or comment.kind != CommentKind.AMEND or not comment.proposed_text:
            return False
        assert current is not None  # `since` compares it with the paragraph commented on
        return _same_text(amendable_text(current), comment.proposed_text)

    @cached_property
    def room_changes(self) -> tuple[DiffOp, ...]:
        """For a proposal to amend made on the room's wording in a meeting: that wording
        against the paragraph as circulated (empty when the room had not changed it, or the
        proposal was made on the circulated text), so that the room's changes are never read
        as the delegation's (`proposal` is against the room's wording)."""
        made, comment = self.comment.paragraph, self.comment
        if (
            comment.kind != CommentKind.AMEND
            or made is None
            or not comment.proposed_text
            or comment.room_text is None
        ):
            return ()
        return room_changes(amendable_text(made), comment.room_text)

    @cached_property
    def proposal(self) -> tuple[DiffOp, ...]:
        """For a proposal to amend: the proposed text against the text it was made on (the
        room's wording, for one made on it: `room_changes` shows how that differs)."""
        made, comment = self.comment.paragraph, self.comment
        if comment.kind != CommentKind.AMEND or made is None or not comment.proposed_text:
            return ()
        # Line breaks between sub-paragraphs are kept apart, so that no deleted and inserted
        # words run together when the diff is read or copied.
        before = _made_on(made, comment.room_text)
        return word_diff(before, comment.proposed_text)


@dataclass(frozen=True)
class Pager:
    """Which page of a long list is shown: page `number` (from 1) of `size` items, of `total`."""

    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def first(self) -> int:
        """The position (from 1) of the first item on the page."""
        return min(self.offset + 1, self.total)

    @property
    def last(self) -> int:
        return min(self.offset + self.size, self.total)


def _page_number(requested: int | str | None) -> int:
    """The page number asked for (from the address): 1 unless it reads as a page number."""
    text = str(requested or "1")
    return max(int(text), 1) if text.isascii() and text.isdigit() and len(text) < 9 else 1


def pager(requested: int | str | None, total: int, size: int = PAGE_SIZE) -> Pager:
    """The page asked for (a number from the address), kept within the pages there are."""
    pages = max(1, -(-total // size))
    return Pager(min(_page_number(requested), pages), size, total)


@dataclass
class RevisionComments:
    """Every comment the user may see, placed on a revision: under paragraphs by lineage, on the
    text as a whole, and on paragraphs no longer in the text."""

    revision: Revision
    by_lineage: dict[int, list[CommentView]] = field(default_factory=dict)
    whole_text: list[CommentView] = field(default_factory=list)
    orphaned: list[CommentView] = field(default_factory=list)
    #: The page shown, when the list is paged.
    page: Pager | None = None

    def count(self, lineage_id: int) -> int:
        """Comments under a paragraph that are not withdrawn."""
        return sum(
            1 for view in self.by_lineage.get(lineage_id, []) if not view.comment.is_withdrawn
        )


def view_of(
    comment: Comment,
    current: Paragraph | None = None,
    *,
    reply_count: int | None = None,
) -> CommentView:
    """A comment shown against the paragraph as it now stands (or as it was, when gone);
    `reply_count`, when the list read it with the comment, spares reading its replies."""
    return CommentView(comment, current, reply_count=reply_count)


#: What a comment's lists hold, read with the comment: whether anyone joined it, whether it was
#: triaged, how many replies it has. (Whether it was edited is on its own row, `is_edited`: asked
#: of the versions for each comment, PostgreSQL searched them all for each comment on a list
#: when it had planned the statement while there were none.)
_JOINED = (
    select(CommentJoin.id).where(CommentJoin.comment_id == Comment.id).exists().label("joined")
)
_TRIAGED = (
    select(TriageChange.id).where(TriageChange.comment_id == Comment.id).exists().label("triaged")
)
_REPLY_COUNT = (
    select(func.count(CommentReply.id))
    .where(CommentReply.comment_id == Comment.id)
    .scalar_subquery()
    .label("reply_count")
)


_PLACEMENTS = ("paragraph", "lineage", "unplaced", "all")


def _unplaced(dialect: str) -> ColumnElement[bool]:
    """Comments on the text as a whole, or on no paragraph of the revision `revision_id` nor
    one merged into one of them (the merges read by the same query: the draft view asks this
    for every page, and it is mostly empty). On PostgreSQL the lineages with no paragraph here
    are read first, as one array that the comments' lineage index is searched for: asked of
    each comment, it had PostgreSQL read every comment of the negotiation (3.7 ms at 20,000)."""
    on_this_text = select(Paragraph.lineage_id).where(
        Paragraph.revision_id == bindparam("revision_id", type_=Integer)
    )
    merged_here = select(Lineage.id).where(Lineage.merged_into_id.in_(on_this_text))
    if dialect == "postgresql":
        elsewhere = (
            select(func.array_agg(Lineage.id))
            .where(
                Lineage.negotiation_id == bindparam("negotiation_id", type_=Integer),
                Lineage.id.not_in(on_this_text),
                Lineage.id.not_in(merged_here),
            )
            .scalar_subquery()
        )
        return or_(
            Comment.lineage_id.is_(None),
            Comment.lineage_id == any_(cast(elsewhere, postgresql.ARRAY(Integer))),
        )
    placed_here = or_(Comment.lineage_id.in_(on_this_text), Comment.lineage_id.in_(merged_here))
    return or_(Comment.lineage_id.is_(None), ~placed_here)


@cache
def _comments_statement(eyes: str, placement: str, reading: str, dialect: str) -> Select[Any]:
    """The queries of `comments_on`, built once for each kind of list (building and keying
    them cost the paragraph page more than the database took to answer): the comments of the
    negotiation (`negotiation_id`) made on its texts up to `sequence`, for whose eyes
    (`access.comment_eyes`, with the `own` delegation), and placed (`_PLACEMENTS`):

    - "paragraph": on the lineage `lineage_id` or one merged into it (looked up as one set of
      lineages in the comments' lineage index: "its lineage, or one merged into it" had
      PostgreSQL walk every comment of the negotiation);
    - "lineage": on that lineage alone (a paragraph no longer in the text);
    - "unplaced": on the text as a whole, or on no paragraph of the revision `revision_id`
      (`_unplaced`, written for the `dialect` of the database);
    - "all": every one.

    `reading` is "count" (how many), "all" (every one, loaded) or "page" (the page from
    `offset` of `size`, written into the statement so that PostgreSQL plans the prepared
    statement once for every paragraph: as parameters it planned it again at every run)."""
    if placement not in _PLACEMENTS:
        raise ValueError(f"no such placement of comments: {placement}")
    lineage_id = bindparam("lineage_id", type_=Integer)
    conditions: list[ColumnElement[bool]] = [
        Comment.negotiation_id == bindparam("negotiation_id", type_=Integer),
        # Comments made on a text later withdrawn still follow their paragraph.
        Revision.state.in_([RevisionState.PUBLISHED, RevisionState.WITHDRAWN]),
        Revision.sequence <= bindparam("sequence", type_=Integer),
        comments_visible_to(eyes),
    ]
    if placement == "paragraph":
        lineages_here = select(Lineage.id).where(
            or_(Lineage.id == lineage_id, Lineage.merged_into_id == lineage_id)
        )
        conditions.append(Comment.lineage_id.in_(lineages_here))
    elif placement == "lineage":
        conditions.append(Comment.lineage_id == lineage_id)
    elif placement == "unplaced":
        conditions.append(_unplaced(dialect))
    if reading == "count":
        return (
            select(func.count(Comment.id))
            .join(Revision, Comment.revision_id == Revision.id)
            .where(*conditions)
        )
    query = (
        select(Comment, _REPLY_COUNT, _JOINED)
        .join(Revision, Comment.revision_id == Revision.id)
        .where(*conditions)
        .order_by(Comment.id)
        # Loaded together: a page lists every comment, and one query per comment and relation
        # made the draft page of a busy negotiation take seconds.
        # The relations a comment card shows come in the same query (the revision from the
        # join above), and so do its count of replies (all a card shows of them) and
        # whether anyone joined it; who joined, in one query more when anyone did. The round
        # too: after its deadline a card offers no joining.
        .options(
            contains_eager(Comment.revision),
            joinedload(Comment.paragraph),
            joinedload(Comment.round),
            joinedload(Comment.delegation),
            joinedload(Comment.author).joinedload(User.delegation),
        )
    )
    if reading == "page":
        query = query.offset(bindparam("offset", type_=Integer, literal_execute=True)).limit(
            bindparam("size", type_=Integer, literal_execute=True)
        )
    return query


def comments_on(
    user: Actor,
    revision: Revision,
    *,
    unplaced_only: bool = False,
    lineage_id: int | None = None,
    paragraph: Paragraph | None = None,
    page: int | str | None = None,
) -> RevisionComments:
    """Comments made on this revision or earlier ones, placed where their lineage now stands.

    `unplaced_only` leaves out those under the revision's paragraphs (the draft view lists them
    with `speakers_by_lineage`) and keeps the ones on the whole text or on paragraphs gone;
    `paragraph` (one of the revision's), or its `lineage_id`, keeps only the comments on that
    paragraph (its own page). With `page`, only that page of PAGE_SIZE comments is loaded
    (oldest first).
    """
    signed_in(user)
    placed = RevisionComments(revision)
    if not revision.is_published:
        return placed
    # Comments on a paragraph later merged into one of these are placed under it.
    merged: dict[int, int] = {}
    here: dict[int, Paragraph] = {}
    placement = "all"
    one_paragraph = paragraph is not None or lineage_id is not None
    if one_paragraph:  # one paragraph's page
        if paragraph is None:
            paragraph = paragraph_of_lineage(revision, lineage_id or 0)
        lineage_id = paragraph.lineage_id if paragraph is not None else lineage_id
        # With the paragraph: its lineage and those merged into it.
        placement = "paragraph" if paragraph is not None else "lineage"
    elif unplaced_only:
        placement = "unplaced"
    else:  # unplaced comments are on no paragraph of this text
        merged = merged_into(revision)
        by_lineage = {p.lineage_id: p for p in revision.paragraphs}
        here = by_lineage | {m: by_lineage[t] for m, t in merged.items()}
    eyes = comment_eyes(user, revision.negotiation)
    parameters: dict[str, Any] = {
        "negotiation_id": revision.negotiation_id,
        "sequence": revision.sequence or 0,
        "own": user.delegation_id if isinstance(user, User) else None,
        "lineage_id": lineage_id,
        "revision_id": revision.id,
    }

    dialect = db.session.get_bind().dialect.name

    def counted() -> int:
        statement = _comments_statement(eyes, placement, "count", dialect)
        return db.session.scalar(statement, parameters) or 0

    limit: Pager | None = None
    if page is not None:
        if one_paragraph and _page_number(page) == 1:
            # One paragraph's comments mostly fit on the first page: read first, counted
            # below only when they fill it.
            limit = pager(1, PAGE_SIZE)
        else:
            # Counted first, by a narrow query: an empty list (the usual footer of the draft
            # view) costs one small query, and the loading query below is not run at all.
            total = counted()
            placed.page = limit = pager(page, total)
            if not total:
                return placed
    if limit is not None:
        parameters |= {"offset": limit.offset, "size": limit.size}
    query = _comments_statement(eyes, placement, "page" if limit is not None else "all", dialect)
    rows = db.session.execute(query, parameters).all()
    if limit is not None and placed.page is None:
        full = len(rows) == limit.size
        placed.page = pager(1, counted() if full else len(rows))
    load_joins([comment for comment, *_, joined in rows if joined])
    for comment, reply_count, joined in rows:
        if not joined:
            set_committed_value(comment, "joins", [])
        if not can_see(user, comment):
            continue
        current = paragraph or here.get(comment.lineage_id or 0)
        view = view_of(
            comment,
            current if comment.lineage_id is not None else None,
            reply_count=reply_count,
        )
        if comment.lineage_id is None:
            placed.whole_text.append(view)
        elif current is not None:
            placed.by_lineage.setdefault(current.lineage_id, []).append(view)
        else:
            placed.orphaned.append(view)
    views = placed.whole_text + placed.orphaned
    for listed in placed.by_lineage.values():
        views += listed
    check_agreed_wording(views)
    return placed


def load_joins(joined: list[Comment]) -> None:
    """Read who joined these comments, with the joining delegations and delegates, in one
    query for all of them."""
    if not joined:
        return
    by_comment: dict[int, list[CommentJoin]] = {comment.id: [] for comment in joined}
    statement = _joins_statement(db.session.get_bind().dialect.name)
    for join in db.session.scalars(statement, {"comment_ids": list(by_comment)}):
        by_comment[join.comment_id].append(join)
    for comment in joined:
        set_committed_value(comment, "joins", by_comment[comment.id])


@cache
def _joins_statement(dialect: str) -> Select[CommentJoin]:
    """The query of `load_joins` (the comments as `comment_ids`), built once."""
    return (
        select(CommentJoin)
        .where(_one_of(CommentJoin.comment_id, "comment_ids", dialect))
        .order_by(CommentJoin.id)
        .options(joinedload(CommentJoin.delegation), joinedload(CommentJoin.user))
    )


def get_comment_in_full(user: Actor, negotiation_id: int, comment_id: int) -> Comment:
    """`get_comment`, the comment read in the same query as what its own page shows of it
    (see `read_for_its_page`), which is also what joining, replying to and editing it check
    and announce: its round, delegation, author, text and paragraph, and who joined it."""
    # Read first, and held while the access check finds it in the session (which keeps only
    # what something refers to).
    held = _read_with_lists(comment_id, user)
    comment = get_comment(user, negotiation_id, comment_id)
    del held
    return comment


def read_for_its_page(comment: Comment) -> None:
    """Read what the comment's own page shows of it in two queries at most, unless that was
    read with the comment: its delegation and author, the text, paragraph and round it was
    made on, which of its lists (earlier wordings, replies, triage history, joins) are empty,
    and who joined it when anyone did. The other lists are read when the page shows them."""
    if {"delegation", "author", "joins"} & inspect(comment).unloaded:
        _read_with_lists(comment.id)


@cache
def _with_lists_statement() -> Select[Any]:
    """The query of `_read_with_lists` (the comment as `comment_id`), built once."""
    return (
        select(
            Comment,
            _REPLY_COUNT,
            _TRIAGED,
            _JOINED,
            writing_suspended(Comment.negotiation_id, bindparam("user_id", type_=Integer)),
        )
        .where(Comment.id == bindparam("comment_id", type_=Integer))
        .options(
            joinedload(Comment.delegation),
            joinedload(Comment.author),
            # Where the page says the comment was made: the text, the paragraph, the round.
            joinedload(Comment.revision),
            joinedload(Comment.paragraph),
            joinedload(Comment.round),
        )
    )


def _read_with_lists(comment_id: int, reader: Actor | None = None) -> Comment | None:
    """The comment with its lists (see `read_for_its_page`), and, kept for the request,
    whether the reader's writing is suspended in its negotiation (their forms and writes)."""
    row = db.session.execute(
        _with_lists_statement(), {"comment_id": comment_id, "user_id": _user_id(reader)}
    ).first()
    if row is None:
        return None
    comment: Comment = row[0]
    reply_count, triaged, joined, suspended = row[1:]
    if reader is not None:
        keep_read(reader, comment.negotiation_id, suspended)
    present = {"versions": comment.is_edited, "replies": reply_count, "triage_changes": triaged}
    for name in [name for name, any_rows in present.items() if not any_rows]:
        set_committed_value(comment, name, [])
    if joined:
        load_joins([comment])
    else:
        set_committed_value(comment, "joins", [])
    return comment


def check_agreed_wording(views: list[CommentView]) -> None:
    """Look up, for every proposal of a page at once, the adopted paragraph its wording
    restores word for word (one query, not one per proposal)."""
    texts = [view.comment.proposed_text for view in views if view.comment.proposed_text]
    agreed = proposal_agreed(texts) if texts else {}
    for view in views:
        wording = view.comment.proposed_text
        view.agreed_wording = agreed.get(fingerprint(wording)) if wording else None
        view.wording_checked = True
