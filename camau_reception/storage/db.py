"""The database: engine with pragmas, short read and write transactions, safe opening.

Pragmas: WAL (readers never block the writer), foreign keys, a busy timeout so two programs
on one file wait for each other instead of failing, ``synchronous=FULL`` so a commit reported to
the user survives a power cut, and ``secure_delete`` so deleted secrets leave no trace in free
pages.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from camau_reception.storage.backup import create_private_file, timestamped_backup
from camau_reception.storage.errors import CorruptDatabase, NewerDatabase, NotOurDatabase
from camau_reception.storage.schema_version import file_versions, program_schema

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session

# 'CAMR': marks the file as ours, so we never migrate somebody else's SQLite database.
APPLICATION_ID = 0x43414D52
BUSY_TIMEOUT_MS = 15_000
SQLITE_HEADER = b"SQLite format 3\x00"

PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
    "PRAGMA synchronous=FULL",
    "PRAGMA secure_delete=ON",
)


def make_engine(path: Path) -> Engine:
    from sqlalchemy import create_engine, event

    engine = create_engine(f"sqlite:///{path}", future=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Autocommit at the driver level: we emit BEGIN ourselves (see _on_begin).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        for pragma in PRAGMAS:
            cur.execute(pragma)
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


class Database:
    """An open database file. Sessions are short: one per read or one per user action."""

    def __init__(self, path: Path, engine: Engine | None = None) -> None:
        self.path = path
        self._engine = engine
        self._write_engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        """Built on first use: SQLAlchemy costs ~0.4 s to import, so the login window shows
        before it is needed."""
        if self._engine is None:
            self._engine = make_engine(self.path)
        return self._engine

    @property
    def write_engine(self) -> Engine:
        if self._write_engine is None:
            self._write_engine = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        return self._write_engine

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; anything written is rolled back."""
        from sqlalchemy.orm import Session

        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
            finally:
                session.rollback()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction (``BEGIN IMMEDIATE`` … ``COMMIT``): all of it is saved, or none."""
        from sqlalchemy.orm import Session

        with Session(self.write_engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException as exc:
                session.rollback()
                # Disk full, read-only file, lock timeout: a Vietnamese ServiceError instead
                # of the driver's error, so forms show it and keep what was typed.
                from camau_reception.storage.failures import storage_error_of

                mapped = storage_error_of(exc) if isinstance(exc, Exception) else None
                if mapped is not None and mapped is not exc:
                    raise mapped from exc
                raise

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
            self._write_engine = None


def _inspect_file(path: Path) -> tuple[frozenset[str] | None, bool]:
    """Return (stamped revisions, has_tables) or raise when the file is not usable."""
    with open(path, "rb") as fh:
        header = fh.read(16)
    if header != SQLITE_HEADER:
        raise NotOurDatabase(
            path, f"Tệp {path} không phải là cơ sở dữ liệu của chương trình (không phải SQLite)."
        )
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = [
                r[0]
                for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
            versions = file_versions(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabase(
            path,
            f"Cơ sở dữ liệu {path} bị hỏng và không mở được ({exc}). Hãy khôi phục từ bản sao lưu.",
        ) from exc
    if tables and app_id != APPLICATION_ID:
        raise NotOurDatabase(
            path, f"Tệp {path} là một cơ sở dữ liệu SQLite khác, không phải của chương trình này."
        )
    return versions, bool(tables)


def open_database(
    path: Path, *, create: bool = True, backup_before_upgrade: bool = True
) -> Database:
    """Open (creating or upgrading as needed) the database at ``path``.

    A foreign, newer or corrupt file raises a ``DatabaseOpenError`` and is left untouched.
    """
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        if not create:
            raise NotOurDatabase(path, f"Không tìm thấy cơ sở dữ liệu {path}.")
        create_private_file(path)
        versions, has_tables = None, False
    else:
        versions, has_tables = _inspect_file(path)

    schema = program_schema()
    if versions is not None and not versions <= schema.revisions:
        unknown = ", ".join(sorted(versions - schema.revisions))
        raise NewerDatabase(
            path,
            f"Cơ sở dữ liệu {path} do phiên bản mới hơn của chương trình tạo ra (lược đồ {unknown}). "
            "Hãy cập nhật chương trình; tệp không bị thay đổi.",
        )

    if not has_tables:
        engine = make_engine(path)
        _create_new(engine)
        return Database(path, engine)
    if versions != schema.heads:
        if backup_before_upgrade:
            timestamped_backup(path, "before-upgrade")
        from camau_reception.storage.migrate import upgrade_heads

        engine = make_engine(path)
        with engine.begin() as conn:
            upgrade_heads(conn)
        return Database(path, engine)
    return Database(path)


def _create_new(engine: Engine) -> None:
    from camau_reception.models import load_all
    from camau_reception.storage.migrate import stamp_heads

    metadata = load_all().metadata
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        metadata.create_all(conn)
        stamp_heads(conn)


def peek_profile(path: Path) -> tuple[bool, str]:
    """(initialised, agency name) read with plain sqlite3, for the first window at start-up."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT name FROM agency WHERE id = 1").fetchone()
        users = conn.execute("SELECT count(*) FROM users").fetchone()[0]
    except sqlite3.DatabaseError:
        return False, ""
    finally:
        conn.close()
    return (row is not None and users > 0), (row[0] if row else "")
