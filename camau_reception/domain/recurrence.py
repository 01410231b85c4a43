"""Recurrence rules for the reception calendar, pure: "the 2nd Thursday of each month",
"the 15th of each month", "every Tuesday and Thursday". A date on a day off moves to the next
(or previous) working day, and the move is reported; a weekly roster skips days off."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from camau_reception.domain.calendar import WorkCalendar, group_named_days

WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
KINDS = ("nth_weekday", "day_of_month", "weekdays")
SHIFTS = ("forward", "backward")


@dataclass(frozen=True)
class Rule:
    kind: str  # "nth_weekday" | "day_of_month" | "weekdays"
    weekday: int = 3  # Monday = 0
    nth: int = 2  # 1..5, or -1 for the last
    day: int = 15  # 1..31; a short month uses its last day
    weekdays: tuple[int, ...] = ()
    shift: str = "forward"  # a day off moves to the next ("forward") or previous working day

    def describe(self) -> str:
        if self.kind == "nth_weekday":
            if self.nth == -1:
                return f"{WEEKDAY_NAMES[self.weekday]} cuối cùng của mỗi tháng"
            return f"{WEEKDAY_NAMES[self.weekday]} tuần thứ {self.nth} của mỗi tháng"
        if self.kind == "day_of_month":
            return f"Ngày {self.day} hằng tháng"
        names = [WEEKDAY_NAMES[w] for w in sorted(self.weekdays)]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " và " + names[-1]
        return f"{joined} hằng tuần"

    def errors(self) -> dict[str, str]:
        """Vietnamese messages for what makes the rule unusable (empty when it is fine)."""
        out: dict[str, str] = {}
        if self.kind not in KINDS:
            out["kind"] = "Kiểu lặp không hợp lệ."
        elif self.kind == "nth_weekday":
            if not 0 <= self.weekday <= 6:
                out["weekday"] = "Hãy chọn thứ trong tuần."
            if self.nth not in (1, 2, 3, 4, 5, -1):
                out["nth"] = "Tuần thứ 1 đến 5, hoặc tuần cuối cùng."
        elif self.kind == "day_of_month":
            if not 1 <= self.day <= 31:
                out["day"] = "Ngày trong tháng từ 1 đến 31."
        elif not self.weekdays or any(not 0 <= w <= 6 for w in self.weekdays):
            out["weekdays"] = "Hãy chọn ít nhất một ngày trong tuần."
        if self.shift not in SHIFTS:
            out["shift"] = "Cách chuyển ngày nghỉ không hợp lệ."
        return out


@dataclass(frozen=True)
class Occurrence:
    planned: date  # what the rule says
    day: date  # where it lands after moving off a day off
    note: str = ""  # why it moved (empty when it did not)

    @property
    def moved(self) -> bool:
        return self.planned != self.day


def month_end(year: int, month: int) -> date:
    return date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)


def _month_days(rule: Rule, year: int, month: int) -> list[date]:
    first = date(year, month, 1)
    last = month_end(year, month)
    if rule.kind == "day_of_month":
        return [date(year, month, min(rule.day, last.day))]
    days = [first + timedelta(days=i) for i in range(last.day)]
    if rule.kind == "nth_weekday":
        matching = [d for d in days if d.weekday() == rule.weekday]
        if rule.nth == -1:
            return matching[-1:]
        return [matching[rule.nth - 1]] if rule.nth <= len(matching) else []
    return [d for d in days if d.weekday() in rule.weekdays]


def day_off_reason(calendar: WorkCalendar, d: date, moved: date | None = None) -> str:
    """Why ``d`` is off; with ``moved``, also the named days off skipped on the way there
    (a Sunday inside the Tết break is reported as such)."""
    reason = calendar.day_off_name(d) or WEEKDAY_NAMES[d.weekday()]
    if moved is None:
        return reason
    a, b = (d, moved) if moved > d else (moved, d)
    others = [
        (name, first, last)
        for name, first, last in group_named_days(calendar.holidays_between(a, b))
        if name not in reason
    ]
    for name, first, last in others:
        span = f"{first:%d/%m}" if first == last else f"{first:%d/%m}–{last:%d/%m}"
        reason += f"; kỳ nghỉ {name} {span}"
    return reason


def occurrences(rule: Rule, start: date, end: date, calendar: WorkCalendar) -> list[Occurrence]:
    """The days ``rule`` gives in [start, end] (planned dates in range), moved off days off."""
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
            direction = "sau" if rule.shift == "forward" else "trước"
            out.append(
                Occurrence(
                    planned,
                    moved,
                    f"Ngày {planned:%d/%m/%Y} là ngày nghỉ "
                    f"({day_off_reason(calendar, planned, moved)}), "
                    f"chuyển sang ngày làm việc liền {direction} {moved:%d/%m/%Y}",
                )
            )
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
