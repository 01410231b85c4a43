"""The print preview shows every page and saves a copy where the user chooses."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt

from camau_reception.domain.agency import SAMPLE_AGENCY
from camau_reception.printing.document import OfficialDocument, render_pdf
from camau_reception.printing.pdftext import pdf_text


def _pdf(tmp_path: Path, pages: int) -> Path:
    path = tmp_path / "preview.pdf"
    docs = [
        OfficialDocument(agency=SAMPLE_AGENCY, title=f"Thông báo số {i}", date=date(2026, 12, 1))
        for i in range(pages)
    ]
    render_pdf(docs, path)
    return path


def test_preview_shows_pages_and_saves_a_copy(qtbot, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    from camau_reception.ui.print_preview import PrintPreviewDialog

    path = _pdf(tmp_path, 3)
    dialog = PrintPreviewDialog(path, "Xem trước", "thong-bao.pdf")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.page_count() == 3
    assert dialog.pages_label.text() == "3 trang"
    target = tmp_path / "copy" / "ban-sao"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = target.with_suffix(".pdf")
    assert saved.exists()
    assert "THÔNG BÁO SỐ 2" in pdf_text(saved)


def test_print_renders_every_page_to_the_printer(qtbot, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    from camau_reception.ui.print_preview import PrintPreviewDialog

    dialog = PrintPreviewDialog(_pdf(tmp_path, 2))
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    out = tmp_path / "printed.pdf"
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    dialog.render_to(printer)
    from camau_reception.printing.pdftext import pdf_page_count

    assert pdf_page_count(out) == 2
