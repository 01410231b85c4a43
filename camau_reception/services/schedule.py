"""The leaders' reception calendar: directory, sessions from recurrence rules, moves,
postponements, deputies, the desk roster, checks against the law, and publication.

Leaders and administrators plan and publish; everyone signed in reads. Every change is one
audit event in the caller's transaction."""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from camau_reception.domain.calendar import WorkCalendar
from camau_reception.domain.recurrence import Occurrence, Rule, month_end, occurrences
from camau_reception.domain.text import normalize, normalize_multiline
from camau_reception.models.schedule import (
    DeskShift,
    DutySession,
    Person,
    PublishedSchedule,
    RecurrenceRule,
)
from camau_reception.models.users import Role, User
from camau_reception.services import audit
from camau_reception.services.actor import Actor, user_id_of
from camau_reception.services.auth import require
from camau_reception.services.calendar import load_calendar
from camau_reception.services.errors import Collector, ConflictError, NotFound, ValidationError

PLANNERS = (Role.LEADER, Role.ADMIN)
HEAD_RULE = (
    "Người đứng đầu cơ quan trực tiếp tiếp công dân ít nhất 01 ngày trong 01 tháng "
    "(Luật Tiếp công dân 2013, Điều 18 khoản 2)"
)
DEFAULT_PLACE = "Phòng tiếp công dân, Sở Văn hóa, Thể thao và Du lịch"
HALVES = {"morning": "Sáng", "afternoon": "Chiều"}
STATUS_LABELS = {"planned": "Theo lịch", "postponed": "Đã hoãn", "deputised": "Ủy quyền"}
LIVE = ("planned", "postponed", "deputised")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_PERIOD = re.compile(r"^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))$")


# --- directory --------------------------------------------------------------------------------


def _person_errors(full_name: str, email: str, user_id: int | None, session: Session) -> Collector:
    errors = Collector()
    if not full_name:
        errors.add("full_name", "Hãy nhập họ tên.")
    if email and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", email):
        errors.add("email", "Địa chỉ thư điện tử không hợp lệ.")
    if user_id is not None and session.get(User, user_id) is None:
        errors.add("user_id", "Không tìm thấy tài khoản người dùng.")
    return errors


def _only_head(session: Session, keep: Person) -> None:
    for other in session.execute(select(Person).where(Person.is_head)).scalars():
        if other is not keep:
            other.is_head = False


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
    publish_contacts: bool = True,
) -> Person:
    """Add a leader or officer to the directory (one head at a time)."""
    require(actor, *PLANNERS)
    full_name, email = normalize(full_name), normalize(email)
    _person_errors(full_name, email, user_id, session).raise_if_any()
    m = Person(
        full_name=full_name,
        position=normalize(position),
        is_leader=is_leader or is_head,
        is_head=is_head,
        phone=normalize(phone),
        email=email,
        user_id=user_id,
        publish_contacts=publish_contacts,
    )
    session.add(m)
    session.flush()
    if is_head:
        _only_head(session, m)
    audit.log_event(
        session, actor, "schedule.person_add", "person", m.id, f"{m.full_name} ({m.position})"
    )
    return m


add_person = add_staff


def update_staff(
    session: Session,
    actor: Actor,
    person_id: int,
    *,
    full_name: str,
    position: str,
    is_leader: bool,
    is_head: bool,
    phone: str,
    email: str,
    active: bool,
    user_id: int | None,
    publish_contacts: bool = True,
) -> Person:
    require(actor, *PLANNERS)
    m = session.get(Person, person_id)
    if m is None:
        raise NotFound("Không tìm thấy người trong danh bạ.")
    full_name, email = normalize(full_name), normalize(email)
    _person_errors(full_name, email, user_id, session).raise_if_any()
    m.full_name, m.position = full_name, normalize(position)
    m.is_leader, m.is_head = is_leader or is_head, is_head and active
    m.phone, m.email, m.active, m.user_id = normalize(phone), email, active, user_id
    m.publish_contacts = publish_contacts
    session.flush()
    if m.is_head:
        _only_head(session, m)
    audit.log_event(
        session,
        actor,
        "schedule.person_update",
        "person",
        m.id,
        f"{m.full_name} ({m.position}){'' if active else ', ngừng hoạt động'}",
    )
    return m


def list_leaders(session: Session) -> list[Person]:
    """Active leaders, the head first."""
    return list(
        session.execute(
            select(Person)
            .where(Person.is_leader, Person.active)
            .order_by(Person.is_head.desc(), Person.id)
        ).scalars()
    )


def list_staff(session: Session, *, include_inactive: bool = False) -> list[Person]:
    """The directory: leaders first (head first), then officers."""
    q = select(Person).order_by(Person.is_head.desc(), Person.is_leader.desc(), Person.id)
    if not include_inactive:
        q = q.where(Person.active)
    return list(session.execute(q).scalars())


def list_officers(session: Session) -> list[Person]:
    return [p for p in list_staff(session) if not p.is_leader]


def head(session: Session) -> Person | None:
    return session.execute(select(Person).where(Person.is_head, Person.active)).scalar()


# --- reading ----------------------------------------------------------------------------------


def sessions_between(session: Session, start: date, end: date) -> list[DutySession]:
    return list(
        session.execute(
            select(DutySession)
            .where(DutySession.day >= start, DutySession.day <= end)
            .order_by(DutySession.day, DutySession.start_time, DutySession.id)
        ).scalars()
    )


def get_session(session: Session, session_id: int) -> DutySession:
    s = session.get(DutySession, session_id)
    if s is None:
        raise NotFound("Không tìm thấy buổi tiếp.")
    return s


def count_sessions(session: Session, start: date, end: date) -> int:
    """Leaders' reception days planned in [start, end] (used by the periodic report): distinct
    days, so two leaders receiving on the same day count one day, as the report's row says."""
    return int(
        session.execute(
            select(func.count(func.distinct(DutySession.day))).where(
                DutySession.day >= start, DutySession.day <= end, DutySession.status.in_(LIVE)
            )
        ).scalar()
        or 0
    )


