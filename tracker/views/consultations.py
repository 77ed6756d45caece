"""Informal consultations: rounds, paragraph comments and proposals, triage, compilation."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from markupsafe import Markup

from tracker import moments, render_cache
from tracker.extensions import limiter
from tracker.forms import (
    CommentEditForm,
    CommentForm,
    HideCommentForm,
    ParagraphStateForm,
    ReplyForm,
    ReturnForm,
    RoundForm,
    SpeakerForm,
    SuspendWritingForm,
    TriageForm,
    submitted_values,
)
from tracker.models import (
    Comment,
    CommentKind,
    ConsultationRound,
    Delegation,
    Negotiation,
    Paragraph,
    ParagraphState,
    Revision,
    TriageStatus,
    Visibility,
)
from tracker.services import (
    Invalid,
    NotFound,
    ServiceError,
    access,
    comments,
    compilation,
    meeting,
    meeting_held,
    moderation,
    rounds,
    structure,
    triage,
)
from tracker.services.delegations import speaking_options
from tracker.services.revisions import latest_published, latest_published_with_paragraph
from tracker.text.typed import without_invalid_characters
from tracker.views import FormPage, form_id, safe_next, typed_text_fields
from tracker.views.confirmation import confirmation_page, confirmed
from tracker.views.files import attachment
from tracker.views.kept_pages import KeptPage
from tracker.views.meetings import live_meeting_banner, meetings_of_round

bp = Blueprint("consultations", __name__, url_prefix="/negotiations/<int:negotiation_id>")


def _writer() -> str:
    """The rate-limit key of one account's writing (the address, before sign-in)."""
    return f"writer:{current_user.get_id() or request.remote_addr}"


#: Comments, edits, joins and replies share one per-account budget, in every worker and server
#: when the limiter's storage is Redis.
limit_writing = limiter.shared_limit(
    lambda: current_app.config["WRITE_RATE_LIMIT"], scope="writing", key_func=_writer
)


@dataclass
class DraftConsultation:
    """What a published revision's page shows of the consultation: who spoke on each
    paragraph, each paragraph's status, and the comments on the text as a whole."""

    revision: Revision
    #: comments on the whole text and on paragraphs no longer in it
    unplaced: comments.RevisionComments
    #: whether delegations comment on this revision (the latest published one)
    accepts_comments: bool
    #: whether the signed-in user co-facilitates the negotiation
    is_facilitator: bool
    #: what the per-paragraph lines are made from, as this user sees them (changes with them)
    marks: comments.SummaryMarks
    #: the one-time key of the whole-text comment form
    submission_key: str = ""
    #: whether the signed-in user may comment here (a delegate, on the latest revision,
    #: before the last round on it has closed)
    can_comment: bool = False

    @property
    def closed_for_comments(self) -> bool:
        """Whether the last round on the revision has closed (no comments are taken)."""
        return comments.comments_closed(self.marks.comments_close_at)

    @property
    def forms_change_at(self) -> datetime | None:
        """When the page's forms change by the clock alone: the last round on the revision
        closes, or the round of a comment shown on the whole text does (None: neither lies
        ahead)."""
        shown = (view.comment for view in self.unplaced.whole_text)
        return comments.forms_change_at(shown, self.marks.comments_close_at)

    @cached_property
    def speakers(self) -> dict[int, comments.ParagraphSpeakers]:
        """lineage id -> who spoke on it, for the line under each paragraph (read only when
        the lines are composed: most requests reuse lines stored under the same stamp)."""
        return comments.speakers_by_lineage(current_user, self.revision, self.marks)

    @property
    def stamp(self) -> str:
        """The marks as the key of the composed lines."""
        return self.marks.stamp

    @cached_property
    def states(self) -> dict[int, str]:
        """paragraph id -> status in the room: read again only when a status was set or a
        pairing corrected since this process last read them (most changes are comments)."""
        marks = self.marks
        revision = render_cache.identity(self.revision)
        return render_cache.remembered(
            f"states:{revision}:{marks.newest_status}:{marks.newest_correction}",
            lambda: triage.paragraph_states(self.revision),
        )


def draft_consultation(revision: Revision, latest: Revision | None = None) -> DraftConsultation:
    """The consultation on a published revision as the signed-in user may see it (`latest`:
    the negotiation's latest published revision, when the page has read it already)."""
    # First: lines stored under this stamp are never older than it.
    marks = comments.summary_marks(current_user, revision)
    if latest is None:
        latest = latest_published(revision.negotiation)
    accepts_comments = latest is not None and latest.id == revision.id
    return DraftConsultation(
        revision=revision,
        unplaced=comments.comments_on(current_user, revision, unplaced_only=True, page=1),
        accepts_comments=accepts_comments,
        is_facilitator=access.oversees(current_user, revision.negotiation),
        marks=marks,
        can_comment=accepts_comments
        and getattr(current_user, "delegation", None) is not None
        and not comments.comments_closed(marks.comments_close_at)
        and not _writing_suspended(revision.negotiation),
        submission_key=comments.new_submission_key(),
    )


