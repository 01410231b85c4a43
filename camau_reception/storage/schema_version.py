"""Learn the schema version of a file and of the program without importing Alembic.

Alembic costs about 0.3 s to import; start-up reads ``alembic_version`` with a plain query and
scans the revision files with a regular expression, and imports Alembic only to upgrade.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

VERSIONS_DIR = Path(__file__).resolve().parent / "migrations" / "versions"
_REV = re.compile(r"^revision\s*(?::\s*str\s*)?=\s*['\"]([\w]+)['\"]", re.M)
_DOWN = re.compile(r"^(?:down_revision|depends_on)\s*(?::[^=]+)?=\s*(.+)$", re.M)


@dataclass(frozen=True)
class ProgramSchema:
    revisions: frozenset[str]
    heads: frozenset[str]


@lru_cache(maxsize=1)
def program_schema() -> ProgramSchema:
    revisions: set[str] = set()
    parents: set[str] = set()
    for file in VERSIONS_DIR.glob("*.py"):
        text = file.read_text(encoding="utf-8")
        rev = _REV.search(text)
        if not rev:
            continue
        revisions.add(rev.group(1))
        # A revision that depends on another implies it: Alembic stamps only the dependant.
        for down in _DOWN.finditer(text):
            parents.update(re.findall(r"['\"]([\w]+)['\"]", down.group(1)))
    return ProgramSchema(frozenset(revisions), frozenset(revisions - parents))


def file_versions(conn: sqlite3.Connection) -> frozenset[str] | None:
    """The revisions stamped in the file, or None when it has no ``alembic_version`` table."""
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
    ).fetchone()
    if row is None:
        return None
    return frozenset(r[0] for r in conn.execute("SELECT version_num FROM alembic_version"))
