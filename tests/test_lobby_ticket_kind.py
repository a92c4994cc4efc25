"""Issue 10, point 4: the kind of a help ticket (normal; priority for the elderly, the
disabled, pregnant women) is stored with the ticket and reaches the counter's queue."""
import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from sqlalchemy import select

from kiosk.db.models import AssistanceTicket
from kiosk.errors import KioskError


def stored(services):
    with services.session_factory() as s:
        return [(t.number, t.kind, t.priority) for t in s.scalars(select(AssistanceTicket).order_by(AssistanceTicket.id))]


def test_the_service_stores_each_kind_and_the_queue_names_it(services):
    t = services.tickets
    t.take_ticket(None, kind="normal")
    t.take_ticket("1.001193", kind="disabled")
    t.take_ticket(None, kind="pregnant")
    t.take_ticket(None, priority=True)  # the old call: priority alone is "elderly"
    assert stored(services) == [(1, "normal", False), (2, "disabled", True), (3, "pregnant", True), (4, "elderly", True)]
    queue = t.waiting()
    assert [q.caption for q in queue] == ["U002 (ưu tiên – người khuyết tật)", "U003 (ưu tiên – phụ nữ mang thai)",
                                          "U004 (ưu tiên – người cao tuổi)", "A001 (thường)"]
    called = t.call_next()
    assert called.kind == "disabled" and "ưu tiên" in called.caption
    with pytest.raises(KioskError, match="không hợp lệ"):
        t.take_ticket(None, kind="vip")
    assert len(stored(services)) == 4


@pytest.mark.parametrize("kind,words", [("elderly", "người cao tuổi"), ("disabled", "người khuyết tật"),
                                        ("pregnant", "phụ nữ mang thai"), ("normal", "thường")])
def test_the_lobby_stores_the_kind_tapped_and_shows_it_under_the_number(qtbot, window, services, kind, words):
    services.printouts.print_ticket = lambda ticket: None  # no print queue needed here
    qtbot.mouseClick(window.current().help_button, Qt.LeftButton)
    screen = window.current()
    qtbot.mouseClick(screen.kind_buttons[kind], Qt.LeftButton)
    assert stored(services) == [(1, kind, kind != "normal")]
    assert screen.kind_label.isVisible() and words in screen.kind_label.text()
    assert ("ưu tiên" in screen.kind_label.text()) == (kind != "normal")
    # the same person coming back sees the same number and kind
    qtbot.mouseClick(window.topbar.back, Qt.LeftButton)
    qtbot.mouseClick(window.current().help_button, Qt.LeftButton)
    assert words in window.current().kind_label.text()


def test_old_priority_tickets_become_elderly_when_the_database_is_upgraded(tmp_path):
    from alembic import command

    from kiosk.db import migrate
    from kiosk.db.engine import make_engine
    engine = make_engine(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    cfg = migrate._alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0007_security")
    with engine.begin() as c:
        for n, prio in ((1, False), (2, True)):
            c.execute(sa.text("INSERT INTO assistance_ticket (day, number, priority, created_at) "
                              "VALUES ('2026-11-30', :n, :p, '2026-11-30 08:00:00')"), {"n": n, "p": prio})
    migrate.upgrade(engine)
    with engine.connect() as c:
        assert c.execute(sa.text("SELECT number, kind FROM assistance_ticket ORDER BY number")).all() == [
            (1, "normal"), (2, "elderly")]


def test_the_counter_queue_shows_the_kind_of_a_priority_ticket(qtbot, window, services):
    """The clerk sees who is waiting with priority and why (issue 10, point 4)."""
    normal = services.tickets.take_ticket(None, kind="normal")
    disabled = services.tickets.take_ticket(None, kind="disabled")
    clerk = services.accounts.create_clerk("Trần Văn Bình", "246813")
    window.enter_counter(clerk)
    queue = window.current().queue_tab if hasattr(window.current(), "queue_tab") else window.current()
    queue.refresh()
    texts = [queue.queue.item(i).text() for i in range(queue.queue.count())]
    assert any(t.startswith(f"{disabled.label} (ưu tiên – người khuyết tật)") for t in texts), texts
    assert any(t.startswith(f"{normal.label} ") for t in texts), texts
    queue.call_next()  # priority first
    assert f"{disabled.label} (ưu tiên – người khuyết tật)" in queue.current_label.text()
