"""The reception register at scale: a million visits, each measure beside raw SQLite.

Run: ``python -m bench.bench_reception [--rows N]`` (or ``make bench``). Generates (once, cached
in the temporary directory) a register of N visits over ten years with realistic names, then
measures what the register page does, through the program's own path (a read session, the
service, row objects) and the same SQL on a bare ``sqlite3`` connection:

- first screenful (newest 60 visits), jump to the end (oldest 60), a jump to the middle;
- the total count the list shows; a one-month date range;
- the search "nguyen van duc" and a two-word content search "giay phep" (median and p95);
- resident memory of a process that opened the database and ran those queries.

Prints a table and writes ``bench/results/reception.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

GENERATOR_VERSION = 4
SCREEN = 60
REPEAT = 30


# --- data --------------------------------------------------------------------------------------


def generate(path: Path, rows: int, seed: int = 7) -> None:
    """Write ``rows`` visits with plain SQL (the services would take hours for a million)."""
    from camau_reception.demo.reception import (
        FAMILY,
        GIVEN_F,
        GIVEN_M,
        HAMLETS,
        MATTERS,
        MIDDLE_F,
        MIDDLE_M,
    )
    from camau_reception.domain.agency import SAMPLE_AGENCY
    from camau_reception.domain.text import fold
    from camau_reception.models.reception import sort_key_of
    from camau_reception.models.users import Role
    from camau_reception.services import agency, users
    from camau_reception.services.citizens import communes
    from camau_reception.storage.db import open_database

    rng = random.Random(seed)
    if path.exists():
        path.unlink()
    db = open_database(path)
    password = "bench-password-0001"
    with db.write() as s:
        admin = agency.first_start(s, SAMPLE_AGENCY, "admin", "Quản Trị Viên", password)
        officer_ids = []
        for i, name in enumerate(("Võ Thị Thu Hà", "Đặng Hoàng Phúc", "Lê Minh Tâm")):
            u = users.create_user(
                s,
                admin,
                users.UserInput(f"canbo{i}", name, {Role.OFFICER}, password),
            )
            officer_ids.append(u.id)
        leader = users.create_user(
            s, admin, users.UserInput("giamdoc", "Nguyễn Thị Hồng Nhung", {Role.LEADER}, password)
        )
    db.close()

    places = communes("Cà Mau") or ["Phường An Xuyên"]
    folded = {x: fold(x) for x in (*FAMILY, *MIDDLE_M, *MIDDLE_F, *GIVEN_M, *GIVEN_F)}
    folded_places = {p: fold(p) for p in places}
    folded_hamlets = {h: fold(h) for h in HAMLETS}
    templates = [(kinds, t, o, fold(t)) for kinds, t, o in MATTERS]

    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-200000")
    now = datetime(2026, 3, 1).isoformat(sep=" ")
    n_citizens = max(1, int(rows * 0.6))
    citizens = []
    used: set[str] = set()
    for cid in range(1, n_citizens + 1):
        female = rng.random() < 0.45
        parts = (
            rng.choice(FAMILY),
            rng.choice(MIDDLE_F if female else MIDDLE_M),
            rng.choice(GIVEN_F if female else GIVEN_M),
        )
        birth = rng.randint(1945, 2004)
        digit = (0 if birth < 2000 else 2) + (1 if female else 0)
        while True:
            number = f"096{digit}{birth % 100:02d}{rng.randint(0, 999999):06d}"
            if number not in used:
                used.add(number)
                break
        phone = f"09{rng.randint(10000000, 99999999)}"
        commune = rng.choice(places)
        hamlet = rng.choice(HAMLETS)
        name = " ".join(parts)
        name_folded = " ".join(folded[p] for p in parts)
        citizens.append(
            (
                cid,
                name,
                name_folded,
                number,
                "nữ" if female else "nam",
                birth,
                phone,
                commune,
                hamlet,
                f"{name_folded} {number} {phone} {folded_hamlets[hamlet]} "
                f"{folded_places[commune]} ca mau",
            )
        )
    conn.executemany(
        "INSERT INTO citizens (id, full_name, name_folded, id_kind, id_number, id_issued_by, "
        "sex, birth_year, phone, province, commune, address_detail, created_at, updated_at, "
        "version) VALUES (?, ?, ?, 'cccd', ?, '', ?, ?, ?, 'Cà Mau', ?, ?, ?, ?, 1)",
        [(*c[:9], now, now) for c in citizens],
    )
    start = datetime(2016, 3, 1, 7, 0)
    span_minutes = int((datetime(2026, 3, 1) - start).total_seconds() // 60)
    outcomes = ("explained", "guided", "petition_received", "transferred", "appointment")
    batch_r: list[tuple] = []
    batch_f: list[tuple] = []

    def flush() -> None:
        conn.executemany(
            "INSERT INTO receptions (id, sort_key, received_at, kind, presiding_leader_id, "
            "presiding_leader_name, officer_id, citizen_id, group_size, summary, complaint, "
            "denunciation, recommendation, reflection, corruption, handled_by, "
            "within_competence, outcome, guided_to, guide_doc_number, transferred_to, "
            "transfer_doc_number, appointment_place, appointment_purpose, refusal_reason, "
            "refusal_detail, followup, repeat_count, cancelled, cancel_reason, created_by, "
            "created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, "
            "?, 0, '', ?, ?, ?, '', ?, '', '', '', '', '', '', ?, 0, '', ?, ?, ?, 1)",
            batch_r,
        )
        conn.executemany("INSERT INTO reception_fts(rowid, body) VALUES (?, ?)", batch_f)
        batch_r.clear()
        batch_f.clear()

    words: set[str] = set()
    minutes = sorted(rng.randrange(span_minutes) for _ in range(rows))
    for rid in range(1, rows + 1):
        # Mostly written in time order, sometimes a few days late (keys still order by time).
        received = start + timedelta(minutes=minutes[rid - 1])
        c = citizens[rng.randrange(n_citizens)]
        kinds, template, outcome, template_folded = rng.choice(templates)
        n = rng.randint(10, 250)
        fill = {"n": n, "year": received.year, "commune": c[7], "hamlet": c[8]}
        summary = template.format(**fill)
        summary_folded = template_folded.format(
            n=n, year=received.year, commune=fold(c[7]), hamlet=fold(c[8])
        )
        if rng.random() < 0.03:
            outcome = "refused"
        elif rng.random() < 0.3:
            outcome = rng.choice(outcomes)
        periodic = rng.random() < 0.05
        batch_r.append(
            (
                rid,
                sort_key_of(received, rid),
                received.isoformat(sep=" "),
                "periodic" if periodic else "regular",
                leader.id if periodic else None,
                rng.choice(officer_ids),
                c[0],
                rng.choice((5, 8, 12)) if rng.random() < 0.03 else 1,
                summary,
                "complaint" in kinds,
                "denunciation" in kinds,
                "recommendation" in kinds,
                "reflection" in kinds,
                outcome != "guided",
                outcome,
                "UBND " + c[7] if outcome == "guided" else "",
                "Thanh tra tỉnh Cà Mau" if outcome == "transferred" else "",
                1 if rng.random() < 0.1 else 0,
                officer_ids[0],
                now,
                now,
            )
        )
        body = f"{c[9]} {summary_folded}"
        batch_f.append((sort_key_of(received, rid), body))
        words.update(w for w in body.split() if w.isalpha())
        if len(batch_r) >= 20000:
            flush()
    flush()
    conn.executemany(
        "INSERT OR IGNORE INTO reception_search_terms(term) VALUES (?)",
        [(w,) for w in sorted(words)],
    )
    conn.commit()
    conn.execute("INSERT INTO reception_fts(reception_fts) VALUES ('optimize')")
    conn.commit()
    conn.execute("ANALYZE")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    (path.parent / (path.name + ".ok")).write_text(f"{GENERATOR_VERSION}:{rows}")


def dataset(rows: int) -> Path:
    path = Path(tempfile.gettempdir()) / f"camau-bench-reception-{rows}.sqlite3"
    marker = path.parent / (path.name + ".ok")
    if not (
        path.exists() and marker.exists() and marker.read_text() == f"{GENERATOR_VERSION}:{rows}"
    ):
        t = time.perf_counter()
        print(f"generating {rows:,} visits in {path} …", flush=True)
        generate(path, rows)
        print(f"  generated in {time.perf_counter() - t:.1f} s", flush=True)
    return path


# --- measures ----------------------------------------------------------------------------------


def _times(fn, repeat: int = REPEAT) -> tuple[float, float]:
    fn()  # warm the page cache as a user's second look would be
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return statistics.median(samples), p95


def measure(path: Path) -> dict[str, dict[str, float]]:
    from camau_reception.services import reception_search as rs
    from camau_reception.services.reception_search import RegisterFilter
    from camau_reception.storage.db import open_database

    db = open_database(path)
    raw = sqlite3.connect(path)
    month = RegisterFilter(date_from=date(2024, 6, 1), date_to=date(2024, 6, 30))
    cases = {
        "first screenful (newest 60)": (RegisterFilter(), {"limit": SCREEN}),
        "jump to the end (oldest 60)": (RegisterFilter(), {"limit": SCREEN, "descending": False}),
        "jump to the middle (offset)": (RegisterFilter(), {"limit": SCREEN, "offset": -1}),
        "one-month date range": (month, {"limit": SCREEN}),
        "filter: refused, newest 60": (RegisterFilter(outcome="refused"), {"limit": SCREEN}),
        'search "nguyen van duc"': (RegisterFilter(text="nguyen van duc"), {"limit": SCREEN}),
        'search "giay phep" (content)': (RegisterFilter(text="giay phep"), {"limit": SCREEN}),
        "search + one month": (
            RegisterFilter(text="nguyen", date_from=month.date_from, date_to=month.date_to),
            {"limit": SCREEN},
        ),
    }
    total = 0
    with db.read() as s:
        total = rs.count(s, RegisterFilter())
    results: dict[str, dict[str, float]] = {}
    for label, (flt, kw) in cases.items():
        kw = dict(kw)
        if kw.get("offset") == -1:
            kw["offset"] = total // 2

        def ours(flt=flt, kw=kw):
            with db.read() as s:
                rows = rs.page(s, flt, **kw)
            return rows

        # The same statement on a bare connection: tuples, no session, no row objects.
        descending = kw.get("descending", True)
        with db.read() as s:
            sa_conn = s.connection()
            key_sql, key_params = rs._build(
                flt,
                descending=descending,
                after_key=None,
                select_cols="r.sort_key",
                with_joins=False,
                conn=sa_conn,
            )
            sql, params = rs._build(
                flt, descending=descending, after_key=None, select_cols=rs._COLUMNS, conn=sa_conn
            )
        if kw.get("offset"):
            key_sql += " LIMIT 1 OFFSET :offset"
            key_params["offset"] = kw["offset"] - 1

            page_sql, _ = rs._build(
                flt, descending=True, after_key=0, select_cols=rs._COLUMNS, conn=None
            )

            def raw_fn(key_sql=key_sql, key_params=key_params, page_sql=page_sql):
                start = raw.execute(key_sql, key_params).fetchone()[0]
                return raw.execute(
                    page_sql + " LIMIT :limit", {"after": start, "limit": SCREEN}
                ).fetchall()

        else:
            params = {**params, "limit": SCREEN}

            def raw_fn(sql=sql, params=params):
                return raw.execute(sql + " LIMIT :limit", params).fetchall()

        got = len(ours())
        assert got == len(raw_fn()), label
        med, p95 = _times(ours)
        rmed, rp95 = _times(raw_fn)
        results[label] = {"ms": med, "p95_ms": p95, "raw_ms": rmed, "raw_p95_ms": rp95, "rows": got}

    def count_all():
        with db.read() as s:
            return rs.count(s, RegisterFilter())

    med, p95 = _times(count_all, 10)
    rmed, rp95 = _times(lambda: raw.execute("SELECT count(*) FROM receptions").fetchone(), 10)
    results["row count for the scroll bar"] = {
        "ms": med,
        "p95_ms": p95,
        "raw_ms": rmed,
        "raw_p95_ms": rp95,
        "rows": total,
    }
    # A naive ranking query, to show why the register never sorts by rank.
    t = time.perf_counter()
    raw.execute(
        "SELECT rowid FROM reception_fts WHERE reception_fts MATCH 'nguyen' ORDER BY rank LIMIT 60"
    ).fetchall()
    results["(naive) ORDER BY rank on 'nguyen'"] = {
        "ms": float("nan"),
        "p95_ms": float("nan"),
        "raw_ms": (time.perf_counter() - t) * 1000,
        "raw_p95_ms": float("nan"),
        "rows": 60,
    }
    raw.close()
    db.close()
    return results


RSS_PROBE = """
import sys, resource
from pathlib import Path
from camau_reception.storage.db import open_database
from camau_reception.services import reception_search as rs
db = open_database(Path(sys.argv[1]))
with db.read() as s:
    rs.page(s, rs.RegisterFilter(), limit=60)
    rs.count(s, rs.RegisterFilter())
    rs.page(s, rs.RegisterFilter(text="nguyen van duc"), limit=60)
    rs.page(s, rs.RegisterFilter(), limit=60, descending=False)
