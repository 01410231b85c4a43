"""Thời hạn luật định: the deadline rules in force, their history, a calculator, and (for the
administrator) a new version of a rule when the law changes. History is never edited."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from camau_reception.domain.deadlines import UNITS, UnknownRule
from camau_reception.models.users import Role
from camau_reception.services import deadline_rules as rules_service
from camau_reception.services.errors import ServiceError, ValidationError
from camau_reception.ui.context import AppContext, PageSpec
from camau_reception.ui.messages import confirm, error
from camau_reception.ui.widgets.form_errors import FieldErrors

STATUS_LABELS = {"past": "Hết hiệu lực", "in_force": "Đang áp dụng", "future": "Sắp áp dụng"}
ORIGIN_LABELS = {"shipped": "Theo bảng quy tắc gốc", "admin": "Quản trị bổ sung"}


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def _date_edit(d: date, name: str) -> QDateEdit:
    edit = QDateEdit(_qdate(d))
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    return edit


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    return table


class RulesPage(QWidget):
    RULE_COLUMNS = (
        "Mã quy tắc",
        "Nội dung",
        "Thời hạn",
        "Căn cứ pháp lý",
        "Áp dụng từ",
        "Sắp thay đổi",
    )
    HISTORY_COLUMNS = ("Áp dụng từ", "Đến hết", "Thời hạn", "Căn cứ pháp lý", "Tình trạng", "Nguồn")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.is_admin = ctx.actor.has(Role.ADMIN)
        self.overview: list[rules_service.RuleOverview] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Quy tắc có hiệu lực ngày:")))
        self.on = _date_edit(ctx.today(), "rules_on")
        self.on.dateChanged.connect(self.reload)
        top.addWidget(self.on)
        top.addStretch(1)
        layout.addLayout(top)

        split = QSplitter(Qt.Orientation.Vertical)
        self.rules = _table("rules_table", [self.tr(h) for h in self.RULE_COLUMNS])
        header = self.rules.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.rules.setWordWrap(False)  # one line per rule; the full source is in the tooltip
        self.rules.itemSelectionChanged.connect(self._on_select)
        split.addWidget(self.rules)

        lower = QWidget()
        lower_layout = QHBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        history_box = QGroupBox(self.tr("Các phiên bản của quy tắc đã chọn"))
        hb = QVBoxLayout(history_box)
        self.history = _table("history_table", [self.tr(h) for h in self.HISTORY_COLUMNS])
        self.history.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.history.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        hb.addWidget(self.history)
        lower_layout.addWidget(history_box, 3)

        side = QVBoxLayout()
        side.addWidget(self._calculator())
        if self.is_admin:
            side.addWidget(self._add_box())
        side.addStretch(1)
        lower_layout.addLayout(side, 2)
        split.addWidget(lower)
        split.setSizes([380, 420])
        layout.addWidget(split, 1)
        ctx.signals.data_changed.connect(self._on_data_changed)
        self.reload()

    # --- building -----------------------------------------------------------------------------

    def _calculator(self) -> QGroupBox:
        box = QGroupBox(self.tr("Thử tính thời hạn"))
        form = QFormLayout(box)
        self.calc_start = _date_edit(self.ctx.today(), "calc_start")
        self.calc_result = QLabel()
        self.calc_result.setObjectName("calc_result")
        self.calc_result.setWordWrap(True)
        self.calc_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Bắt đầu tính từ:"), self.calc_start)
        form.addRow(self.calc_result)
        self.calc_start.dateChanged.connect(self.calculate)
        return box

    def _add_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Thêm phiên bản mới khi luật thay đổi"))
        box.setObjectName("add_version_box")
        form = QFormLayout(box)
        self.errors = FieldErrors()
        self.new_rule = QLabel()
        self.new_rule.setObjectName("new_rule")
        self.new_days = QSpinBox()
        self.new_days.setObjectName("new_days")
        self.new_days.setRange(1, 3650)
        self.new_unit = QComboBox()
        self.new_unit.setObjectName("new_unit")
        for unit, label in UNITS.items():
            self.new_unit.addItem(label, unit)
        self.new_source = QLineEdit()
        self.new_source.setObjectName("new_source")
        self.new_source.setPlaceholderText(self.tr("ví dụ: Nghị định 155/2026/NĐ-CP, Điều 10"))
        self.new_from = _date_edit(self.ctx.today(), "new_from")
        self.new_note = QLineEdit()
        self.new_note.setObjectName("new_note")
        form.addRow(self.tr("Quy tắc:"), self.new_rule)
        self.errors.add_row(form, "days", self.tr("Số ngày:"), self.new_days)
        self.errors.add_row(form, "unit", self.tr("Đơn vị:"), self.new_unit)
        self.errors.add_row(form, "source", self.tr("Căn cứ pháp lý:"), self.new_source)
        self.errors.add_row(form, "effective_from", self.tr("Áp dụng từ ngày:"), self.new_from)
        form.addRow(self.tr("Ghi chú:"), self.new_note)
        self.rule_error = QLabel()
        self.errors.register("rule_id", self.new_rule, self.rule_error)
        form.addRow(self.rule_error)
        self.add_button = QPushButton(self.tr("Thêm phiên bản (Ctrl+S)"))
        self.add_button.setObjectName("add_version")
        self.add_button.setShortcut("Ctrl+S")
        self.add_button.clicked.connect(self.add_version)
        form.addRow(self.add_button)
        hint = QLabel(
            self.tr(
                "Phiên bản mới chỉ áp dụng cho thời hạn bắt đầu từ ngày hiệu lực; thời hạn đã "
                "tính của các đơn trước đó giữ nguyên. Không sửa hoặc xóa được phiên bản đã lưu."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        form.addRow(hint)
        return box

    # --- data ---------------------------------------------------------------------------------

    def _on_data_changed(self, area: str) -> None:
        if area in ("rules", "calendar"):
            self.reload()

    def selected_rule(self) -> str | None:
        row = self.rules.currentRow()
        item = self.rules.item(row, 0) if row >= 0 else None
        return item.text() if item is not None else None

    def select_rule(self, rule_id: str) -> None:
        for r in range(self.rules.rowCount()):
            if self.rules.item(r, 0).text() == rule_id:
                self.rules.selectRow(r)
                return

    def reload(self) -> None:
        keep = self.selected_rule()
        on = _pydate(self.on.date())
        with self.ctx.db.read() as session:
            self.overview = rules_service.overview(session, on)
        shown = [o for o in self.overview if o.current is not None or o.upcoming]
        self.rules.setRowCount(len(shown))
        for r, o in enumerate(shown):
            cur = o.current
            upcoming = "; ".join(
                f"từ {u.effective_from:%d/%m/%Y}: {u.period_text}" for u in o.upcoming
            )
            values = (
                o.rule_id,
                o.label,
                cur.period_text if cur else "—",
                cur.source if cur else "",
                f"{cur.effective_from:%d/%m/%Y}" if cur else "",
                upcoming,
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.rules.setItem(r, c, item)
        if shown:
            self.select_rule(keep or shown[0].rule_id)
        self._on_select()

    def _on_select(self) -> None:
        rule_id = self.selected_rule()
        o = next((x for x in self.overview if x.rule_id == rule_id), None)
        versions = o.versions if o else []
        self.history.setRowCount(len(versions))
        for r, v in enumerate(versions):
            origin = ORIGIN_LABELS[v.origin]
            if v.origin == "admin":
                origin += f" ({v.added_by}, {v.added_at})"
            values = (
                f"{v.rule.effective_from:%d/%m/%Y}",
                f"{v.rule.effective_to:%d/%m/%Y}" if v.rule.effective_to else "",
                v.rule.period_text,
                v.rule.source,
                STATUS_LABELS[v.status],
                origin,
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if v.status == "in_force":
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.history.setItem(r, c, item)
        self.history.resizeRowsToContents()
        if self.is_admin:
            self.new_rule.setText(rule_id or "")
            current = o.current if o else None
            if current is not None:
                self.new_days.setValue(current.days)
                self.new_unit.setCurrentIndex(self.new_unit.findData(current.unit))
        self.calculate()

    def calculate(self) -> None:
        rule_id = self.selected_rule()
        if not rule_id:
            self.calc_result.setText("")
            return
        start = _pydate(self.calc_start.date())
        try:
            with self.ctx.db.read() as session:
                d = rules_service.deadline(session, rule_id, start)
        except UnknownRule as exc:
            self.calc_result.setText(exc.message)
            return
        # A backward rule (publish the schedule N days before the session) gives a latest day.
        template = (
            self.tr("Chậm nhất ngày: {due}\n{why}")
            if d.rule.direction == "before"
            else self.tr("Hạn: {due}\n{why}")
        )
        self.calc_result.setText(template.format(due=f"{d.due:%d/%m/%Y}", why=d.explanation))

    def add_version(self) -> None:
        rule_id = self.selected_rule()
        if not rule_id:
            return
        data = rules_service.RuleVersionInput(
            rule_id=rule_id,
            days=self.new_days.value(),
            unit=self.new_unit.currentData(),
            source=self.new_source.text(),
            effective_from=_pydate(self.new_from.date()),
            note=self.new_note.text(),
        )
        question = self.tr(
            "Thêm phiên bản mới của quy tắc “{rule}”: {days} {unit}, áp dụng từ ngày {d}?\n"
            "Phiên bản đã lưu không sửa, không xóa được."
        ).format(
            rule=rule_id,
            days=data.days,
            unit=UNITS[data.unit],
            d=f"{data.effective_from:%d/%m/%Y}",
        )
        if not confirm(self, self.tr("Xác nhận thay đổi quy tắc"), question, yes=self.tr("Thêm")):
            return
        try:
            with self.ctx.db.write() as session:
                rules_service.add_version(session, self.ctx.actor, data, today=self.ctx.today())
        except ValidationError as exc:
            for message in self.errors.show(exc.errors):
                error(self, self.tr("Chưa lưu được"), message)
            return
        except ServiceError as exc:
            error(self, self.tr("Chưa lưu được"), exc.message)
            return
        self.errors.clear()
        self.new_source.clear()
        self.new_note.clear()
        self.ctx.notify("rules")
        self.ctx.status(self.tr("Đã thêm phiên bản mới của quy tắc {r}.").format(r=rule_id))


PAGE = PageSpec(
    order=80,
    key="rules",
    title="Thời hạn luật định",
    factory=lambda ctx, parent: RulesPage(ctx, parent),
    icon="SP_FileDialogInfoView",
)
