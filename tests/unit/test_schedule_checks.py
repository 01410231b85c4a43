"""The legal checks never say "Đạt" when they could not check: every working day of the range
needs someone at the desk (a month with no roster at all, days after the last roster day), a
missing head is reported, and desk shifts on a day that later became a day off are flagged."""

from __future__ import annotations

from datetime import date

from camau_reception.domain.calendar import OverrideKind
from camau_reception.domain.recurrence import Rule
from camau_reception.services import calendar as calendar_service
from camau_reception.services import schedule
from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database

DEC = (date(2026, 12, 1), date(2026, 12, 31))
TODAY = date(2026, 11, 1)


def _head_and_officer(db: Database, leader: Actor, *, with_head: bool = True) -> tuple[int, int]:
    with db.write() as s:
        head = schedule.add_staff(
            s, leader, "Nguyễn Thị Hồng Nhung", "Giám đốc", is_leader=True, is_head=with_head
        )
        officer = schedule.add_staff(s, leader, "Võ Thị Thu Hà", "Chuyên viên", is_leader=False)
        return head.id, officer.id


def _kinds(problems: list[schedule.Problem]) -> list[str]:
    return [p.kind for p in problems]


def test_a_month_without_any_desk_roster_is_not_passed(db: Database, leader: Actor) -> None:
    head, _ = _head_and_officer(db, leader)
    with db.write() as s:
        schedule.create_session(s, leader, date(2026, 12, 15), head)
        schedule.publish(s, leader, "2026-12", date(2026, 11, 1))
    with db.read() as s:
        problems = schedule.checks(s, *DEC, today=TODAY)
    # Before: no roster at all meant no desk check, so the panel said "Đạt".
    assert _kinds(problems) == ["desk_empty"]
    (empty,) = problems
    # December 2026: 23 working days (no public holiday), all without anybody at the desk.
    assert (empty.day, empty.last) == (date(2026, 12, 1), date(2026, 12, 31))
    assert "23 ngày làm việc chưa có cán bộ trực tiếp công dân" in empty.message
    with db.read() as s:
        cal = calendar_service.load_calendar(s)
    days = empty.days(cal)
    assert len(days) == 23 and date(2026, 12, 5) not in days  # Saturdays are not listed


def test_working_days_after_the_last_roster_day_are_checked(db: Database, leader: Actor) -> None:
    head, officer = _head_and_officer(db, leader)
    with db.write() as s:
        schedule.create_session(s, leader, date(2026, 12, 15), head)
        schedule.publish(s, leader, "2026-12", date(2026, 11, 1))
        # Every working day from 01/12 to 18/12, then the roster stops.
        schedule.fill_desk(
            s,
            leader,
            Rule("weekdays", weekdays=(0, 1, 2, 3, 4)),
            date(2026, 12, 1),
            date(2026, 12, 18),
            "morning",
            [officer],
        )
    with db.read() as s:
        problems = schedule.checks(s, *DEC, today=TODAY)
    assert [(p.kind, p.day, p.last) for p in problems] == [
        ("desk_empty", date(2026, 12, 21), date(2026, 12, 31))
    ]
    assert problems[0].message.startswith("Từ ngày 21/12/2026 đến ngày 31/12/2026: 9 ngày")


def test_no_head_marked_is_a_warning_not_a_pass(db: Database, leader: Actor) -> None:
    deputy, officer = _head_and_officer(db, leader, with_head=False)
    with db.write() as s:
        schedule.create_session(s, leader, date(2026, 12, 15), deputy)
        schedule.publish(s, leader, "2026-12", date(2026, 11, 1))
        schedule.fill_desk(
            s,
            leader,
            Rule("weekdays", weekdays=(0, 1, 2, 3, 4)),
            *DEC,
            "morning",
            [officer],
        )
    with db.read() as s:
        problems = schedule.checks(s, *DEC, today=TODAY)
    assert [(p.kind, p.day) for p in problems] == [("head_unknown", date(2026, 12, 1))]
    assert problems[0].message.startswith(
        "Chưa xác định thủ trưởng cơ quan trong danh sách lãnh đạo: không kiểm tra được số "
        "ngày tiếp tối thiểu"
    )
    assert "Điều 18 khoản 2" in problems[0].message
    with db.write() as s:
        # Once the leader is marked head (and receives in person), the month passes.
        schedule.update_staff(
            s,
            leader,
            deputy,
            full_name="Nguyễn Thị Hồng Nhung",
            position="Giám đốc",
            is_leader=True,
            is_head=True,
            phone="",
            email="",
            active=True,
            user_id=None,
        )
    with db.read() as s:
        assert schedule.checks(s, *DEC, today=TODAY) == []


def test_desk_shift_on_a_day_that_became_a_day_off(
    db: Database, leader: Actor, admin: Actor
) -> None:
    head, officer = _head_and_officer(db, leader)
    with db.write() as s:
        schedule.create_session(s, leader, date(2026, 12, 15), head)
        schedule.publish(s, leader, "2026-12", date(2026, 11, 1))
        schedule.fill_desk(
            s,
            leader,
            Rule("weekdays", weekdays=(0, 1, 2, 3, 4)),
            *DEC,
            "morning",
            [officer],
        )
        schedule.set_desk(s, leader, date(2026, 12, 24), "afternoon", [officer])
        # After planning, the province declares Thursday 24/12 a day off.
        calendar_service.add_override(
            s, admin, date(2026, 12, 24), OverrideKind.DAY_OFF, "Nghỉ theo Thông báo của tỉnh"
        )
    with db.read() as s:
        problems = schedule.checks(s, *DEC, today=TODAY)
    assert [(p.kind, p.day) for p in problems] == [("desk_day_off", date(2026, 12, 24))]
    assert problems[0].message == (
        "Ngày 24/12/2026 là ngày nghỉ (Nghỉ theo Thông báo của tỉnh) nhưng vẫn còn lịch trực "
        "tiếp công dân (sáng: Võ Thị Thu Hà; chiều: Võ Thị Thu Hà): hãy bỏ hoặc chuyển ca trực."
    )
