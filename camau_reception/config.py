"""Where things live: the database, backups, resources. Environment variables override."""

from __future__ import annotations

import os
from pathlib import Path

from camau_reception import APP_NAME

DB_ENV = "CAMAU_RECEPTION_DB"
RESOURCES_ENV = "CAMAU_RECEPTION_RESOURCES"
DB_FILENAME = "camau-reception.sqlite3"


def data_dir() -> Path:
    """The per-user data directory (platformdirs), created on demand."""
    from platformdirs import user_data_dir

    path = Path(user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def resolve_db_path(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """``--db`` wins, then ``CAMAU_RECEPTION_DB``, then the user data directory."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return default_db_path()


def resources_dir() -> Path:
    env = os.environ.get(RESOURCES_ENV)
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[1] / "resources"


def backup_dir_for(db_path: Path) -> Path:
    """Backups sit beside the database, in ``<name>.backups/``."""
    return db_path.with_name(db_path.name + ".backups")
