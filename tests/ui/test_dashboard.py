"""Tổng quan: the petition buckets move as the (injected) date moves; rows open the petition."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from camau_reception.services import petitions as svc
from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database
from camau_reception.ui.context import AppContext


def _record(db: Database, officer: Actor, kind: str, received: date, name: str) -> int:
    with db.write() as s:
        return svc.record(
            s,
            officer,
            svc.PetitionInput(
                kind=kind,
                source="hotline",
                received_on=received,
                summary=f"Phản ánh tiếng ồn quán karaoke của ông {name}",
                petitioner_name=name,
            ),
        )[0].id


def _page(qtbot, ctx: AppContext):
    from camau_reception.ui.areas.dashboard import DashboardPage

    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 900)
    page.show()
    section = page.sections["petitions"]
    qtbot.waitUntil(lambda: section.data is not None and section.task is None)
    return page, section


def _refresh(qtbot, page, section) -> None:
    with qtbot.waitSignal(section.computed, timeout=5000):
        qtbot.mouseClick(page.refresh_button, Qt.MouseButton.LeftButton)


def test_buckets_move_with_the_date(qtbot, db: Database, officer: Actor) -> None:
    pid = _record(db, officer, "recommendation", date(2026, 7, 1), "Lê Văn Tám")  # due 15/07
    _record(db, officer, "reflection", date(2026, 7, 8), "Trần Thị Bé")  # due 22/07
    today = {"d": date(2026, 7, 10)}
    ctx = AppContext(db=db, actor=officer, today=lambda: today["d"])
    page, section = _page(qtbot, ctx)
    assert "10/07/2026" in page.title.text()
    assert section.cards["due_soon"].value.text() == "1"  # Mon 13, Tue 14, Wed 15/07
    assert section.cards["overdue"].value.text() == "0"
    assert section.cards["waiting"].value.text() == "2"
    assert section.cards["received"].value.text() == "2"
    assert section.tables["due_soon"].item(0, 0).text() == "DT-2026-0001"
    assert "15/07/2026" in section.tables["due_soon"].item(0, 5).text()

    today["d"] = date(2026, 7, 15)
    _refresh(qtbot, page, section)
    assert section.cards["due_today"].value.text() == "1"
    assert section.cards["due_soon"].value.text() == "0"
    assert section.tables["due_today"].item(0, 0).text() == "DT-2026-0001"

    today["d"] = date(2026, 7, 16)
    _refresh(qtbot, page, section)
    assert section.cards["overdue"].value.text() == "1"
    assert section.tables["overdue"].item(0, 0).text() == "DT-2026-0001"
    assert section.by_kind.item(0, 0).text() == "Kiến nghị"
    assert section.by_kind.item(0, 1).text() == "1"
    assert section.by_officer.item(0, 0).text() == officer.full_name
    assert "Quá hạn (1)" in section.tabs.tabText(section.tabs.indexOf(section.tables["overdue"]))

    # Classifying it moves it out of "waiting"; the page refreshes on the change signal.
    with db.write() as s:
        svc.classify(s, officer, pid, eligible=True, within_competence=True, on=today["d"])
    with qtbot.waitSignal(section.computed, timeout=5000):
        ctx.notify("petitions")
    assert section.cards["waiting"].value.text() == "1"


def test_a_card_opens_its_list_and_a_row_opens_the_petition(
    qtbot, db: Database, officer: Actor
) -> None:
    pid = _record(db, officer, "recommendation", date(2026, 7, 1), "Lê Văn Tám")
    ctx = AppContext(db=db, actor=officer, today=lambda: date(2026, 7, 20))
    section = _page(qtbot, ctx)[1]
    qtbot.mouseClick(section.cards["overdue"], Qt.MouseButton.LeftButton)
    table = section.tables["overdue"]
    assert section.tabs.currentWidget() is table
    opened: list[tuple[str, object]] = []
    ctx.signals.navigate.connect(lambda key, payload: opened.append((key, payload)))
    rect = table.visualItemRect(table.item(0, 0))
    # Item views see a double click only after a first click (as a real mouse sends it).
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [("petitions", pid)]


def test_sections_follow_roles(qtbot, db: Database, admin: Actor) -> None:
    from camau_reception.ui.areas.dashboard import DashboardPage, section_modules

    assert any(m.__name__.endswith(".petitions") for m in section_modules())
    page = DashboardPage(AppContext(db=db, actor=admin, today=lambda: date(2026, 7, 1)))
    qtbot.addWidget(page)
    assert "petitions" not in page.sections  # the administrator does not handle petitions
    if not page.sections:
        assert page.findChild(type(page.title), "dashboard_empty") is not None
