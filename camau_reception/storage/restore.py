"""Look inside a backup, then put it back in place of the current database.

Restoring never leaves a half-replaced file: the backup is first copied to a staging file beside
the database and upgraded there (an older backup is brought to the current schema), checked,
and only then copied into the live database through SQLite's backup API, which writes the whole
content in one transaction. A power cut at any moment leaves either the old database or the
restored one. The current database is itself backed up first ("before-restore").
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from camau_reception.config import backup_dir_for
from camau_reception.storage.backup import (
    BackupFailed,
    Progress,
    create_private_file,
    parse_backup_name,
    row_counts,
    sqlite_backup,
    timestamped_backup_result,
    verify_copy,
)
from camau_reception.storage.errors import DatabaseOpenError
from camau_reception.storage.schema_version import file_versions, program_schema

# What a person recognises in a backup: (label, table). Tables not yet in a file are skipped,
# so this list may name areas that land later.
AREA_TABLES: tuple[tuple[str, str], ...] = (
    ("Người dùng", "users"),
    ("Công dân", "citizens"),
    ("Lượt tiếp công dân", "receptions"),
    ("Đơn thư", "petitions"),
    ("Thủ tục hành chính trong danh mục", "procedures"),
    ("Hồ sơ thủ tục hành chính", "dossiers"),
    ("Phiếu xin lỗi, hẹn lại", "apology_letters"),
    ("Tố cáo hành vi tham nhũng", "corruption_cases"),
    ("Buổi tiếp công dân định kỳ của lãnh đạo", "duty_sessions"),
    ("Văn bản đã cấp số", "issued_documents"),
    ("Sự kiện trong nhật ký hệ thống", "audit_events"),
)


class RestoreRefused(Exception):
    """The backup cannot be restored; ``message`` says why in Vietnamese. Nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class BackupSummary:
    path: Path
    size: int
    made_at: datetime | None  # from the file name, else the file's modification time
    last_event_at: datetime | None  # the newest audit event (UTC): the last recorded action
    revisions: frozenset[str]
    counts: dict[str, int] = field(default_factory=dict)
    areas: list[tuple[str, int]] = field(default_factory=list)
    integrity_errors: list[str] = field(default_factory=list)
    newer: bool = False
    older: bool = False

    @property
    def restorable(self) -> bool:
        return not self.newer and not self.integrity_errors

    @property
    def schema_label(self) -> str:
        revs = ", ".join(sorted(self.revisions)) or "không rõ"
        if self.newer:
            return f"{revs} (của phiên bản chương trình mới hơn)"
        if self.older:
            return f"{revs} (cũ hơn; sẽ được nâng cấp khi phục hồi)"
        return f"{revs} (trùng với chương trình)"

    def refusal(self) -> str | None:
        if self.newer:
            return (
                f"Bản sao lưu {self.path.name} do phiên bản mới hơn của chương trình tạo ra "
                f"(lược đồ {', '.join(sorted(self.revisions - program_schema().revisions))}). "
                "Hãy cập nhật chương trình trước khi phục hồi; không có gì bị thay đổi."
            )
        if self.integrity_errors:
            return (
                f"Bản sao lưu {self.path.name} bị hỏng (không đạt kiểm tra toàn vẹn): "
                + "; ".join(self.integrity_errors[:3])
            )
        return None

    def lines(self) -> list[str]:
        when = f"{self.made_at:%d/%m/%Y %H:%M}" if self.made_at else "không rõ"
        out = [
            f"Tệp: {self.path}",
            f"Thời điểm sao lưu: {when}",
            f"Phiên bản lược đồ: {self.schema_label}",
            f"Dung lượng: {self.size / 1_048_576:.1f} MB".replace(".", ","),
        ]
        out += [f"{label}: {n:,}".replace(",", ".") for label, n in self.areas]
        return out

    def text(self) -> str:
        return "\n".join(self.lines())


def _made_at(path: Path) -> datetime | None:
    parsed = parse_backup_name(path.name)
    if parsed is not None:
        return parsed[1]
    try:
        return datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return None


def inspect_backup(path: Path, *, full_check: bool = True) -> BackupSummary:
    """What the backup holds. Raises ``RestoreRefused`` for a file that is not one of ours."""
    from camau_reception.storage.db import _inspect_file

    path = Path(path)
    if not path.is_file():
        raise RestoreRefused(f"Không tìm thấy tệp {path}.")
    try:
        _inspect_file(path)
    except DatabaseOpenError as exc:
        raise RestoreRefused(exc.message) from exc
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            revisions = file_versions(conn) or frozenset()
            pragma = "integrity_check" if full_check else "quick_check"
            problems = [r[0] for r in conn.execute(f"PRAGMA {pragma}") if r[0] != "ok"]
            counts = row_counts(conn) if not problems else {}
            last = None
            if "audit_events" in counts:
                row = conn.execute("SELECT max(at) FROM audit_events").fetchone()
                if row and row[0]:
                    last = datetime.fromisoformat(str(row[0]))
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise RestoreRefused(f"Tệp {path.name} bị hỏng, không đọc được: {exc}") from exc
    schema = program_schema()
    seen: set[str] = set()
    areas = []
    for label, table in AREA_TABLES:
        if table in counts and label not in seen:
            seen.add(label)
            areas.append((label, counts[table]))
    return BackupSummary(
        path=path,
        size=path.stat().st_size,
        made_at=_made_at(path),
        last_event_at=last,
        revisions=revisions,
        counts=counts,
        areas=areas,
        integrity_errors=problems,
        newer=not revisions <= schema.revisions,
        older=revisions <= schema.revisions and revisions != schema.heads,
    )


