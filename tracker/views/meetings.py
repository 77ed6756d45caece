"""Meetings: the co-facilitators edit the working text on screen while every delegation follows
it, on its own screen or on the projector in the room; afterwards the text becomes the preview
of the next revision.

Every page here is a plain page showing the current state; forms post and redirect back.
`meeting.js` keeps the pages current from the negotiation's event stream.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.forms import (
    ConfirmForm,
    MeetingAlternativeForm,
    MeetingBracketForm,
    MeetingEditForm,
    MeetingFocusForm,
    MeetingForm,
    MeetingInsertForm,
    MeetingMoveForm,
    MeetingStatusForm,
    ReadInForm,
    ReturnForm,
)
from tracker.models import Meeting
from tracker.services import Invalid, ServiceError, access, events, rounds, triage
from tracker.services import meeting as meetings
from tracker.views import form_id, safe_next
from tracker.views.confirmation import confirmation_page, confirmed
from tracker.views.files import attachment

bp = Blueprint("meetings", __name__, url_prefix="/negotiations/<int:negotiation_id>")

#: What the next/previous buttons and keys send as `step`.
STEPS = {"next": 1, "previous": -1}


def _meeting(negotiation_id: int, meeting_id: int) -> Meeting:
    """The meeting, if the user may see it and it belongs to that negotiation."""
    return meetings.get_meeting(current_user, negotiation_id, meeting_id)


def _chair_url(meeting: Meeting, key: str | None = None) -> str:
    return url_for(
        "meetings.chair", negotiation_id=meeting.negotiation_id, meeting_id=meeting.id, key=key
    )


def _back(form: ReturnForm, meeting: Meeting, key: str | None = None) -> Any:
    """Back where the form was sent from (the chair page, the projector)."""
    return redirect(safe_next(form.next.data) if form.next.data else _chair_url(meeting, key))


def _version(form: MeetingForm) -> int:
    """The paragraph version the form was shown, or Invalid naming the field."""
    version = form_id(form.version.data)
    if version is None:
        raise Invalid("The form did not say which version of the paragraph it changes: reload.")
    return version


def _page_data(meeting: Meeting) -> dict[str, Any]:
    """What every meeting page shows: the meeting, its text and where the stream starts."""
    # Read before the text: a change made meanwhile is replayed by the stream, never lost.
    live_after = events.latest_event_id(meeting.negotiation)
    working = meetings.working_view(meeting)
    return {
        "negotiation": meeting.negotiation,
        "meeting": meeting,
        "paragraphs": working,
        "focus": next((p for p in working if p.focus), None),
        "live_after": live_after,
        "is_chair": meeting.is_open and access.oversees(current_user, meeting.negotiation),
        "state_labels": triage.STATE_LABELS,
    }


@bp.route("/rounds/<int:round_id>/meetings", methods=["POST"])
@login_required
def start(negotiation_id: int, round_id: int):
    """Start the round's meeting on the latest published text."""
    consultation_round = rounds.get_round(current_user, negotiation_id, round_id)
    meeting = meetings.start_meeting(current_user, consultation_round)
    flash(
        f"The meeting has started on {meeting.base_revision.label}: choose the paragraph under "
        "discussion. Delegations follow it on their screens.",
        "success",
    )
    return redirect(_chair_url(meeting))


@bp.route("/meetings/<int:meeting_id>")
@login_required
def follow(negotiation_id: int, meeting_id: int):
    """The working text as it changes, for delegations to follow, comment and propose."""
    meeting = _meeting(negotiation_id, meeting_id)
    return render_template("meetings/follow.html", **_page_data(meeting))


