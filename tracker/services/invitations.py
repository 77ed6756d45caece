"""Bringing people in: invitations by e-mail (one at a time or a whole list), the expiring link
that lets a person choose their own password, password resets, and account edits."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import exists, select

from tracker.extensions import db
from tracker.models import OutboxMessage, Role, User, utcnow
from tracker.moments import in_words
from tracker.services import Conflict, Invalid, NotFound, ServiceError
from tracker.services.access import Actor, can_manage_account, get_existing
from tracker.services.accounts import (
    _account_manager,
    check_account_fields,
    normalise_email,
    set_password,
    tell_owner,
)
from tracker.services.audit import record
from tracker.services.mail import absolute_url, enqueue

INVITATION_MAX_AGE = timedelta(days=7)
RESET_MAX_AGE = timedelta(hours=1)
#: A reset link is mailed to an account at most this often, however many ask (from however
#: many addresses, which the sign-in limit counts apart): the last one still works.
RESET_MAILED_AT_MOST_EVERY = timedelta(minutes=5)
MAX_IMPORT_ROWS = 2000
#: Column names a list may use, lower-cased, for each field.
#: A role as lists write it -> the app's name for it.
ROLE_WORDS = {
    "co-facilitator": Role.FACILITATOR.value,
    "cofacilitator": Role.FACILITATOR.value,
    "co-facilitators": Role.FACILITATOR.value,
    "delegation": Role.DELEGATE.value,
    "delegates": Role.DELEGATE.value,
}

COLUMNS = {
    "name": ("name", "full name"),
    "email": ("email", "e-mail", "e-mail address", "email address"),
    "delegation": ("delegation", "delegation code", "country"),
    "role": ("role",),
}


# Tokens -------------------------------------------------------------------------------------


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"tracker.{purpose}")


def _fingerprint(user: User) -> str:
    """Changes whenever the password does, so a link works once."""
    return hashlib.sha256(f"{user.id}:{user.email}:{user.password_hash}".encode()).hexdigest()[:24]


def _token(user: User, purpose: str) -> str:
    return _serializer(purpose).dumps([user.id, _fingerprint(user)])


def _user_for_token(token: str, purpose: str, max_age: timedelta) -> User:
    what = "invitation" if purpose == "invitation" else "password reset"
    try:
        user_id, fingerprint = _serializer(purpose).loads(
            token, max_age=int(max_age.total_seconds())
        )
    except SignatureExpired as error:
        raise Invalid(
            f"This {what} link has expired. "
            + (
                "Ask the secretariat to send the invitation again."
                if purpose == "invitation"
                else "Ask for a new one."
            )
        ) from error
    except (BadSignature, ValueError, TypeError) as error:
        raise NotFound(f"This {what} link is not valid.") from error
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.active or _fingerprint(user) != fingerprint:
        raise Invalid(f"This {what} link was already used or replaced by a newer one.")
    return user


def _expiry(max_age: timedelta) -> str:
    return in_words(utcnow() + max_age)


# Invitations --------------------------------------------------------------------------------


def is_pending(account: User) -> bool:
    """Invited but has not chosen a password yet."""
    return not account.password_hash


def _write_invitation(actor: User | None, account: User) -> None:
    enqueue(
        kind="invitation",
        to=account,
        subject="Your invitation to Resolution Tracker",
        template="invitation",
        unsubscribable=False,
        inviter=actor.name if actor is not None else "The secretariat",
        link=absolute_url(f"/invitation/{_token(account, 'invitation')}"),
        expires=_expiry(INVITATION_MAX_AGE),
    )


def _new_invited_account(
    actor: User | None, *, email: str, name: str, role: str, delegation_code: str | None
) -> User:
    email, name, delegation = check_account_fields(email, name, role, delegation_code)
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict(f"There is already an account for {email}.")
    account = User(email=email, name=name, role=role, delegation=delegation, password_hash="")
    db.session.add(account)
    db.session.flush()
    record(actor, "account.invite", f"Invited {role} {email}")
    _write_invitation(actor, account)
    return account


def invite(
    user: Actor | None,
    *,
    email: str,
    name: str,
    role: str,
    delegation_code: str | None = None,
) -> User:
    """Create an account without a password and mail its owner a link to choose one."""
    actor = _account_manager(user, role)
    account = _new_invited_account(
        actor, email=email, name=name, role=role, delegation_code=delegation_code
    )
    db.session.commit()
    return account


def resend_invitation(user: Actor, account_id: int) -> User:
    """Mail a fresh invitation link to someone who has not chosen a password yet."""
    account = _managed_account(user, account_id)
    if not is_pending(account):
        raise Invalid(f"{account.email} has already chosen a password; nothing was sent.")
    actor = _account_manager(user, account.role)
    record(actor, "account.reinvite", f"Sent the invitation to {account.email} again")
    _write_invitation(actor, account)
    db.session.commit()
    return account


def invitation_account(token: str) -> User:
    """The account an invitation link is for, if the link is still good."""
    user = _user_for_token(token, "invitation", INVITATION_MAX_AGE)
    if not is_pending(user):
        raise Invalid("This invitation was already accepted: sign in with your password.")
    return user


def accept_invitation(token: str, password: str) -> User:
    """Set the invited person's password from their link; the link then stops working."""
    account = invitation_account(token)
    set_password(
        account,
        password,
        action="account.accept",
        summary=f"{account.email} chose a password",
        notice=None,  # their first: the invitation said what comes
    )
    return account


