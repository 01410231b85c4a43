"""Keys for protected denunciations: who holds the office data key, unlocking at sign-in,
grants between inspectors, the printed recovery key, and what a password change or reset does.

The administrator can neither grant nor read: every function that touches the data key needs an
inspector's unlocked ``KeyRing`` (or the recovery key typed by a leader or inspector). A
password reset by the administrator cannot re-encrypt the private key (the old password is
unknown), so it deletes that user's key pair and copy: an inspector grants access again after
the user signs in with the new password.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from camau_reception.crypto import keypair, recovery
from camau_reception.crypto.errors import (
    DecryptionFailed,
    MalformedRecoveryKey,
    WrongPassword,
    WrongRecoveryKey,
)
from camau_reception.models.base import utcnow
from camau_reception.models.corruption import DataKeyVault, KeyHolder, RecoveryKeyRow
from camau_reception.models.users import Role, User, UserRole
from camau_reception.services import audit, hooks
from camau_reception.services.actor import Actor, user_id_of
from camau_reception.services.auth import require, verify_password
from camau_reception.services.errors import NotFound, PermissionDenied, ValidationError

DATA_KEY_INFO = b"corruption/data-key"
CONTENT_KEY_INFO = b"corruption/content-key"

NO_VAULT = (
    "Chưa thiết lập khóa bảo mật cho tố cáo tham nhũng. Một cán bộ thanh tra cần đăng nhập và "
    "chọn “Thiết lập khóa bảo mật” trên trang Tố cáo tham nhũng trước."
)
NO_ACCESS = (
    "Bạn chưa được cấp quyền đọc thông tin bảo mật. Hãy đề nghị một thanh tra viên đã có quyền "
    "cấp quyền cho bạn (hoặc dùng khóa khôi phục)."
)


@dataclass(eq=False)
class KeyRing:
    """The unlocked keys of one signed-in inspector, kept in memory for the session only."""

    user_id: int
    private_key: bytes = field(repr=False)
    data_key: bytes | None = field(default=None, repr=False)

    @property
    def has_access(self) -> bool:
        return self.data_key is not None

    def __repr__(self) -> str:  # never print key bytes into a log or crash report
        return f"KeyRing(user_id={self.user_id}, access={self.has_access})"

    def wipe(self) -> None:
        """Drop the references (Python cannot zero immutable bytes; this is the best we can)."""
        self.private_key = b""
        self.data_key = None


@dataclass(frozen=True)
class HolderInfo:
    user_id: int
    username: str
    full_name: str
    has_copy: bool
    granted_by: str
    granted_at: datetime | None
    active: bool


@dataclass(frozen=True)
class KeyStatus:
    vault_ready: bool
    fingerprint: str
    holders_with_access: int
    has_recovery: bool


# --- reading -----------------------------------------------------------------------------------


def vault(session: Session) -> DataKeyVault | None:
    return session.execute(select(DataKeyVault).order_by(DataKeyVault.id).limit(1)).scalar()


def vault_public_key(session: Session) -> bytes | None:
    v = vault(session)
    return v.public_key if v else None


def _holder(session: Session, user_id: int) -> KeyHolder | None:
    return session.execute(
        select(KeyHolder).where(KeyHolder.user_id == user_id)
    ).scalar_one_or_none()


def _is_inspector(session: Session, user_id: int) -> bool:
    return (
        session.execute(
            select(UserRole.id).where(
                UserRole.user_id == user_id, UserRole.role == Role.INSPECTOR.value
            )
        ).first()
        is not None
    )


def status(session: Session) -> KeyStatus:
    v = vault(session)
    with_access = session.execute(
        select(KeyHolder.id).where(KeyHolder.wrapped_data_key.is_not(None))
    ).all()
    has_recovery = session.execute(select(RecoveryKeyRow.id).limit(1)).first() is not None
    return KeyStatus(v is not None, v.fingerprint if v else "", len(with_access), has_recovery)


def holders(session: Session) -> list[HolderInfo]:
    """Every active inspector, with or without a key pair or a copy of the data key."""
    inspectors = session.execute(
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.INSPECTOR.value)
        .order_by(User.full_name)
    ).scalars()
    out = []
    for user in inspectors:
        h = _holder(session, user.id)
        granter = session.get(User, h.granted_by) if h and h.granted_by else None
        out.append(
            HolderInfo(
                user_id=user.id,
                username=user.username,
                full_name=user.full_name,
                has_copy=bool(h and h.wrapped_data_key is not None),
                granted_by=granter.full_name if granter else "",
                granted_at=h.granted_at if h else None,
                active=user.active,
            )
        )
    return out


def has_key_pair(session: Session, user_id: int) -> bool:
    return _holder(session, user_id) is not None


def holds_key(session: Session, user_id: int) -> bool:
    """Whether the user holds a copy of the data key (read-only; for the administrator's
    screens, which must warn before a password reset deletes it)."""
    h = _holder(session, user_id)
    return h is not None and h.wrapped_data_key is not None


def holders_count(session: Session) -> int:
    """How many active accounts hold a copy of the data key (read-only). A disabled account's
    copy is left out: nobody can use it until the account is enabled again."""
    return len(
        session.execute(
            select(KeyHolder.id)
            .join(User, User.id == KeyHolder.user_id)
            .where(KeyHolder.wrapped_data_key.is_not(None), User.active.is_(True))
        ).all()
    )


# --- unlocking at sign-in ----------------------------------------------------------------------


def _store_pair(
    session: Session, user_id: int, protected: keypair.ProtectedPrivateKey
) -> KeyHolder:
    h = KeyHolder(
        user_id=user_id,
        public_key=protected.public_key,
        private_salt=protected.salt,
        private_nonce=protected.nonce,
        private_key_enc=protected.ciphertext,
        kdf=protected.kdf,
    )
    session.add(h)
    session.flush()
    return h


def _protected_of(h: KeyHolder) -> keypair.ProtectedPrivateKey:
    return keypair.ProtectedPrivateKey(
        public_key=h.public_key,
        salt=h.private_salt,
        nonce=h.private_nonce,
        ciphertext=h.private_key_enc,
        kdf=h.kdf,
    )


def unlock(
    session: Session, actor: Actor, password: str, *, password_verified: bool = False
) -> KeyRing | None:
    """Call right after a successful sign-in, inside a write transaction.

    Returns None for a user without the inspector role (or a wrong password: nothing is
    changed then). An inspector signing in for the first time gets a key pair, so that an
    authorised inspector can grant access without knowing their password. The ring holds the
    data key only when the user has been granted a copy.
    """
    if not actor.id or not actor.has(Role.INSPECTOR):
        return None
    user = session.get(User, actor.id)
    if user is None or not user.active:
        return None
    if not password_verified and not verify_password(user.password_hash, password):
        return None
    h = _holder(session, actor.id)
    if h is None:
        private_key, protected = keypair.generate_protected(password)
        _store_pair(session, actor.id, protected)
        audit.log_event(
            session,
            actor,
            "corruption.key_pair",
            "user",
            actor.id,
            f"Tạo cặp khóa cá nhân cho {actor.username} "
            f"(dấu vân tay {keypair.fingerprint(protected.public_key)})",
        )
        return KeyRing(actor.id, private_key)
    try:
        private_key = keypair.unlock_private(_protected_of(h), password)
    except WrongPassword:
        # The account password changed without re-encrypting (e.g. a restored backup of the
        # users table): the old pair is unusable. Replace it; an inspector must grant again.
        session.delete(h)
        session.flush()
        private_key, protected = keypair.generate_protected(password)
        _store_pair(session, actor.id, protected)
        audit.log_event(
            session,
            actor,
            "corruption.key_pair_replaced",
            "user",
            actor.id,
            f"Cặp khóa cũ của {actor.username} không mở được bằng mật khẩu hiện tại; "
            "đã tạo cặp khóa mới, cần cấp lại quyền",
        )
        return KeyRing(actor.id, private_key)
    ring = KeyRing(actor.id, private_key)
    if h.wrapped_data_key is not None:
        try:
            ring.data_key = keypair.open_sealed(private_key, h.wrapped_data_key, DATA_KEY_INFO)
        except DecryptionFailed:
            ring.data_key = None
    return ring


# --- set-up, grants, recovery -----------------------------------------------------------------


def _require_ring(actor: Actor, ring: KeyRing | None, *, need_access: bool = True) -> KeyRing:
    require(actor, Role.INSPECTOR)
    if ring is None or ring.user_id != actor.id:
        raise PermissionDenied(
            "Khóa cá nhân của bạn chưa được mở trong phiên này. Hãy đăng xuất và đăng nhập lại."
        )
    if need_access and ring.data_key is None:
        raise PermissionDenied(NO_ACCESS)
    return ring


def _new_recovery_row(session: Session, actor: Actor, data_key: bytes) -> recovery.RecoveryKey:
    key = recovery.generate()
    wrapped = recovery.wrap(key, data_key)
    session.execute(delete(RecoveryKeyRow))
    session.add(
        RecoveryKeyRow(
            salt=wrapped.salt,
            nonce=wrapped.nonce,
            wrapped_data_key=wrapped.ciphertext,
            created_by=user_id_of(actor),
        )
    )
    session.flush()
    return key


def setup(session: Session, actor: Actor, ring: KeyRing | None) -> str:
    """Create the office data key, give the first copy to ``actor`` and return the recovery key
    text, to be shown and printed once (it is not stored)."""
    ring = _require_ring(actor, ring, need_access=False)
    if vault(session) is not None:
        raise ValidationError({"setup": "Khóa bảo mật đã được thiết lập trước đây."})
    h = _holder(session, actor.id)
    if h is None:
        raise PermissionDenied(
            "Chưa có cặp khóa cá nhân. Hãy đăng xuất và đăng nhập lại rồi thử lại."
        )
    data_key = keypair.generate_private()
    public = keypair.public_of(data_key)
    session.add(
        DataKeyVault(
            public_key=public,
            fingerprint=keypair.fingerprint(public),
            created_by=user_id_of(actor),
        )
    )
    h.wrapped_data_key = keypair.seal(h.public_key, data_key, DATA_KEY_INFO)
    h.granted_by = actor.id
    h.granted_at = utcnow()
    h.updated_at = utcnow()
    key = _new_recovery_row(session, actor, data_key)
    ring.data_key = data_key
    audit.log_event(
        session,
        actor,
        "corruption.setup",
        "corruption_keys",
        "",
        f"Thiết lập khóa bảo mật tố cáo tham nhũng (dấu vân tay {keypair.fingerprint(public)}); "
        "tạo khóa khôi phục",
    )
    return key.text


def regenerate_recovery(session: Session, actor: Actor, ring: KeyRing | None) -> str:
    """A new recovery key replaces the old one (lost or compromised paper)."""
    ring = _require_ring(actor, ring)
    assert ring.data_key is not None
    key = _new_recovery_row(session, actor, ring.data_key)
    audit.log_event(
        session,
        actor,
        "corruption.recovery_regenerated",
        "corruption_keys",
        "",
        "Tạo khóa khôi phục mới; khóa khôi phục cũ hết hiệu lực",
    )
    return key.text


def _grantee(session: Session, user_id: int) -> tuple[User, KeyHolder]:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("Không tìm thấy người dùng.")
    if not user.active or not _is_inspector(session, user_id):
        raise ValidationError({"grantee": "Chỉ cấp quyền cho tài khoản thanh tra đang hoạt động."})
    h = _holder(session, user_id)
    if h is None:
        raise ValidationError(
            {
                "grantee": f"{user.full_name} chưa có cặp khóa cá nhân: hãy đề nghị người này "
                "đăng nhập một lần (sau khi đổi mật khẩu nếu được yêu cầu) rồi cấp quyền."
            }
        )
    return user, h


def _give_copy(session: Session, actor: Actor, h: KeyHolder, data_key: bytes) -> None:
    h.wrapped_data_key = keypair.seal(h.public_key, data_key, DATA_KEY_INFO)
    h.granted_by = user_id_of(actor)
    h.granted_at = utcnow()
    h.updated_at = utcnow()
    session.flush()


def grant(session: Session, actor: Actor, ring: KeyRing | None, user_id: int) -> None:
    """An authorised inspector gives another inspector a copy of the data key."""
    ring = _require_ring(actor, ring)
    assert ring.data_key is not None
    user, h = _grantee(session, user_id)
    _give_copy(session, actor, h, ring.data_key)
    audit.log_event(
        session,
        actor,
        "corruption.grant",
        "user",
        user.id,
        f"Cấp quyền đọc thông tin bảo mật tố cáo cho {user.username} ({user.full_name})",
    )


def revoke(session: Session, actor: Actor, ring: KeyRing | None, user_id: int) -> None:
    """Remove another inspector's copy (their key pair stays, so access can be given back)."""
    _require_ring(actor, ring)
    h = _holder(session, user_id)
    user = session.get(User, user_id)
    if h is None or h.wrapped_data_key is None or user is None:
        raise ValidationError({"grantee": "Người này không có quyền để thu hồi."})
    remaining = session.execute(
        select(KeyHolder.id).where(
            KeyHolder.wrapped_data_key.is_not(None), KeyHolder.user_id != user_id
        )
    ).all()
    if not remaining:
        raise ValidationError(
            {
                "grantee": "Không thu hồi được: đây là người cuối cùng có quyền đọc thông tin bảo mật."
            }
        )
    h.wrapped_data_key = None
    h.granted_by = None
    h.granted_at = None
    h.updated_at = utcnow()
    session.flush()
    audit.log_event(
        session,
        actor,
        "corruption.revoke",
        "user",
        user.id,
        f"Thu hồi quyền đọc thông tin bảo mật tố cáo của {user.username} ({user.full_name})",
    )


