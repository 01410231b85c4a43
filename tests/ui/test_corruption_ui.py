"""The Tố cáo tham nhũng page driven as inspectors, leaders and counter officers drive it."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from PySide6.QtCore import QDateTime, Qt
from sqlalchemy import select

from camau_reception.models.audit import AuditEvent
from camau_reception.models.reception import Reception
from camau_reception.printing.pdftext import pdf_text
from camau_reception.services import corruption as svc
from camau_reception.ui.context import AppContext
from camau_reception.ui.corruption import keyring_cache
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
    from camau_reception.ui.reception.form import ReceptionDialog

    set_up(db, inspector)
    ctx = AppContext(
        db=db, actor=officer, today=lambda: date(2026, 3, 16), clock=lambda: time(17, 0)
    )
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
    # The counter hands over the follow-up code once ...
    from camau_reception.ui.corruption.dialogs import FollowupCodeDialog

    shown: list[str] = []
    real_exec = FollowupCodeDialog.exec
    FollowupCodeDialog.exec = lambda self: shown.append(self.code_label.text()) or 1
    try:
        from camau_reception.ui.corruption.dialogs import show_intake_receipt

        assert show_intake_receipt(None, ctx, form.saved_id)
        assert not show_intake_receipt(None, ctx, form.saved_id)
    finally:
        FollowupCodeDialog.exec = real_exec
    # ... and any officer finds the state with it, never the identity.
    from camau_reception.ui.corruption.dialogs import FollowupLookup

    lookup = FollowupLookup(ctx)
    qtbot.addWidget(lookup)
    qtbot.keyClicks(lookup.code, shown[0])
    qtbot.keyClick(lookup.code, Qt.Key.Key_Return)
    text = lookup.result.text()
    assert code in text and "Đang phân loại" in text and NAME not in text


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
    record_case(db, inspector)  # classification due 25/03/2026
    ctx = AppContext(db=db, actor=leader, today=lambda: date(2026, 3, 27))
    section = build(ctx, None)
    qtbot.addWidget(section)
    assert section.overdue.text() == "1 hồ sơ quá hạn"
    assert "TCTN-2026-0001" in section.detail.text() and NAME not in section.detail.text()


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
