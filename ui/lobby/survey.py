"""The SIPAS survey on the lobby screen: an offer, one criterion per screen, thanks.

Each question is its own Screen pushed on the window's stack, so the top bar's Back and
the in-page "Câu trước" both return to the previous question. Every tap is saved at once
through SurveyService (kiosk/services/survey.py): stopping, the idle reset (which only
pops the screens) or a crash keeps the answers already given. Nothing here computes the
index: that is the service's job.
"""
from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QSizePolicy, QTextEdit,
                               QVBoxLayout)

from kiosk.errors import KioskError
from kiosk.services.survey import LEVEL_WORDS, NO_OPINION
from ui.screen import Screen
from ui.widgets.common import ICONS, big_button, label, tile_button
from ui.widgets.keyboard import VIETNAMESE, OnScreenKeyboard

TITLE = "Khảo sát"  # short: the top bar shares its row with five buttons
OFFER = "Bác có 2 phút trả lời thêm để giúp xã phục vụ tốt hơn không?"
LEVELS_SHOWN = (1, 2, 3, 4, 5)  # the official scale, from "Rất không hài lòng" to "Rất hài lòng"
DOUBLE_TAP_S = 0.5  # the same answer again within this time is the same tap, not the next question's


class SurveySession:
    """What the screens of one survey share. The response is created at the first answer,
    so a citizen who only looks at the offer leaves nothing behind."""

    def __init__(self, services, procedure_field: str | None = None, dossier_code: str | None = None):
        self.service = services.survey
        self.questionnaire = self.service.questionnaire
        self.procedure_field, self.dossier_code = procedure_field, dossier_code
        if dossier_code and not procedure_field:
            self.procedure_field = _field_of_dossier(services, dossier_code)
        self.response_id: int | None = None
        self.given: dict[str, int | None] = {}
        self.clock = time.monotonic  # replaced in tests
        self._last_tap: tuple[float, int | None] | None = None  # when, and which level

    def is_double_tap(self, level: int | None) -> bool:
        """A second tap on the same spot right after an answer lands on the next question
        (a shaking hand, a double tap): it must not answer that question unseen."""
        now = self.clock()
        last, self._last_tap = self._last_tap, (now, level)
        return last is not None and last[1] == level and now - last[0] < DOUBLE_TAP_S

    def answer(self, criterion_code: str, level: int | None) -> None:
        if self.response_id is None:
            self.response_id = self.service.start(self.procedure_field, self.dossier_code)
        self.service.answer(self.response_id, criterion_code, level)
        self.given[criterion_code] = level

    @property
    def count(self) -> int:
        return len(self.questionnaire.items)


def _field_of_dossier(services, code: str) -> str | None:
    try:
        proc = services.catalog.procedure(services.dossiers.get(code).procedure_code)
    except KioskError:
        return None
    return proc.field if proc else None


def survey_available(services) -> bool:
    return getattr(services, "survey", None) is not None and services.survey.available


def offer_survey_after_rating(rating_screen) -> None:
    """Called by the quick rating once it has thanked the citizen: the offer appears on the
    same screen, under the thanks (Có starts the first question, Không goes home)."""
    window = rating_screen.window_
    if not survey_available(window.services):
        return
    rating_screen._timeout.start(30_000)  # more than the rating's 5 s "go home" to read the offer
    # the faces are disabled once rated: give their room to the offer (fits 1280×800 at 150 dpi)
    for w in (rating_screen.question, *rating_screen.faces.values()):
        w.hide()
    box = SurveyOfferBox(window, dossier_code=rating_screen.dossier_code)
    lay = rating_screen.layout()
    lay.insertWidget(lay.count() - 1, box)  # above the closing stretch
    box.show()  # added to a screen already shown
    rating_screen.survey_offer = box


