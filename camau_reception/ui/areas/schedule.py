"""Lịch tiếp công dân: the leaders' reception calendar and the desk roster."""

from __future__ import annotations

from camau_reception.ui.context import AppContext, PageSpec


def _factory(ctx: AppContext, parent):  # -> SchedulePage
    from camau_reception.ui.schedule.page import SchedulePage

    return SchedulePage(ctx, parent)


PAGE = PageSpec(
    order=40,
    key="schedule",
    title="Lịch tiếp công dân",
    factory=_factory,
    icon="SP_FileDialogInfoView",
)
