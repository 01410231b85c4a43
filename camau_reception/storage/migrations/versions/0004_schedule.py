"""schedule: directory, recurrence rules, leaders' sessions, desk roster, published versions

Revision ID: 0004
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("position", sa.String(length=200), nullable=False),
        sa.Column("is_leader", sa.Boolean(), nullable=False),
        sa.Column("is_head", sa.Boolean(), nullable=False),
        sa.Column("phone", sa.String(length=50), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("publish_contacts", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_staff_members_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_members")),
    )
    op.create_table(
        "recurrence_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("nth", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("weekdays", sa.String(length=20), nullable=False),
        sa.Column("shift", sa.String(length=10), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("presiding_id", sa.Integer(), nullable=True),
        sa.Column("half", sa.String(length=10), nullable=False),
        sa.Column("staff_ids", sa.String(length=200), nullable=False),
        sa.Column("start_time", sa.String(length=5), nullable=False),
        sa.Column("end_time", sa.String(length=5), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("topics", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_recurrence_rules_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["presiding_id"],
            ["staff_members.id"],
            name=op.f("fk_recurrence_rules_presiding_id_staff_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recurrence_rules")),
    )
    op.create_table(
        "duty_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("start_time", sa.String(length=5), nullable=False),
        sa.Column("end_time", sa.String(length=5), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("presiding_id", sa.Integer(), nullable=False),
        sa.Column("deputy_id", sa.Integer(), nullable=True),
        sa.Column("topics", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("planned_day", sa.Date(), nullable=True),
        sa.Column("original_day", sa.Date(), nullable=True),
        sa.Column("move_note", sa.Text(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=True),
        sa.Column("rule_text", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["deputy_id"],
            ["staff_members.id"],
            name=op.f("fk_duty_sessions_deputy_id_staff_members"),
        ),
        sa.ForeignKeyConstraint(
            ["presiding_id"],
            ["staff_members.id"],
            name=op.f("fk_duty_sessions_presiding_id_staff_members"),
        ),
        sa.ForeignKeyConstraint(
            ["rule_id"],
            ["recurrence_rules.id"],
            name=op.f("fk_duty_sessions_rule_id_recurrence_rules"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_sessions")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("duty_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_duty_sessions_day"), ["day"], unique=False)

    op.create_table(
        "desk_shifts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("half", sa.String(length=10), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["rule_id"],
            ["recurrence_rules.id"],
            name=op.f("fk_desk_shifts_rule_id_recurrence_rules"),
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff_members.id"], name=op.f("fk_desk_shifts_staff_id_staff_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk_shifts")),
        sa.UniqueConstraint("day", "half", "staff_id", name=op.f("uq_desk_shifts_day")),
    )
    with op.batch_alter_table("desk_shifts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_desk_shifts_day"), ["day"], unique=False)

    op.create_table(
        "published_schedules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("published_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["published_by"], ["users.id"], name=op.f("fk_published_schedules_published_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_published_schedules")),
        sa.UniqueConstraint("period", "version", name=op.f("uq_published_schedules_period")),
    )


def downgrade() -> None:
    op.drop_table("published_schedules")
    with op.batch_alter_table("desk_shifts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_desk_shifts_day"))
    op.drop_table("desk_shifts")
    with op.batch_alter_table("duty_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_duty_sessions_day"))
    op.drop_table("duty_sessions")
    op.drop_table("recurrence_rules")
    op.drop_table("staff_members")
