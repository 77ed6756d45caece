"""Accounts: sign-in, passwords, and account administration by the secretariat or admins."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select

from tracker.extensions import db
from tracker.models import Delegation, DelegationKind, LoginAttempt, Role, User, utcnow
from tracker.services import Conflict, Invalid
from tracker.services.access import Actor, require_admin, require_secretariat, signed_in
from tracker.services.audit import record

#: Failed sign-ins per account within LOCKOUT_WINDOW before further attempts are refused.
MAX_FAILED_LOGINS = 5
LOCKOUT_WINDOW = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 10


class LockedOut(Invalid):
    status = 429


def normalise_email(email: str) -> str:
    """E-mail addresses compare case-insensitively and without surrounding spaces."""
    return email.strip().lower()


def authenticate(email: str, password: str) -> User:
    """The account for these credentials; Invalid (or LockedOut) otherwise, saying nothing more.

    Failed attempts are stored in the database so the limit holds across app servers.
    """
    email = normalise_email(email)
    since = utcnow() - LOCKOUT_WINDOW
    failures = db.session.scalar(
        select(func.count(LoginAttempt.id)).where(
            LoginAttempt.email == email, LoginAttempt.created_at >= since
        )
    )
    if failures is not None and failures >= MAX_FAILED_LOGINS:
        raise LockedOut("Too many failed sign-ins for this account. Try again in 15 minutes.")
    user: User | None = db.session.scalar(select(User).where(User.email == email))
    if user is None or not user.active or not user.check_password(password):
        db.session.add(LoginAttempt(email=email))
        db.session.commit()
        raise Invalid("Wrong e-mail address or password.")
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == email))
    db.session.commit()
    return user


def validate_password(password: str) -> None:
    """Invalid unless the password is long enough to resist guessing."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(f"The password must be at least {MIN_PASSWORD_LENGTH} characters long.")


def change_password(user: Actor, current: str, new: str) -> None:
    """Change the signed-in user's own password after checking the current one."""
    actor = signed_in(user)
    if not actor.check_password(current):
        raise Invalid("The current password is wrong.")
    set_password(
        actor, new, action="password.change", summary=f"{actor.email} changed their password"
    )


def set_password(account: User, new: str, *, action: str, summary: str) -> None:
    """Give the account a new password (its own change, an invitation or a reset) and commit."""
    validate_password(new)
    account.set_password(new)
    record(account, action, summary)
    db.session.commit()


def create_account(
    user: Actor | None,
    *,
    email: str,
    name: str,
    role: str,
    password: str,
    delegation_code: str | None = None,
) -> User:
    """Create an account. The secretariat creates delegates and co-facilitators; only admins
    create secretariat and admin accounts. `user=None` is the command line (trusted)."""
    actor = _account_manager(user, role)
    email, name, delegation = check_account_fields(email, name, role, delegation_code)
    validate_password(password)
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict(f"There is already an account for {email}.")
    account = User(email=email, name=name, role=role, delegation=delegation)
    account.set_password(password)
    db.session.add(account)
    record(actor, "account.create", f"Created {role} account {email}")
    db.session.commit()
    return account


def _account_manager(user: Actor | None, role: str) -> User | None:
    """Who may give an account this role: the secretariat for delegates and co-facilitators,
    admins for secretariat and admin accounts; None is the command line (trusted)."""
    if user is None:
        return None
    actor = require_secretariat(user)
    if role in (Role.ADMIN, Role.SECRETARIAT):
        require_admin(actor)
    return actor


def check_account_fields(
    email: str, name: str, role: str, delegation_code: str | None
) -> tuple[str, str, Delegation | None]:
    """The normalised e-mail, the name and the delegation, or Invalid saying what is wrong."""
    if role not in {r.value for r in Role}:
        raise Invalid(f"Unknown role {role!r}: use one of {', '.join(r.value for r in Role)}.")
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise Invalid("Enter a valid e-mail address.")
    if not name.strip():
        raise Invalid("Enter the person's name.")
    if len(name.strip()) > 200:
        raise Invalid("The name is longer than 200 characters.")
    delegation = None
    if role == Role.DELEGATE:
        if not delegation_code:
            raise Invalid("A delegate belongs to exactly one delegation: choose it.")
        delegation = db.session.scalar(
            select(Delegation).where(Delegation.code == delegation_code.upper())
        )
        if delegation is None or delegation.kind == DelegationKind.GROUP:
            raise Invalid(f"There is no Member State or observer State {delegation_code!r}.")
    elif delegation_code:
        raise Invalid("Only delegates belong to a delegation.")
    return email, name.strip(), delegation


def set_active(user: Actor, account_id: int, active: bool) -> User:
    """Deactivate or reactivate an account (accounts are never deleted: they authored things)."""
    actor = require_secretariat(user)
    account = db.session.get(User, account_id)
    if account is None:
        raise Invalid("There is no such account.")
    if account.id == actor.id:
        raise Invalid("You cannot deactivate your own account.")
    if account.role in (Role.ADMIN, Role.SECRETARIAT):
        require_admin(actor)
    account.active = active
    record(actor, "account.activate" if active else "account.deactivate", account.email)
    db.session.commit()
    return account


def list_accounts(user: Actor) -> list[User]:
    """All accounts, for the secretariat and admins."""
    require_secretariat(user)
    return list(db.session.scalars(select(User).order_by(User.role, User.name)))