class SurveyOfferBox(QFrame):
    """The offer as a panel: the question, Có / Không."""

    def __init__(self, window, procedure_field: str | None = None, dossier_code: str | None = None):
        super().__init__()
        self.setObjectName("Card")
        self.setStyleSheet("QLabel { background: transparent; }")  # the card's tint behind the words
        self.window_ = window
        self.session = SurveySession(window.services, procedure_field, dossier_code)
        m = window.metrics
        lay = QVBoxLayout(self)
        lay.setSpacing(m.mm(3))
        self.question = label(OFFER, "Heading")
        lay.addWidget(self.question)
        self.explain = label(f"Có {self.session.count} câu ngắn, mỗi câu một màn hình. Không cần ghi tên. "
                             f"Câu nào không rõ thì chạm “{NO_OPINION}”. Bác dừng lúc nào cũng được, "
                             "các câu đã trả lời vẫn được lưu.", "Note")
        lay.addWidget(self.explain)
        row = QHBoxLayout()
        row.setSpacing(m.mm(4))
        self.yes = big_button("Có, tôi trả lời", primary=True)
        self.no = big_button("Không, cảm ơn")
        for b in (self.yes, self.no):
            b.setMinimumHeight(m.touch_px)
            row.addWidget(b)
        self.yes.clicked.connect(self.begin)
        self.no.clicked.connect(window.go_home)
        lay.addLayout(row)

    def begin(self) -> None:
        self.window_.push(QuestionScreen(self.window_, self.session, 0))

    def speech_text(self) -> str:
        return f"{OFFER} {self.explain.text()} Chạm Có để trả lời, hoặc Không."


def survey_button(home):
    """The home screen's one button to the survey (hidden when no criteria list loaded)."""
    window = home.window_
    button = big_button("Khảo sát 2 phút", "star.svg", icon_px=window.metrics.mm(10), name="Category")
    button.clicked.connect(lambda: window.push(SurveyOffer(window)))
    button.setVisible(survey_available(home.services))
    return button


class FaceButton(QPushButton):
    """A large face with its word under it; checkable to show an answer given before."""

    def __init__(self, level: int, icon_px: int, min_height: int, words_px: int = 0):
        super().__init__()
        self.level = level
        self.setCheckable(True)
        self.setAccessibleName(LEVEL_WORDS[level])
        self.setFocusPolicy(Qt.StrongFocus)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        self._icon = QIcon(str(ICONS / f"face-{level}.svg"))
        self._icon_min = icon_px
        self.pic = pic = QLabel()
        pic.setPixmap(self._icon.pixmap(icon_px, icon_px))
        pic.setAlignment(Qt.AlignCenter)
        pic.setMinimumSize(icon_px, icon_px)
        pic.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Ignored)  # grows with the button, never drives it
        self.word = QLabel(LEVEL_WORDS[level])
        self.word.setWordWrap(True)
        self.word.setAlignment(Qt.AlignCenter)
        # every face keeps the same room for its words, so the faces are the same size whether
        # their words take one line ("Hài lòng") or two ("Rất không hài lòng")
        self.word.setMinimumHeight(words_px)
        for w in (pic, self.word):
            w.setAttribute(Qt.WA_TransparentForMouseEvents)
            w.setStyleSheet("background: transparent; color: inherit; font-weight: 600;")
        lay.addWidget(pic, 1)
        lay.addWidget(self.word)
        # the app's stylesheet sets every button's min-height (15 mm), which would win over
        # setMinimumHeight: the face's own rule keeps room for the face and two lines of words
        self.setObjectName("Face")
        self.setStyleSheet(f"QPushButton#Face {{ min-height: {min_height}px; }}")
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        side = max(self._icon_min, min(int(self.width() * 0.6), self.pic.height()))
        if self.pic.pixmap().width() != side:
            self.pic.setPixmap(self._icon.pixmap(side, side))

    def text(self) -> str:  # noqa: D102 - the word shown, as for a plain button
        return self.word.text()

    def sizeHint(self):
        return self.layout().totalSizeHint().expandedTo(self.minimumSize())


class SurveyOffer(Screen):
    """The offer from the home screen: "Bác có 2 phút…?" with Có / Không."""
    title = TITLE

    def __init__(self, window, procedure_field: str | None = None, dossier_code: str | None = None):
        super().__init__(window)
        lay = QVBoxLayout(self)
        self.box = SurveyOfferBox(window, procedure_field, dossier_code)
        self.session, self.yes, self.no = self.box.session, self.box.yes, self.box.no
        lay.addWidget(self.box)
        lay.addStretch(1)

    def speech_text(self) -> str:
        return self.box.speech_text()


