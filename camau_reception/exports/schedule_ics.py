"""The leaders' reception days as iCalendar (.ics) for phones, and as Excel."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _at(day, hhmm: str) -> datetime:
    h, m = (int(x) for x in hhmm.split(":"))
    return datetime.combine(day, time(h, m), TZ)


def write_ics(sessions: list[Any], out: str | Path, agency_name: str) -> None:
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//camau-reception//Lich tiep cong dan//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Lịch tiếp công dân — {agency_name}")
    for s in sessions:
        person = s.deputy or s.presiding
        ev = Event()
        ev.add("uid", f"duty-{s.id}@camau-reception")
        ev.add("summary", f"Tiếp công dân định kỳ — {person.full_name}")
        ev.add("dtstart", _at(s.day, s.start_time))
        ev.add("dtend", _at(s.day, s.end_time))
        ev.add("location", s.place)
        ev.add("description", s.topics or s.move_note or "")
        cal.add_component(ev)
    Path(out).write_bytes(cal.to_ical())


def write_xlsx(sessions: list[Any], out: str | Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Lịch tiếp công dân"
    ws.append(["Ngày", "Giờ", "Lãnh đạo chủ trì", "Chức vụ", "Địa điểm", "Ghi chú"])
    for s in sessions:
        person = s.deputy or s.presiding
        ws.append(
            [
                s.day,
                f"{s.start_time}–{s.end_time}",
                person.full_name,
                person.position,
                s.place,
                s.move_note,
            ]
        )
    wb.save(str(out))