def _recovery_data_key(session: Session, text: str) -> bytes:
    try:
        key = recovery.parse(text)
    except MalformedRecoveryKey as exc:
        raise ValidationError(
            {
                "recovery_key": "Khóa khôi phục gõ chưa đúng (thiếu, thừa hoặc sai ký tự). "
                "Hãy kiểm tra lại từng nhóm 4 ký tự trên giấy."
            }
        ) from exc
    row = session.execute(
        select(RecoveryKeyRow).order_by(RecoveryKeyRow.id.desc()).limit(1)
    ).scalar()
    if row is None or vault(session) is None:
        raise ValidationError({"recovery_key": NO_VAULT})
    try:
        data_key = recovery.unwrap(
            key, recovery.WrappedSecret(row.salt, row.nonce, row.wrapped_data_key)
        )
    except WrongRecoveryKey as exc:
        raise ValidationError(
            {
                "recovery_key": "Khóa khôi phục không khớp với khóa đang dùng "
                "(có thể là khóa cũ đã được thay thế)."
            }
        ) from exc
    if keypair.public_of(data_key) != vault_public_key(session):
        raise ValidationError({"recovery_key": "Khóa khôi phục không khớp với khóa đang dùng."})
    return data_key


def grant_with_recovery(session: Session, actor: Actor, recovery_text: str, user_id: int) -> None:
    """The printed recovery key grants access when no authorised inspector remains.

    Typed by a leader or an inspector (never the administrator). A wrong or mistyped key fails
    with a ``ValidationError`` and changes nothing; every attempt is audited."""
    require(actor, Role.LEADER, Role.INSPECTOR)
    # A refusal rolls the caller's transaction back; the caller records the failed attempt in
    # a transaction of its own with ``log_failed_recovery``.
    data_key = _recovery_data_key(session, recovery_text)
    user, h = _grantee(session, user_id)
    _give_copy(session, actor, h, data_key)
    audit.log_event(
        session,
        actor,
        "corruption.recovery_grant",
        "user",
        user.id,
        f"Dùng khóa khôi phục để cấp quyền đọc thông tin bảo mật tố cáo cho {user.username} "
        f"({user.full_name})",
    )