class QuestionScreen(Screen):
    """One criterion: progress, the statement, five faces with words, "Không có ý kiến",
    the previous question, listen, stop."""
    title = TITLE

    def __init__(self, window, session: SurveySession, position: int):
        super().__init__(window)
        self.session, self.position = session, position
        self.factor, self.criterion = session.questionnaire.items[position]
        m = window.metrics
        if m.short:  # the progress bar says "Câu 1 / 21 · …": the title row's height goes to the faces
            self.title = ""
        lay = QVBoxLayout(self)
        lay.setSpacing(m.mm(2.5))
        self.progress = QProgressBar()
        self.progress.setRange(0, session.count)
        self.progress.setValue(position + 1)
        self.progress.setFormat(f"Câu {position + 1} / {session.count} · {self.factor.code}. {self.factor.name}")
        self.progress.setAlignment(Qt.AlignCenter)
        self.progress.setMinimumHeight(m.mm(7))
        self.progress.setAccessibleName(self.progress.format())
        lay.addWidget(self.progress)
        self.factor_label = self.progress  # the factor's name is in the progress bar's text (saves a line)
        self.question = label(self.criterion.wording, "Heading")
        lay.addWidget(self.question)
        faces = QHBoxLayout()
        faces.setSpacing(m.mm(2))
        self.faces: dict[int, FaceButton] = {}
        # "Rất không hài lòng" takes two lines under a face, three in "Chữ to" on a narrow screen
        # (seen at 1280×800: with room for two the third line was drawn over the face)
        words_h = (3 if m.large_text else 2) * m.line_px + m.mm(3)
        for level in LEVELS_SHOWN:
            b = FaceButton(level, m.mm(14), max(m.touch_px, m.mm(14) + words_h), words_h - m.mm(3))
            b.setMaximumHeight(m.mm(60))  # tall screens: big faces, not a sea of white
            b.clicked.connect(lambda _=False, lv=level: self.choose(lv))
            self.faces[level] = b
            faces.addWidget(b, 1)
        lay.addLayout(faces, 1)
        bottom = QHBoxLayout()
        bottom.setSpacing(m.mm(3))
        # tiles wrap their words instead of cutting them on narrow, high-DPI screens
        self.previous = tile_button("◀ Câu trước" if position else "◀ Quay lại", None, 0)
        self.previous.clicked.connect(window.back)
        self.no_opinion = tile_button(NO_OPINION, None, 0)
        self.no_opinion.setCheckable(True)
        self.no_opinion.clicked.connect(lambda: self.choose(None))
        self.listen = tile_button("Nghe câu hỏi", "speaker.svg", m.mm(7))
        self.listen.clicked.connect(window.read_aloud)
        self.stop = tile_button("Dừng khảo sát", None, 0)
        self.stop.clicked.connect(self.finish)
        for b in (self.previous, self.no_opinion, self.listen, self.stop):
            b.setMinimumHeight(m.touch_px)
            bottom.addWidget(b, 1)
        lay.addLayout(bottom)
        lay.addStretch(1)
        self._show_given()

    def _show_given(self) -> None:
        given = self.session.given
        code = self.criterion.code
        for level, b in self.faces.items():
            b.setChecked(code in given and given[code] == level)
        self.no_opinion.setChecked(code in given and given[code] is None)

    def shown(self) -> None:
        self._show_given()
        # a question needs the whole height of a short screen (1280×800 at 150 dpi): a message
        # left from before (the last citizen's "Ý kiến đã được gửi") would push its buttons off
        toast = getattr(self.window_, "toast", None)
        if toast is not None and toast.isVisible():
            toast.hide()

    def choose(self, level: int | None) -> None:
        if self.session.is_double_tap(level):
            return
        try:
            self.session.answer(self.criterion.code, level)
        except KioskError as e:
            self.window_.show_message(e.message)
            return
        nxt = self.position + 1
        if nxt < self.session.count:
            self.window_.push(QuestionScreen(self.window_, self.session, nxt))
        else:
            self.finish()

    def finish(self) -> None:
        self.window_.push(SurveyThanks(self.window_, self.session))

    def speech_text(self) -> str:
        levels = ", ".join(LEVEL_WORDS[lv] for lv in LEVELS_SHOWN)
        return (f"Câu {self.position + 1} trên {self.session.count}. {self.criterion.speech} "
                f"Chạm một khuôn mặt: {levels}. Hoặc chạm {NO_OPINION}.")


class SurveyThanks(Screen):
    """The end (or the stop): thanks, how many answers were kept, an optional comment."""
    title = TITLE

    def __init__(self, window, session: SurveySession):
        super().__init__(window)
        self.session = session
        m = window.metrics
        lay = QVBoxLayout(self)
        lay.setSpacing(m.mm(3))
        n = len(session.given)
        self.message = label(f"Cảm ơn bác! Đã lưu {n} câu trả lời. Ý kiến của bác giúp xã phục vụ tốt hơn."
                             if n else "Cảm ơn bác! Bác chưa trả lời câu nào, không có gì được lưu.", "Good")
        lay.addWidget(self.message)
        row = QHBoxLayout()
        row.setSpacing(m.mm(4))
        self.comment_button = big_button("Viết thêm ý kiến (không bắt buộc)")
        self.comment_button.clicked.connect(self.open_comment)
        self.comment_button.setVisible(n > 0)
        self.done = big_button("Xong, về trang chủ", primary=True)
        self.done.clicked.connect(window.go_home)
        for b in (self.comment_button, self.done):
            b.setMinimumHeight(m.touch_px)
            row.addWidget(b)
        lay.addLayout(row)
        lay.addStretch(1)

    def open_comment(self) -> None:
        self.window_.push(SurveyComment(self.window_, self.session))

    def speech_text(self) -> str:
        return self.message.text()


