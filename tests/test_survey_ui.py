"""The SIPAS survey as a citizen meets it at the lobby: offer, one criterion per screen,
Back, stop, idle reset, and the screens fitting the five lobby screen sizes."""
import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel
from sqlalchemy import select

from kiosk.db.models import SipasAnswer, SipasResponse

LOBBY_SIZES = [(1080, 1920, 69), (1920, 1080, 102), (1366, 768, 100), (1280, 1024, 96), (1280, 800, 150)]


def stored(services) -> dict[str, int | None]:
    with services.session_factory() as s:
        return {a.criterion: a.level for a in s.scalars(select(SipasAnswer).order_by(SipasAnswer.id))}


def start_from_home(qtbot, window):
    qtbot.mouseClick(window.current().survey_button, Qt.LeftButton)
    qtbot.mouseClick(window.current().yes, Qt.LeftButton)
    return window.current()


def test_one_criterion_per_screen_back_replaces_and_stop_keeps_what_was_answered(qtbot, window, services):
    q1 = start_from_home(qtbot, window)
    assert q1.criterion.code == "I.1" and q1.progress.format() == "Câu 1 / 21 · I. Tiếp cận dịch vụ"
    assert [q1.faces[lv].text() for lv in (1, 2, 3, 4, 5)] == [
        "Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"]
    qtbot.mouseClick(q1.faces[4], Qt.LeftButton)
    q2 = window.current()
    assert q2.criterion.code == "I.2" and q2.progress.value() == 2
    qtbot.mouseClick(q2.no_opinion, Qt.LeftButton)
    q3 = window.current()
    assert q3.criterion.code == "II.1" and q3.progress.format().endswith("II. Thủ tục hành chính")
    assert stored(services) == {"I.1": 4, "I.2": None}  # saved as given
    qtbot.mouseClick(q3.previous, Qt.LeftButton)  # Back on the question itself
    back = window.current()
    assert back.criterion.code == "I.2" and back.no_opinion.isChecked()
    qtbot.mouseClick(window.topbar.back, Qt.LeftButton)  # and the top bar's Back
    assert window.current().criterion.code == "I.1" and window.current().faces[4].isChecked()
    qtbot.mouseClick(window.current().faces[2], Qt.LeftButton)  # changes the answer
    qtbot.mouseClick(window.current().stop, Qt.LeftButton)
    thanks = window.current()
    assert "Đã lưu 2 câu trả lời" in thanks.message.text()
    assert stored(services) == {"I.1": 2, "I.2": None}
    with services.session_factory() as s:
        assert len(s.scalars(select(SipasResponse)).all()) == 1


def test_each_criterion_is_read_aloud(qtbot, window, services, monkeypatch):
    said = []
    monkeypatch.setattr(type(services.speaker), "available", property(lambda self: True))
    monkeypatch.setattr(services.speaker, "say", lambda text, **kw: said.append(text) or True)
    q1 = start_from_home(qtbot, window)
    qtbot.mouseClick(q1.listen, Qt.LeftButton)
    qtbot.mouseClick(window.topbar.read, Qt.LeftButton)
    crit = services.survey.questionnaire.factors[0].criteria[0]
    assert len(said) == 2 and all(crit.read_aloud in t and "Không có ý kiến" in t for t in said)
    assert "Câu 1 trên 21" in said[0]


def test_an_idle_reset_mid_survey_keeps_the_answers_given(qtbot, services):
    from ui.app import build_window
    win = build_window(services, idle_ms=60_000, warning_s=20)
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    win.show()
    q = start_from_home(qtbot, win)
    for level in (5, 3):
        qtbot.mouseClick(win.current().faces[level], Qt.LeftButton)
    assert win.current().criterion.code == "II.1"
    win.idle.warning_s = 1  # shorten the countdown for the test, keep the mechanism
    win.idle._idle.start(50)
    qtbot.waitUntil(lambda: win.stack.count() == 1, timeout=4000)
    assert win.current().__class__.__name__ == "LobbyHome"
    assert stored(services) == {"I.1": 5, "I.2": 3}
    idx = services.survey.index(*_today_span())
    assert idx.respondents == 1 and idx.factor("I").respondents == 1
    win.idle.stop()
    del q


