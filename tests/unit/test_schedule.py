"""The leaders' calendar services: directory, rules across Tết and an administrator's override,
the monthly minimum of the head, the five-working-day publication check, conflicts,
deputising, postponing, published versions and their differences, permissions and audit."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from camau_reception.domain.calendar import OverrideKind
from camau_reception.domain.recurrence import Rule
from camau_reception.models.audit import AuditEvent
from camau_reception.models.schedule import DutySession, RecurrenceRule
from camau_reception.services import calendar as calendar_service
from camau_reception.services import schedule
from camau_reception.services.actor import Actor
from camau_reception.services.errors import ConflictError, PermissionDenied, ValidationError
from camau_reception.storage.db import Database

HEAD = "Nguyễn Thị Hồng Nhung"
DEPUTY = "Lê Văn Đức"


def _people(db: Database, leader: Actor) -> tuple[int, int]:
    with db.write() as s:
        head = schedule.add_staff(
            s,
            leader,
            HEAD,
            "Giám đốc",
            is_leader=True,
            is_head=True,
            phone="0290 3831 063",
            user_id=leader.id,
        )
        deputy = schedule.add_staff(s, leader, DEPUTY, "Phó Giám đốc", is_leader=True)
        return head.id, deputy.id


def _sessions_only(problems: list[schedule.Problem]) -> list[schedule.Problem]:
    """Findings about the leaders' sessions (these tests plan no desk roster)."""
    return [p for p in problems if not p.kind.startswith("desk_")]


def _actions(db: Database) -> list[str]:
    with db.read() as s:
        return list(s.execute(select(AuditEvent.action).order_by(AuditEvent.id)).scalars())


def test_directory_one_head_validation_and_permissions(
    db: Database, leader: Actor, officer: Actor
) -> None:
    _, deputy = _people(db, leader)
    with db.write() as s, pytest.raises(ValidationError) as err:
        schedule.add_staff(s, leader, "  ", "Chuyên viên", is_leader=False, email="không-hợp-lệ")
    assert set(err.value.errors) == {"full_name", "email"}
    with db.write() as s, pytest.raises(PermissionDenied):
        schedule.add_staff(s, officer, "Trần Văn Bình", "Chuyên viên", is_leader=False)
    with db.write() as s:
        # Name typed in decomposed form is stored composed (NFC).
        new = schedule.add_staff(
            s,
            leader,
            "Tra\u0302\u0300n Va\u0306n Bi\u0300nh",
            "Giám đốc",
            is_leader=True,
            is_head=True,
        )
        assert new.full_name == "Trần Văn Bình"
    with db.read() as s:
        leaders = schedule.list_leaders(s)
        assert leaders[0].full_name == "Trần Văn Bình"  # the head first
        assert [p.full_name for p in leaders if p.is_head] == ["Trần Văn Bình"]
    with db.write() as s:
        schedule.update_staff(
            s,
            leader,
            deputy,
            full_name=DEPUTY,
            position="Phó Giám đốc",
            is_leader=True,
            is_head=False,
            phone="",
            email="duc@svhttdl.camau.gov.vn",
            active=False,
            user_id=None,
        )
    with db.read() as s:
        assert DEPUTY not in [p.full_name for p in schedule.list_leaders(s)]
    assert _actions(db).count("schedule.person_add") == 3
    assert "schedule.person_update" in _actions(db)


def test_rule_fills_the_year_across_tet_and_an_override(db: Database, leader: Actor, admin) -> None:
    head, _ = _people(db, leader)
    with db.write() as s:
        # The administrator declares 16/03/2026 a day off after the plan was thought of.
        calendar_service.add_override(
            s, admin, date(2026, 3, 16), OverrideKind.DAY_OFF, "Nghỉ theo Thông báo của UBND tỉnh"
        )
    with db.write() as s:
        created = schedule.generate(
            s,
            leader,
            Rule("day_of_month", day=15),
            date(2026, 1, 1),
            date(2026, 12, 31),
            head,
            topics="Khiếu nại về lễ hội",
        )
        assert len(created) == 12
        rule = s.execute(select(RecurrenceRule)).scalar_one()
        assert rule.description == "Ngày 15 hằng tháng" and rule.presiding_id == head
        assert {c.rule_id for c in created} == {rule.id}
    with db.read() as s:
        by_plan = {
            x.planned_day: (x.day, x.move_note) for x in schedule.sessions_between(s, *_year())
        }
    feb, mar = by_plan[date(2026, 2, 15)], by_plan[date(2026, 3, 15)]
    assert feb[0] == date(2026, 2, 23) and "Tết" in feb[1]
    # 15/03 is a Sunday and the override took 16/03: the session lands on Tuesday 17/03.
    assert mar[0] == date(2026, 3, 17) and "Chủ nhật" in mar[1]
    with db.write() as s:
        again = schedule.generate(
            s, leader, Rule("day_of_month", day=15), date(2026, 1, 1), date(2026, 12, 31), head
        )
    assert again == []  # the days already planned are left alone
    assert "4 buổi chuyển khỏi ngày nghỉ" in _last_summary(db, "schedule.generate", first=True)


