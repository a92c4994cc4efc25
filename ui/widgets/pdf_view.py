"""Print preview: the PDF's pages as images (QtPdf), to look at before printing."""
from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget


def render_pages(pdf: bytes, width_px: int = 900) -> list:
    """QImages of every page of `pdf`, `width_px` wide."""
    data = QByteArray(pdf)
    buf = QBuffer(data)
    buf.open(QIODevice.ReadOnly)
    doc = QPdfDocument()
    doc.load(buf)
    images = []
    for i in range(doc.pageCount()):
        size = doc.pagePointSize(i)
        height = int(width_px * size.height() / size.width())
        images.append(doc.render(i, QSize(width_px, height)))
    doc.close()
    return images


class PdfPreview(QDialog):
    """Pages stacked in a scroll area, with "In" and "Đóng"."""

    def __init__(self, parent, title: str, pdf: bytes, on_print=None):
        super().__init__(parent)
        self.setWindowTitle(f"Xem trước: {title}")
        self.resize(1000, 900)
        lay = QVBoxLayout(self)
        pages = QWidget()
        col = QVBoxLayout(pages)
        self.images = render_pages(pdf)
        for img in self.images:
            page = QLabel()
            from PySide6.QtGui import QPixmap
            page.setPixmap(QPixmap.fromImage(img))
            page.setAlignment(Qt.AlignCenter)
            col.addWidget(page)
        area = QScrollArea()
        area.setWidget(pages)
        area.setWidgetResizable(True)
        lay.addWidget(area, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel(f"{len(self.images)} trang"), 1)
        if on_print is not None:
            self.print_button = QPushButton("In")
            self.print_button.clicked.connect(lambda: (on_print(), self.accept()))
            row.addWidget(self.print_button)
        close = QPushButton("Đóng")
        close.clicked.connect(self.reject)
        row.addWidget(close)
        lay.addLayout(row)
