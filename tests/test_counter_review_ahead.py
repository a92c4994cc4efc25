"""The review screen is laid out ahead while the clerk types (bench/clerk.py's slowest step):
it must show only the visit's own values and papers, hold nothing personal before
Ctrl+Enter, and never be laid out behind the lobby."""
from PySide6.QtCore import Qt

from tests.conftest import type_unicode

CARD_A = "068150001234|123456789|Nguyễn Thị Hường|14071950|Nữ|Thôn 2, xã Hòa Bình, tỉnh Lâm Đồng|20112021"
CARD_B = "068060004321|987654321|Phạm Văn Tư|02031960|Nam|Thôn 1, xã Hòa Bình, tỉnh Lâm Đồng|15062022"
EXTRA = "Giấy xác nhận của trạm y tế"


def open_writer(qtbot, window, code: str, card: str):
    """The counter's writer for `code`, the citizen's card scanned, every form line filled
    from the catalog's samples; returned once its review is laid out ahead."""
    home = window.current()
    home.open_write(window.services.catalog.procedure(code))
    writer = window.current()
    qtbot.waitUntil(lambda: writer.is_built)
    writer.scan.setFocus()
    type_unicode(writer.scan, card)
    qtbot.keyClick(writer.scan, Qt.Key_Return)
    qtbot.keyClick(writer.focusWidget(), Qt.Key_Return)  # the citizen confirms the card
    for ed in writer.editor_list():
        if not ed.text().strip() and ed.item.sample:
            ed.set_text(ed.item.sample)
    qtbot.waitUntil(lambda: writer.review_ready, timeout=10_000)
    return writer


def review_of(qtbot, window, writer):
    qtbot.keyClick(writer.review_button, Qt.Key_Return, Qt.ControlModifier)
    review = window.current()
    assert review is not writer, [w.accessibleName() for w in writer.error_widgets()]
    return review


def test_a_second_dossier_reviews_its_own_values_and_papers(qtbot, window, services):
    window.enter_counter(services.accounts.create_clerk("Trần Văn Bình", "246813"))
    first = open_writer(qtbot, window, "1.001193", CARD_A)
    first.editors["to-khai-dang-ky-khai-sinh"]["child_name"].set_text("TRẦN MINH KHANG")
    review = review_of(qtbot, window, first)
    text = review.view.toPlainText()
    assert "NGUYỄN THỊ HƯỜNG" in text.upper() and "TRẦN MINH KHANG" in text
    assert review.return_choice.village.currentText() == "Thôn 2"
    # the clerk changes this visit's papers, then the citizen leaves without receiving
    review.papers.row("Giấy chứng sinh (bản chính)")[0].setChecked(False)
    review.papers.extra.setText(EXTRA)
    review.papers.add_extra()
    review.return_choice.via.setCurrentIndex(3)
    review.guided.setChecked(True)
    window.go_home()
    qtbot.wait(50)

    second = open_writer(qtbot, window, "1.000894", CARD_B)  # kết hôn: other papers, other citizen
    review = review_of(qtbot, window, second)
    text = review.view.toPlainText()
    assert "PHẠM VĂN TƯ" in text.upper()
    for stale in ("NGUYỄN THỊ HƯỜNG", "TRẦN MINH KHANG", "14/07/1950"):
        assert stale not in text.upper(), stale
    proc = services.catalog.procedure("1.000894")
    assert review.papers._names == [d.name for d in proc.required_documents]
    assert EXTRA not in review.papers._names
    assert [b.isChecked() for b, *_ in review.papers.rows] == [
        d.kind in ("always", "show") for d in proc.required_documents]
    assert review.return_choice.value() == ("counter", None) and not review.guided.isChecked()
    assert review.return_choice.village.currentText() == "Thôn 1"
    assert review.forms and review.person["full_name"].upper() == "PHẠM VĂN TƯ"
    assert review.proc.code == "1.000894" and "kết hôn" in review.title.lower()


def test_back_from_the_review_and_a_changed_value_is_what_the_next_review_shows(qtbot, window, services):
    window.enter_counter(services.accounts.create_clerk("Trần Văn Bình", "246813"))
    writer = open_writer(qtbot, window, "1.001193", CARD_A)
    child = writer.editors["to-khai-dang-ky-khai-sinh"]["child_name"]
    child.set_text("TRẦN MINH KHANG")
    review = review_of(qtbot, window, writer)
    review.papers.extra.setText(EXTRA)
    review.papers.add_extra()
    qtbot.keyClick(review, Qt.Key_Escape)  # back to the form
    assert window.current() is writer
    child.set_text("TRẦN MINH KHÔI")
    qtbot.waitUntil(lambda: writer.review_ready, timeout=10_000)
    again = review_of(qtbot, window, writer)
    assert again is not review
    text = again.view.toPlainText()
    assert "TRẦN MINH KHÔI" in text and "KHANG" not in text
    assert again.forms["to-khai-dang-ky-khai-sinh"]["child_name"] == "TRẦN MINH KHÔI"
    assert EXTRA not in again.papers._names


def test_the_review_laid_out_ahead_holds_nothing_personal_and_dies_with_the_visit(qtbot, window, services):
    from ui.counter.review import ReviewScreen
    window.enter_counter(services.accounts.create_clerk("Trần Văn Bình", "246813"))
    writer = open_writer(qtbot, window, "1.001193", CARD_A)
    ahead = writer._next_review
    assert not ahead.isVisible() and window.current() is writer
    assert ahead.view.toPlainText().strip() == "" and ahead.person == {} and ahead.forms == {} and not ahead.lines
    window.lock_counter()  # the lobby, the PIN screen on top
    qtbot.waitUntil(lambda: window.findChildren(ReviewScreen) == [], timeout=2000)
    qtbot.wait(600)  # nothing is laid out behind the lobby
    assert window.findChildren(ReviewScreen) == []


def test_no_review_is_laid_out_while_another_screen_covers_the_form(qtbot, window, services):
    from ui.counter.review import ReviewScreen
    window.enter_counter(services.accounts.create_clerk("Trần Văn Bình", "246813"))
    home = window.current()
    home.open_write(services.catalog.procedure("1.001193"))
    writer = window.current()
    window.show_unlock()  # pushed over the form before its review could be laid out
    qtbot.waitUntil(lambda: writer.is_built)
    qtbot.wait(600)
    assert writer._next_review is None or not writer._next_review.built
    assert all(not r.filled for r in window.findChildren(ReviewScreen))
    window.back()  # the form again: its review is laid out now
    assert window.current() is writer
    qtbot.waitUntil(lambda: writer.review_ready, timeout=5_000)


def test_a_review_half_laid_out_when_a_screen_covered_the_form_is_finished_when_it_is_back(qtbot, window, services):
    window.enter_counter(services.accounts.create_clerk("Trần Văn Bình", "246813"))
    home = window.current()
    home.open_write(services.catalog.procedure("1.001193"))
    writer = window.current()
    qtbot.waitUntil(lambda: writer.is_built)
    writer._prepare_review()  # its review begins (slices to come on the next turns)
    window.show_unlock()  # covers the form before they run
    qtbot.wait(300)
    assert not writer.review_ready  # stopped behind the other screen
    window.back()
    qtbot.waitUntil(lambda: writer.review_ready, timeout=5_000)
