"""The kiosk window: the top bar, screen navigation, idle reset, the counter lock, error
handling; building and running it (the QApplication itself is ui/qtapp.py)."""
from __future__ import annotations

import logging
import socket
import sys
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (QApplication, QDialog, QGridLayout, QLabel, QMainWindow, QMessageBox,
                               QPushButton, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget)

from ui.qtapp import RESOURCES, UI_FONT_FAMILY, ensure_app, stylesheet, ui_font
from ui.idle import IdleOverlay, IdleWatcher, InputFilters, TapGuard  # noqa: F401 (tests reach them through here)
from ui.metrics import Metrics, screen_dpi
from ui.screen import Screen  # noqa: F401 (screens used to import it from here)
from ui.widgets.touch import TouchScroll

log = logging.getLogger(__name__)


class TopBar(QWidget):
    """Back, home, the screen's title, read aloud, stop, large text. The buttons go on one row
    with the title when there is room, else the title gets a row of its own (narrow or
    portrait screens, large text), and the buttons wrap onto two rows if they must."""
    def __init__(self, window: "KioskWindow"):
        super().__init__()
        self.setObjectName("TopBar")
        self.setAttribute(Qt.WA_StyledBackground, True)
        self.grid = QGridLayout(self)
        self.back = QPushButton("◀  Quay lại")
        self.home = QPushButton("⌂  Trang chủ")
        self.title = QLabel("")
        self.title.setObjectName("ScreenTitle")
        self.title.setWordWrap(True)
        self.read = QPushButton(" Đọc to")
        self.stop_read = QPushButton("■  Dừng đọc")
        self.large = QPushButton("Chữ to")
        self.large.setCheckable(True)
        self.read.setIcon(QIcon(str(RESOURCES / "icons" / "speaker.svg")))
        side = window.metrics.mm(6)  # Qt's default 16 px speaker was a speck beside 5 mm capitals
        self.read.setIconSize(QSize(side, side))
        self.buttons = (self.back, self.home, self.read, self.stop_read, self.large)
        for b in self.buttons:
            b.setObjectName("NavButton")
            b.setFocusPolicy(Qt.StrongFocus)
        self.back.clicked.connect(window.back)
        self.home.clicked.connect(window.go_home)
        self.read.clicked.connect(window.read_aloud)
        self.stop_read.clicked.connect(window.stop_reading)
        self.large.toggled.connect(window.set_large_text)
        self._mode = None
        self.arrange(10**6)

    def _row_width(self, widgets) -> int:
        sp = self.grid.horizontalSpacing()
        shown = [w for w in widgets if not w.isHidden()]
        return sum(w.sizeHint().width() for w in shown) + sp * max(0, len(shown) - 1)

    def arrange(self, width: int) -> None:
        m = self.grid.contentsMargins()
        avail = width - m.left() - m.right()
        left, right = [self.back, self.home], [self.read, self.stop_read, self.large]
        title_min = self.title.fontMetrics().horizontalAdvance("Đăng ký khai sinh")
        if self._row_width(left + right) + title_min + 2 * self.grid.horizontalSpacing() <= avail:
            mode = "one-row"
        elif self._row_width(left + right) <= avail:
            mode = "title-below"
        else:
            mode = "two-rows"
        if mode == self._mode:
            return
        self._mode = mode
        for w in (*self.buttons, self.title):
            self.grid.removeWidget(w)
        for c in range(8):
            self.grid.setColumnStretch(c, 0)
        if mode == "one-row":
            for c, w in enumerate(left):
                self.grid.addWidget(w, 0, c)
            self.grid.addWidget(self.title, 0, 2)
            for c, w in enumerate(right, start=3):
                self.grid.addWidget(w, 0, c)
            self.grid.setColumnStretch(2, 1)
        elif mode == "title-below":
            for c, w in enumerate(left):
                self.grid.addWidget(w, 0, c)
            for c, w in enumerate(right, start=3):
                self.grid.addWidget(w, 0, c)
            self.grid.setColumnStretch(2, 1)
            self.grid.addWidget(self.title, 1, 0, 1, 6)
        else:
            for c, w in enumerate(left):
                self.grid.addWidget(w, 0, c)
            for c, w in enumerate(right):
                self.grid.addWidget(w, 1, c)
            self.grid.setColumnStretch(3, 1)
            self.grid.addWidget(self.title, 2, 0, 1, 4)

    def resizeEvent(self, event):  # noqa: N802
        super().resizeEvent(event)
        self.arrange(event.size().width())

    def minimumSizeHint(self) -> QSize:  # never wider than the widest button: rows wrap instead
        hint = super().minimumSizeHint()
        widest = max(b.sizeHint().width() for b in self.buttons) * 2 + 3 * self.grid.horizontalSpacing()
        return QSize(min(hint.width(), widest), hint.height())

    def relayout(self) -> None:
        self._mode = None
        self.arrange(self.width() if self.isVisible() else 10**6)


