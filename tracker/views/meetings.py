"""Meetings: the co-facilitators edit the working text on screen while every delegation follows
it, on its own screen or on the projector in the room; afterwards the text becomes the preview
of the next revision.

Every page here is a plain page showing the current state; forms post and redirect back.
`meeting.js` keeps the pages current from the negotiation's event stream.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import (
    Blueprint,
    Response,
    flash,
    get_template_attribute,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from tracker.forms import (
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
from tracker.models import (
    Comment,
    CommentKind,
    ConsultationRound,
    Meeting,
    MeetingChange,
    Paragraph,
    ParagraphState,
)
from tracker.services import (
    Conflict,
    Invalid,
    NotFound,
    ServiceError,
    access,
    comments,
    events,
    meeting_held,
    rounds,
)
from tracker.services import meeting as meetings
from tracker.services.meeting import MeetingConflict, WorkingParagraph
from tracker.services.triage import STATE_LABELS
from tracker.text.diff import DiffOp, word_diff
from tracker.views import form_id, safe_next
from tracker.views.confirmation import confirmation_page, confirmed
from tracker.views.files import attachment

bp = Blueprint("meetings", __name__, url_prefix="/negotiations/<int:negotiation_id>")

#: What the next/previous buttons and keys send as `step`.
STEPS = {"next": 1, "previous": -1}
#: A paragraph's status as the pages write it, by its stored value.
STATUS_WORDS: dict[str, str] = {state.value: label for state, label in STATE_LABELS.items()}


@dataclass(frozen=True)
class WorkingText:
    """The working text as a page shows it."""

    paragraphs: list[WorkingParagraph]
    #: The paragraph under discussion, if one was chosen.
    focus: WorkingParagraph | None
    #: Keys of the paragraphs shown with it on the projector: its sub-paragraphs, the one
    #: before and the one after.
    near: frozenset[str]
    #: key -> the circulated paragraph it continues (for the comment forms); none if inserted.
    origins: dict[str, int]
    #: key -> the paragraph's full name (`OP2 (a)`), for a sub-paragraph out of its place.
    paths: dict[str, str]
    #: What overtook the meeting's text (another text circulated, or it withdrawn), if anything.
    overtaken: meetings.Overtaken | None = None
    #: Once another text is the latest: key -> where the paragraph stands in it, for the
    #: comment forms (comments are taken on the latest text only); none if it is not there.
    places: dict[str, Paragraph] = field(default_factory=dict)

    def find(self, key: str) -> WorkingParagraph | None:
        """The paragraph of that key, if there is one."""
        return next((p for p in self.paragraphs if p.key == key), None)

    def step(self, offset: int) -> str | None:
        """The key `offset` paragraphs after the one under discussion (the first when none is),
        skipping struck-out ones; None past either end."""
        shown = [p for p in self.paragraphs if not p.deleted]
        if not shown:
            return None
        if self.focus is None or self.focus not in shown:
            return shown[0].key
        index = shown.index(self.focus) + offset
        return shown[index].key if 0 <= index < len(shown) else None


def _neighbours(
    paragraphs: list[WorkingParagraph], focus: WorkingParagraph | None
) -> frozenset[str]:
    if focus is None:
        return frozenset()
    index = paragraphs.index(focus)
    end = index + 1
    while end < len(paragraphs) and paragraphs[end].depth > focus.depth:
        end += 1
    near = [p.key for p in paragraphs[index + 1 : end]]
    if index > 0:
        near.append(paragraphs[index - 1].key)
    if end < len(paragraphs):
        near.append(paragraphs[end].key)
    return frozenset(near)


def working_text(meeting: Meeting) -> WorkingText:
    """The meeting's working text, its paragraph under discussion and its neighbours, and,
    when another text has superseded the meeting's, where its paragraphs stand in that one."""
    paragraphs = meetings.working_view(meeting)
    focus = next((p for p in paragraphs if p.focus), None)
    overtaken = meetings.overtaken(meeting)
    latest = overtaken.latest if overtaken is not None else None
    return WorkingText(
        paragraphs=paragraphs,
        focus=focus,
        near=_neighbours(paragraphs, focus),
        origins={p.key: p.origin_id for p in meeting.paragraphs if p.origin_id is not None},
        paths=meetings.full_names(paragraphs),
        overtaken=overtaken,
        places=meetings.standing_in_latest(meeting, latest) if latest is not None else {},
    )


