"""Small shared widgets: big buttons with icons and words, headings, QR images."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy, QWidget

from kiosk.qr import qr_png

ICONS = Path(__file__).resolve().parent.parent.parent / "resources" / "icons"


class TileButton(QPushButton):
    """A big button whose words wrap onto more lines instead of being cut off
    (Qt's QPushButton never wraps), with the icon on the left."""

    def __init__(self, text: str, icon_path: Path | None, icon_px: int):
        super().__init__()
        lay = QHBoxLayout(self)
        if icon_path is not None:
            pic = QLabel()
            pic.setPixmap(QIcon(str(icon_path)).pixmap(icon_px, icon_px))
            pic.setAttribute(Qt.WA_TransparentForMouseEvents)
            pic.setStyleSheet("background: transparent;")
            lay.addWidget(pic)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setAttribute(Qt.WA_TransparentForMouseEvents)
        self.label.setStyleSheet("background: transparent; color: inherit; font-weight: 600;")
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


def tile_button(text: str, icon: str | None, icon_px: int) -> TileButton:
    path = ICONS / icon if icon and (ICONS / icon).exists() else None
    b = TileButton(text, path, icon_px)
    b.setObjectName("Category")
    b.setFocusPolicy(Qt.StrongFocus)
    return b


def big_button(text: str, icon: str | None = None, icon_px: int = 64, primary: bool = False,
               name: str | None = None) -> QPushButton:
    if name == "Category":
        return tile_button(text, icon, icon_px)
    b = QPushButton(text)
    if icon and (ICONS / icon).exists():
        b.setIcon(QIcon(str(ICONS / icon)))
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
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    area.setFrameShape(QScrollArea.NoFrame)
    return area