def presiding_leader_on(session: Session, day: date) -> tuple[int | None, str] | None:
    """Who presides the reception on ``day``: (user id if the person has an account, full name);
    the deputy when the day was handed over; None when no leader receives that day."""
    s = session.execute(
        select(DutySession)
        .where(DutySession.day == day, DutySession.status.in_(LIVE))
        .order_by(DutySession.start_time, DutySession.id)
    ).scalar()
    if s is None:
        return None
    return s.acting.user_id, s.acting.full_name


def rules(session: Session) -> list[RecurrenceRule]:
    return list(
        session.execute(select(RecurrenceRule).order_by(RecurrenceRule.id.desc())).scalars()
    )


def as_rule(row: RecurrenceRule) -> Rule:
    return Rule(
        row.kind,
        weekday=row.weekday,
        nth=row.nth,
        day=row.day,
        weekdays=tuple(int(x) for x in row.weekdays.split(",") if x),
        shift=row.shift,
    )


# --- planning ---------------------------------------------------------------------------------


def _check_times(errors: Collector, start_time: str, end_time: str) -> None:
    if not _TIME.match(start_time):
        errors.add("start_time", "Giờ dạng 07:30.")
    if not _TIME.match(end_time):
        errors.add("end_time", "Giờ dạng 11:00.")
    elif _TIME.match(start_time) and end_time <= start_time:
        errors.add("end_time", "Giờ kết thúc phải sau giờ bắt đầu.")


def _leader(session: Session, person_id: int | None) -> Person | None:
    p = session.get(Person, person_id) if person_id else None
    return p if p is not None and p.is_leader and p.active else None


def _range_errors(errors: Collector, start: date, end: date) -> None:
    if end < start:
        errors.add("end", "Ngày kết thúc phải sau ngày bắt đầu.")
    elif (end - start).days > 800:
        errors.add("end", "Mỗi lần lập lịch tối đa hai năm.")


def _store_rule(
    session: Session, actor: Actor, target: str, rule: Rule, start: date, end: date, **extra
) -> RecurrenceRule:
    row = RecurrenceRule(
        target=target,
        kind=rule.kind,
        weekday=rule.weekday,
        nth=rule.nth,
        day=rule.day,
        weekdays=",".join(str(w) for w in sorted(rule.weekdays)),
        shift=rule.shift,
        start=start,
        end=end,
        description=rule.describe(),
        created_by=user_id_of(actor),
        **extra,
    )
    session.add(row)
    session.flush()
    return row


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
    """Fill [start, end] with sessions from ``rule`` (stored); days off move as the rule says.
    A day the leader already has a session is left alone."""
    require(actor, *PLANNERS)
    errors = Collector()
    for k, v in rule.errors().items():
        errors.add(k, v)
    if _leader(session, presiding_id) is None:
        errors.add("presiding", "Hãy chọn lãnh đạo chủ trì.")
    _range_errors(errors, start, end)
    _check_times(errors, start_time, end_time)
    errors.raise_if_any()
    cal = cal or load_calendar(session)
    place = normalize(place) or DEFAULT_PLACE
    topics = normalize_multiline(topics)
    row = _store_rule(
        session,
        actor,
        "session",
        rule,
        start,
        end,
        presiding_id=presiding_id,
        start_time=start_time,
        end_time=end_time,
        place=place,
        topics=topics,
    )
    taken = set(
        session.execute(
            select(DutySession.day).where(
                DutySession.presiding_id == presiding_id,
                DutySession.day >= start - timedelta(days=31),
                DutySession.day <= end + timedelta(days=31),
            )
        ).scalars()
    )
    created = []
    occ: list[Occurrence] = occurrences(rule, start, end, cal)
    for o in occ:
        if o.day in taken:
            continue
        taken.add(o.day)
        s = DutySession(
            day=o.day,
            planned_day=o.planned,
            move_note=o.note,
            start_time=start_time,
            end_time=end_time,
            place=place,
            presiding_id=presiding_id,
            topics=topics,
            rule_id=row.id,
            rule_text=row.description,
        )
        session.add(s)
        created.append(s)
    session.flush()
    moved = sum(1 for o in occ if o.moved)
    audit.log_event(
        session,
        actor,
        "schedule.generate",
        "recurrence_rule",
        row.id,
        f"{row.description}: {len(created)} buổi từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"
        + (f", {moved} buổi chuyển khỏi ngày nghỉ" if moved else ""),
    )
    return created


def create_session(
    session: Session,
    actor: Actor,
    day: date,
    presiding_id: int,
    *,
    start_time: str = "07:30",
    end_time: str = "11:00",
    place: str = DEFAULT_PLACE,
    topics: str = "",
    cal: WorkCalendar | None = None,
) -> DutySession:
    """One reception day added by hand."""
    require(actor, *PLANNERS)
    cal = cal or load_calendar(session)
    errors = Collector()
    if _leader(session, presiding_id) is None:
        errors.add("presiding", "Hãy chọn lãnh đạo chủ trì.")
    if not cal.is_working_day(day):
        errors.add(
            "day", f"Ngày {day:%d/%m/%Y} là ngày nghỉ ({cal.day_off_name(day) or 'cuối tuần'})."
        )
    _check_times(errors, start_time, end_time)
    errors.raise_if_any()
    s = DutySession(
        day=day,
        start_time=start_time,
        end_time=end_time,
        place=normalize(place) or DEFAULT_PLACE,
        presiding_id=presiding_id,
        topics=normalize_multiline(topics),
        rule_text="Lập riêng",
    )
    session.add(s)
    session.flush()
    audit.log_event(
        session,
        actor,
        "schedule.create",
        "duty_session",
        s.id,
        f"{day:%d/%m/%Y} {start_time}–{end_time}: {s.presiding.full_name}",
    )
    return s