@bp.app_context_processor
def consultation_context() -> dict[str, Any]:
    """Labels and choices the comment templates share."""
    return {
        "kind_labels": comments.KIND_LABELS,
        "max_body": comments.MAX_BODY,
        "max_proposed": comments.MAX_PROPOSED,
        "max_reply": triage.MAX_REPLY,
        "whole_text_kinds": comments.WHOLE_TEXT_KINDS,
        "triage_labels": triage.TRIAGE_LABELS,
        "triage_label": triage.triage_label,
        "state_labels": triage.STATE_LABELS,
        "CommentKind": CommentKind,
        "Visibility": Visibility,
        "speaking_options_for_user": _speaking_options_for_user,
        "join_choices": _join_choices,
        "closed_to_replies": lambda comment, latest: _closed_to_taking_part(
            comment, "replied to", latest
        ),
        "can_change_comment": lambda comment: (
            access.speaks_for(current_user, comment)
            and not comment.is_withdrawn
            and not comments.deadline_passed(comment)
        ),
        "closed_to_edits": lambda comment, latest: _refusal_message(
            comments.superseded(comment, "edited", latest)
        ),
        "deadline_passed": comments.deadline_passed,
        "writing_suspended": _writing_suspended,
        "writing_suspended_notice": moderation.SUSPENDED,
    }


def _writing_suspended(negotiation: Negotiation) -> bool:
    """Whether the signed-in person's writing is suspended in the negotiation: asked by every
    page before it offers a comment, proposal, edit, join or reply form (the notice shows in
    their place), by the rule the writes refuse by."""
    return moderation.writing_suspended_for(current_user, negotiation.id)


def _speaking_options_for_user(negotiation: Negotiation | None = None) -> list[Any]:
    """Whom the signed-in delegate may speak for here, asked once per request: every comment
    card of a page offers to join on behalf of one of them."""
    known = request.environ.setdefault("tracker.speaking_options", {})
    key = negotiation.id if negotiation is not None else None
    if key not in known:
        known[key] = speaking_options(getattr(current_user, "delegation", None), negotiation)
    return known[key]


def _closed_to_taking_part(comment: Comment, doing: str, latest: Revision | None) -> str:
    """Why delegations can no longer join or reply to the comment, or "" while they can
    (`latest`: the negotiation's latest published text, which every page showing comments
    has read)."""
    return _refusal_message(comments.closed_to_taking_part(comment, doing, latest))


def _refusal_message(refusal: ServiceError | None) -> str:
    """What a page says of a form it does not offer (a refusal the write would raise), or ""."""
    return refusal.message if refusal is not None else ""


@dataclass(frozen=True)
class JoinChoices:
    """Whom the signed-in delegate may join a comment for, and stop joining it for."""

    #: their delegation and designated groups, but the comment's own and those joining it
    join: list[Delegation]
    #: those joining it by a join the delegate's own delegation made
    leave: list[Delegation]


def _join_choices(
    negotiation: Negotiation, comment: Comment, latest: Revision | None
) -> JoinChoices | None:
    """What a comment card offers the signed-in person to join or stop joining it for: nothing
    to anyone but a delegate, on their own delegation's, on a withdrawn one or after its round's
    deadline; on a comment a later text superseded, only to stop joining it (worked out here,
    not in the template: a page shows it on every card)."""
    mine = getattr(current_user, "delegation", None)
    if mine is None or comment.is_withdrawn or access.speaks_for(current_user, comment):
        return None
    if comments.deadline_passed(comment):
        return None
    open_to_joining = not _closed_to_taking_part(
        comment, "joined", latest
    ) and not _writing_suspended(negotiation)
    options = _speaking_options_for_user(negotiation)
    joining = comment.active_joins
    joined = {join.delegation_id for join in joining}
    # A delegation stops only the joins its own delegates made (a group's join by another
    # designated delegation is theirs to end).
    ours = {join.delegation_id for join in joining if join.user.delegation_id == mine.id}
    return JoinChoices(
        join=[d for d in options if d.id not in joined and d.id != comment.delegation_id]
        if open_to_joining
        else [],
        leave=[d for d in options if d.id in ours],
    )


# Rounds -----------------------------------------------------------------------------------


def _round_values(consultation_round: ConsultationRound | None) -> dict[str, str]:
    if consultation_round is None:
        return {}

    day, starts = moments.form_day_and_time(consultation_round.starts_at)
    deadline_day, deadline_time = moments.form_day_and_time(consultation_round.comment_deadline)
    return {
        "title": consultation_round.title,
        "revision_id": str(consultation_round.revision_id),
        "day": day,
        "starts": starts,
        "ends": moments.form_day_and_time(consultation_round.ends_at)[1],
        "venue": consultation_round.venue,
        "virtual_link": consultation_round.virtual_link,
        "deadline_day": deadline_day,
        "deadline_time": deadline_time,
        "version": str(consultation_round.sequence),
    }


