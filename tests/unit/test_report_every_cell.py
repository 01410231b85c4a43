"""The periodic report cell by cell, on a data set built by hand through the services.

The period is October 2026, compared with October 2025. Every figure expected below is written
out by hand from the records created here (never computed by the report's own code), with the
edges of both periods: a visit at 31/10 23:59 inside, 30/09 23:59 and 01/11 00:00 outside; a
petition received on 31/10 and resolved on 01/11; petitions closed now but still open (and
overdue) at 31/10 judged from their timeline; a dossier returned at 18:30 on its due day (on
time); a refusal reason met only last year.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from camau_reception.models.reception import Reception
from camau_reception.printing.pdftext import pdf_text
from camau_reception.services import apologies, dossiers, procedures, schedule, surveys
from camau_reception.services import corruption as corruption_service
from camau_reception.services import petitions as psvc
from camau_reception.services import reception as reception_service
from camau_reception.services.actor import Actor
from camau_reception.services.citizens import CitizenInput
from camau_reception.services.reports import Period, Report, build_report, monthly_trend, records
from camau_reception.storage.db import Database
from tests.unit.test_corruption_support import (  # noqa: F401 (fast_kdf: autouse fixture)
    case_input,
    counter_visit,
    fast_kdf,
    set_up,
)
from tests.unit.test_reception_support import person, visit

PERIOD = Period(date(2026, 10, 1), date(2026, 10, 31))
LAST_YEAR = Period(date(2025, 10, 1), date(2025, 10, 31))
NOW = datetime(2026, 12, 31, 12, 0)  # "today" for the services' checks against the future
TODAY = NOW.date()

Cell = tuple[str, float, float, str]  # (label as printed, this period, last year, change)


# --- the data set -----------------------------------------------------------------------------

# Petitioners, one name per petition (tag → name), so the drill-down can be read by name.
PETITIONERS = {
    "B": "Lê Văn Bình",
    "R4": "Phạm Thị Bốn",
    "C": "Trần Văn Công",
    "L": "Huỳnh Thị Lành",
    "T": "Đặng Văn Thông",
    "G": "Ngô Thị Giang",
    "Ar": "Võ Văn Ân",
    "Ret": "Bùi Thị Rạng",
    "D2": "Đỗ Văn Dũng",
    "N": "Hồ Thị Nga",
    "E": "Lý Văn Én",
    "R5": "Tạ Thị Năm",
    "R3": "Mai Văn Ba",
    "R0": "Châu Thị Không",
    "X30": "Kiều Văn Ngoài",
    "X01": "La Thị Sau",
    "Q1": "Quách Văn Một",
    "Q2": "Quách Thị Hai",
    "Q3": "Quách Văn Ba",
}
# The petition taken at the periodic visit of 08/10/2026 (source: tiếp công dân trực tiếp).
VISIT_PETITIONER = "Thạch Thị Đơn"


@dataclass
class Built:
    petitions: dict[str, int] = field(default_factory=dict)  # tag → id ("A": from the visit)
    visits: dict[str, int] = field(default_factory=dict)


def _name(tag: str) -> str:
    return VISIT_PETITIONER if tag == "A" else PETITIONERS[tag]


_serial = itertools.count(1)


def _citizen(name: str) -> CitizenInput:
    # 096 Cà Mau, 0 = man born in the 1900s, 80 = 1980, then a serial.
    return person(name, f"096080{next(_serial):06d}")


def _visit(db: Database, actor: Actor, at: datetime, name: str, **kw: object) -> int:
    with db.write() as s:
        return reception_service.record(
            s, actor, visit(_citizen(name), received_at=at, **kw), now=NOW
        ).id


def _build_visits(db: Database, officer: Actor, leader: Actor, admin: Actor, built: Built) -> None:
    periodic = {"kind": "periodic", "presiding_leader_id": leader.id}
    # October 2026: 12 visits counted (8 regular, 3 periodic on two days, 1 unscheduled).
    built.visits["V1"] = _visit(db, officer, datetime(2026, 10, 1, 0, 0), "Nguyễn Văn Đầu")
    built.visits["V2"] = _visit(
        db,
        officer,
        datetime(2026, 10, 5, 8, 0),
        "Trương Văn Đoàn",
        group_size=5,
        representatives=[_citizen("Trương Thị Đại")],
        matter_kinds={"reflection"},
    )
    built.visits["V3"] = _visit(
        db, officer, datetime(2026, 10, 6, 9, 0), "Lâm Văn Bốn", group_size=4
    )
    built.visits["V4"] = _visit(db, officer, datetime(2026, 10, 8, 8, 0), "Phan Văn Kỳ", **periodic)
    built.visits["V5"] = _visit(
        db,
        officer,
        datetime(2026, 10, 8, 9, 30),
        VISIT_PETITIONER,
        outcome="petition_received",
        **periodic,
    )
    built.visits["V6"] = _visit(
        db, officer, datetime(2026, 10, 15, 8, 0), "Phan Thị Định", **periodic
    )
    built.visits["V7"] = _visit(
        db,
        officer,
        datetime(2026, 10, 20, 10, 0),
        "Dương Văn Xuất",
        kind="unscheduled",
        presiding_leader_id=leader.id,
    )
    for tag, day, reason, name in (
        ("V8", 12, "threatening", "Khổng Văn Dọa"),
        ("V9", 13, "threatening", "Khổng Văn Nạt"),
        ("V10", 14, "recording", "Khổng Thị Ghi"),
    ):
        built.visits[tag] = _visit(
            db,
            officer,
            datetime(2026, 10, day, 9, 0),
            name,
            outcome="refused",
            refusal_reason=reason,
        )
    built.visits["V11"] = _visit(db, officer, datetime(2026, 10, 31, 23, 59), "Nguyễn Văn Cuối")
    with db.write() as s:  # a corruption denunciation at the counter: a visit, not a petition
        built.visits["V12"] = reception_service.record(
            s, officer, counter_visit(received_at=datetime(2026, 10, 21, 10, 0)), now=NOW
        ).id
    # Cancelled: a periodic group of 6 on a third day; it must count nowhere.
    cancelled = _visit(
        db,
        officer,
        datetime(2026, 10, 22, 8, 0),
        "Hứa Văn Hủy",
        group_size=6,
        **periodic,
    )
    with db.write() as s:
        version = s.get(Reception, cancelled).version
        reception_service.cancel(s, admin, cancelled, "Ghi nhầm lượt tiếp", version)
    _visit(db, officer, datetime(2026, 9, 30, 23, 59), "Nguyễn Văn Trước")  # outside
    _visit(db, officer, datetime(2026, 11, 1, 0, 0), "Nguyễn Văn Sau")  # outside
    # October 2025: 4 visits (3 regular, 1 periodic), one refused for a reason not met in 2026.
    _visit(db, officer, datetime(2025, 10, 1, 8, 0), "Trịnh Văn Cũ")
    _visit(db, officer, datetime(2025, 10, 10, 9, 0), "Trịnh Thị Kỳ", **periodic)
    _visit(
        db,
        officer,
        datetime(2025, 10, 10, 14, 0),
        "Trịnh Văn Dao",
        outcome="refused",
        refusal_reason="weapons",
    )
    _visit(
        db,
        officer,
        datetime(2025, 10, 31, 16, 0),
        "Trịnh Văn Bảy",
        group_size=7,
        representatives=[_citizen("Trịnh Thị Tám")],
    )
    _visit(db, officer, datetime(2025, 9, 30, 23, 59), "Trịnh Văn Trước")  # outside
    _visit(db, officer, datetime(2025, 11, 1, 0, 0), "Trịnh Văn Sau")  # outside


def _schedule(db: Database, admin: Actor, leader: Actor) -> None:
    """Leaders' reception days: 3 in October 2026 (one more postponed into November), 1 in
    October 2025, and one on each side of October 2026."""
    with db.write() as s:
        head = schedule.add_staff(
            s, admin, "Nguyễn Văn Đức", "Giám đốc", is_leader=True, is_head=True, user_id=leader.id
        )
        for day in (
            date(2025, 10, 10),
            date(2026, 9, 30),
            date(2026, 10, 8),
            date(2026, 10, 15),
            date(2026, 10, 22),
            date(2026, 11, 2),
        ):
            schedule.create_session(s, admin, day, head.id)
        moved = schedule.create_session(s, admin, date(2026, 10, 29), head.id)
        schedule.postpone(s, admin, moved.id, date(2026, 11, 3), "Lãnh đạo đi công tác")


def _petition(db: Database, actor: Actor, tag: str, kind: str, source: str, on: date) -> int:
    extra = (
        {"sender_body": "Ban Tiếp công dân tỉnh Cà Mau", "sender_letter_no": "12/BTCD"}
        if source == "transferred"
        else {}
    )
    with db.write() as s:
        return psvc.record(
            s,
            actor,
            psvc.PetitionInput(
                kind=kind,
                source=source,
                received_on=on,
                summary=f"Nội dung đơn số {tag} về hoạt động văn hóa tại địa phương",
                petitioner_name=PETITIONERS[tag],
                **extra,
            ),
        )[0].id


def _steps(
    db: Database, actor: Actor, pid: int, *steps: tuple[str, date, dict[str, object]]
) -> None:
    with db.write() as s:
        for action, on, kw in steps:
            fn = {
                "classify": psvc.classify,
                "accept": psvc.accept,
                "resolve": psvc.resolve,
                "transfer": psvc.transfer,
                "guide": psvc.guide,
                "archive": psvc.archive,
                "return": psvc.return_,
                "notify": psvc.notify,
                "close": psvc.close,
            }[action]
            fn(s, actor, pid, on=on, **kw)


def _ok(eligible: bool = True, competent: bool = True) -> dict[str, object]:
    return {"eligible": eligible, "within_competence": competent}


ACCEPT: dict[str, object] = {"decision_no": "01/QĐ-SVHTTDL"}


def _result(result: str) -> dict[str, object]:
    return {"decision_no": "02/QĐ-SVHTTDL", "result": result}


def _build_petitions(db: Database, officer: Actor, built: Built) -> None:
    d = date
    p = built.petitions
    # Received in October 2026 (12, with the one taken at the visit of 08/10).
    p["B"] = _petition(db, officer, "B", "complaint", "post", d(2026, 10, 1))
    _steps(
        db,
        officer,
        p["B"],
        ("classify", d(2026, 10, 2), _ok()),
        ("accept", d(2026, 10, 5), ACCEPT),  # 30 days → 04/11
        ("resolve", d(2026, 10, 20), _result("wrong")),  # on time
    )
    p["R4"] = _petition(db, officer, "R4", "recommendation", "post", d(2026, 10, 1))
    _steps(
        db,
        officer,
        p["R4"],
        ("classify", d(2026, 10, 1), _ok()),
        ("accept", d(2026, 10, 1), ACCEPT),  # 10 working days → 15/10
        ("resolve", d(2026, 10, 16), _result("answered")),  # late
    )
    p["C"] = _petition(db, officer, "C", "denunciation", "hotline", d(2026, 10, 2))
    _steps(
        db,
        officer,
        p["C"],
        ("classify", d(2026, 10, 5), _ok()),
        ("accept", d(2026, 10, 6), ACCEPT),  # 30 days → 05/11
        ("resolve", d(2026, 10, 29), _result("right")),  # on time
    )
    p["L"] = _petition(db, officer, "L", "recommendation", "portal", d(2026, 10, 5))
    _steps(
        db,
        officer,
        p["L"],
        ("classify", d(2026, 10, 6), _ok()),
        ("accept", d(2026, 10, 6), ACCEPT),  # 10 working days → 20/10
        ("resolve", d(2026, 11, 3), _result("answered")),  # open and overdue at 31/10
    )
    p["T"] = _petition(db, officer, "T", "reflection", "transferred", d(2026, 10, 7))
    _steps(
        db,
        officer,
        p["T"],
        ("classify", d(2026, 10, 7), _ok(competent=False)),
        ("transfer", d(2026, 10, 9), {"to_body": "UBND xã Đất Mũi", "letter_no": "30/PC"}),
    )
    p["G"] = _petition(db, officer, "G", "recommendation", "comment_box", d(2026, 10, 9))
    _steps(
        db,
        officer,
        p["G"],
        ("classify", d(2026, 10, 9), _ok(competent=False)),
        ("guide", d(2026, 10, 12), {"to_body": "Sở Xây dựng tỉnh Cà Mau"}),
    )
    p["Ar"] = _petition(db, officer, "Ar", "reflection", "comment_box", d(2026, 10, 13))
    _steps(
        db,
        officer,
        p["Ar"],
        ("classify", d(2026, 10, 13), _ok(eligible=False)),
        ("archive", d(2026, 10, 14), {"reason": "not_eligible"}),
    )
    p["Ret"] = _petition(db, officer, "Ret", "complaint", "post", d(2026, 10, 14))
    _steps(
        db,
        officer,
        p["Ret"],
        ("classify", d(2026, 10, 14), _ok(eligible=False)),
        ("return", d(2026, 10, 16), {"reason": "Đơn không ký tên"}),
    )
    p["D2"] = _petition(db, officer, "D2", "denunciation", "comment_box", d(2026, 10, 19))
    # Outside competence: the transfer clock (5 working days from 19/10 → 26/10) runs.
    _steps(db, officer, p["D2"], ("classify", d(2026, 10, 20), _ok(competent=False)))
    p["N"] = _petition(db, officer, "N", "complaint", "hotline", d(2026, 10, 26))  # due 04/11
    p["E"] = _petition(db, officer, "E", "reflection", "post", d(2026, 10, 31))
    _steps(
        db,
        officer,
        p["E"],
        ("classify", d(2026, 10, 31), _ok()),
        ("accept", d(2026, 10, 31), ACCEPT),
        ("resolve", d(2026, 11, 1), _result("answered")),  # resolved the first day after
        ("notify", d(2026, 11, 2), {}),
        ("close", d(2026, 11, 3), {}),  # closed now, open at 31/10
    )
    # Received before October 2026, resolved in it (or just before).
    p["R5"] = _petition(db, officer, "R5", "denunciation", "post", d(2026, 8, 14))
    _steps(
        db,
        officer,
        p["R5"],
        ("classify", d(2026, 8, 17), _ok()),
        ("accept", d(2026, 8, 17), ACCEPT),  # 30 days → 16/09
        ("resolve", d(2026, 10, 2), _result("partly")),  # late
    )
    p["R3"] = _petition(db, officer, "R3", "recommendation", "hotline", d(2026, 9, 17))
    _steps(
        db,
        officer,
        p["R3"],
        ("classify", d(2026, 9, 17), _ok()),
        ("accept", d(2026, 9, 17), ACCEPT),  # 10 working days → 01/10
        ("resolve", d(2026, 10, 1), _result("answered")),  # on its due day: on time
    )
    p["R0"] = _petition(db, officer, "R0", "reflection", "portal", d(2026, 9, 17))
    _steps(
        db,
        officer,
        p["R0"],
        ("classify", d(2026, 9, 17), _ok()),
        ("accept", d(2026, 9, 17), ACCEPT),
        ("resolve", d(2026, 9, 30), _result("answered")),  # the day before the period
    )
    p["X30"] = _petition(db, officer, "X30", "reflection", "post", d(2026, 9, 30))  # never handled
    p["X01"] = _petition(db, officer, "X01", "reflection", "hotline", d(2026, 11, 1))
    # October 2025.
    p["Q1"] = _petition(db, officer, "Q1", "complaint", "post", d(2025, 10, 15))  # never handled
    p["Q2"] = _petition(db, officer, "Q2", "recommendation", "hotline", d(2025, 10, 1))
    _steps(
        db,
        officer,
        p["Q2"],
        ("classify", d(2025, 10, 1), _ok()),
        ("accept", d(2025, 10, 1), ACCEPT),  # 10 working days → 15/10/2025
        ("resolve", d(2025, 10, 10), _result("answered")),
    )
    p["Q3"] = _petition(db, officer, "Q3", "reflection", "portal", d(2025, 10, 31))
    _steps(
        db,
        officer,
        p["Q3"],
        ("classify", d(2025, 10, 31), _ok(eligible=False)),
        ("archive", d(2025, 10, 31), {"reason": "not_eligible"}),  # on the last day
    )
    with db.read() as s:
        p["A"] = next(x.id for x in psvc.search(s, psvc.PetitionFilter(text=VISIT_PETITIONER)))


def _build_corruption(db: Database, officer: Actor, inspector: Actor) -> None:
    """Cases: 05/10/2026 accepted, 21/10/2026 from the counter (visit V12), 31/10/2026
    anonymous; 10/10/2025 still being classified, 20/10/2025 transferred; two just outside."""

    def record(on: date, **kw: object) -> int:
        with db.write() as s:
            data = case_input(received_on=on, **kw)
            return corruption_service.record(s, officer, data, today=TODAY).case.id

    def act(case_id: int, action: str, on: date, **kw: object) -> None:
        with db.write() as s:
            version = corruption_service.get(s, case_id).version
            corruption_service.act(
                s,
                inspector,
                case_id,
                action,
                corruption_service.ActionInput(on=on, **kw),
                version,
                today=TODAY,
            )

    accepted = record(date(2026, 10, 5))
    act(accepted, "accept", date(2026, 10, 7), document_no="05/QĐ-TTr")
    record(date(2026, 10, 31), anonymous=True, identity=None)
    record(date(2026, 9, 30))
    record(date(2026, 11, 1))
    record(date(2025, 10, 10))
    moved = record(date(2025, 10, 20))
    act(moved, "to_transfer", date(2025, 10, 21), transfer_to="Thanh tra tỉnh Cà Mau")
    act(moved, "transfer", date(2025, 10, 24), document_no="07/PC-TTr")


def _build_dossiers(db: Database, officer: Actor) -> None:
    def dossier(code: str, proc: str, at: datetime, **kw: object) -> int:
        with db.write() as s:
            return dossiers.upsert_dossier(
                s,
                officer,
                dossiers.DossierInput(
                    code=code,
                    procedure_code=proc,
                    applicant_name=f"Người nộp {code}",
                    received_at=at,
                    **kw,
                ),
            )[0].id

    online = {"channel": "online", "digitised": True, "result_digitised": True}
    with db.write() as s:
        procedures.upsert_procedure(
            s,
            officer,
            procedures.ProcedureInput(
                code="P5", name="Cấp giấy phép karaoke", processing_days=5, has_fee=True
            ),
        )
        procedures.upsert_procedure(
            s,
            officer,
            procedures.ProcedureInput(
                code="P10", name="Công nhận gia đình văn hóa", processing_days=10
            ),
        )
    # October 2026 (5): due D1 08/10, D2 09/10 17:00, D3 19/10, D4 20/10, D5 09/11.
    dossier(
        "D1",
        "P5",
        datetime(2026, 10, 1, 8, 0),
        fee_paid_online=True,
        returned_at=datetime(2026, 10, 7, 10, 0),
        **online,
    )
    dossier(
        "D2",
        "P5",
        datetime(2026, 10, 2, 9, 0),
        digitised=True,  # the result is not: not counted as digitised
        returned_at=datetime(2026, 10, 9, 18, 30),  # on the due day after 17:00: on time
    )
    d3 = dossier("D3", "P10", datetime(2026, 10, 5, 10, 0), **online)
    with db.write() as s:
        apologies.issue_apology(
            s,
            officer,
            d3,
            apologies.ApologyInput(
                reason="Chờ ý kiến cơ quan phối hợp", new_due_on=date(2026, 10, 21)
            ),
            today=date(2026, 10, 20),
        )
        dossiers.mark_returned(s, officer, d3, datetime(2026, 10, 21, 9, 0))  # late, apologised
    dossier("D4", "P10", datetime(2026, 10, 6, 10, 0), returned_at=datetime(2026, 10, 22, 9, 0))
    dossier("D5", "P5", datetime(2026, 10, 31, 23, 0), channel="online")  # still processing
    dossier("X1", "P10", datetime(2026, 9, 30, 23, 59), **online)  # outside
    dossier("X2", "P5", datetime(2026, 11, 1, 0, 0), **online)  # outside
    # October 2025 (2): E1 on time, E2 due 24/10/2025 returned 30/10/2025.
    dossier(
        "E1",
        "P5",
        datetime(2025, 10, 1, 8, 0),
        fee_paid_online=True,
        returned_at=datetime(2025, 10, 3, 10, 0),
        **online,
    )
    dossier("E2", "P10", datetime(2025, 10, 10, 9, 0), returned_at=datetime(2025, 10, 30, 10, 0))
    dossier("X3", "P10", datetime(2025, 9, 30, 23, 59), **online)  # outside


def _build_surveys(db: Database, officer: Actor, built: Built) -> None:
    votes = [
        (3, date(2026, 10, 1), {}),
        (3, date(2026, 10, 15), {"dossier_code": "D1"}),
        (3, date(2026, 10, 31), {}),
        (2, date(2026, 10, 20), {"reception_id": built.visits["V7"]}),
        (1, date(2026, 10, 10), {}),
        (3, date(2026, 9, 30), {}),  # outside
        (1, date(2026, 11, 1), {}),  # outside
        (3, date(2025, 10, 1), {}),
        (1, date(2025, 10, 31), {}),
        (2, date(2025, 9, 30), {}),  # outside
        (2, date(2025, 11, 1), {}),  # outside
    ]
    with db.write() as s:
        for overall, on, kw in votes:
            surveys.record_survey(s, officer, surveys.SurveyInput(overall=overall, on=on, **kw))


@pytest.fixture
def built(db: Database, officer: Actor, leader: Actor, inspector: Actor, admin: Actor) -> Built:
    out = Built()
    set_up(db, inspector)  # the protected area's keys, for the counter denunciation
    _schedule(db, admin, leader)
    _build_visits(db, officer, leader, admin, out)
    _build_petitions(db, officer, out)
    _build_corruption(db, officer, inspector)
    _build_dossiers(db, officer)
    _build_surveys(db, officer, out)
    return out


# --- what the report must say -----------------------------------------------------------------

THREATENING = "   – Người có hành vi đe dọa, xúc phạm cơ quan, tổ chức, đơn vị, người tiếp công …"
WEAPONS = "   – Người mang theo vũ khí, vật liệu nổ, công cụ hỗ trợ và không chấp hành yêu cầu …"
RECORDING = "   – Người ghi âm, ghi hình, phát trực tiếp tại nơi tiếp công dân khi đã được đề …"

EXPECTED: list[tuple[str, list[Cell], str]] = [
    (
        "1. Công tác tiếp công dân",
        [
            ("Tổng số lượt tiếp", 12, 4, "+200,0%"),
            ("Tiếp thường xuyên", 8, 3, "+166,7%"),
            ("Tiếp định kỳ", 3, 1, "+200,0%"),
            ("Tiếp đột xuất", 1, 0, "mới"),
            ("Số người được tiếp", 19, 10, "+90,0%"),  # 5 + 4 + 10 single; 7 + 3 single
            ("Số đoàn đông người (từ 5 người)", 1, 1, "+0,0%"),  # the group of 4 is not one
            ("Số người trong các đoàn đông người", 5, 7, "-28,6%"),
            ("Số ngày lãnh đạo tiếp định kỳ đã thực hiện", 2, 1, "+100,0%"),  # 08/10 twice, 15/10
            ("Số ngày tiếp định kỳ theo lịch", 3, 1, "+200,0%"),  # 29/10 postponed to 03/11
            ("Số lượt từ chối tiếp", 3, 1, "+200,0%"),
            (THREATENING, 2, 0, "mới"),
            (WEAPONS, 0, 1, "-100,0%"),  # met only last year: its comparison figure stays
            (RECORDING, 1, 0, "mới"),
        ],
        "",
    ),
    (
        "2. Tiếp nhận, phân loại và xử lý đơn thư",
        [
            ("Tổng số đơn tiếp nhận", 12, 3, "+300,0%"),
            ("   Nguồn: tiếp công dân trực tiếp", 1, 0, "mới"),  # A
            ("   Nguồn: qua bưu chính", 4, 1, "+300,0%"),  # B R4 Ret E / Q1
            ("   Nguồn: cơ quan khác chuyển đến", 1, 0, "mới"),  # T
            ("   Nguồn: đường dây nóng", 2, 1, "+100,0%"),  # C N / Q2
            ("   Nguồn: hòm thư góp ý", 3, 0, "mới"),  # G Ar D2
            ("   Nguồn: cổng thông tin điện tử", 1, 1, "+0,0%"),  # L / Q3
            ("   Loại: khiếu nại", 4, 1, "+300,0%"),  # B A Ret N / Q1
            ("   Loại: tố cáo", 2, 0, "mới"),  # C D2
            ("   Loại: kiến nghị", 3, 1, "+200,0%"),  # R4 L G / Q2
            ("   Loại: phản ánh", 3, 1, "+200,0%"),  # T Ar E / Q3
            ("Đơn đủ điều kiện xử lý", 8, 1, "+700,0%"),  # A and N not classified yet
            ("Đơn không đủ điều kiện xử lý", 2, 1, "+100,0%"),  # Ar Ret / Q3
            ("Đơn thuộc thẩm quyền", 7, 2, "+250,0%"),
            ("Đơn không thuộc thẩm quyền", 3, 0, "mới"),  # T G D2
            ("   Xử lý: thụ lý giải quyết", 5, 1, "+400,0%"),  # B R4 C L E / Q2
            ("   Xử lý: chuyển đơn", 1, 0, "mới"),
            ("   Xử lý: hướng dẫn", 1, 0, "mới"),
            ("   Xử lý: lưu đơn", 1, 1, "+0,0%"),
            ("   Xử lý: trả lại đơn", 1, 0, "mới"),
            ("Số vụ việc đã giải quyết trong kỳ", 5, 1, "+400,0%"),  # B C R3 R4 R5 / Q2
            ("   Kết quả: đúng", 1, 0, "mới"),  # C
            ("   Kết quả: sai", 1, 0, "mới"),  # B
            ("   Kết quả: đúng một phần", 1, 0, "mới"),  # R5
            ("   Kết quả: đã trả lời", 2, 1, "+100,0%"),  # R3 R4 / Q2
            ("   Giải quyết đúng hạn", 3, 1, "+200,0%"),  # B C R3
            ("   Giải quyết quá hạn", 2, 0, "mới"),  # R4 R5
            ("Đơn còn đang xử lý cuối kỳ", 7, 1, "+600,0%"),  # Q1 X30 A L D2 N E / Q1
            ("   trong đó quá hạn cuối kỳ", 5, 1, "+400,0%"),  # Q1 X30 A L D2 / Q1
        ],
        "",
    ),
    (
        "3. Tố cáo, phản ánh về hành vi tham nhũng",
        [
            ("Tổng số tố cáo, phản ánh về tham nhũng tiếp nhận", 3, 2, "+50,0%"),
            ("   Trạng thái: đang phân loại", 1, 1, "+0,0%"),
            ("   Trạng thái: đã chuyển đơn", 0, 1, "-100,0%"),
            ("   Trạng thái: thông tin phục vụ thanh tra", 1, 0, "mới"),
            ("   Trạng thái: đã thụ lý", 1, 0, "mới"),
        ],
        "Không công bố thông tin về người tố cáo.",
    ),
    (
        "4. Giải quyết thủ tục hành chính",
        [
            ("Tổng số hồ sơ tiếp nhận", 5, 2, "+150,0%"),
            ("Tỷ lệ hồ sơ trực tuyến (%)", 60.0, 50.0, "+10,0 điểm %"),  # D1 D3 D5 of 5
            ("Tỷ lệ hồ sơ và kết quả được số hóa (%)", 40.0, 50.0, "-10,0 điểm %"),  # D1 D3
            ("Tỷ lệ thanh toán trực tuyến trong hồ sơ có phí (%)", 33.3, 100.0, "-66,7 điểm %"),
            ("Số hồ sơ đã trả kết quả", 4, 2, "+100,0%"),
            ("   trả đúng hạn", 2, 1, "+100,0%"),  # D1, D2 (18:30 on its due day)
            ("   trả trễ hạn", 2, 1, "+100,0%"),  # D3 D4 / E2
            ("   trễ hạn có phiếu xin lỗi", 1, 0, "mới"),  # D3
        ],
        "Chỉ tiêu: trực tuyến 90%, số hóa 90%, thanh toán trực tuyến 80%.",
    ),
    (
        "5. Mức độ hài lòng",
        [
            ("Số lượt đánh giá", 5, 2, "+150,0%"),
            ("Chỉ số hài lòng (%)", 60.0, 50.0, "+10,0 điểm %"),
            ("   Hài lòng", 3, 1, "+200,0%"),
            ("   Bình thường", 1, 0, "mới"),
            ("   Không hài lòng", 1, 1, "+0,0%"),
        ],
        "",
    ),
]


def _cells(report: Report) -> list[tuple[str, list[Cell], str]]:
    return [
        (
            section.title,
            [(line.label, line.current, line.previous, line.change) for line in section.lines],
            section.note,
        )
        for section in report.sections
    ]


def _names(rows: list[tuple[str, str, str]]) -> set[str]:
    return {name for _, name, _ in rows}


def _tags(*tags: str) -> set[str]:
    return {_name(t) for t in tags}


# --- the tests --------------------------------------------------------------------------------


def test_the_clocks_the_figures_rest_on(db: Database, built: Built) -> None:
    """The due dates below were counted by hand on the 2026 calendar (no day off in October;
    1–2/09/2026 off); the on-time, late and overdue cells rest on them."""
    expected_resolve_due = {
        "B": date(2026, 11, 4),
        "R4": date(2026, 10, 15),
        "C": date(2026, 11, 5),
        "L": date(2026, 10, 20),
        "E": date(2026, 11, 13),
        "R5": date(2026, 9, 16),
        "R3": date(2026, 10, 1),
        "Q2": date(2025, 10, 15),
    }
    expected_running_due = {
        "A": date(2026, 10, 19),  # complaint: 7 working days from 08/10
        "D2": date(2026, 10, 26),  # denunciation outside competence: 5 working days from 19/10
        "N": date(2026, 11, 4),
        "X30": date(2026, 10, 14),
        "Q1": date(2025, 10, 27),  # 10 days from 15/10/2025 end on a Saturday
    }
    with db.read() as s:
        for tag, due in expected_resolve_due.items():
            assert psvc.get(s, built.petitions[tag]).resolve_due_on == due, tag
        for tag, due in expected_running_due.items():
            assert psvc.get(s, built.petitions[tag]).due_on == due, tag
        # Closed now, but open at 31/10 on their timeline.
        assert psvc.get(s, built.petitions["E"]).state == "closed"
        assert psvc.get(s, built.petitions["L"]).state == "resolved"
        assert psvc.get(s, built.petitions["A"]).source == "reception"


def test_every_cell_of_the_report(db: Database, built: Built) -> None:
    with db.read() as s:
        report = build_report(s, PERIOD)
        assert report.comparison == LAST_YEAR
        assert _cells(report) == EXPECTED
        assert report.monthly == [("10/2026", 12, 12)]
        # Each month of a longer span: August to November 2026.
        assert monthly_trend(s, Period(date(2026, 8, 1), date(2026, 11, 30))) == [
            ("08/2026", 0, 1),  # R5
            ("09/2026", 1, 3),  # the visit at 30/09 23:59; R3 R0 X30
            ("10/2026", 12, 12),
            ("11/2026", 1, 1),  # the visit at 01/11 00:00; X01
        ]
        # November on its own: E received 31/10 is October's, resolved 01/11 is November's.
        november = build_report(s, Period(date(2026, 11, 1), date(2026, 11, 30)))
        nov = {line.label: line.current for line in november.sections[1].lines}
    assert nov["Tổng số đơn tiếp nhận"] == 1  # X01
    assert nov["Số vụ việc đã giải quyết trong kỳ"] == 2  # E (01/11), L (03/11)
    assert nov["   Giải quyết quá hạn"] == 1  # L


def test_drill_down_lists_what_is_behind_each_figure(db: Database, built: Built) -> None:
    with db.read() as s:
        report = build_report(s, PERIOD)
        # Every keyed cell lists as many records as it counts, in both periods (the days of
        # periodic reception list the visits of those days instead).
        for section in report.sections:
            for line in section.lines:
                if not line.key or line.label.startswith("Số ngày"):
                    continue
                assert len(records(s, line.key, PERIOD)) == line.current, line.label
                assert len(records(s, line.key, LAST_YEAR)) == line.previous, line.label

        def when(key: str, p: Period = PERIOD) -> list[str]:
            return [at for at, _, _ in records(s, key, p)]

        def who(key: str, p: Period = PERIOD) -> set[str]:
            return _names(records(s, key, p))

        visits = records(s, "reception.all", PERIOD)
        assert visits[0][0] == "01/10/2026 00:00" and visits[-1][0] == "31/10/2026 23:59"
        assert ("21/10/2026 10:00", "—") in [(at, name) for at, name, _ in visits]  # protected
        assert "22/10/2026 08:00" not in [at for at, _, _ in visits]  # cancelled
        assert when("reception.kind.periodic") == [
            "08/10/2026 08:00",
            "08/10/2026 09:30",
            "15/10/2026 08:00",
        ]
        assert when("reception.groups") == ["05/10/2026 08:00"]
        assert when("reception.refused.threatening") == ["12/10/2026 09:00", "13/10/2026 09:00"]
        assert when("reception.refused.weapons") == []
        assert when("reception.refused.weapons", LAST_YEAR) == ["10/10/2025 14:00"]

        assert who("petition.received") == _tags(
            "B", "R4", "C", "L", "T", "A", "G", "Ar", "Ret", "D2", "N", "E"
        )
        assert who("petition.source.reception") == {VISIT_PETITIONER}
        assert who("petition.source.comment_box") == _tags("G", "Ar", "D2")
        assert who("petition.kind.denunciation") == _tags("C", "D2")
        assert who("petition.not_eligible") == _tags("Ar", "Ret")
        assert who("petition.not_competent") == _tags("T", "G", "D2")
        assert who("petition.outcome.accepted") == _tags("B", "R4", "C", "L", "E")
        assert who("petition.outcome.transferred") == _tags("T")
        assert who("petition.outcome.guided") == _tags("G")
        assert who("petition.outcome.archived") == _tags("Ar")
        assert who("petition.outcome.returned") == _tags("Ret")
        assert who("petition.resolved") == _tags("B", "C", "R3", "R4", "R5")
        assert who("petition.result.right") == _tags("C")
        assert who("petition.result.wrong") == _tags("B")
        assert who("petition.result.partly") == _tags("R5")
        assert who("petition.result.answered") == _tags("R3", "R4")
        assert who("petition.on_time") == _tags("B", "C", "R3")
        assert who("petition.late") == _tags("R4", "R5")
        assert who("petition.open") == _tags("Q1", "X30", "A", "L", "D2", "N", "E")
        assert who("petition.overdue") == _tags("Q1", "X30", "A", "L", "D2")
        assert who("petition.open", LAST_YEAR) == _tags("Q1")
        assert who("petition.resolved", LAST_YEAR) == _tags("Q2")

        codes = [code for code, _, _ in records(s, "dossier.all", PERIOD)]
        assert codes == ["D1", "D2", "D3", "D4", "D5"]
        # Returned at 18:30 on its due day is on time: D2 is not behind "trả trễ hạn".
        assert [code for code, _, _ in records(s, "dossier.late", PERIOD)] == ["D3", "D4"]
        assert [code for code, _, _ in records(s, "dossier.late", LAST_YEAR)] == ["E2"]


def _cli(db: Database, verb: str, out: Path) -> None:
    from camau_reception.cli import main

    args = ["--db", str(db.path), verb, "report", "--from", "2026-10-01", "--to", "2026-10-31"]
    assert main([*args, "--out", str(out)]) == 0


def test_pdf_and_excel_show_the_same_figures(db: Database, built: Built, tmp_path: Path) -> None:
    pdf, xlsx = tmp_path / "bao-cao.pdf", tmp_path / "bao-cao.xlsx"
    _cli(db, "print", pdf)
    text = " ".join(pdf_text(pdf).split())
    for row in (
        "Tổng số lượt tiếp 12 4 +200,0%",
        "Tiếp thường xuyên 8 3 +166,7%",
        "Số người trong các đoàn đông người 5 7 -28,6%",
        "Giải quyết đúng hạn 3 1 +200,0%",
        "Trạng thái: đã chuyển đơn 0 1 -100,0%",
        "Tỷ lệ hồ sơ trực tuyến (%) 60,0% 50,0% +10,0 điểm %",
        "Tỷ lệ hồ sơ và kết quả được số hóa (%) 40,0% 50,0% -10,0 điểm %",
        "Tỷ lệ thanh toán trực tuyến trong hồ sơ có phí (%) 33,3% 100,0% -66,7 điểm %",
        "Chỉ số hài lòng (%) 60,0% 50,0% +10,0 điểm %",
    ):
        assert row in text, row
    assert "60.0" not in text and "33.3" not in text

    _cli(db, "export", xlsx)
    wb = load_workbook(xlsx)
    assert len(wb.worksheets) == len(EXPECTED) + 1
    for ws, (title, cells, note) in zip(wb.worksheets, EXPECTED, strict=False):
        rows = [tuple(r) for r in ws.iter_rows(min_row=1, values_only=True)]
        assert rows[0][0] == title
        assert rows[2] == ("Nội dung", "Kỳ này", "Cùng kỳ", "Tăng/giảm")
        body = rows[3 : 3 + len(cells)]
        assert body == [(label.strip(), cur, prev, change) for label, cur, prev, change in cells]
        assert rows[3 + len(cells) :] == ([(note, None, None, None)] if note else [])
    trend = [tuple(r) for r in wb["Theo tháng"].iter_rows(min_row=2, values_only=True)]
    assert trend == [("10/2026", 12, 12)]
