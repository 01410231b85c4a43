"""Tố cáo tham nhũng on the Tổng quan page, for leaders and inspectors: cards (overdue, due
within three working days, open, protection requests awaiting a decision) and the urgent list
with the same deadline colours as the petitions. Case codes and dates only: never an identity.

For a reception officer the section is an invisible widget that only installs the area's
per-window wiring (``ui.corruption.session``): the follow-up code of a visit classified at the
counter as a corruption denunciation is shown once, right after saving.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from camau_reception.models.users import Role
from camau_reception.services import corruption
from camau_reception.ui.context import AppContext
from camau_reception.ui.corruption import session as area_session
from camau_reception.ui.petitions.deadline_chip import paint_deadline_cell

ORDER = 25
ROLES = frozenset({Role.INSPECTOR, Role.LEADER, Role.OFFICER})
VIEWERS = (Role.INSPECTOR, Role.LEADER)
LIST_LIMIT = 12

# (key, label, colour)
CARDS = (
    ("overdue", "Quá hạn", "#b3261e"),
    ("due_soon", f"Đến hạn trong {corruption.SOON_WORKING_DAYS} ngày làm việc", "#8a5a00"),
    ("open", "Đang xử lý", "#1f3b57"),
    ("protection", "Đề nghị bảo vệ chờ quyết định", "#1f3b57"),
)
LIST_COLUMNS = ("Mã hồ sơ", "Việc phải làm", "Hạn")


class _Card(QFrame):
    def __init__(self, key: str, label: str, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"corruption_card_{key}")
        self.setStyleSheet(
            f"QFrame#corruption_card_{key} {{ border: 1px solid #ccd3dd; border-radius: 8px;"
            " background: white; }"
        )
        lay = QVBoxLayout(self)
        self.value = QLabel("…")
        self.value.setStyleSheet(f"font-size: 26px; font-weight: bold; color: {colour};")
        self.caption = QLabel(label)
        self.caption.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setStyleSheet("color: #555;")
        lay.addWidget(self.value)
        lay.addWidget(self.caption)
        lay.addWidget(self.detail)


class CorruptionSection(QGroupBox):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Tố cáo tham nhũng"), parent)
        self.setObjectName("corruption_section")
        self.ctx = ctx
        self.data: corruption.Dashboard | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("corruption_section_status")
        self.status.setStyleSheet("color: #555;")
        self.status.setWordWrap(True)
        open_button = QPushButton(self.tr("Mở trang Tố cáo tham nhũng"))
        open_button.setObjectName("open_corruption_page")
        open_button.clicked.connect(lambda: ctx.signals.navigate.emit("corruption", None))
        top.addWidget(self.status, 1)
        top.addWidget(open_button)
        layout.addLayout(top)
        grid = QGridLayout()
        self.cards: dict[str, _Card] = {}
        for i, (key, label, colour) in enumerate(CARDS):
            card = _Card(key, self.tr(label), colour)
            self.cards[key] = card
            grid.addWidget(card, 0, i)
        layout.addLayout(grid)
        self.urgent = QTableWidget(0, len(LIST_COLUMNS))
        self.urgent.setObjectName("corruption_urgent")
        self.urgent.setHorizontalHeaderLabels([self.tr(c) for c in LIST_COLUMNS])
        self.urgent.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.urgent.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.urgent.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.urgent.verticalHeader().hide()
        header = self.urgent.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.urgent.cellDoubleClicked.connect(self.open_row)
        layout.addWidget(self.urgent)
        area_session.install(ctx, self)
        self.refresh()

    def refresh(self) -> None:
        # A few dozen open cases a year: two indexed queries, cheap enough for the UI thread.
        today = self.ctx.today()
        with self.ctx.db.read() as session:
            d = corruption.dashboard(session, self.ctx.actor, today)
        self.data = d
        values = {
            "overdue": len(d.overdue),
            "due_soon": len(d.due_soon),
            "open": d.open,
            "protection": d.protection_pending,
        }
        for key, card in self.cards.items():
            card.value.setText(str(values[key]))
        self.cards["due_soon"].detail.setText(
            self.tr("đến hết ngày {d}").format(d=f"{d.soon_until:%d/%m/%Y}")
        )
        self.cards["overdue"].detail.setText(self.tr("trên {n} hồ sơ đang xử lý").format(n=d.open))
        late = len(d.protection_overdue)
        self.cards["protection"].detail.setText(
            self.tr("{n} quá hạn quyết định").format(n=late) if late else ""
        )
        rows = [*d.overdue, *d.protection_overdue, *d.due_soon]
        shown = rows[:LIST_LIMIT]
        self.urgent.setRowCount(len(shown))
        for r, row in enumerate(shown):
            for c, value in enumerate((row.code, row.what, f"{row.due_on:%d/%m/%Y}")):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, row.case_id)
                if c == 2:
                    paint_deadline_cell(item, row.clock_start, row.due_on, today)
                self.urgent.setItem(r, c, item)
        self.urgent.setVisible(bool(rows))
        # As tall as its rows: no empty grid under two lines.
        self.urgent.resizeRowsToContents()
        height = self.urgent.horizontalHeader().sizeHint().height() + 2 * self.urgent.frameWidth()
        height += sum(self.urgent.rowHeight(r) for r in range(self.urgent.rowCount()))
        self.urgent.setFixedHeight(height + 2)
        more = (
            self.tr(" Danh sách hiện {a}/{b} việc gấp nhất.").format(a=len(shown), b=len(rows))
            if len(rows) > len(shown)
            else ""
        )
        self.status.setText(
            self.tr(
                "Số liệu tính đến ngày {d}; chỉ hiện mã hồ sơ, danh tính người tố cáo luôn được "
                "bảo mật. Nhấp đúp một dòng để mở hồ sơ."
            ).format(d=f"{today:%d/%m/%Y}")
            + more
        )

    def open_row(self, row: int, _column: int = 0) -> None:
        item = self.urgent.item(row, 0)
        if item is not None:
            self.ctx.signals.navigate.emit("corruption", item.data(Qt.ItemDataRole.UserRole))


class _CounterWiring(QWidget):
    """Nothing to see for a reception officer: only the per-window wiring."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("corruption_counter_wiring")
        self.setVisible(False)
        self.setFixedSize(0, 0)
        self.ctx = ctx
        area_session.install(ctx, self)


def build(ctx: AppContext, parent: QWidget | None) -> QWidget:
    if ctx.actor.has(*VIEWERS):
        return CorruptionSection(ctx, parent)
    return _CounterWiring(ctx, parent)
