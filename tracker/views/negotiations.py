"""Negotiations: the list, the negotiation page, creating and editing one."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.forms import NegotiationForm
from tracker.models import Negotiation
from tracker.services import (
    access,
    mail,
    meeting_held,
    negotiations,
    openings,
    revisions,
    rounds,
    silence,
    whats_new,
)
from tracker.services import audit as audit_trail
from tracker.views import FormPage
from tracker.views.meetings import live_meeting_banner

#: How the negotiation page names each choice of e-mail.
MAIL_CHOICE_LABELS = {"every": "every event", "digest": "a daily digest", "none": "none"}

bp = Blueprint("negotiations", __name__)


@bp.route("/")
@login_required
def index():
    """Every negotiation, newest first."""
    return render_template(
        "negotiations/index.html",
        negotiations=negotiations.list_negotiations(current_user),
        can_create=access.can_manage_negotiations(current_user),
    )


@bp.route("/negotiations")
@login_required
def index_by_its_name():
    """The list of negotiations, for an address cut back from `/negotiations/3/...`."""
    return redirect(url_for("negotiations.index"))


@bp.route("/negotiations/new", methods=["GET", "POST"])
@login_required
def new():
    """The form that sets up a negotiation, and its submission."""
    access.require_secretariat(current_user)
    form = NegotiationForm()
    del form.status
    page = FormPage()
    if form.validate_on_submit():
        with page.service_call():
            negotiation = negotiations.create_negotiation(
                current_user,
                title=form.title.data or "",
                mandate=form.mandate.data or "",
                facilitator_emails=negotiations.listed_emails(form.facilitators.data or ""),
            )
            return page.done("The negotiation was created.", _page_of(negotiation))
    return page.render("negotiations/form.html", form=form, negotiation=None)


def _page_of(negotiation: Negotiation) -> str:
    return url_for("negotiations.show", negotiation_id=negotiation.id)


@bp.route("/negotiations/<int:negotiation_id>")
@login_required
def show(negotiation_id: int):
    """A negotiation: its texts, previews, rounds and co-facilitators."""
    negotiation = access.get_negotiation(current_user, negotiation_id)
    oversees = access.oversees(current_user, negotiation)
    published = negotiation.published_revisions
    visit = whats_new.record_visit(current_user, negotiation)
    return render_template(
        "negotiations/show.html",
        negotiation=negotiation,
        news=whats_new.summary(current_user, negotiation, visit),
        published=published,
        latest_openings=openings.delegations_that_opened(published[-1]) if published else [],
        mail_choice=MAIL_CHOICE_LABELS[mail.preference_for(current_user, negotiation).mode],
        previews=[r for r in negotiation.revisions if r.state == "preview"] if oversees else [],
        withdrawn=[r for r in negotiation.revisions if r.state == "withdrawn"],
        is_facilitator=access.is_facilitator(current_user, negotiation),
        can_edit=oversees,
        schedule=rounds.comment_periods(negotiation),
        running_silence=silence.current_silence(negotiation),
        silence_procedures=silence.procedures_of(negotiation),
        next_label=revisions.next_label(negotiation),
        **live_meeting_banner(meeting_held.open_meeting(negotiation)),
    )


@bp.route("/negotiations/<int:negotiation_id>/new")
@login_required
def since_last_visit(negotiation_id: int):
    """What other delegations wrote, and what was circulated, since the person's last visit."""
    negotiation = access.get_negotiation(current_user, negotiation_id)
    visit = whats_new.record_visit(current_user, negotiation)
    return render_template(
        "negotiations/since_last_visit.html",
        negotiation=negotiation,
        news=whats_new.news(current_user, negotiation, visit),
        listed=whats_new.LISTED,
    )


@bp.route("/negotiations/<int:negotiation_id>/edit", methods=["GET", "POST"])
@login_required
def edit(negotiation_id: int):
    """The form that changes a negotiation's details, and its submission."""
    negotiation = access.get_negotiation(current_user, negotiation_id)
    secretariat = access.can_manage_negotiations(current_user)
    access.require_overseer(current_user, negotiation, "edit the negotiation")
    form = NegotiationForm(obj=negotiation)
    if not secretariat:
        del form.facilitators
    elif request.method == "GET":
        form.facilitators.data = "\n".join(u.email for u in negotiation.facilitators)
    page = FormPage()
    if form.validate_on_submit():
        with page.service_call():
            negotiations.update_negotiation(
                current_user,
                negotiation,
                title=form.title.data or "",
                mandate=form.mandate.data or "",
                status=form.status.data or negotiation.status,
                facilitator_emails=(
                    negotiations.listed_emails(form.facilitators.data or "")
                    if secretariat
                    else None
                ),
            )
            return page.done("The negotiation was updated.", _page_of(negotiation))
    return page.render("negotiations/form.html", form=form, negotiation=negotiation)


@bp.route("/negotiations/<int:negotiation_id>/audit")
@login_required
def audit(negotiation_id: int):
    """The negotiation's audit trail, newest first."""
    negotiation = access.get_negotiation(current_user, negotiation_id)
    return render_template(
        "negotiations/audit.html",
        negotiation=negotiation,
        events=audit_trail.events_for(current_user, negotiation),
    )