def _today_span():
    from datetime import datetime, timedelta
    start = datetime.combine(datetime.now().date(), datetime.min.time())
    return start, start + timedelta(days=1)


def test_offered_after_the_quick_rating_and_tied_to_the_dossier_and_field(qtbot, window, services):
    from ui.lobby.rating import RatingScreen
    info = services.dossiers.receive_dossier("1.001193", {"full_name": "Nguyễn Văn An"}, None)
    rating = window.push(RatingScreen(window, dossier_code=info.code, counter="Quầy 1"))
    qtbot.mouseClick(rating.faces[5], Qt.LeftButton)
    assert rating.thanks.isVisible() and rating.survey_offer.isVisible()
    assert "Bác có 2 phút trả lời thêm để giúp xã phục vụ tốt hơn không?" in rating.survey_offer.question.text()
    qtbot.mouseClick(rating.survey_offer.yes, Qt.LeftButton)
    qtbot.mouseClick(window.current().faces[4], Qt.LeftButton)
    with services.session_factory() as s:
        r = s.scalars(select(SipasResponse)).one()
    assert (r.dossier_code, r.procedure_field) == (info.code, services.catalog.procedure("1.001193").field)


def test_a_comment_reaches_the_office_list(qtbot, window, services):
    q1 = start_from_home(qtbot, window)
    qtbot.mouseClick(q1.faces[1], Qt.LeftButton)
    qtbot.mouseClick(window.current().stop, Qt.LeftButton)
    qtbot.mouseClick(window.current().comment_button, Qt.LeftButton)
    comment = window.current()
    for ch in "ghe cho":
        comment.keyboard.typed.emit(ch)
    qtbot.mouseClick(comment.send, Qt.LeftButton)
    assert window.stack.count() == 1
    assert [c.text for c in services.survey.comments(*_today_span())] == ["ghe cho"]


# --- geometry at the five lobby screen sizes --------------------------------------------
def _screens(win, services):
    """(name, screen) for each survey screen, each alone on the window's stack: the stack is
    as tall as its tallest page, and the home page's own fit is the lobby layout's concern."""
    from ui.lobby.rating import RatingScreen
    from ui.lobby.survey import QuestionScreen, SurveyComment, SurveyOffer, SurveySession, SurveyThanks
    session = SurveySession(services)
    items = services.survey.questionnaire.items
    longest = max(range(len(items)), key=lambda i: len(items[i][1].wording))
    makers = [("offer", lambda: SurveyOffer(win))]
    makers += [(f"question {pos + 1}", lambda pos=pos: QuestionScreen(win, session, pos))
               for pos in (0, longest, len(items) - 1)]
    makers.append(("thanks", lambda: (session.given.update({"I.1": 4}), SurveyThanks(win, session))[1]))
    makers.append(("comment", lambda: SurveyComment(win, session)))
    for name, make in makers:
        win.replace_root(make())
        yield name, win.current()
    win.replace_root(RatingScreen(win))
    win.current().rate(5)
    yield "rating + offer", win.current()


def _problems(win, screen, size, metrics) -> list[str]:
    area = QRect(0, 0, *size)
    target = metrics.mm(15) - 1
    out = []
    for w in [*screen.findChildren(QAbstractButton), *win.topbar.findChildren(QAbstractButton)]:
        if not w.isVisible():
            continue
        r = QRect(w.mapTo(win, QPoint(0, 0)), w.size())
        name = w.text() or w.accessibleName()
        if not area.contains(r):
            out.append(f"{name!r} outside the screen at {r}")
        if w in screen.findChildren(QAbstractButton) and (r.height() < target or r.width() < target):
            out.append(f"{name!r} smaller than 15 mm: {r.width()}×{r.height()} px (15 mm = {target + 1} px)")
    for lab in screen.findChildren(QLabel):
        if not lab.isVisible() or not lab.text():
            continue
        r = QRect(lab.mapTo(win, QPoint(0, 0)), lab.size())
        if not area.contains(r):
            out.append(f"text {lab.text()[:30]!r} outside the screen at {r}")
        if lab.wordWrap() and lab.heightForWidth(lab.width()) > lab.height() + 1:
            out.append(f"text {lab.text()[:30]!r} cut: needs {lab.heightForWidth(lab.width())} px, has {lab.height()}")
    return out


