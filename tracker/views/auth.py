"""Sign in, sign out, change password."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from tracker.extensions import limiter
from tracker.forms import LoginForm, PasswordForm
from tracker.services import Invalid, accounts
from tracker.views import safe_next

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    """The sign-in form, and signing in."""
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.email.data or "", form.password.data or "")
        except Invalid as error:
            flash(error.message, "error")
            status = error.status if error.status == 429 else 401
        else:
            login_user(user)
            return redirect(safe_next(request.args.get("next")))
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out."""
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    """The form that changes one's own password, and its submission."""
    form = PasswordForm()
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current.data or "", form.new.data or "")
        except Invalid as error:
            flash(error.message, "error")
            status = error.status
        else:
            flash("Your password was changed.", "success")
            return redirect(url_for("negotiations.index"))
    return render_template("auth/password.html", form=form), status
