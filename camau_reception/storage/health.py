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
    from sqlalchemy.orm import Session

    from camau_reception.services.audit import verify_chain
    from camau_reception.storage.db import make_engine

    engine = make_engine(path)
    try:
        with Session(engine) as session:
            chain = verify_chain(session)
    finally:
        engine.dispose()
    report.chain_ok = chain.ok
    report.messages.append(chain.message)
    return report
