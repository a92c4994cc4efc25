"""Cold start to the lobby window drawn (DESIGN.md §5: median <= 1.5 s).

Spawns `main.py --windowed --exit-when-shown` 5 times (offscreen unless DISPLAY
is set) and times from spawn to the "shown" line. Last line: the median.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import header  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def once(env) -> float:
    t0 = time.perf_counter()
    p = subprocess.Popen([sys.executable, str(REPO / "main.py"), "--windowed", "--exit-when-shown"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    for line in p.stdout:
        if line.strip() == "shown":
            elapsed = time.perf_counter() - t0
            break
    else:
        raise SystemExit(f"the kiosk did not start (exit {p.wait()})")
    p.wait()
    return elapsed


def main() -> None:
    print(header(), flush=True)
    with tempfile.TemporaryDirectory() as d:
        env = dict(os.environ, KIOSK_DATA_DIR=d)
        if not env.get("DISPLAY"):
            env["QT_QPA_PLATFORM"] = "offscreen"
        once(env)  # first start creates the database and config; not a cold start of a kiosk in use
        times = [once(env) for _ in range(RUNS)]
    for i, t in enumerate(times, 1):
        print(f"run {i}: {t * 1000:.0f} ms")
    med = statistics.median(times)
    print(f"startup median {med * 1000:.0f} ms over {RUNS} runs (target <= 1500 ms): "
          f"{'OK' if med <= 1.5 else 'SLOW'}")


if __name__ == "__main__":
    main()
