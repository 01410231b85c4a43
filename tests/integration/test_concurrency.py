"""Two programs on one file, and two people editing the same record.

Both programs write through the services at the same moment; SQLite's write lock with the busy
timeout serialises them, so no user ever sees an error, every record is there, and document
numbers have no duplicate and no gap. A stale edit is refused with a clear message instead of
silently overwriting the other person's work.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from camau_reception.reliability import Tally, scale
from camau_reception.services.errors import ConflictError
from camau_reception.storage.db import Database, open_database
from tests.integration.workers import (
    NOW,
    TODAY,
    actors,
    read_report,
    seed_database,
    verify,
    visit_input,
)

ROOT = Path(__file__).resolve().parents[2]

# Part of the reliability suite (`make reliability`); short form in `make test`.
pytestmark = pytest.mark.slow


@pytest.fixture
def shared_db(tmp_path: Path) -> Path:
    path = tmp_path / "office.sqlite3"
    seed_database(path)
    return path


@pytest.mark.slow
def test_two_programs_write_at_once_without_error_loss_or_gap(
    shared_db: Path, tmp_path: Path, tally: Tally
) -> None:
    count = scale(500, 2500)
    go = tmp_path / "go"
    procs = []
    reports = []
    for i in range(2):
        report = tmp_path / f"writer{i}.txt"
        reports.append(report)
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.integration.workers",
                    "concurrent",
                    str(shared_db),
                    str(go),
                    str(report),
                    str(count),
                    str(i),
                ],
                cwd=ROOT,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    # Start both at the same moment, once both have loaded everything.
    import time

    deadline = time.monotonic() + 60
    while not all(r.with_suffix(".ready").exists() for r in reports):
        assert time.monotonic() < deadline, "writers did not start"
        assert all(p.poll() is None for p in procs), [p.stderr.read() for p in procs]
        time.sleep(0.01)
    go.touch()
    for p in procs:
        _, err = p.communicate(timeout=600)
        assert p.returncode == 0, err  # not one error surfaced to a user
        assert "error" not in err
    reported = [parts for r in reports for parts in read_report(r)]
    visits = [p for p in reported if p[0] == "visit"]
    assert len(visits) == 2 * count
    verdict = verify(shared_db, reported)
    assert verdict.ok, verdict.problems
    db = Database(shared_db)
    try:
        from sqlalchemy import func, select

        from camau_reception.models.reception import Reception
        from camau_reception.models.settings import IssuedDocument

        with db.read() as s:
            assert s.execute(select(func.count(Reception.id))).scalar() == 2 * count
            seqs = sorted(
                s.execute(select(IssuedDocument.seq).where(IssuedDocument.type_code == "GBN"))
                .scalars()
                .all()
            )
        assert seqs == list(range(1, 2 * count + 1))  # no duplicate, no gap
        # The two programs really interleaved: each got numbers from across the range.
        first = {int(p[3]) for p in read_report(reports[0]) if p[0] == "number"}
        assert min(first) < count and max(first) > count
    finally:
        db.close()
    tally.add("concurrent_writes", 2 * count)
    tally.add("rows_verified", verdict.rows_verified)


# --- optimistic locking -------------------------------------------------------------------------


@pytest.fixture
def two_sessions(shared_db: Path):
    """Two programs (two Database objects) on the same file."""
    a = open_database(shared_db)
    b = Database(shared_db)
    yield a, b
    a.close()
    b.close()


def test_user_edited_in_two_sessions_second_is_refused(two_sessions, tally: Tally) -> None:
    from camau_reception.services import users

    a, b = two_sessions
    who = actors(a)
    admin = who["admin"]
    with a.read() as s:
        u = users.get_user(s, who["canbo"].id)
        opened = users.UserInput(u.username, u.full_name, set(u.roles), position=u.position)
        uid, version = u.id, u.version
    with a.write() as s:
        users.update_user(s, admin, uid, replace(opened, position="Phó Trưởng phòng"), version)
    with pytest.raises(ConflictError) as err, b.write() as s:
        users.update_user(s, admin, uid, replace(opened, position="Chuyên viên chính"), version)
    assert "người khác thay đổi" in err.value.message
    with a.read() as s:
        assert users.get_user(s, uid).position == "Phó Trưởng phòng"  # not overwritten
    tally.add("conflicts_refused")


def test_visit_edited_in_two_sessions_second_is_refused(two_sessions, tally: Tally) -> None:
    from camau_reception.services import reception

    a, b = two_sessions
    who = actors(a)
    import random

    with a.write() as s:
        rid = reception.record(s, who["canbo"], visit_input(random.Random(1), 1), now=NOW).id
    with a.read() as s:
        r = reception.get(s, rid)
        opened, version = reception.to_input(r), r.version
    with a.write() as s:
        reception.update(s, who["canbo"], rid, replace(opened, summary="Sửa ở máy A."), version)
    with pytest.raises(ConflictError) as err, b.write() as s:
        reception.update(s, who["lanhdao"], rid, replace(opened, summary="Sửa ở máy B."), version)
    assert "người khác thay đổi" in err.value.message
    with pytest.raises(ConflictError), b.write() as s:
        reception.cancel(s, who["admin"], rid, "Ghi nhầm, hủy lượt tiếp", version)
    with a.read() as s:
        r = reception.get(s, rid)
        assert r.summary == "Sửa ở máy A." and not r.cancelled
    tally.add("conflicts_refused", 2)


def test_petition_acted_on_in_two_sessions_second_is_refused(two_sessions, tally: Tally) -> None:
    petitions = pytest.importorskip("camau_reception.services.petitions")
    a, b = two_sessions
    who = actors(a)
    data = petitions.PetitionInput(
        kind="recommendation",
        source="post",
        received_on=date(2026, 3, 2),
        summary="Kiến nghị sửa chữa nhà văn hóa ấp Khai Long.",
        petitioner_name="Trần Thị Lan",
    )
    with a.write() as s:
        pid = petitions.record(s, who["canbo"], data, today=TODAY)[0].id
    with a.read() as s:
        version = petitions.get(s, pid).version
    with a.write() as s:
        petitions.classify(
            s, who["canbo"], pid, eligible=True, within_competence=True, on=TODAY, version=version
        )
    with pytest.raises(ConflictError) as err, b.write() as s:
        petitions.classify(
            s,
            who["thanhtra"],
            pid,
            eligible=False,
            within_competence=False,
            on=TODAY,
            version=version,
        )
    assert "người khác thay đổi" in err.value.message
    with a.read() as s:
        p = petitions.get(s, pid)
        assert p.eligible is True and p.within_competence is True
    tally.add("conflicts_refused")


def test_stale_edit_in_one_program_while_other_writes_is_refused_and_nothing_half_saved(
    shared_db: Path, tmp_path: Path
) -> None:
    """The refused save wrote nothing: the database equals its copy from before the attempt."""
    from camau_reception.services import users

    db = open_database(shared_db)
    try:
        who = actors(db)
        with db.read() as s:
            u = users.get_user(s, who["lanhdao"].id)
            opened = users.UserInput(u.username, u.full_name, set(u.roles), position=u.position)
            uid, version = u.id, u.version
        with db.write() as s:
            users.update_user(s, who["admin"], uid, replace(opened, full_name="Nguyễn Văn Đức A"))
        snapshot = tmp_path / "before.sqlite3"
        from camau_reception.storage.backup import row_counts, sqlite_backup

        sqlite_backup(shared_db, snapshot)
        with pytest.raises(ConflictError), db.write() as s:
            users.update_user(s, who["admin"], uid, replace(opened, full_name="B"), version)
        import sqlite3

        c1, c2 = sqlite3.connect(snapshot), sqlite3.connect(shared_db)
        assert row_counts(c1) == row_counts(c2)
        c1.close()
        c2.close()
    finally:
        db.close()
    shutil.rmtree(tmp_path / "office.sqlite3.backups", ignore_errors=True)


def test_dossier_returned_in_two_sessions_second_is_refused(two_sessions, tally: Tally) -> None:
    dossiers = pytest.importorskip("camau_reception.services.dossiers")
    from datetime import datetime

    a, b = two_sessions
    who = actors(a)
    with a.write() as s:
        d, _ = dossiers.upsert_dossier(
            s,
            who["canbo"],
            dossiers.DossierInput(
                code="HS-2026-000123",
                procedure_code="1.000001",
                applicant_name="Bùi Thị Hạnh",
                received_at=datetime(2026, 3, 9, 8, 0),
            ),
            now=NOW,
        )
        did, version = d.id, d.version
    with a.write() as s:
        dossiers.mark_returned(s, who["canbo"], did, datetime(2026, 3, 13, 10, 0), version)
    with pytest.raises(ConflictError) as err, b.write() as s:
        dossiers.mark_returned(s, who["lanhdao"], did, datetime(2026, 3, 16, 15, 0), version)
    assert "người khác thay đổi" in err.value.message
    with a.read() as s:
        assert dossiers.get(s, did).returned_at == datetime(2026, 3, 13, 10, 0)
    tally.add("conflicts_refused")
