"""The main window: navigation side bar, pages built on first visit, status bar, idle lock."""

from __future__ import annotations

import importlib
import logging
import pkgutil
import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
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
    """Counts time since the last key press or mouse action anywhere in the application."""

    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.minutes = minutes
        self.last_input = time.monotonic()
        self.timer = QTimer(self)
        self.timer.setInterval(15_000)
        self.timer.timeout.connect(self._check)
        if minutes > 0:
            self.timer.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in (
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.Wheel,
        ):
            self.last_input = time.monotonic()
        return False

    def _check(self) -> None:
        if self.minutes > 0 and time.monotonic() - self.last_input >= self.minutes * 60:
            self.last_input = time.monotonic()
            self.idle.emit()


class LockDialog(QDialog):
    """The screen is locked after idle minutes; only the signed-in user's password opens it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Màn hình đã khóa"))
        self.setModal(True)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Phiên làm việc của {name} đã khóa do không thao tác. Nhập mật khẩu để tiếp tục."
                ).format(name=ctx.actor.full_name)
            )
        )
        self.password = QLineEdit()
        self.password.setObjectName("unlock_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.password)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        ok = buttons.addButton(self.tr("Mở khóa"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setDefault(True)
        buttons.accepted.connect(self.unlock)
        layout.addWidget(buttons)

    def reject(self) -> None:  # Esc must not bypass the lock
        pass

    def unlock(self) -> None:
        failure = None
        with self.ctx.db.write() as session:
            try:
                auth.authenticate(session, self.ctx.actor.username, self.password.text())
            except AuthenticationFailed as exc:
                failure = exc
        if failure:
            self.error.setText(failure.message)
            self.error.show()
            self.password.clear()
            return
        self.accept()


class MainWindow(QMainWindow):
    logout_requested = Signal()

    def __init__(self, ctx: AppContext, pages: list[PageSpec] | None = None) -> None:
        super().__init__()
        self.ctx = ctx
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
        minutes = self._idle_minutes()
        self.idle = IdleWatcher(minutes, self)
        self.idle.idle.connect(self.lock)
        if self.pages:
            self.nav.setCurrentRow(0)

    def _idle_minutes(self) -> int:
        with self.ctx.db.read() as session:
            return int(settings_service.get(session, "security.idle_lock_minutes", 15) or 0)

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
        for label in (self.user_label, self.day_label, self.db_label):
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

    def lock(self) -> None:
        dialog = LockDialog(self.ctx, self)
        dialog.exec()

    def change_password(self) -> None:
        from camau_reception.ui.login import ChangePasswordDialog

        ChangePasswordDialog(self.ctx.db, self.ctx.actor, parent=self).exec()

    def _logout(self) -> None:
        self.logout_requested.emit()
        self.close()

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
