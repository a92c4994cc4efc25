"""A citizen at the lobby: home -> category -> procedure -> ticket; home -> search -> procedure."""
from PySide6.QtCore import Qt
from sqlalchemy import select

from kiosk.db.models import AssistanceTicket
from tests.conftest import type_unicode


def test_home_category_procedure_ticket_stores_the_ticket(qtbot, window, services):
    home = window.current()
    qtbot.mouseClick(home.category_buttons["ho-tich"], Qt.LeftButton)
    category = window.current()
    assert category.title == "Hộ tịch"
    names = [b.text().split("\n")[0] for b in category.buttons]
    assert "Đăng ký khai sinh" in names
    qtbot.mouseClick(category.buttons[names.index("Đăng ký khai sinh")], Qt.LeftButton)
    page = window.current()
    assert page.proc.code == "1.001193"
    assert "Thứ Sáu" in page.same_day.text()
    assert "viết giúp" in page.proxy.text()
    assert "NGUYỄN NGỌC ÁNH DƯƠNG" in page.sample_views[0].toPlainText()
    qtbot.mouseClick(page.help_button, Qt.LeftButton)
    ticket_screen = window.current()
    qtbot.mouseClick(ticket_screen.priority, Qt.LeftButton)
    assert ticket_screen.number.text() == ticket_screen.ticket.label
    with services.session_factory() as s:
        rows = s.scalars(select(AssistanceTicket)).all()
    assert [(r.procedure_code, r.priority, r.number) for r in rows] == [("1.001193", True, 1)]
    assert ticket_screen.number.text() == "U001"
    qtbot.mouseClick(window.topbar.home, Qt.LeftButton)
    assert window.stack.count() == 1


def test_home_search_procedure_with_the_on_screen_keyboard(qtbot, window):
    qtbot.mouseClick(window.current().search_button, Qt.LeftButton)
    search = window.current()
    keys = {b.text(): b for b in search.keyboard.findChildren(type(window.topbar.home)) if len(b.text()) == 1}
    for ch in "DOC THAN".replace(" ", ""):
        qtbot.mouseClick(keys[ch], Qt.LeftButton)
    assert search.box.text() == "docthan"
    search.box.clear()
    type_unicode(search.box, "xác nhận độc thân")
    assert search.hits and search.hits[0].code == "1.004873"
    first = search.results_layout.itemAt(0).widget()
    qtbot.mouseClick(first, Qt.LeftButton)
    assert window.current().proc.code == "1.004873"
    qtbot.mouseClick(window.topbar.back, Qt.LeftButton)
    assert window.current() is search


def test_forbidden_writing_help_is_explained_with_the_reason(window, services):
    from ui.lobby.procedure import ProcedureScreen
    forbidden = [p for p in services.catalog.procedures.values() if not p.writing_help.value]
    assert forbidden, "the catalog should hold at least one procedure that forbids writing on one's behalf"
    page = window.push(ProcedureScreen(window, forbidden[0]))
    assert "không được viết thay" in page.proxy.text()
    assert forbidden[0].writing_help.reason in page.proxy.text()
    assert page.help_button.text() == "Nhờ cán bộ hướng dẫn"


def test_online_screen_shows_the_portal_qr_and_steps(qtbot, window, services):
    from ui.lobby.procedure import ProcedureScreen
    page = window.push(ProcedureScreen(window, services.catalog.procedure("1.001193")))
    qtbot.mouseClick(page.online_button, Qt.LeftButton)
    online = window.current()
    assert online.title == "Nộp trực tuyến"
    img = online.qr.pixmap().toImage()
    assert not img.isNull() and img.width() > 200
