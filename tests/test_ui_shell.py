"""The window as a citizen and a clerk meet it: font, sizes, idle reset, PIN unlock."""
import subprocess

import pytest
import sys
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo, QFontMetricsF, QImage

from tests.conftest import REPO, type_unicode


def test_lobby_shows_vietnamese_in_the_bundled_font(window):
    home = window.current()
    assert "không viết – không nộp – không hẹn" in home.banner.text()
    assert QFontInfo(home.banner.font()).family() == "Be Vietnam Pro"
    assert window.topbar.title.text() == "Trung tâm Phục vụ hành chính công xã Hòa Bình"


def test_body_text_capitals_are_at_least_5_mm(window):
    home = window.current()
    m = window.metrics
    cap = QFontMetricsF(home.search_button.font()).capHeight()
    assert cap >= m.mm(5) - 0.5
    assert home.search_button.height() >= m.mm(15) - 1


def test_banner_names_the_model_day_on_that_day():
    from ui.lobby.home import banner_text
    friday, monday = date(2026, 11, 27), date(2026, 11, 23)
    assert banner_text("Thứ Sáu", 4, friday) == "Hôm nay Thứ Sáu: không viết – không nộp – không hẹn"
    assert banner_text("Thứ Sáu", 4, monday).startswith("Thứ Sáu hằng tuần")


def test_idle_reset_warns_then_wipes_the_search_and_goes_home(qtbot, services):
    from ui.app import build_window
    win = build_window(services, idle_ms=60_000, warning_s=20)
    qtbot.addWidget(win)
    win.show()
    win.current().open_search()
    search = win.current()
    type_unicode(search.box, "giấy khai sinh")
    assert search.box.text() == "giấy khai sinh"
    win.idle.warning_s = 1  # shorten the countdown for the test, keep the mechanism
    win.idle._idle.start(200)
    qtbot.waitUntil(lambda: win.overlay.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: win.stack.count() == 1, timeout=4000)
    assert not win.overlay.isVisible()
    assert win.current().__class__.__name__ == "LobbyHome"


def test_more_time_keeps_the_citizen_on_the_screen(qtbot, services):
    from ui.app import build_window
    win = build_window(services, idle_ms=60_000, warning_s=3)
    qtbot.addWidget(win)
    win.show()
    win.current().open_search()
    type_unicode(win.current().box, "ket hon")
    win.idle._idle.start(150)  # nobody touches it from now on (typing during a countdown only wakes it)
    qtbot.waitUntil(lambda: win.overlay.isVisible(), timeout=3000)
    qtbot.mouseClick(win.overlay.more, Qt.LeftButton)
    assert not win.overlay.isVisible()
    assert win.current().box.text() == "ket hon"
    win.idle.stop()


def test_clerk_unlocks_the_counter_with_pin_and_wrong_pin_is_refused(qtbot, window, services):
    services.accounts.create_clerk("Trần Văn Bình", "246813")
    qtbot.mouseClick(window.current().staff_button, Qt.LeftButton)
    unlock = window.current()
    assert unlock.__class__.__name__ == "UnlockScreen"
    qtbot.keyClicks(unlock.pin, "1111")
    qtbot.keyClick(unlock.pin, Qt.Key_Return)
    assert unlock.error.isVisible() and "Còn 4 lần" in unlock.error.text()
    assert window.clerk is None
    qtbot.keyClicks(unlock.pin, "246813")
    qtbot.mouseClick(unlock.ok, Qt.LeftButton)
    assert window.current().__class__.__name__ == "CounterHome"
    assert window.clerk.name == "Trần Văn Bình"
    qtbot.mouseClick(window.current().lock, Qt.LeftButton)
    assert window.current().__class__.__name__ == "LobbyHome" and window.clerk is None


def test_screenshot_command_writes_a_non_blank_png(tmp_path, data_dir):
    out = tmp_path / "home.png"
    r = subprocess.run([sys.executable, str(REPO / "main.py"), "screenshot", "home", "--out", str(out)],
                       capture_output=True, text=True, timeout=120,
                       env={"KIOSK_DATA_DIR": str(data_dir), "QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, r.stderr
    img = QImage(str(out))
    assert img.width() == 1920 and img.height() == 1080
    colours = {img.pixel(x, y) for x in range(0, img.width(), 37) for y in range(0, img.height(), 29)}
    assert len(colours) > 5  # text, buttons and banner, not one flat colour


def test_an_unexpected_error_returns_home_with_a_calm_message(window):
    window.current().open_search()
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        window.handle_exception(*sys.exc_info())
    assert window.current().__class__.__name__ == "LobbyHome"
    assert window.toast.isVisible() and "trục trặc" in window.toast.text()


def test_large_text_mode_makes_text_bigger_and_idle_reset_turns_it_off(qtbot, window):
    home = window.current()
    before = QFontMetricsF(home.search_button.font()).capHeight()
    qtbot.mouseClick(window.topbar.large, Qt.LeftButton)
    after = QFontMetricsF(window.current().search_button.font()).capHeight()
    assert after >= before * 1.25
    window.idle_reset()
    assert not window.topbar.large.isChecked()
    assert QFontMetricsF(window.current().search_button.font()).capHeight() == pytest.approx(before, abs=1)


def test_every_lobby_screen_but_home_has_back_and_home(window, services):
    from ui.lobby.procedure import ProcedureScreen
    assert not window.topbar.back.isVisible()
    window.push(ProcedureScreen(window, services.catalog.procedure("1.000894")))
    assert window.topbar.back.isVisible() and window.topbar.home.isVisible()
