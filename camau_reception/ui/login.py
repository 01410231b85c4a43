"""Sign-in, first start (agency profile + administrator) and password change dialogs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from camau_reception.domain.agency import AgencyProfile
from camau_reception.ui.widgets.form_errors import ERROR_STYLE, FieldErrors

if TYPE_CHECKING:
    from camau_reception.services.actor import Actor
    from camau_reception.storage.db import Database

# Services (and SQLAlchemy under them) are imported inside the handlers: the sign-in window
# must appear before the ~0.4 s those imports cost.


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSize(font.pointSize() + 3)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


class LoginDialog(QDialog):
    """Sign in. Wrong passwords are counted in the database (five lock the account)."""

    def __init__(self, db: Database, agency_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor: Actor | None = None
        self.password_used = ""
        self.setWindowTitle(self.tr("Đăng nhập — Phần mềm tiếp công dân"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(self.tr("Phần mềm tiếp công dân")))
        if agency_name:
            sub = QLabel(agency_name)
            sub.setWordWrap(True)
            layout.addWidget(sub)
        form = QFormLayout()
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.username.setPlaceholderText(self.tr("ví dụ: tiepdan1"))
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Tên đăng nhập:"), self.username)
        form.addRow(self.tr("Mật khẩu:"), self.password)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("login_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(
            self.tr("Đăng nhập"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setObjectName("login_button")
        self.ok_button.setDefault(True)
        buttons.addButton(self.tr("Thoát"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.username.setFocus()

    def try_login(self) -> None:
        from camau_reception.services import auth, hooks
        from camau_reception.services.errors import AuthenticationFailed

        username = self.username.text()
        password = self.password.text()
        if not username.strip() or not password:
            self._fail(self.tr("Hãy nhập tên đăng nhập và mật khẩu."))
            return
        failure: AuthenticationFailed | None = None
        with self.db.write() as session:
            try:
                actor = auth.authenticate(session, username, password)
                hooks.emit("user.signed_in", session=session, actor=actor, password=password)
            except AuthenticationFailed as exc:
                failure = exc  # the attempt counter is committed on purpose
        if failure is not None:
            self._fail(failure.message)
            return
        self.actor = actor
        self.password_used = password
        self.accept()

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.password.clear()
        self.password.setFocus()


class FirstStartDialog(QDialog):
    """First start: the agency profile (letterhead) and the administrator account."""

    PROFILE_FIELDS = (
        ("parent_body", "Cơ quan chủ quản:", "UBND TỈNH CÀ MAU"),
        ("name", "Tên cơ quan:", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"),
        ("symbol", "Chữ viết tắt (số văn bản):", "SVHTTDL"),
        ("place", "Địa danh (dòng ngày tháng):", "Cà Mau"),
        ("address", "Địa chỉ:", ""),
        ("phone", "Điện thoại:", ""),
        ("email", "Thư điện tử:", ""),
        ("head_title", "Chức vụ người đứng đầu:", "GIÁM ĐỐC"),
        ("head_name", "Họ tên người đứng đầu:", ""),
    )

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Khởi tạo lần đầu"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(self.tr("Chào mừng! Hãy nhập thông tin cơ quan")))
        note = QLabel(
            self.tr(
                "Thông tin này in trên tiêu đề mọi văn bản (theo Nghị định 30/2020/NĐ-CP) "
                "và có thể sửa sau trong mục Quản trị."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.errors = FieldErrors()
        self.inputs: dict[str, QLineEdit] = {}
        for key, label, default in self.PROFILE_FIELDS:
            edit = QLineEdit(default)
            edit.setObjectName(key)
            self.inputs[key] = edit
            self.errors.add_row(form, key, self.tr(label), edit)
        layout.addLayout(form)
        layout.addWidget(_heading(self.tr("Tài khoản quản trị hệ thống")))
        admin_form = QFormLayout()
        self.admin_username = QLineEdit("quantri")
        self.admin_username.setObjectName("admin_username")
        self.admin_full_name = QLineEdit()
        self.admin_full_name.setObjectName("admin_full_name")
        self.admin_password = QLineEdit()
        self.admin_password.setObjectName("admin_password")
        self.admin_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.admin_password2 = QLineEdit()
        self.admin_password2.setObjectName("admin_password2")
        self.admin_password2.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors.add_row(admin_form, "username", self.tr("Tên đăng nhập:"), self.admin_username)
        self.errors.add_row(admin_form, "full_name", self.tr("Họ và tên:"), self.admin_full_name)
        self.errors.add_row(
            admin_form, "password", self.tr("Mật khẩu (≥ 10 ký tự):"), self.admin_password
        )
        self.errors.add_row(
            admin_form, "password2", self.tr("Nhập lại mật khẩu:"), self.admin_password2
        )
        layout.addLayout(admin_form)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(
            self.tr("Khởi tạo"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setObjectName("setup_button")
        buttons.addButton(self.tr("Thoát"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def submit(self) -> None:
        from camau_reception.services import agency
        from camau_reception.services.errors import ValidationError

        if self.admin_password.text() != self.admin_password2.text():
            self.errors.show({"password2": self.tr("Hai lần nhập mật khẩu không khớp.")})
            return
        profile = AgencyProfile(**{k: e.text() for k, e in self.inputs.items()})
        try:
            with self.db.write() as session:
                self.actor = agency.first_start(
                    session,
                    profile,
                    self.admin_username.text(),
                    self.admin_full_name.text(),
                    self.admin_password.text(),
                )
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        self.accept()


class ChangePasswordDialog(QDialog):
    """Asked after an administrator's reset, and from the File menu."""

    def __init__(
        self, db: Database, actor: Actor, forced: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.new_password = ""
        self.setWindowTitle(self.tr("Đổi mật khẩu"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        if forced:
            msg = QLabel(self.tr("Mật khẩu của bạn vừa được đặt lại. Hãy chọn mật khẩu mới."))
            msg.setWordWrap(True)
            layout.addWidget(msg)
        form = QFormLayout()
        self.errors = FieldErrors()
        self.old = QLineEdit()
        self.new = QLineEdit()
        self.new2 = QLineEdit()
        for key, edit in (
            ("old_password", self.old),
            ("new_password", self.new),
            ("new2", self.new2),
        ):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setObjectName(key)
        self.errors.add_row(form, "old_password", self.tr("Mật khẩu hiện tại:"), self.old)
        self.errors.add_row(form, "new_password", self.tr("Mật khẩu mới (≥ 10 ký tự):"), self.new)
        self.errors.add_row(form, "new2", self.tr("Nhập lại mật khẩu mới:"), self.new2)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        ok = buttons.addButton(self.tr("Đổi mật khẩu"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("change_button")
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)

    def submit(self) -> None:
        from camau_reception.services import users
        from camau_reception.services.errors import ValidationError

        if self.new.text() != self.new2.text():
            self.errors.show({"new2": self.tr("Hai lần nhập mật khẩu không khớp.")})
            return
        try:
            with self.db.write() as session:
                users.change_own_password(session, self.actor, self.old.text(), self.new.text())
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        self.new_password = self.new.text()
        self.accept()