def live_meeting_banner(meeting: Meeting | None) -> dict[str, Any]:
    """What the banner of the meeting being held says where people look for it (the
    negotiation, round and draft pages): the meeting, and what overtook its text if anything."""
    return {
        "live_meeting": meeting,
        "live_overtaken": meetings.overtaken(meeting) if meeting is not None else None,
    }


def meetings_of_round(consultation_round: ConsultationRound) -> list[Meeting]:
    """The round's meetings, the latest first (their records stay after they ended)."""
    return [
        meeting
        for meeting in meetings.meetings_of(consultation_round.negotiation)
        if meeting.round_id == consultation_round.id
    ]


@dataclass(frozen=True)
class PendingProposal:
    """A proposal the co-facilitators can read in, with what it would change now."""

    comment: Comment
    #: The paragraph as the room has it against the paragraph as reading the proposal in would
    #: make it (an amendment, carried onto the room's changes since it was made), or the new
    #: paragraph (a paragraph to add); empty for a deletion.
    ops: tuple[DiffOp, ...]
    #: Why it cannot be read in as it stands (its change meets one the room made since).
    refused: str = ""


def pending_proposals(
    meeting: Meeting, paragraph: WorkingParagraph | None
) -> list[PendingProposal]:
    """The proposals on the paragraph not yet decided that one action can read into the
    text, as the signed-in co-facilitator sees them, each with what reading it in would
    change now (`meetings.read_in_outcomes`)."""
    if paragraph is None:
        return []
    found = meetings.pending_proposals(current_user, meeting).get(paragraph.key, [])
    outcomes = meetings.read_in_outcomes(meeting, paragraph.key, found)
    return [
        PendingProposal(comment, ())
        if comment.kind == CommentKind.DELETE
        else PendingProposal(comment, word_diff(outcome.before, outcome.after), outcome.refused)
        for comment, outcome in zip(found, outcomes, strict=True)
    ]


def _panel_lists(meeting: Meeting, paragraph: WorkingParagraph | None) -> dict[str, Any]:
    """What the co-facilitators' panel lists on its paragraph: the proposals to read in, and
    the reservations standing and the comments and questions still open on it."""
    return {
        "proposals": pending_proposals(meeting, paragraph),
        "remarks": meetings.standing_remarks(current_user, meeting, paragraph.key)
        if paragraph is not None
        else [],
    }


def _room_reservation_note(meeting: Meeting, key: str) -> str:
    """What the room's screen says of the reservations standing on the paragraph of `key`
    before agreeing it ad ref ("" when none stands), in the words of the chair's panel."""
    if working_text(meeting).find(key) is None:
        return ""
    note = get_template_attribute("meetings/_paragraph.html", "room_reservation_note")
    return str(note(meetings.standing_remarks(current_user, meeting, key))).strip()


def _meeting(negotiation_id: int, meeting_id: int) -> Meeting:
    """The meeting, if the user may see it and it belongs to that negotiation."""
    return meetings.get_meeting(current_user, negotiation_id, meeting_id)


def _meeting_to_change(negotiation_id: int, meeting_id: int) -> Meeting:
    """The meeting, if the user may change its text (asked before the form is read, so no one
    else learns what a form would have said)."""
    meeting = _meeting(negotiation_id, meeting_id)
    access.require_facilitation(current_user, meeting.negotiation)
    return meeting


def _chair_url(meeting: Meeting, key: str | None = None) -> str:
    return url_for(
        "meetings.chair", negotiation_id=meeting.negotiation_id, meeting_id=meeting.id, key=key
    )


