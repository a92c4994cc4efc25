"""Satisfaction rating: five large faces with words, one tap; reasons only at a
low score; back home by itself after 30 seconds."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QGridLayout, QPushButton, QSizePolicy, QScrollArea, QVBoxLayout

from kiosk.services.feedback import LOW_SCORE, LOW_SCORE_REASONS, SCORE_WORDS
from ui.screen import Screen
from ui.widgets.common import big_button, label

TIMEOUT_MS = 30_000


def reason_text(text: str, ticked: bool) -> str:
    return f"{'✔' if ticked else '☐'}  {text}"


class RatingScreen(Screen):
    title = "Đánh giá sự hài lòng"

    def __init__(self, window, dossier_code: str | None = None, counter: str | None = None):
        super().__init__(window)
        self.dossier_code, self.counter = dossier_code, counter
        self.rating = None
        m = window.metrics
        lay = QVBoxLayout(self)
        self.question = label("Bạn có hài lòng với việc giải quyết thủ tục hôm nay không? Chạm vào một khuôn mặt.",
                              "Heading")
        lay.addWidget(self.question)
        row = QGridLayout()
        self.faces: dict[int, QPushButton] = {}
        columns = 1 if m.one_column else 5
        for i, score in enumerate((5, 4, 3, 2, 1)):
            b = big_button(SCORE_WORDS[score], f"face-{score}.svg", icon_px=m.mm(16 if m.one_column else 22),
                           name="Category")
            b.setCheckable(True)
            b.setMinimumHeight(m.mm(24 if m.one_column else 40))
            b.clicked.connect(lambda _=False, sc=score: self.rate(sc))
            self.faces[score] = b
            if columns > 1:  # five equal faces: a short caption must not leave a long one cut
                b.setSizePolicy(QSizePolicy.Ignored, b.sizePolicy().verticalPolicy())
                row.setColumnStretch(i % columns, 1)
            row.addWidget(b, i // columns, i % columns)
        lay.addLayout(row)
        self.reason_label = label("Xin lỗi bạn. Điều gì làm bạn chưa hài lòng? (chạm một hoặc nhiều ô, rồi chạm Gửi)")
        self.reason_label.hide()
        lay.addWidget(self.reason_label)
        grid = QGridLayout()
        self.reasons: dict[str, QPushButton] = {}
        columns = 1 if m.one_column else 2
        for i, text in enumerate(LOW_SCORE_REASONS):
            b = big_button(reason_text(text, False), name="Category")
            b.setObjectName("Reason")
            b.setCheckable(True)
            b.toggled.connect(lambda on, btn=b, t=text: btn.label.setText(reason_text(t, on)))
            b.hide()
            self.reasons[text] = b
            grid.addWidget(b, i // columns, i % columns)
        lay.addLayout(grid)
        self.send = big_button("Gửi", primary=True)
        self.send.hide()
        self.send.clicked.connect(self.send_reasons)
        lay.addWidget(self.send)
        self.thanks = label("", "Good")
        self.thanks.hide()
        lay.addWidget(self.thanks)
        lay.addStretch(1)
        self._timeout = QTimer(self, singleShot=True, interval=TIMEOUT_MS)
        self._timeout.timeout.connect(self._time_up)
        self._timeout.start()
        self._reasons_saved = False

    def rate(self, score: int) -> None:
        if self.rating is not None:  # one rating per visit; the chosen face stays as it is
            self.faces[self.rating.score].setChecked(True)
            return
        self.rating = self.services.feedback.rate(score, dossier_code=self.dossier_code, counter=self.counter)
        for sc, b in self.faces.items():
            # the chosen face stays highlighted (checked); the others look disabled
            b.setChecked(sc == score)
            b.setEnabled(sc == score)
        if score <= LOW_SCORE:
            self.reason_label.show()
            for b in self.reasons.values():
                b.show()
            self.send.show()
            self._timeout.start()
            # on a short screen the reasons appear below the fold: bring them into view
            QTimer.singleShot(0, self, self._reveal_reasons)
        else:
            self._thank()

    def _reveal_reasons(self) -> None:
        holder = self.parentWidget()
        while holder is not None and not isinstance(holder, QScrollArea):
            holder = holder.parentWidget()
        if holder is not None and self.reason_label.isVisible():
            QApplication.sendPostedEvents(None, QEvent.LayoutRequest)  # where the reasons now are
            # the question at the top of the screen, as many reasons under it as fit
            bar = holder.verticalScrollBar()
            top = self.reason_label.mapTo(holder.widget(), self.reason_label.rect().topLeft()).y()
            room = self.window_.metrics.mm(2)  # and below "▲ Lên trên", which must not cover the question
            up = getattr(holder, "up", None)
            if up is not None:
                room += up.sizeHint().height() + self.window_.metrics.mm(2)
            bar.setValue(min(bar.maximum(), max(0, top - room)))

    def chosen_reasons(self) -> list[str]:
        return [t for t, b in self.reasons.items() if b.isChecked()]

    def _save_reasons(self) -> None:
        if self.rating is not None and not self._reasons_saved and self.rating.score <= LOW_SCORE:
            self.services.feedback.add_reasons(self.rating.id, self.chosen_reasons())
            self._reasons_saved = True

    def _time_up(self) -> None:
        """Nobody tapped "Gửi": keep whatever was chosen, then go home (unless the citizen
        went on to the survey offered here: its questions are on top and have their own idle)."""
        self._save_reasons()
        if self.window_.current() is self:
            self.window_.go_home()

    def send_reasons(self) -> None:
        self._save_reasons()
        for b in (*self.reasons.values(), self.send, self.reason_label):
            b.hide()
        self._thank()

    def _thank(self) -> None:
        self.thanks.setText("Cảm ơn bạn đã đánh giá! Ý kiến của bạn giúp xã phục vụ tốt hơn.")
        self.thanks.show()
        self._timeout.start(5000)
        from ui.lobby.survey import offer_survey_after_rating  # SIPAS survey (ui/lobby/survey.py)
        offer_survey_after_rating(self)

    def speech_text(self) -> str:
        return self.question.text() + " " + ", ".join(SCORE_WORDS[s] for s in (5, 4, 3, 2, 1))

    choose = rate
