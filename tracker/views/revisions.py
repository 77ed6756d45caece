"""Revisions: upload and preview, publish, the draft view, compare, paragraph history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import (
    Blueprint,
    Response,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from markupsafe import Markup

from tracker import render_cache
from tracker.extensions import db
from tracker.forms import CorrectLineageForm, EmptyForm, UploadForm
from tracker.models import Paragraph, Revision
from tracker.services import Invalid, NotFound, access, library, openings, revisions
from tracker.views.conditional import revalidated
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
    previous = revisions.previous_published(revision)
    common = {
        "negotiation": revision.negotiation,
        "revision": revision,
        "form": EmptyForm(),
        "previous": previous,
        "can_add_to_library": access.can_add_to_library(current_user, revision.negotiation),
    }
    if not revision.is_published:
        return render_template(
            "revisions/preview.html",
            document=revision.document,
            rows={p.path: p for p in revision.paragraphs},
            is_facilitator=access.is_facilitator(current_user, revision.negotiation),
            draft=None,
            library_marks=library.draft_marks(current_user, revision),
            **common,
        )
    page = render_template(
        "revisions/show.html",
        text=published_text(revision, previous),
        draft=draft_consultation(revision),
        **common,
    )
    return revalidated(make_response(page))


@dataclass(frozen=True)
class ParagraphSlot:
    """Where a paragraph's per-person line goes in a stored text, and what it needs to know."""

    id: int
    path: str
    parent_id: int | None
    lineage_id: int | None
    #: the paragraph's own page (comments and forms)
    page_url: str


@dataclass(frozen=True)
class PublishedText:
    """A published revision's stored HTML, in pieces with a slot after each paragraph."""

    legend: Markup
    toc: Markup
    #: HTML up to a paragraph's slot, and the slot (None after the last piece)
    pieces: list[tuple[Markup, ParagraphSlot | None]]


def published_text(revision: Revision, previous: Revision | None) -> PublishedText:
    """The revision's legend, contents and text with its marks of agreed language, rendered
    once and stored (tracker.render_cache), and the slots for this request's per-person lines."""
    key = render_cache.revision_text_key(
        revision, revisions.pairing_stamp(None, revision), library.library_stamp()
    )

    def render() -> dict[str, Any]:
        slots: list[Paragraph] = []
        html = render_template(
            "revisions/_published_text.html",
            negotiation=revision.negotiation,
            revision=revision,
            previous=previous,
            document=revision.document,
            rows={p.path: p for p in revision.paragraphs},
            library_marks=library.draft_marks(current_user, revision),
            slots=slots,
        )
        legend, toc, body = html.split("<!--part-->")
        return {
            "legend": legend,
            "toc": toc,
            "pieces": body.split("<!--slot-->"),
            "slots": [
                [
                    row.id,
                    row.path,
                    row.parent_id,
                    url_for(
                        "consultations.paragraph_comments",
                        negotiation_id=revision.negotiation_id,
                        paragraph_id=row.id,
                    ),
                ]
                for row in slots
            ],
        }

    stored = render_cache.fetch(key, render)
    lineages = revisions.paragraph_lineages(revision)
    slots = [
        ParagraphSlot(pid, path, parent, lineages.get(pid), url)
        for pid, path, parent, url in stored["slots"]
    ]
    pieces = [
        (Markup(html), slots[index] if index < len(slots) else None)
        for index, html in enumerate(stored["pieces"])
    ]
    return PublishedText(Markup(stored["legend"]), Markup(stored["toc"]), pieces)


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
    mode = "side" if request.args.get("mode") == "side" else "inline"
    changed_only = request.args.get("changed") == "1"
    stamp = revisions.pairing_stamp(old, new)
    key = render_cache.comparison_key(old, new, stamp, mode, changed_only)
    html = render_cache.fetch(
        key,
        lambda: render_template(
            "revisions/_comparison.html",
            comparison=revisions.compare_revisions(old, new),
            mode=mode,
            changed_only=changed_only,
        ),
    )
    page = render_template(
        "revisions/compare.html",
        negotiation=negotiation,
        comparison=ComparedPair(old, new),
        comparison_html=Markup(html),
        published=published,
        mode=mode,
        changed_only=changed_only,
    )
    return revalidated(make_response(page))


@dataclass(frozen=True)
class ComparedPair:
    """The two revisions a compare page names (their comparison itself is stored HTML)."""

    old: Revision
    new: Revision


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
