"""Tiếp công dân: the register of visits and the form for a new visit (Ctrl+N)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from camau_reception.models.users import Role
from camau_reception.ui.context import AppContext, PageSpec


def _build(ctx: AppContext, parent: QWidget | None) -> QWidget:
    from camau_reception.ui.reception.register_page import RegisterPage

    return RegisterPage(ctx, parent)


PAGE = PageSpec(
    order=10,
    key="reception",
    title="Tiếp công dân",
    factory=_build,
    roles=frozenset({Role.OFFICER, Role.LEADER, Role.INSPECTOR, Role.ADMIN}),
    icon="SP_FileDialogContentsView",
)
