"""Tổng quan: the first page, made of sections that areas provide.

Each module of ``camau_reception.ui.dashboard_sections`` defines ``ORDER: int``,
``ROLES: frozenset`` (empty = everyone) and ``build(ctx, parent) -> QWidget``; the widget may
define ``refresh()``, which must not block (compute in ``ui.tasks``). The page shows the
sections the signed-in user's roles allow, in ``ORDER``, and refreshes them on F5, when shown,
and when another page reports a change.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from camau_reception.ui.context import AppContext, PageSpec


def section_modules() -> list[ModuleType]:
    """Every dashboard section module, in ``ORDER``."""
    import camau_reception.ui.dashboard_sections as pkg

    modules = [
        importlib.import_module(f"{pkg.__name__}.{info.name}")
        for info in pkgutil.iter_modules(pkg.__path__)
    ]
    return sorted(modules, key=lambda m: (m.ORDER, m.__name__))


class DashboardPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("dashboard_title")
        self.title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.refresh_button = QPushButton(self.tr("Làm mới (F5)"))
        self.refresh_button.setObjectName("dashboard_refresh")
        self.refresh_button.setShortcut("F5")
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        outer.addLayout(top)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        self.body = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.sections: dict[str, QWidget] = {}
        for module in section_modules():
            roles = getattr(module, "ROLES", frozenset())
            if roles and not ctx.actor.has(*roles):
                continue
            widget = module.build(ctx, body)
            self.sections[module.__name__.rsplit(".", 1)[-1]] = widget
            self.body.addWidget(widget)
        if not self.sections:
            empty = QLabel(
                self.tr(
                    "Vai trò của bạn không có mục theo dõi nào trên trang Tổng quan. "
                    "Các trang quản trị ở thanh bên trái."
                )
            )
            empty.setObjectName("dashboard_empty")
            empty.setWordWrap(True)
            self.body.addWidget(empty)
        self.body.addStretch(1)
        # Several pages may report changes at once: refresh once, after the event loop turns.
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)
        ctx.signals.data_changed.connect(lambda _area: self._refresh_timer.start())
        self.refresh()

    def refresh(self) -> None:
        self.title.setText(
            self.tr("Tổng quan ngày {d}").format(d=self.ctx.today().strftime("%d/%m/%Y"))
        )
        for widget in self.sections.values():
            refresh = getattr(widget, "refresh", None)
            if callable(refresh):
                refresh()

    def showEvent(self, event) -> None:
        # The date may have changed since the page was last looked at (the window stays open).
        super().showEvent(event)
        if self.title.text() and self.ctx.today().strftime("%d/%m/%Y") not in self.title.text():
            self.refresh()


PAGE = PageSpec(
    order=0,
    key="dashboard",
    title="Tổng quan",
    factory=lambda ctx, parent: DashboardPage(ctx, parent),
    icon="SP_ComputerIcon",
)
