"""A form that never reached its page: sent signed out, or with its form token expired.

Nothing it asked for was done. It used to end on the sign-in page, which afterwards showed the
form's address (another page than the one the form was on) with the form empty, or on an error
page, and either way what the person had typed was gone: a delegation's proposal and its
explanation, written at length. Now the answer says that nothing was recorded, gives back the
text typed in the form in boxes to copy from, and offers to sign in (in a new tab, so that this
page stays open) and go back to the page the form was on, where the text can be pasted.

Nothing typed is kept on the server or in the session cookie (a proposal is up to 20,000
characters; a cookie holds 4 KB): it is sent back once, in this page, never stored, never
cached. It is only sent back to a form posted from one of this app's own pages: a form posted
from another site gets the same answer without its text, so that no one can make the app show
their words to someone else.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from flask import current_app, render_template, request, url_for
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect
from wtforms import TextAreaField
from wtforms.fields.core import UnboundField
from wtforms.validators import Length

from tracker.text.typed import without_invalid_characters
from tracker.views import TYPED_TEXT_FIELDS, safe_next, same_site_referrer

#: At most this many characters of a text are sent back, unless its form takes more (a pasted
#: draft, 2,000,000): more was refused by every form anyway (a proposal holds 20,000), and the
#: page stays of a size a browser shows.
MAX_CHARACTERS = 50_000
#: At most this many texts (a form has at most three text areas).
MAX_TEXTS = 12
#: Pages that are no page to go back to after signing in.
NOT_A_PAGE = {"auth.login", "auth.logout", "static"}


@dataclass(frozen=True)
class TypedText:
    """One text area of the form sent, as typed (cut where its form refuses more)."""

    name: str
    label: str
    text: str
    #: Characters after the cut, not sent back.
    left_out: int

    @property
    def rows(self) -> int:
        """Lines of a box showing the text (about 70 characters a line), 4 to 16."""
        lines = sum(len(line) // 70 + 1 for line in self.text.split("\n"))
        return max(4, min(16, lines + 1))


def _form_classes() -> list[type[FlaskForm]]:
    """Every form the pages post (tracker.forms), subclasses included."""
    import tracker.forms  # noqa: F401  (defines them)

    found: list[type[FlaskForm]] = []
    waiting: list[type[FlaskForm]] = [FlaskForm]
    while waiting:
        for sub in waiting.pop().__subclasses__():
            if sub not in found:
                found.append(sub)
                waiting.append(sub)
    return found


@cache
def _fields_by_form() -> tuple[tuple[frozenset[str], tuple[tuple[str, str, int], ...]], ...]:
    """For each form: the names of its fields, and its text areas (name, label, the most
    characters given back)."""
    described = []
    for form in _form_classes():
        fields = [
            (name, value)
            for name in dir(form)
            if isinstance(value := getattr(form, name, None), UnboundField)
        ]
        texts = tuple(
            (
                name,
                str(field.args[0] if field.args else field.kwargs.get("label", name)),
                _most(field),
            )
            for name, field in fields
            if issubclass(field.field_class, TextAreaField)
        )
        described.append((frozenset(name for name, _ in fields), texts))
    return tuple(described)


def _most(field: UnboundField) -> int:
    """The most characters of a text area given back: what its form takes, at least
    MAX_CHARACTERS."""
    lengths = [v.max for v in field.kwargs.get("validators", ()) if isinstance(v, Length)]
    return max([MAX_CHARACTERS, *lengths])


def typed_texts(posted: MultiDict[str, str]) -> list[TypedText]:
    """The text areas of the form that was posted, as typed: the form is the one whose fields
    the posted names match best. Only text areas are sent back: never a password, a form token
    or a form's own keys, which are other kinds of field."""
    names = {name for name in posted if name != "csrf_token"}
    best: tuple[int, int] = (0, 0)
    texts: tuple[tuple[str, str, int], ...] = ()
    for fields, areas in _fields_by_form():
        # The most names in common, then the fewest fields beside them.
        score = (len(names & fields), -len(fields - names))
        if score[0] and score > best:
            best, texts = score, areas
    areas_sent = {name: (label, most) for name, label, most in texts}
    # What the view calls its typed text ("Your comment"), where it says (typed_text_fields).
    view = current_app.view_functions.get(request.endpoint or "")
    named: dict[str, str] = getattr(view, TYPED_TEXT_FIELDS, {})
    found = []
    # In the order the browser sent them, which is the order the page shows them in.
    for name in (name for name in posted if name in areas_sent):
        label, most = areas_sent[name]
        label = named.get(name, label)
        text = without_invalid_characters(
            posted.get(name, "").replace("\r\n", "\n").replace("\r", "\n")
        )
        if text.strip():
            kept = text[:most]
            found.append(TypedText(name, label, kept, len(text) - len(kept)))
    return found[:MAX_TEXTS]