#: The round form's fields as its page names them, in its order (the version is not shown).
_ROUND_FIELDS = {
    "title": "Title",
    "revision_id": "Text under discussion",
    "day": "Meeting date",
    "starts": "Starts",
    "ends": "Ends",
    "venue": "Venue",
    "virtual_link": "Virtual meeting link",
    "deadline_day": "Comment deadline: date",
    "deadline_time": "Comment deadline: time",
}


@dataclass(frozen=True)
class RoundDifference:
    """A field someone else changed since the person opened the edit form."""

    field: str
    #: The value stored now, and the one the person's form shows again.
    now: str
    yours: str
    #: Whether the form took the new value (the person had left the field as it was).
    taken: bool


def _seen_values(sent: str | None) -> dict[str, str]:
    """The round's values as the edit form showed them when opened (its `seen` field)."""
    try:
        seen = json.loads(sent or "{}")
    except ValueError:
        return {}
    if not isinstance(seen, dict):
        return {}
    return {name: value for name, value in seen.items() if isinstance(value, str)}


def _merge_round_change(
    consultation_round: ConsultationRound, sent: dict[str, Any], seen: dict[str, str]
) -> tuple[dict[str, Any], list[RoundDifference]]:
    """The form to show again after a conflict: what the person typed, with what someone
    else changed since taken in where the person left that field as it was; and the fields
    someone else changed. Without the values the form was opened on, every field the form
    shows differently from the round is listed, and none is taken."""
    now = _round_values(consultation_round)
    labels = {str(r.id): r.label for r in consultation_round.negotiation.published_revisions}

    def shown(name: str, value: str) -> str:
        return (labels.get(value, value) if name == "revision_id" else value) or "—"

    values = dict(sent)
    differences = []
    for name, field in _ROUND_FIELDS.items():
        yours = str(sent.get(name) or "").strip()
        before = seen.get(name)
        if now[name] == (yours if before is None else before):
            continue
        taken = before is not None and yours == before
        if taken:
            values[name] = yours = now[name]
        differences.append(
            RoundDifference(field, shown(name, now[name]), shown(name, yours), taken)
        )
    values["version"], values["seen"] = now["version"], _seen_json(consultation_round)
    return values, differences


def _seen_json(consultation_round: ConsultationRound) -> str:
    """The `seen` field of the edit form: the round's values as the form shows them."""
    return json.dumps(_round_values(consultation_round), sort_keys=True)


def _round_arguments(negotiation: Negotiation, form: RoundForm) -> dict[str, Any]:
    revision_id = form.revision_id.data or ""
    revision = None
    if revision_id.isdigit():
        revision = next(
            (r for r in negotiation.published_revisions if r.id == int(revision_id)), None
        )
    starts_at, ends_at = rounds.meeting_times(
        form.day.data or "", form.starts.data or "", form.ends.data or ""
    )
    return {
        "title": form.title.data or "",
        "revision": revision,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "comment_deadline": rounds.new_york_time(
            form.deadline_day.data or "", form.deadline_time.data or "", "Comment deadline"
        ),
        "venue": form.venue.data or "",
        "virtual_link": form.virtual_link.data or "",
    }


@bp.route("/rounds/new", methods=["GET", "POST"])
@login_required
def new_round(negotiation_id: int):
    """The form that schedules a round of informal consultations, and its submission."""
    negotiation = access.get_negotiation(current_user, negotiation_id)
    access.require_facilitator(current_user, negotiation)
    values: dict[str, str] = {}
    published = negotiation.published_revisions
    if published:
        values["revision_id"] = str(published[-1].id)
    page = FormPage(200)
    form = RoundForm()
    if request.method == "POST":
        values = submitted_values(form)
        with page.service_call():
            consultation_round = rounds.create_round(
                current_user, negotiation, **_round_arguments(negotiation, form)
            )
            return page.done(
                f"“{consultation_round.title}” is scheduled.", _round_url(consultation_round)
            )
    return page.render(
        "consultations/round_form.html",
        negotiation=negotiation,
        consultation_round=None,
        values=values,
        published=published,
    )


def _round_url(consultation_round: ConsultationRound) -> str:
    return url_for(
        "consultations.show_round",
        negotiation_id=consultation_round.negotiation_id,
        round_id=consultation_round.id,
    )


