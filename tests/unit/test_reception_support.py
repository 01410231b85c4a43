"""Shared builders for the reception tests (no tests here): a visit with defaults, a clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from camau_reception.services.citizens import CitizenInput
from camau_reception.services.reception import DocumentInput, ReceptionInput

NOW = datetime(2026, 3, 16, 10, 30)

DUC = CitizenInput(
    full_name="Nguyễn Văn Đức",
    id_kind="cccd",
    id_number="096075001234",
    phone="0913 456 789",
    province="Cà Mau",
    commune="Phường An Xuyên",
    address_detail="Số 12, đường Lý Thường Kiệt",
)

LAN = CitizenInput(
    full_name="Trần Thị Lan",
    id_kind="cccd",
    id_number="096188004321",
    phone="0945111222",
    province="Cà Mau",
    commune="Xã Đất Mũi",
    address_detail="Ấp Khai Long",
)


def person(name: str, number: str, **kw: Any) -> CitizenInput:
    return CitizenInput(
        full_name=name,
        id_number=number,
        province="Cà Mau",
        commune=kw.pop("commune", "Xã Thới Bình"),
        **kw,
    )


def visit(citizen: CitizenInput | None = None, **kw: Any) -> ReceptionInput:
    data = ReceptionInput(
        received_at=kw.pop("received_at", datetime(2026, 3, 16, 9, 15)),
        citizen=replace(citizen or DUC),
        summary=kw.pop(
            "summary",
            "Khiếu nại việc thu hồi giấy phép kinh doanh karaoke của hộ gia đình "
            "tại phường An Xuyên.",
        ),
        matter_kinds=kw.pop("matter_kinds", {"complaint"}),
        documents=kw.pop(
            "documents",
            [DocumentInput("Đơn khiếu nại", 2, "Nguyên vẹn", "original")],
        ),
    )
    return replace(data, **kw)
