"""Sao lưu, phục hồi: automatic backups, a copy to a USB stick, restore, retention rule."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from camau_reception.services import backups
from camau_reception.services.errors import ServiceError, ValidationError
from camau_reception.storage.restore import BackupSummary
from camau_reception.ui import tasks
from camau_reception.ui.context import AppContext
from camau_reception.ui.widgets.form_errors import FieldErrors

ORDER = 50
TITLE = "Sao lưu, phục hồi"

REASON_LABELS = {
    "daily": "Tự động hằng ngày",
    "before-upgrade": "Trước khi nâng cấp",
    "before-restore": "Trước khi phục hồi",
    "manual": "Thủ công",
}
FILE_FILTER = "Bản sao lưu (*.sqlite3 *.db);;Tất cả các tệp (*)"


class RestoreDialog(QDialog):
    """Shows what a backup holds; the restore button works only after an explicit tick."""

    def __init__(self, summary: BackupSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Phục hồi từ bản sao lưu"))
        self.setObjectName("restore_dialog")
        layout = QVBoxLayout(self)
        self.summary = QLabel("\n".join(summary.lines()))
        self.summary.setObjectName("restore_summary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        warning = QLabel(
            self.tr(
                "Toàn bộ dữ liệu hiện tại sẽ được thay bằng nội dung của bản sao lưu này. "
                "Dữ liệu hiện tại được sao lưu tự động trước khi phục hồi; sau khi phục hồi, "
                "mọi người cần đăng nhập lại."
            )
        )
        warning.setWordWrap(True)
        layout.addWidget(warning)
        self.understood = QCheckBox(self.tr("Tôi hiểu và muốn thay thế dữ liệu hiện tại"))
        self.understood.setObjectName("restore_understood")
        layout.addWidget(self.understood)
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton(
            self.tr("Phục hồi"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setObjectName("restore_confirm")
        self.restore_button.setEnabled(False)
        cancel = buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setDefault(True)
        self.understood.toggled.connect(self.restore_button.setEnabled)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class BackupTab(QWidget):
    COLUMNS = ("Thời điểm", "Loại", "Dung lượng", "Tệp")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.task: tasks.Task | None = None
        # Replaced in tests: the native file dialogs cannot be driven there.
        self.ask_save_path: Callable[[], str] = self._ask_save_path
        self.ask_open_path: Callable[[], str] = self._ask_open_path
        self.after_restore: Callable[[], None] = self._sign_out
        layout = QVBoxLayout(self)

        auto = QGroupBox(
            self.tr(
                "Bản sao lưu tự động (mỗi ngày một bản: khi mở chương trình hoặc sang ngày mới)"
            )
        )
        auto_layout = QVBoxLayout(auto)
        self.folder = QLabel()
        self.folder.setObjectName("backup_folder")
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        auto_layout.addWidget(self.folder)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("backup_table")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        auto_layout.addWidget(self.table)
        row = QHBoxLayout()
        self.refresh_button = QPushButton(self.tr("Làm mới"))
        self.refresh_button.clicked.connect(self.reload)
        self.restore_selected_button = QPushButton(self.tr("Phục hồi bản đã chọn…"))
        self.restore_selected_button.setObjectName("restore_selected")
        self.restore_selected_button.clicked.connect(self.restore_selected)
        row.addWidget(self.refresh_button)
        row.addStretch(1)
        row.addWidget(self.restore_selected_button)
        auto_layout.addLayout(row)
        layout.addWidget(auto)

        manual = QGroupBox(self.tr("Sao lưu ra nơi khác, phục hồi từ tệp"))
        manual_layout = QVBoxLayout(manual)
        row = QHBoxLayout()
        self.backup_button = QPushButton(self.tr("Sao lưu ra ổ USB hoặc thư mục khác… (Ctrl+B)"))
        self.backup_button.setObjectName("backup_to")
        self.backup_button.setShortcut("Ctrl+B")
        self.backup_button.clicked.connect(self.backup_to)
        self.restore_file_button = QPushButton(self.tr("Phục hồi từ tệp sao lưu…"))
        self.restore_file_button.setObjectName("restore_file")
        self.restore_file_button.clicked.connect(self.restore_from_file)
        self.cancel_button = QPushButton(self.tr("Hủy sao lưu"))
        self.cancel_button.setObjectName("backup_cancel")
        self.cancel_button.clicked.connect(self._cancel)
        self.cancel_button.hide()
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_file_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        manual_layout.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setObjectName("backup_progress")
        self.progress.hide()
        manual_layout.addWidget(self.progress)
        self.result = QLabel()
        self.result.setObjectName("backup_result")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        manual_layout.addWidget(self.result)
        layout.addWidget(manual)

        rule = QGroupBox(self.tr("Quy tắc lưu giữ bản sao lưu tự động"))
        form = QFormLayout(rule)
        self.errors = FieldErrors()
        self.keep: dict[str, QSpinBox] = {}
        for key, label in (
            ("daily", "Số ngày gần nhất giữ bản mỗi ngày"),
            ("weekly", "Số tuần gần nhất giữ một bản mỗi tuần"),
            ("monthly", "Số tháng gần nhất giữ một bản mỗi tháng"),
        ):
            spin = QSpinBox()
            spin.setObjectName(f"keep_{key}")
            spin.setRange(0, 9999)  # the service says which values are allowed
            spin.setMaximumWidth(120)
            self.keep[key] = spin
            self.errors.add_row(form, key, self.tr(label), spin)
        self.save_rule_button = QPushButton(self.tr("Lưu quy tắc"))
        self.save_rule_button.setObjectName("save_retention")
        self.save_rule_button.clicked.connect(self.save_policy)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_rule_button)
        save_row.addStretch(1)
        form.addRow("", save_row)
        self.rule_saved = QLabel()
        self.rule_saved.setObjectName("retention_saved")
        form.addRow("", self.rule_saved)
        layout.addWidget(rule)
        layout.addStretch(1)
        self.reload()

    # --- listing ---------------------------------------------------------------------------

    def reload(self) -> None:
        from camau_reception.config import backup_dir_for

        self.folder.setText(self.tr("Thư mục: {0}").format(backup_dir_for(self.ctx.db.path)))
        entries = backups.automatic_backups(self.ctx.actor, self.ctx.db)
        self.entries = entries
        self.table.setRowCount(len(entries))
        for r, e in enumerate(entries):
            cells = (
                f"{e.made_at:%d/%m/%Y %H:%M}",
                self.tr(REASON_LABELS.get(e.reason, e.reason)),
                f"{e.size / 1_048_576:.1f} MB".replace(".", ","),
                e.path.name,
            )
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.restore_selected_button.setEnabled(bool(entries))
        from camau_reception.ui.recovery import LAST_DAILY_BACKUP_ERROR

        if LAST_DAILY_BACKUP_ERROR and not self.result.text():
            self.result.setText(
                self.tr("Sao lưu tự động hôm nay thất bại: {0}").format(LAST_DAILY_BACKUP_ERROR[0])
            )
        with self.ctx.db.read() as session:
            policy = backups.get_policy(session)
        for key, spin in self.keep.items():
            spin.setValue(getattr(policy, key))

    # --- manual backup ---------------------------------------------------------------------

    def _ask_save_path(self) -> str:
        from datetime import datetime

        suggested = str(Path.home() / f"sao-luu-tiep-cong-dan-{datetime.now():%Y%m%d-%H%M}.sqlite3")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Chọn nơi lưu bản sao lưu"), suggested, self.tr(FILE_FILTER)
        )
        return path

    def _ask_open_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp sao lưu để phục hồi"), str(Path.home()), self.tr(FILE_FILTER)
        )
        return path

    def _busy(self, busy: bool, cancellable: bool = False) -> None:
        for b in (self.backup_button, self.restore_file_button, self.restore_selected_button):
            b.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy and cancellable)
        if busy:
            self.progress.setRange(0, 0)

    def _on_progress(self, done: int, total: int, message: str = "") -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        if message:
            self.progress.setFormat(message + " %p%")

    def _cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def backup_to(self) -> None:
        path = self.ask_save_path()
        if not path:
            return
        dest = Path(path)
        ctx = self.ctx

        def work(report, cancelled):
            return backups.backup_to(
                ctx.db,
                ctx.actor,
                dest,
                progress=lambda d, t: report(d, t, self.tr("Đang sao lưu…")),
                cancelled=cancelled,
            )

        self.result.setText(self.tr("Đang sao lưu ra {0}…").format(dest))
        self._busy(True, cancellable=True)
        self.task = tasks.start(work, self._backup_done, self._failed, self._on_progress)

    def _backup_done(self, result) -> None:
        self._busy(False)
        self.task = None
        self.result.setText(
            self.tr(
                "Đã sao lưu và kiểm tra xong: {0} ({1} dòng dữ liệu, {2} MB). "
                "Hãy cất ổ USB ở nơi an toàn: bản sao lưu chứa dữ liệu mật."
            ).format(
                result.path,
                f"{result.rows:,}".replace(",", "."),
                f"{result.size / 1_048_576:.1f}".replace(".", ","),
            )
        )

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.task = None
        message = exc.message if isinstance(exc, ServiceError) else str(exc)
        self.result.setText(self.tr("Không thực hiện được: {0}").format(message))

    # --- restore ----------------------------------------------------------------------------

    def restore_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.entries):
            self.result.setText(self.tr("Hãy chọn một bản sao lưu trong danh sách."))
            return
        self.restore_from(self.entries[row].path)

    def restore_from_file(self) -> None:
        path = self.ask_open_path()
        if path:
            self.restore_from(Path(path))

    def restore_from(self, path: Path) -> None:
        try:
            summary = backups.inspect(self.ctx.actor, path)
        except ServiceError as exc:
            self.result.setText(exc.message)
            return
        refusal = summary.refusal()
        if refusal:
            self.result.setText(refusal)
            return
        dialog = RestoreDialog(summary, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            self.result.setText(self.tr("Đã hủy phục hồi; không có gì thay đổi."))
            return
        ctx = self.ctx
        stages = {
            "safety": self.tr("Sao lưu dữ liệu hiện tại…"),
            "prepare": self.tr("Chuẩn bị bản phục hồi…"),
            "replace": self.tr("Thay dữ liệu…"),
        }

        def work(report, _cancelled):
            return backups.restore(
                ctx.db,
                ctx.actor,
                path,
                progress=lambda stage, d, t: report(d, t, stages.get(stage, "")),
            )

        self.result.setText(self.tr("Đang phục hồi từ {0}…").format(path))
        self._busy(True)
        self.task = tasks.start(work, self._restore_done, self._failed, self._on_progress)

    def _restore_done(self, result) -> None:
        self._busy(False)
        self.task = None
        kept = (
            self.tr(" Dữ liệu trước khi phục hồi được giữ tại {0}.").format(result.safety_copy)
            if result.safety_copy
            else ""
        )
        self.result.setText(self.tr("Đã phục hồi từ {0}.").format(result.summary.path) + kept)
        self.reload()
        self.ctx.notify("*")
        self.after_restore()

    def _sign_out(self) -> None:
        from camau_reception.ui.messages import info

        info(
            self,
            self.tr("Phục hồi xong"),
            self.result.text() + "\n" + self.tr("Chương trình sẽ đăng xuất để nạp lại dữ liệu."),
        )
        window = self.window()
        logout = getattr(window, "_logout", None)
        if callable(logout):
            logout()

    # --- retention rule ----------------------------------------------------------------------

    def save_policy(self) -> None:
        try:
            with self.ctx.db.write() as session:
                policy = backups.set_policy(
                    session,
                    self.ctx.actor,
                    self.keep["daily"].value(),
                    self.keep["weekly"].value(),
                    self.keep["monthly"].value(),
                )
        except ValidationError as exc:
            self.errors.show(exc.errors)
            self.rule_saved.clear()
            return
        self.errors.clear()
        self.rule_saved.setText(self.tr("Đã lưu: {0}.").format(policy.describe()))


def build(ctx: AppContext, parent: QWidget | None) -> QWidget:
    return BackupTab(ctx, parent)
