"""One-shot CLI commands as whole processes (DESIGN.md §5, issue 14).

Each command runs 5 times after a warm-up run; the figure is the median wall time, with the
median CPU time (user + system of the child) beside it, and beside each the bare import floor
it cannot go below (`python -c "import sqlalchemy.orm"` for commands that open the database,
`python -c "import yaml"` for those that do not). Targets: commands without the database
<= 0.6 s wall; commands with it <= 0.3 s above their floor."""
from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from machine import cpu_line, header  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[1:])} failed ({r.returncode}): {r.stderr[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    timed(cmd, env)  # warm-up: page cache, compiled catalog cache, .pyc files
    runs = [timed(cmd, env) for _ in range(RUNS)]
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


def main() -> int:
    print(header(), flush=True)
    py = sys.executable
    main_py = str(REPO / "main.py")
    ok = True
    with tempfile.TemporaryDirectory() as d:
        env = dict(os.environ, KIOSK_DATA_DIR=d, QT_QPA_PLATFORM="offscreen")
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # a kiosk in use has its .pyc files
        applicant = Path(d) / "a.json"
        applicant.write_text(json.dumps({"full_name": "Nguyễn Thị Hường", "date_of_birth": "14/07/1950",
                                         "sex": "Nữ", "cccd": "068150001234", "village": "Thôn 2"},
                                        ensure_ascii=False), encoding="utf-8")
        subprocess.run([py, main_py, "db", "upgrade"], env=env, capture_output=True, check=True)
        r = subprocess.run([py, main_py, "dossier", "receive", "--procedure", "1.004873", "--applicant",
                            str(applicant)], env=env, capture_output=True, text=True, check=True)
        code = r.stdout.strip().splitlines()[-1]
        floors = {"yaml": measure([py, "-c", "import yaml"], env),
                  "sqlalchemy.orm": measure([py, "-c", "import sqlalchemy.orm"], env)}
        for name, (w, c) in floors.items():
            print(f"floor: python -c 'import {name}': wall {w * 1000:.0f} ms, cpu {c * 1000:.0f} ms", flush=True)
        commands = [
            ("catalog search khai sinh", ["catalog", "search", "khai", "sinh"], None),
            ("catalog check", ["catalog", "check"], None),
            ("render sample 1.001193", ["render", "sample", "1.001193", "--out", str(Path(d) / "s.pdf")], None),
            ("dossier receive", ["dossier", "receive", "--procedure", "1.004873", "--applicant", str(applicant)],
             "sqlalchemy.orm"),
            ("render receipt", ["render", "receipt", code, "--out", str(Path(d) / "r.pdf")], "sqlalchemy.orm"),
        ]
        print(f"{'command':28} {'wall ms':>8} {'cpu ms':>8}  target")
        cpus, summary = [], []
        for label, args, floor in commands:
            wall, cpu = measure([py, main_py, *args], env)
            if floor is None:
                good = wall <= 0.6
                target = f"<= 600 ms wall: {'OK' if good else 'SLOW'}"
            else:
                above = wall - floors[floor][0]
                good = above <= 0.3
                target = f"{above * 1000:+.0f} ms above the {floor} floor (<= +300): {'OK' if good else 'SLOW'}"
            ok &= good
            cpus.append(f"{label.split()[0]} {label.split()[1]} {cpu * 1000:.0f}")
            print(f"{label:28} {wall * 1000:8.0f} {cpu * 1000:8.0f}  {target}", flush=True)
            summary.append(f"{label.split()[0]} {label.split()[1]} {wall * 1000:.0f} ms"
                           + ("" if floor is None else f" ({(wall - floors[floor][0]) * 1000:+.0f})"))
    cpu_line(", ".join(cpus) + f" ms (floors {floors['yaml'][1] * 1000:.0f} / {floors['sqlalchemy.orm'][1] * 1000:.0f})")
    print(f"one-shot CLI commands over {RUNS} runs each: {'all OK' if ok else 'some SLOW'}; "
          + "; ".join(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
