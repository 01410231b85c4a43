"""Citizen identity numbers (CCCD / số định danh cá nhân) and other identity papers.

A CCCD has 12 digits: 1–3 the province where the birth was registered, 4 the century and sex,
5–6 the last two digits of the birth year, 7–12 random. There is no check digit, so we check
what can be checked and never reject another province's code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from camau_reception.domain.text import normalize

# Province codes of the 63 provinces before the 2025 merger (Thông tư 07/2016/TT-BCA).
PROVINCES: dict[str, str] = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn",
    "008": "Tuyên Quang", "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu",
    "014": "Sơn La", "015": "Yên Bái", "017": "Hòa Bình", "019": "Thái Nguyên",
    "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang", "025": "Phú Thọ",
    "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định",
    "037": "Ninh Bình", "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh",
    "044": "Quảng Bình", "045": "Quảng Trị", "046": "Thừa Thiên Huế", "048": "Đà Nẵng",
    "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định", "054": "Phú Yên",
    "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
    "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng",
    "070": "Bình Phước", "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu", "079": "Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang",
    "083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long", "087": "Đồng Tháp",
    "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ", "093": "Hậu Giang",
    "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}  # fmt: skip

# Digit 4: (century start, sex) — 1900s male 0 / female 1, 2000s 2 / 3, 2100s 4 / 5.
CENTURY_SEX: dict[str, tuple[int, str]] = {
    "0": (1900, "nam"), "1": (1900, "nữ"),
    "2": (2000, "nam"), "3": (2000, "nữ"),
    "4": (2100, "nam"), "5": (2100, "nữ"),
}  # fmt: skip

_SEPARATORS = re.compile(r"[\s.\-]")


class InvalidCitizenId(ValueError):
    """The number is not valid; ``message`` is Vietnamese and shown next to the field."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CccdInfo:
    number: str
    province_code: str
    province_name: str | None
    sex: str  # "nam" / "nữ"
    birth_year: int
    century: int  # 1900, 2000, 2100


def parse_cccd(number: str, today: date | None = None) -> CccdInfo:
    """Parse a 12-digit CCCD, raising ``InvalidCitizenId`` with the reason in Vietnamese.

    Spaces, dots and dashes between the digits are dropped. Digits 1–3 outside the province
    table are kept (``province_name`` is None): they may be country codes of a birth abroad.
    Digit 4 must be 0–5 (1900s to 2100s); the birth year must not be after ``today``'s year.
    """
    raw = _SEPARATORS.sub("", normalize(number))
    if not raw:
        raise InvalidCitizenId("Hãy nhập số CCCD.")
    if not raw.isdigit() or not raw.isascii():
        raise InvalidCitizenId("Số CCCD chỉ gồm chữ số.")
    if len(raw) != 12:
        raise InvalidCitizenId(f"Số CCCD phải gồm đúng 12 chữ số (đã nhập {len(raw)}).")
    province = raw[:3]
    if province == "000":
        # Codes that are not in the province list may be country codes (births abroad), which
        # overlap the province range: only the all-zero code is certainly wrong.
        raise InvalidCitizenId(f"Mã tỉnh nơi đăng ký khai sinh {province} không hợp lệ.")
    if raw[3] not in CENTURY_SEX:
        raise InvalidCitizenId(
            f"Chữ số thứ tư ({raw[3]}) không phải mã thế kỷ và giới tính hợp lệ."
        )
    century, sex = CENTURY_SEX[raw[3]]
    birth_year = century + int(raw[4:6])
    today = today or date.today()
    if birth_year > today.year:
        raise InvalidCitizenId(f"Năm sinh {birth_year} theo số CCCD nằm trong tương lai.")
    return CccdInfo(raw, province, PROVINCES.get(province), sex, birth_year, century)


class IdentityPaperKind(StrEnum):
    CCCD = "cccd"
    CMND = "cmnd"
    PASSPORT = "passport"
    OTHER = "other"


_LABELS = {
    IdentityPaperKind.CCCD: "Căn cước công dân / số định danh",
    IdentityPaperKind.CMND: "Chứng minh nhân dân",
    IdentityPaperKind.PASSPORT: "Hộ chiếu",
    IdentityPaperKind.OTHER: "Giấy tờ khác",
}


def label(kind: IdentityPaperKind | str) -> str:
    return _LABELS[IdentityPaperKind(kind)]


_PASSPORT = re.compile(r"^[A-Z][0-9]{7}$|^[A-Z0-9]{8,9}$")


def parse_identity_paper(kind: IdentityPaperKind | str, number: str) -> str:
    """The canonical form of ``number`` for its paper ``kind``, or ``InvalidCitizenId``.

    CCCD: ``parse_cccd``; CMND: 9 or 12 digits; passport: a letter and 7 digits, or 8–9
    letters and digits; other papers: up to 30 characters. Spaces, dots and dashes are
    dropped and letters upper-cased.
    """
    try:
        kind = IdentityPaperKind(kind)
    except ValueError:
        raise InvalidCitizenId(f"Loại giấy tờ tùy thân '{kind}' không hợp lệ.") from None
    if kind == IdentityPaperKind.CCCD:
        return parse_cccd(number).number
    raw = _SEPARATORS.sub("", normalize(number)).upper()
    if not raw:
        raise InvalidCitizenId("Hãy nhập số giấy tờ tùy thân.")
    if kind == IdentityPaperKind.CMND:
        if not (raw.isdigit() and raw.isascii() and len(raw) in (9, 12)):
            raise InvalidCitizenId("Số CMND gồm 9 chữ số (hoặc 12 chữ số với CMND mẫu mới).")
        return raw
    if kind == IdentityPaperKind.PASSPORT:
        if not (raw.isascii() and _PASSPORT.match(raw)):
            raise InvalidCitizenId("Số hộ chiếu không hợp lệ (ví dụ: C1234567).")
        return raw
    if len(raw) > 30:
        raise InvalidCitizenId("Số giấy tờ dài quá 30 ký tự.")
    return raw
