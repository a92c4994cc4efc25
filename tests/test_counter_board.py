"""The day's board at the counter: applicant column, search, the handover village that
follows the selection, one-keystroke confirmation, undo, failed print jobs."""
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import update

from kiosk.db.models import PrintJob
from kiosk.services.dossiers import DossierStatus
from tests.conftest import type_unicode


@pytest.fixture
def home(qtbot, window, services):
    clerk = services.accounts.create_clerk("Trần Văn Bình", "246813")
    ds = services.dossiers
    ds.receive_dossier("1.001193", {"full_name": "Nguyễn Văn Một", "village": "Thôn 1"}, clerk.id)
    ds.receive_dossier("1.001193", {"full_name": "Trần Thị Hai", "village": "Thôn 2", "cccd": "068150001234",
                                    "date_of_birth": "14/07/1950", "sex": "Nữ"}, clerk.id)
    window.enter_counter(clerk)
    h = window.current()
    h.tabs.setCurrentWidget(h.board)
    h.board.refresh()
    return h


def row_of(board, name):
    return next(i for i, r in enumerate(board.rows) if r.applicant_name == name)


def test_the_board_has_an_applicant_column(home):
    b = home.board
    assert b.table.horizontalHeaderItem(2).text() == "Người nộp"
    assert {b.table.item(i, 2).text() for i in range(b.table.rowCount())} == {"Nguyễn Văn Một", "Trần Thị Hai"}


def test_the_handover_village_follows_the_selected_dossier(home):
    b = home.board
    b.table.selectRow(row_of(b, "Trần Thị Hai"))
    assert b.village.currentText() == "Thôn 2"
    b.table.selectRow(row_of(b, "Nguyễn Văn Một"))
    assert b.village.currentText() == "Thôn 1"


def test_search_by_name_without_accents_and_by_cccd(qtbot, home):
    b = home.board
    type_unicode(b.search, "tran thi")
    qtbot.waitUntil(lambda: b.table.rowCount() == 1, timeout=2000)  # once typing pauses
    assert [r.applicant_name for r in b.rows] == ["Trần Thị Hai"]
    b.search.clear()
    type_unicode(b.search, "0681500")
    qtbot.keyClick(b.search, Qt.Key_Return)  # Enter searches at once
    assert [r.applicant_name for r in b.rows] == ["Trần Thị Hai"]
    b.search.clear()
    assert b.table.rowCount() == 2


def test_a_scan_into_the_search_box_runs_one_query_not_one_per_character(qtbot, home, monkeypatch):
    b = home.board
    calls = []
    real = b.services.dossiers.search
    monkeypatch.setattr(b.services.dossiers, "search", lambda q, *a, **k: calls.append(q) or real(q, *a, **k))
    type_unicode(b.search, "068150001234|123456789|Trần Thị Hai|14071950|Nữ|Thôn 2, xã Hòa Bình|20112021")
    qtbot.waitUntil(lambda: len(calls) == 1, timeout=2000)
    qtbot.wait(300)
    assert len(calls) == 1 and [r.applicant_name for r in b.rows] == ["Trần Thị Hai"]


def test_f5_asks_once_and_a_return_is_undone(qtbot, home, services):
    b = home.board
    b.table.selectRow(row_of(b, "Trần Thị Hai"))
    code = b.selected_code()
    qtbot.keyClick(home, Qt.Key_F5)
    assert b.confirm_bar.isVisible() and "Trần Thị Hai" in b.confirm_text.text()
    assert services.dossiers.get(code).status == DossierStatus.RECEIVED
    qtbot.keyClick(b.confirm_ok, Qt.Key_Return)
    assert services.dossiers.get(code).status == DossierStatus.RETURNED
    assert b.undo_bar.isVisible()
    qtbot.mouseClick(b.undo_button, Qt.LeftButton)
    info = services.dossiers.get(code)
    assert info.status == DossierStatus.RECEIVED and info.returned_at is None
    assert "hoàn tác" in b.status.text().lower() and not b.undo_bar.isVisible()


def test_escape_drops_the_pending_outcome(qtbot, home, services):
    b = home.board
    b.table.selectRow(0)
    code = b.selected_code()
    qtbot.mouseClick(b.buttons["Trả qua trưởng thôn"], Qt.LeftButton)
    qtbot.keyClick(b.confirm_ok, Qt.Key_Escape)
    assert not b.confirm_bar.isVisible() and services.dossiers.get(code).status == DossierStatus.RECEIVED


def test_the_supplement_dialog_is_wide_enough_for_its_documents(home, services):
    from ui.counter.board import SupplementDialog
    proc = services.catalog.procedure("1.001193")
    dlg = SupplementDialog(home, proc)
    dlg.show()
    longest = max(dlg.items.fontMetrics().horizontalAdvance(d.name) for d in proc.required_documents)
    assert dlg.items.viewport().width() > longest
    dlg.reject()


