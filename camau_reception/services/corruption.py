"""Corruption denunciations (tố cáo hành vi tham nhũng) that protect the denouncer.

What is protected (Luật Tố cáo 2018, Điều 8 khoản 3, Điều 47–56): the denouncer's name, identity
paper, address, phone, e-mail, a description of the person, their own words and every paper that
may show handwriting. It is stored only as AES-GCM ciphertext under a per-record content key
sealed to the office data key (``camau_reception.crypto``). Anyone at the counter can *protect*
a new denunciation; only an inspector holding a copy of the data key can *read* one, for a
stated reason that is audited (the audit summary never carries the identity).

A visit recorded at the counter as a corruption denunciation (``services.reception.record`` with
``corruption=True``) is moved here by the ``reception.recorded`` hook, in the same transaction:
the identity is encrypted into a new case, the register row keeps only the case code, the
visit's summary and documents move into the ciphertext, and the citizen rows created only for
this visit are deleted (``secure_delete`` zeroes them). A citizen already on file for other
visits keeps their row (their other visits are not secret) but loses every link to this case.

Anonymous reports are recorded as information for inspection (no identity, no legal clock).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import re
import secrets
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from statistics import median
from typing import NamedTuple

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from camau_reception.crypto import aead
from camau_reception.crypto.errors import DecryptionFailed
from camau_reception.domain.text import fold, normalize, normalize_multiline
from camau_reception.models.base import utcnow
from camau_reception.models.corruption import (
    FIELDS,
    KIND_LABELS,
    OPEN_STATES,
    PERSON_LABELS,
    PROTECTION_LABELS,
    PROTECTION_STATUS_LABELS,
    RESULT_LABELS,
    SOURCE_LABELS,
    STATE_LABELS,
    CaseKind,
    CaseSource,
    CaseState,
    CorruptionAttachment,
    CorruptionCase,
    CorruptionStep,
    ProtectedPerson,
    ProtectionKind,
    ProtectionMeasure,
    ProtectionRequest,
    ProtectionStatus,
    Result,
)
from camau_reception.models.users import Role
from camau_reception.services import audit, hooks
from camau_reception.services import corruption_keys as keys
from camau_reception.services.actor import Actor, user_id_of
from camau_reception.services.auth import require
from camau_reception.services.errors import (
    Collector,
    ConflictError,
    NotFound,
    PermissionDenied,
    ValidationError,
)

S = CaseState
RECORDERS = (Role.OFFICER, Role.LEADER, Role.INSPECTOR)
VIEWERS = (Role.LEADER, Role.INSPECTOR)
MIN_REASON = 10
MAX_EXTENSIONS = 2
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
REDACTED = "[đã che]"
FOLLOWUP_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # nothing to misread aloud (no 0/O, 1/I/L)
CODE_RE = re.compile(r"TCTN-\d{4}-\d+")


# --- the identity ------------------------------------------------------------------------------


@dataclass(repr=False)
class Identity:
    """Who the denouncer is. Exists in clear only in memory, for one view."""

    full_name: str = ""
    id_kind: str = "cccd"
    id_number: str = ""
    birth_year: int | None = None
    sex: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    description: str = ""  # mô tả nhận dạng (for a person met without papers)
    statement: str = ""  # the denouncer's own words as recorded at the counter
    co_reporters: list[str] = field(default_factory=list)  # others of a group, one per line
    documents: list[str] = field(default_factory=list)  # papers handed over

    def __repr__(self) -> str:  # never into a log, a traceback or a crash report
        return "Identity(****)"

    def cleaned(self) -> Identity:
        return Identity(
            full_name=normalize(self.full_name),
            id_kind=normalize(self.id_kind).lower() or "cccd",
            id_number=normalize(self.id_number).replace(" ", ""),
            birth_year=self.birth_year,
            sex=normalize(self.sex).lower(),
            address=normalize(self.address),
            phone=normalize(self.phone),
            email=normalize(self.email),
            description=normalize_multiline(self.description),
            statement=normalize_multiline(self.statement),
            co_reporters=[normalize(x) for x in self.co_reporters if normalize(x)],
            documents=[normalize(x) for x in self.documents if normalize(x)],
        )

    def to_bytes(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":")).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> Identity:
        values = json.loads(data.decode("utf-8"))
        known = {k: v for k, v in values.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def secrets(self) -> list[str]:
        """The strings that must not appear anywhere in clear: names, identity-paper and phone
        numbers, e-mail and the detailed address (street, house, hamlet). Administrative place
        names (commune or ward, district, province, country) and bare house numbers identify
        nobody on their own and are never secrets, so "tỉnh Cà Mau" stays readable."""
        out = [self.full_name, self.id_number, self.phone, self.email]
        out += _address_secrets([p.strip() for p in self.address.split(",")])
        for line in self.co_reporters:
            # "name, ID number, phone, street…, commune, province" (``_citizen_line``)
            name, *rest = [p.strip() for p in line.split(",")]
            numbers = [p for p in rest if _is_number(p) or "@" in p]
            out += [name, *numbers]
            out += _address_secrets([p for p in rest if p not in numbers])
        seen: set[str] = set()
        unique = []
        for s in out:
            if len(s) >= 3 and s not in seen:
                seen.add(s)
                unique.append(s)
        return unique


# --- what identifies a person, what only names a place ------------------------------------------

# A leading administrative unit: "xã …", "Phường …", "TP. …", "tỉnh …" (folded text).
_PLACE_UNIT = re.compile(
    r"^(xa|phuong|thi tran|thi xa|huyen|quan|thanh pho|tp|tinh|dac khu|quoc gia)\b"
)
_COUNTRIES = frozenset({"viet nam", "vn", "nuoc cong hoa xa hoi chu nghia viet nam"})
# A house, hamlet or group number alone ("Số 45", "12/3A", "Khóm 6", "Ấp 3", "Tổ 5").
_GENERIC_PART = re.compile(
    r"^((so nha|nha so|so|khom|ap|to dan pho|to|khu pho|khu|hem|ngo|kiet|can ho|phong)\.?\s*)?"
    r"[0-9]{1,5}[a-z]?([/.\-][0-9a-z]{1,5})*$"
)
_NUMBER_SEPARATORS = re.compile(r"[\s.\-]")


def _is_number(part: str) -> bool:
    """An identity-paper or phone number (at least 8 digits, however spaced)."""
    digits = _NUMBER_SEPARATORS.sub("", part).removeprefix("+")
    return len(digits) >= 8 and digits.isdigit()


@functools.cache
def _known_places() -> frozenset[str]:
    """Folded province and commune names the program lists (resources/geo), with the commune
    names also without their "Xã"/"Phường" word, and the provinces merged in 2025."""
    import csv

    from camau_reception.config import resources_dir

    names: set[str] = set()
    for file, columns in (
        ("provinces.csv", ("province",)),
        ("communes.csv", ("province", "commune", "former_province")),
    ):
        path = resources_dir() / "geo" / file
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            lines = [line for line in fh if line.strip() and not line.startswith("#")]
        for row in csv.DictReader(lines):
            for column in columns:
                key = fold(row.get(column) or "")
                if key:
                    names.add(key)
                    names.add(_PLACE_UNIT.sub("", key).strip())
    names.discard("")
    return frozenset(names)


def _is_place(part: str) -> bool:
    key = fold(part).strip(" .")
    return (
        not key or key in _COUNTRIES or _PLACE_UNIT.match(key) is not None or key in _known_places()
    )


def _is_generic(part: str) -> bool:
    return _GENERIC_PART.match(fold(part).strip(" .")) is not None


def _address_secrets(parts: list[str]) -> list[str]:
    """The identifying strings of an address split on commas: the whole address when it has a
    detailed part, that part without the place names, and each of its pieces that is more than a
    bare number. An address of place names only gives none."""
    parts = [p for p in parts if p]
    detail = [p for p in parts if not _is_place(p)]
    if not detail:
        return []
    out = [", ".join(parts)]
    joined = ", ".join(detail)
    if not _is_generic(joined):
        out.append(joined)
    out += [p for p in detail if not _is_generic(p)]
    return out


def _number_pattern(secret: str) -> re.Pattern[str] | None:
    """A number secret as typed anywhere: "0918765432", "0918 765 432", "0918.765.432"."""
    if not _is_number(secret):
        return None
    digits = re.sub(r"\D", "", secret)
    return re.compile(r"(?<!\d)" + r"[\s.\-]?".join(digits) + r"(?!\d)")


def _fold_chars(text: str) -> str:
    """``fold`` one character at a time: as long as ``text`` (NFC), so that a match in the
    folded text is the same span of the original."""
    out = []
    for ch in text:
        f = fold(ch)
        out.append(f if len(f) == 1 else (" " if ch.isspace() else "\x00"))
    return "".join(out)


def redact(text: str, identity: Identity | None) -> str:
    """``text`` with every identifying string of ``identity`` replaced by "[đã che]" (written
    with or without accents, in any case; numbers however spaced)."""
    if not text or identity is None:
        return text
    out = unicodedata.normalize("NFC", text)
    for secret in sorted(identity.secrets(), key=len, reverse=True):
        key = _fold_chars(unicodedata.normalize("NFC", secret))
        spans = [m.span() for m in re.finditer(re.escape(key), _fold_chars(out))]
        for start, end in reversed(spans):
            out = out[:start] + REDACTED + out[end:]
        pattern = _number_pattern(secret)
        if pattern is not None:
            out = pattern.sub(REDACTED, out)
    return out


def mentions_identity(text: str, identity: Identity) -> bool:
    """Whether ``text`` names the denouncer (accents and case aside, numbers however spaced)."""
    if not text:
        return False
    folded = fold(text)
    for secret in identity.secrets():
        key = fold(secret)
        if key and len(key) >= 3 and key in folded:
            return True
        pattern = _number_pattern(secret)
        if pattern is not None and pattern.search(text):
            return True
    return False


IDENTITY_IN_TEXT = (
    "{what} đang chứa họ tên, số giấy tờ, địa chỉ hoặc số điện thoại của người tố cáo; hãy bỏ "
    "các thông tin đó (chúng được lưu riêng, có mã hóa)."
)


def _check_clear_text(
    c: Collector, identity: Identity | None, fields: dict[str, tuple[str, str]]
) -> None:
    """Refuse every field (key → (label, text)) stored in clear that names the denouncer."""
    if identity is None:
        return
    for key, (what, text) in fields.items():
        if text and mentions_identity(text, identity):
            c.add(key, IDENTITY_IN_TEXT.format(what=what))


def _clear_text_of(case: CorruptionCase) -> list[tuple[object, str]]:
    """(row, attribute) of every free-text value of the case stored in clear."""
    out: list[tuple[object, str]] = [
        (case, a)
        for a in (
            "summary",
            "subject",
            "transfer_to",
            "not_accepted_reason",
            "accept_decision_no",
            "transfer_doc_no",
            "conclusion_no",
        )
    ]
    out += [(step, a) for step in case.steps for a in ("note", "document_no")]
    for req in case.protection_requests:
        out += [(req, "note"), (req, "decision_no")]
        out += [(m, a) for m in req.measures for a in ("description", "agency")]
    return out


def _mask_clear_text(case: CorruptionCase, identity: Identity) -> None:
    """After a correction of the identity: mask it wherever it was written in clear before
    (a phone number noted in a step before it was added to the identity)."""
    for row, attr in _clear_text_of(case):
        value = getattr(row, attr) or ""
        if value and mentions_identity(value, identity):
            setattr(row, attr, redact(value, identity))


def _identity_for_check(ring: keys.KeyRing | None, case: CorruptionCase) -> Identity | None:
    """The identity, to check what is about to be stored in clear; None without a key that
    opens it (as for the summary: only a holder of the key can compare)."""
    if ring is None or not ring.has_access or not case.has_identity:
        return None
    return _decrypt_identity(ring, case)


def _aad(case: CorruptionCase, purpose: str) -> bytes:
    return f"corruption-case:{case.code}:{purpose}".encode()


def _encrypt_identity(session: Session, case: CorruptionCase, identity: Identity) -> None:
    """A fresh content key per write: an edit re-encrypts everything under a new key, so the
    old ciphertext (zeroed by ``secure_delete``) could not be opened even if recovered."""
    content_key = aead.new_key()
    case.content_key_sealed = keys.seal_content_key(session, content_key)
    case.identity_nonce, case.identity_blob = aead.encrypt(
        content_key, aead.pad(identity.to_bytes()), _aad(case, "identity")
    )


def _decrypt_identity(ring: keys.KeyRing, case: CorruptionCase) -> Identity:
    if case.identity_blob is None or case.content_key_sealed is None:
        raise ValidationError({"identity": "Tin báo nặc danh: không có danh tính người tố cáo."})
    content_key = keys.open_content_key(ring, case.content_key_sealed)
    try:
        plain = aead.decrypt(
            content_key, case.identity_nonce or b"", case.identity_blob, _aad(case, "identity")
        )
    except DecryptionFailed as exc:
        raise PermissionDenied(
            "Không giải mã được danh tính: dữ liệu đã bị thay đổi hoặc chép từ hồ sơ khác."
        ) from exc
    return Identity.from_bytes(aead.unpad(plain))


# --- follow-up receipt codes ---------------------------------------------------------------------


def _canonical_followup(code: str) -> str:
    return "".join(ch for ch in normalize(code).upper() if ch.isalnum())


def followup_hash(code: str) -> str:
    return hashlib.sha256(
        b"camau-reception/followup|" + _canonical_followup(code).encode()
    ).hexdigest()


def new_followup_code() -> str:
    """12 random characters (about 58 bits) in three groups: "K7QM-2XHD-9RTA"."""
    raw = "".join(secrets.choice(FOLLOWUP_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


# --- deadlines -----------------------------------------------------------------------------------


def _calendar(session: Session):
    from camau_reception.services.calendar import load_calendar

    return load_calendar(session)


def _rules(session: Session):
    try:
        from camau_reception.services.deadline_rules import rulebook
    except ImportError:  # pragma: no cover - the petitions area ships it
        from camau_reception.domain.deadlines import default_rulebook

        return default_rulebook()
    return rulebook(session)


def _deadline(session: Session, rule_id: str, start: date):
    from camau_reception.domain.deadlines import compute_deadline

    return compute_deadline(rule_id, start, _calendar(session), _rules(session))


def _start_clock(session: Session, case: CorruptionCase, rule_id: str, start: date):
    d = _deadline(session, rule_id, start)
    case.rule_id, case.clock_start, case.due_on = rule_id, start, d.due
    return d


def _stop_clock(case: CorruptionCase) -> None:
    case.rule_id, case.clock_start, case.due_on = "", None, None


def _step(
    session: Session,
    actor: Actor,
    case: CorruptionCase,
    action: str,
    to_state: CaseState,
    on: date,
    note: str = "",
    *,
    document_no: str = "",
    deadline=None,
) -> CorruptionStep:
    step = CorruptionStep(
        case_id=case.id,
        on=on,
        action=action,
        from_state=case.state or "",
        to_state=to_state.value,
        user_id=user_id_of(actor),
        user_name=actor.full_name,
        note=normalize_multiline(note),
        document_no=normalize(document_no),
        rule_id=deadline.rule.id if deadline else "",
        clock_start=deadline.start if deadline else None,
        due_on=deadline.due if deadline else None,
        explanation=deadline.explanation if deadline else "",
    )
    case.state = to_state.value
    case.updated_at = utcnow()
    session.add(step)
    session.flush()
    audit.log_event(
        session,
        actor,
        f"corruption.{action}",
        "corruption_case",
        case.id,
        f"{case.code}: {STATE_LABELS[to_state]}"
        + (f" ({ACTION_LABELS.get(action, action)})" if action in ACTION_LABELS else ""),
    )
    return step


# --- recording -----------------------------------------------------------------------------------


@dataclass
class CaseInput:
    received_on: date
    summary: str
    source: str = CaseSource.POST.value
    anonymous: bool = False
    identity: Identity | None = None
    field: str = ""
    subject: str = ""
    multi_place: bool = False


@dataclass(repr=False)
class IntakeResult:
    """A new case and the follow-up code to give the reporter (shown once, never stored)."""

    case: CorruptionCase
    followup_code: str

    def __repr__(self) -> str:
        return f"IntakeResult({self.case.code})"


def _next_code(session: Session, year: int) -> str:
    from camau_reception.services.numbering import next_seq

    return f"TCTN-{year}-{next_seq(session, 'TCTN', year):04d}"


def _validate(data: CaseInput, today: date | None) -> tuple[CaseInput, Identity | None]:
    c = Collector()
    identity = data.identity.cleaned() if data.identity is not None else None
    summary = normalize_multiline(data.summary)
    if not summary:
        c.add(
            "summary", "Hãy tóm tắt nội dung tố cáo (không ghi thông tin nhận diện người tố cáo)."
        )
    if data.source not in {s.value for s in CaseSource}:
        c.add("source", "Hãy chọn nguồn tiếp nhận.")
    if data.received_on is None or data.received_on < date(2000, 1, 1):
        c.add("received_on", "Ngày tiếp nhận không hợp lệ.")
    elif today is not None and data.received_on > today:
        c.add("received_on", "Ngày tiếp nhận không được ở tương lai.")
    if not data.anonymous and (identity is None or not identity.full_name):
        c.add(
            "identity.full_name",
            "Hãy nhập họ tên người tố cáo, hoặc đánh dấu “nặc danh” (sẽ ghi nhận là thông tin "
            "phục vụ thanh tra, không phải tố cáo).",
        )
    if (
        identity is not None
        and identity.full_name
        and any(ch.isdigit() for ch in identity.full_name)
    ):
        c.add("identity.full_name", "Họ và tên không được chứa chữ số.")
    if identity is not None and identity.id_number and identity.id_kind == "cccd":
        from camau_reception.domain.citizen_id import InvalidCitizenId, parse_cccd

        try:
            parse_cccd(identity.id_number, today=today)
        except InvalidCitizenId as exc:
            c.add("identity.id_number", str(exc))
    if identity is not None and summary and mentions_identity(summary, identity):
        c.add(
            "summary",
            "Tóm tắt nội dung đang chứa họ tên, số giấy tờ, địa chỉ hoặc số điện thoại của người "
            "tố cáo; hãy bỏ các thông tin đó (chúng được lưu riêng, có mã hóa).",
        )
    subject = normalize(data.subject)
    _check_clear_text(c, identity, {"subject": ("Người bị tố cáo", subject)})
    field_ = normalize(data.field)
    if field_ and field_ not in FIELDS:
        c.add("field", "Lĩnh vực không hợp lệ.")
    c.raise_if_any()
    out = CaseInput(
        received_on=data.received_on,
        summary=summary,
        source=data.source,
        anonymous=data.anonymous,
        identity=None if data.anonymous else identity,
        field=field_,
        subject=subject,
        multi_place=data.multi_place,
    )
    return out, out.identity


def record(
    session: Session,
    actor: Actor,
    data: CaseInput,
    *,
    today: date | None = None,
    reception_id: int | None = None,
) -> IntakeResult:
    """Record a denunciation (or anonymous information) with the identity encrypted."""
    require(actor, *RECORDERS)
    data, identity = _validate(data, today)
    if keys.vault_public_key(session) is None:
        raise ValidationError({"corruption": keys.NO_VAULT})
    code = _next_code(session, data.received_on.year)
    followup = new_followup_code()
    case = CorruptionCase(
        code=code,
        kind=(CaseKind.INFORMATION if data.anonymous else CaseKind.DENUNCIATION).value,
        anonymous=data.anonymous,
        source=data.source,
        reception_id=reception_id,
        received_on=data.received_on,
        field=data.field,
        subject=data.subject,
        summary=data.summary,
        multi_place=data.multi_place,
        followup_hash=followup_hash(followup),
        created_by=user_id_of(actor),
        state="",
    )
    session.add(case)
    session.flush()
    if identity is not None:
        _encrypt_identity(session, case, identity)
    source = SOURCE_LABELS[CaseSource(data.source)]
    if data.anonymous:
        _step(
            session,
            actor,
            case,
            "receive",
            S.INFORMATION,
            data.received_on,
            f"{source}; tin báo nặc danh: không thụ lý như tố cáo, dùng làm thông tin phục vụ "
            "thanh tra nếu nội dung cụ thể",
        )
    else:
        rule = "denunciation.classify_extended" if data.multi_place else "denunciation.classify"
        d = _start_clock(session, case, rule, data.received_on)
        _step(session, actor, case, "receive", S.RECEIVED, data.received_on, source, deadline=d)
    return IntakeResult(case, followup)


# --- intake from the counter (hook of services.reception) ---------------------------------------

# Follow-up codes of visits saved in this process, for the counter to hand over once. Never
# written anywhere; lost when the program closes (the case keeps only the code's hash).
_intake_receipts: dict[int, IntakeReceipt] = {}
_receipt_serials = itertools.count(1)


@dataclass(frozen=True, repr=False)
class IntakeReceipt:
    reception_id: int
    case_id: int
    case_code: str
    followup_code: str
    received_at: datetime
    documents: tuple[str, ...]
    recorded_by: int | None = None
    # Reception ids restart with every database file the process opens; the serial tells a
    # code saved now from one left over from an earlier file.
    serial: int = field(default_factory=lambda: next(_receipt_serials))

    def __repr__(self) -> str:
        return f"IntakeReceipt({self.case_code})"


def take_intake_receipt(reception_id: int) -> IntakeReceipt | None:
    """The follow-up code of a visit just moved to a protected case (once; then forgotten)."""
    return _intake_receipts.pop(reception_id, None)


def intake_receipt_serials() -> set[int]:
    """Serials of the codes waiting now, to tell them from codes saved later."""
    return {r.serial for r in _intake_receipts.values()}


def pending_intake_receipts(actor_id: int | None, *, after: set[int] | None = None) -> list[int]:
    """Visits saved by ``actor_id`` in this process whose follow-up code is still to be handed
    over (reception ids; the codes stay here until ``take_intake_receipt``). ``after``: the
    serials to leave out (``intake_receipt_serials`` taken earlier)."""
    skip = after or set()
    return [
        rid
        for rid, r in _intake_receipts.items()
        if r.recorded_by == actor_id and r.serial not in skip
    ]


def _citizen_address(c) -> str:
    return ", ".join(p for p in (c.address_detail, c.commune, c.province) if p)


def _citizen_line(c) -> str:
    parts = [c.full_name, c.id_number, c.phone, _citizen_address(c)]
    return ", ".join(p for p in parts if p)


def _references_to_citizen(session: Session, citizen_id: int) -> int:
    """How many rows of any table point at this citizen (areas added later included)."""
    from sqlalchemy import Table

    from camau_reception.models import load_all

    total = 0
    for table in load_all().metadata.tables.values():
        if not isinstance(table, Table):
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name == "citizens" and fk.column.name == "id":
                total += session.execute(
                    select(func.count()).select_from(table).where(fk.parent == citizen_id)
                ).scalar_one()
    return total


def _delete_orphan_citizens(session: Session, citizen_ids: list[int]) -> int:
    from camau_reception.models.reception import Citizen

    removed = 0
    for cid in citizen_ids:
        if _references_to_citizen(session, cid) == 0:
            citizen = session.get(Citizen, cid)
            if citizen is not None:
                session.delete(citizen)
                removed += 1
    session.flush()
    return removed


def _purge_reception_terms(session: Session, words: set[str]) -> None:
    """Drop search words (name parts) that no longer match any visit."""
    from sqlalchemy import text

    from camau_reception.models.reception import FTS_TABLE

    conn = session.connection()
    for word in sorted(words):
        hit = conn.execute(
            text(f"SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q LIMIT 1"),
            {"q": f'"{word}"'},
        ).first()
        if hit is None:
            conn.execute(text("DELETE FROM reception_search_terms WHERE term = :t"), {"t": word})


def case_for_reception(session: Session, reception_id: int) -> CorruptionCase | None:
    return session.execute(
        select(CorruptionCase).where(CorruptionCase.reception_id == reception_id)
    ).scalar()


def intake_from_reception(session: Session, actor: Actor, reception, data) -> IntakeResult:
    """Move a visit classified as a corruption denunciation into a protected case."""
    from camau_reception.domain.text import fold_tokens
    from camau_reception.services import reception_search as search
    from camau_reception.services.reception import copy_kind_label

    citizen = data.citizen
    identity = Identity(
        full_name=citizen.full_name,
        id_kind=citizen.id_kind,
        id_number=citizen.id_number,
        birth_year=citizen.birth_year,
        sex=citizen.sex,
        address=_citizen_address(citizen),
        phone=citizen.phone,
        statement=data.summary,
        co_reporters=[_citizen_line(r) for r in data.representatives],
        documents=[
            f"{d.name} ({d.pages} trang, {copy_kind_label(d.copy_kind).lower()})"
            + (f", {d.condition}" if d.condition else "")
            for d in data.documents
        ],
    )
    if data.followup:
        identity.statement += "\n\nTheo dõi: " + data.followup
    summary = redact(data.summary, identity) or "Tố cáo hành vi tham nhũng (tiếp nhận trực tiếp)"
    old_words = {
        w
        for p in [citizen, *data.representatives]
        for w in fold_tokens(" ".join([p.full_name, _citizen_address(p)]))
        if not any(ch.isdigit() for ch in w)
    }
    result = record(
        session,
        actor,
        CaseInput(
            received_on=reception.received_at.date(),
            summary=summary,
            source=CaseSource.RECEPTION.value,
            identity=identity,
        ),
        reception_id=reception.id,
    )
    case = result.case
    # The register keeps the visit (date, officer, outcome) and only the code of the case.
    citizen_ids = [i for i in [reception.citizen_id] if i is not None]
    citizen_ids += [r.citizen_id for r in reception.representatives]
    reception.citizen_id = None
    reception.citizen = None
    reception.representatives.clear()
    reception.documents.clear()
    reception.summary = f"Tố cáo hành vi tham nhũng: hồ sơ bảo mật {case.code}"
    reception.followup = ""
    session.flush()
    _delete_orphan_citizens(session, citizen_ids)
    search.write_index(session, reception)
    _purge_reception_terms(session, old_words)
    audit.log_event(
        session,
        actor,
        "corruption.intake",
        "corruption_case",
        case.id,
        f"Chuyển lượt tiếp #{reception.id} thành hồ sơ tố cáo tham nhũng {case.code}; "
        "danh tính người tố cáo đã được mã hóa, sổ tiếp công dân chỉ ghi mã hồ sơ",
    )
    _intake_receipts[reception.id] = IntakeReceipt(
        reception_id=reception.id,
        case_id=case.id,
        case_code=case.code,
        followup_code=result.followup_code,
        received_at=reception.received_at,
        documents=tuple(identity.documents),
        recorded_by=user_id_of(actor),
    )
    return result


def _optimize_reception_index(session: Session) -> None:
    """Merge the visit index into one segment: FTS5 (before SQLite 3.43's secure-delete option)
    keeps a deleted document's terms in old segments until they are merged away."""
    from sqlalchemy import text

    from camau_reception.models.reception import FTS_TABLE

    session.connection().execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')"))


def _on_reception_recorded(session: Session, actor: Actor, reception, data, **_: object) -> None:
    if getattr(data, "corruption", False):
        intake_from_reception(session, actor, reception, data)


def _on_reception_updated(session: Session, actor: Actor, reception, data, **_: object) -> None:
    if not getattr(data, "corruption", False):
        return
    existing = case_for_reception(session, reception.id)
    if existing is not None:
        raise ValidationError(
            {
                "corruption": f"Lượt tiếp này đã chuyển thành hồ sơ bảo mật {existing.code}; "
                "thông tin người tố cáo chỉ sửa được trên trang Tố cáo tham nhũng."
            }
        )
    # A visit saved earlier in clear and now classified as corruption: its words were indexed
    # and committed before, so merge the index to drop them (the caller then checkpoints).
    intake_from_reception(session, actor, reception, data)
    _optimize_reception_index(session)


hooks.connect("reception.recorded", _on_reception_recorded)
hooks.connect("reception.updated", _on_reception_updated)


def checkpoint(db) -> None:
    """After deleting or re-encrypting a secret: copy the WAL into the database and empty it,
    so older page images holding ciphertext or a converted visit do not linger in the -wal."""
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


# --- reading -----------------------------------------------------------------------------------


def get(session: Session, case_id: int) -> CorruptionCase:
    case = session.get(CorruptionCase, case_id)
    if case is None:
        raise NotFound("Không tìm thấy hồ sơ tố cáo.")
    return case


def by_code(session: Session, code: str) -> CorruptionCase | None:
    return session.execute(
        select(CorruptionCase).where(CorruptionCase.code == normalize(code).upper())
    ).scalar()


@dataclass
class CaseFilter:
    text: str = ""
    state: str = ""
    year: int | None = None
    only_open: bool = False
    overdue_on: date | None = None


def _filtered(q, f: CaseFilter):
    if f.state:
        q = q.where(CorruptionCase.state == f.state)
    if f.year:
        q = q.where(
            CorruptionCase.received_on >= date(f.year, 1, 1),
            CorruptionCase.received_on <= date(f.year, 12, 31),
        )
    if f.only_open or f.overdue_on:
        q = q.where(CorruptionCase.state.in_([s.value for s in OPEN_STATES]))
    if f.overdue_on:
        q = q.where(CorruptionCase.due_on.is_not(None), CorruptionCase.due_on < f.overdue_on)
    text = normalize(f.text)
    if text:
        like = f"%{text}%"
        q = q.where(
            or_(
                CorruptionCase.code.ilike(like),
                CorruptionCase.summary.ilike(like),
                CorruptionCase.subject.ilike(like),
            )
        )
    return q


def search(
    session: Session, actor: Actor, f: CaseFilter, limit: int = 1000
) -> list[CorruptionCase]:
    require(actor, *VIEWERS)
    q = _filtered(select(CorruptionCase), f).order_by(
        CorruptionCase.received_on.desc(), CorruptionCase.id.desc()
    )
    return list(session.execute(q.limit(limit)).scalars())


class CaseRow(NamedTuple):
    """One line of the list: only what it shows (the reporter is always masked)."""

    id: int
    code: str
    received_on: date
    anonymous: bool
    field: str
    summary: str
    state: str
    clock_start: date | None
    due_on: date | None

    @property
    def reporter_label(self) -> str:
        from camau_reception.models.corruption import ANONYMOUS_REPORTER, MASKED_REPORTER

        return ANONYMOUS_REPORTER if self.anonymous else MASKED_REPORTER


def list_rows(session: Session, actor: Actor, f: CaseFilter, limit: int = 1000) -> list[CaseRow]:
    """The list as plain rows (columns only; a thousand ORM objects cost ten times more)."""
    require(actor, *VIEWERS)
    cc = CorruptionCase
    q = select(
        cc.id,
        cc.code,
        cc.received_on,
        cc.anonymous,
        cc.field,
        cc.summary,
        cc.state,
        cc.clock_start,
        cc.due_on,
    )
    q = _filtered(q, f).order_by(cc.received_on.desc(), cc.id.desc()).limit(limit)
    return [CaseRow(*r) for r in session.execute(q)]


# --- revealing and editing the identity ---------------------------------------------------------


def _check_reason(reason: str) -> str:
    reason = normalize(reason)
    if len(reason) < MIN_REASON:
        raise ValidationError(
            {"reason": f"Hãy ghi lý do cần xem danh tính (ít nhất {MIN_REASON} ký tự)."}
        )
    return reason


def reveal_identity(
    session: Session, actor: Actor, ring: keys.KeyRing | None, case_id: int, reason: str
) -> Identity:
    """Decrypt the identity for one view; the view, its reason and the user are audited.

    Refused (``PermissionDenied``) for anyone but an inspector holding the data key — the
    administrator, a leader or an officer cannot, whatever the screen shows."""
    require(actor, Role.INSPECTOR)
    reason = _check_reason(reason)
    ring = keys._require_ring(actor, ring)
    case = get(session, case_id)
    identity = _decrypt_identity(ring, case)
    if mentions_identity(reason, identity):
        raise ValidationError({"reason": "Lý do không được chứa thông tin nhận diện người tố cáo."})
    audit.log_event(
        session,
        actor,
        "corruption.reveal",
        "corruption_case",
        case.id,
        f"Xem danh tính người tố cáo hồ sơ {case.code}. Lý do: {reason}",
    )
    return identity


def update_identity(
    session: Session,
    actor: Actor,
    ring: keys.KeyRing | None,
    case_id: int,
    identity: Identity,
    reason: str,
) -> CorruptionCase:
    """Correct the identity: re-encrypted under a new content key; audited without values."""
    require(actor, Role.INSPECTOR)
    reason = _check_reason(reason)
    ring = keys._require_ring(actor, ring)
    case = get(session, case_id)
    if case.anonymous:
        raise ValidationError({"identity": "Tin báo nặc danh: không có danh tính để sửa."})
    _decrypt_identity(ring, case)  # only a holder who can read may rewrite
    identity = identity.cleaned()
    if not identity.full_name:
        raise ValidationError({"identity.full_name": "Hãy nhập họ tên người tố cáo."})
    if mentions_identity(reason, identity):
        raise ValidationError({"reason": "Lý do không được chứa thông tin nhận diện người tố cáo."})
    _mask_clear_text(case, identity)
    _encrypt_identity(session, case, identity)
    case.version += 1
    case.updated_at = utcnow()
    session.flush()
    audit.log_event(
        session,
        actor,
        "corruption.identity_update",
        "corruption_case",
        case.id,
        f"Sửa thông tin người tố cáo hồ sơ {case.code} (đã mã hóa lại). Lý do: {reason}",
    )
    return case


@dataclass
class DetailsInput:
    summary: str
    field: str = ""
    subject: str = ""


def update_details(
    session: Session,
    actor: Actor,
    case_id: int,
    data: DetailsInput,
    expected_version: int,
    ring: keys.KeyRing | None = None,
) -> CorruptionCase:
    """Correct the non-identifying details. With the editor's key ring, a summary that names
    the denouncer is refused."""
    require(actor, Role.INSPECTOR)
    case = get(session, case_id)
    if case.version != expected_version:
        raise ConflictError()
    c = Collector()
    summary = normalize_multiline(data.summary)
    field_ = normalize(data.field)
    if not summary:
        c.add("summary", "Hãy tóm tắt nội dung tố cáo.")
    if field_ and field_ not in FIELDS:
        c.add("field", "Lĩnh vực không hợp lệ.")
    subject = normalize(data.subject)
    identity = _identity_for_check(ring, case)
    if identity is not None and summary and mentions_identity(summary, identity):
        c.add("summary", "Tóm tắt nội dung đang chứa thông tin nhận diện người tố cáo.")
    _check_clear_text(c, identity, {"subject": ("Người bị tố cáo", subject)})
    c.raise_if_any()
    changes = []
    if summary != case.summary:
        changes.append("tóm tắt nội dung")
        case.summary = summary
    if field_ != case.field:
        changes.append(f"lĩnh vực: {case.field or '—'} → {field_ or '—'}")
        case.field = field_
    if subject != case.subject:
        changes.append("người/đơn vị bị tố cáo")
        case.subject = subject
    if not changes:
        return case
    case.version += 1
    case.updated_at = utcnow()
    session.flush()
    audit.log_event(
        session,
        actor,
        "corruption.update",
        "corruption_case",
        case.id,
        f"Sửa hồ sơ {case.code}: " + "; ".join(changes),
    )
    return case


def delete_case(
    session: Session, actor: Actor, ring: keys.KeyRing | None, case_id: int, reason: str
) -> str:
    """Delete a case entered by mistake, with its ciphertext, steps, attachments and
    protection records (``secure_delete`` zeroes the freed bytes). Returns the code."""
    require(actor, Role.INSPECTOR)
    keys._require_ring(actor, ring)
    reason = normalize(reason)
    if len(reason) < 5:
        raise ValidationError({"reason": "Hãy ghi rõ lý do xóa (ít nhất 5 ký tự)."})
    case = get(session, case_id)
    c = Collector()
    _check_clear_text(c, _identity_for_check(ring, case), {"reason": ("Lý do", reason)})
    c.raise_if_any()
    code = case.code
    session.delete(case)
    session.flush()
    audit.log_event(
        session,
        actor,
        "corruption.delete",
        "corruption_case",
        case_id,
        f"Xóa hồ sơ {code}: {reason}",
    )
    return code


# --- attachments --------------------------------------------------------------------------------

ATTACHMENT_LABELS = (
    "Đơn tố cáo gốc (bản quét)",
    "Tài liệu có bút tích người tố cáo",
    "Tài liệu, chứng cứ kèm theo",
)


NOT_YOUR_CASE = (
    "Bạn chỉ thêm được tài liệu vào hồ sơ tố cáo do chính mình tiếp nhận. Hãy chuyển tài liệu "
    "cho thanh tra viên phụ trách."
)


def add_attachment(
    session: Session, actor: Actor, case_id: int, label: str, filename: str, content: bytes
) -> CorruptionAttachment:
    """Encrypt a scan (name and bytes) under its own key sealed to the data key.

    Leaders and inspectors (who see every case) attach to any case; a counter officer, who
    cannot see the list, only to a case they recorded themselves. Any other case id, existing
    or not, gets the same refusal: the call cannot be used to probe for cases."""
    require(actor, *RECORDERS)
    if actor.has(*VIEWERS):
        case = get(session, case_id)
    else:
        case = session.get(CorruptionCase, case_id)
        if case is None or case.created_by is None or case.created_by != user_id_of(actor):
            raise PermissionDenied(NOT_YOUR_CASE)
    label = normalize(label)
    if label not in ATTACHMENT_LABELS:
        raise ValidationError({"label": "Hãy chọn loại tài liệu."})
    if not content:
        raise ValidationError({"file": "Tệp rỗng."})
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": "Tệp quá lớn (tối đa 50 MB)."})
    content_key = aead.new_key()
    header = json.dumps({"name": normalize(filename)}, ensure_ascii=False).encode()
    payload = aead.pad(len(header).to_bytes(4, "big") + header + content, 4096)
    nonce, blob = aead.encrypt(content_key, payload, _aad(case, "attachment"))
    att = CorruptionAttachment(
        case_id=case.id,
        label=label,
        blob=blob,
        nonce=nonce,
        content_key_sealed=keys.seal_content_key(session, content_key),
        size=len(payload),
        added_by=user_id_of(actor),
    )
    session.add(att)
    session.flush()
    audit.log_event(
        session,
        actor,
        "corruption.attachment_add",
        "corruption_case",
        case.id,
        f"Thêm tài liệu mã hóa vào hồ sơ {case.code}: {label}",
    )
    return att


def get_attachment(session: Session, attachment_id: int) -> CorruptionAttachment:
    att = session.get(CorruptionAttachment, attachment_id)
    if att is None:
        raise NotFound("Không tìm thấy tài liệu.")
    return att


def open_attachment(
    session: Session, actor: Actor, ring: keys.KeyRing | None, attachment_id: int, reason: str
) -> tuple[str, bytes]:
    """(file name, bytes) of an attachment; audited like a reveal."""
    require(actor, Role.INSPECTOR)
    reason = _check_reason(reason)
    ring = keys._require_ring(actor, ring)
    att = session.get(CorruptionAttachment, attachment_id)
    if att is None:
        raise NotFound("Không tìm thấy tài liệu.")
    case = att.case
    identity = _identity_for_check(ring, case)
    if identity is not None and mentions_identity(reason, identity):
        raise ValidationError({"reason": "Lý do không được chứa thông tin nhận diện người tố cáo."})
    content_key = keys.open_content_key(ring, att.content_key_sealed)
    try:
        plain = aead.unpad(aead.decrypt(content_key, att.nonce, att.blob, _aad(case, "attachment")))
    except DecryptionFailed as exc:
        raise PermissionDenied("Không giải mã được tài liệu: dữ liệu đã bị thay đổi.") from exc
    n = int.from_bytes(plain[:4], "big")
    name = json.loads(plain[4 : 4 + n].decode())["name"]
    audit.log_event(
        session,
        actor,
        "corruption.attachment_open",
        "corruption_case",
        case.id,
        f"Mở tài liệu mã hóa ({att.label}) của hồ sơ {case.code}. Lý do: {reason}",
    )
    return name, plain[4 + n :]


def delete_attachment(
    session: Session,
    actor: Actor,
    attachment_id: int,
    reason: str,
    *,
    ring: keys.KeyRing | None = None,
) -> None:
    """Delete an encrypted attachment (``secure_delete`` zeroes it; the caller checkpoints the
    WAL); the audit keeps its kind and the reason. With the inspector's key ring, a reason
    naming the denouncer is refused (the reason is stored in clear)."""
    require(actor, Role.INSPECTOR)
    reason = normalize(reason)
    if len(reason) < 5:
        raise ValidationError({"reason": "Hãy ghi rõ lý do xóa (ít nhất 5 ký tự)."})
    att = session.get(CorruptionAttachment, attachment_id)
    if att is None:
        raise NotFound("Không tìm thấy tài liệu.")
    case = att.case
    c = Collector()
    _check_clear_text(c, _identity_for_check(ring, case), {"reason": ("Lý do", reason)})
    c.raise_if_any()
    label = att.label
    session.delete(att)
    session.flush()
    audit.log_event(
        session,
        actor,
        "corruption.attachment_delete",
        "corruption_case",
        case.id,
        f"Xóa tài liệu mã hóa ({label}) của hồ sơ {case.code}: {reason}",
    )


# --- workflow (Luật Tố cáo 2018, Điều 24–30) ----------------------------------------------------

ACTION_LABELS = {
    "receive": "Tiếp nhận",
    "extend_classify": "Xác minh ở nhiều địa điểm (10 ngày làm việc)",
    "accept": "Thụ lý tố cáo",
    "to_transfer": "Không thuộc thẩm quyền",
    "transfer": "Chuyển đơn",
    "not_accept": "Không thụ lý",
    "verify": "Bắt đầu xác minh",
    "extend": "Gia hạn giải quyết",
    "conclude": "Kết luận nội dung tố cáo",
    "notify": "Thông báo kết quả",
    "close": "Kết thúc hồ sơ",
}

_TRANSITIONS: dict[str, tuple[CaseState, ...]] = {
    "extend_classify": (S.RECEIVED,),
    "accept": (S.RECEIVED,),
    "to_transfer": (S.RECEIVED,),
    "not_accept": (S.RECEIVED,),
    "transfer": (S.TO_TRANSFER,),
    "verify": (S.ACCEPTED,),
    "extend": (S.ACCEPTED, S.VERIFYING),
    "conclude": (S.ACCEPTED, S.VERIFYING),
    "notify": (S.CONCLUDED,),
    "close": (S.NOTIFIED, S.TRANSFERRED, S.NOT_ACCEPTED, S.INFORMATION),
}


@dataclass
class ActionInput:
    on: date
    note: str = ""
    document_no: str = ""
    transfer_to: str = ""
    result: str = ""


def available_actions(case: CorruptionCase, actor: Actor) -> list[str]:
    if not actor.has(Role.INSPECTOR):
        return []
    out = []
    for action, states in _TRANSITIONS.items():
        if case.state not in {s.value for s in states}:
            continue
        if action == "extend_classify" and case.multi_place:
            continue
        if action == "extend" and case.extensions >= MAX_EXTENSIONS:
            continue
        out.append(action)
    return out


def act(
    session: Session,
    actor: Actor,
    case_id: int,
    action: str,
    data: ActionInput,
    expected_version: int,
    *,
    today: date | None = None,
    ring: keys.KeyRing | None = None,
) -> CorruptionCase:
    """Move the case one step; each step is dated, audited and may start a legal clock. With
    the inspector's key ring, a note, number or agency naming the denouncer is refused."""
    require(actor, Role.INSPECTOR)
    case = get(session, case_id)
    if case.version != expected_version:
        raise ConflictError()
    if action not in _TRANSITIONS:
        raise ValidationError({"action": "Thao tác không hợp lệ."})
    if action not in available_actions(case, actor):
        raise ValidationError(
            {
                "action": f"Không thể “{ACTION_LABELS[action]}” khi hồ sơ đang "
                f"“{STATE_LABELS[CaseState(case.state)]}”."
            }
        )
    c = Collector()
    on = data.on
    note = normalize_multiline(data.note)
    doc = normalize(data.document_no)
    if on is None or on < case.received_on:
        c.add("on", "Ngày thực hiện không được trước ngày tiếp nhận.")
    elif today is not None and on > today:
        c.add("on", "Ngày thực hiện không được ở tương lai.")
    if action in ("accept", "extend", "conclude") and not doc:
        c.add("document_no", "Hãy ghi số quyết định/văn bản (bắt buộc với bước này).")
    if action == "transfer" and not normalize(data.transfer_to or case.transfer_to):
        c.add("transfer_to", "Hãy ghi cơ quan có thẩm quyền nhận đơn chuyển.")
    if action == "not_accept" and len(note) < 5:
        c.add("note", "Hãy ghi lý do không thụ lý.")
    if action == "conclude" and data.result not in {r.value for r in Result}:
        c.add("result", "Hãy chọn kết luận: đúng, đúng một phần hoặc sai.")
    _check_clear_text(
        c,
        _identity_for_check(ring, case),
        {
            "note": ("Ghi chú", note),
            "document_no": ("Số văn bản", doc),
            "transfer_to": ("Cơ quan có thẩm quyền", normalize(data.transfer_to)),
        },
    )
    c.raise_if_any()

    if action == "extend_classify":
        case.multi_place = True
        start = case.clock_start or case.received_on
        d = _start_clock(session, case, "denunciation.classify_extended", start)
        _step(session, actor, case, action, S.RECEIVED, on, note, deadline=d)
    elif action == "accept":
        case.within_competence = True
        case.classified_on = on
        case.accepted_on = on
        case.accept_decision_no = doc
        d = _start_clock(session, case, "denunciation.resolve", on)
        case.resolve_due_on = d.due
        _step(session, actor, case, action, S.ACCEPTED, on, note, document_no=doc, deadline=d)
    elif action == "to_transfer":
        case.within_competence = False
        case.classified_on = on
        if data.transfer_to:
            case.transfer_to = normalize(data.transfer_to)
        d = _start_clock(session, case, "denunciation.transfer", on)
        _step(session, actor, case, action, S.TO_TRANSFER, on, note, deadline=d)
    elif action == "not_accept":
        case.classified_on = on
        case.not_accepted_reason = note[:300]
        _stop_clock(case)
        _step(session, actor, case, action, S.NOT_ACCEPTED, on, note, document_no=doc)
    elif action == "transfer":
        if data.transfer_to:
            case.transfer_to = normalize(data.transfer_to)
        if not doc:
            from camau_reception.services.numbering import issue_number

            doc = issue_number(
                session,
                actor,
                "PC",
                on,
                title="Phiếu chuyển đơn tố cáo",
                entity="corruption_case",
                entity_id=case.id,
            ).number
        case.transfer_doc_no = doc
        case.transferred_on = on
        _stop_clock(case)
        _step(
            session,
            actor,
            case,
            action,
            S.TRANSFERRED,
            on,
            note or f"Chuyển đến {case.transfer_to}",
            document_no=doc,
        )
    elif action == "verify":
        _step(session, actor, case, action, S.VERIFYING, on, note, document_no=doc)
    elif action == "extend":
        base = case.resolve_due_on or case.due_on or on
        d = _deadline(session, "denunciation.extend", base)
        case.extensions += 1
        case.resolve_due_on = d.due
        case.rule_id, case.clock_start, case.due_on = "denunciation.extend", base, d.due
        note = note or f"Gia hạn lần {case.extensions}"
        _step(
            session,
            actor,
            case,
            action,
            CaseState(case.state),
            on,
            note,
            document_no=doc,
            deadline=d,
        )
    elif action == "conclude":
        case.concluded_on = on
        case.conclusion_no = doc
        case.result = data.result
        _stop_clock(case)
        label = RESULT_LABELS[Result(data.result)]
        _step(session, actor, case, action, S.CONCLUDED, on, note or label, document_no=doc)
    elif action == "notify":
        case.notified_on = on
        _step(session, actor, case, action, S.NOTIFIED, on, note, document_no=doc)
    elif action == "close":
        case.closed_on = on
        _stop_clock(case)
        _step(session, actor, case, action, S.CLOSED, on, note)
    case.version += 1
    session.flush()
    return case


def is_on_time(case: CorruptionCase) -> bool | None:
    if case.concluded_on is None:
        return None
    return case.resolve_due_on is None or case.concluded_on <= case.resolve_due_on


# --- protection of the denouncer --------------------------------------------------------------


@dataclass
class ProtectionInput:
    requested_on: date
    persons: set[str]
    kinds: set[str]
    note: str = ""


def add_protection_request(
    session: Session,
    actor: Actor,
    case_id: int,
    data: ProtectionInput,
    *,
    today: date | None = None,
    ring: keys.KeyRing | None = None,
) -> ProtectionRequest:
    """With the inspector's key ring, a note naming the denouncer is refused."""
    require(actor, Role.INSPECTOR)
    case = get(session, case_id)
    c = Collector()
    persons = {p for p in data.persons if p in {x.value for x in ProtectedPerson}}
    kinds = {k for k in data.kinds if k in {x.value for x in ProtectionKind}}
    if not persons:
        c.add("persons", "Hãy chọn người được đề nghị bảo vệ.")
    if not kinds:
        c.add("kinds", "Hãy chọn nội dung đề nghị bảo vệ.")
    if data.requested_on is None or data.requested_on < case.received_on:
        c.add("requested_on", "Ngày đề nghị không được trước ngày tiếp nhận tố cáo.")
    elif today is not None and data.requested_on > today:
        c.add("requested_on", "Ngày đề nghị không được ở tương lai.")
    note = normalize_multiline(data.note)
    _check_clear_text(c, _identity_for_check(ring, case), {"note": ("Ghi chú", note)})
    c.raise_if_any()
    d = _deadline(session, "denunciation.protection_decision", data.requested_on)
    req = ProtectionRequest(
        case_id=case.id,
        requested_on=data.requested_on,
        persons=",".join(p.value for p in ProtectedPerson if p.value in persons),
        kinds=",".join(k.value for k in ProtectionKind if k.value in kinds),
        rule_id=d.rule.id,
        decision_due_on=d.due,
        note=note,
        created_by=user_id_of(actor),
    )
    session.add(req)
    session.flush()
    audit.log_event(
        session,
        actor,
        "corruption.protection_request",
        "corruption_case",
        case.id,
        f"Đề nghị bảo vệ người tố cáo, hồ sơ {case.code}: {describe_kinds(req.kinds)} "
        f"cho {describe_persons(req.persons)}; hạn xem xét {d.due:%d/%m/%Y}",
    )
    return req


def decide_protection(
    session: Session,
    actor: Actor,
    request_id: int,
    approved: bool,
    decided_on: date,
    decision_no: str,
    note: str = "",
    *,
    ring: keys.KeyRing | None = None,
) -> ProtectionRequest:
    """With the inspector's key ring, a number or note naming the denouncer is refused."""
    require(actor, Role.INSPECTOR)
    req = session.get(ProtectionRequest, request_id)
    if req is None:
        raise NotFound("Không tìm thấy đề nghị bảo vệ.")
    if req.status != ProtectionStatus.PENDING.value:
        raise ValidationError({"status": "Đề nghị này đã có quyết định."})
    c = Collector()
    decision_no = normalize(decision_no)
    note = normalize_multiline(note)
    if not decision_no:
        c.add("decision_no", "Hãy ghi số quyết định/văn bản trả lời.")
    if decided_on is None or decided_on < req.requested_on:
        c.add("decided_on", "Ngày quyết định không được trước ngày đề nghị.")
    _check_clear_text(
        c,
        _identity_for_check(ring, req.case),
        {"decision_no": ("Số văn bản", decision_no), "note": ("Ghi chú", note)},
    )
    c.raise_if_any()
    req.status = (ProtectionStatus.APPROVED if approved else ProtectionStatus.REFUSED).value
    req.decision_no = decision_no
    req.decided_on = decided_on
    if note:
        req.note = (req.note + "\n" + note).strip()
    session.flush()
    audit.log_event(
        session,
        actor,
        "corruption.protection_decision",
        "corruption_case",
        req.case_id,
        f"Hồ sơ {req.case.code}: {PROTECTION_STATUS_LABELS[ProtectionStatus(req.status)]} "
        f"(văn bản {decision_no})",
    )
    return req


def add_protection_measure(
    session: Session,
    actor: Actor,
    request_id: int,
    description: str,
    start_on: date,
    end_on: date | None = None,
    agency: str = "",
    *,
    ring: keys.KeyRing | None = None,
) -> ProtectionMeasure:
    """With the inspector's key ring, a description or agency naming the denouncer (or their
    address) is refused: the measure is stored in clear and shown to every viewer."""
    require(actor, Role.INSPECTOR)
    req = session.get(ProtectionRequest, request_id)
    if req is None:
        raise NotFound("Không tìm thấy đề nghị bảo vệ.")
    c = Collector()
    description = normalize_multiline(description)
    agency = normalize(agency)
    if req.status != ProtectionStatus.APPROVED.value:
        c.add("status", "Chỉ ghi biện pháp bảo vệ sau khi đã có quyết định bảo vệ.")
    if not description:
        c.add("description", "Hãy mô tả biện pháp bảo vệ.")
    if start_on is None:
        c.add("start_on", "Hãy nhập ngày bắt đầu.")
    elif end_on is not None and end_on < start_on:
        c.add("end_on", "Ngày kết thúc phải sau ngày bắt đầu.")
    _check_clear_text(
        c,
        _identity_for_check(ring, req.case),
        {
            "description": ("Biện pháp bảo vệ", description),
            "agency": ("Cơ quan thực hiện", agency),
        },
    )
    c.raise_if_any()
    m = ProtectionMeasure(
        request_id=req.id,
        description=description,
        agency=agency,
        start_on=start_on,
        end_on=end_on,
    )
    session.add(m)
    session.flush()
    audit.log_event(
        session,
        actor,
        "corruption.protection_measure",
        "corruption_case",
        req.case_id,
        f"Hồ sơ {req.case.code}: áp dụng biện pháp bảo vệ từ {start_on:%d/%m/%Y}",
    )
    return m


def describe_persons(codes: str) -> str:
    return (
        ", ".join(PERSON_LABELS[ProtectedPerson(c)] for c in codes.split(",") if c)
        .lower()
        .capitalize()
    )


def describe_kinds(codes: str) -> str:
    return "; ".join(PROTECTION_LABELS[ProtectionKind(c)] for c in codes.split(",") if c)


# --- follow-up at the counter -------------------------------------------------------------------


@dataclass(frozen=True)
class FollowupView:
    case_code: str
    kind: str
    received_on: date
    state: str
    due_on: date | None
    last_step_on: date | None
    last_step: str


def lookup_followup(session: Session, actor: Actor, code: str) -> FollowupView | None:
    """What any officer may tell a reporter quoting their code: the state, never the identity.

    Runs in a write transaction: every look-up is audited (a run of failures shows guessing).
    An unknown code returns ``None`` rather than raising, so that the miss's audit event is
    committed with the transaction instead of rolled back with an error."""
    require(actor, *RECORDERS)
    if len(_canonical_followup(code)) != 12:
        raise ValidationError({"code": "Mã theo dõi gồm 12 ký tự (ví dụ K7QM-2XHD-9RTA)."})
    case = session.execute(
        select(CorruptionCase).where(CorruptionCase.followup_hash == followup_hash(code))
    ).scalar()
    if case is None:
        audit.log_event(
            session,
            actor,
            "corruption.followup_miss",
            "corruption_case",
            "",
            "Mã theo dõi không đúng",
        )
        return None
    last = case.steps[-1] if case.steps else None
    audit.log_event(
        session,
        actor,
        "corruption.followup_lookup",
        "corruption_case",
        case.id,
        f"Tra cứu tình trạng hồ sơ {case.code} bằng mã theo dõi",
    )
    return FollowupView(
        case_code=case.code,
        kind=KIND_LABELS[CaseKind(case.kind)],
        received_on=case.received_on,
        state=STATE_LABELS[CaseState(case.state)],
        due_on=case.due_on,
        last_step_on=last.on if last else None,
        last_step=ACTION_LABELS.get(last.action, last.action) if last else "",
    )


# --- history of reveals -------------------------------------------------------------------------


def access_history(session: Session, actor: Actor, case_id: int) -> list[tuple[datetime, str, str]]:
    """(time, user, summary) of every reveal, correction of the identity and opening of an
    encrypted attachment of the case."""
    require(actor, *VIEWERS)
    from camau_reception.models.audit import AuditEvent

    rows = session.execute(
        select(AuditEvent.at, AuditEvent.username, AuditEvent.summary)
        .where(
            AuditEvent.entity == "corruption_case",
            AuditEvent.entity_id == str(case_id),
            AuditEvent.action.in_(
                [
                    "corruption.reveal",
                    "corruption.identity_update",
                    "corruption.attachment_open",
                ]
            ),
        )
        .order_by(AuditEvent.id.desc())
    ).all()
    return [(r[0], r[1], r[2]) for r in rows]


# --- the yearly public report (no identities) ------------------------------------------------


OUTCOME_ROWS = (
    ("accepted", "Thụ lý giải quyết"),
    ("transferred", "Chuyển cơ quan có thẩm quyền"),
    ("not_accepted", "Không thụ lý"),
    ("information", "Tin báo nặc danh (thông tin phục vụ thanh tra)"),
    ("pending", "Đang phân loại, xử lý ban đầu"),
)


@dataclass
class YearReport:
    year: int
    received: int = 0
    denunciations: int = 0
    anonymous: int = 0
    by_quarter: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    by_outcome: dict[str, int] = field(default_factory=dict)
    by_field: dict[str, int] = field(default_factory=dict)
    concluded: int = 0
    by_result: dict[str, int] = field(default_factory=dict)
    on_time: int = 0
    late: int = 0
    extended: int = 0
    open_at_end: int = 0
    overdue_at_end: int = 0
    average_days: float | None = None
    median_days: float | None = None
    longest_days: int | None = None
    protection_requests: int = 0
    protection_approved: int = 0
    as_of: date | None = None  # the "still open" figures are counted on this day

    def rows(self) -> list[tuple[str, str, str]]:
        """(section, item, value): the CSV and the PDF tables read the same rows."""

        cut = f"{self.as_of:%d/%m/%Y}" if self.as_of else f"31/12/{self.year}"

        def n(x: float | None) -> str:
            return (
                ""
                if x is None
                else (f"{x:.1f}".replace(".", ",") if isinstance(x, float) else str(x))
            )

        out = [
            ("Tổng quát", "Tổng số tin, đơn tố cáo tham nhũng tiếp nhận", str(self.received)),
            ("Tổng quát", "Trong đó: tố cáo có danh tính", str(self.denunciations)),
            ("Tổng quát", "Trong đó: tin báo nặc danh", str(self.anonymous)),
        ]
        out += [
            ("Theo quý", f"Quý {['I', 'II', 'III', 'IV'][i]}", str(v))
            for i, v in enumerate(self.by_quarter)
        ]
        out += [
            ("Theo kết quả phân loại", label, str(self.by_outcome.get(k, 0)))
            for k, label in OUTCOME_ROWS
        ]
        out += [("Theo lĩnh vực", f, str(v)) for f, v in self.by_field.items()]
        out += [
            ("Kết quả giải quyết", "Số vụ việc đã có kết luận", str(self.concluded)),
        ]
        out += [
            ("Kết quả giải quyết", RESULT_LABELS[r], str(self.by_result.get(r.value, 0)))
            for r in Result
        ]
        out += [
            ("Kết quả giải quyết", "Giải quyết đúng hạn", str(self.on_time)),
            ("Kết quả giải quyết", "Giải quyết quá hạn", str(self.late)),
            ("Kết quả giải quyết", "Số vụ việc phải gia hạn", str(self.extended)),
            (
                "Thời gian xử lý",
                "Trung bình từ tiếp nhận đến kết luận (ngày)",
                n(self.average_days),
            ),
            ("Thời gian xử lý", "Trung vị (ngày)", n(self.median_days)),
            ("Thời gian xử lý", "Dài nhất (ngày)", n(self.longest_days)),
            ("Chưa xong", f"Đang xử lý tại ngày {cut}", str(self.open_at_end)),
            ("Chưa xong", "Trong đó quá hạn", str(self.overdue_at_end)),
            ("Bảo vệ người tố cáo", "Số đề nghị bảo vệ", str(self.protection_requests)),
            (
                "Bảo vệ người tố cáo",
                "Số trường hợp đã quyết định bảo vệ",
                str(self.protection_approved),
            ),
        ]
        return out


_TRANSFER_STATES = frozenset({S.TO_TRANSFER.value, S.TRANSFERRED.value})
_NOT_ACCEPTED, _CLOSED = S.NOT_ACCEPTED.value, S.CLOSED.value  # plain str: read per row


def _outcome_of(case) -> str:  # a CorruptionCase or a row with the same columns
    if case.anonymous:
        return "information"
    if case.accepted_on is not None:
        return "accepted"
    if case.state in _TRANSFER_STATES or case.transferred_on:
        return "transferred"
    if case.state == _NOT_ACCEPTED:
        return "not_accepted"
    if case.state == _CLOSED and case.within_competence is False:
        return "transferred"
    return "pending"


def yearly_report(session: Session, year: int, today: date | None = None) -> YearReport:
    """Counts for the department's portal. Reads only non-identifying columns; needs no key and
    may run from the command line. Cases still open are counted at 31/12, or ``today`` when the
    year is not over."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    rep = YearReport(year=year)
    if today is not None and today < end:
        end_open = today
        rep.as_of = today
    else:
        end_open = end
    # Plain column rows, not ORM objects: the report reads every case of the year.
    cc = CorruptionCase
    received = session.execute(
        select(
            cc.received_on,
            cc.anonymous,
            cc.accepted_on,
            cc.state,
            cc.transferred_on,
            cc.within_competence,
            cc.field,
        ).where(cc.received_on >= start, cc.received_on <= end)
    ).all()
    rep.received = len(received)
    fields: Counter[str] = Counter()
    for case in received:
        if case.anonymous:
            rep.anonymous += 1
        else:
            rep.denunciations += 1
        rep.by_quarter[(case.received_on.month - 1) // 3] += 1
        out = _outcome_of(case)
        rep.by_outcome[out] = rep.by_outcome.get(out, 0) + 1
        fields[case.field or "Chưa phân loại lĩnh vực"] += 1
    rep.by_field = dict(sorted(fields.items(), key=lambda kv: (-kv[1], kv[0])))
    concluded = session.execute(
        select(cc.received_on, cc.concluded_on, cc.resolve_due_on, cc.result, cc.extensions).where(
            cc.concluded_on >= start, cc.concluded_on <= end
        )
    ).all()
    rep.concluded = len(concluded)
    durations = []
    for case in concluded:
        rep.by_result[case.result] = rep.by_result.get(case.result, 0) + 1
        if is_on_time(case):
            rep.on_time += 1
        else:
            rep.late += 1
        if case.extensions:
            rep.extended += 1
        durations.append((case.concluded_on - case.received_on).days)
    if durations:
        rep.average_days = round(sum(durations) / len(durations), 1)
        rep.median_days = float(median(durations))
        rep.longest_days = max(durations)
    # Open at the end of the year (or today): received by then and not finished by then.
    for case in session.execute(
        select(
            cc.concluded_on,
            cc.transferred_on,
            cc.closed_on,
            cc.state,
            cc.classified_on,
            cc.resolve_due_on,
            cc.due_on,
        ).where(cc.received_on <= end_open, cc.anonymous.is_(False))
    ):
        finished = min(
            (d for d in (case.concluded_on, case.transferred_on, case.closed_on) if d), default=None
        )
        if case.state == _NOT_ACCEPTED and case.classified_on:
            finished = case.classified_on
        if finished is None or finished > end_open:
            rep.open_at_end += 1
            due = case.resolve_due_on or case.due_on
            if due is not None and due < end_open:
                rep.overdue_at_end += 1
    reqs = session.execute(
        select(ProtectionRequest.status).where(
            ProtectionRequest.requested_on >= start, ProtectionRequest.requested_on <= end
        )
    ).all()
    rep.protection_requests = len(reqs)
    rep.protection_approved = sum(1 for r in reqs if r.status == ProtectionStatus.APPROVED.value)
    return rep


# --- dashboard -----------------------------------------------------------------------------------

SOON_WORKING_DAYS = 3  # the same "due soon" window as the petitions on the Tổng quan page

# What the running clock asks for, by the deadline rule that started it.
RULE_TASKS = {
    "denunciation.classify": "Phân loại, xử lý ban đầu",
    "denunciation.classify_extended": "Phân loại, xử lý ban đầu (xác minh ở nhiều địa điểm)",
    "denunciation.transfer": "Chuyển đơn đến cơ quan có thẩm quyền",
    "denunciation.resolve": "Giải quyết tố cáo",
    "denunciation.extend": "Giải quyết tố cáo (đã gia hạn)",
}


class DashboardRow(NamedTuple):
    """A case or a protection request with a running deadline (no identity, plain values)."""

    case_id: int
    code: str
    what: str  # the step or request the deadline belongs to
    clock_start: date | None
    due_on: date


@dataclass
class Dashboard:
    today: date
    soon_until: date  # last day of the "due soon" window (3 working days after today)
    open: int
    due_soon: list[DashboardRow]
    overdue: list[DashboardRow]
    protection_pending: int
    protection_overdue: list[DashboardRow] = field(default_factory=list)


def dashboard(session: Session, actor: Actor, today: date) -> Dashboard:
    """Open cases and pending protection decisions by deadline, with the legal clocks of the
    deadline engine; codes and dates only."""
    require(actor, *VIEWERS)
    soon_until = _calendar(session).add_working_days(today, SOON_WORKING_DAYS)
    cc = CorruptionCase
    open_rows = session.execute(
        select(cc.id, cc.code, cc.state, cc.rule_id, cc.clock_start, cc.due_on)
        .where(cc.state.in_([s.value for s in OPEN_STATES]))
        .order_by(cc.due_on, cc.id)
    ).all()
    soon, overdue = [], []
    for cid, code, state, rule_id, start, due in open_rows:
        if due is None:
            continue
        row = DashboardRow(cid, code, RULE_TASKS.get(rule_id, state_label(state)), start, due)
        if due < today:
            overdue.append(row)
        elif due <= soon_until:
            soon.append(row)
    pr = ProtectionRequest
    pending = session.execute(
        select(pr.case_id, cc.code, pr.requested_on, pr.decision_due_on)
        .join(cc, cc.id == pr.case_id)
        .where(pr.status == ProtectionStatus.PENDING.value)
        .order_by(pr.decision_due_on, pr.id)
    ).all()
    late = [
        DashboardRow(cid, code, "Quyết định bảo vệ người tố cáo", start, due)
        for cid, code, start, due in pending
        if due is not None and due < today
    ]
    return Dashboard(today, soon_until, len(open_rows), soon, overdue, len(pending), late)


def state_label(state: str) -> str:
    try:
        return STATE_LABELS[CaseState(state)]
    except ValueError:
        return state


def year_codes(code: str) -> list[str]:
    return CODE_RE.findall(code or "")


# --- paper (redacted by construction: only columns stored in clear) -----------------------------


def sheet_of(case: CorruptionCase):  # -> printing.corruption_forms.CaseSheet
    from camau_reception.printing.corruption_forms import CaseSheet

    return CaseSheet(
        code=case.code,
        received_on=case.received_on,
        kind=KIND_LABELS[CaseKind(case.kind)],
        source=SOURCE_LABELS[CaseSource(case.source)],
        field=case.field,
        subject=case.subject,
        summary=case.summary,
        state=state_label(case.state),
        reporter_label=case.reporter_label,
        attachments=[a.label for a in case.attachments],
        transfer_to=case.transfer_to,
        transfer_doc_no=case.transfer_doc_no,
        transferred_on=case.transferred_on,
    )


def _agency(session: Session):
    from camau_reception.domain.agency import SAMPLE_AGENCY
    from camau_reception.services.agency import get_profile

    return get_profile(session) or SAMPLE_AGENCY


def print_transfer_slip(session: Session, actor: Actor, case_id: int, out, today: date) -> None:
    """Phiếu chuyển đơn tố cáo, redacted. Needs a case classified outside competence."""
    require(actor, *VIEWERS)
    from camau_reception.printing import corruption_forms as forms

    case = get(session, case_id)
    if not case.transfer_to:
        raise ValidationError(
            {"transfer_to": "Hồ sơ chưa xác định cơ quan có thẩm quyền để chuyển đơn."}
        )
    number = case.transfer_doc_no or "…/PC-" + _agency(session).symbol
    on = case.transferred_on or today
    forms.render(forms.transfer_slip(sheet_of(case), _agency(session), on, number), out)


def print_verifier_copy(session: Session, actor: Actor, case_id: int, out, today: date) -> None:
    """Bản trích nội dung tố cáo for the people verifying, redacted."""
    require(actor, *VIEWERS)
    from camau_reception.printing import corruption_forms as forms

    case = get(session, case_id)
    forms.render(
        forms.verifier_copy(
            sheet_of(case),
            _agency(session),
            today,
            prepared_by=actor.full_name,
            prepared_title=actor.position or "Người trích lục",
        ),
        out,
    )


def print_year_report(session: Session, year: int, out, today: date) -> YearReport:
    from camau_reception.printing import corruption_forms as forms

    report = yearly_report(session, year, today)
    agency = _agency(session)
    # Numbered by hand at the clerical office (văn thư) when signed, like any outgoing report.
    number = f"…/BC-{agency.symbol}"
    forms.render(forms.yearly_report(year, report.rows(), agency, today, number), out)
    return report
