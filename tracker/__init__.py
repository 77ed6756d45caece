"""Resolution Tracker: the application factory."""

from __future__ import annotations

import functools
import logging
import os
import time
from pathlib import Path
from typing import Any

from flask import Flask, g, render_template, request, session
from flask_wtf.csrf import CSRFError
from sqlalchemy import inspect
from werkzeug.exceptions import HTTPException

from tracker import config, connections, data_generation, render_cache
from tracker.extensions import csrf, db, limiter, login_manager, migrate
from tracker.links import TrackerFlask

ROOT = Path(__file__).resolve().parent.parent

#: Pages load only the app's own scripts and styles; no inline script anywhere.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)

request_log = logging.getLogger("tracker.requests")


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, CLI commands and error pages."""
    app = TrackerFlask(
        __name__,
        instance_path=os.environ.get("TRACKER_INSTANCE_PATH", str(ROOT / "instance")),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(config.defaults(app.instance_path))
    app.config.from_pyfile("config.py", silent=True)
    if overrides:
        app.config.update(overrides)
    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS", config.engine_options(app.config["SQLALCHEMY_DATABASE_URI"])
    )
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config.secret_key(app.instance_path)
    if app.config["TRACKER_ENV"] == "production":
        config.check_secret_key(app.config["SECRET_KEY"])
    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    render_cache.init_app(app)
    data_generation.init_app(app)
    _end_read_only_requests_with_commit(app)
    _configure_sqlite(app)
    connections.check_before_use(app)
    _configure_urls(app)
    _configure_templates(app)
    _configure_login(app)
    _connect_subscribers()
    _register_blueprints(app)
    _register_error_pages(app)
    _register_security_headers(app)
    _version_static_files(app)
    _register_request_log(app)

    from tracker.commands import register_commands
    from tracker.services import events, meeting, silence
    from tracker.services.announcements import subscribe

    subscribe()
    events.subscribe()
    meeting.subscribe()
    silence.subscribe()

    register_commands(app)
    return app


def _connect_subscribers() -> None:
    """Import the modules that subscribe to domain signals or to the session's commits, so
    their receivers are connected."""
    import tracker.services.notifications  # noqa: F401
    import tracker.services.tallies  # noqa: F401


def _end_read_only_requests_with_commit(app: Flask) -> None:
    """A request that wrote nothing ends its transaction with COMMIT, not ROLLBACK: the same to
    the database, but psycopg forgets its prepared statements at every ROLLBACK, so with it no
    query plan was ever reused from one request to the next. Registered after Flask-SQLAlchemy,
    so it runs before the session is removed; anything written or pending is rolled back as
    before."""
    from tracker.services import commit_if_nothing_written

    @app.teardown_appcontext
    def _end_read_only_transaction(error: BaseException | None) -> None:
        if error is not None or not db.session().in_transaction():
            return
        # What the request loaded stays readable: a streamed response goes on reading it.
        commit_if_nothing_written()


def _configure_sqlite(app: Flask) -> None:
    """WAL and a busy timeout let readers and one writer share the embedded database;
    `unaccent(text)` works as PostgreSQL's does (its `unaccent` extension), so that queries
    that set accents aside are written once for both."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    from sqlalchemy import event

    from tracker.text.accents import without_accents

    def unaccent(value: object) -> object:
        return without_accents(value) if isinstance(value, str) else value

    with app.app_context():

        @event.listens_for(db.engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()
            dbapi_connection.create_function("unaccent", 1, unaccent, deterministic=True)


def _configure_urls(app: Flask) -> None:
    """`<int:...>` in every route stops at MAX_ID; a NUL character anywhere in the address or a
    form (which no stored text can hold) is refused with a page that says so."""
    from werkzeug.routing import IntegerConverter

    from tracker.views import MAX_ID, TYPED_TEXT_FIELDS

    class DatabaseId(IntegerConverter):
        def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("max", MAX_ID)
            super().__init__(map, *args, **kwargs)

    app.url_map.converters["int"] = DatabaseId

    @app.before_request
    def refuse_nul_characters() -> tuple[str, int] | None:
        if "\x00" in request.path:
            return _error_page("The address contains a NUL character; nothing was done.", 400)
        # Typed text its view's service checks, to refuse it on the form's own page with the
        # text given back (views.typed_text_fields).
        view = app.view_functions.get(request.endpoint or "")
        checked: dict[str, str] = getattr(view, TYPED_TEXT_FIELDS, {})
        for where, values, status in (("address", request.args, 400), ("form", request.form, 422)):
            for name, value in values.items(multi=True):
                if where == "form" and name in checked:
                    continue
                if "\x00" in name or "\x00" in value:
                    field = name.replace("\x00", "")[:40]
                    return _error_page(
                        f"The field “{field}” of the {where} contains a NUL character, which "
                        "no text can hold; nothing was recorded.",
                        status,
                    )
        return None


def _configure_templates(app: Flask) -> None:
    from tracker.text.sentences import as_sentence
    from tracker.text.styled_runs import compared_runs, runs
    from tracker.text.typed import contained
    from tracker.views import isolated, when

    app.jinja_env.globals["paragraph_runs"] = runs
    # People's words: `isolated` in a line of the page's own, `contained` in a paragraph of
    # their own set dir="auto".
    app.jinja_env.filters["isolated"] = isolated
    app.jinja_env.filters["contained"] = lambda text: contained(text or "")
    app.jinja_env.globals["compared_runs"] = compared_runs
    app.jinja_env.filters["when"] = when
    app.jinja_env.filters["sentence"] = as_sentence
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def compile_templates(app: Flask) -> int:
    """Compile every template now rather than at its first use (gunicorn calls this as each
    worker starts): otherwise the first publication a worker serves also compiles the mail
    templates, the first page of each kind its own, on a server that may be busy. Returns how
    many there are."""
    names = app.jinja_env.list_templates()
    for name in names:
        app.jinja_env.get_template(name)
    return len(names)


#: Threads of a worker kept for ordinary requests however many live streams are open (each open
#: stream holds one): at most this many, and at most half of the worker's threads.
THREADS_KEPT_FOR_REQUESTS = 20


def fit_streams_to_threads(app: Flask, threads: int) -> int:
    """Bound the worker's open live streams (LIVE_STREAMS_PER_PROCESS) so that, with `threads`
    threads, ordinary requests always find one free: gunicorn calls this as each worker
    starts, whatever `--threads` it was given. Returns the bound (0 for a worker of one thread,
    which a stream would hold whole)."""
    kept = min(THREADS_KEPT_FOR_REQUESTS, max(1, threads // 2))
    bound = max(0, min(app.config["LIVE_STREAMS_PER_PROCESS"], threads - kept))
    app.config["LIVE_STREAMS_PER_PROCESS"] = bound
    return bound


def _configure_login(app: Flask) -> None:
    from sqlalchemy import Integer, bindparam, select
    from sqlalchemy.orm import joinedload

    from tracker.models import User

    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"

    @login_manager.unauthorized_handler
    def sign_in_first() -> Any:
        """A page asked for signed out: sign in, then see it. A form sent signed out is not
        sent on to the sign-in page (which would lose what was typed, and afterwards show the
        form's address rather than its page): it is answered where it was sent."""
        from flask import flash, redirect
        from flask_login import login_url

        from tracker.views import unrecorded

        if request.method not in ("GET", "HEAD"):
            return unrecorded.refusal(signed_out=True)
        flash(login_manager.login_message, login_manager.login_message_category)
        return redirect(login_url("auth.login", next_url=request.url))

    from tracker.services import notifications
    from tracker.services.accounts import SESSION_VERSION_KEY

    # Built once: every request asks it, and building it cost as much as running it.
    person_first = (
        select(User, data_generation.VALUE, notifications.unread_with_person())
        .where(User.id == bindparam("user_id", type_=Integer))
        .options(joinedload(User.delegation))
    )

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        if not user_id.isdigit() or len(user_id) > 18:
            return None
        # The database's generation with the person, before anything a page shows is read
        # (tracker.views.kept_pages); the person's delegation, which every page's header
        # names and every comment form and permission check of a delegate reads; and their
        # unread notifications, which every page's header counts.
        found = db.session.execute(person_first, {"user_id": int(user_id)}).one_or_none()
        if found is None:
            return None
        user, generation, unread = found
        data_generation.read_first(generation)
        notifications.read_with_person(user.id, unread)
        if not user.active:
            return None
        # A session from before a sign-out, a new password or a deactivation has ended.
        if session.get(SESSION_VERSION_KEY) != user.session_version:
            return None
        return user


def _register_blueprints(app: Flask) -> None:
    from tracker.views import (
        admin,
        auth,
        brackets,
        consultations,
        dashboard,
        exports,
        health,
        library,
        live,
        meetings,
        messages,
        negotiations,
        notifications,
        positions,
        publishing,
        revisions,
        search,
        silence,
    )

    for blueprint in (
        auth.bp,
        negotiations.bp,
        revisions.bp,
        publishing.bp,
        brackets.bp,
        exports.bp,
        admin.bp,
        health.bp,
        consultations.bp,
        positions.bp,
        dashboard.bp,
        notifications.bp,
        silence.bp,
        messages.bp,
        library.bp,
        live.bp,
        meetings.bp,
        search.bp,
    ):
        app.register_blueprint(blueprint)


def _error_page(message: str, status: int, title: str | None = None) -> tuple[str, int]:
    """Render the error page on a clean session: whatever failed is rolled back (nothing is
    half-stored), and a connection lost mid-request does not break the page itself."""
    from tracker.services import end_refused_transaction

    end_refused_transaction()
    return render_template(
        "errors/error.html",
        message=message,
        title=title,
        back=_page_came_from(),
        typed=_typed_text_sent(),
    ), status


def _typed_text_sent() -> list[tuple[str, str]]:
    """What a refused form's person typed, (label, text), as the page answering a form that
    was not run gives it back (views.unrecorded: the form's text areas, from this app's own
    pages only): the error page gives it back to copy, so a refusal answered before the form's
    page could be shown (too many requests, not allowed) loses nothing."""
    from tracker.views import unrecorded

    if request.method != "POST" or not unrecorded.posted_from_this_site():
        return []
    try:
        sent = request.form
    except HTTPException:  # a body too large to read
        return []
    return [(typed.label, typed.text) for typed in unrecorded.typed_texts(sent)]


def _page_came_from() -> str:
    """The page of this app the refused request came from (the form sent, to try again), as a
    path; "" when it came from elsewhere or is the page refused (a form posts to its own
    page's address, which is then the way back)."""
    from tracker.views import safe_next, same_site_referrer

    path = same_site_referrer()
    if path is None or (request.method == "GET" and path == request.full_path.rstrip("?")):
        return ""
    return safe_next(path, "negotiations.index")


def _register_error_pages(app: Flask) -> None:
    from tracker.services import ServiceError

    @app.errorhandler(ServiceError)
    def service_error(error: ServiceError) -> tuple[str, int]:
        return _error_page(error.message, error.status)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> Any:
        from flask_login import current_user

        from tracker.views import auth, unrecorded

        if request.endpoint == "auth.login":
            return auth.sign_in_again()
        return unrecorded.refusal(signed_out=not current_user.is_authenticated)

    @app.errorhandler(413)
    def too_large(error: HTTPException) -> tuple[str, int]:
        limit = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
        return _error_page(f"The file is too large: uploads are limited to {limit} MB.", 413)

    @app.errorhandler(429)
    def too_many(error: HTTPException) -> tuple[str, int]:
        message = (
            "You are sending too much too quickly: wait a minute and try again. Nothing from "
            "the last request was recorded."
        )
        return _error_page(message, 429, "Too many requests")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        return _error_page(error.description or "", error.code or 500, error.name)


#: Headers every response carries unless its view set them already.
SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
)
#: A page for one person never stays in a shared or browser cache after sign-out.
PRIVATE_PAGE = ("Cache-Control", "private, no-store")
STRICT_TRANSPORT = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


def _register_security_headers(app: Flask) -> None:
    @app.after_request
    def headers(response: Any) -> Any:
        # The names present, read once: asking Werkzeug's headers for each missing one raises
        # and catches an exception per header, on every response.
        present = {name.lower() for name, _ in response.headers.items()}
        wanted = [*SECURITY_HEADERS]
        if _signed_in():
            wanted.append(PRIVATE_PAGE)
        if app.config["SESSION_COOKIE_SECURE"]:
            wanted.append(STRICT_TRANSPORT)
        response.headers.extend([pair for pair in wanted if pair[0].lower() not in present])
        return response


def _signed_in() -> bool:
    """Whether the request came with a signed-in session (without loading the user again:
    after a commit, `is_authenticated` would read the person's row once more)."""
    from flask_login import current_user

    return "_login_user" in g and not current_user.is_anonymous


#: How long a browser keeps a static file whose URL names its content (a year, as is usual).
STATIC_MAX_AGE = 365 * 24 * 3600


def _version_static_files(app: TrackerFlask) -> None:
    """Static URLs carry a digest of the file (`app.css?v=3f2a...`), so browsers keep each for
    a year and fetch it again exactly when it changes; unversioned requests are revalidated
    (ETag and Last-Modified, 304), as Flask serves static files."""
    import hashlib

    digests: dict[str, tuple[float, str]] = {}

    def digest(filename: str) -> str | None:
        path = Path(app.static_folder or "", filename)
        try:
            modified = path.stat().st_mtime
        except OSError:
            return None
        known = digests.get(filename)
        if known is None or known[0] != modified:
            known = (modified, hashlib.sha256(path.read_bytes()).hexdigest()[:12])
            digests[filename] = known
        return known[1]

    app.static_digest = digest

    @app.after_request
    def long_lived_static(response: Any) -> Any:
        if request.endpoint != "static" or response.status_code not in (200, 304):
            return response
        filename = (request.view_args or {}).get("filename", "")
        if request.args.get("v") and request.args.get("v") == digest(filename):
            response.headers["Cache-Control"] = f"public, max-age={STATIC_MAX_AGE}, immutable"
        else:
            response.headers["Cache-Control"] = "no-cache"
        return response


def _logged_user_id(user: Any) -> str | None:
    """The id of the person a request loaded, for its log line: read from the session's key
    for the row, since after a commit `get_id()` would read the whole row again."""
    if user is None:
        return None
    state = inspect(user, raiseerr=False)
    if state is not None and state.identity is not None:
        return str(state.identity[0])
    return user.get_id()


def _register_request_log(app: Flask) -> None:
    """One structured line per request: method, path, endpoint, status, duration, the CPU time
    of the thread that answered it (what a page costs the server, apart from waiting), user."""
    from tracker.admission import WAITED_KEY
    from tracker.logging import redact_every_line

    # The line names the request's address, without the secret of a one-time link (as Flask's
    # line for an unexpected error does, TrackerFlask.logger).
    redact_every_line(request_log)

    if not app.testing:
        from tracker.logging import configure_request_log

        configure_request_log()

    @app.before_request
    def start_timer() -> None:
        g.request_started = time.perf_counter()
        g.request_cpu_started = time.thread_time()

    @app.after_request
    def log_request(response: Any) -> Any:
        # The person the request already loaded, if any: loading them only for this line
        # cost /healthz (and static files) a database query each.
        user = g.get("_login_user")
        started = g.get("request_started")
        cpu_started = g.get("request_cpu_started")
        # Written once the response is sent (when the server closes it): on a busy worker a
        # write waits for the interpreter's turn, and the person need not wait for it.
        response.call_on_close(
            functools.partial(
                request_log.info,
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,  # its secrets taken out (tracker.logging)
                    "endpoint": request.endpoint,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1)
                    if started
                    else None,
                    "cpu_ms": round((time.thread_time() - cpu_started) * 1000, 1)
                    if cpu_started is not None
                    else None,
                    "user_id": _logged_user_id(user),
                    # How long it waited for its turn (tracker.admission), under gunicorn.
                    "waited_ms": round(request.environ[WAITED_KEY] * 1000, 1)
                    if WAITED_KEY in request.environ
                    else None,
                },
            )
        )
        return response
