"""The reception register out of the database, and the paper of one visit.

- ``register_lines``: the visits of a date range as the 12 columns of Mẫu 03/TCD, read with one
  plain SQL query (no ORM object per row: a year of a busy office is tens of thousands).
- ``write_register_xlsx``: the same columns as an Excel workbook (header bold and frozen, dates
  as real dates), written in openpyxl's streaming mode.
- ``print_register`` / ``export_register``: the use cases behind "In sổ" and "Xuất Excel"
  (read, write the file, then record an audit event).
- ``issue_visit_form``: Giấy biên nhận (02/TCD), Phiếu hẹn or Thông báo từ chối (01/TCD) for
  one saved visit: document number, PDF and audit event in the caller's write transaction.

The window (``ui.reception.paper``) and the command line (``commands.reception``) both call
these, so a form printed either way is numbered and logged the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from camau_reception.models.reception import (
    MATTER_KIND_LABELS,
    OUTCOME_LABELS,
    MatterKind,
    Outcome,
    ReceptionKind,
)
from camau_reception.models.users import Role
from camau_reception.printing.reception_forms import (
    APPOINTMENT,
    FORM_KINDS,
    FORM_LABELS,
    RECEIPT,
    REFUSAL,
    REGISTER_LABEL,
    ReceivedDocument,
    RegisterLine,
    VisitPaper,
    load_wording,
    register_columns,
    render_register,
    render_visit_form,
)
from camau_reception.services import audit
from camau_reception.services.actor import Actor
from camau_reception.services.auth import require
from camau_reception.services.errors import ValidationError
from camau_reception.services.reception_search import key_bounds

if TYPE_CHECKING:
    from camau_reception.models.reception import Reception
    from camau_reception.models.settings import IssuedDocument
    from camau_reception.storage.db import Database

Progress = Callable[[int, int, str], None]

# Who may print the paper of the register: everyone who may open the register page.
PAPER_ROLES = (Role.OFFICER, Role.LEADER, Role.INSPECTOR, Role.ADMIN)
TWO_PER_SHEET_SETTING = "print.receipt_two_per_sheet"
ENTITY = "reception"
# A register of more than this many years is almost surely a typing mistake.
MAX_RANGE_DAYS = 366 * 5
PROTECTED_NAME = "Người tố cáo tham nhũng\n(thông tin được bảo mật)"

_ID_KINDS = {"cccd": "", "cmnd": "CMND ", "passport": "Hộ chiếu ", "other": ""}


# --- date ranges -------------------------------------------------------------------------------


def check_range(day_from: date | None, day_to: date | None) -> tuple[date, date]:
    """Both days given, in order, and not absurdly far apart (``ValidationError`` otherwise)."""
    if day_from is None or day_to is None:
        raise ValidationError({"range": "Hãy chọn cả ngày bắt đầu và ngày kết thúc."})
    if day_from > day_to:
        raise ValidationError(
            {"range": f"Ngày bắt đầu ({day_from:%d/%m/%Y}) sau ngày kết thúc ({day_to:%d/%m/%Y})."}
        )
    if (day_to - day_from).days > MAX_RANGE_DAYS:
        raise ValidationError({"range": "Khoảng thời gian dài quá 5 năm; hãy chọn ngắn hơn."})
    return day_from, day_to


# --- the register as rows ----------------------------------------------------------------------

_REGISTER_SQL = """
SELECT r.received_at, r.kind,
       coalesce(c.full_name, ''), coalesce(c.id_kind, ''), coalesce(c.id_number, ''),
       coalesce(c.address_detail, ''), coalesce(c.commune, ''), coalesce(c.province, ''),
       r.summary, r.complaint, r.denunciation, r.recommendation, r.reflection, r.corruption,
       r.group_size, r.handled_by, r.within_competence, r.outcome,
       r.guided_to, r.guide_doc_number, r.transferred_to, r.transfer_doc_number,
       r.appointment_at, r.followup, r.repeat_count, r.presiding_leader_name,
       r.citizen_id
