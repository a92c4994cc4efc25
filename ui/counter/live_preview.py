"""The filled form as it will print, beside the fields: re-rendered off the UI thread as
soon as the clerk pauses (on screen about 100-150 ms after the last key); a click on a
line of the paper puts the cursor in that field of the form."""
from __future__ import annotations

import unicodedata

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from ui.widgets.common import label
from ui.widgets.pdf_view import render_pages
from ui.worker import run_in_background

# A pause this long starts a render (about 50 ms, in a worker): the paper follows well within
# the 300 ms of issue 11 even on a slow counter PC. At most one render runs; a change made
# meanwhile is rendered as soon as it ends.
PREVIEW_DELAY_MS = 60


def render_preview(forms, settings, proxy_clerk: str | None, width_px: int):
    """(pdf bytes, page images, [(form id, first page, page count)]) of the forms as typed.
    Runs in a worker thread: reportlab and QtPdf only, no widget."""
    from kiosk.documents.forms import layout_form
    sheets, spans, first = [], [], 0
    for template, values in forms:
        sheet = layout_form(template, values, settings, mode="filled", proxy_clerk=proxy_clerk)
        spans.append((template.id, first, sheet.page_count))
        first += sheet.page_count
        sheets.append(sheet)
    combined = sheets[0]
    for other in sheets[1:]:
        combined.pages.extend(other.pages)
    pdf = combined.to_pdf()
    return pdf, render_pages(pdf, width_px), spans


def _key(text: str) -> str:
    return unicodedata.normalize("NFC", text).split("…")[0].split("(")[0].strip()[:14]


def field_at(pdf: bytes, page: int, point: QPointF, form, first_page: int, page_count: int) -> str | None:
    """The key of the field of `form` printed at `point` (PDF points) on `page`: the last
    field whose label starts above the point (or left of it on the same line)."""
    data = QByteArray(pdf)
    buf = QBuffer(data)
    buf.open(QIODevice.ReadOnly)
    doc = QPdfDocument()
    doc.load(buf)
    try:
        best, best_key = None, None
        fields = [f for f in form.fields]
        i = 0  # labels are looked for in printed order, page after page
        for p in range(first_page, first_page + page_count):
            text = doc.getAllText(p).text()
            pos = 0
            while i < len(fields):
                label_key = _key(fields[i].label or "")
                if not label_key:
                    i += 1
                    continue
                found = text.find(label_key, pos)
                if found < 0:
                    break  # on a later page
                rect = doc.getSelectionAtIndex(p, found, len(label_key)).boundingRectangle()
                pos = found + len(label_key)
                if p < page or (p == page and (rect.top() <= point.y() + 2)):
                    same_line = p == page and rect.bottom() >= point.y() - 2
                    if not same_line or rect.left() <= point.x():
                        best, best_key = (p, rect.top(), rect.left()), fields[i].key
                i += 1
        return best_key if best is not None else None
    finally:
        doc.close()


class PageLabel(QLabel):
    clicked = Signal(int, QPointF)

    def __init__(self, index: int):
        super().__init__()
        self.index = index
        self.setAlignment(Qt.AlignHCenter | Qt.AlignTop)
        self.setCursor(Qt.PointingHandCursor)
        self.setToolTip("Bấm vào một dòng để sửa ô đó")

    def mousePressEvent(self, event):  # noqa: N802 - Qt's name
        pix = self.pixmap()
        if pix is None or pix.isNull():
            return
        x0 = (self.width() - pix.width()) / 2
        p = event.position()
        self.clicked.emit(self.index, QPointF(p.x() - x0, p.y()))


