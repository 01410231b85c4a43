"""``print petition-form``, ``deadline`` and ``petitions due`` on the command line."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from camau_reception.cli import CliContext, CliRegistry, parse_date
from camau_reception.services.actor import SYSTEM


def _print_form(args: argparse.Namespace, ctx: CliContext) -> int:
    from camau_reception.printing.petition_forms import FORM_LABELS
    from camau_reception.services import petitions
    from camau_reception.services.errors import ServiceError

    db = ctx.open_db()
    try:
        with db.write() as session:
            p = petitions.by_code(session, args.petition)
            if p is None:
                print(f"Không có đơn mã {args.petition}.", file=sys.stderr)
                return 2
            doc = petitions.issue_form(
                session,
                SYSTEM,
                p.id,
                args.kind,
                on=args.date or date.today(),
                out=Path(args.out),
                signer_title=args.signer_title,
                signer_name=args.signer_name,
                new_number=args.new_number,
            )
            number = doc.number
    except ServiceError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    print(
        f"Đã in {FORM_LABELS[args.kind].lower()} số {number} của đơn {args.petition} vào {args.out}."
    )
    return 0


def _rules_and_calendar(ctx: CliContext):
    """The database's rule versions and calendar overrides; the shipped ones without a file."""
    from camau_reception.domain.calendar import WorkCalendar
    from camau_reception.domain.deadlines import default_rulebook

    if not (ctx.db_path.exists() and ctx.db_path.stat().st_size > 0):
        return default_rulebook(), WorkCalendar(), False
    from camau_reception.services.calendar import load_calendar
    from camau_reception.services.deadline_rules import rulebook

    with ctx.open_db().read() as session:
        return rulebook(session), load_calendar(session), True


def _deadline(args: argparse.Namespace, ctx: CliContext) -> int:
    from camau_reception.domain.deadlines import UNITS, UnknownRule, compute_deadline

    book, calendar, from_db = _rules_and_calendar(ctx)
    if args.list or not args.rule:
        on = args.start or date.today()
        print(f"Quy tắc thời hạn có hiệu lực ngày {on:%d/%m/%Y}:")
        for rule in book.in_force(on):
            print(
                f"  {rule.id:<34} {rule.days:>3} {UNITS[rule.unit]:<14} {rule.label} "
                f"({rule.source}; từ {rule.effective_from:%d/%m/%Y})"
            )
        return 0
    if args.start is None:
        print("Hãy cho biết ngày bắt đầu tính: --from 2026-07-01", file=sys.stderr)
        return 2
    try:
        d = compute_deadline(args.rule, args.start, calendar, book)
    except UnknownRule as exc:
        print(exc.message, file=sys.stderr)
        print("Xem danh sách quy tắc: deadline --list", file=sys.stderr)
        return 2
    print(f"{d.due:%d/%m/%Y}")
    print(d.explanation)
    if not from_db:
        print(
            "(Chưa có cơ sở dữ liệu: tính theo quy tắc và lịch nghỉ mặc định, "
            "chưa gồm điều chỉnh của quản trị.)"
        )
    return 0


def _due(args: argparse.Namespace, ctx: CliContext) -> int:
    from camau_reception.services import dashboard

    on = args.on or date.today()
    with ctx.open_db().read() as session:
        data = dashboard.compute(session, on, limit=args.limit)
    print(f"Đơn thư ngày {on:%d/%m/%Y}:")
    for key in dashboard.BUCKETS:
        print(f"\n{dashboard.BUCKET_LABELS[key]}: {data.counts[key]}")
        for row in data.lists[key]:
            due = f"{row.due_on:%d/%m/%Y}" if row.due_on else "—"
            print(
                f"  {row.code:<14} hạn {due}  {row.kind_label:<10} {row.petitioner} ({row.officer})"
            )
    if data.overdue_by_officer:
        print(
            "\nQuá hạn theo cán bộ: " + "; ".join(f"{n}: {c}" for n, c in data.overdue_by_officer)
        )
    return 1 if args.fail_if_overdue and data.counts[dashboard.OVERDUE] else 0


def register(cli: CliRegistry) -> None:
    from camau_reception.printing.petition_forms import FORM_KINDS, FORM_LABELS

    p = cli.verb("print").add_parser(
        "petition-form",
        help="giấy tờ xử lý đơn: " + ", ".join(f"{k} ({v})" for k, v in FORM_LABELS.items()),
    )
    p.add_argument("kind", choices=FORM_KINDS)
    p.add_argument("--petition", required=True, metavar="MÃ", help="mã đơn, ví dụ DT-2026-0001")
    p.add_argument("--out", required=True, help="tệp PDF")
    p.add_argument("--date", type=parse_date, default=None, help="ngày ban hành (mặc định hôm nay)")
    p.add_argument("--signer-title", default="", help="ví dụ: PHÓ GIÁM ĐỐC (ký thay)")
    p.add_argument("--signer-name", default="")
    p.add_argument("--new-number", action="store_true", help="cấp số mới thay vì in lại số cũ")
    p.set_defaults(handler=_print_form)

    d = cli.command("deadline", "tính thời hạn theo quy tắc, kèm giải thích", _deadline)
    d.add_argument("rule", nargs="?", help="mã quy tắc, ví dụ complaint.accept")
    d.add_argument("--from", dest="start", type=parse_date, help="ngày bắt đầu tính")
    d.add_argument("--list", action="store_true", help="liệt kê quy tắc có hiệu lực")

    due = cli.command("petitions-due", "đơn đến hạn, sắp đến hạn, quá hạn, chờ phân loại", _due)
    due.add_argument("--on", type=parse_date, default=None, help="ngày xem (mặc định hôm nay)")
    due.add_argument("--limit", type=int, default=50)
    due.add_argument("--fail-if-overdue", action="store_true", help="mã thoát 1 khi có đơn quá hạn")
