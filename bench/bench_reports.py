"""The periodic report for a year over a million visits and 200,000 petitions, beside raw SQL.

Run: ``python -m bench.bench_reports [--visits N] [--petitions M] [--dossiers D]``. Generates
(once, cached in the temporary directory) a database with the reception register of
``bench_reception`` (N visits over ten years, some refused with a reason, a few cancelled), M
petitions received over the same years with their whole timelines (receive, classify, accept or
transfer / guide / archive / return, verify, extend, resolve, notify, close; the recent ones and
a few forgotten ones still open), D administrative dossiers with apology letters and
satisfaction surveys, then measures:

- the whole report for the year 2026 against 2025 (``services.reports.build_report`` through
  ``db.read()``, the path the Báo cáo page takes) and for 2025 against 2024 (two full years of
  visits: the register ends on 28/02/2026);
- ``monthly_trend`` for the year, and each section alone (both periods);
- beside each, the same figures counted the simplest way: a few ``GROUP BY`` statements on a
  bare ``sqlite3`` connection (tuples, no ORM, one statement per section and period);
- how long the Báo cáo page's event loop stalls while it computes the report off the UI thread
  (a 10 ms timer measures the longest gap), and how many progress steps it shows.

Two scales: a realistic office (about 5,000 visits and 1,000 petitions) and the large case the
issue asks for (1,000,000 visits, 200,000 petitions). Target: the large report under 1 s.
Prints a table and writes ``bench/results/reports.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench import bench_reception

GENERATOR_VERSION = 1
REPEAT = 7
TODAY = date(2026, 11, 18)
START = date(2016, 3, 1)
YEAR = 2026
OPEN_STATES = ("received", "classified", "accepted", "verifying", "extended")
KINDS = (("complaint", 35), ("denunciation", 10), ("recommendation", 25), ("reflection", 30))
SOURCES = (
    ("reception", 30),
    ("post", 30),
    ("transferred", 15),
    ("hotline", 10),
    ("comment_box", 5),
    ("portal", 10),
)
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ")
GIVEN = ("Văn Đức", "Thị Hoa", "Minh Tâm", "Thị Mỹ Linh", "Quốc Bảo", "Hoàng Yến", "Văn Lực")
RESULTS = {
    "complaint": ("right", "wrong", "partly"),
    "denunciation": ("right", "wrong", "partly"),
    "recommendation": ("answered",),
    "reflection": ("answered",),
}
ACTIONS = {
    "archived": "archive",
    "returned": "return",
    "transferred": "transfer",
    "guided": "guide",
}
SQL_DT = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores a datetime in SQLite


# --- data --------------------------------------------------------------------------------------


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


def _timeline(rng: random.Random, received: date, kind: str) -> tuple[dict[str, Any], list]:
    """The petition's fields and its steps (on, action, to_state, rule, clock_start, due_on)
    as the services would have written them, cut at ``TODAY``; a few are forgotten midway."""
    d = received
    plan: list[tuple[date, str, str, str, date | None, date | None, dict[str, Any]]] = []
    initial = {"denunciation": "denunciation.classify", "complaint": "complaint.accept"}.get(
        kind, "petition.classify"
    )
    plan.append((d, "receive", "received", initial, d, d + timedelta(days=10), {}))
    d += timedelta(days=rng.randint(1, 12))
    eligible = rng.random() < 0.88
    competent = eligible and rng.random() < 0.7
    plan.append(
        (d, "classify", "classified", "", None, None, {"eligible": eligible, "within": competent})
    )
    d += timedelta(days=rng.randint(1, 10))
    if not eligible:
        to = rng.choice(("archived", "returned"))
        plan.append((d, ACTIONS[to], to, "", None, None, {"o": to}))
    elif not competent:
        to = rng.choice(("transferred", "guided"))
        plan.append((d, ACTIONS[to], to, "", None, None, {"o": to}))
    else:
        due = d + timedelta(days=rng.choice((30, 45, 60)))
        rule = {"denunciation": "denunciation.resolve", "complaint": "complaint.resolve"}.get(
            kind, "reception.notify_outcome"
        )
        plan.append((d, "accept", "accepted", rule, d, due, {"o": "accepted", "rdue": due}))
        if rng.random() < 0.6:
            d += timedelta(days=rng.randint(3, 15))
            plan.append((d, "start_verification", "verifying", "", None, None, {}))
        if rng.random() < 0.15:
            d += timedelta(days=rng.randint(10, 30))
            due = due + timedelta(days=30)
            plan.append((d, "extend", "extended", rule + "_ext", d, due, {"rdue": due, "ext": 1}))
        d = max(d, plan[-1][0]) + timedelta(days=rng.randint(5, 55))
        result = rng.choice(RESULTS[kind])
        plan.append((d, "resolve", "resolved", "", None, None, {"res": result, "ron": d}))
        d += timedelta(days=rng.randint(1, 5))
        plan.append((d, "notify", "notified", "", None, None, {"non": d}))
        d += timedelta(days=rng.randint(1, 10))
        plan.append((d, "close", "closed", "", None, None, {"con": d}))
    cut = len(plan)
    if rng.random() < 0.03:  # forgotten: still open years later, overdue ever since
        opens = [i for i, s in enumerate(plan) if s[2] in OPEN_STATES]
        cut = rng.choice(opens) + 1
    steps = [s for s in plan[:cut] if s[0] <= TODAY]
    fields: dict[str, Any] = {
        "eligible": None,
        "within": None,
        "o": "",
        "rdue": None,
        "ext": 0,
        "res": "",
        "ron": None,
        "non": None,
        "con": None,
        "accepted_on": None,
        "rule": "",
        "start": None,
        "due": None,
    }
    for on, action, _to, rule, start, due, updates in steps:
        fields.update(updates)
        if action == "accept":
            fields["accepted_on"] = on
        if due is not None:
            fields["rule"], fields["start"], fields["due"] = rule, start, due
    state = steps[-1][2]
    fields["state"] = state
    if state not in OPEN_STATES:
        fields["rule"], fields["start"], fields["due"] = "", None, None
    return fields, steps


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _add_petitions(conn: sqlite3.Connection, rng: random.Random, n: int, officers: list[int]):
    from camau_reception.domain.text import fold

    now = datetime(2026, 11, 18, 8).strftime(SQL_DT)
    cols = (
        "id, code, kind, complaint_round, source, received_on, petitioner_name,"
        " petitioner_address, name_folded, signer_count, summary, sender_body, sender_letter_no,"
        " eligible, within_competence, complex_case, remote_area, outcome, accept_decision_no,"
        " accepted_on, target_body, out_letter_no, archive_reason, extensions, result,"
        " decision_no, resolved_on, resolve_due_on, notified_on, closed_on, state, rule_id,"
        " clock_start, due_on, officer_id, created_at, updated_at, version"
    )
    sql = f"INSERT INTO petitions ({cols}) VALUES ({', '.join('?' * len(cols.split(',')))})"
    step_sql = (
        'INSERT INTO petition_steps (petition_id, "on", at, action, from_state, to_state,'
        " user_id, user_name, note, document_no, rule_id, clock_start, due_on, explanation)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 'Võ Thị Thu Hà', '', '', ?, ?, ?, '')"
    )
    span = (TODAY - START).days + 1
    days = sorted(rng.randrange(span) for _ in range(n))
    per_year: dict[int, int] = {}
    batch: list[tuple] = []
    steps_batch: list[tuple] = []

    def flush() -> None:
        conn.executemany(sql, batch)
        conn.executemany(step_sql, steps_batch)
        batch.clear()
        steps_batch.clear()

    for pid, offset in enumerate(days, start=1):
        received = START + timedelta(days=offset)
        kind = _pick(rng, KINDS)
        f, steps = _timeline(rng, received, kind)
        per_year[received.year] = per_year.get(received.year, 0) + 1
        name = f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}"
        officer = rng.choice(officers)
        source = _pick(rng, SOURCES)
        batch.append(
            (
                pid,
                f"DT-{received.year}-{per_year[received.year]:06d}",
                kind,
                1,
                source,
                received.isoformat(),
                name,
                "Phường An Xuyên, tỉnh Cà Mau",
                fold(name),
                1,
                "Phản ánh tiếng ồn của cơ sở karaoke sau 22 giờ, đề nghị kiểm tra xử lý",
                "Thanh tra tỉnh Cà Mau" if source == "transferred" else "",
                "",
                f["eligible"],
                f["within"],
                0,
                0,
                f["o"],
                "01/QĐ-TL" if f["accepted_on"] else "",
                _iso(f["accepted_on"]),
                "UBND phường An Xuyên" if f["o"] in ("transferred", "guided") else "",
                "",
                "Đơn trùng nội dung" if f["o"] == "archived" else "",
                f["ext"],
                f["res"],
                "02/QĐ-GQ" if f["res"] else "",
                _iso(f["ron"]),
                _iso(f["rdue"]),
                _iso(f["non"]),
                _iso(f["con"]),
                f["state"],
                f["rule"],
                _iso(f["start"]),
                _iso(f["due"]),
                officer,
                now,
                now,
                len(steps),
            )
        )
        previous = ""
        for on, action, to, rule, start, due, _ in steps:
            at = datetime.combine(on, datetime.min.time()).replace(hour=9).strftime(SQL_DT)
            steps_batch.append(
                (
                    pid,
                    on.isoformat(),
                    at,
                    action,
                    previous,
                    to,
                    officer,
                    rule,
                    _iso(start),
                    _iso(due),
                )
            )
            previous = to
        if len(batch) >= 20_000:
            flush()
    flush()


def _add_dossiers(conn: sqlite3.Connection, rng: random.Random, n: int) -> None:
    stamp = datetime(2026, 1, 1).strftime(SQL_DT)
    procedures = [
        ("1.001", "Cấp giấy phép kinh doanh dịch vụ karaoke", 5, 1, "full"),
        ("1.002", "Cấp giấy phép tổ chức lễ hội", 10, 0, "partial"),
        ("1.003", "Công nhận câu lạc bộ thể thao cơ sở", 7, 0, "full"),
        ("1.004", "Cấp giấy phép kinh doanh lữ hành nội địa", 10, 1, "full"),
    ]
    conn.executemany(
        "INSERT INTO procedures (id, code, name, level, field, processing_days, has_fee, online,"
        " shared_with_province, in_force, updated_at)"
        " VALUES (?, ?, ?, 'province', 'Văn hóa', ?, ?, ?, 0, 1, ?)",
        [(i, *p, stamp) for i, p in enumerate(procedures, start=1)],
    )
    span = int((datetime.combine(TODAY, datetime.min.time()) - datetime(2016, 3, 1)).days)
    offsets = sorted(rng.randrange(span * 24 * 60) for _ in range(n))
    rows, letters, surveys = [], [], []
    for i, minutes in enumerate(offsets, start=1):
        received = datetime(2016, 3, 1, 7) + timedelta(minutes=minutes)
        proc = rng.randrange(len(procedures))
        due = received + timedelta(days=procedures[proc][2] + 2)
        late = rng.random() < 0.06
        returned: datetime | None = received + timedelta(
            days=procedures[proc][2] + (rng.randint(3, 12) if late else rng.randint(-2, 2))
        )
        if returned is not None and returned.date() > TODAY:
            returned = None
        if rng.random() < 0.01:
            returned = None  # forgotten at the counter
        fee = procedures[proc][3]
        rows.append(
            (
                i,
                f"H12.{i:07d}",
                proc + 1,
                f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}",
                "online" if rng.random() < 0.55 else rng.choice(("counter", "post")),
                received.strftime(SQL_DT),
                due.strftime(SQL_DT),
                due.strftime(SQL_DT),
                returned.strftime(SQL_DT) if returned else None,
                "returned" if returned else "processing",
                int(rng.random() < 0.7),
                int(rng.random() < 0.6),
                int(bool(fee) and rng.random() < 0.5),
            )
        )
        if late and rng.random() < 0.7:
            letters.append(
                (
                    i,
                    f"{i}/XL-VP",
                    due.date().isoformat(),
                    "Hồ sơ cần xác minh thêm",
                    due.strftime(SQL_DT),
                    (due + timedelta(days=7)).date().isoformat(),
                    stamp,
                )
            )
        if returned is not None and rng.random() < 0.25:
            aspects = [rng.choice((3, 3, 3, 2, 1)) if rng.random() < 0.8 else None for _ in "abc"]
            surveys.append(
                (returned.date().isoformat(), i, rng.choice((3, 3, 3, 3, 2, 1)), *aspects)
            )
    conn.executemany(
        "INSERT INTO dossiers (id, code, procedure_id, applicant_name, channel, received_at,"
        " due_at, promised_at, returned_at, state, digitised, result_digitised, fee_paid_online,"
        " applicant_id_number, applicant_address, applicant_phone, applicant_email,"
        " due_explanation, import_source, created_at, updated_at, version)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,'','','','','','',?,?,1)",
        [(*r, stamp, stamp) for r in rows],
    )
    conn.executemany(
        "INSERT INTO apology_letters (dossier_id, number, issued_on, reason, old_due_at,"
        " new_due_on, signer_title, signer_name, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, 'PHÓ GIÁM ĐỐC', 'Lê Văn Đức', ?)",
        letters,
    )
    conn.executemany(
        'INSERT INTO satisfaction_surveys ("on", dossier_id, overall, attitude, timeliness,'
        " guidance, comment) VALUES (?, ?, ?, ?, ?, ?, '')",
        surveys,
    )


def generate(path: Path, visits: int, petitions: int, dossiers: int, seed: int = 23) -> None:
    """The reception register of ``bench_reception`` (copied), then plain SQL inserts."""
    from camau_reception.services.reception import REFUSAL_REASONS
    from camau_reception.storage.db import open_database

    source = bench_reception.dataset(visits)
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(path)
    src.backup(dst, pages=65536)
    src.close()
    dst.close()
    # Bring the copy to the program's schema (every area's tables), without a backup copy.
    open_database(path, backup_before_upgrade=False).close()

    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-200000")
    # The register generator refuses without a reason and cancels nothing: give the refusals
    # their legal reasons and cancel one visit in two hundred, as administrators do.
    codes = list(REFUSAL_REASONS)
    conn.execute(
        "UPDATE receptions SET refusal_reason = CASE id % ? "
        + " ".join(f"WHEN {i} THEN '{c}'" for i, c in enumerate(codes))
        + " END WHERE outcome = 'refused'",
        (len(codes),),
    )
    conn.execute(
        "UPDATE receptions SET cancelled = 1, cancel_reason = 'Ghi nhầm' WHERE id % 200 = 0"
    )
    officers = [
        r[0] for r in conn.execute("SELECT id FROM users WHERE username LIKE 'canbo%' ORDER BY id")
    ]
    _add_petitions(conn, rng, petitions, officers)
    _add_dossiers(conn, rng, dossiers)
    conn.commit()
    conn.execute("ANALYZE")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def dataset(visits: int, petitions: int, dossiers: int) -> Path:
    name = f"camau-bench-reports-{visits}-{petitions}-{dossiers}.sqlite3"
    path = Path(tempfile.gettempdir()) / name
    marker = path.parent / (path.name + ".ok")
    stamp = f"{GENERATOR_VERSION}:{bench_reception.GENERATOR_VERSION}:{visits}:{petitions}"
    stamp += f":{dossiers}"
    if not (path.exists() and marker.exists() and marker.read_text() == stamp):
        marker.unlink(missing_ok=True)
        t = time.perf_counter()
        print(
            f"generating {visits:,} visits, {petitions:,} petitions, {dossiers:,} dossiers"
            f" in {path} …",
            flush=True,
        )
        generate(path, visits, petitions, dossiers)
        marker.write_text(stamp)
        print(f"  generated in {time.perf_counter() - t:.1f} s", flush=True)
    else:
        # A migration added since the file was made (an index, say) applies here, without the
        # backup copy of a gigabyte that opening it for real would make first.
        from camau_reception.storage.db import open_database

        open_database(path, backup_before_upgrade=False).close()
    return path


# --- the same figures, the simplest way -------------------------------------------------------


def _bounds(start: date, end: date) -> dict[str, object]:
    return {
        "a": start.isoformat(),
        "b": end.isoformat(),
        "lo": f"{start.isoformat()} 00:00:00.000000",
        "hi": f"{end.isoformat()} 23:59:59.999999",
        "next": (end + timedelta(days=1)).isoformat() + " 00:00:00.000000",
    }


RAW_OPEN = ", ".join(f"'{s}'" for s in OPEN_STATES)
RAW = {
    "reception": (
        # The simplest way: group the period's visits by what the section counts.
        "SELECT kind, outcome, refusal_reason, group_size >= 5, count(*), sum(group_size)"
        " FROM receptions WHERE cancelled = 0 AND received_at BETWEEN :lo AND :hi"
        " GROUP BY 1, 2, 3, 4",
        "SELECT count(DISTINCT date(received_at)) FROM receptions"
        " WHERE cancelled = 0 AND kind = 'periodic' AND received_at BETWEEN :lo AND :hi",
    ),
    "petitions": (
        "SELECT source, kind, eligible, within_competence, outcome, count(*) FROM petitions"
        " WHERE received_on BETWEEN :a AND :b GROUP BY 1, 2, 3, 4, 5",
        "SELECT result, resolve_due_on IS NULL OR resolved_on <= resolve_due_on, count(*)"
        " FROM petitions WHERE resolved_on BETWEEN :a AND :b GROUP BY 1, 2",
        # Open and overdue at the period's end, judged from the timeline: each petition's last
        # step on or before that day, and the last one that set a deadline.
        "SELECT count(*), coalesce(sum(d.due_on < :b), 0) FROM petitions p"
        ' JOIN (SELECT petition_id, max(id) AS id FROM petition_steps WHERE "on" <= :b'
        "       GROUP BY petition_id) l ON l.petition_id = p.id"
        " JOIN petition_steps s ON s.id = l.id"
        " LEFT JOIN (SELECT petition_id, max(id) AS id FROM petition_steps"
        '       WHERE "on" <= :b AND due_on IS NOT NULL GROUP BY petition_id) ld'
        "   ON ld.petition_id = p.id"
        " LEFT JOIN petition_steps d ON d.id = ld.id"
        f" WHERE p.received_on <= :b AND s.to_state IN ({RAW_OPEN})",
    ),
    "dossiers": (
        "SELECT count(*), sum(d.channel = 'online'), sum(d.digitised AND d.result_digitised),"
        " sum(p.has_fee), sum(p.has_fee AND d.fee_paid_online), sum(d.returned_at IS NOT NULL),"
        " sum(d.returned_at IS NOT NULL AND date(d.returned_at) <= date(d.due_at)),"
        " sum(d.returned_at IS NOT NULL AND date(d.returned_at) > date(d.due_at)),"
        " sum(d.returned_at IS NOT NULL AND date(d.returned_at) > date(d.due_at)"
        "     AND EXISTS (SELECT 1 FROM apology_letters a WHERE a.dossier_id = d.id)),"
        " sum(d.state = 'processing' AND d.due_at < :next)"
        " FROM dossiers d JOIN procedures p ON p.id = d.procedure_id"
        " WHERE d.received_at >= :lo AND d.received_at < :next",
    ),
    "satisfaction": (
        "SELECT overall, attitude, timeliness, guidance, count(*) FROM satisfaction_surveys"
        ' WHERE "on" BETWEEN :a AND :b GROUP BY 1, 2, 3, 4',
    ),
    "corruption": (
        "SELECT state, count(*) FROM corruption_cases WHERE date(received_on) BETWEEN :a AND :b"
        " GROUP BY state",
    ),
    "monthly": (
        "SELECT strftime('%Y-%m', received_at), count(*) FROM receptions"
        " WHERE cancelled = 0 AND received_at BETWEEN :lo AND :hi GROUP BY 1",
        "SELECT strftime('%Y-%m', received_on), count(*) FROM petitions"
        " WHERE received_on BETWEEN :a AND :b GROUP BY 1",
    ),
}


def raw_section(conn: sqlite3.Connection, name: str, start: date, end: date) -> list[list]:
    params = _bounds(start, end)
    return [conn.execute(sql, params).fetchall() for sql in RAW[name]]


def raw_report(conn: sqlite3.Connection, period: Any, comparison: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in RAW:
        if name == "monthly":
            out[name] = raw_section(conn, name, period.start, period.end)
            continue
        out[name] = raw_section(conn, name, period.start, period.end)
        out[name + ".previous"] = raw_section(conn, name, comparison.start, comparison.end)
    return out


# --- measures ----------------------------------------------------------------------------------


def _times(fn: Callable[[], object], repeat: int = REPEAT) -> tuple[float, float]:
    fn()  # warm the page cache, as the second report of the day would find it
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, round(0.95 * (repeat - 1)))]


def _line(report: Any, section: int, label: str) -> float:
    for line in report.sections[section].lines:
        if line.label.strip() == label:
            return line.current
    raise KeyError(label)


def _check(report: Any, raw: dict[str, Any]) -> dict[str, float]:
    """The report's headline figures equal the raw counts (so both do the same work)."""
    rec = raw["reception"][0]
    received, resolved, open_at = raw["petitions"]
    figures = {
        "visits": sum(r[4] for r in rec),
        "people": sum(r[5] for r in rec),
        "refused": sum(r[4] for r in rec if r[1] == "refused"),
        "petitions": sum(r[5] for r in received),
        "accepted": sum(r[5] for r in received if r[4] == "accepted"),
        "resolved": sum(r[2] for r in resolved),
        "on time": sum(r[2] for r in resolved if r[1]),
        "open at end": open_at[0][0],
        "overdue at end": open_at[0][1],
        "dossiers": raw["dossiers"][0][0][0],
    }
    ours = {
        "visits": _line(report, 0, "Tổng số lượt tiếp"),
        "people": _line(report, 0, "Số người được tiếp"),
        "refused": _line(report, 0, "Số lượt từ chối tiếp"),
        "petitions": _line(report, 1, "Tổng số đơn tiếp nhận"),
        "accepted": _line(report, 1, "Xử lý: thụ lý giải quyết"),
        "resolved": _line(report, 1, "Số vụ việc đã giải quyết trong kỳ"),
        "on time": _line(report, 1, "Giải quyết đúng hạn"),
        "open at end": _line(report, 1, "Đơn còn đang xử lý cuối kỳ"),
        "overdue at end": _line(report, 1, "trong đó quá hạn cuối kỳ"),
        "dossiers": _line(report, len(report.sections) - 2, "Tổng số hồ sơ tiếp nhận"),
    }
    for key, value in figures.items():
        assert ours[key] == value, f"{key}: report {ours[key]} != raw {value}"
    assert sum(v for _, v, _ in report.monthly) == figures["visits"]
    return {k: float(v) for k, v in figures.items()}