# Lists --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportRow:
    """What happened to one row of an uploaded list."""

    line: int
    email: str
    name: str
    created: bool
    message: str


def _rows_from_csv(data: bytes) -> list[list[str]]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode text".
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    dialect: type[csv.Dialect]
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text), dialect)]


def _rows_from_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise Invalid("The file could not be read as an Excel workbook (.xlsx).") from error
    sheet = workbook.worksheets[0]
    rows = [
        ["" if cell is None else str(cell) for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    workbook.close()
    return rows


def _column_positions(header: list[str]) -> dict[str, int]:
    names = [cell.strip().lower() for cell in header]
    positions = {}
    for field, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in names:
                positions[field] = names.index(alias)
                break
    missing = [field for field in ("name", "email") if field not in positions]
    if missing:
        raise Invalid(
            "The first row must name the columns: name, e-mail, delegation, role "
            f"(missing: {', '.join(missing)})."
        )
    return positions


def import_invitations(user: Actor, filename: str, data: bytes) -> list[ImportRow]:
    """Invite everyone on a CSV or XLSX list (name, e-mail, delegation, role).

    Each row is created whole (account and invitation mail) or refused with the reason; one
    bad row does not stop the others. The role defaults to delegate.
    """
    actor = _account_manager(user, Role.DELEGATE)
    if not data:
        raise Invalid("The file is empty.")
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        rows = _rows_from_xlsx(data)
    elif lower.endswith((".csv", ".txt")):
        rows = _rows_from_csv(data)
    else:
        raise Invalid("Upload the list as .csv or .xlsx.")
    # Blank rows are skipped, each other row keeps its number in the file: the report names
    # the line a spreadsheet program shows.
    numbered = [(n, row) for n, row in enumerate(rows, start=1) if any(c.strip() for c in row)]
    if not numbered:
        raise Invalid("The file is empty.")
    positions = _column_positions(numbered[0][1])
    if len(numbered) - 1 > MAX_IMPORT_ROWS:
        raise Invalid(f"The list has {len(numbered) - 1} rows; upload at most {MAX_IMPORT_ROWS}.")

    def cell(row: list[str], field: str) -> str:
        index = positions.get(field)
        return row[index].strip() if index is not None and index < len(row) else ""

    report = []
    seen: dict[str, int] = {}
    for line, row in numbered[1:]:
        email, name = cell(row, "email"), cell(row, "name")
        role = (cell(row, "role") or Role.DELEGATE.value).lower()
        role = ROLE_WORDS.get(role, role)
        key = normalise_email(email)
        if key and key in seen:
            report.append(
                ImportRow(line, email, name, False, f"The same e-mail is on line {seen[key]}.")
            )
            continue
        seen[key] = line
        savepoint = db.session.begin_nested()
        try:
            _account_manager(actor, role)
            _new_invited_account(
                actor,
                email=email,
                name=name,
                role=role,
                delegation_code=cell(row, "delegation") or None,
            )
            savepoint.commit()
        except ServiceError as error:
            savepoint.rollback()
            report.append(ImportRow(line, email, name, False, error.message))
        else:
            report.append(ImportRow(line, email, name, True, "Invited."))
    created = sum(1 for row in report if row.created)
    record(actor, "account.import", f"Imported {filename}: {created} of {len(report)} invited")
    db.session.commit()
    return report


# Password reset -----------------------------------------------------------------------------


def request_password_reset(email: str) -> None:
    """Mail a reset link if an active account with a password has this address.

    Says nothing either way, so the form does not reveal who has an account.
    """
    account = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if account is None or not account.active or is_pending(account):
        return
    if _reset_mailed_since(account, utcnow() - RESET_MAILED_AT_MOST_EVERY):
        return  # one inbox is not filled with links by someone who knows its address
    enqueue(
        kind="password_reset",
        to=account,
        subject="Reset your Resolution Tracker password",
        template="password_reset",
        unsubscribable=False,
        link=absolute_url(f"/password-reset/{_token(account, 'reset')}"),
        expires=_expiry(RESET_MAX_AGE),
    )
    db.session.commit()


def _reset_mailed_since(account: User, since: datetime) -> bool:
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    OutboxMessage.user_id == account.id,
                    OutboxMessage.kind == "password_reset",
                    OutboxMessage.created_at > since,
                )
            )
        )
    )


