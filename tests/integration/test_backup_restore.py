"""Backups and restore through the services and the command line; the first backup of the day;
file modes; what a restore refuses."""

from __future__ import annotations

import shutil
import sqlite3
import stat
from datetime import datetime
from pathlib import Path

import pytest

from camau_reception.reliability import Tally
from camau_reception.services import audit, backups, settings
from camau_reception.services.actor import Actor
from camau_reception.services.errors import PermissionDenied
from camau_reception.storage.backup import list_backups, sqlite_backup, verify_copy
from camau_reception.storage.db import Database
from camau_reception.storage.restore import inspect_backup
from camau_reception.storage.retention import RetentionPolicy
from camau_reception.storage.startup import daily_backup, read_policy

# Part of the reliability suite (`make reliability`); short form in `make test`.
pytestmark = pytest.mark.slow


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_and_backups_are_private(db: Database, admin: Actor, tmp_path: Path) -> None:
    assert mode(db.path) == 0o600
    result = backups.backup_to(db, admin, tmp_path / "usb" / "copy.sqlite3")
    assert mode(result.path) == 0o600
    outcome = daily_backup(db.path, now=datetime(2026, 3, 16, 7, 30))
    assert outcome.result is not None
    assert mode(outcome.result.path) == 0o600
    assert mode(outcome.result.path.parent) == 0o700


def test_first_start_of_the_day_backs_up_once_verified_then_prunes(
    db: Database, admin: Actor, tally: Tally
) -> None:
    for day in range(1, 31):  # a month of daily starts, twice a day
        for hour in (7, 13):
            daily_backup(
                db.path,
                now=datetime(2026, 3, day, hour, 0),
                policy=RetentionPolicy(daily=5, weekly=2, monthly=1),
            )
    entries = list_backups(db.path)
    days = [e.made_at.day for e in entries]
    assert days[:5] == [30, 29, 28, 27, 26]  # the 7 o'clock start of each day, not 13 o'clock
    assert all(e.made_at.hour == 7 for e in entries)
    assert len(entries) <= 5 + 2 + 1
    for e in entries:
        verify_copy(e.path)
        tally.add("backups_verified")


def test_retention_policy_comes_from_the_settings(db: Database, admin: Actor) -> None:
    assert read_policy(db.path) == RetentionPolicy(14, 8, 24)
    with db.write() as session:
        backups.set_policy(session, admin, 7, "4", 12)
    assert read_policy(db.path) == RetentionPolicy(7, 4, 12)
    with db.read() as session:
        assert backups.get_policy(session) == RetentionPolicy(7, 4, 12)
        events = audit.list_events(session, action="setting.update")
        assert any("backup.keep_daily = 7" in e.summary for e in events)


def test_backup_copies_while_another_program_writes(db: Database, admin: Actor, tmp_path: Path):
    """The copy is one point in time: its row counts match the snapshot it was read from."""
    import threading

    stop = threading.Event()

    def writer() -> None:
        other = Database(db.path)
        n = 0
        while not stop.is_set():
            n += 1
            with other.write() as session:
                settings.put(session, admin, f"busy.{n}", n)
        other.close()

    t = threading.Thread(target=writer)
    t.start()
    try:
        results = [backups.backup_to(db, admin, tmp_path / f"copy{i}.sqlite3") for i in range(5)]
    finally:
        stop.set()
        t.join()
    for r in results:
        assert verify_copy(r.path, r.counts) == r.counts
    assert results[-1].counts["settings"] >= results[0].counts["settings"]


def test_restore_round_trip_with_safety_copy_and_audit(
    db: Database, admin: Actor, tmp_path: Path, tally: Tally
) -> None:
    with db.write() as session:
        settings.put(session, admin, "report.note", "bản cũ")
    copy = backups.backup_to(db, admin, tmp_path / "copy.sqlite3").path
    with db.write() as session:
        settings.put(session, admin, "report.note", "bản mới")
    summary = backups.inspect(admin, copy)
    assert ("Người dùng", 1) in summary.areas
    assert summary.restorable and not summary.newer
    result = backups.restore(db, admin, copy)
    with db.read() as session:
        assert settings.get(session, "report.note") == "bản cũ"
        ev = audit.list_events(session, action="backup.restore")[0]
        assert copy.name in ev.summary and ev.username == "admin"
        assert audit.verify_chain(session).ok
    assert result.safety_copy is not None and "before-restore" in result.safety_copy.name
    # The safety copy holds the data as it was just before.
    conn = sqlite3.connect(result.safety_copy)
    assert conn.execute("SELECT value FROM settings WHERE key='report.note'").fetchone()[0] == (
        '"bản mới"'
    )
    conn.close()
    tally.add("restores")


