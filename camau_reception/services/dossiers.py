"""Administrative dossiers: catalogue, register, due dates, late detection, apologies,
indicators and satisfaction.

One definition of lateness for every list and report: a dossier is *late at* a moment when it
is still processing after its original due time (``due_at``), or was returned after it
(``due_at``); returned on the due date is on time. It *owes an apology* when it is late and no
letter was issued since its promise was last broken.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from camau_reception.config import resources_dir
from camau_reception.domain.calendar import WorkCalendar
from camau_reception.domain.text import normalize
from camau_reception.models.base import utcnow
from camau_reception.models.dossiers import (
    CHANNEL_LABELS,
    LEVEL_LABELS,
    ApologyLetter,
    Channel,
    Dossier,
    DossierState,
    Level,
    Procedure,
    SatisfactionSurvey,
)
from camau_reception.models.users import Role, User
from camau_reception.services import audit, numbering
from camau_reception.services import settings as settings_service
from camau_reception.services.actor import Actor, user_id_of
from camau_reception.services.auth import require
from camau_reception.services.calendar import load_calendar
from camau_reception.services.errors import Collector, ConflictError, NotFound, ValidationError

HANDLERS = (Role.OFFICER, Role.LEADER, Role.ADMIN)
END_OF_DAY = time(17, 0)
TARGETS = {"online": 90.0, "digitised": 90.0, "paid_online": 80.0}


# --- templates --------------------------------------------------------------------------------


def template(name: str) -> dict:
    path: Path = resources_dir() / "templates" / f"{name}.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


# --- procedures -------------------------------------------------------------------------------


@dataclass
class ProcedureInput:
    code: str
    name: str
    level: str = Level.PROVINCE.value
    field: str = ""
    processing_days: int = 5
    has_fee: bool = False
    online: str = ""
    shared_with_province: bool = False
    in_force: bool = True


def validate_procedure(data: ProcedureInput) -> dict[str, str]:
    c = Collector()
    if not normalize(data.code):
        c.add("code", "Thiếu mã thủ tục.")
    if not normalize(data.name):
        c.add("name", "Thiếu tên thủ tục.")
    if data.level not in {lv.value for lv in Level}:
        c.add("level", "Cấp thực hiện phải là tỉnh, huyện hoặc xã.")
    if not isinstance(data.processing_days, int) or not 0 < data.processing_days <= 365:
        c.add("processing_days", "Thời hạn giải quyết phải từ 1 đến 365 ngày làm việc.")
    if data.online not in ("", "full", "partial"):
        c.add("online", "Mức độ trực tuyến: toàn trình, một phần hoặc để trống.")
    return c.errors


def upsert_procedure(
    session: Session, actor: Actor, data: ProcedureInput
) -> tuple[Procedure, bool]:
    """Create or update by code; returns (procedure, created)."""
    require(actor, Role.ADMIN, Role.LEADER, Role.OFFICER)
    errors = validate_procedure(data)
    if errors:
        raise ValidationError(errors)
    code = normalize(data.code)
    proc = session.execute(select(Procedure).where(Procedure.code == code)).scalar()
    created = proc is None
    if proc is None:
        proc = Procedure(code=code, name="")
        session.add(proc)
    proc.name, proc.level, proc.field = normalize(data.name), data.level, normalize(data.field)
    proc.processing_days, proc.has_fee, proc.online = (
        data.processing_days,
        data.has_fee,
        data.online,
    )
    proc.shared_with_province, proc.in_force = data.shared_with_province, data.in_force
    proc.updated_at = utcnow()
    session.flush()
    return proc, created


def list_procedures(session: Session, text: str = "") -> list[Procedure]:
    q = select(Procedure).order_by(Procedure.level, Procedure.code)
    if normalize(text):
        like = f"%{normalize(text)}%"
        q = q.where(or_(Procedure.code.like(like), Procedure.name.like(like)))
    return list(session.execute(q).scalars())


def catalogue_counts(session: Session) -> dict[str, int]:
    """Procedures in force by level, as the department reports them (154 = 132 + 17 + 7)."""
    rows = session.execute(
        select(Procedure.level, func.count())
        .where(Procedure.in_force.is_(True))
        .group_by(Procedure.level)
    ).all()
    counts = {LEVEL_LABELS[Level(lv)]: n for lv, n in rows}
    counts["Tổng"] = sum(n for _, n in rows)
    return counts


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


def due_for(received_at: datetime, days: int, cal: WorkCalendar) -> tuple[datetime, str]:
    """Return date: the n-th working day after receipt, at the end of the working day."""
    from camau_reception.domain.deadlines import _skipped_text  # shared wording

    due_day = cal.add_working_days(received_at.date(), days)
    skipped = cal.holidays_between(received_at.date(), due_day)
    tail = f", bỏ qua {_skipped_text(skipped)}" if skipped else ""
    text = f"{days} ngày làm việc kể từ {received_at:%d/%m/%Y}{tail} → hẹn trả {due_day:%d/%m/%Y}"
    return datetime.combine(due_day, END_OF_DAY), text


def validate_dossier(session: Session, data: DossierInput, now: datetime | None) -> Procedure:
    c = Collector()
    if not normalize(data.code):
        c.add("code", "Thiếu mã hồ sơ.")
    if not normalize(data.applicant_name):
        c.add("applicant_name", "Thiếu tên người nộp hồ sơ.")
    if data.channel not in {ch.value for ch in Channel}:
        c.add("channel", "Kênh nộp phải là trực tiếp, trực tuyến hoặc bưu chính.")
    if data.received_at < datetime(2000, 1, 1) or (now and data.received_at > now):
        c.add("received_at", "Thời điểm tiếp nhận không hợp lệ (trước năm 2000 hoặc ở tương lai).")
    if data.returned_at is not None and data.returned_at < data.received_at:
        c.add("returned_at", "Ngày trả kết quả trước ngày tiếp nhận.")
    if data.applicant_email and "@" not in data.applicant_email:
        c.add("applicant_email", "Địa chỉ thư điện tử không hợp lệ.")
    proc = session.execute(
        select(Procedure).where(Procedure.code == normalize(data.procedure_code))
    ).scalar()
    if proc is None:
        c.add(
            "procedure_code",
            f"Không có thủ tục mã “{normalize(data.procedure_code)}” trong danh mục.",
        )
    c.raise_if_any()
    assert proc is not None
    return proc


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
    require(actor, *HANDLERS)
    proc = validate_dossier(session, data, now)
    cal = cal or load_calendar(session)
    code = normalize(data.code)
    d = session.execute(select(Dossier).where(Dossier.code == code)).scalar()
    created = d is None
    due_at, explanation = due_for(data.received_at, proc.processing_days, cal)
    if d is None:
        d = Dossier(
            code=code,
            procedure_id=proc.id,
            applicant_name="",
            received_at=data.received_at,
            due_at=due_at,
            promised_at=due_at,
            officer_id=user_id_of(actor),
        )
        session.add(d)
    else:
        d.version += 1
        if d.due_at != due_at and not d.apologies:
            d.promised_at = due_at
    d.procedure_id, d.received_at, d.due_at, d.due_explanation = (
        proc.id,
        data.received_at,
        due_at,
        explanation,
    )
    if created:
        d.promised_at = due_at
    d.applicant_name = normalize(data.applicant_name)
    d.applicant_id_number = normalize(data.applicant_id_number)
    d.applicant_address = normalize(data.applicant_address)
    d.applicant_phone = normalize(data.applicant_phone)
    d.applicant_email = normalize(data.applicant_email)
    d.channel = data.channel
    d.digitised, d.result_digitised = data.digitised, data.result_digitised
    d.fee_paid_online = data.fee_paid_online
    d.returned_at = data.returned_at
    d.state = DossierState.RETURNED.value if data.returned_at else DossierState.PROCESSING.value
    d.import_source = source
    d.updated_at = utcnow()
    session.flush()
    if not source:
        audit.log_event(
            session,
            actor,
            "dossier.create" if created else "dossier.update",
            "dossier",
            d.id,
            f"Hồ sơ {d.code}: {proc.name[:120]}",
        )
    return d, created


def get(session: Session, dossier_id: int) -> Dossier:
    d = session.get(Dossier, dossier_id)
    if d is None:
        raise NotFound("Không tìm thấy hồ sơ.")
    return d


def mark_returned(
    session: Session, actor: Actor, dossier_id: int, at: datetime, version: int | None = None
) -> Dossier:
    require(actor, *HANDLERS)
    d = get(session, dossier_id)
    if version is not None and d.version != version:
        raise ConflictError()
    if d.state != DossierState.PROCESSING:
        raise ValidationError({"state": "Hồ sơ đã trả kết quả hoặc đã rút."})
    if at < d.received_at:
        raise ValidationError({"returned_at": "Ngày trả kết quả trước ngày tiếp nhận."})
    d.returned_at, d.state, d.version = at, DossierState.RETURNED.value, d.version + 1
    session.flush()
    late = " (trễ hẹn)" if at > d.due_at else ""
    audit.log_event(
        session,
        actor,
        "dossier.return",
        "dossier",
        d.id,
        f"Trả kết quả hồ sơ {d.code} lúc {at:%H:%M %d/%m/%Y}{late}",
    )
    return d


# --- lateness ---------------------------------------------------------------------------------


def late_clause(at: datetime):
    """Late at ``at``: still processing after the original due time, or returned after it."""
    return or_(
        and_(Dossier.state == DossierState.PROCESSING.value, Dossier.due_at < at),
        and_(Dossier.returned_at.is_not(None), Dossier.returned_at > Dossier.due_at),
    )


def owes_apology_clause(at: datetime):
    """Still processing after the current promise: the citizen is owed a letter and a date."""
    return and_(Dossier.state == DossierState.PROCESSING.value, Dossier.promised_at < at)


def owes_apology(d: Dossier, at: datetime) -> bool:
    return d.state == DossierState.PROCESSING and d.promised_at < at


@dataclass
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


def late_dossiers(
    session: Session,
    at: datetime,
    *,
    only_owing: bool = False,
    open_only: bool = False,
    cal: WorkCalendar | None = None,
    limit: int | None = None,
) -> list[LateRow]:
    """Late dossiers, oldest due first; ``open_only`` leaves out those already returned."""
    cal = cal or load_calendar(session)
    apologies = (
        select(func.count(ApologyLetter.id))
        .where(ApologyLetter.dossier_id == Dossier.id)
        .correlate(Dossier)
        .scalar_subquery()
    )
    cond = owes_apology_clause(at) if only_owing else late_clause(at)
    if open_only:
        cond = and_(cond, Dossier.state == DossierState.PROCESSING.value)
    q = (
        select(
            Dossier.id,
            Dossier.code,
            Procedure.name,
            Dossier.applicant_name,
            Dossier.due_at,
            Dossier.promised_at,
            Dossier.returned_at,
            Dossier.state,
            apologies,
        )
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .where(cond)
        .order_by(Dossier.due_at, Dossier.id)
    )
    if limit:
        q = q.limit(limit)
    out = []
    for row in session.execute(q):
        end = row.returned_at or at
        out.append(
            LateRow(
                row.id,
                row.code,
                row.name,
                row.applicant_name,
                row.due_at,
                row.promised_at,
                row.returned_at,
                max(cal.working_days_between(row.due_at.date(), end.date()), 0),
                row.state == DossierState.PROCESSING and row.promised_at < at,
                int(row[8]),
            )
        )
    return out


# --- apology letters --------------------------------------------------------------------------


@dataclass
class ApologyInput:
    reason: str
    new_due_on: date
    signer_title: str = ""
    signer_name: str = ""
    approver_id: int | None = None


def issue_apology(
    session: Session,
    actor: Actor,
    dossier_id: int,
    data: ApologyInput,
    today: date,
    cal: WorkCalendar | None = None,
) -> ApologyLetter:
    """Record the letter (numbered, dated) and move the promise to the new date."""
    require(actor, *HANDLERS)
    cal = cal or load_calendar(session)
    d = get(session, dossier_id)
    c = Collector()
    if d.state != DossierState.PROCESSING:
        c.add("state", "Hồ sơ đã trả kết quả: không cần hẹn lại.")
    if not normalize(data.reason):
        c.add("reason", "Hãy chọn hoặc ghi lý do trễ hẹn.")
    if data.new_due_on <= today or data.new_due_on <= d.promised_at.date():
        c.add("new_due_on", "Ngày hẹn mới phải sau hôm nay và sau ngày hẹn trước.")
    elif not cal.is_working_day(data.new_due_on):
        c.add("new_due_on", f"Ngày {data.new_due_on:%d/%m/%Y} không phải ngày làm việc.")
    if d.apologies:
        approver = session.get(User, data.approver_id) if data.approver_id else None
        if approver is None or Role.LEADER not in approver.roles:
            c.add("approver", "Hẹn lại lần thứ hai phải được lãnh đạo phê duyệt.")
    c.raise_if_any()
    doc = numbering.issue_number(
        session,
        actor,
        template("apology_letter")["type_code"],
        today,
        title="Phiếu xin lỗi và hẹn lại ngày trả kết quả",
        entity="dossier",
        entity_id=d.id,
    )
    letter = ApologyLetter(
        dossier_id=d.id,
        number=doc.number,
        issued_on=today,
        reason=normalize(data.reason),
        old_due_at=d.promised_at,
        new_due_on=data.new_due_on,
        signer_title=normalize(data.signer_title),
        signer_name=normalize(data.signer_name),
        approved_by=data.approver_id if d.apologies else None,
        created_by=user_id_of(actor),
    )
    session.add(letter)
    d.promised_at = datetime.combine(data.new_due_on, END_OF_DAY)
    d.version += 1
    session.flush()
    audit.log_event(
        session,
        actor,
        "dossier.apology",
        "dossier",
        d.id,
        f"Phiếu xin lỗi {doc.number} cho hồ sơ {d.code}, hẹn lại {data.new_due_on:%d/%m/%Y}",
    )
    return letter


def default_new_date(d: Dossier, today: date, cal: WorkCalendar) -> date:
    """A proposal: the procedure's own time again from today, at least 3 working days."""
    return cal.add_working_days(today, max(3, min(d.procedure.processing_days, 10)))


