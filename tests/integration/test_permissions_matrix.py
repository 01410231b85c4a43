"""Every service entry point that takes a user, called by every role.

A role outside the entry point's allowed set gets ``PermissionDenied`` (and nothing is written);
a role inside it never does (it may still meet a validation or state error, which is fine here).
Each call runs in a transaction that is rolled back, so the calls do not depend on each other.

Areas add their entry points to ``MATRIX``; ``test_every_entry_point_is_in_the_matrix`` fails
for a covered module whose new entry point is not listed.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from camau_reception.models.users import Role
from camau_reception.reliability import Tally
from camau_reception.services.actor import Actor
from camau_reception.services.errors import PermissionDenied, ServiceError
from camau_reception.storage.db import Database

# Part of the reliability suite (`make reliability`); short form in `make test`.
pytestmark = pytest.mark.slow

TODAY = date(2026, 3, 16)
NOW = datetime(2026, 3, 16, 16, 0)
OFF, LEAD, INSP, ADM = Role.OFFICER, Role.LEADER, Role.INSPECTOR, Role.ADMIN
HANDLERS = frozenset({OFF, LEAD, INSP})
ADMIN = frozenset({ADM})
NOBODY = Actor(id=9999, username="khongvaitro", full_name="Không Vai Trò", roles=frozenset())


@dataclass
class World:
    db: Database
    tmp: Path
    ids: dict[str, Any]
    actors: dict[str, Actor]


class _Rollback(Exception):
    pass


Call = Callable[[Any, Actor, World], Any]


@dataclass(frozen=True)
class Entry:
    call: Call
    allowed: frozenset[Role]
    session: bool = True  # False: the entry point works on the database file, not a session


def _foundation() -> dict[str, Entry]:
    from camau_reception.domain.agency import SAMPLE_AGENCY
    from camau_reception.domain.calendar import OverrideKind
    from camau_reception.services import agency, backups, calendar, settings, users

    def user_input(w: World) -> users.UserInput:
        return users.UserInput("canbomoi", "Lâm Thị Yến", {OFF}, "mot-mat-khau-dai")

    return {
        "users.create_user": Entry(lambda s, a, w: users.create_user(s, a, user_input(w)), ADMIN),
        "users.update_user": Entry(
            lambda s, a, w: users.update_user(
                s, a, w.ids["officer"], users.UserInput("canbo", "Võ Thị Thu Hà", {OFF, LEAD})
            ),
            ADMIN,
        ),
        "users.reset_password": Entry(
            lambda s, a, w: users.reset_password(s, a, w.ids["officer"], "mat-khau-moi-dai"),
            ADMIN,
        ),
        "users.set_active": Entry(
            lambda s, a, w: users.set_active(s, a, w.ids["officer"], False), ADMIN
        ),
        "agency.save_profile": Entry(
            lambda s, a, w: agency.save_profile(s, a, SAMPLE_AGENCY), ADMIN
        ),
        "calendar.add_override": Entry(
            lambda s, a, w: calendar.add_override(
                s, a, date(2026, 5, 4), OverrideKind.DAY_OFF, "Nghỉ bù theo thông báo"
            ),
            ADMIN,
        ),
        "calendar.remove_override": Entry(
            lambda s, a, w: calendar.remove_override(s, a, w.ids["override"]), ADMIN
        ),
        "settings.put": Entry(lambda s, a, w: settings.put(s, a, "report.note", "x"), ADMIN),
        "backups.set_policy": Entry(lambda s, a, w: backups.set_policy(s, a, 10, 4, 12), ADMIN),
        "backups.automatic_backups": Entry(
            lambda s, a, w: backups.automatic_backups(a, w.db), ADMIN, session=False
        ),
        "backups.inspect": Entry(
            lambda s, a, w: backups.inspect(a, w.ids["backup"]), ADMIN, session=False
        ),
        "backups.backup_to": Entry(
            lambda s, a, w: backups.backup_to(w.db, a, w.tmp / f"{a.username}.sqlite3"),
            ADMIN,
            session=False,
        ),
        "backups.prune": Entry(lambda s, a, w: backups.prune(w.db, a), ADMIN, session=False),
        "backups.restore": Entry(
            lambda s, a, w: backups.restore(w.db, a, w.ids["backup"]), ADMIN, session=False
        ),
    }


def _reception() -> dict[str, Entry]:
    import random

    from camau_reception.services import reception
    from tests.integration.workers import visit_input

    def update(s, a, w):
        r = reception.get(s, w.ids["reception"])
        data = reception.to_input(r)
        data.summary = "Nội dung đã sửa khi kiểm tra quyền."
        return reception.update(s, a, r.id, data, r.version, now=NOW)

    return {
        "reception.record": Entry(
            lambda s, a, w: reception.record(s, a, visit_input(random.Random(5), 5), now=NOW),
            HANDLERS,
        ),
        "reception.update": Entry(update, HANDLERS | ADMIN),
        "reception.cancel": Entry(
            lambda s, a, w: reception.cancel(
                s, a, w.ids["reception"], "Ghi nhầm, hủy lượt tiếp", w.ids["reception_version"]
            ),
            ADMIN,
        ),
    }


def _petitions() -> dict[str, Entry]:
    from camau_reception.services import petitions

    def act(name: str, **kw: Any) -> Entry:
        fn = getattr(petitions, name)
        return Entry(
            lambda s, a, w: fn(s, a, w.ids["petition"], on=TODAY, today=TODAY, **kw), HANDLERS
        )

    record_input = petitions.PetitionInput(
        kind="recommendation",
        source="post",
        received_on=date(2026, 3, 2),
        summary="Kiến nghị sửa chữa nhà văn hóa ấp Khai Long.",
        petitioner_name="Trần Thị Lan",
    )
    return {
        "petitions.record": Entry(
            lambda s, a, w: petitions.record(s, a, record_input, today=TODAY), HANDLERS
        ),
        "petitions.classify": act("classify", eligible=True, within_competence=True),
        "petitions.accept": act("accept", decision_no="01/QĐ-SVHTTDL"),
        "petitions.extend": Entry(
            lambda s, a, w: petitions.extend(
                s,
                a,
                w.ids["petition"],
                reason="Vụ việc phức tạp",
                decision_no="02/QĐ",
                approver_id=w.ids["leader"],
                on=TODAY,
                today=TODAY,
            ),
            HANDLERS,
        ),
        "petitions.start_verification": act("start_verification"),
        "petitions.resolve": act("resolve", decision_no="03/QĐ", result="Đúng một phần"),
        "petitions.notify": act("notify"),
        "petitions.close": act("close"),
        "petitions.transfer": act("transfer", to_body="UBND xã Đất Mũi", letter_no="04/PC"),
        "petitions.guide": act("guide", to_body="Tòa án nhân dân tỉnh"),
        "petitions.return_": act("return_", reason="Đơn không ghi rõ họ tên"),
        "petitions.archive": act("archive", reason="Đơn trùng"),
        "petitions.reopen": act("reopen", reason="Có tình tiết mới"),
        "petitions.dismiss_duplicates": Entry(
            lambda s, a, w: petitions.dismiss_duplicates(s, a, w.ids["petition2"], on=TODAY),
            HANDLERS,
        ),
        "petitions.issue_form": Entry(
            lambda s, a, w: petitions.issue_form(
                s, a, w.ids["petition"], "thong_bao_thu_ly", on=TODAY, out=w.tmp / "form.pdf"
            ),
            HANDLERS,
        ),
        "petitions.link_duplicate": Entry(
            lambda s, a, w: petitions.link_duplicate(
                s, a, w.ids["petition2"], w.ids["petition"], TODAY
            ),
            HANDLERS,
        ),
    }


def _dossiers() -> dict[str, Entry]:
    from camau_reception.services import dossiers

    staff = frozenset({OFF, LEAD, ADM})
    return {
        "dossiers.upsert_procedure": Entry(
            lambda s, a, w: dossiers.upsert_procedure(
                s, a, dossiers.ProcedureInput(code="1.000002", name="Cấp phép quảng cáo")
            ),
            staff,
        ),
        "dossiers.update_dossier": Entry(
            lambda s, a, w: dossiers.update_dossier(
                s,
                a,
                w.ids["dossier"],
                replace(
                    dossiers.to_input(dossiers.get(s, w.ids["dossier"])),
                    applicant_address="Phường 8, Cà Mau",
                ),
                dossiers.get(s, w.ids["dossier"]).version,
            ),
            staff,
        ),
        "dossiers.upsert_dossier": Entry(
            lambda s, a, w: dossiers.upsert_dossier(
                s,
                a,
                dossiers.DossierInput(
                    code="HS-PQ-2",
                    procedure_code="1.000001",
                    applicant_name="Huỳnh Văn Lực",
                    received_at=datetime(2026, 3, 2, 8, 0),
                ),
                now=NOW,
            ),
            staff,
        ),
        "dossiers.mark_returned": Entry(
            lambda s, a, w: dossiers.mark_returned(s, a, w.ids["dossier"], NOW), staff
        ),
        "dossiers.issue_apology": Entry(
            lambda s, a, w: dossiers.issue_apology(
                s,
                a,
                w.ids["dossier"],
                dossiers.ApologyInput("Hồ sơ cần xác minh thêm", date(2026, 3, 20)),
                TODAY,
            ),
            staff,
        ),
        "dossiers.issue_batch": Entry(
            lambda s, a, w: dossiers.issue_batch(s, a, NOW, "Quá tải hồ sơ", "", ""), staff
        ),
        "dossiers.record_survey": Entry(
            lambda s, a, w: dossiers.record_survey(
                s, a, dossiers.SurveyInput(overall=1, on=TODAY, dossier_id=w.ids["dossier"])
            ),
            staff,
        ),
        **_dossiers_split(staff),
    }


def _dossiers_split(staff: frozenset[Role]) -> dict[str, Entry]:
    """The dossier area's modules after the split (procedures, apologies, indicators, surveys)."""
    from camau_reception.services import apologies, dossiers, indicators, procedures, surveys

    def proc_id(s: Any) -> int:
        return procedures.get_by_code(s, "1.000001").id

    return {
        "procedures.apply_procedure": Entry(
            lambda s, a, w: procedures.apply_procedure(
                s, a, procedures.ProcedureInput(code="1.000003", name="Cấp phép triển lãm")
            ),
            staff,
        ),
        "procedures.upsert_procedure": Entry(
            lambda s, a, w: procedures.upsert_procedure(
                s, a, procedures.ProcedureInput(code="1.000004", name="Công nhận điểm du lịch")
            ),
            staff,
        ),
        "procedures.set_in_force": Entry(
            lambda s, a, w: procedures.set_in_force(s, a, proc_id(s), False),
            frozenset({LEAD, ADM}),
        ),
        "dossiers.apply_dossier": Entry(
            lambda s, a, w: dossiers.apply_dossier(
                s,
                a,
                dossiers.DossierInput(
                    code="HS-PQ-3",
                    procedure_code="1.000001",
                    applicant_name="Trương Văn Tài",
                    received_at=datetime(2026, 3, 3, 8, 0),
                ),
                now=NOW,
            ),
            staff,
        ),
        "dossiers.withdraw": Entry(
            lambda s, a, w: dossiers.withdraw(s, a, w.ids["dossier"], "Công dân xin rút"), staff
        ),
        "dossiers.print_receipt": Entry(
            lambda s, a, w: dossiers.print_receipt(
                s, a, w.ids["dossier"], w.tmp / f"giay-tiep-nhan-{a.username}.pdf"
            ),
            staff,
        ),
        "apologies.issue_apology": Entry(
            lambda s, a, w: apologies.issue_apology(
                s,
                a,
                w.ids["dossier"],
                apologies.ApologyInput("Hồ sơ cần xác minh thêm", date(2026, 3, 20)),
                TODAY,
            ),
            staff,
        ),
        "apologies.issue_batch": Entry(
            lambda s, a, w: apologies.issue_batch(s, a, NOW, "Quá tải hồ sơ", "", ""), staff
        ),
        "indicators.set_targets": Entry(
            lambda s, a, w: indicators.set_targets(s, a, {"online": 95}), ADMIN
        ),
        "surveys.record_survey": Entry(
            lambda s, a, w: surveys.record_survey(
                s, a, surveys.SurveyInput(overall=3, on=TODAY, reception_id=1)
            ),
            staff,
        ),
    }


