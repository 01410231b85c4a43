"""The idle screen lock: one lock dialog at a time, unlock or sign out, the lockout message, and
the administrator's setting for the idle minutes."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from camau_reception.models.settings import Setting
from camau_reception.services import audit
from camau_reception.services import settings as settings_service
from camau_reception.services.actor import Actor
from camau_reception.services.errors import PermissionDenied
from camau_reception.storage.db import Database
from camau_reception.ui.context import AppContext
from tests.conftest import PASSWORD
from tests.helpers import type_text


class FakeClock:
    """Stands in for ``time.monotonic``: minutes pass when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += minutes * 60


def _window(qtbot, db: Database, actor: Actor, pages=None, idle_check_ms: int = 15_000):
    from camau_reception.ui.main_window import MainWindow

    ctx = AppContext(db=db, actor=actor, today=lambda: date(2026, 3, 16))
    window = MainWindow(ctx, pages=pages, idle_check_ms=idle_check_ms)
    qtbot.addWidget(window)
    window.show()
    return window


def _fake_clock(window) -> FakeClock:
    clock = FakeClock()
    window.idle.clock = clock
    window.idle.last_input = clock()
    return clock


def _lock_dialogs() -> list[QDialog]:
    from camau_reception.ui.main_window import LockDialog

    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, LockDialog) and w.isVisible()
    ]


@pytest.fixture
def locked(qtbot, db: Database, officer: Actor):
    """An officer's window locked by the idle timer (15 minutes by default)."""
    window = _window(qtbot, db, officer, pages=[], idle_check_ms=10)
    clock = _fake_clock(window)
    clock.advance(16)
    qtbot.waitUntil(lambda: window.lock_dialog is not None)
    dialog = window.lock_dialog
    qtbot.waitUntil(dialog.isVisible)
    return window, dialog, clock


def test_idle_timer_stops_while_locked_so_dialogs_do_not_stack(qtbot, locked) -> None:
    window, dialog, clock = locked
    assert not window.idle.timer.isActive()
    clock.advance(60)  # a long lunch: the timer would have fired again and again
    window.idle._check()
    window.lock()  # Ctrl+L while already locked
    assert window.lock_dialog is dialog
    assert _lock_dialogs() == [dialog]

    type_text(qtbot, dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.lock_dialog is None)
    assert not dialog.isVisible()
    assert window.isVisible()
    # Counting starts afresh after unlocking, then locks again after the idle minutes.
    assert window.idle.timer.isActive()
    assert window.idle.last_input == clock()
    clock.advance(16)
    qtbot.waitUntil(lambda: window.lock_dialog is not None)
    assert len(_lock_dialogs()) == 1


def test_wrong_password_is_shown_in_the_dialog_and_esc_does_not_unlock(qtbot, locked) -> None:
    window, dialog, _clock = locked
    type_text(qtbot, dialog.password, "sai-mat-khau")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert "Còn 4 lần thử" in dialog.error.text()
    assert dialog.password.text() == ""
    qtbot.keyClick(dialog.password, Qt.Key.Key_Escape)
    assert dialog.isVisible() and window.lock_dialog is dialog

    type_text(qtbot, dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.lock_dialog is None)


