"""The front door. No sub-command opens the window; sub-commands serve administration and
automation and run the same services as the window.

Area modules in ``camau_reception.commands`` add their sub-commands through ``CliRegistry``.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from camau_reception import __version__
from camau_reception.config import resolve_db_path

if TYPE_CHECKING:
    from camau_reception.storage.db import Database

Handler = Callable[[argparse.Namespace, "CliContext"], int]


@dataclass
class CliContext:
    db_path: Path
    _db: Database | None = field(default=None, repr=False)

    def open_db(self, *, create: bool = False) -> Database:
        """Open the database; a missing file is an error unless ``create``."""
        if self._db is None:
            from camau_reception.storage.db import open_database

            self._db = open_database(self.db_path, create=create)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


class CliRegistry:
    """Shared verbs (``print``, ``export``, ``import``) and top-level commands."""

    def __init__(self, top: argparse._SubParsersAction) -> None:
        self.top = top
        self._verbs: dict[str, argparse._SubParsersAction] = {}
        self._verb_help = {
            "print": "in tài liệu ra tệp PDF",
            "export": "xuất dữ liệu ra tệp (Excel, iCalendar, CSV)",
            "import": "nhập dữ liệu từ tệp Excel hoặc CSV",
        }

    def verb(self, name: str) -> argparse._SubParsersAction:
        if name not in self._verbs:
            parser = self.top.add_parser(name, help=self._verb_help.get(name, name))
            self._verbs[name] = parser.add_subparsers(dest=f"{name}_what", required=True)
        return self._verbs[name]

    def command(self, name: str, help: str, handler: Handler) -> argparse.ArgumentParser:
        parser = self.top.add_parser(name, help=help)
        parser.set_defaults(handler=handler)
        return parser


def parse_date(text: str) -> date:
    """Accept 2026-12-01 or 01/12/2026 on the command line."""
    text = text.strip()
    try:
        if "/" in text:
            d, m, y = (int(p) for p in text.split("/"))
            return date(y, m, d)
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"Ngày không hợp lệ: {text!r} (dùng dạng 2026-12-01 hoặc 01/12/2026)"
        ) from exc


def _cmd_check(args: argparse.Namespace, ctx: CliContext) -> int:
    from camau_reception.storage.health import check_database

    report = check_database(ctx.db_path)
    print(report.text())
    return 0 if report.ok else 1


def _cmd_demo(args: argparse.Namespace, ctx: CliContext) -> int:
    from camau_reception.demo import create_demo_database

    if ctx.db_path.exists() and ctx.db_path.stat().st_size > 0:
        if args.if_missing:
            return 0
        print(
            f"Tệp {ctx.db_path} đã tồn tại; lệnh demo chỉ tạo cơ sở dữ liệu mới "
            "và không ghi đè dữ liệu có sẵn.",
            file=sys.stderr,
        )
        return 2
    credentials = create_demo_database(ctx.db_path, seed=args.seed, today=args.today)
    print(f"Đã tạo cơ sở dữ liệu mẫu: {ctx.db_path}")
    print("Tài khoản (mật khẩu chỉ hiển thị một lần):")
    for username, password, roles in credentials:
        print(f"  {username:<12} {password:<20} {roles}")
    return 0


def _cmd_version(args: argparse.Namespace, ctx: CliContext) -> int:
    print(f"camau-reception {__version__}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="camau-reception",
        description="Phần mềm tiếp công dân, xử lý đơn thư và hồ sơ thủ tục hành chính.",
    )
    parser.add_argument(
        "--db", metavar="PATH", help="tệp cơ sở dữ liệu (mặc định: thư mục dữ liệu người dùng)"
    )
    top = parser.add_subparsers(dest="command")
    registry = CliRegistry(top)
    registry.command("check", "kiểm tra toàn vẹn cơ sở dữ liệu và chuỗi nhật ký", _cmd_check)
    demo = registry.command("demo", "tạo cơ sở dữ liệu mẫu (không ghi đè tệp có sẵn)", _cmd_demo)
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument("--today", type=parse_date, default=None, help="ngày hiện tại giả định")
    demo.add_argument("--if-missing", action="store_true", help="bỏ qua nếu tệp đã có")
    registry.command("version", "in phiên bản", _cmd_version)
    import camau_reception.commands as commands_pkg

    for info in sorted(pkgutil.iter_modules(commands_pkg.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{commands_pkg.__name__}.{info.name}")
        module.register(registry)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    import unicodedata

    # NFC only: collapsing spaces would change file names.
    argv = [unicodedata.normalize("NFC", a) for a in (sys.argv[1:] if argv is None else argv)]
    parser = build_parser()
    args = parser.parse_args(argv)
    db_path = resolve_db_path(args.db)
    if args.command is None:
        from camau_reception.ui.app import run_gui

        return run_gui(db_path)
    ctx = CliContext(db_path)
    from camau_reception.services.errors import ServiceError
    from camau_reception.storage.errors import DatabaseOpenError

    try:
        return int(args.handler(args, ctx) or 0)
    except DatabaseOpenError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except ServiceError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    finally:
        ctx.close()
