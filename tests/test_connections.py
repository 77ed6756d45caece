"""The app's PostgreSQL cursor describes a result's columns as psycopg's own does, when asked."""

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
