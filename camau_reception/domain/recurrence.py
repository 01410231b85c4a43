"""Recurrence rules for the reception calendar, pure: "the 2nd Thursday of each month",
"the 15th of each month", "every Tuesday and Thursday". A date on a day off moves to the next
(or previous) working day, and the move is reported."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from camau_reception.domain.calendar import WorkCalendar

WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


@dataclass(frozen=True)
class Rule:
    kind: str  # "nth_weekday" | "day_of_month" | "weekdays"
    weekday: int = 3  # Monday = 0
    nth: int = 2  # 1..4, or -1 for the last
    day: int = 15
    weekdays: tuple[int, ...] = ()
    shift: str = "forward"  # a day off moves to the next ("forward") or previous working day

    def describe(self) -> str:
        if self.kind == "nth_weekday":
            which = "cuối cùng" if self.nth == -1 else f"thứ {self.nth}"
            return f"{WEEKDAY_NAMES[self.weekday]} {which} của mỗi tháng"
        if self.kind == "day_of_month":
            return f"Ngày {self.day} hằng tháng"
        return "Mỗi " + ", ".join(WEEKDAY_NAMES[w] for w in self.weekdays)


@dataclass(frozen=True)
class Occurrence:
    planned: date  # what the rule says
    day: date  # where it lands after moving off a day off
    note: str = ""  # why it moved


def _month_days(rule: Rule, year: int, month: int) -> list[date]:
    first = date(year, month, 1)
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    if rule.kind == "day_of_month":
        return [date(year, month, min(rule.day, last.day))]
    if rule.kind == "nth_weekday":
        days = [
            first + timedelta(days=i)
            for i in range(last.day)
            if (first + timedelta(days=i)).weekday() == rule.weekday
        ]
        if rule.nth == -1:
            return [days[-1]]
        return [days[rule.nth - 1]] if rule.nth <= len(days) else []
    return [
        first + timedelta(days=i)
        for i in range(last.day)
        if (first + timedelta(days=i)).weekday() in rule.weekdays
    ]


def occurrences(rule: Rule, start: date, end: date, calendar: WorkCalendar) -> list[Occurrence]:
    out: list[Occurrence] = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        for planned in _month_days(rule, y, m):
            if not start <= planned <= end:
                continue
            if calendar.is_working_day(planned):
                out.append(Occurrence(planned, planned))
                continue
            if rule.kind == "weekdays":
                continue  # a weekly roster simply skips days off
            moved = (
                calendar.next_working_day(planned)
                if rule.shift == "forward"
                else calendar.previous_working_day(planned)
            )
            reason = calendar.day_off_name(planned) or WEEKDAY_NAMES[planned.weekday()]
            out.append(
                Occurrence(
                    planned,
                    moved,
                    f"Ngày {planned:%d/%m/%Y} là ngày nghỉ ({reason}), "
                    f"chuyển sang {moved:%d/%m/%Y}",
                )
            )
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
