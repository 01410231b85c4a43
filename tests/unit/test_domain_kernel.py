"""The pure domain kernel: text folding, CCCD, the work calendar and the deadline engine."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camau_reception.domain.calendar import CalendarOverride, OverrideKind, WorkCalendar
from camau_reception.domain.citizen_id import (
    IdentityPaperKind,
    InvalidCitizenId,
    parse_cccd,
    parse_identity_paper,
)
from camau_reception.domain.deadlines import (
    DeadlineRule,
    DeadlineStatus,
    RuleBook,
    RuleDataError,
    UnknownRule,
    compute_deadline,
    days_left,
    deadline_status,
    default_rulebook,
    latest_publication_date,
    parse_rules_toml,
)
from camau_reception.domain.text import fold, fold_tokens, normalize, normalize_multiline

CAL = WorkCalendar()

# -- text ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        "nguyen van duc",
        "NGUYỄN VĂN ĐỨC",
        "Nguyen Van Đuc",
        "  Nguyễn   Văn\tĐức ",
        unicodedata.normalize("NFD", "Nguyễn Văn Đức"),
    ],
)
def test_fold_makes_every_spelling_equal(variant: str) -> None:
    assert fold(variant) == "nguyen van duc"


def test_normalize() -> None:
    nfd = unicodedata.normalize("NFD", "Hồng")
    assert normalize(f"  Bà\t{nfd}\n\x07 Nhung ") == "Bà Hồng Nhung"
    assert normalize(None) == ""
    assert normalize_multiline(" dòng 1 \r\n  dòng   2 ") == "dòng 1\ndòng 2"
    assert fold_tokens("Khiếu nại: đất đai, 2026!") == ["khieu", "nai", "dat", "dai", "2026"]


# -- CCCD ------------------------------------------------------------------------------------


def test_parse_cccd_reads_province_sex_and_birth_year() -> None:
    info = parse_cccd("096 085 012345")
    assert (info.province_code, info.province_name, info.sex, info.birth_year) == (
        "096",
        "Cà Mau",
        "nam",
        1985,
    )
    assert parse_cccd("095301000123").sex == "nữ"
    assert parse_cccd("095301000123").birth_year == 2001
    assert parse_cccd("001099123456").province_name == "Hà Nội"


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        ("", "Hãy nhập"),
        ("09608501234", "12 chữ số"),
        ("0960850123456", "12 chữ số"),
        ("09608501234A", "chỉ gồm chữ số"),
        ("000085012345", "Mã tỉnh"),
        ("096785012345", "thế kỷ"),
        ("096299012345", "tương lai"),
    ],
)
def test_parse_cccd_rejects_with_a_reason(number: str, fragment: str) -> None:
    with pytest.raises(InvalidCitizenId) as err:
        parse_cccd(number, today=date(2026, 11, 28))
    assert fragment in err.value.message


def test_other_identity_papers() -> None:
    assert parse_identity_paper(IdentityPaperKind.CMND, "381 234 567") == "381234567"
    assert parse_identity_paper("passport", "c1234567") == "C1234567"
    with pytest.raises(InvalidCitizenId):
        parse_identity_paper(IdentityPaperKind.CMND, "12345")
    with pytest.raises(InvalidCitizenId):
        parse_identity_paper(IdentityPaperKind.PASSPORT, "ABC")


# -- calendar --------------------------------------------------------------------------------


def test_tet_2026_is_five_days_off() -> None:
    for day in range(16, 21):
        assert not CAL.is_working_day(date(2026, 2, day))
    assert "Tết" in (CAL.day_off_name(date(2026, 2, 17)) or "")
    assert CAL.is_working_day(date(2026, 2, 13))
    assert CAL.next_working_day(date(2026, 2, 14)) == date(2026, 2, 23)
    assert CAL.previous_working_day(date(2026, 2, 20)) == date(2026, 2, 13)


def test_add_working_days_across_tet() -> None:
    # The day after the start is day 1; Tết (16–20/02) and weekends are skipped.
    assert CAL.add_working_days(date(2026, 2, 13), 7) == date(2026, 3, 3)
    assert CAL.add_working_days(date(2026, 2, 13), 0) == date(2026, 2, 13)
    assert CAL.add_working_days(date(2026, 2, 14), 0) == date(2026, 2, 23)


def test_make_up_saturday_and_extra_day_off() -> None:
    cal = WorkCalendar(
        [
            CalendarOverride(date(2026, 8, 22), OverrideKind.WORKING_DAY, "Làm bù"),
            CalendarOverride(date(2026, 3, 9), OverrideKind.DAY_OFF, "Nghỉ theo thông báo"),
        ]
    )
    assert cal.is_working_day(date(2026, 8, 22))  # a Saturday worked
    assert not cal.is_working_day(date(2026, 3, 9))
    assert cal.day_off_name(date(2026, 3, 9)) == "Nghỉ theo thông báo"
    # Friday 21/08 + 1 working day is the make-up Saturday.
    assert cal.add_working_days(date(2026, 8, 21), 1) == date(2026, 8, 22)
    assert [d.day for d in cal.holidays_between(date(2026, 3, 1), date(2026, 3, 31))] == [
        date(2026, 3, 9)
    ]


def test_subtract_and_count_working_days() -> None:
    assert CAL.subtract_working_days(date(2026, 2, 26), 5) == date(2026, 2, 12)
    assert CAL.working_days_between(date(2026, 2, 12), date(2026, 2, 26)) == 5
    assert CAL.working_days_between(date(2026, 2, 26), date(2026, 2, 12)) == -5


@given(st.dates(date(2025, 1, 1), date(2027, 12, 31)), st.integers(1, 60))
def test_add_working_days_properties(start: date, n: int) -> None:
    due = CAL.add_working_days(start, n)
    assert CAL.is_working_day(due)
    assert CAL.working_days_between(start, due) == n


# -- deadlines -------------------------------------------------------------------------------

REQUIRED_IDS = [
    "petition.classify",
    "reception.notify_outcome",
    "reception.refusal_notice",
    "complaint.accept",
    "complaint.resolve",
    "complaint.resolve_complex",
    "complaint.resolve_remote",
    "complaint.resolve_remote_complex",
    "complaint2.resolve",
    "complaint2.resolve_complex",
    "denunciation.classify",
    "denunciation.classify_extended",
    "denunciation.transfer",
    "denunciation.resolve",
    "denunciation.extend",
    "schedule.publish",
]


@pytest.mark.parametrize("rule_id", REQUIRED_IDS)
def test_every_rule_resolves(rule_id: str) -> None:
    d = compute_deadline(rule_id, date(2026, 9, 15), CAL)
    assert d.rule.id == rule_id
    assert d.explanation and d.rule.source in d.explanation


def test_complaint_accept_versions_around_1_july_2026() -> None:
    old = compute_deadline("complaint.accept", date(2026, 6, 30), CAL)
    new = compute_deadline("complaint.accept", date(2026, 7, 1), CAL)
    assert (old.rule.days, old.rule.unit) == (10, "calendar_days")
    assert (new.rule.days, new.rule.unit) == (7, "working_days")
    assert old.due == date(2026, 7, 10)
    assert new.due == date(2026, 7, 10)  # 02,03,06,07,08,09,10/07


def test_deadline_across_tet_explains_the_skipped_days() -> None:
    d = compute_deadline("denunciation.classify", date(2026, 2, 13), CAL)
    assert d.due == date(2026, 3, 3)
    assert d.explanation == (
        "Tiếp nhận, phân loại, xử lý ban đầu thông tin tố cáo: 7 ngày làm việc kể từ 13/02/2026 "
        "(Luật Tố cáo 2018, Điều 24), bỏ qua Tết Nguyên Đán 16/02–20/02 → hạn 03/03/2026"
    )


def test_calendar_days_ending_on_sunday_roll_to_monday() -> None:
    d = compute_deadline("complaint.resolve", date(2026, 1, 30), CAL)
    assert date(2026, 1, 30) + timedelta(days=30) == date(2026, 3, 1)  # a Sunday
    assert d.due == date(2026, 3, 2)
    assert "Chủ nhật" in d.explanation and "chuyển sang ngày làm việc tiếp theo" in d.explanation


def test_deadline_across_an_administrator_override() -> None:
    cal = WorkCalendar([CalendarOverride(date(2026, 3, 4), OverrideKind.DAY_OFF, "Nghỉ đột xuất")])
    plain = compute_deadline("denunciation.transfer", date(2026, 3, 2), CAL)
    moved = compute_deadline("denunciation.transfer", date(2026, 3, 2), cal)
    assert moved.due == plain.due + timedelta(days=1)
    assert "Nghỉ đột xuất" in moved.explanation


def test_publication_date_counts_backwards() -> None:
    d = latest_publication_date(date(2026, 2, 26), CAL)
    assert d.due == date(2026, 2, 12)
    assert "niêm yết chậm nhất ngày 12/02/2026" in d.explanation
    assert compute_deadline("schedule.publish", date(2026, 2, 26), CAL).due == d.due


def test_new_rule_version_from_the_administrator() -> None:
    book = default_rulebook().with_rules(
        [
            DeadlineRule(
                "petition.classify",
                "Phân loại đơn",
                5,
                "working_days",
                "Thông tư mới",
                date(2027, 1, 1),
            )
        ]
    )
    assert book.rule_in_force("petition.classify", date(2026, 12, 31)).days == 10
    assert book.rule_in_force("petition.classify", date(2027, 1, 1)).days == 5
    with pytest.raises(UnknownRule):
        book.rule_in_force("no.such.rule", date(2026, 1, 1))


def test_rules_data_is_checked() -> None:
    with pytest.raises(RuleDataError, match="thiếu trường"):
        parse_rules_toml('[[rule]]\nid = "x"\n')
    with pytest.raises(RuleDataError, match="đơn vị"):
        parse_rules_toml(
            '[[rule]]\nid="x"\nlabel="x"\ndays=3\nunit="weeks"\nsource="s"\n'
            "effective_from=2026-01-01\n"
        )
    with pytest.raises(RuleDataError, match="chồng lấn"):
        RuleBook(
            [
                DeadlineRule("x", "x", 3, "working_days", "s", date(2026, 1, 1)),
                DeadlineRule("x", "x", 4, "working_days", "s", date(2026, 6, 1)),
            ]
        )


def test_status_colours_and_days_left() -> None:
    start, due = date(2026, 3, 1), date(2026, 3, 31)
    assert deadline_status(start, due, date(2026, 3, 10)) == DeadlineStatus.GREEN
    assert deadline_status(start, due, date(2026, 3, 25)) == DeadlineStatus.AMBER
    assert deadline_status(start, due, due) == DeadlineStatus.AMBER
    assert deadline_status(start, due, date(2026, 4, 1)) == DeadlineStatus.RED
    assert days_left(date(2026, 3, 3), date(2026, 3, 3), CAL) == 0
    assert days_left(date(2026, 3, 3), date(2026, 3, 5), CAL) == -2
