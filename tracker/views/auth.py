"""Sign in, sign out, change password."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from tracker.extensions import limiter
from tracker.forms import LoginForm, PasswordForm
from tracker.services import Invalid, accounts
from tracker.views import FormPage
from tracker.views.unrecorded import page_address

bp = Blueprint("auth", __name__)


def _address_and_account() -> str:
    """The rate-limit key of one account tried from one client address."""
    email = accounts.normalise_email(request.form.get("email", ""))[:254]
    return f"{request.remote_addr or ''}|{email}"


def remember_session_version(user) -> None:
    """Tie the session to the account's session version, checked on every request."""
    session[accounts.SESSION_VERSION_KEY] = user.session_version


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"],
    methods=["POST"],
    key_func=_address_and_account,
)
def login():
    """The sign-in form, and signing in."""
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(
                form.email.data or "", form.password.data or "", request.remote_addr or ""
            )
        except Invalid as error:
            flash(error.message, "error")
            status = error.status if error.status == 429 else 401
        else:
            session.clear()  # nothing from before sign-in carries over
            login_user(user)
            remember_session_version(user)
            # Back to the page that asked for signing in: a page of this app, never a
            # form's address only (it would answer 405) nor another site.
            return redirect(page_address(request.args.get("next")))
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


def sign_in_again():
    """The sign-in form again, its address kept, after a sign-in whose form token had expired
    or was missing (a page left open for a day, cookies cleared): nothing was sent."""
    flash(
        "The form expired or was sent from elsewhere, so you were not signed in. Sign in again.",
        "error",
    )
    return render_template("auth/login.html", form=LoginForm()), 400


@bp.errorhandler(429)
def too_many_sign_ins(error):
    """The sign-in page again, saying why the attempt was refused."""
    flash(
        "Too many sign-in attempts from your address or for this account: wait a minute and "
        "try again. If you have forgotten your password, reset it.",
        "error",
    )
    return render_template("auth/login.html", form=LoginForm()), 429


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out, ending the session on every device."""
    if current_user.is_authenticated:
        accounts.sign_out(current_user)
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    """The form that changes one's own password, and its submission."""
    form = PasswordForm()
    page = FormPage()
    if form.validate_on_submit():
        with page.service_call():
            accounts.change_password(
                current_user,
                form.current.data or "",
                form.new.data or "",
                request.remote_addr or "",
            )
            # Every other session ended with the old password; this one goes on.
            remember_session_version(current_user)
            return page.done(
                "Your password was changed; you were signed out everywhere else.",
                url_for("negotiations.index"),
            )
    return page.render("auth/password.html", form=form)
