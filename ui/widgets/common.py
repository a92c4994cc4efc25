"""Small shared widgets: big buttons with icons and words, headings, QR images."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QWidget

from kiosk.qr import qr_png

ICONS = Path(__file__).resolve().parent.parent.parent / "resources" / "icons"


def big_button(text: str, icon: str | None = None, icon_px: int = 96, primary: bool = False,
               name: str | None = None) -> QPushButton:
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