def _back(form: ReturnForm, meeting: Meeting, key: str | None = None) -> Any:
    """Back where the form was sent from (the chair page, the projector)."""
    if form.next.data:
        return redirect(safe_next(form.next.data))
    return redirect(_chair_url(meeting, key) + (f"#mp-{key}" if key else ""))


def _label(meeting: Meeting, key: str) -> str:
    """How the page names the paragraph of that key now (`OP2 (a)`)."""
    row = next((p for p in meeting.paragraphs if p.key == key), None)
    names = []
    while row is not None:
        names.append(row.label)
        row = row.parent
    return " ".join(reversed(names)).strip() or "The new paragraph"


def _roles(meeting: Meeting) -> dict[str, bool]:
    """Whether the user oversees the negotiation (sees previews), runs this meeting, and
    whether the meeting ended with its statuses marked on its text (no words changed)."""
    oversees = access.oversees(current_user, meeting.negotiation)
    return {
        "oversees": oversees,
        "is_chair": oversees and meeting.is_open,
        "statuses_marked": meetings.ended_with_statuses_marked(meeting),
    }


def _page_data(meeting: Meeting) -> dict[str, Any]:
    """What every meeting page shows: the meeting, its text and where the stream starts."""
    # Read before the text: a change made meanwhile is replayed by the stream, never lost.
    live_after = events.latest_event_id(meeting.negotiation)
    return {
        "negotiation": meeting.negotiation,
        "meeting": meeting,
        "text": working_text(meeting),
        "live_after": live_after,
        **_roles(meeting),
    }


def _meeting_page_url(meeting: Meeting) -> str:
    """Where a person finds the meeting now: the co-facilitators' page while it is open (for
    those who oversee it), the delegates' page, or its record once it has ended."""
    if not meeting.is_open:
        return _record_url(meeting)
    if access.oversees(current_user, meeting.negotiation):
        return _chair_url(meeting)
    return url_for("meetings.follow", negotiation_id=meeting.negotiation_id, meeting_id=meeting.id)


@login_required
def opened_by_address(
    negotiation_id: int, meeting_id: int | None = None, round_id: int | None = None
):
    """An action only a form sends, opened by its address: the meeting's page, nothing changed."""
    # Reached by reloading after signing in, from the browser's history or a pasted link:
    # nothing was confirmed, so nothing is done, and the person is shown where things stand.
    if meeting_id is None:
        consultation_round = rounds.get_round(current_user, negotiation_id, round_id or 0)
        held = meeting_held.open_meeting(consultation_round.negotiation)
        if held is None:
            flash("Nothing was changed: a meeting starts from the button on this page.", "info")
            return redirect(
                url_for(
                    "consultations.show_round", negotiation_id=negotiation_id, round_id=round_id
                )
            )
        meeting = held
    else:
        meeting = _meeting(negotiation_id, meeting_id)
    if meeting.is_open:
        flash(
            "Nothing was changed: that address only takes a form sent from the meeting's page. "
            "The meeting is below as it stands.",
            "info",
        )
    else:
        flash("This meeting has already ended; its record is below. Nothing was changed.", "info")
    return redirect(_meeting_page_url(meeting))


