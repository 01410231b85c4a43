"""Shared builders for the corruption tests (no tests here): fast keys, a set-up vault, a
denouncer and a counter visit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from camau_reception.crypto import keypair
from camau_reception.services import auth, users
from camau_reception.services import corruption as svc
from camau_reception.services import corruption_keys as keys
from camau_reception.services.citizens import CitizenInput
from camau_reception.services.reception import DocumentInput, ReceptionInput
from tests.conftest import PASSWORD

TODAY = date(2026, 3, 20)
NOW = datetime(2026, 3, 16, 10, 30)
# A denouncer whose name and number are unlike anything else in a test database.
NAME = "Trương Thị Bích Ngọc"
NUMBER = "096189007531"
PHONE = "0918765432"
ADDRESS_DETAIL = "Số 45, đường Phan Ngọc Hiển"


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch):
    """Argon2id at its minimum cost: tests create accounts and unlock keys dozens of times."""
    from argon2 import PasswordHasher

    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(keypair, "DEFAULT_KDF", keypair.KdfParams(1, 8, 1))
    monkeypatch.setattr(auth, "_hasher", lambda: cheap)


def unlock(db, actor, password: str = PASSWORD) -> keys.KeyRing | None:
    with db.write() as s:
        return keys.unlock(s, actor, password)


@dataclass
class Vault:
    ring: keys.KeyRing
    recovery_text: str


def set_up(db, inspector) -> Vault:
    ring = unlock(db, inspector)
    assert ring is not None
    with db.write() as s:
        text = keys.setup(s, inspector, ring)
    return Vault(ring, text)


def make_inspector(db, username: str, full_name: str):
    from camau_reception.models.users import Role

    with db.write() as s:
        admin = auth.to_actor(users.list_users(s, role=Role.ADMIN)[0])
        user = users.create_user(
            s,
            admin,
            users.UserInput(
                username=username,
                full_name=full_name,
                roles={Role.INSPECTOR},
                password=PASSWORD,
                position="Thanh tra viên",
            ),
        )
        return auth.to_actor(user)


def identity(**kw) -> svc.Identity:
    values = dict(
        full_name=NAME,
        id_number=NUMBER,
        phone=PHONE,
        address=f"{ADDRESS_DETAIL}, Phường Tân Thành, Cà Mau",
        statement="Tôi tố cáo việc nhận tiền để cấp phép biểu diễn.",
    )
    values.update(kw)
    return svc.Identity(**values)


def case_input(**kw) -> svc.CaseInput:
    values = dict(
        received_on=date(2026, 3, 16),
        summary="Tố cáo cán bộ phòng Quản lý văn hóa nhận tiền khi thẩm định hồ sơ cấp phép "
        "biểu diễn nghệ thuật.",
        source="post",
        identity=identity(),
        field="Văn hóa, di sản",
        subject="Một chuyên viên phòng Quản lý văn hóa",
    )
    values.update(kw)
    return svc.CaseInput(**values)


def record_case(db, actor, today: date = TODAY, **kw) -> tuple[int, str]:
    with db.write() as s:
        result = svc.record(s, actor, case_input(**kw), today=today)
        return result.case.id, result.followup_code


def counter_visit(**kw) -> ReceptionInput:
    values = dict(
        received_at=datetime(2026, 3, 16, 9, 15),
        citizen=CitizenInput(
            full_name=NAME,
            id_kind="cccd",
            id_number=NUMBER,
            phone=PHONE,
            province="Cà Mau",
            commune="Phường Tân Thành",
            address_detail=ADDRESS_DETAIL,
        ),
        summary=f"Bà {NAME} tố cáo cán bộ thu tiền trái phép khi cấp phép quảng cáo; "
        f"liên hệ {PHONE}.",
        matter_kinds={"denunciation"},
        corruption=True,
        outcome="petition_received",
        documents=[DocumentInput(f"Đơn tố cáo viết tay của {NAME}", 3, "Nguyên vẹn", "original")],
    )
    values.update(kw)
    return ReceptionInput(**values)
