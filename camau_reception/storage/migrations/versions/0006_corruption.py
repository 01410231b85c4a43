"""corruption denunciations with encrypted identities

Revision ID: 0006
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0001"
branch_labels = None
depends_on = "0002"  # corruption_cases.reception_id -> receptions.id


def upgrade() -> None:
    op.create_table(
        "corruption_key_holders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("private_salt", sa.LargeBinary(), nullable=False),
        sa.Column("private_nonce", sa.LargeBinary(), nullable=False),
        sa.Column("private_key_enc", sa.LargeBinary(), nullable=False),
        sa.Column("kdf", sa.String(length=64), nullable=False),
        sa.Column("wrapped_data_key", sa.LargeBinary(), nullable=True),
        sa.Column("granted_by", sa.Integer(), nullable=True),
        sa.Column("granted_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["granted_by"], ["users.id"], name=op.f("fk_corruption_key_holders_granted_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_corruption_key_holders_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corruption_key_holders")),
        sa.UniqueConstraint("user_id", name=op.f("uq_corruption_key_holders_user_id")),
    )
    op.create_table(
        "corruption_recovery_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("salt", sa.LargeBinary(), nullable=False),
        sa.Column("nonce", sa.LargeBinary(), nullable=False),
        sa.Column("wrapped_data_key", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_corruption_recovery_keys_created_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corruption_recovery_keys")),
    )
    op.create_table(
        "corruption_vault",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("fingerprint", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_corruption_vault_created_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corruption_vault")),
    )
    op.create_table(
        "corruption_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("reception_id", sa.Integer(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("field", sa.String(length=100), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("identity_blob", sa.LargeBinary(), nullable=True),
        sa.Column("identity_nonce", sa.LargeBinary(), nullable=True),
        sa.Column("content_key_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("followup_hash", sa.String(length=64), nullable=True),
        sa.Column("multi_place", sa.Boolean(), nullable=False),
        sa.Column("within_competence", sa.Boolean(), nullable=True),
        sa.Column("classified_on", sa.Date(), nullable=True),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("accept_decision_no", sa.String(length=64), nullable=False),
        sa.Column("transfer_to", sa.String(length=300), nullable=False),
        sa.Column("transfer_doc_no", sa.String(length=64), nullable=False),
        sa.Column("transferred_on", sa.Date(), nullable=True),
        sa.Column("not_accepted_reason", sa.String(length=300), nullable=False),
        sa.Column("extensions", sa.Integer(), nullable=False),
        sa.Column("resolve_due_on", sa.Date(), nullable=True),
        sa.Column("concluded_on", sa.Date(), nullable=True),
        sa.Column("conclusion_no", sa.String(length=64), nullable=False),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.Column("notified_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("clock_start", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_corruption_cases_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["reception_id"],
            ["receptions.id"],
            name=op.f("fk_corruption_cases_reception_id_receptions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corruption_cases")),
        sa.UniqueConstraint("code", name=op.f("uq_corruption_cases_code")),
        sa.UniqueConstraint("followup_hash", name=op.f("uq_corruption_cases_followup_hash")),
    )
    with op.batch_alter_table("corruption_cases", schema=None) as batch_op:
        batch_op.create_index("ix_corruption_cases_received", ["received_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_corruption_cases_reception_id"), ["reception_id"], unique=False
        )
        batch_op.create_index("ix_corruption_cases_state_due", ["state", "due_on"], unique=False)

    op.create_table(
        "corruption_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("blob", sa.LargeBinary(), nullable=False),
        sa.Column("nonce", sa.LargeBinary(), nullable=False),
        sa.Column("content_key_sealed", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("added_by", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by"], ["users.id"], name=op.f("fk_corruption_attachments_added_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["corruption_cases.id"],
            name=op.f("fk_corruption_attachments_case_id_corruption_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corruption_attachments")),
    )
    with op.batch_alter_table("corruption_attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_corruption_attachments_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "corruption_protection_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("persons", sa.String(length=100), nullable=False),
        sa.Column("kinds", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("decision_due_on", sa.Date(), nullable=True),
        sa.Column("decision_no", sa.String(length=64), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["corruption_cases.id"],
            name=op.f("fk_corruption_protection_requests_case_id_corruption_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_corruption_protection_requests_created_by_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corruption_protection_requests")),
    )
    with op.batch_alter_table("corruption_protection_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_corruption_protection_requests_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "corruption_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("from_state", sa.String(length=16), nullable=False),
        sa.Column("to_state", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("user_name", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("document_no", sa.String(length=64), nullable=False),
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("clock_start", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["corruption_cases.id"],
            name=op.f("fk_corruption_steps_case_id_corruption_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_corruption_steps_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corruption_steps")),
    )
    with op.batch_alter_table("corruption_steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_corruption_steps_case_id"), ["case_id"], unique=False)

    op.create_table(
        "corruption_protection_measures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("agency", sa.String(length=300), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["corruption_protection_requests.id"],
            name=op.f(
                "fk_corruption_protection_measures_request_id_corruption_protection_requests"
            ),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corruption_protection_measures")),
    )
    with op.batch_alter_table("corruption_protection_measures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_corruption_protection_measures_request_id"), ["request_id"], unique=False
        )


def downgrade() -> None:
    for table in (
        "corruption_protection_measures",
        "corruption_steps",
        "corruption_protection_requests",
        "corruption_attachments",
        "corruption_cases",
        "corruption_vault",
        "corruption_recovery_keys",
        "corruption_key_holders",
    ):
        op.drop_table(table)
