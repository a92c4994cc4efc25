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
            self._report(self.signals.failed, e)
        else:
            self._report(self.signals.done, result)

    @staticmethod
    def _report(signal, value) -> None:
        # the screen that asked (the signals' parent) may be gone: the citizen went back while
        # the printer worked. Nobody is left to tell; the outcome is in the print jobs list.
        try:
            signal.emit(value)
        except RuntimeError:
            log.info("background task ended after its screen was closed")


def run_in_background(fn, on_done, on_failed, parent: QObject) -> _Signals:
    """Call fn() in the thread pool; on_done(result) / on_failed(exc) run in the UI thread."""
    signals = _Signals(parent)
    signals.done.connect(on_done)
    signals.failed.connect(on_failed)
    QThreadPool.globalInstance().start(_Task(fn, signals))
    return signals
