"""Hồ sơ TTHC on the Tổng quan page: late dossiers owing an apology, and this year's
indicator cards against their targets."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QWidget

from camau_reception.models.users import Role
from camau_reception.services import dossiers, indicators
from camau_reception.ui.context import AppContext
from camau_reception.ui.dossiers.cards import IndicatorCard
from camau_reception.ui.dossiers.common import RED, pct

ORDER = 40
ROLES = frozenset({Role.OFFICER, Role.LEADER, Role.ADMIN})
CARD_KEYS = ("online", "digitised", "paid_online", "on_time")


class DossierSection(QGroupBox):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Hồ sơ thủ tục hành chính"), parent)
        self.ctx = ctx
        grid = QGridLayout(self)
        self.owing = QLabel()
        self.owing.setObjectName("dossiers_owing")
        self.owing.setStyleSheet(f"font-size: 16px; font-weight: bold; color: {RED};")
        open_button = QPushButton(self.tr("Mở danh sách hồ sơ trễ hẹn"))
        open_button.clicked.connect(lambda: ctx.signals.navigate.emit("dossiers", None))
        self.period = QLabel()
        self.period.setObjectName("dossiers_period")
        grid.addWidget(self.owing, 0, 0, 1, 3)
        grid.addWidget(open_button, 0, 3)
        grid.addWidget(self.period, 1, 0, 1, 4)
        self.cards: dict[str, IndicatorCard] = {}
        for i, key in enumerate(CARD_KEYS):
            card = IndicatorCard(key, self.tr(indicators.SHARE_LABELS[key]))
            grid.addWidget(card, 2, i)
            self.cards[key] = card
        self.refresh()

    def refresh(self) -> None:
        today = self.ctx.today()
        with self.ctx.db.read() as session:
            owing = dossiers.late_dossiers(session, today, only_owing=True, cal=self.ctx.calendar())
            ind = indicators.indicators(session, date(today.year, 1, 1), today)
        self.owing.setText(self.tr("{n} hồ sơ trễ hẹn đang chờ phiếu xin lỗi").format(n=len(owing)))
        self.period.setText(
            self.tr("Năm {y}, hồ sơ tiếp nhận đến {d:%d/%m/%Y}: {n} hồ sơ").format(
                y=today.year, d=today, n=ind.total
            )
        )
        shares, counts, met = ind.shares(), ind.counts(), ind.met()
        parts = []
        for key, card in self.cards.items():
            target = ind.targets.get(key)
            card.show_share(shares[key], counts[key], target, met.get(key))
            part = f"{indicators.SHARE_LABELS[key].lower()} {pct(shares[key])}"
            if target is not None:
                part += f" (chỉ tiêu {target:.0f}%, {'đạt' if met[key] else 'chưa đạt'})"
            parts.append(part)
        # The cards in one sentence, for screen readers and a tooltip.
        summary = "; ".join(parts) + "."
        self.setToolTip(summary)
        self.setAccessibleDescription(summary)


def build(ctx: AppContext, parent: QWidget | None) -> QWidget:
    return DossierSection(ctx, parent)
