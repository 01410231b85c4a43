"""Retention of automatic backups: newest of each of the last 14 days, 8 weeks, 24 months."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from camau_reception.storage.backup import BackupEntry, backup_name, list_backups
from camau_reception.storage.retention import RetentionPolicy, apply, plan

DB = Path("/data/office.sqlite3")


def entry(at: datetime, reason: str = "daily") -> BackupEntry:
    return BackupEntry(DB.parent / backup_name(DB, reason, at), reason, at, 1)


def daily_for(days: int, end: date) -> list[BackupEntry]:
    return [
        entry(datetime.combine(end - timedelta(days=i), datetime.min.time()).replace(hour=7))
        for i in range(days)
    ]


def test_two_years_of_daily_backups_keep_14_days_8_weeks_24_months() -> None:
    end = date(2026, 3, 16)  # a Monday
    entries = daily_for(3 * 365, end)
    kept, deleted = plan(entries, RetentionPolicy())
    kept_days = sorted(e.made_at.date() for e in kept)
    # The 14 newest days are all there.
    assert all(end - timedelta(days=i) in kept_days for i in range(14))
    # One per ISO week for the 8 newest weeks, one per month for the 24 newest months.
    weeks = {e.made_at.isocalendar()[:2] for e in kept}
    months = {(e.made_at.year, e.made_at.month) for e in kept}
    assert len(months) == 24
    assert len(weeks) >= 8
    assert len(kept) <= 14 + 8 + 24
    assert len(kept) + len(deleted) == len(entries)
    # The newest of each kept month is the last day of that month (or today).
    oldest_month = min(months)
    oldest = [e for e in kept if (e.made_at.year, e.made_at.month) == oldest_month]
    assert len(oldest) == 1
    assert (oldest[0].made_at + timedelta(days=1)).month != oldest_month[1]


def test_a_pc_switched_off_for_months_keeps_its_old_backups() -> None:
    # Backups every day of January 2025, then nothing until March 2026.
    entries = [*daily_for(31, date(2025, 1, 31)), entry(datetime(2026, 3, 16, 8))]
    kept, _ = plan(entries, RetentionPolicy())
    days = {e.made_at.date() for e in kept}
    # 14 backup days (today and 19–31 January), plus the newest of the two older ISO weeks
    # that have backups; the two months are already covered.
    expected = {date(2026, 3, 16), date(2025, 1, 12), date(2025, 1, 5)}
    expected |= {date(2025, 1, d) for d in range(19, 32)}
    assert days == expected


def test_newest_of_each_reason_is_always_kept() -> None:
    entries = [*daily_for(30, date(2026, 3, 16)), entry(datetime(2025, 6, 1, 9), "before-upgrade")]
    kept, _ = plan(entries, RetentionPolicy(daily=1, weekly=0, monthly=0))
    reasons = sorted(e.reason for e in kept)
    assert reasons == ["before-upgrade", "daily"]


def test_policy_is_configurable() -> None:
    entries = daily_for(60, date(2026, 3, 16))
    kept, _ = plan(entries, RetentionPolicy(daily=3, weekly=0, monthly=0))
    assert [e.made_at.day for e in kept] == [16, 15, 14]


def test_several_backups_on_one_day_keep_the_newest() -> None:
    a = entry(datetime(2026, 3, 16, 7))
    b = entry(datetime(2026, 3, 16, 15))
    kept, deleted = plan([a, b], RetentionPolicy(daily=1, weekly=0, monthly=0))
    assert kept == [b] and deleted == [a]


def test_apply_deletes_files_and_ignores_other_files(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite3"
    folder = tmp_path / "office.sqlite3.backups"
    folder.mkdir()
    for i in range(5):
        (folder / backup_name(db, "daily", datetime(2026, 3, 10 + i, 7))).write_bytes(b"x")
    (folder / "notes.txt").write_text("keep me")
    (folder / "office.damaged-20260301-080000.bin").write_bytes(b"x")
    deleted = apply(db, RetentionPolicy(daily=2, weekly=0, monthly=0))
    assert len(deleted) == 3
    assert [e.made_at.day for e in list_backups(db)] == [14, 13]
    assert (folder / "notes.txt").exists()
    assert (folder / "office.damaged-20260301-080000.bin").exists()
