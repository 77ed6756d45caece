"""Addresses built once per process (tracker.links): each one kept is the one Flask builds."""

from __future__ import annotations

import pytest
from flask import Flask, url_for

from tracker.links import TrackerFlask


@pytest.fixture
def site() -> TrackerFlask:
    app = TrackerFlask(__name__)
    from flask import Blueprint

    for name in ("negotiations", "library"):
        blueprint = Blueprint(name, __name__, url_prefix=f"/{name}")
        blueprint.add_url_rule("/<int:item_id>", "show", lambda item_id: "")
        blueprint.add_url_rule("/<int:item_id>/<path:part>", "part", lambda item_id, part: "")
        app.register_blueprint(blueprint)
    app.add_url_rule("/", "home", lambda: "")
    return app


def flask_builds(app: TrackerFlask, path: str, call) -> str:
    """What plain Flask builds for the same call, in the same kind of request."""
    plain = Flask(__name__)
    plain.url_map = app.url_map
    plain.blueprints = app.blueprints
    with plain.test_request_context(path, base_url=_base(app)):
        return call()


def _base(app: TrackerFlask) -> str:
    return app.config.get("_base", "http://localhost/")


CALLS = [
    lambda: url_for("negotiations.show", item_id=7),
    lambda: url_for("negotiations.show", item_id=8),
    lambda: url_for("negotiations.show", item_id=7, _anchor="comment-3"),
    lambda: url_for("negotiations.show", item_id=7, mode="side"),
    lambda: url_for("negotiations.show", item_id=7, mode="inline"),
    lambda: url_for("negotiations.part", item_id=7, part="a b/c"),
    lambda: url_for(".show", item_id=7),
    lambda: url_for("negotiations.show", item_id=7, flag=True),
    lambda: url_for("negotiations.show", item_id=7, flag=1),
    lambda: url_for("negotiations.show", item_id=7, _external=True),
    lambda: url_for("home"),
]


@pytest.mark.parametrize("path", ["/negotiations/1", "/library/1"])
@pytest.mark.parametrize("script_root", ["", "/tracker"])
def test_every_address_is_the_one_flask_builds_asked_twice_in_any_order(
    site: TrackerFlask, path: str, script_root: str
) -> None:
    site.config["_base"] = f"http://localhost{script_root}/"
    for call in [*CALLS, *reversed(CALLS)]:
        with site.test_request_context(path, base_url=_base(site)):
            built = call()
        assert built == flask_builds(site, path, call)


def test_relative_endpoints_keep_to_their_blueprint(site: TrackerFlask) -> None:
    with site.test_request_context("/negotiations/1"):
        assert url_for(".show", item_id=2) == "/negotiations/2"
    with site.test_request_context("/library/1"):
        assert url_for(".show", item_id=2) == "/library/2"


def test_a_true_flag_is_not_mistaken_for_the_number_one(site: TrackerFlask) -> None:
    with site.test_request_context("/"):
        one = url_for("negotiations.show", item_id=7, flag=1)
        true = url_for("negotiations.show", item_id=7, flag=True)
    assert one == "/negotiations/7?flag=1" and true == "/negotiations/7?flag=True"


def test_a_url_defaults_function_is_honoured_by_building_every_address(
    site: TrackerFlask,
) -> None:
    with site.test_request_context("/"):
        assert url_for("home") == "/"
    site.url_default_functions.setdefault(None, []).append(
        lambda endpoint, values: values.setdefault("lang", "fr")
    )
    with site.test_request_context("/"):
        assert url_for("home") == "/?lang=fr"


def test_outside_a_request_addresses_are_built_as_flask_builds_them(site: TrackerFlask) -> None:
    site.config["SERVER_NAME"] = "tracker.example"
    with site.app_context():
        assert url_for("home") == "http://tracker.example/"


def test_the_store_is_bounded(site: TrackerFlask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tracker.links.ADDRESSES_KEPT", 10)
    with site.test_request_context("/"):
        for item in range(25):
            assert url_for("negotiations.show", item_id=item) == f"/negotiations/{item}"
    assert len(site._addresses) <= 10
