"""Opening, creating and refusing database files; the pragmas in force."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from camau_reception.storage.db import open_database
from camau_reception.storage.errors import CorruptDatabase, NewerDatabase, NotOurDatabase


def test_new_database_is_private_and_stamped(db_path: Path) -> None:
    db = open_database(db_path)
    db.close()
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    conn = sqlite3.connect(db_path)
    versions = {r[0] for r in conn.execute("SELECT version_num FROM alembic_version")}
    conn.close()
    from camau_reception.storage.schema_version import program_schema

    assert versions == set(program_schema().heads)


def test_pragmas_in_force(db_path: Path) -> None:
    db = open_database(db_path)
    with db.write() as session:
        conn = session.connection()
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    db.close()


def test_write_rolls_back_everything_on_error(db_path: Path) -> None:
    from camau_reception.models.settings import Setting

    db = open_database(db_path)
    with pytest.raises(RuntimeError), db.write() as session:
        session.add(Setting(key="a", value="1"))
        session.flush()
        raise RuntimeError("boom")
    with db.read() as session:
        assert session.get(Setting, "a") is None
    db.close()


def test_refuses_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"hello, this is a text file" * 100)
    before = path.read_bytes()
    with pytest.raises(NotOurDatabase) as err:
        open_database(path)
    assert "không phải" in err.value.message
    assert path.read_bytes() == before


def test_refuses_another_programs_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotOurDatabase):
        open_database(path)
    assert path.read_bytes() == before


def test_refuses_a_newer_database(db_path: Path) -> None:
    open_database(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO alembic_version VALUES ('zz99_future')")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(NewerDatabase) as err:
        open_database(db_path)
    assert "phiên bản mới hơn" in err.value.message
    assert db_path.read_bytes() == before


def test_refuses_a_corrupt_database(db_path: Path) -> None:
    open_database(db_path).close()
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # smash the schema page, keep the header
    db_path.write_bytes(bytes(data))
    with pytest.raises((CorruptDatabase, NotOurDatabase)):
        open_database(db_path)


def test_cli_reports_foreign_database_and_exits_non_zero(tmp_path: Path, capsys) -> None:
    from camau_reception.cli import main

    path = tmp_path / "x.sqlite3"
    path.write_text("not a database")
    assert main(["--db", str(path), "check"]) != 0
    assert "KHÔNG ĐẠT" in capsys.readouterr().out


def test_older_database_is_backed_up_then_upgraded(db_path: Path) -> None:
    """A file at the first revision is copied aside (backup API) and upgraded to every head."""
    from sqlalchemy import create_engine

    from camau_reception.storage.migrate import upgrade_heads
    from camau_reception.storage.schema_version import program_schema

    engine = create_engine(f"sqlite:///{db_path}")
    with engine.begin() as conn:
        upgrade_heads(conn, "0001")
    engine.dispose()
    assert program_schema().heads != {"0001"}, "the area revisions must follow 0001"
    db = open_database(db_path)
    db.close()
    backups = list((db_path.parent / (db_path.name + ".backups")).glob("*before-upgrade*"))
    assert len(backups) == 1
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    conn = sqlite3.connect(db_path)
    versions = {r[0] for r in conn.execute("SELECT version_num FROM alembic_version")}
    conn.close()
    assert versions == set(program_schema().heads)
