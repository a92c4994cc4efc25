"""Dossier status in the lobby: type the code or hold the receipt's QR under the
scanner. Shows the status, the procedure and the appointment date only — never
a name or any other personal data."""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QVBoxLayout

from kiosk.errors import KioskError
from ui.screen import Screen
from ui.widgets.common import big_button, label
from ui.widgets.keyboard import OnScreenKeyboard


class StatusScreen(Screen):
    title = "Tra cứu hồ sơ"

    def __init__(self, window):
        super().__init__(window)
        lay = QVBoxLayout(self)
        lay.addWidget(label("Gõ mã hồ sơ in trên giấy tiếp nhận, hoặc đưa mã QR của giấy vào máy quét.", "Heading"))
        self.code = QLineEdit()
        self.code.setPlaceholderText("Ví dụ: HB-20261127-001")
        self.code.returnPressed.connect(self.lookup)
        lay.addWidget(self.code)
        self.go = big_button("Tra cứu", primary=True)
        self.go.clicked.connect(self.lookup)
        lay.addWidget(self.go)
        self.result = label("", "Good")
        self.result.hide()
        lay.addWidget(self.result)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.typed.connect(lambda ch: self.code.insert("-" if ch == " " else ch.upper()))
        self.keyboard.backspace.connect(self.code.backspace)
        self.keyboard.cleared.connect(self.code.clear)
        lay.addWidget(self.keyboard)
        self.code.setFocus()

    def lookup(self) -> None:
        code = self.code.text()  # a typed code or the receipt's QR text: the service reads both
        if not code.strip():
            return
        try:
            st = self.services.dossiers.public_status(code)
        except KioskError as e:
            self.result.setObjectName("Warning")
            self.result.setText(f"{e.message} Hãy kiểm tra lại mã, hoặc hỏi cán bộ ở quầy.")
        else:
            self.result.setObjectName("Good")
            self.result.setText(f"Hồ sơ {st.code} – {st.procedure_name}\nTình trạng: {st.status_label}\n"
                                f"Ngày hẹn trả: {st.due_date:%d/%m/%Y}")
        self.result.style().unpolish(self.result)
        self.result.style().polish(self.result)
        self.result.show()

    def reset(self) -> None:
        self.code.clear()
        self.result.hide()

    def speech_text(self) -> str:
        return self.result.text() if self.result.isVisible() else "Gõ mã hồ sơ in trên giấy tiếp nhận."
