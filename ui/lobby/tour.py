"""Every lobby screen, reached the way a citizen reaches it: used by the geometry
tests and by `make screenshots` (scripts/kiosk_screenshots.py)."""
from __future__ import annotations

from typing import Callable

SAMPLE_PROCEDURE = "1.001193"  # Đăng ký khai sinh: two forms, a long list of documents


def _home(win):
    win.go_home()
    return win.current()


def _category(win):
    home = _home(win)
    cats = win.services.catalog.categories
    longest = max((c for c in cats if win.services.catalog.in_category(c.id)),
                  key=lambda c: len(win.services.catalog.in_category(c.id)))
    home.open_category(longest.id)


def _procedure(win, tab: int = 0):
    from ui.lobby.procedure import ProcedureScreen
    _home(win)
    page = win.push(ProcedureScreen(win, win.services.catalog.procedure(SAMPLE_PROCEDURE)))
    page.tabs.setCurrentIndex(tab)


def _search(win):
    from ui.lobby.search import SearchScreen
    _home(win)
    win.push(SearchScreen(win)).set_query("giay khai sinh")


def _status(win):
    _home(win).open_status()


def _rating_reasons(win):
    _home(win).open_rating()
    win.current().choose(2)


def _feedback_typing(win):
    from kiosk.services.feedback import FEEDBACK_TOPICS
    _home(win).open_feedback()
    win.current().choose(FEEDBACK_TOPICS[0])


def _ticket(win):
    win.session_ticket = None  # a new citizen (the window keeps the last one's number until the idle wipe)
    _home(win).open_help()


def _ticket_number(win):
    _ticket(win)
    screen = win.current()
    screen.take("elderly")
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication
    QThreadPool.globalInstance().waitForDone(10_000)
    QApplication.processEvents()
    screen._print_error(None)  # shown as when the ticket printer is out of paper: the number stays on screen


def _online(win):
    from ui.lobby.online import OnlineScreen
    _home(win)
    win.push(OnlineScreen(win, win.services.catalog.procedure(SAMPLE_PROCEDURE)))


def _idle(win):
    _home(win).open_search()
    win.idle._start_warning()


def _survey(win, answered: int = 0):
    """The SIPAS survey from home's "Khảo sát 2 phút": the offer, then `answered` questions answered."""
    from ui.lobby.survey import SurveyOffer
    _home(win)
    offer = win.push(SurveyOffer(win))
    if answered < 0:
        return
    offer.box.begin()
    for _ in range(answered):
        win.current().choose(4)


def _survey_comment(win):
    _survey(win, 1)
    win.current().finish()
    win.current().open_comment()


TOUR: dict[str, Callable] = {
    "home": _home,
    "category": _category,
    "procedure": _procedure,
    "procedure-fields": lambda win: _procedure(win, 1),
    "search": _search,
    "status": _status,
    "rating": lambda win: _home(win).open_rating(),
    "rating-reasons": _rating_reasons,
    "feedback": lambda win: _home(win).open_feedback(),
    "feedback-typing": _feedback_typing,
    "ticket": _ticket,
    "ticket-number": _ticket_number,
    "online": _online,
    "idle": _idle,
    "survey-offer": lambda win: _survey(win, -1),
    "survey-question": _survey,
    "survey-comment": _survey_comment,
}
