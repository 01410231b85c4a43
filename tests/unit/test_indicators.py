"""Indicators on a hand-made set of dossiers, targets set by the administrator, satisfaction
with per-aspect ratings, and the Excel export read back."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from camau_reception.cli import main
from camau_reception.services import apologies, dossiers, indicators, procedures, surveys
from camau_reception.services.actor import Actor
from camau_reception.services.errors import PermissionDenied, ValidationError
from camau_reception.storage.db import Database

T = datetime(2026, 10, 5, 8, 0)  # Monday; 5 working days -> due Monday 12/10 17:00


def _proc(db: Database, actor: Actor, code: str, fee: bool) -> None:
    with db.write() as s:
        procedures.upsert_procedure(
            s,
            actor,
            procedures.ProcedureInput(code=code, name=f"Thủ tục {code}", has_fee=fee),
        )


def _dossier(db: Database, actor: Actor, code: str, received: datetime = T, **kw) -> int:
    with db.write() as s:
        d, _ = dossiers.upsert_dossier(
            s,
            actor,
            dossiers.DossierInput(
                code=code,
                procedure_code=kw.pop("procedure_code"),
                applicant_name="Trần Thị Bích",
                received_at=received,
                **kw,
            ),
        )
        return d.id


@pytest.fixture
def hand_made(db: Database, officer: Actor) -> dict[str, int]:
    """Ten dossiers received in October 2026 and one in November.

    code  fee channel  digitised  returned        verdict
    D1    yes online   both       12/10 17:00     on time (the due date)
    D2    yes online   dossier    12/10 21:00     on time (the due date, after hours)
    D3    yes online   -          13/10 09:00     late, apologised
    D4    yes counter  -          14/10 09:00     late, no letter
    D5    no  online   both       08/10           on time
    D6    no  online   both       -               open, overdue on 31/10
    D7    no  post     both       09/10           on time
    D8    no  online   both       -               open, received 30/10, not yet due
    D9    no  online   both       12/10           on time
    D10   no  counter  both       12/10           on time
    N1    yes online   both       -               November: outside the period
    """
    _proc(db, officer, "P1", fee=True)
    _proc(db, officer, "P2", fee=False)
    both = {"digitised": True, "result_digitised": True}
    ids = {
        "D1": _dossier(
            db, officer, "D1", procedure_code="P1", channel="online", fee_paid_online=True, **both
        ),
        "D2": _dossier(
            db,
            officer,
            "D2",
            procedure_code="P1",
            channel="online",
            fee_paid_online=True,
            digitised=True,
        ),
        "D3": _dossier(db, officer, "D3", procedure_code="P1", channel="online"),
        "D4": _dossier(db, officer, "D4", procedure_code="P1", channel="counter"),
        "D5": _dossier(db, officer, "D5", procedure_code="P2", channel="online", **both),
        "D6": _dossier(db, officer, "D6", procedure_code="P2", channel="online", **both),
        "D7": _dossier(db, officer, "D7", procedure_code="P2", channel="post", **both),
        "D8": _dossier(
            db,
            officer,
            "D8",
            received=datetime(2026, 10, 30, 9, 0),
            procedure_code="P2",
            channel="online",
            **both,
        ),
        "D9": _dossier(db, officer, "D9", procedure_code="P2", channel="online", **both),
        "D10": _dossier(db, officer, "D10", procedure_code="P2", channel="counter", **both),
        "N1": _dossier(
            db,
            officer,
            "N1",
            received=datetime(2026, 11, 2, 8, 0),
            procedure_code="P1",
            channel="online",
            fee_paid_online=True,
            **both,
        ),
    }
    returns = {
        "D1": datetime(2026, 10, 12, 17, 0),
        "D2": datetime(2026, 10, 12, 21, 0),
        "D3": datetime(2026, 10, 13, 9, 0),
        "D4": datetime(2026, 10, 14, 9, 0),
        "D5": datetime(2026, 10, 8, 10, 0),
        "D7": datetime(2026, 10, 9, 10, 0),
        "D9": datetime(2026, 10, 12, 10, 0),
        "D10": datetime(2026, 10, 12, 11, 0),
    }
    with db.write() as s:
        apologies.issue_apology(
            s,
            officer,
            ids["D3"],
            apologies.ApologyInput("Hồ sơ cần xác minh", date(2026, 10, 16)),
            date(2026, 10, 13),
        )
        for code, at in returns.items():
            dossiers.mark_returned(s, officer, ids[code], at)
    return ids


def test_indicator_figures_on_a_hand_made_set(db: Database, hand_made: dict[str, int]) -> None:
    with db.read() as s:
        ind = indicators.indicators(s, date(2026, 10, 1), date(2026, 10, 31))
    assert (ind.total, ind.online, ind.digitised, ind.fee_bearing, ind.paid_online) == (
        10,
        7,
        7,
        4,
        2,
    )
    assert (ind.returned, ind.on_time, ind.late, ind.apologised, ind.open_overdue) == (
        8,
        6,
        2,
        1,
        1,
    )
    assert ind.shares() == {
        "online": 70.0,
        "digitised": 70.0,
        "paid_online": 50.0,
        "on_time": 75.0,
        "late": 25.0,
        "apologised": 50.0,
    }
    assert ind.targets == {"online": 90.0, "digitised": 90.0, "paid_online": 80.0}
    assert ind.met() == {"online": False, "digitised": False, "paid_online": False}
    with db.read() as s:
        months = indicators.by_month(s, date(2026, 10, 15), date(2026, 11, 30))
        empty = indicators.indicators(s, date(2025, 1, 1), date(2025, 12, 31))
    assert [(m, i.total) for m, i in months] == [(date(2026, 10, 15), 1), (date(2026, 11, 1), 1)]
    assert empty.shares()["online"] == 0.0 and not any(empty.met().values())


def test_targets_are_set_by_the_administrator_only(
    db: Database, admin: Actor, leader: Actor, hand_made: dict[str, int]
) -> None:
    with pytest.raises(PermissionDenied), db.write() as s:
        indicators.set_targets(s, leader, {"online": 60})
    with pytest.raises(ValidationError) as err, db.write() as s:
        indicators.set_targets(s, admin, {"online": 160, "digitised": "nhiều", "speed": 5})
    assert set(err.value.errors) == {"online", "digitised", "speed"}
    with db.write() as s:
        assert indicators.set_targets(s, admin, {"online": 65, "digitised": 70}) == {
            "online": 65.0,
            "digitised": 70.0,
            "paid_online": 80.0,
        }
    with db.read() as s:
        ind = indicators.indicators(s, date(2026, 10, 1), date(2026, 10, 31))
    assert ind.met() == {"online": True, "digitised": True, "paid_online": False}


def test_satisfaction_index_overall_and_by_aspect(
    db: Database, officer: Actor, hand_made: dict[str, int]
) -> None:
    on = date(2026, 10, 20)
    with db.write() as s:
        for overall, attitude, timeliness in ((3, 3, 3), (3, 3, 1), (3, 2, None), (2, 3, 2)):
            surveys.record_survey(
                s,
                officer,
                surveys.SurveyInput(
                    overall=overall,
                    on=on,
                    dossier_code="D1",
                    attitude=attitude,
                    timeliness=timeliness,
                ),
            )
        surveys.record_survey(
            s, officer, surveys.SurveyInput(overall=1, on=on, reception_id=17, comment="Chờ lâu")
        )
    with pytest.raises(ValidationError) as err, db.write() as s:
        surveys.record_survey(
            s,
            officer,
            surveys.SurveyInput(overall=7, on=on, guidance=0, dossier_code="KHONG-CO"),
        )
    assert set(err.value.errors) == {"overall", "guidance", "dossier_code"}
    with db.read() as s:
        sat = surveys.satisfaction(s, date(2026, 10, 1), date(2026, 10, 31))
        latest = surveys.recent(s, 1)[0]
        assert (latest.reception_id, latest.dossier_id, latest.comment) == (17, None, "Chờ lâu")
    assert sat["total"] == 5 and sat["index"] == 60.0
    assert sat["distribution"] == {"Hài lòng": 3, "Bình thường": 1, "Không hài lòng": 1}
    aspects = sat["aspects"]
    assert aspects["attitude"]["total"] == 4 and aspects["attitude"]["index"] == 75.0
    assert aspects["timeliness"]["total"] == 3 and aspects["timeliness"]["index"] == 33.3
    assert aspects["guidance"]["total"] == 0 and aspects["guidance"]["index"] == 0.0


def test_excel_export_reads_back(
    db: Database, hand_made: dict[str, int], tmp_path: Path, capsys
) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "chi-so.xlsx"
    args = ["export", "dossier-indicators", "--from", "01/10/2026", "--to", "31/10/2026"]
    assert main(["--db", str(db.path), *args, "--out", str(out)]) == 0
    assert "01/10/2026–31/10/2026" in capsys.readouterr().out
    wb = load_workbook(out)
    assert wb.sheetnames == ["Chỉ số", "Theo tháng", "Hài lòng", "Hồ sơ trễ hẹn"]
    rows = {r[0]: r for r in wb["Chỉ số"].iter_rows(values_only=True) if r and r[0]}
    assert rows["Hồ sơ trực tuyến"][1:] == (7, 10, 70.0, 90.0, "Chưa đạt")
    assert rows["Thanh toán trực tuyến (hồ sơ có phí)"][1:4] == (2, 4, 50.0)
    assert rows["Trả kết quả đúng hạn"][1:4] == (6, 8, 75.0)
    assert rows["Tổng số hồ sơ tiếp nhận"][1] == 10
    late = [r[0] for r in wb["Hồ sơ trễ hẹn"].iter_rows(min_row=2, values_only=True)]
    assert late == ["D3", "D4", "D6"]
    assert [r[:2] for r in wb["Theo tháng"].iter_rows(min_row=2, values_only=True)] == [
        ("10/2026", 10)
    ]
