"""Publishing safely: review a preview against the last text, correct its pairing, confirm,
and withdraw a revision published by mistake."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.forms import ConfirmForm, PreviewPairingForm, WithdrawRevisionForm
from tracker.models import Revision
from tracker.services import Invalid, access, publishing, revisions, silence
from tracker.services.meeting import meeting_of_preview
from tracker.services.meeting_held import open_meeting
from tracker.views import form_id

bp = Blueprint("publishing", __name__, url_prefix="/negotiations/<int:negotiation_id>")


def reviewed_against() -> int | None:
    """The published text the review page compared the preview with, as its form says: None
    for a first text; a missing or malformed value names no text (0), so it is refused as
    not the latest rather than taken for whatever is the latest now."""
    value = request.form.get("reviewed_against", "")
    if value == "none":
        return None
    return form_id(value) or 0


def during_meeting() -> int | None:
    """The meeting the review page's confirmation names as held on the latest text, publishing
    during it confirmed; None when the form confirms none."""
    return form_id(request.form.get("during_meeting", ""))


def _review_url(negotiation_id: int, revision_id: int) -> str:
    return url_for("publishing.review", negotiation_id=negotiation_id, revision_id=revision_id)


@bp.route("/revisions/<int:revision_id>/review")
@login_required
def review(negotiation_id: int, revision_id: int):
    """The preview against the last text, the comments carried forward, the confirmation."""
    revision = access.get_revision(current_user, negotiation_id, revision_id)
    if revision.state != "preview":
        return redirect(
            url_for("revisions.show", negotiation_id=negotiation_id, revision_id=revision_id)
        )
    return review_page(revision)


def review_page(revision: Revision, status: int = 200) -> tuple[str, int]:
    """The review of a preview against the text that is the latest now; its publish form
    names that text, so publishing refuses if another is circulated in between."""
    review = publishing.review_preview(current_user, revision)
    pairing_form = None
    if review is not None:
        pairing_form = PreviewPairingForm()
        pairing_form.new_label.choices = [(label, label) for label in review.new_labels]
        pairing_form.continues.choices = [("", "— a new paragraph —")] + [
            (label, f"{review.comparison.old.label} {label}") for label in review.old_labels
        ]
    previous = review.comparison.old if review else None
    return render_template(
        "revisions/review.html",
        negotiation=revision.negotiation,
        revision=revision,
        review=review,
        problem=review.problem if review else revisions.publication_problem(revision, previous),
        warnings=review.warnings
        if review
        else publishing.publication_warnings(revision, None, None),
        notified=review.notified if review else publishing.notified_count(revision, current_user),
        pairing_form=pairing_form,
        automatic=publishing.AUTOMATIC,
        confirm_form=ConfirmForm(),
        acting_for_facilitators=access.acts_for_facilitators(current_user, revision.negotiation),
        running_silence=silence.current_silence(revision.negotiation),
        meeting_underway=publishing.meeting_underway(
            current_user, revision.negotiation, previous.id if previous else None
        ),
        reviewed_against=previous.id if previous else "none",
        mode="inline",
        changed_only=False,
    ), status


@bp.route("/revisions/<int:revision_id>/preview-pairing", methods=["POST"])
@login_required
def correct_preview_pairing(negotiation_id: int, revision_id: int):
    """Correct, in the preview, which paragraph of the last text a paragraph continues."""
    revision = access.get_revision(current_user, negotiation_id, revision_id)
    access.require_facilitation(current_user, revision.negotiation)
    form = PreviewPairingForm()
    if not form.validate_on_submit() or not form.new_label.data:
        raise Invalid("Choose a paragraph of the preview; nothing was changed.")
    old_label = form.continues.data or None
    new_label = form.new_label.data
    try:
        moved_too = publishing.correct_preview_pairing(
            current_user, revision, new_label, old_label, reviewed_against()
        )
    except revisions.StaleReview as error:
        # The labels offered were another text's: the review is shown again, against the
        # text that is the latest now.
        flash(error.message, "error")
        return review_page(revision, status=409)
    if old_label == publishing.AUTOMATIC:
        # Whether a meeting made the text; its pairing itself was read by the service.
        pairer = "the meeting" if meeting_of_preview(revision) is not None else "the app"
        done = f"{new_label} is paired as {pairer} pairs it again"
    else:
        done = f"{new_label} now continues {old_label or 'no paragraph (a new one)'}"
    also = "; ".join(
        f"{label} now continues {old or 'no paragraph (a new one)'}"
        for label, old in moved_too.items()
    )
    flash(
        f"{done}; publishing will follow this pairing."
        + (f" It also changed: {also}." if also else ""),
        "success",
    )
    return redirect(_review_url(negotiation_id, revision_id) + "#pairing")


@bp.route("/revisions/<int:revision_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw(negotiation_id: int, revision_id: int):
    """Ask why, then withdraw a published revision (it stays in the record)."""
    revision = access.get_revision(current_user, negotiation_id, revision_id)
    access.require_facilitation(current_user, revision.negotiation)
    form = WithdrawRevisionForm()
    status = 200
    held = open_meeting(revision.negotiation)
    meeting = held if held is not None and held.base_revision_id == revision.id else None
    if form.validate_on_submit() and form.confirmed.data == "yes":
        publishing.withdraw_revision(current_user, revision, form.reason.data or "")
        closed = (
            " The meeting held on it was closed without a preview; its record and summary stay."
            if meeting is not None
            else ""
        )
        flash(f"{revision.label} was withdrawn; everyone notified of it was told.{closed}", "info")
        return redirect(url_for("negotiations.show", negotiation_id=negotiation_id))
    if form.is_submitted():
        status = 422
    return (
        render_template(
            "revisions/withdraw.html",
            negotiation=revision.negotiation,
            revision=revision,
            form=form,
            notified=publishing.notified_count(revision, current_user),
            latest=revisions.latest_published(revision.negotiation),
            previous=revisions.previous_published(revision),
            running_silence=silence.current_silence(revision.negotiation),
            meeting=meeting,
        ),
        status,
    )
