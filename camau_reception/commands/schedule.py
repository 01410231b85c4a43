"""``print schedule --month 2026-12 | --quarter 2026-Q4 --out FILE.pdf [--roster [--final]]``
and ``export schedule --year 2026 --out FILE.ics|.xlsx``."""

from __future__ import annotations

import argparse
import re
from datetime import date

from camau_reception.cli import CliContext, CliRegistry


def _period(args: argparse.Namespace) -> str | None:
    period = args.month or args.quarter
    if args.quarter and re.fullmatch(r"\d{4}-[qQ][1-4]", args.quarter):
        period = args.quarter.upper()
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2]|Q[1-4])", period or ""):
        print("Kỳ không hợp lệ: dùng --month 2026-12 hoặc --quarter 2026-Q4.")
        return None
    return period


def _print(args: argparse.Namespace, ctx: CliContext) -> int:
    from camau_reception.services import schedule
    from camau_reception.services.actor import SYSTEM

    period = _period(args)
    if period is None:
        return 2
    with ctx.open_db().write() as session:
        if args.roster:
            schedule.print_roster(session, SYSTEM, period, date.today(), args.out, final=args.final)
            count = len(schedule.desk_between(session, *schedule.period_bounds(period)))
        else:
            schedule.print_schedule(
                session, SYSTEM, period, date.today(), args.out, with_desk=not args.no_desk
            )
            count = len(schedule.sessions_between(session, *schedule.period_bounds(period)))
    what = "lịch trực" if args.roster else "lịch tiếp"
    if args.roster and not args.final:
        what += " (bản nháp, chưa lấy số)"
    print(f"Đã in {what} {schedule.period_label(period)} ({count} dòng) vào {args.out}.")
    return 0


def _export(args: argparse.Namespace, ctx: CliContext) -> int:
    from camau_reception.services import schedule

    with ctx.open_db().read() as session:
        n = schedule.export_year(session, args.year, args.out)
    print(f"Đã xuất {n} buổi tiếp năm {args.year} vào {args.out}.")
    return 0


def register(cli: CliRegistry) -> None:
    p = cli.verb("print").add_parser("schedule", help="lịch tiếp công dân định kỳ để niêm yết")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--month", help="ví dụ 2026-12")
    group.add_argument("--quarter", help="ví dụ 2026-Q4")
    p.add_argument("--out", required=True, help="tệp PDF")
    p.add_argument("--no-desk", action="store_true", help="không in kèm lịch trực")
    p.add_argument("--roster", action="store_true", help="chỉ in lịch cán bộ trực tiếp công dân")
    p.add_argument(
        "--final",
        action="store_true",
        help="với --roster: ban hành lịch trực (lấy số văn bản); mặc định in bản nháp",
    )
    p.set_defaults(handler=_print)
    p = cli.verb("export").add_parser("schedule", help="lịch tiếp công dân (.ics hoặc .xlsx)")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--out", required=True, help="tệp .ics (lịch điện thoại) hoặc .xlsx")
    p.set_defaults(handler=_export)
