"""A petition taken at the counter, followed to its resolution through the real widgets, while the
Tổng quan page moves it between buckets as the (injected) date moves."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from PySide6.QtCore import QDateTime, Qt

from camau_reception.services import petitions as svc
from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database
from camau_reception.ui.context import AppContext
from tests.helpers import type_text

pytest.importorskip("camau_reception.ui.reception.form")


def _click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_from_the_reception_form_to_resolution(
    qtbot, db: Database, officer: Actor, leader: Actor
) -> None:
    from camau_reception.ui.areas.dashboard import DashboardPage
    from camau_reception.ui.areas.petitions import PetitionsPage
    from camau_reception.ui.reception.form import ReceptionDialog

    today = {"d": date(2026, 7, 1)}
    ctx = AppContext(db=db, actor=officer, today=lambda: today["d"], clock=lambda: time(17, 0))

    # 1. At the counter: a citizen hands over a written complaint (outcome "Nhận đơn").
    form = ReceptionDialog(ctx)
    qtbot.addWidget(form)
    form.show()
    form.received_at.setDateTime(QDateTime(datetime(2026, 7, 1, 8, 30)))
    type_text(qtbot, form.id_number, "096075001234")
    type_text(qtbot, form.full_name, "Nguyễn Văn Đức")
    form.commune.setCurrentText("Phường An Xuyên")
    type_text(qtbot, form.summary, "Khiếu nại quyết định thu hồi giấy phép kinh doanh karaoke.")
    form.matter_checks["complaint"].setChecked(True)
    form.outcome.setCurrentIndex(form.outcome.findData("petition_received"))
    with qtbot.waitSignal(form.saved):
        _click(qtbot, form.save_button)

    petitions = PetitionsPage(ctx)
    qtbot.addWidget(petitions)
    petitions.preview = False
    petitions.resize(1200, 900)
    petitions.show()
    dashboard = DashboardPage(ctx)
    qtbot.addWidget(dashboard)
    section = dashboard.sections["petitions"]
    qtbot.waitUntil(lambda: section.data is not None and section.task is None)

    assert petitions.table.rowCount() == 1
    code = petitions.table.item(0, 0).text()
    assert code == "DT-2026-0001"
    assert petitions.table.item(0, 3).text() == "Nguyễn Văn Đức"
    petitions.table.selectRow(0)
    assert "Tiếp công dân trực tiếp" in petitions.header.text()
    # 7 working days to accept a complaint received from 01/07/2026 (the new rule).
    assert petitions.chip.text() == "Còn hạn — hạn 10/07/2026"
    assert "Nghị định 155/2026/NĐ-CP" in petitions.explanation.text()
    assert section.cards["waiting"].value.text() == "1"

    def act(action: str, fill=lambda d: None):
        button = petitions.action_button(action)
        assert button is not None, action
        qtbot.waitUntil(button.isVisible)  # Qt shows a button added to a shown page next turn
        _click(qtbot, button)
        dialog = petitions.last_dialog
        fill(dialog)
        with qtbot.waitSignal(dialog.finished):
            _click(qtbot, dialog.ok)

    # 2. Classified and accepted; the resolution clock starts on the acceptance date.
    today["d"] = date(2026, 7, 3)
    with qtbot.waitSignal(section.computed, timeout=5000):
        act("classify")
    assert section.cards["waiting"].value.text() == "0"
    assert petitions.action_button("transfer") is None  # ours: accept, not transfer
    act("accept", lambda d: type_text(qtbot, d.fields["decision_no"], "12/QĐ-SVHTTDL"))
    assert "Đã thụ lý" in petitions.header.text()
    assert petitions.chip.text() == "Còn hạn — hạn 03/08/2026"  # 30 days: 02/08 is a Sunday
    assert "ngày cuối 02/08/2026 rơi vào ngày nghỉ" in petitions.explanation.text()

    # The acceptance notice, printed from the page with the year's first TB number.
    pdf = petitions.print_form("acceptance")
    assert pdf is not None and pdf.exists()
    assert "01/TB-SVHTTDL" in petitions.timeline.item(petitions.timeline.rowCount() - 1, 3).text()

    # 3. Near the deadline the dashboard lists it as due soon, then due today.
    today["d"] = date(2026, 7, 29)
    with qtbot.waitSignal(section.computed, timeout=5000):
        _click(qtbot, dashboard.refresh_button)
    assert section.tables["due_soon"].item(0, 0).text() == code
    today["d"] = date(2026, 8, 3)
    with qtbot.waitSignal(section.computed, timeout=5000):
        _click(qtbot, dashboard.refresh_button)
    assert section.tables["due_today"].item(0, 0).text() == code

    # 4. Extended (a leader must approve: refused without one, by the field), 45 days in all.
    petitions.show_petition(petitions.current_id)
    _click(qtbot, petitions.action_button("extend"))
    dialog = petitions.last_dialog
    type_text(qtbot, dialog.fields["reason"], "Nhiều nội dung cần xác minh")
    type_text(qtbot, dialog.fields["decision_no"], "15/QĐ-SVHTTDL")
    _click(qtbot, dialog.ok)
    assert dialog.errors.label("approver").isVisible()
    assert "lãnh đạo phê duyệt" in dialog.errors.label("approver").text()
    approver = dialog.fields["approver"]
    approver.setCurrentIndex(approver.findData(leader.id))
    with qtbot.waitSignal(section.computed, timeout=5000), qtbot.waitSignal(dialog.finished):
        _click(qtbot, dialog.ok)
    assert "Đã gia hạn" in petitions.header.text()
    assert petitions.chip.text() == "Còn hạn — hạn 17/08/2026"
    assert section.cards["due_today"].value.text() == "0"

    # 5. Overdue the day after; then resolved late, which the history keeps.
    today["d"] = date(2026, 8, 18)
    with qtbot.waitSignal(section.computed, timeout=5000):
        _click(qtbot, dashboard.refresh_button)
    assert section.tables["overdue"].item(0, 0).text() == code
    petitions.show_petition(petitions.current_id)
    assert petitions.chip.text() == "Quá hạn — hạn 17/08/2026"

    def resolve(d) -> None:
        type_text(qtbot, d.fields["decision_no"], "20/QĐ-SVHTTDL")
        d.fields["result"].setCurrentIndex(d.fields["result"].findData("partly"))

    with qtbot.waitSignal(section.computed, timeout=5000):
        act("resolve", resolve)
    assert section.cards["overdue"].value.text() == "0"
    assert petitions.chip.text() == "Không có thời hạn đang chạy"
    with db.read() as s:
        p = svc.by_code(s, code)
        assert p is not None
        assert p.state == "resolved" and p.result == "partly"
        assert svc.is_on_time(p) is False
        assert p.reception_id is not None and p.citizen_id is not None
        assert [st.action for st in p.steps] == [
            "receive",
            "classify",
            "accept",
            "extend",
            "resolve",
        ]
        assert "(quá hạn)" in p.steps[-1].note
