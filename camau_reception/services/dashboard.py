"""Tổng quan: what is due today, due soon, overdue and waiting, counted in SQL.

Every figure is a ``COUNT`` over the ``(state, due_on)`` index (never the length of a capped
list), and every list is short (``limit`` rows ordered by due date), so the page stays fast with
100,000 open petitions (see ``bench/bench_dashboard.py``). The definitions of "open",
"overdue" and "on time" are those of ``services.petitions`` (``open_clause``,
``overdue_clause``, ``on_time_clause``), shared with the reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, func, literal_column, select
from sqlalchemy.orm import Session

from camau_reception.domain.calendar import WorkCalendar
from camau_reception.models.petitions import (
    KIND_LABELS,
    OPEN_STATES,
    STATE_LABELS,
    Petition,
    PetitionKind,
    PetitionState,
)
from camau_reception.models.users import User
from camau_reception.services.calendar import load_calendar
from camau_reception.services.petitions import on_time_clause, open_clause, overdue_clause

SOON_WORKING_DAYS = 3
UNASSIGNED = "Chưa phân công"

# Bucket keys, in the order the page shows them.
DUE_TODAY = "due_today"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
WAITING = "waiting"
BUCKETS = (DUE_TODAY, DUE_SOON, OVERDUE, WAITING)
BUCKET_LABELS = {
    DUE_TODAY: "Đến hạn hôm nay",
    DUE_SOON: f"Đến hạn trong {SOON_WORKING_DAYS} ngày làm việc",
    OVERDUE: "Quá hạn",
    WAITING: "Chờ phân loại",
}


@dataclass(frozen=True)
class DashboardRow:
    """One petition in a list: plain values, safe to hand from a worker thread to the UI."""

    id: int
    code: str
    kind: str
    kind_label: str
    petitioner: str
    state_label: str
    officer: str
    received_on: date
    clock_start: date | None
    due_on: date | None


@dataclass
class MonthCounts:
    received: int = 0
    resolved: int = 0
    resolved_on_time: int = 0


@dataclass
class DashboardData:
    today: date
    soon_until: date  # last day of the "due soon" window (3 working days after today)
    counts: dict[str, int] = field(default_factory=dict)  # per bucket, plus "open"
    lists: dict[str, list[DashboardRow]] = field(default_factory=dict)
    month: MonthCounts = field(default_factory=MonthCounts)
    overdue_by_officer: list[tuple[str, int]] = field(default_factory=list)
    overdue_by_kind: list[tuple[str, int]] = field(default_factory=list)


def bucket_clauses(today: date, soon_until: date) -> dict[str, object]:
    """The SQL condition of each bucket (the same definitions as ``services.petitions``)."""
    return {
        DUE_TODAY: and_(open_clause(), Petition.due_on == today),
        DUE_SOON: and_(open_clause(), Petition.due_on > today, Petition.due_on <= soon_until),
        OVERDUE: overdue_clause(today),
        WAITING: Petition.state == PetitionState.RECEIVED.value,
    }


def _open_by_due(*where: object) -> object:
    """Open petitions with a due-date condition, written so SQLite walks ``ix_petitions_due_on``
    in due-date order: the unary ``+`` keeps the state index out of the plan, which would
    otherwise collect and sort every overdue petition (50,000 of them) to return the first 100.
    Only open petitions have a running clock, so the state test rejects almost nothing."""
    states = ", ".join(f"'{s.value}'" for s in sorted(OPEN_STATES))
    return and_(literal_column(f"+{Petition.__tablename__}.state IN ({states})"), *where)


def _list_clauses(today: date, soon_until: date) -> dict[str, object]:
    return {
        DUE_TODAY: _open_by_due(Petition.due_on == today),
        DUE_SOON: _open_by_due(Petition.due_on > today, Petition.due_on <= soon_until),
        OVERDUE: _open_by_due(Petition.due_on.is_not(None), Petition.due_on < today),
        WAITING: Petition.state == PetitionState.RECEIVED.value,
    }


def bucket_of(p: Petition, today: date, soon_until: date) -> str | None:
    """The deadline bucket of one petition (``WAITING`` is a state, not a deadline bucket)."""
    if PetitionState(p.state) not in OPEN_STATES or p.due_on is None:
        return None
    if p.due_on < today:
        return OVERDUE
    if p.due_on == today:
        return DUE_TODAY
    if p.due_on <= soon_until:
        return DUE_SOON
    return None


def _rows(session: Session, where: object, limit: int) -> list[DashboardRow]:
    q = (
        select(
            Petition.id,
            Petition.code,
            Petition.kind,
            Petition.petitioner_name,
            Petition.state,
            User.full_name,
            Petition.received_on,
            Petition.clock_start,
            Petition.due_on,
        )
        .outerjoin(User, User.id == Petition.officer_id)
        .where(where)
        .order_by(Petition.due_on, Petition.id)
        .limit(limit)
    )
    return [
        DashboardRow(
            id=r[0],
            code=r[1],
            kind=r[2],
            kind_label=KIND_LABELS[PetitionKind(r[2])],
            petitioner=r[3],
            state_label=STATE_LABELS[PetitionState(r[4])],
            officer=r[5] or UNASSIGNED,
            received_on=r[6],
            clock_start=r[7],
            due_on=r[8],
        )
        for r in session.execute(q)
    ]


def compute(
    session: Session,
    today: date,
    calendar: WorkCalendar | None = None,
    *,
    limit: int = 100,
) -> DashboardData:
    """The dashboard at ``today`` (injected: never the machine's clock)."""
    cal = calendar or load_calendar(session)
    soon_until = cal.add_working_days(today, SOON_WORKING_DAYS)
    data = DashboardData(today=today, soon_until=soon_until)
    lists = _list_clauses(today, soon_until)
    for key, where in bucket_clauses(today, soon_until).items():
        data.counts[key] = int(
            session.execute(select(func.count()).select_from(Petition).where(where)).scalar_one()
        )
        data.lists[key] = _rows(session, lists[key], limit)
    data.counts["open"] = int(
        session.execute(
            select(func.count()).select_from(Petition).where(open_clause())
        ).scalar_one()
    )
    month_start = today.replace(day=1)
    data.month.received = int(
        session.execute(
            select(func.count())
            .select_from(Petition)
            .where(Petition.received_on >= month_start, Petition.received_on <= today)
        ).scalar_one()
    )
    resolved_in_month = and_(Petition.resolved_on >= month_start, Petition.resolved_on <= today)
    resolved, on_time = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((on_time_clause(), 1), else_=0)), 0),
        )
        .select_from(Petition)
        .where(resolved_in_month)
    ).one()
    data.month.resolved, data.month.resolved_on_time = int(resolved), int(on_time)
    # One pass over the covering index for both breakdowns; names are looked up afterwards.
    by_officer: dict[int | None, int] = {}
    by_kind: dict[str, int] = {}
    for officer_id, kind, n in session.execute(
        select(Petition.officer_id, Petition.kind, func.count())
        .where(overdue_clause(today))
        .group_by(Petition.officer_id, Petition.kind)
    ):
        by_officer[officer_id] = by_officer.get(officer_id, 0) + int(n)
        by_kind[kind] = by_kind.get(kind, 0) + int(n)
    ids = [i for i in by_officer if i is not None]
    names = (
        {i: n for i, n in session.execute(select(User.id, User.full_name).where(User.id.in_(ids)))}
        if ids
        else {}
    )
    data.overdue_by_officer = sorted(
        (
            (names.get(i, UNASSIGNED) if i is not None else UNASSIGNED, n)
            for i, n in by_officer.items()
        ),
        key=lambda x: (-x[1], x[0]),
    )
    data.overdue_by_kind = sorted(
        ((KIND_LABELS[PetitionKind(k)], n) for k, n in by_kind.items()), key=lambda x: (-x[1], x[0])
    )
    return data