def _load(session: Session, actor: Actor, session_id: int, version: int | None) -> DutySession:
    require(actor, *PLANNERS)
    s = get_session(session, session_id)
    if version is not None and s.version != version:
        raise ConflictError()
    return s


def update_session(
    session: Session,
    actor: Actor,
    session_id: int,
    *,
    start_time: str,
    end_time: str,
    place: str,
    topics: str,
    presiding_id: int,
    version: int | None = None,
) -> DutySession:
    """Change time, place, topics or the presiding leader of one day."""
    s = _load(session, actor, session_id, version)
    errors = Collector()
    if _leader(session, presiding_id) is None:
        errors.add("presiding", "Hãy chọn lãnh đạo chủ trì.")
    _check_times(errors, start_time, end_time)
    errors.raise_if_any()
    s.version += 1
    s.start_time, s.end_time = start_time, end_time
    s.place, s.topics = normalize(place) or DEFAULT_PLACE, normalize_multiline(topics)
    s.presiding_id = presiding_id
    if s.deputy_id == presiding_id:
        s.deputy_id, s.status = None, "planned"
    session.flush()
    session.refresh(s)
    audit.log_event(
        session,
        actor,
        "schedule.update",
        "duty_session",
        s.id,
        f"{s.day:%d/%m/%Y} {start_time}–{end_time}, {s.place}: {s.presiding.full_name}",
    )
    return s


def delete_session(
    session: Session, actor: Actor, session_id: int, version: int | None = None
) -> None:
    s = _load(session, actor, session_id, version)
    summary = f"{s.day:%d/%m/%Y} {s.start_time}–{s.end_time}: {s.acting.full_name}"
    session.delete(s)
    session.flush()
    audit.log_event(session, actor, "schedule.delete", "duty_session", session_id, summary)


def move(
    session: Session,
    actor: Actor,
    session_id: int,
    new_day: date,
    reason: str,
    version: int | None = None,
    *,
    postpone: bool = False,
    cal: WorkCalendar | None = None,
) -> DutySession:
    """Move a session to another working day, or postpone it (hoãn: a reason and a new date,
    the original date kept for the notice); audited."""
    s = _load(session, actor, session_id, version)
    cal = cal or load_calendar(session)
    errors = Collector()
    reason = normalize(reason)
    if not reason:
        errors.add("reason", "Hãy ghi lý do hoãn." if postpone else "Hãy ghi lý do dời lịch.")
    if new_day == s.day:
        errors.add("new_day", "Ngày mới trùng ngày đang xếp.")
    elif not cal.is_working_day(new_day):
        errors.add(
            "new_day",
            f"Ngày {new_day:%d/%m/%Y} không phải ngày làm việc "
            f"({cal.day_off_name(new_day) or 'cuối tuần'}).",
        )
    errors.raise_if_any()
    s.version += 1
    old = s.day
    s.day, s.reason = new_day, reason
    if postpone:
        s.original_day = s.original_day or old
        s.status = "postponed"
        s.move_note = f"Hoãn từ ngày {old:%d/%m/%Y}: {reason}"
    else:
        s.move_note = f"Dời từ ngày {old:%d/%m/%Y}: {reason}"
    session.flush()
    audit.log_event(
        session,
        actor,
        "schedule.postpone" if postpone else "schedule.move",
        "duty_session",
        s.id,
        f"{old:%d/%m/%Y} → {new_day:%d/%m/%Y}: {reason}",
    )
    return s


def postpone(
    session: Session,
    actor: Actor,
    session_id: int,
    new_day: date,
    reason: str,
    version: int | None = None,
    cal: WorkCalendar | None = None,
) -> DutySession:
    return move(session, actor, session_id, new_day, reason, version, postpone=True, cal=cal)


def deputise(
    session: Session,
    actor: Actor,
    session_id: int,
    deputy_id: int,
    reason: str,
    version: int | None = None,
) -> DutySession:
    """Ủy quyền: the day is handed to another leader, with the reason."""
    s = _load(session, actor, session_id, version)
    deputy = _leader(session, deputy_id)
    errors = Collector()
    if deputy is None:
        errors.add("deputy", "Hãy chọn lãnh đạo được ủy quyền.")
    elif deputy.id == s.presiding_id:
        errors.add("deputy", "Người được ủy quyền phải khác người chủ trì.")
    if not normalize(reason):
        errors.add("reason", "Hãy ghi lý do ủy quyền.")
    errors.raise_if_any()
    assert deputy is not None
    s.version += 1
    s.deputy_id, s.reason, s.status = deputy.id, normalize(reason), "deputised"
    session.flush()
    session.refresh(s)
    audit.log_event(
        session,
        actor,
        "schedule.deputise",
        "duty_session",
        s.id,
        f"{s.day:%d/%m/%Y}: {s.presiding.full_name} ủy quyền cho {deputy.full_name} ({s.reason})",
    )
    return s


def cancel_deputy(
    session: Session, actor: Actor, session_id: int, version: int | None = None
) -> DutySession:
    """The presiding leader takes the day back."""
    s = _load(session, actor, session_id, version)
    if s.deputy_id is None:
        raise ValidationError({"deputy": "Buổi này chưa ủy quyền."})
    s.version += 1
    s.deputy_id, s.status = None, ("postponed" if s.original_day else "planned")
    session.flush()
    session.refresh(s)
    audit.log_event(
        session,
        actor,
        "schedule.deputise_cancel",
        "duty_session",
        s.id,
        f"{s.day:%d/%m/%Y}: {s.presiding.full_name} trực tiếp chủ trì",
    )
    return s


# --- desk roster ------------------------------------------------------------------------------


