"""The lobby search over the whole commune scope: referrals marked "làm ở nơi khác" and opened
on a page saying where to go; nothing unrelated shown when nothing matches well."""
from PySide6.QtCore import Qt
from sqlalchemy import select

from kiosk.db.models import AssistanceTicket
from tests.conftest import type_unicode


def open_search(qtbot, window):
    qtbot.mouseClick(window.current().search_button, Qt.LeftButton)
    return window.current()


def result_buttons(search):
    items = (search.results_layout.itemAt(i).widget() for i in range(search.results_layout.count()))
    return [w for w in items if w is not None and w is not search.help_button]


def test_ly_hon_shows_the_court_marked_elsewhere_and_opens_where_to_go(qtbot, window):
    search = open_search(qtbot, window)
    type_unicode(search.box, "ly hon")
    buttons = result_buttons(search)
    assert search.hits[0].code == "ly-hon"
    assert "Làm ở nơi khác: Tòa án nhân dân khu vực" in buttons[0].text()
    qtbot.mouseClick(buttons[0], Qt.LeftButton)
    page = window.current()
    assert "Tòa án nhân dân khu vực" in page.where.text() and "Làm ở nơi khác" in page.where.text()
    assert "Giấy chứng nhận kết hôn" in page.speech_text()


def test_nothing_matching_well_says_so_and_offers_the_help_ticket(qtbot, window, services):
    search = open_search(qtbot, window)
    type_unicode(search.box, "may bay")
    assert result_buttons(search) == [] and search.hits == []
    assert "Chưa tìm thấy" in search.info.text() and "may bay" in search.info.text()
    qtbot.mouseClick(search.help_button, Qt.LeftButton)
    ticket = window.current()
    qtbot.mouseClick(ticket.normal, Qt.LeftButton)
    with services.session_factory() as s:
        rows = s.scalars(select(AssistanceTicket)).all()
    assert [(r.procedure_code, r.number) for r in rows] == [(None, 1)]


def test_typing_without_spaces_and_an_official_entry_marked_as_such(qtbot, window):
    search = open_search(qtbot, window)
    type_unicode(search.box, "khaisinh")
    assert search.hits[0].code == "1.001193" and search.help_button is None
    search.box.clear()
    type_unicode(search.box, "mo quan")
    first = result_buttons(search)[0]
    assert search.hits[0].code == "1.001612" and "thông tin chính thức" not in first.text()  # curated
    search.box.clear()
    type_unicode(search.box, "tam ngung kinh doanh")  # official-only in the hộ kinh doanh field
    hit = next(h for h in search.hits if h.tier == "official")
    button = result_buttons(search)[search.hits.index(hit)]
    assert "thông tin chính thức" in button.text()


def test_the_counter_receive_list_finds_official_entries_and_leaves_out_referrals(qtbot, window, services):
    clerk = services.accounts.create_clerk("Trần Văn Bình", "246813")
    window.enter_counter(clerk)
    receive = window.current().receive_tab
    type_unicode(receive.search, "ly hon")
    codes = [receive.results.item(i).data(Qt.UserRole) for i in range(receive.results.count())]
    assert codes and "ly-hon" not in codes and "2.000554" in codes  # ghi vào sổ việc ly hôn ở nước ngoài
    assert receive.results.count() == len(codes)


def test_a_ticket_taken_on_a_referral_page_tells_the_clerk_where_it_is_done(qtbot, window, services):
    services.tickets.take_ticket("ly-hon")
    clerk = services.accounts.create_clerk("Trần Văn Bình", "246813")
    window.enter_counter(clerk)
    queue = window.current().queue_tab
    assert "Ly hôn" in queue.queue.item(0).text()
    qtbot.mouseClick(queue.call, Qt.LeftButton)
    assert "Ly hôn" in queue.current_label.text() and "Tòa án nhân dân khu vực" in queue.current_label.text()
    assert not queue.write.isEnabled()
