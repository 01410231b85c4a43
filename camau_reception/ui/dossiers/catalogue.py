"""Danh mục thủ tục: the catalogue with its count by level (as the department reports it),
search, a procedure added or edited by hand, in force or repealed, and the import wizard."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from camau_reception.models.dossiers import LEVEL_LABELS, Level
from camau_reception.models.users import Role
from camau_reception.services import procedures
from camau_reception.services.errors import ServiceError, ValidationError
from camau_reception.ui.context import AppContext
from camau_reception.ui.dossiers.common import fill, table
from camau_reception.ui.messages import error
from camau_reception.ui.widgets.form_errors import FieldErrors


class ProcedureDialog(QDialog):
    def __init__(
        self, ctx: AppContext, procedure_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Thủ tục hành chính"))
        self.setMinimumWidth(620)
        form = QFormLayout(self)
        self.errors = FieldErrors()
        self.code = QLineEdit()
        self.code.setObjectName("code")
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.level = QComboBox()
        for lv in Level:
            self.level.addItem(LEVEL_LABELS[lv], lv.value)
        self.field = QLineEdit()
        self.days = QSpinBox()
        self.days.setObjectName("processing_days")
        self.days.setRange(1, procedures.MAX_DAYS)
        self.days.setSuffix(self.tr(" ngày làm việc"))
        self.days.setValue(5)
        self.fee = QCheckBox(self.tr("Có phí, lệ phí"))
        self.online = QComboBox()
        for key, label in procedures.ONLINE_LABELS.items():
            self.online.addItem(label, key)
        self.shared = QCheckBox(self.tr("Cấp huyện, liên thông với cấp tỉnh"))
        self.in_force = QCheckBox(self.tr("Còn hiệu lực"))
        self.in_force.setChecked(True)
        for key, label, widget in (
            ("code", self.tr("Mã thủ tục:"), self.code),
            ("name", self.tr("Tên thủ tục:"), self.name),
            ("level", self.tr("Cấp thực hiện:"), self.level),
            ("field", self.tr("Lĩnh vực:"), self.field),
            ("processing_days", self.tr("Thời hạn giải quyết:"), self.days),
            ("online", self.tr("Dịch vụ công trực tuyến:"), self.online),
        ):
            self.errors.add_row(form, key, label, widget)
        for w in (self.fee, self.shared, self.in_force):
            form.addRow("", w)
        if procedure_id is not None:
            with ctx.db.read() as session:
                p = procedures.get(session, procedure_id)
                self.code.setText(p.code)
                self.code.setReadOnly(True)
                self.name.setText(p.name)
                self.level.setCurrentIndex(self.level.findData(p.level))
                self.field.setText(p.field)
                self.days.setValue(p.processing_days)
                self.fee.setChecked(p.has_fee)
                self.online.setCurrentIndex(self.online.findData(p.online))
                self.shared.setChecked(p.shared_with_province)
                self.in_force.setChecked(p.in_force)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(self.tr("Lưu"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def submit(self) -> None:
        data = procedures.ProcedureInput(
            code=self.code.text(),
            name=self.name.text(),
            level=self.level.currentData(),
            field=self.field.text(),
            processing_days=self.days.value(),
            has_fee=self.fee.isChecked(),
            online=self.online.currentData(),
            shared_with_province=self.shared.isChecked(),
            in_force=self.in_force.isChecked(),
        )
        try:
            with self.ctx.db.write() as session:
                procedures.upsert_procedure(session, self.ctx.actor, data)
        except ValidationError as exc:
            for message in self.errors.show(exc.errors):
                error(self, self.tr("Chưa lưu được"), message)
            return
        except ServiceError as exc:
            error(self, self.tr("Chưa lưu được"), exc.message)
            return
        self.ctx.notify("dossiers")
        self.accept()


class CatalogueTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ids: list[int] = []
        layout = QVBoxLayout(self)
        self.counts = QLabel()
        self.counts.setObjectName("catalogue_counts")
        self.counts.setStyleSheet("font-size: 15px; font-weight: bold;")
        layout.addWidget(self.counts)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("catalogue_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("Tìm theo mã hoặc tên thủ tục (không dấu cũng được)…")
        )
        self.level = QComboBox()
        self.level.addItem(self.tr("Mọi cấp"), None)
        for lv in Level:
            self.level.addItem(LEVEL_LABELS[lv], lv.value)
        self.add_button = QPushButton(self.tr("Thêm thủ tục…"))
        self.edit_button = QPushButton(self.tr("Sửa…"))
        self.import_button = QPushButton(self.tr("Nhập danh mục từ Excel/CSV…"))
        self.import_button.setObjectName("import_procedures")
        can_edit = ctx.actor.has(*procedures.EDITORS)
        for b in (self.add_button, self.edit_button, self.import_button):
            b.setVisible(can_edit)
        bar.addWidget(self.search, 1)
        for w in (self.level, self.add_button, self.edit_button, self.import_button):
            bar.addWidget(w)
        layout.addLayout(bar)
        self.table = table(
            [
                self.tr("Mã"),
                self.tr("Tên thủ tục"),
                self.tr("Cấp"),
                self.tr("Lĩnh vực"),
                self.tr("Thời hạn (ngày làm việc)"),
                self.tr("Phí"),
                self.tr("Trực tuyến"),
                self.tr("Hiệu lực"),
            ],
            "procedure_table",
            stretch=1,
        )
        layout.addWidget(self.table, 1)
        self.search.textChanged.connect(self.reload)
        self.level.currentIndexChanged.connect(self.reload)
        self.add_button.clicked.connect(lambda: self.edit(None))
        self.edit_button.clicked.connect(self.edit_selected)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.import_button.clicked.connect(self.import_file)
        QShortcut(QKeySequence("Ctrl+F"), self, self.search.setFocus)
        self.reload()

    def reload(self) -> None:
        with self.ctx.db.read() as session:
            summary = procedures.catalogue_summary(session)
            procs = procedures.list_procedures(
                session, self.search.text(), level=self.level.currentData()
            )
            rows = [
                (
                    p.id,
                    [
                        p.code,
                        p.name,
                        LEVEL_LABELS[Level(p.level)],
                        p.field,
                        str(p.processing_days),
                        "Có" if p.has_fee else "Không",
                        procedures.ONLINE_LABELS.get(p.online, "—"),
                        "Còn" if p.in_force else "Hết hiệu lực",
                    ],
                )
                for p in procs
            ]
        self.ids = [rid for rid, _ in rows]
        self.counts.setText(self.tr("Danh mục đang áp dụng: {s}").format(s=summary))
        fill(self.table, rows)

    def edit_selected(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.ids) and self.ctx.actor.has(*procedures.EDITORS):
            self.edit(self.ids[row])

    def edit(self, procedure_id: int | None) -> ProcedureDialog:
        dialog = ProcedureDialog(self.ctx, procedure_id, self)
        self.last_dialog = dialog
        dialog.finished.connect(lambda _r: self.reload())
        dialog.open()
        return dialog

    def import_file(self):  # -> ImportWizard
        from camau_reception.ui.dossiers.import_wizard import ImportWizard, procedure_kind

        if not self.ctx.actor.has(Role.ADMIN, Role.LEADER, Role.OFFICER):
            return None
        wizard = ImportWizard(self.ctx, procedure_kind(), self)
        self.last_wizard = wizard
        wizard.finished.connect(lambda _r: self.reload())
        wizard.open()
        return wizard
