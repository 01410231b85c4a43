"""Hồ sơ TTHC: late dossiers and apology letters, the dossier register, the catalogue with
import, indicators against targets (QtCharts), and the satisfaction survey."""

from __future__ import annotations

import tempfile
from datetime import date, datetime, time
from pathlib import Path

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from camau_reception.models.dossiers import CHANNEL_LABELS, STATE_LABELS, Channel, DossierState
from camau_reception.models.users import Role
from camau_reception.services import apologies, dossiers
from camau_reception.services.errors import ServiceError
from camau_reception.ui import tasks
from camau_reception.ui.context import AppContext, PageSpec
from camau_reception.ui.dossiers.apology_dialog import ApologyDialog
from camau_reception.ui.messages import confirm, error, info


def _table(columns: list[str], name: str) -> QTableWidget:
    t = QTableWidget(0, len(columns))
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(columns)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _fill(
    table: QTableWidget,
    rows: list[tuple[int, list[str]]],
    colour_col: int | None = None,
    colour=None,
) -> None:
    table.setRowCount(len(rows))
    for r, (rid, values) in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setData(Qt.ItemDataRole.UserRole, rid)
            if colour is not None and c == colour_col:
                item.setForeground(QColor(colour))
            table.setItem(r, c, item)


class LateTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("late_summary")
        self.returned_button = QPushButton(self.tr("Đánh dấu đã trả kết quả"))
        self.returned_button.setObjectName("mark_returned")
        self.apology_button = QPushButton(self.tr("Phiếu xin lỗi… (Ctrl+P)"))
        self.apology_button.setObjectName("apology")
        self.apology_button.setShortcut("Ctrl+P")
        self.batch_button = QPushButton(self.tr("In phiếu cho mọi hồ sơ đang nợ…"))
        self.batch_button.setObjectName("batch")
        for w in (self.summary,):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.returned_button, self.apology_button, self.batch_button):
            bar.addWidget(w)
        layout.addLayout(bar)
        self.table = _table(
            [
                self.tr(c)
                for c in (
                    "Mã hồ sơ",
                    "Thủ tục",
                    "Người nộp",
                    "Hẹn trả",
                    "Hẹn hiện tại",
                    "Số ngày trễ",
                    "Phiếu xin lỗi",
                )
            ],
            "late_table",
        )
        layout.addWidget(self.table)
        self.returned_button.clicked.connect(self.mark_returned)
        self.apology_button.clicked.connect(self.apology)
        self.batch_button.clicked.connect(self.batch)
        self.reload()

    def now(self) -> datetime:
        return datetime.combine(self.ctx.today(), time(23, 59))

    def reload(self) -> None:
        with self.ctx.db.read() as session:
            rows = dossiers.late_dossiers(
                session, self.now(), open_only=True, cal=self.ctx.calendar()
            )
        owing = sum(1 for r in rows if r.owes_apology)
        self.summary.setText(
            self.tr("{n} hồ sơ trễ hẹn, {o} hồ sơ đang nợ phiếu xin lỗi").format(
                n=len(rows), o=owing
            )
        )
        table_rows = []
        for r in rows:
            if r.owes_apology:
                status = self.tr("Cần lập phiếu")
            elif r.apologies:
                status = self.tr("Đã có {n} phiếu").format(n=r.apologies)
            else:
                status = self.tr("Đã trả kết quả")
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
                        status,
                    ],
                )
            )
        _fill(self.table, table_rows)
        for r, row in enumerate(rows):
            if row.owes_apology:
                self.table.item(r, 6).setForeground(QColor("#b3261e"))

    def selected_id(self) -> int | None:
        row = self.table.currentRow()
        if row < 0:
            info(self, self.tr("Chưa chọn"), self.tr("Hãy chọn một hồ sơ trong danh sách."))
            return None
        return int(self.table.item(row, 0).data(Qt.ItemDataRole.UserRole))

    def mark_returned(self) -> None:
        did = self.selected_id()
        if did is None:
            return
        at = datetime.combine(self.ctx.today(), datetime.now().time().replace(microsecond=0))
        try:
            with self.ctx.db.write() as session:
                dossiers.mark_returned(session, self.ctx.actor, did, at)
        except ServiceError as exc:
            error(self, self.tr("Không thực hiện được"), exc.message)
            return
        self.ctx.notify("dossiers")
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
            out = Path(tempfile.mkdtemp()) / "phieu-xin-loi.pdf"
            with self.ctx.db.read() as session:
                apologies.print_letters(session, [dialog.letter_id], out)
            self.last_pdf = out
            from camau_reception.ui import print_preview

            print_preview.show_pdf(self, out, self.tr("Phiếu xin lỗi"), out.name)

    def batch(self, out: Path | None = None) -> tasks.Task | None:
        with self.ctx.db.read() as session:
            owed = [
                r
                for r in dossiers.late_dossiers(session, self.now(), only_owing=True)
                if r.apologies == 0
            ]
        if not owed:
            info(
                self,
                self.tr("Không có phiếu cần in"),
                self.tr("Không có hồ sơ nào đang nợ phiếu xin lỗi lần đầu."),
            )
            return None
        if out is None:
            name, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Lưu tệp phiếu xin lỗi"),
                f"phieu-xin-loi-{self.ctx.today():%Y%m%d}.pdf",
                self.tr("Tệp PDF (*.pdf)"),
            )
            if not name:
                return None
            out = Path(name)
            if not confirm(
                self,
                self.tr("Xác nhận"),
                self.tr(
                    "Lập và in {n} phiếu xin lỗi? Các phiếu sẽ được cấp số và ghi nhận đã phát hành."
                ).format(n=len(owed)),
            ):
                return None
        progress = QProgressDialog(self.tr("Đang lập phiếu…"), self.tr("Hủy"), 0, len(owed), self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        ctx, at = self.ctx, self.now()

        def work(report, cancelled) -> int:
            with ctx.db.write() as session:
                return apologies.issue_and_print_owed(
                    session,
                    ctx.actor,
                    at,
                    out,
                    reason=dossiers.template("apology_letter")["reasons"][0],
                    signer_title="PHÓ GIÁM ĐỐC",
                    progress=report,
                    cancelled=cancelled,
                )

        def done(n: int) -> None:
            progress.close()
            self.batch_result = n
            self.reload()
            self.ctx.notify("dossiers")
            self.ctx.status(self.tr("Đã lập {n} phiếu xin lỗi: {f}").format(n=n, f=out))

        def failed(exc: BaseException) -> None:
            progress.close()
            self.batch_result = 0
            self.reload()
            message = getattr(exc, "message", None) or str(exc) or self.tr("Đã hủy.")
            error(self, self.tr("Chưa in xong"), message)

        task = tasks.start(work, done, failed, lambda d, t, m: progress.setValue(d))
        progress.canceled.connect(task.cancel)
        self.task = task
        return task


class RegisterTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Tìm theo mã hồ sơ hoặc tên người nộp…"))
        layout.addWidget(self.search)
        self.table = _table(
            [
                self.tr(c)
                for c in (
                    "Mã hồ sơ",
                    "Thủ tục",
                    "Người nộp",
                    "Kênh",
                    "Tiếp nhận",
                    "Hẹn trả",
                    "Trả kết quả",
                    "Trạng thái",
                )
            ],
            "dossier_table",
        )
        layout.addWidget(self.table)
        self.search.textChanged.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        from sqlalchemy import or_, select

        from camau_reception.models.dossiers import Dossier

        text = self.search.text().strip()
        with self.ctx.db.read() as session:
            q = select(Dossier).order_by(Dossier.received_at.desc()).limit(500)
            if text:
                q = q.where(
                    or_(Dossier.code.like(f"%{text}%"), Dossier.applicant_name.like(f"%{text}%"))
                )
            rows = [
                (
                    d.id,
                    [
                        d.code,
                        d.procedure.name,
                        d.applicant_name,
                        CHANNEL_LABELS[Channel(d.channel)],
                        f"{d.received_at:%d/%m/%Y %H:%M}",
                        f"{d.due_at:%d/%m/%Y}",
                        f"{d.returned_at:%d/%m/%Y %H:%M}" if d.returned_at else "—",
                        STATE_LABELS[DossierState(d.state)],
                    ],
                )
                for d in session.execute(q).scalars()
            ]
        _fill(self.table, rows)


class CatalogueTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.counts = QLabel()
        self.counts.setObjectName("catalogue_counts")
        self.import_button = QPushButton(self.tr("Nhập danh mục từ Excel/CSV…"))
        bar.addWidget(self.counts)
        bar.addStretch(1)
        bar.addWidget(self.import_button)
        layout.addLayout(bar)
        self.table = _table(
            [
                self.tr(c)
                for c in (
                    "Mã",
                    "Tên thủ tục",
                    "Cấp",
                    "Lĩnh vực",
                    "Thời hạn (ngày làm việc)",
                    "Phí",
                    "Trực tuyến",
                )
            ],
            "procedure_table",
        )
        layout.addWidget(self.table)
        self.import_button.clicked.connect(self.import_file)
        self.reload()

    def reload(self) -> None:
        from camau_reception.models.dossiers import LEVEL_LABELS, Level

        with self.ctx.db.read() as session:
            counts = dossiers.catalogue_counts(session)
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
                        {"full": "Toàn trình", "partial": "Một phần"}.get(p.online, "—"),
                    ],
                )
                for p in dossiers.list_procedures(session)
            ]
        total = counts.pop("Tổng", 0)
        parts = " + ".join(f"{n} {k.lower()}" for k, n in counts.items())
        self.counts.setText(
            self.tr("Tổng số thủ tục đang áp dụng: {t}").format(t=total)
            + (f" = {parts}" if parts else "")
        )
        _fill(self.table, rows)

    def import_file(self) -> None:
        from camau_reception.imports import catalogue
        from camau_reception.imports.tabular import (
            ImportFileError,
            guess_mapping,
            missing_required,
            read_table,
        )

        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp danh mục"), "", self.tr("Excel hoặc CSV (*.xlsx *.csv)")
        )
        if not name:
            return
        try:
            table = read_table(Path(name))
        except ImportFileError as exc:
            error(self, self.tr("Không đọc được tệp"), exc.message)
            return
        mapping = guess_mapping(table.headers, catalogue.PROCEDURE_FIELDS)
        missing = missing_required(mapping, catalogue.PROCEDURE_FIELDS)
        if missing:
            error(self, self.tr("Thiếu cột"), self.tr("Không tìm thấy cột: ") + ", ".join(missing))
            return
        with self.ctx.db.write() as session:
            preview = catalogue.import_procedures(session, self.ctx.actor, table, mapping)
            session.rollback()
        if not confirm(
            self,
            self.tr("Xem trước khi nhập"),
            preview.text() + "\n\n" + self.tr("Nhập các dòng hợp lệ?"),
        ):
            return
        with self.ctx.db.write() as session:
            report = catalogue.import_procedures(session, self.ctx.actor, table, mapping)
        info(self, self.tr("Đã nhập"), report.text())
        self.reload()


