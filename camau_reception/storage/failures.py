"""Storage failures a user can meet (disk full, read-only file, locked file, I/O error),
translated from SQLite's errors into service errors with a Vietnamese message.

``Database.write()`` raises these instead of the raw driver error, so every form that already
shows a ``ServiceError`` shows a clear message, keeps what was typed, and the transaction is
rolled back (nothing half-saved). ``describe(exc)`` gives the message for any exception, for a
form that catches more broadly.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from camau_reception.services.errors import ServiceError

# Primary result codes (the low byte of an extended code).
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

KEPT = " Nội dung bạn đang nhập vẫn được giữ trên màn hình; dữ liệu đã lưu trước đó không bị ảnh hưởng."


class StorageError(ServiceError):
    """The save did not happen because of the disk or the file, not because of the input."""


class StorageFull(StorageError):
    def __init__(self) -> None:
        super().__init__(
            "Không lưu được: ổ đĩa chứa cơ sở dữ liệu đã đầy. Hãy giải phóng dung lượng "
            "(xóa tệp không cần thiết, chuyển bản sao lưu cũ sang nơi khác) rồi bấm Lưu lại." + KEPT
        )


class ReadOnlyStorage(StorageError):
    def __init__(self) -> None:
        super().__init__(
            "Không lưu được: tệp cơ sở dữ liệu hoặc thư mục chứa nó đang ở chế độ chỉ đọc "
            "(ổ đĩa bị khóa ghi hoặc không có quyền ghi). Hãy nhờ quản trị hệ thống "
            "kiểm tra quyền ghi rồi bấm Lưu lại." + KEPT
        )


class StorageBusy(StorageError):
    def __init__(self) -> None:
        super().__init__(
            "Không lưu được: một chương trình khác đang ghi vào cơ sở dữ liệu quá lâu. "
            "Hãy chờ một lát rồi bấm Lưu lại." + KEPT
        )


class StorageIOError(StorageError):
    def __init__(self, detail: str = "") -> None:
        extra = f" ({detail})" if detail else ""
        super().__init__(
            f"Không lưu được: lỗi đọc/ghi ổ đĩa{extra}. Ổ đĩa có thể đã bị rút ra hoặc hỏng; "
            "hãy kiểm tra ổ đĩa rồi bấm Lưu lại." + KEPT
        )


class StorageCorrupt(StorageError):
    def __init__(self) -> None:
        super().__init__(
            "Cơ sở dữ liệu bị hỏng. Hãy đóng chương trình và mở lại: chương trình sẽ đề nghị "
            "khôi phục từ bản sao lưu gần nhất."
        )


def _driver_error(exc: BaseException) -> sqlite3.Error | None:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, sqlite3.Error):
            return current
        orig = getattr(current, "orig", None)  # sqlalchemy.exc.DBAPIError
        if isinstance(orig, sqlite3.Error):
            return orig
        current = current.__cause__ or current.__context__
    return None


def storage_error_of(exc: BaseException) -> StorageError | None:
    """The ``StorageError`` matching ``exc`` (or its cause), or None if it is something else."""
    if isinstance(exc, StorageError):
        return exc
    err = _driver_error(exc)
    if err is None:
        if isinstance(exc, OSError) and exc.errno is not None:
            import errno

            if exc.errno == errno.ENOSPC:
                return StorageFull()
            if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                return ReadOnlyStorage()
        return None
    code = getattr(err, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(err).lower()
    if primary == SQLITE_FULL or "database or disk is full" in text:
        return StorageFull()
    if primary == SQLITE_READONLY or "readonly database" in text or "read-only" in text:
        return ReadOnlyStorage()
    if primary in (SQLITE_BUSY, SQLITE_LOCKED) or "database is locked" in text:
        return StorageBusy()
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB) or "malformed" in text:
        return StorageCorrupt()
    if primary in (SQLITE_IOERR, SQLITE_CANTOPEN) or "disk i/o error" in text:
        return StorageIOError()
    return None


def describe(exc: BaseException) -> str:
    """A Vietnamese sentence for any failure of a save (for a form's message box)."""
    mapped = storage_error_of(exc)
    if mapped is not None:
        return mapped.message
    if isinstance(exc, ServiceError):
        return exc.message
    return f"Không lưu được do lỗi không mong đợi: {exc}." + KEPT


@contextmanager
def translated() -> Iterator[None]:
    """Re-raise storage failures inside the block as ``StorageError`` (others unchanged)."""
    try:
        yield
    except StorageError:
        raise
    except Exception as exc:
        mapped = storage_error_of(exc)
        if mapped is None:
            raise
        raise mapped from exc
