"""Every template compiles, and a gunicorn worker compiles them all as it starts: a page (or a
publication's mail) is never the first to pay for compiling its templates on a busy server."""

from __future__ import annotations

import gc
import os
import runpy
import sys
from pathlib import Path
from types import SimpleNamespace

from tracker import compile_templates, fit_streams_to_threads

ROOT = Path(__file__).resolve().parents[2]


def _worker(app, cfg: SimpleNamespace) -> SimpleNamespace:  # noqa: ANN001 (the app fixture)
    """What gunicorn.conf.py's post_worker_init reads of a gunicorn worker."""
    return SimpleNamespace(wsgi=app, cfg=cfg, pid=os.getpid(), log=SimpleNamespace(info=print))


def test_every_template_compiles_when_a_worker_starts(app, monkeypatch):
    compiled: list[str] = []
    load = app.jinja_env.loader.load

    def note(environment, name, globals=None):  # noqa: A002, ANN001, ANN202 (jinja's signature)
        compiled.append(name)
        return load(environment, name, globals)

    monkeypatch.setattr(app.jinja_env.loader, "load", note)
    # The rest of a worker's start is not for the test process.
    monkeypatch.setattr(gc, "freeze", lambda: None)
    monkeypatch.setattr(sys, "setswitchinterval", lambda interval: None)
    app.jinja_env.cache.clear()
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    settings["post_worker_init"](
        _worker(app, SimpleNamespace(threads=100, worker_class_str="gthread"))
    )
    names = app.jinja_env.list_templates()
    assert "revisions/show.html" in names and "mail/circulation.txt" in names
    assert sorted(compiled) == sorted(names)
    assert compile_templates(app) == len(names)


def test_a_worker_keeps_threads_for_ordinary_requests_whatever_its_stream_limit(app, monkeypatch):
    """Each open live stream holds a worker thread: a worker started with fewer threads than the
    configured stream limit lowers it, so that pages and /healthz always find a thread."""
    monkeypatch.setattr(gc, "freeze", lambda: None)
    monkeypatch.setattr(sys, "setswitchinterval", lambda interval: None)
    monkeypatch.setitem(app.config, "LIVE_STREAMS_PER_PROCESS", 80)
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    start = settings["post_worker_init"]
    start(_worker(app, SimpleNamespace(threads=30, worker_class_str="gthread")))
    assert app.config["LIVE_STREAMS_PER_PROCESS"] == 15  # 15 threads kept for requests
    # A gevent worker holds streams without threads: its limit stays as configured.
    monkeypatch.setitem(app.config, "LIVE_STREAMS_PER_PROCESS", 500)
    start(_worker(app, SimpleNamespace(threads=1, worker_class_str="gevent")))
    assert app.config["LIVE_STREAMS_PER_PROCESS"] == 500
    for threads, streams in ((100, 80), (120, 80), (8, 4), (1, 0)):
        monkeypatch.setitem(app.config, "LIVE_STREAMS_PER_PROCESS", 80)
        assert fit_streams_to_threads(app, threads) == streams
        assert app.config["LIVE_STREAMS_PER_PROCESS"] == streams
