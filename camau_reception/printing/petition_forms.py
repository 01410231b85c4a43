"""The petition-handling forms: Phiếu chuyển đơn, Phiếu hướng dẫn, Thông báo thụ lý / không thụ
lý, Phiếu đề xuất thụ lý, on the NĐ 30/2020 letterhead.

The wording lives in ``resources/templates/petition_forms.toml`` (the form numbering in force is
to be confirmed, so it must be editable without a release). This module knows documents, not
the database: ``services.petitions.issue_form`` collects a ``FormData`` and a number.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from camau_reception.domain.agency import AgencyProfile, display_name
from camau_reception.printing.document import OfficialDocument, SignatureBlock, render_pdf
from camau_reception.printing.formats import long_date
from camau_reception.printing.signer import signature_block

TRANSFER = "transfer"
GUIDANCE = "guidance"
ACCEPTANCE = "acceptance"
NON_ACCEPTANCE = "non_acceptance"
PROPOSAL = "proposal"
FORM_KINDS = (TRANSFER, GUIDANCE, ACCEPTANCE, NON_ACCEPTANCE, PROPOSAL)
FORM_LABELS = {
    TRANSFER: "Phiếu chuyển đơn",
    GUIDANCE: "Phiếu hướng dẫn",
    ACCEPTANCE: "Thông báo thụ lý",
    NON_ACCEPTANCE: "Thông báo không thụ lý",
    PROPOSAL: "Phiếu đề xuất thụ lý",
}


@dataclass(frozen=True)
class FormData:
    """Everything a form may print, as plain text and dates."""

    code: str
    kind_label: str  # "khiếu nại", "tố cáo", ...
    name: str
    address: str
    received_on: date
    summary: str
    signer_count: int = 1
    sender_body: str = ""
    sender_letter_no: str = ""
    sender_letter_date: date | None = None
    target_body: str = ""
    decision_no: str = ""
    accepted_on: date | None = None
    resolve_due_on: date | None = None
    period: str = ""  # "30 ngày", "7 ngày làm việc"
    deadline_source: str = ""
    reason: str = ""
    officer: str = ""


def default_wording_path() -> Path:
    from camau_reception.config import resources_dir

    return resources_dir() / "templates" / "petition_forms.toml"


def load_wording(path: Path | None = None) -> dict[str, dict[str, Any]]:
    wording = tomllib.loads((path or default_wording_path()).read_text(encoding="utf-8"))
    missing = [k for k in FORM_KINDS if k not in wording]
    if missing:
        raise ValueError(f"Thiếu mẫu: {', '.join(missing)}")
    return wording


def _values(data: FormData, agency: AgencyProfile) -> dict[str, str]:
    source = ""
    if data.sender_body:
        source = f" do {data.sender_body} chuyển đến"
        if data.sender_letter_no:
            source += f" theo văn bản số {data.sender_letter_no}"
            if data.sender_letter_date:
                source += f" ngày {data.sender_letter_date:%d/%m/%Y}"
    values = {k: ("" if v is None else str(v)) for k, v in asdict(data).items()}
    values.update(
        salutation="Ông/Bà",
        agency=display_name(agency.name),
        kind=data.kind_label.lower(),
        address=data.address or "không ghi",
        # "Ngày {received_date}, …": the templates write the word "ngày" themselves.
        received_date=long_date(data.received_on).removeprefix("ngày "),
        summary=data.summary.rstrip(".") + ".",
        source_text=source,
        accepted_date=f"{data.accepted_on:%d/%m/%Y}" if data.accepted_on else "…",
        resolve_due=f"{data.resolve_due_on:%d/%m/%Y}" if data.resolve_due_on else "…",
        decision_no=(
            f"Quyết định/Thông báo số {data.decision_no}" if data.decision_no else "không số"
        ),
        period=data.period or "…",
        deadline_source=data.deadline_source or "theo quy định",
        reason=data.reason.rstrip(".") or "…",
        signers=(f"; đơn có {data.signer_count} người ký" if data.signer_count >= 5 else ""),
        target_body=data.target_body or "…",
    )
    return values


def form_document(
    form: str,
    data: FormData,
    agency: AgencyProfile,
    number: str,
    issued_on: date,
    wording: dict[str, dict[str, Any]],
    *,
    signer_title: str = "",
    signer_name: str = "",
) -> OfficialDocument:
    w = wording[form]
    values = _values(data, agency)
    body: list[Any] = [w["greeting"].format(**values)]
    body += [p.format(**values) for p in w["paragraphs"]]
    recipients = [r.format(**values) for r in w.get("recipients", [])]
    title = signer_title or agency.head_title
    if form == PROPOSAL:
        signature = SignatureBlock(position=w.get("signer", "LÃNH ĐẠO PHÊ DUYỆT"), name="")
        left = SignatureBlock(position=w.get("left_signer", "NGƯỜI ĐỀ XUẤT"), name=data.officer)
        return OfficialDocument(
            agency=agency,
            title=w["title"],
            subtitle=w.get("subtitle", "").format(**values) or None,
            date=issued_on,
            number=number,
            body=body,
            signature=signature,
            left_signature=left,
        )
    return OfficialDocument(
        agency=agency,
        title=w["title"],
        subtitle=w.get("subtitle", "").format(**values) or None,
        date=issued_on,
        number=number,
        body=body,
        signature=signature_block(title, signer_name, agency),
        recipients=recipients,
    )


def render_form(
    form: str,
    data: FormData,
    agency: AgencyProfile,
    number: str,
    issued_on: date,
    out: str | Path,
    wording: dict[str, dict[str, Any]] | None = None,
    *,
    signer_title: str = "",
    signer_name: str = "",
) -> Path:
    doc = form_document(
        form,
        data,
        agency,
        number,
        issued_on,
        wording or load_wording(),
        signer_title=signer_title,
        signer_name=signer_name,
    )
    render_pdf(doc, out, title=f"{FORM_LABELS[form]} — {data.code}")
    return Path(out)
