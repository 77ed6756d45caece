"""/healthz, what load balancers and the production scripts ask: is the database reachable?"""

from __future__ import annotations

import json


def test_healthz_answers_ok_with_the_database_reachable(app):
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.data) == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_cannot_be_reached(tmp_path, monkeypatch):
    from tracker import create_app

    monkeypatch.setenv("TRACKER_INSTANCE_PATH", str(tmp_path))
    nowhere = "postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=2"
    app = create_app({"SQLALCHEMY_DATABASE_URI": nowhere, "TESTING": True})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.data) == {"status": "error", "database": "unreachable"}
