"""The Tổng quan dashboard at scale: 100,000 open petitions, beside the same SQL done raw.

Run: ``python -m bench.bench_dashboard [--open N] [--closed M]``. Generates (once, cached in the
temporary directory) a database of N open petitions spread over every state with a running
clock, due dates from three months ago to three months ahead, plus M finished petitions, then
measures:

- the whole dashboard through the program's path (``services.dashboard.compute``: a read
  session, the work calendar, counts, four short lists, overdue by officer and by kind);
- the same statements on a bare ``sqlite3`` connection (tuples, no ORM, no calendar);
- each part alone, to see where the time goes.

Two scales: a realistic office (about 1,000 open petitions) and the large case the issue asks
for (100,000 open). Target: the large dashboard under 200 ms. Prints a table and writes
``bench/results/dashboard.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

GENERATOR_VERSION = 2
REPEAT = 20
TODAY = date(2026, 11, 18)
OPEN_STATES = ("received", "classified", "accepted", "verifying", "extended")
DONE_STATES = ("closed", "notified", "transferred", "guided", "archived", "returned")
KINDS = ("complaint", "denunciation", "recommendation", "reflection")
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ")
GIVEN = ("Văn Đức", "Thị Hoa", "Minh Tâm", "Thị Mỹ Linh", "Quốc Bảo", "Hoàng Yến", "Văn Lực")


def generate(path: Path, open_rows: int, closed_rows: int, seed: int = 11) -> None:
    """Plain SQL inserts (the services would take many minutes for 200,000 petitions)."""
    from camau_reception.domain.agency import SAMPLE_AGENCY
    from camau_reception.domain.text import fold
    from camau_reception.models.users import Role
    from camau_reception.services import agency, users
    from camau_reception.storage.db import open_database

    rng = random.Random(seed)
    if path.exists():
        path.unlink()
    db = open_database(path)
    password = "bench-password-0001"
    with db.write() as s:
        admin = agency.first_start(s, SAMPLE_AGENCY, "admin", "Quản Trị Viên", password)
        officers = [
            users.create_user(
                s, admin, users.UserInput(f"canbo{i}", name, {Role.OFFICER}, password)
            ).id
            for i, name in enumerate(
                ("Võ Thị Thu Hà", "Đặng Hoàng Phúc", "Lê Minh Tâm", "Trần Thị Ngọc Mai")
            )
        ]
    db.close()

    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    now = datetime(2026, 11, 18, 8, 0).isoformat(sep=" ")
    cols = (
        "code, kind, complaint_round, source, received_on, petitioner_name, petitioner_address,"
        " name_folded, signer_count, summary, sender_body, sender_letter_no, complex_case,"
        " remote_area, outcome, accept_decision_no, target_body, out_letter_no, archive_reason,"
        " extensions, result, decision_no, resolved_on, resolve_due_on, state, rule_id,"
        " clock_start, due_on, officer_id, created_at, updated_at, version"
    )
    sql = f"INSERT INTO petitions ({cols}) VALUES ({', '.join('?' * len(cols.split(',')))})"
    seq = 0

    def row(state: str) -> tuple:
        nonlocal seq
        seq += 1
        kind = rng.choice(KINDS)
        name = f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}"
        if state in OPEN_STATES:
            due = TODAY + timedelta(days=rng.randint(-90, 90))
            start = due - timedelta(days=rng.choice((14, 30, 45, 60)))
            received = start - timedelta(days=rng.randint(0, 10))
            resolved = resolve_due = None
        else:
            received = TODAY - timedelta(days=rng.randint(1, 3650))
            start = due = None
            resolve_due = received + timedelta(days=40)
            resolved = received + timedelta(days=rng.randint(5, 60))
            if resolved > TODAY:
                resolved = TODAY
        return (
            f"DT-{received.year}-{seq:06d}",
            kind,
            1,
            rng.choice(("reception", "post", "hotline", "portal")),
            received.isoformat(),
            name,
            "Phường An Xuyên, tỉnh Cà Mau",
            fold(name),
            1,
            "Phản ánh tiếng ồn của cơ sở karaoke sau 22 giờ, đề nghị kiểm tra xử lý",
            "",
            "",
            0,
            0,
            "",
            "",
            "",
            "",
            "",
            0,
            "right" if resolved else "",
            "",
            resolved.isoformat() if resolved else None,
            resolve_due.isoformat() if resolve_due else None,
            state,
            "complaint.resolve" if start else "",
            start.isoformat() if start else None,
            due.isoformat() if due else None,
            rng.choice(officers) if rng.random() < 0.97 else None,
            now,
            now,
            1,
        )

    batch: list[tuple] = []
    for i in range(open_rows + closed_rows):
        state = (
            rng.choice(OPEN_STATES) if i < open_rows else rng.choice(DONE_STATES)
        )  # interleaving does not matter: rows are found through indexes
        batch.append(row(state))
        if len(batch) >= 20_000:
            conn.executemany(sql, batch)
            batch.clear()
    conn.executemany(sql, batch)
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()


def dataset(open_rows: int, closed_rows: int) -> Path:
    path = Path(tempfile.gettempdir()) / f"camau-bench-dashboard-{open_rows}-{closed_rows}.sqlite3"
    marker = path.parent / (path.name + ".ok")
    stamp = f"{GENERATOR_VERSION}:{open_rows}:{closed_rows}"
    if not (path.exists() and marker.exists() and marker.read_text() == stamp):
        t = time.perf_counter()
        print(f"generating {open_rows:,} open + {closed_rows:,} closed petitions …", flush=True)
        generate(path, open_rows, closed_rows)
        marker.write_text(stamp)
        print(f"  generated in {time.perf_counter() - t:.1f} s", flush=True)
    return path


def _times(fn, repeat: int = REPEAT) -> tuple[float, float]:
    fn()  # warm the page cache, as the dashboard's second refresh would be
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, round(0.95 * (repeat - 1)))]


RAW_STATES = "'accepted','classified','extended','received','verifying'"
RAW_OPEN = f"state IN ({RAW_STATES})"
RAW_LIST = (
    "SELECT p.id, p.code, p.kind, p.petitioner_name, p.state, u.full_name, p.received_on,"
    " p.clock_start, p.due_on FROM petitions p LEFT JOIN users u ON u.id = p.officer_id"
    " WHERE {w} ORDER BY p.due_on, p.id LIMIT 100"
)


def raw_dashboard(conn: sqlite3.Connection, today: date, soon: date) -> dict[str, object]:
    """The same statements the service runs, on a bare connection."""
    t, s = today.isoformat(), soon.isoformat()
    buckets = {
        "due_today": (f"{RAW_OPEN} AND due_on = ?", (t,)),
        "due_soon": (f"{RAW_OPEN} AND due_on > ? AND due_on <= ?", (t, s)),
        "overdue": (f"{RAW_OPEN} AND due_on IS NOT NULL AND due_on < ?", (t,)),
        "waiting": ("state = 'received'", ()),
    }
    # Lists ordered by due date walk the due_on index (the unary + keeps the state index out).
    lists = {
        "due_today": ("+p.state IN ({o}) AND p.due_on = ?", (t,)),
        "due_soon": ("+p.state IN ({o}) AND p.due_on > ? AND p.due_on <= ?", (t, s)),
        "overdue": ("+p.state IN ({o}) AND p.due_on IS NOT NULL AND p.due_on < ?", (t,)),
        "waiting": ("p.state = 'received'", ()),
    }
    out: dict[str, object] = {}
    for key, (where, params) in buckets.items():
        out[key] = conn.execute(f"SELECT count(*) FROM petitions WHERE {where}", params).fetchone()
        lw, lp = lists[key]
        out[key + "_rows"] = conn.execute(RAW_LIST.format(w=lw.format(o=RAW_STATES)), lp).fetchall()
    out["open"] = conn.execute(f"SELECT count(*) FROM petitions WHERE {RAW_OPEN}").fetchone()
    month = today.replace(day=1).isoformat()
    out["received"] = conn.execute(
        "SELECT count(*) FROM petitions WHERE received_on >= ? AND received_on <= ?", (month, t)
    ).fetchone()
    out["resolved"] = conn.execute(
        "SELECT count(*), coalesce(sum(CASE WHEN resolve_due_on IS NULL OR resolved_on <="
        " resolve_due_on THEN 1 ELSE 0 END), 0) FROM petitions"
        " WHERE resolved_on >= ? AND resolved_on <= ?",
        (month, t),
    ).fetchone()
    rows = conn.execute(
        f"SELECT officer_id, kind, count(*) FROM petitions WHERE {RAW_OPEN}"
        " AND due_on IS NOT NULL AND due_on < ? GROUP BY officer_id, kind",
        (t,),
    ).fetchall()
    officers = {i for i, _, _ in rows if i is not None}
    names = dict(
        conn.execute(
            f"SELECT id, full_name FROM users WHERE id IN ({','.join('?' * len(officers))})",
            tuple(officers),
        ).fetchall()
    )
    out["by_officer"] = rows
    out["names"] = names
    return out


def measure(path: Path) -> dict[str, dict[str, float]]:
    from camau_reception.services import dashboard
    from camau_reception.services.calendar import load_calendar
    from camau_reception.storage.db import open_database

    db = open_database(path)
    raw = sqlite3.connect(path)
    with db.read() as s:
        cal = load_calendar(s)
    soon = cal.add_working_days(TODAY, dashboard.SOON_WORKING_DAYS)

    def ours_cold_calendar():
        with db.read() as s:
            return dashboard.compute(s, TODAY)

    def ours():
        with db.read() as s:
            return dashboard.compute(s, TODAY, cal)

    data = ours()
    check = raw_dashboard(raw, TODAY, soon)
    assert data.counts["overdue"] == check["overdue"][0], "counts differ from raw SQL"
    assert len(data.lists["overdue"]) == len(check["overdue_rows"])  # type: ignore[arg-type]
    results: dict[str, dict[str, float]] = {}
    for label, fn, raw_fn in (
        (
            "whole dashboard (page path)",
            ours_cold_calendar,
            lambda: raw_dashboard(raw, TODAY, soon),
        ),
        ("whole dashboard, calendar cached", ours, lambda: raw_dashboard(raw, TODAY, soon)),
    ):
        med, p95 = _times(fn)
        rmed, rp95 = _times(raw_fn)
        results[label] = {"ms": med, "p95_ms": p95, "raw_ms": rmed, "raw_p95_ms": rp95}
    # Where the time goes: each raw statement alone.
    t = TODAY.isoformat()
    parts = {
        "count overdue": (f"SELECT count(*) FROM petitions WHERE {RAW_OPEN} AND due_on < ?", (t,)),
        "first 100 overdue": (
            RAW_LIST.format(w=f"+p.{RAW_OPEN} AND p.due_on < ?"),
            (t,),
        ),
        "overdue by officer and kind": (
            f"SELECT officer_id, kind, count(*) FROM petitions WHERE {RAW_OPEN}"
            " AND due_on < ? GROUP BY officer_id, kind",
            (t,),
        ),
        "resolved this month": (
            "SELECT count(*) FROM petitions WHERE resolved_on >= ? AND resolved_on <= ?",
            (TODAY.replace(day=1).isoformat(), t),
        ),
    }
    for label, (sql, params) in parts.items():
        rmed, rp95 = _times(lambda sql=sql, params=params: raw.execute(sql, params).fetchall())
        results["  raw: " + label] = {
            "ms": float("nan"),
            "p95_ms": float("nan"),
            "raw_ms": rmed,
            "raw_p95_ms": rp95,
        }
    results["_counts"] = {k: float(v) for k, v in data.counts.items()}
    raw.close()
    db.close()
    return results


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--open", type=int, default=100_000, help="open petitions (large case)")
    parser.add_argument("--closed", type=int, default=100_000, help="finished petitions")
    args = parser.parse_args(argv if argv is not None else [])
    payload: dict[str, object] = {"today": TODAY.isoformat(), "scales": {}}
    for open_rows, closed_rows in ((1_000, 4_000), (args.open, args.closed)):
        path = dataset(open_rows, closed_rows)
        results = measure(path)
        counts = results.pop("_counts")
        print(
            f"\nDashboard, {open_rows:,} open + {closed_rows:,} finished petitions "
            f"({path.stat().st_size / 1e6:,.0f} MB); overdue {counts['overdue']:,.0f}, "
            f"due soon {counts['due_soon']:,.0f}, waiting {counts['waiting']:,.0f}"
        )
        print(f"{'measure':<40}{'ours ms':>9}{'p95':>8}{'raw ms':>9}{'p95':>8}{'ratio':>7}")
        for label, r in results.items():
            ratio = r["ms"] / r["raw_ms"] if r["raw_ms"] and r["ms"] == r["ms"] else float("nan")
            print(
                f"{label:<40}{r['ms']:>9.2f}{r['p95_ms']:>8.2f}{r['raw_ms']:>9.2f}"
                f"{r['raw_p95_ms']:>8.2f}{ratio:>7.2f}"
            )
        payload["scales"][f"{open_rows}+{closed_rows}"] = {  # type: ignore[index]
            "counts": counts,
            "measures": results,
        }
    out = Path(__file__).with_name("results")
    out.mkdir(exist_ok=True)
    (out / "dashboard.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False))
    return payload


if __name__ == "__main__":
    main(sys.argv[1:])
