"""Petitions (đơn thư) and their timeline; administrator-added versions of deadline rules.

A petition's state and each step's deadline are columns, so lists, the dashboard and reports
filter and count in SQL with one definition of "due", "overdue" and "on time".
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from camau_reception.models.base import Base, utcnow


class PetitionKind(StrEnum):
    COMPLAINT = "complaint"  # khiếu nại
    DENUNCIATION = "denunciation"  # tố cáo
    RECOMMENDATION = "recommendation"  # kiến nghị
    REFLECTION = "reflection"  # phản ánh


KIND_LABELS = {
    PetitionKind.COMPLAINT: "Khiếu nại",
    PetitionKind.DENUNCIATION: "Tố cáo",
    PetitionKind.RECOMMENDATION: "Kiến nghị",
    PetitionKind.REFLECTION: "Phản ánh",
}


class PetitionSource(StrEnum):
    RECEPTION = "reception"  # nhận trực tiếp khi tiếp công dân
    POST = "post"  # qua bưu chính
    TRANSFERRED = "transferred"  # cơ quan khác chuyển đến
    HOTLINE = "hotline"  # đường dây nóng
    COMMENT_BOX = "comment_box"  # hòm thư góp ý
    PORTAL = "portal"  # cổng thông tin điện tử


SOURCE_LABELS = {
    PetitionSource.RECEPTION: "Tiếp công dân trực tiếp",
    PetitionSource.POST: "Qua bưu chính",
    PetitionSource.TRANSFERRED: "Cơ quan khác chuyển đến",
    PetitionSource.HOTLINE: "Đường dây nóng",
    PetitionSource.COMMENT_BOX: "Hòm thư góp ý",
    PetitionSource.PORTAL: "Cổng thông tin điện tử",
}


class PetitionState(StrEnum):
    RECEIVED = "received"  # đã tiếp nhận
    CLASSIFIED = "classified"  # đã phân loại
    ACCEPTED = "accepted"  # đã thụ lý
    TRANSFERRED = "transferred"  # đã chuyển đơn
    GUIDED = "guided"  # đã hướng dẫn
    RETURNED = "returned"  # đã trả lại đơn
    ARCHIVED = "archived"  # lưu đơn
    VERIFYING = "verifying"  # đang xác minh
    EXTENDED = "extended"  # đã gia hạn
    RESOLVED = "resolved"  # đã giải quyết
    NOTIFIED = "notified"  # đã thông báo cho công dân
    CLOSED = "closed"  # đã kết thúc


STATE_LABELS = {
    PetitionState.RECEIVED: "Mới tiếp nhận",
    PetitionState.CLASSIFIED: "Đã phân loại",
    PetitionState.ACCEPTED: "Đã thụ lý",
    PetitionState.TRANSFERRED: "Đã chuyển đơn",
    PetitionState.GUIDED: "Đã hướng dẫn",
    PetitionState.RETURNED: "Đã trả lại đơn",
    PetitionState.ARCHIVED: "Lưu đơn",
    PetitionState.VERIFYING: "Đang xác minh",
    PetitionState.EXTENDED: "Đã gia hạn",
    PetitionState.RESOLVED: "Đã giải quyết",
    PetitionState.NOTIFIED: "Đã thông báo kết quả",
    PetitionState.CLOSED: "Kết thúc",
}

# States in which a legal clock is running (the deadline columns are meaningful).
OPEN_STATES = frozenset(
    {
        PetitionState.RECEIVED,
        PetitionState.CLASSIFIED,
        PetitionState.ACCEPTED,
        PetitionState.VERIFYING,
        PetitionState.EXTENDED,
    }
)


class Result(StrEnum):
    RIGHT = "right"  # đúng
    WRONG = "wrong"  # sai
    PARTLY = "partly"  # đúng một phần
    ANSWERED = "answered"  # đã trả lời (kiến nghị, phản ánh)


RESULT_LABELS = {
    Result.RIGHT: "Đúng",
    Result.WRONG: "Sai",
    Result.PARTLY: "Đúng một phần",
    Result.ANSWERED: "Đã trả lời",
}


class Petition(Base):
    __tablename__ = "petitions"
    __table_args__ = (
        # Covers the dashboard's counts and its overdue-by-officer/kind grouping without
        # touching the wide rows (revision 0003a); lists ordered by due date use due_on alone.
        Index("ix_petitions_state_due_cover", "state", "due_on", "officer_id", "kind"),
        Index("ix_petitions_due_on", "due_on"),
        Index("ix_petitions_resolved", "resolved_on", "resolve_due_on"),
        Index("ix_petitions_citizen", "citizen_id", "received_on"),
        Index("ix_petitions_received", "received_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    complaint_round: Mapped[int] = mapped_column(default=1)  # khiếu nại lần 1 / lần 2
    source: Mapped[str] = mapped_column(String(16))
    received_on: Mapped[date]
    petitioner_name: Mapped[str] = mapped_column(String(200), default="")
    petitioner_address: Mapped[str] = mapped_column(String(300), default="")
    name_folded: Mapped[str] = mapped_column(String(200), default="", index=True)
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"), default=None)
    reception_id: Mapped[int | None] = mapped_column(
        ForeignKey("receptions.id"), default=None, index=True
    )
    signer_count: Mapped[int] = mapped_column(default=1)
    summary: Mapped[str] = mapped_column(Text, default="")
    # Transferred in by another body (cơ quan chuyển đơn đến)
    sender_body: Mapped[str] = mapped_column(String(300), default="")
    sender_letter_no: Mapped[str] = mapped_column(String(64), default="")
    sender_letter_date: Mapped[date | None] = mapped_column(default=None)
    # Classification
    eligible: Mapped[bool | None] = mapped_column(default=None)
    within_competence: Mapped[bool | None] = mapped_column(default=None)
    complex_case: Mapped[bool] = mapped_column(default=False)
    remote_area: Mapped[bool] = mapped_column(default=False)
    # Handling outcome
    outcome: Mapped[str] = mapped_column(String(16), default="")  # accepted/transferred/...
    accept_decision_no: Mapped[str] = mapped_column(String(64), default="")
    accepted_on: Mapped[date | None] = mapped_column(default=None)
    target_body: Mapped[str] = mapped_column(String(300), default="")  # transferred/guided to
    out_letter_no: Mapped[str] = mapped_column(String(64), default="")
    archive_reason: Mapped[str] = mapped_column(String(300), default="")
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("petitions.id"), default=None)
    split_from_id: Mapped[int | None] = mapped_column(ForeignKey("petitions.id"), default=None)
    extensions: Mapped[int] = mapped_column(default=0)
    # Result
    result: Mapped[str] = mapped_column(String(16), default="")
    decision_no: Mapped[str] = mapped_column(String(64), default="")
    resolved_on: Mapped[date | None] = mapped_column(default=None)
    resolve_due_on: Mapped[date | None] = mapped_column(default=None)
    notified_on: Mapped[date | None] = mapped_column(default=None)
    closed_on: Mapped[date | None] = mapped_column(default=None)
    # The clock running now: its rule, start and due date (None when no clock runs).
    state: Mapped[str] = mapped_column(String(16), default=PetitionState.RECEIVED.value)
    rule_id: Mapped[str] = mapped_column(String(64), default="")
    clock_start: Mapped[date | None] = mapped_column(default=None)
    due_on: Mapped[date | None] = mapped_column(default=None)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    steps: Mapped[list[PetitionStep]] = relationship(
        back_populates="petition", cascade="all, delete-orphan", order_by="PetitionStep.id"
    )


class PetitionStep(Base):
    """One dated, audited step of the timeline, with the clock it started."""

    __tablename__ = "petition_steps"
    # Petitions changed after a date, for the report's "open at the period end" (revision 0007).
    __table_args__ = (Index("ix_petition_steps_on", "on", "petition_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(
        ForeignKey("petitions.id", ondelete="CASCADE"), index=True
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
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    rule_id: Mapped[str] = mapped_column(String(64), default="")
    clock_start: Mapped[date | None] = mapped_column(default=None)
    due_on: Mapped[date | None] = mapped_column(default=None)
    explanation: Mapped[str] = mapped_column(Text, default="")

    petition: Mapped[Petition] = relationship(back_populates="steps")


class DeadlineRuleVersion(Base):
    """A version of a deadline rule added by an administrator (a change in the law)."""

    __tablename__ = "deadline_rule_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[str] = mapped_column(String(64), index=True)
    label: Mapped[str] = mapped_column(String(300))
    days: Mapped[int]
    unit: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(300))
    effective_from: Mapped[date]
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
