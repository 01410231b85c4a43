"""Consistent copies of the database through SQLite's online backup API.

A copy is never a file copy of the live database: the backup API reads pages inside one read
transaction, so writers in other programs go on while the copy stays a single point in time.
Every copy is written under a temporary name, fsynced, verified (integrity check and the row
count of every table, compared with the counts read in the same snapshot), then renamed: a
backup file that exists is a complete, checked backup.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from camau_reception.config import backup_dir_for

# done pages, total pages
Progress = Callable[[int, int], None]
PAGES_PER_STEP = 256
BACKUP_SUFFIX = ".sqlite3"
_NAME_RE = re.compile(r"\.(?P<reason>[a-z][a-z-]*?)-(?P<stamp>\d{8}-\d{6})(?:-\d+)?\.sqlite3$")


class BackupFailed(Exception):
    """The copy could not be written or did not verify; ``message`` is Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class BackupResult:
    path: Path
    counts: dict[str, int] = field(default_factory=dict)
    size: int = 0

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def create_private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 unless it exists (confidential data inside)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def table_names(conn: sqlite3.Connection) -> list[str]:
    """Ordinary tables (FTS5 shadow tables included: they are data too)."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
        )
    ]


def row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in table_names(conn)}


def _fsync_dir(folder: Path) -> None:
    # The rename is durable only once the directory entry is on disk.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def verify_copy(path: Path, expected: dict[str, int] | None = None) -> dict[str, int]:
    """Integrity check and row counts of a copy; raise ``BackupFailed`` when anything is off."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            counts = row_counts(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupFailed(f"Bản sao lưu {path.name} không đọc được: {exc}") from exc
    if rows != ["ok"]:
        raise BackupFailed(
            f"Bản sao lưu {path.name} không đạt kiểm tra toàn vẹn: " + "; ".join(rows[:5])
        )
    if expected is not None and counts != expected:
        diff = [
            f"{t}: {expected.get(t, 0)} → {counts.get(t, 0)}"
            for t in sorted(set(expected) | set(counts))
            if expected.get(t) != counts.get(t)
        ]
        raise BackupFailed(
            f"Bản sao lưu {path.name} thiếu dữ liệu so với bản gốc: " + "; ".join(diff[:5])
        )
    return counts


def sqlite_backup(
    source: Path,
    dest: Path,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> BackupResult:
    """Copy ``source`` to ``dest`` page by page while other connections may be writing.

    The source is read inside one read transaction (a fixed snapshot in WAL mode), the row
    count of each table is taken in the same snapshot, and the copy is checked against them
    before it is renamed into place: ``dest`` is either absent/old or a complete verified copy.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    if tmp.exists():
        tmp.unlink()
    create_private_file(tmp)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, isolation_level=None)
        try:
            src.execute("PRAGMA busy_timeout=15000")
            src.execute("BEGIN")
            counts = row_counts(src)  # also starts the read snapshot
            dst = sqlite3.connect(tmp, isolation_level=None)
            try:

                def report(_status: int, remaining: int, total: int) -> None:
                    if cancelled is not None and cancelled():
                        raise BackupFailed("Đã hủy sao lưu.")
                    if progress is not None:
                        progress(total - remaining, total)

                src.backup(dst, pages=PAGES_PER_STEP, progress=report)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
            src.execute("COMMIT")
        finally:
            src.close()
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        verify_copy(tmp, counts)
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.chmod(dest, 0o600)
    _fsync_dir(dest.parent)
    return BackupResult(dest, counts, dest.stat().st_size)


def backup_name(db_path: Path, reason: str, when: datetime) -> str:
    return f"{db_path.stem}.{reason}-{when:%Y%m%d-%H%M%S}{BACKUP_SUFFIX}"


def parse_backup_name(name: str) -> tuple[str, datetime] | None:
    """(reason, time) from a name made by ``timestamped_backup``; None for other files."""
    m = _NAME_RE.search(name)
    if not m:
        return None
    try:
        return m.group("reason"), datetime.strptime(m.group("stamp"), "%Y%m%d-%H%M%S")
    except ValueError:
        return None


def timestamped_backup(
    db_path: Path,
    reason: str,
    when: datetime | None = None,
    *,
    progress: Progress | None = None,
) -> Path:
    """A copy beside the database, named ``<db>.<reason>-YYYYmmdd-HHMMSS.sqlite3``."""
    return timestamped_backup_result(db_path, reason, when, progress=progress).path


def timestamped_backup_result(
    db_path: Path,
    reason: str,
    when: datetime | None = None,
    *,
    progress: Progress | None = None,
) -> BackupResult:
    when = when or datetime.now()
    folder = backup_dir_for(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(folder, 0o700)
    stem = db_path.stem
    dest = folder / backup_name(db_path, reason, when)
    n = 1
    while dest.exists():
        dest = folder / f"{stem}.{reason}-{when:%Y%m%d-%H%M%S}-{n}{BACKUP_SUFFIX}"
        n += 1
    return sqlite_backup(db_path, dest, progress=progress)


@dataclass(frozen=True)
class BackupEntry:
    path: Path
    reason: str
    made_at: datetime
    size: int


def list_backups(db_path: Path) -> list[BackupEntry]:
    """Backups in the database's backup folder, newest first (unfinished ``.part`` files and
    foreign files are ignored)."""
    folder = backup_dir_for(db_path)
    if not folder.is_dir():
        return []
    entries = []
    for file in folder.iterdir():
        if not file.is_file() or not file.name.endswith(BACKUP_SUFFIX):
            continue
        parsed = parse_backup_name(file.name)
        if parsed is None:
            continue
        reason, made_at = parsed
        entries.append(BackupEntry(file, reason, made_at, file.stat().st_size))
    entries.sort(key=lambda e: (e.made_at, e.path.name), reverse=True)
    return entries


def remove_stale_parts(db_path: Path) -> int:
    """Delete ``.part`` files left by a copy that was interrupted (power cut, kill)."""
    folder = backup_dir_for(db_path)
    if not folder.is_dir():
        return 0
    n = 0
    for file in folder.glob("*.part"):
        file.unlink(missing_ok=True)
        n += 1
    return n
