"""The denouncer's name and number never reach the database file or its WAL in clear: not after
saving (at the counter and in the protected record), editing, or deleting."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

from sqlalchemy import select, text

from camau_reception.domain.text import fold
from camau_reception.models.audit import AuditEvent
from camau_reception.models.reception import Citizen, Reception
from camau_reception.services import corruption as svc
from camau_reception.services import reception as reception_svc
from camau_reception.services import reception_search
from tests.unit.test_corruption_support import (  # noqa: F401 (fixture)
    ADDRESS_DETAIL,
    NAME,
    NOW,
    NUMBER,
    PHONE,
    counter_visit,
    fast_kdf,
    identity,
    record_case,
    set_up,
)

EDITED_NAME = "Lâm Hoàng Khải Nguyên"
EDITED_NUMBER = "096092004682"


def _forms(secret: str) -> list[bytes]:
    """Every way a text could sit in the file: UTF-8 NFC and NFD, folded, upper case."""
    forms = {
        unicodedata.normalize("NFC", secret),
        unicodedata.normalize("NFD", secret),
        fold(secret),
        secret.upper(),
    }
    return [f.encode("utf-8") for f in forms if f]


def _leaks(path: Path, secrets: list[str]) -> list[str]:
    found = []
    for p in (path, Path(str(path) + "-wal")):
        if not p.exists():
            continue
        data = p.read_bytes()
        for secret in secrets:
            if any(form in data for form in _forms(secret)):
                found.append(f"{secret!r} in {p.name}")
    return found


def _checkpoint(db) -> None:
    # PASSIVE first: the WAL still holds every frame and is read as is; then TRUNCATE.
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")


SECRETS = [NAME, NUMBER, PHONE, ADDRESS_DETAIL]


def test_save_edit_delete_never_write_the_identity_in_clear(db, db_path, inspector, officer):
    with db.engine.connect() as conn:  # freed pages are zeroed, not left for a file copy
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    vault = set_up(db, inspector)
    # Saved at the counter (the visit moves into a protected case) ...
    with db.write() as s:
        reception = reception_svc.record(s, officer, counter_visit(), now=NOW)
        rid = reception.id
    # ... and recorded directly from a letter.
    case_id, _ = record_case(db, inspector)
    assert _leaks(db_path, SECRETS) == []  # the WAL, before any checkpoint
    _checkpoint(db)
    assert _leaks(db_path, SECRETS) == []

    # Edited: a corrected name and number, re-encrypted.
    with db.write() as s:
        svc.update_identity(
            s,
            inspector,
            vault.ring,
            case_id,
            identity(full_name=EDITED_NAME, id_number=EDITED_NUMBER),
            "Sửa theo bản chụp giấy tờ người tố cáo gửi bổ sung",
        )
    assert _leaks(db_path, [*SECRETS, EDITED_NAME, EDITED_NUMBER]) == []
    with db.write() as s:
        who = svc.reveal_identity(s, inspector, vault.ring, case_id, "Kiểm tra sau khi sửa")
        assert (who.full_name, who.id_number) == (EDITED_NAME, EDITED_NUMBER)

    # Deleted: a case entered by mistake, and its attachment.
    with db.write() as s:
        svc.add_attachment(
            s, inspector, case_id, svc.ATTACHMENT_LABELS[0], f"{NAME}.pdf", NAME.encode() * 50
        )
    with db.write() as s:
        svc.delete_case(s, inspector, vault.ring, case_id, "Nhập trùng hồ sơ")
    svc.checkpoint(db)
    assert _leaks(db_path, [*SECRETS, EDITED_NAME, EDITED_NUMBER]) == []

    # The register keeps the visit, with only the case code.
    with db.read() as s:
        r = s.get(Reception, rid)
        case = svc.case_for_reception(s, rid)
        assert r.citizen_id is None and not r.representatives and not r.documents
        assert case.code in r.summary
        assert s.execute(select(Citizen)).first() is None


def test_converting_a_saved_visit_purges_index_and_wal(db, db_path, inspector, officer):
    """A visit first saved in clear, then classified as corruption: after the conversion and a
    checkpoint, no trace remains (index merged, citizen row zeroed, WAL emptied)."""
    set_up(db, inspector)
    plain = counter_visit(corruption=False, outcome="explained", summary="Tố cáo cán bộ")
    with db.write() as s:
        r = reception_svc.record(s, officer, plain, now=NOW)
        rid, version = r.id, r.version
    svc.checkpoint(db)
    assert _leaks(db_path, [NAME, NUMBER])  # saved in clear, as any visit
    with db.read() as s:
        data = reception_svc.to_input(s.get(Reception, rid))
    data.corruption = True
    with db.write() as s:
        reception_svc.update(s, officer, rid, data, version, now=NOW)
    svc.checkpoint(db)
    assert _leaks(db_path, [NAME, NUMBER]) == []
    with db.read() as s:
        assert svc.case_for_reception(s, rid) is not None
        body = reception_search.index_contents(s)
        assert all(fold(NAME) not in b for b in body.values())
        terms = set(s.execute(text("SELECT term FROM reception_search_terms")).scalars())
        assert "bich" not in terms and "ngoc" not in terms


def test_identity_is_never_in_index_register_or_petitions(db, inspector, officer):
    set_up(db, inspector)
    with db.write() as s:
        rid = reception_svc.record(s, officer, counter_visit(), now=NOW).id
    with db.read() as s:
        row = reception_search.page(s, reception_search.RegisterFilter())[0]
        assert row.id == rid
        assert NAME not in (row.citizen_name or "") and NUMBER not in (row.id_number or "")
        assert "TCTN-2026-" in row.summary
        # Searching the register by the code finds the visit; by the name finds nothing.
        code = svc.case_for_reception(s, rid).code
        found = reception_search.page(s, reception_search.RegisterFilter(text=code))
        assert [r.id for r in found] == [rid]
        assert reception_search.page(s, reception_search.RegisterFilter(text="Bích Ngọc")) == []
        from camau_reception.models.petitions import Petition

        assert s.execute(select(Petition)).first() is None


def test_known_citizen_keeps_their_row_but_loses_the_link(db, inspector, officer):
    """Someone already on file for another matter keeps their row (those visits are not
    secret); the denunciation visit no longer points at them."""
    set_up(db, inspector)
    with db.write() as s:
        first = reception_svc.record(
            s,
            officer,
            counter_visit(
                corruption=False,
                outcome="explained",
                matter_kinds={"recommendation"},
                summary="Kiến nghị sửa nhà văn hóa ấp",
                documents=[],
            ),
            now=NOW,
        )
        citizen_id = first.citizen_id
    with db.write() as s:
        second = reception_svc.record(
            s, officer, counter_visit(received_at=NOW.replace(hour=10, minute=0)), now=NOW
        )
        assert second.citizen_id is None
    with db.read() as s:
        assert s.get(Citizen, citizen_id) is not None
        assert reception_svc.visit_count(s, citizen_id) == 1


def test_intake_receipt_and_followup_lookup_by_any_officer(db, inspector, officer):
    set_up(db, inspector)
    with db.write() as s:
        rid = reception_svc.record(s, officer, counter_visit(), now=NOW).id
    receipt = svc.take_intake_receipt(rid)
    assert receipt is not None and receipt.case_code.startswith("TCTN-2026-")
    assert svc.take_intake_receipt(rid) is None  # handed over once
    assert NAME not in repr(receipt)
    with db.write() as s:
        view = svc.lookup_followup(s, officer, receipt.followup_code.lower().replace("-", " "))
    assert view is not None and view.case_code == receipt.case_code
    assert view.state == "Đang phân loại" and view.due_on == date(2026, 3, 25)
    # A wrong code tells nothing, and the miss stays in the audit trail (guessing shows).
    with db.write() as s:
        assert svc.lookup_followup(s, officer, "AAAA-BBBB-CCCC") is None
    with db.read() as s:
        misses = s.scalars(
            select(AuditEvent.username).where(AuditEvent.action == "corruption.followup_miss")
        ).all()
    assert misses == [officer.username]
    with db.read() as s:
        case = svc.by_code(s, receipt.case_code)
        assert receipt.followup_code not in (case.followup_hash or "")
        assert len(case.followup_hash) == 64