class SurveyComment(Screen):
    """A few words for the commune's dialogue session, typed on the on-screen keyboard."""
    title = TITLE

    def __init__(self, window, session: SurveySession):
        super().__init__(window)
        self.session = session
        m = window.metrics
        if m.short:  # the prompt says what to do: the title row's height goes to the keyboard
            self.title = ""
        lay = QVBoxLayout(self)
        lay.setSpacing(m.mm(2))
        self.prompt = "Bác muốn xã cải thiện điều gì? Gõ vài chữ rồi chạm Gửi."
        top = QHBoxLayout()
        self.text = QTextEdit()
        # one line on a short screen (the keyboard needs the height), with words that fit it:
        # the whole prompt was cut after "Gõ vài chữ rồi chạm" there
        one_line = m.short and not m.large_text
        self.text.setPlaceholderText("Gõ ý kiến, rồi chạm Gửi." if one_line else self.prompt)
        self.text.setFixedHeight(m.touch_px if one_line else max(m.touch_px, 2 * m.line_px + m.mm(3)))
        self.send = big_button("Gửi", primary=True)
        self.send.setMinimumHeight(m.touch_px)
        self.send.clicked.connect(self.submit)
        top.addWidget(self.text, 1)
        top.addWidget(self.send)
        lay.addLayout(top)
        self.error = label("", "Warning")
        self.error.hide()
        lay.addWidget(self.error)
        self.keyboard = OnScreenKeyboard()
        # 15 mm keys (the touch target) instead of 16 mm, tight rows: fits 1280×800 at 150 dpi
        self.keyboard.setStyleSheet(f"QPushButton#Key {{ min-width: {m.touch_px}px; min-height: {m.touch_px}px; }}")
        self.keyboard.layout().setContentsMargins(0, 0, 0, 0)
        self.keyboard.layout().setSpacing(m.mm(1))
        self._accent_keys = [k for k in self.keyboard.findChildren(QPushButton) if k.text() in VIETNAMESE.upper()]
        self.keyboard.typed.connect(self.text.insertPlainText)
        self.keyboard.backspace.connect(lambda: self.text.textCursor().deletePreviousChar())
        self.keyboard.cleared.connect(self.text.clear)
        lay.addWidget(self.keyboard)
        lay.addStretch(1)
        self._fit_keyboard()  # before it is shown: a too tall page would make the window grow

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        # short screens (1280×800 at 150 dpi is 135 mm tall): without the row ă â đ ê ô ơ ư the
        # keyboard fits; it has no tone marks anyway, so comments are typed unaccented there
        self._fit_keyboard()

    def _fit_keyboard(self) -> None:
        # the window's own height can be inflated by a taller page (it shrinks back to the
        # screen only afterwards): judge by the room the screen gives
        w = self.window_
        room = min(w.height(), w.maximumHeight())
        if w.isFullScreen() and w.screen() is not None:
            room = min(room, w.screen().geometry().height())
        short = room < w.metrics.mm(150)
        for key in self._accent_keys:
            if key.isVisibleTo(self) == short:
                key.setVisible(not short)
        if hasattr(w, "fit_to_screen"):
            w.fit_to_screen()  # the keyboard may have got shorter: the window may now fit the screen

    def shown(self) -> None:
        self._fit_keyboard()

    def submit(self) -> None:
        try:
            if self.session.response_id is not None:
                self.session.service.comment(self.session.response_id, self.text.toPlainText())
        except KioskError as e:
            self.error.setText(e.message)
            self.error.show()
            return
        sent = bool(self.text.toPlainText().strip())
        self.window_.go_home()
        self.window_.show_message("Cảm ơn bác! Ý kiến đã được gửi tới lãnh đạo xã." if sent
                                  else "Cảm ơn bác đã trả lời khảo sát.")

    def reset(self) -> None:
        self.text.clear()

    def speech_text(self) -> str:
        return self.prompt
