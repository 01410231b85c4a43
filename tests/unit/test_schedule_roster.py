"""The desk roster on paper: a draft prints "BẢN NHÁP" and takes no number (anyone may print
it); only leaders and administrators issue it, which takes an LTCD number; an unchanged
roster reprints under its number and date; a changed roster takes a new number that says
which one it replaces, never the old number on new content."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from camau_reception.domain.recurrence import Rule
from camau_reception.models.audit import AuditEvent
from camau_reception.models.settings import IssuedDocument
from camau_reception.printing.pdftext import pdf_text
from camau_reception.services import numbering, schedule
from camau_reception.services.actor import Actor
from camau_reception.services.errors import PermissionDenied, ValidationError
from camau_reception.storage.db import Database

OFFICER = "Võ Thị Thu Hà"
OTHER = "Trần Minh Tâm"


def _text(path: Path) -> str:
    return " ".join(pdf_text(path).split())


def _roster(db: Database, leader: Actor) -> tuple[int, int]:
    with db.write() as s:
        a = schedule.add_staff(s, leader, OFFICER, "Chuyên viên", is_leader=False)
        b = schedule.add_staff(s, leader, OTHER, "Chuyên viên", is_leader=False)
        schedule.fill_desk(
            s,
            leader,
            Rule("weekdays", weekdays=(1, 3)),
            date(2026, 12, 1),
            date(2026, 12, 31),
            "morning",
            [a.id],
        )
        return a.id, b.id


def _numbers(db: Database) -> list[str]:
    with db.read() as s:
        return list(s.execute(select(IssuedDocument.number).order_by(IssuedDocument.id)).scalars())


def test_draft_takes_no_number_and_says_so(
    db: Database, leader: Actor, officer: Actor, tmp_path: Path
) -> None:
    _roster(db, leader)
    pdf = tmp_path / "nhap.pdf"
    with db.write() as s:
        schedule.print_roster(s, officer, "2026-12", date(2026, 11, 20), pdf)
    text = _text(pdf)
    assert "LỊCH TRỰC TIẾP CÔNG DÂN THƯỜNG XUYÊN THÁNG 12/2026" in text
    assert "BẢN NHÁP" in text and "chưa ban hành" in text
    assert "01/12/2026 Thứ Ba Võ Thị Thu Hà" in text
    assert "01/LTCD" not in text
    # Before: every print, even a draft by an officer, took a permanent number.
    assert _numbers(db) == []


def test_only_planners_issue_the_roster(
    db: Database, leader: Actor, officer: Actor, inspector: Actor, admin: Actor, tmp_path: Path
) -> None:
    _roster(db, leader)
    for who in (officer, inspector):
        with db.write() as s, pytest.raises(PermissionDenied):
            schedule.print_roster(
                s, who, "2026-12", date(2026, 11, 20), tmp_path / "x.pdf", final=True
            )
    assert _numbers(db) == []
    with db.write() as s:
        schedule.print_roster(
            s, admin, "2026-12", date(2026, 11, 20), tmp_path / "a.pdf", final=True
        )
    assert _numbers(db) == ["01/LTCD-SVHTTDL"]


def test_reprint_keeps_the_number_a_changed_roster_takes_a_new_one(
    db: Database, leader: Actor, tmp_path: Path
) -> None:
    _, other = _roster(db, leader)
    first, again, changed, draft = (tmp_path / f"{n}.pdf" for n in ("a", "b", "c", "d"))
    with db.write() as s:
        schedule.print_roster(s, leader, "2026-12", date(2026, 11, 20), first, final=True)
    with db.write() as s:
        schedule.print_roster(s, leader, "2026-12", date(2026, 11, 25), again, final=True)
    a, b = _text(first), _text(again)
    assert "Số: 01/LTCD-SVHTTDL" in a and "Số: 01/LTCD-SVHTTDL" in b
    assert "ngày 20 tháng 11 năm 2026" in b  # the date of issue, not of the reprint
    assert "BẢN NHÁP" not in a and "thay thế" not in a
    assert _numbers(db) == ["01/LTCD-SVHTTDL"]

    with db.write() as s:
        schedule.set_desk(s, leader, date(2026, 12, 3), "morning", [other])
    with db.write() as s:
        schedule.print_roster(s, leader, "2026-12", date(2026, 11, 27), draft)
    assert _numbers(db) == ["01/LTCD-SVHTTDL"]  # a draft of the change takes nothing
    with db.write() as s:
        schedule.print_roster(s, leader, "2026-12", date(2026, 11, 28), changed, final=True)
    c = _text(changed)
    assert "Số: 02/LTCD-SVHTTDL" in c and "ngày 28 tháng 11 năm 2026" in c
    assert "Lịch này thay thế Lịch trực tiếp công dân số 01/LTCD-SVHTTDL ngày 20/11/2026." in c
    assert f"03/12/2026 Thứ Năm {OTHER}" in c
    assert _numbers(db) == ["01/LTCD-SVHTTDL", "02/LTCD-SVHTTDL"]
    with db.write() as s:
        # Reprinting the new version keeps its number and its "replaces" line.
        schedule.print_roster(s, leader, "2026-12", date(2026, 12, 2), again, final=True)
    assert "Số: 02/LTCD-SVHTTDL" in _text(again) and "thay thế" in _text(again)
    assert _numbers(db) == ["01/LTCD-SVHTTDL", "02/LTCD-SVHTTDL"]
    with db.read() as s:
        issued = list(
            s.execute(
                select(AuditEvent.summary).where(AuditEvent.action == "schedule.roster_issue")
            ).scalars()
        )
    assert issued == [
        "Ban hành lịch trực tiếp công dân tháng 12/2026, số 01/LTCD-SVHTTDL",
        "Ban hành lịch trực tiếp công dân tháng 12/2026, số 02/LTCD-SVHTTDL, "
        "thay thế số 01/LTCD-SVHTTDL",
    ]


def test_empty_roster_is_not_issued_and_an_old_number_is_replaced(
    db: Database, leader: Actor, tmp_path: Path
) -> None:
    with db.write() as s, pytest.raises(ValidationError) as err:
        schedule.print_roster(
            s, leader, "2026-12", date(2026, 11, 20), tmp_path / "x.pdf", final=True
        )
    assert "chưa phân công cán bộ trực" in err.value.errors["period"]
    _roster(db, leader)
    with db.write() as s:
        # A number taken by an earlier release, which did not record what it was printed on.
        numbering.issue_number(
            s,
            leader,
            "LTCD",
            date(2026, 11, 10),
            title="Lịch trực tiếp công dân tháng 12/2026",
            entity="desk_roster",
            entity_id="2026-12",
        )
    out = tmp_path / "new.pdf"
    with db.write() as s:
        schedule.print_roster(s, leader, "2026-12", date(2026, 11, 20), out, final=True)
    text = _text(out)
    assert "Số: 02/LTCD-SVHTTDL" in text
    assert "thay thế Lịch trực tiếp công dân số 01/LTCD-SVHTTDL ngày 10/11/2026" in text
