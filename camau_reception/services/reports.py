"""The periodic report (báo cáo công tác tiếp công dân, xử lý đơn thư …) computed in SQL.

Every figure uses the definitions of its area (``services.petitions`` for open / overdue / on
time, ``services.dossiers`` for late dossiers), so the report and the lists never disagree.
Each cell carries a drill-down key: ``records(session, key, period)`` lists what is behind it.
No section ever reads a denouncer's identity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import ColumnElement, case, func, select, text, union
from sqlalchemy.orm import Session

from camau_reception.models.petitions import (
    KIND_LABELS,
    RESULT_LABELS,
    SOURCE_LABELS,
    Petition,
    PetitionKind,
    PetitionSource,
    PetitionStep,
    Result,
)
from camau_reception.models.reception import RECEPTION_KIND_LABELS, Reception, ReceptionKind
from camau_reception.services import dossiers
from camau_reception.services import petitions as petition_service


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def label(self) -> str:
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    def same_last_year(self) -> Period:
        def back(d: date) -> date:
            try:
                return d.replace(year=d.year - 1)
            except ValueError:  # 29 February
                return d.replace(year=d.year - 1, day=28)

        return Period(back(self.start), back(self.end))

    @property
    def lo(self) -> datetime:
        return datetime.combine(self.start, time.min)

    @property
    def hi(self) -> datetime:
        return datetime.combine(self.end, time.max)


@dataclass
class Line:
    label: str
    current: float
    previous: float
    key: str = ""  # drill-down key; empty when there is nothing to list
    unit: str = ""

    @property
    def change(self) -> str:
        if self.previous == 0:
            return "—" if self.current == 0 else "mới"
        if self.unit == "%":
            # A rate against a rate: the change is in percentage points, not relative.
            return _vn(f"{self.current - self.previous:+.1f} điểm %")
        pct = 100.0 * (self.current - self.previous) / self.previous
        return _vn(f"{pct:+.1f}%")

    def fmt(self, value: float) -> str:
        if self.unit == "%":
            return _vn(f"{value:.1f}%")
        return f"{value:.0f}" if float(value).is_integer() else _vn(f"{value:.1f}")


def _vn(figure: str) -> str:
    """Vietnamese documents write the decimal mark as a comma (67,8%)."""
    return figure.replace(".", ",")


@dataclass
class Section:
    title: str
    lines: list[Line] = field(default_factory=list)
    note: str = ""


@dataclass
class Report:
    period: Period
    comparison: Period
    sections: list[Section]
    monthly: list[tuple[str, int, int]]  # (month, visits, petitions) over the period


def _one(session: Session, q) -> Iterator[int]:
    """The figures of a one-row statement, in order (an empty sum counts 0)."""
    return iter([int(x or 0) for x in session.execute(q).one()])


# --- section builders: (session, period) -> list of (label, value, key) ------------------------

Rows = list[tuple[str, float, str]]

# Breakdown lines (one per refusal reason, one per corruption case state) are built for every
# reason or state; ``_merge`` shows those with a figure in either period. Built only when met, a
# reason met last year and not this year lost its comparison figure along with its line.
BREAKDOWN = ("   – ", "   Trạng thái: ")


def _flag(cond) -> ColumnElement[int]:
    """How many rows of the pass meet ``cond`` (each figure of a section in one statement)."""
    return func.sum(case((cond, 1), else_=0))


def _reception(session: Session, p: Period) -> Rows:
    """Three statements over the period's visits, each read from the index alone
    (``ix_receptions_report``): the counts by kind and size, the days leaders received, and the
    refusals by reason (a few rows: one conditional count per reason would cost more)."""
    from camau_reception.services.reception import REFUSAL_REASONS

    base = [
        Reception.cancelled.is_(False),
        Reception.received_at >= p.lo,
        Reception.received_at <= p.hi,
    ]
    kinds = list(ReceptionKind)
    group = Reception.group_size >= 5
    figures = _one(
        session,
        select(
            func.count(),
            *(_flag(Reception.kind == kind.value) for kind in kinds),
            func.sum(Reception.group_size),
            _flag(group),
            func.sum(case((group, Reception.group_size), else_=0)),
        ).where(*base),
    )
    rows: Rows = [("Tổng số lượt tiếp", next(figures), "reception.all")]
    for kind in kinds:
        rows.append(
            (
                f"Tiếp {RECEPTION_KIND_LABELS[kind].lower()}",
                next(figures),
                f"reception.kind.{kind.value}",
            )
        )
    rows.append(("Số người được tiếp", next(figures), ""))
    rows.append(("Số đoàn đông người (từ 5 người)", next(figures), "reception.groups"))
    rows.append(("Số người trong các đoàn đông người", next(figures), ""))
    periodic_days = select(func.count(func.distinct(func.date(Reception.received_at)))).where(
        *base, Reception.kind == ReceptionKind.PERIODIC.value
    )
    rows.append(
        (
            "Số ngày lãnh đạo tiếp định kỳ đã thực hiện",
            next(_one(session, periodic_days)),
            "reception.kind.periodic",
        )
    )
    scheduled = _scheduled_days(session, p)
    if scheduled is not None:
        rows.append(("Số ngày tiếp định kỳ theo lịch", scheduled, ""))
    refusals = dict(
        session.execute(
            select(Reception.refusal_reason, func.count())
            .where(*base, Reception.outcome == "refused")
            .group_by(Reception.refusal_reason)
        ).all()
    )
    rows.append(("Số lượt từ chối tiếp", sum(refusals.values()), "reception.refused"))
    # Every reason, met or not: ``_merge`` keeps those with a figure in either period.
    for code, (label, _notice) in REFUSAL_REASONS.items():
        n = int(refusals.get(code, 0))
        rows.append((f"{BREAKDOWN[0]}{_short(label)}", n, f"reception.refused.{code}"))
    return rows


def _short(text_: str, limit: int = 80) -> str:
    if len(text_) <= limit:
        return text_
    return text_[:limit].rsplit(" ", 1)[0] + " …"


def _scheduled_days(session: Session, p: Period) -> int | None:
    """Leaders' reception days planned in the duty schedule, when that area is installed."""
    try:
        from camau_reception.services import schedule
    except ImportError:
        return None
    fn: Callable | None = getattr(schedule, "count_sessions", None)
    return int(fn(session, p.start, p.end)) if fn else None


