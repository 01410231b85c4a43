"""Demo corruption denunciations: keys set up by the chief inspector and granted to the second
inspector, cases in several states (one taken at the counter), a protection request.

The recovery key is printed with the demo accounts (clearly marked) and written beside the
database as ``<database>.khoa-khoi-phuc.txt`` (owner-only permissions): in real use it exists
only on paper.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta
from pathlib import Path

ORDER = 50

RECOVERY_LABEL = "KHÓA KHÔI PHỤC tố cáo tham nhũng (in ra giấy, giao Thủ trưởng cơ quan)"

# (days before today, source, field, subject, summary, reporter, plan)
CASES = (
    (
        150,
        "post",
        "Văn hóa, di sản",
        "Một cán bộ Ban quản lý di tích",
        "Tố cáo việc thu tiền vé tham quan di tích không xuất vé, không nộp ngân sách.",
        ("Lâm Văn Tâm", "096085003317", "0919 234 567", "Ấp 4, xã Tân Thuận, Cà Mau"),
        ["accept", "verify", "extend", "conclude:right", "notify"],
    ),
    (
        95,
        "hotline",
        "Du lịch",
        "Cán bộ thẩm định hồ sơ cấp biển hiệu đạt chuẩn dịch vụ du lịch",
        "Tố cáo việc yêu cầu doanh nghiệp chi tiền để hồ sơ được thẩm định nhanh.",
        ("Đỗ Thị Kim Thoa", "096190008852", "0945 778 120", "Khóm 6, phường Tân Thành, Cà Mau"),
        ["accept", "verify"],
    ),
    (
        40,
        "post",
        "Thể thao",
        "Lãnh đạo một trung tâm huấn luyện thể thao",
        "Tố cáo việc lập chứng từ khống tiền bồi dưỡng vận động viên.",
        ("Quách Minh Luân", "096079001264", "0832 556 901", "Ấp Cái Rắn, xã Phú Mỹ, Cà Mau"),
        ["to_transfer", "transfer"],
    ),
    (
        9,
        "email",
        "Quảng cáo",
        "Một chuyên viên phòng Quản lý văn hóa",
        "Tố cáo việc nhận tiền để bỏ qua vi phạm về biển quảng cáo ngoài trời.",
        (
            "Huỳnh Ngọc Bảo Trâm",
            "096195004471",
            "0908 331 442",
            "Số 18, đường Phan Bội Châu, Cà Mau",
        ),
        [],
    ),
    (
        3,
        "comment_box",
        "Tổ chức cán bộ",
        "Một phòng chuyên môn của Sở",
        "Tin báo nặc danh về việc nhận quà khi xét tuyển viên chức; nội dung cụ thể, có nêu "
        "thời gian, địa điểm.",
        None,
        [],
    ),
)


def _password(ctx, username: str) -> str:
    for user, password, _roles in ctx.credentials:
        if user == username:
            return password
    raise KeyError(username)


def _working_day(d: date) -> date:
    while d.weekday() >= 5:
        d -= timedelta(days=1)
    return d


def populate(ctx) -> None:  # ctx: DemoContext
    from camau_reception.services import corruption as svc
    from camau_reception.services import corruption_keys as keys
    from camau_reception.services.citizens import CitizenInput
    from camau_reception.services.reception import DocumentInput, ReceptionInput
    from camau_reception.services.reception import record as record_visit

    chief, second = ctx.actor("thanhtra"), ctx.actor("thanhtra2")
    today = ctx.today
    with ctx.db.write() as session:
        ring = keys.unlock(session, chief, _password(ctx, "thanhtra"))
        recovery_text = keys.setup(session, chief, ring)
        keys.unlock(session, second, _password(ctx, "thanhtra2"))
        keys.grant(session, chief, ring, second.id)

    for days, source, field, subject, summary, reporter, plan in CASES:
        received = _working_day(today - timedelta(days=days))
        identity = None
        if reporter is not None:
            name, number, phone, address = reporter
            identity = svc.Identity(
                full_name=name, id_number=number, phone=phone.replace(" ", ""), address=address
            )
        with ctx.db.write() as session:
            case = svc.record(
                session,
                chief,
                svc.CaseInput(
                    received_on=received,
                    summary=summary,
                    source=source,
                    anonymous=reporter is None,
                    identity=identity,
                    field=field,
                    subject=subject,
                ),
                today=today,
            ).case
            case_id = case.id
        _advance(ctx, case_id, received, plan)

    # A denunciation taken at the counter: the register keeps only the case code.
    visit_day = _working_day(today - timedelta(days=2))
    officer = ctx.actor("tiepdan1")
    with ctx.db.write() as session:
        reception = record_visit(
            session,
            officer,
            ReceptionInput(
                received_at=datetime.combine(visit_day, time(9, 40)),
                citizen=CitizenInput(
                    full_name="Tạ Thị Mỹ Hạnh",
                    id_number="096192006638",
                    phone="0917445210",
                    province="Cà Mau",
                    commune="Phường An Xuyên",
                    address_detail="Số 7, hẻm 12, đường Ngô Quyền",
                ),
                summary="Tố cáo cán bộ thu thêm tiền ngoài quy định khi cấp giấy phép tổ chức "
                "lễ hội tại phường An Xuyên.",
                matter_kinds={"denunciation"},
                corruption=True,
                outcome="petition_received",
                documents=[DocumentInput("Đơn tố cáo viết tay", 2, "Nguyên vẹn", "original")],
            ),
            now=datetime.combine(today, time(17, 0)),
        )
        counter_case = svc.case_for_reception(session, reception.id)
        svc.update_details(
            session,
            chief,
            counter_case.id,
            svc.DetailsInput(
                summary=counter_case.summary,
                field="Văn hóa, di sản",
                subject="Một cán bộ phòng Quản lý văn hóa",
            ),
            counter_case.version,
        )
        svc.add_protection_request(
            session,
            chief,
            counter_case.id,
            svc.ProtectionInput(
                requested_on=visit_day,
                persons={"reporter", "spouse"},
                kinds={"confidentiality", "job"},
                note="Người tố cáo đề nghị giữ bí mật và không bị điều chuyển công tác.",
            ),
            today=today,
        )
        svc.take_intake_receipt(reception.id)

    ctx.credentials.append(("khoiphuc", recovery_text, RECOVERY_LABEL))
    path = Path(str(ctx.db.path) + ".khoa-khoi-phuc.txt")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(
            "KHÓA KHÔI PHỤC DỮ LIỆU TỐ CÁO THAM NHŨNG (CƠ SỞ DỮ LIỆU MẪU)\n"
            f"{recovery_text}\n"
            "Chỉ dùng để thử chương trình. Khi dùng thật, khóa chỉ tồn tại trên giấy.\n"
        )


def _advance(ctx, case_id: int, received: date, plan: list[str]) -> None:
    from camau_reception.services import corruption as svc

    chief = ctx.actor("thanhtra")
    on = received
    numbers = iter(range(ctx.rng.randint(10, 40), 200))
    for step in plan:
        on = _working_day(on + timedelta(days=5 if step != "extend" else 25))
        on = min(on, ctx.today)
        action, _, result = step.partition(":")
        data = svc.ActionInput(on=on)
        if action in ("accept", "extend", "conclude", "verify"):
            data.document_no = f"{next(numbers):02d}/QĐ-SVHTTDL"
        if action == "conclude":
            data.document_no = f"{next(numbers):02d}/KL-SVHTTDL"
            data.result = result
        if action == "to_transfer":
            data.transfer_to = "Thanh tra tỉnh Cà Mau"
        with ctx.db.write() as session:
            version = svc.get(session, case_id).version
            svc.act(session, chief, case_id, action, data, version, today=ctx.today)
