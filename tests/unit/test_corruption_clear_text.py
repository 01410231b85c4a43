"""What is stored in clear next to a protected case: place names stay readable (they identify
nobody), while every free-text field is checked for the denouncer's identity; and who may add
an encrypted attachment to which case."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from camau_reception.models.audit import AuditEvent
from camau_reception.models.corruption import (
    CorruptionAttachment,
    CorruptionStep,
    ProtectionMeasure,
    ProtectionRequest,
)
from camau_reception.models.users import Role
from camau_reception.services import corruption as svc
from camau_reception.services import reception as reception_svc
from camau_reception.services.citizens import CitizenInput
from camau_reception.services.errors import PermissionDenied, ValidationError
from tests.conftest import _make_user
from tests.unit.test_corruption_support import (  # noqa: F401 (fixture)
    ADDRESS_DETAIL,
    NAME,
    NOW,
    NUMBER,
    PHONE,
    TODAY,
    counter_visit,
    fast_kdf,
    identity,
    record_case,
    set_up,
)

REP_NAME = "Lê Văn Hậu"
REP_NUMBER = "096092004682"
REP_PHONE = "0913222333"
REP_STREET = "Số 12, đường Ngô Quyền"
REASON = "Xác minh tại tỉnh Cà Mau theo kế hoạch"


# --- 1. place names are not secrets --------------------------------------------------------------


def test_secrets_are_the_identifying_parts_never_the_place_names():
    who = identity(
        co_reporters=[
            f"{REP_NAME}, {REP_NUMBER}, {REP_PHONE}, {REP_STREET}, Phường Tân Thành, Cà Mau",
            "Đặng Thị Mai, Khóm 6, xã Tân Thuận, TP. Cà Mau, tỉnh Bạc Liêu, Việt Nam",
        ]
    )
    found = set(who.secrets())
    for expected in (
        NAME,
        NUMBER,
        PHONE,
        f"{ADDRESS_DETAIL}, Phường Tân Thành, Cà Mau",  # the whole address, as typed
        ADDRESS_DETAIL,  # and its street part
        "đường Phan Ngọc Hiển",
        REP_NAME,
        REP_NUMBER,
        REP_PHONE,
        REP_STREET,
        "đường Ngô Quyền",
        "Đặng Thị Mai",
    ):
        assert expected in found, expected
    for place in (
        "Phường Tân Thành",
        "Cà Mau",
        "xã Tân Thuận",
        "TP. Cà Mau",
        "tỉnh Bạc Liêu",
        "Việt Nam",
        "Số 12",  # a house number alone identifies nobody
        "Số 45",
        "Khóm 6",
    ):
        assert place not in found, place
    # An address made of place names only gives no secret at all.
    assert identity(address="Phường Tân Thành, tỉnh Cà Mau").secrets() == [NAME, NUMBER, PHONE]
    text = "Đoàn tố cáo tại tỉnh Cà Mau, phường Tân Thành; ông Lê Văn Hậu ở đường Ngô Quyền."
    assert svc.redact(text, who) == (
        "Đoàn tố cáo tại tỉnh Cà Mau, phường Tân Thành; ông [đã che] ở [đã che]."
    )


def _group_visit(summary: str):
    return counter_visit(
        summary=summary,
        group_size=6,
        representatives=[
            CitizenInput(
                full_name=REP_NAME,
                id_kind="cccd",
                id_number=REP_NUMBER,
                phone=REP_PHONE,
                province="Cà Mau",
                commune="Xã Tân Thuận",
                address_detail=REP_STREET,
            )
        ],
    )


def test_group_intake_keeps_the_province_in_the_summary(db, inspector, officer):
    vault = set_up(db, inspector)
    summary = (
        f"Đoàn 6 người do ông {REP_NAME} đại diện tố cáo cán bộ thu tiền trái phép khi cấp "
        "phép quảng cáo tại tỉnh Cà Mau, xã Tân Thuận."
    )
    with db.write() as s:
        rid = reception_svc.record(s, officer, _group_visit(summary), now=NOW).id
    svc.take_intake_receipt(rid)
    with db.read() as s:
        case = svc.case_for_reception(s, rid)
        case_id, version, stored = case.id, case.version, case.summary
    assert "tại tỉnh Cà Mau, xã Tân Thuận" in stored
    assert REP_NAME not in stored and "ông [đã che] đại diện" in stored
    # A reason or a corrected summary naming the province is accepted.
    with db.write() as s:
        who = svc.reveal_identity(s, inspector, vault.ring, case_id, REASON)
    assert who.co_reporters and REP_NAME in who.co_reporters[0]
    with db.write() as s:
        svc.update_details(
            s,
            inspector,
            case_id,
            svc.DetailsInput(summary="Tố cáo cán bộ thu tiền trái phép tại tỉnh Cà Mau."),
            version,
            vault.ring,
        )
    # ... but a co-reporter's street still is refused.
    with db.write() as s, pytest.raises(ValidationError) as err:
        svc.reveal_identity(s, inspector, vault.ring, case_id, f"Đến {REP_STREET} để xác minh")
    assert "nhận diện" in err.value.errors["reason"]


# --- 2. every free-text field stored in clear ----------------------------------------------------


def _approved_request(db, inspector, case_id) -> int:
    with db.write() as s:
        req = svc.add_protection_request(
            s,
            inspector,
            case_id,
            svc.ProtectionInput(date(2026, 3, 18), {"reporter"}, {"life_health"}),
            today=TODAY,
        )
        svc.decide_protection(s, inspector, req.id, True, date(2026, 3, 19), "18/QĐ-SVHTTDL")
        return req.id


def _count(db, model) -> int:
    with db.read() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def test_a_protection_measure_naming_the_denouncer_is_refused(db, inspector):
    vault = set_up(db, inspector)
    case_id, _ = record_case(db, inspector)
    req_id = _approved_request(db, inspector, case_id)
    description = f"Bố trí lực lượng bảo vệ tại nhà số 12 đường Ngô Quyền của bà {NAME}"
    with db.write() as s, pytest.raises(ValidationError) as err:
        svc.add_protection_measure(
            s, inspector, req_id, description, date(2026, 3, 20), ring=vault.ring
        )
    assert "người tố cáo" in err.value.errors["description"]
    with db.write() as s, pytest.raises(ValidationError) as err:
        svc.add_protection_measure(
            s,
            inspector,
            req_id,
            "Bố trí lực lượng bảo vệ nơi cư trú",
            date(2026, 3, 20),
            agency=f"Công an phường, liên hệ {PHONE[:4]} {PHONE[4:7]} {PHONE[7:]}",
            ring=vault.ring,
        )
    assert "agency" in err.value.errors
    assert _count(db, ProtectionMeasure) == 0
    with db.read() as s:
        events = s.execute(
            select(AuditEvent.summary).where(AuditEvent.action == "corruption.protection_measure")
        ).all()
    assert events == []
    # Without the identity it is recorded.
    with db.write() as s:
        svc.add_protection_measure(
            s,
            inspector,
            req_id,
            "Bố trí lực lượng bảo vệ nơi cư trú tại tỉnh Cà Mau",
            date(2026, 3, 20),
            agency="Công an tỉnh Cà Mau",
            ring=vault.ring,
        )
    assert _count(db, ProtectionMeasure) == 1


def test_request_decision_and_step_notes_naming_the_denouncer_are_refused(db, inspector):
    vault = set_up(db, inspector)
    case_id, _ = record_case(db, inspector)
    with db.write() as s, pytest.raises(ValidationError) as err:
        svc.add_protection_request(
            s,
            inspector,
            case_id,
            svc.ProtectionInput(
                date(2026, 3, 18), {"reporter"}, {"job"}, note=f"Bà {NAME} bị đe dọa"
            ),
            today=TODAY,
            ring=vault.ring,
        )
    assert "note" in err.value.errors
    assert _count(db, ProtectionRequest) == 0
    with db.write() as s:
        req_id = svc.add_protection_request(
            s,
            inspector,
            case_id,
            svc.ProtectionInput(date(2026, 3, 18), {"reporter"}, {"job"}),
            today=TODAY,
            ring=vault.ring,
        ).id
    with db.write() as s, pytest.raises(ValidationError) as err:
        svc.decide_protection(
            s,
            inspector,
            req_id,
            True,
            date(2026, 3, 19),
            "18/QĐ-SVHTTDL",
            f"Đã gọi số {PHONE}",
            ring=vault.ring,
        )
    assert "note" in err.value.errors
    with db.read() as s:
        assert s.get(ProtectionRequest, req_id).status == "pending"
    steps_before = _count(db, CorruptionStep)
    for action, data in (
        ("not_accept", svc.ActionInput(on=TODAY, note=f"Người tố cáo {NAME} rút đơn")),
        ("to_transfer", svc.ActionInput(on=TODAY, transfer_to=f"Nơi ở {ADDRESS_DETAIL}")),
        ("accept", svc.ActionInput(on=TODAY, document_no=NUMBER)),
    ):
        with db.write() as s, pytest.raises(ValidationError) as err:
            version = svc.get(s, case_id).version
            svc.act(s, inspector, case_id, action, data, version, today=TODAY, ring=vault.ring)
        field = {"not_accept": "note", "to_transfer": "transfer_to", "accept": "document_no"}
        assert "người tố cáo" in err.value.errors[field[action]], action
    assert _count(db, CorruptionStep) == steps_before
    with db.read() as s:
        case = svc.get(s, case_id)
        assert case.state == "received" and case.transfer_to == "" and case.version == 1
    # Place names are fine in a note.
    with db.write() as s:
        version = svc.get(s, case_id).version
        svc.act(
            s,
            inspector,
            case_id,
            "to_transfer",
            svc.ActionInput(
                on=TODAY, note="Thuộc thẩm quyền cấp tỉnh", transfer_to="UBND tỉnh Cà Mau"
            ),
            version,
            today=TODAY,
            ring=vault.ring,
        )


def test_recording_refuses_a_subject_naming_the_denouncer(db, inspector):
    set_up(db, inspector)
    with pytest.raises(ValidationError) as err:
        record_case(db, inspector, subject=f"Cán bộ cùng phòng với bà {NAME}")
    assert "người tố cáo" in err.value.errors["subject"]


def test_correcting_the_identity_masks_every_clear_field(db, inspector):
    vault = set_up(db, inspector)
    case_id, _ = record_case(db, inspector)
    with db.write() as s:  # a note written before the phone number was known
        version = svc.get(s, case_id).version
        svc.act(
            s,
            inspector,
            case_id,
            "extend_classify",
            svc.ActionInput(on=TODAY, note="Liên hệ qua số 0987 111 222"),
            version,
            today=TODAY,
        )
    with db.write() as s:
        svc.update_identity(
            s,
            inspector,
            vault.ring,
            case_id,
            identity(phone="0987111222"),
            "Bổ sung số điện thoại mới",
        )
    with db.read() as s:
        notes = [st.note for st in svc.get(s, case_id).steps]
    assert "Liên hệ qua số [đã che]" in notes


# --- 4. attachments ------------------------------------------------------------------------------


def test_an_officer_attaches_only_to_a_case_of_their_own(db, inspector, officer, leader):
    set_up(db, inspector)
    own, _ = record_case(db, officer)
    other, _ = record_case(db, inspector)
    second = _make_user(db, "canbo2", "Trần Thị Lan", {Role.OFFICER})
    label = svc.ATTACHMENT_LABELS[0]
    with db.write() as s:  # the letter the officer has just recorded
        svc.add_attachment(s, officer, own, label, "don.pdf", b"%PDF-1.4 own")
    for who, case_id in ((officer, other), (second, own), (officer, 9999)):
        with db.write() as s, pytest.raises(PermissionDenied) as err:
            svc.add_attachment(s, who, case_id, label, "gia-mao.pdf", b"%PDF-1.4 planted")
        # One answer whether the case exists or not: no way to probe for case numbers.
        assert "TCTN" not in err.value.message
    with db.write() as s:  # leaders and inspectors see every case
        svc.add_attachment(s, leader, other, label, "don.pdf", b"%PDF-1.4 leader")
        svc.add_attachment(s, inspector, other, label, "don.pdf", b"%PDF-1.4 inspector")
    with db.read() as s:
        rows = s.execute(select(CorruptionAttachment.case_id)).scalars().all()
    assert sorted(rows) == sorted([own, other, other])


def test_deleting_an_attachment_refuses_a_reason_naming_the_denouncer(db, inspector):
    vault = set_up(db, inspector)
    case_id, _ = record_case(db, inspector)
    with db.write() as s:
        att_id = svc.add_attachment(
            s, inspector, case_id, svc.ATTACHMENT_LABELS[2], "x.pdf", b"%PDF-1.4 x"
        ).id
    with db.write() as s, pytest.raises(ValidationError) as err:
        svc.delete_attachment(s, inspector, att_id, f"Tệp của {NAME} tải nhầm", ring=vault.ring)
    assert "reason" in err.value.errors
    # The other reasons kept in clear in the audit are checked as well.
    with db.write() as s, pytest.raises(ValidationError) as err:
        svc.open_attachment(s, inspector, vault.ring, att_id, f"Gọi cho số {PHONE} để đối chiếu")
    assert "reason" in err.value.errors
    with db.write() as s, pytest.raises(ValidationError) as err:
        svc.delete_case(s, inspector, vault.ring, case_id, f"Bà {NAME} rút đơn")
    assert "reason" in err.value.errors
    with db.read() as s:
        actions = s.execute(select(AuditEvent.action)).scalars().all()
    assert "corruption.attachment_open" not in actions and "corruption.delete" not in actions
    with db.write() as s:
        svc.delete_attachment(s, inspector, att_id, "Tải nhầm tệp", ring=vault.ring)
    assert _count(db, CorruptionAttachment) == 0
