"""Which automatic backups to keep: the newest of each day, week and month.

The rule counts *periods that hold a backup*, not calendar periods before today: "14 daily"
keeps the newest backup of each of the 14 most recent days on which a backup was made. A PC
left switched off for a season therefore never wakes up to delete every old copy; and the
newest backup of each kind (daily, before-upgrade, before-restore) is always kept.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from camau_reception.storage.backup import BackupEntry, list_backups

DEFAULT_DAILY = 14
DEFAULT_WEEKLY = 8
DEFAULT_MONTHLY = 24


@dataclass(frozen=True)
class RetentionPolicy:
    daily: int = DEFAULT_DAILY
    weekly: int = DEFAULT_WEEKLY
    monthly: int = DEFAULT_MONTHLY

    def describe(self) -> str:
        return (
            f"giữ bản mới nhất của {self.daily} ngày, {self.weekly} tuần "
            f"và {self.monthly} tháng gần nhất có sao lưu"
        )


def _day(at: datetime) -> Hashable:
    return at.date()


def _week(at: datetime) -> Hashable:
    iso = at.isocalendar()
    return (iso.year, iso.week)


def _month(at: datetime) -> Hashable:
    return (at.year, at.month)


def plan(entries: Iterable[BackupEntry], policy: RetentionPolicy) -> tuple[list, list]:
    """(kept, deleted) entries, each newest first. Pure: touches no file."""
    ordered = sorted(entries, key=lambda e: (e.made_at, e.path.name), reverse=True)
    keep: set[Path] = set()
    rules: list[tuple[int, Callable[[datetime], Hashable]]] = [
        (policy.daily, _day),
        (policy.weekly, _week),
        (policy.monthly, _month),
    ]
    for count, bucket_of in rules:
        seen: set[Hashable] = set()
        for entry in ordered:
            if len(seen) >= count:
                break
            bucket = bucket_of(entry.made_at)
            if bucket not in seen:
                seen.add(bucket)
                keep.add(entry.path)
    newest_by_reason: set[str] = set()
    for entry in ordered:
        if entry.reason not in newest_by_reason:
            newest_by_reason.add(entry.reason)
            keep.add(entry.path)
    kept = [e for e in ordered if e.path in keep]
    deleted = [e for e in ordered if e.path not in keep]
    return kept, deleted


def apply(db_path: Path, policy: RetentionPolicy) -> list[BackupEntry]:
    """Delete the backups the policy does not keep; return what was deleted."""
    _, deleted = plan(list_backups(db_path), policy)
    for entry in deleted:
        entry.path.unlink(missing_ok=True)
    return deleted
