"""Lịch nghỉ, làm bù: the year's official days off and make-up working days."""

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
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from camau_reception.domain.calendar import OverrideKind, WorkCalendar
from camau_reception.services import calendar as calendar_service
from camau_reception.services.errors import ServiceError, ValidationError
from camau_reception.ui.context import AppContext
from camau_reception.ui.messages import confirm, error
from camau_reception.ui.widgets.form_errors import FieldErrors

ORDER = 30
TITLE = "Lịch nghỉ, làm bù"


class CalendarTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Năm:")))
        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(2000, 2100)
        self.year.setValue(ctx.today().year)
        self.year.valueChanged.connect(self.reload)
        top.addWidget(self.year)
        top.addStretch(1)
        layout.addLayout(top)

        columns = QHBoxLayout()
        holidays_box = QGroupBox(self.tr("Ngày lễ, Tết theo Bộ luật Lao động (tự động)"))
        hb = QVBoxLayout(holidays_box)
        self.holidays = QTableWidget(0, 2)
        self.holidays.setObjectName("holidays_table")
        self.holidays.setHorizontalHeaderLabels([self.tr("Ngày"), self.tr("Tên ngày nghỉ")])
        self.holidays.horizontalHeader().setStretchLastSection(True)
        self.holidays.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        hb.addWidget(self.holidays)
        columns.addWidget(holidays_box, 1)

        overrides_box = QGroupBox(self.tr("Điều chỉnh của cơ quan (nghỉ thêm, làm bù)"))
        ob = QVBoxLayout(overrides_box)
        self.overrides = QTableWidget(0, 3)
        self.overrides.setObjectName("overrides_table")
        self.overrides.setHorizontalHeaderLabels(
            [self.tr("Ngày"), self.tr("Loại"), self.tr("Căn cứ, ghi chú")]
        )
        self.overrides.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.overrides.horizontalHeader().setStretchLastSection(True)
        self.overrides.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.overrides.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        ob.addWidget(self.overrides)
        form = QFormLayout()
        self.errors = FieldErrors()
        self.day = QDateEdit()
        self.day.setObjectName("override_day")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        today = ctx.today()
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.kind = QComboBox()
        self.kind.setObjectName("override_kind")
        for kind, label in calendar_service.KIND_LABELS.items():
            self.kind.addItem(label, kind.value)
        self.note = QLineEdit()
        self.note.setObjectName("override_note")
        self.note.setPlaceholderText(self.tr("ví dụ: Thông báo số …/TB-BNV về lịch nghỉ Tết"))
        self.errors.add_row(form, "day", self.tr("Ngày:"), self.day)
        form.addRow(self.tr("Loại:"), self.kind)
        self.errors.add_row(form, "note", self.tr("Căn cứ:"), self.note)
        ob.addLayout(form)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Thêm điều chỉnh"))
        self.add_button.setObjectName("add_override")
        self.remove_button = QPushButton(self.tr("Xóa điều chỉnh đã chọn"))
        self.remove_button.setObjectName("remove_override")
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        ob.addLayout(buttons)
        columns.addWidget(overrides_box, 1)
        layout.addLayout(columns)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.reload()

    def reload(self) -> None:
        year = self.year.value()
        days = WorkCalendar().holidays_between(date(year, 1, 1), date(year, 12, 31))
        self.holidays.setRowCount(len(days))
        for r, named in enumerate(days):
            self.holidays.setItem(r, 0, QTableWidgetItem(named.day.strftime("%d/%m/%Y")))
            self.holidays.setItem(r, 1, QTableWidgetItem(named.name))
        with self.ctx.db.read() as session:
            rows = [
                (o.id, o.day, o.kind, o.note)
                for o in calendar_service.list_overrides(session, year)
            ]
        self.overrides.setRowCount(len(rows))
        for r, (oid, day, kind, note) in enumerate(rows):
            first = QTableWidgetItem(day.strftime("%d/%m/%Y"))
            first.setData(Qt.ItemDataRole.UserRole, oid)
            self.overrides.setItem(r, 0, first)
            self.overrides.setItem(
                r, 1, QTableWidgetItem(calendar_service.KIND_LABELS[OverrideKind(kind)])
            )
            self.overrides.setItem(r, 2, QTableWidgetItem(note))

    def add(self) -> None:
        qd = self.day.date()
        try:
            with self.ctx.db.write() as session:
                calendar_service.add_override(
                    session,
                    self.ctx.actor,
                    date(qd.year(), qd.month(), qd.day()),
                    OverrideKind(self.kind.currentData()),
                    self.note.text(),
                )
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        self.errors.clear()
        self.note.clear()
        self.reload()
        self.ctx.invalidate_calendar()

    def remove(self) -> None:
        row = self.overrides.currentRow()
        if row < 0:
            return
        item = self.overrides.item(row, 0)
        if not confirm(
            self, self.tr("Xác nhận"), self.tr("Xóa điều chỉnh ngày {d}?").format(d=item.text())
        ):
            return
        try:
            with self.ctx.db.write() as session:
                calendar_service.remove_override(
                    session, self.ctx.actor, int(item.data(Qt.ItemDataRole.UserRole))
                )
        except ServiceError as exc:
            error(self, self.tr("Không xóa được"), exc.message)
        self.reload()
        self.ctx.invalidate_calendar()


def build(ctx: AppContext, parent: QWidget | None) -> QWidget:
    return CalendarTab(ctx, parent)
