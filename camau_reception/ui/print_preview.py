"""Print preview of a generated PDF: view every page, print, save a copy, open elsewhere."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QPointF, QSizeF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class PrintPreviewDialog(QDialog):
    def __init__(
        self,
        pdf_path: str | Path,
        title: str = "",
        suggested_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.pdf_path = Path(pdf_path)
        self.suggested_name = suggested_name or self.pdf_path.name
        self.setWindowTitle(title or self.tr("Xem trước khi in"))
        self.resize(900, 1000)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.print_button = QPushButton(self.tr("In… (Ctrl+P)"))
        self.print_button.setObjectName("print_button")
        self.save_button = QPushButton(self.tr("Lưu PDF… (Ctrl+S)"))
        self.save_button.setObjectName("save_pdf_button")
        self.open_button = QPushButton(self.tr("Mở bằng ứng dụng khác"))
        self.open_button.setObjectName("open_button")
        close_button = QPushButton(self.tr("Đóng (Esc)"))
        self.pages_label = QLabel()
        self.pages_label.setObjectName("pages_label")
        for w in (self.print_button, self.save_button, self.open_button):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.pages_label)
        bar.addWidget(close_button)
        layout.addLayout(bar)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        layout.addWidget(self.view, 1)
        self.document.load(str(self.pdf_path))
        self.pages_label.setText(self.tr("{n} trang").format(n=self.page_count()))
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_copy)
        self.open_button.clicked.connect(self.open_external)
        close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_document)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_copy)

    def page_count(self) -> int:
        return self.document.pageCount()

    def save_copy(self) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Lưu tệp PDF"), self.suggested_name, self.tr("Tệp PDF (*.pdf)")
        )
        if not name:
            return None
        dest = Path(name)
        if dest.suffix.lower() != ".pdf":
            dest = dest.with_suffix(".pdf")
        if dest.resolve() != self.pdf_path.resolve():
            shutil.copyfile(self.pdf_path, dest)
        return dest

    def open_external(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.pdf_path)))

    def print_document(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.suggested_name)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("In tài liệu"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.render_to(printer)

    def render_to(self, printer) -> None:  # QPrinter
        """Each PDF page rendered at the printer's resolution, scaled to fit the paper."""
        painter = QPainter()
        if not painter.begin(printer):
            return
        try:
            dpi = printer.resolution()
            target = printer.pageRect(printer.Unit.DevicePixel)
            for index in range(self.page_count()):
                if index:
                    printer.newPage()
                points = self.document.pagePointSize(index)
                size = QSizeF(points.width() * dpi / 72, points.height() * dpi / 72)
                scale = min(target.width() / size.width(), target.height() / size.height(), 1.0)
                image = self.document.render(index, (size * scale).toSize())
                painter.drawImage(QPointF(0, 0), image)
        finally:
            painter.end()


def show_pdf(
    parent: QWidget | None, path: str | Path, title: str = "", suggested_name: str = ""
) -> None:
    dialog = PrintPreviewDialog(path, title, suggested_name, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.exec()
