"""A digit keypad with "-" for dossier codes (the lobby's status lookup)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

KEYS = ["123", "456", "789", "-0⌫"]


class DigitKeypad(QWidget):
    typed = Signal(str)
    backspace = Signal()
    cleared = Signal()

    def __init__(self, key_px: int = 0, parent=None):
        super().__init__(parent)
        grid = QGridLayout(self)
        self.keys: dict[str, QPushButton] = {}
        for r, row in enumerate(KEYS):
            for c, ch in enumerate(row):
                b = QPushButton(ch)
                b.setObjectName("Key")
                if key_px:
                    b.setMinimumSize(key_px, key_px)
                b.setFocusPolicy(Qt.NoFocus)
                b.setAccessibleName("Xóa một số" if ch == "⌫" else ch)
                if ch == "⌫":
                    b.clicked.connect(self.backspace)
                else:
                    b.clicked.connect(lambda _=False, k=ch: self.typed.emit(k))
                self.keys[ch] = b
                grid.addWidget(b, r, c)
        clear = QPushButton("Xóa hết")
        clear.setFocusPolicy(Qt.NoFocus)
        clear.clicked.connect(self.cleared)
        self.keys["clear"] = clear
        grid.addWidget(clear, len(KEYS), 0, 1, 3)
        for c in range(3):
            grid.setColumnStretch(c, 1)
