"""The office's work calendar: the holidays package plus the administrator's overrides."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from camau_reception.domain.calendar import CalendarOverride, OverrideKind, WorkCalendar
from camau_reception.domain.text import normalize
from camau_reception.models.settings import CalendarOverrideRow
from camau_reception.models.users import Role
from camau_reception.services import audit
from camau_reception.services.actor import Actor, user_id_of
from camau_reception.services.auth import require
from camau_reception.services.errors import NotFound, ValidationError

KIND_LABELS = {
    OverrideKind.DAY_OFF: "Ngày nghỉ thêm",
    OverrideKind.WORKING_DAY: "Ngày làm việc bù",
}


def list_overrides(session: Session, year: int | None = None) -> list[CalendarOverrideRow]:
    q = select(CalendarOverrideRow).order_by(CalendarOverrideRow.day)
    if year:
        q = q.where(
            CalendarOverrideRow.day >= date(year, 1, 1),
            CalendarOverrideRow.day <= date(year, 12, 31),
        )
    return list(session.execute(q).scalars())


def load_calendar(session: Session) -> WorkCalendar:
    rows = session.execute(select(CalendarOverrideRow)).scalars()
    return WorkCalendar(
        [CalendarOverride(day=r.day, kind=OverrideKind(r.kind), note=r.note) for r in rows]
    )


def add_override(
    session: Session, actor: Actor, day: date, kind: OverrideKind, note: str
) -> CalendarOverrideRow:
    require(actor, Role.ADMIN)
    note = normalize(note)
    errors: dict[str, str] = {}
    if not note:
        errors["note"] = "Hãy ghi căn cứ (ví dụ: theo Thông báo số … của Bộ Nội vụ)."
    if session.execute(
        select(CalendarOverrideRow.id).where(CalendarOverrideRow.day == day)
    ).scalar():
        errors["day"] = f"Ngày {day:%d/%m/%Y} đã có điều chỉnh; hãy xóa điều chỉnh cũ trước."
    if kind == OverrideKind.WORKING_DAY and day.weekday() < 5:
        cal = WorkCalendar()
        if cal.is_working_day(day):
            errors["day"] = f"Ngày {day:%d/%m/%Y} vốn đã là ngày làm việc."
    if errors:
        raise ValidationError(errors)
    row = CalendarOverrideRow(day=day, kind=kind.value, note=note, created_by=user_id_of(actor))
    session.add(row)
    session.flush()
    audit.log_event(
        session,
        actor,
        "calendar.override_add",
        "calendar_override",
        row.id,
        f"{KIND_LABELS[kind]} {day:%d/%m/%Y}: {note}",
    )
    return row


def remove_override(session: Session, actor: Actor, override_id: int) -> None:
    require(actor, Role.ADMIN)
    row = session.get(CalendarOverrideRow, override_id)
    if row is None:
        raise NotFound("Không tìm thấy điều chỉnh lịch.")
    audit.log_event(
        session,
        actor,
        "calendar.override_remove",
        "calendar_override",
        row.id,
        f"Xóa {KIND_LABELS[OverrideKind(row.kind)].lower()} {row.day:%d/%m/%Y}: {row.note}",
    )
    session.delete(row)
    session.flush()
