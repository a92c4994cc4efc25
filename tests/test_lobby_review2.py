"""Issue 10 / 15.3, second independent review of the lobby: used by touch at every supported
screen, as a passer-by at the "Cán bộ" PIN entry, and by the next citizen at the help ticket."""
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from ui.metrics import SUPPORTED_SCREENS


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def make_window(qtbot, services, w, h, dpi, large=False):
    from ui.app import build_window
    win = build_window(services, dpi=dpi, screen_size=(w, h), idle_ms=60_000, warning_s=20)
    qtbot.addWidget(win)
    win.setGeometry(0, 0, w, h)
    win.show()
    qtbot.waitExposed(win)
    if large:
        win.topbar.large.setChecked(True)
    return win


def finger_tap(qtbot, win, device, point: QPoint) -> None:
    handle = win.windowHandle()
    QTest.touchEvent(handle, device).press(0, point)
    QTest.touchEvent(handle, device).release(0, point)
    qtbot.wait(20)


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("w,h,dpi,name", SUPPORTED_SCREENS, ids=[s[3] for s in SUPPORTED_SCREENS])
def test_a_double_tap_on_a_ticket_kind_keeps_the_number_on_screen(qtbot, services, touchscreen, w, h, dpi, name,
                                                                  large):
    """An impatient double tap on "Lấy số thường": the first tap takes the number and the
    buttons change in place; the second tap must not press "Người khác lấy số mới" (which
    hid the citizen's number and showed the kinds again) nor take a second number."""
    services.printouts.print_ticket = lambda ticket: None
    win = make_window(qtbot, services, w, h, dpi, large)
    try:
        clock = Clock()
        win.tap_guard.clock = clock
        win.current().open_help()
        ticket = win.current()
        qtbot.wait(50)
        for kind in ("normal", "elderly", "disabled", "pregnant"):
            ticket.new_person()
            clock.now += 5
            qtbot.wait(20)
            button = ticket.kind_buttons[kind]
            win.current_holder().ensureWidgetVisible(button)
            qtbot.wait(20)
            where = button.mapTo(win, button.rect().center())
            before = len(services.tickets.waiting())
            finger_tap(qtbot, win, touchscreen, where)
            assert ticket.ticket is not None
            clock.now += 0.2  # the second tap of the double tap
            finger_tap(qtbot, win, touchscreen, where)
            assert len(services.tickets.waiting()) == before + 1, "a double tap took two numbers"
            assert ticket.number.isVisible(), f"{kind}: the second tap hid the citizen's number"
            assert ticket.ticket is not None
    finally:
        win.idle.stop()


def test_the_next_citizen_after_home_gets_their_own_number_but_back_keeps_it(qtbot, window, services):
    """Decision: "Quay lại" from the ticket is the same person (the number is kept); "Trang chủ"
    (and the survey's "Xong", the idle wipe) means this citizen has finished, so the next person
    tapping "Nhờ cán bộ giúp" chooses a kind and gets a number of their own."""
    services.printouts.print_ticket = lambda ticket: None
    qtbot.mouseClick(window.current().help_button, Qt.LeftButton)
    qtbot.mouseClick(window.current().kind_buttons["elderly"], Qt.LeftButton)
    first = window.current().ticket
    qtbot.mouseClick(window.topbar.back, Qt.LeftButton)
    qtbot.mouseClick(window.current().help_button, Qt.LeftButton)
    assert window.current().ticket == first  # the same person, back again
    qtbot.mouseClick(window.topbar.home, Qt.LeftButton)  # finished, goes home
    qtbot.mouseClick(window.current().help_button, Qt.LeftButton)
    nxt = window.current()
    assert nxt.ticket is None and not nxt.number.isVisible()
    assert "đã lấy số" not in nxt.outcome.text()
    assert nxt.kind_buttons["normal"].isVisible()


def test_the_lobby_pin_entry_without_clerks_shows_no_shell_command(qtbot, window, services):
    window.show_unlock()
    texts = " ".join(w.text() for w in window.current().findChildren(type(window.topbar.title)) if w.isVisible())
    assert "Chưa có tài khoản cán bộ" in texts
    assert "main.py" not in texts and ".venv" not in texts and "clerk add" not in texts


