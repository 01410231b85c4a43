"""Make the database files of released schema versions kept as upgrade fixtures.

``python -m tests.integration.make_fixtures REV`` writes ``tests/integration/fixtures/REV.sqlite3``
(without an argument, only the fixtures not made yet). A release with several heads is named by
them joined with "+" (``0003a+0004+0005+0006``) and migrated to each in turn. Each file is
migrated to exactly that revision and then filled with plain SQL written against the tables
*as they were at that revision* (never through today's models, which move on), with rows in
every table and Vietnamese text. Run it once when a version is released and commit the file;
never regenerate an old fixture (it stands for files already in offices).

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

    def __init__(self, conn: sqlite3.Connection, prev: str | None = None) -> None:
        from camau_reception.services.audit import GENESIS

        self.conn = conn
        self.prev = prev or GENESIS

    @classmethod
    def resume(cls, conn: sqlite3.Connection) -> _Chain:
        """Continue the chain after the events already in the file."""
        row = conn.execute("SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1").fetchone()
        return cls(conn, row[0] if row else None)

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


# --- release 0003a+0004+0005+0006: reception, petitions, schedule, dossiers, corruption --------
#
# Written against the tables as migrations 0002–0006 left them, with the values the services of
# that release wrote (states, labels, audit summaries, sort keys, the search index, real
# ciphertext). Derived values (legal deadlines, recurrences, folded text) come from the pure
# ``domain`` helpers, never from ORM models.

ADMIN, CANBO, LANHDAO, THANHTRA = 1, 2, 3, 4
_PEOPLE = {
    ADMIN: ("admin", "Quản Trị Viên"),
    CANBO: ("canbo", "Võ Thị Thu Hà"),
    LANHDAO: ("lanhdao", "Nguyễn Văn Đức"),
    THANHTRA: ("thanhtra", "Phạm Quốc Việt"),
}
_UTC_OFFSET = timedelta(hours=7)  # audit and row stamps are naive UTC; visits are local time


def _v(value: object) -> object:
    if isinstance(value, datetime):
        return _ts(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _insert(conn: sqlite3.Connection, table: str, **values: object) -> int:
    cols = ", ".join(f'"{c}"' for c in values)
    marks = ", ".join("?" for _ in values)
    cur = conn.execute(
        f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', [_v(v) for v in values.values()]
    )
    return int(cur.lastrowid or 0)


def _utc(day: date, hm: str = "09:00") -> datetime:
    """A local office time on ``day`` as the naive UTC stamp the program stores."""
    h, m = (int(x) for x in hm.split(":"))
    return datetime(day.year, day.month, day.day, h, m) - _UTC_OFFSET


class _Events:
    """Audit events of the areas, chained in time order after those already in the file."""

    def __init__(self) -> None:
        self.items: list[tuple[datetime, int | None, str, str, str, str, str]] = []

    def add(
        self, at: datetime, user_id: int | None, action: str, entity: str, entity_id: object,
        summary: str,
    ) -> None:  # fmt: skip
        from camau_reception.domain.text import normalize

        username = _PEOPLE[user_id][0] if user_id else ""
        self.items.append(
            (at, user_id, username, action, entity, str(entity_id), normalize(summary)[:2000])
        )

    def write(self, conn: sqlite3.Connection) -> None:
        chain = _Chain.resume(conn)
        for at, user_id, username, action, entity, entity_id, summary in sorted(
            self.items, key=lambda e: e[0]
        ):
            chain.log(at, user_id, username, action, entity, entity_id, summary)


class _Law:
    """Legal deadlines as the program computed them: work calendar and rule book of the file."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        from camau_reception.domain.calendar import CalendarOverride, OverrideKind, WorkCalendar
        from camau_reception.domain.deadlines import DeadlineRule, default_rulebook

        self.cal = WorkCalendar(
            CalendarOverride(date.fromisoformat(d), OverrideKind(k), n)
            for d, k, n in conn.execute("SELECT day, kind, note FROM calendar_overrides")
        )
        self.book = default_rulebook().with_rules(
            DeadlineRule(
                id=r[0],
                label=r[1],
                days=r[2],
                unit=r[3],
                source=r[4],
                effective_from=date.fromisoformat(r[5]),
                note=r[6],
            )
            for r in conn.execute(
                "SELECT rule_id, label, days, unit, source, effective_from, note"
                " FROM deadline_rule_versions"
            )
        )

    def due(self, rule_id: str, start: date):  # -> domain.deadlines.Deadline
        from camau_reception.domain.deadlines import compute_deadline

        return compute_deadline(rule_id, start, self.cal, self.book)


# Frozen copies of the labels the services of this release wrote into rows and audit summaries.
_KIND_LABELS = {"regular": "Thường xuyên", "periodic": "Định kỳ", "unscheduled": "Đột xuất"}
_OUTCOME_LABELS = {
    "explained": "Giải thích, trả lời trực tiếp",
    "guided": "Hướng dẫn đến cơ quan có thẩm quyền",
    "petition_received": "Nhận đơn",
    "transferred": "Chuyển đơn",
    "appointment": "Hẹn gặp lãnh đạo",
    "refused": "Từ chối tiếp",
}
_PETITION_STATES = {
    "received": "Mới tiếp nhận",
    "classified": "Đã phân loại",
    "accepted": "Đã thụ lý",
    "transferred": "Đã chuyển đơn",
    "guided": "Đã hướng dẫn",
    "returned": "Đã trả lại đơn",
    "archived": "Lưu đơn",
    "verifying": "Đang xác minh",
    "extended": "Đã gia hạn",
    "resolved": "Đã giải quyết",
    "notified": "Đã thông báo kết quả",
    "closed": "Kết thúc",
}
_PETITION_KINDS = {
    "complaint": "Khiếu nại",
    "denunciation": "Tố cáo",
    "recommendation": "Kiến nghị",
    "reflection": "Phản ánh",
}
_PETITION_SOURCES = {
    "reception": "Tiếp công dân trực tiếp",
    "post": "Qua bưu chính",
    "transferred": "Cơ quan khác chuyển đến",
    "hotline": "Đường dây nóng",
    "comment_box": "Hòm thư góp ý",
    "portal": "Cổng thông tin điện tử",
}
_PETITION_RESULTS = {
    "right": "Đúng",
    "wrong": "Sai",
    "partly": "Đúng một phần",
    "answered": "Đã trả lời",
}
_CASE_STATES = {
    "received": "Đang phân loại",
    "to_transfer": "Chờ chuyển đơn",
    "transferred": "Đã chuyển đơn",
    "not_accepted": "Không thụ lý",
    "information": "Thông tin phục vụ thanh tra",
    "accepted": "Đã thụ lý",
    "verifying": "Đang xác minh",
    "concluded": "Đã kết luận",
    "notified": "Đã thông báo kết quả",
    "closed": "Kết thúc",
}
_CASE_ACTIONS = {
    "receive": "Tiếp nhận",
    "accept": "Thụ lý tố cáo",
    "to_transfer": "Không thuộc thẩm quyền",
    "transfer": "Chuyển đơn",
    "verify": "Bắt đầu xác minh",
    "extend": "Gia hạn giải quyết",
    "conclude": "Kết luận nội dung tố cáo",
    "notify": "Thông báo kết quả",
    "close": "Kết thúc hồ sơ",
}
_CASE_SOURCES = {
    "reception": "Trực tiếp tại nơi tiếp công dân",
    "post": "Qua bưu chính",
    "hotline": "Đường dây nóng",
    "email": "Thư điện tử",
    "transferred": "Cơ quan khác chuyển đến",
    "comment_box": "Hòm thư tố cáo",
}
_PLACE = "Phòng tiếp công dân, Sở Văn hóa, Thể thao và Du lịch"


# --- reception (0002) ---------------------------------------------------------------------------