def _posted(rule: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Route a meeting action that a form posts to `rule`; the same address opened (GET) is
    `opened_by_address`, as `<endpoint>_asked`, rather than a bare 405."""

    def register(view: Callable[..., Any]) -> Callable[..., Any]:
        bp.add_url_rule(rule, f"{view.__name__}_asked", opened_by_address, methods=["GET"])
        return bp.route(rule, methods=["POST"])(view)

    return register


@_posted("/rounds/<int:round_id>/meetings")
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
    return render_template("meetings/follow.html", view="follow", **_page_data(meeting))


def _chair_page(meeting: Meeting, key: str | None, status: int = 200, **kept: Any):
    """The co-facilitators' page for the paragraph `key` (the one under discussion when
    none is named); `kept` holds a refused form to show again as it was sent."""
    access.require_facilitation(current_user, meeting.negotiation)
    data = _page_data(meeting)
    text: WorkingText = data["text"]
    chosen = (text.find(key) if key else None) or text.focus
    if chosen is None and text.paragraphs:
        chosen = text.paragraphs[0]
    forms: dict[str, Any] = {}
    if chosen is not None:
        shown = {"key": chosen.key, "version": str(chosen.version)}
        forms = {
            "edit_form": MeetingEditForm(formdata=None, text=chosen.marked_text, **shown),
            "bracket_form": MeetingBracketForm(formdata=None, **shown),
            "alternative_form": MeetingAlternativeForm(formdata=None, **shown),
            "move_form": MeetingMoveForm(formdata=None, **shown),
            "insert_form": MeetingInsertForm(formdata=None, after_key=chosen.key),
        }
    forms.update(kept)
    return render_template(
        "meetings/chair.html",
        view="chair",
        chosen=chosen,
        **_panel_lists(meeting, chosen),
        **forms,
        **data,
    ), status


@bp.route("/meetings/<int:meeting_id>/chair")
@login_required
def chair(negotiation_id: int, meeting_id: int):
    """The co-facilitators' page: the working text and the tools to change it."""
    meeting = _meeting(negotiation_id, meeting_id)
    if not meeting.is_open:
        access.require_facilitation(current_user, meeting.negotiation)
        return redirect(
            url_for("meetings.record", negotiation_id=negotiation_id, meeting_id=meeting_id)
        )
    return _chair_page(meeting, request.args.get("key"))


@bp.route("/meetings/<int:meeting_id>/chair/proposals")
@login_required
def proposals(negotiation_id: int, meeting_id: int):
    """The proposals to read in on one paragraph, as the co-facilitators' panel lists them."""
    meeting = _meeting(negotiation_id, meeting_id)
    access.require_facilitation(current_user, meeting.negotiation)
    key = request.args.get("key", "")
    text = working_text(meeting)
    chosen = text.find(key)
    if chosen is None:
        raise NotFound("There is no such paragraph in this meeting's text.")
    return render_template(
        "meetings/_proposals.html",
        negotiation=meeting.negotiation,
        meeting=meeting,
        chosen=chosen,
        **_panel_lists(meeting, chosen),
    )


@bp.route("/meetings/<int:meeting_id>/projector")
@login_required
def projector(negotiation_id: int, meeting_id: int):
    """The paragraph under discussion and its neighbours in large type, for the room's screen."""
    meeting = _meeting(negotiation_id, meeting_id)
    return render_template(
        "meetings/projector.html",
        view="projector",
        bracket_form=MeetingBracketForm(formdata=None),
        **_page_data(meeting),
    )


def _refused(meeting: Meeting, form: Any, error: ServiceError, name: str = ""):
    """The chair page again with the reason and the refused form (`name`) as it was sent, so
    nothing written is lost; the error page for what no form could have caused (not found,
    not allowed)."""
    if error.status not in (409, 422):
        raise error
    flash(error.message, "error")
    if isinstance(error, MeetingConflict) and isinstance(form, MeetingForm):
        # Sent again, the form applies to the paragraph as it now stands (the message says how).
        form.version.data = str(error.version)
    key = getattr(form, "key", None) or getattr(form, "after_key", None)
    kept = {name: form} if name else {}
    return _chair_page(meeting, key.data if key else None, error.status, **kept)


@_posted("/meetings/<int:meeting_id>/focus")
@login_required
def focus(negotiation_id: int, meeting_id: int):
    """Choose the paragraph under discussion (by key, or the next or previous one)."""
    meeting = _meeting_to_change(negotiation_id, meeting_id)
    form = MeetingFocusForm()
    if not form.validate_on_submit() or not (form.key.data or form.step.data in STEPS):
        raise Invalid("Choose a paragraph, or send step=next or step=previous; nothing changed.")
    key = form.key.data or working_text(meeting).step(STEPS[form.step.data or ""])
    if key is None:
        flash("There is no paragraph that way: the discussion stays where it is.", "info")
        return _back(form, meeting)
    try:
        meetings.focus_paragraph(current_user, meeting, key)
    except ServiceError as error:
        return _refused(meeting, form, error)
    return _back(form, meeting, key)


