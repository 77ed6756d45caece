"""meetings: the live working text of a consultation round

Revision ID: meeting01_live_working_text
Revises: live01_events
Create Date: 2026-12-03 05:31:02

A meeting of a consultation round holds a working text started from the latest published
revision: its paragraphs (each with a stable key, the base paragraph it continues, a status and
a version for conflicts) and the record of every change made in the room.
"""

from alembic import op
import sqlalchemy as sa


revision = "meeting01_live_working_text"
down_revision = "live01_events"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("negotiation_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("base_revision_id", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum("open", "ended", name="meetingstate", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("open_negotiation_id", sa.Integer(), nullable=True),
        sa.Column("focus_key", sa.String(length=20), nullable=True),
        sa.Column("structure_version", sa.Integer(), nullable=False),
        sa.Column("keys_issued", sa.Integer(), nullable=False),
        sa.Column("started_by_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_by_id", sa.Integer(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("preview_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["base_revision_id"],
            ["revisions.id"],
            name=op.f("fk_meetings_base_revision_id_revisions"),
        ),
        sa.ForeignKeyConstraint(
            ["ended_by_id"], ["users.id"], name=op.f("fk_meetings_ended_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["negotiation_id"],
            ["negotiations.id"],
            name=op.f("fk_meetings_negotiation_id_negotiations"),
        ),
        sa.ForeignKeyConstraint(
            ["open_negotiation_id"],
            ["negotiations.id"],
            name=op.f("fk_meetings_open_negotiation_id_negotiations"),
        ),
        sa.ForeignKeyConstraint(
            ["preview_id"], ["revisions.id"], name=op.f("fk_meetings_preview_id_revisions")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["consultation_rounds.id"],
            name=op.f("fk_meetings_round_id_consultation_rounds"),
        ),
        sa.ForeignKeyConstraint(
            ["started_by_id"], ["users.id"], name=op.f("fk_meetings_started_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
        sa.UniqueConstraint("open_negotiation_id", name=op.f("uq_meetings_open_negotiation_id")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meetings_negotiation_id"), ["negotiation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_meetings_round_id"), ["round_id"], unique=False)

    op.create_table(
        "meeting_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=20), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=False),
        sa.Column("holder", sa.String(length=200), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("for_facilitators", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"], ["comments.id"], name=op.f("fk_meeting_changes_comment_id_comments")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_changes_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_meeting_changes_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_changes")),
    )
    with op.batch_alter_table("meeting_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_changes_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "meeting_paragraphs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=20), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "preambular", "operative", "annex", "sub", name="kind", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("label", sa.String(length=50), nullable=False),
        sa.Column("number", sa.String(length=30), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("styling", sa.JSON(), nullable=False),
        sa.Column("origin_id", sa.Integer(), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("moved", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "agreed_ad_ref",
                "bracketed",
                name="paragraphstate",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_paragraphs_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["origin_id"],
            ["paragraphs.id"],
            name=op.f("fk_meeting_paragraphs_origin_id_paragraphs"),
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["meeting_paragraphs.id"],
            name=op.f("fk_meeting_paragraphs_parent_id_meeting_paragraphs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_paragraphs")),
        sa.UniqueConstraint("meeting_id", "key", name=op.f("uq_meeting_paragraphs_meeting_id")),
    )
    with op.batch_alter_table("meeting_paragraphs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_paragraphs_meeting_id"), ["meeting_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("meeting_paragraphs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_paragraphs_meeting_id"))

    op.drop_table("meeting_paragraphs")
    with op.batch_alter_table("meeting_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_changes_meeting_id"))

    op.drop_table("meeting_changes")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meetings_round_id"))
        batch_op.drop_index(batch_op.f("ix_meetings_negotiation_id"))

    op.drop_table("meetings")
