"""Feedback (góp ý, kiến nghị): pick a topic, type or skip the text, optional contact."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QPushButton, QTextEdit, QVBoxLayout

from kiosk.errors import KioskError
from kiosk.services.feedback import FEEDBACK_TOPICS
from ui.screen import Screen
from ui.widgets.common import big_button, label
from ui.widgets.keyboard import OnScreenKeyboard


class FeedbackScreen(Screen):
    title = "Góp ý, kiến nghị"

    def __init__(self, window):
        super().__init__(window)
        self.topic: str | None = None
        lay = QVBoxLayout(self)
        self.step = label("Bước 1: Bạn muốn góp ý về việc gì? Chạm vào một ô.", "Heading")
        lay.addWidget(self.step)
        grid = QGridLayout()
        self.topic_buttons: dict[str, QPushButton] = {}
        columns = 1 if window.metrics.one_column else 2
        for i, t in enumerate(FEEDBACK_TOPICS):
            b = big_button(t, name="Category")
            b.clicked.connect(lambda _=False, topic=t: self.choose(topic))
            self.topic_buttons[t] = b
            grid.addWidget(b, i // columns, i % columns)
        lay.addLayout(grid)
        self.text = QTextEdit()
        self.text.setPlaceholderText("Nội dung góp ý")
        self.contact = QLineEdit()
        self.contact.setPlaceholderText("Số điện thoại hoặc địa chỉ để xã trả lời (không bắt buộc)")
        self.keyboard = OnScreenKeyboard()
        self.keyboard.typed.connect(self._type)
        self.keyboard.backspace.connect(self._backspace)
        self.keyboard.cleared.connect(self._clear)
        self.send = big_button("Gửi góp ý", primary=True)
        self.send.clicked.connect(self.submit)
        self.error = label("", "Warning")
        self.done = label("", "Good")
        m = window.metrics
        self.text.setMinimumHeight(3 * m.line_px)
        if m.keyboard_beside:  # low landscape screens: what is typed on the left, the keyboard on the right
            row = QHBoxLayout()
            left = QVBoxLayout()
            for w in (self.text, self.contact, self.send, self.error, self.done):
                left.addWidget(w)
            left.addStretch(1)
            row.addLayout(left, 1)
            row.addWidget(self.keyboard, 0, Qt.AlignTop)
            lay.addLayout(row)
        else:
            for w in (self.text, self.contact, self.keyboard, self.send, self.error, self.done):
                lay.addWidget(w)
        for w in (self.text, self.contact, self.keyboard, self.send, self.error, self.done):
            w.hide()
        lay.addStretch(1)

    def choose(self, topic: str) -> None:
        self.topic = topic
        for b in self.topic_buttons.values():
            b.hide()
        self.step.setText(f"Bước 2: Góp ý về “{topic}”. Gõ nội dung (không bắt buộc có dấu), rồi chạm Gửi.")
        for w in (self.text, self.contact, self.keyboard, self.send):
            w.show()
        self.text.setFocus()

    def _target(self):
        return self.contact if self.contact.hasFocus() else self.text

    def _type(self, ch: str) -> None:
        t = self._target()
        t.insert(ch) if isinstance(t, QLineEdit) else t.insertPlainText(ch)

    def _backspace(self) -> None:
        t = self._target()
        if isinstance(t, QLineEdit):
            t.backspace()
        else:
            t.textCursor().deletePreviousChar()

    def _clear(self) -> None:
        self._target().clear()

    def submit(self) -> None:
        text = self.text.toPlainText().strip() or self.topic
        try:
            self.services.feedback.submit(self.topic, text, self.contact.text())
        except KioskError as e:
            self.error.setText(e.message)
            self.error.show()
            return
        for w in (self.text, self.contact, self.keyboard, self.send, self.error):
            w.hide()
        self.text.clear()
        self.contact.clear()
        self.step.setText("Cảm ơn bạn! Góp ý đã được gửi tới lãnh đạo xã.")
        self.done.setText("Góp ý sẽ được xem xét và trả lời tại buổi đối thoại với người dân.")
        self.done.show()

    def reset(self) -> None:
        self.text.clear()
        self.contact.clear()

    def speech_text(self) -> str:
        return self.step.text() + " " + ", ".join(FEEDBACK_TOPICS)
