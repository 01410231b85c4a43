"""A coloured chip showing a deadline: green, amber under 25% of the time left, red overdue.

API for every area with legal deadlines (petitions, denunciations, dossiers):

- ``DeadlineChip().set_deadline(start, due, today, explanation)``: the chip's text is
  "Còn hạn — hạn 03/03/2026" (or "Sắp đến hạn", "Quá hạn"), its tooltip the explanation
  (``Deadline.explanation`` from ``domain.deadlines``); ``chip.status`` is the
  ``DeadlineStatus`` shown (None when no clock runs).
- ``paint_deadline_cell(item, start, due, today)``: colours a table cell the same way.
- ``COLOURS[status] -> (foreground, background)``.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QTableWidgetItem, QWidget

from camau_reception.domain.deadlines import DeadlineStatus, deadline_status, status_label

COLOURS = {
    DeadlineStatus.GREEN: ("#1b5e20", "#e8f5e9"),
    DeadlineStatus.AMBER: ("#8a5a00", "#fff3cd"),
    DeadlineStatus.RED: ("#b3261e", "#fdecea"),
}


def chip_text(
    start: date | None, due: date | None, today: date
) -> tuple[str, DeadlineStatus | None]:
    if due is None or start is None:
        return "Không có thời hạn đang chạy", None
    status = deadline_status(start, due, today)
    return f"{status_label(status)} — hạn {due:%d/%m/%Y}", status


class DeadlineChip(QLabel):
    """``set_deadline(start, due, today, explanation)``; the explanation is the tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status: DeadlineStatus | None = None
        self.setObjectName("deadline_chip")

    def set_deadline(
        self, start: date | None, due: date | None, today: date, explanation: str = ""
    ) -> None:
        text, self.status = chip_text(start, due, today)
        self.setText(self.tr(text))
        self.setToolTip(explanation)
        fg, bg = COLOURS.get(self.status, ("#444", "#eee")) if self.status else ("#444", "#eee")
        self.setStyleSheet(
            f"QLabel {{ color: {fg}; background: {bg}; border: 1px solid {fg};"
            " border-radius: 10px; padding: 3px 10px; font-weight: bold; }"
        )


def paint_deadline_cell(
    item: QTableWidgetItem, start: date | None, due: date | None, today: date
) -> DeadlineStatus | None:
    """Colour a table cell showing a due date; returns the status (None: no running clock)."""
    if start is None or due is None:
        return None
    status = deadline_status(start, due, today)
    fg, bg = COLOURS[status]
    item.setForeground(QColor(fg))
    item.setBackground(QColor(bg))
    item.setToolTip(status_label(status))
    return status
