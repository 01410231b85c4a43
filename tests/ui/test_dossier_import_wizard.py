"""The import wizard checks and imports in a worker thread: the window stays responsive (the
page shows the check running while the worker is held), results arrive by signals, and a
cancelled import writes nothing; importing again afterwards works."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from camau_reception.models.audit import AuditEvent
from camau_reception.services import dossiers
from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database
from tests.ui.test_dossiers_ui import _page, _setup

ROWS = 40


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "mot-cua.csv"
    lines = ["Số hồ sơ,Mã TTHC,Họ tên,Ngày nộp,Kênh"]
    lines += [f"A-{i},1.001,Nguyễn Văn Ánh {i},03/11/2026 08:00,Trực tuyến" for i in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _held(wizard: Any, gate: threading.Event) -> None:
    """Make the wizard's importer wait for ``gate`` (in the worker thread) before starting."""
    real = wizard.kind.importer

    def importer(*args: Any, **kwargs: Any) -> Any:
        assert gate.wait(20)
        return real(*args, **kwargs)

    wizard.kind = replace(wizard.kind, importer=importer)


def _wizard_on_mapping(qtbot, db: Database, officer: Actor, tmp_path: Path):
    _setup(db, officer, n=0)
    page = _page(qtbot, db, officer)
    wizard = page.register.import_file()
    assert wizard.file_page.load(_file(tmp_path))
    wizard.next()
    return page, wizard  # the page too: the wizard lives as long as it does


def _count(db: Database) -> tuple[int, int]:
    with db.read() as s:
        imports = s.query(AuditEvent).filter_by(action="dossier.import").count()
        return len(dossiers.list_dossiers(s)), imports


def test_check_and_import_run_off_the_ui_thread(
    qtbot, db: Database, officer: Actor, tmp_path: Path
) -> None:
    _keep, wizard = _wizard_on_mapping(qtbot, db, officer, tmp_path)
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    gate = threading.Event()
    _held(wizard, gate)
    wizard.next()  # returns at once: the check waits in the worker
    preview = wizard.preview_page
    assert wizard.currentPage() is preview
    assert "Đang kiểm tra" in preview.summary.text()
    assert preview.check_progress.isVisible() and not next_button.isEnabled()
    with qtbot.waitSignal(wizard.checked, timeout=20000) as checked:
        gate.set()
    assert checked.args[0].created == ROWS and not checked.args[0].applied
    assert f"thêm mới: {ROWS}" in preview.summary.text()
    assert next_button.isEnabled() and not preview.check_progress.isVisible()
    assert _count(db) == (0, 0)  # the check saved nothing
    with qtbot.waitSignal(wizard.imported, timeout=20000) as imported:
        qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert imported.args[0].created == ROWS and imported.args[0].applied
    assert wizard.currentPage() is wizard.done_page
    assert "Đã nhập" in wizard.done_page.result.text()
    assert _count(db) == (ROWS, 1)


def test_a_cancelled_import_writes_no_dossier(
    qtbot, db: Database, officer: Actor, tmp_path: Path
) -> None:
    _keep, wizard = _wizard_on_mapping(qtbot, db, officer, tmp_path)
    with qtbot.waitSignal(wizard.checked, timeout=20000):
        wizard.next()
    preview = wizard.preview_page
    real = wizard.kind
    gate = threading.Event()
    _held(wizard, gate)
    wizard.next()  # "Nhập": the import starts and the page waits for it
    assert wizard.currentPage() is preview and preview.import_progress is not None
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    with qtbot.waitSignal(wizard.import_stopped, timeout=20000) as stopped:
        preview.import_progress.canceled.emit()  # the officer presses "Hủy"
        gate.set()
    assert "Đã hủy nhập" in stopped.args[0] and "Đã hủy nhập" in preview.summary.text()
    assert wizard.currentPage() is preview
    assert _count(db) == (0, 0)  # one transaction, rolled back: no dossier, no audit entry
    # Nothing is left half done: the officer can import again.
    wizard.kind = real
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    with qtbot.waitSignal(wizard.imported, timeout=20000):
        wizard.next()
    assert _count(db) == (ROWS, 1)


def test_the_check_can_be_cancelled_and_run_again(
    qtbot, db: Database, officer: Actor, tmp_path: Path
) -> None:
    _keep, wizard = _wizard_on_mapping(qtbot, db, officer, tmp_path)
    gate = threading.Event()
    _held(wizard, gate)
    wizard.next()
    preview = wizard.preview_page
    with qtbot.waitSignal(wizard.check_stopped):
        qtbot.mouseClick(preview.check_button, Qt.MouseButton.LeftButton)
    gate.set()
    assert "Đã dừng kiểm tra" in preview.summary.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    with qtbot.waitSignal(wizard.checked, timeout=20000):
        qtbot.mouseClick(preview.check_button, Qt.MouseButton.LeftButton)  # "Kiểm tra lại"
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert _count(db) == (0, 0)


def test_catalogue_import_through_the_same_worker(
    qtbot, db: Database, officer: Actor, tmp_path: Path
) -> None:
    from camau_reception.services import procedures

    path = tmp_path / "danh-muc.csv"
    path.write_text(
        "Mã thủ tục,Tên thủ tục,Cấp thực hiện,Thời hạn\n"
        "1.001,Cấp giấy phép tổ chức lễ hội,Cấp tỉnh,5\n"
        "1.002,Cấp giấy phép kinh doanh karaoke,Cấp tỉnh,5\n",
        encoding="utf-8",
    )
    page = _page(qtbot, db, officer)
    wizard = page.catalogue.import_file()
    assert wizard is not None and not wizard.kind.reports_progress
    assert wizard.file_page.load(path)
    wizard.next()
    with qtbot.waitSignal(wizard.checked, timeout=20000):
        wizard.next()
    with qtbot.waitSignal(wizard.imported, timeout=20000) as imported:
        wizard.next()
    assert imported.args[0].created == 2
    with db.read() as s:
        assert sorted(p.code for p in procedures.list_procedures(s)) == ["1.001", "1.002"]