def posted_from_this_site() -> bool:
    """Whether the form was sent from one of this app's pages: the browser says so
    (`Sec-Fetch-Site`), else the `Origin` or `Referer` it sent names this host."""
    fetched_from = request.headers.get("Sec-Fetch-Site")
    if fetched_from is not None:
        return fetched_from == "same-origin"
    origin = request.headers.get("Origin")
    if origin is not None:
        # The host alone, as for the Referer: behind a proxy that ends TLS, the app may see
        # http where the browser says https.
        return urlsplit(origin).netloc == request.host
    return same_site_referrer() is not None


def is_page(path: str) -> bool:
    """Whether this address of the app is a page to show (one that answers GET, other than
    signing in or out), not only a form's address."""
    address, _, query = path.partition("#")[0].partition("?")
    root = request.script_root
    if root and address.startswith(root):
        address = address[len(root) :]
    adapter = current_app.url_map.bind(request.host, script_name=root or None)
    try:
        endpoint, _ = adapter.match(address, method="GET", query_args=query)
    except RequestRedirect:
        return True  # the same page at its canonical address
    except HTTPException:
        return False
    return endpoint not in NOT_A_PAGE


#: The longest address taken as the page to go back to.
MAX_ADDRESS = 2000


def page_address(target: str | None, default_endpoint: str = "negotiations.index") -> str:
    """`target` if it is a page of this app (safe_next: never elsewhere), else the default."""
    if target and len(target) <= MAX_ADDRESS:
        safe = safe_next(target, default_endpoint)
        if safe == target and is_page(target):
            return target
    return url_for(default_endpoint)


def page_of_the_form() -> str:
    """The page the form was on: the page the form names to return to (`next`, as the forms
    that return to their page carry it), else the page that sent it (Referer: not the same
    when the form was shown again at its own address after a refusal), else its own address
    when that is a page too, else the negotiations."""
    candidates = (request.form.get("next"), same_site_referrer(), request.full_path.rstrip("?"))
    for candidate in candidates:
        if candidate and page_address(candidate) == candidate:
            return candidate
    return url_for("negotiations.index")


def refusal(signed_out: bool) -> tuple[str, int, dict[str, str]]:
    """The page answering a form that was not run: signed out (401), or its form token
    expired or missing while signed in (400)."""
    from tracker.services import end_refused_transaction

    end_refused_transaction()
    own_page = posted_from_this_site()
    texts = typed_texts(request.form) if own_page else []
    files = [f.filename[:200] for f in request.files.values() if f.filename] if own_page else []
    back = page_of_the_form() if own_page else url_for("negotiations.index")
    page = render_template(
        "errors/not_recorded.html",
        signed_out=signed_out,
        texts=texts,
        files=files,
        back=back,
        sign_in=url_for("auth.login", next=back),
    )
    # The page holds what was typed: no cache keeps it, whoever is signed in.
    return page, 401 if signed_out else 400, {"Cache-Control": "no-store"}
