"""Lịch tiếp công dân: a month grid with holidays, sessions and the desk roster; rules that
fill the year; move, postpone, deputise; the legal checks; publish and print."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from camau_reception.domain.recurrence import WEEKDAY_NAMES, Rule
from camau_reception.services import schedule
from camau_reception.services.errors import ServiceError, ValidationError
from camau_reception.ui.context import AppContext, PageSpec
from camau_reception.ui.messages import error, info
from camau_reception.ui.widgets.form_errors import FieldErrors


def _py(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def _q(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class RuleDialog(QDialog):
    """Fill a period with sessions: 'Thứ Năm tuần thứ 2', 'ngày 15 hằng tháng'…"""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.created = 0
        self.setWindowTitle(self.tr("Lập lịch theo quy tắc lặp"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.errors = FieldErrors()
        self.kind = QComboBox()
        self.kind.setObjectName("rule_kind")
        self.kind.addItem(self.tr("Thứ … tuần thứ … của tháng"), "nth_weekday")
        self.kind.addItem(self.tr("Ngày … hằng tháng"), "day_of_month")
        self.weekday = QComboBox()
        for i, name in enumerate(WEEKDAY_NAMES[:5]):
            self.weekday.addItem(name, i)
        self.nth = QComboBox()
        for n, label in (
            (1, "thứ nhất"),
            (2, "thứ hai"),
            (3, "thứ ba"),
            (4, "thứ tư"),
            (-1, "cuối cùng"),
        ):
            self.nth.addItem(self.tr(label), n)
        self.day = QSpinBox()
        self.day.setObjectName("rule_day")
        self.day.setRange(1, 31)
        self.day.setValue(15)
        self.shift = QComboBox()
        self.shift.addItem(self.tr("Ngày làm việc kế tiếp"), "forward")
        self.shift.addItem(self.tr("Ngày làm việc liền trước"), "backward")
        self.leader = QComboBox()
        self.leader.setObjectName("rule_leader")
        with ctx.db.read() as session:
            for m in schedule.list_leaders(session):
                self.leader.addItem(f"{m.full_name} ({m.position})", m.id)
        today = ctx.today()
        self.start = QDateEdit(_q(date(today.year, today.month, 1)))
        self.end = QDateEdit(_q(date(today.year, 12, 31)))
        self.start_time = QLineEdit("07:30")
        self.end_time = QLineEdit("11:00")
        self.place = QLineEdit(schedule.DEFAULT_PLACE)
        for w in (self.start, self.end):
            w.setCalendarPopup(True)
            w.setDisplayFormat("dd/MM/yyyy")
        form.addRow(self.tr("Kiểu lặp:"), self.kind)
        form.addRow(self.tr("Thứ:"), self.weekday)
        form.addRow(self.tr("Tuần:"), self.nth)
        form.addRow(self.tr("Ngày trong tháng:"), self.day)
        form.addRow(self.tr("Nếu rơi vào ngày nghỉ, chuyển sang:"), self.shift)
        self.errors.add_row(form, "presiding", self.tr("Lãnh đạo chủ trì:"), self.leader)
        form.addRow(self.tr("Từ ngày:"), self.start)
        self.errors.add_row(form, "end", self.tr("Đến ngày:"), self.end)
        form.addRow(self.tr("Giờ bắt đầu:"), self.start_time)
        form.addRow(self.tr("Giờ kết thúc:"), self.end_time)
        form.addRow(self.tr("Địa điểm:"), self.place)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(self.tr("Lập lịch"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("ok_button")
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def rule(self) -> Rule:
        return Rule(
            self.kind.currentData(),
            weekday=self.weekday.currentData(),
            nth=self.nth.currentData(),
            day=self.day.value(),
            shift=self.shift.currentData(),
        )

    def submit(self) -> None:
        try:
            with self.ctx.db.write() as session:
                created = schedule.generate(
                    session,
                    self.ctx.actor,
                    self.rule(),
                    _py(self.start.date()),
                    _py(self.end.date()),
                    self.leader.currentData() or 0,
                    start_time=self.start_time.text(),
                    end_time=self.end_time.text(),
                    place=self.place.text(),
                    cal=self.ctx.calendar(),
                )
                self.created = len(created)
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        except ServiceError as exc:
            error(self, self.tr("Không lập được lịch"), exc.message)
            return
        self.accept()


class SchedulePage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        today = ctx.today()
        self.month = date(today.year, today.month, 1)
        self.planner = ctx.actor.has(*schedule.PLANNERS)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.prev_button = QPushButton("◀")
        self.next_button = QPushButton("▶")
        self.title = QLabel()
        self.title.setObjectName("month_title")
        self.title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.rule_button = QPushButton(self.tr("Lập lịch theo quy tắc…"))
        self.rule_button.setObjectName("add_rule")
        self.move_button = QPushButton(self.tr("Dời/hoãn buổi đã chọn…"))
        self.deputy_button = QPushButton(self.tr("Ủy quyền…"))
        self.publish_button = QPushButton(self.tr("Niêm yết tháng"))
        self.publish_button.setObjectName("publish")
        self.print_button = QPushButton(self.tr("In lịch niêm yết"))
        for b in (self.rule_button, self.move_button, self.deputy_button, self.publish_button):
            b.setEnabled(self.planner)
        for w in (self.prev_button, self.title, self.next_button):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (
            self.rule_button,
            self.move_button,
            self.deputy_button,
            self.publish_button,
            self.print_button,
        ):
            bar.addWidget(w)
        layout.addLayout(bar)
        self.grid = QTableWidget(6, 7)
        self.grid.setObjectName("month_grid")
        self.grid.setHorizontalHeaderLabels(list(WEEKDAY_NAMES))
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().hide()
        self.grid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.grid.setWordWrap(True)
        layout.addWidget(self.grid, 3)
        self.sessions = QListWidget()
        self.sessions.setObjectName("session_list")
        self.checks = QListWidget()
        self.checks.setObjectName("checks")
        self.published = QLabel()
        self.published.setObjectName("published_info")
        low = QHBoxLayout()
        col1 = QVBoxLayout()
        col1.addWidget(QLabel(self.tr("Các buổi tiếp trong tháng")))
        col1.addWidget(self.sessions)
        col2 = QVBoxLayout()
        col2.addWidget(QLabel(self.tr("Kiểm tra theo quy định")))
        col2.addWidget(self.checks)
        col2.addWidget(self.published)
        low.addLayout(col1, 1)
        low.addLayout(col2, 1)
        layout.addLayout(low, 2)
        self.prev_button.clicked.connect(lambda: self.shift_month(-1))
        self.next_button.clicked.connect(lambda: self.shift_month(1))
        self.rule_button.clicked.connect(self.add_rule)
        self.move_button.clicked.connect(self.move_selected)
        self.deputy_button.clicked.connect(self.deputise_selected)
        self.publish_button.clicked.connect(self.publish)
        self.print_button.clicked.connect(self.print_month)
        ctx.signals.data_changed.connect(
            lambda a: self.reload() if a in ("schedule", "calendar") else None
        )
        self.reload()

    def period_key(self) -> str:
        return f"{self.month:%Y-%m}"

    def shift_month(self, step: int) -> None:
        y, m = self.month.year, self.month.month + step
        y, m = (y + 1, 1) if m == 13 else (y - 1, 12) if m == 0 else (y, m)
        self.month = date(y, m, 1)
        self.reload()

    def reload(self) -> None:
        cal = self.ctx.calendar()
        start = self.month
        end = date(start.year + (start.month == 12), start.month % 12 + 1, 1) - timedelta(days=1)
        self.title.setText(self.tr("Tháng {m:02d}/{y}").format(m=start.month, y=start.year))
        with self.ctx.db.read() as session:
            items = [
                (
                    s.id,
                    s.day,
                    s.start_time,
                    s.end_time,
                    (s.deputy or s.presiding).full_name,
                    s.deputy is not None,
                    s.move_note,
                    s.version,
                )
                for s in schedule.sessions_between(session, start, end)
            ]
            desk = [
                (d.day, d.half, d.staff.full_name)
                for d in schedule.desk_between(session, start, end)
            ]
            problems = schedule.checks(session, start, end, self.ctx.today(), cal)
            pubs = [
                (p.version, p.published_on, p.changes)
                for p in schedule.publications(session, self.period_key())
            ]
        self._items = items
        self.grid.clearContents()
        first_cell = start.weekday()
        for i in range((end - start).days + 1):
            d = start + timedelta(days=i)
            cell = first_cell + i
            lines = [f"{d.day}"]
            name = cal.day_off_name(d)
            if name:
                lines.append(name)
            for _sid, day, t0, t1, who, dep, _note, _v in items:
                if day == d:
                    lines.append(f"{t0}–{t1} {who}{' (ủy quyền)' if dep else ''}")
            desk_names = [
                f"{'S' if h == 'morning' else 'C'}: {n}" for day, h, n in desk if day == d
            ]
            lines += desk_names
            item = QTableWidgetItem("\n".join(lines))
            if not cal.is_working_day(d):
                item.setBackground(QColor("#f3e5e5") if name else QColor("#eeeeee"))
            elif any(day == d for _s, day, *_ in items):
                item.setBackground(QColor("#e3f0fb"))
            self.grid.setItem(cell // 7, cell % 7, item)
        self.sessions.clear()
        for _sid, day, t0, t1, who, dep, note, _v in items:
            text = f"{day:%d/%m/%Y} {t0}–{t1}: {who}{' (ủy quyền)' if dep else ''}"
            if note:
                text += f" — {note}"
            self.sessions.addItem(text)
        self.checks.clear()
        for p in problems:
            self.checks.addItem(p.message)
            self.checks.item(self.checks.count() - 1).setForeground(QColor("#b3261e"))
        if not problems:
            self.checks.addItem(self.tr("Đạt: không phát hiện vi phạm."))
        self.published.setText(
            self.tr("Đã niêm yết {n} bản; bản gần nhất ngày {d}").format(
                n=len(pubs), d=f"{pubs[-1][1]:%d/%m/%Y}"
            )
            if pubs
            else self.tr("Tháng này chưa niêm yết.")
        )

    def selected(self) -> tuple | None:
        row = self.sessions.currentRow()
        if row < 0:
            info(self, self.tr("Chưa chọn"), self.tr("Hãy chọn một buổi tiếp trong danh sách."))
            return None
        return self._items[row]

    def add_rule(self) -> RuleDialog:
        dialog = RuleDialog(self.ctx, self)
        self.last_dialog = dialog
        dialog.finished.connect(lambda _r: (self.reload(), self.ctx.notify("schedule")))
        dialog.open()
        return dialog

    def move_selected(
        self, new_day: date | None = None, reason: str = "", postpone: bool = False
    ) -> bool:
        item = self.selected()
        if item is None:
            return False
        if new_day is None:
            from PySide6.QtWidgets import QInputDialog

            text, ok = QInputDialog.getText(
                self, self.tr("Dời lịch"), self.tr("Ngày mới (dd/mm/yyyy):")
            )
            if not ok:
                return False
            try:
                d, m, y = (int(x) for x in text.strip().split("/"))
                new_day = date(y, m, d)
            except ValueError:
                error(self, self.tr("Ngày không hợp lệ"), self.tr("Hãy nhập dạng 16/12/2026."))
                return False
            reason, ok = QInputDialog.getText(self, self.tr("Dời lịch"), self.tr("Lý do:"))
            if not ok:
                return False
        try:
            with self.ctx.db.write() as session:
                schedule.move(
                    session, self.ctx.actor, item[0], new_day, reason, item[7], postpone=postpone
                )
        except ServiceError as exc:
            msg = (
                "; ".join(exc.errors.values()) if isinstance(exc, ValidationError) else exc.message
            )
            error(self, self.tr("Không dời được"), msg)
            return False
        self.reload()
        return True

    def deputise_selected(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        item = self.selected()
        if item is None:
            return
        with self.ctx.db.read() as session:
            leaders = [(m.id, m.full_name) for m in schedule.list_leaders(session)]
        names = [n for _, n in leaders]
        name, ok = QInputDialog.getItem(
            self, self.tr("Ủy quyền"), self.tr("Lãnh đạo được ủy quyền:"), names, 0, False
        )
        if not ok:
            return
        reason, ok = QInputDialog.getText(self, self.tr("Ủy quyền"), self.tr("Lý do:"))
        if not ok:
            return
        try:
            with self.ctx.db.write() as session:
                schedule.deputise(
                    session, self.ctx.actor, item[0], leaders[names.index(name)][0], reason, item[7]
                )
        except ServiceError as exc:
            msg = (
                "; ".join(exc.errors.values()) if isinstance(exc, ValidationError) else exc.message
            )
            error(self, self.tr("Không ủy quyền được"), msg)
        self.reload()

    def publish(self) -> bool:
        try:
            with self.ctx.db.write() as session:
                row = schedule.publish(session, self.ctx.actor, self.period_key(), self.ctx.today())
        except ServiceError as exc:
            msg = (
                "; ".join(exc.errors.values()) if isinstance(exc, ValidationError) else exc.message
            )
            error(self, self.tr("Không niêm yết được"), msg)
            return False
        self.reload()
        self.ctx.status(
            self.tr("Đã niêm yết lịch {p}, bản {v}").format(p=self.period_key(), v=row.version)
        )
        return True

    def print_month(self) -> Path:
        out = Path(tempfile.mkdtemp()) / f"lich-tiep-cong-dan-{self.period_key()}.pdf"
        with self.ctx.db.write() as session:
            schedule.print_schedule(
                session, self.ctx.actor, self.period_key(), self.ctx.today(), out
            )
        from camau_reception.ui import print_preview

        print_preview.show_pdf(self, out, self.tr("Lịch tiếp công dân"), out.name)
        return out


PAGE = PageSpec(
    order=40,
    key="schedule",
    title="Lịch tiếp công dân",
    factory=lambda ctx, parent: SchedulePage(ctx, parent),
    icon="SP_FileDialogInfoView",
)
