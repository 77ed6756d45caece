"""Delegations: Member States, observer States and the groups they speak through."""

from __future__ import annotations

from sqlalchemy import select

from tracker import reference_data
from tracker.extensions import db
from tracker.models import Delegation, DelegationKind


def ensure_reference_delegations() -> int:
    """Load the Member States, observer States and groups that are missing; return how many.

    Idempotent, so `flask init-db` and the demo can run it on every start.
    """
    existing = {d.code: d for d in db.session.scalars(select(Delegation))}
    added = 0
    for kind, entries in (
        (DelegationKind.MEMBER_STATE, reference_data.MEMBER_STATES),
        (DelegationKind.OBSERVER_STATE, reference_data.OBSERVER_STATES),
    ):
        for code, name in entries:
            if code not in existing:
                existing[code] = Delegation(code=code, name=name, kind=kind)
                db.session.add(existing[code])
                added += 1
    for group in reference_data.GROUPS:
        if group.code in existing:
            continue
        row = Delegation(code=group.code, name=group.name, kind=DelegationKind.GROUP)
        row.members = [existing[code] for code in group.members if code in existing]
        existing[group.code] = row
        db.session.add(row)
        added += 1
    db.session.commit()
    return added


def speaking_options(delegation: Delegation | None) -> list[Delegation]:
    """Whom a delegate may speak for: their own delegation, then the groups it belongs to."""
    if delegation is None:
        return []
    return [delegation, *delegation.groups]


def states() -> list[Delegation]:
    """Member and observer States, by name (for choosing a delegate's delegation)."""
    return list(
        db.session.scalars(
            select(Delegation)
            .where(Delegation.kind != DelegationKind.GROUP)
            .order_by(Delegation.name)
        )
    )