OUTCOMES = (
    ("accepted", "Thụ lý giải quyết"),
    ("transferred", "Chuyển đơn"),
    ("guided", "Hướng dẫn"),
    ("archived", "Lưu đơn"),
    ("returned", "Trả lại đơn"),
)


def may_be_open_at(end: date):
    """Petitions that can be open at the end of ``end``: open now, or with a step after ``end``.

    A petition's state is always the state its last step went to (``services.petitions._step``
    writes both), so a petition that is closed now and has no step after ``end`` was closed at
    ``end`` too. ``open_at_clause`` / ``overdue_at_clause`` then judge the timelines of these
    few instead of every petition ever received; the figures are the same.
    """
    return Petition.id.in_(
        union(
            select(Petition.id).where(petition_service.open_clause()).correlate(None),
            select(PetitionStep.petition_id).where(PetitionStep.on > end),
        )
    )


def _petitions(session: Session, p: Period) -> Rows:
    """Three statements: the petitions received in the period, those resolved in it, and those
    open (and overdue) at its end judged from the timeline."""
    recv = [Petition.received_on >= p.start, Petition.received_on <= p.end]
    sources, kinds = list(PetitionSource), list(PetitionKind)
    figures = _one(
        session,
        select(
            func.count(),
            *(_flag(Petition.source == s.value) for s in sources),
            *(_flag(Petition.kind == k.value) for k in kinds),
            _flag(Petition.eligible.is_(True)),
            _flag(Petition.eligible.is_(False)),
            _flag(Petition.within_competence.is_(True)),
            _flag(Petition.within_competence.is_(False)),
            *(_flag(Petition.outcome == outcome) for outcome, _ in OUTCOMES),
        ).where(*recv),
    )
    rows: Rows = [("Tổng số đơn tiếp nhận", next(figures), "petition.received")]
    for s in sources:
        rows.append(
            (f"   Nguồn: {SOURCE_LABELS[s].lower()}", next(figures), f"petition.source.{s.value}")
        )
    for k in kinds:
        rows.append(
            (f"   Loại: {KIND_LABELS[k].lower()}", next(figures), f"petition.kind.{k.value}")
        )
    rows.append(("Đơn đủ điều kiện xử lý", next(figures), "petition.eligible"))
    rows.append(("Đơn không đủ điều kiện xử lý", next(figures), "petition.not_eligible"))
    rows.append(("Đơn thuộc thẩm quyền", next(figures), "petition.competent"))
    rows.append(("Đơn không thuộc thẩm quyền", next(figures), "petition.not_competent"))
    for outcome, label in OUTCOMES:
        rows.append((f"   Xử lý: {label.lower()}", next(figures), f"petition.outcome.{outcome}"))

    res = [Petition.resolved_on >= p.start, Petition.resolved_on <= p.end]
    results = list(Result)
    on_time = petition_service.on_time_clause()
    figures = _one(
        session,
        select(
            func.count(),
            *(_flag(Petition.result == r.value) for r in results),
            _flag(on_time),
            _flag(~on_time),
        ).where(*res),
    )
    rows.append(("Số vụ việc đã giải quyết trong kỳ", next(figures), "petition.resolved"))
    for r in results:
        rows.append(
            (f"   Kết quả: {RESULT_LABELS[r].lower()}", next(figures), f"petition.result.{r.value}")
        )
    rows.append(("   Giải quyết đúng hạn", next(figures), "petition.on_time"))
    rows.append(("   Giải quyết quá hạn", next(figures), "petition.late"))

    open_at, overdue_at = _one(
        session,
        select(func.count(), _flag(petition_service.overdue_at_clause(p.end))).where(
            may_be_open_at(p.end), petition_service.open_at_clause(p.end)
        ),
    )
    rows.append(("Đơn còn đang xử lý cuối kỳ", open_at, "petition.open"))
    rows.append(("   trong đó quá hạn cuối kỳ", overdue_at, "petition.overdue"))
    return rows


