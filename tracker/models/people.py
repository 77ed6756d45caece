"""People and the delegations they belong to: accounts, sign-in attempts, delegations and the
groups they form, and who co-facilitates which negotiation."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.extensions import Model
from tracker.models.columns import UTCDateTime, association_table, enum_type, utcnow
from tracker.text.accents import without_accents

__all__ = [
    "Delegation",
    "DelegationKind",
    "LoginAttempt",
    "NegotiationFacilitator",
    "Role",
    "User",
    "alphabetical_key",
    "group_memberships",
]


#: The length of a delegation's `sort_name` column.
SORT_NAME_LENGTH = 200


def alphabetical_key(name: str) -> str:
    """Where a name stands in an alphabetical list, as the United Nations lists its Members:
    accents and case set aside, so `Côte d'Ivoire` follows `Costa Rica` and `Türkiye` comes
    before `Turkmenistan` (a plain comparison of characters puts both after every
    unaccented name from `Co`/`Tu` on)."""
    return without_accents(name).casefold()


class Role(StrEnum):
    """What a person may do across the whole app (co-facilitation is per negotiation)."""

    ADMIN = "admin"
    SECRETARIAT = "secretariat"
    DELEGATE = "delegate"
    #: Someone who co-facilitates negotiations and belongs to no delegation here.
    FACILITATOR = "facilitator"


class DelegationKind(StrEnum):
    MEMBER_STATE = "member_state"
    OBSERVER_STATE = "observer_state"
    GROUP = "group"


group_memberships = association_table(
    "group_memberships", group_id="delegations.id", member_id="delegations.id"
)


def _memberships(this: str, other: str, back_populates: str) -> Mapped[list[Delegation]]:
    """The delegations a delegation is linked to through `group_memberships`, by name: from
    its `this` column to their `other` column (a group's members, or a member's groups)."""
    return relationship(
        secondary=group_memberships,
        primaryjoin=lambda: Delegation.id == group_memberships.c[this],
        secondaryjoin=lambda: Delegation.id == group_memberships.c[other],
        back_populates=back_populates,
        order_by=lambda: Delegation.sort_name,
    )


class Delegation(Model):
    __tablename__ = "delegations"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: ISO 3166 alpha-3 for States, a short code (G77, EU, ...) for groups.
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: `alphabetical_key(name)`, kept with the name: lists of delegations are ordered by it.
    sort_name: Mapped[str] = mapped_column(String(SORT_NAME_LENGTH), default="", server_default="")
    kind: Mapped[DelegationKind] = mapped_column(enum_type(DelegationKind))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list[Delegation]] = _memberships("group_id", "member_id", "groups")
    groups: Mapped[list[Delegation]] = _memberships("member_id", "group_id", "members")

    @validates("name")
    def _keep_sort_name(self, _key: str, name: str) -> str:
        # A letter may come apart into many (`ﷺ` into 18): the key keeps what fits its column,
        # which is more than any two names need to be told apart.
        self.sort_name = alphabetical_key(name)[:SORT_NAME_LENGTH]
        return name

    @property
    def is_group(self) -> bool:
        return self.kind == DelegationKind.GROUP


class User(UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[Role] = mapped_column(enum_type(Role))
    #: Required for delegates (exactly one delegation), empty for everyone else.
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegations.id"))
    active: Mapped[bool] = mapped_column(default=True)
    #: Stored in the session at sign-in and checked on every request: signing out, a new
    #: password or deactivation bumps it, and every older session ends, on every device.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    delegation: Mapped[Delegation | None] = relationship()

    def set_password(self, password: str) -> None:
        """Store a salted hash of the password, never the password."""
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        """Whether the password matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sign-in for inactive accounts
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_secretariat(self) -> bool:
        return self.role in (Role.SECRETARIAT, Role.ADMIN)


class NegotiationFacilitator(Model):
    __tablename__ = "negotiation_facilitators"

    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()


class LoginAttempt(Model):
    """Failed sign-ins per account, so guessing is slowed down across app servers too."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    #: The client address the attempt came from: an account locks per address, so guessing
    #: from one place does not lock the owner out everywhere.
    address: Mapped[str] = mapped_column(String(64), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
