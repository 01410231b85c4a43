"""A catalogue (the sample file), a year of dossiers (most on time, some late, some apologised,
a few still owing a letter today), and satisfaction ratings of dossiers and visits."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import text

from camau_reception.config import resources_dir
from camau_reception.imports import procedures as procedure_import
from camau_reception.imports.tabular import guess_mapping, read_table
from camau_reception.services import apologies, dossiers, procedures, surveys
from camau_reception.services.calendar import load_calendar

ORDER = 40

NAMES = [
    "Nguyễn Văn Hậu",
    "Trần Thị Thúy Kiều",
    "Lê Minh Triết",
    "Phạm Thị Diễm",
    "Huỳnh Tấn Phát",
    "Võ Thị Ngọc Hân",
    "Đặng Quốc Huy",
    "Bùi Thị Mỹ Xuyên",
    "Dương Văn Sang",
    "Lý Thị Cẩm Tú",
    "Công ty TNHH Du lịch Đất Mũi",
    "Hộ kinh doanh Karaoke Bạch Đằng",
]
PLACES = [
    "Phường An Xuyên, tỉnh Cà Mau",
    "Phường Tân Thành, tỉnh Cà Mau",
    "Xã Đất Mũi, tỉnh Cà Mau",
    "Phường Bạc Liêu, tỉnh Cà Mau",
    "Xã Năm Căn, tỉnh Cà Mau",
]


def populate(ctx) -> None:  # ctx: DemoContext
    rng = ctx.rng
    officers = [ctx.actor("tiepdan1"), ctx.actor("tiepdan2")]
    deputy = ctx.actor("phogiamdoc")
    reasons = apologies.common_reasons()
    table = read_table(resources_dir() / "samples" / "procedures_sample.csv")
    with ctx.db.write() as session:
        procedure_import.import_procedures(
            session,
            officers[0],
            table,
            guess_mapping(table.headers, procedure_import.PROCEDURE_FIELDS),
        )
        procs = procedures.list_procedures(session, in_force_only=True)
        cal = load_calendar(session)
        now = datetime.combine(ctx.today, time(7, 30))
        day = ctx.today - timedelta(days=365)
        n = 0
        while day < ctx.today:
            if not cal.is_working_day(day):
                day += timedelta(days=1)
                continue
            for _ in range(rng.randint(0, 4)):
                n += 1
                officer = rng.choice(officers)
                proc = rng.choice(procs)
                received = datetime.combine(
                    day, time(rng.randint(7, 15), rng.choice((0, 15, 30, 45)))
                )
                online = rng.random() < 0.75
                d, _ = dossiers.upsert_dossier(
                    session,
                    officer,
                    dossiers.DossierInput(
                        code=f"000.00.12.H12-{received:%y%m%d}-{n:04d}",
                        procedure_code=proc.code,
                        applicant_name=rng.choice(NAMES),
                        received_at=received,
                        channel="online" if online else rng.choice(("counter", "counter", "post")),
                        applicant_address=rng.choice(PLACES),
                        applicant_phone=f"09{rng.randint(10000000, 99999999)}",
                        digitised=rng.random() < 0.9,
                        result_digitised=rng.random() < 0.85,
                        fee_paid_online=proc.has_fee and online and rng.random() < 0.85,
                    ),
                    cal=cal,
                    now=now,
                )
                due = d.due_at.date()
                if due >= ctx.today:
                    continue  # still within its time
                slip = rng.choice((0, 0, 0, 0, 0, -1, -2, -3, 1, 2, 4))
                if (ctx.today - due).days < 45 and rng.random() < 0.12:
                    slip = None  # late and still open: the letters owed today
                if slip is None or (slip > 0 and cal.add_working_days(due, slip) >= ctx.today):
                    continue
                if slip > 0 and rng.random() < 0.75:
                    apologies.issue_apology(
                        session,
                        officer,
                        d.id,
                        apologies.ApologyInput(
                            reason=rng.choice(reasons),
                            new_due_on=cal.add_working_days(due, slip + 1),
                            signer_title="PHÓ GIÁM ĐỐC",
                            signer_name=deputy.full_name,
                        ),
                        cal.next_working_day(due),
                        cal,
                    )
                back = (
                    cal.add_working_days(due, slip)
                    if slip >= 0
                    else cal.subtract_working_days(due, -slip)
                )
                back_at = datetime.combine(max(back, received.date()), time(rng.randint(8, 16), 0))
                back_at = max(back_at, received + timedelta(hours=1))
                dossiers.mark_returned(session, officer, d.id, back_at)
                if rng.random() < 0.35:
                    late = slip > 0
                    surveys.record_survey(
                        session,
                        officer,
                        surveys.SurveyInput(
                            overall=rng.choice((2, 3, 1) if late else (3, 3, 3, 3, 2)),
                            on=back_at.date(),
                            dossier_id=d.id,
                            attitude=rng.choice((3, 3, 3, 2)),
                            timeliness=rng.choice((1, 2)) if late else rng.choice((3, 3, 2)),
                            guidance=rng.choice((3, 3, 2)),
                            comment="Cán bộ hướng dẫn tận tình." if rng.random() < 0.1 else "",
                        ),
                    )
            day += timedelta(days=1)
        _rate_visits(ctx, session, officers[0])


def _rate_visits(ctx, session, officer) -> None:
    """Ratings of some visits at the reception desk (by receptions.id, no foreign key)."""
    exists = session.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'receptions'")
    ).first()
    if exists is None:
        return
    rows = session.execute(text("SELECT id FROM receptions ORDER BY id")).all()
    for (rid,) in rows[::4]:
        surveys.record_survey(
            session,
            officer,
            surveys.SurveyInput(
                overall=ctx.rng.choice((3, 3, 3, 2, 1)),
                on=ctx.today - timedelta(days=ctx.rng.randint(0, 120)),
                reception_id=int(rid),
                attitude=ctx.rng.choice((3, 3, 2)),
                guidance=ctx.rng.choice((3, 2, 2)),
            ),
        )
