"""Accounts: sign-in, passwords, and account administration by the secretariat or admins."""

from __future__ import annotations

from datetime import timedelta
from functools import cache

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import delete, func, or_, select
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.extensions import db
from tracker.models import (
    Delegation,
    DelegationKind,
    LoginAttempt,
    Role,
    User,
    alphabetical_key,
    utcnow,
)
from tracker.moments import in_words
from tracker.services import Conflict, Invalid
from tracker.services.access import Actor, require_admin, require_secretariat, signed_in
from tracker.services.audit import record
from tracker.services.mail import enqueue

#: Failed sign-ins per account and client address within LOCKOUT_WINDOW before further
#: attempts from that address are refused: someone guessing from one place is stopped there,
#: and the account's owner still signs in from anywhere else.
MAX_FAILED_LOGINS = 5
LOCKOUT_WINDOW = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 10
#: The key under which the session keeps the account's session version.
SESSION_VERSION_KEY = "session_version"


class LockedOut(Invalid):
    status = 429


@cache
def _dummy_hash(method: str) -> str:
    """A hash to check wrong passwords against when there is no account, so that a refusal
    takes as long for an unknown address as for a known one (no account enumeration)."""
    return generate_password_hash("no account has this password", method=method)


def normalise_email(email: str) -> str:
    """E-mail addresses compare case-insensitively and without surrounding spaces."""
    return email.strip().lower()


def checked_email(email: str) -> str:
    """The address normalised, or Invalid saying what is wrong with it: one mail can be sent
    to and its person can sign in with (not `Jane Doe <jane@fco.example>`, `a@b@c.example`
    or `jane@fco.example;` from a pasted list). Its syntax only: no look-up of the domain."""
    email = normalise_email(email)
    if not email:
        raise Invalid("Enter the e-mail address.")
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise Invalid(f"{email!r} is not an e-mail address: {error}") from error
    if len(email) > 254:
        raise Invalid("The e-mail address is longer than 254 characters.")
    return email


def _count_attempt(email: str, address: str) -> None:
    """Store one attempt on the account from the address, then LockedOut if it is beyond the
    limit. Stored and committed before the password is checked: of many attempts sent at
    once, each counts the others already stored, so no more than the limit are evaluated."""
    db.session.add(LoginAttempt(email=email, address=address[:64]))
    db.session.commit()
    attempts = db.session.scalar(
        select(func.count(LoginAttempt.id)).where(
            LoginAttempt.email == email,
            LoginAttempt.address == address[:64],
            LoginAttempt.created_at >= utcnow() - LOCKOUT_WINDOW,
        )
    )
    if (attempts or 0) > MAX_FAILED_LOGINS:
        raise LockedOut(
            "Too many failed sign-ins for this account from your address. Try again in "
            f"{LOCKOUT_WINDOW.seconds // 60} minutes, or ask the secretariat to unlock it."
        )


def _clear_attempts(email: str, address: str) -> None:
    db.session.execute(
        delete(LoginAttempt).where(
            LoginAttempt.email == email, LoginAttempt.address == address[:64]
        )
    )


def authenticate(email: str, password: str, address: str = "") -> User:
    """The account for these credentials; Invalid (or LockedOut) otherwise, saying nothing more.

    Attempts are stored in the database so the limit holds across workers and app servers;
    an unknown account costs the same password check as a known one.
    """
    email = normalise_email(email)[:254]
    _count_attempt(email, address)
    user: User | None = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        raise Invalid("Wrong e-mail address or password.")
    if not user.check_password(password) or not user.active:
        raise Invalid("Wrong e-mail address or password.")
    _clear_attempts(email, address)
    db.session.commit()
    return user


def unlock(user: Actor, account_id: int) -> User:
    """Forget the failed sign-ins on an account, from every address (the owner was locked out
    by someone guessing from their own network)."""
    actor = require_secretariat(user)
    account = _managed_account(actor, account_id)
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == account.email))
    record(actor, "account.unlock", f"Unlocked sign-in to {account.email}")
    db.session.commit()
    return account


def locked_emails(user: Actor) -> set[str]:
    """Accounts locked from at least one address right now, for the accounts page."""
    require_secretariat(user)
    return set(
        db.session.scalars(
            select(LoginAttempt.email)
            .where(LoginAttempt.created_at >= utcnow() - LOCKOUT_WINDOW)
            .group_by(LoginAttempt.email, LoginAttempt.address)
            .having(func.count(LoginAttempt.id) >= MAX_FAILED_LOGINS)
        )
    )


