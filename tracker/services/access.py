"""Who may do what: each rule named once. Services and views ask here; nothing else decides a
permission."""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any, Protocol, TypeAlias, TypeVar, cast

from flask_login import AnonymousUserMixin
from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    bindparam,
    event,
    exists,
    false,
    inspect,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.interfaces import ORMOption
from sqlalchemy.orm.util import identity_key

from tracker.extensions import db
from tracker.models import (
    Comment,
    Delegation,
    GroupSpeaker,
    Negotiation,
    NegotiationFacilitator,
    Revision,
    Role,
    User,
    Visibility,
)
from tracker.services import NotFound, PermissionDenied

#: Whoever makes a request: a signed-in user or an anonymous visitor.
Actor: TypeAlias = User | AnonymousUserMixin


def signed_in(user: Actor) -> User:
    """The user, or PermissionDenied for anonymous visitors."""
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied("Please sign in.")
    return user


def is_facilitator(user: Actor, negotiation: Negotiation) -> bool:
    """Whether the user co-facilitates this negotiation.

    Asked once per person and negotiation until the session next writes or ends its
    transaction: a page asks it for every comment it shows."""
    if not isinstance(user, User):
        return False
    session = db.session
    known: dict[tuple[int, int], bool] = session.info.setdefault(_FACILITATES, {})
    key = (user.id, negotiation.id)
    unsaved = session.new or session.dirty or session.deleted
    if key in known and not unsaved:
        return known[key]
    answer = bool(
        session.scalar(
            _facilitates_statement(), {"user_id": user.id, "negotiation_id": negotiation.id}
        )
    )
    _remember_facilitator(user, negotiation, answer)
    return answer


#: The parameters of the access statements below, built once (building a statement on every
#: request took longer than the database took to answer it).
_USER_ID = bindparam("user_id", type_=Integer)
_OWN_DELEGATION = bindparam("own", type_=Integer)
_NEGOTIATION_ID = bindparam("negotiation_id", type_=Integer)
_RECORD_ID = bindparam("record_id", type_=Integer)


def _facilitates(negotiation_id: object) -> ColumnElement[bool]:
    """Whether the user (the `user_id` parameter) co-facilitates the negotiation, as a query
    column."""
    return (
        select(NegotiationFacilitator.user_id)
        .where(
            NegotiationFacilitator.negotiation_id == negotiation_id,
            NegotiationFacilitator.user_id == _USER_ID,
        )
        .exists()
    )


@functools.cache
def _facilitates_statement() -> Select[bool]:
    return select(_facilitates(_NEGOTIATION_ID))


def _remember_facilitator(user: User, negotiation: Negotiation, answer: bool) -> None:
    db.session.info.setdefault(_FACILITATES, {})[(user.id, negotiation.id)] = answer


#: Session.info keys of the answers of is_facilitator and designated_groups, forgotten at
#: every flush and at the end of every transaction (an appointment or a designation is a
#: write: it is never missed).
_FACILITATES = "access.facilitates"
_DESIGNATED = "access.designated"


@event.listens_for(Session, "after_flush")
@event.listens_for(Session, "after_transaction_end")
def _forget_facilitators(session: Session, *_: object) -> None:
    session.info.pop(_FACILITATES, None)
    session.info.pop(_DESIGNATED, None)


def can_manage_negotiations(user: Actor) -> bool:
    """Secretariat and admins set up negotiations and accounts."""
    return isinstance(user, User) and user.is_secretariat


def oversees(user: Actor, negotiation: Negotiation) -> bool:
    """The negotiation's co-facilitators and the secretariat: they see previews, every comment,
    the audit trail and the compilation, and edit the negotiation's details."""
    return can_manage_negotiations(user) or is_facilitator(user, negotiation)


def speaks_for(user: Actor, comment: Comment) -> bool:
    """Whether the user is a delegate of the delegation that wrote the comment."""
    return (
        isinstance(user, User)
        and user.delegation_id is not None
        and user.delegation_id in (comment.author.delegation_id, comment.delegation_id)
    )


def open_to_all(visibility: str, hidden_at: datetime | None) -> bool:
    """Whether a comment with that visibility is for everyone: open to all and not hidden."""
    return visibility == Visibility.ALL and hidden_at is None


def can_see(user: Actor, comment: Comment) -> bool:
    """Comments open to all are for everyone; facilitator-only ones, and those the
    co-facilitators hid as abusive, for their author delegation, the co-facilitators and the
    secretariat."""
    if open_to_all(comment.visibility, comment.hidden_at):
        return True
    return speaks_for(user, comment) or oversees(user, comment.negotiation)