@_posted("/meetings/<int:meeting_id>/edit")
@login_required
def edit(negotiation_id: int, meeting_id: int):
    """Change the text of a paragraph or sub-paragraph."""
    meeting = _meeting_to_change(negotiation_id, meeting_id)
    form = MeetingEditForm()
    if not form.validate_on_submit():
        return _refused(
            meeting,
            form,
            Invalid(
                f"Write the paragraph's text (at most {meetings.MAX_TEXT:,} characters); "
                "nothing changed."
            ),
            "edit_form",
        )
    key = form.key.data or ""
    try:
        version = meetings.edit_paragraph(
            current_user, meeting, key, form.text.data or "", form.version.data or ""
        )
    except MeetingConflict as conflict:
        return _conflict(meeting, form, conflict)
    except ServiceError as error:
        return _refused(meeting, form, error, "edit_form")
    unchanged = str(version) == str(form.version.data or "").strip()
    flash(f"{_label(meeting, key)} {'is unchanged' if unchanged else 'changed'}.", "success")
    return _back(form, meeting, key)


def _conflict(meeting: Meeting, form: MeetingEditForm, conflict: MeetingConflict):
    """Someone changed the paragraph first: both texts shown, the writer's kept in the form
    with the newer version, to save again as it is or after taking in the other's change."""
    kept = MeetingEditForm(
        formdata=None,
        key=conflict.key,
        text=form.text.data,
        version=str(conflict.version),
        next=form.next.data,
    )
    return _chair_page(meeting, conflict.key, 409, edit_form=kept, conflict=conflict)


@_posted("/meetings/<int:meeting_id>/insert")
@login_required
def insert(negotiation_id: int, meeting_id: int):
    """Insert a new paragraph (`OP5 bis`) after another."""
    meeting = _meeting_to_change(negotiation_id, meeting_id)
    form = MeetingInsertForm()
    if not form.validate_on_submit():
        return _refused(
            meeting,
            form,
            Invalid(
                "Choose where the new paragraph goes and write it (at most "
                f"{meetings.MAX_TEXT:,} characters); nothing changed."
            ),
            "insert_form",
        )
    try:
        key = meetings.insert_paragraph(
            current_user,
            meeting,
            form.after_key.data or "",
            form.text.data or "",
            form.kind.data or "",
        )
    except ServiceError as error:
        return _refused(meeting, form, error, "insert_form")
    flash(f"{_label(meeting, key)} inserted.", "success")
    return _back(form, meeting, key)


@_posted("/meetings/<int:meeting_id>/delete")
@login_required
def delete(negotiation_id: int, meeting_id: int):
    """Strike a paragraph out: shown struck through until the meeting ends, and restorable."""
    meeting = _meeting_to_change(negotiation_id, meeting_id)
    form = MeetingForm()
    if not form.validate_on_submit():
        raise Invalid("Choose the paragraph to delete; nothing changed.")
    key = form.key.data or ""
    try:
        meetings.delete_paragraph(current_user, meeting, key, form.version.data or "")
    except ServiceError as error:
        return _refused(meeting, form, error)
    flash(f"{_label(meeting, key)} deleted: it shows struck through.", "success")
    return _back(form, meeting, key)


@_posted("/meetings/<int:meeting_id>/restore")
@login_required
def restore(negotiation_id: int, meeting_id: int):
    """Bring back a paragraph struck out in the meeting."""
    meeting = _meeting_to_change(negotiation_id, meeting_id)
    form = MeetingForm()
    if not form.validate_on_submit():
        raise Invalid("Choose the paragraph to restore; nothing changed.")
    key = form.key.data or ""
    try:
        meetings.restore_paragraph(current_user, meeting, key, form.version.data or "")
    except ServiceError as error:
        return _refused(meeting, form, error)
    flash(f"{_label(meeting, key)} restored.", "success")
    return _back(form, meeting, key)


