"""Start-up with a damaged database: the recovery dialog offers the newest good backup and
overwrites nothing until the user ticks the confirmation and presses "Phục hồi"."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from camau_reception.services import audit, settings
from camau_reception.services.actor import Actor
from camau_reception.storage.backup import timestamped_backup
from camau_reception.storage.db import Database
from camau_reception.storage.startup import StartupState, check_at_startup


def smash(path: Path) -> None:
    """Overwrite the pages of the settings table with garbage (header and schema kept)."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name='settings'").fetchone()[0]
    conn.close()
    with open(path, "r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\x0d\xff\xff\x00" * (page_size // 4))


@pytest.fixture
def damaged(db: Database, admin: Actor) -> tuple[Path, Path]:
    """A database with 300 settings, a good backup of it, then damage to the live file."""
    with db.write() as session:
        for i in range(300):
            settings.put(session, admin, f"note.{i}", "Ghi chú số " + str(i) * 40)
    good = timestamped_backup(db.path, "daily", datetime(2026, 3, 16, 7, 30))
    db.close()
    smash(db.path)
    return db.path, good


def _drive(qtbot, action) -> None:
    def handle() -> None:
        from camau_reception.ui.recovery import RecoveryDialog

        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, RecoveryDialog):
            QTimer.singleShot(10, handle)
            return
        action(dialog)

    QTimer.singleShot(0, handle)


def test_damage_is_found_at_start_up(damaged) -> None:
    path, _ = damaged
    check = check_at_startup(path)
    assert check.state == StartupState.CORRUPT
    assert "bị hỏng" in check.message
    assert check.errors


def test_quitting_the_dialog_changes_nothing(qtbot, damaged) -> None:
    from camau_reception.ui.recovery import startup_guard

    path, good = damaged
    before = path.read_bytes()
    shown: list[str] = []

    def quit_(dialog) -> None:
        shown.append(dialog.offer.text())
        assert not dialog.restore_button.isEnabled()  # not without the tick
        qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)

    _drive(qtbot, quit_)
    assert startup_guard(path) is False
    assert good.name in shown[0]
    assert "Người dùng: 1" in shown[0]
    assert path.read_bytes() == before


def test_confirmed_restore_brings_back_the_good_backup(qtbot, damaged) -> None:
    from camau_reception.ui.recovery import startup_guard

    path, good = damaged

    def restore(dialog) -> None:
        dialog.understood.setChecked(True)
        assert dialog.restore_button.isEnabled()
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    _drive(qtbot, restore)
    assert startup_guard(path) is True
    assert check_at_startup(path).ok
    db = Database(path)
    try:
        with db.read() as session:
            assert settings.get(session, "note.299").startswith("Ghi chú số 299")
            events = audit.list_events(session, action="backup.restore")
            assert events and good.name in events[0].summary
            assert audit.verify_chain(session).ok
    finally:
        db.close()
    # The damaged file is kept for experts, and is never offered as a backup.
    kept = list((path.parent / (path.name + ".backups")).glob("*.damaged-*.bin"))
    assert len(kept) == 1


def test_without_automatic_backup_a_file_can_be_chosen_and_a_newer_one_is_refused(
    qtbot, damaged, tmp_path: Path
) -> None:
    from camau_reception.ui.recovery import RecoveryDialog

    path, good = damaged
    usb = tmp_path / "usb.sqlite3"
    usb.write_bytes(good.read_bytes())
    newer = tmp_path / "newer.sqlite3"
    newer.write_bytes(good.read_bytes())
    conn = sqlite3.connect(newer)
    conn.execute("INSERT INTO alembic_version VALUES ('9999')")
    conn.commit()
    conn.close()
    good.unlink()
    dialog = RecoveryDialog(check_at_startup(path))
    qtbot.addWidget(dialog)
    assert "Không tìm thấy bản sao lưu" in dialog.offer.text()
    dialog.understood.setChecked(True)
    assert not dialog.restore_button.isEnabled()  # nothing to restore yet
    dialog.ask_open_path = lambda: str(newer)
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert "phiên bản mới hơn" in dialog.result.text()
    assert not dialog.restore_button.isEnabled()
    dialog.ask_open_path = lambda: str(usb)
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert "usb.sqlite3" in dialog.offer.text()
    assert not dialog.understood.isChecked()  # a new choice needs a new confirmation
    dialog.understood.setChecked(True)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.restored_from is not None, timeout=20_000)
    assert check_at_startup(path).ok


def test_read_only_database_is_reported_not_offered_for_recovery(db: Database, monkeypatch) -> None:
    import os

    db.close()
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode == os.W_OK else real(p, mode))
    check = check_at_startup(db.path)
    assert check.state == StartupState.READ_ONLY
    assert "không ghi được" in check.message
