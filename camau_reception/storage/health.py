"""``camau-reception check``: SQLite's integrity check plus the audit hash chain."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from camau_reception.storage.errors import DatabaseOpenError


@dataclass
class HealthReport:
    path: Path
    integrity_ok: bool = False
    chain_ok: bool = False
    messages: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.integrity_ok and self.chain_ok

    def text(self) -> str:
        verdict = "ĐẠT" if self.ok else "KHÔNG ĐẠT"
        lines = [f"Kiểm tra cơ sở dữ liệu {self.path}: {verdict}"]
        lines += [f"  - {m}" for m in self.messages]
        return "\n".join(lines)


def integrity_errors(path: Path, *, quick: bool = False) -> list[str]:
    """Rows of ``PRAGMA integrity_check`` other than 'ok' (empty when the file is sound)."""
    pragma = "quick_check" if quick else "integrity_check"
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}")]
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()
    errors = [r for r in rows if r != "ok"]
    errors += [f"khóa ngoại hỏng: bảng {t}, dòng {rowid}" for t, rowid, *_ in fk]
    return errors


def check_database(path: Path) -> HealthReport:
    """Read-only: never creates, upgrades or writes the file."""
    from camau_reception.storage.db import _inspect_file

    report = HealthReport(path)
    if not path.exists():
        report.messages.append("Không tìm thấy tệp cơ sở dữ liệu.")
        return report
    try:
        _inspect_file(path)
        errors = integrity_errors(path)
    except DatabaseOpenError as exc:
        report.messages.append(exc.message)
        return report
    except sqlite3.DatabaseError as exc:
        report.messages.append(f"SQLite báo lỗi: {exc}")
        return report
    report.integrity_ok = not errors
    if errors:
        report.messages.append("Kiểm tra toàn vẹn SQLite thất bại:")
        report.messages += [f"    {e}" for e in errors[:50]]
    else:
        report.messages.append("Kiểm tra toàn vẹn SQLite: ok.")
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from camau_reception.services.audit import verify_chain

    # A read-only connection: the program's engine would switch a backup copy to WAL.
    engine = create_engine(
        "sqlite://", creator=lambda: sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    )
    try:
        with Session(engine) as session:
            chain = verify_chain(session)
    finally:
        engine.dispose()
    report.chain_ok = chain.ok
    report.messages.append(chain.message)
    if chain.ok:
        missing = events_missing_since_backup(path)
        if missing:
            report.chain_ok = False
            report.messages.append(missing)
    return report


def _last_event(conn: sqlite3.Connection, action: str | None = None) -> tuple[int, str] | None:
    sql = "SELECT id, hash FROM audit_events"
    sql += " WHERE action = ?" if action else ""
    row = conn.execute(sql + " ORDER BY id DESC LIMIT 1", (action,) if action else ()).fetchone()
    return (int(row[0]), str(row[1])) if row else None


def _has_event(conn: sqlite3.Connection, event: tuple[int, str]) -> bool:
    row = conn.execute("SELECT 1 FROM audit_events WHERE id = ? AND hash = ?", event).fetchone()
    return row is not None


def events_missing_since_backup(path: Path, *, look_at: int = 5) -> str | None:
    """The chain checks itself from the first event to the last one present, so deleting the
    newest events leaves it whole. The backups beside the file are an anchor outside it: the
    newest event of a backup taken from this file must still be here, with the same hash.

    Backups from before the latest restore are not this file's past (they do not hold its
    ``backup.restore`` event) and are skipped. Returns the Vietnamese problem, or None.
    """
    from camau_reception.storage.backup import list_backups

    def ro(file: Path) -> sqlite3.Connection:
        return sqlite3.connect(f"file:{file}?mode=ro", uri=True)

    try:
        conn = ro(path)
        try:
            restored = _last_event(conn, "backup.restore")
            for entry in list_backups(path)[:look_at]:
                try:
                    bconn = ro(entry.path)
                    try:
                        if restored is not None and not _has_event(bconn, restored):
                            continue
                        last = _last_event(bconn)
                    finally:
                        bconn.close()
                except sqlite3.DatabaseError:
                    continue  # an unreadable backup is the backup tab's business
                if last is None or _has_event(conn, last):
                    return None
                return (
                    f"Nhật ký hệ thống thiếu sự kiện #{last[0]} đã có trong bản sao lưu "
                    f"{entry.path.name}: các sự kiện mới nhất có thể đã bị xóa."
                )
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None
    return None