def _corruption(session: Session, p: Period) -> Rows | None:
    """Counts only (no identity) from the protected area, when it is installed."""
    exists = session.execute(
        text("SELECT name FROM sqlite_master WHERE type='table' AND name='corruption_cases'")
    ).scalar()
    if not exists:
        return None
    cols = {r[1] for r in session.execute(text("PRAGMA table_info(corruption_cases)"))}
    date_col = next((c for c in ("received_on", "received_at", "created_at") if c in cols), None)
    if date_col is None or "state" not in cols:
        return None
    rows: Rows = []
    total = session.execute(
        text(f"SELECT count(*) FROM corruption_cases WHERE date({date_col}) BETWEEN :a AND :b"),
        {"a": p.start.isoformat(), "b": p.end.isoformat()},
    ).scalar()
    rows.append(("Tổng số tố cáo, phản ánh về tham nhũng tiếp nhận", int(total or 0), ""))
    counts = dict(
        session.execute(
            text(
                "SELECT state, count(*) FROM corruption_cases "
                f"WHERE date({date_col}) BETWEEN :a AND :b GROUP BY state"
            ),
            {"a": p.start.isoformat(), "b": p.end.isoformat()},
        ).all()
    )
    # The report is Vietnamese: a state is printed by its label (it printed the stored code,
    # "Trạng thái: received"), in the order of the workflow, every state listed so that
    # ``_merge`` keeps one met only in the other period.
    labels: dict[str, str] = {}
    with suppress(ImportError):
        from camau_reception.models.corruption import STATE_LABELS

        labels = {str(state): label.lower() for state, label in STATE_LABELS.items()}
    for state in [*labels, *sorted(set(counts) - set(labels))]:
        rows.append((f"{BREAKDOWN[1]}{labels.get(state, state)}", int(counts.get(state, 0)), ""))
    return rows


