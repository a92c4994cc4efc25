"""Resident memory over 1,000 screen changes in the lobby (DESIGN.md §5:
<= 300 MB, no growth trend). Runs offscreen in this process."""
import gc
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import header  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CHANGES = int(os.environ.get("BENCH_CHANGES", "1000"))


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    print(header(), flush=True)
    from kiosk.config import load_config
    from kiosk.services.container import build_services
    from ui.app import build_window
    from ui.lobby.procedure import ProcedureScreen
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    with tempfile.TemporaryDirectory() as d:
        services = build_services(load_config({"KIOSK_DATA_DIR": d}, REPO))
        win = build_window(services)
        win.resize(1920, 1080)
        win.show()
        app = QApplication.instance()
        cats = [c.id for c in services.catalog.categories if services.catalog.in_category(c.id)]
        procs = list(services.catalog.procedures.values())
        samples, changes, i = [], 0, 0
        while changes < CHANGES:
            home = win.current()
            home.open_category(cats[i % len(cats)])
            win.push(ProcedureScreen(win, procs[i % len(procs)]))
            home_again = i % 3 == 0
            if home_again:
                win.go_home()
            else:
                win.back()
                win.back()
            changes += 3  # category, procedure, and back home
            i += 1
            app.processEvents()
            # what the running event loop does between taps: delete the screens that were left
            QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
            if changes % 99 == 0 or i % 33 == 0:
                gc.collect()
                app.processEvents()
                samples.append((changes, rss_mb()))
        win.idle.stop()
    first_half = [m for c, m in samples if c <= CHANGES / 2]
    second_half = [m for c, m in samples if c > CHANGES / 2]
    growth = (sum(second_half) / len(second_half)) - (sum(first_half) / len(first_half))
    for c, m in samples[:: max(1, len(samples) // 10)]:
        print(f"after {c:5d} changes: {m:6.1f} MB")
    peak = max(m for _, m in samples)
    print(f"memory peak {peak:.0f} MB after {changes} screen changes (target <= 300 MB), "
          f"growth second half vs first half {growth:+.1f} MB: {'OK' if peak <= 300 and growth < 10 else 'CHECK'}")


if __name__ == "__main__":
    main()
