"""The silence procedure: putting a text under silence, breaking it, recording the outcome."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker import moments
from tracker.forms import (
    LiftObjectionForm,
    SilenceBreakForm,
    SilenceExtensionForm,
    SilenceForm,
    SilenceOutcomeForm,
    submitted_values,
)
from tracker.models import SilenceOutcome, SilenceProcedure, utcnow
from tracker.services import Conflict, Invalid, access, rounds, silence
from tracker.services.brackets import unsettled_paragraphs
from tracker.services.delegations import speaking_options
from tracker.services.revisions import latest_published
from tracker.views import FormPage, typed_text_fields
from tracker.views.confirmation import confirmation_page, confirmed

bp = Blueprint("silence", __name__)


@bp.route("/negotiations/<int:negotiation_id>/silence/new", methods=["GET", "POST"])
@login_required
def new(negotiation_id: int):
    """The form that puts the latest text under silence, and its submission."""
    negotiation = access.get_negotiation(current_user, negotiation_id)
    access.require_facilitator(current_user, negotiation)
    published = negotiation.published_revisions
    latest = latest_published(negotiation)
    values: dict[str, str] = {"revision_id": str(latest.id) if latest else ""}
    page = FormPage(200)
    form = SilenceForm()
    if request.method == "POST":
        values = submitted_values(form)
        revision_id = form.revision_id.data or ""
        revision = next((r for r in published if str(r.id) == revision_id), None)
        with page.service_call(Invalid, Conflict):
            deadline = rounds.new_york_time(
                form.deadline_day.data or "", form.deadline_time.data or "", "Deadline"
            )
            procedure = silence.start_silence(current_user, negotiation, revision, deadline)
            return page.done(
                f"{procedure.revision.label} is under silence.",
                _procedure_url(procedure),
            )
    return page.render(
        "silence/form.html",
        negotiation=negotiation,
        published=published,
        values=values,
        running=silence.current_silence(negotiation),
        latest=latest,
        unsettled=unsettled_paragraphs(latest) if latest else None,
    )


def _procedure_url(procedure: SilenceProcedure) -> str:
    return url_for(
        "silence.show", negotiation_id=procedure.negotiation_id, procedure_id=procedure.id
    )


def _silence_page(procedure: SilenceProcedure, status: int, values: dict[str, Any] | None = None):
    negotiation = procedure.negotiation
    options = speaking_options(getattr(current_user, "delegation", None), negotiation)
    # The extension form starts from the present deadline, as New York time.
    day, clock = moments.form_day_and_time(procedure.deadline)
    values = {"deadline_day": day, "deadline_time": clock} | (values or {})
    return render_template(
        "silence/show.html",
        negotiation=negotiation,
        procedure=procedure,
        history=silence.procedures_of(negotiation),
        values=values,
        chosen={str(v) for v in values.get("paragraph_ids", [])},
        is_facilitator=access.is_facilitator(current_user, negotiation),
        options=options,
        speaking_ids={d.id for d in options},
        outcome_labels=silence.OUTCOME_LABELS,
        max_statement=silence.MAX_STATEMENT,
        max_note=silence.MAX_NOTE,
        now=utcnow(),
    ), status


@bp.route("/negotiations/<int:negotiation_id>/silence/<int:procedure_id>")
@login_required
def show(negotiation_id: int, procedure_id: int):
    """A silence procedure: its deadline, and the delegations that broke it."""
    procedure = silence.get_procedure(current_user, negotiation_id, procedure_id)
    return _silence_page(procedure, 200)


@bp.route("/negotiations/<int:negotiation_id>/silence/<int:procedure_id>/break", methods=["POST"])
@typed_text_fields(statement="Your statement")
@login_required
def break_silence(negotiation_id: int, procedure_id: int):
    """Break silence for one's delegation, with a statement, once confirmed."""
    procedure = silence.get_procedure(current_user, negotiation_id, procedure_id)
    form = SilenceBreakForm()
    values = {
        "statement": form.statement.data or "",
        "on_behalf_of": form.on_behalf_of.data or "",
        "paragraph_ids": form.paragraph_ids.data or [],
    }
    arguments: dict[str, Any] = {
        "paragraph_ids": values["paragraph_ids"],
        "statement": values["statement"],
        "on_behalf_of": values["on_behalf_of"] or None,
    }
    try:
        if not confirmed():
            prepared = silence.prepare_silence_break(current_user, procedure, **arguments)
            return _silence_break_confirmation(procedure, prepared, values)
        silence.break_silence(current_user, procedure, **arguments)
    except Invalid as error:
        flash(error.message, "error")
        return _silence_page(procedure, error.status, submitted_values(form))
    except Conflict as error:
        # The same break already recorded: the page shows it, the form starts empty.
        flash(error.message, "error")
        return _silence_page(procedure, error.status)
    flash("Your statement breaking silence was recorded.", "success")
    return redirect(_procedure_url(procedure))


