"""Apology letters for late dossiers (phiếu xin lỗi và hẹn lại ngày trả kết quả).

A letter is numbered ("01/PXL-SVHTTDL", restarting each year) and dated, states the reason and
a new return date, and moves the dossier's promise to that date. The new date is a working day
after today and after the promise being broken. A second rescheduling of the same dossier needs
a leader's approval. A batch issues a letter to every dossier that owes one and prints them in
one PDF inside the same transaction: a cancelled or failed print records nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from camau_reception.domain.agency import SAMPLE_AGENCY
from camau_reception.domain.calendar import WorkCalendar
from camau_reception.domain.text import normalize
from camau_reception.models.dossiers import ApologyLetter, Dossier, DossierState
from camau_reception.models.users import Role, User
from camau_reception.printing.apology_letter import DRAFT_NUMBER, LetterData, render_letters
from camau_reception.services import agency as agency_service
from camau_reception.services import audit, numbering
from camau_reception.services.actor import Actor, user_id_of
from camau_reception.services.auth import require
from camau_reception.services.calendar import load_calendar
from camau_reception.services.dossiers import (
    END_OF_DAY,
    HANDLERS,
    get,
    late_dossiers,
    template,
)
from camau_reception.services.errors import Collector, ServiceError

TEMPLATE = "apology_letter"
TITLE = "Phiếu xin lỗi và hẹn lại ngày trả kết quả"


class PrintCancelled(ServiceError):
    def __init__(self, message: str = "Đã hủy in: không ghi nhận phiếu nào.") -> None:
        super().__init__(message)


@dataclass
class ApologyInput:
    reason: str
    new_due_on: date
    signer_title: str = ""
    signer_name: str = ""
    approver_id: int | None = None  # the leader approving a second rescheduling


def common_reasons() -> list[str]:
    """Reasons offered in the dialog, from the editable wording file."""
    return [normalize(r) for r in template(TEMPLATE).get("reasons", [])]


def default_new_date(d: Dossier, today: date, cal: WorkCalendar) -> date:
    """A proposal: the procedure's own time again from today, between 3 and 10 working days."""
    return cal.add_working_days(today, max(3, min(d.procedure.processing_days, 10)))


def _approver(session: Session, actor: Actor, approver_id: int | None) -> int | None:
    """The leader approving a second rescheduling: the one chosen, or the actor if a leader."""
    if approver_id is None and actor.id and actor.has(Role.LEADER):
        approver_id = actor.id
    if approver_id is None:
        return None
    user = session.get(User, approver_id)
    if user is None or not user.active or Role.LEADER not in user.roles:
        return None
    return approver_id


def _validate(
    session: Session,
    actor: Actor,
    d: Dossier,
    data: ApologyInput,
    today: date,
    cal: WorkCalendar,
) -> int | None:
    """Raise ValidationError by field; returns the approving leader's id for a second letter."""
    c = Collector()
    if d.state != DossierState.PROCESSING:
        c.add("state", "Hồ sơ không còn đang giải quyết: không cần hẹn lại.")
    reason = normalize(data.reason)
    if not reason:
        c.add("reason", "Hãy chọn hoặc ghi lý do trễ hẹn.")
    elif len(reason) > 1000:
        c.add("reason", "Lý do dài quá 1.000 ký tự.")
    old = d.promised_at.date()
    if data.new_due_on <= today:
        c.add("new_due_on", f"Ngày hẹn mới phải sau hôm nay ({today:%d/%m/%Y}).")
    elif data.new_due_on <= old:
        c.add("new_due_on", f"Ngày hẹn mới phải sau ngày đã hẹn ({old:%d/%m/%Y}).")
    elif not cal.is_working_day(data.new_due_on):
        name = cal.day_off_name(data.new_due_on) or "ngày nghỉ"
        c.add(
            "new_due_on",
            f"Ngày {data.new_due_on:%d/%m/%Y} không phải ngày làm việc ({name}); "
            f"gần nhất sau đó: {cal.next_working_day(data.new_due_on):%d/%m/%Y}.",
        )
    approver = None
    if d.apologies:
        approver = _approver(session, actor, data.approver_id)
        if approver is None:
            c.add(
                "approver",
                f"Hồ sơ đã hẹn lại {len(d.apologies)} lần: hẹn lại lần nữa phải được "
                "lãnh đạo phê duyệt.",
            )
    c.raise_if_any()
    return approver


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
    approver = _validate(session, actor, d, data, today, cal)
    doc = numbering.issue_number(
        session,
        actor,
        template(TEMPLATE).get("type_code", "PXL"),
        today,
        title=TITLE,
        entity="dossier",
        entity_id=d.id,
    )
    second = bool(d.apologies)
    letter = ApologyLetter(
        dossier_id=d.id,
        number=doc.number,
        issued_on=today,
        reason=normalize(data.reason),
        old_due_at=d.promised_at,
        new_due_on=data.new_due_on,
        signer_title=normalize(data.signer_title),
        signer_name=normalize(data.signer_name),
        approved_by=approver if second else None,
        created_by=user_id_of(actor),
    )
    d.apologies.append(letter)
    d.promised_at = datetime.combine(data.new_due_on, END_OF_DAY)
    d.version += 1
    session.flush()
    approval = " (lãnh đạo đã phê duyệt hẹn lại lần nữa)" if second else ""
    audit.log_event(
        session,
        actor,
        "dossier.apology",
        "dossier",
        d.id,
        f"Phiếu xin lỗi {doc.number} cho hồ sơ {d.code}, hẹn lại "
        f"{data.new_due_on:%d/%m/%Y}{approval}",
    )
    return letter


