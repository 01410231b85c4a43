"""Sửa hồ sơ in the register, driven as an officer would: Enter or a double-click opens the
entry form on the selected dossier, a corrected name and another officer in charge are saved
and audited, a new time of receipt shows and saves a new due date (a returned dossier's
lateness follows), a second editor's stale form says the dossier was changed by someone else,
and the officer in charge is chosen at entry too."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime

from camau_reception.models.audit import AuditEvent
from camau_reception.models.users import Role
from camau_reception.services import dossiers, procedures
from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database
from camau_reception.ui.context import AppContext
from tests.conftest import _make_user
from tests.helpers import type_text

TODAY = date(2026, 11, 16)


@pytest.fixture
def colleague(db: Database) -> Actor:
    return _make_user(db, "canbo2", "Trần Minh Khoa", {Role.OFFICER})


def _setup(db: Database, officer: Actor) -> int:
    with db.write() as s:
        for code, days in (("1.001", 5), ("1.002", 10)):
            procedures.upsert_procedure(
                s,
                officer,
                procedures.ProcedureInput(
                    code=code, name=f"Cấp giấy phép {code}", processing_days=days
                ),
            )
        d, _ = dossiers.upsert_dossier(
            s,
            officer,
            dossiers.DossierInput(
                code="HS-1",
                procedure_code="1.001",
                applicant_name="Lâm Thị Ngọc Hn",
                received_at=datetime(2026, 11, 2, 8, 0),
            ),
        )
        return d.id


def _page(qtbot, db: Database, actor: Actor):
    from camau_reception.ui.areas.dossiers import DossiersPage

    page = DossiersPage(AppContext(db=db, actor=actor, today=lambda: TODAY))
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitExposed(page)
    page.tabs.setCurrentWidget(page.register)
    return page


def _audit(db: Database) -> list[str]:
    with db.read() as s:
        return [e.summary for e in s.query(AuditEvent).filter_by(action="dossier.update")]


def _set_received(dialog, day: QDate) -> None:
    dialog.received.setDateTime(QDateTime(day, QTime(8, 0)))


def test_enter_opens_the_edit_form_which_saves_and_audits(
    qtbot, db: Database, officer: Actor, colleague: Actor, tmp_path: Path
) -> None:
    did = _setup(db, officer)
    page = _page(qtbot, db, officer)
    register = page.register
    register.table.selectRow(0)
    assert register.edit_button.isEnabled()
    register.table.setFocus()
    qtbot.waitUntil(register.table.hasFocus)
    qtbot.keyClick(register.table, Qt.Key.Key_Return)
    dialog = register.last_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.windowTitle() == "Sửa hồ sơ HS-1"
    assert dialog.name.text() == "Lâm Thị Ngọc Hn" and not dialog.print_receipt.isVisible()
    assert dialog.officer.currentData() == officer.id
    assert "hẹn trả 09/11/2026" in dialog.due.text()
    dialog.name.clear()
    type_text(qtbot, dialog.name, "Lâm Thị Ngọc Hân")
    dialog.officer.setCurrentIndex(dialog.officer.findData(colleague.id))
    dialog.grab().save(str(tmp_path / "sua-ho-so.png"))
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert register.table.item(0, 2).text() == "Lâm Thị Ngọc Hân"
    with db.read() as s:
        d = dossiers.get(s, did)
        assert d.applicant_name == "Lâm Thị Ngọc Hân" and d.officer_id == colleague.id
        assert d.version == 2
    (line,) = _audit(db)
    assert "tên người nộp" in line and "cán bộ thụ lý: Võ Thị Thu Hà → Trần Minh Khoa" in line
    register.table.selectRow(0)
    assert "Cán bộ thụ lý: Trần Minh Khoa" in register.detail.text()


def test_double_click_edit_recomputes_the_due_date_of_a_returned_dossier(
    qtbot, db: Database, officer: Actor
) -> None:
    did = _setup(db, officer)
    with db.write() as s:
        dossiers.mark_returned(s, officer, did, datetime(2026, 11, 10, 9, 0))
    page = _page(qtbot, db, officer)
    register = page.register
    assert "trễ hẹn" in register.table.item(0, 7).text()
    rect = register.table.visualItemRect(register.table.item(0, 2))
    # Item views see a double click only after a first click (as a real mouse sends it).
    qtbot.mouseClick(register.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(register.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = register.last_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert "trễ hẹn" in dialog.due.text()
    _set_received(dialog, QDate(2026, 11, 4))  # received two days later than entered
    assert "hẹn trả 11/11/2026" in dialog.due.text() and "đúng hẹn" in dialog.due.text()
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    with db.read() as s:
        d = dossiers.get(s, did)
        assert d.due_at == datetime(2026, 11, 11, 17, 0) and d.state == "returned"
        assert dossiers.late_dossiers(s, TODAY) == []
    assert register.table.item(0, 7).text() == "Đã trả kết quả"
    assert "hẹn trả: 09/11/2026 → 11/11/2026" in _audit(db)[0]
    # A time of receipt after the return is shown next to the field.
    register.table.selectRow(0)
    dialog = register.edit_dossier()
    _set_received(dialog, QDate(2026, 11, 12))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "sau lúc trả kết quả" in dialog.errors.label("received_at").text()


def test_changing_the_procedure_shows_and_saves_the_new_due_date(
    qtbot, db: Database, officer: Actor
) -> None:
    did = _setup(db, officer)
    page = _page(qtbot, db, officer)
    page.register.table.selectRow(0)
    qtbot.mouseClick(page.register.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.register.last_dialog
    dialog.procedure.setCurrentIndex(dialog.procedure.findData("1.002"))
    assert "10 ngày làm việc" in dialog.due.text() and "hẹn trả 16/11/2026" in dialog.due.text()
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    with db.read() as s:
        d = dossiers.get(s, did)
        assert d.procedure.code == "1.002" and d.due_at == d.promised_at
        assert d.due_at == datetime(2026, 11, 16, 17, 0)


def test_a_stale_edit_says_someone_else_changed_the_dossier(
    qtbot, db: Database, officer: Actor, leader: Actor
) -> None:
    did = _setup(db, officer)
    page = _page(qtbot, db, officer)
    page.register.table.selectRow(0)
    dialog = page.register.edit_dossier()
    assert dialog is not None
    # Meanwhile a leader corrects the same dossier from another computer.
    with db.write() as s:
        d = dossiers.get(s, did)
        data = replace(dossiers.to_input(d), applicant_address="Phường An Xuyên")
        dossiers.update_dossier(s, leader, did, data, d.version)
    type_text(qtbot, dialog.phone, "0912345678")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # not saved, the form stays open with what was typed
    assert dialog.general.isVisible()
    assert "người khác thay đổi" in dialog.general.text()
    with db.read() as s:
        d = dossiers.get(s, did)
        assert d.applicant_phone == "" and d.applicant_address == "Phường An Xuyên"
    assert len(_audit(db)) == 1
    dialog.reject()


def test_officer_in_charge_is_chosen_at_entry(
    qtbot, db: Database, leader: Actor, officer: Actor, colleague: Actor, inspector: Actor
) -> None:
    _setup(db, officer)
    page = _page(qtbot, db, leader)
    dialog = page.register.new_dossier()
    names = [dialog.officer.itemText(i) for i in range(dialog.officer.count())]
    # Officers, and the leader entering it (in charge by default, as before); no inspector.
    assert sorted(names) == sorted(["Võ Thị Thu Hà", "Trần Minh Khoa", "Nguyễn Văn Đức"])
    assert dialog.officer.currentData() == leader.id
    dialog.print_receipt.setChecked(False)
    _set_received(dialog, QDate(2026, 11, 16))
    type_text(qtbot, dialog.code, "HS-2")
    type_text(qtbot, dialog.name, "Trương Thị Mỹ Lệ")
    dialog.officer.setCurrentIndex(dialog.officer.findData(colleague.id))
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    with db.read() as s:
        assert dossiers.get_by_code(s, "HS-2").officer_id == colleague.id


def test_import_with_a_state_column_keeps_refused_and_withdrawn_out_of_the_late_list(
    qtbot, db: Database, officer: Actor, tmp_path: Path
) -> None:
    _setup(db, officer)
    path = tmp_path / "mot-cua.csv"
    path.write_text(
        "Số hồ sơ,Mã TTHC,Họ tên,Ngày nộp,Trạng thái hồ sơ\n"
        "A-1,1.001,Nguyễn Văn Ánh,03/11/2026 08:00,Đang giải quyết\n"
        "A-2,1.001,Trần Thị Bé,03/11/2026 08:00,Từ chối\n"
        "A-3,1.001,Lê Văn Cường,03/11/2026 08:00,Rút hồ sơ\n"
        "A-4,1.001,Phạm Thị Dung,03/11/2026 08:00,Chờ bổ sung\n",
        encoding="utf-8",
    )
    page = _page(qtbot, db, officer)
    wizard = page.register.import_file()
    assert wizard.file_page.load(path)
    wizard.next()
    assert wizard.mapping_page.combos["state"].currentText() == "Trạng thái hồ sơ"
    with qtbot.waitSignal(wizard.checked, timeout=20000):
        wizard.next()
    assert "thêm mới: 4" in wizard.preview_page.summary.text()
    with qtbot.waitSignal(wizard.imported, timeout=20000):
        wizard.next()
    wizard.accept()
    register = page.register
    states = {
        register.table.item(r, 0).text(): register.table.item(r, 7).text()
        for r in range(register.table.rowCount())
    }
    assert states["A-1"] == "Đang giải quyết · trễ hẹn"
    assert states["A-2"] == "Từ chối giải quyết · không tính trễ hẹn"
    assert states["A-3"] == "Đã rút hồ sơ · không tính trễ hẹn"
    assert states["A-4"].startswith("Chờ bổ sung · dừng tính thời hạn từ ")
    late = page.late
    codes = {late.table.item(r, 0).text() for r in range(late.table.rowCount())}
    assert codes == {"A-1", "HS-1"}
    with db.read() as s:
        owing = dossiers.late_dossiers(s, TODAY, only_owing=True)
        assert {r.code for r in owing} == {"A-1", "HS-1"}
