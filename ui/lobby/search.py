"""Search with the on-screen keyboard; results update on every key."""
from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from ui.screen import Screen
from ui.lobby.category import open_procedure
from ui.widgets.common import big_button, label, scroll
from ui.widgets.keyboard import OnScreenKeyboard

NOT_FOUND = ("Chưa tìm thấy thủ tục nào khớp với “{query}”. Bạn không cần tìm tiếp: "
             "chạm nút dưới đây để lấy số, cán bộ sẽ hỏi và giúp bạn.")


def result_button(window, entry):
    """A search result: its name, then the time, or where it is done when not at this counter."""
    if entry.tier == "referral" or entry.office:
        second = f"Làm ở nơi khác: {entry.office}"
    else:
        second = entry.time_label + ("" if entry.has_guide else " · thông tin chính thức")
    b = big_button(f"{entry.short_name}\n{second}", name="Category")
    b.clicked.connect(lambda _=False, e=entry: open_entry(window, e))
    return b


def open_entry(window, entry) -> None:
    if entry.tier == "referral":
        from ui.lobby.referral import ReferralScreen
        window.push(ReferralScreen(window, entry))
    else:
        open_procedure(window, entry.code)


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
        self.help_button = None
        self.box.setFocus()

    def set_query(self, text: str) -> None:
        self.box.setText(text)

    def _update(self, text: str) -> None:
        while self.results_layout.count():
            item = self.results_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        result = self.services.search.lookup(text, limit=8) if text.strip() else None
        self.hits = result.hits if result else []
        self.help_button = None
        typed_enough = len(text.strip()) >= 3  # the first letters match little: do not discourage yet
        if result is not None and typed_enough and (not self.hits or not result.confident):
            # unrelated results would only mislead: say so plainly and offer a clerk
            self.hits = []
            self.info.setText(NOT_FOUND.format(query=text.strip()))
            self.help_button = big_button("Nhờ cán bộ tìm giúp (lấy số)", primary=True)
            self.help_button.clicked.connect(self.ask_for_help)
            self.results_layout.addWidget(self.help_button)
        elif self.hits:
            self.info.setText(f"Tìm thấy {len(self.hits)} thủ tục. Chạm vào thủ tục bạn cần:")
        else:
            self.info.setText("Gõ vài chữ, không cần dấu. Kết quả hiện ngay bên dưới.")
        for h in self.hits:
            entry = self.services.catalog.entry(h.code)
            if entry is not None:
                self.results_layout.addWidget(result_button(self.window_, entry))
        self.results_layout.addStretch(1)

    def ask_for_help(self) -> None:
        from ui.lobby.ticket import TicketScreen
        self.window_.push(TicketScreen(self.window_, SimpleNamespace(code=None, short_name="nhờ cán bộ tìm thủ tục")))

    def reset(self) -> None:
        self.box.clear()

    def speech_text(self) -> str:
        if self.hits:
            names = ", ".join(self.services.catalog.entry(h.code).short_name for h in self.hits)
            return f"Kết quả tìm kiếm: {names}"
        if self.help_button is not None:
            return self.info.text()
        return "Gõ tên thủ tục bằng bàn phím trên màn hình. Không cần gõ dấu."
