"""A year of visits at the counter: Vietnamese names, communes of Cà Mau, matters of a
Department of Culture, Sports and Tourism, group visits, leaders' days, repeat visitors,
refusals. Written through ``services.reception.record`` so every rule and index applies."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, time, timedelta

ORDER = 20

FAMILY = [
    "Nguyễn",
    "Nguyễn",
    "Nguyễn",
    "Trần",
    "Trần",
    "Lê",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Hoàng",
    "Võ",
    "Phan",
    "Trương",
    "Bùi",
    "Đặng",
    "Đỗ",
    "Ngô",
    "Hồ",
    "Dương",
    "Lý",
    "Lâm",
    "Quách",
    "Tạ",
    "Châu",
    "Thạch",
    "Danh",
    "Kim",
    "Mai",
    "Tô",
    "Đoàn",
]
MIDDLE_M = ("Văn", "Văn", "Hữu", "Minh", "Thanh", "Quốc", "Hoàng", "Công", "Đức", "Ngọc")
MIDDLE_F = ("Thị", "Thị", "Thị Kim", "Thị Mỹ", "Ngọc", "Thanh", "Thị Thu", "Thị Bích", "Hồng")
GIVEN_M = [
    "Đức",
    "Hùng",
    "Dũng",
    "Tuấn",
    "Phước",
    "Lộc",
    "Tài",
    "Nghĩa",
    "Thắng",
    "Cường",
    "Hải",
    "Khải",
    "Lợi",
    "Út",
    "Bảy",
    "Tám",
    "Sáu",
    "Toàn",
    "Hiếu",
    "Trí",
    "Tâm",
    "Vũ",
    "Khoa",
    "Phúc",
    "Đạt",
    "Thành",
    "Sơn",
    "Quang",
    "Huy",
    "Nhân",
    "Kiệt",
    "Được",
    "Mến",
    "Rạng",
]
GIVEN_F = [
    "Lan",
    "Hồng",
    "Nhung",
    "Thảo",
    "Duyên",
    "Hằng",
    "Diễm",
    "Ngọc",
    "Trinh",
    "Thúy",
    "Loan",
    "Yến",
    "Liễu",
    "Mai",
    "Đào",
    "Hoa",
    "Tuyết",
    "Nga",
    "Phượng",
    "Xuân",
    "Hạnh",
    "Ánh",
    "Dung",
    "Quyên",
    "Thư",
    "Vân",
    "Cúc",
    "Mận",
    "Lệ",
]
HAMLETS = (
    "Ấp 1",
    "Ấp 3",
    "Ấp Tân Điền",
    "Ấp Kinh Tắc",
    "Ấp Cái Rắn",
    "Ấp Xóm Mới",
    "Ấp Rạch Gốc",
    "Ấp Thạnh Điền",
    "Khóm 5",
    "Khóm 2",
    "Số 45, đường Phan Ngọc Hiển",
    "Số 12, đường Lý Thường Kiệt",
    "Số 8, đường Trần Hưng Đạo",
    "Số 103, đường Nguyễn Tất Thành",
    "Số 27, đường Hai Bà Trưng",
)

# (matter kinds, summary template, typical outcome)
MATTERS: tuple[tuple[set[str], str, str], ...] = (
    (
        {"complaint"},
        "Khiếu nại Quyết định xử phạt vi phạm hành chính số {n}/QĐ-XPVPHC đối với cơ sở "
        "karaoke của gia đình, cho rằng mức phạt không đúng quy định.",
        "petition_received",
    ),
    (
        {"complaint"},
        "Khiếu nại việc thu hồi giấy phép kinh doanh dịch vụ lưu trú du lịch (nhà nghỉ) "
        "tại {commune}.",
        "petition_received",
    ),
    (
        {"complaint"},
        "Khiếu nại việc không cấp giấy phép tổ chức biểu diễn nghệ thuật cho đoàn nghệ thuật "
        "tư nhân.",
        "explained",
    ),
    (
        {"complaint"},
        "Khiếu nại kết quả xét tuyển viên chức Trung tâm Văn hóa tỉnh năm {year}.",
        "petition_received",
    ),
    (
        {"complaint", "recommendation"},
        "Khiếu nại việc khoanh vùng bảo vệ di tích lấn vào đất ở của gia đình; kiến nghị "
        "đo đạc lại ranh giới.",
        "transferred",
    ),
    (
        {"denunciation"},
        "Tố cáo cán bộ đoàn kiểm tra liên ngành nhận tiền của chủ cơ sở karaoke để bỏ qua vi phạm.",
        "petition_received",
    ),
    (
        {"denunciation"},
        "Tố cáo cơ sở kinh doanh trò chơi điện tử hoạt động quá giờ, cho học sinh chơi "
        "trong giờ học.",
        "transferred",
    ),
    (
        {"denunciation"},
        "Tố cáo việc chiếm dụng đất sân vận động {commune} làm bãi giữ xe thu tiền.",
        "guided",
    ),
    (
        {"recommendation"},
        "Kiến nghị sửa chữa nhà văn hóa {hamlet} bị xuống cấp, mái tôn hư hỏng.",
        "explained",
    ),
    (
        {"recommendation"},
        "Kiến nghị hỗ trợ kinh phí và nhạc cụ cho câu lạc bộ đờn ca tài tử {commune}.",
        "petition_received",
    ),
    (
        {"recommendation"},
        "Kiến nghị xếp hạng di tích lịch sử cấp tỉnh cho đình làng và mộ cổ tại {commune}.",
        "petition_received",
    ),
    (
        {"recommendation"},
        "Kiến nghị đầu tư sân bóng đá mini và dụng cụ thể thao cho thanh niên {commune}.",
        "explained",
    ),
    (
        {"reflection"},
        "Phản ánh tiếng ồn của quán karaoke gần nhà hoạt động sau 22 giờ.",
        "transferred",
    ),
    (
        {"reflection"},
        "Phản ánh pa-nô quảng cáo rượu bia trái phép dọc quốc lộ 1A qua {commune}.",
        "guided",
    ),
    (
        {"reflection"},
        "Phản ánh khu du lịch không niêm yết giá dịch vụ, thu phí gửi xe cao.",
        "explained",
    ),
    (
        {"reflection", "recommendation"},
        "Phản ánh di tích bị lấn chiếm để buôn bán; kiến nghị có biện pháp bảo vệ.",
        "appointment",
    ),
    (
        {"reflection"},
        "Phản ánh việc tổ chức lễ hội thu tiền vé trái quy định.",
        "guided",
    ),
)

GUIDED_TO = (
    "UBND {commune}",
    "Công an tỉnh Cà Mau",
    "Sở Tài nguyên và Môi trường tỉnh Cà Mau",
    "Tòa án nhân dân khu vực 1 - Cà Mau",
    "Sở Nội vụ tỉnh Cà Mau",
)
TRANSFERRED_TO = (
    "UBND {commune}",
    "Thanh tra tỉnh Cà Mau",
    "Công an tỉnh Cà Mau",
    "Sở Công Thương tỉnh Cà Mau",
)
DOCUMENTS = (
    ("Đơn khiếu nại", "complaint"),
    ("Đơn tố cáo", "denunciation"),
    ("Đơn kiến nghị", "recommendation"),
    ("Đơn phản ánh", "reflection"),
    ("Quyết định xử phạt vi phạm hành chính", None),
    ("Giấy chứng nhận quyền sử dụng đất", None),
    ("Biên bản kiểm tra", None),
    ("Ảnh chụp hiện trường", None),
    ("Giấy phép kinh doanh", None),
)
REFUSALS = ("already_resolved", "not_in_control", "not_petition", "recommendation_answered")


def _person(rng: random.Random, communes: list[str], used: set[str]):
    from camau_reception.services.citizens import CitizenInput

    female = rng.random() < 0.45
    name = " ".join(
        (
            rng.choice(FAMILY),
            rng.choice(MIDDLE_F if female else MIDDLE_M),
            rng.choice(GIVEN_F if female else GIVEN_M),
        )
    )
    birth = rng.randint(1945, 2004)
    century_digit = (0 if birth < 2000 else 2) + (1 if female else 0)
    while True:
        number = (
            f"{rng.choice(('096', '096', '096', '095', '094'))}{century_digit}"
            f"{birth % 100:02d}{rng.randint(0, 999999):06d}"
        )
        if number not in used:
            used.add(number)
            break
    phone = (
        f"0{rng.choice(('91', '94', '88', '83', '39', '70', '37'))}{rng.randint(0, 9999999):07d}"
    )
    return CitizenInput(
        full_name=name,
        id_kind="cccd",
        id_number=number,
        phone=phone if rng.random() < 0.85 else "",
        province="Cà Mau",
        commune=rng.choice(communes),
        address_detail=rng.choice(HAMLETS),
    )


def populate(ctx) -> None:  # ctx: DemoContext
    from camau_reception.services import reception as svc
    from camau_reception.services.calendar import load_calendar
    from camau_reception.services.citizens import CitizenInput, communes
    from camau_reception.services.reception import DocumentInput

    try:
        from camau_reception.services import petitions

        have_petitions = hasattr(petitions, "create_from_reception")
    except ImportError:
        have_petitions = False

    rng: random.Random = ctx.rng
    officers = [ctx.actor("tiepdan1"), ctx.actor("tiepdan2")]
    director, deputy = ctx.actor("giamdoc"), ctx.actor("phogiamdoc")
    places = communes("Cà Mau") or ["Phường An Xuyên"]
    used: set[str] = set()
    regulars: list[tuple[CitizenInput, int, int]] = []  # (citizen, last visit id, matter index)
    ids: list[int] = []
    end = ctx.today - timedelta(days=1)
    start = end - timedelta(days=365)
    now = datetime.combine(ctx.today, time(7, 0))
    with ctx.db.read() as session:
        cal = load_calendar(session)
    with ctx.db.write() as session:
        day = start
        seq = 0
        while day <= end:
            if not cal.is_working_day(day):
                day += timedelta(days=1)
                continue
            # The director's periodic day: the 15th, or the next working day.
            periodic_day = day.day >= 15 and not any(
                cal.is_working_day(date(day.year, day.month, d)) for d in range(15, day.day)
            )
            visits = rng.choice((1, 2, 2, 3, 3, 4, 5)) + (3 if periodic_day else 0)
            minutes = sorted(rng.sample(range(0, 7 * 60), visits))
            for m in minutes:
                seq += 1
                hour = 7 + m // 60 if m < 270 else 13 + (m - 270) // 60
                received_at = datetime.combine(day, time(hour, m % 60))
                same_as = None
                if regulars and rng.random() < 0.15:
                    i = rng.randrange(len(regulars))
                    citizen, same_as, matter_i = regulars[i]
                    citizen = replace(citizen)
                else:
                    citizen = _person(rng, places, used)
                    matter_i = rng.randrange(len(MATTERS))
                kinds, template, outcome = MATTERS[matter_i]
                summary = template.format(
                    n=rng.randint(10, 250),
                    year=day.year,
                    # "Xã Thới Bình" inside a sentence: "xã Thới Bình".
                    commune=citizen.commune[:1].lower() + citizen.commune[1:],
                    hamlet=citizen.address_detail
                    if citizen.address_detail.startswith(("Ấp", "Khóm"))
                    else "khóm 3",
                )
                data = svc.ReceptionInput(
                    received_at=received_at,
                    citizen=citizen,
                    summary=summary,
                    matter_kinds=set(kinds),
                    officer_id=rng.choice(officers).id,
                    same_matter_as_id=same_as,
                )
                if periodic_day:
                    data.kind = "periodic"
                    data.presiding_leader_id = director.id
                elif rng.random() < 0.02:
                    data.kind = "unscheduled"
                    data.presiding_leader_id = deputy.id
                if rng.random() < 0.04:
                    data.group_size = rng.choice((5, 6, 8, 12, 15, 20))
                    extra = 1 if data.group_size <= 10 else rng.randint(1, 4)
                    data.representatives = [
                        _person(rng, [citizen.commune], used) for _ in range(extra)
                    ]
                    data.summary = f"Đoàn {data.group_size} người: " + summary
                repeated_refusal = same_as is not None and rng.random() < 0.25
                if repeated_refusal or rng.random() < 0.015:
                    outcome = "refused"
                if outcome == "petition_received" and not have_petitions:
                    outcome = "explained"
                data.outcome = outcome
                data.within_competence = outcome in (
                    "petition_received",
                    "explained",
                    "appointment",
                )
                if outcome == "guided":
                    data.guided_to = rng.choice(GUIDED_TO).format(commune=citizen.commune)
                    data.guide_doc_number = f"{rng.randint(1, 99):02d}/PHD-SVHTTDL"
                elif outcome == "transferred":
                    data.transferred_to = rng.choice(TRANSFERRED_TO).format(commune=citizen.commune)
                    data.transfer_doc_number = f"{rng.randint(1, 150):02d}/PC-SVHTTDL"
                elif outcome == "appointment":
                    data.appointment_at = datetime.combine(cal.add_working_days(day, 5), time(8, 0))
                    data.appointment_place = "Phòng tiếp công dân, Sở Văn hóa, Thể thao và Du lịch"
                    data.appointment_purpose = "Gặp Giám đốc Sở để trình bày và nhận trả lời"
                elif outcome == "refused":
                    data.refusal_reason = (
                        "already_resolved" if same_as is not None else rng.choice(REFUSALS)
                    )
                    data.refusal_detail = "Đã được giải thích, hướng dẫn nhiều lần."
                if outcome in ("petition_received", "transferred") or rng.random() < 0.3:
                    doc_name = next((n for n, k in DOCUMENTS if k and k in kinds), "Đơn trình bày")
                    data.documents = [DocumentInput(doc_name, rng.randint(1, 4), "Nguyên vẹn")]
                    if rng.random() < 0.5:
                        extra_doc = rng.choice([d for d in DOCUMENTS if d[1] is None])
                        data.documents.append(
                            DocumentInput(
                                extra_doc[0],
                                rng.randint(1, 6),
                                rng.choice(("Nguyên vẹn", "Cũ, rách mép", "Nhòe mực một phần")),
                                rng.choice(("copy", "certified", "original")),
                            )
                        )
                if same_as is None and data.group_size == 1 and rng.random() < 0.5:
                    data.handled_by = rng.choice(
                        (
                            "",
                            "",
                            "UBND " + citizen.commune,
                            "Phòng Văn hóa - Xã hội " + citizen.commune,
                        )
                    )
                reception = svc.record(
                    session,
                    ctx.actor("tiepdan1" if data.officer_id == officers[0].id else "tiepdan2"),
                    data,
                    now=now,
                )
                ids.append(reception.id)
                known = CitizenInput.from_citizen(reception.citizen)
                if same_as is not None:
                    regulars[i] = (known, reception.id, matter_i)
                elif rng.random() < 0.3 and outcome != "refused":
                    regulars.append((known, reception.id, matter_i))
            day += timedelta(days=1)
    ctx.shared["reception_ids"] = ids
