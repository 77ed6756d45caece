"""Configuration defaults; DATABASE_URL and SECRET_KEY come from the environment or instance/."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from sqlalchemy import make_url

from tracker.connections import DescribedOnDemand

#: Uploads larger than this get a 413 page; real drafts are well under 1 MB.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
#: Characters a text pasted in place of a file may have (a whole resolution is well under).
MAX_PASTED_CHARACTERS = 2_000_000
#: A form field's bytes: the pasted text at four bytes a character, UTF-8's most (Werkzeug's
#: own default, 500 kB, refused a long paste as a file too large).
MAX_FIELD_BYTES = 4 * MAX_PASTED_CHARACTERS


def database_url(instance_path: str) -> str:
    """DATABASE_URL if set (PostgreSQL in production), else SQLite in instance/."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{Path(instance_path) / 'tracker.sqlite'}"
    # psycopg 3 is the driver; accept the short forms hosting platforms hand out.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


#: Database connections each app process keeps open (PostgreSQL). A request holds one while
#: it runs, so this is about as many requests as a process serves at the same moment under
#: load (gunicorn's workers each run several threads). Beyond it, connections are opened for
#: the moment and closed again, each a new PostgreSQL backend with empty caches and none of the
#: statements prepared on the kept ones (the load bench's workers did so about three times a
#: second with SQLAlchemy's default of five). DATABASE_POOL_SIZE in the environment overrides
#: it: several app servers on one database may each need fewer.
DATABASE_POOL_SIZE = 16
#: Connections a process may open beyond the pool at its busiest moments (closed after use);
#: with the pool, 4 workers stay under PostgreSQL's default 100 connections.
DATABASE_POOL_OVERFLOW = 4
#: Runs of one statement on one connection before it is prepared there.
PREPARE_AFTER = 1
#: How PostgreSQL plans the app's prepared statements: once, for any values. Left to itself it
#: plans a statement anew on each of its first five runs on every connection (64 of them
#: under 4 workers) before it may settle on one plan, and plans some statements anew on every
#: run for good (the draft view's "what changed since" read); under the load bench that was a
#: third of the database's CPU (bench/README.md, fifteenth round). Every statement of the
#: consultation day was checked for its one plan at 20,000 comments (bench/generic_plans.py).
PLAN_CACHE_MODE = "force_generic_plan"


def engine_options(url: str) -> dict[str, object]:
    """How the app connects. SQLite checks each connection with a query before use (it costs
    nothing there); PostgreSQL connections are kept for reuse and checked without a round trip
    (`tracker.connections`), so that a restarted database costs no request an error."""
    if not url.startswith("postgresql"):
        return {"pool_pre_ping": True}
    # Options given in the URL (`?options=-c ...`) are kept, the plan cache mode added to them.
    given = make_url(url).query.get("options") or ""
    options = given if isinstance(given, str) else " ".join(given)  # given more than once
    return {
        "pool_size": int(os.environ.get("DATABASE_POOL_SIZE", "") or DATABASE_POOL_SIZE),
        "max_overflow": DATABASE_POOL_OVERFLOW,
        # A statement is prepared on its connection the second time it runs there (psycopg's
        # default is the sixth): the database parses it once, and plans it once.
        # Column descriptions made only when read (tracker.connections.DescribedOnDemand).
        "connect_args": {
            "prepare_threshold": PREPARE_AFTER,
            "cursor_factory": DescribedOnDemand,
            "options": f"{options} -c plan_cache_mode={PLAN_CACHE_MODE}".strip(),
        },
    }


def secret_key(instance_path: str) -> str:
    """SECRET_KEY from the environment, else from instance/secret_key (created on first run)."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


#: Keys that appear in examples and tutorials; a forged session is one line away with these.
KNOWN_WEAK_KEYS = {"x", "dev", "test", "secret", "changeme", "change-me", "secret-key", "..."}
#: Fewer characters than this cannot be a randomly generated key.
MIN_SECRET_KEY_LENGTH = 32


def check_secret_key(key: str) -> None:
    """Refuse, in production, a SECRET_KEY anyone could guess: with it, anyone can forge a
    session of any account."""
    if key.strip().lower() in KNOWN_WEAK_KEYS or len(key) < MIN_SECRET_KEY_LENGTH:
        raise RuntimeError(
            f"SECRET_KEY is too weak for production: use at least {MIN_SECRET_KEY_LENGTH} "
            "random characters (python -c 'import secrets; print(secrets.token_hex(32))'), "
            "or unset it to have one generated in instance/secret_key."
        )


def _env_flag(name: str, default: bool) -> bool:
    """A yes/no setting from the environment: 0, false, no and off mean no."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value not in {"0", "false", "no", "off"}


