"""Public-service indicators of the dossiers, for any period, against the targets an
administrator sets (defaults from the department's plan: 90% online, 90% digitised, 80% of
fee-bearing dossiers paid online).

Period rule: a dossier belongs to the period in which it was **received**; on-time and late
are counted among those of them already returned (returned on the due date is on time), and
"apologised" among those returned late.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from camau_reception.models.dossiers import ApologyLetter, Channel, Dossier, Procedure
from camau_reception.models.users import Role
from camau_reception.services import settings as settings_service
from camau_reception.services.actor import Actor
from camau_reception.services.auth import require
from camau_reception.services.dossiers import open_late_clause, returned_late_clause
from camau_reception.services.errors import Collector

TARGETS: dict[str, float] = {"online": 90.0, "digitised": 90.0, "paid_online": 80.0}
TARGET_LABELS = {
    "online": "Hồ sơ trực tuyến",
    "digitised": "Hồ sơ và kết quả được số hóa",
    "paid_online": "Thanh toán trực tuyến (hồ sơ có phí)",
}
SHARE_LABELS = {
    **TARGET_LABELS,
    "on_time": "Trả kết quả đúng hạn",
    "late": "Trả kết quả trễ hạn",
    "apologised": "Trễ hạn có phiếu xin lỗi",
}
SETTING_PREFIX = "dossiers.target."


@dataclass
class Indicators:
    total: int
    online: int
    digitised: int
    fee_bearing: int
    paid_online: int
    returned: int
    on_time: int
    late: int
    apologised: int
    targets: dict[str, float] = field(default_factory=dict)
    open_overdue: int = 0  # still processing after the due day, at the end of the period

    @staticmethod
    def pct(n: int, d: int) -> float:
        return round(100.0 * n / d, 1) if d else 0.0

    def shares(self) -> dict[str, float]:
        return {
            "online": self.pct(self.online, self.total),
            "digitised": self.pct(self.digitised, self.total),
            "paid_online": self.pct(self.paid_online, self.fee_bearing),
            "on_time": self.pct(self.on_time, self.returned),
            "late": self.pct(self.late, self.returned),
            "apologised": self.pct(self.apologised, self.late),
        }

    def met(self) -> dict[str, bool]:
        """Each target met? (a share of nothing meets nothing)."""
        shares = self.shares()
        bases = {"online": self.total, "digitised": self.total, "paid_online": self.fee_bearing}
        return {k: bases[k] > 0 and shares[k] >= t for k, t in self.targets.items()}

    def counts(self) -> dict[str, tuple[int, int]]:
        """(numerator, denominator) of each share, for tables and tooltips."""
        return {
            "online": (self.online, self.total),
            "digitised": (self.digitised, self.total),
            "paid_online": (self.paid_online, self.fee_bearing),
            "on_time": (self.on_time, self.returned),
            "late": (self.late, self.returned),
            "apologised": (self.apologised, self.late),
        }


def targets(session: Session) -> dict[str, float]:
    out = {}
    for key, default in TARGETS.items():
        value = settings_service.get(session, SETTING_PREFIX + key, default)
        try:
            out[key] = float(value)
        except (TypeError, ValueError):
            out[key] = default  # a hand-edited setting must not break the dashboard
    return out


def set_targets(session: Session, actor: Actor, values: dict[str, float]) -> dict[str, float]:
    """The administrator sets the targets (percent, 0–100); unknown keys are refused."""
    require(actor, Role.ADMIN)
    c = Collector()
    clean: dict[str, float] = {}
    for key, value in values.items():
        if key not in TARGETS:
            c.add(key, "Không có chỉ tiêu này.")
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number) or not 0 <= number <= 100:
            c.add(key, "Chỉ tiêu là một tỷ lệ phần trăm từ 0 đến 100.")
        else:
            clean[key] = round(number, 1)
    c.raise_if_any()
    for key, number in clean.items():
        settings_service.put(session, actor, SETTING_PREFIX + key, number)
    return targets(session)


def _flag(cond) -> object:
    return func.sum(case((cond, 1), else_=0))


def indicators(session: Session, start: date, end: date) -> Indicators:
    """Dossiers received in [start, end]; on time / late among those returned."""
    lo = datetime.combine(start, time.min)
    hi = datetime.combine(end + timedelta(days=1), time.min)
    has_letter = select(ApologyLetter.id).where(ApologyLetter.dossier_id == Dossier.id).exists()
    returned = Dossier.returned_at.is_not(None)
    late = returned_late_clause()
    row = session.execute(
        select(
            func.count(Dossier.id),
            _flag(Dossier.channel == Channel.ONLINE.value),
            _flag(and_(Dossier.digitised, Dossier.result_digitised)),
            _flag(Procedure.has_fee),
            _flag(and_(Procedure.has_fee, Dossier.fee_paid_online)),
            _flag(returned),
            _flag(and_(returned, ~late)),
            _flag(late),
            _flag(and_(late, has_letter)),
            _flag(open_late_clause(end + timedelta(days=1))),
        )
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .where(Dossier.received_at >= lo, Dossier.received_at < hi)
    ).one()
    v = [int(x or 0) for x in row]
    return Indicators(*v[:9], targets=targets(session), open_overdue=v[9])


def month_starts(start: date, end: date) -> list[tuple[date, date]]:
    """[start, end] cut at month boundaries."""
    out = []
    a = start
    while a <= end:
        nxt = date(a.year + (a.month == 12), a.month % 12 + 1, 1)
        b = min(end, nxt - timedelta(days=1))
        out.append((a, b))
        a = nxt
    return out


def by_month(session: Session, start: date, end: date) -> list[tuple[date, Indicators]]:
    """Indicators month by month (first day of each month, figures) for charts and exports."""
    return [(a, indicators(session, a, b)) for a, b in month_starts(start, end)]
