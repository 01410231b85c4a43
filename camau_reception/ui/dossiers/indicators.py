"""Chỉ số, chỉ tiêu: for any period, cards of each share against its target, a bar chart of
the targets and a monthly trend (QtCharts), satisfaction, export to Excel; the administrator
sets the targets here."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from camau_reception.models.users import Role
from camau_reception.services import indicators, surveys
from camau_reception.services.errors import ServiceError, ValidationError
from camau_reception.ui.context import AppContext
from camau_reception.ui.dossiers.cards import IndicatorCard
from camau_reception.ui.dossiers.common import pct, to_date, to_qdate
from camau_reception.ui.messages import error
from camau_reception.ui.widgets.form_errors import FieldErrors


def presets(today: date) -> list[tuple[str, date, date]]:
    q_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    return [
        ("Từ đầu năm", date(today.year, 1, 1), today),
        ("Quý này", q_start, today),
        ("Tháng này", today.replace(day=1), today),
        ("12 tháng qua", today - timedelta(days=365), today),
        ("Năm trước", date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
    ]


class IndicatorsTab(QWidget):
    KEYS = tuple(indicators.SHARE_LABELS.items())

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        today = ctx.today()
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.preset = QComboBox()
        self.preset.setObjectName("period_preset")
        for label, a, b in presets(today):
            self.preset.addItem(self.tr(label), (a, b))
        self.start = QDateEdit(to_qdate(date(today.year, 1, 1)))
        self.end = QDateEdit(to_qdate(today))
        for w in (self.start, self.end):
            w.setCalendarPopup(True)
            w.setDisplayFormat("dd/MM/yyyy")
        self.export_button = QPushButton(self.tr("Xuất Excel…"))
        self.export_button.setObjectName("export_xlsx")
        bar.addWidget(self.preset)
        bar.addWidget(QLabel(self.tr("Từ ngày")))
        bar.addWidget(self.start)
        bar.addWidget(QLabel(self.tr("đến ngày")))
        bar.addWidget(self.end)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)
        self.note = QLabel()
        self.note.setObjectName("period_note")
        self.note.setStyleSheet("color: #555;")
        layout.addWidget(self.note)
        grid = QGridLayout()
        self.cards: dict[str, IndicatorCard] = {}
        for i, (key, label) in enumerate(self.KEYS):
            card = IndicatorCard(key, self.tr(label))
            grid.addWidget(card, i // 3, i % 3)
            self.cards[key] = card
        layout.addLayout(grid)
        self.values = {k: c.value for k, c in self.cards.items()}
        charts = QHBoxLayout()
        self.chart = QChartView()
        self.chart.setObjectName("targets_chart")
        self.trend = QChartView()
        self.trend.setObjectName("trend_chart")
        for view in (self.chart, self.trend):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(260)
            charts.addWidget(view, 1)
        layout.addLayout(charts, 1)
        bottom = QHBoxLayout()
        self.satisfaction = QLabel()
        self.satisfaction.setObjectName("satisfaction")
        self.satisfaction.setWordWrap(True)
        box = QGroupBox(self.tr("Mức độ hài lòng"))
        QVBoxLayout(box).addWidget(self.satisfaction)
        bottom.addWidget(box, 2)
        self.targets_box = self._targets_box()
        bottom.addWidget(self.targets_box, 1)
        layout.addLayout(bottom)
        self.preset.activated.connect(self._preset)
        self.start.dateChanged.connect(self.reload)
        self.end.dateChanged.connect(self.reload)
        self.export_button.clicked.connect(lambda: self.export())
        self.reload()

    def _targets_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Chỉ tiêu (quản trị viên đặt)"))
        box.setObjectName("targets_box")
        grid = QGridLayout(box)
        self.target_errors = FieldErrors()
        self.target_spins: dict[str, QDoubleSpinBox] = {}
        admin = self.ctx.actor.has(Role.ADMIN)
        for row, (key, label) in enumerate(indicators.TARGET_LABELS.items()):
            spin = QDoubleSpinBox()
            spin.setObjectName(f"target_{key}")
            spin.setRange(0, 100)
            spin.setDecimals(1)
            spin.setSuffix(" %")
            spin.setEnabled(admin)
            err = QLabel()
            self.target_errors.register(key, spin, err)
            grid.addWidget(QLabel(self.tr(label)), 2 * row, 0)
            grid.addWidget(spin, 2 * row, 1)
            grid.addWidget(err, 2 * row + 1, 0, 1, 2)
            self.target_spins[key] = spin
        self.save_targets_button = QPushButton(self.tr("Lưu chỉ tiêu"))
        self.save_targets_button.setObjectName("save_targets")
        self.save_targets_button.setVisible(admin)
        self.save_targets_button.clicked.connect(self.save_targets)
        grid.addWidget(self.save_targets_button, 2 * len(indicators.TARGET_LABELS), 1)
        return box

    def _preset(self, index: int) -> None:
        a, b = self.preset.itemData(index)
        self.start.blockSignals(True)
        self.start.setDate(to_qdate(a))
        self.start.blockSignals(False)
        self.end.setDate(to_qdate(b))
        self.reload()

    def period(self) -> tuple[date, date]:
        return to_date(self.start.date()), to_date(self.end.date())

    def reload(self) -> None:
        start, end = self.period()
        if start > end:
            self.note.setText(self.tr("Ngày bắt đầu sau ngày kết thúc."))
            return
        with self.ctx.db.read() as session:
            ind = indicators.indicators(session, start, end)
            months = indicators.by_month(session, start, end)
            sat = surveys.satisfaction(session, start, end)
        self.ind = ind
        shares, counts, met = ind.shares(), ind.counts(), ind.met()
        for key, card in self.cards.items():
            card.show_share(shares[key], counts[key], ind.targets.get(key), met.get(key))
        self.note.setText(
            self.tr(
                "Hồ sơ tiếp nhận từ {a:%d/%m/%Y} đến {b:%d/%m/%Y}: {n} hồ sơ, đã trả {r}; "
                "{o} hồ sơ đang giải quyết đã quá hạn."
            ).format(a=start, b=end, n=ind.total, r=ind.returned, o=ind.open_overdue)
        )
        for key, spin in self.target_spins.items():
            spin.setValue(ind.targets[key])
        aspects = "; ".join(
            f"{a['label'].lower()}: {pct(a['index'])} ({a['total']} lượt)"
            for a in sat["aspects"].values()  # type: ignore[union-attr]
        )
        dist = ", ".join(f"{k}: {v}" for k, v in sat["distribution"].items())  # type: ignore[union-attr]
        self.satisfaction.setText(
            self.tr("Chỉ số hài lòng: {i} ({n} lượt đánh giá; {d}).\nTheo khía cạnh: {a}.").format(
                i=pct(sat["index"]), n=sat["total"], d=dist, a=aspects or "—"
            )
        )
        self._bar_chart(shares, ind.targets)
        self._trend_chart(months)

    def _bar_chart(self, shares: dict[str, float], targets: dict[str, float]) -> None:
        chart = QChart()
        chart.setTitle(self.tr("Kết quả so với chỉ tiêu (%)"))
        actual, goal = QBarSet(self.tr("Thực hiện")), QBarSet(self.tr("Chỉ tiêu"))
        actual.setColor(QColor("#1b3a6b"))
        goal.setColor(QColor("#c9a227"))
        names = []
        short = {"online": "Trực tuyến", "digitised": "Số hóa", "paid_online": "Thanh toán TT"}
        for key in indicators.TARGET_LABELS:
            actual.append(shares[key])
            goal.append(targets[key])
            names.append(self.tr(short[key]))
        series = QBarSeries()
        series.append(actual)
        series.append(goal)
        series.setLabelsVisible(True)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append(names)
        axis_y = QValueAxis()
        axis_y.setRange(0, 100)
        axis_y.setLabelFormat("%d")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart.setChart(chart)

    def _trend_chart(self, months: list[tuple[date, indicators.Indicators]]) -> None:
        chart = QChart()
        chart.setTitle(self.tr("Theo tháng (%)"))
        axis_x = QBarCategoryAxis()
        # Month numbers only: a year of "11/2025" labels does not fit half a window.
        axis_x.append(
            [
                str(m.month) if m.month != 1 or i == 0 else f"1/{m:%y}"
                for i, (m, _) in enumerate(months)
            ]
        )
        axis_x.setTitleText(self.tr("Tháng"))
        axis_y = QValueAxis()
        axis_y.setRange(0, 100)
        axis_y.setLabelFormat("%d")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        for key, colour in (
            ("online", "#1b3a6b"),
            ("digitised", "#2e7d32"),
            ("on_time", "#b3261e"),
        ):
            line = QLineSeries()
            line.setName(self.tr(indicators.SHARE_LABELS[key]))
            line.setColor(QColor(colour))
            for i, (_m, ind) in enumerate(months):
                line.append(QPointF(i, ind.shares()[key]))
            chart.addSeries(line)
            line.attachAxis(axis_x)
            line.attachAxis(axis_y)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.trend.setChart(chart)

    def save_targets(self) -> None:
        values = {k: s.value() for k, s in self.target_spins.items()}
        try:
            with self.ctx.db.write() as session:
                indicators.set_targets(session, self.ctx.actor, values)
        except ValidationError as exc:
            for message in self.target_errors.show(exc.errors):
                error(self, self.tr("Chưa lưu được"), message)
            return
        except ServiceError as exc:
            error(self, self.tr("Chưa lưu được"), exc.message)
            return
        self.target_errors.clear()
        self.ctx.notify("dossiers")
        self.ctx.status(self.tr("Đã lưu chỉ tiêu."))
        self.reload()

    def export(self, out: Path | None = None) -> Path | None:
        from camau_reception.exports.indicators_xlsx import write_indicators_xlsx

        start, end = self.period()
        if out is None:
            name, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Xuất chỉ số ra Excel"),
                f"chi-so-ho-so-{start:%Y%m%d}-{end:%Y%m%d}.xlsx",
                self.tr("Excel (*.xlsx)"),
            )
            if not name:
                return None
            out = Path(name)
        try:
            with self.ctx.db.read() as session:
                write_indicators_xlsx(session, start, end, out)
        except OSError as exc:
            error(self, self.tr("Không ghi được tệp"), str(exc))
            return None
        self.ctx.status(self.tr("Đã xuất {f}").format(f=out))
        return out
