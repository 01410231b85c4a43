"""How official documents write numbers and dates (Nghị định 30/2020/NĐ-CP)."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def document_number(seq: int, type_code: str, symbol: str) -> str:
    """``05/TB-SVHTTDL``: numbers below 10 get a leading zero."""
    return f"{seq:02d}/{type_code}-{symbol}"


def place_date(place: str, d: date) -> str:
    """``Cà Mau, ngày 05 tháng 01 năm 2026``: days below 10 and months 1–2 get a leading zero."""
    return f"{place}, {long_date(d)}"


def vn_date(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def vn_datetime(dt: datetime | None) -> str:
    return dt.strftime("%H giờ %M phút, ngày %d/%m/%Y") if dt else ""


def weekday_vi(d: date) -> str:
    return WEEKDAYS_VI[d.weekday()]


def long_date(d: date) -> str:
    """``ngày 05 tháng 01 năm 2026`` for running text."""
    return f"ngày {d.day:02d} tháng {month_vi(d.month)} năm {d.year}"


def month_vi(month: int) -> str:
    """A month as written in a date: ``01``, ``02``, then ``3`` … ``12`` (NĐ 30/2020)."""
    return f"{month:02d}" if month <= 2 else str(month)


def vn_time(t: time | datetime | None) -> str:
    """``14 giờ 30 phút``."""
    return f"{t.hour:02d} giờ {t.minute:02d} phút" if t is not None else ""


def two_digits(n: int) -> str:
    """Counts written with two digits below ten: ``02`` bản, ``01`` bộ."""
    return f"{n:02d}"


def number_vi(value: int | float | Decimal, decimals: int = 0) -> str:
    """``1.250.000`` or ``12,5``: dot between thousands, comma before decimals."""
    quantum = Decimal(1).scaleb(-decimals)
    number = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{abs(number):,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"-{text}" if number < 0 else text


def money_vi(amount: int | float | Decimal, unit: str = "đồng") -> str:
    """``1.250.000 đồng`` (whole đồng, rounded half up)."""
    return f"{number_vi(amount)} {unit}".rstrip()
