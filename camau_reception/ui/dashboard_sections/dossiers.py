"""Hồ sơ TTHC on the Tổng quan page: late dossiers owing an apology, and this year's
indicators against their targets."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QWidget

from camau_reception.models.users import Role
from camau_reception.services import dossiers
from camau_reception.ui.context import AppContext

ORDER = 40
ROLES = frozenset({Role.OFFICER, Role.LEADER, Role.ADMIN})


class DossierSection(QGroupBox):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Hồ sơ thủ tục hành chính"), parent)
        self.ctx = ctx
        grid = QGridLayout(self)
        self.owing = QLabel()
        self.owing.setObjectName("dossiers_owing")
        self.owing.setStyleSheet("font-size: 16px; font-weight: bold; color: #b3261e;")
        self.shares = QLabel()
        self.shares.setObjectName("dossiers_shares")
        self.shares.setWordWrap(True)
        open_button = QPushButton(self.tr("Mở danh sách hồ sơ trễ hẹn"))
        open_button.clicked.connect(lambda: ctx.signals.navigate.emit("dossiers", None))
        grid.addWidget(self.owing, 0, 0)
        grid.addWidget(open_button, 0, 1)
        grid.addWidget(self.shares, 1, 0, 1, 2)
        self.refresh()

    def refresh(self) -> None:
        today = self.ctx.today()
        with self.ctx.db.read() as session:
            owing = dossiers.late_dossiers(
                session,
                datetime.combine(today, time(23, 59)),
                only_owing=True,
                cal=self.ctx.calendar(),
            )
            ind = dossiers.indicators(session, date(today.year, 1, 1), today)
        self.owing.setText(self.tr("{n} hồ sơ trễ hẹn đang chờ phiếu xin lỗi").format(n=len(owing)))
        shares = ind.shares()
        parts = []
        for key, label in (
            ("online", "trực tuyến"),
            ("digitised", "số hóa"),
            ("paid_online", "thanh toán trực tuyến"),
        ):
            target = ind.targets[key]
            mark = "đạt" if shares[key] >= target else "chưa đạt"
            parts.append(f"{label} {shares[key]:.1f}% (chỉ tiêu {target:.0f}%, {mark})")
        parts.append(f"trả đúng hạn {shares['on_time']:.1f}%")
        self.shares.setText(self.tr("Năm {y}: ").format(y=today.year) + "; ".join(parts) + ".")


def build(ctx: AppContext, parent: QWidget | None) -> QWidget:
    return DossierSection(ctx, parent)
