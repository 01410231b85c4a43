"""Citizen look-up for the counter and for other areas."""

from __future__ import annotations

from datetime import date

from camau_reception.services import citizens
from camau_reception.services import reception as svc
from camau_reception.services.errors import Collector
from tests.unit.test_reception_support import LAN, NOW, person, visit


def test_find_and_search(db, officer):
    with db.write() as s:
        svc.record(s, officer, visit(), now=NOW)
        svc.record(s, officer, visit(LAN), now=NOW)
        svc.record(s, officer, visit(person("Nguyễn Thị Đào", "096190000555")), now=NOW)
    with db.read() as s:
        assert citizens.find_by_id_number(s, "096188004321").full_name == "Trần Thị Lan"
        assert citizens.find_by_id_number(s, "") is None
        assert citizens.find_by_id_number(s, "000000000000") is None
        names = [c.full_name for c in citizens.search(s, "NGUYỄN", 10)]
        assert names == ["Nguyễn Thị Đào", "Nguyễn Văn Đức"]
        assert [c.full_name for c in citizens.search(s, "dao", 10)] == ["Nguyễn Thị Đào"]
        assert [c.full_name for c in citizens.search(s, "van đuc", 10)] == ["Nguyễn Văn Đức"]
        assert [c.full_name for c in citizens.search(s, "0945 111", 10)] == ["Trần Thị Lan"]
        assert [c.full_name for c in citizens.search(s, "0961880", 10)] == ["Trần Thị Lan"]
        assert citizens.search(s, "", 10) == []
        assert len(citizens.search(s, "nguyen", 1)) == 1


def test_clean_citizen_fills_from_cccd_and_reports_conflicts():
    c = Collector()
    out = citizens.clean_citizen(
        citizens.CitizenInput(full_name=" trần  văn  an ", id_number="096 203 000 111"),
        c,
        today=date(2026, 3, 16),
    )
    assert not c.errors
    assert out.id_number == "096203000111"
    assert (out.sex, out.birth_year) == ("nam", 2003)
    assert out.full_name == "trần văn an"
    c = Collector()
    citizens.clean_citizen(
        citizens.CitizenInput(full_name="Lê Hoa", id_number="096203000111", sex="nữ"), c
    )
    assert "giới tính" in c.errors["citizen.sex"]
    c = Collector()
    citizens.clean_citizen(citizens.CitizenInput(full_name="Lê Hoa", id_number="12345"), c)
    assert c.errors["citizen.id_number"]
    c = Collector()
    citizens.clean_citizen(citizens.CitizenInput(full_name="Lê 2 Hoa", phone="12"), c)
    assert set(c.errors) == {"citizen.full_name", "citizen.phone"}
