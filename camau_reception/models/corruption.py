"""Corruption denunciations (tố cáo hành vi tham nhũng) with the denouncer's identity encrypted.

Nothing in these tables names the denouncer in clear. The identity (and every attachment that
could show handwriting) is AES-GCM ciphertext under the case's own content key; the content key
is stored only sealed to the office data key (see ``camau_reception.crypto``). The columns in
clear are what the law lets any handler see: the case code, dates, state, deadlines, the field,
the person or unit denounced and a content summary with identifying details removed.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from camau_reception.models.base import Base, utcnow

MASKED_REPORTER = "Người tố cáo (đã bảo mật)"
ANONYMOUS_REPORTER = "Nặc danh"


class CaseKind(StrEnum):
    DENUNCIATION = "denunciation"  # tố cáo (có danh tính)
    INFORMATION = "information"  # tin báo nặc danh: thông tin phục vụ thanh tra


KIND_LABELS = {
    CaseKind.DENUNCIATION: "Tố cáo hành vi tham nhũng",
    CaseKind.INFORMATION: "Thông tin phục vụ thanh tra (nặc danh)",
}


class CaseSource(StrEnum):
    RECEPTION = "reception"  # tại nơi tiếp công dân
    POST = "post"  # qua bưu chính
    HOTLINE = "hotline"  # đường dây nóng
    EMAIL = "email"  # thư điện tử
    TRANSFERRED = "transferred"  # cơ quan khác chuyển đến
    COMMENT_BOX = "comment_box"  # hòm thư


SOURCE_LABELS = {
    CaseSource.RECEPTION: "Trực tiếp tại nơi tiếp công dân",
    CaseSource.POST: "Qua bưu chính",
    CaseSource.HOTLINE: "Đường dây nóng",
    CaseSource.EMAIL: "Thư điện tử",
    CaseSource.TRANSFERRED: "Cơ quan khác chuyển đến",
    CaseSource.COMMENT_BOX: "Hòm thư tố cáo",
}


class CaseState(StrEnum):
    RECEIVED = "received"  # mới tiếp nhận, đang phân loại
    TO_TRANSFER = "to_transfer"  # không thuộc thẩm quyền, chờ chuyển
    TRANSFERRED = "transferred"  # đã chuyển cơ quan có thẩm quyền
    NOT_ACCEPTED = "not_accepted"  # không thụ lý
    INFORMATION = "information"  # tin nặc danh: dùng làm thông tin thanh tra
    ACCEPTED = "accepted"  # đã thụ lý
    VERIFYING = "verifying"  # đang xác minh
    CONCLUDED = "concluded"  # đã kết luận nội dung tố cáo
    NOTIFIED = "notified"  # đã thông báo kết quả cho người tố cáo
    CLOSED = "closed"  # kết thúc


STATE_LABELS = {
    CaseState.RECEIVED: "Đang phân loại",
    CaseState.TO_TRANSFER: "Chờ chuyển đơn",
    CaseState.TRANSFERRED: "Đã chuyển đơn",
    CaseState.NOT_ACCEPTED: "Không thụ lý",
    CaseState.INFORMATION: "Thông tin phục vụ thanh tra",
    CaseState.ACCEPTED: "Đã thụ lý",
    CaseState.VERIFYING: "Đang xác minh",
    CaseState.CONCLUDED: "Đã kết luận",
    CaseState.NOTIFIED: "Đã thông báo kết quả",
    CaseState.CLOSED: "Kết thúc",
}

OPEN_STATES = frozenset(
    {CaseState.RECEIVED, CaseState.TO_TRANSFER, CaseState.ACCEPTED, CaseState.VERIFYING}
)


class Result(StrEnum):
    RIGHT = "right"  # tố cáo đúng
    PARTLY = "partly"  # đúng một phần
    WRONG = "wrong"  # tố cáo sai


RESULT_LABELS = {
    Result.RIGHT: "Tố cáo đúng",
    Result.PARTLY: "Tố cáo đúng một phần",
    Result.WRONG: "Tố cáo sai",
}

# Fields of the department (lĩnh vực), for the yearly report.
FIELDS = (
    "Văn hóa, di sản",
    "Thể thao",
    "Du lịch",
    "Gia đình",
    "Quảng cáo",
    "Tổ chức cán bộ",
    "Tài chính, đầu tư công",
    "Khác",
)


class ProtectedPerson(StrEnum):
    REPORTER = "reporter"
    SPOUSE = "spouse"
    PARENTS = "parents"
    CHILDREN = "children"


PERSON_LABELS = {
    ProtectedPerson.REPORTER: "Người tố cáo",
    ProtectedPerson.SPOUSE: "Vợ hoặc chồng",
    ProtectedPerson.PARENTS: "Cha mẹ",
    ProtectedPerson.CHILDREN: "Con",
}


class ProtectionKind(StrEnum):
    CONFIDENTIALITY = "confidentiality"
    JOB = "job"
    LIFE_HEALTH = "life_health"
    PROPERTY = "property"
    HONOUR = "honour"


PROTECTION_LABELS = {
    ProtectionKind.CONFIDENTIALITY: "Bảo vệ bí mật thông tin",
    ProtectionKind.JOB: "Bảo vệ vị trí công tác, việc làm",
    ProtectionKind.LIFE_HEALTH: "Bảo vệ tính mạng, sức khỏe",
    ProtectionKind.PROPERTY: "Bảo vệ tài sản",
    ProtectionKind.HONOUR: "Bảo vệ danh dự, nhân phẩm",
}


class ProtectionStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    ENDED = "ended"


PROTECTION_STATUS_LABELS = {
    ProtectionStatus.PENDING: "Chờ quyết định",
    ProtectionStatus.APPROVED: "Đã quyết định bảo vệ",
    ProtectionStatus.REFUSED: "Không áp dụng",
    ProtectionStatus.ENDED: "Đã chấm dứt",
}


# --- keys ----------------------------------------------------------------------------------------


class DataKeyVault(Base):
    """The office data key's public half (one row). Anyone may seal to it; only holders open."""

    __tablename__ = "corruption_vault"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    fingerprint: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)


