"""The reception form driven as the officer at the counter drives it: keyboard first."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from PySide6.QtCore import QDateTime, Qt
from sqlalchemy import func, select

from camau_reception.models.reception import Citizen, Reception
from camau_reception.services import reception as svc
from camau_reception.ui.context import AppContext
from tests.helpers import type_text
from tests.unit.test_reception_support import NOW, visit

TODAY = date(2026, 3, 16)


@pytest.fixture
def ctx(db, officer):
    return AppContext(db=db, actor=officer, today=lambda: TODAY, clock=lambda: time(17, 0))


@pytest.fixture
def discard_on_close(monkeypatch):
    """Closing a form with unsaved input asks first; at the end of a test the answer is
    "discard" (a test that checks the question patches it itself)."""
    from camau_reception.ui import messages

    asked: list[str] = []

    def confirm(_parent, title, text, yes=""):
        asked.append(text)
        return True

    monkeypatch.setattr(messages, "confirm", confirm)
    return asked


@pytest.fixture
def form(qtbot, ctx, discard_on_close):
    from camau_reception.ui.reception.form import ReceptionDialog

    dialog = ReceptionDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    # A fixed morning hour, so the test never depends on the clock.
    dialog.received_at.setDateTime(QDateTime(datetime(2026, 3, 16, 8, 30)))
    return dialog


def _count(db, model=Reception) -> int:
    with db.read() as s:
        return s.execute(select(func.count()).select_from(model)).scalar()


def _fill_matter(qtbot, form, summary="Khiếu nại quyết định xử phạt cơ sở karaoke."):
    type_text(qtbot, form.summary, summary)
    form.matter_checks["complaint"].setChecked(True)


def test_new_citizen_by_cccd_prefills_and_saves_with_enter(qtbot, form, db):
    assert form.id_number.hasFocus() or form.focusWidget() in (form.id_number, None)
    type_text(qtbot, form.id_number, "096075001234")
    assert form.sex.currentData() == "nam"
    assert form.birth_year.text() == "1975"
    assert "Công dân mới" in form.lookup_status.text()
    assert form.full_name.hasFocus()  # asks only for what is missing
    type_text(qtbot, form.full_name, "Nguyễn Văn Đức")
    form.commune.setCurrentText("Phường An Xuyên")
    type_text(qtbot, form.address_detail, "Số 12, đường Lý Thường Kiệt")
    _fill_matter(qtbot, form)
    form.add_document()
    form.docs.table.item(0, 0).setText("Đơn khiếu nại")
    form.docs.table.item(0, 1).setText("2")
    with qtbot.waitSignal(form.saved):
        qtbot.keyClick(form.address_detail, Qt.Key.Key_Return)
    assert form.result() == form.DialogCode.Accepted
    with db.read() as s:
        r = s.get(Reception, form.saved_id)
        assert r.citizen.full_name == "Nguyễn Văn Đức"
        assert (r.citizen.sex, r.citizen.birth_year) == ("nam", 1975)
        assert r.citizen.commune == "Phường An Xuyên"
        assert r.received_at == datetime(2026, 3, 16, 8, 30)
        assert [(d.name, d.pages) for d in r.documents] == [("Đơn khiếu nại", 2)]


def test_returning_citizen_is_filled_with_history_and_badge(
    qtbot, ctx, db, officer, discard_on_close
):
    with db.write() as s:
        first = svc.record(s, officer, visit(), now=NOW).id
    from camau_reception.ui.reception.form import ReceptionDialog

    form = ReceptionDialog(ctx)
    qtbot.addWidget(form)
    form.show()
    form.received_at.setDateTime(QDateTime(datetime(2026, 3, 16, 10, 0)))
    # A scanner delivers the twelve digits at once.
    form.id_number.setText("096075001234")
    assert form.full_name.text() == "Nguyễn Văn Đức"
    assert form.phone.text() == "0913456789"
    assert form.commune.currentText() == "Phường An Xuyên"
    assert form.repeat_badge.isVisible() and "1 lần" in form.repeat_badge.text()
    assert form.history.count() == 1 and "karaoke" in form.history.item(0).text()
    type_text(qtbot, form.summary, "Tiếp tục khiếu nại thu hồi giấy phép kinh doanh karaoke.")
    form.matter_checks["complaint"].setChecked(True)
    # A moment after typing stops, the earlier visit about the same matter is suggested.
    qtbot.waitUntil(lambda: form.same_matter.currentData() == first)
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert _count(db, Citizen) == 1
    with db.read() as s:
        assert s.get(Reception, form.saved_id).repeat_count == 1


def _replace_text(qtbot, widget, text: str) -> None:
    """Select everything in a line edit and type over it, as the officer does."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, widget, text)


