"""`make screenshots`: every lobby screen (ui/lobby/tour.py) at every supported screen
size and DPI (ui/metrics.py), plus "Chữ to" on home, into docs/screens/<screen>/<page>.png.
Uses a throw-away data dir, so the demo numbers are always the same."""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", default=str(REPO / "docs" / "screens"))
    p.add_argument("--only", nargs="*", help="page names (default: all)")
    p.add_argument("--sizes", nargs="*", help="screen names, e.g. 15in-aio (default: all)")
    args = p.parse_args(argv)
    from kiosk.config import load_config
    from kiosk.services.container import build_services
    from ui.app import build_window, ensure_app
    from ui.lobby.tour import TOUR
    from ui.metrics import SUPPORTED_SCREENS
    data = tempfile.mkdtemp(prefix="kiosk-shots-")
    services = build_services(load_config({"KIOSK_DATA_DIR": data}, REPO))
    app = ensure_app()
    out = Path(args.out)
    for w, h, dpi, name in SUPPORTED_SCREENS:
        if args.sizes and name not in args.sizes:
            continue
        folder = out / f"{name}-{w}x{h}"
        folder.mkdir(parents=True, exist_ok=True)
        pages = [(page, False) for page in TOUR] + [("home", True), ("procedure", True), ("search", True)]
        for page, large in pages:
            if args.only and page not in args.only:
                continue
            win = build_window(services, dpi=dpi, screen_size=(w, h), idle_ms=10**7)
            win.setGeometry(0, 0, w, h)
            win.show()
            if large:
                win.topbar.large.setChecked(True)
            TOUR[page](win)
            for _ in range(5):
                app.processEvents()
            target = folder / f"{page}{'-large' if large else ''}.png"
            win.grab().save(str(target), "PNG")
            print(target.relative_to(REPO) if target.is_relative_to(REPO) else target)
            win.idle.stop()
            win.close()
            win.deleteLater()
            app.processEvents()
    services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
