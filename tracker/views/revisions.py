"""Revisions: upload and preview, publish, the draft view, compare, paragraph history."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.extensions import db
from tracker.forms import CorrectLineageForm, EmptyForm, UploadForm
from tracker.models import Paragraph
from tracker.services import (
    Invalid,
    NotFound,
    access,
    events,
    library,
    openings,
    revisions,
    structure,
)
from tracker.views.consultations import draft_consultation
from tracker.views.files import attachment

bp = Blueprint("revisions", __name__, url_prefix="/negotiations/<int:negotiation_id>")


@bp.route("/revisions/new", methods=["GET", "POST"])
@login_required
def upload(negotiation_id: int):
    """The upload form for the next revision, and the preview it makes."""
    negotiation = access.get_negotiation(current_user, negotiation_id)
    access.require_facilitator(current_user, negotiation)
    form = UploadForm()
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        upload = form.file.data
        if upload and upload.filename:
            filename, data = upload.filename, upload.read()
        elif (form.text.data or "").strip():
            filename, data = "pasted.txt", (form.text.data or "").encode("utf-8")
        else:
            filename, data = "", b""
        try:
            if not data and not filename:
                raise Invalid("Choose a file to upload or paste the text.")
            revision = revisions.upload_revision(
                current_user, negotiation, filename=filename, data=data, label=form.label.data or ""
            )
        except Invalid as error:
            flash(error.message, "error")
            status = error.status
        else:
            return redirect(
                url_for("revisions.show", negotiation_id=negotiation.id, revision_id=revision.id)
            )
    if request.method == "GET":
        form.label.data = revisions.next_label(negotiation)
    return render_template("revisions/upload.html", form=form, negotiation=negotiation), status


@bp.route("/revisions/<int:revision_id>")
@login_required
def show(negotiation_id: int, revision_id: int):
    """A revision: the published text with its comments, or a preview to publish."""
    revision = access.get_revision(current_user, negotiation_id, revision_id)
    openings.record_opening(current_user, revision)
    # Read before the page's data: a change made meanwhile is replayed, never lost.
    live_after = events.latest_event_id(revision.negotiation)
    template = "revisions/show.html" if revision.is_published else "revisions/preview.html"
    rows = {p.path: p for p in revision.paragraphs}
    return render_template(
        template,
        negotiation=revision.negotiation,
        revision=revision,
        document=structure.stored_document(revision),
        rows=rows,
        form=EmptyForm(),
        is_facilitator=access.is_facilitator(current_user, revision.negotiation),
        draft=draft_consultation(revision) if revision.is_published else None,
        previous=revisions.previous_published(revision),
        library_marks=library.draft_marks(current_user, revision),
        can_add_to_library=access.can_add_to_library(current_user, revision.negotiation),
        live_after=live_after,
    )


@bp.route("/revisions/<int:revision_id>/publish", methods=["POST"])
@login_required
def publish(negotiation_id: int, revision_id: int):
    """Publish a preview as the negotiation's next revision."""
    revision = access.get_revision(current_user, negotiation_id, revision_id)
    revisions.publish_revision(current_user, revision)
    flash(f"{revision.label} is published.", "success")
    return redirect(
        url_for("revisions.show", negotiation_id=negotiation_id, revision_id=revision.id)
    )


@bp.route("/revisions/<int:revision_id>/discard", methods=["POST"])
@login_required
def discard(negotiation_id: int, revision_id: int):
    """Discard a preview."""
    revision = access.get_revision(current_user, negotiation_id, revision_id)
    revisions.discard_preview(current_user, revision)
    flash(f"The preview of {revision.label} was set aside.", "info")
    return redirect(url_for("negotiations.show", negotiation_id=negotiation_id))


@bp.route("/revisions/<int:revision_id>/texts/<int:index>", methods=["POST"])
@login_required
def choose_text(negotiation_id: int, revision_id: int, index: int):
    """Preview another text read from the uploaded document (a committee report has several)."""
    revision = access.get_revision(current_user, negotiation_id, revision_id)
    try:
        revisions.choose_text(current_user, revision, index)
    except Invalid as error:
        flash(error.message, "error")
    else:
        flash(f"The preview now shows “{revision.title}”.", "success")
    return redirect(
        url_for("revisions.show", negotiation_id=negotiation_id, revision_id=revision_id)
    )