@_posted("/meetings/<int:meeting_id>/move")
@login_required
def move(negotiation_id: int, meeting_id: int):
    """Move a paragraph after another."""
    meeting = _meeting_to_change(negotiation_id, meeting_id)
    form = MeetingMoveForm()
    if not form.validate_on_submit():
        return _refused(
            meeting,
            form,
            Invalid("Choose the paragraph to move and where it goes; nothing changed."),
            "move_form",
        )
    key = form.key.data or ""
    try:
        meetings.move_paragraph(
            current_user, meeting, key, form.after_key.data or None, form.version.data or ""
        )
    except ServiceError as error:
        return _refused(meeting, form, error, "move_form")
    flash(f"{_label(meeting, key)} moved.", "success")
    return _back(form, meeting, key)


@_posted("/meetings/<int:meeting_id>/bracket")
@login_required
def bracket(negotiation_id: int, meeting_id: int):
    """Put words of a paragraph in square brackets, with who holds them."""
    meeting = _meeting_to_change(negotiation_id, meeting_id)
    form = MeetingBracketForm()
    if not form.validate_on_submit():
        return _refused(
            meeting,
            form,
            Invalid(
                f"Write the words to bracket (at most {meetings.MAX_PHRASE:,} characters) and who "
                f"holds them (at most {meetings.MAX_HOLDER:,}); nothing changed."
            ),
            "bracket_form",
        )
    key = form.key.data or ""
    try:
        meetings.bracket_phrase(
            current_user,
            meeting,
            key,
            form.phrase.data or "",
            form.holder.data or "",
            form.version.data or "",
        )
    except ServiceError as error:
        return _refused(meeting, form, error, "bracket_form")
    flash(f"Bracketed in {_label(meeting, key)}: “{form.phrase.data}”.", "success")
    return _back(form, meeting, key)


@_posted("/meetings/<int:meeting_id>/alternative")
@login_required
def alternative(negotiation_id: int, meeting_id: int):
    """Record an alternative wording of a paragraph, with who holds it."""
    meeting = _meeting_to_change(negotiation_id, meeting_id)
    form = MeetingAlternativeForm()
    if not form.validate_on_submit():
        return _refused(
            meeting,
            form,
            Invalid(
                f"Write the alternative wording (at most {meetings.MAX_PHRASE:,} characters) and "
                f"who holds it (at most {meetings.MAX_HOLDER:,}); nothing changed."
            ),
            "alternative_form",
        )
    key = form.key.data or ""
    try:
        meetings.add_alternative(
            current_user,
            meeting,
            key,
            form.wording.data or "",
            form.holder.data or "",
            form.version.data or "",
        )
    except ServiceError as error:
        return _refused(meeting, form, error, "alternative_form")
    flash(f"Alternative recorded in {_label(meeting, key)}.", "success")
    return _back(form, meeting, key)


@_posted("/meetings/<int:meeting_id>/status")
@login_required
def status(negotiation_id: int, meeting_id: int):
    """Mark a paragraph agreed ad ref, pending or bracketed."""
    meeting = _meeting_to_change(negotiation_id, meeting_id)
    form = MeetingStatusForm()
    if not form.validate_on_submit():
        raise Invalid("Choose the paragraph and its status; nothing changed.")
    key = form.key.data or ""
    if (
        request.form.get("reservations_unseen") == "yes"
        and form.status.data == ParagraphState.AGREED_AD_REF.value
        and not confirmed()
        and (note := _room_reservation_note(meeting, key))
    ):
        # Sent from the room's screen, which shows no reservations (its script asks first;
        # without it, this page does).
        label = _label(meeting, key)
        return confirmation_page(
            title=f"Agree {label} ad ref?",
            explanation=[note],
            button=f"Agree {label} ad ref all the same",
            cancel_url=safe_next(form.next.data) if form.next.data else _chair_url(meeting, key),
            fields=[("key", key), ("status", form.status.data), ("next", form.next.data or "")],
        )
    try:
        meetings.set_status(current_user, meeting, key, form.status.data or "")
    except ServiceError as error:
        return _refused(meeting, form, error)
    label = STATUS_WORDS.get(form.status.data or "", form.status.data or "")
    flash(f"{_label(meeting, key)} is now {label.lower()}.", "success")
    return _back(form, meeting, key)


