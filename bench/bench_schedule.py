"""The leaders' reception calendar at two scales, beside the same work done raw.

Run: ``python -m bench.bench_schedule [--leaders N] [--years Y]``. Two datasets are built
through the services (rules, roster, publications), then measured:

- filling the plan by rule (``services.schedule.generate`` + ``fill_desk``) against plain
  ``executemany`` inserts of the same rows;
- one month as the page loads it (sessions, publication state, checks) against the raw SQL
  that reads the same rows;
- the year's checks (head minimum, conflicts, publication, desk) against raw SQL;
- the notice-board PDF of a month (``printing.duty_schedule``) against a bare ReportLab table
  with the same cells;
- the year's iCalendar export against a hand-written .ics string.

Realistic: 3 leaders, one year, two officers at the desk. Large: 40 leaders with a weekly day
each over 3 years (about 6,000 sessions) and 8 officers. Prints a table and writes
``bench/results/schedule.json``.
"""

from __future__ import annotations

import argparse
import io
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 28)
REPEAT = 7


def _times(fn: Callable[[], object], repeat: int = REPEAT) -> float:
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def build(path: Path, leaders: int, years: int, officers: int) -> tuple[float, int]:
    """Create the dataset through the services; returns (ms, sessions)."""
    from camau_reception.domain.agency import SAMPLE_AGENCY
    from camau_reception.domain.recurrence import Rule
    from camau_reception.services import agency, schedule
    from camau_reception.services.calendar import load_calendar
    from camau_reception.storage.db import open_database

    path.unlink(missing_ok=True)
    db = open_database(path)
    with db.write() as s:
        admin = agency.first_start(s, SAMPLE_AGENCY, "admin", "Quản Trị Viên", "bench-pass-0001")
    start, end = date(2026, 1, 1), date(2026 + years - 1, 12, 31)
    t = time.perf_counter()
    with db.write() as s:
        cal = load_calendar(s)
        ids = [
            schedule.add_staff(
                s, admin, f"Lãnh đạo {i:02d}", "Phó Giám đốc", is_leader=True, is_head=i == 0
            ).id
            for i in range(leaders)
        ]
        desk = [
            schedule.add_staff(s, admin, f"Cán bộ {i:02d}", "Chuyên viên", is_leader=False).id
            for i in range(officers)
        ]
        # A rule fills at most two years at a time (a planning horizon); a year per call here.
        for y in range(start.year, end.year + 1):
            first, last = date(y, 1, 1), date(y, 12, 31)
            schedule.generate(s, admin, Rule("day_of_month", day=15), first, last, ids[0], cal=cal)
            for i, pid in enumerate(ids[1:], 1):
                rule = (
                    Rule("nth_weekday", weekday=i % 5, nth=(i % 4) + 1)
                    if leaders <= 5
                    else Rule("weekdays", weekdays=(i % 5,))
                )
                schedule.generate(
                    s, admin, rule, first, last, pid, start_time="13:30", end_time="16:30", cal=cal
                )
        # One pair of officers per half day is what an office plans; the others are listed.
        pair = desk[:2]
        for y in range(start.year, end.year + 1):
            first, last = date(y, 1, 1), date(y, 12, 31)
            for half, days in (("morning", (0, 2, 4)), ("afternoon", (1, 3))):
                schedule.fill_desk(
                    s, admin, Rule("weekdays", weekdays=days), first, last, half, pair, cal
                )
        for m in range(1, 13):
            schedule.publish(s, admin, f"2026-{m:02d}", date(2026, m, 1) - timedelta(days=12))
        n = len(schedule.sessions_between(s, start, end))
    ms = (time.perf_counter() - t) * 1000
    db.close()
    return ms, n