@dataclass(frozen=True)
class RestoreResult:
    summary: BackupSummary
    safety_copy: Path | None  # the database as it was just before the restore
    counts: dict[str, int]


def keep_damaged_copy(db_path: Path, when: datetime | None = None) -> Path | None:
    """Raw copy of a database the backup API cannot read (corrupt): kept for experts, never
    listed as a backup (it does not end in ``.sqlite3``)."""
    if not db_path.exists():
        return None
    when = when or datetime.now()
    folder = backup_dir_for(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / f"{db_path.stem}.damaged-{when:%Y%m%d-%H%M%S}.bin"
    create_private_file(dest)
    shutil.copyfile(db_path, dest)
    wal = db_path.with_name(db_path.name + "-wal")
    if wal.exists():
        shutil.copyfile(wal, dest.with_name(dest.name + "-wal"))
        os.chmod(dest.with_name(dest.name + "-wal"), 0o600)
    return dest


def staging_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".restore.part")


def _prepare_staging(backup: Path, staging: Path, progress: Progress | None) -> dict[str, int]:
    """Copy the backup beside the database and bring it to the program's schema."""
    from camau_reception.storage.db import open_database

    for leftover in (staging, staging.with_name(staging.name + "-wal")):
        leftover.unlink(missing_ok=True)
    staging.with_name(staging.name + "-shm").unlink(missing_ok=True)
    sqlite_backup(backup, staging, progress=progress)
    open_database(staging, create=False, backup_before_upgrade=False).close()
    # Closing the last connection checkpoints the WAL into the file; verify what will go live.
    return verify_copy(staging)


def _copy_into_live(staging: Path, db_path: Path, progress: Progress | None) -> None:
    """One transaction on the live file: readers see the old or the new content, never a mix."""
    src = sqlite3.connect(f"file:{staging}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(db_path, isolation_level=None)
        try:
            dst.execute("PRAGMA busy_timeout=15000")

            def report(_status: int, remaining: int, total: int) -> None:
                if progress is not None:
                    progress(total - remaining, total)

            src.backup(dst, pages=-1, progress=report)
            # Keep the live file in WAL mode whatever the staging file's mode was.
            dst.execute("PRAGMA journal_mode=WAL")
            dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            dst.close()
    finally:
        src.close()


def restore_backup(
    db_path: Path,
    backup: Path,
    *,
    progress: Callable[[str, int, int], None] | None = None,
    when: datetime | None = None,
) -> RestoreResult:
    """Replace the database at ``db_path`` with ``backup`` (see the module docstring).

    ``progress(stage, done, total)``; stages: "safety", "prepare", "replace".
    """
    db_path = Path(db_path)
    backup = Path(backup)
    summary = inspect_backup(backup)
    refusal = summary.refusal()
    if refusal:
        raise RestoreRefused(refusal)
    if backup.resolve() == db_path.resolve():
        raise RestoreRefused("Không thể phục hồi một cơ sở dữ liệu từ chính nó.")

    def stage(name: str) -> Progress | None:
        if progress is None:
            return None
        return lambda done, total: progress(name, done, total)

    safety: Path | None = None
    if db_path.exists() and db_path.stat().st_size > 0:
        try:
            safety = timestamped_backup_result(
                db_path, "before-restore", when, progress=stage("safety")
            ).path
        except (BackupFailed, sqlite3.DatabaseError):
            # The current file is damaged (the usual reason to restore): keep its raw bytes.
            safety = keep_damaged_copy(db_path, when)
    else:
        create_private_file(db_path)

    staging = staging_path(db_path)
    try:
        counts = _prepare_staging(backup, staging, stage("prepare"))
        try:
            _copy_into_live(staging, db_path, stage("replace"))
        except sqlite3.DatabaseError:
            # The live file is too damaged to be written page by page: move the checked staging
            # file over it (atomic rename), after getting its WAL out of the way.
            for suffix in ("-wal", "-shm"):
                db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
            os.replace(staging, db_path)
    finally:
        for suffix in ("", "-wal", "-shm"):
            staging.with_name(staging.name + suffix).unlink(missing_ok=True)
    os.chmod(db_path, 0o600)
    return RestoreResult(summary, safety, counts)
