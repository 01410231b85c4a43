"""A coloured chip showing a deadline: green, amber under 25% of the time left, red overdue."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel, QWidget

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
