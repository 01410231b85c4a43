"""Document numbers never repeat and never skip, even with two programs on one file."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from sqlalchemy import select

from camau_reception.models.settings import IssuedDocument
from camau_reception.services import numbering
from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database

WORKER = """
import sys
from datetime import date
from pathlib import Path
from camau_reception.services import numbering
from camau_reception.storage.db import open_database

db = open_database(Path(sys.argv[1]))
for _ in range(int(sys.argv[2])):
    with db.write() as session:
        numbering.issue_number(session, None, "TB", date(2026, 3, 1), title="worker")
db.close()
"""


def test_numbers_restart_each_year_with_leading_zero(db: Database, admin: Actor) -> None:
    with db.write() as session:
        first = numbering.issue_number(session, admin, "TB", date(2026, 1, 5))
        second = numbering.issue_number(session, admin, "TB", date(2026, 1, 6))
        other_type = numbering.issue_number(session, admin, "GM", date(2026, 1, 6))
        next_year = numbering.issue_number(session, admin, "TB", date(2027, 1, 2))
    assert first.number == "01/TB-SVHTTDL"
    assert second.number == "02/TB-SVHTTDL"
    assert other_type.number == "01/GM-SVHTTDL"
    assert next_year.number == "01/TB-SVHTTDL"


def test_a_rolled_back_document_gives_its_number_back(db: Database, admin: Actor) -> None:
    try:
        with db.write() as session:
            numbering.issue_number(session, admin, "TB", date(2026, 2, 1))
            raise RuntimeError("printer jammed before commit")
    except RuntimeError:
        pass
    with db.write() as session:
        assert numbering.issue_number(session, admin, "TB", date(2026, 2, 1)).seq == 1


def test_two_processes_never_duplicate_or_skip(db: Database, db_path: Path) -> None:
    per_process = 40
    procs = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(db_path), str(per_process)])
        for _ in range(2)
    ]
    for p in procs:
        assert p.wait(timeout=120) == 0
    with db.read() as session:
        seqs = sorted(
            session.execute(
                select(IssuedDocument.seq).where(IssuedDocument.type_code == "TB")
            ).scalars()
        )
    assert seqs == list(range(1, 2 * per_process + 1))
