"""Thời hạn luật định: rules in force with their history, the calculator, a new version."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QGroupBox, QPushButton

from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database
from camau_reception.ui.context import AppContext
from tests.helpers import type_text


def _page(qtbot, db: Database, actor: Actor):
    from camau_reception.ui.areas.admin_rules import RulesPage

    page = RulesPage(AppContext(db=db, actor=actor, today=lambda: date(2026, 6, 15)))
    qtbot.addWidget(page)
    page.resize(1200, 900)
    page.show()
    return page


def test_history_and_calculator(qtbot, db: Database, officer: Actor) -> None:
    page = _page(qtbot, db, officer)
    assert page.findChild(QGroupBox, "add_version_box") is None  # officers only read
    assert page.findChild(QPushButton, "add_version") is None
    page.select_rule("complaint.accept")
    assert page.history.rowCount() == 2
    assert page.history.item(0, 4).text() == "Đang áp dụng"  # on 15/06/2026: 10 days
    assert page.history.item(1, 4).text() == "Sắp áp dụng"
    assert "từ 01/07/2026: 7 ngày làm việc" in page.rules.item(page.rules.currentRow(), 5).text()
    page.calc_start.setDate(QDate(2026, 7, 1))
    assert "Hạn: 10/07/2026" in page.calc_result.text()
    assert "7 ngày làm việc kể từ 01/07/2026" in page.calc_result.text()


def test_administrator_adds_a_version(qtbot, db: Database, admin: Actor, monkeypatch) -> None:
    import camau_reception.ui.areas.admin_rules as module

    asked: list[str] = []
    monkeypatch.setattr(module, "confirm", lambda _p, _t, text, yes="": asked.append(text) or True)
    page = _page(qtbot, db, admin)
    assert page.findChild(QGroupBox, "add_version_box") is not None
    page.select_rule("petition.classify")
    assert page.new_rule.text() == "petition.classify"
    page.new_days.setValue(7)
    page.new_from.setDate(QDate(2027, 1, 1))
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)  # no legal source
    assert page.errors.label("source").isVisible()
    assert page.history.rowCount() == 1
    type_text(qtbot, page.new_source, "Thông tư 05/2021/TT-TTCP, Điều 9")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert "7 ngày làm việc, áp dụng từ ngày 01/01/2027" in asked[-1]
    assert page.history.rowCount() == 2
    assert page.history.item(1, 4).text() == "Sắp áp dụng"
    assert "Quản trị bổ sung" in page.history.item(1, 5).text()
    assert "từ 01/01/2027: 7 ngày làm việc" in page.rules.item(page.rules.currentRow(), 5).text()
    # Trying to slip a version in before the latest one is refused next to the date.
    page.new_from.setDate(QDate(2026, 12, 1))
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert "không sửa lịch sử" in page.errors.label("effective_from").text()


@pytest.mark.parametrize("answer", [False])
def test_cancelling_the_confirmation_saves_nothing(
    qtbot, db: Database, admin: Actor, monkeypatch, answer: bool
) -> None:
    import camau_reception.ui.areas.admin_rules as module

    monkeypatch.setattr(module, "confirm", lambda *_a, **_k: answer)
    page = _page(qtbot, db, admin)
    page.select_rule("petition.classify")
    type_text(qtbot, page.new_source, "Thông tư mới")
    page.new_from.setDate(QDate(2027, 1, 1))
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.history.rowCount() == 1


def test_calculator_counts_back_after_a_new_version_of_a_backward_rule(
    qtbot, db: Database, admin: Actor, monkeypatch
) -> None:
    """schedule.publish: the schedule is posted N working days BEFORE the session, in every
    version, not only the shipped one."""
    import camau_reception.ui.areas.admin_rules as module

    monkeypatch.setattr(module, "confirm", lambda *_a, **_k: True)
    page = _page(qtbot, db, admin)
    page.select_rule("schedule.publish")
    page.new_days.setValue(7)
    page.new_from.setDate(QDate(2026, 7, 1))
    type_text(qtbot, page.new_source, "Luật Tiếp công dân (sửa đổi, giả định), Điều 24")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.history.rowCount() == 2
    page.select_rule("schedule.publish")
    page.calc_start.setDate(QDate(2026, 7, 23))  # a session on Thursday 23/07/2026
    text = page.calc_result.text()
    assert "Chậm nhất ngày: 14/07/2026" in text  # 14–17, 20–22/07: 7 working days
    assert "trước ngày tiếp 23/07/2026" in text


def test_a_back_dated_version_is_refused_next_to_the_date(
    qtbot, db: Database, admin: Actor, monkeypatch
) -> None:
    import camau_reception.ui.areas.admin_rules as module

    monkeypatch.setattr(module, "confirm", lambda *_a, **_k: True)
    page = _page(qtbot, db, admin)  # today is 15/06/2026
    page.select_rule("petition.classify")
    type_text(qtbot, page.new_source, "Thông tư 05/2021/TT-TTCP, Điều 9")
    page.new_from.setDate(QDate(2026, 6, 1))
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    label = page.errors.label("effective_from")
    assert label.isVisible()
    assert "Ngày hiệu lực không được trước hôm nay (15/06/2026)" in label.text()
    assert page.history.rowCount() == 1
    # From today on it is accepted.
    page.new_from.setDate(QDate(2026, 6, 15))
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert not label.isVisible()
    assert page.history.rowCount() == 2
