"""Import the procedure catalogue from the provincial portal's Excel/CSV list.

Each valid row creates or updates a procedure by its code; each invalid row is reported with
its spreadsheet row number, all inside the caller's transaction (see ``tabular.run_import``).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from camau_reception.domain.text import fold
from camau_reception.imports.tabular import (
    FieldSpec,
    ImportReport,
    Rejected,
    Table,
    parse_whole_number,
    value,
    yes,
)
from camau_reception.services import audit, procedures
from camau_reception.services.actor import Actor
from camau_reception.services.auth import require
from camau_reception.services.errors import ValidationError

PROCEDURE_FIELDS = [
    FieldSpec("code", "Mã thủ tục", aliases=("ma thu tuc", "ma tthc", "ma", "ma so")),
    FieldSpec("name", "Tên thủ tục", aliases=("ten thu tuc", "ten tthc", "ten")),
    FieldSpec("level", "Cấp thực hiện", aliases=("cap", "cap thuc hien", "cap giai quyet")),
    FieldSpec("field", "Lĩnh vực", required=False, aliases=("linh vuc",)),
    FieldSpec(
        "processing_days",
        "Thời hạn giải quyết",
        aliases=("thoi han", "so ngay", "thoi gian giai quyet"),
    ),
    FieldSpec(
        "has_fee",
        "Có phí, lệ phí",
        required=False,
        aliases=("phi", "le phi", "co phi", "phi le phi"),
    ),
    FieldSpec(
        "online",
        "Dịch vụ công trực tuyến",
        required=False,
        aliases=("truc tuyen", "dvctt", "muc do", "dich vu cong"),
    ),
    FieldSpec(
        "shared_with_province",
        "Liên thông cấp tỉnh",
        required=False,
        aliases=("lien thong", "dung chung"),
    ),
    FieldSpec("in_force", "Còn hiệu lực", required=False, aliases=("hieu luc", "trang thai")),
]

LEVELS = {
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

_NOT_IN_FORCE = {"khong", "het hieu luc", "bai bo", "da bai bo", "0", "false", "no", "het"}


def online_level(text: str) -> str:
    folded = fold(text)
    if "toan trinh" in folded or folded in ("full", "muc do 4", "4"):
        return "full"
    if "mot phan" in folded or folded in ("partial", "muc do 3", "3"):
        return "partial"
    return ""


def import_procedures(
    session: Session, actor: Actor, table: Table, mapping: dict[str, int | None]
) -> ImportReport:
    require(actor, *procedures.EDITORS)
    report = ImportReport(total=len(table.rows))
    seen: dict[str, int] = {}
    for n, row in enumerate(table.rows, table.first_row_number):
        reasons: list[str] = []
        code = value(row, mapping, "code")
        if code and code in seen:
            reasons.append(f"mã thủ tục {code} đã có ở dòng {seen[code]}")
        level_text = value(row, mapping, "level")
        level = LEVELS.get(fold(level_text), "")
        if not level:
            reasons.append(f"cấp thực hiện “{level_text}” không rõ (tỉnh, huyện hoặc xã)")
        days: int | None = None
        try:
            days = parse_whole_number(value(row, mapping, "processing_days"), "ngày làm việc")
        except ValueError:
            reasons.append(
                f"thời hạn giải quyết “{value(row, mapping, 'processing_days')}” "
                "không phải số ngày làm việc"
            )
        in_force_text = value(row, mapping, "in_force")
        data = procedures.ProcedureInput(
            code=code,
            name=value(row, mapping, "name"),
            level=level or "province",
            field=value(row, mapping, "field"),
            processing_days=days if days is not None else 1,
            has_fee=yes(value(row, mapping, "has_fee")),
            online=online_level(value(row, mapping, "online")),
            shared_with_province=yes(value(row, mapping, "shared_with_province")),
            in_force=fold(in_force_text) not in _NOT_IN_FORCE,
        )
        errors = procedures.validate_procedure(data)
        errors.pop("level", None)  # already explained with the text found
        reasons += [
            msg for key, msg in errors.items() if key != "processing_days" or days is not None
        ]
        if reasons:
            report.rejected.append(Rejected(n, reasons))
            continue
        try:
            with session.begin_nested():
                _, status = procedures.apply_procedure(session, actor, data, audit_event=False)
        except ValidationError as exc:
            report.rejected.append(Rejected(n, list(exc.errors.values())))
            continue
        seen[code] = n
        report.count(status)
    if report.created or report.updated:
        audit.log_event(
            session,
            actor,
            "procedure.import",
            "procedure",
            "",
            f"Nhập danh mục thủ tục: {report.summary()}",
        )
    return report
