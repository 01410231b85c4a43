"""Alembic migrations, run programmatically (see ``storage.db.open_database``)."""
