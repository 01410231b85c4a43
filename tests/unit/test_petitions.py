"""The petition workflow: legal paths, illegal ones refused, deadlines, duplicates, guidance."""

from __future__ import annotations

from datetime import date

import pytest

from camau_reception.models.petitions import PetitionState
from camau_reception.services import petitions as svc
from camau_reception.services.actor import Actor
from camau_reception.services.deadline_rules import RuleVersionInput, add_version
from camau_reception.services.errors import PermissionDenied, ValidationError
from camau_reception.storage.db import Database


def _new(
    db: Database,
    actor: Actor,
    kind: str = "complaint",
    on: date = date(2026, 7, 1),
    name: str = "Nguyễn Văn Đức",
    summary: str = "Khiếu nại quyết định xử phạt hành chính về biển hiệu quảng cáo",
    **kw,
) -> int:
    with db.write() as s:
        return svc.record(
            s,
            actor,
            svc.PetitionInput(
                kind=kind,
                source="post",
                received_on=on,
                summary=summary,
                petitioner_name=name,
                **kw,
            ),
        )[0].id


def test_complaint_full_path_with_extension(db: Database, officer: Actor, leader: Actor) -> None:
    pid = _new(db, officer)
    with db.read() as s:
        p = svc.get(s, pid)
        assert p.code == "DT-2026-0001"
        assert p.rule_id == "complaint.accept" and p.due_on == date(2026, 7, 10)
    with db.write() as s:
        svc.classify(s, officer, pid, eligible=True, within_competence=True, on=date(2026, 7, 2))
        p = svc.accept(s, officer, pid, decision_no="12/QĐ-SVHTTDL", on=date(2026, 7, 6))
        assert p.rule_id == "complaint.resolve"
        assert p.due_on == date(2026, 8, 5)  # 30 days from 06/07
        svc.start_verification(s, officer, pid, on=date(2026, 7, 10))
    with db.write() as s, pytest.raises(ValidationError) as err:
        svc.extend(
            s,
            officer,
            pid,
            reason="Phức tạp",
            decision_no="15/QĐ",
            approver_id=None,
            on=date(2026, 7, 20),
        )
    assert "lãnh đạo phê duyệt" in err.value.errors["approver"]
    with db.write() as s:
        p = svc.extend(
            s,
            officer,
            pid,
            reason="Nhiều nội dung cần xác minh",
            decision_no="15/QĐ-SVHTTDL",
            approver_id=leader.id,
            on=date(2026, 7, 20),
        )
        assert p.rule_id == "complaint.resolve_complex"
        assert p.resolve_due_on == date(2026, 8, 20)  # 45 days from acceptance
    with db.write() as s, pytest.raises(ValidationError):
        svc.extend(
            s,
            officer,
            pid,
            reason="Lần hai",
            decision_no="16/QĐ",
            approver_id=leader.id,
            on=date(2026, 7, 21),
        )  # complaints: once only
    with db.write() as s:
        p = svc.resolve(
            s, officer, pid, decision_no="20/QĐ-SVHTTDL", result="partly", on=date(2026, 8, 18)
        )
        assert svc.is_on_time(p) is True and p.due_on is None
        svc.notify(s, officer, pid, on=date(2026, 8, 19))
        svc.close(s, officer, pid, on=date(2026, 8, 20))
    with db.read() as s:
        p = svc.get(s, pid)
        assert p.state == PetitionState.CLOSED
        assert [st.action for st in p.steps] == [
            "receive",
            "classify",
            "accept",
            "start_verification",
            "extend",
            "resolve",
            "notify",
            "close",
        ]
        assert "phê duyệt: Nguyễn Văn Đức" in p.steps[4].note


def test_complaint_accept_rule_depends_on_receipt_date(db: Database, officer: Actor) -> None:
    old = _new(db, officer, on=date(2026, 6, 30))
    new = _new(db, officer, on=date(2026, 7, 1), name="Lê Thị Hoa")
    with db.read() as s:
        assert svc.get(s, old).due_on == date(2026, 7, 10)  # 10 days
        assert svc.get(s, new).due_on == date(2026, 7, 10)  # 7 working days
        assert "7 ngày làm việc" in svc.get(s, new).steps[0].explanation


