"""A returning citizen's new details reach the index rows of their earlier visits.

Recording a visit refreshes the citizen row (phone, address, a corrected name); the search index
must then read as ``reception_search.rebuild`` would write it, for every visit of that citizen,
while a visit of an unchanged citizen rewrites only its own row.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from sqlalchemy import select

from camau_reception.models.audit import AuditEvent
from camau_reception.services import citizens
from camau_reception.services import reception as svc
from camau_reception.services import reception_search as rs
from camau_reception.services.reception_search import RegisterFilter
from tests.unit.test_corruption_support import (  # noqa: F401 (fast_kdf: an autouse fixture)
    counter_visit,
    fast_kdf,
    set_up,
)
from tests.unit.test_reception_support import DUC, LAN, NOW, person, visit


def _record(db, actor, data) -> int:
    with db.write() as s:
        return svc.record(s, actor, data, now=NOW).id


def _known(db, number: str) -> citizens.CitizenInput:
    with db.read() as s:
        return citizens.CitizenInput.from_citizen(citizens.find_by_id_number(s, number))


def _ids(db, text: str) -> list[int]:
    with db.read() as s:
        return [r.id for r in rs.page(s, RegisterFilter(text=text))]


def _index_matches_rebuild(db) -> None:
    with db.read() as s:
        live = rs.index_contents(s)
    with db.write() as s:
        rs.rebuild(s)
    with db.read() as s:
        assert rs.index_contents(s) == live


def _record_event(db, reception_id: int) -> str:
    with db.read() as s:
        return s.execute(
            select(AuditEvent.summary).where(
                AuditEvent.action == "reception.record",
                AuditEvent.entity_id == str(reception_id),
            )
        ).scalar_one()


@pytest.fixture
def two_visits(db, officer) -> list[int]:
    """Mr Đức came twice with his old phone and address; Ms Lan once."""
    first = _record(db, officer, visit(received_at=datetime(2026, 3, 2, 9, 0)))
    _record(db, officer, visit(LAN, received_at=datetime(2026, 3, 3, 9, 0)))
    second = _record(db, officer, visit(received_at=datetime(2026, 3, 9, 9, 0)))
    return [first, second]


def test_new_phone_and_address_reach_the_earlier_visits(db, officer, two_visits):
    known = _known(db, DUC.id_number)
    known.phone = "0988 000 111"
    known.address_detail = "Ấp Tân Hưng"
    third = _record(db, officer, visit(known, received_at=datetime(2026, 3, 16, 9, 0)))

    _index_matches_rebuild(db)
    everyone = [third, *reversed(two_visits)]
    assert _ids(db, "0988000111") == everyone
    assert _ids(db, "ap tan hung") == everyone
    assert _ids(db, "0913456789") == []  # the old phone no longer names anybody
    summary = _record_event(db, third)
    assert "cập nhật điện thoại, địa chỉ của công dân" in summary
    assert "0988" not in summary and "Tân Hưng" not in summary  # no identity in the log


def test_corrected_name_is_found_on_every_visit(db, officer, two_visits):
    known = _known(db, DUC.id_number)
    known.full_name = "Nguyễn Văn Đắc"
    third = _record(db, officer, visit(known, received_at=datetime(2026, 3, 16, 9, 0)))

    _index_matches_rebuild(db)
    assert _ids(db, "nguyen van dac ") == [third, *reversed(two_visits)]
    assert _ids(db, "nguyen van duc ") == []
    assert "cập nhật họ tên của công dân" in _record_event(db, third)


def test_representative_details_reach_their_earlier_visits(db, officer):
    rep = person("Lý Thị Tám", "096180000002", phone="0977123123")
    group = _record(
        db,
        officer,
        visit(LAN, group_size=3, representatives=[rep], received_at=datetime(2026, 3, 2, 9, 0)),
    )
    again = _record(
        db,
        officer,
        visit(
            LAN,
            group_size=3,
            representatives=[replace(rep, phone="0977999888")],
            received_at=datetime(2026, 3, 16, 9, 0),
        ),
    )
    _index_matches_rebuild(db)
    assert _ids(db, "0977999888") == [again, group]
    assert "cập nhật điện thoại của người đại diện" in _record_event(db, again)


def test_unchanged_citizen_rewrites_only_the_new_row(db, officer, two_visits, monkeypatch):
    calls: list[int] = []
    original = rs.reindex_citizen

    def spy(session, citizen_id, skip=()):
        calls.append(citizen_id)
        return original(session, citizen_id, skip)

    monkeypatch.setattr(rs, "reindex_citizen", spy)
    third = _record(db, officer, visit(_known(db, DUC.id_number)))  # same details as on file
    fourth = _record(db, officer, visit(person("Đỗ Thị Đào", "096165000123")))  # a new person
    assert calls == []
    for rid in (third, fourth):
        assert "cập nhật" not in _record_event(db, rid)
    _index_matches_rebuild(db)


def test_corruption_visit_of_a_known_citizen_says_nothing_about_them(
    db, officer, inspector, two_visits
):
    set_up(db, inspector)
    known = _known(db, DUC.id_number)
    known.phone = "0988000111"
    rid = _record(db, officer, counter_visit(citizen=known))
    summary = _record_event(db, rid)
    assert "cập nhật" not in summary and "công dân" not in summary
    _index_matches_rebuild(db)
