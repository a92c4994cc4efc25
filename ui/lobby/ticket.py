"""'Nhờ cán bộ viết giúp': choose normal or priority, then a numbered ticket."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout

from ui.screen import Screen
from ui.widgets.common import big_button, label
from ui.worker import run_in_background


class TicketScreen(Screen):
    title = "Lấy số chờ cán bộ"

    def __init__(self, window, proc):
        super().__init__(window)
        self.proc = proc
        self.ticket = None
        lay = QVBoxLayout(self)
        self.question = label("Cán bộ sẽ gọi số của bạn và giúp bạn làm giấy tờ. Bạn thuộc trường hợp nào?",
                              "Heading")
        lay.addWidget(self.question)
        self.normal = big_button("Lấy số thường", primary=True)
        self.priority = big_button("Lấy số ưu tiên\n(người cao tuổi, người khuyết tật, phụ nữ có thai, có con nhỏ)",
                                   name="Category")
        self.normal.clicked.connect(lambda: self.take(False))
        self.priority.clicked.connect(lambda: self.take(True))
        lay.addWidget(self.normal)
        lay.addWidget(self.priority)
        self.number = label("", "Countdown")
        self.number.setAlignment(Qt.AlignCenter)
        self.number.hide()
        self.after = label("", "Note")
        self.after.setAlignment(Qt.AlignCenter)
        lay.addWidget(self.number)
        lay.addWidget(self.after)
        lay.addStretch(1)

    def take(self, priority: bool) -> None:
        self.ticket = self.services.tickets.take_ticket(self.proc.code, priority=priority)
        self.normal.hide()
        self.priority.hide()
        self.question.setText(f"Số của bạn ({self.proc.short_name}):")
        self.number.setText(self.ticket.label)
        self.number.show()
        self.after.setText("Mời bạn ngồi chờ. Khi số này được gọi, mời đến quầy. "
                           "Phiếu số đang được in ra ở máy in nhỏ.")
        run_in_background(lambda: self.services.printouts.print_ticket(self.ticket),
                          lambda job: None, lambda exc: None, self)
        if self.services.speaker.available:
            self.services.speaker.say(self.speech_text())

    def speech_text(self) -> str:
        if self.ticket:
            digits = " ".join(self.ticket.label[1:].lstrip("0") or "0")
            kind = "ưu tiên" if self.ticket.priority else ""
            return f"Số của bạn là số {kind} {digits}. Mời bạn ngồi chờ, khi được gọi mời đến quầy."
        return self.question.text()
