"""The paper buttons of the register page, driven as an officer drives them."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from sqlalchemy import func, select

from camau_reception.models.audit import AuditEvent
from camau_reception.printing.pdftext import pdf_page_count, pdf_text
from camau_reception.services import reception as svc
from camau_reception.services import settings
from camau_reception.services.reception import DocumentInput
from camau_reception.ui.context import AppContext
from tests.unit.test_reception_support import NOW, person, visit

TODAY = date(2026, 3, 16)
FLOWERS = ("Phạm Thị Hoa", "Phạm Thị Huệ", "Phạm Thị Lan", "Phạm Thị Mai", "Phạm Thị Cúc")
DOCS = [
    DocumentInput("Đơn khiếu nại", 2, "Nguyên vẹn", "original"),
    DocumentInput("Biên bản làm việc", 4, "Bản photo rõ nét", "copy"),
]


def _text(path: str | Path) -> str:
    return re.sub(r"\s+", " ", pdf_text(path, layout=False))


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, str]]:
    """Every PDF the page would open in the print preview (the modal dialog is not opened)."""
    from camau_reception.ui import print_preview

    calls: list[tuple[Path, str]] = []
    monkeypatch.setattr(
        print_preview,
        "show_pdf",
        lambda _parent, path, title="", _name="": calls.append((Path(path), title)),
    )
    return calls


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from camau_reception.ui import messages

    seen: list[str] = []
    monkeypatch.setattr(messages, "error", lambda _p, title, text: seen.append(f"{title}: {text}"))
    return seen


@pytest.fixture
def visits(db, officer) -> dict[str, int]:
    with db.write() as s:
        ids = {
            "receipt": svc.record(s, officer, visit(documents=DOCS), now=NOW).id,
            "appointment": svc.record(
                s,
                officer,
                visit(
                    person("Trần Thị Lan", "096188004321", sex="nữ"),
                    received_at=datetime(2026, 3, 13, 14, 0),
                    outcome="appointment",
                    appointment_at=datetime(2026, 3, 24, 8, 0),
                    appointment_place="Phòng tiếp công dân",
                    appointment_purpose="Gặp Giám đốc Sở",
                ),
                now=NOW,
            ).id,
            "refusal": svc.record(
                s,
                officer,
                visit(
                    person("Lê Văn Tám", "096090001111"),
                    received_at=datetime(2026, 3, 12, 9, 0),
                    outcome="refused",
                    refusal_reason="final_judgment",
                    documents=[],
                ),
                now=NOW,
            ).id,
        }
    return ids


@pytest.fixture
def page(qtbot, db, officer, visits):
    from camau_reception.ui.reception.register_page import RegisterPage

    ctx = AppContext(db=db, actor=officer, today=lambda: TODAY)
    widget = RegisterPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1600, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _select(page, reception_id: int) -> None:
    for row in range(page.model.rowCount()):
        if page.model.rows[row].id == reception_id:
            page.table.selectRow(row)
            break
    else:
        raise AssertionError(f"visit #{reception_id} is not listed")
    assert page.selected_row().id == reception_id


def test_install_adds_the_buttons_and_the_receipt_hook(page) -> None:
    assert {"receipt", "appointment", "refusal"} <= set(page.paper_buttons)
    assert page.print_receipt == page.paper.print_receipt
    labels = [b.text() for b in page.paper_buttons.values()]
    assert any("02/TCD" in t for t in labels) and any("01/TCD" in t for t in labels)
    assert "03/TCD" in page.paper.register_button.text()
    assert "Excel" in page.paper.excel_button.text()
    assert page.paper.register_button.isVisible() and page.paper.register_button.isEnabled()


def test_selecting_a_row_and_clicking_receipt_shows_the_pdf(qtbot, page, db, visits, shown) -> None:
    _select(page, visits["receipt"])
    buttons = page.paper_buttons
    assert buttons["receipt"].isEnabled()
    assert not buttons["appointment"].isEnabled() and not buttons["refusal"].isEnabled()
    qtbot.mouseClick(buttons["receipt"], Qt.MouseButton.LeftButton)
    assert len(shown) == 1
    path, title = shown[0]
    assert path.exists() and "biên nhận" in title.lower()
    text = _text(path)
    assert "Nguyễn Văn Đức" in text and "Đơn khiếu nại" in text and "Biên bản làm việc" in text
    assert "02/TCD" in text and "01/GBN-SVHTTDL" in text
    assert pdf_page_count(path) == 1  # two copies on one sheet by default
    with db.read() as s:
        count = s.execute(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "reception.issue_form")
        ).scalar()
    assert count == 1


def test_ctrl_p_prints_the_receipt_of_the_selected_visit(qtbot, page, visits, shown) -> None:
    _select(page, visits["receipt"])
    page.activateWindow()
    page.table.setFocus()
    qtbot.waitUntil(lambda: page.table.hasFocus())
    qtbot.keyClick(page.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert "Nguyễn Văn Đức" in _text(shown[0][0])


def test_appointment_and_refusal_follow_the_outcome(qtbot, page, visits, shown) -> None:
    buttons = page.paper_buttons
    _select(page, visits["appointment"])
    assert buttons["appointment"].isEnabled() and not buttons["refusal"].isEnabled()
    qtbot.mouseClick(buttons["appointment"], Qt.MouseButton.LeftButton)
    _select(page, visits["refusal"])
    assert buttons["refusal"].isEnabled() and not buttons["appointment"].isEnabled()
    qtbot.mouseClick(buttons["refusal"], Qt.MouseButton.LeftButton)
    assert [title for _, title in shown] == ["Phiếu hẹn", "Thông báo từ chối tiếp công dân"]
    slip, notice = (_text(path) for path, _ in shown)
    assert "Trần Thị Lan" in slip and "24/03/2026" in slip and "Gặp Giám đốc Sở" in slip
    assert "Lê Văn Tám" in notice and "01/TCD" in notice
    assert "bản án, quyết định của Tòa án có hiệu lực pháp luật" in notice


def test_a_receipt_without_documents_explains_why(qtbot, page, visits, shown, errors) -> None:
    _select(page, visits["refusal"])  # a refused visit with no papers
    qtbot.mouseClick(page.paper_buttons["receipt"], Qt.MouseButton.LeftButton)
    assert shown == []
    assert len(errors) == 1 and "tài liệu" in errors[0]


def test_the_form_save_and_print_reaches_the_receipt(qtbot, page, visits, shown) -> None:
    _select(page, visits["receipt"])
    dialog = page.open_selected()
    assert dialog is not None
    dialog.print_requested.emit(visits["receipt"])  # what "Lưu và in biên nhận" emits
    assert len(shown) == 1 and shown[0][0].name == f"bien-nhan-{visits['receipt']}.pdf"
    dialog.reject()


def test_two_per_sheet_box_is_the_office_setting(qtbot, page, db, visits, shown) -> None:
    box = page.paper.two_per_sheet
    assert box.isChecked()
    box.setChecked(False)
    with db.read() as s:
        assert settings.get(s, "print.receipt_two_per_sheet") is False
    _select(page, visits["receipt"])
    qtbot.mouseClick(page.paper_buttons["receipt"], Qt.MouseButton.LeftButton)
    assert pdf_page_count(shown[-1][0]) == 2


def _set_range(page, day_from: date, day_to: date) -> None:
    page.use_dates.setChecked(True)
    page.date_from.setDate(QDate(day_from.year, day_from.month, day_from.day))
    page.date_to.setDate(QDate(day_to.year, day_to.month, day_to.day))
    assert page.register_range() == (day_from, day_to)


def test_register_prints_in_the_background_and_opens_the_preview(
    qtbot, page, db, officer, shown
) -> None:
    with db.write() as s:
        for i in range(30):
            svc.record(
                s,
                officer,
                visit(
                    person(FLOWERS[i % 5], f"096180{200 + i:06d}"),
                    received_at=datetime(2026, 3, 2, 7, 0) + timedelta(hours=7 * i),
                    summary="Phản ánh việc tổ chức lễ hội gây ồn ào kéo dài tại khu dân cư. " * 3,
                    matter_kinds={"reflection"},
                ),
                now=NOW,
            )
    _set_range(page, date(2026, 3, 1), date(2026, 3, 16))
    with qtbot.waitSignal(page.paper.register_done, timeout=30000) as blocker:
        qtbot.mouseClick(page.paper.register_button, Qt.MouseButton.LeftButton)
    path = Path(blocker.args[0])
    assert shown == [(path, "Sổ tiếp công dân (Mẫu 03/TCD)")]
    pages = [p for p in pdf_text(path, layout=False).split("\f") if p.strip()]
    assert len(pages) > 1
    assert all("Tóm tắt nội dung vụ việc" in p for p in pages)
    assert "Tổng số: 33 lượt tiếp" in re.sub(r"\s+", " ", pages[-1])
    assert not page.paper.busy() and page.paper.register_button.isEnabled()


def test_register_with_a_reversed_range_is_refused(qtbot, page, shown, errors) -> None:
    page.use_dates.setChecked(True)
    page.date_from.setDate(QDate(2026, 3, 16))
    page.date_to.setDate(QDate(2026, 3, 1))
    assert page.paper.print_register() is None
    assert shown == [] and len(errors) == 1 and "sau ngày kết thúc" in errors[0]


def test_excel_export_writes_the_chosen_file(
    qtbot, page, visits, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import load_workbook

    chosen = tmp_path / "so-tiep-cong-dan"
    asked: list[str] = []

    def save_path(title: str, suggested: str, pattern: str) -> Path:
        asked.append(suggested)
        return chosen

    monkeypatch.setattr(page, "save_path", save_path)
    _set_range(page, date(2026, 3, 1), date(2026, 3, 16))
    with qtbot.waitSignal(page.paper.register_done, timeout=30000) as blocker:
        qtbot.mouseClick(page.paper.excel_button, Qt.MouseButton.LeftButton)
    assert asked == ["so-tiep-cong-dan-20260301-20260316.xlsx"]
    out = Path(blocker.args[0])
    assert out == chosen.with_name("so-tiep-cong-dan.xlsx") and out.exists()
    ws = load_workbook(out).active
    assert ws.max_row == 4 and ws["B2"].value == datetime(2026, 3, 12, 9, 0)
    assert ws["C4"].value.startswith("Nguyễn Văn Đức")
