"""Review of issue 11 (the clerk in a hurry): a held key, or a CCCD scanned while a button has
the focus, never receives a dossier before it is read back, nor confirms a board outcome; the
PIN is typed without a click."""
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from tests.conftest import type_unicode
from tests.test_counter_review_ahead import CARD_A, CARD_B, open_writer


def repeat(key, modifiers=Qt.NoModifier):
    """One auto-repeated press of a held key, to the focused widget (as X11 sends them)."""
    target = QApplication.focusWidget()
    QApplication.sendEvent(target, QKeyEvent(QEvent.KeyPress, key, modifiers, "\r", True, 1))


def test_a_held_ctrl_enter_opens_the_review_but_does_not_receive(qtbot, window, services):
    window.enter_counter(services.accounts.create_clerk("Trần Văn Bình", "246813"))
    writer = open_writer(qtbot, window, "1.001193", CARD_A)
    qtbot.keyPress(writer.focusWidget() or writer, Qt.Key_Return, Qt.ControlModifier)
    review = window.current()
    assert review is not writer and review.filled
    for _ in range(5):
        repeat(Qt.Key_Return, Qt.ControlModifier)
    assert not review._receiving and review.info is None and window.current() is review
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Return, Qt.ControlModifier)  # pressed again: received
    assert review._receiving
    qtbot.waitUntil(lambda: review.done.isVisible(), timeout=10_000)


def test_a_held_enter_after_the_last_field_neither_reviews_nor_receives(qtbot, window, services):
    window.enter_counter(services.accounts.create_clerk("Trần Văn Bình", "246813"))
    writer = open_writer(qtbot, window, "1.001193", CARD_A)
    writer.next_field(None)  # nothing left to type: Enter went to "Kiểm tra và xem lại"
    assert QApplication.focusWidget() is writer.review_button
    for _ in range(3):
        repeat(Qt.Key_Return)
    assert window.current() is writer  # a repeat of the Enter that left the last field
    qtbot.keyClick(writer.review_button, Qt.Key_Return)  # a fresh press reviews
    review = window.current()
    assert review is not writer and QApplication.focusWidget() is review.receive
    for _ in range(5):
        repeat(Qt.Key_Return)
    assert not review._receiving and review.info is None
    qtbot.keyClick(review.receive, Qt.Key_Return)
    assert review._receiving
    qtbot.waitUntil(lambda: review.done.isVisible(), timeout=10_000)


def test_a_held_f2_calls_one_citizen_not_the_whole_queue(qtbot, window, services):
    for code in ("1.001193", "1.000894", "1.004873"):
        services.tickets.take_ticket(code)
    window.enter_counter(services.accounts.create_clerk("Trần Văn Bình", "246813"))
    home = window.current()
    home.setFocus()
    qtbot.keyPress(home, Qt.Key_F2)
    first = home.queue_tab.current
    assert first is not None and first.procedure_code == "1.001193"
    for _ in range(4):  # the key held a moment: the keyboard repeats it
        QApplication.sendEvent(QApplication.focusWidget() or home,
                               QKeyEvent(QEvent.KeyPress, Qt.Key_F2, Qt.NoModifier, "", True, 1))
    assert home.queue_tab.current.id == first.id  # the citizen called is the one served
    assert len(services.tickets.waiting()) == 2
    qtbot.keyClick(home, Qt.Key_F2)  # pressed again: the next one
    assert home.queue_tab.current.procedure_code == "1.000894"


def type_pin_and_enter(qtbot, window, pin: str) -> None:
    """The clerk types the PIN without touching the mouse: keys go where the focus is."""
    for ch in pin:
        qtbot.keyClick(window.focusWidget() or window, ch)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key_Return)


def test_the_pin_is_typed_straight_away_at_start_and_after_the_counter_locked_itself(qtbot, services):
    from ui.app import build_window
    from ui.counter.unlock import UnlockScreen
    services.accounts.create_clerk("Trần Văn Bình", "246813")
    window = build_window(services, mode="counter", idle_ms=60_000, warning_s=20)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    unlock = window.current()
    assert isinstance(unlock, UnlockScreen)
    assert window.focusWidget() is unlock.pin
    type_pin_and_enter(qtbot, window, "246813")
    assert window.clerk is not None and type(window.current()).__name__ == "CounterHome"
    window.lock_counter()  # counter_lock_minutes without a key
    unlock = window.current()
    assert isinstance(unlock, UnlockScreen) and window.clerk is None
    assert window.focusWidget() is unlock.pin
    type_pin_and_enter(qtbot, window, "246813")
    assert window.clerk is not None
    window.idle.stop()


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def scanner_types(widget, text: str) -> None:
    """A CCCD scanner is a keyboard: a space arrives as the Space key (which clicks a focused
    button or ticks a check box), other characters with their text."""
    from PySide6.QtTest import QTest
    for ch in text:
        key = Qt.Key_Space if ch == " " else Qt.Key_unknown
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, key, ch, Qt.NoModifier)


