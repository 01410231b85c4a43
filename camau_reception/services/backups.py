"""Backups for the administrator: copy to a chosen place, list, restore, retention settings.

These act on the database *file*, so they take the ``Database`` rather than a session; each one
checks the administrator role first and writes its audit event in its own short transaction
(after the copy: a backup never contains the event that announces it; after a restore the
event lands in the restored database, so its log says where its content came from).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from camau_reception.domain.text import normalize
from camau_reception.models.users import Role
from camau_reception.services import audit, settings
from camau_reception.services.actor import Actor
from camau_reception.services.auth import require
from camau_reception.services.errors import Collector, ServiceError
from camau_reception.storage.backup import (
    BackupEntry,
    BackupFailed,
    BackupResult,
    Progress,
    list_backups,
    sqlite_backup,
)
from camau_reception.storage.db import Database
from camau_reception.storage.restore import (
    BackupSummary,
    RestoreRefused,
    RestoreResult,
    inspect_backup,
    restore_backup,
)
from camau_reception.storage.retention import RetentionPolicy
from camau_reception.storage.retention import apply as apply_retention

POLICY_KEYS = {
    "daily": "backup.keep_daily",
    "weekly": "backup.keep_weekly",
    "monthly": "backup.keep_monthly",
}
POLICY_LIMITS = {"daily": (1, 366), "weekly": (0, 520), "monthly": (0, 1200)}


class BackupError(ServiceError):
    """A backup or restore that could not be done; nothing was changed."""


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def backup_to(
    db: Database,
    actor: Actor,
    dest: Path,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> BackupResult:
    """A verified copy of the database at ``dest`` (a USB stick, a network folder)."""
    require(actor, Role.ADMIN)
    dest = Path(normalize(str(dest))) if str(dest).strip() else Path()
    if not str(dest) or str(dest) == ".":
        raise BackupError("Hãy chọn nơi lưu bản sao lưu.")
    if dest.is_dir():
        raise BackupError(f"{dest} là một thư mục; hãy đặt tên tệp cho bản sao lưu.")
    for own in (db.path, db.path.with_name(db.path.name + "-wal")):
        if _same_file(dest, own):
            raise BackupError("Không thể ghi bản sao lưu đè lên chính cơ sở dữ liệu đang dùng.")
    try:
        result = sqlite_backup(db.path, dest, progress=progress, cancelled=cancelled)
    except BackupFailed as exc:
        raise BackupError(exc.message) from exc
    except OSError as exc:
        from camau_reception.storage.failures import storage_error_of

        mapped = storage_error_of(exc)
        detail = mapped.message.split(".")[0] if mapped else str(exc)
        raise BackupError(f"Không ghi được bản sao lưu vào {dest}: {detail}.") from exc
    with db.write() as session:
        audit.log_event(
            session,
            actor,
            "backup.manual",
            "backup",
            "",
            f"Sao lưu thủ công ra {dest} ({result.rows} dòng, {result.size} byte)",
        )
    return result


def automatic_backups(actor: Actor, db: Database) -> list[BackupEntry]:
    require(actor, Role.ADMIN)
    return list_backups(db.path)


def inspect(actor: Actor, path: Path) -> BackupSummary:
    """What a backup file holds (date, counts per area, schema version)."""
    require(actor, Role.ADMIN)
    try:
        return inspect_backup(Path(path))
    except RestoreRefused as exc:
        raise BackupError(exc.message) from exc


def restore(
    db: Database,
    actor: Actor,
    backup: Path,
    *,
    progress: Callable[[str, int, int], None] | None = None,
) -> RestoreResult:
    """Replace the database with ``backup`` (the current one is backed up first).

    The caller must have shown ``inspect(...)`` and obtained the user's confirmation.
    """
    require(actor, Role.ADMIN)
    backup = Path(backup)
    try:
        result = restore_backup(db.path, backup, progress=progress)
    except RestoreRefused as exc:
        raise BackupError(exc.message) from exc
    except BackupFailed as exc:
        raise BackupError(exc.message) from exc
    when = result.summary.made_at
    with db.write() as session:
        audit.log_event(
            session,
            actor,
            "backup.restore",
            "backup",
            "",
            f"Phục hồi từ bản sao lưu {backup.name}"
            + (f" lập lúc {when:%d/%m/%Y %H:%M}" if when else "")
            + (
                f"; bản trước khi phục hồi: {result.safety_copy.name}" if result.safety_copy else ""
            ),
        )
    return result


def get_policy(session: Session) -> RetentionPolicy:
    default = RetentionPolicy()
    values = {}
    for name, key in POLICY_KEYS.items():
        try:
            values[name] = int(settings.get(session, key, getattr(default, name)))
        except (TypeError, ValueError):
            values[name] = getattr(default, name)
    return RetentionPolicy(**values)


def set_policy(
    session: Session, actor: Actor, daily: object, weekly: object, monthly: object
) -> RetentionPolicy:
    require(actor, Role.ADMIN)
    c = Collector()
    values: dict[str, int] = {}
    for name, raw in (("daily", daily), ("weekly", weekly), ("monthly", monthly)):
        low, high = POLICY_LIMITS[name]
        try:
            n = int(normalize(str(raw))) if not isinstance(raw, int) else raw
        except ValueError:
            c.add(name, f"Hãy nhập một số nguyên từ {low} đến {high}.")
            continue
        if isinstance(n, bool) or not low <= n <= high:
            c.add(name, f"Hãy nhập một số nguyên từ {low} đến {high}.")
            continue
        values[name] = n
    c.raise_if_any()
    for name, key in POLICY_KEYS.items():
        settings.put(session, actor, key, values[name])
    return RetentionPolicy(**values)


def prune(db: Database, actor: Actor) -> list[BackupEntry]:
    """Apply the retention rule now (it also runs after each automatic backup)."""
    require(actor, Role.ADMIN)
    with db.read() as session:
        policy = get_policy(session)
    deleted = apply_retention(db.path, policy)
    if deleted:
        with db.write() as session:
            audit.log_event(
                session,
                actor,
                "backup.prune",
                "backup",
                "",
                f"Xóa {len(deleted)} bản sao lưu tự động cũ theo quy tắc lưu giữ",
            )
    return deleted
