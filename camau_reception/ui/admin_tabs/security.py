"""Bảo mật: the screen lock after idle minutes (setting ``security.idle_lock_minutes``)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from camau_reception.models.users import Role
from camau_reception.services import settings as settings_service
from camau_reception.services.errors import ServiceError, ValidationError
from camau_reception.ui.context import AppContext
from camau_reception.ui.widgets.form_errors import ERROR_STYLE, FieldErrors

ORDER = 60
TITLE = "Bảo mật"


class SecurityTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        group = QGroupBox(self.tr("Khóa màn hình khi không thao tác"))
        form = QFormLayout(group)
        self.errors = FieldErrors()
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setObjectName("idle_lock_minutes")
        low, high = settings_service.IDLE_LOCK_LIMITS
        self.idle_minutes.setRange(low, high)
        self.idle_minutes.setSpecialValueText(self.tr("Không bao giờ"))  # shown for 0
        self.idle_minutes.setMinimumWidth(130)
        self.idle_minutes.setToolTip(self.tr("0 = không tự khóa màn hình"))
        field = QWidget()
        row = QHBoxLayout(field)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.idle_minutes)
        row.addWidget(QLabel(self.tr("phút không thao tác")))
        row.addStretch(1)
        self.errors.add_row(form, "idle_lock_minutes", self.tr("Khóa màn hình sau"), field)
        hint = QLabel(
            self.tr(
                "Chọn 0 (“Không bao giờ”) để không tự khóa. Khi màn hình khóa, người dùng nhập "
                "lại mật khẩu để tiếp tục hoặc đăng xuất để người khác đăng nhập. Thay đổi áp "
                "dụng ngay cho cửa sổ này; phiên đang mở trên máy khác áp dụng từ lần đăng "
                "nhập sau."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666; font-size: 11px;")
        form.addRow("", hint)
        self.save_button = QPushButton(self.tr("Lưu"))
        self.save_button.setObjectName("save_idle_lock")
        self.save_button.clicked.connect(self.save)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addStretch(1)
        form.addRow("", save_row)
        self.saved = QLabel()
        self.saved.setObjectName("idle_lock_saved")
        self.saved.setWordWrap(True)
        form.addRow("", self.saved)
        layout.addWidget(group)
        layout.addStretch(1)
        # The Quản trị page shows to administrators only; read-only for anyone else all the same.
        editable = ctx.actor.has(Role.ADMIN)
        self.idle_minutes.setEnabled(editable)
        self.save_button.setEnabled(editable)
        self.load()

    def load(self) -> None:
        with self.ctx.db.read() as session:
            self.idle_minutes.setValue(settings_service.idle_lock_minutes(session))

    def save(self) -> None:
        try:
            minutes = settings_service.check_idle_lock_minutes(self.idle_minutes.value())
            with self.ctx.db.write() as session:
                # Administrator only; the change goes to the audit log ("setting.update").
                settings_service.put(
                    session, self.ctx.actor, settings_service.IDLE_LOCK_KEY, minutes
                )
        except ValidationError as exc:
            self.errors.show(exc.errors)
            self.saved.clear()
            return
        except ServiceError as exc:  # PermissionDenied
            self.errors.clear()
            self.saved.setStyleSheet(ERROR_STYLE)
            self.saved.setText(exc.message)
            return
        self.errors.clear()
        self.saved.setStyleSheet("")
        if minutes:
            text = self.tr("Đã lưu: khóa màn hình sau {0} phút không thao tác.").format(minutes)
        else:
            text = self.tr("Đã lưu: không tự khóa màn hình.")
        self.saved.setText(text)
        self.ctx.notify("settings")


def build(ctx: AppContext, parent: QWidget | None) -> QWidget:
    return SecurityTab(ctx, parent)