class IndicatorsTab(QWidget):
    KEYS = (
        ("online", "Hồ sơ trực tuyến"),
        ("digitised", "Hồ sơ và kết quả số hóa"),
        ("paid_online", "Thanh toán trực tuyến (có phí)"),
        ("on_time", "Trả đúng hạn"),
        ("late", "Trả trễ hạn"),
        ("apologised", "Trễ hạn có xin lỗi"),
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        today = ctx.today()
        self.start = QDateEdit(QDate(today.year, 1, 1))
        self.end = QDateEdit(QDate(today.year, today.month, today.day))
        for w in (self.start, self.end):
            w.setCalendarPopup(True)
            w.setDisplayFormat("dd/MM/yyyy")
            w.dateChanged.connect(self.reload)
        bar.addWidget(QLabel(self.tr("Từ ngày")))
        bar.addWidget(self.start)
        bar.addWidget(QLabel(self.tr("đến ngày")))
        bar.addWidget(self.end)
        bar.addStretch(1)
        layout.addLayout(bar)
        grid = QGridLayout()
        self.values: dict[str, QLabel] = {}
        for i, (key, label) in enumerate(self.KEYS):
            value = QLabel("…")
            value.setObjectName(f"indicator_{key}")
            value.setStyleSheet("font-size: 22px; font-weight: bold;")
            box = QVBoxLayout()
            box.addWidget(value)
            box.addWidget(QLabel(self.tr(label)))
            grid.addLayout(box, i // 3, i % 3)
            self.values[key] = value
        layout.addLayout(grid)
        self.satisfaction = QLabel()
        self.satisfaction.setObjectName("satisfaction")
        layout.addWidget(self.satisfaction)
        self.chart = QChartView()
        self.chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart.setMinimumHeight(280)
        layout.addWidget(self.chart, 1)
        self.reload()

    def _period(self) -> tuple[date, date]:
        a, b = self.start.date(), self.end.date()
        return date(a.year(), a.month(), a.day()), date(b.year(), b.month(), b.day())

    def reload(self) -> None:
        start, end = self._period()
        with self.ctx.db.read() as session:
            ind = dossiers.indicators(session, start, end)
            sat = dossiers.satisfaction(session, start, end)
        shares = ind.shares()
        for key, _ in self.KEYS:
            target = ind.targets.get(key)
            text = f"{shares[key]:.1f}%"
            if target is not None:
                ok = shares[key] >= target
                text += f"  (chỉ tiêu {target:.0f}%)"
                self.values[key].setStyleSheet(
                    f"font-size: 22px; font-weight: bold; color: {'#1b5e20' if ok else '#b3261e'};"
                )
            self.values[key].setText(text)
        dist = ", ".join(f"{k}: {v}" for k, v in sat["distribution"].items())
        self.satisfaction.setText(
            self.tr("Chỉ số hài lòng: {i:.1f}% ({n} lượt đánh giá; {d})").format(
                i=sat["index"], n=sat["total"], d=dist
            )
        )
        chart = QChart()
        chart.setTitle(self.tr("Kết quả so với chỉ tiêu (%)"))
        actual, goal = QBarSet(self.tr("Thực hiện")), QBarSet(self.tr("Chỉ tiêu"))
        names = []
        for key, label in self.KEYS[:3]:
            actual.append(shares[key])
            goal.append(ind.targets[key])
            names.append(label)
        series = QBarSeries()
        series.append(actual)
        series.append(goal)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append(names)
        axis_y = QValueAxis()
        axis_y.setRange(0, 100)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        self.chart.setChart(chart)


class SurveyTab(QWidget):
    """Made for a quick click at the counter or a tablet: three big buttons."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Ông/Bà có hài lòng với việc giải quyết hồ sơ hôm nay không?"))
        title.setStyleSheet("font-size: 20px;")
        layout.addWidget(title)
        self.dossier_code = QLineEdit()
        self.dossier_code.setPlaceholderText(self.tr("Mã hồ sơ (không bắt buộc)"))
        layout.addWidget(self.dossier_code)
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(self.tr("Góp ý (không bắt buộc)"))
        layout.addWidget(self.comment)
        row = QHBoxLayout()
        self.buttons = {}
        for value, label, colour in (
            (3, "Hài lòng", "#1b5e20"),
            (2, "Bình thường", "#8a5a00"),
            (1, "Không hài lòng", "#b3261e"),
        ):
            b = QPushButton(self.tr(label))
            b.setObjectName(f"rate_{value}")
            b.setMinimumHeight(90)
            b.setStyleSheet(
                f"font-size: 22px; color: white; background: {colour}; border-radius: 10px;"
            )
            b.clicked.connect(lambda _=False, v=value: self.rate(v))
            row.addWidget(b)
            self.buttons[value] = b
        layout.addLayout(row)
        self.thanks = QLabel()
        self.thanks.setObjectName("thanks")
        layout.addWidget(self.thanks)
        layout.addStretch(1)

    def rate(self, value: int) -> None:
        from sqlalchemy import select

        from camau_reception.models.dossiers import Dossier

        try:
            with self.ctx.db.write() as session:
                did = None
                if self.dossier_code.text().strip():
                    did = session.execute(
                        select(Dossier.id).where(Dossier.code == self.dossier_code.text().strip())
                    ).scalar()
                dossiers.record_survey(
                    session,
                    self.ctx.actor,
                    dossiers.SurveyInput(
                        overall=value,
                        on=self.ctx.today(),
                        dossier_id=did,
                        comment=self.comment.text(),
                    ),
                )
        except ServiceError as exc:
            error(self, self.tr("Chưa ghi được"), exc.message)
            return
        self.dossier_code.clear()
        self.comment.clear()
        self.thanks.setText(self.tr("Cảm ơn Ông/Bà đã đánh giá!"))
        self.ctx.notify("dossiers")


class DossiersPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.late = LateTab(ctx)
        self.register = RegisterTab(ctx)
        self.catalogue = CatalogueTab(ctx)
        self.indicators = IndicatorsTab(ctx)
        self.survey = SurveyTab(ctx)
        self.tabs.addTab(self.late, self.tr("Hồ sơ trễ hẹn"))
        self.tabs.addTab(self.register, self.tr("Sổ theo dõi hồ sơ"))
        self.tabs.addTab(self.indicators, self.tr("Chỉ số, chỉ tiêu"))
        self.tabs.addTab(self.catalogue, self.tr("Danh mục thủ tục"))
        self.tabs.addTab(self.survey, self.tr("Khảo sát hài lòng"))
        layout.addWidget(self.tabs)
        ctx.signals.data_changed.connect(self._changed)

    def _changed(self, area: str) -> None:
        if area in ("dossiers", "calendar"):
            self.late.reload()
            self.register.reload()
            self.indicators.reload()


PAGE = PageSpec(
    order=50,
    key="dossiers",
    title="Hồ sơ TTHC",
    factory=lambda ctx, parent: DossiersPage(ctx, parent),
    roles=frozenset({Role.OFFICER, Role.LEADER, Role.ADMIN}),
    icon="SP_DirIcon",
)
