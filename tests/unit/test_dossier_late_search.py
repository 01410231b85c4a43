"""The late list's search box: the code or the applicant's name, without accents or case, as
the rest of the program folds names ("nguyen van duc" finds "Nguyễn Văn Đức"); a limit counts
matching rows."""

from __future__ import annotations

from datetime import date, datetime

from camau_reception.services import dossiers, procedures
from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database

DAY = date(2026, 11, 16)
NAMES = {
    "HS-1": "Nguyễn Văn Đức",
    "HS-2": "NGUYỄN VĂN ĐỨC ANH",
    "HS-3": "Trần Thị Bé",
    "HS-4": "Nguyễn Văn Dũng",
}


def _setup(db: Database, actor: Actor) -> None:
    with db.write() as s:
        procedures.upsert_procedure(
            s,
            actor,
            procedures.ProcedureInput(code="1.001", name="Cấp giấy phép", processing_days=5),
        )
        for code, name in NAMES.items():
            dossiers.upsert_dossier(
                s,
                actor,
                dossiers.DossierInput(
                    code=code,
                    procedure_code="1.001",
                    applicant_name=name,
                    received_at=datetime(2026, 11, 2, 8, 0),  # due 09/11: late on 16/11
                ),
            )


def _codes(db: Database, text: str, **kw: object) -> list[str]:
    with db.read() as s:
        return [r.code for r in dossiers.late_dossiers(s, DAY, text=text, **kw)]


def test_search_ignores_accents_and_case(db: Database, officer: Actor) -> None:
    _setup(db, officer)
    assert _codes(db, "nguyen van duc") == ["HS-1", "HS-2"]
    assert _codes(db, "Nguyễn Văn Đức") == ["HS-1", "HS-2"]
    assert _codes(db, "  NGUYEN   van DUNG ") == ["HS-4"]
    assert _codes(db, "be", open_only=True) == ["HS-3"]
    assert _codes(db, "hs-3", only_owing=True) == ["HS-3"]  # codes too, in any case
    assert _codes(db, "khong co ai") == []
    assert _codes(db, "") == ["HS-1", "HS-2", "HS-3", "HS-4"]


def test_a_limit_counts_matching_rows(db: Database, officer: Actor) -> None:
    _setup(db, officer)
    assert _codes(db, "nguyen", limit=2) == ["HS-1", "HS-2"]
    assert _codes(db, "dung", limit=1) == ["HS-4"]  # not cut before the match is reached
    assert _codes(db, "", limit=3) == ["HS-1", "HS-2", "HS-3"]