def _known_citizen_found(qtbot, ctx, db, officer):
    """A form where the officer typed Mr Đức's CCCD and his details came from the database."""
    from camau_reception.ui.reception.form import ReceptionDialog

    with db.write() as s:
        svc.record(s, officer, visit(), now=NOW)
    form = ReceptionDialog(ctx)
    qtbot.addWidget(form)
    form.show()
    form.received_at.setDateTime(QDateTime(datetime(2026, 3, 16, 10, 0)))
    type_text(qtbot, form.id_number, "096075001234")
    assert form.full_name.text() == "Nguyễn Văn Đức"
    assert form.phone.text() == "0913456789"
    assert form.address_detail.text() == "Số 12, đường Lý Thường Kiệt"
    assert form.history.isVisible() and form.repeat_badge.isVisible()
    return form


def test_another_number_takes_the_found_citizen_off_the_form(
    qtbot, ctx, db, officer, discard_on_close
):
    form = _known_citizen_found(qtbot, ctx, db, officer)
    _replace_text(qtbot, form.phone, "0977 000 111")  # the officer corrects the phone by hand
    # The card was misread: the officer types the right number, a person never seen before.
    _replace_text(qtbot, form.id_number, "0961")
    assert form.full_name.text() == ""
    assert form.address_detail.text() == "" and form.commune.currentText() == ""
    assert form.phone.text() == "0977 000 111"  # typed by hand: kept
    assert form.province.currentText() == "Cà Mau"  # the form's default, as before the look-up
    assert not form.history.isVisible() and not form.repeat_badge.isVisible()
    assert form.lookup_status.text() == "" and form.citizen_id is None
    type_text(qtbot, form.id_number, "80000002")
    assert (form.sex.currentData(), form.birth_year.text()) == ("nữ", "1980")
    assert "Công dân mới" in form.lookup_status.text()
    assert form.focusWidget() is form.full_name  # asks for the name
    type_text(qtbot, form.full_name, "Lý Thị Tám")
    form.commune.setCurrentText("Xã Thới Bình")
    _fill_matter(qtbot, form)
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    with db.read() as s:
        new = s.get(Reception, form.saved_id).citizen
        assert (new.full_name, new.id_number) == ("Lý Thị Tám", "096180000002")
        assert (new.phone, new.address_detail) == ("0977000111", "")
        duc = s.execute(select(Citizen).where(Citizen.id_number == "096075001234")).scalar_one()
        assert (duc.full_name, duc.phone) == ("Nguyễn Văn Đức", "0913456789")


def test_name_typed_before_the_look_up_comes_back(qtbot, ctx, db, officer, discard_on_close):
    from camau_reception.ui.reception.form import ReceptionDialog

    with db.write() as s:
        svc.record(s, officer, visit(), now=NOW)
    form = ReceptionDialog(ctx)
    qtbot.addWidget(form)
    form.show()
    type_text(qtbot, form.full_name, "Trần Văn Bé")
    type_text(qtbot, form.id_number, "096075001234")
    assert form.full_name.text() == "Nguyễn Văn Đức"
    qtbot.keyClick(form.id_number, Qt.Key.Key_Backspace)
    assert form.full_name.text() == "Trần Văn Bé"
    assert form.phone.text() == "" and form.citizen_id is None
    qtbot.keyClick(form.id_number, "4")  # the same number again: the same person
    assert form.full_name.text() == "Nguyễn Văn Đức" and form.history.isVisible()


def test_scanning_an_unknown_card_after_a_known_one(qtbot, ctx, db, officer, discard_on_close):
    form = _known_citizen_found(qtbot, ctx, db, officer)
    form.id_number.setText(
        "096188004321|381234567|Trần Thị Lan|15031988|Nữ|Ấp Khai Long, Xã Đất Mũi, Cà Mau|01022022"
    )
    assert form.full_name.text() == "Trần Thị Lan"
    assert (form.sex.currentData(), form.birth_year.text()) == ("nữ", "1988")
    assert form.phone.text() == ""  # not on the card: Mr Đức's phone must not stay
    assert "Khai Long" in form.address_detail.text()
    assert form.commune.currentText() != "Phường An Xuyên"
    assert form.citizen_id is None and not form.history.isVisible()


def test_chip_card_qr_scan_fills_the_form(qtbot, form):
    form.id_number.setText(
        "096188004321|381234567|Trần Thị Lan|15031988|Nữ|Ấp Khai Long, Xã Đất Mũi, Cà Mau|01022022"
    )
    assert form.id_number.text() == "096188004321"
    assert form.full_name.text() == "Trần Thị Lan"
    assert form.sex.currentData() == "nữ" and form.birth_year.text() == "1988"
    assert form.issued_on.text() == "01/02/2022"


def test_group_visit_with_representatives(qtbot, form, db):
    type_text(qtbot, form.id_number, "096075001234")
    type_text(qtbot, form.full_name, "Nguyễn Văn Đức")
    form.commune.setCurrentText("Xã Thới Bình")
    _fill_matter(qtbot, form, "Đoàn 8 hộ dân phản ánh tiếng ồn karaoke.")
    form.group_size.setValue(8)
    assert form.reps.isEnabled()
    qtbot.mouseClick(form.reps.add_button, Qt.MouseButton.LeftButton)
    form.reps.table.item(0, 0).setText("Lý Thị Tám")
    form.reps.table.item(0, 1).setText("096180000002")
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    with db.read() as s:
        r = s.get(Reception, form.saved_id)
        assert r.group_size == 8
        assert [p.citizen.full_name for p in r.representatives] == ["Lý Thị Tám"]
        assert r.representatives[0].citizen.commune == "Xã Thới Bình"


