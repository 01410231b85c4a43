"""Đơn thư on the Tổng quan page: cards, the four lists, overdue by officer and by kind.

Computed in a worker thread (``ui.tasks``) with its own read session; a refresh asked for while
one runs is remembered and run next, and an older result never overwrites a newer one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from camau_reception.models.users import Role
from camau_reception.services import dashboard as service
from camau_reception.ui import tasks
from camau_reception.ui.context import AppContext
from camau_reception.ui.petitions.deadline_chip import paint_deadline_cell

ORDER = 10
ROLES = frozenset({Role.OFFICER, Role.LEADER, Role.INSPECTOR})

# (key, label, colour); the first four open their list.
CARDS = (
    (service.DUE_TODAY, service.BUCKET_LABELS[service.DUE_TODAY], "#8a5a00"),
    (service.DUE_SOON, service.BUCKET_LABELS[service.DUE_SOON], "#8a5a00"),
    (service.OVERDUE, service.BUCKET_LABELS[service.OVERDUE], "#b3261e"),
    (service.WAITING, service.BUCKET_LABELS[service.WAITING], "#1f3b57"),
    ("received", "Đơn nhận trong tháng", "#1f3b57"),
    ("resolved", "Đơn giải quyết trong tháng", "#1b5e20"),
)
LIST_COLUMNS = ("Mã đơn", "Loại", "Người gửi", "Trạng thái", "Cán bộ", "Hạn")


class _Card(QFrame):
    clicked = Signal(str)

    def __init__(self, key: str, label: str, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"card_{key}")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet(
            f"QFrame#card_{key} {{ border: 1px solid #ccd3dd; border-radius: 8px;"
            " background: white; }"
        )
        lay = QVBoxLayout(self)
        self.value = QLabel("…")
        self.value.setObjectName(f"value_{key}")
        self.value.setStyleSheet(f"font-size: 26px; font-weight: bold; color: {colour};")
        self.caption = QLabel(label)
        self.caption.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setStyleSheet("color: #555;")
        lay.addWidget(self.value)
        lay.addWidget(self.caption)
        lay.addWidget(self.detail)

    def mouseReleaseEvent(self, event) -> None:
        self.clicked.emit(self.key)
        super().mouseReleaseEvent(event)


class PetitionsSection(QGroupBox):
    """Needs ``ctx.today()`` only; every figure comes from ``services.dashboard.compute``."""

    computed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Đơn thư"))
        self.setObjectName("petitions_section")
        self.ctx = ctx
        self.data: service.DashboardData | None = None
        self.task: tasks.Task | None = None
        self._generation = 0
        self._pending = False
        self._shown_once = False
        layout = QVBoxLayout(self)
        self.status = QLabel()
        self.status.setObjectName("petitions_section_status")
        self.status.setStyleSheet("color: #555;")
        layout.addWidget(self.status)
        grid = QGridLayout()
        self.cards: dict[str, _Card] = {}
        for i, (key, label, colour) in enumerate(CARDS):
            card = _Card(key, self.tr(label), colour)
            card.clicked.connect(self._open_list)
            self.cards[key] = card
            grid.addWidget(card, i // 3, i % 3)
        layout.addLayout(grid)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("dashboard_tabs")
        self.tables: dict[str, QTableWidget] = {}
        for key in service.BUCKETS:
            table = QTableWidget(0, len(LIST_COLUMNS))
            table.setObjectName(f"list_{key}")
            table.setHorizontalHeaderLabels([self.tr(h) for h in LIST_COLUMNS])
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
            table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
            table.verticalHeader().hide()
            header = table.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
            table.setMinimumHeight(220)
            table.cellDoubleClicked.connect(lambda r, _c, t=table: self.open_row(t, r))
            QShortcut(
                QKeySequence(Qt.Key.Key_Return),
                table,
                lambda t=table: self.open_row(t, t.currentRow()),
                context=Qt.ShortcutContext.WidgetShortcut,
            )
            self.tables[key] = table
            self.tabs.addTab(table, self.tr(service.BUCKET_LABELS[key]))
        layout.addWidget(self.tabs)

        breakdown = QHBoxLayout()
        self.by_officer = self._small_table("by_officer", ("Cán bộ", "Số đơn quá hạn"))
        self.by_kind = self._small_table("by_kind", ("Loại đơn", "Số đơn quá hạn"))
        for title, table in (
            (self.tr("Quá hạn theo cán bộ"), self.by_officer),
            (self.tr("Quá hạn theo loại đơn"), self.by_kind),
        ):
            box = QVBoxLayout()
            head = QLabel(title)
            head.setStyleSheet("font-weight: bold;")
            box.addWidget(head)
            box.addWidget(table)
            breakdown.addLayout(box, 1)
        layout.addLayout(breakdown)

    def _small_table(self, name: str, headers: tuple[str, str]) -> QTableWidget:
        table = QTableWidget(0, 2)
        table.setObjectName(name)
        table.setHorizontalHeaderLabels([self.tr(h) for h in headers])
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        table.setMaximumHeight(150)
        return table

    # --- computing off the UI thread ----------------------------------------------------------

    def refresh(self) -> None:
        if self.task is not None:
            self._pending = True  # run again when the current computation ends
            return
        self._generation += 1
        generation = self._generation
        today = self.ctx.today()
        db = self.ctx.db
        self.status.setText(self.tr("Đang tính số liệu đơn thư…"))

        def work(_report, _cancelled) -> service.DashboardData:
            with db.read() as session:
                return service.compute(session, today)

        self.task = tasks.start(
            work,
            lambda data, g=generation: self._done(g, data),
            lambda exc, g=generation: self._failed(g, exc),
        )

    def _finish_task(self) -> bool:
        self.task = None
        if self._pending:
            self._pending = False
            self.refresh()
            return False
        return True

    def _failed(self, generation: int, exc: BaseException) -> None:
        if self._finish_task() and generation == self._generation:
            self.status.setText(self.tr("Không tính được số liệu đơn thư: {e}").format(e=exc))

    def _done(self, generation: int, data: service.DashboardData) -> None:
        if not self._finish_task() or generation != self._generation:
            return
        self.data = data
        self.show_data(data)
        self.computed.emit()

    def show_data(self, data: service.DashboardData) -> None:
        values = {
            **data.counts,
            "received": data.month.received,
            "resolved": data.month.resolved,
        }
        for key, card in self.cards.items():
            card.value.setText(f"{values.get(key, 0):,}".replace(",", "."))
        self.cards[service.DUE_SOON].detail.setText(
            self.tr("đến hết ngày {d}").format(d=f"{data.soon_until:%d/%m/%Y}")
        )
        self.cards[service.OVERDUE].detail.setText(
            self.tr("trên {n} đơn đang xử lý").format(n=data.counts.get("open", 0))
        )
        if data.month.resolved:
            share = round(100 * data.month.resolved_on_time / data.month.resolved)
            self.cards["resolved"].detail.setText(self.tr("{p}% đúng hạn").format(p=share))
        else:
            self.cards["resolved"].detail.setText("")
        for key, table in self.tables.items():
            rows = data.lists.get(key, [])
            table.setRowCount(len(rows))
            for r, row in enumerate(rows):
                due = f"{row.due_on:%d/%m/%Y}" if row.due_on else "—"
                values_ = (row.code, row.kind_label, row.petitioner, row.state_label, row.officer)
                for c, value in enumerate((*values_, due)):
                    item = QTableWidgetItem(value)
                    item.setData(Qt.ItemDataRole.UserRole, row.id)
                    if c == 5:
                        paint_deadline_cell(item, row.clock_start, row.due_on, data.today)
                    table.setItem(r, c, item)
            shown = len(rows)
            total = data.counts.get(key, shown)
            label = self.tr(service.BUCKET_LABELS[key])
            index = self.tabs.indexOf(table)
            self.tabs.setTabText(
                index,
                f"{label} ({total})" if shown == total else f"{label} ({shown}/{total})",
            )
        for table, pairs in (
            (self.by_officer, data.overdue_by_officer),
            (self.by_kind, data.overdue_by_kind),
        ):
            table.setRowCount(len(pairs))
            for r, (name, n) in enumerate(pairs):
                table.setItem(r, 0, QTableWidgetItem(name))
                count = QTableWidgetItem(str(n))
                count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(r, 1, count)
        self.status.setText(
            self.tr("Số liệu đơn thư tính đến ngày {d}.").format(d=f"{data.today:%d/%m/%Y}")
        )
        if not self._shown_once:
            # First look: open the most urgent list that has something in it.
            self._shown_once = True
            for key in (service.OVERDUE, service.DUE_TODAY, service.DUE_SOON, service.WAITING):
                if data.lists.get(key):
                    self.tabs.setCurrentWidget(self.tables[key])
                    break

    # --- navigation -------------------------------------------------------------------------

    def _open_list(self, key: str) -> None:
        table = self.tables.get(key)
        if table is not None:
            self.tabs.setCurrentWidget(table)
            table.setFocus()

    def open_row(self, table: QTableWidget, row: int) -> None:
        item = table.item(row, 0) if row >= 0 else None
        if item is not None:
            self.ctx.signals.navigate.emit("petitions", int(item.data(Qt.ItemDataRole.UserRole)))


def build(ctx: AppContext, parent: QWidget | None) -> QWidget:
    return PetitionsSection(ctx, parent)