with open("/proc/self/status") as fh:
    rss = [l for l in fh if l.startswith("VmRSS")][0].split()[1]
print(int(rss) // 1024)
"""


def resident_mb(path: Path) -> int:
    out = subprocess.run(
        [sys.executable, "-c", RSS_PROBE, str(path)], capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip())


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=int(os.environ.get("BENCH_ROWS", 1_000_000)))
    args = parser.parse_args(argv if argv is not None else [])
    path = dataset(args.rows)
    results = measure(path)
    rss = resident_mb(path) if sys.platform.startswith("linux") else -1
    size_mb = path.stat().st_size / 1e6
    print(f"\nReception register, {args.rows:,} visits ({size_mb:,.0f} MB file)")
    print(f"{'measure':<38}{'ours ms':>9}{'p95':>8}{'raw ms':>9}{'p95':>8}{'ratio':>7}")
    for label, r in results.items():
        ratio = r["ms"] / r["raw_ms"] if r["raw_ms"] and r["ms"] == r["ms"] else float("nan")
        print(
            f"{label:<38}{r['ms']:>9.2f}{r['p95_ms']:>8.2f}{r['raw_ms']:>9.2f}"
            f"{r['raw_p95_ms']:>8.2f}{ratio:>7.2f}"
        )
    print(f"resident memory with the register open: {rss} MB")
    out = Path(__file__).with_name("results")
    out.mkdir(exist_ok=True)
    payload = {"rows": args.rows, "file_mb": size_mb, "rss_mb": rss, "measures": results}
    (out / "reception.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False))
    return payload


if __name__ == "__main__":
    main(sys.argv[1:])