def _sort_key(received_at: datetime, reception_id: int) -> int:
    """Frozen copy of ``models.reception.sort_key_of``: minute since 2000 << 36 | id."""
    minutes = int((received_at - datetime(2000, 1, 1)).total_seconds() // 60)
    return (max(0, minutes) << 36) | (reception_id & ((1 << 36) - 1))


def _fill_reception(conn: sqlite3.Connection, events: _Events) -> None:
    from camau_reception.domain.text import fold, fold_tokens

    citizens = [
        # full name, paper, number, sex, birth year, phone, commune, address
        ("Nguyễn Văn Tư", "cccd", "096070001234", "nam", 1970, "0918123456",
         "Phường An Xuyên", "Số 12, đường Phan Ngọc Hiển, khóm 3"),
        ("Trần Thị Mỹ Linh", "cccd", "096185004321", "nữ", 1985, "0945678123",
         "Phường Tân Thành", "Số 7, hẻm 14, đường Ngô Quyền"),
        ("Lê Hoàng Phong", "cccd", "094092007777", "nam", 1992, "0369852147",
         "Xã Tân Thuận", "Ấp Hiệp Hòa"),
        ("Huỳnh Thị Bé", "cmnd", "381234567", "nữ", 1958, "",
         "Xã Khánh Bình", "Ấp 4"),
        ("Dương Văn Sáu", "cccd", "096065002468", "nam", 1965, "0292123456",
         "Phường Tân Thành", "Khóm 5"),
        ("Lâm Thị Ngọc Hân", "cccd", "", "", None, "0978456321",
         "Xã Đất Mũi", "Ấp Mũi"),
    ]  # fmt: skip
    stamp = datetime(2025, 3, 12, 1, 20)
    issued = {"cccd": date(2021, 6, 15), "cmnd": date(2012, 3, 20)}
    issuer = {
        "cccd": "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
        "cmnd": "Công an tỉnh Cà Mau",
    }
    for i, (name, kind, number, sex, born, phone, commune, detail) in enumerate(citizens, 1):
        _insert(
            conn, "citizens", id=i, full_name=name, name_folded=fold(name), id_kind=kind,
            id_number=number, id_issued_on=issued.get(kind) if number else None,
            id_issued_by=issuer.get(kind, "") if number else "",
            sex=sex, birth_year=born, phone=phone, province="Cà Mau", commune=commune,
            address_detail=detail, created_at=stamp, updated_at=stamp, version=1,
        )  # fmt: skip

    visits: list[dict[str, object]] = [
        dict(
            received_at=datetime(2025, 3, 12, 8, 15), citizen_id=1, complaint=True,
            summary="Khiếu nại Quyết định số 45/QĐ-SVHTTDL về việc xử phạt vi phạm hành chính "
            "đối với cơ sở karaoke Hoàng Gia do ông làm chủ.",
            outcome="petition_received",
            documents=[("Đơn khiếu nại", 3, "Nguyên vẹn", "original"),
                       ("Quyết định số 45/QĐ-SVHTTDL", 2, "Nguyên vẹn", "certified")],
        ),
        dict(
            received_at=datetime(2025, 4, 10, 8, 0), kind="periodic",
            presiding_leader_id=LANHDAO, presiding_leader_name="Nguyễn Văn Đức",
            citizen_id=2, group_size=6, representatives=[5],
            recommendation=True, reflection=True,
            summary="Đoàn 6 hộ dân khóm 5 phản ánh tiếng ồn của các quán karaoke sau 22 giờ và "
            "kiến nghị tăng cường kiểm tra giấy phép kinh doanh.",
            handled_by="Ủy ban nhân dân phường Tân Thành (trả lời ngày 15/02/2025)",
            followup="Giám đốc giao Thanh tra Sở kiểm tra trong tháng 4/2025.",
            documents=[("Đơn kiến nghị có chữ ký của 6 hộ dân", 2, "Nguyên vẹn", "original")],
        ),
        dict(
            received_at=datetime(2025, 5, 20, 14, 30), citizen_id=3, reflection=True,
            summary="Phản ánh nhà văn hóa ấp Hiệp Hòa xuống cấp, mái tôn bị tốc sau mưa bão.",
            outcome="guided", within_competence=False,
            guided_to="Ủy ban nhân dân xã Tân Thuận",
        ),
        dict(
            received_at=datetime(2025, 6, 5, 9, 0), citizen_id=4, complaint=True,
            summary="Tiếp tục khiếu nại việc thu hồi đất xây dựng nhà thi đấu đa năng.",
            outcome="refused", refusal_reason="already_resolved",
            refusal_detail="Đã được giải quyết tại Quyết định số 112/QĐ-UBND ngày 10/12/2024 "
            "của Chủ tịch Ủy ban nhân dân tỉnh.",
            documents=[("Đơn khiếu nại", 1, "Bị nhàu", "copy")],
        ),
        dict(
            received_at=datetime(2025, 7, 7, 10, 30), citizen_id=2, reflection=True,
            summary="Phản ánh lại việc quán karaoke tại khóm 5 hoạt động quá giờ.",
            cancelled=True, cancel_reason="Ghi trùng với lượt tiếp đã nhập từ sổ giấy",
            cancelled_at=datetime(2025, 7, 8, 2, 5), cancelled_by=ADMIN, version=2,
        ),
        dict(
            received_at=datetime(2025, 9, 18, 9, 45), citizen_id=1, complaint=True,
            summary="Chưa đồng ý với Quyết định giải quyết khiếu nại số 28/QĐ-SVHTTDL, đề nghị "
            "gặp Giám đốc Sở trình bày.",
            outcome="appointment", appointment_at=datetime(2025, 10, 9, 8, 0),
            appointment_place=_PLACE,
            appointment_purpose="Gặp Giám đốc Sở tại buổi tiếp định kỳ",
            same_matter_as_id=1, repeat_count=1,
        ),
        dict(
            received_at=datetime(2025, 11, 3, 15, 0), kind="unscheduled",
            presiding_leader_id=LANHDAO, presiding_leader_name="Nguyễn Văn Đức",
            officer_id=THANHTRA, citizen_id=6, denunciation=True,
            summary="Tố cáo chủ đầu tư khu du lịch sinh thái Đất Mũi lấn chiếm rừng phòng hộ "
            "ven biển.",
            outcome="transferred", within_competence=False,
            transferred_to="Thanh tra tỉnh Cà Mau",
            documents=[("Đơn tố cáo", 4, "Nguyên vẹn", "original"),
                       ("Ảnh chụp hiện trường", 6, "Bản in màu", "copy")],
        ),
    ]  # fmt: skip
    terms: set[str] = set()
    for rid, visit in enumerate(visits, 1):
        received = visit["received_at"]
        assert isinstance(received, datetime)
        officer = int(visit.get("officer_id", CANBO))
        created = received - _UTC_OFFSET + timedelta(minutes=12)
        row: dict[str, object] = {
            "kind": "regular", "presiding_leader_id": None, "presiding_leader_name": "",
            "group_size": 1, "complaint": False, "denunciation": False,
            "recommendation": False, "reflection": False, "corruption": False,
            "handled_by": "", "within_competence": True, "outcome": "explained",
            "guided_to": "", "guide_doc_number": "", "transferred_to": "",
            "transfer_doc_number": "", "appointment_at": None, "appointment_place": "",
            "appointment_purpose": "", "refusal_reason": "", "refusal_detail": "",
            "followup": "", "same_matter_as_id": None, "repeat_count": 0, "cancelled": False,
            "cancel_reason": "", "cancelled_at": None, "cancelled_by": None, "version": 1,
        }  # fmt: skip
        row.update({k: v for k, v in visit.items() if k not in ("documents", "representatives")})
        row.update(
            id=rid, sort_key=_sort_key(received, rid), officer_id=officer, created_by=officer,
            created_at=created, updated_at=created,  # cancelling leaves updated_at alone
        )  # fmt: skip
        _insert(conn, "receptions", **row)
        reps = list(visit.get("representatives", []))
        for pos, citizen_id in enumerate(reps):
            _insert(
                conn, "reception_representatives", reception_id=rid, citizen_id=citizen_id,
                position=pos,
            )  # fmt: skip
        docs = list(visit.get("documents", []))
        for pos, (name, pages, condition, copy_kind) in enumerate(docs):
            _insert(
                conn, "reception_documents", reception_id=rid, position=pos, name=name,
                pages=pages, condition=condition, copy_kind=copy_kind,
            )  # fmt: skip
        # The search index (services.reception_search.index_body as of this release).
        parts: list[str] = []
        for cid in [row["citizen_id"], *reps]:
            name, _, number, _, _, phone, commune, detail = citizens[int(cid) - 1]
            parts += [name, number, phone, detail, commune, "Cà Mau"]
        parts.append(str(row["summary"]))
        body = fold(" ".join(p for p in parts if p))
        conn.execute(
            "INSERT INTO reception_fts(rowid, body) VALUES (?, ?)", (row["sort_key"], body)
        )
        terms |= {w for w in fold_tokens(body) if not any(ch.isdigit() for ch in w)}
        events.add(
            created, officer, "reception.record", "reception", rid,
            f"Ghi sổ lượt tiếp #{rid} ngày {received:%d/%m/%Y %H:%M} "
            f"({_KIND_LABELS[str(row['kind'])]}; {_OUTCOME_LABELS[str(row['outcome'])]})",
        )  # fmt: skip
        if row["cancelled"]:
            events.add(
                row["cancelled_at"], ADMIN, "reception.cancel", "reception", rid,
                f"Hủy lượt tiếp #{rid}: {row['cancel_reason']}",
            )  # fmt: skip
    conn.executemany(
        "INSERT INTO reception_search_terms(term) VALUES (?)", [(t,) for t in sorted(terms)]
    )


# --- petitions (0003, 0003a) --------------------------------------------------------------------


class _PetitionFlow:
    """The petition workflow of this release (services.petitions), written as rows."""

    def __init__(self, conn: sqlite3.Connection, law: _Law, events: _Events) -> None:
        self.conn, self.law, self.events = conn, law, events
        self.rows: list[dict[str, object]] = []
        self.steps: list[dict[str, object]] = []

    def receive(
        self, actor: int, code: str, kind: str, source: str, received_on: date,
        summary: str, name: str, address: str, *, hm: str = "09:30", split_from: int | None = None,
        **extra: object,
    ) -> dict[str, object]:  # fmt: skip
        from camau_reception.domain.text import fold

        at = _utc(received_on, hm)
        p: dict[str, object] = {
            "id": len(self.rows) + 1, "code": code, "kind": kind, "complaint_round": 1,
            "source": source, "received_on": received_on, "petitioner_name": name,
            "petitioner_address": address, "name_folded": fold(name), "citizen_id": None,
            "reception_id": None, "signer_count": 1, "summary": summary, "sender_body": "",
            "sender_letter_no": "", "sender_letter_date": None, "eligible": None,
            "within_competence": None, "complex_case": False, "remote_area": False,
            "outcome": "", "accept_decision_no": "", "accepted_on": None, "target_body": "",
            "out_letter_no": "", "archive_reason": "", "duplicate_of_id": None,
            "split_from_id": split_from, "extensions": 0, "result": "", "decision_no": "",
            "resolved_on": None, "resolve_due_on": None, "notified_on": None,
            "closed_on": None, "state": "", "rule_id": "", "clock_start": None,
            "due_on": None, "officer_id": actor, "created_by": actor, "created_at": at,
            "updated_at": at, "version": 1,
        }  # fmt: skip
        p.update(extra)
        self.rows.append(p)
        rule = {"denunciation": "denunciation.classify", "complaint": "complaint.accept"}.get(
            kind, "petition.classify"
        )
        d = self._clock(p, rule, received_on)
        note = f"{_PETITION_SOURCES[source]}; {_PETITION_KINDS[kind]}"
        if split_from:
            note += f"; tách từ đơn {self.rows[split_from - 1]['code']}"
        self._step(p, actor, "receive", "received", received_on, note, deadline=d, hm=hm)
        p["version"] = 1
        return p

    def _clock(self, p: dict[str, object], rule_id: str, start: date):
        d = self.law.due(rule_id, start)
        p["rule_id"], p["clock_start"], p["due_on"] = rule_id, start, d.due
        return d

    @staticmethod
    def _stop(p: dict[str, object]) -> None:
        p["rule_id"], p["clock_start"], p["due_on"] = "", None, None

    def _step(
        self, p: dict[str, object], actor: int, action: str, to_state: str, on: date,
        note: str = "", *, document_no: str = "", deadline=None, approver: int | None = None,
        hm: str = "14:00",
    ) -> None:  # fmt: skip
        at = _utc(on, hm)
        self.steps.append(
            {
                "petition_id": p["id"],
                "on": on,
                "at": at,
                "action": action,
                "from_state": p["state"],
                "to_state": to_state,
                "user_id": actor,
                "user_name": _PEOPLE[actor][1],
                "note": note,
                "document_no": document_no,
                "approver_id": approver,
                "rule_id": deadline.rule.id if deadline else "",
                "clock_start": deadline.start if deadline else None,
                "due_on": deadline.due if deadline else None,
                "explanation": deadline.explanation if deadline else "",
            }
        )
        p["state"], p["updated_at"] = to_state, at
        p["version"] = int(p["version"]) + 1
        self.events.add(
            at, actor, f"petition.{action}", "petition", p["id"],
            f"{p['code']}: {_PETITION_STATES[to_state]}" + (f" — {note}" if note else ""),
        )  # fmt: skip

    def classify(
        self, p: dict[str, object], actor: int, on: date, *, eligible: bool, within: bool
    ) -> None:
        p["eligible"], p["within_competence"] = eligible, within
        text = "; ".join(
            [
                "đủ điều kiện xử lý" if eligible else "không đủ điều kiện xử lý",
                "thuộc thẩm quyền" if within else "không thuộc thẩm quyền",
            ]
        )
        self._step(p, actor, "classify", "classified", on, text)

    def accept(self, p: dict[str, object], actor: int, on: date, decision_no: str) -> None:
        p["accept_decision_no"], p["accepted_on"], p["outcome"] = decision_no, on, "accepted"
        kind = p["kind"]
        rule = {"denunciation": "denunciation.resolve", "complaint": "complaint.resolve"}.get(
            str(kind), "reception.notify_outcome"
        )
        if kind == "complaint" and p["complaint_round"] == 2:
            rule = "complaint2.resolve"
        d = self._clock(p, rule, on)
        p["resolve_due_on"] = d.due
        self._step(p, actor, "accept", "accepted", on, document_no=decision_no, deadline=d)

    def verify(self, p: dict[str, object], actor: int, on: date, note: str) -> None:
        self._step(p, actor, "start_verification", "verifying", on, note)

    def extend(
        self, p: dict[str, object], actor: int, on: date, reason: str, decision_no: str
    ) -> None:
        # A denunciation: a further period counted from the deadline running now.
        d = self._clock(p, "denunciation.extend", p["due_on"] or on)
        p["extensions"] = int(p["extensions"]) + 1
        p["resolve_due_on"] = d.due
        note = f"{reason}; phê duyệt: {_PEOPLE[LANHDAO][1]}"
        self._step(
            p, actor, "extend", "extended", on, note, document_no=decision_no, deadline=d,
            approver=LANHDAO,
        )  # fmt: skip

    def resolve(
        self, p: dict[str, object], actor: int, on: date, decision_no: str, result: str
    ) -> None:
        p["result"], p["decision_no"], p["resolved_on"] = result, decision_no, on
        self._stop(p)
        due = p["resolve_due_on"]
        late = "" if due is None or on <= due else " (quá hạn)"
        note = f"Kết quả: {_PETITION_RESULTS[result]}{late}."
        self._step(p, actor, "resolve", "resolved", on, note, document_no=decision_no)

    def notify(self, p: dict[str, object], actor: int, on: date, note: str = "") -> None:
        p["notified_on"] = on
        self._step(p, actor, "notify", "notified", on, note)

    def close(self, p: dict[str, object], actor: int, on: date, note: str = "") -> None:
        p["closed_on"] = on
        self._stop(p)
        self._step(p, actor, "close", "closed", on, note)

    def guide(self, p: dict[str, object], actor: int, on: date, to_body: str) -> None:
        p["target_body"], p["outcome"] = to_body, "guided"
        self._stop(p)
        self._step(p, actor, "guide", "guided", on, f"Hướng dẫn đến {to_body}.")

    def duplicate(self, p: dict[str, object], actor: int, on: date, original: int) -> None:
        p["duplicate_of_id"] = original
        p["archive_reason"] = f"Đơn trùng với đơn {self.rows[original - 1]['code']}"
        p["outcome"] = "archived"
        self._stop(p)
        self._step(p, actor, "archive", "archived", on, str(p["archive_reason"]))

    def write(self) -> None:
        for p in self.rows:
            _insert(self.conn, "petitions", **p)
        for s in self.steps:
            _insert(self.conn, "petition_steps", **s)


def _fill_petitions(conn: sqlite3.Connection, events: _Events) -> None:
    # Two rule versions an administrator added (confirming sources marked "cần xác nhận").
    for rid, label, source, note in (
        (
            "petition.classify",
            "Phân loại, xử lý đơn",
            "Thông tư 05/2021/TT-TTCP, Điều 6 khoản 1",
            "Xác nhận căn cứ theo Thông tư 05/2021/TT-TTCP (thay Thông tư 07/2014/TT-TTCP)",
        ),
        (
            "denunciation.protection_decision",
            "Xem xét, quyết định áp dụng biện pháp bảo vệ người tố cáo",
            "Luật Tố cáo 2018, Điều 52 khoản 1",
            "Thanh tra tỉnh đã xác nhận thời hạn 07 ngày làm việc",
        ),
    ):
        at = datetime(2025, 6, 20, 2, 15)
        days = 10 if rid.startswith("petition") else 7
        _insert(
            conn, "deadline_rule_versions", rule_id=rid, label=label, days=days,
            unit="working_days", source=source, effective_from=date(2025, 7, 1), note=note,
            created_by=ADMIN, created_at=at,
        )  # fmt: skip
        events.add(
            at, ADMIN, "rule.add_version", "deadline_rule", rid,
            f"{label}: {days} ngày làm việc từ 01/07/2025 ({source})",
        )  # fmt: skip
    flow = _PetitionFlow(conn, _Law(conn), events)
    # 1. Taken at the counter with visit #1 (outcome "nhận đơn").
    p = flow.receive(
        CANBO, "DT-2025-0001", "complaint", "reception", date(2025, 3, 12),
        "Khiếu nại Quyết định số 45/QĐ-SVHTTDL về việc xử phạt vi phạm hành chính đối với cơ "
        "sở karaoke Hoàng Gia do ông làm chủ.",
        "Nguyễn Văn Tư", "Số 12, đường Phan Ngọc Hiển, khóm 3, Phường An Xuyên, Cà Mau",
        hm="08:27", citizen_id=1, reception_id=1,
    )  # fmt: skip
    flow.classify(p, CANBO, date(2025, 3, 14), eligible=True, within=True)
    flow.accept(p, CANBO, date(2025, 3, 18), "15/QĐ-SVHTTDL")
    flow.verify(p, THANHTRA, date(2025, 3, 20), "Thanh tra Sở xác minh nội dung khiếu nại")
    flow.resolve(p, THANHTRA, date(2025, 4, 15), "28/QĐ-SVHTTDL", "partly")
    flow.notify(p, CANBO, date(2025, 4, 17), "Gửi quyết định qua bưu điện, có báo phát")
    flow.close(p, CANBO, date(2025, 4, 25))
    # 2. A reflection by post, guided to the commune; 3. the same matter again by hotline.
    p = flow.receive(
        CANBO, "DT-2025-0002", "reflection", "post", date(2025, 5, 6),
        "Phản ánh loa phát thanh của nhà văn hóa ấp Tân Điền phát quá lớn vào buổi sáng sớm.",
        "Phạm Thị Thu Trang", "Ấp Tân Điền, xã Tân Tiến, tỉnh Cà Mau",
    )  # fmt: skip
    flow.classify(p, CANBO, date(2025, 5, 9), eligible=True, within=False)
    flow.guide(p, CANBO, date(2025, 5, 12), "Ủy ban nhân dân xã Tân Tiến")
    p = flow.receive(
        CANBO, "DT-2025-0003", "reflection", "hotline", date(2025, 6, 2),
        "Phản ánh loa phát thanh nhà văn hóa ấp Tân Điền vẫn phát quá lớn vào sáng sớm.",
        "Phạm Thị Thu Trang", "Ấp Tân Điền, xã Tân Tiến, tỉnh Cà Mau",
    )  # fmt: skip
    flow.duplicate(p, CANBO, date(2025, 6, 4), original=2)
    # 4. A denunciation transferred in, accepted, then extended (still open, overdue).
    p = flow.receive(
        CANBO, "DT-2025-0004", "denunciation", "transferred", date(2025, 8, 5),
        "Tố cáo cán bộ Trung tâm Văn hóa tỉnh thu tiền thuê mặt bằng hội chợ không nộp ngân sách.",
        "Võ Minh Khang", "Số 45, đường Nguyễn Tất Thành, phường Tân Thành, tỉnh Cà Mau",
        sender_body="Ban Tiếp công dân tỉnh Cà Mau", sender_letter_no="125/BTCD-NV",
        sender_letter_date=date(2025, 8, 1),
    )  # fmt: skip
    flow.classify(p, THANHTRA, date(2025, 8, 8), eligible=True, within=True)
    flow.accept(p, THANHTRA, date(2025, 8, 12), "42/QĐ-SVHTTDL")
    flow.verify(p, THANHTRA, date(2025, 8, 15), "Thành lập Tổ xác minh nội dung tố cáo")
    flow.extend(
        p, THANHTRA, date(2025, 9, 10), "Vụ việc phức tạp, cần xác minh tại nhiều đơn vị",
        "50/QĐ-SVHTTDL",
    )  # fmt: skip
    # 5–6. A collective petition with two kinds, split into linked petitions.
    signers = "Tập thể hộ dân khóm 5, phường Tân Thành"
    text = (
        "Kiến nghị di dời điểm kinh doanh karaoke gây ồn sau 22 giờ tại khóm 5 và phản ánh "
        "việc kiểm tra chưa thường xuyên."
    )
    address = "Khóm 5, phường Tân Thành, tỉnh Cà Mau"
    p = flow.receive(
        CANBO, "DT-2025-0005", "recommendation", "post", date(2025, 10, 20), text, signers,
        address, signer_count=12,
    )  # fmt: skip
    flow.receive(
        CANBO, "DT-2025-0006", "reflection", "post", date(2025, 10, 20), text, signers, address,
        signer_count=12, split_from=p["id"],
    )  # fmt: skip
    flow.classify(p, CANBO, date(2025, 10, 22), eligible=True, within=True)
    flow.accept(p, CANBO, date(2025, 10, 24), "61/TB-SVHTTDL")
    flow.resolve(p, LANHDAO, date(2025, 11, 5), "2145/SVHTTDL-TTr", "answered")
    flow.notify(p, CANBO, date(2025, 11, 7))
    # 7. This year's first: a second-round complaint through the portal, just received.
    flow.receive(
        CANBO, "DT-2026-0001", "complaint", "portal", date(2026, 1, 15),
        "Khiếu nại lần hai đối với Quyết định giải quyết khiếu nại số 28/QĐ-SVHTTDL.",
        "Nguyễn Văn Tư", "Số 12, đường Phan Ngọc Hiển, khóm 3, Phường An Xuyên, Cà Mau",
        citizen_id=1, complaint_round=2,
    )  # fmt: skip
    flow.write()
    # Petition codes come from the "DON" counter (services.numbering.next_seq).
    for year, last in ((2025, 6), (2026, 1)):
        _insert(conn, "document_counters", year=year, type_code="DON", last_number=last)


# --- schedule (0004) ----------------------------------------------------------------------------


def _fill_schedule(conn: sqlite3.Connection, events: _Events) -> None:
    import json

    from camau_reception.domain.recurrence import Rule, occurrences

    law = _Law(conn)
    staff = [
        # name, position, leader, head, phone, email, publish, active, user
        ("Nguyễn Văn Đức", "Giám đốc", True, True, "0290 3831 235", "ducnv@camau.gov.vn",
         True, True, LANHDAO),
        ("Lê Thị Kim Thoa", "Phó Giám đốc", True, False, "0290 3832 111",
         "thoaltk@camau.gov.vn", True, True, None),
        ("Võ Thị Thu Hà", "Chuyên viên Văn phòng Sở", False, False, "0290 3831 234", "",
         True, True, CANBO),
        ("Phạm Quốc Việt", "Chánh Thanh tra", False, False, "0290 3831 240",
         "vietpq@camau.gov.vn", True, True, THANHTRA),
        ("Trần Minh Hiếu", "Phó Giám đốc", True, False, "0913222333", "", False, False, None),
    ]  # fmt: skip
    for i, (name, position, leader, head, phone, email, publish, active, user) in enumerate(
        staff, 1
    ):
        _insert(
            conn, "staff_members", id=i, full_name=name, position=position, is_leader=leader,
            is_head=head, phone=phone, email=email, publish_contacts=publish, active=active,
            user_id=user,
        )  # fmt: skip
        events.add(
            _utc(date(2025, 3, 18), f"08:{10 + i}"), ADMIN, "schedule.person_add", "person", i,
            f"{name} ({position})",
        )  # fmt: skip
        if not active:
            events.add(
                _utc(date(2025, 3, 19), "08:00"), ADMIN, "schedule.person_update", "person", i,
                f"{name} ({position}), ngừng hoạt động",
            )  # fmt: skip

    sessions: list[dict[str, object]] = []
    plans = (
        (Rule("nth_weekday", weekday=3, nth=2), 1, "07:30", "11:00",
         "Tiếp công dân định kỳ của Giám đốc Sở", date(2025, 12, 31)),
        (Rule("day_of_month", day=15), 2, "13:30", "17:00",
         "Các vụ việc về gia đình, quảng cáo và văn hóa cơ sở", date(2025, 6, 30)),
    )  # fmt: skip
    start = date(2025, 4, 1)
    for rule_id, (rule, presiding, t0, t1, topics, end) in enumerate(plans, 1):
        created = _utc(date(2025, 3, 20), f"09:{rule_id:02d}")
        _insert(
            conn, "recurrence_rules", id=rule_id, target="session", kind=rule.kind,
            weekday=rule.weekday, nth=rule.nth, day=rule.day, weekdays="", shift=rule.shift,
            start=start, end=end, description=rule.describe(), presiding_id=presiding, half="",
            staff_ids="", start_time=t0, end_time=t1, place=_PLACE, topics=topics,
            created_at=created, created_by=LANHDAO,
        )  # fmt: skip
        occ = occurrences(rule, start, end, law.cal)
        for o in occ:
            sessions.append(
                {
                    "id": len(sessions) + 1,
                    "day": o.day,
                    "start_time": t0,
                    "end_time": t1,
                    "place": _PLACE,
                    "presiding_id": presiding,
                    "deputy_id": None,
                    "topics": topics,
                    "status": "planned",
                    "reason": "",
                    "planned_day": o.planned,
                    "original_day": None,
                    "move_note": o.note,
                    "rule_id": rule_id,
                    "rule_text": rule.describe(),
                    "version": 1,
                    "updated_at": created,
                }
            )
        moved = sum(1 for o in occ if o.moved)
        events.add(
            created, LANHDAO, "schedule.generate", "recurrence_rule", rule_id,
            f"{rule.describe()}: {len(occ)} buổi từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"
            + (f", {moved} buổi chuyển khỏi ngày nghỉ" if moved else ""),
        )  # fmt: skip

    def by_day(day: date) -> dict[str, object]:
        return next(s for s in sessions if s["day"] == day)

    def entries(period_start: date, period_end: date) -> list[dict[str, object]]:
        """What ``services.schedule.snapshot`` published: live sessions, the acting leader."""
        out = []
        for s in sorted(sessions, key=lambda s: (s["day"], s["start_time"], s["id"])):
            if not period_start <= s["day"] <= period_end:
                continue
            acting = staff[int(s["deputy_id"] or s["presiding_id"]) - 1]
            out.append(
                {
                    "id": s["id"],
                    "day": s["day"].isoformat(),
                    "time": f"{s['start_time']}–{s['end_time']}",
                    "place": s["place"],
                    "presiding": acting[0],
                    "position": acting[1],
                    "status": s["status"],
                    "note": s["move_note"] if s["status"] == "postponed" else "",
                }
            )
        return out

    publications: list[tuple[str, date, list[dict[str, object]], str]] = []
    q2 = (date(2025, 4, 1), date(2025, 6, 30))
    publications.append(("2025-Q2", date(2025, 3, 25), entries(*q2), ""))
    # The director hands 08/05 to the deputy, then postpones 12/06 by a week; version 2.
    s = by_day(date(2025, 5, 8))
    reason = "Giám đốc dự kỳ họp Hội đồng nhân dân tỉnh"
    s.update(deputy_id=2, status="deputised", reason=reason, version=2,
             updated_at=_utc(date(2025, 5, 5), "10:20"))  # fmt: skip
    events.add(
        s["updated_at"], LANHDAO, "schedule.deputise", "duty_session", s["id"],
        f"08/05/2025: Nguyễn Văn Đức ủy quyền cho Lê Thị Kim Thoa ({reason})",
    )  # fmt: skip
    s = by_day(date(2025, 6, 12))
    reason = "Giám đốc đi công tác tại Thành phố Hồ Chí Minh"
    s.update(
        day=date(2025, 6, 19), original_day=date(2025, 6, 12), status="postponed",
        reason=reason, move_note=f"Hoãn từ ngày 12/06/2025: {reason}", version=2,
        updated_at=_utc(date(2025, 6, 2), "15:40"),
    )  # fmt: skip
    events.add(
        s["updated_at"], LANHDAO, "schedule.postpone", "duty_session", s["id"],
        f"12/06/2025 → 19/06/2025: {reason}",
    )  # fmt: skip
    publications.append(
        (
            "2025-Q2", date(2025, 6, 3), entries(*q2),
            "Đổi: buổi 08/05/2025: chủ trì Nguyễn Văn Đức → Lê Thị Kim Thoa\n"
            "Đổi: buổi 12/06/2025: hoãn từ 12/06/2025 sang 19/06/2025",
        )
    )  # fmt: skip
    # A day added by hand, then the third quarter published.
    created = _utc(date(2025, 6, 18), "09:45")
    sessions.append(
        {
            "id": len(sessions) + 1,
            "day": date(2025, 8, 27),
            "start_time": "13:30",
            "end_time": "17:00",
            "place": _PLACE,
            "presiding_id": 2,
            "deputy_id": None,
            "topics": "Tiếp công dân về lĩnh vực du lịch, lữ hành",
            "status": "planned",
            "reason": "",
            "planned_day": None,
            "original_day": None,
            "move_note": "",
            "rule_id": None,
            "rule_text": "Lập riêng",
            "version": 1,
            "updated_at": created,
        }
    )
    events.add(
        created, LANHDAO, "schedule.create", "duty_session", len(sessions),
        "27/08/2025 13:30–17:00: Lê Thị Kim Thoa",
    )  # fmt: skip
    q3 = (date(2025, 7, 1), date(2025, 9, 30))
    q4 = (date(2025, 10, 1), date(2025, 12, 31))
    publications.append(("2025-Q3", date(2025, 6, 20), entries(*q3), ""))
    publications.append(("2025-Q4", date(2025, 9, 22), entries(*q4), ""))
    for s in sessions:
        _insert(conn, "duty_sessions", **s)
    versions: dict[str, int] = {}
    for pid, (period, on, snap, changes) in enumerate(publications, 1):
        versions[period] = versions.get(period, 0) + 1
        _insert(
            conn, "published_schedules", id=pid, period=period, version=versions[period],
            published_on=on, snapshot=json.dumps(snap, ensure_ascii=False), changes=changes,
            published_by=LANHDAO,
        )  # fmt: skip
        events.add(
            _utc(on, "16:30"), LANHDAO, "schedule.publish", "published_schedule", pid,
            f"Niêm yết lịch quý {period[-1]} năm {period[:4]}, bản {versions[period]}, "
            f"{len(snap)} buổi" + (f"\n{changes}" if changes else ""),
        )  # fmt: skip

    # The desk roster: every working morning of April, and the make-up Saturday by hand.
    desk = Rule("weekdays", weekdays=(0, 1, 2, 3, 4))
    created = _utc(date(2025, 3, 24), "14:00")
    _insert(
        conn, "recurrence_rules", id=3, target="desk", kind=desk.kind, weekday=desk.weekday,
        nth=desk.nth, day=desk.day, weekdays="0,1,2,3,4", shift=desk.shift, start=start,
        end=date(2025, 4, 30), description=desk.describe(), presiding_id=None, half="morning",
        staff_ids="3,4", start_time="", end_time="", place="", topics="", created_at=created,
        created_by=ADMIN,
    )  # fmt: skip
    days = [o.day for o in occurrences(desk, start, date(2025, 4, 30), law.cal)]
    for d in days:
        for staff_id in (3, 4):
            _insert(conn, "desk_shifts", day=d, half="morning", staff_id=staff_id, rule_id=3)
    events.add(
        created, ADMIN, "schedule.desk_fill", "recurrence_rule", 3,
        f"{desk.describe()}, buổi sáng: Võ Thị Thu Hà, Phạm Quốc Việt; {len(days)} ngày "
        f"từ 01/04/2025 đến 30/04/2025",
    )  # fmt: skip
    _insert(conn, "desk_shifts", day=date(2025, 4, 26), half="morning", staff_id=3, rule_id=None)
    events.add(
        _utc(date(2025, 4, 24), "16:00"), ADMIN, "schedule.desk", "desk_shift",
        "2025-04-26:morning", "Trực tiếp công dân sáng 26/04/2025: Võ Thị Thu Hà",
    )  # fmt: skip


# --- dossiers (0005) ----------------------------------------------------------------------------


def _dossier_due(law: _Law, received_at: datetime, days: int) -> tuple[datetime, str]:
    """Frozen copy of ``services.dossiers.due_date``: the n-th working day, until 17:00."""
    from camau_reception.domain.calendar import group_named_days

    cal = law.cal
    received = received_at.date()
    start = received if cal.is_working_day(received) else cal.next_working_day(received)
    due_day = cal.add_working_days(start, days)
    skipped = cal.holidays_between(start + timedelta(days=1), due_day)
    text = f"{days} ngày làm việc kể từ {received:%d/%m/%Y}"
    if start != received:
        text += f" (nhận vào ngày nghỉ, tính như nhận ngày {start:%d/%m/%Y})"
    if skipped:
        parts = []
        for name, first, last in group_named_days(skipped):
            span = f"{first:%d/%m}" if first == last else f"{first:%d/%m}–{last:%d/%m}"
            parts.append(f"{name} {span}")
        text += ", bỏ qua " + ", ".join(parts)
    text += f" → hẹn trả {due_day:%d/%m/%Y}"
    return datetime(due_day.year, due_day.month, due_day.day, 17, 0), text


def _fill_dossiers(conn: sqlite3.Connection, events: _Events) -> None:
    law = _Law(conn)
    procedures = [
        # code, name, level, field, days, fee, online, shared, in force
        ("1.009397", "Thủ tục tổ chức biểu diễn nghệ thuật trên địa bàn quản lý", "province",
         "Nghệ thuật biểu diễn", 5, False, "full", False, True),
        ("1.003622", "Thủ tục cấp Giấy phép kinh doanh dịch vụ lữ hành nội địa", "province",
         "Lữ hành", 10, True, "partial", False, True),
        ("1.001809", "Thủ tục cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
         "province", "Văn hóa cơ sở", 5, True, "full", False, True),
        ("2.000794", "Thủ tục công nhận câu lạc bộ thể thao cơ sở", "district",
         "Thể dục thể thao", 7, False, "", True, False),
    ]  # fmt: skip
    stamp = datetime(2025, 3, 3, 1, 30)
    for i, (code, name, level, field, days, fee, online, shared, in_force) in enumerate(
        procedures, 1
    ):
        _insert(
            conn, "procedures", id=i, code=code, name=name, level=level, field=field,
            processing_days=days, has_fee=fee, online=online, shared_with_province=shared,
            in_force=in_force, updated_at=stamp if in_force else datetime(2025, 7, 1, 1, 0),
        )  # fmt: skip
        events.add(stamp, ADMIN, "procedure.create", "procedure", i, f"Thủ tục {code}: {name}")
        if not in_force:
            events.add(
                datetime(2025, 7, 1, 1, 0), ADMIN, "procedure.update", "procedure", i,
                f"Thủ tục {code}: {name}",
            )  # fmt: skip

    dossiers = [
        # code, procedure, applicant, id number, address, phone, email, channel, received
        ("000.00.24.H12-250310-0001", 3, "Trương Văn Hậu", "096080003344",
         "Số 21, đường Lý Thường Kiệt, phường An Xuyên, tỉnh Cà Mau", "0939555111", "",
         "counter", datetime(2025, 3, 10, 9, 20)),
        ("000.00.24.H12-250510-0002", 1, "Công ty TNHH Sự kiện Biển Xanh", "",
         "Số 5, đường Trần Hưng Đạo, phường Tân Thành, tỉnh Cà Mau", "02903822777",
         "sukienbienxanh@gmail.com", "online", datetime(2025, 5, 10, 21, 5)),
        ("000.00.24.H12-250616-0003", 3, "Lê Thị Hồng Nhung", "096188007788",
         "Ấp Cây Trâm, xã Tân Thuận, tỉnh Cà Mau", "0886123789", "", "counter",
         datetime(2025, 6, 16, 14, 0)),
        ("000.00.24.H12-250804-0004", 1, "Nhà văn hóa thiếu nhi tỉnh Cà Mau", "",
         "Số 2, đường Nguyễn Trãi, phường Tân Thành, tỉnh Cà Mau", "02903835123", "",
         "online", datetime(2025, 8, 4, 8, 30)),
        ("000.00.24.H12-251124-0005", 2, "Công ty Cổ phần Du lịch Đất Mũi Xanh", "",
         "Ấp Mũi, xã Đất Mũi, tỉnh Cà Mau", "0918777666", "datmuixanh.travel@gmail.com",
         "post", datetime(2025, 11, 24, 10, 0)),
    ]  # fmt: skip
    letters = 0
    for i, (code, proc, name, number, address, phone, email, channel, received) in enumerate(
        dossiers, 1
    ):
        due_at, explanation = _dossier_due(law, received, procedures[proc - 1][4])
        created = received - _UTC_OFFSET + timedelta(minutes=5)
        row: dict[str, object] = {
            "id": i, "code": code, "procedure_id": proc, "applicant_name": name,
            "applicant_id_number": number, "applicant_address": address,
            "applicant_phone": phone, "applicant_email": email, "channel": channel,
            "received_at": received, "due_at": due_at, "promised_at": due_at,
            "due_explanation": explanation, "returned_at": None, "state": "processing",
            "digitised": channel == "online", "result_digitised": channel == "online",
            "fee_paid_online": False, "officer_id": CANBO, "import_source": "",
            "created_at": created, "updated_at": created, "version": 1,
        }  # fmt: skip
        apologies: list[tuple[date, date, str, str, int | None]] = []
        returned: datetime | None = None
        if i == 1:
            returned = datetime(2025, 3, 14, 10, 0)
            row["digitised"] = True
        elif i == 2:
            apologies.append((date(2025, 5, 19), date(2025, 5, 23), "PHÓ GIÁM ĐỐC",
                              "Lê Thị Kim Thoa", None))  # fmt: skip
            returned = datetime(2025, 5, 22, 15, 30)
        elif i == 3:
            row.update(state="withdrawn", version=2, updated_at=_utc(date(2025, 6, 18), "10:00"))
            events.add(
                created, CANBO, "dossier.create", "dossier", i,
                f"Hồ sơ {code}: {procedures[proc - 1][1]}",
            )  # fmt: skip
            events.add(
                row["updated_at"], CANBO, "dossier.withdraw", "dossier", i,
                f"Công dân rút hồ sơ {code}: Công dân xin rút hồ sơ để bổ sung giấy chứng nhận "
                "đủ điều kiện về phòng cháy, chữa cháy",
            )  # fmt: skip
        elif i == 4:
            # Imported from the national portal's export: one event for the file, no
            # per-dossier event (services.dossiers.apply_dossier with a source).
            row.update(
                import_source="dvc-thang-08-2025.xlsx", state="returned",
                returned_at=datetime(2025, 8, 8, 16, 0), created_at=datetime(2025, 9, 2, 2, 0),
                updated_at=datetime(2025, 9, 2, 2, 0),
            )  # fmt: skip
            events.add(
                datetime(2025, 9, 2, 2, 0), CANBO, "dossier.import", "dossier", "",
                "Nhập hồ sơ từ dvc-thang-08-2025.xlsx: Tổng số dòng: 1; thêm mới: 1; "
                "cập nhật: 0; không đổi: 0; bị từ chối: 0.",
            )  # fmt: skip
        elif i == 5:
            row["fee_paid_online"] = True
            apologies.append((date(2025, 12, 9), date(2025, 12, 16), "PHÓ GIÁM ĐỐC",
                              "Lê Thị Kim Thoa", None))  # fmt: skip
            apologies.append((date(2025, 12, 17), date(2025, 12, 26), "GIÁM ĐỐC",
                              "Nguyễn Văn Đức", LANHDAO))  # fmt: skip
        if i in (1, 2, 5):
            events.add(
                created, CANBO, "dossier.create", "dossier", i,
                f"Hồ sơ {code}: {procedures[proc - 1][1]}",
            )  # fmt: skip
        letter_rows = []
        for issued_on, new_due, title, signer, approver in apologies:
            letters += 1
            number = f"{letters:02d}/PXL-SVHTTDL"
            at = _utc(issued_on, "15:00")
            letter_rows.append(
                {
                    "dossier_id": i,
                    "number": number,
                    "issued_on": issued_on,
                    "reason": "Hồ sơ cần xin ý kiến thẩm định của cơ quan chuyên môn",
                    "old_due_at": row["promised_at"],
                    "new_due_on": new_due,
                    "signer_title": title,
                    "signer_name": signer,
                    "approved_by": approver,
                    "created_by": CANBO,
                    "created_at": at,
                }
            )
            _insert(
                conn, "issued_documents", year=issued_on.year, type_code="PXL", seq=letters,
                number=number, issued_on=issued_on,
                title="Phiếu xin lỗi và hẹn lại ngày trả kết quả", entity="dossier",
                entity_id=str(i), issued_by=CANBO, created_at=at,
            )  # fmt: skip
            row["promised_at"] = datetime(new_due.year, new_due.month, new_due.day, 17, 0)
            row["version"] = int(row["version"]) + 1
            row["updated_at"] = at
            approval = " (lãnh đạo đã phê duyệt hẹn lại lần nữa)" if approver else ""
            events.add(
                at, CANBO, "dossier.apology", "dossier", i,
                f"Phiếu xin lỗi {number} cho hồ sơ {code}, hẹn lại {new_due:%d/%m/%Y}{approval}",
            )  # fmt: skip
        if returned is not None:
            row.update(returned_at=returned, state="returned", version=int(row["version"]) + 1,
                       updated_at=returned - _UTC_OFFSET)  # fmt: skip
            late = " (trễ hẹn)" if returned.date() > due_at.date() else ""
            events.add(
                returned - _UTC_OFFSET, CANBO, "dossier.return", "dossier", i,
                f"Trả kết quả hồ sơ {code} lúc {returned:%H:%M %d/%m/%Y}{late}",
            )  # fmt: skip
        _insert(conn, "dossiers", **row)
        for letter in letter_rows:
            _insert(conn, "apology_letters", **letter)
    _insert(conn, "document_counters", year=2025, type_code="PXL", last_number=letters)

    surveys = [
        # on, dossier, visit, overall, attitude, timeliness, guidance, comment
        (date(2025, 3, 12), None, 1, 3, 3, None, 3, "Cán bộ tiếp đón niềm nở, hướng dẫn rõ."),
        (date(2025, 3, 14), 1, None, 3, 3, 3, 3, "Trả kết quả sớm hơn ngày hẹn."),
        (date(2025, 5, 22), 2, None, 2, 3, 1, 2, "Trả kết quả trễ so với ngày hẹn ban đầu."),
        (date(2025, 8, 20), None, None, 1, None, None, None,
         "Phòng chờ nóng, thiếu ghế ngồi cho người cao tuổi."),
    ]  # fmt: skip
    labels = {3: "hài lòng", 2: "bình thường", 1: "không hài lòng"}
    for i, (on, dossier, visit, overall, attitude, timeliness, guidance, comment) in enumerate(
        surveys, 1
    ):
        _insert(
            conn, "satisfaction_surveys", id=i, on=on, dossier_id=dossier, reception_id=visit,
            overall=overall, attitude=attitude, timeliness=timeliness, guidance=guidance,
            comment=comment, created_by=CANBO,
        )  # fmt: skip
        subject = (
            f"hồ sơ #{dossier}"
            if dossier
            else f"lượt tiếp #{visit}"
            if visit
            else "không gắn hồ sơ"
        )
        events.add(
            _utc(on, "16:45"), CANBO, "survey.record", "survey", i,
            f"Đánh giá {labels[overall]} ({subject})",
        )  # fmt: skip


# --- corruption denunciations (0006) ------------------------------------------------------------


class _CaseFlow:
    """Protected cases of this release (services.corruption), with real ciphertext: the
    inspector ``thanhtra`` opens them with PASSWORD after the upgrade."""

    def __init__(self, conn: sqlite3.Connection, law: _Law, events: _Events) -> None:
        from camau_reception.crypto import keypair, recovery

        self.conn, self.law, self.events = conn, law, events
        self.steps: list[dict[str, object]] = []
        # The inspector's first sign-in made a key pair; "Thiết lập khóa bảo mật" made the
        # office data key, his copy and the printed recovery key (not kept).
        at = _utc(date(2025, 7, 1), "07:45")
        events.add(at, THANHTRA, "user.login", "user", THANHTRA, "Đăng nhập")
        _, protected = keypair.generate_protected(PASSWORD)
        events.add(
            at, THANHTRA, "corruption.key_pair", "user", THANHTRA,
            f"Tạo cặp khóa cá nhân cho thanhtra "
            f"(dấu vân tay {keypair.fingerprint(protected.public_key)})",
        )  # fmt: skip
        data_key = keypair.generate_private()
        self.public = keypair.public_of(data_key)
        at = _utc(date(2025, 7, 1), "07:52")
        _insert(
            conn, "corruption_vault", id=1, public_key=self.public,
            fingerprint=keypair.fingerprint(self.public), created_at=at, created_by=THANHTRA,
        )  # fmt: skip
        _insert(
            conn, "corruption_key_holders", id=1, user_id=THANHTRA,
            public_key=protected.public_key, private_salt=protected.salt,
            private_nonce=protected.nonce, private_key_enc=protected.ciphertext,
            kdf=protected.kdf,
            wrapped_data_key=keypair.seal(protected.public_key, data_key, b"corruption/data-key"),
            granted_by=THANHTRA, granted_at=at, created_at=at - timedelta(minutes=7),
            updated_at=at,
        )  # fmt: skip
        wrapped = recovery.wrap(recovery.generate(), data_key)
        _insert(
            conn, "corruption_recovery_keys", id=1, salt=wrapped.salt, nonce=wrapped.nonce,
            wrapped_data_key=wrapped.ciphertext, created_at=at, created_by=THANHTRA,
        )  # fmt: skip
        events.add(
            at, THANHTRA, "corruption.setup", "corruption_keys", "",
            "Thiết lập khóa bảo mật tố cáo tham nhũng (dấu vân tay "
            f"{keypair.fingerprint(self.public)}); tạo khóa khôi phục",
        )  # fmt: skip

    def _seal(self, content_key: bytes) -> bytes:
        from camau_reception.crypto import keypair

        return keypair.seal(self.public, content_key, b"corruption/content-key")

    def receive(
        self, case_id: int, code: str, actor: int, source: str, received_on: date,
        summary: str, *, identity: dict[str, object] | None, field: str, subject: str,
    ) -> dict[str, object]:  # fmt: skip
        import hashlib
        import json

        from camau_reception.crypto import aead

        rng = random.Random(case_id)
        followup = "".join(rng.choice("23456789ABCDEFGHJKMNPQRSTVWXYZ") for _ in range(12))
        at = _utc(received_on, "10:00")
        case: dict[str, object] = {
            "id": case_id, "code": code,
            "kind": "information" if identity is None else "denunciation",
            "anonymous": identity is None, "source": source, "reception_id": None,
            "received_on": received_on, "field": field, "subject": subject,
            "summary": summary, "identity_blob": None, "identity_nonce": None,
            "content_key_sealed": None,
            "followup_hash": hashlib.sha256(
                b"camau-reception/followup|" + followup.encode()
            ).hexdigest(),
            "multi_place": False, "within_competence": None, "classified_on": None,
            "accepted_on": None, "accept_decision_no": "", "transfer_to": "",
            "transfer_doc_no": "", "transferred_on": None, "not_accepted_reason": "",
            "extensions": 0, "resolve_due_on": None, "concluded_on": None,
            "conclusion_no": "", "result": "", "notified_on": None, "closed_on": None,
            "state": "", "rule_id": "", "clock_start": None, "due_on": None,
            "created_by": actor, "created_at": at, "updated_at": at, "version": 1,
        }  # fmt: skip
        if identity is not None:
            plain = json.dumps(identity, ensure_ascii=False, separators=(",", ":")).encode()
            content_key = aead.new_key()
            case["content_key_sealed"] = self._seal(content_key)
            case["identity_nonce"], case["identity_blob"] = aead.encrypt(
                content_key, aead.pad(plain), f"corruption-case:{code}:identity".encode()
            )
            d = self.clock(case, "denunciation.classify", received_on)
            self.step(case, actor, "receive", "received", received_on,
                       _CASE_SOURCES[source], deadline=d, hm="10:00")  # fmt: skip
        else:
            self.step(
                case, actor, "receive", "information", received_on,
                f"{_CASE_SOURCES[source]}; tin báo nặc danh: không thụ lý như tố cáo, dùng làm "
                "thông tin phục vụ thanh tra nếu nội dung cụ thể", hm="10:00",
            )  # fmt: skip
        case["version"] = 1
        return case

    def clock(self, case: dict[str, object], rule_id: str, start: date):
        d = self.law.due(rule_id, start)
        case["rule_id"], case["clock_start"], case["due_on"] = rule_id, start, d.due
        return d

    def step(
        self, case: dict[str, object], actor: int, action: str, to_state: str, on: date,
        note: str = "", *, document_no: str = "", deadline=None, hm: str = "15:00",
    ) -> None:  # fmt: skip
        at = _utc(on, hm)
        self.steps.append(
            {
                "case_id": case["id"],
                "on": on,
                "at": at,
                "action": action,
                "from_state": case["state"],
                "to_state": to_state,
                "user_id": actor,
                "user_name": _PEOPLE[actor][1],
                "note": note,
                "document_no": document_no,
                "rule_id": deadline.rule.id if deadline else "",
                "clock_start": deadline.start if deadline else None,
                "due_on": deadline.due if deadline else None,
                "explanation": deadline.explanation if deadline else "",
            }
        )
        case["state"], case["updated_at"] = to_state, at
        case["version"] = int(case["version"]) + 1
        self.events.add(
            at, actor, f"corruption.{action}", "corruption_case", case["id"],
            f"{case['code']}: {_CASE_STATES[to_state]} ({_CASE_ACTIONS[action]})",
        )  # fmt: skip

    def attach(self, case: dict[str, object], label: str, filename: str, content: bytes) -> None:
        import json

        from camau_reception.crypto import aead

        content_key = aead.new_key()
        header = json.dumps({"name": filename}, ensure_ascii=False).encode()
        payload = aead.pad(len(header).to_bytes(4, "big") + header + content, 4096)
        nonce, blob = aead.encrypt(
            content_key, payload, f"corruption-case:{case['code']}:attachment".encode()
        )
        at = case["created_at"] + timedelta(minutes=20)
        _insert(
            self.conn, "corruption_attachments", case_id=case["id"], label=label, blob=blob,
            nonce=nonce, content_key_sealed=self._seal(content_key), size=len(payload),
            added_by=case["created_by"], added_at=at,
        )  # fmt: skip
        self.events.add(
            at, int(case["created_by"]), "corruption.attachment_add", "corruption_case",
            case["id"], f"Thêm tài liệu mã hóa vào hồ sơ {case['code']}: {label}",
        )  # fmt: skip


def _identity(
    name: str, number: str, born: int, sex: str, address: str, phone: str, email: str = ""
) -> dict[str, object]:
    """``services.corruption.Identity`` as its JSON (field order of the dataclass)."""
    return {
        "full_name": name, "id_kind": "cccd", "id_number": number, "birth_year": born,
        "sex": sex, "address": address, "phone": phone, "email": email, "description": "",
        "statement": "", "co_reporters": [], "documents": [],
    }  # fmt: skip


def _fill_corruption(conn: sqlite3.Connection, events: _Events) -> None:
    law = _Law(conn)
    flow = _CaseFlow(conn, law, events)
    cases = []

    # 1. A signed denunciation by post: accepted, verified, extended, concluded, notified.
    c = flow.receive(
        1, "TCTN-2025-0001", CANBO, "post", date(2025, 7, 14),
        "Tố cáo việc lập hồ sơ thanh toán khống kinh phí tu bổ di tích năm 2024.",
        identity=_identity("Đỗ Thanh Bình", "096078004455", 1978, "nam",
                           "Ấp 3, xã Lương Thế Trân, tỉnh Cà Mau", "0913456789"),
        field="Văn hóa, di sản", subject="Ban Quản lý Di tích tỉnh Cà Mau",
    )  # fmt: skip
    flow.attach(c, "Đơn tố cáo gốc (bản quét)", "don-to-cao-14-07-2025.pdf",
                b"%PDF-1.4\n% ban quet don to cao\n%%EOF\n")  # fmt: skip
    on = date(2025, 7, 21)
    c.update(within_competence=True, classified_on=on, accepted_on=on,
             accept_decision_no="35/QĐ-SVHTTDL")  # fmt: skip
    d = flow.clock(c, "denunciation.resolve", on)
    c["resolve_due_on"] = d.due
    flow.step(c, THANHTRA, "accept", "accepted", on, document_no="35/QĐ-SVHTTDL", deadline=d)
    flow.step(c, THANHTRA, "verify", "verifying", date(2025, 7, 25), "Thành lập Tổ xác minh")
    base = c["resolve_due_on"]
    d = law.due("denunciation.extend", base)
    c.update(extensions=1, resolve_due_on=d.due, rule_id="denunciation.extend",
             clock_start=base, due_on=d.due)  # fmt: skip
    flow.step(c, THANHTRA, "extend", "verifying", date(2025, 8, 18), "Gia hạn lần 1",
               document_no="40/QĐ-SVHTTDL", deadline=d)  # fmt: skip
    on = date(2025, 9, 10)
    c.update(concluded_on=on, conclusion_no="52/KL-SVHTTDL", result="partly",
             rule_id="", clock_start=None, due_on=None)  # fmt: skip
    flow.step(c, THANHTRA, "conclude", "concluded", on, "Tố cáo đúng một phần",
               document_no="52/KL-SVHTTDL")  # fmt: skip
    c["notified_on"] = date(2025, 9, 15)
    flow.step(c, THANHTRA, "notify", "notified", date(2025, 9, 15),
               "Gửi thông báo kết quả qua bưu điện, thư bảo đảm")  # fmt: skip
    cases.append(c)

    # 2. Anonymous information by hotline: kept as information for inspection, closed.
    c = flow.receive(
        2, "TCTN-2025-0002", CANBO, "hotline", date(2025, 10, 2),
        "Tin báo nặc danh về việc thu tiền sử dụng sân tập không xuất biên lai.",
        identity=None, field="Thể thao",
        subject="Trung tâm Huấn luyện và Thi đấu thể thao tỉnh",
    )  # fmt: skip
    c["closed_on"] = date(2025, 10, 20)
    flow.step(c, THANHTRA, "close", "closed", date(2025, 10, 20),
               "Đã chuyển thông tin cho Đoàn thanh tra năm 2025")  # fmt: skip
    cases.append(c)

    # 3. This year's first, by e-mail: not ours, transferred to the provincial inspectorate.
    c = flow.receive(
        3, "TCTN-2026-0001", CANBO, "email", date(2026, 2, 9),
        "Tố cáo cán bộ thẩm định nhận tiền để rút ngắn thời gian cấp giấy phép lữ hành.",
        identity=_identity("Lý Thị Cẩm Tú", "096190006677", 1990, "nữ",
                           "Số 8, đường Trần Hưng Đạo, phường Tân Thành, tỉnh Cà Mau",
                           "0987112233", "camtu.ly@gmail.com"),
        field="Du lịch", subject="Phòng Quản lý du lịch, Sở Văn hóa, Thể thao và Du lịch",
    )  # fmt: skip
    on = date(2026, 2, 11)
    c.update(within_competence=False, classified_on=on, transfer_to="Thanh tra tỉnh Cà Mau")
    d = flow.clock(c, "denunciation.transfer", on)
    flow.step(c, THANHTRA, "to_transfer", "to_transfer", on,
               "Người bị tố cáo do Ủy ban nhân dân tỉnh quản lý", deadline=d)  # fmt: skip
    on = date(2026, 2, 13)
    c.update(transfer_doc_no="15/SVHTTDL-TTr", transferred_on=on, rule_id="",
             clock_start=None, due_on=None)  # fmt: skip
    flow.step(c, THANHTRA, "transfer", "transferred", on, "Chuyển đến Thanh tra tỉnh Cà Mau",
               document_no="15/SVHTTDL-TTr")  # fmt: skip
    cases.append(c)

    for c in cases:
        _insert(conn, "corruption_cases", **c)
    for s in flow.steps:
        _insert(conn, "corruption_steps", **s)
    for year, last in ((2025, 2), (2026, 1)):
        _insert(conn, "document_counters", year=year, type_code="TCTN", last_number=last)

    # Protection of the first denouncer and his spouse (Luật Tố cáo 2018, Điều 47–52).
    requested = date(2025, 7, 16)
    d = law.due("denunciation.protection_decision", requested)
    _insert(
        conn, "corruption_protection_requests", id=1, case_id=1, requested_on=requested,
        persons="reporter,spouse", kinds="confidentiality,job", status="approved",
        rule_id=d.rule.id, decision_due_on=d.due, decision_no="36/QĐ-SVHTTDL",
        decided_on=date(2025, 7, 23),
        note="Người tố cáo là viên chức của đơn vị bị tố cáo\nÁp dụng từ ngày ký quyết định",
        created_by=THANHTRA, created_at=_utc(requested, "14:00"),
    )  # fmt: skip
    events.add(
        _utc(requested, "14:00"), THANHTRA, "corruption.protection_request", "corruption_case",
        1,
        "Đề nghị bảo vệ người tố cáo, hồ sơ TCTN-2025-0001: Bảo vệ bí mật thông tin; Bảo vệ "
        f"vị trí công tác, việc làm cho Người tố cáo, vợ hoặc chồng; hạn xem xét {d.due:%d/%m/%Y}",
    )  # fmt: skip
    events.add(
        _utc(date(2025, 7, 23), "09:00"), THANHTRA, "corruption.protection_decision",
        "corruption_case", 1,
        "Hồ sơ TCTN-2025-0001: Đã quyết định bảo vệ (văn bản 36/QĐ-SVHTTDL)",
    )  # fmt: skip
    _insert(
        conn, "corruption_protection_measures", id=1, request_id=1,
        description="Giữ bí mật họ tên, địa chỉ, bút tích của người tố cáo; không bố trí người "
        "tố cáo tham gia đoàn kiểm tra nội bộ của đơn vị bị tố cáo.",
        agency="Thanh tra Sở Văn hóa, Thể thao và Du lịch", start_on=date(2025, 7, 23),
        end_on=None, created_at=_utc(date(2025, 7, 23), "09:30"),
    )  # fmt: skip
    events.add(
        _utc(date(2025, 7, 23), "09:30"), THANHTRA, "corruption.protection_measure",
        "corruption_case", 1, "Hồ sơ TCTN-2025-0001: áp dụng biện pháp bảo vệ từ 23/07/2025",
    )  # fmt: skip


def _fill_0003a_0004_0005_0006(conn: sqlite3.Connection) -> None:
    """The release before revision 0007: every area of the program, a few rows each."""
    _fill_0001(conn)
    events = _Events()
    _fill_reception(conn, events)
    _fill_petitions(conn, events)
    _fill_schedule(conn, events)
    _fill_dossiers(conn, events)
    _fill_corruption(conn, events)
    events.write(conn)


# Keys: the revisions the file was migrated to, joined by "+" (one per head of that release).
FILLERS = {"0001": _fill_0001, "0003a+0004+0005+0006": _fill_0003a_0004_0005_0006}


def make(revision: str, dest: Path | None = None) -> Path:
    from sqlalchemy import create_engine

    from camau_reception.storage.migrate import upgrade_heads

    dest = dest or FIXTURES / f"{revision}.sqlite3"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.unlink(missing_ok=True)
    engine = create_engine(f"sqlite:///{dest}")
    with engine.begin() as conn:
        for head in revision.split("+"):  # one target per head of the release
            upgrade_heads(conn, head)
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
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise SystemExit(f"fixture {revision}: foreign keys broken: {broken[:5]}")
        # Small pages: each table and index is a b-tree (~90 here), most of them nearly empty.
        conn.execute("PRAGMA page_size=1024")
        conn.execute("VACUUM")
    finally:
        conn.close()
    return dest


def main(argv: list[str]) -> int:
    """Make the fixtures named in ``argv``; without arguments, only those not made yet (an old
    fixture stands for files already in offices and is never regenerated)."""
    for revision in argv or sorted(FILLERS):
        if not argv and (FIXTURES / f"{revision}.sqlite3").exists():
            print(f"kept {FIXTURES / f'{revision}.sqlite3'}")
            continue
        print(make(revision))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
