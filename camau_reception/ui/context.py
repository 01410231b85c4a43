"""What every page is given: the database, the signed-in user, today's date, helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from camau_reception.domain.agency import AgencyProfile
    from camau_reception.domain.calendar import WorkCalendar


class AppSignals(QObject):
    """Cross-page notifications. ``data_changed`` carries an area key such as "reception"."""

    data_changed = Signal(str)
    navigate = Signal(str, object)  # page key, optional payload (e.g. a record id to open)
    status_message = Signal(str)


@dataclass
class AppContext:
    db: Database
    actor: Actor
    today: Callable[[], date] = date.today  # tests inject a fixed date
    clock: Callable[[], time] = field(default=lambda: datetime.now().time())  # and an hour
    signals: AppSignals = field(default_factory=AppSignals)
    _calendar: WorkCalendar | None = field(default=None, repr=False)

    def now(self) -> datetime:
        """Today's date at the current minute (both injectable, so tests never race the clock)."""
        return datetime.combine(self.today(), self.clock().replace(second=0, microsecond=0))

    def calendar(self) -> WorkCalendar:
        """The work calendar with the administrator's overrides (cached; reset on change)."""
        if self._calendar is None:
            from camau_reception.services.calendar import load_calendar

            with self.db.read() as session:
                self._calendar = load_calendar(session)
        return self._calendar

    def invalidate_calendar(self) -> None:
        self._calendar = None
        self.signals.data_changed.emit("calendar")

    def agency(self) -> AgencyProfile:
        from camau_reception.domain.agency import SAMPLE_AGENCY
        from camau_reception.services.agency import get_profile

        with self.db.read() as session:
            return get_profile(session) or SAMPLE_AGENCY

    def notify(self, area: str) -> None:
        self.signals.data_changed.emit(area)

    def status(self, message: str) -> None:
        self.signals.status_message.emit(message)


@dataclass(frozen=True)
class PageSpec:
    """A navigation entry of the main window.

    ``roles``: the page shows only to users holding one of them (empty = everyone).
    ``factory(ctx, parent)`` builds the page widget lazily when first opened.
    ``shortcut``: e.g. "Ctrl+1"; ``icon``: a QStyle standard pixmap name or a resource path.
    """

    order: int
    key: str
    title: str
    factory: Callable[[AppContext, QWidget | None], QWidget]
    roles: frozenset[Any] = frozenset()
    shortcut: str = ""
    icon: str = ""
