"""Per-window wiring of the protected denunciations, installed once per ``AppContext`` by every
widget of the area that the window builds (the Tổng quan section is built at start-up for
officers, leaders and inspectors):

- after the counter saves a visit classified as a corruption denunciation, the follow-up code
  to hand to the reporter is shown once (``services.corruption`` keeps it in memory until
  then; the reception page may also call ``dialogs.show_intake_receipt`` itself: whichever
  comes first takes the code);
- at sign-out the unlocked keys of the user are wiped from memory.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QWidget

from camau_reception.services import corruption as svc
from camau_reception.ui.context import AppContext
from camau_reception.ui.corruption import keyring_cache

PROPERTY = "corruption_session"


class IntakeWatcher(QObject):
    """Shows the follow-up code of each visit this user converts at the counter."""

    def __init__(self, ctx: AppContext, anchor: QWidget | None) -> None:
        super().__init__(ctx.signals)
        self.ctx = ctx
        self.anchor = anchor
        self.last_dialog = None
        # Codes left over from before this window (another sign-in of the same process) are
        # not this window's to show.
        self.ignored = svc.intake_receipt_serials()
        ctx.signals.data_changed.connect(self._on_data_changed)

    def _on_data_changed(self, area: str) -> None:
        if area == "reception":
            # After the saving dialog has closed (it notifies before it accepts).
            QTimer.singleShot(0, self.show_pending)

    def _parent(self) -> QWidget | None:
        if self.anchor is not None and shiboken6.isValid(self.anchor):
            return self.anchor.window()
        return None

    def show_pending(self) -> int:
        """Show every code still to hand over; returns how many were shown."""
        from camau_reception.ui.corruption.dialogs import FollowupCodeDialog

        shown = 0
        for reception_id in svc.pending_intake_receipts(self.ctx.actor.id, after=self.ignored):
            receipt = svc.take_intake_receipt(reception_id)
            if receipt is None:
                continue
            dialog = FollowupCodeDialog(
                self.ctx,
                receipt.case_code,
                receipt.followup_code,
                receipt.received_at.date(),
                receipt.documents,
                self._parent(),
            )
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()  # window-modal, never a nested event loop
            self.last_dialog = dialog
            shown += 1
        return shown


def install(ctx: AppContext, anchor: QWidget | None) -> IntakeWatcher:
    """Idempotent: the first widget of the area built for ``ctx`` installs the wiring."""
    existing = watcher_of(ctx)
    if existing is not None:
        if existing.anchor is None or not shiboken6.isValid(existing.anchor):
            existing.anchor = anchor
        return existing
    watcher = IntakeWatcher(ctx, anchor)
    watcher.setObjectName(PROPERTY)
    window = anchor.window() if anchor is not None else None
    logout = getattr(window, "logout_requested", None)
    if logout is not None:
        actor_id = ctx.actor.id
        logout.connect(lambda: keyring_cache.sign_out(actor_id))
    return watcher


def watcher_of(ctx: AppContext) -> IntakeWatcher | None:
    return ctx.signals.findChild(IntakeWatcher, PROPERTY)
