"""Dossiers: due dates, late detection, apology letters (one and batch), imports, indicators."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from camau_reception.domain.calendar import OverrideKind
from camau_reception.imports import catalogue
from camau_reception.imports.tabular import guess_mapping, read_table
from camau_reception.printing.pdftext import pdf_page_count, pdf_text
from camau_reception.services import apologies, dossiers
from camau_reception.services import calendar as calendar_service
from camau_reception.services.actor import Actor
from camau_reception.services.errors import ValidationError
from camau_reception.storage.db import Database


def _proc(
    db: Database, actor: Actor, days: int = 5, fee: bool = False, code: str = "1.001"
) -> None:
    with db.write() as s:
        dossiers.upsert_procedure(
            s,
            actor,
            dossiers.ProcedureInput(
                code=code,
                name="Cấp giấy phép kinh doanh dịch vụ karaoke",
                processing_days=days,
                has_fee=fee,
                field="Văn hóa",
            ),
        )


def _dossier(db: Database, actor: Actor, code: str, received: datetime, **kw) -> int:
    with db.write() as s:
        d, _ = dossiers.upsert_dossier(
            s,
            actor,
            dossiers.DossierInput(
                code=code,
                procedure_code=kw.pop("procedure_code", "1.001"),
                applicant_name=kw.pop("name", "Nguyễn Thị Hồng Nhung"),
                received_at=received,
                applicant_address="Phường An Xuyên, tỉnh Cà Mau",
                applicant_phone="0912345678",
                **kw,
            ),
        )
        return d.id


def test_due_date_across_tet_and_an_override(db: Database, admin: Actor, officer: Actor) -> None:
    _proc(db, officer, days=5)
    a = _dossier(db, officer, "HS-1", datetime(2026, 2, 12, 9, 0))
    with db.read() as s:
        d = dossiers.get(s, a)
        assert d.due_at == datetime(2026, 2, 26, 17, 0)  # 13/02, then 23–26/02 after Tết
        assert "Tết Nguyên Đán" in d.due_explanation
    with db.write() as s:
        calendar_service.add_override(
            s, admin, date(2026, 3, 2), OverrideKind.DAY_OFF, "Nghỉ đột xuất"
        )
    b = _dossier(db, officer, "HS-2", datetime(2026, 2, 26, 9, 0))
    with db.read() as s:
        # 27/02, (02/03 off), 03, 04, 05, 06/03
        assert dossiers.get(s, b).due_at == datetime(2026, 3, 6, 17, 0)


def test_returned_on_the_due_date_is_on_time(db: Database, officer: Actor) -> None:
    _proc(db, officer, days=5)
    on_time = _dossier(db, officer, "HS-A", datetime(2026, 11, 2, 8, 0))
    late = _dossier(db, officer, "HS-B", datetime(2026, 11, 2, 8, 0), name="Trần Văn Bảy")
    with db.write() as s:
        due = dossiers.get(s, on_time).due_at
        assert due == datetime(2026, 11, 9, 17, 0)
        dossiers.mark_returned(s, officer, on_time, due)
        dossiers.mark_returned(s, officer, late, datetime(2026, 11, 10, 8, 0))
    with db.read() as s:
        rows = dossiers.late_dossiers(s, datetime(2026, 11, 20, 12, 0))
        assert [r.code for r in rows] == ["HS-B"]
        assert rows[0].working_days_late == 1 and not rows[0].owes_apology


def test_apology_letter_pdf_and_second_rescheduling(
    db: Database, officer: Actor, leader: Actor, tmp_path: Path
) -> None:
    _proc(db, officer, days=5)
    did = _dossier(db, officer, "000.00.12.H12-261102-0007", datetime(2026, 11, 2, 8, 30))
    today = date(2026, 11, 12)
    with db.read() as s:
        assert [
            r.id for r in dossiers.late_dossiers(s, datetime(2026, 11, 12, 9), only_owing=True)
        ] == [did]
    with db.write() as s, pytest.raises(ValidationError) as err:
        dossiers.issue_apology(
            s, officer, did, dossiers.ApologyInput(reason="", new_due_on=date(2026, 11, 14)), today
        )  # a Saturday, no reason
    assert set(err.value.errors) == {"reason", "new_due_on"}
    with db.write() as s:
        letter = dossiers.issue_apology(
            s,
            officer,
            did,
            dossiers.ApologyInput(
                reason="Hồ sơ cần thẩm định thực tế tại cơ sở",
                new_due_on=date(2026, 11, 18),
                signer_title="PHÓ GIÁM ĐỐC",
                signer_name="Lê Văn Đức",
            ),
            today,
        )
        assert letter.number == "01/PXL-SVHTTDL"
        out = tmp_path / "letter.pdf"
        apologies.print_letters(s, [letter.id], out)
    text = pdf_text(out)
    for expected in (
        "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        "Số: 01/PXL-SVHTTDL",
        "Nguyễn Thị Hồng Nhung",
        "000.00.12.H12-261102-0007",
        "cấp giấy phép kinh doanh dịch vụ karaoke",
        "18/11/2026",
        "Hồ sơ cần thẩm định thực tế tại cơ sở",
        "ngày 09 tháng 11 năm 2026",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Lê Văn Đức",
        "Xin kính chào trân trọng!",
    ):
        assert expected in " ".join(text.split()), expected
    later = date(2026, 11, 20)
    with db.write() as s, pytest.raises(ValidationError) as err:
        dossiers.issue_apology(
            s,
            officer,
            did,
            dossiers.ApologyInput(
                reason="Chờ ý kiến cơ quan liên quan", new_due_on=date(2026, 11, 25)
            ),
            later,
        )
    assert "lãnh đạo phê duyệt" in err.value.errors["approver"]
    with db.write() as s:
        second = dossiers.issue_apology(
            s,
            officer,
            did,
            dossiers.ApologyInput(
                reason="Chờ ý kiến cơ quan liên quan",
                new_due_on=date(2026, 11, 25),
                approver_id=leader.id,
            ),
            later,
        )
        assert second.number == "02/PXL-SVHTTDL" and second.approved_by == leader.id


def test_batch_prints_one_page_per_owed_letter_and_records_them(
    db: Database, officer: Actor, tmp_path: Path
) -> None:
    from camau_reception.cli import main

    _proc(db, officer, days=3)
    for i in range(7):
        _dossier(db, officer, f"HS-{i}", datetime(2026, 11, 2, 8, 0), name=f"Công dân số {i}")
    returned = _dossier(db, officer, "HS-done", datetime(2026, 11, 2, 8, 0))
    with db.write() as s:
        dossiers.mark_returned(s, officer, returned, datetime(2026, 11, 4, 10, 0))
    out = tmp_path / "batch.pdf"
    assert (
        main(
            [
                "--db",
                str(db.path),
                "print",
                "late-apologies",
                "--date",
                "2026-12-01",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert pdf_page_count(out) == 7
    with db.read() as s:
        assert dossiers.late_dossiers(s, datetime(2026, 12, 1, 23, 0), only_owing=True) == []
        late = dossiers.late_dossiers(s, datetime(2026, 12, 1, 23, 0))
        assert sorted(r.code for r in late) == [f"HS-{i}" for i in range(7)]
        assert all(r.apologies == 1 and not r.owes_apology for r in late)
    # A second run on the same date owes nothing more.
    assert (
        main(
            [
                "--db",
                str(db.path),
                "print",
                "late-apologies",
                "--date",
                "2026-12-01",
                "--out",
                str(tmp_path / "again.pdf"),
            ]
        )
        == 0
    )
    assert not (tmp_path / "again.pdf").exists()


def test_import_rejects_bad_rows_and_reimport_updates(
    db: Database, officer: Actor, tmp_path: Path
) -> None:
    _proc(db, officer, days=5)
    csv = tmp_path / "mot-cua.csv"
    csv.write_text(
        "Mã hồ sơ,Mã thủ tục,Chủ hồ sơ,Ngày tiếp nhận,Hình thức nộp,Ngày trả kết quả\n"
        "HS-01,1.001,Nguyễn Văn Đức,03/11/2026 08:00,Trực tuyến,\n"
        "HS-02,1.001,Lê Thị Hoa,03/11/2026 09:00,Trực tiếp,05/11/2026 15:00\n"
        "HS-03,9.999,Trần Văn Ba,03/11/2026 09:00,Trực tiếp,\n"
        "HS-04,1.001,Phạm Thị Tư,ngày mai,Trực tiếp,\n",
        encoding="utf-8",
    )
    table = read_table(csv)
    mapping = guess_mapping(table.headers, catalogue.DOSSIER_FIELDS)
    with db.write() as s:
        report = catalogue.import_dossiers(s, officer, table, mapping)
    assert (report.created, report.updated) == (2, 0)
    assert [r.row_number for r in report.rejected] == [4, 5]
    assert "9.999" in report.rejected[0].reasons[0]
    assert "ngày tiếp nhận" in report.rejected[1].reasons[0]
    with db.write() as s:
        again = catalogue.import_dossiers(s, officer, table, mapping)
    assert (again.created, again.updated) == (0, 2)
    with db.read() as s:
        assert len(dossiers.late_dossiers(s, datetime(2027, 1, 1))) == 1  # HS-01 still open


def test_procedure_sample_catalogue_imports(db: Database, officer: Actor) -> None:
    sample = Path(__file__).resolve().parents[2] / "resources" / "samples" / "procedures_sample.csv"
    table = read_table(sample)
    mapping = guess_mapping(table.headers, catalogue.PROCEDURE_FIELDS)
    with db.write() as s:
        report = catalogue.import_procedures(s, officer, table, mapping)
        assert report.rejected == [] and report.created == 8
        counts = dossiers.catalogue_counts(s)
    assert counts == {"Cấp tỉnh": 6, "Cấp huyện": 1, "Cấp xã": 1, "Tổng": 8}


def test_indicators_on_a_hand_made_set(db: Database, officer: Actor) -> None:
    _proc(db, officer, days=5, fee=True, code="P1")
    _proc(db, officer, days=5, fee=False, code="P2")
    t = datetime(2026, 10, 5, 8, 0)  # due 12/10 17:00
    ids = [
        _dossier(
            db,
            officer,
            "D1",
            t,
            procedure_code="P1",
            channel="online",
            digitised=True,
            result_digitised=True,
            fee_paid_online=True,
        ),
        _dossier(db, officer, "D2", t, procedure_code="P1", channel="online"),
        _dossier(
            db,
            officer,
            "D3",
            t,
            procedure_code="P2",
            channel="counter",
            digitised=True,
            result_digitised=True,
        ),
        _dossier(db, officer, "D4", t, procedure_code="P2", channel="post"),
    ]
    with db.write() as s:
        dossiers.mark_returned(s, officer, ids[0], datetime(2026, 10, 12, 17, 0))  # on time
        dossiers.mark_returned(s, officer, ids[1], datetime(2026, 10, 14, 9, 0))  # late
        dossiers.mark_returned(s, officer, ids[2], datetime(2026, 10, 9, 9, 0))  # on time
    with db.read() as s:
        ind = dossiers.indicators(s, date(2026, 10, 1), date(2026, 10, 31))
    assert (ind.total, ind.online, ind.digitised, ind.fee_bearing, ind.paid_online) == (
        4,
        2,
        2,
        2,
        1,
    )
    assert (ind.returned, ind.on_time, ind.late, ind.apologised) == (3, 2, 1, 0)
    shares = ind.shares()
    assert shares["online"] == 50.0 and shares["paid_online"] == 50.0
    assert shares["on_time"] == 66.7
    assert ind.targets == {"online": 90.0, "digitised": 90.0, "paid_online": 80.0}


def test_satisfaction_index(db: Database, officer: Actor) -> None:
    with db.write() as s:
        for rating in (3, 3, 3, 2, 1):
            dossiers.record_survey(
                s, officer, dossiers.SurveyInput(overall=rating, on=date(2026, 10, 5))
            )
        with pytest.raises(ValidationError):
            dossiers.record_survey(
                s, officer, dossiers.SurveyInput(overall=7, on=date(2026, 10, 5))
            )
    with db.read() as s:
        sat = dossiers.satisfaction(s, date(2026, 10, 1), date(2026, 10, 31))
    assert sat == {
        "total": 5,
        "distribution": {"Hài lòng": 3, "Bình thường": 1, "Không hài lòng": 1},
        "index": 60.0,
    }
