import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

# Property tests: `make test` runs the `ci` profile (a few hundred examples per property,
# enough to catch a regression in a validator); `make fuzz` runs the same properties with
# the `fuzz` profile (10,000 examples each). Tests never set max_examples themselves.
settings.register_profile("ci", max_examples=300, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=10_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def data_dir(tmp_path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    return d


@pytest.fixture(scope="session")
def compiled_catalog_cache(tmp_path_factory) -> Path:
    """The catalog compiled once per test process (the kiosk keeps it in `cache/` of its data
    dir): each test's fresh data dir gets a copy instead of compiling 787 entries again."""
    from kiosk.catalog import load_catalog
    d = tmp_path_factory.mktemp("catalog-cache")
    load_catalog(REPO / "forms_catalog", cache_dir=d)
    return d


@pytest.fixture
def config(data_dir, compiled_catalog_cache):
    """The default config.toml of a commune that has named its signer (the shipped default
    leaves `signer_name` empty, so papers that need it are refused until it is set)."""
    from kiosk.config import DEFAULT_CONFIG_TOML, load_config
    assert 'signer_name = ""' in DEFAULT_CONFIG_TOML
    (data_dir / "config.toml").write_text(DEFAULT_CONFIG_TOML.replace('signer_name = ""', 'signer_name = "Nguyễn Văn An"'),
                                          encoding="utf-8")
    import shutil
    shutil.copytree(compiled_catalog_cache, data_dir / "cache")
    return load_config({"KIOSK_DATA_DIR": str(data_dir)}, REPO)


@pytest.fixture
def services(config):
    from kiosk.services.container import build_services
    s = build_services(config)
    yield s
    s.close()


@pytest.fixture
def catalog():
    from kiosk.catalog import load_catalog
    return load_catalog(REPO / "forms_catalog")


def type_unicode(widget, text: str) -> None:
    """qtbot.keyClicks aborts the process on non-ASCII; send one key event per character."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key_unknown, ch, Qt.NoModifier)


@pytest.fixture
def window(qtbot, services):
    from ui.app import build_window
    win = build_window(services, idle_ms=60_000, warning_s=20)
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    win.show()
    yield win
    win.idle.stop()



@pytest.fixture
def counter(qtbot, window, services):
    """The window with a clerk's counter open."""
    clerk = services.accounts.create_clerk("Trần Văn Bình", "246813")
    window.enter_counter(clerk)
    return window


@pytest.fixture
def writer(qtbot, counter, services):
    """The counter's writing screen of a khai sinh (1.001193), its fields laid out."""
    counter.current().open_write(services.catalog.procedure("1.001193"))
    w = counter.current()
    qtbot.waitUntil(lambda: w.is_built)  # the fields are laid out right after the screen shows
    qtbot.wait(20)
    return w


@pytest.fixture(scope="session")
def touchscreen():
    from PySide6.QtTest import QTest
    return QTest.createTouchDevice()


@pytest.fixture
def small(qtbot, services):
    """The lobby on the 15.6" all-in-one (1366x768 at 100 dpi), where lists and pages run
    below the fold."""
    from ui.app import build_window
    win = build_window(services, dpi=100, screen_size=(1366, 768), idle_ms=60_000, warning_s=20)
    qtbot.addWidget(win)
    win.setGeometry(0, 0, 1366, 768)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.idle.stop()

@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_teardown(item, nextitem):
    """After pytest-qt has closed a test's widgets, really delete every window: deleteLater()
    waits for an event loop that a test process never returns to, so without this each test's
    windows stay alive (timers, event filters, restyles) and slow every later test."""
    yield
    from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance()
    if app is None:
        return
    QThreadPool.globalInstance().waitForDone(10_000)  # no background job reports to a deleted screen
    for w in app.topLevelWidgets():
        w.close()
        w.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
