"""Tra cứu tố cáo: a reporter quotes their follow-up code at the counter; any reception officer
sees the state of the case, never the identity. (Inspectors and leaders have the same look-up
on the Tố cáo tham nhũng page.)"""

from __future__ import annotations

from camau_reception.models.users import Role
from camau_reception.ui.context import PageSpec


def _build(ctx, parent):  # -> QWidget
    from camau_reception.ui.corruption.dialogs import FollowupLookup

    return FollowupLookup(ctx, parent)


PAGE = PageSpec(
    order=26,
    key="corruption_followup",
    title="Tra cứu tố cáo",
    factory=_build,
    roles=frozenset({Role.OFFICER}),
    icon="SP_FileDialogContentsView",
)