def test_refusal_needs_a_reason(qtbot, form, db):
    type_text(qtbot, form.id_number, "096075001234")
    type_text(qtbot, form.full_name, "Nguyễn Văn Đức")
    form.commune.setCurrentText("Xã Thới Bình")
    form.outcome.setCurrentIndex(form.outcome.findData("refused"))
    assert form.refusal_reason.isVisible() and not form.guided_to.isVisible()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    label = form.errors.label("refusal_reason")
    assert label.isVisible() and "Điều 9" in label.text()
    assert form.isVisible() and _count(db) == 0
    form.refusal_reason.setCurrentIndex(form.refusal_reason.findData("already_resolved"))
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    with db.read() as s:
        assert s.get(Reception, form.saved_id).refusal_reason == "already_resolved"


def _start_valid(qtbot, form):
    type_text(qtbot, form.id_number, "096075001234")
    type_text(qtbot, form.full_name, "Nguyễn Văn Đức")
    form.commune.setCurrentText("Xã Thới Bình")
    _fill_matter(qtbot, form)


@pytest.mark.parametrize(
    ("spoil", "field", "words"),
    [
        (lambda f: f.id_number.setText("09607500123"), "citizen.id_number", "12 chữ số"),
        (lambda f: f.sex.setCurrentIndex(f.sex.findData("nữ")), "citizen.sex", "giới tính"),
        (lambda f: f.birth_year.setText("1980"), "citizen.birth_year", "1975"),
        (
            lambda f: f.received_at.setDateTime(QDateTime(datetime(2026, 3, 17, 9, 0))),
            "received_at",
            "tương lai",
        ),
        (
            lambda f: f.received_at.setDateTime(QDateTime(datetime(1999, 5, 1, 9, 0))),
            "received_at",
            "2000",
        ),
        (lambda f: f.summary.setPlainText(""), "summary", "nội dung"),
        (lambda f: f.full_name.setText(""), "citizen.full_name", "họ và tên"),
        (lambda f: f.matter_checks["complaint"].setChecked(False), "matter_kinds", "phân loại"),
    ],
)
def test_bad_input_is_shown_inline_and_nothing_saved(qtbot, form, db, spoil, field, words):
    _start_valid(qtbot, form)
    spoil(form)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    label = form.errors.label(field)
    assert label.isVisible(), field
    assert words.lower() in label.text().lower()
    assert form.isVisible()
    assert _count(db) == 0 and _count(db, Citizen) == 0


def test_more_than_five_representatives_is_refused(qtbot, form, db):
    _start_valid(qtbot, form)
    form.group_size.setValue(40)
    for i in range(5):
        form.reps.add_row([f"Người Đại Diện {chr(65 + i)}", f"0960800{i:05d}", ""])
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    label = form.errors.label("representatives")
    assert label.isVisible() and "tối đa 5" in label.text()
    assert _count(db) == 0


def test_corruption_box_appears_only_with_denunciation(qtbot, form):
    assert not form.corruption.isVisible()
    form.matter_checks["denunciation"].setChecked(True)
    assert form.corruption.isVisible()
    form.corruption.setChecked(True)
    form.matter_checks["denunciation"].setChecked(False)
    assert not form.corruption.isVisible() and not form.corruption.isChecked()


def test_escape_cancels_and_tab_follows_the_counter_order(qtbot, form, db):
    form.id_number.setFocus()
    qtbot.keyClick(form.id_number, Qt.Key.Key_Tab)
    assert form.full_name.hasFocus()
    qtbot.keyClick(form.full_name, Qt.Key.Key_Tab)
    assert form.sex.hasFocus()
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert form.result() == form.DialogCode.Rejected and not form.isVisible()
    assert _count(db) == 0


def test_edit_keeps_history(qtbot, ctx, db, officer):
    from camau_reception.models.audit import AuditEvent
    from camau_reception.ui.reception.form import ReceptionDialog

    with db.write() as s:
        rid = svc.record(s, officer, visit(), now=NOW).id
    form = ReceptionDialog(ctx, reception_id=rid)
    qtbot.addWidget(form)
    form.show()
    assert form.full_name.text() == "Nguyễn Văn Đức"
    form.outcome.setCurrentIndex(form.outcome.findData("guided"))
    type_text(qtbot, form.guided_to, "UBND phường An Xuyên")
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    with db.read() as s:
        assert s.get(Reception, rid).guided_to == "UBND phường An Xuyên"
        ev = s.execute(
            select(AuditEvent).where(AuditEvent.action == "reception.update")
        ).scalar_one()
        assert "Hướng dẫn" in ev.summary and ev.username == "canbo"