def _deadline_rules() -> dict[str, Entry]:
    from camau_reception.services import deadline_rules

    return {
        "deadline_rules.add_version": Entry(
            lambda s, a, w: deadline_rules.add_version(
                s,
                a,
                deadline_rules.RuleVersionInput(
                    rule_id="complaint.accept",
                    days=12,
                    unit="working_days",
                    source="Luật Khiếu nại sửa đổi (giả định cho kiểm thử)",
                    effective_from=date(2027, 1, 1),
                ),
                TODAY,
            ),
            ADMIN,
        )
    }


def _petition_workflow() -> dict[str, Entry]:
    from camau_reception.services import petition_workflow

    return {
        "petition_workflow.perform": Entry(
            lambda s, a, w: petition_workflow.perform(
                s,
                a,
                w.ids["petition"],
                "classify",
                eligible=True,
                within_competence=True,
                on=TODAY,
                today=TODAY,
            ),
            HANDLERS,
        ),
    }


def _corruption() -> dict[str, Entry]:
    """Protected denunciations and their keys. Each caller passes the key ring it unlocks with
    its own password (None for anyone but an inspector), as the sign-in dialog does."""
    from camau_reception.services import corruption as svc
    from camau_reception.services import corruption_keys as keys
    from camau_reception.services import reception
    from tests.integration.workers import PASSWORD

    inspector = frozenset({INSP})
    viewers = frozenset({LEAD, INSP})
    reason = "Xác minh nội dung tố cáo theo kế hoạch"

    def ring(s: Any, a: Actor) -> keys.KeyRing | None:
        return keys.unlock(s, a, PASSWORD)

    def intake(s: Any, a: Actor, w: World) -> Any:
        r = reception.get(s, w.ids["reception"])
        try:
            return svc.intake_from_reception(s, a, r, reception.to_input(r))
        finally:
            svc.take_intake_receipt(r.id)  # the code waits in process memory: drop it

    def details(s: Any, a: Actor, w: World) -> Any:
        data = svc.DetailsInput(summary="Tố cáo sai phạm khi thẩm định hồ sơ cấp phép.")
        return svc.update_details(s, a, w.ids["case"], data, w.ids["case_version"], ring(s, a))

    def first_setup(s: Any, a: Actor, w: World) -> str:
        from sqlalchemy import delete

        from camau_reception.models.corruption import DataKeyVault

        s.execute(delete(DataKeyVault))  # as before the first set-up (rolled back by the probe)
        return keys.setup(s, a, ring(s, a))

    return {
        "corruption.record": Entry(
            lambda s, a, w: svc.record(s, a, _case_input(), today=TODAY), HANDLERS
        ),
        "corruption.intake_from_reception": Entry(intake, HANDLERS),
        "corruption.lookup_followup": Entry(
            lambda s, a, w: svc.lookup_followup(s, a, w.ids["followup"]), HANDLERS
        ),
        "corruption.add_attachment": Entry(
            lambda s, a, w: svc.add_attachment(
                s, a, w.ids["case"], svc.ATTACHMENT_LABELS[2], "chung-cu.pdf", b"%PDF-1.4 x"
            ),
            HANDLERS,
        ),
        "corruption.search": Entry(
            lambda s, a, w: svc.search(s, a, svc.CaseFilter(text="TCTN")), viewers
        ),
        "corruption.list_rows": Entry(
            lambda s, a, w: svc.list_rows(s, a, svc.CaseFilter(only_open=True)), viewers
        ),
        "corruption.dashboard": Entry(lambda s, a, w: svc.dashboard(s, a, TODAY), viewers),
        "corruption.access_history": Entry(
            lambda s, a, w: svc.access_history(s, a, w.ids["case"]), viewers
        ),
        "corruption.print_transfer_slip": Entry(
            lambda s, a, w: svc.print_transfer_slip(
                s, a, w.ids["case_transfer"], w.tmp / f"phieu-chuyen-{a.username}.pdf", TODAY
            ),
            viewers,
        ),
        "corruption.print_verifier_copy": Entry(
            lambda s, a, w: svc.print_verifier_copy(
                s, a, w.ids["case"], w.tmp / f"ban-trich-{a.username}.pdf", TODAY
            ),
            viewers,
        ),
        "corruption.reveal_identity": Entry(
            lambda s, a, w: svc.reveal_identity(s, a, ring(s, a), w.ids["case"], reason),
            inspector,
        ),
        "corruption.update_identity": Entry(
            lambda s, a, w: svc.update_identity(
                s, a, ring(s, a), w.ids["case"], _identity(phone="0919000111"), reason
            ),
            inspector,
        ),
        "corruption.update_details": Entry(details, inspector),
        "corruption.delete_case": Entry(
            lambda s, a, w: svc.delete_case(s, a, ring(s, a), w.ids["case"], "Nhập nhầm hồ sơ"),
            inspector,
        ),
        "corruption.open_attachment": Entry(
            lambda s, a, w: svc.open_attachment(s, a, ring(s, a), w.ids["attachment"], reason),
            inspector,
        ),
        "corruption.delete_attachment": Entry(
            lambda s, a, w: svc.delete_attachment(s, a, w.ids["attachment"], "Tải nhầm tệp"),
            inspector,
        ),
        "corruption.act": Entry(
            lambda s, a, w: svc.act(
                s,
                a,
                w.ids["case"],
                "accept",
                svc.ActionInput(on=TODAY, document_no="05/QĐ-TTr"),
                w.ids["case_version"],
                today=TODAY,
            ),
            inspector,
        ),
        "corruption.add_protection_request": Entry(
            lambda s, a, w: svc.add_protection_request(
                s,
                a,
                w.ids["case"],
                svc.ProtectionInput(
                    requested_on=TODAY, persons={"reporter"}, kinds={"confidentiality"}
                ),
                today=TODAY,
            ),
            inspector,
        ),
        "corruption.decide_protection": Entry(
            lambda s, a, w: svc.decide_protection(
                s, a, w.ids["protection_pending"], True, TODAY, "06/QĐ-TTr"
            ),
            inspector,
        ),
        "corruption.add_protection_measure": Entry(
            lambda s, a, w: svc.add_protection_measure(
                s, a, w.ids["protection_approved"], "Giữ bí mật thông tin người tố cáo", TODAY
            ),
            inspector,
        ),
        "corruption_keys.setup": Entry(first_setup, inspector),
        "corruption_keys.regenerate_recovery": Entry(
            lambda s, a, w: keys.regenerate_recovery(s, a, ring(s, a)), inspector
        ),
        "corruption_keys.grant": Entry(
            lambda s, a, w: keys.grant(s, a, ring(s, a), w.ids["inspector2"]), inspector
        ),
        "corruption_keys.revoke": Entry(
            lambda s, a, w: keys.revoke(s, a, ring(s, a), w.ids["inspector2"]), inspector
        ),
        "corruption_keys.grant_with_recovery": Entry(
            lambda s, a, w: keys.grant_with_recovery(s, a, w.ids["recovery"], w.ids["inspector2"]),
            viewers,
        ),
    }


