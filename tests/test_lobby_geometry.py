"""Issue 10, point 1: every lobby screen on every supported screen (size and physical DPI),
in normal and "Chữ to" mode: the window stays the screen's size, no visible control lies
outside the screen or is cut by its parent, a page taller than the screen scrolls as a
whole (never sideways), touch targets are at least 15 mm both ways (tabs included) and
capitals at least 5 mm tall."""
import pytest
from PySide6.QtCore import QEvent, QRect, QThreadPool
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import (QAbstractButton, QAbstractScrollArea, QApplication, QComboBox, QLabel, QLineEdit,
                               QScrollArea, QTabBar, QTextEdit, QWidget)

from ui.lobby.tour import TOUR
from ui.metrics import SUPPORTED_SCREENS

CONTROLS = (QAbstractButton, QLineEdit, QTextEdit, QComboBox, QTabBar)


def settle():
    """Lay out what is pending and delete the screens left behind. Without an event loop
    deleteLater() never runs: the left screens piled up, and each "Chữ to" restyled all of
    them (the file took 8.5 minutes, the last screen size 225 s of it)."""
    for _ in range(2):
        QApplication.processEvents()
        QApplication.sendPostedEvents(None, QEvent.DeferredDelete)


def discard(win):
    """Close a window and really delete it (its idle filter sees every event of the app), once
    the work its screens started in the background (printing, previews) has reported back."""
    QThreadPool.globalInstance().waitForDone(20_000)
    settle()
    win.idle.stop()
    win.close()
    win.deleteLater()
    settle()


def visible_widgets(win, kinds):
    return [w for w in win.findChildren(QWidget) if isinstance(w, kinds) and w.isVisibleTo(win)
            and w.width() > 0]


def clip_root(w, win):
    """The nearest scroll-area viewport above `w` (content there is reached by scrolling), else the window."""
    p = w.parentWidget()
    while p is not None and p is not win:
        gp = p.parentWidget()
        if isinstance(gp, QAbstractScrollArea) and gp.viewport() is p:
            return p
        p = gp
    return win


def cut_by_parents(w, root) -> str | None:
    """The first ancestor below `root` that does not wholly contain `w` (a scroll area's content may
    be taller than its viewport: that is scrolling, not cutting)."""
    child = w
    while child.parentWidget() is not None and child.parentWidget() is not root:
        parent = child.parentWidget()
        if not parent.rect().contains(child.geometry()):
            return f"{type(child).__name__} {child.geometry()} outside {type(parent).__name__} {parent.rect()}"
        child = parent
    return None


def unreachable(w, win, screen_rect) -> list[str]:
    """Why `w` cannot be seen on the screen (by scrolling the scroll areas it sits in, if any)."""
    root = clip_root(w, win)
    cut = cut_by_parents(w, root)
    if cut:
        return [f"{name(w)} is cut: {cut}"]
    if root is win:
        rect = QRect(w.mapTo(win, w.rect().topLeft()), w.size())
        return [] if screen_rect.contains(rect) else [f"{name(w)} at {rect} is off the screen"]
    return unreachable(root.parentWidget(), win, screen_rect)  # the scroll area itself


def name(w) -> str:
    text = w.text() if hasattr(w, "text") and callable(w.text) else ""
    return f"{type(w).__name__}({text[:30]!r})"


def check_screen(win, metrics, screen_w, screen_h, where, lobby=True):
    problems = []
    if win.width() > screen_w or win.height() > screen_h:
        problems.append(f"window grew to {win.width()}x{win.height()}")
    screen_rect = QRect(0, 0, screen_w, screen_h)
    for area in visible_widgets(win, QScrollArea):
        content = area.widget()
        if content is not None and content.width() > area.viewport().width():
            problems.append(f"{type(content).__name__} is wider than its scroll area: sideways scrolling")
    for w in visible_widgets(win, CONTROLS):
        problems += unreachable(w, win, screen_rect)
    if not lobby:  # counter screens: keyboard users at arm's length, only the fit is required
        return [f"{where}: {p}" for p in problems]
    touch = metrics.mm(15) - 1
    for b in visible_widgets(win, QAbstractButton):
        if b.width() < touch or b.height() < touch:
            problems.append(f"{name(b)} is {b.width()}x{b.height()} px, under 15 mm ({touch} px)")
    for bar in visible_widgets(win, QTabBar):
        for i in range(bar.count()):
            r = bar.tabRect(i)
            if r.width() < touch or r.height() < touch:
                problems.append(f"tab {bar.tabText(i)!r} is {r.width()}x{r.height()} px, under 15 mm")
    cap = metrics.mm(5) - 0.5
    texts = visible_widgets(win, (QLabel, QAbstractButton, QLineEdit, QTextEdit))
    for w in texts:
        if isinstance(w, QLabel) and (not w.text() or w.pixmap() is not None and not w.pixmap().isNull()):
            continue
        font = w.document().defaultFont() if isinstance(w, QTextEdit) else w.font()
        if QFontMetricsF(font).capHeight() < cap:
            problems.append(f"{name(w)} capitals {QFontMetricsF(font).capHeight():.1f} px, under 5 mm ({cap} px)")
    return [f"{where}: {p}" for p in problems]