def _dossiers(session: Session, p: Period) -> tuple[Rows, dict[str, float]]:
    ind = dossiers.indicators(session, p.start, p.end)
    shares = ind.shares()
    rows: Rows = [
        ("Tổng số hồ sơ tiếp nhận", ind.total, "dossier.all"),
        ("Tỷ lệ hồ sơ trực tuyến (%)", shares["online"], ""),
        ("Tỷ lệ hồ sơ và kết quả được số hóa (%)", shares["digitised"], ""),
        ("Tỷ lệ thanh toán trực tuyến trong hồ sơ có phí (%)", shares["paid_online"], ""),
        ("Số hồ sơ đã trả kết quả", ind.returned, ""),
        ("   trả đúng hạn", ind.on_time, ""),
        ("   trả trễ hạn", ind.late, "dossier.late"),
        ("   trễ hạn có phiếu xin lỗi", ind.apologised, ""),
    ]
    return rows, ind.targets


def _satisfaction(session: Session, p: Period) -> Rows:
    sat = dossiers.satisfaction(session, p.start, p.end)
    rows: Rows = [("Số lượt đánh giá", sat["total"], ""), ("Chỉ số hài lòng (%)", sat["index"], "")]
    rows += [(f"   {k}", v, "") for k, v in sat["distribution"].items()]
    return rows


def _merge(title: str, cur: Rows, prev: Rows, note: str = "") -> Section:
    prev_map = {label: value for label, value, _ in prev}
    lines = [
        Line(label, value, prev_map.get(label, 0), key, "%" if "(%)" in label else "")
        for label, value, key in cur
        if value or prev_map.get(label, 0) or not label.startswith(BREAKDOWN)
    ]
    return Section(title, lines, note)


Progress = Callable[[int, int, str], None]  # (steps done, steps in all, what comes next)
STEPS = 6


def build_report(
    session: Session,
    period: Period,
    comparison: Period | None = None,
    progress: Progress | None = None,
) -> Report:
    """The whole report; ``progress`` (when given) hears of each section as it starts, so a
    window computing it in a worker thread can show how far it is."""
    comparison = comparison or period.same_last_year()
    step = 0

    def starting(what: str) -> None:
        nonlocal step
        if progress is not None:
            progress(step, STEPS, what)
        step += 1

    starting("Công tác tiếp công dân")
    sections = [
        _merge(
            "1. Công tác tiếp công dân",
            _reception(session, period),
            _reception(session, comparison),
        )
    ]
    starting("Tiếp nhận và xử lý đơn thư")
    sections.append(
        _merge(
            "2. Tiếp nhận, phân loại và xử lý đơn thư",
            _petitions(session, period),
            _petitions(session, comparison),
        )
    )
    starting("Tố cáo về tham nhũng")
    corr = _corruption(session, period)
    if corr is not None:
        sections.append(
            _merge(
                "3. Tố cáo, phản ánh về hành vi tham nhũng",
                corr,
                _corruption(session, comparison) or [],
                "Không công bố thông tin về người tố cáo.",
            )
        )
    starting("Giải quyết thủ tục hành chính")
    cur_d, targets = _dossiers(session, period)
    prev_d, _ = _dossiers(session, comparison)
    note = (
        "Chỉ tiêu: trực tuyến {online:.0f}%, số hóa {digitised:.0f}%, "
        "thanh toán trực tuyến {paid_online:.0f}%."
    ).format(**targets)
    n = len(sections) + 1
    sections.append(_merge(f"{n}. Giải quyết thủ tục hành chính", cur_d, prev_d, note))
    starting("Mức độ hài lòng")
    sections.append(
        _merge(
            f"{n + 1}. Mức độ hài lòng",
            _satisfaction(session, period),
            _satisfaction(session, comparison),
        )
    )
    starting("Diễn biến theo tháng")
    monthly = monthly_trend(session, period)
    if progress is not None:
        progress(STEPS, STEPS, "")
    return Report(period, comparison, sections, monthly)


