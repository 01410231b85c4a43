"""Administrative-procedure dossiers (hồ sơ TTHC), the procedure catalogue, apology letters for
late dossiers (phiếu xin lỗi và hẹn lại ngày trả kết quả) and satisfaction surveys."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from camau_reception.models.base import Base, utcnow


class Level(StrEnum):
    PROVINCE = "province"  # cấp tỉnh
    DISTRICT = "district"  # cấp huyện (historical since 01/07/2025)
    COMMUNE = "commune"  # cấp xã


LEVEL_LABELS = {Level.PROVINCE: "Cấp tỉnh", Level.DISTRICT: "Cấp huyện", Level.COMMUNE: "Cấp xã"}


class Channel(StrEnum):
    COUNTER = "counter"  # trực tiếp
    ONLINE = "online"  # trực tuyến
    POST = "post"  # bưu chính công ích


CHANNEL_LABELS = {
    Channel.COUNTER: "Trực tiếp",
    Channel.ONLINE: "Trực tuyến",
    Channel.POST: "Bưu chính",
}


class DossierState(StrEnum):
    PROCESSING = "processing"  # đang giải quyết
    RETURNED = "returned"  # đã trả kết quả
    WITHDRAWN = "withdrawn"  # công dân rút hồ sơ
    AWAITING = "awaiting"  # chờ bổ sung: the clock stops while the citizen completes the dossier
    SUSPENDED = "suspended"  # tạm dừng giải quyết: the clock stops as well
    REFUSED = "refused"  # từ chối giải quyết (no result owed, never late)


STATE_LABELS = {
    DossierState.PROCESSING: "Đang giải quyết",
    DossierState.RETURNED: "Đã trả kết quả",
    DossierState.WITHDRAWN: "Đã rút hồ sơ",
    DossierState.AWAITING: "Chờ bổ sung",
    DossierState.SUSPENDED: "Tạm dừng",
    DossierState.REFUSED: "Từ chối giải quyết",
}

# Still in the office's hands (a result may still be returned).
OPEN_STATES = frozenset({DossierState.PROCESSING, DossierState.AWAITING, DossierState.SUSPENDED})
# The processing time does not run (NĐ 61/2018: the time spent waiting for the citizen's
# additional documents is not part of the time to resolve the dossier).
PAUSED_STATES = frozenset({DossierState.AWAITING, DossierState.SUSPENDED})
# Ended without a result to return: never late, never owed an apology letter.
NO_RESULT_STATES = frozenset({DossierState.REFUSED, DossierState.WITHDRAWN})


class Procedure(Base):
    __tablename__ = "procedures"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(16), default=Level.PROVINCE.value)
    field: Mapped[str] = mapped_column(String(100), default="")
    processing_days: Mapped[int] = mapped_column(default=5)  # working days
    has_fee: Mapped[bool] = mapped_column(default=False)
    online: Mapped[str] = mapped_column(String(16), default="")  # "full" toàn trình / "partial"
    shared_with_province: Mapped[bool] = mapped_column(default=False)
    in_force: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Dossier(Base):
    __tablename__ = "dossiers"
    __table_args__ = (
        Index("ix_dossiers_state_due", "state", "due_at"),
        Index("ix_dossiers_received", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"), index=True)
    applicant_name: Mapped[str] = mapped_column(String(200))
    applicant_id_number: Mapped[str] = mapped_column(String(32), default="")
    applicant_address: Mapped[str] = mapped_column(String(300), default="")
    applicant_phone: Mapped[str] = mapped_column(String(32), default="")
    applicant_email: Mapped[str] = mapped_column(String(200), default="")
    channel: Mapped[str] = mapped_column(String(16), default=Channel.COUNTER.value)
    received_at: Mapped[datetime]
    due_at: Mapped[datetime]  # hẹn trả (original promise)
    promised_at: Mapped[datetime]  # current promise (after apologies)
    due_explanation: Mapped[str] = mapped_column(Text, default="")
    returned_at: Mapped[datetime | None] = mapped_column(default=None)
    state: Mapped[str] = mapped_column(String(16), default=DossierState.PROCESSING.value)
    digitised: Mapped[bool] = mapped_column(default=False)
    result_digitised: Mapped[bool] = mapped_column(default=False)
    fee_paid_online: Mapped[bool] = mapped_column(default=False)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    import_source: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    # When the current state began, for the states that stop the clock (chờ bổ sung, tạm
    # dừng: the time this office first saw it) and those that end without a result (từ chối,
    # rút hồ sơ); None while processing or returned.
    state_since: Mapped[datetime | None] = mapped_column(default=None)
    # Working days the clock stood still in waits that have ended; the due date moves by them.
    paused_days: Mapped[int] = mapped_column(default=0)

    procedure: Mapped[Procedure] = relationship(lazy="joined")
    apologies: Mapped[list[ApologyLetter]] = relationship(
        back_populates="dossier", order_by="ApologyLetter.id", cascade="all, delete-orphan"
    )


class ApologyLetter(Base):
    """A written apology with a new return date; the second for a dossier needs a leader."""

    __tablename__ = "apology_letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[str] = mapped_column(String(64))
    issued_on: Mapped[date]
    reason: Mapped[str] = mapped_column(Text)
    old_due_at: Mapped[datetime]
    new_due_on: Mapped[date]
    signer_title: Mapped[str] = mapped_column(String(100), default="")
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    dossier: Mapped[Dossier] = relationship(back_populates="apologies")


class SatisfactionSurvey(Base):
    """A citizen's rating of a dossier or a visit (khảo sát mức độ hài lòng)."""

    __tablename__ = "satisfaction_surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    on: Mapped[date] = mapped_column(index=True)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"), default=None)
    reception_id: Mapped[int | None] = mapped_column(default=None)  # no FK: area independence
    overall: Mapped[int]  # 3 hài lòng, 2 bình thường, 1 không hài lòng
    attitude: Mapped[int | None] = mapped_column(default=None)
    timeliness: Mapped[int | None] = mapped_column(default=None)
    guidance: Mapped[int | None] = mapped_column(default=None)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
