"""Issue 10, points 2-6 at the lobby: finger swipes scroll every list (real QTouchEvent
sequences), a tap stays a tap, "Xem thêm" where content hides, most used procedures first,
any tap during the idle countdown keeps the screen, help one tap from home with the same
number on a second visit, an honest ticket when the printer fails, rating saved on timeout,
status lookup however the code is typed."""
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QScroller



@pytest.fixture
def small(small):
    """The 1366x768 lobby of tests/conftest.py; these taps come 50 ms after a screen opens,
    faster than a person can see it: the guard against a double tap's ghost
    (tests/test_lobby_hostile.py) would swallow them."""
    small.tap_guard.GUARD_S = 0
    return small


def at_window(widget, point: QPoint) -> QPoint:
    """Touches arrive at the window, as from a real touchscreen."""
    return widget.mapTo(widget.window(), point)


def swipe_up(qtbot, device, area, distance_frac=0.6):
    """A finger drags up over `area`'s viewport in small steps, then lifts."""
    vp = area.viewport()
    handle = vp.window().windowHandle()
    x = vp.width() // 3
    y0 = int(vp.height() * 0.8)
    y1 = int(vp.height() * (0.8 - distance_frac))
    QTest.touchEvent(handle, device).press(0, at_window(vp, QPoint(x, y0)))
    steps = 12
    for i in range(1, steps + 1):
        qtbot.wait(16)
        QTest.touchEvent(handle, device).move(0, at_window(vp, QPoint(x, y0 + (y1 - y0) * i // steps)))
    QTest.touchEvent(handle, device).release(0, at_window(vp, QPoint(x, y1)))


def assert_swipe_scrolls(qtbot, device, area):
    bar = area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=3000)  # the list is longer than its area
    bar.setValue(0)
    swipe_up(qtbot, device, area)
    qtbot.waitUntil(lambda: bar.value() > 0, timeout=3000)
    scroller = QScroller.scroller(area.viewport())
    qtbot.waitUntil(lambda: scroller.state() == QScroller.Inactive, timeout=5000)
    assert bar.value() > 0


def test_a_swipe_scrolls_the_category_list_and_the_long_home_page(qtbot, small, touchscreen):
    home = small.current()
    assert_swipe_scrolls(qtbot, touchscreen, small.current_holder())  # the page as a whole
    home.open_category("ho-tich")
    qtbot.wait(50)
    category = small.current()
    from ui.widgets.touch import TouchScroll
    lists = [a for a in category.findChildren(TouchScroll) if a.isVisible()]
    assert lists
    for area in lists:
        assert_swipe_scrolls(qtbot, touchscreen, area)


def test_a_swipe_scrolls_the_sample_form_and_the_search_results(qtbot, small, touchscreen, services):
    from ui.lobby.procedure import ProcedureScreen
    page = small.push(ProcedureScreen(small, services.catalog.procedure("1.001193")))
    qtbot.wait(50)
    assert_swipe_scrolls(qtbot, touchscreen, page.sample_views[0])
    small.go_home()
    small.current().open_search()
    search = small.current()
    search.set_query("giay")
    qtbot.wait(50)
    from ui.widgets.touch import TouchScroll
    results = [a for a in search.findChildren(TouchScroll) if a.widget() is search.results][0]
    assert_swipe_scrolls(qtbot, touchscreen, results)


def test_a_tap_on_a_listed_procedure_opens_it_and_does_not_scroll(qtbot, small, touchscreen):
    small.current().open_category("ho-tich")
    qtbot.wait(50)
    category = small.current()
    target = category.buttons[1]
    area = [a for a in category.findChildren(type(small.current_holder())) if a.isAncestorOf(target)][0]
    bar = area.verticalScrollBar()
    centre = target.mapTo(small, target.rect().center())
    handle = small.windowHandle()
    QTest.touchEvent(handle, touchscreen).press(0, centre)
    qtbot.wait(20)
    QTest.touchEvent(handle, touchscreen).move(0, centre + QPoint(2, 3))  # a finger wobbles
    qtbot.wait(20)
    QTest.touchEvent(handle, touchscreen).release(0, centre + QPoint(2, 3))
    qtbot.waitUntil(lambda: small.current() is not category, timeout=3000)
    assert small.current().proc.code == category.procedures[1].code
    assert bar.value() == 0


def test_more_button_shows_while_content_hides_below_and_scrolls(qtbot, small):
    holder = small.current_holder()  # home at 1366x768 is taller than the screen
    qtbot.waitUntil(lambda: holder.more.isVisible(), timeout=2000)
    assert holder.more.text() == "Xem thêm ▼"
    assert not holder.up.isVisible()
    qtbot.mouseClick(holder.more, Qt.LeftButton)
    assert holder.verticalScrollBar().value() > 0
    assert holder.up.isVisible() and holder.up.text().startswith("▲")
    while holder.more.isVisible():
        qtbot.mouseClick(holder.more, Qt.LeftButton)
    assert holder.verticalScrollBar().value() == holder.verticalScrollBar().maximum()


def test_procedures_are_listed_by_how_often_this_commune_received_them(qtbot, window, services):
    from ui.lobby.category import CategoryScreen
    catalog_order = [p.code for p in services.catalog.in_category("ho-tich")]
    plain = window.push(CategoryScreen(window, "ho-tich"))
    assert [p.code for p in plain.procedures] == catalog_order  # no history: catalog order
    receivable = [c for c in catalog_order if services.catalog.procedure(c).processing_days is not None]
    last, second_last = receivable[-1], receivable[-2]  # the last ones that can be received by number of days
    for code, times in ((last, 3), (second_last, 1)):
        for _ in range(times):
            services.dossiers.receive_dossier(code, {"full_name": "Nguyễn Văn An"}, None)
    assert services.dossiers.received_counts() == {last: 3, second_last: 1}
    ranked = window.push(CategoryScreen(window, "ho-tich"))
    assert [p.code for p in ranked.procedures] == [last, second_last] + [c for c in catalog_order
                                                                         if c not in (last, second_last)]
    assert ranked.buttons[0].text().split("\n")[0] == services.catalog.procedure(last).short_name