@bp.route("/rounds/<int:round_id>/edit", methods=["GET", "POST"])
@login_required
def edit_round(negotiation_id: int, round_id: int):
    """The form that changes a round's schedule, venue or deadline, and its submission."""
    consultation_round = rounds.get_round(current_user, negotiation_id, round_id)
    negotiation = consultation_round.negotiation
    access.require_facilitator(current_user, negotiation)
    values = _round_values(consultation_round)
    page = FormPage(200)
    form = RoundForm()
    differences: list[RoundDifference] = []
    if request.method == "POST":
        values = submitted_values(form)
        try:
            with page.service_call():
                rounds.update_round(
                    current_user,
                    consultation_round,
                    # Missing, it names no version: refused rather than written over any.
                    version=form.version.data or "",
                    **_round_arguments(negotiation, form),
                )
                return page.done("The round was updated.", _round_url(consultation_round))
        except rounds.RoundConflict as conflict:
            flash(conflict.message, "error")
            page.status = conflict.status
            # Saved again, the form is written over the round as it is now.
            values, differences = _merge_round_change(
                conflict.consultation_round, values, _seen_values(form.seen.data)
            )
    else:
        values["seen"] = _seen_json(consultation_round)
    return page.render(
        "consultations/round_form.html",
        negotiation=negotiation,
        consultation_round=consultation_round,
        values=values,
        differences=differences,
        published=negotiation.published_revisions,
    )


@bp.route("/rounds/<int:round_id>")
@login_required
def show_round(negotiation_id: int, round_id: int):
    """A consultation round: when and where it meets, and on which text."""
    consultation_round = rounds.get_round(current_user, negotiation_id, round_id)
    negotiation = consultation_round.negotiation
    latest = latest_published(negotiation)
    # A round on a superseded text points to the round that reads the latest, where its
    # meeting belongs.
    round_on_latest = (
        next(iter(rounds.rounds_on(latest)), None)
        if latest is not None and latest.id != consultation_round.revision_id
        else None
    )
    return render_template(
        "consultations/round.html",
        negotiation=negotiation,
        consultation_round=consultation_round,
        period=rounds.comment_period(consultation_round),
        is_facilitator=access.is_facilitator(current_user, negotiation),
        can_export=access.oversees(current_user, negotiation),
        **live_meeting_banner(meeting_held.open_meeting(negotiation)),
        round_meetings=meetings_of_round(consultation_round),
        latest=latest,
        round_on_latest=round_on_latest,
    )


@bp.route("/rounds/<int:round_id>/calendar.ics")
@login_required
def round_calendar(negotiation_id: int, round_id: int):
    """A consultation round as an iCalendar event."""
    consultation_round = rounds.get_round(current_user, negotiation_id, round_id)
    url = url_for(
        "consultations.show_round",
        negotiation_id=negotiation_id,
        round_id=round_id,
        _external=True,
    )
    return Response(
        rounds.round_calendar(consultation_round, url),
        mimetype="text/calendar",
        headers={"Content-Disposition": attachment(f"round-{round_id}.ics")},
    )


@bp.route("/rounds/<int:round_id>/compilation")
@login_required
def show_compilation(negotiation_id: int, round_id: int):
    """The compilation of a round: the text with every proposal under its paragraph."""
    consultation_round = rounds.get_round(current_user, negotiation_id, round_id)
    return _compilation_page(consultation_round)


def _compilation_page(
    consultation_round: ConsultationRound, status: int = 200, triage: dict[str, Any] | None = None
) -> tuple[str, int]:
    """The compilation page, with its status; `triage` fills the form triaging the chosen
    comments again (what a refused one chose and said)."""
    negotiation = consultation_round.negotiation
    revision = consultation_round.revision
    compiled = compilation.compile_text(
        current_user, consultation_round, page=request.args.get("page", "1")
    )
    return render_template(
        "consultations/compilation.html",
        negotiation=negotiation,
        consultation_round=consultation_round,
        revision=revision,
        document=revision.document,
        compilation=compiled,
        printed=printed_paragraphs(
            revision, (p.label for p in revision.document.paragraphs if compiled.shows(p.label))
        ),
        can_export=access.oversees(current_user, negotiation),
        triage_statuses=list(TriageStatus),
        bulk=triage or {},
    ), status


@bp.route("/rounds/<int:round_id>/triage", methods=["POST"])
@typed_text_fields(reply="Your reply to the delegations")
@login_required
def bulk_triage(negotiation_id: int, round_id: int):
    """Triage the comments chosen on the compilation page, all at once."""
    consultation_round = rounds.get_round(current_user, negotiation_id, round_id)
    back = url_for(
        "consultations.show_compilation", negotiation_id=negotiation_id, round_id=round_id
    )
    chosen = request.form.getlist("comment_ids")
    try:
        changed = triage.triage_many(
            current_user,
            consultation_round,
            chosen,
            status=request.form.get("status", ""),
            reply=request.form.get("reply", ""),
        )
    except Invalid as error:
        # The compilation again, the same comments chosen and the reply as typed.
        flash(error.message, "error")
        typed = without_invalid_characters(request.form.get("reply", ""))
        return _compilation_page(
            consultation_round,
            error.status,
            {"chosen": set(chosen), "status": request.form.get("status", ""), "reply": typed},
        )
    label = triage.TRIAGE_LABELS[TriageStatus(request.form["status"])]
    flash(f"{len(changed)} comment{'' if len(changed) == 1 else 's'} triaged: {label}.", "success")
    return redirect(back)


