"""Dealing with abuse: co-facilitators hide a comment (kept, shown as hidden to them and its
delegation, and reversible) and suspend an account's writing in their negotiation."""

from __future__ import annotations

import functools

from flask import g, has_request_context
from sqlalchemy import ColumnElement, Exists, Integer, Select, bindparam, literal, select
from sqlalchemy.orm import InstrumentedAttribute

from tracker.extensions import db
from tracker.models import Comment, Negotiation, User, WritingSuspension, utcnow
from tracker.services import Conflict, Invalid, NotFound, PermissionDenied
from tracker.services.access import Actor, require_overseer
from tracker.services.audit import record

MAX_REASON = 500


def hide_comment(user: Actor, comment: Comment, hidden: bool = True) -> Comment:
    """Hide an abusive comment from the delegations (or show it again); nothing is deleted."""
    actor = require_overseer(user, comment.negotiation, "hide comments")
    if comment.is_hidden == hidden:
        raise Conflict("The comment is already hidden." if hidden else "The comment is not hidden.")
    comment.hidden_at = utcnow() if hidden else None
    comment.hidden_by = actor if hidden else None
    record(
        actor,
        "comment.hide" if hidden else "comment.unhide",
        f"{'Hid' if hidden else 'Showed again'} comment {comment.id} by "
        f"{comment.delegation.name} ({comment.author.email})",
        negotiation=comment.negotiation,
        comment_id=comment.id,
    )
    db.session.commit()
    return comment


def active_suspension(account: User, negotiation: Negotiation) -> WritingSuspension | None:
    """The suspension of the account's writing in the negotiation, if one is in force."""
    return db.session.scalar(
        _active_suspension_statement(), {"negotiation_id": negotiation.id, "user_id": account.id}
    )


@functools.cache
def _active_suspension_statement() -> Select[WritingSuspension]:
    """The query of `active_suspension`, built once."""
    return select(WritingSuspension).where(
        WritingSuspension.negotiation_id == bindparam("negotiation_id", type_=Integer),
        WritingSuspension.user_id == bindparam("user_id", type_=Integer),
        WritingSuspension.lifted_at.is_(None),
    )


#: What a delegate whose writing is suspended is told, where a form would be and on refusal.
SUSPENDED = (
    "The co-facilitators have suspended your account's comments, joins and replies in this "
    "negotiation; you can still read."
)


def writing_suspended(
    negotiation_id: ColumnElement[int] | InstrumentedAttribute[int], user_id: ColumnElement[int]
) -> Exists:
    """Whether the account's writing is suspended in the negotiation, as a column of a query a
    page makes anyway (the paragraph page's, the draft view's marks): a page offers a suspended
    delegate no form to type into, at no query of its own."""
    return (
        select(WritingSuspension.id)
        .where(
            WritingSuspension.negotiation_id == negotiation_id,
            WritingSuspension.user_id == user_id,
            WritingSuspension.lifted_at.is_(None),
        )
        .exists()
    )


def writing_suspended_for(user: Actor, negotiation_id: int) -> bool:
    """Whether the co-facilitators have suspended the user's writing (comments and proposals,
    their edits, joins and replies) in the negotiation: the one rule every page asks before
    offering those forms, and every write before recording one. Asked once a request; a page
    whose own query read it (`writing_suspended` as a column) keeps it with `keep_read`, and
    asks no query of its own."""
    if not isinstance(user, User) or user.delegation_id is None:
        return False  # only a delegate's writing is ever suspended
    read = _read_this_request()
    key = (user.id, negotiation_id)
    if key not in read:
        statement = select(writing_suspended(literal(negotiation_id), literal(user.id)))
        read[key] = bool(db.session.scalar(statement))
    return read[key]


def keep_read(user: Actor, negotiation_id: int, suspended: bool) -> None:
    """Keep, for the rest of the request, whether the user's writing is suspended in the
    negotiation, as a page's query read it with what it shows (`writing_suspended`)."""
    if isinstance(user, User):
        _read_this_request()[(user.id, negotiation_id)] = bool(suspended)


#: Where a request keeps what it read of suspensions: (account id, negotiation id) -> suspended.
_READ = "writing_suspensions_read"


def _read_this_request() -> dict[tuple[int, int], bool]:
    """The suspensions this request read (a new dict, kept nowhere, outside a request)."""
    if not has_request_context():
        return {}
    read: dict[tuple[int, int], bool] = g.setdefault(_READ, {})
    return read


def check_can_write(account: User, negotiation: Negotiation) -> None:
    """PermissionDenied when the account's writing is suspended in the negotiation."""
    if writing_suspended_for(account, negotiation.id):
        raise PermissionDenied(f"{SUSPENDED} Nothing was recorded.")


def _account_in(negotiation: Negotiation, account_id: int) -> User:
    account = db.session.get(User, account_id)
    if account is None or account.delegation_id is None:
        raise NotFound("There is no such delegate account.")
    return account


def suspend_writing(
    user: Actor, negotiation: Negotiation, account_id: int, reason: str = ""
) -> WritingSuspension:
    """Stop a delegate account from commenting, joining and replying in the negotiation."""
    actor = require_overseer(user, negotiation, "suspend an account's writing")
    account = _account_in(negotiation, account_id)
    reason = " ".join((reason or "").split())
    if len(reason) > MAX_REASON:
        raise Invalid(f"The reason is longer than {MAX_REASON} characters.")
    if active_suspension(account, negotiation) is not None:
        raise Conflict(f"{account.name}'s writing is already suspended.")
    suspension = WritingSuspension(
        negotiation_id=negotiation.id, user=account, suspended_by=actor, reason=reason
    )
    db.session.add(suspension)
    _read_this_request().pop((account.id, negotiation.id), None)
    record(
        actor,
        "writing.suspend",
        f"Suspended the writing of {account.email}" + (f": {reason}" if reason else ""),
        negotiation=negotiation,
    )
    db.session.commit()
    return suspension


def lift_suspension(user: Actor, negotiation: Negotiation, account_id: int) -> User:
    """Let the account write again; the suspension stays on record."""
    actor = require_overseer(user, negotiation, "lift a suspension")
    account = _account_in(negotiation, account_id)
    suspension = active_suspension(account, negotiation)
    if suspension is None:
        raise Conflict(f"{account.name}'s writing is not suspended.")
    suspension.lifted_at = utcnow()
    suspension.lifted_by = actor
    _read_this_request().pop((account.id, negotiation.id), None)
    record(
        actor, "writing.lift", f"Lifted the suspension of {account.email}", negotiation=negotiation
    )
    db.session.commit()
    return account


def suspensions(user: Actor, negotiation: Negotiation) -> list[WritingSuspension]:
    """Every suspension in the negotiation, in force first, for its overseers."""
    require_overseer(user, negotiation, "see suspensions")
    return list(
        db.session.scalars(
            select(WritingSuspension)
            .where(WritingSuspension.negotiation_id == negotiation.id)
            .order_by(WritingSuspension.lifted_at.is_not(None), WritingSuspension.id.desc())
        )
    )
