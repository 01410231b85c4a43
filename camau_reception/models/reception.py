"""Citizen reception (tiếp công dân): citizens, visits, representatives, documents received.

The register (Sổ tiếp công dân, Mẫu 03/TCD) is the ``receptions`` table. Rows are never deleted:
an administrator cancels a visit with a reason and the row stays, marked cancelled.

Every visit carries ``sort_key`` = minutes since 2000-01-01 shifted left by 36 bits, plus its
id. One integer orders the register by time (then id), pages it by key, and is also the rowid
of the visit in the full-text index, so a search walks the index newest first and stops after a
screenful instead of sorting every match (see ``services.reception_search``).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    DDL,
    BigInteger,
    ForeignKey,
    Index,
    String,
    Text,
    event,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from camau_reception.models.base import Base, utcnow

# --- vocabularies (stored as short English codes; labels are Vietnamese) -----------------------


class ReceptionKind(StrEnum):
    REGULAR = "regular"  # tiếp thường xuyên
    PERIODIC = "periodic"  # tiếp định kỳ (leader's scheduled day)
    UNSCHEDULED = "unscheduled"  # tiếp đột xuất


RECEPTION_KIND_LABELS: dict[ReceptionKind, str] = {
    ReceptionKind.REGULAR: "Thường xuyên",
    ReceptionKind.PERIODIC: "Định kỳ",
    ReceptionKind.UNSCHEDULED: "Đột xuất",
}


class MatterKind(StrEnum):
    """Classification of what the citizen raises; the same strings name petition kinds."""

    COMPLAINT = "complaint"  # khiếu nại
    DENUNCIATION = "denunciation"  # tố cáo
    RECOMMENDATION = "recommendation"  # kiến nghị
    REFLECTION = "reflection"  # phản ánh


MATTER_KIND_LABELS: dict[MatterKind, str] = {
    MatterKind.COMPLAINT: "Khiếu nại",
    MatterKind.DENUNCIATION: "Tố cáo",
    MatterKind.RECOMMENDATION: "Kiến nghị",
    MatterKind.REFLECTION: "Phản ánh",
}


class Outcome(StrEnum):
    EXPLAINED = "explained"  # giải thích, trả lời trực tiếp
    GUIDED = "guided"  # hướng dẫn đến cơ quan có thẩm quyền
    PETITION_RECEIVED = "petition_received"  # nhận đơn
    TRANSFERRED = "transferred"  # chuyển đơn
    APPOINTMENT = "appointment"  # hẹn gặp lãnh đạo
    REFUSED = "refused"  # từ chối tiếp


OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.EXPLAINED: "Giải thích, trả lời trực tiếp",
    Outcome.GUIDED: "Hướng dẫn đến cơ quan có thẩm quyền",
    Outcome.PETITION_RECEIVED: "Nhận đơn",
    Outcome.TRANSFERRED: "Chuyển đơn",
    Outcome.APPOINTMENT: "Hẹn gặp lãnh đạo",
    Outcome.REFUSED: "Từ chối tiếp",
}


class CopyKind(StrEnum):
    ORIGINAL = "original"  # bản chính
    COPY = "copy"  # bản photo
    CERTIFIED = "certified"  # bản sao có chứng thực


COPY_KIND_LABELS: dict[CopyKind, str] = {
    CopyKind.ORIGINAL: "Bản chính",
    CopyKind.COPY: "Bản photo",
    CopyKind.CERTIFIED: "Bản sao có chứng thực",
}

MAX_REPRESENTATIVES = 5

# --- the sort key ------------------------------------------------------------------------------

EPOCH = datetime(2000, 1, 1)
ID_BITS = 36
ID_MASK = (1 << ID_BITS) - 1


def sort_key_of(received_at: datetime, reception_id: int) -> int:
    """Register order as one integer: minute of the visit, then id (fits in 62 bits to 2100)."""
    minutes = int((received_at - EPOCH).total_seconds() // 60)
    return (max(0, minutes) << ID_BITS) | (reception_id & ID_MASK)


def sort_key_bounds(day_from: date | None, day_to: date | None) -> tuple[int, int]:
    """The [low, high] sort keys of every visit between two days, both included."""
    low = 0
    high = (1 << 62) - 1
    if day_from is not None:
        low = sort_key_of(datetime(day_from.year, day_from.month, day_from.day), 0)
    if day_to is not None:
        start = datetime(day_to.year, day_to.month, day_to.day)
        high = (sort_key_of(start, 0) + (24 * 60 << ID_BITS)) - 1
    return low, high


# --- tables ------------------------------------------------------------------------------------


class Citizen(Base):
    """A person who came to the office (công dân). ``name_folded`` = ``fold(full_name)``."""

    __tablename__ = "citizens"
    __table_args__ = (
        # One person per identity number; people without a paper have an empty number.
        Index(
            "uq_citizens_id_number",
            "id_number",
            unique=True,
            sqlite_where=text("id_number != ''"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    name_folded: Mapped[str] = mapped_column(String(200), index=True)
    id_kind: Mapped[str] = mapped_column(String(16), default="cccd")
    id_number: Mapped[str] = mapped_column(String(32), default="")
    id_issued_on: Mapped[date | None] = mapped_column(default=None)
    id_issued_by: Mapped[str] = mapped_column(String(200), default="")
    sex: Mapped[str] = mapped_column(String(8), default="")  # "nam" / "nữ" / ""
    birth_year: Mapped[int | None] = mapped_column(default=None)
    phone: Mapped[str] = mapped_column(String(32), default="", index=True)
    province: Mapped[str] = mapped_column(String(100), default="")
    commune: Mapped[str] = mapped_column(String(100), default="")
    address_detail: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Bumped once per saved action (not per flush); writers run in BEGIN IMMEDIATE, so
    # "check expected version, then write" cannot interleave with another program.
    version: Mapped[int] = mapped_column(default=1)

    @property
    def address(self) -> str:
        """ "Ấp 3, xã Tân Hưng, tỉnh Cà Mau": the free text, then commune and province."""
        parts = [self.address_detail, self.commune, self.province]
        return ", ".join(p for p in parts if p)


class Reception(Base):
    """One visit (một lượt tiếp công dân): a line of the register."""

    __tablename__ = "receptions"
    __table_args__ = (
        # Filters that a user picks from a list walk these in register order.
        Index("ix_receptions_officer_sort", "officer_id", "sort_key"),
        Index("ix_receptions_outcome_sort", "outcome", "sort_key"),
        Index("ix_receptions_kind_sort", "kind", "sort_key"),
        Index("ix_receptions_citizen_sort", "citizen_id", "sort_key"),
        # The periodic report counts a period's visits from the index alone (revision 0007).
        Index(
            "ix_receptions_report",
            "received_at",
            "cancelled",
            "kind",
            "group_size",
            "outcome",
            "refusal_reason",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sort_key: Mapped[int] = mapped_column(BigInteger, default=0, index=True)
    received_at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(16), default=ReceptionKind.REGULAR.value)
    presiding_leader_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id"), default=None, index=True
    )
    # Kept as text too: the duty schedule may name a leader who has no account.
    presiding_leader_name: Mapped[str] = mapped_column(String(200), default="")
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    # Nullable so that a corruption denunciation can move the identity to a protected record.
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"), default=None)
    group_size: Mapped[int] = mapped_column(default=1)
    summary: Mapped[str] = mapped_column(Text, default="")
    complaint: Mapped[bool] = mapped_column(default=False)
    denunciation: Mapped[bool] = mapped_column(default=False)
    recommendation: Mapped[bool] = mapped_column(default=False)
    reflection: Mapped[bool] = mapped_column(default=False)
    corruption: Mapped[bool] = mapped_column(default=False)  # tố cáo hành vi tham nhũng
    handled_by: Mapped[str] = mapped_column(String(500), default="")
    within_competence: Mapped[bool] = mapped_column(default=True)
    outcome: Mapped[str] = mapped_column(String(24), default=Outcome.EXPLAINED.value)
    guided_to: Mapped[str] = mapped_column(String(300), default="")
    guide_doc_number: Mapped[str] = mapped_column(String(64), default="")
    transferred_to: Mapped[str] = mapped_column(String(300), default="")
    transfer_doc_number: Mapped[str] = mapped_column(String(64), default="")
    appointment_at: Mapped[datetime | None] = mapped_column(default=None)
    appointment_place: Mapped[str] = mapped_column(String(300), default="")
    appointment_purpose: Mapped[str] = mapped_column(String(300), default="")
    refusal_reason: Mapped[str] = mapped_column(String(32), default="")
    refusal_detail: Mapped[str] = mapped_column(Text, default="")
    followup: Mapped[str] = mapped_column(Text, default="")
    # The earlier visit about the same matter; repeat_count = how many came before this one.
    same_matter_as_id: Mapped[int | None] = mapped_column(ForeignKey("receptions.id"), default=None)
    repeat_count: Mapped[int] = mapped_column(default=0)
    cancelled: Mapped[bool] = mapped_column(default=False)
    cancel_reason: Mapped[str] = mapped_column(String(500), default="")
    cancelled_at: Mapped[datetime | None] = mapped_column(default=None)
    cancelled_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)  # bumped once per saved action

    citizen: Mapped[Citizen | None] = relationship(lazy="joined")
    representatives: Mapped[list[ReceptionRepresentative]] = relationship(
        back_populates="reception",
        cascade="all, delete-orphan",
        order_by="ReceptionRepresentative.position",
    )
    documents: Mapped[list[ReceptionDocument]] = relationship(
        back_populates="reception",
        cascade="all, delete-orphan",
        order_by="ReceptionDocument.position",
    )

    @property
    def matter_kinds(self) -> list[MatterKind]:
        return [k for k in MatterKind if getattr(self, k.value)]

    @property
    def day(self) -> date:
        return self.received_at.date()


class ReceptionRepresentative(Base):
    """A representative of a group visit (người đại diện), at most five, each a citizen."""

    __tablename__ = "reception_representatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    reception_id: Mapped[int] = mapped_column(
        ForeignKey("receptions.id", ondelete="CASCADE"), index=True
    )
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)

    reception: Mapped[Reception] = relationship(back_populates="representatives")
    citizen: Mapped[Citizen] = relationship(lazy="joined")


class ReceptionDocument(Base):
    """A paper the citizen handed over, listed on the receipt (Mẫu 02/TCD)."""

    __tablename__ = "reception_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    reception_id: Mapped[int] = mapped_column(
        ForeignKey("receptions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(300))
    pages: Mapped[int] = mapped_column(default=1)
    condition: Mapped[str] = mapped_column(String(200), default="")
    copy_kind: Mapped[str] = mapped_column(String(16), default=CopyKind.ORIGINAL.value)

    reception: Mapped[Reception] = relationship(back_populates="documents")


class SearchTerm(Base):
    """Every word (no digits) ever indexed, so that an unfinished last word of a search can be
    expanded into an OR of whole words. FTS5's own prefix query merges the complete posting
    lists of every matching word before returning the first row (80 ms for "du*" at 100,000
    visits); an OR of words is read lazily newest first and stops after a page (under 1 ms).
    Words are never removed: a stale word only adds an OR branch that matches nothing."""

    __tablename__ = "reception_search_terms"
    __table_args__ = {"sqlite_with_rowid": False}  # noqa: RUF012

    term: Mapped[str] = mapped_column(String(64), primary_key=True)


# --- full-text index ---------------------------------------------------------------------------

# Folded text (lower case, no accents, đ→d) of everything a search may name: citizen and
# representatives (name, number, phone, address) and the summary. rowid = receptions.sort_key.
# ``remove_diacritics 2`` also folds text typed without our Python folding (defence in depth).
FTS_TABLE = "reception_fts"
FTS_DDL = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
    "body, tokenize = 'unicode61 remove_diacritics 2', detail = none)"
)

event.listen(Reception.__table__, "after_create", DDL(FTS_DDL))
event.listen(Reception.__table__, "before_drop", DDL(f"DROP TABLE IF EXISTS {FTS_TABLE}"))