def set_desk(
    session: Session,
    actor: Actor,
    day: date,
    half: str,
    staff_ids: list[int],
    *,
    rule_id: int | None = None,
    audit_it: bool = True,
) -> None:
    """Who staffs the desk on ``day`` (morning/afternoon); replaces what was there."""
    require(actor, *PLANNERS)
    if half not in HALVES:
        raise ValidationError({"half": "Hãy chọn buổi sáng hoặc chiều."})
    people = [session.get(Person, i) for i in dict.fromkeys(staff_ids)]
    if any(p is None or not p.active for p in people):
        raise ValidationError({"staff": "Có người không còn trong danh bạ."})
    for row in session.execute(
        select(DeskShift).where(DeskShift.day == day, DeskShift.half == half)
    ).scalars():
        session.delete(row)
    session.flush()
    for p in people:
        assert p is not None
        session.add(DeskShift(day=day, half=half, staff_id=p.id, rule_id=rule_id))
    session.flush()
    if audit_it:
        names = ", ".join(p.full_name for p in people if p is not None) or "không ai"
        audit.log_event(
            session,
            actor,
            "schedule.desk",
            "desk_shift",
            f"{day}:{half}",
            f"Trực tiếp công dân {HALVES[half].lower()} {day:%d/%m/%Y}: {names}",
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
    """Fill the roster by a weekly rule ("Thứ Ba và Thứ Năm, buổi sáng"); days off skipped."""
    require(actor, *PLANNERS)
    errors = Collector()
    for k, v in rule.errors().items():
        errors.add(k, v)
    if half not in HALVES:
        errors.add("half", "Hãy chọn buổi sáng hoặc chiều.")
    if not staff_ids:
        errors.add("staff", "Hãy chọn ít nhất một cán bộ trực.")
    _range_errors(errors, start, end)
    errors.raise_if_any()
    cal = cal or load_calendar(session)
    row = _store_rule(
        session,
        actor,
        "desk",
        rule,
        start,
        end,
        half=half,
        staff_ids=",".join(str(i) for i in staff_ids),
    )
    days = [o.day for o in occurrences(rule, start, end, cal)]
    people = [session.get(Person, i) for i in dict.fromkeys(staff_ids)]
    if any(p is None or not p.active for p in people):
        raise ValidationError({"staff": "Có người không còn trong danh bạ."})
    # One statement replaces those half days (a year is ~100 days: no per-day round trips).
    session.execute(delete(DeskShift).where(DeskShift.day.in_(days), DeskShift.half == half))
    session.add_all(
        DeskShift(day=d, half=half, staff_id=p.id, rule_id=row.id)
        for d in days
        for p in people
        if p is not None
    )
    session.flush()
    names = ", ".join(p.full_name for p in (session.get(Person, i) for i in staff_ids) if p)
    audit.log_event(
        session,
        actor,
        "schedule.desk_fill",
        "recurrence_rule",
        row.id,
        f"{row.description}, buổi {HALVES[half].lower()}: {names}; {len(days)} ngày "
        f"từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}",
    )
    return len(days)


def desk_between(session: Session, start: date, end: date) -> list[DeskShift]:
    return list(
        session.execute(
            select(DeskShift)
            .where(DeskShift.day >= start, DeskShift.day <= end)
            .order_by(DeskShift.day, DeskShift.half.desc(), DeskShift.id)
        ).scalars()
    )


# --- publication state ------------------------------------------------------------------------


def period_bounds(period: str) -> tuple[date, date]:
    """ "2026-12" → December 2026; "2026-Q4" → October–December 2026."""
    m = _PERIOD.match(period or "")
    if not m:
        raise ValueError(f"bad period {period!r}")
    y = int(m.group(1))
    if m.group(3):
        q = int(m.group(3))
        return date(y, 3 * q - 2, 1), month_end(y, 3 * q)
    month = int(m.group(2))
    return date(y, month, 1), month_end(y, month)


def period_label(period: str) -> str:
    start, _ = period_bounds(period)
    if "Q" in period:
        return f"quý {period[-1]} năm {start.year}"
    return f"tháng {start:%m/%Y}"


def periods_of(day: date) -> list[str]:
    return [f"{day:%Y-%m}", f"{day.year}-Q{(day.month - 1) // 3 + 1}"]


def _entry(s: DutySession) -> dict:
    person = s.acting
    return {
        "id": s.id,
        "day": s.day.isoformat(),
        "time": f"{s.start_time}–{s.end_time}",
        "place": s.place,
        "presiding": person.full_name,
        "position": person.position,
        "status": s.status,
        "note": s.move_note if s.status == "postponed" else "",
    }


def _same(a: dict, b: dict) -> bool:
    return all(a.get(k) == b.get(k) for k in ("day", "time", "place", "presiding"))


@dataclass(frozen=True)
class Publication:
    """Where one session stands against the five-working-day posting rule."""

    latest: date  # the last day it may be posted
    explanation: str
    published_on: date | None  # first publication that holds it as it stands now
    in_time: bool | None  # None while it is not published and there is still time


def publication_state(
    session: Session,
    sessions: list[DutySession],
    today: date,
    cal: WorkCalendar | None = None,
) -> dict[int, Publication]:
    """Each session's latest posting date (rule ``schedule.publish`` of the deadline engine)
    and the first published version that holds it unchanged."""
    from camau_reception.domain.deadlines import latest_publication_date
    from camau_reception.services.deadline_rules import rulebook

    cal = cal or load_calendar(session)
    book = rulebook(session)
    keys = sorted({k for s in sessions for k in periods_of(s.day)})
    # Each snapshot indexed by session id, so a year of sessions is not a scan per session.
    pubs: dict[str, list[tuple[date, dict[int, dict]]]] = defaultdict(list)
    if keys:
        for p in session.execute(
            select(PublishedSchedule)
            .where(PublishedSchedule.period.in_(keys))
            .order_by(PublishedSchedule.published_on, PublishedSchedule.version)
        ).scalars():
            entries = {x["id"]: x for x in json.loads(p.snapshot) if "id" in x}
            pubs[p.period].append((p.published_on, entries))
    out: dict[int, Publication] = {}
    for s in sessions:
        deadline = latest_publication_date(s.day, cal, book)
        entry = _entry(s)
        first: date | None = None
        for key in periods_of(s.day):
            for on, snap in pubs.get(key, []):
                held = snap.get(s.id)
                if held is not None and _same(held, entry):
                    first = on if first is None else min(first, on)
                    break
        if first is not None:
            in_time: bool | None = first <= deadline.due
        else:
            in_time = False if today > deadline.due else None
        out[s.id] = Publication(deadline.due, deadline.explanation, first, in_time)
    return out


# --- checks -----------------------------------------------------------------------------------


HEAD_UNKNOWN = (
    "Chưa xác định thủ trưởng cơ quan trong danh sách lãnh đạo: không kiểm tra được số ngày "
    "tiếp tối thiểu"
)


@dataclass(frozen=True)
class Problem:
    """One finding of ``checks``. ``kind``: "head_missing", "head_unknown" (nobody is marked
    head: the monthly minimum cannot be checked), "not_published", "conflict", "day_off" (a
    leader's session on a day off), "desk_day_off" (desk shifts on a day that became a day
    off), "desk_empty" (working days with nobody at the desk, ``day`` to ``last``)."""

    kind: str
    day: date
    message: str
    session_id: int | None = None
    last: date | None = None  # the last day of a run of days (desk_empty)

    def days(self, cal: WorkCalendar) -> list[date]:
        """The days the finding is about (the working days of a desk_empty run)."""
        if self.last is None:
            return [self.day]
        out, d = [], self.day
        while d <= self.last:
            if cal.is_working_day(d):
                out.append(d)
            d += timedelta(days=1)
        return out


def checks(
    session: Session, start: date, end: date, today: date, cal: WorkCalendar | None = None
) -> list[Problem]:
    """What breaks the law or the plan in [start, end]: a month without the head (or no head
    marked at all, so the minimum cannot be checked), a session not posted five working days
    ahead, one person in two places at once, a session or a desk shift on a day off, any
    working day of the range with nobody at the desk."""
    cal = cal or load_calendar(session)
    problems: list[Problem] = []
    sessions = [s for s in sessions_between(session, start, end) if s.status in LIVE]
    chief = head(session)
    if chief is None:
        # Without a head the monthly minimum (art. 18.2) cannot be checked: say so, never "Đạt".
        problems.append(Problem("head_unknown", start, f"{HEAD_UNKNOWN} ({HEAD_RULE})."))
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
                    f"Tháng {m:02d}/{y}: {chief.position or 'người đứng đầu'} "
                    f"{chief.full_name} chưa có buổi tiếp công dân nào do mình trực tiếp chủ trì. "
                    f"{HEAD_RULE}.",
                )
            )
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    by_person: dict[tuple[date, int], list[DutySession]] = defaultdict(list)
    for s in sessions:
        if not cal.is_working_day(s.day):
            problems.append(
                Problem(
                    "day_off",
                    s.day,
                    f"Buổi tiếp {s.day:%d/%m/%Y} của {s.acting.full_name} rơi vào ngày nghỉ "
                    f"({cal.day_off_name(s.day) or 'cuối tuần'}).",
                    s.id,
                )
            )
        for other in by_person[(s.day, s.acting.id)]:
            if other.start_time < s.end_time and s.start_time < other.end_time:
                where = f" ({other.place} và {s.place})" if other.place != s.place else " cùng lúc"
                problems.append(
                    Problem(
                        "conflict",
                        s.day,
                        f"{s.acting.full_name} có hai buổi trùng giờ ngày {s.day:%d/%m/%Y}: "
                        f"{other.start_time}–{other.end_time} và "
                        f"{s.start_time}–{s.end_time}{where}.",
                        s.id,
                    )
                )
        by_person[(s.day, s.acting.id)].append(s)
    states = publication_state(session, sessions, today, cal)
    for s in sessions:
        st = states[s.id]
        if st.in_time is False and st.published_on is None:
            problems.append(
                Problem(
                    "not_published",
                    s.day,
                    f"Buổi tiếp {s.day:%d/%m/%Y} ({s.acting.full_name}) chưa niêm yết; "
                    f"hạn niêm yết {st.latest:%d/%m/%Y} đã qua. {st.explanation}.",
                    s.id,
                )
            )
        elif st.in_time is False and st.published_on is not None:
            problems.append(
                Problem(
                    "not_published",
                    s.day,
                    f"Buổi tiếp {s.day:%d/%m/%Y} ({s.acting.full_name}) niêm yết ngày "
                    f"{st.published_on:%d/%m/%Y}, muộn hơn hạn {st.latest:%d/%m/%Y}.",
                    s.id,
                )
            )
    roster = desk_between(session, start, end)
    problems += _desk_problems(roster, start, end, cal)
    if roster:
        seen: dict[tuple[date, str], set[int]] = defaultdict(set)
        for shift in roster:
            seen[(shift.day, shift.half)].add(shift.staff_id)
        for s in sessions:
            half = "morning" if s.start_time < "12:00" else "afternoon"
            if s.acting.id in seen.get((s.day, half), set()):
                problems.append(
                    Problem(
                        "conflict",
                        s.day,
                        f"{s.acting.full_name} vừa chủ trì buổi tiếp vừa trực bàn tiếp "
                        f"công dân {HALVES[half].lower()} {s.day:%d/%m/%Y}.",
                        s.id,
                    )
                )
    # By day; on the same day, what concerns the whole month (the head) comes first.
    return sorted(problems, key=lambda p: (p.day, not p.kind.startswith("head_"), p.kind))


