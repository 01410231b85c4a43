"""domain.calendar: public holidays from the ``holidays`` package, administrator overrides, and
working-day arithmetic (DOMAIN.md §8)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camau_reception.domain.calendar import (
    WEEKDAY_NAMES,
    CalendarOverride,
    NamedDay,
    OverrideKind,
    WorkCalendar,
    group_named_days,
    suggested_make_up_days,
)

CAL = WorkCalendar()
D = date

# What ``holidays`` 0.109 gives for Việt Nam in 2026 (language="vi"). It matches the
# government's decisions: Tết Mon 16/02–Fri 20/02; Giỗ Tổ on Sunday 26/04 with Monday 27/04
# off in compensation; 31/08 off in exchange for Saturday 22/08 (the package does NOT mark
# that Saturday as worked: the office adds it as an override); Quốc khánh 01–02/09; the new
# Ngày Văn hóa Việt Nam on 24/11.
HOLIDAYS_2026 = [
    (D(2026, 1, 1), "Tết Dương lịch"),
    (D(2026, 2, 16), "Giao thừa Tết Nguyên Đán"),
    (D(2026, 2, 17), "Tết Nguyên Đán"),
    (D(2026, 2, 18), "Mùng hai Tết Nguyên Đán"),
    (D(2026, 2, 19), "Mùng ba Tết Nguyên Đán"),
    (D(2026, 2, 20), "Mùng bốn Tết Nguyên Đán"),
    (D(2026, 4, 26), "Ngày Giỗ Tổ Hùng Vương"),
    (D(2026, 4, 27), "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"),
    (D(2026, 4, 30), "Ngày Chiến thắng"),
    (D(2026, 5, 1), "Ngày Quốc tế Lao động"),
    (D(2026, 8, 31), "Ngày nghỉ (thay cho ngày 22/08/2026)"),
    (D(2026, 9, 1), "Quốc khánh"),
    (D(2026, 9, 2), "Quốc khánh"),
    (D(2026, 11, 24), "Ngày Văn hóa Việt Nam"),
]

MAKE_UP_SATURDAY = CalendarOverride(
    D(2026, 8, 22), OverrideKind.WORKING_DAY, "Làm việc bù cho ngày nghỉ 31/08/2026"
)
EXTRA_DAY_OFF = CalendarOverride(D(2026, 3, 9), OverrideKind.DAY_OFF, "Nghỉ theo Thông báo 12")


def naive_between(cal: WorkCalendar, a: date, b: date) -> int:
    """Working days in (a, b], by walking."""
    sign, (lo, hi) = (1, (a, b)) if a <= b else (-1, (b, a))
    days = (lo + timedelta(days=i) for i in range(1, (hi - lo).days + 1))
    return sign * sum(cal.is_working_day(d) for d in days)


# -- what the package gives ------------------------------------------------------------------


def test_the_package_holidays_of_2026() -> None:
    days = CAL.holidays_between(D(2026, 1, 1), D(2026, 12, 31))
    assert [(d.day, d.name) for d in days] == HOLIDAYS_2026
    assert {d.kind for d in days} == {"holiday"}


def test_tet_2026_is_monday_16_to_friday_20_february() -> None:
    for day in range(16, 21):
        assert not CAL.is_working_day(D(2026, 2, day))
        assert "Tết Nguyên Đán" in (CAL.day_off_name(D(2026, 2, day)) or "")
    assert CAL.is_working_day(D(2026, 2, 13))  # Friday before
    assert CAL.is_working_day(D(2026, 2, 23))  # Monday after
    assert CAL.next_working_day(D(2026, 2, 14)) == D(2026, 2, 23)
    assert CAL.previous_working_day(D(2026, 2, 22)) == D(2026, 2, 13)


def test_hung_kings_day_on_a_sunday_gives_monday_off() -> None:
    assert D(2026, 4, 26).weekday() == 6
    assert CAL.day_off_name(D(2026, 4, 26)) == "Ngày Giỗ Tổ Hùng Vương"
    assert not CAL.is_working_day(D(2026, 4, 27))
    assert CAL.day_off_name(D(2026, 4, 27)) == "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"


def test_the_package_knows_the_bridge_day_but_not_the_make_up_saturday() -> None:
    assert not CAL.is_working_day(D(2026, 8, 31))
    assert not CAL.is_working_day(D(2026, 8, 22))  # a plain Saturday to the package
    assert suggested_make_up_days(2026) == [MAKE_UP_SATURDAY]
    assert WorkCalendar([*suggested_make_up_days(2026)]).is_working_day(D(2026, 8, 22))


def test_suggested_make_up_days_of_other_years() -> None:
    assert [o.day for o in suggested_make_up_days(2024)] == [D(2024, 5, 4)]
    assert [o.day for o in suggested_make_up_days(2025)] == [D(2025, 4, 26)]
    # The 2018 swap: 31/12/2018 off, Saturday 05/01/2019 worked.
    assert [o.day for o in suggested_make_up_days(2019)] == [D(2019, 1, 5), D(2019, 5, 4)]
    assert suggested_make_up_days(2027) == []
    assert suggested_make_up_days(2300) == []
    for year in range(2010, 2028):
        for o in suggested_make_up_days(year):
            assert o.kind == OverrideKind.WORKING_DAY and o.day.weekday() >= 5


def test_vietnam_cultural_day_from_2026() -> None:
    assert CAL.day_off_name(D(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"
    assert CAL.is_working_day(D(2025, 11, 24))


def test_years_outside_the_package_are_plain_weeks() -> None:
    assert CAL.holidays_between(D(2200, 1, 1), D(2200, 12, 31)) == []
    assert CAL.is_working_day(D(2200, 1, 1))  # a Wednesday, no data


# -- plain days ------------------------------------------------------------------------------


def test_weekends_and_working_days() -> None:
    assert CAL.is_working_day(D(2026, 3, 2))  # Monday
    assert not CAL.is_working_day(D(2026, 3, 7))  # Saturday
    assert not CAL.is_working_day(D(2026, 3, 8))  # Sunday
    assert CAL.day_off_name(D(2026, 3, 7)) is None  # plain weekends have no name
    assert CAL.day_off_name(D(2026, 3, 2)) is None
    assert CAL.next_working_day(D(2026, 3, 2)) == D(2026, 3, 2)
    assert CAL.next_working_day(D(2026, 3, 7)) == D(2026, 3, 9)
    assert CAL.previous_working_day(D(2026, 3, 8)) == D(2026, 3, 6)
    assert CAL.previous_working_day(D(2026, 3, 6)) == D(2026, 3, 6)


def test_without_holidays() -> None:
    cal = WorkCalendar(include_holidays=False)
    assert cal.is_working_day(D(2026, 2, 17))
    assert cal.day_off_name(D(2026, 2, 17)) is None
    assert cal.holidays_between(D(2026, 1, 1), D(2026, 12, 31)) == []
    assert cal.working_days_between(D(2025, 12, 31), D(2026, 12, 31)) == 261


# -- overrides -------------------------------------------------------------------------------


def test_make_up_saturday_is_a_working_day() -> None:
    cal = WorkCalendar([MAKE_UP_SATURDAY])
    assert cal.is_working_day(D(2026, 8, 22))
    assert cal.day_off_name(D(2026, 8, 22)) is None
    assert cal.add_working_days(D(2026, 8, 21), 1) == D(2026, 8, 22)
    assert cal.next_working_day(D(2026, 8, 22)) == D(2026, 8, 22)
    assert cal.working_days_between(D(2026, 8, 21), D(2026, 8, 24)) == 2
    assert CAL.working_days_between(D(2026, 8, 21), D(2026, 8, 24)) == 1


def test_extra_day_off() -> None:
    cal = WorkCalendar([EXTRA_DAY_OFF])
    assert not cal.is_working_day(D(2026, 3, 9))
    assert cal.day_off_name(D(2026, 3, 9)) == "Nghỉ theo Thông báo 12"
    assert cal.next_working_day(D(2026, 3, 7)) == D(2026, 3, 10)
    assert cal.holidays_between(D(2026, 3, 1), D(2026, 3, 31)) == [
        NamedDay(D(2026, 3, 9), "Nghỉ theo Thông báo 12", "override_off")
    ]


def test_override_working_day_beats_a_holiday() -> None:
    cal = WorkCalendar([CalendarOverride(D(2026, 11, 24), OverrideKind.WORKING_DAY, "Làm")])
    assert cal.is_working_day(D(2026, 11, 24))
    assert cal.day_off_name(D(2026, 11, 24)) is None
    assert cal.holidays_between(D(2026, 11, 1), D(2026, 11, 30)) == []


def test_override_day_off_names_a_holiday_differently() -> None:
    cal = WorkCalendar([CalendarOverride(D(2026, 1, 1), OverrideKind.DAY_OFF, "Nghỉ Tết")])
    assert cal.day_off_name(D(2026, 1, 1)) == "Nghỉ Tết"
    assert cal.holidays_between(D(2026, 1, 1), D(2026, 1, 1))[0].kind == "override_off"


def test_override_without_note_gets_a_default_name() -> None:
    cal = WorkCalendar(
        [
            CalendarOverride(D(2026, 3, 9), OverrideKind.DAY_OFF),
            CalendarOverride(D(2026, 3, 14), "working_day"),  # type: ignore[arg-type]
        ]
    )
    assert cal.day_off_name(D(2026, 3, 9)) == "Ngày nghỉ theo thông báo"
    assert cal.is_working_day(D(2026, 3, 14))
    assert [o.day for o in cal.overrides] == [D(2026, 3, 9), D(2026, 3, 14)]


def test_overrides_are_listed_sorted() -> None:
    cal = WorkCalendar([MAKE_UP_SATURDAY, EXTRA_DAY_OFF])
    assert cal.overrides == [EXTRA_DAY_OFF, MAKE_UP_SATURDAY]


# -- arithmetic ------------------------------------------------------------------------------


def test_add_working_days_across_tet() -> None:
    # The day after the start is day 1: 16–20/02 (Tết) and weekends are skipped, so
    # 23, 24, 25, 26, 27/02, 02/03 and 03/03 are days 1–7.
    assert CAL.add_working_days(D(2026, 2, 13), 7) == D(2026, 3, 3)
    assert CAL.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    assert CAL.add_working_days(D(2026, 2, 14), 1) == D(2026, 2, 23)


def test_add_zero_and_negative_working_days() -> None:
    assert CAL.add_working_days(D(2026, 2, 13), 0) == D(2026, 2, 13)
    assert CAL.add_working_days(D(2026, 2, 14), 0) == D(2026, 2, 23)
    assert CAL.add_working_days(D(2026, 2, 23), -1) == D(2026, 2, 13)


def test_subtract_working_days() -> None:
    # Five working days in [12/02, 26/02): 12, 13, 23, 24, 25.
    assert CAL.subtract_working_days(D(2026, 2, 26), 5) == D(2026, 2, 12)
    assert CAL.subtract_working_days(D(2026, 2, 23), 1) == D(2026, 2, 13)
    assert CAL.subtract_working_days(D(2026, 3, 6), 5) == D(2026, 2, 27)  # Friday - 5
    # A Saturday end: the five working days before it are Monday to Friday of that week.
    assert CAL.subtract_working_days(D(2026, 3, 7), 5) == D(2026, 3, 2)
    assert CAL.subtract_working_days(D(2026, 3, 8), 0) == D(2026, 3, 6)
    assert CAL.subtract_working_days(D(2026, 3, 6), 0) == D(2026, 3, 6)
    assert CAL.subtract_working_days(D(2026, 2, 13), -1) == D(2026, 2, 23)


def test_working_days_between() -> None:
    assert CAL.working_days_between(D(2026, 2, 12), D(2026, 2, 26)) == 5
    assert CAL.working_days_between(D(2026, 2, 26), D(2026, 2, 12)) == -5
    assert CAL.working_days_between(D(2026, 3, 3), D(2026, 3, 3)) == 0
    assert CAL.working_days_between(D(2026, 3, 7), D(2026, 3, 8)) == 0
    assert CAL.working_days_between(D(2025, 12, 31), D(2026, 1, 2)) == 1  # 01/01 off


def test_working_days_of_2026_year() -> None:
    # 261 weekdays, minus the 13 holidays on a weekday (all but Sunday 26/04).
    assert CAL.working_days_between(D(2025, 12, 31), D(2026, 12, 31)) == 248


def test_working_days_between_far_apart_years_is_exact_and_quick() -> None:
    cal = WorkCalendar([CalendarOverride(D(2300, 1, 2), OverrideKind.DAY_OFF, "x")])
    a, b = D(2299, 12, 20), D(2300, 1, 10)
    assert cal.working_days_between(a, b) == naive_between(cal, a, b)
    # Thousands of years: plain Monday-Friday years are counted without a walk.
    assert CAL.working_days_between(D(1, 1, 1), D(9999, 12, 31)) > 2_000_000
    assert CAL.working_days_between(D(9999, 1, 1), D(9999, 12, 31)) == 260


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (D(2025, 11, 3), D(2027, 2, 11)),
        (D(2019, 12, 31), D(2020, 1, 1)),
        (D(2100, 12, 1), D(2101, 2, 1)),
        (D(1899, 6, 1), D(1902, 3, 1)),
    ],
)
def test_working_days_between_agrees_with_a_walk(a: date, b: date) -> None:
    for cal in (CAL, WorkCalendar([MAKE_UP_SATURDAY, EXTRA_DAY_OFF])):
        assert cal.working_days_between(a, b) == naive_between(cal, a, b)
        assert cal.working_days_between(b, a) == -naive_between(cal, a, b)


# -- named days ------------------------------------------------------------------------------


def test_holidays_between_leaves_weekends_out() -> None:
    days = CAL.holidays_between(D(2026, 2, 13), D(2026, 2, 23))
    assert [d.day for d in days] == [D(2026, 2, day) for day in range(16, 21)]
    assert [d.name for d in days] == [
        "Giao thừa Tết Nguyên Đán",
        "Tết Nguyên Đán",
        "Mùng hai Tết Nguyên Đán",
        "Mùng ba Tết Nguyên Đán",
        "Mùng bốn Tết Nguyên Đán",
    ]
    assert CAL.holidays_between(D(2026, 3, 1), D(2026, 3, 31)) == []
    assert CAL.holidays_between(D(2026, 3, 31), D(2026, 3, 1)) == []


def test_days_off_between_names_weekends_too() -> None:
    days = CAL.days_off_between(D(2026, 2, 13), D(2026, 2, 23))
    assert [(d.day.day, d.kind) for d in days] == [
        (14, "weekend"),
        (15, "weekend"),
        (16, "holiday"),
        (17, "holiday"),
        (18, "holiday"),
        (19, "holiday"),
        (20, "holiday"),
        (21, "weekend"),
        (22, "weekend"),
    ]
    assert days[0].name == WEEKDAY_NAMES[5] == "Thứ Bảy"
    assert days[1].name == "Chủ nhật"


def test_group_named_days() -> None:
    year = CAL.holidays_between(D(2026, 1, 1), D(2026, 12, 31))
    assert group_named_days(year) == [
        ("Tết Dương lịch", D(2026, 1, 1), D(2026, 1, 1)),
        ("Tết Nguyên Đán", D(2026, 2, 16), D(2026, 2, 20)),
        ("Ngày Giỗ Tổ Hùng Vương", D(2026, 4, 26), D(2026, 4, 27)),
        ("Ngày Chiến thắng", D(2026, 4, 30), D(2026, 4, 30)),
        ("Ngày Quốc tế Lao động", D(2026, 5, 1), D(2026, 5, 1)),
        ("Ngày nghỉ (thay cho ngày 22/08/2026)", D(2026, 8, 31), D(2026, 8, 31)),
        ("Quốc khánh", D(2026, 9, 1), D(2026, 9, 2)),
        ("Ngày Văn hóa Việt Nam", D(2026, 11, 24), D(2026, 11, 24)),
    ]
    assert group_named_days([]) == []


def test_group_named_days_joins_tet_across_a_weekend() -> None:
    # Tết 2024 runs Thursday 08/02 ("29 Tết") to Wednesday 14/02 over the weekend.
    groups = group_named_days(CAL.holidays_between(D(2024, 2, 1), D(2024, 2, 29)))
    assert groups == [("Tết Nguyên Đán", D(2024, 2, 8), D(2024, 2, 14))]


def test_group_named_days_keeps_apart_the_same_name_weeks_away() -> None:
    days = [NamedDay(D(2026, 3, 2), "Nghỉ", "override_off"), NamedDay(D(2026, 3, 20), "Nghỉ", "x")]
    assert len(group_named_days(days)) == 2


# -- properties ------------------------------------------------------------------------------

dates = st.dates(D(2024, 1, 1), D(2027, 12, 31))
overrides = st.lists(
    st.builds(CalendarOverride, dates, st.sampled_from(list(OverrideKind)), st.just("x")),
    max_size=8,
)


@given(dates, st.integers(1, 60), overrides)
def test_add_working_days_lands_on_a_working_day_n_days_on(
    start: date, n: int, extra: list[CalendarOverride]
) -> None:
    cal = WorkCalendar(extra)
    due = cal.add_working_days(start, n)
    assert cal.is_working_day(due)
    assert cal.working_days_between(start, due) == n
    assert cal.working_days_between(start, due - timedelta(days=1)) == n - 1


@given(dates, st.integers(1, 60), overrides)
def test_subtract_working_days_mirrors_add(
    end: date, n: int, extra: list[CalendarOverride]
) -> None:
    cal = WorkCalendar(extra)
    start = cal.subtract_working_days(end, n)
    assert start < end and cal.is_working_day(start)
    # n working days in [start, end), and start is the latest such day.
    assert naive_between(cal, start - timedelta(days=1), end - timedelta(days=1)) == n
    assert naive_between(cal, start, end - timedelta(days=1)) == n - 1
    if cal.is_working_day(end):
        assert cal.add_working_days(start, n) == end


@given(dates, dates, dates)
def test_working_days_between_is_additive(a: date, b: date, c: date) -> None:
    ab, bc = CAL.working_days_between(a, b), CAL.working_days_between(b, c)
    assert ab + bc == CAL.working_days_between(a, c)
    assert CAL.working_days_between(b, a) == -ab


@given(dates)
def test_next_and_previous_working_day(d: date) -> None:
    nxt, prev = CAL.next_working_day(d), CAL.previous_working_day(d)
    assert CAL.is_working_day(nxt) and CAL.is_working_day(prev)
    assert prev <= d <= nxt
    assert CAL.working_days_between(prev, nxt) == (0 if CAL.is_working_day(d) else 1)