def test_restore_of_an_older_backup_upgrades_it(
    db: Database, admin: Actor, tmp_path: Path, tally: Tally
) -> None:
    from camau_reception.storage.schema_version import program_schema
    from tests.integration.make_fixtures import FIXTURES

    old = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURES / "0001.sqlite3", old)
    summary = backups.inspect(admin, old)
    if program_schema().heads != {"0001"}:
        assert summary.older and "nâng cấp" in summary.schema_label
    backups.restore(db, admin, old)
    conn = sqlite3.connect(db.path)
    versions = {r[0] for r in conn.execute("SELECT version_num FROM alembic_version")}
    users = conn.execute("SELECT count(*) FROM users").fetchone()[0]
    conn.close()
    assert versions == set(program_schema().heads)
    assert users == 5
    tally.add("restores")


@pytest.mark.parametrize("case", ["newer", "foreign", "not_sqlite", "corrupt", "itself"])
def test_restore_refuses_and_changes_nothing(
    db: Database, admin: Actor, tmp_path: Path, case: str
) -> None:
    bad = tmp_path / "bad.sqlite3"
    if case == "newer":
        sqlite_backup(db.path, bad)
        conn = sqlite3.connect(bad)
        conn.execute("INSERT INTO alembic_version VALUES ('9999')")
        conn.commit()
        conn.close()
        expected = "phiên bản mới hơn"
    elif case == "foreign":
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY)")
        conn.commit()
        conn.close()
        expected = "không phải của chương trình"
    elif case == "not_sqlite":
        bad.write_text("Danh sách công dân")
        expected = "không phải"
    elif case == "corrupt":
        sqlite_backup(db.path, bad)
        data = bytearray(bad.read_bytes())
        data[4096 * 2 : 4096 * 4] = b"\xff" * 8192
        bad.write_bytes(bytes(data))
        expected = "hỏng"
    else:
        bad = db.path
        expected = "chính nó"
    with db.read() as session:
        before = audit.verify_chain(session).events
    with pytest.raises(backups.BackupError) as err:
        backups.restore(db, admin, bad)
    assert expected in err.value.message
    with db.read() as session:
        assert audit.verify_chain(session).events == before
    assert not list(db.path.parent.glob("*.restore.part*"))


def test_only_an_administrator_may_back_up_or_restore(
    db: Database, officer: Actor, leader: Actor, tmp_path: Path
) -> None:
    for actor in (officer, leader):
        with pytest.raises(PermissionDenied):
            backups.backup_to(db, actor, tmp_path / "x.sqlite3")
        with pytest.raises(PermissionDenied):
            backups.restore(db, actor, tmp_path / "x.sqlite3")
        with pytest.raises(PermissionDenied):
            backups.automatic_backups(actor, db)
    assert not (tmp_path / "x.sqlite3").exists()


def test_command_line_backup_list_and_restore(
    db: Database, admin: Actor, tmp_path: Path, capsys
) -> None:
    from camau_reception.cli import main

    with db.write() as session:
        settings.put(session, admin, "report.note", "trước")
    db.close()
    usb = tmp_path / "usb" / "sao-luu.sqlite3"
    assert main(["--db", str(db.path), "backup", "--to", str(usb)]) == 0
    assert "Đã sao lưu và kiểm tra" in capsys.readouterr().out
    assert main(["--db", str(db.path), "backup"]) == 0
    assert main(["--db", str(db.path), "backups", "list"]) == 0
    assert "thủ công" in capsys.readouterr().out
    reopened = Database(db.path)
    with reopened.write() as session:
        settings.put(session, admin, "report.note", "sau")
    reopened.close()
    # Without --yes: the summary is shown and nothing happens.
    assert main(["--db", str(db.path), "restore", str(usb)]) == 1
    out = capsys.readouterr()
    assert "Người dùng: 1" in out.out and "--yes" in out.err
    check = Database(db.path)
    with check.read() as session:
        assert settings.get(session, "report.note") == "sau"
    check.close()
    assert main(["--db", str(db.path), "restore", str(usb), "--yes"]) == 0
    assert "Đã phục hồi" in capsys.readouterr().out
    check = Database(db.path)
    with check.read() as session:
        assert settings.get(session, "report.note") == "trước"
    check.close()
    assert main(["--db", str(db.path), "check"]) == 0