def _identity(**kw: Any) -> Any:
    from camau_reception.services.corruption import Identity

    values: dict[str, Any] = {
        "full_name": "Trương Thị Bích Ngọc",
        "id_number": "096189007531",
        "phone": "0918765432",
        "address": "Số 45, đường Phan Ngọc Hiển, Phường Tân Thành, Cà Mau",
        "statement": "Tôi tố cáo việc nhận tiền để cấp phép biểu diễn.",
    }
    values.update(kw)
    return Identity(**values)


def _case_input() -> Any:
    from camau_reception.services.corruption import CaseInput

    return CaseInput(
        received_on=date(2026, 3, 2),
        summary="Tố cáo cán bộ nhận tiền khi thẩm định hồ sơ cấp phép biểu diễn nghệ thuật.",
        source="post",
        identity=_identity(),
        field="Văn hóa, di sản",
        subject="Một chuyên viên phòng Quản lý văn hóa",
    )


def _schedule() -> dict[str, Entry]:
    from camau_reception.domain.recurrence import Rule
    from camau_reception.services import schedule

    planners = frozenset({LEAD, ADM})

    def staff(name: str) -> Entry:
        fn = getattr(schedule, name)
        return Entry(
            lambda s, a, w: fn(s, a, "Trần Văn Bình", "Chuyên viên", is_leader=False), planners
        )

    return {
        "schedule.add_staff": staff("add_staff"),
        "schedule.add_person": staff("add_person"),
        "schedule.update_staff": Entry(
            lambda s, a, w: schedule.update_staff(
                s,
                a,
                w.ids["desk_person"],
                full_name="Lâm Thị Yến",
                position="Chuyên viên chính",
                is_leader=False,
                is_head=False,
                phone="",
                email="",
                active=True,
                user_id=None,
            ),
            planners,
        ),
        "schedule.generate": Entry(
            lambda s, a, w: schedule.generate(
                s,
                a,
                Rule("day_of_month", day=15),
                date(2026, 7, 1),
                date(2026, 7, 31),
                w.ids["head"],
            ),
            planners,
        ),
        "schedule.create_session": Entry(
            lambda s, a, w: schedule.create_session(s, a, date(2026, 6, 12), w.ids["head"]),
            planners,
        ),
        "schedule.update_session": Entry(
            lambda s, a, w: schedule.update_session(
                s,
                a,
                w.ids["duty"],
                start_time="08:00",
                end_time="11:00",
                place="",
                topics="Văn hóa, lễ hội",
                presiding_id=w.ids["head"],
            ),
            planners,
        ),
        "schedule.delete_session": Entry(
            lambda s, a, w: schedule.delete_session(s, a, w.ids["duty"]), planners
        ),
        "schedule.move": Entry(
            lambda s, a, w: schedule.move(
                s, a, w.ids["duty"], date(2026, 6, 11), "Trùng lịch họp UBND tỉnh"
            ),
            planners,
        ),
        "schedule.postpone": Entry(
            lambda s, a, w: schedule.postpone(
                s, a, w.ids["duty"], date(2026, 6, 11), "Trùng lịch họp UBND tỉnh"
            ),
            planners,
        ),
        "schedule.deputise": Entry(
            lambda s, a, w: schedule.deputise(s, a, w.ids["duty"], w.ids["deputy"], "Đi công tác"),
            planners,
        ),
        "schedule.cancel_deputy": Entry(
            lambda s, a, w: schedule.cancel_deputy(s, a, w.ids["duty_deputised"]), planners
        ),
        "schedule.set_desk": Entry(
            lambda s, a, w: schedule.set_desk(
                s, a, date(2026, 6, 10), "morning", [w.ids["desk_person"]]
            ),
            planners,
        ),
        "schedule.fill_desk": Entry(
            lambda s, a, w: schedule.fill_desk(
                s,
                a,
                Rule("weekdays", weekdays=(1, 3)),
                date(2026, 7, 1),
                date(2026, 7, 31),
                "morning",
                [w.ids["desk_person"]],
            ),
            planners,
        ),
        "schedule.publish": Entry(
            lambda s, a, w: schedule.publish(s, a, "2026-06", TODAY), planners
        ),
        # Issuing the desk roster takes an official number: planners only. A draft
        # (final=False) is for anyone and writes nothing.
        "schedule.print_roster": Entry(
            lambda s, a, w: schedule.print_roster(
                s, a, "2026-06", TODAY, w.tmp / "roster.pdf", final=True
            ),
            planners,
        ),
    }


