"""QApplication, fonts, stylesheet, screen navigation, idle reset, error handling."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import (QApplication, QFrame, QHBoxLayout, QLabel, QMainWindow, QMessageBox,
                               QPushButton, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget)

from ui.metrics import Metrics, screen_dpi
from ui.screen import Screen  # noqa: F401 (screens used to import it from here)

log = logging.getLogger(__name__)
RESOURCES = Path(__file__).resolve().parent.parent / "resources"
UI_FONT_FAMILY = "Be Vietnam Pro"


def load_fonts() -> list[str]:
    """Register the bundled fonts; returns the families Qt now knows from them."""
    families: list[str] = []
    for ttf in sorted((RESOURCES / "fonts").glob("*.ttf")):
        fid = QFontDatabase.addApplicationFont(str(ttf))
        if fid < 0:
            log.error("font not loaded: %s", ttf)
            continue
        families += QFontDatabase.applicationFontFamilies(fid)
    return sorted(set(families))


def stylesheet(m: Metrics) -> str:
    qss = (RESOURCES / "styles" / "kiosk.qss").read_text(encoding="utf-8")
    tokens = {"BODY": m.body_px, "TITLE": m.title_px, "SMALL": m.small_px, "TOUCH": m.touch_px,
              "PAD": m.mm(3), "KEY": m.mm(16), "SCROLL": m.mm(10), "HUGE": m.font_px_for_cap(20),
              "CTOUCH": m.mm(8), "TWOLINES": 2 * m.line_px + m.mm(4)}
    for k, v in tokens.items():
        qss = qss.replace(f"@{k}@", str(v))
    return qss


def ensure_app() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    if not getattr(app, "_kiosk_fonts", None):
        app._kiosk_fonts = load_fonts()
        app.setFont(QFont(UI_FONT_FAMILY, 14))
    return app


class IdleWatcher(QObject):
    """Counts inactivity on lobby screens; warns, then asks the window to wipe and go home."""
    warn = Signal(int)  # seconds left
    tick = Signal(int)
    expired = Signal()
    resumed = Signal()

    def __init__(self, idle_ms: int, warning_s: int, parent=None):
        super().__init__(parent)
        self.warning_s = warning_s
        self.left = warning_s
        self.enabled = True
        self._idle = QTimer(self, singleShot=True, interval=idle_ms)
        self._idle.timeout.connect(self._start_warning)
        self._count = QTimer(self, interval=1000)
        self._count.timeout.connect(self._on_tick)
        self.warning = False

    def eventFilter(self, obj, event):
        if event.type() in (QEvent.MouseButtonPress, QEvent.KeyPress, QEvent.TouchBegin, QEvent.Wheel):
            if not self.warning:
                self.poke()
        return False

    def poke(self) -> None:
        if self.enabled:
            self._idle.start()

    def stop(self) -> None:
        self._idle.stop()
        self._count.stop()
        if self.warning:
            self.warning = False
            self.resumed.emit()

    def more_time(self) -> None:
        self.stop()
        self.poke()

    def _start_warning(self) -> None:
        if not self.enabled:
            return
        self.warning = True
        self.left = self.warning_s
        self.warn.emit(self.left)
        self._count.start()

    def _on_tick(self) -> None:
        self.left -= 1
        if self.left <= 0:
            self._count.stop()
            self.warning = False
            self.expired.emit()
        else:
            self.tick.emit(self.left)


class IdleOverlay(QFrame):
    """Large countdown with a one-tap "Thêm thời gian"."""
    def __init__(self, parent: QWidget, on_more_time):
        super().__init__(parent)
        self.setObjectName("Overlay")
        lay = QVBoxLayout(self)
        msg = QLabel("Bạn còn ở đây không?\nMàn hình sẽ tự xóa và quay về trang chủ sau")
        msg.setAlignment(Qt.AlignCenter)
        msg.setWordWrap(True)
        self.count = QLabel("20")
        self.count.setObjectName("Countdown")
        self.count.setAlignment(Qt.AlignCenter)
        secs = QLabel("giây")
        secs.setAlignment(Qt.AlignCenter)
        self.more = QPushButton("Thêm thời gian")
        self.more.setObjectName("Primary")
        self.more.clicked.connect(on_more_time)
        for w in (msg, self.count, secs, self.more):
            lay.addWidget(w)
        self.hide()

    def show_count(self, seconds: int) -> None:
        self.count.setText(str(seconds))
        p = self.parentWidget()
        w, h = int(p.width() * 0.7), int(p.height() * 0.6)
        self.setGeometry((p.width() - w) // 2, (p.height() - h) // 2, w, h)
        self.show()
        self.raise_()


class TopBar(QWidget):
    def __init__(self, window: "KioskWindow"):
        super().__init__()
        self.setObjectName("TopBar")
        self.setAttribute(Qt.WA_StyledBackground, True)
        lay = QHBoxLayout(self)
        self.back = QPushButton("◀  Quay lại")
        self.home = QPushButton("⌂  Trang chủ")
        self.title = QLabel("")
        self.title.setObjectName("ScreenTitle")
        self.title.setWordWrap(True)
        self.read = QPushButton("Đọc to")
        self.stop_read = QPushButton("■  Dừng đọc")
        self.large = QPushButton("Chữ to")
        self.large.setCheckable(True)
        self.read.setIcon(QIcon(str(RESOURCES / "icons" / "speaker.svg")))
        for b in (self.back, self.home, self.read, self.stop_read, self.large):
            b.setObjectName("NavButton")
            b.setFocusPolicy(Qt.StrongFocus)
        self.back.clicked.connect(window.back)
        self.home.clicked.connect(window.go_home)
        self.read.clicked.connect(window.read_aloud)
        self.stop_read.clicked.connect(window.stop_reading)
        self.large.toggled.connect(window.set_large_text)
        lay.addWidget(self.back)
        lay.addWidget(self.home)
        lay.addWidget(self.title, 1)
        lay.addWidget(self.read)
        lay.addWidget(self.stop_read)
        lay.addWidget(self.large)


class KioskWindow(QMainWindow):
    """One window; screens are pushed onto a stack and deleted when left."""
    status = Signal(str)

    def __init__(self, services, metrics: Metrics, *, idle_ms: int | None = None, warning_s: int | None = None):
        super().__init__()
        self.services = services
        self.metrics = metrics
        self.clerk = None  # ClerkInfo while the counter is unlocked
        s = services.config.settings
        self.setWindowTitle(f"Một cửa – {s.commune_name}")
        central = QWidget()
        lay = QVBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        self.topbar = TopBar(self)
        self.stack = QStackedWidget()
        self.toast = QLabel("")
        self.toast.setObjectName("Warning")
        self.toast.setWordWrap(True)
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
        QApplication.instance().installEventFilter(self.idle)
        from ui.counter_lock import CounterLock  # the counter locks itself (issue 15)
        self.counter_lock = CounterLock(s.counter_lock_minutes, self.lock_counter, self)
        QApplication.instance().installEventFilter(self.counter_lock)
        self.apply_style()
        self.show_lobby()

    # --- navigation ---------------------------------------------------------------
    def current(self) -> Screen | None:
        return self.stack.currentWidget()

    def push(self, screen: Screen) -> Screen:
        self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        self._after_change()
        return screen

    def back(self) -> None:
        if self.stack.count() <= 1:
            return
        screen = self.stack.currentWidget()
        self.stack.removeWidget(screen)
        screen.deleteLater()
        self._after_change()

    def go_home(self) -> None:
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
        screen.shown()
        self.topbar.title.setText(screen.title)
        at_root = self.stack.count() <= 1
        self.topbar.back.setVisible(not at_root)
        self.topbar.home.setVisible(not at_root)
        lobby = screen.audience == "lobby"
        self.topbar.read.setVisible(lobby)
        self.topbar.stop_read.setVisible(lobby)
        self.topbar.large.setVisible(lobby)
        self.idle.enabled = lobby
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
            page.setSizePolicy(page._own_size_policy if page is screen
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
        log.info("idle reset")

    # --- look and sound -------------------------------------------------------------
    def apply_style(self) -> None:
        QApplication.instance().setStyleSheet(stylesheet(self.metrics))
        QApplication.instance().setFont(QFont(UI_FONT_FAMILY, 14))

    def set_large_text(self, on: bool) -> None:
        self.metrics = self.metrics.with_large_text(on)
        self.apply_style()

    def read_aloud(self) -> None:
        screen = self.current()
        if not self.services.speaker.available:
            self.show_message("Máy này chưa cài giọng đọc tiếng Việt, nên chưa đọc to được.")
            return
        if not self.services.speaker.say(screen.speech_text(), private=screen.audience != "lobby"):
            self.show_message("Không phát được âm thanh. Hãy nhờ cán bộ kiểm tra loa.")

    def stop_reading(self) -> None:
        self.services.speaker.stop()

    def show_message(self, text: str) -> None:
        self.toast.setText(text)
        self.toast.show()
        self._toast_timer.start()

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
                 warning_s: int | None = None) -> KioskWindow:
    app = ensure_app()
    metrics = Metrics(screen_dpi(), UI_FONT_FAMILY)
    win = KioskWindow(services, metrics, idle_ms=idle_ms, warning_s=warning_s)
    if mode == "counter":
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


SCREENS = ("home", "category", "procedure", "search", "status", "rating", "feedback", "unlock", "counter", "write",
           "idle", "survey")


def screenshot(services, screen: str, out: Path, size=(1920, 1080)) -> int:
    """Render one screen offscreen to a PNG (for docs and review)."""
    if screen not in SCREENS:
        print(f"Không có màn hình '{screen}'. Chọn một trong: {', '.join(SCREENS)}", file=sys.stderr)
        return 2
    app = ensure_app()
    win = build_window(services)
    win.resize(*size)
    win.show()
    cat = services.catalog
    first_cat = cat.categories[0].id if cat.categories else None
    if screen == "category" and first_cat:
        win.current().open_category(first_cat)
    elif screen == "procedure" and cat.procedures:
        from ui.lobby.procedure import ProcedureScreen
        code = "1.001193" if "1.001193" in cat.procedures else next(iter(cat.procedures))
        win.push(ProcedureScreen(win, cat.procedures[code]))
    elif screen == "search":
        from ui.lobby.search import SearchScreen
        s = win.push(SearchScreen(win))
        s.set_query("giay khai sinh")
    elif screen == "unlock":
        win.show_unlock()
    elif screen in ("status", "rating", "feedback"):
        getattr(win.current(), f"open_{screen}")()
    elif screen in ("counter", "write"):
        from kiosk.services.accounts import ClerkInfo
        win.enter_counter(ClerkInfo(0, "Cán bộ minh họa", "clerk"))
        if screen == "write":
            win.current().open_write(cat.procedures["1.001193"])
    elif screen == "idle":
        win.idle._start_warning()
    elif screen == "survey":  # the first SIPAS question (ui/lobby/survey.py)
        from ui.lobby.survey import SurveyOffer
        win.push(SurveyOffer(win)).box.begin()
    for _ in range(5):
        app.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    ok = win.grab().save(str(out), "PNG")
    win.idle.stop()
    win.close()
    services.close()
    print(str(out))
    return 0 if ok else 1


def show_fatal(message: str) -> None:
    ensure_app()
    box = QMessageBox(QMessageBox.Critical, "Không khởi động được", message)
    box.exec()
