"""Hồ sơ TTHC page driven as an officer would: a returned dossier leaves the late list, one
apology letter is written and printed, the batch prints every owed letter with progress (and a
cancel records nothing), a dossier entered by hand shows its due date, the import wizard, the
indicators and the counter survey."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt
from PySide6.QtWidgets import QWizard

from camau_reception.printing.pdftext import pdf_page_count, pdf_text
from camau_reception.services import apologies, dossiers, procedures, surveys
from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database
from camau_reception.ui.context import AppContext
from tests.helpers import type_text

TODAY = date(2026, 11, 16)


def _setup(db: Database, officer: Actor, n: int = 3) -> None:
    with db.write() as s:
        procedures.upsert_procedure(
            s,
            officer,
            procedures.ProcedureInput(
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


def _page(qtbot, db: Database, actor: Actor):
    from camau_reception.ui.areas.dossiers import DossiersPage

    page = DossiersPage(AppContext(db=db, actor=actor, today=lambda: TODAY))
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.late.ask_return_time = False
    return page


@pytest.fixture
def shown(monkeypatch) -> list[Path]:
    from camau_reception.ui import print_preview

    pdfs: list[Path] = []
    monkeypatch.setattr(print_preview, "show_pdf", lambda parent, path, *a: pdfs.append(Path(path)))
    return pdfs


def test_returned_dossier_leaves_the_late_list_and_a_letter_prints(
    qtbot, db: Database, officer: Actor, shown: list[Path]
) -> None:
    _setup(db, officer)
    page = _page(qtbot, db, officer)
    late = page.late
    assert late.table.rowCount() == 3
    assert late.table.item(0, 5).text() == "5"  # due 09/11, 5 working days late on 16/11
    assert "3 hồ sơ đang nợ" in late.summary.text()
    late.table.selectRow(0)
    qtbot.mouseClick(late.returned_button, Qt.MouseButton.LeftButton)
    assert late.table.rowCount() == 2  # returned: it leaves the list of open late dossiers
    assert [late.table.item(r, 0).text() for r in range(2)] == ["HS-1", "HS-2"]
    late.table.selectRow(0)
    dialog = late.apology()
    assert dialog is not None
    dialog.new_date.setDate(QDate(2026, 11, 15))  # a Sunday, and before today
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.errors.label("new_due_on").isVisible()
    assert "sau hôm nay" in dialog.errors.label("new_due_on").text()
    dialog.new_date.setDate(QDate(2026, 11, 21))  # Saturday
    assert "Thứ Bảy" in dialog.day_note.text() or "nghỉ" in dialog.day_note.text()
    dialog.new_date.setDate(QDate(2026, 11, 20))
    dialog.reason.setCurrentIndex(1)
    type_text(qtbot, dialog.signer_name, "Lê Văn Đức")
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert len(shown) == 1
    text = " ".join(pdf_text(shown[0]).split())
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert "Số: 01/PXL-SVHTTDL" in text
    assert "Lâm Thị Ngọc Hân 1" in text and "HS-1" in text and "20/11/2026" in text
    assert "lấy ý kiến của cơ quan, đơn vị liên quan" in text and "Lê Văn Đức" in text
    assert "1 hồ sơ đang nợ" in late.summary.text()
    late.only_owing.setChecked(True)
    assert [late.table.item(r, 0).text() for r in range(late.table.rowCount())] == ["HS-2"]
    late.only_owing.setChecked(False)
    late.table.selectRow(0)
    assert late.reprint_button.isEnabled()
    qtbot.mouseClick(late.reprint_button, Qt.MouseButton.LeftButton)
    assert "01/PXL-SVHTTDL" in pdf_text(shown[-1])


def test_second_rescheduling_dialog_needs_a_leader(
    qtbot, db: Database, officer: Actor, leader: Actor, shown: list[Path]
) -> None:
    _setup(db, officer, n=1)
    with db.write() as s:
        apologies.issue_apology(
            s,
            officer,
            dossiers.get_by_code(s, "HS-0").id,
            apologies.ApologyInput("Hồ sơ cần xác minh", date(2026, 11, 12)),
            date(2026, 11, 10),
        )
    page = _page(qtbot, db, officer)
    page.late.table.selectRow(0)
    dialog = page.late.apology()
    assert dialog is not None and dialog.approver.isEnabled()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert "lãnh đạo phê duyệt" in dialog.errors.label("approver").text()
    dialog.approver.setCurrentIndex(dialog.approver.findData(leader.id))
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    with db.read() as s:
        letters = dossiers.get_by_code(s, "HS-0").apologies
        assert [x.approved_by for x in letters] == [None, leader.id]


def test_batch_prints_every_owed_letter_with_progress(
    qtbot, db: Database, officer: Actor, tmp_path: Path
) -> None:
    from camau_reception.ui.dossiers.late import BatchOptions

    _setup(db, officer, n=4)
    page = _page(qtbot, db, officer)
    out = tmp_path / "batch.pdf"
    steps: list[int] = []
    task = page.late.batch(out, BatchOptions("Quá tải hồ sơ", "PHÓ GIÁM ĐỐC", "Lê Văn Đức", False))
    assert task is not None
    task.signals.progress.connect(lambda d, t, m: steps.append(d))
    qtbot.waitUntil(lambda: hasattr(page.late, "batch_result"), timeout=20000)
    assert page.late.batch_result == 4
    assert pdf_page_count(out) == 4
    assert page.late.progress.maximum() == 4
    assert "0 hồ sơ đang nợ" in page.late.summary.text()
    assert not page.late.batch_button.isEnabled()
    with db.read() as s:
        assert all(len(dossiers.get_by_code(s, f"HS-{i}").apologies) == 1 for i in range(4))


def test_cancelling_the_batch_records_nothing(
    qtbot, db: Database, officer: Actor, tmp_path: Path, monkeypatch
) -> None:
    from camau_reception.ui import messages
    from camau_reception.ui.dossiers.late import BatchOptions

    monkeypatch.setattr(messages, "error", lambda *a: None)
    _setup(db, officer, n=30)
    page = _page(qtbot, db, officer)
    out = tmp_path / "batch.pdf"
    task = page.late.batch(out, BatchOptions("Quá tải hồ sơ", "", "", False))
    assert task is not None
    # The officer presses "Hủy" while the letters are still being numbered (the worker checks
    # for a cancel before laying out each letter).
    page.late.progress.canceled.emit()
    qtbot.waitUntil(lambda: hasattr(page.late, "batch_result"), timeout=20000)
    assert page.late.batch_result == 0 and not out.exists()
    assert "30 hồ sơ đang nợ" in page.late.summary.text()


def test_dossier_entered_by_hand_shows_its_due_date_and_prints_a_receipt(
    qtbot, db: Database, officer: Actor, shown: list[Path]
) -> None:
    _setup(db, officer, n=0)
    page = _page(qtbot, db, officer)
    page.tabs.setCurrentWidget(page.register)
    dialog = page.register.new_dossier()
    dialog.received.setDateTime(QDateTime(QDate(2026, 2, 12), dialog.received.time()))
    assert "Tết Nguyên Đán" in dialog.due.text() and "26/02/2026" in dialog.due.text()
    dialog.received.setDateTime(QDateTime(QDate(2026, 11, 16), dialog.received.time()))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.errors.label("code").isVisible()
    assert dialog.errors.label("applicant_name").isVisible()
    type_text(qtbot, dialog.code, "000.00.12.H12-261116-0001")
    type_text(qtbot, dialog.name, "Trương Thị Mỹ Lệ")
    type_text(qtbot, dialog.email, "khong-hop-le")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert "thư điện tử" in dialog.errors.label("applicant_email").text()
    dialog.email.clear()
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert page.register.table.item(0, 2).text() == "Trương Thị Mỹ Lệ"
    text = " ".join(pdf_text(shown[-1]).split())
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "000.00.12.H12-261116-0001" in text and "23/11/2026" in text
    type_text(qtbot, page.register.search, "truong thi my")
    assert page.register.table.rowCount() == 1


def test_import_wizard_maps_previews_and_imports(
    qtbot, db: Database, officer: Actor, tmp_path: Path
) -> None:
    _setup(db, officer, n=0)
    path = tmp_path / "mot-cua.csv"
    path.write_text(
        "Số hồ sơ,Mã TTHC,Họ tên,Ngày nộp,Kênh\n"
        "A-1,1.001,Nguyễn Văn Ánh,03/11/2026 08:00,Trực tuyến\n"
        "A-2,1.001,Trần Thị Bé,không rõ,Trực tiếp\n",
        encoding="utf-8",
    )
    page = _page(qtbot, db, officer)
    wizard = page.register.import_file()
    assert wizard.file_page.load(path)
    wizard.next()
    mapping = wizard.mapping_page
    assert mapping.combos["applicant_name"].currentText() == "Họ tên"
    mapping.combos["applicant_name"].setCurrentIndex(0)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert "Người nộp" in mapping.problems.text()
    mapping.combos["applicant_name"].setCurrentIndex(3)
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    with qtbot.waitSignal(wizard.checked, timeout=20000):  # the check runs in a worker
        wizard.next()
    preview = wizard.preview_page
    assert "thêm mới: 1" in preview.summary.text() and "bị từ chối: 1" in preview.summary.text()
    assert "Dòng 3" in preview.rejections.toPlainText()
    assert preview.preview.item(0, 3).text() == "Nguyễn Văn Ánh"
    with db.read() as s:
        assert dossiers.list_dossiers(s) == []  # the check saved nothing
    with qtbot.waitSignal(wizard.imported, timeout=20000):
        wizard.next()
    assert wizard.currentPage() is wizard.done_page
    assert "Đã nhập" in wizard.done_page.result.text()
    with db.read() as s:
        assert [r.code for r in dossiers.list_dossiers(s)] == ["A-1"]
        assert dossiers.get_by_code(s, "A-1").import_source == "mot-cua.csv"
    wizard.accept()
    assert page.register.table.rowCount() == 1


def test_indicators_cards_targets_and_export(
    qtbot, db: Database, officer: Actor, admin: Actor, tmp_path: Path
) -> None:
    _setup(db, officer, n=4)
    with db.write() as s:
        for i in range(2):
            d = dossiers.get_by_code(s, f"HS-{i}")
            d.channel, d.digitised, d.result_digitised = "online", True, True
        dossiers.mark_returned(
            s, officer, dossiers.get_by_code(s, "HS-0").id, datetime(2026, 11, 9, 16)
        )
    page = _page(qtbot, db, admin)
    tab = page.indicators
    assert tab.values["online"].text() == "50,0%"
    assert "2/4 hồ sơ" in tab.cards["online"].detail.text()
    assert "chưa đạt" in tab.cards["online"].detail.text()
    assert tab.values["on_time"].text() == "100,0%"
    assert tab.chart.chart().series()[0].barSets()[0].at(0) == 50.0
    tab.target_spins["online"].setValue(45)
    qtbot.mouseClick(tab.save_targets_button, Qt.MouseButton.LeftButton)
    assert "đạt" in tab.cards["online"].detail.text()
    assert "chưa đạt" not in tab.cards["online"].detail.text()
    out = tab.export(tmp_path / "chi-so.xlsx")
    assert out is not None and out.exists()


def test_officer_sees_targets_but_cannot_change_them(qtbot, db: Database, officer: Actor) -> None:
    _setup(db, officer, n=1)
    page = _page(qtbot, db, officer)
    assert not page.indicators.target_spins["online"].isEnabled()
    assert not page.indicators.save_targets_button.isVisible()


def test_counter_survey_in_two_taps(qtbot, db: Database, officer: Actor) -> None:
    _setup(db, officer, n=1)
    page = _page(qtbot, db, officer)
    survey = page.survey
    page.tabs.setCurrentWidget(survey)
    type_text(qtbot, survey.dossier_code, "KHONG-CO")
    qtbot.mouseClick(survey.buttons[3], Qt.MouseButton.LeftButton)
    assert survey.errors.label("dossier_code").isVisible()
    survey.dossier_code.clear()
    type_text(qtbot, survey.dossier_code, "HS-0")
    attitude = survey.findChild(type(survey.buttons[3]), "attitude_3")
    qtbot.mouseClick(attitude, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(survey.findChild(type(attitude), "attitude_2"), Qt.MouseButton.LeftButton)
    assert not attitude.isChecked()  # one choice per aspect
    qtbot.mouseClick(survey.buttons[3], Qt.MouseButton.LeftButton)
    assert survey.thanks.text() == "Cảm ơn Ông/Bà đã đánh giá!"
    assert survey.dossier_code.text() == ""
    assert "1 lượt đánh giá, chỉ số hài lòng 100,0%" in survey.today_index.text()
    with db.read() as s:
        recorded = surveys.recent(s, 1)[0]
        assert (recorded.overall, recorded.attitude, recorded.timeliness) == (3, 2, None)
        assert recorded.dossier_id == dossiers.get_by_code(s, "HS-0").id


def test_dashboard_section_counts_letters_owed(qtbot, db: Database, officer: Actor) -> None:
    from camau_reception.ui.dashboard_sections.dossiers import DossierSection

    _setup(db, officer, n=2)
    section = DossierSection(AppContext(db=db, actor=officer, today=lambda: TODAY))
    qtbot.addWidget(section)
    assert section.owing.text() == "2 hồ sơ trễ hẹn đang chờ phiếu xin lỗi"
    assert "hồ sơ trực tuyến 0,0% (chỉ tiêu 90%, chưa đạt)" in section.toolTip()
    assert section.cards["on_time"].value.text() == "0,0%"
