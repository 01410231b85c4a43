"""The catalogue of administrative procedures (thủ tục hành chính) the department handles.

A procedure carries the legal processing time in working days that every dossier's due date is
counted from, whether it bears a fee (for the "paid online" indicator) and how far it is offered
online. The catalogue is reported by level as the department does: 154 = 132 + 17 + 7.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from camau_reception.domain.text import fold, normalize
from camau_reception.models.base import utcnow
from camau_reception.models.dossiers import LEVEL_LABELS, Level, Procedure
from camau_reception.models.users import Role
from camau_reception.services import audit
from camau_reception.services.actor import Actor
from camau_reception.services.auth import require
from camau_reception.services.errors import Collector, NotFound, ValidationError

EDITORS = (Role.ADMIN, Role.LEADER, Role.OFFICER)
ONLINE_LABELS = {"full": "Toàn trình", "partial": "Một phần", "": "Không"}
MAX_DAYS = 365


@dataclass
class ProcedureInput:
    code: str
    name: str
    level: str = Level.PROVINCE.value
    field: str = ""
    processing_days: int = 5
    has_fee: bool = False
    online: str = ""  # "full" (toàn trình), "partial" (một phần) or ""
    shared_with_province: bool = False  # a district procedure also done at the province
    in_force: bool = True


def validate_procedure(data: ProcedureInput) -> dict[str, str]:
    c = Collector()
    if not normalize(data.code):
        c.add("code", "Thiếu mã thủ tục.")
    elif len(normalize(data.code)) > 64:
        c.add("code", "Mã thủ tục dài quá 64 ký tự.")
    if not normalize(data.name):
        c.add("name", "Thiếu tên thủ tục.")
    if data.level not in {lv.value for lv in Level}:
        c.add("level", "Cấp thực hiện phải là tỉnh, huyện hoặc xã.")
    days = data.processing_days
    if isinstance(days, bool) or not isinstance(days, int) or not 0 < days <= MAX_DAYS:
        c.add("processing_days", f"Thời hạn giải quyết phải từ 1 đến {MAX_DAYS} ngày làm việc.")
    if len(normalize(data.field)) > 100:
        c.add("field", "Tên lĩnh vực dài quá 100 ký tự.")
    if data.online not in ONLINE_LABELS:
        c.add("online", "Mức độ trực tuyến: toàn trình, một phần hoặc không.")
    return c.errors


def _values(data: ProcedureInput) -> dict[str, object]:
    return {
        "name": normalize(data.name),
        "level": data.level,
        "field": normalize(data.field),
        "processing_days": data.processing_days,
        "has_fee": bool(data.has_fee),
        "online": data.online,
        "shared_with_province": bool(data.shared_with_province),
        "in_force": bool(data.in_force),
    }


def apply_procedure(
    session: Session, actor: Actor, data: ProcedureInput, *, audit_event: bool = True
) -> tuple[Procedure, str]:
    """Create or update by code; returns (procedure, "created" | "updated" | "unchanged").

    Imports pass ``audit_event=False`` and log one event for the whole file instead.
    """
    require(actor, *EDITORS)
    errors = validate_procedure(data)
    if errors:
        raise ValidationError(errors)
    code = normalize(data.code)
    proc = get_by_code(session, code)
    values = _values(data)
    if proc is None:
        proc = Procedure(code=code, **values)
        session.add(proc)
        status = "created"
    elif all(getattr(proc, k) == v for k, v in values.items()):
        return proc, "unchanged"
    else:
        for k, v in values.items():
            setattr(proc, k, v)
        proc.updated_at = utcnow()
        status = "updated"
    session.flush()
    if audit_event:
        audit.log_event(
            session,
            actor,
            "procedure.create" if status == "created" else "procedure.update",
            "procedure",
            proc.id,
            f"Thủ tục {proc.code}: {proc.name[:120]}",
        )
    return proc, status


def upsert_procedure(
    session: Session, actor: Actor, data: ProcedureInput, *, audit_event: bool = True
) -> tuple[Procedure, bool]:
    """Create or update by code; returns (procedure, created)."""
    proc, status = apply_procedure(session, actor, data, audit_event=audit_event)
    return proc, status == "created"


def get(session: Session, procedure_id: int) -> Procedure:
    proc = session.get(Procedure, procedure_id)
    if proc is None:
        raise NotFound("Không tìm thấy thủ tục.")
    return proc


def get_by_code(session: Session, code: str) -> Procedure | None:
    return session.execute(select(Procedure).where(Procedure.code == normalize(code))).scalar()


def list_procedures(
    session: Session,
    text: str = "",
    *,
    level: str | None = None,
    in_force_only: bool = False,
) -> list[Procedure]:
    """Procedures by level then code; ``text`` matches the code or the name without accents."""
    q = select(Procedure).order_by(Procedure.level.desc(), Procedure.code)
    if level:
        q = q.where(Procedure.level == level)
    if in_force_only:
        q = q.where(Procedure.in_force.is_(True))
    procs = list(session.execute(q).scalars())
    needle = fold(text)
    if needle:
        # The catalogue is a few hundred rows: folding in Python finds "le hoi" in "lễ hội".
        procs = [p for p in procs if needle in fold(p.code) or needle in fold(p.name)]
    return procs


def set_in_force(session: Session, actor: Actor, procedure_id: int, in_force: bool) -> Procedure:
    require(actor, Role.ADMIN, Role.LEADER)
    proc = get(session, procedure_id)
    if proc.in_force != in_force:
        proc.in_force = in_force
        proc.updated_at = utcnow()
        session.flush()
        audit.log_event(
            session,
            actor,
            "procedure.in_force" if in_force else "procedure.repeal",
            "procedure",
            proc.id,
            f"Thủ tục {proc.code} {'còn' if in_force else 'hết'} hiệu lực",
        )
    return proc


def catalogue_counts(session: Session) -> dict[str, int]:
    """Procedures in force by level, as the department reports them (154 = 132 + 17 + 7)."""
    rows = session.execute(
        select(Procedure.level, func.count())
        .where(Procedure.in_force.is_(True))
        .group_by(Procedure.level)
    ).all()
    by_level = {Level(lv): int(n) for lv, n in rows}
    counts = {LEVEL_LABELS[lv]: by_level[lv] for lv in Level if lv in by_level}
    counts["Tổng"] = sum(by_level.values())
    return counts


def catalogue_summary(session: Session) -> str:
    """ "154 thủ tục = 132 cấp tỉnh + 17 cấp huyện (2 liên thông với cấp tỉnh) + 7 cấp xã"."""
    counts = catalogue_counts(session)
    total = counts.pop("Tổng")
    shared = session.execute(
        select(func.count()).where(
            Procedure.in_force.is_(True),
            Procedure.level == Level.DISTRICT.value,
            Procedure.shared_with_province.is_(True),
        )
    ).scalar_one()
    parts = []
    for label, n in counts.items():
        part = f"{n} {label.lower()}"
        if label == LEVEL_LABELS[Level.DISTRICT] and shared:
            part += f" ({shared} liên thông với cấp tỉnh)"
        parts.append(part)
    return f"{total} thủ tục" + (" = " + " + ".join(parts) if parts else "")