@_posted("/meetings/<int:meeting_id>/read-in")
@login_required
def read_in(negotiation_id: int, meeting_id: int):
    """Read a delegation's pending proposal into the text; it is marked reflected."""
    meeting = _meeting_to_change(negotiation_id, meeting_id)
    form = ReadInForm()
    comment_id = form_id(form.comment_id.data)
    if comment_id is None:
        raise Invalid("Choose the proposal to read in; nothing changed.")
    comment = comments.get_comment(current_user, negotiation_id, comment_id)
    try:
        key = meetings.read_in_proposal(current_user, meeting, comment)
    except ServiceError as error:
        return _refused(meeting, form, error)
    flash(
        f"The proposal of {comment.delegation.name} was read into {_label(meeting, key)} and "
        "marked reflected.",
        "success",
    )
    return _back(form, meeting, key)


def _record_url(meeting: Meeting) -> str:
    return url_for("meetings.record", negotiation_id=meeting.negotiation_id, meeting_id=meeting.id)


def _close_url(meeting: Meeting) -> str:
    return url_for("meetings.close", negotiation_id=meeting.negotiation_id, meeting_id=meeting.id)


def _asked_again(
    negotiation_id: int, meeting_id: int, confirmation: Callable[[Meeting], Any]
) -> Any:
    """A confirmation page asked for again (reloaded, or reached by going back): the page
    while the meeting is open; once it has ended, its record, saying so, not a refusal."""
    meeting = _meeting_to_change(negotiation_id, meeting_id)
    if meeting.is_open:
        return confirmation(meeting)
    flash("This meeting has already ended; its record is below. Nothing was changed.", "info")
    return redirect(_record_url(meeting))


def _end_confirmation(meeting: Meeting) -> Any:
    """What ending the meeting will do, to confirm; when it cannot end with its text becoming
    the next one (that text withdrawn, or another circulated), why, and the way out."""
    base = meeting.base_revision
    refused = meetings.why_it_cannot_end(meeting)
    if refused:
        flash(refused, "error")
        return redirect(_close_url(meeting))
    if meetings.text_unchanged(meeting):
        return confirmation_page(
            title="End the meeting?",
            explanation=[
                f"No words were changed in the meeting: there is no new text to circulate. "
                f"The statuses the paragraphs have now (agreed ad ref, bracketed, pending) "
                f"become those of {base.label}. Nothing more can be changed in the "
                "meeting; delegations see that it ended.",
            ],
            button=f"End the meeting and mark the statuses on {base.label}",
            cancel_url=_chair_url(meeting),
        )
    return confirmation_page(
        title="End the meeting?",
        explanation=[
            "The working text becomes the preview of the next revision, each paragraph's "
            "history taken from the edits. Nothing more can be changed in the meeting; "
            "delegations see that it ended.",
            "The preview is not circulated yet: you review and publish it as any other.",
        ],
        button="End the meeting and make the preview",
        cancel_url=_chair_url(meeting),
    )


def _close_confirmation(meeting: Meeting) -> str:
    """What closing the meeting without a preview will do, to confirm."""
    return confirmation_page(
        title="Close the meeting without a preview?",
        explanation=[
            "The meeting ends and its working text does not become a revision: use this "
            "when the room did not finish or another text was circulated meanwhile.",
            "The working text and the record of every change stay, to read and export. "
            "Proposals read into the text go back to the triage they had before.",
        ],
        button="Close the meeting",
        cancel_url=_chair_url(meeting),
    )


@bp.route("/meetings/<int:meeting_id>/end", methods=["GET"])
@login_required
def end_asked(negotiation_id: int, meeting_id: int):
    """The page asking to confirm the end, when reloaded or reached by going back."""
    return _asked_again(negotiation_id, meeting_id, _end_confirmation)


