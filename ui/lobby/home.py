"""Lobby home: the model's banner, search, big pictured categories."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout

from ui.screen import Screen
from ui.widgets.common import big_button, label

MODEL_MOTTO = "không viết – không nộp – không hẹn"


def banner_text(weekday_name: str, model_weekday: int, today: date) -> str:
    if today.weekday() == model_weekday:
        return f"Hôm nay {weekday_name}: {MODEL_MOTTO}"
    return f"{weekday_name} hằng tuần: {MODEL_MOTTO}"


class LobbyHome(Screen):
    title = "Trang chủ"

    def __init__(self, window, today: date | None = None):
        super().__init__(window)
        s = self.services.config.settings
        m = window.metrics
        self.title = s.issuing_unit
        lay = QVBoxLayout(self)
        lay.setSpacing(m.mm(4))
        self.banner = label(banner_text(s.model_weekday_name, s.model_weekday, today or date.today()), "Banner")
        self.banner.setAlignment(Qt.AlignCenter)
        lay.addWidget(self.banner)
        lay.addWidget(label("Bạn cần làm thủ tục gì? Chạm vào một ô bên dưới, hoặc chạm “Tìm thủ tục” để gõ tên.",
                            "Note"))
        self.search_button = big_button("Tìm thủ tục (gõ không dấu cũng được)", "search.svg", icon_px=m.mm(9),
                                        name="Category", primary=False)
        self.search_button.setObjectName("PrimaryTile")
        self.search_button.clicked.connect(self.open_search)
        lay.addWidget(self.search_button)
        # help is one tap away, before any procedure is found
        self.help_button = big_button("Nhờ cán bộ giúp – lấy số thứ tự", "help.svg", icon_px=m.mm(9),
                                      name="Category")
        self.help_button.clicked.connect(self.open_help)
        lay.addWidget(self.help_button)
        grid = QGridLayout()
        grid.setSpacing(m.mm(4))
        columns = 1 if m.one_column else 2
        self.category_buttons: dict[str, QPushButton] = {}
        cats = [c for c in self.services.catalog.categories if self.services.catalog.in_category(c.id)]
        for i, c in enumerate(cats):
            b = big_button(f"{c.title}\n{c.description}", c.icon, icon_px=m.mm(16 if m.one_column else 22),
                           name="Category")
            b.clicked.connect(lambda _=False, cid=c.id: self.open_category(cid))
            self.category_buttons[c.id] = b
            grid.addWidget(b, i // columns, i % columns)
        lay.addLayout(grid)
        more = QGridLayout()
        more.setSpacing(m.mm(3))
        self.rating_button = big_button("Đánh giá sự hài lòng", "star.svg", icon_px=m.mm(10), name="Category")
        self.rating_button.clicked.connect(self.open_rating)
        self.feedback_button = big_button("Góp ý, kiến nghị", "feedback.svg", icon_px=m.mm(10), name="Category")
        self.feedback_button.clicked.connect(self.open_feedback)
        self.status_button = big_button("Tra cứu hồ sơ", "status.svg", icon_px=m.mm(10), name="Category")
        self.status_button.clicked.connect(self.open_status)
        from ui.lobby.survey import survey_button  # SIPAS survey (ui/lobby/survey.py)
        self.survey_button = survey_button(self)
        extras = [self.status_button, self.rating_button, self.feedback_button, self.survey_button]
        for i, b in enumerate(extras):  # two by two: fits portrait and the 10" screen alike
            more.addWidget(b, i // 2, i % 2)
        lay.addLayout(more)
        lay.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.staff_button = QPushButton("Cán bộ")
        self.staff_button.clicked.connect(window.show_unlock)
        bottom.addWidget(self.staff_button)
        lay.addLayout(bottom)

    def speech_text(self) -> str:
        cats = ", ".join(c.title for c in self.services.catalog.categories)
        return (f"{self.banner.text()}. Bạn cần làm thủ tục gì? Chạm vào một ô trên màn hình: {cats}. "
                "Hoặc chạm Tìm thủ tục để gõ tên thủ tục. Cần người giúp, chạm Nhờ cán bộ giúp để lấy số thứ tự.")

    def open_category(self, category_id: str) -> None:
        from ui.lobby.category import CategoryScreen
        self.window_.push(CategoryScreen(self.window_, category_id))

    def open_status(self) -> None:
        from ui.lobby.status import StatusScreen
        self.window_.push(StatusScreen(self.window_))

    def open_rating(self) -> None:
        from ui.lobby.rating import RatingScreen
        self.window_.push(RatingScreen(self.window_))

    def open_feedback(self) -> None:
        from ui.lobby.feedback import FeedbackScreen
        self.window_.push(FeedbackScreen(self.window_))

    def open_help(self) -> None:
        from ui.lobby.ticket import TicketScreen
        self.window_.push(TicketScreen(self.window_, None))

    def open_search(self) -> None:
        from ui.lobby.search import SearchScreen
        self.window_.push(SearchScreen(self.window_))
