"""Make the database files of released schema versions kept as upgrade fixtures.

``python -m tests.integration.make_fixtures`` writes ``tests/integration/fixtures/<rev>.sqlite3``.
Each file is migrated to exactly that revision and then filled with plain SQL written against
the tables *as they were at that revision* (never through today's models, which move on), with
rows in every table and Vietnamese text. Run it once when a version is released and commit the
file; never regenerate an old fixture (it stands for files already in offices).

Every fixture opens with the administrator ``admin`` / ``PASSWORD``.
"""

from __future__ import annotations

import random
import sqlite3
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PASSWORD = "mat-khau-thu-nghiem"


def _ts(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S.%f")


class _Chain:
    """Audit events with a valid hash chain (``services.audit.event_hash``)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        from camau_reception.services.audit import GENESIS

        self.conn = conn
        self.prev = GENESIS

    def log(
        self, at: datetime, user_id: int | None, username: str, action: str, entity: str,
        entity_id: object, summary: str,
    ) -> None:  # fmt: skip
        from camau_reception.services.audit import event_hash

        h = event_hash(self.prev, at, user_id, username, action, entity, str(entity_id), summary)
        self.conn.execute(
            "INSERT INTO audit_events (at, user_id, username, action, entity, entity_id, summary,"
            " prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)",
            (_ts(at), user_id, username, action, entity, str(entity_id), summary, self.prev, h),
        )
        self.prev = h


def _fill_0001(conn: sqlite3.Connection) -> None:
    from camau_reception.services.auth import hash_password

    rng = random.Random(1)
    t0 = datetime(2025, 1, 2, 7, 30)
    chain = _Chain(conn)
    conn.execute(
        "INSERT INTO agency (id, parent_body, name, symbol, place, address, phone, email,"
        " head_title, head_name, updated_at) VALUES (1,?,?,?,?,?,?,?,?,?,?)",
        (
            "UBND TỈNH CÀ MAU",
            "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
            "SVHTTDL",
            "Cà Mau",
            "Số 1 đường Hùng Vương, phường An Xuyên, tỉnh Cà Mau",
            "0290 3831 234",
            "svhttdl@camau.gov.vn",
            "GIÁM ĐỐC",
            "Nguyễn Văn Đức",
            _ts(t0),
        ),
    )
    pw = hash_password(PASSWORD)
    people = [
        ("admin", "Quản Trị Viên", "Chuyên viên CNTT", ["admin"]),
        ("canbo", "Võ Thị Thu Hà", "Chuyên viên", ["officer"]),
        ("lanhdao", "Nguyễn Văn Đức", "Giám đốc", ["leader"]),
        ("thanhtra", "Phạm Quốc Việt", "Chánh Thanh tra", ["inspector", "officer"]),
        ("nghiviec", "Đặng Hoàng Phúc", "Chuyên viên", ["officer"]),
    ]
    for i, (username, name, position, roles) in enumerate(people, start=1):
        conn.execute(
            "INSERT INTO users (id, username, full_name, position, password_hash, active,"
            " failed_attempts, locked_until, must_change_password, password_changed_at,"
            " created_at, last_login_at, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                i,
                username,
                name,
                position,
                pw,
                0 if username == "nghiviec" else 1,
                2 if username == "canbo" else 0,
                None,
                0,
                _ts(t0),
                _ts(t0),
                _ts(t0 + timedelta(days=30)) if username != "nghiviec" else None,
                3 if username == "canbo" else 1,
            ),
        )
        for role in roles:
            conn.execute("INSERT INTO user_roles (user_id, role) VALUES (?,?)", (i, role))
        chain.log(t0, None if i == 1 else 1, "admin", "user.create", "user", i,
                  f"Tạo tài khoản {username} ({name})")  # fmt: skip
    for key, value in (
        ("security.idle_lock_minutes", "10"),
        ("print.receipt_two_per_sheet", "false"),
        ("backup.keep_daily", "14"),
        ("report.note", '"Báo cáo gửi Thanh tra tỉnh trước ngày 15 hằng tháng"'),
    ):
        conn.execute("INSERT INTO settings (key, value) VALUES (?,?)", (key, value))
        chain.log(t0, 1, "admin", "setting.update", "setting", key, f"{key} = {value}")
    for day, kind, note in (
        (date(2025, 1, 2), "day_off", "Nghỉ bù Tết Dương lịch theo thông báo của tỉnh"),
        (date(2025, 4, 26), "working_day", "Làm bù cho ngày 2/5"),
        (date(2025, 5, 2), "day_off", "Nghỉ bù dịp 30/4 – 1/5"),
    ):
        conn.execute(
            "INSERT INTO calendar_overrides (day, kind, note, created_by, created_at)"
            " VALUES (?,?,?,?,?)",
            (day.isoformat(), kind, note, 1, _ts(t0)),
        )
        chain.log(t0, 1, "admin", "calendar.override", "calendar", day.isoformat(), note)
    counters: dict[tuple[int, str], int] = {}
    for n in range(120):
        type_code = rng.choice(["GBN", "PH", "TB", "PC"])
        issued = date(2025, 1, 2) + timedelta(days=rng.randint(0, 360))
        seq = counters.get((issued.year, type_code), 0) + 1
        counters[(issued.year, type_code)] = seq
        conn.execute(
            "INSERT INTO issued_documents (year, type_code, seq, number, issued_on, title,"
            " entity, entity_id, issued_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                issued.year,
                type_code,
                seq,
                f"{seq:02d}/{type_code}-SVHTTDL",
                issued.isoformat(),
                f"Văn bản số {n} về việc tiếp công dân",
                "test",
                str(n),
                2,
                _ts(t0 + timedelta(days=n)),
            ),
        )
        chain.log(t0 + timedelta(days=n), 2, "canbo", "document.issue", "document", n,
                  f"Cấp số {seq:02d}/{type_code}-SVHTTDL")  # fmt: skip
    for (year, type_code), last in counters.items():
        conn.execute(
            "INSERT INTO document_counters (year, type_code, last_number) VALUES (?,?,?)",
            (year, type_code, last),
        )
    for d in range(40):
        at = t0 + timedelta(days=d, hours=1)
        chain.log(at, 2, "canbo", "user.login", "user", 2, "Đăng nhập")


FILLERS = {"0001": _fill_0001}


def make(revision: str, dest: Path | None = None) -> Path:
    from sqlalchemy import create_engine

    from camau_reception.storage.migrate import upgrade_heads

    dest = dest or FIXTURES / f"{revision}.sqlite3"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.unlink(missing_ok=True)
    engine = create_engine(f"sqlite:///{dest}")
    with engine.begin() as conn:
        upgrade_heads(conn, revision)
    engine.dispose()
    conn = sqlite3.connect(dest)
    try:
        with conn:
            FILLERS[revision](conn)
        empty = [
            t
            for (t,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
            if conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] == 0
        ]
        if empty:
            raise SystemExit(f"fixture {revision}: tables left empty: {empty}")
        conn.execute("VACUUM")
    finally:
        conn.close()
    return dest


def main(argv: list[str]) -> int:
    for revision in argv or sorted(FILLERS):
        print(make(revision))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
