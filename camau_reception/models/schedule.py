"""The leaders' reception calendar (lịch tiếp công dân): people, sessions, desk roster,
published versions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from camau_reception.models.base import Base, utcnow


class StaffMember(Base):
    """A leader or officer in the published directory (with contacts the office publishes)."""

    __tablename__ = "staff_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200), default="")
    is_leader: Mapped[bool] = mapped_column(default=False)
    is_head: Mapped[bool] = mapped_column(default=False)
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(default=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)


class DutySession(Base):
    """A leader's periodic reception day (buổi tiếp công dân định kỳ)."""

    __tablename__ = "duty_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(index=True)
    start_time: Mapped[str] = mapped_column(String(5), default="07:30")
    end_time: Mapped[str] = mapped_column(String(5), default="11:00")
    place: Mapped[str] = mapped_column(String(300), default="")
    presiding_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id"))
    deputy_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"), default=None)
    topics: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="planned")  # planned/postponed
    reason: Mapped[str] = mapped_column(Text, default="")
    planned_day: Mapped[date | None] = mapped_column(default=None)  # what the rule said
    move_note: Mapped[str] = mapped_column(Text, default="")
    rule_text: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    presiding: Mapped[StaffMember] = relationship(foreign_keys=[presiding_id], lazy="joined")
    deputy: Mapped[StaffMember | None] = relationship(foreign_keys=[deputy_id], lazy="joined")


class DeskShift(Base):
    """Who staffs the reception desk on a half day (trực tiếp công dân)."""

    __tablename__ = "desk_shifts"
    __table_args__ = (UniqueConstraint("day", "half", "staff_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(index=True)
    half: Mapped[str] = mapped_column(String(10))  # "morning" / "afternoon"
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id"))

    staff: Mapped[StaffMember] = relationship(lazy="joined")


class PublishedSchedule(Base):
    """A frozen published version of a month or quarter, with its differences."""

    __tablename__ = "published_schedules"
    __table_args__ = (UniqueConstraint("period", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(10))  # "2026-12" or "2026-Q4"
    version: Mapped[int]
    published_on: Mapped[date]
    snapshot: Mapped[str] = mapped_column(Text)  # JSON list of sessions
    changes: Mapped[str] = mapped_column(Text, default="")
    published_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
