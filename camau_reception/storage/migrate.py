"""Programmatic Alembic: upgrade to every head, stamp a new database."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Connection

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection):  # -> alembic.config.Config (lazy import)
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade_heads(connection: Connection, target: str = "heads") -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), target)


def stamp_heads(connection: Connection) -> None:
    from alembic import command

    command.stamp(alembic_config(connection), "heads")
