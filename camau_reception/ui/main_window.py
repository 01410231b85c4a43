"""The main window: navigation side bar, pages built on first visit, status bar, idle lock."""

from __future__ import annotations

import importlib
import logging
import pkgutil
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from camau_reception import __version__
from camau_reception.models.users import ROLE_LABELS
from camau_reception.services import auth
from camau_reception.services import settings as settings_service
from camau_reception.services.errors import AuthenticationFailed
from camau_reception.ui.context import AppContext, PageSpec
from camau_reception.ui.widgets.form_errors import ERROR_STYLE

log = logging.getLogger(__name__)


def discover_pages() -> list[PageSpec]:
    import camau_reception.ui.areas as areas

    pages = []
    for info in pkgutil.iter_modules(areas.__path__):
        module = importlib.import_module(f"{areas.__name__}.{info.name}")
        spec = getattr(module, "PAGE", None)
        if isinstance(spec, PageSpec):
            pages.append(spec)
    return sorted(pages, key=lambda p: p.order)


class IdleWatcher(QObject):
    """Counts time since the last key press or mouse action anywhere in the application.

    ``pause()`` while the screen is locked (no second lock dialog stacks on the first one);
    ``resume()`` after unlocking starts a fresh count. ``check_ms`` and ``clock`` are injectable
    so tests need not wait minutes.
    """

    idle = Signal()

    def __init__(
        self,
        minutes: int,
        parent: QObject | None = None,
        *,
        check_ms: int = 15_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.minutes = minutes
        self.clock = clock
        self.paused = False
        self.last_input = clock()
        self.timer = QTimer(self)
        self.timer.setInterval(check_ms)
        self.timer.timeout.connect(self._check)
        self._update_timer()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def _update_timer(self) -> None:
        if self.minutes > 0 and not self.paused:
            self.timer.start()
        else:
            self.timer.stop()

    def set_minutes(self, minutes: int) -> None:
        """A new setting applies at once; the count starts afresh."""
        self.minutes = max(0, int(minutes))
        self.last_input = self.clock()
        self._update_timer()

    def pause(self) -> None:
        self.paused = True
        self._update_timer()

    def resume(self) -> None:
        self.paused = False
        self.last_input = self.clock()
        self._update_timer()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in (
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.Wheel,
        ):
            self.last_input = self.clock()
        return False

    def _check(self) -> None:
        if self.paused or self.minutes <= 0:
            return
        if self.clock() - self.last_input >= self.minutes * 60:
            self.last_input = self.clock()
            self.idle.emit()


class LockDialog(QDialog):
    """The screen is locked after idle minutes; only the signed-in user's password opens it.

    "Đăng xuất" ends the session instead (``done(SIGNED_OUT)``) so that a colleague can sign
    in without the password of the user who walked away.
    """

    SIGNED_OUT = 2  # dialog result besides Accepted (unlocked)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("lock_dialog")
        self.setWindowTitle(self.tr("Màn hình đã khóa"))
        self.setModal(True)
        self.setMinimumWidth(440)
        # No close button in the title bar: only unlocking or signing out leaves the dialog.
        self.setWindowFlags(
            Qt.WindowType.Dialog | Qt.WindowType.CustomizeWindowHint | Qt.WindowType.WindowTitleHint
        )
        layout = QVBoxLayout(self)
        message = QLabel(
            self.tr(
                "Phiên làm việc của {name} đã khóa do không thao tác. Nhập mật khẩu để tiếp tục."
            ).format(name=ctx.actor.full_name)
        )
        message.setWordWrap(True)
        layout.addWidget(message)
        self.password = QLineEdit()
        self.password.setObjectName("unlock_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(
            self.tr("Mật khẩu của {user}").format(user=ctx.actor.username)
        )
        layout.addWidget(self.password)
        self.error = QLabel()
        self.error.setObjectName("unlock_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        hint = QLabel(
            self.tr(
                "Người khác cần dùng máy: bấm “Đăng xuất” để về màn hình đăng nhập "
                "(thông tin đang nhập dở chưa lưu sẽ bị bỏ)."
            )
        )
        hint.setObjectName("lock_hint")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666; font-size: 11px;")
        layout.addWidget(hint)
        buttons = QDialogButtonBox()
        self.sign_out_button = buttons.addButton(
            self.tr("Đăng xuất"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.sign_out_button.setObjectName("lock_sign_out")
        self.sign_out_button.setAutoDefault(False)
        self.sign_out_button.clicked.connect(self.sign_out)
        self.unlock_button = buttons.addButton(
            self.tr("Mở khóa"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.unlock_button.setObjectName("unlock")
        self.unlock_button.setDefault(True)
        buttons.accepted.connect(self.unlock)
        layout.addWidget(buttons)
        self.password.setFocus()

    def reject(self) -> None:  # Esc must not bypass the lock
        pass

    def sign_out(self) -> None:
        self.done(self.SIGNED_OUT)

    def unlock(self) -> None:
        failure = None
        # The attempt counter is stored even when the password is wrong (five wrong tries lock
        # the account for 15 minutes): the exception is caught inside the write transaction.
        with self.ctx.db.write() as session:
            try:
                auth.authenticate(session, self.ctx.actor.username, self.password.text())
            except AuthenticationFailed as exc:  # AccountLocked included
                failure = exc
        if failure:
            self.error.setText(failure.message)
            self.error.show()
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()


class MainWindow(QMainWindow):
    """``idle_check_ms`` and ``backup_check_ms`` are injectable: tests use short timers."""

    logout_requested = Signal()

    def __init__(
        self,
        ctx: AppContext,
        pages: list[PageSpec] | None = None,
        *,
        idle_check_ms: int = 15_000,
        backup_check_ms: int = 30 * 60_000,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.lock_dialog: LockDialog | None = None
        self.setWindowTitle(
            self.tr("Phần mềm tiếp công dân — {agency}").format(agency=ctx.agency().name.title())
        )
        self.resize(1280, 800)
        all_pages = pages if pages is not None else discover_pages()
        self.pages = [p for p in all_pages if not p.roles or ctx.actor.has(*p.roles)]
        self._widgets: dict[str, QWidget] = {}

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(220)
        self.nav.setStyleSheet(
            "QListWidget { background: #1f3b57; color: white; border: none; font-size: 14px; }"
            "QListWidget::item { padding: 10px 12px; }"
            "QListWidget::item:selected { background: #2f6fa5; }"
        )
        self.stack = QStackedWidget()
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        for index, page in enumerate(self.pages):
            item = QListWidgetItem(page.title)
            item.setData(Qt.ItemDataRole.UserRole, page.key)
            if page.icon and hasattr(QStyle.StandardPixmap, page.icon):
                item.setIcon(self.style().standardIcon(getattr(QStyle.StandardPixmap, page.icon)))
            shortcut = page.shortcut or (f"Ctrl+{index + 1}" if index < 9 else "")
            if shortcut:
                item.setToolTip(f"{page.title} ({shortcut})")
                action = QAction(self)
                action.setShortcut(QKeySequence(shortcut))
                action.triggered.connect(lambda _=False, k=page.key: self.open_page(k))
                self.addAction(action)
            self.nav.addItem(item)
            placeholder = QWidget()  # swapped for the real page on first visit
            self.stack.addWidget(placeholder)
        self.nav.currentRowChanged.connect(self._on_nav)
        ctx.signals.navigate.connect(self.open_page)
        ctx.signals.status_message.connect(lambda m: self.statusBar().showMessage(m, 8000))

        self._build_menu()
        self._build_status_bar()
        self.idle = IdleWatcher(self._idle_minutes(), self, check_ms=idle_check_ms)
        self.idle.idle.connect(self.lock)
        ctx.signals.data_changed.connect(self._on_data_changed)
        self._start_backup_timer(backup_check_ms)
        if self.pages:
            self.nav.setCurrentRow(0)

    def _idle_minutes(self) -> int:
        with self.ctx.db.read() as session:
            return settings_service.idle_lock_minutes(session)

    def _on_data_changed(self, area: str) -> None:
        if area in ("settings", "*"):
            self.idle.set_minutes(self._idle_minutes())

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Tệp"))
        change_pw = QAction(self.tr("Đổi mật khẩu…"), self)
        change_pw.triggered.connect(self.change_password)
        file_menu.addAction(change_pw)
        lock = QAction(self.tr("Khóa màn hình"), self)
        lock.setShortcut(QKeySequence("Ctrl+L"))
        lock.triggered.connect(self.lock)
        file_menu.addAction(lock)
        logout = QAction(self.tr("Đăng xuất"), self)
        logout.setShortcut(QKeySequence("Ctrl+Shift+Q"))
        logout.triggered.connect(self._logout)
        file_menu.addAction(logout)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("Thoát"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(self.tr("Trợ &giúp"))
        about = QAction(self.tr("Giới thiệu"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _build_status_bar(self) -> None:
        actor = self.ctx.actor
        roles = ", ".join(ROLE_LABELS[r] for r in sorted(actor.roles))
        self.user_label = QLabel(
            self.tr("Người dùng: {name} ({roles})").format(name=actor.full_name, roles=roles)
        )
        self.db_label = QLabel(self.tr("CSDL: {path}").format(path=self.ctx.db.path))
        self.day_label = QLabel()
        self.day_label.setObjectName("day_status")
        self.backup_label = QLabel()
        self.backup_label.setObjectName("backup_status")
        self.backup_label.setStyleSheet(ERROR_STYLE)
        self.backup_label.hide()
        for label in (self.backup_label, self.user_label, self.day_label, self.db_label):
            self.statusBar().addPermanentWidget(label)
        self.refresh_day_status()
        self.ctx.signals.data_changed.connect(
            lambda area: self.refresh_day_status() if area == "calendar" else None
        )

    def refresh_day_status(self) -> None:
        today = self.ctx.today()
        cal = self.ctx.calendar()
        name = cal.day_off_name(today)
        date_text = today.strftime("%d/%m/%Y")
        if cal.is_working_day(today):
            text = self.tr("Hôm nay {d}: ngày làm việc").format(d=date_text)
        elif name:
            text = self.tr("Hôm nay {d}: nghỉ — {name}").format(d=date_text, name=name)
        else:
            text = self.tr("Hôm nay {d}: ngày nghỉ cuối tuần").format(d=date_text)
        self.day_label.setText(text)

    def page_keys(self) -> list[str]:
        return [p.key for p in self.pages]

    def page_widget(self, key: str) -> QWidget:
        """The page for ``key``, built on first use."""
        index = self.page_keys().index(key)
        if key not in self._widgets:
            spec = self.pages[index]
            widget = spec.factory(self.ctx, self)
            old = self.stack.widget(index)
            self.stack.insertWidget(index, widget)
            self.stack.removeWidget(old)
            old.deleteLater()
            self._widgets[key] = widget
        return self._widgets[key]

    def open_page(self, key: str, payload: object = None) -> None:
        if key not in self.page_keys():
            return
        index = self.page_keys().index(key)
        widget = self.page_widget(key)
        if self.nav.currentRow() != index:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(index)
            self.nav.blockSignals(False)
        self.stack.setCurrentIndex(index)
        if payload is not None and hasattr(widget, "open_record"):
            widget.open_record(payload)

    def _on_nav(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            self.open_page(self.pages[row].key)

    # --- idle lock ---------------------------------------------------------------------------

    def lock(self) -> None:
        """Show the lock dialog (once: the idle count pauses until it closes).

        Application-modal but not a nested event loop, so a dialog that was already open
        underneath (a half-filled form, a message box) cannot end up on top of it.
        """
        if not self.isVisible():  # signed out or closed: nothing left to lock
            return
        if self.lock_dialog is not None:
            self.lock_dialog.raise_()
            self.lock_dialog.activateWindow()
            return
        self.idle.pause()
        dialog = LockDialog(self.ctx, self)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._lock_finished)
        self.lock_dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _lock_finished(self, result: int) -> None:
        self.lock_dialog = None
        if result == LockDialog.SIGNED_OUT:
            self._close_own_dialogs()
            self._logout()
        else:
            self.idle.resume()

    def _close_own_dialogs(self) -> None:
        """Signing out from the lock screen: dialogs the absent user left open go too (their
        unsaved input is dropped; ``done`` skips the "discard?" questions of ``reject``)."""
        app = QApplication.instance()
        if app is None:
            return
        for widget in app.topLevelWidgets():
            if widget is self or not isinstance(widget, QDialog) or not widget.isVisible():
                continue
            owner = widget.parentWidget()
            while owner is not None and owner is not self:
                owner = owner.parentWidget()
            if owner is self:
                widget.done(QDialog.DialogCode.Rejected)

    # --- daily backup while the program stays open ---------------------------------------------

    def _start_backup_timer(self, interval_ms: int) -> None:
        from camau_reception.ui.recovery import daily_backup_error, daily_backup_events

        events = daily_backup_events()
        events.failed.connect(self._daily_backup_failed)
        events.succeeded.connect(self._daily_backup_succeeded)
        error = daily_backup_error(Path(self.ctx.db.path))
        if error:  # the start-up backup failed before this window existed
            self._daily_backup_failed(str(Path(self.ctx.db.path).resolve()), error)
        self.backup_timer = QTimer(self)
        self.backup_timer.setObjectName("daily_backup_timer")
        self.backup_timer.setInterval(interval_ms)
        self.backup_timer.timeout.connect(self.check_daily_backup)
        self.backup_timer.start()

    def check_daily_backup(self) -> object | None:
        """The timer's slot: the first backup of a new day, off the UI thread; returns the
        started task, or None when today's backup is already done (or running)."""
        from camau_reception.ui.recovery import run_daily_backup

        return run_daily_backup(
            Path(self.ctx.db.path),
            now=lambda: datetime.combine(self.ctx.today(), self.ctx.clock()),
        )

    def _is_own_database(self, db_path: str) -> bool:
        return Path(db_path) == Path(self.ctx.db.path).resolve()

    def _daily_backup_failed(self, db_path: str, message: str) -> None:
        if not self._is_own_database(db_path):
            return
        self.backup_label.setText(self.tr("⚠ Sao lưu tự động thất bại"))
        self.backup_label.setToolTip(message)
        self.backup_label.show()
        self.statusBar().showMessage(
            self.tr("Sao lưu tự động thất bại: {0}").format(message), 30_000
        )

    def _daily_backup_succeeded(self, db_path: str, _outcome: object) -> None:
        if not self._is_own_database(db_path):
            return
        self.backup_label.hide()
        self.backup_label.clear()

    def change_password(self) -> None:
        from camau_reception.ui.login import ChangePasswordDialog

        ChangePasswordDialog(self.ctx.db, self.ctx.actor, parent=self).exec()

    def _logout(self) -> None:
        self.logout_requested.emit()
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if event.isAccepted():
            # After sign-out the closed window lives on while the sign-in dialog is up: it must
            # not lock the screen of a user who has already left, nor back up on its own.
            self.idle.pause()
            self.backup_timer.stop()

    def _about(self) -> None:
        from camau_reception.ui.messages import info

        info(
            self,
            self.tr("Giới thiệu"),
            self.tr(
                "Phần mềm tiếp công dân, xử lý đơn thư và hồ sơ thủ tục hành chính\n"
                "Phiên bản {v}\nCơ sở dữ liệu: {path}"
            ).format(v=__version__, path=self.ctx.db.path),
        )
