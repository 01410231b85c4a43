"""How official documents write numbers and dates (Nghị định 30/2020/NĐ-CP)."""

from __future__ import annotations

from datetime import date, datetime

WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def document_number(seq: int, type_code: str, symbol: str) -> str:
    """``05/TB-SVHTTDL``: numbers below 10 get a leading zero."""
    return f"{seq:02d}/{type_code}-{symbol}"


def place_date(place: str, d: date) -> str:
    """``Cà Mau, ngày 05 tháng 01 năm 2026``: days below 10 and months 1–2 get a leading zero."""
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"{place}, ngày {d.day:02d} tháng {month} năm {d.year}"


def vn_date(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def vn_datetime(dt: datetime | None) -> str:
    return dt.strftime("%H giờ %M phút, ngày %d/%m/%Y") if dt else ""


def weekday_vi(d: date) -> str:
    return WEEKDAYS_VI[d.weekday()]


def long_date(d: date) -> str:
    """``ngày 05 tháng 01 năm 2026`` for running text."""
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"
