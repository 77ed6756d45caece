"""Negotiations: set up by the secretariat, run by their co-facilitators."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.extensions import db
from tracker.models import Negotiation, NegotiationFacilitator, NegotiationStatus, Role, User
from tracker.services import Invalid
from tracker.services.access import Actor, require_overseer, require_secretariat, signed_in
from tracker.services.audit import record


def list_negotiations(user: Actor) -> list[Negotiation]:
    """Every negotiation, newest first: all are open to every signed-in participant."""
    signed_in(user)
    return list(
        db.session.scalars(
            select(Negotiation)
            .order_by(Negotiation.id.desc())
            # The list shows each one's latest text and co-facilitators: load them together.
            .options(
                selectinload(Negotiation.revisions),
                selectinload(Negotiation.facilitator_links).selectinload(
                    NegotiationFacilitator.user
                ),
            )
        )
    )


def listed_emails(text: str) -> list[str]:
    """The addresses of a list as people write one: a line each, or after commas, semicolons
    or spaces (`amina@un.example, lars@un.example`)."""
    return [email for email in re.split(r"[\s,;]+", text or "") if email]


def _facilitators_by_email(emails: list[str]) -> list[User]:
    found = []
    for email in emails:
        email = email.strip().lower()
        if not email:
            continue
        person = db.session.scalar(select(User).where(User.email == email))
        if person is None:
            raise Invalid(f"There is no account for co-facilitator {email}: create it first.")
        if person.role == Role.DELEGATE:
            # A delegate co-facilitating would see facilitator-only comments of other
            # delegations while acting for their own; GA practice separates the two roles.
            raise Invalid(f"{email} is a delegate; co-facilitators act for no delegation.")
        found.append(person)
    return found


def create_negotiation(
    user: Actor, *, title: str, mandate: str, facilitator_emails: list[str]
) -> Negotiation:
    """Create a negotiation with its co-facilitators (secretariat only)."""
    actor = require_secretariat(user)
    title = " ".join(title.split())
    if not title:
        raise Invalid("Enter the title of the negotiation.")
    facilitators = _facilitators_by_email(facilitator_emails)
    negotiation = Negotiation(title=title, mandate=mandate.strip(), created_by=actor)
    negotiation.facilitator_links = [NegotiationFacilitator(user=f) for f in facilitators]
    db.session.add(negotiation)
    db.session.flush()
    record(actor, "negotiation.create", f"Created negotiation “{title}”", negotiation=negotiation)
    db.session.commit()
    return negotiation


def update_negotiation(
    user: Actor,
    negotiation: Negotiation,
    *,
    title: str,
    mandate: str,
    status: str,
    facilitator_emails: list[str] | None = None,
) -> Negotiation:
    """Edit title, mandate and status (secretariat or its co-facilitators); the secretariat
    also assigns co-facilitators."""
    actor = require_overseer(user, negotiation, "edit the negotiation")
    if status not in {s.value for s in NegotiationStatus}:
        raise Invalid(f"Unknown status {status!r}.")
    title = " ".join(title.split())
    if not title:
        raise Invalid("Enter the title of the negotiation.")
    wanted = None
    if facilitator_emails is not None:
        require_secretariat(actor)
        wanted = _facilitators_by_email(facilitator_emails)
        if not wanted and negotiation.facilitator_links:
            # Emptied by mistake, the list would leave the delegations' comments for the
            # co-facilitators with no one to read them and the text with no one to revise it.
            raise Invalid(
                "Co-facilitators: a negotiation keeps at least one. Enter who takes over "
                "before removing the last."
            )
    changes = []
    if status != negotiation.status:
        changes.append(f"status {negotiation.status} → {status}")
    negotiation.title, negotiation.mandate, negotiation.status = (
        title,
        mandate.strip(),
        NegotiationStatus(status),
    )
    if wanted is not None:
        current = {link.user_id: link for link in negotiation.facilitator_links}
        negotiation.facilitator_links = [
            current.get(f.id) or NegotiationFacilitator(user=f) for f in wanted
        ]
        changes.append("co-facilitators " + ", ".join(f.email for f in wanted))
    record(
        actor,
        "negotiation.update",
        "Updated negotiation" + (": " + "; ".join(changes) if changes else ""),
        negotiation=negotiation,
    )
    db.session.commit()
    return negotiation
