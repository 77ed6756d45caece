"""The audit trail: an append-only record of who published, triaged, changed status, exported."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import AuditEvent, Negotiation, User
from tracker.services import PermissionDenied
from tracker.services.access import Actor, can_manage_negotiations, is_facilitator, signed_in


def record(
    user: User | None,
    action: str,
    summary: str,
    *,
    negotiation: Negotiation | None = None,
    **details: Any,
) -> AuditEvent:
    """Add an audit event to the current transaction (the calling service commits)."""
    event = AuditEvent(
        user=user,
        action=action,
        summary=summary,
        negotiation_id=negotiation.id if negotiation else None,
        details=details,
    )
    db.session.add(event)
    return event


def events_for(user: Actor, negotiation: Negotiation) -> list[AuditEvent]:
    """The negotiation's audit trail, newest first: co-facilitators and the secretariat only."""
    signed_in(user)
    if not (is_facilitator(user, negotiation) or can_manage_negotiations(user)):
        raise PermissionDenied("Only co-facilitators and the secretariat can see the audit trail.")
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.negotiation_id == negotiation.id)
            .order_by(AuditEvent.id.desc())
        )
    )
