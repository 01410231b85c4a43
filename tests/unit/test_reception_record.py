"""Recording, editing and cancelling visits: what is saved, what is refused, what is logged."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from sqlalchemy import func, select

from camau_reception.models.audit import AuditEvent
from camau_reception.models.reception import Citizen, Reception
from camau_reception.services import citizens, hooks
from camau_reception.services import reception as svc
from camau_reception.services.errors import ConflictError, PermissionDenied, ValidationError
from tests.unit.test_reception_support import DUC, LAN, NOW, person, visit


def _record(db, actor, data):
    with db.write() as s:
        r = svc.record(s, actor, data, now=NOW)
        return r.id


def _count(db, model) -> int:
    with db.read() as s:
        return s.execute(select(func.count()).select_from(model)).scalar()


def test_new_citizen_by_cccd_fills_sex_and_birth_year(db, officer):
    rid = _record(db, officer, visit())
    with db.read() as s:
        r = s.get(Reception, rid)
        assert r.citizen.full_name == "Nguyễn Văn Đức"
        assert r.citizen.sex == "nam"
        assert r.citizen.birth_year == 1975
        assert r.citizen.name_folded == "nguyen van duc"
        assert r.citizen.phone == "0913456789"
        assert r.officer_id == officer.id
        assert r.documents[0].name == "Đơn khiếu nại"
        assert r.matter_kinds[0].value == "complaint"
        assert r.sort_key > 0 and (r.sort_key & ((1 << 36) - 1)) == r.id
        ev = s.execute(
            select(AuditEvent).where(AuditEvent.action == "reception.record")
        ).scalar_one()
        assert ev.entity_id == str(rid)
        assert "Nguyễn" not in ev.summary  # no identity in the log


def test_returning_citizen_is_found_and_updated_not_duplicated(db, officer):
    _record(db, officer, visit())
    with db.read() as s:
        found = citizens.find_by_id_number(s, "096 075 001 234")
        assert found is not None and found.full_name == "Nguyễn Văn Đức"
        known = citizens.CitizenInput.from_citizen(found)
    known.phone = "0988000111"
    _record(db, officer, visit(known, received_at=datetime(2026, 3, 16, 10, 0)))
    assert _count(db, Citizen) == 1
    with db.read() as s:
        c = citizens.find_by_id_number(s, "096075001234")
        assert c.phone == "0988000111"
        assert svc.visit_count(s, c.id) == 2


def test_nfd_input_is_stored_nfc(db, officer):
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Lê Thị Ánh Tuyết")
    rid = _record(db, officer, visit(person(nfd, "096190001111")))
    with db.read() as s:
        assert s.get(Reception, rid).citizen.full_name == "Lê Thị Ánh Tuyết"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"citizen": replace(DUC, id_number="09607500123")}, "citizen.id_number"),
        ({"citizen": replace(DUC, sex="nữ")}, "citizen.sex"),
        ({"citizen": replace(DUC, birth_year=1976)}, "citizen.birth_year"),
        ({"citizen": replace(DUC, full_name="  ")}, "citizen.full_name"),
        ({"citizen": replace(DUC, commune="", address_detail="")}, "citizen.address"),
        ({"received_at": datetime(2026, 3, 17, 9, 0)}, "received_at"),
        ({"received_at": datetime(1999, 12, 31, 9, 0)}, "received_at"),
        ({"summary": " "}, "summary"),
        ({"matter_kinds": set()}, "matter_kinds"),
        ({"outcome": "refused"}, "refusal_reason"),
        ({"outcome": "guided"}, "guided_to"),
        ({"outcome": "transferred"}, "transferred_to"),
        ({"outcome": "appointment"}, "appointment_at"),
        ({"kind": "periodic"}, "presiding_leader"),
        ({"corruption": True}, "corruption"),
        (
            {
                "group_size": 20,
                "representatives": [
                    person(f"Người Đại Diện {chr(65 + i)}", f"0960800{i:05d}") for i in range(5)
                ],
            },
            "representatives",
        ),
        (
            {
                "group_size": 7,
                "representatives": [
                    person("Hồ Văn Bảy", "096080000001"),
                    person("Lý Thị Tám", "096180000002"),
                ],
            },
            "representatives",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(db, officer, change, field):
    with pytest.raises(ValidationError) as info, db.write() as s:
        svc.record(s, officer, visit(**change), now=NOW)
    assert field in info.value.errors
    assert info.value.errors[field]  # a Vietnamese sentence
    assert _count(db, Reception) == 0
    assert _count(db, Citizen) == 0


def test_more_than_five_representatives_message(db, officer):
    reps = [person(f"Đại Diện Số {chr(65 + i)}", f"0960800{i:05d}") for i in range(5)]
    with pytest.raises(ValidationError) as info, db.write() as s:
        svc.record(s, officer, visit(group_size=30, representatives=reps), now=NOW)
    assert "tối đa 5" in info.value.errors["representatives"]


def test_group_visit_with_representatives(db, officer):
    reps = [person("Hồ Văn Bảy", "096080000001"), person("Lý Thị Tám", "096180000002")]
    data = visit(
        group_size=12,
        representatives=reps,
        summary="Đoàn 12 hộ dân phản ánh tiếng ồn của cơ sở karaoke vào ban đêm.",
        matter_kinds={"reflection", "recommendation"},
    )
    rid = _record(db, officer, data)
    with db.read() as s:
        r = s.get(Reception, rid)
        assert r.group_size == 12
        assert [p.citizen.full_name for p in r.representatives] == ["Hồ Văn Bảy", "Lý Thị Tám"]
        assert r.representatives[1].citizen.sex == "nữ"
        assert {k.value for k in r.matter_kinds} == {"reflection", "recommendation"}
    assert _count(db, Citizen) == 3


def test_refusal_with_reason(db, officer):
    rid = _record(
        db,
        officer,
        visit(outcome="refused", refusal_reason="already_resolved", matter_kinds={"complaint"}),
    )
    with db.read() as s:
        r = s.get(Reception, rid)
        assert r.outcome == "refused"
        assert "kéo dài" in svc.refusal_label(r.refusal_reason)


def test_periodic_visit_needs_a_leader_and_accepts_one(db, officer, leader):
    rid = _record(db, officer, visit(kind="periodic", presiding_leader_id=leader.id))
    with db.read() as s:
        r = s.get(Reception, rid)
        assert r.presiding_leader_name == "Nguyễn Văn Đức"
    with pytest.raises(ValidationError) as info, db.write() as s:
        svc.record(s, officer, visit(kind="periodic", presiding_leader_id=officer.id), now=NOW)
    assert "lãnh đạo" in info.value.errors["presiding_leader"]


def test_id_number_of_another_citizen_is_refused(db, officer):
    _record(db, officer, visit())
    rid = _record(db, officer, visit(LAN))
    with db.read() as s:
        lan = s.get(Reception, rid).citizen
        data = citizens.CitizenInput.from_citizen(lan)
    data.id_number = DUC.id_number
    data.sex, data.birth_year = "", None
    with pytest.raises(ValidationError) as info, db.write() as s:
        svc.record(s, officer, visit(data), now=NOW)
    assert "công dân khác" in info.value.errors["citizen.id_number"]


def test_update_keeps_history_and_checks_version(db, officer, admin):
    rid = _record(db, officer, visit())
    with db.read() as s:
        r = s.get(Reception, rid)
        data, version = svc.to_input(r), r.version
    data.outcome = "guided"
    data.guided_to = "UBND phường An Xuyên"
    data.summary = data.summary + " Đề nghị xem xét lại."
    with db.write() as s:
        svc.update(s, officer, rid, data, version, now=NOW)
    with db.read() as s:
        ev = s.execute(
            select(AuditEvent).where(AuditEvent.action == "reception.update")
        ).scalar_one()
        assert "kết quả" in ev.summary and "Hướng dẫn" in ev.summary
        assert "nội dung" in ev.summary
        assert s.get(Reception, rid).version == version + 1
    # A second editor still holding the old version is stopped.
    with pytest.raises(ConflictError), db.write() as s:
        svc.update(s, officer, rid, data, version, now=NOW)


def test_cancel_is_admin_only_needs_reason_and_keeps_row(db, officer, admin):
    rid = _record(db, officer, visit())
    with db.read() as s:
        version = s.get(Reception, rid).version
    with pytest.raises(PermissionDenied), db.write() as s:
        svc.cancel(s, officer, rid, "Ghi nhầm hai lần", version)
    with pytest.raises(ValidationError), db.write() as s:
        svc.cancel(s, admin, rid, "", version)
    with db.write() as s:
        svc.cancel(s, admin, rid, "Ghi nhầm hai lần", version)
    with db.read() as s:
        r = s.get(Reception, rid)
        assert r.cancelled and r.cancel_reason == "Ghi nhầm hai lần"
        assert s.execute(
            select(AuditEvent).where(AuditEvent.action == "reception.cancel")
        ).scalar_one()


def test_repeat_visits_about_the_same_matter_are_counted(db, officer):
    first = _record(db, officer, visit())
    with db.read() as s:
        cid = s.get(Reception, first).citizen_id
        suggestion = svc.suggest_same_matter(
            s, cid, "Tiếp tục khiếu nại thu hồi giấy phép kinh doanh karaoke", {"complaint"}
        )
    assert suggestion == first
    with db.read() as s:
        known = citizens.CitizenInput.from_citizen(s.get(Reception, first).citizen)
    second = _record(
        db, officer, visit(known, received_at=datetime(2026, 3, 16, 9, 45), same_matter_as_id=first)
    )
    third = _record(
        db,
        officer,
        visit(known, received_at=datetime(2026, 3, 16, 10, 5), same_matter_as_id=second),
    )
    with db.read() as s:
        assert s.get(Reception, third).repeat_count == 2


def test_hook_runs_inside_the_transaction(db, officer, monkeypatch):
    seen = []
    # Only this test's handler: the protected-record area's own handler (which needs its keys
    # set up) is tested in tests/unit/test_corruption*.py.
    hooks._load_area_services()
    monkeypatch.setitem(hooks._handlers, svc.RECORDED, [])

    def handler(session, actor, reception, data):
        seen.append((reception.id, data.corruption))
        # A handler may detach the identity before commit (the protected-record area does).
        reception.citizen_id = None

    hooks.connect(svc.RECORDED, handler)
    try:
        rid = _record(
            db,
            officer,
            visit(matter_kinds={"denunciation"}, corruption=True),
        )
    finally:
        hooks._handlers[svc.RECORDED].remove(handler)
    assert seen == [(rid, True)]
    with db.read() as s:
        assert s.get(Reception, rid).citizen_id is None


def test_petition_received_creates_linked_petition(db, officer):
    """The petitions area provides create_from_reception; the visit and petition share one
    transaction."""
    pytest.importorskip("camau_reception.services.petitions")
    from camau_reception.models import petitions as pm

    rid = _record(
        db,
        officer,
        visit(outcome="petition_received", matter_kinds={"complaint", "recommendation"}),
    )
    with db.read() as s:
        rows = list(s.execute(select(pm.Petition)).scalars())
        assert rows, "a petition is created"
        assert all(getattr(p, "reception_id", None) == rid for p in rows)


def test_visit_of_an_officer_since_disabled_can_still_be_corrected(db, officer, admin, inspector):
    from camau_reception.services import users

    rid = _record(db, officer, visit())
    with db.write() as s:
        users.set_active(s, admin, officer.id, False)
    with db.read() as s:
        r = s.get(Reception, rid)
        data, version = svc.to_input(r), r.version
    data.summary = data.summary + " Bổ sung: công dân nộp thêm bản sao giấy phép."
    with db.write() as s:
        svc.update(s, admin, rid, data, version, now=NOW)
    with db.read() as s:
        r = s.get(Reception, rid)
        assert r.officer_id == officer.id and "Bổ sung" in r.summary
    # A new visit cannot name the disabled officer.
    with pytest.raises(ValidationError) as err, db.write() as s:
        svc.record(s, inspector, replace(visit(), officer_id=officer.id), now=NOW)
    assert "vô hiệu hóa" in err.value.errors["officer"]


def test_visit_moved_to_a_protected_corruption_case_is_not_edited_here(db, inspector, officer):
    from tests.unit.test_corruption_support import counter_visit, set_up

    set_up(db, inspector)
    rid = _record(db, officer, counter_visit())
    with db.read() as s:
        r = s.get(Reception, rid)
        data, version, summary = svc.to_input(r), r.version, r.summary
    data.summary = "Sửa thử nội dung"
    with pytest.raises(ValidationError) as err, db.write() as s:
        svc.update(s, officer, rid, data, version, now=NOW)
    assert "Tố cáo tham nhũng" in err.value.errors["corruption"]
    with db.read() as s:
        assert s.get(Reception, rid).summary == summary
