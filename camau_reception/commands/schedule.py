"""``print schedule --month 2026-12`` and ``export schedule --year 2026 --out FILE.ics|.xlsx``."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from camau_reception.cli import CliContext, CliRegistry


def _print(args: argparse.Namespace, ctx: CliContext) -> int:
    from camau_reception.domain.agency import SAMPLE_AGENCY
    from camau_reception.printing.duty_schedule import render_schedule
    from camau_reception.services import agency, numbering, schedule
    from camau_reception.services.actor import SYSTEM

    period = args.month or args.quarter
    start, end = schedule.period_bounds(period)
    label = f"tháng {start:%m/%Y}" if args.month else f"quý {period[-1]} năm {start.year}"
    with ctx.open_db().write() as session:
        sessions = schedule.sessions_between(session, start, end)
        desk = schedule.desk_between(session, start, end)
        doc = numbering.issue_number(
            session,
            SYSTEM,
            "LTCD",
            date.today(),
            title="Lịch tiếp công dân",
            entity="schedule",
            entity_id=period,
        )
        render_schedule(
            agency.get_profile(session) or SAMPLE_AGENCY,
            label,
            sessions,
            desk,
            doc.number,
            date.today(),
            out=Path(args.out),
        )
    print(f"Đã in lịch {label} ({len(sessions)} buổi) vào {args.out}.")
    return 0


def _export(args: argparse.Namespace, ctx: CliContext) -> int:
    from camau_reception.exports.schedule_ics import write_ics, write_xlsx
    from camau_reception.services import agency, schedule

    with ctx.open_db().read() as session:
        sessions = schedule.sessions_between(
            session, date(args.year, 1, 1), date(args.year, 12, 31)
        )
        profile = agency.get_profile(session)
        if str(args.out).lower().endswith(".xlsx"):
            write_xlsx(sessions, args.out)
        else:
            write_ics(sessions, args.out, profile.name if profile else "")
    print(f"Đã xuất {len(sessions)} buổi tiếp vào {args.out}.")
    return 0


def register(cli: CliRegistry) -> None:
    p = cli.verb("print").add_parser("schedule", help="lịch tiếp công dân định kỳ để niêm yết")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--month", help="ví dụ 2026-12")
    group.add_argument("--quarter", help="ví dụ 2026-Q4")
    p.add_argument("--out", required=True)
    p.set_defaults(handler=_print)
    p = cli.verb("export").add_parser("schedule", help="lịch tiếp công dân (.ics hoặc .xlsx)")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--out", required=True)
    p.set_defaults(handler=_export)
