"""Something the commune does not do (ly hôn, căn cước, hộ chiếu, thuế, BHXH): where to go
and what to bring, marked "làm ở nơi khác"; a clerk can still explain (help ticket)."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from ui.lobby.procedure import KIND_MARK
from ui.screen import Screen
from ui.widgets.common import big_button, label, scroll


class ReferralScreen(Screen):
    def __init__(self, window, referral):
        super().__init__(window)
        self.referral = referral
        self.title = referral.short_name
        lay = QVBoxLayout(self)
        inner = QWidget()
        col = QVBoxLayout(inner)
        col.addWidget(label(referral.name, "Heading"))
        self.where = label(f"Làm ở nơi khác: {referral.office}. {referral.where}", "Warning")
        col.addWidget(self.where)
        if referral.summary:
            col.addWidget(label(referral.summary))
        if referral.fee:
            col.addWidget(label(f"Lệ phí: {referral.fee}"))
        if referral.online_url:
            col.addWidget(label(f"Nộp trực tuyến: {referral.online_url}", "Note"))
        col.addWidget(label("Giấy tờ cần mang:", "Heading"))
        for d in referral.bring:
            col.addWidget(label(f"☐  {d.name}{KIND_MARK[d.kind]}"))
            if d.note:
                col.addWidget(label(f"      {d.note}", "Note"))
        col.addStretch(1)
        lay.addWidget(scroll(inner), 1)
        buttons = QHBoxLayout()
        self.help_button = big_button("Hỏi cán bộ thêm", primary=True)
        self.help_button.clicked.connect(self.ask_for_help)
        buttons.addWidget(self.help_button)
        lay.addLayout(buttons)

    def speech_text(self) -> str:
        docs = "; ".join(d.name for d in self.referral.bring)
        return f"{self.referral.name}. {self.where.text()} Giấy tờ cần mang: {docs}."

    def ask_for_help(self) -> None:
        from ui.lobby.ticket import TicketScreen
        self.window_.push(TicketScreen(self.window_, self.referral))
