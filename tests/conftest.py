"""Shared fixtures. Qt runs offscreen; one QApplication for the whole session (pytest-qt)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

from collections.abc import Iterator
from pathlib import Path

import pytest

from camau_reception.domain.agency import SAMPLE_AGENCY
from camau_reception.models.users import Role
from camau_reception.services import agency, auth, users
from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database, open_database

PASSWORD = "mat-khau-thu-nghiem"  # ≥ 10 characters, used for every test account


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashing() -> Iterator[None]:
    """Argon2 at its production cost takes ~0.1-2 s per hash on a busy machine; tests create
    many accounts. The parameters change, not the code path (hashes still verify)."""
    from argon2 import PasswordHasher

    from camau_reception.services import auth

    original = auth._hasher
    fast = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    auth._hasher = lambda: fast  # type: ignore[assignment]
    yield
    auth._hasher = original


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never touch the real user data directory from a test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("CAMAU_RECEPTION_DB", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A new, initialised database with an agency profile and an administrator."""
    database = open_database(db_path)
    with database.write() as session:
        agency.first_start(session, SAMPLE_AGENCY, "admin", "Quản Trị Viên", PASSWORD)
    yield database
    database.close()


def _make_user(
    db: Database, username: str, full_name: str, roles: set[Role], position: str = ""
) -> Actor:
    with db.write() as session:
        admin = auth.to_actor(users.list_users(session, role=Role.ADMIN)[0])
        user = users.create_user(
            session,
            admin,
            users.UserInput(
                username=username,
                full_name=full_name,
                roles=roles,
                password=PASSWORD,
                position=position,
            ),
        )
        return auth.to_actor(user)


@pytest.fixture
def admin(db: Database) -> Actor:
    with db.read() as session:
        return auth.to_actor(users.list_users(session, role=Role.ADMIN)[0])


@pytest.fixture
def officer(db: Database) -> Actor:
    return _make_user(db, "canbo", "Võ Thị Thu Hà", {Role.OFFICER}, "Chuyên viên")


@pytest.fixture
def leader(db: Database) -> Actor:
    return _make_user(db, "lanhdao", "Nguyễn Văn Đức", {Role.LEADER}, "Giám đốc")


@pytest.fixture
def inspector(db: Database) -> Actor:
    return _make_user(db, "thanhtra", "Phạm Quốc Việt", {Role.INSPECTOR}, "Chánh Thanh tra")


@pytest.fixture
def calendar():  # -> WorkCalendar
    from camau_reception.domain.calendar import WorkCalendar

    return WorkCalendar()


class UnexpectedMessageBox(AssertionError):
    """A modal message box a test did not expect; raised instead of blocking the test run."""


@pytest.fixture(autouse=True)
def _no_blocking_message_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal box nobody answers would hang the whole run (a failed form test left dirty asks
    "discard?" when it is closed). Tests that expect a box patch these functions themselves."""
    try:
        from camau_reception.ui import messages
    except ImportError:  # no Qt in this environment: nothing can block
        return

    def refuse(kind: str):
        def show(_parent: object, title: str, text: str, *args: object, **kwargs: object) -> None:
            raise UnexpectedMessageBox(f"{kind}: {title}: {text}")

        return show

    for kind in ("confirm", "error", "info"):
        monkeypatch.setattr(messages, kind, refuse(kind))