def _desk_problems(
    roster: list[DeskShift], start: date, end: date, cal: WorkCalendar
) -> list[Problem]:
    """Every working day of [start, end] needs someone at the desk (runs of empty days are one
    finding each); a shift on a day that is not a working day (a holiday or day off declared
    after the roster was made) is flagged so it is moved or removed."""
    problems: list[Problem] = []
    by_day: dict[date, list[DeskShift]] = defaultdict(list)
    for shift in roster:
        by_day[shift.day].append(shift)
    runs: list[list[date]] = []
    d = start
    while d <= end:
        if cal.is_working_day(d):
            if d in by_day:
                runs.append([])
            elif runs and runs[-1]:
                runs[-1].append(d)
            else:
                runs.append([d])
        d += timedelta(days=1)
    for run in runs:
        if not run:
            continue
        first, last = run[0], run[-1]
        if first == last:
            message = f"Ngày {first:%d/%m/%Y} chưa có cán bộ trực tiếp công dân."
        else:
            message = (
                f"Từ ngày {first:%d/%m/%Y} đến ngày {last:%d/%m/%Y}: {len(run)} ngày làm việc "
                "chưa có cán bộ trực tiếp công dân."
            )
        problems.append(Problem("desk_empty", first, message, last=None if first == last else last))
    for day, shifts in sorted(by_day.items()):
        if cal.is_working_day(day):
            continue
        names: dict[str, list[str]] = defaultdict(list)
        for shift in shifts:
            names[shift.half].append(shift.staff.full_name)
        who = "; ".join(
            f"{HALVES.get(half, half).lower()}: {', '.join(people)}"
            for half, people in sorted(names.items(), key=lambda kv: kv[0] != "morning")
        )
        problems.append(
            Problem(
                "desk_day_off",
                day,
                f"Ngày {day:%d/%m/%Y} là ngày nghỉ ({cal.day_off_name(day) or 'cuối tuần'}) "
                f"nhưng vẫn còn lịch trực tiếp công dân ({who}): hãy bỏ hoặc chuyển ca trực.",
            )
        )
    return problems