@bp.route("/rounds/<int:round_id>/compilation.docx")
@login_required
def compilation_docx(negotiation_id: int, round_id: int):
    """The compilation of a round as a .docx download."""
    consultation_round = rounds.get_round(current_user, negotiation_id, round_id)
    data = compilation.compilation_document(current_user, consultation_round)
    return Response(
        data,
        mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        headers={
            "Content-Disposition": attachment(
                f"{compilation.compilation_name(consultation_round)}.docx"
            ),
            "Cache-Control": "private, no-store",
        },
    )


# Comments ---------------------------------------------------------------------------------


def agreed_language(views: list[comments.CommentView]) -> dict[int, Any]:
    """comment id -> the adopted paragraph its proposed wording restores, for a whole list of
    comments in one lookup (not one per comment); none when the list was loaded with its
    wordings already looked up, as `comments.comments_on` does."""
    unchecked = [view for view in views if not view.wording_checked]
    if unchecked:
        comments.check_agreed_wording(unchecked)
    return {view.comment.id: view.agreed_wording for view in views if view.comment.proposed_text}


def _comment_url(comment: Comment) -> str:
    return url_for(
        "consultations.show_comment", negotiation_id=comment.negotiation_id, comment_id=comment.id
    )


def _back(form: ReturnForm, default: str) -> str:
    target = form.next.data or ""
    return safe_next(target) if target else default


@bp.route("/revisions/<int:revision_id>/comments")
@login_required
def revision_comments(negotiation_id: int, revision_id: int):
    """The comments on a revision as a whole (not on one paragraph)."""
    revision = access.get_revision(current_user, negotiation_id, revision_id)
    return _revision_comments_page(revision)


def _revision_comments_page(
    revision: Revision, status: int = 200, whole_text_values: dict[str, Any] | None = None
) -> tuple[str, int]:
    """The page of every comment on a revision, with its status; `whole_text_values` fills the
    form of a comment on the text as a whole (what a refused one said)."""
    placed = comments.comments_on(current_user, revision, page=request.args.get("page", "1"))
    latest = latest_published(revision.negotiation)
    return render_template(
        "consultations/revision_comments.html",
        negotiation=revision.negotiation,
        revision=revision,
        placed=placed,
        printed=printed_paragraphs(
            revision,
            (row.path for row in revision.paragraphs if row.lineage_id in placed.by_lineage),
        ),
        agreed_by_comment=agreed_language([v for vs in placed.by_lineage.values() for v in vs]),
        draft=draft_consultation(revision, latest),
        latest=latest,
        whole_text_values=whole_text_values or {},
    ), status


@bp.route("/paragraphs/<int:paragraph_id>/comments")
@login_required
def paragraph_comments(negotiation_id: int, paragraph_id: int):
    """A paragraph with its comments, proposals and status."""
    kept = KeptPage.begin("paragraph", revalidated=False)
    if (again := kept.sent_again()) is not None:
        return again
    found = comments.get_paragraph_for_its_page(current_user, negotiation_id, paragraph_id)
    page, _status, forms_change_at = _paragraph_page(found, None, 200)
    return kept.keep(page, until=forms_change_at)


def _paragraph_page(found: comments.ParagraphPage, values: dict[str, str] | None, status: int):
    """The paragraph page, its status, and when its forms change by the clock (the next
    deadline of a round of the comments shown, or the one that closes the paragraph to new
    comments; None if none lies ahead); `values` fills the comment form (None: a proposal
    starts from the paragraph's text)."""
    paragraph, whole_text = found.paragraph, found.whole_text
    revision = paragraph.revision
    negotiation = revision.negotiation
    placed = comments.comments_on(
        current_user, revision, paragraph=paragraph, page=request.args.get("page", "1")
    )
    shown = placed.by_lineage.get(paragraph.lineage_id, [])
    latest = found.latest
    # On a superseded text: where the paragraph stands in the text that takes comments now.
    successor = (
        latest_published_with_paragraph(negotiation, paragraph.lineage_id)[1]
        if latest is not None and latest.id != revision.id and paragraph.lineage_id is not None
        else None
    )
    # While a meeting is live on the text, a proposal to amend starts from the room's wording.
    room = (
        meeting.room_wording(paragraph, meeting_held.meeting_held(found.open_meeting_id))
        if latest is not None and latest.id == revision.id and current_user.delegation_id
        else None
    )
    if values is None:
        values = {"proposed_text": whole_text}
        if room is not None:
            values = {
                "proposed_text": room.text,
                "room_text": room.text,
                "room_seal": meeting.room_seal(paragraph.id, room.text),
            }
    return (
        render_template(
            "consultations/paragraph.html",
            negotiation=negotiation,
            revision=revision,
            paragraph=paragraph,
            printed=printed_paragraphs(revision, [paragraph.path]).get(paragraph.path),
            whole_text=whole_text,
            views=shown,
            agreed_by_comment=agreed_language(shown),
            page=placed.page,
            submission_key=comments.new_submission_key(),
            state=found.state,
            latest=latest,
            successor=successor,
            closed_for_comments=found.closed_for_comments,
            comments_closed_at=found.comments_close_at,
            values=values,
            room=room,
            room_changes=comments.room_changes(whole_text, room.text) if room else (),
            is_facilitator=access.oversees(current_user, negotiation),
        ),
        status,
        comments.forms_change_at((view.comment for view in shown), found.comments_close_at),
    )


