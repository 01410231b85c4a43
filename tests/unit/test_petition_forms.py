"""The petition forms on paper: number, letterhead, the petition's facts, reprints, refusals."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from camau_reception.models.audit import AuditEvent
from camau_reception.printing.pdftext import pdf_page_count, pdf_text
from camau_reception.services import petitions as svc
from camau_reception.services.actor import Actor
from camau_reception.services.errors import ValidationError
from camau_reception.storage.db import Database


def _flat(path: Path) -> str:
    return re.sub(r"\s+", " ", pdf_text(path, layout=False))


def _petition(db: Database, officer: Actor, kind: str = "complaint", **kw) -> int:
    data = {
        "kind": kind,
        "source": "transferred",
        "received_on": date(2026, 7, 1),
        "summary": "Khiếu nại Quyết định số 125/QĐ-XPHC xử phạt vi phạm về quảng cáo ngoài trời",
        "petitioner_name": "Nguyễn Văn Đức",
        "petitioner_address": "Số 12 Phan Ngọc Hiển, phường An Xuyên, tỉnh Cà Mau",
        "sender_body": "Thanh tra tỉnh Cà Mau",
        "sender_letter_no": "125/TTr-NV",
        "sender_letter_date": date(2026, 6, 28),
        **kw,
    }
    with db.write() as s:
        return svc.record(s, officer, svc.PetitionInput(**data))[0].id


def test_acceptance_notice_and_proposal(db: Database, officer: Actor, tmp_path: Path) -> None:
    pid = _petition(db, officer)
    with db.write() as s:
        svc.classify(s, officer, pid, eligible=True, within_competence=True, on=date(2026, 7, 2))
        doc = svc.issue_form(
            s, officer, pid, "proposal", on=date(2026, 7, 3), out=tmp_path / "dx.pdf"
        )
        assert doc.number == "01/PĐX-SVHTTDL"
        # Before acceptance there is nothing to notify.
        with pytest.raises(ValidationError) as err:
            svc.issue_form(s, officer, pid, "acceptance", on=date(2026, 7, 3), out=tmp_path / "x")
        assert "Đã phân loại" in err.value.errors["form"]
    proposal = _flat(tmp_path / "dx.pdf")
    for text in (
        "PHIẾU ĐỀ XUẤT THỤ LÝ",
        "Số: 01/PĐX-SVHTTDL",
        "Cà Mau, ngày 03 tháng 7 năm 2026",
        "DT-2026-0001",
        "Nguyễn Văn Đức",
        "do Thanh tra tỉnh Cà Mau chuyển đến theo văn bản số 125/TTr-NV ngày 28/06/2026",
        "30 ngày kể từ ngày thụ lý",
        "Võ Thị Thu Hà",  # the officer who proposes signs on the left
    ):
        assert text in proposal, text

    with db.write() as s:
        svc.accept(s, officer, pid, decision_no="12/QĐ-SVHTTDL", on=date(2026, 7, 6))
        doc = svc.issue_form(
            s, officer, pid, "acceptance", on=date(2026, 7, 6), out=tmp_path / "tb.pdf"
        )
    assert doc.number == "01/TB-SVHTTDL"
    text = _flat(tmp_path / "tb.pdf")
    for part in (
        "UBND TỈNH CÀ MAU",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 01/TB-SVHTTDL",
        "THÔNG BÁO",
        "Về việc thụ lý giải quyết khiếu nại",
        "Kính gửi: Ông/Bà Nguyễn Văn Đức",
        "Ngày 01 tháng 7 năm 2026",
        "kể từ ngày 06/07/2026 (Quyết định/Thông báo số 12/QĐ-SVHTTDL)",
        "chậm nhất đến ngày 05/08/2026",
        "Luật Khiếu nại 2011, Điều 28",
        "GIÁM ĐỐC",
        "Nơi nhận:",
    ):
        assert part in text, part
    assert pdf_page_count(tmp_path / "tb.pdf") == 1


def test_transfer_and_guidance_slips(db: Database, officer: Actor, tmp_path: Path) -> None:
    a = _petition(db, officer, kind="reflection", source="post", sender_body="")
    b = _petition(
        db,
        officer,
        kind="recommendation",
        source="post",
        sender_body="",
        petitioner_name="Lê Văn Tám",
    )
    with db.write() as s:
        for pid in (a, b):
            svc.classify(
                s, officer, pid, eligible=True, within_competence=False, on=date(2026, 7, 2)
            )
        svc.transfer(
            s, officer, a, to_body="Ủy ban nhân dân xã Tân Thành", letter_no="", on=date(2026, 7, 3)
        )
        svc.guide(s, officer, b, to_body="Văn phòng Đăng ký đất đai", on=date(2026, 7, 3))
        pc = svc.issue_form(s, officer, a, "transfer", on=date(2026, 7, 3), out=tmp_path / "pc.pdf")
        hd = svc.issue_form(s, officer, b, "guidance", on=date(2026, 7, 3), out=tmp_path / "hd.pdf")
        tb = svc.issue_form(
            s, officer, b, "non_acceptance", on=date(2026, 7, 3), out=tmp_path / "khong.pdf"
        )
    assert (pc.number, hd.number, tb.number) == (
        "01/PC-SVHTTDL",
        "01/PHD-SVHTTDL",
        "01/TB-SVHTTDL",
    )
    transfer = _flat(tmp_path / "pc.pdf")
    assert "PHIẾU CHUYỂN ĐƠN" in transfer
    assert "Kính gửi: Ủy ban nhân dân xã Tân Thành" in transfer
    assert "đơn phản ánh của Ông/Bà Nguyễn Văn Đức" in transfer
    guidance = _flat(tmp_path / "hd.pdf")
    assert "PHIẾU HƯỚNG DẪN" in guidance
    assert "gửi đơn đến Văn phòng Đăng ký đất đai" in guidance
    refusal = _flat(tmp_path / "khong.pdf")
    assert "Về việc không thụ lý giải quyết kiến nghị" in refusal
    assert "không thuộc thẩm quyền" in refusal


def test_reprint_keeps_the_number_and_is_audited(
    db: Database, officer: Actor, tmp_path: Path
) -> None:
    pid = _petition(db, officer, kind="reflection", source="post", sender_body="")
    with db.write() as s:
        svc.classify(s, officer, pid, eligible=True, within_competence=False, on=date(2026, 7, 2))
        svc.transfer(
            s, officer, pid, to_body="UBND xã Tân Thành", letter_no="", on=date(2026, 7, 3)
        )
        first = svc.issue_form(
            s, officer, pid, "transfer", on=date(2026, 7, 3), out=tmp_path / "1"
        ).number
    with db.write() as s:
        again = svc.issue_form(
            s, officer, pid, "transfer", on=date(2026, 7, 9), out=tmp_path / "2.pdf"
        ).number
        fresh = svc.issue_form(
            s,
            officer,
            pid,
            "transfer",
            on=date(2026, 7, 9),
            out=tmp_path / "3.pdf",
            new_number=True,
        ).number
    assert again == first == "01/PC-SVHTTDL"
    assert "ngày 03 tháng 7 năm 2026" in _flat(tmp_path / "2.pdf")  # the original date
    assert fresh == "02/PC-SVHTTDL"
    with db.read() as s:
        docs = [d.number for d in svc.documents_of(s, pid)]
        actions = [e.action for e in s.query(AuditEvent).filter(AuditEvent.entity == "petition")]
    assert docs == ["01/PC-SVHTTDL", "02/PC-SVHTTDL"]
    assert actions.count("petition.issue_form") == 2
    assert actions.count("petition.reprint_form") == 1


def test_forms_not_allowed_in_the_state_are_refused(
    db: Database, officer: Actor, tmp_path: Path
) -> None:
    pid = _petition(db, officer)
    with db.read() as s:
        p = svc.get(s, pid)
        assert svc.available_forms(p) == []
    with db.write() as s, pytest.raises(ValidationError) as err:
        svc.issue_form(s, officer, pid, "transfer", on=date(2026, 7, 2), out=tmp_path / "x.pdf")
    assert "Mới tiếp nhận" in err.value.errors["form"]
    assert not (tmp_path / "x.pdf").exists()
    with db.write() as s:
        svc.classify(s, officer, pid, eligible=True, within_competence=True, on=date(2026, 7, 2))
    with db.read() as s:
        assert svc.available_forms(svc.get(s, pid)) == ["proposal"]
    with db.write() as s:
        svc.accept(s, officer, pid, decision_no="12/QĐ", on=date(2026, 7, 3))
    with db.read() as s:
        assert svc.available_forms(svc.get(s, pid)) == ["acceptance", "proposal"]