def _chair_page(meeting: Meeting, key: str | None, status: int = 200, **kept: Any):
    """The co-facilitators' page; `kept` holds a refused form to show again as it was sent."""
    access.require_facilitation(current_user, meeting.negotiation)
    data = _page_data(meeting)
    working = data["paragraphs"]
    chosen = next((p for p in working if p.key == key), None) or data["focus"]
    if chosen is None and working:
        chosen = working[0]
    forms: dict[str, Any] = {
        "edit_form": MeetingEditForm(formdata=None, key=chosen.key, text=chosen.text)
        if chosen
        else None,
        "insert_form": MeetingInsertForm(formdata=None),
        "bracket_form": MeetingBracketForm(formdata=None),
        "alternative_form": MeetingAlternativeForm(formdata=None),
        "move_form": MeetingMoveForm(formdata=None),
    }
    forms.update(kept)
    return render_template(
        "meetings/chair.html",
        chosen=chosen,
        proposals=meetings.pending_proposals(current_user, meeting, chosen.key) if chosen else [],
        confirm_form=ConfirmForm(),
        **forms,
        **data,
    ), status


@bp.route("/meetings/<int:meeting_id>/chair")
@login_required
def chair(negotiation_id: int, meeting_id: int):
    """The co-facilitators' page: the working text and the tools to change it."""
    meeting = _meeting(negotiation_id, meeting_id)
    if not meeting.is_open:
        return redirect(url_for("meetings.record", negotiation_id=negotiation_id, meeting_id=meeting_id))
    return _chair_page(meeting, request.args.get("key"))


@bp.route("/meetings/<int:meeting_id>/projector")
@login_required
def projector(negotiation_id: int, meeting_id: int):
    """The paragraph under discussion and its neighbours in large type, for the room's screen."""
    meeting = _meeting(negotiation_id, meeting_id)
    return render_template("meetings/projector.html", form=MeetingFocusForm(), **_page_data(meeting))


@bp.route("/meetings/<int:meeting_id>/text")
@login_required
def text(negotiation_id: int, meeting_id: int):
    """The working text alone, as the pages show it: what the live script swaps in."""
    meeting = _meeting(negotiation_id, meeting_id)
    view = request.args.get("view", "follow")
    if view not in ("follow", "chair", "projector"):
        raise Invalid("The “view” parameter must be follow, chair or projector.")
    return render_template("meetings/_text.html", view=view, **_page_data(meeting))


def _refused(meeting: Meeting, form: MeetingForm | MeetingInsertForm, name: str, error: ServiceError):
    """The chair page again with the refused form as it was sent and the reason, or the error
    page when the form came from elsewhere (the projector)."""
    if error.status not in (409, 422) or (form.next.data and "/chair" not in form.next.data):
        raise error
    flash(error.message, "error")
    key = getattr(form, "key", None)
    return _chair_page(meeting, key.data if key else None, error.status, **{name: form})


@bp.route("/meetings/<int:meeting_id>/focus", methods=["POST"])
@login_required
def focus(negotiation_id: int, meeting_id: int):
    """Choose the paragraph under discussion (by key, or the next or previous one)."""
    meeting = _meeting(negotiation_id, meeting_id)
    form = MeetingFocusForm()
    if not form.validate_on_submit() or not (form.key.data or form.step.data in STEPS):
        raise Invalid("Choose a paragraph, or send step=next or step=previous; nothing changed.")
    key = form.key.data or meetings.neighbour_key(meeting, STEPS[form.step.data or ""])
    if key is not None:
        meetings.focus_paragraph(current_user, meeting, key)
    return _back(form, meeting, key)


@bp.route("/meetings/<int:meeting_id>/edit", methods=["POST"])
@login_required
def edit(negotiation_id: int, meeting_id: int):
    """Change the text of a paragraph or sub-paragraph."""
    meeting = _meeting(negotiation_id, meeting_id)
    form = MeetingEditForm()
    if not form.validate_on_submit():
        raise Invalid("Write the paragraph's text (at most 20,000 characters); nothing changed.")
    try:
        paragraph = meetings.edit_paragraph(
            current_user, meeting, form.key.data or "", form.text.data or "", _version(form)
        )
    except ServiceError as error:
        if error.status == 409:
            return _conflict(meeting, form, error)
        return _refused(meeting, form, "edit_form", error)
    flash(f"{paragraph.label} changed.", "success")
    return _back(form, meeting, paragraph.key)