MATRIX: dict[str, Entry] = {}
BUILDERS = {
    "foundation": _foundation,
    "reception": _reception,
    "petitions": _petitions,
    "dossiers": _dossiers,
    "deadline_rules": _deadline_rules,
    "petition_workflow": _petition_workflow,
    "corruption": _corruption,
    "schedule": _schedule,
}
for _area, _build in BUILDERS.items():
    with contextlib.suppress(ImportError):  # the area has not landed in this tree
        MATRIX.update(_build())

# Entry points that take a user but are not permission gates of their own.
EXEMPT = {
    "actor.user_id_of": "a helper, not an action",
    "audit.log_event": "writes the caller's event inside the caller's checked action",
    "auth.require": "the check itself",
    "numbering.issue_number": "called inside an action that has checked the role",
    "users.change_own_password": "any signed-in user, for their own account only",
    "petitions.available_actions": "read-only: which buttons to show",
    "reception.clean": "validation only (writes nothing); record and update check the role",
    "petitions.create_from_reception": "called by reception.record after its check",
    "apologies.issue_and_print_owed": "wraps dossiers.issue_batch (in the matrix)",
    "corruption.available_actions": "read-only: which buttons to show (none unless inspector)",
    "corruption_keys.unlock": "runs at every sign-in; gives no key to anyone but an inspector",
    "corruption_keys.log_failed_recovery": (
        "no check of its own: audits the caller's own refused recovery key, after "
        "grant_with_recovery (in the matrix) checked the role"
    ),
    "schedule.print_schedule": (
        "no role check: every signed-in user reads the schedule (each account holds a role); "
        "its only write is the document number of a published version"
    ),
}
COVERED_MODULES = {
    "actor",
    "agency",
    "apologies",
    "audit",
    "auth",
    "backups",
    "calendar",
    "corruption",
    "corruption_keys",
    "deadline_rules",
    "dossiers",
    "indicators",
    "numbering",
    "petition_workflow",
    "petitions",
    "procedures",
    "reception",
    "schedule",
    "settings",
    "surveys",
    "users",
}