def reset_account(token: str) -> User:
    """The account a reset link is for, if the link is still good."""
    return _user_for_token(token, "reset", RESET_MAX_AGE)


def reset_password(token: str, password: str) -> User:
    """Set a new password from a reset link; the link then stops working."""
    account = reset_account(token)
    set_password(
        account,
        password,
        action="password.reset",
        summary=f"{account.email} reset their password",
        notice=f"The password of your account was changed on {in_words(utcnow())} through a "
        "reset link sent to this address. Every browser signed in to your account has been "
        "signed out.",
    )
    return account


# Editing accounts ---------------------------------------------------------------------------


def _managed_account(user: Actor, account_id: int) -> User:
    account = get_existing(User, account_id, "There is no such account.")
    if not can_manage_account(user, account):
        _account_manager(user, account.role)  # raises the reason
    return account


def get_account(user: Actor, account_id: int) -> User:
    """An account the secretariat (or, for staff accounts, an admin) may edit."""
    return _managed_account(user, account_id)


def edit_account(
    user: Actor,
    account_id: int,
    *,
    name: str,
    email: str,
    role: str,
    delegation_code: str | None = None,
) -> User:
    """Change an account's name, e-mail, delegation or role; audited."""
    account = _managed_account(user, account_id)
    actor = _account_manager(user, role)
    email, name, delegation = check_account_fields(email, name, role, delegation_code)
    clash = db.session.scalar(select(User.id).where(User.email == email, User.id != account.id))
    if clash is not None:
        raise Conflict(f"There is already an account for {email}.")
    changes = []
    for field, old, new in (
        ("name", account.name, name),
        ("e-mail", account.email, email),
        ("role", account.role, role),
        (
            "delegation",
            account.delegation.code if account.delegation else "",
            delegation.code if delegation else "",
        ),
    ):
        if old != new:
            changes.append(f"{field} {old or '—'} → {new or '—'}")
    if not changes:
        raise Invalid("Nothing was changed.")
    if email != account.email:
        # Told before the change, so that the address being replaced hears of it.
        if actor is None:
            by = "The secretariat"
        elif actor.is_admin:
            by = f"{actor.name}, an administrator,"
        else:
            by = f"{actor.name} of the secretariat"
        tell_owner(
            account,
            f"{by} changed the e-mail address of your account from {account.email} to {email} "
            f"on {in_words(utcnow())}: the tracker's messages, and any password reset, now go "
            "to the new address.",
        )
    account.name, account.email, account.role = name, email, Role(role)
    account.delegation = delegation
    record(actor, "account.edit", f"Edited {account.email}: " + "; ".join(changes))
    db.session.commit()
    return account
