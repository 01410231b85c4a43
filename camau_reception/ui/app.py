"""Start-up: open the database, first start, sign in, main window; repeat on sign-out."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

_T0 = time.perf_counter()


def _application():  # -> QApplication
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("camau-reception")
    app.setApplicationDisplayName("Phần mềm tiếp công dân")
    app.setOrganizationName("camau-reception")
    return app


def _startup_probe(dialog) -> None:
    """``CAMAU_RECEPTION_STARTUP_PROBE=1``: print seconds to a usable login window and quit.

    Used by ``bench/bench_startup.py``.
    """
    from PySide6.QtCore import QTimer

    def report() -> None:
        print(f"startup_seconds={time.perf_counter() - _T0:.4f}", flush=True)
        dialog.reject()

    QTimer.singleShot(0, report)


def _warm_up(db):  # -> Callable[[], None]
    def warm() -> None:
        import sqlalchemy.orm  # noqa: F401

        from camau_reception.services import auth

        _ = db.engine
        auth._hasher()

    return warm


def run_gui(db_path: Path) -> int:
    app = _application()
    from camau_reception.storage.db import open_database
    from camau_reception.storage.errors import DatabaseOpenError
    from camau_reception.ui.messages import error
    from camau_reception.ui.recovery import start_daily_backup, startup_guard

    # Quick check first: a damaged file opens the recovery dialog (nothing overwritten unasked).
    if not startup_guard(db_path):
        return 2
    try:
        db = open_database(db_path)
    except DatabaseOpenError as exc:
        print(exc.message, file=sys.stderr)
        error(None, "Không mở được cơ sở dữ liệu", exc.message)
        return 2
    if not os.environ.get("CAMAU_RECEPTION_STARTUP_PROBE"):
        start_daily_backup(db_path)  # first start of the day; runs in the background

    from camau_reception.storage.db import peek_profile
    from camau_reception.ui.login import ChangePasswordDialog, FirstStartDialog, LoginDialog

    initialized, agency_name = peek_profile(db_path)
    if not initialized:
        setup = FirstStartDialog(db)
        if setup.exec() != setup.DialogCode.Accepted:
            db.close()
            return 1
        initialized, agency_name = peek_profile(db_path)

    while True:
        login = LoginDialog(db, agency_name)
        if os.environ.get("CAMAU_RECEPTION_STARTUP_PROBE"):
            _startup_probe(login)
        else:
            # The dialog is on screen: load the database layer while the user types.
            from PySide6.QtCore import QTimer

            QTimer.singleShot(100, _warm_up(db))
        if login.exec() != login.DialogCode.Accepted or login.actor is None:
            db.close()
            return 0
        actor = login.actor
        with db.read() as session:
            from camau_reception.services.users import get_user

            must_change = get_user(session, actor.id).must_change_password
        if must_change:
            change = ChangePasswordDialog(db, actor, forced=True)
            if change.exec() != change.DialogCode.Accepted:
                continue
        from camau_reception.ui.context import AppContext
        from camau_reception.ui.main_window import MainWindow

        window = MainWindow(AppContext(db=db, actor=actor))
        logged_out: list[bool] = []
        window.logout_requested.connect(lambda flags=logged_out: flags.append(True))
        window.show()
        app.exec()
        if not logged_out:
            db.close()
            return 0
