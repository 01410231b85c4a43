"""The leaders' reception days and the desk roster as an Excel workbook."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

HALVES = {"morning": "Sáng", "afternoon": "Chiều"}
STATUS = {"planned": "Theo lịch", "postponed": "Đã hoãn", "deputised": "Ủy quyền"}
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def write_xlsx(sessions: Sequence[Any], desk: Sequence[Any], out: str | Path) -> None:
    """Sheet 1: one row per reception day (real dates, so Excel sorts and filters them);
    sheet 2: the desk roster."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Lịch tiếp công dân"
    ws.append(
        [
            "Ngày",
            "Thứ",
            "Bắt đầu",
            "Kết thúc",
            "Lãnh đạo chủ trì",
            "Chức vụ",
            "Địa điểm",
            "Điện thoại",
            "Thư điện tử",
            "Nội dung dự kiến",
            "Tình trạng",
            "Ghi chú",
        ]
    )
    for s in sessions:
        person = s.acting
        publish = getattr(person, "publish_contacts", True)
        ws.append(
            [
                s.day,
                WEEKDAYS[s.day.weekday()],
                s.start_time,
                s.end_time,
                person.full_name,
                person.position,
                s.place,
                person.phone if publish else "",
                person.email if publish else "",
                s.topics,
                STATUS.get(s.status, s.status),
                s.move_note,
            ]
        )
        ws.cell(ws.max_row, 1).number_format = "DD/MM/YYYY"
    widths = (12, 10, 9, 9, 28, 16, 40, 16, 28, 40, 12, 50)
    for col, width in zip("ABCDEFGHIJKL", widths, strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    roster = wb.create_sheet("Trực tiếp công dân")
    roster.append(["Ngày", "Thứ", "Buổi", "Cán bộ trực"])
    for d in desk:
        roster.append(
            [d.day, WEEKDAYS[d.day.weekday()], HALVES.get(d.half, d.half), d.staff.full_name]
        )
        roster.cell(roster.max_row, 1).number_format = "DD/MM/YYYY"
    for col, width in zip("ABCD", (12, 10, 8, 32), strict=True):
        roster.column_dimensions[col].width = width
    for sheet in (ws, roster):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    wb.save(str(out))