def test_five_wrong_tries_lock_the_account_and_sign_out_stays_possible(
    qtbot, locked, db: Database
) -> None:
    window, dialog, _clock = locked
    for _ in range(5):
        type_text(qtbot, dialog.password, "sai-mat-khau")
        qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert "Tài khoản bị khóa 15 phút" in dialog.error.text()
    # Even the right password is refused now, with the Vietnamese reason.
    type_text(qtbot, dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "Tài khoản tạm khóa" in dialog.error.text()
    assert "Hãy thử lại sau" in dialog.error.text()
    with db.read() as session:
        assert audit.list_events(session, action="user.locked")

    assert dialog.sign_out_button.isEnabled()
    with qtbot.waitSignal(window.logout_requested, timeout=2000):
        qtbot.mouseClick(dialog.sign_out_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()
    assert not dialog.isVisible()
    assert window.lock_dialog is None
    assert not window.idle.timer.isActive()


def test_sign_out_from_the_lock_closes_what_the_user_left_open(qtbot, locked) -> None:
    window, dialog, _clock = locked

    asked: list[bool] = []

    class Form(QDialog):
        def reject(self) -> None:  # a form that would ask "discard?" on Esc
            asked.append(True)

    form = Form(window.centralWidget())
    qtbot.addWidget(form)
    form.open()
    dialog.raise_()
    stranger = QDialog()  # not this window's: left alone
    qtbot.addWidget(stranger)
    stranger.show()

    logouts: list[bool] = []
    window.logout_requested.connect(lambda: logouts.append(True))
    qtbot.mouseClick(dialog.sign_out_button, Qt.MouseButton.LeftButton)
    assert logouts == [True]
    assert not form.isVisible()
    assert form.result() == QDialog.DialogCode.Rejected
    assert asked == []  # no question nobody is there to answer
    assert stranger.isVisible()
    assert not window.isVisible()


def test_lock_dialog_has_both_ways_out(qtbot, db: Database, officer: Actor) -> None:
    window = _window(qtbot, db, officer, pages=[])
    window.lock()  # Ctrl+L / Tệp > Khóa màn hình
    dialog = window.lock_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.isModal()
    assert dialog.unlock_button.text() == "Mở khóa"
    assert dialog.sign_out_button.text() == "Đăng xuất"
    assert "Võ Thị Thu Hà" in dialog.findChildren(type(dialog.error))[0].text()
    assert not window.idle.timer.isActive()
    type_text(qtbot, dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.lock_dialog is None)
    assert window.idle.timer.isActive()


def test_signing_out_from_the_menu_stops_the_idle_lock(qtbot, db: Database, officer: Actor) -> None:
    window = _window(qtbot, db, officer, pages=[], idle_check_ms=10)
    clock = _fake_clock(window)
    with qtbot.waitSignal(window.logout_requested, timeout=2000):
        window._logout()  # Tệp > Đăng xuất
    assert not window.isVisible()
    assert not window.idle.timer.isActive()
    assert not window.backup_timer.isActive()
    clock.advance(60)  # the sign-in dialog stays up a long time
    window.idle._check()
    window.lock()
    assert window.lock_dialog is None
    assert _lock_dialogs() == []


# --- the administrator's setting ---------------------------------------------------------------


def test_admin_changes_idle_minutes_and_the_window_applies_them(
    qtbot, db: Database, admin: Actor
) -> None:
    window = _window(qtbot, db, admin)
    assert window.idle.minutes == 15
    window.open_page("admin")
    tab = window.page_widget("admin").tab("Bảo mật")
    assert tab.idle_minutes.value() == 15
    assert (tab.idle_minutes.minimum(), tab.idle_minutes.maximum()) == (0, 240)
    assert tab.idle_minutes.isEnabled()

    tab.idle_minutes.setValue(5)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "5 phút" in tab.saved.text()
    with db.read() as session:
        assert session.get(Setting, "security.idle_lock_minutes").value == "5"
        assert settings_service.idle_lock_minutes(session) == 5
        events = audit.list_events(session, action="setting.update")
        assert any("security.idle_lock_minutes = 5" in e.summary for e in events)
    assert window.idle.minutes == 5  # no restart needed
    assert window.idle.timer.isActive()

    tab.idle_minutes.setValue(0)
    assert tab.idle_minutes.text() == "Không bao giờ"
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "không tự khóa" in tab.saved.text()
    assert window.idle.minutes == 0
    assert not window.idle.timer.isActive()


def test_idle_minutes_are_validated_by_the_service(db: Database, admin: Actor) -> None:
    from camau_reception.services.errors import ValidationError

    key = settings_service.IDLE_LOCK_KEY
    for bad in (-1, 241, "mười", True, None):
        with pytest.raises(ValidationError) as exc, db.write() as session:
            settings_service.put(session, admin, key, bad)
        assert "0 đến 240" in exc.value.errors["idle_lock_minutes"]
    with db.write() as session:
        settings_service.put(session, admin, key, " 30 ")
    with db.read() as session:
        assert session.get(Setting, key).value == "30"
        assert settings_service.idle_lock_minutes(session) == 30


def test_non_admin_cannot_see_or_change_idle_minutes(qtbot, db: Database, officer: Actor) -> None:
    from camau_reception.ui.admin_tabs.security import SecurityTab

    window = _window(qtbot, db, officer)
    assert "admin" not in window.page_keys()
    # Built by hand all the same, the tab is read-only and the service refuses.
    tab = SecurityTab(AppContext(db=db, actor=officer))
    qtbot.addWidget(tab)
    assert not tab.idle_minutes.isEnabled()
    assert not tab.save_button.isEnabled()
    tab.idle_minutes.setValue(0)
    tab.save()
    assert "không có quyền" in tab.saved.text()
    with pytest.raises(PermissionDenied), db.write() as session:
        settings_service.put(session, officer, settings_service.IDLE_LOCK_KEY, 0)
    with db.read() as session:
        assert session.get(Setting, "security.idle_lock_minutes") is None
        assert settings_service.idle_lock_minutes(session) == 15
