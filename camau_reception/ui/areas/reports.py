"""Báo cáo: the periodic report on screen (with drill-down and a chart), on paper, in Excel."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from camau_reception.models.users import Role
from camau_reception.services.reports import Period, Report, build_report, records
from camau_reception.ui import tasks
from camau_reception.ui.context import AppContext, PageSpec
from camau_reception.ui.messages import error


def period_for(kind: str, today: date) -> Period:
    y, m = today.year, today.month
    if kind == "month":
        start = date(y, m, 1)
    elif kind == "quarter":
        start = date(y, 3 * ((m - 1) // 3) + 1, 1)
    elif kind == "half":
        start = date(y, 1 if m <= 6 else 7, 1)
    else:
        start = date(y, 1, 1)
    return Period(start, today)


class DrillDialog(QDialog):
    def __init__(
        self, title: str, rows: list[tuple[str, str, str]], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(820, 480)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(len(rows), 3)
        self.table.setObjectName("drill_table")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Mã / thời điểm"), self.tr("Họ tên"), self.tr("Nội dung")]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(value))
        layout.addWidget(self.table)


class ReportsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: Report | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.kind = QComboBox()
        self.kind.setObjectName("period_kind")
        for key, label in (
            ("month", "Tháng này"),
            ("quarter", "Quý này"),
            ("half", "6 tháng"),
            ("year", "Năm nay"),
            ("custom", "Khoảng ngày tùy chọn"),
        ):
            self.kind.addItem(self.tr(label), key)
        today = ctx.today()
        self.start = QDateEdit(QDate(today.year, 1, 1))
        self.end = QDateEdit(QDate(today.year, today.month, today.day))
        for w in (self.start, self.end):
            w.setCalendarPopup(True)
            w.setDisplayFormat("dd/MM/yyyy")
        self.run_button = QPushButton(self.tr("Lập báo cáo (F5)"))
        self.run_button.setObjectName("run_report")
        self.run_button.setShortcut("F5")
        self.pdf_button = QPushButton(self.tr("In báo cáo (PDF)…"))
        self.xlsx_button = QPushButton(self.tr("Xuất Excel…"))
        self.status = QLabel()
        self.status.setObjectName("report_status")
        # A long progress message must not widen the window (it never shrinks back).
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status.setMinimumWidth(160)
        # The report is computed in a worker thread; this shows how far it is.
        self.progress = QProgressBar()
        self.progress.setObjectName("report_progress")
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        for w in (
            QLabel(self.tr("Kỳ báo cáo:")),
            self.kind,
            QLabel(self.tr("từ")),
            self.start,
            QLabel(self.tr("đến")),
            self.end,
            self.run_button,
            self.pdf_button,
            self.xlsx_button,
            self.progress,
        ):
            bar.addWidget(w)
        bar.addWidget(self.status, 1)  # takes the room left, elided never widening the window
        layout.addLayout(bar)
        split = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("report_table")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Nội dung"),
                self.tr("Kỳ này"),
                self.tr("Cùng kỳ năm trước"),
                self.tr("Tăng/giảm"),
            ]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            # The headings ("Cùng kỳ năm trước") are wider than the figures under them.
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setToolTip(self.tr("Nhấn đúp vào một số liệu để xem danh sách hồ sơ, đơn thư"))
        self.table.cellDoubleClicked.connect(self.drill)
        split.addWidget(self.table)
        self.chart = QChartView()
        self.chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart.setMinimumHeight(240)
        split.addWidget(self.chart)
        split.setSizes([520, 260])
        layout.addWidget(split, 1)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.run_button.clicked.connect(self.run)
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        self.xlsx_button.clicked.connect(lambda: self.save_xlsx())
        self.kind.setCurrentIndex(3)
        self._kind_changed()
        self.run()

    def period(self) -> Period:
        a, b = self.start.date(), self.end.date()
        return Period(date(a.year(), a.month(), a.day()), date(b.year(), b.month(), b.day()))

    def _kind_changed(self) -> None:
        key = self.kind.currentData()
        custom = key == "custom"
        self.start.setEnabled(custom)
        self.end.setEnabled(custom)
        if not custom:
            p = period_for(key, self.ctx.today())
            self.start.setDate(QDate(p.start.year, p.start.month, p.start.day))
            self.end.setDate(QDate(p.end.year, p.end.month, p.end.day))

    def run(self) -> None:
        period = self.period()
        if period.end < period.start:
            error(
                self,
                self.tr("Kỳ báo cáo không hợp lệ"),
                self.tr("Ngày kết thúc trước ngày bắt đầu."),
            )
            return
        self.status.setText(self.tr("Đang tổng hợp…"))
        self.run_button.setEnabled(False)
        self.progress.setRange(0, 0)  # busy until the first section reports
        self.progress.show()
        ctx = self.ctx

        def work(report: Callable[[int, int, str], None], cancelled: Callable[[], bool]) -> Report:
            # Off the UI thread, with its own session; each section reports its progress.
            with ctx.db.read() as session:
                return build_report(session, period, progress=report)

        self.task = tasks.start(work, self._show, self._failed, self._progress)

    def _progress(self, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        if message:
            self.status.setText(self.tr("Đang tổng hợp: {what}…").format(what=message))

    def _failed(self, exc: BaseException) -> None:
        self.progress.hide()
        self.run_button.setEnabled(True)
        self.status.setText(self.tr("Lỗi: {e}").format(e=exc))

    def _show(self, report: Report) -> None:
        self.progress.hide()
        self.report = report
        self.run_button.setEnabled(True)
        self.status.setText(self.tr("Kỳ {p}").format(p=report.period.label()))
        rows = []
        for section in report.sections:
            rows.append((section.title, "", "", "", "", True))
            for line in section.lines:
                rows.append(
                    (
                        line.label,
                        line.fmt(line.current),
                        line.fmt(line.previous),
                        line.change,
                        line.key,
                        False,
                    )
                )
        self.table.setRowCount(len(rows))
        for r, (label, cur, prev, change, key, heading) in enumerate(rows):
            for c, value in enumerate((label, cur, prev, change)):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, key)
                if heading:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(r, c, item)
        chart = QChart()
        chart.setTitle(self.tr("Diễn biến theo tháng"))
        visits, petitions = (
            QBarSet(self.tr("Lượt tiếp công dân")),
            QBarSet(self.tr("Đơn thư tiếp nhận")),
        )
        for _, v, p in report.monthly:
            visits.append(v)
            petitions.append(p)
        series = QBarSeries()
        series.append(visits)
        series.append(petitions)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([m for m, _, _ in report.monthly])
        axis_y = QValueAxis()
        axis_y.setMin(0)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        # Counts: whole numbers on round ticks, never "19.5 visits".
        axis_y.setLabelFormat("%d")
        axis_y.applyNiceNumbers()
        self.chart.setChart(chart)

    def drill(self, row: int, _column: int = 0) -> DrillDialog | None:
        item = self.table.item(row, 0)
        key = item.data(Qt.ItemDataRole.UserRole) if item else ""
        if not key or self.report is None:
            return None
        with self.ctx.db.read() as session:
            rows = records(session, key, self.report.period)
        dialog = DrillDialog(item.text().strip(), rows, self)
        self.last_drill = dialog
        dialog.open()
        return dialog

    def save_pdf(self, out: Path | None = None) -> Path | None:
        if self.report is None:
            return None
        from camau_reception.domain.agency import SAMPLE_AGENCY
        from camau_reception.printing.report import render_report
        from camau_reception.services import agency, numbering

        preview = out is None
        out = out or Path(tempfile.mkdtemp()) / f"bao-cao-{self.report.period.end:%Y%m%d}.pdf"
        today = self.ctx.today()
        with self.ctx.db.write() as session:
            doc = numbering.issue_number(
                session,
                self.ctx.actor,
                "BC",
                today,
                title="Báo cáo định kỳ",
                entity="report",
                entity_id=self.report.period.label(),
            )
            render_report(
                self.report, agency.get_profile(session) or SAMPLE_AGENCY, doc.number, today, out
            )
        if preview:
            from camau_reception.ui import print_preview

            print_preview.show_pdf(self, out, self.tr("Báo cáo"), out.name)
        return out

    def save_xlsx(self, out: Path | None = None) -> Path | None:
        if self.report is None:
            return None
        from camau_reception.exports.report_xlsx import write_report_xlsx

        if out is None:
            name, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Xuất báo cáo Excel"),
                f"bao-cao-{self.report.period.end:%Y%m%d}.xlsx",
                self.tr("Excel (*.xlsx)"),
            )
            if not name:
                return None
            out = Path(name)
        write_report_xlsx(self.report, out)
        self.ctx.status(self.tr("Đã xuất {f}").format(f=out))
        return out


PAGE = PageSpec(
    order=80,
    key="reports",
    title="Báo cáo",
    factory=lambda ctx, parent: ReportsPage(ctx, parent),
    roles=frozenset({Role.OFFICER, Role.LEADER, Role.INSPECTOR, Role.ADMIN}),
    icon="SP_FileDialogInfoView",
)