def issue_batch(
    session: Session,
    actor: Actor,
    at: datetime,
    reason: str,
    signer_title: str,
    signer_name: str,
    cal: WorkCalendar | None = None,
    ids: list[int] | None = None,
) -> list[ApologyLetter]:
    """One letter for every dossier that owes one (first apologies only; a second needs a
    leader's approval one by one)."""
    cal = cal or load_calendar(session)
    rows = [
        r
        for r in late_dossiers(session, at, only_owing=True, cal=cal)
        if r.apologies == 0 and (ids is None or r.id in ids)
    ]
    letters = []
    for r in rows:
        d = get(session, r.id)
        letters.append(
            issue_apology(
                session,
                actor,
                r.id,
                ApologyInput(
                    reason=reason,
                    new_due_on=default_new_date(d, at.date(), cal),
                    signer_title=signer_title,
                    signer_name=signer_name,
                ),
                at.date(),
                cal,
            )
        )
    return letters


# --- indicators and satisfaction --------------------------------------------------------------


@dataclass
class Indicators:
    total: int
    online: int
    digitised: int
    fee_bearing: int
    paid_online: int
    returned: int
    on_time: int
    late: int
    apologised: int
    targets: dict[str, float] = field(default_factory=dict)

    @staticmethod
    def pct(n: int, d: int) -> float:
        return round(100.0 * n / d, 1) if d else 0.0

    def shares(self) -> dict[str, float]:
        return {
            "online": self.pct(self.online, self.total),
            "digitised": self.pct(self.digitised, self.total),
            "paid_online": self.pct(self.paid_online, self.fee_bearing),
            "on_time": self.pct(self.on_time, self.returned),
            "late": self.pct(self.late, self.returned),
            "apologised": self.pct(self.apologised, self.late),
        }


