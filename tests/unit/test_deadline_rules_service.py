"""Administrator rule versions: a law change is a new version from a date, audited; history stays."""

from __future__ import annotations

from datetime import date

import pytest

from camau_reception.domain.calendar import OverrideKind
from camau_reception.models.audit import AuditEvent
from camau_reception.models.petitions import DeadlineRuleVersion
from camau_reception.services import calendar as calendar_service
from camau_reception.services.actor import Actor
from camau_reception.services.deadline_rules import (
    RuleVersionInput,
    add_version,
    deadline,
    overview,
    rulebook,
)
from camau_reception.services.errors import PermissionDenied, ValidationError
from camau_reception.storage.db import Database

TODAY = date(2026, 9, 1)


def _add(db: Database, actor: Actor, **kw) -> None:
    data = {
        "rule_id": "complaint.resolve",
        "days": 20,
        "unit": "working_days",
        "source": "Luật Khiếu nại (sửa đổi) 2026, Điều 28",
        "effective_from": date(2027, 1, 1),
        **kw,
    }
    with db.write() as s:
        add_version(s, actor, RuleVersionInput(**data), today=TODAY)


def test_a_new_version_applies_from_its_date_and_is_audited(db: Database, admin: Actor) -> None:
    _add(db, admin)
    with db.read() as s:
        before = deadline(s, "complaint.resolve", date(2026, 12, 1))
        after = deadline(s, "complaint.resolve", date(2027, 1, 4))
        book = rulebook(s)
        versions = book.versions("complaint.resolve")
        event = s.query(AuditEvent).filter(AuditEvent.action == "rule.add_version").one()
        who, summary = event.username, event.summary
    assert before.rule.days == 30 and before.due == date(2026, 12, 31)
    assert after.rule.days == 20 and "20 ngày làm việc kể từ 04/01/2027" in after.explanation
    assert "Luật Khiếu nại (sửa đổi) 2026" in after.explanation
    # The shipped version is closed the day before, never rewritten.
    assert [(v.effective_from, v.effective_to) for v in versions] == [
        (date(2012, 7, 1), date(2026, 12, 31)),
        (date(2027, 1, 1), None),
    ]
    assert who == "admin"
    assert "20 ngày làm việc từ 01/01/2027" in summary