def comment_eyes(user: Actor, negotiation: Negotiation) -> str:
    """Whose eyes a list of the negotiation's comments is for: "all" for those who oversee,
    "own" for a delegate (their delegation's comments too), "public" for anyone else."""
    if oversees(user, negotiation):
        return "all"
    if isinstance(user, User) and user.delegation_id is not None:
        return "own"
    return "public"


def _comments_visible(eyes: str, own: int | None | ColumnElement[int]) -> ColumnElement[bool]:
    """`can_see` as a query condition on Comment for whose eyes (`comment_eyes`), a delegate's
    delegation being `own`."""
    if eyes == "all":
        return true()
    open_to_all = and_(Comment.visibility == Visibility.ALL, Comment.hidden_at.is_(None))
    if eyes == "public":
        return open_to_all
    return or_(open_to_all, comments_of_delegation(own))


def comments_of_delegation(own: int | None | ColumnElement[int]) -> ColumnElement[bool]:
    """Comments a delegation wrote: in its name, or by one of its delegates for a group (what
    `speaks_for` says of a comment), as a query condition."""
    return or_(Comment.delegation_id == own, _written_by_delegates_of(own))


def delegation_wrote_any(
    own: int | None | ColumnElement[int], *conditions: ColumnElement[bool]
) -> ColumnElement[bool]:
    """Whether a delegation wrote any comment that meets `conditions` (comments_of_delegation
    as a question): asked of each way of writing apart, so that each is answered by its own
    index and never by reading all the comments."""
    return or_(
        exists().where(Comment.delegation_id == own, *conditions),
        exists().where(_written_by_delegates_of(own), *conditions),
    )


def _written_by_delegates_of(own: int | None | ColumnElement[int]) -> ColumnElement[bool]:
    # Correlated when `own` is a column of the enclosing query (each delegation of a list).
    return Comment.author_id.in_(
        select(User.id).where(User.delegation_id == own).correlate_except(User)
    )


@functools.cache
def comments_visible_to(eyes: str) -> ColumnElement[bool]:
    """`_comments_visible` for statements built once: the delegation is their `own`
    parameter."""
    return _comments_visible(eyes, _OWN_DELEGATION)


def visible_comments(user: Actor, negotiation: Negotiation) -> ColumnElement[bool]:
    """`can_see` as a query condition on Comment, so lists are filtered and paged in SQL."""
    own = user.delegation_id if isinstance(user, User) else None
    return _comments_visible(comment_eyes(user, negotiation), own)


def can_moderate(user: Actor, negotiation: Negotiation) -> bool:
    """Who hides abusive comments and suspends an account's writing: those who oversee."""
    return oversees(user, negotiation)


def require_facilitator(user: Actor, negotiation: Negotiation) -> User:
    """The user if they co-facilitate the negotiation, else PermissionDenied."""
    actor = signed_in(user)
    if not is_facilitator(actor, negotiation):
        raise PermissionDenied("Only the co-facilitators of this negotiation can do that.")
    return actor


def require_facilitation(user: Actor, negotiation: Negotiation) -> User:
    """The user if they may do the co-facilitators' work on this negotiation (upload, publish,
    withdraw, triage, correct pairings): its co-facilitators, or the secretariat acting for
    them (recorded as such, see `acting_details`); else PermissionDenied."""
    actor = signed_in(user)
    if not oversees(actor, negotiation):
        raise PermissionDenied(
            "Only the co-facilitators of this negotiation, or the secretariat acting for them, "
            "can do that."
        )
    return actor


def acts_for_facilitators(user: Actor, negotiation: Negotiation) -> bool:
    """Whether the user does the co-facilitators' work as the secretariat, not as one of them."""
    return can_manage_negotiations(user) and not is_facilitator(user, negotiation)


def acting_details(user: Actor, negotiation: Negotiation) -> dict[str, bool]:
    """Audit details that record the secretariat acting for the co-facilitators."""
    return {"for_facilitators": True} if acts_for_facilitators(user, negotiation) else {}


def require_overseer(user: Actor, negotiation: Negotiation, doing: str) -> User:
    """The user if they oversee the negotiation, else PermissionDenied saying who may do it."""
    actor = signed_in(user)
    if not oversees(actor, negotiation):
        raise PermissionDenied(f"Only the co-facilitators and the secretariat {doing}.")
    return actor


def require_secretariat(user: Actor) -> User:
    """The user if secretariat or admin, else PermissionDenied."""
    actor = signed_in(user)
    if not actor.is_secretariat:
        raise PermissionDenied("Only the secretariat can do that.")
    return actor