@bp.route("/meetings/<int:meeting_id>/end", methods=["POST"])
@login_required
def end(negotiation_id: int, meeting_id: int):
    """End the meeting: its working text becomes the preview of the next revision."""
    meeting = _meeting_to_change(negotiation_id, meeting_id)
    if not meeting.is_open:
        raise Conflict("This meeting has already ended; nothing was changed.")
    base = meeting.base_revision
    if not confirmed():
        return _end_confirmation(meeting)
    preview = meetings.end_meeting_to_preview(current_user, meeting)
    if preview is None:
        flash(
            f"The meeting ended. No words were changed, so there is no new text: the statuses "
            f"marked in the meeting are now those of {base.label}.",
            "success",
        )
        return redirect(
            url_for("revisions.show", negotiation_id=negotiation_id, revision_id=base.id)
        )
    flash(
        f"The meeting ended. {preview.label} is ready as a preview: review it, then publish.",
        "success",
    )
    return redirect(
        url_for("revisions.show", negotiation_id=negotiation_id, revision_id=preview.id)
    )


@bp.route("/meetings/<int:meeting_id>/close", methods=["GET"])
@login_required
def close_asked(negotiation_id: int, meeting_id: int):
    """The page asking to confirm closing, when reloaded or reached by going back."""
    return _asked_again(negotiation_id, meeting_id, _close_confirmation)


@bp.route("/meetings/<int:meeting_id>/close", methods=["POST"])
@login_required
def close(negotiation_id: int, meeting_id: int):
    """End the meeting without making a preview; its text and record stay to read."""
    meeting = _meeting_to_change(negotiation_id, meeting_id)
    if not meeting.is_open:
        raise Conflict("This meeting has already ended; nothing was changed.")
    if not confirmed():
        return _close_confirmation(meeting)
    meetings.close_meeting(current_user, meeting)
    flash("The meeting is closed; its text and record stay below.", "success")
    return redirect(_record_url(meeting))


#: Changes whose before and after are the paragraph's text (shown as a word diff).
TEXT_CHANGES = {"edit", "insert", "delete", "bracket", "alternative", "read-in"}


@dataclass(frozen=True)
class RecordLine:
    """A change of the meeting's record as its page shows it."""

    change: MeetingChange
    #: `Edited the text`, `Changed the status: Pending → Agreed ad ref` ...
    what: str
    #: The text before and after, word by word, for changes of the text.
    ops: tuple[DiffOp, ...]
    #: Whose proposal was read in, as the reader may know it.
    proposer: str


def record_line(recorded: meetings.RecordedChange) -> RecordLine:
    """How the record page shows one change to the signed-in user."""
    change = recorded.change
    what = meetings.CHANGE_PHRASES.get(change.kind, change.kind)
    what = what[:1].upper() + what[1:]
    if change.kind == "status":
        what += f": {STATUS_WORDS.get(change.before, '')} → {STATUS_WORDS.get(change.after, '')}"
    ops = word_diff(change.before, change.after) if change.kind in TEXT_CHANGES else ()
    return RecordLine(change, what, ops, recorded.proposer)


@bp.route("/meetings/<int:meeting_id>/record")
@login_required
def record(negotiation_id: int, meeting_id: int):
    """Who changed what in the meeting, when, and which proposals were read in."""
    meeting = _meeting(negotiation_id, meeting_id)
    return render_template(
        "meetings/record.html",
        negotiation=meeting.negotiation,
        meeting=meeting,
        lines=[record_line(r) for r in meetings.visible_record(current_user, meeting)],
        overtaken=meetings.overtaken(meeting),
        **_roles(meeting),
    )


@bp.route("/meetings/<int:meeting_id>/summary", defaults={"fmt": "md"})
@bp.route("/meetings/<int:meeting_id>/summary.<fmt>")
@login_required
def summary(negotiation_id: int, meeting_id: int, fmt: str) -> Response:
    """The meeting's summary as a file to circulate or file: Word, or Markdown by default."""
    meeting = _meeting(negotiation_id, meeting_id)
    written = meetings.meeting_summary(current_user, meeting, fmt)
    response = Response(written.data, content_type=written.content_type)
    response.headers["Content-Disposition"] = attachment(written.filename)
    return response
