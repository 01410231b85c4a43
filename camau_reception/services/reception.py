"""Recording a visit at the counter (tiếp công dân) and keeping the register.

``record`` validates everything first (every bad field in one ``ValidationError``), then writes
the citizen(s), the visit, its documents, its search-index row, the audit event and (for "nhận
đơn") the linked petitions, all in the caller's transaction. Then it emits the
``reception.recorded`` hook, so another area (protected corruption denunciations) may move the
identity away before the transaction commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from camau_reception.domain.text import fold_tokens, normalize, normalize_multiline
from camau_reception.models.base import utcnow
from camau_reception.models.reception import (
    COPY_KIND_LABELS,
    MATTER_KIND_LABELS,
    MAX_REPRESENTATIVES,
    OUTCOME_LABELS,
    RECEPTION_KIND_LABELS,
    CopyKind,
    MatterKind,
    Outcome,
    Reception,
    ReceptionDocument,
    ReceptionKind,
    ReceptionRepresentative,
    sort_key_of,
)
from camau_reception.models.users import Role, User, UserRole
from camau_reception.services import audit, hooks
from camau_reception.services import citizens as citizen_service
from camau_reception.services import reception_search as search
from camau_reception.services.actor import Actor, user_id_of
from camau_reception.services.auth import require
from camau_reception.services.citizens import CitizenInput
from camau_reception.services.errors import Collector, ConflictError, NotFound, ValidationError

RECORDED = "reception.recorded"
UPDATED = "reception.updated"

EARLIEST = datetime(2000, 1, 1)

# Luật Tiếp công dân art. 9, NĐ 154/2026 art. 4. ``notice``: the reasons for which a written
# Thông báo từ chối tiếp công dân (Mẫu 01/TCD) is issued within 3 working days.
PROTECTED_VISIT = (
    "Lượt tiếp này đã chuyển thành hồ sơ tố cáo tham nhũng được bảo vệ: sổ chỉ giữ mã hồ sơ. "
    "Thanh tra xem và sửa tại trang Tố cáo tham nhũng."
)

REFUSAL_REASONS: dict[str, tuple[str, bool]] = {
    "not_in_control": (
        "Người trong tình trạng say do dùng chất kích thích, người mắc bệnh tâm thần hoặc "
        "bệnh khác làm mất khả năng nhận thức hoặc khả năng điều khiển hành vi của mình",
        False,
    ),
    "threatening": (
        "Người có hành vi đe dọa, xúc phạm cơ quan, tổ chức, đơn vị, người tiếp công dân, "
        "người thi hành công vụ hoặc có hành vi khác vi phạm nội quy nơi tiếp công dân",
        False,
    ),
    "already_resolved": (
        "Người khiếu nại, tố cáo về vụ việc đã giải quyết đúng chính sách, pháp luật, được cơ "
        "quan nhà nước có thẩm quyền kiểm tra, rà soát, thông báo bằng văn bản và đã được "
        "tiếp, giải thích, hướng dẫn nhưng vẫn cố tình khiếu nại, tố cáo kéo dài",
        True,
    ),
    "weapons": (
        "Người mang theo vũ khí, vật liệu nổ, công cụ hỗ trợ và không chấp hành yêu cầu "
        "gửi lại trước khi vào nơi tiếp công dân",
        False,
    ),
    "security_check": ("Người không chấp hành việc kiểm tra an ninh", False),
    "recording": (
        "Người ghi âm, ghi hình, phát trực tiếp tại nơi tiếp công dân khi đã được đề nghị "
        "không thực hiện",
        False,
    ),
    "inciting": ("Người kích động, lôi kéo, gây rối trật tự nơi tiếp công dân", False),
    "no_capacity": (
        "Người mất năng lực hành vi dân sự, người bị hạn chế năng lực hành vi dân sự mà "
        "không có người đại diện hợp pháp",
        False,
    ),
    "no_mandate": (
        "Người đại diện, người được ủy quyền không có giấy tờ chứng minh tính hợp pháp "
        "của việc đại diện, ủy quyền",
        False,
    ),
    "not_petition": (
        "Nội dung trình bày không thuộc khiếu nại, tố cáo, kiến nghị, phản ánh",
        False,
    ),
    "recommendation_answered": (
        "Kiến nghị, phản ánh đã được trả lời, không có nội dung, tình tiết mới",
        True,
    ),
    "final_judgment": (
        "Vụ việc đã có bản án, quyết định của Tòa án có hiệu lực pháp luật",
        True,
    ),
    "other_body": (
        "Vụ việc đang được cơ quan nhà nước có thẩm quyền khác thụ lý, giải quyết",
        False,
    ),
}

REFUSAL_LEGAL_BASIS = (
    "Điều 9 Luật Tiếp công dân số 42/2013/QH13 và Điều 4 Nghị định số 154/2026/NĐ-CP"
)


def refusal_label(code: str) -> str:
    return REFUSAL_REASONS.get(code, ("", False))[0]


@dataclass
class DocumentInput:
    """A paper handed over at the counter (Mẫu 02/TCD)."""

    name: str = ""
    pages: int = 1
    condition: str = ""
    copy_kind: str = CopyKind.ORIGINAL.value


@dataclass
class ReceptionInput:
    """Everything the form collects for one visit."""

    received_at: datetime
    citizen: CitizenInput
    summary: str = ""
    kind: str = ReceptionKind.REGULAR.value
    presiding_leader_id: int | None = None
    presiding_leader_name: str = ""
    officer_id: int | None = None  # None = the signed-in user
    group_size: int = 1
    representatives: list[CitizenInput] = field(default_factory=list)
    matter_kinds: set[str] = field(default_factory=set)  # MatterKind values
    corruption: bool = False  # tố cáo hành vi tham nhũng (only with a denunciation)
    handled_by: str = ""
    within_competence: bool = True
    documents: list[DocumentInput] = field(default_factory=list)
    outcome: str = Outcome.EXPLAINED.value
    guided_to: str = ""
    guide_doc_number: str = ""
    transferred_to: str = ""
    transfer_doc_number: str = ""
    appointment_at: datetime | None = None
    appointment_place: str = ""
    appointment_purpose: str = ""
    refusal_reason: str = ""
    refusal_detail: str = ""
    followup: str = ""
    same_matter_as_id: int | None = None


# --- validation --------------------------------------------------------------------------------


def _is_leader(session: Session, user_id: int) -> bool:
    return (
        session.execute(
            select(UserRole.id).where(
                UserRole.user_id == user_id, UserRole.role == Role.LEADER.value
            )
        ).first()
        is not None
    )


def clean(
    session: Session,
    actor: Actor,
    data: ReceptionInput,
    now: datetime | None = None,
    *,
    stored: Reception | None = None,
) -> ReceptionInput:
    """Normalise and check; raises ``ValidationError`` naming every bad field.

    ``stored``: the visit being corrected. Its officer and presiding leader as recorded stay
    acceptable after the account was disabled or lost the leader role (the register tells
    who received the citizen then, not who may receive today)."""
    now = now or datetime.now()
    c = Collector()
    out = replace(
        data,
        summary=normalize_multiline(data.summary),
        presiding_leader_name=normalize(data.presiding_leader_name),
        handled_by=normalize_multiline(data.handled_by),
        guided_to=normalize(data.guided_to),
        guide_doc_number=normalize(data.guide_doc_number),
        transferred_to=normalize(data.transferred_to),
        transfer_doc_number=normalize(data.transfer_doc_number),
        appointment_place=normalize(data.appointment_place),
        appointment_purpose=normalize(data.appointment_purpose),
        refusal_reason=normalize(data.refusal_reason),
        refusal_detail=normalize_multiline(data.refusal_detail),
        followup=normalize_multiline(data.followup),
        matter_kinds={normalize(k) for k in data.matter_kinds},
    )
    if out.officer_id is None and actor.id:
        out.officer_id = actor.id

    # When
    if out.received_at is None:
        c.add("received_at", "Hãy nhập ngày giờ tiếp.")
    elif out.received_at < EARLIEST:
        c.add("received_at", "Ngày tiếp không được trước năm 2000.")
    elif out.received_at > now + timedelta(minutes=5):
        c.add("received_at", "Ngày giờ tiếp không được ở tương lai.")
    today = out.received_at.date() if out.received_at else now.date()

    # Who receives
    if out.kind not in {k.value for k in ReceptionKind}:
        c.add("kind", "Hãy chọn hình thức tiếp.")
    elif (
        out.kind != ReceptionKind.REGULAR.value
        and out.presiding_leader_id is None
        and not out.presiding_leader_name
    ):
        c.add("presiding_leader", "Buổi tiếp của lãnh đạo phải ghi người chủ trì.")
    if out.presiding_leader_id is not None:
        leader = session.get(User, out.presiding_leader_id)
        kept = stored is not None and stored.presiding_leader_id == out.presiding_leader_id
        if leader is None or not (kept or _is_leader(session, leader.id)):
            c.add("presiding_leader", "Người chủ trì phải là tài khoản có vai trò lãnh đạo.")
        elif not out.presiding_leader_name:
            out.presiding_leader_name = leader.full_name
    if out.officer_id is None:
        c.add("officer", "Hãy chọn cán bộ tiếp.")
    else:
        officer = session.get(User, out.officer_id)
        kept = stored is not None and stored.officer_id == out.officer_id
        if officer is None or not (officer.active or kept):
            c.add("officer", "Cán bộ tiếp không tồn tại hoặc đã bị vô hiệu hóa.")

    # The citizen and the group
    out.citizen = citizen_service.clean_citizen(out.citizen, c, prefix="citizen.", today=today)
    if not (out.citizen.address_detail or out.citizen.commune):
        c.add("citizen.address", "Hãy nhập địa chỉ (xã/phường hoặc địa chỉ cụ thể).")
    if out.group_size is None or out.group_size < 1:
        c.add("group_size", "Số người phải từ 1 trở lên.")
    reps_total = 1 + len(out.representatives) if out.group_size > 1 else 0
    if out.group_size == 1 and out.representatives:
        c.add("representatives", "Chỉ đoàn nhiều người mới có người đại diện.")
    elif reps_total > MAX_REPRESENTATIVES:
        c.add(
            "representatives",
            f"Đoàn đông người cử tối đa {MAX_REPRESENTATIVES} người đại diện "
            f"(đang có {reps_total}, kể cả người trình bày).",
        )
    elif 5 <= out.group_size <= 10 and reps_total > 2:
        c.add(
            "representatives",
            "Đoàn từ 5 đến 10 người cử 1 hoặc 2 người đại diện (Điều 29 Luật Tiếp công dân).",
        )
    elif reps_total > out.group_size:
        c.add("representatives", "Số người đại diện không được nhiều hơn số người của đoàn.")
    cleaned_reps = []
    for i, rep in enumerate(out.representatives):
        cleaned_reps.append(
            citizen_service.clean_citizen(rep, c, prefix=f"representatives.{i}.", today=today)
        )
    out.representatives = cleaned_reps
    numbers = [p.id_number for p in [out.citizen, *cleaned_reps] if p.id_number]
    if len(numbers) != len(set(numbers)):
        c.add("representatives", "Một người được ghi hai lần trong danh sách đại diện.")

    # What it is about
    refused = out.outcome == Outcome.REFUSED.value
    if not out.summary and not refused:
        c.add("summary", "Hãy tóm tắt nội dung vụ việc.")
    valid_kinds = {k.value for k in MatterKind}
    if out.matter_kinds - valid_kinds:
        c.add("matter_kinds", "Phân loại không hợp lệ.")
    elif not out.matter_kinds and not refused:
        c.add("matter_kinds", "Hãy chọn ít nhất một phân loại (khiếu nại, tố cáo, …).")
    if out.corruption and MatterKind.DENUNCIATION.value not in out.matter_kinds:
        c.add("corruption", "Chỉ đánh dấu tham nhũng khi nội dung là tố cáo.")
    for i, doc in enumerate(out.documents):
        doc.name = normalize(doc.name)
        doc.condition = normalize(doc.condition)
        if not doc.name:
            c.add(f"documents.{i}.name", f"Tài liệu thứ {i + 1}: hãy nhập tên tài liệu.")
        if doc.pages is None or doc.pages < 1:
            c.add(f"documents.{i}.pages", f"Tài liệu thứ {i + 1}: số trang phải từ 1 trở lên.")
        if doc.copy_kind not in {k.value for k in CopyKind}:
            c.add(f"documents.{i}.copy_kind", f"Tài liệu thứ {i + 1}: hãy chọn loại bản.")

    # Outcome
    if out.outcome not in {o.value for o in Outcome}:
        c.add("outcome", "Hãy chọn kết quả tiếp.")
    if out.outcome == Outcome.GUIDED.value and not out.guided_to:
        c.add("guided_to", "Hãy ghi cơ quan có thẩm quyền mà công dân được hướng dẫn đến.")
    if out.outcome == Outcome.TRANSFERRED.value and not out.transferred_to:
        c.add("transferred_to", "Hãy ghi cơ quan nhận đơn chuyển.")
    if out.outcome == Outcome.APPOINTMENT.value and out.appointment_at is None:
        c.add("appointment_at", "Hãy nhập ngày giờ hẹn.")
    if (
        out.appointment_at is not None
        and out.received_at is not None
        and out.appointment_at <= out.received_at
    ):
        c.add("appointment_at", "Ngày giờ hẹn phải sau thời điểm tiếp.")
    if refused:
        if not out.refusal_reason:
            c.add(
                "refusal_reason", "Từ chối tiếp phải chọn một lý do theo Điều 9 Luật Tiếp công dân."
            )
        elif out.refusal_reason not in REFUSAL_REASONS:
            c.add("refusal_reason", "Lý do từ chối không hợp lệ.")
    else:
        out.refusal_reason = ""
        out.refusal_detail = ""

    if out.same_matter_as_id is not None:
        prev = session.get(Reception, out.same_matter_as_id)
        if prev is None or (
            out.citizen.citizen_id is not None and prev.citizen_id != out.citizen.citizen_id
        ):
            c.add("same_matter_as", "Lượt tiếp trước được chọn không phải của công dân này.")
    c.raise_if_any()
    return out


# --- writing -----------------------------------------------------------------------------------

_FIELDS = (
    "received_at",
    "kind",
    "presiding_leader_id",
    "presiding_leader_name",
    "officer_id",
    "group_size",
    "summary",
    "corruption",
    "handled_by",
    "within_competence",
    "outcome",
    "guided_to",
    "guide_doc_number",
    "transferred_to",
    "transfer_doc_number",
    "appointment_at",
    "appointment_place",
    "appointment_purpose",
    "refusal_reason",
    "refusal_detail",
    "followup",
    "same_matter_as_id",
)

FIELD_LABELS = {
    "received_at": "ngày giờ tiếp",
    "kind": "hình thức tiếp",
    "presiding_leader_id": "người chủ trì",
    "presiding_leader_name": "người chủ trì",
    "officer_id": "cán bộ tiếp",
    "group_size": "số người",
    "summary": "nội dung",
    "corruption": "tố cáo tham nhũng",
    "handled_by": "cơ quan đã giải quyết",
    "within_competence": "thẩm quyền",
    "outcome": "kết quả",
    "guided_to": "hướng dẫn đến",
    "guide_doc_number": "số văn bản hướng dẫn",
    "transferred_to": "chuyển đến",
    "transfer_doc_number": "số văn bản chuyển",
    "appointment_at": "ngày giờ hẹn",
    "appointment_place": "nơi hẹn",
    "appointment_purpose": "nội dung hẹn",
    "refusal_reason": "lý do từ chối",
    "refusal_detail": "chi tiết từ chối",
    "followup": "theo dõi",
    "same_matter_as_id": "lượt tiếp cùng nội dung",
    "matter_kinds": "phân loại",
    "citizen": "công dân",
    "representatives": "người đại diện",
    "documents": "tài liệu",
}

# Values shown in the audit log; text fields that may identify a person are named, not quoted.
_QUOTED = {"received_at", "kind", "group_size", "outcome", "within_competence"}


def _display(key: str, value: object) -> str:
    if value is None or value == "":
        return "—"
    if key == "kind":
        return RECEPTION_KIND_LABELS.get(ReceptionKind(value), str(value))
    if key == "outcome":
        return OUTCOME_LABELS.get(Outcome(value), str(value))
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return str(value)


def _apply(
    session: Session, reception: Reception, data: ReceptionInput, changes: list[str]
) -> None:
    c = Collector()
    citizen = citizen_service.upsert(session, data.citizen, c, "citizen.")
    reps = []
    for i, rep in enumerate(data.representatives):
        reps.append(citizen_service.upsert(session, rep, c, f"representatives.{i}."))
    c.raise_if_any()
    assert citizen is not None
    ids = [citizen.id, *(r.id for r in reps if r is not None)]
    if len(ids) != len(set(ids)):
        raise ValidationError(
            {"representatives": "Một người được ghi hai lần trong danh sách đại diện."}
        )

    for key in _FIELDS:
        new = getattr(data, key)
        if getattr(reception, key) != new:
            if reception.id is not None:
                label = FIELD_LABELS[key]
                if key in _QUOTED:
                    old = _display(key, getattr(reception, key))
                    changes.append(f"{label}: {old} → {_display(key, new)}")
                elif label not in changes:
                    changes.append(label)
            setattr(reception, key, new)
    kinds = {k.value for k in reception.matter_kinds} if reception.id is not None else set()
    for kind in MatterKind:
        setattr(reception, kind.value, kind.value in data.matter_kinds)
    if reception.id is not None and kinds != set(data.matter_kinds):
        changes.append(
            "phân loại: "
            + (", ".join(MATTER_KIND_LABELS[MatterKind(k)] for k in sorted(kinds)) or "—")
            + " → "
            + ", ".join(MATTER_KIND_LABELS[MatterKind(k)] for k in sorted(data.matter_kinds))
        )
    if reception.citizen_id != citizen.id:
        if reception.id is not None:
            changes.append("công dân")
        reception.citizen_id = citizen.id
        reception.citizen = citizen
    elif getattr(citizen, "changes", None) and reception.id is not None:
        changes.append("thông tin công dân (" + ", ".join(citizen.changes) + ")")

    old_reps = [r.citizen_id for r in reception.representatives]
    new_reps = [r.id for r in reps if r is not None]
    if old_reps != new_reps:
        if reception.id is not None:
            changes.append("người đại diện")
        reception.representatives.clear()
        session.flush()
        for pos, rep_citizen in enumerate(r for r in reps if r is not None):
            reception.representatives.append(
                ReceptionRepresentative(
                    citizen_id=rep_citizen.id, position=pos, citizen=rep_citizen
                )
            )
    old_docs = [(d.name, d.pages, d.condition, d.copy_kind) for d in reception.documents]
    new_docs = [(d.name, d.pages, d.condition, d.copy_kind) for d in data.documents]
    if old_docs != new_docs:
        if reception.id is not None:
            changes.append("tài liệu")
        reception.documents.clear()
        session.flush()
        for pos, d in enumerate(data.documents):
            reception.documents.append(
                ReceptionDocument(
                    position=pos,
                    name=d.name,
                    pages=d.pages,
                    condition=d.condition,
                    copy_kind=d.copy_kind,
                )
            )
    prev = session.get(Reception, data.same_matter_as_id) if data.same_matter_as_id else None
    reception.repeat_count = (prev.repeat_count + 1) if prev is not None else 0


# Labels (``citizens.FIELD_LABELS``) of the citizen fields the search index holds
# (``reception_search.INDEXED_CITIZEN_FIELDS``): a change to one of them rewrites the index
# rows of the citizen's earlier visits.
_INDEXED_CITIZEN_LABELS = {
    citizen_service.FIELD_LABELS[key] for key in search.INDEXED_CITIZEN_FIELDS
}


def record(
    session: Session, actor: Actor, data: ReceptionInput, *, now: datetime | None = None
) -> Reception:
    """Write a new visit to the register (one transaction: the caller's)."""
    require(actor, Role.OFFICER, Role.LEADER, Role.INSPECTOR)
    data = clean(session, actor, data, now)
    reception = Reception(created_by=user_id_of(actor))
    _apply(session, reception, data, [])
    session.add(reception)
    session.flush()
    reception.sort_key = sort_key_of(reception.received_at, reception.id)
    search.write_index(session, reception)
    people = [
        ("công dân", reception.citizen),
        *(("người đại diện", rep.citizen) for rep in reception.representatives),
    ]
    updated: list[str] = []
    for role, person in people:
        changed = [c for c in getattr(person, "changes", None) or () if c != "mới"]
        if not changed:
            continue
        # Fields named by label, never quoted: the log carries no identity. A corruption
        # denunciation does not even say that a known person came (the visit is protected).
        if not reception.corruption:
            updated.append(f"cập nhật {', '.join(changed)} của {role}")
        if set(changed) & _INDEXED_CITIZEN_LABELS:
            # The citizen's earlier visits show the new text too (as a rebuild would).
            search.reindex_citizen(session, person.id, skip={reception.id})
    audit.log_event(
        session,
        actor,
        "reception.record",
        "reception",
        reception.id,
        f"Ghi sổ lượt tiếp #{reception.id} ngày {reception.received_at:%d/%m/%Y %H:%M} "
        f"({_display('kind', reception.kind)}; {_display('outcome', reception.outcome)})"
        + "".join(f"; {u}" for u in updated),
    )
    # A corruption denunciation becomes a protected case (services.corruption), not a petition
    # that would carry the denouncer's name.
    if reception.outcome == Outcome.PETITION_RECEIVED.value and not reception.corruption:
        from camau_reception.services import petitions

        kinds = [k.value for k in MatterKind if k.value in data.matter_kinds]
        petitions.create_from_reception(session, actor, reception, kinds, reception.summary)
    session.flush()
    hooks.emit(RECORDED, session=session, actor=actor, reception=reception, data=data)
    return reception


def update(
    session: Session,
    actor: Actor,
    reception_id: int,
    data: ReceptionInput,
    expected_version: int,
    *,
    now: datetime | None = None,
) -> Reception:
    """Save corrections; the audit event lists what changed. Stale ``expected_version`` →
    ``ConflictError`` (somebody else saved in between)."""
    require(actor, Role.OFFICER, Role.LEADER, Role.INSPECTOR, Role.ADMIN)
    reception = get(session, reception_id)
    if reception.version != expected_version:
        raise ConflictError()
    if reception.cancelled:
        raise ValidationError({"cancelled": "Lượt tiếp đã bị hủy, không sửa được."})
    if reception.corruption and reception.citizen_id is None:
        # The identity left the register for the protected case; only its code is here.
        raise ValidationError({"corruption": PROTECTED_VISIT})
    if data.officer_id is None:
        data = replace(data, officer_id=reception.officer_id)
    data = clean(session, actor, data, now, stored=reception)
    old_key = reception.sort_key
    changes: list[str] = []
    _apply(session, reception, data, changes)
    if not changes:
        return reception
    reception.sort_key = sort_key_of(reception.received_at, reception.id)
    reception.updated_at = utcnow()
    reception.version += 1
    session.flush()
    search.write_index(session, reception, old_key=old_key)
    if reception.citizen_id is not None:
        search.reindex_citizen(session, reception.citizen_id, skip={reception.id})
    audit.log_event(
        session,
        actor,
        "reception.update",
        "reception",
        reception.id,
        f"Sửa lượt tiếp #{reception.id}: " + "; ".join(changes),
    )
    hooks.emit(UPDATED, session=session, actor=actor, reception=reception, data=data)
    return reception


def cancel(
    session: Session, actor: Actor, reception_id: int, reason: str, expected_version: int
) -> Reception:
    """An administrator's deletion: the row stays, marked cancelled, with the reason."""
    require(actor, Role.ADMIN)
    reception = get(session, reception_id)
    if reception.version != expected_version:
        raise ConflictError()
    reason = normalize(reason)
    if len(reason) < 5:
        raise ValidationError({"cancel_reason": "Hãy ghi rõ lý do hủy (ít nhất 5 ký tự)."})
    if reception.cancelled:
        raise ValidationError({"cancel_reason": "Lượt tiếp này đã bị hủy trước đó."})
    reception.cancelled = True
    reception.cancel_reason = reason
    reception.cancelled_at = utcnow()
    reception.cancelled_by = user_id_of(actor)
    reception.version += 1
    session.flush()
    audit.log_event(
        session,
        actor,
        "reception.cancel",
        "reception",
        reception.id,
        f"Hủy lượt tiếp #{reception.id}: {reason}",
    )
    return reception


# --- reading -----------------------------------------------------------------------------------


def get(session: Session, reception_id: int) -> Reception:
    reception = session.get(Reception, reception_id)
    if reception is None:
        raise NotFound("Không tìm thấy lượt tiếp công dân.")
    return reception


def to_input(reception: Reception) -> ReceptionInput:
    """The form's view of a saved visit (for editing)."""
    citizen = CitizenInput.from_citizen(reception.citizen) if reception.citizen else CitizenInput()
    return ReceptionInput(
        received_at=reception.received_at,
        citizen=citizen,
        summary=reception.summary,
        kind=reception.kind,
        presiding_leader_id=reception.presiding_leader_id,
        presiding_leader_name=reception.presiding_leader_name,
        officer_id=reception.officer_id,
        group_size=reception.group_size,
        representatives=[CitizenInput.from_citizen(r.citizen) for r in reception.representatives],
        matter_kinds={k.value for k in reception.matter_kinds},
        corruption=reception.corruption,
        handled_by=reception.handled_by,
        within_competence=reception.within_competence,
        documents=[
            DocumentInput(d.name, d.pages, d.condition, d.copy_kind) for d in reception.documents
        ],
        outcome=reception.outcome,
        guided_to=reception.guided_to,
        guide_doc_number=reception.guide_doc_number,
        transferred_to=reception.transferred_to,
        transfer_doc_number=reception.transfer_doc_number,
        appointment_at=reception.appointment_at,
        appointment_place=reception.appointment_place,
        appointment_purpose=reception.appointment_purpose,
        refusal_reason=reception.refusal_reason,
        refusal_detail=reception.refusal_detail,
        followup=reception.followup,
        same_matter_as_id=reception.same_matter_as_id,
    )


def citizen_history(session: Session, citizen_id: int, limit: int = 20) -> list[search.RegisterRow]:
    """The citizen's visits, newest first (shown in the form when the citizen is found)."""
    return search.page(session, search.RegisterFilter(citizen_id=citizen_id), limit=limit)


def visit_count(session: Session, citizen_id: int) -> int:
    return search.count(
        session, search.RegisterFilter(citizen_id=citizen_id, include_cancelled=False)
    )


def citizen_petitions(session: Session, citizen_id: int, limit: int = 20) -> list[tuple[str, str]]:
    """(code or number, short description) of the citizen's petitions, when that area exists."""
    try:
        from camau_reception.services import petitions
    except ImportError:
        return []
    fn = getattr(petitions, "list_for_citizen", None)
    if fn is None:
        return []
    out = []
    for p in fn(session, citizen_id, limit=limit):
        code = getattr(p, "code", "") or f"#{p.id}"
        summary = getattr(p, "summary", "")
        out.append((str(code), str(summary)))
    return out


_STOP = {"va", "cua", "ve", "cho", "cac", "nhung", "la", "co", "khong", "da", "tai", "theo"}


def suggest_same_matter(
    session: Session, citizen_id: int, summary: str, matter_kinds: set[str] | None = None
) -> int | None:
    """The earlier visit of this citizen most like ``summary`` (shared words), or None.

    The form pre-selects it; the officer confirms or clears it.
    """
    words = {w for w in fold_tokens(summary) if len(w) > 1 and w not in _STOP}
    if not words:
        return None
    best: tuple[float, int] | None = None
    for row in citizen_history(session, citizen_id, limit=30):
        if row.cancelled:
            continue
        other = {w for w in fold_tokens(row.summary) if len(w) > 1 and w not in _STOP}
        if not other:
            continue
        score = len(words & other) / len(words | other)
        if matter_kinds and not ({k.value for k in row.matter_kinds} & matter_kinds):
            score /= 2
        if score >= 0.35 and (best is None or score > best[0]):
            best = (score, row.id)
    return best[1] if best else None


def leaders(session: Session) -> list[User]:
    from camau_reception.services.users import list_users

    return [u for u in list_users(session, active_only=True, role=Role.LEADER)]


def officers(session: Session) -> list[User]:
    from camau_reception.services.users import list_users

    return [
        u
        for u in list_users(session, active_only=True)
        if u.roles & {Role.OFFICER, Role.LEADER, Role.INSPECTOR}
    ]


def presiding_leader_for(session: Session, day: date) -> tuple[int | None, str] | None:
    """The leader on duty that day from the published schedule, if that area exists."""
    try:
        from camau_reception.services.schedule import presiding_leader_on
    except ImportError:
        return None
    return presiding_leader_on(session, day)


def copy_kind_label(kind: str) -> str:
    try:
        return COPY_KIND_LABELS[CopyKind(kind)]
    except ValueError:
        return kind
