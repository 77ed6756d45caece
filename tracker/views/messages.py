"""Invitations, password resets, account edits, mail choices, unsubscribing, the outbox page
and the delegations that speak for groups."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required, logout_user

from tracker.extensions import csrf, limiter
from tracker.forms import (
    EmptyForm,
    GroupSpeakerForm,
    ImportForm,
    InviteForm,
    MailPreferenceForm,
    NewPasswordForm,
    ResetRequestForm,
    ReturnForm,
    WithdrawSpeakerForm,
    account_fields,
    offer_account_choices,
)
from tracker.services import (
    ServiceError,
    access,
    delegations,
    invitations,
    mail,
)
from tracker.views import FormPage, safe_next

bp = Blueprint("messages", __name__)


def _role_choices(form: InviteForm) -> None:
    offer_account_choices(form, delegations.states(), is_admin=current_user.is_admin)


# Invitations and account edits --------------------------------------------------------------


@bp.route("/admin/accounts/invite", methods=["GET", "POST"])
@login_required
def invite():
    """The form that invites one person by e-mail, and its submission."""
    access.require_secretariat(current_user)
    form = InviteForm()
    _role_choices(form)
    page = FormPage()
    if form.validate_on_submit():
        with page.service_call(ServiceError):
            account = invitations.invite(current_user, **account_fields(form))
            return page.done(
                f"An invitation was sent to {account.email}.", url_for("admin.accounts")
            )
    return page.render("messages/invite.html", form=form)


@bp.route("/admin/accounts/import", methods=["GET", "POST"])
@login_required
def import_accounts():
    """The page that invites everyone on a CSV or XLSX list, with a report for every row."""
    access.require_secretariat(current_user)
    form = ImportForm()
    report = None
    page = FormPage(200)
    if request.method == "POST":
        upload = request.files.get("file")
        if form.validate_on_submit() and upload is not None and upload.filename:
            with page.service_call():
                report = invitations.import_invitations(
                    current_user, upload.filename, upload.read()
                )
        else:
            flash("Choose a .csv or .xlsx file to upload.", "error")
            page.status = 400
    return page.render("messages/import.html", form=form, report=report)


@bp.route("/admin/accounts/<int:account_id>/edit", methods=["GET", "POST"])
@login_required
def edit_account(account_id: int):
    """The form that changes an account's name, e-mail, delegation and role."""
    account = invitations.get_account(current_user, account_id)
    form = InviteForm(obj=account)
    _role_choices(form)
    if request.method == "GET":
        form.delegation.data = account.delegation.code if account.delegation else ""
    page = FormPage()
    if form.validate_on_submit():
        with page.service_call(ServiceError):
            invitations.edit_account(current_user, account.id, **account_fields(form))
            message = f"The account of {account.email} was changed."
            return page.done(message, url_for("admin.accounts"))
    return page.render(
        "messages/edit_account.html",
        form=form,
        account=account,
        pending=invitations.is_pending(account),
        resend_form=EmptyForm(),
    )


@bp.route("/admin/accounts/<int:account_id>/resend", methods=["POST"])
@login_required
def resend_invitation(account_id: int):
    """Send a fresh invitation link to an account that has not accepted yet."""
    account = invitations.resend_invitation(current_user, account_id)
    flash(f"The invitation was sent to {account.email} again.", "success")
    return redirect(url_for("admin.accounts"))


def _new_password_page(account, set_password, token: str, template: str, done: str):
    """The page of an invitation or reset link: choose a password, then sign in with it."""
    form = NewPasswordForm()
    page = FormPage()
    if form.validate_on_submit():
        with page.service_call():
            set_password(token, form.new.data or "")
            logout_user()
            return page.done(done, url_for("auth.login"))
    return page.render(template, form=form, account=account)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """The page of an invitation link: choose a password and sign in."""
    return _new_password_page(
        invitations.invitation_account(token),
        invitations.accept_invitation,
        token,
        "messages/accept.html",
        "Your password is set: sign in with your e-mail address and your new password.",
    )