def test_only_the_administrator_adds_versions(
    db: Database, officer: Actor, leader: Actor, inspector: Actor
) -> None:
    for who in (officer, leader, inspector):
        with pytest.raises(PermissionDenied):
            _add(db, who)
    with db.read() as s:
        assert s.query(DeadlineRuleVersion).count() == 0


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"rule_id": "no.such"}, "rule_id", "Không có quy tắc"),
        ({"days": 0}, "days", "từ 1 đến 3650"),
        ({"unit": "weeks"}, "unit", "đơn vị"),
        ({"source": "   "}, "source", "căn cứ pháp lý"),
        ({"effective_from": date(2012, 7, 1)}, "effective_from", "không sửa lịch sử"),
    ],
)
def test_bad_versions_are_refused_by_field(
    db: Database, admin: Actor, change: dict, field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as err:
        _add(db, admin, **change)
    assert words in err.value.errors[field]
    with db.read() as s:
        assert s.query(DeadlineRuleVersion).count() == 0
        assert s.query(AuditEvent).filter(AuditEvent.action == "rule.add_version").count() == 0


def test_versions_chain_and_history_cannot_be_rewritten(db: Database, admin: Actor) -> None:
    _add(db, admin)
    with pytest.raises(ValidationError):
        _add(db, admin, effective_from=date(2026, 12, 1))  # before the latest version
    _add(db, admin, days=15, effective_from=date(2028, 1, 1))
    with db.read() as s:
        days = [
            deadline(s, "complaint.resolve", d).rule.days
            for d in (date(2026, 6, 1), date(2027, 6, 1), date(2028, 6, 1))
        ]
        view = {o.rule_id: o for o in overview(s, date(2027, 6, 1))}["complaint.resolve"]
    assert days == [30, 20, 15]
    assert [(v.origin, v.status) for v in view.versions] == [
        ("shipped", "past"),
        ("admin", "in_force"),
        ("admin", "future"),
    ]
    assert view.current is not None and view.current.days == 20
    assert [r.days for r in view.upcoming] == [15]
    assert view.versions[1].added_by == "Quản Trị Viên"


def test_overview_lists_every_rule_in_force(db: Database) -> None:
    with db.read() as s:
        rules = {o.rule_id: o for o in overview(s, date(2026, 7, 1))}
        old = {o.rule_id: o for o in overview(s, date(2026, 6, 30))}
    for rule_id in (
        "petition.classify",
        "reception.notify_outcome",
        "reception.refusal_notice",
        "complaint.accept",
        "complaint.resolve",
        "complaint2.resolve_complex",
        "denunciation.classify",
        "denunciation.extend",
        "schedule.publish",
    ):
        assert rules[rule_id].current is not None, rule_id
    assert rules["complaint.accept"].current.days == 7  # type: ignore[union-attr]
    assert old["complaint.accept"].current.days == 10  # type: ignore[union-attr]
    assert [v.status for v in old["complaint.accept"].versions] == ["in_force", "future"]


def test_deadline_service_uses_the_administrator_calendar(db: Database, admin: Actor) -> None:
    with db.read() as s:
        plain = deadline(s, "petition.classify", date(2026, 10, 1))
    with db.write() as s:
        calendar_service.add_override(
            s, admin, date(2026, 10, 5), OverrideKind.DAY_OFF, "Nghỉ bù theo quyết định của tỉnh"
        )
    with db.read() as s:
        moved = deadline(s, "petition.classify", date(2026, 10, 1))
    assert moved.due == date(2026, 10, 16) and plain.due == date(2026, 10, 15)
    assert "Nghỉ bù theo quyết định của tỉnh" in moved.explanation or "05/10" in moved.explanation


def test_a_new_version_keeps_the_direction_of_the_rule(db: Database, admin: Actor) -> None:
    """schedule.publish counts back from the session: a new version must not count forward."""
    _add(
        db,
        admin,
        rule_id="schedule.publish",
        days=7,
        source="Luật Tiếp công dân (sửa đổi, giả định), Điều 24",
        effective_from=date(2027, 1, 1),
    )
    session_day = date(2027, 3, 25)  # a Thursday
    with db.read() as s:
        rule = rulebook(s).rule_in_force("schedule.publish", session_day)
        d = deadline(s, "schedule.publish", session_day)
        old = deadline(s, "schedule.publish", date(2026, 3, 26))
    assert rule.days == 7 and rule.direction == "before"
    assert d.rule.direction == "before"
    assert d.due == date(2027, 3, 16)  # 16, 17, 18, 19, 22, 23, 24/03: 7 working days
    assert d.due < session_day and "trước ngày tiếp 25/03/2027" in d.explanation
    assert old.rule.days == 5 and old.due < date(2026, 3, 26)


def test_a_forward_rule_stays_forward(db: Database, admin: Actor) -> None:
    _add(db, admin)
    with db.read() as s:
        rule = rulebook(s).rule_in_force("complaint.resolve", date(2027, 1, 4))
    assert rule.direction == "after"


@pytest.mark.parametrize("effective_from", [date(2026, 8, 31), date(2026, 1, 1), date(2013, 1, 1)])
def test_a_version_cannot_be_back_dated(db: Database, admin: Actor, effective_from: date) -> None:
    """Deadlines already running (and printed) must not change under the officer's feet."""
    with pytest.raises(ValidationError) as err:
        _add(db, admin, effective_from=effective_from)
    message = err.value.errors["effective_from"]
    assert "Ngày hiệu lực không được trước hôm nay" in message
    assert "01/09/2026" in message
    with db.read() as s:
        assert s.query(DeadlineRuleVersion).count() == 0
        assert s.query(AuditEvent).filter(AuditEvent.action == "rule.add_version").count() == 0


def test_a_version_may_start_today(db: Database, admin: Actor) -> None:
    _add(db, admin, effective_from=TODAY)
    with db.read() as s:
        assert deadline(s, "complaint.resolve", TODAY).rule.days == 20
