"""Administrative-procedure dossiers (hồ sơ TTHC): the register, due dates on the work
calendar, and late detection.

One definition of lateness for every list, letter and report, counted in whole days:

- a dossier is **late on day D** when it is still being processed after its due day
  (``due_at.date() < D``), or was returned on a day after its due day. Returned on the due
  date, at any hour, is on time;
- it **owes an apology** on day D when it is still being processed after its current promise
  (``promised_at``: the due date, or the new date of the last apology letter): the citizen is
  owed a letter and a new date.

The catalogue lives in ``services.procedures``, letters in ``services.apologies``, figures in
``services.indicators`` and ratings in ``services.surveys``; the names they had here before
the split are still importable from this module.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import String, and_, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from camau_reception.config import resources_dir
from camau_reception.domain.calendar import WorkCalendar, group_named_days
from camau_reception.domain.text import fold, normalize
from camau_reception.models.base import utcnow
from camau_reception.models.dossiers import (
    CHANNEL_LABELS,
    LEVEL_LABELS,
    STATE_LABELS,
    ApologyLetter,
    Channel,
    Dossier,
    DossierState,
    Procedure,
)
from camau_reception.models.users import Role, User
from camau_reception.printing.apology_letter import WordingError
from camau_reception.services import audit, procedures
from camau_reception.services.actor import Actor, user_id_of
from camau_reception.services.auth import require
from camau_reception.services.calendar import load_calendar
from camau_reception.services.errors import Collector, ConflictError, NotFound, ValidationError

HANDLERS = (Role.OFFICER, Role.LEADER, Role.ADMIN)
END_OF_DAY = time(17, 0)  # results are handed back until the office closes


# --- editable wording -------------------------------------------------------------------------


# Wording errors are raised by the printing side, which fills the placeholders.
TemplateError = WordingError


def template_path(name: str) -> Path:
    return resources_dir() / "templates" / f"{name}.toml"


@lru_cache(maxsize=16)
def _load_template(path: str, mtime: float) -> dict[str, Any]:
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TemplateError(f"Không đọc được mẫu văn bản {Path(path).name}: {exc}") from exc


def template(name: str) -> dict[str, Any]:
    """The wording of a letter or slip; re-read when the administrator edits the file."""
    path = template_path(name)
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise TemplateError(f"Không có mẫu văn bản {path.name}.") from exc
    return _load_template(str(path), mtime)


# --- dossiers ---------------------------------------------------------------------------------


@dataclass
class DossierInput:
    code: str
    procedure_code: str
    applicant_name: str
    received_at: datetime
    channel: str = Channel.COUNTER.value
    applicant_id_number: str = ""
    applicant_address: str = ""
    applicant_phone: str = ""
    applicant_email: str = ""
    digitised: bool = False
    result_digitised: bool = False
    fee_paid_online: bool = False
    returned_at: datetime | None = None
    officer_id: int | None = None  # cán bộ thụ lý; by hand the one entering it


@dataclass(frozen=True)
class DueDate:
    due_at: datetime
    explanation: str


def counting_start(received: date, cal: WorkCalendar) -> date:
    """A dossier received on a day off (online, at the weekend) counts as received on the next
    working day; otherwise the day of receipt (day 1 is the working day after it)."""
    return received if cal.is_working_day(received) else cal.next_working_day(received)


def due_date(received_at: datetime, days: int, cal: WorkCalendar) -> DueDate:
    """Return date: the n-th working day after receipt, until the end of that working day."""
    received = received_at.date()
    start = counting_start(received, cal)
    due_day = cal.add_working_days(start, days)
    skipped = cal.holidays_between(start + timedelta(days=1), due_day)
    text = f"{days} ngày làm việc kể từ {received:%d/%m/%Y}"
    if start != received:
        text += f" (nhận vào ngày nghỉ, tính như nhận ngày {start:%d/%m/%Y})"
    if skipped:
        parts = []
        for name, first, last in group_named_days(skipped):
            span = f"{first:%d/%m}" if first == last else f"{first:%d/%m}–{last:%d/%m}"
            parts.append(f"{name} {span}")
        text += ", bỏ qua " + ", ".join(parts)
    text += f" → hẹn trả {due_day:%d/%m/%Y}"
    return DueDate(datetime.combine(due_day, END_OF_DAY), text)


def due_for(received_at: datetime, days: int, cal: WorkCalendar) -> tuple[datetime, str]:
    d = due_date(received_at, days, cal)
    return d.due_at, d.explanation


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def validate_dossier(
    session: Session, data: DossierInput, now: datetime | None = None
) -> Procedure:
    c = Collector()
    code = normalize(data.code)
    if not code:
        c.add("code", "Thiếu mã hồ sơ.")
    elif len(code) > 64:
        c.add("code", "Mã hồ sơ dài quá 64 ký tự.")
    name = normalize(data.applicant_name)
    if not name:
        c.add("applicant_name", "Thiếu tên người nộp hồ sơ.")
    elif len(name) > 200:
        c.add("applicant_name", "Tên người nộp dài quá 200 ký tự.")
    if data.channel not in {ch.value for ch in Channel}:
        c.add("channel", "Kênh nộp phải là trực tiếp, trực tuyến hoặc bưu chính.")
    if not isinstance(data.received_at, datetime) or data.received_at < datetime(2000, 1, 1):
        c.add("received_at", "Thời điểm tiếp nhận không hợp lệ (trước năm 2000).")
    elif now is not None and data.received_at > now:
        c.add("received_at", "Thời điểm tiếp nhận ở tương lai.")
    elif data.returned_at is not None:
        if data.returned_at < data.received_at:
            c.add("returned_at", "Ngày trả kết quả trước ngày tiếp nhận.")
        elif now is not None and data.returned_at > now:
            c.add("returned_at", "Ngày trả kết quả ở tương lai.")
    id_number = normalize(data.applicant_id_number)
    if id_number.isdigit() and len(id_number) not in (9, 12):
        c.add("applicant_id_number", "Số CCCD gồm 12 chữ số (CMND cũ: 9 chữ số).")
    elif len(id_number) > 32:
        c.add("applicant_id_number", "Số giấy tờ dài quá 32 ký tự.")
    phone = normalize(data.applicant_phone)
    if phone and not (8 <= len(_digits(phone)) <= 15 and set(phone) <= set("0123456789+ .-()")):
        c.add("applicant_phone", "Số điện thoại không hợp lệ.")
    email = normalize(data.applicant_email)
    if email and ("@" not in email or " " in email or len(email) > 200):
        c.add("applicant_email", "Địa chỉ thư điện tử không hợp lệ.")
    if len(normalize(data.applicant_address)) > 300:
        c.add("applicant_address", "Địa chỉ dài quá 300 ký tự.")
    if data.officer_id is not None and session.get(User, data.officer_id) is None:
        c.add("officer_id", "Cán bộ thụ lý không có trong danh sách người dùng.")
    proc = procedures.get_by_code(session, data.procedure_code)
    if proc is None:
        c.add(
            "procedure_code",
            f"Không có thủ tục mã “{normalize(data.procedure_code)}” trong danh mục.",
        )
    c.raise_if_any()
    assert proc is not None
    return proc


def apply_dossier(
    session: Session,
    actor: Actor,
    data: DossierInput,
    *,
    cal: WorkCalendar | None = None,
    now: datetime | None = None,
    source: str = "",
) -> tuple[Dossier, str]:
    """Create or update by code; returns (dossier, "created" | "updated" | "unchanged").

    Re-importing the same file changes nothing. An update never reopens a dossier already
    returned here (an export taken before the return must not undo it) and never moves a
    promise an apology letter made. Imports (``source`` set) log one event per file.
    """
    require(actor, *HANDLERS)
    proc = validate_dossier(session, data, now)
    cal = cal or load_calendar(session)
    code = normalize(data.code)
    due = due_date(data.received_at, proc.processing_days, cal)
    d = get_by_code(session, code)
    returned_at = data.returned_at
    if d is not None and returned_at is None and d.returned_at is not None:
        returned_at = d.returned_at
    values: dict[str, object] = {
        "procedure_id": proc.id,
        "applicant_name": normalize(data.applicant_name),
        "applicant_id_number": normalize(data.applicant_id_number),
        "applicant_address": normalize(data.applicant_address),
        "applicant_phone": normalize(data.applicant_phone),
        "applicant_email": normalize(data.applicant_email),
        "channel": data.channel,
        "received_at": data.received_at,
        "due_at": due.due_at,
        "due_explanation": due.explanation,
        "returned_at": returned_at,
        "digitised": bool(data.digitised),
        "result_digitised": bool(data.result_digitised),
        "fee_paid_online": bool(data.fee_paid_online),
    }
    if d is None or d.state != DossierState.WITHDRAWN:
        values["state"] = (
            DossierState.RETURNED.value if returned_at else DossierState.PROCESSING.value
        )
    officer = data.officer_id
    if d is None:
        d = Dossier(
            code=code,
            promised_at=due.due_at,
            officer_id=officer if officer is not None else user_id_of(actor),
            import_source=source,
            **values,
        )
        session.add(d)
        status = "created"
    else:
        if officer is not None:
            values["officer_id"] = officer
        if all(getattr(d, k) == v for k, v in values.items()):
            return d, "unchanged"
        if not d.apologies:
            d.promised_at = due.due_at
        for k, v in values.items():
            setattr(d, k, v)
        d.version += 1
        d.updated_at = utcnow()
        if source:
            d.import_source = source
        status = "updated"
    session.flush()
    if not source:
        audit.log_event(
            session,
            actor,
            "dossier.create" if status == "created" else "dossier.update",
            "dossier",
            d.id,
            f"Hồ sơ {d.code}: {proc.name[:120]}",
        )
    return d, status


def upsert_dossier(
    session: Session,
    actor: Actor,
    data: DossierInput,
    *,
    cal: WorkCalendar | None = None,
    now: datetime | None = None,
    source: str = "",
) -> tuple[Dossier, bool]:
    """Create or update by code (re-importing the same file never duplicates)."""
    d, status = apply_dossier(session, actor, data, cal=cal, now=now, source=source)
    return d, status == "created"


def get(session: Session, dossier_id: int) -> Dossier:
    d = session.get(Dossier, dossier_id)
    if d is None:
        raise NotFound("Không tìm thấy hồ sơ.")
    return d


def get_by_code(session: Session, code: str) -> Dossier | None:
    return session.execute(select(Dossier).where(Dossier.code == normalize(code))).scalar()


def _check_version(d: Dossier, version: int | None) -> None:
    if version is not None and d.version != version:
        raise ConflictError()


def mark_returned(
    session: Session, actor: Actor, dossier_id: int, at: datetime, version: int | None = None
) -> Dossier:
    """The result was handed back at ``at``; on the due date at any hour it is on time."""
    require(actor, *HANDLERS)
    d = get(session, dossier_id)
    _check_version(d, version)
    if d.state != DossierState.PROCESSING:
        raise ValidationError({"state": "Hồ sơ đã trả kết quả hoặc đã rút."})
    if at < d.received_at:
        raise ValidationError({"returned_at": "Ngày trả kết quả trước ngày tiếp nhận."})
    d.returned_at, d.state, d.version = at, DossierState.RETURNED.value, d.version + 1
    d.updated_at = utcnow()
    session.flush()
    late = " (trễ hẹn)" if returned_late(d) else ""
    audit.log_event(
        session,
        actor,
        "dossier.return",
        "dossier",
        d.id,
        f"Trả kết quả hồ sơ {d.code} lúc {at:%H:%M %d/%m/%Y}{late}",
    )
    return d


def withdraw(
    session: Session, actor: Actor, dossier_id: int, reason: str, version: int | None = None
) -> Dossier:
    """The citizen withdrew the dossier: no longer processed, never late afterwards."""
    require(actor, *HANDLERS)
    d = get(session, dossier_id)
    _check_version(d, version)
    if d.state != DossierState.PROCESSING:
        raise ValidationError({"state": "Chỉ rút được hồ sơ đang giải quyết."})
    if not normalize(reason):
        raise ValidationError({"reason": "Hãy ghi lý do rút hồ sơ."})
    d.state, d.version, d.updated_at = DossierState.WITHDRAWN.value, d.version + 1, utcnow()
    session.flush()
    audit.log_event(
        session,
        actor,
        "dossier.withdraw",
        "dossier",
        d.id,
        f"Công dân rút hồ sơ {d.code}: {normalize(reason)[:200]}",
    )
    return d


@dataclass
class RegisterRow:
    id: int
    code: str
    procedure: str
    applicant: str
    channel: str
    received_at: datetime
    due_at: datetime
    promised_at: datetime
    returned_at: datetime | None
    state: str
    late: bool


def list_dossiers(
    session: Session,
    *,
    text: str = "",
    state: str | None = None,
    start: date | None = None,
    end: date | None = None,
    today: date | None = None,
    limit: int = 500,
) -> list[RegisterRow]:
    """The register (Sổ theo dõi hồ sơ), newest first; ``text`` matches the code, the
    applicant (without accents) or the ID number."""
    q = (
        select(
            Dossier.id,
            Dossier.code,
            Procedure.name,
            Dossier.applicant_name,
            Dossier.channel,
            Dossier.received_at,
            Dossier.due_at,
            Dossier.promised_at,
            Dossier.returned_at,
            Dossier.state,
        )
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .order_by(Dossier.received_at.desc(), Dossier.id.desc())
    )
    if state:
        q = q.where(Dossier.state == state)
    if start:
        q = q.where(Dossier.received_at >= datetime.combine(start, time.min))
    if end:
        q = q.where(Dossier.received_at < datetime.combine(end + timedelta(days=1), time.min))
    needle = normalize(text)
    folded = fold(text)
    rows = []
    day = today or date.today()
    # Names are matched without accents in Python; the code and ID number narrow first in SQL
    # when they look like one.
    if needle and any(ch.isdigit() for ch in needle):
        q = q.where(
            or_(
                Dossier.code.like(f"%{needle}%"),
                Dossier.applicant_id_number.like(f"%{needle}%"),
                Dossier.applicant_phone.like(f"%{needle}%"),
            )
        )
    by_name = bool(folded) and not any(ch.isdigit() for ch in needle)
    for r in session.execute(q).yield_per(2000):
        if by_name and folded not in fold(r.applicant_name) and folded not in fold(r.code):
            continue
        late = (r.state == DossierState.PROCESSING and r.due_at.date() < day) or (
            r.returned_at is not None and r.returned_at.date() > r.due_at.date()
        )
        rows.append(RegisterRow(*r, late=late))
        if len(rows) >= limit:
            break
    return rows


# --- receipt (Giấy tiếp nhận hồ sơ và hẹn trả kết quả) --------------------------------------


def print_receipt(
    session: Session,
    actor: Actor,
    dossier_id: int,
    out: Path,
    documents: list[str] | None = None,
) -> str:
    """Print the receipt and return-date slip; the first print takes a number (the order in the
    year's register book), a reprint keeps it. Returns the number."""
    from camau_reception.domain.agency import SAMPLE_AGENCY
    from camau_reception.models.settings import IssuedDocument
    from camau_reception.printing.dossier_receipt import ReceiptData, render_receipt
    from camau_reception.services import agency as agency_service
    from camau_reception.services import numbering

    require(actor, *HANDLERS)
    d = get(session, dossier_id)
    wording = template("dossier_receipt")
    type_code = wording.get("type_code", "GTN")
    issued: IssuedDocument | None = next(
        (x for x in numbering.issued_for(session, "dossier", d.id) if x.type_code == type_code),
        None,
    )
    if issued is None:
        issued = numbering.issue_number(
            session,
            actor,
            type_code,
            d.received_at.date(),
            title="Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
            entity="dossier",
            entity_id=d.id,
        )
        audit.log_event(
            session,
            actor,
            "dossier.receipt",
            "dossier",
            d.id,
            f"Giấy tiếp nhận {issued.number} cho hồ sơ {d.code}",
        )
    officer = session.get(User, d.officer_id) if d.officer_id else None
    data = ReceiptData(
        number=issued.number,
        seq=issued.seq,
        dossier_code=d.code,
        applicant_name=d.applicant_name,
        applicant_address=d.applicant_address,
        applicant_phone=d.applicant_phone,
        applicant_email=d.applicant_email,
        procedure_name=d.procedure.name,
        processing_days=d.procedure.processing_days,
        received_at=d.received_at,
        due_at=d.due_at,
        due_explanation=d.due_explanation,
        officer_name=officer.full_name if officer else "",
        documents=[normalize(x) for x in documents or [] if normalize(x)],
    )
    render_receipt(data, agency_service.get_profile(session) or SAMPLE_AGENCY, wording, out)
    return issued.number


# --- lateness ---------------------------------------------------------------------------------


def _day(at: date | datetime) -> date:
    return at.date() if isinstance(at, datetime) else at


def returned_late(d: Dossier) -> bool:
    return d.returned_at is not None and d.returned_at.date() > d.due_at.date()


def is_late(d: Dossier, on: date | datetime) -> bool:
    if d.state == DossierState.PROCESSING:
        return d.due_at.date() < _day(on)
    return returned_late(d)


def owes_apology(d: Dossier, on: date | datetime) -> bool:
    return d.state == DossierState.PROCESSING and d.promised_at.date() < _day(on)


def open_late_clause(on: date | datetime):
    """Still processing on ``on`` after its due day (the index on (state, due_at) serves it)."""
    midnight = datetime.combine(_day(on), time.min)
    return and_(Dossier.state == DossierState.PROCESSING.value, Dossier.due_at < midnight)


def returned_late_clause():
    return and_(
        Dossier.returned_at.is_not(None), func.date(Dossier.returned_at) > func.date(Dossier.due_at)
    )


def late_clause(on: date | datetime):
    return or_(open_late_clause(on), returned_late_clause())


def owes_apology_clause(on: date | datetime):
    midnight = datetime.combine(_day(on), time.min)
    return and_(Dossier.state == DossierState.PROCESSING.value, Dossier.promised_at < midnight)


@dataclass(slots=True)
class LateRow:
    id: int
    code: str
    procedure: str
    applicant: str
    due_at: datetime
    promised_at: datetime
    returned_at: datetime | None
    working_days_late: int
    owes_apology: bool
    apologies: int

    @property
    def returned(self) -> bool:
        return self.returned_at is not None

    def status(self) -> str:
        if self.owes_apology:
            return "Cần lập phiếu xin lỗi" if not self.apologies else "Cần hẹn lại lần nữa"
        if self.returned:
            if self.apologies:
                return "Đã trả, đã có phiếu xin lỗi"
            return "Đã trả trễ, không có phiếu"
        return f"Đã có {self.apologies} phiếu, chờ hẹn mới"


def _stored_text_folder() -> Callable[[str], str]:
    """``fold`` for text stored normalised (NFC, single spaces), fast enough for tens of
    thousands of rows: ASCII text (dossier codes) only needs lower case, and a name is folded
    word by word through a cache, since names draw on a few thousand distinct words."""
    cache: dict[str, str] = {}

    def fold_stored(text: str) -> str:
        if text.isascii():
            return text.lower()
        words = []
        for word in text.split(" "):
            folded = cache.get(word)
            if folded is None:
                folded = cache[word] = fold(word)
            words.append(folded)
        return " ".join(words)

    return fold_stored


def late_dossiers(
    session: Session,
    at: date | datetime,
    *,
    only_owing: bool = False,
    open_only: bool = False,
    text: str = "",
    procedure_id: int | None = None,
    received_from: date | None = None,
    received_to: date | None = None,
    cal: WorkCalendar | None = None,
    limit: int | None = None,
) -> list[LateRow]:
    """Late dossiers on the day of ``at``, oldest due first, with working days late.

    ``only_owing``: those still owed a letter; ``open_only``: leave out the returned ones.
    """
    cal = cal or load_calendar(session)
    day = _day(at)
    # Correlated: late lists are short, and the index on apology_letters.dossier_id serves it.
    letters = (
        select(func.count(ApologyLetter.id))
        .where(ApologyLetter.dossier_id == Dossier.id)
        .correlate(Dossier)
        .scalar_subquery()
    )
    if only_owing:
        cond = owes_apology_clause(day)
    elif open_only:
        cond = open_late_clause(day)
    else:
        cond = late_clause(day)
    # Times come back as their stored text and are parsed with datetime.fromisoformat: the
    # generic DateTime result processor costs more than the query on lists of thousands.
    q = (
        select(
            Dossier.id,
            Dossier.code,
            Procedure.name,
            Dossier.applicant_name,
            type_coerce(Dossier.due_at, String),
            type_coerce(Dossier.promised_at, String),
            type_coerce(Dossier.returned_at, String),
            Dossier.state,
            letters,
        )
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .where(cond)
        .order_by(Dossier.due_at, Dossier.id)
    )
    if procedure_id is not None:
        q = q.where(Dossier.procedure_id == procedure_id)
    if received_from is not None:
        q = q.where(Dossier.received_at >= datetime.combine(received_from, time.min))
    if received_to is not None:
        q = q.where(
            Dossier.received_at < datetime.combine(received_to + timedelta(days=1), time.min)
        )
    # The code or the applicant, without accents or case ("nguyen van duc" finds "Nguyễn Văn
    # Đức"), folded in Python as the register does: the dossiers table keeps no folded name,
    # and the late condition bounds the rows read.
    needle = fold(text)
    fold_stored = _stored_text_folder()
    if limit and not needle:
        q = q.limit(limit)  # with a needle the limit counts matches, below
    midnight = datetime.combine(day, time.min)
    parse = datetime.fromisoformat
    processing = DossierState.PROCESSING.value
    late_days: dict[tuple[date, date], int] = {}  # many dossiers share a due date
    out: list[LateRow] = []
    for did, code, name, applicant, due_s, promised_s, returned_s, state, n in session.execute(
        q
    ).all():
        if needle and needle not in fold_stored(applicant) and needle not in fold_stored(code):
            continue
        if limit and len(out) >= limit:
            break
        due, promised = parse(due_s), parse(promised_s)
        returned = parse(returned_s) if returned_s else None
        key = (due.date(), returned.date() if returned else day)
        days = late_days.get(key)
        if days is None:
            days = late_days[key] = max(cal.working_days_between(*key), 0)
        out.append(
            LateRow(
                did,
                code,
                name,
                applicant,
                due,
                promised,
                returned,
                days,
                state == processing and promised < midnight,
                int(n),
            )
        )
    return out


# --- names from before the split --------------------------------------------------------------

_MOVED = {
    "ProcedureInput": "procedures",
    "validate_procedure": "procedures",
    "upsert_procedure": "procedures",
    "list_procedures": "procedures",
    "catalogue_counts": "procedures",
    "ApologyInput": "apologies",
    "issue_apology": "apologies",
    "issue_batch": "apologies",
    "default_new_date": "apologies",
    "Indicators": "indicators",
    "TARGETS": "indicators",
    "targets": "indicators",
    "indicators": "indicators",
    "SurveyInput": "surveys",
    "RATING_LABELS": "surveys",
    "record_survey": "surveys",
    "satisfaction": "surveys",
}


def __getattr__(name: str) -> Any:
    # Lazy: apologies, indicators and surveys import this module.
    module = _MOVED.get(name)
    if module is None:
        raise AttributeError(name)
    import importlib

    return getattr(importlib.import_module(f"camau_reception.services.{module}"), name)


__all__ = [
    "CHANNEL_LABELS",
    "LEVEL_LABELS",
    "STATE_LABELS",
    "DossierInput",
    "LateRow",
    "apply_dossier",
    "due_date",
    "get",
    "late_dossiers",
    "mark_returned",
    "upsert_dossier",
]
