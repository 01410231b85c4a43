"""Đơn mới: suggestions of similar petitions never link one without the officer's choice; the
petition header shows quotes and ampersands as typed; an identity number looks the citizen up
(filled, then taken off when the number changes); same-number suggestions come first and
namesakes of another commune are left out; several kinds make one petition per kind."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTranslator
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication

from camau_reception.services import petitions as svc
from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database
from camau_reception.ui.context import AppContext
from tests.helpers import type_text

SUMMARY = "Khiếu nại quyết định thu hồi giấy phép kinh doanh karaoke Hoàng Gia"
NAME = "Nguyễn Văn Đức"
TODAY = date(2026, 7, 3)


def _record(db: Database, officer: Actor, summary: str = SUMMARY, name: str = NAME) -> int:
    with db.write() as s:
        return svc.record(
            s,
            officer,
            svc.PetitionInput(
                kind="complaint",
                source="post",
                received_on=date(2026, 7, 1),
                summary=summary,
                petitioner_name=name,
            ),
        )[0].id


def _page(qtbot, db: Database, officer: Actor):
    from camau_reception.ui.areas.petitions import PetitionsPage

    page = PetitionsPage(AppContext(db=db, actor=officer, today=lambda: TODAY))
    qtbot.addWidget(page)
    page.show()
    return page


def _dialog_with_suggestion(qtbot, page):
    """A new petition dialog filled in so that one similar petition is suggested."""
    dialog = page.new_petition()
    qtbot.waitExposed(dialog)
    type_text(qtbot, dialog.name, NAME)
    type_text(qtbot, dialog.summary, "Tiếp tục " + SUMMARY.lower())
    qtbot.waitUntil(dialog.duplicates.isVisible)
    assert dialog.duplicates.count() == 1
    return dialog


def _click_item(qtbot, dialog, row: int = 0) -> None:
    view = dialog.duplicates
    rect = view.visualItemRect(view.item(row))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _new_petition(db: Database, original: int) -> tuple[int | None, str]:
    """(duplicate_of_id, state) of the petition saved by the dialog."""
    with db.read() as s:
        p = next(p for p in svc.search(s, svc.PetitionFilter()) if p.id != original)
        return p.duplicate_of_id, p.state


def test_a_suggestion_clicked_or_focused_is_not_linked(
    qtbot, db: Database, officer: Actor, monkeypatch
) -> None:
    import camau_reception.ui.petitions.dialogs as module

    asked: list[str] = []
    monkeypatch.setattr(
        module, "confirm", lambda *a, **_k: asked.append(a[2]) or True, raising=False
    )
    original = _record(db, officer)
    page = _page(qtbot, db, officer)
    dialog = _dialog_with_suggestion(qtbot, page)
    dialog.duplicates.setFocus()
    _click_item(qtbot, dialog)  # looking at a suggestion is not choosing it
    assert dialog.duplicates.currentItem() is not None
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert _new_petition(db, original) == (None, "received")
    assert asked == []
    assert not dialog.mark_duplicate.isChecked()


def test_linking_is_an_explicit_choice_confirmed_before_archiving(
    qtbot, db: Database, officer: Actor, monkeypatch
) -> None:
    import camau_reception.ui.petitions.dialogs as module

    answers = [False, True]
    asked: list[str] = []

    def confirm(_parent, _title, text, yes=""):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(module, "confirm", confirm)
    original = _record(db, officer)
    page = _page(qtbot, db, officer)
    dialog = _dialog_with_suggestion(qtbot, page)
    assert dialog.mark_duplicate.isVisible()
    assert not dialog.mark_duplicate.isEnabled()  # nothing chosen yet
    _click_item(qtbot, dialog)
    assert dialog.mark_duplicate.isEnabled()
    assert "DT-2026-0001" in dialog.mark_duplicate.text()
    qtbot.mouseClick(dialog.mark_duplicate, Qt.MouseButton.LeftButton)
    assert dialog.mark_duplicate.isChecked()

    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)  # the officer says no: nothing saved
    assert len(asked) == 1 and "DT-2026-0001" in asked[0]
    assert dialog.isVisible()
    with db.read() as s:
        assert len(svc.search(s, svc.PetitionFilter())) == 1

    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert len(asked) == 2
    assert _new_petition(db, original) == (original, "archived")


def test_changing_the_chosen_suggestion_asks_for_the_choice_again(
    qtbot, db: Database, officer: Actor, monkeypatch
) -> None:
    import camau_reception.ui.petitions.dialogs as module

    monkeypatch.setattr(module, "confirm", lambda *_a, **_k: True)
    first = _record(db, officer)
    with db.write() as s:
        second = svc.record(
            s,
            officer,
            svc.PetitionInput(
                kind="complaint",
                source="post",
                received_on=date(2026, 7, 2),
                summary="Lần nữa " + SUMMARY.lower(),
                petitioner_name=NAME,
            ),
        )[0].id
    page = _page(qtbot, db, officer)
    dialog = page.new_petition()
    type_text(qtbot, dialog.name, NAME)
    type_text(qtbot, dialog.summary, "Tiếp tục " + SUMMARY.lower())
    qtbot.waitUntil(lambda: dialog.duplicates.count() == 2)
    _click_item(qtbot, dialog, 0)
    dialog.mark_duplicate.setChecked(True)
    _click_item(qtbot, dialog, 1)
    assert not dialog.mark_duplicate.isChecked()
    chosen = int(dialog.duplicates.item(1).data(Qt.ItemDataRole.UserRole))
    dialog.mark_duplicate.setChecked(True)
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    with db.read() as s:
        new = next(p for p in svc.search(s, svc.PetitionFilter()) if p.id not in (first, second))
        assert new.duplicate_of_id == chosen


def test_suggestions_hide_when_the_summary_gets_too_short(
    qtbot, db: Database, officer: Actor
) -> None:
    _record(db, officer)
    page = _page(qtbot, db, officer)
    dialog = _dialog_with_suggestion(qtbot, page)
    _click_item(qtbot, dialog)
    dialog.mark_duplicate.setChecked(True)
    dialog.summary.selectAll()
    qtbot.keyClick(dialog.summary, Qt.Key.Key_Delete)
    type_text(qtbot, dialog.summary, "Khiếu nại")
    qtbot.waitUntil(lambda: not dialog.duplicates.isVisible())
    assert not dialog.mark_duplicate.isVisible() and not dialog.mark_duplicate.isChecked()
    assert dialog.duplicates.count() == 0


def test_tab_in_the_summary_moves_on(qtbot, db: Database, officer: Actor) -> None:
    page = _page(qtbot, db, officer)
    dialog = page.new_petition()
    qtbot.waitExposed(dialog)
    type_text(qtbot, dialog.summary, "Kiến nghị")
    qtbot.keyClick(dialog.summary, Qt.Key.Key_Tab)
    assert dialog.summary.toPlainText() == "Kiến nghị"
    qtbot.waitUntil(lambda: not dialog.summary.hasFocus())


class _Marking(QTranslator):
    """Translates every string of the new petition dialog to "[…]", to see what goes via tr."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        if context == "NewPetitionDialog":
            return f"[{source}]"
        return None


