"""Print preview of a generated PDF: view every page, print, save a copy, open elsewhere."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QRectF, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QPageLayout, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

PRINT_DPI = 300  # enough for text on paper; a 1200 dpi A4 image would take half a gigabyte
ZOOM_STEP = 1.25


class PrintPreviewDialog(QDialog):
    """Shows a PDF (all pages, fit to width) with "In…", "Lưu PDF…" and "Mở bằng ứng dụng
    khác". Ctrl+P prints, Ctrl+S saves a copy, Ctrl++ / Ctrl+- zoom, Esc closes."""

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
        self.zoom_out_button = QPushButton(self.tr("Thu nhỏ"))
        self.zoom_out_button.setToolTip(self.tr("Thu nhỏ (Ctrl+-)"))
        self.zoom_in_button = QPushButton(self.tr("Phóng to"))
        self.zoom_in_button.setToolTip(self.tr("Phóng to (Ctrl++)"))
        self.fit_button = QPushButton(self.tr("Vừa chiều rộng"))
        close_button = QPushButton(self.tr("Đóng (Esc)"))
        close_button.setAutoDefault(False)
        self.pages_label = QLabel()
        self.pages_label.setObjectName("pages_label")
        for w in (self.print_button, self.save_button, self.open_button):
            bar.addWidget(w)
        bar.addSpacing(12)
        for w in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
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
        error = self.document.load(str(self.pdf_path))
        loaded = error == QPdfDocument.Error.None_ and self.page_count() > 0
        if loaded:
            self.pages_label.setText(self.tr("{n} trang").format(n=self.page_count()))
        else:
            self.pages_label.setText(self.tr("Không mở được tệp PDF"))
        for w in (self.print_button, self.save_button, self.open_button):
            w.setEnabled(loaded)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_copy)
        self.open_button.clicked.connect(self.open_external)
        self.zoom_in_button.clicked.connect(lambda: self.zoom(ZOOM_STEP))
        self.zoom_out_button.clicked.connect(lambda: self.zoom(1 / ZOOM_STEP))
        self.fit_button.clicked.connect(self.fit_width)
        close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_document)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_copy)
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, lambda: self.zoom(ZOOM_STEP))
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, lambda: self.zoom(1 / ZOOM_STEP))

    def page_count(self) -> int:
        return self.document.pageCount()

    # View -------------------------------------------------------------------------------
    def zoom(self, factor: float) -> None:
        current = self.view.zoomFactor()
        if self.view.zoomMode() != QPdfView.ZoomMode.Custom:
            # Fit-to-width: start from the factor the view is showing now.
            page = self.document.pagePointSize(0)
            if page.width() > 0:
                dpi = self.view.logicalDpiX() / 72
                current = self.view.viewport().width() / (page.width() * dpi)
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(6.0, current * factor)))

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    # Actions ----------------------------------------------------------------------------
    def save_copy(self) -> Path | None:
        if not self.save_button.isEnabled():
            return None
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        start = str(Path(folder) / self.suggested_name) if folder else self.suggested_name
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Lưu tệp PDF"), start, self.tr("Tệp PDF (*.pdf)")
        )
        if not name:
            return None
        dest = Path(name)
        if dest.suffix.lower() != ".pdf":
            dest = dest.with_name(dest.name + ".pdf")
        try:
            if not dest.exists() or dest.resolve() != self.pdf_path.resolve():
                shutil.copyfile(self.pdf_path, dest)
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("Không lưu được"),
                self.tr("Không lưu được tệp PDF vào {path}:\n{error}").format(
                    path=str(dest), error=exc.strerror or str(exc)
                ),
            )
            return None
        return dest

    def open_external(self) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.pdf_path))):
            QMessageBox.information(
                self,
                self.tr("Không mở được"),
                self.tr("Không có ứng dụng nào mở được tệp PDF. Hãy dùng “Lưu PDF…”."),
            )

    def print_document(self) -> None:
        if not self.print_button.isEnabled():
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.suggested_name)
        printer.setFromTo(1, self.page_count())
        self._match_first_page(printer)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("In tài liệu"))
        dialog.setMinMax(1, self.page_count())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.render_to(printer)

    def _match_first_page(self, printer) -> None:  # QPrinter
        from PySide6.QtGui import QPageSize

        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setPageOrientation(self._orientation(0))

    def _orientation(self, index: int) -> QPageLayout.Orientation:
        size = self.document.pagePointSize(index)
        if size.width() > size.height():
            return QPageLayout.Orientation.Landscape
        return QPageLayout.Orientation.Portrait

    def render_to(self, printer) -> None:  # QPrinter
        """Each PDF page onto a sheet of paper at its real size (the document's margins are
        the margins of NĐ 30/2020), in the page's own orientation; rendered at no more than
        300 dpi and scaled down only when the paper is smaller than the page."""
        first, last = 1, self.page_count()
        if printer.fromPage() > 0:
            first, last = printer.fromPage(), min(printer.toPage() or last, last)
        printer.setFullPage(True)
        printer.setPageOrientation(self._orientation(first - 1))
        painter = QPainter()
        if not painter.begin(printer):
            return
        try:
            for number, index in enumerate(range(first - 1, last)):
                if number:
                    printer.setPageOrientation(self._orientation(index))
                    printer.newPage()
                points = self.document.pagePointSize(index)
                paper = printer.paperRect(printer.Unit.DevicePixel)
                device_dpi = printer.resolution()
                scale = min(
                    paper.width() / (points.width() * device_dpi / 72),
                    paper.height() / (points.height() * device_dpi / 72),
                    1.0,
                )
                target = QRectF(
                    0,
                    0,
                    points.width() * device_dpi / 72 * scale,
                    points.height() * device_dpi / 72 * scale,
                )
                dpi = min(device_dpi, PRINT_DPI)
                pixels = (points * (dpi / 72)).toSize()
                image = self.document.render(index, pixels)
                painter.drawImage(target, image)
        finally:
            painter.end()


def show_pdf(
    parent: QWidget | None, path: str | Path, title: str = "", suggested_name: str = ""
) -> None:
    dialog = PrintPreviewDialog(path, title, suggested_name, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.exec()
