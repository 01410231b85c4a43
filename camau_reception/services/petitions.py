"""Petitions (đơn thư) from receipt to closure, each step against its legal deadline.

One definition of time for everyone (lists, dashboard, reports):
- a petition is *open* while its state is in ``OPEN_STATES``; its running clock is
  ``rule_id`` / ``clock_start`` / ``due_on``;
- it is *overdue at* a date D when it is open and ``due_on < D``;
- it was resolved *on time* when ``resolved_on <= resolve_due_on`` (``on_time_clause``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from camau_reception.domain.calendar import WorkCalendar
from camau_reception.domain.deadlines import Deadline
from camau_reception.domain.text import fold, fold_tokens, normalize, normalize_multiline
from camau_reception.models.base import utcnow
from camau_reception.models.petitions import (
    KIND_LABELS,
    OPEN_STATES,
    RESULT_LABELS,
    SOURCE_LABELS,
    STATE_LABELS,
    Petition,
    PetitionKind,
    PetitionSource,
    PetitionState,
    PetitionStep,
    Result,
)
from camau_reception.models.users import Role, User
from camau_reception.services import audit
from camau_reception.services.actor import Actor, user_id_of
from camau_reception.services.auth import require
from camau_reception.services.calendar import load_calendar
from camau_reception.services.deadline_rules import rulebook
from camau_reception.services.errors import Collector, ConflictError, NotFound, ValidationError
from camau_reception.services.numbering import next_seq

S = PetitionState
HANDLERS = (Role.OFFICER, Role.LEADER, Role.INSPECTOR)
DUPLICATE_WINDOW = timedelta(days=365)
_STOP = {
    "va",
    "cua",
    "ve",
    "cho",
    "cac",
    "nhung",
    "la",
    "co",
    "khong",
    "da",
    "tai",
    "theo",
    "viec",
    "ong",
    "ba",
    "don",
    "de",
    "nghi",
    "the",
    "mot",
    "duoc",
    "trong",
    "voi",
}


# --- time definitions shared with reports ------------------------------------------------------


def open_clause():
    return Petition.state.in_([s.value for s in OPEN_STATES])


def overdue_clause(on: date):
    """Open with its running deadline before ``on`` (overdue at ``on``)."""
    return and_(open_clause(), Petition.due_on.is_not(None), Petition.due_on < on)


def _last_step_at(end: date):
    return (
        select(PetitionStep.to_state)
        .where(PetitionStep.petition_id == Petition.id, PetitionStep.on <= end)
        .order_by(PetitionStep.id.desc())
        .limit(1)
        .correlate(Petition)
        .scalar_subquery()
    )


def open_at_clause(end: date):
    """Open at the end of ``end`` judged from the timeline, whatever happened afterwards."""
    return and_(
        Petition.received_on <= end, _last_step_at(end).in_([st.value for st in OPEN_STATES])
    )


def overdue_at_clause(end: date):
    """Open at the end of ``end`` with the clock then running already past its due date."""
    due = (
        select(PetitionStep.due_on)
        .where(
            PetitionStep.petition_id == Petition.id,
            PetitionStep.on <= end,
            PetitionStep.due_on.is_not(None),
        )
        .order_by(PetitionStep.id.desc())
        .limit(1)
        .correlate(Petition)
        .scalar_subquery()
    )
    return and_(open_at_clause(end), due < end)


def on_time_clause():
    """Resolved no later than the resolution deadline in force."""
    return and_(
        Petition.resolved_on.is_not(None),
        or_(Petition.resolve_due_on.is_(None), Petition.resolved_on <= Petition.resolve_due_on),
    )


def is_on_time(p: Petition) -> bool | None:
    if p.resolved_on is None:
        return None
    return p.resolve_due_on is None or p.resolved_on <= p.resolve_due_on


# --- input ------------------------------------------------------------------------------------


@dataclass
class PetitionInput:
    kind: str
    source: str
    received_on: date
    summary: str
    petitioner_name: str = ""
    petitioner_address: str = ""
    citizen_id: int | None = None
    signer_count: int = 1
    complaint_round: int = 1
    sender_body: str = ""
    sender_letter_no: str = ""
    sender_letter_date: date | None = None
    extra_kinds: list[str] = field(default_factory=list)  # split into linked petitions
    # The petitioner's identity paper and commune (xã/phường), all optional. A number held by a
    # citizen on record links the petition to them; a number nobody holds is checked, then not
    # kept (a petition has no column for it and ``record`` never creates citizens). The commune
    # is written into the address, where the duplicate check reads it.
    id_kind: str = "cccd"
    id_number: str = ""
    commune: str = ""
    province: str = ""  # of the commune; a listed commune's province is known without it


def _next_code(session: Session, year: int) -> str:
    return f"DT-{year}-{next_seq(session, 'DON', year):04d}"


def _start_clock(
    session: Session, p: Petition, rule_id: str, start: date, cal: WorkCalendar
) -> Deadline:
    from camau_reception.domain.deadlines import compute_deadline

    d = compute_deadline(rule_id, start, cal, rulebook(session))
    p.rule_id, p.clock_start, p.due_on = rule_id, start, d.due
    return d


def _stop_clock(p: Petition) -> None:
    p.rule_id, p.clock_start, p.due_on = "", None, None


def _step(
    session: Session,
    actor: Actor,
    p: Petition,
    action: str,
    to_state: PetitionState,
    on: date,
    note: str = "",
    *,
    document_no: str = "",
    deadline: Deadline | None = None,
    approver_id: int | None = None,
) -> PetitionStep:
    step = PetitionStep(
        petition_id=p.id,
        on=on,
        action=action,
        from_state=p.state,
        to_state=to_state.value,
        user_id=user_id_of(actor),
        user_name=actor.full_name,
        note=normalize_multiline(note),
        document_no=normalize(document_no),
        approver_id=approver_id,
        rule_id=deadline.rule.id if deadline else "",
        clock_start=deadline.start if deadline else None,
        due_on=deadline.due if deadline else None,
        explanation=deadline.explanation if deadline else "",
    )
    p.state = to_state.value
    p.updated_at = utcnow()
    session.add(step)
    session.flush()
    audit.log_event(
        session,
        actor,
        f"petition.{action}",
        "petition",
        p.id,
        f"{p.code}: {STATE_LABELS[to_state]}" + (f" — {step.note}" if step.note else ""),
    )
    return step


def _initial_rule(kind: str) -> str:
    if kind == PetitionKind.DENUNCIATION:
        return "denunciation.classify"
    if kind == PetitionKind.COMPLAINT:
        return "complaint.accept"
    return "petition.classify"


def _validate_input(data: PetitionInput, today: date | None) -> str:
    """Check everything that needs no database; returns the identity number, canonical."""
    c = Collector()
    kinds = {k.value for k in PetitionKind}
    if data.kind not in kinds or any(k not in kinds for k in data.extra_kinds):
        c.add("kind", "Hãy chọn ít nhất một loại đơn.")
    if data.source not in {s.value for s in PetitionSource}:
        c.add("source", "Hãy chọn nguồn đơn.")
    if not normalize_multiline(data.summary):
        c.add("summary", "Hãy tóm tắt nội dung đơn.")
    if data.citizen_id is None and not normalize(data.petitioner_name):
        c.add("petitioner_name", "Hãy nhập họ tên người gửi đơn (hoặc ghi 'Đơn nặc danh').")
    if data.signer_count < 1 or data.signer_count > 10000:
        c.add("signer_count", "Số người ký đơn phải từ 1 trở lên.")
    if data.complaint_round not in (1, 2):
        c.add("complaint_round", "Khiếu nại lần 1 hoặc lần 2.")
    if data.received_on < date(2000, 1, 1) or (today and data.received_on > today):
        c.add("received_on", "Ngày nhận đơn không được ở tương lai hoặc trước năm 2000.")
    if data.source == PetitionSource.TRANSFERRED:
        if not normalize(data.sender_body):
            c.add("sender_body", "Hãy ghi cơ quan chuyển đơn.")
        if not normalize(data.sender_letter_no):
            c.add("sender_letter_no", "Hãy ghi số văn bản chuyển đơn.")
    number = ""
    if normalize(data.id_number):
        from camau_reception.services.citizens import CitizenInput, clean_citizen

        # The reception form's own check, so both say the same thing about the same number.
        paper = clean_citizen(
            CitizenInput(id_kind=data.id_kind, id_number=data.id_number),
            c,
            prefix="",
            today=today,
            name_required=False,
        )
        number = paper.id_number
    c.raise_if_any()
    return number


def _petitioner(session: Session, data: PetitionInput, number: str):  # -> Citizen | None
    """The citizen the petition is linked to: the one chosen, or the holder of the number."""
    from camau_reception.models.reception import Citizen
    from camau_reception.services.citizens import find_by_id_number

    citizen = None
    if data.citizen_id is not None:
        citizen = session.get(Citizen, data.citizen_id)
        if citizen is None:
            raise ValidationError({"petitioner_name": "Không tìm thấy công dân."})
    if not number:
        return citizen
    holder = find_by_id_number(session, number)
    if holder is not None and citizen is not None and holder.id != citizen.id:
        raise ValidationError(
            {"id_number": f"Số giấy tờ {number} đã thuộc công dân khác ({holder.full_name})."}
        )
    if holder is None and citizen is not None and citizen.id_number:
        raise ValidationError(
            {
                "id_number": f"Công dân {citizen.full_name} có số giấy tờ {citizen.id_number}, "
                "khác với số đã nhập."
            }
        )
    return holder or citizen


def record(
    session: Session, actor: Actor, data: PetitionInput, today: date | None = None
) -> list[Petition]:
    """Record a petition; several kinds are split into linked petitions (first returned first)."""
    require(actor, *HANDLERS)
    number = _validate_input(data, today)
    citizen = _petitioner(session, data, number)
    citizen_id = citizen.id if citizen is not None else None
    cal = load_calendar(session)
    kinds = list(dict.fromkeys([data.kind, *data.extra_kinds]))
    name = normalize(data.petitioner_name)
    address = normalize(data.petitioner_address)
    if citizen is not None and not name:
        name, address = citizen.full_name, address or citizen.address
    address = address_with_commune(address, data.commune, data.province)
    created: list[Petition] = []
    for kind in kinds:
        p = Petition(
            code=_next_code(session, data.received_on.year),
            kind=kind,
            complaint_round=data.complaint_round if kind == PetitionKind.COMPLAINT else 1,
            source=data.source,
            received_on=data.received_on,
            petitioner_name=name,
            petitioner_address=address,
            name_folded=fold(name),
            citizen_id=citizen_id,
            signer_count=data.signer_count,
            summary=normalize_multiline(data.summary),
            sender_body=normalize(data.sender_body),
            sender_letter_no=normalize(data.sender_letter_no),
            sender_letter_date=data.sender_letter_date,
            split_from_id=created[0].id if created else None,
            officer_id=user_id_of(actor),
            created_by=user_id_of(actor),
            state=S.RECEIVED.value,
        )
        session.add(p)
        session.flush()
        d = _start_clock(session, p, _initial_rule(kind), data.received_on, cal)
        note = f"{SOURCE_LABELS[PetitionSource(data.source)]}; {KIND_LABELS[PetitionKind(kind)]}"
        if created:
            note += f"; tách từ đơn {created[0].code}"
        p.state = ""  # the first step starts from nothing
        _step(session, actor, p, "receive", S.RECEIVED, data.received_on, note, deadline=d)
        created.append(p)
    return created


def create_from_reception(
    session: Session, actor: Actor, reception, kinds: list[str], summary: str
) -> list[Petition]:
    """The petition(s) a visit produced when the officer took the written petition (nhận đơn)."""
    if not kinds:
        kinds = [PetitionKind.RECOMMENDATION.value]
    citizen = reception.citizen
    data = PetitionInput(
        kind=kinds[0],
        source=PetitionSource.RECEPTION.value,
        received_on=reception.received_at.date(),
        summary=summary or reception.summary,
        petitioner_name=citizen.full_name if citizen else "Người tố cáo (đã bảo mật)",
        petitioner_address=citizen.address if citizen else "",
        citizen_id=reception.citizen_id,
        signer_count=max(1, reception.group_size or 1),
        extra_kinds=kinds[1:],
    )
    created = record(session, actor, data)
    for p in created:
        p.reception_id = reception.id
    session.flush()
    return created


# --- reading ----------------------------------------------------------------------------------


def get(session: Session, petition_id: int) -> Petition:
    p = session.get(Petition, petition_id)
    if p is None:
        raise NotFound("Không tìm thấy đơn.")
    return p


def by_code(session: Session, code: str) -> Petition | None:
    return session.execute(
        select(Petition).where(Petition.code == normalize(code).upper())
    ).scalar()


def list_for_citizen(session: Session, citizen_id: int, limit: int = 20) -> list[Petition]:
    q = (
        select(Petition)
        .where(Petition.citizen_id == citizen_id)
        .order_by(Petition.received_on.desc(), Petition.id.desc())
        .limit(limit)
    )
    return list(session.execute(q).scalars())


def count_for_citizen(session: Session, citizen_id: int) -> int:
    """How many petitions are linked to the citizen (each split part counts)."""
    return int(
        session.execute(
            select(func.count(Petition.id)).where(Petition.citizen_id == citizen_id)
        ).scalar_one()
    )


@dataclass
class PetitionFilter:
    text: str = ""
    state: str = ""
    kind: str = ""
    only_open: bool = False
    overdue_on: date | None = None


def search(session: Session, f: PetitionFilter, limit: int = 500) -> list[Petition]:
    q = select(Petition).order_by(Petition.received_on.desc(), Petition.id.desc()).limit(limit)
    if f.state:
        q = q.where(Petition.state == f.state)
    if f.kind:
        q = q.where(Petition.kind == f.kind)
    if f.only_open:
        q = q.where(open_clause())
    if f.overdue_on:
        q = q.where(overdue_clause(f.overdue_on))
    text = normalize(f.text)
    if text:
        folded = f"%{fold(text)}%"
        q = q.where(
            or_(
                Petition.code.like(f"%{text.upper()}%"),
                Petition.name_folded.like(folded),
                Petition.summary.like(f"%{text}%"),
            )
        )
    return list(session.execute(q).scalars())


# --- communes (xã, phường) in addresses -------------------------------------------------------

# Words naming a commune-level unit, and words that end a commune's name inside an address.
_COMMUNE_WORDS = (("thi", "tran"), ("dac", "khu"), ("xa",), ("phuong",))
_AFTER_COMMUNE = (("huyen",), ("tinh",), ("tp",), ("quan",), ("thanh", "pho"), ("thi", "xa"))
_ADDRESS_PARTS = re.compile(r"[,;/\n]")


def _at(tokens: list[str], i: int, words: tuple[str, ...]) -> bool:
    return tuple(tokens[i : i + len(words)]) == words


def commune_key(name: str) -> str:
    """A commune's name folded without its kind: "Xã Tân Hưng", "xa tan hung", "Tân Hưng" all
    give "tan hung" (a xã and a phường of the same name compare equal: a suggestion too many
    is better than a duplicate missed)."""
    tokens = fold_tokens(name)
    for words in _COMMUNE_WORDS:
        if _at(tokens, 0, words) and len(tokens) > len(words):
            return " ".join(tokens[len(words) :])
    return " ".join(tokens)


@lru_cache(maxsize=4)
def _known_communes(resources: str) -> dict[str, str]:
    from camau_reception.services.citizens import communes, provinces

    return {commune_key(c): p for p in provinces() for c in communes(p)}


def known_communes() -> dict[str, str]:
    """Commune key → province, for the communes the program lists (resources/geo)."""
    from camau_reception.config import resources_dir

    return _known_communes(str(resources_dir()))


def commune_of_address(address: str) -> str:
    """The commune key an address names, or "" when it names none that can be told.

    Parts are read from the end (the commune comes after the house, street and hamlet): a part
    with "xã …", "phường …", "thị trấn …" names it; so does a part that is exactly a listed
    commune's name, except the last part of a longer address (there it is a province's name).
    """
    parts = [t for t in (fold_tokens(x) for x in _ADDRESS_PARTS.split(address or "")) if t]
    known = known_communes()
    for n, tokens in enumerate(reversed(parts)):
        for i in range(len(tokens)):
            for words in _COMMUNE_WORDS:
                if not _at(tokens, i, words) or (words == ("xa",) and tokens[i - 1 : i] == ["thi"]):
                    continue  # "thị xã" is a town, not a commune
                rest = tokens[i + len(words) :]
                end = next(
                    (j for j in range(len(rest)) if any(_at(rest, j, w) for w in _AFTER_COMMUNE)),
                    len(rest),
                )
                if end:
                    return " ".join(rest[:end])
        if (n > 0 or len(parts) == 1) and " ".join(tokens) in known:
            return " ".join(tokens)
    return ""


def address_with_commune(address: str, commune: str, province: str = "") -> str:
    """The address with the commune and its province (given, or known for a listed commune)
    written after it, unless the address already names that commune."""
    address, commune = normalize(address), normalize(commune)
    key = commune_key(commune)
    if not key or commune_of_address(address) == key:
        return address
    parts = [address, commune]
    province = normalize(province) or known_communes().get(key, "")
    if province and not _contains(fold_tokens(address), fold_tokens(province)):
        parts.append(province)
    return ", ".join(p for p in parts if p)


def _contains(tokens: list[str], words: list[str]) -> bool:
    return any(_at(tokens, i, tuple(words)) for i in range(len(tokens)))


# --- duplicates (đơn trùng) -------------------------------------------------------------------


def _words(text: str) -> set[str]:
    return {w for w in fold_tokens(text) if len(w) > 1 and w not in _STOP}


def similarity(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def find_duplicates(
    session: Session,
    *,
    summary: str,
    on: date,
    citizen_id: int | None = None,
    name: str = "",
    exclude_id: int | None = None,
    threshold: float = 0.5,
) -> list[tuple[Petition, float]]:
    """Petitions of the same person (ID, or folded name) about similar content in 12 months."""
    who = []
    if citizen_id is not None:
        who.append(Petition.citizen_id == citizen_id)
    if normalize(name):
        who.append(Petition.name_folded == fold(name))
    if not who:
        return []
    q = select(Petition).where(
        or_(*who), Petition.received_on >= on - DUPLICATE_WINDOW, Petition.received_on <= on
    )
    if exclude_id is not None:
        q = q.where(Petition.id != exclude_id)
    scored = [(p, similarity(summary, p.summary)) for p in session.execute(q).scalars()]
    return sorted([x for x in scored if x[1] >= threshold], key=lambda x: -x[1])


def link_duplicate(
    session: Session, actor: Actor, petition_id: int, original_id: int, on: date
) -> Petition:
    require(actor, *HANDLERS)
    p = get(session, petition_id)
    original = get(session, original_id)
    if original.id == p.id:
        raise ValidationError({"duplicate_of": "Không thể đánh dấu đơn trùng với chính nó."})
    if PetitionState(p.state) not in ALLOWED["archive"]:
        raise ValidationError(
            {
                "state": f"Đơn {p.code} đang ở trạng thái “{STATE_LABELS[PetitionState(p.state)]}”"
                ": chỉ lưu đơn trùng khi đơn chưa được thụ lý, chuyển hay hướng dẫn."
            }
        )
    p.version += 1
    p.duplicate_of_id = original.id
    p.archive_reason = f"Đơn trùng với đơn {original.code}"
    p.outcome = "archived"
    _stop_clock(p)
    _step(session, actor, p, "archive", S.ARCHIVED, on, p.archive_reason)
    return p


# --- the workflow -----------------------------------------------------------------------------

ALLOWED: dict[str, set[PetitionState]] = {
    "classify": {S.RECEIVED},
    "accept": {S.CLASSIFIED},
    "transfer": {S.CLASSIFIED},
    "guide": {S.CLASSIFIED},
    "return": {S.CLASSIFIED},
    "archive": {S.RECEIVED, S.CLASSIFIED},
    "start_verification": {S.ACCEPTED},
    "extend": {S.ACCEPTED, S.VERIFYING, S.EXTENDED},
    "resolve": {S.ACCEPTED, S.VERIFYING, S.EXTENDED},
    "notify": {S.RESOLVED},
    "close": {S.NOTIFIED, S.TRANSFERRED, S.GUIDED, S.RETURNED, S.ARCHIVED},
    "reopen": {S.CLOSED, S.ARCHIVED, S.RETURNED, S.TRANSFERRED, S.GUIDED},
}

ACTION_LABELS = {
    "classify": "Phân loại",
    "accept": "Thụ lý",
    "transfer": "Chuyển đơn",
    "guide": "Hướng dẫn",
    "return": "Trả lại đơn",
    "archive": "Lưu đơn",
    "start_verification": "Xác minh",
    "extend": "Gia hạn",
    "resolve": "Giải quyết",
    "notify": "Thông báo kết quả",
    "close": "Kết thúc",
    "reopen": "Mở lại",
}


def available_actions(p: Petition, actor: Actor) -> list[str]:
    if not actor.has(*HANDLERS):
        return []
    state = PetitionState(p.state)
    out = [a for a, states in ALLOWED.items() if state in states]
    if state == S.CLASSIFIED and not (p.eligible and p.within_competence):
        out = [a for a in out if a != "accept"]
    if state == S.CLASSIFIED and p.within_competence:
        out = [a for a in out if a not in ("transfer", "guide")]  # ours: accept it
    if "extend" in out and not _can_extend(p):
        out.remove("extend")
    return out


def _load(session: Session, actor: Actor, petition_id: int, action: str, version: int | None):
    require(actor, *HANDLERS)
    p = get(session, petition_id)
    if version is not None and p.version != version:
        raise ConflictError()
    state = PetitionState(p.state)
    if state not in ALLOWED[action]:
        raise ValidationError(
            {
                "state": f"Không thể {ACTION_LABELS[action].lower()} đơn {p.code} khi đơn đang ở "
                f"trạng thái “{STATE_LABELS[state]}”."
            }
        )
    p.version += 1
    return p


def _check_date(p: Petition, on: date, today: date | None) -> None:
    if on < p.received_on:
        raise ValidationError({"on": "Ngày thực hiện không được trước ngày nhận đơn."})
    if today is not None and on > today:
        raise ValidationError({"on": "Ngày thực hiện không được ở tương lai."})


def classify(
    session: Session,
    actor: Actor,
    petition_id: int,
    *,
    eligible: bool,
    within_competence: bool,
    on: date,
    complex_case: bool = False,
    remote_area: bool = False,
    several_places: bool = False,
    note: str = "",
    version: int | None = None,
    today: date | None = None,
) -> Petition:
    p = _load(session, actor, petition_id, "classify", version)
    _check_date(p, on, today)
    p.eligible, p.within_competence = eligible, within_competence
    p.complex_case, p.remote_area = complex_case, remote_area
    cal = load_calendar(session)
    d = None
    if p.kind == PetitionKind.DENUNCIATION:
        if not within_competence:
            d = _start_clock(session, p, "denunciation.transfer", p.received_on, cal)
        elif several_places:
            d = _start_clock(session, p, "denunciation.classify_extended", p.received_on, cal)
    text = "; ".join(
        [
            "đủ điều kiện xử lý" if eligible else "không đủ điều kiện xử lý",
            "thuộc thẩm quyền" if within_competence else "không thuộc thẩm quyền",
            *(["vụ việc phức tạp"] if complex_case else []),
            *(["vùng sâu, vùng xa"] if remote_area else []),
            *([normalize(note)] if normalize(note) else []),
        ]
    )
    _step(session, actor, p, "classify", S.CLASSIFIED, on, text, deadline=d)
    return p


def _resolve_rule(p: Petition) -> str:
    if p.kind == PetitionKind.DENUNCIATION:
        return "denunciation.resolve"
    if p.kind == PetitionKind.COMPLAINT:
        base = "complaint2.resolve" if p.complaint_round == 2 else "complaint.resolve"
        suffix = ("_remote" if p.remote_area else "") + ("_complex" if p.complex_case else "")
        return base + suffix
    return "reception.notify_outcome"


def accept(
    session: Session,
    actor: Actor,
    petition_id: int,
    *,
    decision_no: str,
    on: date,
    note: str = "",
    version: int | None = None,
    today: date | None = None,
) -> Petition:
    """Thụ lý: starts the resolution clock of the rule in force on the acceptance date."""
    p = _load(session, actor, petition_id, "accept", version)
    _check_date(p, on, today)
    if not (p.eligible and p.within_competence):
        raise ValidationError({"state": "Chỉ thụ lý đơn đủ điều kiện và thuộc thẩm quyền."})
    if not normalize(decision_no):
        raise ValidationError({"decision_no": "Hãy ghi số quyết định/thông báo thụ lý."})
    p.accept_decision_no = normalize(decision_no)
    p.accepted_on = on
    p.outcome = "accepted"
    d = _start_clock(session, p, _resolve_rule(p), on, load_calendar(session))
    p.resolve_due_on = d.due
    _step(session, actor, p, "accept", S.ACCEPTED, on, note, document_no=decision_no, deadline=d)
    return p


def _can_extend(p: Petition) -> bool:
    if p.kind == PetitionKind.DENUNCIATION:
        return p.extensions < 2
    if p.kind == PetitionKind.COMPLAINT:
        # A complaint's extension is the longer period of a complex case (Luật Khiếu nại,
        # Điều 28): one already accepted as complex runs on that period and has no other.
        return p.extensions < 1 and not p.complex_case
    return False


def extend(
    session: Session,
    actor: Actor,
    petition_id: int,
    *,
    reason: str,
    decision_no: str,
    approver_id: int | None,
    on: date,
    version: int | None = None,
    today: date | None = None,
) -> Petition:
    """Gia hạn: a written decision approved by a leader (complaints once, denunciations twice)."""
    p = _load(session, actor, petition_id, "extend", version)
    _check_date(p, on, today)
    c = Collector()
    if not normalize(reason):
        c.add("reason", "Hãy ghi lý do gia hạn (vụ việc phức tạp …).")
    if not normalize(decision_no):
        c.add("decision_no", "Gia hạn phải có quyết định bằng văn bản: hãy ghi số quyết định.")
    approver = session.get(User, approver_id) if approver_id else None
    if approver is None or Role.LEADER not in approver.roles:
        c.add("approver", "Gia hạn phải do lãnh đạo phê duyệt: hãy chọn người phê duyệt.")
    if not _can_extend(p):
        if p.kind == PetitionKind.COMPLAINT and p.complex_case and not p.extensions:
            c.add(
                "state",
                "Khiếu nại đã được thụ lý là vụ việc phức tạp nên đã áp dụng thời hạn dài nhất; "
                "không gia hạn thêm.",
            )
        else:
            limit = "hai lần" if p.kind == PetitionKind.DENUNCIATION else "một lần"
            c.add("state", f"Loại đơn này chỉ được gia hạn {limit} hoặc không được gia hạn.")
    c.raise_if_any()
    cal = load_calendar(session)
    if p.kind == PetitionKind.DENUNCIATION:
        d = _start_clock(session, p, "denunciation.extend", p.due_on or on, cal)
    else:
        p.complex_case = True
        d = _start_clock(session, p, _resolve_rule(p), p.accepted_on or on, cal)
    p.extensions += 1
    p.resolve_due_on = d.due
    assert approver is not None
    _step(
        session,
        actor,
        p,
        "extend",
        S.EXTENDED,
        on,
        f"{normalize(reason)}; phê duyệt: {approver.full_name}",
        document_no=decision_no,
        deadline=d,
        approver_id=approver.id,
    )
    return p


def start_verification(
    session: Session,
    actor: Actor,
    petition_id: int,
    *,
    on: date,
    note: str = "",
    version: int | None = None,
    today: date | None = None,
) -> Petition:
    p = _load(session, actor, petition_id, "start_verification", version)
    _check_date(p, on, today)
    _step(session, actor, p, "start_verification", S.VERIFYING, on, note)
    return p


def resolve(
    session: Session,
    actor: Actor,
    petition_id: int,
    *,
    decision_no: str,
    result: str,
    on: date,
    note: str = "",
    version: int | None = None,
    today: date | None = None,
) -> Petition:
    p = _load(session, actor, petition_id, "resolve", version)
    _check_date(p, on, today)
    c = Collector()
    if result not in {r.value for r in Result}:
        c.add("result", "Hãy chọn kết quả giải quyết.")
    if p.kind in (PetitionKind.COMPLAINT, PetitionKind.DENUNCIATION) and result == Result.ANSWERED:
        c.add("result", "Khiếu nại, tố cáo phải kết luận đúng, sai hoặc đúng một phần.")
    if not normalize(decision_no):
        c.add("decision_no", "Hãy ghi số quyết định/văn bản giải quyết.")
    c.raise_if_any()
    p.result, p.decision_no, p.resolved_on = result, normalize(decision_no), on
    _stop_clock(p)
    late = "" if is_on_time(p) else " (quá hạn)"
    _step(
        session,
        actor,
        p,
        "resolve",
        S.RESOLVED,
        on,
        f"Kết quả: {RESULT_LABELS[Result(result)]}{late}. {normalize(note)}".strip(),
        document_no=decision_no,
    )
    return p


def notify(
    session: Session,
    actor: Actor,
    petition_id: int,
    *,
    on: date,
    note: str = "",
    version: int | None = None,
    today: date | None = None,
) -> Petition:
    p = _load(session, actor, petition_id, "notify", version)
    _check_date(p, on, today)
    p.notified_on = on
    _step(session, actor, p, "notify", S.NOTIFIED, on, note)
    return p


def close(
    session: Session,
    actor: Actor,
    petition_id: int,
    *,
    on: date,
    note: str = "",
    version: int | None = None,
    today: date | None = None,
) -> Petition:
    p = _load(session, actor, petition_id, "close", version)
    _check_date(p, on, today)
    p.closed_on = on
    _stop_clock(p)
    _step(session, actor, p, "close", S.CLOSED, on, note)
    return p


def transfer(
    session: Session,
    actor: Actor,
    petition_id: int,
    *,
    to_body: str,
    letter_no: str,
    on: date,
    note: str = "",
    version: int | None = None,
    today: date | None = None,
) -> Petition:
    p = _load(session, actor, petition_id, "transfer", version)
    _check_date(p, on, today)
    c = Collector()
    if not normalize(to_body):
        c.add("to_body", "Hãy ghi cơ quan có thẩm quyền nhận đơn.")
    if p.within_competence:
        c.add("state", "Đơn thuộc thẩm quyền: không chuyển, hãy thụ lý giải quyết.")
    c.raise_if_any()
    p.target_body, p.out_letter_no, p.outcome = (
        normalize(to_body),
        normalize(letter_no),
        "transferred",
    )
    _stop_clock(p)
    _step(
        session,
        actor,
        p,
        "transfer",
        S.TRANSFERRED,
        on,
        f"Chuyển đến {p.target_body}. {normalize(note)}".strip(),
        document_no=letter_no,
    )
    return p


def first_guidance(session: Session, p: Petition) -> PetitionStep | None:
    """The guidance already given for the same matter (same person, similar content), if any."""
    who = [Petition.id == p.id]
    if p.citizen_id is not None:
        who.append(Petition.citizen_id == p.citizen_id)
    if p.name_folded:
        who.append(Petition.name_folded == p.name_folded)
    rows = session.execute(
        select(PetitionStep, Petition)
        .join(Petition, PetitionStep.petition_id == Petition.id)
        .where(PetitionStep.action == "guide", or_(*who))
        .order_by(PetitionStep.on)
    ).all()
    for step, other in rows:
        if (
            other.id == p.id
            or other.id == p.duplicate_of_id
            or similarity(p.summary, other.summary) >= 0.5
        ):
            return step
    return None


def guide(
    session: Session,
    actor: Actor,
    petition_id: int,
    *,
    to_body: str,
    on: date,
    note: str = "",
    version: int | None = None,
    today: date | None = None,
) -> Petition:
    """Hướng dẫn: given once; a later copy of the same matter is refused (file it instead)."""
    p = _load(session, actor, petition_id, "guide", version)
    _check_date(p, on, today)
    if not normalize(to_body):
        raise ValidationError({"to_body": "Hãy ghi cơ quan có thẩm quyền hướng dẫn công dân đến."})
    if p.within_competence:
        raise ValidationError(
            {"state": "Đơn thuộc thẩm quyền: không hướng dẫn đi nơi khác, hãy thụ lý giải quyết."}
        )
    earlier = first_guidance(session, p)
    if earlier is not None:
        raise ValidationError(
            {
                "state": f"Vụ việc này đã được hướng dẫn một lần ngày {earlier.on:%d/%m/%Y} "
                f"(đơn {earlier.petition.code}); theo quy định chỉ hướng dẫn một lần, "
                "hãy lưu đơn."
            }
        )
    p.target_body, p.outcome = normalize(to_body), "guided"
    _stop_clock(p)
    _step(
        session,
        actor,
        p,
        "guide",
        S.GUIDED,
        on,
        f"Hướng dẫn đến {p.target_body}. {normalize(note)}".strip(),
    )
    return p


def return_(
    session: Session,
    actor: Actor,
    petition_id: int,
    *,
    reason: str,
    on: date,
    version: int | None = None,
    today: date | None = None,
) -> Petition:
    p = _load(session, actor, petition_id, "return", version)
    _check_date(p, on, today)
    if not normalize(reason):
        raise ValidationError({"reason": "Hãy ghi lý do trả lại đơn."})
    p.outcome = "returned"
    _stop_clock(p)
    _step(session, actor, p, "return", S.RETURNED, on, reason)
    return p


ARCHIVE_REASONS = {
    "duplicate": "Đơn trùng nội dung đã xử lý",
    "anonymous": "Đơn nặc danh, mạo danh",
    "not_eligible": "Đơn không đủ điều kiện xử lý",
}


def archive(
    session: Session,
    actor: Actor,
    petition_id: int,
    *,
    reason: str,
    on: date,
    note: str = "",
    version: int | None = None,
    today: date | None = None,
) -> Petition:
    p = _load(session, actor, petition_id, "archive", version)
    _check_date(p, on, today)
    if reason not in ARCHIVE_REASONS:
        raise ValidationError({"reason": "Hãy chọn lý do lưu đơn."})
    p.archive_reason, p.outcome = ARCHIVE_REASONS[reason], "archived"
    _stop_clock(p)
    _step(
        session,
        actor,
        p,
        "archive",
        S.ARCHIVED,
        on,
        f"{ARCHIVE_REASONS[reason]}. {normalize(note)}".strip(),
    )
    return p


def reopen(
    session: Session,
    actor: Actor,
    petition_id: int,
    *,
    reason: str,
    on: date,
    version: int | None = None,
    today: date | None = None,
) -> Petition:
    p = _load(session, actor, petition_id, "reopen", version)
    _check_date(p, on, today)
    if not normalize(reason):
        raise ValidationError({"reason": "Hãy ghi lý do mở lại đơn."})
    p.outcome, p.closed_on, p.result, p.resolved_on = "", None, "", None
    d = _start_clock(session, p, "petition.classify", on, load_calendar(session))
    _step(session, actor, p, "reopen", S.RECEIVED, on, reason, deadline=d)
    return p


# --- dashboard --------------------------------------------------------------------------------


@dataclass
class Dashboard:
    today: date
    due_today: list[Petition]
    due_soon: list[Petition]  # within 3 working days after today
    overdue: list[Petition]
    waiting_classification: list[Petition]
    received_this_month: int
    resolved_this_month: int
    overdue_by_officer: list[tuple[str, int]]
    overdue_by_kind: list[tuple[str, int]]


def dashboard(
    session: Session, today: date, calendar: WorkCalendar | None = None, limit: int = 200
) -> Dashboard:
    cal = calendar or load_calendar(session)
    soon_end = cal.add_working_days(today, 3)

    def rows(*where) -> list[Petition]:
        q = select(Petition).where(*where).order_by(Petition.due_on, Petition.id).limit(limit)
        return list(session.execute(q).scalars())

    month_start = today.replace(day=1)
    received = session.execute(
        select(func.count(Petition.id)).where(
            Petition.received_on >= month_start, Petition.received_on <= today
        )
    ).scalar_one()
    resolved = session.execute(
        select(func.count(Petition.id)).where(
            Petition.resolved_on >= month_start, Petition.resolved_on <= today
        )
    ).scalar_one()
    by_officer = session.execute(
        select(func.coalesce(User.full_name, "Chưa phân công"), func.count(Petition.id))
        .select_from(Petition)
        .outerjoin(User, User.id == Petition.officer_id)
        .where(overdue_clause(today))
        .group_by(User.full_name)
        .order_by(func.count(Petition.id).desc())
    ).all()
    by_kind = session.execute(
        select(Petition.kind, func.count(Petition.id))
        .where(overdue_clause(today))
        .group_by(Petition.kind)
    ).all()
    return Dashboard(
        today=today,
        due_today=rows(open_clause(), Petition.due_on == today),
        due_soon=rows(open_clause(), Petition.due_on > today, Petition.due_on <= soon_end),
        overdue=rows(overdue_clause(today)),
        waiting_classification=rows(Petition.state == S.RECEIVED.value),
        received_this_month=int(received),
        resolved_this_month=int(resolved),
        overdue_by_officer=[(str(n), int(c)) for n, c in by_officer],
        overdue_by_kind=[(KIND_LABELS[PetitionKind(k)], int(c)) for k, c in by_kind],
    )


# --- paper: the handling forms ----------------------------------------------------------------

FORM_STATES = {
    "transfer": {S.TRANSFERRED},
    "guidance": {S.GUIDED},
    "acceptance": {S.ACCEPTED, S.VERIFYING, S.EXTENDED, S.RESOLVED, S.NOTIFIED, S.CLOSED},
    "non_acceptance": {S.CLASSIFIED, S.RETURNED, S.ARCHIVED, S.TRANSFERRED, S.GUIDED, S.CLOSED},
    "proposal": {S.CLASSIFIED, S.ACCEPTED, S.VERIFYING, S.EXTENDED},
}


def form_problem(p: Petition, form: str) -> str | None:
    """Why ``form`` cannot be printed for ``p`` now (Vietnamese), or None when it can."""
    from camau_reception.printing.petition_forms import FORM_LABELS

    if form not in FORM_LABELS:
        return "Không có mẫu giấy tờ này."
    label = FORM_LABELS[form]
    state = PetitionState(p.state)
    if state not in FORM_STATES[form]:
        return f"Không in {label.lower()} khi đơn đang ở trạng thái “{STATE_LABELS[state]}”."
    if form == "non_acceptance" and p.accepted_on is not None:
        return "Đơn đã được thụ lý: không in thông báo không thụ lý."
    if form == "non_acceptance" and p.eligible and p.within_competence and state == S.CLASSIFIED:
        return "Đơn đủ điều kiện và thuộc thẩm quyền: hãy thụ lý thay vì thông báo không thụ lý."
    if form == "proposal" and not (p.eligible and p.within_competence):
        return "Chỉ đề xuất thụ lý đơn đủ điều kiện và thuộc thẩm quyền."
    return None


def available_forms(p: Petition) -> list[str]:
    from camau_reception.printing.petition_forms import FORM_KINDS

    return [f for f in FORM_KINDS if form_problem(p, f) is None]


def _non_acceptance_reason(p: Petition) -> str:
    if p.archive_reason:
        return p.archive_reason
    for step in reversed(p.steps):
        if step.action == "return" and step.note:
            return step.note
    if p.eligible is False:
        return "đơn không đủ điều kiện xử lý theo quy định"
    if p.within_competence is False:
        return "nội dung đơn không thuộc thẩm quyền giải quyết của cơ quan"
    return "đơn không đủ điều kiện thụ lý"


def form_data(session: Session, p: Petition, form: str, on: date):  # -> FormData
    """The values a form prints, read from the petition and the clock it runs on."""
    from camau_reception.domain.deadlines import UnknownRule
    from camau_reception.printing.petition_forms import FormData

    kind_label = KIND_LABELS[PetitionKind(p.kind)]
    if p.kind == PetitionKind.COMPLAINT and p.complaint_round == 2:
        kind_label += " lần hai"
    period = source = ""
    rule_id, start = "", on
    if form == "acceptance":
        for step in reversed(p.steps):
            if step.action in ("accept", "extend") and step.rule_id:
                rule_id, start = step.rule_id, step.clock_start or on
                break
    elif form == "proposal":
        rule_id = _resolve_rule(p)
    if rule_id:
        try:
            rule = rulebook(session).rule_in_force(rule_id, start)
            period, source = rule.period_text, rule.source
        except UnknownRule:
            pass
    officer = session.get(User, p.officer_id) if p.officer_id else None
    return FormData(
        code=p.code,
        kind_label=kind_label,
        name=p.petitioner_name,
        address=p.petitioner_address,
        received_on=p.received_on,
        summary=p.summary,
        signer_count=p.signer_count,
        sender_body=p.sender_body,
        sender_letter_no=p.sender_letter_no,
        sender_letter_date=p.sender_letter_date,
        target_body=p.target_body,
        decision_no=p.accept_decision_no,
        accepted_on=p.accepted_on,
        resolve_due_on=p.resolve_due_on,
        period=period,
        deadline_source=source,
        reason=_non_acceptance_reason(p) if form == "non_acceptance" else "",
        officer=officer.full_name if officer else "",
    )


def issue_form(
    session: Session,
    actor: Actor,
    petition_id: int,
    form: str,
    *,
    on: date,
    out,  # str | Path
    signer_title: str = "",
    signer_name: str = "",
    new_number: bool = False,
):  # -> IssuedDocument
    """Print ``form`` for the petition to the PDF ``out``.

    The first print takes the next document number of the year (Số: 05/PC-SVHTTDL) and records
    it; a reprint keeps that number and date unless ``new_number``. The number is committed
    only with the caller's transaction, after the PDF was written.
    """
    from camau_reception.domain.agency import SAMPLE_AGENCY
    from camau_reception.models.settings import IssuedDocument
    from camau_reception.printing.petition_forms import FORM_LABELS, load_wording, render_form
    from camau_reception.services import agency as agency_service
    from camau_reception.services import numbering

    require(actor, *HANDLERS)
    p = get(session, petition_id)
    problem = form_problem(p, form)
    if problem:
        raise ValidationError({"form": problem})
    wording = load_wording()
    title = FORM_LABELS[form]
    doc: IssuedDocument | None = None
    if not new_number:
        doc = next(
            (d for d in numbering.issued_for(session, "petition", p.id) if d.title == title), None
        )
    if doc is None:
        doc = numbering.issue_number(
            session,
            actor,
            wording[form]["type_code"],
            on,
            title=title,
            entity="petition",
            entity_id=p.id,
        )
        action = "petition.issue_form"
        summary = f"{p.code}: {title} số {doc.number}"
    else:
        action = "petition.reprint_form"
        summary = f"{p.code}: in lại {title.lower()} số {doc.number}"
    render_form(
        form,
        form_data(session, p, form, doc.issued_on),
        agency_service.get_profile(session) or SAMPLE_AGENCY,
        doc.number,
        doc.issued_on,
        out,
        wording,
        signer_title=normalize(signer_title).upper(),
        signer_name=normalize(signer_name),
    )
    audit.log_event(session, actor, action, "petition", p.id, summary)
    return doc


def documents_of(session: Session, petition_id: int) -> list:  # -> list[IssuedDocument]
    """Documents issued for the petition (forms printed with a number), oldest first."""
    from camau_reception.services import numbering

    return numbering.issued_for(session, "petition", petition_id)


# --- duplicates of a petition already saved (đơn trùng?) -----------------------------------

ACTION_LABELS["check_duplicates"] = "Kiểm tra đơn trùng"
DUPLICATE_STATES = frozenset({S.RECEIVED, S.CLASSIFIED})


SAME_CITIZEN_REASONS = {
    "cccd": "cùng số CCCD",
    "cmnd": "cùng số CMND",
    "passport": "cùng số hộ chiếu",
    "other": "cùng số giấy tờ",
}


@dataclass(frozen=True)
class DuplicateCandidate:
    """An earlier petition that may be the same matter, and why it is suggested."""

    petition: Petition
    score: float
    reason: str  # "cùng số CCCD", "cùng họ tên, cùng xã/phường", "cùng họ tên"
    same_person: bool  # the same citizen record, i.e. the same identity number


def _citizen_commune(session: Session, citizen_id: int | None) -> str:
    if citizen_id is None:
        return ""
    from camau_reception.models.reception import Citizen

    citizen = session.get(Citizen, citizen_id)
    return commune_key(citizen.commune) if citizen is not None and citizen.commune else ""


def _commune_of(session: Session, p: Petition) -> str:
    """The petition's commune key: from its own address, else from its citizen's record."""
    return commune_of_address(p.petitioner_address) or _citizen_commune(session, p.citizen_id)


def _same_citizen_reason(session: Session, citizen_id: int) -> str:
    from camau_reception.models.reception import Citizen

    citizen = session.get(Citizen, citizen_id)
    if citizen is None or not citizen.id_number:
        return "cùng công dân"
    return SAME_CITIZEN_REASONS.get(citizen.id_kind, SAME_CITIZEN_REASONS["other"])


def _candidates(
    session: Session,
    *,
    summary: str,
    on: date,
    citizen_id: int | None,
    name: str,
    commune: str,
    skip: Callable[[Petition], bool],
    threshold: float,
) -> list[DuplicateCandidate]:
    """Same person first (same citizen, i.e. same ID number), then namesakes of the same commune
    or of an unknown one; a namesake whose commune is known and different is left out."""
    out = []
    for other, score in find_duplicates(
        session, summary=summary, on=on, citizen_id=citizen_id, name=name, threshold=threshold
    ):
        if skip(other):
            continue
        if citizen_id is not None and other.citizen_id == citizen_id:
            out.append(
                DuplicateCandidate(other, score, _same_citizen_reason(session, citizen_id), True)
            )
            continue
        other_commune = _commune_of(session, other)
        if commune and other_commune and other_commune != commune:
            continue  # a namesake in another commune
        reason = "cùng họ tên, cùng xã/phường" if commune and other_commune else "cùng họ tên"
        out.append(DuplicateCandidate(other, score, reason, False))
    out.sort(key=lambda c: (not c.same_person, -c.score))
    return out


def duplicate_candidates_explained(
    session: Session, p: Petition, threshold: float = 0.5
) -> list[DuplicateCandidate]:
    """``duplicate_candidates`` with the reason each one is suggested."""
    if p.duplicate_of_id is not None or PetitionState(p.state) not in DUPLICATE_STATES:
        return []
    if any(step.action == "check_duplicates" for step in p.steps):
        return []
    siblings = {p.id, p.split_from_id}

    def skip(other: Petition) -> bool:
        if other.id in siblings or other.split_from_id in siblings - {None}:
            return True
        return (other.received_on, other.id) > (p.received_on, p.id)  # the later is the copy

    return _candidates(
        session,
        summary=p.summary,
        on=p.received_on,
        citizen_id=p.citizen_id,
        name=p.petitioner_name,
        commune=_commune_of(session, p),
        skip=skip,
        threshold=threshold,
    )


def duplicate_candidates(
    session: Session, p: Petition, threshold: float = 0.5
) -> list[tuple[Petition, float]]:
    """Earlier petitions that may be the same matter as ``p`` ("đơn trùng?").

    Same person (the same citizen record, i.e. the same ID number: these come first; or the
    same folded name and, when both communes are known, the same commune), similar content,
    received in the 12 months before. The commune is read from the petition's address, else
    from its citizen's record. Empty once the officer linked the petition or recorded that it
    is not a duplicate, and for the petitions split from the same paper.
    """
    return [(c.petition, c.score) for c in duplicate_candidates_explained(session, p, threshold)]


def suggest_duplicates(
    session: Session,
    *,
    summary: str,
    on: date,
    citizen_id: int | None = None,
    name: str = "",
    address: str = "",
    commune: str = "",
    threshold: float = 0.5,
) -> list[DuplicateCandidate]:
    """The same suggestions for a petition being entered (not saved yet)."""
    key = commune_key(commune) or commune_of_address(address)
    if not key and citizen_id is not None:
        key = _citizen_commune(session, citizen_id)
    return _candidates(
        session,
        summary=summary,
        on=on,
        citizen_id=citizen_id,
        name=name,
        commune=key,
        skip=lambda _other: False,
        threshold=threshold,
    )


def dismiss_duplicates(
    session: Session,
    actor: Actor,
    petition_id: int,
    *,
    on: date,
    note: str = "",
    version: int | None = None,
) -> Petition:
    """The officer checked the suggestions: not a duplicate. Recorded on the timeline."""
    require(actor, *HANDLERS)
    p = get(session, petition_id)
    if version is not None and p.version != version:
        raise ConflictError()
    p.version += 1
    _step(
        session,
        actor,
        p,
        "check_duplicates",
        PetitionState(p.state),
        on,
        normalize(note) or "Đã kiểm tra: không phải đơn trùng",
    )
    return p
