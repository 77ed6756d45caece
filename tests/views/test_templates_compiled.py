"""Every template compiles, and a gunicorn worker compiles them all as it starts: a page (or a
publication's mail) is never the first to pay for compiling its templates on a busy server."""

from __future__ import annotations

import gc
import runpy
import sys
from pathlib import Path
from types import SimpleNamespace

from tracker import compile_templates

ROOT = Path(__file__).resolve().parents[2]


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
    settings["post_worker_init"](SimpleNamespace(wsgi=app))
    names = app.jinja_env.list_templates()
    assert "revisions/show.html" in names and "mail/circulation.txt" in names
    assert sorted(compiled) == sorted(names)
    assert compile_templates(app) == len(names)
