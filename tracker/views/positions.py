"""Positions at a glance: who said what on each paragraph."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from tracker.services import positions

bp = Blueprint("positions", __name__)


@bp.route("/negotiations/<int:negotiation_id>/positions")
@login_required
def show(negotiation_id: int):
    """Who said what on each paragraph, settled positions greyed or hidden (`settled=hide`)."""
    matrix = positions.positions_matrix(
        current_user,
        negotiation_id,
        request.args.get("group"),
        show_settled=request.args.get("settled") != "hide",
    )
    return render_template(
        "positions/show.html",
        negotiation=matrix.negotiation,
        matrix=matrix,
        Position=positions.Position,
        labels=positions.POSITION_LABELS,
        codes=positions.POSITION_CODES,
    )
