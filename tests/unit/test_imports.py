"""Spreadsheet imports: reading CSV/XLSX, the column mapping, preview, rejected rows reported
by their row number, nothing half-imported, and re-importing the same file changes nothing."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from camau_reception.cli import main
from camau_reception.imports import dossiers as dossier_import
from camau_reception.imports import procedures as procedure_import
from camau_reception.imports.tabular import (
    ImportFileError,
    Table,
    guess_mapping,
    mapping_problems,
    parse_datetime,
    parse_whole_number,
    preview_rows,
    read_table,
    run_import,
)
from camau_reception.models.audit import AuditEvent
from camau_reception.services import dossiers, procedures
from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "procedures_sample.csv"

ONE_STOP = (
    "Mã hồ sơ;Mã thủ tục;Chủ hồ sơ;Ngày tiếp nhận;Hình thức nộp;Ngày trả kết quả;Số hóa\n"
    "HS-01;1.001;Nguyễn Văn Đức;03/11/2026 08:00;Trực tuyến;;x\n"
    "HS-02;1.001;Lê Thị Hoa;03/11/2026 09:00;Trực tiếp;05/11/2026 15:00;\n"
    "HS-03;9.999;Trần Văn Ba;03/11/2026 09:00;Trực tiếp;;\n"
    "HS-04;1.001;Phạm Thị Tư;ngày mai;Trực tiếp;;\n"
    "HS-05;1.001;Đỗ Văn Năm;03/11/2026 10:00;Fax;;\n"
    "HS-01;1.001;Nguyễn Văn Đức;03/11/2026 08:00;Trực tuyến;;x\n"
)


def _catalogue(db: Database, actor: Actor) -> None:
    with db.write() as s:
        procedures.upsert_procedure(
            s,
            actor,
            procedures.ProcedureInput(code="1.001", name="Cấp giấy phép tổ chức lễ hội"),
        )


def _one_stop_file(tmp_path: Path, text: str = ONE_STOP) -> Path:
    path = tmp_path / "mot-cua.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_sample_catalogue_is_marked_and_imports_whole(db: Database, officer: Actor) -> None:
    table = read_table(SAMPLE)
    assert all("(MẪU)" in row[1] for row in table.rows)  # marked as a sample, row by row
    mapping = guess_mapping(table.headers, procedure_import.PROCEDURE_FIELDS)
    assert mapping_problems(mapping, procedure_import.PROCEDURE_FIELDS, table.headers) == []
    report = run_import(db, procedure_import.import_procedures, table, mapping, officer)
    assert report.rejected == [] and report.created == len(table.rows) == 12
    with db.read() as s:
        assert procedures.catalogue_counts(s) == {
            "Cấp tỉnh": 8,
            "Cấp huyện": 2,
            "Cấp xã": 2,
            "Tổng": 12,
        }
        karaoke = procedures.get_by_code(s, "MAU-1.001")
        assert karaoke is not None
        assert (karaoke.has_fee, karaoke.online, karaoke.processing_days) == (True, "full", 5)
        assert procedures.get_by_code(s, "MAU-2.002").shared_with_province
        events = [e.summary for e in s.query(AuditEvent).filter_by(action="procedure.import")]
    assert len(events) == 1 and "thêm mới: 12" in events[0]
    again = run_import(db, procedure_import.import_procedures, table, mapping, officer)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 12)


def test_catalogue_rows_rejected_with_reasons_including_infinite_days(
    db: Database, officer: Actor
) -> None:
    headers = ["Mã TTHC", "Tên thủ tục", "Cấp", "Thời hạn giải quyết (ngày)"]
    rows = [
        ["1.001", "Cấp phép lễ hội", "Tỉnh", "7 ngày làm việc"],
        ["1.002", "Cấp phép karaoke", "Trung ương", "5"],
        ["1.003", "Cấp phép quảng cáo", "Tỉnh", "INF"],
        ["1.004", "Cấp phép biểu diễn", "Xã", "1e999"],
        ["1.005", "", "Tỉnh", "2,5"],
        ["1.001", "Trùng mã", "Tỉnh", "3"],
        ["1.006", "Công nhận điểm du lịch", "cấp huyện", "400"],
    ]
    table = Table(headers, rows)
    mapping = guess_mapping(headers, procedure_import.PROCEDURE_FIELDS)
    report = run_import(db, procedure_import.import_procedures, table, mapping, officer)
    assert report.created == 1
    rejected = {r.row_number: " ".join(r.reasons) for r in report.rejected}
    assert sorted(rejected) == [3, 4, 5, 6, 7, 8]
    assert "Trung ương" in rejected[3]
    assert "INF" in rejected[4] and "1e999" in rejected[5]
    assert "2,5" in rejected[6] and "Thiếu tên thủ tục" in rejected[6]
    assert "đã có ở dòng 2" in rejected[7]
    assert "từ 1 đến 365" in rejected[8]
    assert report.accepted + len(report.rejected) == report.total
    with db.read() as s:
        assert [p.code for p in procedures.list_procedures(s)] == ["1.001"]
        assert procedures.get_by_code(s, "1.001").processing_days == 7


def test_dossier_import_reports_bad_rows_and_reimport_changes_nothing(
    db: Database, officer: Actor, tmp_path: Path
) -> None:
    _catalogue(db, officer)
    table = read_table(_one_stop_file(tmp_path))
    mapping = guess_mapping(table.headers, dossier_import.DOSSIER_FIELDS)
    assert mapping_problems(mapping, dossier_import.DOSSIER_FIELDS, table.headers) == []
    preview = preview_rows(table, mapping, dossier_import.DOSSIER_FIELDS, limit=2)
    assert preview[0] == (2, preview[0][1]) and preview[0][1]["applicant_name"] == "Nguyễn Văn Đức"
    assert preview[1][1]["returned_at"] == "05/11/2026 15:00"

    report = run_import(db, dossier_import.import_dossiers, table, mapping, officer)
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    rejected = {r.row_number: " ".join(r.reasons) for r in report.rejected}
    assert sorted(rejected) == [4, 5, 6, 7]
    assert "9.999" in rejected[4]
    assert "ngày tiếp nhận" in rejected[5] and "ngày mai" in rejected[5]
    assert "Fax" in rejected[6]
    assert "đã có ở dòng 2" in rejected[7]
    with db.read() as s:
        d1 = dossiers.get_by_code(s, "HS-01")
        assert d1.channel == "online" and d1.digitised and d1.result_digitised
        assert d1.due_at == datetime(2026, 11, 10, 17, 0)
        assert "5 ngày làm việc kể từ 03/11/2026" in d1.due_explanation
        assert dossiers.get_by_code(s, "HS-02").state == "returned"
        count = len(dossiers.list_dossiers(s))

    again = run_import(db, dossier_import.import_dossiers, table, mapping, officer)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    with db.read() as s:
        assert len(dossiers.list_dossiers(s)) == count == 2
        assert dossiers.get_by_code(s, "HS-01").version == 1


def test_reimport_updates_but_never_reopens_a_returned_dossier(
    db: Database, officer: Actor, tmp_path: Path
) -> None:
    _catalogue(db, officer)
    table = read_table(_one_stop_file(tmp_path))
    mapping = guess_mapping(table.headers, dossier_import.DOSSIER_FIELDS)
    run_import(db, dossier_import.import_dossiers, table, mapping, officer)
    with db.write() as s:
        d = dossiers.get_by_code(s, "HS-01")
        dossiers.mark_returned(s, officer, d.id, datetime(2026, 11, 9, 10, 0))
    changed = ONE_STOP.replace("Nguyễn Văn Đức;03/11", "Nguyễn Văn Đức (đại diện);03/11", 1)
    table = read_table(_one_stop_file(tmp_path, changed))
    report = run_import(db, dossier_import.import_dossiers, table, mapping, officer)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    with db.read() as s:
        d = dossiers.get_by_code(s, "HS-01")
        assert d.applicant_name == "Nguyễn Văn Đức (đại diện)"
        assert d.state == "returned" and d.returned_at == datetime(2026, 11, 9, 10, 0)


def test_strict_and_dry_runs_save_nothing(db: Database, officer: Actor, tmp_path: Path) -> None:
    _catalogue(db, officer)
    table = read_table(_one_stop_file(tmp_path))
    mapping = guess_mapping(table.headers, dossier_import.DOSSIER_FIELDS)
    strict = run_import(db, dossier_import.import_dossiers, table, mapping, officer, strict=True)
    assert not strict.applied and strict.created == 2 and len(strict.rejected) == 4
    dry = run_import(db, dossier_import.import_dossiers, table, mapping, officer, dry_run=True)
    assert not dry.applied and dry.created == 2
    with db.read() as s:
        assert dossiers.list_dossiers(s) == []
        assert s.query(AuditEvent).filter_by(action="dossier.import").count() == 0
    out = tmp_path / "tu-choi.csv"
    dry.write_rejections(out)
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Dòng,Lý do bị từ chối" and lines[1].startswith("4,")


def test_an_exception_mid_import_leaves_nothing(
    db: Database, officer: Actor, tmp_path: Path, monkeypatch
) -> None:
    _catalogue(db, officer)
    table = read_table(_one_stop_file(tmp_path))
    mapping = guess_mapping(table.headers, dossier_import.DOSSIER_FIELDS)
    real = dossiers.apply_dossier
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("đĩa đầy")
        return real(*args, **kwargs)

    monkeypatch.setattr(dossiers, "apply_dossier", failing)
    with pytest.raises(OSError):
        run_import(db, dossier_import.import_dossiers, table, mapping, officer)
    with db.read() as s:
        assert dossiers.list_dossiers(s) == []


def test_xlsx_with_officer_column_and_a_wrong_mapping(
    db: Database, officer: Actor, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    _catalogue(db, officer)
    wb = Workbook()
    ws = wb.active
    ws.append(["Số hồ sơ", "Mã TTHC", "Tổ chức, cá nhân", "Ngày nộp", "Cán bộ xử lý", "Kênh"])
    ws.append(["X-1", "1.001", "Hồ Thị Ánh", datetime(2026, 11, 3, 8, 0), "Võ Thị Thu Hà", ""])
    ws.append(["X-2", "1.001", "Mai Văn Út", "04/11/2026", "Người lạ", "Bưu chính"])
    path = tmp_path / "mot-cua.xlsx"
    wb.save(path)
    table = read_table(path)
    mapping = guess_mapping(table.headers, dossier_import.DOSSIER_FIELDS)
    bad = dict(mapping, applicant_name=mapping["code"])
    problems = mapping_problems(bad, dossier_import.DOSSIER_FIELDS, table.headers)
    assert problems == ["Cột “Số hồ sơ” được chọn cho cả “Mã hồ sơ” và “Người nộp”."]
    report = run_import(db, dossier_import.import_dossiers, table, mapping, officer)
    assert report.created == 2 and report.rejected == []
    with db.read() as s:
        x1, x2 = dossiers.get_by_code(s, "X-1"), dossiers.get_by_code(s, "X-2")
        assert x1.officer_id == officer.id and x1.channel == "counter"
        assert x2.channel == "post" and x2.received_at == datetime(2026, 11, 4)
        assert x2.officer_id == officer.id  # an unknown name: the one importing


def test_unreadable_files_are_reported_not_crashed(tmp_path: Path) -> None:
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ImportFileError) as err:
        read_table(bad)
    assert "Excel" in err.value.message
    with pytest.raises(ImportFileError):
        read_table(tmp_path / "danh-sach.pdf")
    legacy = tmp_path / "cu.csv"
    # An old Windows export: cp1258 (base letters precomposed, tone marks combining).
    legacy.write_bytes("Ma ho so,Nguoi nop\nA,Lê Văn Đông\n".encode("cp1258"))
    assert read_table(legacy).rows[0][1] == "Lê Văn Đông"


def test_cell_parsers() -> None:
    assert parse_datetime("05/01/2026 08:30") == datetime(2026, 1, 5, 8, 30)
    assert parse_datetime("2026-01-05") == datetime(2026, 1, 5)
    assert parse_datetime("08:30 05/01/2026") == datetime(2026, 1, 5, 8, 30)
    with pytest.raises(ValueError):
        parse_datetime("31/02/2026")
    assert parse_whole_number("15 ngày làm việc", "ngày làm việc") == 15
    assert parse_whole_number("05") == 5
    for bad in ("", "năm", "nan", "-inf", "2.5"):
        with pytest.raises(ValueError):
            parse_whole_number(bad)


def test_cli_imports_and_writes_the_rejection_report(
    db: Database, officer: Actor, tmp_path: Path, capsys
) -> None:
    assert main(["--db", str(db.path), "import", "procedures", str(SAMPLE)]) == 0
    path = _one_stop_file(tmp_path, ONE_STOP.replace("1.001", "MAU-1.001"))
    out = tmp_path / "tu-choi.csv"
    code = main(["--db", str(db.path), "import", "dossiers", str(path), "--rejections", str(out)])
    assert code == 1  # some rows rejected
    printed = capsys.readouterr().out
    assert "thêm mới: 2" in printed and "Dòng 4:" in printed
    assert out.exists()
    with db.read() as s:
        d = dossiers.get_by_code(s, "HS-01")
        assert d.import_source == "mot-cua.csv"
        assert dossiers.late_dossiers(s, date(2026, 12, 1), open_only=True)[0].code == "HS-01"
    bad_header = tmp_path / "sai-cot.csv"
    bad_header.write_text("A,B\n1,2\n", encoding="utf-8")
    assert main(["--db", str(db.path), "import", "dossiers", str(bad_header)]) == 2
    assert "Chưa chọn cột cho “Mã hồ sơ”" in capsys.readouterr().err
