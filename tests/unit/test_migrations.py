"""Upgrading from the first revision gives exactly the schema of ``create_all()``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import create_engine

from camau_reception.models import load_all
from camau_reception.storage.migrate import upgrade_heads


def schema_of(path: Path) -> dict[str, object]:
    conn = sqlite3.connect(path)
    try:
        objects = sorted(
            (type_, name, tbl)
            for type_, name, tbl in conn.execute(
                "SELECT type, name, tbl_name FROM sqlite_master "
                "WHERE name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
            )
        )
        tables = [n for t, n, _ in objects if t == "table"]
        columns = {}
        for table in tables:
            columns[table] = [
                (r[1], r[2].upper(), bool(r[3]), r[5])
                for r in conn.execute(f'PRAGMA table_info("{table}")')
            ]
            columns[table + ":fk"] = sorted(
                (r[2], r[3], r[4], r[6])
                for r in conn.execute(f'PRAGMA foreign_key_list("{table}")')
            )
            columns[table + ":idx"] = sorted(
                (r[1], r[2]) for r in conn.execute(f'PRAGMA index_list("{table}")')
            )
        return {"objects": objects, "columns": columns}
    finally:
        conn.close()


def test_migrated_schema_equals_create_all(tmp_path: Path) -> None:
    migrated = tmp_path / "migrated.sqlite3"
    engine = create_engine(f"sqlite:///{migrated}")
    with engine.begin() as conn:
        upgrade_heads(conn)
    engine.dispose()

    created = tmp_path / "created.sqlite3"
    engine = create_engine(f"sqlite:///{created}")
    with engine.begin() as conn:
        load_all().metadata.create_all(conn)
    engine.dispose()

    a, b = schema_of(migrated), schema_of(created)
    assert a["objects"] == b["objects"]
    for key in b["columns"]:
        assert a["columns"][key] == b["columns"][key], key


def test_every_revision_downgrades_cleanly(tmp_path: Path) -> None:
    from alembic import command

    from camau_reception.storage.migrate import alembic_config

    path = tmp_path / "down.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        upgrade_heads(conn)
        command.downgrade(alembic_config(conn), "base")
    engine.dispose()
    conn = sqlite3.connect(path)
    left = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT IN ('alembic_version')"
            " AND name NOT LIKE 'sqlite_%'"
        )
    ]
    conn.close()
    assert left == []