def _year() -> tuple[date, date]:
    return date(2026, 1, 1), date(2026, 12, 31)


def _last_summary(db: Database, action: str, first: bool = False) -> str:
    with db.read() as s:
        rows = list(
            s.execute(
                select(AuditEvent.summary)
                .where(AuditEvent.action == action)
                .order_by(AuditEvent.id)
            ).scalars()
        )
    return rows[0] if first else rows[-1]


def test_generate_refuses_bad_input_whole(db: Database, leader: Actor) -> None:
    head, _ = _people(db, leader)
    with db.write() as s, pytest.raises(ValidationError) as err:
        schedule.generate(
            s,
            leader,
            Rule("weekdays"),
            date(2026, 5, 1),
            date(2026, 4, 1),
            9999,
            start_time="7h30",
            end_time="11:00",
        )
    assert set(err.value.errors) == {"weekdays", "presiding", "end", "start_time"}
    with db.write() as s, pytest.raises(ValidationError) as err:
        schedule.generate(
            s, leader, Rule("day_of_month"), *_year(), head, start_time="11:00", end_time="08:00"
        )
    assert err.value.errors == {"end_time": "Giờ kết thúc phải sau giờ bắt đầu."}
    with db.read() as s:
        assert s.execute(select(DutySession)).first() is None
        assert s.execute(select(RecurrenceRule)).first() is None


def test_head_at_least_once_a_month_quotes_the_law(db: Database, leader: Actor) -> None:
    head, deputy = _people(db, leader)
    with db.write() as s:
        schedule.generate(
            s, leader, Rule("day_of_month", day=15), date(2026, 10, 1), date(2026, 10, 31), head
        )
        dec = schedule.generate(
            s, leader, Rule("day_of_month", day=15), date(2026, 12, 1), date(2026, 12, 31), head
        )[0]
        schedule.generate(
            s, leader, Rule("day_of_month", day=20), date(2026, 11, 1), date(2026, 11, 30), deputy
        )
    with db.read() as s:
        problems = _sessions_only(
            schedule.checks(s, date(2026, 10, 1), date(2026, 12, 31), today=date(2026, 9, 1))
        )
    assert [(p.kind, p.day) for p in problems] == [("head_missing", date(2026, 11, 1))]
    message = problems[0].message
    assert message.startswith(f"Tháng 11/2026: Giám đốc {HEAD}")
    assert "Luật Tiếp công dân 2013, Điều 18 khoản 2" in message
    with db.write() as s:
        # Handing December to the deputy leaves the head without a day of their own.
        schedule.deputise(s, leader, dec.id, deputy, "Đi công tác Hà Nội")
    with db.read() as s:
        months = [
            p.day.month
            for p in schedule.checks(s, date(2026, 10, 1), date(2026, 12, 31), date(2026, 9, 1))
            if p.kind == "head_missing"
        ]
    assert months == [11, 12]


