"""Run long work (printing, rendering) off the UI thread; report back by signal."""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn, signals: _Signals):
        super().__init__()
        self.fn, self.signals = fn, signals

    def run(self):
        try:
            result = self.fn()
        except Exception as e:  # delivered to the UI thread, shown there
            log.exception("background task failed")
            self._report("failed", e)
        else:
            self._report("done", result)

    def _report(self, which: str, value) -> None:
        try:
            getattr(self.signals, which).emit(value)
        except RuntimeError:  # the screen that asked was left and deleted meanwhile: nobody to tell
            log.info("background task %s after its screen was closed", which)


def run_in_background(fn, on_done, on_failed, parent: QObject) -> _Signals:
    """Call fn() in the thread pool; on_done(result) / on_failed(exc) run in the UI thread."""
    signals = _Signals(parent)
    signals.done.connect(on_done)
    signals.failed.connect(on_failed)
    QThreadPool.globalInstance().start(_Task(fn, signals))
    return signals
