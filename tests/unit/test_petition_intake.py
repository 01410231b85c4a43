"""A petition entered by hand (post, hotline, portal, transfer): the identity number links it to a
citizen on record, the commune goes into the address and keeps namesakes of another commune out
of the duplicate suggestions, several kinds make one petition per kind."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from camau_reception.models.petitions import Petition
from camau_reception.models.reception import Citizen
from camau_reception.services import petitions as svc
from camau_reception.services.actor import Actor
from camau_reception.services.errors import ValidationError
from camau_reception.storage.db import Database

TODAY = date(2026, 7, 3)
NAME = "Nguyễn Văn Đức"
SUMMARY = "Khiếu nại quyết định thu hồi giấy phép kinh doanh karaoke Hoàng Gia"
NUMBER = "096075001234"


def _citizen(db: Database, number: str = NUMBER, commune: str = "Phường An Xuyên") -> int:
    with db.write() as s:
        c = Citizen(
            full_name=NAME,
            name_folded="nguyen van duc",
            id_kind="cccd",
            id_number=number,
            phone="0913456789",
            province="Cà Mau",
            commune=commune,
            address_detail="Số 12, đường Lý Thường Kiệt",
        )
        s.add(c)
        s.flush()
        return c.id


def _record(db: Database, officer: Actor, **kw) -> list[int]:
    data = {
        "kind": "complaint",
        "source": "post",
        "received_on": date(2026, 7, 1),
        "summary": SUMMARY,
        "petitioner_name": NAME,
        **kw,
    }
    with db.write() as s:
        return [p.id for p in svc.record(s, officer, svc.PetitionInput(**data), today=TODAY)]


def _count(db: Database, model=Petition) -> int:
    with db.read() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def test_a_known_number_links_the_citizen_and_the_commune_goes_into_the_address(
    db: Database, officer: Actor
) -> None:
    cid = _citizen(db)
    [pid] = _record(
        db, officer, id_number="0960 7500 1234", petitioner_address="Số 12", commune="Xã Tân Hưng"
    )
    with db.read() as s:
        p = svc.get(s, pid)
        assert p.citizen_id == cid
        assert p.petitioner_address == "Số 12, Xã Tân Hưng, Cà Mau"  # a listed commune's province
        assert svc.count_for_citizen(s, cid) == 1


def test_an_address_naming_the_commune_is_kept_as_written(db: Database, officer: Actor) -> None:
    [pid] = _record(
        db, officer, petitioner_address="Ấp 3, xã Tân Hưng, Cà Mau", commune="Xã Tân Hưng"
    )
    [other] = _record(
        db,
        officer,
        summary="Kiến nghị sửa nhà văn hóa",
        petitioner_address="Số 5",
        commune="Phường Ninh Kiều",
        province="Cần Thơ",
    )
    with db.read() as s:
        assert svc.get(s, pid).petitioner_address == "Ấp 3, xã Tân Hưng, Cà Mau"
        assert svc.get(s, other).petitioner_address == "Số 5, Phường Ninh Kiều, Cần Thơ"


def test_a_new_number_is_checked_but_creates_no_citizen(db: Database, officer: Actor) -> None:
    [pid] = _record(db, officer, id_number="096180000002")
    with db.read() as s:
        assert svc.get(s, pid).citizen_id is None
    assert _count(db, Citizen) == 0


@pytest.mark.parametrize(
    ("kind", "number", "message"),
    [
        ("cccd", "09607500123", "Số CCCD phải gồm đúng 12 chữ số (đã nhập 11)."),
        ("cccd", "096775001234", "Chữ số thứ tư (7) không phải mã thế kỷ và giới tính hợp lệ."),
        ("cccd", "096399001234", "Năm sinh 2099 theo số CCCD nằm trong tương lai."),
        ("cmnd", "12345", "Số CMND gồm 9 chữ số (hoặc 12 chữ số với CMND mẫu mới)."),
    ],
)
def test_an_invalid_number_is_refused_with_the_reception_message(
    db: Database, officer: Actor, kind: str, number: str, message: str
) -> None:
    with db.write() as s, pytest.raises(ValidationError) as err:
        svc.record(
            s,
            officer,
            svc.PetitionInput(
                kind="complaint",
                source="post",
                received_on=date(2026, 7, 1),
                summary=SUMMARY,
                petitioner_name=NAME,
                id_kind=kind,
                id_number=number,
            ),
            today=TODAY,
        )
    assert err.value.errors == {"id_number": message}
    assert _count(db) == 0


def test_a_number_held_by_another_citizen_is_refused(db: Database, officer: Actor) -> None:
    duc = _citizen(db)
    lan = _citizen(db, number="096188004321", commune="Xã Đất Mũi")
    with db.write() as s, pytest.raises(ValidationError) as err:
        svc.record(
            s,
            officer,
            svc.PetitionInput(
                kind="complaint",
                source="post",
                received_on=date(2026, 7, 1),
                summary=SUMMARY,
                citizen_id=lan,
                id_number=NUMBER,
            ),
            today=TODAY,
        )
    assert "đã thuộc công dân khác" in err.value.errors["id_number"]
    assert duc != lan and _count(db) == 0


def test_kinds_at_least_one_each_known_each_once(db: Database, officer: Actor) -> None:
    for kind, extra in (("", []), ("complaint", ["bribery"])):
        with db.write() as s, pytest.raises(ValidationError) as err:
            svc.record(
                s,
                officer,
                svc.PetitionInput(
                    kind=kind,
                    extra_kinds=extra,
                    source="post",
                    received_on=date(2026, 7, 1),
                    summary=SUMMARY,
                    petitioner_name=NAME,
                ),
                today=TODAY,
            )
        assert err.value.errors["kind"] == "Hãy chọn ít nhất một loại đơn."
    ids = _record(db, officer, extra_kinds=["denunciation", "denunciation", "complaint"])
    with db.read() as s:
        parts = [svc.get(s, i) for i in ids]
        assert [(p.kind, p.split_from_id) for p in parts] == [
            ("complaint", None),
            ("denunciation", ids[0]),
        ]


@pytest.mark.parametrize(
    ("address", "commune"),
    [
        ("Ấp 3, Xã Tân Hưng, Cà Mau", "tan hung"),
        ("ấp 3 xã tân hưng huyện cái nước tỉnh cà mau", "tan hung"),
        ("Tân Hưng, Cà Mau", "tan hung"),  # a listed commune named without "xã"
        ("Khóm 2, Phường 5, TP Cà Mau", "5"),
        ("Số 5, thị trấn Sông Đốc", "song doc"),
        ("Ấp Tân Thành, Xã Đá Bạc", "da bac"),  # the hamlet's name is not the commune
        ("Ấp 3, Bạc Liêu", ""),  # the last part is a province
        ("thị xã Giá Rai, Bạc Liêu", ""),  # a town, not a commune
        ("", ""),
    ],
)
def test_the_commune_an_address_names(address: str, commune: str) -> None:
    assert svc.commune_of_address(address) == commune


def test_duplicates_same_number_first_then_namesakes_of_the_same_commune(
    db: Database, officer: Actor
) -> None:
    cid = _citizen(db, commune="Xã Tân Hưng")
    same_commune = _record(db, officer, petitioner_address="Ấp 3", commune="Xã Tân Hưng")[0]
    elsewhere = _record(db, officer, petitioner_address="Ấp 1", commune="Xã Đá Bạc")[0]
    unknown = _record(db, officer, petitioner_address="")[0]
    by_number = _record(
        db, officer, summary="Tiếp tục " + SUMMARY.lower(), id_number=NUMBER, commune=""
    )[0]
    [new] = _record(
        db, officer, received_on=TODAY, petitioner_address="Ấp 3", commune="Xã Tân Hưng"
    )
    with db.read() as s:
        assert svc.get(s, by_number).citizen_id == cid
        found = svc.duplicate_candidates_explained(s, svc.get(s, new))
        assert {c.petition.id: c.reason for c in found} == {
            same_commune: "cùng họ tên, cùng xã/phường",
            by_number: "cùng họ tên, cùng xã/phường",  # its citizen lives in Tân Hưng
            unknown: "cùng họ tên",
        }
        assert {p.id for p, _ in svc.duplicate_candidates(s, svc.get(s, new))} == {
            same_commune,
            by_number,
            unknown,
        }
        # Entered with the number: the same petitioner comes first, then the namesakes.
        found = svc.suggest_duplicates(
            s, summary=SUMMARY, on=TODAY, citizen_id=cid, name=NAME, commune="Xã Tân Hưng"
        )
        assert (found[0].petition.id, found[0].reason) == (by_number, "cùng số CCCD")
        assert {c.petition.id for c in found[1:]} == {same_commune, unknown, new}
        assert elsewhere not in {c.petition.id for c in found}
