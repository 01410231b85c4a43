"""Paper for corruption denunciations. Nothing here can print the denouncer: the forms take a
``CaseSheet`` (only the columns stored in clear) and never an identity.

- Phiếu chuyển đơn tố cáo (transfer slip), redacted (Luật Tố cáo 2018, Điều 8, 24, 56);
- Bản trích nội dung tố cáo, the redacted copy handed to the people verifying (Điều 56);
- the yearly public report on handling corruption denunciations (counts only);
- the recovery-key sheet for the head of the agency, and the reporter's follow-up receipt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
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
from camau_reception.printing.formats import vn_date
from camau_reception.printing.signer import signature_block

LEGAL_NOTE = (
    "Theo khoản 3 Điều 8 và Điều 56 Luật Tố cáo năm 2018, họ tên, địa chỉ, bút tích và các "
    "thông tin cá nhân khác của người tố cáo đã được loại bỏ khỏi văn bản này; bản gốc được "
    "quản lý theo chế độ tài liệu mật."
)


@dataclass(frozen=True)
class CaseSheet:
    """What may be printed about a case (built by ``services.corruption.sheet_of``)."""

    code: str
    received_on: date
    kind: str
    source: str
    field: str
    subject: str
    summary: str
    state: str
    reporter_label: str
    attachments: list[str] = field(default_factory=list)  # kinds only, never file names
    transfer_to: str = ""
    transfer_doc_no: str = ""
    transferred_on: date | None = None


def _reporter_line(label: str) -> str:
    """ "Người tố cáo (đã bảo mật)." as it stands; another label ("Nặc danh") after a colon."""
    return f"{label}." if label.lower().startswith("người tố cáo") else f"Người tố cáo: {label}."


def _space(points: float = 8):  # -> Flowable
    from reportlab.platypus import Spacer

    return Spacer(1, points)


def _signature(agency: AgencyProfile, title: str = "", name: str = "") -> SignatureBlock:
    return signature_block(title, name, agency)


def transfer_slip(
    sheet: CaseSheet,
    agency: AgencyProfile,
    issued_on: date,
    number: str,
    *,
    signer_title: str = "",
    signer_name: str = "",
) -> OfficialDocument:
    us = display_name(agency.name)
    target = sheet.transfer_to or "…"
    body: list[Any] = [
        paragraph(f"Kính gửi: {target}.", "center"),
        f"Ngày {vn_date(sheet.received_on)}, {us} tiếp nhận đơn tố cáo hành vi tham nhũng "
        f"(mã hồ sơ {sheet.code}; nguồn: {sheet.source.lower()}).",
        f"{_reporter_line(sheet.reporter_label)} {LEGAL_NOTE}",
        f"Người, cơ quan, đơn vị bị tố cáo: {sheet.subject or 'chưa xác định'}.",
        f"Nội dung tố cáo: {sheet.summary}",
        f"Sau khi xem xét, nội dung tố cáo không thuộc thẩm quyền giải quyết của {us}. Căn cứ "
        f"Điều 24 Luật Tố cáo năm 2018, {us} chuyển nội dung tố cáo nêu trên đến {target} để "
        "xem xét, giải quyết theo thẩm quyền và thông báo kết quả cho cơ quan chuyển đơn.",
        "Thông tin về người tố cáo chỉ được cung cấp theo chế độ mật khi cơ quan có thẩm quyền "
        "giải quyết đề nghị bằng văn bản.",
    ]
    if sheet.attachments:
        body.append(
            "Kèm theo: bản trích nội dung tố cáo đã loại bỏ thông tin nhận diện người tố cáo."
        )
    return OfficialDocument(
        agency=agency,
        title="PHIẾU CHUYỂN ĐƠN TỐ CÁO",
        date=issued_on,
        number=number,
        body=body,
        signature=_signature(agency, signer_title, signer_name),
        recipients=[
            "Như trên",
            "Người tố cáo (thông báo bằng hình thức bảo đảm bí mật)",
            f"Lưu: VT, Thanh tra (hồ sơ {sheet.code})",
        ],
    )


def verifier_copy(
    sheet: CaseSheet,
    agency: AgencyProfile,
    issued_on: date,
    *,
    prepared_by: str = "",
    prepared_title: str = "Người trích lục",
) -> OfficialDocument:
    width = frame_width()
    rows = [
        ["Nội dung", "Thông tin"],
        ["Mã hồ sơ", sheet.code],
        ["Ngày tiếp nhận", vn_date(sheet.received_on)],
        ["Loại", sheet.kind],
        ["Nguồn tiếp nhận", sheet.source],
        ["Lĩnh vực", sheet.field or "—"],
        ["Người tố cáo", sheet.reporter_label],
        ["Người, cơ quan, đơn vị bị tố cáo", sheet.subject or "—"],
        ["Nội dung tố cáo", sheet.summary],
        [
            "Tài liệu kèm theo",
            "; ".join(sheet.attachments) + " (bản gốc lưu mật, không chuyển kèm)"
            if sheet.attachments
            else "Không",
        ],
        ["Tình trạng", sheet.state],
    ]
    body: list[Any] = [
        table(rows, [0.32, 0.68], width),
        _space(),
        paragraph(LEGAL_NOTE, "italic_note"),
        paragraph(
            "Đoàn, Tổ xác minh không được tìm cách xác định danh tính người tố cáo. Việc làm "
            "việc với người tố cáo (nếu cần) do người được giao giải quyết bố trí, bảo đảm giữ "
            "bí mật.",
            "italic_note",
        ),
    ]
    return OfficialDocument(
        agency=agency,
        title="BẢN TRÍCH NỘI DUNG TỐ CÁO",
        subtitle="(Dùng cho người được giao xác minh — đã loại bỏ thông tin người tố cáo)",
        date=issued_on,
        body=body,
        signature=SignatureBlock(position=prepared_title, name=prepared_by, space_mm=18),
        show_number=False,
    )


def yearly_report(
    year: int,
    rows: Sequence[tuple[str, str, str]],
    agency: AgencyProfile,
    issued_on: date,
    number: str | None = None,
) -> OfficialDocument:
    """``rows``: (section, item, value) from ``services.corruption.YearReport.rows``."""
    us = display_name(agency.name)
    width = frame_width()
    body: list[Any] = [
        f"Thực hiện quy định về công khai kết quả phòng, chống tham nhũng, {us} báo cáo kết quả "
        f"tiếp nhận, xử lý tố cáo và tin báo về hành vi tham nhũng năm {year} (từ ngày "
        f"01/01/{year} đến ngày 31/12/{year}) như sau:",
    ]
    sections: dict[str, list[tuple[str, str]]] = {}
    for section, item, value in rows:
        sections.setdefault(section, []).append((item, value))
    from reportlab.platypus import KeepTogether

    for i, (section, items) in enumerate(sections.items(), start=1):
        data = [["Chỉ tiêu", "Số liệu"], *[[item, value or "—"] for item, value in items]]
        # A heading never stays alone at the foot of a page, away from its table.
        body.append(
            KeepTogether(
                [
                    paragraph(f"{i}. {section}", "bold"),
                    table(data, [0.78, 0.22], width, center_columns=[1]),
                ]
            )
        )
        body.append(_space())
    body.append(
        paragraph(
            "Báo cáo chỉ gồm số liệu tổng hợp, không chứa thông tin nhận diện người tố cáo "
            "(khoản 3 Điều 8 Luật Tố cáo năm 2018). Thời gian xử lý tính theo ngày, từ ngày tiếp "
            "nhận đến ngày ban hành kết luận nội dung tố cáo.",
            "italic_note",
        )
    )
    return OfficialDocument(
        agency=agency,
        title="BÁO CÁO",
        subtitle=f"Kết quả tiếp nhận, xử lý tố cáo hành vi tham nhũng năm {year}",
        date=issued_on,
        number=number,
        body=body,
        signature=_signature(agency),
        recipients=[
            "Thanh tra tỉnh",
            "Cổng thông tin điện tử của Sở (công khai)",
            "Lưu: VT, Thanh tra",
        ],
    )


def recovery_sheet(
    key_text: str, fingerprint: str, agency: AgencyProfile, issued_on: date, created_by: str
) -> OfficialDocument:
    from reportlab.lib.styles import ParagraphStyle

    from camau_reception.printing.document import styles

    key_style = ParagraphStyle(
        "recovery_key", parent=styles()["center"], fontName="Courier-Bold", fontSize=17, leading=26
    )
    groups = key_text.split("-")
    lines = ["  ".join(groups[i : i + 3]) for i in range(0, len(groups), 3)]
    from reportlab.platypus import Paragraph

    body: list[Any] = [
        paragraph("MẬT", "center_bold"),
        f"Khóa khôi phục dưới đây mở được toàn bộ danh tính người tố cáo hành vi tham nhũng lưu "
        f"trong phần mềm tiếp công dân của {display_name(agency.name)}. Khóa được tạo ngày "
        f"{vn_date(issued_on)} bởi {created_by} và chỉ hiển thị một lần; phần mềm không lưu "
        "khóa này.",
        Paragraph("<br/>".join(lines), key_style),
        f"Dấu vân tay khóa dữ liệu: {fingerprint}.",
        "Thủ trưởng cơ quan giữ tờ giấy này theo chế độ tài liệu mật (niêm phong, cất trong tủ "
        "có khóa), không chụp ảnh, không lưu trên máy tính. Khóa chỉ dùng khi không còn thanh "
        "tra viên nào có quyền đọc thông tin bảo mật: trên trang Tố cáo tham nhũng chọn “Dùng "
        "khóa khôi phục”, nhập khóa và chọn thanh tra viên được cấp quyền. Mỗi lần dùng đều "
        "được ghi nhật ký.",
        "Khi tạo khóa khôi phục mới, khóa trên tờ giấy này hết hiệu lực và phải được hủy.",
    ]
    return OfficialDocument(
        agency=agency,
        title="KHÓA KHÔI PHỤC DỮ LIỆU TỐ CÁO THAM NHŨNG",
        date=issued_on,
        body=body,
        signature=SignatureBlock(position="Người nhận", note="(Ký, ghi rõ họ tên)"),
        left_signature=SignatureBlock(position="Người tạo khóa", name=created_by),
        show_number=False,
    )


def followup_receipt(
    case_code: str,
    followup_code: str,
    received_on: date,
    agency: AgencyProfile,
    documents: Sequence[str] = (),
) -> OfficialDocument:
    us = display_name(agency.name)
    body: list[Any] = [
        f"{us} đã tiếp nhận đơn tố cáo của Ông/Bà ngày {vn_date(received_on)}, mã hồ sơ "
        f"{case_code}.",
    ]
    if documents:
        body.append("Tài liệu đã nhận: " + "; ".join(documents) + ".")
    body += [
        _space(4),
        paragraph(f"Mã theo dõi: {followup_code}", "center_bold"),
        _space(4),
        "Khi cần biết tình trạng giải quyết, Ông/Bà đọc mã theo dõi cho cán bộ tiếp công dân "
        "(trực tiếp hoặc qua điện thoại); cán bộ chỉ thấy tình trạng hồ sơ, không thấy họ tên "
        "Ông/Bà. Hãy giữ giấy này cẩn thận: cơ quan không lưu mã theo dõi và không cấp lại.",
        LEGAL_NOTE.replace("văn bản này", "hồ sơ được chuyển cho người xác minh"),
    ]
    return OfficialDocument(
        agency=agency,
        title="GIẤY BIÊN NHẬN ĐƠN TỐ CÁO",
        date=received_on,
        body=body,
        signature=SignatureBlock(position="Người tiếp nhận", note="(Ký, ghi rõ họ tên)"),
        show_number=False,
    )


def render(doc: OfficialDocument | Sequence[OfficialDocument], out: str | Path) -> int:
    return render_pdf(doc, out)
