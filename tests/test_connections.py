"""The app's PostgreSQL connections: the cursor describes a result's columns as psycopg's own
does, when asked, and each statement is planned once for any values."""

from __future__ import annotations

import pytest
from sqlalchemy import text


@pytest.fixture
def postgresql(app):  # noqa: ANN001
    from tracker.extensions import db

    if db.engine.dialect.name != "postgresql":
        pytest.skip("the app's own cursor is PostgreSQL's (psycopg)")
    return db


QUERIES = [
    "SELECT 1 AS one, 'two'::text AS two, now() AS three",
    "SELECT",  # rows of no columns: described, as an empty list
    "SELECT id, email FROM users WHERE false",
]


@pytest.mark.parametrize("query", QUERIES)
def test_columns_are_described_as_psycopg_describes_them(postgresql, query: str) -> None:
    import psycopg

    from tracker.connections import DescribedOnDemand

    with postgresql.engine.connect() as connection:
        dbapi_connection = connection.connection.dbapi_connection
        own = dbapi_connection.cursor()
        assert isinstance(own, DescribedOnDemand)
        plain = psycopg.Cursor(dbapi_connection)
        own.execute(query)
        plain.execute(query)
        described, expected = own.description, plain.description
        assert described is not None and expected is not None
        assert len(described) == len(expected)
        assert [tuple(column) for column in described] == [tuple(column) for column in expected]
        assert [column.name for column in described[-2:]] == [c.name for c in expected[-2:]]
        own.execute("SET search_path TO public")  # no rows: nothing to describe
        assert own.description is None


def test_rows_keep_their_names(postgresql) -> None:
    row = postgresql.session.execute(text("SELECT 1 AS one, 'x' AS two")).mappings().one()
    assert dict(row) == {"one": 1, "two": "x"}


def test_a_statement_is_planned_once_for_any_values(postgresql) -> None:
    """Run with values far apart, a prepared statement keeps its one plan: PostgreSQL left to
    itself plans it anew for each of its first five runs on every connection."""
    statement = text("SELECT count(*) FROM users WHERE users.id > :above")
    for above in (0, 10, 1000, 10**6, 5, 7, 0):
        postgresql.session.execute(statement, {"above": above})
    plans = postgresql.session.execute(
        text(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE 'SELECT count(*) FROM users WHERE users.id >%'"
        )
    ).one()
    assert plans.custom_plans == 0
    assert plans.generic_plans >= 5


def test_options_in_the_database_url_are_kept() -> None:
    from tracker.config import PLAN_CACHE_MODE, engine_options

    url = "postgresql+psycopg://app@db/tracker?options=-c%20statement_timeout%3D5000"
    options = engine_options(url)["connect_args"]["options"]  # type: ignore[index]
    assert options == f"-c statement_timeout=5000 -c plan_cache_mode={PLAN_CACHE_MODE}"
    plain = engine_options("postgresql+psycopg://app@db/tracker")["connect_args"]["options"]  # type: ignore[index]
    assert plain == f"-c plan_cache_mode={PLAN_CACHE_MODE}"
    twice = "postgresql+psycopg://app@db/tracker?options=-c%20a%3D1&options=-c%20b%3D2"
    both = engine_options(twice)["connect_args"]["options"]  # type: ignore[index]
    assert both == f"-c a=1 -c b=2 -c plan_cache_mode={PLAN_CACHE_MODE}"
    assert "connect_args" not in engine_options("sqlite:///tracker.sqlite")
