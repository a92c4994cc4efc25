"""What the lobby does with time and touches: the idle countdown that wipes the screen
when nobody touches it (with its full-window overlay), and the guard that keeps a double
tap from also pressing what the next screen has under the finger."""
from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget


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

    INPUT = frozenset((QEvent.MouseButtonPress, QEvent.MouseButtonDblClick, QEvent.KeyPress, QEvent.TouchBegin,
                       QEvent.Wheel))
    SWALLOWED = frozenset((QEvent.MouseButtonRelease, QEvent.TouchUpdate, QEvent.TouchEnd))

    def _mine(self, obj) -> bool:
        """Input in this watcher's own window (tests and the office may open other windows)."""
        return isinstance(obj, QWidget) and obj.window() is self.parent()

    def eventFilter(self, obj, event):  # noqa: N802 - every event of the application passes here: cheap tests first
        kind = event.type()
        if not self.enabled or not (kind in self.INPUT or (self.warning and kind in self.SWALLOWED)):
            return False
        if not self._mine(obj):
            return False
        if kind in self.INPUT:
            if self.warning:
                # "I'm still here": the tap ends the countdown and does nothing else
                self.more_time()
                return True
            self.poke()
            return False
        return True  # the rest of a touch or click that ended the countdown

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


class TapGuard(QObject):
    """A double tap on a tile (a trembling hand, an impatient tap) must not also press what
    the next screen has under the finger: a touch that lands within a moment of a lobby
    screen change presses nothing, even when a list's scroller replays its press later.
    Mouse and keyboard are never delayed."""
    GUARD_S = 0.35  # a double tap's second touch comes within about 0.3 s
    REPLAY_S = 1.5  # a scroller replays a held press well within this

    def __init__(self, parent):
        super().__init__(parent)
        self.clock = time.monotonic
        self.active = False
        self._changed_at = float("-inf")
        self._ghost_at: float | None = None  # when the last too-early touch began

    def screen_changed(self, lobby: bool) -> None:
        self.active = lobby
        self._changed_at = self.clock()

    def _mine(self, obj) -> bool:
        win = self.parent()
        if isinstance(obj, QWidget):
            return obj.window() is win
        return obj is win.windowHandle()

    def eventFilter(self, obj, event):  # noqa: N802
        kind = event.type()
        if kind == QEvent.TouchBegin and self._mine(obj):
            now = self.clock()
            self._ghost_at = now if self.active and now - self._changed_at < self.GUARD_S else None
        elif (kind in (QEvent.MouseButtonPress, QEvent.MouseButtonDblClick) and self._ghost_at is not None
              and isinstance(obj, QWidget) and self._mine(obj)):
            if self.clock() - self._ghost_at < self.REPLAY_S:
                event.accept()
                return True
            self._ghost_at = None
        return False


class IdleOverlay(QFrame):
    """Covers the whole window: a large countdown with a one-tap "Thêm thời gian". Any tap
    anywhere on it (or any key) means "I'm still here" and is swallowed."""
    def __init__(self, parent: QWidget, on_more_time):
        super().__init__(parent)
        self.setObjectName("Shade")
        self.setAttribute(Qt.WA_StyledBackground, True)
        self.setAttribute(Qt.WA_AcceptTouchEvents, True)
        self._on_more_time = on_more_time
        outer = QGridLayout(self)
        self.card = QFrame()
        self.card.setObjectName("Overlay")
        self.card.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)
        outer.addWidget(self.card, 0, 0, Qt.AlignCenter)
        lay = QVBoxLayout(self.card)
        msg = QLabel("Bạn còn ở đây không? Chạm vào bất cứ đâu để tiếp tục.\n"
                     "Nếu không, màn hình sẽ tự xóa và quay về trang chủ sau")
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
        self.setGeometry(p.rect())
        width = max(1, int(p.width() * 0.85))
        self.card.setMaximumWidth(width)
        self.card.setMinimumWidth(min(width, int(p.width() * 0.6)))
        self.show()
        self.raise_()

    def mousePressEvent(self, event):  # noqa: N802 - a tap beside the card also means "still here"
        event.accept()
        self._on_more_time()

    def event(self, e):
        if e.type() in (QEvent.TouchBegin, QEvent.TouchUpdate, QEvent.TouchEnd):
            e.accept()
            if e.type() == QEvent.TouchBegin:
                self._on_more_time()
            return True
        return super().event(e)


class InputFilters(QObject):
    """The idle watcher, the double-tap guard and the counter lock as ONE app-wide event filter:
    every event of the application (paint, layout, polish...) passes an app-wide filter, and
    each filter is a Python call; one call instead of three keeps screens quick to show. Only
    input events go on to the filters, in the given order; the first to swallow one ends it."""

    KINDS = frozenset(IdleWatcher.INPUT | IdleWatcher.SWALLOWED | {QEvent.MouseButtonPress,
                                                                  QEvent.MouseButtonDblClick, QEvent.TouchBegin})

    def __init__(self, filters, parent=None):
        super().__init__(parent)
        self.filters = tuple(filters)

    def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
        if event.type() not in self.KINDS:
            return False
        return any(f.eventFilter(obj, event) for f in self.filters)
