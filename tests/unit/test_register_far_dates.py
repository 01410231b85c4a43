"""Register filters and the printed register accept any day a date picker offers (to 9999-12-31).

The sort key (minutes since 2000 shifted by 36 bits) leaves SQLite's INTEGER range after about
2255; bounds past it are clamped instead of overflowing.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from camau_reception.exports import register_xlsx as paper
from camau_reception.services import reception as svc
from camau_reception.services import reception_search as rs
from camau_reception.services.actor import Actor
from camau_reception.services.reception_search import RegisterFilter
from camau_reception.storage.db import Database
from tests.unit.test_reception_support import NOW, visit

LAST_DAY = date(9999, 12, 31)


@pytest.fixture
def one_visit(db: Database, officer: Actor) -> int:
    with db.write() as s:
        return svc.record(s, officer, visit(received_at=datetime(2026, 3, 9, 8, 0)), now=NOW).id


@pytest.mark.parametrize(
    ("day_from", "day_to", "expected"),
    [
        (LAST_DAY, None, 0),
        (LAST_DAY, LAST_DAY, 0),
        (date(2256, 1, 1), None, 0),
        (date(2300, 6, 1), date(2300, 6, 30), 0),
        (None, LAST_DAY, 1),
        (date(2026, 3, 9), LAST_DAY, 1),
        (date(1, 1, 1), LAST_DAY, 1),
        (date(1, 1, 1), date(2025, 12, 31), 0),
        (date(2099, 12, 31), LAST_DAY, 0),
    ],
)
def test_filters_with_days_at_the_ends_of_the_calendar(
    db: Database,
    one_visit: int,
    day_from: date | None,
    day_to: date | None,
    expected: int,
) -> None:
    flt = RegisterFilter(date_from=day_from, date_to=day_to)
    search = RegisterFilter(text="Nguyễn", date_from=day_from, date_to=day_to)
    with db.read() as s:
        assert rs.count(s, flt) == expected
        assert [r.id for r in rs.page(s, flt)] == [one_visit] * expected
        assert rs.count(s, search) == expected
        assert [r.id for r in rs.page(s, search)] == [one_visit] * expected
        if day_from is not None and day_to is not None:
            assert rs.ids_in_range(s, day_from, day_to) == [one_visit] * expected
            assert len(paper.register_lines(s, day_from, day_to)) == expected


def test_key_bounds_stay_in_sqlite_integer_range() -> None:
    top = (1 << 63) - 1
    for day_from, day_to in [(LAST_DAY, LAST_DAY), (None, LAST_DAY), (date(2255, 1, 1), None)]:
        lo, hi = rs.key_bounds(day_from, day_to)
        assert 0 <= lo <= top + 1 and 0 <= hi <= top
    # A range that starts past the last key is empty, even when it ends there too.
    lo, hi = rs.key_bounds(LAST_DAY, LAST_DAY)
    assert lo > hi
    # Representable days keep their exact bounds.
    assert rs.key_bounds(date(2026, 3, 9), date(2026, 3, 9)) == rs.sort_key_bounds(
        date(2026, 3, 9), date(2026, 3, 9)
    )
