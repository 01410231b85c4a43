"""Legal deadlines computed from rules kept as data, each explaining itself.

Rules live in ``resources/rules/deadlines.toml`` with effective dates; an administrator adds a
new version when the law changes. The version in force on the start date applies, so an old
petition keeps its old rule. Counting (Bộ luật Dân sự 2015, Điều 147–148): the first day is not
counted; "ngày làm việc" skips weekends, holidays and official days off; plain "ngày" counts
calendar days and a last day that falls on a day off moves to the next working day.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from camau_reception.domain.calendar import NamedDay, WorkCalendar, group_named_days
from camau_reception.domain.text import normalize

WORKING_DAYS = "working_days"
CALENDAR_DAYS = "calendar_days"
UNITS = {WORKING_DAYS: "ngày làm việc", CALENDAR_DAYS: "ngày"}


class UnknownRule(KeyError):
    """No such rule, or no version of it in force on the day asked; ``message`` is Vietnamese."""

    def __init__(self, rule_id: str, on: date | None = None) -> None:
        if on is None:
            self.message = f"Không có quy tắc thời hạn '{rule_id}'."
        else:
            self.message = (
                f"Không có quy tắc thời hạn '{rule_id}' có hiệu lực vào ngày {on:%d/%m/%Y}."
            )
        self.rule_id = rule_id
        self.on = on
        super().__init__(self.message)

    def __str__(self) -> str:  # KeyError would quote the message
        return self.message


class RuleDataError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class DeadlineRule:
    id: str
    label: str
    days: int
    unit: str
    source: str
    effective_from: date
    effective_to: date | None = None
    direction: str = "after"
    note: str = ""

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    @property
    def period_text(self) -> str:
        return f"{self.days} {UNITS[self.unit]}"


def _as_date(value: object, where: str, key: str) -> date:
    if isinstance(value, datetime):
        raise RuleDataError(f"{where}: '{key}' chỉ ghi ngày, không ghi giờ (dạng 2026-07-01).")
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise RuleDataError(
            f"{where}: '{key}' = '{value}' không phải ngày hợp lệ (dùng dạng 2026-07-01)."
        ) from exc


_RULE_ID = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
_REQUIRED = ("id", "label", "days", "unit", "source", "effective_from")
_OPTIONAL = ("effective_to", "direction", "note")
MAX_DAYS = 3650


def _text_field(item: dict[str, object], key: str, where: str) -> str:
    value = item.get(key, "")
    if not isinstance(value, str):
        raise RuleDataError(f"{where}: '{key}' phải là một chuỗi trong dấu nháy kép.")
    return normalize(value)


def parse_rules_toml(text: str) -> list[DeadlineRule]:
    """Parse and check a rule table (``[[rule]]`` entries); every problem is in Vietnamese.

    Raises ``RuleDataError`` naming the entry (its number and id) and the field at fault.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleDataError(f"Tệp quy tắc không đúng cú pháp TOML: {exc}") from exc
    items = data.get("rule")
    if items is None:
        raise RuleDataError("Tệp quy tắc không có quy tắc nào (mỗi quy tắc bắt đầu bằng [[rule]]).")
    if not isinstance(items, list):
        raise RuleDataError("Mỗi quy tắc phải bắt đầu bằng [[rule]] (hai cặp ngoặc vuông).")
    rules = []
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise RuleDataError(f"Quy tắc thứ {i}: phải là một bảng [[rule]] có các trường.")
        where = f"Quy tắc thứ {i} ({item.get('id', '?')})"
        for key in _REQUIRED:
            if key not in item:
                raise RuleDataError(f"{where}: thiếu trường '{key}'.")
        unknown = sorted(set(item) - set(_REQUIRED) - set(_OPTIONAL))
        if unknown:
            names = ", ".join(f"'{k}'" for k in unknown)
            raise RuleDataError(
                f"{where}: trường không xác định {names} (các trường: "
                f"{', '.join(_REQUIRED + _OPTIONAL)})."
            )
        rule_id = _text_field(item, "id", where)
        if not _RULE_ID.match(rule_id):
            raise RuleDataError(
                f"{where}: mã quy tắc chỉ gồm chữ thường không dấu, chữ số, dấu gạch dưới, "
                "phân cách bằng dấu chấm (ví dụ complaint.accept)."
            )
        label = _text_field(item, "label", where)
        source = _text_field(item, "source", where)
        if not label:
            raise RuleDataError(f"{where}: tên quy tắc (label) không được để trống.")
        if not source:
            raise RuleDataError(f"{where}: căn cứ pháp lý (source) không được để trống.")
        days = item["days"]
        if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_DAYS:
            raise RuleDataError(f"{where}: số ngày phải là số nguyên từ 1 đến {MAX_DAYS}.")
        if item["unit"] not in UNITS:
            raise RuleDataError(f"{where}: đơn vị phải là working_days hoặc calendar_days.")
        direction = item.get("direction", "after")
        if direction not in ("after", "before"):
            raise RuleDataError(f"{where}: direction phải là after hoặc before.")
        start = _as_date(item["effective_from"], where, "effective_from")
        end = None
        if item.get("effective_to") not in (None, ""):
            end = _as_date(item["effective_to"], where, "effective_to")
        if end is not None and end < start:
            raise RuleDataError(f"{where}: ngày hết hiệu lực trước ngày có hiệu lực.")
        rules.append(
            DeadlineRule(
                id=rule_id,
                label=label,
                days=days,
                unit=str(item["unit"]),
                source=source,
                effective_from=start,
                effective_to=end,
                direction=str(direction),
                note=_text_field(item, "note", where),
            )
        )
    RuleBook(rules)  # overlap check
    return rules


