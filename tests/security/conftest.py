"""Apps differing in one setting (CSRF, rate limits, production cookies) on the test database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask

from tracker.extensions import db, limiter


@pytest.fixture
def variant_app(app: Flask) -> Iterator[Callable[..., Flask]]:
    """A factory for apps sharing the test database but differing in some settings."""
    from tracker import create_app

    made: list[Flask] = []

    def make(**overrides: Any) -> Flask:
        settings = {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "SECRET_KEY": "test",
            # Uploads are read in this process: a child per upload would slow the suite; one
            # test reads them in a child with a budget, as production does.
            "UPLOAD_PARSE_ISOLATED": False,
        }
        settings.update(overrides)
        variant = create_app(settings)
        variant.test_client_class = app.test_client_class
        made.append(variant)
        return variant

    yield make
    for variant in made:
        with variant.app_context():
            db.session.remove()
            db.engine.dispose()
    # The limiter is one object for the whole process: give it back the test app's settings
    # (limits off) so later tests are not throttled by counts made here.
    limiter.init_app(app)
