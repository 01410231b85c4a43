"""Tố cáo tham nhũng: protected corruption denunciations (inspectors and leaders only)."""

from __future__ import annotations

from camau_reception.models.users import Role
from camau_reception.ui.context import PageSpec


def _build(ctx, parent):  # -> QWidget
    from camau_reception.ui.corruption.page import CorruptionPage

    return CorruptionPage(ctx, parent)


PAGE = PageSpec(
    order=25,
    key="corruption",
    title="Tố cáo tham nhũng",
    factory=_build,
    roles=frozenset({Role.INSPECTOR, Role.LEADER}),
    icon="SP_MessageBoxWarning",
)