def test_illegal_transitions_are_refused(db: Database, officer: Actor) -> None:
    pid = _new(db, officer)
    with db.write() as s, pytest.raises(ValidationError) as err:
        svc.resolve(s, officer, pid, decision_no="1", result="right", on=date(2026, 7, 2))
    assert "Mới tiếp nhận" in err.value.errors["state"]
    with db.write() as s:
        svc.classify(s, officer, pid, eligible=True, within_competence=False, on=date(2026, 7, 2))
    with db.write() as s, pytest.raises(ValidationError):
        svc.accept(s, officer, pid, decision_no="1", on=date(2026, 7, 3))  # not ours
    with db.write() as s:
        svc.transfer(
            s,
            officer,
            pid,
            to_body="UBND xã Tân Thành",
            letter_no="05/PC-SVHTTDL",
            on=date(2026, 7, 3),
        )
    with db.write() as s, pytest.raises(ValidationError):
        svc.classify(s, officer, pid, eligible=True, within_competence=True, on=date(2026, 7, 4))


def test_guidance_is_given_once(db: Database, officer: Actor) -> None:
    first = _new(
        db,
        officer,
        kind="recommendation",
        summary="Kiến nghị cấp phép lễ hội truyền thống ấp Tân Lộc",
    )
    with db.write() as s:
        svc.classify(s, officer, first, eligible=True, within_competence=False, on=date(2026, 7, 2))
        svc.guide(s, officer, first, to_body="UBND xã Tân Lộc", on=date(2026, 7, 3))
    second = _new(
        db,
        officer,
        kind="recommendation",
        on=date(2026, 9, 1),
        summary="Kiến nghị cấp phép lễ hội truyền thống ấp Tân Lộc năm nay",
    )
    with db.write() as s:
        svc.classify(
            s, officer, second, eligible=True, within_competence=False, on=date(2026, 9, 2)
        )
    with db.write() as s, pytest.raises(ValidationError) as err:
        svc.guide(s, officer, second, to_body="UBND xã Tân Lộc", on=date(2026, 9, 3))
    assert "03/07/2026" in err.value.errors["state"]


def test_duplicates_are_suggested_and_linked(db: Database, officer: Actor) -> None:
    original = _new(db, officer)
    with db.read() as s:
        found = svc.find_duplicates(
            s,
            summary="Khiếu nại lại quyết định xử phạt về biển hiệu quảng cáo",
            on=date(2026, 9, 1),
            name="NGUYEN VAN DUC",
        )
        assert [p.id for p, _ in found] == [original]
        assert (
            svc.find_duplicates(
                s, summary="Phản ánh tiếng ồn karaoke", on=date(2026, 9, 1), name="Nguyễn Văn Đức"
            )
            == []
        )
    copy = _new(db, officer, on=date(2026, 9, 1))
    with db.write() as s:
        p = svc.link_duplicate(s, officer, copy, original, on=date(2026, 9, 1))
        assert p.state == PetitionState.ARCHIVED and p.duplicate_of_id == original


def test_denunciation_two_extensions_then_refused(
    db: Database, officer: Actor, leader: Actor
) -> None:
    pid = _new(
        db,
        officer,
        kind="denunciation",
        on=date(2026, 2, 13),
        summary="Tố cáo cán bộ thu tiền sai quy định",
    )
    with db.read() as s:
        assert svc.get(s, pid).due_on == date(2026, 3, 3)  # 7 working days across Tết
    with db.write() as s:
        svc.classify(s, officer, pid, eligible=True, within_competence=True, on=date(2026, 2, 24))
        p = svc.accept(s, officer, pid, decision_no="01/QĐ", on=date(2026, 2, 25))
        first_due = p.due_on
        p = svc.extend(
            s,
            officer,
            pid,
            reason="Phức tạp",
            decision_no="02/QĐ",
            approver_id=leader.id,
            on=date(2026, 3, 20),
        )
        assert p.due_on > first_due
        svc.extend(
            s,
            officer,
            pid,
            reason="Đặc biệt phức tạp",
            decision_no="03/QĐ",
            approver_id=leader.id,
            on=date(2026, 4, 20),
        )
    with db.write() as s, pytest.raises(ValidationError):
        svc.extend(
            s,
            officer,
            pid,
            reason="Lần ba",
            decision_no="04/QĐ",
            approver_id=leader.id,
            on=date(2026, 5, 20),
        )


