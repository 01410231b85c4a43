"""Read a CSV or XLSX file into rows, map its columns to our fields, report rejected rows.

All-or-nothing: the caller applies the accepted rows in one transaction, and the report says
which rows were rejected and why (row number as in the spreadsheet).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

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
    rejected: list[Rejected] = field(default_factory=list)

    @property
    def accepted(self) -> int:
        return self.created + self.updated

    def text(self) -> str:
        lines = [
            f"Tổng số dòng: {self.total}; thêm mới: {self.created}; cập nhật: {self.updated}; "
            f"bị từ chối: {len(self.rejected)}."
        ]
        for r in self.rejected[:200]:
            lines.append(f"  Dòng {r.row_number}: " + "; ".join(r.reasons))
        return "\n".join(lines)


def missing_required(mapping: dict[str, int | None], fields: list[FieldSpec]) -> list[str]:
    return [f.label for f in fields if f.required and mapping.get(f.key) is None]


def value(row: list[str], mapping: dict[str, int | None], key: str) -> str:
    i = mapping.get(key)
    return row[i] if i is not None and i < len(row) else ""
