"""Second independent review of issue 11's late additions, as a clerk in a hurry would use
them: dates typed as digits alone, the days typed at review, a picked known applicant."""
import pytest
from PySide6.QtCore import Qt
from sqlalchemy import update

from kiosk.errors import ValidationError
from kiosk.services.dossier_receipt import receipt_days
from tests.conftest import type_unicode
from tests.test_counter_prefill import CARD, KS, open_writer, scan


def leave(qtbot, widget, text, to):
    widget.setFocus()
    type_unicode(widget, text)
    to.setFocus()
    qtbot.wait(10)


def test_a_date_typed_as_digits_shows_normalised_once_the_field_is_left(qtbot, counter, services):
    """'151126' is read as 15/11/2026 by the validator; the clerk must see it, in the form's
    date field and in the applicant's, and be told on the field that digits alone work."""
    writer = open_writer(counter, services, "1.001193", qtbot)
    ks = writer.editors[KS]
    dob = ks["child_dob"]
    assert "151126" in dob.widget.placeholderText()
    leave(qtbot, dob.widget, "151125", ks["child_sex"].widget)
    assert dob.widget.text() == "15/11/2025" and dob.error.text() == ""
    leave(qtbot, dob.widget, "", ks["child_sex"].widget)  # unchanged: no second rewrite
    assert dob.widget.text() == "15/11/2025"
    app_dob = writer.applicant["date_of_birth"]
    assert "gõ liền" in app_dob.toolTip()  # the narrow box: its placeholder must fit whole
    assert app_dob.fontMetrics().horizontalAdvance(app_dob.placeholderText()) < app_dob.minimumWidth()
    leave(qtbot, app_dob, "14071950", writer.applicant["cccd"])
    assert app_dob.text() == "14/07/1950"
    issue = writer.applicant["cccd_issue_date"]
    leave(qtbot, issue, "201121", writer.applicant["cccd"])
    assert issue.text() == "20/11/2021"
    assert "ngày 20/11/2021" in ks["requester_id"].text() or ks["requester_id"].text() == ""


def test_a_date_that_does_not_parse_is_left_as_typed_with_its_error(qtbot, counter, services):
    writer = open_writer(counter, services, "1.001193", qtbot)
    ks = writer.editors[KS]
    dob = ks["child_dob"]
    leave(qtbot, dob.widget, "310225", ks["child_sex"].widget)
    assert dob.widget.text() == "310225" and "không có trên lịch" in dob.error.text()


@pytest.mark.parametrize("typed", ["²", "３", "٣", "1e3", "-1", "999", "7.5", "15 ngày"])
def test_hostile_days_are_refused_with_a_vietnamese_message(services, typed):
    proc = next(p for p in services.catalog.procedures.values() if p.processing_days is None and not p.elsewhere)
    with pytest.raises(ValidationError) as e:
        receipt_days(proc, typed)
    assert "Số ngày làm việc" in e.value.message


def test_a_picked_applicant_whose_stored_issue_date_is_before_birth_is_flagged_at_once(qtbot, counter, services):
    """A stored record can hold an issue date before birth (the birth date was corrected later
    without a card): the pick must show it on the field, not only at review."""
    from kiosk.db.models import Applicant
    writer = open_writer(counter, services, "1.001193", qtbot)
    scan(qtbot, writer)
    ks = writer.editors[KS]
    values = {k: ed.text() for k, ed in ks.items() if ed.text()}
    services.dossiers.receive_dossier("1.001193", writer.applicant_values(), None, form_values={KS: {**values, **{
        f.key: f.sample for f in services.catalog.forms[KS].fields if f.key not in values and f.sample}}})
    with services.session_factory.begin() as s:
        s.execute(update(Applicant).values(cccd_issue_date="01/01/1940"))
    counter.go_home()
    again = open_writer(counter, services, "1.001193", qtbot)
    type_unicode(again.find, "068150001234")
    qtbot.keyClick(again.find, Qt.Key_Return)
    qtbot.keyClick(again.found, Qt.Key_Return)
    issue = again.applicant["cccd_issue_date"]
    assert issue.text() == "01/01/1940"
    assert "Ngày cấp" in issue.property("error_label").text()


def test_purge_then_pick_finds_nobody_and_fills_nothing(qtbot, counter, services):
    from datetime import datetime, timedelta
    from kiosk.db.models import Dossier
    writer = open_writer(counter, services, "1.001193", qtbot)
    scan(qtbot, writer)
    ks = writer.editors[KS]
    values = {k: ed.text() for k, ed in ks.items() if ed.text()}
    services.dossiers.receive_dossier("1.001193", writer.applicant_values(), None, form_values={KS: {**values, **{
        f.key: f.sample for f in services.catalog.forms[KS].fields if f.key not in values and f.sample}}})
    with services.session_factory.begin() as s:
        s.execute(update(Dossier).values(received_at=datetime.now() - timedelta(days=800)))
    services.maintenance.purge_personal(12)
    counter.go_home()
    again = open_writer(counter, services, "1.001193", qtbot)
    type_unicode(again.find, "068150001234")
    qtbot.keyClick(again.find, Qt.Key_Return)
    assert again.found.count() == 0 and again.applicant["cccd_issue_date"].text() == ""


