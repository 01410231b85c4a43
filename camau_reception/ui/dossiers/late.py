"""Hồ sơ trễ hẹn: the late dossiers with working days late and whether a letter is owed; mark
returned, write one letter, reprint letters, or print every owed letter in one PDF with a
progress bar and cancel. The search box filters once the officer pauses typing (debounced)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from camau_reception.models.users import Role
from camau_reception.services import apologies, dossiers
from camau_reception.services.errors import ServiceError
from camau_reception.ui import messages, tasks
from camau_reception.ui.context import AppContext
from camau_reception.ui.dossiers.apology_dialog import ApologyDialog
from camau_reception.ui.dossiers.common import AMBER, RED, fill, table
from camau_reception.ui.dossiers.signer import SignerFields
from camau_reception.ui.widgets.form_errors import FieldErrors

SEARCH_DELAY_MS = 250  # the late list is queried once the officer pauses typing


@dataclass
class BatchOptions:
    reason: str
    signer_title: str
    signer_name: str
    with_second: bool


class BatchDialog(QDialog):
    """What every letter of the batch says: one reason, one signer (the head by default; a
    deputy signing "KT." must give their name)."""

    def __init__(self, ctx: AppContext, first: int, second: int, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("In phiếu xin lỗi hàng loạt"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.count = QLabel()
        self.count.setWordWrap(True)
        layout.addWidget(self.count)
        form = QFormLayout()
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems(apologies.common_reasons())
        self.errors = FieldErrors()
        self.signer = SignerFields(ctx.agency(), self)
        self.signer_title = self.signer.title
        self.signer_name = self.signer.name
        self.second = QCheckBox(
            self.tr("Gồm cả {n} hồ sơ hẹn lại lần nữa (tôi là lãnh đạo, phê duyệt)").format(
                n=second
            )
        )
        self.second.setEnabled(bool(second) and ctx.actor.has(Role.LEADER))
        form.addRow(self.tr("Lý do trễ hẹn:"), self.reason)
        self.signer.add_rows(form, self.errors)
        form.addRow("", self.second)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setObjectName("ok_button")
        self.ok.setText(self.tr("Chọn tệp và in"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        def describe() -> None:
            n = first + (second if self.second.isChecked() else 0)
            self.count.setText(
                self.tr(
                    "Sẽ lập {n} phiếu xin lỗi, mỗi phiếu một trang, cấp số và ghi nhận đã phát "
                    "hành; ngày hẹn mới đề xuất theo thời hạn của từng thủ tục."
                ).format(n=n)
            )

        self.second.toggled.connect(describe)
        describe()

    def accept(self) -> None:
        problems = self.signer.problems()
        self.errors.show(problems)
        if not problems:
            super().accept()

    def options(self) -> BatchOptions:
        title, name = self.signer.values()
        return BatchOptions(self.reason.currentText(), title, name, self.second.isChecked())


class ReturnedDialog(QDialog):
    """When the result was handed back (default: now)."""

    def __init__(self, ctx: AppContext, code: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Trả kết quả hồ sơ {c}").format(c=code))
        form = QFormLayout(self)
        now = ctx.now()
        self.at = QDateTimeEdit(now)
        self.at.setDisplayFormat("HH:mm dd/MM/yyyy")
        self.at.setCalendarPopup(True)
        form.addRow(self.tr("Thời điểm trả kết quả:"), self.at)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Ghi nhận"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def value(self) -> datetime:
        return self.at.dateTime().toPython().replace(second=0, microsecond=0)


def mark_returned(ctx: AppContext, parent: QWidget, dossier_id: int, ask: bool = True) -> bool:
    """Shared by the late list and the register."""
    with ctx.db.read() as session:
        d = dossiers.get(session, dossier_id)
        code, version = d.code, d.version
    at = ctx.now()
    if ask:
        dialog = ReturnedDialog(ctx, code, parent)
        if not dialog.exec():
            return False
        at = dialog.value()
    try:
        with ctx.db.write() as session:
            dossiers.mark_returned(session, ctx.actor, dossier_id, at, version)
    except ServiceError as exc:
        messages.error(parent, parent.tr("Không ghi nhận được"), exc.message)
        return False
    ctx.notify("dossiers")
    return True


class LateTab(QWidget):
    RETURNED_CAP = 2000

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ask_return_time = True  # tests turn the time dialog off
        self.rows: list[dossiers.LateRow] = []
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("late_search")
        self.search.setPlaceholderText(self.tr("Lọc theo mã hồ sơ hoặc tên người nộp…"))
        self.search.setClearButtonEnabled(True)
        self.only_owing = QCheckBox(self.tr("Chỉ hồ sơ đang nợ phiếu xin lỗi"))
        self.only_owing.setObjectName("only_owing")
        self.include_returned = QCheckBox(self.tr("Gồm cả hồ sơ đã trả trễ"))
        self.include_returned.setObjectName("include_returned")
        bar.addWidget(self.search, 1)
        bar.addWidget(self.only_owing)
        bar.addWidget(self.include_returned)
        layout.addLayout(bar)
        self.summary = QLabel()
        self.summary.setObjectName("late_summary")
        self.summary.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.summary)
        actions = QHBoxLayout()
        self.returned_button = QPushButton(self.tr("Đã trả kết quả… (Ctrl+R)"))
        self.returned_button.setObjectName("mark_returned")
        self.returned_button.setShortcut(QKeySequence("Ctrl+R"))
        self.apology_button = QPushButton(self.tr("Lập phiếu xin lỗi… (Ctrl+P)"))
        self.apology_button.setObjectName("apology")
        self.apology_button.setShortcut(QKeySequence("Ctrl+P"))
        self.reprint_button = QPushButton(self.tr("In lại phiếu đã lập"))
        self.reprint_button.setObjectName("reprint")
        self.batch_button = QPushButton(self.tr("In phiếu cho các hồ sơ đang nợ…"))
        self.batch_button.setObjectName("batch")
        for w in (self.returned_button, self.apology_button, self.reprint_button):
            actions.addWidget(w)
        actions.addStretch(1)
        actions.addWidget(self.batch_button)
        layout.addLayout(actions)
        self.table = table(
            [
                self.tr("Mã hồ sơ"),
                self.tr("Thủ tục"),
                self.tr("Người nộp"),
                self.tr("Hẹn trả"),
                self.tr("Hẹn hiện tại"),
                self.tr("Ngày làm việc trễ"),
                self.tr("Phiếu xin lỗi"),
            ],
            "late_table",
            stretch=1,
        )
        layout.addWidget(self.table, 1)
        self.returned_button.clicked.connect(self.mark_returned)
        self.apology_button.clicked.connect(self.apology)
        self.reprint_button.clicked.connect(self.reprint)
        self.batch_button.clicked.connect(lambda: self.batch())
        # One query per pause in typing, not three per keystroke.
        self.search_timer = QTimer(self)
        self.search_timer.setObjectName("late_search_timer")
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _text: self.search_timer.start())
        self.only_owing.toggled.connect(self.reload)
        self.include_returned.toggled.connect(self.reload)
        self.table.itemSelectionChanged.connect(self._enable)
        self.table.doubleClicked.connect(lambda _i: self.apology())
        QShortcut(QKeySequence("Ctrl+F"), self, self.search.setFocus)
        self.reload()

    def reload(self) -> None:
        self.search_timer.stop()  # a pending search is answered by this reload
        today = self.ctx.today()
        with self.ctx.db.read() as session:
            rows = dossiers.late_dossiers(
                session,
                today,
                only_owing=self.only_owing.isChecked(),
                open_only=not self.include_returned.isChecked(),
                text=self.search.text(),
                cal=self.ctx.calendar(),
                # Years of returned-late dossiers are tens of thousands: oldest due first,
                # capped (the count of open late ones below is taken without the cap).
                limit=self.RETURNED_CAP if self.include_returned.isChecked() else None,
            )
            owing_all = dossiers.late_dossiers(
                session, today, only_owing=True, cal=self.ctx.calendar()
            )
            if self.include_returned.isChecked() or self.only_owing.isChecked():
                open_late = len(
                    dossiers.late_dossiers(
                        session,
                        today,
                        open_only=True,
                        text=self.search.text(),
                        cal=self.ctx.calendar(),
                    )
                )
            else:
                open_late = len(rows)
        self.rows = rows
        text = self.tr("{n} hồ sơ trễ hẹn, {o} hồ sơ đang nợ phiếu xin lỗi").format(
            n=open_late, o=len(owing_all)
        )
        if self.include_returned.isChecked() and len(rows) >= self.RETURNED_CAP:
            text += self.tr(" (hiện {c} hồ sơ đầu; lọc để thu hẹp)").format(c=len(rows))
        self.summary.setText(text)
        colours: dict[tuple[int, int], str] = {}
        table_rows = []
        for i, r in enumerate(rows):
            if r.owes_apology:
                colours[(i, 6)] = RED
            elif r.returned and not r.apologies:
                colours[(i, 6)] = AMBER
            if r.working_days_late >= 5:
                colours[(i, 5)] = RED
            table_rows.append(
                (
                    r.id,
                    [
                        r.code,
                        r.procedure,
                        r.applicant,
                        f"{r.due_at:%d/%m/%Y}",
                        f"{r.promised_at:%d/%m/%Y}",
                        str(r.working_days_late),
                        self.tr(r.status()),
                    ],
                )
            )
        fill(self.table, table_rows, colours)
        self.batch_button.setEnabled(bool(owing_all))
        self._enable()

    def _current(self) -> dossiers.LateRow | None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.rows) or not self.table.selectedIndexes():
            return None
        return self.rows[row]

    def _enable(self) -> None:
        r = self._current()
        self.returned_button.setEnabled(r is not None and not r.returned)
        self.apology_button.setEnabled(r is not None and not r.returned)
        self.reprint_button.setEnabled(r is not None and r.apologies > 0)

    def selected_id(self) -> int | None:
        r = self._current()
        if r is None:
            messages.info(
                self, self.tr("Chưa chọn"), self.tr("Hãy chọn một hồ sơ trong danh sách.")
            )
            return None
        return r.id

    def mark_returned(self) -> None:
        did = self.selected_id()
        if did is not None and mark_returned(self.ctx, self, did, ask=self.ask_return_time):
            self.reload()

    def apology(self) -> ApologyDialog | None:
        did = self.selected_id()
        if did is None:
            return None
        dialog = ApologyDialog(self.ctx, did, self)
        self.last_dialog = dialog
        dialog.finished.connect(lambda result: self._after_apology(dialog, result))
        dialog.open()
        return dialog

    def _after_apology(self, dialog: ApologyDialog, result: int) -> None:
        self.reload()
        if result and dialog.letter_id:
            self._show_letters([dialog.letter_id])

    def _show_letters(self, letter_ids: list[int]) -> None:
        out = Path(tempfile.mkdtemp()) / "phieu-xin-loi.pdf"
        try:
            with self.ctx.db.read() as session:
                apologies.print_letters(session, letter_ids, out)
        except (ServiceError, ValueError) as exc:
            messages.error(self, self.tr("Không in được"), getattr(exc, "message", str(exc)))
            return
        self.last_pdf = out
        from camau_reception.ui import print_preview

        print_preview.show_pdf(self, out, self.tr("Phiếu xin lỗi"), out.name)

    def reprint(self) -> None:
        did = self.selected_id()
        if did is None:
            return
        with self.ctx.db.read() as session:
            ids = [x.id for x in apologies.letters_of(session, did)]
        if ids:
            self._show_letters(ids)

    def batch(
        self, out: Path | None = None, options: BatchOptions | None = None
    ) -> tasks.Task | None:
        """Every owed letter (of the dossiers shown when filtered) into one PDF."""
        today = self.ctx.today()
        with self.ctx.db.read() as session:
            owing = dossiers.late_dossiers(
                session, today, only_owing=True, text=self.search.text(), cal=self.ctx.calendar()
            )
        first = [r.id for r in owing if not r.apologies]
        second = [r.id for r in owing if r.apologies]
        if not owing:
            messages.info(
                self,
                self.tr("Không có phiếu cần in"),
                self.tr("Không có hồ sơ nào đang nợ phiếu xin lỗi."),
            )
            return None
        if options is None:
            dialog = BatchDialog(self.ctx, len(first), len(second), self)
            if not dialog.exec():
                return None
            options = dialog.options()
        interactive = out is None
        if out is None:
            name, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Lưu tệp phiếu xin lỗi"),
                f"phieu-xin-loi-{today:%Y%m%d}.pdf",
                self.tr("Tệp PDF (*.pdf)"),
            )
            if not name:
                return None
            out = Path(name)
        ids = first + (second if options.with_second else [])
        if not ids:
            messages.info(
                self, self.tr("Không có phiếu cần in"), self.tr("Không có phiếu lần đầu nào.")
            )
            return None
        progress = QProgressDialog(
            self.tr("Đang lập {n} phiếu xin lỗi…").format(n=len(ids)),
            self.tr("Hủy"),
            0,
            len(ids),
            self,
        )
        progress.setObjectName("batch_progress")
        progress.setWindowTitle(self.tr("In phiếu xin lỗi"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        self.progress = progress
        ctx = self.ctx
        approver = ctx.actor.id if options.with_second else None

        def work(report, cancelled) -> int:
            with ctx.db.write() as session:
                return apologies.issue_and_print_owed(
                    session,
                    ctx.actor,
                    today,
                    out,
                    reason=options.reason,
                    signer_title=options.signer_title,
                    signer_name=options.signer_name,
                    ids=ids,
                    approver_id=approver,
                    progress=report,
                    cancelled=cancelled,
                )

        def done(n: int) -> None:
            progress.close()
            self.batch_result = n
            self.reload()
            self.ctx.notify("dossiers")
            self.ctx.status(self.tr("Đã lập {n} phiếu xin lỗi: {f}").format(n=n, f=out))
            if (
                n
                and interactive
                and out is not None
                and messages.confirm(
                    self,
                    self.tr("Đã lập phiếu"),
                    self.tr("Đã lập {n} phiếu xin lỗi vào {f}. Mở xem và in?").format(
                        n=n, f=out.name
                    ),
                    self.tr("Mở"),
                )
            ):
                from camau_reception.ui import print_preview

                print_preview.show_pdf(self, out, self.tr("Phiếu xin lỗi"), out.name)

        def failed(exc: BaseException) -> None:
            progress.close()
            self.batch_result = 0
            self.reload()
            message = getattr(exc, "message", None) or str(exc) or self.tr("Đã hủy.")
            messages.error(self, self.tr("Chưa in xong"), message)

        def step(done_count: int, total: int, _message: str) -> None:
            progress.setMaximum(total)
            progress.setValue(done_count)

        task = tasks.start(work, done, failed, step)
        progress.canceled.connect(task.cancel)
        self.task = task
        return task
