"""Alembic environment: always given a live connection by ``storage.migrate``."""

from __future__ import annotations

from alembic import context

from camau_reception.models import load_all

target_metadata = load_all().metadata
connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
