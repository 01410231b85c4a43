"""Người dùng: accounts, roles, password reset, disable."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from camau_reception.models.users import ROLE_LABELS, Role
from camau_reception.services import corruption_keys, users
from camau_reception.services.auth import password_problem
from camau_reception.services.errors import ServiceError, ValidationError
from camau_reception.ui import messages
from camau_reception.ui.context import AppContext
from camau_reception.ui.widgets.form_errors import FieldErrors

ORDER = 10
TITLE = "Người dùng"


class UserDialog(QDialog):
    def __init__(self, ctx: AppContext, user_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.user_id = user_id
        self.version: int | None = None
        self.setWindowTitle(
            self.tr("Thêm người dùng") if user_id is None else self.tr("Sửa người dùng")
        )
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.errors = FieldErrors()
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.full_name = QLineEdit()
        self.full_name.setObjectName("full_name")
        self.position = QLineEdit()
        self.position.setObjectName("position")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors.add_row(form, "username", self.tr("Tên đăng nhập:"), self.username)
        self.errors.add_row(form, "full_name", self.tr("Họ và tên:"), self.full_name)
        form.addRow(self.tr("Chức vụ:"), self.position)
        roles_box = QWidget()
        roles_layout = QVBoxLayout(roles_box)
        roles_layout.setContentsMargins(0, 0, 0, 0)
        self.role_checks: dict[Role, QCheckBox] = {}
        for role in Role:
            check = QCheckBox(ROLE_LABELS[role])
            check.setObjectName(f"role_{role.value}")
            self.role_checks[role] = check
            roles_layout.addWidget(check)
        self.errors.add_row(form, "roles", self.tr("Vai trò:"), roles_box)
        if user_id is None:
            self.errors.add_row(form, "password", self.tr("Mật khẩu (≥ 10 ký tự):"), self.password)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        save = buttons.addButton(self.tr("Lưu"), QDialogButtonBox.ButtonRole.AcceptRole)
        save.setObjectName("save_user")
        save.setDefault(True)
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if user_id is not None:
            with ctx.db.read() as session:
                user = users.get_user(session, user_id)
                self.username.setText(user.username)
                self.username.setReadOnly(True)
                self.full_name.setText(user.full_name)
                self.position.setText(user.position)
                for role in user.roles:
                    self.role_checks[role].setChecked(True)
                self.version = user.version

    def data(self) -> users.UserInput:
        return users.UserInput(
            username=self.username.text(),
            full_name=self.full_name.text(),
            roles={r for r, c in self.role_checks.items() if c.isChecked()},
            password=self.password.text(),
            position=self.position.text(),
        )

    def save(self) -> None:
        try:
            with self.ctx.db.write() as session:
                if self.user_id is None:
                    users.create_user(session, self.ctx.actor, self.data())
                else:
                    users.update_user(
                        session, self.ctx.actor, self.user_id, self.data(), self.version
                    )
        except ValidationError as exc:
            for message in self.errors.show(exc.errors):
                messages.error(self, self.tr("Không lưu được"), message)
            return
        except ServiceError as exc:
            messages.error(self, self.tr("Không lưu được"), exc.message)
            return
        self.accept()


@dataclass(frozen=True)
class KeyCopy:
    """What resetting a user's password would cost the protected denunciations: whether this
    user holds a copy of the data key, and how many copies the other active accounts hold."""

    holds: bool
    others: int

    @property
    def last(self) -> bool:
        return self.holds and self.others == 0

    @classmethod
    def read(cls, ctx: AppContext, user_id: int) -> KeyCopy:
        with ctx.db.read() as session:
            holds = corruption_keys.holds_key(session, user_id)
            total = corruption_keys.holders_count(session)
            active = users.get_user(session, user_id).active
        return cls(holds, max(total - (1 if holds and active else 0), 0))


class ResetPasswordDialog(QDialog):
    def __init__(self, ctx: AppContext, user_id: int, username: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.user_id = user_id
        self.username = username
        self.setWindowTitle(self.tr("Đặt lại mật khẩu cho {u}").format(u=username))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        # Shown before anything is typed: the reset deletes this user's copy of the key.
        self.key_warning = QLabel()
        self.key_warning.setObjectName("key_warning")
        self.key_warning.setWordWrap(True)
        self.key_warning.hide()
        layout.addWidget(self.key_warning)
        copy = KeyCopy.read(ctx, user_id)
        if copy.holds:
            self.key_warning.setText(self._warning(copy))
            self.key_warning.setStyleSheet(
                "color: #b3261e; font-weight: bold;" if copy.last else "color: #8a5300;"
            )
            self.key_warning.show()
        form = QFormLayout()
        self.errors = FieldErrors()
        self.password = QLineEdit()
        self.password.setObjectName("new_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors.add_row(form, "password", self.tr("Mật khẩu tạm (≥ 10 ký tự):"), self.password)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        ok = buttons.addButton(self.tr("Đặt lại"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("reset_ok")
        self.ok_button = ok
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _warning(self, copy: KeyCopy) -> str:
        if copy.last:
            return self.tr(
                "Tài khoản này là thanh tra viên CUỐI CÙNG giữ bản khóa đọc thông tin bảo mật "
                "tố cáo tham nhũng (chỉ còn 1 bản). Đặt lại mật khẩu sẽ xóa bản khóa này."
            )
        return self.tr(
            "Tài khoản này giữ một bản khóa đọc thông tin bảo mật tố cáo tham nhũng; đặt lại "
            "mật khẩu sẽ xóa bản khóa đó (còn {n} bản ở thanh tra viên khác)."
        ).format(n=copy.others)

    def _confirm_key_loss(self, copy: KeyCopy) -> bool:
        """Ask before a reset that deletes the user's copy of the data key."""
        if copy.last:
            title = self.tr("Cảnh báo: mất quyền đọc mọi tố cáo được bảo vệ")
            text = self.tr(
                "{u} là thanh tra viên CUỐI CÙNG đang giữ bản khóa đọc thông tin bảo mật tố cáo "
                "tham nhũng: hiện chỉ còn 1 bản khóa, là bản của người này.\n\n"
                "Đặt lại mật khẩu sẽ xóa bản khóa đó. Sau đó KHÔNG CÒN AI xem được danh tính "
                "người tố cáo và các tài liệu mã hóa. Chỉ lấy lại được quyền bằng khóa khôi phục "
                "in trên giấy do Thủ trưởng cơ quan cất giữ (lãnh đạo hoặc thanh tra viên nhập "
                "khóa ở trang Tố cáo tham nhũng); nếu khóa khôi phục đã mất, các thông tin đó "
                "không bao giờ mở lại được.\n\n"
                "Chỉ tiếp tục khi chắc chắn khóa khôi phục vẫn còn. Vẫn đặt lại mật khẩu?"
            ).format(u=self.username)
        else:
            title = self.tr("Đặt lại mật khẩu: mất quyền đọc thông tin bảo mật")
            text = self.tr(
                "{u} đang giữ một bản khóa đọc thông tin bảo mật tố cáo tham nhũng.\n\n"
                "Đặt lại mật khẩu sẽ xóa bản khóa này: người này sẽ không xem được danh tính "
                "người tố cáo và các tài liệu mã hóa cho đến khi một thanh tra viên khác cấp lại "
                "quyền (sau khi người này đăng nhập bằng mật khẩu mới), hoặc dùng khóa khôi phục "
                "in trên giấy.\n\n"
                "Sau khi đặt lại còn {n} bản khóa ở các thanh tra viên khác. Vẫn đặt lại mật khẩu?"
            ).format(u=self.username, n=copy.others)
        return messages.confirm(self, title, text, yes=self.tr("Vẫn đặt lại"))

    def save(self) -> None:
        # The password is checked first: confirm a loss only for a reset that would happen.
        problem = password_problem(self.password.text(), self.username)
        if problem:
            self.errors.show({"password": problem})
            return
        copy = KeyCopy.read(self.ctx, self.user_id)  # as it is now, not when the dialog opened
        if copy.holds and not self._confirm_key_loss(copy):
            return
        try:
            with self.ctx.db.write() as session:
                users.reset_password(session, self.ctx.actor, self.user_id, self.password.text())
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        except ServiceError as exc:
            messages.error(self, self.tr("Không đặt lại được"), exc.message)
            return
        self.accept()