@pytest.mark.parametrize("typed", ["２０２６１１２７００１", "ＨＢ－２０２６１１２７－００１", "٢٠٢٦١١٢٧٠٠١"])
def test_a_status_code_in_full_width_or_other_digits_is_found(typed):
    from kiosk.services.dossier_codes import lookup_code
    assert lookup_code(typed, "HB") == "HB-20261127-001"


def test_the_lobby_throttle_survives_a_restart_and_never_locks_the_account(services):
    from datetime import datetime, timedelta

    from kiosk.errors import AuthError
    from kiosk.services.accounts import AccountService
    now = [datetime(2026, 11, 30, 9, 0)]
    clerk = services.accounts.create_clerk("Nguyễn Thị Hoa", "135792")
    acc = AccountService(services.session_factory, clock=lambda: now[0])
    for _ in range(5):
        with pytest.raises(AuthError):
            acc.unlock(clerk.id, "000000", station="lobby")
    restarted = AccountService(services.session_factory, clock=lambda: now[0])  # kiosk restarted
    with pytest.raises(AuthError, match="tạm khóa"):
        restarted.unlock(clerk.id, "135792", station="lobby")
    assert restarted.unlock(clerk.id, "135792").name == "Nguyễn Thị Hoa"  # the counter PC: not locked
    now[0] += timedelta(minutes=6)
    for _ in range(5):
        with pytest.raises(AuthError):
            restarted.unlock(clerk.id, "000000", station="lobby")
    assert restarted.station_locked_until("lobby") == now[0] + timedelta(minutes=15)


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("w,h,dpi,name", SUPPORTED_SCREENS, ids=[s[3] for s in SUPPORTED_SCREENS])
def test_a_wrong_pin_message_is_on_screen_where_the_pin_is_typed(qtbot, services, w, h, dpi, name, large):
    """The lobby's "Cán bộ" PIN entry: "Mã PIN không đúng. Còn 4 lần thử…" and "Máy này tạm khóa…"
    were placed under the keypad and "Mở khóa", below the bottom edge of the 10" tablet (and
    of the 15.6" screen in "Chữ to"): the person typing never saw why nothing happened."""
    clerk = services.accounts.create_clerk("Nguyễn Thị Hoa", "135792")
    win = make_window(qtbot, services, w, h, dpi, large)
    try:
        win.show_unlock()
        screen = win.current()
        qtbot.wait(50)
        screen.who.setCurrentIndex(screen.who.findData(clerk.id))
        screen.pin.setText("000000")
        screen.submit()
        qtbot.wait(50)
        assert "không đúng" in screen.error.text()
        vp = win.current_holder().viewport()
        top = screen.error.mapTo(vp, screen.error.rect().topLeft())
        bottom = screen.error.mapTo(vp, screen.error.rect().bottomLeft())
        assert top.y() >= 0 and bottom.y() <= vp.height(), f"the message is at {top.y()}-{bottom.y()} of {vp.height()}"
    finally:
        win.idle.stop()


def test_a_kept_number_names_the_procedure_it_was_taken_for(qtbot, window, services):
    """The same person takes a number from home (no procedure), goes back, opens a procedure and
    taps "Nhờ cán bộ…": the kept number must not claim to be for that procedure (the clerk's
    queue shows no procedure for it)."""
    from ui.lobby.procedure import ProcedureScreen
    from ui.lobby.tour import SAMPLE_PROCEDURE
    services.printouts.print_ticket = lambda ticket: None
    qtbot.mouseClick(window.current().help_button, Qt.LeftButton)
    qtbot.mouseClick(window.current().kind_buttons["normal"], Qt.LeftButton)
    qtbot.mouseClick(window.topbar.back, Qt.LeftButton)
    proc = services.catalog.procedure(SAMPLE_PROCEDURE)
    window.push(ProcedureScreen(window, proc)).ask_for_help()
    kept = window.current()
    assert kept.ticket is not None and kept.ticket.procedure_code is None
    assert proc.short_name not in kept.question.text()


