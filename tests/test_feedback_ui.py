"""Ratings and feedback from the lobby, handled in the office."""
from PySide6.QtCore import Qt
from sqlalchemy import select

from kiosk.db.models import Feedback, SurveyResponse
from tests.conftest import type_unicode


def test_a_high_rating_is_one_tap_and_a_low_one_asks_why(qtbot, window, services):
    qtbot.mouseClick(window.current().rating_button, Qt.LeftButton)
    rating = window.current()
    qtbot.mouseClick(rating.faces[5], Qt.LeftButton)
    assert rating.thanks.isVisible() and not rating.send.isVisible()
    window.go_home()
    qtbot.mouseClick(window.current().rating_button, Qt.LeftButton)
    rating = window.current()
    qtbot.mouseClick(rating.faces[2], Qt.LeftButton)
    assert rating.send.isVisible()
    qtbot.mouseClick(rating.reasons["Phải chờ lâu"], Qt.LeftButton)
    qtbot.mouseClick(rating.send, Qt.LeftButton)
    with services.session_factory() as s:
        rows = [(r.score, r.reasons) for r in s.scalars(select(SurveyResponse).order_by(SurveyResponse.id))]
    assert rows == [(5, None), (2, "Phải chờ lâu")]


def test_rating_screen_goes_home_by_itself(qtbot, window):
    from ui.lobby import rating as rating_module
    qtbot.mouseClick(window.current().rating_button, Qt.LeftButton)
    window.current()._timeout.start(50)
    qtbot.waitUntil(lambda: window.stack.count() == 1, timeout=2000)
    assert rating_module.TIMEOUT_MS == 30_000


def test_feedback_from_the_lobby_is_assigned_and_answered_in_the_office(qtbot, window, services):
    qtbot.mouseClick(window.current().feedback_button, Qt.LeftButton)
    fb = window.current()
    qtbot.mouseClick(fb.topic_buttons["Cơ sở vật chất, chỗ ngồi chờ"], Qt.LeftButton)
    type_unicode(fb.text, "Cần thêm ghế cho người già ngồi chờ")
    qtbot.mouseClick(fb.send, Qt.LeftButton)
    assert fb.done.isVisible()
    with services.session_factory() as s:
        row = s.scalars(select(Feedback)).one()
    assert (row.topic, row.text, row.status) == ("Cơ sở vật chất, chỗ ngồi chờ", "Cần thêm ghế cho người già ngồi chờ",
                                                 "new")
    head = services.accounts.create_clerk("Lê Thị Mỹ Duyên", "864213", role="head")
    window.enter_counter(head)
    qtbot.mouseClick(window.current().office, Qt.LeftButton)
    office = window.current()
    tab = office.feedback
    tab.table.selectRow(0)
    type_unicode(tab.department, "Văn phòng – Thống kê")
    qtbot.mouseClick(tab.assign_button, Qt.LeftButton)
    tab.table.selectRow(0)
    type_unicode(tab.answer, "Xã đã bổ sung 10 ghế.")
    qtbot.mouseClick(tab.answer_button, Qt.LeftButton)
    f = services.feedback.list()[0]
    assert (f.status, f.department, f.answer) == ("answered", "Văn phòng – Thống kê", "Xã đã bổ sung 10 ghế.")
    qtbot.mouseClick(tab.export_button, Qt.LeftButton)
    assert "Đã lưu" in tab.status.text()


def test_office_report_tab_shows_the_totals(qtbot, window, services):
    head = services.accounts.create_clerk("Lê Thị Mỹ Duyên", "864213", role="head")
    window.enter_counter(head)
    qtbot.mouseClick(window.current().office, Qt.LeftButton)
    reports = window.current().reports
    qtbot.mouseClick(reports.show_button, Qt.LeftButton)
    assert "tiếp nhận 0" in reports.summary.text()
    assert reports.xlsx.isEnabled()


def test_a_plain_clerk_does_not_see_the_office(window, services):
    clerk = services.accounts.create_clerk("Trần Văn Bình", "246813")
    window.enter_counter(clerk)
    assert not window.current().office.isVisibleTo(window)