def targets(session: Session) -> dict[str, float]:
    return {
        k: float(settings_service.get(session, f"dossiers.target.{k}", v))
        for k, v in TARGETS.items()
    }


def indicators(session: Session, start: date, end: date) -> Indicators:
    """Dossiers received in [start, end]; on time / late among those returned."""
    lo, hi = datetime.combine(start, time.min), datetime.combine(end, time.max)
    has_letter = select(ApologyLetter.id).where(ApologyLetter.dossier_id == Dossier.id).exists()
    row = session.execute(
        select(
            func.count(Dossier.id),
            func.sum(case((Dossier.channel == Channel.ONLINE.value, 1), else_=0)),
            func.sum(case((and_(Dossier.digitised, Dossier.result_digitised), 1), else_=0)),
            func.sum(case((Procedure.has_fee, 1), else_=0)),
            func.sum(case((and_(Procedure.has_fee, Dossier.fee_paid_online), 1), else_=0)),
            func.sum(case((Dossier.returned_at.is_not(None), 1), else_=0)),
            func.sum(
                case(
                    (
                        and_(
                            Dossier.returned_at.is_not(None), Dossier.returned_at <= Dossier.due_at
                        ),
                        1,
                    ),
                    else_=0,
                )
            ),
            func.sum(
                case(
                    (
                        and_(
                            Dossier.returned_at.is_not(None), Dossier.returned_at > Dossier.due_at
                        ),
                        1,
                    ),
                    else_=0,
                )
            ),
            func.sum(
                case(
                    (
                        and_(
                            Dossier.returned_at.is_not(None),
                            Dossier.returned_at > Dossier.due_at,
                            has_letter,
                        ),
                        1,
                    ),
                    else_=0,
                )
            ),
        )
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .where(Dossier.received_at >= lo, Dossier.received_at <= hi)
    ).one()
    values = [int(v or 0) for v in row]
    return Indicators(*values, targets=targets(session))


