"""Sign-in and lockout, permissions enforced by services, the audit hash chain."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from camau_reception.models.base import utcnow
from camau_reception.models.users import Role
from camau_reception.services import audit, auth, calendar, users
from camau_reception.services.actor import Actor
from camau_reception.services.errors import (
    AccountLocked,
    AuthenticationFailed,
    PermissionDenied,
    ValidationError,
)
from camau_reception.storage.db import Database
from tests.conftest import PASSWORD


def _login(db: Database, username: str, password: str, now=None) -> Actor:
    # Failed attempts must be committed even though sign-in fails.
    with db.write() as session:
        try:
            return auth.authenticate(session, username, password, now)
        except AuthenticationFailed as exc:
            session.commit()
            raise exc


def test_login_succeeds_and_is_audited(db: Database, officer: Actor) -> None:
    actor = _login(db, "canbo", PASSWORD)
    assert actor.roles == {Role.OFFICER}
    with db.read() as session:
        assert audit.list_events(session, action="user.login")[0].username == "canbo"


def test_five_wrong_passwords_lock_for_fifteen_minutes(db: Database, officer: Actor) -> None:
    now = utcnow()
    for attempt in range(4):
        with pytest.raises(AuthenticationFailed) as err:
            _login(db, "canbo", "sai-mat-khau-1", now)
        assert f"Còn {4 - attempt} lần thử" in err.value.message
    with pytest.raises(AccountLocked):
        _login(db, "canbo", "sai-mat-khau-1", now)
    # Even the right password is refused while locked.
    with pytest.raises(AccountLocked) as err:
        _login(db, "canbo", PASSWORD, now + timedelta(minutes=14))
    assert "phút" in err.value.message
    assert _login(db, "canbo", PASSWORD, now + timedelta(minutes=16)).username == "canbo"


def test_unknown_user_and_wrong_password_read_the_same(db: Database, officer: Actor) -> None:
    with pytest.raises(AuthenticationFailed) as a:
        _login(db, "khongco", "whatever-123")
    assert a.value.message.startswith("Tên đăng nhập hoặc mật khẩu không đúng.")


def test_disabled_user_cannot_sign_in(db: Database, admin: Actor, officer: Actor) -> None:
    with db.write() as session:
        users.set_active(session, admin, officer.id, False)
    with pytest.raises(AuthenticationFailed) as err:
        _login(db, "canbo", PASSWORD)
    assert "vô hiệu hóa" in err.value.message


def test_password_rules(db: Database, admin: Actor) -> None:
    with db.write() as session, pytest.raises(ValidationError) as err:
        users.create_user(
            session, admin, users.UserInput("ngan", "Người Ngắn", {Role.OFFICER}, "ngan12345")
        )
    assert "10 ký tự" in err.value.errors["password"]
    with db.write() as session, pytest.raises(ValidationError) as err:
        users.create_user(
            session, admin, users.UserInput("hoa.le", "Lê Hoa", {Role.OFFICER}, "xx-hoa.le-2026")
        )
    assert "tên đăng nhập" in err.value.errors["password"]


def test_reset_password_forces_change(db: Database, admin: Actor, officer: Actor) -> None:
    with db.write() as session:
        users.reset_password(session, admin, officer.id, "mat-khau-moi-2026")
    with db.read() as session:
        assert users.get_user(session, officer.id).must_change_password
    assert _login(db, "canbo", "mat-khau-moi-2026").id == officer.id


@pytest.mark.parametrize(
    "action",
    [
        lambda s, a, o: users.create_user(
            s, a, users.UserInput("moi123", "Mới", {Role.OFFICER}, "mat-khau-dai-2026")
        ),
        lambda s, a, o: users.reset_password(s, a, o.id, "mat-khau-dai-2026"),
        lambda s, a, o: users.set_active(s, a, o.id, False),
        lambda s, a, o: calendar.remove_override(s, a, 1),
    ],
)
def test_non_administrators_are_refused_by_the_services(
    db: Database, officer: Actor, leader: Actor, inspector: Actor, action
) -> None:
    for actor in (officer, leader, inspector):
        with db.write() as session, pytest.raises(PermissionDenied) as err:
            action(session, actor, officer)
        assert "không có quyền" in err.value.message


def test_audit_chain_detects_an_edited_row(db: Database, db_path: Path, officer: Actor) -> None:
    from camau_reception.cli import main

    _login(db, "canbo", PASSWORD)
    assert main(["--db", str(db_path), "check"]) == 0
    db.close()
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TRIGGER audit_events_no_update")  # what a tamperer would do
    victim = conn.execute("SELECT id FROM audit_events ORDER BY id LIMIT 1 OFFSET 1").fetchone()[0]
    conn.execute("UPDATE audit_events SET summary = 'sửa lén' WHERE id = ?", (victim,))
    conn.commit()
    conn.close()
    with db.read() as session:
        report = audit.verify_chain(session)
    assert not report.ok
    assert report.first_bad_id == victim


def test_audit_chain_detects_a_deleted_row(
    db: Database, db_path: Path, officer: Actor, capsys
) -> None:
    from camau_reception.cli import main

    _login(db, "canbo", PASSWORD)
    db.close()
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TRIGGER audit_events_no_delete")
    conn.execute("DELETE FROM audit_events WHERE id = 2")
    conn.commit()
    conn.close()
    assert main(["--db", str(db_path), "check"]) == 1
    out = capsys.readouterr().out
    assert "KHÔNG ĐẠT" in out and "#3" in out


def test_audit_log_refuses_updates_from_the_program(db: Database) -> None:
    from sqlalchemy import text

    with pytest.raises(Exception, match="append-only"), db.write() as session:
        session.execute(text("UPDATE audit_events SET summary = 'x'"))


def test_password_typed_with_decomposed_letters_signs_in() -> None:
    """A Vietnamese keyboard in "Unicode tổ hợp" mode sends NFD; the password is the same."""
    import unicodedata

    from camau_reception.services import auth

    composed = "Mật khẩu của Hà 2026"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert auth.verify_password(auth.hash_password(composed), decomposed)
    assert auth.verify_password(auth.hash_password(decomposed), composed)
    assert not auth.verify_password(auth.hash_password(composed), "Mat khau cua Ha 2026")
    # Length is counted in letters, not in code points of the decomposed form.
    assert auth.password_problem(unicodedata.normalize("NFD", "Hà Nội 2"), "ha") is not None


def test_check_leaves_the_checked_file_untouched(db: Database, officer: Actor, tmp_path) -> None:
    """``check`` on a backup copy must not turn it into a WAL file nor write anything."""
    from camau_reception.cli import main

    _login(db, "canbo", PASSWORD)
    copy = tmp_path / "copy.sqlite3"
    src, dst = sqlite3.connect(db.path), sqlite3.connect(copy)
    src.backup(dst)
    dst.execute("PRAGMA journal_mode=DELETE")
    dst.close()
    src.close()
    before = copy.read_bytes()
    assert main(["--db", str(copy), "check"]) == 0
    assert copy.read_bytes() == before
    assert not copy.with_name("copy.sqlite3-wal").exists()


def test_check_finds_the_newest_events_deleted_using_the_backups(
    db: Database, db_path: Path, officer: Actor, admin: Actor, capsys
) -> None:
    """Deleting the last events leaves a whole chain; the backup beside the file remembers."""
    from datetime import datetime

    from sqlalchemy import text

    from camau_reception.cli import main
    from camau_reception.storage.backup import timestamped_backup

    _login(db, "canbo", PASSWORD)
    taken = timestamped_backup(db_path, "daily", datetime(2026, 3, 16, 7, 0))
    _login(db, "canbo", PASSWORD)
    assert main(["--db", str(db_path), "check"]) == 0
    with db.read() as session:
        kept = session.execute(text("SELECT max(id) FROM audit_events")).scalar()
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TRIGGER audit_events_no_delete")
    conn.execute("DELETE FROM audit_events WHERE id >= ?", (kept - 1,))  # the last two
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert main(["--db", str(db_path), "check"]) == 1
    out = capsys.readouterr().out
    assert "KHÔNG ĐẠT" in out and taken.name in out and "đã bị xóa" in out


def test_backups_from_before_a_restore_are_not_held_against_the_file(
    db: Database, db_path: Path, officer: Actor, admin: Actor
) -> None:
    from datetime import datetime

    from camau_reception.services import backups
    from camau_reception.storage.backup import timestamped_backup
    from camau_reception.storage.health import check_database

    old = timestamped_backup(db_path, "manual", datetime(2026, 3, 16, 7, 0))
    _login(db, "canbo", PASSWORD)
    _login(db, "canbo", PASSWORD)
    timestamped_backup(db_path, "daily", datetime(2026, 3, 17, 7, 0))  # more events than `old`
    backups.restore(db, admin, old)  # legitimately back to fewer events
    report = check_database(db_path)
    assert report.ok, report.text()
