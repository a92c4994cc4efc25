"""The QApplication of the kiosk: the bundled fonts (Be Vietnam Pro, a DejaVu subset for
symbols), the stylesheet sized from the screen's metrics, and Qt's own words in Vietnamese."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QTranslator
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from ui.metrics import Metrics

log = logging.getLogger(__name__)
RESOURCES = Path(__file__).resolve().parent.parent / "resources"
UI_FONT_FAMILY = "Be Vietnam Pro"
SYMBOL_FAMILY = "DejaVu Sans"  # resources/fonts/DejaVuSans*-KioskSymbols.ttf: ◀ ⌂ ■ ✔ ☐ ⌫ ▼ ▲ …


def ui_font() -> QFont:
    """Be Vietnam Pro for the words, the bundled DejaVu subset for the symbols it lacks."""
    f = QFont(UI_FONT_FAMILY, 14)
    f.setFamilies([UI_FONT_FAMILY, SYMBOL_FAMILY])
    return f


def load_fonts() -> list[str]:
    """Register the bundled fonts; returns the families Qt now knows from them."""
    families: list[str] = []
    for ttf in sorted((RESOURCES / "fonts").glob("*.ttf")):
        fid = QFontDatabase.addApplicationFont(str(ttf))
        if fid < 0:
            log.error("font not loaded: %s", ttf)
            continue
        families += QFontDatabase.applicationFontFamilies(fid)
    return sorted(set(families))


def stylesheet(m: Metrics) -> str:
    qss = (RESOURCES / "styles" / "kiosk.qss").read_text(encoding="utf-8")
    tokens = {"BODY": m.body_px, "TITLE": m.title_px, "SMALL": m.small_px, "TOUCH": m.touch_px,
              "PAD": m.mm(3), "KEY": m.mm(16), "SCROLL": m.mm(10), "HUGE": m.huge_px,
              "CTOUCH": m.mm(8), "TWOLINES": 2 * m.line_px + m.mm(4), "RADIUS": m.mm(3)}
    # the top bar on a low screen (the 10" tablet) keeps its normal size in "Chữ to": already
    # 15 mm targets with 5 mm capitals, it would otherwise take 40 % of the screen from the page
    nav = m.with_large_text(False) if m.short else m
    tokens.update(NAVBODY=nav.body_px, NAVTITLE=nav.title_px)
    for k, v in tokens.items():
        qss = qss.replace(f"@{k}@", str(v))
    return qss


def load_translations(app: QApplication) -> list[QTranslator]:
    """Qt's own words (dialog buttons) in Vietnamese: Qt's qtbase_vi.qm when PySide6 ships one,
    else ours in resources/translations (Qt 6 has no Vietnamese catalogue of its own)."""
    loaded = []
    for folder in (QLibraryInfo.path(QLibraryInfo.TranslationsPath), str(RESOURCES / "translations")):
        tr = QTranslator(app)
        if tr.load("qtbase_vi", folder):
            app.installTranslator(tr)
            loaded.append(tr)
            break
    return loaded


UI_SWITCH_INTERVAL_S = 0.001


def ensure_app() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    if not getattr(app, "_kiosk_fonts", None):
        # a worker rendering a PDF holds the GIL for 5 ms at a time by default; the UI thread,
        # back in Python for every event it handles, then waits that long each time (a visible stall)
        sys.setswitchinterval(UI_SWITCH_INTERVAL_S)
        app._kiosk_fonts = load_fonts()
        app._kiosk_translators = load_translations(app)
        app.setFont(ui_font())
        pal = app.palette()
        pal.setColor(QPalette.Text, QColor("#111111"))
        pal.setColor(QPalette.PlaceholderText, QColor("#595959"))  # 7:1 on white (Qt's default grey is 3.5:1)
        app.setPalette(pal)
    return app
