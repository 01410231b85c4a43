"""Lịch tiếp công dân page: create a rule, see the month fill, move a session, publish."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from camau_reception.services import schedule
from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database
from camau_reception.ui.context import AppContext


def test_rule_fills_month_move_and_publish(qtbot, db: Database, leader: Actor, monkeypatch) -> None:
    from camau_reception.ui.areas.schedule import SchedulePage

    with db.write() as s:
        schedule.add_staff(
            s, leader, "Nguyễn Thị Hồng Nhung", "Giám đốc", is_leader=True, is_head=True
        )
    page = SchedulePage(AppContext(db=db, actor=leader, today=lambda: date(2026, 11, 28)))
    qtbot.addWidget(page)
    page.show()
    page.shift_month(1)  # December 2026
    assert page.title.text() == "Tháng 12/2026"
    assert "chưa có buổi tiếp" in page.checks.item(0).text()
    dialog = page.add_rule()
    dialog.kind.setCurrentIndex(dialog.kind.findData("day_of_month"))
    dialog.day.setValue(15)
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.created >= 1
    assert page.sessions.count() == 1
    assert "15/12/2026" in page.sessions.item(0).text()
    cell = page.grid.item(
        (date(2026, 12, 1).weekday() + 14) // 7, (date(2026, 12, 1).weekday() + 14) % 7
    )
    assert cell.text().startswith("15") and "Nguyễn Thị Hồng Nhung" in cell.text()
    page.sessions.setCurrentRow(0)
    assert page.move_selected(date(2026, 12, 16), "Trùng lịch họp UBND tỉnh", postpone=True)
    assert "16/12/2026" in page.sessions.item(0).text() and "Hoãn" in page.sessions.item(0).text()
    assert page.publish()
    assert "Đã niêm yết 1 bản" in page.published.text()
