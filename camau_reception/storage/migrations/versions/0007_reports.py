"""reports: indexes for the periodic report over a million visits and 200,000 petitions

The report counts a period's visits by kind, group size, outcome and refusal reason in one pass;
an index on ``received_at`` carrying those columns answers it (and the monthly trend) without
touching the wide rows. Petitions open at the end of a period are judged from their timelines
only for those open now or with a step dated after that day, which ``(on, petition_id)`` finds.

Revision ID: 0007
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0001"
branch_labels = None
depends_on = ("0002", "0003")  # receptions, petition_steps


def upgrade() -> None:
    op.create_index(
        "ix_receptions_report",
        "receptions",
        ["received_at", "cancelled", "kind", "group_size", "outcome", "refusal_reason"],
        unique=False,
    )
    op.create_index("ix_petition_steps_on", "petition_steps", ["on", "petition_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_petition_steps_on", table_name="petition_steps")
    op.drop_index("ix_receptions_report", table_name="receptions")