def require_admin(user: Actor) -> User:
    """The user if admin, else PermissionDenied."""
    actor = signed_in(user)
    if not actor.is_admin:
        raise PermissionDenied("Only administrators can do that.")
    return actor


Stored = TypeVar("Stored")


def get_existing(kind: type[Stored], record_id: object, missing: str) -> Stored:
    """The stored record of that kind and id, or NotFound saying `missing`."""
    record = db.session.get(kind, record_id)
    if record is None:
        raise NotFound(missing)
    return record


def get_negotiation(user: Actor, negotiation_id: int) -> Negotiation:
    """A negotiation any signed-in participant may read (GA texts are open to all delegations)."""
    actor = signed_in(user)
    known = _negotiation_read(actor, negotiation_id)
    if known is not None:
        return known
    row = db.session.execute(
        _with_negotiation_statement(None, actor.delegation_id is not None, ()),
        _asked_parameters(actor, negotiation_id),
    ).first()
    if row is None:
        raise NotFound("There is no such negotiation.")
    negotiation, facilitates, designated_any = row
    return _answers_read(actor, negotiation, facilitates, designated_any)


def _negotiation_read(actor: User, negotiation_id: int) -> Negotiation | None:
    """The negotiation when this request read it already (a page checks its negotiation, then
    each record's), while its answers about the user are still known."""
    known = db.session.identity_map.get(identity_key(Negotiation, negotiation_id))
    if known is not None and (actor.id, negotiation_id) in db.session.info.get(_FACILITATES, {}):
        return known
    return None


def _asked_with_negotiation(delegate: bool) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """Read with a negotiation: whether the user co-facilitates it, which nearly every page
    asks next, and for a delegate whether their delegation speaks for any group in it, which
    every comment form and card asks (most speak for none)."""
    speaks_for_groups = (
        select(GroupSpeaker.group_id)
        .where(
            GroupSpeaker.negotiation_id == Negotiation.id,
            GroupSpeaker.delegation_id == _OWN_DELEGATION,
        )
        .exists()
        if delegate
        else false()
    )
    return _facilitates(Negotiation.id), speaks_for_groups


@functools.cache
def _with_negotiation_statement(
    kind: type | None, delegate: bool, options: tuple[ORMOption, ...]
) -> Select[*tuple[Any, ...]]:
    """A negotiation (`negotiation_id`), with a record of that kind in it first (`record_id`)
    when a kind is given, and what is asked with the negotiation (`_asked_with_negotiation`)
    about the user (`user_id`, `own`): one statement per kind, built once. `options` are a
    constant of the caller's (a new tuple on every call would build a new statement each
    time)."""
    asked = _asked_with_negotiation(delegate)
    if kind is None:
        return select(Negotiation, *asked).where(Negotiation.id == _NEGOTIATION_ID)
    return (
        select(kind, Negotiation, *asked)
        .join(Negotiation, Negotiation.id == kind.negotiation_id)  # type: ignore[attr-defined]
        .where(kind.id == _RECORD_ID, Negotiation.id == _NEGOTIATION_ID)  # type: ignore[attr-defined]
        .options(*options)
    )


def _asked_parameters(actor: User, negotiation_id: int, **more: int) -> dict[str, Any]:
    return {
        "negotiation_id": negotiation_id,
        "user_id": actor.id,
        "own": actor.delegation_id,
        **more,
    }


def _answers_read(
    actor: User, negotiation: Negotiation, facilitates: bool, designated_any: bool
) -> Negotiation:
    _remember_facilitator(actor, negotiation, facilitates)
    if actor.delegation_id is not None and not designated_any:
        _remember_designated(negotiation.id, actor.delegation_id, set())
    return negotiation


class _OfNegotiation(Protocol):
    @property
    def negotiation_id(self) -> int: ...


Recorded = TypeVar("Recorded", bound=_OfNegotiation)


