"""`make screenshots`: every lobby screen (ui/lobby/tour.py) at every supported screen
size and DPI (ui/metrics.py), in normal and "Chữ to" text, into
docs/screens/<screen>/<page>.png and <page>-large.png.
Uses a throw-away data dir, so the demo numbers are always the same.

One window per screen size. Screens left (Back, Home) are deleted with deleteLater(),
which only happens in an event loop: without one they piled up, every "Chữ to" restyled
all of them and every window's idle filter saw every event, so the run slowed down
quadratically (about 40 minutes for 85 shots). `flush()` deletes them after each shot."""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def flush(app) -> None:
    """Lay out and paint what is pending, and delete the screens left (deleteLater)."""
    from PySide6.QtCore import QEvent
    for _ in range(3):
        app.processEvents()
        app.sendPostedEvents(None, QEvent.DeferredDelete)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", default=str(REPO / "docs" / "screens"))
    p.add_argument("--only", nargs="*", help="page names (default: all)")
    p.add_argument("--sizes", nargs="*", help="screen names, e.g. 15in-aio (default: all)")
    p.add_argument("--normal-only", action="store_true", help="skip the \"Chữ to\" shots")
    args = p.parse_args(argv)
    from kiosk.config import load_config
    from kiosk.services.container import build_services
    from ui.app import build_window, ensure_app
    from ui.lobby.tour import TOUR
    from ui.metrics import SUPPORTED_SCREENS
    data = tempfile.mkdtemp(prefix="kiosk-shots-")
    services = build_services(load_config({"KIOSK_DATA_DIR": data}, REPO))
    services.printouts.print_ticket = lambda ticket: None  # no print jobs from the tour
    app = ensure_app()
    out = Path(args.out)
    started = time.monotonic()
    for w, h, dpi, name in SUPPORTED_SCREENS:
        if args.sizes and name not in args.sizes:
            continue
        folder = out / f"{name}-{w}x{h}"
        folder.mkdir(parents=True, exist_ok=True)
        win = build_window(services, dpi=dpi, screen_size=(w, h), idle_ms=10**7)
        win.setMaximumSize(w, h)  # a fullscreen window on that screen never grows past it
        win.setGeometry(0, 0, w, h)
        win.show()
        for large in ((False,) if args.normal_only else (False, True)):
            win.topbar.large.setChecked(large)
            for page, go in TOUR.items():
                if args.only and page not in args.only:
                    continue
                win.idle.stop()
                win.overlay.hide()
                go(win)
                flush(app)
                target = folder / f"{page}{'-large' if large else ''}.png"
                win.grab().save(str(target), "PNG")
                print(target.relative_to(REPO) if target.is_relative_to(REPO) else target, flush=True)
        win.idle.stop()
        win.close()
        win.deleteLater()
        flush(app)
    services.close()
    print(f"{time.monotonic() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
