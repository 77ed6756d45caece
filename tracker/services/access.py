"""Who may do what. Every service asks here; views never decide permissions themselves."""

from __future__ import annotations

from flask_login import AnonymousUserMixin
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Negotiation, NegotiationFacilitator, Revision, User
from tracker.services import NotFound, PermissionDenied

Actor = User | AnonymousUserMixin


def signed_in(user: Actor) -> User:
    """The user, or PermissionDenied for anonymous visitors."""
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied("Please sign in.")
    return user


def is_facilitator(user: Actor, negotiation: Negotiation) -> bool:
    """Whether the user co-facilitates this negotiation."""
    if not isinstance(user, User):
        return False
    return (
        db.session.scalar(
            select(NegotiationFacilitator.user_id).where(
                NegotiationFacilitator.negotiation_id == negotiation.id,
                NegotiationFacilitator.user_id == user.id,
            )
        )
        is not None
    )


def can_manage_negotiations(user: Actor) -> bool:
    """Secretariat and admins set up negotiations and accounts."""
    return isinstance(user, User) and user.is_secretariat


def can_edit_text(user: Actor, negotiation: Negotiation) -> bool:
    """Co-facilitators of this negotiation upload and publish its revisions."""
    return is_facilitator(user, negotiation)


def can_see_previews(user: Actor, negotiation: Negotiation) -> bool:
    """Unpublished previews are for the negotiation's co-facilitators and the secretariat."""
    return is_facilitator(user, negotiation) or can_manage_negotiations(user)


def require_facilitator(user: Actor, negotiation: Negotiation) -> User:
    """The user if they co-facilitate the negotiation, else PermissionDenied."""
    actor = signed_in(user)
    if not is_facilitator(actor, negotiation):
        raise PermissionDenied("Only the co-facilitators of this negotiation can do that.")
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


def get_negotiation(user: Actor, negotiation_id: int) -> Negotiation:
    """A negotiation any signed-in participant may read (GA texts are open to all delegations)."""
    signed_in(user)
    negotiation = db.session.get(Negotiation, negotiation_id)
    if negotiation is None:
        raise NotFound("There is no such negotiation.")
    return negotiation


def get_revision(user: Actor, negotiation_id: int, revision_id: int) -> Revision:
    """A revision of that negotiation the user may see: published, or a preview they may see.

    A preview someone may not see is reported as missing, so its existence does not leak.
    """
    negotiation = get_negotiation(user, negotiation_id)
    revision = db.session.get(Revision, revision_id)
    if revision is None or revision.negotiation_id != negotiation.id:
        raise NotFound("There is no such revision in this negotiation.")
    if not revision.is_published and not can_see_previews(user, negotiation):
        raise NotFound("There is no such revision in this negotiation.")
    return revision


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
