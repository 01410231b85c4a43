"""The workflow of a corruption denunciation (Luật Tố cáo 2018): deadlines, steps, protection,
anonymous information and the yearly public report."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from camau_reception.models.corruption import CaseState, CorruptionStep
from camau_reception.services import corruption as svc
from camau_reception.services.errors import ConflictError, PermissionDenied, ValidationError
from tests.unit.test_corruption_support import (  # noqa: F401 (fixture)
    NAME,
    TODAY,
    case_input,
    fast_kdf,
    record_case,
    set_up,
)


def _act(db, actor, case_id, action, *, today=date(2026, 12, 31), **kw):
    with db.write() as s:
        version = svc.get(s, case_id).version
        return svc.act(s, actor, case_id, action, svc.ActionInput(**kw), version, today=today).state


def _case(db, case_id):
    with db.read() as s:
        case = svc.get(s, case_id)
        s.expunge(case)
        return case


def test_receipt_starts_the_classification_clock(db, inspector):
    set_up(db, inspector)
    case_id, _ = record_case(db, inspector)  # Monday 16/03/2026
    case = _case(db, case_id)
    assert case.code == "TCTN-2026-0001"
    assert case.state == CaseState.RECEIVED and case.rule_id == "denunciation.classify"
    assert case.due_on == date(2026, 3, 25)  # 7 working days
    # Verification in several places: 10 working days from the same receipt.
    _act(db, inspector, case_id, "extend_classify", on=date(2026, 3, 17))
    assert _case(db, case_id).due_on == date(2026, 3, 30)
    second, _ = record_case(db, inspector, multi_place=True)
    assert _case(db, second).code == "TCTN-2026-0002"
    assert _case(db, second).due_on == date(2026, 3, 30)


def test_accept_verify_extend_twice_conclude_notify_close(db, inspector):
    set_up(db, inspector)
    case_id, _ = record_case(db, inspector)
    with pytest.raises(ValidationError) as err:
        _act(db, inspector, case_id, "accept", on=date(2026, 3, 20))
    assert "document_no" in err.value.errors
    _act(db, inspector, case_id, "accept", on=date(2026, 3, 20), document_no="15/QĐ-SVHTTDL")
    case = _case(db, case_id)
    assert case.resolve_due_on == date(2026, 4, 20)  # 30 days: 19/04 is a Sunday
    _act(db, inspector, case_id, "verify", on=date(2026, 3, 23), document_no="16/QĐ-SVHTTDL")
    _act(db, inspector, case_id, "extend", on=date(2026, 4, 15), document_no="20/QĐ-SVHTTDL")
    assert _case(db, case_id).resolve_due_on == date(2026, 5, 20)
    _act(db, inspector, case_id, "extend", on=date(2026, 5, 15), document_no="25/QĐ-SVHTTDL")
    case = _case(db, case_id)
    assert case.extensions == 2 and case.resolve_due_on == date(2026, 6, 19)
    with pytest.raises(ValidationError):  # at most two extensions
        _act(db, inspector, case_id, "extend", on=date(2026, 6, 1), document_no="30/QĐ")
    with pytest.raises(ValidationError):
        _act(db, inspector, case_id, "conclude", on=date(2026, 6, 10), document_no="31/KL")
    _act(
        db,
        inspector,
        case_id,
        "conclude",
        on=date(2026, 6, 10),
        document_no="31/KL-SVHTTDL",
        result="partly",
    )
    assert svc.is_on_time(_case(db, case_id)) is True
    assert _act(db, inspector, case_id, "notify", on=date(2026, 6, 12)) == "notified"
    assert _act(db, inspector, case_id, "close", on=date(2026, 6, 30)) == "closed"
    with db.read() as s:
        steps = s.execute(
            select(CorruptionStep.action).where(CorruptionStep.case_id == case_id)
        ).scalars()
        assert list(steps) == [
            "receive",
            "accept",
            "verify",
            "extend",
            "extend",
            "conclude",
            "notify",
            "close",
        ]


def test_outside_competence_is_transferred_with_a_numbered_slip(db, inspector):
    set_up(db, inspector)
    case_id, _ = record_case(db, inspector)
    _act(
        db,
        inspector,
        case_id,
        "to_transfer",
        on=date(2026, 3, 18),
        transfer_to="Thanh tra tỉnh Cà Mau",
    )
    case = _case(db, case_id)
    assert case.state == "to_transfer" and case.due_on == date(2026, 3, 25)  # 5 working days
    _act(db, inspector, case_id, "transfer", on=date(2026, 3, 20))
    case = _case(db, case_id)
    assert case.state == "transferred" and case.transfer_doc_no.startswith("01/PC-")
    assert case.due_on is None


def test_leader_and_officer_cannot_act_and_stale_versions_conflict(db, inspector, leader, officer):
    set_up(db, inspector)
    case_id, _ = record_case(db, inspector)
    for actor in (leader, officer):
        with pytest.raises(PermissionDenied):
            _act(db, actor, case_id, "accept", on=date(2026, 3, 20), document_no="1/QĐ")
    with db.write() as s:
        case = svc.get(s, case_id)
        assert svc.available_actions(case, leader) == []
        with pytest.raises(ConflictError):
            svc.act(
                s,
                inspector,
                case_id,
                "not_accept",
                svc.ActionInput(on=date(2026, 3, 18), note="Không đủ điều kiện"),
                case.version + 1,
            )
    with pytest.raises(PermissionDenied), db.read() as s:
        svc.search(s, officer, svc.CaseFilter())


def test_anonymous_report_is_information_not_a_denunciation(db, inspector):
    vault = set_up(db, inspector)
    case_id, code = record_case(db, inspector, anonymous=True, identity=None, source="hotline")
    case = _case(db, case_id)
    assert case.state == "information" and case.kind == "information"
    assert case.due_on is None and not case.has_identity
    assert case.reporter_label == "Nặc danh" and code
    with db.write() as s, pytest.raises(ValidationError):
        svc.reveal_identity(s, inspector, vault.ring, case_id, "Kiểm tra nguồn tin báo")
    # A named report without a name is refused rather than silently made anonymous.
    with pytest.raises(ValidationError) as err:
        record_case(db, inspector, identity=None)
    assert "identity.full_name" in err.value.errors


def test_summary_naming_the_denouncer_is_refused(db, inspector):
    set_up(db, inspector)
    with pytest.raises(ValidationError) as err:
        record_case(db, inspector, summary=f"Bà {NAME} tố cáo cán bộ nhận hối lộ.")
    assert "summary" in err.value.errors
    assert svc.redact(f"Bà {NAME} gọi 0918.765.432", case_input().identity) == (
        "Bà [đã che] gọi [đã che]"
    )


def test_protection_request_deadline_decision_and_measures(db, inspector):
    set_up(db, inspector)
    case_id, _ = record_case(db, inspector)
    with db.write() as s:
        req = svc.add_protection_request(
            s,
            inspector,
            case_id,
            svc.ProtectionInput(
                requested_on=date(2026, 3, 18),
                persons={"reporter", "children"},
                kinds={"job", "life_health"},
            ),
            today=TODAY,
        )
        req_id = req.id
        assert req.decision_due_on == date(2026, 3, 27)  # 7 working days
        assert svc.describe_persons(req.persons) == "Người tố cáo, con"
    with db.write() as s, pytest.raises(ValidationError):
        svc.add_protection_measure(s, inspector, req_id, "Bố trí công tác khác", date(2026, 3, 25))
    with db.read() as s:  # the decision is tracked like any deadline
        assert svc.dashboard(s, inspector, date(2026, 3, 27)).protection_overdue == []
        late = svc.dashboard(s, inspector, date(2026, 3, 30)).protection_overdue
        assert [(r.case_id, r.due_on) for r in late] == [(case_id, date(2026, 3, 27))]
    with db.write() as s:
        svc.decide_protection(s, inspector, req_id, True, date(2026, 3, 24), "18/QĐ-SVHTTDL")
        svc.add_protection_measure(
            s,
            inspector,
            req_id,
            "Không điều chuyển công tác người tố cáo trong thời gian giải quyết",
            date(2026, 3, 25),
            date(2026, 9, 25),
            "Phòng Tổ chức cán bộ",
        )
    with db.read() as s:
        case = svc.get(s, case_id)
        r = case.protection_requests[0]
        assert r.status == "approved" and len(r.measures) == 1
        d = svc.dashboard(s, inspector, date(2026, 3, 26))
        assert d.open == 1 and d.protection_pending == 0
    with db.write() as s, pytest.raises(ValidationError):
        svc.add_protection_request(
            s, inspector, case_id, svc.ProtectionInput(date(2026, 3, 18), set(), set())
        )


def test_yearly_report_counts_without_identities(db, inspector):
    set_up(db, inspector)
    end = date(2026, 12, 31)
    a, _ = record_case(db, inspector, received_on=date(2026, 2, 2), today=end)
    b, _ = record_case(db, inspector, received_on=date(2026, 5, 4), field="Du lịch", today=end)
    c, _ = record_case(db, inspector, received_on=date(2026, 8, 3), today=end)
    record_case(
        db, inspector, received_on=date(2026, 11, 2), anonymous=True, identity=None, today=end
    )
    record_case(db, inspector, received_on=date(2025, 12, 1), today=end)  # another year
    _act(db, inspector, a, "accept", on=date(2026, 2, 6), document_no="3/QĐ")
    _act(db, inspector, a, "conclude", on=date(2026, 3, 2), document_no="5/KL", result="right")
    _act(db, inspector, b, "to_transfer", on=date(2026, 5, 6), transfer_to="Thanh tra tỉnh")
    _act(db, inspector, b, "transfer", on=date(2026, 5, 8))
    _act(db, inspector, c, "accept", on=date(2026, 8, 5), document_no="9/QĐ")
    with db.read() as s:
        rep = svc.yearly_report(s, 2026)
    assert rep.received == 4 and rep.denunciations == 3 and rep.anonymous == 1
    assert rep.by_quarter == [1, 1, 1, 1]
    assert rep.by_outcome == {"accepted": 2, "transferred": 1, "information": 1}
    assert rep.by_field["Văn hóa, di sản"] == 3 and rep.by_field["Du lịch"] == 1
    assert rep.concluded == 1 and rep.by_result == {"right": 1} and rep.on_time == 1
    assert rep.average_days == 28.0
    assert rep.open_at_end == 2  # c (accepted, not concluded) and the 2025 case
    text = "\n".join(" ".join(r) for r in rep.rows())
    assert NAME not in text and "Quý IV" in text


def test_yearly_report_command_pdf_and_csv(db, db_path, inspector, tmp_path):
    from camau_reception.cli import main
    from camau_reception.printing.pdftext import pdf_text

    set_up(db, inspector)
    record_case(db, inspector)
    record_case(db, inspector, anonymous=True, identity=None)
    pdf, csv_path = tmp_path / "bc.pdf", tmp_path / "bc.csv"
    args = ["--db", str(db_path)]
    assert main([*args, "print", "corruption-report", "--year", "2026", "--out", str(pdf)]) == 0
    text = " ".join(pdf_text(pdf).split())
    assert "Kết quả tiếp nhận, xử lý tố cáo hành vi tham nhũng năm 2026" in text
    assert "Tổng số tin, đơn tố cáo tham nhũng tiếp nhận 2" in text
    assert "Số: …/BC-" in text  # numbered by the clerical office when signed
    assert NAME not in text
    assert (
        main([*args, "export", "corruption-report", "--year", "2026", "--out", str(csv_path)]) == 0
    )
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the accents
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "Năm,Nhóm chỉ tiêu,Chỉ tiêu,Số liệu"
    assert "2026,Tổng quát,Trong đó: tin báo nặc danh,1" in lines
    assert NAME not in raw.decode("utf-8-sig")
    with pytest.raises(SystemExit) as bad:
        main([*args, "print", "corruption-report", "--year", "abc", "--out", "x"])
    assert bad.value.code == 2


def test_transfer_slip_names_the_reporter_only_as_masked(db, inspector, tmp_path):
    from camau_reception.printing.pdftext import pdf_text

    set_up(db, inspector)
    case_id, _ = record_case(db, inspector)
    _act(db, inspector, case_id, "to_transfer", on=date(2026, 3, 18), transfer_to="Thanh tra tỉnh")
    out = tmp_path / "slip.pdf"
    with db.read() as s:
        svc.print_transfer_slip(s, inspector, case_id, out, date(2026, 3, 19))
    text = " ".join(pdf_text(out).split())
    assert "Người tố cáo (đã bảo mật). Theo khoản 3 Điều 8" in text
    assert "Người tố cáo: Người tố cáo" not in text
    assert NAME not in text and "Số: …/PC-" in text
