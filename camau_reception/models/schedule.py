"""The leaders' reception calendar (lịch tiếp công dân): the directory of people, recurrence
rules, reception sessions, the desk roster and published versions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from camau_reception.models.base import Base, utcnow


class Person(Base):
    """A leader or officer in the directory, with the contacts the office publishes."""

    __tablename__ = "staff_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200), default="")
    is_leader: Mapped[bool] = mapped_column(default=False)
    is_head: Mapped[bool] = mapped_column(default=False)
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    # The department commits to publishing its leaders' contacts; a person may opt out.
    publish_contacts: Mapped[bool] = mapped_column(default=True)
    active: Mapped[bool] = mapped_column(default=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)

    def published_contact(self, sep: str = "; ") -> str:
        if not self.publish_contacts:
            return ""
        return sep.join(x for x in (self.phone, self.email) if x)


class RecurrenceRule(Base):
    """A rule that filled the calendar: "Thứ Năm tuần thứ 2 hằng tháng", "ngày 15 hằng tháng",
    "Thứ Ba, Thứ Năm buổi sáng" (desk roster). Kept so each generated day names its rule."""

    __tablename__ = "recurrence_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    target: Mapped[str] = mapped_column(String(10))  # "session" | "desk"
    kind: Mapped[str] = mapped_column(String(16))  # nth_weekday | day_of_month | weekdays
    weekday: Mapped[int] = mapped_column(default=3)
    nth: Mapped[int] = mapped_column(default=2)
    day: Mapped[int] = mapped_column(default=15)
    weekdays: Mapped[str] = mapped_column(String(20), default="")  # "1,3"
    shift: Mapped[str] = mapped_column(String(10), default="forward")
    start: Mapped[date]
    end: Mapped[date]
    description: Mapped[str] = mapped_column(String(200), default="")
    presiding_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"), default=None)
    half: Mapped[str] = mapped_column(String(10), default="")  # desk: morning / afternoon
    staff_ids: Mapped[str] = mapped_column(String(200), default="")  # desk: "4,5"
    start_time: Mapped[str] = mapped_column(String(5), default="")
    end_time: Mapped[str] = mapped_column(String(5), default="")
    place: Mapped[str] = mapped_column(String(300), default="")
    topics: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)


class DutySession(Base):
    """A leader's periodic reception day (buổi tiếp công dân định kỳ).

    ``status``: planned, postponed (moved to ``day`` from ``original_day`` with a reason) or
    deputised (handed to ``deputy`` with a reason). ``planned_day`` is what the rule said
    before a day off moved it (``move_note`` tells why)."""

    __tablename__ = "duty_sessions"
    # Published snapshots name sessions by id: a deleted session's id must never come back.
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(index=True)
    start_time: Mapped[str] = mapped_column(String(5), default="07:30")
    end_time: Mapped[str] = mapped_column(String(5), default="11:00")
    place: Mapped[str] = mapped_column(String(300), default="")
    presiding_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id"))
    deputy_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"), default=None)
    topics: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="planned")
    reason: Mapped[str] = mapped_column(Text, default="")
    planned_day: Mapped[date | None] = mapped_column(default=None)
    original_day: Mapped[date | None] = mapped_column(default=None)
    move_note: Mapped[str] = mapped_column(Text, default="")
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("recurrence_rules.id"), default=None)
    rule_text: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    presiding: Mapped[Person] = relationship(foreign_keys=[presiding_id], lazy="joined")
    deputy: Mapped[Person | None] = relationship(foreign_keys=[deputy_id], lazy="joined")

    @property
    def acting(self) -> Person:
        """Who actually receives citizens that day (the deputy when it was handed over)."""
        return self.deputy or self.presiding


class DeskShift(Base):
    """Who staffs the reception desk on a half day (trực tiếp công dân thường xuyên)."""

    __tablename__ = "desk_shifts"
    __table_args__ = (UniqueConstraint("day", "half", "staff_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(index=True)
    half: Mapped[str] = mapped_column(String(10))  # "morning" / "afternoon"
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id"))
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("recurrence_rules.id"), default=None)

    staff: Mapped[Person] = relationship(lazy="joined")


class PublishedSchedule(Base):
    """A frozen published version of a month ("2026-12") or quarter ("2026-Q4")."""

    __tablename__ = "published_schedules"
    __table_args__ = (UniqueConstraint("period", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(10))
    version: Mapped[int]
    published_on: Mapped[date]
    snapshot: Mapped[str] = mapped_column(Text)  # JSON list of sessions as published
    changes: Mapped[str] = mapped_column(Text, default="")  # differences from the version before
    published_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)


# The names used in the calendar's specification.
StaffMember = Person
DeskRoster = DeskShift
PublishedVersion = PublishedSchedule
