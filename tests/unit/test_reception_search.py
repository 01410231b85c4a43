"""The register's search and filters: accent-blind, newest first, paged by key, index in step."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

import pytest

from camau_reception.models.reception import Reception
from camau_reception.services import citizens
from camau_reception.services import reception as svc
from camau_reception.services import reception_search as rs
from camau_reception.services.reception_search import RegisterFilter
from tests.unit.test_reception_support import DUC, LAN, NOW, person, visit


@pytest.fixture
def register(db, officer, leader):
    """Six visits over a week; ids in the order they were written, not by date."""
    ids = {}
    with db.write() as s:
        ids["duc1"] = svc.record(
            s, officer, visit(received_at=datetime(2026, 3, 9, 8, 0)), now=NOW
        ).id
        ids["lan"] = svc.record(
            s,
            officer,
            visit(
                LAN,
                received_at=datetime(2026, 3, 12, 14, 0),
                summary="Phản ánh việc quảng cáo rượu bia trái phép tại lễ hội.",
                matter_kinds={"reflection"},
                outcome="guided",
                guided_to="UBND xã Đất Mũi",
            ),
            now=NOW,
        ).id
        ids["hung"] = svc.record(
            s,
            officer,
            visit(
                person("Phạm Văn Hùng", "096070009999", phone="0290 3831 777"),
                received_at=datetime(2026, 3, 13, 9, 0),
                kind="periodic",
                presiding_leader_id=leader.id,
                summary="Tố cáo cán bộ nhận tiền khi cấp phép biểu diễn nghệ thuật.",
                matter_kinds={"denunciation"},
                within_competence=True,
            ),
            now=NOW,
        ).id
        ids["old"] = svc.record(
            s,
            officer,
            visit(
                person("Đỗ Thị Đào", "096165000123"),
                received_at=datetime(2026, 3, 2, 9, 0),
                summary="Kiến nghị sửa chữa nhà văn hóa ấp.",
                matter_kinds={"recommendation"},
                within_competence=False,
            ),
            now=NOW,
        ).id
        known = citizens.CitizenInput.from_citizen(citizens.find_by_id_number(s, DUC.id_number))
        ids["duc2"] = svc.record(
            s,
            officer,
            visit(known, received_at=datetime(2026, 3, 16, 8, 0), same_matter_as_id=ids["duc1"]),
            now=NOW,
        ).id
        ids["nguyen_other"] = svc.record(
            s,
            officer,
            visit(
                person("Nguyễn Thị Thu", "096185000777"),
                received_at=datetime(2026, 3, 10, 10, 0),
                summary="Hỏi thủ tục cấp phép tổ chức biểu diễn.",
                matter_kinds={"recommendation"},
                outcome="explained",
            ),
            now=NOW,
        ).id
    return ids


def _ids(db, flt, **kw):
    with db.read() as s:
        return [r.id for r in rs.page(s, flt, **kw)]


@pytest.mark.parametrize(
    "query",
    [
        "nguyen van duc",
        "NGUYỄN VĂN ĐỨC",
        "Nguyen Van Đuc",
        "nguyễn văn đức",
        unicodedata.normalize("NFD", "Nguyễn Văn Đức"),
        "  Nguyễn   Văn  Đức ",
        "van duc",
        "nguyen van du",  # still typing
    ],
)
def test_name_search_ignores_accents_case_and_d(db, register, query):
    assert _ids(db, RegisterFilter(text=query)) == [register["duc2"], register["duc1"]]


def test_search_by_number_phone_address_and_content(db, register):
    assert _ids(db, RegisterFilter(text="096070009999")) == [register["hung"]]
    assert _ids(db, RegisterFilter(text="0960700")) == [register["hung"]]  # typing the number
    assert _ids(db, RegisterFilter(text="02903831777")) == [register["hung"]]
    assert _ids(db, RegisterFilter(text="dat mui")) == [register["lan"]]
    assert _ids(db, RegisterFilter(text="quảng cáo rượu")) == [register["lan"]]
    assert _ids(db, RegisterFilter(text="bieu dien")) == [
        register["hung"],
        register["nguyen_other"],
    ]
    assert _ids(db, RegisterFilter(text="khong co ai ten nay")) == []
    # FTS syntax in user text is just text.
    assert _ids(db, RegisterFilter(text='"NEAR( OR * -')) == []


@pytest.mark.parametrize(
    "query",
    [
        "0290 3831 777",
        "0290.3831.777",
        "0290-3831-777",
        "(0290) 3831 777",
        "0290 3831 7",  # still typing the last group
        "0290 3831 ",  # between two groups
        "096.070.009.999",
        "096 070 009 999",
        "096 070 009 999 ",
        " 096-070-009-999",
        "096 0700",
    ],
)
def test_number_typed_in_groups_is_found(db, register, query):
    assert _ids(db, RegisterFilter(text=query)) == [register["hung"]]
    with db.read() as s:
        assert rs.count(s, RegisterFilter(text=query)) == 1


def test_digits_beside_words_and_dates_in_content_still_match_as_words(db, officer):
    with db.write() as s:
        dated = svc.record(
            s,
            officer,
            visit(summary="Khiếu nại quyết định số 12 ngày 05-03-2026 về xử phạt karaoke."),
            now=NOW,
        ).id
    assert _ids(db, RegisterFilter(text="05-03-2026")) == [dated]
    assert _ids(db, RegisterFilter(text="so 12")) == [dated]
    assert _ids(db, RegisterFilter(text="quyet dinh 12 ")) == [dated]
    assert _ids(db, RegisterFilter(text="0913 456 789")) == [dated]  # DUC's phone


def test_filters_and_order(db, register, officer, leader):
    everything = _ids(db, RegisterFilter())
    assert everything == [
        register["duc2"],
        register["hung"],
        register["lan"],
        register["nguyen_other"],
        register["duc1"],
        register["old"],
    ]
    week = RegisterFilter(date_from=date(2026, 3, 9), date_to=date(2026, 3, 13))
    assert _ids(db, week) == [
        register["hung"],
        register["lan"],
        register["nguyen_other"],
        register["duc1"],
    ]
    assert _ids(db, RegisterFilter(kind="periodic")) == [register["hung"]]
    assert _ids(db, RegisterFilter(leader_id=leader.id)) == [register["hung"]]
    assert _ids(db, RegisterFilter(matter="denunciation")) == [register["hung"]]
    assert _ids(db, RegisterFilter(outcome="guided")) == [register["lan"]]
    assert _ids(db, RegisterFilter(within_competence=False)) == [register["old"]]
    assert _ids(db, RegisterFilter(officer_id=officer.id)) == everything
    # Search combined with a date range and a filter on the main table.
    flt = RegisterFilter(text="nguyen", date_from=date(2026, 3, 10), matter="complaint")
    assert _ids(db, flt) == [register["duc2"]]
    with db.read() as s:
        assert rs.count(s, RegisterFilter()) == 6
        assert rs.count(s, RegisterFilter(text="nguyen")) == 3
        assert rs.count(s, week) == 4


def test_paging_by_key_and_offset_agree(db, register):
    everything = _ids(db, RegisterFilter())
    with db.read() as s:
        first = rs.page(s, RegisterFilter(), limit=2)
        second = rs.page(s, RegisterFilter(), limit=2, after_key=first[-1].sort_key)
        jumped = rs.page(s, RegisterFilter(), limit=2, offset=2)
        tail = rs.page(s, RegisterFilter(), limit=2, descending=False)
    assert [r.id for r in first + second] == everything[:4]
    assert [r.id for r in jumped] == everything[2:4]
    assert [r.id for r in tail] == everything[::-1][:2]


def test_repeat_count_and_row_contents(db, register):
    with db.read() as s:
        rows = {r.id: r for r in rs.page(s, RegisterFilter())}
    duc2 = rows[register["duc2"]]
    assert duc2.repeat_count == 1
    assert duc2.citizen_name == "Nguyễn Văn Đức"
    assert "Phường An Xuyên" in duc2.address
    assert rows[register["hung"]].leader_name == "Nguyễn Văn Đức"


def test_index_follows_edits_and_rebuild_matches(db, register, officer):
    # Correct a name: every visit of that citizen must be found by the new name.
    with db.read() as s:
        r = s.get(Reception, register["duc2"])
        data, version = svc.to_input(r), r.version
    data.citizen.full_name = "Nguyễn Văn Đực"
    data.received_at = datetime(2026, 3, 1, 7, 30)  # the date moves: so does the index row
    with db.write() as s:
        svc.update(s, officer, register["duc2"], data, version, now=NOW)
    found = _ids(db, RegisterFilter(text="nguyen van duc"))
    assert found == [register["duc1"], register["duc2"]]  # new order: duc2 is now oldest
    assert _ids(db, RegisterFilter(date_to=date(2026, 3, 1))) == [register["duc2"]]
    with db.read() as s:
        live = rs.index_contents(s)
    with db.write() as s:
        assert rs.rebuild(s) == 6
    with db.read() as s:
        rebuilt = rs.index_contents(s)
        keys = {r.sort_key for r in s.query(Reception)}
    assert live == rebuilt
    assert set(live) == keys
    assert "nguyen van duc" in live[max(k for k in keys if k & ((1 << 36) - 1) == register["duc2"])]


def test_fts_query_building(db, register):
    assert rs.fts_query("Nguyễn Văn Đức") == '"nguyen" AND "van" AND "duc"*'
    assert rs.fts_query("Nguyễn Văn Đức ") == '"nguyen" AND "van" AND "duc"'
    assert rs.fts_query("  ") is None
    assert rs.fts_query('a" OR b ') == '"a" AND "or" AND "b"'
    assert rs.fts_query("0960") == '"0960"'  # too few digits to expand
    assert rs.fts_query("096075") == '"096075"*'
    # A number typed in groups: its joined digits, or (as before) every group as a word.
    assert rs.fts_query("096.075 001") == '"096075001"* OR ("096" AND "075" AND "001")'
    assert rs.fts_query("12-3 ") == '"123" OR ("12" AND "3")'
    assert rs.fts_query("ap 12 3") == '"ap" AND "12" AND "3"'  # words and digits: as before
    with db.read() as s:
        conn = s.connection()
        # An unfinished word becomes the whole words that start with it.
        expanded = rs.fts_query("nguyen van d", conn)
        assert expanded.startswith('"nguyen" AND "van" AND (')
        assert '"duc"' in expanded and '"dao"' in expanded and '"nguyen"' not in expanded[20:]
        assert rs.fts_query("quang ca", conn) == '"quang" AND ("ca" OR "can" OR "cao" OR "cap")'
        assert rs.fts_query("nguy", conn) == '"nguyen"'
        assert rs.fts_query("xyz", conn) == '"xyz"'


def test_sort_key_bounds_cover_whole_days():
    from camau_reception.models.reception import sort_key_bounds, sort_key_of

    lo, hi = sort_key_bounds(date(2026, 3, 9), date(2026, 3, 9))
    inside = [datetime(2026, 3, 9, 0, 0), datetime(2026, 3, 9, 23, 59)]
    for dt in inside:
        assert lo <= sort_key_of(dt, 123456) <= hi
    assert sort_key_of(datetime(2026, 3, 10), 1) > hi
    assert sort_key_of(datetime(2026, 3, 8, 23, 59), 10**9) < lo
    assert sort_key_of(datetime(2099, 12, 31, 23, 59), (1 << 36) - 1) < 1 << 62
