"""Dossier register: due dates on the work calendar, late detection at the boundary, the
catalogue, the register, returns, the receipt slip."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from camau_reception.domain.calendar import OverrideKind
from camau_reception.models.audit import AuditEvent
from camau_reception.printing.pdftext import pdf_text
from camau_reception.services import calendar as calendar_service
from camau_reception.services import dossiers, procedures
from camau_reception.services.actor import Actor
from camau_reception.services.errors import ConflictError, PermissionDenied, ValidationError
from camau_reception.storage.db import Database


def _proc(
    db: Database, actor: Actor, days: int = 5, fee: bool = False, code: str = "1.001", **kw
) -> None:
    with db.write() as s:
        procedures.upsert_procedure(
            s,
            actor,
            procedures.ProcedureInput(
                code=code,
                name=kw.pop("name", "Cấp giấy phép kinh doanh dịch vụ karaoke"),
                processing_days=days,
                has_fee=fee,
                field="Văn hóa",
                **kw,
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
        # 13/02 is day 1; Tết 16–20/02 is skipped; 23, 24, 25, 26/02 are days 2–5.
        assert d.due_at == datetime(2026, 2, 26, 17, 0)
        assert d.due_explanation.startswith("5 ngày làm việc kể từ 12/02/2026")
        assert "Tết Nguyên Đán" in d.due_explanation
        assert d.due_explanation.endswith("→ hẹn trả 26/02/2026")
        assert d.promised_at == d.due_at
    with db.write() as s:
        calendar_service.add_override(
            s, admin, date(2026, 3, 2), OverrideKind.DAY_OFF, "Nghỉ đột xuất"
        )
    b = _dossier(db, officer, "HS-2", datetime(2026, 2, 26, 9, 0))
    with db.read() as s:
        d = dossiers.get(s, b)
        # 27/02, (02/03 off), 03, 04, 05, 06/03
        assert d.due_at == datetime(2026, 3, 6, 17, 0)
        assert "Nghỉ đột xuất 02/03" in d.due_explanation


def test_received_on_a_day_off_counts_from_the_next_working_day(
    db: Database, officer: Actor
) -> None:
    _proc(db, officer, days=3)
    did = _dossier(
        db, officer, "HS-online", datetime(2026, 11, 14, 21, 0), channel="online"
    )  # Saturday evening
    with db.read() as s:
        d = dossiers.get(s, did)
        assert d.due_at == datetime(2026, 11, 19, 17, 0)  # counted from Monday 16: 17, 18, 19
        assert "tính như nhận ngày 16/11/2026" in d.due_explanation


def test_returned_on_the_due_date_is_on_time(db: Database, officer: Actor) -> None:
    _proc(db, officer, days=5)
    on_time = _dossier(db, officer, "HS-A", datetime(2026, 11, 2, 8, 0))
    late = _dossier(db, officer, "HS-B", datetime(2026, 11, 2, 8, 0), name="Trần Văn Bảy")
    still_open = _dossier(db, officer, "HS-C", datetime(2026, 11, 2, 8, 0), name="Lê Thị Tám")
    with db.write() as s:
        due = dossiers.get(s, on_time).due_at
        assert due == datetime(2026, 11, 9, 17, 0)
        # Handed back after office hours on the due date: still on time.
        dossiers.mark_returned(s, officer, on_time, datetime(2026, 11, 9, 19, 30))
        dossiers.mark_returned(s, officer, late, datetime(2026, 11, 10, 8, 0))
    with db.read() as s:
        # On the due date itself an open dossier is not late yet.
        assert dossiers.late_dossiers(s, date(2026, 11, 9), open_only=True) == []
        rows = dossiers.late_dossiers(s, date(2026, 11, 10))
        assert [r.code for r in rows] == ["HS-B", "HS-C"]
        b, c = rows
        assert b.working_days_late == 1 and not b.owes_apology and b.returned
        assert c.working_days_late == 1 and c.owes_apology
        # On Monday 16/11 the open one is 5 working days late (14–15/11 is a weekend).
        c_later = dossiers.late_dossiers(s, date(2026, 11, 16), open_only=True)
        assert [(r.code, r.working_days_late) for r in c_later] == [("HS-C", 5)]
        assert [r.id for r in dossiers.late_dossiers(s, date(2026, 11, 16), only_owing=True)] == [
            still_open
        ]
        assert not dossiers.is_late(dossiers.get(s, on_time), date(2027, 1, 1))


def test_mark_returned_refuses_twice_and_stale_versions(db: Database, officer: Actor) -> None:
    _proc(db, officer)
    did = _dossier(db, officer, "HS-1", datetime(2026, 11, 2, 8, 0))
    with db.read() as s:
        version = dossiers.get(s, did).version
    with db.write() as s:
        dossiers.mark_returned(s, officer, did, datetime(2026, 11, 5, 9, 0), version)
    with pytest.raises(ConflictError), db.write() as s:
        dossiers.mark_returned(s, officer, did, datetime(2026, 11, 6, 9, 0), version)
    with pytest.raises(ValidationError) as err, db.write() as s:
        dossiers.mark_returned(s, officer, did, datetime(2026, 11, 6, 9, 0))
    assert "đã trả" in err.value.errors["state"]
    with db.read() as s:
        events = [e.action for e in s.query(AuditEvent).filter_by(entity="dossier")]
    assert events.count("dossier.return") == 1


def test_withdrawn_dossier_is_never_late(db: Database, officer: Actor) -> None:
    _proc(db, officer)
    did = _dossier(db, officer, "HS-1", datetime(2026, 11, 2, 8, 0))
    with pytest.raises(ValidationError) as err, db.write() as s:
        dossiers.withdraw(s, officer, did, "  ")
    assert "reason" in err.value.errors
    with db.write() as s:
        dossiers.withdraw(s, officer, did, "Công dân xin rút hồ sơ để bổ sung")
    with db.read() as s:
        assert dossiers.late_dossiers(s, date(2026, 12, 1)) == []
        assert dossiers.get(s, did).state == "withdrawn"


def test_dossier_validation_names_each_field(db: Database, officer: Actor) -> None:
    _proc(db, officer)
    with pytest.raises(ValidationError) as err, db.write() as s:
        dossiers.upsert_dossier(
            s,
            officer,
            dossiers.DossierInput(
                code=" ",
                procedure_code="9.999",
                applicant_name="",
                received_at=datetime(2026, 11, 20, 8, 0),
                channel="fax",
                applicant_id_number="09620001234",
                applicant_phone="gọi tôi",
                applicant_email="khong-co-a-cong",
            ),
            now=datetime(2026, 11, 16, 8, 0),
        )
    assert set(err.value.errors) == {
        "code",
        "procedure_code",
        "applicant_name",
        "received_at",
        "channel",
        "applicant_id_number",
        "applicant_phone",
        "applicant_email",
    }
    assert "9.999" in err.value.errors["procedure_code"]
    assert "tương lai" in err.value.errors["received_at"]
    with db.read() as s:
        assert dossiers.list_dossiers(s) == []


def test_text_is_nfc_and_the_register_finds_names_without_accents(
    db: Database, officer: Actor
) -> None:
    import unicodedata

    _proc(db, officer)
    decomposed = unicodedata.normalize("NFD", "Đặng Thị Mỹ Xuyên")
    _dossier(db, officer, "HS-1", datetime(2026, 11, 2, 8, 0), name=decomposed)
    _dossier(db, officer, "HS-2", datetime(2026, 11, 3, 8, 0), name="Trần Văn Hai")
    with db.read() as s:
        rows = dossiers.list_dossiers(s, text="dang thi my", today=date(2026, 11, 20))
        assert [r.applicant for r in rows] == ["Đặng Thị Mỹ Xuyên"]
        assert rows[0].late  # due 09/11, still open on 20/11
        assert [r.code for r in dossiers.list_dossiers(s, today=date(2026, 11, 20))] == [
            "HS-2",
            "HS-1",
        ]
        assert [r.code for r in dossiers.list_dossiers(s, text="HS-2")] == ["HS-2"]


def test_catalogue_counts_as_the_department_reports_them(
    db: Database, officer: Actor, inspector: Actor
) -> None:
    for i in range(3):
        _proc(db, officer, code=f"T{i}")
    _proc(db, officer, code="H1", level="district", shared_with_province=True)
    _proc(db, officer, code="H2", level="district")
    _proc(db, officer, code="X1", level="commune")
    _proc(db, officer, code="OLD", in_force=False)
    with db.read() as s:
        assert procedures.catalogue_counts(s) == {
            "Cấp tỉnh": 3,
            "Cấp huyện": 2,
            "Cấp xã": 1,
            "Tổng": 6,
        }
        assert procedures.catalogue_summary(s) == (
            "6 thủ tục = 3 cấp tỉnh + 2 cấp huyện (1 liên thông với cấp tỉnh) + 1 cấp xã"
        )
        assert [p.code for p in procedures.list_procedures(s, "karaoke")][:2] == ["OLD", "T0"]
    with pytest.raises(PermissionDenied), db.write() as s:
        procedures.upsert_procedure(s, inspector, procedures.ProcedureInput(code="Z", name="Z"))
    with pytest.raises(ValidationError) as err, db.write() as s:
        procedures.upsert_procedure(
            s, officer, procedures.ProcedureInput(code="Z", name="", processing_days=0)
        )
    assert set(err.value.errors) == {"name", "processing_days"}


def test_receipt_slip_keeps_its_number_on_reprint(
    db: Database, officer: Actor, tmp_path: Path
) -> None:
    _proc(db, officer, days=5, name="Cấp giấy phép tổ chức lễ hội")
    did = _dossier(
        db,
        officer,
        "000.00.12.H12-261102-0001",
        datetime(2026, 11, 2, 8, 30),
        applicant_email="nhung@example.vn",
    )
    with db.write() as s:
        first = dossiers.print_receipt(s, officer, did, tmp_path / "a.pdf", ["Đơn đề nghị"])
    with db.write() as s:
        again = dossiers.print_receipt(s, officer, did, tmp_path / "b.pdf")
    assert first == again == "01/GTN-SVHTTDL"
    text = " ".join(pdf_text(tmp_path / "a.pdf").split())
    for expected in (
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Mã hồ sơ: 000.00.12.H12-261102-0001",
        "Nguyễn Thị Hồng Nhung",
        "Cấp giấy phép tổ chức lễ hội",
        "5 ngày làm việc",
        "08 giờ 30 phút, ngày 02/11/2026",
        "17 giờ 00 phút, ngày 09/11/2026",
        "Đơn đề nghị",
        "Quyển số: 2026, Số thứ tự: 01",
        "NGƯỜI NỘP HỒ SƠ",
        "Võ Thị Thu Hà",
    ):
        assert expected in text, expected