def measure(path: Path) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    from camau_reception.services import reports
    from camau_reception.services.reports import Period, build_report, monthly_trend
    from camau_reception.storage.db import open_database

    db = open_database(path)
    raw = sqlite3.connect(path)
    year = Period(date(YEAR, 1, 1), date(YEAR, 12, 31))
    last = Period(date(YEAR - 1, 1, 1), date(YEAR - 1, 12, 31))
    results: dict[str, dict[str, float]] = {}

    def report_of(p: Period) -> Callable[[], object]:
        def run() -> object:
            with db.read() as s:
                return build_report(s, p, p.same_last_year())

        return run

    with db.read() as s:
        figures = _check(build_report(s, year), raw_report(raw, year, year.same_last_year()))
    with db.read() as s:
        _check(build_report(s, last), raw_report(raw, last, last.same_last_year()))

    def section(fn: Callable[[Any, Period], object], p: Period) -> Callable[[], object]:
        def run() -> object:
            with db.read() as s:
                fn(s, p)
                return fn(s, p.same_last_year())

        return run

    def raw_both(name: str, p: Period) -> Callable[[], object]:
        c = p.same_last_year()
        return lambda: (
            raw_section(raw, name, p.start, p.end),
            raw_section(raw, name, *(c.start, c.end)),
        )

    def trend() -> object:
        with db.read() as s:
            return monthly_trend(s, year)

    # The statements the service sends, captured once and replayed on the bare connection:
    # what is left between the two is the session, SQL compilation and building the report.
    from sqlalchemy import event

    statements: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if not statement.startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            statements.append((statement, params))

    event.listen(db.engine, "before_cursor_execute", capture)
    report_of(year)()
    event.remove(db.engine, "before_cursor_execute", capture)

    def replay() -> object:
        return [raw.execute(sql, params).fetchall() for sql, params in statements]

    cases: list[tuple[str, Callable[[], object], Callable[[], object]]] = [
        (
            f"report {YEAR} vs {YEAR - 1}",
            report_of(year),
            lambda: raw_report(raw, year, year.same_last_year()),
        ),
        (
            f"report {YEAR - 1} vs {YEAR - 2} (full years)",
            report_of(last),
            lambda: raw_report(raw, last, last.same_last_year()),
        ),
        (f"  same {len(statements)} statements replayed on sqlite3", report_of(year), replay),
        (f"monthly_trend {YEAR}", trend, lambda: raw_section(raw, "monthly", year.start, year.end)),
        (
            "  section: reception (2 periods)",
            section(reports._reception, year),
            raw_both("reception", year),
        ),
        (
            "  section: petitions (2 periods)",
            section(reports._petitions, year),
            raw_both("petitions", year),
        ),
        (
            "  section: corruption (2 periods)",
            section(reports._corruption, year),
            raw_both("corruption", year),
        ),
        (
            "  section: dossiers (2 periods)",
            section(reports._dossiers, year),
            raw_both("dossiers", year),
        ),
        (
            "  section: satisfaction (2 periods)",
            section(reports._satisfaction, year),
            raw_both("satisfaction", year),
        ),
    ]
    for label, ours, raw_fn in cases:
        med, p95 = _times(ours)
        rmed, rp95 = _times(raw_fn)
        results[label] = {"ms": med, "p95_ms": p95, "raw_ms": rmed, "raw_p95_ms": rp95}
    raw.close()
    db.close()
    return results, figures


