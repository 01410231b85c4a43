"""Đơn mới: suggestions of similar petitions never link one without the officer's choice; the
petition header shows quotes and ampersands as typed."""

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