def end_sessions(account: User) -> None:
    """End every session of the account, on every device (the caller commits)."""
    account.session_version = (account.session_version or 1) + 1


def sign_out(user: Actor) -> None:
    """Sign out everywhere: the session cookie of any device stops working."""
    actor = signed_in(user)
    end_sessions(actor)
    db.session.commit()


def validate_password(password: str) -> None:
    """Invalid unless the password is long enough to resist guessing."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(f"The password must be at least {MIN_PASSWORD_LENGTH} characters long.")


def change_password(user: Actor, current: str, new: str, address: str = "") -> None:
    """Change the signed-in user's own password after checking the current one; wrong current
    passwords count like failed sign-ins, so a borrowed session cannot guess it."""
    actor = signed_in(user)
    _count_attempt(actor.email, address)
    if not actor.check_password(current):
        raise Invalid("The current password is wrong.")
    _clear_attempts(actor.email, address)
    set_password(
        actor,
        new,
        action="password.change",
        summary=f"{actor.email} changed their password",
        notice=f"The password of your account was changed on {in_words(utcnow())} by someone "
        "signed in as you who knew the one before. Every other browser signed in to your "
        "account has been signed out.",
    )


def set_password(account: User, new: str, *, action: str, summary: str, notice: str | None) -> None:
    """Give the account a new password (its own change, an invitation or a reset) and commit;
    `notice` tells the owner (`tell_owner`), None for the first password of an invitation."""
    validate_password(new)
    account.set_password(new)
    end_sessions(account)
    record(account, action, summary)
    if notice is not None:
        tell_owner(account, notice)
    db.session.commit()


def tell_owner(account: User, change: str) -> None:
    """Mail the owner of the account what was just done to it (`change`, a sentence), so that a
    change someone else made does not go unnoticed: a new password, a new address. It goes to
    the address the account has at the time, so an address being replaced hears of it. The
    caller commits it with the change."""
    enqueue(
        kind="account_notice",
        to=account,
        subject="A change to your Resolution Tracker account",
        template="account_notice",
        unsubscribable=False,
        change=change,
    )


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
    email = checked_email(email)
    if not name.strip():
        raise Invalid("Enter the person's name.")
    if len(name.strip()) > 200:
        raise Invalid("The name is longer than 200 characters.")
    delegation = None
    if role == Role.DELEGATE:
        if not delegation_code:
            raise Invalid("A delegate belongs to exactly one delegation: choose it.")
        # By its code (`DEU`) or its name as a list gives it (`Germany`).
        wanted = " ".join(delegation_code.split())
        delegation = db.session.scalars(
            select(Delegation).where(
                or_(
                    Delegation.code == wanted.upper(),
                    func.lower(Delegation.name) == wanted.lower(),
                )
            )
        ).first()
        if delegation is None or delegation.kind == DelegationKind.GROUP:
            raise Invalid(f"There is no Member State or observer State {delegation_code!r}.")
    elif delegation_code:
        raise Invalid("Only delegates belong to a delegation.")
    return email, name.strip(), delegation


def set_active(user: Actor, account_id: int, active: bool) -> User:
    """Deactivate or reactivate an account (accounts are never deleted: they authored things)."""
    actor = require_secretariat(user)
    account = _managed_account(actor, account_id)
    if account.id == actor.id:
        raise Invalid("You cannot deactivate your own account.")
    account.active = active
    if not active:
        end_sessions(account)
    record(actor, "account.activate" if active else "account.deactivate", account.email)
    db.session.commit()
    return account


def _managed_account(actor: User, account_id: int) -> User:
    """An account the actor administers: the secretariat's delegates and co-facilitators, or
    any account for an admin."""
    account = db.session.get(User, account_id)
    if account is None:
        raise Invalid("There is no such account.")
    if account.role in (Role.ADMIN, Role.SECRETARIAT):
        require_admin(actor)
    return account


def list_accounts(user: Actor) -> list[User]:
    """All accounts, for the secretariat and admins: by role, then name as a list of names is
    read (`Ángela` among the As)."""
    require_secretariat(user)
    accounts = db.session.scalars(select(User))
    return sorted(accounts, key=lambda account: (account.role, alphabetical_key(account.name)))
