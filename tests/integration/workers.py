"""Child-process side of the reliability tests (no Qt): write through the services in a loop,
report what was committed, and the checks the parent runs after killing a child.

A *zygote* (``python -m tests.integration.workers zygote``) imports everything once, then forks
a fresh writer for each kill, so thirty kills cost thirty forks, not thirty interpreter starts.
Each writer appends one line per committed record to its report file *after* the commit, so
every reported id must be in the database.

Areas add their writes to ``WRITERS`` (a name and a function ``(db, actors, rng, n) -> [line]``)
and their checks to ``verify``.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

PASSWORD = "mat-khau-thu-nghiem"
NOW = datetime(2026, 3, 16, 16, 0)
TODAY = NOW.date()


# --- seeding ------------------------------------------------------------------------------------


def seed_database(path: Path) -> dict[str, int]:
    """A new database with the agency, an administrator, an officer and a leader."""
    from camau_reception.domain.agency import SAMPLE_AGENCY
    from camau_reception.models.users import Role
    from camau_reception.services import agency, auth, users
    from camau_reception.storage.db import open_database

    db = open_database(path)
    try:
        with db.write() as session:
            agency.first_start(session, SAMPLE_AGENCY, "admin", "Quản Trị Viên", PASSWORD)
        ids = {}
        with db.write() as session:
            admin = auth.to_actor(users.list_users(session, role=Role.ADMIN)[0])
            ids["admin"] = admin.id
            for username, name, roles in (
                ("canbo", "Võ Thị Thu Hà", {Role.OFFICER}),
                ("lanhdao", "Nguyễn Văn Đức", {Role.LEADER}),
                ("thanhtra", "Phạm Quốc Việt", {Role.INSPECTOR}),
            ):
                u = users.create_user(
                    session,
                    admin,
                    users.UserInput(
                        username=username, full_name=name, roles=roles, password=PASSWORD
                    ),
                )
                ids[username] = u.id
        import importlib.util

        if importlib.util.find_spec("camau_reception.services.dossiers"):
            from camau_reception.services import dossiers

            with db.write() as session:
                dossiers.upsert_procedure(
                    session,
                    admin,
                    dossiers.ProcedureInput(
                        code="1.000001", name="Cấp giấy phép tổ chức lễ hội", processing_days=5
                    ),
                )
        return ids
    finally:
        db.close()


def actors(db) -> dict[str, Any]:
    from camau_reception.services import auth, users

    with db.read() as session:
        return {u.username: auth.to_actor(u) for u in users.list_users(session)}


# --- writes ------------------------------------------------------------------------------------

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Dương", "Lâm")
MIDDLE = ("Văn", "Thị", "Hoàng", "Minh", "Thanh", "Quốc", "Ngọc")
GIVEN = ("Đức", "Lan", "Hùng", "Tuyết", "Phúc", "Hạnh", "Khải", "Yến", "Tâm", "Lực")


def citizen_name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def visit_input(rng: random.Random, n: int):
    from camau_reception.services.citizens import CitizenInput
    from camau_reception.services.reception import DocumentInput, ReceptionInput

    year = rng.randint(50, 99)
    cccd = f"0960{year:02d}{rng.randint(0, 999_999):06d}"
    return ReceptionInput(
        received_at=NOW - timedelta(minutes=rng.randint(1, 60 * 24 * 200)),
        citizen=CitizenInput(
            full_name=citizen_name(rng),
            id_kind="cccd",
            id_number=cccd,
            phone=f"09{rng.randint(10_000_000, 99_999_999)}",
            province="Cà Mau",
            commune="Phường An Xuyên",
            address_detail=f"Số {n}, đường Lý Thường Kiệt",
        ),
        summary=f"Khiếu nại việc cấp phép lễ hội số {n} tại phường An Xuyên.",
        matter_kinds={"complaint"},
        documents=[DocumentInput("Đơn khiếu nại", 2, "Nguyên vẹn", "original")],
    )


def write_visit(db, who: dict[str, Any], rng: random.Random, n: int) -> list[str]:
    from camau_reception.services import reception

    with db.write() as session:
        r = reception.record(session, who["canbo"], visit_input(rng, n), now=NOW)
        rid = r.id
    return [f"visit {rid}"]


def write_petition(db, who: dict[str, Any], rng: random.Random, n: int) -> list[str]:
    from camau_reception.services import petitions

    data = petitions.PetitionInput(
        kind=rng.choice(["complaint", "denunciation", "recommendation", "reflection"]),
        source="post",
        received_on=TODAY - timedelta(days=rng.randint(0, 300)),
        summary=f"Đơn phản ánh tiếng ồn từ quán karaoke số {n}.",
        petitioner_name=citizen_name(rng),
        petitioner_address="Xã Đất Mũi, tỉnh Cà Mau",
    )
    with db.write() as session:
        created = petitions.record(session, who["canbo"], data, today=TODAY)
        lines = [f"petition {p.id} {p.code}" for p in created]
    return lines


def write_number(db, who: dict[str, Any], rng: random.Random, n: int) -> list[str]:
    from camau_reception.services import numbering

    with db.write() as session:
        doc = numbering.issue_number(
            session, who["canbo"], "GBN", TODAY, title=f"Giấy biên nhận {n}", entity="test"
        )
        line = f"number {doc.type_code} {doc.year} {doc.seq} {doc.id}"
    return [line]


def update_visit(db, who: dict[str, Any], rng: random.Random, n: int) -> list[str]:
    """Correct the summary of a random earlier visit (exercises versioned updates)."""
    from dataclasses import replace

    from sqlalchemy import func, select

    from camau_reception.models.reception import Reception
    from camau_reception.services import reception

    with db.write() as session:
        top = session.execute(select(func.max(Reception.id))).scalar()
        if not top:
            return []
        r = reception.get(session, rng.randint(1, top))
        if r.cancelled:
            return []
        data = replace(reception.to_input(r), summary=f"Nội dung đã sửa lần {n}.")
        r = reception.update(session, who["canbo"], r.id, data, r.version, now=NOW)
        line = f"update {r.id} {r.version}"
    return [line]


def write_dossier(db, who: dict[str, Any], rng: random.Random, n: int) -> list[str]:
    from camau_reception.services import dossiers

    data = dossiers.DossierInput(
        code=f"HS-{rng.getrandbits(48):012x}",
        procedure_code="1.000001",
        applicant_name=citizen_name(rng),
        received_at=NOW - timedelta(days=rng.randint(0, 120), hours=rng.randint(0, 8)),
    )
    with db.write() as session:
        d, _ = dossiers.upsert_dossier(session, who["canbo"], data, now=NOW)
        line = f"dossier {d.id} {d.code}"
    return [line]


Writer = Callable[[Any, dict[str, Any], random.Random, int], list[str]]


def _available() -> dict[str, Writer]:
    """The writers whose area exists in this tree."""
    import importlib.util

    out: dict[str, Writer] = {"number": write_number}
    if importlib.util.find_spec("camau_reception.services.reception"):
        out["visit"] = write_visit
        out["update"] = update_visit
    if importlib.util.find_spec("camau_reception.services.petitions"):
        out["petition"] = write_petition
    if importlib.util.find_spec("camau_reception.services.dossiers"):
        out["dossier"] = write_dossier
    return out


WRITERS = _available()


def write_loop(db_path: Path, report: Path, seed: int, limit: int | None = None) -> int:
    from camau_reception.storage.db import Database

    db = Database(db_path)
    who = actors(db)
    rng = random.Random(seed)
    names = sorted(WRITERS)
    n = 0
    with open(report, "a", encoding="utf-8") as out:
        while limit is None or n < limit:
            n += 1
            kind = names[n % len(names)]
            lines = WRITERS[kind](db, who, rng, n)
            # After the commit: a reported line is a committed record.
            for line in lines:
                out.write(line + "\n")
            out.flush()
    db.close()
    return n


# --- checks ------------------------------------------------------------------------------------


@dataclass
class Verdict:
    problems: list[str] = field(default_factory=list)
    rows_verified: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def read_report(report: Path) -> list[list[str]]:
    if not report.exists():
        return []
    lines = report.read_text(encoding="utf-8").splitlines()
    # A line cut by the kill has no newline yet: readlines() keeps it, split() shows it short.
    return [line.split() for line in lines if line.strip()]


def verify(db_path: Path, reported: list[list[str]]) -> Verdict:
    """Integrity, audit chain, every reported record present, nothing half-written."""
    import sqlite3

    from sqlalchemy.orm import Session

    from camau_reception.services.audit import verify_chain
    from camau_reception.storage.db import make_engine
    from camau_reception.storage.health import integrity_errors

    v = Verdict()
    errors = integrity_errors(db_path)
    if errors:
        v.problems.append(f"integrity: {errors[:3]}")
        return v
    engine = make_engine(db_path)
    try:
        with Session(engine) as session:
            chain = verify_chain(session)
    finally:
        engine.dispose()
    if not chain.ok:
        v.problems.append(f"audit chain: {chain.message}")
    conn = sqlite3.connect(db_path)
    try:

        def exists(sql: str, *args: object) -> bool:
            return conn.execute(sql, args).fetchone() is not None

        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for parts in reported:
            kind = parts[0]
            if kind == "visit" and len(parts) == 2:
                ok = exists("SELECT 1 FROM receptions WHERE id=?", int(parts[1]))
            elif kind == "petition" and len(parts) == 3:
                ok = exists(
                    "SELECT 1 FROM petitions WHERE id=? AND code=?", int(parts[1]), parts[2]
                )
            elif kind == "dossier" and len(parts) == 3:
                ok = exists("SELECT 1 FROM dossiers WHERE id=? AND code=?", int(parts[1]), parts[2])
            elif kind == "number" and len(parts) == 5:
                ok = exists(
                    "SELECT 1 FROM issued_documents WHERE type_code=? AND year=? AND seq=? AND id=?",
                    parts[1],
                    int(parts[2]),
                    int(parts[3]),
                    int(parts[4]),
                )
            elif kind == "update" and len(parts) == 3:
                ok = exists(
                    "SELECT 1 FROM receptions WHERE id=? AND version>=?",
                    int(parts[1]),
                    int(parts[2]),
                )
            else:
                continue  # a line cut by the kill: its record may or may not have committed
            v.rows_verified += 1
            if not ok:
                v.problems.append(f"lost: {' '.join(parts)}")
                # The table's last line must say so even if the test's own assert is caught.
                from camau_reception.reliability import TALLY

                TALLY.add("lost")
        # Nothing half-written: each record has its audit event and vice versa.
        pairs = [
            ("receptions", "reception.record"),
            ("petitions", "petition.receive"),
            ("dossiers", "dossier.create"),
        ]
        for table, action in pairs:
            if table not in tables:
                continue
            rows = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            events = conn.execute(
                "SELECT count(*) FROM audit_events WHERE action=?", (action,)
            ).fetchone()[0]
            if rows != events:
                v.problems.append(f"{table}: {rows} rows but {events} '{action}' events")
        # Document numbers: no duplicate, no gap, counter equals the last number issued.
        for type_code, year, last in conn.execute(
            "SELECT type_code, year, last_number FROM document_counters"
        ):
            if type_code == "DON" and "petitions" in tables:
                codes = [
                    int(r[0].rsplit("-", 1)[1])
                    for r in conn.execute(
                        "SELECT code FROM petitions WHERE code LIKE ?", (f"DT-{year}-%",)
                    )
                ]
            else:
                codes = [
                    r[0]
                    for r in conn.execute(
                        "SELECT seq FROM issued_documents WHERE type_code=? AND year=?",
                        (type_code, year),
                    )
                ]
            if sorted(codes) != list(range(1, last + 1)):
                missing = sorted(set(range(1, last + 1)) - set(codes))[:5]
                v.problems.append(
                    f"numbers {type_code}/{year}: {len(codes)} issued, counter {last}, "
                    f"missing {missing}, duplicates {len(codes) - len(set(codes))}"
                )
    finally:
        conn.close()
    return v


# --- processes -----------------------------------------------------------------------------------


def _zygote() -> int:
    """Fork one writer per request line (JSON); answer with the child's pid."""
    import camau_reception.services.hooks as hooks
    import camau_reception.storage.migrate  # noqa: F401  (Alembic for the migration kills)
    from camau_reception.models import load_all

    load_all()
    hooks._load_area_services()
    # Warm every lazy cache (rule tables, holidays, area imports) once, so a forked child
    # writes at full speed from its first record instead of paying start-up costs per kill.
    import tempfile

    import alembic.command  # noqa: F401
    from sqlalchemy.orm import Session  # noqa: F401

    with tempfile.TemporaryDirectory() as scratch:
        warm = Path(scratch) / "warm.sqlite3"
        seed_database(warm)
        write_loop(warm, Path(scratch) / "warm.txt", 0, limit=2 * len(WRITERS))

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                run_job(request)
            except BaseException as exc:  # reported through the report file
                Path(request["report"]).with_suffix(".error").write_text(repr(exc))
                code = 1
            finally:
                os._exit(code)
        print(pid, flush=True)
    return 0