def log_failed_recovery(session: Session, actor: Actor) -> None:
    """Record a refused recovery attempt (in its own transaction, after the refusal)."""
    audit.log_event(
        session,
        actor,
        "corruption.recovery_failed",
        "corruption_keys",
        "",
        "Nhập khóa khôi phục không đúng",
    )


# --- sealing content keys ----------------------------------------------------------------------


def seal_content_key(session: Session, content_key: bytes) -> bytes:
    public = vault_public_key(session)
    if public is None:
        raise ValidationError({"corruption": NO_VAULT})
    return keypair.seal(public, content_key, CONTENT_KEY_INFO)


def open_content_key(ring: KeyRing, sealed: bytes) -> bytes:
    if ring.data_key is None:
        raise PermissionDenied(NO_ACCESS)
    try:
        return keypair.open_sealed(ring.data_key, sealed, CONTENT_KEY_INFO)
    except DecryptionFailed as exc:
        raise PermissionDenied(
            "Không giải mã được: dữ liệu bị thay đổi hoặc không thuộc khóa bảo mật hiện hành."
        ) from exc


# --- rings unlocked at sign-in ----------------------------------------------------------------

# The sign-in dialog emits "user.signed_in" with the password inside its write transaction; the
# ring unlocked there waits here (process memory only) until the window takes it with
# ``take_signed_in_ring``. Only one person is signed in per process: a new sign-in drops others.
_signed_in_rings: dict[int, KeyRing] = {}


