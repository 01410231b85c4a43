"""Saving on a full disk or a read-only file: a clear Vietnamese message, the form keeps what was
typed, and the database is left intact (nothing half-saved, nothing lost).

Three ways to run out: a real size-limited file system (tmpfs, when we may mount one), SQLite's
own page limit (``PRAGMA max_page_count``: a real SQLITE_FULL without root), and SQLite's
``query_only`` (a real "attempt to write a readonly database").
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from camau_reception.models.reception import Reception
from camau_reception.reliability import Tally
from camau_reception.services import reception
from camau_reception.storage.db import Database, open_database
from camau_reception.storage.failures import (
    ReadOnlyStorage,
    StorageBusy,
    StorageError,
    StorageFull,
    describe,
    storage_error_of,
)
from tests.integration.workers import NOW, actors, seed_database, verify, visit_input

# Part of the reliability suite (`make reliability`); short form in `make test`.
pytestmark = pytest.mark.slow


def _count(db: Database) -> int:
    with db.read() as s:
        return s.execute(select(func.count(Reception.id))).scalar()


def _all_rows(path: Path) -> dict[str, list[tuple]]:
    from camau_reception.storage.backup import table_names

    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f'SELECT * FROM "{t}"').fetchall() for t in table_names(conn)}
    finally:
        conn.close()


def limit_growth(db: Database) -> None:
    """Every new connection may not grow the file: a real SQLITE_FULL on the next new page."""
    db.close()

    @event.listens_for(db.engine, "connect")
    def _cap(dbapi_conn, _record) -> None:
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count={pages}")


def make_read_only(db: Database) -> None:
    db.close()

    @event.listens_for(db.engine, "connect")
    def _ro(dbapi_conn, _record) -> None:
        dbapi_conn.execute("PRAGMA query_only=1")


@pytest.fixture
def seeded_db(tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "office.sqlite3"
    seed_database(path)
    db = open_database(path)
    yield db
    db.close()


def test_page_limit_full_disk_is_refused_cleanly(seeded_db: Database, tally: Tally) -> None:
    db = seeded_db
    who = actors(db)
    rng = random.Random(3)
    saved = []
    limit_growth(db)
    with pytest.raises(StorageFull) as err:
        for n in range(5000):
            with db.write() as s:
                rid = reception.record(s, who["canbo"], visit_input(rng, n), now=NOW).id
            saved.append(rid)  # committed
    assert "ổ đĩa chứa cơ sở dữ liệu đã đầy" in err.value.message
    assert "vẫn được giữ" in err.value.message
    db.close()
    plain = Database(db.path)
    try:
        assert _count(plain) == len(saved)
    finally:
        plain.close()
    verdict = verify(db.path, [["visit", str(i)] for i in saved])
    assert verdict.ok, verdict.problems
    tally.add("storage_failures")
    tally.add("rows_verified", verdict.rows_verified)


def test_read_only_file_is_refused_cleanly(seeded_db: Database, tally: Tally) -> None:
    db = seeded_db
    who = actors(db)
    with db.write() as s:
        reception.record(s, who["canbo"], visit_input(random.Random(1), 1), now=NOW)
    before = _all_rows(db.path)
    make_read_only(db)
    with pytest.raises(ReadOnlyStorage) as err, db.write() as s:
        reception.record(s, who["canbo"], visit_input(random.Random(2), 2), now=NOW)
    assert "chỉ đọc" in err.value.message
    db.close()
    assert _all_rows(db.path) == before
    tally.add("storage_failures")


def _can_mount() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("mount") is not None


@pytest.fixture
def small_fs(tmp_path: Path) -> Iterator[Path]:
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if not _can_mount():
        pytest.skip("needs root to mount a size-limited file system")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1500k", "tmpfs", str(mnt)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount tmpfs here: {done.stderr.decode(errors='replace')}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_real_full_file_system(small_fs: Path, tally: Tally) -> None:
    path = small_fs / "office.sqlite3"
    seed_database(path)
    db = open_database(path)
    try:
        who = actors(db)
        # Leave about 150 kB free, so the loop below reaches the end of the disk quickly.
        free = shutil.disk_usage(small_fs).free
        filler = small_fs / "filler.bin"
        filler.write_bytes(b"\0" * max(0, free - 150_000))
        rng = random.Random(9)
        saved: list[int] = []
        with pytest.raises(StorageError) as err:
            for n in range(5000):
                with db.write() as s:
                    rid = reception.record(s, who["canbo"], visit_input(rng, n), now=NOW).id
                saved.append(rid)  # committed
        assert isinstance(err.value, StorageFull), err.value.message
        assert saved, "some visits fit before the disk filled up"
        # Space comes back (an old file removed): the same save now works, nothing was lost.
        filler.unlink()
        with db.write() as s:
            rid = reception.record(s, who["canbo"], visit_input(rng, 9999), now=NOW).id
        saved.append(rid)
        assert _count(db) == len(saved)
    finally:
        db.close()
    verdict = verify(path, [["visit", str(i)] for i in saved])
    assert verdict.ok, verdict.problems
    tally.add("storage_failures")
    tally.add("rows_verified", verdict.rows_verified)


def test_error_mapping_covers_the_driver_messages() -> None:
    assert isinstance(
        storage_error_of(sqlite3.OperationalError("database or disk is full")), StorageFull
    )
    assert isinstance(
        storage_error_of(sqlite3.OperationalError("attempt to write a readonly database")),
        ReadOnlyStorage,
    )
    assert isinstance(storage_error_of(sqlite3.OperationalError("database is locked")), StorageBusy)
    import errno

    assert isinstance(storage_error_of(OSError(errno.ENOSPC, "No space left")), StorageFull)
    assert storage_error_of(ValueError("x")) is None
    assert "không mong đợi" in describe(ValueError("x"))


# --- the form keeps what was typed ------------------------------------------------------------


@pytest.mark.parametrize("failure", ["full", "read_only"])
def test_reception_form_keeps_its_content_when_the_save_fails(
    qtbot, seeded_db: Database, failure: str, tally: Tally
) -> None:
    from datetime import date, datetime, time

    from PySide6.QtCore import QDateTime, Qt

    from camau_reception.ui.context import AppContext
    from camau_reception.ui.reception.form import ReceptionDialog
    from tests.helpers import type_text

    db = seeded_db
    who = actors(db)
    ctx = AppContext(
        db=db, actor=who["canbo"], today=lambda: date(2026, 3, 16), clock=lambda: time(17, 0)
    )
    form = ReceptionDialog(ctx)
    qtbot.addWidget(form)
    form.show()
    form.received_at.setDateTime(QDateTime(datetime(2026, 3, 16, 8, 30)))
    type_text(qtbot, form.id_number, "096075001234")
    type_text(qtbot, form.full_name, "Nguyễn Văn Đức")
    form.commune.setCurrentText("Phường An Xuyên")
    type_text(qtbot, form.address_detail, "Số 12, đường Lý Thường Kiệt")
    type_text(qtbot, form.summary, "Khiếu nại quyết định xử phạt cơ sở karaoke.")
    form.matter_checks["complaint"].setChecked(True)

    if failure == "read_only":
        make_read_only(db)
    else:
        # The disk fills up between typing and saving (the error SQLite gives, injected at
        # the first write so the test does not depend on free space).
        db.close()

        @event.listens_for(db.engine, "before_cursor_execute")
        def _full(conn, cursor, statement, params, context, executemany) -> None:
            if statement.lstrip().upper().startswith(("INSERT", "UPDATE")):
                raise sqlite3.OperationalError("database or disk is full")

    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    message = form.general_error.text()
    assert ("đã đầy" if failure == "full" else "chỉ đọc") in message
    assert "vẫn được giữ" in message
    assert form.isVisible() and form.result() != form.DialogCode.Accepted
    assert form.full_name.text() == "Nguyễn Văn Đức"  # nothing typed is lost
    assert form.summary.toPlainText() == "Khiếu nại quyết định xử phạt cơ sở karaoke."
    plain = Database(db.path)
    try:
        assert _count(plain) == 0  # nothing half-saved
    finally:
        plain.close()
    # Space or write access comes back: the same form saves what was typed.
    db.close()
    fresh = Database(db.path)
    form.ctx.db = fresh
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert _count(fresh) == 1
    fresh.close()
    tally.add("storage_failures")
