"""On-screen keyboard for the lobby (touch only). Search folds accents, so plain
letters are enough; a row of Vietnamese letters is there for names."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

ROWS = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"]
VIETNAMESE = "ăâđêôơư"


class OnScreenKeyboard(QWidget):
    typed = Signal(str)
    backspace = Signal()
    cleared = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        for row in ROWS + [VIETNAMESE]:
            line = QHBoxLayout()
            line.addStretch(1)
            for ch in row:
                b = QPushButton(ch.upper())
                b.setObjectName("Key")
                b.setFocusPolicy(Qt.NoFocus)
                b.clicked.connect(lambda _=False, c=ch: self.typed.emit(c))
                line.addWidget(b)
            line.addStretch(1)
            outer.addLayout(line)
        last = QGridLayout()
        space = QPushButton("Dấu cách")
        back = QPushButton("⌫ Xóa 1 chữ")
        clear = QPushButton("Xóa hết")
        for b in (space, back, clear):
            b.setFocusPolicy(Qt.NoFocus)
        space.clicked.connect(lambda: self.typed.emit(" "))
        back.clicked.connect(self.backspace)
        clear.clicked.connect(self.cleared)
        last.addWidget(back, 0, 0)
        last.addWidget(space, 0, 1)
        last.addWidget(clear, 0, 2)
        last.setColumnStretch(1, 3)
        outer.addLayout(last)
