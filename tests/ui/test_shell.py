"""First start, sign-in, the main window and the administrator pages, driven as a user would."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt

from camau_reception.models.users import Role
from camau_reception.services import agency, audit, users
from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database, open_database
from camau_reception.ui.context import AppContext
from tests.conftest import PASSWORD
from tests.helpers import type_text


def test_first_start_creates_profile_and_administrator(qtbot, db_path: Path) -> None:
    from camau_reception.ui.login import FirstStartDialog

    db = open_database(db_path)
    dialog = FirstStartDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.inputs["head_name"].setText("Nguyễn Thị Hồng Nhung")
    type_text(qtbot, dialog.admin_full_name, "Trần Minh Quân")
    type_text(qtbot, dialog.admin_password, "ngan")
    type_text(qtbot, dialog.admin_password2, "ngan")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.label("password").isVisible()
    assert "10 ký tự" in dialog.errors.label("password").text()
    with db.read() as session:
        assert not agency.is_initialized(session)  # nothing half-saved

    dialog.admin_password.setText(PASSWORD)
    dialog.admin_password2.setText(PASSWORD)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    with db.read() as session:
        profile = agency.get_profile(session)
        assert profile is not None and profile.symbol == "SVHTTDL"
        assert profile.head_name == "Nguyễn Thị Hồng Nhung"
        assert [u.username for u in users.list_users(session)] == ["quantri"]
    db.close()


def test_login_shows_error_then_signs_in(qtbot, db: Database, officer: Actor) -> None:
    from camau_reception.ui.login import LoginDialog

    dialog = LoginDialog(db, "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH")
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.username, "canbo")
    type_text(qtbot, dialog.password, "sai-mat-khau")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.error.isVisible()
    assert "Còn 4 lần thử" in dialog.error.text()
    type_text(qtbot, dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is not None and dialog.actor.username == "canbo"


def _window(qtbot, db: Database, actor: Actor):
    from camau_reception.ui.main_window import MainWindow

    ctx = AppContext(db=db, actor=actor, today=lambda: date(2026, 2, 17))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    return window


def test_main_window_shows_only_pages_the_role_may_use(
    qtbot, db: Database, admin: Actor, officer: Actor
) -> None:
    admin_window = _window(qtbot, db, admin)
    officer_window = _window(qtbot, db, officer)
    assert "admin" in admin_window.page_keys()
    assert "admin" not in officer_window.page_keys()
    # 17/02/2026 falls in Tết.
    assert "nghỉ" in admin_window.day_label.text()
    assert "17/02/2026" in admin_window.day_label.text()


def test_admin_creates_a_user_through_the_users_tab(
    qtbot, db: Database, admin: Actor, monkeypatch
) -> None:
    from camau_reception.ui.admin_tabs.users import UserDialog

    window = _window(qtbot, db, admin)
    window.open_page("admin")
    page = window.page_widget("admin")
    tab = page.tab("Người dùng")
    dialog = UserDialog(tab.ctx, parent=tab)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.username, "tiepdan9")
    type_text(qtbot, dialog.full_name, "Đặng Hoàng Phúc")
    dialog.role_checks[Role.OFFICER].setChecked(True)
    type_text(qtbot, dialog.password, "tiepdan9")  # too short and contains the user name
    qtbot.mouseClick(dialog.findChild(type(tab.add_button), "save_user"), Qt.MouseButton.LeftButton)
    assert dialog.errors.label("password").isVisible()
    dialog.password.setText("mot-mat-khau-dai")
    qtbot.mouseClick(dialog.findChild(type(tab.add_button), "save_user"), Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    tab.reload()
    names = [tab.table.item(r, 1).text() for r in range(tab.table.rowCount())]
    assert "Đặng Hoàng Phúc" in names
    with db.read() as session:
        assert audit.list_events(session, action="user.create")[0].summary.startswith(
            "Tạo tài khoản tiepdan9"
        )


def test_calendar_override_and_audit_chain_button(qtbot, db: Database, admin: Actor) -> None:
    from PySide6.QtCore import QDate

    window = _window(qtbot, db, admin)
    window.open_page("admin")
    page = window.page_widget("admin")
    tab = page.tab("Lịch nghỉ, làm bù")
    tab.year.setValue(2026)
    assert any("Tết" in (tab.holidays.item(r, 1).text()) for r in range(tab.holidays.rowCount()))
    tab.day.setDate(QDate(2026, 2, 28))  # a Saturday worked in exchange for a bridge day
    tab.kind.setCurrentIndex(tab.kind.findData("working_day"))
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert tab.errors.label("note").isVisible()  # the legal basis is required
    type_text(qtbot, tab.note, "Làm bù theo thông báo của Bộ Nội vụ")
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert tab.overrides.rowCount() == 1
    assert window.ctx.calendar().is_working_day(date(2026, 2, 28))

    audit_tab = page.tab("Nhật ký hệ thống")
    audit_tab.reload()
    assert audit_tab.table.rowCount() >= 2
    qtbot.mouseClick(audit_tab.verify_button, Qt.MouseButton.LeftButton)
    assert "toàn vẹn" in audit_tab.result.text()


def test_agency_profile_edit_is_validated(qtbot, db: Database, admin: Actor) -> None:
    window = _window(qtbot, db, admin)
    window.open_page("admin")
    tab = window.page_widget("admin").tab("Thông tin cơ quan")
    tab.inputs["symbol"].clear()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.errors.label("symbol").isVisible()
    tab.inputs["symbol"].setText("svhttdl")
    tab.inputs["address"].setText("Số 2 Lý Bôn, phường An Xuyên")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.saved.text() == "Đã lưu."
    assert tab.inputs["symbol"].text() == "SVHTTDL"
