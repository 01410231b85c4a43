"""Administrative-procedure dossiers (hồ sơ TTHC): the register, due dates on the work
calendar, and late detection.

One definition of lateness for every list, letter and report, counted in whole days:

- a dossier is **late on day D** when it is still being processed after its due day
  (``due_at.date() < D``), or was returned on a day after its due day. Returned on the due
  date, at any hour, is on time;
- it **owes an apology** on day D when it is still being processed after its current promise
  (``promised_at``: the due date, or the new date of the last apology letter): the citizen is
  owed a letter and a new date;
- a dossier **refused** (từ chối) or **withdrawn** (rút hồ sơ) has no result to return: it is
  never late and never owed a letter;
- while a dossier **waits for additional documents** (chờ bổ sung) or is **suspended** (tạm
  dừng) the clock stops: it is neither late nor owed a letter, and when it resumes its due date
  moves by the working days the wait lasted (``paused_days``), as far as this office saw the
  wait (from the time the state was first recorded here).

The catalogue lives in ``services.procedures``, letters in ``services.apologies``, figures in
``services.indicators`` and ratings in ``services.surveys``; the names they had here before
the split are still importable from this module.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
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
    NO_RESULT_STATES,
    OPEN_STATES,
    PAUSED_STATES,
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
    # The one-stop system's state (a DossierState value); None: not given, the state follows
    # the return date as it always did.
    state: str | None = None


@dataclass(frozen=True)
class DueDate:
    due_at: datetime
    explanation: str


def counting_start(received: date, cal: WorkCalendar) -> date:
    """A dossier received on a day off (online, at the weekend) counts as received on the next
    working day; otherwise the day of receipt (day 1 is the working day after it)."""
    return received if cal.is_working_day(received) else cal.next_working_day(received)


def due_date(received_at: datetime, days: int, cal: WorkCalendar, paused_days: int = 0) -> DueDate:
    """Return date: the n-th working day after receipt, until the end of that working day;
    ``paused_days`` working days when the clock stood still (chờ bổ sung, tạm dừng) are added."""
    received = received_at.date()
    start = counting_start(received, cal)
    paused = max(paused_days, 0)
    due_day = cal.add_working_days(start, days + paused)
    skipped = cal.holidays_between(start + timedelta(days=1), due_day)
    text = f"{days} ngày làm việc kể từ {received:%d/%m/%Y}"
    if start != received:
        text += f" (nhận vào ngày nghỉ, tính như nhận ngày {start:%d/%m/%Y})"
    if paused:
        text += f", cộng {paused} ngày làm việc dừng tính thời hạn (chờ bổ sung, tạm dừng)"
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


def _collect(
    session: Session, data: DossierInput, now: datetime | None, c: Collector
) -> Procedure | None:
    """Field errors of ``data`` into ``c``; the procedure when its code is in the catalogue."""
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
    if data.state is not None and data.state not in {st.value for st in DossierState}:
        c.add("state", f"Trạng thái hồ sơ “{data.state}” không rõ.")
    proc = procedures.get_by_code(session, data.procedure_code)
    if proc is None:
        c.add(
            "procedure_code",
            f"Không có thủ tục mã “{normalize(data.procedure_code)}” trong danh mục.",
        )
    return proc


def validate_dossier(
    session: Session, data: DossierInput, now: datetime | None = None
) -> Procedure:
    c = Collector()
    proc = _collect(session, data, now, c)
    c.raise_if_any()
    assert proc is not None
    return proc


def _check_officer(
    session: Session, c: Collector, officer_id: int | None, accepted: set[int | None]
) -> None:
    """An officer in charge chosen by hand: an active user with the officer role. The one
    already in charge (and, at entry, the one entering it: today's default) is accepted."""
    if officer_id is None or officer_id in accepted:
        return
    user = session.get(User, officer_id)
    if user is None:
        return  # reported by _collect
    if not user.active:
        c.add("officer_id", f"Tài khoản {user.full_name} đã ngừng hoạt động: hãy chọn cán bộ khác.")
    elif Role.OFFICER not in user.roles:
        c.add("officer_id", f"{user.full_name} không có vai trò cán bộ: hãy chọn một cán bộ.")


def officer_choices(session: Session, extra_ids: tuple[int | None, ...] = ()) -> list[User]:
    """Who may be put in charge of a dossier: active users with the officer role, by name, and
    the users of ``extra_ids`` (the one in charge now, the one entering it) wherever they are."""
    from camau_reception.services import users as user_service

    out = user_service.list_users(session, active_only=True, role=Role.OFFICER)
    have = {u.id for u in out}
    for uid in extra_ids:
        if uid is not None and uid not in have:
            user = session.get(User, uid)
            if user is not None:
                out.append(user)
                have.add(uid)
    return out


@dataclass
class _NextState:
    state: str
    returned_at: datetime | None
    state_since: datetime | None
    paused_days: int
    resumed_days: int  # working days of a wait that ended now (moves a letter's promise)


def _next_state(
    d: Dossier | None, data: DossierInput, at: datetime, cal: WorkCalendar, c: Collector
) -> _NextState:
    """The state after an entry or an import row.

    Without a state (``data.state`` None) the state follows the return date, as it always did.
    With one, the file is believed, except that an export older than this office's own record
    never undoes it: a dossier returned or refused here is not put back into processing, and a
    withdrawal recorded here is final. Entering a wait (chờ bổ sung, tạm dừng) stops the clock
    from ``at``; leaving it adds the working days it lasted to ``paused_days``.
    """
    current = DossierState(d.state) if d is not None else None
    kept_return = d.returned_at if d is not None else None
    valid = {st.value for st in DossierState}
    given = DossierState(data.state) if data.state in valid else None
    returned_at = data.returned_at
    if current == DossierState.WITHDRAWN:
        target, returned_at = DossierState.WITHDRAWN, None
    elif given is None:
        returned_at = returned_at or kept_return
        if current == DossierState.REFUSED or (current in PAUSED_STATES and returned_at is None):
            target, returned_at = current, None
        else:
            target = DossierState.RETURNED if returned_at else DossierState.PROCESSING
    elif given == DossierState.RETURNED:
        target, returned_at = given, returned_at or kept_return
        if returned_at is None:
            c.add("returned_at", "Trạng thái “Đã trả kết quả” nhưng thiếu ngày trả kết quả.")
    elif given in NO_RESULT_STATES:
        target, returned_at = given, None
    elif current in (DossierState.RETURNED, DossierState.REFUSED):
        target, returned_at = current, kept_return  # an export older than the result
    else:
        target = given
        if returned_at is not None:
            c.add(
                "returned_at",
                f"Trạng thái “{STATE_LABELS[given]}” nhưng có ngày trả kết quả "
                f"{returned_at:%d/%m/%Y}.",
            )
        returned_at = None
    since = d.state_since if d is not None else None
    paused = d.paused_days if d is not None else 0
    resumed = 0
    if target != current:
        if current in PAUSED_STATES and target not in PAUSED_STATES:
            end = returned_at if target == DossierState.RETURNED and returned_at else at
            begin = since or end
            resumed = max(cal.working_days_between(begin.date(), end.date()), 0)
            paused += resumed
        if target in PAUSED_STATES:
            if current not in PAUSED_STATES:
                since = at
        elif target in NO_RESULT_STATES:
            since = data.returned_at or at  # the file's date of the refusal or withdrawal
        else:
            since = None
    return _NextState(target.value, returned_at, since, paused, resumed)


def _shift_promise(d: Dossier, days: int, cal: WorkCalendar) -> None:
    """The clock stopped ``days`` working days: a letter's promise moves by as many."""
    if days > 0:
        d.promised_at = datetime.combine(
            cal.add_working_days(d.promised_at.date(), days), END_OF_DAY
        )


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
    promise an apology letter made, except by the working days the clock stood still while the
    dossier waited for documents. Imports (``source`` set) log one event per file.
    """
    require(actor, *HANDLERS)
    c = Collector()
    proc = _collect(session, data, now, c)
    cal = cal or load_calendar(session)
    code = normalize(data.code)
    d = get_by_code(session, code) if code else None
    if not source:
        accepted = {user_id_of(actor), d.officer_id if d is not None else None}
        _check_officer(session, c, data.officer_id, accepted)
    nxt = _next_state(d, data, now or datetime.now(), cal, c)
    c.raise_if_any()
    assert proc is not None
    due = due_date(data.received_at, proc.processing_days, cal, nxt.paused_days)
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
        "returned_at": nxt.returned_at,
        "state": nxt.state,
        "state_since": nxt.state_since,
        "paused_days": nxt.paused_days,
        "digitised": bool(data.digitised),
        "result_digitised": bool(data.result_digitised),
        "fee_paid_online": bool(data.fee_paid_online),
    }
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
        else:
            _shift_promise(d, nxt.resumed_days, cal)
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


def _end_pause(d: Dossier, end: datetime, cal: WorkCalendar) -> int:
    """A wait (chờ bổ sung, tạm dừng) ends at ``end``: its working days move the due date (and
    a letter's promise). Returns the working days added."""
    if DossierState(d.state) not in PAUSED_STATES:
        return 0
    begin = d.state_since or end
    days = max(cal.working_days_between(begin.date(), end.date()), 0)
    d.paused_days += days
    d.state_since = None
    due = due_date(d.received_at, d.procedure.processing_days, cal, d.paused_days)
    d.due_at, d.due_explanation = due.due_at, due.explanation
    if not d.apologies:
        d.promised_at = due.due_at
    else:
        _shift_promise(d, days, cal)
    return days


def mark_returned(
    session: Session, actor: Actor, dossier_id: int, at: datetime, version: int | None = None
) -> Dossier:
    """The result was handed back at ``at``; on the due date at any hour it is on time. A
    dossier waiting for documents may be returned too: its wait ends then."""
    require(actor, *HANDLERS)
    d = get(session, dossier_id)
    _check_version(d, version)
    if DossierState(d.state) not in OPEN_STATES:
        raise ValidationError({"state": "Hồ sơ đã trả kết quả, đã rút hoặc đã bị từ chối."})
    if at < d.received_at:
        raise ValidationError({"returned_at": "Ngày trả kết quả trước ngày tiếp nhận."})
    if DossierState(d.state) in PAUSED_STATES:
        _end_pause(d, at, load_calendar(session))
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
    session: Session,
    actor: Actor,
    dossier_id: int,
    reason: str,
    version: int | None = None,
    at: datetime | None = None,
) -> Dossier:
    """The citizen withdrew the dossier: no longer processed, never late afterwards."""
    require(actor, *HANDLERS)
    d = get(session, dossier_id)
    _check_version(d, version)
    if DossierState(d.state) not in OPEN_STATES:
        raise ValidationError({"state": "Chỉ rút được hồ sơ đang giải quyết."})
    if not normalize(reason):
        raise ValidationError({"reason": "Hãy ghi lý do rút hồ sơ."})
    d.state, d.version, d.updated_at = DossierState.WITHDRAWN.value, d.version + 1, utcnow()
    d.state_since = at or datetime.now()
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


# --- corrections (Sửa hồ sơ) ------------------------------------------------------------------


def to_input(d: Dossier) -> DossierInput:
    """The entry form's view of a saved dossier (for correcting it)."""
    return DossierInput(
        code=d.code,
        procedure_code=d.procedure.code,
        applicant_name=d.applicant_name,
        received_at=d.received_at,
        channel=d.channel,
        applicant_id_number=d.applicant_id_number,
        applicant_address=d.applicant_address,
        applicant_phone=d.applicant_phone,
        applicant_email=d.applicant_email,
        digitised=d.digitised,
        result_digitised=d.result_digitised,
        fee_paid_online=d.fee_paid_online,
        returned_at=d.returned_at,
        officer_id=d.officer_id,
    )


# Personal details are named in the audit line, never quoted (as for a visit's corrections).
_PERSONAL_LABELS = {
    "applicant_name": "tên người nộp",
    "applicant_id_number": "số CCCD",
    "applicant_address": "địa chỉ",
    "applicant_phone": "điện thoại",
    "applicant_email": "thư điện tử",
}
_FLAG_LABELS = {
    "digitised": "hồ sơ số hóa",
    "result_digitised": "kết quả số hóa",
    "fee_paid_online": "thanh toán trực tuyến",
}


def _yes_no(value: bool) -> str:
    return "có" if value else "không"


def officer_name(session: Session, user_id: int | None) -> str:
    """The name of the officer in charge ("" when none)."""
    user = session.get(User, user_id) if user_id is not None else None
    return user.full_name if user is not None else ""


def update_dossier(
    session: Session,
    actor: Actor,
    dossier_id: int,
    data: DossierInput,
    version: int,
    *,
    cal: WorkCalendar | None = None,
    now: datetime | None = None,
) -> Dossier:
    """Correct a dossier (a typo in the applicant's name, the wrong procedure, the wrong time of
    receipt, another officer in charge). A new time of receipt or procedure gives a new due
    date by the rule used at entry, also for a dossier already returned (whose lateness then
    follows). The state, the return and the apology letters are not changed here; a letter's
    promise stands. The audit event lists what changed. Stale ``version`` → ``ConflictError``
    (somebody else saved in between)."""
    require(actor, *HANDLERS)
    d = get(session, dossier_id)
    if d.version != version:
        raise ConflictError()
    data = replace(data, returned_at=d.returned_at, state=None)
    c = Collector()
    proc = _collect(session, data, now, c)
    if "returned_at" in c.errors:
        c.errors.pop("returned_at")
        assert d.returned_at is not None
        c.add(
            "received_at",
            f"Thời điểm tiếp nhận sau lúc trả kết quả ({d.returned_at:%H:%M %d/%m/%Y}).",
        )
    code = normalize(data.code)
    if code and code != d.code and get_by_code(session, code) is not None:
        c.add("code", "Mã hồ sơ này đã có trong sổ.")
    officer_id = data.officer_id if data.officer_id is not None else d.officer_id
    _check_officer(session, c, officer_id, {d.officer_id})
    c.raise_if_any()
    assert proc is not None
    cal = cal or load_calendar(session)
    was_late = returned_late(d)
    changes: list[str] = []
    if code != d.code:
        changes.append(f"mã hồ sơ: {d.code} → {code}")
        d.code = code
    new_schedule = proc.id != d.procedure_id or data.received_at != d.received_at
    if proc.id != d.procedure_id:
        changes.append(f"thủ tục: {d.procedure.code} → {proc.code}")
        d.procedure_id = proc.id
        d.procedure = proc
    if data.received_at != d.received_at:
        changes.append(
            f"thời điểm tiếp nhận: {d.received_at:%H:%M %d/%m/%Y} → "
            f"{data.received_at:%H:%M %d/%m/%Y}"
        )
        d.received_at = data.received_at
    if data.channel != d.channel:
        old, new = CHANNEL_LABELS[Channel(d.channel)], CHANNEL_LABELS[Channel(data.channel)]
        changes.append(f"kênh nộp: {old.lower()} → {new.lower()}")
        d.channel = data.channel
    for key, label in _PERSONAL_LABELS.items():
        value = normalize(getattr(data, key))
        if value != getattr(d, key):
            changes.append(label)
            setattr(d, key, value)
    for key, label in _FLAG_LABELS.items():
        flag = bool(getattr(data, key))
        if flag != getattr(d, key):
            changes.append(f"{label}: {_yes_no(getattr(d, key))} → {_yes_no(flag)}")
            setattr(d, key, flag)
    if officer_id != d.officer_id:
        changes.append(
            f"cán bộ thụ lý: {officer_name(session, d.officer_id) or '—'} → "
            f"{officer_name(session, officer_id) or '—'}"
        )
        d.officer_id = officer_id
    if new_schedule:
        due = due_date(d.received_at, proc.processing_days, cal, d.paused_days)
        if due.due_at != d.due_at:
            changes.append(f"hẹn trả: {d.due_at:%d/%m/%Y} → {due.due_at:%d/%m/%Y}")
        d.due_at, d.due_explanation = due.due_at, due.explanation
        if not d.apologies:
            d.promised_at = due.due_at
        if d.state == DossierState.RETURNED and returned_late(d) != was_late:
            changes.append("nay trả kết quả trễ hẹn" if returned_late(d) else "nay đúng hẹn")
    if not changes:
        return d
    d.version += 1
    d.updated_at = utcnow()
    session.flush()
    audit.log_event(
        session,
        actor,
        "dossier.update",
        "dossier",
        d.id,
        f"Sửa hồ sơ {d.code}: " + "; ".join(changes),
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
    state_since: datetime | None
    late: bool

    def note(self) -> str:
        """Why a dossier past its due date is not counted late, for the register's row."""
        state = DossierState(self.state)
        if state in PAUSED_STATES:
            since = f" từ {self.state_since:%d/%m/%Y}" if self.state_since else ""
            return f"dừng tính thời hạn{since}, không tính trễ hẹn"
        if state in NO_RESULT_STATES:
            return "không tính trễ hẹn"
        return "trễ hẹn" if self.late else ""


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
            Dossier.state_since,
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
            r.state == DossierState.RETURNED
            and r.returned_at is not None
            and r.returned_at.date() > r.due_at.date()
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
    """Returned on a day after the due day (a refused or withdrawn dossier is never late)."""
    return (
        d.state == DossierState.RETURNED
        and d.returned_at is not None
        and d.returned_at.date() > d.due_at.date()
    )


def is_late(d: Dossier, on: date | datetime) -> bool:
    """Late on the day of ``on``; never while the clock stops (chờ bổ sung, tạm dừng), never
    when refused or withdrawn."""
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
        Dossier.state == DossierState.RETURNED.value,
        Dossier.returned_at.is_not(None),
        func.date(Dossier.returned_at) > func.date(Dossier.due_at),
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
    "officer_choices",
    "to_input",
    "update_dossier",
    "upsert_dossier",
]
