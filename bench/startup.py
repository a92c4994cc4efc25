"""Cold start to the lobby window drawn (DESIGN.md §5: median <= 1.5 s with the full
catalog of about 800 entries; issue 14).

Spawns `main.py --windowed --exit-when-shown` 5 times (offscreen unless DISPLAY
is set) with the repository's forms_catalog/ (its size is printed; the target holds for
about 800 procedures) and times from spawn to the "shown" line; the CPU time (user +
system) of each process is beside it. Bytecode is written (PYTHONDONTWRITEBYTECODE
cleared), as on a kiosk in use. Last line: the median.
"""
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import cpu_line, header  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def once(env) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
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
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def catalog_size() -> int:
    sys.path.insert(0, str(REPO))
    import logging

    from kiosk.catalog import load_catalog
    logging.disable(logging.WARNING)
    return len(load_catalog(REPO / "forms_catalog").procedures)


def main() -> None:
    print(header(), flush=True)
    with tempfile.TemporaryDirectory() as d:
        env = dict(os.environ, KIOSK_DATA_DIR=d)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        if not env.get("DISPLAY"):
            env["QT_QPA_PLATFORM"] = "offscreen"
        once(env)  # first start creates the database and config; not a cold start of a kiosk in use
        runs = [once(env) for _ in range(RUNS)]
    print(f"catalog: {catalog_size()} procedures in forms_catalog/ (the target is for about 800)")
    for i, (t, c) in enumerate(runs, 1):
        print(f"run {i}: {t * 1000:.0f} ms wall, {c * 1000:.0f} ms cpu (whole process)")
    times = [t for t, _ in runs]
    med = statistics.median(times)
    cpu_line(f"{statistics.median(c for _, c in runs) * 1000:.0f} ms per start (whole process, to its exit)")
    print(f"startup median {med * 1000:.0f} ms over {RUNS} runs (target <= 1500 ms): "
          f"{'OK' if med <= 1.5 else 'SLOW'}")


if __name__ == "__main__":
    main()