FROM receptions r
LEFT JOIN citizens c ON c.id = r.citizen_id
WHERE r.sort_key BETWEEN :lo AND :hi AND r.cancelled = 0
ORDER BY r.sort_key
"""

_MATTERS = (
    MatterKind.COMPLAINT,
    MatterKind.DENUNCIATION,
    MatterKind.RECOMMENDATION,
    MatterKind.REFLECTION,
)


def _dt(value: object) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _with_number(body: str, number: str) -> str:
    body, number = body.strip(), number.strip()
    if body and number:
        return f"{body}; văn bản số {number}"
    return body or (f"Văn bản số {number}" if number else "")


def _line(seq: int, r: Sequence[Any]) -> RegisterLine:
    (
        received_at,
        kind,
        name,
        id_kind,
        id_number,
        detail,
        commune,
        province,
        summary,
        *flags,
    ) = r[:13]
    corruption = bool(r[13])
    group_size, handled_by, within, outcome = r[14], r[15], r[16], r[17]
    guided_to, guide_no, transferred_to, transfer_no = r[18], r[19], r[20], r[21]
    appointment_at, followup, repeat_count, leader, citizen_id = r[22], r[23], r[24], r[25], r[26]

    address = ", ".join(p for p in (detail, commune, province) if p)
    if corruption and citizen_id is None:
        name_address = PROTECTED_NAME
        identity = ""
    else:
        name_address = f"{name}\n{address}" if address else name
        identity = f"{_ID_KINDS.get(id_kind, '')}{id_number}".strip()
    labels = [MATTER_KIND_LABELS[k] for k, on in zip(_MATTERS, flags, strict=True) if on]
    classification = ", ".join(labels)
    if corruption:
        classification += " (tham nhũng)"

    try:
        outcome_text = OUTCOME_LABELS[Outcome(outcome)]
    except ValueError:
        outcome_text = str(outcome or "")
    appointment = _dt(appointment_at)
    if outcome == Outcome.APPOINTMENT.value and appointment is not None:
        outcome_text += f" lúc {appointment:%H:%M} ngày {appointment:%d/%m/%Y}"
    follow = [outcome_text]
    if kind != ReceptionKind.REGULAR.value and leader:
        follow.append(f"Lãnh đạo tiếp: {leader}")
    if repeat_count:
        follow.append(f"Lần thứ {repeat_count + 1} cùng nội dung")
    if followup:
        follow.append(str(followup))
    guidance = _with_number(guided_to or "", guide_no or "")
    transfer = _with_number(transferred_to or "", transfer_no or "")
    return RegisterLine(
        seq=seq,
        received_at=_dt(received_at) or datetime.min,
        name_address=name_address,
        identity=identity,
        summary=str(summary or ""),
        classification=classification,
        people=int(group_size or 1),
        handled_by=str(handled_by or ""),
        within_competence=bool(within),
        guidance=guidance,
        transfer=transfer,
        followup=". ".join(p.rstrip(".") for p in follow if p) + ("." if follow else ""),
    )


def register_lines(
    session: Session,
    day_from: date,
    day_to: date,
    *,
    cancelled: Callable[[], bool] | None = None,
) -> list[RegisterLine]:
    """The visits between two days (both included) in register order, cancelled ones left out,
    numbered 1, 2, … (STT). One query on the raw driver connection of ``session``."""
    lo, hi = key_bounds(day_from, day_to)
    conn = session.connection().connection.driver_connection
    cursor = conn.execute(_REGISTER_SQL, {"lo": lo, "hi": hi})
    out: list[RegisterLine] = []
    while True:
        batch = cursor.fetchmany(2000)
        if not batch:
            break
        if cancelled is not None and cancelled():
            return []
        for row in batch:
            out.append(_line(len(out) + 1, row))
    return out


# --- Excel -------------------------------------------------------------------------------------

# Column widths in characters (the same order as the 12 columns).
XLSX_WIDTHS = (6, 17, 34, 16, 60, 18, 10, 24, 11, 28, 28, 36)


def write_register_xlsx(
    lines: Sequence[RegisterLine],
    out: str | Path,
    *,
    day_from: date,
    day_to: date,
    agency_name: str = "",
    wording: dict[str, dict[str, Any]] | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """One sheet "Sổ tiếp công dân": row 1 the 12 headings (bold, frozen, filterable), then one
    row per visit with the day and time as a real date. Returns the number of visits written
    (0 and no file when cancelled)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    headings = [h for h, _ in register_columns(wording or load_wording())]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(REGISTER_LABEL)
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    for i, width in enumerate(XLSX_WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headings))}{max(1, len(lines)) + 1}"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E8E8E8")
    wrap = Alignment(wrap_text=True, vertical="center", horizontal="center")
    head = []
    for text in headings:
        cell = WriteOnlyCell(ws, value=text)
        cell.font, cell.fill, cell.alignment = bold, fill, wrap
        head.append(cell)
    ws.append(head)
    total = len(lines)
    for i, line in enumerate(lines):
        if i % 1000 == 0:
            if cancelled is not None and cancelled():
                return 0
            if progress is not None:
                progress(i, total, "Đang ghi tệp Excel…")
        when = WriteOnlyCell(ws, value=line.received_at)
        when.number_format = "dd/mm/yyyy hh:mm"
        # Empty texts as None: no cell at all (openpyxl writes each cell as an XML element).
        ws.append(
            [
                line.seq,
                when,
                line.name_address.replace("\n", ", ") or None,
                line.identity or None,
                line.summary or None,
                line.classification or None,
                line.people,
                line.handled_by or None,
                "x" if line.within_competence else None,
                line.guidance or None,
                line.transfer or None,
                line.followup or None,
            ]
        )
    wb.properties.title = f"{REGISTER_LABEL} từ {day_from:%d/%m/%Y} đến {day_to:%d/%m/%Y}"
    if agency_name:
        wb.properties.creator = agency_name
    wb.save(str(out))
    if progress is not None:
        progress(total, total, "")
    return total