@bp.route("/revisions/<int:revision_id>/source")
@login_required
def source(negotiation_id: int, revision_id: int):
    """The file a revision was uploaded from."""
    revision = access.get_revision(current_user, negotiation_id, revision_id)
    return Response(
        revision.source_data,
        mimetype=revision.source_content_type,
        headers={
            "Content-Disposition": attachment(revision.source_filename),
            "Cache-Control": "private, no-store",
        },
    )


@bp.route("/compare")
@login_required
def compare(negotiation_id: int):
    """Two revisions side by side, paragraph by paragraph, with word changes."""
    negotiation = access.get_negotiation(current_user, negotiation_id)
    published = negotiation.published_revisions
    if len(published) < 2:
        return render_template(
            "revisions/compare.html", negotiation=negotiation, comparison=None, published=published
        )
    old_id = request.args.get("old", type=int) or published[-2].id
    new_id = request.args.get("new", type=int) or published[-1].id
    old = access.get_revision(current_user, negotiation_id, old_id)
    new = access.get_revision(current_user, negotiation_id, new_id)
    if not (old.is_published and new.is_published):
        raise NotFound("Only published revisions can be compared.")
    comparison = revisions.compare_revisions(old, new)
    return render_template(
        "revisions/compare.html",
        negotiation=negotiation,
        comparison=comparison,
        published=published,
        mode="side" if request.args.get("mode") == "side" else "inline",
        changed_only=request.args.get("changed") == "1",
    )


def _paragraph(negotiation_id: int, paragraph_id: int) -> Paragraph:
    paragraph = db.session.get(Paragraph, paragraph_id)
    if paragraph is None:
        raise NotFound("There is no such paragraph.")
    access.get_revision(current_user, negotiation_id, paragraph.revision_id)
    return paragraph


@bp.route("/paragraphs/<int:paragraph_id>/history")
@login_required
def history(negotiation_id: int, paragraph_id: int):
    """A paragraph's history through every revision of its lineage."""
    paragraph = _paragraph(negotiation_id, paragraph_id)
    steps = revisions.lineage_history(current_user, paragraph)
    negotiation = paragraph.revision.negotiation
    form = None
    previous = revisions.previous_published(paragraph.revision)
    if access.is_facilitator(current_user, negotiation) and previous and not paragraph.parent_id:
        form = CorrectLineageForm()
        form.continues.choices = [("", "— a new paragraph —")] + [
            (str(p.id), f"{p.label}: {p.text[:80]}")
            for p in previous.paragraphs
            if p.parent_id is None
        ]
        form.continues.data = str(paragraph.previous_id or "")
    return render_template(
        "revisions/history.html",
        negotiation=negotiation,
        paragraph=paragraph,
        steps=steps,
        diffs=revisions.history_diffs(steps),
        form=form,
        previous=previous,
    )


@bp.route("/paragraphs/<int:paragraph_id>/pairing", methods=["POST"])
@login_required
def correct_pairing(negotiation_id: int, paragraph_id: int):
    """Correct which paragraph of the previous revision this one continues."""
    paragraph = _paragraph(negotiation_id, paragraph_id)
    access.require_facilitator(current_user, paragraph.revision.negotiation)
    form = CorrectLineageForm()
    if not form.validate_on_submit():
        raise Invalid("The form was incomplete; nothing was changed.")
    continues = None
    if form.continues.data:
        if not str(form.continues.data).isdigit():
            raise Invalid("Choose a paragraph of the previous revision.")
        continues = db.session.get(Paragraph, int(form.continues.data))
        if continues is None:
            raise Invalid("Choose a paragraph of the previous revision.")
    revisions.correct_lineage(current_user, paragraph, continues)
    flash(f"{paragraph.label}'s pairing was corrected and recorded.", "success")
    return redirect(
        url_for("revisions.history", negotiation_id=negotiation_id, paragraph_id=paragraph.id)
    )
