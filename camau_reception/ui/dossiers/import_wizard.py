"""Import wizard for the catalogue and the one-stop export: choose the file, map its columns
(guessed from the headers, corrected by the user), check every row without saving (preview of
the first rows and the rejections with their reasons), then import in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from camau_reception.domain.text import normalize
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
from camau_reception.ui.context import AppContext
from camau_reception.ui.dossiers.common import RED, fill, table
from camau_reception.ui.messages import error


@dataclass(frozen=True)
class ImportKind:
    title: str
    fields: list[FieldSpec]
    importer: Callable[..., ImportReport]
    with_source: bool  # dossiers remember the file they came from


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
        "Nhập hồ sơ từ hệ thống một cửa", dossiers.DOSSIER_FIELDS, dossiers.import_dossiers, True
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
        self.setTitle(self.tr("Bước 3: xem trước và kiểm tra"))
        self.setSubTitle(
            self.tr("Đã kiểm tra mọi dòng nhưng chưa ghi gì. Bấm “Nhập” để ghi các dòng hợp lệ.")
        )
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("preview_summary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.summary)
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
        w.dry = run_import(
            w.ctx.db, w.kind.importer, w.table, w.mapping, w.ctx.actor, dry_run=True, **w.extra()
        )
        self.summary.setText(self.tr("Nếu nhập: ") + w.dry.summary())
        self.rejections.setPlainText(
            w.dry.text(limit=500).split("\n", 1)[1] if w.dry.rejected else self.tr("Không có.")
        )
        self.save_button.setEnabled(bool(w.dry.rejected))
        self.strict.setEnabled(bool(w.dry.rejected))

    def save_rejections(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Lưu danh sách"), "dong-bi-tu-choi.csv", self.tr("CSV (*.csv)")
        )
        if name and self.w.dry is not None:
            self.w.dry.write_rejections(Path(name))

    def validatePage(self) -> bool:
        w = self.w
        assert w.table is not None
        try:
            w.report = run_import(
                w.ctx.db,
                w.kind.importer,
                w.table,
                w.mapping,
                w.ctx.actor,
                strict=self.strict.isChecked(),
                **w.extra(),
            )
        except Exception as exc:  # storage failures come back as Vietnamese ServiceErrors
            error(self, self.tr("Không nhập được"), getattr(exc, "message", None) or str(exc))
            return False
        w.ctx.notify("dossiers")
        return True


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
