"""Scrolling for fingers: a scroll area that follows a swipe with kinetic
scrolling (QScroller on touch), keeps a tap a tap, and shows large
"Xem thêm ▼" / "▲ Lên trên" buttons while content hides below or above."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QPushButton, QScrollArea, QScroller, QScrollerProperties, QWidget

MORE_TEXT = "Xem thêm ▼"
UP_TEXT = "▲ Lên trên"
# a finger moves a few millimetres while tapping: only beyond this is it a swipe
DRAG_START_M = 0.004


def enable_kinetic(area: QAbstractScrollArea) -> QScroller:
    """Let a finger swipe scroll `area` (touch only: a mouse click stays a click)."""
    viewport = area.viewport()
    viewport.setAttribute(Qt.WA_AcceptTouchEvents, True)
    QScroller.grabGesture(viewport, QScroller.TouchGesture)
    scroller = QScroller.scroller(viewport)
    props = scroller.scrollerProperties()
    props.setScrollMetric(QScrollerProperties.DragStartDistance, DRAG_START_M)
    props.setScrollMetric(QScrollerProperties.HorizontalOvershootPolicy, QScrollerProperties.OvershootAlwaysOff)
    props.setScrollMetric(QScrollerProperties.VerticalOvershootPolicy, QScrollerProperties.OvershootAlwaysOff)
    scroller.setScrollerProperties(props)
    return scroller


class TouchScroll(QScrollArea):
    """Vertical scroll area for touch: kinetic swipe and "Xem thêm" buttons."""

    def __init__(self, widget: QWidget | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.scroller = enable_kinetic(self)
        self.more = QPushButton(MORE_TEXT, self)
        self.up = QPushButton(UP_TEXT, self)
        for b in (self.more, self.up):
            b.setObjectName("More")
            b.setFocusPolicy(Qt.NoFocus)
            b.hide()
        self.more.clicked.connect(lambda: self.page(+1))
        self.up.clicked.connect(lambda: self.page(-1))
        bar = self.verticalScrollBar()
        bar.rangeChanged.connect(lambda *_: self._update_buttons())
        bar.valueChanged.connect(lambda *_: self._update_buttons())
        if widget is not None:
            self.setWidget(widget)

    def setWidget(self, widget: QWidget) -> None:  # noqa: N802 (Qt name)
        super().setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, obj, event):
        if obj is self.widget() and event.type() in (QEvent.Resize, QEvent.LayoutRequest):
            self._update_buttons()
        return False

    def sizeHint(self) -> QSize:  # noqa: N802
        # a list asks only for a few lines: it takes the room its layout gives it and scrolls
        # the rest (QScrollArea's own hint, up to 24 lines, made whole pages taller than the screen)
        hint = super().sizeHint()
        return QSize(hint.width(), min(hint.height(), 6 * self.fontMetrics().height()))

    def page(self, direction: int) -> None:
        """Scroll by most of a screenful, keeping a line of context."""
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + direction * max(1, int(self.viewport().height() * 0.8)))

    def resizeEvent(self, event):  # noqa: N802
        super().resizeEvent(event)
        self._update_buttons()

    def _update_buttons(self) -> None:
        bar = self.verticalScrollBar()
        vp = self.viewport().geometry()
        margin = max(4, vp.width() // 100)
        for b, visible, y in ((self.more, bar.value() < bar.maximum(), None),
                              # only once a good part is above: not for a few pixels (it would cover the top line)
                              (self.up, bar.value() > bar.minimum() + vp.height() // 4, vp.top() + margin)):
            if not visible or vp.height() < 3 * b.sizeHint().height():
                b.hide()
                continue
            b.adjustSize()
            size = b.sizeHint().expandedTo(b.minimumSizeHint())
            x = vp.right() - size.width() - margin
            top = y if y is not None else vp.bottom() - size.height() - margin
            b.setGeometry(x, top, size.width(), size.height())
            b.show()
            b.raise_()

    def hidden_below(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.value() < bar.maximum()

    def ensure_visible(self, w: QWidget) -> None:
        """Scroll `w` into view, below where "▲ Lên trên" would sit, so it covers nothing of it."""
        vp = self.viewport().height()
        self.ensureWidgetVisible(w, 0, max(vp // 10, self.up.sizeHint().height() + 2 * max(4, vp // 100)))
