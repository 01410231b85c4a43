"""Import the procedure catalogue and the one-stop system's dossier export.

Each valid row is applied and each invalid row is reported, all inside the caller's single
transaction: a preview is the same call rolled back, and a failure leaves nothing behind.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from camau_reception.domain.text import fold
from camau_reception.imports.tabular import (
    FieldSpec,
    ImportReport,
    Rejected,
    Table,
    value,
)
from camau_reception.services import dossiers
from camau_reception.services.actor import Actor
from camau_reception.services.errors import ValidationError

PROCEDURE_FIELDS = [
    FieldSpec("code", "Mã thủ tục", aliases=("ma thu tuc", "ma tthc", "ma")),
    FieldSpec("name", "Tên thủ tục", aliases=("ten thu tuc", "ten tthc", "ten")),
    FieldSpec("level", "Cấp thực hiện", aliases=("cap", "cap thuc hien")),
    FieldSpec("field", "Lĩnh vực", required=False, aliases=("linh vuc",)),
    FieldSpec("processing_days", "Thời hạn giải quyết", aliases=("thoi han", "so ngay")),
    FieldSpec("has_fee", "Có phí, lệ phí", required=False, aliases=("phi", "le phi", "co phi")),
    FieldSpec(
        "online",
        "Dịch vụ công trực tuyến",
        required=False,
        aliases=("truc tuyen", "dvctt", "muc do"),
    ),
]

DOSSIER_FIELDS = [
    FieldSpec("code", "Mã hồ sơ", aliases=("ma ho so", "so ho so")),
    FieldSpec("procedure_code", "Mã thủ tục", aliases=("ma thu tuc", "ma tthc")),
    FieldSpec("applicant_name", "Người nộp", aliases=("chu ho so", "nguoi nop", "ho ten")),
    FieldSpec("received_at", "Ngày tiếp nhận", aliases=("ngay nhan", "ngay tiep nhan")),
    FieldSpec("channel", "Kênh nộp", required=False, aliases=("hinh thuc nop", "kenh")),
    FieldSpec(
        "returned_at",
        "Ngày trả kết quả",
        required=False,
        aliases=("ngay tra", "ngay tra ket qua", "ngay hoan thanh"),
    ),
    FieldSpec("applicant_id_number", "Số CCCD", required=False, aliases=("cccd", "so giay to")),
    FieldSpec("applicant_address", "Địa chỉ", required=False, aliases=("dia chi",)),
    FieldSpec("applicant_phone", "Điện thoại", required=False, aliases=("so dien thoai", "sdt")),
    FieldSpec("applicant_email", "Thư điện tử", required=False, aliases=("email",)),
    FieldSpec("digitised", "Số hóa", required=False, aliases=("so hoa", "da so hoa")),
    FieldSpec(
        "fee_paid_online",
        "Thanh toán trực tuyến",
        required=False,
        aliases=("thanh toan truc tuyen", "ttt"),
    ),
]

_YES = {"co", "x", "1", "true", "yes", "da", "dung"}
_LEVELS = {
    "tinh": "province",
    "cap tinh": "province",
    "huyen": "district",
    "cap huyen": "district",
    "xa": "commune",
    "cap xa": "commune",
    "province": "province",
    "district": "district",
    "commune": "commune",
}
_CHANNELS = {
    "truc tiep": "counter",
    "truc tuyen": "online",
    "buu chinh": "post",
    "buu chinh cong ich": "post",
    "counter": "counter",
    "online": "online",
    "post": "post",
}


def yes(text: str) -> bool:
    return fold(text) in _YES


def parse_datetime(text: str) -> datetime:
    text = text.strip()
    for fmt in (
        "%d/%m/%Y %H:%M:%S",
        "%d/%m/%Y %H:%M",
        "%d/%m/%Y",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d",
        "%Y-%m-%dT%H:%M:%S",
    ):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise ValueError(f"“{text}” không phải ngày giờ hợp lệ (dạng 05/01/2026 08:30)")


def import_procedures(
    session: Session, actor: Actor, table: Table, mapping: dict[str, int | None]
) -> ImportReport:
    report = ImportReport(total=len(table.rows))
    seen: set[str] = set()
    for n, row in enumerate(table.rows, table.first_row_number):
        reasons = []
        code = value(row, mapping, "code")
        if code in seen:
            reasons.append(f"mã thủ tục {code} lặp lại trong tệp")
        level = _LEVELS.get(fold(value(row, mapping, "level")), "")
        if not level:
            reasons.append("cấp thực hiện không rõ (tỉnh, huyện hoặc xã)")
        days_text = value(row, mapping, "processing_days").split(" ")[0].replace(",", ".")
        try:
            days = int(float(days_text))
        except ValueError:
            days = 0
            reasons.append(
                f"thời hạn giải quyết “{value(row, mapping, 'processing_days')}” không phải số ngày"
            )
        online_text = fold(value(row, mapping, "online"))
        online = (
            "full"
            if "toan trinh" in online_text
            else "partial"
            if "mot phan" in online_text
            else ""
        )
        data = dossiers.ProcedureInput(
            code=code,
            name=value(row, mapping, "name"),
            level=level or "province",
            field=value(row, mapping, "field"),
            processing_days=days,
            has_fee=yes(value(row, mapping, "has_fee")),
            online=online,
        )
        errors = dossiers.validate_procedure(data)
        reasons += [
            e for k, e in errors.items() if not (k == "processing_days" and days == 0 and reasons)
        ]
        if reasons:
            report.rejected.append(Rejected(n, reasons))
            continue
        seen.add(code)
        _, created = dossiers.upsert_procedure(session, actor, data)
        if created:
            report.created += 1
        else:
            report.updated += 1
    return report


def import_dossiers(
    session: Session,
    actor: Actor,
    table: Table,
    mapping: dict[str, int | None],
    source: str = "import",
    now: datetime | None = None,
) -> ImportReport:
    from camau_reception.services.calendar import load_calendar

    cal = load_calendar(session)
    report = ImportReport(total=len(table.rows))
    seen: set[str] = set()
    for n, row in enumerate(table.rows, table.first_row_number):
        reasons: list[str] = []
        code = value(row, mapping, "code")
        if code and code in seen:
            reasons.append(f"mã hồ sơ {code} lặp lại trong tệp")
        received = returned = None
        try:
            received = parse_datetime(value(row, mapping, "received_at"))
        except ValueError as exc:
            reasons.append(f"ngày tiếp nhận: {exc}")
        if value(row, mapping, "returned_at"):
            try:
                returned = parse_datetime(value(row, mapping, "returned_at"))
            except ValueError as exc:
                reasons.append(f"ngày trả kết quả: {exc}")
        channel = _CHANNELS.get(fold(value(row, mapping, "channel")) or "truc tiep")
        if channel is None:
            reasons.append(f"kênh nộp “{value(row, mapping, 'channel')}” không rõ")
        if reasons:
            report.rejected.append(Rejected(n, reasons))
            continue
        assert received is not None and channel is not None
        data = dossiers.DossierInput(
            code=code,
            procedure_code=value(row, mapping, "procedure_code"),
            applicant_name=value(row, mapping, "applicant_name"),
            received_at=received,
            channel=channel,
            returned_at=returned,
            applicant_id_number=value(row, mapping, "applicant_id_number"),
            applicant_address=value(row, mapping, "applicant_address"),
            applicant_phone=value(row, mapping, "applicant_phone"),
            applicant_email=value(row, mapping, "applicant_email"),
            digitised=yes(value(row, mapping, "digitised")),
            result_digitised=yes(value(row, mapping, "digitised")),
            fee_paid_online=yes(value(row, mapping, "fee_paid_online")),
        )
        try:
            with session.begin_nested():
                _, created = dossiers.upsert_dossier(
                    session, actor, data, cal=cal, now=now, source=source
                )
        except ValidationError as exc:
            report.rejected.append(Rejected(n, list(exc.errors.values())))
            continue
        seen.add(code)
        if created:
            report.created += 1
        else:
            report.updated += 1
    return report
