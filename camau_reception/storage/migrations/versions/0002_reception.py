"""reception: citizens, visits (the register), representatives, documents, search index

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# Frozen copy of the full-text index as it was at this revision (models/reception.py).
FTS_DDL = (
    "CREATE VIRTUAL TABLE reception_fts USING fts5("
    "body, tokenize = 'unicode61 remove_diacritics 2', detail = none)"
)

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "citizens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("name_folded", sa.String(length=200), nullable=False),
        sa.Column("id_kind", sa.String(length=16), nullable=False),
        sa.Column("id_number", sa.String(length=32), nullable=False),
        sa.Column("id_issued_on", sa.Date(), nullable=True),
        sa.Column("id_issued_by", sa.String(length=200), nullable=False),
        sa.Column("sex", sa.String(length=8), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("province", sa.String(length=100), nullable=False),
        sa.Column("commune", sa.String(length=100), nullable=False),
        sa.Column("address_detail", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citizens")),
    )
    with op.batch_alter_table("citizens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_citizens_name_folded"), ["name_folded"], unique=False)
        batch_op.create_index(batch_op.f("ix_citizens_phone"), ["phone"], unique=False)
        batch_op.create_index(
            "uq_citizens_id_number",
            ["id_number"],
            unique=True,
            sqlite_where=sa.text("id_number != ''"),
        )

    op.create_table(
        "receptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sort_key", sa.BigInteger(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("presiding_leader_id", sa.Integer(), nullable=True),
        sa.Column("presiding_leader_name", sa.String(length=200), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("citizen_id", sa.Integer(), nullable=True),
        sa.Column("group_size", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("complaint", sa.Boolean(), nullable=False),
        sa.Column("denunciation", sa.Boolean(), nullable=False),
        sa.Column("recommendation", sa.Boolean(), nullable=False),
        sa.Column("reflection", sa.Boolean(), nullable=False),
        sa.Column("corruption", sa.Boolean(), nullable=False),
        sa.Column("handled_by", sa.String(length=500), nullable=False),
        sa.Column("within_competence", sa.Boolean(), nullable=False),
        sa.Column("outcome", sa.String(length=24), nullable=False),
        sa.Column("guided_to", sa.String(length=300), nullable=False),
        sa.Column("guide_doc_number", sa.String(length=64), nullable=False),
        sa.Column("transferred_to", sa.String(length=300), nullable=False),
        sa.Column("transfer_doc_number", sa.String(length=64), nullable=False),
        sa.Column("appointment_at", sa.DateTime(), nullable=True),
        sa.Column("appointment_place", sa.String(length=300), nullable=False),
        sa.Column("appointment_purpose", sa.String(length=300), nullable=False),
        sa.Column("refusal_reason", sa.String(length=32), nullable=False),
        sa.Column("refusal_detail", sa.Text(), nullable=False),
        sa.Column("followup", sa.Text(), nullable=False),
        sa.Column("same_matter_as_id", sa.Integer(), nullable=True),
        sa.Column("repeat_count", sa.Integer(), nullable=False),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("cancel_reason", sa.String(length=500), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(), nullable=True),
        sa.Column("cancelled_by", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cancelled_by"], ["users.id"], name=op.f("fk_receptions_cancelled_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizens.id"], name=op.f("fk_receptions_citizen_id_citizens")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_receptions_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["users.id"], name=op.f("fk_receptions_officer_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["presiding_leader_id"],
            ["users.id"],
            name=op.f("fk_receptions_presiding_leader_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["same_matter_as_id"],
            ["receptions.id"],
            name=op.f("fk_receptions_same_matter_as_id_receptions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receptions")),
    )
    with op.batch_alter_table("receptions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_receptions_citizen_sort", ["citizen_id", "sort_key"], unique=False
        )
        batch_op.create_index("ix_receptions_kind_sort", ["kind", "sort_key"], unique=False)
        batch_op.create_index(
            "ix_receptions_officer_sort", ["officer_id", "sort_key"], unique=False
        )
        batch_op.create_index("ix_receptions_outcome_sort", ["outcome", "sort_key"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_receptions_presiding_leader_id"), ["presiding_leader_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_receptions_sort_key"), ["sort_key"], unique=False)

    op.create_table(
        "reception_search_terms",
        sa.Column("term", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("term", name=op.f("pk_reception_search_terms")),
        sqlite_with_rowid=False,
    )
    op.execute(FTS_DDL)

    op.create_table(
        "reception_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reception_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("condition", sa.String(length=200), nullable=False),
        sa.Column("copy_kind", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["reception_id"],
            ["receptions.id"],
            name=op.f("fk_reception_documents_reception_id_receptions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reception_documents")),
    )
    with op.batch_alter_table("reception_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reception_documents_reception_id"), ["reception_id"], unique=False
        )

    op.create_table(
        "reception_representatives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reception_id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["citizen_id"],
            ["citizens.id"],
            name=op.f("fk_reception_representatives_citizen_id_citizens"),
        ),
        sa.ForeignKeyConstraint(
            ["reception_id"],
            ["receptions.id"],
            name=op.f("fk_reception_representatives_reception_id_receptions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reception_representatives")),
    )
    with op.batch_alter_table("reception_representatives", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reception_representatives_citizen_id"), ["citizen_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_reception_representatives_reception_id"), ["reception_id"], unique=False
        )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS reception_fts")
    op.drop_table("reception_search_terms")
    with op.batch_alter_table("reception_representatives", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reception_representatives_reception_id"))
        batch_op.drop_index(batch_op.f("ix_reception_representatives_citizen_id"))

    op.drop_table("reception_representatives")
    with op.batch_alter_table("reception_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reception_documents_reception_id"))

    op.drop_table("reception_documents")
    with op.batch_alter_table("receptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_receptions_sort_key"))
        batch_op.drop_index(batch_op.f("ix_receptions_presiding_leader_id"))
        batch_op.drop_index("ix_receptions_outcome_sort")
        batch_op.drop_index("ix_receptions_officer_sort")
        batch_op.drop_index("ix_receptions_kind_sort")
        batch_op.drop_index("ix_receptions_citizen_sort")

    op.drop_table("receptions")
    with op.batch_alter_table("citizens", schema=None) as batch_op:
        batch_op.drop_index("uq_citizens_id_number", sqlite_where=sa.text("id_number != ''"))
        batch_op.drop_index(batch_op.f("ix_citizens_phone"))
        batch_op.drop_index(batch_op.f("ix_citizens_name_folded"))

    op.drop_table("citizens")
