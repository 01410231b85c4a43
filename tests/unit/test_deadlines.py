"""domain.deadlines: rules as data with effective dates (DOMAIN.md §4), counting, explanations,
the publication date of a reception schedule, and the traffic-light status."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camau_reception.domain.calendar import CalendarOverride, OverrideKind, WorkCalendar
from camau_reception.domain.deadlines import (
    CALENDAR_DAYS,
    WORKING_DAYS,
    DeadlineRule,
    DeadlineStatus,
    RuleBook,
    RuleDataError,
    UnknownRule,
    compute_deadline,
    days_left,
    deadline_status,
    default_rules_path,
    latest_publication_date,
    parse_rules_toml,
    status_label,
)

D = date
CAL = WorkCalendar()
SHIPPED = Path(__file__).resolve().parents[2] / "resources" / "rules" / "deadlines.toml"
BOOK = RuleBook.load(SHIPPED)

# (id, days, unit) in force on 15/09/2026, as required by DOMAIN.md §4 and §3.
REQUIRED = [
    ("petition.classify", 10, WORKING_DAYS),
    ("reception.notify_outcome", 10, WORKING_DAYS),
    ("reception.refusal_notice", 3, WORKING_DAYS),
    ("complaint.accept", 7, WORKING_DAYS),
    ("complaint.resolve", 30, CALENDAR_DAYS),
    ("complaint.resolve_complex", 45, CALENDAR_DAYS),
    ("complaint.resolve_remote", 45, CALENDAR_DAYS),
    ("complaint.resolve_remote_complex", 60, CALENDAR_DAYS),
    ("complaint2.resolve", 45, CALENDAR_DAYS),
    ("complaint2.resolve_complex", 60, CALENDAR_DAYS),
    ("complaint2.resolve_remote", 60, CALENDAR_DAYS),
    ("complaint2.resolve_remote_complex", 70, CALENDAR_DAYS),
    ("denunciation.classify", 7, WORKING_DAYS),
    ("denunciation.classify_extended", 10, WORKING_DAYS),
    ("denunciation.transfer", 5, WORKING_DAYS),
    ("denunciation.resolve", 30, CALENDAR_DAYS),
    ("denunciation.extend", 30, CALENDAR_DAYS),
    ("corruption.internal_report", 15, CALENDAR_DAYS),
    ("corruption.internal_report_complex", 30, CALENDAR_DAYS),
    ("transfer.feedback", 7, WORKING_DAYS),
    ("schedule.publish", 5, WORKING_DAYS),
]

MINIMAL = """
[[rule]]
id = "x.y"
label = "Thử"
days = 3
unit = "working_days"
source = "Văn bản thử"
effective_from = 2026-01-01
"""


START = D(2026, 1, 1)


def rule(rule_id: str = "x", days: int = 3, start: date = START, **kw) -> DeadlineRule:
    return DeadlineRule(rule_id, kw.pop("label", "Thử"), days, WORKING_DAYS, "s", start, **kw)


# -- the shipped table -----------------------------------------------------------------------


@pytest.mark.parametrize(("rule_id", "days", "unit"), REQUIRED)
def test_every_required_rule_resolves(rule_id: str, days: int, unit: str) -> None:
    r = BOOK.rule_in_force(rule_id, D(2026, 9, 15))
    assert (r.id, r.days, r.unit) == (rule_id, days, unit)
    assert r.label and r.source
    d = compute_deadline(rule_id, D(2026, 9, 15), CAL, BOOK)
    assert d.rule == r
    assert r.label in d.explanation and r.source in d.explanation
    assert CAL.is_working_day(d.due)


def test_every_shipped_rule_computes() -> None:
    for r in BOOK.in_force(D(2026, 9, 15)):
        d = compute_deadline(r.id, D(2026, 9, 15), CAL, BOOK)
        assert d.due != d.start
        assert d.explanation.endswith(f"{d.due:%d/%m/%Y}")


def test_shipped_file_parses_and_loads_by_default(monkeypatch) -> None:
    monkeypatch.delenv("CAMAU_RECEPTION_RESOURCES", raising=False)
    assert default_rules_path() == SHIPPED
    assert RuleBook.load() == BOOK
    rules = parse_rules_toml(SHIPPED.read_text(encoding="utf-8"))
    assert {r.id for r in rules} >= {rule_id for rule_id, _, _ in REQUIRED}
    assert BOOK.ids() == sorted({r.id for r in rules})
    only_before = [r.id for r in rules if r.direction == "before"]
    assert only_before == ["schedule.publish"]


def test_resources_directory_from_the_environment(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "deadlines.toml").write_text(MINIMAL, encoding="utf-8")
    monkeypatch.setenv("CAMAU_RECEPTION_RESOURCES", str(tmp_path))
    assert default_rules_path() == tmp_path / "rules" / "deadlines.toml"
    assert RuleBook.load().ids() == ["x.y"]


def test_complaint_accept_changes_on_1_july_2026() -> None:
    old = compute_deadline("complaint.accept", D(2026, 6, 30), CAL, BOOK)
    new = compute_deadline("complaint.accept", D(2026, 7, 1), CAL, BOOK)
    assert (old.rule.days, old.rule.unit, old.rule.effective_to) == (
        10,
        CALENDAR_DAYS,
        D(2026, 6, 30),
    )
    assert "Luật Khiếu nại 2011, Điều 27" in old.explanation
    assert (new.rule.days, new.rule.unit, new.rule.effective_to) == (7, WORKING_DAYS, None)
    assert "Nghị định 155/2026/NĐ-CP, Điều 10" in new.explanation
    assert old.due == D(2026, 7, 10)  # 30/06 + 10 days, a Friday
    assert new.due == D(2026, 7, 10)  # 02, 03, 06, 07, 08, 09, 10/07
    # A complaint received on a Friday: the calendar-day rule counts the weekend.
    assert compute_deadline("complaint.accept", D(2026, 6, 26), CAL, BOOK).due == D(2026, 7, 6)
    assert compute_deadline("complaint.accept", D(2026, 7, 3), CAL, BOOK).due == D(2026, 7, 14)
    versions = BOOK.versions("complaint.accept")
    assert [v.effective_from for v in versions] == [D(2012, 7, 1), D(2026, 7, 1)]


def test_a_rule_before_it_existed_is_unknown() -> None:
    with pytest.raises(UnknownRule) as err:
        compute_deadline("denunciation.classify", D(2018, 12, 31), CAL, BOOK)
    assert err.value.message == (
        "Không có quy tắc thời hạn 'denunciation.classify' có hiệu lực vào ngày 31/12/2018."
    )
    assert str(err.value) == err.value.message
    assert isinstance(err.value, KeyError)


# -- working days ----------------------------------------------------------------------------


def test_working_days_across_tet_explain_the_skipped_days() -> None:
    d = compute_deadline("denunciation.classify", D(2026, 2, 13), CAL, BOOK)
    assert d.due == D(2026, 3, 3)
    assert [n.day for n in d.skipped] == [D(2026, 2, day) for day in range(16, 21)]
    assert d.explanation == (
        "Tiếp nhận, phân loại, xử lý ban đầu thông tin tố cáo: 7 ngày làm việc kể từ "
        "13/02/2026 (Luật Tố cáo 2018, Điều 24), bỏ qua Tết Nguyên Đán 16/02–20/02 "
        "→ hạn 03/03/2026"
    )


def test_working_days_without_a_holiday_have_a_short_explanation() -> None:
    d = compute_deadline("denunciation.transfer", D(2026, 3, 2), CAL, BOOK)
    assert d.due == D(2026, 3, 9)
    assert d.skipped == []
    assert d.explanation == (
        "Chuyển tố cáo không thuộc thẩm quyền: 5 ngày làm việc kể từ 02/03/2026 "
        "(Luật Tố cáo 2018, Điều 24) → hạn 09/03/2026"
    )


def test_received_on_a_saturday_counts_from_monday() -> None:
    assert compute_deadline("denunciation.transfer", D(2026, 3, 7), CAL, BOOK).due == D(2026, 3, 13)


def test_a_deadline_crossing_an_administrator_day_off() -> None:
    cal = WorkCalendar([CalendarOverride(D(2026, 3, 4), OverrideKind.DAY_OFF, "Nghỉ đột xuất")])
    d = compute_deadline("denunciation.transfer", D(2026, 3, 2), cal, BOOK)
    assert d.due == D(2026, 3, 10)  # 03, 05, 06, 09, 10/03
    assert d.skipped[0].kind == "override_off"
    assert d.explanation.endswith("bỏ qua Nghỉ đột xuất 04/03 → hạn 10/03/2026")


def test_a_make_up_saturday_and_the_bridge_day_of_2026() -> None:
    saturday = CalendarOverride(D(2026, 8, 22), OverrideKind.WORKING_DAY, "Làm bù")
    assert compute_deadline("denunciation.transfer", D(2026, 8, 20), CAL, BOOK).due == D(
        2026, 8, 27
    )
    made_up = compute_deadline("denunciation.transfer", D(2026, 8, 20), WorkCalendar([saturday]))
    assert made_up.due == D(2026, 8, 26)  # 21, 22 (Saturday worked), 24, 25, 26/08
    d = compute_deadline("denunciation.transfer", D(2026, 8, 27), CAL, BOOK)
    assert d.due == D(2026, 9, 8)  # 28/08, then 03, 04, 07, 08/09
    assert (
        "bỏ qua Ngày nghỉ (thay cho ngày 22/08/2026) 31/08, Quốc khánh 01/09–02/09" in d.explanation
    )


# -- calendar days ---------------------------------------------------------------------------


def test_calendar_days_ending_on_a_sunday_roll_to_monday() -> None:
    assert D(2026, 1, 30) + timedelta(days=30) == D(2026, 3, 1)  # a Sunday
    d = compute_deadline("complaint.resolve", D(2026, 1, 30), CAL, BOOK)
    assert d.due == D(2026, 3, 2)
    assert d.explanation == (
        "Giải quyết khiếu nại lần đầu: 30 ngày kể từ 30/01/2026 (Luật Khiếu nại 2011, Điều 28), "
        "ngày cuối 01/03/2026 rơi vào ngày nghỉ (Chủ nhật), chuyển sang ngày làm việc tiếp "
        "theo → hạn 02/03/2026"
    )


def test_calendar_days_ending_on_a_saturday() -> None:
    d = compute_deadline("complaint.resolve", D(2026, 1, 29), CAL, BOOK)
    assert d.due == D(2026, 3, 2)
    assert "rơi vào ngày nghỉ (Thứ Bảy)" in d.explanation


def test_calendar_days_ending_in_tet_roll_past_it() -> None:
    d = compute_deadline("complaint.resolve", D(2026, 1, 18), CAL, BOOK)
    assert D(2026, 1, 18) + timedelta(days=30) == D(2026, 2, 17)
    assert d.due == D(2026, 2, 23)
    assert "ngày cuối 17/02/2026 rơi vào ngày nghỉ (Tết Nguyên Đán)" in d.explanation
    assert [n.day for n in d.skipped] == [D(2026, 2, day) for day in range(17, 21)]


def test_calendar_days_ending_on_a_working_day_do_not_move() -> None:
    d = compute_deadline("complaint.resolve", D(2026, 3, 2), CAL, BOOK)
    assert d.due == D(2026, 4, 1)
    assert d.skipped == []
    assert d.explanation.endswith("(Luật Khiếu nại 2011, Điều 28) → hạn 01/04/2026")


def test_calendar_days_do_not_skip_holidays_in_between() -> None:
    # 30 calendar days from 10/02/2026 cross Tết but end on Thursday 12/03/2026.
    assert compute_deadline("complaint.resolve", D(2026, 2, 10), CAL, BOOK).due == D(2026, 3, 12)


def test_calendar_days_ending_on_an_administrator_working_saturday() -> None:
    cal = WorkCalendar([CalendarOverride(D(2026, 2, 28), OverrideKind.WORKING_DAY, "Làm bù")])
    assert compute_deadline("complaint.resolve", D(2026, 1, 29), cal, BOOK).due == D(2026, 2, 28)


# -- publication of the reception schedule ---------------------------------------------------


def test_publication_date_counts_working_days_backwards() -> None:
    d = latest_publication_date(D(2026, 2, 26), CAL, BOOK)
    assert (d.start, d.due) == (D(2026, 2, 26), D(2026, 2, 12))
    assert CAL.add_working_days(d.due, 5) == d.start
    assert d.explanation == (
        "Niêm yết lịch tiếp công dân trước ngày tiếp: niêm yết chậm nhất 5 ngày làm việc trước "
        "ngày tiếp 26/02/2026 (Luật Tiếp công dân 2013, Điều 24), bỏ qua Tết Nguyên Đán "
        "16/02–20/02 → niêm yết chậm nhất ngày 12/02/2026"
    )
    assert compute_deadline("schedule.publish", D(2026, 2, 26), CAL, BOOK) == d


@pytest.mark.parametrize(
    ("session", "latest"),
    [
        (D(2026, 3, 9), D(2026, 3, 2)),  # Monday: posted by the Monday before
        (D(2026, 3, 13), D(2026, 3, 6)),  # Friday: posted by the Friday before
        (D(2026, 3, 11), D(2026, 3, 4)),
        (D(2026, 4, 29), D(2026, 4, 21)),  # 27/04 (Giỗ Tổ, nghỉ bù) skipped
    ],
)
def test_publication_dates(session: date, latest: date) -> None:
    d = latest_publication_date(session, CAL, BOOK)
    assert d.due == latest
    # Five working days from the posting day to the day before the session, both included.
    assert CAL.working_days_between(latest - timedelta(days=1), session - timedelta(days=1)) == 5


# -- rule books ------------------------------------------------------------------------------


def test_in_force_lists_one_version_per_rule() -> None:
    on = D(2026, 9, 15)
    rules = BOOK.in_force(on)
    assert [r.id for r in rules] == BOOK.ids()
    assert all(r.in_force(on) for r in rules)
    # Before the Denunciation Law 2018, its rules are not in force.
    assert "denunciation.classify" not in {r.id for r in BOOK.in_force(D(2018, 6, 1))}


def test_versions_of_an_unknown_rule() -> None:
    with pytest.raises(UnknownRule, match=r"Không có quy tắc thời hạn 'no\.such'"):
        BOOK.versions("no.such")
    with pytest.raises(UnknownRule):
        BOOK.rule_in_force("no.such", D(2026, 1, 1))


def test_an_administrator_version_closes_the_open_one_the_day_before() -> None:
    shipped = BOOK.versions("petition.classify")
    new = DeadlineRule(
        "petition.classify", "Phân loại đơn", 5, WORKING_DAYS, "Thông tư mới", D(2027, 1, 1)
    )
    book = BOOK.with_rules([new])
    assert book.rule_in_force("petition.classify", D(2026, 12, 31)).days == 10
    assert book.rule_in_force("petition.classify", D(2026, 12, 31)).effective_to == D(2026, 12, 31)
    assert book.rule_in_force("petition.classify", D(2027, 1, 1)) == new
    # Nothing was mutated: the shipped book and its rule objects keep the open version.
    assert BOOK.versions("petition.classify") == shipped
    assert shipped[-1].effective_to is None
    assert BOOK.rule_in_force("petition.classify", D(2027, 1, 1)).days == 10
    # A deadline started before the change keeps the old rule.
    assert compute_deadline("petition.classify", D(2026, 12, 30), CAL, book).rule.days == 10
    assert compute_deadline("petition.classify", D(2027, 1, 4), CAL, book).rule.days == 5


def test_several_administrator_versions_in_any_order() -> None:
    v1 = rule(days=4, start=D(2027, 1, 1))
    v2 = rule(days=5, start=D(2028, 1, 1))
    book = RuleBook([rule()]).with_rules([v2, v1])
    assert [(r.days, r.effective_from, r.effective_to) for r in book.versions("x")] == [
        (3, D(2026, 1, 1), D(2026, 12, 31)),
        (4, D(2027, 1, 1), D(2027, 12, 31)),
        (5, D(2028, 1, 1), None),
    ]


def test_a_version_on_the_same_day_replaces_it() -> None:
    book = RuleBook([rule()]).with_rules([rule(days=9)])
    assert [r.days for r in book.versions("x")] == [9]


def test_a_new_rule_id_from_the_administrator() -> None:
    book = RuleBook([rule()]).with_rules([rule("y", days=2)])
    assert book.ids() == ["x", "y"]


def test_a_closed_version_is_not_reopened() -> None:
    closed = rule(effective_to=D(2026, 3, 31))
    book = RuleBook([closed]).with_rules([rule(days=6, start=D(2026, 6, 1))])
    assert book.versions("x")[0] == closed
    with pytest.raises(UnknownRule):
        book.rule_in_force("x", D(2026, 5, 1))  # a gap stays a gap


def test_overlapping_versions_are_refused() -> None:
    with pytest.raises(RuleDataError, match="chồng lấn"):
        RuleBook([rule(), rule(days=4, start=D(2026, 6, 1))])
    with pytest.raises(RuleDataError, match="chồng lấn"):
        RuleBook([rule(effective_to=D(2026, 6, 1)), rule(days=4, start=D(2026, 6, 1))])
    RuleBook([rule(effective_to=D(2026, 5, 31)), rule(days=4, start=D(2026, 6, 1))])


def test_compute_with_a_rule_book_of_its_own() -> None:
    book = RuleBook([replace(rule("a.b", days=2), label="Việc thử", source="Điều 1")])
    d = compute_deadline("a.b", D(2026, 3, 6), CAL, book)
    assert d.due == D(2026, 3, 10)
    assert d.explanation == "Việc thử: 2 ngày làm việc kể từ 06/03/2026 (Điều 1) → hạn 10/03/2026"


# -- parse_rules_toml ------------------------------------------------------------------------


def test_parse_a_minimal_rule() -> None:
    assert parse_rules_toml(MINIMAL) == [
        DeadlineRule("x.y", "Thử", 3, WORKING_DAYS, "Văn bản thử", D(2026, 1, 1))
    ]


def test_parse_optional_fields_and_string_dates() -> None:
    text = MINIMAL.replace("effective_from = 2026-01-01", 'effective_from = "2026-01-01"')
    text += 'effective_to = "2026-12-31"\ndirection = "before"\nnote = "  ghi   chú "\n'
    (r,) = parse_rules_toml(text)
    assert (r.effective_to, r.direction, r.note) == (D(2026, 12, 31), "before", "ghi chú")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[[rule]\n", "cú pháp TOML"),
        ("", "không có quy tắc nào"),
        ("title = 'x'\n", "không có quy tắc nào"),
        ("[rule]\nid = 'x'\n", "[[rule]]"),
        ("rule = [1, 2]\n", "Quy tắc thứ 1: phải là một bảng"),
        ('[[rule]]\nid = "x"\n', "Quy tắc thứ 1 (x): thiếu trường 'label'"),
        (MINIMAL.replace('id = "x.y"\n', ""), "thiếu trường 'id'"),
        (MINIMAL + "efective_to = 2026-12-31\n", "trường không xác định 'efective_to'"),
        (MINIMAL.replace('"x.y"', '"Phân loại"'), "mã quy tắc"),
        (MINIMAL.replace('"x.y"', "12"), "'id' phải là một chuỗi"),
        (MINIMAL.replace('"Thử"', '"  "'), "label"),
        (MINIMAL.replace('"Văn bản thử"', '""'), "căn cứ pháp lý"),
        (MINIMAL.replace("days = 3", "days = 0"), "số ngày"),
        (MINIMAL.replace("days = 3", "days = -2"), "số ngày"),
        (MINIMAL.replace("days = 3", "days = true"), "số ngày"),
        (MINIMAL.replace("days = 3", 'days = "3"'), "số ngày"),
        (MINIMAL.replace("days = 3", "days = 2.5"), "số ngày"),
        (MINIMAL.replace("days = 3", "days = 100000"), "từ 1 đến 3650"),
        (MINIMAL.replace('"working_days"', '"weeks"'), "đơn vị"),
        (MINIMAL + 'direction = "sideways"\n', "direction"),
        (MINIMAL.replace("= 2026-01-01", '= "01/07/2026"'), "không phải ngày hợp lệ"),
        (MINIMAL.replace("= 2026-01-01", "= 2026-01-01T08:00:00"), "không ghi giờ"),
        (MINIMAL + "effective_to = 2025-12-31\n", "hết hiệu lực trước"),
        (MINIMAL + MINIMAL.replace("2026-01-01", "2026-06-01"), "chồng lấn"),
    ],
)
def test_parse_rules_toml_reports_bad_data_in_vietnamese(text: str, fragment: str) -> None:
    with pytest.raises(RuleDataError) as err:
        parse_rules_toml(text)
    assert fragment in err.value.message
    assert str(err.value) == err.value.message


def test_the_second_entry_is_named_in_the_error() -> None:
    with pytest.raises(RuleDataError, match=r"^Quy tắc thứ 2 \(b\): số ngày"):
        parse_rules_toml(MINIMAL + MINIMAL.replace('"x.y"', '"b"').replace("= 3", "= 0"))


# -- status ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (D(2026, 2, 20), DeadlineStatus.GREEN),  # before the start
        (D(2026, 3, 1), DeadlineStatus.GREEN),
        (D(2026, 3, 23), DeadlineStatus.GREEN),  # 8 of 30 days left: more than 25%
        (D(2026, 3, 24), DeadlineStatus.AMBER),  # 7 of 30: under 25%
        (D(2026, 3, 31), DeadlineStatus.AMBER),  # the due day itself
        (D(2026, 4, 1), DeadlineStatus.RED),
    ],
)
def test_status_of_a_30_day_deadline(today: date, status: DeadlineStatus) -> None:
    assert deadline_status(D(2026, 3, 1), D(2026, 3, 31), today) == status


def test_status_at_exactly_a_quarter_is_amber() -> None:
    start, due = D(2026, 3, 2), D(2026, 3, 6)  # 4 days allowed
    assert deadline_status(start, due, D(2026, 3, 4)) == DeadlineStatus.GREEN  # 2 of 4 left
    assert deadline_status(start, due, D(2026, 3, 5)) == DeadlineStatus.AMBER  # 1 of 4 left


def test_status_of_a_same_day_deadline() -> None:
    day = D(2026, 3, 2)
    assert deadline_status(day, day, day) == DeadlineStatus.AMBER
    assert deadline_status(day, day, day + timedelta(days=1)) == DeadlineStatus.RED


def test_status_labels() -> None:
    assert status_label(DeadlineStatus.GREEN) == "Còn hạn"
    assert status_label(DeadlineStatus.AMBER) == "Sắp đến hạn"
    assert status_label(DeadlineStatus.RED) == "Quá hạn"
    assert DeadlineStatus("red") is DeadlineStatus.RED


@pytest.mark.parametrize(
    ("due", "today", "left"),
    [
        (D(2026, 3, 3), D(2026, 3, 3), 0),
        (D(2026, 3, 3), D(2026, 3, 2), 1),
        (D(2026, 3, 3), D(2026, 2, 27), 2),  # Friday to Tuesday
        (D(2026, 3, 3), D(2026, 2, 28), 2),  # from a Saturday
        (D(2026, 3, 3), D(2026, 3, 5), -2),
        (D(2026, 2, 23), D(2026, 2, 13), 1),  # across Tết
        (D(2026, 2, 13), D(2026, 2, 23), -1),
    ],
)
def test_days_left_in_working_days(due: date, today: date, left: int) -> None:
    assert days_left(due, today, CAL) == left


# -- properties ------------------------------------------------------------------------------

starts = st.dates(D(2024, 1, 1), D(2027, 12, 31))
rule_ids = st.sampled_from([rule_id for rule_id, _, _ in REQUIRED if rule_id != "schedule.publish"])


@given(starts, rule_ids)
def test_every_deadline_lands_on_a_working_day_after_the_full_period(
    start: date, rule_id: str
) -> None:
    try:
        d = compute_deadline(rule_id, start, CAL, BOOK)
    except UnknownRule:
        assert start < D(2019, 7, 1)
        return
    assert CAL.is_working_day(d.due)
    if d.rule.unit == WORKING_DAYS:
        assert CAL.working_days_between(start, d.due) == d.rule.days
    else:
        last = start + timedelta(days=d.rule.days)
        assert d.due >= last
        assert CAL.working_days_between(last, d.due) <= 1
        assert all(
            not CAL.is_working_day(last + timedelta(days=i)) for i in range((d.due - last).days)
        )
    assert d.explanation.endswith(f"→ hạn {d.due:%d/%m/%Y}")
    assert deadline_status(start, d.due, start) == DeadlineStatus.GREEN


@given(starts)
def test_the_publication_date_leaves_five_working_days(session: date) -> None:
    d = latest_publication_date(session, CAL, BOOK)
    assert d.due < session and CAL.is_working_day(d.due)
    before = session - timedelta(days=1)
    assert CAL.working_days_between(d.due - timedelta(days=1), before) == 5
    assert CAL.working_days_between(d.due, before) == 4