def test_administrator_cannot_handle_petitions(db: Database, admin: Actor) -> None:
    with db.write() as s, pytest.raises(PermissionDenied):
        svc.record(
            s,
            admin,
            svc.PetitionInput(
                kind="complaint",
                source="post",
                received_on=date(2026, 7, 1),
                summary="x",
                petitioner_name="A",
            ),
        )


def test_bad_input_is_reported_by_field(db: Database, officer: Actor) -> None:
    with db.write() as s, pytest.raises(ValidationError) as err:
        svc.record(
            s,
            officer,
            svc.PetitionInput(
                kind="complaint",
                source="transferred",
                received_on=date(2026, 7, 1),
                summary=" ",
                petitioner_name="",
            ),
            today=date(2026, 7, 1),
        )
    assert set(err.value.errors) >= {
        "summary",
        "petitioner_name",
        "sender_body",
        "sender_letter_no",
    }


def test_split_kinds_into_linked_petitions(db: Database, officer: Actor) -> None:
    with db.write() as s:
        created = svc.record(
            s,
            officer,
            svc.PetitionInput(
                kind="complaint",
                extra_kinds=["denunciation"],
                source="post",
                received_on=date(2026, 7, 1),
                summary="Khiếu nại và tố cáo",
                petitioner_name="A B",
            ),
        )
    assert [p.kind for p in created] == ["complaint", "denunciation"]
    assert created[1].split_from_id == created[0].id


def test_new_rule_version_applies_only_to_later_petitions(
    db: Database, admin: Actor, officer: Actor
) -> None:
    before = _new(db, officer, kind="recommendation", on=date(2026, 7, 1))
    with db.write() as s:
        add_version(
            s,
            admin,
            RuleVersionInput(
                "petition.classify", 5, "working_days", "Thông tư mới (ví dụ)", date(2026, 8, 1)
            ),
            today=date(2026, 7, 15),
        )
    after = _new(db, officer, kind="recommendation", on=date(2026, 8, 3), name="Trần Văn B")
    with db.read() as s:
        assert svc.get(s, before).due_on == date(2026, 7, 15)  # 10 working days
        assert svc.get(s, after).due_on == date(2026, 8, 10)  # 5 working days
    with db.write() as s, pytest.raises(ValidationError) as err:
        add_version(
            s,
            admin,
            RuleVersionInput("petition.classify", 4, "working_days", "x", date(2026, 7, 1)),
            today=date(2026, 8, 5),
        )
    assert "không sửa lịch sử" in err.value.errors["effective_from"]
    with db.write() as s, pytest.raises(PermissionDenied):
        add_version(
            s,
            officer,
            RuleVersionInput("petition.classify", 4, "working_days", "x", date(2027, 1, 1)),
            today=date(2026, 8, 5),
        )


def test_dashboard_buckets_move_with_the_date(db: Database, officer: Actor) -> None:
    pid = _new(db, officer, kind="recommendation", on=date(2026, 7, 1))  # due 15/07
    with db.read() as s:
        assert pid in [p.id for p in svc.dashboard(s, date(2026, 7, 10)).due_soon]
        assert pid in [p.id for p in svc.dashboard(s, date(2026, 7, 15)).due_today]
        d = svc.dashboard(s, date(2026, 7, 16))
        assert pid in [p.id for p in d.overdue]
        assert d.overdue_by_kind == [("Kiến nghị", 1)]
        assert pid in [p.id for p in d.waiting_classification]
