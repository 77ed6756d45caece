"""Notifications in the app (new texts, replies, triage decisions) and each person's Atom feed of
a negotiation, read with a personal token because feed readers cannot sign in.

Notifications are written by subscribers to the domain signals in `tracker.signals`: the
services that publish, reply and triage send a signal and know nothing of this module."""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, cast

from feedgen.feed import FeedGenerator
from flask import current_app, g, has_request_context
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Integer,
    ScalarSelect,
    Select,
    bindparam,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, joinedload

from tracker import data_generation, signals
from tracker.extensions import db
from tracker.models import (
    Comment,
    CommentReply,
    ConsultationRound,
    FeedKey,
    Negotiation,
    NegotiationFacilitator,
    Notification,
    NotificationKind,
    Revision,
    RevisionState,
    Role,
    TriageChange,
    User,
    UTCDateTime,
    Visibility,
    utcnow,
)
from tracker.moments import in_words
from tracker.services import NotFound
from tracker.services.access import Actor, can_see, signed_in
from tracker.services.triage import triage_label

#: How many notifications the page lists; older ones stay stored.
PAGE_SIZE = 200
#: How many entries a feed carries, newest first.
FEED_SIZE = 100
_FEED_SALT = "tracker.feed"


def revision_path(revision: Revision) -> str:
    """The app path of a revision page."""
    return f"/negotiations/{revision.negotiation_id}/revisions/{revision.id}"


def round_path(consultation_round: ConsultationRound) -> str:
    """The app path of a consultation round's page."""
    return f"/negotiations/{consultation_round.negotiation_id}/rounds/{consultation_round.id}"


def comment_path(comment: Comment) -> str:
    """The app path of a comment page."""
    return f"/negotiations/{comment.negotiation_id}/comments/{comment.id}"


def reply_path(reply: CommentReply) -> str:
    """The app path of a reply: its comment's page, landing at the reply itself."""
    return f"{comment_path(reply.comment)}#reply-{reply.id}"


def _notify(
    recipients: Select[int],
    *,
    negotiation: Negotiation,
    kind: str,
    text: str,
    link: str,
) -> None:
    """One INSERT … SELECT for every recipient, however many thousands there are."""
    columns = ["user_id", "negotiation_id", "kind", "text", "link", "created_at"]
    rows = select(
        User.id,
        literal(negotiation.id),
        literal(str(kind)),
        literal(text),
        literal(link),
        literal(utcnow(), UTCDateTime()),
    ).where(User.id.in_(recipients), User.active.is_(True))
    # Not flushing first keeps the caller's own commit the place where its optimistic-locking
    # and uniqueness checks fire, so its conflict handling still catches them.
    with db.session.no_autoflush:
        db.session.execute(insert(Notification).from_select(columns, rows))


def notify_users(
    recipients: Select[int], negotiation: Negotiation, kind: str, text: str, link: str
) -> None:
    """Notify these people in the app of something in the negotiation (caller commits)."""
    _notify(recipients, negotiation=negotiation, kind=kind, text=text, link=link)


def round_name(consultation_round: ConsultationRound) -> str:
    """A round as messages name it, with the text it is on (`First reading on Rev.1`), or
    its title alone when the title names that text already (`Informal consultations on
    Rev.2`)."""
    title, label = consultation_round.title, consultation_round.revision.label
    if re.search(rf"(?<![\w.]){re.escape(label)}(?![\w.]*\d)", title, re.IGNORECASE):
        return title
    return f"{title} on {label}"


def comment_place(comment: Comment) -> str:
    """Where a comment was made, as messages name it: `Rev.1 OP3`."""
    where = comment.paragraph.path if comment.paragraph is not None else "the text as a whole"
    return f"{comment.revision.label} {where}"


@signals.revision_published.connect
def notify_revision_published(actor: User, revision: Revision, **_: object) -> None:
    """Tell every delegate and the co-facilitators that a text was circulated (caller commits)."""
    negotiation = revision.negotiation
    facilitators = select(NegotiationFacilitator.user_id).where(
        NegotiationFacilitator.negotiation_id == negotiation.id
    )
    recipients = select(User.id).where(
        or_(User.role == Role.DELEGATE.value, User.id.in_(facilitators)), User.id != actor.id
    )
    _notify(
        recipients,
        negotiation=negotiation,
        kind=NotificationKind.REVISION_PUBLISHED,
        text=f"{revision.label} of “{negotiation.title}” was published.",
        link=revision_path(revision),
    )


def _delegation_users(delegation_ids: Iterable[int | None], actor: User) -> Select[int]:
    wanted = sorted({d for d in delegation_ids if d is not None})
    return select(User.id).where(User.delegation_id.in_(wanted), User.id != actor.id)


@signals.comment_replied.connect
def notify_reply(actor: User, comment: Comment, reply: CommentReply, **_: object) -> None:
    """Tell the delegation that made a comment that someone replied to it, linking to the
    reply (caller commits)."""
    who = actor.delegation.name if actor.delegation is not None else actor.name
    _notify(
        _delegation_users([comment.delegation_id, comment.author.delegation_id], actor),
        negotiation=comment.negotiation,
        kind=NotificationKind.REPLY,
        text=f"{who} replied to your comment on {comment_place(comment)}.",
        link=reply_path(reply),
    )


