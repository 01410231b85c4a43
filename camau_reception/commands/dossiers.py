"""``import procedures|dossiers FILE``, ``print late-apologies``, ``print dossier-receipt``,
``export dossier-indicators``."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from camau_reception.cli import CliContext, CliRegistry, parse_date
from camau_reception.services.actor import SYSTEM

DEFAULT_REASON = "Hồ sơ cần xác minh, thẩm định thêm"


def _import(kind: str):
    def handler(args: argparse.Namespace, ctx: CliContext) -> int:
        from camau_reception.domain.text import normalize
        from camau_reception.imports import dossiers as dossier_import
        from camau_reception.imports import procedures as procedure_import
        from camau_reception.imports.tabular import (
            ImportFileError,
            guess_mapping,
            mapping_problems,
            read_table,
            run_import,
        )

        if kind == "procedures":
            fields, importer = procedure_import.PROCEDURE_FIELDS, procedure_import.import_procedures
            extra: dict[str, object] = {}
        else:
            fields, importer = dossier_import.DOSSIER_FIELDS, dossier_import.import_dossiers
            extra = {"source": normalize(Path(args.file).name)}
        try:
            table = read_table(Path(args.file))
        except (ImportFileError, OSError) as exc:
            print(getattr(exc, "message", None) or str(exc), file=sys.stderr)
            return 2
        mapping = guess_mapping(table.headers, fields)
        problems = mapping_problems(mapping, fields, table.headers)
        if problems:
            print("\n".join(problems), file=sys.stderr)
            print("Các cột trong tệp: " + ", ".join(table.headers), file=sys.stderr)
            return 2
        report = run_import(
            ctx.open_db(),
            importer,
            table,
            mapping,
            SYSTEM,
            dry_run=args.dry_run,
            strict=args.strict,
            **extra,
        )
        print(report.text())
        if args.rejections and report.rejected:
            report.write_rejections(Path(args.rejections))
            print(f"Đã ghi danh sách dòng bị từ chối vào {args.rejections}.")
        if args.dry_run:
            print("Chạy thử: chưa ghi gì vào cơ sở dữ liệu.")
        elif not report.applied:
            print("Có dòng bị từ chối nên không nhập dòng nào (--strict).")
        return 0 if not report.rejected else 1

    return handler


def _late_apologies(args: argparse.Namespace, ctx: CliContext) -> int:
    from camau_reception.services import apologies
    from camau_reception.services.errors import ServiceError

    db = ctx.open_db()
    try:
        with db.write() as session:
            n = apologies.issue_and_print_owed(
                session,
                SYSTEM,
                args.date,
                Path(args.out),
                reason=args.reason,
                signer_title=args.signer_title,
                signer_name=args.signer_name,
            )
    except ServiceError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    if n == 0:
        print(f"Ngày {args.date:%d/%m/%Y} không có hồ sơ nào cần phiếu xin lỗi lần đầu.")
    else:
        print(f"Đã in {n} phiếu xin lỗi vào {args.out} và ghi nhận đã phát hành.")
    with db.read() as session:
        waiting = len(apologies.owed_for_batch(session, args.date, with_second=True)) - len(
            apologies.owed_for_batch(session, args.date)
        )
    if waiting:
        print(
            f"{waiting} hồ sơ đã hẹn lại nay lại trễ: cần lãnh đạo phê duyệt hẹn lại trong "
            "chương trình."
        )
    return 0


def _receipt(args: argparse.Namespace, ctx: CliContext) -> int:
    from camau_reception.services import dossiers
    from camau_reception.services.errors import ServiceError

    db = ctx.open_db()
    try:
        with db.write() as session:
            d = dossiers.get_by_code(session, args.code)
            if d is None:
                print(f"Không có hồ sơ mã {args.code}.", file=sys.stderr)
                return 2
            number = dossiers.print_receipt(session, SYSTEM, d.id, Path(args.out))
    except ServiceError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    print(f"Đã in giấy tiếp nhận số {number} vào {args.out}.")
    return 0


def _export_indicators(args: argparse.Namespace, ctx: CliContext) -> int:
    from camau_reception.exports.indicators_xlsx import write_indicators_xlsx

    end = args.to or date.today()
    start = args.from_ or date(end.year, 1, 1)
    if start > end:
        print("Ngày bắt đầu sau ngày kết thúc.", file=sys.stderr)
        return 2
    with ctx.open_db().read() as session:
        write_indicators_xlsx(session, start, end, Path(args.out))
    print(f"Đã xuất chỉ số hồ sơ {start:%d/%m/%Y}–{end:%d/%m/%Y} vào {args.out}.")
    return 0


def register(cli: CliRegistry) -> None:
    for kind, help_text in (
        ("procedures", "danh mục thủ tục hành chính (Excel/CSV)"),
        ("dossiers", "hồ sơ từ hệ thống một cửa (Excel/CSV); nhập lại chỉ cập nhật"),
    ):
        p = cli.verb("import").add_parser(kind, help=help_text)
        p.add_argument("file")
        p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
        p.add_argument(
            "--strict", action="store_true", help="có dòng bị từ chối thì không nhập dòng nào"
        )
        p.add_argument("--rejections", metavar="CSV", help="ghi các dòng bị từ chối ra tệp")
        p.set_defaults(handler=_import(kind))
    p = cli.verb("print").add_parser(
        "late-apologies", help="phiếu xin lỗi cho mọi hồ sơ trễ hẹn đang nợ phiếu, ghi nhận đã phát"
    )
    p.add_argument("--date", type=parse_date, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--reason", default=DEFAULT_REASON)
    p.add_argument("--signer-title", default="")
    p.add_argument("--signer-name", default="")
    p.set_defaults(handler=_late_apologies)
    p = cli.verb("print").add_parser("dossier-receipt", help="giấy tiếp nhận hồ sơ và hẹn trả")
    p.add_argument("--code", required=True)
    p.add_argument("--out", required=True)
    p.set_defaults(handler=_receipt)
    p = cli.verb("export").add_parser(
        "dossier-indicators", help="chỉ số hồ sơ TTHC so với chỉ tiêu (.xlsx)"
    )
    p.add_argument("--from", dest="from_", type=parse_date, default=None)
    p.add_argument("--to", type=parse_date, default=None)
    p.add_argument("--out", required=True)
    p.set_defaults(handler=_export_indicators)
