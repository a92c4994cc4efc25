"""The idle watcher, the double-tap guard and the counter lock share one app-wide filter,
which steps aside while a screen is built (ui/app.py KioskWindow.building)."""
import pytest
from PySide6.QtCore import Qt


def test_input_still_reaches_the_idle_watcher_after_a_build_that_failed(qtbot, window):
    lobby = window.current()
    assert window.idle.enabled
    with pytest.raises(RuntimeError):
        with window.building():
            with window.building():  # nested, as a push inside a screen's build
                raise RuntimeError("a screen that failed to build")
    window.idle._idle.stop()
    qtbot.keyClick(lobby, Qt.Key_Space)
    assert window.idle._idle.isActive()  # the key was seen: the countdown starts again


def test_the_filter_is_away_only_inside_the_block(qtbot, window):
    lobby = window.current()
    with window.building():
        window.idle._idle.stop()
        qtbot.keyClick(lobby, Qt.Key_Space)  # cannot happen in the kiosk: code runs, no event loop
        assert not window.idle._idle.isActive()
    qtbot.keyClick(lobby, Qt.Key_Space)
    assert window.idle._idle.isActive()


def test_the_countdown_swallows_the_tap_that_ends_it_through_the_shared_filter(qtbot, window):
    lobby = window.current()
    window.idle._start_warning()
    assert window.idle.warning
    qtbot.mouseClick(lobby, Qt.LeftButton)
    assert not window.idle.warning
