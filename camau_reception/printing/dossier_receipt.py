"""Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01) for a dossier received at the counter."""

from __future__ import annotations

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
from camau_reception.printing.formats import vn_datetime


def receipt_document(
    d: Any,
    agency: AgencyProfile,
    wording: dict[str, Any],
    number: str,
    documents: list[str] | None = None,
) -> OfficialDocument:
    """``d`` is a Dossier (with its procedure loaded)."""
    width = frame_width()
    rows = [["STT", "Tên giấy tờ", "Hình thức"]]
    for i, name in enumerate(
        documents or ["Đơn đề nghị theo mẫu", "Giấy tờ kèm theo theo quy định"], 1
    ):
        rows.append([str(i), name, "Bản chính"])
    body: list[Any] = [
        paragraph(f"Mã hồ sơ: {d.code}", "body_noindent"),
        paragraph(
            f"{display_name(agency.name)} tiếp nhận hồ sơ của: {d.applicant_name}", "body_noindent"
        ),
        paragraph(f"Địa chỉ: {d.applicant_address or '…'}", "body_noindent"),
        paragraph(
            f"Số điện thoại: {d.applicant_phone or '…'}    Thư điện tử: {d.applicant_email or '…'}",
            "body_noindent",
        ),
        paragraph(f"Nội dung yêu cầu giải quyết: {d.procedure.name}", "body_noindent"),
        paragraph("1. Thành phần hồ sơ nộp gồm:", "body_noindent"),
        table(rows, [0.08, 0.67, 0.25], width, center_columns=[0, 2]),
        paragraph("2. Số lượng hồ sơ: 01 bộ.", "body_noindent"),
        paragraph(
            f"3. Thời gian giải quyết hồ sơ theo quy định: {d.procedure.processing_days} "
            "ngày làm việc.",
            "body_noindent",
        ),
        paragraph(f"4. Thời gian nhận hồ sơ: {vn_datetime(d.received_at)}.", "body_noindent"),
        paragraph(
            f"5. Thời gian trả kết quả giải quyết hồ sơ: {vn_datetime(d.due_at)}.", "body_noindent"
        ),
        paragraph(f"6. Nhận kết quả tại: {wording['collect_place']}.", "body_noindent"),
    ]
    return OfficialDocument(
        agency=agency,
        title=wording["title"],
        date=d.received_at.date(),
        number=number,
        body=body,
        left_signature=SignatureBlock(
            position="NGƯỜI NỘP HỒ SƠ", note="(Ký và ghi rõ họ tên)", name=d.applicant_name
        ),
        signature=SignatureBlock(position="NGƯỜI TIẾP NHẬN HỒ SƠ", note="(Ký và ghi rõ họ tên)"),
    )


def render_receipt(
    d: Any, agency: AgencyProfile, wording: dict[str, Any], number: str, out: str | Path
) -> None:
    render_pdf(receipt_document(d, agency, wording, number), out)
