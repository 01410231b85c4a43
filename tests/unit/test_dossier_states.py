"""The one-stop system's state column: refused (từ chối) and withdrawn (rút hồ sơ) dossiers are
never late nor owed a letter, nor counted among results returned; waiting for documents (chờ
bổ sung) and suspended (tạm dừng) stop the clock, and the due date moves by the wait when the
dossier resumes; a file without the column imports as before."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from camau_reception.imports import dossiers as dossier_import
from camau_reception.imports.tabular import guess_mapping, mapping_problems, read_table, run_import
from camau_reception.services import apologies, dossiers, indicators, procedures
from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database

HEADER = "Mã hồ sơ;Mã thủ tục;Chủ hồ sơ;Ngày tiếp nhận;Ngày trả kết quả;Trạng thái\n"
WITH_STATES = HEADER + (
    "HS-01;1.001;Nguyễn Văn Đức;02/11/2026 08:00;;Đang giải quyết\n"
    "HS-02;1.001;Lê Thị Hoa;02/11/2026 08:00;04/11/2026 10:00;TỪ CHỐI\n"
    "HS-03;1.001;Trần Văn Ba;02/11/2026 08:00;;Rút hồ sơ\n"
    "HS-04;1.001;Phạm Thị Tư;02/11/2026 08:00;;Chờ bổ sung hồ sơ\n"
    "HS-05;1.001;Đỗ Văn Năm;02/11/2026 08:00;;tam dung\n"
    "HS-06;1.001;Võ Thị Sáu;02/11/2026 08:00;10/11/2026 09:00;Đã trả kết quả (trễ hạn)\n"
    "HS-07;1.001;Huỳnh Văn Bảy;02/11/2026 08:00;;\n"
)
LATER_DAY = date(2026, 11, 30)


def _catalogue(db: Database, actor: Actor) -> None:
    with db.write() as s:
        procedures.upsert_procedure(
            s,
            actor,
            procedures.ProcedureInput(
                code="1.001", name="Cấp giấy phép tổ chức lễ hội", processing_days=5
            ),
        )


def _import(db: Database, actor: Actor, tmp_path: Path, text: str, now: datetime):
    path = tmp_path / "mot-cua.csv"
    path.write_text(text, encoding="utf-8")
    table = read_table(path)
    mapping = guess_mapping(table.headers, dossier_import.DOSSIER_FIELDS)
    assert mapping_problems(mapping, dossier_import.DOSSIER_FIELDS, table.headers) == []
    return run_import(db, dossier_import.import_dossiers, table, mapping, actor, now=now), mapping


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Đã trả kết quả", "returned"),
        ("ĐÃ TRẢ KQ", "returned"),
        ("Đang giải quyết", "processing"),
        ("đang xử lý", "processing"),
        ("Chờ bổ sung", "awaiting"),
        ("Yêu cầu bổ sung hồ sơ", "awaiting"),
        ("Từ chối", "refused"),
        ("Từ chối giải quyết", "refused"),
        ("Rút hồ sơ", "withdrawn"),
        ("Công dân rút hồ sơ", "withdrawn"),
        ("Tạm dừng", "suspended"),
        ("tam dung xu ly", "suspended"),
        ("", None),
    ],
)
def test_state_spellings(text: str, state: str | None) -> None:
    parsed = dossier_import.parse_state(text)
    assert (parsed.value if parsed else None) == state


def test_refused_and_withdrawn_are_never_late_nor_owe_a_letter(
    db: Database, officer: Actor, tmp_path: Path
) -> None:
    _catalogue(db, officer)
    report, mapping = _import(db, officer, tmp_path, WITH_STATES, datetime(2026, 11, 10, 12, 0))
    assert mapping["state"] == 5
    assert (report.created, len(report.rejected)) == (7, 0), report.text()
    with db.read() as s:
        states = {r.code: r.state for r in dossiers.list_dossiers(s)}
        assert states == {
            "HS-01": "processing",
            "HS-02": "refused",
            "HS-03": "withdrawn",
            "HS-04": "awaiting",
            "HS-05": "suspended",
            "HS-06": "returned",
            "HS-07": "processing",  # an empty cell: as without the column
        }
        refused = dossiers.get_by_code(s, "HS-02")
        assert refused.returned_at is None  # no result returned: the date is the refusal's
        assert refused.state_since == datetime(2026, 11, 4, 10, 0)
        # Due 09/11 for all; on 30/11 only the open and the late-returned ones are late.
        late = [r.code for r in dossiers.late_dossiers(s, LATER_DAY)]
        assert late == ["HS-01", "HS-06", "HS-07"]
        owing = [r.code for r in dossiers.late_dossiers(s, LATER_DAY, only_owing=True)]
        assert owing == ["HS-01", "HS-07"]
        for code in ("HS-02", "HS-03", "HS-04", "HS-05"):
            d = dossiers.get_by_code(s, code)
            assert not dossiers.is_late(d, LATER_DAY) and not dossiers.owes_apology(d, LATER_DAY)
        rows = {r.code: r for r in dossiers.list_dossiers(s, today=LATER_DAY)}
        assert rows["HS-02"].note() == "không tính trễ hẹn" and not rows["HS-02"].late
        assert rows["HS-04"].note() == "dừng tính thời hạn từ 10/11/2026, không tính trễ hẹn"
        assert rows["HS-01"].note() == "trễ hẹn"
        figures = indicators.indicators(s, date(2026, 11, 1), date(2026, 11, 30))
        assert (figures.total, figures.returned, figures.late) == (7, 1, 1)
        assert figures.open_overdue == 2
    # The batch of letters leaves them out; a letter for one of them is refused.
    with db.write() as s:
        letters = apologies.issue_batch(s, officer, LATER_DAY, "Quá tải hồ sơ", "", "")
        assert sorted(x.dossier.code for x in letters) == ["HS-01", "HS-07"]
    with pytest.raises(dossiers.ValidationError), db.write() as s:
        apologies.issue_apology(
            s,
            officer,
            dossiers.get_by_code(s, "HS-03").id,
            apologies.ApologyInput("Quá tải", date(2026, 12, 4)),
            LATER_DAY,
        )


def test_waiting_stops_the_clock_and_the_due_date_moves_when_it_resumes(
    db: Database, officer: Actor, tmp_path: Path
) -> None:
    _catalogue(db, officer)
    _import(db, officer, tmp_path, WITH_STATES, datetime(2026, 11, 10, 12, 0))
    # Re-importing the same file changes nothing (the wait keeps its start).
    again, _ = _import(db, officer, tmp_path, WITH_STATES, datetime(2026, 11, 11, 9, 0))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)
    resumed = WITH_STATES.replace("Chờ bổ sung hồ sơ", "Đang giải quyết")
    report, _ = _import(db, officer, tmp_path, resumed, datetime(2026, 11, 17, 9, 0))
    assert report.updated == 1
    with db.read() as s:
        d = dossiers.get_by_code(s, "HS-04")
        # Waited 11, 12, 13, 16, 17/11 (5 working days): due 09/11 + 5 = 16/11.
        assert d.state == "processing" and d.paused_days == 5 and d.state_since is None
        assert d.due_at == d.promised_at == datetime(2026, 11, 16, 17, 0)
        assert "cộng 5 ngày làm việc dừng tính thời hạn" in d.due_explanation
        assert not dossiers.is_late(d, date(2026, 11, 16))
        assert dossiers.is_late(d, date(2026, 11, 17))
    # A file without the state column says nothing about the wait of the suspended one.
    plain = "\n".join(line.rsplit(";", 1)[0] for line in WITH_STATES.splitlines()) + "\n"
    path = tmp_path / "khong-trang-thai.csv"
    path.write_text(plain, encoding="utf-8")
    table = read_table(path)
    mapping = guess_mapping(table.headers, dossier_import.DOSSIER_FIELDS)
    assert mapping["state"] is None
    run_import(db, dossier_import.import_dossiers, table, mapping, officer)
    with db.read() as s:
        assert dossiers.get_by_code(s, "HS-05").state == "suspended"
        assert dossiers.get_by_code(s, "HS-02").state == "refused"
        assert dossiers.get_by_code(s, "HS-03").state == "withdrawn"


def test_returning_a_waiting_dossier_ends_its_wait(db: Database, officer: Actor) -> None:
    _catalogue(db, officer)
    with db.write() as s:
        d, _ = dossiers.apply_dossier(
            s,
            officer,
            dossiers.DossierInput(
                code="HS-1",
                procedure_code="1.001",
                applicant_name="Lâm Văn Một",
                received_at=datetime(2026, 11, 2, 8, 0),
                state="awaiting",
            ),
            now=datetime(2026, 11, 4, 8, 0),
        )
        dossiers.mark_returned(s, officer, d.id, datetime(2026, 11, 11, 10, 0))
    with db.read() as s:
        d = dossiers.get_by_code(s, "HS-1")
        # Waited 05, 06, 09, 10, 11/11: due 09/11 + 5 working days = 16/11; on time.
        assert d.paused_days == 5 and d.due_at == datetime(2026, 11, 16, 17, 0)
        assert d.state == "returned" and not dossiers.is_late(d, LATER_DAY)


def test_contradictory_or_unknown_states_are_rejected_by_row(
    db: Database, officer: Actor, tmp_path: Path
) -> None:
    _catalogue(db, officer)
    text = HEADER + (
        "HS-01;1.001;Nguyễn Văn Đức;02/11/2026 08:00;;Không rõ là gì\n"
        "HS-02;1.001;Lê Thị Hoa;02/11/2026 08:00;;Đã trả kết quả\n"
        "HS-03;1.001;Trần Văn Ba;02/11/2026 08:00;04/11/2026 10:00;Đang giải quyết\n"
    )
    report, _ = _import(db, officer, tmp_path, text, datetime(2026, 11, 10, 12, 0))
    rejected = {r.row_number: " ".join(r.reasons) for r in report.rejected}
    assert sorted(rejected) == [2, 3, 4]
    assert "trạng thái “Không rõ là gì” không rõ" in rejected[2]
    assert "thiếu ngày trả kết quả" in rejected[3]
    assert "có ngày trả kết quả 04/11/2026" in rejected[4]


def test_an_older_export_never_undoes_a_result_or_a_withdrawal(
    db: Database, officer: Actor, tmp_path: Path
) -> None:
    _catalogue(db, officer)
    _import(db, officer, tmp_path, WITH_STATES, datetime(2026, 11, 10, 12, 0))
    with db.write() as s:
        dossiers.withdraw(s, officer, dossiers.get_by_code(s, "HS-01").id, "Công dân xin rút")
    older = (
        WITH_STATES.replace("TỪ CHỐI", "Đang giải quyết")
        .replace("04/11/2026 10:00;", ";")
        .replace("10/11/2026 09:00;Đã trả kết quả (trễ hạn)", ";Chờ bổ sung")
    )
    _import(db, officer, tmp_path, older, datetime(2026, 11, 18, 9, 0))
    with db.read() as s:
        states = {r.code: r.state for r in dossiers.list_dossiers(s)}
        assert states["HS-01"] == "withdrawn"
        assert states["HS-02"] == "refused"
        assert states["HS-06"] == "returned"
        assert dossiers.get_by_code(s, "HS-06").returned_at == datetime(2026, 11, 10, 9, 0)


def test_a_csv_without_the_state_column_imports_as_before(
    db: Database, officer: Actor, tmp_path: Path
) -> None:
    _catalogue(db, officer)
    text = (
        "Mã hồ sơ;Mã thủ tục;Chủ hồ sơ;Ngày tiếp nhận;Ngày trả kết quả\n"
        "HS-01;1.001;Nguyễn Văn Đức;02/11/2026 08:00;\n"
        "HS-02;1.001;Lê Thị Hoa;02/11/2026 08:00;10/11/2026 10:00\n"
    )
    report, mapping = _import(db, officer, tmp_path, text, datetime(2026, 11, 10, 12, 0))
    assert mapping["state"] is None
    assert (report.created, len(report.rejected)) == (2, 0)
    with db.read() as s:
        assert {r.code: r.state for r in dossiers.list_dossiers(s)} == {
            "HS-01": "processing",
            "HS-02": "returned",
        }
        assert [r.code for r in dossiers.late_dossiers(s, LATER_DAY)] == ["HS-01", "HS-02"]
        assert all(d.state_since is None and d.paused_days == 0 for d in _all(s))


def _all(s) -> list:
    from camau_reception.models.dossiers import Dossier

    return list(s.query(Dossier))