def guard_clock(root):
    from ui.counter.fields import ButtonKeyGuard
    clock = Clock()
    for guard in root.findChildren(ButtonKeyGuard):
        guard.clock = clock
    return clock


def test_a_card_scanned_on_the_review_does_not_receive_the_dossier(qtbot, window, services):
    window.enter_counter(services.accounts.create_clerk("Trần Văn Bình", "246813"))
    writer = open_writer(qtbot, window, "1.001193", CARD_A)
    qtbot.keyClick(writer.review_button, Qt.Key_Return, Qt.ControlModifier)
    review = window.current()
    clock = guard_clock(review)
    assert QApplication.focusWidget() is review.receive
    # the citizen hands over another card while it is read back; the scanner types it and Enter
    scanner_types(review.receive, CARD_B)  # "Phạm Văn Tư": spaces, which press a button too
    qtbot.keyClick(review.receive, Qt.Key_Return)
    assert not review._receiving and review.info is None and window.current() is review
    ticks = [b.isChecked() for b, *_ in review.papers.rows]
    first_paper = review.papers.rows[0][0]
    first_paper.setFocus()  # the clerk was ticking papers with Space
    scanner_types(first_paper, CARD_B + "  ")  # each of its spaces would tick or untick the paper
    assert [b.isChecked() for b, *_ in review.papers.rows] == ticks
    clock.now += 3
    qtbot.keyClick(first_paper, Qt.Key_Space)  # a deliberate Space still ticks
    assert first_paper.isChecked() is not ticks[0]
    qtbot.keyClick(first_paper, Qt.Key_Space)
    review.receive.setFocus()
    clock.now += 3  # the clerk, having read it back, presses Enter
    qtbot.keyClick(review.receive, Qt.Key_Return)
    assert review._receiving
    qtbot.waitUntil(lambda: review.done.isVisible(), timeout=10_000)


def test_a_card_scanned_on_the_boards_question_does_not_answer_it(qtbot, window, services):
    from kiosk.services.dossiers import DossierStatus
    clerk = services.accounts.create_clerk("Trần Văn Bình", "246813")
    code = services.dossiers.receive_dossier("1.001193", {"full_name": "Trần Thị Hai", "village": "Thôn 2"},
                                             clerk.id).code
    window.enter_counter(clerk)
    home = window.current()
    clock = guard_clock(home)
    b = home.board
    home.tabs.setCurrentWidget(b)
    b.refresh()
    b.table.selectRow(0)
    qtbot.keyClick(home, Qt.Key_F5)  # "Trả hồ sơ … tại quầy? Enter = đồng ý"
    assert b.confirm_bar.isVisible() and QApplication.focusWidget() is b.confirm_ok
    scanner_types(b.confirm_ok, CARD_B)
    qtbot.keyClick(b.confirm_ok, Qt.Key_Return)
    assert services.dossiers.get(code).status == DossierStatus.RECEIVED
    clock.now += 3
    qtbot.keyClick(b.confirm_ok, Qt.Key_Return)
    assert services.dossiers.get(code).status == DossierStatus.RETURNED


def test_the_citizens_card_scanned_into_the_boards_search_finds_her_dossiers(qtbot, window, services):
    """The citizen comes back for her result and hands over her CCCD: the clerk scans it into
    the board's search box (the scanner types the whole QR text) and finds her dossier."""
    clerk = services.accounts.create_clerk("Trần Văn Bình", "246813")
    ds = services.dossiers
    mine = ds.receive_dossier("1.001193", {"full_name": "Nguyễn Thị Hường", "cccd": "068150001234",
                                           "date_of_birth": "14/07/1950", "sex": "Nữ", "village": "Thôn 2"}, clerk.id)
    ds.receive_dossier("1.001193", {"full_name": "Phạm Văn Tư", "cccd": "068060004321", "village": "Thôn 1"}, clerk.id)
    assert [r.code for r in ds.search(CARD_A)] == [mine.code]
    window.enter_counter(clerk)
    home = window.current()
    b = home.board
    home.tabs.setCurrentWidget(b)
    b.search.setFocus()
    type_unicode(b.search, CARD_A)
    qtbot.keyClick(b.search, Qt.Key_Return)
    qtbot.waitUntil(lambda: [r.code for r in b.rows] == [mine.code], timeout=3000)
    # a receipt's QR is still read as the dossier's code
    assert [r.code for r in ds.search(f"{mine.code}|1.001193|{mine.received_at:%d/%m/%Y}")] == [mine.code]