def test_five_working_days_publication_check_across_tet(db: Database, leader: Actor) -> None:
    head, _ = _people(db, leader)
    with db.write() as s:
        sess = schedule.create_session(s, leader, date(2026, 2, 23), head)
    feb = (date(2026, 2, 1), date(2026, 2, 28))
    with db.read() as s:
        sess = s.get(DutySession, sess.id)
        state = schedule.publication_state(s, [sess], today=date(2026, 2, 5))[sess.id]
        # Five working days before Monday 23/02 skip the Tết days off: 13, 12, 11, 10, 09/02.
        assert state.latest == date(2026, 2, 9)
        assert "Điều 24" in state.explanation and state.in_time is None
        assert _sessions_only(schedule.checks(s, *feb, today=date(2026, 2, 9))) == []
        late = _sessions_only(schedule.checks(s, *feb, today=date(2026, 2, 10)))
    assert [p.kind for p in late] == ["not_published"]
    assert "hạn niêm yết 09/02/2026 đã qua" in late[0].message
    with db.write() as s:
        schedule.publish(s, leader, "2026-02", date(2026, 2, 10))
    with db.read() as s:
        late = _sessions_only(schedule.checks(s, *feb, today=date(2026, 2, 11)))
        assert [p.kind for p in late] == ["not_published"]
        assert "niêm yết ngày 10/02/2026, muộn hơn hạn 09/02/2026" in late[0].message


def test_publishing_in_time_and_a_move_needing_a_new_version(db: Database, leader: Actor) -> None:
    head, _ = _people(db, leader)
    with db.write() as s:
        sess = schedule.create_session(s, leader, date(2026, 10, 15), head)
        schedule.publish(s, leader, "2026-10", date(2026, 10, 7))
    oct_ = (date(2026, 10, 1), date(2026, 10, 31))
    with db.read() as s:
        assert _sessions_only(schedule.checks(s, *oct_, today=date(2026, 10, 9))) == []
        state = schedule.publication_state(s, [s.get(DutySession, sess.id)], date(2026, 10, 9))
        assert state[sess.id].published_on == date(2026, 10, 7) and state[sess.id].in_time
    with db.write() as s:
        # Moved to a day whose posting deadline has passed, and not republished: flagged.
        schedule.move(s, leader, sess.id, date(2026, 10, 16), "Trùng họp Ban Thường vụ")
    with db.read() as s:
        problems = _sessions_only(schedule.checks(s, *oct_, today=date(2026, 10, 12)))
    assert [p.kind for p in problems] == ["not_published"]


def test_quarter_publication_covers_its_months(db: Database, leader: Actor) -> None:
    head, _ = _people(db, leader)
    with db.write() as s:
        schedule.generate(
            s, leader, Rule("day_of_month", day=15), date(2026, 10, 1), date(2026, 12, 31), head
        )
        row = schedule.publish(s, leader, "2026-Q4", date(2026, 9, 25))
        assert len(schedule.published_sessions(row)) == 3
    with db.read() as s:
        problems = schedule.checks(s, date(2026, 10, 1), date(2026, 12, 31), date(2026, 12, 30))
        assert _sessions_only(problems) == []


def test_conflicts_day_off_and_empty_desk(db: Database, leader: Actor, admin: Actor) -> None:
    head, deputy = _people(db, leader)
    with db.write() as s:
        officer = schedule.add_staff(s, leader, "Võ Thị Thu Hà", "Chuyên viên", is_leader=False)
        schedule.create_session(s, leader, date(2026, 10, 15), head, place="Trụ sở Sở")
        schedule.create_session(
            s,
            leader,
            date(2026, 10, 15),
            head,
            start_time="09:00",
            end_time="10:00",
            place="Ban Tiếp công dân tỉnh",
        )
        schedule.create_session(s, leader, date(2026, 10, 22), deputy)
        schedule.fill_desk(
            s,
            leader,
            Rule("weekdays", weekdays=(0, 1, 2, 3)),
            date(2026, 10, 12),
            date(2026, 10, 23),
            "morning",
            [officer.id],
        )
        calendar_service.add_override(
            s, admin, date(2026, 10, 22), OverrideKind.DAY_OFF, "Nghỉ bù theo quyết định của tỉnh"
        )
    with db.read() as s:
        problems = schedule.checks(s, date(2026, 10, 1), date(2026, 10, 31), today=date(2026, 9, 1))
    kinds = [(p.kind, p.day.day) for p in problems]
    assert ("conflict", 15) in kinds
    conflict = next(p for p in problems if p.kind == "conflict" and p.day.day == 15)
    assert HEAD in conflict.message and "Trụ sở Sở và Ban Tiếp công dân tỉnh" in conflict.message
    day_off = next(p for p in problems if p.kind == "day_off")
    assert day_off.day == date(2026, 10, 22) and "Nghỉ bù" in day_off.message
    # Every working day of the month is checked, not only those between the first and the
    # last roster day: 01–09/10 and the Fridays 16/10 and 23/10 onwards have nobody at the desk.
    empty = [p for p in problems if p.kind == "desk_empty"]
    assert [(p.day.day, p.last and p.last.day) for p in empty] == [(1, 9), (16, None), (23, 30)]
    assert empty[0].message == (
        "Từ ngày 01/10/2026 đến ngày 09/10/2026: 7 ngày làm việc chưa có cán bộ trực tiếp công dân."
    )
    assert empty[1].message == "Ngày 16/10/2026 chưa có cán bộ trực tiếp công dân."
    # 22/10 became a day off after the roster was filled: its desk shift is flagged too.
    desk_off = [p for p in problems if p.kind == "desk_day_off"]
    assert [p.day for p in desk_off] == [date(2026, 10, 22)]
    assert "Nghỉ bù theo quyết định của tỉnh" in desk_off[0].message
    assert "sáng: Võ Thị Thu Hà" in desk_off[0].message
    with db.read() as s:
        roster = schedule.desk_between(s, date(2026, 10, 12), date(2026, 10, 23))
    assert len(roster) == 8  # Mon–Thu mornings (22/10 was planned before the override)


