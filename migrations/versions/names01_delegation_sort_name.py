"""delegation sort name: lists of delegations in the order the United Nations lists them

Revision ID: names01_delegation_sort_name
Revises: silence01_lifted_objections
Create Date: 2026-12-07 05:30:00

Ordering by the name itself put `Côte d'Ivoire` after `Czechia` and `Türkiye` after
`Tuvalu` on SQLite (and on PostgreSQL under the C collation). The key is the name with accents
and case set aside (`tracker.models.people.alphabetical_key`); it is written here as it stood
when the migration was made, so that the migration does not change with the code.
"""

import unicodedata

from alembic import op
import sqlalchemy as sa


revision = "names01_delegation_sort_name"
down_revision = "silence01_lifted_objections"
branch_labels = None
depends_on = None


def _key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def upgrade():
    with op.batch_alter_table("delegations") as batch:
        batch.add_column(sa.Column("sort_name", sa.String(200), nullable=False, server_default=""))
    bind = op.get_bind()
    delegations = sa.table(
        "delegations",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("sort_name", sa.String),
    )
    rows = bind.execute(sa.select(delegations.c.id, delegations.c.name)).all()
    for row_id, name in rows:
        bind.execute(
            delegations.update()
            .where(delegations.c.id == row_id)
            .values(sort_name=_key(name)[:200])
        )


def downgrade():
    with op.batch_alter_table("delegations") as batch:
        batch.drop_column("sort_name")
