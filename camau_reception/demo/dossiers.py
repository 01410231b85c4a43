"""A catalogue (from the sample file) and a year of dossiers, some late, some apologised,
plus satisfaction ratings."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from camau_reception.config import resources_dir
from camau_reception.imports import catalogue
from camau_reception.imports.tabular import guess_mapping, read_table
from camau_reception.services import dossiers
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
]


def populate(ctx) -> None:  # ctx: DemoContext
    rng = ctx.rng
    officer = ctx.actor("tiepdan2")
    table = read_table(resources_dir() / "samples" / "procedures_sample.csv")
    with ctx.db.write() as session:
        catalogue.import_procedures(
            session, officer, table, guess_mapping(table.headers, catalogue.PROCEDURE_FIELDS)
        )
        procs = [p for p in dossiers.list_procedures(session)]
        cal = load_calendar(session)
        now = datetime.combine(ctx.today, time(8, 0))
        day = ctx.today - timedelta(days=200)
        n = 0
        while day < ctx.today:
            if cal.is_working_day(day):
                for _ in range(rng.randint(0, 3)):
                    n += 1
                    proc = rng.choice(procs)
                    received = datetime.combine(
                        day, time(rng.randint(7, 15), rng.choice((0, 15, 30, 45)))
                    )
                    online = rng.random() < 0.7
                    d, _ = dossiers.upsert_dossier(
                        session,
                        officer,
                        dossiers.DossierInput(
                            code=f"000.00.12.H12-{received:%y%m%d}-{n:04d}",
                            procedure_code=proc.code,
                            applicant_name=rng.choice(NAMES),
                            received_at=received,
                            channel="online"
                            if online
                            else rng.choice(("counter", "counter", "post")),
                            applicant_address="Phường Tân Thành, tỉnh Cà Mau",
                            applicant_phone=f"09{rng.randint(10000000, 99999999)}",
                            digitised=rng.random() < 0.85,
                            result_digitised=rng.random() < 0.8,
                            fee_paid_online=proc.has_fee and online and rng.random() < 0.8,
                        ),
                        cal=cal,
                        now=now,
                    )
                    roll = rng.random()
                    if d.due_at.date() < ctx.today - timedelta(days=2) and roll < 0.9:
                        slip = rng.choice((0, 0, 0, 0, -1, -2, 1, 2))
                        back = (
                            cal.add_working_days(d.due_at.date(), slip)
                            if slip >= 0
                            else cal.subtract_working_days(d.due_at.date(), -slip)
                        )
                        back_at = datetime.combine(max(back, received.date()), time(15, 0))
                        if slip > 0 and rng.random() < 0.6:
                            dossiers.issue_apology(
                                session,
                                officer,
                                d.id,
                                dossiers.ApologyInput(
                                    reason="Hồ sơ cần xác minh, thẩm định thực tế tại cơ sở",
                                    new_due_on=cal.add_working_days(d.due_at.date(), 3),
                                    signer_title="PHÓ GIÁM ĐỐC",
                                    signer_name="Lê Văn Đức",
                                ),
                                d.due_at.date() + timedelta(days=1),
                                cal,
                            )
                        dossiers.mark_returned(session, officer, d.id, back_at)
                        if rng.random() < 0.3:
                            dossiers.record_survey(
                                session,
                                officer,
                                dossiers.SurveyInput(
                                    overall=rng.choice((3, 3, 3, 3, 2, 2, 1)),
                                    on=back_at.date(),
                                    dossier_id=d.id,
                                    attitude=rng.choice((3, 3, 2)),
                                    timeliness=3 if slip <= 0 else rng.choice((1, 2)),
                                    guidance=rng.choice((3, 2)),
                                ),
                            )
            day += timedelta(days=1)
