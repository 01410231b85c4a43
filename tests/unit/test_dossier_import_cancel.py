"""The one-stop import reports progress row by row and stops when asked: the cancel is raised
inside the import's transaction, so nothing at all is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from camau_reception.imports import dossiers as dossier_import
from camau_reception.imports.tabular import guess_mapping, read_table, run_import
from camau_reception.models.audit import AuditEvent
from camau_reception.services import dossiers, procedures
from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database

ROWS = 450


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "mot-cua.csv"
    lines = ["Số hồ sơ,Mã TTHC,Họ tên,Ngày nộp,Kênh"]
    lines += [f"A-{i},1.001,Nguyễn Văn Ánh {i},03/11/2026 08:00,Trực tuyến" for i in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _catalogue(db: Database, actor: Actor) -> None:
    with db.write() as s:
        procedures.upsert_procedure(
            s,
            actor,
            procedures.ProcedureInput(code="1.001", name="Cấp giấy phép", processing_days=5),
        )


def test_progress_is_reported_as_rows_are_read(
    db: Database, officer: Actor, tmp_path: Path
) -> None:
    _catalogue(db, officer)
    table = read_table(_file(tmp_path))
    mapping = guess_mapping(table.headers, dossier_import.DOSSIER_FIELDS)
    steps: list[tuple[int, int]] = []
    report = run_import(
        db,
        dossier_import.import_dossiers,
        table,
        mapping,
        officer,
        progress=lambda done, total, _m: steps.append((done, total)),
        cancelled=lambda: False,
    )
    assert report.created == ROWS
    assert steps[0] == (0, ROWS) and steps[-1] == (ROWS, ROWS)
    assert 100 <= len(steps) <= 250  # throttled, whatever the length of the file
    assert [d for d, _ in steps] == sorted(d for d, _ in steps)


def test_a_cancel_midway_writes_nothing(db: Database, officer: Actor, tmp_path: Path) -> None:
    _catalogue(db, officer)
    table = read_table(_file(tmp_path))
    mapping = guess_mapping(table.headers, dossier_import.DOSSIER_FIELDS)
    seen: list[int] = []

    def cancelled() -> bool:
        return bool(seen) and seen[-1] >= ROWS // 2

    with pytest.raises(dossier_import.ImportCancelled) as err:
        run_import(
            db,
            dossier_import.import_dossiers,
            table,
            mapping,
            officer,
            progress=lambda done, _t, _m: seen.append(done),
            cancelled=cancelled,
        )
    assert "Đã hủy" in err.value.message
    with db.read() as s:
        assert dossiers.list_dossiers(s) == []
        assert s.query(AuditEvent).filter_by(action="dossier.import").count() == 0