def issue_batch(
    session: Session,
    actor: Actor,
    at: date | datetime,
    reason: str,
    signer_title: str,
    signer_name: str,
    cal: WorkCalendar | None = None,
    ids: list[int] | None = None,
    approver_id: int | None = None,
) -> list[ApologyLetter]:
    """One letter for every dossier owing one on the day of ``at`` (or those of ``ids``), each
    with the default new date. Dossiers already rescheduled are included only with a leader's
    approval (``approver_id``, or the actor being a leader)."""
    require(actor, *HANDLERS)
    cal = cal or load_calendar(session)
    day = at.date() if isinstance(at, datetime) else at
    wanted = set(ids) if ids is not None else None
    approver = _approver(session, actor, approver_id)
    letters = []
    for r in late_dossiers(session, day, only_owing=True, cal=cal):
        if wanted is not None and r.id not in wanted:
            continue
        if r.apologies and approver is None:
            continue
        d = get(session, r.id)
        data = ApologyInput(
            reason=reason,
            new_due_on=default_new_date(d, day, cal),
            signer_title=signer_title,
            signer_name=signer_name,
            approver_id=approver,
        )
        letters.append(issue_apology(session, actor, r.id, data, day, cal))
    return letters


def owed_for_batch(
    session: Session,
    at: date | datetime,
    *,
    with_second: bool = False,
    cal: WorkCalendar | None = None,
) -> list[int]:
    """Ids a batch on ``at`` would write to (first letters, or all with a leader's approval)."""
    return [
        r.id
        for r in late_dossiers(session, at, only_owing=True, cal=cal)
        if with_second or not r.apologies
    ]


# --- paper ------------------------------------------------------------------------------------


def letter_data(letter: ApologyLetter) -> LetterData:
    d = letter.dossier
    return LetterData(
        number=letter.number,
        issued_on=letter.issued_on,
        applicant_name=d.applicant_name,
        applicant_address=d.applicant_address,
        applicant_phone=d.applicant_phone,
        dossier_code=d.code,
        procedure_name=d.procedure.name,
        received_at=d.received_at,
        old_due_at=letter.old_due_at,
        new_due_on=letter.new_due_on,
        reason=letter.reason,
        signer_title=letter.signer_title,
        signer_name=letter.signer_name,
    )


def _agency(session: Session):
    return agency_service.get_profile(session) or SAMPLE_AGENCY


def print_letters(
    session: Session,
    letter_ids: list[int],
    out: Path,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Print (or reprint) issued letters, same number and date, one per page."""
    letters = [session.get(ApologyLetter, i) for i in letter_ids]
    data = [letter_data(x) for x in letters if x is not None]
    if not data:
        return 0
    return render_letters(
        data, _agency(session), template(TEMPLATE), out, progress=progress, cancelled=cancelled
    )


def preview_letter(
    session: Session, dossier_id: int, data: ApologyInput, today: date, out: Path
) -> Path:
    """A draft of the letter before it is issued: same wording, no number taken."""
    d = get(session, dossier_id)
    draft = LetterData(
        number=DRAFT_NUMBER,
        issued_on=today,
        applicant_name=d.applicant_name,
        applicant_address=d.applicant_address,
        applicant_phone=d.applicant_phone,
        dossier_code=d.code,
        procedure_name=d.procedure.name,
        received_at=d.received_at,
        old_due_at=d.promised_at,
        new_due_on=data.new_due_on,
        reason=normalize(data.reason) or "…",
        signer_title=normalize(data.signer_title),
        signer_name=normalize(data.signer_name),
    )
    render_letters([draft], _agency(session), template(TEMPLATE), out)
    return out


def issue_and_print_owed(
    session: Session,
    actor: Actor,
    at: date | datetime,
    out: Path,
    *,
    reason: str,
    signer_title: str = "",
    signer_name: str = "",
    ids: list[int] | None = None,
    approver_id: int | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Issue a letter to every dossier owing one and print them, in the caller's transaction:
    if printing fails or is cancelled this raises, so that no letter is recorded as issued."""
    letters = issue_batch(
        session,
        actor,
        at,
        reason,
        signer_title,
        signer_name,
        ids=ids,
        approver_id=approver_id,
    )
    if not letters:
        return 0
    written = print_letters(session, [x.id for x in letters], out, progress, cancelled)
    if written != len(letters):
        raise PrintCancelled()
    audit.log_event(
        session,
        actor,
        "dossier.apology_batch",
        "dossier",
        "",
        f"In {written} phiếu xin lỗi ngày {at:%d/%m/%Y} vào {out.name}",
    )
    return written


def letters_of(session: Session, dossier_id: int) -> list[ApologyLetter]:
    return list(get(session, dossier_id).apologies)
