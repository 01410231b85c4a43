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


def test_duplicate_banner_links_or_dismisses(
    qtbot, db: Database, officer: Actor, monkeypatch
) -> None:
    import camau_reception.ui.areas.petitions as module
    from camau_reception.ui.areas.petitions import PetitionsPage

    answers = [False, True]
    asked: list[str] = []

    def confirm(_parent, _title, text, yes=""):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(module, "confirm", confirm, raising=False)

    summary = "Khiếu nại quyết định thu hồi giấy phép kinh doanh karaoke Hoàng Gia"
    ids = []
    with db.write() as s:
        for received, text in (
            (date(2026, 3, 2), summary),
            (date(2026, 7, 1), "Tiếp tục " + summary.lower()),
            (date(2026, 7, 2), "Lần nữa " + summary.lower()),
        ):
            ids.append(
                svc.record(
                    s,
                    officer,
                    svc.PetitionInput(
                        kind="complaint",
                        source="post",
                        received_on=received,
                        summary=text,
                        petitioner_name="Nguyễn Văn Đức",
                    ),
                )[0].id
            )
    ctx = AppContext(db=db, actor=officer, today=lambda: date(2026, 7, 3))
    page = PetitionsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.show_petition(ids[0])
    assert not page.duplicates_box.isVisible()  # the first letter is the original
    page.show_petition(ids[1])
    qtbot.waitUntil(page.duplicates_box.isVisible)
    assert page.duplicates_list.count() == 1
    assert "DT-2026-0001" in page.duplicates_list.item(0).text()
    qtbot.mouseClick(page.dismiss_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.duplicates_box.isVisible())
    rows = [page.timeline.item(r, 1).text() for r in range(page.timeline.rowCount())]
    assert rows == ["Tiếp nhận", "Kiểm tra đơn trùng"]

    page.show_petition(ids[2])
    qtbot.waitUntil(page.duplicates_box.isVisible)
    assert page.duplicates_list.count() == 2
    rows = [page.duplicates_list.item(r) for r in range(page.duplicates_list.count())]
    original = next(i for i in rows if i.data(Qt.ItemDataRole.UserRole) == ids[0])
    page.duplicates_list.setCurrentItem(original)  # the first letter is the original
    qtbot.mouseClick(page.link_button, Qt.MouseButton.LeftButton)  # asked, and refused
    assert len(asked) == 1 and "DT-2026-0001" in asked[0]
    with db.read() as s:
        assert svc.get(s, ids[2]).duplicate_of_id is None
    qtbot.mouseClick(page.link_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 2
    assert "Lưu đơn" in page.header.text()
    with db.read() as s:
        p = svc.get(s, ids[2])
        assert p.duplicate_of_id == ids[0] and p.state == "archived"


def test_forms_menu_offers_what_the_state_allows(qtbot, db: Database, officer: Actor) -> None:
    from camau_reception.printing.pdftext import pdf_text
    from camau_reception.ui.areas.petitions import PetitionsPage

    with db.write() as s:
        pid = svc.record(
            s,
            officer,
            svc.PetitionInput(
                kind="reflection",
                source="hotline",
                received_on=date(2026, 7, 1),
                summary="Phản ánh băng rôn quảng cáo sai quy định",
                petitioner_name="Trần Thị Bé",
            ),
        )[0].id
    ctx = AppContext(db=db, actor=officer, today=lambda: date(2026, 7, 3))
    page = PetitionsPage(ctx)
    page.preview = False
    qtbot.addWidget(page)
    page.show()
    page.show_petition(pid)
    assert page.forms == []
    with db.write() as s:
        svc.classify(s, officer, pid, eligible=True, within_competence=False, on=date(2026, 7, 2))
        svc.transfer(
            s, officer, pid, to_body="UBND xã Tân Thành", letter_no="", on=date(2026, 7, 2)
        )
    page.show_petition(pid)
    assert page.forms == ["transfer", "non_acceptance"]
    menu = page.print_button.menu()
    texts = [a.text() for a in menu.actions()]
    assert texts[0] == "Phiếu chuyển đơn — cấp số mới"
    menu.actions()[0].trigger()
    assert "PHIẾU CHUYỂN ĐƠN" in pdf_text(page.last_pdf)
    menu = page.print_button.menu()
    assert menu.actions()[0].text() == "Phiếu chuyển đơn — in lại số 01/PC-SVHTTDL"


def test_a_petition_transferred_in_keeps_the_letter(qtbot, db: Database, officer: Actor) -> None:
    from PySide6.QtCore import QDate

    from camau_reception.ui.areas.petitions import PetitionsPage

    ctx = AppContext(db=db, actor=officer, today=lambda: date(2026, 7, 6))
    page = PetitionsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    dialog = page.new_petition()
    dialog.kind.setCurrentIndex(dialog.kind.findData("denunciation"))
    assert not dialog.sender_body.isEnabled()
    dialog.source.setCurrentIndex(dialog.source.findData("transferred"))
    assert dialog.sender_body.isEnabled() and dialog.sender_date.isEnabled()
    type_text(qtbot, dialog.name, "Lê Thị Hoa")
    type_text(qtbot, dialog.summary, "Tố cáo việc thu tiền tổ chức lễ hội không đúng quy định")
    _click_ok(qtbot, dialog)  # the sending body and its letter number are required
    assert dialog.errors.label("sender_body").isVisible()
    assert dialog.errors.label("sender_letter_no").isVisible()
    type_text(qtbot, dialog.sender_body, "Thanh tra tỉnh Cà Mau")
    type_text(qtbot, dialog.sender_letter, "125/TTr-NV")
    dialog.sender_date.setDate(QDate(2026, 7, 2))
    with qtbot.waitSignal(dialog.finished):
        _click_ok(qtbot, dialog)
    with db.read() as s:
        p = svc.search(s, svc.PetitionFilter())[0]
        assert (p.source, p.sender_body, p.sender_letter_no) == (
            "transferred",
            "Thanh tra tỉnh Cà Mau",
            "125/TTr-NV",
        )
        assert p.sender_letter_date == date(2026, 7, 2)
        assert p.rule_id == "denunciation.classify" and p.due_on == date(2026, 7, 15)
    assert "Thanh tra tỉnh Cà Mau, văn bản 125/TTr-NV" in page.header.text()
