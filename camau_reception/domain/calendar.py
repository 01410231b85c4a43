"""The Vietnamese work calendar (lịch làm việc): public holidays, official overrides, and
working-day arithmetic for legal deadlines.

Public holidays come from the ``holidays`` package (country VN, Vietnamese names), which knows
lunar Tết and the compensatory days of the years it was released for. The government's yearly
swaps (a Saturday worked for a bridge day) and later years are added by an administrator as
overrides: an extra day off, or an extra working day. The package lists a swap's bridge day off
but not the Saturday worked for it: ``suggested_make_up_days`` offers those Saturdays to the
administrator.
"""

from __future__ import annotations

import calendar as _gregorian
import re
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


@lru_cache(maxsize=1)
def _holiday_years() -> tuple[int, int]:
    """The years the ``holidays`` package has Vietnamese data for (1901–2100 in 0.109)."""
    import holidays

    vn = holidays.country_holidays("VN", years=[])
    return int(getattr(vn, "start_year", 1)), int(getattr(vn, "end_year", 9999))


def _has_holiday_data(year: int) -> bool:
    first, last = _holiday_years()
    return first <= year <= last


def _weekdays_in_year(year: int) -> int:
    """Monday–Friday days in ``year``."""
    days = 366 if _gregorian.isleap(year) else 365
    first = date(year, 1, 1).weekday()
    weeks, rest = divmod(days, 7)
    return weeks * 5 + sum(1 for i in range(rest) if (first + i) % 7 < 5)


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
        self._override_years = {d.year for d in (*self._off, *self._work)}

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
        """The n-th working day before ``end``, ``end`` itself not counted.

        Precisely: the latest working day ``p < end`` such that the working days in
        ``[p, end)`` number ``n`` (``p`` counted, ``end`` not). When ``end`` is a working day
        this mirrors ``add_working_days``: ``add_working_days(p, n) == end`` and
        ``working_days_between(p, end) == n``. A schedule for Thursday 26/02/2026 posted
        "5 working days before" is posted on or before Thursday 12/02/2026 (12, 13, 23, 24
        and 25/02 lie before the session; Tết 16–20/02 is skipped).

        ``n == 0`` gives ``previous_working_day(end)``; negative ``n`` counts forwards.
        """
        if n == 0:
            return self.previous_working_day(end)
        if n < 0:
            return self.add_working_days(end, -n)
        d = end
        left = n
        while left:
            d -= timedelta(days=1)
            if self.is_working_day(d):
                left -= 1
        return d

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b]; negative when b < a.

        Lists of thousands of late dossiers count working days for every row: a cumulative
        count per year makes each count two look-ups (plus the totals of whole years between).
        """
        if b < a:
            return -self.working_days_between(b, a)
        cum_a = self._year_cum(a.year)
        upto_a = cum_a[a.timetuple().tm_yday - 1]
        if a.year == b.year:
            return cum_a[b.timetuple().tm_yday - 1] - upto_a
        count = cum_a[-1] - upto_a
        count += sum(self._year_total(y) for y in range(a.year + 1, b.year))
        return count + self._year_cum(b.year)[b.timetuple().tm_yday - 1]

    def _year_cum(self, year: int) -> list[int]:
        """Working days from 1 January of ``year`` up to and including each of its days."""
        cum = self._cums.get(year)
        if cum is None:
            cum, count = [], 0
            for ordinal in range(date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal() + 1):
                count += self.is_working_day(date.fromordinal(ordinal))
                cum.append(count)
            self._cums[year] = cum
        return cum

    def _year_total(self, year: int) -> int:
        """Working days in ``year``: Monday–Friday arithmetic when it has no holiday or override."""
        if (
            year in self._cums
            or year in self._override_years
            or (self.include_holidays and _has_holiday_data(year))
        ):
            return self._year_cum(year)[-1]
        return _weekdays_in_year(year)

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


_SWAP = re.compile(r"thay cho ngày (\d{1,2})/(\d{1,2})/(\d{4})")


def suggested_make_up_days(year: int) -> list[CalendarOverride]:
    """Make-up working days of ``year`` that the ``holidays`` package implies, as overrides.

    The package lists a bridge day off such as "Ngày nghỉ (thay cho ngày 22/08/2026)" on
    31/08/2026 but cannot mark Saturday 22/08/2026 as worked, so a calendar built on it alone
    takes the day off without the make-up day. These are suggestions for the administrator's
    override table; ``WorkCalendar`` never applies them by itself.
    """
    out: list[CalendarOverride] = []
    for y in (year - 1, year, year + 1):
        if not _has_holiday_data(y):
            continue
        for day_off, name in _holidays_of_year(y).items():
            m = _SWAP.search(name)
            if not m:
                continue
            try:
                worked = date(int(m[3]), int(m[2]), int(m[1]))
            except ValueError:
                continue
            if worked.year == year:
                note = f"Làm việc bù cho ngày nghỉ {day_off:%d/%m/%Y}"
                out.append(CalendarOverride(worked, OverrideKind.WORKING_DAY, note))
    return sorted(out, key=lambda o: o.day)
