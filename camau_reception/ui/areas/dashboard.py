"""Tổng quan: what is due today, soon, overdue, and waiting; computed off the UI thread."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from camau_reception.models.petitions import KIND_LABELS, STATE_LABELS, PetitionKind, PetitionState
from camau_reception.services import petitions as svc
from camau_reception.ui import tasks
from camau_reception.ui.context import AppContext, PageSpec


@dataclass
class Row:
    id: int
    code: str
    kind: str
    name: str
    state: str
    due: str


@dataclass
class DashboardView:
    counts: dict[str, int]
    lists: dict[str, list[Row]]
    by_officer: list[tuple[str, int]]
    by_kind: list[tuple[str, int]]


CARDS = (
    ("due_today", "Đến hạn hôm nay", "#8a5a00"),
    ("due_soon", "Đến hạn trong 3 ngày làm việc", "#8a5a00"),
    ("overdue", "Quá hạn", "#b3261e"),
    ("waiting", "Chờ phân loại", "#1f3b57"),
    ("received", "Đơn nhận trong tháng", "#1f3b57"),
    ("resolved", "Đơn giải quyết trong tháng", "#1b5e20"),
)


def compute(ctx: AppContext) -> DashboardView:
    """Runs in a worker thread with its own session."""
    today = ctx.today()
    with ctx.db.read() as session:
        d = svc.dashboard(session, today)

        def rows(items) -> list[Row]:
            return [
                Row(
                    p.id,
                    p.code,
                    KIND_LABELS[PetitionKind(p.kind)],
                    p.petitioner_name,
                    STATE_LABELS[PetitionState(p.state)],
                    f"{p.due_on:%d/%m/%Y}" if p.due_on else "—",
                )
                for p in items
            ]

        return DashboardView(
            counts={
                "due_today": len(d.due_today),
                "due_soon": len(d.due_soon),
                "overdue": len(d.overdue),
                "waiting": len(d.waiting_classification),
                "received": d.received_this_month,
                "resolved": d.resolved_this_month,
            },
            lists={
                "due_today": rows(d.due_today),
                "due_soon": rows(d.due_soon),
                "overdue": rows(d.overdue),
                "waiting": rows(d.waiting_classification),
            },
            by_officer=d.overdue_by_officer,
            by_kind=d.overdue_by_kind,
        )


class DashboardPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view: DashboardView | None = None
        self.task: tasks.Task | None = None
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        self.body = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.status = QLabel()
        self.status.setObjectName("dashboard_status")
        self.refresh_button = QPushButton(self.tr("Làm mới (F5)"))
        self.refresh_button.setShortcut("F5")
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.status)
        top.addWidget(self.refresh_button)
        self.body.addLayout(top)
        grid = QGridLayout()
        self.card_values: dict[str, QLabel] = {}
        for i, (key, label, colour) in enumerate(CARDS):
            card = QFrame()
            card.setObjectName(f"card_{key}")
            card.setStyleSheet(
                f"QFrame#card_{key} {{ border: 1px solid #ccd; border-radius: 8px; background: white; }}"
            )
            lay = QVBoxLayout(card)
            value = QLabel("…")
            value.setObjectName(f"value_{key}")
            value.setStyleSheet(f"font-size: 28px; font-weight: bold; color: {colour};")
            lay.addWidget(value)
            lay.addWidget(QLabel(self.tr(label)))
            self.card_values[key] = value
            grid.addWidget(card, i // 3, i % 3)
        self.body.addLayout(grid)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("dashboard_tabs")
        self.tables: dict[str, QTableWidget] = {}
        for key, label, _ in CARDS[:4]:
            table = QTableWidget(0, 5)
            table.setObjectName(f"list_{key}")
            table.setHorizontalHeaderLabels(
                [self.tr(h) for h in ("Mã đơn", "Loại", "Người gửi", "Trạng thái", "Hạn")]
            )
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            table.doubleClicked.connect(lambda idx, t=table: self._open(t, idx.row()))
            self.tables[key] = table
            self.tabs.addTab(table, self.tr(label))
        self.body.addWidget(self.tabs)
        self.breakdown = QLabel()
        self.breakdown.setObjectName("overdue_breakdown")
        self.breakdown.setWordWrap(True)
        self.body.addWidget(self.breakdown)
        self.sections = []
        import camau_reception.ui.dashboard_sections as sections_pkg

        modules = [
            importlib.import_module(f"{sections_pkg.__name__}.{m.name}")
            for m in pkgutil.iter_modules(sections_pkg.__path__)
        ]
        for module in sorted(modules, key=lambda m: m.ORDER):
            if not module.ROLES or ctx.actor.has(*module.ROLES):
                widget = module.build(ctx, self)
                self.sections.append(widget)
                self.body.addWidget(widget)
        self.body.addStretch(1)
        ctx.signals.data_changed.connect(lambda _area: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        self.title.setText(
            self.tr("Tổng quan ngày {d}").format(d=self.ctx.today().strftime("%d/%m/%Y"))
        )
        self.status.setText(self.tr("Đang tính…"))
        self.refresh_button.setEnabled(False)
        self.task = tasks.start(
            lambda report, cancelled: compute(self.ctx), self._show, self._failed
        )
        for widget in self.sections:
            if hasattr(widget, "refresh"):
                widget.refresh()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(self.tr("Không tính được: {e}").format(e=exc))
        self.refresh_button.setEnabled(True)

    def _show(self, view: DashboardView) -> None:
        self.view = view
        for key, value in view.counts.items():
            self.card_values[key].setText(str(value))
        for key, rows in view.lists.items():
            table = self.tables[key]
            table.setRowCount(len(rows))
            for r, row in enumerate(rows):
                for c, value in enumerate((row.code, row.kind, row.name, row.state, row.due)):
                    item = QTableWidgetItem(value)
                    item.setData(Qt.ItemDataRole.UserRole, row.id)
                    table.setItem(r, c, item)
        parts = []
        if view.by_officer:
            parts.append(
                self.tr("Quá hạn theo cán bộ: ")
                + "; ".join(f"{n}: {c}" for n, c in view.by_officer)
            )
        if view.by_kind:
            parts.append(
                self.tr("Quá hạn theo loại đơn: ") + "; ".join(f"{n}: {c}" for n, c in view.by_kind)
            )
        self.breakdown.setText("\n".join(parts))
        self.status.setText(self.tr("Cập nhật xong"))
        self.refresh_button.setEnabled(True)

    def _open(self, table: QTableWidget, row: int) -> None:
        item = table.item(row, 0)
        if item is not None:
            self.ctx.signals.navigate.emit("petitions", int(item.data(Qt.ItemDataRole.UserRole)))


PAGE = PageSpec(
    order=0,
    key="dashboard",
    title="Tổng quan",
    factory=lambda ctx, parent: DashboardPage(ctx, parent),
    icon="SP_ComputerIcon",
)
