"""A clerk at the counter: ticket -> write on the citizen's behalf -> review ->
receive -> the day's board -> returned at the counter."""
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from kiosk.services.dossiers import DossierStatus
from tests.conftest import type_unicode

CARD = "068150001234|123456789|Nguyễn Thị Hường|14071950|Nữ|Thôn 2, xã Hòa Bình, tỉnh Lâm Đồng|20112021"



def fill_text(editor, value):
    editor.widget.clear() if hasattr(editor.widget, "clear") else None
    type_unicode(editor.widget, value)


def test_ticket_to_returned_the_same_day(qtbot, counter, services):
    services.tickets.take_ticket("1.004873", priority=True)  # xác nhận tình trạng hôn nhân
    home = counter.current()
    qtbot.mouseClick(home.queue_tab.call, Qt.LeftButton)
    assert home.queue_tab.current.label == "U001"
    qtbot.mouseClick(home.queue_tab.write, Qt.LeftButton)
    writer = counter.current()
    assert writer.proc.code == "1.004873"
    # the citizen's card, read by the scanner, confirmed, then pre-fills the form
    type_unicode(writer.scan, CARD)
    qtbot.keyClick(writer.scan, Qt.Key_Return)
    assert writer.scan.text() == "" and "Nguyễn Thị Hường" in writer.scan_text.text()
    qtbot.mouseClick(writer.scan_ok, Qt.LeftButton)
    assert writer.applicant["cccd"].text() == "068150001234"
    writer.applicant["village"].setCurrentText("Thôn 2")
    form_id = writer.forms[0].id
    editors = writer.editors[form_id]
    linked = [ed for ed in editors.values() if ed.item.applicant == "full_name"]
    assert linked and linked[0].text() == "NGUYỄN THỊ HƯỜNG"  # the form asks for capitals
    # everything else required, typed from the sample values
    for key, ed in editors.items():
        if ed.item.required and not ed.text():
            ed.set_text(ed.item.sample)
    qtbot.mouseClick(writer.review_button, Qt.LeftButton)
    review = counter.current()
    assert review.__class__.__name__ == "ReviewScreen", writer.summary.text()
    assert "Nguyễn Thị Hường" in review.view.toPlainText()
    qtbot.mouseClick(review.receive, Qt.LeftButton)
    qtbot.waitUntil(lambda: review.info is not None, timeout=10_000)  # received off the UI thread
    assert review.info.proxy_written
    code = review.info.code
    assert code.startswith(f"HB-{date.today():%Y%m%d}-")
    qtbot.waitUntil(lambda: review.done.isVisible(), timeout=10_000)
    assert all(j.status == "done" for j in review.printed) and len(review.printed) == 2
    assert services.drafts.open_drafts(counter.clerk.id) == []
    qtbot.mouseClick(review.done, Qt.LeftButton)
    home = counter.current()
    board = home.board
    assert [r.code for r in board.rows] == [code]
    board.table.selectRow(0)
    qtbot.mouseClick(board.buttons["Trả tại quầy (F5)"], Qt.LeftButton)
    assert services.dossiers.get(code).status != DossierStatus.RETURNED  # asks first
    qtbot.keyClick(board.confirm_ok, Qt.Key_Return)  # one keystroke
    info = services.dossiers.get(code)
    assert info.status == DossierStatus.RETURNED and info.same_day and info.returned_via == "counter"
    assert "1 đã trả trong ngày" in board.summary.text() and "tại quầy" in board.status.text()


def test_validation_errors_are_shown_in_vietnamese_and_nothing_is_received(qtbot, counter, services):
    home = counter.current()
    home.open_write(services.catalog.procedure("1.001193"))
    writer = counter.current()
    type_unicode(writer.applicant["full_name"], "Nguyễn Văn 4")
    type_unicode(writer.applicant["date_of_birth"], "31/02/1990")
    qtbot.mouseClick(writer.review_button, Qt.LeftButton)
    assert counter.current() is writer
    assert writer.applicant["date_of_birth"].property("error_label").isVisible()
    assert "không có trên lịch" in writer.applicant["date_of_birth"].property("error_label").text()
    assert "chữ" in writer.applicant["full_name"].property("error_label").text()
    assert "Còn" in writer.summary.text()
    assert services.dossiers.day_board(date.today()) == []


def test_a_half_filled_form_survives_a_crash(qtbot, services, window):
    clerk = services.accounts.create_clerk("Trần Văn Bình", "246813")
    window.enter_counter(clerk)
    window.current().open_write(services.catalog.procedure("1.001193"))
    writer = window.current()
    type_unicode(writer.applicant["full_name"], "Đặng Văn Lượng")
    child = writer.editors["to-khai-dang-ky-khai-sinh"]["child_name"]
    type_unicode(child.widget, "ĐẶNG THỊ MỸ DUYÊN")
    qtbot.waitUntil(lambda: writer.saved.text() == "Đã lưu nháp", timeout=3000)
    # the window is gone without finishing (a crash); a new session finds the draft
    window.close()
    from ui.app import build_window
    again = build_window(services)
    qtbot.addWidget(again)
    again.enter_counter(clerk)
    receive = again.current().receive_tab
    receive.refresh_drafts()
    assert receive.drafts.count() == 1 and "Đặng Văn Lượng" in receive.drafts.item(0).text()
    receive.resume(receive.drafts.item(0))
    resumed = again.current()
    assert resumed.editors["to-khai-dang-ky-khai-sinh"]["child_name"].text() == "ĐẶNG THỊ MỸ DUYÊN"
    assert resumed.applicant["full_name"].text() == "Đặng Văn Lượng"
    assert resumed.editors["to-khai-dang-ky-khai-sinh"]["requester_name"].text() == "ĐẶNG VĂN LƯỢNG"
    again.idle.stop()


