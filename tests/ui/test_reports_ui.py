"""Báo cáo page: the report fills, a number drills down to its records, Excel export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from camau_reception.services import petitions as psvc
from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database
from camau_reception.ui.context import AppContext


def test_report_page_drill_down_and_export(
    qtbot, db: Database, officer: Actor, tmp_path: Path
) -> None:
    from camau_reception.ui.areas.reports import ReportsPage

    with db.write() as s:
        for i in range(3):
            psvc.record(
                s,
                officer,
                psvc.PetitionInput(
                    kind="reflection",
                    source="portal",
                    received_on=date(2026, 3, 2 + i),
                    summary="Phản ánh về lễ hội",
                    petitioner_name=f"Đỗ Thị Hằng {i}",
                ),
            )
    page = ReportsPage(AppContext(db=db, actor=officer, today=lambda: date(2026, 11, 28)))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.report is not None)
    labels = [page.table.item(r, 0).text().strip() for r in range(page.table.rowCount())]
    row = labels.index("Tổng số đơn tiếp nhận")
    assert page.table.item(row, 1).text() == "3"
    dialog = page.drill(row)
    assert dialog is not None and dialog.table.rowCount() == 3
    assert dialog.table.item(0, 1).text().startswith("Đỗ Thị Hằng")
    out = page.save_xlsx(tmp_path / "bc.xlsx")
    assert out is not None and load_workbook(out).sheetnames[-1] == "Theo tháng"
