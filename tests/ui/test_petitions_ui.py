"""Drive a petition through the Đơn thư page, and watch the Tổng quan buckets move."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from camau_reception.services import petitions as svc
from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database
from camau_reception.ui.context import AppContext
from tests.helpers import type_text


def _click_ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)


def test_new_petition_accept_extend_resolve(
    qtbot, db: Database, officer: Actor, leader: Actor
) -> None:
    from camau_reception.ui.areas.petitions import PetitionsPage

    today = {"d": date(2026, 7, 1)}
    ctx = AppContext(db=db, actor=officer, today=lambda: today["d"])
    page = PetitionsPage(ctx)
    qtbot.addWidget(page)
    page.show()

    dialog = page.new_petition()
    _click_ok(qtbot, dialog)  # empty: errors by the fields, nothing saved
    assert dialog.errors.label("summary").isVisible()
    assert dialog.errors.label("petitioner_name").isVisible()
    with db.read() as s:
        assert svc.search(s, svc.PetitionFilter()) == []
    type_text(qtbot, dialog.name, "Trần Thị Ánh Tuyết")
    type_text(qtbot, dialog.summary, "Khiếu nại quyết định thu hồi giấy phép karaoke")
    with qtbot.waitSignal(dialog.finished):
        _click_ok(qtbot, dialog)
    assert page.table.rowCount() == 1
    assert "DT-2026-0001" in page.header.text()
    assert page.chip.text().startswith("Còn hạn")

    def act(action: str, fill) -> None:
        button = page.action_button(action)
        assert button is not None, action
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        dlg = page.last_dialog
        fill(dlg)
        with qtbot.waitSignal(dlg.finished):
            _click_ok(qtbot, dlg)

    act("classify", lambda d: None)
    today["d"] = date(2026, 7, 3)
    act("accept", lambda d: type_text(qtbot, d.fields["decision_no"], "12/QĐ-SVHTTDL"))
    assert "Đã thụ lý" in page.header.text()
    assert "hạn 02/08/2026" in page.chip.text() or "hạn 03/08/2026" in page.chip.text()

    # An extension without an approver is refused next to the field.
    qtbot.mouseClick(page.action_button("extend"), Qt.MouseButton.LeftButton)
    dlg = page.last_dialog
    type_text(qtbot, dlg.fields["reason"], "Vụ việc phức tạp")
    type_text(qtbot, dlg.fields["decision_no"], "15/QĐ-SVHTTDL")
    _click_ok(qtbot, dlg)
    assert dlg.errors.label("approver").isVisible()
    approver = dlg.fields["approver"]
    approver.setCurrentIndex(approver.findData(leader.id))
    with qtbot.waitSignal(dlg.finished):
        _click_ok(qtbot, dlg)
    assert "Đã gia hạn" in page.header.text()

    today["d"] = date(2026, 8, 10)

    def resolve(d) -> None:
        type_text(qtbot, d.fields["decision_no"], "20/QĐ-SVHTTDL")
        d.fields["result"].setCurrentIndex(d.fields["result"].findData("partly"))

    act("resolve", resolve)
    with db.read() as s:
        p = svc.search(s, svc.PetitionFilter())[0]
        assert p.state == "resolved" and p.result == "partly"
        assert [st.action for st in p.steps] == [
            "receive",
            "classify",
            "accept",
            "extend",
            "resolve",
        ]
    assert page.timeline.rowCount() == 5
