"""Correcting a dossier (Sửa hồ sơ): saved with the optimistic version check and an audit line
naming what changed, a new time of receipt or procedure gives a new due date by the entry rule
(also for a dossier already returned), and the officer in charge is chosen among officers."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from camau_reception.models.audit import AuditEvent
from camau_reception.models.users import Role
from camau_reception.services import apologies, dossiers, procedures
from camau_reception.services.actor import Actor
from camau_reception.services.errors import ConflictError, PermissionDenied, ValidationError
from camau_reception.storage.db import Database
from tests.conftest import _make_user

NOW = datetime(2026, 11, 16, 23, 59)


def _setup(db: Database, actor: Actor) -> int:
    with db.write() as s:
        for code, days in (("1.001", 5), ("1.002", 10)):
            procedures.upsert_procedure(
                s,
                actor,
                procedures.ProcedureInput(code=code, name=f"Thủ tục {code}", processing_days=days),
            )
        d, _ = dossiers.upsert_dossier(
            s,
            actor,
            dossiers.DossierInput(
                code="HS-1",
                procedure_code="1.001",
                applicant_name="Nguyễn Thị Hồng Nhug",
                received_at=datetime(2026, 11, 2, 8, 0),
                applicant_id_number="096190001234",
            ),
            now=NOW,
        )
        return d.id


def _input(db: Database, did: int) -> tuple[dossiers.DossierInput, int]:
    with db.read() as s:
        d = dossiers.get(s, did)
        return dossiers.to_input(d), d.version


def _events(db: Database, action: str) -> list[str]:
    with db.read() as s:
        return [e.summary for e in s.query(AuditEvent).filter_by(action=action)]


def test_edit_saves_and_the_audit_line_lists_what_changed(db: Database, officer: Actor) -> None:
    did = _setup(db, officer)
    data, version = _input(db, did)
    data = replace(data, applicant_name="Nguyễn Thị Hồng Nhung", digitised=True)
    with db.write() as s:
        d = dossiers.update_dossier(s, officer, did, data, version, now=NOW)
        assert d.version == version + 1
    with db.read() as s:
        d = dossiers.get(s, did)
        assert d.applicant_name == "Nguyễn Thị Hồng Nhung" and d.digitised
        assert d.due_at == datetime(2026, 11, 9, 17, 0)  # unchanged: same time, same procedure
    (line,) = _events(db, "dossier.update")
    assert line.startswith("Sửa hồ sơ HS-1:")
    assert "tên người nộp" in line and "hồ sơ số hóa: không → có" in line
    assert "Nhung" not in line  # personal details are named, not quoted
    # Saving the same values again changes nothing and logs nothing.
    data, version = _input(db, did)
    with db.write() as s:
        assert dossiers.update_dossier(s, officer, did, data, version, now=NOW).version == version
    assert len(_events(db, "dossier.update")) == 1


def test_stale_edit_is_refused_with_the_changed_by_someone_else_message(
    db: Database, officer: Actor, leader: Actor
) -> None:
    did = _setup(db, officer)
    data, version = _input(db, did)
    with db.write() as s:
        dossiers.update_dossier(
            s, leader, did, replace(data, applicant_address="Phường 5"), version, now=NOW
        )
    with pytest.raises(ConflictError) as err, db.write() as s:
        dossiers.update_dossier(
            s, officer, did, replace(data, applicant_name="Ai Đó"), version, now=NOW
        )
    assert "người khác thay đổi" in err.value.message
    with db.read() as s:
        d = dossiers.get(s, did)
        assert d.applicant_name == "Nguyễn Thị Hồng Nhug" and d.applicant_address == "Phường 5"


def test_new_received_date_or_procedure_recomputes_the_due_date(
    db: Database, officer: Actor
) -> None:
    did = _setup(db, officer)
    data, version = _input(db, did)
    with db.write() as s:
        dossiers.update_dossier(
            s, officer, did, replace(data, received_at=datetime(2026, 11, 4, 8, 0)), version
        )
    with db.read() as s:
        d = dossiers.get(s, did)
        assert d.due_at == d.promised_at == datetime(2026, 11, 11, 17, 0)
        assert d.due_explanation.startswith("5 ngày làm việc kể từ 04/11/2026")
        data, version = dossiers.to_input(d), d.version
    with db.write() as s:
        dossiers.update_dossier(s, officer, did, replace(data, procedure_code="1.002"), version)
    with db.read() as s:
        d = dossiers.get(s, did)
        assert d.procedure.code == "1.002" and d.due_at == datetime(2026, 11, 18, 17, 0)
    lines = _events(db, "dossier.update")
    assert "thời điểm tiếp nhận: 08:00 02/11/2026 → 08:00 04/11/2026" in lines[0]
    assert "hẹn trả: 09/11/2026 → 11/11/2026" in lines[0]
    assert "thủ tục: 1.001 → 1.002" in lines[1] and "hẹn trả: 11/11/2026 → 18/11/2026" in lines[1]


def test_returned_dossier_edit_recomputes_its_due_date_and_lateness(
    db: Database, officer: Actor
) -> None:
    did = _setup(db, officer)
    with db.write() as s:
        dossiers.mark_returned(s, officer, did, datetime(2026, 11, 10, 9, 0))
    with db.read() as s:
        assert dossiers.is_late(dossiers.get(s, did), date(2026, 11, 20))
        assert [r.code for r in dossiers.late_dossiers(s, date(2026, 11, 20))] == ["HS-1"]
    data, version = _input(db, did)
    # It was received on 04/11, not 02/11: due 11/11, so returned on 10/11 is on time.
    with db.write() as s:
        dossiers.update_dossier(
            s, officer, did, replace(data, received_at=datetime(2026, 11, 4, 8, 0)), version
        )
    with db.read() as s:
        d = dossiers.get(s, did)
        assert d.state == "returned" and d.returned_at == datetime(2026, 11, 10, 9, 0)
        assert d.due_at == datetime(2026, 11, 11, 17, 0)
        assert not dossiers.is_late(d, date(2026, 11, 20))
        assert dossiers.late_dossiers(s, date(2026, 11, 20)) == []
    assert "nay đúng hẹn" in _events(db, "dossier.update")[0]
    # A time of receipt after the return is refused next to the field.
    data, version = _input(db, did)
    with pytest.raises(ValidationError) as err, db.write() as s:
        dossiers.update_dossier(
            s, officer, did, replace(data, received_at=datetime(2026, 11, 12, 8, 0)), version
        )
    assert "sau lúc trả kết quả" in err.value.errors["received_at"]


def test_an_apology_letters_promise_stands_after_an_edit(db: Database, officer: Actor) -> None:
    did = _setup(db, officer)
    with db.write() as s:
        apologies.issue_apology(
            s,
            officer,
            did,
            apologies.ApologyInput("Hồ sơ cần xác minh", date(2026, 11, 20)),
            date(2026, 11, 16),
        )
    data, version = _input(db, did)
    with db.write() as s:
        dossiers.update_dossier(
            s, officer, did, replace(data, received_at=datetime(2026, 11, 3, 8, 0)), version
        )
    with db.read() as s:
        d = dossiers.get(s, did)
        assert d.due_at == datetime(2026, 11, 10, 17, 0)
        assert d.promised_at == datetime(2026, 11, 20, 17, 0)


def test_officer_in_charge_is_chosen_among_officers(
    db: Database, officer: Actor, leader: Actor, inspector: Actor
) -> None:
    other = _make_user(db, "canbo2", "Trần Minh Khoa", {Role.OFFICER})
    did = _setup(db, leader)  # entered by a leader: in charge by default, as before
    with db.read() as s:
        assert dossiers.get(s, did).officer_id == leader.id
        choices = [u.id for u in dossiers.officer_choices(s, (leader.id,))]
        assert set(choices) == {officer.id, other.id, leader.id}
        assert inspector.id not in choices
    data, version = _input(db, did)
    with pytest.raises(ValidationError) as err, db.write() as s:
        dossiers.update_dossier(s, leader, did, replace(data, officer_id=inspector.id), version)
    assert "vai trò cán bộ" in err.value.errors["officer_id"]
    with db.write() as s:
        dossiers.update_dossier(s, leader, did, replace(data, officer_id=other.id), version)
    with db.read() as s:
        assert dossiers.get(s, did).officer_id == other.id
    assert "cán bộ thụ lý: Nguyễn Văn Đức → Trần Minh Khoa" in _events(db, "dossier.update")[0]
    # At entry: an officer chosen by hand.
    with db.write() as s:
        d, _ = dossiers.upsert_dossier(
            s,
            officer,
            dossiers.DossierInput(
                code="HS-2",
                procedure_code="1.001",
                applicant_name="Lê Văn Tám",
                received_at=datetime(2026, 11, 3, 8, 0),
                officer_id=other.id,
            ),
            now=NOW,
        )
        assert d.officer_id == other.id
    with pytest.raises(ValidationError) as err, db.write() as s:
        dossiers.upsert_dossier(
            s,
            officer,
            dossiers.DossierInput(
                code="HS-3",
                procedure_code="1.001",
                applicant_name="Lê Văn Chín",
                received_at=datetime(2026, 11, 3, 8, 0),
                officer_id=inspector.id,
            ),
            now=NOW,
        )
    assert "officer_id" in err.value.errors


def test_code_taken_and_roles(db: Database, officer: Actor, inspector: Actor) -> None:
    did = _setup(db, officer)
    with db.write() as s:
        dossiers.upsert_dossier(
            s,
            officer,
            dossiers.DossierInput(
                code="HS-2",
                procedure_code="1.001",
                applicant_name="Lê Văn Tám",
                received_at=datetime(2026, 11, 3, 8, 0),
            ),
        )
    data, version = _input(db, did)
    with pytest.raises(ValidationError) as err, db.write() as s:
        dossiers.update_dossier(s, officer, did, replace(data, code="HS-2"), version)
    assert "đã có trong sổ" in err.value.errors["code"]
    with pytest.raises(PermissionDenied), db.write() as s:
        dossiers.update_dossier(s, inspector, did, replace(data, code="HS-9"), version)
    with db.write() as s:
        dossiers.update_dossier(s, officer, did, replace(data, code="HS-1A"), version)
    with db.read() as s:
        assert dossiers.get_by_code(s, "HS-1A").id == did
