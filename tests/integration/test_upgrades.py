"""Files made by each released schema version upgrade to the current one with every row kept."""

from __future__ import annotations

import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from camau_reception.reliability import Tally
from camau_reception.storage.db import open_database
from camau_reception.storage.schema_version import program_schema
from tests.integration.make_fixtures import FIXTURES, PASSWORD

# Part of the reliability suite (`make reliability`); short form in `make test`.
pytestmark = pytest.mark.slow

FIXTURE_FILES = sorted(FIXTURES.glob("*.sqlite3"))


def snapshot(path: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every row of every table, with the columns the table had in this file."""
    conn = sqlite3.connect(path)
    try:
        out = {}
        for (table,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            " AND name != 'alembic_version' AND sql NOT LIKE 'CREATE VIRTUAL%'"
        ).fetchall():
            cols = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
            quoted = ", ".join(f'"{c}"' for c in cols)
            out[table] = (cols, sorted(conn.execute(f'SELECT {quoted} FROM "{table}"').fetchall()))
        return out
    finally:
        conn.close()


def rows_with(path: Path, table: str, cols: list[str]) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        quoted = ", ".join(f'"{c}"' for c in cols)
        return sorted(conn.execute(f'SELECT {quoted} FROM "{table}"').fetchall())
    finally:
        conn.close()


def test_there_is_a_fixture_for_the_first_revision() -> None:
    assert FIXTURES / "0001.sqlite3" in FIXTURE_FILES
    for file in FIXTURE_FILES:
        before = snapshot(file)
        assert before, file
        empty = [t for t, (_, rows) in before.items() if not rows]
        assert empty == [], f"{file.name}: every table must hold data"


@pytest.mark.slow
@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=lambda p: p.stem)
def test_fixture_upgrades_with_every_row_kept(fixture: Path, tmp_path: Path, tally: Tally) -> None:
    path = tmp_path / "office.sqlite3"
    shutil.copyfile(fixture, path)
    before = snapshot(path)
    db = open_database(path)
    try:
        with db.read() as session:
            from camau_reception.services.audit import verify_chain

            assert verify_chain(session).ok
        from camau_reception.services import auth

        with db.write() as session:
            actor = auth.authenticate(session, "admin", PASSWORD)
        assert actor.username == "admin"
    finally:
        db.close()
    conn = sqlite3.connect(path)
    versions = {r[0] for r in conn.execute("SELECT version_num FROM alembic_version")}
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
    assert versions == set(program_schema().heads)
    kept = 0
    for table, (cols, rows) in before.items():
        after = rows_with(path, table, cols)
        if table == "audit_events":
            # The sign-in above appended one event; the old ones are untouched.
            assert after[: len(rows)] == rows
        elif table == "users":
            assert len(after) == len(rows)
            # Sign-in resets the attempt counter and stamps last_login of admin only.
            changed = {r[0] for r in after} - {r[0] for r in rows}
            assert len(changed) <= 1
        else:
            assert after == rows, f"{fixture.name}: table {table} changed during the upgrade"
        kept += len(rows)
    # The file was backed up (and the backup verified) before the upgrade.
    backups = list((tmp_path / "office.sqlite3.backups").glob("*before-upgrade*.sqlite3"))
    if versions != {fixture.stem}:
        assert len(backups) == 1
        assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
        assert snapshot(backups[0]) == before
    tally.add("upgrades")
    tally.add("rows_verified", kept)


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=lambda p: p.stem)
def test_upgraded_fixture_accepts_new_work(fixture: Path, tmp_path: Path) -> None:
    """After the upgrade the services write to the old data as to a new file."""
    from camau_reception.services import auth, numbering
    from tests.integration.workers import TODAY

    path = tmp_path / "office.sqlite3"
    shutil.copyfile(fixture, path)
    db = open_database(path)
    try:
        with db.write() as session:
            actor = auth.authenticate(session, "canbo", PASSWORD)
            doc = numbering.issue_number(session, actor, "GBN", TODAY)
            assert doc.seq >= 1
        import random

        from tests.integration.workers import WRITERS, actors

        if "dossier" in WRITERS:
            from camau_reception.services import dossiers

            with db.write() as session:
                admin = auth.authenticate(session, "admin", PASSWORD)
            with db.write() as session:
                dossiers.upsert_procedure(
                    session,
                    admin,
                    dossiers.ProcedureInput(code="1.000001", name="Cấp giấy phép tổ chức lễ hội"),
                )

        who = actors(db)
        for _name, writer in sorted(WRITERS.items()):
            writer(db, who, random.Random(7), 1)  # raises if the upgraded file refuses it
    finally:
        db.close()