def paragraph_texts(revision: Revision) -> dict[str, str]:
    """Each paragraph and sub-paragraph of a published revision (by path) as the draft view
    prints it (number, italic opening, sub-paragraphs, note marks), with the notes it cites
    beneath: HTML rendered once per revision and stored (tracker.render_cache), so a paragraph's
    page reads no more for it than a dictionary lookup."""

    def render() -> dict[str, str]:
        document = structure.stored_document(revision)
        notes = {note.mark: note for note in document.footnotes}
        top = {id(p) for p in document.paragraphs}
        shown = [
            (
                path,
                p,
                id(p) not in top,
                [
                    notes[mark]
                    for mark in dict.fromkeys(r.mark for r in p.cited_refs())
                    if mark in notes
                ],
            )
            for path, p in document.walk_with_paths()
        ]
        html = render_template(
            "consultations/_paragraph_texts.html",
            shown=shown,
            document=document,
            revision=revision,
            negotiation=revision.negotiation,
            rows={},
            library_marks=None,
        )
        # Each paragraph's piece ends at its mark; what follows the last is whitespace.
        pieces = html.split("<!--paragraph-->")[:-1]
        return {path: piece.strip() for (path, *_), piece in zip(shown, pieces, strict=True)}

    return render_cache.fetch(render_cache.paragraph_texts_key(revision), render)


def printed_paragraphs(revision: Revision, paths: Iterable[str]) -> dict[str, Markup]:
    """The given paragraphs of a circulated revision (by path) as the draft prints them, for a
    page that quotes them: pieces of the stored rendering (`paragraph_texts`), so quoting costs
    a lookup whatever the number of paragraphs or comments. A path missing from it is left out
    (as is every paragraph of a preview, which is stored only once published), and the page
    quotes the paragraph's plain text instead (`quoted_paragraph`)."""
    wanted = list(paths)
    if not wanted or not revision.was_circulated:
        return {}
    texts = paragraph_texts(revision)
    return {path: Markup(texts[path]) for path in wanted if path in texts}


@bp.route("/revisions/<int:revision_id>/comments", methods=["POST"])
@typed_text_fields(proposed_text="Your proposed text", body="Your comment")
@login_required
@limit_writing
def create_comment(negotiation_id: int, revision_id: int):
    """Post a comment or proposal on a paragraph or on the text as a whole."""
    revision = access.get_revision(current_user, negotiation_id, revision_id)
    form = CommentForm()
    stored = comments.find_submission(current_user, form.submission_key.data)
    if stored is not None:
        # The same form sent again (a double click, a retry after a lost connection).
        flash("This form was already sent: the comment was recorded once, here.", "info")
        return redirect(_comment_url(stored))
    paragraph = None
    if form.paragraph_id.data:
        paragraph_id = form_id(form.paragraph_id.data)
        if paragraph_id is None:
            raise Invalid("Choose the paragraph to comment on.")
        paragraph = comments.get_paragraph(current_user, negotiation_id, paragraph_id)
        if paragraph.revision_id != revision.id:
            raise NotFound("There is no such paragraph in this revision.")
    sealed = _room_wording_sealed(form, paragraph)
    try:
        if not sealed:
            raise Invalid(
                "The room's wording this form started from is not the one this page gave: "
                "reload the paragraph's page to start from the room's text as it is now. "
                "Nothing was recorded."
            )
        comment = comments.create_comment(
            current_user,
            revision,
            paragraph=paragraph,
            kind=form.kind.data or "",
            body=form.body.data or "",
            proposed_text=form.proposed_text.data,
            on_behalf_of=form.on_behalf_of.data,
            visibility=form.visibility.data or Visibility.ALL,
            submission_key=form.submission_key.data,
            room_text=form.room_text.data,
        )
    except ServiceError as error:
        # Whatever the refusal (invalid, not allowed, a conflict), the page the form was on
        # again, with what the person typed, to put right or to copy.
        flash(error.message, "error")
        values = submitted_values(form)
        if not sealed:  # shown again without the wording the app did not give
            values.pop("room_text", None)
            values.pop("room_seal", None)
        if paragraph is None:
            return _revision_comments_page(revision, error.status, values)
        page = comments.paragraph_page(current_user, paragraph)
        shown, status, _ = _paragraph_page(page, values, error.status)
        return shown, status
    flash(f"{comments.KIND_LABELS[comment.kind]} recorded.", "success")
    return redirect(_back(form, _comment_url(comment)))


