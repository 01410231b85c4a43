"""Hồ sơ TTHC page: a returned dossier leaves the late list; one apology letter is printed;
the batch prints every owed letter with progress."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QDate, Qt

from camau_reception.printing.pdftext import pdf_page_count, pdf_text
from camau_reception.services import dossiers
from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database
from camau_reception.ui.context import AppContext


def _setup(db: Database, officer: Actor, n: int = 3) -> None:
    with db.write() as s:
        dossiers.upsert_procedure(
            s,
            officer,
            dossiers.ProcedureInput(
                code="1.001", name="Cấp giấy phép tổ chức lễ hội", processing_days=5
            ),
        )
        for i in range(n):
            dossiers.upsert_dossier(
                s,
                officer,
                dossiers.DossierInput(
                    code=f"HS-{i}",
                    procedure_code="1.001",
                    applicant_name=f"Lâm Thị Ngọc Hân {i}",
                    received_at=datetime(2026, 11, 2, 8, 0),
                ),
            )


def _page(qtbot, db: Database, officer: Actor):
    from camau_reception.ui.areas.dossiers import DossiersPage

    page = DossiersPage(AppContext(db=db, actor=officer, today=lambda: date(2026, 11, 16)))
    qtbot.addWidget(page)
    page.show()
    return page


def test_returned_dossier_leaves_the_late_list_and_a_letter_prints(
    qtbot, db: Database, officer: Actor, monkeypatch
) -> None:
    from camau_reception.ui import print_preview

    shown: list[Path] = []
    monkeypatch.setattr(
        print_preview, "show_pdf", lambda parent, path, *a: shown.append(Path(path))
    )
    _setup(db, officer)
    page = _page(qtbot, db, officer)
    late = page.late
    assert late.table.rowCount() == 3
    assert "3 hồ sơ đang nợ" in late.summary.text()
    late.table.selectRow(0)
    qtbot.mouseClick(late.returned_button, Qt.MouseButton.LeftButton)
    assert late.table.rowCount() == 2  # returned: it leaves the list of open late dossiers
    late.table.selectRow(0)
    dialog = late.apology()
    assert dialog is not None
    dialog.new_date.setDate(QDate(2026, 11, 15))  # a Sunday, and before today
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.errors.label("new_due_on").isVisible()
    dialog.new_date.setDate(QDate(2026, 11, 20))
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert len(shown) == 1
    text = " ".join(pdf_text(shown[0]).split())
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert "Lâm Thị Ngọc Hân" in text and "20/11/2026" in text
    assert "1 hồ sơ đang nợ" in late.summary.text()


def test_batch_prints_every_owed_letter(
    qtbot, db: Database, officer: Actor, tmp_path: Path
) -> None:
    _setup(db, officer, n=4)
    page = _page(qtbot, db, officer)
    out = tmp_path / "batch.pdf"
    task = page.late.batch(out)
    assert task is not None
    qtbot.waitUntil(lambda: hasattr(page.late, "batch_result"), timeout=20000)
    assert page.late.batch_result == 4
    assert pdf_page_count(out) == 4
    assert "0 hồ sơ đang nợ" in page.late.summary.text()


def test_dashboard_section_counts_letters_owed(qtbot, db: Database, officer: Actor) -> None:
    from camau_reception.ui.dashboard_sections.dossiers import DossierSection

    _setup(db, officer, n=2)
    section = DossierSection(AppContext(db=db, actor=officer, today=lambda: date(2026, 11, 16)))
    qtbot.addWidget(section)
    assert section.owing.text() == "2 hồ sơ trễ hẹn đang chờ phiếu xin lỗi"
    assert "chỉ tiêu 90%" in section.shares.text()
