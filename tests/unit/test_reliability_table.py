"""The verdict line of the reliability table can only say ZERO LOST when it was proven."""

from __future__ import annotations

from camau_reception.reliability import Tally


def _verdict(table: str) -> str:
    return table.splitlines()[-1]


def test_zero_lost_only_for_a_clean_run() -> None:
    tally = Tally()
    tally.add("kills", 30)
    tally.add("rows_verified", 1200)
    assert _verdict(tally.table()).endswith("ZERO LOST")
    assert "NOT PROVEN (2 failed)" in _verdict(tally.table(failed_tests=2))
    tally.add("lost")
    assert _verdict(tally.table()).endswith("DATA LOST")
    assert _verdict(tally.table(failed_tests=1)).endswith("DATA LOST")
    # Figures keep their order and thousands separators.
    assert "1,200" in tally.table()
