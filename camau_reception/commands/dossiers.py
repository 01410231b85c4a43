"""``import procedures|dossiers FILE``, ``print late-apologies``, ``print dossier-receipt``."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, time
from pathlib import Path

from camau_reception.cli import CliContext, CliRegistry, parse_date
from camau_reception.services.actor import SYSTEM


def _import(kind: str):
    def handler(args: argparse.Namespace, ctx: CliContext) -> int:
        from camau_reception.imports import catalogue
        from camau_reception.imports.tabular import (
            ImportFileError,
            guess_mapping,
            missing_required,
            read_table,
        )

        fields = catalogue.PROCEDURE_FIELDS if kind == "procedures" else catalogue.DOSSIER_FIELDS
        try:
            table = read_table(Path(args.file))
        except (ImportFileError, OSError) as exc:
            print(getattr(exc, "message", str(exc)), file=sys.stderr)
            return 2
        mapping = guess_mapping(table.headers, fields)
        missing = missing_required(mapping, fields)
        if missing:
            print("Không tìm thấy cột: " + ", ".join(missing), file=sys.stderr)
            return 2
        db = ctx.open_db()
        with db.write() as session:
            if kind == "procedures":
                report = catalogue.import_procedures(session, SYSTEM, table, mapping)
            else:
                report = catalogue.import_dossiers(
                    session, SYSTEM, table, mapping, source=Path(args.file).name
                )
            if args.dry_run:
                session.rollback()
        print(report.text())
        if args.dry_run:
            print("Chạy thử: chưa ghi gì vào cơ sở dữ liệu.")
        return 0 if not report.rejected else 1

    return handler


def _late_apologies(args: argparse.Namespace, ctx: CliContext) -> int:
    from camau_reception.services import apologies

    at = datetime.combine(args.date, time(23, 59))
    db = ctx.open_db()
    with db.write() as session:
        n = apologies.issue_and_print_owed(
            session,
            SYSTEM,
            at,
            Path(args.out),
            reason=args.reason,
            signer_title=args.signer_title,
            signer_name=args.signer_name,
        )
    if n == 0:
        print(f"Ngày {args.date:%d/%m/%Y} không có hồ sơ nào cần phiếu xin lỗi.")
    else:
        print(f"Đã in {n} phiếu xin lỗi vào {args.out} và ghi nhận đã phát hành.")
    return 0


def _receipt(args: argparse.Namespace, ctx: CliContext) -> int:
    from sqlalchemy import select

    from camau_reception.domain.agency import SAMPLE_AGENCY
    from camau_reception.models.dossiers import Dossier
    from camau_reception.printing.dossier_receipt import render_receipt
    from camau_reception.services import agency, dossiers, numbering

    db = ctx.open_db()
    with db.write() as session:
        d = session.execute(select(Dossier).where(Dossier.code == args.code)).scalar()
        if d is None:
            print(f"Không có hồ sơ mã {args.code}.", file=sys.stderr)
            return 2
        wording = dossiers.template("dossier_receipt")
        doc = numbering.issue_number(
            session,
            SYSTEM,
            wording["type_code"],
            d.received_at.date(),
            title="Giấy tiếp nhận hồ sơ",
            entity="dossier",
            entity_id=d.id,
        )
        render_receipt(
            d, agency.get_profile(session) or SAMPLE_AGENCY, wording, doc.number, Path(args.out)
        )
    print(f"Đã in giấy tiếp nhận vào {args.out}.")
    return 0


def register(cli: CliRegistry) -> None:
    for kind, help_text in (
        ("procedures", "danh mục thủ tục hành chính"),
        ("dossiers", "hồ sơ từ hệ thống một cửa"),
    ):
        p = cli.verb("import").add_parser(kind, help=help_text)
        p.add_argument("file")
        p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
        p.set_defaults(handler=_import(kind))
    p = cli.verb("print").add_parser("late-apologies", help="phiếu xin lỗi cho mọi hồ sơ trễ hẹn")
    p.add_argument("--date", type=parse_date, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--reason", default="Hồ sơ cần xác minh, thẩm định thêm")
    p.add_argument("--signer-title", default="")
    p.add_argument("--signer-name", default="")
    p.set_defaults(handler=_late_apologies)
    p = cli.verb("print").add_parser("dossier-receipt", help="giấy tiếp nhận hồ sơ, hẹn trả")
    p.add_argument("--code", required=True)
    p.add_argument("--out", required=True)
    p.set_defaults(handler=_receipt)
