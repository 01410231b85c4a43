"""Start-up safety: a quick check of the file, and the first backup of the day.

Both use plain ``sqlite3`` (no SQLAlchemy, no Alembic): the sign-in window must not wait for
them. ``check_at_startup`` runs before the database is opened; ``daily_backup`` may run in a
background thread once the window is up.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

from camau_reception.storage.backup import (
    BackupEntry,
    BackupFailed,
    BackupResult,
    list_backups,
    remove_stale_parts,
    timestamped_backup_result,
)
from camau_reception.storage.retention import RetentionPolicy
from camau_reception.storage.retention import apply as apply_retention

DAILY = "daily"


class StartupState(StrEnum):
    OK = "ok"
    NEW = "new"  # no file yet: open_database will create it
    CORRUPT = "corrupt"  # quick_check failed or the file cannot be read as SQLite
    READ_ONLY = "read_only"  # the file or its folder cannot be written


@dataclass
class StartupCheck:
    path: Path
    state: StartupState
    message: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.state in (StartupState.OK, StartupState.NEW)


def _writable(path: Path) -> bool:
    # os.access reports a read-only mount even for root, where permission bits do not apply.
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def check_at_startup(path: Path) -> StartupCheck:
    """``PRAGMA quick_check`` (seconds on a large file, not minutes like integrity_check)."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return StartupCheck(path, StartupState.NEW)
    if not _writable(path):
        return StartupCheck(
            path,
            StartupState.READ_ONLY,
            f"Tệp cơ sở dữ liệu {path} hoặc thư mục chứa nó không ghi được (ổ đĩa chỉ đọc "
            "hoặc thiếu quyền). Chương trình cần quyền ghi để lưu hồ sơ; hãy nhờ quản trị "
            "hệ thống kiểm tra. Tệp không bị thay đổi.",
        )
    try:
        with open(path, "rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        return StartupCheck(path, StartupState.READ_ONLY, f"Không đọc được tệp {path}: {exc}")
    if header != b"SQLite format 3\x00":
        # Not ours at all: open_database refuses it with its own message; not a recovery case.
        return StartupCheck(path, StartupState.OK)
    try:
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            conn.execute("PRAGMA busy_timeout=15000")
            rows = [r[0] for r in conn.execute("PRAGMA quick_check")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        rows = [str(exc)]
    # quick_check may return one row holding many lines: one message per line.
    errors = [line for r in rows if r != "ok" for line in str(r).splitlines() if line.strip()]
    if errors:
        return StartupCheck(
            path,
            StartupState.CORRUPT,
            f"Cơ sở dữ liệu {path} bị hỏng (kiểm tra nhanh không đạt).",
            errors,
        )
    return StartupCheck(path, StartupState.OK)


def read_policy(db_path: Path) -> RetentionPolicy:
    """The administrator's retention settings, read with a plain query (defaults if unset)."""
    values: dict[str, int] = {}
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            for key, value in conn.execute(
                "SELECT key, value FROM settings WHERE key LIKE 'backup.keep_%'"
            ):
                values[key] = int(json.loads(value))
        finally:
            conn.close()
    except (sqlite3.DatabaseError, ValueError, TypeError):
        pass
    default = RetentionPolicy()
    return RetentionPolicy(
        daily=values.get("backup.keep_daily", default.daily),
        weekly=values.get("backup.keep_weekly", default.weekly),
        monthly=values.get("backup.keep_monthly", default.monthly),
    )


def todays_backup(db_path: Path, today: date) -> BackupEntry | None:
    for entry in list_backups(db_path):
        if entry.reason == DAILY and entry.made_at.date() == today:
            return entry
    return None


@dataclass(frozen=True)
class DailyBackupOutcome:
    result: BackupResult | None  # None: today's backup already existed
    deleted: list[BackupEntry]


def daily_backup(
    db_path: Path,
    *,
    now: datetime | None = None,
    policy: RetentionPolicy | None = None,
) -> DailyBackupOutcome:
    """The first start of each day copies the database (verified), then prunes old copies.

    Raises ``BackupFailed`` (Vietnamese message) when the copy cannot be made or verified.
    """
    now = now or datetime.now()
    remove_stale_parts(db_path)
    result = None
    if todays_backup(db_path, now.date()) is None:
        result = timestamped_backup_result(db_path, DAILY, now)
    deleted = apply_retention(db_path, policy or read_policy(db_path))
    return DailyBackupOutcome(result, deleted)


def latest_good_backup(db_path: Path) -> tuple[BackupEntry, object] | None:
    """The newest backup that passes its integrity check and is not from a newer program:
    (entry, ``restore.BackupSummary``)."""
    from camau_reception.storage.restore import RestoreRefused, inspect_backup

    for entry in list_backups(db_path):
        try:
            summary = inspect_backup(entry.path)
        except RestoreRefused:
            continue
        if summary.restorable:
            return entry, summary
    return None


__all__ = [
    "BackupFailed",
    "DailyBackupOutcome",
    "StartupCheck",
    "StartupState",
    "check_at_startup",
    "daily_backup",
    "latest_good_backup",
    "read_policy",
    "todays_backup",
]
