"""Loading the whole catalog (curated YAML, the national list's JSON, forms, referrals) and
its search index, as the kiosk does at start: from the compiled cache (target <= 150 ms,
median of 7), and without it (every file read and validated). Last line: the cached figure."""
import logging
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import cpu_line, header, timed_ms  # noqa: E402
from kiosk.catalog import load_catalog  # noqa: E402


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    print(header(), flush=True)
    logging.disable(logging.WARNING)
    root = REPO / "forms_catalog"
    cache = Path(tempfile.mkdtemp(prefix="catalog-cache-"))
    try:
        cold = timed(lambda: load_catalog(root).search_index, 3)
        first = load_catalog(root, cache)
        warm, warm_cpu = timed_ms(lambda: load_catalog(root, cache).search_index, 7)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    print(f"{len(first.procedures)} procedures, {len(first.referrals)} referrals, {len(first.forms)} forms")
    print(f"without the cache (read and validate every file, build the index): median {cold:.0f} ms")
    cpu_line(f"{warm_cpu:.0f} ms (from the cache)")
    print(f"catalog load from the compiled cache, median of 7: {warm:.0f} ms (target <= 150 ms): "
          f"{'OK' if warm <= 150 else 'SLOW'}")


if __name__ == "__main__":
    main()
