"""``print register``, ``export register`` and the paper of one visit on the command line:
``print receipt``, ``print appointment-slip``, ``print refusal-notice``.

Dates are read here rather than by argparse, so that a bad date or a reversed range gives one
Vietnamese sentence on stderr (and exit code 2) instead of argparse's English usage error.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from camau_reception.cli import CliContext, CliRegistry, Handler, parse_date
from camau_reception.services.actor import SYSTEM

FORM_TARGETS = {
    "receipt": "receipt",
    "appointment-slip": "appointment",
    "refusal-notice": "refusal",
}


def _day(text: str | None, what: str) -> date | None:
    if text is None:
        return None
    try:
        return parse_date(text)
    except argparse.ArgumentTypeError as exc:
        print(f"{what}: {exc}", file=sys.stderr)
        return None


def _range(args: argparse.Namespace) -> tuple[date, date] | None:
    """The --from and --to days, checked; None after printing why they are unusable."""
    from camau_reception.exports.register_xlsx import check_range
    from camau_reception.services.errors import ValidationError

    day_from = _day(args.date_from, "--from")
    day_to = _day(args.date_to, "--to")
    if day_from is None or day_to is None:
        return None
    try:
        return check_range(day_from, day_to)
    except ValidationError as exc:
        print("; ".join(exc.errors.values()), file=sys.stderr)
        return None


def _wording_errors(handler: Handler) -> Handler:
    """An unusable wording file (reception_forms.toml) is a message, not a traceback."""

    def run(args: argparse.Namespace, ctx: CliContext) -> int:
        from camau_reception.printing.apology_letter import WordingError

        try:
            return handler(args, ctx)
        except WordingError as exc:
            print(exc.message, file=sys.stderr)
            return 1

    return run


@_wording_errors
def _print_register(args: argparse.Namespace, ctx: CliContext) -> int:
    from camau_reception.exports.register_xlsx import print_register

    days = _range(args)
    if days is None:
        return 2
    result = print_register(ctx.open_db(), SYSTEM, days[0], days[1], Path(args.out))
    if result is None:
        return 1
    print(
        f"Đã in sổ tiếp công dân từ {days[0]:%d/%m/%Y} đến {days[1]:%d/%m/%Y}: "
        f"{result.visits} lượt tiếp, {result.pages} trang, vào {args.out}."
    )
    return 0


@_wording_errors
def _export_register(args: argparse.Namespace, ctx: CliContext) -> int:
    from camau_reception.exports.register_xlsx import export_register

    days = _range(args)
    if days is None:
        return 2
    result = export_register(ctx.open_db(), SYSTEM, days[0], days[1], Path(args.out))
    if result is None:
        return 1
    print(
        f"Đã xuất sổ tiếp công dân từ {days[0]:%d/%m/%Y} đến {days[1]:%d/%m/%Y}: "
        f"{result.visits} lượt tiếp, vào {args.out}."
    )
    return 0


@_wording_errors
def _print_form(args: argparse.Namespace, ctx: CliContext) -> int:
    from camau_reception.exports.register_xlsx import issue_visit_form
    from camau_reception.printing.reception_forms import FORM_LABELS

    kind = FORM_TARGETS[args.print_what]
    on = date.today()
    if args.date is not None:
        parsed = _day(args.date, "--date")
        if parsed is None:
            return 2
        on = parsed
    with ctx.open_db().write() as session:
        doc = issue_visit_form(
            session,
            SYSTEM,
            args.id,
            kind,
            on=on,
            out=Path(args.out),
            two_per_sheet=getattr(args, "two_per_sheet", None),
            signer_title=getattr(args, "signer_title", ""),
            signer_name=getattr(args, "signer_name", ""),
            new_number=args.new_number,
        )
        number = doc.number
    print(f"Đã in {FORM_LABELS[kind].lower()} số {number} của lượt tiếp #{args.id} vào {args.out}.")
    return 0


def register(cli: CliRegistry) -> None:
    for verb, handler, help_text, suffix in (
        ("print", _print_register, "sổ tiếp công dân (Mẫu 03/TCD, PDF khổ A4 ngang)", ".pdf"),
        ("export", _export_register, "sổ tiếp công dân (Excel)", ".xlsx"),
    ):
        p = cli.verb(verb).add_parser("register", help=help_text)
        p.add_argument(
            "--from",
            dest="date_from",
            required=True,
            metavar="NGÀY",
            help="2026-03-01 hoặc 01/03/2026",
        )
        p.add_argument(
            "--to", dest="date_to", required=True, metavar="NGÀY", help="2026-03-31 hoặc 31/03/2026"
        )
        p.add_argument("--out", required=True, help=f"tệp {suffix}")
        p.set_defaults(handler=handler)

    for target, help_text in (
        ("receipt", "giấy biên nhận thông tin, tài liệu của một lượt tiếp (Mẫu 02/TCD)"),
        ("appointment-slip", "phiếu hẹn gặp lãnh đạo của một lượt tiếp"),
        ("refusal-notice", "thông báo từ chối tiếp công dân (Mẫu 01/TCD)"),
    ):
        p = cli.verb("print").add_parser(target, help=help_text)
        p.add_argument("--id", type=int, required=True, help="số lượt tiếp trong sổ (#)")
        p.add_argument("--out", required=True, help="tệp PDF")
        p.add_argument(
            "--date", default=None, metavar="NGÀY", help="ngày ban hành (mặc định hôm nay)"
        )
        p.add_argument("--new-number", action="store_true", help="cấp số mới thay vì in lại số cũ")
        if target == "receipt":
            _sheet_options(p)
        if target == "refusal-notice":
            p.add_argument("--signer-title", default="", help="ví dụ: PHÓ GIÁM ĐỐC (ký thay)")
            p.add_argument("--signer-name", default="")
        p.set_defaults(handler=_print_form)


def _sheet_options(p: argparse.ArgumentParser) -> None:
    sheet = p.add_mutually_exclusive_group()
    sheet.add_argument(
        "--two-per-sheet",
        dest="two_per_sheet",
        action="store_const",
        const=True,
        default=None,
        help="hai bản trên một tờ A4 (mặc định theo cài đặt)",
    )
    sheet.add_argument(
        "--one-per-page",
        dest="two_per_sheet",
        action="store_const",
        const=False,
        help="mỗi bản một trang A4",
    )
