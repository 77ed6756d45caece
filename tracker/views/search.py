"""Search within a negotiation: its latest text's paragraphs and the comments and replies one
may see, with filters by delegation, paragraph and kind."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.services import search as negotiation_search
from tracker.text.highlight import MAX_QUERY

bp = Blueprint("search", __name__, url_prefix="/negotiations/<int:negotiation_id>")


@bp.route("/search")
@login_required
def negotiation(negotiation_id: int):
    """What a negotiation's text, comments and replies hold, by words, delegation, paragraph."""
    args = request.args
    found = negotiation_search.search_negotiation(
        current_user,
        negotiation_id,
        args.get("q", ""),
        args.get("page"),
        negotiation_search.SearchFilters(
            delegation=args.get("delegation", ""),
            paragraph=args.get("paragraph", ""),
            kind=args.get("kind", ""),
            revision=args.get("revision", ""),
        ),
        reply_page=args.get("replies_page"),
    )
    if found.goes_to is not None:
        return redirect(
            url_for(
                "consultations.paragraph_comments",
                negotiation_id=found.negotiation.id,
                paragraph_id=found.goes_to.id,
            )
        )
    return render_template(
        "search/results.html",
        negotiation=found.negotiation,
        found=found,
        kinds=negotiation_search.KINDS,
        max_query=MAX_QUERY,
        max_paragraph=negotiation_search.MAX_PARAGRAPH,
    ), (400 if found.problem else 200)
