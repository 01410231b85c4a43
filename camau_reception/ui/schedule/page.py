"""Lịch tiếp công dân: the month grid (or list) of leaders' reception days and the desk
roster, the day's details with its actions, the legal checks, publishing, paper and files."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from camau_reception.domain.recurrence import WEEKDAY_NAMES, month_end
from camau_reception.services import schedule
from camau_reception.services.errors import ServiceError
from camau_reception.ui.context import AppContext
from camau_reception.ui.messages import confirm, error
from camau_reception.ui.schedule.dialogs import (
    DeputiseDialog,
    DeskDialog,
    DirectoryDialog,
    MoveDialog,
    PublishDialog,
    RuleDialog,
    SessionDialog,
)
from camau_reception.ui.schedule.month_grid import DayCell, MonthGrid

RED, GREEN, BLUE, AMBER = "#b3261e", "#2e7d32", "#1f5fa8", "#9a6700"
HALF_SHORT = {"morning": "S", "afternoon": "C"}
MONTH_KINDS = ("head_missing", "head_unknown")  # about the month, not a day of the grid
WARNING_KINDS = ("head_unknown",)


@dataclass(frozen=True)
class SessionRow:
    """One session as the page shows it (plain values: no ORM object outlives its read)."""

    id: int
    version: int
    day: date
    start_time: str
    end_time: str
    leader: str
    position: str
    presiding: str
    deputised: bool
    status: str
    place: str
    topics: str
    note: str
    latest: date
    published_on: date | None
    in_time: bool | None

    def line(self) -> str:
        text = f"{self.start_time}–{self.end_time} {self.leader}"
        if self.deputised:
            text += f" (ủy quyền thay {self.presiding})"
        if self.status == "postponed":
            text += " (hoãn)"
        return text


def _to_rows(sessions: list, states: dict[int, schedule.Publication]) -> list[SessionRow]:
    return [
        SessionRow(
            id=s.id,
            version=s.version,
            day=s.day,
            start_time=s.start_time,
            end_time=s.end_time,
            leader=s.acting.full_name,
            position=s.acting.position,
            presiding=s.presiding.full_name,
            deputised=s.deputy_id is not None,
            status=s.status,
            place=s.place,
            topics=s.topics,
            note="; ".join(x for x in (s.move_note, s.reason if s.deputy_id else "") if x),
            latest=states[s.id].latest,
            published_on=states[s.id].published_on,
            in_time=states[s.id].in_time,
        )
        for s in sessions
    ]


class SchedulePage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        today = ctx.today()
        self.month = date(today.year, today.month, 1)
        self.selected_day = today
        self.planner = ctx.actor.has(*schedule.PLANNERS)
        self.rows: list[SessionRow] = []
        self.list_rows: list[SessionRow] = []
        self.day_rows: list[SessionRow] = []
        self.last_dialog: QWidget | None = None
        self._build()
        ctx.signals.data_changed.connect(self._on_data_changed)
        self.reload()

    # --- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.prev_button = QPushButton("◀")
        self.prev_button.setToolTip(self.tr("Tháng trước (Page Up)"))
        self.next_button = QPushButton("▶")
        self.next_button.setToolTip(self.tr("Tháng sau (Page Down)"))
        self.today_button = QPushButton(self.tr("Hôm nay"))
        self.title = QLabel()
        self.title.setObjectName("month_title")
        self.title.setStyleSheet("font-size: 18px; font-weight: bold; padding: 0 8px;")
        self.title.setMinimumWidth(150)
        self.grid_toggle = QToolButton()
        self.grid_toggle.setText(self.tr("Lịch tháng"))
        self.list_toggle = QToolButton()
        self.list_toggle.setText(self.tr("Danh sách"))
        self.list_toggle.setObjectName("list_toggle")
        views = QButtonGroup(self)
        for i, b in enumerate((self.grid_toggle, self.list_toggle)):
            b.setCheckable(True)
            views.addButton(b, i)
        self.grid_toggle.setChecked(True)
        views.idClicked.connect(self.set_view)
        for w in (self.prev_button, self.title, self.next_button, self.today_button):
            bar.addWidget(w)
        bar.addSpacing(12)
        bar.addWidget(self.grid_toggle)
        bar.addWidget(self.list_toggle)
        self.scope = QComboBox()
        self.scope.setObjectName("list_scope")
        self.scope.addItem(self.tr("Tháng đang xem"), "month")
        self.scope.addItem(self.tr("Cả quý"), "quarter")
        self.scope.addItem(self.tr("Cả năm"), "year")
        self.scope.setVisible(False)
        self.scope.currentIndexChanged.connect(lambda _i: self.reload())
        bar.addWidget(self.scope)
        bar.addStretch(1)
        self.add_button = QPushButton(self.tr("Thêm buổi tiếp…"))
        self.add_button.setObjectName("add_session")
        self.add_button.setToolTip("Ctrl+N")
        self.rule_button = QPushButton(self.tr("Lập lịch theo quy tắc…"))
        self.rule_button.setObjectName("add_rule")
        self.rule_button.setToolTip("Ctrl+R")
        self.publish_button = QPushButton(self.tr("Niêm yết…"))
        self.publish_button.setObjectName("publish")
        self.directory_button = QPushButton(self.tr("Danh bạ…"))
        self.print_button = QToolButton()
        self.print_button.setText(self.tr("In"))
        self.print_button.setToolTip("Ctrl+P")
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        menu = QMenu(self)
        menu.addAction(self.tr("Lịch tiếp công dân tháng này"), lambda: self.print_period("month"))
        menu.addAction(self.tr("Lịch tiếp công dân quý này"), lambda: self.print_period("quarter"))
        menu.addAction(self.tr("Lịch trực tiếp công dân tháng này (bản nháp)"), self.print_roster)
        self.issue_roster_action = menu.addAction(
            self.tr("Ban hành lịch trực tiếp công dân tháng này (lấy số)…"),
            lambda: self.issue_roster(),
        )
        # Issuing takes a permanent document number: only those who plan the roster.
        self.issue_roster_action.setVisible(self.planner)
        self.print_button.setMenu(menu)
        self.print_button.clicked.connect(lambda: self.print_period("month"))
        self.export_button = QToolButton()
        self.export_button.setText(self.tr("Xuất"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        export_menu = QMenu(self)
        export_menu.addAction(
            self.tr("Lịch cả năm cho điện thoại (.ics)…"), lambda: self.export("ics")
        )
        export_menu.addAction(self.tr("Lịch cả năm ra Excel (.xlsx)…"), lambda: self.export("xlsx"))
        self.export_button.setMenu(export_menu)
        planner_widgets = [self.add_button, self.rule_button, self.publish_button]
        for w in planner_widgets:
            w.setVisible(self.planner)
        for w in (*planner_widgets, self.directory_button, self.print_button, self.export_button):
            bar.addWidget(w)
        layout.addLayout(bar)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.stack = QStackedWidget()
        self.grid = MonthGrid()
        self.list = QTableWidget(0, 9)
        self.list.setObjectName("session_table")
        self.list.setHorizontalHeaderLabels(
            [
                self.tr("Ngày"),
                self.tr("Thứ"),
                self.tr("Giờ"),
                self.tr("Lãnh đạo chủ trì"),
                self.tr("Địa điểm"),
                self.tr("Tình trạng"),
                self.tr("Niêm yết chậm nhất"),
                self.tr("Đã niêm yết"),
                self.tr("Ghi chú"),
            ]
        )
        self.list.verticalHeader().hide()
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.horizontalHeader().setSectionResizeMode(8, QHeaderView.ResizeMode.Stretch)
        self.stack.addWidget(self.grid)
        self.stack.addWidget(self.list)
        split.addWidget(self.stack)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(6, 0, 0, 0)
        self.day_title = QLabel()
        self.day_title.setObjectName("day_title")
        self.day_title.setStyleSheet("font-weight: bold; font-size: 14px;")
        self.day_title.setWordWrap(True)
        side_layout.addWidget(self.day_title)
        self.day_list = QListWidget()
        self.day_list.setObjectName("day_sessions")
        self.day_list.setMaximumHeight(130)
        self.day_list.setWordWrap(True)
        side_layout.addWidget(self.day_list)
        actions = QHBoxLayout()
        self.edit_button = QPushButton(self.tr("Sửa…"))
        self.move_button = QPushButton(self.tr("Dời/Hoãn…"))
        self.move_button.setObjectName("move")
        self.deputy_button = QPushButton(self.tr("Ủy quyền…"))
        self.deputy_button.setObjectName("deputise")
        self.delete_button = QPushButton(self.tr("Xóa"))
        self.delete_button.setToolTip("Delete")
        self.desk_button = QPushButton(self.tr("Trực bàn…"))
        self.desk_button.setObjectName("desk")
        self.session_actions = [
            self.edit_button,
            self.move_button,
            self.deputy_button,
            self.delete_button,
        ]
        for b in (*self.session_actions, self.desk_button):
            b.setVisible(self.planner)
            actions.addWidget(b)
        side_layout.addLayout(actions)
        self.desk_label = QLabel()
        self.desk_label.setObjectName("desk_label")
        self.desk_label.setWordWrap(True)
        side_layout.addWidget(self.desk_label)
        checks_title = QLabel(self.tr("Kiểm tra theo quy định"))
        checks_title.setStyleSheet("font-weight: bold; margin-top: 8px;")
        side_layout.addWidget(checks_title)
        self.checks = QListWidget()
        self.checks.setObjectName("checks")
        self.checks.setWordWrap(True)
        side_layout.addWidget(self.checks, 1)
        pub_title = QLabel(self.tr("Niêm yết"))
        pub_title.setStyleSheet("font-weight: bold; margin-top: 8px;")
        side_layout.addWidget(pub_title)
        self.published = QLabel()
        self.published.setObjectName("published_info")
        self.published.setWordWrap(True)
        self.published.setTextFormat(Qt.TextFormat.RichText)
        side_layout.addWidget(self.published)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([900, 360])
        layout.addWidget(split, 1)

        self.prev_button.clicked.connect(lambda: self.shift_month(-1))
        self.next_button.clicked.connect(lambda: self.shift_month(1))
        self.today_button.clicked.connect(self.go_today)
        self.add_button.clicked.connect(lambda: self.add_session())
        self.rule_button.clicked.connect(lambda: self.add_rule())
        self.publish_button.clicked.connect(lambda: self.publish())
        self.directory_button.clicked.connect(lambda: self.open_directory())
        self.edit_button.clicked.connect(lambda: self.edit_session())
        self.move_button.clicked.connect(lambda: self.move_session())
        self.deputy_button.clicked.connect(lambda: self.deputise_session())
        self.delete_button.clicked.connect(self.delete_session)
        self.desk_button.clicked.connect(lambda: self.edit_desk())
        self.grid.day_selected.connect(self.select_day)
        self.grid.day_activated.connect(self._day_activated)
        self.list.currentCellChanged.connect(self._list_row_changed)
        self.list.cellDoubleClicked.connect(lambda *_: self.edit_session())
        self.day_list.currentRowChanged.connect(lambda _r: self._update_actions())
        self.day_list.itemDoubleClicked.connect(lambda _i: self.edit_session())
        self.checks.itemClicked.connect(self._check_clicked)
        for keys, slot in (
            (QKeySequence.StandardKey.MoveToPreviousPage, lambda: self.shift_month(-1)),
            (QKeySequence.StandardKey.MoveToNextPage, lambda: self.shift_month(1)),
            (QKeySequence("Ctrl+P"), lambda: self.print_period("month")),
        ):
            QShortcut(keys, self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if self.planner:
            for keys, slot in (
                (QKeySequence("Ctrl+N"), lambda: self.add_session()),
                (QKeySequence("Ctrl+R"), lambda: self.add_rule()),
                (QKeySequence(Qt.Key.Key_Delete), self.delete_session),
            ):
                QShortcut(keys, self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # --- data ---------------------------------------------------------------------------------

    def _on_data_changed(self, area: str) -> None:
        if area in ("schedule", "calendar"):
            self.reload()

    def period_key(self) -> str:
        return f"{self.month:%Y-%m}"

    def shift_month(self, step: int) -> None:
        y, m = self.month.year, self.month.month + step
        y, m = (y + 1, 1) if m == 13 else (y - 1, 12) if m == 0 else (y, m)
        self.month = date(y, m, 1)
        self.selected_day = self.month
        self.reload()

    def go_today(self) -> None:
        today = self.ctx.today()
        self.month = date(today.year, today.month, 1)
        self.selected_day = today
        self.reload()

    def set_view(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        (self.list_toggle if index else self.grid_toggle).setChecked(True)
        self.scope.setVisible(index == 1)
        self._update_actions()

    def reload(self) -> None:
        cal = self.ctx.calendar()
        start, end = self.month, month_end(self.month.year, self.month.month)
        today = self.ctx.today()
        self.title.setText(self.tr("Tháng {m:02d}/{y}").format(m=start.month, y=start.year))
        with self.ctx.db.read() as session:
            sessions = schedule.sessions_between(session, start, end)
            states = schedule.publication_state(session, sessions, today, cal)
            self.rows = _to_rows(sessions, states)
            scope = self.scope.currentData()
            if scope == "month":
                self.list_rows = self.rows
            else:
                first = (
                    date(start.year, 1, 1)
                    if scope == "year"
                    else date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
                )
                last = (
                    date(start.year, 12, 31)
                    if scope == "year"
                    else month_end(start.year, first.month + 2)
                )
                wide = schedule.sessions_between(session, first, last)
                self.list_rows = _to_rows(
                    wide, schedule.publication_state(session, wide, today, cal)
                )
            desk = [
                (d.day, d.half, d.staff.full_name)
                for d in schedule.desk_between(session, start, end)
            ]
            problems = schedule.checks(session, start, end, today, cal)
            last_row = schedule.latest_version(session, self.period_key())
            last = (last_row.version, last_row.published_on) if last_row else None
            pending = schedule.pending_changes(session, self.period_key())
            q_row = schedule.latest_version(session, f"{start.year}-Q{(start.month - 1) // 3 + 1}")
            quarter = (q_row.version, q_row.published_on) if q_row else None
        self.desk = desk
        flagged = {day for p in problems if p.kind not in MONTH_KINDS for day in p.days(cal)}
        cells: dict[date, DayCell] = {}
        d = start
        while d <= end:
            cells[d] = DayCell(
                d,
                off_name=cal.day_off_name(d) or "",
                weekend=not cal.is_working_day(d),
                flagged=d in flagged,
                today=d == today,
            )
            d += timedelta(days=1)
        for r in self.rows:
            colour = RED if r.in_time is False else (AMBER if r.status == "postponed" else BLUE)
            cells[r.day].sessions.append((escape(r.line()), colour))
        for day, half, name in desk:
            cells[day].desk.append(f"{HALF_SHORT.get(half, half)}: {name}")
        self.grid.show_month(start, cells)
        self._fill_list()
        self._fill_checks(problems)
        missing = [p.message for p in problems if p.kind in MONTH_KINDS]
        # A month that breaks the head's monthly minimum is flagged where the eye lands first.
        self.title.setStyleSheet(
            "font-size: 18px; font-weight: bold; padding: 0 8px;"
            + (f" color: {RED};" if missing else "")
        )
        self.title.setToolTip("\n".join(missing))
        self._fill_publication(last, pending, quarter)
        if not (start <= self.selected_day <= end):
            self.selected_day = start
        self.grid.select_day(self.selected_day)
        self.select_day(self.selected_day)

    def _fill_list(self) -> None:
        self.list.setRowCount(len(self.list_rows))
        status = {"planned": "Theo lịch", "postponed": "Đã hoãn", "deputised": "Ủy quyền"}
        for i, r in enumerate(self.list_rows):
            values = [
                f"{r.day:%d/%m/%Y}",
                WEEKDAY_NAMES[r.day.weekday()],
                f"{r.start_time}–{r.end_time}",
                r.leader + (f" (thay {r.presiding})" if r.deputised else ""),
                r.place,
                self.tr(status.get(r.status, r.status)),
                f"{r.latest:%d/%m/%Y}",
                f"{r.published_on:%d/%m/%Y}" if r.published_on else self.tr("Chưa"),
                r.note,
            ]
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                if c in (6, 7) and r.in_time is False:
                    item.setForeground(QColor(RED))
                elif c == 7 and r.in_time:
                    item.setForeground(QColor(GREEN))
                self.list.setItem(i, c, item)
        self.list.resizeColumnsToContents()
        # A long place name must not push the deadlines off screen: it wraps in its tooltip.
        for col, cap in ((3, 260), (4, 220)):
            self.list.setColumnWidth(col, min(self.list.columnWidth(col), cap))

    def _fill_checks(self, problems: list[schedule.Problem]) -> None:
        self.checks.clear()
        for p in problems:
            item = QListWidgetItem(p.message)
            # "Cannot be checked" is a warning, not a breach: amber, never "Đạt".
            item.setForeground(QColor(AMBER if p.kind in WARNING_KINDS else RED))
            item.setData(Qt.ItemDataRole.UserRole, p.day)
            item.setToolTip(p.message)
            self.checks.addItem(item)
        if not problems:
            item = QListWidgetItem(self.tr("Đạt: không phát hiện vi phạm trong tháng."))
            item.setForeground(QColor(GREEN))
            self.checks.addItem(item)

    def _fill_publication(
        self,
        last: tuple[int, date] | None,
        pending: list[str] | None,
        quarter: tuple[int, date] | None,
    ) -> None:
        lines = []
        if last is not None:
            lines.append(
                self.tr("Tháng này: bản {v} niêm yết ngày {d}.").format(
                    v=last[0], d=f"{last[1]:%d/%m/%Y}"
                )
            )
        if quarter is not None:
            lines.append(
                self.tr("Quý: bản {v} niêm yết ngày {d}.").format(
                    v=quarter[0], d=f"{quarter[1]:%d/%m/%Y}"
                )
            )
        if last is None and quarter is None:
            lines.append(self.tr("Tháng này chưa niêm yết."))
        if pending:
            lines.append(
                f"<span style='color:{RED}'>"
                + self.tr("{n} thay đổi chưa niêm yết:").format(n=len(pending))
                + "</span><br>"
                + "<br>".join(escape(x) for x in pending[:6])
            )
        waiting = sorted(
            (r for r in self.rows if r.published_on is None and r.in_time is None),
            key=lambda r: r.latest,
        )
        if waiting:
            r = waiting[0]
            lines.append(
                self.tr("Niêm yết chậm nhất ngày <b>{d}</b> cho buổi {s}.").format(
                    d=f"{r.latest:%d/%m/%Y}", s=f"{r.day:%d/%m/%Y}"
                )
            )
        self.published.setText("<br>".join(lines))

    # --- selection ----------------------------------------------------------------------------

    def select_day(self, d: date) -> None:
        self.selected_day = d
        cal = self.ctx.calendar()
        off = cal.day_off_name(d)
        title = f"{WEEKDAY_NAMES[d.weekday()]}, {d:%d/%m/%Y}"
        if off:
            title += f" — {off}"
        elif not cal.is_working_day(d):
            title += self.tr(" — ngày nghỉ")
        self.day_title.setText(title)
        self.day_rows = [r for r in self.rows if r.day == d]
        self.day_list.clear()
        for r in self.day_rows:
            text = f"{r.line()}\n{r.place}"
            if r.note:
                text += f"\n{r.note}"
            self.day_list.addItem(text)
        if not self.day_rows:
            self.day_list.addItem(self.tr("Không có buổi tiếp định kỳ."))
            self.day_list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        else:
            self.day_list.setCurrentRow(0)
        halves = {"morning": self.tr("Sáng"), "afternoon": self.tr("Chiều")}
        desk = [f"{halves.get(h, h)}: {n}" for day, h, n in self.desk if day == d]
        self.desk_label.setText(
            self.tr("Trực bàn tiếp công dân: ") + ("; ".join(desk) if desk else self.tr("chưa xếp"))
        )
        self._update_actions()

    def selected_session(self) -> SessionRow | None:
        if self.stack.currentIndex() == 1:
            row = self.list.currentRow()
            if 0 <= row < len(self.list_rows):
                return self.list_rows[row]
            return None
        row = self.day_list.currentRow()
        return self.day_rows[row] if 0 <= row < len(self.day_rows) else None

    def _update_actions(self) -> None:
        has = self.selected_session() is not None
        for b in self.session_actions:
            b.setEnabled(has)
        self.desk_button.setEnabled(self.ctx.calendar().is_working_day(self.selected_day))

    def _list_row_changed(self, row: int, *_args: int) -> None:
        if 0 <= row < len(self.list_rows):
            day = self.list_rows[row].day
            if (day.year, day.month) == (self.month.year, self.month.month):
                self.selected_day = day
                self.grid.select_day(day)
        self._update_actions()

    def _day_activated(self, d: date) -> None:
        if not self.planner:
            return
        if self.day_rows:
            self.edit_session()
        elif self.ctx.calendar().is_working_day(d):
            self.add_session(d)

    def _check_clicked(self, item: QListWidgetItem) -> None:
        d = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(d, date):
            self.set_view(0)
            self.grid.select_day(d)
            self.select_day(d)

    # --- actions ------------------------------------------------------------------------------

    def _open(self, dialog):
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def add_rule(self, target: str = "session") -> RuleDialog:
        return self._open(RuleDialog(self.ctx, self, target=target))

    def add_session(self, day: date | None = None) -> SessionDialog:
        return self._open(SessionDialog(self.ctx, self, day=day or self.selected_day))

    def edit_session(self) -> SessionDialog | None:
        r = self.selected_session()
        if r is None or not self.planner:
            return None
        return self._open(SessionDialog(self.ctx, self, session_id=r.id))

    def move_session(self, postpone: bool = False) -> MoveDialog | None:
        r = self.selected_session()
        if r is None:
            return None
        return self._open(MoveDialog(self.ctx, r.id, self, postpone=postpone))

    def deputise_session(self) -> DeputiseDialog | None:
        r = self.selected_session()
        if r is None:
            return None
        return self._open(DeputiseDialog(self.ctx, r.id, self))

    def edit_desk(self) -> DeskDialog:
        return self._open(DeskDialog(self.ctx, self.selected_day, self))

    def publish(self) -> PublishDialog:
        return self._open(PublishDialog(self.ctx, self.month, self))

    def open_directory(self) -> DirectoryDialog:
        return self._open(DirectoryDialog(self.ctx, self))

    def delete_session(self) -> bool:
        r = self.selected_session()
        if r is None or not self.planner:
            return False
        question = self.tr("Xóa buổi tiếp ngày {d} của {who}? Việc xóa được ghi nhật ký.").format(
            d=f"{r.day:%d/%m/%Y}", who=r.leader
        )
        if not confirm(self, self.tr("Xóa buổi tiếp"), question, self.tr("Xóa")):
            return False
        try:
            with self.ctx.db.write() as session:
                schedule.delete_session(session, self.ctx.actor, r.id, r.version)
        except ServiceError as exc:
            error(self, self.tr("Không xóa được"), exc.message)
            return False
        self.ctx.notify("schedule")
        return True

    def _period(self, kind: str) -> str:
        if kind == "quarter":
            return f"{self.month.year}-Q{(self.month.month - 1) // 3 + 1}"
        return self.period_key()

    def render(self, kind: str = "month", roster: bool = False, final: bool = False) -> Path:
        """Write the notice (or the desk roster: a draft, or with ``final`` the issued roster
        with its number) to a temporary PDF and return its path."""
        period = self._period(kind)
        name = f"lich-truc-{period}.pdf" if roster else f"lich-tiep-cong-dan-{period}.pdf"
        if roster and not final:
            name = f"lich-truc-{period}-ban-nhap.pdf"
        out = Path(tempfile.mkdtemp(prefix="camau-")) / name
        with self.ctx.db.write() as session:
            if roster:
                schedule.print_roster(
                    session, self.ctx.actor, period, self.ctx.today(), out, final=final
                )
            else:
                schedule.print_schedule(session, self.ctx.actor, period, self.ctx.today(), out)
        return out

    def print_period(self, kind: str = "month") -> None:
        self._show(self.render(kind), self.tr("Lịch tiếp công dân"))

    def print_roster(self) -> None:
        """The month's desk roster as a draft ("BẢN NHÁP"): no number is taken."""
        self._show(self.render("month", roster=True), self.tr("Lịch trực tiếp công dân (bản nháp)"))

    def issue_roster(self) -> Path | None:
        """Issue the month's desk roster: it takes an official number (kept on reprints while
        the roster is unchanged; a changed roster takes a new number replacing the old)."""
        if not self.planner:
            return None
        question = self.tr(
            "Ban hành lịch trực tiếp công dân tháng {m}? Bản in lấy số văn bản chính thức "
            "(không thu hồi được). Nếu lịch đã ban hành và chưa thay đổi, bản in giữ số cũ; "
            "nếu đã thay đổi, lịch lấy số mới thay thế bản trước."
        ).format(m=f"{self.month:%m/%Y}")
        if not confirm(self, self.tr("Ban hành lịch trực"), question, self.tr("Ban hành")):
            return None
        try:
            path = self.render("month", roster=True, final=True)
        except ServiceError as exc:
            error(self, self.tr("Không ban hành được"), exc.message)
            return None
        self._show(path, self.tr("Lịch trực tiếp công dân"))
        return path

    def _show(self, path: Path, title: str) -> None:
        from camau_reception.ui import print_preview

        print_preview.show_pdf(self, path, title, path.name)

    def export(self, kind: str, out: Path | None = None) -> Path | None:
        year = self.month.year
        if out is None:
            pattern = self.tr("Lịch điện thoại (*.ics)") if kind == "ics" else "Excel (*.xlsx)"
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Xuất lịch năm {y}").format(y=year),
                f"lich-tiep-cong-dan-{year}.{kind}",
                pattern,
            )
            if not chosen:
                return None
            out = Path(chosen)
        if out.suffix.lower() != f".{kind}":
            out = out.with_suffix(f".{kind}")
        with self.ctx.db.read() as session:
            n = schedule.export_year(session, year, out)
        self.ctx.status(self.tr("Đã xuất {n} buổi tiếp năm {y} vào {p}").format(n=n, y=year, p=out))
        return out
