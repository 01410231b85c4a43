"""The Tố cáo tham nhũng page driven as inspectors, leaders and counter officers drive it."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from sqlalchemy import select

from camau_reception.domain.deadlines import DeadlineStatus
from camau_reception.models.audit import AuditEvent
from camau_reception.models.reception import Reception
from camau_reception.printing.pdftext import pdf_text
from camau_reception.services import corruption as svc
from camau_reception.ui.context import AppContext
from camau_reception.ui.corruption import keyring_cache
from camau_reception.ui.petitions.deadline_chip import COLOURS
from tests.conftest import PASSWORD
from tests.helpers import type_text
from tests.unit.test_corruption_support import (  # noqa: F401 (fixture)
    ADDRESS_DETAIL,
    NAME,
    NUMBER,
    PHONE,
    fast_kdf,
    record_case,
    set_up,
)

TODAY = date(2026, 3, 20)
REASON = "Liên hệ người tố cáo để bổ sung chứng cứ"


@pytest.fixture(autouse=True)
def _clean_cache():
    yield
    keyring_cache.clear()
    svc._intake_receipts.clear()


def _page(qtbot, db, actor):
    from camau_reception.ui.corruption.page import CorruptionPage

    ctx = AppContext(db=db, actor=actor, today=lambda: TODAY)
    page = CorruptionPage(ctx)
    page.no_preview = True
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    return page


def test_list_masks_the_reporter_and_a_leader_cannot_reveal(qtbot, db, inspector, leader):
    set_up(db, inspector)
    record_case(db, inspector)
    page = _page(qtbot, db, leader)
    assert page.table.rowCount() == 1
    cells = [page.table.item(0, c).text() for c in range(page.table.columnCount())]
    assert cells[2] == "Người tố cáo (đã bảo mật)"
    assert NAME not in " ".join(cells)
    page.table.selectRow(0)
    assert "đã được mã hóa" in page.reporter.text()
    assert not page.reveal_button.isVisible()
    assert "chỉ thanh tra viên được cấp quyền" in page.key_status.text()
    assert page.action_button("accept") is None  # leaders read, inspectors act


def test_inspector_reveals_with_a_reason_and_it_is_audited(qtbot, db, inspector):
    set_up(db, inspector)
    record_case(db, inspector)
    keyring_cache.on_login(db, inspector, PASSWORD)
    page = _page(qtbot, db, inspector)
    page.table.selectRow(0)
    assert page.reveal_button.isEnabled()
    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
    dialog = page.last_dialog
    # Without a reason: refused, nothing shown.
    qtbot.mouseClick(dialog.reveal_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible() and not dialog.view.isVisible()
    type_text(qtbot, dialog.reason, REASON)
    qtbot.mouseClick(dialog.reveal_button, Qt.MouseButton.LeftButton)
    assert dialog.view.isVisible()
    shown = dialog.view.toPlainText()
    assert NAME in shown and NUMBER in shown
    dialog.reject()
    assert dialog.view.toPlainText() == ""  # gone with the dialog
    with db.read() as s:
        ev = s.execute(
            select(AuditEvent).where(AuditEvent.action == "corruption.reveal")
        ).scalar_one()
        assert REASON in ev.summary and NAME not in ev.summary
    page.tabs.setCurrentIndex(3)
    assert page.history.rowCount() == 1


def test_intake_from_the_counter_leaves_only_a_code(qtbot, db, inspector, officer):
    from camau_reception.ui.corruption import session as area_session
    from camau_reception.ui.dashboard_sections.corruption import build
    from camau_reception.ui.reception.form import ReceptionDialog

    set_up(db, inspector)
    ctx = AppContext(
        db=db, actor=officer, today=lambda: date(2026, 3, 16), clock=lambda: time(17, 0)
    )
    # Codes left unshown from an earlier database file of this process carry the same
    # reception ids as the visits about to be saved here; they must not hide the new code.
    for stale_id in range(1, 6):
        svc._intake_receipts[stale_id] = svc.IntakeReceipt(
            stale_id, 99, "TC-OLD", "STALE-CODE-000", datetime(2025, 1, 2, 8), (), officer.id
        )
    # The officer's Tổng quan page builds the area's (invisible) wiring at start-up.
    wiring = build(ctx, None)
    qtbot.addWidget(wiring)
    assert not wiring.isVisible()
    watcher = area_session.watcher_of(ctx)
    assert watcher is not None
    form = ReceptionDialog(ctx)
    qtbot.addWidget(form)
    form.show()
    form.received_at.setDateTime(QDateTime(datetime(2026, 3, 16, 8, 30)))
    type_text(qtbot, form.id_number, NUMBER)
    type_text(qtbot, form.full_name, NAME)
    form.commune.setCurrentText("Phường Tân Thành")
    type_text(qtbot, form.address_detail, ADDRESS_DETAIL)
    type_text(qtbot, form.summary, "Tố cáo cán bộ thu tiền trái phép khi cấp phép quảng cáo.")
    form.matter_checks["denunciation"].setChecked(True)
    assert form.corruption.isVisible()
    form.corruption.setChecked(True)
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    with db.read() as s:
        r = s.get(Reception, form.saved_id)
        code = svc.case_for_reception(s, r.id).code
        assert r.citizen_id is None and code in r.summary
        assert NAME not in r.summary
    # Right after saving, the counter is shown the follow-up code to hand over, once.
    qtbot.waitUntil(lambda: watcher.last_dialog is not None and watcher.last_dialog.isVisible())
    dialog = watcher.last_dialog
    followup = dialog.code_label.text()
    assert len(followup) == 14 and code in dialog.findChildren(QLabel)[0].text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # Esc must not lose the only view of the code
    dialog.accept()
    from camau_reception.ui.corruption.dialogs import show_intake_receipt

    assert not show_intake_receipt(None, ctx, form.saved_id)  # handed over already
    # ... and any officer finds the state with it, never the identity.
    from camau_reception.ui.corruption.dialogs import FollowupLookup

    lookup = FollowupLookup(ctx)
    qtbot.addWidget(lookup)
    qtbot.keyClicks(lookup.code, followup)
    qtbot.keyClick(lookup.code, Qt.Key.Key_Return)
    text = lookup.result.text()
    assert code in text and "Đang phân loại" in text and NAME not in text
    lookup.code.clear()
    qtbot.keyClicks(lookup.code, "AAAA-BBBB-CCCC")
    qtbot.keyClick(lookup.code, Qt.Key.Key_Return)
    assert "Không tìm thấy hồ sơ với mã theo dõi này" in lookup.result.text()


def test_register_page_alone_hands_over_the_follow_up_code(
    qtbot, db, inspector, officer, monkeypatch
):
    """Even when no page of the corruption area was built, the register page's new-visit
    form ends with the follow-up code on screen (it is the only copy)."""
    from camau_reception.ui.corruption import session as area_session
    from camau_reception.ui.reception.register_page import RegisterPage

    set_up(db, inspector)
    ctx = AppContext(
        db=db, actor=officer, today=lambda: date(2026, 3, 16), clock=lambda: time(17, 0)
    )
    page = RegisterPage(ctx)
    qtbot.addWidget(page)
    page.show()
    watcher = area_session.watcher_of(ctx)
    assert watcher is not None
    form = page.new_reception()
    assert form is not None
    form.received_at.setDateTime(QDateTime(datetime(2026, 3, 16, 9, 0)))
    type_text(qtbot, form.id_number, NUMBER)
    type_text(qtbot, form.full_name, NAME)
    form.commune.setCurrentText("Phường Tân Thành")
    type_text(qtbot, form.address_detail, ADDRESS_DETAIL)
    type_text(qtbot, form.summary, "Tố cáo cán bộ nhận tiền khi thẩm định hồ sơ lễ hội.")
    form.matter_checks["denunciation"].setChecked(True)
    form.corruption.setChecked(True)
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: watcher.last_dialog is not None and watcher.last_dialog.isVisible())
    assert len(watcher.last_dialog.code_label.text()) == 14
    watcher.last_dialog.accept()
    # The register keeps only the case code: opening the row explains where the case lives.
    from camau_reception.ui import messages

    shown: list[str] = []
    monkeypatch.setattr(messages, "info", lambda _p, _title, text: shown.append(text))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.selectRow(0)
    assert page.open_selected() is None
    assert len(shown) == 1 and "Tố cáo tham nhũng" in shown[0]


def test_show_intake_receipt_for_the_reception_page(qtbot, db, inspector, officer):
    """The call the reception page may make itself after saving (modal, once)."""
    from camau_reception.services import reception as reception_svc
    from camau_reception.ui.corruption.dialogs import FollowupCodeDialog, show_intake_receipt
    from tests.unit.test_corruption_support import NOW, counter_visit

    set_up(db, inspector)
    ctx = AppContext(db=db, actor=officer, today=lambda: date(2026, 3, 16))
    with db.write() as s:
        rid = reception_svc.record(s, officer, counter_visit(), now=NOW).id
    # (Codes of earlier tests' visits may linger in this process: they are kept until shown.)
    assert rid in svc.pending_intake_receipts(officer.id)
    assert rid not in svc.pending_intake_receipts(inspector.id)
    shown: list[str] = []
    real_exec = FollowupCodeDialog.exec
    FollowupCodeDialog.exec = lambda self: shown.append(self.code_label.text()) or 1
    try:
        assert show_intake_receipt(None, ctx, rid)
        assert not show_intake_receipt(None, ctx, rid)
    finally:
        FollowupCodeDialog.exec = real_exec
    assert len(shown) == 1 and rid not in svc.pending_intake_receipts(officer.id)


def test_redacted_transfer_slip_and_verifier_copy(qtbot, db, inspector):
    set_up(db, inspector)
    case_id, _ = record_case(db, inspector)
    keyring_cache.on_login(db, inspector, PASSWORD)
    page = _page(qtbot, db, inspector)
    page.table.selectRow(0)
    assert not page.slip_button.isEnabled()  # nothing to transfer yet
    qtbot.mouseClick(page.action_button("to_transfer"), Qt.MouseButton.LeftButton)
    dialog = page.last_dialog
    type_text(qtbot, dialog.transfer_to, "Thanh tra tỉnh Cà Mau")
    with qtbot.waitSignal(dialog.finished):
        dialog.save()
    qtbot.mouseClick(page.action_button("transfer"), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.last_dialog.finished):
        page.last_dialog.save()
    assert page.slip_button.isEnabled()
    qtbot.mouseClick(page.slip_button, Qt.MouseButton.LeftButton)
    slip = pdf_text(page.last_pdf)
    assert "PHIẾU CHUYỂN ĐƠN TỐ CÁO" in slip and "Thanh tra tỉnh Cà Mau" in slip
    assert "Người tố cáo (đã bảo mật)" in slip and "01/PC-" in slip
    qtbot.mouseClick(page.verifier_button, Qt.MouseButton.LeftButton)
    copy = pdf_text(page.last_pdf)
    assert "BẢN TRÍCH NỘI DUNG TỐ CÁO" in copy and "nhận tiền" in copy
    for text in (slip, copy):
        flat = " ".join(text.split())
        for secret in (NAME, NUMBER, PHONE, ADDRESS_DETAIL, "Phan Ngọc Hiển", "Bích Ngọc"):
            assert secret not in flat
    del case_id


def test_new_case_dialog_shows_errors_by_the_field(qtbot, db, inspector):
    set_up(db, inspector)
    keyring_cache.on_login(db, inspector, PASSWORD)
    page = _page(qtbot, db, inspector)
    dialog = page.new_case()
    dialog.save()  # nothing typed
    assert dialog.errors.label("identity.full_name").isVisible()
    assert dialog.errors.label("summary").isVisible()
    qtbot.mouseClick(dialog.anonymous, Qt.MouseButton.LeftButton)
    assert not dialog.identity_box.isVisible()
    type_text(qtbot, dialog.summary, "Tin báo nặc danh về việc nhận quà khi xét tuyển.")
    from camau_reception.ui.corruption.dialogs import FollowupCodeDialog

    real_exec = FollowupCodeDialog.exec
    FollowupCodeDialog.exec = lambda self: 1
    try:
        dialog.save()
    finally:
        FollowupCodeDialog.exec = real_exec
    assert dialog.result() == dialog.DialogCode.Accepted
    assert page.table.rowCount() == 1
    assert page.table.item(0, 2).text() == "Nặc danh"


def test_dashboard_section_counts_codes_only(qtbot, db, inspector, leader):
    from camau_reception.ui.dashboard_sections.corruption import build

    set_up(db, inspector)
    late_id, _ = record_case(db, inspector)  # classification due Wed 25/03/2026
    soon_id, _ = record_case(db, inspector, received_on=date(2026, 3, 20))  # due Tue 31/03
    record_case(db, inspector, received_on=date(2026, 3, 27), today=date(2026, 3, 27))  # 07/04
    with db.write() as s:
        svc.add_protection_request(
            s,
            inspector,
            late_id,
            svc.ProtectionInput(date(2026, 3, 16), {"reporter"}, {"job"}),  # decide by 25/03
        )
    ctx = AppContext(db=db, actor=leader, today=lambda: date(2026, 3, 27))
    section = build(ctx, None)
    qtbot.addWidget(section)
    assert section.cards["overdue"].value.text() == "1"
    # Friday 27/03: three working days reach Wednesday 01/04 (31/03 is in, 07/04 is not).
    assert section.cards["due_soon"].value.text() == "1"
    assert "01/04/2026" in section.cards["due_soon"].detail.text()
    assert section.cards["open"].value.text() == "3"
    assert section.cards["protection"].value.text() == "1"
    assert "1 quá hạn" in section.cards["protection"].detail.text()
    table = section.urgent
    rows = [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]
    assert [r[0] for r in rows] == ["TCTN-2026-0001", "TCTN-2026-0001", "TCTN-2026-0002"]
    assert rows[0][1] == "Phân loại, xử lý ban đầu"
    assert rows[1][1] == "Quyết định bảo vệ người tố cáo"
    assert NAME not in str(rows)
    # Same colours as every deadline: red overdue; 4 of 11 days left is still green.
    assert table.item(0, 2).background().color().name() == COLOURS[DeadlineStatus.RED][1]
    assert table.item(2, 2).background().color().name() == COLOURS[DeadlineStatus.GREEN][1]
    opened: list[tuple[str, object]] = []
    ctx.signals.navigate.connect(lambda key, payload: opened.append((key, payload)))
    section.open_row(2)
    assert opened == [("corruption", soon_id)]


def test_navigating_to_a_case_selects_it(qtbot, db, inspector, leader):
    set_up(db, inspector)
    first, _ = record_case(db, inspector)
    record_case(db, inspector)
    page = _page(qtbot, db, leader)
    page.search.setText("không có")
    assert page.table.rowCount() == 0
    page.open_record(first)
    assert page.table.rowCount() == 2
    assert page.current_id == first and page.table.currentRow() == 1
    assert "TCTN-2026-0001" in page.header.text()


def test_step_buttons_follow_the_state_without_stale_copies(qtbot, db, inspector):
    set_up(db, inspector)
    record_case(db, inspector)
    keyring_cache.on_login(db, inspector, PASSWORD)
    page = _page(qtbot, db, inspector)
    page.table.selectRow(0)
    qtbot.mouseClick(page.action_button("accept"), Qt.MouseButton.LeftButton)
    dialog = page.last_dialog
    assert "TCTN-2026-0001" in dialog.hint.text() and "30 ngày" in dialog.hint.text()
    type_text(qtbot, dialog.document_no, "15/QĐ-SVHTTDL")
    with qtbot.waitSignal(dialog.finished):
        dialog.save()
    names = sorted(
        b.objectName()
        for b in page.findChildren(QPushButton)
        if b.objectName().startswith("action_")
    )
    assert names == ["action_conclude", "action_extend", "action_verify"]
    qtbot.waitUntil(lambda: all(page.action_button(n[7:]).isVisible() for n in names))
    assert page.chip.text() == "Còn hạn — hạn 20/04/2026"
    qtbot.mouseClick(page.action_button("extend"), Qt.MouseButton.LeftButton)
    assert "lần gia hạn thứ 1" in page.last_dialog.hint.text()
    page.last_dialog.reject()


def test_inspector_corrects_the_identity_from_the_reveal_dialog(qtbot, db, inspector):
    set_up(db, inspector)
    case_id, _ = record_case(db, inspector)
    keyring_cache.on_login(db, inspector, PASSWORD)
    page = _page(qtbot, db, inspector)
    page.table.selectRow(0)
    dialog = page.reveal()
    assert not dialog.edit_button.isVisible()  # nothing to correct before the reveal
    type_text(qtbot, dialog.reason, "Sửa theo bản chụp giấy tờ người tố cáo gửi bổ sung")
    qtbot.mouseClick(dialog.reveal_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    assert dialog.editor.isVisible() and dialog.editor.full_name.text() == NAME
    dialog.editor.full_name.clear()
    type_text(qtbot, dialog.editor.full_name, "Lâm Hoàng Khải Nguyên")
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved and dialog.editor.full_name.text() == ""
    assert page.history.rowCount() == 2  # the reveal and the correction, with the reason
    with db.write() as s:
        who = svc.reveal_identity(s, inspector, keyring_cache.get(inspector.id), case_id, REASON)
        # Only the typed fields changed: the statement taken at intake is kept.
        assert who.full_name == "Lâm Hoàng Khải Nguyên" and who.id_number == NUMBER
        assert who.statement.startswith("Tôi tố cáo")
    with db.read() as s:
        ev = s.execute(
            select(AuditEvent).where(AuditEvent.action == "corruption.identity_update")
        ).scalar_one()
        assert "bản chụp giấy tờ" in ev.summary and "Khải Nguyên" not in ev.summary


def test_details_refuse_a_summary_naming_the_denouncer(qtbot, db, inspector):
    set_up(db, inspector)
    record_case(db, inspector)
    keyring_cache.on_login(db, inspector, PASSWORD)
    page = _page(qtbot, db, inspector)
    page.table.selectRow(0)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.last_dialog
    dialog.summary.clear()
    type_text(qtbot, dialog.summary, f"Bà {NAME} tố cáo cán bộ nhận tiền.")
    dialog.save()
    assert dialog.errors.label("summary").isVisible()
    assert dialog.isVisible()
    dialog.summary.clear()
    type_text(qtbot, dialog.summary, "Tố cáo cán bộ nhận tiền khi thẩm định hồ sơ.")
    dialog.field.setCurrentIndex(dialog.field.findData("Du lịch"))
    with qtbot.waitSignal(dialog.finished):
        dialog.save()
    assert page.table.item(0, 3).text() == "Du lịch"
    assert page.table.item(0, 4).text() == "Tố cáo cán bộ nhận tiền khi thẩm định hồ sơ."


def test_delete_a_case_entered_by_mistake(qtbot, db, db_path, inspector):
    set_up(db, inspector)
    record_case(db, inspector)
    keyring_cache.on_login(db, inspector, PASSWORD)
    page = _page(qtbot, db, inspector)
    page.table.selectRow(0)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    dialog = page.last_dialog
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)  # no reason
    assert dialog.error.isVisible() and dialog.isVisible()
    type_text(qtbot, dialog.reason, "Nhập trùng hồ sơ")
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == 0 and page.current_id is None
    assert page.timeline.rowCount() == 0 and page.action_button("accept") is None
    with db.read() as s:
        ev = s.execute(
            select(AuditEvent).where(AuditEvent.action == "corruption.delete")
        ).scalar_one()
        assert "TCTN-2026-0001" in ev.summary and "Nhập trùng" in ev.summary
    # The WAL was emptied after the deletion.
    wal = Path(str(db_path) + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_year_report_csv_from_the_page(qtbot, db, inspector, leader, tmp_path):
    set_up(db, inspector)
    record_case(db, inspector)
    page = _page(qtbot, db, leader)
    labels = [a.text() for a in page.report_button.menu().actions()]
    assert labels == ["In báo cáo (PDF)…", "Xuất số liệu (CSV) cho cổng thông tin…"]
    out = page.export_year_csv(tmp_path / "bc.csv")
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Năm,Nhóm chỉ tiêu,Chỉ tiêu,Số liệu"
    assert "2026,Tổng quát,Tổng số tin, đơn tố cáo tham nhũng tiếp nhận,1" not in lines
    assert '2026,Tổng quát,"Tổng số tin, đơn tố cáo tham nhũng tiếp nhận",1' in lines
    assert NAME not in out.read_text(encoding="utf-8-sig")


def test_sign_out_wipes_the_unlocked_keys(qtbot, db, inspector):
    from camau_reception.ui.corruption import session as area_session

    class Window(QWidget):
        logout_requested = Signal()

    set_up(db, inspector)
    ring = keyring_cache.on_login(db, inspector, PASSWORD)
    assert ring.has_access
    window = Window()
    qtbot.addWidget(window)
    anchor = QWidget(window)
    ctx = AppContext(db=db, actor=inspector, today=lambda: TODAY)
    area_session.install(ctx, anchor)
    assert area_session.install(ctx, anchor) is area_session.watcher_of(ctx)  # once per window
    window.logout_requested.emit()
    assert keyring_cache.get(inspector.id) is None
    assert ring.data_key is None and ring.private_key == b""


def test_sign_in_unlocks_the_inspector_keys(qtbot, db, inspector):
    """The sign-in dialog's "user.signed_in" hook unlocks the keys; the page finds them."""
    from camau_reception.ui.login import LoginDialog

    set_up(db, inspector)
    keyring_cache.clear()
    login = LoginDialog(db)
    qtbot.addWidget(login)
    login.username.setText(inspector.username)
    login.password.setText(PASSWORD)
    login.try_login()
    assert login.actor is not None
    ring = keyring_cache.get(inspector.id)
    assert ring is not None and ring.has_access
    keyring_cache.forget(inspector.id)
    assert keyring_cache.get(inspector.id) is None
