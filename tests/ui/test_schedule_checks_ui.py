"""The checks panel of Lịch tiếp công dân never says "Đạt" when nothing could be checked (no
desk roster, no head marked), and the page prints the desk roster as a draft for everyone
while only a leader or administrator issues it with a number."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from sqlalchemy import select

from camau_reception.domain.recurrence import Rule
from camau_reception.models.settings import IssuedDocument
from camau_reception.printing.pdftext import pdf_text
from camau_reception.services import schedule
from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database
from camau_reception.ui.context import AppContext
from camau_reception.ui.schedule import page as page_module
from camau_reception.ui.schedule.month_grid import FLAG_ROLE

TODAY = date(2026, 11, 2)


def _page(qtbot, db: Database, actor: Actor):
    page = page_module.SchedulePage(AppContext(db=db, actor=actor, today=lambda: TODAY))
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    page.shift_month(1)  # December 2026
    return page


def _checks(page) -> list[str]:
    return [page.checks.item(i).text() for i in range(page.checks.count())]


def _flagged(page, d: date) -> bool:
    return bool(page.grid.item(*page.grid.cell_of(d)).data(FLAG_ROLE))


def _people(db: Database, leader: Actor, *, head: bool) -> tuple[int, int]:
    with db.write() as s:
        lead = schedule.add_staff(
            s, leader, "Nguyễn Thị Hồng Nhung", "Giám đốc", is_leader=True, is_head=head
        )
        desk = schedule.add_staff(s, leader, "Võ Thị Thu Hà", "Chuyên viên", is_leader=False)
        schedule.create_session(s, leader, date(2026, 12, 15), lead.id)
        schedule.publish(s, leader, "2026-12", TODAY)
        return lead.id, desk.id


def test_no_roster_and_no_head_are_not_a_pass(
    qtbot, db: Database, leader: Actor, tmp_path: Path
) -> None:
    _, desk = _people(db, leader, head=False)
    page = _page(qtbot, db, leader)
    checks = _checks(page)
    assert not any(c.startswith("Đạt") for c in checks)
    assert checks[0].startswith(
        "Chưa xác định thủ trưởng cơ quan trong danh sách lãnh đạo: không kiểm tra được"
    )
    assert page.checks.item(0).foreground().color() == QColor(page_module.AMBER)
    assert "Chưa xác định thủ trưởng" in page.title.toolTip()
    assert (
        "Từ ngày 01/12/2026 đến ngày 31/12/2026: 23 ngày làm việc chưa có cán bộ trực tiếp "
        "công dân." in checks
    )
    # Every working day of the empty run is flagged in the grid; weekends are not.
    assert _flagged(page, date(2026, 12, 31)) and not _flagged(page, date(2026, 12, 5))
    page.grab().save(str(tmp_path / "checks-empty.png"))

    with db.write() as s:
        schedule.fill_desk(
            s,
            leader,
            Rule("weekdays", weekdays=(0, 1, 2, 3, 4)),
            date(2026, 12, 1),
            date(2026, 12, 18),
            "morning",
            [desk],
        )
    page.reload()
    assert (
        "Từ ngày 21/12/2026 đến ngày 31/12/2026: 9 ngày làm việc chưa có cán bộ trực tiếp "
        "công dân." in _checks(page)
    )
    assert not _flagged(page, date(2026, 12, 18)) and _flagged(page, date(2026, 12, 21))


def test_desk_on_a_new_day_off_is_flagged_in_the_panel(
    qtbot, db: Database, leader: Actor, admin: Actor
) -> None:
    from camau_reception.domain.calendar import OverrideKind
    from camau_reception.services import calendar as calendar_service

    _, desk = _people(db, leader, head=True)
    with db.write() as s:
        schedule.fill_desk(
            s,
            leader,
            Rule("weekdays", weekdays=(0, 1, 2, 3, 4)),
            date(2026, 12, 1),
            date(2026, 12, 31),
            "morning",
            [desk],
        )
    page = _page(qtbot, db, leader)
    assert _checks(page) == ["Đạt: không phát hiện vi phạm trong tháng."]
    with db.write() as s:
        calendar_service.add_override(
            s, admin, date(2026, 12, 24), OverrideKind.DAY_OFF, "Nghỉ theo Thông báo của tỉnh"
        )
    page.ctx.invalidate_calendar()  # as the calendar page does after an override
    (message,) = _checks(page)
    assert message.startswith("Ngày 24/12/2026 là ngày nghỉ (Nghỉ theo Thông báo của tỉnh)")
    assert _flagged(page, date(2026, 12, 24))


def _issued(db: Database) -> list[str]:
    with db.read() as s:
        return list(s.execute(select(IssuedDocument.number)).scalars())


def test_roster_draft_for_everyone_issue_for_planners(
    qtbot,
    db: Database,
    leader: Actor,
    officer: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, desk = _people(db, leader, head=True)
    with db.write() as s:
        schedule.fill_desk(
            s,
            leader,
            Rule("weekdays", weekdays=(1, 3)),
            date(2026, 12, 1),
            date(2026, 12, 31),
            "morning",
            [desk],
        )
    shown: list[tuple[Path, str]] = []
    monkeypatch.setattr(page_module.SchedulePage, "_show", lambda _s, p, t: shown.append((p, t)))

    reader = _page(qtbot, db, officer)
    assert not reader.issue_roster_action.isVisible()
    reader.print_roster()
    draft = " ".join(pdf_text(shown[-1][0]).split())
    assert "BẢN NHÁP" in draft and "LTCD-SVHTTDL" in draft and "01/LTCD" not in draft
    assert reader.issue_roster() is None
    assert _issued(db) == []

    page = _page(qtbot, db, leader)
    assert page.issue_roster_action.isVisible()
    asked: list[str] = []

    def answer(yes: bool):
        def confirm(_parent, _title: str, text: str, *_a: object) -> bool:
            asked.append(text)
            return yes

        return confirm

    monkeypatch.setattr(page_module, "confirm", answer(False))
    assert page.issue_roster() is None and _issued(db) == []
    assert "lấy số văn bản chính thức" in asked[-1]
    monkeypatch.setattr(page_module, "confirm", answer(True))
    path = page.issue_roster()
    assert path is not None and shown[-1][0] == path
    final = " ".join(pdf_text(path).split())
    assert "Số: 01/LTCD-SVHTTDL" in final and "BẢN NHÁP" not in final
    assert _issued(db) == ["01/LTCD-SVHTTDL"]