def review_for_typed_days(qtbot, counter, services):
    writer = open_writer(counter, services, "2.000286", qtbot)
    scan(qtbot, writer)
    qtbot.keyClick(writer.focusWidget(), Qt.Key_Return, Qt.ControlModifier)
    review = counter.current()
    assert review is not writer and review.days is not None
    qtbot.wait(50)
    return review


@pytest.mark.parametrize("typed, says", [("", "Hãy nhập số ngày"), ("-1", "từ 0 đến 250")])
def test_days_refused_at_receipt_are_said_beside_the_days_box_on_a_1366x768_screen(qtbot, counter, services,
                                                                                    typed, says):
    """At 1366x768 the review of a long procedure overflows: the message under the buttons was
    below the screen, so Ctrl+Enter seemed to do nothing. It is said beside the box."""
    from PySide6.QtCore import QPoint
    counter.resize(1366, 768)
    review = review_for_typed_days(qtbot, counter, services)
    review.days.setFocus()
    type_unicode(review.days, typed)
    qtbot.keyClick(review.days, Qt.Key_Return, Qt.ControlModifier)
    qtbot.wait(50)
    assert review.info is None
    boxes = (review.error, getattr(review, "days_error", review.error))
    shown = [w for w in boxes if w.isVisible() and says in w.text()]
    top = [w.mapTo(counter, QPoint(0, 0)).y() for w in shown]
    assert any(0 <= y and y + 10 <= counter.height() for y in top), top
    review.days.clear()
    type_unicode(review.days, "15")
    qtbot.wait(10)
    qtbot.keyClick(review.days, Qt.Key_Return, Qt.ControlModifier)
    qtbot.waitUntil(lambda: review.info is not None, timeout=10000)
    assert not getattr(review, "days_error", review.error).isVisible()


def test_a_paper_whose_catalog_name_ends_in_punctuation_prints_one_colon(services):
    """2.000286's form is named '… Nghị định số 20/2021/NĐ-CP);' in the catalog: the receipt printed ';:'."""
    import io
    from pypdf import PdfReader
    person = {"full_name": "Nguyễn Thị Hường", "date_of_birth": "14/07/1950", "sex": "Nữ", "cccd": "068150001234",
              "address": "Thôn 2, xã Hòa Bình, tỉnh Lâm Đồng"}
    docs = [{"name": "Tờ khai của đối tượng (theo Mẫu số 07);", "originals": 1, "copies": 0},
            {"name": "Giấy tờ khác.", "originals": 0, "copies": 1}]
    info = services.dossiers.receive_dossier("2.000286", person, None, documents=docs, processing_days="15")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(
        services.printouts.receipt_pdf(info.code))).pages).split())
    assert "1. Tờ khai của đối tượng (theo Mẫu số 07): 01 bản chính" in text
    assert "2. Giấy tờ khác: 01 bản sao" in text
    assert ";:" not in text and ".:" not in text


@pytest.mark.parametrize("typed", ["0", "9", "16", "250"])
def test_days_outside_the_range_the_catalog_states_are_refused(services, typed):
    """'Tùy trường hợp: từ 10 đến 15 ngày làm việc': a hurried '0' printed 'theo quy định là: trong ngày'."""
    proc = services.catalog.procedure("2.000286")
    assert "từ 10 đến 15" in proc.processing_time_text
    with pytest.raises(ValidationError) as e:
        receipt_days(proc, typed)
    assert "từ 10 đến 15" in e.value.message
    assert receipt_days(proc, "10") == 10 and receipt_days(proc, "15") == 15


def test_lowercase_typing_gives_the_papers_capitals(qtbot, counter, services):
    """Typed fast in lower case: a place completed in place takes the suggestion's writing
    ('tr' gave 'trạm y tế xã …' on the paper) and a parent's name its capitals ('lê thị mai')."""
    writer = open_writer(counter, services, "1.001193", qtbot)
    ks = writer.editors[KS]
    place = ks["child_birthplace"]
    place.widget.setFocus()
    qtbot.wait(10)
    type_unicode(place.widget, "tr")
    assert place.text().casefold().startswith("trạm y tế")
    leave(qtbot, ks["mother_name"].widget, "lê thị mai", ks["child_sex"].widget)
    assert place.text().startswith("Trạm y tế ")
    assert ks["mother_name"].text() == "Lê Thị Mai"
    leave(qtbot, ks["father_name"].widget, "Trần văn NAM", ks["child_sex"].widget)  # the clerk's own capitals stay
    assert ks["father_name"].text() == "Trần văn NAM"


