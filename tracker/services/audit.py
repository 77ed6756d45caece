"""The audit trail: an append-only record of who published, triaged, changed status, exported."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import AuditEvent, Negotiation, User
from tracker.services.access import Actor, require_overseer


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
    require_overseer(user, negotiation, "see the audit trail")
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.negotiation_id == negotiation.id)
            .order_by(AuditEvent.id.desc())
        )
    )
