"""A program left open overnight still makes the next day's automatic backup, once per day,
and a failure shows in the main window's status bar."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time

import pytest

from camau_reception.services.actor import Actor
from camau_reception.storage import startup
from camau_reception.storage.backup import BackupFailed, list_backups
from camau_reception.storage.db import Database
from camau_reception.ui import recovery
from camau_reception.ui.context import AppContext


@pytest.fixture(autouse=True)
def _fresh_backup_state() -> Iterator[None]:
    """The daily-backup memory is per process; each test starts as a new process would."""
    recovery._DAILY_STATE.clear()
    recovery.LAST_DAILY_BACKUP_ERROR.clear()
    yield
    recovery._DAILY_STATE.clear()
    recovery.LAST_DAILY_BACKUP_ERROR.clear()


class Today:
    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


def _window(qtbot, db: Database, actor: Actor, today: Today, backup_check_ms: int = 30 * 60_000):
    from camau_reception.ui.main_window import MainWindow

    ctx = AppContext(db=db, actor=actor, today=today, clock=lambda: time(8, 15))
    window = MainWindow(ctx, pages=[], backup_check_ms=backup_check_ms)
    qtbot.addWidget(window)
    window.show()
    return window


def _daily_days(db: Database) -> list[date]:
    return sorted(e.made_at.date() for e in list_backups(db.path) if e.reason == "daily")


def _idle(db: Database) -> bool:
    return not recovery._daily_state(db.path).running


def test_the_timer_makes_one_backup_per_day(qtbot, db: Database, admin: Actor) -> None:
    today = Today(date(2026, 3, 16))
    window = _window(qtbot, db, admin, today, backup_check_ms=20)
    assert window.backup_timer.isActive()
    assert window.backup_timer.interval() == 20
    qtbot.waitUntil(lambda: _daily_days(db) == [date(2026, 3, 16)] and _idle(db), timeout=10_000)

    # The same day: nothing more, whether the timer ticks or the slot is called by hand.
    assert window.check_daily_backup() is None
    qtbot.waitUntil(lambda: recovery._daily_state(db.path).day == date(2026, 3, 16))
    assert _daily_days(db) == [date(2026, 3, 16)]

    # Past midnight, the program still open: the next tick backs up the new day.
    today.day = date(2026, 3, 17)
    qtbot.waitUntil(
        lambda: _daily_days(db) == [date(2026, 3, 16), date(2026, 3, 17)] and _idle(db),
        timeout=10_000,
    )
    assert recovery._daily_state(db.path).day == date(2026, 3, 17)
    assert not window.backup_label.isVisible()
    window.backup_timer.stop()


def test_a_new_process_the_same_day_makes_no_second_copy(qtbot, db: Database, admin: Actor) -> None:
    today = Today(date(2026, 3, 16))
    window = _window(qtbot, db, admin, today)
    assert window.backup_timer.interval() == 30 * 60_000  # the default: every half hour
    done: list[object] = []
    own = str(db.path.resolve())

    def record(path: str, outcome: object) -> None:
        if path == own:
            done.append(outcome)

    events = recovery.daily_backup_events()
    events.succeeded.connect(record)
    task = window.check_daily_backup()
    assert task is not None
    assert window.check_daily_backup() is None  # already running: not a second one
    qtbot.waitUntil(lambda: len(done) == 1, timeout=10_000)
    assert done[0].result is not None

    recovery._DAILY_STATE.clear()  # the program restarted the same day
    assert window.check_daily_backup() is not None
    qtbot.waitUntil(lambda: len(done) == 2, timeout=10_000)
    assert done[1].result is None  # today's backup exists: no copy made
    assert _daily_days(db) == [date(2026, 3, 16)]
    events.succeeded.disconnect(record)


def test_a_failed_daily_backup_shows_in_the_status_bar_and_is_retried(
    qtbot, db: Database, admin: Actor, monkeypatch
) -> None:
    def broken(_db_path, **_kwargs):
        raise BackupFailed("Không ghi được bản sao lưu: ổ đĩa đầy.")

    monkeypatch.setattr(startup, "daily_backup", broken)
    today = Today(date(2026, 3, 16))
    window = _window(qtbot, db, admin, today)
    assert not window.backup_label.isVisible()
    window.check_daily_backup()
    qtbot.waitUntil(window.backup_label.isVisible, timeout=10_000)
    assert "Sao lưu tự động thất bại" in window.backup_label.text()
    assert "ổ đĩa đầy" in window.backup_label.toolTip()
    assert "ổ đĩa đầy" in window.statusBar().currentMessage()
    assert recovery.LAST_DAILY_BACKUP_ERROR == ["Không ghi được bản sao lưu: ổ đĩa đầy."]
    assert recovery._daily_state(db.path).day is None  # not done: tried again next tick

    monkeypatch.undo()
    assert window.check_daily_backup() is not None
    qtbot.waitUntil(lambda: not window.backup_label.isVisible(), timeout=10_000)
    assert _daily_days(db) == [date(2026, 3, 16)]
    assert recovery.LAST_DAILY_BACKUP_ERROR == []


def test_a_start_up_failure_shows_when_the_window_opens(
    qtbot, db: Database, admin: Actor, monkeypatch
) -> None:
    def broken(_db_path, **_kwargs):
        raise BackupFailed("Bản sao lưu không đạt kiểm tra.")

    monkeypatch.setattr(startup, "daily_backup", broken)
    recovery.start_daily_backup(db.path, delay_ms=0)  # as run_gui does, before sign-in
    qtbot.waitUntil(lambda: bool(recovery.LAST_DAILY_BACKUP_ERROR), timeout=10_000)
    window = _window(qtbot, db, admin, Today(date.today()))
    assert window.backup_label.isVisible()
    assert "không đạt kiểm tra" in window.backup_label.toolTip()


def test_start_up_and_timer_share_the_day(qtbot, db: Database, admin: Actor) -> None:
    recovery.start_daily_backup(db.path, delay_ms=0)
    qtbot.waitUntil(lambda: recovery._daily_state(db.path).day == date.today(), timeout=10_000)
    window = _window(qtbot, db, admin, Today(date.today()))
    window.ctx.clock = lambda: datetime.now().time()
    assert window.check_daily_backup() is None
    assert _daily_days(db) == [date.today()]
