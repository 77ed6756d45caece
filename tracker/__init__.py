"""Resolution Tracker: the application factory."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

from flask import Flask, g, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from tracker import config
from tracker.extensions import csrf, db, limiter, login_manager, migrate

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
    app = Flask(
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
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config.secret_key(app.instance_path)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    _configure_sqlite(app)
    _configure_templates(app)
    _configure_login(app)
    _connect_subscribers()
    _register_blueprints(app)
    _register_error_pages(app)
    _register_security_headers(app)
    _register_request_log(app)

    from tracker.commands import register_commands
    from tracker.services import events
    from tracker.services.announcements import subscribe

    subscribe()
    events.subscribe()

    register_commands(app)
    return app


def _connect_subscribers() -> None:
    """Import the modules that subscribe to domain signals, so their receivers are connected."""
    import tracker.services.notifications  # noqa: F401


def _configure_sqlite(app: Flask) -> None:
    """WAL and a busy timeout let readers and one writer share the embedded database."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    from sqlalchemy import event

    with app.app_context():

        @event.listens_for(db.engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()


def _configure_templates(app: Flask) -> None:
    from tracker.text.inline import runs
    from tracker.views import when

    app.jinja_env.globals["paragraph_runs"] = runs
    app.jinja_env.filters["when"] = when
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def _configure_login(app: Flask) -> None:
    from tracker.models import User

    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        if not user_id.isdigit():
            return None
        user = db.session.get(User, int(user_id))
        return user if user is not None and user.active else None


def _register_blueprints(app: Flask) -> None:
    from tracker.views import (
        admin,
        auth,
        consultations,
        engagement,
        exports,
        health,
        library,
        live,
        messages,
        negotiations,
        revisions,
    )

    for blueprint in (
        auth.bp,
        negotiations.bp,
        revisions.bp,
        exports.bp,
        admin.bp,
        health.bp,
        consultations.bp,
        engagement.bp,
        messages.bp,
        library.bp,
        live.bp,
    ):
        app.register_blueprint(blueprint)


def _error_page(message: str, status: int, title: str | None = None) -> tuple[str, int]:
    """Render the error page on a clean session: whatever failed is rolled back (nothing is
    half-stored), and a connection lost mid-request does not break the page itself."""
    db.session.rollback()
    return render_template("errors/error.html", message=message, title=title), status


def _register_error_pages(app: Flask) -> None:
    from tracker.services import ServiceError

    @app.errorhandler(ServiceError)
    def service_error(error: ServiceError) -> tuple[str, int]:
        return _error_page(error.message, error.status)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        message = "The form expired or was sent from elsewhere. Reload the page and try again."
        return _error_page(message, 400)

    @app.errorhandler(413)
    def too_large(error: HTTPException) -> tuple[str, int]:
        limit = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
        return _error_page(f"The file is too large: uploads are limited to {limit} MB.", 413)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        return _error_page(error.description or "", error.code or 500, error.name)


def _register_security_headers(app: Flask) -> None:
    @app.after_request
    def headers(response: Any) -> Any:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if app.config["SESSION_COOKIE_SECURE"]:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response


def _register_request_log(app: Flask) -> None:
    """One structured line per request: method, path, endpoint, status, duration, user."""
    if not app.testing:
        from tracker.logging import configure_request_log

        configure_request_log()

    @app.before_request
    def start_timer() -> None:
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response: Any) -> Any:
        from flask_login import current_user

        started = g.get("request_started")
        request_log.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "endpoint": request.endpoint,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1)
                if started
                else None,
                "user_id": current_user.get_id() if current_user else None,
            },
        )
        return response
