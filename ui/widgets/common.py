"""Small shared widgets: big buttons with icons and words, headings, QR images."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy, QWidget

from kiosk.qr import qr_png

ICONS = Path(__file__).resolve().parent.parent.parent / "resources" / "icons"
DARK_BLUE, WHITE = "#0b3d91", "#ffffff"


def svg_icon(path: Path, on_dark: bool = False) -> QIcon:
    """The SVG icon; `on_dark` swaps its dark blue and white so it shows on a blue (primary) button."""
    if not on_dark:
        return QIcon(str(path))
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgRenderer
    svg = path.read_text(encoding="utf-8")
    svg = svg.replace('"#fff"', f'"{WHITE}"').replace(WHITE, "@W@").replace(DARK_BLUE, WHITE).replace("@W@", DARK_BLUE)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    icon = QIcon()
    for px in (32, 64, 128, 256):
        pm = QPixmap(px, px)
        pm.fill(Qt.transparent)
        painter = QPainter(pm)
        renderer.render(painter)
        painter.end()
        icon.addPixmap(pm)
    return icon


class TileButton(QPushButton):
    """A big button whose words wrap onto more lines instead of being cut off
    (Qt's QPushButton never wraps), with the icon on the left."""

    def __init__(self, text: str, icon_path: Path | None, icon_px: int, on_dark: bool = False):
        super().__init__()
        lay = QHBoxLayout(self)
        if icon_path is not None:
            pic = QLabel()
            pic.setPixmap(svg_icon(icon_path, on_dark).pixmap(icon_px, icon_px))
            self.icon_label = pic
            pic.setAttribute(Qt.WA_TransparentForMouseEvents)
            pic.setStyleSheet("background: transparent;")
            lay.addWidget(pic)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setAttribute(Qt.WA_TransparentForMouseEvents)
        self.label.setStyleSheet("background: transparent; font-weight: 600;")
        lay.addWidget(self.label, 1)
        self.setAccessibleName(text)
        sp = self.sizePolicy()
        sp.setHeightForWidth(True)
        sp.setVerticalPolicy(QSizePolicy.Minimum)
        self.setSizePolicy(sp)

    def text(self) -> str:  # noqa: D102 - the words shown, as for a plain button
        return self.label.text()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(self.layout().totalHeightForWidth(width), self.minimumHeight())

    def sizeHint(self):
        return self.layout().totalSizeHint()

    def minimumSizeHint(self):
        return self.layout().totalMinimumSize()


def tile_button(text: str, icon: str | None, icon_px: int, primary: bool = False) -> TileButton:
    path = ICONS / icon if icon and (ICONS / icon).exists() else None
    b = TileButton(text, path, icon_px, on_dark=primary)
    b.setObjectName("PrimaryTile" if primary else "Category")
    b.setFocusPolicy(Qt.StrongFocus)
    return b


def big_button(text: str, icon: str | None = None, icon_px: int = 64, primary: bool = False,
               name: str | None = None) -> QPushButton:
    if name == "Category":
        return tile_button(text, icon, icon_px, primary)
    b = QPushButton(text)
    if icon and (ICONS / icon).exists():
        b.setIcon(svg_icon(ICONS / icon, on_dark=primary))
        b.setIconSize(QSize(icon_px, icon_px))
    if primary:
        b.setObjectName("Primary")
    elif name:
        b.setObjectName(name)
    b.setFocusPolicy(Qt.StrongFocus)
    return b


def label(text: str, name: str | None = None, wrap: bool = True) -> QLabel:
    w = QLabel(text)
    w.setWordWrap(wrap)
    w.setTextFormat(Qt.PlainText)
    if name:
        w.setObjectName(name)
    return w


def qr_label(data: str, size_px: int) -> QLabel:
    pm = QPixmap()
    pm.loadFromData(qr_png(data))
    w = QLabel()
    w.setPixmap(pm.scaled(size_px, size_px, Qt.KeepAspectRatio, Qt.FastTransformation))
    w.setAlignment(Qt.AlignCenter)
    w.setAccessibleName("Mã QR")
    return w


def scroll(widget: QWidget) -> QScrollArea:
    """A vertical list that a finger swipe scrolls, with "Xem thêm ▼" while more hides below."""
    from ui.widgets.touch import TouchScroll
    return TouchScroll(widget)
