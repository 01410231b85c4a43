"""Apology letters for late dossiers: validation of the new date, the PDF a citizen receives,
the second rescheduling that needs a leader, the batch (one page per letter owed, recorded as
issued; cancelled = nothing recorded), and wording taken from the editable template."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from camau_reception.cli import main
from camau_reception.printing.apology_letter import WordingError
from camau_reception.printing.pdftext import pdf_page_count, pdf_text
from camau_reception.services import apologies, dossiers, procedures
from camau_reception.services.actor import Actor
from camau_reception.services.errors import PermissionDenied, ValidationError
from camau_reception.storage.db import Database

CODE = "000.00.12.H12-261102-0007"


def _proc(db: Database, actor: Actor, days: int = 5) -> None:
    with db.write() as s:
        procedures.upsert_procedure(
            s,
            actor,
            procedures.ProcedureInput(
                code="1.001",
                name="Cấp giấy phép kinh doanh dịch vụ karaoke",
                processing_days=days,
            ),
        )


def _dossier(db: Database, actor: Actor, code: str, name: str = "Nguyễn Thị Hồng Nhung") -> int:
    with db.write() as s:
        d, _ = dossiers.upsert_dossier(
            s,
            actor,
            dossiers.DossierInput(
                code=code,
                procedure_code="1.001",
                applicant_name=name,
                received_at=datetime(2026, 11, 2, 8, 30),
                applicant_address="Phường An Xuyên, tỉnh Cà Mau",
                applicant_phone="0912345678",
            ),
        )
        return d.id


def _letter(reason: str = "Hồ sơ cần thẩm định thực tế tại cơ sở", **kw) -> apologies.ApologyInput:
    return apologies.ApologyInput(
        reason=reason,
        new_due_on=kw.pop("new_due_on", date(2026, 11, 18)),
        signer_title=kw.pop("signer_title", "PHÓ GIÁM ĐỐC"),
        signer_name=kw.pop("signer_name", "Lê Văn Đức"),
        **kw,
    )


def test_new_date_must_be_a_working_day_after_today_and_the_old_date(
    db: Database, officer: Actor
) -> None:
    _proc(db, officer)
    did = _dossier(db, officer, CODE)  # due 09/11/2026
    today = date(2026, 11, 12)
    cases = {
        date(2026, 11, 14): "không phải ngày làm việc",  # Saturday
        date(2026, 11, 12): "sau hôm nay",
        date(2026, 11, 5): "sau hôm nay",
    }
    for new_date, message in cases.items():
        with pytest.raises(ValidationError) as err, db.write() as s:
            apologies.issue_apology(s, officer, did, _letter(new_due_on=new_date), today)
        assert message in err.value.errors["new_due_on"], new_date
    with pytest.raises(ValidationError) as err, db.write() as s:
        apologies.issue_apology(s, officer, did, _letter(reason="  "), today)
    assert set(err.value.errors) == {"reason"}
    # The old date is checked too: a letter written before the due date has passed.
    with pytest.raises(ValidationError) as err, db.write() as s:
        apologies.issue_apology(
            s, officer, did, _letter(new_due_on=date(2026, 11, 6)), date(2026, 11, 4)
        )
    assert "sau ngày đã hẹn (09/11/2026)" in err.value.errors["new_due_on"]
    with db.read() as s:
        assert dossiers.get(s, did).apologies == []


def test_apology_letter_pdf_text(db: Database, officer: Actor, tmp_path: Path) -> None:
    _proc(db, officer)
    did = _dossier(db, officer, CODE)
    with db.read() as s:
        assert [r.id for r in dossiers.late_dossiers(s, date(2026, 11, 12), only_owing=True)] == [
            did
        ]
    with db.write() as s:
        letter = apologies.issue_apology(s, officer, did, _letter(), date(2026, 11, 12))
        assert letter.number == "01/PXL-SVHTTDL"
        letter_id = letter.id
    with db.read() as s:
        d = dossiers.get(s, did)
        assert d.promised_at == datetime(2026, 11, 18, 17, 0)
        assert d.due_at == datetime(2026, 11, 9, 17, 0)  # the original promise is kept
        assert [(x.number, x.issued_on) for x in d.apologies] == [
            ("01/PXL-SVHTTDL", date(2026, 11, 12))
        ]
        assert dossiers.late_dossiers(s, date(2026, 11, 13), only_owing=True) == []
        out = tmp_path / "letter.pdf"
        assert apologies.print_letters(s, [letter_id], out) == 1
    text = " ".join(pdf_text(out).split())
    for expected in (
        "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        "Số: 01/PXL-SVHTTDL",
        "Kính gửi: Ông/Bà Nguyễn Thị Hồng Nhung",
        "Phường An Xuyên, tỉnh Cà Mau",
        CODE,
        "cấp giấy phép kinh doanh dịch vụ karaoke",
        "Ngày 02 tháng 11 năm 2026, Sở Văn hóa, Thể thao và Du lịch tiếp nhận",
        "17 giờ 00 phút, ngày 09 tháng 11 năm 2026",
        "Lý do: Hồ sơ cần thẩm định thực tế tại cơ sở.",
        "vào ngày 18/11/2026",
        "ngày 12 tháng 11 năm 2026",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Lê Văn Đức",
        "Xin kính chào trân trọng!",
    ):
        assert expected in text, expected
    assert "Ngày ngày" not in text
    assert pdf_page_count(out) == 1


def test_second_rescheduling_needs_a_leaders_approval(
    db: Database, officer: Actor, leader: Actor, inspector: Actor
) -> None:
    _proc(db, officer)
    did = _dossier(db, officer, CODE)
    with db.write() as s:
        apologies.issue_apology(s, officer, did, _letter(), date(2026, 11, 12))
    later = date(2026, 11, 20)
    second = _letter(reason="Chờ ý kiến cơ quan liên quan", new_due_on=date(2026, 11, 25))
    with db.read() as s:
        row = dossiers.late_dossiers(s, later, only_owing=True)[0]
        assert row.apologies == 1 and row.status() == "Cần hẹn lại lần nữa"
    with pytest.raises(ValidationError) as err, db.write() as s:
        apologies.issue_apology(s, officer, did, second, later)
    assert "lãnh đạo phê duyệt" in err.value.errors["approver"]
    # Naming someone who is not a leader does not count as approval.
    second.approver_id = officer.id
    with pytest.raises(ValidationError), db.write() as s:
        apologies.issue_apology(s, officer, did, second, later)
    with pytest.raises(PermissionDenied), db.write() as s:
        apologies.issue_apology(s, inspector, did, second, later)
    second.approver_id = leader.id
    with db.write() as s:
        letter = apologies.issue_apology(s, officer, did, second, later)
        assert letter.number == "02/PXL-SVHTTDL" and letter.approved_by == leader.id
        assert letter.old_due_at == datetime(2026, 11, 18, 17, 0)
    # A leader writing the third letter approves it by signing in.
    with db.write() as s:
        third = apologies.issue_apology(
            s,
            leader,
            did,
            _letter(reason="Chờ kết quả thẩm định", new_due_on=date(2026, 12, 3)),
            date(2026, 11, 27),
        )
        assert third.approved_by == leader.id


def test_batch_prints_one_page_per_owed_letter_and_records_them(
    db: Database, officer: Actor, tmp_path: Path, capsys
) -> None:
    _proc(db, officer, days=3)
    for i in range(7):
        _dossier(db, officer, f"HS-{i}", name=f"Công dân số {i}")
    returned = _dossier(db, officer, "HS-done")
    rescheduled = _dossier(db, officer, "HS-again")
    with db.write() as s:
        dossiers.mark_returned(s, officer, returned, datetime(2026, 11, 4, 10, 0))
        apologies.issue_apology(
            s, officer, rescheduled, _letter(new_due_on=date(2026, 11, 10)), date(2026, 11, 6)
        )
    out = tmp_path / "batch.pdf"
    args = ["--db", str(db.path), "print", "late-apologies", "--date", "2026-12-01"]
    assert main([*args, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Đã in 7 phiếu xin lỗi" in printed
    assert "1 hồ sơ đã hẹn lại nay lại trễ" in printed
    assert pdf_page_count(out) == 7
    text = pdf_text(out)
    assert all(f"Công dân số {i}" in text for i in range(7))
    with db.read() as s:
        owing = dossiers.late_dossiers(s, date(2026, 12, 1), only_owing=True)
        assert [r.code for r in owing] == ["HS-again"]  # waits for a leader
        late = {r.code: r for r in dossiers.late_dossiers(s, date(2026, 12, 1), open_only=True)}
        assert all(late[f"HS-{i}"].apologies == 1 for i in range(7))
        numbers = sorted(
            x.number for i in range(7) for x in dossiers.get_by_code(s, f"HS-{i}").apologies
        )
        assert numbers[0] == "02/PXL-SVHTTDL" and numbers[-1] == "08/PXL-SVHTTDL"
        assert all(
            x.issued_on == date(2026, 12, 1) and x.new_due_on > date(2026, 12, 1)
            for i in range(7)
            for x in dossiers.get_by_code(s, f"HS-{i}").apologies
        )
    # A second run on the same date owes nothing more and writes no file.
    again = tmp_path / "again.pdf"
    assert main([*args, "--out", str(again)]) == 0
    assert not again.exists()


def test_cancelled_batch_records_nothing(db: Database, officer: Actor, tmp_path: Path) -> None:
    _proc(db, officer, days=3)
    for i in range(4):
        _dossier(db, officer, f"HS-{i}")
    seen: list[int] = []
    out = tmp_path / "batch.pdf"
    with pytest.raises(apologies.PrintCancelled), db.write() as s:
        apologies.issue_and_print_owed(
            s,
            officer,
            date(2026, 12, 1),
            out,
            reason="Quá tải hồ sơ",
            progress=lambda done, total, _m: seen.append(done),
            cancelled=lambda: len(seen) >= 2,
        )
    assert not out.exists()
    with db.read() as s:
        owing = dossiers.late_dossiers(s, date(2026, 12, 1), only_owing=True)
        assert len(owing) == 4 and all(r.apologies == 0 for r in owing)
    with db.write() as s:  # the numbers were not used up either
        letter = apologies.issue_apology(
            s, officer, owing[0].id, _letter(new_due_on=date(2026, 12, 4)), date(2026, 12, 1)
        )
        assert letter.number == "01/PXL-SVHTTDL"


def test_wording_comes_from_the_editable_template(
    db: Database, officer: Actor, tmp_path: Path, monkeypatch
) -> None:
    from camau_reception.config import resources_dir

    resources = tmp_path / "resources"
    shutil.copytree(resources_dir(), resources)
    monkeypatch.setenv("CAMAU_RECEPTION_RESOURCES", str(resources))
    assert resources_dir() == resources
    path = resources / "templates" / "apology_letter.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "Xin kính chào trân trọng!", "Trân trọng cảm ơn {salutation} {applicant_name}!"
        ),
        encoding="utf-8",
    )
    _proc(db, officer)
    did = _dossier(db, officer, CODE)
    out = tmp_path / "draft.pdf"
    with db.read() as s:
        apologies.preview_letter(s, did, _letter(), date(2026, 11, 12), out)
    text = " ".join(pdf_text(out).split())
    assert "Trân trọng cảm ơn Ông/Bà Nguyễn Thị Hồng Nhung!" in text
    assert "……/PXL" in text  # a draft takes no number
    path.write_text(
        path.read_text(encoding="utf-8").replace("{dossier_code}", "{ma_ho_so}"), encoding="utf-8"
    )
    with pytest.raises(WordingError) as err, db.read() as s:
        apologies.preview_letter(s, did, _letter(), date(2026, 11, 12), out)
    assert "ma_ho_so" in err.value.message and "{dossier_code}" in err.value.message
