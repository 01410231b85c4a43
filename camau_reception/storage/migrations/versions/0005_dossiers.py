"""dossiers

Revision ID: 0005
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "procedures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("field", sa.String(length=100), nullable=False),
        sa.Column("processing_days", sa.Integer(), nullable=False),
        sa.Column("has_fee", sa.Boolean(), nullable=False),
        sa.Column("online", sa.String(length=16), nullable=False),
        sa.Column("shared_with_province", sa.Boolean(), nullable=False),
        sa.Column("in_force", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedures")),
        sa.UniqueConstraint("code", name=op.f("uq_procedures_code")),
    )
    op.create_table(
        "dossiers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("applicant_name", sa.String(length=200), nullable=False),
        sa.Column("applicant_id_number", sa.String(length=32), nullable=False),
        sa.Column("applicant_address", sa.String(length=300), nullable=False),
        sa.Column("applicant_phone", sa.String(length=32), nullable=False),
        sa.Column("applicant_email", sa.String(length=200), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("promised_at", sa.DateTime(), nullable=False),
        sa.Column("due_explanation", sa.Text(), nullable=False),
        sa.Column("returned_at", sa.DateTime(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("digitised", sa.Boolean(), nullable=False),
        sa.Column("result_digitised", sa.Boolean(), nullable=False),
        sa.Column("fee_paid_online", sa.Boolean(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("import_source", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["users.id"], name=op.f("fk_dossiers_officer_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["procedure_id"], ["procedures.id"], name=op.f("fk_dossiers_procedure_id_procedures")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossiers")),
        sa.UniqueConstraint("code", name=op.f("uq_dossiers_code")),
    )
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dossiers_procedure_id"), ["procedure_id"], unique=False
        )
        batch_op.create_index("ix_dossiers_received", ["received_at"], unique=False)
        batch_op.create_index("ix_dossiers_state_due", ["state", "due_at"], unique=False)

    op.create_table(
        "apology_letters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("old_due_at", sa.DateTime(), nullable=False),
        sa.Column("new_due_on", sa.Date(), nullable=False),
        sa.Column("signer_title", sa.String(length=100), nullable=False),
        sa.Column("signer_name", sa.String(length=200), nullable=False),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["approved_by"], ["users.id"], name=op.f("fk_apology_letters_approved_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_apology_letters_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["dossiers.id"],
            name=op.f("fk_apology_letters_dossier_id_dossiers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_apology_letters")),
    )
    with op.batch_alter_table("apology_letters", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_apology_letters_dossier_id"), ["dossier_id"], unique=False
        )

    op.create_table(
        "satisfaction_surveys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=True),
        sa.Column("reception_id", sa.Integer(), nullable=True),
        sa.Column("overall", sa.Integer(), nullable=False),
        sa.Column("attitude", sa.Integer(), nullable=True),
        sa.Column("timeliness", sa.Integer(), nullable=True),
        sa.Column("guidance", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_satisfaction_surveys_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["dossiers.id"],
            name=op.f("fk_satisfaction_surveys_dossier_id_dossiers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_satisfaction_surveys")),
    )
    with op.batch_alter_table("satisfaction_surveys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_satisfaction_surveys_on"), ["on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("satisfaction_surveys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_satisfaction_surveys_on"))

    op.drop_table("satisfaction_surveys")
    with op.batch_alter_table("apology_letters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_apology_letters_dossier_id"))

    op.drop_table("apology_letters")
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.drop_index("ix_dossiers_state_due")
        batch_op.drop_index("ix_dossiers_received")
        batch_op.drop_index(batch_op.f("ix_dossiers_procedure_id"))

    op.drop_table("dossiers")
    op.drop_table("procedures")
