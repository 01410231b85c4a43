"""The reliability figures the integration tests prove, and the table ``make reliability`` prints.

``CAMAU_RELIABILITY=full`` runs the long form (hundreds of kills, thousands of concurrent
writes, thousands of hostile inputs); the default is the short form that ``make test`` runs.
The tests add their figures to a ``Tally``; the integration ``conftest.py`` prints the table at
the end of the run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

ENV = "CAMAU_RELIABILITY"

# (key, label) in the order of the table.
FIGURES: tuple[tuple[str, str], ...] = (
    ("kills", "kills survived (SIGKILL mid-write, mid-backup, mid-migration, mid-restore)"),
    ("rows_verified", "committed rows verified present (after kills, upgrades, restores)"),
    ("concurrent_writes", "concurrent writes (two programs, one file)"),
    ("conflicts_refused", "stale edits refused (optimistic version)"),
    ("inputs", "hostile inputs tried"),
    ("upgrades", "schema upgrades passed (fixture files)"),
    ("storage_failures", "disk-full / read-only saves refused cleanly"),
    ("backups_verified", "backups written and verified"),
    ("restores", "restores verified"),
    ("permission_checks", "permission checks exercised"),
    ("lost", "rows lost"),
)


def full() -> bool:
    return os.environ.get(ENV, "").lower() == "full"


def scale(short: int, long: int) -> int:
    """``short`` in ``make test``, ``long`` in ``make reliability``."""
    return long if full() else short


@dataclass
class Tally:
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, key: str, n: int = 1) -> None:
        if key not in dict(FIGURES):
            raise KeyError(key)
        self.counts[key] = self.counts.get(key, 0) + n

    def __getitem__(self, key: str) -> int:
        return self.counts.get(key, 0)

    def any(self) -> bool:
        return any(self.counts.values())

    def table(self, failed_tests: int = 0) -> str:
        """The figures; ``failed_tests``: tests of the run that failed (a run with failures
        proves nothing, whatever the counts say)."""
        mode = "full" if full() else "short"
        width = max(len(label) for _, label in FIGURES)
        lines = [
            f"Reliability ({mode} run)",
            "-" * (width + 12),
        ]
        for key, label in FIGURES:
            lines.append(f"{label:<{width}}  {self.counts.get(key, 0):>10,}")
        lines.append("-" * (width + 12))
        if self.counts.get("lost", 0):
            verdict = "DATA LOST"
        elif failed_tests:
            verdict = f"NOT PROVEN ({failed_tests} failed)"
        else:
            verdict = "ZERO LOST"
        lines.append(f"{'verdict':<{width - 8}}  {verdict:>18}")
        lines += self.notes
        return "\n".join(lines)


TALLY = Tally()
