"""The case page: deleting an encrypted attachment, and the protection dialogs refusing text
that names the denouncer next to the field."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from sqlalchemy import func, select

from camau_reception.models.audit import AuditEvent
from camau_reception.models.corruption import CorruptionAttachment, ProtectionMeasure
from camau_reception.services import corruption as svc
from camau_reception.ui.context import AppContext
from camau_reception.ui.corruption import keyring_cache
from tests.conftest import PASSWORD
from tests.helpers import type_text
from tests.unit.test_corruption_support import (  # noqa: F401 (fixture)
    NAME,
    PHONE,
    fast_kdf,
    record_case,
    set_up,
)

TODAY = date(2026, 3, 20)


@pytest.fixture(autouse=True)
def _clean_cache():
    yield
    keyring_cache.clear()


def _page(qtbot, db, actor):
    from camau_reception.ui.corruption.page import CorruptionPage

    ctx = AppContext(db=db, actor=actor, today=lambda: TODAY)
    page = CorruptionPage(ctx)
    page.no_preview = True
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    return page


def _grab(widget, name: str) -> None:
    folder = os.environ.get("CAMAU_GRAB_DIR")
    if folder:
        widget.grab().save(str(Path(folder) / name))


def _attach(db, actor, case_id: int, label: int = 0) -> int:
    with db.write() as s:
        return svc.add_attachment(
            s, actor, case_id, svc.ATTACHMENT_LABELS[label], "don.pdf", b"%PDF-1.4 scan"
        ).id


def _count(db, model) -> int:
    with db.read() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def test_inspector_deletes_an_attachment_with_a_reason(qtbot, db, db_path, inspector):
    set_up(db, inspector)
    case_id, _ = record_case(db, inspector)
    _attach(db, inspector, case_id, 0)
    wrong = _attach(db, inspector, case_id, 2)
    keyring_cache.on_login(db, inspector, PASSWORD)
    page = _page(qtbot, db, inspector)
    page.table.selectRow(0)
    page.tabs.setCurrentIndex(2)
    assert page.attachments.rowCount() == 2
    assert page.delete_file_button.isVisible() and page.delete_file_button.isEnabled()
    assert page.delete_file_button.text() == "Xóa tài liệu…"
    page.attachments.selectRow(1)
    qtbot.mouseClick(page.delete_file_button, Qt.MouseButton.LeftButton)
    dialog = page.last_dialog
    assert dialog.isVisible() and "TCTN-2026-0001" in dialog.windowTitle()
    warning = dialog.findChild(QLabel, "delete_attachment_warning").text()
    assert svc.ATTACHMENT_LABELS[2] in warning and "không khôi phục được" in warning
    _grab(page.window(), "attachments-page.png")
    _grab(dialog, "delete-attachment-dialog.png")
    # No reason, then a reason naming the denouncer: refused, nothing deleted.
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible() and "lý do" in dialog.error.text()
    type_text(qtbot, dialog.reason, f"Tệp do bà {NAME} gửi nhầm")
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert "Lý do đang chứa họ tên" in dialog.error.text()
    assert dialog.isVisible() and _count(db, CorruptionAttachment) == 2
    dialog.reason.clear()
    type_text(qtbot, dialog.reason, "Tải nhầm tệp của hồ sơ khác")
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert dialog.deleted
    assert page.attachments.rowCount() == 1
    assert page.attachments.item(0, 0).text() == svc.ATTACHMENT_LABELS[0]
    with db.read() as s:
        assert s.get(CorruptionAttachment, wrong) is None
        ev = s.execute(
            select(AuditEvent).where(AuditEvent.action == "corruption.attachment_delete")
        ).scalar_one()
        assert "Tải nhầm tệp" in ev.summary and svc.ATTACHMENT_LABELS[2] in ev.summary
    wal = Path(str(db_path) + "-wal")  # the zeroed ciphertext left the WAL too
    assert not wal.exists() or wal.stat().st_size == 0


def test_cancelling_keeps_the_attachment_and_leaders_have_no_delete(qtbot, db, inspector, leader):
    set_up(db, inspector)
    case_id, _ = record_case(db, inspector)
    _attach(db, inspector, case_id)
    keyring_cache.on_login(db, inspector, PASSWORD)
    page = _page(qtbot, db, inspector)
    page.table.selectRow(0)
    dialog = page.delete_attachment()  # the only row is taken without selecting it
    assert dialog is not None
    with qtbot.waitSignal(dialog.finished):
        dialog.reject()
    assert page.attachments.rowCount() == 1 and _count(db, CorruptionAttachment) == 1
    viewer = _page(qtbot, db, leader)
    viewer.table.selectRow(0)
    assert viewer.attachments.rowCount() == 1
    assert not viewer.delete_file_button.isVisible()


def test_a_measure_naming_the_denouncer_is_refused_next_to_the_field(qtbot, db, inspector):
    set_up(db, inspector)
    case_id, _ = record_case(db, inspector)
    with db.write() as s:
        req = svc.add_protection_request(
            s,
            inspector,
            case_id,
            svc.ProtectionInput(date(2026, 3, 18), {"reporter"}, {"life_health"}),
            today=TODAY,
        )
        svc.decide_protection(s, inspector, req.id, True, date(2026, 3, 19), "18/QĐ-SVHTTDL")
    keyring_cache.on_login(db, inspector, PASSWORD)
    page = _page(qtbot, db, inspector)
    page.table.selectRow(0)
    page.tabs.setCurrentIndex(1)
    page.protection.selectRow(0)
    qtbot.mouseClick(page.measure_button, Qt.MouseButton.LeftButton)
    dialog = page.last_dialog
    type_text(qtbot, dialog.description, f"Bảo vệ tại nhà số 12 đường Ngô Quyền của bà {NAME}")
    type_text(qtbot, dialog.agency, "Công an phường Tân Thành")
    dialog.save()
    label = dialog.errors.label("description")
    assert label.isVisible() and "người tố cáo" in label.text()
    assert dialog.isVisible() and _count(db, ProtectionMeasure) == 0
    _grab(dialog, "measure-refused.png")
    dialog.description.clear()
    type_text(qtbot, dialog.description, "Bố trí lực lượng bảo vệ nơi cư trú")
    dialog.agency.setText(f"Công an phường, gọi {PHONE}")
    dialog.save()
    assert dialog.errors.label("agency").isVisible()
    assert not dialog.errors.label("description").isVisible()
    dialog.agency.setText("Công an phường Tân Thành, tỉnh Cà Mau")
    with qtbot.waitSignal(dialog.finished):
        dialog.save()
    assert _count(db, ProtectionMeasure) == 1
    assert "Bố trí lực lượng bảo vệ" in page.protection.item(0, 5).text()


def test_request_note_and_step_note_are_checked_too(qtbot, db, inspector):
    set_up(db, inspector)
    record_case(db, inspector)
    keyring_cache.on_login(db, inspector, PASSWORD)
    page = _page(qtbot, db, inspector)
    page.table.selectRow(0)
    dialog = page.add_protection()
    dialog.persons["reporter"].setChecked(True)
    dialog.kinds["job"].setChecked(True)
    type_text(qtbot, dialog.note, f"Con của bà {NAME} học tại trường tỉnh Cà Mau")
    dialog.save()
    assert dialog.errors.label("note").isVisible() and dialog.isVisible()
    dialog.reject()
    qtbot.mouseClick(page.action_button("not_accept"), Qt.MouseButton.LeftButton)
    step = page.last_dialog
    type_text(qtbot, step.note, f"Bà {NAME} rút đơn tố cáo")
    step.save()
    assert step.errors.label("note").isVisible() and step.isVisible()
    step.reject()
    assert page.action_button("not_accept") is not None  # nothing was recorded
