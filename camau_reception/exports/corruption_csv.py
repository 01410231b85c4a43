"""The yearly report on corruption denunciations as CSV for the department's portal.

UTF-8 with a byte-order mark (Excel on Windows opens it with the right accents), comma
separated, one row per figure: section, item, value. Counts only: no row can name anybody.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

HEADER = ("Năm", "Nhóm chỉ tiêu", "Chỉ tiêu", "Số liệu")


def report_csv(year: int, rows: Sequence[tuple[str, str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(HEADER)
    for section, item, value in rows:
        writer.writerow((year, section, item, value))
    return buf.getvalue()


def write_report_csv(year: int, rows: Sequence[tuple[str, str, str]], out: Path) -> None:
    out = Path(out)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(report_csv(year, rows), encoding="utf-8-sig", newline="")
    tmp.replace(out)  # never a half-written file on the portal
