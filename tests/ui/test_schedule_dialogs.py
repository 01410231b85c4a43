"""Dialogs of the calendar on their own: the rule preview shows each move off a day off, the
desk roster by rule, adding a session by hand, the directory with errors by their fields."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt

from camau_reception.services import schedule
from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database
from camau_reception.ui.context import AppContext
from tests.helpers import type_text

TODAY = date(2026, 1, 5)


def _ctx(db: Database, actor: Actor) -> AppContext:
    return AppContext(db=db, actor=actor, today=lambda: TODAY)


def _leaders(db: Database, leader: Actor) -> int:
    with db.write() as s:
        head = schedule.add_staff(
            s, leader, "Nguyễn Thị Hồng Nhung", "Giám đốc", is_leader=True, is_head=True
        )
        schedule.add_staff(s, leader, "Võ Thị Thu Hà", "Chuyên viên", is_leader=False)
        return head.id


def test_rule_preview_shows_the_tet_move_before_saving(qtbot, db: Database, leader: Actor) -> None:
    from camau_reception.ui.schedule.dialogs import RuleDialog

    _leaders(db, leader)
    dialog = RuleDialog(_ctx(db, leader))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.kind.setCurrentIndex(dialog.kind.findData("nth_weekday"))
    dialog.weekday.setCurrentIndex(3)  # Thứ Năm
    dialog.nth.setCurrentIndex(dialog.nth.findData(3))
    dialog.start.setDate(QDate(2026, 1, 1))
    dialog.end.setDate(QDate(2026, 3, 31))
    assert dialog.summary.text() == (
        "Thứ Năm tuần thứ 3 của mỗi tháng: 3 ngày, 1 ngày chuyển khỏi ngày nghỉ."
    )
    assert dialog.preview.item(1, 0).text() == "19/02/2026"
    assert dialog.preview.item(1, 1).text() == "Thứ Hai 23/02/2026"
    assert "Tết" in dialog.preview.item(1, 2).text()
    assert not dialog.day.isVisibleTo(dialog) and dialog.weekday.isVisibleTo(dialog)
    dialog.shift.setCurrentIndex(dialog.shift.findData("backward"))
    assert dialog.preview.item(1, 1).text() == "Thứ Sáu 13/02/2026"
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    with db.read() as s:
        days = [x.day for x in schedule.sessions_between(s, date(2026, 1, 1), date(2026, 3, 31))]
    assert days == [date(2026, 1, 15), date(2026, 2, 13), date(2026, 3, 19)]


def test_desk_rule_needs_someone_then_fills_tuesdays_and_thursdays(
    qtbot, db: Database, leader: Actor
) -> None:
    from camau_reception.ui.schedule.dialogs import RuleDialog

    _leaders(db, leader)
    dialog = RuleDialog(_ctx(db, leader), target="desk")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.staff.isVisibleTo(dialog) and not dialog.leader.isVisibleTo(dialog)
    dialog.start.setDate(QDate(2026, 2, 9))
    dialog.end.setDate(QDate(2026, 2, 27))
    assert dialog.summary.text().startswith("Thứ Ba và Thứ Năm hằng tuần: 4 ngày")  # Tết skipped
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.errors.label("staff").text() == "Hãy chọn ít nhất một cán bộ trực."
    assert dialog.isVisible()
    officer = next(
        i for i in range(dialog.staff.count()) if "Võ Thị Thu Hà" in dialog.staff.item(i).text()
    )
    dialog.staff.item(officer).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.created == 4
    with db.read() as s:
        roster = schedule.desk_between(s, date(2026, 2, 1), date(2026, 2, 28))
        first = roster[0]
        assert (first.day, first.half, first.staff.full_name) == (
            date(2026, 2, 10),
            "morning",
            "Võ Thị Thu Hà",
        )
        assert len(roster) == 4


def test_session_by_hand_refuses_a_holiday(qtbot, db: Database, leader: Actor) -> None:
    from camau_reception.ui.schedule.dialogs import SessionDialog

    _leaders(db, leader)
    dialog = SessionDialog(_ctx(db, leader), day=date(2026, 4, 30))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.errors.label("day").isVisible()
    assert "30/04/2026 là ngày nghỉ" in dialog.errors.label("day").text()
    dialog.day.setDate(QDate(2026, 5, 5))
    dialog.start_time.setTime(dialog.start_time.time().fromString("14:00", "HH:mm"))
    dialog.end_time.setTime(dialog.end_time.time().fromString("16:30", "HH:mm"))
    type_text(qtbot, dialog.topics, "Tranh chấp đất di tích")
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    with db.read() as s:
        (row,) = schedule.sessions_between(s, date(2026, 5, 5), date(2026, 5, 5))
        assert (row.start_time, row.end_time, row.topics) == (
            "14:00",
            "16:30",
            "Tranh chấp đất di tích",
        )


def test_directory_adds_a_person_and_shows_errors(
    qtbot, db: Database, leader: Actor, officer: Actor
) -> None:
    from camau_reception.ui.schedule.dialogs import DirectoryDialog

    _leaders(db, leader)
    directory = DirectoryDialog(_ctx(db, leader))
    qtbot.addWidget(directory)
    directory.show()
    assert directory.table.rowCount() == 2
    person = directory.open_person(None)
    type_text(qtbot, person.email, "sai-dia-chi")
    qtbot.mouseClick(person.ok, Qt.MouseButton.LeftButton)
    assert person.errors.label("full_name").text() == "Hãy nhập họ tên."
    assert person.errors.label("email").text() == "Địa chỉ thư điện tử không hợp lệ."
    type_text(qtbot, person.full_name, "Trần Quốc Bảo")
    person.email.clear()
    type_text(qtbot, person.email, "bao@svhttdl.camau.gov.vn")
    person.position.setCurrentText("Phó Giám đốc")
    person.is_leader.setChecked(True)
    with qtbot.waitSignal(person.finished):
        qtbot.mouseClick(person.ok, Qt.MouseButton.LeftButton)
    names = [directory.table.item(r, 0).text() for r in range(directory.table.rowCount())]
    assert "Trần Quốc Bảo" in names
    with db.read() as s:
        assert "Trần Quốc Bảo" in [p.full_name for p in schedule.list_leaders(s)]

    reader = DirectoryDialog(_ctx(db, officer))
    qtbot.addWidget(reader)
    assert not reader.add_button.isVisibleTo(reader)