def get_of_negotiation(
    user: Actor,
    negotiation_id: int,
    kind: type[Recorded],
    record_id: int,
    name: str,
    options: tuple[ORMOption, ...] = (),
) -> Recorded:
    """A record of that negotiation (a round, a silence procedure, ...) for any signed-in
    participant; one of another negotiation is reported as missing, like one that is not.
    `options` load what the page shows with it in the same query: a module's constant, so
    that the statement is built once."""
    actor = signed_in(user)
    negotiation = _negotiation_read(actor, negotiation_id)
    in_session = db.session.identity_map.get(identity_key(kind, record_id)) is not None
    if negotiation is None and not in_session:
        # The record, its negotiation and what is asked with it, in one query.
        row = db.session.execute(
            _with_negotiation_statement(kind, actor.delegation_id is not None, options),
            _asked_parameters(actor, negotiation_id, record_id=record_id),
        ).first()
        if row is None:
            get_negotiation(actor, negotiation_id)  # when it is the negotiation that is missing
            raise NotFound(f"There is no such {name} in this negotiation.")
        found, negotiation, facilitates, designated_any = row
        record = cast(Recorded, found)
        _answers_read(actor, negotiation, facilitates, designated_any)
    else:
        if negotiation is None:
            negotiation = get_negotiation(actor, negotiation_id)
        stored = db.session.get(kind, record_id, options=options)
        if stored is None or stored.negotiation_id != negotiation.id:
            raise NotFound(f"There is no such {name} in this negotiation.")
        record = stored
    hold_negotiation(record, negotiation)
    return record


def hold_negotiation(record: object, negotiation: Negotiation) -> None:
    """Give a record checked against its negotiation that negotiation as its `negotiation`
    relation: the session forgets an object nothing refers to, so a page reading the
    negotiation through the record would otherwise read it from the database a second time."""
    state = inspect(record)
    if "negotiation" in state.mapper.relationships and "negotiation" in state.unloaded:
        set_committed_value(record, "negotiation", negotiation)


#: A revision's page says who published it: read with it, not in a query of its own.
_WITH_PUBLISHER = (joinedload(Revision.published_by),)


def get_revision(user: Actor, negotiation_id: int, revision_id: int) -> Revision:
    """A revision of that negotiation the user may see: published, or a preview they may see.

    A preview someone may not see is reported as missing, so its existence does not leak.
    """
    revision = get_of_negotiation(
        user,
        negotiation_id,
        Revision,
        revision_id,
        "revision",
        options=_WITH_PUBLISHER,
    )
    if not revision.was_circulated and not oversees(user, revision.negotiation):
        raise NotFound("There is no such revision in this negotiation.")
    return revision


def can_manage_account(user: Actor, account: User) -> bool:
    """The secretariat manages delegates' and co-facilitators' accounts; admins manage all."""
    if not isinstance(user, User) or not user.is_secretariat:
        return False
    return user.is_admin or account.role not in (Role.ADMIN, Role.SECRETARIAT)


def designated_for_group(
    negotiation: Negotiation, group: Delegation, delegation: Delegation
) -> bool:
    """Whether the secretariat designated this delegation to speak for the group in the
    negotiation (as its chair or coordinator, or an alternate)."""
    return (
        db.session.scalar(
            select(GroupSpeaker.delegation_id).where(
                GroupSpeaker.negotiation_id == negotiation.id,
                GroupSpeaker.group_id == group.id,
                GroupSpeaker.delegation_id == delegation.id,
            )
        )
        is not None
    )


def designated_groups(negotiation: Negotiation, delegation: Delegation) -> set[int]:
    """The groups (ids) this delegation was designated to speak for in the negotiation: those
    for which designated_for_group holds, in one query (none when `get_negotiation` found
    that it speaks for no group there, until the session next writes or ends its
    transaction)."""
    key = (negotiation.id, delegation.id)
    known: dict[tuple[int, int], set[int]] = db.session.info.get(_DESIGNATED, {})
    if key in known and not (db.session.new or db.session.dirty or db.session.deleted):
        return set(known[key])
    groups = set(
        db.session.scalars(
            select(GroupSpeaker.group_id).where(
                GroupSpeaker.negotiation_id == negotiation.id,
                GroupSpeaker.delegation_id == delegation.id,
            )
        )
    )
    _remember_designated(negotiation.id, delegation.id, groups)
    return groups


def _remember_designated(negotiation_id: int, delegation_id: int, groups: set[int]) -> None:
    db.session.info.setdefault(_DESIGNATED, {})[(negotiation_id, delegation_id)] = set(groups)


def require_library_editor(user: Actor, negotiation: Negotiation) -> User:
    """The user if they may add this negotiation's texts to the library: the secretariat, or
    its co-facilitators."""
    actor = signed_in(user)
    if not can_add_to_library(actor, negotiation):
        raise PermissionDenied("Only the secretariat or the co-facilitators can do that.")
    return actor


def can_add_to_library(user: Actor, negotiation: Negotiation) -> bool:
    """The secretariat and the negotiation's co-facilitators add its texts to the library."""
    return can_manage_negotiations(user) or is_facilitator(user, negotiation)
