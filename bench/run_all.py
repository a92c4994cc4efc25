"""`make bench`: runs every benchmark script and prints its figure beside the
target of DESIGN.md §5, with the machine line (CPU model, cores, load average) at the
start and at the end. Each script prints its figure (medians, wall time) as its last line
and the CPU time (user + system) of that figure on a line "cpu: ..."; the table also gives
each script's own wall and CPU time, seeding and warm-ups included."""
import resource
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
            results.append((what, target, "script missing", "-", "-", ""))
            continue
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        r = subprocess.run([sys.executable, str(path)], capture_output=True, text=True)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        script_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        lines = [line for line in r.stdout.strip().splitlines() if line.strip()]
        machine = next((line for line in lines if line.startswith("machine:")), "")
        cpu = next((line[4:].strip() for line in reversed(lines) if line.startswith("cpu:")), "-")
        figure = lines[-1] if r.returncode == 0 and lines else f"FAILED (exit {r.returncode}): {r.stderr[-300:]}"
        run = f"{wall:.0f} s wall, {script_cpu:.0f} s cpu"
        results.append((what, target, figure, cpu, run, machine))
        print(f"[{run}] {script}: {figure} | cpu: {cpu}", flush=True)
    print()
    print(header().replace("at start", "at the end"))
    print("(each figure: median wall time as measured by its script; cpu: user + system time of the same")
    print(" operation; load: the load average when that script started)")
    for what, target, figure, cpu, run, machine in results:
        load = machine.split("load average ")[1].split(" at start")[0] if "load average " in machine else "?"
        print(f"- {what}\n    target:   {target}\n    measured: {figure}\n    cpu:      {cpu}\n"
              f"    script:   {run}, load average {load} at its start")
    missed = [r[0] for r in results if any(w in r[2] for w in ("FAILED", "missing", "MISSED", "SLOW"))]
    if missed:
        print("targets missed on this run: " + "; ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
