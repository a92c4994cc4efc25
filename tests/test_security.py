"""The lobby cannot reach the counter or the office without a PIN; files with
personal data are owner-only; logs never hold an ID or phone number in full."""
import json
import logging
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from kiosk.logsetup import mask_personal, setup_logging
from tests.conftest import REPO


def visible_buttons(screen):
    return [b for b in screen.findChildren(QAbstractButton) if b.isVisibleTo(screen) and b.isEnabled()]


def _fresh_lobby(window, services, clerk):
    window.go_home()


def _handed_over_for_a_rating(window, services, clerk):
    """A clerk served a citizen and handed the screen over for the rating (the real path)."""
    from types import SimpleNamespace

    from ui.counter.review import ReviewScreen
    window.enter_counter(clerk)
    ReviewScreen.ask_rating(SimpleNamespace(window_=window, info=SimpleNamespace(code="HB-20261127-001")))


@pytest.mark.parametrize("start", [_fresh_lobby, _handed_over_for_a_rating])
def test_no_tap_sequence_from_the_lobby_reaches_a_clerk_screen(qtbot, window, services, monkeypatch, start):
    clerk = services.accounts.create_clerk("Trần Văn Bình", "246813")
    # printing and speaking are not under test here
    monkeypatch.setattr(services.printouts, "print_sample", lambda code: [])
    monkeypatch.setattr(services.printouts, "print_ticket", lambda t: None)
    monkeypatch.setattr(services.printouts, "print_online_sheet", lambda code: None)
    seen, reached = set(), []
    frontier = [()]
    for depth in range(3):
        nxt = []
        for path in frontier:
            window.idle_reset()  # a fresh lobby (no ticket kept from the last path)
            start(window, services, clerk)
            for i in path:  # replay the path from the start, Back and Home included
                buttons = visible_buttons(window.current()) + nav_buttons(window)
                qtbot.mouseClick(buttons[i], Qt.LeftButton)
            screen = window.current()
            name = type(screen).__name__
            reached.append(name)
            assert screen.audience == "lobby", f"{name} reached by taps {path} from {start.__name__}"
            assert window.clerk is None, f"clerk still logged in at {name} after taps {path} from {start.__name__}"
            if (name, depth) in seen:
                continue
            seen.add((name, depth))
            nxt += [path + (i,) for i in range(len(visible_buttons(screen)) + len(nav_buttons(window)))]
        frontier = nxt[:60]
    assert "LobbyHome" in reached
    if start is _fresh_lobby:
        assert "UnlockScreen" in reached and "ProcedureScreen" in reached
    window.go_home()


def nav_buttons(window):
    """The top bar's Back and Home, where shown: they must lead nowhere near a clerk screen."""
    return [b for b in (window.topbar.back, window.topbar.home) if b.isVisibleTo(window)]


def test_logs_mask_id_and_phone_numbers(tmp_path):
    path = setup_logging(tmp_path / "logs")
    logging.getLogger("test").warning("tiếp nhận 068150001234, điện thoại 0912345678")
    for h in logging.getLogger().handlers:
        h.flush()
    text = path.read_text(encoding="utf-8")
    assert "068150001234" not in text and "0912345678" not in text
    assert "068******234" in text and "091****678" in text
    assert path.stat().st_mode & 0o077 == 0
    assert mask_personal("số 068150001234") == "số 068******234"


def test_database_backups_and_logs_are_owner_only(tmp_path, data_dir):
    (tmp_path / "a.json").write_text(json.dumps({"full_name": "Nguyễn Thị Hường", "cccd": "068150001234",
                                                 "date_of_birth": "14/07/1950", "sex": "Nữ",
                                                 "phone": "0912345678"}, ensure_ascii=False), encoding="utf-8")
    env = {"KIOSK_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"}
    run = lambda *a: subprocess.run([sys.executable, str(REPO / "main.py"), *a], capture_output=True,  # noqa: E731
                                    text=True, env=env)
    assert run("dossier", "receive", "--procedure", "2.000815", "--applicant", str(tmp_path / "a.json")).returncode == 0
    assert run("db", "backup", str(data_dir / "backups" / "b.sqlite3")).returncode == 0
    for p in [data_dir, data_dir / "kiosk.sqlite3", data_dir / "config.toml", data_dir / "logs" / "kiosk.log",
              data_dir / "backups" / "b.sqlite3"]:
        assert p.stat().st_mode & 0o077 == 0, p
    log = (data_dir / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "068150001234" not in log and "0912345678" not in log


def test_a_failed_receive_is_logged_without_the_applicants_name_id_or_phone(services, config, tmp_path):
    """The CLI logs nothing about an applicant when all goes well; a database failure while
    receiving is where an ID number could leak into the log (SQL parameters): it must be
    logged, masked, without the name, CCCD or phone."""
    from sqlalchemy import event

    from kiosk import cli
    person = {"full_name": "Lương Thị Xoan", "cccd": "068150007777", "phone": "0987123456", "sex": "Nữ",
              "date_of_birth": "02/03/1950", "address": "Xóm Gò Xoan, Thôn 1"}
    (tmp_path / "a.json").write_text(json.dumps(person, ensure_ascii=False), encoding="utf-8")
    log_path = setup_logging(config.log_dir)

    @event.listens_for(services.engine, "connect")
    def _full(dbapi_conn, _record):  # the file may not grow: SQLITE_FULL at some receive
        dbapi_conn.execute(f"PRAGMA max_page_count={dbapi_conn.execute('PRAGMA page_count').fetchone()[0]}")
    services.engine.dispose()
    args = cli.build_parser().parse_args(["dossier", "receive", "--procedure", "2.000815",
                                          "--applicant", str(tmp_path / "a.json")])
    import io
    for _ in range(200):
        err = io.StringIO()
        if cli.run(args, lambda **k: services, out=io.StringIO(), err=err) != 0:
            break
    for h in logging.getLogger().handlers:
        h.flush()
    text = log_path.read_text(encoding="utf-8")
    assert "disk is full" in text  # the failure is in the log ...
    for secret in ("068150007777", "0987123456", "Lương Thị Xoan", "LƯƠNG", "Xóm Gò Xoan"):
        assert secret not in text, secret  # ... without the applicant