class UsersTab(QWidget):
    COLUMNS = ("Tên đăng nhập", "Họ và tên", "Chức vụ", "Vai trò", "Trạng thái")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Thêm người dùng (Ctrl+Shift+N)"))
        self.add_button.setObjectName("add_user")
        self.add_button.setShortcut("Ctrl+Shift+N")
        self.edit_button = QPushButton(self.tr("Sửa…"))
        self.reset_button = QPushButton(self.tr("Đặt lại mật khẩu…"))
        self.toggle_button = QPushButton(self.tr("Vô hiệu hóa / Kích hoạt"))
        for b in (self.add_button, self.edit_button, self.reset_button, self.toggle_button):
            bar.addWidget(b)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("users_table")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _: self.edit())
        layout.addWidget(self.table)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.reset_button.clicked.connect(self.reset)
        self.toggle_button.clicked.connect(self.toggle)
        self.reload()

    def reload(self) -> None:
        with self.ctx.db.read() as session:
            rows = users.list_users(session)
            data = [
                (
                    u.id,
                    u.username,
                    u.full_name,
                    u.position,
                    ", ".join(ROLE_LABELS[r] for r in sorted(u.roles)),
                    u.active,
                )
                for u in rows
            ]
        self.table.setRowCount(len(data))
        for r, (uid, username, name, position, roles, active) in enumerate(data):
            values = (
                username,
                name,
                position,
                roles,
                self.tr("Đang hoạt động") if active else self.tr("Đã vô hiệu hóa"),
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, uid)
                self.table.setItem(r, c, item)

    def selected(self) -> tuple[int, str] | None:
        row = self.table.currentRow()
        if row < 0:
            messages.info(
                self, self.tr("Chưa chọn"), self.tr("Hãy chọn một người dùng trong danh sách.")
            )
            return None
        item = self.table.item(row, 0)
        return int(item.data(Qt.ItemDataRole.UserRole)), item.text()

    def add(self) -> None:
        if UserDialog(self.ctx, parent=self).exec():
            self.reload()

    def edit(self) -> None:
        sel = self.selected()
        if sel and UserDialog(self.ctx, sel[0], parent=self).exec():
            self.reload()

    def reset(self) -> None:
        sel = self.selected()
        if sel and ResetPasswordDialog(self.ctx, sel[0], sel[1], parent=self).exec():
            messages.info(
                self,
                self.tr("Đã đặt lại"),
                self.tr("Người dùng phải đổi mật khẩu ở lần đăng nhập tới."),
            )

    def toggle(self) -> None:
        sel = self.selected()
        if not sel:
            return
        with self.ctx.db.read() as session:
            active = users.get_user(session, sel[0]).active
        verb = self.tr("vô hiệu hóa") if active else self.tr("kích hoạt lại")
        if not messages.confirm(
            self,
            self.tr("Xác nhận"),
            self.tr("Bạn muốn {v} tài khoản {u}?").format(v=verb, u=sel[1]),
        ):
            return
        try:
            with self.ctx.db.write() as session:
                users.set_active(session, self.ctx.actor, sel[0], not active)
        except ServiceError as exc:
            messages.error(self, self.tr("Không thực hiện được"), exc.message)
        self.reload()


def build(ctx: AppContext, parent: QWidget | None) -> QWidget:
    return UsersTab(ctx, parent)
