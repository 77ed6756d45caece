"""Brackets and alternatives written in the app: prepare the next text from the latest one,
bracket a phrase, record an alternative."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user, login_required

from tracker.forms import AlternativeForm, BracketForm
from tracker.models import Revision
from tracker.services import Invalid, access, brackets

bp = Blueprint("brackets", __name__, url_prefix="/negotiations/<int:negotiation_id>")


def _preview_url(revision: Revision, anchor: str = "") -> str:
    return (
        url_for("revisions.show", negotiation_id=revision.negotiation_id, revision_id=revision.id)
        + anchor
    )


def room_edit_forms(revision: Revision) -> dict[str, Any]:
    """The bracket and alternative forms of a preview, for its page (empty for others)."""
    if revision.state != "preview" or not access.oversees(current_user, revision.negotiation):
        return {}
    choices = [(path, path) for path in brackets.paragraph_paths(revision.document)]
    bracket_form = BracketForm(prefix="bracket")
    alternative_form = AlternativeForm(prefix="alternative")
    bracket_form.path.choices = alternative_form.path.choices = choices
    return {"bracket_form": bracket_form, "alternative_form": alternative_form}


@bp.route("/revisions/prepare", methods=["POST"])
@login_required
def prepare(negotiation_id: int):
    """Make a preview of the next text from the latest one, to edit without a file."""
    negotiation = access.get_negotiation(current_user, negotiation_id)
    preview = brackets.prepare_next_text(current_user, negotiation)
    flash(
        f"{preview.label} is prepared from the latest text: bracket phrases and record "
        "alternatives below, then review and publish it.",
        "success",
    )
    return redirect(_preview_url(preview, "#room-edits"))


@bp.route("/revisions/<int:revision_id>/bracket", methods=["POST"])
@login_required
def bracket(negotiation_id: int, revision_id: int):
    """Put words of a preview's paragraph in square brackets."""
    revision = access.get_revision(current_user, negotiation_id, revision_id)
    form = BracketForm(prefix="bracket")
    if not form.validate_on_submit():
        raise Invalid("Choose a paragraph and write the words to bracket; nothing was changed.")
    brackets.bracket_in_preview(
        current_user, revision, form.path.data or "", form.phrase.data or "", form.holder.data or ""
    )
    flash(f"Bracketed in {form.path.data}: “{form.phrase.data}”.", "success")
    return redirect(_preview_url(revision, "#room-edits"))


@bp.route("/revisions/<int:revision_id>/alternative", methods=["POST"])
@login_required
def alternative(negotiation_id: int, revision_id: int):
    """Record an alternative wording of a preview's paragraph."""
    revision = access.get_revision(current_user, negotiation_id, revision_id)
    form = AlternativeForm(prefix="alternative")
    if not form.validate_on_submit():
        raise Invalid("Choose a paragraph and write the alternative; nothing was changed.")
    brackets.alternative_in_preview(
        current_user, revision, form.path.data or "", form.wording.data or ""
    )
    flash(f"Alternative recorded in {form.path.data}.", "success")
    return redirect(_preview_url(revision, "#room-edits"))