def test_deputy_presiding_at_the_desk_is_a_conflict(db: Database, leader: Actor) -> None:
    _, deputy = _people(db, leader)
    with db.write() as s:
        schedule.create_session(s, leader, date(2026, 10, 20), deputy)
        schedule.set_desk(s, leader, date(2026, 10, 20), "morning", [deputy])
    with db.read() as s:
        problems = schedule.checks(s, date(2026, 10, 20), date(2026, 10, 20), date(2026, 9, 1))
    assert [p.kind for p in problems if p.kind == "conflict"] == ["conflict"]
    assert "vừa chủ trì buổi tiếp vừa trực" in problems[-1].message


def test_deputising_postponing_and_todays_presiding_leader(
    db: Database, leader: Actor, officer: Actor
) -> None:
    head, deputy = _people(db, leader)
    with db.write() as s:
        first = schedule.create_session(s, leader, date(2026, 10, 15), head)
        version = first.version
    with db.read() as s:
        assert schedule.presiding_leader_on(s, date(2026, 10, 15)) == (leader.id, HEAD)
        assert schedule.presiding_leader_on(s, date(2026, 10, 16)) is None
    with db.write() as s, pytest.raises(ValidationError) as err:
        schedule.deputise(s, leader, first.id, head, "")
    assert err.value.errors == {
        "deputy": "Người được ủy quyền phải khác người chủ trì.",
        "reason": "Hãy ghi lý do ủy quyền.",
    }
    with db.write() as s, pytest.raises(PermissionDenied):
        schedule.deputise(s, officer, first.id, deputy, "Đi công tác")
    with db.write() as s:
        done = schedule.deputise(s, leader, first.id, deputy, "Đi công tác", version)
        assert (done.status, done.acting.full_name) == ("deputised", DEPUTY)
    with db.write() as s, pytest.raises(ConflictError):
        schedule.move(s, leader, first.id, date(2026, 10, 16), "x", version)  # stale version
    with db.read() as s:
        assert schedule.presiding_leader_on(s, date(2026, 10, 15)) == (None, DEPUTY)
    with db.write() as s, pytest.raises(ValidationError) as err:
        schedule.postpone(s, leader, first.id, date(2026, 10, 17), "")
    assert set(err.value.errors) == {"reason", "new_day"}
    assert err.value.errors["new_day"] == "Ngày 17/10/2026 không phải ngày làm việc (cuối tuần)."
    with db.write() as s:
        moved = schedule.postpone(s, leader, first.id, date(2026, 10, 19), "Trùng họp HĐND tỉnh")
        assert (moved.status, moved.original_day) == ("postponed", date(2026, 10, 15))
        assert moved.move_note == "Hoãn từ ngày 15/10/2026: Trùng họp HĐND tỉnh"
        back = schedule.cancel_deputy(s, leader, first.id)
        assert back.status == "postponed" and back.deputy_id is None
    with db.read() as s:
        assert schedule.presiding_leader_on(s, date(2026, 10, 15)) is None
        assert schedule.presiding_leader_on(s, date(2026, 10, 19)) == (leader.id, HEAD)
    assert _actions(db)[-3:] == [
        "schedule.deputise",
        "schedule.postpone",
        "schedule.deputise_cancel",
    ]
    assert "ủy quyền cho Lê Văn Đức (Đi công tác)" in _last_summary(db, "schedule.deputise")