def ui_stall(path: Path) -> dict[str, float]:
    """The Báo cáo page computing the year's report: the longest gap of a 10 ms timer on the UI
    thread while the work runs in the pool, the time to a filled table, the progress steps."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from camau_reception.models.users import Role
    from camau_reception.services.actor import Actor
    from camau_reception.storage.db import open_database
    from camau_reception.ui.areas.reports import ReportsPage
    from camau_reception.ui.context import AppContext

    app = QApplication.instance() or QApplication([])
    db = open_database(path)
    actor = Actor(2, "canbo0", "Võ Thị Thu Hà", frozenset({Role.OFFICER}))
    ctx = AppContext(db=db, actor=actor, today=lambda: TODAY)
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000)
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    t = time.perf_counter()
    page = ReportsPage(ctx)  # starts the year's report at once
    page.show()
    bar = getattr(page, "progress", None)
    seen: set[tuple[int, int]] = set()
    while page.report is None:
        app.processEvents()
        if bar is not None and bar.isVisible():
            seen.add((bar.value(), bar.maximum()))
        time.sleep(0.001)
    filled = (time.perf_counter() - t) * 1000
    timer.stop()
    page.close()
    db.close()
    return {
        "ms_to_table": filled,
        "longest_ui_gap_ms": max(gaps) if gaps else float("nan"),
        "ticks": float(len(gaps)),
        "progress_states": float(len(seen)),
    }


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--visits", type=int, default=1_000_000, help="visits (large case)")
    parser.add_argument("--petitions", type=int, default=200_000, help="petitions (large case)")
    parser.add_argument("--dossiers", type=int, default=100_000, help="dossiers (large case)")
    parser.add_argument("--no-ui", action="store_true", help="skip the Báo cáo page measure")
    args = parser.parse_args(argv if argv is not None else [])
    payload: dict[str, object] = {"year": YEAR, "today": TODAY.isoformat(), "scales": {}}
    for visits, petitions, dossiers in (
        (5_000, 1_000, 500),
        (args.visits, args.petitions, args.dossiers),
    ):
        path = dataset(visits, petitions, dossiers)
        results, figures = measure(path)
        ui = {} if args.no_ui else ui_stall(path)
        print(
            f"\nReport for {YEAR}, {visits:,} visits + {petitions:,} petitions + {dossiers:,}"
            f" dossiers ({path.stat().st_size / 1e6:,.0f} MB); {YEAR}: visits"
            f" {figures['visits']:,.0f}, petitions {figures['petitions']:,.0f}, open at end"
            f" {figures['open at end']:,.0f} (overdue {figures['overdue at end']:,.0f})"
        )
        print(f"{'measure':<42}{'ours ms':>9}{'p95':>8}{'raw ms':>9}{'p95':>8}{'ratio':>7}")
        for label, r in results.items():
            ratio = r["ms"] / r["raw_ms"] if r["raw_ms"] else float("nan")
            print(
                f"{label:<42}{r['ms']:>9.1f}{r['p95_ms']:>8.1f}{r['raw_ms']:>9.1f}"
                f"{r['raw_p95_ms']:>8.1f}{ratio:>7.2f}"
            )
        if ui:
            print(
                f"Báo cáo page: table filled after {ui['ms_to_table']:,.0f} ms; longest UI-thread"
                f" gap {ui['longest_ui_gap_ms']:.0f} ms (10 ms timer);"
                f" progress bar seen in {ui['progress_states']:.0f} states"
            )
        payload["scales"][f"{visits}+{petitions}+{dossiers}"] = {  # type: ignore[index]
            "file_mb": path.stat().st_size / 1e6,
            "figures": figures,
            "measures": results,
            "ui": ui,
        }
    out = Path(__file__).with_name("results")
    out.mkdir(exist_ok=True)
    (out / "reports.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False))
    return payload


if __name__ == "__main__":
    main(sys.argv[1:])
