"""Small helpers shared by the dossier widgets."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem

RED, GREEN, AMBER = "#b3261e", "#1b5e20", "#8a5a00"


def pct(value: float) -> str:
    """ "59,8%": a decimal comma, as Vietnamese documents write it."""
    return f"{value:.1f}%".replace(".", ",")


def table(columns: list[str], name: str, stretch: int | None = None) -> QTableWidget:
    """A read-only row-selecting table; column ``stretch`` takes the spare width (long names
    such as a procedure's), the others fit their contents."""
    t = QTableWidget(0, len(columns))
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(columns)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.setAlternatingRowColors(True)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        t.horizontalHeader().setStretchLastSection(True)
    else:
        t.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    t.setWordWrap(False)
    return t


def fill(
    t: QTableWidget,
    rows: list[tuple[int, list[str]]],
    colours: dict[tuple[int, int], str] | None = None,
) -> None:
    """Rows of (id, cells); the id rides on every cell. ``colours[(row, col)]`` tints text."""
    t.setUpdatesEnabled(False)
    t.setRowCount(len(rows))
    for r, (rid, values) in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setData(Qt.ItemDataRole.UserRole, rid)
            colour = (colours or {}).get((r, c))
            if colour:
                item.setForeground(QColor(colour))
            t.setItem(r, c, item)
    t.setUpdatesEnabled(True)


def selected_ids(t: QTableWidget) -> list[int]:
    rows = sorted({i.row() for i in t.selectedIndexes()})
    return [int(t.item(r, 0).data(Qt.ItemDataRole.UserRole)) for r in rows]


def to_date(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def to_qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)
