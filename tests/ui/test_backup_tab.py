"""The "Sao lưu, phục hồi" tab: list, copy to a chosen place with progress, restore with a
summary and an explicit confirmation, retention rule."""

from __future__ import annotations

import stat
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from camau_reception.models.settings import Setting
from camau_reception.services import audit, settings
from camau_reception.services.actor import Actor
from camau_reception.storage.backup import timestamped_backup
from camau_reception.storage.db import Database
from camau_reception.ui.context import AppContext


def _tab(qtbot, db: Database, actor: Actor):
    from camau_reception.ui.admin_tabs.backup import BackupTab

    tab = BackupTab(AppContext(db=db, actor=actor))
    qtbot.addWidget(tab)
    tab.show()
    return tab


def _answer_restore_dialog(qtbot, confirm: bool) -> list[str]:
    """Handle the modal dialog once it is up; returns the summary text it showed."""
    seen: list[str] = []

    def handle() -> None:
        from camau_reception.ui.admin_tabs.backup import RestoreDialog

        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, RestoreDialog):
            QTimer.singleShot(10, handle)
            return
        seen.append(dialog.summary.text())
        assert not dialog.restore_button.isEnabled()  # nothing happens without the tick
        if confirm:
            dialog.understood.setChecked(True)
            qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        else:
            dialog.reject()

    QTimer.singleShot(0, handle)
    return seen


def test_lists_automatic_backups_and_copies_to_a_chosen_place(
    qtbot, db: Database, admin: Actor, tmp_path: Path
) -> None:
    timestamped_backup(db.path, "daily", datetime(2026, 3, 16, 7, 30))
    timestamped_backup(db.path, "before-upgrade", datetime(2026, 3, 10, 8, 0))
    tab = _tab(qtbot, db, admin)
    assert tab.table.rowCount() == 2
    assert tab.table.item(0, 0).text() == "16/03/2026 07:30"
    assert tab.table.item(0, 1).text() == "Tự động hằng ngày"
    assert tab.table.item(1, 1).text() == "Trước khi nâng cấp"

    dest = tmp_path / "usb" / "sao-luu.sqlite3"
    tab.ask_save_path = lambda: str(dest)
    qtbot.mouseClick(tab.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Đã sao lưu" in tab.result.text(), timeout=20_000)
    assert dest.exists()
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    assert str(dest) in tab.result.text()
    assert not tab.progress.isVisible()
    with db.read() as session:
        assert audit.list_events(session, action="backup.manual")


def test_restore_shows_summary_asks_and_replaces_the_data(
    qtbot, db: Database, admin: Actor, tmp_path: Path
) -> None:
    with db.write() as session:
        settings.put(session, admin, "report.note", "trước")
    backup = tmp_path / "copy.sqlite3"
    from camau_reception.storage.backup import sqlite_backup

    sqlite_backup(db.path, backup)
    with db.write() as session:
        settings.put(session, admin, "report.note", "sau")
    tab = _tab(qtbot, db, admin)
    signed_out: list[bool] = []
    tab.after_restore = lambda: signed_out.append(True)
    tab.ask_open_path = lambda: str(backup)

    seen = _answer_restore_dialog(qtbot, confirm=False)
    qtbot.mouseClick(tab.restore_file_button, Qt.MouseButton.LeftButton)
    assert "Người dùng: 1" in seen[0]
    assert "Phiên bản lược đồ" in seen[0]
    assert "không có gì thay đổi" in tab.result.text()
    with db.read() as session:
        assert settings.get(session, "report.note") == "sau"

    _answer_restore_dialog(qtbot, confirm=True)
    qtbot.mouseClick(tab.restore_file_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(signed_out), timeout=20_000)
    assert "Đã phục hồi" in tab.result.text()
    with db.read() as session:
        assert settings.get(session, "report.note") == "trước"
        assert audit.list_events(session, action="backup.restore")
    # The data as it was just before is kept as an automatic backup.
    assert tab.table.item(0, 1).text() == "Trước khi phục hồi"


def test_a_backup_from_a_newer_program_is_refused_with_a_message(
    qtbot, db: Database, admin: Actor, tmp_path: Path
) -> None:
    import sqlite3

    from camau_reception.storage.backup import sqlite_backup

    backup = tmp_path / "newer.sqlite3"
    sqlite_backup(db.path, backup)
    conn = sqlite3.connect(backup)
    conn.execute("INSERT INTO alembic_version VALUES ('9999')")
    conn.commit()
    conn.close()
    tab = _tab(qtbot, db, admin)
    tab.restore_from(backup)
    assert "phiên bản mới hơn" in tab.result.text()


def test_retention_rule_is_validated_and_saved(qtbot, db: Database, admin: Actor) -> None:
    tab = _tab(qtbot, db, admin)
    assert tab.keep["daily"].value() == 14
    assert tab.keep["weekly"].value() == 8
    assert tab.keep["monthly"].value() == 24
    tab.keep["daily"].setValue(0)
    qtbot.mouseClick(tab.save_rule_button, Qt.MouseButton.LeftButton)
    assert tab.errors.label("daily").isVisible()
    tab.keep["daily"].setValue(30)
    tab.keep["monthly"].setValue(36)
    qtbot.mouseClick(tab.save_rule_button, Qt.MouseButton.LeftButton)
    assert not tab.errors.label("daily").isVisible()
    assert "30 ngày" in tab.rule_saved.text()
    with db.read() as session:
        assert session.get(Setting, "backup.keep_daily").value == "30"
        assert session.get(Setting, "backup.keep_monthly").value == "36"


def test_tab_is_part_of_the_admin_page(qtbot, db: Database, admin: Actor) -> None:
    from camau_reception.ui.areas.admin import AdminPage

    page = AdminPage(AppContext(db=db, actor=admin))
    qtbot.addWidget(page)
    tab = page.tab("Sao lưu, phục hồi")
    assert tab.objectName() == "" and tab.backup_button.text().startswith("Sao lưu ra")
