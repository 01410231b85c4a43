"""Who can read a denouncer's identity, and how access is given, lost and recovered."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from camau_reception.models.audit import AuditEvent
from camau_reception.models.corruption import KeyHolder, RecoveryKeyRow
from camau_reception.services import corruption as svc
from camau_reception.services import corruption_keys as keys
from camau_reception.services import users
from camau_reception.services.errors import PermissionDenied, ValidationError
from tests.conftest import PASSWORD
from tests.unit.test_corruption_support import (  # noqa: F401 (fixture)
    NAME,
    NUMBER,
    fast_kdf,
    make_inspector,
    record_case,
    set_up,
    unlock,
)

REASON = "Cần liên hệ người tố cáo để bổ sung chứng cứ"


def _reveal(db, actor, ring, case_id, reason=REASON):
    with db.write() as s:
        return svc.reveal_identity(s, actor, ring, case_id, reason)


def test_inspector_reveals_with_reason_and_the_audit_has_reason_not_identity(db, inspector):
    vault = set_up(db, inspector)
    case_id, _ = record_case(db, inspector)
    who = _reveal(db, inspector, vault.ring, case_id)
    assert who.full_name == NAME and who.id_number == NUMBER
    assert "Trương" not in repr(who)
    with db.read() as s:
        ev = s.execute(
            select(AuditEvent).where(AuditEvent.action == "corruption.reveal")
        ).scalar_one()
        assert ev.username == inspector.username
        assert REASON in ev.summary
        assert NAME not in ev.summary and NUMBER not in ev.summary
        # Nothing anywhere in the log names the denouncer.
        for summary in s.execute(select(AuditEvent.summary)).scalars():
            assert NAME not in summary and NUMBER not in summary


def test_reveal_needs_a_reason_that_does_not_name_the_person(db, inspector):
    vault = set_up(db, inspector)
    case_id, _ = record_case(db, inspector)
    with pytest.raises(ValidationError) as err:
        _reveal(db, inspector, vault.ring, case_id, "xem")
    assert "reason" in err.value.errors
    with pytest.raises(ValidationError) as err:
        _reveal(db, inspector, vault.ring, case_id, f"Gọi điện cho {NAME} để hẹn")
    assert "nhận diện" in err.value.errors["reason"]
    with db.read() as s:
        assert not s.execute(
            select(AuditEvent).where(AuditEvent.action == "corruption.reveal")
        ).first()


def test_officer_leader_and_admin_are_refused_by_the_service(db, inspector, officer, leader, admin):
    vault = set_up(db, inspector)
    case_id, _ = record_case(db, inspector)
    for actor in (officer, leader, admin):
        # Even handed the inspector's unlocked ring, the service refuses.
        with pytest.raises(PermissionDenied):
            _reveal(db, actor, vault.ring, case_id)
        with pytest.raises(PermissionDenied):
            _reveal(db, actor, None, case_id)
    # The administrator cannot grant either.
    with db.write() as s, pytest.raises(PermissionDenied):
        keys.grant(s, admin, vault.ring, inspector.id)
    # A leader sees that an identity exists, never what it is.
    with db.read() as s:
        case = svc.get(s, case_id)
        assert case.has_identity and case.reporter_label == "Người tố cáo (đã bảo mật)"


def test_inspector_without_a_copy_is_refused(db, inspector):
    set_up(db, inspector)
    other = make_inspector(db, "thanhtra2", "Huỳnh Thị Mỹ Duyên")
    ring = unlock(db, other)
    assert ring is not None and not ring.has_access
    case_id, _ = record_case(db, inspector)
    with pytest.raises(PermissionDenied) as err:
        _reveal(db, other, ring, case_id)
    assert "chưa được cấp quyền" in err.value.message


def test_granted_inspector_reads_after_the_granter_logged_out(db, inspector):
    vault = set_up(db, inspector)
    other = make_inspector(db, "thanhtra2", "Huỳnh Thị Mỹ Duyên")
    assert unlock(db, other) is not None  # first sign-in creates the key pair
    with db.write() as s:
        keys.grant(s, inspector, vault.ring, other.id)
    vault.ring.wipe()  # the granter signs out
    case_id, _ = record_case(db, inspector)
    ring = unlock(db, other)  # the grantee signs in later, with only their own password
    assert ring.has_access
    assert _reveal(db, other, ring, case_id).full_name == NAME
    with db.read() as s:
        assert s.execute(
            select(AuditEvent).where(AuditEvent.action == "corruption.grant")
        ).scalar_one().entity_id == str(other.id)


def test_grant_needs_the_grantee_key_pair(db, inspector):
    vault = set_up(db, inspector)
    other = make_inspector(db, "thanhtra2", "Huỳnh Thị Mỹ Duyên")
    with db.write() as s, pytest.raises(ValidationError) as err:
        keys.grant(s, inspector, vault.ring, other.id)
    assert "đăng nhập một lần" in err.value.errors["grantee"]


def test_password_reset_loses_access_until_granted_again(db, inspector, admin):
    vault = set_up(db, inspector)
    other = make_inspector(db, "thanhtra2", "Huỳnh Thị Mỹ Duyên")
    unlock(db, other)
    with db.write() as s:
        keys.grant(s, inspector, vault.ring, other.id)
    case_id, _ = record_case(db, inspector)
    new_password = "mat-khau-moi-2026"
    with db.write() as s:
        users.reset_password(s, admin, other.id, new_password)
    with db.read() as s:
        assert s.execute(select(KeyHolder).where(KeyHolder.user_id == other.id)).first() is None
    ring = unlock(db, other, new_password)
    assert ring is not None and not ring.has_access
    with pytest.raises(PermissionDenied):
        _reveal(db, other, ring, case_id)
    with db.write() as s:
        keys.grant(s, inspector, vault.ring, other.id)
    ring = unlock(db, other, new_password)
    assert _reveal(db, other, ring, case_id).id_number == NUMBER


def test_own_password_change_keeps_access(db, inspector):
    vault = set_up(db, inspector)
    case_id, _ = record_case(db, inspector)
    with db.write() as s:
        users.change_own_password(s, inspector, PASSWORD, "mat-khau-moi-2026")
    assert unlock(db, inspector, PASSWORD) is None  # the old password opens nothing
    ring = unlock(db, inspector, "mat-khau-moi-2026")
    assert ring.has_access
    assert _reveal(db, inspector, ring, case_id).full_name == NAME
    del vault


def test_wrong_password_changes_nothing(db, inspector):
    set_up(db, inspector)
    with db.read() as s:
        before = s.execute(select(KeyHolder.private_key_enc)).scalar_one()
    assert unlock(db, inspector, "khong-phai-mat-khau") is None
    with db.read() as s:
        assert s.execute(select(KeyHolder.private_key_enc)).scalar_one() == before


def test_recovery_key_grants_when_no_inspector_remains(db, inspector, leader, admin):
    vault = set_up(db, inspector)
    case_id, _ = record_case(db, inspector)
    with db.write() as s:
        users.reset_password(s, admin, inspector.id, "mat-khau-moi-2026")
    ring = unlock(db, inspector, "mat-khau-moi-2026")
    assert not ring.has_access
    # The head of the agency types the recovery key from the paper.
    with db.write() as s:
        keys.grant_with_recovery(s, leader, vault.recovery_text.lower(), inspector.id)
    ring = unlock(db, inspector, "mat-khau-moi-2026")
    assert _reveal(db, inspector, ring, case_id).full_name == NAME
    with db.read() as s:
        ev = s.execute(
            select(AuditEvent).where(AuditEvent.action == "corruption.recovery_grant")
        ).scalar_one()
        assert ev.username == leader.username
        assert vault.recovery_text not in ev.summary


def test_wrong_or_mistyped_recovery_key_fails_cleanly(db, inspector, leader, admin):
    vault = set_up(db, inspector)
    other = make_inspector(db, "thanhtra2", "Huỳnh Thị Mỹ Duyên")
    unlock(db, other)
    from camau_reception.crypto import recovery

    wrong = recovery.generate().text
    typo = vault.recovery_text[:-1] + ("A" if vault.recovery_text[-1] != "A" else "B")
    for text, expected in ((wrong, "không khớp"), (typo, "gõ chưa đúng"), ("", "gõ chưa đúng")):
        with db.write() as s, pytest.raises(ValidationError) as err:
            keys.grant_with_recovery(s, leader, text, other.id)
        assert expected in err.value.errors["recovery_key"]
    with db.read() as s:
        holder = s.execute(select(KeyHolder).where(KeyHolder.user_id == other.id)).scalar_one()
        assert holder.wrapped_data_key is None
    # The administrator may not use it at all.
    with db.write() as s, pytest.raises(PermissionDenied):
        keys.grant_with_recovery(s, admin, vault.recovery_text, other.id)


def test_regenerated_recovery_key_replaces_the_old_one(db, inspector, leader):
    vault = set_up(db, inspector)
    with db.write() as s:
        new_text = keys.regenerate_recovery(s, inspector, vault.ring)
    with db.read() as s:
        assert len(s.execute(select(RecoveryKeyRow)).all()) == 1
    with db.write() as s, pytest.raises(ValidationError):
        keys.grant_with_recovery(s, leader, vault.recovery_text, inspector.id)
    with db.write() as s:
        keys.grant_with_recovery(s, leader, new_text, inspector.id)


def test_revoke_keeps_the_last_holder(db, inspector):
    vault = set_up(db, inspector)
    other = make_inspector(db, "thanhtra2", "Huỳnh Thị Mỹ Duyên")
    unlock(db, other)
    with db.write() as s:
        keys.grant(s, inspector, vault.ring, other.id)
    with db.write() as s:
        keys.revoke(s, inspector, vault.ring, other.id)
    assert not unlock(db, other).has_access
    with db.write() as s, pytest.raises(ValidationError):
        keys.revoke(s, inspector, vault.ring, inspector.id)


def test_setup_only_once_and_recording_needs_it(db, inspector, officer):
    with pytest.raises(ValidationError) as err:
        record_case(db, officer)
    assert "Chưa thiết lập khóa bảo mật" in err.value.errors["corruption"]
    vault = set_up(db, inspector)
    with db.write() as s, pytest.raises(ValidationError):
        keys.setup(s, inspector, vault.ring)
    # The counter can protect a new denunciation without being able to read one.
    case_id, _ = record_case(db, officer)
    assert unlock(db, officer) is None
    with db.read() as s:
        assert keys.status(s).holders_with_access == 1
        assert svc.get(s, case_id).has_identity


def test_tampered_ciphertext_fails_cleanly(db, inspector):
    vault = set_up(db, inspector)
    a, _ = record_case(db, inspector)
    b, _ = record_case(db, inspector, identity=None, anonymous=True)
    with db.write() as s:
        case_a, case_b = svc.get(s, a), svc.get(s, b)
        # Copy A's ciphertext onto B: bound to A's code, it must not open as B's reporter.
        case_b.identity_blob = case_a.identity_blob
        case_b.identity_nonce = case_a.identity_nonce
        case_b.content_key_sealed = case_a.content_key_sealed
    with pytest.raises(PermissionDenied) as err:
        _reveal(db, inspector, vault.ring, b)
    assert "Không giải mã được" in err.value.message


def test_key_ring_never_prints_keys(db, inspector):
    vault = set_up(db, inspector)
    text = repr(vault.ring)
    assert vault.ring.data_key.hex() not in text and "access=True" in text
