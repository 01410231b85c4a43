"""The leaders' reception days as iCalendar (.ics), so leaders can put them on their phones."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _at(day: date, hhmm: str) -> datetime:
    h, m = (int(x) for x in hhmm.split(":"))
    return datetime.combine(day, time(h, m), TZ)


def write_ics(sessions: Sequence[Any], out: str | Path, agency_name: str = "") -> None:
    """One VEVENT per session (``DutySession``-like: id, day, start_time, end_time, place,
    topics, acting, presiding, deputy, status, move_note). UIDs are stable, so a phone that
    imports the file again updates the days instead of doubling them."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//camau-reception//Lich tiep cong dan//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Lịch tiếp công dân — {agency_name}".rstrip(" —"))
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    stamp = datetime.now(UTC)
    for s in sessions:
        person = s.acting
        ev = Event()
        ev.add("uid", f"duty-{s.id}@camau-reception")
        ev.add("summary", f"Tiếp công dân định kỳ — {person.full_name}")
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
        ev.add("sequence", max(int(getattr(s, "version", 1)) - 1, 0))
        cal.add_component(ev)
    Path(out).write_bytes(cal.to_ical())
