"""Run slow work off the UI thread with progress and cancel (dashboards, batch printing)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class TaskSignals(QObject):
    progress = Signal(int, int, str)  # done, total, message
    finished = Signal(object)
    failed = Signal(object)


class Task(QRunnable):
    """``fn(report, cancelled)`` runs in a pool thread; signals arrive on the UI thread.

    ``report(done, total, message)`` updates progress; ``cancelled()`` tells fn to stop.
    The function must open its own database session (sessions are not shared between threads).
    """

    def __init__(self, fn: Callable[[Callable[[int, int, str], None], Callable[[], bool]], Any]):
        super().__init__()
        self.fn = fn
        self.signals = TaskSignals()
        self._cancel = threading.Event()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn(
                lambda d, t, m="": self.signals.progress.emit(d, t, m), self._cancel.is_set
            )
        except BaseException as exc:  # reported to the UI, never swallowed
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


_running: set[Task] = set()


def start(
    fn: Callable[..., Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
) -> Task:
    task = Task(fn)
    _running.add(task)
    if on_progress:
        task.signals.progress.connect(on_progress)

    def _done(result: Any) -> None:
        _running.discard(task)
        if on_done:
            on_done(result)

    def _fail(exc: BaseException) -> None:
        _running.discard(task)
        if on_error:
            on_error(exc)
        else:
            raise exc

    task.signals.finished.connect(_done)
    task.signals.failed.connect(_fail)
    QThreadPool.globalInstance().start(task)
    return task
