"""The print preview shows every page, saves a copy where the user chooses and prints each page
in its own orientation."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt

from camau_reception.domain.agency import SAMPLE_AGENCY
from camau_reception.printing.document import OfficialDocument, render_pdf
from camau_reception.printing.pdftext import pdf_page_count, pdf_text


def _pdf(tmp_path: Path, pages: int, *, landscape_last: bool = False) -> Path:
    path = tmp_path / "preview.pdf"
    docs = [
        OfficialDocument(
            agency=SAMPLE_AGENCY,
            title=f"Thông báo số {i}",
            date=date(2026, 12, 1),
            landscape=landscape_last and i == pages - 1,
        )
        for i in range(pages)
    ]
    render_pdf(docs, path)
    return path


def _dialog(qtbot, path: Path, *args: str):
    from camau_reception.ui.print_preview import PrintPreviewDialog

    dialog = PrintPreviewDialog(path, *args)
    qtbot.addWidget(dialog)
    return dialog


def test_preview_shows_pages_and_saves_a_copy(qtbot, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    dialog = _dialog(qtbot, _pdf(tmp_path, 3), "Xem trước", "thong-bao.pdf")
    dialog.show()
    assert dialog.windowTitle() == "Xem trước"
    assert dialog.page_count() == 3
    assert dialog.pages_label.text() == "3 trang"
    target = tmp_path / "copy" / "ban-sao"
    target.parent.mkdir()
    offered: list[str] = []

    def fake_save(_parent, _caption, start, _filter):
        offered.append(start)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = target.with_suffix(".pdf")
    assert saved.exists()
    assert offered and offered[0].endswith("thong-bao.pdf")
    assert "THÔNG BÁO SỐ 2" in pdf_text(saved)


def _shortcut(dialog, keys: str):
    from PySide6.QtGui import QKeySequence, QShortcut

    wanted = QKeySequence(keys)
    found = [s for s in dialog.findChildren(QShortcut) if wanted in list(s.keys())]
    assert found, keys
    return found[0]


def test_ctrl_s_saves_and_cancel_writes_nothing(qtbot, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    dialog = _dialog(qtbot, _pdf(tmp_path, 1))
    answers = [("", ""), (str(tmp_path / "ctrl-s.pdf"), "")]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: answers.pop(0))
    assert dialog.save_copy() is None  # the user cancelled the file dialog
    assert not list(tmp_path.glob("ctrl-s*"))
    # The offscreen platform has no active window to deliver key presses to shortcuts, so
    # the shortcut bound to Ctrl+S is activated directly.
    _shortcut(dialog, "Ctrl+S").activated.emit()
    assert (tmp_path / "ctrl-s.pdf").exists()


def test_ctrl_p_opens_the_print_dialog(qtbot, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QDialog

    dialog = _dialog(qtbot, _pdf(tmp_path, 2))
    shown: list[tuple[int, int]] = []

    def fake_exec(self) -> int:
        shown.append((self.minPage(), self.maxPage()))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QPrintDialog, "exec", fake_exec)
    _shortcut(dialog, "Ctrl+P").activated.emit()
    assert shown == [(1, 2)]


def test_save_failure_is_reported_not_raised(qtbot, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    dialog = _dialog(qtbot, _pdf(tmp_path, 1))
    missing_dir = tmp_path / "khong-co" / "x.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(missing_dir), ""))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: warnings.append(text))
    assert dialog.save_copy() is None
    assert warnings and "Không lưu được" in warnings[0]


def test_escape_closes(qtbot, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, _pdf(tmp_path, 1))
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_unreadable_file_disables_actions(qtbot, tmp_path: Path) -> None:
    bad = tmp_path / "hong.pdf"
    bad.write_bytes(b"not a pdf")
    dialog = _dialog(qtbot, bad)
    assert dialog.pages_label.text() == "Không mở được tệp PDF"
    assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()


def test_zoom_buttons_change_the_view(qtbot, tmp_path: Path) -> None:
    from PySide6.QtPdfWidgets import QPdfView

    dialog = _dialog(qtbot, _pdf(tmp_path, 1))
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.zoom_in_button, Qt.MouseButton.LeftButton)
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.Custom
    zoomed = dialog.view.zoomFactor()
    qtbot.mouseClick(dialog.zoom_out_button, Qt.MouseButton.LeftButton)
    assert dialog.view.zoomFactor() < zoomed
    qtbot.mouseClick(dialog.fit_button, Qt.MouseButton.LeftButton)
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth


def test_print_renders_every_page_in_its_orientation(qtbot, tmp_path: Path) -> None:
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    dialog = _dialog(qtbot, _pdf(tmp_path, 2, landscape_last=True))
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    out = tmp_path / "printed.pdf"
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    dialog.render_to(printer)
    assert pdf_page_count(out) == 2
    first, second = (page.mediabox for page in PdfReader(str(out)).pages)
    assert float(first.width) < float(first.height)
    assert float(second.width) > float(second.height)
    # Printed at the page's real size: an A4 page stays 595 x 842 points.
    assert abs(float(first.width) - 595) < 2 and abs(float(first.height) - 842) < 2
