"""dossiers: states from the one-stop system (chờ bổ sung, tạm dừng, từ chối) and the stopped clock

``state`` is a plain string column (no CHECK constraint), so the new states need no change to
it. Two columns are added: ``state_since`` (when a waiting, suspended, refused or withdrawn
state began) and ``paused_days`` (working days the clock stood still in waits that ended).

Revision ID: 0008
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0001"
branch_labels = None
depends_on = "0005"  # the dossiers table


def upgrade() -> None:
    # Plain ALTER TABLE (no batch copy of the table: apology letters and surveys point at it,
    # and a copy would have to drop it under their foreign keys).
    op.add_column("dossiers", sa.Column("state_since", sa.DateTime(), nullable=True))
    op.add_column(
        "dossiers",
        sa.Column("paused_days", sa.Integer(), nullable=False, server_default=sa.text("0")),
    )


def downgrade() -> None:
    op.drop_column("dossiers", "paused_days")
    op.drop_column("dossiers", "state_since")