@dataclass
class SurveyInput:
    overall: int
    on: date
    dossier_id: int | None = None
    reception_id: int | None = None
    attitude: int | None = None
    timeliness: int | None = None
    guidance: int | None = None
    comment: str = ""


RATING_LABELS = {3: "Hài lòng", 2: "Bình thường", 1: "Không hài lòng"}


def record_survey(session: Session, actor: Actor, data: SurveyInput) -> SatisfactionSurvey:
    require(actor, *HANDLERS)
    c = Collector()
    for key in ("overall", "attitude", "timeliness", "guidance"):
        value = getattr(data, key)
        if (value is not None or key == "overall") and value not in RATING_LABELS:
            c.add(key, "Hãy chọn: hài lòng, bình thường hoặc không hài lòng.")
    c.raise_if_any()
    s = SatisfactionSurvey(
        on=data.on,
        dossier_id=data.dossier_id,
        reception_id=data.reception_id,
        overall=data.overall,
        attitude=data.attitude,
        timeliness=data.timeliness,
        guidance=data.guidance,
        comment=normalize(data.comment)[:2000],
        created_by=user_id_of(actor),
    )
    session.add(s)
    session.flush()
    return s


def satisfaction(session: Session, start: date, end: date) -> dict[str, object]:
    """Distribution of overall ratings and the index (share of "hài lòng", in %)."""
    rows = dict(
        session.execute(
            select(SatisfactionSurvey.overall, func.count())
            .where(SatisfactionSurvey.on >= start, SatisfactionSurvey.on <= end)
            .group_by(SatisfactionSurvey.overall)
        ).all()
    )
    total = sum(rows.values())
    return {
        "total": total,
        "distribution": {RATING_LABELS[k]: int(rows.get(k, 0)) for k in (3, 2, 1)},
        "index": round(100.0 * rows.get(3, 0) / total, 1) if total else 0.0,
    }


__all__ = ["CHANNEL_LABELS", "LEVEL_LABELS"]
