"""The .ics file read back with icalendar: the VTIMEZONE its TZID needs (RFC 5545), a reminder
the day before each session, and sessions deleted after publication sent as STATUS:CANCELLED
under their old UID with a higher SEQUENCE, so a phone that re-imports the file drops them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar

from camau_reception.services import schedule
from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database

HEAD = "Nguyễn Thị Hồng Nhung"
DEPUTY = "Lê Văn Đức"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _events(path: Path) -> dict[str, object]:
    cal = Calendar.from_ical(path.read_bytes())
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def _plan(db: Database, leader: Actor) -> dict[str, int]:
    with db.write() as s:
        head = schedule.add_staff(s, leader, HEAD, "Giám đốc", is_leader=True, is_head=True)
        deputy = schedule.add_staff(s, leader, DEPUTY, "Phó Giám đốc", is_leader=True)
        kept = schedule.create_session(s, leader, date(2026, 12, 15), head.id)
        dropped = schedule.create_session(
            s, leader, date(2026, 12, 22), deputy.id, start_time="13:30", end_time="16:30"
        )
        late = schedule.create_session(s, leader, date(2026, 12, 29), head.id)
        schedule.publish(s, leader, "2026-12", date(2026, 12, 1))
        return {"head": head.id, "kept": kept.id, "dropped": dropped.id, "late": late.id}


def test_ics_has_its_timezone_and_a_reminder_the_day_before(
    db: Database, leader: Actor, tmp_path: Path
) -> None:
    ids = _plan(db, leader)
    out = tmp_path / "lich.ics"
    with db.read() as s:
        assert schedule.export_year(s, 2026, out) == 3
    cal = Calendar.from_ical(out.read_bytes())
    zones = list(cal.walk("VTIMEZONE"))
    assert [str(z["tzid"]) for z in zones] == ["Asia/Ho_Chi_Minh"]
    assert cal.get_missing_tzids() == set()
    # The zone comes before the events that name it, with Việt Nam's +07:00.
    raw = out.read_bytes()
    assert raw.index(b"BEGIN:VTIMEZONE") < raw.index(b"BEGIN:VEVENT")
    assert b"TZOFFSETTO:+0700" in raw
    event = _events(out)[f"duty-{ids['kept']}@camau-reception"]
    assert str(event["status"]) == "CONFIRMED"
    (alarm,) = event.walk("VALARM")
    assert str(alarm["action"]) == "DISPLAY"
    assert alarm.decoded("trigger") == timedelta(days=-1)
    assert f"Tiếp công dân định kỳ — {HEAD}" in str(alarm["description"])
    # 24 hours before 07:30 on 15/12: the reminder fires at 07:30 on 14/12.
    start = event.decoded("dtstart")
    assert start == datetime(2026, 12, 15, 7, 30, tzinfo=TZ)
    assert start + alarm.decoded("trigger") == datetime(2026, 12, 14, 7, 30, tzinfo=TZ)


def test_deleted_after_publication_comes_back_cancelled(
    db: Database, leader: Actor, tmp_path: Path
) -> None:
    ids = _plan(db, leader)
    first = tmp_path / "before.ics"
    with db.read() as s:
        schedule.export_year(s, 2026, first)
    uid = f"duty-{ids['dropped']}@camau-reception"
    before = _events(first)[uid]
    with db.write() as s:
        schedule.update_session(
            s,
            leader,
            ids["dropped"],
            start_time="14:00",
            end_time="16:30",
            place="",
            topics="Đất di tích",
            presiding_id=ids["head"],
        )
    second = tmp_path / "updated.ics"
    with db.read() as s:
        schedule.export_year(s, 2026, second)
    updated = _events(second)[uid]
    assert int(updated["sequence"]) == int(before["sequence"]) + 1 == 1
    with db.write() as s:
        schedule.delete_session(s, leader, ids["dropped"])
        # A session deleted before it was ever published: nothing to cancel.
        never = schedule.create_session(s, leader, date(2026, 12, 10), ids["head"])
        schedule.delete_session(s, leader, never.id)
    third = tmp_path / "after.ics"
    with db.read() as s:
        assert schedule.export_year(s, 2026, third) == 2
    events = _events(third)
    assert set(events) == {
        f"duty-{ids['kept']}@camau-reception",
        f"duty-{ids['late']}@camau-reception",
        uid,
    }
    cancelled = events[uid]
    assert str(cancelled["status"]) == "CANCELLED"
    assert int(cancelled["sequence"]) > int(updated["sequence"])
    assert str(cancelled["summary"]).startswith("[Đã hủy] Tiếp công dân định kỳ")
    # As the last published version showed it (the edit after publication was never posted).
    assert cancelled.decoded("dtstart") == datetime(2026, 12, 22, 13, 30, tzinfo=TZ)
    assert not list(cancelled.walk("VALARM"))  # no reminder for a cancelled day
    assert str(events[f"duty-{ids['kept']}@camau-reception"]["status"]) == "CONFIRMED"


def test_published_session_postponed_into_next_year_is_moved_not_kept(
    db: Database, leader: Actor, tmp_path: Path
) -> None:
    ids = _plan(db, leader)
    with db.write() as s:
        schedule.postpone(s, leader, ids["late"], date(2027, 1, 5), "Họp Tỉnh ủy cuối năm")
    out = tmp_path / "lich.ics"
    with db.read() as s:
        schedule.export_year(s, 2026, out)
    moved = _events(out)[f"duty-{ids['late']}@camau-reception"]
    assert moved.decoded("dtstart") == datetime(2027, 1, 5, 7, 30, tzinfo=TZ)
    assert str(moved["status"]) == "CONFIRMED" and int(moved["sequence"]) == 1
    assert "Hoãn từ ngày 29/12/2026" in str(moved["description"])