def monthly_trend(session: Session, p: Period) -> list[tuple[str, int, int]]:
    # Dates and datetimes are stored as ISO text ("2026-03-09 08:30:00.000000"): the month is
    # its first seven characters, about twice as fast as strftime over a year of visits.
    visit_month = func.substr(Reception.received_at, 1, 7)
    visits = dict(
        session.execute(
            select(visit_month, func.count())
            .where(
                Reception.cancelled.is_(False),
                Reception.received_at >= p.lo,
                Reception.received_at <= p.hi,
            )
            .group_by(visit_month)
        ).all()
    )
    petition_month = func.substr(Petition.received_on, 1, 7)
    petitions = dict(
        session.execute(
            select(petition_month, func.count())
            .where(Petition.received_on >= p.start, Petition.received_on <= p.end)
            .group_by(petition_month)
        ).all()
    )
    out = []
    y, m = p.start.year, p.start.month
    while (y, m) <= (p.end.year, p.end.month):
        key = f"{y:04d}-{m:02d}"
        out.append((f"{m:02d}/{y}", int(visits.get(key, 0)), int(petitions.get(key, 0))))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


# --- drill-down -------------------------------------------------------------------------------


def records(session: Session, key: str, p: Period, limit: int = 500) -> list[tuple[str, str, str]]:
    """(code or date, name, summary) of the records behind a figure."""
    parts = key.split(".")
    if parts[0] == "reception":
        q = select(Reception).where(
            Reception.cancelled.is_(False),
            Reception.received_at >= p.lo,
            Reception.received_at <= p.hi,
        )
        if parts[1:2] == ["kind"]:
            q = q.where(Reception.kind == parts[2])
        elif parts[1:2] == ["groups"]:
            q = q.where(Reception.group_size >= 5)
        elif parts[1:2] == ["refused"]:
            q = q.where(Reception.outcome == "refused")
            if len(parts) > 2:
                q = q.where(Reception.refusal_reason == parts[2])
        q = q.order_by(Reception.received_at).limit(limit)
        return [
            (
                f"{r.received_at:%d/%m/%Y %H:%M}",
                r.citizen.full_name if r.citizen else "—",
                r.summary[:150],
            )
            for r in session.execute(q).scalars()
        ]
    if parts[0] == "petition":
        recv = [Petition.received_on >= p.start, Petition.received_on <= p.end]
        res = [Petition.resolved_on >= p.start, Petition.resolved_on <= p.end]
        what = parts[1]
        conds = {
            "received": recv,
            "eligible": [*recv, Petition.eligible.is_(True)],
            "not_eligible": [*recv, Petition.eligible.is_(False)],
            "competent": [*recv, Petition.within_competence.is_(True)],
            "not_competent": [*recv, Petition.within_competence.is_(False)],
            "resolved": res,
            "on_time": [*res, petition_service.on_time_clause()],
            "late": [*res, ~petition_service.on_time_clause()],
            "open": [may_be_open_at(p.end), petition_service.open_at_clause(p.end)],
            "overdue": [may_be_open_at(p.end), petition_service.overdue_at_clause(p.end)],
        }.get(what)
        if conds is None and len(parts) > 2:
            column = {
                "source": Petition.source,
                "kind": Petition.kind,
                "outcome": Petition.outcome,
                "result": Petition.result,
            }[what]
            conds = [*(res if what == "result" else recv), column == parts[2]]
        q = select(Petition).where(*(conds or recv)).order_by(Petition.received_on).limit(limit)
        return [
            (p_.code, p_.petitioner_name, p_.summary[:150]) for p_ in session.execute(q).scalars()
        ]
    if parts[0] == "dossier":
        from camau_reception.models.dossiers import Dossier

        q = select(Dossier).where(Dossier.received_at >= p.lo, Dossier.received_at <= p.hi)
        if parts[1] == "late":
            # The figure's own definition (returned on a day after the due day): comparing the
            # times listed a dossier returned at 18:30 on its due day (17:00), which is on time.
            q = q.where(dossiers.returned_late_clause())
        q = q.order_by(Dossier.received_at).limit(limit)
        return [
            (d.code, d.applicant_name, d.procedure.name[:150]) for d in session.execute(q).scalars()
        ]
    return []