# --- publication ------------------------------------------------------------------------------


def _describe(item: dict) -> str:
    d = date.fromisoformat(item["day"])
    return f"{d:%d/%m/%Y} {item['time']} – {item['presiding']}, {item['place']}"


def differences(before: list[dict], after: list[dict]) -> list[str]:
    """What changed between two published snapshots, one Vietnamese line each."""
    old = {x["id"]: x for x in before if "id" in x}
    new = {x["id"]: x for x in after if "id" in x}
    lines = []
    for sid in sorted(old.keys() - new.keys(), key=lambda i: old[i]["day"]):
        lines.append(f"Bỏ: {_describe(old[sid])}")
    for sid in sorted(old.keys() & new.keys(), key=lambda i: new[i]["day"]):
        a, b = old[sid], new[sid]
        if _same(a, b):
            continue
        what = []
        if a["day"] != b["day"]:
            verb = "hoãn" if b.get("status") == "postponed" else "dời"
            what.append(
                f"{verb} từ {date.fromisoformat(a['day']):%d/%m/%Y} "
                f"sang {date.fromisoformat(b['day']):%d/%m/%Y}"
            )
        if a["time"] != b["time"]:
            what.append(f"giờ {a['time']} → {b['time']}")
        if a["presiding"] != b["presiding"]:
            what.append(f"chủ trì {a['presiding']} → {b['presiding']}")
        if a["place"] != b["place"]:
            what.append(f"địa điểm {a['place']} → {b['place']}")
        lines.append(f"Đổi: buổi {date.fromisoformat(a['day']):%d/%m/%Y}: " + "; ".join(what))
    for sid in sorted(new.keys() - old.keys(), key=lambda i: new[i]["day"]):
        lines.append(f"Thêm: {_describe(new[sid])}")
    return lines


def snapshot(session: Session, period: str) -> list[dict]:
    start, end = period_bounds(period)
    return [_entry(s) for s in sessions_between(session, start, end) if s.status in LIVE]


def latest_version(session: Session, period: str) -> PublishedSchedule | None:
    return session.execute(
        select(PublishedSchedule)
        .where(PublishedSchedule.period == period)
        .order_by(PublishedSchedule.version.desc())
    ).scalar()


def pending_changes(session: Session, period: str) -> list[str] | None:
    """Differences between the last published version and the plan now (None: never published)."""
    last = latest_version(session, period)
    if last is None:
        return None
    return differences(json.loads(last.snapshot), snapshot(session, period))


def publish(session: Session, actor: Actor, period: str, on: date) -> PublishedSchedule:
    """Freeze the month or quarter as published on ``on``; a later version lists its
    differences from the one before."""
    require(actor, *PLANNERS)
    try:
        period_bounds(period)
    except ValueError as exc:
        raise ValidationError({"period": "Kỳ niêm yết dạng 2026-12 hoặc 2026-Q4."}) from exc
    snap = snapshot(session, period)
    last = latest_version(session, period)
    if not snap and last is None:
        raise ValidationError({"period": "Kỳ này chưa có buổi tiếp nào để niêm yết."})
    changes = ""
    if last is not None:
        if on < last.published_on:
            raise ValidationError(
                {"period": f"Bản trước đã niêm yết ngày {last.published_on:%d/%m/%Y}."}
            )
        lines = differences(json.loads(last.snapshot), snap)
        if not lines:
            raise ValidationError({"period": "Lịch không thay đổi so với bản đã niêm yết."})
        changes = "\n".join(lines)
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
        f"Niêm yết lịch {period_label(period)}, bản {row.version}, {len(snap)} buổi"
        + (f"\n{changes}" if changes else ""),
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


def published_sessions(row: PublishedSchedule) -> list[dict]:
    return json.loads(row.snapshot)


# --- paper and files --------------------------------------------------------------------------


