"""Issue 10, points 3-6: idle countdown, help from home, honest ticket and print outcomes,
rating kept on timeout, status lookup however the code is typed."""
from datetime import datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtTest import QTest
from sqlalchemy import select

from kiosk.db.models import AssistanceTicket, SurveyResponse
from kiosk.printing import PrinterError
from tests.conftest import type_unicode

CUPS_WORDS = ("CUPS", "lp", "lpstat", "Khởi động lại máy tính")


class BrokenPrinter:
    name = "cups:thermal"

    def send(self, pdf, title, copies):
        raise PrinterError("Dịch vụ in (CUPS) đang không chạy. Khởi động lại máy tính hoặc báo cán bộ.")


def break_printers(services):
    for paper in ("a4", "a5", "thermal"):
        services.print_queue._printers[paper] = BrokenPrinter()


# --- idle -----------------------------------------------------------------------------
@pytest.fixture
def idle_win(window):
    """The lobby window of tests/conftest.py at 1366x768."""
    window.resize(1366, 768)
    return window


def test_a_tap_anywhere_during_the_countdown_keeps_the_screen(qtbot, idle_win):
    win = idle_win
    win.current().open_search()
    search = win.current()
    type_unicode(search.box, "ket hon")
    win.idle._idle.start(150)  # from now on nobody touches it
    qtbot.waitUntil(lambda: win.overlay.isVisible(), timeout=3000)
    # the overlay covers the whole window, top bar included
    assert win.overlay.geometry() == win.centralWidget().rect()
    # tapping "Quay lại" (under the overlay) means "still here": nothing else happens
    back = win.topbar.back
    QTest.mouseClick(win.overlay, Qt.LeftButton, pos=back.mapTo(win.centralWidget(), back.rect().center()))
    assert not win.overlay.isVisible()
    assert win.current() is search and search.box.text() == "ket hon"
    assert win.idle._idle.isActive() and not win.idle.warning


def test_a_touch_or_a_key_during_the_countdown_also_keeps_the_screen(qtbot, idle_win):
    win = idle_win
    win.current().open_search()
    search = win.current()
    type_unicode(search.box, "khai sinh")
    device = QTest.createTouchDevice()
    win.idle._idle.start(150)  # from now on nobody touches it
    qtbot.waitUntil(lambda: win.overlay.isVisible(), timeout=3000)
    QTest.touchEvent(win.windowHandle(), device).press(0, QPoint(20, 20))
    QTest.touchEvent(win.windowHandle(), device).release(0, QPoint(20, 20))
    assert not win.overlay.isVisible() and win.current() is search
    qtbot.waitUntil(lambda: win.overlay.isVisible(), timeout=3000)
    QTest.keyClick(search.box, Qt.Key_A)
    assert not win.overlay.isVisible()
    assert search.box.text() == "khai sinh"  # the key only said "still here"


def test_without_any_input_the_countdown_wipes(qtbot, idle_win):
    win = idle_win
    win.current().open_search()
    type_unicode(win.current().box, "ket hon")
    win.idle.warning_s = 1
    win.idle._idle.start(150)  # from now on nobody touches it
    qtbot.waitUntil(lambda: win.overlay.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: win.stack.count() == 1, timeout=4000)
    assert win.current().__class__.__name__ == "LobbyHome"


# --- help and tickets -------------------------------------------------------------------
def tickets(services):
    with services.session_factory() as s:
        return s.scalars(select(AssistanceTicket).order_by(AssistanceTicket.id)).all()


def test_help_is_one_tap_from_home_with_the_ticket_kinds(qtbot, window, services):
    home = window.current()
    qtbot.mouseClick(home.help_button, Qt.LeftButton)
    screen = window.current()
    assert [b.text() for b in screen.kind_buttons.values()] == [
        "Lấy số thường", "Người cao tuổi (ưu tiên)", "Người khuyết tật (ưu tiên)", "Phụ nữ mang thai (ưu tiên)"]
    qtbot.mouseClick(screen.kind_buttons["pregnant"], Qt.LeftButton)
    assert screen.number.isVisible() and screen.number.text() == "U001"
    rows = tickets(services)
    assert [(r.priority, r.procedure_code) for r in rows] == [(True, None)]


def test_going_back_and_tapping_again_keeps_the_same_number(qtbot, window, services):
    qtbot.mouseClick(window.current().help_button, Qt.LeftButton)
    qtbot.mouseClick(window.current().kind_buttons["normal"], Qt.LeftButton)
    first = window.current().number.text()
    qtbot.mouseClick(window.topbar.back, Qt.LeftButton)
    qtbot.mouseClick(window.current().help_button, Qt.LeftButton)
    again = window.current()
    assert again.number.isVisible() and again.number.text() == first
    assert not any(b.isVisible() for b in again.kind_buttons.values())
    assert len(tickets(services)) == 1
    # the idle wipe forgets it: the next person gets their own number
    window.idle_reset()
    qtbot.mouseClick(window.current().help_button, Qt.LeftButton)
    assert not window.current().number.isVisible()
    qtbot.mouseClick(window.current().kind_buttons["normal"], Qt.LeftButton)
    assert window.current().number.text() != first


