"""Agency profile, key-value settings, calendar overrides, document counters."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from camau_reception.models.base import Base, utcnow


class AgencySettings(Base):
    """The single row (id = 1) holding the agency's profile (thông tin cơ quan)."""

    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_body: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    symbol: Mapped[str] = mapped_column(String(32))
    place: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    head_title: Mapped[str] = mapped_column(String(100), default="GIÁM ĐỐC")
    head_name: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Setting(Base):
    """Typed settings stored as JSON text under a dotted key."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class CalendarOverrideRow(Base):
    """An official extra day off or make-up working day (ngày nghỉ bù, ngày làm bù)."""

    __tablename__ = "calendar_overrides"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(String(300), default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DocumentCounter(Base):
    """Per-year, per-type counter of document numbers; numbering restarts each 1 January."""

    __tablename__ = "document_counters"

    year: Mapped[int] = mapped_column(primary_key=True)
    type_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    last_number: Mapped[int] = mapped_column(default=0)


class IssuedDocument(Base):
    """Every numbered document the office issued (sổ đăng ký văn bản đi)."""

    __tablename__ = "issued_documents"
    __table_args__ = (UniqueConstraint("year", "type_code", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    type_code: Mapped[str] = mapped_column(String(16))
    seq: Mapped[int]
    number: Mapped[str] = mapped_column(String(64))
    issued_on: Mapped[date]
    title: Mapped[str] = mapped_column(String(300), default="")
    entity: Mapped[str] = mapped_column(String(64), default="")
    entity_id: Mapped[str] = mapped_column(String(64), default="")
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
