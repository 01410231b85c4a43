"""The agency profile and the first start (khởi tạo lần đầu)."""

from __future__ import annotations

from dataclasses import asdict, fields

from sqlalchemy.orm import Session

from camau_reception.domain.agency import AgencyProfile
from camau_reception.domain.text import normalize
from camau_reception.models.base import utcnow
from camau_reception.models.settings import AgencySettings
from camau_reception.models.users import Role
from camau_reception.services import audit, users
from camau_reception.services.actor import Actor
from camau_reception.services.auth import require, to_actor
from camau_reception.services.errors import Collector, ValidationError

FIELD_LABELS = {
    "parent_body": "Cơ quan chủ quản",
    "name": "Tên cơ quan",
    "symbol": "Chữ viết tắt",
    "place": "Địa danh",
    "address": "Địa chỉ",
    "phone": "Điện thoại",
    "email": "Thư điện tử",
    "head_title": "Chức vụ người đứng đầu",
    "head_name": "Họ tên người đứng đầu",
}


def get_profile(session: Session) -> AgencyProfile | None:
    row = session.get(AgencySettings, 1)
    if row is None:
        return None
    return AgencyProfile(**{f.name: getattr(row, f.name) for f in fields(AgencyProfile)})


def is_initialized(session: Session) -> bool:
    return session.get(AgencySettings, 1) is not None and users.count_users(session) > 0


def clean_profile(profile: AgencyProfile) -> AgencyProfile:
    """Normalise and validate; the letterhead prints parent body and agency in capitals."""
    values = {k: normalize(v) for k, v in asdict(profile).items()}
    c = Collector()
    for key in ("parent_body", "name", "symbol", "place"):
        if not values[key]:
            c.add(key, f"Hãy nhập {FIELD_LABELS[key].lower()}.")
    if values["symbol"] and not values["symbol"].replace("-", "").isalnum():
        c.add("symbol", "Chữ viết tắt chỉ gồm chữ và số, ví dụ SVHTTDL.")
    if values["email"] and "@" not in values["email"]:
        c.add("email", "Địa chỉ thư điện tử không hợp lệ.")
    c.raise_if_any()
    values["parent_body"] = values["parent_body"].upper()
    values["name"] = values["name"].upper()
    values["symbol"] = values["symbol"].upper()
    values["head_title"] = values["head_title"].upper() or "GIÁM ĐỐC"
    return AgencyProfile(**values)


def save_profile(session: Session, actor: Actor | None, profile: AgencyProfile) -> AgencyProfile:
    if actor is not None:
        require(actor, Role.ADMIN)
    profile = clean_profile(profile)
    row = session.get(AgencySettings, 1)
    before = get_profile(session)
    if row is None:
        row = AgencySettings(id=1, **asdict(profile))
        session.add(row)
    else:
        for key, value in asdict(profile).items():
            setattr(row, key, value)
        row.updated_at = utcnow()
    session.flush()
    changed = [
        FIELD_LABELS[k]
        for k, v in asdict(profile).items()
        if before is None or getattr(before, k) != v
    ]
    if changed:
        audit.log_event(
            session,
            actor,
            "agency.update",
            "agency",
            1,
            "Cập nhật thông tin cơ quan: " + ", ".join(changed),
        )
    return profile


def first_start(
    session: Session,
    profile: AgencyProfile,
    admin_username: str,
    admin_full_name: str,
    admin_password: str,
) -> Actor:
    """Create the profile and the first administrator; refused once anyone exists."""
    if users.count_users(session) > 0:
        raise ValidationError({"username": "Chương trình đã được khởi tạo."})
    save_profile(session, None, profile)
    user = users.create_user(
        session,
        None,
        users.UserInput(
            username=admin_username,
            full_name=admin_full_name,
            roles={Role.ADMIN},
            password=admin_password,
            position="Quản trị hệ thống",
        ),
    )
    actor = to_actor(user)
    audit.log_event(session, actor, "setup.first_start", "agency", 1, "Khởi tạo chương trình")
    return actor
