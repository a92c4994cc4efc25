"""ui/worker.py: a background job whose screen was left (and deleted) before it finished
ends quietly instead of raising in the worker thread (seen when the geometry test deleted
its windows while a print job was still running)."""
import threading

from PySide6.QtCore import QEvent, QObject, QThreadPool
from PySide6.QtWidgets import QApplication

from ui.worker import run_in_background


def test_a_job_outliving_its_screen_ends_quietly(qtbot):
    release = threading.Event()
    got = []
    parent = QObject()
    run_in_background(lambda: release.wait(10) and "printed", got.append, got.append, parent)
    parent.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.DeferredDelete)  # the screen is gone
    release.set()
    assert QThreadPool.globalInstance().waitForDone(10_000)
    QApplication.processEvents()
    assert got == []  # nobody to tell, and no RuntimeError from the worker thread (pytest-qt fails on one)
