"""LỊCH TIẾP CÔNG DÂN ĐỊNH KỲ CỦA LÃNH ĐẠO SỞ for the notice board (A4 landscape), and the
desk roster."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from camau_reception.domain.agency import AgencyProfile, display_name
from camau_reception.printing.document import (
    OfficialDocument,
    SignatureBlock,
    frame_width,
    paragraph,
    render_pdf,
    table,
)
from camau_reception.printing.formats import weekday_vi

HALVES = {"morning": "Sáng", "afternoon": "Chiều"}


def schedule_document(
    agency: AgencyProfile,
    title_period: str,
    sessions: list[Any],
    desk: list[Any],
    number: str,
    issued_on: date,
) -> OfficialDocument:
    width = frame_width(landscape=True)
    rows = [
        ["STT", "Ngày", "Thứ", "Thời gian", "Lãnh đạo chủ trì", "Địa điểm", "Liên hệ", "Ghi chú"]
    ]
    for i, s in enumerate(sessions, 1):
        person = s.deputy or s.presiding
        note = []
        if s.deputy is not None:
            note.append(f"Ủy quyền thay {s.presiding.full_name}")
        if s.move_note:
            note.append(s.move_note)
        contact = "; ".join(x for x in (person.phone, person.email) if x)
        rows.append(
            [
                str(i),
                f"{s.day:%d/%m/%Y}",
                weekday_vi(s.day),
                f"{s.start_time} – {s.end_time}",
                f"{person.full_name}\n{person.position}",
                s.place,
                contact,
                "\n".join(note),
            ]
        )
    body: list[Any] = [
        f"Thực hiện Luật Tiếp công dân năm 2013, {display_name(agency.name)} thông báo lịch tiếp "
        f"công dân định kỳ của lãnh đạo {title_period} như sau:",
        table(
            rows, [0.05, 0.1, 0.08, 0.1, 0.2, 0.2, 0.14, 0.13], width, center_columns=[0, 1, 2, 3]
        ),
    ]
    if desk:
        body.append(paragraph("Lịch cán bộ trực tiếp công dân thường xuyên:", "bold"))
        by_day: dict[tuple[date, str], list[str]] = {}
        for d in desk:
            by_day.setdefault((d.day, d.half), []).append(d.staff.full_name)
        drows = [["Ngày", "Buổi", "Cán bộ trực"]]
        for (day, half), names in sorted(by_day.items()):
            drows.append(
                [f"{weekday_vi(day)}, {day:%d/%m/%Y}", HALVES.get(half, half), ", ".join(names)]
            )
        body.append(table(drows, [0.25, 0.12, 0.63], width, center_columns=[1]))
    body.append(
        f"Công dân đến liên hệ tại {display_name(agency.name)}"
        + (f", {agency.address}" if agency.address else "")
        + (f"; điện thoại {agency.phone}" if agency.phone else "")
        + "."
    )
    return OfficialDocument(
        agency=agency,
        title=f"LỊCH TIẾP CÔNG DÂN ĐỊNH KỲ CỦA LÃNH ĐẠO SỞ {title_period.upper()}",
        date=issued_on,
        number=number,
        body=body,
        landscape=True,
        signature=SignatureBlock(position=agency.head_title, name=agency.head_name),
        recipients=[
            "Thanh tra tỉnh",
            "Ban Tiếp công dân tỉnh",
            "Niêm yết tại trụ sở",
            "Cổng thông tin điện tử Sở",
            "Lưu: VT, TTr",
        ],
    )


def render_schedule(*args: Any, out: str | Path) -> None:
    render_pdf(schedule_document(*args), out)
