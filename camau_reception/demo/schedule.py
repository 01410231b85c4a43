"""The directory from the demo users, a year of sessions, the desk roster, one postponement,
one deputising, published months."""

from __future__ import annotations

from datetime import date, timedelta

from camau_reception.domain.recurrence import Rule
from camau_reception.services import schedule

ORDER = 10


def populate(ctx) -> None:  # ctx: DemoContext
    admin = ctx.actor("quantri")
    year = ctx.today.year
    with ctx.db.write() as session:
        head = schedule.add_staff(
            session,
            admin,
            ctx.actor("giamdoc").full_name,
            "Giám đốc",
            is_leader=True,
            is_head=True,
            phone="0290 3831 063",
            email="giamdoc@svhttdl.camau.gov.vn",
            user_id=ctx.actor("giamdoc").id,
        )
        deputy = schedule.add_staff(
            session,
            admin,
            ctx.actor("phogiamdoc").full_name,
            "Phó Giám đốc",
            is_leader=True,
            phone="0290 3831 064",
            user_id=ctx.actor("phogiamdoc").id,
        )
        schedule.add_staff(
            session,
            admin,
            ctx.actor("thanhtra").full_name,
            "Chánh Thanh tra",
            is_leader=True,
            user_id=ctx.actor("thanhtra").id,
        )
        officers = [
            schedule.add_staff(
                session,
                admin,
                ctx.actor(u).full_name,
                "Chuyên viên",
                is_leader=False,
                user_id=ctx.actor(u).id,
            )
            for u in ("tiepdan1", "tiepdan2")
        ]
        start, end = date(year, 1, 1), date(year, 12, 31)
        schedule.generate(
            session,
            admin,
            Rule("day_of_month", day=15),
            start,
            end,
            head.id,
            topics="Khiếu nại, tố cáo, kiến nghị, phản ánh thuộc lĩnh vực của Sở",
        )
        schedule.generate(
            session,
            admin,
            Rule("nth_weekday", weekday=3, nth=4),
            start,
            end,
            deputy.id,
            start_time="13:30",
            end_time="16:30",
        )
        schedule.fill_desk(
            session,
            admin,
            Rule("weekdays", weekdays=(0, 2, 4)),
            ctx.today,
            ctx.today + timedelta(days=60),
            "morning",
            [officers[0].id],
        )
        schedule.fill_desk(
            session,
            admin,
            Rule("weekdays", weekdays=(1, 3)),
            ctx.today,
            ctx.today + timedelta(days=60),
            "morning",
            [officers[1].id],
        )
        upcoming = [
            s
            for s in schedule.sessions_between(session, ctx.today, end)
            if s.presiding_id == head.id
        ]
        if len(upcoming) >= 2:
            schedule.deputise(
                session,
                admin,
                upcoming[1].id,
                deputy.id,
                "Giám đốc đi công tác theo kế hoạch của UBND tỉnh",
            )
        past = [
            s
            for s in schedule.sessions_between(session, start, ctx.today)
            if s.presiding_id == deputy.id
        ]
        if past:
            s = past[-1]
            schedule.move(
                session,
                admin,
                s.id,
                s.day + timedelta(days=1) if s.day.weekday() < 4 else s.day - timedelta(days=1),
                "Trùng lịch họp của UBND tỉnh",
                postpone=True,
            )
        m = 1
        while date(year, m, 1) <= ctx.today and m <= 12:
            first = date(year, m, 1)
            schedule.publish(session, admin, f"{year}-{m:02d}", first - timedelta(days=10))
            m += 1
