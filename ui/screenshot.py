"""`main.py screenshot SCREEN --out F.png`: one screen rendered offscreen to a PNG (docs, review)."""
from __future__ import annotations

import sys
from pathlib import Path

from ui.app import build_window
from ui.qtapp import ensure_app

SCREENS = ("home", "category", "procedure", "search", "status", "rating", "feedback", "unlock", "counter", "write",
           "idle", "survey")


def screenshot(services, screen: str, out: Path, size=(1920, 1080)) -> int:
    """Render one screen offscreen to a PNG (for docs and review)."""
    if screen not in SCREENS:
        print(f"Không có màn hình '{screen}'. Chọn một trong: {', '.join(SCREENS)}", file=sys.stderr)
        return 2
    app = ensure_app()
    win = build_window(services)
    win.resize(*size)
    win.show()
    cat = services.catalog
    first_cat = cat.categories[0].id if cat.categories else None
    if screen == "category" and first_cat:
        win.current().open_category(first_cat)
    elif screen == "procedure" and cat.procedures:
        from ui.lobby.procedure import ProcedureScreen
        code = "1.001193" if "1.001193" in cat.procedures else next(iter(cat.procedures))
        win.push(ProcedureScreen(win, cat.procedures[code]))
    elif screen == "search":
        from ui.lobby.search import SearchScreen
        s = win.push(SearchScreen(win))
        s.set_query("giay khai sinh")
    elif screen == "unlock":
        win.show_unlock()
    elif screen in ("status", "rating", "feedback"):
        getattr(win.current(), f"open_{screen}")()
    elif screen in ("counter", "write"):
        from kiosk.services.accounts import ClerkInfo
        win.enter_counter(ClerkInfo(0, "Cán bộ minh họa", "clerk"))
        if screen == "write":
            win.current().open_write(cat.procedures["1.001193"])
    elif screen == "idle":
        win.idle._start_warning()
    elif screen == "survey":  # the first SIPAS question (ui/lobby/survey.py)
        from ui.lobby.survey import SurveyOffer
        win.push(SurveyOffer(win)).box.begin()
    for _ in range(5):
        app.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    ok = win.grab().save(str(out), "PNG")
    win.idle.stop()
    win.close()
    services.close()
    print(str(out))
    return 0 if ok else 1
