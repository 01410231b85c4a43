"""Lịch tiếp công dân page, driven like a user: create a rule and watch the month fill, move a
session by hand, deputise, publish twice and see the differences, holidays named in the grid,
the checks panel, read-only for officers, paper and files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from camau_reception.printing.pdftext import pdf_text
from camau_reception.services import schedule
from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database
from camau_reception.ui.context import AppContext
from tests.helpers import type_text

HEAD = "Nguyễn Thị Hồng Nhung"
DEPUTY = "Lê Văn Đức"
TODAY = date(2026, 11, 28)


@pytest.fixture
def people(db: Database, leader: Actor) -> tuple[int, int]:
    with db.write() as s:
        head = schedule.add_staff(s, leader, HEAD, "Giám đốc", is_leader=True, is_head=True)
        deputy = schedule.add_staff(s, leader, DEPUTY, "Phó Giám đốc", is_leader=True)
        return head.id, deputy.id


def _page(qtbot, db: Database, actor: Actor):
    from camau_reception.ui.schedule.page import SchedulePage

    page = SchedulePage(AppContext(db=db, actor=actor, today=lambda: TODAY))
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    return page


def _click_ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)


def test_rule_fills_the_month_move_by_hand_and_publish(
    qtbot, db: Database, leader: Actor, people
) -> None:
    page = _page(qtbot, db, leader)
    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)  # December 2026
    assert page.title.text() == "Tháng 12/2026"
    assert any(
        "chưa có buổi tiếp" in page.checks.item(i).text() for i in range(page.checks.count())
    )

    dialog = page.add_rule()
    dialog.kind.setCurrentIndex(dialog.kind.findData("day_of_month"))
    dialog.day.setValue(15)
    dialog.start.setDate(QDate(2026, 12, 1))
    dialog.end.setDate(QDate(2026, 12, 31))
    type_text(qtbot, dialog.topics, "Khiếu nại về lễ hội")
    assert dialog.summary.text() == "Ngày 15 hằng tháng: 1 ngày, 0 ngày chuyển khỏi ngày nghỉ."
    with qtbot.waitSignal(dialog.finished):
        _click_ok(qtbot, dialog)
    assert dialog.created == 1
    assert HEAD in page.grid.day_text(date(2026, 12, 15))
    assert not any(
        "chưa có buổi tiếp" in page.checks.item(i).text() for i in range(page.checks.count())
    )

    page.grid.select_day(date(2026, 12, 15))
    assert page.day_list.count() == 1 and page.move_button.isEnabled()
    qtbot.mouseClick(page.move_button, Qt.MouseButton.LeftButton)
    move = page.last_dialog
    _click_ok(qtbot, move)  # same day, no reason: refused next to the fields
    assert move.errors.label("reason").isVisible()
    assert move.errors.label("reason").text() == "Hãy ghi lý do dời lịch."
    assert move.errors.label("new_day").text() == "Ngày mới trùng ngày đang xếp."
    move.new_day.setDate(QDate(2026, 12, 16))
    assert "Phải niêm yết lịch mới chậm nhất ngày 09/12/2026" in move.hint.text()
    type_text(qtbot, move.reason, "Trùng lịch họp UBND tỉnh")
    with qtbot.waitSignal(move.finished):
        _click_ok(qtbot, move)
    assert HEAD not in page.grid.day_text(date(2026, 12, 15))
    assert HEAD in page.grid.day_text(date(2026, 12, 16))
    page.grid.select_day(date(2026, 12, 16))
    assert "Dời từ ngày 15/12/2026: Trùng lịch họp UBND tỉnh" in page.day_list.item(0).text()

    publish = page.publish()
    assert "Bản đầu tiên, 1 buổi tiếp" in publish.changes.item(0).text()
    with qtbot.waitSignal(publish.finished):
        _click_ok(qtbot, publish)
    assert publish.row_version == 1
    assert "bản 1 niêm yết ngày 28/11/2026" in page.published.text()

    page.grid.select_day(date(2026, 12, 16))
    page.move_session(postpone=True)
    move = page.last_dialog
    assert move.postpone_radio.isChecked()
    move.new_day.setDate(QDate(2026, 12, 18))
    type_text(qtbot, move.reason, "Giám đốc họp Tỉnh ủy")
    with qtbot.waitSignal(move.finished):
        _click_ok(qtbot, move)
    assert "1 thay đổi chưa niêm yết" in page.published.text()
    publish = page.publish()
    texts = [publish.changes.item(i).text() for i in range(publish.changes.count())]
    assert "  Đổi: buổi 16/12/2026: hoãn từ 16/12/2026 sang 18/12/2026" in texts
    with qtbot.waitSignal(publish.finished):
        _click_ok(qtbot, publish)
    assert publish.row_version == 2
    assert "bản 2 niêm yết" in page.published.text()
    with db.read() as s:
        assert [p.version for p in schedule.publications(s, "2026-12")] == [1, 2]


def test_deputise_then_list_view_and_checks(qtbot, db: Database, leader: Actor, people) -> None:
    head, _ = people
    with db.write() as s:
        schedule.create_session(s, leader, date(2026, 12, 10), head)
    page = _page(qtbot, db, leader)
    page.shift_month(1)
    page.grid.select_day(date(2026, 12, 10))
    qtbot.mouseClick(page.deputy_button, Qt.MouseButton.LeftButton)
    dialog = page.last_dialog
    assert dialog.deputy.count() == 1  # the presiding leader is not offered
    _click_ok(qtbot, dialog)
    assert dialog.errors.label("reason").text() == "Hãy ghi lý do ủy quyền."
    type_text(qtbot, dialog.reason, "Đi công tác")
    with qtbot.waitSignal(dialog.finished):
        _click_ok(qtbot, dialog)
    text = page.grid.day_text(date(2026, 12, 10))
    assert f"{DEPUTY} (ủy quyền thay {HEAD})" in text
    # The head no longer receives in person in December: the month is flagged, the law quoted.
    checks = [page.checks.item(i).text() for i in range(page.checks.count())]
    assert any("Điều 18 khoản 2" in c for c in checks)
    qtbot.mouseClick(page.list_toggle, Qt.MouseButton.LeftButton)
    assert page.stack.currentIndex() == 1
    assert page.list.item(0, 3).text() == f"{DEPUTY} (thay {HEAD})"
    assert page.list.item(0, 5).text() == "Ủy quyền"
    assert page.list.item(0, 6).text() == "03/12/2026"  # five working days before 10/12
    assert page.list.item(0, 7).text() == "Chưa"
    with db.write() as s:
        schedule.create_session(s, leader, date(2026, 3, 12), head)
    page.scope.setCurrentIndex(page.scope.findData("year"))  # the whole year in one list
    assert [page.list.item(r, 0).text() for r in range(page.list.rowCount())] == [
        "12/03/2026",
        "10/12/2026",
    ]
    page.list.setCurrentCell(0, 0)
    assert page.selected_session().day == date(2026, 3, 12)


def test_holidays_named_and_a_late_session_flagged(
    qtbot, db: Database, leader: Actor, people
) -> None:
    head, _ = people
    with db.write() as s:
        schedule.create_session(s, leader, date(2026, 12, 1), head)  # unpublished, deadline gone
    page = _page(qtbot, db, leader)
    page.shift_month(1)
    checks = [page.checks.item(i) for i in range(page.checks.count())]
    late = next(c for c in checks if "chưa niêm yết" in c.text())
    assert "hạn niêm yết 23/11/2026 đã qua" in late.text()  # 24/11 is a day off, skipped
    qtbot.mouseClick(
        page.checks.viewport(),
        Qt.MouseButton.LeftButton,
        pos=page.checks.visualItemRect(late).center(),
    )
    assert page.selected_day == date(2026, 12, 1)
    publish = page.publish()
    texts = [publish.changes.item(i).text() for i in range(publish.changes.count())]
    assert "Niêm yết muộn: buổi 01/12/2026 phải niêm yết chậm nhất ngày 23/11/2026." in texts
    publish.reject()
    page.shift_month(-10)  # February 2026
    assert "Tết" in page.grid.day_text(date(2026, 2, 17))
    page.shift_month(9)  # November 2026
    assert "Ngày Văn hóa Việt Nam" in page.grid.day_text(date(2026, 11, 24))


def test_desk_dialog_and_officer_reads_only(
    qtbot, db: Database, leader: Actor, officer: Actor, people
) -> None:
    with db.write() as s:
        desk_officer = schedule.add_staff(
            s, leader, "Võ Thị Thu Hà", "Chuyên viên", is_leader=False
        )
        desk_id = desk_officer.id
    page = _page(qtbot, db, leader)
    page.grid.select_day(date(2026, 11, 30))
    qtbot.mouseClick(page.desk_button, Qt.MouseButton.LeftButton)
    dialog = page.last_dialog
    morning = dialog.lists["morning"]
    row = next(
        i
        for i in range(morning.count())
        if morning.item(i).data(Qt.ItemDataRole.UserRole) == desk_id
    )
    morning.item(row).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(dialog.finished):
        _click_ok(qtbot, dialog)
    assert "S: Võ Thị Thu Hà" in page.grid.day_text(date(2026, 11, 30))
    assert "Sáng: Võ Thị Thu Hà" in page.desk_label.text()

    reader = _page(qtbot, db, officer)
    assert not reader.rule_button.isVisibleTo(reader)
    assert not reader.publish_button.isVisibleTo(reader)
    assert not reader.move_button.isVisibleTo(reader)
    assert reader.print_button.isVisibleTo(reader)


def test_print_and_export_from_the_page(
    qtbot, db: Database, leader: Actor, people, tmp_path: Path
) -> None:
    head, _ = people
    with db.write() as s:
        schedule.create_session(s, leader, date(2026, 12, 15), head)
    page = _page(qtbot, db, leader)
    page.shift_month(1)
    pdf = page.render("month")
    text = " ".join(pdf_text(pdf).split())
    assert "LỊCH TIẾP CÔNG DÂN ĐỊNH KỲ CỦA LÃNH ĐẠO SỞ THÁNG 12/2026" in text
    assert HEAD in text and "15/12/2026" in text
    out = page.export("ics", tmp_path / "lich")
    assert out == tmp_path / "lich.ics" and b"DTSTART;TZID=Asia/Ho_Chi_Minh:20261215T073000" in (
        out.read_bytes()
    )
