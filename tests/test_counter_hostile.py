"""A clerk in a hurry and bad input at the counter: garbage scans, decomposed Vietnamese,
pasted lines, impossible dates, double Enter on receive."""
import unicodedata
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.conftest import type_unicode

KS = "to-khai-dang-ky-khai-sinh"
CARD = "068150001234|123456789|Nguyễn Thị Hường|14071950|Nữ|Thôn 2, xã Hòa Bình, tỉnh Lâm Đồng|20112021"




def scan(qtbot, writer, text):
    writer.scan.setFocus()
    type_unicode(writer.scan, text)
    qtbot.keyClick(writer.scan, Qt.Key_Return)


@pytest.mark.parametrize("payload", ["abc", "068150001234|123456789|Nguyễn Thị Hường", "||||||",
                                     "068150001234|123456789|Nguyễn Thị Hường|31021950|Nữ|Thôn 2|20112021",
                                     "0681500012|123456789|Nguyễn Thị Hường|14071950|Nữ|Thôn 2|20112021",
                                     "068150001234|123456789|Nguyễn Thị Hường|14071950|Nam nữ|Thôn 2|20112021",
                                     "068150001234|123456789|Nguyễn Thị Hường|14071950|Nữ|Thôn 2|99999999"])
def test_a_garbage_or_partial_card_scan_is_named_and_fills_nothing(qtbot, writer, payload):
    scan(qtbot, writer, payload)
    assert writer.scan_error.isVisible() and writer.scan_error.text().startswith("Mã QR trên thẻ căn cước")
    assert not writer.scan_confirm.isVisible() and writer.applicant_values().get("full_name", "") == ""


def test_decomposed_pasted_and_impossible_values_are_cleaned_or_named(qtbot, writer):
    ks = writer.editors[KS]
    ks["child_name"].widget.setFocus()
    type_unicode(ks["child_name"].widget, unicodedata.normalize("NFD", "Trần Minh Khang"))
    ks["mother_name"].widget.setFocus()
    type_unicode(ks["mother_name"].widget, "Lê " * 100)
    ks["father_name"].widget.setFocus()
    type_unicode(ks["father_name"].widget, "Trần Văn 😀")
    ks["child_dob"].widget.setFocus()
    type_unicode(ks["child_dob"].widget, "15/11/2099")
    ks["child_sex"].widget.setFocus()
    assert "tương lai" in ks["child_dob"].error.text()
    assert "quá dài" in ks["mother_name"].error.text()
    assert "chữ cái" in ks["father_name"].error.text()
    QApplication.clipboard().setText("Trạm y tế\nxã Hòa Bình\r\ntỉnh Lâm Đồng")
    ks["child_birthplace"].widget.setFocus()
    ks["child_birthplace"].widget.paste()
    assert ks["child_birthplace"].error.text() == ""
    for key, value in (("mother_name", "Lê Thị Mai"), ("father_name", "Trần Văn Nam"), ("child_dob", "15/11/2025")):
        ks[key].set_text(value)
    from kiosk.validation import validate_form_values
    clean, _ = validate_form_values(writer.forms[0], writer.form_values()[KS], date.today())
    assert clean["child_name"] == unicodedata.normalize("NFC", "TRẦN MINH KHANG")
    assert clean["child_birthplace"] == "Trạm y tế xã Hòa Bình tỉnh Lâm Đồng"


def fill_khai_sinh(qtbot, writer):
    scan(qtbot, writer, CARD)
    qtbot.keyClick(writer.focusWidget(), Qt.Key_Return)

    def typed(text):
        type_unicode(writer.focusWidget(), text)
        qtbot.keyClick(writer.focusWidget(), Qt.Key_Return)
    for text in ("B", "Trần Minh Khang", "15/11/2025", "N", "Tr", "X", "Lê Thị Mai", "1998", "Trần Văn Nam", "1995"):
        typed(text)


def review_and_receive(qtbot, counter, writer):
    qtbot.keyClick(writer.review_button, Qt.Key_Return)
    review = counter.current()
    assert review is not writer, [w.accessibleName() for w in writer.error_widgets()]
    qtbot.keyClick(review, Qt.Key_Return, Qt.ControlModifier)
    return review


def test_esc_after_receiving_does_not_lead_to_a_second_dossier(qtbot, counter, writer, services):
    fill_khai_sinh(qtbot, writer)
    review = review_and_receive(qtbot, counter, writer)
    qtbot.waitUntil(lambda: review.done.isVisible(), timeout=15_000)
    qtbot.keyClick(counter.focusWidget(), Qt.Key_Escape)  # the clerk's habit: Esc to go back
    qtbot.wait(20)
    if counter.current() is writer:  # back on the filled form: review and receive once more
        qtbot.keyClick(writer, Qt.Key_Return, Qt.ControlModifier)
        again = counter.current()
        if again is not writer:
            qtbot.keyClick(again, Qt.Key_Return, Qt.ControlModifier)
            qtbot.wait(500)
    assert len(services.dossiers.day_board(date.today())) == 1


def test_leaving_the_review_while_receiving_is_refused(qtbot, counter, writer, services):
    fill_khai_sinh(qtbot, writer)
    review = review_and_receive(qtbot, counter, writer)
    qtbot.keyClick(counter.focusWidget() or review, Qt.Key_Escape)  # at once, before the receipt prints
    assert counter.current() is review
    qtbot.waitUntil(lambda: review.done.isVisible(), timeout=15_000)
    assert any(j.title.startswith("Giấy tiếp nhận") and j.status == "done" for j in review.printed)


