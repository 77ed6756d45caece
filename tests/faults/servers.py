"""Helpers for tests that run gunicorn for real on loopback ports."""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(predicate: Callable[[], T], seconds: float, what: str) -> T:
    """The predicate's first true value, or an AssertionError naming what never came."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def healthy(port: int) -> bool:
    """Whether the app on that port answers /healthz."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def form_token(opener: urllib.request.OpenerDirector, url: str) -> str:
    """The CSRF token of the opener's session, from a page with a form."""
    page = opener.open(url, timeout=30).read().decode()
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert found, f"a form on {url}"
    return found.group(1)


def sign_in(base: str, email: str, password: str) -> tuple[urllib.request.OpenerDirector, str]:
    """Sign in through the form: an opener keeping the session, and the session as a Cookie
    header value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = {
        "csrf_token": form_token(opener, f"{base}/login"),
        "email": email,
        "password": password,
    }
    opener.open(f"{base}/login", urllib.parse.urlencode(form).encode(), timeout=30).read()
    return opener, "; ".join(f"{c.name}={c.value}" for c in jar)


def workers_of(pid: int) -> set[int]:
    """The process ids of a gunicorn master's workers (its children)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return {int(n) for n in path.read_text().split()} if path.exists() else set()


def stop(server: subprocess.Popen) -> None:
    """Ask gunicorn to stop; if it has not within 20 s, kill it and the workers it would leave
    behind (a worker whose request never returns outlives a killed master)."""
    workers = workers_of(server.pid)
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def sqlite_app(tmp_path: Path, **settings: str) -> dict[str, str]:
    """The environment of an app on a new SQLite file in tmp_path, its schema made (`settings`
    adds to or overrides the environment)."""
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{tmp_path / 'tracker.sqlite'}",
        SECRET_KEY="fault-test",
        TRACKER_INSTANCE_PATH=str(tmp_path),
        RATELIMIT_ENABLED="false",
        **settings,
    )
    subprocess.run(
        [str(Path(sys.executable).parent / "flask"), "--app", "app", "init-db"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return env