@pytest.mark.parametrize("screen_w,screen_h,dpi,label", SUPPORTED_SCREENS, ids=[s[3] for s in SUPPORTED_SCREENS])
def test_every_lobby_screen_fits_the_screen(qtbot, services, screen_w, screen_h, dpi, label):
    from ui.app import build_window
    problems = []
    win = build_window(services, dpi=dpi, screen_size=(screen_w, screen_h), idle_ms=10**7)
    win.setGeometry(0, 0, screen_w, screen_h)
    win.show()
    for large in (False, True):  # one window: "Chữ to" is the citizen's own toggle on it
        win.topbar.large.setChecked(large)
        for page, go in TOUR.items():
            win.idle.stop()
            win.overlay.hide()  # the "idle" page's countdown
            go(win)
            settle()
            problems += check_screen(win, win.metrics, screen_w, screen_h, f"{label} {page}{' large' if large else ''}")
    discard(win)
    assert not problems, "\n".join(problems[:40]) + f"\n({len(problems)} problems)"


@pytest.mark.parametrize("screen_w,screen_h,dpi,label",
                         [s for s in SUPPORTED_SCREENS if s[0] >= 1366], ids=lambda v: str(v))
def test_counter_screens_fit_from_1366x768_up(qtbot, services, screen_w, screen_h, dpi, label):
    from kiosk.services.accounts import ClerkInfo
    from ui.app import build_window
    win = build_window(services, dpi=dpi, screen_size=(screen_w, screen_h), idle_ms=10**7)
    win.setGeometry(0, 0, screen_w, screen_h)
    win.show()
    problems = []
    win.show_unlock()
    settle()
    problems += check_screen(win, win.metrics, screen_w, screen_h, f"{label} unlock", lobby=False)
    win.enter_counter(ClerkInfo(0, "Cán bộ minh họa", "clerk"))
    settle()
    problems += check_screen(win, win.metrics, screen_w, screen_h, f"{label} counter", lobby=False)
    win.current().open_write(services.catalog.procedures["1.001193"])
    writer = win.current()
    qtbot.waitUntil(lambda: writer.is_built, timeout=20_000)  # the form is laid out in slices
    settle()
    problems += check_screen(win, win.metrics, screen_w, screen_h, f"{label} write", lobby=False)
    discard(win)
    assert not problems, "\n".join(problems[:40])


def test_portrait_has_its_own_layout(qtbot, services):
    """Portrait: categories in one column, the keyboard at the bottom of the search screen."""
    from ui.app import build_window
    win = build_window(services, dpi=69, screen_size=(1080, 1920), idle_ms=10**7)
    win.setGeometry(0, 0, 1080, 1920)
    win.show()
    settle()
    home = win.current()
    xs = {b.mapTo(win, b.rect().topLeft()).x() for b in home.category_buttons.values()}
    assert len(xs) == 1, "portrait tiles are in one column"
    land = build_window(services, dpi=102, screen_size=(1920, 1080), idle_ms=10**7)
    land.setGeometry(0, 0, 1920, 1080)
    land.show()
    settle()
    assert len({b.mapTo(land, b.rect().topLeft()).x() for b in land.current().category_buttons.values()}) == 2
    home.open_search()
    settle()
    search = win.current()
    kb_bottom = search.keyboard.mapTo(win, search.keyboard.rect().bottomLeft()).y()
    assert kb_bottom >= 1920 * 0.85, "keyboard at the bottom of a portrait screen"
    for w in (win, land):
        discard(w)