def test_no_preview_is_rendered_while_the_review_covers_the_form(qtbot, window, services, monkeypatch):
    """A key typed just before Ctrl+Enter: its preview waits until the form is back, instead of
    rendering (reportlab and pdfium, holding the GIL) while the review is read and received."""
    from ui.counter import live_preview
    renders, values = [], []
    real = live_preview.render_preview

    def spy(forms, *args, **kwargs):
        renders.append(type(window.current()).__name__)
        values.append(dict(forms[0][1]))
        return real(forms, *args, **kwargs)
    monkeypatch.setattr(live_preview, "render_preview", spy)
    window.enter_counter(services.accounts.create_clerk("Trần Văn Bình", "246813"))
    writer = open_writer(qtbot, window, "1.001193", CARD_A)
    preview = writer.preview
    qtbot.waitUntil(lambda: not preview.busy and not preview.timer.isActive(), timeout=10_000)
    place = writer.editors["to-khai-dang-ky-khai-sinh"]["child_birthplace"].widget
    place.setFocus()
    type_unicode(place, " x")
    assert preview.timer.isActive()  # its preview is due in a moment
    qtbot.keyClick(place, Qt.Key_Return, Qt.ControlModifier)
    review = window.current()
    assert review is not writer
    renders.clear()
    preview.timer.timeout.emit()  # the moment comes while the review is on screen
    assert renders == [] and not preview.busy
    qtbot.keyClick(review, Qt.Key_Escape)  # back to the form: the preview catches up
    assert window.current() is writer
    qtbot.waitUntil(lambda: renders == ["WriteScreen"] and not preview.busy, timeout=10_000)
    assert values[-1]["child_birthplace"].endswith(" x")  # the value typed before the review


def test_a_card_scanned_while_a_form_button_has_the_focus_is_read_not_lost(qtbot, window, services):
    """The scanner types into whatever has the focus: on the form, the card's first digit
    typed on a button moves the typing to the scan box, so the card is read (once, with its
    Enter) instead of dropped, and neither the review nor anything else is pressed."""
    from PySide6.QtTest import QTest
    window.enter_counter(services.accounts.create_clerk("Trần Văn Bình", "246813"))
    home = window.current()
    home.open_write(services.catalog.procedure("1.001193"))
    writer = window.current()
    qtbot.waitUntil(lambda: writer.is_built)
    writer.toggle_preview.setFocus()  # the clerk had just hidden the preview (F9 button)
    guard_clock(writer)
    for ch in CARD_B:  # a keyboard-wedge scanner: each key goes to the focused widget
        key = Qt.Key_Space if ch == " " else Qt.Key_unknown
        QTest.sendKeyEvent(QTest.KeyAction.Click, QApplication.focusWidget(), key, ch, Qt.NoModifier)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key_Return)
    assert window.current() is writer  # no review opened
    assert "Phạm Văn Tư" in writer.scan_text.text() and writer.scan.text() == ""  # read, shown to confirm
    guard_clock(writer).now += 3
    qtbot.keyClick(writer.focusWidget(), Qt.Key_Return)  # the citizen confirms the card
    assert writer.applicant["full_name"].text() == "Phạm Văn Tư"
    assert writer.applicant["cccd"].text() == "068060004321"
    assert writer.scan.text() == ""  # the raw card text is never kept


def test_a_card_scanned_while_a_list_has_the_focus_is_read_not_lost(qtbot, window, services):
    """The clerk has just picked the sex (or the village) from its list with the keyboard when
    the citizen's card is scanned: the card is read as on a button, the list does not open
    (the card's spaces) and keeps its value."""
    from PySide6.QtTest import QTest
    window.enter_counter(services.accounts.create_clerk("Trần Văn Bình", "246813"))
    home = window.current()
    home.open_write(services.catalog.procedure("1.001193"))
    writer = window.current()
    qtbot.waitUntil(lambda: writer.is_built)
    sex = writer.applicant["sex"]
    sex.setCurrentText("Nam")
    sex.setFocus()
    guard_clock(writer)
    for ch in CARD_B:
        key = Qt.Key_Space if ch == " " else Qt.Key_unknown
        QTest.sendKeyEvent(QTest.KeyAction.Click, QApplication.focusWidget(), key, ch, Qt.NoModifier)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key_Return)
    assert "Phạm Văn Tư" in writer.scan_text.text() and writer.scan.text() == ""  # read, shown to confirm
    assert not sex.view().isVisible() and sex.currentText() == "Nam"