def test_a_busy_database_when_taking_a_number_says_tap_again_and_stays(qtbot, window, services):
    """Two kiosks (or the counter) holding the database: take_ticket says "Máy đang bận, chưa lấy
    được số. Xin chạm lại." That message escaped the screen: the window went home with "máy vừa
    gặp trục trặc", and the citizen had to find the help screen again."""
    from kiosk.errors import KioskError
    from ui.lobby.ticket import TicketScreen

    def busy(*_a, **_k):
        raise KioskError("Máy đang bận, chưa lấy được số. Xin chạm lại.")
    services.printouts.print_ticket = lambda ticket: None
    qtbot.mouseClick(window.current().help_button, Qt.LeftButton)
    screen = window.current()
    real, services.tickets.take_ticket = services.tickets.take_ticket, busy
    with qtbot.capture_exceptions() as raised:
        qtbot.mouseClick(screen.kind_buttons["elderly"], Qt.LeftButton)
    assert not raised, raised
    assert isinstance(window.current(), TicketScreen)
    assert "Xin chạm lại" in screen.outcome.text() and screen.outcome.isVisible()
    assert screen.kind_buttons["elderly"].isVisible() and screen.ticket is None
    services.tickets.take_ticket = real
    qtbot.mouseClick(screen.kind_buttons["elderly"], Qt.LeftButton)  # tapped again: it works
    assert screen.ticket is not None and screen.number.isVisible()


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("w,h,dpi,name", SUPPORTED_SCREENS, ids=[s[3] for s in SUPPORTED_SCREENS])
def test_the_reasons_asked_after_a_low_rating_come_into_view(qtbot, services, w, h, dpi, name, large):
    """On the 10" tablet in "Chữ to" the faces run below the fold; tapping "Không hài lòng" showed
    the reasons further down, out of sight: nothing seemed to happen, and 30 s later the
    screen went home."""
    win = make_window(qtbot, services, w, h, dpi, large)
    try:
        win.current().open_rating()
        rating = win.current()
        qtbot.wait(50)
        face = rating.faces[2]
        win.current_holder().ensureWidgetVisible(face)  # the citizen scrolled to the face
        qtbot.wait(50)
        rating.rate(2)
        qtbot.wait(100)
        vp = win.current_holder().viewport()
        first = next(iter(rating.reasons.values()))
        for widget in (rating.reason_label, first):
            top = widget.mapTo(vp, widget.rect().topLeft()).y()
            bottom = widget.mapTo(vp, widget.rect().bottomLeft()).y()
            assert 0 <= top and bottom <= vp.height(), f"{widget.text()!r} at {top}-{bottom} of {vp.height()}"
        up = win.current_holder().up  # "▲ Lên trên" floats over the page: never over the question
        if up.isVisible():
            label = rating.reason_label
            where = label.rect().translated(label.mapTo(win.current_holder(), label.rect().topLeft()))
            assert not where.intersects(up.geometry()), (where, up.geometry())
    finally:
        win.idle.stop()


def test_a_tap_during_the_countdown_on_the_ticket_keeps_the_number(qtbot, services, touchscreen):
    """The idle countdown over the citizen's number: a finger landing where "Người khác lấy số mới"
    lies under the overlay means "I'm still here", not "a new person"."""
    services.printouts.print_ticket = lambda ticket: None
    win = make_window(qtbot, services, 1280, 800, 150)
    try:
        win.tap_guard.GUARD_S = 0
        win.current().open_help()
        ticket = win.current()
        ticket.take("pregnant")
        qtbot.wait(50)
        win.current_holder().ensureWidgetVisible(ticket.another)
        qtbot.wait(20)
        where = ticket.another.mapTo(win, ticket.another.rect().center())
        win.idle._start_warning()
        qtbot.wait(20)
        assert win.overlay.isVisible()
        finger_tap(qtbot, win, touchscreen, where)
        assert not win.overlay.isVisible() and not win.idle.warning
        assert ticket.number.isVisible() and ticket.ticket is not None
        assert win.session_ticket is not None
    finally:
        win.idle.stop()


def test_mo_khoa_with_no_pin_asks_for_the_pin(qtbot, window, services):
    """Tapping "Mở khóa" before typing said "Mã PIN chỉ gồm các chữ số 0–9." (as if letters had
    been typed); it asks for the PIN, and counts nothing."""
    services.accounts.create_clerk("Nguyễn Thị Hoa", "135792")
    window.show_unlock()
    screen = window.current()
    qtbot.mouseClick(screen.ok, Qt.LeftButton)
    assert screen.error.isVisible() and "nhập mã PIN" in screen.error.text()
    assert "0–9" not in screen.error.text()
    assert services.accounts.station_locked_until("lobby") is None