def triage_news(comment: Comment, status_label: str) -> list[tuple[list[int | None], str]]:
    """Who hears of a triage decision and in which words: the delegation that made the comment
    (and the one of the delegate who wrote it) of their own comment, then the delegations
    joining it of the comment they joined."""
    own: list[int | None] = [comment.delegation_id, comment.author.delegation_id]
    with db.session.no_autoflush:
        joining = [
            delegation
            for join in comment.active_joins
            for delegation in (join.delegation_id, join.user.delegation_id)
            if delegation not in own
        ]
    place = comment_place(comment)
    return [
        (own, f"Your comment on {place} is now “{status_label}”."),
        (
            joining,
            f"The comment of {comment.delegation.name} on {place}, which you joined, "
            f"is now “{status_label}”.",
        ),
    ]


@signals.comment_triaged.connect
def notify_triage(actor: User, comment: Comment, status_label: str, **_: object) -> None:
    """Tell the author delegation and those joining a comment of its new triage (caller commits)."""
    for delegations, text in triage_news(comment, status_label):
        if delegations:
            _notify(
                _delegation_users(delegations, actor),
                negotiation=comment.negotiation,
                kind=NotificationKind.TRIAGE,
                text=text,
                link=comment_path(comment),
            )


def notifications_for(user: Actor, limit: int = PAGE_SIZE) -> list[Notification]:
    """The user's notifications, newest first, each with its negotiation (the page names it)."""
    actor = signed_in(user)
    return list(
        db.session.scalars(
            select(Notification)
            .options(joinedload(Notification.negotiation))
            .where(Notification.user_id == actor.id)
            .order_by(Notification.id.desc())
            .limit(limit)
        )
    )


#: Unread notifications are counted up to this many; the header then says "99+". Every comment
#: notifies the co-facilitators, so counting all of them would cost each of their pages more
#: with every comment they have not read.
UNREAD_COUNTED = 100


def unread_count(user: Actor) -> int:
    """How many of the user's notifications are unread, up to UNREAD_COUNTED: as read with the
    person when the request began, while that reading stands, else read now."""
    actor = signed_in(user)
    if has_request_context() and data_generation.first_reading_stands():
        first = g.get(_UNREAD_READ_FIRST)
        if first is not None and first[0] == actor.id:
            return int(first[1])
    return db.session.scalar(_unread_statement(), {"user_id": actor.id}) or 0


def unread_shown(count: int) -> str:
    """The unread count as the header shows it ("" for none)."""
    if count >= UNREAD_COUNTED:
        return f"{UNREAD_COUNTED - 1}+"
    return str(count) if count else ""


def _unread_counted(
    user_id: ColumnElement[int] | InstrumentedAttribute[int],
) -> ScalarSelect[int]:
    """How many of the person's notifications are unread, up to UNREAD_COUNTED, as a column."""
    unread = (
        select(Notification.id)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .correlate(User)  # the person's row, when `user_id` is its column
        .limit(UNREAD_COUNTED)
        .subquery()
    )
    return select(func.count()).select_from(unread).scalar_subquery()


def unread_with_person() -> ScalarSelect[int]:
    """The unread count as a column of the signed-in person's row, read with them as a request
    begins (tracker.load_user): every page's header shows it, and so it costs no query of its
    own."""
    return _unread_counted(User.id)


def read_with_person(user_id: int, unread: int) -> None:
    """Keep the unread count read with the person for this request's pages."""
    setattr(g, _UNREAD_READ_FIRST, (user_id, unread))


#: Where a request keeps (person id, unread count) as read with the person (in `g`).
_UNREAD_READ_FIRST = "unread_notifications"


@cache
def _unread_statement() -> Select[int]:
    """The query of unread_count, built once: every page's header asks it."""
    return select(_unread_counted(bindparam("user_id", type_=Integer)))


def mark_read(user: Actor, notification_id: int) -> Notification:
    """Mark one of the user's notifications read; someone else's is reported as missing."""
    actor = signed_in(user)
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != actor.id:
        raise NotFound("There is no such notification.")
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.commit()
    return notification


def mark_all_read(user: Actor) -> int:
    """Mark every unread notification of the user read; returns how many."""
    actor = signed_in(user)
    result = cast(
        CursorResult[Any],
        db.session.execute(
            update(Notification)
            .where(Notification.user_id == actor.id, Notification.read_at.is_(None))
            .values(read_at=utcnow())
        ),
    )
    db.session.commit()
    return result.rowcount or 0


# Personal feed tokens ---------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_FEED_SALT)


def feed_token(user: Actor) -> str:
    """The user's personal token for feed links, creating their secret on first use."""
    actor = signed_in(user)
    key = db.session.get(FeedKey, actor.id)
    if key is None:
        key = FeedKey(user_id=actor.id, secret=secrets.token_urlsafe(32))
        db.session.add(key)
        try:
            db.session.commit()
        except IntegrityError:
            # The same person opened the page twice at once: the first secret stands.
            db.session.rollback()
            key = db.get_or_404(FeedKey, actor.id)
    return _serializer().dumps([actor.id, key.secret])