@pytest.fixture
def marking_translator(qapp: QApplication) -> Iterator[QTranslator]:
    translator = _Marking()
    QCoreApplication.installTranslator(translator)
    yield translator
    QCoreApplication.removeTranslator(translator)
    QApplication.sendEvent(qapp, QEvent(QEvent.Type.LanguageChange))


def test_visible_strings_are_translatable(
    qtbot, db: Database, officer: Actor, marking_translator
) -> None:
    _record(db, officer)
    page = _page(qtbot, db, officer)
    dialog = _dialog_with_suggestion(qtbot, page)
    assert dialog.windowTitle() == "[Đơn mới]"
    assert dialog.mark_duplicate.text().startswith("[")
    assert dialog.duplicates_label.text().startswith("[")


def test_header_shows_quotes_and_ampersands_as_typed(qtbot, db: Database, officer: Actor) -> None:
    summary = 'Khiếu nại "quyết định" A & B <không phải thẻ>'
    pid = _record(db, officer, summary=summary, name="Lê Văn O'Neil & con")
    page = _page(qtbot, db, officer)
    page.show_petition(pid)
    doc = QTextDocument()
    doc.setHtml(page.header.text())
    shown = doc.toPlainText()
    assert summary in shown
    assert "Lê Văn O'Neil & con" in shown
    assert "&quot;" not in shown and "&amp;" not in shown
    assert "<b>DT-2026-0001</b>" in page.header.text()  # the bold code is still markup


