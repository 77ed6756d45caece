"""Downloads: clean texts, comparisons, the print page, comments as spreadsheets, archives."""

from __future__ import annotations

from flask import Blueprint, Response, make_response, render_template, request, url_for
from flask_login import current_user, login_required

from tracker import render_cache
from tracker.models import Comment
from tracker.services import (
    NotFound,
    access,
    comment_export,
    exports,
    positions,
    revisions,
    rounds,
    structure,
)
from tracker.services import meeting as meetings
from tracker.services.archive import export_archive
from tracker.services.triage import TRIAGE_LABELS
from tracker.views.conditional import export_etag, not_modified, revalidated, with_validators
from tracker.views.files import attachment

bp = Blueprint("exports", __name__, url_prefix="/negotiations/<int:negotiation_id>")


def _download(file: exports.ExportFile) -> Response:
    return Response(
        file.data,
        content_type=file.mimetype,
        headers={"Content-Disposition": attachment(file.filename), "Cache-Control": "no-store"},
    )


@bp.route("/revisions/<int:revision_id>/export.<fmt>")
@login_required
def clean(negotiation_id: int, revision_id: int, fmt: str):
    """A revision's clean text as .docx, .txt, .md or Akoma Ntoso .xml."""
    if fmt not in exports.CLEAN_FORMATS:
        raise NotFound(f"There is no .{fmt} export; choose .docx, .txt or .xml.")
    revision = access.get_revision(current_user, negotiation_id, revision_id)
    labels = request.args.get("labels") == "1"
    markers = request.args.get("markers") == "1"
    if not revision.is_published or markers:
        # Status markers change as the room agrees paragraphs: never answered from a cache.
        return _download(
            exports.export_clean(current_user, revision, fmt, labels=labels, markers=markers)
        )
    etag = export_etag(
        render_cache.release(),
        render_cache.identity(revision),
        revisions.lineage_stamp(revision),
        fmt,
        labels,
    )
    cached = not_modified(etag, revision.published_at)
    if cached is not None:
        return cached
    response = _download(exports.export_clean(current_user, revision, fmt, labels=labels))
    return with_validators(response, etag, revision.published_at)


@bp.route("/revisions/<int:revision_id>/print")
@login_required
def print_page(negotiation_id: int, revision_id: int):
    """A published revision laid out for printing."""
    revision = access.get_revision(current_user, negotiation_id, revision_id)
    if not revision.is_published:
        raise NotFound("Only published revisions have a print page.")
    page = render_template(
        "exports/print.html",
        negotiation=revision.negotiation,
        revision=revision,
        document=structure.stored_document(revision),
        labels=request.args.get("labels") == "1",
    )
    return revalidated(make_response(page))


@bp.route("/compare/export.<fmt>")
@login_required
def comparison(negotiation_id: int, fmt: str):
    """A comparison of two revisions as tracked-changes .docx or as .html."""
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
    etag = export_etag(
        render_cache.release(),
        render_cache.identity(old),
        render_cache.identity(new),
        revisions.pairing_stamp(old, new),
        fmt,
    )
    published = max(moment for moment in (old.published_at, new.published_at) if moment)
    cached = not_modified(etag, published)
    if cached is not None:
        return cached
    response = _download(exports.export_comparison(current_user, old, new, fmt))
    return with_validators(response, etag, published)


# Exports that need the database: the comments as a spreadsheet, the whole negotiation ------


@bp.route("/exports")
@login_required
def index(negotiation_id: int):
    """The negotiation's downloads: texts, comparisons, comments, meetings, the archive."""
    negotiation = access.get_negotiation(current_user, negotiation_id)
    return render_template(
        "exports/index.html",
        negotiation=negotiation,
        published=negotiation.published_revisions,
        rounds=rounds.rounds_of(negotiation),
        can_compile=access.oversees(current_user, negotiation),
        ended_meetings=[m for m in meetings.meetings_of(negotiation) if not m.is_open],
        delegations=comment_export.delegation_choices(current_user, negotiation),
        statuses=TRIAGE_LABELS,
        can_archive=access.can_manage_negotiations(current_user),
    )


def _comment_link(comment: Comment) -> str:
    return url_for(
        "consultations.show_comment",
        negotiation_id=comment.negotiation_id,
        comment_id=comment.id,
        _external=True,
    )


@bp.route("/comments/export.<fmt>")
@login_required
def comments(negotiation_id: int, fmt: str):
    """The comments one may see as a .csv or .xlsx spreadsheet, filtered as asked."""
    if fmt not in comment_export.FORMATS:
        raise NotFound(f"There is no .{fmt} export of comments; choose .csv or .xlsx.")
    filters = comment_export.parse_filters(
        round_id=request.args.get("round"),
        paragraph=request.args.get("paragraph"),
        delegation=request.args.get("delegation"),
        status=request.args.get("status"),
    )
    return _download(
        comment_export.export_comments(
            current_user, negotiation_id, fmt, filters, link_for=_comment_link
        )
    )


@bp.route("/positions/export.xlsx")
@login_required
def positions_table(negotiation_id: int):
    """Positions at a glance as a spreadsheet, with the page's columns and settled positions."""
    return _download(
        positions.export_positions(
            current_user,
            negotiation_id,
            request.args.get("group"),
            show_settled=request.args.get("settled") != "hide",
            link_for=lambda paragraph: url_for(
                "consultations.paragraph_comments",
                negotiation_id=negotiation_id,
                paragraph_id=paragraph.id,
                _external=True,
            ),
        )
    )


@bp.route("/archive.json")
@login_required
def archive(negotiation_id: int):
    """The whole negotiation as a JSON archive."""
    return _download(export_archive(current_user, negotiation_id))