def defaults(instance_path: str) -> dict[str, object]:
    """The configuration every deployment starts from."""
    production = os.environ.get("TRACKER_ENV") == "production"
    return {
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "MAX_CONTENT_LENGTH": MAX_UPLOAD_BYTES,
        "MAX_FORM_MEMORY_SIZE": MAX_FIELD_BYTES,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        #: A form older than a working day is refused (reload the page): a token copied from a
        #: page never works for ever.
        "WTF_CSRF_TIME_LIMIT": 12 * 3600,
        #: Shared by every worker and app server when it names Redis
        #: (`redis://127.0.0.1:6379/0`); in-memory counts hold per worker only.
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_KEY_PREFIX": os.environ.get("RATELIMIT_KEY_PREFIX", "tracker"),
        "RATELIMIT_HEADERS_ENABLED": True,
        #: Off only for load tests, where hundreds of simulated delegates sign in from loopback.
        "RATELIMIT_ENABLED": _env_flag("RATELIMIT_ENABLED", True),
        #: Sign-in attempts allowed per client address: high, because a whole room of
        #: delegations behind one conference network signs in at the start of a meeting.
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "300 per minute"),
        #: Sign-in attempts allowed per account from one address.
        "LOGIN_ACCOUNT_RATE_LIMIT": os.environ.get("LOGIN_ACCOUNT_RATE_LIMIT", "10 per minute"),
        #: Comments, proposals, joins and replies one account may post: a delegation typing
        #: never meets it, a script always does.
        "WRITE_RATE_LIMIT": os.environ.get("WRITE_RATE_LIMIT", "20 per minute;300 per hour"),
        #: How many reverse proxies (load balancer, nginx) stand before the app: their
        #: X-Forwarded-For gives the client's address. 0 trusts no such header.
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0") or 0),
        #: Uploads are read in a separate process with these limits, so that no file can hold
        #: a web worker or its memory; off only in tests, for speed.
        "UPLOAD_PARSE_ISOLATED": _env_flag("UPLOAD_PARSE_ISOLATED", True),
        "UPLOAD_PARSE_SECONDS": float(os.environ.get("UPLOAD_PARSE_SECONDS", "4") or 4),
        "UPLOAD_PARSE_MEMORY_MB": int(os.environ.get("UPLOAD_PARSE_MEMORY_MB", "1024") or 1024),
        #: Werkzeug hash method for new passwords; tests use a cheap one.
        "PASSWORD_HASH_METHOD": "scrypt",
        #: Redis for rendered texts shared by every worker (`redis://host:6379/0`); without
        #: it each worker keeps its own (tracker.render_cache).
        "CACHE_URL": os.environ.get("CACHE_URL", "").strip(),
        "TRACKER_ENV": "production" if production else "development",
        #: A live event stream ends after this many seconds, freeing its worker thread; the
        #: browser reconnects with the last id it saw and misses nothing.
        "LIVE_STREAM_SECONDS": float(os.environ.get("LIVE_STREAM_SECONDS", "120") or 120),
        #: Most live event streams one app process holds open at once; beyond it a page is
        #: asked to come back later (503) and retries, so an open stream never takes the last
        #: thread an ordinary request needs. Keep it below gunicorn's `--threads`.
        "LIVE_STREAMS_PER_PROCESS": int(os.environ.get("LIVE_STREAMS_PER_PROCESS", "80") or 80),
        #: A comment line this often keeps proxies from closing a quiet stream.
        "LIVE_HEARTBEAT_SECONDS": 15.0,
        #: How often a stream reads the events table on SQLite (PostgreSQL is woken by NOTIFY).
        "LIVE_POLL_SECONDS": 0.5,
        **mail_settings(),
    }


def mail_settings() -> dict[str, object]:
    """SMTP delivery: without MAIL_SERVER, messages wait in the outbox (shown to admins)."""
    env = os.environ.get
    return {
        "MAIL_SERVER": env("MAIL_SERVER", "").strip(),
        "MAIL_PORT": int(env("MAIL_PORT", "587") or 587),
        #: STARTTLS after connecting (port 587); MAIL_USE_SSL is TLS from the start (port 465).
        "MAIL_USE_TLS": _env_flag("MAIL_USE_TLS", True),
        "MAIL_USE_SSL": _env_flag("MAIL_USE_SSL", False),
        "MAIL_USERNAME": env("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env("MAIL_PASSWORD", ""),
        "MAIL_DEFAULT_SENDER": env("MAIL_DEFAULT_SENDER", "Resolution Tracker <noreply@localhost>"),
        "MAIL_TIMEOUT": float(env("MAIL_TIMEOUT", "30") or 30),
        #: The address people reach the app at, for links in e-mail (sent outside any request).
        "PUBLIC_URL": env("PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/"),
    }