def _silence_break_confirmation(
    procedure: SilenceProcedure, prepared: silence.PreparedBreak, values: dict[str, Any]
) -> str:
    labels = ", ".join(p.path for p in prepared.paragraphs)
    return confirmation_page(
        title=f"Break silence on {procedure.revision.label}?",
        explanation=[
            f"{prepared.delegation.name} will break silence on {labels}. Every delegation and "
            "the co-facilitators are told at once, and the statement stays on record.",
        ],
        quoted=prepared.statement,
        button="Yes, break silence",
        cancel_url=_procedure_url(procedure),
        fields=[("statement", values["statement"]), ("on_behalf_of", values["on_behalf_of"])]
        + [("paragraph_ids", str(p.id)) for p in prepared.paragraphs],
    )


@bp.route("/negotiations/<int:negotiation_id>/silence/<int:procedure_id>/outcome", methods=["POST"])
@login_required
def outcome(negotiation_id: int, procedure_id: int):
    """Record whether silence passed or was broken."""
    procedure = silence.get_procedure(current_user, negotiation_id, procedure_id)
    form = SilenceOutcomeForm()
    try:
        silence.record_outcome(
            current_user, procedure, outcome=form.outcome.data or "", note=form.note.data or ""
        )
    except Invalid as error:
        flash(error.message, "error")
        return _silence_page(procedure, error.status, {"note": form.note.data or ""})
    outcome = silence.OUTCOME_LABELS[SilenceOutcome(form.outcome.data or "")]
    flash(f"Recorded: {outcome.lower()}.", "success")
    return redirect(_procedure_url(procedure))


@bp.route("/negotiations/<int:negotiation_id>/silence/<int:procedure_id>/extend", methods=["POST"])
@login_required
def extend(negotiation_id: int, procedure_id: int):
    """Move the deadline of a running silence procedure later."""
    procedure = silence.get_procedure(current_user, negotiation_id, procedure_id)
    form = SilenceExtensionForm()
    try:
        deadline = rounds.new_york_time(
            form.deadline_day.data or "", form.deadline_time.data or "", "New deadline"
        )
        silence.extend_silence(current_user, procedure, deadline)
    except (Invalid, Conflict) as error:
        flash(error.message, "error")
        return _silence_page(procedure, error.status, submitted_values(form))
    flash(
        f"Silence on {procedure.revision.label} is extended; every delegation is told.", "success"
    )
    return redirect(_procedure_url(procedure))


@bp.route(
    "/negotiations/<int:negotiation_id>/silence/<int:procedure_id>/breaks/<int:break_id>/lift",
    methods=["POST"],
)
@login_required
def lift(negotiation_id: int, procedure_id: int, break_id: int):
    """Lift a delegation's objection, once confirmed: its statement stays on record."""
    procedure = silence.get_procedure(current_user, negotiation_id, procedure_id)
    silence_break = silence.get_break(procedure, break_id)
    note = LiftObjectionForm().lift_note.data or ""
    try:
        if not confirmed():
            silence.check_lift(current_user, silence_break, note)
            return confirmation_page(
                title=f"Lift the objection of {silence_break.delegation.name}?",
                explanation=[
                    f"Its statement breaking silence on {procedure.revision.label} stays on "
                    "record, marked lifted. The co-facilitators and the secretariat are told "
                    "at once; once no objection stands, silence can pass after its deadline.",
                ],
                quoted=silence_break.statement,
                button="Yes, lift the objection",
                cancel_url=_procedure_url(procedure),
                fields=[("lift_note", note)],
            )
        silence.lift_objection(current_user, silence_break, note)
    except (Invalid, Conflict) as error:
        flash(error.message, "error")
        return _silence_page(procedure, error.status, {"lift_note": note})
    flash(f"The objection of {silence_break.delegation.name} is lifted.", "success")
    return redirect(_procedure_url(procedure))
