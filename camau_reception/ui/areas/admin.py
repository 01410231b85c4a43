"""Quản trị: administrator pages as tabs, each discovered from ``ui/admin_tabs``."""

from __future__ import annotations

import importlib
import pkgutil

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from camau_reception.models.users import Role
from camau_reception.ui.context import AppContext, PageSpec


class AdminPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("admin_tabs")
        layout.addWidget(self.tabs)
        import camau_reception.ui.admin_tabs as tabs_pkg

        modules = [
            importlib.import_module(f"{tabs_pkg.__name__}.{info.name}")
            for info in pkgutil.iter_modules(tabs_pkg.__path__)
        ]
        for module in sorted(modules, key=lambda m: m.ORDER):
            self.tabs.addTab(module.build(ctx, self), module.TITLE)

    def tab(self, title: str) -> QWidget:
        for i in range(self.tabs.count()):
            if self.tabs.tabText(i) == title:
                self.tabs.setCurrentIndex(i)
                return self.tabs.widget(i)
        raise KeyError(title)


PAGE = PageSpec(
    order=90,
    key="admin",
    title="Quản trị",
    factory=lambda ctx, parent: AdminPage(ctx, parent),
    roles=frozenset({Role.ADMIN}),
    icon="SP_FileDialogDetailedView",
)
