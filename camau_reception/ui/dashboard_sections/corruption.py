"""Tố cáo tham nhũng on the Tổng quan page: open cases, overdue and due within five days, and
protection requests awaiting a decision. Counts and case codes only: never an identity."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QWidget

from camau_reception.models.users import Role
from camau_reception.services import corruption
from camau_reception.ui.context import AppContext

ORDER = 25
ROLES = frozenset({Role.INSPECTOR, Role.LEADER})


class CorruptionSection(QGroupBox):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Tố cáo tham nhũng"), parent)
        self.ctx = ctx
        grid = QGridLayout(self)
        self.overdue = QLabel()
        self.overdue.setObjectName("corruption_overdue")
        self.overdue.setStyleSheet("font-size: 16px; font-weight: bold; color: #b3261e;")
        self.detail = QLabel()
        self.detail.setObjectName("corruption_detail")
        self.detail.setWordWrap(True)
        open_button = QPushButton(self.tr("Mở trang Tố cáo tham nhũng"))
        open_button.clicked.connect(lambda: ctx.signals.navigate.emit("corruption", None))
        grid.addWidget(self.overdue, 0, 0)
        grid.addWidget(open_button, 0, 1)
        grid.addWidget(self.detail, 1, 0, 1, 2)
        self.refresh()

    def refresh(self) -> None:
        with self.ctx.db.read() as session:
            d = corruption.dashboard(session, self.ctx.actor, self.ctx.today())
            overdue = [c.code for c in d.overdue]
            soon = [c.code for c in d.due_soon]
        self.overdue.setText(self.tr("{n} hồ sơ quá hạn").format(n=len(overdue)))
        parts = [self.tr("{n} hồ sơ đang xử lý").format(n=d.open)]
        if overdue:
            parts.append(self.tr("quá hạn: {codes}").format(codes=", ".join(overdue[:6])))
        if soon:
            parts.append(self.tr("đến hạn trong 5 ngày: {codes}").format(codes=", ".join(soon[:6])))
        parts.append(self.tr("{n} đề nghị bảo vệ chờ quyết định").format(n=d.protection_pending))
        self.detail.setText("; ".join(parts) + ".")


def build(ctx: AppContext, parent: QWidget | None) -> QWidget:
    return CorruptionSection(ctx, parent)
