"""Thin blueprints: read the form, call one service, render or redirect."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from markupsafe import Markup
from werkzeug.wrappers import Response

from tracker import moments
from tracker.services import Invalid, ServiceError
from tracker.text.days import written_day
from tracker.text.typed import contained


def when(moment: date | datetime | None, style: str = "utc") -> str:
    """The one date filter of the templates: “12 March 2026, 14:00 UTC” (style `utc`),
    “12 March 2026” (`day`), “2026-03-12 14:00:05” (`exact`, for the audit trail) or
    “12 March 2026, 10:00 New York time (14:00 UTC)” (`new_york`, for meetings and deadlines)."""
    if moment is None:
        return ""
    if not isinstance(moment, datetime):  # a calendar day, such as a text's adoption date
        return written_day(moment)
    if style == "new_york":
        return moments.in_words(moment)
    utc = moment.astimezone(UTC) if moment.tzinfo else moment
    if style == "day":
        return written_day(utc)
    if style == "exact":
        return f"{utc:%Y-%m-%d %H:%M:%S}"
    return f"{written_day(utc)}, {utc:%H:%M} UTC"


def isolated(text: str | None) -> Markup:
    """A person's words set in a line with the page's own (“Co-facilitators: …”, a quoted
    earlier wording), as one filter of the templates: in `<bdi>`, which takes its direction
    from its first letter (Arabic and Hebrew read right to left) and keeps the words from
    reordering, or being reordered by, the names, labels and buttons around them; without the
    controls that could lay them out as other words (`typed.contained`). A paragraph of them
    alone is set `dir="auto"` with the `contained` filter instead."""
    return Markup("<bdi>{}</bdi>").format(contained(text or ""))


def safe_next(target: str | None, default_endpoint: str = "negotiations.index") -> str:
    """A redirect target inside this app; anything pointing elsewhere falls back to the default."""
    if target:
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
            and "\\" not in target
            # A line break would end the Location header and start another.
            and not any(ord(c) < 32 or ord(c) == 127 for c in target)
        ):
            return target
    return url_for(default_endpoint)


def same_site_referrer() -> str | None:
    """The address (path and query) of the page of this app the request came from, by its
    Referer; None when it came from elsewhere or says nothing."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host or referrer.scheme not in ("http", "https"):
        return None
    if not referrer.path.startswith("/"):
        return None
    return referrer.path + (f"?{referrer.query}" if referrer.query else "")


def typed_text_fields(**labels: str) -> Callable[[View], View]:
    """Mark a view whose form fields hold text a person typed (field name = what it is, as
    a refusal names it: `body="Your comment"`), which its service checks
    (services.typed_text) and its page, on a refusal, gives back in the form: the check every
    form gets for NUL characters before any view (tracker._configure_urls) leaves those fields
    to it, and a refusal answered before the view could show its page (an expired form, too
    many requests) gives them back on the error page to copy."""

    def mark(view: View) -> View:
        setattr(view, TYPED_TEXT_FIELDS, dict(labels))
        return view

    return mark


#: The attribute of a view naming its typed-text fields, with their labels (`typed_text_fields`).
TYPED_TEXT_FIELDS = "typed_text_fields"

View = TypeVar("View", bound=Callable[..., Any])


#: The largest id stored (PostgreSQL's `integer`): a larger one names nothing.
MAX_ID = 2**31 - 1


def form_id(value: str | None) -> int | None:
    """An id sent in a form or query: None unless it is digits naming a possible row."""
    if not value or not value.isascii() or not value.isdigit() or len(value) > 10:
        return None
    number = int(value)
    return number if number <= MAX_ID else None


class FormPage:
    """A form page and its one call to a service: the status the page answers with, an error
    the service raises flashed (its status kept for the page shown again), success flashed and
    redirected.

        page = FormPage()
        if form.validate_on_submit():
            with page.service_call():
                thing = things.create_thing(current_user, ...)
                return page.done("The thing was created.", url_for(...))
        return page.render("things/form.html", form=form)
    """

    def __init__(self, status: int | None = None) -> None:
        #: Unless told otherwise: 400 for a post (the form refused it), 200 for a first look.
        self.status = status if status is not None else 400 if request.method == "POST" else 200

    @contextmanager
    def service_call(self, *refusals: type[ServiceError]) -> Iterator[None]:
        """Run the call; an error of these kinds (Invalid unless told) is flashed, its status
        kept, and the page goes on to show the form again."""
        caught = refusals or (Invalid,)
        try:
            yield
        except caught as error:
            flash(error.message, "error")
            self.status = error.status

    @staticmethod
    def done(message: str, target: str) -> Response:
        """Say what was done, and go to the page that shows it."""
        flash(message, "success")
        return redirect(target)

    def render(self, template: str, **context: Any) -> tuple[str, int]:
        """The page (the form, shown again after a refusal), with its status."""
        return render_template(template, **context), self.status
