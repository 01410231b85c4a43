"""Import wizard for the catalogue and the one-stop export: choose the file, map its columns
(guessed from the headers, corrected by the user), check every row without saving (preview of
the first rows and the rejections with their reasons), then import in one transaction.

The check and the import run in a worker thread (``ui.tasks``) with a progress bar and a
"Hủy" button, so a one-stop export of tens of thousands of rows never freezes the window. A
cancel before the commit rolls the whole import back: nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from camau_reception.domain.text import normalize
from camau_reception.imports.dossiers import ImportCancelled
from camau_reception.imports.tabular import (
    FieldSpec,
    ImportFileError,
    ImportReport,
    Table,
    guess_mapping,
    mapping_problems,
    preview_rows,
    read_table,
    run_import,
)
from camau_reception.ui import messages, tasks
from camau_reception.ui.context import AppContext
from camau_reception.ui.dossiers.common import RED, fill, table


@dataclass(frozen=True)
class ImportKind:
    title: str
    fields: list[FieldSpec]
    importer: Callable[..., ImportReport]
    with_source: bool  # dossiers remember the file they came from
    # The importer takes ``progress`` and ``cancelled`` (row by row); others are only
    # cancelled between their end and the commit.
    reports_progress: bool = False


def procedure_kind() -> ImportKind:
    from camau_reception.imports import procedures

    return ImportKind(
        "Nhập danh mục thủ tục hành chính",
        procedures.PROCEDURE_FIELDS,
        procedures.import_procedures,
        False,
    )


def dossier_kind() -> ImportKind:
    from camau_reception.imports import dossiers

    return ImportKind(
        "Nhập hồ sơ từ hệ thống một cửa",
        dossiers.DOSSIER_FIELDS,
        dossiers.import_dossiers,
        True,
        reports_progress=True,
    )


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Bước 1: chọn tệp Excel (.xlsx) hoặc CSV"))
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setObjectName("import_path")
        self.path.setReadOnly(True)
        browse = QPushButton(self.tr("Chọn tệp…"))
        browse.clicked.connect(self.browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        self.status = QLabel()
        self.status.setObjectName("file_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

    def browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp"), "", self.tr("Excel hoặc CSV (*.xlsx *.csv)")
        )
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> bool:
        self.path.setText(str(path))
        try:
            self.w.table = read_table(path)
        except (ImportFileError, OSError) as exc:
            self.w.table = None
            self.status.setText(getattr(exc, "message", None) or str(exc))
            self.status.setStyleSheet(f"color: {RED};")
        else:
            self.w.path = path
            self.status.setText(
                self.tr("{n} dòng dữ liệu, {c} cột.").format(
                    n=len(self.w.table.rows), c=len(self.w.table.headers)
                )
            )
            self.status.setStyleSheet("")
        self.completeChanged.emit()
        return self.w.table is not None

    def isComplete(self) -> bool:
        return self.w.table is not None


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Bước 2: ghép cột của tệp với thông tin cần nhập"))
        self.setSubTitle(self.tr("Chương trình đã đoán theo tên cột; hãy sửa nếu chưa đúng."))
        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.problems = QLabel()
        self.problems.setObjectName("mapping_problems")
        self.problems.setStyleSheet(f"color: {RED};")
        self.problems.setWordWrap(True)
        layout.addWidget(self.problems)
        self.combos: dict[str, QComboBox] = {}

    def initializePage(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.combos = {}
        table_ = self.w.table
        assert table_ is not None
        guessed = guess_mapping(table_.headers, self.w.kind.fields)
        for f in self.w.kind.fields:
            combo = QComboBox()
            combo.setObjectName(f"map_{f.key}")
            combo.addItem(self.tr("— không có —"), None)
            for i, header in enumerate(table_.headers):
                combo.addItem(header or self.tr("(cột {n} không tên)").format(n=i + 1), i)
            if guessed.get(f.key) is not None:
                combo.setCurrentIndex(combo.findData(guessed[f.key]))
            combo.currentIndexChanged.connect(self._changed)
            label = f.label + (" *" if f.required else "")
            self.form.addRow(label, combo)
            self.combos[f.key] = combo
        self._changed()

    def mapping(self) -> dict[str, int | None]:
        return {key: combo.currentData() for key, combo in self.combos.items()}

    def _changed(self) -> None:
        assert self.w.table is not None
        problems = mapping_problems(self.mapping(), self.w.kind.fields, self.w.table.headers)
        self.problems.setText("\n".join(problems))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        assert self.w.table is not None
        return not mapping_problems(self.mapping(), self.w.kind.fields, self.w.table.headers)

    def validatePage(self) -> bool:
        self.w.mapping = self.mapping()
        return True


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.check_task: tasks.Task | None = None
        self.import_task: tasks.Task | None = None
        self.import_progress: QProgressDialog | None = None
        self.setTitle(self.tr("Bước 3: xem trước và kiểm tra"))
        self.setSubTitle(
            self.tr("Kiểm tra mọi dòng nhưng chưa ghi gì. Bấm “Nhập” để ghi các dòng hợp lệ.")
        )
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("preview_summary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.summary)
        checking = QHBoxLayout()
        self.check_progress = QProgressBar()
        self.check_progress.setObjectName("check_progress")
        self.check_button = QPushButton()
        self.check_button.setObjectName("check_button")
        self.check_button.clicked.connect(self._check_button_clicked)
        checking.addWidget(self.check_progress, 1)
        checking.addWidget(self.check_button)
        layout.addLayout(checking)
        self.preview = table([], "preview_table")
        layout.addWidget(self.preview, 2)
        layout.addWidget(QLabel(self.tr("Các dòng bị từ chối và lý do:")))
        self.rejections = QPlainTextEdit()
        self.rejections.setObjectName("rejections")
        self.rejections.setReadOnly(True)
        layout.addWidget(self.rejections, 1)
        row = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Lưu danh sách dòng bị từ chối…"))
        self.save_button.clicked.connect(self.save_rejections)
        self.strict = QCheckBox(self.tr("Có dòng bị từ chối thì không nhập dòng nào"))
        self.strict.setObjectName("strict")
        row.addWidget(self.strict)
        row.addStretch(1)
        row.addWidget(self.save_button)
        layout.addLayout(row)

    def initializePage(self) -> None:
        w = self.w
        assert w.table is not None
        fields = w.kind.fields
        self.preview.setColumnCount(len(fields) + 1)
        self.preview.setHorizontalHeaderLabels([self.tr("Dòng"), *(f.label for f in fields)])
        rows = preview_rows(w.table, w.mapping, fields, limit=20)
        fill(self.preview, [(n, [str(n), *(v[f.key] for f in fields)]) for n, v in rows])
        self.start_check()

    def cleanupPage(self) -> None:
        # "Quay lại" while checking or importing (before the progress window shows): stop it;
        # the check writes nothing and a stopped import is rolled back.
        self._stop_check()
        if self.import_task is not None:
            self.import_task.cancel()
            self.import_task = None
        super().cleanupPage()

    # --- the check (dry run) ------------------------------------------------------------------

    def start_check(self) -> tasks.Task:
        """Check every row in a worker thread (rolled back); the wizard's ``checked`` signal
        carries the report."""
        w = self.w
        self._stop_check()
        w.dry = None
        self.summary.setText(self.tr("Đang kiểm tra các dòng…"))
        self.summary.setStyleSheet("font-weight: bold;")
        self.rejections.clear()
        self.save_button.setEnabled(False)
        self.strict.setEnabled(False)
        self.check_progress.setRange(0, 0)  # busy until the first report
        self.check_progress.show()
        self.check_button.setText(self.tr("Hủy kiểm tra"))
        self.check_button.show()

        def done(report: ImportReport) -> None:
            if self.check_task is task:
                self._checked(report)

        def failed(exc: BaseException) -> None:
            if self.check_task is task:
                self._check_failed(exc)

        def step(count: int, total: int, message: str) -> None:
            if self.check_task is task:
                _show_progress(self.check_progress, count, total)

        task = tasks.start(w.import_work(dry_run=True), done, failed, step)
        self.check_task = task
        self.completeChanged.emit()
        return task

    def _stop_check(self) -> None:
        if self.check_task is not None:
            self.check_task.cancel()
            self.check_task = None

    def _checked(self, report: ImportReport) -> None:
        w = self.w
        self.check_task = None
        w.dry = report
        self.check_progress.hide()
        self.check_button.hide()
        self.summary.setText(self.tr("Nếu nhập: ") + report.summary())
        self.rejections.setPlainText(
            report.text(limit=500).split("\n", 1)[1] if report.rejected else self.tr("Không có.")
        )
        self.save_button.setEnabled(bool(report.rejected))
        self.strict.setEnabled(bool(report.rejected))
        self.completeChanged.emit()
        w.checked.emit(report)

    def _check_failed(self, exc: BaseException) -> None:
        self.check_task = None
        self.check_progress.hide()
        if isinstance(exc, ImportCancelled):
            text = self.tr("Đã dừng kiểm tra. Bấm “Kiểm tra lại” để kiểm tra từ đầu.")
        else:
            text = self.tr("Không kiểm tra được: {e}").format(e=_message(exc))
        self.summary.setText(text)
        self.summary.setStyleSheet(f"font-weight: bold; color: {RED};")
        self.check_button.setText(self.tr("Kiểm tra lại"))
        self.check_button.show()
        self.completeChanged.emit()
        self.w.check_stopped.emit(text)

    def _check_button_clicked(self) -> None:
        if self.check_task is not None:
            # Answered now; the worker stops at its next row and rolls back on its own.
            self._stop_check()
            self._check_failed(ImportCancelled())
        else:
            self.start_check()

    # --- the import ---------------------------------------------------------------------------

    def isComplete(self) -> bool:
        return self.w.dry is not None and self.check_task is None and self.import_task is None

    def validatePage(self) -> bool:
        """ "Nhập": the first press starts the import and stays on the page; when it has
        committed, the wizard moves on by itself (``next()`` comes back here)."""
        if self.w.report is not None:
            return True
        if self.import_task is None:
            self.start_import()
        return False

    def start_import(self) -> tasks.Task:
        w = self.w
        progress = QProgressDialog(
            self.tr("Đang nhập {n} dòng…").format(n=len(w.table.rows) if w.table else 0),
            self.tr("Hủy"),
            0,
            0,
            self,
        )
        progress.setObjectName("import_progress")
        progress.setWindowTitle(self.tr("Nhập dữ liệu"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        self.import_progress = progress

        def finish() -> bool:
            """Close the progress; True when this is still the import the page waits for."""
            progress.close()
            progress.deleteLater()
            current = self.import_task is task
            if current:
                self.import_task = None
                self.import_progress = None
                self.completeChanged.emit()
            return current

        def done(report: ImportReport) -> None:
            current = finish()
            if report.applied:
                w.ctx.notify("dossiers")
            if not current:
                return
            w.report = report
            w.next()  # validatePage now lets the wizard through to the result
            w.imported.emit(report)

        def failed(exc: BaseException) -> None:
            if not finish():
                return
            if isinstance(exc, ImportCancelled):
                message = exc.message
                self.summary.setText(message)
                self.summary.setStyleSheet(f"font-weight: bold; color: {RED};")
            else:
                message = _message(exc)
                messages.error(self, self.tr("Không nhập được"), message)
            w.import_stopped.emit(message)

        def step(count: int, total: int, message: str) -> None:
            if total > 0:
                progress.setMaximum(total)
                progress.setValue(min(count, total))
            if message:
                progress.setLabelText(self.tr("Đang nhập: {m}").format(m=message))

        task = tasks.start(
            w.import_work(dry_run=False, strict=self.strict.isChecked()), done, failed, step
        )
        progress.canceled.connect(task.cancel)
        self.import_task = task
        self.completeChanged.emit()
        return task

    def save_rejections(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Lưu danh sách"), "dong-bi-tu-choi.csv", self.tr("CSV (*.csv)")
        )
        if name and self.w.dry is not None:
            self.w.dry.write_rejections(Path(name))


def _message(exc: BaseException) -> str:
    # Storage failures come back as Vietnamese ServiceErrors.
    return getattr(exc, "message", None) or str(exc) or type(exc).__name__


def _show_progress(bar: QProgressBar, count: int, total: int) -> None:
    if total > 0:
        bar.setRange(0, total)
        bar.setValue(min(count, total))


class DonePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Kết quả"))
        layout = QVBoxLayout(self)
        self.result = QLabel()
        self.result.setObjectName("import_result")
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        layout.addStretch(1)

    def initializePage(self) -> None:
        r = self.w.report
        assert r is not None
        if r.applied:
            self.result.setText(self.tr("Đã nhập. ") + r.summary())
        else:
            self.result.setText(
                self.tr("Không nhập dòng nào vì có {n} dòng bị từ chối.").format(n=len(r.rejected))
            )


class ImportWizard(QWizard):
    checked = Signal(object)  # ImportReport of the check (nothing saved)
    check_stopped = Signal(str)  # the check was cancelled or failed (message)
    imported = Signal(object)  # ImportReport of the import, committed
    import_stopped = Signal(str)  # the import was cancelled or failed: nothing saved (message)

    def __init__(self, ctx: AppContext, kind: ImportKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.table: Table | None = None
        self.path: Path | None = None
        self.mapping: dict[str, int | None] = {}
        self.dry: ImportReport | None = None
        self.report: ImportReport | None = None
        self.setWindowTitle(self.tr(kind.title))
        self.setMinimumSize(820, 600)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Tiếp"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("Quay lại"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Hủy"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Đóng"))
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.done_page = DonePage(self)
        for page in (self.file_page, self.mapping_page, self.preview_page, self.done_page):
            self.addPage(page)
        self.currentIdChanged.connect(self._labels)

    def _labels(self, _id: int) -> None:
        on_preview = self.currentPage() is self.preview_page
        self.setButtonText(
            QWizard.WizardButton.NextButton, self.tr("Nhập") if on_preview else self.tr("Tiếp")
        )
        if self.currentPage() is self.done_page:
            self.button(QWizard.WizardButton.BackButton).setEnabled(False)
            self.button(QWizard.WizardButton.CancelButton).setEnabled(False)

    def extra(self) -> dict[str, object]:
        if self.kind.with_source and self.path is not None:
            return {"source": normalize(self.path.name)}
        return {}

    def import_work(
        self, *, dry_run: bool, strict: bool = False
    ) -> Callable[[Callable[[int, int, str], None], Callable[[], bool]], ImportReport]:
        """The check or the import, as a task for ``ui.tasks``: one write transaction in the
        worker thread (its own session), rolled back by a dry run, a strict import with
        rejections, an error or a cancel (``ImportCancelled``) before the commit."""
        db, actor, kind, table_ = self.ctx.db, self.ctx.actor, self.kind, self.table
        mapping, extra = dict(self.mapping), self.extra()
        assert table_ is not None

        def work(
            report: Callable[[int, int, str], None], cancelled: Callable[[], bool]
        ) -> ImportReport:
            def importer(session: Any, *args: Any, **kwargs: Any) -> ImportReport:
                if kind.reports_progress:
                    kwargs.update(progress=report, cancelled=cancelled)
                result = kind.importer(session, *args, **kwargs)
                if cancelled():  # still inside the transaction: nothing is committed
                    raise ImportCancelled()
                return result

            return run_import(
                db, importer, table_, mapping, actor, dry_run=dry_run, strict=strict, **extra
            )

        return work

    def done(self, result: int) -> None:
        # Closing the wizard stops a check or an import still running (nothing is saved).
        page = self.preview_page
        page._stop_check()
        if page.import_task is not None:
            page.import_task.cancel()
        super().done(result)
