"""Revisions: upload and preview, publish, the draft view, compare, paragraph history."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.extensions import db
from tracker.forms import CorrectLineageForm, EmptyForm, UploadForm
from tracker.models import Paragraph
from tracker.services import (
    Conflict,
    Invalid,
    NotFound,
    access,
    library,
    openings,
    pairing,
    revisions,
    structure,
)
from tracker.views import form_id
from tracker.views.brackets import room_edit_forms
from tracker.views.confirmation import confirmation_page, confirmed
from tracker.views.consultations import draft_consultation
from tracker.views.files import attachment

bp = Blueprint("revisions", __name__, url_prefix="/negotiations/<int:negotiation_id>")


@bp.route("/revisions/new", methods=["GET", "POST"])
@login_required
def upload(negotiation_id: int):
    """The upload form for the next revision, and the preview it makes."""
    negotiation = access.get_negotiation(current_user, negotiation_id)
    access.require_facilitation(current_user, negotiation)
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
    template = "revisions/show.html" if revision.was_circulated else "revisions/preview.html"
    rows = {p.path: p for p in revision.paragraphs}
    return render_template(
        template,
        negotiation=revision.negotiation,
        revision=revision,
        document=structure.stored_document(revision),
        rows=rows,
        form=EmptyForm(),
        is_facilitator=access.oversees(current_user, revision.negotiation),
        can_withdraw=revision.is_published and access.oversees(current_user, revision.negotiation),
        draft=draft_consultation(revision) if revision.is_published else None,
        previous=revisions.previous_published(revision),
        library_marks=library.draft_marks(current_user, revision),
        can_add_to_library=access.can_add_to_library(current_user, revision.negotiation),
        **room_edit_forms(revision),
    )


@bp.route("/revisions/<int:revision_id>/publish", methods=["POST"])
@login_required
def publish(negotiation_id: int, revision_id: int):
    """Publish a preview as the next revision, once confirmed on its review page."""
    revision = access.get_revision(current_user, negotiation_id, revision_id)
    access.require_facilitation(current_user, revision.negotiation)
    if revision.state == "preview" and not confirmed():
        # A bare button press publishes nothing: the review page says what will happen first.
        return redirect(
            url_for("publishing.review", negotiation_id=negotiation_id, revision_id=revision_id)
        )
    revisions.publish_revision(current_user, revision)
    flash(f"{revision.label} is published.", "success")
    return redirect(
        url_for("revisions.show", negotiation_id=negotiation_id, revision_id=revision.id)
    )


@bp.route("/revisions/<int:revision_id>/discard", methods=["POST"])
@login_required
def discard(negotiation_id: int, revision_id: int):
    """Discard a preview, once confirmed."""
    revision = access.get_revision(current_user, negotiation_id, revision_id)
    access.require_facilitation(current_user, revision.negotiation)
    if revision.state == "preview" and not confirmed():
        return confirmation_page(
            title=f"Discard the preview of {revision.label}?",
            explanation=[
                f"The preview read from {revision.source_filename} is set aside: it can no "
                "longer be published, and stays on record with the original file.",
            ],
            button="Yes, discard the preview",
            cancel_url=url_for(
                "revisions.show", negotiation_id=negotiation_id, revision_id=revision_id
            ),
        )
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
    filename, content_type = revisions.original_file(revision)
    return Response(
        revision.source_data,
        content_type=content_type,
        headers={
            "Content-Disposition": attachment(filename),
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
    if not (old.was_circulated and new.was_circulated):
        raise NotFound("Only published revisions can be compared.")
    comparison = revisions.compare_revisions(old, new)
    comparison = replace(comparison, alignment=pairing.with_merges(comparison.alignment, old, new))
    return render_template(
        "revisions/compare.html",
        negotiation=negotiation,
        comparison=comparison,
        corrections=pairing.corrections_shown(old, new),
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
    if access.oversees(current_user, negotiation) and previous and not paragraph.parent_id:
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
    """Correct which previous paragraph this one continues, or record a split or merge."""
    paragraph = _paragraph(negotiation_id, paragraph_id)
    access.require_facilitation(current_user, paragraph.revision.negotiation)
    form = CorrectLineageForm()
    if not form.validate_on_submit():
        raise Invalid("The form was incomplete; nothing was changed.")
    continues = None
    if form.continues.data:
        continues_id = form_id(str(form.continues.data))
        continues = db.session.get(Paragraph, continues_id) if continues_id else None
        if continues is None:
            raise Invalid("Choose a paragraph of the previous revision.")
    back = url_for("revisions.history", negotiation_id=negotiation_id, paragraph_id=paragraph.id)
    try:
        if form.how.data in ("split", "merge"):
            if continues is None:
                raise Invalid("A split or a merge names a paragraph of the previous revision.")
            record = pairing.record_split if form.how.data == "split" else pairing.record_merge
            record(current_user, paragraph, continues)
        else:
            revisions.correct_lineage(
                current_user, paragraph, continues, replace_earlier=bool(form.replace_earlier.data)
            )
    except (Invalid, Conflict) as error:
        flash(error.message, "error")
        return redirect(back + "#pairing-heading")
    flash(f"{paragraph.label}'s pairing was corrected and recorded.", "success")
    return redirect(back)