def test_a_failed_print_job_is_named_on_the_counter(qtbot, home, services):
    job = services.print_queue.submit("ticket", "Phiếu số U007", b"%PDF-1.4\n")
    with services.session_factory.begin() as s:
        s.execute(update(PrintJob).where(PrintJob.id == job.id).values(status="failed", last_error="Hết giấy",
                                                                        updated_at=datetime.now()))
    home.check_print_jobs()
    assert home.print_alert.isVisible() and "Phiếu số U007" in home.print_alert.text()
    qtbot.mouseClick(home.print_alert, Qt.LeftButton)
    assert home.tabs.currentWidget() is home.print_jobs


def test_undo_after_a_slip_was_printed_asks_to_take_the_paper_back(qtbot, home, services):
    b = home.board
    b.table.selectRow(row_of(b, "Trần Thị Hai"))
    code = b.selected_code()
    services.dossiers.request_supplement(code, ["Giấy chứng sinh"])
    services.printouts.print_slip(code, "supplement")
    b._offer_undo(code, "Đã ghi yêu cầu bổ sung.")
    qtbot.mouseClick(b.undo_button, Qt.LeftButton)
    assert services.dossiers.get(code).status == DossierStatus.NEEDS_SUPPLEMENT  # not silently undone
    assert b.confirm_bar.isVisible() and "thu lại" in b.confirm_text.text().lower()
    assert "Phiếu yêu cầu bổ sung" in b.confirm_text.text()
    qtbot.keyClick(b.confirm_ok, Qt.Key_Return)
    assert services.dossiers.get(code).status == DossierStatus.RECEIVED
    assert "hoàn tác" in b.status.text().lower()
def test_f5_on_another_tab_shows_the_board_with_its_question(qtbot, home, services):
    """F5 works from every tab; the clerk must see what Enter would confirm."""
    b = home.board
    b.table.selectRow(row_of(b, "Trần Thị Hai"))
    home.tabs.setCurrentWidget(home.queue_tab)  # back to calling tickets
    qtbot.keyClick(home, Qt.Key_F5)
    assert home.tabs.currentWidget() is b
    assert b.confirm_bar.isVisible() and home.focusWidget() is b.confirm_ok


def test_a_bad_new_date_keeps_the_postpone_dialog_open_with_what_was_typed(qtbot, home, services):
    """Bad input gets a clear message and loses nothing: the reason typed stays in the dialog."""
    from PySide6.QtWidgets import QApplication, QDialogButtonBox
    b = home.board
    b.table.selectRow(row_of(b, "Trần Thị Hai"))
    code = b.selected_code()
    seen = {}

    def fill_and_press_ok():
        dlg = QApplication.activeModalWidget()
        dlg.date.setText("31/02/2027")
        dlg.text.setPlainText("Chờ xác minh với xã bạn")
        dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok).click()
        seen["open"] = dlg.isVisible()
        seen["message"] = dlg.message.text() if hasattr(dlg, "message") else ""
        seen["reason"] = dlg.text.toPlainText()
        dlg.reject()
    from PySide6.QtCore import QTimer
    QTimer.singleShot(100, fill_and_press_ok)
    b.postpone()
    assert seen["open"] and "không có trên lịch" in seen["message"]
    assert seen["reason"] == "Chờ xác minh với xã bạn"
    assert services.dossiers.get(code).new_due_date is None


def test_a_refusal_without_a_reason_keeps_the_dialog_open(qtbot, home, services):
    from PySide6.QtWidgets import QApplication, QDialogButtonBox
    b = home.board
    b.table.selectRow(row_of(b, "Trần Thị Hai"))
    code = b.selected_code()
    seen = {}

    def press_ok_then_fix():
        dlg = QApplication.activeModalWidget()
        dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok).click()
        seen["open"] = dlg.isVisible()
        seen["message"] = dlg.message.text() if hasattr(dlg, "message") else ""
        dlg.text.setPlainText("Không thuộc thẩm quyền của xã")
        dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok).click()
    from PySide6.QtCore import QTimer
    QTimer.singleShot(100, press_ok_then_fix)
    b.refuse()
    assert seen["open"] and "Lý do từ chối" in seen["message"]
    assert services.dossiers.get(code).status == DossierStatus.REFUSED
    assert b.undo_bar.isVisible()


