"""Errors at the counter: checked as a field is left, gone as soon as it is fixed; one
button to the first; focus where the work is; Enter and the dialogs in Vietnamese."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from tests.conftest import type_unicode

KS = "to-khai-dang-ky-khai-sinh"




def test_focus_is_on_the_first_field_when_the_form_opens(writer):
    assert writer.focusWidget() is writer.scan


def test_an_error_shows_when_the_field_is_left_and_goes_as_soon_as_it_is_fixed(qtbot, writer):
    dob = writer.editors[KS]["child_dob"]
    dob.widget.setFocus()
    type_unicode(dob.widget, "31/02/2025")
    writer.editors[KS]["child_sex"].widget.setFocus()  # the clerk moves on
    assert dob.error.isVisible() and "không có trên lịch" in dob.error.text()
    assert writer.summary.isVisible() and writer.summary.text().startswith("Còn 1 chỗ cần sửa")
    dob.widget.setFocus()
    dob.widget.clear()
    type_unicode(dob.widget, "02/09/2025")
    assert not dob.error.isVisible() and dob.error.text() == ""  # without leaving the field
    assert not writer.summary.isVisible()


def test_an_applicant_error_clears_when_fixed(qtbot, writer):
    dob = writer.applicant["date_of_birth"]
    dob.setFocus()
    type_unicode(dob, "31/02/1990")
    writer.applicant["sex"].setFocus()
    err = dob.property("error_label")
    assert err.isVisible() and "không có trên lịch" in err.text()
    dob.setFocus()
    dob.clear()
    type_unicode(dob, "28/02/1990")
    assert not err.isVisible()


def test_the_error_count_is_a_button_to_the_first_error(qtbot, counter, writer):
    type_unicode(writer.applicant["full_name"], "Nguyễn Thị Hường")
    qtbot.mouseClick(writer.review_button, Qt.LeftButton)
    assert counter.current() is writer
    first = writer.error_widgets()[0]
    assert first is writer.editors[KS]["requester_dob"].widget  # first required field left empty
    writer.scan.setFocus()
    qtbot.mouseClick(writer.summary, Qt.LeftButton)
    assert writer.focusWidget() is first


def test_enter_presses_the_focused_button(qtbot, counter, writer):
    writer.review_button.setFocus()
    qtbot.keyClick(writer.review_button, Qt.Key_Return)
    assert writer.summary.isVisible()  # the review ran and found the empty fields


def test_focus_returns_to_the_screen_after_the_print_preview(qtbot, counter, services):
    from ui.counter.review import ReviewScreen
    from ui.counter.write import WriteScreen
    proc = services.catalog.procedure("1.001193")
    w = counter.push(WriteScreen(counter, proc))
    forms = {f.id: {k.key: k.sample for k in f.fields if k.sample} for f in w.forms}
    review = counter.push(ReviewScreen(counter, w, {"full_name": "Nguyễn Văn Hưởng"}, forms))
    qtbot.mouseClick(review.preview, Qt.LeftButton)
    review.preview_dialog.reject()
    assert review.focusWidget() is review.receive


def test_dialog_buttons_are_in_vietnamese(counter, services):
    from ui.counter.board import SupplementDialog, TextDialog
    for dlg in (SupplementDialog(counter, services.catalog.procedure("1.001193")),
                TextDialog(counter, "Từ chối", "Lý do")):
        box = dlg.findChild(QDialogButtonBox)
        texts = {b.text() for b in box.buttons()}
        assert texts == {"Đồng ý", "Hủy"}, texts
        assert not any(isinstance(w, QLineEdit) and w.text() for w in dlg.findChildren(QLineEdit))
