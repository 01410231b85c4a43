"""The Vietnamese work calendar (lịch làm việc): public holidays, official overrides, and
working-day arithmetic for legal deadlines.

Public holidays come from the ``holidays`` package (country VN, Vietnamese names), which knows
lunar Tết and the compensatory days of the years it was released for. The government's yearly
swaps (a Saturday worked for a bridge day) and later years are added by an administrator as
overrides: an extra day off, or an extra working day.
"""

# COORDINATION: this module is committed, tested and used by other areas. Extend it
# (add functions/columns with a migration); do not replace or rewrite it.
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache


class OverrideKind(StrEnum):
    DAY_OFF = "day_off"  # ngày nghỉ thêm
    WORKING_DAY = "working_day"  # ngày làm việc bù


@dataclass(frozen=True)
class CalendarOverride:
    day: date
    kind: OverrideKind
    note: str = ""


@dataclass(frozen=True)
class NamedDay:
    day: date
    name: str
    kind: str  # "holiday", "override_off" or "weekend"


@lru_cache(maxsize=64)
def _holidays_of_year(year: int) -> dict[date, str]:
    import holidays

    return dict(holidays.country_holidays("VN", language="vi", years=[year]).items())


RANK_EPOCH = 2020

WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


class WorkCalendar:
    """Monday–Friday minus holidays and override days off, plus override working days."""

    def __init__(
        self, overrides: Iterable[CalendarOverride] = (), *, include_holidays: bool = True
    ) -> None:
        self.include_holidays = include_holidays
        self._off: dict[date, str] = {}
        self._work: dict[date, str] = {}
        self._cache: dict[date, bool] = {}
        self._cums: dict[int, list[int]] = {}
        for o in overrides:
            if OverrideKind(o.kind) == OverrideKind.DAY_OFF:
                self._off[o.day] = o.note or "Ngày nghỉ theo thông báo"
            else:
                self._work[o.day] = o.note or "Ngày làm việc bù"

    @property
    def overrides(self) -> list[CalendarOverride]:
        items = [CalendarOverride(d, OverrideKind.DAY_OFF, n) for d, n in self._off.items()]
        items += [CalendarOverride(d, OverrideKind.WORKING_DAY, n) for d, n in self._work.items()]
        return sorted(items, key=lambda o: o.day)

    def holiday_name(self, d: date) -> str | None:
        if not self.include_holidays:
            return None
        return _holidays_of_year(d.year).get(d)

    def day_off_name(self, d: date) -> str | None:
        """The name of the holiday or official day off on ``d`` (None on weekends and work days)."""
        if d in self._work:
            return None
        return self._off.get(d) or self.holiday_name(d)

    def is_working_day(self, d: date) -> bool:
        # Deadlines and lateness walk the calendar day by day: remember each answer.
        cached = self._cache.get(d)
        if cached is None:
            if d in self._work:
                cached = True
            elif d.weekday() >= 5 or d in self._off:
                cached = False
            else:
                cached = self.holiday_name(d) is None
            self._cache[d] = cached
        return cached

    def next_working_day(self, d: date) -> date:
        """``d`` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(d):
            d += timedelta(days=1)
        return d

    def previous_working_day(self, d: date) -> date:
        """``d`` itself when it is a working day, else the last working day before it."""
        while not self.is_working_day(d):
            d -= timedelta(days=1)
        return d

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after ``start`` (the day after ``start`` counts as day 1).

        ``n == 0`` gives ``next_working_day(start)``; negative ``n`` counts backwards.
        """
        if n == 0:
            return self.next_working_day(start)
        if n < 0:
            return self.subtract_working_days(start, -n)
        d = start
        left = n
        while left:
            d += timedelta(days=1)
            if self.is_working_day(d):
                left -= 1
        return d

    def subtract_working_days(self, end: date, n: int) -> date:
        """The n-th working day before ``end`` (the mirror of ``add_working_days``).

        ``working_days_between(subtract_working_days(end, n), end)`` is ``n`` when ``end`` is a
        working day: a schedule for Friday posted "5 working days before" is posted on or
        before the previous Friday.
        """
        d = end
        left = n
        while left:
            d -= timedelta(days=1)
            if self.is_working_day(d):
                left -= 1
        return d

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b]; negative when b < a."""
        return self._rank(b) - self._rank(a)

    def _rank(self, d: date) -> int:
        """Working days from 1 January of ``RANK_EPOCH`` up to and including ``d``.

        Lists of thousands of late dossiers count working days between two dates for every row:
        a cumulative count per year makes each count two look-ups instead of a walk.
        """
        y = d.year
        cum = self._year_cum(y)
        before = self._years_before(y)
        return before + cum[d.timetuple().tm_yday - 1]

    def _year_cum(self, year: int) -> list[int]:
        cum = self._cums.get(year)
        if cum is None:
            cum, count, d = [], 0, date(year, 1, 1)
            while d.year == year:
                count += self.is_working_day(d)
                cum.append(count)
                d += timedelta(days=1)
            self._cums[year] = cum
        return cum

    def _years_before(self, year: int) -> int:
        if year == RANK_EPOCH:
            return 0
        if year > RANK_EPOCH:
            return sum(self._year_cum(y)[-1] for y in range(RANK_EPOCH, year))
        return -sum(self._year_cum(y)[-1] for y in range(year, RANK_EPOCH))

    def holidays_between(self, a: date, b: date) -> list[NamedDay]:
        """Holidays and override days off in [a, b] (weekends left out), sorted."""
        out: list[NamedDay] = []
        d = a
        while d <= b:
            if d not in self._work:
                if d in self._off:
                    out.append(NamedDay(d, self._off[d], "override_off"))
                else:
                    name = self.holiday_name(d)
                    if name:
                        out.append(NamedDay(d, name, "holiday"))
            d += timedelta(days=1)
        return out

    def days_off_between(self, a: date, b: date) -> list[NamedDay]:
        """Every non-working day in [a, b], weekends included."""
        out: list[NamedDay] = []
        d = a
        while d <= b:
            if not self.is_working_day(d):
                name = self.day_off_name(d)
                if name:
                    kind = "override_off" if d in self._off else "holiday"
                    out.append(NamedDay(d, name, kind))
                else:
                    out.append(NamedDay(d, WEEKDAY_NAMES[d.weekday()], "weekend"))
            d += timedelta(days=1)
        return out


def _base_name(name: str) -> str:
    """Group "Mùng hai Tết Nguyên Đán" with "Tết Nguyên Đán" for explanations."""
    if "Tết Nguyên Đán" in name or name == "29 Tết":
        return "Tết Nguyên Đán"
    return name.replace(" (nghỉ bù)", "")


def group_named_days(days: Iterable[NamedDay]) -> list[tuple[str, date, date]]:
    """Consecutive days of the same holiday as (name, first, last)."""
    groups: list[tuple[str, date, date]] = []
    for nd in sorted(days, key=lambda x: x.day):
        name = _base_name(nd.name)
        if groups and groups[-1][0] == name and (nd.day - groups[-1][2]).days <= 3:
            groups[-1] = (name, groups[-1][1], nd.day)
        else:
            groups.append((name, nd.day, nd.day))
    return groups
