"""The leaders' reception days as iCalendar (.ics), so leaders can put them on their phones.

RFC 5545 wants a VTIMEZONE for every TZID an event uses: the file carries Asia/Ho_Chi_Minh.
Each day has a reminder the day before (24 hours before it starts). UIDs are stable (the
session id, never reused), so a phone that imports the file again updates the days instead
of doubling them; a session deleted after publication comes back as STATUS:CANCELLED with a
higher SEQUENCE, so the phone drops it instead of keeping the old day."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

TZ_NAME = "Asia/Ho_Chi_Minh"
TZ = ZoneInfo(TZ_NAME)
REMIND_BEFORE = timedelta(days=1)
SUMMARY = "Tiếp công dân định kỳ — {name}"
CANCELLED_PREFIX = "[Đã hủy] "


@dataclass(frozen=True)
class Withdrawn:
    """A session deleted after it was published, as its last published version showed it."""

    id: int
    day: date
    start_time: str
    end_time: str
    place: str
    presiding: str
    position: str = ""
    sequence: int = 1  # above the SEQUENCE the session had while it was live


def uid_of(session_id: int) -> str:
    return f"duty-{session_id}@camau-reception"


def _at(day: date, hhmm: str) -> datetime:
    h, m = (int(x) for x in hhmm.split(":"))
    return datetime.combine(day, time(h, m), TZ)


def _reminder(summary: str, place: str, start: str) -> Any:  # -> icalendar.Alarm
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    # Relative to DTSTART: the same hour on the day before.
    alarm.add("trigger", -REMIND_BEFORE)
    alarm.add("description", f"Ngày mai {start}: {summary}" + (f", {place}" if place else ""))
    return alarm


def write_ics(
    sessions: Sequence[Any],
    out: str | Path,
    agency_name: str = "",
    *,
    withdrawn: Sequence[Withdrawn] = (),
) -> None:
    """One VEVENT per session (``DutySession``-like: id, day, start_time, end_time, place,
    topics, acting, presiding, deputy, status, move_note, version), with a reminder the day
    before; one cancelled VEVENT per ``withdrawn`` session."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//camau-reception//Lich tiep cong dan//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Lịch tiếp công dân — {agency_name}".rstrip(" —"))
    cal.add("x-wr-timezone", TZ_NAME)
    stamp = datetime.now(UTC)
    days: list[date] = []
    for s in sessions:
        person = s.acting
        summary = SUMMARY.format(name=person.full_name)
        ev = Event()
        ev.add("uid", uid_of(s.id))
        ev.add("summary", summary)
        ev.add("dtstart", _at(s.day, s.start_time))
        ev.add("dtend", _at(s.day, s.end_time))
        ev.add("dtstamp", stamp)
        ev.add("location", s.place)
        lines = [f"Chủ trì: {person.full_name} ({person.position})"]
        if s.deputy is not None:
            lines.append(f"Ủy quyền thay {s.presiding.full_name}")
        if s.topics:
            lines.append(f"Nội dung dự kiến: {s.topics}")
        if s.move_note:
            lines.append(s.move_note)
        ev.add("description", "\n".join(lines))
        ev.add("status", "CONFIRMED")
        ev.add("sequence", max(int(getattr(s, "version", 1)) - 1, 0))
        ev.add_component(_reminder(summary, s.place, s.start_time))
        cal.add_component(ev)
        days.append(s.day)
    for w in withdrawn:
        ev = Event()
        ev.add("uid", uid_of(w.id))
        ev.add("summary", CANCELLED_PREFIX + SUMMARY.format(name=w.presiding))
        ev.add("dtstart", _at(w.day, w.start_time))
        ev.add("dtend", _at(w.day, w.end_time))
        ev.add("dtstamp", stamp)
        ev.add("location", w.place)
        ev.add(
            "description",
            f"Buổi tiếp công dân ngày {w.day:%d/%m/%Y} do {w.presiding} chủ trì "
            "đã được bỏ khỏi lịch tiếp công dân.",
        )
        ev.add("status", "CANCELLED")
        ev.add("transp", "TRANSPARENT")
        ev.add("sequence", w.sequence)
        cal.add_component(ev)
        days.append(w.day)
    if days:
        # The zone's definition over the years the file covers (Việt Nam keeps +07:00).
        cal.add_missing_timezones(date(min(days).year, 1, 1), date(max(days).year + 1, 1, 1))
    Path(out).write_bytes(cal.to_ical())