def _conflict(meeting: Meeting, form: MeetingEditForm, error: ServiceError):
    """Someone changed the paragraph first: both texts side by side, the writer's kept in the
    form with the newer version, to send again as it is or after merging."""
    current = meetings.working_paragraph(meeting, form.key.data or "")
    kept = MeetingEditForm(formdata=None, key=current.key, text=form.text.data, next=form.next.data)
    kept.version.data = str(current.version)
    flash(error.message, "error")
    return _chair_page(meeting, current.key, 409, edit_form=kept, conflict=current)


@bp.route("/meetings/<int:meeting_id>/insert", methods=["POST"])
@login_required
def insert(negotiation_id: int, meeting_id: int):
    """Insert a new paragraph (`OP5 bis`) after another."""
    meeting = _meeting(negotiation_id, meeting_id)
    form = MeetingInsertForm()
    if not form.validate_on_submit():
        raise Invalid("Choose where the new paragraph goes and write it; nothing changed.")
    try:
        paragraph = meetings.insert_paragraph(
            current_user, meeting, form.after_key.data or "", form.text.data or "", form.kind.data or ""
        )
    except ServiceError as error:
        return _refused(meeting, form, "insert_form", error)
    flash(f"{paragraph.label} inserted.", "success")
    return _back(form, meeting, paragraph.key)


@bp.route("/meetings/<int:meeting_id>/delete", methods=["POST"])
@login_required
def delete(negotiation_id: int, meeting_id: int):
    """Delete a paragraph: it stays struck through until the meeting ends."""
    meeting = _meeting(negotiation_id, meeting_id)
    form = MeetingForm()
    if not form.validate_on_submit():
        raise Invalid("Choose the paragraph to delete; nothing changed.")
    paragraph = meetings.delete_paragraph(current_user, meeting, form.key.data or "", _version(form))
    flash(f"{paragraph.label} deleted.", "success")
    return _back(form, meeting, paragraph.key)


@bp.route("/meetings/<int:meeting_id>/move", methods=["POST"])
@login_required
def move(negotiation_id: int, meeting_id: int):
    """Move a paragraph after another."""
    meeting = _meeting(negotiation_id, meeting_id)
    form = MeetingMoveForm()
    if not form.validate_on_submit():
        raise Invalid("Choose the paragraph to move and where it goes; nothing changed.")
    try:
        paragraph = meetings.move_paragraph(
            current_user, meeting, form.key.data or "", form.after_key.data or "", _version(form)
        )
    except ServiceError as error:
        return _refused(meeting, form, "move_form", error)
    flash(f"{paragraph.label} moved.", "success")
    return _back(form, meeting, paragraph.key)


@bp.route("/meetings/<int:meeting_id>/bracket", methods=["POST"])
@login_required
def bracket(negotiation_id: int, meeting_id: int):
    """Put words of a paragraph in square brackets, with who holds them."""
    meeting = _meeting(negotiation_id, meeting_id)
    form = MeetingBracketForm()
    if not form.validate_on_submit():
        raise Invalid("Write the words to bracket (at most 2,000 characters); nothing changed.")
    try:
        paragraph = meetings.bracket_phrase(
            current_user,
            meeting,
            form.key.data or "",
            form.phrase.data or "",
            form.holder.data or "",
            _version(form),
        )
    except ServiceError as error:
        return _refused(meeting, form, "bracket_form", error)
    flash(f"Bracketed in {paragraph.label}: “{form.phrase.data}”.", "success")
    return _back(form, meeting, paragraph.key)