def _room_wording_sealed(form: CommentForm, paragraph: Paragraph | None) -> bool:
    """Whether the room's wording the form says it started from, if any, is one the app gave
    it for this paragraph (`meeting.room_seal`): none is sealed trivially."""
    text = form.room_text.data or ""
    if not text.strip():
        return True
    return paragraph is not None and meeting.room_seal_holds(
        paragraph.id, text, form.room_seal.data or ""
    )


@bp.route("/comments/<int:comment_id>")
@login_required
def show_comment(negotiation_id: int, comment_id: int):
    """A comment with its versions, joins, replies and triage."""
    kept = KeptPage.begin("comment", revalidated=False)
    if (again := kept.sent_again()) is not None:
        return again
    comment = comments.get_comment_in_full(current_user, negotiation_id, comment_id)
    page, _status = _comment_page(comment, 200)
    return kept.keep(page, until=comments.open_until(comment))


def _comment_page(comment: Comment, status: int, conflict: str = "", values: dict | None = None):
    comments.read_for_its_page(comment)
    negotiation = comment.negotiation
    if comment.lineage_id is None:
        latest, current = latest_published(negotiation), None
    else:
        latest, current = latest_published_with_paragraph(negotiation, comment.lineage_id)
    target = comment.paragraph
    return render_template(
        "consultations/comment.html",
        negotiation=negotiation,
        comment=comment,
        printed=(
            printed_paragraphs(comment.revision, [target.path]).get(target.path)
            if target is not None
            else None
        ),
        can_moderate=access.can_moderate(current_user, negotiation),
        author_suspended=access.can_moderate(current_user, negotiation)
        and moderation.active_suspension(comment.author, negotiation) is not None,
        view=comments.view_of(comment, current),
        current=current,
        latest=latest,
        conflict=conflict,
        values=values or {},
        is_facilitator=access.oversees(current_user, negotiation),
        triage_statuses=list(TriageStatus),
    ), status


@bp.route("/comments/<int:comment_id>/edit", methods=["POST"])
@typed_text_fields(proposed_text="Your proposed text", body="Your comment")
@login_required
@limit_writing
def edit_comment(negotiation_id: int, comment_id: int):
    """Change one's own comment, refused if someone changed it meanwhile."""
    comment = comments.get_comment_in_full(current_user, negotiation_id, comment_id)
    form = CommentEditForm()
    try:
        comments.edit_comment(
            current_user,
            comment,
            body=form.body.data or "",
            proposed_text=form.proposed_text.data,
            version=form.version.data,
        )
    except comments.EditConflict as error:
        # The form is shown again at the comment's new version, with what the person wrote.
        values = {k: v for k, v in submitted_values(form).items() if k != "version"}
        return _comment_page(error.comment, error.status, conflict=error.message, values=values)
    except ServiceError as error:
        flash(error.message, "error")
        return _comment_page(comment, error.status, values=submitted_values(form))
    flash("The comment was edited; the earlier wording is kept in its history.", "success")
    return redirect(_comment_url(comment))


@bp.route("/comments/<int:comment_id>/withdraw", methods=["POST"])
@login_required
def withdraw_comment(negotiation_id: int, comment_id: int):
    """Withdraw one's own comment, once confirmed (it stays on record, marked withdrawn)."""
    comment = comments.get_comment(current_user, negotiation_id, comment_id)
    if not confirmed():
        comments.check_withdrawable(current_user, comment)
        return confirmation_page(
            title="Withdraw this comment?",
            explanation=[
                f"{comments.speakers(comment)}: the comment stays on record, shown as "
                "withdrawn; the co-facilitators no longer act on it and it cannot be restored.",
            ],
            quoted=comment.body or comment.proposed_text or "",
            button="Yes, withdraw the comment",
            cancel_url=_comment_url(comment),
        )
    comments.withdraw_comment(current_user, comment)
    flash("The comment was withdrawn; it stays on record as withdrawn.", "info")
    return redirect(_comment_url(comment))


@bp.route("/comments/<int:comment_id>/join", methods=["POST"])
@login_required
@limit_writing
def join_comment(negotiation_id: int, comment_id: int):
    """Join a comment for one's delegation or a group it speaks for."""
    comment = comments.get_comment_in_full(current_user, negotiation_id, comment_id)
    form = SpeakerForm()
    try:
        comments.join_comment(current_user, comment, form.on_behalf_of.data)
    except ServiceError as error:
        flash(error.message, "error")
        return _comment_page(comment, error.status)
    flash(f"Joined: {comments.speakers(comment)}.", "success")
    return redirect(_back(form, _comment_url(comment)))


@bp.route("/comments/<int:comment_id>/leave", methods=["POST"])
@login_required
def leave_comment(negotiation_id: int, comment_id: int):
    """Stop joining a comment."""
    comment = comments.get_comment(current_user, negotiation_id, comment_id)
    form = SpeakerForm()
    comments.leave_comment(current_user, comment, form.on_behalf_of.data)
    flash("You no longer join this comment (kept on record).", "info")
    return redirect(_back(form, _comment_url(comment)))