def schedule_rows(sessions: list[DutySession]) -> list:
    """The sessions as the notice board prints them (list[printing.duty_schedule.ScheduleRow])."""
    from camau_reception.printing.duty_schedule import ScheduleRow

    rows = []
    for s in sessions:
        if s.status not in LIVE:
            continue
        person = s.acting
        notes = []
        if s.deputy is not None:
            notes.append(f"Ủy quyền thay {s.presiding.position} {s.presiding.full_name}".strip())
        if s.status == "postponed" and s.original_day:
            notes.append(f"Hoãn từ ngày {s.original_day:%d/%m/%Y} ({s.reason})")
        elif s.move_note and s.planned_day and s.planned_day != s.day and not s.original_day:
            notes.append(f"Chuyển từ ngày {s.planned_day:%d/%m/%Y} do trùng ngày nghỉ")
        rows.append(
            ScheduleRow(
                day=s.day,
                start_time=s.start_time,
                end_time=s.end_time,
                leader=person.full_name,
                position=person.position,
                place=s.place,
                contact=person.published_contact("\n"),
                note="; ".join(notes),
                topics=s.topics,
            )
        )
    return rows


def desk_rows(shifts: list[DeskShift]) -> list:
    from camau_reception.printing.duty_schedule import DeskRow

    grouped: dict[tuple[date, str], list[str]] = defaultdict(list)
    for d in shifts:
        grouped[(d.day, d.half)].append(d.staff.full_name)
    return [DeskRow(day, half, tuple(names)) for (day, half), names in sorted(grouped.items())]


def _number(
    session: Session, actor: Actor, entity: str, key: str, on: date, title: str
) -> tuple[str, date]:
    from camau_reception.services import numbering

    issued = numbering.issued_for(session, entity, key)
    if issued:
        return issued[0].number, issued[0].issued_on
    doc = numbering.issue_number(
        session, actor, "LTCD", on, title=title, entity=entity, entity_id=key
    )
    return doc.number, doc.issued_on


def print_schedule(
    session: Session,
    actor: Actor,
    period: str,
    today: date,
    out: str | Path,
    *,
    with_desk: bool = True,
) -> Path:
    """The notice for ``period``. A published version keeps one number and its publication
    date on every reprint; a plan not yet published prints as a draft with no number."""
    from camau_reception.domain.agency import SAMPLE_AGENCY
    from camau_reception.printing.duty_schedule import render_schedule
    from camau_reception.services import agency

    try:
        start, end = period_bounds(period)
    except ValueError as exc:
        raise ValidationError({"period": "Kỳ dạng 2026-12 hoặc 2026-Q4."}) from exc
    profile = agency.get_profile(session) or SAMPLE_AGENCY
    last = latest_version(session, period)
    if last is not None and pending_changes(session, period) == []:
        number, issued_on = _number(
            session,
            actor,
            "schedule",
            f"{period}#{last.version}",
            last.published_on,
            f"Lịch tiếp công dân {period_label(period)}, bản {last.version}",
        )
        note = (
            f"Lịch này thay thế bản niêm yết trước (bản {last.version - 1})."
            if last.version > 1
            else ""
        )
    else:
        number, issued_on = f"      /LTCD-{profile.symbol}", today
        note = "(Bản dự thảo, chưa niêm yết)"
    desk = desk_rows(desk_between(session, start, end)) if with_desk else []
    render_schedule(
        profile,
        period_label(period),
        schedule_rows(sessions_between(session, start, end)),
        number,
        issued_on,
        Path(out),
        desk=desk,
        version_note=note,
    )
    return Path(out)


ROSTER_DRAFT = "BẢN NHÁP"
ROSTER_DRAFT_NOTE = (
    "(Bản nháp để rà soát: chưa ban hành, chưa có số văn bản, không dùng để niêm yết.)"
)


def _roster_digest(rows: list) -> str:
    """A fingerprint of the roster as printed (days, halves, names in print order)."""
    data = [[r.day.isoformat(), r.half, list(r.names)] for r in rows]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:16]


def _roster_numbers(session: Session, period: str) -> list:
    """The numbers already issued to ``period``'s roster, oldest first (list[IssuedDocument]).

    ``entity_id`` is "<period>@<digest>"; a number taken before digests were kept is stored
    as the bare period and its content is unknown."""
    from camau_reception.models.settings import IssuedDocument

    return list(
        session.execute(
            select(IssuedDocument)
            .where(
                IssuedDocument.entity == "desk_roster",
                (IssuedDocument.entity_id == period) | IssuedDocument.entity_id.like(f"{period}@%"),
            )
            .order_by(IssuedDocument.id)
        ).scalars()
    )


