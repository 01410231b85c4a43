"""Sign-in, password hashing (Argon2id), lockout, permission checks."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from camau_reception.domain.text import normalize
from camau_reception.models.base import utcnow
from camau_reception.models.users import ROLE_LABELS, Role, User
from camau_reception.services import audit
from camau_reception.services.actor import Actor
from camau_reception.services.errors import (
    AccountLocked,
    AuthenticationFailed,
    PermissionDenied,
)

MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 10


@lru_cache(maxsize=1)
def _hasher():  # argon2.PasswordHasher, imported lazily (start-up time)
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    # NFC: a keyboard sending decomposed letters (Unikey "Unicode tổ hợp") types the same
    # password as one sending composed letters; the corruption key derivation does the same.
    return _hasher().hash(unicodedata.normalize("NFC", password))


def verify_password(password_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    composed = unicodedata.normalize("NFC", password)
    # A hash made before passwords were normalised holds the text as it was typed then.
    for candidate in dict.fromkeys((composed, password)):
        try:
            if _hasher().verify(password_hash, candidate):
                return True
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            continue
    return False


def password_problem(password: str, username: str) -> str | None:
    """The Vietnamese reason a password is refused, or None when it is acceptable."""
    password = unicodedata.normalize("NFC", password)
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự."
    if username and username.casefold() in password.casefold():
        return "Mật khẩu không được chứa tên đăng nhập."
    if password.strip() != password:
        return "Mật khẩu không được bắt đầu hoặc kết thúc bằng khoảng trắng."
    return None


def to_actor(user: User) -> Actor:
    return Actor(
        id=user.id,
        username=user.username,
        full_name=user.full_name,
        roles=user.roles,
        position=user.position,
    )


def authenticate(
    session: Session, username: str, password: str, now: datetime | None = None
) -> Actor:
    """Check the password; five failures lock the account for 15 minutes.

    Must run in a write transaction: the attempt counter is stored even when sign-in fails, so
    the caller commits on ``AuthenticationFailed`` too (see ``ui.login``).
    """
    now = now or utcnow()
    username = normalize(username).lower()
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    generic = "Tên đăng nhập hoặc mật khẩu không đúng."
    if user is None:
        verify_password(_dummy_hash(), password)  # same time whether the user exists or not
        raise AuthenticationFailed(generic)
    if not user.active:
        raise AuthenticationFailed("Tài khoản đã bị vô hiệu hóa. Hãy liên hệ quản trị hệ thống.")
    if user.locked_until and user.locked_until > now:
        minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        raise AccountLocked(
            f"Tài khoản tạm khóa do nhập sai mật khẩu {MAX_FAILED_ATTEMPTS} lần. "
            f"Hãy thử lại sau {minutes} phút."
        )
    if not verify_password(user.password_hash, password):
        user.failed_attempts += 1
        if user.failed_attempts >= MAX_FAILED_ATTEMPTS:
            user.locked_until = now + LOCKOUT
            user.failed_attempts = 0
            audit.log_event(
                session,
                None,
                "user.locked",
                "user",
                user.id,
                f"Khóa tài khoản {user.username} 15 phút",
            )
            session.flush()
            raise AccountLocked(
                f"Nhập sai mật khẩu {MAX_FAILED_ATTEMPTS} lần. Tài khoản bị khóa 15 phút."
            )
        session.flush()
        left = MAX_FAILED_ATTEMPTS - user.failed_attempts
        raise AuthenticationFailed(f"{generic} Còn {left} lần thử trước khi tài khoản bị khóa.")
    user.failed_attempts = 0
    user.locked_until = None
    user.last_login_at = now
    actor = to_actor(user)
    audit.log_event(session, actor, "user.login", "user", user.id, "Đăng nhập")
    session.flush()
    return actor


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password("not-a-real-password-0")


def require(actor: Actor, *roles: Role) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` holds one of ``roles``."""
    if not actor.has(*roles):
        names = ", ".join(ROLE_LABELS[r] for r in roles)
        raise PermissionDenied(f"Bạn không có quyền thực hiện thao tác này (cần vai trò: {names}).")