def test_a_procedure_that_forbids_writing_help_shows_both_rules_and_offers_the_sample(counter, services):
    proc = next(p for p in services.catalog.procedures.values() if not p.writing_help.value)
    counter.current().open_write(proc)
    writer = counter.current()
    assert writer.editors == {}
    texts = " ".join(w.text() for w in writer.findChildren(type(writer.saved)))
    assert "KHÔNG được viết giúp" in texts and proc.writing_help.reason in texts
    assert ("tự ký/điểm chỉ trước cán bộ" if proc.sign_in_person.value else "Không bắt buộc ký trước cán bộ") in texts
    assert proc.sign_in_person.reason in texts


def test_supplement_from_the_board_lists_every_missing_item(qtbot, counter, services, monkeypatch):
    info = services.dossiers.receive_dossier("1.001193", {"full_name": "Phạm Ngọc Ửng"}, counter.clerk.id)
    home = counter.current()
    home.board.refresh()
    home.board.table.selectRow(0)
    from ui.counter import board as board_module

    def fake_exec(dlg):
        for i in range(dlg.items.count()):
            if "Giấy chứng sinh" in dlg.items.item(i).text():
                dlg.items.item(i).setCheckState(Qt.Checked)
        dlg.other.setPlainText("Văn bản ủy quyền có chứng thực của người mẹ")
        return QDialog.Accepted
    monkeypatch.setattr(board_module.SupplementDialog, "exec", fake_exec)
    qtbot.mouseClick(home.board.buttons["Yêu cầu bổ sung…"], Qt.LeftButton)
    d = services.dossiers.get(info.code)
    assert d.status == DossierStatus.NEEDS_SUPPLEMENT
    assert d.missing_items == ("Giấy chứng sinh (bản chính)", "Văn bản ủy quyền có chứng thực của người mẹ")
    qtbot.waitUntil(lambda: "Phiếu: Đã in" in home.board.status.text(), timeout=10_000)


def test_lobby_status_shows_no_personal_data(qtbot, window, services):
    info = services.dossiers.receive_dossier("1.001193", {"full_name": "Nguyễn Thị Hường", "cccd": "068150001234",
                                                          "date_of_birth": "14/07/1950", "sex": "Nữ"}, None)
    window.current().open_status()
    status = window.current()
    type_unicode(status.code, f"{info.code}|1.001193|{info.due_date:%d/%m/%Y}")  # the receipt's QR
    qtbot.keyClick(status.code, Qt.Key_Return)
    text = status.result.text()
    assert info.code in text and "Đã tiếp nhận" in text
    assert "Hường" not in text and "068150001234" not in text


def test_print_preview_shows_the_filled_form_pages(qtbot, counter, services):
    from ui.counter.review import ReviewScreen
    from ui.counter.write import WriteScreen
    proc = services.catalog.procedure("1.000689")  # two forms: khai sinh + nhận cha, mẹ, con
    writer = counter.push(WriteScreen(counter, proc))
    forms = {f.id: {k.key: k.sample for k in f.fields if k.sample} for f in writer.forms}
    review = counter.push(ReviewScreen(counter, writer, {"full_name": "Nguyễn Văn Hưởng"}, forms))
    qtbot.mouseClick(review.preview, Qt.LeftButton)
    dialog = review.preview_dialog
    assert len(dialog.images) >= 2  # every form, each from a new page
    img = dialog.images[0]
    assert img.width() == 900 and abs(img.height() / img.width() - 297 / 210) < 0.01
    dark = sum(1 for x in range(0, img.width(), 9) for y in range(0, img.height(), 9)
               if img.pixelColor(x, y).lightness() < 100)
    assert dark > 100  # printed text, not a blank page
    dialog.reject()


def test_rating_right_after_service_is_tied_to_the_dossier(qtbot, counter, services):
    from sqlalchemy import select

    from kiosk.db.models import SurveyResponse
    from ui.counter.review import ReviewScreen
    from ui.counter.write import WriteScreen
    proc = services.catalog.procedure("2.000815")
    writer = counter.push(WriteScreen(counter, proc))
    review = counter.push(ReviewScreen(counter, writer, {"full_name": "Phạm Ngọc Ửng"}, {}))
    qtbot.mouseClick(review.receive, Qt.LeftButton)
    qtbot.waitUntil(lambda: review.rate.isVisible(), timeout=10_000)
    code = review.info.code
    qtbot.mouseClick(review.rate, Qt.LeftButton)
    rating = counter.current()
    qtbot.mouseClick(rating.faces[4], Qt.LeftButton)
    with services.session_factory() as s:
        r = s.scalars(select(SurveyResponse)).one()
    assert (r.score, r.dossier_code, r.counter) == (4, code, "Trần Văn Bình")