def _on_signed_in(session: Session, actor: Actor, password: str, **_: object) -> None:
    for other in [uid for uid in _signed_in_rings if uid != actor.id]:
        _signed_in_rings.pop(other).wipe()
    # Never let the keys stop a sign-in: on any failure the user signs in without them (the
    # page then says the key is not open) and nothing of this step is kept.
    try:
        with session.begin_nested():
            ring = unlock(session, actor, password, password_verified=True)
    except Exception:  # logged without details: they may carry secrets
        import logging

        logging.getLogger(__name__).warning("protected-record keys not unlocked at sign-in")
        return
    if ring is not None:
        _signed_in_rings[actor.id] = ring


def take_signed_in_ring(actor_id: int) -> KeyRing | None:
    return _signed_in_rings.pop(actor_id, None)


# --- reactions to account changes ---------------------------------------------------------------


def _on_password_reset(session: Session, actor: Actor, user_id: int, **_: object) -> None:
    h = _holder(session, user_id)
    if h is None:
        return
    had_copy = h.wrapped_data_key is not None
    session.delete(h)
    session.flush()
    user = session.get(User, user_id)
    audit.log_event(
        session,
        actor,
        "corruption.key_removed",
        "user",
        user_id,
        f"Đặt lại mật khẩu: xóa cặp khóa cá nhân của {user.username if user else user_id}"
        + ("; cần được cấp lại quyền đọc thông tin bảo mật" if had_copy else ""),
    )


def _on_password_changed(
    session: Session,
    actor: Actor,
    user_id: int,
    old_password: str,
    new_password: str,
    **_: object,
) -> None:
    h = _holder(session, user_id)
    if h is None:
        return
    try:
        private_key = keypair.unlock_private(_protected_of(h), old_password)
    except WrongPassword:
        session.delete(h)
        session.flush()
        audit.log_event(
            session,
            actor,
            "corruption.key_removed",
            "user",
            user_id,
            "Đổi mật khẩu: cặp khóa cũ không mở được, đã xóa; cần được cấp lại quyền",
        )
        return
    protected = keypair.protect_private(private_key, new_password)
    h.private_salt = protected.salt
    h.private_nonce = protected.nonce
    h.private_key_enc = protected.ciphertext
    h.kdf = protected.kdf
    h.updated_at = utcnow()
    session.flush()


hooks.connect("user.signed_in", _on_signed_in)
hooks.connect(hooks.PASSWORD_RESET, _on_password_reset)
hooks.connect("user.password_changed", _on_password_changed)
