"""The lobby cannot reach the counter or the office without a PIN; files with
personal data are owner-only; logs never hold an ID or phone number in full."""
import json
import logging
import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from kiosk.logsetup import mask_personal, setup_logging
from tests.conftest import REPO


def visible_buttons(screen):
    return [b for b in screen.findChildren(QAbstractButton) if b.isVisibleTo(screen) and b.isEnabled()]


def test_no_tap_sequence_from_the_lobby_reaches_a_clerk_screen(qtbot, window, services, monkeypatch):
    services.accounts.create_clerk("Trần Văn Bình", "2468")
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
            for i in path:  # replay the path from home
                buttons = visible_buttons(window.current())
                qtbot.mouseClick(buttons[i], Qt.LeftButton)
            screen = window.current()
            name = type(screen).__name__
            reached.append(name)
            assert screen.audience == "lobby", f"{name} reached by taps {path}"
            assert window.clerk is None
            if (name, depth) in seen:
                continue
            seen.add((name, depth))
            nxt += [path + (i,) for i in range(len(visible_buttons(screen)))]
        frontier = nxt[:60]
    assert "UnlockScreen" in reached and "ProcedureScreen" in reached


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
