"""Hồ sơ TTHC: late dossiers and apology letters, the dossier register, indicators against
targets, the procedure catalogue, and the counter survey, as tabs of one page."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from camau_reception.models.users import Role
from camau_reception.ui.context import AppContext, PageSpec
from camau_reception.ui.dossiers.catalogue import CatalogueTab
from camau_reception.ui.dossiers.indicators import IndicatorsTab
from camau_reception.ui.dossiers.late import LateTab
from camau_reception.ui.dossiers.register import RegisterTab
from camau_reception.ui.dossiers.survey import SurveyTab


class DossiersPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("dossier_tabs")
        self.late = LateTab(ctx)
        self.register = RegisterTab(ctx)
        self.indicators = IndicatorsTab(ctx)
        self.catalogue = CatalogueTab(ctx)
        self.survey = SurveyTab(ctx)
        self.tabs.addTab(self.late, self.tr("Hồ sơ trễ hẹn"))
        self.tabs.addTab(self.register, self.tr("Sổ theo dõi hồ sơ"))
        self.tabs.addTab(self.indicators, self.tr("Chỉ số, chỉ tiêu"))
        self.tabs.addTab(self.catalogue, self.tr("Danh mục thủ tục"))
        self.tabs.addTab(self.survey, self.tr("Khảo sát hài lòng"))
        layout.addWidget(self.tabs)
        ctx.signals.data_changed.connect(self._changed)

    def _changed(self, area: str) -> None:
        if area in ("dossiers", "calendar"):
            self.late.reload()
            self.register.reload()
            self.indicators.reload()
            self.catalogue.reload()


PAGE = PageSpec(
    order=50,
    key="dossiers",
    title="Hồ sơ TTHC",
    factory=lambda ctx, parent: DossiersPage(ctx, parent),
    roles=frozenset({Role.OFFICER, Role.LEADER, Role.ADMIN}),
    icon="SP_DirIcon",
)
