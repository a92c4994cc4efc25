"""The form looks like the paper: printed lines shared, a live preview beside it,
a click on the paper focuses the field."""
import io

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QPointF, Qt
from PySide6.QtPdf import QPdfDocument
from pypdf import PdfReader

from tests.conftest import type_unicode

KS = "to-khai-dang-ky-khai-sinh"


@pytest.fixture
def writer(qtbot, window, services):
    clerk = services.accounts.create_clerk("Trần Văn Bình", "246813")
    window.enter_counter(clerk)
    window.current().open_write(services.catalog.procedure("1.001193"))
    w = window.current()
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: w.preview.shown_generation > 0, timeout=10_000)
    return w


def pdf_text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_fields_of_one_printed_line_share_a_row_in_printed_order(writer):
    eds = writer.editors[KS]
    ys = [eds[k].box.mapTo(writer, QPoint(0, 0)).y() for k in ("child_sex", "child_ethnicity", "child_nationality")]
    xs = [eds[k].box.mapTo(writer, QPoint(0, 0)).x() for k in ("child_sex", "child_ethnicity", "child_nationality")]
    assert len(set(ys)) == 1 and xs == sorted(xs)
    assert eds["child_birthplace"].box.mapTo(writer, QPoint(0, 0)).y() > ys[0]


def test_form_and_preview_fit_side_by_side_at_1366x768_and_the_preview_collapses(qtbot, writer):
    assert writer.window().width() <= 1366 and writer.window().height() <= 768
    assert writer.preview.isVisible() and writer.preview.width() >= 450 and writer.area.width() >= 650
    qtbot.keyClick(writer, Qt.Key_F9)
    assert not writer.preview.isVisible()
    qtbot.keyClick(writer, Qt.Key_F9)
    assert writer.preview.isVisible()


def test_the_preview_follows_typing(qtbot, writer):
    before = writer.preview.shown_generation
    child = writer.editors[KS]["child_name"]
    type_unicode(child.widget, "Nguyễn Ngọc Ánh Dương")
    qtbot.waitUntil(lambda: writer.preview.shown_generation > before
                    and "NGUYỄN NGỌC ÁNH DƯƠNG" in pdf_text(writer.preview.pdf), timeout=10_000)
    assert writer.preview.labels[0].pixmap().width() > 300


def test_a_click_on_a_line_of_the_paper_focuses_its_field(qtbot, writer):
    child = writer.editors[KS]["child_name"]
    type_unicode(child.widget, "Nguyễn Ngọc Ánh Dương")
    qtbot.waitUntil(lambda: "NGUYỄN NGỌC ÁNH DƯƠNG" in pdf_text(writer.preview.pdf), timeout=10_000)
    doc = QPdfDocument()
    data = QByteArray(writer.preview.pdf)  # kept alive while the document reads it
    buf = QBuffer(data)
    buf.open(QIODevice.ReadOnly)
    doc.load(buf)
    text = doc.getAllText(0).text()
    rect = doc.getSelectionAtIndex(0, text.index("NGUYỄN NGỌC"), 11).boundingRectangle()
    scale = writer.preview.images[0].width() / 595.2756
    page = writer.preview.labels[0]
    x0 = (page.width() - page.pixmap().width()) / 2
    writer.scan.setFocus()
    qtbot.mouseClick(page, Qt.LeftButton, pos=QPoint(int(x0 + rect.center().x() * scale),
                                                     int(rect.center().y() * scale)))
    assert writer.focusWidget() is child.widget
    # the mother's line: the label's text repeats ("Năm sinh"), the right one is found
    rect = doc.getSelectionAtIndex(0, text.index("Họ, chữ đệm, tên người mẹ"), 10).boundingRectangle()
    key, form_id = writer.preview.field_at_pixel(0, QPointF(rect.right() * scale + 40, rect.center().y() * scale))
    assert (key, form_id) == ("mother_name", KS)
    doc.close()


def test_a_change_made_while_the_paper_renders_follows_right_after_it(qtbot, writer, monkeypatch):
    """One render at a time: a name typed while a render runs is rendered as soon as that one
    ends, not after a further pause or key (the render is held until the change is made)."""
    import threading

    import ui.counter.live_preview as lp
    release = threading.Event()
    real = lp.render_preview

    def slow(*args):
        release.wait(10)
        return real(*args)
    monkeypatch.setattr(lp, "render_preview", slow)
    child = writer.editors[KS]["child_name"]
    type_unicode(child.widget, "An")
    qtbot.waitUntil(lambda: writer.preview.busy, timeout=5_000)  # the render of "AN" runs
    type_unicode(child.widget, "h Dương")  # typed meanwhile
    qtbot.wait(lp.PREVIEW_DELAY_MS * 3)  # the pause: its timer has fired while the render still runs
    assert writer.preview.busy and not writer.preview.timer.isActive()
    release.set()
    qtbot.waitUntil(lambda: "ANH DƯƠNG" in pdf_text(writer.preview.pdf), timeout=10_000)