def reset_feed_token(user: Actor) -> str:
    """Replace the user's feed secret, so links given out before stop working; the new token."""
    actor = signed_in(user)
    key = db.session.get(FeedKey, actor.id)
    if key is None:
        key = FeedKey(user_id=actor.id, secret="")
        db.session.add(key)
    key.secret = secrets.token_urlsafe(32)
    key.created_at = utcnow()
    db.session.commit()
    return _serializer().dumps([actor.id, key.secret])


def user_for_feed_token(token: str | None) -> User:
    """The active user a feed token belongs to; NotFound for a forged, stale or empty token."""
    missing = NotFound("There is no such feed: the link is wrong or was replaced.")
    if not token:
        raise missing
    try:
        user_id, secret = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError) as error:
        raise missing from error
    if not isinstance(user_id, int) or not isinstance(secret, str):
        raise missing
    key = db.session.get(FeedKey, user_id)
    if key is None or not hmac.compare_digest(key.secret.encode(), secret.encode()):
        raise missing
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        raise missing
    return user


# The Atom feed ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedEntry:
    """One thing that happened in a negotiation, as a feed reader shows it."""

    key: str
    title: str
    summary: str
    path: str
    updated: datetime


#: Further entries for a negotiation's feed, added by the modules that own those events when
#: the app starts (silence procedures and comments come from the announcements).
FEED_SOURCES: list[Callable[[User, Negotiation], list[FeedEntry]]] = []


def feed_entries(user: Actor, negotiation: Negotiation) -> list[FeedEntry]:
    """Published revisions, rounds and triage decisions on comments open to all, newest first."""
    actor = signed_in(user)
    entries = []
    for revision in db.session.scalars(
        select(Revision).where(
            Revision.negotiation_id == negotiation.id,
            Revision.state == RevisionState.PUBLISHED,
        )
    ):
        entries.append(
            FeedEntry(
                f"revision-{revision.id}",
                f"{revision.label} published",
                f"{revision.label} of “{negotiation.title}” was circulated.",
                revision_path(revision),
                revision.published_at or revision.created_at,
            )
        )
    for consultation_round in db.session.scalars(
        select(ConsultationRound).where(ConsultationRound.negotiation_id == negotiation.id)
    ):
        entries.append(
            FeedEntry(
                f"round-{consultation_round.id}",
                round_name(consultation_round),
                f"Meets {in_words(consultation_round.starts_at)}; written comments "
                f"by {in_words(consultation_round.comment_deadline)}.",
                round_path(consultation_round),
                consultation_round.updated_at or consultation_round.created_at,
            )
        )
    changes = db.session.scalars(
        select(TriageChange)
        .join(Comment, Comment.id == TriageChange.comment_id)
        .where(Comment.negotiation_id == negotiation.id)
        .order_by(TriageChange.id.desc())
        .limit(FEED_SIZE * 2)
    )
    for change in changes:
        comment = change.comment
        # A feed link may end up in a shared reader: facilitator-only comments stay in the app.
        if comment.visibility != Visibility.ALL or not can_see(actor, comment):
            continue
        reply = f" Reply: {change.reply}" if change.reply else ""
        entries.append(
            FeedEntry(
                f"triage-{change.id}",
                f"Comment of {comment.delegation.name} on {comment_place(comment)}: "
                f"{triage_label(change).lower()}",
                f"Decided by the co-facilitators.{reply}",
                comment_path(comment),
                change.created_at,
            )
        )
    for source in FEED_SOURCES:
        entries += source(actor, negotiation)
    entries.sort(key=lambda entry: entry.updated, reverse=True)
    return entries[:FEED_SIZE]


def negotiation_feed(
    user: Actor, negotiation: Negotiation, *, base_url: str, feed_url: str
) -> bytes:
    """The negotiation's Atom feed as the user may see it."""
    actor = signed_in(user)
    entries = feed_entries(actor, negotiation)
    base = base_url.rstrip("/")
    feed = FeedGenerator()
    feed.id(f"{base}/negotiations/{negotiation.id}")
    feed.title(negotiation.title)
    feed.subtitle("Texts, consultation rounds and decisions on comments")
    feed.link(href=f"{base}/negotiations/{negotiation.id}", rel="alternate")
    # The self link omits the token: the token is the reader's secret, not the feed's name.
    feed.link(href=feed_url, rel="self")
    feed.updated(entries[0].updated if entries else negotiation.created_at)
    for entry in reversed(entries):  # feedgen lists the last added first
        item = feed.add_entry()
        item.id(f"{base}/negotiations/{negotiation.id}#{entry.key}")
        item.title(entry.title)
        item.summary(entry.summary)
        item.link(href=base + entry.path)
        item.updated(entry.updated)
    atom: bytes = feed.atom_str(pretty=True)
    return atom
