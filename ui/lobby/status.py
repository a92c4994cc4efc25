"""Dossier status in the lobby: type the code or hold the receipt's QR under the
scanner. Shows the status, the procedure and the appointment date only — never
a name or any other personal data."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLineEdit, QVBoxLayout

from kiosk.errors import KioskError
from kiosk.services.dossier_codes import lookup_code
from ui.screen import Screen
from ui.widgets.common import big_button, label
from ui.widgets.keypad import DigitKeypad


class StatusScreen(Screen):
    title = "Tra cứu hồ sơ"

    def __init__(self, window):
        super().__init__(window)
        m = window.metrics
        unit = self.services.config.settings.unit_code.upper()
        lay = QVBoxLayout(self)
        lay.addWidget(label("Gõ các chữ số của mã hồ sơ in trên giấy tiếp nhận (không cần gõ dấu gạch), "
                            "hoặc đưa mã QR của giấy vào máy quét.", "Heading"))
        self.code = QLineEdit()
        self.code.setPlaceholderText(f"Ví dụ: {unit}-20261127-001 hoặc 20261127001")
        self.code.returnPressed.connect(self.lookup)
        lay.addWidget(self.code)
        self.result = label("", "Good")
        self.result.hide()
        self.keypad = DigitKeypad(m.mm(20))
        self.keypad.typed.connect(self.code.insert)
        self.keypad.backspace.connect(self.code.backspace)
        self.keypad.cleared.connect(self.code.clear)
        self.go = big_button("Tra cứu", primary=True)
        self.go.clicked.connect(self.lookup)
        row = QGridLayout()
        row.setSpacing(m.mm(4))
        if m.one_column:
            row.addWidget(self.keypad, 0, 0, Qt.AlignHCenter)
            row.addWidget(self.go, 1, 0)
            row.addWidget(self.result, 2, 0)
        else:
            row.addWidget(self.keypad, 0, 0, 2, 1)
            row.addWidget(self.go, 0, 1)
            row.addWidget(self.result, 1, 1, Qt.AlignTop)
            row.setColumnStretch(1, 1)
        lay.addLayout(row)
        lay.addStretch(1)
        self.code.setFocus()

    def lookup(self) -> None:
        typed = self.code.text()  # typed digits, a full code or the receipt's QR text
        if not typed.strip():
            return
        code = lookup_code(typed, self.services.config.settings.unit_code)
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