def run_job(request: dict[str, Any]) -> None:
    job = request["job"]
    db_path = Path(request["db"])
    report = Path(request["report"])
    ready = report.with_suffix(".ready")
    if job == "write":
        ready.touch()
        write_loop(db_path, report, request["seed"], request.get("limit"))
    elif job == "backup":
        from camau_reception.storage.backup import sqlite_backup

        ready.touch()
        n = 0
        while True:
            n += 1
            sqlite_backup(db_path, Path(request["dest"]))
            with open(report, "a") as out:
                out.write(f"backup {n}\n")
    elif job == "migrate":
        from camau_reception.storage.db import open_database

        ready.touch()
        open_database(db_path).close()
        report.write_text("migrated\n")
    elif job == "restore":
        from camau_reception.storage.restore import restore_backup

        ready.touch()
        restore_backup(db_path, Path(request["backup"]))
        report.write_text("restored\n")
    else:
        raise ValueError(job)


def concurrent_writer(db_path: Path, go: Path, report: Path, count: int, seed: int) -> int:
    """Wait for the start signal, then write ``count`` visits, each with a numbered receipt."""
    import time

    from camau_reception.services import numbering, reception
    from camau_reception.storage.db import Database

    db = Database(db_path)
    who = actors(db)
    rng = random.Random(seed)
    _ = db.engine
    report.with_suffix(".ready").touch()
    while not go.exists():
        time.sleep(0.005)
    errors = 0
    with open(report, "w", encoding="utf-8") as out:
        for n in range(count):
            try:
                with db.write() as session:
                    r = reception.record(session, who["canbo"], visit_input(rng, n), now=NOW)
                    doc = numbering.issue_number(
                        session, who["canbo"], "GBN", TODAY, entity="reception", entity_id=r.id
                    )
                    line = f"visit {r.id}\nnumber {doc.type_code} {doc.year} {doc.seq} {doc.id}\n"
            except Exception as exc:
                errors += 1
                print(f"error: {exc!r}", file=sys.stderr, flush=True)
                continue
            out.write(line)
            out.flush()
    db.close()
    return 1 if errors else 0


def main(argv: list[str]) -> int:
    if argv[0] == "zygote":
        return _zygote()
    if argv[0] == "concurrent":
        db_path, go, report, count, seed = argv[1:6]
        return concurrent_writer(Path(db_path), Path(go), Path(report), int(count), int(seed))
    raise SystemExit(f"unknown command {argv[0]}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


__all__ = ["NOW", "PASSWORD", "TODAY", "date"]