def default_rules_path() -> Path:
    base = os.environ.get("CAMAU_RECEPTION_RESOURCES")
    root = Path(base) if base else Path(__file__).resolve().parents[2] / "resources"
    return root / "rules" / "deadlines.toml"


@dataclass
class RuleBook:
    """All versions of all rules; at most one version of a rule is in force on any day."""

    rules: Iterable[DeadlineRule] = ()
    _by_id: dict[str, list[DeadlineRule]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for rule in self.rules:
            self._by_id.setdefault(rule.id, []).append(rule)
        for rule_id, versions in self._by_id.items():
            versions.sort(key=lambda r: r.effective_from)
            for a, b in itertools.pairwise(versions):
                if a.effective_to is None or a.effective_to >= b.effective_from:
                    raise RuleDataError(
                        f"Quy tắc '{rule_id}': hai phiên bản chồng lấn thời gian hiệu lực "
                        f"(từ {a.effective_from:%d/%m/%Y} và từ {b.effective_from:%d/%m/%Y})."
                    )
        self.rules = [r for v in self._by_id.values() for r in v]

    @classmethod
    def load(cls, path: Path | None = None) -> RuleBook:
        path = path or default_rules_path()
        return cls(parse_rules_toml(path.read_text(encoding="utf-8")))

    def with_rules(self, extra: Iterable[DeadlineRule]) -> RuleBook:
        """Add newer versions (from the database): each closes the open version before it."""
        by_id = {k: list(v) for k, v in self._by_id.items()}
        for new in sorted(extra, key=lambda r: r.effective_from):
            versions = by_id.setdefault(new.id, [])
            closed = []
            for old in versions:
                if old.effective_from >= new.effective_from:
                    continue  # a later version replaced by the newer decision is dropped below
                if old.effective_to is None or old.effective_to >= new.effective_from:
                    old = replace(old, effective_to=new.effective_from - timedelta(days=1))
                closed.append(old)
            by_id[new.id] = [*closed, new]
        return RuleBook([r for v in by_id.values() for r in v])

    def ids(self) -> list[str]:
        return sorted(self._by_id)

    def versions(self, rule_id: str) -> list[DeadlineRule]:
        if rule_id not in self._by_id:
            raise UnknownRule(rule_id)
        return list(self._by_id[rule_id])

    def rule_in_force(self, rule_id: str, on: date) -> DeadlineRule:
        for rule in self._by_id.get(rule_id, []):
            if rule.in_force(on):
                return rule
        raise UnknownRule(rule_id, on)

    def in_force(self, on: date) -> list[DeadlineRule]:
        out = []
        for rule_id in self.ids():
            with contextlib.suppress(UnknownRule):
                out.append(self.rule_in_force(rule_id, on))
        return out


_default_book: RuleBook | None = None


def default_rulebook() -> RuleBook:
    global _default_book
    if _default_book is None:
        _default_book = RuleBook.load()
    return _default_book


@dataclass(frozen=True)
class Deadline:
    rule: DeadlineRule
    start: date
    due: date
    skipped: list[NamedDay]
    explanation: str


def _d(x: date) -> str:
    return x.strftime("%d/%m/%Y")


def _skipped_text(days: list[NamedDay]) -> str:
    parts = []
    for name, first, last in group_named_days(days):
        span = f"{first:%d/%m}" if first == last else f"{first:%d/%m}–{last:%d/%m}"
        parts.append(f"{name} {span}")
    return ", ".join(parts)


def _day_off_phrase(reason: str) -> str:
    """ "ngày nghỉ (Chủ nhật)", but "ngày nghỉ (thay cho ngày 22/08/2026)" as it is."""
    if reason.lower().startswith("ngày nghỉ"):
        return "n" + reason[1:]
    return f"ngày nghỉ ({reason})"


def compute_deadline(
    rule_id: str, start: date, calendar: WorkCalendar, rules: RuleBook | None = None
) -> Deadline:
    """The due date of ``rule_id`` counted from ``start``, with a Vietnamese explanation."""
    book = rules or default_rulebook()
    rule = book.rule_in_force(rule_id, start)
    if rule.direction == "before":
        return latest_publication_date(start, calendar, book, rule_id=rule_id)
    head = f"{rule.label}: {rule.period_text} kể từ {_d(start)} ({rule.source})"
    if rule.unit == WORKING_DAYS:
        due = calendar.add_working_days(start, rule.days)
        skipped = calendar.holidays_between(start + timedelta(days=1), due)
        tail = f", bỏ qua {_skipped_text(skipped)}" if skipped else ""
        explanation = f"{head}{tail} → hạn {_d(due)}"
    else:
        last = start + timedelta(days=rule.days)
        due = calendar.next_working_day(last)
        skipped = calendar.holidays_between(last, due - timedelta(days=1)) if due != last else []
        if due != last:
            reason = calendar.day_off_name(last) or (
                "Thứ Bảy" if last.weekday() == 5 else "Chủ nhật"
            )
            explanation = (
                f"{head}, ngày cuối {_d(last)} rơi vào {_day_off_phrase(reason)}, "
                f"chuyển sang ngày làm việc tiếp theo → hạn {_d(due)}"
            )
        else:
            explanation = f"{head} → hạn {_d(due)}"
    return Deadline(rule, start, due, skipped, explanation)


def latest_publication_date(
    session_day: date,
    calendar: WorkCalendar,
    rules: RuleBook | None = None,
    *,
    rule_id: str = "schedule.publish",
) -> Deadline:
    """The last day a reception schedule for ``session_day`` may be posted (Luật TCD, Điều 24).

    "Niêm yết ... ít nhất 5 ngày làm việc trước ngày tiếp" is read as: the posting day and the
    working days after it, up to the day before the session, make at least 5 working days.
    The latest posting day ``p`` is the 5th working day counted backwards from the day before
    the session (``WorkCalendar.subtract_working_days``): working days in ``[p, session)``
    number 5. For a session on a working day this is the mirror of a forward deadline: the
    session is the 5th working day after ``p``. Example: a session on Thursday 26/02/2026 is
    posted by Thursday 12/02/2026 (12, 13, 23, 24, 25/02; Tết 16–20/02 skipped).

    ``Deadline.start`` is the session day and ``Deadline.due`` the latest posting day; the
    rule in force on the session day applies.
    """
    book = rules or default_rulebook()
    rule = book.rule_in_force(rule_id, session_day)
    due = calendar.subtract_working_days(session_day, rule.days)
    skipped = calendar.holidays_between(due, session_day - timedelta(days=1))
    tail = f", bỏ qua {_skipped_text(skipped)}" if skipped else ""
    explanation = (
        f"{rule.label}: niêm yết chậm nhất {rule.period_text} trước ngày tiếp {_d(session_day)} "
        f"({rule.source}){tail} → niêm yết chậm nhất ngày {_d(due)}"
    )
    return Deadline(rule, session_day, due, skipped, explanation)


class DeadlineStatus(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


_STATUS_LABELS = {
    DeadlineStatus.GREEN: "Còn hạn",
    DeadlineStatus.AMBER: "Sắp đến hạn",
    DeadlineStatus.RED: "Quá hạn",
}


def status_label(status: DeadlineStatus) -> str:
    return _STATUS_LABELS[status]


def deadline_status(start: date, due: date, today: date) -> DeadlineStatus:
    """Green while more than 25% of the allowed time is left, amber under it, red when overdue."""
    if today > due:
        return DeadlineStatus.RED
    allowed = max((due - start).days, 1)
    left = (due - today).days
    return DeadlineStatus.GREEN if left / allowed > 0.25 else DeadlineStatus.AMBER


def days_left(due: date, today: date, calendar: WorkCalendar) -> int:
    """Working days from ``today`` to ``due`` (0 on the due date, negative when overdue)."""
    return calendar.working_days_between(today, due)
