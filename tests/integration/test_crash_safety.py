"""Kill -9 at random moments: mid-write, mid-backup, mid-migration, mid-restore.

After every kill the database passes SQLite's integrity check and the audit chain check, every
record the child reported as committed is there, nothing is half-written (each record has its
audit event, document numbers have no gap), and the next start carries on.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from camau_reception.reliability import Tally, scale
from camau_reception.storage.backup import list_backups, remove_stale_parts, verify_copy
from camau_reception.storage.schema_version import program_schema
from tests.integration.make_fixtures import FIXTURES
from tests.integration.workers import read_report, seed_database, verify

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()"),
]


class Zygote:
    """A pre-loaded interpreter that forks one child per job (see ``workers._zygote``)."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.workers", "zygote"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=ROOT,
            text=True,
        )

    def spawn(self, **request: object) -> int:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(json.dumps(request, default=str) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the zygote died")
        return int(line)

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def zygote() -> Iterator[Zygote]:
    z = Zygote()
    yield z
    z.close()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "seed.sqlite3"
    seed_database(path)
    return path


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_for(predicate, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise TimeoutError
        time.sleep(0.002)


def kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    wait_for(lambda: not alive(pid))  # reaped by the zygote's kernel (SIGCHLD ignored)


def child_error(report: Path) -> str | None:
    err = report.with_suffix(".error")
    return err.read_text() if err.exists() else None


@pytest.mark.slow
def test_killed_writers_lose_nothing(
    zygote: Zygote, seeded: Path, tmp_path: Path, tally: Tally
) -> None:
    db_path = tmp_path / "office.sqlite3"
    shutil.copyfile(seeded, db_path)
    rng = random.Random(2026)
    kills = scale(30, 300)
    reported: list[list[str]] = []
    for i in range(kills):
        report = tmp_path / f"run{i}.txt"
        pid = zygote.spawn(job="write", db=db_path, report=report, seed=i)
        # Once it has committed its first record, strike anywhere in its loop.
        wait_for(lambda r=report, p=pid: (r.exists() and r.stat().st_size > 0) or not alive(p))
        time.sleep(rng.uniform(0.0, 0.4))
        kill(pid)
        assert child_error(report) is None, child_error(report)
        reported += read_report(report)
        verdict = verify(db_path, reported)
        assert verdict.ok, f"after kill {i + 1}: {verdict.problems}"
        tally.add("kills")
        tally.add("rows_verified", verdict.rows_verified)
    kinds = {parts[0] for parts in reported}
    assert {"visit", "number", "petition", "dossier"} & kinds == kinds - {"update"}, kinds
    assert {"visit", "number"} <= kinds, kinds
    assert len(reported) > kills, "the children must have committed work before each kill"


@pytest.mark.slow
def test_kill_during_backup_leaves_database_and_backups_sound(
    zygote: Zygote, seeded: Path, tmp_path: Path, tally: Tally
) -> None:
    db_path = tmp_path / "office.sqlite3"
    shutil.copyfile(seeded, db_path)
    # Some data so that a copy takes a little while.
    report = tmp_path / "fill.txt"
    pid = zygote.spawn(job="write", db=db_path, report=report, seed=99, limit=300)
    wait_for(lambda: not alive(pid), timeout=120)
    reported = read_report(report)
    folder = tmp_path / "office.sqlite3.backups"
    rng = random.Random(7)
    for i in range(scale(8, 50)):
        dest = folder / f"office.daily-20260316-0700{i:02d}.sqlite3"
        report = tmp_path / f"backup{i}.txt"
        pid = zygote.spawn(job="backup", db=db_path, report=report, dest=dest)
        wait_for(lambda r=report, p=pid: r.with_suffix(".ready").exists() or not alive(p))
        time.sleep(rng.uniform(0.0, 0.15))
        kill(pid)
        assert child_error(report) is None, child_error(report)
        verdict = verify(db_path, reported)
        assert verdict.ok, verdict.problems
        if dest.exists():
            verify_copy(dest)  # a backup file that exists is complete
            tally.add("backups_verified")
        # An unfinished copy is never listed as a backup and is cleaned up at start-up.
        assert all(not e.path.name.endswith(".part") for e in list_backups(db_path))
        remove_stale_parts(db_path)
        assert not list(folder.glob("*.part"))
        tally.add("kills")
        tally.add("rows_verified", verdict.rows_verified)


def _fixture_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                " AND name != 'alembic_version'"
            )
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


@pytest.mark.slow
def test_kill_during_migration_then_next_start_completes_it(
    zygote: Zygote, tmp_path: Path, tally: Tally
) -> None:
    from camau_reception.storage.db import open_database

    fixture = FIXTURES / "0001.sqlite3"
    assert program_schema().heads != {"0001"}, "the area revisions must follow 0001"
    expected = _fixture_counts(fixture)
    # How long does an upgrade take here? Kill uniformly inside that window (and a bit after).
    probe = tmp_path / "probe.sqlite3"
    shutil.copyfile(fixture, probe)
    report = tmp_path / "probe.txt"
    started = time.monotonic()
    pid = zygote.spawn(job="migrate", db=probe, report=report)
    wait_for(lambda: not alive(pid), timeout=120)
    window = time.monotonic() - started
    assert report.read_text() == "migrated\n"
    rng = random.Random(11)
    outcomes = {"old": 0, "new": 0}
    for i in range(scale(10, 60)):
        path = tmp_path / f"m{i}.sqlite3"
        shutil.copyfile(fixture, path)
        report = tmp_path / f"m{i}.txt"
        pid = zygote.spawn(job="migrate", db=path, report=report)
        time.sleep(rng.uniform(0.0, window * 1.1))
        kill(pid)
        assert child_error(report) is None, child_error(report)
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        versions = {r[0] for r in conn.execute("SELECT version_num FROM alembic_version")}
        conn.close()
        # All or nothing: the file is at the old revision or at every head, never between.
        assert versions in ({"0001"}, set(program_schema().heads)), versions
        outcomes["old" if versions == {"0001"} else "new"] += 1
        open_database(path).close()  # the next start finishes the job
        counts = _fixture_counts(path)
        for table, n in expected.items():
            assert counts[table] == n, (table, counts[table], n)
        verdict = verify(path, [])
        assert verdict.ok, verdict.problems
        tally.add("kills")
        tally.add("rows_verified", sum(expected.values()))
    assert outcomes["old"] > 0, outcomes  # some kills did land inside the migration


@pytest.mark.slow
def test_kill_during_restore_leaves_old_or_new_content(
    zygote: Zygote, seeded: Path, tmp_path: Path, tally: Tally
) -> None:
    from camau_reception.storage.backup import sqlite_backup

    db_path = tmp_path / "office.sqlite3"
    shutil.copyfile(seeded, db_path)
    report = tmp_path / "a.txt"
    pid = zygote.spawn(job="write", db=db_path, report=report, seed=1, limit=60)
    wait_for(lambda: not alive(pid), timeout=120)
    backup = tmp_path / "usb" / "copy.sqlite3"
    sqlite_backup(db_path, backup)
    before_rows = read_report(report)
    report = tmp_path / "b.txt"
    pid = zygote.spawn(job="write", db=db_path, report=report, seed=2, limit=60)
    wait_for(lambda: not alive(pid), timeout=120)
    after_rows = before_rows + read_report(report)
    old_count = _fixture_counts(db_path)["audit_events"]
    new_count = _fixture_counts(backup)["audit_events"]
    rng = random.Random(5)
    for i in range(scale(8, 40)):
        work = tmp_path / f"r{i}" / "office.sqlite3"
        work.parent.mkdir()
        shutil.copyfile(db_path, work)
        report = tmp_path / f"r{i}.txt"
        pid = zygote.spawn(job="restore", db=work, report=report, backup=backup)
        time.sleep(rng.uniform(0.0, 0.25))
        kill(pid)
        assert child_error(report) is None, child_error(report)
        events = _fixture_counts(work)["audit_events"]
        assert events in (old_count, new_count), (events, old_count, new_count)
        verdict = verify(work, after_rows if events == old_count else before_rows)
        assert verdict.ok, verdict.problems
        tally.add("kills")
        tally.add("rows_verified", verdict.rows_verified)