def test_the_top_back_button_after_receiving_does_not_lead_to_a_second_dossier(qtbot, counter, writer, services):
    fill_khai_sinh(qtbot, writer)
    review = review_and_receive(qtbot, counter, writer)
    qtbot.waitUntil(lambda: review.done.isVisible(), timeout=15_000)
    counter.topbar.back.click()
    assert counter.current() is writer
    qtbot.keyClick(writer, Qt.Key_Return, Qt.ControlModifier)
    again = counter.current()
    if again is not writer:
        qtbot.keyClick(again, Qt.Key_Return, Qt.ControlModifier)
        qtbot.wait(500)
    assert len(services.dossiers.day_board(date.today())) == 1
    assert "đã được tiếp nhận" in writer.saved.text()


def test_enter_pressed_twice_on_receive_makes_one_dossier(qtbot, counter, writer, services):
    fill_khai_sinh(qtbot, writer)
    qtbot.keyClick(writer.review_button, Qt.Key_Return)
    review = counter.current()
    qtbot.keyClick(review.receive, Qt.Key_Return)
    qtbot.keyClick(review.receive, Qt.Key_Return)
    qtbot.keyClick(review, Qt.Key_Return, Qt.ControlModifier)
    qtbot.waitUntil(lambda: review.done.isVisible(), timeout=15_000)
    assert len(services.dossiers.day_board(date.today())) == 1
    assert sum(j.title.startswith("Giấy tiếp nhận") for j in review.printed) == 1


MOTHER_CARD = "068198001234||Lê Thị Mai|02031998|Nữ|Thôn 2, xã Hòa Bình, tỉnh Lâm Đồng|10052022"


def test_a_card_scanned_into_a_form_field_goes_to_the_scan_for_that_person(qtbot, writer):
    """The scanner types into whatever has the focus: the mother's card read while the clerk
    is on the mother's name is her card, not her name."""
    ks = writer.editors[KS]
    ks["mother_name"].widget.setFocus()
    type_unicode(ks["mother_name"].widget, MOTHER_CARD)
    qtbot.keyClick(ks["mother_name"].widget, Qt.Key_Return)
    assert ks["mother_name"].text() == ""
    assert writer.scan_confirm.isVisible() and "Lê Thị Mai" in writer.scan_text.text()
    assert writer.scan_for.currentData() == "mother"
    qtbot.keyClick(writer.scan_ok, Qt.Key_Return)
    assert ks["mother_name"].text() == "Lê Thị Mai" and ks["mother_birth_year"].text() == "02/03/1998"


def test_a_card_scanned_into_a_capitals_field_keeps_the_name_as_on_the_card(qtbot, writer):
    ks = writer.editors[KS]
    ks["requester_name"].widget.setFocus()
    type_unicode(ks["requester_name"].widget, CARD)
    qtbot.keyClick(ks["requester_name"].widget, Qt.Key_Return)
    assert writer.scan_for.currentData() == "requester" and "Nguyễn Thị Hường" in writer.scan_text.text()
    qtbot.keyClick(writer.scan_ok, Qt.Key_Return)
    assert writer.applicant_values()["full_name"] == "Nguyễn Thị Hường"
    assert ks["requester_name"].text() == "NGUYỄN THỊ HƯỜNG"


def test_a_card_the_citizen_says_is_wrong_leaves_the_focus_on_the_scan_field(qtbot, counter, writer):
    scan(qtbot, writer, CARD)
    writer.scan_no.setFocus()
    qtbot.keyClick(writer.scan_no, Qt.Key_Return)
    assert not writer.scan_confirm.isVisible() and counter.focusWidget() is writer.scan  # scan the right card


def test_closing_the_window_while_receiving_waits_for_the_receipt(qtbot, counter, writer, services):
    """Alt+F4 mid-receive: the dossier is stored, its receipt must print before the kiosk closes."""
    fill_khai_sinh(qtbot, writer)
    review = review_and_receive(qtbot, counter, writer)
    assert counter.close() is False and counter.isVisible()
    assert "Đang tiếp nhận" in counter.toast.text()  # and why
    qtbot.waitUntil(lambda: review.done.isVisible(), timeout=15_000)
    assert any(j.title.startswith("Giấy tiếp nhận") and j.status == "done" for j in review.printed)
    assert counter.close() is True


def test_the_top_buttons_do_not_leave_a_dossier_being_received(qtbot, counter, writer, services):
    fill_khai_sinh(qtbot, writer)
    review = review_and_receive(qtbot, counter, writer)
    counter.topbar.home.click()
    counter.topbar.back.click()
    assert counter.current() is review
    qtbot.waitUntil(lambda: review.done.isVisible(), timeout=15_000)
    assert any(j.title.startswith("Giấy tiếp nhận") and j.status == "done" for j in review.printed)


def test_a_card_issue_date_in_the_future_or_before_birth_is_named(qtbot, writer):
    """The date prints in the "Giấy tờ tùy thân" line of the form."""
    issue = writer.applicant["cccd_issue_date"]
    type_unicode(writer.applicant["date_of_birth"], "14/07/1950")
    for bad, words in (("20/11/2099", "tương lai"), ("01/01/1940", "trước ngày sinh")):
        issue.setFocus()
        issue.clear()
        type_unicode(issue, bad)
        writer.applicant["phone"].setFocus()
        err = issue.property("error_label")
        assert err.isVisible() and words in err.text(), bad
    issue.setFocus()
    issue.clear()
    type_unicode(issue, "20/11/2021")
    writer.applicant["phone"].setFocus()
    assert not issue.property("error_label").isVisible()


def test_a_future_card_issue_date_stops_the_review_even_if_the_field_was_never_left(qtbot, counter, writer):
    fill_khai_sinh(qtbot, writer)
    issue = writer.applicant["cccd_issue_date"]
    issue.setText("20/11/2099")  # then straight to Ctrl+Enter
    writer.review()
    assert counter.current() is writer and issue in writer.error_widgets()
