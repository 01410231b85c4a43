"""Recurrence rules: which days a rule gives, how a day off moves (Tết 2026, an administrator's
override), and what the rule says about itself."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from camau_reception.domain.calendar import CalendarOverride, OverrideKind, WorkCalendar
from camau_reception.domain.recurrence import Rule, occurrences

YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def test_second_thursday_of_each_month_2026() -> None:
    days = [
        o.day for o in occurrences(Rule("nth_weekday", weekday=3, nth=2), *YEAR, WorkCalendar())
    ]
    assert len(days) == 12
    assert days[:3] == [date(2026, 1, 8), date(2026, 2, 12), date(2026, 3, 12)]
    assert all(d.weekday() == 3 and 8 <= d.day <= 14 for d in days)


def test_third_thursday_in_tet_moves_forward_and_says_why() -> None:
    # Tết Bính Ngọ: the government's days off run 14/02–22/02/2026; 19/02 is a Thursday.
    occ = occurrences(
        Rule("nth_weekday", weekday=3, nth=3), date(2026, 2, 1), date(2026, 2, 28), WorkCalendar()
    )
    assert len(occ) == 1
    o = occ[0]
    assert (o.planned, o.day, o.moved) == (date(2026, 2, 19), date(2026, 2, 23), True)
    assert "19/02/2026 là ngày nghỉ" in o.note and "Tết" in o.note
    assert "liền sau 23/02/2026" in o.note


def test_backward_shift_lands_before_tet() -> None:
    occ = occurrences(
        Rule("day_of_month", day=17, shift="backward"),
        date(2026, 2, 1),
        date(2026, 2, 28),
        WorkCalendar(),
    )
    assert occ[0].day == date(2026, 2, 13)  # the Friday before the Tết days off
    assert "liền trước 13/02/2026" in occ[0].note


def test_administrator_override_moves_a_day_and_a_make_up_day_keeps_one() -> None:
    cal = WorkCalendar(
        [
            CalendarOverride(date(2026, 3, 19), OverrideKind.DAY_OFF, "Nghỉ bù"),
            CalendarOverride(date(2026, 8, 15), OverrideKind.WORKING_DAY, "Làm bù"),
        ]
    )
    third_thursday = occurrences(
        Rule("nth_weekday", weekday=3, nth=3), date(2026, 3, 1), date(2026, 3, 31), cal
    )
    assert third_thursday[0].day == date(2026, 3, 20)
    assert "Nghỉ bù" in third_thursday[0].note
    fifteenth = occurrences(Rule("day_of_month", day=15), date(2026, 8, 1), date(2026, 8, 31), cal)
    # 15/08/2026 is a Saturday declared a working day: the session stays on it.
    assert fifteenth[0].day == date(2026, 8, 15) and not fifteenth[0].moved
    plain = occurrences(
        Rule("day_of_month", day=15), date(2026, 8, 1), date(2026, 8, 31), WorkCalendar()
    )
    assert plain[0].day == date(2026, 8, 17) and "Thứ Bảy" in plain[0].note


def test_fifteenth_of_each_month_across_the_year() -> None:
    occ = occurrences(Rule("day_of_month", day=15), *YEAR, WorkCalendar())
    assert len(occ) == 12
    moved = {o.planned: o.day for o in occ if o.moved}
    assert moved == {
        date(2026, 2, 15): date(2026, 2, 23),  # a Sunday inside the Tết days off
        date(2026, 3, 15): date(2026, 3, 16),
        date(2026, 8, 15): date(2026, 8, 17),
        date(2026, 11, 15): date(2026, 11, 16),
    }


def test_day_31_uses_the_last_day_of_short_months() -> None:
    occ = occurrences(Rule("day_of_month", day=31, shift="backward"), *YEAR, WorkCalendar())
    assert occ[1].planned == date(2026, 2, 28)  # Saturday → Friday 27
    assert occ[1].day == date(2026, 2, 27)
    assert occ[3].planned == date(2026, 4, 30)  # Reunification Day → 29/04
    assert occ[3].day == date(2026, 4, 29)


def test_last_friday_and_a_fifth_week_that_some_months_lack() -> None:
    last = occurrences(Rule("nth_weekday", weekday=4, nth=-1), *YEAR, WorkCalendar())
    assert [o.planned for o in last][:2] == [date(2026, 1, 30), date(2026, 2, 27)]
    fifth = occurrences(Rule("nth_weekday", weekday=0, nth=5), *YEAR, WorkCalendar())
    assert [o.planned.month for o in fifth] == [3, 6, 8, 11]


def test_weekly_roster_skips_days_off_instead_of_moving_them() -> None:
    occ = occurrences(
        Rule("weekdays", weekdays=(1, 3)), date(2026, 2, 9), date(2026, 2, 27), WorkCalendar()
    )
    assert [o.day for o in occ] == [
        date(2026, 2, 10),
        date(2026, 2, 12),
        date(2026, 2, 24),
        date(2026, 2, 26),
    ]
    assert not any(o.moved for o in occ)


def test_descriptions_and_errors_in_vietnamese() -> None:
    assert Rule("nth_weekday", weekday=3, nth=2).describe() == "Thứ Năm tuần thứ 2 của mỗi tháng"
    assert Rule("nth_weekday", weekday=4, nth=-1).describe() == "Thứ Sáu cuối cùng của mỗi tháng"
    assert Rule("day_of_month", day=15).describe() == "Ngày 15 hằng tháng"
    assert Rule("weekdays", weekdays=(3, 1)).describe() == "Thứ Ba và Thứ Năm hằng tuần"
    assert Rule("weekdays").errors() == {"weekdays": "Hãy chọn ít nhất một ngày trong tuần."}
    assert "day" in Rule("day_of_month", day=32).errors()
    assert "nth" in Rule("nth_weekday", nth=6).errors()
    assert Rule("day_of_month", day=1).errors() == {}


@settings(max_examples=60, deadline=None)
@given(
    kind=st.sampled_from(["nth_weekday", "day_of_month"]),
    weekday=st.integers(0, 4),
    nth=st.sampled_from([1, 2, 3, 4, -1]),
    day=st.integers(1, 31),
    shift=st.sampled_from(["forward", "backward"]),
    start=st.dates(date(2025, 1, 1), date(2027, 12, 1)),
)
def test_every_occurrence_lands_on_a_working_day_near_its_plan(
    kind: str, weekday: int, nth: int, day: int, shift: str, start: date
) -> None:
    cal = WorkCalendar()
    rule = Rule(kind, weekday=weekday, nth=nth, day=day, shift=shift)
    occ = occurrences(rule, start, start + timedelta(days=120), cal)
    assert 3 <= len(occ) <= 5
    for o in occ:
        assert cal.is_working_day(o.day)
        assert o.moved == bool(o.note)
        # Tết is the longest stretch of days off: nothing moves further than that.
        assert abs((o.day - o.planned).days) <= 10
        assert (o.day >= o.planned) if shift == "forward" else (o.day <= o.planned)