@pytest.mark.parametrize("width,height,dpi", LOBBY_SIZES, ids=[f"{w}x{h}@{d}" for w, h, d in LOBBY_SIZES])
def test_survey_screens_fit_the_five_lobby_sizes(qtbot, services, width, height, dpi):
    from ui.app import KioskWindow, UI_FONT_FAMILY, ensure_app
    from ui.metrics import Metrics
    app = ensure_app()
    metrics = Metrics(dpi, UI_FONT_FAMILY, screen_px=(width, height))  # as build_window does
    win = KioskWindow(services, metrics, idle_ms=600_000, warning_s=20)
    qtbot.addWidget(win)
    win.resize(width, height)
    win.show()
    problems = []
    for name, screen in _screens(win, services):
        for _ in range(3):
            app.processEvents()
        win.resize(width, height)
        app.processEvents()
        problems += [f"{name}: {p}" for p in _problems(win, screen, (width, height), metrics)]
    win.idle.stop()
    assert not problems, "\n".join(problems)


def test_office_shows_factor_bars_with_respondents_criteria_from_lowest_and_comments(qtbot, window, services):
    from datetime import date
    svc = services.survey
    for answers, comment in (({"I.1": 5, "I.2": 2, "II.1": 4}, "Cần thêm ghế chờ"), ({"I.1": 4, "II.1": None}, None)):
        rid = svc.start(procedure_field="Hộ tịch")
        for code, level in answers.items():
            svc.answer(rid, code, level)
        if comment:
            svc.comment(rid, comment)
    head = services.accounts.create_clerk("Lê Thị Mỹ Duyên", "864213", role="head")
    window.enter_counter(head)
    qtbot.mouseClick(window.current().office, Qt.LeftButton)
    tab = window.current().survey
    iso = date.today().isocalendar()
    tab.custom.setText(f"{iso.year}-W{iso.week:02d}")
    qtbot.mouseClick(tab.show_button, Qt.LeftButton)
    # by hand: I.1 = 2 of 2, I.2 = 0 of 1 -> I = 50 %; II.1 = 1 of 1 (the other said no opinion) -> II = 100 %
    assert "chung 75,0%, 2 người trả lời" in tab.summary.text()
    assert tab.factor_bars["I"].format() == "50,0% · 2 người trả lời"
    assert tab.factor_bars["II"].format() == "100,0% · 1 người trả lời"
    assert tab.factor_bars["III"].format() == "– · 0 người trả lời"
    first = [tab.criteria.item(i, 0).text() for i in range(3)]
    assert first == ["I.2", "I.1", "II.1"]  # 0 %, then 100 % by code
    assert [tab.comments.item(0, j).text() for j in (1, 2)] == ["Hộ tịch", "Cần thêm ghế chờ"]


def test_office_comments_wrap_and_a_bad_period_message_goes_away(qtbot, window, services):
    """Found in review: a long comment ran off the table in one line; the "bad period"
    message stayed under good figures after the period was corrected."""
    from datetime import date
    svc = services.survey
    rid = svc.start()
    svc.answer(rid, "I.1", 2)
    long = "Ghế chờ hỏng, " + "cần sửa sớm " * 149 + "cần sửa sớm"
    svc.comment(rid, long)
    head = services.accounts.create_clerk("Lê Thị Mỹ Duyên", "864213", role="head")
    window.enter_counter(head)
    window.resize(1366, 768)
    qtbot.mouseClick(window.current().office, Qt.LeftButton)
    window.current().tabs.setCurrentWidget(window.current().survey)
    tab = window.current().survey
    tab.custom.setText("2026-13")
    qtbot.mouseClick(tab.show_button, Qt.LeftButton)
    assert "không hợp lệ" in tab.status.text()
    tab.custom.setText(f"{date.today():%Y-%m}")
    qtbot.mouseClick(tab.show_button, Qt.LeftButton)
    assert "không hợp lệ" not in tab.status.text() and "ước tính" in tab.status.text()
    t = tab.comments
    assert t.item(0, 2).text() == long
    right = t.columnViewportPosition(2) + t.columnWidth(2)
    assert right <= t.viewport().width(), "the comment runs off the table"
    assert t.wordWrap() and t.rowHeight(0) > 2 * t.fontMetrics().height()  # shown on several lines


