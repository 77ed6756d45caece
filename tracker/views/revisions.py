"""Revisions: upload and preview, publish, the draft view, compare, paragraph history."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from markupsafe import Markup, escape

from tracker import render_cache
from tracker.extensions import db
from tracker.forms import CorrectLineageForm, EmptyForm, UploadForm
from tracker.models import Paragraph, ParagraphState, Revision
from tracker.services import (
    Conflict,
    Invalid,
    NotFound,
    access,
    comments,
    comparisons,
    library,
    meeting,
    meeting_held,
    openings,
    pairing,
    revisions,
    structure,
    triage,
)
from tracker.services.text_marks import TextMarks, text_marks
from tracker.views import form_id
from tracker.views.brackets import room_edit_forms
from tracker.views.confirmation import confirmation_page, confirmed
from tracker.views.consultations import DraftConsultation, draft_consultation
from tracker.views.files import attachment
from tracker.views.kept_pages import KeptPage
from tracker.views.meetings import live_meeting_banner
from tracker.views.publishing import during_meeting, review_page, reviewed_against

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
    kept = KeptPage.begin("revision")
    # A kept page was made for this person after their opening was recorded.
    if (again := kept.sent_again()) is not None:
        return again
    revision = access.get_revision(current_user, negotiation_id, revision_id)
    if openings.record_opening(current_user, revision):
        # Its commit moved the generation on: the page made now is kept under the new one,
        # not made again on the next visit.
        kept = KeptPage.begin("revision")
    # Read before the page's data: a change made meanwhile is replayed, never lost.
    marks = text_marks(revision)
    previous, latest = revisions.previous_and_latest_published(revision)
    oversees = access.oversees(current_user, revision.negotiation)
    common = {
        "negotiation": revision.negotiation,
        "revision": revision,
        "form": EmptyForm(),
        "previous": previous,
        "is_facilitator": oversees,
        "can_withdraw": revision.is_published and oversees,
        # Offered only for an adopted text: a draft is refused (library.revision_refusal).
        "can_add_to_library": access.can_add_to_library(current_user, revision.negotiation)
        and not library.revision_refusal(revision),
        **room_edit_forms(revision),
    }
    if not revision.was_circulated:
        return kept.keep(
            render_template(
                "revisions/preview.html",
                document=revision.document,
                rows={p.path: p for p in revision.paragraphs},
                draft=None,
                library_marks=library.draft_marks(current_user, revision),
                **common,
            )
        )
    text = published_text(revision, previous, marks)
    # A withdrawn text stays readable, but takes no more comments.
    draft = draft_consultation(revision, latest) if revision.is_published else None
    page = render_template(
        "revisions/show.html",
        text=text,
        body=text.composed(draft),
        draft=draft,
        latest=latest,
        live_after=marks.latest_event,
        **live_meeting_banner(meeting_held.meeting_held(marks.open_meeting_id)),
        **common,
    )
    return kept.keep(page, until=draft.forms_change_at if draft is not None else None)


@dataclass(frozen=True)
class ParagraphSlot:
    """Where a paragraph's per-person line goes in a stored text, and what it needs to know.
    The strings are stored HTML-escaped: the line is composed on every request."""

    id: int
    #: the paragraph's path ("OP3 (a)"), escaped
    path: str
    parent_id: int | None
    lineage_id: int | None
    #: the paragraph's own page (comments and forms), escaped
    page_url: str
    #: the paragraph's history page, escaped
    history_url: str


@dataclass
class PublishedText:
    """A published revision's stored HTML, in pieces with a slot after each paragraph."""

    revision: Revision
    #: the key it is stored under (tracker.render_cache)
    key: str
    legend: Markup
    toc: Markup
    #: HTML up to each paragraph's slot, then after the last slot
    pieces: list[str]
    #: each slot's paragraph as stored: id, escaped path, parent id, escaped page and history URLs
    stored_slots: list[list[Any]]

    def slots(self, newest_correction: int | None) -> list[ParagraphSlot]:
        """The slots with each paragraph's lineage as it stands after the negotiation's newest
        pairing correction (one on an earlier revision changes it without changing the stored
        text)."""

        def read() -> list[ParagraphSlot]:
            lineages = revisions.paragraph_lineages(self.revision)
            return [
                ParagraphSlot(pid, path, parent, lineages.get(pid), page, history)
                for pid, path, parent, page, history in self.stored_slots
            ]

        return render_cache.remembered(f"slots:{self.key}:{newest_correction}", read)

    def composed(self, draft: DraftConsultation | None) -> Markup:
        """The text with each paragraph's per-person line in its slot (none without a
        consultation, as on a withdrawn text). Composed once per stamp of what the lines show
        and per kind of viewer, and stored for a while: between two changes to the
        consultation, every delegate who reads the text gets the same lines."""
        if draft is None:
            return Markup("".join(self.pieces))
        viewer = f"c{int(draft.can_comment)}f{int(draft.is_facilitator)}"
        key = render_cache.lines_key(self.key, draft.stamp, viewer)

        def compose() -> str:
            line = PerPersonLines(draft, _lines_composed_before(f"{self.key}:{viewer}"))
            parts = [self.pieces[0]]
            slots = self.slots(draft.marks.newest_correction)
            for slot, html in zip(slots, self.pieces[1:], strict=True):
                parts += (line(slot), html)
            return "".join(parts)

        return Markup(render_cache.fetch(key, compose, render_cache.FLEETING_TTL))


