"""Petitions in every state and every deadline colour: the ones the demo visits produced are
moved along the workflow as an office would have, plus petitions by post, hotline and from
other bodies."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from camau_reception.models.petitions import Petition, PetitionKind
from camau_reception.services import petitions as svc
from camau_reception.services.calendar import load_calendar

ORDER = 30

OTHER_SOURCES = [
    (
        "post",
        "complaint",
        "Khiếu nại quyết định xử phạt vi phạm hành chính về quảng cáo ngoài trời",
    ),
    ("hotline", "reflection", "Phản ánh cơ sở karaoke hoạt động quá 24 giờ gây tiếng ồn"),
    ("portal", "recommendation", "Kiến nghị sửa chữa nhà văn hóa ấp đã xuống cấp"),
    ("comment_box", "reflection", "Phản ánh thái độ phục vụ tại bộ phận một cửa"),
    ("transferred", "denunciation", "Tố cáo việc thu tiền tổ chức lễ hội không đúng quy định"),
    ("post", "complaint", "Khiếu nại lần hai về việc không cấp phép biểu diễn nghệ thuật"),
]
NAMES = [
    "Nguyễn Thị Mỹ Linh",
    "Trần Quốc Bảo",
    "Lê Hoàng Yến",
    "Phạm Văn Đức",
    "Huỳnh Ngọc Trâm",
    "Đặng Văn Lực",
]


def populate(ctx) -> None:  # ctx: DemoContext
    rng = ctx.rng
    today = ctx.today
    officer = ctx.actor("tiepdan1")
    leader_id = ctx.actor("giamdoc").id
    with ctx.db.read() as session:
        cal = load_calendar(session)
    with ctx.db.write() as session:
        for i, (source, kind, summary) in enumerate(OTHER_SOURCES):
            received = cal.previous_working_day(today - timedelta(days=rng.randint(2, 40)))
            svc.record(
                session,
                officer,
                svc.PetitionInput(
                    kind=kind,
                    source=source,
                    received_on=received,
                    summary=summary,
                    petitioner_name=NAMES[i],
                    petitioner_address="Phường An Xuyên, tỉnh Cà Mau",
                    complaint_round=2 if "lần hai" in summary else 1,
                    sender_body="Thanh tra tỉnh Cà Mau" if source == "transferred" else "",
                    sender_letter_no="125/TTr-NV" if source == "transferred" else "",
                    sender_letter_date=received - timedelta(days=3)
                    if source == "transferred"
                    else None,
                    signer_count=6 if i == 2 else 1,
                ),
            )
        ids = list(session.execute(select(Petition.id).order_by(Petition.received_on)).scalars())

    def day_after(d: date, n: int) -> date:
        return min(cal.add_working_days(d, n), today)

    for pid in ids:
        with ctx.db.write() as session:
            p = svc.get(session, pid)
            age = (today - p.received_on).days
            if age < 5 and rng.random() < 0.7:
                continue  # fresh: waiting for classification, green
            ours = rng.random() < 0.75
            on = day_after(p.received_on, rng.randint(1, 4))
            svc.classify(
                session,
                officer,
                pid,
                eligible=rng.random() < 0.92,
                within_competence=ours,
                complex_case=rng.random() < 0.1,
                on=on,
            )
            p = svc.get(session, pid)
            if not p.eligible:
                if rng.random() < 0.5:
                    svc.return_(
                        session,
                        officer,
                        pid,
                        on=on,
                        reason="Đơn không ghi rõ địa chỉ, không có chữ ký",
                    )
                else:
                    svc.archive(session, officer, pid, reason="not_eligible", on=on)
                continue
            if not ours:
                if p.kind == PetitionKind.DENUNCIATION or rng.random() < 0.5:
                    svc.transfer(
                        session,
                        officer,
                        pid,
                        to_body="UBND xã Tân Thành",
                        letter_no=f"{rng.randint(1, 99):02d}/PC-SVHTTDL",
                        on=on,
                    )
                else:
                    try:
                        svc.guide(session, officer, pid, to_body="Phòng Văn hóa - Xã hội xã", on=on)
                    except svc.ValidationError:
                        svc.archive(session, officer, pid, reason="duplicate", on=on)
                continue
            if age < 12 and rng.random() < 0.5:
                continue  # classified, clock running
            on = day_after(on, rng.randint(1, 3))
            svc.accept(
                session, officer, pid, decision_no=f"{rng.randint(1, 200):02d}/QĐ-SVHTTDL", on=on
            )
            p = svc.get(session, pid)
            roll = rng.random()
            if roll < 0.15 and "extend" in svc.available_actions(p, officer):
                svc.extend(
                    session,
                    officer,
                    pid,
                    reason="Vụ việc phức tạp, cần xác minh nhiều nơi",
                    decision_no=f"{rng.randint(1, 200):02d}/QĐ-SVHTTDL",
                    approver_id=leader_id,
                    on=day_after(on, 5),
                )
            elif roll < 0.4:
                svc.start_verification(session, officer, pid, on=day_after(on, 2))
            p = svc.get(session, pid)
            due = p.due_on or on
            finish = due + timedelta(days=rng.randint(-20, 6))
            if finish >= today or rng.random() < 0.03:
                continue  # still open: green, amber or red depending on the date
            finish = max(finish, on + timedelta(days=1))
            result = (
                "answered"
                if p.kind in ("recommendation", "reflection")
                else rng.choice(["right", "wrong", "partly"])
            )
            svc.resolve(
                session,
                officer,
                pid,
                decision_no=f"{rng.randint(1, 200):02d}/QĐ-SVHTTDL",
                result=result,
                on=finish,
            )
            if finish + timedelta(days=3) < today:
                svc.notify(session, officer, pid, on=finish + timedelta(days=2))
                if rng.random() < 0.7:
                    svc.close(session, officer, pid, on=finish + timedelta(days=3))
    # The last days' mail, still waiting for classification.
    with ctx.db.write() as session:
        for i, (kind, summary) in enumerate(
            [
                ("complaint", "Khiếu nại việc không được cấp giấy phép tổ chức biểu diễn"),
                ("reflection", "Phản ánh việc treo băng rôn quảng cáo sai quy định"),
                ("denunciation", "Tố cáo cơ sở lưu trú du lịch không niêm yết giá"),
            ]
        ):
            created = svc.record(
                session,
                officer,
                svc.PetitionInput(
                    kind=kind,
                    source="post",
                    summary=summary,
                    received_on=cal.previous_working_day(today - timedelta(days=i + 1)),
                    petitioner_name=["Võ Thị Kim Ngân", "Thạch Sa Rươl", "Quách Văn Lợi"][i],
                    petitioner_address="Xã Tân Thành, tỉnh Cà Mau",
                ),
            )
            if i == 0:
                svc.classify(
                    session,
                    officer,
                    created[0].id,
                    eligible=True,
                    within_competence=True,
                    on=created[0].received_on,
                )
        # A second letter of the same matter by the same person: offered as "đơn trùng?".
        svc.record(
            session,
            officer,
            svc.PetitionInput(
                kind="complaint",
                source="post",
                summary="Tiếp tục khiếu nại quyết định xử phạt vi phạm hành chính về quảng cáo "
                "ngoài trời, đề nghị xem xét lại",
                received_on=cal.previous_working_day(today),
                petitioner_name=NAMES[0],
                petitioner_address="Phường An Xuyên, tỉnh Cà Mau",
            ),
        )
