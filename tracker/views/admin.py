"""Accounts and delegations (secretariat and admins manage accounts; everyone sees delegations)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker.extensions import db
from tracker.forms import (
    AccountActiveForm,
    AccountForm,
    EmptyForm,
    account_fields,
    offer_account_choices,
)
from tracker.models import Delegation, DelegationKind
from tracker.services import access, accounts, delegations
from tracker.views import FormPage

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/accounts", endpoint="accounts")
@login_required
def account_list():
    """The list of accounts, with a button to deactivate or reactivate each."""
    return render_template(
        "admin/accounts.html",
        accounts=accounts.list_accounts(current_user),
        locked=accounts.locked_emails(current_user),
        form=EmptyForm(),
    )


@bp.route("/accounts/new", methods=["GET", "POST"])
@login_required
def new_account():
    """The form that creates an account, and its submission."""
    access.require_secretariat(current_user)
    form = AccountForm()
    offer_account_choices(form, delegations.states(), is_admin=current_user.is_admin)
    page = FormPage()
    if form.validate_on_submit():
        with page.service_call():
            account = accounts.create_account(
                current_user, password=form.password.data or "", **account_fields(form)
            )
            message = f"The account for {account.email} was created."
            return page.done(message, url_for("admin.accounts"))
    return page.render("admin/account_form.html", form=form)


@bp.route("/accounts/<int:account_id>/active", methods=["POST"])
@login_required
def set_active(account_id: int):
    """Deactivate or reactivate an account."""
    active = AccountActiveForm().active.data == "1"
    account = accounts.set_active(current_user, account_id, active)
    flash(f"{account.email} is {'active' if active else 'deactivated'}.", "info")
    return redirect(url_for("admin.accounts"))


@bp.route("/accounts/<int:account_id>/unlock", methods=["POST"])
@login_required
def unlock(account_id: int):
    """Let a locked-out account sign in again from everywhere."""
    account = accounts.unlock(current_user, account_id)
    flash(f"{account.email} can sign in again.", "info")
    return redirect(url_for("admin.accounts"))


@bp.route("/delegations", endpoint="delegations")
@login_required
def delegation_list():
    """The delegations and the groups they belong to."""
    access.signed_in(current_user)
    rows = db.session.scalars(select(Delegation).order_by(Delegation.kind, Delegation.sort_name))
    groups: list[Delegation] = []
    states: list[Delegation] = []
    for row in rows:
        (groups if row.kind == DelegationKind.GROUP else states).append(row)
    return render_template("admin/delegations.html", groups=groups, states=states)
