"""Delegations: Member States, observer States and the groups they speak through."""

from __future__ import annotations

from sqlalchemy import select

from tracker import reference_data
from tracker.extensions import db
from tracker.models import Delegation, DelegationKind, GroupSpeaker, Negotiation
from tracker.services import Conflict, Invalid, NotFound
from tracker.services.access import (
    Actor,
    designated_for_group,
    designated_groups,
    require_secretariat,
)
from tracker.services.audit import record

#: How a designated delegation speaks for its group.
SPEAKER_CAPACITIES = {"chair": "chair or coordinator", "alternate": "alternate"}


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


def speaking_options(
    delegation: Delegation | None, negotiation: Negotiation | None = None
) -> list[Delegation]:
    """Whom a delegate may speak for: their own delegation, then the groups it belongs to
    (in a negotiation, only the groups the secretariat designated it to speak for)."""
    if delegation is None:
        return []
    if not negotiation:
        return [delegation, *delegation.groups]
    designated = designated_groups(negotiation, delegation)
    if not designated:  # most delegations: their groups need not be read
        return [delegation]
    return [delegation, *(g for g in delegation.groups if g.id in designated)]


def group_speakers(negotiation: Negotiation) -> list[GroupSpeaker]:
    """The designated speakers of every group in the negotiation, by group then delegation."""
    return list(
        db.session.scalars(
            select(GroupSpeaker)
            .join(GroupSpeaker.group)
            .where(GroupSpeaker.negotiation_id == negotiation.id)
            .order_by(
                Delegation.sort_name, GroupSpeaker.capacity.desc(), GroupSpeaker.delegation_id
            )
        )
    )


def _delegation(code: str, *, group: bool) -> Delegation:
    row: Delegation | None = db.session.scalar(
        select(Delegation).where(Delegation.code == (code or "").upper())
    )
    if row is None or row.is_group != group:
        raise Invalid(f"There is no {'group' if group else 'delegation'} {code!r}.")
    return row


def designate_speaker(
    user: Actor,
    negotiation: Negotiation,
    *,
    group_code: str,
    delegation_code: str,
    capacity: str = "chair",
) -> GroupSpeaker:
    """Let a member delegation speak for a group in this negotiation (secretariat)."""
    actor = require_secretariat(user)
    group = _delegation(group_code, group=True)
    delegation = _delegation(delegation_code, group=False)
    if capacity not in SPEAKER_CAPACITIES:
        raise Invalid("Choose chair (or coordinator) or alternate.")
    if delegation not in group.members:
        raise Invalid(f"{delegation.name} is not a member of {group.name}.")
    if designated_for_group(negotiation, group, delegation):
        raise Conflict(f"{delegation.name} already speaks for {group.name} here.")
    speaker = GroupSpeaker(
        negotiation=negotiation,
        group=group,
        delegation=delegation,
        capacity=capacity,
        designated_by_id=actor.id,
    )
    db.session.add(speaker)
    record(
        actor,
        "group.designate",
        f"{delegation.name} speaks for {group.name} ({SPEAKER_CAPACITIES[capacity]})",
        negotiation=negotiation,
    )
    db.session.commit()
    return speaker


def withdraw_speaker(
    user: Actor, negotiation: Negotiation, *, group_code: str, delegation_code: str
) -> None:
    """End a delegation's designation to speak for a group here (its statements stay)."""
    actor = require_secretariat(user)
    group = _delegation(group_code, group=True)
    delegation = _delegation(delegation_code, group=False)
    speaker = db.session.get(GroupSpeaker, (negotiation.id, group.id, delegation.id))
    if speaker is None:
        raise NotFound(f"{delegation.name} does not speak for {group.name} here.")
    db.session.delete(speaker)
    record(
        actor,
        "group.withdraw",
        f"{delegation.name} no longer speaks for {group.name}",
        negotiation=negotiation,
    )
    db.session.commit()


def states() -> list[Delegation]:
    """Member and observer States, by name (for choosing a delegate's delegation)."""
    return list(
        db.session.scalars(
            select(Delegation)
            .where(Delegation.kind != DelegationKind.GROUP)
            .order_by(Delegation.sort_name)
        )
    )


def all_groups() -> list[Delegation]:
    """The groups (G-77 and China, EU, African Group ...), by name."""
    return list(
        db.session.scalars(
            select(Delegation)
            .where(Delegation.kind == DelegationKind.GROUP)
            .order_by(Delegation.sort_name)
        )
    )
