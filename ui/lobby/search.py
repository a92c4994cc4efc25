"""Search with the on-screen keyboard; results update on every key."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from ui.screen import Screen
from ui.lobby.category import procedure_button
from ui.widgets.common import label, scroll
from ui.widgets.keyboard import OnScreenKeyboard


class SearchScreen(Screen):
    title = "Tìm thủ tục"

    def __init__(self, window):
        super().__init__(window)
        m = window.metrics
        outer = QHBoxLayout(self)
        lay = QVBoxLayout()
        outer.addLayout(lay, 1)
        self.box = QLineEdit()
        self.box.setPlaceholderText("Gõ tên thủ tục, ví dụ: giay khai sinh")
        self.box.textChanged.connect(self._update)
        lay.addWidget(self.box)
        self.info = label("Gõ vài chữ, không cần dấu. Kết quả hiện ngay bên dưới.", "Note")
        lay.addWidget(self.info)
        self.results = QWidget()
        self.results_layout = QVBoxLayout(self.results)
        lay.addWidget(scroll(self.results), 1)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.typed.connect(self.box.insert)
        self.keyboard.backspace.connect(self.box.backspace)
        self.keyboard.cleared.connect(self.box.clear)
        # the keyboard at the bottom (portrait, tall screens) or beside the results (low screens)
        (outer if m.keyboard_beside else lay).addWidget(self.keyboard, 0, Qt.AlignBottom if m.keyboard_beside else Qt.Alignment())
        self.hits = []
        self.box.setFocus()

    def set_query(self, text: str) -> None:
        self.box.setText(text)

    def _update(self, text: str) -> None:
        while self.results_layout.count():
            item = self.results_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.hits = self.services.search.search(text, limit=8) if text.strip() else []
        if text.strip() and not self.hits:
            self.info.setText("Chưa tìm thấy. Thử gõ ít chữ hơn, hoặc quay về trang chủ chọn theo nhóm.")
        elif self.hits:
            self.info.setText(f"Tìm thấy {len(self.hits)} thủ tục. Chạm vào thủ tục bạn cần:")
        else:
            self.info.setText("Gõ vài chữ, không cần dấu. Kết quả hiện ngay bên dưới.")
        for h in self.hits:
            self.results_layout.addWidget(procedure_button(self.window_, self.services.catalog.procedure(h.code)))
        self.results_layout.addStretch(1)

    def reset(self) -> None:
        self.box.clear()

    def speech_text(self) -> str:
        if self.hits:
            names = ", ".join(self.services.catalog.procedure(h.code).short_name for h in self.hits)
            return f"Kết quả tìm kiếm: {names}"
        return "Gõ tên thủ tục bằng bàn phím trên màn hình. Không cần gõ dấu."