def test_command_line_restores_over_a_damaged_database(
    db: Database, admin: Actor, tmp_path: Path, capsys
) -> None:
    from camau_reception.cli import main
    from tests.ui.test_recovery import smash

    good = backups.backup_to(db, admin, tmp_path / "good.sqlite3").path
    db.close()
    smash(db.path)
    assert main(["--db", str(db.path), "check"]) != 0
    assert main(["--db", str(db.path), "restore", str(good), "--yes"]) == 0
    assert main(["--db", str(db.path), "check"]) == 0
    assert list((db.path.parent / (db.path.name + ".backups")).glob("*.damaged-*.bin"))


def test_inspect_reports_date_counts_and_schema(db: Database, tmp_path: Path) -> None:
    from camau_reception.storage.backup import timestamped_backup

    path = timestamped_backup(db.path, "daily", datetime(2026, 3, 16, 7, 30))
    summary = inspect_backup(path)
    text = summary.text()
    assert "Thời điểm sao lưu: 16/03/2026 07:30" in text
    assert "Người dùng: 1" in text
    assert "trùng với chương trình" in text


# --- protected denunciations -------------------------------------------------------------------

DENOUNCER = "Trương Thị Bích Ngọc"
DENOUNCER_ID = "096189007531"
DENOUNCER_PHONE = "0918765432"


def test_backups_hold_no_denouncer_identity_in_clear(
    db: Database, admin: Actor, inspector: Actor, officer: Actor, tmp_path: Path, monkeypatch
) -> None:
    """Through both ways in (the counter and the corruption page), then every kind of backup:
    the name, number and phone appear nowhere in the backup's bytes, in any encoding."""
    corruption = pytest.importorskip("camau_reception.services.corruption")
    keys = pytest.importorskip("camau_reception.services.corruption_keys")
    from camau_reception.crypto import keypair
    from camau_reception.domain.text import fold
    from camau_reception.services import reception
    from camau_reception.services.citizens import CitizenInput
    from tests.conftest import PASSWORD

    monkeypatch.setattr(keypair, "DEFAULT_KDF", keypair.KdfParams(1, 8, 1))
    with db.write() as s:
        ring = keys.unlock(s, inspector, PASSWORD)
    with db.write() as s:
        keys.setup(s, inspector, ring)
    with db.write() as s:
        corruption.record(
            s,
            inspector,
            corruption.CaseInput(
                received_on=datetime(2026, 3, 16).date(),
                summary="Tố cáo cán bộ nhận tiền khi thẩm định hồ sơ cấp phép biểu diễn.",
                source="post",
                identity=corruption.Identity(
                    full_name=DENOUNCER, id_number=DENOUNCER_ID, phone=DENOUNCER_PHONE
                ),
            ),
            today=datetime(2026, 3, 20).date(),
        )
    with db.write() as s:
        reception.record(
            s,
            officer,
            reception.ReceptionInput(
                received_at=datetime(2026, 3, 16, 9, 15),
                citizen=CitizenInput(
                    full_name=DENOUNCER,
                    id_number=DENOUNCER_ID,
                    phone=DENOUNCER_PHONE,
                    province="Cà Mau",
                    commune="Phường Tân Thành",
                ),
                summary="Tố cáo cán bộ thu tiền trái phép khi cấp phép quảng cáo.",
                matter_kinds={"denunciation"},
                corruption=True,
                outcome="petition_received",
            ),
            now=datetime(2026, 3, 16, 10, 30),
        )
    copies = [
        backups.backup_to(db, admin, tmp_path / "usb.sqlite3").path,
        daily_backup(db.path, now=datetime(2026, 3, 16, 17, 0)).result.path,
    ]
    copies.append(backups.restore(db, admin, copies[0]).safety_copy)
    secrets = [DENOUNCER, fold(DENOUNCER), DENOUNCER_ID, DENOUNCER_PHONE, "Bích Ngọc"]
    for copy in copies:
        data = copy.read_bytes()
        for secret in secrets:
            for encoding in ("utf-8", "utf-16-le"):
                assert secret.encode(encoding) not in data, (copy.name, secret, encoding)
