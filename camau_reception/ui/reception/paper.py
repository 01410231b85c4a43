"""The paper of the register page: Giấy biên nhận (02/TCD), Phiếu hẹn, Thông báo từ chối
(01/TCD) for the selected visit, and the register Sổ tiếp công dân (03/TCD) of the page's date
range as a PDF or an Excel workbook.

``install(page)`` adds the buttons to the page's bottom bar, fills ``page.paper_buttons`` (the
page enables them for the selected row) and sets ``page.print_receipt`` (called by the form's
"Lưu và in biên nhận"). A form is numbered, written and logged in one write transaction, then
shown in the print preview; the register is drawn in a background task with progress and
cancel, since a year of a busy office is thousands of pages.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QFrame, QProgressDialog, QPushButton, QWidget

from camau_reception.services.errors import ServiceError
from camau_reception.ui import messages, tasks

RECEIPT = "receipt"
APPOINTMENT = "appointment"
REFUSAL = "refusal"


def _message(exc: BaseException) -> str:
    return getattr(exc, "message", None) or str(exc) or exc.__class__.__name__


def _temp_pdf(name: str) -> Path:
    return Path(tempfile.mkdtemp(prefix="camau-tcd-")) / name


class PaperActions(QObject):
    """The paper buttons of one register page and what they do."""

    # The register written (PDF or workbook): its path. Tests wait on it.
    register_done = Signal(str)
    register_failed = Signal(str)

    def __init__(self, page: Any) -> None:
        super().__init__(page)
        self.page = page
        self.ctx = page.ctx
        self.task: tasks.Task | None = None
        self.progress: QProgressDialog | None = None
        self.last_path: Path | None = None
        tr = self.tr

        bar = page.bottom_bar
        line = QFrame()
        line.setFrameShape(QFrame.Shape.VLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        bar.addWidget(line)

        self.buttons: dict[str, QPushButton] = {}
        for key, label, tip in (
            (
                RECEIPT,
                tr("Biên nhận 02/TCD (Ctrl+P)"),
                tr("In giấy biên nhận thông tin, tài liệu (Mẫu 02/TCD) của lượt tiếp đang chọn"),
            ),
            (
                APPOINTMENT,
                tr("Phiếu hẹn"),
                tr("In phiếu hẹn gặp lãnh đạo (chỉ với lượt tiếp có kết quả hẹn gặp lãnh đạo)"),
            ),
            (
                REFUSAL,
                tr("Từ chối 01/TCD"),
                tr("In thông báo từ chối tiếp công dân (Mẫu 01/TCD) của lượt tiếp bị từ chối"),
            ),
        ):
            button = QPushButton(label)
            button.setObjectName(f"paper_{key}")
            button.setToolTip(tip)
            button.setEnabled(False)
            button.clicked.connect(lambda _c=False, k=key: self.print_form(k))
            bar.addWidget(button)
            self.buttons[key] = button

        self.two_per_sheet = QCheckBox(tr("2 bản/tờ"))
        self.two_per_sheet.setObjectName("paper_two_per_sheet")
        self.two_per_sheet.setToolTip(
            tr(
                "Giấy biên nhận: hai bản trên một tờ A4 ngang (bỏ chọn: mỗi bản một trang A4). "
                "Áp dụng cho cả cơ quan."
            )
        )
        self.two_per_sheet.setChecked(self._read_two_per_sheet())
        self.two_per_sheet.toggled.connect(self._save_two_per_sheet)
        bar.addWidget(self.two_per_sheet)

        self.register_button = QPushButton(tr("In sổ 03/TCD… (Ctrl+Shift+P)"))
        self.register_button.setObjectName("paper_register")
        self.register_button.setToolTip(
            tr(
                "In Sổ tiếp công dân (Mẫu 03/TCD) của khoảng ngày đang lọc "
                "(không chọn ngày: từ đầu tháng đến hôm nay); không gồm lượt đã hủy"
            )
        )
        self.register_button.clicked.connect(lambda _c=False: self.print_register())
        bar.addWidget(self.register_button)
        self.excel_button = QPushButton(tr("Xuất Excel… (Ctrl+E)"))
        self.excel_button.setObjectName("paper_excel")
        self.excel_button.setToolTip(
            tr("Xuất sổ tiếp công dân của khoảng ngày đang lọc ra tệp Excel (12 cột)")
        )
        self.excel_button.clicked.connect(lambda _c=False: self.export_excel())
        bar.addWidget(self.excel_button)

        QShortcut(QKeySequence("Ctrl+P"), page, activated=lambda: self._shortcut(RECEIPT))
        QShortcut(QKeySequence("Ctrl+Shift+P"), page, activated=self.print_register)
        QShortcut(QKeySequence("Ctrl+E"), page, activated=lambda: self.export_excel())

    # --- the setting -----------------------------------------------------------------------------

    def _read_two_per_sheet(self) -> bool:
        from camau_reception.exports.register_xlsx import receipt_two_per_sheet

        with self.ctx.db.read() as session:
            return receipt_two_per_sheet(session)

    def _save_two_per_sheet(self, value: bool) -> None:
        from camau_reception.exports.register_xlsx import set_receipt_two_per_sheet

        try:
            with self.ctx.db.write() as session:
                set_receipt_two_per_sheet(session, self.ctx.actor, value)
        except ServiceError as exc:
            messages.error(self.page, self.tr("Không lưu được cài đặt"), exc.message)
            self.two_per_sheet.blockSignals(True)
            self.two_per_sheet.setChecked(not value)
            self.two_per_sheet.blockSignals(False)

    # --- one visit -------------------------------------------------------------------------------

    def _shortcut(self, kind: str) -> None:
        if self.buttons[kind].isEnabled():
            self.print_form(kind)

    def print_receipt(self, reception_id: int) -> Path | None:
        """The receipt of a visit just saved (the form's "Lưu và in biên nhận")."""
        return self.print_form(RECEIPT, reception_id)

    def print_form(self, kind: str, reception_id: int | None = None) -> Path | None:
        """Number, write and log the form, then show it; returns the PDF (None on error)."""
        from camau_reception.exports.register_xlsx import issue_visit_form
        from camau_reception.printing.apology_letter import WordingError
        from camau_reception.printing.reception_forms import FORM_LABELS

        if reception_id is None:
            row = self.page.selected_row()
            if row is None:
                return None
            reception_id = row.id
        label = FORM_LABELS[kind]
        slug = {RECEIPT: "bien-nhan", APPOINTMENT: "phieu-hen", REFUSAL: "tu-choi-tiep"}[kind]
        out = _temp_pdf(f"{slug}-{reception_id}.pdf")
        try:
            with self.ctx.db.write() as session:
                doc = issue_visit_form(
                    session,
                    self.ctx.actor,
                    reception_id,
                    kind,
                    on=self.ctx.today(),
                    out=out,
                    two_per_sheet=self.two_per_sheet.isChecked(),
                )
                number = doc.number
        except (ServiceError, WordingError) as exc:
            messages.error(
                self.page, self.tr("Không in được {form}").format(form=label.lower()), _message(exc)
            )
            return None
        self.last_path = out
        self.ctx.status(
            self.tr("Đã lập {form} số {number} (lượt tiếp #{id}).").format(
                form=label.lower(), number=number, id=reception_id
            )
        )
        from camau_reception.ui import print_preview

        print_preview.show_pdf(self.page, out, self.tr(label), out.name)
        return out

    # --- the register ----------------------------------------------------------------------------

    def _range(self) -> tuple[date, date] | None:
        from camau_reception.exports.register_xlsx import check_range
        from camau_reception.services.errors import ValidationError

        day_from, day_to = self.page.register_range()
        try:
            return check_range(day_from, day_to)
        except ValidationError as exc:
            messages.error(
                self.page, self.tr("Khoảng ngày không hợp lệ"), "; ".join(exc.errors.values())
            )
            return None

    def busy(self) -> bool:
        return self.task is not None

    def print_register(self) -> tasks.Task | None:
        """Sổ tiếp công dân of the page's range, drawn in the background, then previewed."""
        from camau_reception.exports.register_xlsx import print_register

        days = self._range()
        if days is None or self.busy():
            return None
        day_from, day_to = days
        out = _temp_pdf(f"so-tiep-cong-dan-{day_from:%Y%m%d}-{day_to:%Y%m%d}.pdf")
        db, actor = self.ctx.db, self.ctx.actor

        def work(report, cancelled):  # runs in a pool thread
            return print_register(
                db, actor, day_from, day_to, out, progress=report, cancelled=cancelled
            )

        def done(result: Any) -> None:
            if result is None:
                self.ctx.status(self.tr("Đã hủy in sổ tiếp công dân."))
                return
            self.last_path = result.path
            self.ctx.status(
                self.tr("Đã in sổ tiếp công dân: {n} lượt tiếp, {p} trang.").format(
                    n=result.visits, p=result.pages
                )
            )
            self.register_done.emit(str(result.path))
            from camau_reception.ui import print_preview

            print_preview.show_pdf(
                self.page, result.path, self.tr("Sổ tiếp công dân (Mẫu 03/TCD)"), out.name
            )

        return self._run(work, done, self.tr("Đang lập sổ tiếp công dân…"))

    def export_excel(self, out: Path | None = None) -> tasks.Task | None:
        """The same range to an Excel workbook chosen by the user."""
        from camau_reception.exports.register_xlsx import export_register

        days = self._range()
        if days is None or self.busy():
            return None
        day_from, day_to = days
        if out is None:
            out = self.page.save_path(
                self.tr("Xuất sổ tiếp công dân ra Excel"),
                f"so-tiep-cong-dan-{day_from:%Y%m%d}-{day_to:%Y%m%d}.xlsx",
                self.tr("Bảng tính Excel (*.xlsx)"),
            )
            if out is None:
                return None
        if out.suffix.lower() != ".xlsx":
            out = out.with_name(out.name + ".xlsx")
        target = out
        db, actor = self.ctx.db, self.ctx.actor

        def work(report, cancelled):  # runs in a pool thread
            return export_register(
                db, actor, day_from, day_to, target, progress=report, cancelled=cancelled
            )

        def done(result: Any) -> None:
            if result is None:
                self.ctx.status(self.tr("Đã hủy xuất Excel."))
                return
            self.last_path = result.path
            self.ctx.status(
                self.tr("Đã xuất {n} lượt tiếp ra {f}.").format(n=result.visits, f=str(target))
            )
            self.register_done.emit(str(result.path))

        return self._run(work, done, self.tr("Đang xuất sổ tiếp công dân ra Excel…"))

    def _run(self, work: Any, done: Any, text: str) -> tasks.Task:
        progress = QProgressDialog(text, self.tr("Hủy"), 0, 0, self.page)
        progress.setObjectName("paper_progress")
        progress.setWindowTitle(self.tr("Sổ tiếp công dân"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        self.progress = progress
        for button in (self.register_button, self.excel_button):
            button.setEnabled(False)

        def finish() -> None:
            progress.close()
            progress.deleteLater()
            self.progress = None
            self.task = None
            for button in (self.register_button, self.excel_button):
                button.setEnabled(True)

        def on_done(result: Any) -> None:
            finish()
            done(result)

        def on_error(exc: BaseException) -> None:
            finish()
            message = _message(exc)
            self.register_failed.emit(message)
            messages.error(self.page, self.tr("Không lập được sổ tiếp công dân"), message)

        def on_progress(count: int, total: int, message: str) -> None:
            if total > 0:
                progress.setMaximum(total)
                progress.setValue(min(count, total))
            if message:
                progress.setLabelText(message)

        task = tasks.start(work, on_done, on_error, on_progress)
        progress.canceled.connect(task.cancel)
        self.task = task
        return task


def install(page: QWidget) -> PaperActions:
    """Add the paper buttons to the register page (see the module docstring)."""
    actions = PaperActions(page)
    page.paper_buttons.update(actions.buttons)  # type: ignore[attr-defined]
    page.paper = actions  # type: ignore[attr-defined]
    page.print_receipt = actions.print_receipt  # type: ignore[attr-defined]
    return actions
