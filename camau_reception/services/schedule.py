"""The leaders' reception calendar: directory, sessions from recurrence rules, moves,
postponements, deputies, the desk roster, checks against the law, and publication."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from camau_reception.domain.calendar import WorkCalendar
from camau_reception.domain.deadlines import latest_publication_date
from camau_reception.domain.recurrence import Occurrence, Rule, occurrences
from camau_reception.domain.text import normalize
from camau_reception.models.schedule import DeskShift, DutySession, PublishedSchedule, StaffMember
from camau_reception.models.users import Role
from camau_reception.services import audit
from camau_reception.services.actor import Actor, user_id_of
from camau_reception.services.auth import require
from camau_reception.services.calendar import load_calendar
from camau_reception.services.deadline_rules import rulebook
from camau_reception.services.errors import ConflictError, NotFound, ValidationError

PLANNERS = (Role.LEADER, Role.ADMIN)
HEAD_RULE = (
    "Người đứng đầu cơ quan trực tiếp tiếp công dân ít nhất 01 ngày trong 01 tháng "
    "(Luật Tiếp công dân 2013, Điều 18 khoản 2)"
)
DEFAULT_PLACE = "Phòng tiếp công dân, Sở Văn hóa, Thể thao và Du lịch"


# --- directory --------------------------------------------------------------------------------


def add_staff(
    session: Session,
    actor: Actor,
    full_name: str,
    position: str,
    *,
    is_leader: bool,
    is_head: bool = False,
    phone: str = "",
    email: str = "",
    user_id: int | None = None,
) -> StaffMember:
    require(actor, *PLANNERS)
    if not normalize(full_name):
        raise ValidationError({"full_name": "Hãy nhập họ tên."})
    if is_head:
        for other in session.execute(select(StaffMember).where(StaffMember.is_head)).scalars():
            other.is_head = False
    m = StaffMember(
        full_name=normalize(full_name),
        position=normalize(position),
        is_leader=is_leader or is_head,
        is_head=is_head,
        phone=normalize(phone),
        email=normalize(email),
        user_id=user_id,
    )
    session.add(m)
    session.flush()
    audit.log_event(
        session, actor, "schedule.staff_add", "staff", m.id, f"{m.full_name} ({m.position})"
    )
    return m


def list_leaders(session: Session) -> list[StaffMember]:
    return list(
        session.execute(
            select(StaffMember)
            .where(StaffMember.is_leader, StaffMember.active)
            .order_by(StaffMember.is_head.desc(), StaffMember.full_name)
        ).scalars()
    )


def list_staff(session: Session) -> list[StaffMember]:
    return list(
        session.execute(
            select(StaffMember)
            .where(StaffMember.active)
            .order_by(StaffMember.is_leader.desc(), StaffMember.full_name)
        ).scalars()
    )


def head(session: Session) -> StaffMember | None:
    return session.execute(
        select(StaffMember).where(StaffMember.is_head, StaffMember.active)
    ).scalar()


# --- sessions ---------------------------------------------------------------------------------


def sessions_between(session: Session, start: date, end: date) -> list[DutySession]:
    return list(
        session.execute(
            select(DutySession)
            .where(DutySession.day >= start, DutySession.day <= end)
            .order_by(DutySession.day, DutySession.start_time)
        ).scalars()
    )


def count_sessions(session: Session, start: date, end: date) -> int:
    """Sessions planned in [start, end] and not postponed (used by the periodic report)."""
    return int(
        session.execute(
            select(func.count(DutySession.id)).where(
                DutySession.day >= start, DutySession.day <= end, DutySession.status == "planned"
            )
        ).scalar()
        or 0
    )


def presiding_leader_on(session: Session, day: date) -> tuple[int | None, str] | None:
    """Who presides the reception on ``day`` (the deputy when the day was handed over)."""
    s = session.execute(
        select(DutySession)
        .where(DutySession.day == day, DutySession.status == "planned")
        .order_by(DutySession.start_time)
    ).scalar()
    if s is None:
        return None
    person = s.deputy or s.presiding
    return person.user_id, person.full_name


def generate(
    session: Session,
    actor: Actor,
    rule: Rule,
    start: date,
    end: date,
    presiding_id: int,
    *,
    start_time: str = "07:30",
    end_time: str = "11:00",
    place: str = DEFAULT_PLACE,
    topics: str = "",
    cal: WorkCalendar | None = None,
) -> list[DutySession]:
    """Fill [start, end] with sessions from ``rule``; days off move as the rule says."""
    require(actor, *PLANNERS)
    if session.get(StaffMember, presiding_id) is None:
        raise ValidationError({"presiding": "Hãy chọn lãnh đạo chủ trì."})
    if end < start or (end - start).days > 800:
        raise ValidationError({"end": "Khoảng thời gian không hợp lệ."})
    cal = cal or load_calendar(session)
    created = []
    existing = {(s.day, s.presiding_id) for s in sessions_between(session, start, end)}
    occ: list[Occurrence] = occurrences(rule, start, end, cal)
    for o in occ:
        if (o.day, presiding_id) in existing:
            continue
        s = DutySession(
            day=o.day,
            planned_day=o.planned,
            move_note=o.note,
            start_time=start_time,
            end_time=end_time,
            place=normalize(place) or DEFAULT_PLACE,
            presiding_id=presiding_id,
            topics=normalize(topics),
            rule_text=rule.describe(),
        )
        session.add(s)
        created.append(s)
    session.flush()
    audit.log_event(
        session,
        actor,
        "schedule.generate",
        "duty_session",
        "",
        f"{rule.describe()}: {len(created)} buổi từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}",
    )
    return created


def _load(session: Session, actor: Actor, session_id: int, version: int | None) -> DutySession:
    require(actor, *PLANNERS)
    s = session.get(DutySession, session_id)
    if s is None:
        raise NotFound("Không tìm thấy buổi tiếp.")
    if version is not None and s.version != version:
        raise ConflictError()
    s.version += 1
    return s


def move(
    session: Session,
    actor: Actor,
    session_id: int,
    new_day: date,
    reason: str,
    version: int | None = None,
    *,
    postpone: bool = False,
) -> DutySession:
    """Move (or postpone, with a reason and a new date) a session; audited."""
    s = _load(session, actor, session_id, version)
    errors = {}
    if not normalize(reason):
        errors["reason"] = "Hãy ghi lý do dời lịch."
    if not load_calendar(session).is_working_day(new_day):
        errors["new_day"] = f"Ngày {new_day:%d/%m/%Y} không phải ngày làm việc."
    if errors:
        raise ValidationError(errors)
    old = s.day
    s.day, s.reason = new_day, normalize(reason)
    s.move_note = f"{'Hoãn' if postpone else 'Dời'} từ {old:%d/%m/%Y}: {s.reason}"
    session.flush()
    audit.log_event(
        session,
        actor,
        "schedule.postpone" if postpone else "schedule.move",
        "duty_session",
        s.id,
        f"{old:%d/%m/%Y} → {new_day:%d/%m/%Y}: {s.reason}",
    )
    return s


def deputise(
    session: Session,
    actor: Actor,
    session_id: int,
    deputy_id: int,
    reason: str,
    version: int | None = None,
) -> DutySession:
    """Ủy quyền: the day is handed to a deputy, with the reason."""
    s = _load(session, actor, session_id, version)
    deputy = session.get(StaffMember, deputy_id)
    errors = {}
    if deputy is None or not deputy.is_leader:
        errors["deputy"] = "Hãy chọn lãnh đạo được ủy quyền."
    elif deputy.id == s.presiding_id:
        errors["deputy"] = "Người được ủy quyền phải khác người chủ trì."
    if not normalize(reason):
        errors["reason"] = "Hãy ghi lý do ủy quyền."
    if errors:
        raise ValidationError(errors)
    assert deputy is not None
    s.deputy_id, s.reason = deputy.id, normalize(reason)
    session.flush()
    audit.log_event(
        session,
        actor,
        "schedule.deputise",
        "duty_session",
        s.id,
        f"{s.day:%d/%m/%Y}: {s.presiding.full_name} ủy quyền cho {deputy.full_name} ({s.reason})",
    )
    return s


def set_desk(session: Session, actor: Actor, day: date, half: str, staff_ids: list[int]) -> None:
    require(actor, *PLANNERS)
    for row in session.execute(
        select(DeskShift).where(DeskShift.day == day, DeskShift.half == half)
    ).scalars():
        session.delete(row)
    session.flush()
    for sid in staff_ids:
        session.add(DeskShift(day=day, half=half, staff_id=sid))
    session.flush()
    audit.log_event(
        session,
        actor,
        "schedule.desk",
        "desk_shift",
        f"{day}:{half}",
        f"Trực tiếp công dân {day:%d/%m/%Y} ({half}): {len(staff_ids)} người",
    )


def fill_desk(
    session: Session,
    actor: Actor,
    rule: Rule,
    start: date,
    end: date,
    half: str,
    staff_ids: list[int],
    cal: WorkCalendar | None = None,
) -> int:
    cal = cal or load_calendar(session)
    n = 0
    for o in occurrences(rule, start, end, cal):
        set_desk(session, actor, o.day, half, staff_ids)
        n += 1
    return n


def desk_between(session: Session, start: date, end: date) -> list[DeskShift]:
    return list(
        session.execute(
            select(DeskShift)
            .where(DeskShift.day >= start, DeskShift.day <= end)
            .order_by(DeskShift.day, DeskShift.half)
        ).scalars()
    )


# --- checks -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    kind: str  # "head_missing", "not_published", "conflict", "day_off", "desk_empty"
    day: date
    message: str


def _published_on(session: Session, day: date) -> date | None:
    keys = [f"{day:%Y-%m}", f"{day.year}-Q{(day.month - 1) // 3 + 1}"]
    return session.execute(
        select(func.min(PublishedSchedule.published_on)).where(PublishedSchedule.period.in_(keys))
    ).scalar()


def checks(
    session: Session, start: date, end: date, today: date, cal: WorkCalendar | None = None
) -> list[Problem]:
    cal = cal or load_calendar(session)
    rules = rulebook(session)
    problems: list[Problem] = []
    sessions = [s for s in sessions_between(session, start, end) if s.status == "planned"]
    chief = head(session)
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        in_month = [s for s in sessions if (s.day.year, s.day.month) == (y, m)]
        if chief is not None and not any(
            s.presiding_id == chief.id and s.deputy_id is None for s in in_month
        ):
            problems.append(
                Problem(
                    "head_missing",
                    date(y, m, 1),
                    f"Tháng {m:02d}/{y}: {chief.full_name} chưa có buổi tiếp nào. {HEAD_RULE}.",
                )
            )
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    seen: dict[tuple[date, int], DutySession] = {}
    for s in sessions:
        person = s.deputy_id or s.presiding_id
        if not cal.is_working_day(s.day):
            problems.append(
                Problem(
                    "day_off",
                    s.day,
                    f"Buổi tiếp {s.day:%d/%m/%Y} rơi vào ngày nghỉ "
                    f"({cal.day_off_name(s.day) or 'cuối tuần'}).",
                )
            )
        other = seen.get((s.day, person))
        if other is not None and other.start_time < s.end_time and s.start_time < other.end_time:
            problems.append(
                Problem(
                    "conflict",
                    s.day,
                    f"{(s.deputy or s.presiding).full_name} có hai buổi "
                    f"trùng giờ ngày {s.day:%d/%m/%Y}.",
                )
            )
        seen[(s.day, person)] = s
        latest = latest_publication_date(s.day, cal, rules)
        published = _published_on(session, s.day)
        if published is None and today > latest.due:
            problems.append(
                Problem(
                    "not_published",
                    s.day,
                    f"Buổi tiếp {s.day:%d/%m/%Y} chưa niêm yết; "
                    f"hạn niêm yết {latest.due:%d/%m/%Y} đã qua. {latest.explanation}.",
                )
            )
        elif published is not None and published > latest.due:
            problems.append(
                Problem(
                    "not_published",
                    s.day,
                    f"Buổi tiếp {s.day:%d/%m/%Y} niêm yết ngày "
                    f"{published:%d/%m/%Y}, muộn hơn hạn {latest.due:%d/%m/%Y}.",
                )
            )
    roster = desk_between(session, start, end)
    shifts = {(d.day, d.half) for d in roster}
    if roster:
        # The roster is checked from its first planned day: earlier days were not planned here.
        d = min(x.day for x in roster)
        last = max(x.day for x in roster)
        while d <= last:
            if cal.is_working_day(d) and not (
                (d, "morning") in shifts or (d, "afternoon") in shifts
            ):
                problems.append(
                    Problem(
                        "desk_empty", d, f"Ngày {d:%d/%m/%Y} chưa có cán bộ trực tiếp công dân."
                    )
                )
            d += timedelta(days=1)
    return sorted(problems, key=lambda p: (p.day, p.kind))


# --- publication ------------------------------------------------------------------------------


def period_bounds(period: str) -> tuple[date, date]:
    year, part = period.split("-")
    y = int(year)
    if part.startswith("Q"):
        q = int(part[1:])
        start = date(y, 3 * q - 2, 1)
        end_month = 3 * q
    else:
        start = date(y, int(part), 1)
        end_month = int(part)
    end = date(y + (end_month == 12), end_month % 12 + 1, 1) - timedelta(days=1)
    return start, end


def _snapshot(session: Session, period: str) -> list[dict]:
    start, end = period_bounds(period)
    return [
        {
            "day": s.day.isoformat(),
            "time": f"{s.start_time}–{s.end_time}",
            "place": s.place,
            "presiding": (s.deputy or s.presiding).full_name,
            "status": s.status,
        }
        for s in sessions_between(session, start, end)
    ]


def _describe(item: dict) -> str:
    d = date.fromisoformat(item["day"])
    return f"{d:%d/%m/%Y} {item['time']} – {item['presiding']}"


def publish(session: Session, actor: Actor, period: str, on: date) -> PublishedSchedule:
    """Freeze the period as published on ``on``; a later publication lists its differences."""
    require(actor, *PLANNERS)
    try:
        period_bounds(period)
    except (ValueError, IndexError) as exc:
        raise ValidationError({"period": "Kỳ niêm yết dạng 2026-12 hoặc 2026-Q4."}) from exc
    snap = _snapshot(session, period)
    if not snap:
        raise ValidationError({"period": "Kỳ này chưa có buổi tiếp nào để niêm yết."})
    last = session.execute(
        select(PublishedSchedule)
        .where(PublishedSchedule.period == period)
        .order_by(PublishedSchedule.version.desc())
    ).scalar()
    changes = ""
    if last is not None:
        before = {_describe(x) for x in json.loads(last.snapshot)}
        after = {_describe(x) for x in snap}
        if before == after:
            raise ValidationError({"period": "Lịch không thay đổi so với bản đã niêm yết."})
        changes = "\n".join(
            [
                *(f"Bỏ: {x}" for x in sorted(before - after)),
                *(f"Thêm: {x}" for x in sorted(after - before)),
            ]
        )
    row = PublishedSchedule(
        period=period,
        version=(last.version + 1) if last else 1,
        published_on=on,
        snapshot=json.dumps(snap, ensure_ascii=False),
        changes=changes,
        published_by=user_id_of(actor),
    )
    session.add(row)
    session.flush()
    audit.log_event(
        session,
        actor,
        "schedule.publish",
        "published_schedule",
        row.id,
        f"Niêm yết lịch {period}, bản {row.version}" + (f": {changes}" if changes else ""),
    )
    return row


def publications(session: Session, period: str) -> list[PublishedSchedule]:
    return list(
        session.execute(
            select(PublishedSchedule)
            .where(PublishedSchedule.period == period)
            .order_by(PublishedSchedule.version)
        ).scalars()
    )
