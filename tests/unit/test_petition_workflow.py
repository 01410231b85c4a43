"""Every edge of the petition state machine walked by a legal path; every other action refused in
every state; duplicates suggested, dismissed or linked; stale edits refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from camau_reception.models.petitions import STATE_LABELS, PetitionState
from camau_reception.services import petition_workflow as wf
from camau_reception.services import petitions as svc
from camau_reception.services.actor import Actor
from camau_reception.services.errors import ConflictError, ValidationError
from camau_reception.storage.db import Database

START = date(2026, 7, 1)


def _new(db: Database, officer: Actor, kind: str = "complaint", **kw) -> int:
    data = {
        "kind": kind,
        "source": "post",
        "received_on": START,
        "summary": "Khiếu nại quyết định xử phạt vi phạm hành chính về biển hiệu quảng cáo",
        "petitioner_name": "Nguyễn Văn Đức",
        **kw,
    }
    with db.write() as s:
        return svc.record(s, officer, svc.PetitionInput(**data))[0].id


def _kwargs(action: str, leader: Actor, kind: str, arg: object) -> dict:
    return {
        "classify": lambda: {
            "eligible": arg != "not_eligible",
            "within_competence": arg not in ("elsewhere", "not_eligible"),
        },
        "accept": lambda: {"decision_no": "12/QĐ-SVHTTDL"},
        "transfer": lambda: {"to_body": "UBND xã Tân Thành", "letter_no": "05/PC-SVHTTDL"},
        "guide": lambda: {"to_body": "Tòa án nhân dân khu vực 1 - Cà Mau"},
        "return": lambda: {"reason": "Đơn không có chữ ký"},
        "archive": lambda: {"reason": "anonymous"},
        "start_verification": dict,
        "extend": lambda: {
            "reason": "Vụ việc phức tạp",
            "decision_no": "15/QĐ-SVHTTDL",
            "approver_id": leader.id,
        },
        "resolve": lambda: {
            "decision_no": "20/QĐ-SVHTTDL",
            "result": "answered" if kind in ("recommendation", "reflection") else "partly",
        },
        "notify": dict,
        "close": dict,
        "reopen": lambda: {"reason": "Công dân bổ sung tài liệu mới"},
    }[action]()


PATHS: list[tuple[str, list[str | tuple[str, str]]]] = [
    ("complaint", ["archive"]),
    (
        "complaint",
        ["classify", "accept", "start_verification", "extend", "resolve", "notify", "close"],
    ),
    ("complaint", ["classify", "accept", "resolve", "notify", "close", "reopen", "classify"]),
    ("complaint", ["classify", "accept", "extend", "resolve"]),
    ("reflection", [("classify", "elsewhere"), "transfer", "close", "reopen", "archive"]),
    ("recommendation", [("classify", "elsewhere"), "guide", "reopen"]),
    ("recommendation", [("classify", "elsewhere"), "guide", "close", "reopen"]),
    ("reflection", [("classify", "not_eligible"), "return", "close"]),
    ("reflection", [("classify", "not_eligible"), "return", "reopen"]),
    ("reflection", [("classify", "not_eligible"), "archive", "close"]),
    ("recommendation", [("classify", "not_eligible"), "archive", "reopen"]),
    ("reflection", [("classify", "elsewhere"), "transfer", "reopen"]),
    (
        "denunciation",
        ["classify", "accept", "start_verification", "extend", "extend", "resolve", "notify"],
    ),
    ("recommendation", ["classify", "accept", "start_verification", "resolve", "notify"]),
]


def test_every_edge_is_walked_by_a_legal_path(db: Database, officer: Actor, leader: Actor) -> None:
    walked: set[tuple[PetitionState, str, PetitionState]] = set()
    for n, (kind, path) in enumerate(PATHS):
        pid = _new(db, officer, kind, petitioner_name=f"Công dân {n}", summary=f"Nội dung số {n}")
        on = START
        for step in path:
            action, arg = (step, None) if isinstance(step, str) else step
            on += timedelta(days=1)
            with db.write() as s:
                before = PetitionState(svc.get(s, pid).state)
                assert action in svc.available_actions(svc.get(s, pid), officer), (kind, action)
                p = wf.perform(s, officer, pid, action, on=on, **_kwargs(action, leader, kind, arg))
                after = PetitionState(p.state)
            assert after == wf.TARGET[action]
            walked.add((before, action, after))
        with db.read() as s:
            steps = svc.get(s, pid).steps
            assert [st.action for st in steps[1:]] == [
                a if isinstance(a, str) else a[0] for a in path
            ]
            assert all(st.user_name == officer.full_name for st in steps)
    assert walked == set(wf.transitions())


def test_every_other_action_is_refused_in_every_state(
    db: Database, officer: Actor, leader: Actor
) -> None:
    pid = _new(db, officer)
    path = ["classify", "accept", "start_verification", "extend", "resolve", "notify", "close"]
    on = START
    for action in [None, *path]:
        if action is not None:
            on += timedelta(days=1)
            with db.write() as s:
                wf.perform(s, officer, pid, action, on=on, **_kwargs(action, leader, "", None))
        with db.read() as s:
            state = PetitionState(svc.get(s, pid).state)
        for illegal in sorted(set(wf.ACTIONS) - set(wf.actions_from(state))):
            with db.write() as s, pytest.raises(ValidationError) as err:
                wf.perform(s, officer, pid, illegal, on=on, **_kwargs(illegal, leader, "", None))
            assert STATE_LABELS[state] in err.value.errors["state"], (state, illegal)
    with db.read() as s:
        assert len(svc.get(s, pid).steps) == 1 + len(path)  # nothing half-saved


def test_conditions_beyond_the_graph(db: Database, officer: Actor, leader: Actor) -> None:
    # Not ours: no acceptance; ours: no transfer.
    elsewhere = _new(db, officer, "reflection")
    ours = _new(db, officer, "reflection", petitioner_name="Lê Thị Hoa")
    with db.write() as s:
        svc.classify(s, officer, elsewhere, eligible=True, within_competence=False, on=START)
        svc.classify(s, officer, ours, eligible=True, within_competence=True, on=START)
        assert "accept" not in svc.available_actions(svc.get(s, elsewhere), officer)
    with db.write() as s, pytest.raises(ValidationError) as err:
        svc.accept(s, officer, elsewhere, decision_no="1/QĐ", on=START)
    assert "thuộc thẩm quyền" in err.value.errors["state"]
    with db.write() as s, pytest.raises(ValidationError) as err:
        svc.transfer(s, officer, ours, to_body="UBND xã", letter_no="", on=START)
    assert "hãy thụ lý" in err.value.errors["state"]
    with db.write() as s, pytest.raises(ValidationError) as err:
        svc.guide(s, officer, ours, to_body="UBND xã", on=START)
    assert "hãy thụ lý" in err.value.errors["state"]
    with db.read() as s:
        assert svc.available_actions(svc.get(s, ours), officer) == ["accept", "return", "archive"]
        assert "accept" not in svc.available_actions(svc.get(s, elsewhere), officer)
    # Recommendations are not extended; a complaint accepted as complex has its longest period.
    with db.write() as s:
        svc.accept(s, officer, ours, decision_no="2/QĐ", on=START)
        assert "extend" not in svc.available_actions(svc.get(s, ours), officer)
    complex_ = _new(db, officer, petitioner_name="Trần Văn Bình")
    with db.write() as s:
        svc.classify(
            s, officer, complex_, eligible=True, within_competence=True, complex_case=True, on=START
        )
        p = svc.accept(s, officer, complex_, decision_no="3/QĐ", on=date(2026, 7, 6))
        assert p.rule_id == "complaint.resolve_complex" and p.due_on == date(2026, 8, 20)
        assert "extend" not in svc.available_actions(p, officer)
    with db.write() as s, pytest.raises(ValidationError) as err:
        svc.extend(
            s,
            officer,
            complex_,
            reason="x",
            decision_no="4/QĐ",
            approver_id=leader.id,
            on=date(2026, 7, 20),
        )
    assert "thời hạn dài nhất" in err.value.errors["state"]
    # A date before receipt or in the future is refused.
    with db.write() as s, pytest.raises(ValidationError) as err:
        svc.start_verification(s, officer, complex_, on=date(2026, 6, 1))
    assert "trước ngày nhận đơn" in err.value.errors["on"]
    with db.write() as s, pytest.raises(ValidationError) as err:
        svc.start_verification(s, officer, complex_, on=date(2026, 7, 30), today=date(2026, 7, 29))
    assert "tương lai" in err.value.errors["on"]


def test_a_stale_version_is_refused(db: Database, officer: Actor) -> None:
    pid = _new(db, officer)
    with db.read() as s:
        version = svc.get(s, pid).version
    with db.write() as s:
        svc.classify(
            s, officer, pid, eligible=True, within_competence=True, on=START, version=version
        )
    with db.write() as s, pytest.raises(ConflictError):
        svc.archive(s, officer, pid, reason="duplicate", on=START, version=version)


def test_duplicates_are_suggested_then_dismissed_or_linked(db: Database, officer: Actor) -> None:
    summary = "Khiếu nại quyết định thu hồi giấy phép kinh doanh karaoke của cơ sở Hoàng Gia"
    first = _new(db, officer, summary=summary, received_on=date(2026, 3, 2))
    again = _new(db, officer, summary="Tiếp tục " + summary.lower(), received_on=START)
    other = _new(db, officer, summary="Kiến nghị tu sửa nhà văn hóa ấp 3", received_on=START)
    late = _new(
        db, officer, summary=summary, received_on=date(2027, 4, 1), petitioner_name="Nguyễn Văn Đức"
    )
    with db.read() as s:
        found = [
            (p.id, round(score, 2)) for p, score in svc.duplicate_candidates(s, svc.get(s, again))
        ]
        assert [pid for pid, _ in found] == [first]
        assert svc.duplicate_candidates(s, svc.get(s, other)) == []
        assert svc.duplicate_candidates(s, svc.get(s, first)) == []  # the earlier is the original
        # More than 12 months after the first and the second: only the second is within reach.
        assert [p.id for p, _ in svc.duplicate_candidates(s, svc.get(s, late))] == [again]
    with db.write() as s:
        svc.dismiss_duplicates(s, officer, late, on=date(2027, 4, 2))
        p = svc.link_duplicate(s, officer, again, first, on=date(2026, 7, 2))
        assert p.state == PetitionState.ARCHIVED and p.duplicate_of_id == first
        assert p.archive_reason == "Đơn trùng với đơn DT-2026-0001" and p.due_on is None
    with db.read() as s:
        assert svc.duplicate_candidates(s, svc.get(s, late)) == []
        steps = svc.get(s, late).steps
        assert steps[-1].action == "check_duplicates"
        assert steps[-1].to_state == steps[-1].from_state == "received"
        assert svc.get(s, late).state == "received"
    # An accepted petition is not filed away as a duplicate.
    with db.write() as s:
        svc.classify(s, officer, other, eligible=True, within_competence=True, on=START)
        svc.accept(s, officer, other, decision_no="9/QĐ", on=START)
    with db.write() as s, pytest.raises(ValidationError) as err:
        svc.link_duplicate(s, officer, other, first, on=START)
    assert "Đã thụ lý" in err.value.errors["state"]


def test_namesakes_in_another_commune_are_not_suggested(db: Database, officer: Actor) -> None:
    from camau_reception.models.reception import Citizen

    with db.write() as s:
        a = Citizen(
            full_name="Nguyễn Văn Đức", name_folded="nguyen van duc", commune="Xã Tân Thành"
        )
        b = Citizen(full_name="Nguyễn Văn Đức", name_folded="nguyen van duc", commune="Xã Đá Bạc")
        s.add_all([a, b])
        s.flush()
        ids = a.id, b.id
    summary = "Khiếu nại quyết định thu hồi giấy phép kinh doanh karaoke"
    first = _new(db, officer, summary=summary, citizen_id=ids[0], received_on=date(2026, 6, 1))
    namesake = _new(db, officer, summary=summary, citizen_id=ids[1])
    same = _new(db, officer, summary=summary, citizen_id=ids[0])
    with db.read() as s:
        assert svc.duplicate_candidates(s, svc.get(s, namesake)) == []
        assert [p.id for p, _ in svc.duplicate_candidates(s, svc.get(s, same))] == [first]


def test_describe_names_every_edge() -> None:
    text = wf.describe()
    assert "Mới tiếp nhận —phân loại→ Đã phân loại" in text
    assert "Kết thúc —mở lại→ Mới tiếp nhận" in text
    assert len(text.splitlines()) == len(wf.transitions())
