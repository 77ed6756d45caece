"""Search within a negotiation: its latest text's paragraphs and the comments one may see."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from tracker.services import search as negotiation_search
from tracker.text.highlight import MAX_QUERY

bp = Blueprint("search", __name__, url_prefix="/negotiations/<int:negotiation_id>")


@bp.route("/search")
@login_required
def negotiation(negotiation_id: int):
    """Paragraphs, comments and proposals of a negotiation that hold the words searched for."""
    found = negotiation_search.search_negotiation(
        current_user, negotiation_id, request.args.get("q", ""), request.args.get("page")
    )
    return render_template(
        "search/results.html",
        negotiation=found.negotiation,
        found=found,
        max_query=MAX_QUERY,
    ), (400 if found.problem else 200)