def test_ticket_number_is_shown_20_mm_tall_and_printing_failure_says_so_plainly(qtbot, window, services):
    break_printers(services)
    qtbot.mouseClick(window.current().help_button, Qt.LeftButton)
    screen = window.current()
    qtbot.mouseClick(screen.kind_buttons["normal"], Qt.LeftButton)
    qtbot.waitUntil(lambda: screen.print_job is not None or "trục trặc" in screen.outcome.text(), timeout=5000)
    qtbot.waitUntil(lambda: "trục trặc" in screen.outcome.text(), timeout=5000)
    assert screen.number.isVisible() and screen.number.text() == "A001"
    digits = QFontMetricsF(screen.number.font()).tightBoundingRect("0123456789").height()
    assert digits >= window.metrics.mm(20) - 0.5
    text = screen.outcome.text()
    assert text == "Máy in đang trục trặc. Bác nhớ số A001 và chờ gọi, hoặc đến quầy số 1 để được giúp."
    assert not any(w in text for w in CUPS_WORDS)
    assert screen.outcome.objectName() == "Warning"
    assert "trục trặc" in screen.speech_text()


def test_printed_ticket_is_green_and_says_where_the_paper_is(qtbot, window):
    qtbot.mouseClick(window.current().help_button, Qt.LeftButton)
    screen = window.current()
    qtbot.mouseClick(screen.kind_buttons["elderly"], Qt.LeftButton)
    qtbot.waitUntil(lambda: screen.print_job is not None, timeout=5000)
    assert screen.outcome.objectName() == "Good" and "máy in nhỏ" in screen.outcome.text()
    assert screen.number.text() == "U001"


def test_failed_sample_print_is_plain_red_and_success_green_and_neither_carries_over(qtbot, window, services):
    from ui.lobby.procedure import ProcedureScreen
    page = window.push(ProcedureScreen(window, services.catalog.procedure("1.001193")))
    qtbot.mouseClick(page.print_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: window.message_kind() == "good", timeout=10000)
    assert "Đã in mẫu" in window.toast.text()
    qtbot.wait(50)  # one copy per visit: the button does not come back for a second one
    assert not page.print_button.isEnabled() and page.print_button.text().strip() == "Đã in mẫu"
    qtbot.mouseClick(window.topbar.back, Qt.LeftButton)
    assert window.message_kind() is None and not window.toast.isVisible()
    break_printers(services)
    page = window.push(ProcedureScreen(window, services.catalog.procedure("1.001193")))
    qtbot.mouseClick(page.print_button, Qt.LeftButton)
    assert window.message_kind() == "info"  # "Đang in…" is neutral
    qtbot.waitUntil(lambda: page.print_button.isEnabled(), timeout=10000)
    assert window.message_kind() == "error"
    assert "Máy in đang trục trặc" in window.toast.text()
    assert not any(w in window.toast.text() for w in CUPS_WORDS)


# --- rating ---------------------------------------------------------------------------
def test_chosen_face_stays_highlighted_and_ticked_reasons_show_a_tick(qtbot, window):
    window.current().open_rating()
    screen = window.current()
    qtbot.mouseClick(screen.faces[2], Qt.LeftButton)
    assert screen.faces[2].isChecked() and screen.faces[2].isEnabled()
    assert all(not b.isEnabled() for s, b in screen.faces.items() if s != 2)
    first, second = list(screen.reasons.values())[:2]
    qtbot.mouseClick(first, Qt.LeftButton)
    assert first.isChecked() and first.text().startswith("✔")
    assert second.text().startswith("☐")
    # a ticked reason is drawn differently from an unticked one
    assert first.grab().toImage() != second.grab().toImage()


def test_rating_and_ticked_reasons_are_saved_when_nobody_taps_send(qtbot, window, services):
    window.current().open_rating()
    screen = window.current()
    qtbot.mouseClick(screen.faces[1], Qt.LeftButton)
    reasons = list(screen.reasons)
    qtbot.mouseClick(screen.reasons[reasons[0]], Qt.LeftButton)
    qtbot.mouseClick(screen.reasons[reasons[2]], Qt.LeftButton)
    screen._timeout.start(50)  # the 30 s timeout, shortened
    qtbot.waitUntil(lambda: window.stack.count() == 1, timeout=3000)
    with services.session_factory() as s:
        rows = s.scalars(select(SurveyResponse)).all()
    assert [(r.score, r.reasons) for r in rows] == [(1, f"{reasons[0]}; {reasons[2]}")]


# --- status -----------------------------------------------------------------------------
@pytest.mark.parametrize("typed", ["HB-20261127-001", "hb 20261127 001", "20261127001", "20261127-001",
                                   "HB20261127001", " 2026 1127 1 ", "HB-20261127-001|1.001193|27/11/2026"])
def test_status_lookup_accepts_the_code_however_it_is_typed(qtbot, window, services, typed):
    services.dossiers.receive_dossier("1.001193", {"full_name": "Lò Thị Xuân"}, None,
                                      now=datetime(2026, 11, 27, 9, 0))
    window.current().open_status()
    screen = window.current()
    screen.code.setText(typed)
    qtbot.mouseClick(screen.go, Qt.LeftButton)
    assert screen.result.objectName() == "Good", screen.result.text()
    assert "HB-20261127-001" in screen.result.text() and "Lò Thị Xuân" not in screen.result.text()


def test_status_keypad_types_digits_and_hyphen(qtbot, window):
    window.current().open_status()
    screen = window.current()
    for k in "2026-1":
        qtbot.mouseClick(screen.keypad.keys[k], Qt.LeftButton)
    qtbot.mouseClick(screen.keypad.keys["⌫"], Qt.LeftButton)
    assert screen.code.text() == "2026-"
    assert all(b.height() >= window.metrics.mm(15) - 1 for b in screen.keypad.keys.values())
