"""Start-up safety in the window: the recovery dialog when the quick check fails, and the first
backup of the day taken in the background once the sign-in window is up.

``startup_guard(db_path)`` is called by ``ui.app.run_gui`` before the database is opened;
``start_daily_backup(db_path)`` right after. The main window calls ``run_daily_backup`` on a
timer so that a program left open overnight still makes the next day's backup.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from camau_reception.storage.startup import StartupCheck, StartupState, check_at_startup
from camau_reception.ui import tasks

# The last failure of the automatic backup (shown on the backup tab); emptied on success.
LAST_DAILY_BACKUP_ERROR: list[str] = []


class RecoveryDialog(QDialog):
    """The database failed its check. Offer the newest good backup; change nothing unless the
    user ticks the confirmation and presses "Phục hồi"."""

    def __init__(self, check: StartupCheck, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = check
        self.db_path = check.path
        self.chosen: Path | None = None
        self.restored_from: Path | None = None
        self.task: tasks.Task | None = None
        self.setWindowTitle(self.tr("Cơ sở dữ liệu bị hỏng"))
        self.setObjectName("recovery_dialog")
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        problem = QLabel(
            self.tr(
                "{0}\nNguyên nhân thường gặp: máy bị tắt điện đột ngột khi ổ đĩa đang ghi, "
                "hoặc ổ đĩa bị lỗi."
            ).format(check.message)
        )
        problem.setObjectName("recovery_problem")
        problem.setWordWrap(True)
        layout.addWidget(problem)
        if check.errors:
            shown = check.errors[:4]
            if len(check.errors) > len(shown):
                more = len(check.errors) - len(shown)
                shown.append(self.tr("… và {0} lỗi khác").format(more))
            details = QLabel("\n".join(shown))
            details.setObjectName("recovery_details")
            details.setStyleSheet("color: #666; font-size: 11px;")
            details.setWordWrap(True)
            layout.addWidget(details)
        self.offer = QLabel()
        self.offer.setObjectName("recovery_offer")
        self.offer.setWordWrap(True)
        self.offer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.offer)
        self.understood = QCheckBox(
            self.tr(
                "Tôi đồng ý thay cơ sở dữ liệu hỏng bằng bản sao lưu này "
                "(tệp hỏng được giữ lại, không bị xóa)"
            )
        )
        self.understood.setObjectName("recovery_understood")
        layout.addWidget(self.understood)
        self.progress = QProgressBar()
        self.progress.hide()
        layout.addWidget(self.progress)
        self.result = QLabel()
        self.result.setObjectName("recovery_result")
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        buttons = QHBoxLayout()
        self.choose_button = QPushButton(self.tr("Chọn tệp sao lưu khác…"))
        self.choose_button.setObjectName("recovery_choose")
        self.choose_button.clicked.connect(self.choose_file)
        self.restore_button = QPushButton(self.tr("Phục hồi"))
        self.restore_button.setObjectName("recovery_restore")
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.restore)
        self.quit_button = QPushButton(self.tr("Thoát, không thay đổi gì"))
        self.quit_button.setObjectName("recovery_quit")
        self.quit_button.setDefault(True)
        self.quit_button.clicked.connect(self.reject)
        buttons.addWidget(self.choose_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.quit_button)
        layout.addLayout(buttons)
        self.understood.toggled.connect(self._update_buttons)
        self.ask_open_path = self._ask_open_path  # replaced in tests
        self._offer_latest()

    def _offer_latest(self) -> None:
        from camau_reception.storage.startup import latest_good_backup

        found = latest_good_backup(self.db_path)
        if found is None:
            self.offer.setText(
                self.tr(
                    "Không tìm thấy bản sao lưu tự động còn tốt. Nếu có bản sao lưu trên ổ USB, "
                    "hãy bấm “Chọn tệp sao lưu khác…”."
                )
            )
            self.chosen = None
        else:
            entry, summary = found
            self._show_summary(entry.path, summary, self.tr("Bản sao lưu tốt gần nhất:"))
        self._update_buttons()

    def _show_summary(self, path: Path, summary, title: str) -> None:
        self.chosen = path
        self.offer.setText(title + "\n" + "\n".join(summary.lines()))

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.chosen is not None and self.understood.isChecked())

    def _ask_open_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Chọn tệp sao lưu"),
            str(Path.home()),
            self.tr("Bản sao lưu (*.sqlite3 *.db);;Tất cả các tệp (*)"),
        )
        return path

    def choose_file(self) -> None:
        from camau_reception.storage.restore import RestoreRefused, inspect_backup

        path = self.ask_open_path()
        if not path:
            return
        try:
            summary = inspect_backup(Path(path))
        except RestoreRefused as exc:
            self.result.setText(exc.message)
            return
        refusal = summary.refusal()
        if refusal:
            self.result.setText(refusal)
            return
        self.result.clear()
        self.understood.setChecked(False)
        self._show_summary(Path(path), summary, self.tr("Bản sao lưu đã chọn:"))
        self._update_buttons()

    def restore(self) -> None:
        if self.chosen is None or not self.understood.isChecked():
            return
        from camau_reception.services import backups
        from camau_reception.services.actor import SYSTEM
        from camau_reception.storage.db import Database

        source, db_path = self.chosen, self.db_path

        def work(report, _cancelled):
            db = Database(db_path)
            try:
                return backups.restore(
                    db, SYSTEM, source, progress=lambda _s, d, t: report(d, t, "")
                )
            finally:
                db.close()

        for b in (self.restore_button, self.choose_button, self.quit_button):
            b.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.result.setText(self.tr("Đang phục hồi…"))
        self.task = tasks.start(work, self._done, self._failed, self._progress)

    def _progress(self, done: int, total: int, _message: str) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _done(self, result) -> None:
        self.task = None
        self.restored_from = result.summary.path
        self.progress.hide()
        self.result.setText(self.tr("Đã phục hồi. Chương trình sẽ mở tiếp."))
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        self.progress.hide()
        self.result.setText(
            self.tr("Không phục hồi được: {0}").format(getattr(exc, "message", exc))
        )
        for b in (self.choose_button, self.quit_button):
            b.setEnabled(True)
        self._update_buttons()


def startup_guard(db_path: Path, parent: QWidget | None = None) -> bool:
    """True when the database may be opened; on a failed check, the recovery dialog decides."""
    from camau_reception.ui.messages import error

    check = check_at_startup(db_path)
    if check.ok:
        return True
    if check.state == StartupState.READ_ONLY:
        print(check.message, file=sys.stderr)
        error(parent, "Không ghi được cơ sở dữ liệu", check.message)
        return False
    print(check.message, *check.errors[:5], sep="\n", file=sys.stderr)
    dialog = RecoveryDialog(check, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted


class DailyBackupEvents(QObject):
    """Outcome of every automatic daily backup, whoever started it (start-up or the main
    window's timer); the main window shows a failure in its status bar."""

    succeeded = Signal(str, object)  # database path, storage.startup.DailyBackupOutcome
    failed = Signal(str, str)  # database path, the Vietnamese message


_events: DailyBackupEvents | None = None


def daily_backup_events() -> DailyBackupEvents:
    global _events
    if _events is None:
        _events = DailyBackupEvents()
    return _events


@dataclass
class _DailyState:
    day: date | None = None  # the last day whose backup was made (or found already made)
    running: bool = False
    error: str = ""  # the last failure, until a backup succeeds


_DAILY_STATE: dict[Path, _DailyState] = {}


def _daily_state(db_path: Path) -> _DailyState:
    return _DAILY_STATE.setdefault(Path(db_path).resolve(), _DailyState())


def daily_backup_error(db_path: Path) -> str:
    """The last automatic backup failure for this database ("" when none or since fixed)."""
    return _daily_state(db_path).error


def run_daily_backup(db_path: Path, now: Callable[[], datetime] | None = None) -> tasks.Task | None:
    """Start "the first backup of the day" in the background unless today's is already done
    or one is running; returns the task, or None when nothing was started.

    Idempotent twice over: this process remembers the day it last succeeded, and
    ``storage.startup.daily_backup`` makes no copy when a daily backup of that date exists.
    A failure is retried on the next call (the main window calls every 30 minutes).
    """
    from camau_reception.storage.startup import daily_backup

    state = _daily_state(db_path)
    moment = now() if now is not None else datetime.now()
    if state.running or state.day == moment.date():
        return None
    state.running = True

    def work(_report, _cancelled):
        return daily_backup(db_path, now=moment)

    def done(outcome) -> None:
        state.running = False
        state.day = moment.date()
        state.error = ""
        LAST_DAILY_BACKUP_ERROR.clear()
        daily_backup_events().succeeded.emit(str(Path(db_path).resolve()), outcome)

    def failed(exc: BaseException) -> None:
        state.running = False
        message = getattr(exc, "message", None) or str(exc)
        state.error = message
        LAST_DAILY_BACKUP_ERROR[:] = [message]
        print(f"Sao lưu tự động thất bại: {message}", file=sys.stderr)
        daily_backup_events().failed.emit(str(Path(db_path).resolve()), message)

    return tasks.start(work, done, failed)


def start_daily_backup(db_path: Path, delay_ms: int = 1500) -> None:
    """The first start of the day copies the database in the background (never blocks
    sign-in); a failure is printed and kept for the backup tab and the status bar. A program
    left open past midnight is covered by the main window's timer (``run_daily_backup``)."""
    QTimer.singleShot(delay_ms, lambda: run_daily_backup(db_path))
