"""Review of issue 14 (lazy catalog, one-shot commands): a wrong KIOSK_CATALOG_DIR is told, not an empty kiosk;
two threads asking together load the catalog once; a command stopped by Ctrl+C ends without a traceback."""
import subprocess
import sys
import threading
import time

from kiosk.catalog import load_catalog
from kiosk.catalog.lazy import LazyCatalog
from tests.conftest import REPO


def test_a_missing_catalog_folder_is_a_problem_not_an_empty_catalog(tmp_path):
    """A typo in KIOSK_CATALOG_DIR gave a lobby without a single tile and no warning at the counter."""
    cat = load_catalog(tmp_path / "no-such-folder", cache_dir=tmp_path / "cache")
    assert cat.problems and "KIOSK_CATALOG_DIR" in cat.warning and "no-such-folder" in cat.warning
    (tmp_path / "empty").mkdir()
    assert "không có thủ tục nào" in load_catalog(tmp_path / "empty").warning


def test_catalog_check_of_a_missing_folder_fails_naming_it(tmp_path):
    r = subprocess.run([sys.executable, str(REPO / "main.py"), "catalog", "check"], capture_output=True, text=True,
                       timeout=120, env={"KIOSK_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin",
                                         "KIOSK_CATALOG_DIR": str(tmp_path / "khong-co")})
    assert r.returncode == 1 and "khong-co" in r.stderr and "KIOSK_CATALOG_DIR" in r.stderr
    assert "Traceback" not in r.stderr


def test_two_threads_asking_together_load_the_catalog_once():
    calls, started = [], threading.Event()

    def slow_load():
        calls.append(1)
        started.set()
        time.sleep(0.2)
        return load_catalog(REPO / "forms_catalog")

    lazy = LazyCatalog(slow_load)
    got = []
    threads = [threading.Thread(target=lambda: got.append(lazy.procedure("1.001193"))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert calls == [1] and len(got) == 4 and all(g is got[0] for g in got) and got[0] is not None


def test_categories_that_are_not_a_list_are_a_problem_not_a_crash(tmp_path):
    """`categories: 5` (or an emptied `categories:`) raised TypeError out of the loader: an English
    traceback at the lobby's first frame, now that the catalog loads there (LazyCatalog)."""
    import shutil
    root = tmp_path / "cat"
    shutil.copytree(REPO / "forms_catalog", root)
    for content in ("categories: 5\n", "categories:\n"):
        (root / "categories.yaml").write_text(content, encoding="utf-8")
        cat = load_catalog(root)
        assert any(p.path == "categories.yaml" and p.field == "categories" for p in cat.problems), cat.problems
        assert cat.procedure("1.001193") is not None


def test_the_counter_warns_of_a_wrong_catalog_folder_at_start(qtbot, data_dir):
    """The catalog now loads when a screen first reads it: the counter's warning must still be
    there at its first frame, here for a KIOSK_CATALOG_DIR that does not exist."""
    from kiosk.catalog.lazy import LazyCatalog
    from kiosk.config import load_config
    from kiosk.services.container import build_services
    from ui.app import build_window
    services = build_services(load_config({"KIOSK_DATA_DIR": str(data_dir),
                                           "KIOSK_CATALOG_DIR": str(data_dir / "khong-co")}, REPO))
    try:
        assert isinstance(services.catalog, LazyCatalog) and not services.catalog.loaded
        win = build_window(services, idle_ms=60_000, warning_s=20)
        qtbot.addWidget(win)
        win.show()
        win.enter_counter(services.accounts.create_clerk("Trần Văn Bình", "246813"))
        home = win.current()
        assert not home.catalog_warning.isHidden()
        assert "KIOSK_CATALOG_DIR" in home.catalog_warning.text() and "khong-co" in home.catalog_warning.text()
        win.idle.stop()
    finally:
        services.close()


def test_ctrl_c_in_a_command_ends_it_with_a_vietnamese_line(tmp_path):
    """Ctrl+C at `clerk add`'s PIN prompt printed a KeyboardInterrupt traceback (main.py's
    __main__ already ends a broken pipe quietly; an interrupt is the other way a person stops it)."""
    import os
    code = ("import sys, runpy, kiosk.cli\n"
            "def stop(*a, **k):\n    raise KeyboardInterrupt\n"
            "kiosk.cli.run = stop\nsys.argv = ['main.py', 'clerk', 'list']\n"
            "runpy.run_path('main.py', run_name='__main__')\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(REPO), timeout=120,
                       env={**os.environ, "KIOSK_DATA_DIR": str(tmp_path)})
    assert r.returncode == 130 and "Traceback" not in r.stderr and "Đã dừng" in r.stderr, r.stderr[-1500:]