def test_a_receipt_never_made_is_shown_on_the_board_until_it_is_printed(qtbot, window, services):
    """The counter stopped (a crash, a power cut) after saving a dossier and before printing
    its receipt: the citizen left without one. The board says so, names the dossier, and
    stops saying so once "In lại giấy tiếp nhận" made it. A dossier received a moment ago
    may still be printing: not flagged."""
    from datetime import timedelta
    clerk = services.accounts.create_clerk("Trần Văn Bình", "246813")
    ds = services.dossiers
    lost = ds.receive_dossier("1.001193", {"full_name": "Lê Thị Ba", "village": "Thôn 1"}, clerk.id,
                              now=datetime.now() - timedelta(minutes=5)).code
    fresh = ds.receive_dossier("1.001193", {"full_name": "Đỗ Văn Bốn", "village": "Thôn 2"}, clerk.id).code
    window.enter_counter(clerk)
    h = window.current()
    h.tabs.setCurrentWidget(h.board)
    b = h.board
    b.refresh()
    status = {r.code: b.table.item(i, 4).text() for i, r in enumerate(b.rows)}
    assert status[lost].endswith("CHƯA IN giấy tiếp nhận") and "CHƯA IN" not in status[fresh]
    assert b.unprinted.isVisible() and lost in b.unprinted.text() and fresh not in b.unprinted.text()
    b.table.selectRow(next(i for i, r in enumerate(b.rows) if r.code == lost))
    b.reprint_receipt()
    qtbot.waitUntil(lambda: "In lại giấy tiếp nhận" in b.status.text(), timeout=10_000)
    b.refresh()
    assert not b.unprinted.isVisible()
    assert all("CHƯA IN" not in b.table.item(i, 4).text() for i in range(b.table.rowCount()))


def test_printing_a_receipt_never_made_clears_the_mark_at_once(qtbot, window, services):
    """The clerk reprints the receipt the board named: the red mark and the warning go as soon
    as it is printed, without a search or another outcome to refresh the board."""
    from datetime import timedelta
    clerk = services.accounts.create_clerk("Trần Văn Bình", "246813")
    lost = services.dossiers.receive_dossier("1.001193", {"full_name": "Lê Thị Ba", "village": "Thôn 1"}, clerk.id,
                                             now=datetime.now() - timedelta(minutes=5)).code
    window.enter_counter(clerk)
    h = window.current()
    h.tabs.setCurrentWidget(h.board)
    b = h.board
    b.refresh()
    assert b.unprinted.isVisible()
    b.table.selectRow(0)
    b.reprint_receipt()
    qtbot.waitUntil(lambda: "In lại giấy tiếp nhận" in b.status.text(), timeout=10_000)
    assert not b.unprinted.isVisible()
    assert "CHƯA IN" not in b.table.item(0, 4).text()
    assert b.current_code() == lost  # the selection stays on the dossier just printed


def test_f5_right_after_typing_a_search_acts_on_what_was_searched(qtbot, home):
    """The board searches 150 ms after typing pauses; F5 pressed sooner must not ask about the
    dossier selected before the search (an Enter then would return the wrong citizen's)."""
    b = home.board
    b.table.selectRow(row_of(b, "Nguyễn Văn Một"))
    b.search.setFocus()
    type_unicode(b.search, "hai")
    qtbot.keyClick(home, Qt.Key_F5)  # within the pause: the board still shows the day
    assert "Nguyễn Văn Một" not in b.confirm_text.text()
    assert [r.applicant_name for r in b.rows] == ["Trần Thị Hai"]
    assert b.pending is None and "Chọn một hồ sơ" in b.status.text()


def test_a_search_that_hides_the_selected_dossier_selects_no_other(qtbot, home):
    """The selected dossier is not among the ones found: no other one is left selected in its
    place (the table kept the row number, now another citizen's dossier)."""
    b = home.board
    b.table.selectRow(row_of(b, "Nguyễn Văn Một"))
    b.search.setFocus()
    type_unicode(b.search, "hai")
    qtbot.keyClick(b.search, Qt.Key_Return)
    assert [r.applicant_name for r in b.rows] == ["Trần Thị Hai"]
    assert b.current_code() is None


def test_a_dossier_that_came_online_is_not_reported_without_receipt(qtbot, window, services):
    """Only a dossier handed in (at the counter, or by post: the receipt is mailed) needs a
    paper receipt; one received from the national portal got its receipt there, it is not
    "never printed"."""
    from datetime import timedelta
    clerk = services.accounts.create_clerk("Trần Văn Bình", "246813")
    ds, earlier = services.dossiers, datetime.now() - timedelta(minutes=5)
    ds.receive_dossier("1.001193", {"full_name": "Lê Thị Ba"}, clerk.id, channel="online", now=earlier)
    lost = ds.receive_dossier("1.001193", {"full_name": "Phan Văn Năm"}, clerk.id, now=earlier).code
    window.enter_counter(clerk)
    b = window.current().board
    b.refresh()
    assert b.unprinted_receipts() == {lost}
