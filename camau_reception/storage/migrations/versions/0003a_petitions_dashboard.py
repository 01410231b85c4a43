"""petitions: indexes for the dashboard at 100,000 open petitions

The dashboard counts and groups open petitions by state, due date, officer and kind; a covering
index answers that from the index alone (the rows are wide: summaries). Lists ordered by due
date read ``due_on`` alone, and the month's resolved count reads ``resolved_on``.

Revision ID: 0003a
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0003a"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_petitions_state_due", table_name="petitions")
    op.create_index(
        "ix_petitions_state_due_cover",
        "petitions",
        ["state", "due_on", "officer_id", "kind"],
        unique=False,
    )
    op.create_index("ix_petitions_due_on", "petitions", ["due_on"], unique=False)
    op.create_index(
        "ix_petitions_resolved", "petitions", ["resolved_on", "resolve_due_on"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_petitions_resolved", table_name="petitions")
    op.drop_index("ix_petitions_due_on", table_name="petitions")
    op.drop_index("ix_petitions_state_due_cover", table_name="petitions")
    op.create_index("ix_petitions_state_due", "petitions", ["state", "due_on"], unique=False)
