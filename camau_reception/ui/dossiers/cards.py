"""Indicator cards: a figure against its target, green when met, red when not."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from camau_reception.ui.dossiers.common import GREEN, RED, pct


class IndicatorCard(QFrame):
    def __init__(self, key: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"card_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(170)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        self.value = QLabel("…")
        self.value.setObjectName(f"indicator_{key}")
        self.value.setStyleSheet("font-size: 24px; font-weight: bold;")
        self.title = QLabel(title)
        self.title.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName(f"detail_{key}")
        self.detail.setStyleSheet("color: #555;")
        for w in (self.value, self.title, self.detail):
            layout.addWidget(w)

    def show_share(
        self, share: float, count: tuple[int, int], target: float | None, met: bool | None
    ) -> None:
        self.value.setText(pct(share))
        n, d = count
        detail = self.tr("{n}/{d} hồ sơ").format(n=n, d=d)
        colour = ""
        if target is not None:
            verdict = self.tr("đạt") if met else self.tr("chưa đạt")
            detail += self.tr(" · chỉ tiêu {t:.0f}%, {v}").format(t=target, v=verdict)
            colour = f"color: {GREEN if met else RED};"
        self.value.setStyleSheet(f"font-size: 24px; font-weight: bold; {colour}")
        self.detail.setText(detail)
