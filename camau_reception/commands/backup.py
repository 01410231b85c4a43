"""``backup --to FILE``, ``restore FILE [--yes]``, ``backups list``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from camau_reception.cli import CliContext, CliRegistry


def _progress_printer(label: str):  # -> Callable[[int, int], None]
    last = [-1]

    def report(done: int, total: int) -> None:
        pct = 100 * done // total if total else 100
        if pct // 10 != last[0] and sys.stderr.isatty():
            last[0] = pct // 10
            print(f"\r{label}: {pct}%", end="", file=sys.stderr, flush=True)

    return report


def _cmd_backup(args: argparse.Namespace, ctx: CliContext) -> int:
    from camau_reception.services import backups
    from camau_reception.services.actor import SYSTEM

    db = ctx.open_db()
    if args.to:
        dest = Path(args.to).expanduser()
        result = backups.backup_to(db, SYSTEM, dest, progress=_progress_printer("Sao lưu"))
    else:
        from camau_reception.services import audit
        from camau_reception.storage.backup import timestamped_backup_result

        result = timestamped_backup_result(db.path, "manual")
        with db.write() as session:
            audit.log_event(
                session, SYSTEM, "backup.manual", "backup", "", f"Sao lưu ra {result.path}"
            )
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"Đã sao lưu và kiểm tra: {result.path} ({result.rows} dòng dữ liệu).")
    return 0


def _cmd_restore(args: argparse.Namespace, ctx: CliContext) -> int:
    from camau_reception.services import backups
    from camau_reception.services.actor import SYSTEM
    from camau_reception.storage.db import Database

    source = Path(args.file).expanduser()
    summary = backups.inspect(SYSTEM, source)
    print("Bản sao lưu:")
    for line in summary.lines():
        print(f"  {line}")
    refusal = summary.refusal()
    if refusal:
        print(refusal, file=sys.stderr)
        return 1
    if not args.yes:
        print(
            f"Phục hồi sẽ thay toàn bộ dữ liệu trong {ctx.db_path} bằng bản sao lưu này "
            "(dữ liệu hiện tại được sao lưu trước). Chạy lại với --yes để xác nhận.",
            file=sys.stderr,
        )
        return 1
    # Not ctx.open_db(): the current file may be the damaged one we are replacing.
    db = Database(ctx.db_path)
    try:
        result = backups.restore(db, SYSTEM, source)
    finally:
        db.close()
    if result.safety_copy:
        print(f"Dữ liệu trước khi phục hồi đã được giữ tại: {result.safety_copy}")
    print(f"Đã phục hồi {ctx.db_path} từ {source}.")
    return 0


def _cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    from camau_reception.storage.backup import list_backups

    labels = {
        "daily": "tự động hằng ngày",
        "before-upgrade": "trước khi nâng cấp",
        "before-restore": "trước khi phục hồi",
        "manual": "thủ công",
    }
    entries = list_backups(ctx.db_path)
    if not entries:
        print(f"Chưa có bản sao lưu nào cho {ctx.db_path}.")
        return 0
    for e in entries:
        print(
            f"{e.made_at:%d/%m/%Y %H:%M:%S}  {labels.get(e.reason, e.reason):<20} "
            f"{e.size / 1_048_576:8.1f} MB  {e.path}"
        )
    return 0


def register(cli: CliRegistry) -> None:
    backup = cli.command(
        "backup", "sao lưu cơ sở dữ liệu (bản sao nhất quán, được kiểm tra)", _cmd_backup
    )
    backup.add_argument("--to", metavar="FILE", help="tệp đích, ví dụ trên ổ USB")
    restore = cli.command(
        "restore", "phục hồi từ bản sao lưu (dữ liệu hiện tại được sao lưu trước)", _cmd_restore
    )
    restore.add_argument("file", metavar="FILE", help="tệp sao lưu")
    restore.add_argument("--yes", action="store_true", help="xác nhận thay thế dữ liệu hiện tại")
    backups = cli.top.add_parser("backups", help="các bản sao lưu tự động")
    sub = backups.add_subparsers(dest="backups_what", required=True)
    sub.add_parser("list", help="liệt kê các bản sao lưu tự động").set_defaults(handler=_cmd_list)
