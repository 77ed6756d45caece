"""Who has opened a text: the first time each person opens a published revision, so the
negotiation page can show which delegations have read the latest one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from tracker.extensions import db
from tracker.models import Delegation, Revision, RevisionOpening, User
from tracker.render_cache import MemoryStore, identity
from tracker.services import commit_keeping_loaded
from tracker.services.access import Actor


def record_opening(user: Actor, revision: Revision) -> bool:
    """Note that the person opened this published revision (only the first time counts);
    True when this was the first time."""
    if not isinstance(user, User) or not revision.is_published:
        return False
    opened = f"{identity(revision)}:{user.id}"
    if _KNOWN_OPENED.get(opened):
        return False
    if db.session.get(RevisionOpening, (revision.id, user.id)) is not None:
        _KNOWN_OPENED.set(opened, True)
        return False
    db.session.add(
        RevisionOpening(revision_id=revision.id, user_id=user.id, delegation_id=user.delegation_id)
    )
    try:
        # Nothing the page read changed: it goes on without reading the person, the
        # negotiation and the revision again.
        commit_keeping_loaded()
    except IntegrityError:
        db.session.rollback()  # the same person opened it twice at once
        return False
    _KNOWN_OPENED.set(opened, True)
    return True


#: "revision as stored:person" whose opening this process has seen recorded: openings are
#: never taken back, so a reader's every later page skips the question (the least recently
#: seen are forgotten first; the database still answers for them).
_KNOWN_OPENED = MemoryStore(100_000)


def forget_known_openings() -> None:
    """Forget the openings seen recorded (the database went back, as in tests)."""
    _KNOWN_OPENED.clear()


@dataclass(frozen=True)
class DelegationOpening:
    delegation: Delegation
    first_opened_at: datetime


def delegations_that_opened(revision: Revision) -> list[DelegationOpening]:
    """Delegations at least one of whose delegates opened the revision, first readers first."""
    rows = db.session.execute(
        select(Delegation, func.min(RevisionOpening.opened_at))
        .join(RevisionOpening, RevisionOpening.delegation_id == Delegation.id)
        .where(RevisionOpening.revision_id == revision.id)
        .group_by(Delegation.id)
        .order_by(func.min(RevisionOpening.opened_at), Delegation.sort_name)
    )
    return [DelegationOpening(delegation, opened) for delegation, opened in rows]
