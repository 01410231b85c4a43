"""Demo reception calendar: the directory from the demo users, a year of leaders' sessions by
rule (plus the next quarter), the desk roster, published months, then one postponement and one
deputising published again as a second version with its differences."""

from __future__ import annotations

from datetime import date, timedelta

from camau_reception.domain.recurrence import Rule
from camau_reception.services import schedule
from camau_reception.services.calendar import load_calendar

ORDER = 10


def populate(ctx) -> None:  # ctx: DemoContext
    admin, director = ctx.actor("quantri"), ctx.actor("giamdoc")
    today = ctx.today
    start, end = date(today.year, 1, 1), date(today.year + 1, 3, 31)
    with ctx.db.write() as session:
        cal = load_calendar(session)
        head = schedule.add_staff(
            session,
            admin,
            director.full_name,
            "Giám đốc",
            is_leader=True,
            is_head=True,
            phone="0290 3831 063",
            email="giamdoc.svhttdl@camau.gov.vn",
            user_id=director.id,
        )
        deputy = schedule.add_staff(
            session,
            admin,
            ctx.actor("phogiamdoc").full_name,
            "Phó Giám đốc",
            is_leader=True,
            phone="0290 3831 064",
            email="pgd.svhttdl@camau.gov.vn",
            user_id=ctx.actor("phogiamdoc").id,
        )
        schedule.add_staff(
            session,
            admin,
            ctx.actor("thanhtra").full_name,
            "Chánh Thanh tra",
            is_leader=True,
            phone="0290 3831 070",
            user_id=ctx.actor("thanhtra").id,
        )
        officers = [
            schedule.add_staff(
                session,
                admin,
                ctx.actor(u).full_name,
                "Chuyên viên Thanh tra Sở",
                is_leader=False,
                user_id=ctx.actor(u).id,
            ).id
            for u in ("tiepdan1", "tiepdan2")
        ]
        schedule.generate(
            session,
            director,
            Rule("day_of_month", day=15),
            start,
            end,
            head.id,
            topics="Khiếu nại, tố cáo, kiến nghị, phản ánh thuộc lĩnh vực văn hóa, thể thao, du lịch",
            cal=cal,
        )
        schedule.generate(
            session,
            director,
            Rule("nth_weekday", weekday=3, nth=4),
            start,
            end,
            deputy.id,
            start_time="13:30",
            end_time="16:30",
            cal=cal,
        )
        # Every working day has someone at the desk: the two officers alternate half days.
        for half, first, second in (
            ("morning", officers[0], officers[1]),
            ("afternoon", officers[1], officers[0]),
        ):
            schedule.fill_desk(
                session,
                director,
                Rule("weekdays", weekdays=(0, 2, 4)),
                start,
                end,
                half,
                [first],
                cal,
            )
            schedule.fill_desk(
                session,
                director,
                Rule("weekdays", weekdays=(1, 3)),
                start,
                end,
                half,
                [second],
                cal,
            )
        # Each month is posted on the 20th of the month before (well ahead of five working
        # days), as far as today allows.
        y, m = start.year, start.month
        while (y, m) <= (end.year, end.month):
            posted = date(y - (m == 1), 12 if m == 1 else m - 1, 20)
            if posted > today:
                break
            schedule.publish(session, director, f"{y}-{m:02d}", posted)
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        upcoming = [s for s in schedule.sessions_between(session, today, end) if s.day > today]
        changed: set[str] = set()
        head_next = next((s for s in upcoming if s.presiding_id == head.id), None)
        if head_next is not None:
            schedule.deputise(
                session,
                director,
                head_next.id,
                deputy.id,
                "Giám đốc đi công tác theo kế hoạch của UBND tỉnh",
            )
            changed.add(f"{head_next.day:%Y-%m}")
        for s in (x for x in upcoming if x.presiding_id == deputy.id):
            new_day = cal.next_working_day(s.day + timedelta(days=1))
            if new_day.month == s.day.month:
                schedule.postpone(
                    session,
                    director,
                    s.id,
                    new_day,
                    "Trùng lịch họp của UBND tỉnh",
                    cal=cal,
                )
                changed.add(f"{s.day:%Y-%m}")
                break
        for period in sorted(changed):
            if schedule.latest_version(session, period) is not None:
                schedule.publish(session, director, period, today)
