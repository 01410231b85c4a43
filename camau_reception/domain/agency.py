"""The agency's profile (thông tin cơ quan) used on every printed document."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AgencyProfile:
    """Who we are, as printed in the NĐ 30/2020 letterhead.

    ``parent_body``: cơ quan chủ quản, e.g. "UBND TỈNH CÀ MAU".
    ``name``: tên cơ quan ban hành, e.g. "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH".
    ``symbol``: chữ viết tắt used in document numbers, e.g. "SVHTTDL".
    ``place``: địa danh for the date line, e.g. "Cà Mau".
    ``head_title``: the head's position, e.g. "GIÁM ĐỐC".
    """

    parent_body: str
    name: str
    symbol: str
    place: str
    address: str = ""
    phone: str = ""
    email: str = ""
    head_title: str = "GIÁM ĐỐC"
    head_name: str = ""


SAMPLE_AGENCY = AgencyProfile(
    parent_body="UBND TỈNH CÀ MAU",
    name="SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
    symbol="SVHTTDL",
    place="Cà Mau",
    address="Số 2 Lý Bôn, phường An Xuyên, tỉnh Cà Mau",
    phone="0290 3831 063",
    head_title="GIÁM ĐỐC",
)


def display_name(name: str) -> str:
    """The agency's name in running text: "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" becomes
    "Sở Văn hóa, Thể thao và Du lịch" (each field of the name starts with a capital)."""
    if not name or not name.isupper():
        return name
    words = name.lower().split()
    out = []
    capital_next = True
    for word in words:
        out.append(word[:1].upper() + word[1:] if capital_next else word)
        capital_next = word in ("sở", "ban", "và", "phòng") or word.endswith(",")
    return " ".join(out)
