"""Downloads: clean texts, comparisons, the print page."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_login import current_user, login_required

from tracker.services import NotFound, access, exports
from tracker.views.files import attachment

bp = Blueprint("exports", __name__, url_prefix="/negotiations/<int:negotiation_id>")


def _download(file: exports.ExportFile) -> Response:
    return Response(
        file.data,
        mimetype=file.mimetype,
        headers={"Content-Disposition": attachment(file.filename), "Cache-Control": "no-store"},
    )


@bp.route("/revisions/<int:revision_id>/export.<fmt>")
@login_required
def clean(negotiation_id: int, revision_id: int, fmt: str):
    if fmt not in exports.CLEAN_FORMATS:
        raise NotFound(f"There is no .{fmt} export; choose .docx, .txt or .xml.")
    revision = access.get_revision(current_user, negotiation_id, revision_id)
    labels = request.args.get("labels") == "1"
    return _download(exports.export_clean(current_user, revision, fmt, labels=labels))


@bp.route("/revisions/<int:revision_id>/print")
@login_required
def print_page(negotiation_id: int, revision_id: int):
    revision = access.get_revision(current_user, negotiation_id, revision_id)
    if not revision.is_published:
        raise NotFound("Only published revisions have a print page.")
    return render_template(
        "exports/clean.html",
        negotiation=revision.negotiation,
        revision=revision,
        document=revision.document,
        labels=request.args.get("labels") == "1",
    )


@bp.route("/compare/export.<fmt>")
@login_required
def comparison(negotiation_id: int, fmt: str):
    if fmt not in exports.COMPARE_FORMATS:
        raise NotFound(f"There is no .{fmt} comparison; choose .docx or .html.")
    old_id = request.args.get("old", type=int)
    new_id = request.args.get("new", type=int)
    if not old_id or not new_id:
        raise NotFound("Say which two revisions to compare (old and new).")
    old = access.get_revision(current_user, negotiation_id, old_id)
    new = access.get_revision(current_user, negotiation_id, new_id)
    if not (old.is_published and new.is_published):
        raise NotFound("Only published revisions can be compared.")
    return _download(exports.export_comparison(current_user, old, new, fmt))
