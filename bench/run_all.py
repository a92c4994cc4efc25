"""`make bench`: runs every benchmark script and prints its figure beside the
target of DESIGN.md §5. Each script prints its figure as its last line."""
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    ("startup.py", "cold start to the lobby drawn", "median <= 1.5 s"),
    ("revision_check.py", "schema revision check at start", "(part of the start)"),
    ("catalog_load.py", "catalog load (~800 entries) from its cache", "median <= 150 ms"),
    ("cli.py", "one-shot CLI commands", "<= 0.6 s / <= 0.3 s above floor"),
    ("search.py", "catalog search per keystroke, 1,000 / 5,000", "p95 <= 5 ms"),
    ("documents.py", "filled form / receipt PDF", "<= 40 ms / <= 25 ms, >= 30x LibreOffice"),
    ("dossier_commit.py", "receiving a dossier, durably committed", "<= 10 ms"),
    ("reports.py", "quarterly 100,000 / yearly 1,000,000 dossiers", "<= 1 s / <= 5 s per format"),
    ("memory.py", "memory after 1,000 screen changes", "<= 300 MB, no growth"),
    ("clerk.py", "clerk's khai sinh, ticket to printed receipt", "<= 80 keys+clicks, <= 100 ms UI response"),
]


def main() -> int:
    sys.path.insert(0, str(HERE))
    from machine import header
    print(header(), flush=True)
    results = []
    for script, what, target in SCRIPTS:
        path = HERE / script
        if not path.exists():
            results.append((what, target, "script missing"))
            continue
        t0 = time.perf_counter()
        r = subprocess.run([sys.executable, str(path)], capture_output=True, text=True)
        lines = [line for line in r.stdout.strip().splitlines() if line.strip()]
        figure = lines[-1] if r.returncode == 0 and lines else f"FAILED (exit {r.returncode}): {r.stderr[-300:]}"
        results.append((what, target, figure))
        print(f"[{time.perf_counter() - t0:5.1f} s] {script}: {figure}", flush=True)
    print()
    print(header().replace("at start", "at the end"))
    print(f"{'what':50} | {'target':40} | measured")
    print("-" * 140)
    for what, target, figure in results:
        print(f"{what:50} | {target:40} | {figure}")
    return 0 if all("FAILED" not in f and "missing" not in f for _, _, f in results) else 1


if __name__ == "__main__":
    sys.exit(main())
