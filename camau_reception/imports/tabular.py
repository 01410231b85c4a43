"""Read a CSV or XLSX file into rows, map its columns to our fields, preview, report rejected
rows. Reusable by any area that imports a spreadsheet.

The steps an import goes through (the window's wizard and the command line alike):

1. ``read_table(path)``: the first sheet (or the CSV, any common encoding and delimiter) as
   text rows, NFC-normalised; a damaged file is an ``ImportFileError`` with a Vietnamese
   message, never a crash;
2. ``guess_mapping(headers, fields)``: field -> column by header name (accents ignored), which
   the user may correct; ``mapping_problems`` names what is still wrong;
3. ``preview_rows``: the first rows as they will be read;
4. the area's importer applies every valid row and reports each rejected one by its
   spreadsheet row number, inside the caller's single transaction (``run_import``): a dry run
   rolls it back, ``strict`` rolls it back as soon as one row is rejected, and any failure
   leaves nothing half-imported.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from camau_reception.storage.db import Database

from camau_reception.domain.text import fold, normalize

MAX_COLUMNS = 200
MAX_ROWS = 500_000


class ImportFileError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]  # data rows, each as long as headers
    first_row_number: int = 2  # spreadsheet row number of rows[0]


def read_table(path: Path) -> Table:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix in (".csv", ".txt"):
        return _read_csv(path)
    raise ImportFileError("Chỉ nhập được tệp Excel (.xlsx) hoặc CSV (.csv).")


def _clean(values: list[object]) -> list[str]:
    return [normalize("" if v is None else str(v)) for v in values]


def _read_csv(path: Path) -> Table:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1258", "latin-1"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(1_000_000)
    try:
        reader = csv.reader(io.StringIO(text), dialect)
        header = next(reader, None)
        if header is None:
            raise ImportFileError("Tệp trống.")
        if len(header) > MAX_COLUMNS:
            raise ImportFileError(f"Tệp có {len(header)} cột, quá {MAX_COLUMNS} cột cho phép.")
        rows = []
        for row in reader:
            if len(rows) >= MAX_ROWS:
                raise ImportFileError(f"Tệp có quá {MAX_ROWS} dòng.")
            rows.append((_clean(row) + [""] * len(header))[: len(header)])
    except csv.Error as exc:
        raise ImportFileError(f"Tệp CSV bị lỗi: {exc}") from exc
    return Table(_clean(header), rows)


def _read_xlsx(path: Path) -> Table:
    import zlib
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    # A damaged workbook fails in many ways (zip, zlib, XML, openpyxl's own checks): every one
    # becomes the same clear message instead of a crash.
    damaged = (BadZipFile, OSError, KeyError, ValueError, TypeError, EOFError, zlib.error)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except damaged as exc:
        raise ImportFileError(f"Không đọc được tệp Excel: {exc}") from exc
    try:
        return _sheet_table(wb)
    except ImportFileError:
        raise
    except Exception as exc:  # XML parse errors come from several libraries
        raise ImportFileError(f"Tệp Excel bị hỏng, không đọc được: {exc}") from exc
    finally:
        wb.close()


def _sheet_table(wb) -> Table:  # wb: openpyxl Workbook
    ws = wb.worksheets[0]
    it = ws.iter_rows(values_only=True)
    header = next(it, None)
    if header is None:
        raise ImportFileError("Bảng tính trống.")
    header_clean = _clean(list(header))
    while header_clean and not header_clean[-1]:
        header_clean.pop()
    if len(header_clean) > MAX_COLUMNS:
        raise ImportFileError(f"Bảng tính có quá {MAX_COLUMNS} cột.")
    rows = []
    for values in it:
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(f"Bảng tính có quá {MAX_ROWS} dòng.")
        row = (_clean(list(values)) + [""] * len(header_clean))[: len(header_clean)]
        if any(row):
            rows.append(row)
    return Table(header_clean, rows)


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    required: bool = True
    aliases: tuple[str, ...] = ()


def guess_mapping(headers: list[str], fields: list[FieldSpec]) -> dict[str, int | None]:
    """Field key -> column index, matched on folded header names and aliases."""
    folded = [fold(h) for h in headers]
    mapping: dict[str, int | None] = {}
    for f in fields:
        names = [fold(f.label), fold(f.key), *(fold(a) for a in f.aliases)]
        mapping[f.key] = next((i for i, h in enumerate(folded) if h in names), None)
        if mapping[f.key] is None:
            mapping[f.key] = next(
                (i for i, h in enumerate(folded) if any(n and n in h for n in names)), None
            )
    return mapping


@dataclass
class Rejected:
    row_number: int
    reasons: list[str]


@dataclass
class ImportReport:
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    applied: bool = True  # False after a dry run or a strict import with rejections

    @property
    def accepted(self) -> int:
        return self.created + self.updated + self.unchanged

    def count(self, status: str) -> None:
        """Tally an importer's "created" / "updated" / "unchanged"."""
        setattr(self, status, getattr(self, status) + 1)

    def summary(self) -> str:
        return (
            f"Tổng số dòng: {self.total}; thêm mới: {self.created}; cập nhật: {self.updated}; "
            f"không đổi: {self.unchanged}; bị từ chối: {len(self.rejected)}."
        )

    def text(self, limit: int = 200) -> str:
        lines = [self.summary()]
        for r in self.rejected[:limit]:
            lines.append(f"  Dòng {r.row_number}: " + "; ".join(r.reasons))
        if len(self.rejected) > limit:
            lines.append(f"  … và {len(self.rejected) - limit} dòng khác (xem tệp báo cáo).")
        return "\n".join(lines)

    def write_rejections(self, path: Path) -> None:
        """The rejection report as a CSV that opens in Excel (UTF-8 with BOM)."""
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["Dòng", "Lý do bị từ chối"])
            for r in self.rejected:
                writer.writerow([r.row_number, "; ".join(r.reasons)])


