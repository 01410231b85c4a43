"""Deadline rules in force: the shipped table plus versions an administrator added."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from camau_reception.domain.calendar import WorkCalendar
from camau_reception.domain.deadlines import (
    UNITS,
    Deadline,
    DeadlineRule,
    RuleBook,
    RuleDataError,
    UnknownRule,
    compute_deadline,
    default_rulebook,
)
from camau_reception.domain.text import normalize
from camau_reception.models.petitions import DeadlineRuleVersion
from camau_reception.models.users import Role
from camau_reception.services import audit
from camau_reception.services.actor import Actor, user_id_of
from camau_reception.services.auth import require
from camau_reception.services.calendar import load_calendar
from camau_reception.services.errors import Collector, ValidationError


def _direction_of(shipped: RuleBook, rule_id: str, on: date) -> str:
    """The counting direction of ``rule_id`` as the shipped table defines it.

    The direction is part of what the rule means (``schedule.publish`` counts back from the
    session), not something a law change alters: the administrator's form has no such field.
    It comes from the shipped version in force on ``on``, or the latest shipped one before it.
    """
    try:
        versions = shipped.versions(rule_id)
    except UnknownRule:
        return "after"
    earlier = [r for r in versions if r.effective_from <= on]
    return (earlier or versions)[-1].direction


def _as_rule(row: DeadlineRuleVersion, shipped: RuleBook) -> DeadlineRule:
    return DeadlineRule(
        id=row.rule_id,
        label=row.label,
        days=row.days,
        unit=row.unit,
        source=row.source,
        effective_from=row.effective_from,
        direction=_direction_of(shipped, row.rule_id, row.effective_from),
        note=row.note,
    )


def rulebook(session: Session) -> RuleBook:
    """The shipped rules with every administrator version applied in date order.

    An administrator version inherits the direction of the rule it versions, so every user of
    the rule in force (petition deadlines, the schedule, the rules page calculator) counts the
    same way.
    """
    rows = session.execute(
        select(DeadlineRuleVersion).order_by(DeadlineRuleVersion.effective_from)
    ).scalars()
    shipped = default_rulebook()
    return shipped.with_rules(_as_rule(r, shipped) for r in rows)


def deadline(
    session: Session, rule_id: str, start: date, calendar: WorkCalendar | None = None
) -> Deadline:
    return compute_deadline(rule_id, start, calendar or load_calendar(session), rulebook(session))


@dataclass
class RuleVersionInput:
    rule_id: str
    days: int
    unit: str
    source: str
    effective_from: date
    label: str = ""
    note: str = ""


def add_version(
    session: Session, actor: Actor, data: RuleVersionInput, today: date
) -> DeadlineRuleVersion:
    """A law change: a new version from ``effective_from``; history is never edited.

    Deadlines already running keep the version in force when they started, so
    ``effective_from`` may not be earlier than ``today`` (no back-dating).
    """
    require(actor, Role.ADMIN)
    c = Collector()
    book = rulebook(session)
    try:
        current = book.rule_in_force(data.rule_id, data.effective_from)
    except UnknownRule:
        current = None
        if data.rule_id not in book.ids():
            c.add("rule_id", "Không có quy tắc này.")
    if data.days <= 0 or data.days > 3650:
        c.add("days", "Số ngày phải từ 1 đến 3650.")
    if data.unit not in UNITS:
        c.add("unit", "Hãy chọn đơn vị: ngày làm việc hoặc ngày.")
    source = normalize(data.source)
    if not source:
        c.add("source", "Hãy ghi căn cứ pháp lý (văn bản, điều, khoản).")
    latest = (
        max((r.effective_from for r in book.versions(data.rule_id)), default=None)
        if (data.rule_id in book.ids())
        else None
    )
    if latest is not None and data.effective_from <= latest:
        c.add(
            "effective_from",
            f"Ngày hiệu lực phải sau phiên bản gần nhất ({latest:%d/%m/%Y}); "
            "không sửa lịch sử quy tắc.",
        )
    if data.effective_from < today:
        # A back-dated version would silently change deadlines already running and printed.
        c.add(
            "effective_from",
            f"Ngày hiệu lực không được trước hôm nay ({today:%d/%m/%Y}): phiên bản mới không "
            "được làm thay đổi thời hạn đã tính của các đơn đang xử lý.",
        )
    c.raise_if_any()
    label = normalize(data.label) or (current.label if current else data.rule_id)
    row = DeadlineRuleVersion(
        rule_id=data.rule_id,
        label=label,
        days=data.days,
        unit=data.unit,
        source=source,
        effective_from=data.effective_from,
        note=normalize(data.note),
        created_by=user_id_of(actor),
    )
    session.add(row)
    session.flush()
    try:
        rulebook(session)
    except RuleDataError as exc:
        raise ValidationError({"effective_from": exc.message}) from exc
    audit.log_event(
        session,
        actor,
        "rule.add_version",
        "deadline_rule",
        data.rule_id,
        f"{label}: {data.days} {UNITS[data.unit]} từ {data.effective_from:%d/%m/%Y} ({source})",
    )
    return row


@dataclass(frozen=True)
class RuleVersionView:
    rule: DeadlineRule
    origin: str  # "shipped" (resources/rules/deadlines.toml) or "admin" (added in the program)
    status: str  # "past", "in_force", "future"
    added_by: str = ""
    added_at: str = ""


@dataclass(frozen=True)
class RuleOverview:
    rule_id: str
    label: str
    current: DeadlineRule | None  # the version in force on the day asked
    versions: list[RuleVersionView]  # oldest first, each closed by the next

    @property
    def upcoming(self) -> list[DeadlineRule]:
        return [v.rule for v in self.versions if v.status == "future"]


def overview(session: Session, on: date) -> list[RuleOverview]:
    """Every rule with its whole history as the program applies it, for the rules page."""
    from camau_reception.models.users import User

    book = rulebook(session)
    added = {
        (row.rule_id, row.effective_from): (row, name)
        for row, name in session.execute(
            select(DeadlineRuleVersion, User.full_name).outerjoin(
                User, User.id == DeadlineRuleVersion.created_by
            )
        )
    }
    out = []
    for rule_id in book.ids():
        views = []
        current = None
        for rule in book.versions(rule_id):
            if rule.in_force(on):
                status, current = "in_force", rule
            elif rule.effective_from > on:
                status = "future"
            else:
                status = "past"
            row_name = added.get((rule.id, rule.effective_from))
            if row_name is None:
                views.append(RuleVersionView(rule, "shipped", status))
            else:
                row, name = row_name
                views.append(
                    RuleVersionView(
                        rule,
                        "admin",
                        status,
                        added_by=name or "Hệ thống",
                        added_at=f"{row.created_at:%d/%m/%Y}",
                    )
                )
        label = (current or views[-1].rule).label
        out.append(RuleOverview(rule_id, label, current, views))
    return out