class PerPersonLines:
    """The line under each paragraph of the draft view: its status, how many spoke and who
    first, and where to comment. Built here rather than by a template macro: a text has
    hundreds of paragraphs, and the macro calls were most of the time of a stored page."""

    def __init__(self, draft: DraftConsultation, before: dict[int, tuple[Hashable, str]]) -> None:
        self.draft = draft
        #: paragraph id -> (what its line showed, the line), as composed before for the same
        #: text and kind of viewer: a line whose paragraph nothing touched is taken from there
        self.before = before
        pending = ParagraphState.PENDING.value
        self.pending = pending
        self.badges: dict[str, str] = {
            state: f'<span class="badge state-{escape(state)}">{escape(label)}</span> '
            for state, label in triage.STATE_LABELS.items()
            if state != pending
        }

    def __call__(self, slot: ParagraphSlot) -> str:
        """The line under one paragraph, as HTML ("" when there is nothing to say or do)."""
        draft = self.draft
        speaking = draft.speakers.get(slot.lineage_id) if slot.lineage_id is not None else None
        state = draft.states.get(slot.id, self.pending)
        shown = (slot.lineage_id, speaking, state)
        before = self.before.get(slot.id)
        if before is not None and before[0] == shown:
            return before[1]
        line = self._line(slot, speaking, state)
        self.before[slot.id] = (shown, line)
        return line

    def _line(
        self, slot: ParagraphSlot, speaking: comments.ParagraphSpeakers | None, state: str
    ) -> str:
        draft = self.draft
        count = speaking.count if speaking is not None else 0
        if not (count or state != self.pending or draft.can_comment or draft.is_facilitator):
            return ""
        top = slot.parent_id is None
        path, page = slot.path, slot.page_url
        parts = [f'<p class="para-consult no-print{"" if top else " sub-consult"}">\n  ']
        if state != self.pending:
            parts.append(self.badges.get(state) or f'<span class="badge">{escape(state)}</span> ')
        # What the line says and offers, one item after another (`·` between, none after the
        # last: a reader of an earlier revision is offered no form).
        items = []
        if speaking is not None and count:
            first = speaking.first
            names = "; ".join(str(escape(name)) for name in first)
            more = f"; and {count - len(first)} more" if count > len(first) else ""
            items.append(
                f'<a href="{page}#comments-heading">{count} comment{"" if count == 1 else "s"} '
                f'on {path}</a>:\n  <span class="speakers">{names}{more}</span>'
            )
        elif top:
            items.append(f'<span class="muted">No comments on {path} yet</span>')
        if draft.can_comment:
            items.append(
                f'<a href="{page}#form-heading">Comment or propose'
                f'<span class="visually-hidden"> on {path}</span></a>'
            )
        elif draft.is_facilitator:
            items.append(
                f'<a href="{page}">Status and comments'
                f'<span class="visually-hidden"> of {path}</span></a>'
            )
        if not top:
            items.append(
                f'<a href="{slot.history_url}">History'
                f'<span class="visually-hidden"> of {path}</span></a>'
            )
        parts.append(" ·\n  ".join(items))
        parts.append("\n</p>\n")
        return "".join(parts)


#: How many texts and kinds of viewer a process remembers lines for.
LINES_REMEMBERED = 32
#: The lines last composed in this process per text and kind of viewer (PerPersonLines.before).
_LINES_COMPOSED = render_cache.MemoryStore(LINES_REMEMBERED)


