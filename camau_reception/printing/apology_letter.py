"""Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04), one letter or a batch, one per page.

The wording comes from ``resources/templates/apology_letter.toml`` so it can follow the law
without a new release.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from camau_reception.domain.agency import AgencyProfile, display_name
from camau_reception.printing.document import OfficialDocument, SignatureBlock, render_pdf
from camau_reception.printing.formats import long_date


@dataclass(frozen=True)
class LetterData:
    number: str
    issued_on: date
    applicant_name: str
    applicant_address: str
    applicant_phone: str
    dossier_code: str
    procedure_name: str
    received_at: datetime
    old_due_at: datetime
    new_due_on: date
    reason: str
    signer_title: str = ""
    signer_name: str = ""


def _agency_short(agency: AgencyProfile) -> str:
    return display_name(agency.name.strip())


def letter_document(
    data: LetterData, agency: AgencyProfile, wording: dict[str, Any]
) -> OfficialDocument:
    agency_short = _agency_short(agency)
    values = {
        "salutation": "Ông/Bà",
        "applicant_name": data.applicant_name,
        "applicant_address": data.applicant_address or "…",
        "applicant_phone": data.applicant_phone or "…",
        "agency_short": agency_short,
        "procedure_name": data.procedure_name[:1].lower() + data.procedure_name[1:],
        "dossier_code": data.dossier_code,
        "received_date": long_date(data.received_at.date()),
        "old_due": f"{data.old_due_at:%H} giờ {data.old_due_at:%M} phút, {long_date(data.old_due_at.date())}",
        "new_due": f"{data.new_due_on:%d/%m/%Y}",
        "reason": data.reason.rstrip("."),
    }
    body: list[Any] = [wording["greeting"].format(**values), wording["contact"].format(**values)]
    body += [p.format(**values) for p in wording["paragraphs"]]
    title = data.signer_title or agency.head_title
    authority = "" if title.upper() == agency.head_title.upper() else f"KT. {agency.head_title}"
    return OfficialDocument(
        agency=agency,
        title=wording["title"],
        date=data.issued_on,
        number=data.number,
        body=body,
        signature=SignatureBlock(
            authority=authority, position=title, name=data.signer_name or agency.head_name
        ),
        recipients=list(wording.get("recipients", [])),
    )


def render_letters(
    letters: Sequence[LetterData],
    agency: AgencyProfile,
    wording: dict[str, Any],
    out: str | Path,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    docs = [letter_document(x, agency, wording) for x in letters]
    return render_pdf(
        docs,
        out,
        progress=progress,
        cancelled=cancelled,
        title="Phiếu xin lỗi và hẹn lại ngày trả kết quả",
    )
