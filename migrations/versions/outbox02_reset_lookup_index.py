"""the outbox indexed by person, kind and time

Revision ID: outbox02_reset_lookup_index
Revises: events02_newest_event_index
Create Date: 2026-12-05 14:05:00

A password reset is mailed to an account at most every few minutes, so each request for one
asks whether such a message was written to that person lately. The outbox holds every message
of a negotiation's weeks (a copy of each circulation letter for every delegate, each
notification), and without an index each request read all of it: requests from many places
(each of which the sign-in limit counts apart) would have made the database read the whole
outbox for every one.
"""

from alembic import op

revision = "outbox02_reset_lookup_index"
down_revision = "events02_newest_event_index"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox") as batch_op:
        batch_op.create_index("ix_outbox_user_id_kind_created_at", ["user_id", "kind", "created_at"])


def downgrade():
    with op.batch_alter_table("outbox") as batch_op:
        batch_op.drop_index("ix_outbox_user_id_kind_created_at")