def print_roster(
    session: Session,
    actor: Actor,
    period: str,
    today: date,
    out: str | Path,
    *,
    final: bool = False,
) -> Path:
    """The desk roster of ``period`` on paper.

    A draft (the default) prints "BẢN NHÁP" with an empty number and takes nothing: anyone
    signed in may print it to check the roster. ``final=True`` issues the roster (leaders and
    administrators, the roles that plan it): it takes an LTCD number in the register of
    outgoing documents. Reprinting an issued roster whose content has not changed keeps its
    number and date (a copy of the same document). Once the roster changed, the old number
    no longer matches the paper: a numbered document cannot be edited in place (NĐ 30/2020),
    so the new content takes a new number and says which number and date it replaces."""
    from dataclasses import replace

    from camau_reception.domain.agency import SAMPLE_AGENCY
    from camau_reception.printing.document import paragraph, render_pdf
    from camau_reception.printing.duty_schedule import roster_document
    from camau_reception.services import agency, numbering

    if final:
        require(actor, *PLANNERS)
    try:
        start, end = period_bounds(period)
    except ValueError as exc:
        raise ValidationError({"period": "Kỳ dạng 2026-12 hoặc 2026-Q4."}) from exc
    profile = agency.get_profile(session) or SAMPLE_AGENCY
    rows = desk_rows(desk_between(session, start, end))
    label = period_label(period)
    note = ""
    if not final:
        number, issued_on, subtitle, note = (
            f"      /LTCD-{profile.symbol}",
            today,
            ROSTER_DRAFT,
            ROSTER_DRAFT_NOTE,
        )
    else:
        if not rows:
            raise ValidationError(
                {"period": f"Trong {label} chưa phân công cán bộ trực: không ban hành lịch trống."}
            )
        key = f"{period}@{_roster_digest(rows)}"
        issued = _roster_numbers(session, period)
        if issued and issued[-1].entity_id == key:
            doc_row, before = issued[-1], issued[-2] if len(issued) > 1 else None
        else:
            before = issued[-1] if issued else None
            doc_row = numbering.issue_number(
                session,
                actor,
                "LTCD",
                today,
                title=f"Lịch trực tiếp công dân {label}",
                entity="desk_roster",
                entity_id=key,
            )
            audit.log_event(
                session,
                actor,
                "schedule.roster_issue",
                "desk_roster",
                period,
                f"Ban hành lịch trực tiếp công dân {label}, số {doc_row.number}"
                + (f", thay thế số {before.number}" if before else ""),
            )
        number, issued_on, subtitle = doc_row.number, doc_row.issued_on, None
        if before is not None:
            note = (
                f"Lịch này thay thế Lịch trực tiếp công dân số {before.number} "
                f"ngày {before.issued_on:%d/%m/%Y}."
            )
    doc = roster_document(profile, label, rows, number, issued_on)
    if note:
        doc = replace(doc, body=[doc.body[0], paragraph(note, "body"), *doc.body[1:]])
    if subtitle:
        doc = replace(doc, subtitle=subtitle)
    render_pdf(doc, Path(out))
    return Path(out)


# Every change that bumps DutySession.version logs one of these events.
_VERSION_EVENTS = (
    "schedule.update",
    "schedule.move",
    "schedule.postpone",
    "schedule.deputise",
    "schedule.deputise_cancel",
)


def withdrawn_sessions(session: Session, year: int) -> tuple[list, list[DutySession]]:
    """What a phone that imported an earlier .ics of ``year`` must be told besides the year's
    sessions: (sessions deleted after having been published, as
    ``exports.schedule_ics.Withdrawn``; sessions published in ``year`` that now lie in
    another year).

    A deleted session is gone from its table; what it was is known only from the published
    versions (the snapshots keep its id, which is never reused). A session deleted before it
    was ever published cannot be recovered and is not cancelled on phones that imported it."""
    from camau_reception.exports.schedule_ics import Withdrawn
    from camau_reception.models.audit import AuditEvent

    keys = [f"{year}-{m:02d}" for m in range(1, 13)] + [f"{year}-Q{q}" for q in range(1, 5)]
    last_seen: dict[int, dict] = {}
    for row in session.execute(
        select(PublishedSchedule)
        .where(PublishedSchedule.period.in_(keys))
        .order_by(PublishedSchedule.published_on, PublishedSchedule.version, PublishedSchedule.id)
    ).scalars():
        for item in json.loads(row.snapshot):
            if "id" in item:
                last_seen[int(item["id"])] = item
    if not last_seen:
        return [], []
    existing = {
        s.id: s
        for s in session.execute(
            select(DutySession).where(DutySession.id.in_(list(last_seen)))
        ).scalars()
    }
    moved_out = sorted(
        (s for s in existing.values() if s.day.year != year and s.status in LIVE),
        key=lambda s: (s.day, s.start_time, s.id),
    )
    gone = [i for i in last_seen if i not in existing]
    bumps: dict[str, int] = defaultdict(int)
    if gone:
        for entity_id in session.execute(
            select(AuditEvent.entity_id).where(
                AuditEvent.entity == "duty_session",
                AuditEvent.entity_id.in_([str(i) for i in gone]),
                AuditEvent.action.in_(_VERSION_EVENTS),
            )
        ).scalars():
            bumps[entity_id] += 1
    withdrawn = []
    for sid in gone:
        item = last_seen[sid]
        start_time, _, end_time = str(item.get("time", "")).partition("–")
        withdrawn.append(
            Withdrawn(
                id=sid,
                day=date.fromisoformat(item["day"]),
                start_time=start_time or "07:30",
                end_time=end_time or "11:00",
                place=item.get("place", ""),
                presiding=item.get("presiding", ""),
                position=item.get("position", ""),
                # The version it had when deleted (one per audited change); its last SEQUENCE
                # on a phone was version - 1, so this one is higher.
                sequence=1 + bumps[str(sid)],
            )
        )
    withdrawn.sort(key=lambda w: (w.day, w.start_time, w.id))
    return withdrawn, moved_out


def export_year(session: Session, year: int, out: str | Path) -> int:
    """Write the year's reception days to ``out``: .xlsx as a workbook, otherwise iCalendar.

    The .ics also carries, as STATUS:CANCELLED, the sessions deleted after publication, and
    the published sessions since moved into another year (with their new date), so a phone
    that re-imports the file drops or moves them instead of keeping the old day."""
    from camau_reception.services import agency

    sessions = [
        s
        for s in sessions_between(session, date(year, 1, 1), date(year, 12, 31))
        if s.status in LIVE
    ]
    if str(out).lower().endswith(".xlsx"):
        from camau_reception.exports.schedule_xlsx import write_xlsx

        write_xlsx(sessions, desk_between(session, date(year, 1, 1), date(year, 12, 31)), out)
    else:
        from camau_reception.exports.schedule_ics import write_ics

        withdrawn, moved_out = withdrawn_sessions(session, year)
        profile = agency.get_profile(session)
        write_ics(
            [*sessions, *moved_out], out, profile.name if profile else "", withdrawn=withdrawn
        )
    return len(sessions)