def _lines_composed_before(key: str) -> dict[int, tuple[Hashable, str]]:
    """The lines composed before for a text and kind of viewer, to be brought up to date."""
    lines: dict[int, tuple[Hashable, str]] | None = _LINES_COMPOSED.get(key)
    if lines is None:
        lines = {}
        _LINES_COMPOSED.set(key, lines)
    return lines


#: A paragraph id no database reaches, standing in for each paragraph's own in _paragraph_urls.
_ANY_PARAGRAPH = 7_777_777_777_777_777


def _paragraph_urls(endpoint: str, negotiation_id: int) -> Callable[[int], str]:
    """paragraph id -> the address of that paragraph's page at `endpoint`, escaped for HTML.
    The route is built once: the addresses differ only by the id, and building one per
    paragraph cost a tenth of a new text's first render."""
    built = url_for(endpoint, negotiation_id=negotiation_id, paragraph_id=_ANY_PARAGRAPH)
    before, after = (str(escape(part)) for part in built.split(str(_ANY_PARAGRAPH)))
    return lambda paragraph_id: f"{before}{paragraph_id}{after}"


def published_text(
    revision: Revision, previous: Revision | None, marks: TextMarks
) -> PublishedText:
    """The revision's legend, contents and text with its marks of agreed language, rendered
    once and stored (tracker.render_cache) under the page's `marks`, and the slots for this
    request's per-person lines."""
    key = render_cache.revision_text_key(revision, marks.pairing, marks.library)

    def render() -> dict[str, Any]:
        slots: list[Paragraph] = []
        html = render_template(
            "revisions/_published_text.html",
            negotiation=revision.negotiation,
            revision=revision,
            previous=previous,
            document=structure.stored_document(revision),
            rows={p.path: p for p in revision.paragraphs},
            library_marks=library.draft_marks(current_user, revision),
            slots=slots,
        )
        legend, toc, body = html.split("<!--part-->")
        page_url = _paragraph_urls("consultations.paragraph_comments", revision.negotiation_id)
        history_url = _paragraph_urls("revisions.history", revision.negotiation_id)
        return {
            "legend": legend,
            "toc": toc,
            "pieces": body.split("<!--slot-->"),
            "slots": [
                [
                    row.id,
                    str(escape(row.path)),
                    row.parent_id,
                    page_url(row.id),
                    history_url(row.id),
                ]
                for row in slots
            ],
        }

    stored = render_cache.fetch(key, render)
    return PublishedText(
        revision,
        key,
        Markup(stored["legend"]),
        Markup(stored["toc"]),
        stored["pieces"],
        stored["slots"],
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
    label = revision.label  # read before the commit, which would have it read again
    try:
        revisions.publish_revision(current_user, revision, reviewed_against(), during_meeting())
    except Conflict as error:
        if revision.state != "preview":
            raise
        # The review was made against a text no longer the latest (or another publication
        # took the number): the review is shown again, against the text that is now.
        flash(error.message, "error")
        return review_page(revision, status=409)
    flash(f"{label} is published.", "success")
    return redirect(
        url_for("revisions.show", negotiation_id=negotiation_id, revision_id=revision_id)
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
                *(
                    [
                        "Any proposal read into it during the meeting goes back to the triage "
                        "it had before, unless it was triaged since."
                    ]
                    if meeting.meeting_of_preview(revision) is not None
                    else []
                ),
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
    kept = KeptPage.begin("compare")
    if (again := kept.sent_again()) is not None:
        return again
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
    mode = "side" if request.args.get("mode") == "side" else "inline"
    changed_only = request.args.get("changed") == "1"
    stamp = revisions.pairing_stamp(old, new)
    key = render_cache.comparison_key(old, new, stamp, mode, changed_only, published)

    def render_comparison() -> str:
        comparison = comparisons.compare_revisions(old, new)
        return render_template(
            "revisions/_corrections.html", corrections=pairing.corrections_shown(old, new)
        ) + render_template(
            "revisions/_comparison.html",
            comparison=comparison,
            structure=comparisons.compared_structure(old, new, comparison.alignment),
            mode=mode,
            changed_only=changed_only,
        )

    html = render_cache.fetch(key, render_comparison)
    page = render_template(
        "revisions/compare.html",
        negotiation=negotiation,
        comparison=ComparedPair(old, new),
        comparison_html=Markup(html),
        published=published,
        mode=mode,
        changed_only=changed_only,
    )
    return kept.keep(page)


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
        splits=revisions.split_notes(steps),
        merges=revisions.merge_notes(steps),
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
