"""``print corruption-report --year 2026 --out FILE.pdf`` and
``export corruption-report --year 2026 --out FILE.csv``: the yearly public report on handling
corruption denunciations (counts, outcomes, fields, processing times; no identities)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from camau_reception.cli import CliContext, CliRegistry


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"Năm không hợp lệ: {text!r}") from exc
    if not 2000 <= year <= 2100:
        raise argparse.ArgumentTypeError(f"Năm không hợp lệ: {text!r}")
    return year


def _print(args: argparse.Namespace, ctx: CliContext) -> int:
    from camau_reception.services import corruption

    out = Path(args.out).expanduser()
    with ctx.open_db().read() as session:
        report = corruption.print_year_report(session, args.year, out, date.today())
    print(
        f"Đã in báo cáo tố cáo tham nhũng năm {args.year} ({report.received} tin, đơn) vào {out}."
    )
    return 0


def _export(args: argparse.Namespace, ctx: CliContext) -> int:
    from camau_reception.exports.corruption_csv import write_report_csv
    from camau_reception.services import corruption

    out = Path(args.out).expanduser()
    with ctx.open_db().read() as session:
        report = corruption.yearly_report(session, args.year, date.today())
    write_report_csv(args.year, report.rows(), out)
    print(f"Đã xuất số liệu tố cáo tham nhũng năm {args.year} vào {out}.")
    return 0


def register(cli: CliRegistry) -> None:
    help_text = "báo cáo năm về tiếp nhận, xử lý tố cáo tham nhũng (không có danh tính)"
    p = cli.verb("print").add_parser("corruption-report", help=help_text)
    p.add_argument("--year", type=_year, required=True)
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.set_defaults(handler=_print)
    e = cli.verb("export").add_parser("corruption-report", help=help_text + ", dạng CSV")
    e.add_argument("--year", type=_year, required=True)
    e.add_argument("--out", required=True, metavar="FILE.csv")
    e.set_defaults(handler=_export)
