"""Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04), one letter or a batch, one per page.

The wording comes from ``resources/templates/apology_letter.toml`` so it can follow the law
without a new release; ``{placeholders}`` in it are filled from the dossier (see
``letter_values`` for the names).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from camau_reception.domain.agency import AgencyProfile, display_name
from camau_reception.domain.text import normalize
from camau_reception.printing.document import OfficialDocument, render_pdf
from camau_reception.printing.formats import long_date
from camau_reception.printing.signer import signature_block

DRAFT_NUMBER = "……/PXL"


class WordingError(ValueError):
    """An editable wording file is missing, unreadable or has a placeholder nobody fills;
    ``message`` is Vietnamese and names the file."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def fill(text: str, values: dict[str, object], where: str = "") -> str:
    """``text.format(**values)``, with a clear message for a placeholder nobody fills."""
    try:
        return normalize(str(text).format(**values))
    except (KeyError, IndexError, ValueError, AttributeError) as exc:
        known = ", ".join("{" + k + "}" for k in sorted(values))
        raise WordingError(
            f"Mẫu {where} có chỗ điền không hợp lệ ({exc}). Các chỗ điền được: {known}."
        ) from exc


def wording_text(wording: dict[str, Any], key: str, where: str) -> Any:
    try:
        return wording[key]
    except KeyError:
        raise WordingError(f"Mẫu {where} thiếu mục “{key}”.") from None


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
    salutation: str = "Ông/Bà"


def _lower_first(text: str) -> str:
    # "đề nghị cấp giấy phép …" reads inside a sentence; codes and acronyms keep their case.
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def letter_values(data: LetterData, agency: AgencyProfile) -> dict[str, object]:
    """The placeholders a wording file may use."""
    return {
        "salutation": data.salutation,
        "applicant_name": data.applicant_name,
        "applicant_address": data.applicant_address or "…",
        "applicant_phone": data.applicant_phone or "…",
        "agency_name": display_name(agency.name.strip()),
        "agency_short": display_name(agency.name.strip()),
        "procedure_name": _lower_first(data.procedure_name),
        "dossier_code": data.dossier_code,
        # "18 tháng 11 năm 2025": the wording writes "Ngày {received_date}" at a sentence start.
        "received_date": long_date(data.received_at.date()).removeprefix("ngày "),
        "received_time": f"{data.received_at:%H} giờ {data.received_at:%M} phút",
        "old_due": (
            f"{data.old_due_at:%H} giờ {data.old_due_at:%M} phút, "
            f"{long_date(data.old_due_at.date())}"
        ),
        "old_due_date": f"{data.old_due_at:%d/%m/%Y}",
        "new_due": f"{data.new_due_on:%d/%m/%Y}",
        "new_due_long": long_date(data.new_due_on),
        "reason": data.reason.rstrip(". "),
        "letter_number": data.number,
        "issued_date": f"{data.issued_on:%d/%m/%Y}",
    }


def letter_document(
    data: LetterData, agency: AgencyProfile, wording: dict[str, Any]
) -> OfficialDocument:
    where = "phiếu xin lỗi (apology_letter.toml)"
    values = letter_values(data, agency)
    body: list[Any] = [
        fill(wording_text(wording, "greeting", where), values, where),
        fill(wording_text(wording, "contact", where), values, where),
    ]
    body += [fill(p, values, where) for p in wording_text(wording, "paragraphs", where)]
    return OfficialDocument(
        agency=agency,
        title=fill(wording_text(wording, "title", where), values, where),
        date=data.issued_on,
        number=data.number,
        body=body,
        signature=signature_block(data.signer_title, data.signer_name, agency),
        recipients=[fill(r, values, where) for r in wording.get("recipients", [])],
    )


def render_letters(
    letters: Sequence[LetterData],
    agency: AgencyProfile,
    wording: dict[str, Any],
    out: str | Path,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """All letters in one PDF, one per page; returns how many were written (0 if cancelled,
    and then no file is left)."""
    docs = [letter_document(x, agency, wording) for x in letters]
    return render_pdf(
        docs,
        out,
        progress=progress,
        cancelled=cancelled,
        title="Phiếu xin lỗi và hẹn lại ngày trả kết quả",
    )