def _entry_points() -> dict[str, set[str]]:
    import camau_reception.services as pkg

    found: dict[str, set[str]] = {}
    for info in pkgutil.iter_modules(pkg.__path__):
        module = importlib.import_module(f"{pkg.__name__}.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ != module.__name__ or name.startswith("_"):
                continue
            if "actor" in inspect.signature(fn).parameters:
                found.setdefault(info.name, set()).add(f"{info.name}.{name}")
    return found


def test_every_entry_point_is_in_the_matrix() -> None:
    found = _entry_points()
    missing = sorted(
        ep
        for module, eps in found.items()
        if module in COVERED_MODULES
        for ep in eps
        if ep not in MATRIX and ep not in EXEMPT
    )
    assert missing == [], f"add these entry points to MATRIX (or EXEMPT with a reason): {missing}"
    pending = sorted(set(found) - COVERED_MODULES)
    # A new service module taking a user joins the matrix (or COVERED_MODULES) with its area.
    assert pending == [], f"modules not yet in the permission matrix: {', '.join(pending)}"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with pytest.MonkeyPatch.context() as mp:
        with contextlib.suppress(ImportError):
            from camau_reception.crypto import keypair

            # Argon2id at its minimum cost for the key pairs made here (as the corruption
            # unit tests do); the cost is stored with each key, so unlocking stays cheap.
            mp.setattr(keypair, "DEFAULT_KDF", keypair.KdfParams(1, 8, 1))
        yield _world(tmp_path_factory)


def _world(tmp_path_factory: pytest.TempPathFactory) -> World:
    import random

    from camau_reception.domain.calendar import OverrideKind
    from camau_reception.services import calendar
    from camau_reception.storage.backup import sqlite_backup
    from camau_reception.storage.db import open_database
    from tests.integration.workers import actors, seed_database, visit_input

    tmp = tmp_path_factory.mktemp("perm")
    path = tmp / "office.sqlite3"
    seed_database(path)
    db = open_database(path)
    who = actors(db)
    ids: dict[str, Any] = {
        "officer": who["canbo"].id,
        "leader": who["lanhdao"].id,
    }
    with db.write() as s:
        ids["override"] = calendar.add_override(
            s, who["admin"], date(2026, 9, 1), OverrideKind.DAY_OFF, "Nghỉ bù Quốc khánh"
        ).id
    if "reception.record" in MATRIX:
        from camau_reception.services import reception

        with db.write() as s:
            r = reception.record(s, who["canbo"], visit_input(random.Random(1), 1), now=NOW)
            ids["reception"], ids["reception_version"] = r.id, r.version
    if "petitions.record" in MATRIX:
        from camau_reception.services import petitions

        for key in ("petition", "petition2"):
            with db.write() as s:
                p = petitions.record(
                    s,
                    who["canbo"],
                    petitions.PetitionInput(
                        kind="complaint",
                        source="post",
                        received_on=date(2026, 3, 2),
                        summary="Khiếu nại quyết định xử phạt cơ sở karaoke.",
                        petitioner_name="Nguyễn Văn Đức",
                    ),
                    today=TODAY,
                )[0]
                ids[key] = p.id
    if "dossiers.upsert_dossier" in MATRIX:
        from camau_reception.services import dossiers

        with db.write() as s:
            dossiers.upsert_procedure(
                s,
                who["admin"],
                dossiers.ProcedureInput(code="1.000001", name="Cấp giấy phép tổ chức lễ hội"),
            )
            d, _ = dossiers.upsert_dossier(
                s,
                who["canbo"],
                dossiers.DossierInput(
                    code="HS-PQ-1",
                    procedure_code="1.000001",
                    applicant_name="Bùi Thị Hạnh",
                    received_at=datetime(2026, 3, 2, 8, 0),
                ),
                now=NOW,
            )
            ids["dossier"] = d.id
    if "corruption.record" in MATRIX:
        ids.update(_corruption_world(db, who))
    if "schedule.create_session" in MATRIX:
        ids.update(_schedule_world(db, who))
    ids["backup"] = sqlite_backup(path, tmp / "before-checks.sqlite3").path
    roles = {
        "officer": who["canbo"],
        "leader": who["lanhdao"],
        "inspector": who["thanhtra"],
        "admin": who["admin"],
        "nobody": NOBODY,
    }
    return World(db, tmp, ids, roles)


def _corruption_world(db: Database, who: dict[str, Actor]) -> dict[str, Any]:
    """The office key set up by the inspector, a second inspector holding a copy, two cases
    (one to transfer), an attachment and two protection requests (pending, approved)."""
    from camau_reception.services import auth, users
    from camau_reception.services import corruption as svc
    from camau_reception.services import corruption_keys as keys
    from tests.integration.workers import PASSWORD

    inspector = who["thanhtra"]
    ids: dict[str, Any] = {}
    with db.write() as s:
        second = auth.to_actor(
            users.create_user(
                s,
                who["admin"],
                users.UserInput("thanhtra2", "Lê Minh Tâm", {INSP}, PASSWORD),
            )
        )
        ids["inspector2"] = second.id
    with db.write() as s:
        ring = keys.unlock(s, inspector, PASSWORD)
        keys.unlock(s, second, PASSWORD)  # makes the second inspector's key pair
    with db.write() as s:
        ids["recovery"] = keys.setup(s, inspector, ring)
        keys.grant(s, inspector, ring, second.id)
    with db.write() as s:
        result = svc.record(s, who["canbo"], _case_input(), today=TODAY)
        case = result.case
        ids["case"], ids["followup"] = case.id, result.followup_code
        ids["attachment"] = svc.add_attachment(
            s, who["canbo"], case.id, svc.ATTACHMENT_LABELS[0], "don-to-cao.pdf", b"%PDF-1.4 x"
        ).id
        requests = [
            svc.add_protection_request(
                s,
                inspector,
                case.id,
                svc.ProtectionInput(
                    requested_on=date(2026, 3, 9), persons={"reporter"}, kinds={"job"}
                ),
                today=TODAY,
            )
            for _ in range(2)
        ]
        svc.decide_protection(s, inspector, requests[1].id, True, TODAY, "04/QĐ-TTr")
        ids["protection_pending"], ids["protection_approved"] = (r.id for r in requests)
        ids["case_version"] = case.version
        other = svc.record(s, who["canbo"], _case_input(), today=TODAY).case
        svc.act(
            s,
            inspector,
            other.id,
            "to_transfer",
            svc.ActionInput(on=TODAY, transfer_to="Thanh tra tỉnh Cà Mau"),
            other.version,
            today=TODAY,
        )
        ids["case_transfer"] = other.id
    return ids


def _schedule_world(db: Database, who: dict[str, Actor]) -> dict[str, Any]:
    """Two leaders and an officer in the directory, a session and a deputised session."""
    from camau_reception.services import schedule

    leader = who["lanhdao"]
    with db.write() as s:
        head = schedule.add_staff(
            s, leader, "Nguyễn Thị Hồng Nhung", "Giám đốc", is_leader=True, is_head=True
        )
        deputy = schedule.add_staff(s, leader, "Lê Văn Đức", "Phó Giám đốc", is_leader=True)
        desk = schedule.add_staff(s, leader, "Võ Thị Thu Hà", "Chuyên viên", is_leader=False)
        duty = schedule.create_session(s, leader, date(2026, 6, 10), head.id)
        other = schedule.create_session(s, leader, date(2026, 6, 17), head.id)
        schedule.deputise(s, leader, other.id, deputy.id, "Đi công tác")
        return {
            "head": head.id,
            "deputy": deputy.id,
            "desk_person": desk.id,
            "duty": duty.id,
            "duty_deputised": other.id,
        }


def _probe(world: World, entry: Entry, actor: Actor) -> str:
    if not entry.session:
        try:
            entry.call(None, actor, world)
        except PermissionDenied:
            return "denied"
        except ServiceError:
            return "refused"
        return "done"
    try:
        with world.db.write() as session:
            entry.call(session, actor, world)
            raise _Rollback
    except _Rollback:
        return "done"
    except PermissionDenied:
        return "denied"
    except ServiceError:
        return "refused"


ROLE_OF = {"officer": OFF, "leader": LEAD, "inspector": INSP, "admin": ADM}


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_entry_point_permissions_for_every_role(world: World, name: str, tally: Tally) -> None:
    entry = MATRIX[name]
    import sqlite3

    from camau_reception.storage.backup import row_counts

    for role_name, actor in world.actors.items():
        conn = sqlite3.connect(world.db.path)
        before = row_counts(conn)
        conn.close()
        outcome = _probe(world, entry, actor)
        allowed = role_name in ROLE_OF and ROLE_OF[role_name] in entry.allowed
        if allowed:
            assert outcome != "denied", f"{name}: {role_name} must be allowed"
        else:
            assert outcome == "denied", f"{name}: {role_name} must be refused, got {outcome}"
            conn = sqlite3.connect(world.db.path)
            assert row_counts(conn) == before, f"{name}: a refused call wrote rows"
            conn.close()
        tally.add("permission_checks")