# --- identity number, commune, several kinds --------------------------------------------------

NUMBER = "096075001234"  # Mr Đức's CCCD in the reception test data


def _known_citizen(db: Database, officer: Actor) -> int:
    """Mr Đức, on record from one visit (Phường An Xuyên), with one petition linked."""
    from camau_reception.services import reception
    from tests.unit.test_reception_support import NOW, visit

    with db.write() as s:
        cid = reception.record(s, officer, visit(), now=NOW).citizen_id
    with db.write() as s:
        svc.record(
            s,
            officer,
            svc.PetitionInput(
                kind="recommendation",
                source="post",
                received_on=date(2026, 3, 20),
                summary="Kiến nghị sửa chữa nhà văn hóa khóm 3",
                petitioner_name=NAME,
                citizen_id=cid,
            ),
        )
    return cid


def _dialog(qtbot, db: Database, officer: Actor):
    from camau_reception.ui.petitions.dialogs import NewPetitionDialog

    ctx = AppContext(db=db, actor=officer, today=lambda: TODAY)
    dialog = NewPetitionDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # focus (and so "editing finished") needs the active window
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _replace_text(qtbot, widget, text: str) -> None:
    """Select everything in a line edit and type over it, as the officer does."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, widget, text)


def _shown(dialog) -> dict[str, str]:
    return {
        "name": dialog.name.text(),
        "phone": dialog.phone.text(),
        "commune": dialog.commune.currentText(),
        "address": dialog.address.text(),
    }


def test_a_known_number_fills_the_petitioner_and_another_number_takes_it_off(
    qtbot, db: Database, officer: Actor
) -> None:
    cid = _known_citizen(db, officer)
    dialog = _dialog(qtbot, db, officer)
    type_text(qtbot, dialog.name, "Trần Văn Bé")  # typed before the look-up
    type_text(qtbot, dialog.id_number, NUMBER)
    assert _shown(dialog) == {
        "name": NAME,
        "phone": "0913456789",
        "commune": "Phường An Xuyên",
        "address": "Số 12, đường Lý Thường Kiệt",
    }
    assert dialog.lookup_status.text() == "Đã có trong hồ sơ công dân: 1 lượt tiếp, 1 đơn."
    assert dialog.citizen_id == cid
    _replace_text(qtbot, dialog.address, "Số 14, đường Lý Thường Kiệt")  # corrected by hand

    qtbot.keyClick(dialog.id_number, Qt.Key.Key_Backspace)  # another number: another person
    assert _shown(dialog) == {
        "name": "Trần Văn Bé",  # as before the look-up
        "phone": "",
        "commune": "",
        "address": "Số 14, đường Lý Thường Kiệt",  # typed by the officer: kept
    }
    assert dialog.citizen_id is None and dialog.lookup_status.text() == ""

    qtbot.keyClick(dialog.id_number, "4")  # the same number again: the same person
    assert dialog.name.text() == NAME and dialog.citizen_id == cid
    type_text(qtbot, dialog.summary, "Khiếu nại việc xử phạt biển hiệu quảng cáo")
    saved: list[str] = []
    dialog.ctx.signals.status_message.connect(saved.append)
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert saved == ["Đã lưu đơn DT-2026-0002."]
    with db.read() as s:
        p = svc.by_code(s, "DT-2026-0002")
        assert p is not None and p.citizen_id == cid
        assert p.petitioner_address == "Số 12, đường Lý Thường Kiệt, Phường An Xuyên, Cà Mau"


def test_a_new_cccd_tells_what_it_can_and_an_invalid_one_is_explained(
    qtbot, db: Database, officer: Actor
) -> None:
    dialog = _dialog(qtbot, db, officer)
    error = dialog.errors.label("id_number")
    type_text(qtbot, dialog.id_number, "096180000002")
    assert dialog.lookup_status.text() == (
        "Chưa có trong hồ sơ công dân. Số CCCD cho biết: nữ, sinh năm 1980, khai sinh tại Cà Mau."
    )
    assert not error.isVisible() and dialog.citizen_id is None
    assert _shown(dialog) == {"name": "", "phone": "", "commune": "", "address": ""}

    _replace_text(qtbot, dialog.id_number, "096775001234")
    assert error.isVisible()
    assert error.text() == "Chữ số thứ tư (7) không phải mã thế kỷ và giới tính hợp lệ."
    assert dialog.lookup_status.text() == ""

    _replace_text(qtbot, dialog.id_number, "09607500123")
    assert not error.isVisible()  # the message was about the number before
    qtbot.keyClick(dialog.id_number, Qt.Key.Key_Tab)
    qtbot.waitUntil(error.isVisible)
    assert error.text() == "Số CCCD phải gồm đúng 12 chữ số (đã nhập 11)."


def test_nothing_is_saved_while_a_field_is_invalid(qtbot, db: Database, officer: Actor) -> None:
    dialog = _dialog(qtbot, db, officer)
    type_text(qtbot, dialog.name, NAME)
    type_text(qtbot, dialog.summary, "Phản ánh tiếng ồn karaoke ban đêm")
    type_text(qtbot, dialog.id_number, "0960750012")
    qtbot.mouseClick(dialog.kind.checks["complaint"], Qt.MouseButton.LeftButton)  # no kind left
    assert dialog.kind.kinds() == [] and not dialog.round.isEnabled()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.errors.label("kind").text() == "Hãy chọn ít nhất một loại đơn."
    assert dialog.errors.label("id_number").text() == (
        "Số CCCD phải gồm đúng 12 chữ số (đã nhập 10)."
    )
    assert dialog.errors.label("kind").isVisible()
    assert dialog.errors.label("id_number").isVisible()
    with db.read() as s:
        assert svc.search(s, svc.PetitionFilter()) == []

    qtbot.mouseClick(dialog.kind.checks["reflection"], Qt.MouseButton.LeftButton)
    _replace_text(qtbot, dialog.id_number, "0960750012345")  # 13 digits: still refused
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.errors.label("kind").isVisible()
    assert "đã nhập 13" in dialog.errors.label("id_number").text()
    with db.read() as s:
        assert svc.search(s, svc.PetitionFilter()) == []

    dialog.id_number.clear()  # the number is optional
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    with db.read() as s:
        [p] = svc.search(s, svc.PetitionFilter())
        assert (p.kind, p.citizen_id) == ("reflection", None)


def test_same_number_ranked_first_and_namesakes_elsewhere_left_out(
    qtbot, db: Database, officer: Actor
) -> None:
    cid = _known_citizen(db, officer)

    def record(**kw) -> str:
        data = {
            "kind": "complaint",
            "source": "post",
            "received_on": date(2026, 7, 1),
            "summary": SUMMARY,
            "petitioner_name": NAME,
            **kw,
        }
        with db.write() as s:
            return svc.record(s, officer, svc.PetitionInput(**data))[0].code

    same_commune = record(petitioner_address="Khóm 1", commune="Phường An Xuyên")
    elsewhere = record(petitioner_address="Ấp Tân Thành", commune="Xã Đá Bạc")
    by_number = record(summary="Lần nữa " + SUMMARY.lower(), citizen_id=cid)

    dialog = _dialog(qtbot, db, officer)
    type_text(qtbot, dialog.id_number, NUMBER)  # fills the name and Phường An Xuyên
    type_text(qtbot, dialog.summary, "Tiếp tục " + SUMMARY.lower())
    qtbot.waitUntil(dialog.duplicates.isVisible)
    texts = [dialog.duplicates.item(i).text() for i in range(dialog.duplicates.count())]
    assert len(texts) == 2
    assert texts[0].startswith(by_number) and "cùng số CCCD" in texts[0]
    assert texts[1].startswith(same_commune) and "cùng họ tên, cùng xã/phường" in texts[1]
    assert not any(elsewhere in t for t in texts)

    # Without a number, a namesake of Xã Đá Bạc sees only the petition of Xã Đá Bạc.
    other = _dialog(qtbot, db, officer)
    type_text(qtbot, other.name, NAME)
    other.commune.setCurrentText("Xã Đá Bạc")
    type_text(qtbot, other.summary, "Tiếp tục " + SUMMARY.lower())
    qtbot.waitUntil(other.duplicates.isVisible)
    assert other.duplicates.count() == 1
    assert other.duplicates.item(0).text().startswith(elsewhere)


def test_two_kinds_make_two_petitions_and_the_message_names_both(
    qtbot, db: Database, officer: Actor, monkeypatch
) -> None:
    from camau_reception.ui import messages

    told: list[str] = []
    monkeypatch.setattr(messages, "info", lambda _p, _title, text: told.append(text))
    cid = _known_citizen(db, officer)  # DT-2026-0001
    dialog = _dialog(qtbot, db, officer)
    type_text(qtbot, dialog.id_number, NUMBER)
    qtbot.mouseClick(dialog.kind.checks["denunciation"], Qt.MouseButton.LeftButton)
    assert dialog.kind.kinds() == ["complaint", "denunciation"] and dialog.round.isEnabled()
    type_text(
        qtbot,
        dialog.summary,
        "Khiếu nại quyết định xử phạt và tố cáo cán bộ đội kiểm tra thu tiền sai quy định",
    )
    status: list[str] = []
    dialog.ctx.signals.status_message.connect(status.append)
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.created_codes == ["DT-2026-0002", "DT-2026-0003"]
    expected = (
        "Đơn được tách thành 2 đơn, mỗi loại một đơn: "
        "DT-2026-0002 (khiếu nại), DT-2026-0003 (tố cáo)."
    )
    assert told == [expected] and status == [expected]
    with db.read() as s:
        first, second = (svc.by_code(s, c) for c in dialog.created_codes)
        assert first is not None and second is not None
        assert (first.kind, second.kind) == ("complaint", "denunciation")
        assert second.split_from_id == first.id and first.split_from_id is None
        assert first.citizen_id == second.citizen_id == cid
        assert first.summary == second.summary


def test_a_split_letter_files_only_the_part_of_the_chosen_duplicates_kind(
    qtbot, db: Database, officer: Actor, monkeypatch
) -> None:
    import camau_reception.ui.petitions.dialogs as module
    from camau_reception.ui import messages

    asked: list[str] = []
    monkeypatch.setattr(module, "confirm", lambda _p, _t, text, yes="": asked.append(text) or True)
    monkeypatch.setattr(messages, "info", lambda *_a: None)
    original = _record(db, officer)  # a complaint: DT-2026-0001
    dialog = _dialog(qtbot, db, officer)
    type_text(qtbot, dialog.name, NAME)
    qtbot.mouseClick(dialog.kind.checks["denunciation"], Qt.MouseButton.LeftButton)
    type_text(qtbot, dialog.summary, "Tiếp tục " + SUMMARY.lower())
    qtbot.waitUntil(dialog.duplicates.isVisible)
    _click_item(qtbot, dialog)
    qtbot.mouseClick(dialog.mark_duplicate, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and "chỉ phần khiếu nại" in asked[0]
    with db.read() as s:
        complaint, denunciation = (svc.by_code(s, c) for c in dialog.created_codes)
        assert complaint is not None and denunciation is not None
        assert (complaint.kind, complaint.duplicate_of_id, complaint.state) == (
            "complaint",
            original,
            "archived",
        )
        assert (denunciation.duplicate_of_id, denunciation.state) == (None, "received")
