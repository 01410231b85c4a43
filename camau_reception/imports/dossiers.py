"""Import the one-stop system's dossier export (Excel/CSV).

Re-importing the same file updates, never duplicates: a dossier is found by its code, a row
that changes nothing is counted as unchanged, and a dossier already returned here is never
reopened by an older export. Due dates are always recomputed from the procedure's working days
on this office's calendar, so they carry the same explanation as a dossier entered by hand.

An optional state column (trạng thái) carries the one-stop system's state: a dossier refused
(từ chối) or withdrawn (rút hồ sơ) is never late nor owed an apology letter, and one waiting
for additional documents (chờ bổ sung) or suspended (tạm dừng) stops its clock. Without the
column, or with an empty cell, the state follows the return date as before.

A large export is imported off the UI thread: ``progress(done, total, message)`` is told as rows
are read, and ``cancelled()`` is asked before each row; a cancel raises ``ImportCancelled``
inside the caller's transaction, so nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from camau_reception.domain.text import fold
from camau_reception.imports.tabular import (
    FieldSpec,
    ImportReport,
    Rejected,
    Table,
    parse_datetime,
    value,
    yes,
)
from camau_reception.models.dossiers import STATE_LABELS, DossierState
from camau_reception.models.users import User
from camau_reception.services import audit, dossiers
from camau_reception.services.actor import Actor
from camau_reception.services.auth import require
from camau_reception.services.calendar import load_calendar
from camau_reception.services.errors import ServiceError, ValidationError


class ImportCancelled(ServiceError):
    """The officer stopped the import: raised inside the transaction, which then saves nothing."""

    def __init__(self, message: str = "Đã hủy nhập: không ghi dòng nào.") -> None:
        super().__init__(message)


DOSSIER_FIELDS = [
    FieldSpec("code", "Mã hồ sơ", aliases=("ma ho so", "so ho so", "ma hs")),
    FieldSpec("procedure_code", "Mã thủ tục", aliases=("ma thu tuc", "ma tthc")),
    FieldSpec(
        "applicant_name",
        "Người nộp",
        aliases=("chu ho so", "nguoi nop", "ho ten", "nguoi dung ten", "to chuc, ca nhan"),
    ),
    FieldSpec("received_at", "Ngày tiếp nhận", aliases=("ngay nhan", "ngay tiep nhan", "ngay nop")),
    FieldSpec("channel", "Kênh nộp", required=False, aliases=("hinh thuc nop", "kenh")),
    FieldSpec(
        "returned_at",
        "Ngày trả kết quả",
        required=False,
        aliases=("ngay tra", "ngay tra ket qua", "ngay hoan thanh", "ngay co ket qua"),
    ),
    FieldSpec(
        "applicant_id_number",
        "Số CCCD",
        required=False,
        aliases=("cccd", "so giay to", "so dinh danh", "cmnd"),
    ),
    FieldSpec("applicant_address", "Địa chỉ", required=False, aliases=("dia chi",)),
    FieldSpec("applicant_phone", "Điện thoại", required=False, aliases=("so dien thoai", "sdt")),
    FieldSpec("applicant_email", "Thư điện tử", required=False, aliases=("email", "e-mail")),
    FieldSpec(
        "digitised", "Hồ sơ số hóa", required=False, aliases=("so hoa", "da so hoa", "so hoa ho so")
    ),
    FieldSpec(
        "result_digitised",
        "Kết quả số hóa",
        required=False,
        aliases=("so hoa ket qua", "ket qua dien tu"),
    ),
    FieldSpec(
        "fee_paid_online",
        "Thanh toán trực tuyến",
        required=False,
        aliases=("thanh toan truc tuyen", "ttt", "thanh toan"),
    ),
    FieldSpec(
        "officer", "Cán bộ thụ lý", required=False, aliases=("can bo xu ly", "can bo", "thu ly")
    ),
    FieldSpec(
        "state",
        "Trạng thái",
        required=False,
        aliases=("trang thai ho so", "tinh trang", "tinh trang ho so", "trang thai xu ly"),
    ),
]

# The one-stop systems' wordings of a dossier's state, folded (no accents, lower case).
STATES: dict[str, DossierState] = {
    **dict.fromkeys(
        (
            "da tra ket qua",
            "da tra",
            "da tra kq",
            "tra ket qua",
            "da tra ket qua dung han",
            "da tra ket qua tre han",
            "da tra ket qua qua han",
            "da tra ket qua truoc han",
            "hoan thanh",
            "da hoan thanh",
            "da co ket qua",
            "da giai quyet",
            "returned",
        ),
        DossierState.RETURNED,
    ),
    **dict.fromkeys(
        (
            "dang giai quyet",
            "dang xu ly",
            "dang thu ly",
            "da tiep nhan",
            "moi tiep nhan",
            "cho xu ly",
            "cho giai quyet",
            "trong han",
            "qua han",
            "tre han",
            "dang giai quyet trong han",
            "dang giai quyet qua han",
            "dang giai quyet tre han",
            "processing",
        ),
        DossierState.PROCESSING,
    ),
    **dict.fromkeys(
        (
            "cho bo sung",
            "cho bo sung ho so",
            "yeu cau bo sung",
            "yeu cau bo sung ho so",
            "bo sung ho so",
            "dang bo sung",
            "dang bo sung ho so",
            "cho cong dan bo sung",
            "cho bo sung, hoan thien",
            "cho bo sung hoan thien",
            "bo sung, hoan thien ho so",
            "awaiting",
        ),
        DossierState.AWAITING,
    ),
    **dict.fromkeys(
        (
            "tu choi",
            "da tu choi",
            "bi tu choi",
            "tu choi giai quyet",
            "tu choi tiep nhan",
            "tu choi ho so",
            "khong du dieu kien giai quyet",
            "refused",
        ),
        DossierState.REFUSED,
    ),
    **dict.fromkeys(
        (
            "rut ho so",
            "da rut",
            "da rut ho so",
            "cong dan rut ho so",
            "rut",
            "xin rut ho so",
            "withdrawn",
        ),
        DossierState.WITHDRAWN,
    ),
    **dict.fromkeys(
        (
            "tam dung",
            "tam dung xu ly",
            "tam dung giai quyet",
            "dung xu ly",
            "dung giai quyet",
            "da tam dung",
            "suspended",
        ),
        DossierState.SUSPENDED,
    ),
}
_NOISE = re.compile(r"\(.*?\)|[\[\]().:;!*\-–—_/\\]+")


def parse_state(text: str) -> DossierState | None:
    """The state a cell names; None for an empty cell; ``ValueError`` for an unknown wording.

    "Đã trả kết quả", "ĐANG GIẢI QUYẾT", "Chờ bổ sung hồ sơ", "Từ chối", "Rút hồ sơ",
    "Tạm dừng" and their usual variants are read; words in brackets are ignored
    ("Đã trả kết quả (trễ hạn)")."""
    folded = fold(text)
    if not folded:
        return None
    state = STATES.get(folded)
    if state is None:
        key = " ".join(_NOISE.sub(" ", folded).split())
        state = STATES.get(key) or STATES.get(key.replace(",", "").strip())
    if state is None:
        raise ValueError(text)
    return state


STATE_HINT = ", ".join(
    STATE_LABELS[s].lower()
    for s in (
        DossierState.PROCESSING,
        DossierState.RETURNED,
        DossierState.AWAITING,
        DossierState.SUSPENDED,
        DossierState.REFUSED,
        DossierState.WITHDRAWN,
    )
)

CHANNELS = {
    "truc tiep": "counter",
    "tai quay": "counter",
    "truc tuyen": "online",
    "qua mang": "online",
    "dich vu cong": "online",
    "buu chinh": "post",
    "buu chinh cong ich": "post",
    "qua buu dien": "post",
    "counter": "counter",
    "online": "online",
    "post": "post",
}


def _officers(session: Session) -> dict[str, int]:
    """Folded username and full name -> user id (a name two users share matches nobody)."""
    out: dict[str, int] = {}
    clashes: set[str] = set()
    for uid, username, full_name in session.execute(select(User.id, User.username, User.full_name)):
        for key in {fold(username), fold(full_name)}:
            if key in out and out[key] != uid:
                clashes.add(key)
            out[key] = uid
    for key in clashes:
        out.pop(key, None)
    return out


def import_dossiers(
    session: Session,
    actor: Actor,
    table: Table,
    mapping: dict[str, int | None],
    source: str = "import",
    now: datetime | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    require(actor, *dossiers.HANDLERS)
    cal = load_calendar(session)
    officers = _officers(session) if mapping.get("officer") is not None else {}
    report = ImportReport(total=len(table.rows))
    seen: dict[str, int] = {}
    separate_result = mapping.get("result_digitised") is not None
    total = len(table.rows)
    step = max(1, total // 200)  # about 200 progress reports, however long the file
    for done, (n, row) in enumerate(enumerate(table.rows, table.first_row_number)):
        if cancelled is not None and cancelled():
            raise ImportCancelled()
        if progress is not None and done % step == 0:
            progress(done, total, f"Dòng {done + 1:,}/{total:,}".replace(",", "."))
        reasons: list[str] = []
        code = value(row, mapping, "code")
        if code and code in seen:
            reasons.append(f"mã hồ sơ {code} đã có ở dòng {seen[code]}")
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
        channel_text = value(row, mapping, "channel")
        channel = CHANNELS.get(fold(channel_text) or "truc tiep")
        if channel is None:
            reasons.append(f"kênh nộp “{channel_text}” không rõ (trực tiếp, trực tuyến, bưu chính)")
        state_text = value(row, mapping, "state")
        state: DossierState | None = None
        try:
            state = parse_state(state_text)
        except ValueError:
            reasons.append(f"trạng thái “{state_text}” không rõ ({STATE_HINT})")
        officer_text = value(row, mapping, "officer")
        officer_id = officers.get(fold(officer_text)) if officer_text else None
        if reasons:
            report.rejected.append(Rejected(n, reasons))
            continue
        assert received is not None and channel is not None
        digitised = yes(value(row, mapping, "digitised"))
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
            digitised=digitised,
            # One "số hóa" column in most exports covers the dossier and its result.
            result_digitised=yes(value(row, mapping, "result_digitised"))
            if separate_result
            else digitised,
            fee_paid_online=yes(value(row, mapping, "fee_paid_online")),
            officer_id=officer_id,
            state=state.value if state is not None else None,
        )
        try:
            with session.begin_nested():
                _, status = dossiers.apply_dossier(
                    session, actor, data, cal=cal, now=now, source=source or "import"
                )
        except ValidationError as exc:
            report.rejected.append(Rejected(n, list(exc.errors.values())))
            continue
        seen[code] = n
        report.count(status)
    if cancelled is not None and cancelled():
        raise ImportCancelled()
    if progress is not None:
        progress(total, total, "")
    if report.created or report.updated:
        audit.log_event(
            session,
            actor,
            "dossier.import",
            "dossier",
            "",
            f"Nhập hồ sơ từ {source or 'tệp'}: {report.summary()}",
        )
    return report