class LivePreview(QWidget):
    """Pages of the filled forms, kept up to date while the clerk types."""

    def __init__(self, writer):
        super().__init__()
        self.writer = writer
        self.setMinimumWidth(320)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.status = label("Bản xem trước tờ khai (bấm vào một dòng để sửa ô đó)", "Note")
        lay.addWidget(self.status)
        self.pages_box = QWidget()
        self.pages = QVBoxLayout(self.pages_box)
        self.pages.setAlignment(Qt.AlignTop)
        self.area = QScrollArea()
        self.area.setWidget(self.pages_box)
        self.area.setWidgetResizable(True)
        self.area.setFocusPolicy(Qt.NoFocus)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        lay.addWidget(self.area, 1)
        self.timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self.timer.timeout.connect(self.render)
        self.generation = 0  # results of an older render are dropped
        self.shown_generation = 0
        self.busy = False
        self._again = False  # values changed while a render ran: render again when it ends
        self.deferred = False  # a render was due while another screen covered the form
        self.pdf: bytes = b""
        self.images: list = []
        self.spans: list[tuple[str, int, int]] = []
        self.labels: list[PageLabel] = []

    def schedule(self) -> None:
        self.timer.start()

    def resizeEvent(self, event):  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.images and abs(self.images[0].width() - (self.area.viewport().width() - 24)) > 40:
            self.schedule()  # pages as wide as the pane

    def render(self) -> None:
        if not self.isVisible() and self.writer.isVisible():
            return
        if self.writer.window_.current() is not self.writer:
            # covered (the review, the PIN screen): no render competing with the review's
            # receiving and printing for the GIL; the form, shown again, renders (WriteScreen.shown)
            self.deferred = True
            return
        self.deferred = False
        if self.busy:  # one render at a time; the latest values follow right after it
            self._again = True
            return
        self._again = False
        self.generation += 1
        gen = self.generation
        w = self.writer
        catalog = w.services.catalog
        forms = [(catalog.forms[fid], vals) for fid, vals in w.form_values().items()]
        clerk = w.window_.clerk
        note = clerk.name if clerk else None  # the paper prints the proxy-writing note with this clerk's name
        settings = w.services.config.settings
        width = max(300, self.area.viewport().width() - 24)
        self.busy = True
        run_in_background(lambda: render_preview(forms, settings, note, width),
                          lambda res: self._show(gen, res), self._failed, self)

    def _render_again(self) -> None:
        if self._again and not self.timer.isActive():
            self.render()

    def _failed(self, exc) -> None:
        self.busy = False
        self._render_again()
        self.status.setText("Chưa xem trước được với nội dung hiện tại; kiểm tra các ô ghi màu đỏ.")

    def _show(self, gen: int, result) -> None:
        self.busy = False
        if gen != self.generation:
            return
        self.pdf, self.images, self.spans = result
        while len(self.labels) < len(self.images):
            lab = PageLabel(len(self.labels))
            lab.clicked.connect(self.clicked)
            self.labels.append(lab)
            self.pages.addWidget(lab)
        for i, lab in enumerate(self.labels):
            if i < len(self.images):
                lab.setPixmap(QPixmap.fromImage(self.images[i]))
                lab.show()
            else:
                lab.hide()
        self.shown_generation = gen
        self.status.setText(f"Bản xem trước: {len(self.images)} trang (bấm vào một dòng để sửa ô đó)")
        self._render_again()

    def clicked(self, page: int, pos: QPointF) -> None:
        key, form_id = self.field_at_pixel(page, pos)
        if key:
            self.writer.focus_field(form_id, key)

    def field_at_pixel(self, page: int, pos: QPointF) -> tuple[str | None, str | None]:
        if not self.images or page >= len(self.images):
            return None, None
        span = next(((fid, first, n) for fid, first, n in self.spans if first <= page < first + n), None)
        if span is None:
            return None, None
        fid, first, n = span
        img = self.images[page]
        scale = 595.2756 / img.width()  # A4 width in points
        point = QPointF(pos.x() * scale, pos.y() * scale)
        form = self.writer.services.catalog.forms[fid]
        return field_at(self.pdf, page, point, form, first, n), fid
