"""User administration (quản lý người dùng): create, roles, reset password, disable."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from camau_reception.domain.text import normalize
from camau_reception.models.base import utcnow
from camau_reception.models.users import ROLE_LABELS, Role, User, UserRole
from camau_reception.services import audit, hooks
from camau_reception.services.actor import Actor
from camau_reception.services.auth import hash_password, password_problem, require, verify_password
from camau_reception.services.errors import Collector, ConflictError, NotFound, ValidationError

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,31}$")


@dataclass
class UserInput:
    username: str
    full_name: str
    roles: set[Role]
    password: str = ""
    position: str = ""


def _validate(session: Session, data: UserInput, *, new: bool, user_id: int | None = None) -> None:
    c = Collector()
    username = normalize(data.username).lower()
    if not USERNAME_RE.match(username):
        c.add(
            "username",
            "Tên đăng nhập gồm 3–32 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang.",
        )
    else:
        other = session.execute(select(User.id).where(User.username == username)).scalar()
        if other is not None and other != user_id:
            c.add("username", "Tên đăng nhập đã có người dùng.")
    if not normalize(data.full_name):
        c.add("full_name", "Hãy nhập họ và tên.")
    if not data.roles:
        c.add("roles", "Hãy chọn ít nhất một vai trò.")
    if new or data.password:
        problem = password_problem(data.password, username)
        if problem:
            c.add("password", problem)
    c.raise_if_any()


def _set_roles(user: User, roles: set[Role]) -> None:
    current = {Role(r.role): r for r in user.role_rows}
    for role, row in current.items():
        if role not in roles:
            user.role_rows.remove(row)
    for role in roles - set(current):
        user.role_rows.append(UserRole(role=role.value))


def _roles_text(roles: set[Role] | frozenset[Role]) -> str:
    return ", ".join(ROLE_LABELS[r] for r in sorted(roles))


def create_user(session: Session, actor: Actor | None, data: UserInput) -> User:
    """Create an account. ``actor`` None is allowed only for the first administrator."""
    if actor is not None:
        require(actor, Role.ADMIN)
    elif session.execute(select(func.count(User.id))).scalar():
        raise ValidationError({"username": "Chỉ quản trị hệ thống được tạo tài khoản."})
    _validate(session, data, new=True)
    user = User(
        username=normalize(data.username).lower(),
        full_name=normalize(data.full_name),
        position=normalize(data.position),
        password_hash=hash_password(data.password),
    )
    _set_roles(user, set(data.roles))
    session.add(user)
    session.flush()
    audit.log_event(
        session,
        actor,
        "user.create",
        "user",
        user.id,
        f"Tạo tài khoản {user.username} ({user.full_name}); vai trò: {_roles_text(data.roles)}",
    )
    return user


def update_user(
    session: Session,
    actor: Actor,
    user_id: int,
    data: UserInput,
    expected_version: int | None = None,
) -> User:
    require(actor, Role.ADMIN)
    user = get_user(session, user_id)
    if expected_version is not None and user.version != expected_version:
        raise ConflictError()
    _validate(session, data, new=False, user_id=user_id)
    if user.id == actor.id and Role.ADMIN not in data.roles:
        raise ValidationError({"roles": "Bạn không thể tự bỏ vai trò quản trị của mình."})
    changes = []
    full_name = normalize(data.full_name)
    if full_name != user.full_name:
        changes.append(f"họ tên: {user.full_name} → {full_name}")
        user.full_name = full_name
    position = normalize(data.position)
    if position != user.position:
        changes.append(f"chức vụ: {user.position or '—'} → {position or '—'}")
        user.position = position
    if set(data.roles) != set(user.roles):
        changes.append(f"vai trò: {_roles_text(user.roles)} → {_roles_text(data.roles)}")
        _set_roles(user, set(data.roles))
    session.flush()
    if changes:
        audit.log_event(
            session,
            actor,
            "user.update",
            "user",
            user.id,
            f"{user.username}: " + "; ".join(changes),
        )
    return user


def reset_password(session: Session, actor: Actor, user_id: int, new_password: str) -> User:
    """Administrator's reset: the user must choose a new password at next sign-in."""
    require(actor, Role.ADMIN)
    user = get_user(session, user_id)
    problem = password_problem(new_password, user.username)
    if problem:
        raise ValidationError({"password": problem})
    user.password_hash = hash_password(new_password)
    user.must_change_password = True
    user.failed_attempts = 0
    user.locked_until = None
    user.password_changed_at = utcnow()
    session.flush()
    audit.log_event(
        session,
        actor,
        "user.reset_password",
        "user",
        user.id,
        f"Đặt lại mật khẩu cho {user.username}",
    )
    hooks.emit(hooks.PASSWORD_RESET, session=session, actor=actor, user_id=user.id)
    return user


def change_own_password(
    session: Session, actor: Actor, old_password: str, new_password: str
) -> User:
    user = get_user(session, actor.id)
    if not verify_password(user.password_hash, old_password):
        raise ValidationError({"old_password": "Mật khẩu hiện tại không đúng."})
    problem = password_problem(new_password, user.username)
    if problem:
        raise ValidationError({"new_password": problem})
    if new_password == old_password:
        raise ValidationError({"new_password": "Mật khẩu mới phải khác mật khẩu cũ."})
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    user.password_changed_at = utcnow()
    session.flush()
    audit.log_event(session, actor, "user.change_password", "user", user.id, "Đổi mật khẩu")
    hooks.emit(
        "user.password_changed",
        session=session,
        actor=actor,
        user_id=user.id,
        old_password=old_password,
        new_password=new_password,
    )
    return user


def set_active(session: Session, actor: Actor, user_id: int, active: bool) -> User:
    require(actor, Role.ADMIN)
    user = get_user(session, user_id)
    if user.id == actor.id and not active:
        raise ValidationError({"active": "Bạn không thể tự vô hiệu hóa tài khoản của mình."})
    user.active = active
    if active:
        user.failed_attempts = 0
        user.locked_until = None
    session.flush()
    audit.log_event(
        session,
        actor,
        "user.enable" if active else "user.disable",
        "user",
        user.id,
        f"{'Kích hoạt' if active else 'Vô hiệu hóa'} tài khoản {user.username}",
    )
    return user


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("Không tìm thấy người dùng.")
    return user


def list_users(
    session: Session, *, active_only: bool = False, role: Role | None = None
) -> list[User]:
    q = select(User).order_by(User.full_name)
    if active_only:
        q = q.where(User.active.is_(True))
    if role is not None:
        q = q.where(User.id.in_(select(UserRole.user_id).where(UserRole.role == role.value)))
    return list(session.execute(q).scalars())


def count_users(session: Session) -> int:
    return int(session.execute(select(func.count(User.id))).scalar() or 0)
