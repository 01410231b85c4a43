"""Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01) for a dossier received at the counter.

The wording comes from ``resources/templates/dossier_receipt.toml``; the citizen signs at the
left, the officer who received the dossier at the right.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from camau_reception.domain.agency import AgencyProfile, display_name
from camau_reception.printing.apology_letter import fill, wording_text
from camau_reception.printing.document import (
    OfficialDocument,
    SignatureBlock,
    frame_width,
    paragraph,
    render_pdf,
    table,
)
from camau_reception.printing.formats import two_digits, vn_datetime

WHERE = "giấy tiếp nhận (dossier_receipt.toml)"


@dataclass(frozen=True)
class ReceiptData:
    number: str
    seq: int
    dossier_code: str
    applicant_name: str
    applicant_address: str
    applicant_phone: str
    applicant_email: str
    procedure_name: str
    processing_days: int
    received_at: datetime
    due_at: datetime
    due_explanation: str = ""
    officer_name: str = ""
    documents: list[str] = field(default_factory=list)
    sets: int = 1


def receipt_values(
    data: ReceiptData, agency: AgencyProfile, wording: dict[str, Any]
) -> dict[str, object]:
    return {
        "agency_name": display_name(agency.name.strip()),
        "dossier_code": data.dossier_code,
        "applicant_name": data.applicant_name,
        "applicant_address": data.applicant_address or "…",
        "applicant_phone": data.applicant_phone or "…",
        "applicant_email": data.applicant_email or "…",
        "procedure_name": data.procedure_name,
        "sets": two_digits(data.sets),
        "processing_days": data.processing_days,
        "received": vn_datetime(data.received_at),
        "due": vn_datetime(data.due_at),
        "due_explanation": data.due_explanation,
        "collect_place": wording.get("collect_place", ""),
        "book": data.received_at.year,
        "seq": two_digits(data.seq),
    }


def receipt_document(
    data: ReceiptData, agency: AgencyProfile, wording: dict[str, Any]
) -> OfficialDocument:
    values = receipt_values(data, agency, wording)
    rows: list[list[Any]] = [["STT", "Tên giấy tờ", "Hình thức"]]
    documents = data.documents or list(wording.get("documents", []))
    for i, name in enumerate(documents, 1):
        rows.append([str(i), name, "Bản chính"])
    body: list[Any] = [
        paragraph(fill(line, values, WHERE), "body_noindent")
        for line in wording_text(wording, "head", WHERE)
    ]
    body.append(table(rows, [0.08, 0.67, 0.25], frame_width(), center_columns=[0, 2]))
    body += [
        paragraph(fill(line, values, WHERE), "body_noindent")
        for line in wording_text(wording, "tail", WHERE)
    ]
    return OfficialDocument(
        agency=agency,
        title=fill(wording_text(wording, "title", WHERE), values, WHERE),
        date=data.received_at.date(),
        number=data.number,
        body=body,
        left_signature=SignatureBlock(
            position="NGƯỜI NỘP HỒ SƠ", note="(Ký và ghi rõ họ tên)", name=data.applicant_name
        ),
        signature=SignatureBlock(
            position="NGƯỜI TIẾP NHẬN HỒ SƠ", note="(Ký và ghi rõ họ tên)", name=data.officer_name
        ),
    )


def render_receipt(
    data: ReceiptData, agency: AgencyProfile, wording: dict[str, Any], out: str | Path
) -> None:
    render_pdf(receipt_document(data, agency, wording), out)
