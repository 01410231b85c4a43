"""The schedule on paper and in files: the notice-board PDF (names and dates with their
diacritics, landscape only when wide, one number per published version), the desk roster,
iCalendar read back with icalendar, the Excel workbook, and the command line."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar
from openpyxl import load_workbook
from pypdf import PdfReader

from camau_reception.cli import main
from camau_reception.domain.recurrence import Rule
from camau_reception.printing.pdftext import pdf_text
from camau_reception.services import schedule
from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database

HEAD = "Nguyễn Thị Hồng Nhung"
DEPUTY = "Lê Văn Đức"


def _plan(db: Database, leader: Actor) -> None:
    with db.write() as s:
        head = schedule.add_staff(
            s,
            leader,
            HEAD,
            "Giám đốc",
            is_leader=True,
            is_head=True,
            phone="0290 3831 063",
            email="giamdoc@svhttdl.camau.gov.vn",
        )
        deputy = schedule.add_staff(s, leader, DEPUTY, "Phó Giám đốc", is_leader=True)
        officer = schedule.add_staff(s, leader, "Võ Thị Thu Hà", "Chuyên viên", is_leader=False)
        schedule.generate(
            s,
            leader,
            Rule("day_of_month", day=15),
            date(2026, 1, 1),
            date(2026, 12, 31),
            head.id,
            topics="Khiếu nại về quản lý di tích",
        )
        dec = schedule.generate(
            s,
            leader,
            Rule("nth_weekday", weekday=3, nth=4),
            date(2026, 12, 1),
            date(2026, 12, 31),
            deputy.id,
            start_time="13:30",
            end_time="16:30",
        )[0]
        schedule.deputise(s, leader, dec.id, head.id, "Phó Giám đốc đi học tập trung")
        schedule.fill_desk(
            s,
            leader,
            Rule("weekdays", weekdays=(1, 3)),
            date(2026, 12, 1),
            date(2026, 12, 31),
            "morning",
            [officer.id],
        )


def _text(path: Path) -> str:
    return " ".join(pdf_text(path).split())


def test_ics_parses_back_with_the_right_dates(db: Database, leader: Actor, tmp_path: Path) -> None:
    _plan(db, leader)
    ics = tmp_path / "lich.ics"
    assert (
        main(["--db", str(db.path), "export", "schedule", "--year", "2026", "--out", str(ics)]) == 0
    )
    cal = Calendar.from_ical(ics.read_bytes())
    events = sorted(
        (c for c in cal.walk() if c.name == "VEVENT"), key=lambda e: e.decoded("dtstart")
    )
    assert len(events) == 13
    starts = [e.decoded("dtstart") for e in events]
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    # 15/02/2026 is a Sunday before Tết: the session moved past the break, to Monday 23/02.
    assert datetime(2026, 2, 23, 7, 30, tzinfo=tz) in starts
    assert all(d.utcoffset().total_seconds() == 7 * 3600 for d in starts)
    deputised = next(e for e in events if e.decoded("dtstart").date() == date(2026, 12, 24))
    assert str(deputised.get("summary")) == f"Tiếp công dân định kỳ — {HEAD}"
    assert deputised.decoded("dtend") == datetime(2026, 12, 24, 16, 30, tzinfo=tz)
    assert f"Ủy quyền thay {DEPUTY}" in str(deputised.get("description"))
    assert len({str(e.get("uid")) for e in events}) == 13


def test_excel_workbook_holds_real_dates_and_the_roster(
    db: Database, leader: Actor, tmp_path: Path
) -> None:
    _plan(db, leader)
    out = tmp_path / "lich.xlsx"
    assert (
        main(["--db", str(db.path), "export", "schedule", "--year", "2026", "--out", str(out)]) == 0
    )
    wb = load_workbook(out)
    ws = wb["Lịch tiếp công dân"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 13
    feb = next(r for r in rows if r[0].date() == date(2026, 2, 23))
    assert feb[1] == "Thứ Hai" and feb[4] == HEAD and feb[7] == "0290 3831 063"
    assert "Tết" in feb[11]
    roster = list(wb["Trực tiếp công dân"].iter_rows(min_row=2, values_only=True))
    assert roster[0][1:] == ("Thứ Ba", "Sáng", "Võ Thị Thu Hà")


def test_printed_notice_holds_names_dates_and_diacritics(
    db: Database, leader: Actor, tmp_path: Path
) -> None:
    _plan(db, leader)
    pdf = tmp_path / "lich.pdf"
    argv = ["--db", str(db.path), "print", "schedule", "--month", "2026-12", "--out", str(pdf)]
    assert main(argv) == 0
    text = _text(pdf)
    assert "LỊCH TIẾP CÔNG DÂN ĐỊNH KỲ CỦA LÃNH ĐẠO SỞ THÁNG 12/2026" in text
    assert "UBND TỈNH CÀ MAU" in text and "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" in text
    assert "15/12/2026" in text and "24/12/2026" in text and "Thứ Năm" in text
    assert HEAD in text and "Giám đốc" in text and "0290 3831 063" in text
    assert "Ủy quyền thay" in text and DEPUTY in text  # the cell wraps across lines
    assert "(Bản dự thảo, chưa niêm yết)" in text
    assert "Lịch cán bộ trực tiếp công dân thường xuyên" in text
    # The roster is folded by weekday on the notice: one line, not a row per day.
    assert "Thứ Ba, Thứ Năm hằng tuần Võ Thị Thu Hà" in text
    assert "Nơi nhận" in text and "GIÁM ĐỐC" in text
    page = PdfReader(pdf).pages[0]
    assert page.mediabox.width > page.mediabox.height  # contacts make it wide: landscape


def test_published_version_keeps_its_number_on_reprint(
    db: Database, leader: Actor, tmp_path: Path
) -> None:
    _plan(db, leader)
    with db.write() as s:
        schedule.publish(s, leader, "2026-12", date(2026, 12, 1))
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    with db.write() as s:
        schedule.print_schedule(s, leader, "2026-12", date(2026, 12, 5), first)
    with db.write() as s:
        schedule.print_schedule(s, leader, "2026-12", date(2026, 12, 9), second)
    a, b = _text(first), _text(second)
    assert "Số: 01/LTCD-SVHTTDL" in a and "Số: 01/LTCD-SVHTTDL" in b
    assert "ngày 01 tháng 12 năm 2026" in a  # the publication date, not the day of printing
    assert "dự thảo" not in a


def test_narrow_schedule_prints_portrait_and_quarter_title(
    db: Database, leader: Actor, tmp_path: Path
) -> None:
    with db.write() as s:
        head = schedule.add_staff(
            s, leader, HEAD, "Giám đốc", is_leader=True, is_head=True, publish_contacts=False
        )
        schedule.generate(
            s,
            leader,
            Rule("nth_weekday", weekday=3, nth=2),
            date(2026, 10, 1),
            date(2026, 12, 31),
            head.id,
        )
    pdf = tmp_path / "q4.pdf"
    argv = ["--db", str(db.path), "print", "schedule", "--quarter", "2026-q4", "--out", str(pdf)]
    assert main(argv) == 0
    text = _text(pdf)
    assert "LỊCH TIẾP CÔNG DÂN ĐỊNH KỲ CỦA LÃNH ĐẠO SỞ QUÝ 4 NĂM 2026" in text
    assert all(d in text for d in ("08/10/2026", "12/11/2026", "10/12/2026"))
    page = PdfReader(pdf).pages[0]
    assert page.mediabox.width < page.mediabox.height


def test_desk_roster_and_bad_period(db: Database, leader: Actor, tmp_path: Path, capsys) -> None:
    _plan(db, leader)
    pdf = tmp_path / "truc.pdf"
    argv = ["--db", str(db.path), "print", "schedule", "--month", "2026-12", "--roster"]
    assert main([*argv, "--out", str(pdf)]) == 0
    text = _text(pdf)
    assert "LỊCH TRỰC TIẾP CÔNG DÂN THƯỜNG XUYÊN THÁNG 12/2026" in text
    assert "01/12/2026 Thứ Ba Võ Thị Thu Hà" in text and "31/12/2026 Thứ Năm" in text
    assert "BẢN NHÁP" in text  # a draft unless --final
    assert main([*argv, "--final", "--out", str(pdf)]) == 0
    issued = _text(pdf)
    assert "BẢN NHÁP" not in issued and "/LTCD-" in issued
    bad = ["--db", str(db.path), "print", "schedule", "--month", "2026-13", "--out", str(pdf)]
    assert main(bad) == 2
    assert "Kỳ không hợp lệ" in capsys.readouterr().out
