"""The counter locks itself: after `counter_lock_minutes` without a key or a tap on a
clerk screen (issue 15), and whenever the screen is handed to a citizen (rating).
From a locked counter there is no path back to a clerk screen without the PIN."""
from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer


RETRY_MS = 2000  # a lock that came while a dossier was being received or printed is tried again
# ... but not for ever: receiving and printing end within about a minute and a half even on a
# locked database and a hung printer (30 s timeouts); a review still busy after this is stuck,
# and a clerk's counter left open to passers-by is worse than a receipt the board reports
MAX_DEFER_S = 180


class CounterLock(QObject):
    """Counts inactivity while a clerk screen is shown; `expired` calls the window's lock.
    The window may put the lock off (`retry_later`) while a receipt is still printing:
    locking then would delete the screen that is saving it and lose the print. It is put
    off MAX_DEFER_S at most: then `retry_later` says no and the counter locks all the same."""

    def __init__(self, minutes: int, on_expired, parent=None):
        super().__init__(parent)
        self._timer = QTimer(self, singleShot=True, interval=int(minutes * 60_000))
        self._timer.timeout.connect(on_expired)
        self._retry = QTimer(self, singleShot=True, interval=RETRY_MS)
        self._retry.timeout.connect(on_expired)
        self.active = False
        self.clock = time.monotonic
        self._deferred_since: float | None = None

    def retry_later(self, force: bool = False) -> bool:
        """Try the lock again in RETRY_MS; False (and no retry): it has waited too long, lock now.
        `force`: again in any case (a dialog just closed: its loop must end first)."""
        now = self.clock()
        if self._deferred_since is None:
            self._deferred_since = now
        if now - self._deferred_since > MAX_DEFER_S and not force:
            self._stop_retry()
            return False
        self._retry.start()
        return True

    def _stop_retry(self) -> None:
        self._retry.stop()
        self._deferred_since = None

    @property
    def retrying(self) -> bool:
        return self._retry.isActive()

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    def set_active(self, active: bool) -> None:
        self.active = active
        self._stop_retry()
        if active:
            self._timer.start()
        else:
            self._timer.stop()

    INPUT = frozenset((QEvent.MouseButtonPress, QEvent.KeyPress, QEvent.TouchBegin, QEvent.Wheel))

    def eventFilter(self, obj, event):  # noqa: N802 - sees every event of the application
        if self.active and event.type() in self.INPUT:
            self._timer.start()
            self._stop_retry()
        return False