class KioskWindow(QMainWindow):
    """One window; screens are pushed onto a stack and deleted when left."""
    status = Signal(str)

    def __init__(self, services, metrics: Metrics, *, idle_ms: int | None = None, warning_s: int | None = None):
        super().__init__()
        self.services = services
        self.metrics = metrics
        self.clerk = None  # ClerkInfo while the counter is unlocked
        # where PINs are typed: "lobby@<host>" on a lobby kiosk (wrong PINs throttle this kiosk,
        # not the other kiosks sharing the database, never a clerk's account:
        # kiosk.services.accounts), None on a counter PC
        self.station: str | None = f"lobby@{socket.gethostname()}"
        self.session_ticket = None  # the lobby ticket taken by the person at the screen (until the idle wipe)
        s = services.config.settings
        self.setWindowTitle(f"Một cửa – {s.commune_name}")
        central = QWidget()
        lay = QVBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        self.topbar = TopBar(self)
        self.stack = QStackedWidget()
        self.toast = QLabel("")
        self.toast.setObjectName("Info")
        self.toast.setWordWrap(True)
        self.toast.setTextFormat(Qt.PlainText)
        self.toast.hide()
        lay.addWidget(self.topbar)
        lay.addWidget(self.toast)
        lay.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.idle = IdleWatcher(idle_ms or s.idle_timeout_seconds * 1000, warning_s or s.idle_warning_seconds, self)
        self.overlay = IdleOverlay(central, self.idle.more_time)
        self.idle.warn.connect(self.overlay.show_count)
        self.idle.tick.connect(self.overlay.show_count)
        self.idle.resumed.connect(self.overlay.hide)
        self.idle.expired.connect(self.idle_reset)
        self._toast_timer = QTimer(self, singleShot=True, interval=8000)
        self._toast_timer.timeout.connect(self.toast.hide)
        self.tap_guard = TapGuard(self)
        from ui.counter_lock import CounterLock  # the counter locks itself (issue 15)
        self.counter_lock = CounterLock(s.counter_lock_minutes, self.lock_counter, self)
        # one app-wide filter asks the three in turn (as three filters did, the last installed first)
        self.input_filter = InputFilters((self.counter_lock, self.tap_guard, self.idle), self)
        QApplication.instance().installEventFilter(self.input_filter)
        self.apply_style()
        self.show_lobby()

    def closeEvent(self, event):  # noqa: N802
        if self._leaving_refused():  # a dossier being received: its receipt prints first
            event.ignore()
            return
        self.idle.enabled = False
        self.idle.stop()
        super().closeEvent(event)

    # --- navigation ---------------------------------------------------------------
    # Each screen sits in its own touch scroll area: a page taller than the screen scrolls
    # as a whole instead of growing the window past the screen.
    def current(self) -> Screen | None:
        holder = self.stack.currentWidget()
        return holder.widget() if holder is not None else None

    def current_holder(self) -> TouchScroll | None:
        return self.stack.currentWidget()

    @contextmanager
    def building(self):
        """Laying out a screen sends thousands of events (child added, polish, layout, show) past
        the app-wide input filter, a Python call each: most of the time a screen takes to build.
        Input is only delivered by the event loop, never while code runs, so the filter steps
        aside for such a block. Never open a dialog (exec) or run the event loop inside one."""
        app = QApplication.instance()
        self._building_depth = getattr(self, "_building_depth", 0) + 1
        if self._building_depth == 1:
            app.removeEventFilter(self.input_filter)
        try:
            yield
        finally:
            self._building_depth -= 1
            if self._building_depth == 0:
                app.installEventFilter(self.input_filter)

    def prepare(self, screen: Screen) -> TouchScroll:
        """The page that will hold `screen`, in the window but not shown: pushed later with
        push(screen, holder) (the review is laid out this way while the clerk types)."""
        # the holder joins the window before the screen goes into it: the screen's widgets are
        # polished once, in place, instead of again on a second reparenting (≈ 20 ms a screen)
        with self.building():
            holder = TouchScroll(parent=self.stack)
            holder.setObjectName("Page")
            holder.setWidget(screen)
        return holder

    def push(self, screen: Screen, holder: TouchScroll | None = None) -> Screen:
        with self.building():
            if holder is None or holder.widget() is not screen:
                holder = self.prepare(screen)
            self.stack.addWidget(holder)
            self.stack.setCurrentWidget(holder)
            self._after_change()
        return screen

    def _leaving_refused(self) -> bool:
        """A screen still busy (a dossier being received and its receipt printed) is not left."""
        if getattr(self.current(), "busy", False):
            self.show_message("Đang tiếp nhận hồ sơ và in giấy tiếp nhận; chờ in xong.")
            return True
        return False

    def back(self) -> None:
        if self.stack.count() <= 1 or self._leaving_refused():
            return
        holder = self.stack.currentWidget()
        self.stack.removeWidget(holder)
        holder.deleteLater()
        self._after_change()

    def go_home(self) -> None:
        if self._leaving_refused():
            return
        # "Trang chủ" means this citizen has finished: the next person tapping "Nhờ cán bộ giúp"
        # gets a number of their own ("Quay lại" keeps it for the same person)
        self.session_ticket = None
        while self.stack.count() > 1:
            self.back()
        self._after_change()

    def replace_root(self, screen: Screen) -> None:
        while self.stack.count():
            w = self.stack.widget(0)
            self.stack.removeWidget(w)
            w.deleteLater()
        self.push(screen)

    def _after_change(self) -> None:
        screen = self.current()
        if screen is None:
            return
        self.services.speaker.stop()
        self._size_by_current_page(screen)
        self.clear_message()  # nothing said on one screen carries over to the next
        screen.shown()
        self.topbar.title.setText(screen.title)
        self.topbar.title.setVisible(bool(screen.title))  # no empty title row (short screens, ui/lobby/survey.py)
        at_root = self.stack.count() <= 1
        self.topbar.back.setVisible(not at_root)
        self.topbar.home.setVisible(not at_root)
        lobby = screen.audience == "lobby"
        self.topbar.read.setVisible(lobby)
        self.topbar.stop_read.setVisible(lobby)
        self.topbar.large.setVisible(lobby)
        self.topbar.relayout()
        self.idle.enabled = lobby
        self.tap_guard.screen_changed(lobby)
        # a clerk's screen, or one holding a clerk's PIN (ChangePinScreen): locks when left alone
        self.counter_lock.set_active((self.clerk is not None or getattr(screen, "holds_pin", False)) and not lobby)
        if lobby:
            self.idle.poke()
        else:
            self.idle.stop()

    def _size_by_current_page(self, screen: Screen) -> None:
        """A stack is as big as its biggest page's minimum; the pages under the shown one
        (home under the survey) must not push the window past a small screen's edge."""
        for i in range(self.stack.count()):
            page = self.stack.widget(i)
            if not hasattr(page, "_own_size_policy"):
                page._own_size_policy = page.sizePolicy()
            shown = page is screen or (isinstance(page, TouchScroll) and page.widget() is screen)
            page.setSizePolicy(page._own_size_policy if shown
                               else QSizePolicy(QSizePolicy.Ignored, QSizePolicy.Ignored))
        self.fit_to_screen()
        QTimer.singleShot(0, self, self.fit_to_screen)  # once the new page's layout has settled

    def fit_to_screen(self) -> None:
        """A window that grew past its screen (or its maximum) for a tall page shrinks back."""
        limit = self.maximumSize()
        full = self.isFullScreen() or getattr(self, "_was_fullscreen", False)
        self._was_fullscreen = full  # resize() below drops the state on X11 without a WM
        if full and self.screen() is not None:
            limit = limit.boundedTo(self.screen().geometry().size())
        if self.width() > limit.width() or self.height() > limit.height():
            QApplication.sendPostedEvents(None, QEvent.LayoutRequest)  # the new minimum, now
            self.resize(self.size().boundedTo(limit))
            if full:
                self.setWindowState(self.windowState() | Qt.WindowFullScreen)

    # --- modes ---------------------------------------------------------------------
    def show_lobby(self) -> None:
        from ui.lobby.home import LobbyHome
        if self.clerk is not None:
            self.services.audit.record("logout", self.clerk.id)
        self.clerk = None
        self.replace_root(LobbyHome(self))

    def show_unlock(self) -> None:
        from ui.counter.unlock import UnlockScreen
        self.push(UnlockScreen(self))

    def lock_counter(self) -> None:
        """No input for counter_lock_minutes: back to the PIN (the lobby behind it)."""
        if self.clerk is None and not getattr(self.current(), "holds_pin", False):
            return
        dialog = QApplication.activeModalWidget()
        if dialog is not None:  # locking inside its loop deletes the screen that waits for its answer
            if isinstance(dialog, QDialog):
                dialog.reject()
            else:
                dialog.close()
            self.counter_lock.retry_later(force=True)  # once the loop has ended; nothing was recorded
            return
        if (any(getattr(self.stack.widget(i).widget(), "busy", False) for i in range(self.stack.count()))
                and self.counter_lock.retry_later()):  # a dossier still being received or its receipt printing
            return
        if self.clerk is not None:
            self.services.audit.record("auto-lock", self.clerk.id)
        self.show_lobby()
        self.show_unlock()

    def hand_to_citizen(self, screen: Screen) -> None:
        """The screen goes to a citizen (rating): the clerk is logged out first, and the
        citizen's Back and Home lead to the lobby, never to a clerk screen."""
        self.show_lobby()
        self.push(screen)

    def enter_counter(self, clerk) -> None:
        from ui.counter.home import CounterHome
        self.clerk = clerk
        self.replace_root(CounterHome(self))

    def idle_reset(self) -> None:
        """Wipe every lobby input and return home; never touches counter screens."""
        self.overlay.hide()
        screen = self.current()
        if screen is None or screen.audience != "lobby":
            return
        self.services.speaker.stop()
        self.go_home()
        self.current().reset()
        self.topbar.large.setChecked(False)
        self.clear_message()
        self.session_ticket = None
        log.info("idle reset")

    # --- look and sound -------------------------------------------------------------
    def apply_style(self) -> None:
        QApplication.instance().setStyleSheet(stylesheet(self.metrics))
        QApplication.instance().setFont(ui_font())

    def set_large_text(self, on: bool) -> None:
        self.metrics = self.metrics.with_large_text(on)
        self.apply_style()
        self.topbar.relayout()

    def read_aloud(self) -> None:
        screen = self.current()
        if not self.services.speaker.available:
            self.show_message("Máy này chưa cài giọng đọc tiếng Việt, nên chưa đọc to được.", "info")
            return
        if not self.services.speaker.say(screen.speech_text(), private=screen.audience != "lobby"):
            self.show_message("Không phát được âm thanh. Hãy nhờ cán bộ kiểm tra loa.")

    def stop_reading(self) -> None:
        self.services.speaker.stop()

    MESSAGE_STYLES = {"info": "Info", "good": "Good", "error": "Warning"}

    def show_message(self, text: str, kind: str = "error") -> None:
        """A line under the top bar: "good" green, "info" neutral, "error" red. It goes away
        after a while and whenever the screen changes."""
        self.toast.setObjectName(self.MESSAGE_STYLES[kind])
        self.toast.style().unpolish(self.toast)
        self.toast.style().polish(self.toast)
        self.toast.setText(text)
        self.toast.show()
        self._toast_timer.start()

    def message_kind(self) -> str | None:
        if self.toast.isHidden():
            return None
        return {v: k for k, v in self.MESSAGE_STYLES.items()}[self.toast.objectName()]

    def clear_message(self) -> None:
        self._toast_timer.stop()
        self.toast.hide()
        self.toast.clear()

    def handle_exception(self, exc_type, exc, tb) -> None:
        log.error("unexpected error", exc_info=(exc_type, exc, tb))
        try:
            if self.clerk is None:
                self.go_home()
            self.show_message(_database_trouble(exc, self.services.config.database_url) or
                              "Xin lỗi, máy vừa gặp trục trặc nhỏ và đã quay về màn hình chính. "
                              "Thông tin đã lưu không bị mất.")
        except Exception:  # never raise from the hook
            log.exception("error while recovering")