def test_published_versions_list_their_differences(db: Database, leader: Actor) -> None:
    head, deputy = _people(db, leader)
    with db.write() as s:
        sess = schedule.generate(
            s, leader, Rule("day_of_month", day=15), date(2026, 12, 1), date(2026, 12, 31), head
        )[0]
        other = schedule.create_session(s, leader, date(2026, 12, 22), deputy)
        v1 = schedule.publish(s, leader, "2026-12", date(2026, 12, 1))
        assert v1.changes == "" and schedule.pending_changes(s, "2026-12") == []
    with db.write() as s, pytest.raises(ValidationError) as err:
        schedule.publish(s, leader, "2026-12", date(2026, 12, 2))
    assert err.value.errors["period"] == "Lịch không thay đổi so với bản đã niêm yết."
    with db.write() as s, pytest.raises(ValidationError) as err:
        schedule.move(s, leader, sess.id, date(2026, 12, 19), "Trùng họp")  # a Saturday
    assert "không phải ngày làm việc" in err.value.errors["new_day"]
    with db.write() as s:
        schedule.postpone(s, leader, sess.id, date(2026, 12, 16), "Trùng lịch họp UBND tỉnh")
        schedule.delete_session(s, leader, other.id)
        schedule.create_session(
            s, leader, date(2026, 12, 29), deputy, start_time="13:30", end_time="16:30"
        )
        assert len(schedule.pending_changes(s, "2026-12") or []) == 3
        v2 = schedule.publish(s, leader, "2026-12", date(2026, 12, 3))
    assert (v1.version, v2.version) == (1, 2)
    assert v2.changes.splitlines() == [
        f"Bỏ: 22/12/2026 07:30–11:00 – {DEPUTY}, {schedule.DEFAULT_PLACE}",
        "Đổi: buổi 15/12/2026: hoãn từ 15/12/2026 sang 16/12/2026",
        f"Thêm: 29/12/2026 13:30–16:30 – {DEPUTY}, {schedule.DEFAULT_PLACE}",
    ]
    with db.read() as s:
        rows = schedule.publications(s, "2026-12")
        assert [r.version for r in rows] == [1, 2]
        # The frozen first version still shows the plan as it was posted.
        assert [x["day"] for x in schedule.published_sessions(rows[0])] == [
            "2026-12-15",
            "2026-12-22",
        ]
    with db.write() as s, pytest.raises(ValidationError):
        schedule.publish(s, leader, "2026-13", date(2026, 12, 3))
    assert "Niêm yết lịch tháng 12/2026, bản 2" in _last_summary(db, "schedule.publish")


def test_officers_read_but_do_not_plan(db: Database, leader: Actor, officer: Actor) -> None:
    head, _ = _people(db, leader)
    with db.write() as s:
        sess = schedule.create_session(s, leader, date(2026, 10, 15), head)
    for call in (
        lambda s: schedule.generate(s, officer, Rule("day_of_month"), *_year(), head),
        lambda s: schedule.create_session(s, officer, date(2026, 10, 16), head),
        lambda s: schedule.move(s, officer, sess.id, date(2026, 10, 16), "x"),
        lambda s: schedule.publish(s, officer, "2026-10", date(2026, 10, 1)),
        lambda s: schedule.set_desk(s, officer, date(2026, 10, 16), "morning", []),
        lambda s: schedule.delete_session(s, officer, sess.id),
    ):
        with db.write() as s, pytest.raises(PermissionDenied):
            call(s)
    with db.read() as s:
        assert [x.id for x in schedule.sessions_between(s, *_year())] == [sess.id]
        assert schedule.count_sessions(s, *_year()) == 1


def test_report_counts_reception_days_not_sessions(db: Database, leader: Actor) -> None:
    head, deputy = _people(db, leader)
    with db.write() as s:
        schedule.create_session(s, leader, date(2026, 10, 15), head)
        schedule.create_session(
            s, leader, date(2026, 10, 15), deputy, start_time="13:30", end_time="17:00"
        )
        schedule.create_session(s, leader, date(2026, 10, 22), head)
    with db.read() as s:
        assert len(schedule.sessions_between(s, *_year())) == 3
        assert schedule.count_sessions(s, *_year()) == 2  # 15/10 and 22/10
