"""The Sổ tiếp công dân page as the officer uses it: search as you type, filters, lazy loading,
new visit with Ctrl+N, an administrator's cancellation kept as a cancelled row."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from camau_reception.models.audit import AuditEvent
from camau_reception.models.reception import Reception
from camau_reception.services import reception as svc
from camau_reception.ui.context import AppContext
from camau_reception.ui.reception.register_model import PAGE
from tests.helpers import type_text
from tests.unit.test_reception_support import DUC, LAN, NOW, person, visit

TODAY = date(2026, 3, 16)


def _page(qtbot, db, actor):
    from camau_reception.ui.reception.register_page import RegisterPage

    ctx = AppContext(db=db, actor=actor, today=lambda: TODAY, clock=lambda: time(17, 0))
    page = RegisterPage(ctx)
    qtbot.addWidget(page)
    page.show()
    return page


def _names(page) -> list[str]:
    return [page.model.rows[i].citizen_name for i in range(page.model.rowCount())]


@pytest.fixture
def three_visits(db, officer, leader):
    with db.write() as s:
        svc.record(s, officer, visit(received_at=datetime(2026, 3, 10, 8, 0)), now=NOW)
        svc.record(
            s,
            officer,
            visit(
                LAN,
                received_at=datetime(2026, 3, 12, 9, 0),
                summary="Phản ánh tiếng ồn quán karaoke ban đêm.",
                matter_kinds={"reflection"},
            ),
            now=NOW,
        )
        svc.record(
            s,
            officer,
            visit(
                person("Lê Đình Dũng", "096080007777", sex="nam"),
                received_at=datetime(2026, 3, 14, 14, 0),
                summary="Kiến nghị sửa chữa nhà văn hóa ấp.",
                matter_kinds={"recommendation"},
                kind="periodic",
                presiding_leader_id=leader.id,
            ),
            now=NOW,
        )


@pytest.mark.parametrize("typed", ["nguyen van duc", "NGUYỄN VĂN ĐỨC", "Nguyen Van Đuc"])
def test_search_as_you_type_ignores_accents_case_and_d(qtbot, db, officer, three_visits, typed):
    page = _page(qtbot, db, officer)
    assert _names(page) == ["Lê Đình Dũng", "Trần Thị Lan", "Nguyễn Văn Đức"]  # newest first
    type_text(qtbot, page.search, typed)
    qtbot.waitUntil(lambda: _names(page) == ["Nguyễn Văn Đức"])
    assert "1 / 1" in page.status.text()


def test_search_by_words_of_the_summary_and_by_id_number(qtbot, db, officer, three_visits):
    page = _page(qtbot, db, officer)
    type_text(qtbot, page.search, "karaoke dem")
    qtbot.waitUntil(lambda: _names(page) == ["Trần Thị Lan"])
    page.search.clear()
    type_text(qtbot, page.search, DUC.id_number)
    qtbot.waitUntil(lambda: _names(page) == ["Nguyễn Văn Đức"])


def test_filters_by_kind_and_classification(qtbot, db, officer, three_visits):
    page = _page(qtbot, db, officer)
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("periodic"))
    assert _names(page) == ["Lê Đình Dũng"]
    page.kind_filter.setCurrentIndex(0)
    page.matter_filter.setCurrentIndex(page.matter_filter.findData("reflection"))
    assert _names(page) == ["Trần Thị Lan"]


def test_date_range_filter(qtbot, db, officer, three_visits):
    page = _page(qtbot, db, officer)
    page.use_dates.setChecked(True)
    page.date_from.setDate(date(2026, 3, 11))
    page.date_to.setDate(date(2026, 3, 13))
    assert _names(page) == ["Trần Thị Lan"]


def test_register_loads_page_by_page(qtbot, db, officer):
    start = datetime(2026, 1, 5, 8, 0)
    with db.write() as s:
        for i in range(PAGE + 15):
            svc.record(
                s,
                officer,
                visit(LAN, received_at=start + timedelta(hours=i), summary=f"Phản ánh lần {i}."),
                now=NOW,
            )
    page = _page(qtbot, db, officer)
    assert page.model.rowCount() == PAGE  # only the first screenfuls are read
    qtbot.waitUntil(lambda: page.model.total == PAGE + 15)
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.rowCount() == PAGE + 15)
    assert page.model.rows[-1].summary == "Phản ánh lần 0."


def test_new_visit_from_the_register_is_selected_after_saving(qtbot, db, officer):
    page = _page(qtbot, db, officer)
    dialog = page.new_reception()
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    type_text(qtbot, dialog.id_number, LAN.id_number)
    type_text(qtbot, dialog.full_name, LAN.full_name)
    dialog.commune.setCurrentText("Xã Đất Mũi")
    type_text(qtbot, dialog.summary, "Phản ánh đèn đường hỏng.")
    dialog.matter_checks["reflection"].setChecked(True)
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert page.selected_row() is not None
    assert page.selected_row().citizen_name == "Trần Thị Lan"


def test_officer_cannot_cancel(qtbot, db, officer, three_visits):
    page = _page(qtbot, db, officer)
    page.table.selectRow(0)
    page.cancel_selected()  # does nothing for an officer, and opens no dialog
    with db.read() as s:
        assert not any(r.cancelled for r in s.scalars(select(Reception)))


def test_admin_cancels_with_a_reason_and_the_row_is_kept(qtbot, db, officer, admin, three_visits):
    page = _page(qtbot, db, admin)
    page.table.selectRow(0)
    target = page.selected_row().id
    seen: list[str] = []

    def answer() -> None:
        from camau_reception.ui.reception.register_page import CancelDialog

        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, CancelDialog):
            QTimer.singleShot(10, answer)
            return
        if not seen:  # first: no reason, the dialog stays with its message
            seen.append("empty")
            dialog.ok.click()
            QTimer.singleShot(10, answer)
            return
        if len(seen) == 1:
            seen.append(dialog.error.text())
            dialog.reason.setPlainText("Nhập trùng lượt tiếp.")
            dialog.ok.click()

    QTimer.singleShot(0, answer)
    page.cancel_selected()
    assert seen[1]  # a message was shown for the empty reason
    with db.read() as s:
        r = s.get(Reception, target)
        assert r.cancelled and "trùng" in (r.cancel_reason or "")
        assert s.scalars(select(AuditEvent).where(AuditEvent.action == "reception.cancel")).all()
    # Hidden by default; shown again with "Hiện lượt đã hủy".
    page.show_cancelled.setChecked(False)
    assert target not in [r.id for r in page.model.rows]
    page.show_cancelled.setChecked(True)
    assert target in [r.id for r in page.model.rows]