# --- use cases: the register -------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterOutput:
    path: Path
    visits: int
    pages: int = 0  # PDF only


def _agency(session: Session):  # -> AgencyProfile
    from camau_reception.domain.agency import SAMPLE_AGENCY
    from camau_reception.services import agency as agency_service

    return agency_service.get_profile(session) or SAMPLE_AGENCY


def _log_output(
    db: Database, actor: Actor, action: str, what: str, day_from: date, day_to: date, detail: str
) -> None:
    with db.write() as session:
        audit.log_event(
            session,
            actor,
            action,
            ENTITY,
            f"{day_from.isoformat()}:{day_to.isoformat()}",
            f"{what} {REGISTER_LABEL.lower()} từ {day_from:%d/%m/%Y} đến {day_to:%d/%m/%Y} "
            f"({detail})",
        )


def print_register(
    db: Database,
    actor: Actor,
    day_from: date,
    day_to: date,
    out: str | Path,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> RegisterOutput | None:
    """Sổ tiếp công dân (Mẫu 03/TCD) of a date range as a PDF, then an audit event.

    Reads in a read transaction and draws outside any write lock (a large range takes seconds);
    only the audit event is written. None when cancelled (no file is left)."""
    require(actor, *PAPER_ROLES)
    check_range(day_from, day_to)
    wording = load_wording()
    with db.read() as session:
        agency = _agency(session)
        lines = register_lines(session, day_from, day_to, cancelled=cancelled)
    if cancelled is not None and cancelled():
        return None
    pages = render_register(
        lines, agency, day_from, day_to, out, wording, progress=progress, cancelled=cancelled
    )
    if not pages:
        Path(out).unlink(missing_ok=True)
        return None
    _log_output(
        db,
        actor,
        "reception.print_register",
        "In",
        day_from,
        day_to,
        f"{len(lines)} lượt tiếp, {pages} trang",
    )
    return RegisterOutput(Path(out), len(lines), pages)


def export_register(
    db: Database,
    actor: Actor,
    day_from: date,
    day_to: date,
    out: str | Path,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> RegisterOutput | None:
    """The same range as an Excel workbook, then an audit event. None when cancelled."""
    require(actor, *PAPER_ROLES)
    check_range(day_from, day_to)
    wording = load_wording()
    with db.read() as session:
        agency = _agency(session)
        lines = register_lines(session, day_from, day_to, cancelled=cancelled)
    if cancelled is not None and cancelled():
        return None
    written = write_register_xlsx(
        lines,
        out,
        day_from=day_from,
        day_to=day_to,
        agency_name=agency.name,
        wording=wording,
        progress=progress,
        cancelled=cancelled,
    )
    if cancelled is not None and cancelled():
        Path(out).unlink(missing_ok=True)
        return None
    _log_output(
        db, actor, "reception.export_register", "Xuất Excel", day_from, day_to, f"{written} lượt"
    )
    return RegisterOutput(Path(out), written)


# --- use cases: the paper of one visit ---------------------------------------------------------


def receipt_two_per_sheet(session: Session) -> bool:
    """The office's choice: two copies of a receipt on one A4 sheet (default) or two pages."""
    from camau_reception.services import settings

    return bool(settings.get(session, TWO_PER_SHEET_SETTING, True))


def set_receipt_two_per_sheet(session: Session, actor: Actor, value: bool) -> None:
    """Any officer who prints receipts may switch it (the change is logged)."""
    from camau_reception.services import settings

    require(actor, *PAPER_ROLES)
    settings.put(session, actor, TWO_PER_SHEET_SETTING, bool(value), admin_only=False)


def form_problem(reception: Reception, kind: str) -> str:
    """Why ``kind`` cannot be printed for this visit ("" when it can)."""
    if kind not in FORM_KINDS:
        return "Loại giấy tờ không hợp lệ."
    if reception.cancelled:
        return "Lượt tiếp đã bị hủy, không in giấy tờ."
    if reception.corruption:
        return (
            "Lượt tiếp là tố cáo hành vi tham nhũng: thông tin người tố cáo được bảo mật, "
            "giấy tờ được in ở mục Tố cáo tham nhũng."
        )
    if reception.citizen is None:
        return "Lượt tiếp không có thông tin công dân."
    if kind == RECEIPT and not reception.documents:
        return (
            "Lượt tiếp chưa ghi tài liệu nào công dân cung cấp, nên không có gì để biên nhận. "
            "Hãy mở lượt tiếp, thêm tài liệu rồi in lại."
        )
    if kind == APPOINTMENT and (
        reception.outcome != Outcome.APPOINTMENT.value or reception.appointment_at is None
    ):
        return "Chỉ lượt tiếp có kết quả “Hẹn gặp lãnh đạo” mới in phiếu hẹn."
    if kind == REFUSAL and reception.outcome != Outcome.REFUSED.value:
        return "Chỉ lượt tiếp bị từ chối tiếp mới in thông báo từ chối tiếp công dân."
    return ""


def visit_paper(session: Session, reception_id: int) -> VisitPaper:
    """What the visit forms print about one visit."""
    from camau_reception.models.users import User
    from camau_reception.services import citizens
    from camau_reception.services import reception as reception_service

    r = reception_service.get(session, reception_id)
    c = r.citizen
    officer = session.get(User, r.officer_id) if r.officer_id else None
    return VisitPaper(
        reception_id=r.id,
        received_at=r.received_at,
        citizen_name=c.full_name if c else "",
        sex=c.sex if c else "",
        id_label=citizens.paper_label(c.id_kind) if c else "Giấy tờ tùy thân",
        id_number=c.id_number if c else "",
        id_issued_on=c.id_issued_on if c else None,
        id_issued_by=c.id_issued_by if c else "",
        address=c.address if c else "",
        phone=c.phone if c else "",
        summary=r.summary,
        officer_name=officer.full_name if officer else "",
        officer_position=officer.position if officer else "",
        presiding_leader_name=r.presiding_leader_name,
        documents=tuple(
            ReceivedDocument(
                d.name, d.pages, d.condition, reception_service.copy_kind_label(d.copy_kind)
            )
            for d in r.documents
        ),
        appointment_at=r.appointment_at,
        appointment_place=r.appointment_place,
        appointment_purpose=r.appointment_purpose,
        refusal_reason=reception_service.refusal_label(r.refusal_reason),
        refusal_detail=r.refusal_detail,
        legal_basis=reception_service.REFUSAL_LEGAL_BASIS,
    )


def issue_visit_form(
    session: Session,
    actor: Actor,
    reception_id: int,
    kind: str,
    *,
    on: date,
    out: str | Path,
    two_per_sheet: bool | None = None,
    signer_title: str = "",
    signer_name: str = "",
    new_number: bool = False,
) -> IssuedDocument:
    """Print ``kind`` (``RECEIPT``, ``APPOINTMENT`` or ``REFUSAL``) for the visit to ``out``.

    The first print takes the next document number of the year (Số: 05/GBN-SVHTTDL) and
    records it; a reprint keeps that number and date unless ``new_number``. Number, PDF and
    audit event belong to the caller's write transaction: a failed PDF takes no number.
    ``two_per_sheet`` (receipts): None = the office's setting.
    """
    from camau_reception.domain.text import normalize
    from camau_reception.services import numbering
    from camau_reception.services import reception as reception_service

    require(actor, *PAPER_ROLES)
    reception = reception_service.get(session, reception_id)
    problem = form_problem(reception, kind)
    if problem:
        raise ValidationError({"form": problem}, problem)
    wording = load_wording()
    title = FORM_LABELS[kind]
    doc: IssuedDocument | None = None
    if not new_number:
        doc = next(
            (d for d in numbering.issued_for(session, ENTITY, reception.id) if d.title == title),
            None,
        )
    if doc is None:
        doc = numbering.issue_number(
            session,
            actor,
            wording[kind]["type_code"],
            on,
            title=title,
            entity=ENTITY,
            entity_id=reception.id,
        )
        action = "reception.issue_form"
        summary = f"Lượt tiếp #{reception.id}: {title} số {doc.number}"
    else:
        action = "reception.reprint_form"
        summary = f"Lượt tiếp #{reception.id}: in lại {title.lower()} số {doc.number}"
    if two_per_sheet is None:
        two_per_sheet = receipt_two_per_sheet(session)
    render_visit_form(
        kind,
        visit_paper(session, reception.id),
        _agency(session),
        doc.number,
        doc.issued_on,
        out,
        wording,
        two_per_sheet=two_per_sheet,
        signer_title=normalize(signer_title),
        signer_name=normalize(signer_name),
    )
    audit.log_event(session, actor, action, ENTITY, reception.id, summary)
    return doc
