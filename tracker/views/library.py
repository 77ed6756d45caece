"""The library of adopted texts: search, whole texts, import, and a paragraph's precedents."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.forms import LibraryImportForm
from tracker.services import Invalid, access, comments, library
from tracker.text.days import written_day
from tracker.text.library import fingerprint
from tracker.views import FormPage
from tracker.views.confirmation import confirmation_page, confirmed

bp = Blueprint("library", __name__, url_prefix="/library")


@bp.app_template_global()
def proposal_agreed_language(wording: str | None) -> library.Precedent | None:
    """The adopted paragraph a proposal's wording restores word for word, if any."""
    if not wording:
        return None
    return library.proposal_agreed([wording]).get(fingerprint(wording))


@bp.route("/")
@login_required
def search():
    """The library search page: words or an exact phrase, by organ and year."""
    words = request.args.get("q", "")
    phrase = request.args.get("phrase") == "1"
    organ = request.args.get("organ", "")
    year = request.args.get("year", type=int)
    if year is not None and not library.EARLIEST_YEAR <= year <= library.LATEST_YEAR:
        year = None  # no text of the library was adopted then (a crafted address)
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), library.LAST_PAGE)
    results = library.search(current_user, words, phrase=phrase, organ=organ, year=year, page=page)
    texts, paragraphs = library.library_size()
    return render_template(
        "library/search.html",
        results=results,
        words=words,
        phrase=phrase,
        organ=organ,
        year=year,
        organs=library.organs(),
        years=library.years(),
        recent=[] if words else library.recent_texts(),
        size=(texts, paragraphs),
        can_import=access.can_manage_negotiations(current_user),
    )


@bp.route("/texts/<int:text_id>")
@login_required
def show_text(text_id: int):
    """One adopted text in full, with an anchor for each paragraph."""
    entry = library.get_text(current_user, text_id)
    return render_template("library/text.html", entry=entry, document=entry.document)


@bp.route("/import", methods=["GET", "POST"])
@login_required
def import_texts():
    """The secretariat imports adopted texts, one or many files at once."""
    access.require_secretariat(current_user)
    form = LibraryImportForm()
    page = FormPage()
    results: list[library.ImportResult] = []
    if form.validate_on_submit():
        uploads = [(f.filename, f.read()) for f in form.files.data or [] if f and f.filename]
        with page.service_call():
            results = library.import_files(current_user, uploads, replace=form.replace.data)
            page.status = 200 if all(not r.error for r in results) else 422
        # The choice to replace was made for this batch: the next one is asked again.
        form.replace.data = False
    return page.render("library/import.html", form=form, results=results)


@bp.route("/negotiations/<int:negotiation_id>/revisions/<int:revision_id>/add", methods=["POST"])
@login_required
def add_revision(negotiation_id: int, revision_id: int):
    """Add a negotiation's adopted text to the library, once confirmed."""
    # From then on every draft marks the paragraphs that repeat it as agreed language.
    revision = access.get_revision(current_user, negotiation_id, revision_id)
    entry = library.revision_entry(current_user, revision)
    if not confirmed():
        facts = entry.facts
        dated = f", dated {written_day(facts.date)}" if facts.date else ""
        return confirmation_page(
            title=f"Add {revision.label} to the library as {facts.symbol}?",
            explanation=[
                f"“{facts.title}”{dated}, goes into the library of adopted texts: every "
                "negotiation's drafts then mark the paragraphs that repeat its wording as "
                f"agreed language ({facts.symbol} PP1, OP2 …).",
                *(
                    [
                        f"It replaces the library's {entry.replaces.symbol}, "
                        f"“{entry.replaces.title}”."
                    ]
                    if entry.replaces is not None
                    else []
                ),
            ],
            button="Add to the library",
            cancel_url=url_for(
                "revisions.show", negotiation_id=negotiation_id, revision_id=revision_id
            ),
        )
    added = library.add_revision(current_user, revision)
    flash(f"{revision.label} is in the library as {added.symbol}.", "success")
    return redirect(url_for("library.show_text", text_id=added.id))


@bp.route("/negotiations/<int:negotiation_id>/revisions/<int:revision_id>/precedents")
@login_required
def paragraph_precedents(negotiation_id: int, revision_id: int):
    """The nearest adopted paragraphs of one paragraph of a draft, with word diffs."""
    revision = access.get_revision(current_user, negotiation_id, revision_id)
    label = request.args.get("paragraph", "")
    found, base = library.paragraph_precedents(current_user, revision, label)
    return render_template(
        "library/precedents.html",
        negotiation=revision.negotiation,
        revision=revision,
        subject=f"{revision.label} {label}",
        wording=found.text,
        precedents=found.precedents,
        base=base,
    )


@bp.route("/negotiations/<int:negotiation_id>/comments/<int:comment_id>/precedents")
@login_required
def proposal_precedents(negotiation_id: int, comment_id: int):
    """The nearest adopted paragraphs of a proposal's wording, with word diffs."""
    comment = comments.get_comment(current_user, negotiation_id, comment_id)
    if not comment.proposed_text:
        raise Invalid("This comment proposes no wording.")
    return render_template(
        "library/precedents.html",
        negotiation=comment.negotiation,
        revision=comment.revision,
        subject=f"the proposal of {comments.speakers(comment)}",
        wording=comment.proposed_text,
        precedents=library.wording_precedents(current_user, comment.proposed_text),
        base=None,
    )