def raw_insert(rows: int) -> float:
    """The same number of session rows inserted with executemany into a bare table."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "create table s (id integer primary key, day date, start_time text, end_time text,"
        " place text, presiding_id int, status text, note text)"
    )
    data = [
        (
            (date(2026, 1, 1) + timedelta(days=i % 700)).isoformat(),
            "07:30",
            "11:00",
            "P",
            1,
            "p",
            "",
        )
        for i in range(rows)
    ]
    t = time.perf_counter()
    conn.executemany(
        "insert into s (day, start_time, end_time, place, presiding_id, status, note)"
        " values (?,?,?,?,?,?,?)",
        data,
    )
    conn.commit()
    return (time.perf_counter() - t) * 1000


def measure(path: Path) -> dict[str, dict[str, float]]:
    from camau_reception.exports.schedule_ics import write_ics
    from camau_reception.printing.duty_schedule import render_schedule
    from camau_reception.services import schedule
    from camau_reception.services.calendar import load_calendar
    from camau_reception.storage.db import open_database

    db = open_database(path)
    conn = sqlite3.connect(path)
    with db.read() as s:
        cal = load_calendar(s)
    month = (date(2026, 12, 1), date(2026, 12, 31))
    year = (date(2026, 1, 1), date(2026, 12, 31))
    out: dict[str, dict[str, float]] = {}

    def page_month() -> None:
        with db.read() as s:
            rows = schedule.sessions_between(s, *month)
            schedule.publication_state(s, rows, TODAY, cal)
            schedule.desk_between(s, *month)
            schedule.checks(s, *month, TODAY, cal)

    def raw_month() -> None:
        conn.execute(
            "select d.*, p.full_name from duty_sessions d join staff_members p"
            " on p.id = d.presiding_id where d.day between ? and ?",
            [x.isoformat() for x in month],
        ).fetchall()
        conn.execute(
            "select snapshot from published_schedules where period in ('2026-12', '2026-Q4')"
        ).fetchall()
        conn.execute(
            "select * from desk_shifts where day between ? and ?", [x.isoformat() for x in month]
        ).fetchall()

    def year_checks() -> None:
        with db.read() as s:
            schedule.checks(s, *year, TODAY, cal)

    def raw_checks() -> None:
        iso = [x.isoformat() for x in year]
        conn.execute(
            "select strftime('%m', day), count(*) from duty_sessions d join staff_members p"
            " on p.id = d.presiding_id where p.is_head and d.deputy_id is null"
            " and day between ? and ? group by 1",
            iso,
        ).fetchall()
        conn.execute(
            "select a.id, b.id from duty_sessions a join duty_sessions b on a.day = b.day"
            " and a.id < b.id and coalesce(a.deputy_id, a.presiding_id)"
            " = coalesce(b.deputy_id, b.presiding_id) and a.start_time < b.end_time"
            " and b.start_time < a.end_time where a.day between ? and ?",
            iso,
        ).fetchall()
        conn.execute(
            "select distinct day from desk_shifts where day between ? and ?", iso
        ).fetchall()

    def our_pdf() -> None:
        with db.read() as s:
            rows = schedule.schedule_rows(schedule.sessions_between(s, *month))
            desk = schedule.desk_rows(schedule.desk_between(s, *month))
        from camau_reception.domain.agency import SAMPLE_AGENCY

        render_schedule(
            SAMPLE_AGENCY, "tháng 12/2026", rows, "01/LTCD", TODAY, io.BytesIO(), desk=desk
        )

    def raw_pdf() -> None:
        from reportlab.lib.pagesizes import A4, landscape
        from reportlab.platypus import SimpleDocTemplate, Table

        from camau_reception.printing.fonts import FONT, register_fonts

        register_fonts()
        data = conn.execute(
            "select d.day, d.start_time, d.end_time, p.full_name, p.position, d.place"
            " from duty_sessions d join staff_members p on p.id = d.presiding_id"
            " where d.day between ? and ?",
            [x.isoformat() for x in month],
        ).fetchall()
        table = Table(
            [list(map(str, r)) for r in data] or [[""]], style=[("FONT", (0, 0), (-1, -1), FONT)]
        )
        SimpleDocTemplate(io.BytesIO(), pagesize=landscape(A4)).build([table])

    def our_ics() -> None:
        with db.read() as s:
            rows = schedule.sessions_between(s, *year)
            write_ics(rows, Path(tempfile.gettempdir()) / "bench-schedule.ics", "Sở")

    def raw_ics() -> None:
        data = conn.execute(
            "select d.id, d.day, d.start_time, d.end_time, p.full_name, d.place"
            " from duty_sessions d join staff_members p on p.id = d.presiding_id"
            " where d.day between ? and ?",
            [x.isoformat() for x in year],
        ).fetchall()
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0"]
        for sid, day, t0, t1, name, place in data:
            d = day.replace("-", "")
            lines += [
                "BEGIN:VEVENT",
                f"UID:duty-{sid}",
                f"DTSTART;TZID=Asia/Ho_Chi_Minh:{d}T{t0.replace(':', '')}00",
                f"DTEND;TZID=Asia/Ho_Chi_Minh:{d}T{t1.replace(':', '')}00",
                f"SUMMARY:{name}",
                f"LOCATION:{place}",
                "END:VEVENT",
            ]
        lines.append("END:VCALENDAR")
        (Path(tempfile.gettempdir()) / "bench-schedule-raw.ics").write_text("\r\n".join(lines))

    for label, ours, raw in (
        ("month as the page loads it", page_month, raw_month),
        ("checks over the year", year_checks, raw_checks),
        ("notice PDF of a month", our_pdf, raw_pdf),
        ("iCalendar of the year", our_ics, raw_ics),
    ):
        out[label] = {"ms": _times(ours), "raw_ms": _times(raw)}
    db.close()
    conn.close()
    return out


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--leaders", type=int, default=40)
    parser.add_argument("--years", type=int, default=3)
    args = parser.parse_args(argv)
    report: dict[str, object] = {}
    for name, leaders, years, officers in (
        ("realistic", 3, 1, 2),
        ("large", args.leaders, args.years, 8),
    ):
        path = Path(tempfile.gettempdir()) / f"bench-schedule-{name}.sqlite3"
        build_ms, sessions = build(path, leaders, years, officers)
        insert_ms = raw_insert(sessions)
        results = {"fill the plan by rule": {"ms": build_ms, "raw_ms": insert_ms}}
        results.update(measure(path))
        report[name] = {"sessions": sessions, "measures": results}
        print(f"\n{name}: {leaders} leaders, {years} year(s), {sessions:,} sessions")
        print(f"{'measure':<32}{'ours ms':>10}{'raw ms':>10}{'ratio':>8}")
        for label, r in results.items():
            ratio = r["ms"] / r["raw_ms"] if r["raw_ms"] else float("nan")
            print(f"{label:<32}{r['ms']:>10.1f}{r['raw_ms']:>10.1f}{ratio:>8.1f}")
    out = Path(__file__).with_name("results")
    out.mkdir(exist_ok=True)
    (out / "schedule.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    return report


if __name__ == "__main__":
    main(sys.argv[1:])