def test_each_lobby_kiosk_is_throttled_on_its_own(services, window):
    """Two lobby kiosks share the database (PostgreSQL): five wrong PINs on one closed the PIN
    entry of every lobby kiosk (all were the station "lobby"), and a station's name was matched
    as a prefix ("lobby@kiosk-1" also counted the failures of "lobby@kiosk-10")."""
    import socket
    from datetime import datetime

    from kiosk.errors import AuthError
    from kiosk.services.accounts import AccountService
    assert window.station == f"lobby@{socket.gethostname()}"
    now = datetime(2026, 11, 30, 9, 0)
    clerk = services.accounts.create_clerk("Nguyễn Thị Hoa", "135792")
    acc = AccountService(services.session_factory, clock=lambda: now)
    for _ in range(5):
        with pytest.raises(AuthError):
            acc.unlock(clerk.id, "000000", station="lobby@kiosk-10")
    assert acc.station_locked_until("lobby@kiosk-10") is not None
    assert acc.station_locked_until("lobby@kiosk-1") is None
    assert acc.unlock(clerk.id, "135792", station="lobby@kiosk-1").name == "Nguyễn Thị Hoa"


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("w,h,dpi,name", SUPPORTED_SCREENS, ids=[s[3] for s in SUPPORTED_SCREENS])
def test_a_double_tap_on_another_person_takes_no_number(qtbot, services, touchscreen, w, h, dpi, name, large):
    """ "Người khác lấy số mới" brings the kinds back in place: the second tap of a double tap
    must not land on a kind and take a number nobody asked for."""
    services.printouts.print_ticket = lambda ticket: None
    win = make_window(qtbot, services, w, h, dpi, large)
    try:
        clock = Clock()
        win.tap_guard.clock = clock
        win.current().open_help()
        ticket = win.current()
        clock.now += 5
        ticket.take("normal")
        qtbot.wait(50)
        clock.now += 5
        win.current_holder().ensureWidgetVisible(ticket.another)
        qtbot.wait(20)
        where = ticket.another.mapTo(win, ticket.another.rect().center())
        finger_tap(qtbot, win, touchscreen, where)
        assert ticket.kind_buttons["normal"].isVisible()
        clock.now += 0.2
        finger_tap(qtbot, win, touchscreen, where)
        assert len(services.tickets.waiting()) == 1, "the second tap took a number"
        assert ticket.ticket is None
    finally:
        win.idle.stop()


@pytest.mark.parametrize("w,h,dpi,name", SUPPORTED_SCREENS, ids=[s[3] for s in SUPPORTED_SCREENS])
def test_a_double_tap_on_a_low_face_ticks_no_reason(qtbot, services, touchscreen, w, h, dpi, name):
    """The reasons scroll into view under the finger after a low rating: the second tap of a
    double tap on the face must not tick a reason (or press "Gửi")."""
    win = make_window(qtbot, services, w, h, dpi, True)
    try:
        clock = Clock()
        win.tap_guard.clock = clock
        win.current().open_rating()
        rating = win.current()
        clock.now += 5
        face = rating.faces[2]
        win.current_holder().ensureWidgetVisible(face)
        qtbot.wait(50)
        where = face.mapTo(win, face.rect().center())
        finger_tap(qtbot, win, touchscreen, where)
        qtbot.wait(50)
        assert rating.rating is not None and rating.rating.score == 2
        clock.now += 0.2
        finger_tap(qtbot, win, touchscreen, where)
        qtbot.wait(50)
        assert rating.chosen_reasons() == [] and rating.send.isVisible()
    finally:
        win.idle.stop()


def test_the_top_bar_leaves_the_tablet_screen_to_the_page_in_large_text(qtbot, services):
    """On the 10" tablet (1280x800 at 150 dpi) "Chữ to" made the top bar 320 of 800 px: the
    ticket kinds for the elderly fell below the fold. Its buttons keep their normal (already
    15 mm, 5 mm capitals) size there; only the page grows."""
    win = make_window(qtbot, services, 1280, 800, 150, large=True)
    try:
        win.current().open_help()
        qtbot.wait(50)
        assert win.topbar.height() <= 800 // 4, win.topbar.height()
        ticket = win.current()
        holder = win.current_holder()
        elderly = ticket.kind_buttons["elderly"]
        top = elderly.mapTo(holder.viewport(), elderly.rect().topLeft()).y()
        assert top < holder.viewport().height(), "the priority kinds are on the first screen"
    finally:
        win.idle.stop()
