"""A real month calendar: one cell per day with the day's number, the name of a holiday or
official day off, the leaders' sessions (deputised and postponed ones marked) and the desk
roster. Cells with a problem found by the checks get a red frame."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from camau_reception.domain.recurrence import WEEKDAY_NAMES, month_end

DAY_ROLE = Qt.ItemDataRole.UserRole
HTML_ROLE = Qt.ItemDataRole.UserRole + 1
FLAG_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass
class DayCell:
    day: date
    off_name: str = ""  # holiday / official day off
    weekend: bool = False
    sessions: list[tuple[str, str]] = field(default_factory=list)  # (html line, css colour)
    desk: list[str] = field(default_factory=list)
    flagged: bool = False
    today: bool = False


class _DayDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        rect: QRect = option.rect
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, QColor("#cfe3fa"))
        elif background is not None:
            painter.fillRect(rect, background)
        html = index.data(HTML_ROLE)
        if html:
            doc = QTextDocument()
            doc.setDefaultFont(option.font)
            doc.setDocumentMargin(3)
            doc.setHtml(html)
            doc.setTextWidth(rect.width())
            painter.translate(rect.topLeft())
            painter.setClipRect(QRect(0, 0, rect.width(), rect.height()))
            doc.drawContents(painter)
            painter.translate(-rect.topLeft())
            painter.setClipping(False)
        if index.data(FLAG_ROLE):
            painter.setPen(QPen(QColor("#b3261e"), 2))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return QSize(120, 90)


class MonthGrid(QTableWidget):
    """Seven columns (Thứ Hai … Chủ nhật), up to six weeks. ``day_selected(date)`` when the
    user picks a day; ``day_activated(date)`` on double-click or Enter."""

    day_selected = Signal(object)
    day_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(6, 7, parent)
        self.setObjectName("month_grid")
        self.setHorizontalHeaderLabels(list(WEEKDAY_NAMES))
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setItemDelegate(_DayDelegate(self))
        self.setMinimumHeight(420)
        self.month = date(2000, 1, 1)
        self.currentCellChanged.connect(self._changed)
        self.cellDoubleClicked.connect(self._activated)

    def cell_of(self, d: date) -> tuple[int, int]:
        n = self.month.weekday() + (d - self.month).days
        return n // 7, n % 7

    def date_at(self, row: int, col: int) -> date | None:
        item = self.item(row, col)
        return item.data(DAY_ROLE) if item is not None else None

    def day_text(self, d: date) -> str:
        """The plain text of a day's cell (what a reader sees, without colours)."""
        item = self.item(*self.cell_of(d))
        doc = QTextDocument()
        doc.setHtml(item.data(HTML_ROLE) or "")
        return doc.toPlainText()

    def show_month(self, month: date, cells: dict[date, DayCell]) -> None:
        self.blockSignals(True)
        self.month = month
        self.clearContents()
        last = month_end(month.year, month.month)
        weeks = (month.weekday() + last.day + 6) // 7
        self.setRowCount(weeks)
        d = month
        while d <= last:
            cell = cells.get(d) or DayCell(d)
            item = QTableWidgetItem()
            item.setData(DAY_ROLE, d)
            item.setData(HTML_ROLE, self._html(cell))
            item.setData(FLAG_ROLE, cell.flagged)
            item.setToolTip(self._tooltip(cell))
            if cell.off_name:
                item.setBackground(QColor("#fbe9e7"))
            elif cell.weekend:
                item.setBackground(QColor("#f1f1f1"))
            elif cell.sessions:
                item.setBackground(QColor("#e8f1fb"))
            self.setItem(*self.cell_of(d), item)
            d += timedelta(days=1)
        for r in range(weeks):
            for c in range(7):
                if self.item(r, c) is None:
                    blank = QTableWidgetItem()
                    blank.setFlags(Qt.ItemFlag.NoItemFlags)
                    self.setItem(r, c, blank)
        self.blockSignals(False)

    def select_day(self, d: date) -> None:
        if (d.year, d.month) == (self.month.year, self.month.month):
            self.setCurrentCell(*self.cell_of(d))

    @staticmethod
    def _html(cell: DayCell) -> str:
        number = f"<b>{cell.day.day}</b>"
        if cell.today:
            number = (
                f"<span style='background:#1f5fa8;color:white'>&nbsp;{cell.day.day}&nbsp;</span>"
            )
        parts = [number]
        if cell.off_name:
            parts.append(f"<span style='color:#b3261e'><i>{escape(cell.off_name)}</i></span>")
        for line, colour in cell.sessions:
            parts.append(f"<span style='color:{colour}'>{line}</span>")
        for line in cell.desk:
            parts.append(f"<span style='color:#555555'>{escape(line)}</span>")
        return "<br>".join(parts)

    @staticmethod
    def _tooltip(cell: DayCell) -> str:
        doc = QTextDocument()
        doc.setHtml(MonthGrid._html(cell))
        return doc.toPlainText()

    def _changed(self, row: int, col: int, *_prev: int) -> None:
        d = self.date_at(row, col)
        if d is not None:
            self.day_selected.emit(d)

    def _activated(self, row: int, col: int) -> None:
        d = self.date_at(row, col)
        if d is not None:
            self.day_activated.emit(d)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            d = self.date_at(self.currentRow(), self.currentColumn())
            if d is not None:
                self.day_activated.emit(d)
                return
        super().keyPressEvent(event)