class KeyHolder(Base):
    """An inspector's key pair (private half encrypted under their password) and, once
    granted, their sealed copy of the data key."""

    __tablename__ = "corruption_key_holders"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    private_salt: Mapped[bytes] = mapped_column(LargeBinary)
    private_nonce: Mapped[bytes] = mapped_column(LargeBinary)
    private_key_enc: Mapped[bytes] = mapped_column(LargeBinary)
    kdf: Mapped[str] = mapped_column(String(64))
    wrapped_data_key: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    granted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    granted_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class RecoveryKeyRow(Base):
    """The data key encrypted under the printed recovery key (the newest row is in force)."""

    __tablename__ = "corruption_recovery_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    salt: Mapped[bytes] = mapped_column(LargeBinary)
    nonce: Mapped[bytes] = mapped_column(LargeBinary)
    wrapped_data_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)


# --- cases ---------------------------------------------------------------------------------------


class CorruptionCase(Base):
    __tablename__ = "corruption_cases"
    __table_args__ = (
        Index("ix_corruption_cases_state_due", "state", "due_on"),
        Index("ix_corruption_cases_received", "received_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)  # TCTN-2026-0007
    kind: Mapped[str] = mapped_column(String(16), default=CaseKind.DENUNCIATION.value)
    anonymous: Mapped[bool] = mapped_column(default=False)
    source: Mapped[str] = mapped_column(String(16), default=CaseSource.RECEPTION.value)
    reception_id: Mapped[int | None] = mapped_column(
        ForeignKey("receptions.id"), default=None, index=True
    )
    received_on: Mapped[date]
    field: Mapped[str] = mapped_column(String(100), default="")
    subject: Mapped[str] = mapped_column(String(300), default="")  # người, đơn vị bị tố cáo
    summary: Mapped[str] = mapped_column(Text, default="")  # without identifying details
    # The denouncer's identity: AES-GCM under the content key (None for an anonymous report).
    identity_blob: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    identity_nonce: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    content_key_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    # SHA-256 of the follow-up code given to the reporter; the code itself is never stored.
    followup_hash: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    # Classification and handling
    multi_place: Mapped[bool] = mapped_column(default=False)  # xác minh ở nhiều địa điểm
    within_competence: Mapped[bool | None] = mapped_column(default=None)
    classified_on: Mapped[date | None] = mapped_column(default=None)
    accepted_on: Mapped[date | None] = mapped_column(default=None)
    accept_decision_no: Mapped[str] = mapped_column(String(64), default="")
    transfer_to: Mapped[str] = mapped_column(String(300), default="")
    transfer_doc_no: Mapped[str] = mapped_column(String(64), default="")
    transferred_on: Mapped[date | None] = mapped_column(default=None)
    not_accepted_reason: Mapped[str] = mapped_column(String(300), default="")
    extensions: Mapped[int] = mapped_column(default=0)
    resolve_due_on: Mapped[date | None] = mapped_column(default=None)
    concluded_on: Mapped[date | None] = mapped_column(default=None)
    conclusion_no: Mapped[str] = mapped_column(String(64), default="")
    result: Mapped[str] = mapped_column(String(16), default="")
    notified_on: Mapped[date | None] = mapped_column(default=None)
    closed_on: Mapped[date | None] = mapped_column(default=None)
    # The clock running now
    state: Mapped[str] = mapped_column(String(16), default=CaseState.RECEIVED.value)
    rule_id: Mapped[str] = mapped_column(String(64), default="")
    clock_start: Mapped[date | None] = mapped_column(default=None)
    due_on: Mapped[date | None] = mapped_column(default=None)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    steps: Mapped[list[CorruptionStep]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CorruptionStep.id"
    )
    attachments: Mapped[list[CorruptionAttachment]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CorruptionAttachment.id"
    )
    protection_requests: Mapped[list[ProtectionRequest]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="ProtectionRequest.id"
    )

    @property
    def has_identity(self) -> bool:
        return self.identity_blob is not None

    @property
    def reporter_label(self) -> str:
        return ANONYMOUS_REPORTER if self.anonymous else MASKED_REPORTER


class CorruptionStep(Base):
    """One dated step of the timeline, with the clock it started."""

    __tablename__ = "corruption_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("corruption_cases.id", ondelete="CASCADE"), index=True
    )
    on: Mapped[date]
    at: Mapped[datetime] = mapped_column(default=utcnow)
    action: Mapped[str] = mapped_column(String(32))
    from_state: Mapped[str] = mapped_column(String(16), default="")
    to_state: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    user_name: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    document_no: Mapped[str] = mapped_column(String(64), default="")
    rule_id: Mapped[str] = mapped_column(String(64), default="")
    clock_start: Mapped[date | None] = mapped_column(default=None)
    due_on: Mapped[date | None] = mapped_column(default=None)
    explanation: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[CorruptionCase] = relationship(back_populates="steps")


class CorruptionAttachment(Base):
    """A scanned original or any paper that may show handwriting: name and bytes encrypted."""

    __tablename__ = "corruption_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("corruption_cases.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(100))  # a kind, never the file name
    # File name and bytes, AES-GCM under the attachment's own key (sealed to the data key), so
    # the counter can add a scan without being able to read any.
    blob: Mapped[bytes] = mapped_column(LargeBinary)
    nonce: Mapped[bytes] = mapped_column(LargeBinary)
    content_key_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(default=0)  # padded size, not the file's
    added_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[CorruptionCase] = relationship(back_populates="attachments")


