"""The leaders' calendar: recurrence across Tết and an override, the legal checks, deputising,
published versions and their differences, iCalendar and the printed schedule."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar

from camau_reception.domain.calendar import CalendarOverride, OverrideKind, WorkCalendar
from camau_reception.domain.recurrence import Rule, occurrences
from camau_reception.printing.pdftext import pdf_text
from camau_reception.services import schedule
from camau_reception.services.actor import Actor
from camau_reception.services.errors import PermissionDenied, ValidationError
from camau_reception.storage.db import Database


def test_recurrence_across_tet_and_an_override() -> None:
    cal = WorkCalendar([CalendarOverride(date(2026, 3, 19), OverrideKind.DAY_OFF, "Nghỉ bù")])
    third_thursday = occurrences(
        Rule("nth_weekday", weekday=3, nth=3), date(2026, 1, 1), date(2026, 3, 31), cal
    )
    assert [o.day for o in third_thursday] == [
        date(2026, 1, 15),
        date(2026, 2, 23),
        date(2026, 3, 20),
    ]
    assert "Tết" in third_thursday[1].note and third_thursday[1].planned == date(2026, 2, 19)
    assert "Nghỉ bù" in third_thursday[2].note
    fifteenth = occurrences(
        Rule("day_of_month", day=17, shift="backward"), date(2026, 2, 1), date(2026, 2, 28), cal
    )
    assert fifteenth[0].day == date(2026, 2, 13) and "Tết" in fifteenth[0].note
    weekly = occurrences(
        Rule("weekdays", weekdays=(1, 3)), date(2026, 2, 9), date(2026, 2, 22), cal
    )
    assert [o.day for o in weekly] == [date(2026, 2, 10), date(2026, 2, 12)]  # Tết week skipped


def _people(db: Database, leader: Actor):
    with db.write() as s:
        head = schedule.add_staff(
            s, leader, "Nguyễn Thị Hồng Nhung", "Giám đốc", is_leader=True, is_head=True
        )
        deputy = schedule.add_staff(s, leader, "Lê Văn Đức", "Phó Giám đốc", is_leader=True)
        return head.id, deputy.id


def test_head_monthly_minimum_and_publication_checks(db: Database, leader: Actor) -> None:
    head, deputy = _people(db, leader)
    with db.write() as s:
        schedule.generate(
            s, leader, Rule("day_of_month", day=15), date(2026, 10, 1), date(2026, 10, 31), head
        )
        schedule.generate(
            s, leader, Rule("day_of_month", day=20), date(2026, 11, 1), date(2026, 11, 30), deputy
        )
    with db.read() as s:
        problems = schedule.checks(
            s, date(2026, 10, 1), date(2026, 11, 30), today=date(2026, 10, 1)
        )
    assert [p.kind for p in problems] == ["head_missing"]
    assert "Tháng 11/2026" in problems[0].message and "Điều 18 khoản 2" in problems[0].message
    with db.read() as s:
        late = schedule.checks(s, date(2026, 10, 1), date(2026, 10, 31), today=date(2026, 10, 9))
    assert [p.kind for p in late] == ["not_published"]  # 15/10 must be posted by 08/10
    assert "08/10/2026" in late[0].message
    with db.write() as s:
        schedule.publish(s, leader, "2026-10", date(2026, 10, 7))
    with db.read() as s:
        assert (
            schedule.checks(s, date(2026, 10, 1), date(2026, 10, 31), today=date(2026, 10, 9)) == []
        )


def test_conflict_deputising_and_presiding_leader(
    db: Database, leader: Actor, officer: Actor
) -> None:
    head, deputy = _people(db, leader)
    with db.write() as s:
        first = schedule.generate(
            s, leader, Rule("day_of_month", day=15), date(2026, 10, 1), date(2026, 10, 31), head
        )[0]
        schedule.generate(
            s,
            leader,
            Rule("day_of_month", day=15),
            date(2026, 10, 1),
            date(2026, 10, 31),
            deputy,
            start_time="08:00",
        )
    with db.read() as s:
        assert schedule.presiding_leader_on(s, date(2026, 10, 15)) == (
            None,
            "Nguyễn Thị Hồng Nhung",
        )
    with db.write() as s, pytest.raises(ValidationError) as err:
        schedule.deputise(s, leader, first.id, deputy, "")
    assert "lý do" in err.value.errors["reason"]
    with db.write() as s:
        schedule.deputise(s, leader, first.id, deputy, "Đi công tác")
    with db.read() as s:
        problems = schedule.checks(s, date(2026, 10, 1), date(2026, 10, 31), today=date(2026, 9, 1))
    assert {p.kind for p in problems} == {"conflict", "head_missing"}
    with db.write() as s, pytest.raises(PermissionDenied):
        schedule.deputise(s, officer, first.id, deputy, "x")


def test_published_versions_list_their_differences(db: Database, leader: Actor) -> None:
    head, _ = _people(db, leader)
    with db.write() as s:
        sess = schedule.generate(
            s, leader, Rule("day_of_month", day=15), date(2026, 12, 1), date(2026, 12, 31), head
        )[0]
        v1 = schedule.publish(s, leader, "2026-12", date(2026, 12, 1))
    with db.write() as s, pytest.raises(ValidationError):
        schedule.publish(s, leader, "2026-12", date(2026, 12, 2))  # nothing changed
    with db.write() as s, pytest.raises(ValidationError) as err:
        schedule.move(s, leader, sess.id, date(2026, 12, 19), "Trùng họp")  # a Saturday
    assert "không phải ngày làm việc" in err.value.errors["new_day"]
    with db.write() as s:
        schedule.move(
            s, leader, sess.id, date(2026, 12, 16), "Trùng lịch họp UBND tỉnh", postpone=True
        )
        v2 = schedule.publish(s, leader, "2026-12", date(2026, 12, 3))
    assert (v1.version, v2.version) == (1, 2)
    assert v2.changes == "Đổi: buổi 15/12/2026: hoãn từ 15/12/2026 sang 16/12/2026"


def test_ics_and_printed_schedule(db: Database, leader: Actor, tmp_path: Path) -> None:
    from camau_reception.cli import main

    head, _ = _people(db, leader)
    with db.write() as s:
        schedule.generate(
            s, leader, Rule("day_of_month", day=15), date(2026, 1, 1), date(2026, 12, 31), head
        )
    ics = tmp_path / "lich.ics"
    assert (
        main(["--db", str(db.path), "export", "schedule", "--year", "2026", "--out", str(ics)]) == 0
    )
    events = [c for c in Calendar.from_ical(ics.read_bytes()).walk() if c.name == "VEVENT"]
    days = sorted(e.decoded("dtstart").date() for e in events)
    assert len(days) == 12
    assert date(2026, 2, 23) in days  # 15/02 is a Sunday before Tết: moved past Tết
    assert "Nguyễn Thị Hồng Nhung" in str(events[0].get("summary"))
    pdf = tmp_path / "lich.pdf"
    assert (
        main(["--db", str(db.path), "print", "schedule", "--month", "2026-02", "--out", str(pdf)])
        == 0
    )
    text = " ".join(pdf_text(pdf).split())
    assert "LỊCH TIẾP CÔNG DÂN ĐỊNH KỲ CỦA LÃNH ĐẠO SỞ THÁNG 02/2026" in text
    assert "23/02/2026" in text and "Nguyễn Thị Hồng Nhung" in text and "Thứ Hai" in text