@bp.route("/comments/<int:comment_id>/replies", methods=["POST"])
@typed_text_fields(body="Your reply")
@login_required
@limit_writing
def reply(negotiation_id: int, comment_id: int):
    """Reply in a comment's thread."""
    comment = comments.get_comment_in_full(current_user, negotiation_id, comment_id)
    form = ReplyForm()
    try:
        comments.reply_to(current_user, comment, form.body.data or "", form.on_behalf_of.data)
    except ServiceError as error:
        # The comment's page again, with the reply as written, to be put right.
        flash(error.message, "error")
        typed = submitted_values(form).get("body", "")
        return _comment_page(comment, error.status, values={"reply": typed})
    flash("Reply posted.", "success")
    return redirect(_comment_url(comment) + "#thread")


@bp.route("/comments/<int:comment_id>/triage", methods=["POST"])
@typed_text_fields(reply="Your reply to the delegation")
@login_required
def triage_comment(negotiation_id: int, comment_id: int):
    """Record the co-facilitators' decision on a comment."""
    comment = comments.get_comment(current_user, negotiation_id, comment_id)
    form = TriageForm()
    try:
        triage.triage_comment(
            current_user,
            comment,
            status=form.status.data or "",
            reply=form.reply.data or "",
            version=form.version.data,
        )
    except triage.TriageConflict as error:
        return _comment_page(error.comment, error.status, conflict=error.message)
    except ServiceError as error:
        flash(error.message, "error")
        typed = submitted_values(form).get("reply", "")
        return _comment_page(comment, error.status, values={"triage_reply": typed})
    flash(f"Triaged: {triage.triage_label(comment)}.", "success")
    return redirect(_back(form, _comment_url(comment)))


@bp.route("/paragraphs/<int:paragraph_id>/status", methods=["POST"])
@login_required
def paragraph_status(negotiation_id: int, paragraph_id: int):
    """Set a paragraph's status in the room (agreed ad ref, pending, ...)."""
    paragraph = comments.get_paragraph(current_user, negotiation_id, paragraph_id)
    form = ParagraphStateForm()
    try:
        triage.set_paragraph_state(current_user, paragraph, form.status.data or "")
    except ServiceError as error:
        if error.status != 422:
            raise
        flash(error.message, "error")
    else:
        state = ParagraphState(form.status.data or "")
        flash(f"{paragraph.path} is now {triage.STATE_LABELS[state].lower()}.", "success")
    return redirect(
        _back(
            form,
            url_for(
                "consultations.paragraph_comments",
                negotiation_id=negotiation_id,
                paragraph_id=paragraph.id,
            ),
        )
    )


# Moderation -------------------------------------------------------------------------------


@bp.route("/comments/<int:comment_id>/hidden", methods=["POST"])
@login_required
def hide_comment(negotiation_id: int, comment_id: int):
    """Hide an abusive comment from the delegations, or show it again."""
    comment = comments.get_comment(current_user, negotiation_id, comment_id)
    hidden = HideCommentForm().hidden.data == "1"
    moderation.hide_comment(current_user, comment, hidden)
    flash(
        "The comment is hidden from the delegations; it stays on record."
        if hidden
        else "The comment is shown again.",
        "info",
    )
    return redirect(_comment_url(comment))


@bp.route("/moderation")
@login_required
def moderation_page(negotiation_id: int):
    """The accounts whose writing is or was suspended in the negotiation."""
    negotiation = access.get_negotiation(current_user, negotiation_id)
    return render_template(
        "consultations/moderation.html",
        negotiation=negotiation,
        suspensions=moderation.suspensions(current_user, negotiation),
    )


@bp.route("/moderation/accounts/<int:account_id>/suspend", methods=["POST"])
@login_required
def suspend_writing(negotiation_id: int, account_id: int):
    """Suspend an account's comments, joins and replies in the negotiation."""
    negotiation = access.get_negotiation(current_user, negotiation_id)
    form = SuspendWritingForm()
    suspension = moderation.suspend_writing(
        current_user, negotiation, account_id, form.reason.data or ""
    )
    flash(f"{suspension.user.name} can no longer write in this negotiation.", "info")
    return redirect(_back(form, url_for(".moderation_page", negotiation_id=negotiation_id)))


@bp.route("/moderation/accounts/<int:account_id>/lift", methods=["POST"])
@login_required
def lift_suspension(negotiation_id: int, account_id: int):
    """Let a suspended account write again."""
    negotiation = access.get_negotiation(current_user, negotiation_id)
    account = moderation.lift_suspension(current_user, negotiation, account_id)
    flash(f"{account.name} can write again.", "info")
    return redirect(_back(ReturnForm(), url_for(".moderation_page", negotiation_id=negotiation_id)))