class ProtectionRequest(Base):
    """A request to protect the denouncer or relatives (Luật Tố cáo 2018, Điều 47–52).

    Persons and kinds are comma-separated codes; relatives are named by relation only."""

    __tablename__ = "corruption_protection_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("corruption_cases.id", ondelete="CASCADE"), index=True
    )
    requested_on: Mapped[date]
    persons: Mapped[str] = mapped_column(String(100))
    kinds: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default=ProtectionStatus.PENDING.value)
    rule_id: Mapped[str] = mapped_column(String(64), default="")
    decision_due_on: Mapped[date | None] = mapped_column(default=None)
    decision_no: Mapped[str] = mapped_column(String(64), default="")
    decided_on: Mapped[date | None] = mapped_column(default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[CorruptionCase] = relationship(back_populates="protection_requests")
    measures: Mapped[list[ProtectionMeasure]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="ProtectionMeasure.id"
    )


class ProtectionMeasure(Base):
    """A measure taken under a protection decision, with its dates."""

    __tablename__ = "corruption_protection_measures"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("corruption_protection_requests.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    agency: Mapped[str] = mapped_column(String(300), default="")  # cơ quan thực hiện
    start_on: Mapped[date]
    end_on: Mapped[date | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    request: Mapped[ProtectionRequest] = relationship(back_populates="measures")
