"""Integration tests: the reliability tally and its table at the end of the run."""

from __future__ import annotations

import pytest

from camau_reception.reliability import TALLY, Tally


@pytest.fixture(scope="session")
def tally() -> Tally:
    return TALLY


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if TALLY.any():
        failed = len(terminalreporter.stats.get("failed", [])) + len(
            terminalreporter.stats.get("error", [])
        )
        terminalreporter.write_sep("=", "reliability")
        terminalreporter.write_line(TALLY.table(failed_tests=failed))
