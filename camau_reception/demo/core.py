"""Demo agency, users of every role, and an official calendar override."""

from __future__ import annotations

from datetime import date

from camau_reception.domain.agency import SAMPLE_AGENCY
from camau_reception.domain.calendar import OverrideKind
from camau_reception.models.users import ROLE_LABELS, Role
from camau_reception.services import agency, auth, calendar, users

ORDER = 0

DEMO_USERS = [
    ("quantri", "Trần Minh Quân", "Chuyên viên Văn phòng", {Role.ADMIN}),
    ("giamdoc", "Nguyễn Thị Hồng Nhung", "Giám đốc", {Role.LEADER}),
    ("phogiamdoc", "Lê Văn Đức", "Phó Giám đốc", {Role.LEADER}),
    ("thanhtra", "Phạm Quốc Việt", "Chánh Thanh tra", {Role.INSPECTOR, Role.LEADER}),
    ("thanhtra2", "Huỳnh Thị Mỹ Duyên", "Thanh tra viên", {Role.INSPECTOR}),
    ("tiepdan1", "Võ Thị Thu Hà", "Chuyên viên tiếp công dân", {Role.OFFICER}),
    ("tiepdan2", "Đặng Hoàng Phúc", "Chuyên viên tiếp công dân", {Role.OFFICER}),
]


def populate(ctx) -> None:  # ctx: DemoContext
    from camau_reception.demo import demo_password

    profile = SAMPLE_AGENCY.__class__(
        **{**SAMPLE_AGENCY.__dict__, "head_name": "Nguyễn Thị Hồng Nhung"}
    )
    with ctx.db.write() as session:
        admin_username, admin_name, _position, _roles = DEMO_USERS[0]
        password = demo_password(ctx.rng)
        admin = agency.first_start(session, profile, admin_username, admin_name, password)
        ctx.actors[admin_username] = admin
        ctx.credentials.append((admin_username, password, ROLE_LABELS[Role.ADMIN]))
        for username, name, position, roles in DEMO_USERS[1:]:
            password = demo_password(ctx.rng)
            user = users.create_user(
                session,
                admin,
                users.UserInput(
                    username=username,
                    full_name=name,
                    roles=roles,
                    password=password,
                    position=position,
                ),
            )
            ctx.actors[username] = auth.to_actor(user)
            ctx.credentials.append(
                (username, password, ", ".join(ROLE_LABELS[r] for r in sorted(roles)))
            )
        # The holidays package lists 31/08/2026 as a day off "thay cho ngày 22/08/2026" but
        # cannot say that Saturday 22/08/2026 is then worked: the administrator records it.
        calendar.add_override(
            session,
            admin,
            date(2026, 8, 22),
            OverrideKind.WORKING_DAY,
            "Làm việc bù cho ngày nghỉ 31/08/2026 (hoán đổi dịp Quốc khánh)",
        )