def _database_trouble(exc, url: str) -> str | None:
    """A full disk or an unreachable database, said in Vietnamese (kiosk.db.errors), else None."""
    from sqlalchemy.exc import DBAPIError

    from kiosk.db.engine import is_disk_full
    from kiosk.db.errors import DISK_FULL, explain
    if isinstance(exc, DBAPIError):
        return explain(exc, url)
    if isinstance(exc, OSError) and is_disk_full(exc):
        return DISK_FULL
    return None


def build_window(services, *, mode: str = "lobby", idle_ms: int | None = None,
                 warning_s: int | None = None, dpi: float | None = None,
                 screen_size: tuple[int, int] | None = None) -> KioskWindow:
    """`dpi` and `screen_size` default to the primary screen's (tests and screenshots inject them)."""
    app = ensure_app()
    if screen_size is None:
        geo = app.primaryScreen().geometry()
        screen_size = (geo.width(), geo.height())
    metrics = Metrics(dpi or screen_dpi(), UI_FONT_FAMILY, screen_px=tuple(screen_size))
    win = KioskWindow(services, metrics, idle_ms=idle_ms, warning_s=warning_s)
    if mode == "counter":
        win.station = None
        win.show_unlock()
    app._kiosk_window = win
    return win


def run(services, *, mode: str = "lobby", windowed: bool = False, exit_when_shown: bool = False) -> int:
    app = ensure_app()
    win = build_window(services, mode=mode)
    sys.excepthook = win.handle_exception
    if windowed:
        win.resize(1280, 800)
        win.show()
    else:
        # without a window manager (a bare kiosk X session) fullscreen needs the geometry too
        win.setGeometry(app.primaryScreen().geometry())
        win.showFullScreen()
    if exit_when_shown:
        def _report():
            win.repaint()
            print("shown", flush=True)
            app.quit()
        QTimer.singleShot(0, _report)
    code = app.exec()
    services.speaker.stop()
    services.close()
    return code


def show_fatal(message: str) -> None:
    ensure_app()
    box = QMessageBox(QMessageBox.Critical, "Không khởi động được", message)
    box.exec()
