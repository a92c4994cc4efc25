"""A clerk whose PIN is shorter than 6 digits must choose a new one before the counter opens."""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QVBoxLayout

from kiosk.errors import KioskError
from ui.screen import Screen
from ui.widgets.common import big_button, label


class ChangePinScreen(Screen):
    title = "Đổi mã PIN"
    audience = "counter"
    holds_pin = True  # the old PIN is kept until the change: the counter lock applies (ui/app.py)

    def __init__(self, window, clerk, old_pin: str):
        super().__init__(window)
        self.clerk, self._old = clerk, old_pin
        lay = QVBoxLayout(self)
        lay.addWidget(label(f"{clerk.name}: mã PIN hiện tại quá ngắn. Hãy chọn mã PIN mới gồm 6 đến 12 chữ số "
                            "rồi dùng mã mới từ nay.", "Heading"))
        self.new, self.again = QLineEdit(), QLineEdit()
        for caption, edit in (("Mã PIN mới:", self.new), ("Nhập lại mã PIN mới:", self.again)):
            edit.setEchoMode(QLineEdit.Password)
            edit.setMaxLength(12)
            lay.addWidget(label(caption))
            lay.addWidget(edit)
        self.again.returnPressed.connect(self.submit)
        self.ok = big_button("Đổi mã PIN và mở quầy", primary=True)
        self.ok.clicked.connect(self.submit)
        lay.addWidget(self.ok)
        self.error = label("", "Warning")
        self.error.hide()
        lay.addWidget(self.error)
        lay.addStretch(1)
        self.new.setFocus()

    def submit(self) -> None:
        new, again = self.new.text(), self.again.text()
        self.new.clear()
        self.again.clear()
        if new != again:
            self.error.setText("Hai lần nhập mã PIN mới không giống nhau.")
            self.error.show()
            return
        try:
            self.services.accounts.change_pin(self.clerk.id, self._old, new)
        except KioskError as e:
            self.error.setText(e.message)
            self.error.show()
            return
        self._old = ""
        self.window_.enter_counter(self.clerk)

    def reset(self) -> None:
        self.new.clear()
        self.again.clear()
