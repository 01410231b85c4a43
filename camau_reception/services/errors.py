"""Errors the services raise; every message is Vietnamese and fit to show to the user."""

from __future__ import annotations


class ServiceError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(ServiceError):
    """Bad input. ``errors`` maps a field name to its message; shown next to each field."""

    def __init__(self, errors: dict[str, str], message: str | None = None) -> None:
        self.errors = dict(errors)
        super().__init__(message or "Dữ liệu chưa hợp lệ: " + "; ".join(self.errors.values()))


class PermissionDenied(ServiceError):
    pass


class NotFound(ServiceError):
    pass


class ConflictError(ServiceError):
    """Optimistic locking: somebody else saved the same record since it was opened."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or "Bản ghi đã được người khác thay đổi trong lúc bạn sửa. "
            "Hãy mở lại để xem thay đổi mới nhất rồi sửa lại."
        )


class AuthenticationFailed(ServiceError):
    pass


class AccountLocked(AuthenticationFailed):
    pass


class Collector:
    """Gathers field errors, then raises them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)
