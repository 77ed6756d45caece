"""A negotiation's dashboard: comments, triage and paragraph status in figures."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from tracker.services import dashboard

bp = Blueprint("dashboard", __name__)


@bp.route("/negotiations/<int:negotiation_id>/dashboard")
@login_required
def show(negotiation_id: int):
    """The negotiation's dashboard: comments, triage and paragraph status in figures."""
    board = dashboard.negotiation_dashboard(current_user, negotiation_id)
    return render_template("dashboard/show.html", negotiation=board.negotiation, board=board)
