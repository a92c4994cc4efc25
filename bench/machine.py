"""What machine a figure was measured on: CPU model, cores, load average at the start.

Every bench script prints `header()` first, so a figure never travels without the machine
it came from (the targets of DESIGN.md §5 hold on the 2-core reference machine)."""
from __future__ import annotations

import os
import platform
import resource
import time


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def header() -> str:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    return (f"machine: {cpu_model()}, {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} "
            f"{load[2]:.2f} at start, {time.strftime('%Y-%m-%d %H:%M')}, Python {platform.python_version()}")


def children_cpu_s() -> float:
    """CPU time (user + system) used so far by finished child processes."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def self_cpu_s() -> float:
    return time.process_time()


def timed_ms(fn, runs: int) -> tuple[float, float]:
    """Median wall and median CPU (user + system of this process) of `runs` calls, in ms."""
    import statistics
    walls, cpus = [], []
    for _ in range(runs):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        walls.append((time.perf_counter() - t0) * 1000)
        cpus.append((time.process_time() - c0) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def cpu_line(text: str) -> None:
    """The CPU time beside a figure: bench/run_all.py puts the last such line in its table."""
    print(f"cpu: {text}", flush=True)
