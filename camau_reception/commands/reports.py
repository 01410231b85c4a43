"""``print report`` and ``export report`` for any date range."""

from __future__ import annotations

import argparse
from pathlib import Path

from camau_reception.cli import CliContext, CliRegistry, parse_date


def _build(args: argparse.Namespace, ctx: CliContext):
    from camau_reception.services.reports import Period, build_report

    db = ctx.open_db()
    with db.read() as session:
        return build_report(session, Period(args.date_from, args.date_to))


def _print(args: argparse.Namespace, ctx: CliContext) -> int:
    from datetime import date

    from camau_reception.domain.agency import SAMPLE_AGENCY
    from camau_reception.printing.report import render_report
    from camau_reception.services import agency, numbering
    from camau_reception.services.actor import SYSTEM

    report = _build(args, ctx)
    with ctx.open_db().write() as session:
        today = date.today()
        doc = numbering.issue_number(
            session,
            SYSTEM,
            "BC",
            today,
            title="Báo cáo định kỳ",
            entity="report",
            entity_id=f"{args.date_from}:{args.date_to}",
        )
        render_report(
            report, agency.get_profile(session) or SAMPLE_AGENCY, doc.number, today, Path(args.out)
        )
    print(f"Đã in báo cáo {doc.number} vào {args.out}.")
    return 0


def _export(args: argparse.Namespace, ctx: CliContext) -> int:
    from camau_reception.exports.report_xlsx import write_report_xlsx

    write_report_xlsx(_build(args, ctx), Path(args.out))
    print(f"Đã xuất báo cáo vào {args.out}.")
    return 0


def register(cli: CliRegistry) -> None:
    for verb, handler, help_text in (
        ("print", _print, "báo cáo định kỳ (PDF)"),
        ("export", _export, "báo cáo định kỳ (Excel)"),
    ):
        p = cli.verb(verb).add_parser("report", help=help_text)
        p.add_argument("--from", dest="date_from", type=parse_date, required=True)
        p.add_argument("--to", dest="date_to", type=parse_date, required=True)
        p.add_argument("--out", required=True)
        p.set_defaults(handler=handler)
