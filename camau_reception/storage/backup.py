"""Consistent copies of the database through SQLite's online backup API."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from camau_reception.config import backup_dir_for


def create_private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 unless it exists (confidential data inside)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def sqlite_backup(source: Path, dest: Path) -> Path:
    """Copy ``source`` to ``dest`` page by page while other connections may be writing.

    The copy is written to a temporary name, fsynced, then renamed, so ``dest`` is either the
    old file or a complete new one.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    if tmp.exists():
        tmp.unlink()
    create_private_file(tmp)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, dest)
    os.chmod(dest, 0o600)
    return dest


def timestamped_backup(db_path: Path, reason: str, when: datetime | None = None) -> Path:
    """A copy beside the database, named ``<db>.<reason>-YYYYmmdd-HHMMSS.sqlite3``."""
    when = when or datetime.now()
    folder = backup_dir_for(db_path)
    stem = db_path.stem
    name = f"{stem}.{reason}-{when:%Y%m%d-%H%M%S}.sqlite3"
    dest = folder / name
    n = 1
    while dest.exists():
        dest = folder / f"{stem}.{reason}-{when:%Y%m%d-%H%M%S}-{n}.sqlite3"
        n += 1
    return sqlite_backup(db_path, dest)
