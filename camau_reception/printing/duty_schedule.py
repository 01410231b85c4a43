"""The notice-board schedule "LỊCH TIẾP CÔNG DÂN ĐỊNH KỲ CỦA LÃNH ĐẠO SỞ …" (A4, landscape
when the table is wide) and the desk roster (lịch trực tiếp công dân thường xuyên)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
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
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
RECIPIENTS = [
    "Thanh tra tỉnh",
    "Ban Tiếp công dân tỉnh",
    "Lãnh đạo Sở",
    "Niêm yết tại trụ sở",
    "Cổng thông tin điện tử Sở",
    "Lưu: VT, TTr",
]


@dataclass(frozen=True)
class ScheduleRow:
    """One reception day as printed."""

    day: date
    start_time: str
    end_time: str
    leader: str
    position: str
    place: str
    contact: str = ""
    note: str = ""  # deputising, postponement, move off a day off
    topics: str = ""


@dataclass(frozen=True)
class DeskRow:
    day: date
    half: str  # "morning" / "afternoon"
    names: tuple[str, ...]


def _gap():  # -> Spacer: air between a table and the text after it
    from reportlab.platypus import Spacer

    return Spacer(1, 6)


def _signature(agency: AgencyProfile) -> SignatureBlock:
    return SignatureBlock(position=agency.head_title, name=agency.head_name)


def _contact_line(agency: AgencyProfile) -> str:
    return (
        f"Công dân đến liên hệ tại {display_name(agency.name)}"
        + (f", địa chỉ {agency.address}" if agency.address else "")
        + (f"; điện thoại {agency.phone}" if agency.phone else "")
        + (f"; thư điện tử {agency.email}" if agency.email else "")
        + "."
    )


def is_wide(rows: Sequence[ScheduleRow]) -> bool:
    """Contacts, notes or topics make eight columns: the table then needs a landscape sheet."""
    return any(r.contact or r.note or r.topics for r in rows)


def schedule_document(
    agency: AgencyProfile,
    period_label: str,
    rows: Sequence[ScheduleRow],
    number: str,
    issued_on: date,
    *,
    desk: Sequence[DeskRow] = (),
    version_note: str = "",
) -> OfficialDocument:
    wide = is_wide(rows)
    width = frame_width(landscape=wide)
    header = ["STT", "Ngày", "Thứ", "Thời gian", "Lãnh đạo chủ trì", "Địa điểm"]
    if wide:
        header += ["Liên hệ", "Ghi chú"]
    data: list[list[Any]] = [header]
    for i, r in enumerate(rows, 1):
        row = [
            str(i),
            f"{r.day:%d/%m/%Y}",
            weekday_vi(r.day),
            f"{r.start_time} – {r.end_time}",
            f"{r.leader}\n{r.position}" if r.position else r.leader,
            r.place,
        ]
        if wide:
            note = "\n".join(x for x in (r.note, f"Nội dung: {r.topics}" if r.topics else "") if x)
            row += [r.contact, note]
        data.append(row)
    fractions = (
        [0.05, 0.1, 0.07, 0.1, 0.17, 0.17, 0.18, 0.16]
        if wide
        else [0.07, 0.14, 0.1, 0.15, 0.3, 0.24]
    )
    body: list[Any] = [
        f"Thực hiện Luật Tiếp công dân năm 2013, {display_name(agency.name)} thông báo lịch "
        f"tiếp công dân định kỳ của Lãnh đạo Sở {period_label} như sau:",
    ]
    if version_note:
        body.append(paragraph(version_note, "body"))
    if rows:
        body += [table(data, fractions, width, center_columns=[0, 1, 2, 3]), _gap()]
    else:
        body.append(f"Trong {period_label} chưa có buổi tiếp công dân định kỳ nào.")
    if desk:
        body.append(paragraph("Lịch cán bộ trực tiếp công dân thường xuyên:", "bold"))
        body += [_desk_summary_table(desk, width), _gap()]
    body.append(_contact_line(agency))
    return OfficialDocument(
        agency=agency,
        title=f"LỊCH TIẾP CÔNG DÂN ĐỊNH KỲ CỦA LÃNH ĐẠO SỞ {period_label.upper()}",
        date=issued_on,
        number=number,
        body=body,
        landscape=wide,
        signature=_signature(agency),
        recipients=RECIPIENTS,
    )


def _desk_table(desk: Sequence[DeskRow], width: float):  # -> Table
    by_day: dict[date, dict[str, str]] = {}
    for d in desk:
        by_day.setdefault(d.day, {})[d.half] = ", ".join(d.names)
    rows = [["Ngày", "Thứ", "Buổi sáng", "Buổi chiều"]]
    for day in sorted(by_day):
        halves = by_day[day]
        rows.append(
            [
                f"{day:%d/%m/%Y}",
                weekday_vi(day),
                halves.get("morning", ""),
                halves.get("afternoon", ""),
            ]
        )
    return table(rows, [0.16, 0.14, 0.35, 0.35], width, center_columns=[0, 1])


def desk_summary(desk: Sequence[DeskRow]) -> list[tuple[str, str, str]]:
    """The roster folded for a notice board: weekdays that always have the same people become
    one line ("Thứ Hai, Thứ Tư, Thứ Sáu"); days that differ from their weekday are listed."""
    by_day: dict[date, dict[str, str]] = {}
    for d in desk:
        by_day.setdefault(d.day, {})[d.half] = ", ".join(d.names)
    plans = {day: (h.get("morning", ""), h.get("afternoon", "")) for day, h in by_day.items()}
    usual: dict[int, tuple[str, str]] = {}
    for weekday in sorted({d.weekday() for d in plans}):
        counts = Counter(p for day, p in plans.items() if day.weekday() == weekday)
        usual[weekday] = counts.most_common(1)[0][0]
    groups: dict[tuple[str, str], list[int]] = {}
    for weekday, plan in usual.items():
        groups.setdefault(plan, []).append(weekday)
    rows = [
        (", ".join(WEEKDAYS[w] for w in days) + " hằng tuần", plan[0], plan[1])
        for plan, days in groups.items()
    ]
    rows += [
        (f"{weekday_vi(day)}, {day:%d/%m/%Y}", plan[0], plan[1])
        for day, plan in sorted(plans.items())
        if plan != usual[day.weekday()]
    ]
    return rows


def _desk_summary_table(desk: Sequence[DeskRow], width: float):  # -> Table
    rows = [["Ngày trực", "Buổi sáng", "Buổi chiều"]]
    rows += [list(r) for r in desk_summary(desk)]
    return table(rows, [0.4, 0.3, 0.3], width)


def roster_document(
    agency: AgencyProfile,
    period_label: str,
    desk: Sequence[DeskRow],
    number: str,
    issued_on: date,
) -> OfficialDocument:
    """The desk roster on its own sheet (portrait)."""
    width = frame_width(landscape=False)
    body: list[Any] = [
        f"{display_name(agency.name)} phân công cán bộ trực tiếp công dân thường xuyên tại "
        f"trụ sở {period_label} như sau:",
    ]
    if desk:
        body += [_desk_table(desk, width), _gap()]
    else:
        body.append(f"Trong {period_label} chưa phân công cán bộ trực.")
    body.append(_contact_line(agency))
    return OfficialDocument(
        agency=agency,
        title=f"LỊCH TRỰC TIẾP CÔNG DÂN THƯỜNG XUYÊN {period_label.upper()}",
        date=issued_on,
        number=number,
        body=body,
        signature=_signature(agency),
        recipients=["Các cán bộ có tên", "Niêm yết tại trụ sở", "Lưu: VT, TTr"],
    )


def render_schedule(
    agency: AgencyProfile,
    period_label: str,
    rows: Sequence[ScheduleRow],
    number: str,
    issued_on: date,
    out: str | Path,
    *,
    desk: Sequence[DeskRow] = (),
    version_note: str = "",
) -> None:
    render_pdf(
        schedule_document(
            agency, period_label, rows, number, issued_on, desk=desk, version_note=version_note
        ),
        out,
    )


def render_roster(
    agency: AgencyProfile,
    period_label: str,
    desk: Sequence[DeskRow],
    number: str,
    issued_on: date,
    out: str | Path,
) -> None:
    render_pdf(roster_document(agency, period_label, desk, number, issued_on), out)