class ImportRejected(Exception):
    """A strict import met rejected rows: raised inside the transaction so nothing is saved."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(report.summary())
        self.report = report


def missing_required(mapping: dict[str, int | None], fields: list[FieldSpec]) -> list[str]:
    return [f.label for f in fields if f.required and mapping.get(f.key) is None]


def mapping_problems(
    mapping: dict[str, int | None], fields: list[FieldSpec], headers: list[str]
) -> list[str]:
    """What keeps a mapping from being used: required fields with no column, a column given to
    two fields, a column that does not exist."""
    problems = [f"Chưa chọn cột cho “{label}”." for label in missing_required(mapping, fields)]
    labels = {f.key: f.label for f in fields}
    used: dict[int, str] = {}
    for key, col in mapping.items():
        if col is None:
            continue
        if not 0 <= col < len(headers):
            problems.append(f"Cột đã chọn cho “{labels.get(key, key)}” không có trong tệp.")
        elif col in used:
            problems.append(
                f"Cột “{headers[col]}” được chọn cho cả “{used[col]}” và “{labels.get(key, key)}”."
            )
        else:
            used[col] = labels.get(key, key)
    return problems


def preview_rows(
    table: Table, mapping: dict[str, int | None], fields: list[FieldSpec], limit: int = 20
) -> list[tuple[int, dict[str, str]]]:
    """The first rows as the importer will read them: (spreadsheet row number, field -> text)."""
    out = []
    for n, row in enumerate(table.rows[:limit], table.first_row_number):
        out.append((n, {f.key: value(row, mapping, f.key) for f in fields}))
    return out


Importer = Callable[..., ImportReport]


def run_import(
    db: Database,
    importer: Importer,
    table: Table,
    mapping: dict[str, int | None],
    *args: Any,
    dry_run: bool = False,
    strict: bool = False,
    **kwargs: Any,
) -> ImportReport:
    """``importer(session, *args, table, mapping, **kwargs)`` in one write transaction.

    ``dry_run``: check every row and roll back (the preview of what would happen).
    ``strict``: import nothing if any row is rejected. Any exception rolls everything back.
    """
    report: ImportReport | None = None
    try:
        with db.write() as session:
            report = importer(session, *args, table, mapping, **kwargs)
            if strict and report.rejected:
                raise ImportRejected(report)
            if dry_run:
                session.rollback()
                report.applied = False
    except ImportRejected as exc:
        exc.report.applied = False
        return exc.report
    assert report is not None
    return report


def value(row: list[str], mapping: dict[str, int | None], key: str) -> str:
    i = mapping.get(key)
    return row[i] if i is not None and i < len(row) else ""


# --- cell parsers shared by importers ------------------------------------------------------------

_YES = {"co", "x", "1", "true", "yes", "da", "dung", "c", "y"}


def yes(text: str) -> bool:
    """ "Có", "x", "1", "Đã" … as true; anything else (empty included) as false."""
    return fold(text) in _YES


_DATETIME_FORMATS = (
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %Hh%M",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%H:%M %d/%m/%Y",
    "%H:%M:%S %d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
)


def parse_datetime(text: str):  # -> datetime
    """A date and time as Vietnamese offices write them (05/01/2026 08:30) or as Excel and
    ISO give them (2026-01-05 08:30:00)."""
    from datetime import datetime

    clean = " ".join(text.replace("\u00a0", " ").split())
    for fmt in _DATETIME_FORMATS:
        try:
            return datetime.strptime(clean, fmt)
        except ValueError:
            continue
    raise ValueError(f"“{clean}” không phải ngày giờ hợp lệ (dạng 05/01/2026 08:30)")


def parse_whole_number(text: str, unit: str = "") -> int:
    """ "5", "5 ngày", "5,0", "05" -> 5; fractions, infinities and words are refused."""
    import math

    clean = normalize(text)
    if unit and fold(clean).endswith(fold(unit)):
        clean = clean[: len(clean) - len(unit)].strip()
    first = clean.split(" ")[0].replace(",", ".") if clean else ""
    try:
        number = float(first)
    except ValueError:
        raise ValueError(f"“{text}” không phải một số") from None
    if not math.isfinite(number) or number != int(number) or abs(number) > 1_000_000:
        raise ValueError(f"“{text}” không phải một số nguyên hợp lệ")
    return int(number)