def _received(services):
    person = {"full_name": "Nguyễn Thị Hường", "date_of_birth": "14/07/1950", "sex": "Nữ", "village": "Thôn 2"}
    return services.dossiers.receive_dossier("1.001193", person, None)


@pytest.mark.parametrize("kind", ["supplement", "handover"])
def test_an_undo_racing_a_print_asks_for_the_paper_back(services, kind):
    """The board prints off the UI thread: an undo (this PC's Ctrl+Z, another counter) that
    commits while the slip or handover list is being sent found no paper recorded, undid the
    decision, and the paper was then recorded against an outcome it was not printed for."""
    from datetime import date, datetime
    from kiosk.services.dossiers import DossierStatus, PaperOut
    ds, info = services.dossiers, _received(services)
    if kind == "supplement":
        ds.request_supplement(info.code, ["Giấy chứng sinh"])
    else:
        ds.record_return(info.code, "village-head", village="Thôn 2")
    queue, real_submit, raced = services.print_queue, services.print_queue.submit, []

    def submit_while_undoing(*a, **kw):
        try:
            ds.undo_last(info.code)
            raced.append("undone")
        except PaperOut as e:
            raced.append(e.papers)
        return real_submit(*a, **kw)
    queue.submit = submit_while_undoing
    if kind == "supplement":
        services.printouts.print_slip(info.code, "supplement")
    else:
        services.printouts.print_handover(date.today(), "Thôn 2")
    assert raced and raced[0] != "undone", raced
    assert ds.get(info.code).status != DossierStatus.RECEIVED
    printed = [e for e in ds.events(info.code) if e.kind == "printed"]
    assert len(printed) == 1 and printed[0].detail["job_id"] is not None
    with pytest.raises(PaperOut):
        ds.undo_last(info.code, now=datetime.now())


def test_a_slip_that_cannot_be_rendered_leaves_no_paper_out(services):
    from kiosk.errors import KioskError
    ds, info = services.dossiers, _received(services)
    ds.request_supplement(info.code, ["Giấy chứng sinh"])
    services.printouts.slip_pdf = lambda *a, **kw: (_ for _ in ()).throw(KioskError("hỏng"))
    with pytest.raises(KioskError):
        services.printouts.print_slip(info.code, "supplement")
    assert ds.undo_last(info.code).missing_items == ()


def test_a_procedure_without_a_written_form_does_not_claim_one_was_printed(qtbot, counter, services):
    review = review_for_typed_days(qtbot, counter, services)
    assert review.forms == {} and "tờ khai" not in review.receive.text()
    type_unicode(review.days, "12")
    qtbot.keyClick(review.days, Qt.Key_Return, Qt.ControlModifier)
    qtbot.waitUntil(lambda: review.done.isVisible(), timeout=10000)
    assert "tờ khai" not in review.result.text() and "giấy tiếp nhận" in review.result.text()


def test_days_typed_for_a_same_day_procedure_are_refused_in_plain_words(services):
    with pytest.raises(ValidationError) as e:
        receipt_days(services.catalog.procedure("1.001193"), "5")
    assert "0 ngày" not in e.value.message and "trả ngay trong ngày" in e.value.message


def test_a_date_is_not_rewritten_when_only_the_window_loses_focus(qtbot, counter, services):
    """'150319' may be the start of '15031998': a popup or another window taking the focus
    must not turn it into 15/03/2019 under the clerk's fingers."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QFocusEvent
    from PySide6.QtWidgets import QApplication
    writer = open_writer(counter, services, "1.001193", qtbot)
    dob = writer.editors[KS]["child_dob"].widget
    dob.setFocus()
    type_unicode(dob, "150319")
    QApplication.sendEvent(dob, QFocusEvent(QEvent.FocusOut, Qt.ActiveWindowFocusReason))
    assert dob.text() == "150319"
    app_dob = writer.applicant["date_of_birth"]
    app_dob.setFocus()
    type_unicode(app_dob, "150319")
    QApplication.sendEvent(app_dob, QFocusEvent(QEvent.FocusOut, Qt.PopupFocusReason))
    assert app_dob.text() == "150319"


def test_a_name_is_not_capitalised_while_a_popup_has_the_focus(qtbot, counter, services):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QFocusEvent
    from PySide6.QtWidgets import QApplication
    writer = open_writer(counter, services, "1.001193", qtbot)
    mother = writer.editors[KS]["mother_name"]
    mother.widget.setFocus()
    type_unicode(mother.widget, "lê thị")
    QApplication.sendEvent(mother.widget, QFocusEvent(QEvent.FocusOut, Qt.ActiveWindowFocusReason))
    assert mother.text() == "lê thị"