@bp.route("/meetings/<int:meeting_id>/alternative", methods=["POST"])
@login_required
def alternative(negotiation_id: int, meeting_id: int):
    """Record an alternative wording of a paragraph, with who holds it."""
    meeting = _meeting(negotiation_id, meeting_id)
    form = MeetingAlternativeForm()
    if not form.validate_on_submit():
        raise Invalid("Write the alternative wording; nothing changed.")
    try:
        paragraph = meetings.add_alternative(
            current_user,
            meeting,
            form.key.data or "",
            form.wording.data or "",
            form.holder.data or "",
            _version(form),
        )
    except ServiceError as error:
        return _refused(meeting, form, "alternative_form", error)
    flash(f"Alternative recorded in {paragraph.label}.", "success")
    return _back(form, meeting, paragraph.key)


@bp.route("/meetings/<int:meeting_id>/status", methods=["POST"])
@login_required
def status(negotiation_id: int, meeting_id: int):
    """Mark a paragraph agreed ad ref, pending or bracketed."""
    meeting = _meeting(negotiation_id, meeting_id)
    form = MeetingStatusForm()
    if not form.validate_on_submit():
        raise Invalid("Choose the paragraph and its status; nothing changed.")
    paragraph = meetings.set_status(current_user, meeting, form.key.data or "", form.status.data or "")
    flash(f"{paragraph.label} is now {triage.STATE_LABELS[paragraph.status].lower()}.", "success")
    return _back(form, meeting, paragraph.key)


@bp.route("/meetings/<int:meeting_id>/read-in", methods=["POST"])
@login_required
def read_in(negotiation_id: int, meeting_id: int):
    """Read a delegation's pending proposal into the text; it is marked reflected."""
    meeting = _meeting(negotiation_id, meeting_id)
    form = ReadInForm()
    comment_id = form_id(form.comment_id.data)
    if comment_id is None:
        raise Invalid("Choose the proposal to read in; nothing changed.")
    paragraph = meetings.read_in_proposal(current_user, meeting, comment_id)
    flash(f"The proposal was read into {paragraph.label} and marked reflected.", "success")
    return _back(form, meeting, paragraph.key)


@bp.route("/meetings/<int:meeting_id>/end", methods=["POST"])
@login_required
def end(negotiation_id: int, meeting_id: int):
    """End the meeting: its working text becomes the preview of the next revision."""
    meeting = _meeting(negotiation_id, meeting_id)
    access.require_facilitation(current_user, meeting.negotiation)
    if not confirmed():
        return confirmation_page(
            title="End the meeting?",
            explanation=[
                "The working text becomes the preview of the next revision, with each "
                "paragraph's history taken from the edits. Nothing more can be changed in the "
                "meeting; delegations see it ended.",
                "The preview is not circulated: you review and publish it as any other.",
            ],
            button="End the meeting and make the preview",
            cancel_url=_chair_url(meeting),
        )
    preview = meetings.end_meeting_to_preview(current_user, meeting)
    flash(
        f"The meeting ended. {preview.label} is ready as a preview: review it, then publish.",
        "success",
    )
    return redirect(
        url_for("revisions.show", negotiation_id=negotiation_id, revision_id=preview.id)
    )


@bp.route("/meetings/<int:meeting_id>/record")
@login_required
def record(negotiation_id: int, meeting_id: int):
    """Who changed what in the meeting, when, and which proposals were read in."""
    meeting = _meeting(negotiation_id, meeting_id)
    return render_template(
        "meetings/record.html",
        negotiation=meeting.negotiation,
        meeting=meeting,
        record=meetings.meeting_record(meeting),
    )


@bp.route("/meetings/<int:meeting_id>/summary.txt")
@login_required
def summary(negotiation_id: int, meeting_id: int) -> Response:
    """The meeting's summary as a text file, to circulate or file."""
    meeting = _meeting(negotiation_id, meeting_id)
    name, data = meetings.meeting_summary(meeting)
    return attachment(data, name, "text/plain; charset=utf-8")