@bp.route("/password-reset", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def request_reset():
    """The form that asks for a password reset link by e-mail."""
    form = ResetRequestForm()
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        invitations.request_password_reset(form.email.data or "")
        flash(
            "If an account has that address, a link to choose a new password is on its way. "
            "It works for one hour.",
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("messages/reset_request.html", form=form), status


@bp.route("/password-reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """The page of a reset link: choose a new password."""
    return _new_password_page(
        invitations.reset_account(token),
        invitations.reset_password,
        token,
        "messages/reset.html",
        "Your password was changed. Sign in with the new one.",
    )


# Mail choices -------------------------------------------------------------------------------


@bp.route("/negotiations/<int:negotiation_id>/mail", methods=["GET", "POST"])
@login_required
def mail_preference(negotiation_id: int):
    """The person's choice of e-mail for one negotiation: every event, a digest or none."""
    negotiation = access.get_negotiation(current_user, negotiation_id)
    current = mail.preference_for(current_user, negotiation)
    form = MailPreferenceForm(data={"mode": current.mode, "attach_docx": current.attach_docx})
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        mail.set_preference(
            current_user,
            negotiation.id,
            mode=form.mode.data or "",
            attach_docx=bool(form.attach_docx.data),
        )
        flash("Your e-mail choice for this negotiation was saved.", "success")
        return redirect(url_for("negotiations.show", negotiation_id=negotiation.id))
    return (
        render_template(
            "messages/mail_preference.html",
            form=form,
            negotiation=negotiation,
            unsubscribed=sorted(mail.unsubscribed_kinds(current_user)),
            kind_names=mail.KIND_NAMES,
            resubscribe_form=EmptyForm(),
        ),
        status,
    )


@bp.route("/mail/resubscribe/<kind>", methods=["POST"])
@login_required
def resubscribe(kind: str):
    """Take back an unsubscription from one kind of e-mail."""
    mail.resubscribe(current_user, kind)
    flash(f"You receive {mail.KIND_NAMES.get(kind, kind)} again.", "success")
    return redirect(safe_next(ReturnForm().next.data))


@bp.route("/mail/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token is the credential; mail clients post without a form
def unsubscribe(token: str):
    """One-click unsubscribe from one kind of e-mail, by the message's signed link."""
    if request.method == "POST":
        user, kind = mail.unsubscribe(token)
        return render_template(
            "messages/unsubscribed.html", user=user, kind_name=mail.KIND_NAMES[kind]
        )
    user, kind = mail.read_unsubscribe_token(token)
    return render_template(
        "messages/unsubscribe.html", user=user, kind_name=mail.KIND_NAMES[kind], token=token
    )


# The outbox ---------------------------------------------------------------------------------


@bp.route("/admin/outbox")
@login_required
def outbox():
    """The outbox: every message with its state, as it was or would be sent."""
    state = request.args.get("state") or None
    return render_template(
        "messages/outbox.html",
        messages=mail.outbox_page(current_user, state),
        counts=mail.outbox_counts(current_user),
        state=state,
        configured=mail.mail_configured(),
        form=EmptyForm(),
    )


@bp.route("/admin/outbox/<int:message_id>")
@login_required
def outbox_message(message_id: int):
    """One message of the outbox, with its text part and headers."""
    return render_template(
        "messages/outbox_message.html", reading=mail.read_outbox_message(current_user, message_id)
    )


@bp.route("/admin/outbox/<int:message_id>/html")
@login_required
def outbox_html(message_id: int):
    """One message's HTML part, served for the outbox page's sandboxed frame."""
    response = Response(mail.outbox_html_part(current_user, message_id), mimetype="text/html")
    # Shown in a sandboxed frame of the outbox page: no scripts, no requests, only the message.
    # (A CSP `sandbox` here would make the page's own origin opaque and `frame-ancestors` fail.)
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"
    )
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.route("/admin/outbox/retry", methods=["POST"])
@login_required
def retry_outbox():
    """Put failed messages back in the queue."""
    count = mail.retry_failed(current_user)
    flash(f"{count} failed message{'s' if count != 1 else ''} queued again.", "info")
    return redirect(url_for("messages.outbox"))


# Group speakers -----------------------------------------------------------------------------


@bp.route("/negotiations/<int:negotiation_id>/groups", methods=["GET", "POST"])
@login_required
def group_speakers(negotiation_id: int):
    """Who speaks for each group in a negotiation, and the form that designates them."""
    negotiation = access.get_negotiation(current_user, negotiation_id)
    form = GroupSpeakerForm()
    form.group.choices = [(d.code, d.name) for d in delegations.all_groups()]
    form.delegation.choices = [("", "Choose a delegation")] + [
        (d.code, d.name) for d in delegations.states()
    ]
    page = FormPage()
    if form.validate_on_submit():
        with page.service_call(ServiceError):
            delegations.designate_speaker(
                current_user,
                negotiation,
                group_code=form.group.data or "",
                delegation_code=form.delegation.data or "",
                capacity=form.capacity.data or "",
            )
            here = url_for("messages.group_speakers", negotiation_id=negotiation.id)
            return page.done("The designation was recorded.", here)
    return page.render(
        "messages/group_speakers.html",
        negotiation=negotiation,
        speakers=delegations.group_speakers(negotiation),
        form=form,
        can_manage=access.can_manage_negotiations(current_user),
        withdraw_form=EmptyForm(),
        capacities=delegations.SPEAKER_CAPACITIES,
    )


@bp.route("/negotiations/<int:negotiation_id>/groups/withdraw", methods=["POST"])
@login_required
def withdraw_group_speaker(negotiation_id: int):
    """Withdraw a delegation's designation to speak for a group."""
    negotiation = access.get_negotiation(current_user, negotiation_id)
    form = WithdrawSpeakerForm()
    delegations.withdraw_speaker(
        current_user,
        negotiation,
        group_code=form.group.data or "",
        delegation_code=form.delegation.data or "",
    )
    flash("The designation was withdrawn.", "info")
    return redirect(url_for("messages.group_speakers", negotiation_id=negotiation.id))
