"""petitions

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = "0002"


def upgrade() -> None:
    op.create_table(
        "deadline_rule_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_deadline_rule_versions_created_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadline_rule_versions")),
    )
    with op.batch_alter_table("deadline_rule_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_deadline_rule_versions_rule_id"), ["rule_id"], unique=False
        )

    op.create_table(
        "petitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("complaint_round", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("petitioner_name", sa.String(length=200), nullable=False),
        sa.Column("petitioner_address", sa.String(length=300), nullable=False),
        sa.Column("name_folded", sa.String(length=200), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=True),
        sa.Column("reception_id", sa.Integer(), nullable=True),
        sa.Column("signer_count", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("sender_body", sa.String(length=300), nullable=False),
        sa.Column("sender_letter_no", sa.String(length=64), nullable=False),
        sa.Column("sender_letter_date", sa.Date(), nullable=True),
        sa.Column("eligible", sa.Boolean(), nullable=True),
        sa.Column("within_competence", sa.Boolean(), nullable=True),
        sa.Column("complex_case", sa.Boolean(), nullable=False),
        sa.Column("remote_area", sa.Boolean(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("accept_decision_no", sa.String(length=64), nullable=False),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("target_body", sa.String(length=300), nullable=False),
        sa.Column("out_letter_no", sa.String(length=64), nullable=False),
        sa.Column("archive_reason", sa.String(length=300), nullable=False),
        sa.Column("duplicate_of_id", sa.Integer(), nullable=True),
        sa.Column("split_from_id", sa.Integer(), nullable=True),
        sa.Column("extensions", sa.Integer(), nullable=False),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.Column("decision_no", sa.String(length=64), nullable=False),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.Column("resolve_due_on", sa.Date(), nullable=True),
        sa.Column("notified_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("clock_start", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizens.id"], name=op.f("fk_petitions_citizen_id_citizens")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_petitions_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["duplicate_of_id"],
            ["petitions.id"],
            name=op.f("fk_petitions_duplicate_of_id_petitions"),
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["users.id"], name=op.f("fk_petitions_officer_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["reception_id"], ["receptions.id"], name=op.f("fk_petitions_reception_id_receptions")
        ),
        sa.ForeignKeyConstraint(
            ["split_from_id"], ["petitions.id"], name=op.f("fk_petitions_split_from_id_petitions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petitions")),
        sa.UniqueConstraint("code", name=op.f("uq_petitions_code")),
    )
    with op.batch_alter_table("petitions", schema=None) as batch_op:
        batch_op.create_index("ix_petitions_citizen", ["citizen_id", "received_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_petitions_name_folded"), ["name_folded"], unique=False)
        batch_op.create_index("ix_petitions_received", ["received_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_petitions_reception_id"), ["reception_id"], unique=False
        )
        batch_op.create_index("ix_petitions_state_due", ["state", "due_on"], unique=False)

    op.create_table(
        "petition_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("petition_id", sa.Integer(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("from_state", sa.String(length=16), nullable=False),
        sa.Column("to_state", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("user_name", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("document_no", sa.String(length=64), nullable=False),
        sa.Column("approver_id", sa.Integer(), nullable=True),
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("clock_start", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["approver_id"], ["users.id"], name=op.f("fk_petition_steps_approver_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["petition_id"],
            ["petitions.id"],
            name=op.f("fk_petition_steps_petition_id_petitions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_petition_steps_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petition_steps")),
    )
    with op.batch_alter_table("petition_steps", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_petition_steps_petition_id"), ["petition_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("petition_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_petition_steps_petition_id"))

    op.drop_table("petition_steps")
    with op.batch_alter_table("petitions", schema=None) as batch_op:
        batch_op.drop_index("ix_petitions_state_due")
        batch_op.drop_index(batch_op.f("ix_petitions_reception_id"))
        batch_op.drop_index("ix_petitions_received")
        batch_op.drop_index(batch_op.f("ix_petitions_name_folded"))
        batch_op.drop_index("ix_petitions_citizen")

    op.drop_table("petitions")
    with op.batch_alter_table("deadline_rule_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deadline_rule_versions_rule_id"))

    op.drop_table("deadline_rule_versions")