# At 1280×800 and 150 dpi the question's bottom row (Quay lại / Không có ý kiến / Nghe câu hỏi /
# Dừng khảo sát) lay 14 px below the screen and the comment keyboard's last row 25 px: on that
# short screen the survey pages give up the top bar's title row (Metrics.short).
SURVEY_FITS = [pytest.param(w, h, d, id=f"{w}x{h}@{d}") for w, h, d in LOBBY_SIZES]


@pytest.mark.parametrize("width,height,dpi", SURVEY_FITS)
def test_the_survey_fits_when_reached_from_home_as_a_citizen_does(qtbot, services, width, height, dpi):
    """Found in review: the other tests put each survey screen alone on the stack, but a
    citizen reaches it from home, which stays under it; the stack took the tallest page's
    height, so at 1280×800 @150 dpi the window grew past the screen and the row with
    "Không có ý kiến" and "Dừng khảo sát" was below its bottom edge."""
    from ui.app import KioskWindow, UI_FONT_FAMILY, ensure_app
    from ui.metrics import Metrics
    app = ensure_app()
    metrics = Metrics(dpi, UI_FONT_FAMILY, screen_px=(width, height))  # as build_window does
    win = KioskWindow(services, metrics, idle_ms=600_000, warning_s=20)
    qtbot.addWidget(win)
    win.setMaximumSize(width, height)  # a fullscreen window on that screen
    win.resize(width, height)
    win.show()
    problems = []

    def look(name):
        for _ in range(3):
            app.processEvents()
        problems.extend(f"{name}: {p}" for p in _problems(win, win.current(), (width, height), metrics))

    win.show_message("Cảm ơn bác! Ý kiến đã được gửi tới lãnh đạo xã.")  # the last citizen's
    start_from_home(qtbot, win)
    look("question 1")
    qtbot.mouseClick(win.current().faces[4], Qt.LeftButton)
    look("question 2")
    qtbot.mouseClick(win.current().stop, Qt.LeftButton)
    look("thanks")
    qtbot.mouseClick(win.current().comment_button, Qt.LeftButton)
    look("comment")
    win.idle.stop()
    assert not problems, "\n".join(problems)


def test_a_double_tap_does_not_answer_the_next_question_unseen(qtbot, window, services):
    """Found in review: the second tap of a double tap (or a shaking hand) landed on the
    same face of the next question, which was answered without being read."""
    q1 = start_from_home(qtbot, window)
    now = [100.0]
    q1.session.clock = lambda: now[0]
    qtbot.mouseClick(q1.faces[4], Qt.LeftButton)
    now[0] += 0.2
    qtbot.mouseClick(window.current().faces[4], Qt.LeftButton)  # the same spot, 0.2 s later
    assert stored(services) == {"I.1": 4} and window.current().criterion.code == "I.2"
    now[0] += 2
    qtbot.mouseClick(window.current().faces[4], Qt.LeftButton)  # read, then chose the same level
    assert stored(services) == {"I.1": 4, "I.2": 4}
    now[0] += 0.1
    qtbot.mouseClick(window.current().faces[2], Qt.LeftButton)  # another face at once: a real choice
    assert stored(services) == {"I.1": 4, "I.2": 4, "II.1": 2}


def test_sending_an_empty_comment_does_not_claim_it_was_sent(qtbot, window, services):
    q1 = start_from_home(qtbot, window)
    qtbot.mouseClick(q1.faces[3], Qt.LeftButton)
    qtbot.mouseClick(window.current().stop, Qt.LeftButton)
    qtbot.mouseClick(window.current().comment_button, Qt.LeftButton)
    qtbot.mouseClick(window.current().send, Qt.LeftButton)
    assert window.stack.count() == 1
    assert "đã được gửi" not in window.toast.text()
    assert services.survey.comments(*_today_span()) == []
